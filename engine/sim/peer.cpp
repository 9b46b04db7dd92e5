// SPDX-License-Identifier: GPL-2.0-or-later
// The modelled remote TCP end: see engine/sim/peer.h. Not kernel code: it records itself with
// SP_EVENT("peer:...") steps so the debugger's timeline shows what the other side did.
#include "sim/peer.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>

#include "net/checksum.h"
#include "net/ip.h"
#include "net/tcp.h"

using namespace sp;

static u32 rd32(const u8 *p)
{
	u32 v;
	std::memcpy(&v, p, 4);
	return ntohl(v);
}
static u16 rd16(const u8 *p)
{
	return (u16)((p[0] << 8) | p[1]);
}
static void wr32(u8 *p, u32 v)
{
	v = htonl(v);
	std::memcpy(p, &v, 4);
}
static void wr16(u8 *p, u16 v)
{
	p[0] = (u8)(v >> 8);
	p[1] = (u8)v;
}

Peer *peer_create(World &w, const PeerConfig &cfg)
{
	auto p = std::make_shared<Peer>(w, cfg);
	p->ts_offset = w.sim.rng.u32();
	p->peer_addr = htonl(SP_PEER_IP);
	p->host_addr = htonl(SP_HOST_IP);
	p->last_read_ns = w.sim.now_ns();
	p->ack.pingpong = cfg.delack == "delayed"; // TCP_QUICKACK 0 right after accept()
	w.peer = p.get();
	Peer *raw = p.get();
	// The frame reaches the peer after the one-way delay. World::on_wire_out owns the peer.
	w.on_wire_out = [p](const u8 *frame, size_t len) {
		std::vector<u8> f(frame, frame + len);
		Peer *pp = p.get();
		pp->w.sim.at(pp->w.sim.now_ns() + pp->owd_ns(), "peer rx", [pp, f]() { pp->on_frame(f); });
	};
	return raw;
}

// Bytes the peer can accept now: its buffer minus what its application has not read yet.
u32 Peer::window_bytes()
{
	if (cfg.app_read_bytes_per_ms) {
		u64 now = w.sim.now_ns();
		u64 can = (now - last_read_ns) / NSEC_PER_MSEC * cfg.app_read_bytes_per_ms;
		if (can) {
			unread -= std::min<u64>(unread, can);
			last_read_ns += (now - last_read_ns) / NSEC_PER_MSEC * NSEC_PER_MSEC;
		}
	} else {
		unread = 0;
		last_read_ns = w.sim.now_ns();
	}
	if (zero_window)
		return 0;
	u32 free_space = unread >= cfg.rcv_wnd ? 0 : (u32)(cfg.rcv_wnd - unread);
	// Receiver silly-window avoidance as Linux's __tcp_select_window does it: once less than half
	// the buffer is free, advertise 0 rather than a window below an MSS or 1/16 of the buffer.
	if (free_space < cfg.rcv_wnd / 2 && (free_space < cfg.rcv_wnd / 16 || free_space < cfg.mss))
		return 0;
	return free_space;
}

