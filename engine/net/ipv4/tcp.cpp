// SPDX-License-Identifier: GPL-2.0-or-later
// net/ipv4/tcp.c, the send side: tcp_sendmsg_locked() (copy into the page_frag, MSG_ZEROCOPY,
// MSG_SPLICE_PAGES, 6.16 devmem), size goal, skb allocation and queueing, push/autocork,
// socket defaults, TCP-level socket options, a minimal receive, shutdown and close.
#include <algorithm>
#include <cstring>

#include "linux/errqueue.h"
#include "linux/net_tstamp.h"
#include "linux/netdevice.h"
#include "net/devmem.h"
#include "net/ipv4/tcp_priv.h"
#include "net/socket_api.h"
#include "net/tcp.h"
#include "sim/world.h"

using namespace sp;

constexpr unsigned MAX_TCP_WINDOW = 32767U;
constexpr int TFO_CLIENT_ENABLE = 1;

const char *tcp_state_name(int s)
{
	static const char *const n[] = {"?",	     "ESTABLISHED", "SYN_SENT",	   "SYN_RECV",	 "FIN_WAIT1",
					"FIN_WAIT2", "TIME_WAIT",   "CLOSE",	   "CLOSE_WAIT", "LAST_ACK",
					"LISTEN",    "CLOSING",	    "NEW_SYN_RECV"};
	return s >= 0 && s <= TCP_NEW_SYN_RECV ? n[s] : "?";
}

u32 tcp_notsent_lowat(const tcp_sock *tp)
{
	u32 val = tp->notsent_lowat;
	return val ? val : (u32)sysctl().tcp_notsent_lowat; // sysctl -1 == UINT_MAX
}

bool tcp_stream_memory_free(const sock *sk, int wake)
{
	const tcp_sock *tp = static_cast<const tcp_sock *>(sk);
	u32 notsent_bytes = tp->write_seq - tp->snd_nxt;
	return ((u64)notsent_bytes << wake) < tcp_notsent_lowat(tp);
}

// ---------------------------------------------------------------- socket defaults
void tcp_init_sock(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	inet_connection_sock *icsk = inet_csk(sk);
	tcp_sock *tp = tcp_sk(sk);
	tcp_init_xmit_timers(sk);
	icsk->icsk_rto = TCP_TIMEOUT_INIT;
	tp->mdev_us = (u32)(TCP_TIMEOUT_INIT * (1000000 / HZ)); // jiffies_to_usecs(TCP_TIMEOUT_INIT)
	// Many stacks count the SYN in their congestion window: start at 10 segments (RFC 6928).
	tcp_snd_cwnd_set(tp, TCP_INIT_CWND);
	tp->app_limited = ~0U; // a bubble in the pipe until the first ACK
	tp->snd_ssthresh = TCP_INFINITE_SSTHRESH;
	tp->snd_cwnd_clamp = ~0U;
	tp->mss_cache = TCP_MSS_DEFAULT;
	icsk->icsk_ca_name = "cubic"; // tcp_assign_congestion_control(): the default
	tp->tsoffset = 0;
	// sk->sk_write_space = sk_stream_write_space (the model calls it directly).
	sk->sk_flags |= SOCK_USE_WRITE_QUEUE;
	sk->sk_sndbuf = sysctl().tcp_wmem[1];
	sk->sk_rcvbuf = sysctl().tcp_rmem[1];
	// sk_init_common / sock_init_data defaults that the send path reads.
	sk->sk_pacing_shift = 10;   // ~1 ms of data at the pacing rate may sit below TCP
	sk->sk_pacing_rate = ~0ull; // no pacing limit until the first RTT sample
	sk->sk_max_pacing_rate = ~0ull;
	sk->sk_gso_max_size = 0; // set by sk_setup_caps() when a route is attached
	sk->sk_gso_max_segs = 1;
	sk->sk_wmem_alloc = 1; // refcount_set(&sk->sk_wmem_alloc, 1)
	tp->notsent_lowat = 0; // use sysctl_tcp_notsent_lowat
	SP_LINE("tcp_init_sock:defaults", tp->snd_cwnd,
		"snd_cwnd=%u ssthresh=%u mss_cache=%u rto=%u jiffies sndbuf=%d rcvbuf=%d pacing_shift=%u",
		(unsigned)tp->snd_cwnd, (unsigned)tp->snd_ssthresh, (unsigned)tp->mss_cache,
		(unsigned)icsk->icsk_rto, (int)sk->sk_sndbuf, (int)sk->sk_rcvbuf,
		(unsigned)sk->sk_pacing_shift);
}

// ---------------------------------------------------------------- push helpers
void tcp_mark_push(tcp_sock *tp, sk_buff *skb)
{
	SP_FN("%s", skb->name.c_str());
	TCP_SKB_CB(skb)->tcp_flags |= TCPHDR_PSH;
	tp->pushed_seq = tp->write_seq;
}

bool forced_push(const tcp_sock *tp)
{
	SP_FN("write_seq=%u pushed_seq=%u max_window=%u", (unsigned)tp->write_seq, (unsigned)tp->pushed_seq,
	      (unsigned)tp->max_window);
	SP_RET(after(tp->write_seq, tp->pushed_seq + (tp->max_window >> 1)));
}

void tcp_mark_urg(tcp_sock *tp, int flags)
{
	SP_FN("flags=0x%x", flags);
	if (flags & MSG_OOB)
		tp->snd_up = tp->write_seq;
}

static bool tcp_skb_can_collapse_to(sk_buff *skb)
{
	return !TCP_SKB_CB(skb)->eor;
}

// include/net/tcp.h (inline there); called from tcp_skb_entail() and tcp_ack_update_window().
void tcp_slow_start_after_idle_check(sock *sk)
{
	tcp_sock *tp = tcp_sk(sk);
	if (!sysctl().tcp_slow_start_after_idle || tp->packets_out)
		return;
	s32 delta = (s32)(tcp_jiffies32() - tp->lsndtime);
	if (delta > (s32)inet_csk(sk)->icsk_rto) {
		SP_LINE("tcp_slow_start_after_idle_check:restart", delta,
			"idle %d jiffies > rto %u: restart cwnd", delta, (unsigned)inet_csk(sk)->icsk_rto);
		tcp_cwnd_restart(sk, delta);
	}
}

