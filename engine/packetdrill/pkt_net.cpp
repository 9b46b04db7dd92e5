// SPDX-License-Identifier: GPL-2.0-or-later
// Packets in and out of the model for the packetdrill interpreter.
//  * Out: the device puts TSO segments on the wire (World::wire_out). packetdrill reads whole GSO
//    packets from its tun device, so the frames of one skb ("skbN seg k/n" in the frame comment)
//    are joined back: seq and CWR from the first segment, PSH/FIN from the last (the device
//    clears them on the others), payloads concatenated. The time is the first segment's.
//  * In: a `<` line becomes an Ethernet/IPv4/TCP frame with the script's values mapped to the
//    live connection (ack and SACK blocks by the kernel's ISN, TS ecr by the TS vals seen).
#include <cstdio>
#include <cstring>

#include "net/checksum.h"
#include "net/ip.h"
#include "net/tcp.h"
#include "packetdrill/pkt_interp.h"
#include "sim/peer.h"

namespace sp::pkt
{

namespace
{

uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}
uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v;
}
void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

std::string flags_text(uint8_t f)
{
	// packetdrill/tcpdump order: S F R P U E W, then '.' for ACK
	std::string s;
	const char *names = "SFRPUEW";
	const uint8_t bits[] = {0x02, 0x01, 0x04, 0x08, 0x20, 0x40, 0x80};
	for (int i = 0; i < 7; i++)
		if (f & bits[i])
			s += names[i];
	if (f & 0x10)
		s += '.';
	return s;
}

struct LiveOpt {
	uint8_t kind;
	std::vector<uint8_t> data;
};
std::vector<LiveOpt> parse_opts(const std::vector<uint8_t> &o)
{
	std::vector<LiveOpt> out;
	for (size_t i = 0; i < o.size();) {
		uint8_t k = o[i];
		if (k == 0 || k == 1) {
			out.push_back({k, {}});
			i++;
			if (k == 0)
				break;
			continue;
		}
		if (i + 1 >= o.size() || o[i + 1] < 2 || i + o[i + 1] > o.size())
			break;
		out.push_back({k, std::vector<uint8_t>(o.begin() + i + 2, o.begin() + i + o[i + 1])});
		i += o[i + 1];
	}
	return out;
}

} // namespace

std::string time_str(uint64_t ns)
{
	char b[32];
	snprintf(b, sizeof b, "%.6f", ns / 1e9);
	return b;
}

void Interp::on_frame(const uint8_t *f, size_t n)
{
	if (n < 14 + 20 + 20 || rd16(f + 12) != 0x0800)
		return; // not IPv4 (packetdrill's tun sees IP only)
	const uint8_t *ip = f + 14;
	unsigned ihl = (ip[0] & 0x0f) * 4u, tot = rd16(ip + 2);
	if (ip[9] != IPPROTO_TCP || ihl < 20 || tot > n - 14 || tot < ihl + 20)
		return;
	const uint8_t *th = ip + ihl;
	unsigned doff = (th[12] >> 4) * 4u;
	if (doff < 20 || ihl + doff > tot)
		return;
	LivePacket seg;
	seg.time_ns = seg.last_time_ns = w_.sim.now_ns();
	seg.tos = ip[1];
	seg.sport = rd16(th);
	seg.dport = rd16(th + 2);
	seg.seq = rd32(th + 4);
	seg.ack = rd32(th + 8);
	seg.flags = th[13];
	seg.win = rd16(th + 14);
	seg.opts.assign(th + 20, th + doff);
	seg.payload.assign(th + doff, ip + tot);
	seg.segs = 1;
	// "step N skbM seg k/n": which TSO segment of its skb this frame is (engine/hw/e810.cpp)
	unsigned k = 1, cnt = 1;
	if (!w_.wire.empty()) {
		const std::string &c = w_.wire.back().comment;
		auto p = c.rfind(" seg ");
		if (p == std::string::npos || sscanf(c.c_str() + p, " seg %u/%u", &k, &cnt) != 2)
			k = cnt = 1;
	}
	// Each new connection's first SYN (or SYN-ACK) sets the mapping; a retransmission has the
	// same ISN.
	if ((seg.flags & TCPHDR_SYN) && (!have_local_isn_ || seg.seq != local_isn_live_)) {
		have_local_isn_ = true;
		local_isn_live_ = seg.seq;
		local_port_ = seg.sport;
		// packetdrill takes the live tuple from the kernel's SYN / SYN-ACK, so do we.
		memcpy(&local_ip_raw_, ip + 12, 4);
		memcpy(&remote_ip_raw_, ip + 16, 4);
	}
	// packetdrill looks only at the packets of the socket under test: a late packet of an
	// earlier connection of the script (e.g. its FIN retransmitted) is not matched.
	if (have_local_isn_ && seg.sport != local_port_) {
		if (k >= cnt)
			r_.warnings.push_back(s_.path + ": ignored a packet of an earlier connection: " +
					      describe_live(seg) + " at " + time_str(seg.time_ns));
		return;
	}
	if (k == 1 || !have_partial_) {
		partial_ = std::move(seg);
		have_partial_ = true;
	} else {
		partial_.payload.insert(partial_.payload.end(), seg.payload.begin(), seg.payload.end());
		partial_.flags = (uint8_t)((partial_.flags & ~(TCPHDR_PSH | TCPHDR_FIN)) |
					   (seg.flags & (TCPHDR_PSH | TCPHDR_FIN)));
		partial_.last_time_ns = seg.time_ns;
		partial_.segs++;
	}
	if (k >= cnt) {
		outq_.push_back(std::move(partial_));
		have_partial_ = false;
		if (ahead_active_)
			ahead_drive();
	}
}