void Peer::send(u8 flags, u32 seq, const u8 *payload, u32 len, bool syn_opts)
{
	u8 opt[40];
	unsigned ol = 0;
	if (syn_opts) {
		opt[ol++] = 2, opt[ol++] = 4, opt[ol++] = (u8)(cfg.mss >> 8), opt[ol++] = (u8)cfg.mss;
		bool ts = cfg.timestamps && (ts_ok || !(flags & TCPHDR_ACK));
		bool sack = cfg.sack && (sack_ok || !(flags & TCPHDR_ACK));
		bool ws = cfg.wscale_ok && (ws_ok || !(flags & TCPHDR_ACK));
		if (ts) {
			opt[ol++] = sack ? 4 : 1, opt[ol++] = sack ? 2 : 1, opt[ol++] = 8, opt[ol++] = 10;
			wr32(opt + ol, (u32)(w.sim.now_ns() / NSEC_PER_MSEC) + ts_offset);
			wr32(opt + ol + 4, ts_recent);
			ol += 8;
		} else if (sack) {
			opt[ol++] = 1, opt[ol++] = 1, opt[ol++] = 4, opt[ol++] = 2;
		}
		if (ws)
			opt[ol++] = 1, opt[ol++] = 3, opt[ol++] = 3, opt[ol++] = cfg.wscale;
	} else {
		if (ts_ok) {
			opt[ol++] = 1, opt[ol++] = 1, opt[ol++] = 8, opt[ol++] = 10;
			wr32(opt + ol, (u32)(w.sim.now_ns() / NSEC_PER_MSEC) + ts_offset);
			wr32(opt + ol + 4, ts_recent);
			ol += 8;
		}
		if (sack_ok && !ooo.empty()) {
			// Most recent block first (RFC 2018), then the others in order.
			std::vector<std::pair<u32, u32>> blocks;
			for (auto &r : ooo)
				if (r.first <= last_sack_start && last_sack_end <= r.second)
					blocks.push_back(r);
			for (auto &r : ooo)
				if (blocks.empty() || std::make_pair(r.first, r.second) != blocks.front())
					blocks.push_back(r);
			unsigned maxb = ts_ok ? 3 : 4;
			unsigned n = std::min<unsigned>((unsigned)blocks.size(), maxb);
			opt[ol++] = 1, opt[ol++] = 1, opt[ol++] = 5, opt[ol++] = (u8)(2 + 8 * n);
			for (unsigned i = 0; i < n; i++) {
				wr32(opt + ol, blocks[i].first);
				wr32(opt + ol + 4, blocks[i].second);
				ol += 8;
			}
		}
	}
	unsigned thl = 20 + ol;
	unsigned tot = 20 + thl + len;
	std::vector<u8> f(ETH_HLEN + tot, 0);
	u8 *eth = f.data();
	static const u8 peer_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};
	if (w.dev)
		std::memcpy(eth, w.dev->dev_addr, 6);
	else
		eth[0] = 0x02, eth[5] = 0x01;
	std::memcpy(eth + 6, peer_mac, 6);
	wr16(eth + 12, ETH_P_IP);
	u8 *iph = eth + ETH_HLEN;
	iph[0] = 0x45;
	wr16(iph + 2, (u16)tot);
	wr16(iph + 4, ip_id++);
	wr16(iph + 6, IP_DF);
	iph[8] = 64;
	iph[9] = IPPROTO_TCP;
	std::memcpy(iph + 12, &peer_addr, 4);
	std::memcpy(iph + 16, &host_addr, 4);
	__sum16 ic = ip_fast_csum(iph, 5);
	std::memcpy(iph + 10, &ic, 2);
	u8 *th = iph + 20;
	wr16(th, port);
	wr16(th + 2, host_port);
	wr32(th + 4, seq);
	wr32(th + 8, (flags & TCPHDR_ACK) ? rcv_nxt : 0);
	th[12] = (u8)((thl / 4) << 4);
	th[13] = flags;
	u32 win = window_bytes();
	u32 field;
	if (flags & TCPHDR_SYN)
		field = std::min<u32>(win, 65535);
	else
		field = std::min<u32>(ws_ok ? win >> cfg.wscale : win, 65535);
	wr16(th + 14, (u16)field);
	std::memcpy(th + 20, opt, ol);
	if (len)
		std::memcpy(th + thl, payload, len);
	unsigned tcplen = thl + len;
	__sum16 c =
	    csum_tcpudp_magic(peer_addr, host_addr, tcplen, IPPROTO_TCP, csum_partial(th, (int)tcplen, 0));
	std::memcpy(th + 16, &c, 2);
	if (flags & TCPHDR_ACK) {
		rcv_nxt_acked = rcv_nxt;
		last_adv_window = win;
		acks_sent++;
		// tcp_event_ack_sent(): tcp_dec_quickack_mode(), then the pending ACK state and the
		// delayed-ACK timer are cleared (inet_csk_clear_xmit_timer(ICSK_TIME_DACK)).
		if (ack.quick) {
			u32 pkts = ack.sched ? 1 : 0;
			if (pkts >= ack.quick) {
				ack.quick = 0;
				ack.ato_ns = ato_min_ns();
			} else {
				ack.quick -= pkts;
			}
		}
		ack.sched = ack.pushed = ack.pushed2 = ack.timer = false;
		if (delack_ev) {
			w.sim.cancel(delack_ev);
			delack_ev = 0;
		}
	}
	SP_EVENT("peer:tx", seq, "peer sends flags=0x%02x seq=%u ack=%u win=%u (field %u) len=%u", flags, seq,
		 (flags & TCPHDR_ACK) ? rcv_nxt : 0, win, field, len);
	// It reaches the host one-way-delay later.
	World *wp = &w;
	char what[96];
	std::snprintf(what, sizeof what, "peer flags=0x%02x seq=%u ack=%u len=%u", flags, seq,
		      (flags & TCPHDR_ACK) ? rcv_nxt : 0, len);
	std::string desc = what;
	w.sim.at(w.sim.now_ns() + owd_ns(), "peer frame arrives", [wp, f, desc]() {
		size_t step = wp->sim.current_step();
		wp->wire_in(f.data(), f.size(), "step " + std::to_string(step) + ": " + desc);
		// Model: the real host receives through the NIC's RX ring, NAPI and the IP layer; the
		// model builds the skb directly and enters TCP.
		sk_buff *skb = alloc_skb((unsigned)f.size() + NET_SKB_PAD, GFP_ATOMIC);
		skb_reserve(skb, NET_SKB_PAD);
		u32 at = skb_put(skb, (unsigned)f.size());
		skb->write(at, f.data(), (u32)f.size());
		skb->mac_header = (u16)skb->data;
		skb_pull(skb, ETH_HLEN);
		skb->network_header = (u16)skb->data;
		skb->protocol = ETH_P_IP;
		skb->dev = wp->dev;
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		tcp_v4_rcv(skb);
	});
}

