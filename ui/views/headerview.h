// SPDX-License-Identifier: GPL-2.0-or-later
// Headers: a per-layer dissection of the current skb's linear bytes (Ethernet, IPv4, TCP with
// options) linked both ways with a hex pane; clicking a byte tells which step wrote it.
#pragma once
#include <optional>

#include "cursorview.h"

class QTreeWidget;
class QTreeWidgetItem;
class QTableWidget;
class QLabel;
class QPushButton;

class HeaderView : public CursorView
{
	Q_OBJECT
public:
	explicit HeaderView(TraceCursor *c, QWidget *parent = nullptr);
	QString title() const override { return tr("Headers"); }
	void retranslate() override;
	// For tests: the step that wrote byte `off` (offset in the head buffer) of the shown skb.
	std::optional<size_t> writerOf(uint32_t off) const;

protected:
	void refresh() override;
	void invalidate() override { shownHash_ = 0; }

private:
	void selectRange(int from, int to);
	QTreeWidget *tree_;
	QTableWidget *hex_;
	QLabel *info_;
	QPushButton *jump_;
	std::string skb_;
	sp::RegionId region_ = 0;
	int64_t base_ = 0; // head offset of the first shown byte
	size_t jumpTo_ = SIZE_MAX;
	size_t shownHash_ = 0; // what is displayed (skb, offsets, bytes): skip rebuilding when unchanged
};
