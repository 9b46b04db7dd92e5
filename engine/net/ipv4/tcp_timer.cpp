// SPDX-License-Identifier: GPL-2.0-or-later
// net/ipv4/tcp_timer.c and the timer inlines of include/net/inet_connection_sock.h / tcp.h:
// the retransmit timer (RTO with exponential backoff), the zero-window probe timer (probe0),
// the tail loss probe (TLP) and the delayed-ACK timer. A kernel timer is an event in Sim's queue.
#include "net/ipv4/tcp_priv.h"
#include "sim/world.h"

using namespace sp;

static const char *icsk_time_name(int what)
{
	switch (what) {
	case ICSK_TIME_RETRANS:
		return "ICSK_TIME_RETRANS";
	case ICSK_TIME_DACK:
		return "ICSK_TIME_DACK";
	case ICSK_TIME_PROBE0:
		return "ICSK_TIME_PROBE0";
	case ICSK_TIME_LOSS_PROBE:
		return "ICSK_TIME_LOSS_PROBE";
	case ICSK_TIME_REO_TIMEOUT:
		return "ICSK_TIME_REO_TIMEOUT";
	}
	return "?";
}

static void tcp_write_timer(sock *sk);
static void tcp_delack_timer(sock *sk);

// sk_reset_timer(): (re)arm a socket timer to fire at `expires_jiffies` (mod_timer + sock_hold).
void sk_reset_timer(sock *sk, sk_timer *timer, u64 expires_jiffies)
{
	SP_FN("%s expires=%llu (now %llu)", sk->name.c_str(), (unsigned long long)expires_jiffies,
	      (unsigned long long)sim().jiffies());
	if (timer->ev)
		sim().cancel(timer->ev);
	inet_connection_sock *icsk = inet_csk(sk);
	bool is_write = timer == &icsk->icsk_retransmit_timer;
	u64 t = Sim::jiffies_to_ns(expires_jiffies);
	if (t < sim().now_ns())
		t = sim().now_ns();
	timer->expires = expires_jiffies;
	timer->pending = 1;
	timer->ev = sim().at(t, is_write ? "tcp_write_timer" : "tcp_delack_timer", [sk, timer, is_write]() {
		timer->ev = 0;
		timer->pending = 0;
		timer->expires = 0;
		if (is_write)
			tcp_write_timer(sk);
		else
			tcp_delack_timer(sk);
	});
}

// sk_stop_timer(): del_timer + sock_put.
void sk_stop_timer(sock *sk, sk_timer *timer)
{
	SP_FN("%s", sk->name.c_str());
	if (timer->ev)
		sim().cancel(timer->ev);
	timer->ev = 0;
	timer->pending = 0;
	timer->expires = 0;
}

void tcp_init_xmit_timers(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	inet_connection_sock *icsk = inet_csk(sk);
	icsk->icsk_pending = 0;
	icsk->icsk_ack_pending = 0;
	icsk->icsk_retransmit_timer = sk_timer();
	icsk->icsk_delack_timer = sk_timer();
}

// inet_csk_reset_xmit_timer() (include/net/inet_connection_sock.h), as note 000 quotes it.
void inet_csk_reset_xmit_timer(sock *sk, int what, u64 when, u64 max_when)
{
	SP_FN("%s what=%s when=%llu max_when=%llu", sk->name.c_str(), icsk_time_name(what),
	      (unsigned long long)when, (unsigned long long)max_when);
	inet_connection_sock *icsk = inet_csk(sk);
	if (when > max_when) {
		SP_LINE("inet_csk_reset_xmit_timer:clamp", max_when, "when=%llu > max_when -> %llu",
			(unsigned long long)when, (unsigned long long)max_when);
		when = max_when;
	}
	if (what == ICSK_TIME_RETRANS || what == ICSK_TIME_PROBE0 || what == ICSK_TIME_LOSS_PROBE ||
	    what == ICSK_TIME_REO_TIMEOUT) {
		icsk->icsk_pending = (u8)what;
		icsk->icsk_timeout = sim().jiffies() + when;
		SP_LINE("inet_csk_reset_xmit_timer:pending", what,
			"icsk_pending=%s icsk_timeout=jiffies+%llu=%llu", icsk_time_name(what),
			(unsigned long long)when, (unsigned long long)icsk->icsk_timeout);
		sk_reset_timer(sk, &icsk->icsk_retransmit_timer, icsk->icsk_timeout);
	} else if (what == ICSK_TIME_DACK) {
		icsk->icsk_ack_pending |= ICSK_ACK_TIMER;
		icsk->icsk_ack_timeout = (u32)(sim().jiffies() + when);
		SP_LINE("inet_csk_reset_xmit_timer:dack", when, "delayed ACK in %llu jiffies",
			(unsigned long long)when);
		sk_reset_timer(sk, &icsk->icsk_delack_timer, icsk->icsk_ack_timeout);
	}
}

