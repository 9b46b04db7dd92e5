// SPDX-License-Identifier: GPL-2.0-or-later
// "Why didn't it send?": every gate of the current (or last) tcp_write_xmit call and below, with
// the numbers it used and its outcome, plus the live qdisc/BQL/ring space.
#pragma once
#include "cursorview.h"

class QTableWidget;
class QLabel;

class GatesView : public CursorView
{
	Q_OBJECT
public:
	explicit GatesView(TraceCursor *c, QWidget *parent = nullptr);
	QString title() const override { return tr("Gates — why didn't it send?"); }
	void retranslate() override;

protected:
	void traceReset() override
	{
		findXmit();
		shownCall_ = kNothingShown;
	}
	void findXmit();
	void refresh() override;
	void invalidate() override
	{
		shownCall_ = kNothingShown;
		shownStep_ = SIZE_MAX;
	}

private:
	QLabel *head_, *live_;
	QTableWidget *table_;
	sp::StrId xmit_ = 0;
	// The tcp_write_xmit call whose gates are listed (SIZE_MAX: none ran yet, the table says so).
	static constexpr size_t kNothingShown = SIZE_MAX - 1;
	size_t shownCall_ = kNothingShown;
	size_t shownStep_ = SIZE_MAX; // the step the rows are coloured for
};
