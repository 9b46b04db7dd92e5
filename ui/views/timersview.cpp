// SPDX-License-Identifier: GPL-2.0-or-later
#include "timersview.h"

#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>

using namespace sp;

static const int kLanes = 4;
static const int kLeft = 110;

TimersView::TimersView(TraceCursor *c, QWidget *parent) : CursorView(c, parent)
{
	setObjectName("TimersView");
	setMinimumHeight(150);
	setAttribute(Qt::WA_OpaquePaintEvent); // the pixmap covers the whole widget
}

static int laneOfPending(int64_t p)
{
	switch (p) {
	case 1:
		return 0; // ICSK_TIME_RETRANS
	case 3:
		return 1; // ICSK_TIME_PROBE0
	case 5:
		return 2; // ICSK_TIME_LOSS_PROBE
	}
	return -1;
}

void TimersView::traceReset()
{
	static_ = QPixmap();
	hasCursor_ = false;
	update();
	spans_.clear();
	fires_.clear();
	if (!cur_->hasTrace())
		return;
	const Trace &t = cur_->trace();
	tmax_ = std::max<uint64_t>(1, t.at(t.size() - 1).time_ns);
	const TraceQuery &q = cur_->query();
	// The xmit timer: icsk_pending says which, icsk_timeout (jiffies) says when.
	auto pend = q.series("icsk", "icsk_pending");
	auto tmo = q.series("icsk", "icsk_timeout");
	auto timeout_at = [&](uint64_t t) {
		int64_t v = 0;
		for (auto &[tt, vv] : tmo)
			if (tt <= t)
				v = vv;
		return v;
	};
	for (size_t i = 0; i < pend.size(); i++) {
		int lane = laneOfPending(pend[i].second);
		if (lane < 0)
			continue;
		uint64_t end = i + 1 < pend.size() ? pend[i + 1].first : tmax_;
		spans_.push_back(
		    {pend[i].first, end, (uint64_t)timeout_at(pend[i].first) * 1000000ull, lane});
	}
	// Delayed ACK: icsk_ack_pending's timer bit.
	auto ack = q.series("icsk", "icsk_ack_pending");
	for (size_t i = 0; i < ack.size(); i++)
		if (ack[i].second & 2) // ICSK_ACK_TIMER
			spans_.push_back({ack[i].first, i + 1 < ack.size() ? ack[i + 1].first : tmax_, 0, 3});
	// Firings: the timer handlers' Enter steps.
	const std::pair<const char *, int> handlers[] = {{"tcp_retransmit_timer", 0},
							 {"tcp_probe_timer", 1},
							 {"tcp_send_loss_probe", 2},
							 {"tcp_delack_timer_handler", 3}};
	for (size_t i = 0; i < t.size(); i++) {
		const Step &s = t.at(i);
		if (s.kind != StepKind::Enter)
			continue;
		for (auto &[fn, lane] : handlers)
			if (t.str(s.fn) == fn)
				fires_.push_back({s.time_ns, i, lane});
	}
}

double TimersView::x(uint64_t t) const
{
	return kLeft + (width() - kLeft - 10) * (double)t / tmax_;
}

void TimersView::refresh()
{
	bool has = cur_->hasTrace();
	uint64_t now = has ? cur_->trace().at(cur_->step()).time_ns : 0;
	QString backoff = has ? tr("backoff %1, rto %2 ms")
				    .arg(cur_->query().value(cur_->state(), "icsk", "icsk_backoff"))
				    .arg(cur_->query().value(cur_->state(), "icsk", "icsk_rto"))
			      : QString();
	if (has == hasCursor_ && now == now_ && backoff == backoff_)
		return;
	if (hasCursor_)
		update(cursorRect());
	hasCursor_ = has;
	now_ = now;
	backoff_ = backoff;
	if (hasCursor_)
		update(cursorRect());
}

