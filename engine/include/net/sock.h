// SPDX-License-Identifier: GPL-2.0-or-later
// struct sock -> inet_sock -> inet_connection_sock -> tcp_sock, embedded as in the kernel
// (C++ inheritance stands for the kernel's first-member embedding; tcp_sk() is a cast).
// Only fields the modelled functions use are present. Traced fields are F<>; register them
// in sock_trace_register() (engine/net/core/sock.cpp) under the objects "sk", "icsk", "tp".
#pragma once
#include <deque>
#include <list>
#include <string>
#include <vector>

#include "linux/skbuff.h"

struct net_device;
struct dst_entry;
struct rtable;
struct Peer;

// sk_state (include/net/tcp_states.h)
enum : u8 {
	TCP_ESTABLISHED = 1, TCP_SYN_SENT, TCP_SYN_RECV, TCP_FIN_WAIT1, TCP_FIN_WAIT2, TCP_TIME_WAIT,
	TCP_CLOSE, TCP_CLOSE_WAIT, TCP_LAST_ACK, TCP_LISTEN, TCP_CLOSING, TCP_NEW_SYN_RECV,
};
#define TCPF_STATE(s) (1u << (s))
const char *tcp_state_name(int s);

// sk->sk_socket->flags and sk_flags bits used on the send path
enum : u32 {
	SOCK_NOSPACE = 1u << 0,      // sk_socket flag: a writer waited for space
	SOCK_ZEROCOPY = 1u << 1,     // SO_ZEROCOPY
	SOCK_QUEUE_SHRUNK = 1u << 2, // sk_flags
	SOCK_USE_WRITE_QUEUE = 1u << 3,
};

// sk_pacing_status
enum : u8 { SK_PACING_NONE = 0, SK_PACING_NEEDED = 1, SK_PACING_FQ = 2 };
// shutdown bits
enum : u8 { RCV_SHUTDOWN = 1, SEND_SHUTDOWN = 2 };
// tp->nonagle
enum : u8 { TCP_NAGLE_OFF = 1, TCP_NAGLE_CORK = 2, TCP_NAGLE_PUSH = 4 };
// icsk->icsk_pending (ICSK_TIME_*)
enum : u8 {
	ICSK_TIME_RETRANS = 1, ICSK_TIME_DACK = 2, ICSK_TIME_PROBE0 = 3, ICSK_TIME_LOSS_PROBE = 5,
	ICSK_TIME_REO_TIMEOUT = 6,
};
// tsq_flags bits (TSQF_*, TCP_*_DEFERRED)
enum : u32 {
	TSQF_THROTTLED = 1u << 0, TSQF_QUEUED = 1u << 1, TCPF_TSQ_DEFERRED = 1u << 2,
	TCPF_WRITE_TIMER_DEFERRED = 1u << 3, TCPF_DELACK_TIMER_DEFERRED = 1u << 4,
	TCPF_MTU_REDUCED_DEFERRED = 1u << 5,
};
// tp->chrono_type
enum : u8 { TCP_CHRONO_UNSPEC = 0, TCP_CHRONO_BUSY, TCP_CHRONO_RWND_LIMITED, TCP_CHRONO_SNDBUF_LIMITED };
// icsk_ca_state
enum : u8 { TCP_CA_Open = 0, TCP_CA_Disorder = 1, TCP_CA_CWR = 2, TCP_CA_Recovery = 3, TCP_CA_Loss = 4 };

// A modelled kernel timer (sk_reset_timer / inet_csk_reset_xmit_timer): an event in Sim's queue.
struct sk_timer {
	sp::Sim::EventId ev = 0;
	F<u64> expires;  // jiffies; 0 when not pending
	F<u8> pending;
};

// struct sockcm_cookie (include/net/sock.h) — 6.16 adds dmabuf_id.
struct sockcm_cookie {
	u64 transmit_time = 0;
	u32 mark = 0, tsflags = 0, ts_opt_id = 0, priority = 0, dmabuf_id = 0;
};

