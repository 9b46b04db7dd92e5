// SPDX-License-Identifier: GPL-2.0-or-later
#include "chartsview.h"

#include <QChart>
#include <QChartView>
#include <QGraphicsLineItem>
#include <QLineSeries>
#include <QMouseEvent>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>

using namespace sp;

ChartsView::ChartsView(TraceCursor *c, QWidget *parent) : CursorView(c, parent)
{
	setObjectName("ChartsView");
	chart_ = new QChart;
	view_ = new QChartView(chart_, this);
	view_->setRenderHint(QPainter::Antialiasing);
	view_->viewport()->installEventFilter(this);
	auto *lay = new QVBoxLayout(this);
	lay->setContentsMargins(0, 0, 0, 0);
	lay->addWidget(view_);
	ax_ = new QValueAxis;
	aySeg_ = new QValueAxis;
	ayBytes_ = new QValueAxis;
	for (auto *a : {ax_, aySeg_, ayBytes_}) {
		a->setLabelFormat("%.0f");
		a->setTickCount(5);
	}
	chart_->legend()->setAlignment(Qt::AlignBottom); // a wide, short dock keeps every entry visible
	chart_->setMargins(QMargins(2, 2, 2, 2));
	chart_->addAxis(ax_, Qt::AlignBottom);
	chart_->addAxis(aySeg_, Qt::AlignLeft);
	chart_->addAxis(ayBytes_, Qt::AlignRight);
	cursorSeg_ = nullptr;
	cursorLine_ = new QGraphicsLineItem(chart_);
	cursorLine_->setPen(QPen(QColor(230, 120, 0), 2));
	cursorLine_->setZValue(1000);
	cursorLine_->hide();
	connect(chart_, &QChart::plotAreaChanged, this, [this] { placeCursor(); });
	setMinimumHeight(180);
	retranslate();
}

int ChartsView::seriesCount() const
{
	return (int)chart_->series().size();
}

// A step function from (time, value) change points.
static void fill(QLineSeries *s, const std::vector<std::pair<uint64_t, int64_t>> &pts, double tmaxUs,
		 double scale = 1)
{
	QList<QPointF> v;
	double last = 0;
	for (auto &[t, val] : pts) {
		double x = t / 1000.0;
		if (!v.isEmpty())
			v << QPointF(x, last);
		last = val * scale;
		v << QPointF(x, last);
	}
	v << QPointF(tmaxUs, last);
	s->replace(v);
}

