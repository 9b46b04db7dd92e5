// SPDX-License-Identifier: GPL-2.0-or-later
// net/ipv4/tcp_input.c: ACK processing (window update, retransmit-queue cleaning, RTT/RTO,
// congestion control, loss detection), the active and passive handshake, FIN, in-order data.
// Model simplifications (each also marked where it happens):
//  - Loss detection is "RACK-lite": with SACK, once sacked_out >= tp->reordering (3) every
//    un-SACKed skb sent before the most recently SACKed one is marked lost (RACK with reo_wnd 0,
//    as the kernel does once dupthresh is reached); without SACK, tcp_newreno_mark_lost() as in the
//    kernel (one MSS of the head on 3 dupACKs or a partial ACK).
//    No RACK reordering timer, no D-SACK, no undo (Eifel/F-RTO), no ECN.
//  - Received out-of-order data is dropped (no ofo queue); the host therefore never sends SACKs.
#include <cstring>

#include "linux/net_tstamp.h"
#include "net/ip.h"
#include "net/ipv4/tcp_priv.h"
#include "net/socket_api.h"
#include "sim/world.h"

using namespace sp;

const char *tcp_ca_state_name(int s)
{
	static const char *n[] = {"Open", "Disorder", "CWR", "Recovery", "Loss"};
	return s >= 0 && s <= 4 ? n[s] : "?";
}

static u16 th_window(const sk_buff *skb)
{
	return get_be16(tcp_hdr(skb) + 14);
}

// tcp_parse_fastopen_option(): a cookie is valid only in a SYN or SYN-ACK, with an even length.
static void tcp_parse_fastopen_option(int len, const u8 *cookie, bool syn, tcp_fastopen_cookie *foc,
				      bool exp_opt)
{
	if (!foc || !syn || len < 0 || (len & 1))
		return;
	if (len >= TCP_FASTOPEN_COOKIE_MIN && len <= TCP_FASTOPEN_COOKIE_MAX)
		std::memcpy(foc->val, cookie, (size_t)len);
	else if (len != 0)
		len = -1;
	foc->len = (s8)len;
	foc->exp = exp_opt;
}

// tcp_parse_options(): MSS, WS, SACK_PERM, TS, SACK blocks, Fast Open cookie (into foc).
static void tcp_parse_options(tcp_sock *tp, const sk_buff *skb, bool estab,
			      tcp_fastopen_cookie *foc = nullptr)
{
	const u8 *th = tcp_hdr(skb);
	int length = (th[12] >> 4) * 4 - (int)TCP_HDR_LEN;
	const u8 *ptr = th + TCP_HDR_LEN;
	bool syn = th_flags(skb) & TCPHDR_SYN;
	tp->rx_opt_saw_tstamp = 0;
	tp->rx_opt_num_sacks = 0;
	while (length > 0) {
		int opcode = *ptr++;
		if (opcode == TCPOPT_EOL)
			return;
		if (opcode == TCPOPT_NOP) {
			length--;
			continue;
		}
		if (length < 2)
			return;
		int opsize = *ptr++;
		if (opsize < 2 || opsize > length)
			return;
		switch (opcode) {
		case TCPOPT_MSS:
			if (opsize == 4 && syn && !estab) {
				u16 in_mss = get_be16(ptr);
				if (in_mss) {
					if (tp->rx_opt_user_mss && tp->rx_opt_user_mss < in_mss)
						in_mss = (u16)tp->rx_opt_user_mss;
					tp->rx_opt_mss_clamp = in_mss;
				}
			}
			break;
		case TCPOPT_WINDOW:
			if (opsize == 3 && syn && !estab && sysctl().tcp_window_scaling) {
				u8 ws = ptr[0];
				tp->rx_opt_wscale_ok = 1;
				tp->rx_opt_snd_wscale = std::min<u8>(ws, TCP_MAX_WSCALE);
			}
			break;
		case TCPOPT_TIMESTAMP:
			if (opsize == 10 &&
			    ((estab && tp->rx_opt_tstamp_ok) || (syn && sysctl().tcp_timestamps))) {
				tp->rx_opt_saw_tstamp = 1;
				tp->rx_opt_rcv_tsval = get_be32(ptr);
				tp->rx_opt_rcv_tsecr = get_be32(ptr + 4);
			}
			break;
		case TCPOPT_SACK_PERM:
			if (opsize == 2 && syn && !estab && sysctl().tcp_sack)
				tp->rx_opt_sack_ok = 1;
			break;
		case TCPOPT_SACK:
			if (opsize >= 10 && (opsize - 2) % 8 == 0 && tp->rx_opt_sack_ok) {
				int n = std::min((opsize - 2) / 8, 4);
				for (int i = 0; i < n; i++) {
					tp->rx_sack_blocks[i][0] = get_be32(ptr + 8 * i);
					tp->rx_sack_blocks[i][1] = get_be32(ptr + 8 * i + 4);
				}
				tp->rx_opt_num_sacks = (u8)n;
			}
			break;
		case TCPOPT_FASTOPEN:
			tcp_parse_fastopen_option(opsize - TCPOLEN_FASTOPEN_BASE, ptr, syn, foc, false);
			break;
		case TCPOPT_EXP:
			// Fast Open in the experimental option: 16-bit magic after kind and length.
			if (opsize >= TCPOLEN_EXP_FASTOPEN_BASE &&
			    ((ptr[0] << 8) | ptr[1]) == TCPOPT_FASTOPEN_MAGIC)
				tcp_parse_fastopen_option(opsize - TCPOLEN_EXP_FASTOPEN_BASE, ptr + 2, syn,
							  foc, true);
			break;
		}
		ptr += opsize - 2;
		length -= opsize;
	}
}

// ---------------------------------------------------------------- states

void tcp_set_state(sock *sk, int state)
{
	int old = sk->sk_state;
	if (old == state)
		return;
	SP_LINE("tcp_set_state:state", state, "%s -> %s", tcp_state_name(old), tcp_state_name(state));
	sk->sk_state = (u8)state;
}

void tcp_done(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_set_state(sk, TCP_CLOSE);
	inet_csk_clear_xmit_timer(sk, ICSK_TIME_RETRANS);
	inet_csk_clear_xmit_timer(sk, ICSK_TIME_DACK);
	sk->sk_shutdown = RCV_SHUTDOWN | SEND_SHUTDOWN;
	sock_def_wakeup(sk);
}

void tcp_write_err(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	sk->sk_err = sk->sk_err_soft ? (int)sk->sk_err_soft : ETIMEDOUT;
	sk_error_report(sk);
	tcp_done(sk);
}

void tcp_set_ca_state(sock *sk, u8 ca_state)
{
	inet_connection_sock *icsk = inet_csk(sk);
	if (icsk->icsk_ca_state != ca_state)
		SP_LINE("tcp_set_ca_state:state", ca_state, "ca_state %s -> %s",
			tcp_ca_state_name(icsk->icsk_ca_state), tcp_ca_state_name(ca_state));
	tcp_ca_state_event(sk, ca_state);
	icsk->icsk_ca_state = ca_state;
}

static u32 tcp_current_ssthresh(sock *sk)
{
	tcp_sock *tp = tcp_sk(sk);
	if (tcp_in_cwnd_reduction(sk))
		return tp->snd_ssthresh;
	return std::max<u32>(tp->snd_ssthresh, (tp->snd_cwnd >> 1) + (tp->snd_cwnd >> 2));
}

void tcp_init_cwnd_reduction(sock *sk)
{
	tcp_sock *tp = tcp_sk(sk);
	tp->high_seq = tp->snd_nxt;
	tp->tlp_high_seq = 0;
	tp->snd_cwnd_cnt = 0;
	tp->prior_cwnd = tp->snd_cwnd;
	tp->prr_delivered = 0;
	tp->prr_out = 0;
	tp->snd_ssthresh = tcp_ca_ssthresh(sk);
	SP_LINE("tcp_init_cwnd_reduction:ssthresh", tp->snd_ssthresh,
		"prior_cwnd=%u -> ssthresh=%u high_seq=%u", (unsigned)tp->prior_cwnd,
		(unsigned)tp->snd_ssthresh, (unsigned)tp->high_seq);
}

void tcp_enter_cwr(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	tp->prior_ssthresh = 0;
	if (inet_csk(sk)->icsk_ca_state < TCP_CA_CWR) {
		tp->undo_marker = 0;
		tcp_init_cwnd_reduction(sk);
		tcp_set_ca_state(sk, TCP_CA_CWR);
	}
}

