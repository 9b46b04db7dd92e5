// SPDX-License-Identifier: GPL-2.0-or-later
// Internal helpers shared by the TCP output/input/timer/congestion files (not a kernel header:
// these are the static functions and inlines of include/net/tcp.h and
// include/net/inet_connection_sock.h that several modelled .c files use).
#pragma once
#include "net/tcp.h"
#include "sim/sim.h"

// icsk->icsk_ack.pending bits (include/net/inet_connection_sock.h)
enum : u32 {
	ICSK_ACK_SCHED = 1,
	ICSK_ACK_TIMER = 2,
	ICSK_ACK_PUSHED = 4,
	ICSK_ACK_PUSHED2 = 8,
	ICSK_ACK_NOW = 16
};
constexpr u32 TCP_MAX_QUICKACKS = 16;

// Ping-pong (interactive) mode, include/net/inet_connection_sock.h: a reply sent within ato of the
// last data received scores one; from net.ipv4.tcp_pingpong_thresh on, ACKs are delayed.
inline bool inet_csk_in_pingpong_mode(const sock *sk)
{
	return inet_csk(const_cast<sock *>(sk))->icsk_ack_pingpong >= (u32)sysctl().tcp_pingpong_thresh;
}
inline void inet_csk_inc_pingpong_cnt(sock *sk)
{
	if (inet_csk(sk)->icsk_ack_pingpong < 255)
		inet_csk(sk)->icsk_ack_pingpong += 1;
}
inline void inet_csk_exit_pingpong_mode(sock *sk)
{
	inet_csk(sk)->icsk_ack_pingpong = 0;
}
// tcp_in_quickack_mode() (net/ipv4/tcp_input.c)
inline bool tcp_in_quickack_mode(const sock *sk)
{
	return inet_csk(const_cast<sock *>(sk))->icsk_ack_quick && !inet_csk_in_pingpong_mode(sk);
}

// enum tcp_queue
enum : int { TCP_FRAG_IN_WRITE_QUEUE = 0, TCP_FRAG_IN_RTX_QUEUE = 1 };
// tcp_ack() flags (net/ipv4/tcp_input.c)
enum : int {
	FLAG_DATA = 0x01,
	FLAG_WIN_UPDATE = 0x02,
	FLAG_DATA_ACKED = 0x04,
	FLAG_RETRANS_DATA_ACKED = 0x08,
	FLAG_SYN_ACKED = 0x10,
	FLAG_DATA_SACKED = 0x20,
	FLAG_ECE = 0x40,
	FLAG_LOST_RETRANS = 0x80,
	FLAG_SLOWPATH = 0x100,
	FLAG_ORIG_SACK_ACKED = 0x200,
	FLAG_SND_UNA_ADVANCED = 0x400,
	FLAG_DSACKING_ACK = 0x800,
	FLAG_SET_XMIT_TIMER = 0x1000,
	FLAG_SACK_RENEGING = 0x2000,
	FLAG_UPDATE_TS_RECENT = 0x4000,
	FLAG_NO_CHALLENGE_ACK = 0x8000,
	FLAG_ACK_MAYBE_DELAYED = 0x10000,
	FLAG_DSACK_TLP = 0x20000,
	FLAG_ACKED = FLAG_DATA_ACKED | FLAG_SYN_ACKED,
	FLAG_NOT_DUP = FLAG_DATA | FLAG_WIN_UPDATE | FLAG_ACKED,
	FLAG_CA_ALERT = FLAG_DATA_SACKED | FLAG_ECE | FLAG_DSACKING_ACK,
	FLAG_FORWARD_PROGRESS = FLAG_ACKED | FLAG_DATA_SACKED,
};
constexpr u8 TCPCB_RETRANS = TCPCB_SACKED_RETRANS | TCPCB_EVER_RETRANS;
constexpr u32 TCP_TIMEOUT_MIN_US = 2000; // 2 ms
constexpr unsigned TCP_MIN_SND_MSS = 48;
constexpr u32 TCP_RMEM_TO_WIN_SCALE = 8, TCP_DEFAULT_SCALING_RATIO = 1u << (TCP_RMEM_TO_WIN_SCALE - 1);
// TCP option kinds/lengths (include/net/tcp.h)
enum : u8 {
	TCPOPT_NOP = 1,
	TCPOPT_EOL = 0,
	TCPOPT_MSS = 2,
	TCPOPT_WINDOW = 3,
	TCPOPT_SACK_PERM = 4,
	TCPOPT_SACK = 5,
	TCPOPT_TIMESTAMP = 8,
	TCPOPT_FASTOPEN = 34,
	TCPOPT_EXP = 254,
	TCPOLEN_FASTOPEN_BASE = 2,
	TCPOLEN_EXP_FASTOPEN_BASE = 4,
	TCPOLEN_MSS_ = 4,
	TCPOLEN_WINDOW = 3,
	TCPOLEN_SACK_PERM = 2,
	TCPOLEN_TIMESTAMP = 10,
	TCPOLEN_SACK_BASE = 2,
};
constexpr unsigned TCP_HDR_LEN = 20; // sizeof(struct tcphdr)
constexpr u16 TCPOPT_FASTOPEN_MAGIC = 0xF989;
constexpr unsigned MAX_TCP_OPTION_SPACE = 40;
constexpr int TFO_CLIENT_NO_COOKIE = 4;
// Fast Open client (net/ipv4/tcp_fastopen.c, tcp_metrics.c, tcp_output.c, tcp_input.c)
bool tcp_fastopen_cookie_check(sock *sk, u16 *mss, tcp_fastopen_cookie *cookie);
void tcp_fastopen_cache_get(sock *sk, u16 *mss, tcp_fastopen_cookie *cookie);
void tcp_fastopen_cache_set(sock *sk, u16 mss, const tcp_fastopen_cookie *cookie, bool syn_lost, u16 try_exp);
int tcp_send_syn_data(sock *sk, sk_buff *syn);
int tcp_wmem_schedule(sock *sk, int copy); // net/ipv4/tcp.c
constexpr unsigned IP4_HDR_LEN = 20;	   // icsk_af_ops->net_header_len for IPv4

