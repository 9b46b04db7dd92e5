// SPDX-License-Identifier: GPL-2.0-or-later
#include "headerview.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <functional>

using namespace sp;

HeaderView::HeaderView(TraceCursor *c, QWidget *parent) : CursorView(c, parent)
{
	setObjectName("HeaderView");
	auto *lay = new QVBoxLayout(this);
	lay->setContentsMargins(2, 2, 2, 2);
	auto *split = new QSplitter(Qt::Vertical, this);
	tree_ = new QTreeWidget(split);
	tree_->setColumnCount(2);
	hex_ = new QTableWidget(0, 16, split);
	hex_->setFont(QFont("DejaVu Sans Mono"));
	hex_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
	hex_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
	hex_->setEditTriggers(QAbstractItemView::NoEditTriggers);
	lay->addWidget(split, 1);
	auto *row = new QHBoxLayout;
	info_ = new QLabel(this);
	info_->setWordWrap(true);
	jump_ = new QPushButton(this);
	jump_->setEnabled(false);
	row->addWidget(info_, 1);
	row->addWidget(jump_);
	lay->addLayout(row);
	connect(tree_, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *it) {
		selectRange(it->data(0, Qt::UserRole).toInt(), it->data(0, Qt::UserRole + 1).toInt());
	});
	connect(hex_, &QTableWidget::cellClicked, this, [this](int r, int col) {
		int idx = r * 16 + col;
		// Select the innermost dissection field covering this byte.
		QTreeWidgetItem *best = nullptr;
		std::function<void(QTreeWidgetItem *)> walk = [&](QTreeWidgetItem *it) {
			int a = it->data(0, Qt::UserRole).toInt(), b = it->data(0, Qt::UserRole + 1).toInt();
			if (idx >= a && idx < b)
				best = it;
			for (int i = 0; i < it->childCount(); i++)
				walk(it->child(i));
		};
		for (int i = 0; i < tree_->topLevelItemCount(); i++)
			walk(tree_->topLevelItem(i));
		if (best)
			tree_->setCurrentItem(best);
		auto w = writerOf((uint32_t)(base_ + idx));
		jumpTo_ = w ? *w : SIZE_MAX;
		jump_->setEnabled(w.has_value());
		if (w) {
			const Trace &t = cur_->trace();
			info_->setText(tr("Byte %1 of %2 was written at step %3 by %4")
					   .arg(base_ + idx)
					   .arg(QString::fromStdString(skb_))
					   .arg(*w)
					   .arg(QString::fromStdString(t.str(t.at(*w).fn))));
		} else {
			info_->setText(tr("Byte %1 has not been written yet").arg(base_ + idx));
		}
	});
	connect(jump_, &QPushButton::clicked, this, [this] {
		if (jumpTo_ != SIZE_MAX)
			cur_->setStep(jumpTo_);
	});
	retranslate();
}

std::optional<size_t> HeaderView::writerOf(uint32_t off) const
{
	if (!region_)
		return std::nullopt;
	return cur_->index().who_wrote_byte(region_, off, cur_->step());
}

void HeaderView::selectRange(int from, int to)
{
	hex_->clearSelection();
	for (int i = from; i < to; i++)
		if (auto *it = hex_->item(i / 16, i % 16))
			it->setSelected(true);
}

static uint16_t be16(const std::vector<uint8_t> &b, size_t o)
{
	return o + 1 < b.size() ? (uint16_t)(b[o] << 8 | b[o + 1]) : 0;
}
static uint32_t be32(const std::vector<uint8_t> &b, size_t o)
{
	return o + 3 < b.size() ? (uint32_t)be16(b, o) << 16 | be16(b, o + 2) : 0;
}

void HeaderView::retranslate()
{
	tree_->setHeaderLabels({tr("Field"), tr("Value")});
	jump_->setText(tr("Go to writer"));
	CursorView::retranslate();
}

