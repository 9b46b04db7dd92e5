// SPDX-License-Identifier: GPL-2.0-or-later
// Source and call stack: the current call's execution (its notable lines and the calls it made,
// current line highlighted), the call stack, and this step's annotation.
#pragma once
#include "cursorview.h"

class QListWidget;
class QTextBrowser;
class QLabel;

class SourceView : public CursorView
{
	Q_OBJECT
public:
	explicit SourceView(TraceCursor *c, QWidget *parent = nullptr);
	QString title() const override { return tr("Source and call stack"); }

	// Toggles a breakpoint on the function or line anchor of a listed row (the gutter action).
	void toggleBreakpointAt(size_t step);
	void refreshBreakpoints();

protected:
	void refresh() override;

private:
	QListWidget *stack_, *lines_, *bps_;
	QTextBrowser *note_;
	QLabel *header_;
	size_t shownFrame_ = SIZE_MAX;
};