// ---- big-endian fields in header bytes (get_unaligned_be32/put_unaligned_be32 and friends)
static inline u32 get_be32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
}
static inline u16 get_be16(const u8 *p)
{
	return (u16)((p[0] << 8) | p[1]);
}
static inline void put_be32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24), p[1] = (u8)(v >> 16), p[2] = (u8)(v >> 8), p[3] = (u8)v;
}

// ---- the TCP header of an skb whose transport_header points at it (tcp_hdr(skb)->...)
static inline const u8 *tcp_hdr(const sk_buff *skb)
{
	return skb->head() + skb->transport_header;
}
static inline u32 th_seq(const sk_buff *skb) // ntohl(th->seq)
{
	return get_be32(tcp_hdr(skb) + 4);
}
static inline u32 th_ack_seq(const sk_buff *skb) // ntohl(th->ack_seq)
{
	return get_be32(tcp_hdr(skb) + 8);
}
static inline u8 th_flags(const sk_buff *skb) // tcp_flag_byte(th)
{
	return tcp_hdr(skb)[13];
}

// usecs_to_jiffies() for HZ=1000: rounds up.
static inline u32 usecs_to_jiffies(u64 us)
{
	return (u32)((us + 999) / 1000);
}
static inline u64 jiffies_to_usecs(u64 j)
{
	return j * 1000;
}
static inline u32 tcp_rto_min_us()
{
	return (u32)sysctl().tcp_rto_min_us;
}
static inline u32 tcp_rto_max(const sock *)
{
	return HZ_MS((u32)sysctl().tcp_rto_max_ms);
}
static inline void tcp_mstamp_refresh(tcp_sock *tp)
{
	u64 val = tcp_clock_ns();
	tp->tcp_clock_cache = val;
	tp->tcp_mstamp = val / 1000;
}
static inline u64 tcp_skb_timestamp_us(const sk_buff *skb)
{
	return skb->tstamp / 1000;
}
// TCP timestamp clock: 1 ms ticks (tcp_skb_timestamp_ts with usec_ts off).
static inline u32 tcp_skb_timestamp_ts(const sk_buff *skb)
{
	return (u32)(skb->tstamp / sp::NSEC_PER_MSEC);
}
static inline u32 tcp_time_stamp_ts(const tcp_sock *tp)
{
	return (u32)(tp->tcp_clock_cache / sp::NSEC_PER_MSEC);
}
static inline bool tcp_in_slow_start(const tcp_sock *tp)
{
	return tp->snd_cwnd < tp->snd_ssthresh;
}
static inline bool tcp_is_sack(const tcp_sock *tp)
{
	return tp->rx_opt_sack_ok;
}
static inline bool tcp_is_reno(const tcp_sock *tp)
{
	return !tcp_is_sack(tp);
}
static inline bool tcp_in_cwnd_reduction(sock *sk)
{
	u8 s = inet_csk(sk)->icsk_ca_state;
	return s == TCP_CA_CWR || s == TCP_CA_Recovery;
}
static inline bool tcp_urg_mode(const tcp_sock *tp)
{
	return tp->snd_una != tp->snd_up;
}
static inline u32 tcp_min_rtt(const tcp_sock *tp)
{
	return tp->rtt_min_us;
}
static inline bool between(u32 seq1, u32 seq2, u32 seq3)
{
	return seq3 - seq2 >= seq1 - seq2;
}
static inline bool tcp_needs_internal_pacing(const sock *sk)
{
	return sk->sk_pacing_status == SK_PACING_NEEDED;
}
static inline int tcp_win_from_space(const sock *, int space)
{
	return (int)(((s64)space * TCP_DEFAULT_SCALING_RATIO) >> TCP_RMEM_TO_WIN_SCALE);
}
// Model: receive memory in use = bytes received but not yet read (rcv_nxt - copied_seq).
static inline int tcp_space(sock *sk)
{
	tcp_sock *tp = tcp_sk(sk);
	return tcp_win_from_space(sk, sk->sk_rcvbuf - (int)(tp->rcv_nxt - tp->copied_seq));
}
static inline int tcp_full_space(sock *sk)
{
	return tcp_win_from_space(sk, sk->sk_rcvbuf);
}
static inline u32 tcp_receive_window(const tcp_sock *tp)
{
	s32 win = (s32)(tp->rcv_wup + tp->rcv_wnd - tp->rcv_nxt);
	return win < 0 ? 0 : (u32)win;
}
static inline bool tcp_is_cwnd_limited(const sock *sk)
{
	const tcp_sock *tp = static_cast<const tcp_sock *>(sk);
	if (tp->is_cwnd_limited)
		return true;
	// In slow start, make sure cwnd grows to twice what was ACKed.
	if (tcp_in_slow_start(tp))
		return tp->snd_cwnd < 2 * tp->max_packets_out;
	return false;
}
const char *tcp_ca_state_name(int s);