static void tcp_end_cwnd_reduction(sock *sk)
{
	tcp_sock *tp = tcp_sk(sk);
	u8 st = inet_csk(sk)->icsk_ca_state;
	if (st == TCP_CA_CWR || (st == TCP_CA_Recovery && tp->snd_ssthresh < TCP_INFINITE_SSTHRESH)) {
		tcp_snd_cwnd_set(tp, tp->snd_ssthresh);
		tp->snd_cwnd_stamp = tcp_jiffies32();
		SP_LINE("tcp_end_cwnd_reduction:cwnd", tp->snd_cwnd, "recovery done: cwnd = ssthresh = %u",
			(unsigned)tp->snd_cwnd);
	}
}

void tcp_mark_skb_lost(sock *sk, sk_buff *skb)
{
	tcp_sock *tp = tcp_sk(sk);
	u8 sacked = TCP_SKB_CB(skb)->sacked;
	if (sacked & TCPCB_SACKED_ACKED)
		return;
	if (sacked & TCPCB_LOST) {
		if (sacked & TCPCB_SACKED_RETRANS) {
			// A retransmission that is lost again.
			TCP_SKB_CB(skb)->sacked &= ~TCPCB_SACKED_RETRANS;
			tp->retrans_out -= tcp_skb_pcount(skb);
		}
	} else {
		tp->lost_out += tcp_skb_pcount(skb);
		TCP_SKB_CB(skb)->sacked |= TCPCB_LOST;
	}
	SP_LINE("tcp_mark_skb_lost:lost", skb->cb.seq, "%s [%u,%u) marked lost, lost_out=%u",
		skb->name.c_str(), (unsigned)skb->cb.seq, (unsigned)skb->cb.end_seq, (unsigned)tp->lost_out);
}

// tcp_enter_loss(): RTO fired. Model: every un-SACKed skb is marked lost (the kernel skips
// recently sent ones via RACK's timeout check).
void tcp_enter_loss(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	inet_connection_sock *icsk = inet_csk(sk);
	tcp_sock *tp = tcp_sk(sk);
	// tcp_timeout_mark_lost()
	sk_buff *head = tcp_rtx_queue_head(sk);
	bool is_reneg = head && (TCP_SKB_CB(head)->sacked & TCPCB_SACKED_ACKED);
	if (is_reneg || tcp_is_reno(tp))
		tp->sacked_out = 0;
	for (sk_buff *skb : sk->tcp_rtx_queue) {
		if (is_reneg)
			TCP_SKB_CB(skb)->sacked &= ~TCPCB_SACKED_ACKED;
		tcp_mark_skb_lost(sk, skb);
	}
	// Reduce ssthresh if it has not yet been made inside this window.
	if (icsk->icsk_ca_state <= TCP_CA_Disorder || !after(tp->high_seq, tp->snd_una) ||
	    (icsk->icsk_ca_state == TCP_CA_Loss && !icsk->icsk_retransmits)) {
		tp->prior_ssthresh = tcp_current_ssthresh(sk);
		tp->prior_cwnd = tp->snd_cwnd;
		tp->snd_ssthresh = tcp_ca_ssthresh(sk);
	}
	tcp_snd_cwnd_set(tp, tcp_packets_in_flight(tp) + 1);
	tp->snd_cwnd_cnt = 0;
	tp->snd_cwnd_stamp = tcp_jiffies32();
	SP_LINE("tcp_enter_loss:cwnd", tp->snd_cwnd, "RTO: ssthresh=%u cwnd=in_flight+1=%u",
		(unsigned)tp->snd_ssthresh, (unsigned)tp->snd_cwnd);
	tcp_set_ca_state(sk, TCP_CA_Loss);
	tp->high_seq = tp->snd_nxt;
	tp->tlp_high_seq = 0;
}

// ---------------------------------------------------------------- RTT and RTO

void tcp_rtt_estimator(sock *sk, long mrtt_us)
{
	SP_FN("%s mrtt_us=%ld", sk->name.c_str(), mrtt_us);
	tcp_sock *tp = tcp_sk(sk);
	long m = mrtt_us;
	u32 srtt = tp->srtt_us;
	if (srtt != 0) {
		m -= (srtt >> 3); // m is now the error in the rtt estimate
		srtt += m;	  // rtt = 7/8 rtt + 1/8 new
		if (m < 0) {
			m = -m;
			m -= (tp->mdev_us >> 2);
			// RTT decreasing: finer gain for mdev (like Eifel, avoids RTO growth).
			if (m > 0)
				m >>= 3;
		} else {
			m -= (tp->mdev_us >> 2);
		}
		tp->mdev_us += (u32)m; // mdev = 3/4 mdev + 1/4 new
		if (tp->mdev_us > tp->mdev_max_us) {
			tp->mdev_max_us = tp->mdev_us;
			if (tp->mdev_max_us > tp->rttvar_us)
				tp->rttvar_us = tp->mdev_max_us;
		}
		if (after(tp->snd_una, tp->rtt_seq)) {
			// Once per RTT: decay rttvar towards mdev_max.
			if (tp->mdev_max_us < tp->rttvar_us)
				tp->rttvar_us -= (tp->rttvar_us - tp->mdev_max_us) >> 2;
			tp->rtt_seq = tp->snd_nxt;
			tp->mdev_max_us = tcp_rto_min_us();
		}
	} else {
		// First measurement.
		srtt = (u32)(m << 3);
		tp->mdev_us = (u32)(m << 1); // make sure rto = 3*rtt
		tp->rttvar_us = std::max<u32>(tp->mdev_us, tcp_rto_min_us());
		tp->mdev_max_us = tp->rttvar_us;
		tp->rtt_seq = tp->snd_nxt;
	}
	tp->srtt_us = std::max<u32>(1U, srtt);
	SP_LINE("tcp_rtt_estimator:srtt", tp->srtt_us, "sample %ld us: srtt=%u us (x8: %u) mdev=%u rttvar=%u",
		mrtt_us, (unsigned)(tp->srtt_us >> 3), (unsigned)tp->srtt_us, (unsigned)tp->mdev_us,
		(unsigned)tp->rttvar_us);
}

void tcp_set_rto(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	u32 us = (tp->srtt_us >> 3) + tp->rttvar_us;
	u32 rto = usecs_to_jiffies(us);
	if (rto > tcp_rto_max(sk))
		rto = tcp_rto_max(sk); // tcp_bound_rto()
	inet_csk(sk)->icsk_rto = rto;
	SP_LINE("tcp_set_rto:rto", rto, "rto = usecs_to_jiffies(srtt %u + rttvar %u = %u us) = %u jiffies",
		(unsigned)(tp->srtt_us >> 3), (unsigned)tp->rttvar_us, us, rto);
}

void tcp_rearm_rto(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	inet_connection_sock *icsk = inet_csk(sk);
	tcp_sock *tp = tcp_sk(sk);
	if (!tp->packets_out) {
		SP_LINE("tcp_rearm_rto:clear", 0, "nothing in flight: clear the RTO timer");
		inet_csk_clear_xmit_timer(sk, ICSK_TIME_RETRANS);
		return;
	}
	u32 rto = icsk->icsk_rto;
	// Offset the time already elapsed since the head was sent.
	if (icsk->icsk_pending == ICSK_TIME_REO_TIMEOUT || icsk->icsk_pending == ICSK_TIME_LOSS_PROBE) {
		s64 delta_us = tcp_rto_delta_us(sk);
		rto = usecs_to_jiffies((u64)std::max<s64>(delta_us, 1));
	}
	tcp_reset_xmit_timer(sk, ICSK_TIME_RETRANS, rto, true);
}

// tcp_update_pacing_rate(): rate = mss * cwnd / srtt, x2 in slow start, x1.2 in CA.
void tcp_update_pacing_rate(sock *sk)
{
	tcp_sock *tp = tcp_sk(sk);
	u64 rate = (u64)tp->mss_cache * (1000000ull << 3);
	if (tp->snd_cwnd < tp->snd_ssthresh / 2)
		rate *= (u64)sysctl().tcp_pacing_ss_ratio;
	else
		rate *= (u64)sysctl().tcp_pacing_ca_ratio;
	rate *= std::max<u32>(tp->snd_cwnd, tp->packets_out);
	if (tp->srtt_us)
		rate /= (u64)tp->srtt_us;
	rate /= 100;
	sk->sk_pacing_rate = std::min<u64>(rate, sk->sk_max_pacing_rate);
}

