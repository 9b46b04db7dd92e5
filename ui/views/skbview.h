// SPDX-License-Identifier: GPL-2.0-or-later
// sk_buff X-ray: the head buffer to scale (headroom, pushed headers, data, tailroom), the frags
// with their pages and owners, and the skb_shared_info fields, for the skb of the current step.
#pragma once
#include "cursorview.h"

class SkbView : public CursorView
{
	Q_OBJECT
public:
	explicit SkbView(TraceCursor *c, QWidget *parent = nullptr);
	QString title() const override { return tr("sk_buff X-ray"); }
	QSize sizeHint() const override { return {520, 360}; }

protected:
	void refresh() override;
	void invalidate() override { update(); }
	void paintEvent(QPaintEvent *) override;

private:
	// Everything the X-ray draws, read from the state in refresh(): a step that changes none of it
	// does not repaint.
	struct Frag {
		int64_t len, off, page, ref;
		int owner;
		bool operator==(const Frag &) const = default;
	};
	struct Shown {
		bool skbHere = false; // an skb with a length at this step
		QString skb, head;    // head: the skb whose head and shinfo it shows (a clone's original)
		int64_t data = 0, tail = 0, end = 0, len = 0, dlen = 0, truesize = 0, cloned = 0;
		int64_t mac = 0, net = 0, th = 0, doff = 0;
		int64_t nrFrags = 0, gsoSize = 0, gsoSegs = 0, gsoType = 0, dataref = 0, flags = 0;
		std::vector<Frag> frags;
		bool operator==(const Shown &) const = default;
	};
	Shown shown_;
	bool hasTrace_ = false;
};