void HeaderView::refresh()
{
	if (!cur_->hasTrace()) {
		tree_->clear();
		hex_->setRowCount(0);
		region_ = 0;
		return;
	}
	const State &s = cur_->state();
	const TraceQuery &q = cur_->query();
	{
		// Nothing to rebuild if the same skb shows the same bytes with the same header offsets.
		std::string skb = q.current_skb(s.step);
		RegionId rg = skb.empty() ? 0 : q.region_at(q.head_owner(s, skb) + ".head", s.step);
		size_t h = std::hash<std::string>()(skb) ^ (rg * 0x9e3779b97f4a7c15ull);
		for (const char *f :
		     {"data", "tail", "mac_header", "network_header", "transport_header", "data_len"})
			h = h * 1000003 ^ (size_t)(skb.empty() ? 0 : q.value(s, skb, f));
		if (const auto *m = s.region(rg))
			h ^= std::hash<std::string_view>()(
			    std::string_view((const char *)m->data(), m->size()));
		h ^= (size_t)isVisible() << 1;
		if (h == shownHash_ && tree_->topLevelItemCount())
			return;
		shownHash_ = h;
	}
	tree_->clear();
	hex_->setRowCount(0);
	region_ = 0;
	skb_ = q.current_skb(s.step);
	if (skb_.empty()) {
		info_->setText(tr("No sk_buff at this step."));
		return;
	}
	region_ = q.region_at(q.head_owner(s, skb_) + ".head", s.step);
	const auto *mem = s.region(region_);
	if (!mem) {
		info_->setText(tr("%1 has no bytes yet.").arg(QString::fromStdString(skb_)));
		return;
	}
	int64_t data = q.value(s, skb_, "data"), tail = q.value(s, skb_, "tail");
	int64_t mac = q.value(s, skb_, "mac_header"), net = q.value(s, skb_, "network_header"),
		th = q.value(s, skb_, "transport_header");
	base_ = std::min<int64_t>(data, mac != 0xffff ? mac : data);
	std::vector<uint8_t> b(mem->begin() + std::min<int64_t>(base_, mem->size()),
			       mem->begin() + std::min<int64_t>(std::max(tail, base_), mem->size()));
	hex_->setRowCount((int)(b.size() + 15) / 16);
	for (size_t i = 0; i < b.size(); i++)
		hex_->setItem((int)i / 16, (int)i % 16,
			      new QTableWidgetItem(QString("%1").arg(b[i], 2, 16, QChar('0'))));
	auto field = [&](QTreeWidgetItem *parent, const QString &name, const QString &val, int64_t from,
			 int64_t len) {
		auto *it = new QTreeWidgetItem(parent, {name, val});
		it->setData(0, Qt::UserRole, (int)(from - base_));
		it->setData(0, Qt::UserRole + 1, (int)(from - base_ + len));
		return it;
	};
	auto layer = [&](const QString &name, int64_t from, int64_t len) {
		auto *it = new QTreeWidgetItem(tree_, {name, tr("%1 bytes at head+%2").arg(len).arg(from)});
		it->setData(0, Qt::UserRole, (int)(from - base_));
		it->setData(0, Qt::UserRole + 1, (int)(from - base_ + len));
		it->setExpanded(true);
		return it;
	};
	auto at = [&](int64_t off) { return (size_t)(off - base_); };
	if (mac != 0xffff && mac >= base_ && mac + 14 <= tail) {
		auto *e = layer("Ethernet II", mac, 14);
		auto macs = [&](int64_t o) {
			QStringList p;
			for (int i = 0; i < 6; i++)
				p << QString("%1").arg(b[at(o) + i], 2, 16, QChar('0'));
			return p.join(':');
		};
		field(e, tr("Destination"), macs(mac), mac, 6);
		field(e, tr("Source"), macs(mac + 6), mac + 6, 6);
		field(e, tr("Type"), QString("0x%1").arg(be16(b, at(mac + 12)), 4, 16, QChar('0')), mac + 12,
		      2);
	}
	if (net != 0xffff && net >= base_ && net + 20 <= tail) {
		size_t o = at(net);
		auto *ip = layer("IPv4", net, (b[o] & 15) * 4);
		auto addr = [&](size_t x) {
			return QString("%1.%2.%3.%4").arg(b[x]).arg(b[x + 1]).arg(b[x + 2]).arg(b[x + 3]);
		};
		field(ip, tr("Version / IHL"), QString("%1 / %2 bytes").arg(b[o] >> 4).arg((b[o] & 15) * 4),
		      net, 1);
		field(ip, tr("TOS"), QString::number(b[o + 1]), net + 1, 1);
		field(ip, tr("Total length"), QString::number(be16(b, o + 2)), net + 2, 2);
		field(ip, tr("Identification"), QString::number(be16(b, o + 4)), net + 4, 2);
		uint16_t ff = be16(b, o + 6);
		field(ip, tr("Flags / fragment offset"),
		      QString("%1%2 %3")
			  .arg(ff & 0x4000 ? "DF " : "")
			  .arg(ff & 0x2000 ? "MF" : "")
			  .arg(ff & 0x1fff),
		      net + 6, 2);
		field(ip, tr("TTL"), QString::number(b[o + 8]), net + 8, 1);
		field(ip, tr("Protocol"), QString::number(b[o + 9]), net + 9, 1);
		field(ip, tr("Header checksum"), QString("0x%1").arg(be16(b, o + 10), 4, 16, QChar('0')),
		      net + 10, 2);
		field(ip, tr("Source"), addr(o + 12), net + 12, 4);
		field(ip, tr("Destination"), addr(o + 16), net + 16, 4);
	}
	if (th != 0xffff && th >= base_ && th + 20 <= tail) {
		size_t o = at(th);
		int doff = (b[o + 12] >> 4) * 4;
		auto *tcp = layer("TCP", th, doff);
		field(tcp, tr("Source port"), QString::number(be16(b, o)), th, 2);
		field(tcp, tr("Destination port"), QString::number(be16(b, o + 2)), th + 2, 2);
		field(tcp, tr("Sequence number"), QString::number(be32(b, o + 4)), th + 4, 4);
		field(tcp, tr("Acknowledgment number"), QString::number(be32(b, o + 8)), th + 8, 4);
		QStringList fl;
		const char *names[] = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
		for (int i = 0; i < 8; i++)
			if (b[o + 13] & (1 << i))
				fl << names[i];
		field(tcp, tr("Header length / flags"), QString("%1 bytes, %2").arg(doff).arg(fl.join(' ')),
		      th + 12, 2);
		field(tcp, tr("Window"), QString::number(be16(b, o + 14)), th + 14, 2);
		field(tcp, tr("Checksum"), QString("0x%1").arg(be16(b, o + 16), 4, 16, QChar('0')), th + 16,
		      2);
		field(tcp, tr("Urgent pointer"), QString::number(be16(b, o + 18)), th + 18, 2);
		// Options.
		for (int i = 20; i < doff && o + i < b.size();) {
			uint8_t kind = b[o + i];
			if (kind == 1) {
				field(tcp, tr("Option"), "NOP", th + i, 1);
				i++;
				continue;
			}
			if (kind == 0 || o + i + 1 >= b.size())
				break;
			uint8_t l = b[o + i + 1];
			if (l < 2)
				break;
			QString v;
			if (kind == 2)
				v = QString("MSS %1").arg(be16(b, o + i + 2));
			else if (kind == 3)
				v = QString("WS %1").arg(b[o + i + 2]);
			else if (kind == 4)
				v = "SACK_PERM";
			else if (kind == 8)
				v = QString("TS val %1 ecr %2")
					.arg(be32(b, o + i + 2))
					.arg(be32(b, o + i + 6));
			else if (kind == 5)
				v = QString("SACK %1 block(s)").arg((l - 2) / 8);
			else
				v = QString("kind %1 len %2").arg(kind).arg(l);
			field(tcp, tr("Option"), v, th + i, l);
			i += l;
		}
		int64_t pay = tail - (th + doff);
		if (pay > 0)
			layer(tr("Payload (linear part)"), th + doff, pay);
	}
	if (tree_->topLevelItemCount() == 0 && tail > data)
		layer(tr("Data (no headers pushed yet)"), data, tail - data);
	int64_t dlen = q.value(s, skb_, "data_len");
	info_->setText(tr("%1: %2 linear bytes shown; %3 bytes in frags (see the X-ray). Click a byte to see "
			  "which step wrote it.")
			   .arg(QString::fromStdString(skb_))
			   .arg(b.size())
			   .arg(dlen));
}
