// SPDX-License-Identifier: GPL-2.0-or-later
// net/ipv4/tcp_cubic.c: CUBIC (the default congestion control) with the kernel's constants.
// Model: HyStart is OFF (the kernel default is hystart=1 with ACK-train and delay detection); the
// model leaves slow start only at ssthresh or on loss. cubic_root() is an exact integer cube
// root instead of the kernel's table + one Newton step (the kernel's result can differ by 1).
// The CA state lives in tcp_sock's ca_* fields (inet_csk_ca(sk) in the kernel).
#include <cmath>

#include "net/ipv4/tcp_priv.h"
#include "sim/world.h"

using namespace sp;

constexpr u32 BICTCP_BETA_SCALE = 1024; // scale factor for beta calculation
constexpr u32 BICTCP_HZ = 10;		// BIC HZ 2^10 = 1024
static const int fast_convergence = 1;
static const int beta = 717; // = 717/1024 (BICTCP_BETA_SCALE)
static const int bic_scale = 41;
static const int tcp_friendliness = 1;
// cubictcp_register(): derived constants
static const u32 beta_scale = 8 * (BICTCP_BETA_SCALE + beta) / 3 / (BICTCP_BETA_SCALE - beta); // 15
static const u32 cube_rtt_scale = bic_scale * 10;					       // 410
static const u64 cube_factor = (1ull << (10 + 3 * BICTCP_HZ)) / (bic_scale * 10);	       // 2^40/410

static void bictcp_reset(tcp_sock *tp)
{
	tp->ca_cnt = 0;
	tp->ca_last_max_cwnd = 0;
	tp->ca_last_cwnd = 0;
	tp->ca_last_time = 0;
	tp->ca_bic_origin_point = 0;
	tp->ca_bic_K = 0;
	tp->ca_delay_min = 0;
	tp->ca_epoch_start = 0;
	tp->ca_ack_cnt = 0;
	tp->ca_tcp_cwnd = 0;
}

void cubictcp_init(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	bictcp_reset(tcp_sk(sk));
}

static u32 cubic_root(u64 a)
{
	u64 x = (u64)std::cbrt((double)a);
	while (x * x * x > a)
		x--;
	while ((x + 1) * (x + 1) * (x + 1) <= a)
		x++;
	return (u32)x;
}

// bictcp_update(): compute ca->cnt, the number of ACKed packets per cwnd increment.
static void bictcp_update(tcp_sock *tp, u32 cwnd, u32 acked)
{
	SP_FN("cwnd=%u acked=%u", cwnd, acked);
	u32 delta, bic_target, max_cnt;
	u64 offs, t;
	u32 now = tcp_jiffies32();

	tp->ca_ack_cnt += acked;
	if (tp->ca_last_cwnd == cwnd && (s32)(now - tp->ca_last_time) <= (s32)(HZ / 32))
		return;
	// The cubic function can update cnt at most once per jiffy.
	if (tp->ca_epoch_start && now == tp->ca_last_time)
		goto friendliness;

	tp->ca_last_cwnd = cwnd;
	tp->ca_last_time = now;
	if (tp->ca_epoch_start == 0) {
		tp->ca_epoch_start = now;
		tp->ca_ack_cnt = acked;
		tp->ca_tcp_cwnd = cwnd;
		if (tp->ca_last_max_cwnd <= cwnd) {
			tp->ca_bic_K = 0;
			tp->ca_bic_origin_point = cwnd;
		} else {
			// K = cbrt((Wmax - cwnd) * 2^(3*BICTCP_HZ) / (C * 1024))
			tp->ca_bic_K = cubic_root(cube_factor * (tp->ca_last_max_cwnd - cwnd));
			tp->ca_bic_origin_point = tp->ca_last_max_cwnd;
		}
		SP_LINE("bictcp_update:epoch_start", tp->ca_bic_K,
			"new epoch: K=%u origin=%u last_max_cwnd=%u", (unsigned)tp->ca_bic_K,
			(unsigned)tp->ca_bic_origin_point, (unsigned)tp->ca_last_max_cwnd);
	}
	t = (u64)(s32)(now - tp->ca_epoch_start);
	t += usecs_to_jiffies(tp->ca_delay_min);
	t <<= BICTCP_HZ; // jiffies -> 1/1024 s
	t /= HZ;
	offs = t < tp->ca_bic_K ? tp->ca_bic_K - t : t - tp->ca_bic_K;
	delta = (u32)((cube_rtt_scale * offs * offs * offs) >> (10 + 3 * BICTCP_HZ));
	bic_target = t < tp->ca_bic_K ? tp->ca_bic_origin_point - delta : tp->ca_bic_origin_point + delta;
	if (bic_target > cwnd)
		tp->ca_cnt = cwnd / (bic_target - cwnd);
	else
		tp->ca_cnt = 100 * cwnd; // very small increment
	// Initial growth may be too conservative when the bandwidth is still unknown.
	if (tp->ca_last_max_cwnd == 0 && tp->ca_cnt > 20)
		tp->ca_cnt = 20; // increase cwnd 5% per RTT
	SP_LINE("bictcp_update:target", bic_target, "t=%llu/1024s bic_target=%u cwnd=%u -> cnt=%u",
		(unsigned long long)t, bic_target, cwnd, (unsigned)tp->ca_cnt);

friendliness:
	if (tcp_friendliness) {
		u32 scale = beta_scale;
		delta = (cwnd * scale) >> 3;
		if (tp->ca_ack_cnt > delta && delta) {
			u32 n = tp->ca_ack_cnt / delta;
			tp->ca_ack_cnt -= n * delta;
			tp->ca_tcp_cwnd += n;
		}
		if (tp->ca_tcp_cwnd > cwnd) { // Reno would be faster
			delta = tp->ca_tcp_cwnd - cwnd;
			max_cnt = cwnd / delta;
			if (tp->ca_cnt > max_cnt)
				tp->ca_cnt = max_cnt;
		}
	}
	// At most 1 packet per 2 packets ACKed (cwnd x1.5 per RTT).
	tp->ca_cnt = std::max<u32>(tp->ca_cnt, 2U);
}

