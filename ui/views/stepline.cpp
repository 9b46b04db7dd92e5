// SPDX-License-Identifier: GPL-2.0-or-later
#include "stepline.h"

#include <QEvent>
#include <QPainter>
#include <QTextLayout>
#include <cmath>

StepLine::StepLine(QWidget *parent) : QWidget(parent)
{
	QSizePolicy sp(QSizePolicy::Preferred, QSizePolicy::Preferred);
	sp.setHeightForWidth(true);
	setSizePolicy(sp);
}

void StepLine::setWordWrap(bool on)
{
	wrap_ = on;
	QSizePolicy sp = sizePolicy();
	sp.setHeightForWidth(on);
	setSizePolicy(sp);
	reservedW_ = reservedH_ = 0;
	reserve();
}

// The text as one layout: the lead's range bold.
static void layOut(QTextLayout &l, const QString &lead, const QString &rest, const QFont &f, int width)
{
	l.setText(lead + rest);
	l.setFont(f);
	QTextOption o(Qt::AlignLeft);
	o.setWrapMode(width > 0 ? QTextOption::WrapAtWordBoundaryOrAnywhere : QTextOption::NoWrap);
	l.setTextOption(o);
	QList<QTextLayout::FormatRange> bold;
	if (!lead.isEmpty()) {
		QTextLayout::FormatRange r;
		r.start = 0;
		r.length = (int)lead.size();
		r.format.setFontWeight(QFont::Bold);
		bold << r;
	}
	l.setFormats(bold);
	l.beginLayout();
	qreal y = 0;
	for (QTextLine line = l.createLine(); line.isValid(); line = l.createLine()) {
		if (width > 0)
			line.setLineWidth(width);
		line.setPosition(QPointF(0, y));
		y += line.height();
	}
	l.endLayout();
}

QTextLayout &StepLine::laidOutAt(int w) const
{
	w = wrap_ ? std::max(w, 1) : 0;
	if (w != laidW_) {
		layout_.setCacheEnabled(true); // keep the shaped glyphs for painting, not only the lines
		layOut(layout_, lead_, rest_, font(), w);
		laidW_ = w;
	}
	return layout_;
}

int StepLine::heightAt(int w) const
{
	// Layouts ask for the height at several widths: a measure at another width than the laid-out
	// one uses a layout of its own, and the last answer is kept.
	w = wrap_ ? std::max(w, 1) : 0;
	if (w == laidW_)
		return std::max((int)std::ceil(layout_.boundingRect().height()), fontMetrics().height());
	if (w != measuredW_) {
		QTextLayout l;
		layOut(l, lead_, rest_, font(), w);
		measuredW_ = w;
		measuredH_ = std::max((int)std::ceil(l.boundingRect().height()), fontMetrics().height());
	}
	return measuredH_;
}

void StepLine::reserve()
{
	bool grew = false;
	if (wrap_) {
		int h =
		    std::max((int)std::ceil(laidOutAt(width() > 0 ? width() : 200).boundingRect().height()),
			     fontMetrics().height());
		if (h > reservedH_)
			reservedH_ = h, grew = true;
	} else {
		QTextLayout &l = laidOutAt(0);
		int w = (int)std::ceil(l.boundingRect().width());
		int h = std::max((int)std::ceil(l.boundingRect().height()), fontMetrics().height());
		if (w > reservedW_ || h > reservedH_)
			reservedW_ = std::max(w, reservedW_), reservedH_ = std::max(h, reservedH_),
			grew = true;
	}
	if (grew)
		updateGeometry();
}

void StepLine::setText(const QString &lead, const QString &rest)
{
	if (lead == lead_ && rest == rest_)
		return;
	lead_ = lead;
	rest_ = rest;
	laidW_ = measuredW_ = -1;
	reserve();
	update();
}

int StepLine::heightForWidth(int w) const
{
	int h = heightAt(w);
	return w == width() ? std::max(h, reservedH_) : h;
}

QSize StepLine::sizeHint() const
{
	if (!wrap_)
		return {reservedW_, reservedH_};
	int w = width() > 0 ? width() : 200;
	return {std::min(w, 200), heightForWidth(w)};
}

QSize StepLine::minimumSizeHint() const
{
	if (!wrap_)
		return sizeHint();
	return {40, heightForWidth(width() > 0 ? width() : 200)};
}

void StepLine::resizeEvent(QResizeEvent *e)
{
	if (wrap_) // a new width: the height it needs now
		reservedH_ = std::max((int)std::ceil(laidOutAt(width()).boundingRect().height()),
				      fontMetrics().height());
	QWidget::resizeEvent(e);
}

void StepLine::changeEvent(QEvent *e)
{
	if (e->type() == QEvent::FontChange) {
		laidW_ = measuredW_ = -1;
		reservedW_ = reservedH_ = 0;
		reserve();
	}
	QWidget::changeEvent(e);
}

void StepLine::paintEvent(QPaintEvent *)
{
	QPainter p(this);
	p.setPen(palette().color(foregroundRole()));
	laidOutAt(width()).draw(&p, QPointF(0, 0));
}