struct sock {
	std::string name;  // "sk" (first socket), "sk#2", ...
	// sock_common
	F<u8> sk_state;
	__be32 skc_daddr = 0, skc_rcv_saddr = 0;
	__be16 skc_dport = 0;
	u16 skc_num = 0;  // local port, host order
	int sk_bound_dev_if = 0;
	// struct sock
	F<int> sk_sndbuf, sk_rcvbuf;
	F<int> sk_wmem_queued;     // bytes queued in write+rtx queues (truesize)
	F<int> sk_wmem_alloc;      // refcount_t: 1 + bytes of skbs below TCP (sock_wfree/tcp_wfree)
	F<int> sk_forward_alloc;   // prepaid memory (sk_mem_charge)
	F<int> sk_err, sk_err_soft;
	F<u32> sk_write_pending;   // writers waiting (a Fast Open sendto() waiting for the handshake)
	F<u8> sk_shutdown;
	F<u32> sk_flags;           // SOCK_* bits incl. SOCK_ZEROCOPY
	F<u32> sk_socket_flags;    // sk->sk_socket->flags: SOCK_NOSPACE
	F<u64> sk_pacing_rate, sk_max_pacing_rate;  // bytes per second
	F<u8> sk_pacing_status, sk_pacing_shift;
	F<u32> sk_gso_max_size;
	F<u16> sk_gso_max_segs;
	F<u32> sk_route_caps;      // NETIF_F_* of the route's device
	F<u32> sk_priority, sk_mark;
	F<u32> sk_tsflags;
	F<u8> sk_userlocks;        // SOCK_SNDBUF_LOCK ...
	F<u32> sk_tskey;
	F<u32> sk_zckey;           // MSG_ZEROCOPY notification counter
	int sk_allocation = GFP_KERNEL;
	bool nonblock = false;     // O_NONBLOCK on the file
	u64 sk_sndtimeo = ~0ull;   // jiffies; MAX_SCHEDULE_TIMEOUT when ~0
	page_frag sk_frag;
	dst_entry *sk_dst_cache = nullptr;
	net_device *dev_hint = nullptr;  // the device the route uses (model: single route)
	std::deque<sk_buff *> sk_write_queue;       // not yet sent (tcp_send_head = front)
	std::list<sk_buff *> tcp_rtx_queue;         // sent, not yet acked (kernel: rbtree by seq)
	std::deque<sk_buff *> sk_error_queue;       // MSG_ZEROCOPY completions
	std::deque<sk_buff *> sk_receive_queue;     // in-order received data (for read())
	virtual ~sock() = default;
};

struct inet_sock : sock {
	F<u16> inet_id;   // IP ident counter
	u8 uc_ttl = 64;   // -1 means sysctl default; model stores the value (64)
	u8 tos = 0;
	bool pmtudisc_do = true;  // IP_PMTUDISC_DO/WANT: DF set
	bool defer_connect = false;
	u16 inet_sport = 0;       // network order in the kernel; model keeps host order
};

struct inet_connection_sock : inet_sock {
	F<u8> icsk_ca_state, icsk_retransmits, icsk_backoff, icsk_probes_out;
	F<u8> icsk_pending;
	F<u32> icsk_rto;          // jiffies
	F<u64> icsk_timeout;      // jiffies when the xmit timer fires
	F<u32> icsk_pmtu_cookie;
	F<u16> icsk_ext_hdr_len;
	F<u32> icsk_ack_pending, icsk_ack_ato, icsk_ack_timeout, icsk_ack_quick;
	F<u32> icsk_ack_lrcvtime;  // jiffies of the last data received
	F<u8> icsk_ack_pingpong;   // interactive (ping-pong) score: delayed ACKs from the threshold on
	u32 icsk_user_timeout = 0;
	u64 icsk_probes_tstamp = 0;
	std::string icsk_ca_name = "cubic";  // congestion control module
	sk_timer icsk_retransmit_timer, icsk_delack_timer;
};

// struct tcp_fastopen_cookie / tcp_fastopen_request (include/net/tcp.h): the cookie of a Fast
// Open SYN (len -1: no option, 0: a cookie request) and the sendmsg() that carries data in it.
constexpr int TCP_FASTOPEN_COOKIE_MIN = 4, TCP_FASTOPEN_COOKIE_MAX = 16;
struct tcp_fastopen_cookie {
	s8 len = -1;
	bool exp = false; // the experimental option (kind 254, magic 0xF989)
	u8 val[TCP_FASTOPEN_COOKIE_MAX] = {};
};
struct msghdr;
struct tcp_fastopen_request {
	tcp_fastopen_cookie cookie;
	msghdr *data = nullptr; // the message whose first bytes go in the SYN
	size_t size = 0;
	int copied = 0;
};