QRect TimersView::cursorRect() const
{
	int cx = (int)x(now_);
	QRect line(cx - 2, 0, 5, height());
	QRect label(cx, height() - 4 - fontMetrics().ascent() - 2,
		    fontMetrics().horizontalAdvance(backoff_) + 10, fontMetrics().height() + 6);
	return line.united(label);
}

void TimersView::resizeEvent(QResizeEvent *e)
{
	static_ = QPixmap();
	CursorView::resizeEvent(e);
}

void TimersView::changeEvent(QEvent *e)
{
	if (e->type() == QEvent::PaletteChange || e->type() == QEvent::FontChange ||
	    e->type() == QEvent::LanguageChange || e->type() == QEvent::StyleChange) {
		static_ = QPixmap();
		update();
	}
	CursorView::changeEvent(e);
}

void TimersView::paintStatic(QPainter &p)
{
	p.setRenderHint(QPainter::Antialiasing);
	const QColor text = palette().color(QPalette::WindowText);
	QString names[kLanes] = {tr("RTO"), tr("zero-window probe"), tr("loss probe (TLP)"),
				 tr("delayed ACK")};
	int lh = (height() - 30) / kLanes;
	for (int l = 0; l < kLanes; l++) {
		p.setPen(text);
		p.drawText(QRect(4, 10 + l * lh, kLeft - 8, lh), Qt::AlignVCenter, names[l]);
		p.setPen(palette().color(QPalette::Mid));
		p.drawLine(kLeft, 10 + l * lh + lh / 2, width() - 10, 10 + l * lh + lh / 2);
	}
	if (!cur_->hasTrace())
		return;
	QColor armed(90, 150, 230, 160);
	for (auto &s : spans_) {
		QRectF r(x(s.from), 10 + s.lane * lh + lh / 4, std::max(2.0, x(s.to) - x(s.from)), lh / 2);
		p.fillRect(r, armed);
		if (s.expires) {
			p.setPen(QPen(QColor(40, 80, 160), 1, Qt::DotLine));
			p.drawLine(QPointF(x(std::min(s.expires, tmax_)), r.top() - 3),
				   QPointF(x(std::min(s.expires, tmax_)), r.bottom() + 3));
		}
	}
	p.setPen(Qt::NoPen);
	p.setBrush(QColor(220, 60, 50));
	for (auto &f : fires_)
		p.drawEllipse(QPointF(x(f.t), 10 + f.lane * lh + lh / 2), 4, 4);
	p.setPen(text);
	p.drawText(QPointF(kLeft, height() - 4), tr("0 µs"));
	QString end = tr("%1 ms").arg(tmax_ / 1e6, 0, 'f', 3);
	p.drawText(QPointF(width() - 10 - fontMetrics().horizontalAdvance(end), height() - 4), end);
}

void TimersView::paintEvent(QPaintEvent *e)
{
	const qreal dpr = devicePixelRatioF();
	if (static_.isNull() || static_.size() != size() * dpr) {
		static_ = QPixmap(size() * dpr);
		static_.setDevicePixelRatio(dpr);
		static_.fill(palette().color(backgroundRole()));
		QPainter sp(&static_);
		sp.setFont(font());
		paintStatic(sp);
	}
	QPainter p(this);
	p.setClipRegion(e->region());
	p.drawPixmap(0, 0, static_);
	if (!hasCursor_)
		return;
	p.setRenderHint(QPainter::Antialiasing);
	p.setPen(QPen(QColor(230, 120, 0), 2));
	p.drawLine(QPointF(x(now_), 4), QPointF(x(now_), height() - 18));
	p.setPen(palette().color(QPalette::WindowText));
	p.drawText(QPointF(x(now_) + 4, height() - 4), backoff_);
}

void TimersView::mousePressEvent(QMouseEvent *e)
{
	if (!cur_->hasTrace() || e->position().x() < kLeft)
		return;
	uint64_t t = (uint64_t)((e->position().x() - kLeft) / (width() - kLeft - 10) * tmax_);
	const Trace &tr_ = cur_->trace();
	size_t lo = 0, hi = tr_.size() - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (tr_.at(mid).time_ns < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	cur_->setStep(lo);
}
