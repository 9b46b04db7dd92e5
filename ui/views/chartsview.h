// SPDX-License-Identifier: GPL-2.0-or-later
// Charts over virtual time: cwnd and packets in flight (segments), send window, unsent bytes,
// qdisc backlog (bytes); the cursor is drawn and a click jumps there.
#pragma once
#include "cursorview.h"

class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;

class ChartsView : public CursorView
{
	Q_OBJECT
public:
	explicit ChartsView(TraceCursor *c, QWidget *parent = nullptr);
	QString title() const override { return tr("Charts"); }
	int seriesCount() const;

protected:
	void traceReset() override;
	void refresh() override;
	bool eventFilter(QObject *o, QEvent *e) override;

private:
	QChart *chart_;
	QChartView *view_;
	QLineSeries *cursorSeg_, *cursorBytes_;
	QValueAxis *ax_, *aySeg_, *ayBytes_;
	double tmaxUs_ = 1;
};
