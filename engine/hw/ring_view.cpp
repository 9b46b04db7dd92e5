// SPDX-License-Identifier: GPL-2.0-or-later
#include "hw/ring_view.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <map>

#include "drivers/ice/ice_lan_tx_rx.h"

namespace hw
{

namespace
{
// Parses "key=value" tokens of the ice_tx_map:packet line.
bool field(std::string_view text, std::string_view key, std::string &out)
{
	size_t p = 0;
	while ((p = text.find(key, p)) != std::string_view::npos) {
		if ((p == 0 || text[p - 1] == ' ') && p + key.size() < text.size() &&
		    text[p + key.size()] == '=') {
			size_t b = p + key.size() + 1, e = text.find(' ', b);
			out = std::string(
			    text.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
			return true;
		}
		p += key.size();
	}
	return false;
}
} // namespace

RingIndex::RingIndex(const sp::Trace &t, const std::string &ring) : t_(t), ring_(ring)
{
	const char *names[] = {"size", "next_to_use", "next_to_clean", "head", "tail", "doorbells",
			       "dma_reads", "writebacks", "free", "stopped"};
	for (int i = 0; i < 10; i++)
		keys_[i] = t.find_key(ring, names[i]);
	region_ = t.find_region(ring + ".desc");
	// Packets: the ice_tx_map:packet lines for this ring, with the step that recorded each.
	sp::StrId anchor = 0;
	for (size_t i = 0; i < t.strings().size(); i++)
		if (t.strings()[i] == "ice_tx_map:packet")
			anchor = (sp::StrId)i;
	if (!anchor)
		return;
	for (size_t i = 0; i < t.size(); i++) {
		const sp::Step &st = t.at(i);
		if (st.kind != sp::StepKind::Line || st.anchor != anchor)
			continue;
		std::string_view tx = t.text(st);
		std::string skb, rn, first, last, len;
		if (!field(tx, "skb", skb) || !field(tx, "ring", rn) || rn != ring || !field(tx, "first", first) ||
		    !field(tx, "last", last) || !field(tx, "len", len))
			continue;
		packets_.push_back({i, {skb, (uint32_t)std::stoul(first), (uint32_t)std::stoul(last),
					(uint32_t)std::stoul(len)}});
	}
}

RingSnapshot RingIndex::at(const sp::State &s) const
{
	RingSnapshot r;
	r.name = ring_;
	auto val = [&](int i) -> int64_t {
		sp::KeyId k = keys_[i];
		return k && t_.keys()[k].born <= s.step ? s.value(k) : 0;
	};
	if (!keys_[0] || t_.keys()[keys_[0]].born > s.step)
		return r;
	r.valid = true;
	r.size = (uint32_t)val(0);
	r.ntu = (uint32_t)val(1);
	r.ntc = (uint32_t)val(2);
	r.head = (uint32_t)val(3);
	r.tail = (uint32_t)val(4);
	r.doorbells = (uint64_t)val(5);
	r.dma_reads = (uint64_t)val(6);
	r.writebacks = (uint64_t)val(7);
	r.free = val(8);
	r.stopped = val(9) != 0;
	if (region_) {
		r.iova = t_.regions()[region_].iova;
		const std::vector<uint8_t> *mem = s.region(region_);
		if (mem) {
			for (uint32_t i = 0; i < r.size && 16ull * i + 16 <= mem->size(); i++) {
				uint64_t q0, q1;
				std::memcpy(&q0, mem->data() + 16 * i, 8);
				std::memcpy(&q1, mem->data() + 16 * i + 8, 8);
				if (!q0 && !q1)
					continue; // never used (the driver always writes a non-zero size or type)
				RingDesc d{i, q0, q1, false, q1};
				if ((q1 & ICE_TXD_QW1_DTYPE_M) == ICE_TX_DESC_DTYPE_DESC_DONE) {
					// The device only rewrote DTYPE; the driver had written DTYPE_DATA (0) there.
					d.done = true;
					d.qw1 = q1 & ~ICE_TXD_QW1_DTYPE_M;
				}
				r.descriptors.push_back(d);
			}
		}
	}
	for (auto &[step, p] : packets_) {
		if (step > s.step)
			break;
		r.packets.push_back(p);
	}
	return r;
}

RingSnapshot ring_snapshot(const sp::Trace &t, const sp::State &s, const std::string &ring)
{
	return RingIndex(t, ring).at(s);
}

static std::string hex64(uint64_t v)
{
	char b[24];
	snprintf(b, sizeof b, "0x%016llx", (unsigned long long)v);
	return b;
}

static std::string json_str(const std::string &s)
{
	std::string o = "\"";
	for (char c : s) {
		if (c == '"' || c == '\\')
			o += '\\';
		if ((unsigned char)c < 0x20) {
			char b[8];
			snprintf(b, sizeof b, "\\u%04x", c);
			o += b;
			continue;
		}
		o += c;
	}
	return o + "\"";
}

std::string ring_json(const RingSnapshot &r)
{
	std::string o = "{";
	auto num = [&](const char *k, uint64_t v, bool comma = true) {
		o += "\"";
		o += k;
		o += "\": " + std::to_string(v);
		if (comma)
			o += ", ";
	};
	num("size", r.size);
	num("ntu", r.ntu);
	num("ntc", r.ntc);
	num("head", r.head);
	num("tail", r.tail);
	num("doorbells", r.doorbells);
	num("dma_reads", r.dma_reads);
	num("writebacks", r.writebacks);
	o += "\"descriptors\": [";
	for (size_t i = 0; i < r.descriptors.size(); i++) {
		const RingDesc &d = r.descriptors[i];
		o += (i ? ", " : "") + std::string("{\"index\": ") + std::to_string(d.index) +
		     ", \"qw0\": \"" + hex64(d.qw0) + "\", \"qw1\": \"" + hex64(d.qw1) + "\"}";
	}
	o += "], \"packets\": [";
	for (size_t i = 0; i < r.packets.size(); i++) {
		const RingPacket &p = r.packets[i];
		o += (i ? ", " : "") + std::string("{\"skb\": ") + json_str(p.skb) +
		     ", \"first\": " + std::to_string(p.first) + ", \"last\": " + std::to_string(p.last) +
		     ", \"len\": " + std::to_string(p.len) + "}";
	}
	o += "]}";
	return o;
}

static std::string cmd_names(uint64_t cmd)
{
	std::string s;
	auto add = [&](const char *n) {
		if (!s.empty())
			s += '|';
		s += n;
	};
	if (cmd & ICE_TX_DESC_CMD_EOP)
		add("EOP");
	if (cmd & ICE_TX_DESC_CMD_RS)
		add("RS");
	if (cmd & ICE_TX_DESC_CMD_IL2TAG1)
		add("IL2TAG1");
	if (cmd & ICE_TX_DESC_CMD_DUMMY)
		add("DUMMY");
	switch (cmd & ICE_TX_DESC_CMD_IIPT_M) {
	case ICE_TX_DESC_CMD_IIPT_IPV6:
		add("IIPT_IPV6");
		break;
	case ICE_TX_DESC_CMD_IIPT_IPV4:
		add("IIPT_IPV4");
		break;
	case ICE_TX_DESC_CMD_IIPT_IPV4_CSUM:
		add("IIPT_IPV4_CSUM");
		break;
	}
	switch (cmd & ICE_TX_DESC_CMD_L4T_M) {
	case ICE_TX_DESC_CMD_L4T_EOFT_TCP:
		add("L4T_TCP");
		break;
	case ICE_TX_DESC_CMD_L4T_EOFT_SCTP:
		add("L4T_SCTP");
		break;
	case ICE_TX_DESC_CMD_L4T_EOFT_UDP:
		add("L4T_UDP");
		break;
	}
	if (cmd & ICE_TX_DESC_CMD_RE)
		add("RE");
	return s.empty() ? "-" : s;
}

std::string ring_table(const RingSnapshot &r)
{
	std::string o;
	char b[512];
	if (!r.valid)
		return r.name + ": no such ring at this step\n";
	snprintf(
	    b, sizeof b,
	    "%s: size %u  ntu %u  ntc %u  free %lld%s  HW head %u  tail %u  doorbells %llu  dma_reads %llu  "
	    "writebacks %llu  iova 0x%llx\n",
	    r.name.c_str(), r.size, r.ntu, r.ntc, (long long)r.free, r.stopped ? " (queue stopped)" : "",
	    r.head, r.tail, (unsigned long long)r.doorbells, (unsigned long long)r.dma_reads,
	    (unsigned long long)r.writebacks, (unsigned long long)r.iova);
	o += b;
	// which packet owns which slot
	std::map<uint32_t, std::string> owner;
	for (const RingPacket &p : r.packets) {
		uint32_t i = p.first;
		for (uint32_t n = 0; n < r.size; n++) {
			owner[i] = p.skb;
			if (i == p.last)
				break;
			i = (i + 1) % (r.size ? r.size : 1);
		}
	}
	snprintf(b, sizeof b, "%5s %-18s %-18s %-5s %-24s %s\n", "slot", "qw0", "qw1", "dtype", "cmd",
		 "fields");
	o += b;
	for (const RingDesc &d : r.descriptors) {
		uint64_t dt = d.qw1 & ICE_TXD_QW1_DTYPE_M;
		std::string fields, dtype, cmd;
		if (dt == ICE_TX_DESC_DTYPE_CTX) {
			dtype = "CTX";
			uint64_t c = (d.qw1 & ICE_TXD_CTX_QW1_CMD_M) >> ICE_TXD_CTX_QW1_CMD_S;
			cmd = std::string(c & ICE_TX_CTX_DESC_TSO ? "TSO" : "") +
			      (c & ICE_TX_CTX_DESC_TSYN ? " TSYN" : "") +
			      (c & ICE_TX_CTX_DESC_IL2TAG2 ? " IL2TAG2" : "") +
			      ((c & 0x30) == ICE_TX_CTX_DESC_SWTCH_UPLINK ? " SWTCH_UPLINK" : "");
			if (cmd.empty())
				cmd = "-";
			snprintf(
			    b, sizeof b, "TSO_LEN %llu MSS %llu L2TAG2 0x%04llx",
			    (unsigned long long)((d.qw1 & ICE_TXD_CTX_QW1_TSO_LEN_M) >>
						 ICE_TXD_CTX_QW1_TSO_LEN_S),
			    (unsigned long long)((d.qw1 & ICE_TXD_CTX_QW1_MSS_M) >> ICE_TXD_CTX_QW1_MSS_S),
			    (unsigned long long)((d.qw0 >> 32) & 0xFFFF));
			fields = b;
		} else {
			dtype = dt == ICE_TX_DESC_DTYPE_DATA ? "DATA" : "?";
			uint64_t c = (d.qw1 & ICE_TXD_QW1_CMD_M) >> ICE_TXD_QW1_CMD_S;
			uint64_t off = (d.qw1 & ICE_TXD_QW1_OFFSET_M) >> ICE_TXD_QW1_OFFSET_S;
			cmd = cmd_names(c);
			snprintf(
			    b, sizeof b, "BUF_SZ %llu MACLEN %llu IPLEN %llu L4LEN %llu L2TAG1 0x%04llx",
			    (unsigned long long)((d.qw1 & ICE_TXD_QW1_TX_BUF_SZ_M) >>
						 ICE_TXD_QW1_TX_BUF_SZ_S),
			    (unsigned long long)(off & 0x7F) * 2, (unsigned long long)((off >> 7) & 0x7F) * 4,
			    (unsigned long long)((off >> 14) & 0xF) * 4,
			    (unsigned long long)((d.qw1 & ICE_TXD_QW1_L2TAG1_M) >> ICE_TXD_QW1_L2TAG1_S));
			fields = b;
		}
		if (d.done)
			fields += "  [written back: DESC_DONE]";
		auto ow = owner.find(d.index);
		if (ow != owner.end())
			fields += "  " + ow->second;
		std::string marks;
		if (d.index == r.ntu)
			marks += " <ntu";
		if (d.index == r.ntc)
			marks += " <ntc";
		if (d.index == r.head)
			marks += " <head";
		snprintf(b, sizeof b, "%5u %s %s %-5s %-24s %s%s\n", d.index, hex64(d.qw0).c_str(),
			 hex64(d.qw1).c_str(), dtype.c_str(), cmd.c_str(), fields.c_str(), marks.c_str());
		o += b;
	}
	o += "packets:\n";
	for (const RingPacket &p : r.packets) {
		snprintf(b, sizeof b, "  %-10s slots %u..%u  len %u\n", p.skb.c_str(), p.first, p.last,
			 p.len);
		o += b;
	}
	return o;
}

} // namespace hw