void tcp_skb_entail(sock *sk, sk_buff *skb)
{
	SP_FN("%s %s", sk->name.c_str(), skb->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	tcb->seq = tcb->end_seq = tp->write_seq;
	tcb->tcp_flags = TCPHDR_ACK;
	// tcp_add_write_queue_tail(): the first queued skb starts the "busy" chrono.
	sk->sk_write_queue.push_back(skb);
	skb->sk = sk;
	if (sk->sk_write_queue.size() == 1)
		tcp_chrono_start(sk, TCP_CHRONO_BUSY);
	sk_wmem_queued_add(sk, (int)skb->truesize);
	sk_mem_charge(sk, (int)skb->truesize);
	if (tp->nonagle & TCP_NAGLE_PUSH)
		tp->nonagle &= (u8)~TCP_NAGLE_PUSH;
	SP_LINE("tcp_skb_entail:queued", tcb->seq,
		"seq %u, wmem_queued += truesize %u -> %d, forward_alloc %d", (unsigned)tcb->seq,
		(unsigned)skb->truesize, (int)sk->sk_wmem_queued, (int)sk->sk_forward_alloc);
	tcp_slow_start_after_idle_check(sk);
}

// Do not push a not-yet-full skb while earlier data still sits in the qdisc/NIC: the TX
// completion will come soon and later sendmsg() calls can fill this skb meanwhile.
bool tcp_should_autocork(sock *sk, sk_buff *skb, int size_goal)
{
	SP_FN("%s %s len=%u size_goal=%d", sk->name.c_str(), skb->name.c_str(), (unsigned)skb->len,
	      size_goal);
	int wmem_alloc = sk->sk_wmem_alloc; // refcount_read: 1 + truesize of skbs below TCP
	bool r = (int)skb->len < size_goal && sysctl().tcp_autocorking && !tcp_rtx_queue_empty(sk) &&
		 wmem_alloc > (int)skb->truesize && tcp_skb_can_collapse_to(skb);
	SP_LINE("tcp_should_autocork:test", r,
		"len %u %s size_goal %d, autocorking=%d, rtx queue %s, sk_wmem_alloc %d %s truesize %u -> %s",
		(unsigned)skb->len, (int)skb->len < size_goal ? "<" : ">=", size_goal,
		sysctl().tcp_autocorking, tcp_rtx_queue_empty(sk) ? "empty" : "not empty", wmem_alloc,
		wmem_alloc > (int)skb->truesize ? ">" : "<=", (unsigned)skb->truesize,
		r ? "cork" : "no cork");
	SP_RET(r);
}

void tcp_push(sock *sk, int flags, int mss_now, int nonagle, int size_goal)
{
	SP_FN("%s flags=%#x mss=%d nonagle=%d size_goal=%d", sk->name.c_str(), flags, mss_now, nonagle,
	      size_goal);
	tcp_sock *tp = tcp_sk(sk);
	sk_buff *skb = tcp_write_queue_tail(sk);
	if (!skb)
		return;
	if (!(flags & MSG_MORE) || forced_push(tp)) {
		tcp_mark_push(tp, skb);
		SP_LINE("tcp_push:psh", 1, "%s: PSH on %s, pushed_seq=%u",
			(flags & MSG_MORE) ? "forced push" : "no MSG_MORE", skb->name.c_str(),
			(unsigned)tp->pushed_seq);
	}
	tcp_mark_urg(tp, flags);
	if (tcp_should_autocork(sk, skb, size_goal)) {
		if (!(tp->tsq_flags & TSQF_THROTTLED))
			tp->tsq_flags |= TSQF_THROTTLED; // LINUX_MIB_TCPAUTOCORKING
		// TX completion may have happened before TSQ_THROTTLED was set: re-check.
		if (sk->sk_wmem_alloc > (int)skb->truesize) {
			SP_LINE("tcp_push:autocork", sk->sk_wmem_alloc,
				"autocorked: TSQ_THROTTLED, wait for TX completion");
			return;
		}
	}
	if (flags & MSG_MORE)
		nonagle = TCP_NAGLE_CORK;
	SP_LINE("tcp_push:push", nonagle, "__tcp_push_pending_frames(mss %d, nonagle %#x)", mss_now, nonagle);
	__tcp_push_pending_frames(sk, mss_now, nonagle);
}

// ---------------------------------------------------------------- skb allocation, size goal
sk_buff *tcp_stream_alloc_skb(sock *sk, gfp_t gfp, bool force_schedule)
{
	SP_FN("%s force_schedule=%d", sk->name.c_str(), force_schedule);
	sk_buff *skb = alloc_skb_fclone(MAX_TCP_HEADER, gfp);
	if (skb) {
		bool mem_scheduled;
		skb->truesize = SKB_TRUESIZE(skb->end); // SKB_TRUESIZE(skb_end_offset(skb))
		if (force_schedule) {
			// The first skb of an empty socket is always allowed (guarantees progress).
			mem_scheduled = true;
			sk_forced_mem_schedule(sk, (int)skb->truesize);
		} else {
			mem_scheduled = sk_wmem_schedule(sk, (int)skb->truesize);
		}
		if (mem_scheduled) {
			skb_reserve(skb, MAX_TCP_HEADER);
			skb->ip_summed = CHECKSUM_PARTIAL;
			SP_LINE("tcp_stream_alloc_skb:ok", skb->truesize,
				"%s: head %u bytes, %u reserved for headers, truesize %u", skb->name.c_str(),
				(unsigned)skb->end, MAX_TCP_HEADER, (unsigned)skb->truesize);
			SP_RET(skb);
		}
		SP_LINE("tcp_stream_alloc_skb:nomem", 0, "sk_wmem_schedule(%u) failed: free the skb",
			(unsigned)skb->truesize);
		kfree_skb(skb);
	} else {
		socklayer().tcp_memory_pressure = true;
		sk_stream_moderate_sndbuf(sk);
	}
	SP_RET((sk_buff *)nullptr);
}

int tcp_bound_to_half_wnd(tcp_sock *tp, int pktsize)
{
	SP_FN("pktsize=%d max_window=%u", pktsize, (unsigned)tp->max_window);
	// Tiny windows: no point in sub-MSS packets; huge MSS: bound TSO packets to half the window.
	int cutoff = tp->max_window > TCP_MSS_DEFAULT ? (int)(tp->max_window >> 1) : (int)tp->max_window;
	if (cutoff && pktsize > cutoff)
		SP_RET(std::max<int>(cutoff, 68 - (int)tp->tcp_header_len));
	SP_RET(pktsize);
}

unsigned tcp_xmit_size_goal(sock *sk, u32 mss_now, int large_allowed)
{
	SP_FN("%s mss_now=%u large_allowed=%d", sk->name.c_str(), mss_now, large_allowed);
	tcp_sock *tp = tcp_sk(sk);
	if (!large_allowed) {
		SP_LINE("tcp_xmit_size_goal:oob", mss_now, "MSG_OOB: size goal = mss %u", mss_now);
		SP_RET(mss_now);
	}
	// tcp_tso_autosize() splits later; here only the GSO limit and half the peer window count.
	u32 new_size_goal = (u32)tcp_bound_to_half_wnd(tp, (int)sk->sk_gso_max_size);
	SP_LINE("tcp_xmit_size_goal:bound", new_size_goal, "sk_gso_max_size %u, max_window %u -> %u",
		(unsigned)sk->sk_gso_max_size, (unsigned)tp->max_window, new_size_goal);
	u32 size_goal = tp->xmit_size_goal_segs * mss_now; // tp->gso_segs
	if (new_size_goal < size_goal || new_size_goal >= size_goal + mss_now) {
		tp->xmit_size_goal_segs = std::min<u32>(new_size_goal / mss_now, sk->sk_gso_max_segs);
		size_goal = tp->xmit_size_goal_segs * mss_now;
		SP_LINE("tcp_xmit_size_goal:segs", tp->xmit_size_goal_segs,
			"gso_segs = min(%u / %u, %u) = %u -> %u bytes", new_size_goal, mss_now,
			(unsigned)sk->sk_gso_max_segs, (unsigned)tp->xmit_size_goal_segs, size_goal);
	}
	SP_RET(std::max(size_goal, mss_now));
}

int tcp_send_mss(sock *sk, int *size_goal, int flags)
{
	SP_FN("%s flags=%#x", sk->name.c_str(), flags);
	int mss_now = (int)tcp_current_mss(sk);
	*size_goal = (int)tcp_xmit_size_goal(sk, (u32)mss_now, !(flags & MSG_OOB));
	SP_LINE("tcp_send_mss:result", *size_goal, "mss_now %d, size_goal %d", mss_now, *size_goal);
	SP_RET(mss_now);
}

void tcp_wmem_free_skb(sock *sk, sk_buff *skb)
{
	sk_wmem_queued_add(sk, -(int)skb->truesize);
	if (!skb_zcopy_pure(skb))
		sk_mem_uncharge(sk, (int)skb->truesize);
	else
		sk_mem_uncharge(sk, (int)SKB_TRUESIZE(skb->end));
	kfree_skb(skb); // __kfree_skb
}

// An skb queued by an earlier failed attempt that got no payload: remove it (frees memory and
// lets EPOLLOUT fire for edge-triggered epoll).
void tcp_remove_empty_skb(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	sk_buff *skb = tcp_write_queue_tail(sk);
	if (skb && TCP_SKB_CB(skb)->seq == TCP_SKB_CB(skb)->end_seq) {
		SP_LINE("tcp_remove_empty_skb:remove", skb->truesize, "%s is empty: unlink and free",
			skb->name.c_str());
		sk->sk_write_queue.pop_back();
		if (tcp_write_queue_empty(sk))
			tcp_chrono_stop(sk, TCP_CHRONO_BUSY);
		tcp_wmem_free_skb(sk, skb);
	}
}

// skb changing from pure zerocopy to mixed: its truesize must now be charged.
static int tcp_downgrade_zcopy_pure(sock *sk, sk_buff *skb)
{
	if (skb_zcopy_pure(skb)) {
		u32 extra = skb->truesize - SKB_TRUESIZE(skb->end);
		if (!sk_wmem_schedule(sk, (int)extra))
			return -ENOMEM;
		sk_mem_charge(sk, (int)extra);
		skb_shinfo(skb)->flags &= (u8)~SKBFL_PURE_ZEROCOPY;
		SP_LINE("tcp_downgrade_zcopy_pure:charge", extra, "%s no longer pure zerocopy: charge %u",
			skb->name.c_str(), extra);
	}
	return 0;
}

int tcp_wmem_schedule(sock *sk, int copy)
{
	SP_FN_NAMED("tcp_wmem_schedule", "%s copy=%d", sk->name.c_str(), copy);
	if (sk_wmem_schedule(sk, copy))
		SP_RET(copy);
	// Nothing queued may mean no progress at all: use tcp_wmem[0] as a guaranteed minimum.
	int left = sysctl().tcp_wmem[0] - sk->sk_wmem_queued;
	if (left > 0)
		sk_forced_mem_schedule(sk, std::min(left, copy));
	int r = std::min<int>(copy, sk->sk_forward_alloc);
	SP_LINE("tcp_wmem_schedule:limited", r, "memory limit: copy only %d of %d", r, copy);
	SP_RET(r);
}

// skb_copy_to_page_nocache(): copy user bytes into the page at off and grow the skb.
static int skb_copy_to_page_nocache(sock *sk, iov_iter *from, sk_buff *skb, page *pg, int off, int copy)
{
	SP_FN_NAMED("skb_copy_to_page_nocache", "%s %s off=%d copy=%d", skb->name.c_str(), pg->name.c_str(),
		    off, copy);
	std::vector<u8> tmp((size_t)copy);
	// skb_do_copy_data_nocache(): CHECKSUM_PARTIAL -> plain copy_from_iter_full (csum by the NIC).
	if (!copy_from_iter_full(tmp.data(), (size_t)copy, from)) {
		SP_LINE("skb_copy_to_page_nocache:efault", -EFAULT, "user buffer not readable: -EFAULT");
		SP_RET(-EFAULT);
	}
	pg->mem.write((size_t)off, tmp.data(), (size_t)copy);
	skb_len_add(skb, copy);
	sk_wmem_queued_add(sk, copy);
	sk_mem_charge(sk, copy);
	SP_LINE("skb_copy_to_page_nocache:copied", copy,
		"%d bytes -> %s+%d; skb len %u truesize %u; wmem_queued %d forward_alloc %d", copy,
		pg->name.c_str(), off, (unsigned)skb->len, (unsigned)skb->truesize, (int)sk->sk_wmem_queued,
		(int)sk->sk_forward_alloc);
	SP_RET(0);
}

static void tcp_rate_check_app_limited(sock *sk)
{
	tcp_sock *tp = tcp_sk(sk);
	if (tp->write_seq - tp->snd_nxt < tp->mss_cache && (sk->sk_wmem_alloc - 1) < (int)SKB_TRUESIZE(1) &&
	    tcp_packets_in_flight(tp) < tcp_snd_cwnd(tp) && tp->lost_out <= tp->retrans_out) {
		u32 v = tp->delivered + tcp_packets_in_flight(tp);
		tp->app_limited = v ? v : 1;
	}
}

static long sock_sndtimeo(const sock *sk, bool noblock)
{
	if (noblock)
		return 0;
	return sk->sk_sndtimeo == ~0ull ? MAX_SCHEDULE_TIMEOUT : (long)sk->sk_sndtimeo;
}

// ---------------------------------------------------------------- poll
// tcp_poll(): the events a poll()/epoll caller sees on a TCP socket, without the socket lock.
// EPOLLOUT follows the same rule as the write-space wake-up (__sk_stream_is_writeable(sk, 1):
// half the send buffer free and TCP_NOTSENT_LOWAT met at twice the unsent bytes); when it is not
// met SOCK_NOSPACE is set so that tcp_check_space() -> sk_stream_write_space() wakes us later.
__poll_t tcp_poll(socket_file *file)
{
	sock *sk = file->sk;
	tcp_sock *tp = tcp_sk(sk);
	SP_FN("%s state=%s", sk->name.c_str(), tcp_state_name(sk->sk_state));
	int state = sk->sk_state;
	if (state == TCP_LISTEN) {
		// inet_csk_listen_poll(): a child waits on the accept queue
		SP_RET(file->accept_queue.empty() ? (__poll_t)0 : (EPOLLIN | EPOLLRDNORM));
	}
	__poll_t mask = 0;
	u8 shutdown = sk->sk_shutdown;
	if (shutdown == (RCV_SHUTDOWN | SEND_SHUTDOWN) || state == TCP_CLOSE)
		mask |= EPOLLHUP;
	if (shutdown & RCV_SHUTDOWN)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
	// Connected (or a passive Fast Open child, which the model does not have)?
	if (state != TCP_SYN_SENT && state != TCP_SYN_RECV) {
		// Model: sock_rcvlowat() is 1 (no SO_RCVLOWAT) and there is no urgent data.
		u32 avail = tp->rcv_nxt - tp->copied_seq;
		if ((s32)avail > 0) // tcp_stream_is_readable -> tcp_epollin_ready(sk, 1)
			mask |= EPOLLIN | EPOLLRDNORM;
		if (!(shutdown & SEND_SHUTDOWN)) {
			bool w = __sk_stream_is_writeable(sk, 1);
			SP_LINE("tcp_poll:writeable", w,
				"sndbuf %d - queued %d = %d free %s queued/2 = %d, notsent %u (x2) vs lowat "
				"%u -> %s",
				(int)sk->sk_sndbuf, (int)sk->sk_wmem_queued,
				(int)(sk->sk_sndbuf - sk->sk_wmem_queued), w ? ">=" : "vs",
				(int)(sk->sk_wmem_queued >> 1), (unsigned)(tp->write_seq - tp->snd_nxt),
				tcp_notsent_lowat(tp), w ? "EPOLLOUT" : "not writeable");
			if (w) {
				mask |= EPOLLOUT | EPOLLWRNORM;
			} else {
				// send SIGIO later; the race breaker re-tests after setting the flag
				sk->sk_socket_flags |= SOCK_NOSPACE;
				SP_LINE("tcp_poll:nospace", 1,
					"set SOCK_NOSPACE: the next ACK that frees space wakes the poller");
				if (__sk_stream_is_writeable(sk, 1))
					mask |= EPOLLOUT | EPOLLWRNORM;
			}
		} else {
			mask |= EPOLLOUT | EPOLLWRNORM;
		}
	} else if (state == TCP_SYN_SENT && inet_sk(sk)->defer_connect) {
		// Active Fast Open with defer_connect: EPOLLOUT so write() sends the SYN with data.
		mask |= EPOLLOUT | EPOLLWRNORM;
	}
	if (sk->sk_err || !sk->sk_error_queue.empty())
		mask |= EPOLLERR;
	SP_RET(mask);
}

// ---------------------------------------------------------------- Fast Open entry
static int tcp_sendmsg_fastopen(sock *sk, msghdr *msg, int *copied, size_t size, ubuf_info *uarg)
{
	SP_FN_NAMED("tcp_sendmsg_fastopen", "%s size=%zu", sk->name.c_str(), size);
	tcp_sock *tp = tcp_sk(sk);
	const sockaddr_in_model *uaddr = (const sockaddr_in_model *)msg->msg_name;
	if (!(sysctl().tcp_fastopen & TFO_CLIENT_ENABLE) ||
	    (uaddr && msg->msg_namelen >= 2 && uaddr->sin_family == AF_UNSPEC)) {
		SP_LINE("tcp_sendmsg_fastopen:disabled", -EOPNOTSUPP,
			"tcp_fastopen=%d (client bit 1 %s): -EOPNOTSUPP", sysctl().tcp_fastopen,
			(sysctl().tcp_fastopen & TFO_CLIENT_ENABLE) ? "set, AF_UNSPEC address" : "clear");
		SP_RET(-EOPNOTSUPP);
	}
	if (tp->fastopen_req)
		SP_RET(-EALREADY);
	tp->fastopen_req = 1; // kzalloc(): cookie len 0 = a request unless a cookie is cached
	tp->fo = tcp_fastopen_request{};
	tp->fo.cookie.len = 0;
	tp->fo.data = msg;
	tp->fo.size = size;
	int err;
	socket_file *sf = sock_of(sk);
	if (!sf) {
		err = -EINVAL;
	} else if (sf->state == SS_CONNECTED) {
		err = -EISCONN;
		SP_LINE("tcp_sendmsg_fastopen:isconn", err,
			"socket already connected: __inet_stream_connect -> -EISCONN");
	} else if (!uaddr) {
		err = -EDESTADDRREQ;
	} else {
		int fl = (msg->msg_flags & MSG_DONTWAIT) ? O_NONBLOCK_FLAG : 0;
		err = inet_stream_connect(sf, ntohl(uaddr->sin_addr), ntohs(uaddr->sin_port), fl);
	}
	// fastopen_req could already be gone if the connection timed out or was reset
	if (tp->fastopen_req) {
		*copied = tp->fo.copied;
		tp->fastopen_req = 0; // tcp_free_fastopen_req()
		tp->fo = tcp_fastopen_request{};
		inet_sk(sk)->defer_connect = false;
	}
	(void)uarg;
	SP_RET(err);
}

// ---------------------------------------------------------------- tcp_sendmsg_locked
// tcp_tx_timestamp(): SO_TIMESTAMPING asks for reports on the last byte of each sendmsg: mark the
// tail skb (it holds that byte) with the requested SKBTX_* flags and key it by that byte.
static void tcp_tx_timestamp(sock *sk, const sockcm_cookie *sockc)
{
	sk_buff *skb = tcp_write_queue_tail(sk);
	u32 tsflags = sockc->tsflags;
	if (!tsflags || !skb)
		return;
	SP_FN("%s tsflags=%#x", skb->name.c_str(), tsflags);
	skb_shared_info *shinfo = skb_shinfo(skb);
	sock_tx_timestamp(sk, tsflags, &shinfo->tx_flags);
	if (tsflags & SOF_TIMESTAMPING_TX_ACK)
		skb->cb.txstamp_ack = skb->cb.txstamp_ack | TSTAMP_ACK_SK;
	if (tsflags & SOF_TIMESTAMPING_TX_RECORD_MASK)
		shinfo->tskey = skb->cb.seq + skb->len - 1;
	SP_LINE("tcp_tx_timestamp:mark", shinfo->tskey,
		"%s: tx_flags=%#x txstamp_ack=%u tskey=%u (last byte)", skb->name.c_str(),
		(unsigned)shinfo->tx_flags, (unsigned)skb->cb.txstamp_ack, (unsigned)shinfo->tskey);
}

int tcp_sendmsg_locked(sock *sk, msghdr *msg, size_t size)
{
	SP_FN("%s size=%zu flags=%#x cmsgs=%zu", sk->name.c_str(), size, msg->msg_flags,
	      msg->msg_control.size());
	net_devmem_dmabuf_binding *binding = nullptr;
	tcp_sock *tp = tcp_sk(sk);
	ubuf_info *uarg = nullptr;
	sk_buff *skb;
	sockcm_cookie sockc;
	int flags, err = 0, copied = 0;
	int mss_now = 0, size_goal = 0, copied_syn = 0;
	int process_backlog = 0;
	int sockc_err = 0;
	int zc = 0;
	long timeo;
	const bool v616 = sim().v616();
	bool devmem = false;

	flags = (int)msg->msg_flags;

	if (v616) {
		// 6.16: parse the control messages first; keep the error until Fast Open has run.
		sockc = sockcm_cookie{};
		sockc.tsflags = sk->sk_tsflags;
		if (msg->msg_controllen()) {
			sockc_err = sock_cmsg_send(sk, msg, &sockc);
			SP_LINE("tcp_sendmsg_locked:cmsg616", sockc_err,
				"6.16: cmsgs parsed at the top, sockc_err=%d (deferred)%s", sockc_err,
				sockc.dmabuf_id ? ", dmabuf id set" : "");
		}
		devmem = !sockc_err && sockc.dmabuf_id;
	}

	if ((flags & MSG_ZEROCOPY) && size) {
		if (msg->msg_ubuf) {
			uarg = msg->msg_ubuf;
			if (sk->sk_route_caps & NETIF_F_SG)
				zc = MSG_ZEROCOPY;
		} else if (sock_flag(sk, SOCK_ZEROCOPY)) {
			skb = tcp_write_queue_tail(sk);
			uarg = msg_zerocopy_realloc(sk, size, skb ? skb_zcopy_uarg(skb) : nullptr, devmem);
			if (!uarg) {
				err = -ENOBUFS;
				goto out_err;
			}
			if (sk->sk_route_caps & NETIF_F_SG) {
				zc = MSG_ZEROCOPY;
			} else {
				uarg->zerocopy = 0; // data will be copied; the completion says so
			}
			SP_LINE("tcp_sendmsg_locked:zerocopy", zc,
				"MSG_ZEROCOPY + SO_ZEROCOPY, route %s NETIF_F_SG -> %s",
				(sk->sk_route_caps & NETIF_F_SG) ? "has" : "lacks",
				zc ? "pin user pages" : "copy (completion COPIED)");
			if (devmem) {
				binding = net_devmem_get_binding(sk, sockc.dmabuf_id, &err);
				if (!binding)
					goto out_err;
			}
		} else {
			SP_LINE("tcp_sendmsg_locked:zc_ignored", 0,
				"MSG_ZEROCOPY without SO_ZEROCOPY: ignored, plain copy");
		}
	} else if ((msg->msg_flags & MSG_SPLICE_PAGES) && size) {
		if (sk->sk_route_caps & NETIF_F_SG)
			zc = MSG_SPLICE_PAGES;
		SP_LINE("tcp_sendmsg_locked:splice", zc, "MSG_SPLICE_PAGES: %s",
			zc ? "splice pages" : "no SG: copy");
	}

	if (devmem && (!(flags & MSG_ZEROCOPY) || !sock_flag(sk, SOCK_ZEROCOPY))) {
		SP_LINE("tcp_sendmsg_locked:devmem_einval", -EINVAL,
			"dmabuf id without MSG_ZEROCOPY%s: -EINVAL",
			sock_flag(sk, SOCK_ZEROCOPY) ? "" : "/SO_ZEROCOPY");
		err = -EINVAL;
		goto out_err;
	}

	if ((flags & MSG_FASTOPEN || inet_sk(sk)->defer_connect) && !tp->repair) {
		err = tcp_sendmsg_fastopen(sk, msg, &copied_syn, size, uarg);
		if (err == -EINPROGRESS && copied_syn > 0)
			goto out;
		else if (err)
			goto out_err;
	}

	timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);
	tcp_rate_check_app_limited(sk); // is sending application-limited?

	// Wait for the connection to finish (passive Fast Open is not modelled).
	if (TCPF_STATE(sk->sk_state) & ~(TCPF_STATE(TCP_ESTABLISHED) | TCPF_STATE(TCP_CLOSE_WAIT))) {
		SP_LINE("tcp_sendmsg_locked:wait_connect", sk->sk_state, "state %s: wait for the connection",
			tcp_state_name(sk->sk_state));
		err = sk_stream_wait_connect(sk, &timeo);
		if (err != 0)
			goto do_error;
	}

	if (tp->repair) {
		// Model: repair queues are not modelled (TCP_NO_QUEUE): -EINVAL.
		err = -EINVAL;
		goto out_err;
	}

	if (!v616) {
		// 6.15: control messages parsed here; any error becomes -EINVAL.
		sockc = sockcm_cookie{};
		sockc.tsflags = sk->sk_tsflags;
		if (msg->msg_controllen()) {
			err = sock_cmsg_send(sk, msg, &sockc);
			if (err) {
				SP_LINE("tcp_sendmsg_locked:cmsg615", -EINVAL,
					"6.15: sock_cmsg_send -> %d, returned as -EINVAL", err);
				err = -EINVAL;
				goto out_err;
			}
		}
	} else if (sockc_err) {
		SP_LINE("tcp_sendmsg_locked:sockc_err", sockc_err,
			"6.16: deferred cmsg error %s returned as is", errno_name(-sockc_err));
		err = sockc_err;
		goto out_err;
	}

	copied = 0;

	// (The kernel's `restart:` label stands here: sk_flush_backlog() jumps back to it after
	// processing the socket backlog; the model has no backlog, so nothing jumps back.)
	mss_now = tcp_send_mss(sk, &size_goal, flags);

	err = -EPIPE;
	if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN)) {
		SP_LINE("tcp_sendmsg_locked:epipe", -EPIPE, "sk_err=%d shutdown=%#x: -EPIPE", (int)sk->sk_err,
			(unsigned)sk->sk_shutdown);
		goto do_error;
	}

	while (iov_iter_count(&msg->msg_iter)) {
		int copy = 0;

		skb = tcp_write_queue_tail(sk);
		if (skb)
			copy = size_goal - (int)skb->len;
		// 6.16: trace_tcp_sendmsg_locked(sk, msg, skb, size_goal)
		if (v616)
			SP_LINE("tcp_sendmsg_locked:tracepoint", copy,
				"trace_tcp_sendmsg_locked: tail %s len %u, size_goal %d",
				skb ? skb->name.c_str() : "-", skb ? (unsigned)skb->len : 0, size_goal);

		if (copy <= 0 || !tcp_skb_can_collapse_to(skb)) {
			bool first_skb;
		new_segment:
			if (!sk_stream_memory_free(sk)) {
				SP_LINE("tcp_sendmsg_locked:sndbuf_full", sk->sk_wmem_queued,
					"wmem_queued %d >= sndbuf %d (or notsent >= lowat): wait for space",
					(int)sk->sk_wmem_queued, (int)sk->sk_sndbuf);
				goto wait_for_space;
			}
			if (process_backlog >= 16) {
				process_backlog = 0;
				// sk_flush_backlog() (then `goto restart`): model has no socket backlog
				// (packets are processed at once), so it never reports work done.
			}
			first_skb = tcp_rtx_and_write_queues_empty(sk);
			skb = tcp_stream_alloc_skb(sk, (gfp_t)sk->sk_allocation, first_skb);
			if (!skb)
				goto wait_for_space;
			process_backlog++;
			tcp_skb_entail(sk, skb);
			copy = size_goal;
			SP_LINE("tcp_sendmsg_locked:new_skb", copy, "new %s entailed, room %d",
				skb->name.c_str(), copy);
		}

		// Try to append data to the end of skb.
		if (copy > (int)iov_iter_count(&msg->msg_iter))
			copy = (int)iov_iter_count(&msg->msg_iter);

		if (zc == 0) {
			bool merge = true;
			int i = skb_shinfo(skb)->nr_frags;
			page_frag *pfrag = &sk->sk_frag; // sk_page_frag(): model keeps one per socket

			if (!sk_page_frag_refill(sk, pfrag))
				goto wait_for_space;

			if (!skb_can_coalesce(skb, i, pfrag->pg, (int)pfrag->offset)) {
				if (i >= sysctl().sysctl_max_skb_frags) {
					SP_LINE("tcp_sendmsg_locked:max_frags", i,
						"%d frags = max_skb_frags: PSH, new skb", i);
					tcp_mark_push(tp, skb);
					goto new_segment;
				}
				merge = false;
			}
			copy = std::min<int>(copy, (int)(pfrag->size - pfrag->offset));
			SP_LINE("tcp_sendmsg_locked:copy", copy, "copy %d bytes into %s at %u (%s frag %d)",
				copy, pfrag->pg->name.c_str(), (unsigned)pfrag->offset,
				merge ? "extend" : "new", merge ? i - 1 : i);

			if (skb_zcopy_pure(skb)) {
				if (tcp_downgrade_zcopy_pure(sk, skb))
					goto wait_for_space;
			}
			copy = tcp_wmem_schedule(sk, copy);
			if (!copy)
				goto wait_for_space;

			err = skb_copy_to_page_nocache(sk, &msg->msg_iter, skb, pfrag->pg, (int)pfrag->offset,
						       copy);
			if (err)
				goto do_error;

			if (merge) {
				skb_shinfo(skb)->frags[i - 1].len += (u32)copy;
			} else {
				skb_fill_page_desc(skb, i, pfrag->pg, (int)pfrag->offset, copy);
				get_page(pfrag->pg); // page_ref_inc
			}
			pfrag->offset += (u32)copy;
		} else if (zc == MSG_ZEROCOPY) {
			// First append to a fragless skb builds a pure zerocopy skb (not charged).
			if (!skb->len)
				skb_shinfo(skb)->flags |= SKBFL_PURE_ZEROCOPY;
			if (!skb_zcopy_pure(skb)) {
				copy = tcp_wmem_schedule(sk, copy);
				if (!copy)
					goto wait_for_space;
			}
			err = skb_zerocopy_iter_stream(sk, skb, msg, copy, uarg, binding);
			if (err == -EMSGSIZE || err == -EEXIST) {
				tcp_mark_push(tp, skb);
				goto new_segment;
			}
			if (err < 0)
				goto do_error;
			copy = err;
		} else if (zc == MSG_SPLICE_PAGES) {
			// Splice in data if we can; copy if we can't.
			if (tcp_downgrade_zcopy_pure(sk, skb))
				goto wait_for_space;
			copy = tcp_wmem_schedule(sk, copy);
			if (!copy)
				goto wait_for_space;
			err = (int)skb_splice_from_iter(skb, &msg->msg_iter, copy, (gfp_t)sk->sk_allocation);
			if (err < 0) {
				if (err == -EMSGSIZE) {
					tcp_mark_push(tp, skb);
					goto new_segment;
				}
				goto do_error;
			}
			copy = err;
			if (!(flags & MSG_NO_SHARED_FRAGS))
				skb_shinfo(skb)->flags |= SKBFL_SHARED_FRAG;
			sk_wmem_queued_add(sk, copy);
			sk_mem_charge(sk, copy);
		}

		if (!copied)
			TCP_SKB_CB(skb)->tcp_flags &= (u8)~TCPHDR_PSH;

		tp->write_seq += (u32)copy;
		TCP_SKB_CB(skb)->end_seq += (u32)copy;
		tcp_skb_pcount_set(skb, 0);

		copied += copy;
		if (!iov_iter_count(&msg->msg_iter)) {
			if (flags & MSG_EOR)
				TCP_SKB_CB(skb)->eor = 1;
			goto out;
		}

		if ((int)skb->len < size_goal || (flags & MSG_OOB) || tp->repair)
			continue;

		if (forced_push(tp)) {
			SP_LINE("tcp_sendmsg_locked:forced_push", tp->write_seq - tp->pushed_seq,
				"write_seq - pushed_seq = %u > max_window/2 = %u: push now",
				(unsigned)(tp->write_seq - tp->pushed_seq), (unsigned)(tp->max_window >> 1));
			tcp_mark_push(tp, skb);
			__tcp_push_pending_frames(sk, (unsigned)mss_now, TCP_NAGLE_PUSH);
		} else if (skb == tcp_send_head(sk)) {
			SP_LINE("tcp_sendmsg_locked:push_one", skb->len,
				"full %s is the send head: tcp_push_one", skb->name.c_str());
			tcp_push_one(sk, (unsigned)mss_now);
		}
		continue;

	wait_for_space:
		sk->sk_socket_flags |= SOCK_NOSPACE;
		tcp_remove_empty_skb(sk);
		if (copied)
			tcp_push(sk, flags & ~MSG_MORE, mss_now, TCP_NAGLE_PUSH, size_goal);

		err = sk_stream_wait_memory(sk, &timeo);
		if (err != 0)
			goto do_error;

		mss_now = tcp_send_mss(sk, &size_goal, flags);
	}

