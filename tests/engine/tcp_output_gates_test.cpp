// SPDX-License-Identifier: GPL-2.0-or-later
// The gates of tcp_write_xmit with values worked out by hand from the kernel logic.
#include <gtest/gtest.h>

#include "tcp_output_fixture.h"

TEST(TcpOutputGates, NagleMinshallCorkNodelay)
{
	TcpFixture f;
	tcp_sock *tp = f.tp;
	sk_buff *s = f.skb(4000, 100); // partial segment: 100 < mss 1448
	tp->snd_una = 1000;
	tp->snd_up = 1000; // not in urgent mode (tcp_urg_mode: snd_up != snd_una)
	tp->snd_nxt = 5000;
	// Nothing in flight: Nagle lets a small segment go (tcp_nagle_check needs packets_out).
	tp->packets_out = 0;
	EXPECT_TRUE(tcp_nagle_test(tp, s, 1448, 0));
	// In flight and an earlier small segment (snd_sml=4000, una < 4000 <= nxt) not acked: hold.
	tp->packets_out = 2;
	tp->snd_sml = 4000;
	EXPECT_TRUE(tcp_minshall_check(tp));
	EXPECT_FALSE(tcp_nagle_test(tp, s, 1448, 0));
	// Minshall: the small segment was acked (snd_sml == snd_una): full segments in flight do not hold it.
	tp->snd_sml = 1000;
	EXPECT_TRUE(tcp_nagle_test(tp, s, 1448, 0));
	// TCP_NODELAY (TCP_NAGLE_OFF): partial && (cork=0 || (!nonagle=false ...)) -> send.
	tp->snd_sml = 4000;
	EXPECT_TRUE(tcp_nagle_test(tp, s, 1448, TCP_NAGLE_OFF));
	// TCP_CORK holds a partial segment even with nothing in flight...
	tp->packets_out = 0;
	EXPECT_FALSE(tcp_nagle_test(tp, s, 1448, TCP_NAGLE_CORK));
	// ...but not a full one, and TCP_NAGLE_PUSH overrides everything.
	EXPECT_TRUE(tcp_nagle_test(tp, s, 100, TCP_NAGLE_CORK));
	EXPECT_TRUE(tcp_nagle_test(tp, s, 1448, TCP_NAGLE_CORK | TCP_NAGLE_PUSH));
	// FIN is never held.
	s->cb.tcp_flags = TCPHDR_ACK | TCPHDR_FIN;
	EXPECT_TRUE(tcp_nagle_test(tp, s, 1448, TCP_NAGLE_CORK));
	// tcp_minshall_update: a sub-MSS skb records its end_seq.
	tcp_minshall_update(tp, 1448, s);
	EXPECT_EQ((u32)tp->snd_sml, 4100u);
	TcpFixture::free_skb(s);
}

TEST(TcpOutputGates, SndWndTest)
{
	TcpFixture f;
	tcp_sock *tp = f.tp;
	tp->snd_una = 1000;
	tp->snd_wnd = 3000;		// window ends at 4000
	sk_buff *a = f.skb(2000, 3000); // only the first mss counts: 2000+1448=3448 <= 4000
	sk_buff *b = f.skb(3000, 1448); // 4448 > 4000
	sk_buff *c = f.skb(3000, 1000); // exactly 4000
	EXPECT_TRUE(tcp_snd_wnd_test(tp, a, 1448));
	EXPECT_FALSE(tcp_snd_wnd_test(tp, b, 1448));
	EXPECT_TRUE(tcp_snd_wnd_test(tp, c, 1448));
	for (auto *s : {a, b, c})
		TcpFixture::free_skb(s);
}

