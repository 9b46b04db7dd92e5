// SPDX-License-Identifier: GPL-2.0-or-later
#include "skbview.h"

#include <QPainter>

#include "linux/skbuff.h"

using namespace sp;

SkbView::SkbView(TraceCursor *c, QWidget *parent) : CursorView(c, parent)
{
	setObjectName("SkbView");
	setMinimumSize(360, 260);
}

static QColor ownerColour(int owner)
{
	switch ((PageOwner)owner) {
	case PageOwner::PageFrag:
		return QColor(100, 160, 230);
	case PageOwner::UserPinned:
		return QColor(240, 150, 60);
	case PageOwner::Spliced:
		return QColor(120, 190, 110);
	case PageOwner::NetIov:
		return QColor(190, 110, 200);
	case PageOwner::Kernel:
		break;
	}
	return QColor(170, 170, 170);
}

static QString ownerName(int owner)
{
	switch ((PageOwner)owner) {
	case PageOwner::PageFrag:
		return SkbView::tr("kernel page_frag");
	case PageOwner::UserPinned:
		return SkbView::tr("pinned user page");
	case PageOwner::Spliced:
		return SkbView::tr("spliced page");
	case PageOwner::NetIov:
		return SkbView::tr("dma-buf net_iov");
	case PageOwner::Kernel:
		break;
	}
	return SkbView::tr("kernel page");
}

