// SPDX-License-Identifier: GPL-2.0-or-later
#include "ringview.h"

#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QtMath>

using namespace sp;

RingView::RingView(TraceCursor *c, QWidget *parent) : CursorView(c, parent)
{
	setObjectName("RingView");
	setMinimumSize(360, 360);
	detail_ = new QLabel(this);
	detail_->setWordWrap(true);
	detail_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
	detail_->setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void RingView::resizeEvent(QResizeEvent *)
{
	detail_->setGeometry(6, height() - 86, width() - 12, 82);
	shownKey_.clear(); // the whole widget repaints after a resize anyway
}

void RingView::traceReset()
{
	shownKey_.clear();
	index_.reset();
	if (cur_->hasTrace())
		index_ = std::make_unique<hw::RingIndex>(cur_->trace(), "ring0");
}

void RingView::refresh()
{
	event_.clear();
	eventText_.clear();
	if (cur_->hasTrace()) {
		snap_ = index_ ? index_->at(cur_->state()) : hw::RingSnapshot{};
		const Trace &t = cur_->trace();
		const Step &s = t.at(cur_->step());
		QString a = QString::fromStdString(t.str(s.anchor));
		if (a.startsWith("hw:")) {
			event_ = a.mid(3);
			eventText_ = QString::fromUtf8(t.text(s).data(), (int)s.text_len);
		}
	} else {
		snap_ = {};
	}
	std::vector<uint64_t> key = {
	    snap_.valid,      snap_.size,	    snap_.ntu,	       snap_.ntc,
	    snap_.head,	      snap_.tail,	    snap_.doorbells,   snap_.dma_reads,
	    snap_.writebacks, (uint64_t)snap_.free, snap_.stopped,     (uint64_t)(int64_t)selected_,
	    qHash(event_),    qHash(eventText_),    (uint64_t)width(), (uint64_t)height()};
	for (auto &d : snap_.descriptors) {
		key.push_back(d.index | (uint64_t)d.done << 32);
		if ((int)d.index == selected_) {
			key.push_back(d.qw0);
			key.push_back(d.qw1);
		}
	}
	if (key == shownKey_)
		return;
	shownKey_ = std::move(key);
	if (selected_ >= 0) {
		QString d = tr("slot %1: never used").arg(selected_);
		for (auto &x : snap_.descriptors)
			if ((int)x.index == selected_) {
				unsigned dtype = x.qw1 & 0xf, cmd = (x.qw1 >> 4) & 0xfff;
				if (dtype == 1)
					d = tr("slot %1: context descriptor  QW0 0x%2  QW1 0x%3\nTSO total "
					       "length %4, MSS %5, cmd 0x%6")
						.arg(x.index)
						.arg(x.qw0, 16, 16, QChar('0'))
						.arg(x.qw1, 16, 16, QChar('0'))
						.arg((x.qw1 >> 30) & 0x3ffff)
						.arg((x.qw1 >> 50) & 0x3fff)
						.arg((x.qw1 >> 4) & 0x7f, 0, 16);
				else
					d = tr("slot %1: data descriptor  buf 0x%2  size %3  cmd 0x%4%5%6  "
					       "MACLEN %7 IPLEN %8 L4LEN %9%10")
						.arg(x.index)
						.arg(x.qw0, 0, 16)
						.arg((x.qw1 >> 34) & 0x3fff)
						.arg(cmd, 0, 16)
						.arg(cmd & 1 ? " EOP" : "")
						.arg(cmd & 2 ? " RS" : "")
						.arg(((x.qw1 >> 16) & 0x7f) * 2)
						.arg(((x.qw1 >> 23) & 0x7f) * 4)
						.arg(((x.qw1 >> 30) & 0xf) * 4)
						.arg(x.done ? tr("  — written back (DTYPE 0xF)") : QString());
			}
		if (detail_->text() != d)
			detail_->setText(d);
	} else if (detail_->text() != tr("Click a slot to decode its descriptor.")) {
		detail_->setText(tr("Click a slot to decode its descriptor."));
	}
	update(0, 0, width(), height() - 88); // the label repaints itself when its text changes
}

QPointF RingView::slotPos(uint32_t i, double r) const
{
	double a = 2 * M_PI * i / std::max<uint32_t>(1, snap_.size) - M_PI / 2;
	QPointF c(width() / 2.0, (height() - 90) / 2.0 + 4);
	return c + QPointF(r * std::cos(a), r * std::sin(a));
}

// Is i in the ring interval [from, to)?
static bool inRange(uint32_t i, uint32_t from, uint32_t to, uint32_t size)
{
	if (from == to)
		return false;
	return from < to ? (i >= from && i < to) : (i >= from || i < to);
}

void RingView::paintEvent(QPaintEvent *)
{
	QPainter p(this);
	p.setRenderHint(QPainter::Antialiasing);
	const QColor text = palette().color(QPalette::WindowText);
	p.setPen(text);
	if (!snap_.valid) {
		p.drawText(rect().adjusted(10, 10, -10, -100), Qt::TextWordWrap,
			   tr("The ring has not been set up at this step."));
		return;
	}
	double R = std::min(width(), height() - 90) / 2.0 - 40;
	double dot = std::max(2.0, std::min(9.0, M_PI * R / snap_.size * 0.8));
	std::vector<int> state(snap_.size, 0); // 0 free, 1 written (no doorbell), 2 ready, 3 fetched, 4 done
	for (auto &d : snap_.descriptors)
		if (d.index < snap_.size) {
			uint32_t i = d.index;
			if (inRange(i, snap_.ntc, snap_.ntu, snap_.size)) {
				if (d.done)
					state[i] = 4;
				else if (inRange(i, snap_.ntc, snap_.head, snap_.size))
					state[i] = 3;
				else if (inRange(i, snap_.head, snap_.tail, snap_.size))
					state[i] = 2;
				else
					state[i] = 1;
			}
		}
	const QColor colours[] = {QColor(215, 215, 215), QColor(180, 130, 220), QColor(90, 150, 235),
				  QColor(240, 160, 60), QColor(90, 180, 90)};
	for (uint32_t i = 0; i < snap_.size; i++) {
		p.setPen(i == (uint32_t)selected_ ? QPen(text, 2) : Qt::NoPen);
		p.setBrush(colours[state[i]]);
		p.drawEllipse(slotPos(i, R), dot, dot);
	}
	auto pointer = [&](uint32_t i, const QString &name, double off, QColor c) {
		QPointF a = slotPos(i, R + dot + 4), b = slotPos(i, R + dot + off);
		p.setPen(QPen(c, 2));
		p.drawLine(a, b);
		p.drawText(b + QPointF(-12, off > 0 ? 4 : 0), name);
	};
	pointer(snap_.ntu, "NTU", 26, QColor(150, 60, 200));
	pointer(snap_.ntc, "NTC", 14, QColor(40, 140, 40));
	pointer(snap_.head, "head", -R / 4, QColor(220, 120, 20));
	pointer(snap_.tail, "tail", -R / 2.5, QColor(40, 100, 220));
	// Centre: counters and this step's device event.
	QPointF c(width() / 2.0, (height() - 90) / 2.0 + 4);
	p.setPen(text);
	QRectF box(c.x() - R / 2, c.y() - R / 3, R, R / 1.5);
	if (event_ == "doorbell") {
		p.setBrush(QColor(255, 220, 80));
		p.setPen(QPen(QColor(200, 120, 0), 3));
		p.drawEllipse(box);
		p.setPen(text);
		p.drawText(box, Qt::AlignCenter | Qt::TextWordWrap, tr("DOORBELL\n%1").arg(eventText_));
	} else if (event_ == "dma_read" || event_ == "writeback") {
		QRectF host(8, 8, 120, 40);
		p.setBrush(QColor(235, 235, 250));
		p.drawRect(host);
		p.drawText(host, Qt::AlignCenter, tr("host memory"));
		p.setPen(QPen(QColor(220, 120, 20), 3));
		QPointF from = event_ == "dma_read" ? host.center() : c,
			to = event_ == "dma_read" ? c : host.center();
		p.drawLine(from, to);
		QPointF d = to - from;
		double len = std::hypot(d.x(), d.y());
		if (len > 1) {
			QPointF u = d / len, n(-u.y(), u.x());
			p.setBrush(QColor(220, 120, 20));
			p.drawPolygon(QPolygonF({to, to - u * 14 + n * 6, to - u * 14 - n * 6}));
		}
		p.setPen(text);
		p.drawText(box, Qt::AlignCenter | Qt::TextWordWrap,
			   (event_ == "dma_read" ? tr("DMA read\n") : tr("write-back\n")) + eventText_);
	} else {
		p.drawText(box, Qt::AlignCenter | Qt::TextWordWrap,
			   tr("%1 slots · free %2\ndoorbells %3 · DMA reads %4\nwrite-backs %5%6")
			       .arg(snap_.size)
			       .arg(snap_.free)
			       .arg(snap_.doorbells)
			       .arg(snap_.dma_reads)
			       .arg(snap_.writebacks)
			       .arg(snap_.stopped ? tr("\nqueue STOPPED") : QString()));
	}
	// Legend.
	QString names[] = {tr("free"), tr("written, no doorbell"), tr("ready for device"),
			   tr("fetched by device"), tr("written back")};
	double lx = 8;
	double ly = height() - 100;
	for (int i = 0; i < 5; i++) {
		p.setPen(Qt::NoPen);
		p.setBrush(colours[i]);
		p.drawEllipse(QPointF(lx + 5, ly), 5, 5);
		p.setPen(text);
		p.drawText(QPointF(lx + 13, ly + 5), names[i]);
		lx += 22 + fontMetrics().horizontalAdvance(names[i]);
	}
}

void RingView::mousePressEvent(QMouseEvent *e)
{
	if (!snap_.valid)
		return;
	double R = std::min(width(), height() - 90) / 2.0 - 40;
	double best = 1e9;
	int bi = -1;
	for (uint32_t i = 0; i < snap_.size; i++) {
		QPointF d = slotPos(i, R) - e->position();
		double dist = std::hypot(d.x(), d.y());
		if (dist < best) {
			best = dist;
			bi = (int)i;
		}
	}
	if (best < 20) {
		selected_ = bi;
		refresh();
	}
}
