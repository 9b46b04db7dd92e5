// SPDX-License-Identifier: GPL-2.0-or-later
// TCP constants, sysctls and the prototypes of the modelled TCP functions (include/net/tcp.h).
// Who implements what:
//   engine/net/ipv4/tcp.cpp         tcp_sendmsg*, tcp_send_mss, size goal, push logic, skb alloc/entail
//   engine/net/ipv4/tcp_output.cpp  tcp_write_xmit and its gates, tcp_transmit_skb, windows, probes
//   engine/net/ipv4/tcp_input.cpp   tcp_ack, RTT/RTO, window updates, handshake input
//   engine/net/ipv4/tcp_timer.cpp   RTO, probe0, TLP, delayed ACK timers
//   engine/net/ipv4/tcp_cong.cpp, tcp_cubic.cpp   Reno and CUBIC
//   engine/net/ipv4/tcp_ipv4.cpp    tcp_v4_connect, tcp_v4_send_check, tcp_v4_rcv
#pragma once
#include "linux/socket.h"
#include "net/sock.h"

constexpr unsigned MAX_TCP_HEADER = 320;  // L1_CACHE_ALIGN(128 + MAX_HEADER) on a distro x86_64 config
constexpr unsigned TCP_MSS_DEFAULT = 536, TCP_MIN_MSS = 88, TCP_BASE_MSS = 1024;
constexpr unsigned TCP_INIT_CWND = 10;
constexpr unsigned TCP_MAX_WSCALE = 14;
constexpr unsigned TCPOLEN_TSTAMP_ALIGNED = 12, TCPOLEN_MSS = 4, TCPOLEN_WSCALE_ALIGNED = 4,
		   TCPOLEN_SACKPERM_ALIGNED = 4, TCPOLEN_SACK_BASE_ALIGNED = 4, TCPOLEN_SACK_PERBLOCK = 8;
constexpr u32 TCP_RTO_MIN = HZ_MS(200), TCP_RTO_MAX = HZ_MS(120000), TCP_TIMEOUT_INIT = HZ_MS(1000),
	      TCP_TIMEOUT_FALLBACK = HZ_MS(3000), TCP_DELACK_MIN = HZ_MS(40), TCP_DELACK_MAX = HZ_MS(200),
	      TCP_ATO_MIN = HZ_MS(40), TCP_RESOURCE_PROBE_INTERVAL = HZ_MS(500), TCP_TIMEOUT_MIN = 2;
constexpr unsigned TCP_INFINITE_SSTHRESH = 0x7fffffff;
constexpr unsigned TCP_NAGLE_PUSH_FLAGS = TCP_NAGLE_OFF | TCP_NAGLE_PUSH;

// per-netns sysctls (net->ipv4.sysctl_*), baseline values of a default 6.16 kernel
struct tcp_sysctls {
	int tcp_wmem[3] = {4096, 16384, 4194304};
	int tcp_rmem[3] = {4096, 131072, 6291456};  // 6.16: tcp_rmem[2] up to 32 MiB (set by profile)
	int tcp_autocorking = 1;
	int tcp_min_tso_segs = 2;
	int tcp_tso_win_divisor = 3;
	int tcp_tso_rtt_log = 9;
	int tcp_limit_output_bytes = 4194304;  // 6.16; 6.15: 1048576
	int tcp_pacing_ss_ratio = 200, tcp_pacing_ca_ratio = 120;
	int tcp_notsent_lowat = -1;  // UINT_MAX
	int tcp_mtu_probing = 0;
	int tcp_timestamps = 1, tcp_sack = 1, tcp_window_scaling = 1, tcp_ecn = 2;
	int tcp_slow_start_after_idle = 1;
	int tcp_early_retrans = 3;
	int tcp_retries1 = 3, tcp_retries2 = 15, tcp_syn_retries = 6;
	int tcp_min_rtt_wlen = 300;
	int tcp_comp_sack_nr = 44;
	int tcp_rto_min_us = 200000;
	int tcp_rto_max_ms = 120000;
	int tcp_shrink_window = 0;
	int tcp_workaround_signed_windows = 0;
	int tcp_app_win = 31, tcp_adv_win_scale = 1;
	int tcp_fastopen = 1;
	int tcp_no_metrics_save = 0;
	int tcp_base_mss = 1024;
	int tcp_probe_threshold = 8, tcp_probe_interval = 600;
	int tcp_reordering = 3;
	int tcp_pingpong_thresh = 1;
	int tcp_frto = 2;
	int tcp_tsq_stat_dummy = 0;
	int sysctl_max_skb_frags = 17;  // net.core.max_skb_frags
	int sysctl_optmem_max = 131072;
	int ip_default_ttl = 64;
	int ip_no_pmtu_disc = 0;
	int wmem_default = 212992, rmem_default = 212992, wmem_max = 212992, rmem_max = 212992;
	long tcp_mem[3] = {92000, 122000, 184000};  // pages
};
tcp_sysctls &sysctl();  // the running simulation's net namespace (engine/sim/world.cpp)

