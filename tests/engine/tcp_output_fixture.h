// SPDX-License-Identifier: GPL-2.0-or-later
// A hand-built tcp_sock for TCP unit tests (no device, no peer): fields are set directly.
#pragma once
#include <memory>

#include "net/tcp.h"
#include "sim/sim.h"
#include "sim/world.h"

struct TcpFixture {
	sp::Sim sim;
	sp::SimScope ss;
	World w;
	WorldScope ws;
	tcp_sock *tp;
	explicit TcpFixture(sp::KernelVersion v = sp::KernelVersion::V6_16)
	    : sim(v, 1, true), ss(sim), w(sim), ws(w)
	{
		auto o = std::make_unique<tcp_sock>();
		tp = o.get();
		tp->name = "sk";
		w.owned_socks.push_back(std::move(o));
		tp->sk_state = TCP_ESTABLISHED;
		tp->sk_wmem_alloc = 1;
		tp->sk_sndbuf = 1 << 20;
		tp->sk_rcvbuf = 131072;
		tp->snd_cwnd = 10;
		tp->snd_cwnd_clamp = ~0u;
		tp->snd_ssthresh = TCP_INFINITE_SSTHRESH;
		tp->mss_cache = 1448;
		tp->icsk_rto = 200;
		tp->sk_pacing_shift = 10;
		tp->sk_gso_max_size = 65536 - (MAX_TCP_HEADER + 1);
		tp->sk_gso_max_segs = 65535;
		tp->reordering = 3;
		tp->rtt_min_us = ~0u;
	}
	~TcpFixture()
	{
		for (auto &up : w.owned_socks) {
			for (sk_buff *s : up->sk_write_queue)
				free_skb(s);
			for (sk_buff *s : up->tcp_rtx_queue)
				free_skb(s);
			for (sk_buff *s : up->sk_receive_queue)
				free_skb(s);
			up->sk_write_queue.clear();
			up->tcp_rtx_queue.clear();
			up->sk_receive_queue.clear();
		}
	}
	static void free_skb(sk_buff *s)
	{
		s->destructor = SkbDestructor::None;
		s->sk = nullptr;
		s->users = 1;
		kfree_skb(s);
	}
	// A write-queue skb carrying `len` payload bytes in its linear part.
	sk_buff *skb(u32 seq, u32 len, u8 flags = TCPHDR_ACK)
	{
		sk_buff *s = alloc_skb(MAX_TCP_HEADER + len, GFP_KERNEL);
		skb_reserve(s, MAX_TCP_HEADER);
		if (len)
			skb_put(s, len);
		s->cb.seq = seq;
		s->cb.end_seq = seq + len;
		s->cb.tcp_flags = flags;
		s->ip_summed = CHECKSUM_PARTIAL;
		skb_shinfo(s)->gso_segs = 1;
		return s;
	}
};