static void tcp_sndbuf_expand(sock *sk)
{
	tcp_sock *tp = tcp_sk(sk);
	// Worst case: one skb per MSS with a power-of-two kmalloc head.
	u32 per_mss = std::max<u32>(tp->rx_opt_mss_clamp, tp->mss_cache) + MAX_TCP_HEADER +
		      SKB_DATA_ALIGN(SKB_SHINFO_SIZE);
	u32 p2 = 1;
	while (p2 < per_mss)
		p2 <<= 1;
	per_mss = p2 + SKB_TRUESIZE_OVERHEAD;
	u32 nr_segs = std::max<u32>(TCP_INIT_CWND, tp->snd_cwnd);
	nr_segs = std::max<u32>(nr_segs, tp->reordering + 1);
	int sndmem = 2 * (int)(nr_segs * per_mss); // cubic: 1.7 rounded up to 2
	if (sk->sk_sndbuf < sndmem) {
		sk->sk_sndbuf = std::min(sndmem, sysctl().tcp_wmem[2]);
		SP_LINE("tcp_sndbuf_expand:sndbuf", sk->sk_sndbuf, "2 * %u segs * %u bytes -> sk_sndbuf=%d",
			nr_segs, per_mss, (int)sk->sk_sndbuf);
	}
}

bool tcp_should_expand_sndbuf(sock *sk)
{
	tcp_sock *tp = tcp_sk(sk);
	if (sk->sk_userlocks & SOCK_SNDBUF_LOCK)
		return false;
	if (tcp_packets_in_flight(tp) >= tp->snd_cwnd)
		return false;
	return true;
}

void tcp_new_space(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	if (tcp_should_expand_sndbuf(sk)) {
		tcp_sndbuf_expand(sk);
		tcp_sk(sk)->snd_cwnd_stamp = tcp_jiffies32();
	}
	sk_stream_write_space(sk); // sk->sk_write_space
}

// tcp_check_space(): a writer waits (SOCK_NOSPACE): see whether freed memory lets it continue.
void tcp_check_space(sock *sk)
{
	if (sk->sk_socket_flags & SOCK_NOSPACE) {
		SP_FN("%s", sk->name.c_str());
		tcp_new_space(sk);
		if (!(sk->sk_socket_flags & SOCK_NOSPACE))
			tcp_chrono_stop(sk, TCP_CHRONO_SNDBUF_LIMITED);
	}
}

void tcp_rtx_queue_unlink_and_free(sk_buff *skb, sock *sk)
{
	auto &q = sk->tcp_rtx_queue;
	for (auto it = q.begin(); it != q.end(); ++it)
		if (*it == skb) {
			q.erase(it);
			break;
		}
	if (tcp_sk(sk)->lost_skb_hint == skb)
		tcp_sk(sk)->lost_skb_hint = nullptr;
	tcp_wmem_free_skb(sk, skb);
}

// ---------------------------------------------------------------- ACK processing

static bool tcp_may_update_window(const tcp_sock *tp, u32 ack, u32 ack_seq, u32 nwin)
{
	return after(ack, tp->snd_una) || after(ack_seq, tp->snd_wl1) ||
	       (ack_seq == tp->snd_wl1 && (nwin > tp->snd_wnd || !nwin));
}

static int tcp_ack_update_window(sock *sk, const sk_buff *skb, u32 ack, u32 ack_seq)
{
	tcp_sock *tp = tcp_sk(sk);
	int flag = 0;
	u32 nwin = th_window(skb);
	if (!(th_flags(skb) & TCPHDR_SYN))
		nwin <<= tp->rx_opt_snd_wscale;
	if (tcp_may_update_window(tp, ack, ack_seq, nwin)) {
		flag |= FLAG_WIN_UPDATE;
		tp->snd_wl1 = ack_seq; // tcp_update_wl()
		if (tp->snd_wnd != nwin) {
			SP_LINE("tcp_ack_update_window:snd_wnd", nwin,
				"window field %u << snd_wscale %u -> snd_wnd %u -> %u",
				(unsigned)th_window(skb), (unsigned)tp->rx_opt_snd_wscale,
				(unsigned)tp->snd_wnd, nwin);
			tp->snd_wnd = nwin;
			// A window that reopens after a long stall counts as idle time too.
			if (!sk->sk_write_queue.empty())
				tcp_slow_start_after_idle_check(sk);
			if (nwin > tp->max_window) {
				tp->max_window = nwin;
				tcp_sync_mss(sk, inet_csk(sk)->icsk_pmtu_cookie);
			}
		}
	}
	// tcp_snd_una_update()
	u32 delta = ack - tp->snd_una;
	tp->bytes_acked += delta;
	tp->snd_una = ack;
	return flag;
}

// tcp_match_skb_to_sack(): split a TSO skb so SACK blocks cover whole skbs (MSS-aligned).
static int tcp_match_skb_to_sack(sock *sk, sk_buff *skb, u32 start_seq, u32 end_seq)
{
	bool in_sack = !after(start_seq, skb->cb.seq) && !before(end_seq, skb->cb.end_seq);
	if (tcp_skb_pcount(skb) > 1 && !in_sack && after(skb->cb.end_seq, start_seq)) {
		unsigned mss = tcp_skb_mss(skb);
		unsigned pkt_len;
		in_sack = !after(start_seq, skb->cb.seq);
		if (!in_sack) {
			pkt_len = start_seq - skb->cb.seq;
			if (pkt_len < mss)
				pkt_len = mss;
		} else {
			pkt_len = end_seq - skb->cb.seq;
			if (pkt_len < mss)
				return -EINVAL;
		}
		if (pkt_len > mss) {
			unsigned new_len = (pkt_len / mss) * mss;
			if (!in_sack && new_len < pkt_len)
				new_len += mss;
			pkt_len = new_len;
		}
		if (pkt_len >= skb->len && !in_sack)
			return 0;
		int err = tcp_fragment(sk, TCP_FRAG_IN_RTX_QUEUE, skb, pkt_len, mss, GFP_ATOMIC);
		if (err < 0)
			return err;
	}
	return in_sack;
}

// tcp_sacktag_write_queue() (simplified): tag skbs covered by the ACK's SACK blocks.
static int tcp_sacktag_write_queue(sock *sk, u32 prior_snd_una)
{
	tcp_sock *tp = tcp_sk(sk);
	int flag = 0;
	for (int b = 0; b < tp->rx_opt_num_sacks; b++) {
		u32 start = tp->rx_sack_blocks[b][0], end = tp->rx_sack_blocks[b][1];
		if (!after(end, tp->snd_una) || after(end, tp->snd_nxt))
			continue; // D-SACK or invalid: ignored by the model
		SP_LINE("tcp_sacktag_write_queue:block", start, "SACK block [%u,%u)", start, end);
		for (auto it = sk->tcp_rtx_queue.begin(); it != sk->tcp_rtx_queue.end(); ++it) {
			sk_buff *skb = *it;
			if (!after(skb->cb.end_seq, start))
				continue;
			if (!before(skb->cb.seq, end))
				break;
			int in = tcp_match_skb_to_sack(sk, skb, start, end);
			if (in <= 0)
				continue;
			u8 sacked = TCP_SKB_CB(skb)->sacked;
			if (sacked & TCPCB_SACKED_ACKED)
				continue;
			if (sacked & TCPCB_SACKED_RETRANS) {
				TCP_SKB_CB(skb)->sacked &= ~TCPCB_SACKED_RETRANS;
				tp->retrans_out -= tcp_skb_pcount(skb);
			}
			if (sacked & TCPCB_LOST)
				tp->lost_out -= tcp_skb_pcount(skb);
			TCP_SKB_CB(skb)->sacked =
			    (TCP_SKB_CB(skb)->sacked & ~TCPCB_LOST) | TCPCB_SACKED_ACKED;
			tp->sacked_out += tcp_skb_pcount(skb);
			tp->delivered += tcp_skb_pcount(skb);
			flag |= FLAG_DATA_SACKED;
			// tcp_rack_advance(): remember the most recently sent delivered skb.
			if (!(sacked & TCPCB_RETRANS) && skb->tstamp >= tp->rack_mstamp) {
				tp->rack_mstamp = skb->tstamp;
				tp->rack_end_seq = skb->cb.end_seq;
			}
			SP_LINE("tcp_sacktag_write_queue:sacked", skb->cb.seq,
				"%s [%u,%u) SACKed, sacked_out=%u", skb->name.c_str(), (unsigned)skb->cb.seq,
				(unsigned)skb->cb.end_seq, (unsigned)tp->sacked_out);
		}
	}
	(void)prior_snd_una;
	return flag;
}

