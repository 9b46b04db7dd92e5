// SPDX-License-Identifier: GPL-2.0-or-later
// Charts over virtual time: cwnd and packets in flight (segments), send window, unsent bytes,
// qdisc backlog (bytes); the cursor is drawn and a click jumps there.
#pragma once
#include "cursorview.h"

class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;
class QGraphicsLineItem;

class ChartsView : public CursorView
{
	Q_OBJECT
public:
	explicit ChartsView(TraceCursor *c, QWidget *parent = nullptr);
	QString title() const override { return tr("Charts"); }
	int seriesCount() const;
	void retranslate() override;
	// For tests: the virtual time (µs) the cursor line is drawn at.
	double cursorTime() const { return shownX_; }

protected:
	void traceReset() override;
	void refresh() override;
	bool eventFilter(QObject *o, QEvent *e) override;

private:
	void placeCursor();
	QChart *chart_;
	QChartView *view_;
	// The cursor's series stays empty (its legend entry and its axes map clicks); the cursor itself is
	// a line item moved over the plot, so a step repaints two thin strips, not the chart.
	QLineSeries *cursorSeg_;
	QGraphicsLineItem *cursorLine_;
	QValueAxis *ax_, *aySeg_, *ayBytes_;
	double tmaxUs_ = 1;
	double shownX_ = -1;
};
