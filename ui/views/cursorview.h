// SPDX-License-Identifier: GPL-2.0-or-later
// Base of every dock's content: follows the shared TraceCursor, redraws on step changes, and
// re-reads its strings on a language change. Views only read the recording; they never run
// modelled kernel code.
//
// Stepping must stay within a frame: refresh() compares what it would show at the new step with
// what it shows (a key of its inputs) and touches no widget when nothing changed; invalidate()
// forgets that key (a new trace, language, palette or font), so the next refresh redraws.
#pragma once
#include <QEvent>
#include <QTimer>
#include <QWidget>

#include "tracecursor.h"

class CursorView : public QWidget
{
	Q_OBJECT
public:
	CursorView(TraceCursor *c, QWidget *parent = nullptr) : QWidget(parent), cur_(c)
	{
		connect(c, &TraceCursor::traceChanged, this, [this] {
			invalidate();
			traceReset();
			refresh();
		});
		connect(c, &TraceCursor::stepChanged, this, [this] { refresh(); });
	}
	virtual QString title() const = 0;
	virtual void retranslate()
	{
		invalidate();
		refresh();
	}

protected:
	virtual void traceReset() {}
	virtual void invalidate() {}
	virtual void refresh() = 0;
	void changeEvent(QEvent *e) override
	{
		if (e->type() == QEvent::LanguageChange)
			retranslate();
		else if (e->type() == QEvent::PaletteChange || e->type() == QEvent::FontChange)
			// Deferred: these also arrive while a derived view is being constructed.
			QTimer::singleShot(0, this, [this] {
				invalidate();
				refresh();
				update();
			});
		QWidget::changeEvent(e);
	}
	TraceCursor *cur_;
};