// ---- net/ipv4/tcp.c
int tcp_sendmsg(sock *sk, msghdr *msg, size_t size);
int tcp_sendmsg_locked(sock *sk, msghdr *msg, size_t size);
int tcp_send_mss(sock *sk, int *size_goal, int flags);
unsigned tcp_xmit_size_goal(sock *sk, u32 mss_now, int large_allowed);
int tcp_bound_to_half_wnd(tcp_sock *tp, int pktsize);
sk_buff *tcp_stream_alloc_skb(sock *sk, gfp_t gfp, bool force_schedule);
void tcp_skb_entail(sock *sk, sk_buff *skb);
void tcp_push(sock *sk, int flags, int mss_now, int nonagle, int size_goal);
bool tcp_should_autocork(sock *sk, sk_buff *skb, int size_goal);
void tcp_mark_push(tcp_sock *tp, sk_buff *skb);
bool forced_push(const tcp_sock *tp);
void tcp_mark_urg(tcp_sock *tp, int flags);
void tcp_remove_empty_skb(sock *sk);
int tcp_setsockopt(sock *sk, int level, int optname, const void *optval, unsigned optlen);
int tcp_getsockopt(sock *sk, int level, int optname, void *optval, unsigned *optlen);
int tcp_recvmsg(sock *sk, msghdr *msg, size_t len, int flags);
void tcp_shutdown(sock *sk, int how);
void tcp_close(sock *sk, long timeout);
void tcp_init_sock(sock *sk);
bool tcp_stream_memory_free(const sock *sk, int wake);

// ---- net/ipv4/tcp_output.c
void __tcp_push_pending_frames(sock *sk, unsigned cur_mss, int nonagle);
void tcp_push_one(sock *sk, unsigned mss_now);
bool tcp_write_xmit(sock *sk, unsigned mss_now, int nonagle, int push_one, gfp_t gfp);
int tcp_transmit_skb(sock *sk, sk_buff *skb, int clone_it, gfp_t gfp_mask);
int __tcp_transmit_skb(sock *sk, sk_buff *skb, int clone_it, gfp_t gfp_mask, u32 rcv_nxt);
unsigned tcp_current_mss(sock *sk);
unsigned tcp_sync_mss(sock *sk, u32 pmtu);
int tcp_mss_to_mtu(sock *sk, int mss);
int tcp_mtu_to_mss(sock *sk, int pmtu);
int tcp_mtu_probe(sock *sk);
int tcp_init_tso_segs(sk_buff *skb, unsigned mss_now);
void tcp_set_skb_tso_segs(sk_buff *skb, unsigned mss_now);
u32 tcp_tso_segs(sock *sk, unsigned mss_now);
u32 tcp_tso_autosize(const sock *sk, unsigned mss_now, int min_tso_segs);
bool tcp_pacing_check(sock *sk);
unsigned tcp_cwnd_test(const tcp_sock *tp);
void tcp_grow_skb(sock *sk, sk_buff *skb, int amount);
bool tcp_snd_wnd_test(const tcp_sock *tp, const sk_buff *skb, unsigned cur_mss);
bool tcp_nagle_test(const tcp_sock *tp, const sk_buff *skb, unsigned cur_mss, int nonagle);
bool tcp_nagle_check(bool partial, const tcp_sock *tp, int nonagle);
bool tcp_minshall_check(const tcp_sock *tp);
void tcp_minshall_update(tcp_sock *tp, unsigned mss_now, const sk_buff *skb);
bool tcp_tso_should_defer(sock *sk, sk_buff *skb, bool *is_cwnd_limited, bool *is_rwnd_limited, u32 max_segs);
unsigned tcp_mss_split_point(const sock *sk, const sk_buff *skb, unsigned mss_now, unsigned max_segs, int nonagle);
int tso_fragment(sock *sk, sk_buff *skb, unsigned len, unsigned mss_now, gfp_t gfp);
int tcp_fragment(sock *sk, int tcp_queue, sk_buff *skb, u32 len, unsigned mss_now, gfp_t gfp);
bool tcp_small_queue_check(sock *sk, const sk_buff *skb, unsigned factor);
void tcp_event_new_data_sent(sock *sk, sk_buff *skb);
void tcp_cwnd_validate(sock *sk, bool is_cwnd_limited);
bool tcp_schedule_loss_probe(sock *sk, bool advancing_rto);
void tcp_send_loss_probe(sock *sk);
u16 tcp_select_window(sock *sk);
u32 __tcp_select_window(sock *sk);
void tcp_select_initial_window(const sock *sk, int __space, u32 mss, u32 *rcv_wnd, u32 *window_clamp, int wscale_ok, u8 *rcv_wscale, u32 init_rcv_wnd);
void tcp_send_ack(sock *sk);
void tcp_send_delayed_ack(sock *sk);
void tcp_send_probe0(sock *sk);
int tcp_write_wakeup(sock *sk, int mib);
int tcp_connect(sock *sk);
void tcp_send_fin(sock *sk);
int tcp_retransmit_skb(sock *sk, sk_buff *skb, int segs);
int __tcp_retransmit_skb(sock *sk, sk_buff *skb, int segs);
void tcp_xmit_retransmit_queue(sock *sk);
void tcp_check_probe_timer(sock *sk);
void tcp_wfree(sk_buff *skb);
void tcp_tsq_handler(sock *sk);
void tcp_release_cb(sock *sk);
void tcp_chrono_start(sock *sk, int type);
void tcp_chrono_stop(sock *sk, int type);
void tcp_cwnd_restart(sock *sk, s32 delta);
void tcp_slow_start_after_idle_check(sock *sk);