void Interp::inject(const PacketSpec &p, int line)
{
	std::vector<uint8_t> opt;
	for (auto &o : p.opts) {
		if (o.kind == "nop")
			opt.push_back(1);
		else if (o.kind == "eol")
			opt.push_back(0);
		else if (o.kind == "mss")
			opt.insert(opt.end(), {2, 4, (uint8_t)(o.a >> 8), (uint8_t)o.a});
		else if (o.kind == "wscale")
			opt.insert(opt.end(), {3, 3, (uint8_t)o.a});
		else if (o.kind == "sackOK")
			opt.insert(opt.end(), {4, 2});
		else if (o.kind == "TS") {
			uint32_t ecr = o.b;
			auto it = ts_val_map_.find(o.b);
			if (it != ts_val_map_.end())
				ecr = it->second;
			else if (have_ts_base_ && o.b)
				ecr = (uint32_t)(o.b + ts_base_delta_);
			uint8_t b[10] = {8, 10};
			wr32(b + 2, o.a);
			wr32(b + 6, ecr);
			opt.insert(opt.end(), b, b + 10);
		} else if (o.kind == "FO") {
			opt.push_back(34);
			opt.push_back((uint8_t)(2 + o.cookie.size()));
			opt.insert(opt.end(), o.cookie.begin(), o.cookie.end());
		} else if (o.kind == "FOEXP") {
			opt.insert(opt.end(), {254, (uint8_t)(4 + o.cookie.size()), 0xF9, 0x89});
			opt.insert(opt.end(), o.cookie.begin(), o.cookie.end());
		} else if (o.kind == "sack") {
			opt.push_back(5);
			opt.push_back((uint8_t)(2 + 8 * o.blocks.size()));
			for (auto &[s, e] : o.blocks) {
				uint8_t b[8];
				wr32(b, s - local_isn_script_ + local_isn_live_);
				wr32(b + 4, e - local_isn_script_ + local_isn_live_);
				opt.insert(opt.end(), b, b + 8);
			}
		} else {
			unsupported(line, "TCP option '" + o.kind.substr(o.kind.find(':') + 1) +
					      "' in an inbound packet");
		}
	}
	while (opt.size() % 4)
		opt.push_back(0);
	if (opt.size() > 40)
		unsupported(line, "more than 40 bytes of TCP options");
	unsigned thl = 20 + (unsigned)opt.size(), tot = 20 + thl + p.len;
	std::vector<uint8_t> f(14 + tot, 0);
	static const uint8_t remote_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};
	if (w_.dev)
		memcpy(f.data(), w_.dev->dev_addr, 6);
	memcpy(f.data() + 6, remote_mac, 6);
	wr16(f.data() + 12, 0x0800);
	uint8_t *ip = f.data() + 14;
	ip[0] = 0x45;
	ip[1] = p.ecn == "ect0" ? 2 : p.ecn == "ect1" ? 1 : p.ecn == "ce" ? 3 : 0;
	wr16(ip + 2, (uint16_t)tot);
	wr16(ip + 6, 0x4000); // DF
	ip[8] = 64;
	ip[9] = IPPROTO_TCP;
	__be32 saddr = remote_ip_raw_ ? remote_ip_raw_ : htonl(SP_PEER_IP);
	__be32 daddr = local_ip_raw_ ? local_ip_raw_ : htonl(SP_HOST_IP);
	memcpy(ip + 12, &saddr, 4);
	memcpy(ip + 16, &daddr, 4);
	__sum16 ic = ip_fast_csum(ip, 5);
	memcpy(ip + 10, &ic, 2);
	uint8_t *th = ip + 20;
	wr16(th, remote_port_);
	wr16(th + 2, local_port_);
	if (p.flags & TCPHDR_SYN)
		remote_isn_ = p.seq;
	wr32(th + 4, (p.flags & TCPHDR_SYN) ? p.seq : p.seq + remote_isn_);
	uint32_t ack = p.has_ack ? p.ack : 0;
	if ((p.flags & TCPHDR_ACK) && have_local_isn_)
		ack = ack - local_isn_script_ + local_isn_live_;
	wr32(th + 8, ack);
	th[12] = (uint8_t)((thl / 4) << 4);
	th[13] = p.flags;
	wr16(th + 14, (uint16_t)p.win);
	if (p.has_urg)
		wr16(th + 18, (uint16_t)p.urg);
	if (!opt.empty())
		memcpy(th + 20, opt.data(), opt.size());
	__sum16 c = csum_tcpudp_magic(saddr, daddr, thl + p.len, IPPROTO_TCP,
				      csum_partial(th, (int)(thl + p.len), 0));
	memcpy(th + 16, &c, 2);

	w_.wire_in(f.data(), f.size(), "script line " + std::to_string(line));
	// Model: packetdrill writes into the tun device (netif_rx, the IP layer); the model builds
	// the skb and enters TCP directly, as the peer model does (engine/sim/peer.cpp).
	sk_buff *skb = alloc_skb((unsigned)f.size() + NET_SKB_PAD, GFP_ATOMIC);
	skb_reserve(skb, NET_SKB_PAD);
	u32 at = skb_put(skb, (unsigned)f.size());
	skb->write(at, f.data(), (u32)f.size());
	skb->mac_header = (u16)skb->data;
	skb_pull(skb, 14);
	skb->network_header = (u16)skb->data;
	skb->protocol = ETH_P_IP;
	skb->dev = w_.dev;
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	tcp_v4_rcv(skb);
}

