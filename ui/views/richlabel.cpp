// SPDX-License-Identifier: GPL-2.0-or-later
#include "richlabel.h"

#include "keepglyphs.h"

#include <QAbstractTextDocumentLayout>
#include <QEvent>
#include <QPaintEvent>
#include <QPainter>
#include <cmath>

RichLabel::RichLabel(QWidget *parent) : QWidget(parent)
{
	doc_.setDocumentMargin(0); // as a QLabel lays out its text
	doc_.setDefaultFont(font());
	QSizePolicy sp(QSizePolicy::Preferred, QSizePolicy::Preferred);
	sp.setHeightForWidth(true);
	setSizePolicy(sp);
}

void RichLabel::setWordWrap(bool on)
{
	wrap_ = on;
	QSizePolicy sp = sizePolicy();
	sp.setHeightForWidth(on);
	setSizePolicy(sp);
	laidW_ = -1;
	updateGeometry();
}

void RichLabel::setText(const QString &html)
{
	if (html == text_)
		return;
	text_ = html;
	doc_.setHtml(html);
	keepShapedGlyphs(&doc_);
	laidW_ = -1;
	if (!wrap_) {
		layoutAt(0);
		int w = (int)std::ceil(doc_.idealWidth());
		if (w > reservedW_ || laidH_ > reserved_) {
			reservedW_ = std::max(w, reservedW_);
			reserved_ = std::max(laidH_, reserved_);
			updateGeometry();
		}
	} else if (width() > 0 && layoutAt(width()) > reserved_) {
		reserved_ = laidH_;
		updateGeometry();
	} else if (width() <= 0) {
		updateGeometry();
	}
	update();
}

int RichLabel::layoutAt(int w) const
{
	w = wrap_ ? std::max(w, 1) : 0;
	if (w != laidW_) {
		// setHtml has laid the text out at the document's width already: only a new width needs
		// another layout.
		if (w != docW_) {
			doc_.setTextWidth(wrap_ ? w : -1);
			docW_ = w;
		}
		laidW_ = w;
		laidH_ = (int)std::ceil(doc_.size().height());
	}
	return laidH_;
}

int RichLabel::heightForWidth(int w) const
{
	int h = layoutAt(w);
	return w == width() ? std::max(h, reserved_) : h;
}

QSize RichLabel::sizeHint() const
{
	if (!wrap_)
		return {reservedW_, std::max(reserved_, layoutAt(0))};
	int w = width() > 0 ? width() : 200;
	return {std::min(w, 200), heightForWidth(w)};
}

QSize RichLabel::minimumSizeHint() const
{
	if (!wrap_)
		return sizeHint();
	return {40, heightForWidth(width() > 0 ? width() : 200)};
}

void RichLabel::resizeEvent(QResizeEvent *e)
{
	if (wrap_)
		reserved_ = layoutAt(width()); // a new width: the height it needs now
	QWidget::resizeEvent(e);
}

void RichLabel::changeEvent(QEvent *e)
{
	if (e->type() == QEvent::FontChange) {
		doc_.setDefaultFont(font());
		laidW_ = -1;
		reserved_ = reservedW_ = 0;
		updateGeometry();
	}
	QWidget::changeEvent(e);
}

void RichLabel::paintEvent(QPaintEvent *e)
{
	layoutAt(width());
	QPainter p(this);
	p.setClipRegion(e->region());
	QAbstractTextDocumentLayout::PaintContext ctx;
	ctx.palette = palette();
	ctx.palette.setColor(QPalette::Text, palette().color(foregroundRole()));
	ctx.clip = e->rect();
	doc_.documentLayout()->draw(&p, ctx);
}