void Peer::send_ack(const char *why)
{
	SP_EVENT("peer:ack", rcv_nxt, "peer ACKs %u (%s)", rcv_nxt, why);
	send(TCPHDR_ACK, snd_nxt, nullptr, 0, false);
}

// ---------------------------------------------------------------- Linux's delayed-ACK engine
// delack=every2 and delack=delayed follow the receive-side rules of net/ipv4/tcp_input.c
// (tcp_event_data_recv, tcp_measure_rcv_mss, __tcp_ack_snd_check, tcp_send_delayed_ack,
// tcp_delack_timer_handler, tcp_cleanup_rbuf) on Peer::ack. delack=delayed is a receiver that
// sets TCP_QUICKACK 0 (ping-pong mode) after every read, as the live harness does.
// Model: tcp_grow_window()/receive-buffer autotuning are not modelled (the peer's window is fixed),
// so its "quick |= 1" while rcv_ssthresh grows is missing; compressed SACK is not modelled.

u64 Peer::ato_min_ns() const
{
	return (u64)cfg.delack_ms * NSEC_PER_MSEC; // TCP_ATO_MIN = TCP_DELACK_MIN (HZ/25 = 40 ms)
}

// Model: the peer's icsk_rto after its handshake RTT sample: srtt + max(2*rtt, TCP_RTO_MIN).
u64 Peer::rto_ns() const
{
	u64 rtt = (u64)cfg.rtt_us * 1000;
	return rtt + std::max<u64>(2 * rtt, 200 * NSEC_PER_MSEC);
}

void Peer::tcp_incr_quickack(u32 max_quickacks)
{
	u32 rcv_wnd = last_adv_window ? last_adv_window : cfg.rcv_wnd;
	u32 quickacks = rcv_wnd / (2 * std::max<u32>(ack.rcv_mss, 1));
	if (quickacks == 0)
		quickacks = 2;
	quickacks = std::min(quickacks, max_quickacks);
	if (quickacks > ack.quick)
		ack.quick = quickacks;
}

void Peer::tcp_enter_quickack_mode(u32 max_quickacks)
{
	tcp_incr_quickack(max_quickacks);
	ack.pingpong = false; // inet_csk_exit_pingpong_mode()
	ack.ato_ns = ato_min_ns();
}