out:
	if (copied) {
		tcp_tx_timestamp(sk, &sockc);
		tcp_push(sk, flags, mss_now, tp->nonagle, size_goal);
	}
	// msg->msg_ubuf is pinned by the caller: no extra reference was taken for it.
	if (uarg && !msg->msg_ubuf)
		net_zcopy_put(uarg);
	if (binding)
		net_devmem_dmabuf_binding_put(binding);
	SP_LINE("tcp_sendmsg_locked:done", copied + copied_syn,
		"queued %d bytes: write_seq=%u wmem_queued=%d", copied + copied_syn, (unsigned)tp->write_seq,
		(int)sk->sk_wmem_queued);
	SP_RET(copied + copied_syn);

do_error:
	tcp_remove_empty_skb(sk);
	if (copied + copied_syn)
		goto out;
out_err:
	if (uarg && !msg->msg_ubuf)
		net_zcopy_put_abort(uarg, true);
	err = sk_stream_error(sk, flags, err);
	// Make sure an edge-triggered epoll waiter gets woken.
	if (tcp_rtx_and_write_queues_empty(sk) && err == -EAGAIN) {
		sk_stream_write_space(sk);
		tcp_chrono_stop(sk, TCP_CHRONO_SNDBUF_LIMITED);
	}
	if (binding)
		net_devmem_dmabuf_binding_put(binding);
	SP_LINE("tcp_sendmsg_locked:error", err, "returns %s", errno_name(-err));
	SP_RET(err);
}