void cubictcp_cong_avoid(sock *sk, u32 ack, u32 acked)
{
	SP_FN("%s acked=%u cwnd=%u ssthresh=%u", sk->name.c_str(), acked, (unsigned)tcp_sk(sk)->snd_cwnd,
	      (unsigned)tcp_sk(sk)->snd_ssthresh);
	tcp_sock *tp = tcp_sk(sk);
	if (!tcp_is_cwnd_limited(sk)) {
		SP_LINE("cubictcp_cong_avoid:not_cwnd_limited", 0,
			"not cwnd-limited (max_packets_out=%u cwnd=%u) -> no growth",
			(unsigned)tp->max_packets_out, (unsigned)tp->snd_cwnd);
		return;
	}
	if (tcp_in_slow_start(tp)) {
		acked = tcp_slow_start(tp, acked);
		if (!acked)
			return;
	}
	bictcp_update(tp, tp->snd_cwnd, acked);
	tcp_cong_avoid_ai(tp, tp->ca_cnt, acked);
}

u32 cubictcp_recalc_ssthresh(sock *sk)
{
	SP_FN("%s cwnd=%u", sk->name.c_str(), (unsigned)tcp_sk(sk)->snd_cwnd);
	tcp_sock *tp = tcp_sk(sk);
	tp->ca_epoch_start = 0; // end of epoch
	// Wmax and fast convergence
	if (tp->snd_cwnd < tp->ca_last_max_cwnd && fast_convergence)
		tp->ca_last_max_cwnd = (tp->snd_cwnd * (BICTCP_BETA_SCALE + beta)) / (2 * BICTCP_BETA_SCALE);
	else
		tp->ca_last_max_cwnd = tp->snd_cwnd;
	u32 ss = std::max<u32>((tp->snd_cwnd * beta) / BICTCP_BETA_SCALE, 2U);
	SP_LINE("cubictcp_recalc_ssthresh:beta", ss,
		"ssthresh = max(cwnd %u * 717/1024, 2) = %u, last_max_cwnd=%u", (unsigned)tp->snd_cwnd, ss,
		(unsigned)tp->ca_last_max_cwnd);
	SP_RET(ss);
}

// cubictcp_state(): entering Loss resets the CUBIC state.
void tcp_ca_state_event(sock *sk, u8 new_state)
{
	if (inet_csk(sk)->icsk_ca_name != "reno" && new_state == TCP_CA_Loss)
		bictcp_reset(tcp_sk(sk));
}

// cubictcp_acked(): track the minimum delay (used to offset t in bictcp_update).
void cubictcp_acked(sock *sk, long rtt_us)
{
	tcp_sock *tp = tcp_sk(sk);
	if (rtt_us < 0 || inet_csk(sk)->icsk_ca_name == "reno")
		return;
	// Discard delay samples right after fast recovery.
	if (tp->ca_epoch_start && (s32)(tcp_jiffies32() - tp->ca_epoch_start) < (s32)HZ)
		return;
	u32 delay = rtt_us ? (u32)rtt_us : 1;
	if (tp->ca_delay_min == 0 || tp->ca_delay_min > delay)
		tp->ca_delay_min = delay;
}