// An in-order data segment of len bytes (TCP header doff bytes) was queued.
void Peer::tcp_event_data_recv(u32 len, u8 flags, unsigned doff)
{
	constexpr u32 TCP_MAX_QUICKACKS = 16;
	ack.sched = true; // inet_csk_schedule_ack()
	if (!ack.rcv_mss) {
		// tcp_initialize_rcv_mss(): min(advmss, mss_cache, rcv_wnd/2, TCP_MSS_DEFAULT), >=
		// TCP_MIN_MSS
		u32 mss_cache = std::min<u32>(cfg.mss, host_mss) - (ts_ok ? 12 : 0);
		u32 hint = std::min<u32>(cfg.mss, mss_cache);
		hint = std::min<u32>(hint, (last_adv_window ? last_adv_window : cfg.rcv_wnd) / 2);
		hint = std::min<u32>(hint, TCP_MSS_DEFAULT);
		ack.rcv_mss = std::max<u32>(hint, TCP_MIN_MSS);
	}
	// tcp_measure_rcv_mss(): learn the sender's segment size from what arrives.
	u32 lss = ack.last_seg_size;
	ack.last_seg_size = 0;
	if (len >= ack.rcv_mss) {
		ack.rcv_mss = std::min<u32>(len, cfg.mss); // min(len, advmss)
		if (flags & TCPHDR_PSH)
			ack.pushed = true; // a full segment with PSH: the end of a write
	} else {
		u32 l = len + doff; // "invariant" length including the TCP header
		// TCP_REMNANT: FIN, URG, SYN or PSH means the segment may be short on purpose.
		bool remnant = flags & (TCPHDR_FIN | TCPHDR_URG | TCPHDR_SYN | TCPHDR_PSH);
		if (l >= TCP_MSS_DEFAULT + 20 || (l >= TCP_MIN_MSS + 20 && !remnant)) {
			l -= 20 + (ts_ok ? 12 : 0); // tp->tcp_header_len
			ack.last_seg_size = l;
			if (l == lss) {
				ack.rcv_mss = l;
				return;
			}
		}
		if (ack.pushed)
			ack.pushed2 = true;
		ack.pushed = true;
	}
	// The rest of tcp_event_data_recv(): the ATO estimator and quick-ACK mode.
	u64 now = w.sim.now_ns();
	if (!ack.ato_ns) {
		// The first data segment: start in quick-ACK mode.
		tcp_incr_quickack(TCP_MAX_QUICKACKS);
		ack.ato_ns = ato_min_ns();
	} else {
		u64 m = now - ack.lrcvtime_ns;
		if (m <= ato_min_ns() / 2) {
			ack.ato_ns = (ack.ato_ns >> 1) + ato_min_ns() / 2;
		} else if (m < ack.ato_ns) {
			ack.ato_ns = std::min((ack.ato_ns >> 1) + m, rto_ns());
		} else if (m > rto_ns()) {
			// A long gap: the sender failed to restart its window; ACK quickly again.
			tcp_incr_quickack(TCP_MAX_QUICKACKS);
		}
	}
	ack.lrcvtime_ns = now;
}

// __tcp_ack_snd_check(): ACK now, or arm the delayed ACK.
void Peer::tcp_ack_snd_check(const char *why_now)
{
	if (!ack.sched)
		return;
	// Model: the "right edge advances far enough" half of the first test is taken as true.
	if (rcv_nxt - rcv_nxt_acked > ack.rcv_mss) {
		send_ack("more than one full segment unACKed");
		return;
	}
	if (ack.quick && !ack.pingpong) {
		send_ack("quick-ACK mode");
		return;
	}
	if (why_now) {
		send_ack(why_now);
		return;
	}
	tcp_send_delayed_ack();
}

static void peer_delack_fire(Peer *p)
{
	// tcp_delack_timer_handler()
	p->delack_ev = 0;
	p->ack.timer = false;
	if (!p->ack.sched)
		return;
	if (!p->ack.pingpong) {
		p->ack.ato_ns = std::min<u64>(p->ack.ato_ns << 1, p->rto_ns()); // missed: inflate ATO
	} else {
		p->ack.pingpong = false; // missed: leave ping-pong mode, deflate ATO
		p->ack.ato_ns = p->ato_min_ns();
	}
	p->send_ack("delayed ACK timer");
}

void Peer::tcp_send_delayed_ack()
{
	const u64 delack_min = ato_min_ns(), delack_max = 200 * NSEC_PER_MSEC; // TCP_DELACK_MIN/MAX
	u64 ato = ack.ato_ns;
	if (ato > delack_min) {
		u64 max_ato = 500 * NSEC_PER_MSEC; // HZ / 2
		if (ack.pingpong || ack.pushed)
			max_ato = delack_max;
		// Bound by the RTT estimate (the peer's srtt is its handshake sample, cfg.rtt).
		u64 rtt = std::max<u64>((u64)cfg.rtt_us * 1000, delack_min);
		if (rtt < max_ato)
			max_ato = rtt;
		ato = std::min(ato, max_ato);
	}
	ato = std::min(ato, delack_max); // icsk_delack_max
	u64 now = w.sim.now_ns();
	u64 timeout = now + ato;
	if (ack.timer) {
		if (ack.timeout_ns <= now + (ato >> 2)) {
			send_ack("delayed ACK timer about to expire");
			return;
		}
		if (timeout >= ack.timeout_ns)
			timeout = ack.timeout_ns;
	}
	ack.sched = ack.timer = true;
	if (delack_ev && timeout == ack.timeout_ns)
		return;
	ack.timeout_ns = timeout;
	if (delack_ev)
		w.sim.cancel(delack_ev);
	Peer *p = this;
	delack_ev = w.sim.at(timeout, "peer delayed ACK", [p]() { peer_delack_fire(p); });
}