int tcp_sendmsg(sock *sk, msghdr *msg, size_t size)
{
	SP_FN("%s size=%zu", sk->name.c_str(), size);
	// lock_sock(sk) ... release_sock(sk): release_sock runs tcp_release_cb for deferred work.
	int ret = tcp_sendmsg_locked(sk, msg, size);
	tcp_release_cb(sk);
	SP_RET(ret);
}

// ---------------------------------------------------------------- TCP socket options
static int tcp_opt_int(const void *optval, unsigned optlen, int *val)
{
	if (optlen < sizeof(int))
		return -EINVAL;
	std::memcpy(val, optval, sizeof(int));
	return 0;
}

int tcp_setsockopt(sock *sk, int level, int optname, const void *optval, unsigned optlen)
{
	SP_FN("%s level=%d optname=%d", sk->name.c_str(), level, optname);
	if (level != SOL_TCP)
		SP_RET(sock_setsockopt(sk, optname, optval, optlen)); // (ip_setsockopt for SOL_IP)
	tcp_sock *tp = tcp_sk(sk);
	inet_connection_sock *icsk = inet_csk(sk);
	if (optname == TCP_CONGESTION) {
		std::string name((const char *)optval,
				 strnlen((const char *)optval, std::min<unsigned>(optlen, 16)));
		if (name != "cubic" && name != "reno") {
			SP_LINE("tcp_setsockopt:congestion", -ENOENT,
				"no congestion control \"%s\" loaded: -ENOENT", name.c_str());
			SP_RET(-ENOENT);
		}
		icsk->icsk_ca_name = name;
		if (sk->sk_state != TCP_CLOSE && name == "cubic")
			cubictcp_init(sk); // tcp_reinit_congestion_control
		SP_LINE("tcp_setsockopt:congestion", 0, "icsk_ca_ops = %s", name.c_str());
		SP_RET(0);
	}
	int val;
	if (int e = tcp_opt_int(optval, optlen, &val))
		SP_RET(e);
	int err = 0;
	switch (optname) {
	case TCP_NODELAY:
		if (val) {
			// Nagle off and push whatever is queued now.
			tp->nonagle |= TCP_NAGLE_OFF | TCP_NAGLE_PUSH;
			SP_LINE("__tcp_sock_set_nodelay:on", tp->nonagle,
				"nonagle |= OFF|PUSH: push pending frames");
			tcp_push_pending_frames(sk);
		} else {
			tp->nonagle &= (u8)~TCP_NAGLE_OFF;
		}
		break;
	case TCP_CORK:
		if (val) {
			tp->nonagle |= TCP_NAGLE_CORK;
		} else {
			tp->nonagle &= (u8)~TCP_NAGLE_CORK;
			if (tp->nonagle & TCP_NAGLE_OFF)
				tp->nonagle |= TCP_NAGLE_PUSH;
			SP_LINE("__tcp_sock_set_cork:uncork", tp->nonagle,
				"uncork: push pending frames (nonagle %#x)", (unsigned)tp->nonagle);
			tcp_push_pending_frames(sk);
		}
		break;
	case TCP_MAXSEG:
		// Values below TCP_MIN_MSS or above MAX_TCP_WINDOW are refused.
		if (val && (val < (int)TCP_MIN_MSS || val > (int)MAX_TCP_WINDOW)) {
			SP_LINE("tcp_sock_set_maxseg:einval", -EINVAL, "%d outside [%u, %u]: -EINVAL", val,
				TCP_MIN_MSS, MAX_TCP_WINDOW);
			err = -EINVAL;
			break;
		}
		tp->rx_opt_user_mss = (u32)val;
		break;
	case TCP_NOTSENT_LOWAT:
		tp->notsent_lowat = (u32)val;
		sk_stream_write_space(sk);
		break;
	case TCP_USER_TIMEOUT:
		if (val < 0) {
			err = -EINVAL;
			break;
		}
		icsk->icsk_user_timeout = (u32)val;
		break;
	default:
		err = -ENOPROTOOPT;
	}
	SP_RET(err);
}