// tcp_newreno_mark_lost(): without SACK, dupthresh duplicate ACKs (before Recovery) or a partial
// ACK (in Recovery) mark the head lost, one MSS of it only: a multi-segment head is split first,
// and tcp_fragment() leaves PSH/FIN on the second part.
static void tcp_newreno_mark_lost(sock *sk, bool snd_una_advanced)
{
	SP_FN("%s sacked_out=%u advanced=%d", sk->name.c_str(), (unsigned)tcp_sk(sk)->sacked_out,
	      (int)snd_una_advanced);
	tcp_sock *tp = tcp_sk(sk);
	u8 state = inet_csk(sk)->icsk_ca_state;
	if ((state < TCP_CA_Recovery && tp->sacked_out >= tp->reordering) ||
	    (state == TCP_CA_Recovery && snd_una_advanced)) {
		sk_buff *skb = tcp_rtx_queue_head(sk);
		if (TCP_SKB_CB(skb)->sacked & TCPCB_LOST)
			return;
		unsigned mss = tcp_skb_mss(skb);
		if (tcp_skb_pcount(skb) > 1 && skb->len > mss) {
			SP_LINE("tcp_newreno_mark_lost:fragment", mss,
				"head %s [%u,%u) has %u segs: split off the first %u bytes",
				skb->name.c_str(), (unsigned)skb->cb.seq, (unsigned)skb->cb.end_seq,
				tcp_skb_pcount(skb), mss);
			tcp_fragment(sk, TCP_FRAG_IN_RTX_QUEUE, skb, mss, mss, GFP_ATOMIC);
		}
		tcp_mark_skb_lost(sk, skb);
	}
}

// Loss marking (RACK-lite / NewReno, see the file comment).
static void tcp_identify_packet_loss(sock *sk, int flag)
{
	tcp_sock *tp = tcp_sk(sk);
	if (sk->tcp_rtx_queue.empty())
		return;
	if (tcp_is_reno(tp)) {
		tcp_newreno_mark_lost(sk, flag & FLAG_SND_UNA_ADVANCED);
		return;
	}
	if (tp->sacked_out < tp->reordering || !tp->rack_mstamp)
		return;
	for (sk_buff *skb : sk->tcp_rtx_queue) {
		if (skb->tstamp > tp->rack_mstamp || !before(skb->cb.seq, tp->rack_end_seq))
			break;
		if (skb->cb.sacked & (TCPCB_SACKED_ACKED | TCPCB_LOST))
			continue;
		if ((skb->cb.sacked & TCPCB_SACKED_RETRANS) && skb->tstamp >= tp->rack_mstamp)
			continue;
		tcp_mark_skb_lost(sk, skb);
	}
}

// tcp_cwnd_reduction(): Proportional Rate Reduction (RFC 6937).
static void tcp_cwnd_reduction(sock *sk, int newly_acked_sacked, int flag)
{
	tcp_sock *tp = tcp_sk(sk);
	int sndcnt = 0;
	int delta = (int)tp->snd_ssthresh - (int)tcp_packets_in_flight(tp);
	if (newly_acked_sacked <= 0 || !tp->prior_cwnd)
		return;
	tp->prr_delivered += newly_acked_sacked;
	if (delta < 0) {
		u64 dividend = (u64)tp->snd_ssthresh * tp->prr_delivered + tp->prior_cwnd - 1;
		sndcnt = (int)(dividend / tp->prior_cwnd) - (int)tp->prr_out;
	} else {
		sndcnt = std::max<int>((int)tp->prr_delivered - (int)tp->prr_out, newly_acked_sacked);
		if (flag & FLAG_SND_UNA_ADVANCED)
			sndcnt++;
		sndcnt = std::min(delta, sndcnt);
	}
	// Force a fast retransmit upon entering fast recovery.
	sndcnt = std::max(sndcnt, tp->prr_out ? 0 : 1);
	tcp_snd_cwnd_set(tp, tcp_packets_in_flight(tp) + (u32)sndcnt);
	SP_LINE("tcp_cwnd_reduction:cwnd", tp->snd_cwnd, "PRR: delivered=%u out=%u sndcnt=%d -> cwnd=%u",
		(unsigned)tp->prr_delivered, (unsigned)tp->prr_out, sndcnt, (unsigned)tp->snd_cwnd);
}

// tcp_fastretrans_alert() (simplified state machine). Returns true if lost packets must go out.
static bool tcp_fastretrans_alert(sock *sk, u32 prior_snd_una, int num_dupack, int flag)
{
	SP_FN("%s ca_state=%s dupack=%d", sk->name.c_str(), tcp_ca_state_name(inet_csk(sk)->icsk_ca_state),
	      num_dupack);
	inet_connection_sock *icsk = inet_csk(sk);
	tcp_sock *tp = tcp_sk(sk);
	if (!tp->packets_out && tp->sacked_out)
		tp->sacked_out = 0;
	// NewReno: count duplicate ACKs as "sacked" packets.
	if (tcp_is_reno(tp) && num_dupack && tp->sacked_out + 1 < tp->packets_out + 1) {
		tp->sacked_out += 1;
		tp->delivered += 1; // tcp_add_reno_sack(): a duplicate ACK means one packet was delivered
		SP_LINE("tcp_fastretrans_alert:dupack", tp->sacked_out, "duplicate ACK #%u",
			(unsigned)tp->sacked_out);
	}
	// End of a recovery episode once high_seq is acknowledged.
	if (!before(tp->snd_una, tp->high_seq)) {
		switch ((u8)icsk->icsk_ca_state) {
		case TCP_CA_CWR:
			if (tp->snd_una != prior_snd_una) {
				tcp_end_cwnd_reduction(sk);
				tcp_set_ca_state(sk, TCP_CA_Open);
			}
			break;
		case TCP_CA_Recovery:
		case TCP_CA_Loss:
			if (icsk->icsk_ca_state == TCP_CA_Recovery)
				tcp_end_cwnd_reduction(sk);
			if (tcp_is_reno(tp))
				tp->sacked_out = 0;
			tcp_set_ca_state(sk, TCP_CA_Open);
			icsk->icsk_retransmits = 0;
			break;
		}
	}
	switch ((u8)icsk->icsk_ca_state) {
	case TCP_CA_Recovery:
	case TCP_CA_Loss:
		tcp_identify_packet_loss(sk, flag);
		if (icsk->icsk_ca_state == TCP_CA_Loss && !(flag & FLAG_SND_UNA_ADVANCED) && !num_dupack)
			return false;
		return true;
	default:
		tcp_identify_packet_loss(sk, flag);
		if (!tp->lost_out) {
			if (tp->sacked_out && icsk->icsk_ca_state == TCP_CA_Open)
				tcp_set_ca_state(sk, TCP_CA_Disorder);
			else if (!tp->sacked_out && icsk->icsk_ca_state == TCP_CA_Disorder)
				tcp_set_ca_state(sk, TCP_CA_Open);
			return false;
		}
		// tcp_enter_recovery()
		SP_LINE("tcp_fastretrans_alert:enter_recovery", tp->lost_out,
			"lost_out=%u -> fast retransmit, Recovery", (unsigned)tp->lost_out);
		tp->prior_ssthresh = 0;
		if (!tcp_in_cwnd_reduction(sk)) {
			tp->prior_ssthresh = tcp_current_ssthresh(sk);
			tcp_init_cwnd_reduction(sk);
		}
		tcp_set_ca_state(sk, TCP_CA_Recovery);
		return true;
	}
}

static void tcp_ack_probe(sock *sk)
{
	tcp_sock *tp = tcp_sk(sk);
	sk_buff *head = tcp_send_head(sk);
	if (!head)
		return;
	if (!after(TCP_SKB_CB(head)->end_seq, tcp_wnd_end(tp))) {
		SP_LINE("tcp_ack_probe:open", tcp_wnd_end(tp), "window reopened (ends %u): stop probing",
			tcp_wnd_end(tp));
		inet_csk(sk)->icsk_backoff = 0;
		inet_csk(sk)->icsk_probes_tstamp = 0;
		inet_csk_clear_xmit_timer(sk, ICSK_TIME_PROBE0);
	} else {
		u64 when = tcp_probe0_when(sk, tcp_rto_max(sk));
		SP_LINE("tcp_ack_probe:still_closed", when,
			"window still too small: probe again in %llu jiffies", (unsigned long long)when);
		tcp_reset_xmit_timer(sk, ICSK_TIME_PROBE0, when, true);
	}
}

// tcp_ack_tstamp(): SO_TIMESTAMPING TX_ACK: report when the ACK covers the timestamped byte.
static void tcp_ack_tstamp(sock *sk, sk_buff *skb, u32 prior_snd_una, u32 snd_una)
{
	if (!(TCP_SKB_CB(skb)->txstamp_ack))
		return;
	const skb_shared_info *shinfo = skb_shinfo(skb);
	if (!before(shinfo->tskey, prior_snd_una) && before(shinfo->tskey, snd_una))
		__skb_tstamp_tx(skb, nullptr, sk, SCM_TSTAMP_ACK);
}

