// SPDX-License-Identifier: GPL-2.0-or-later
// Item text drawn from laid-out text kept between paints (QStaticText), for the lists a step repaints
// (the call stack, the executed lines). The standard delegate lays each item's text out again on
// every paint; these rows change far less often than they are painted. Items with a check box or
// an icon are left to the standard delegate.
#pragma once
#include <QHash>
#include <QStaticText>
#include <QStyledItemDelegate>

class StaticTextDelegate : public QStyledItemDelegate
{
	Q_OBJECT
public:
	using QStyledItemDelegate::QStyledItemDelegate;
	void paint(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
	mutable QHash<QString, QStaticText> texts_; // by font and text
};