TEST(TcpOutputGates, CwndTestQuota)
{
	TcpFixture f;
	tcp_sock *tp = f.tp;
	tp->snd_cwnd = 10;
	tp->packets_out = 4; // in_flight 4: min(cwnd/2=5, 10-4=6) = 5
	EXPECT_EQ(tcp_cwnd_test(tp), 5u);
	tp->packets_out = 10; // full
	EXPECT_EQ(tcp_cwnd_test(tp), 0u);
	// in_flight = packets_out - (sacked_out + lost_out) + retrans_out = 8 - 3 + 1 = 6 -> min(5, 4) = 4
	tp->packets_out = 8;
	tp->sacked_out = 2;
	tp->lost_out = 1;
	tp->retrans_out = 1;
	EXPECT_EQ(tcp_cwnd_test(tp), 4u);
	tp->snd_cwnd = 1; // halfcwnd = max(0, 1) = 1
	tp->packets_out = 0;
	tp->sacked_out = tp->lost_out = tp->retrans_out = 0;
	EXPECT_EQ(tcp_cwnd_test(tp), 1u);
}

TEST(TcpOutputGates, MssSplitPoint)
{
	TcpFixture f;
	tcp_sock *tp = f.tp;
	tp->snd_una = 0;
	tp->snd_wnd = 100000;
	sk_buff *a = f.skb(0, 10500), *b = f.skb(10500, 10);
	tp->sk_write_queue = {a, b};
	// Not the tail and max_len = 1000*5 fits the window: 5000.
	EXPECT_EQ(tcp_mss_split_point(tp, a, 1000, 5, 0), 5000u);
	tp->sk_write_queue = {a};
	// Tail: max_len 20000 > needed 10500; partial 500 but Nagle (nothing in flight) allows it -> 10500.
	EXPECT_EQ(tcp_mss_split_point(tp, a, 1000, 20, 0), 10500u);
	// Corked: the trailing 500 bytes are held back -> 10000.
	EXPECT_EQ(tcp_mss_split_point(tp, a, 1000, 20, TCP_NAGLE_CORK), 10000u);
	// Window-limited: needed = min(10500, 7300) = 7300, partial 300 allowed -> 7300.
	tp->snd_wnd = 7300;
	EXPECT_EQ(tcp_mss_split_point(tp, a, 1000, 20, 0), 7300u);
	tp->sk_write_queue = {a, b};
}

TEST(TcpOutputGates, TsoShouldDeferBasicCases)
{
	TcpFixture f;
	tcp_sock *tp = f.tp;
	tp->mss_cache = 1000;
	tp->snd_una = 0;
	tp->snd_nxt = 8000;
	tp->snd_wnd = 100000;
	tp->tcp_clock_cache = 10000000; // 10 ms
	tp->tcp_wstamp_ns = 10000000;	// the last departure is now: deferral allowed
	sk_buff *head = f.skb(0, 8000);
	head->tstamp = 10000000 - 800000; // sent 0.8 ms ago
	tp->tcp_rtx_queue.push_back(head);
	sk_buff *s = f.skb(8000, 3000);
	tp->sk_write_queue.push_back(s);
	bool cl = false, rl = false;
	// In recovery: never defer.
	tp->icsk_ca_state = TCP_CA_Recovery;
	EXPECT_FALSE(tcp_tso_should_defer(tp, s, &cl, &rl, 10));
	tp->icsk_ca_state = TCP_CA_Open;
	// Last write more than 1 ms ago: send now.
	tp->tcp_clock_cache = 10000000 + 2000000;
	EXPECT_FALSE(tcp_tso_should_defer(tp, s, &cl, &rl, 10));
	tp->tcp_clock_cache = 10000000;
	// cwnd 50, nothing in flight: limit 50000 >= max_segs*mss = 10000 -> send now.
	tp->snd_cwnd = 50;
	tp->packets_out = 0;
	EXPECT_FALSE(tcp_tso_should_defer(tp, s, &cl, &rl, 10));
	// cwnd 10, in flight 8: cong_win 2000 < 10000; tail; chunk = min(100000, 10000)/3 = 3333 > 2000;
	// srtt 1 ms (srtt_us = 8000): ACK expected at 10.2 ms, 0.2 ms away < min(0.5 ms, 1 ms) ->
	// cong_win 2000 < send_win and 2000 <= len 3000 -> defer, cwnd-limited.
	tp->snd_cwnd = 10;
	tp->packets_out = 8;
	tp->srtt_us = 8000;
	EXPECT_TRUE(tcp_tso_should_defer(tp, s, &cl, &rl, 10));
	EXPECT_TRUE(cl);
	EXPECT_FALSE(rl);
	// The ACK comes late (head sent just now: 1 ms away > 0.5 ms): send now.
	head->tstamp = 10000000;
	cl = false;
	EXPECT_FALSE(tcp_tso_should_defer(tp, s, &cl, &rl, 10));
}