struct tcp_sock : inet_connection_sock {
	// sequence space
	F<u32> write_seq, snd_una, snd_nxt, pushed_seq, snd_up, snd_sml, snd_wl1;
	F<u32> rcv_nxt, rcv_wup, copied_seq, rcv_wnd, window_clamp, rcv_ssthresh;
	F<u32> snd_wnd, max_window;
	F<u32> mss_cache, advmss, xmit_size_goal_segs;
	F<u32> snd_cwnd, snd_ssthresh, snd_cwnd_cnt, snd_cwnd_clamp, prior_cwnd;
	F<u32> packets_out, retrans_out, sacked_out, lost_out, tso_segs;
	F<u32> max_packets_out, cwnd_usage_seq;
	F<u8> is_cwnd_limited;
	F<u8> nonagle, repair, fastopen_req, tlp_high_seq_set;
	F<u8> syn_fastopen, syn_fastopen_exp, syn_data, syn_data_acked; // Fast Open client
	// Model: the request tp->fastopen_req points to lives here; fastopen_req tells if it is set.
	tcp_fastopen_request fo;
	F<u32> tlp_high_seq;
	F<u32> notsent_lowat;
	F<u32> tsq_flags;
	F<u32> lsndtime, rcv_tstamp;   // jiffies (32-bit as in tcp_jiffies32)
	F<u64> tcp_mstamp, tcp_wstamp_ns, tcp_clock_cache;
	F<u32> srtt_us, mdev_us, mdev_max_us, rttvar_us, rtt_seq;
	F<u32> snd_cwnd_stamp;
	F<u8> chrono_type;
	F<u32> chrono_start;
	F<u32> app_limited, delivered;
	F<u32> bytes_sent, bytes_acked, data_segs_out, segs_out;
	F<u8> urg_mode;
	F<u8> rx_opt_tstamp_ok, rx_opt_sack_ok, rx_opt_wscale_ok, rx_opt_snd_wscale, rx_opt_rcv_wscale;
	F<u32> rx_opt_ts_recent, rx_opt_rcv_tsval, rx_opt_mss_clamp, rx_opt_user_mss;
	F<u32> tsoffset;
	F<u32> rcv_mss;
	F<u16> tcp_header_len;
	F<u8> compressed_ack;
	F<u64> first_tx_mstamp, delivered_mstamp;
	// cubic / reno congestion-control private state (inet_csk_ca)
	F<u32> ca_cnt, ca_last_max_cwnd, ca_last_cwnd, ca_last_time, ca_bic_origin_point, ca_bic_K,
		ca_delay_min, ca_epoch_start, ca_ack_cnt, ca_tcp_cwnd;
	Peer *peer = nullptr;  // the modelled remote end (engine/net/ipv4/peer.*)
	sk_buff *lost_skb_hint = nullptr;
	// ---- appended by the TCP output/input/timer area (engine/net/ipv4/tcp_*.cpp)
	F<u32> high_seq, undo_marker, prior_ssthresh, prr_delivered, prr_out, snd_cwnd_used;
	F<u32> retrans_stamp, total_retrans, reordering, rtt_min_us, snd_isn, rcv_isn;
	F<u64> rack_mstamp;  // tx time (ns) of the most recently sent skb that was (S)ACKed (RACK-lite)
	F<u32> rack_end_seq, rack_rtt_us;
	F<u8> rx_opt_saw_tstamp, tlp_retrans, rx_opt_num_sacks;
	F<u32> rx_opt_rcv_tsecr;
	u32 rx_sack_blocks[4][2] = {};     // SACK blocks of the ACK being processed (host order)
	std::deque<sock *> icsk_accept_queue;  // passive open: established children (inet_csk_accept)
	sock *parent_listener = nullptr;        // child of a listen socket, until accepted
};

