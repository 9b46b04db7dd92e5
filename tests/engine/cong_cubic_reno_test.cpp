// SPDX-License-Identifier: GPL-2.0-or-later
// Reno and CUBIC window growth worked out by hand.
#include <gtest/gtest.h>

#include "tcp_output_fixture.h"

TEST(Cong, SlowStartAndAdditiveIncrease)
{
	TcpFixture f;
	tcp_sock *tp = f.tp;
	tp->icsk_ca_name = "reno";
	tp->snd_cwnd = 10;
	tp->snd_ssthresh = 16;
	tp->is_cwnd_limited = 1;
	// Slow start: +acked until ssthresh; 10 + 4 = 14.
	tcp_cong_avoid(tp, 0, 4);
	EXPECT_EQ((u32)tp->snd_cwnd, 14u);
	// 14 + 4 would be 18 > 16: cwnd 16, 2 ACKs left for AI with w=16 -> cnt 2, cwnd stays 16.
	tcp_cong_avoid(tp, 0, 4);
	EXPECT_EQ((u32)tp->snd_cwnd, 16u);
	EXPECT_EQ((u32)tp->snd_cwnd_cnt, 2u);
	// Congestion avoidance: 14 more ACKs make cnt 16 >= 16 -> cwnd 17, cnt 0.
	tcp_cong_avoid(tp, 0, 14);
	EXPECT_EQ((u32)tp->snd_cwnd, 17u);
	EXPECT_EQ((u32)tp->snd_cwnd_cnt, 0u);
	// Not cwnd-limited (and not in slow start): no growth.
	tp->is_cwnd_limited = 0;
	tcp_cong_avoid(tp, 0, 30);
	EXPECT_EQ((u32)tp->snd_cwnd, 17u);
	// Reno ssthresh = max(cwnd/2, 2) = 8.
	EXPECT_EQ(tcp_ca_ssthresh(tp), 8u);
}

TEST(Cong, CubicSlowStartThenEpoch)
{
	TcpFixture f;
	tcp_sock *tp = f.tp;
	cubictcp_init(tp);
	tp->snd_cwnd = 10;
	tp->is_cwnd_limited = 1;
	// Slow start (ssthresh infinite): 10 ACKs -> 20.
	tcp_cong_avoid(tp, 0, 10);
	EXPECT_EQ((u32)tp->snd_cwnd, 20u);
	// Loss: ssthresh = max(20 * 717 / 1024, 2) = 14; last_max_cwnd = 20 (no fast convergence yet).
	EXPECT_EQ(cubictcp_recalc_ssthresh(tp), 14u);
	EXPECT_EQ((u32)tp->ca_last_max_cwnd, 20u);
	// Second loss at cwnd 14 < last_max 20: fast convergence, last_max = 14 * 1741 / 2048 = 11.
	tp->snd_cwnd = 14;
	EXPECT_EQ(cubictcp_recalc_ssthresh(tp), 9u); // 14*717/1024 = 9.8 -> 9
	EXPECT_EQ((u32)tp->ca_last_max_cwnd, 11u);
	// Congestion avoidance at cwnd 20 with last_max 11 (<= cwnd): K = 0, origin 20, t = 0 at the
	// epoch start -> target 20 -> cnt = 100*cwnd, then capped by TCP-friendliness and the
	// "last_max_cwnd == 0" rule does not apply; cnt >= 2. One ACK does not grow cwnd.
	tp->snd_cwnd = 20;
	tp->snd_ssthresh = 14;
	tcp_cong_avoid(tp, 0, 1);
	EXPECT_EQ((u32)tp->ca_epoch_start, 0u + 0u); // jiffies 0 at epoch start
	EXPECT_EQ((u32)tp->ca_bic_origin_point, 20u);
	EXPECT_EQ((u32)tp->ca_bic_K, 0u);
	EXPECT_EQ((u32)tp->ca_cnt, 2000u);
	EXPECT_EQ((u32)tp->snd_cwnd, 20u);
}

TEST(Cong, CubicKFromWmax)
{
	TcpFixture f;
	tcp_sock *tp = f.tp;
	cubictcp_init(tp);
	// After a loss at cwnd 100: last_max 100, ssthresh 70; CA starts at cwnd 70:
	// K = cbrt(2^40/410 * 30) = cbrt(80451244744.6...) -> floor = 4316 (units of 1/1024 s, ~4.2 s).
	tp->snd_cwnd = 100;
	EXPECT_EQ(cubictcp_recalc_ssthresh(tp), 70u);
	tp->snd_cwnd = 70;
	tp->snd_ssthresh = 70;
	tp->is_cwnd_limited = 1;
	f.sim.advance_to(5 * 1000000ull); // jiffies 5 (epoch_start 0 would mean "no epoch")
	tcp_cong_avoid(tp, 0, 1);
	EXPECT_EQ((u32)tp->ca_bic_K, 4316u);
	EXPECT_EQ((u32)tp->ca_bic_origin_point, 100u);
	// t = 0: delta = 410 * 4316^3 >> 40 = 29 -> target 71 > 70 -> cnt = 70 / 1 = 70.
	EXPECT_EQ((u32)tp->ca_cnt, 70u);
}
