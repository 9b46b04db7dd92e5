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

void SkbView::refresh()
{
	Shown n;
	bool has = cur_->hasTrace();
	if (has) {
		const State &s = cur_->state();
		const TraceQuery &q = cur_->query();
		std::string skb = q.current_skb(s.step);
		if (!skb.empty() && q.key_at(skb, "len", s.step)) {
			// A clone shows its original's head and shinfo.
			const std::string head = q.head_owner(s, skb);
			auto v = [&](const char *f) {
				return q.value(s, std::string_view(f).rfind("shinfo.", 0) == 0 ? head : skb,
					       f);
			};
			n.skbHere = true;
			n.skb = QString::fromStdString(skb);
			n.head = QString::fromStdString(head);
			n.data = v("data"), n.tail = v("tail"), n.end = v("end"), n.len = v("len");
			n.dlen = v("data_len"), n.truesize = v("truesize"), n.cloned = v("cloned");
			// Header layers, from the header offsets (0xffff = not set yet).
			n.mac = v("mac_header"), n.net = v("network_header"), n.th = v("transport_header");
			const auto *headmem = s.region(q.region_at(head + ".head", s.step));
			n.doff = 20;
			if (headmem && n.th != 0xffff && n.th + 13 < (int64_t)headmem->size())
				n.doff = ((*headmem)[n.th + 12] >> 4) * 4;
			n.nrFrags = v("shinfo.nr_frags");
			n.gsoSize = v("shinfo.gso_size"), n.gsoSegs = v("shinfo.gso_segs");
			n.gsoType = v("shinfo.gso_type"), n.dataref = v("shinfo.dataref"),
			n.flags = v("shinfo.flags");
			for (int i = 0; i < n.nrFrags && i < (int)MAX_SKB_FRAGS; i++) {
				std::string f = "shinfo.frags[" + std::to_string(i) + "]";
				Frag fr;
				fr.len = q.value(s, head, f + ".len"),
				fr.off = q.value(s, head, f + ".offset");
				fr.owner = (int)q.value(s, head, f + ".owner");
				fr.page = q.value(s, head, f + ".page");
				std::string pname =
				    ((PageOwner)fr.owner == PageOwner::NetIov ? "niov#" : "page#") +
				    std::to_string(fr.page);
				fr.ref = q.value(s, pname, "refcount");
				n.frags.push_back(fr);
			}
		}
	}
	if (has == hasTrace_ && n == shown_)
		return;
	hasTrace_ = has;
	shown_ = std::move(n);
	update();
}

void SkbView::paintEvent(QPaintEvent *)
{
	QPainter p(this);
	p.setRenderHint(QPainter::Antialiasing);
	const QColor text = palette().color(QPalette::WindowText);
	p.setPen(text);
	if (!hasTrace_)
		return;
	const Shown &n = shown_;
	QFontMetrics fm(font());
	int lh = fm.height();
	if (!n.skbHere) {
		p.drawText(
		    rect().adjusted(8, 8, -8, -8), Qt::TextWordWrap,
		    tr("No sk_buff at this step. Step into tcp_sendmsg_locked to watch one being built."));
		return;
	}
	const int64_t data = n.data, tail = n.tail, end = n.end, len = n.len, dlen = n.dlen;
	int y = 8;
	p.drawText(8, y + lh,
		   tr("%1   len %2 = linear %3 + frags %4   truesize %5%6")
		       .arg(n.skb)
		       .arg(len)
		       .arg(len - dlen)
		       .arg(dlen)
		       .arg(n.truesize)
		       .arg(n.cloned
				? (n.head != n.skb ? tr("   (clone of %1)").arg(n.head) : tr("   (cloned)"))
				: QString()));
	y += lh + 10;
	// The head buffer, to scale.
	QRectF bar(8, y, width() - 16, 34);
	double scale = end > 0 ? bar.width() / end : 1;
	auto X = [&](int64_t off) { return bar.left() + off * scale; };
	p.fillRect(bar, QColor(235, 235, 235));
	p.fillRect(QRectF(X(0), bar.top(), X(data) - X(0), bar.height()), QColor(210, 210, 210));
	const int64_t mac = n.mac, net = n.net, th = n.th, doff = n.doff;
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
	p.drawText(8, y,
		   tr("frags: %1   gso_size %2   gso_segs %3   gso_type 0x%4   dataref %5   flags 0x%6")
		       .arg(n.nrFrags)
		       .arg(n.gsoSize)
		       .arg(n.gsoSegs)
		       .arg(n.gsoType, 0, 16)
		       .arg(n.dataref)
		       .arg(n.flags, 0, 16));
	y += 6;
	int64_t total = std::max<int64_t>(dlen, 1);
	double fx = 8;
	for (size_t i = 0; i < n.frags.size(); i++) {
		const Frag &f = n.frags[i];
		double w = std::max(30.0, (width() - 16) * (double)f.len / total);
		if (fx + w > width() - 8) {
			fx = 8;
			y += 3 * lh + 8;
		}
		QRectF r(fx, y + 6, w - 4, 3 * lh);
		p.fillRect(r, ownerColour(f.owner));
		p.drawRect(r);
		QString pname = QString("%1#%2")
				    .arg((PageOwner)f.owner == PageOwner::NetIov ? "niov" : "page")
				    .arg(f.page);
		p.drawText(r.adjusted(3, 1, -2, -1), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
			   tr("[%1] %2 @%3 +%4\n%5 ref %6")
			       .arg(i)
			       .arg(pname)
			       .arg(f.off)
			       .arg(f.len)
			       .arg(ownerName(f.owner))
			       .arg(f.ref));
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