int tcp_getsockopt(sock *sk, int level, int optname, void *optval, unsigned *optlen)
{
	SP_FN("%s level=%d optname=%d", sk->name.c_str(), level, optname);
	if (level != SOL_TCP)
		SP_RET(sock_getsockopt(sk, optname, optval, optlen));
	tcp_sock *tp = tcp_sk(sk);
	if (optname == TCP_CONGESTION) {
		const std::string &n = inet_csk(sk)->icsk_ca_name;
		unsigned len = std::min<unsigned>(*optlen, 16);
		std::memset(optval, 0, len);
		std::memcpy(optval, n.c_str(), std::min<size_t>(len, n.size()));
		*optlen = len;
		SP_RET(0);
	}
	int val;
	switch (optname) {
	case TCP_NODELAY:
		val = !!(tp->nonagle & TCP_NAGLE_OFF);
		break;
	case TCP_CORK:
		val = !!(tp->nonagle & TCP_NAGLE_CORK);
		break;
	case TCP_MAXSEG:
		val = (int)tp->mss_cache;
		if (tp->rx_opt_user_mss &&
		    (TCPF_STATE(sk->sk_state) & (TCPF_STATE(TCP_CLOSE) | TCPF_STATE(TCP_LISTEN))))
			val = (int)tp->rx_opt_user_mss;
		break;
	case TCP_NOTSENT_LOWAT:
		val = (int)tp->notsent_lowat;
		break;
	case TCP_USER_TIMEOUT:
		val = (int)inet_csk(sk)->icsk_user_timeout;
		break;
	default:
		SP_RET(-ENOPROTOOPT);
	}
	if (*optlen < sizeof(int))
		SP_RET(-EINVAL);
	std::memcpy(optval, &val, sizeof val);
	*optlen = sizeof val;
	SP_RET(0);
}