// ---- net/ipv4/tcp_input.c
void tcp_rcv_established(sock *sk, sk_buff *skb);
// Returns 0, 1 (refused; skb freed), or TCP_RCV_SEND_RESET (the caller sends an RST, frees skb).
constexpr int TCP_RCV_SEND_RESET = 2;
int tcp_rcv_state_process(sock *sk, sk_buff *skb);
int tcp_ack(sock *sk, const sk_buff *skb, int flag);
void tcp_rearm_rto(sock *sk);
void tcp_set_rto(sock *sk);
void tcp_rtt_estimator(sock *sk, long mrtt_us);
void tcp_enter_cwr(sock *sk);
void tcp_enter_loss(sock *sk);
void tcp_init_transfer(sock *sk, int bpf_op, sk_buff *skb);
void tcp_finish_connect(sock *sk, sk_buff *skb);
void tcp_check_space(sock *sk);
void tcp_new_space(sock *sk);
bool tcp_should_expand_sndbuf(sock *sk);

// ---- net/ipv4/tcp_metrics.c
void tcp_init_metrics(sock *sk);

// ---- net/ipv4/tcp_timer.c
void tcp_retransmit_timer(sock *sk);
void tcp_probe_timer(sock *sk);
void tcp_delack_timer_handler(sock *sk);
void tcp_write_timer_handler(sock *sk);
void tcp_init_xmit_timers(sock *sk);
void inet_csk_reset_xmit_timer(sock *sk, int what, u64 when, u64 max_when);
void inet_csk_clear_xmit_timer(sock *sk, int what);
void tcp_reset_xmit_timer(sock *sk, int what, u64 when, bool pace_delay);
void sk_reset_timer(sock *sk, sk_timer *timer, u64 expires_jiffies);
void sk_stop_timer(sock *sk, sk_timer *timer);
u64 tcp_probe0_when(const sock *sk, u64 max_when);
u64 tcp_probe0_base(const sock *sk);

// ---- net/ipv4/tcp_cong.c, tcp_cubic.c
void tcp_cong_avoid(sock *sk, u32 ack, u32 acked);
u32 tcp_slow_start(tcp_sock *tp, u32 acked);
void tcp_cong_avoid_ai(tcp_sock *tp, u32 w, u32 acked);
u32 tcp_reno_ssthresh(sock *sk);
void tcp_reno_cong_avoid(sock *sk, u32 ack, u32 acked);
u32 cubictcp_recalc_ssthresh(sock *sk);
void cubictcp_cong_avoid(sock *sk, u32 ack, u32 acked);
void cubictcp_init(sock *sk);
u32 tcp_ca_ssthresh(sock *sk);  // dispatches on icsk_ca_name

// ---- net/ipv4/tcp_ipv4.c
int tcp_v4_connect(sock *sk, __be32 daddr, u16 dport);
void tcp_v4_send_check(sock *sk, sk_buff *skb);
int tcp_v4_rcv(sk_buff *skb);
int tcp_v4_do_rcv(sock *sk, sk_buff *skb);
void tcp_v4_send_reset(sock *sk, const sk_buff *in);

// ---- helpers (include/net/tcp.h inlines)
static inline u32 tcp_wnd_end(const tcp_sock *tp) { return tp->snd_una + tp->snd_wnd; }
static inline unsigned tcp_skb_pcount(const sk_buff *skb) { return skb_shinfo(skb)->gso_segs; }
static inline void tcp_skb_pcount_set(sk_buff *skb, int segs) { skb_shinfo(skb)->gso_segs = (u16)segs; }
static inline unsigned tcp_skb_mss(const sk_buff *skb) { return skb_shinfo(skb)->gso_size; }
static inline u32 tcp_packets_in_flight(const tcp_sock *tp) { return tp->packets_out - (tp->sacked_out + tp->lost_out) + tp->retrans_out; }
static inline bool tcp_skb_is_last(const sock *sk, const sk_buff *skb) { return !sk->sk_write_queue.empty() && sk->sk_write_queue.back() == skb; }
static inline int tcp_write_queue_empty_fn(const sock *sk) { return sk->sk_write_queue.empty(); }
static inline u32 tcp_jiffies32() { return (u32)sp::sim().jiffies(); }
static inline u64 tcp_clock_ns() { return sp::sim().now_ns(); }
static inline u64 tcp_clock_us() { return sp::sim().now_ns() / 1000; }
u32 tcp_notsent_lowat(const tcp_sock *tp);
