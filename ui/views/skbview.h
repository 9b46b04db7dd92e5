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
	void refresh() override { update(); }
	void paintEvent(QPaintEvent *) override;
};