// inet_csk_clear_xmit_timer(). Model: the kernel (without INET_CSK_CLEAR_TIMERS) only clears
// icsk_pending and lets the timer fire into a no-op; the model also cancels the event so an idle
// connection has no spurious wake-up in the event queue.
void inet_csk_clear_xmit_timer(sock *sk, int what)
{
	SP_FN("%s what=%s", sk->name.c_str(), icsk_time_name(what));
	inet_connection_sock *icsk = inet_csk(sk);
	if (what == ICSK_TIME_RETRANS || what == ICSK_TIME_PROBE0) {
		icsk->icsk_pending = 0;
		sk_stop_timer(sk, &icsk->icsk_retransmit_timer);
	} else if (what == ICSK_TIME_DACK) {
		icsk->icsk_ack_pending = 0;
		sk_stop_timer(sk, &icsk->icsk_delack_timer);
	}
}

// tcp_pacing_delay(): how far in the future the next paced departure is, in jiffies.
static u64 tcp_pacing_delay(const sock *sk)
{
	const tcp_sock *tp = static_cast<const tcp_sock *>(sk);
	s64 delay = (s64)(tp->tcp_wstamp_ns - tp->tcp_clock_cache);
	return delay > 0 ? (u64)((delay + 999999) / 1000000) : 0;
}

void tcp_reset_xmit_timer(sock *sk, int what, u64 when, bool pace_delay)
{
	SP_FN("%s what=%s when=%llu pace_delay=%d", sk->name.c_str(), icsk_time_name(what),
	      (unsigned long long)when, pace_delay);
	if (pace_delay) {
		u64 d = tcp_pacing_delay(sk);
		if (d)
			SP_LINE("tcp_reset_xmit_timer:pacing_delay", d,
				"+%llu jiffies until the next paced departure", (unsigned long long)d);
		when += d;
	}
	inet_csk_reset_xmit_timer(sk, what, when, tcp_rto_max(sk));
}

// tcp_probe0_base(): max(icsk_rto, TCP_RTO_MIN).
u64 tcp_probe0_base(const sock *sk)
{
	const inet_connection_sock *icsk = static_cast<const inet_connection_sock *>(sk);
	return std::max<u64>(icsk->icsk_rto, TCP_RTO_MIN);
}

// tcp_probe0_when(): base << min(icsk_backoff, ilog2(TCP_RTO_MAX / TCP_RTO_MIN) + 1), capped.
u64 tcp_probe0_when(const sock *sk, u64 max_when)
{
	const inet_connection_sock *icsk = static_cast<const inet_connection_sock *>(sk);
	unsigned ilog = 0;
	for (u32 v = TCP_RTO_MAX / TCP_RTO_MIN; v > 1; v >>= 1)
		ilog++;
	u8 backoff = (u8)std::min<unsigned>(ilog + 1, icsk->icsk_backoff);
	u64 when = tcp_probe0_base(sk) << backoff;
	return std::min(when, max_when);
}

// tcp_write_timeout(). Model: counts retransmissions against tcp_syn_retries / tcp_retries2
// instead of the kernel's time-based retransmits_timed_out() (same boundary in count terms).
static bool tcp_write_timeout(sock *sk)
{
	inet_connection_sock *icsk = inet_csk(sk);
	int retry_until;
	if ((1u << sk->sk_state) & (TCPF_STATE(TCP_SYN_SENT) | TCPF_STATE(TCP_SYN_RECV)))
		retry_until = sysctl().tcp_syn_retries;
	else
		retry_until = sysctl().tcp_retries2;
	bool expired = icsk->icsk_retransmits >= retry_until;
	SP_LINE("tcp_write_timeout:expired", expired, "icsk_retransmits=%u limit=%d -> %s",
		(unsigned)icsk->icsk_retransmits, retry_until,
		expired ? "give up (ETIMEDOUT)" : "keep retrying");
	if (expired) {
		tcp_write_err(sk);
		return true;
	}
	return false;
}