std::string Interp::describe_live(const LivePacket &p) const
{
	uint32_t seq = have_local_isn_ ? p.seq - local_isn_live_ + local_isn_script_ : p.seq;
	uint32_t len = (uint32_t)p.payload.size();
	std::string s = "> " + flags_text(p.flags) + " " + std::to_string(seq) + ":" +
			std::to_string(seq + len) + "(" + std::to_string(len) + ")";
	if (p.flags & TCPHDR_ACK)
		s += " ack " + std::to_string(p.ack - remote_isn_);
	s += " win " + std::to_string(p.win);
	auto opts = parse_opts(p.opts);
	if (!opts.empty()) {
		s += " <";
		for (size_t i = 0; i < opts.size(); i++) {
			auto &o = opts[i];
			s += i ? "," : "";
			const auto &d = o.data;
			if (o.kind == 1)
				s += "nop";
			else if (o.kind == 0)
				s += "eol";
			else if (o.kind == 2 && d.size() == 2)
				s += "mss " + std::to_string(rd16(d.data()));
			else if (o.kind == 3 && d.size() == 1)
				s += "wscale " + std::to_string(d[0]);
			else if (o.kind == 4)
				s += "sackOK";
			else if (o.kind == 8 && d.size() == 8)
				s += "TS val " + std::to_string(rd32(d.data())) + " ecr " +
				     std::to_string(rd32(d.data() + 4));
			else if (o.kind == 34 ||
				 (o.kind == 254 && d.size() >= 2 && rd16(d.data()) == 0xF989)) {
				s += o.kind == 34 ? "FO" : "FOEXP";
				char h[3];
				for (size_t b = o.kind == 34 ? 0 : 2; b < d.size(); b++) {
					snprintf(h, sizeof h, "%02x", d[b]);
					s += (b == (o.kind == 34 ? 0u : 2u) ? " " : "") + std::string(h);
				}
			} else if (o.kind == 5) {
				s += "sack";
				for (size_t b = 0; b + 8 <= d.size(); b += 8)
					s += " " + std::to_string(rd32(d.data() + b)) + ":" +
					     std::to_string(rd32(d.data() + b + 4));
			} else
				s += "kind " + std::to_string(o.kind);
		}
		s += ">";
	}
	if (p.segs > 1)
		s += " (" + std::to_string(p.segs) + " TSO segments)";
	return s;
}