int tcp_ack(sock *sk, const sk_buff *skb, int flag)
{
	tcp_sock *tp = tcp_sk(sk);
	inet_connection_sock *icsk = inet_csk(sk);
	u32 ack = th_ack_seq(skb);
	u32 ack_seq = skb->cb.seq;
	SP_FN("%s ack=%u snd_una=%u snd_nxt=%u", sk->name.c_str(), ack, (unsigned)tp->snd_una,
	      (unsigned)tp->snd_nxt);
	u32 prior_snd_una = tp->snd_una;
	u32 prior_packets = tp->packets_out;
	u32 prior_delivered = tp->delivered;
	int num_dupack = 0;
	long seq_rtt_us = -1, ca_rtt_us = -1;

	if (before(ack, prior_snd_una)) {
		SP_LINE("tcp_ack:old", 0, "ack %u before snd_una %u: old ACK, ignore", ack, prior_snd_una);
		SP_RET(0);
	}
	if (after(ack, tp->snd_nxt)) {
		SP_LINE("tcp_ack:invalid", -1, "ack %u after snd_nxt %u: invalid", ack,
			(unsigned)tp->snd_nxt);
		SP_RET(-1);
	}
	if (after(ack, prior_snd_una)) {
		flag |= FLAG_SND_UNA_ADVANCED;
		icsk->icsk_retransmits = 0;
	}
	if (skb->len)
		flag |= FLAG_DATA;
	flag |= tcp_ack_update_window(sk, skb, ack, ack_seq);
	if (tp->rx_opt_num_sacks)
		flag |= tcp_sacktag_write_queue(sk, prior_snd_una);
	tp->rcv_tstamp = tcp_jiffies32();
	// TLP: an ACK at/after tlp_high_seq ends the probe episode.
	if (tp->tlp_high_seq && !before(ack, tp->tlp_high_seq))
		tp->tlp_high_seq = 0;

	if (!prior_packets) {
		SP_LINE("tcp_ack:no_queue", 0, "nothing was in flight");
		if (tcp_send_head(sk))
			tcp_ack_probe(sk);
		SP_RET(1);
	}

	// ---- tcp_clean_rtx_queue(): free what is now fully acknowledged
	{
		u64 first_ackt = 0, last_ackt = 0;
		bool have_ackt = false; // the kernel tests first_ackt != 0; virtual time may start at 0
		u32 pkts_acked = 0;
		while (!sk->tcp_rtx_queue.empty()) {
			sk_buff *s = sk->tcp_rtx_queue.front();
			tcp_skb_cb *scb = TCP_SKB_CB(s);
			u8 sacked = scb->sacked;
			u32 acked_pcount;
			bool fully_acked = true;
			if (after(scb->end_seq, ack)) {
				// Partially acked TSO skb: trim the acked part (tcp_tso_acked).
				if (tcp_skb_pcount(s) == 1 || !after(ack, scb->seq))
					break;
				u32 packets_before = tcp_skb_pcount(s);
				if (tcp_trim_head(sk, s, ack - scb->seq))
					break;
				acked_pcount = packets_before - tcp_skb_pcount(s);
				if (!acked_pcount)
					break;
				fully_acked = false;
			} else {
				acked_pcount = tcp_skb_pcount(s);
			}
			if (sacked & TCPCB_RETRANS) {
				if (sacked & TCPCB_SACKED_RETRANS)
					tp->retrans_out -= acked_pcount;
				flag |= FLAG_RETRANS_DATA_ACKED;
			} else if (!(sacked & TCPCB_SACKED_ACKED)) {
				last_ackt = tcp_skb_timestamp_us(s);
				if (!have_ackt)
					first_ackt = last_ackt;
				have_ackt = true;
			}
			if (sacked & TCPCB_SACKED_ACKED)
				tp->sacked_out -= acked_pcount;
			else if (tcp_is_sack(tp))
				tp->delivered += acked_pcount; // Reno: counted by tcp_remove_reno_sacks()
			if (sacked & TCPCB_LOST)
				tp->lost_out -= acked_pcount;
			tp->packets_out -= acked_pcount;
			pkts_acked += acked_pcount;
			if (!(scb->tcp_flags & TCPHDR_SYN)) {
				flag |= FLAG_DATA_ACKED;
			} else {
				flag |= FLAG_SYN_ACKED;
				tp->retrans_stamp = 0;
			}
			if (!fully_acked)
				break;
			tcp_ack_tstamp(sk, s, prior_snd_una, ack);
			SP_LINE("tcp_clean_rtx_queue:free", scb->end_seq,
				"%s [%u,%u) acked: free it (%u segs)", s->name.c_str(), (unsigned)scb->seq,
				(unsigned)scb->end_seq, acked_pcount);
			tcp_rtx_queue_unlink_and_free(s, sk);
		}
		if (sk->tcp_rtx_queue.empty())
			tcp_chrono_stop(sk, TCP_CHRONO_BUSY);
		else
			tcp_ack_tstamp(sk, sk->tcp_rtx_queue.front(), prior_snd_una,
				       ack); // partly acked head
		// Urgent pointer acknowledged (or never used): leave urgent mode (snd_up == snd_una).
		if (between(tp->snd_up, prior_snd_una, tp->snd_una))
			tp->snd_up = tp->snd_una;
		if (have_ackt && !(flag & FLAG_RETRANS_DATA_ACKED)) {
			seq_rtt_us = (long)(tp->tcp_mstamp - first_ackt);
			ca_rtt_us = (long)(tp->tcp_mstamp - last_ackt);
		}
		// tcp_ack_update_rtt(): prefer the ACK timing; fall back to TS-ECR when nothing new was
		// timed (e.g. only retransmitted data was acked).
		if (seq_rtt_us < 0 && tp->rx_opt_saw_tstamp && tp->rx_opt_rcv_tsecr && (flag & FLAG_ACKED)) {
			u32 delta = tcp_time_stamp_ts(tp) - (tp->rx_opt_rcv_tsecr - tp->tsoffset);
			seq_rtt_us = ca_rtt_us = (long)delta * 1000; // TS clock is 1 ms
			SP_LINE("tcp_ack_update_rtt:tsecr", seq_rtt_us, "RTT from TSecr: %ld us", seq_rtt_us);
		}
		if (seq_rtt_us >= 0) {
			SP_LINE("tcp_ack_update_rtt:sample", seq_rtt_us,
				"RTT sample %ld us (from the send time)", seq_rtt_us);
			if ((u32)ca_rtt_us < tp->rtt_min_us || !tp->rtt_min_us)
				tp->rtt_min_us =
				    (u32)std::max<long>(ca_rtt_us, 1); // tcp_update_rtt_min (windowed min)
			tcp_rtt_estimator(sk, seq_rtt_us);
			tcp_set_rto(sk);
			icsk->icsk_backoff = 0; // RFC 6298: reset backoff only on a valid RTT sample
			cubictcp_acked(sk, ca_rtt_us);
		}
		if (flag & FLAG_ACKED)
			flag |= FLAG_SET_XMIT_TIMER;
		if ((flag & FLAG_ACKED) && tcp_is_reno(tp) && pkts_acked > 0) {
			// tcp_remove_reno_sacks(): one ACK fills the hole, the rest of the acked packets
			// were already counted as delivered by their duplicate ACKs.
			u32 was = tp->sacked_out;
			tp->delivered += std::max<int>((int)pkts_acked - (int)tp->sacked_out, 1);
			if (pkts_acked - 1 >= tp->sacked_out)
				tp->sacked_out = 0;
			else
				tp->sacked_out -= pkts_acked - 1;
			SP_LINE(
			    "tcp_clean_rtx_queue:reno_delivered", tp->delivered,
			    "Reno: %u acked, sacked_out %u -> %u, delivered += max(acked - sacked_out, 1)",
			    (unsigned)pkts_acked, was, (unsigned)tp->sacked_out);
		}
	}

	// Duplicate ACK: no data, no window change, no new ack.
	if (!(flag & FLAG_NOT_DUP))
		num_dupack = 1;
	bool rexmit = false;
	// tcp_ack_is_dubious()
	if (!(flag & FLAG_NOT_DUP) || (flag & FLAG_CA_ALERT) || icsk->icsk_ca_state != TCP_CA_Open)
		rexmit = tcp_fastretrans_alert(sk, prior_snd_una, num_dupack, flag);

	if (flag & FLAG_SET_XMIT_TIMER) {
		// tcp_set_xmit_timer(): TLP if possible, else the RTO.
		if (!tcp_schedule_loss_probe(sk, true))
			tcp_rearm_rto(sk);
	}

	// tcp_cong_control()
	int acked_sacked = (int)(tp->delivered - prior_delivered);
	if (tcp_in_cwnd_reduction(sk)) {
		tcp_cwnd_reduction(sk, acked_sacked, flag);
	} else if (flag & FLAG_DATA_ACKED) { // tcp_may_raise_cwnd()
		tcp_cong_avoid(sk, ack, (u32)acked_sacked);
	}
	tcp_update_pacing_rate(sk);

	// tcp_xmit_recovery()
	if (rexmit && sk->sk_state != TCP_SYN_SENT)
		tcp_xmit_retransmit_queue(sk);
	SP_RET(1);
}