static inline tcp_sock *tcp_sk(sock *sk) { return static_cast<tcp_sock *>(sk); }
static inline inet_connection_sock *inet_csk(sock *sk) { return static_cast<inet_connection_sock *>(sk); }
static inline inet_sock *inet_sk(sock *sk) { return static_cast<inet_sock *>(sk); }
static inline sk_buff *tcp_send_head(sock *sk) { return sk->sk_write_queue.empty() ? nullptr : sk->sk_write_queue.front(); }
static inline sk_buff *tcp_write_queue_tail(sock *sk) { return sk->sk_write_queue.empty() ? nullptr : sk->sk_write_queue.back(); }
static inline sk_buff *tcp_rtx_queue_head(sock *sk) { return sk->tcp_rtx_queue.empty() ? nullptr : sk->tcp_rtx_queue.front(); }
static inline bool tcp_write_queue_empty(sock *sk) { return sk->sk_write_queue.empty(); }
static inline bool tcp_rtx_queue_empty(sock *sk) { return sk->tcp_rtx_queue.empty(); }
static inline bool tcp_rtx_and_write_queues_empty(sock *sk) { return tcp_rtx_queue_empty(sk) && tcp_write_queue_empty(sk); }
static inline u32 tcp_snd_cwnd(const tcp_sock *tp) { return tp->snd_cwnd; }
static inline void tcp_snd_cwnd_set(tcp_sock *tp, u32 v) { tp->snd_cwnd = v; }
static inline bool sock_flag(const sock *sk, u32 f) { return sk->sk_flags & f; }

// Register every traced field of the socket under "sk"/"icsk"/"tp" (engine/net/core/sock.cpp).
void sock_trace_register(tcp_sock *tp);

// ---- appended by the socket-layer area (engine/net/core/sock.cpp, stream.cpp)
constexpr long MAX_SCHEDULE_TIMEOUT = 0x7fffffffffffffffL;
// SOCK_MIN_SNDBUF = 2 * TCP_SKB_MIN_TRUESIZE = 2 * (2048 + SKB_DATA_ALIGN(sizeof(struct sk_buff)))
constexpr int SOCK_MIN_SNDBUF = 2 * (2048 + 256), SOCK_MIN_RCVBUF = 2048 + 256;
// sk_setup_caps(): route capabilities of the socket from the dst's device (sk_route_caps,
// sk_gso_max_size = gso_ipv4_max_size - (MAX_TCP_HEADER + 1), sk_gso_max_segs). Call on connect.
void sk_setup_caps(sock *sk, dst_entry *dst);
// Memory accounting (include/net/sock.h inlines + net/core/sock.c). Quantum = PAGE_SIZE.
static inline int sk_mem_pages(int amt) { return (amt + (int)PAGE_SIZE - 1) >> PAGE_SHIFT; }
int __sk_mem_schedule(sock *sk, int size, int kind);  // kind: SK_MEM_SEND (0) / SK_MEM_RECV (1)
bool sk_wmem_schedule(sock *sk, int size);
void sk_forced_mem_schedule(sock *sk, int size);
void sk_mem_charge(sock *sk, int size);
void sk_mem_uncharge(sock *sk, int size);  // also reclaims whole pages above the reserve
void sk_mem_reclaim(sock *sk);
void sk_wmem_queued_add(sock *sk, int val);
// Frees an skb taken off the write/rtx queue: wmem_queued -= truesize, uncharge, __kfree_skb.
void tcp_wmem_free_skb(sock *sk, sk_buff *skb);
void skb_set_owner_w(sk_buff *skb, sock *sk);  // sk_wmem_alloc += truesize, destructor sock_wfree
void sock_wfree(sk_buff *skb);
bool skb_page_frag_refill(unsigned sz, page_frag *pfrag, gfp_t gfp);
bool sk_page_frag_refill(sock *sk, page_frag *pfrag);
// net/core/stream.c
bool sk_stream_memory_free(const sock *sk);        // wmem_queued < sndbuf && tcp_stream_memory_free(sk, 0)
bool __sk_stream_is_writeable(const sock *sk, int wake);
void sk_stream_write_space(sock *sk);  // sk->sk_write_space for TCP: call when ACKs free memory
int sk_stream_wait_memory(sock *sk, long *timeo_p);
int sk_stream_wait_connect(sock *sk, long *timeo_p);
int sk_stream_error(sock *sk, int flags, int err);
void sk_stream_moderate_sndbuf(sock *sk);
// Wake-ups for a process sleeping in the socket layer (sk->sk_state_change / sk_error_report):
// the TCP engineer calls these when the state changes or an error is set.
void sock_def_wakeup(sock *sk);
void sock_def_readable(sock *sk); // sk->sk_data_ready: wakes poll/epoll waiters with EPOLLIN
void sk_error_report(sock *sk);
