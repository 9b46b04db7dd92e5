// SPDX-License-Identifier: GPL-2.0-or-later
// Base of every dock's content: follows the shared TraceCursor, redraws on step changes, and
// re-reads its strings on a language change. Views only read the recording; they never run
// modelled kernel code.
#pragma once
#include <QEvent>
#include <QWidget>

#include "tracecursor.h"

class CursorView : public QWidget
{
	Q_OBJECT
public:
	CursorView(TraceCursor *c, QWidget *parent = nullptr) : QWidget(parent), cur_(c)
	{
		connect(c, &TraceCursor::traceChanged, this, [this] {
			traceReset();
			refresh();
		});
		connect(c, &TraceCursor::stepChanged, this, [this] { refresh(); });
	}
	virtual QString title() const = 0;
	virtual void retranslate() { refresh(); }

protected:
	virtual void traceReset() {}
	virtual void refresh() = 0;
	void changeEvent(QEvent *e) override
	{
		if (e->type() == QEvent::LanguageChange)
			retranslate();
		QWidget::changeEvent(e);
	}
	TraceCursor *cur_;
};