// ---------------------------------------------------------------- connection setup

void tcp_init_transfer(sock *sk, int bpf_op, sk_buff *skb)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	// Model: no tcp_mtup_init()/rebuild_header() step (MTU probing is not modelled).
	tcp_init_metrics(sk);
	// Cut cwnd to 1 if the SYN or SYN-ACK was retransmitted more than once (RFC 5681/6298).
	if (tp->total_retrans > 1 && tp->undo_marker)
		tcp_snd_cwnd_set(tp, 1);
	else
		tcp_snd_cwnd_set(tp, TCP_INIT_CWND);
	tp->snd_cwnd_stamp = tcp_jiffies32();
	if (inet_csk(sk)->icsk_ca_name != "reno")
		cubictcp_init(sk);
	if (!(sk->sk_userlocks & SOCK_SNDBUF_LOCK))
		tcp_sndbuf_expand(sk);
	tcp_update_pacing_rate(sk);
	SP_LINE("tcp_init_transfer:cwnd", tp->snd_cwnd, "cwnd=%u ssthresh=%u sndbuf=%d rto=%u",
		(unsigned)tp->snd_cwnd, (unsigned)tp->snd_ssthresh, (int)sk->sk_sndbuf,
		(unsigned)inet_csk(sk)->icsk_rto);
	(void)bpf_op;
	(void)skb;
}

void tcp_finish_connect(sock *sk, sk_buff *skb)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	tcp_set_state(sk, TCP_ESTABLISHED);
	inet_csk(sk)->icsk_ack_lrcvtime = tcp_jiffies32();
	// (icsk_ack.ato stays 0: the first data segment starts quick-ACK mode, tcp_event_data_recv)
	tcp_init_transfer(sk, 0, skb);
	tp->lsndtime = tcp_jiffies32();
	sock_def_wakeup(sk); // sk->sk_state_change: wake connect()
}

static void tcp_reset(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	switch ((u8)sk->sk_state) {
	case TCP_SYN_SENT:
		sk->sk_err = ECONNREFUSED;
		break;
	case TCP_CLOSE_WAIT:
		sk->sk_err = EPIPE;
		break;
	case TCP_CLOSE:
		return;
	default:
		sk->sk_err = ECONNRESET;
	}
	sk_error_report(sk);
	tcp_done(sk);
}

// tcp_rcv_fastopen_synack(): remember what the server said about Fast Open (its cookie and MSS,
// in tcp_metrics); if it did not acknowledge the data of the SYN, send that data again now.
// Returns true when the data is being retransmitted (the caller then sends no separate ACK).
static bool tcp_rcv_fastopen_synack(sock *sk, sk_buff *synack, tcp_fastopen_cookie *cookie)
{
	SP_FN("%s cookie_len=%d", sk->name.c_str(), (int)cookie->len);
	tcp_sock *tp = tcp_sk(sk);
	sk_buff *data = tp->syn_data ? tcp_rtx_queue_head(sk) : nullptr;
	u16 mss = (u16)tp->rx_opt_mss_clamp, try_exp = 0;
	bool syn_drop = false;
	// Model: with TCP_MAXSEG set the kernel re-parses the SYN-ACK for the server's own MSS; the
	// model's mss_clamp already is min(user_mss, server mss), so user_mss == clamp is kept.
	if (!tp->syn_fastopen) {
		cookie->len = -1; // ignore an unsolicited cookie
	} else if (tp->total_retrans) {
		// The SYN timed out and the SYN-ACK has no cookie and does not ack the data.
		syn_drop = cookie->len < 0 && data;
	} else if (cookie->len < 0 && !tp->syn_data) {
		// Asked for a cookie and got none: try the other option format next time.
		try_exp = tp->syn_fastopen_exp ? 2 : 1;
	}
	tcp_fastopen_cache_set(sk, mss, cookie, syn_drop, try_exp);
	SP_LINE("tcp_rcv_fastopen_synack:data_acked", data == nullptr, "%s",
		data	       ? "the SYN-ACK does not cover the SYN's data: retransmit it"
		: tp->syn_data ? "the server took the data of the SYN"
			       : "no data was in the SYN");
	if (data) {
		// Retransmit the unacknowledged data of the SYN (tcp_non_congestion_loss_retransmit).
		bool from = false;
		for (sk_buff *skb : sk->tcp_rtx_queue)
			if (from || skb == data) {
				from = true;
				tcp_mark_skb_lost(sk, skb);
			}
		if (inet_csk(sk)->icsk_ca_state != TCP_CA_Loss) {
			tp->high_seq = tp->snd_nxt;
			// tcp_current_ssthresh()
			u8 ca = inet_csk(sk)->icsk_ca_state;
			if (ca != TCP_CA_CWR && ca != TCP_CA_Recovery)
				tp->snd_ssthresh = std::max<u32>(tp->snd_ssthresh,
								 (tp->snd_cwnd >> 1) + (tp->snd_cwnd >> 2));
			tp->prior_ssthresh = 0;
			tp->undo_marker = 0;
			tcp_set_ca_state(sk, TCP_CA_Loss);
		}
		tcp_xmit_retransmit_queue(sk);
		SP_RET(true);
	}
	tp->syn_data_acked = tp->syn_data;
	if (tp->syn_data_acked && tp->delivered > 1)
		tp->delivered = tp->delivered - 1; // SYN-data counts as two packets in tcp_ack()
	SP_RET(false);
}

// Quick-ACK mode: ACK the next segments at once, up to half the window's worth of full segments.
static void tcp_incr_quickack(sock *sk, u32 max_quickacks)
{
	tcp_sock *tp = tcp_sk(sk);
	inet_connection_sock *icsk = inet_csk(sk);
	u32 quickacks = tp->rcv_wnd / (2 * std::max<u32>(tp->rcv_mss, 1));
	if (quickacks == 0)
		quickacks = 2;
	quickacks = std::min(quickacks, max_quickacks);
	if (quickacks > icsk->icsk_ack_quick)
		icsk->icsk_ack_quick = quickacks;
}

static void tcp_enter_quickack_mode(sock *sk, u32 max_quickacks)
{
	tcp_incr_quickack(sk, max_quickacks);
	inet_csk_exit_pingpong_mode(sk);
	inet_csk(sk)->icsk_ack_ato = TCP_ATO_MIN;
}

