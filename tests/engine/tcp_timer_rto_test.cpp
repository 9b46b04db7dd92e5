// SPDX-License-Identifier: GPL-2.0-or-later
// RTT estimator, RTO, RTO backoff and the zero-window probe timer.
#include <gtest/gtest.h>

#include "tcp_output_fixture.h"

TEST(TcpTimer, RtoFromRttSamples)
{
	TcpFixture f;
	tcp_sock *tp = f.tp;
	tp->snd_una = 100;
	tp->snd_nxt = 200;
	// First sample 100 ms: srtt = 800000 (x8), mdev = 200000, rttvar = max(200000, rto_min 200000);
	// rto = usecs_to_jiffies(100000 + 200000) = 300.
	tcp_rtt_estimator(tp, 100000);
	tcp_set_rto(tp);
	EXPECT_EQ((u32)tp->srtt_us, 800000u);
	EXPECT_EQ((u32)tp->rttvar_us, 200000u);
	EXPECT_EQ((u32)tp->icsk_rto, 300u);
	// Second sample 120 ms within the same RTT (snd_una not after rtt_seq=200):
	// m = 120000 - 100000 = 20000 -> srtt = 820000; m -= mdev/4 = 20000 - 50000 = -30000;
	// mdev = 170000 (< mdev_max 200000); rto = ceil((102500 + 200000)/1000) = 303.
	tcp_rtt_estimator(tp, 120000);
	tcp_set_rto(tp);
	EXPECT_EQ((u32)tp->srtt_us, 820000u);
	EXPECT_EQ((u32)tp->mdev_us, 170000u);
	EXPECT_EQ((u32)tp->icsk_rto, 303u);
	// A short sample (1 ms): m = 1000 - 102500 < 0 -> |m| = 101500 - 170000/4 = 59000 > 0 -> >>3 = 7375
	// mdev = 177375; srtt = 820000 - 101500 = 718500.
	tcp_rtt_estimator(tp, 1000);
	EXPECT_EQ((u32)tp->srtt_us, 718500u);
	EXPECT_EQ((u32)tp->mdev_us, 177375u);
}

TEST(TcpTimer, RtoBackoffDoubles)
{
	TcpFixture f;
	tcp_sock *tp = f.tp;
	tp->icsk_rto = 201;
	tp->snd_una = 1000;
	tp->snd_nxt = 2000;
	tp->snd_wnd = 65535;
	tp->rx_opt_sack_ok = 1;
	sk_buff *s = f.skb(1000, 1000);
	tp->tcp_rtx_queue.push_back(s);
	tp->packets_out = 1;
	tp->snd_cwnd = 10;
	// Each RTO: retransmit the head (no device: it fails to leave, which is fine here), double rto.
	u32 want = 201;
	for (int i = 1; i <= 4; i++) {
		tcp_retransmit_timer(tp);
		want *= 2;
		EXPECT_EQ((u32)tp->icsk_rto, want) << "after RTO " << i;
		EXPECT_EQ((u32)tp->icsk_backoff, (u32)i);
		EXPECT_EQ((u32)tp->icsk_pending, (u32)ICSK_TIME_RETRANS);
		EXPECT_EQ((u32)tp->icsk_ca_state, (u32)TCP_CA_Loss);
	}
	// Capped at TCP_RTO_MAX (120 s).
	tp->icsk_rto = 100000;
	tcp_retransmit_timer(tp);
	EXPECT_EQ((u32)tp->icsk_rto, 120000u);
	// cwnd after tcp_enter_loss = in_flight + 1; with the head marked lost and its retransmit
	// failing (no device), in_flight = 1 - 1 = 0 -> cwnd 1.
	EXPECT_EQ((u32)tp->snd_cwnd, 1u);
}

TEST(TcpTimer, Probe0Timing)
{
	TcpFixture f;
	tcp_sock *tp = f.tp;
	// base = max(icsk_rto, TCP_RTO_MIN=200); when = base << min(backoff, ilog2(600)+1 = 10), capped.
	tp->icsk_rto = 150;
	EXPECT_EQ(tcp_probe0_base(tp), 200u);
	tp->icsk_backoff = 0;
	EXPECT_EQ(tcp_probe0_when(tp, TCP_RTO_MAX), 200u);
	tp->icsk_backoff = 3;
	EXPECT_EQ(tcp_probe0_when(tp, TCP_RTO_MAX), 1600u);
	tp->icsk_backoff = 12; // shift limited to 10: 200 << 10 = 204800 -> capped at 120000
	EXPECT_EQ(tcp_probe0_when(tp, TCP_RTO_MAX), 120000u);
	tp->icsk_rto = 300;
	tp->icsk_backoff = 2;
	EXPECT_EQ(tcp_probe0_when(tp, TCP_RTO_MAX), 1200u);
	// tcp_check_probe_timer arms PROBE0 at base when nothing is in flight and no timer pends.
	tp->icsk_backoff = 0;
	tp->packets_out = 0;
	tp->icsk_pending = 0;
	tcp_check_probe_timer(tp);
	EXPECT_EQ((u32)tp->icsk_pending, (u32)ICSK_TIME_PROBE0);
	EXPECT_EQ((u64)tp->icsk_timeout, 300u); // jiffies 0 + 300
	EXPECT_EQ((u64)tp->icsk_retransmit_timer.expires, 300u);
}

TEST(TcpTimer, TimerFiresInVirtualTime)
{
	TcpFixture f;
	tcp_sock *tp = f.tp;
	tp->packets_out = 0;
	tcp_reset_xmit_timer(tp, ICSK_TIME_RETRANS, 250, false);
	EXPECT_EQ(f.sim.next_event_time(), 250u * 1000000u);
	f.sim.run();
	// It fired at 250 ms: the handler saw nothing in flight and did nothing else.
	EXPECT_EQ(f.sim.now_ns(), 250u * 1000000u);
	EXPECT_EQ((u32)tp->icsk_pending, 0u);
	EXPECT_TRUE(f.sim.idle());
}