// tcp_cleanup_rbuf(): the application read `copied` bytes; ACK now if one is owed and either
// more than a segment is unACKed or a pushed segment was read (not in ping-pong mode).
void Peer::tcp_cleanup_rbuf(u64 copied)
{
	if (!ack.sched)
		return;
	bool drained = unread == 0; // !sk_rmem_alloc
	if (rcv_nxt - rcv_nxt_acked > ack.rcv_mss ||
	    (copied > 0 && (ack.pushed2 || (ack.pushed && !ack.pingpong)) && drained))
		send_ack("application read a pushed segment");
}

static void schedule_read_update(Peer *p)
{
	// With a slow reader, announce the window again once it has room for a full segment.
	if (!p->cfg.app_read_bytes_per_ms || p->read_ev)
		return;
	p->read_ev = p->w.sim.at(p->w.sim.now_ns() + NSEC_PER_MSEC, "peer app read", [p]() {
		p->read_ev = 0;
		u64 before = p->unread;
		u32 win = p->window_bytes();
		if (before > p->unread && p->cfg.delack != "every")
			p->tcp_cleanup_rbuf(before - p->unread);
		if (p->last_adv_window < p->cfg.mss && win >= p->cfg.mss)
			p->send_ack("window update after the application read");
		else if (p->unread)
			schedule_read_update(p);
	});
}