void tcp_retransmit_timer(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	inet_connection_sock *icsk = inet_csk(sk);

	if (!tp->packets_out) {
		SP_LINE("tcp_retransmit_timer:nothing_out", 0, "packets_out=0 -> nothing to retransmit");
		return;
	}
	sk_buff *skb = tcp_rtx_queue_head(sk);
	if (!skb)
		return;

	if (!tp->snd_wnd && !((1u << sk->sk_state) & (TCPF_STATE(TCP_SYN_SENT) | TCPF_STATE(TCP_SYN_RECV)))) {
		// Receiver dead or its window closed while data was in flight: retransmit the head
		// (it doubles as a window probe) and back off without counting toward retries2.
		u32 since = tcp_jiffies32() - tp->rcv_tstamp;
		SP_LINE("tcp_retransmit_timer:zero_window", since, "snd_wnd=0, last ACK %u jiffies ago",
			since);
		if (since > tcp_rto_max(sk)) {
			tcp_write_err(sk);
			return;
		}
		tcp_enter_loss(sk);
		tcp_retransmit_skb(sk, skb, 1);
		goto out_reset_timer;
	}

	if (tcp_write_timeout(sk))
		return;

	tcp_enter_loss(sk);
	icsk->icsk_retransmits += 1; // tcp_update_rto_stats()
	SP_LINE("tcp_retransmit_timer:retransmits", icsk->icsk_retransmits, "RTO #%u: retransmit the head %s",
		(unsigned)icsk->icsk_retransmits, tcp_rtx_queue_head(sk)->name.c_str());
	if (tcp_retransmit_skb(sk, tcp_rtx_queue_head(sk), 1) > 0) {
		// Local congestion: retry soon, without backing off.
		SP_LINE("tcp_retransmit_timer:local_congestion", TCP_RESOURCE_PROBE_INTERVAL,
			"retransmit failed locally -> retry in %u jiffies", TCP_RESOURCE_PROBE_INTERVAL);
		inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS, TCP_RESOURCE_PROBE_INTERVAL,
					  tcp_rto_max(sk));
		return;
	}

out_reset_timer : {
	// Exponential backoff for both the zero-window and the normal path (thin-stream linear
	// timeouts are off by default). Model: the SYN_SENT linear-timeouts branch is not modelled.
	icsk->icsk_backoff += 1;
	u32 old = icsk->icsk_rto;
	icsk->icsk_rto = std::min<u32>(icsk->icsk_rto << 1, tcp_rto_max(sk));
	SP_LINE("tcp_retransmit_timer:backoff", icsk->icsk_rto,
		"icsk_rto %u -> min(%u << 1, %u) = %u jiffies, icsk_backoff=%u", old, old, tcp_rto_max(sk),
		(unsigned)icsk->icsk_rto, (unsigned)icsk->icsk_backoff);
	inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS, icsk->icsk_rto, tcp_rto_max(sk));
}
}

void tcp_probe_timer(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	inet_connection_sock *icsk = inet_csk(sk);
	tcp_sock *tp = tcp_sk(sk);
	sk_buff *skb = tcp_send_head(sk);

	if (tp->packets_out || !skb) {
		SP_LINE("tcp_probe_timer:not_needed", tp->packets_out,
			"packets_out=%u send_head=%s -> no probe", (unsigned)tp->packets_out,
			skb ? skb->name.c_str() : "none");
		icsk->icsk_probes_out = 0;
		icsk->icsk_probes_tstamp = 0;
		return;
	}
	// RFC 1122 4.2.2.17: keep probing as long as the peer answers, unless TCP_USER_TIMEOUT says
	// how long the probes may go unanswered (counted from the first probe timer).
	if (!icsk->icsk_probes_tstamp) {
		icsk->icsk_probes_tstamp = tcp_jiffies32();
	} else if (icsk->icsk_user_timeout &&
		   (s32)(tcp_jiffies32() - icsk->icsk_probes_tstamp) >= (s32)HZ_MS(icsk->icsk_user_timeout)) {
		SP_LINE("tcp_probe_timer:user_timeout", icsk->icsk_user_timeout,
			"probing for %u jiffies >= TCP_USER_TIMEOUT %u ms: abort (ETIMEDOUT)",
			(unsigned)(tcp_jiffies32() - icsk->icsk_probes_tstamp),
			(unsigned)icsk->icsk_user_timeout);
		tcp_write_err(sk);
		return;
	}
	int max_probes = sysctl().tcp_retries2;
	SP_LINE("tcp_probe_timer:probes_out", icsk->icsk_probes_out, "icsk_probes_out=%u max_probes=%d",
		(unsigned)icsk->icsk_probes_out, max_probes);
	if (icsk->icsk_probes_out >= max_probes)
		tcp_write_err(sk);
	else
		tcp_send_probe0(sk);
}

