// SPDX-License-Identifier: GPL-2.0-or-later
// Timers: one lane per TCP timer (RTO, zero-window probe, loss probe, delayed ACK) on the virtual
// clock: when each was armed and for when, when it fired, and the backoff; shares the cursor.
#pragma once
#include <QPixmap>

#include "cursorview.h"

class TimersView : public CursorView
{
	Q_OBJECT
public:
	explicit TimersView(TraceCursor *c, QWidget *parent = nullptr);
	QString title() const override { return tr("Timers"); }

protected:
	void traceReset() override;
	void refresh() override;
	void invalidate() override
	{
		static_ = QPixmap();
		update();
	}
	void paintEvent(QPaintEvent *) override;
	void mousePressEvent(QMouseEvent *e) override;
	void resizeEvent(QResizeEvent *e) override;
	void changeEvent(QEvent *e) override;

private:
	struct Span {
		uint64_t from, to, expires;
		int lane;
	};
	struct Fire {
		uint64_t t;
		size_t step;
		int lane;
	};
	std::vector<Span> spans_;
	std::vector<Fire> fires_;
	uint64_t tmax_ = 1;
	double x(uint64_t t) const;
	// The lanes, spans and firings do not depend on the step: drawn once into a pixmap (redrawn on a
	// new trace, resize, palette, font or language change). A step moves the cursor and its label.
	void paintStatic(QPainter &p);
	QRect cursorRect() const; // what the cursor and its label cover
	QPixmap static_;
	uint64_t now_ = 0;
	QString backoff_; // the label beside the cursor
	bool hasCursor_ = false;
};