void Peer::on_frame(std::vector<u8> frame)
{
	if (cfg.blackhole) {
		SP_EVENT("peer:blackhole", 0, "blackhole: frame of %zu bytes vanishes", frame.size());
		return;
	}
	if (frame.size() < ETH_HLEN + 40 || rd16(frame.data() + 12) != ETH_P_IP)
		return;
	const u8 *iph = frame.data() + ETH_HLEN;
	unsigned ihl = (iph[0] & 0xf) * 4u, tot = rd16(iph + 2);
	if (iph[9] != IPPROTO_TCP || tot > frame.size() - ETH_HLEN)
		return;
	if (ip_fast_csum(iph, ihl / 4) != 0)
		w.warnings.push_back("peer: bad IPv4 header checksum on a frame from the host");
	const u8 *th = iph + ihl;
	unsigned tcplen = tot - ihl;
	__be32 sa, da;
	std::memcpy(&sa, iph + 12, 4);
	std::memcpy(&da, iph + 16, 4);
	if (csum_tcpudp_magic(sa, da, tcplen, IPPROTO_TCP, csum_partial(th, (int)tcplen, 0)) != 0) {
		csum_errors++;
		w.warnings.push_back("peer: bad TCP checksum on a segment from the host (seq " +
				     std::to_string(rd32(th + 4)) + ")");
		SP_EVENT("peer:csum_error", 0, "peer: TCP checksum mismatch: segment dropped");
		return;
	}
	segs_received++;
	u32 seq = rd32(th + 4), ack = rd32(th + 8);
	u8 flags = th[13];
	unsigned doff = (th[12] >> 4) * 4u;
	u32 len = tcplen - doff;
	// Timestamps option (any segment)
	u32 tsval = 0;
	bool saw_ts = false;
	if (flags & TCPHDR_SYN) {
		ws_ok = false;
		sack_ok = false;
	}
	for (unsigned i = 20; i < doff;) {
		u8 k = th[i];
		if (k == 0)
			break;
		if (k == 1) {
			i++;
			continue;
		}
		u8 l = th[i + 1];
		if (l < 2)
			break;
		if (k == 8 && l == 10) {
			tsval = rd32(th + i + 2);
			saw_ts = true;
		}
		if (flags & TCPHDR_SYN) {
			if (k == 2 && l == 4)
				host_mss = rd16(th + i + 2);
			if (k == 3 && l == 3) {
				ws_ok = cfg.wscale_ok;
				host_wscale = th[i + 2];
			}
			if (k == 4 && l == 2)
				sack_ok = cfg.sack;
		}
		i += l;
	}

	if ((flags & TCPHDR_SYN) && !(flags & TCPHDR_ACK)) {
		// Passive open at the peer: answer with SYN-ACK and our options.
		if (!syn_seen) {
			syn_seen = true;
			host_addr = sa;
			peer_addr = da;
			host_port = rd16(th);
			port = rd16(th + 2);
			isn = w.sim.rng.u32();
			snd_nxt = isn + 1;
			snd_una = isn;
			rcv_nxt = seq + 1;
			ts_ok = cfg.timestamps && saw_ts;
			if (!ws_ok)
				host_wscale = 0;
		}
		if (saw_ts)
			ts_recent = tsval;
		SP_EVENT("peer:syn", seq, "peer got SYN seq=%u mss=%u ws=%s%u sack=%d ts=%d", seq, host_mss,
			 ws_ok ? "" : "off/", host_wscale, sack_ok, ts_ok);
		send(TCPHDR_SYN | TCPHDR_ACK, isn, nullptr, 0, true);
		return;
	}
	if ((flags & TCPHDR_SYN) && (flags & TCPHDR_ACK)) {
		// Our active open (peer_connect) is answered.
		rcv_nxt = seq + 1;
		snd_una = ack;
		established = true;
		ts_ok = cfg.timestamps && saw_ts;
		if (saw_ts)
			ts_recent = tsval;
		send_ack("handshake");
		return;
	}
	if (flags & TCPHDR_RST) {
		SP_EVENT("peer:rst", seq, "peer got RST");
		return;
	}
	if (flags & TCPHDR_ACK) {
		if (after(ack, snd_una))
			snd_una = ack;
		if (!established && syn_seen && ack == isn + 1)
			established = true;
	}
	if (len == 0 && !(flags & TCPHDR_FIN)) {
		// Zero-window probe (seq = rcv_nxt - 1) or a pure ACK.
		if (seq == rcv_nxt - 1) {
			window_probes++;
			SP_EVENT("peer:window_probe", seq, "peer got a window probe");
			send_ack("window probe");
		}
		return;
	}
	if (len) {
		u64 idx = data_segs_seen++;
		if (std::find(cfg.drop.begin(), cfg.drop.end(), (u32)idx) != cfg.drop.end()) {
			drops++;
			SP_EVENT("peer:drop", seq, "network drops data segment #%llu seq=%u len=%u",
				 (unsigned long long)idx, seq, len);
			return;
		}
	}
	u32 win = window_bytes();
	u32 end = seq + len;
	bool immediate = false;
	const char *why = "";
	// A receiver keeps data that fits its free buffer even when it advertised less (a window
	// shrunk to 0 by silly-window avoidance still has room); only a forced zero window refuses it.
	u32 room = zero_window ? 0 : (unread >= cfg.rcv_wnd ? 0 : (u32)(cfg.rcv_wnd - unread));
	if (len && after(end, rcv_nxt + std::max(win, room))) {
		// Beyond our window (closed or too small): drop, tell the sender our window.
		SP_EVENT("peer:out_of_window", seq, "segment seq=%u len=%u beyond window %u: dropped", seq,
			 len, win);
		send_ack("out of window");
		return;
	}
	if (saw_ts && !after(seq, rcv_nxt))
		ts_recent = tsval;
	if (len) {
		if (seq == rcv_nxt) {
			rcv_nxt = end;
			tcp_event_data_recv(len, flags, doff);
			// Pull in out-of-order data that is now contiguous.
			while (!ooo.empty() && !after(ooo.begin()->first, rcv_nxt)) {
				if (after(ooo.begin()->second, rcv_nxt))
					rcv_nxt = ooo.begin()->second;
				ooo.erase(ooo.begin());
				immediate = true;
				why = "hole filled";
			}
			u32 delivered = rcv_nxt - (end - len);
			bytes_received += delivered;
			if (cfg.app_read_bytes_per_ms) {
				window_bytes();
				unread += delivered;
				schedule_read_update(this);
			}
			SP_EVENT("peer:data", seq, "peer got %u bytes seq=%u, rcv_nxt=%u", len, seq, rcv_nxt);
			if (cfg.zero_window_after && !zero_done && bytes_received >= cfg.zero_window_after) {
				zero_window = true;
				zero_done = true;
				SP_EVENT("peer:zero_window", bytes_received,
					 "peer closes its window after %llu bytes",
					 (unsigned long long)bytes_received);
				immediate = true;
				why = "window closed";
				if (cfg.reopen_window_ms) {
					Peer *p = this;
					w.sim.at(w.sim.now_ns() + (u64)cfg.reopen_window_ms * NSEC_PER_MSEC,
						 "peer reopens window", [p]() {
							 p->zero_window = false;
							 SP_EVENT("peer:window_open", 0,
								  "peer reopens its window");
							 p->send_ack("window reopened");
						 });
				}
			}
		} else if (after(seq, rcv_nxt)) {
			// Out of order: remember the range, duplicate ACK with SACK at once.
			u32 s = seq, e = end;
			auto it = ooo.begin();
			while (it != ooo.end()) {
				if (!after(it->first, e) && !before(it->second, s)) {
					s = before(it->first, s) ? it->first : s;
					e = after(it->second, e) ? it->second : e;
					it = ooo.erase(it);
				} else {
					++it;
				}
			}
			ooo[s] = e;
			last_sack_start = seq;
			last_sack_end = end;
			SP_EVENT("peer:ooo", seq, "out-of-order seq=%u (expected %u): dup ACK", seq, rcv_nxt);
			immediate = true;
			why = "out of order";
		} else {
			// tcp_data_queue(): a retransmission of data we have: quick-ACK mode, ACK now.
			tcp_enter_quickack_mode(16);
			immediate = true;
			why = "duplicate data";
		}
	}
	if (flags & TCPHDR_FIN) {
		if (end == rcv_nxt || (len == 0 && seq == rcv_nxt)) {
			rcv_nxt += 1;
			fin_received = true;
			// The peer application closes too: FIN+ACK at once.
			SP_EVENT("peer:fin", seq, "peer got FIN, answers FIN+ACK");
			send(TCPHDR_FIN | TCPHDR_ACK, snd_nxt, nullptr, 0, false);
			if (!fin_sent) {
				snd_nxt += 1;
				fin_sent = true;
			}
			return;
		}
		immediate = true;
		why = "FIN out of order";
	}
	if (immediate) {
		send_ack(why);
		return;
	}
	if (cfg.delack == "every") {
		send_ack("every segment");
		return;
	}
	// every2 / delayed: Linux's rules. The application reads at once unless read_rate is set.
	tcp_ack_snd_check(nullptr);
	if (!cfg.app_read_bytes_per_ms && len) {
		tcp_cleanup_rbuf(len);
		if (cfg.delack == "delayed")
			this->ack.pingpong = true; // the receiver sets TCP_QUICKACK 0 after each read
	}
}

