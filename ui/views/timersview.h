// SPDX-License-Identifier: GPL-2.0-or-later
// Timers: one lane per TCP timer (RTO, zero-window probe, loss probe, delayed ACK) on the virtual
// clock: when each was armed and for when, when it fired, and the backoff; shares the cursor.
#pragma once
#include "cursorview.h"

class TimersView : public CursorView
{
	Q_OBJECT
public:
	explicit TimersView(TraceCursor *c, QWidget *parent = nullptr);
	QString title() const override { return tr("Timers"); }

protected:
	void traceReset() override;
	void refresh() override { update(); }
	void paintEvent(QPaintEvent *) override;
	void mousePressEvent(QMouseEvent *e) override;

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
};