void ChartsView::traceReset()
{
	chart_->removeAllSeries();
	cursorSeg_ = nullptr;
	shownX_ = -1;
	cursorLine_->hide();
	if (!cur_->hasTrace())
		return;
	const Trace &t = cur_->trace();
	tmaxUs_ = std::max(1.0, t.at(t.size() - 1).time_ns / 1000.0);
	const TraceQuery &q = cur_->query();
	auto add = [&](const QString &name, const char *obj, const char *field, bool bytes) {
		auto *s = new QLineSeries;
		s->setName(name);
		fill(s, q.series(obj, field), tmaxUs_);
		chart_->addSeries(s);
		s->attachAxis(ax_);
		s->attachAxis(bytes ? ayBytes_ : aySeg_);
		return s;
	};
	add(tr("cwnd (segments)"), "tp", "snd_cwnd", false);
	add(tr("in flight (segments)"), "tp", "packets_out", false);
	add(tr("snd_wnd (bytes)"), "tp", "snd_wnd", true);
	add(tr("qdisc backlog (bytes)"), "qdisc0", "backlog", true);
	// Unsent bytes = write_seq - snd_nxt, merged from both series.
	auto ws = q.series("tp", "write_seq"), nx = q.series("tp", "snd_nxt");
	std::vector<std::pair<uint64_t, int64_t>> unsent;
	size_t i = 0, j = 0;
	int64_t w = 0, n = 0;
	while (i < ws.size() || j < nx.size()) {
		uint64_t ti = i < ws.size() ? ws[i].first : UINT64_MAX,
			 tj = j < nx.size() ? nx[j].first : UINT64_MAX;
		uint64_t tt = std::min(ti, tj);
		if (ti == tt)
			w = ws[i++].second;
		if (tj == tt)
			n = nx[j++].second;
		// Sequence-space difference; before both are set (connect) it is not meaningful: 0.
		unsent.push_back({tt, std::max<int64_t>(0, (int32_t)(uint32_t)(w - n))});
	}
	auto *u = new QLineSeries;
	u->setName(tr("unsent (bytes)"));
	fill(u, unsent, tmaxUs_);
	chart_->addSeries(u);
	u->attachAxis(ax_);
	u->attachAxis(ayBytes_);
	// NIC ring occupancy in descriptors: size - free (ICE_DESC_UNUSED), on the segments axis.
	auto ring = q.series("ring0", "free");
	int64_t size = q.series("ring0", "size").empty() ? 0 : q.series("ring0", "size").back().second;
	// Points before ice_setup_tx_ring made the ring empty (free = size - 1) are not occupancy.
	auto ready = std::find_if(ring.begin(), ring.end(), [&](auto &p) { return p.second == size - 1; });
	ring.erase(ring.begin(), ready);
	for (auto &p : ring)
		p.second = std::max<int64_t>(0, size - 1 - p.second);
	auto *rs = new QLineSeries;
	rs->setName(tr("ring descriptors in use"));
	fill(rs, ring, tmaxUs_);
	chart_->addSeries(rs);
	rs->attachAxis(ax_);
	rs->attachAxis(aySeg_);
	cursorSeg_ = new QLineSeries;
	cursorSeg_->setName(tr("cursor"));
	cursorSeg_->setPen(QPen(QColor(230, 120, 0), 2));
	chart_->addSeries(cursorSeg_);
	cursorSeg_->attachAxis(ax_);
	cursorSeg_->attachAxis(aySeg_);
	ax_->setRange(0, tmaxUs_);
	double segMax = 1, byteMax = 1;
	for (auto *s : chart_->series()) {
		auto *ls = static_cast<QLineSeries *>(s);
		bool bytes = ls->attachedAxes().contains(ayBytes_);
		for (auto &pt : ls->points())
			(bytes ? byteMax : segMax) = std::max(bytes ? byteMax : segMax, pt.y());
	}
	aySeg_->setRange(0, segMax * 1.1);
	ayBytes_->setRange(0, byteMax * 1.1);
	retranslate();
}

void ChartsView::retranslate()
{
	chart_->setTitle(tr("Sender over virtual time (µs)"));
	// Series names follow the language too (same order as traceReset adds them).
	const QString names[] = {tr("cwnd (segments)"), tr("in flight (segments)"),
				 tr("snd_wnd (bytes)"), tr("qdisc backlog (bytes)"),
				 tr("unsent (bytes)"),	tr("ring descriptors in use"),
				 tr("cursor")};
	auto series = chart_->series();
	for (int i = 0; i < series.size() && i < 7; i++)
		series[i]->setName(names[i]);
	ax_->setTitleText(tr("µs"));
	aySeg_->setTitleText(tr("segments"));
	ayBytes_->setTitleText(tr("bytes"));
	refresh();
}

void ChartsView::refresh()
{
	// Titles and names change only with the language (retranslate); a step moves the cursor line,
	// and only when the virtual time moved.
	double x = cur_->hasTrace() && cursorSeg_ ? cur_->trace().at(cur_->step()).time_ns / 1000.0 : -1;
	if (x == shownX_)
		return;
	shownX_ = x;
	placeCursor();
}

void ChartsView::placeCursor()
{
	if (shownX_ < 0 || !cursorSeg_) {
		cursorLine_->hide();
		return;
	}
	QPointF a = chart_->mapToPosition(QPointF(shownX_, 0), cursorSeg_);
	QPointF b = chart_->mapToPosition(QPointF(shownX_, aySeg_->max()), cursorSeg_);
	cursorLine_->setLine(QLineF(a, b));
	cursorLine_->show();
}

bool ChartsView::eventFilter(QObject *o, QEvent *e)
{
	if (e->type() == QEvent::MouseButtonPress && cur_->hasTrace()) {
		auto *me = static_cast<QMouseEvent *>(e);
		QPointF v = chart_->mapToValue(me->position(), cursorSeg_);
		uint64_t t = (uint64_t)std::max(0.0, v.x() * 1000.0);
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
		return true;
	}
	return CursorView::eventFilter(o, e);
}