void peer_send_data(Peer *p, size_t len)
{
	std::vector<u8> buf(std::min<size_t>(len, 65536));
	size_t off = 0;
	while (off < len) {
		u32 n = (u32)std::min<size_t>(len - off, std::min<u32>(p->host_mss, 1460));
		for (u32 i = 0; i < n; i++)
			buf[i] = (u8)('A' + ((off + i) % 26));
		// Model: the peer's sender has no cwnd or retransmission; segments leave back to back.
		p->send(TCPHDR_ACK | (off + n == len ? TCPHDR_PSH : 0), p->snd_nxt, buf.data(), n, false);
		p->snd_nxt += n;
		off += n;
	}
}

void peer_connect(Peer *p, u16 host_port)
{
	p->host_port = host_port;
	p->port = (u16)(40000 + p->w.sim.rng.u32() % 20000);
	p->isn = p->w.sim.rng.u32();
	p->snd_una = p->isn;
	p->snd_nxt = p->isn + 1;
	p->syn_seen = true;
	p->ws_ok = p->cfg.wscale_ok;
	p->sack_ok = p->cfg.sack;
	p->ts_ok = p->cfg.timestamps;
	SP_EVENT("peer:connect", host_port, "peer connects to port %u", host_port);
	p->send(TCPHDR_SYN, p->isn, nullptr, 0, true);
	// The host's SYN-ACK tells us its real options; until then assume ours are accepted.
}
