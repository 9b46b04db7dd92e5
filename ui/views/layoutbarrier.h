// SPDX-License-Identifier: GPL-2.0-or-later
// Holds one child filling it, without a layout, so that the child's geometry changes stop here.
// A QStackedWidget that switches pages shows one (a hidden widget shown asks its parents to lay
// out again) and its layout then calls updateGeometry() on it; in a dock that climbs to the main
// window, which lays every dock out again — about a millisecond per switch. Behind a barrier the
// request ends at the barrier, whose size hint does not change.
#pragma once
#include <QWidget>

class LayoutBarrier : public QWidget
{
	Q_OBJECT
public:
	LayoutBarrier(QWidget *child, QWidget *parent = nullptr);
	QSize sizeHint() const override { return hint_; }
	QSize minimumSizeHint() const override { return minHint_; }

protected:
	void resizeEvent(QResizeEvent *e) override;

private:
	QWidget *child_;
	QSize hint_, minHint_; // the child's, when it was put here
};