// tcp_write_timer_handler(): dispatch on icsk_pending.
void tcp_write_timer_handler(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	inet_connection_sock *icsk = inet_csk(sk);
	if (((1u << sk->sk_state) & (TCPF_STATE(TCP_CLOSE) | TCPF_STATE(TCP_LISTEN))) ||
	    !icsk->icsk_pending) {
		SP_LINE("tcp_write_timer_handler:idle", icsk->icsk_pending,
			"state=%s icsk_pending=%u -> nothing", tcp_state_name(sk->sk_state),
			(unsigned)icsk->icsk_pending);
		return;
	}
	if ((s64)(icsk->icsk_timeout - sim().jiffies()) > 0) {
		SP_LINE("tcp_write_timer_handler:early", icsk->icsk_timeout,
			"fired before icsk_timeout=%llu: re-arm", (unsigned long long)icsk->icsk_timeout);
		sk_reset_timer(sk, &icsk->icsk_retransmit_timer, icsk->icsk_timeout);
		return;
	}
	tcp_mstamp_refresh(tcp_sk(sk));
	int event = icsk->icsk_pending;
	SP_LINE("tcp_write_timer_handler:event", event, "icsk_pending=%s", icsk_time_name(event));
	switch (event) {
	case ICSK_TIME_REO_TIMEOUT:
		// Model: RACK reordering timer is not armed by the model (see tcp_input.cpp).
		icsk->icsk_pending = 0;
		break;
	case ICSK_TIME_LOSS_PROBE:
		tcp_send_loss_probe(sk);
		break;
	case ICSK_TIME_RETRANS:
		icsk->icsk_pending = 0;
		tcp_retransmit_timer(sk);
		break;
	case ICSK_TIME_PROBE0:
		icsk->icsk_pending = 0;
		tcp_probe_timer(sk);
		break;
	}
}

// tcp_write_timer(): the timer callback. Model: the socket is never owned by the user when a
// timer fires (syscalls run to completion between events), so TCP_WRITE_TIMER_DEFERRED is unused.
static void tcp_write_timer(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_write_timer_handler(sk);
}

void tcp_delack_timer_handler(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	inet_connection_sock *icsk = inet_csk(sk);
	tcp_sock *tp = tcp_sk(sk);
	if ((1u << sk->sk_state) & (TCPF_STATE(TCP_CLOSE) | TCPF_STATE(TCP_LISTEN)))
		return;
	if (!(icsk->icsk_ack_pending & ICSK_ACK_TIMER)) {
		SP_LINE("tcp_delack_timer_handler:no_timer", 0, "ICSK_ACK_TIMER not set -> nothing");
		return;
	}
	if ((s32)(icsk->icsk_ack_timeout - (u32)sim().jiffies()) > 0) {
		sk_reset_timer(sk, &icsk->icsk_delack_timer, icsk->icsk_ack_timeout);
		return;
	}
	icsk->icsk_ack_pending &= ~ICSK_ACK_TIMER;
	if (icsk->icsk_ack_pending & ICSK_ACK_SCHED) {
		if (!inet_csk_in_pingpong_mode(sk)) {
			// Delayed ACK missed: inflate ATO.
			icsk->icsk_ack_ato = std::min<u32>(icsk->icsk_ack_ato << 1, icsk->icsk_rto);
		} else {
			// Delayed ACK missed: leave ping-pong mode and deflate ATO.
			inet_csk_exit_pingpong_mode(sk);
			icsk->icsk_ack_ato = TCP_ATO_MIN;
		}
		SP_LINE("tcp_delack_timer_handler:send", icsk->icsk_ack_ato,
			"ACK was scheduled -> send it, ato=%u", (unsigned)icsk->icsk_ack_ato);
		tcp_mstamp_refresh(tp);
		tcp_send_ack(sk);
	}
}

static void tcp_delack_timer(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_delack_timer_handler(sk);
}