// ---- shared between the modelled files (static functions in the kernel)
void tcp_push_pending_frames(sock *sk);
void tcp_set_state(sock *sk, int state);
void tcp_done(sock *sk);
void tcp_write_err(sock *sk);
void tcp_set_ca_state(sock *sk, u8 ca_state);
void tcp_init_cwnd_reduction(sock *sk);
void tcp_mark_skb_lost(sock *sk, sk_buff *skb);
void tcp_rtx_queue_unlink_and_free(sk_buff *skb, sock *sk);
void tcp_init_nondata_skb(sk_buff *skb, u32 seq, u8 flags);
void tcp_update_pacing_rate(sock *sk);
s64 tcp_rto_delta_us(sock *sk);
bool skb_still_in_host_queue(sock *sk, const sk_buff *skb);
void tcp_connect_init(sock *sk);
void tcp_send_synack(sock *sk);
void tcp_ca_cong_avoid(sock *sk, u32 ack, u32 acked);
void tcp_ca_state_event(sock *sk, u8 new_state);
void cubictcp_acked(sock *sk, long rtt_us);
int tcp_trim_head(sock *sk, sk_buff *skb, u32 len);
void tcp_send_active_reset(sock *sk);
// Installs/updates the modelled route for a connecting socket (sk_dst_cache, device, caps).
void tcp_v4_route(sock *sk);
// Finds the socket an incoming segment belongs to (established 4-tuple first, then a listener).
sock *tcp_v4_lookup(__be32 saddr, __be16 sport, __be32 daddr, __be16 dport);
