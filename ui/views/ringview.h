// SPDX-License-Identifier: GPL-2.0-or-later
// NIC ring: the E810 TX descriptor ring as a ring of slots coloured by state, the NTU/NTC/head/
// tail pointers, the doorbell flashing, DMA reads as arrows, decoded descriptor words on click.
#pragma once
#include "cursorview.h"
#include <memory>

#include "hw/ring_view.h"

class QLabel;

class RingView : public CursorView
{
	Q_OBJECT
public:
	explicit RingView(TraceCursor *c, QWidget *parent = nullptr);
	QString title() const override { return tr("NIC ring (E810 queue 0)"); }
	const hw::RingSnapshot &snapshot() const { return snap_; }

protected:
	void traceReset() override;
	void invalidate() override { shownKey_.clear(); }
	void refresh() override;
	void paintEvent(QPaintEvent *) override;
	void mousePressEvent(QMouseEvent *e) override;
	void resizeEvent(QResizeEvent *) override;

private:
	QPointF slotPos(uint32_t i, double r) const;
	hw::RingSnapshot snap_;
	std::unique_ptr<hw::RingIndex> index_;
	QLabel *detail_;
	int selected_ = -1;
	QString event_; // "doorbell", "dma_read", "writeback" at this step
	QString eventText_;
	// Everything the ring, the centre and the detail line show: a step that changes none of it
	// (most steps outside the driver) neither repaints nor touches the label.
	std::vector<uint64_t> shownKey_;
};