bool Interp::take_live(LivePacket &live, uint32_t want_len, bool wait, uint64_t deadline)
{
	auto pull = [&]() -> bool {
		while (outq_.empty() && wait) {
			uint64_t nt = w_.sim.next_event_time();
			if (nt == UINT64_MAX || nt > deadline || w_.sim.stopped)
				return false;
			w_.sim.run(nt);
		}
		return !outq_.empty();
	};
	if (!pull())
		return false;
	live = std::move(outq_.front());
	outq_.pop_front();
	// Aggregation (packetdrill without --strict_segments): consecutive packets make one line.
	while (!cfg.strict_segments && live.payload.size() < want_len && pull()) {
		LivePacket &nx = outq_.front();
		if (nx.seq != live.seq + (uint32_t)live.payload.size() || nx.ack != live.ack)
			break;
		live.payload.insert(live.payload.end(), nx.payload.begin(), nx.payload.end());
		live.flags = (uint8_t)((live.flags & ~(TCPHDR_PSH | TCPHDR_FIN)) |
				       (nx.flags & (TCPHDR_PSH | TCPHDR_FIN)));
		live.last_time_ns = nx.last_time_ns;
		live.segs += nx.segs;
		outq_.pop_front();
	}
	return true;
}

uint64_t Interp::expect_packet(const Event &ev, uint64_t t_exp, uint64_t t_end, int64_t tol_us)
{
	// packetdrill blocks on the tun device until a packet comes; the model runs its events. Wait
	// well past the expected time so a late packet is reported with its time.
	const uint64_t deadline = std::max(t_exp, t_end) + (uint64_t)tol_us * 1000 + 5 * NSEC_PER_SEC;
	LivePacket live;
	if (!take_live(live, ev.pkt.len, true, deadline))
		mismatch(ev.line, "expected outbound packet at " + time_str(t_exp) +
				      " but the stack sent nothing (waited until " +
				      time_str(std::min<uint64_t>(deadline, w_.sim.now_ns())) + ")");
	check_packet(ev, live, t_exp, t_end, tol_us);
	return live.last_time_ns;
}