// ---------------------------------------------------------------- receive (minimal)
static bool rcv_ready(sock *sk)
{
	return !sk->sk_receive_queue.empty() || sk->sk_err || (sk->sk_shutdown & RCV_SHUTDOWN) ||
	       sk->sk_state == TCP_CLOSE;
}

int tcp_recvmsg(sock *sk, msghdr *msg, size_t len, int flags)
{
	SP_FN("%s len=%zu flags=%#x", sk->name.c_str(), len, flags);
	if (flags & MSG_ERRQUEUE)
		SP_RET(inet_recv_error(sk, msg, (int)len, &msg->msg_control));
	tcp_sock *tp = tcp_sk(sk);
	if (sk->sk_state == TCP_LISTEN)
		SP_RET(-ENOTCONN);
	long timeo = (flags & MSG_DONTWAIT) ? 0 : MAX_SCHEDULE_TIMEOUT;
	int copied = 0;
	while ((size_t)copied < len) {
		if (sk->sk_receive_queue.empty()) {
			if (copied)
				break;
			if (sk->sk_err) {
				int e = -(int)sk->sk_err;
				sk->sk_err = 0;
				SP_RET(e);
			}
			if ((sk->sk_shutdown & RCV_SHUTDOWN) || sk->sk_state == TCP_CLOSE)
				break;
			if (!timeo)
				SP_RET(-EAGAIN);
			int r = sk_wait_event(sk, &timeo, "tcp_recvmsg", rcv_ready);
			if (r < 0)
				SP_RET(-EINTR);
			continue;
		}
		sk_buff *skb = sk->sk_receive_queue.front();
		u32 offset = tp->copied_seq - TCP_SKB_CB(skb)->seq;
		std::string bytes = skb_bytes(skb);
		if (offset >= bytes.size()) {
			sk->sk_receive_queue.pop_front();
			kfree_skb(skb);
			continue;
		}
		size_t n = std::min(len - copied, bytes.size() - offset);
		size_t done = copy_to_iter(bytes.data() + offset, n, &msg->msg_iter);
		if (!done)
			SP_RET(copied ? copied : -EFAULT);
		tp->copied_seq += (u32)done;
		copied += (int)done;
		if (offset + done >= bytes.size()) {
			sk->sk_receive_queue.pop_front();
			kfree_skb(skb);
		}
	}
	// Model: tcp_cleanup_rbuf()'s window-update ACK is left to the receive-path model.
	SP_LINE("tcp_recvmsg:copied", copied, "copied %d bytes, copied_seq=%u", copied,
		(unsigned)tp->copied_seq);
	SP_RET(copied);
}

