// SPDX-License-Identifier: GPL-2.0-or-later
// net/ipv4/tcp_cong.c: slow start, additive increase and Reno; the dispatch on the socket's
// congestion-control module (icsk_ca_name: "cubic" (default) or "reno").
#include "net/ipv4/tcp_priv.h"
#include "sim/world.h"

using namespace sp;

// tcp_slow_start(): cwnd += acked up to ssthresh; returns the ACKs left over for AI.
u32 tcp_slow_start(tcp_sock *tp, u32 acked)
{
	SP_FN("acked=%u cwnd=%u ssthresh=%u", acked, (unsigned)tp->snd_cwnd, (unsigned)tp->snd_ssthresh);
	u32 cwnd = std::min<u32>(tp->snd_cwnd + acked, tp->snd_ssthresh);
	acked -= cwnd - tp->snd_cwnd;
	u32 old = tp->snd_cwnd;
	tcp_snd_cwnd_set(tp, std::min<u32>(cwnd, tp->snd_cwnd_clamp));
	SP_LINE("tcp_slow_start:cwnd", tp->snd_cwnd, "cwnd %u -> %u (leftover acked=%u)", old,
		(unsigned)tp->snd_cwnd, acked);
	SP_RET(acked);
}

// tcp_cong_avoid_ai(): cwnd grows by 1 for every w packets acked (snd_cwnd_cnt is the credit).
void tcp_cong_avoid_ai(tcp_sock *tp, u32 w, u32 acked)
{
	SP_FN("w=%u acked=%u cwnd=%u cnt=%u", w, acked, (unsigned)tp->snd_cwnd, (unsigned)tp->snd_cwnd_cnt);
	// If credits accumulated at a higher w, apply them gently now.
	if (tp->snd_cwnd_cnt >= w) {
		tp->snd_cwnd_cnt = 0;
		tcp_snd_cwnd_set(tp, tp->snd_cwnd + 1);
	}
	tp->snd_cwnd_cnt += acked;
	if (tp->snd_cwnd_cnt >= w) {
		u32 delta = tp->snd_cwnd_cnt / w;
		tp->snd_cwnd_cnt -= delta * w;
		tcp_snd_cwnd_set(tp, tp->snd_cwnd + delta);
	}
	tcp_snd_cwnd_set(tp, std::min<u32>(tp->snd_cwnd, tp->snd_cwnd_clamp));
	SP_LINE("tcp_cong_avoid_ai:cwnd", tp->snd_cwnd, "cwnd=%u snd_cwnd_cnt=%u", (unsigned)tp->snd_cwnd,
		(unsigned)tp->snd_cwnd_cnt);
}

u32 tcp_reno_ssthresh(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	SP_RET(std::max<u32>(tp->snd_cwnd >> 1, 2U));
}

void tcp_reno_cong_avoid(sock *sk, u32 ack, u32 acked)
{
	SP_FN("%s acked=%u", sk->name.c_str(), acked);
	tcp_sock *tp = tcp_sk(sk);
	if (!tcp_is_cwnd_limited(sk)) {
		SP_LINE("tcp_reno_cong_avoid:not_cwnd_limited", 0, "not cwnd-limited -> cwnd stays %u",
			(unsigned)tp->snd_cwnd);
		return;
	}
	if (tcp_in_slow_start(tp)) {
		acked = tcp_slow_start(tp, acked);
		if (!acked)
			return;
	}
	tcp_cong_avoid_ai(tp, tp->snd_cwnd, acked);
}

// tcp_cong_avoid() (tcp_input.c): icsk_ca_ops->cong_avoid + snd_cwnd_stamp.
void tcp_cong_avoid(sock *sk, u32 ack, u32 acked)
{
	SP_FN("%s ack=%u acked=%u", sk->name.c_str(), ack, acked);
	tcp_ca_cong_avoid(sk, ack, acked);
	tcp_sk(sk)->snd_cwnd_stamp = tcp_jiffies32();
}

void tcp_ca_cong_avoid(sock *sk, u32 ack, u32 acked)
{
	if (inet_csk(sk)->icsk_ca_name == "reno")
		tcp_reno_cong_avoid(sk, ack, acked);
	else
		cubictcp_cong_avoid(sk, ack, acked);
}

u32 tcp_ca_ssthresh(sock *sk)
{
	if (inet_csk(sk)->icsk_ca_name == "reno")
		return tcp_reno_ssthresh(sk);
	return cubictcp_recalc_ssthresh(sk);
}