void Interp::check_packet(const Event &ev, const LivePacket &live, uint64_t t_exp, uint64_t t_end,
			  int64_t tol_us)
{
	const PacketSpec &p = ev.pkt;
	const uint64_t tol = (uint64_t)tol_us * 1000;
	auto bad = [&](const std::string &what) {
		mismatch(ev.line, "outbound packet " + what + "\n  actual: " + describe_live(live) + " at " +
				      time_str(live.time_ns));
	};
	if (p.flags & TCPHDR_SYN)
		local_isn_script_ = p.seq;
	uint32_t seq = have_local_isn_ ? live.seq - local_isn_live_ + local_isn_script_ : live.seq;
	if (live.flags != p.flags)
		bad("flags: expected " + flags_text(p.flags) + " vs actual " + flags_text(live.flags));
	if (seq != p.seq)
		bad("seq: expected " + std::to_string(p.seq) + " vs actual " + std::to_string(seq));
	if (live.payload.size() != p.len)
		bad("payload: expected " + std::to_string(p.len) + " bytes vs actual " +
		    std::to_string(live.payload.size()) + " bytes");
	if ((p.flags & TCPHDR_ACK) && live.ack - remote_isn_ != p.ack)
		bad("ack: expected " + std::to_string(p.ack) + " vs actual " +
		    std::to_string(live.ack - remote_isn_));
	if (p.has_win && live.win != p.win)
		bad("win: expected " + std::to_string(p.win) + " vs actual " + std::to_string(live.win));
	if (!p.ecn.empty()) {
		unsigned want = p.ecn == "ect0" ? 2 : p.ecn == "ect1" ? 1 : p.ecn == "ce" ? 3 : 0;
		if (p.ecn != "ect01" && (live.tos & 3u) != want)
			bad("ECN field: expected " + p.ecn + " vs actual " + std::to_string(live.tos & 3));
	}
	for (uint8_t b : live.payload)
		if (b) {
			bad("payload bytes: expected zeros (packetdrill writes zero-filled buffers)");
			break;
		}
	if (p.opts_given && !p.opts_any) {
		auto lo = parse_opts(live.opts);
		size_t i = 0;
		for (auto &o : p.opts) {
			static const std::map<std::string, uint8_t> kinds = {
			    {"eol", 0},	 {"nop", 1}, {"mss", 2}, {"wscale", 3}, {"sackOK", 4},
			    {"sack", 5}, {"TS", 8},  {"FO", 34}, {"FOEXP", 254}};
			auto k = kinds.find(o.kind);
			if (k == kinds.end())
				unsupported(ev.line, "TCP option '" + o.kind.substr(o.kind.find(':') + 1) +
							 "' in an outbound packet");
			if (i >= lo.size() || lo[i].kind != k->second)
				bad("TCP options: expected '" + o.kind + "' as option " +
				    std::to_string(i + 1));
			const auto &d = lo[i].data;
			if (o.kind == "mss" && (d.size() != 2 || rd16(d.data()) != o.a))
				bad("TCP option mss: expected " + std::to_string(o.a));
			if (o.kind == "wscale" && (d.size() != 1 || d[0] != o.a))
				bad("TCP option wscale: expected " + std::to_string(o.a));
			if (o.kind == "TS" && d.size() == 8) {
				// packetdrill checks TS val only with --tcp_ts_tick_usecs; it learns the
				// mapping script val -> live val to rewrite inbound TS ecr.
				uint32_t v = rd32(d.data());
				ts_val_map_[o.a] = v;
				if (!have_ts_base_) {
					have_ts_base_ = true;
					ts_base_delta_ = (int64_t)v - (int64_t)o.a;
				}
			}
			if (o.kind == "FO" || o.kind == "FOEXP") {
				bool exp = o.kind == "FOEXP";
				size_t off = exp ? 2 : 0;
				bool same =
				    d.size() == off + o.cookie.size() && (!exp || rd16(d.data()) == 0xF989) &&
				    std::equal(o.cookie.begin(), o.cookie.end(), d.begin() + (long)off);
				if (!same)
					bad("TCP option " + o.kind + ": expected " +
					    (o.cookie.empty()
						 ? std::string("a cookie request")
						 : std::to_string(o.cookie.size()) + "-byte cookie"));
			}
			if (o.kind == "sack") {
				bool same = d.size() == o.blocks.size() * 8;
				for (size_t b = 0; same && b < o.blocks.size(); b++)
					same = rd32(d.data() + 8 * b) == o.blocks[b].first &&
					       rd32(d.data() + 8 * b + 4) == o.blocks[b].second;
				if (!same)
					bad("TCP option sack: blocks differ");
			}
			i++;
		}
		if (i != lo.size())
			bad("TCP options: the stack sent " + std::to_string(lo.size() - i) + " more");
	}
	// Timing (packetdrill's verify_time)
	if (ev.time.type != TimeType::Any) {
		bool range = ev.time.type == TimeType::RelRange || ev.time.type == TimeType::AbsRange;
		uint64_t lo_t = t_exp > tol ? t_exp - tol : 0, hi_t = (range ? t_end : t_exp) + tol;
		if (live.time_ns < lo_t || live.time_ns > hi_t)
			bad("timing error: expected at " + time_str(t_exp) +
			    (range ? "~" + time_str(t_end) : "") + " (tolerance " + time_str(tol) +
			    ") but sent at " + time_str(live.time_ns));
	}
}

} // namespace sp::pkt