// TSQ limit: max(2*truesize, pacing_rate >> 10), capped by tcp_limit_output_bytes
// (6.16: always, default 4 MiB; 6.15: only SK_PACING_NONE, default 1 MiB).
static bool tsq(sp::KernelVersion v, u8 pacing_status, u64 rate, int wmem_alloc, int rtx_skbs)
{
	TcpFixture f(v);
	tcp_sock *tp = f.tp;
	tp->sk_pacing_status = pacing_status;
	tp->sk_pacing_rate = rate;
	tp->sk_wmem_alloc = wmem_alloc;
	for (int i = 0; i < rtx_skbs; i++)
		tp->tcp_rtx_queue.push_back(f.skb((u32)i * 10, 10));
	sk_buff *s = f.skb(0, 10);
	s->truesize = 67840;
	bool r = tcp_small_queue_check(tp, s, 0);
	TcpFixture::free_skb(s);
	return r;
}

TEST(TcpOutputGates, SmallQueueCheckPerVersion)
{
	using sp::KernelVersion;
	// No rate: limit = 2 * 67840 = 135680.
	EXPECT_FALSE(tsq(KernelVersion::V6_16, SK_PACING_NONE, 0, 135680, 2));
	EXPECT_TRUE(tsq(KernelVersion::V6_16, SK_PACING_NONE, 0, 135681, 2));
	// Over the limit but the rtx queue holds a single skb: send anyway.
	EXPECT_FALSE(tsq(KernelVersion::V6_16, SK_PACING_NONE, 0, 200000, 1));
	// 100 Gb/s = 12.5e9 B/s; >> 10 = 12207031 bytes (~1 ms).
	const u64 rate = 12500000000ull;
	// 6.16: min(12207031, 4194304) = 4194304 for every flow: 5e6 in flight -> throttled.
	EXPECT_TRUE(tsq(KernelVersion::V6_16, SK_PACING_FQ, rate, 5000000, 2));
	EXPECT_FALSE(tsq(KernelVersion::V6_16, SK_PACING_FQ, rate, 4194304, 2));
	// 6.15 paced (fq): no cap, limit 12207031: 5e6 is fine.
	EXPECT_FALSE(tsq(KernelVersion::V6_15, SK_PACING_FQ, rate, 5000000, 2));
	// 6.15 not paced: min(12207031, 1048576) = 1048576.
	EXPECT_TRUE(tsq(KernelVersion::V6_15, SK_PACING_NONE, rate, 1048577, 2));
	EXPECT_FALSE(tsq(KernelVersion::V6_15, SK_PACING_NONE, rate, 1048576, 2));
}

TEST(TcpOutputGates, TsoAutosize)
{
	TcpFixture f;
	tcp_sock *tp = f.tp;
	tp->sk_gso_max_size = 65536;
	// No RTT yet (min_rtt ~0 >> 9 >= 32: no bonus), pacing 0: max(0/1448, 2) = 2 segments.
	tp->sk_pacing_rate = 0;
	EXPECT_EQ(tcp_tso_autosize(tp, 1448, 2), 2u);
	// min_rtt 100 us >> 9 = 0: bytes += 65536 >> 0 -> min(65536, 65536)/1448 = 45.
	tp->rtt_min_us = 100;
	EXPECT_EQ(tcp_tso_autosize(tp, 1448, 2), 45u);
	// min_rtt 2000 us >> 9 = 3: 65536 >> 3 = 8192 -> 8192/1448 = 5.
	tp->rtt_min_us = 2000;
	EXPECT_EQ(tcp_tso_autosize(tp, 1448, 2), 5u);
}