// ---------------------------------------------------------------- shutdown / close
// tcp_close_state(): the state after our FIN, and whether to send one.
static bool tcp_close_state(sock *sk)
{
	int next;
	switch (sk->sk_state) {
	case TCP_ESTABLISHED:
		next = TCP_FIN_WAIT1;
		break;
	case TCP_SYN_RECV:
		next = TCP_FIN_WAIT1;
		break;
	case TCP_CLOSE_WAIT:
		next = TCP_LAST_ACK;
		break;
	case TCP_SYN_SENT:
		tcp_set_state(sk, TCP_CLOSE);
		return false;
	default:
		return false;
	}
	SP_LINE("tcp_close_state:next", next, "%s -> %s: send FIN", tcp_state_name(sk->sk_state),
		tcp_state_name(next));
	tcp_set_state(sk, next);
	return true;
}

void tcp_shutdown(sock *sk, int how)
{
	SP_FN("%s how=%d", sk->name.c_str(), how);
	if (!(how & SEND_SHUTDOWN))
		return;
	if (TCPF_STATE(sk->sk_state) & (TCPF_STATE(TCP_ESTABLISHED) | TCPF_STATE(TCP_SYN_SENT) |
					TCPF_STATE(TCP_SYN_RECV) | TCPF_STATE(TCP_CLOSE_WAIT))) {
		if (tcp_close_state(sk))
			tcp_send_fin(sk);
	}
}

void tcp_close(sock *sk, long timeout)
{
	SP_FN("%s state=%s", sk->name.c_str(), tcp_state_name(sk->sk_state));
	sk->sk_shutdown = RCV_SHUTDOWN | SEND_SHUTDOWN;
	if (sk->sk_state == TCP_LISTEN) {
		tcp_set_state(sk, TCP_CLOSE);
		return;
	}
	u32 data_was_unread = 0;
	while (!sk->sk_receive_queue.empty()) {
		sk_buff *skb = sk->sk_receive_queue.front();
		sk->sk_receive_queue.pop_front();
		data_was_unread += skb->len;
		kfree_skb(skb);
	}
	if (sk->sk_state == TCP_CLOSE)
		return;
	if (data_was_unread) {
		// Unread data: abort with RST (RFC 2525 2.17).
		SP_LINE("__tcp_close:unread", data_was_unread, "%u unread bytes: RST instead of FIN",
			data_was_unread);
		tcp_set_state(sk, TCP_CLOSE);
		tcp_send_active_reset(sk);
	} else if (tcp_close_state(sk)) {
		tcp_send_fin(sk);
	}
	(void)timeout;
}