void SkbView::paintEvent(QPaintEvent *)
{
	QPainter p(this);
	p.setRenderHint(QPainter::Antialiasing);
	const QColor text = palette().color(QPalette::WindowText);
	p.setPen(text);
	if (!cur_->hasTrace())
		return;
	const State &s = cur_->state();
	const TraceQuery &q = cur_->query();
	std::string skb = q.current_skb(s.step);
	QFontMetrics fm(font());
	int lh = fm.height();
	if (skb.empty() || !q.key_at(skb, "len", s.step)) {
		p.drawText(
		    rect().adjusted(8, 8, -8, -8), Qt::TextWordWrap,
		    tr("No sk_buff at this step. Step into tcp_sendmsg_locked to watch one being built."));
		return;
	}
	const std::string head = q.head_owner(s, skb); // a clone shows its original's head and shinfo
	auto v = [&](const char *f) {
		return q.value(s, std::string_view(f).rfind("shinfo.", 0) == 0 ? head : skb, f);
	};
	int64_t data = v("data"), tail = v("tail"), end = v("end"), len = v("len"), dlen = v("data_len");
	int y = 8;
	p.drawText(8, y + lh,
		   tr("%1   len %2 = linear %3 + frags %4   truesize %5%6")
		       .arg(QString::fromStdString(skb))
		       .arg(len)
		       .arg(len - dlen)
		       .arg(dlen)
		       .arg(v("truesize"))
		       .arg(v("cloned")
				? (head != skb ? tr("   (clone of %1)").arg(QString::fromStdString(head))
					       : tr("   (cloned)"))
				: QString()));
	y += lh + 10;
	// The head buffer, to scale.
	QRectF bar(8, y, width() - 16, 34);
	double scale = end > 0 ? bar.width() / end : 1;
	auto X = [&](int64_t off) { return bar.left() + off * scale; };
	p.fillRect(bar, QColor(235, 235, 235));
	p.fillRect(QRectF(X(0), bar.top(), X(data) - X(0), bar.height()), QColor(210, 210, 210));
	// Header layers, from the header offsets (0xffff = not set yet).
	int64_t mac = v("mac_header"), net = v("network_header"), th = v("transport_header");
	const auto *headmem = s.region(q.region_at(head + ".head", s.step));
	int64_t doff = 20;
	if (headmem && th != 0xffff && th + 13 < (int64_t)headmem->size())
		doff = ((*headmem)[th + 12] >> 4) * 4;
	struct Layer {
		int64_t from, to;
		QColor c;
		QString name;
	};
	std::vector<Layer> layers;
	if (mac != 0xffff && net != 0xffff && mac < net && mac >= data)
		layers.push_back({mac, net, QColor(250, 210, 120), "Ethernet"});
	if (net != 0xffff && th != 0xffff && net < th && net >= data)
		layers.push_back({net, th, QColor(160, 220, 160), "IPv4"});
	if (th != 0xffff && th >= data && th + doff <= tail)
		layers.push_back({th, th + doff, QColor(150, 190, 240), "TCP"});
	int64_t payload_from = layers.empty() ? data : layers.back().to;
	p.fillRect(QRectF(X(payload_from), bar.top(), X(tail) - X(payload_from), bar.height()),
		   QColor(255, 240, 200));
	for (auto &l : layers) {
		QRectF r(X(l.from), bar.top(), X(l.to) - X(l.from), bar.height());
		p.fillRect(r, l.c);
		p.drawText(r, Qt::AlignCenter, l.name);
	}
	p.setPen(QPen(text, 1));
	p.drawRect(bar);
	auto mark = [&](int64_t off, const QString &name, int row) {
		p.drawLine(QPointF(X(off), bar.top() - 2), QPointF(X(off), bar.bottom() + 4 + row * lh));
		p.drawText(QPointF(X(off) + 2, bar.bottom() + (row + 1) * lh),
			   QString("%1 %2").arg(name).arg(off));
	};
	mark(0, "head", 0);
	mark(data, "data", 1);
	mark(tail, "tail", 2);
	mark(end, "end", 0);
	y = (int)bar.bottom() + 4 * lh;
	p.drawText(
	    8, y,
	    tr("headroom %1 · linear data %2 · tailroom %3").arg(data).arg(tail - data).arg(end - tail));
	y += lh + 6;
	// Frags.
	int nr = (int)v("shinfo.nr_frags");
	p.drawText(8, y,
		   tr("frags: %1   gso_size %2   gso_segs %3   gso_type 0x%4   dataref %5   flags 0x%6")
		       .arg(nr)
		       .arg(v("shinfo.gso_size"))
		       .arg(v("shinfo.gso_segs"))
		       .arg(v("shinfo.gso_type"), 0, 16)
		       .arg(v("shinfo.dataref"))
		       .arg(v("shinfo.flags"), 0, 16));
	y += 6;
	int64_t total = std::max<int64_t>(dlen, 1);
	double fx = 8;
	for (int i = 0; i < nr && i < (int)MAX_SKB_FRAGS; i++) {
		std::string f = "shinfo.frags[" + std::to_string(i) + "]";
		int64_t flen = q.value(s, head, f + ".len"), foff = q.value(s, head, f + ".offset");
		int owner = (int)q.value(s, head, f + ".owner");
		int64_t pid = q.value(s, head, f + ".page");
		double w = std::max(30.0, (width() - 16) * (double)flen / total);
		if (fx + w > width() - 8) {
			fx = 8;
			y += 3 * lh + 8;
		}
		QRectF r(fx, y + 6, w - 4, 3 * lh);
		p.fillRect(r, ownerColour(owner));
		p.drawRect(r);
		QString pname =
		    QString("%1#%2").arg((PageOwner)owner == PageOwner::NetIov ? "niov" : "page").arg(pid);
		int64_t ref = q.value(s, pname.toStdString(), "refcount");
		p.drawText(r.adjusted(3, 1, -2, -1), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
			   tr("[%1] %2 @%3 +%4\n%5 ref %6")
			       .arg(i)
			       .arg(pname)
			       .arg(foff)
			       .arg(flen)
			       .arg(ownerName(owner))
			       .arg(ref));
		fx += w;
	}
	y += 3 * lh + 16;
	// Legend.
	fx = 8;
	for (int o : {1, 2, 3, 4}) {
		p.fillRect(QRectF(fx, y, 12, 12), ownerColour(o));
		p.drawText(QPointF(fx + 16, y + 11), ownerName(o));
		fx += fm.horizontalAdvance(ownerName(o)) + 36;
	}
}