static int tcp_rcv_synsent_state_process(sock *sk, sk_buff *skb)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	u8 flags = th_flags(skb);
	tcp_fastopen_cookie foc; // len -1: no option
	tcp_parse_options(tp, skb, false, &foc);
	if (flags & TCPHDR_ACK) {
		u32 ack = th_ack_seq(skb);
		if (!after(ack, tp->snd_una) || after(ack, tp->snd_nxt)) {
			SP_LINE("tcp_rcv_synsent_state_process:bad_ack", ack, "unacceptable ACK %u -> reset",
				ack);
			SP_RET(1);
		}
		if (flags & TCPHDR_RST) {
			tcp_reset(sk);
			SP_RET(0);
		}
		if (!(flags & TCPHDR_SYN))
			SP_RET(0);
		// SYN-ACK: the connection is accepted.
		tp->snd_wl1 = skb->cb.seq; // tcp_init_wl()
		tcp_ack(sk, skb, FLAG_SLOWPATH);
		tp->rcv_nxt = skb->cb.seq + 1;
		tp->rcv_wup = tp->rcv_nxt;
		tp->rcv_isn = skb->cb.seq;
		// RFC 1323: the window in SYN-ACK is never scaled.
		tp->snd_wnd = th_window(skb);
		if (!tp->rx_opt_wscale_ok) {
			tp->rx_opt_snd_wscale = 0;
			tp->rx_opt_rcv_wscale = 0;
			tp->window_clamp = std::min<u32>(tp->window_clamp, 65535U);
		}
		if (tp->rx_opt_saw_tstamp) {
			tp->rx_opt_tstamp_ok = 1;
			tp->tcp_header_len = TCP_HDR_LEN + TCPOLEN_TSTAMP_ALIGNED;
			tp->rx_opt_ts_recent = tp->rx_opt_rcv_tsval;
		} else {
			tp->rx_opt_tstamp_ok = 0;
			tp->tcp_header_len = TCP_HDR_LEN;
		}
		SP_LINE("tcp_rcv_synsent_state_process:options", tp->rx_opt_mss_clamp,
			"peer: mss=%u wscale=%s%u sack=%u ts=%u window=%u", (unsigned)tp->rx_opt_mss_clamp,
			tp->rx_opt_wscale_ok ? "" : "off ", (unsigned)tp->rx_opt_snd_wscale,
			(unsigned)tp->rx_opt_sack_ok, (unsigned)tp->rx_opt_tstamp_ok, (unsigned)tp->snd_wnd);
		tcp_sync_mss(sk, inet_csk(sk)->icsk_pmtu_cookie);
		// tcp_initialize_rcv_mss()
		u32 hint = std::min<u32>(tp->advmss, tp->mss_cache);
		hint = std::min<u32>(hint, tp->rcv_wnd / 2);
		hint = std::min<u32>(hint, TCP_MSS_DEFAULT);
		tp->rcv_mss = std::max<u32>(hint, TCP_MIN_MSS);
		tp->copied_seq = tp->rcv_nxt;
		tp->max_window = std::max<u32>(tp->max_window, tp->snd_wnd);
		tcp_finish_connect(sk, skb);
		bool fastopen_fail =
		    (tp->syn_fastopen || tp->syn_data) && tcp_rcv_fastopen_synack(sk, skb, &foc);
		if (fastopen_fail)
			SP_RET(-1);
		inet_connection_sock *icsk = inet_csk(sk);
		if (sk->sk_write_pending || inet_csk_in_pingpong_mode(sk)) {
			// Save one ACK: a writer is about to send data, which will carry it.
			SP_LINE("tcp_rcv_synsent_state_process:save_ack", sk->sk_write_pending,
				"write_pending=%u pingpong=%u -> delayed ACK (TCP_DELACK_MAX)",
				(unsigned)sk->sk_write_pending, (unsigned)icsk->icsk_ack_pingpong);
			icsk->icsk_ack_pending |= ICSK_ACK_SCHED; // inet_csk_schedule_ack()
			tcp_enter_quickack_mode(sk, TCP_MAX_QUICKACKS);
			icsk->icsk_ack_pending |= ICSK_ACK_TIMER;
			icsk->icsk_ack_timeout = (u32)sim().jiffies() + TCP_DELACK_MAX;
			sk_reset_timer(sk, &icsk->icsk_delack_timer, icsk->icsk_ack_timeout);
			SP_RET(0);
		}
		tcp_send_ack(sk);
		// Data queued before the handshake finished (e.g. TCP_FASTOPEN_CONNECT-less defer) goes now
		// (tcp_rcv_state_process: tcp_data_snd_check after the SYN-SENT processing).
		tcp_push_pending_frames(sk);
		SP_RET(-1);
	}
	if (flags & TCPHDR_RST)
		SP_RET(0);
	// Simultaneous open is not modelled.
	SP_RET(0);
}

// ---------------------------------------------------------------- receiving data

static void tcp_fin(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	sk->sk_shutdown |= RCV_SHUTDOWN;
	switch ((u8)sk->sk_state) {
	case TCP_SYN_RECV:
	case TCP_ESTABLISHED:
		tcp_set_state(sk, TCP_CLOSE_WAIT);
		break;
	case TCP_FIN_WAIT1:
		tcp_set_state(sk, TCP_CLOSING);
		break;
	case TCP_FIN_WAIT2:
		// Model: TIME_WAIT has no 2*MSL timer; the socket simply stays in TIME_WAIT.
		tcp_set_state(sk, TCP_TIME_WAIT);
		break;
	default:
		break;
	}
	inet_csk(sk)->icsk_ack_pending |= ICSK_ACK_NOW;
	sock_def_wakeup(sk);
}

static void tcp_ack_snd_check(sock *sk)
{
	tcp_sock *tp = tcp_sk(sk);
	inet_connection_sock *icsk = inet_csk(sk);
	if (!(icsk->icsk_ack_pending & ICSK_ACK_SCHED) && !(icsk->icsk_ack_pending & ICSK_ACK_NOW))
		return;
	// More than one full frame received, or quick-ACK mode, or an immediate ACK is mandated.
	bool more_than_one = (tp->rcv_nxt - tp->rcv_wup) > tp->rcv_mss;
	bool quick = tcp_in_quickack_mode(sk);
	if (more_than_one || quick || (icsk->icsk_ack_pending & ICSK_ACK_NOW)) {
		SP_LINE("tcp_ack_snd_check:now", 1, "rcv_nxt-rcv_wup=%u rcv_mss=%u quick=%u -> ACK now",
			(unsigned)(tp->rcv_nxt - tp->rcv_wup), (unsigned)tp->rcv_mss,
			(unsigned)icsk->icsk_ack_quick);
		if (quick)
			icsk->icsk_ack_quick -= 1;
		tcp_send_ack(sk);
		return;
	}
	tcp_send_delayed_ack(sk);
}

static void tcp_data_queue(sock *sk, sk_buff *skb)
{
	SP_FN("%s seq=%u len=%u", sk->name.c_str(), (unsigned)skb->cb.seq, (unsigned)skb->len);
	tcp_sock *tp = tcp_sk(sk);
	inet_connection_sock *icsk = inet_csk(sk);
	bool fin = th_flags(skb) & TCPHDR_FIN;
	if (skb->cb.seq == tp->rcv_nxt) {
		if (tcp_receive_window(tp) == 0 && skb->len) {
			SP_LINE("tcp_data_queue:zero_window", 0, "our window is 0: drop, ACK");
			icsk->icsk_ack_pending |= ICSK_ACK_NOW;
			kfree_skb(skb);
			return;
		}
		if (skb->len) {
			tp->rcv_nxt = skb->cb.seq + skb->len;
			// tcp_event_data_recv(): first data -> quick-ACK mode for the first segments.
			// Model: the ATO estimator for later segments is not modelled on this side.
			if (!icsk->icsk_ack_ato) {
				tcp_incr_quickack(sk, TCP_MAX_QUICKACKS);
				icsk->icsk_ack_ato = TCP_ATO_MIN;
			}
			icsk->icsk_ack_lrcvtime = tcp_jiffies32();
			icsk->icsk_ack_pending |= ICSK_ACK_SCHED;
			SP_LINE("tcp_data_queue:in_order", tp->rcv_nxt, "in order: rcv_nxt -> %u",
				(unsigned)tp->rcv_nxt);
		}
		if (fin) {
			tp->rcv_nxt += 1;
			tcp_fin(sk);
		}
		if (skb->len) {
			sk->sk_receive_queue.push_back(skb); // read by tcp_recvmsg (copied_seq)
			sock_def_readable(sk);		     // tcp_data_ready -> sk->sk_data_ready
		} else {
			kfree_skb(skb);
		}
		return;
	}
	// Old or out-of-order data: immediate (duplicate) ACK. Model: out-of-order data is dropped.
	SP_LINE("tcp_data_queue:not_in_order", skb->cb.seq, "seq %u != rcv_nxt %u: drop, immediate ACK",
		(unsigned)skb->cb.seq, (unsigned)tp->rcv_nxt);
	icsk->icsk_ack_pending |= ICSK_ACK_NOW;
	kfree_skb(skb);
}

void tcp_rcv_established(sock *sk, sk_buff *skb)
{
	SP_FN("%s seq=%u ack=%u len=%u", sk->name.c_str(), (unsigned)skb->cb.seq, th_ack_seq(skb),
	      (unsigned)skb->len);
	tcp_sock *tp = tcp_sk(sk);
	u8 flags = th_flags(skb);
	tcp_mstamp_refresh(tp);
	tcp_parse_options(tp, skb, true);
	if (flags & TCPHDR_RST) {
		tcp_reset(sk);
		kfree_skb(skb);
		return;
	}
	// PAWS-lite: remember the peer's latest timestamp for our TSecr (tcp_store_ts_recent).
	if (tp->rx_opt_saw_tstamp && !after(skb->cb.seq, tp->rcv_wup))
		tp->rx_opt_ts_recent = tp->rx_opt_rcv_tsval;
	if (flags & TCPHDR_ACK)
		tcp_ack(sk, skb, FLAG_SLOWPATH);
	// tcp_data_snd_check(): the ACK may have opened cwnd or the window.
	tcp_push_pending_frames(sk);
	tcp_check_space(sk);
	if (skb->len || (flags & TCPHDR_FIN)) {
		tcp_data_queue(sk, skb);
		tcp_ack_snd_check(sk);
	} else {
		kfree_skb(skb);
	}
}

