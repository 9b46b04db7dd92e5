// SPDX-License-Identifier: GPL-2.0-or-later
#include "statictextdelegate.h"

#include <QApplication>
#include <QPainter>

void StaticTextDelegate::paint(QPainter *p, const QStyleOptionViewItem &option,
			       const QModelIndex &index) const
{
	QStyleOptionViewItem o(option);
	initStyleOption(&o, index);
	if (o.features & (QStyleOptionViewItem::HasCheckIndicator | QStyleOptionViewItem::HasDecoration)) {
		QStyledItemDelegate::paint(p, option, index);
		return;
	}
	const QWidget *w = o.widget;
	QStyle *st = w ? w->style() : QApplication::style();
	QString text = o.text;
	o.text.clear(); // the style draws the background, selection and focus
	st->drawControl(QStyle::CE_ItemViewItem, &o, p, w);
	if (text.isEmpty())
		return;
	QString key = o.font.key() + QChar(0) + text;
	auto it = texts_.find(key);
	if (it == texts_.end()) {
		if (texts_.size() > 4096) // a bound: rows of earlier frames and traces
			texts_.clear();
		QStaticText t(text);
		t.setTextFormat(Qt::PlainText);
		t.setPerformanceHint(QStaticText::AggressiveCaching);
		t.prepare(QTransform(), o.font);
		it = texts_.insert(key, t);
	}
	QRect r = st->subElementRect(QStyle::SE_ItemViewItemText, &o, w);
	int margin = st->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, w) + 1;
	QPalette::ColorGroup g = !(o.state & QStyle::State_Enabled) ? QPalette::Disabled
				 : (o.state & QStyle::State_Active) ? QPalette::Normal
								    : QPalette::Inactive;
	p->save();
	p->setFont(o.font);
	p->setPen(o.palette.color(g, (o.state & QStyle::State_Selected) ? QPalette::HighlightedText
									: QPalette::Text));
	p->setClipRect(r);
	p->drawStaticText(r.left() + margin, r.top() + (r.height() - (int)it->size().height()) / 2, *it);
	p->restore();
}