// ---------------------------------------------------------------- passive open

static sock *tcp_create_openreq_child(sock *lsk, sk_buff *skb)
{
	SP_FN("%s", lsk->name.c_str());
	World &w = world();
	auto owned = std::make_unique<tcp_sock>();
	tcp_sock *child = owned.get();
	child->name = "sk#" + std::to_string(w.socks.size() + 1);
	tcp_sock *ltp = tcp_sk(lsk);
	const u8 *iph = skb->head() + skb->network_header;
	std::memcpy(&child->skc_daddr, iph + 12, 4);
	std::memcpy(&child->skc_rcv_saddr, iph + 16, 4);
	std::memcpy(&child->skc_dport, tcp_hdr(skb), 2);
	child->skc_num = lsk->skc_num;
	child->inet_sport = inet_sk(lsk)->inet_sport ? inet_sk(lsk)->inet_sport : lsk->skc_num;
	child->parent_listener = lsk;
	sock_trace_register(child);
	tcp_init_sock(child);
	child->sk_sndbuf = (int)lsk->sk_sndbuf;
	child->sk_rcvbuf = (int)lsk->sk_rcvbuf;
	child->sk_userlocks = (u8)lsk->sk_userlocks;
	// sk_clone_lock() copies the whole listener: socket options set on it (SO_ZEROCOPY in sk_flags,
	// SO_TIMESTAMPING, SO_MARK, SO_PRIORITY) hold for the accepted socket too.
	child->sk_flags = (u32)lsk->sk_flags;
	child->sk_tsflags = (u32)lsk->sk_tsflags;
	child->sk_mark = (u32)lsk->sk_mark;
	child->sk_priority = (u32)lsk->sk_priority;
	child->nonagle = (u8)ltp->nonagle;
	child->icsk_ca_name = inet_csk(lsk)->icsk_ca_name;
	child->rx_opt_user_mss = (u32)ltp->rx_opt_user_mss;
	w.socks.push_back(child);
	w.owned_socks.push_back(std::move(owned));
	SP_RET(static_cast<sock *>(child));
}

// Model: no request_sock/SYN cookies: the child socket is created on the SYN in SYN_RECV.
static int tcp_conn_request(sock *lsk, sk_buff *skb)
{
	SP_FN("%s", lsk->name.c_str());
	sock *sk = tcp_create_openreq_child(lsk, skb);
	tcp_sock *tp = tcp_sk(sk);
	tcp_v4_route(sk);
	tp->write_seq = sim().rng.u32(); // secure_tcp_seq()
	tp->snd_isn = tp->write_seq;
	tp->tsoffset = sim().rng.u32();
	tcp_connect_init(sk);
	tp->rx_opt_mss_clamp = TCP_MSS_DEFAULT;
	tcp_parse_options(tp, skb, false);
	if (!tp->rx_opt_wscale_ok) {
		tp->rx_opt_rcv_wscale = 0;
		tp->window_clamp = std::min<u32>(tp->window_clamp, 65535U);
	}
	if (tp->rx_opt_saw_tstamp) {
		tp->rx_opt_tstamp_ok = 1;
		tp->rx_opt_ts_recent = tp->rx_opt_rcv_tsval;
		tp->tcp_header_len = TCP_HDR_LEN + TCPOLEN_TSTAMP_ALIGNED;
	} else {
		tp->tcp_header_len = TCP_HDR_LEN;
	}
	tcp_sync_mss(sk, inet_csk(sk)->icsk_pmtu_cookie);
	tp->rcv_isn = skb->cb.seq;
	tp->rcv_nxt = skb->cb.seq + 1;
	tp->rcv_wup = tp->rcv_nxt;
	tp->copied_seq = tp->rcv_nxt;
	tp->snd_wnd = th_window(skb);
	tp->snd_wl1 = skb->cb.seq;
	tcp_set_state(sk, TCP_SYN_RECV);
	tcp_send_synack(sk);
	SP_RET(0);
}

int tcp_rcv_state_process(sock *sk, sk_buff *skb)
{
	SP_FN("%s state=%s", sk->name.c_str(), tcp_state_name(sk->sk_state));
	tcp_sock *tp = tcp_sk(sk);
	u8 flags = th_flags(skb);
	tcp_mstamp_refresh(tp);
	switch ((u8)sk->sk_state) {
	case TCP_CLOSE:
		kfree_skb(skb);
		SP_RET(1);
	case TCP_LISTEN:
		if (flags & TCPHDR_ACK)
			SP_RET(1);
		if (flags & TCPHDR_SYN)
			tcp_conn_request(sk, skb);
		kfree_skb(skb);
		SP_RET(0);
	case TCP_SYN_SENT: {
		int queued = tcp_rcv_synsent_state_process(sk, skb);
		kfree_skb(skb);
		SP_RET(queued > 0 ? 1 : 0);
	}
	}
	tcp_parse_options(tp, skb, true);
	if (flags & TCPHDR_RST) {
		tcp_reset(sk);
		kfree_skb(skb);
		SP_RET(0);
	}
	if (!(flags & TCPHDR_ACK)) {
		kfree_skb(skb);
		SP_RET(0);
	}
	int acceptable = tcp_ack(sk, skb, FLAG_SLOWPATH) > 0;
	switch ((u8)sk->sk_state) {
	case TCP_SYN_RECV:
		if (!acceptable) {
			kfree_skb(skb);
			SP_RET(1);
		}
		tcp_set_state(sk, TCP_ESTABLISHED);
		tp->snd_wnd = (u32)th_window(skb) << tp->rx_opt_snd_wscale;
		tp->snd_wl1 = skb->cb.seq;
		tp->max_window = std::max<u32>(tp->max_window, tp->snd_wnd);
		tcp_init_transfer(sk, 0, skb);
		if (tp->parent_listener) {
			// inet_csk_reqsk_queue_add(): ready for accept() on the listener (the socket
			// layer's accept queue, which sys_accept() reads)
			tcp_sk(tp->parent_listener)->icsk_accept_queue.push_back(sk);
			inet_csk_reqsk_queue_add(tp->parent_listener, sk);
			sock_def_wakeup(tp->parent_listener);
		}
		break;
	case TCP_FIN_WAIT1:
		if (tp->snd_una == tp->write_seq) {
			tcp_set_state(sk, TCP_FIN_WAIT2);
			sock_def_wakeup(sk);
		}
		break;
	case TCP_CLOSING:
		if (tp->snd_una == tp->write_seq)
			tcp_set_state(sk, TCP_TIME_WAIT); // Model: no TIME_WAIT timer
		break;
	case TCP_LAST_ACK:
		if (tp->snd_una == tp->write_seq) {
			tcp_done(sk);
			kfree_skb(skb);
			SP_RET(0);
		}
		break;
	}
	tcp_push_pending_frames(sk);
	tcp_check_space(sk);
	// Step 7: in FIN_WAIT1/2 after close() (RCV_SHUTDOWN), new data aborts the connection:
	// RFC 1122 says reset (LINUX_MIB_TCPABORTONDATA); the caller answers with tcp_v4_send_reset().
	if ((sk->sk_state == TCP_FIN_WAIT1 || sk->sk_state == TCP_FIN_WAIT2) &&
	    (sk->sk_shutdown & RCV_SHUTDOWN) && skb->cb.end_seq != skb->cb.seq &&
	    after(skb->cb.end_seq - ((flags & TCPHDR_FIN) ? 1 : 0), tp->rcv_nxt)) {
		SP_LINE("tcp_rcv_state_process:abort_on_data", skb->cb.end_seq,
			"%s: data up to %u after close(): reset the connection", tcp_state_name(sk->sk_state),
			(unsigned)skb->cb.end_seq);
		tcp_reset(sk);
		SP_RET(TCP_RCV_SEND_RESET); // tcp_v4_do_rcv() sends the RST and frees the skb
	}
	if (skb->len || (flags & TCPHDR_FIN)) {
		if (sk->sk_state == TCP_ESTABLISHED || sk->sk_state == TCP_FIN_WAIT1 ||
		    sk->sk_state == TCP_FIN_WAIT2) {
			tcp_data_queue(sk, skb);
			tcp_ack_snd_check(sk);
			SP_RET(0);
		}
	}
	kfree_skb(skb);
	SP_RET(0);
}
