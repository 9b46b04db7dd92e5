// SPDX-License-Identifier: GPL-2.0-or-later
// net/ipv4/tcp_output.c: the sender. tcp_write_xmit() and its gates (pacing, cwnd, receive window,
// Nagle, TSO deferral, split point, TSQ), __tcp_transmit_skb() building the TCP header into the
// skb's bytes, window selection, MSS, SYN/ACK/FIN/probe/retransmit builders, TLP, TSQ tasklet.
// Order of checks follows Linux 6.15/6.16 (notes 002/004); the only 6.15 -> 6.16 change in this
// file is tcp_small_queue_check() (TSQ cap for paced flows, 1 MiB -> 4 MiB default).
#include <cstring>

#include "linux/net_tstamp.h"
#include "net/checksum.h"
#include "net/ip.h"
#include "net/ipv4/tcp_priv.h"
#include "net/socket_api.h"
#include "sim/world.h"

using namespace sp;

// ---------------------------------------------------------------- small helpers

static void skb_set_tcp_gso(sk_buff *skb, unsigned segs, unsigned size)
{
	skb_shinfo(skb)->gso_segs = (u16)segs;
	skb_shinfo(skb)->gso_size = (u16)size;
}

// skb_split(): move everything after byte `len` of skb into buff (skb_split_inside_header /
// skb_split_no_header in net/core/skbuff.c).
static void skb_split(sk_buff *skb, sk_buff *buff, u32 len)
{
	u32 pos = skb_headlen(skb);
	skb_shared_info *sh = skb_shinfo(skb), *bsh = skb_shinfo(buff);
	if (len < pos) {
		// Split inside the linear part: the tail of the head and all frags move to buff.
		u32 n = pos - len;
		u32 at = skb_put(buff, n);
		buff->write(at, skb->head() + skb->data + len, n);
		for (unsigned i = 0; i < sh->nr_frags; i++) {
			bsh->frags[i].netmem = sh->frags[i].netmem;
			bsh->frags[i].offset = sh->frags[i].offset;
			bsh->frags[i].len = sh->frags[i].len;
		}
		bsh->nr_frags = sh->nr_frags;
		sh->nr_frags = 0;
		buff->data_len = skb->data_len;
		buff->len += skb->data_len;
		skb->data_len = 0;
		skb->len = len;
		skb->tail = skb->data + len;
		return;
	}
	// Split inside the frags.
	u32 blen = skb->len - len;
	buff->len += blen;
	buff->data_len += blen;
	skb->len = len;
	skb->data_len = len - pos;
	unsigned k = 0, nr = sh->nr_frags, keep = 0;
	for (unsigned i = 0; i < nr; i++) {
		u32 size = sh->frags[i].len;
		if (pos + size > len) {
			bsh->frags[k].netmem = sh->frags[i].netmem;
			bsh->frags[k].offset = sh->frags[i].offset;
			bsh->frags[k].len = sh->frags[i].len;
			if (pos < len) {
				// Split the frag: both skbs hold a reference on the page.
				get_page(sh->frags[i].netmem);
				bsh->frags[k].offset = sh->frags[i].offset + (len - pos);
				bsh->frags[k].len = size - (len - pos);
				sh->frags[i].len = len - pos;
				keep++;
			} else {
				sh->frags[i].netmem = nullptr;
				sh->frags[i].len = 0;
				sh->frags[i].offset = 0;
			}
			k++;
		} else {
			keep++;
		}
		pos += size;
	}
	sh->nr_frags = (u8)keep;
	bsh->nr_frags = (u8)k;
	buff->unreadable = skb->unreadable;
}

static sk_buff *write_queue_next(sock *sk, sk_buff *skb)
{
	auto &q = sk->sk_write_queue;
	for (size_t i = 0; i + 1 < q.size(); i++)
		if (q[i] == skb)
			return q[i + 1];
	return nullptr;
}

static void tcp_insert_write_queue_after(sk_buff *skb, sk_buff *buff, sock *sk, int tcp_queue)
{
	if (tcp_queue == TCP_FRAG_IN_WRITE_QUEUE) {
		auto &q = sk->sk_write_queue;
		for (auto it = q.begin(); it != q.end(); ++it)
			if (*it == skb) {
				q.insert(it + 1, buff);
				return;
			}
		q.push_back(buff);
	} else {
		auto &q = sk->tcp_rtx_queue;
		for (auto it = q.begin(); it != q.end(); ++it)
			if (*it == skb) {
				q.insert(std::next(it), buff);
				return;
			}
		q.push_back(buff);
	}
}

// skb_still_in_host_queue(): the clone sent last time is still in the qdisc or NIC ring.
// Model: the kernel tests skb_fclone_busy(); here a live clone shows as a shared head (dataref>1).
bool skb_still_in_host_queue(sock *sk, const sk_buff *skb)
{
	if (skb_shinfo(skb)->dataref > 1) {
		SP_LINE("skb_still_in_host_queue:busy", skb_shinfo(skb)->dataref,
			"%s: its previous clone is still in qdisc/driver (dataref=%d)", skb->name.c_str(),
			(int)skb_shinfo(skb)->dataref);
		tcp_sk(sk)->tsq_flags |= TSQF_THROTTLED;
		return true;
	}
	return false;
}

void tcp_init_nondata_skb(sk_buff *skb, u32 seq, u8 flags)
{
	skb->ip_summed = CHECKSUM_PARTIAL;
	TCP_SKB_CB(skb)->tcp_flags = flags;
	skb_set_tcp_gso(skb, 1, 0);
	TCP_SKB_CB(skb)->seq = seq;
	if (flags & (TCPHDR_SYN | TCPHDR_FIN))
		seq++;
	TCP_SKB_CB(skb)->end_seq = seq;
}

// ---------------------------------------------------------------- chrono, cwnd restart

static void tcp_chrono_set(tcp_sock *tp, u8 nw)
{
	tp->chrono_start = tcp_jiffies32();
	tp->chrono_type = nw;
}

void tcp_chrono_start(sock *sk, int type)
{
	tcp_sock *tp = tcp_sk(sk);
	// The highest-priority condition wins.
	if (type > tp->chrono_type)
		tcp_chrono_set(tp, (u8)type);
}

void tcp_chrono_stop(sock *sk, int type)
{
	tcp_sock *tp = tcp_sk(sk);
	if (tcp_rtx_and_write_queues_empty(sk))
		tcp_chrono_set(tp, TCP_CHRONO_UNSPEC);
	else if (type == tp->chrono_type)
		tcp_chrono_set(tp, TCP_CHRONO_BUSY);
}

static u32 tcp_current_ssthresh(sock *sk)
{
	tcp_sock *tp = tcp_sk(sk);
	if (tcp_in_cwnd_reduction(sk))
		return tp->snd_ssthresh;
	return std::max<u32>(tp->snd_ssthresh, (tp->snd_cwnd >> 1) + (tp->snd_cwnd >> 2));
}

// tcp_cwnd_restart(): RFC 2861, halve cwnd for every RTO of idleness down to the initial window.
void tcp_cwnd_restart(sock *sk, s32 delta)
{
	SP_FN("%s idle=%d jiffies", sk->name.c_str(), delta);
	tcp_sock *tp = tcp_sk(sk);
	u32 restart_cwnd = TCP_INIT_CWND;
	u32 cwnd = tp->snd_cwnd;
	tp->snd_ssthresh = tcp_current_ssthresh(sk);
	restart_cwnd = std::min(restart_cwnd, cwnd);
	while ((delta -= (s32)inet_csk(sk)->icsk_rto) > 0 && cwnd > restart_cwnd)
		cwnd >>= 1;
	tcp_snd_cwnd_set(tp, std::max(cwnd, restart_cwnd));
	SP_LINE("tcp_cwnd_restart:cwnd", tp->snd_cwnd, "after idle: cwnd=%u ssthresh=%u",
		(unsigned)tp->snd_cwnd, (unsigned)tp->snd_ssthresh);
	tp->snd_cwnd_stamp = tcp_jiffies32();
	tp->snd_cwnd_used = 0;
}

// ---------------------------------------------------------------- MSS

int tcp_mtu_to_mss(sock *sk, int pmtu)
{
	tcp_sock *tp = tcp_sk(sk);
	inet_connection_sock *icsk = inet_csk(sk);
	// Base mss without TCP options: MMS_S - sizeof(tcphdr) (RFC 1122)
	int mss_now = pmtu - (int)IP4_HDR_LEN - (int)TCP_HDR_LEN;
	u32 clamp = tp->rx_opt_mss_clamp ? (u32)tp->rx_opt_mss_clamp : TCP_MSS_DEFAULT;
	if (mss_now > (int)clamp)
		mss_now = (int)clamp;
	mss_now -= icsk->icsk_ext_hdr_len;
	mss_now = std::max(mss_now, (int)TCP_MIN_SND_MSS);
	// Subtract the TCP options always present (timestamps), not SACK blocks.
	u32 hl = tp->tcp_header_len ? (u32)tp->tcp_header_len : TCP_HDR_LEN;
	return mss_now - (int)(hl - TCP_HDR_LEN);
}

int tcp_mss_to_mtu(sock *sk, int mss)
{
	tcp_sock *tp = tcp_sk(sk);
	u32 hl = tp->tcp_header_len ? (u32)tp->tcp_header_len : TCP_HDR_LEN;
	return mss + (int)hl + inet_csk(sk)->icsk_ext_hdr_len + (int)IP4_HDR_LEN;
}

unsigned tcp_sync_mss(sock *sk, u32 pmtu)
{
	SP_FN("%s pmtu=%u", sk->name.c_str(), pmtu);
	tcp_sock *tp = tcp_sk(sk);
	int mss_now = tcp_mtu_to_mss(sk, (int)pmtu);
	mss_now = tcp_bound_to_half_wnd(tp, mss_now);
	inet_csk(sk)->icsk_pmtu_cookie = pmtu;
	tp->mss_cache = (u32)mss_now;
	SP_LINE("tcp_sync_mss:mss_cache", mss_now,
		"pmtu %u - 20 (IP) - 20 (TCP), clamp %u, - %u option bytes -> mss_cache=%d", pmtu,
		(unsigned)tp->rx_opt_mss_clamp, (unsigned)(tp->tcp_header_len - TCP_HDR_LEN), mss_now);
	SP_RET((unsigned)mss_now);
}

// ---------------------------------------------------------------- options

enum : u16 {
	OPTION_SACK_ADVERTISE = 1 << 0,
	OPTION_TS = 1 << 1,
	OPTION_MSS = 1 << 2,
	OPTION_WSCALE = 1 << 3,
	OPTION_FAST_OPEN_COOKIE = 1 << 8
};
struct tcp_out_options {
	u16 options = 0;
	u8 ws = 0, num_sack_blocks = 0;
	u16 mss = 0;
	u32 tsval = 0, tsecr = 0;
	const tcp_fastopen_cookie *fastopen_cookie = nullptr;
};

static unsigned tcp_syn_options(sock *sk, sk_buff *skb, tcp_out_options *opts)
{
	tcp_sock *tp = tcp_sk(sk);
	unsigned remaining = 40;
	// tcp_advertise_mss(): advmss, lowered to the route's advmss metric.
	opts->mss = (u16)tp->advmss;
	remaining -= TCPOLEN_MSS;
	if (sysctl().tcp_timestamps) {
		opts->options |= OPTION_TS;
		opts->tsval = tcp_skb_timestamp_ts(skb) + tp->tsoffset;
		opts->tsecr = tp->rx_opt_ts_recent;
		remaining -= TCPOLEN_TSTAMP_ALIGNED;
	}
	if (sysctl().tcp_window_scaling) {
		opts->ws = tp->rx_opt_rcv_wscale;
		opts->options |= OPTION_WSCALE;
		remaining -= TCPOLEN_WSCALE_ALIGNED;
	}
	if (sysctl().tcp_sack) {
		opts->options |= OPTION_SACK_ADVERTISE;
		if (!(opts->options & OPTION_TS))
			remaining -= TCPOLEN_SACKPERM_ALIGNED; // else it shares the TS option's NOPs
	}
	// Fast Open: a cookie (len > 0) or a cookie request (len 0); -1 leaves the option out.
	if (tp->fastopen_req && tp->fo.cookie.len >= 0) {
		const tcp_fastopen_cookie &c = tp->fo.cookie;
		u32 need = (u32)c.len + (c.exp ? TCPOLEN_EXP_FASTOPEN_BASE : TCPOLEN_FASTOPEN_BASE);
		need = (need + 3) & ~3U; // align to 32 bits
		bool fits = remaining >= need;
		SP_LINE("tcp_syn_options:fastopen", c.len, "Fast Open option: %s, %u bytes%s",
			c.len ? "cookie" : "cookie request", need, fits ? "" : ": no room left, left out");
		if (fits) {
			opts->options |= OPTION_FAST_OPEN_COOKIE;
			opts->fastopen_cookie = &c;
			remaining -= need;
			tp->syn_fastopen = 1;
			tp->syn_fastopen_exp = c.exp ? 1 : 0;
		}
	}
	opts->options |= OPTION_MSS;
	return 40 - remaining;
}

// SYN-ACK options of a passive open (tcp_synack_options), from what the peer's SYN offered.
static unsigned tcp_synack_options(sock *sk, sk_buff *skb, tcp_out_options *opts)
{
	tcp_sock *tp = tcp_sk(sk);
	unsigned size = TCPOLEN_MSS;
	opts->mss = (u16)tp->advmss;
	opts->options |= OPTION_MSS;
	if (tp->rx_opt_wscale_ok) {
		opts->ws = tp->rx_opt_rcv_wscale;
		opts->options |= OPTION_WSCALE;
		size += TCPOLEN_WSCALE_ALIGNED;
	}
	if (tp->rx_opt_tstamp_ok) {
		opts->options |= OPTION_TS;
		opts->tsval = tcp_skb_timestamp_ts(skb) + tp->tsoffset;
		opts->tsecr = tp->rx_opt_ts_recent;
		size += TCPOLEN_TSTAMP_ALIGNED;
	}
	if (tp->rx_opt_sack_ok) {
		opts->options |= OPTION_SACK_ADVERTISE;
		if (!tp->rx_opt_tstamp_ok)
			size += TCPOLEN_SACKPERM_ALIGNED;
	}
	return size;
}

// tcp_established_options(). skb may be null (tcp_current_mss asks for the size only).
// Model: the host never holds out-of-order data, so it sends no SACK blocks.
static unsigned tcp_established_options(sock *sk, sk_buff *skb, tcp_out_options *opts)
{
	tcp_sock *tp = tcp_sk(sk);
	unsigned size = 0;
	if (tp->rx_opt_tstamp_ok) {
		opts->options |= OPTION_TS;
		opts->tsval = skb ? tcp_skb_timestamp_ts(skb) + tp->tsoffset : 0;
		opts->tsecr = tp->rx_opt_ts_recent;
		size += TCPOLEN_TSTAMP_ALIGNED;
	}
	return size;
}

// tcp_options_write(): Linux's order: MSS, [SACK_PERM|NOP NOP] TS, NOP NOP SACK_PERM, NOP WS.
static unsigned tcp_options_write(u8 *ptr, const tcp_out_options *opts)
{
	u8 *p = ptr;
	u16 options = opts->options;
	if (options & OPTION_MSS) {
		put_be32(p, ((u32)TCPOPT_MSS << 24) | ((u32)TCPOLEN_MSS << 16) | opts->mss);
		p += 4;
	}
	if (options & OPTION_TS) {
		if (options & OPTION_SACK_ADVERTISE) {
			put_be32(p, ((u32)TCPOPT_SACK_PERM << 24) | ((u32)TCPOLEN_SACK_PERM << 16) |
					((u32)TCPOPT_TIMESTAMP << 8) | TCPOLEN_TIMESTAMP);
			options &= ~OPTION_SACK_ADVERTISE;
		} else {
			put_be32(p, ((u32)TCPOPT_NOP << 24) | ((u32)TCPOPT_NOP << 16) |
					((u32)TCPOPT_TIMESTAMP << 8) | TCPOLEN_TIMESTAMP);
		}
		put_be32(p + 4, opts->tsval);
		put_be32(p + 8, opts->tsecr);
		p += 12;
	}
	if (options & OPTION_SACK_ADVERTISE) {
		put_be32(p, ((u32)TCPOPT_NOP << 24) | ((u32)TCPOPT_NOP << 16) | ((u32)TCPOPT_SACK_PERM << 8) |
				TCPOLEN_SACK_PERM);
		p += 4;
	}
	if (options & OPTION_WSCALE) {
		put_be32(p, ((u32)TCPOPT_NOP << 24) | ((u32)TCPOPT_WINDOW << 16) |
				((u32)TCPOLEN_WINDOW << 8) | opts->ws);
		p += 4;
	}
	if (options & OPTION_FAST_OPEN_COOKIE) {
		const tcp_fastopen_cookie *foc = opts->fastopen_cookie;
		u8 *q = p;
		u32 len; // Fast Open option length
		if (foc->exp) {
			len = TCPOLEN_EXP_FASTOPEN_BASE + (u32)foc->len;
			put_be32(q, ((u32)TCPOPT_EXP << 24) | (len << 16) | TCPOPT_FASTOPEN_MAGIC);
			q += TCPOLEN_EXP_FASTOPEN_BASE;
		} else {
			len = TCPOLEN_FASTOPEN_BASE + (u32)foc->len;
			*q++ = TCPOPT_FASTOPEN;
			*q++ = (u8)len;
		}
		std::memcpy(q, foc->val, (size_t)foc->len);
		if ((len & 3) == 2) {
			q[foc->len] = TCPOPT_NOP;
			q[foc->len + 1] = TCPOPT_NOP;
		}
		p += ((len + 3) >> 2) * 4;
	}
	return (unsigned)(p - ptr);
}

unsigned tcp_current_mss(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	u32 mss_now = tp->mss_cache;
	if (sk->sk_dst_cache) {
		u32 mtu = sk->sk_dst_cache->mtu;
		if (mtu != inet_csk(sk)->icsk_pmtu_cookie)
			mss_now = tcp_sync_mss(sk, mtu);
	}
	tcp_out_options opts;
	unsigned header_len = tcp_established_options(sk, nullptr, &opts) + TCP_HDR_LEN;
	// mss_cache assumes tcp_header_len; odd packets (SACK blocks) adjust it.
	if (header_len != tp->tcp_header_len) {
		int delta = (int)header_len - (int)tp->tcp_header_len;
		mss_now -= delta;
	}
	SP_RET((unsigned)mss_now);
}

// ---------------------------------------------------------------- windows

void tcp_select_initial_window(const sock *sk, int __space, u32 mss, u32 *rcv_wnd, u32 *window_clamp,
			       int wscale_ok, u8 *rcv_wscale, u32 init_rcv_wnd)
{
	SP_FN("space=%d mss=%u wscale_ok=%d", __space, mss, wscale_ok);
	unsigned space = __space < 0 ? 0 : (unsigned)__space;
	u32 clamp = *window_clamp;
	// No clamp: the largest scaled window.
	if (clamp == 0)
		clamp = 65535u << TCP_MAX_WSCALE;
	space = std::min(clamp, space);
	// Quantize the offer to a multiple of mss.
	if (space > mss)
		space = space / mss * mss;
	if (sysctl().tcp_workaround_signed_windows)
		*rcv_wnd = std::min<u32>(space, 32767);
	else
		*rcv_wnd = space;
	if (init_rcv_wnd)
		*rcv_wnd = std::min(*rcv_wnd, init_rcv_wnd * mss);
	*rcv_wscale = 0;
	if (wscale_ok) {
		// Scale for the largest window the receive buffer may grow to (tcp_rmem[2]).
		space = std::max<u32>(space, (u32)sysctl().tcp_rmem[2]);
		space = std::max<u32>(space, (u32)sysctl().rmem_max);
		space = std::min(space, clamp);
		int ilog = 31 - __builtin_clz(space);
		*rcv_wscale = (u8)std::clamp(ilog - 15, 0, (int)TCP_MAX_WSCALE);
		SP_LINE("tcp_select_initial_window:wscale", *rcv_wscale,
			"tcp_rmem[2]=%d: ilog2(%u)=%d - 15 -> rcv_wscale=%u", sysctl().tcp_rmem[2], space,
			ilog, (unsigned)*rcv_wscale);
	}
	*window_clamp = std::min<u32>(65535u << *rcv_wscale, clamp);
	SP_LINE("tcp_select_initial_window:rcv_wnd", *rcv_wnd, "rcv_wnd=%u window_clamp=%u", *rcv_wnd,
		*window_clamp);
}

u32 __tcp_select_window(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	int mss = (int)tp->rcv_mss;
	if (mss <= 0)
		mss = TCP_MSS_DEFAULT; // Model: a socket that never ran tcp_initialize_rcv_mss()
	int free_space = tcp_space(sk);
	int allowed_space = tcp_full_space(sk);
	int full_space = std::min<int>((int)tp->window_clamp, allowed_space);
	int window;
	u32 ws = tp->rx_opt_rcv_wscale;

	if (mss > full_space) {
		mss = full_space;
		if (mss <= 0)
			SP_RET(0u);
	}
	if (free_space < (full_space >> 1)) {
		inet_csk(sk)->icsk_ack_quick = 0;
		free_space = free_space & ~((1 << ws) - 1); // round_down to 1 << rcv_wscale
		// Less than an MSS or below 1/16 of the allowed space: announce a zero window.
		if (free_space < (allowed_space >> 4) || free_space < mss) {
			SP_LINE("__tcp_select_window:zero", free_space,
				"free_space=%d < max(allowed/16=%d, mss=%d) -> 0", free_space,
				allowed_space >> 4, mss);
			SP_RET(0u);
		}
	}
	if (free_space > (int)tp->rcv_ssthresh)
		free_space = (int)tp->rcv_ssthresh;
	if (ws) {
		// No MSS rounding with window scaling; make sure it is not scaled away.
		window = ALIGN(free_space, 1 << ws);
	} else {
		window = (int)tp->rcv_wnd;
		// Largest window that is a multiple of mss, unless within one mss of the free space.
		if (window <= free_space - mss || window > free_space)
			window = free_space / mss * mss;
		else if (mss == full_space && free_space > window + (full_space >> 1))
			window = free_space;
	}
	SP_LINE("__tcp_select_window:window", window, "free_space=%d rcv_ssthresh=%u wscale=%u -> %d",
		free_space, (unsigned)tp->rcv_ssthresh, ws, window);
	SP_RET((u32)window);
}

u16 tcp_select_window(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	u32 cur_win = tcp_receive_window(tp);
	u32 new_win = __tcp_select_window(sk);
	u32 ws = tp->rx_opt_rcv_wscale;
	if (new_win < cur_win) {
		// Never shrink the offered window (unless tcp_shrink_window allows it).
		if (!sysctl().tcp_shrink_window || !ws) {
			SP_LINE("tcp_select_window:no_shrink", cur_win, "new %u < offered %u: keep the offer",
				new_win, cur_win);
			new_win = ALIGN(cur_win, 1u << ws);
		}
	}
	tp->rcv_wnd = new_win;
	tp->rcv_wup = tp->rcv_nxt;
	if (!ws && sysctl().tcp_workaround_signed_windows)
		new_win = std::min<u32>(new_win, 32767);
	else
		new_win = std::min<u32>(new_win, 65535u << ws);
	new_win >>= ws; // RFC 1323 scaling
	SP_LINE("tcp_select_window:scaled", new_win, "rcv_wnd=%u >> rcv_wscale %u -> th->window=%u",
		(unsigned)tp->rcv_wnd, ws, new_win);
	SP_RET((u16)new_win);
}

// ---------------------------------------------------------------- transmit

void tcp_v4_send_check(sock *sk, sk_buff *skb);

// __tcp_transmit_skb(): clone, build the TCP header in front of the payload, checksum setup,
// hand to IP. Order as note 004 quotes it.
int __tcp_transmit_skb(sock *sk, sk_buff *skb, int clone_it, gfp_t gfp_mask, u32 rcv_nxt)
{
	SP_FN("%s %s seq=%u end_seq=%u clone_it=%d", sk->name.c_str(), skb->name.c_str(),
	      (unsigned)skb->cb.seq, (unsigned)skb->cb.end_seq, clone_it);
	tcp_sock *tp = tcp_sk(sk);
	inet_sock *inet = inet_sk(sk);
	sk_buff *oskb = nullptr;
	tcp_out_options opts;
	unsigned tcp_options_size, tcp_header_size;

	u64 prior_wstamp = tp->tcp_wstamp_ns;
	tp->tcp_wstamp_ns = std::max<u64>(tp->tcp_wstamp_ns, tp->tcp_clock_cache);
	skb->tstamp = tp->tcp_wstamp_ns; // skb_set_delivery_time(): earliest departure time
	if (clone_it) {
		oskb = skb;
		if (skb_cloned(oskb)) {
			SP_LINE("__tcp_transmit_skb:pskb_copy", 1, "%s still cloned -> pskb_copy",
				oskb->name.c_str());
			skb = skb_copy(oskb, gfp_mask);
		} else {
			skb = skb_clone(oskb, gfp_mask);
		}
		if (!skb)
			SP_RET(-ENOBUFS);
		skb->dev = nullptr;
	}
	tcp_skb_cb *tcb = TCP_SKB_CB(skb);

	if (tcb->tcp_flags & TCPHDR_SYN) {
		if (sk->sk_state == TCP_SYN_RECV)
			tcp_options_size = tcp_synack_options(sk, skb, &opts);
		else
			tcp_options_size = tcp_syn_options(sk, skb, &opts);
	} else {
		tcp_options_size = tcp_established_options(sk, skb, &opts);
		// Force PSH on GSO packets to expedite the GRO flush at the receiver.
		if (tcp_skb_pcount(skb) > 1) {
			tcb->tcp_flags |= TCPHDR_PSH;
			SP_LINE("__tcp_transmit_skb:gso_psh", tcp_skb_pcount(skb), "pcount=%u > 1: force PSH",
				tcp_skb_pcount(skb));
		}
	}
	tcp_header_size = tcp_options_size + TCP_HDR_LEN;
	SP_LINE("__tcp_transmit_skb:header_size", tcp_header_size, "TCP header %u bytes (20 + %u options)",
		tcp_header_size, tcp_options_size);

	// No packet of ours in qdisc/device: XPS may pick another queue.
	skb->ooo_okay = sk->sk_wmem_alloc < (int)SKB_TRUESIZE(1);

	skb_push(skb, tcp_header_size);
	skb_reset_transport_header(skb);
	skb_orphan(skb);
	skb->sk = sk;
	bool pure_ack =
	    skb->len == tcp_header_size && !(tcb->tcp_flags & (TCPHDR_SYN | TCPHDR_FIN | TCPHDR_RST));
	skb->destructor = pure_ack ? SkbDestructor::sock_wfree : SkbDestructor::tcp_wfree;
	sk->sk_wmem_alloc += (int)skb->truesize;
	SP_LINE("__tcp_transmit_skb:wmem_alloc", sk->sk_wmem_alloc,
		"sk_wmem_alloc += truesize %u -> %d (destructor %s)", (unsigned)skb->truesize,
		(int)sk->sk_wmem_alloc, pure_ack ? "__sock_wfree" : "tcp_wfree");

	// Build the TCP header (network byte order) in the skb's bytes.
	u8 th[60] = {};
	u16 sport = htons(inet->inet_sport), dport = sk->skc_dport;
	std::memcpy(th + 0, &sport, 2);
	std::memcpy(th + 2, &dport, 2);
	put_be32(th + 4, tcb->seq);
	put_be32(th + 8, rcv_nxt);
	u16 doff_flags = htons((u16)(((tcp_header_size >> 2) << 12) | tcb->tcp_flags));
	std::memcpy(th + 12, &doff_flags, 2);
	// th->check = 0, th->urg_ptr = 0 (urgent mode is not modelled)
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	u16 win;
	if (!(tcb->tcp_flags & TCPHDR_SYN)) {
		win = tcp_select_window(sk);
	} else {
		// RFC 1323: the window in SYN and SYN-ACK is never scaled.
		win = (u16)std::min<u32>(tp->rcv_wnd, 65535U);
		SP_LINE("__tcp_transmit_skb:syn_window", win,
			"SYN: unscaled window min(rcv_wnd %u, 65535) = %u", (unsigned)tp->rcv_wnd, win);
	}
	u16 nwin = htons(win);
	std::memcpy(th + 14, &nwin, 2);
	tcp_options_write(th + TCP_HDR_LEN, &opts);
	skb->write(skb->data, th, tcp_header_size);
	SP_LINE("__tcp_transmit_skb:header", tcb->tcp_flags,
		"sport=%u dport=%u seq=%u ack=%u doff=%u flags=0x%02x win=%u", inet->inet_sport, ntohs(dport),
		(unsigned)tcb->seq, rcv_nxt, tcp_header_size >> 2, (unsigned)tcb->tcp_flags, win);

	tcp_v4_send_check(sk, skb);

	if (tcb->tcp_flags & TCPHDR_ACK) {
		// tcp_event_ack_sent(): this ACK replaces a pending delayed ACK.
		if (rcv_nxt == tp->rcv_nxt && (inet_csk(sk)->icsk_ack_pending & ICSK_ACK_TIMER))
			inet_csk_clear_xmit_timer(sk, ICSK_TIME_DACK);
		else if (rcv_nxt == tp->rcv_nxt)
			inet_csk(sk)->icsk_ack_pending = 0;
	}
	if (skb->len != tcp_header_size) {
		// tcp_event_data_sent()
		tp->lsndtime = tcp_jiffies32();
		tp->data_segs_out += tcp_skb_pcount(skb);
		tp->bytes_sent += skb->len - tcp_header_size;
	}
	tp->segs_out += tcp_skb_pcount(skb);
	skb_shinfo(skb)->gso_segs = (u16)tcp_skb_pcount(skb);
	skb->protocol = ETH_P_IP;

	u64 sent_tstamp = skb->tstamp; // skb may be freed below IP (a software-GSO clone is consumed)
	int err = ip_queue_xmit(sk, skb, nullptr);
	SP_LINE("__tcp_transmit_skb:ip_queue_xmit", err, "ip_queue_xmit() = %d", err);
	if (err > 0) {
		// Local congestion: enter CWR. net_xmit_eval() turns NET_XMIT_CN into success and
		// keeps NET_XMIT_DROP positive (callers retry after TCP_RESOURCE_PROBE_INTERVAL).
		tcp_enter_cwr(sk);
		err = (err == NET_XMIT_CN) ? 0 : err;
	}
	if (!err && oskb) {
		// tcp_update_skb_after_send(): pacing advances the next departure time.
		if (sk->sk_pacing_status != SK_PACING_NONE) {
			u64 rate = sk->sk_pacing_rate;
			if (rate != ~0ull && rate && tp->data_segs_out >= 10) {
				u64 len_ns = (u64)oskb->len * NSEC_PER_SEC / rate;
				u64 credit = tp->tcp_wstamp_ns - prior_wstamp;
				len_ns -= std::min(len_ns / 2, credit);
				tp->tcp_wstamp_ns += len_ns;
				SP_LINE("__tcp_transmit_skb:pacing", len_ns,
					"pacing: next departure +%llu ns", (unsigned long long)len_ns);
			}
		}
		oskb->tstamp = sent_tstamp; // the original keeps the send time for RTT / RACK
	}
	SP_RET(err);
}

int tcp_transmit_skb(sock *sk, sk_buff *skb, int clone_it, gfp_t gfp_mask)
{
	SP_FN("%s clone_it=%d", skb->name.c_str(), clone_it);
	SP_RET(__tcp_transmit_skb(sk, skb, clone_it, gfp_mask, tcp_sk(sk)->rcv_nxt));
}

// ---------------------------------------------------------------- the gates of tcp_write_xmit

void tcp_set_skb_tso_segs(sk_buff *skb, unsigned mss_now)
{
	SP_FN("%s mss_now=%u", skb->name.c_str(), mss_now);
	if (skb->len <= mss_now) {
		skb_set_tcp_gso(skb, 1, 0);
	} else {
		unsigned segs = (skb->len + mss_now - 1) / mss_now;
		skb_set_tcp_gso(skb, segs, mss_now);
	}
}

int tcp_init_tso_segs(sk_buff *skb, unsigned mss_now)
{
	int tso_segs = (int)tcp_skb_pcount(skb);
	if (!tso_segs || (tso_segs > 1 && tcp_skb_mss(skb) != mss_now)) {
		tcp_set_skb_tso_segs(skb, mss_now);
		return (int)tcp_skb_pcount(skb);
	}
	return tso_segs;
}

u32 tcp_tso_autosize(const sock *sk, unsigned mss_now, int min_tso_segs)
{
	SP_FN("mss_now=%u min_tso_segs=%d", mss_now, min_tso_segs);
	const tcp_sock *tp = static_cast<const tcp_sock *>(sk);
	u64 bytes = (u64)sk->sk_pacing_rate >> sk->sk_pacing_shift;
	u32 r = tcp_min_rtt(tp) >> sysctl().tcp_tso_rtt_log;
	if (r < 32)
		bytes += sk->sk_gso_max_size >> r; // low-RTT flows get bigger TSO packets
	bytes = std::min<u64>(bytes, sk->sk_gso_max_size);
	u32 segs = std::max<u32>((u32)(bytes / mss_now), (u32)min_tso_segs);
	SP_LINE("tcp_tso_autosize:segs", segs,
		"pacing_rate>>%u + gso_max_size %u >> (min_rtt %u us >> %d = %u), capped -> %llu bytes / mss "
		"%u = %u segs",
		(unsigned)sk->sk_pacing_shift, (unsigned)sk->sk_gso_max_size, tcp_min_rtt(tp),
		sysctl().tcp_tso_rtt_log, r, (unsigned long long)bytes, mss_now, segs);
	SP_RET(segs);
}

u32 tcp_tso_segs(sock *sk, unsigned mss_now)
{
	SP_FN("%s mss_now=%u", sk->name.c_str(), mss_now);
	u32 min_tso = (u32)sysctl().tcp_min_tso_segs;
	u32 tso_segs = tcp_tso_autosize(sk, mss_now, (int)min_tso);
	SP_RET(std::min<u32>(tso_segs, sk->sk_gso_max_segs));
}

static void tcp_pace_kick(sock *sk);

bool tcp_pacing_check(sock *sk)
{
	SP_FN("%s", "sk");
	tcp_sock *tp = tcp_sk(sk);
	if (!tcp_needs_internal_pacing(sk))
		SP_RET(false);
	if (tp->tcp_wstamp_ns <= tp->tcp_clock_cache)
		SP_RET(false);
	SP_LINE("tcp_pacing_check:wait", (s64)(tp->tcp_wstamp_ns - tp->tcp_clock_cache),
		"internal pacing: next departure in %llu ns -> hrtimer",
		(unsigned long long)(tp->tcp_wstamp_ns - tp->tcp_clock_cache));
	// hrtimer_start(&tp->pacing_timer, tcp_wstamp_ns) unless already queued (TSQF_THROTTLED marks it
	// here).
	if (!(tp->tsq_flags & TSQF_QUEUED)) {
		tp->tsq_flags |= TSQF_QUEUED;
		sim().at(tp->tcp_wstamp_ns, "tcp_pace_kick", [sk]() { tcp_pace_kick(sk); });
	}
	SP_RET(true);
}

unsigned tcp_cwnd_test(const tcp_sock *tp)
{
	SP_FN("cwnd=%u", (unsigned)tp->snd_cwnd);
	u32 in_flight = tcp_packets_in_flight(tp);
	u32 cwnd = tp->snd_cwnd;
	if (in_flight >= cwnd) {
		SP_LINE("tcp_cwnd_test:full", 0, "in_flight=%u >= cwnd=%u -> quota 0", in_flight, cwnd);
		SP_RET(0);
	}
	// Keep at least 2 GSO packets in flight: at most half the cwnd per skb.
	u32 halfcwnd = std::max(cwnd >> 1, 1U);
	u32 q = std::min(halfcwnd, cwnd - in_flight);
	SP_LINE("tcp_cwnd_test:quota", q, "in_flight=%u cwnd=%u -> quota min(%u, %u) = %u", in_flight, cwnd,
		halfcwnd, cwnd - in_flight, q);
	SP_RET(q);
}

bool tcp_snd_wnd_test(const tcp_sock *tp, const sk_buff *skb, unsigned cur_mss)
{
	SP_FN("%s cur_mss=%u", skb->name.c_str(), cur_mss);
	u32 end_seq = skb->cb.end_seq;
	if (skb->len > cur_mss)
		end_seq = skb->cb.seq + cur_mss;
	bool ok = !after(end_seq, tcp_wnd_end(tp));
	SP_LINE("tcp_snd_wnd_test:wnd", ok,
		"first segment ends at %u, window ends at snd_una %u + snd_wnd %u = %u -> %s", end_seq,
		(unsigned)tp->snd_una, (unsigned)tp->snd_wnd, tcp_wnd_end(tp), ok ? "fits" : "rwnd-limited");
	SP_RET(ok);
}

bool tcp_minshall_check(const tcp_sock *tp)
{
	// An earlier small segment is still unacknowledged.
	return after(tp->snd_sml, tp->snd_una) && !after(tp->snd_sml, tp->snd_nxt);
}

void tcp_minshall_update(tcp_sock *tp, unsigned mss_now, const sk_buff *skb)
{
	SP_FN("%s mss_now=%u", skb->name.c_str(), mss_now);
	if (skb->len < tcp_skb_pcount(skb) * mss_now)
		tp->snd_sml = skb->cb.end_seq;
}

bool tcp_nagle_check(bool partial, const tcp_sock *tp, int nonagle)
{
	return partial &&
	       ((nonagle & TCP_NAGLE_CORK) || (!nonagle && tp->packets_out && tcp_minshall_check(tp)));
}

bool tcp_nagle_test(const tcp_sock *tp, const sk_buff *skb, unsigned cur_mss, int nonagle)
{
	SP_FN("%s cur_mss=%u nonagle=%d", skb->name.c_str(), cur_mss, nonagle);
	// Frames in the middle of the queue get TCP_NAGLE_PUSH from the caller.
	if (nonagle & TCP_NAGLE_PUSH) {
		SP_LINE("tcp_nagle_test:push", 1, "nonagle has TCP_NAGLE_PUSH -> send");
		SP_RET(true);
	}
	if (tcp_urg_mode(tp) || (skb->cb.tcp_flags & TCPHDR_FIN)) {
		SP_LINE("tcp_nagle_test:fin", 1, "FIN or urgent -> send");
		SP_RET(true);
	}
	bool partial = skb->len < cur_mss;
	if (!tcp_nagle_check(partial, tp, nonagle)) {
		SP_LINE("tcp_nagle_test:ok", 1,
			"len=%u mss=%u nonagle=%d packets_out=%u small-unacked=%d -> send",
			(unsigned)skb->len, cur_mss, nonagle, (unsigned)tp->packets_out,
			tcp_minshall_check(tp));
		SP_RET(true);
	}
	SP_LINE("tcp_nagle_test:hold", 0, "partial len=%u < mss=%u, %s -> hold (Nagle)", (unsigned)skb->len,
		cur_mss, (nonagle & TCP_NAGLE_CORK) ? "corked" : "a small segment is unacked (Minshall)");
	SP_RET(false);
}

bool tcp_tso_should_defer(sock *sk, sk_buff *skb, bool *is_cwnd_limited, bool *is_rwnd_limited, u32 max_segs)
{
	SP_FN("%s %s len=%u max_segs=%u", sk->name.c_str(), skb->name.c_str(), (unsigned)skb->len, max_segs);
	tcp_sock *tp = tcp_sk(sk);
	u32 send_win, cong_win, limit, in_flight;
	if (inet_csk(sk)->icsk_ca_state >= TCP_CA_Recovery) {
		SP_LINE("tcp_tso_should_defer:recovery", 0, "in recovery -> send now");
		SP_RET(false);
	}
	// Defer only if the last write was recent (1 ms): avoids bursts after idle.
	s64 delta = (s64)(tp->tcp_clock_cache - tp->tcp_wstamp_ns - NSEC_PER_MSEC);
	if (delta > 0) {
		SP_LINE("tcp_tso_should_defer:idle", delta, "last departure more than 1 ms ago -> send now");
		SP_RET(false);
	}
	in_flight = tcp_packets_in_flight(tp);
	send_win = tcp_wnd_end(tp) - skb->cb.seq;
	cong_win = (tp->snd_cwnd - in_flight) * tp->mss_cache;
	limit = std::min(send_win, cong_win);
	SP_LINE("tcp_tso_should_defer:limit", limit, "send_win=%u cong_win=(%u-%u)*%u=%u -> limit %u",
		send_win, (unsigned)tp->snd_cwnd, in_flight, (unsigned)tp->mss_cache, cong_win, limit);
	// A full-sized TSO skb can go.
	if (limit >= max_segs * tp->mss_cache) {
		SP_LINE("tcp_tso_should_defer:full", 1, "limit >= max_segs*mss=%u -> send now",
			max_segs * tp->mss_cache);
		SP_RET(false);
	}
	// Middle of the queue: will not get more data.
	if (skb != tcp_write_queue_tail(sk) && limit >= skb->len) {
		SP_LINE("tcp_tso_should_defer:middle", 1, "not the tail and it fits -> send now");
		SP_RET(false);
	}
	int win_divisor = sysctl().tcp_tso_win_divisor;
	if (win_divisor) {
		u32 chunk = std::min<u32>(tp->snd_wnd, tp->snd_cwnd * tp->mss_cache);
		chunk /= (u32)win_divisor;
		if (limit >= chunk) {
			SP_LINE("tcp_tso_should_defer:divisor", chunk,
				"limit %u >= window/%d = %u -> send now", limit, win_divisor, chunk);
			SP_RET(false);
		}
	} else {
		if (limit > 3 * tp->mss_cache) // tcp_max_tso_deferred_mss()
			SP_RET(false);
	}
	sk_buff *head = tcp_rtx_queue_head(sk);
	if (!head) {
		SP_LINE("tcp_tso_should_defer:no_ack_expected", 0, "nothing in flight -> send now");
		SP_RET(false);
	}
	// If the next ACK is likely to come too late (the head left less than srtt/2 ago), do not defer.
	s64 since_head = (s64)(tp->tcp_clock_cache - head->tstamp);
	u64 half_srtt = (u64)NSEC_PER_USEC * (tp->srtt_us >> 4);
	if (since_head - (s64)half_srtt < 0) {
		SP_LINE("tcp_tso_should_defer:ack_late", since_head,
			"head sent %lld ns ago < srtt/2 = %llu ns: the next ACK is far -> send now",
			(long long)since_head, (unsigned long long)half_srtt);
		SP_RET(false);
	}
	if (cong_win < send_win) {
		if (cong_win <= skb->len) {
			*is_cwnd_limited = true;
			SP_LINE("tcp_tso_should_defer:defer_cwnd", 1,
				"defer: cwnd-limited, an ACK is due soon");
			SP_RET(true);
		}
	} else {
		if (send_win <= skb->len) {
			*is_rwnd_limited = true;
			SP_LINE("tcp_tso_should_defer:defer_rwnd", 1,
				"defer: rwnd-limited, an ACK is due soon");
			SP_RET(true);
		}
	}
	if ((skb->cb.tcp_flags & TCPHDR_FIN) || skb->cb.eor) {
		SP_LINE("tcp_tso_should_defer:fin_eor", 0, "FIN/EOR: no more data will come -> send now");
		SP_RET(false);
	}
	SP_LINE("tcp_tso_should_defer:defer", 1, "defer: wait for more data or the next ACK");
	SP_RET(true);
}

unsigned tcp_mss_split_point(const sock *sk, const sk_buff *skb, unsigned mss_now, unsigned max_segs,
			     int nonagle)
{
	SP_FN("%s mss_now=%u max_segs=%u nonagle=%d", skb->name.c_str(), mss_now, max_segs, nonagle);
	const tcp_sock *tp = static_cast<const tcp_sock *>(sk);
	u32 window = tcp_wnd_end(tp) - skb->cb.seq;
	u32 max_len = mss_now * max_segs;
	bool is_tail = !sk->sk_write_queue.empty() && sk->sk_write_queue.back() == skb;
	if (max_len <= window && !is_tail) {
		SP_LINE("tcp_mss_split_point:max_len", max_len, "max_len=%u*%u=%u fits window %u -> %u",
			mss_now, max_segs, max_len, window, max_len);
		SP_RET(max_len);
	}
	u32 needed = std::min<u32>(skb->len, window);
	if (max_len <= needed) {
		SP_LINE("tcp_mss_split_point:max_len", max_len, "max_len=%u <= needed=%u -> %u", max_len,
			needed, max_len);
		SP_RET(max_len);
	}
	u32 partial = needed % mss_now;
	// Keep a trailing sub-MSS piece only if Nagle would let it go.
	if (tcp_nagle_check(partial != 0, tp, nonagle)) {
		SP_LINE("tcp_mss_split_point:nagle", needed - partial,
			"needed=%u partial=%u held by Nagle -> %u", needed, partial, needed - partial);
		SP_RET(needed - partial);
	}
	SP_LINE("tcp_mss_split_point:needed", needed, "needed=min(len %u, window %u)=%u", (unsigned)skb->len,
		window, needed);
	SP_RET(needed);
}

// tcp_small_queue_check(): TSQ. Limit the bytes of this socket sitting in qdisc/NIC.
bool tcp_small_queue_check(sock *sk, const sk_buff *skb, unsigned factor)
{
	SP_FN("%s %s factor=%u", sk->name.c_str(), skb->name.c_str(), factor);
	tcp_sock *tp = tcp_sk(sk);
	u64 by_size = 2ull * skb->truesize;
	u64 by_rate = (u64)sk->sk_pacing_rate >> sk->sk_pacing_shift;
	u64 limit = std::max(by_size, by_rate);
	u64 lob = (u64)sysctl().tcp_limit_output_bytes;
	SP_LINE("tcp_small_queue_check:limit", limit, "max(2*truesize=%llu, pacing_rate>>%u=%llu) = %llu",
		(unsigned long long)by_size, (unsigned)sk->sk_pacing_shift, (unsigned long long)by_rate,
		(unsigned long long)limit);
	if (sim().v616()) {
		// 6.16: every flow is capped by tcp_limit_output_bytes.
		limit = std::min(limit, lob);
		SP_LINE("tcp_small_queue_check:cap_616", limit,
			"6.16: min(limit, tcp_limit_output_bytes=%llu) = %llu", (unsigned long long)lob,
			(unsigned long long)limit);
	} else if (sk->sk_pacing_status == SK_PACING_NONE) {
		// 6.15: only flows that are not paced are capped.
		limit = std::min(limit, lob);
		SP_LINE("tcp_small_queue_check:cap_615", limit,
			"6.15, not paced: min(limit, tcp_limit_output_bytes=%llu) = %llu",
			(unsigned long long)lob, (unsigned long long)limit);
	} else {
		SP_LINE("tcp_small_queue_check:paced_615", limit,
			"6.15, paced flow: no tcp_limit_output_bytes cap");
	}
	limit <<= factor;
	if ((u64)(s64)sk->sk_wmem_alloc > limit) {
		// Always send if the rtx queue is empty or has one skb: no completion would call us back.
		if (sk->tcp_rtx_queue.size() <= 1) {
			SP_LINE("tcp_small_queue_check:single", 0,
				"sk_wmem_alloc=%d > %llu but rtx queue has <= 1 skb -> send",
				(int)sk->sk_wmem_alloc, (unsigned long long)limit);
			SP_RET(false);
		}
		tp->tsq_flags |= TSQF_THROTTLED;
		if ((u64)(s64)sk->sk_wmem_alloc > limit) {
			SP_LINE("tcp_small_queue_check:throttled", sk->sk_wmem_alloc,
				"sk_wmem_alloc=%d > limit %llu -> TSQ_THROTTLED, wait for tcp_wfree",
				(int)sk->sk_wmem_alloc, (unsigned long long)limit);
			SP_RET(true);
		}
	}
	SP_LINE("tcp_small_queue_check:ok", 0, "sk_wmem_alloc=%d <= limit %llu", (int)sk->sk_wmem_alloc,
		(unsigned long long)limit);
	SP_RET(false);
}

// tcp_grow_skb(): pull bytes from the next skb so this one fills its cwnd quota (skb_shift).
void tcp_grow_skb(sock *sk, sk_buff *skb, int amount)
{
	SP_FN("%s %s amount=%d", sk->name.c_str(), skb->name.c_str(), amount);
	if (tcp_skb_is_last(sk, skb)) {
		SP_LINE("tcp_grow_skb:last", 0, "%s is the last skb -> nothing to pull", skb->name.c_str());
		return;
	}
	sk_buff *next = write_queue_next(sk, skb);
	// tcp_skb_can_collapse(): no EOR, same zerocopy purity, same readability; skb_shift needs paged data.
	if (!next || skb->cb.eor || skb_zcopy_pure(skb) != skb_zcopy_pure(next) ||
	    skb->unreadable != next->unreadable || skb_headlen(next) || skb_headlen(skb) || skb_cloned(next))
		return;
	u32 nlen = std::min<u32>((u32)amount, next->len);
	if (!nlen)
		return;
	skb_shared_info *sh = skb_shinfo(skb), *nsh = skb_shinfo(next);
	// skb_shift(): move whole frags (or part of the first) from next to skb.
	u32 moved = 0;
	unsigned from = 0;
	while (moved < nlen && from < nsh->nr_frags) {
		skb_frag_t &f = nsh->frags[from];
		u32 take = std::min<u32>(f.len, nlen - moved);
		unsigned nr = sh->nr_frags;
		bool merge = nr && sh->frags[nr - 1].netmem == f.netmem &&
			     sh->frags[nr - 1].offset + sh->frags[nr - 1].len == f.offset;
		if (!merge && nr >= (unsigned)sysctl().sysctl_max_skb_frags)
			break;
		if (merge) {
			sh->frags[nr - 1].len += take;
			if (take == f.len)
				put_page(f.netmem); // the merged frag keeps one reference
		} else {
			sh->frags[nr].netmem = f.netmem;
			sh->frags[nr].offset = f.offset;
			sh->frags[nr].len = take;
			sh->nr_frags = (u8)(nr + 1);
			if (take < f.len)
				get_page(f.netmem);
		}
		if (take == f.len) {
			from++;
		} else {
			f.offset += take;
			f.len -= take;
		}
		moved += take;
	}
	if (!moved)
		return;
	// Compact next's frag array.
	unsigned n = nsh->nr_frags, k = 0;
	for (unsigned i = from; i < n; i++, k++) {
		nsh->frags[k].netmem = nsh->frags[i].netmem;
		nsh->frags[k].offset = nsh->frags[i].offset;
		nsh->frags[k].len = nsh->frags[i].len;
	}
	for (unsigned i = k; i < n; i++) {
		nsh->frags[i].netmem = nullptr;
		nsh->frags[i].offset = 0;
		nsh->frags[i].len = 0;
	}
	nsh->nr_frags = (u8)k;
	skb->len += moved;
	skb->data_len += moved;
	skb->truesize += moved;
	next->len -= moved;
	next->data_len -= moved;
	next->truesize -= moved;
	TCP_SKB_CB(skb)->end_seq += moved;
	TCP_SKB_CB(next)->seq += moved;
	SP_LINE("tcp_grow_skb:shift", moved, "moved %u bytes from %s into %s (len now %u)", moved,
		next->name.c_str(), skb->name.c_str(), (unsigned)skb->len);
	if (!next->len) {
		// In case FIN is set, take over its end_seq; then free the emptied skb.
		TCP_SKB_CB(skb)->end_seq = TCP_SKB_CB(next)->end_seq;
		TCP_SKB_CB(skb)->tcp_flags |= TCP_SKB_CB(next)->tcp_flags;
		auto &q = sk->sk_write_queue;
		for (auto it = q.begin(); it != q.end(); ++it)
			if (*it == next) {
				q.erase(it);
				break;
			}
		tcp_wmem_free_skb(sk, next);
	}
}

// tcp_fragment_tstamp(): a requested timestamp follows its byte (tskey) into the second part.
static void tcp_fragment_tstamp(sk_buff *skb, sk_buff *skb2)
{
	skb_shared_info *shinfo = skb_shinfo(skb);
	if (!tcp_has_tx_tstamp(skb) || before(shinfo->tskey, TCP_SKB_CB(skb2)->seq))
		return;
	skb_shared_info *shinfo2 = skb_shinfo(skb2);
	u8 tsflags = shinfo->tx_flags & SKBTX_ANY_TSTAMP;
	shinfo->tx_flags = shinfo->tx_flags & ~tsflags;
	shinfo2->tx_flags = shinfo2->tx_flags | tsflags;
	u32 k = shinfo->tskey;
	shinfo->tskey = shinfo2->tskey;
	shinfo2->tskey = k;
	TCP_SKB_CB(skb2)->txstamp_ack = TCP_SKB_CB(skb)->txstamp_ack;
	TCP_SKB_CB(skb)->txstamp_ack = 0;
	SP_LINE("tcp_fragment_tstamp:move", k, "timestamp request for byte %u moves to %s", k,
		skb2->name.c_str());
}

// tso_fragment(): split a paged write-queue skb at `len`; the rest becomes a new skb after it.
int tso_fragment(sock *sk, sk_buff *skb, unsigned len, unsigned mss_now, gfp_t gfp)
{
	SP_FN("%s %s len=%u at %u mss=%u", sk->name.c_str(), skb->name.c_str(), (unsigned)skb->len, len,
	      mss_now);
	int nlen = (int)skb->len - (int)len;
	sk_buff *buff = tcp_stream_alloc_skb(sk, gfp, true);
	if (!buff)
		SP_RET(-ENOMEM);
	sk_wmem_queued_add(sk, (int)buff->truesize);
	sk_mem_charge(sk, (int)buff->truesize);
	buff->truesize += nlen;
	skb->truesize -= nlen;
	TCP_SKB_CB(buff)->seq = TCP_SKB_CB(skb)->seq + len;
	TCP_SKB_CB(buff)->end_seq = TCP_SKB_CB(skb)->end_seq;
	TCP_SKB_CB(skb)->end_seq = TCP_SKB_CB(buff)->seq;
	// PSH and FIN belong to the second part only.
	u8 flags = TCP_SKB_CB(skb)->tcp_flags;
	TCP_SKB_CB(skb)->tcp_flags = flags & ~(TCPHDR_FIN | TCPHDR_PSH);
	TCP_SKB_CB(buff)->tcp_flags = flags;
	TCP_SKB_CB(buff)->eor = TCP_SKB_CB(skb)->eor; // tcp_skb_fragment_eor()
	TCP_SKB_CB(skb)->eor = 0;
	skb_split(skb, buff, len);
	buff->tstamp = skb->tstamp;
	tcp_fragment_tstamp(skb, buff);
	tcp_set_skb_tso_segs(skb, mss_now);
	tcp_set_skb_tso_segs(buff, mss_now);
	tcp_insert_write_queue_after(skb, buff, sk, TCP_FRAG_IN_WRITE_QUEUE);
	SP_LINE("tso_fragment:split", len, "%s keeps %u bytes (%u segs), %s gets %d bytes", skb->name.c_str(),
		len, tcp_skb_pcount(skb), buff->name.c_str(), nlen);
	SP_RET(0);
}

static void tcp_adjust_pcount(sock *sk, const sk_buff *skb, int decr)
{
	tcp_sock *tp = tcp_sk(sk);
	tp->packets_out -= decr;
	if (skb->cb.sacked & TCPCB_SACKED_ACKED)
		tp->sacked_out -= decr;
	if (skb->cb.sacked & TCPCB_SACKED_RETRANS)
		tp->retrans_out -= decr;
	if (skb->cb.sacked & TCPCB_LOST)
		tp->lost_out -= decr;
}

int tcp_fragment(sock *sk, int tcp_queue, sk_buff *skb, u32 len, unsigned mss_now, gfp_t gfp)
{
	SP_FN("%s %s queue=%s len=%u at %u", sk->name.c_str(), skb->name.c_str(),
	      tcp_queue == TCP_FRAG_IN_RTX_QUEUE ? "rtx" : "write", (unsigned)skb->len, len);
	tcp_sock *tp = tcp_sk(sk);
	if (len > skb->len)
		SP_RET(-EINVAL);
	skb_unclone(skb);
	sk_buff *buff = tcp_stream_alloc_skb(sk, gfp, true);
	if (!buff)
		SP_RET(-ENOMEM);
	sk_wmem_queued_add(sk, (int)buff->truesize);
	sk_mem_charge(sk, (int)buff->truesize);
	int nlen = (int)skb->len - (int)len;
	buff->truesize += nlen;
	skb->truesize -= nlen;
	TCP_SKB_CB(buff)->seq = TCP_SKB_CB(skb)->seq + len;
	TCP_SKB_CB(buff)->end_seq = TCP_SKB_CB(skb)->end_seq;
	TCP_SKB_CB(skb)->end_seq = TCP_SKB_CB(buff)->seq;
	u8 flags = TCP_SKB_CB(skb)->tcp_flags;
	TCP_SKB_CB(skb)->tcp_flags = flags & ~(TCPHDR_FIN | TCPHDR_PSH);
	TCP_SKB_CB(buff)->tcp_flags = flags;
	TCP_SKB_CB(buff)->sacked = TCP_SKB_CB(skb)->sacked;
	TCP_SKB_CB(buff)->eor = TCP_SKB_CB(skb)->eor;
	TCP_SKB_CB(skb)->eor = 0;
	skb_split(skb, buff, len);
	buff->tstamp = skb->tstamp;
	tcp_fragment_tstamp(skb, buff);
	int old_factor = (int)tcp_skb_pcount(skb);
	tcp_set_skb_tso_segs(skb, mss_now);
	tcp_set_skb_tso_segs(buff, mss_now);
	TCP_SKB_CB(buff)->delivered = TCP_SKB_CB(skb)->delivered;
	TCP_SKB_CB(buff)->delivered_mstamp = TCP_SKB_CB(skb)->delivered_mstamp;
	// Already sent: fix the packet counters.
	if (!before(tp->snd_nxt, TCP_SKB_CB(buff)->end_seq)) {
		int diff = old_factor - (int)tcp_skb_pcount(skb) - (int)tcp_skb_pcount(buff);
		if (diff)
			tcp_adjust_pcount(sk, skb, diff);
	}
	tcp_insert_write_queue_after(skb, buff, sk, tcp_queue);
	SP_LINE("tcp_fragment:split", len, "%s [%u,%u) + %s [%u,%u)", skb->name.c_str(),
		(unsigned)skb->cb.seq, (unsigned)skb->cb.end_seq, buff->name.c_str(), (unsigned)buff->cb.seq,
		(unsigned)buff->cb.end_seq);
	SP_RET(0);
}

// tcp_trim_head(): drop `len` acked bytes from the front of a (partially acked) skb.
int tcp_trim_head(sock *sk, sk_buff *skb, u32 len)
{
	SP_FN("%s %s len=%u", sk->name.c_str(), skb->name.c_str(), len);
	skb_unclone(skb);
	u32 eat = len;
	u32 hl = skb_headlen(skb);
	if (hl) {
		u32 h = std::min(hl, eat);
		skb->data += h;
		skb->len -= h;
		eat -= h;
	}
	if (eat) {
		skb_shared_info *sh = skb_shinfo(skb);
		unsigned k = 0, n = sh->nr_frags;
		for (unsigned i = 0; i < n; i++) {
			u32 size = sh->frags[i].len;
			if (size <= eat) {
				put_page(sh->frags[i].netmem);
				eat -= size;
			} else {
				sh->frags[k].netmem = sh->frags[i].netmem;
				sh->frags[k].offset = sh->frags[i].offset + eat;
				sh->frags[k].len = size - eat;
				eat = 0;
				k++;
			}
		}
		for (unsigned i = k; i < n; i++) {
			sh->frags[i].netmem = nullptr;
			sh->frags[i].len = 0;
			sh->frags[i].offset = 0;
		}
		sh->nr_frags = (u8)k;
		u32 paged = len - std::min(hl, len);
		skb->data_len -= paged;
		skb->len -= paged;
	}
	TCP_SKB_CB(skb)->seq += len;
	skb->truesize -= len;
	sk_wmem_queued_add(sk, -(int)len);
	sk_mem_uncharge(sk, (int)len);
	// Any change of skb->len requires recalculation of the tso factor.
	if (tcp_skb_pcount(skb) > 1)
		tcp_set_skb_tso_segs(skb, tcp_skb_mss(skb));
	SP_RET(0);
}

// ---------------------------------------------------------------- after sending

void tcp_event_new_data_sent(sock *sk, sk_buff *skb)
{
	SP_FN("%s %s end_seq=%u", sk->name.c_str(), skb->name.c_str(), (unsigned)skb->cb.end_seq);
	tcp_sock *tp = tcp_sk(sk);
	inet_connection_sock *icsk = inet_csk(sk);
	u32 prior_packets = tp->packets_out;
	tp->snd_nxt = TCP_SKB_CB(skb)->end_seq;
	// Move the skb from the write queue to the retransmit queue.
	auto &q = sk->sk_write_queue;
	for (auto it = q.begin(); it != q.end(); ++it)
		if (*it == skb) {
			q.erase(it);
			break;
		}
	sk->tcp_rtx_queue.push_back(skb);
	tp->packets_out += tcp_skb_pcount(skb);
	SP_LINE("tcp_event_new_data_sent:packets_out", tp->packets_out, "snd_nxt=%u packets_out %u -> %u",
		(unsigned)tp->snd_nxt, prior_packets, (unsigned)tp->packets_out);
	if (!prior_packets || icsk->icsk_pending == ICSK_TIME_LOSS_PROBE)
		tcp_rearm_rto(sk);
	tcp_check_space(sk);
}

static void tcp_cwnd_application_limited(sock *sk)
{
	tcp_sock *tp = tcp_sk(sk);
	if (inet_csk(sk)->icsk_ca_state == TCP_CA_Open && !(sk->sk_socket_flags & SOCK_NOSPACE)) {
		// Limited by the application or the receiver window: shrink cwnd towards what was used.
		u32 init_win = TCP_INIT_CWND;
		u32 win_used = std::max<u32>(tp->snd_cwnd_used, init_win);
		if (win_used < tp->snd_cwnd) {
			tp->snd_ssthresh = tcp_current_ssthresh(sk);
			tcp_snd_cwnd_set(tp, (tp->snd_cwnd + win_used) >> 1);
			SP_LINE("tcp_cwnd_application_limited:cwnd", tp->snd_cwnd,
				"application-limited: cwnd -> %u", (unsigned)tp->snd_cwnd);
		}
		tp->snd_cwnd_used = 0;
	}
	tp->snd_cwnd_stamp = tcp_jiffies32();
}

void tcp_cwnd_validate(sock *sk, bool is_cwnd_limited)
{
	SP_FN("%s is_cwnd_limited=%d", sk->name.c_str(), is_cwnd_limited);
	tcp_sock *tp = tcp_sk(sk);
	// Remember the strongest signal of cwnd use in the current window.
	if (!before(tp->snd_una, tp->cwnd_usage_seq) || is_cwnd_limited ||
	    (!tp->is_cwnd_limited && tp->packets_out > tp->max_packets_out)) {
		tp->is_cwnd_limited = is_cwnd_limited;
		tp->max_packets_out = tp->packets_out;
		tp->cwnd_usage_seq = tp->snd_nxt;
	}
	if (tcp_is_cwnd_limited(sk)) {
		// Network is fed fully.
		tp->snd_cwnd_used = 0;
		tp->snd_cwnd_stamp = tcp_jiffies32();
	} else {
		// Network starves.
		if (tp->packets_out > tp->snd_cwnd_used)
			tp->snd_cwnd_used = tp->packets_out;
		if (sysctl().tcp_slow_start_after_idle &&
		    (s32)(tcp_jiffies32() - tp->snd_cwnd_stamp) >= (s32)inet_csk(sk)->icsk_rto)
			tcp_cwnd_application_limited(sk);
		if (tcp_write_queue_empty(sk) && (sk->sk_socket_flags & SOCK_NOSPACE) &&
		    ((1u << sk->sk_state) & (TCPF_STATE(TCP_ESTABLISHED) | TCPF_STATE(TCP_CLOSE_WAIT))))
			tcp_chrono_start(sk, TCP_CHRONO_SNDBUF_LIMITED);
	}
}

s64 tcp_rto_delta_us(sock *sk)
{
	sk_buff *skb = tcp_rtx_queue_head(sk);
	if (!skb)
		return (s64)jiffies_to_usecs(inet_csk(sk)->icsk_rto);
	u64 rto_time_stamp_us = tcp_skb_timestamp_us(skb) + jiffies_to_usecs(inet_csk(sk)->icsk_rto);
	return (s64)(rto_time_stamp_us - tcp_sk(sk)->tcp_mstamp);
}

bool tcp_schedule_loss_probe(sock *sk, bool advancing_rto)
{
	SP_FN("%s advancing_rto=%d", sk->name.c_str(), advancing_rto);
	inet_connection_sock *icsk = inet_csk(sk);
	tcp_sock *tp = tcp_sk(sk);
	u32 timeout, timeout_us;
	int early_retrans = sysctl().tcp_early_retrans;
	// TLP only for SACK connections not in recovery, limited by cwnd or application.
	if ((early_retrans != 3 && early_retrans != 4) || !tp->packets_out || !tcp_is_sack(tp) ||
	    (icsk->icsk_ca_state != TCP_CA_Open && icsk->icsk_ca_state != TCP_CA_CWR)) {
		SP_LINE("tcp_schedule_loss_probe:no", 0, "packets_out=%u sack=%d ca_state=%s -> no TLP",
			(unsigned)tp->packets_out, (int)tp->rx_opt_sack_ok,
			tcp_ca_state_name(icsk->icsk_ca_state));
		SP_RET(false);
	}
	// PTO = 2*srtt (+ rto_min with a single packet out for a delayed ACK), or 1 s without RTT.
	if (tp->srtt_us) {
		timeout_us = tp->srtt_us >> 2;
		if (tp->packets_out == 1)
			timeout_us += tcp_rto_min_us();
		else
			timeout_us += TCP_TIMEOUT_MIN_US;
		timeout = usecs_to_jiffies(timeout_us);
	} else {
		timeout = TCP_TIMEOUT_INIT;
	}
	// If the RTO would fire earlier, use that time.
	s64 rto_delta_us = advancing_rto ? (s64)jiffies_to_usecs(icsk->icsk_rto) : tcp_rto_delta_us(sk);
	if (rto_delta_us > 0)
		timeout = std::min<u32>(timeout, usecs_to_jiffies((u64)rto_delta_us));
	SP_LINE("tcp_schedule_loss_probe:pto", timeout, "srtt=%u us packets_out=%u -> PTO %u jiffies",
		(unsigned)(tp->srtt_us >> 3), (unsigned)tp->packets_out, timeout);
	tcp_reset_xmit_timer(sk, ICSK_TIME_LOSS_PROBE, timeout, true);
	SP_RET(true);
}

// tcp_write_xmit(): the main sender loop. Order of the gates as note 002 quotes (6.12+ code).
bool tcp_write_xmit(sock *sk, unsigned mss_now, int nonagle, int push_one, gfp_t gfp)
{
	SP_FN("%s mss_now=%u nonagle=%d push_one=%d", sk->name.c_str(), mss_now, nonagle, push_one);
	tcp_sock *tp = tcp_sk(sk);
	sk_buff *skb;
	unsigned tso_segs, sent_pkts = 0;
	u32 cwnd_quota, max_segs;
	bool is_cwnd_limited = false, is_rwnd_limited = false;

	tcp_mstamp_refresh(tp);
	if (!push_one) {
		// Do MTU probing.
		int result = tcp_mtu_probe(sk);
		if (!result)
			SP_RET(false);
		else if (result > 0)
			sent_pkts = 1;
	}
	max_segs = tcp_tso_segs(sk, mss_now);
	while ((skb = tcp_send_head(sk))) {
		unsigned limit;
		int missing_bytes;
		SP_LINE("tcp_write_xmit:head", skb->cb.seq, "send head %s seq=%u len=%u", skb->name.c_str(),
			(unsigned)skb->cb.seq, (unsigned)skb->len);

		if (tcp_pacing_check(sk))
			break;

		cwnd_quota = tcp_cwnd_test(tp);
		if (!cwnd_quota) {
			if (push_one == 2) {
				SP_LINE("tcp_write_xmit:loss_probe", 1,
					"cwnd full but this is a loss probe -> quota 1");
				cwnd_quota = 1; // force out a loss probe packet
			} else {
				SP_LINE("tcp_write_xmit:cwnd_test", 0, "cwnd_quota=0 -> stop (cwnd-limited)");
				break;
			}
		}
		cwnd_quota = std::min(cwnd_quota, max_segs);
		missing_bytes = (int)(cwnd_quota * mss_now) - (int)skb->len;
		if (missing_bytes > 0)
			tcp_grow_skb(sk, skb, missing_bytes);

		tcp_set_skb_tso_segs(skb, mss_now);
		tso_segs = tcp_skb_pcount(skb);
		SP_LINE("tcp_write_xmit:tso_segs", tso_segs, "quota %u segs, %s len=%u -> tso_segs=%u",
			cwnd_quota, skb->name.c_str(), (unsigned)skb->len, tso_segs);

		if (!tcp_snd_wnd_test(tp, skb, mss_now)) {
			is_rwnd_limited = true;
			SP_LINE("tcp_write_xmit:snd_wnd_test", 0,
				"receive window full -> stop (rwnd-limited)");
			break;
		}
		if (tso_segs == 1) {
			if (!tcp_nagle_test(tp, skb, mss_now,
					    tcp_skb_is_last(sk, skb) ? nonagle : TCP_NAGLE_PUSH)) {
				SP_LINE("tcp_write_xmit:nagle", 0, "Nagle holds the partial segment -> stop");
				break;
			}
		} else {
			if (!push_one &&
			    tcp_tso_should_defer(sk, skb, &is_cwnd_limited, &is_rwnd_limited, max_segs)) {
				SP_LINE("tcp_write_xmit:tso_defer", 0, "TSO deferral -> stop");
				break;
			}
		}
		limit = mss_now;
		if (tso_segs > 1 && !tcp_urg_mode(tp))
			limit = tcp_mss_split_point(sk, skb, mss_now, cwnd_quota, nonagle);
		if (skb->len > limit && tso_fragment(sk, skb, limit, mss_now, gfp))
			break;
		if (tcp_small_queue_check(sk, skb, 0)) {
			SP_LINE("tcp_write_xmit:tsq", 0, "TSQ: too many bytes in qdisc/NIC -> stop");
			break;
		}
		// An empty skb (a writer sleeping in sendmsg): never send a pure ACK from here.
		if (TCP_SKB_CB(skb)->end_seq == TCP_SKB_CB(skb)->seq)
			break;
		if (tcp_transmit_skb(sk, skb, 1, gfp))
			break;
		// Advance the send head; this one is sent out (packets_out grows).
		tcp_event_new_data_sent(sk, skb);
		tcp_minshall_update(tp, mss_now, skb);
		sent_pkts += tcp_skb_pcount(skb);
		if (push_one)
			break;
	}
	if (is_rwnd_limited)
		tcp_chrono_start(sk, TCP_CHRONO_RWND_LIMITED);
	else
		tcp_chrono_stop(sk, TCP_CHRONO_RWND_LIMITED);

	is_cwnd_limited |= tcp_packets_in_flight(tp) >= tp->snd_cwnd;
	if (sent_pkts || is_cwnd_limited)
		tcp_cwnd_validate(sk, is_cwnd_limited);
	SP_LINE("tcp_write_xmit:sent", sent_pkts, "sent %u segments, packets_out=%u", sent_pkts,
		(unsigned)tp->packets_out);
	if (sent_pkts) {
		if (tcp_in_cwnd_reduction(sk))
			tp->prr_out += sent_pkts;
		// One loss probe per tail loss episode.
		if (push_one != 2)
			tcp_schedule_loss_probe(sk, false);
		SP_RET(false);
	}
	SP_RET(!tp->packets_out && !tcp_write_queue_empty(sk));
}

// Model: MTU probing (net.ipv4.tcp_mtu_probing=0 by default) is not modelled: -1 = "not probing".
int tcp_mtu_probe(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	SP_LINE("tcp_mtu_probe:disabled", sysctl().tcp_mtu_probing, "tcp_mtu_probing=%d -> no probe",
		sysctl().tcp_mtu_probing);
	SP_RET(-1);
}

void tcp_check_probe_timer(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	// Nothing in flight and no timer pending: arm the zero-window probe timer.
	if (!tcp_sk(sk)->packets_out && !inet_csk(sk)->icsk_pending) {
		SP_LINE("tcp_check_probe_timer:arm", tcp_probe0_base(sk),
			"packets_out=0, no timer -> probe0 in %llu jiffies",
			(unsigned long long)tcp_probe0_base(sk));
		tcp_reset_xmit_timer(sk, ICSK_TIME_PROBE0, tcp_probe0_base(sk), true);
	}
}

void __tcp_push_pending_frames(sock *sk, unsigned cur_mss, int nonagle)
{
	SP_FN("%s cur_mss=%u nonagle=%d", sk->name.c_str(), cur_mss, nonagle);
	// If we are closed, the bytes will have to remain here.
	if (sk->sk_state == TCP_CLOSE)
		return;
	if (tcp_write_xmit(sk, cur_mss, nonagle, 0, GFP_ATOMIC))
		tcp_check_probe_timer(sk);
}

void tcp_push_pending_frames(sock *sk)
{
	if (tcp_send_head(sk))
		__tcp_push_pending_frames(sk, tcp_current_mss(sk), tcp_sk(sk)->nonagle);
}

void tcp_push_one(sock *sk, unsigned mss_now)
{
	SP_FN("%s mss_now=%u", sk->name.c_str(), mss_now);
	tcp_write_xmit(sk, mss_now, TCP_NAGLE_PUSH, 1, sk->sk_allocation);
}

// ---------------------------------------------------------------- loss probe, retransmit

void tcp_send_loss_probe(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	sk_buff *skb;
	int mss = (int)tcp_current_mss(sk);
	// At most one outstanding TLP.
	if (tp->tlp_high_seq) {
		SP_LINE("tcp_send_loss_probe:outstanding", tp->tlp_high_seq, "a TLP is already outstanding");
		goto rearm_timer;
	}
	tp->tlp_retrans = 0;
	skb = tcp_send_head(sk);
	if (skb && tcp_snd_wnd_test(tp, skb, (unsigned)mss)) {
		u32 pcount = tp->packets_out;
		SP_LINE("tcp_send_loss_probe:new_data", 1, "probe with new data");
		tcp_write_xmit(sk, (unsigned)mss, TCP_NAGLE_OFF, 2, GFP_ATOMIC);
		if (tp->packets_out > pcount)
			goto probe_sent;
		goto rearm_timer;
	}
	skb = sk->tcp_rtx_queue.empty() ? nullptr : sk->tcp_rtx_queue.back();
	if (!skb) {
		inet_csk(sk)->icsk_pending = 0;
		return;
	}
	if (skb_still_in_host_queue(sk, skb))
		goto rearm_timer;
	{
		int pcount = (int)tcp_skb_pcount(skb);
		if (!pcount)
			goto rearm_timer;
		// Retransmit only the last MSS of the last skb.
		if (pcount > 1 && (int)skb->len > (pcount - 1) * mss) {
			if (tcp_fragment(sk, TCP_FRAG_IN_RTX_QUEUE, skb, (u32)((pcount - 1) * mss),
					 (unsigned)mss, GFP_ATOMIC))
				goto rearm_timer;
			skb = sk->tcp_rtx_queue.back();
		}
		SP_LINE("tcp_send_loss_probe:retransmit", skb->cb.seq, "probe: retransmit the tail %s seq=%u",
			skb->name.c_str(), (unsigned)skb->cb.seq);
		if (__tcp_retransmit_skb(sk, skb, 1))
			goto rearm_timer;
		tp->tlp_retrans = 1;
	}
probe_sent:
	tp->tlp_high_seq = tp->snd_nxt;
	SP_LINE("tcp_send_loss_probe:sent", tp->tlp_high_seq, "TLP sent, tlp_high_seq=%u",
		(unsigned)tp->tlp_high_seq);
	inet_csk(sk)->icsk_pending = 0;
rearm_timer:
	tcp_rearm_rto(sk);
}

int __tcp_retransmit_skb(sock *sk, sk_buff *skb, int segs)
{
	SP_FN("%s %s seq=%u segs=%d", sk->name.c_str(), skb->name.c_str(), (unsigned)skb->cb.seq, segs);
	tcp_sock *tp = tcp_sk(sk);
	unsigned cur_mss;
	int len, err;
	s32 avail_wnd;

	if (skb_still_in_host_queue(sk, skb))
		SP_RET(-EBUSY);
	if (before(TCP_SKB_CB(skb)->seq, tp->snd_una)) {
		if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_SYN) {
			TCP_SKB_CB(skb)->tcp_flags &= ~TCPHDR_SYN;
			TCP_SKB_CB(skb)->seq += 1;
		}
		if (before(TCP_SKB_CB(skb)->end_seq, tp->snd_una))
			SP_RET(-EINVAL);
		if (before(TCP_SKB_CB(skb)->seq, tp->snd_una) &&
		    tcp_trim_head(sk, skb, tp->snd_una - TCP_SKB_CB(skb)->seq))
			SP_RET(-ENOMEM);
	}
	cur_mss = tcp_current_mss(sk);
	avail_wnd = (s32)(tcp_wnd_end(tp) - TCP_SKB_CB(skb)->seq);
	// Out of a shrunk window: do not retransmit, except the head as a zero-window probe.
	if (avail_wnd <= 0) {
		if (TCP_SKB_CB(skb)->seq != tp->snd_una)
			SP_RET(-EAGAIN);
		avail_wnd = (s32)cur_mss;
	}
	len = (int)cur_mss * segs;
	if (len > avail_wnd) {
		len = avail_wnd / (int)cur_mss * (int)cur_mss;
		if (!len)
			len = avail_wnd;
	}
	if ((int)skb->len > len) {
		if (tcp_fragment(sk, TCP_FRAG_IN_RTX_QUEUE, skb, (u32)len, cur_mss, GFP_ATOMIC))
			SP_RET(-ENOMEM);
	} else {
		skb_unclone(skb);
		int diff = (int)tcp_skb_pcount(skb);
		tcp_set_skb_tso_segs(skb, cur_mss);
		diff -= (int)tcp_skb_pcount(skb);
		if (diff)
			tcp_adjust_pcount(sk, skb, diff);
		// Model: tcp_retrans_try_collapse() (merging small skbs) is not modelled.
	}
	segs = (int)tcp_skb_pcount(skb);
	tp->total_retrans += segs;
	SP_LINE("__tcp_retransmit_skb:send", segs, "retransmit %s [%u,%u) %d segs", skb->name.c_str(),
		(unsigned)skb->cb.seq, (unsigned)skb->cb.end_seq, segs);
	err = tcp_transmit_skb(sk, skb, 1, GFP_ATOMIC);
	// Always mark EVER_RETRANS: no RTT samples from a retransmitted skb.
	TCP_SKB_CB(skb)->sacked |= TCPCB_EVER_RETRANS;
	SP_RET(err);
}

int tcp_retransmit_skb(sock *sk, sk_buff *skb, int segs)
{
	SP_FN("%s %s", sk->name.c_str(), skb->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	int err = __tcp_retransmit_skb(sk, skb, segs);
	if (err == 0) {
		TCP_SKB_CB(skb)->sacked |= TCPCB_RETRANS;
		tp->retrans_out += tcp_skb_pcount(skb);
	}
	// Save the stamp of the first (attempted) retransmit.
	if (!tp->retrans_stamp)
		tp->retrans_stamp = tcp_skb_timestamp_ts(skb);
	SP_RET(err);
}

void tcp_xmit_retransmit_queue(sock *sk)
{
	SP_FN("%s lost_out=%u retrans_out=%u", sk->name.c_str(), (unsigned)tcp_sk(sk)->lost_out,
	      (unsigned)tcp_sk(sk)->retrans_out);
	tcp_sock *tp = tcp_sk(sk);
	inet_connection_sock *icsk = inet_csk(sk);
	bool rearm_timer = false;
	if (!tp->packets_out)
		return;
	sk_buff *rtx_head = tcp_rtx_queue_head(sk);
	u32 max_segs = tcp_tso_segs(sk, tcp_current_mss(sk));
	for (auto it = sk->tcp_rtx_queue.begin(); it != sk->tcp_rtx_queue.end(); ++it) {
		sk_buff *skb = *it;
		if (tcp_pacing_check(sk))
			break;
		int segs = (int)tp->snd_cwnd - (int)tcp_packets_in_flight(tp);
		if (segs <= 0) {
			SP_LINE("tcp_xmit_retransmit_queue:cwnd", segs, "cwnd=%u in_flight=%u -> stop",
				(unsigned)tp->snd_cwnd, tcp_packets_in_flight(tp));
			break;
		}
		u8 sacked = TCP_SKB_CB(skb)->sacked;
		segs = std::min<int>(segs, (int)max_segs);
		if (tp->retrans_out >= tp->lost_out)
			break;
		if (!(sacked & TCPCB_LOST))
			continue;
		if (sacked & (TCPCB_SACKED_ACKED | TCPCB_SACKED_RETRANS))
			continue;
		if (tcp_small_queue_check(sk, skb, 1))
			break;
		if (tcp_retransmit_skb(sk, skb, segs))
			break;
		if (tcp_in_cwnd_reduction(sk))
			tp->prr_out += tcp_skb_pcount(skb);
		if (skb == rtx_head && icsk->icsk_pending != ICSK_TIME_REO_TIMEOUT)
			rearm_timer = true;
	}
	if (rearm_timer)
		tcp_reset_xmit_timer(sk, ICSK_TIME_RETRANS, icsk->icsk_rto, true);
}

// ---------------------------------------------------------------- control segments

static int tcp_xmit_probe_skb(sock *sk, int urgent)
{
	SP_FN("%s urgent=%d", sk->name.c_str(), urgent);
	tcp_sock *tp = tcp_sk(sk);
	sk_buff *skb = alloc_skb(MAX_TCP_HEADER, GFP_ATOMIC);
	if (!skb)
		SP_RET(-1);
	skb_reserve(skb, MAX_TCP_HEADER);
	// An old sequence number: the peer must answer with an ACK showing its window.
	tcp_init_nondata_skb(skb, tp->snd_una - !urgent, TCPHDR_ACK);
	SP_RET(tcp_transmit_skb(sk, skb, 0, GFP_ATOMIC));
}

int tcp_write_wakeup(sock *sk, int mib)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	if (sk->sk_state == TCP_CLOSE)
		SP_RET(-1);
	sk_buff *skb = tcp_send_head(sk);
	if (skb && before(TCP_SKB_CB(skb)->seq, tcp_wnd_end(tp))) {
		unsigned mss = tcp_current_mss(sk);
		unsigned seg_size = tcp_wnd_end(tp) - TCP_SKB_CB(skb)->seq;
		if (before(tp->pushed_seq, TCP_SKB_CB(skb)->end_seq))
			tp->pushed_seq = TCP_SKB_CB(skb)->end_seq;
		SP_LINE("tcp_write_wakeup:window_open", seg_size, "window open for %u bytes: send new data",
			seg_size);
		// Window opened but smaller than the skb (sender SWS avoidance): send what fits.
		if (seg_size < TCP_SKB_CB(skb)->end_seq - TCP_SKB_CB(skb)->seq || skb->len > mss) {
			seg_size = std::min(seg_size, mss);
			TCP_SKB_CB(skb)->tcp_flags |= TCPHDR_PSH;
			if (tcp_fragment(sk, TCP_FRAG_IN_WRITE_QUEUE, skb, seg_size, mss, GFP_ATOMIC))
				SP_RET(-1);
		} else if (!tcp_skb_pcount(skb)) {
			tcp_set_skb_tso_segs(skb, mss);
		}
		TCP_SKB_CB(skb)->tcp_flags |= TCPHDR_PSH;
		int err = tcp_transmit_skb(sk, skb, 1, GFP_ATOMIC);
		if (!err)
			tcp_event_new_data_sent(sk, skb);
		SP_RET(err);
	}
	SP_LINE("tcp_write_wakeup:zero_window_probe", tp->snd_una - 1,
		"window closed: zero-window probe seq=snd_una-1=%u", (unsigned)(tp->snd_una - 1));
	SP_RET(tcp_xmit_probe_skb(sk, 0));
}

void tcp_send_probe0(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	inet_connection_sock *icsk = inet_csk(sk);
	tcp_sock *tp = tcp_sk(sk);
	u64 timeout;
	int err = tcp_write_wakeup(sk, 0);
	if (tp->packets_out || tcp_write_queue_empty(sk)) {
		// Cancel the probe timer: not needed any more.
		SP_LINE("tcp_send_probe0:done", tp->packets_out, "packets_out=%u -> stop probing",
			(unsigned)tp->packets_out);
		icsk->icsk_probes_out = 0;
		icsk->icsk_backoff = 0;
		icsk->icsk_probes_tstamp = 0;
		return;
	}
	icsk->icsk_probes_out += 1;
	if (err <= 0) {
		if (icsk->icsk_backoff < sysctl().tcp_retries2)
			icsk->icsk_backoff += 1;
		timeout = tcp_probe0_when(sk, tcp_rto_max(sk));
		SP_LINE("tcp_send_probe0:backoff", timeout,
			"probes_out=%u backoff=%u -> next probe in %llu jiffies",
			(unsigned)icsk->icsk_probes_out, (unsigned)icsk->icsk_backoff,
			(unsigned long long)timeout);
	} else {
		// Not sent because of local congestion: retry soon, no backoff.
		timeout = TCP_RESOURCE_PROBE_INTERVAL;
		SP_LINE("tcp_send_probe0:local_congestion", timeout,
			"probe not sent (local congestion, err %d): probes_out=%u, retry in %llu jiffies",
			err, (unsigned)icsk->icsk_probes_out, (unsigned long long)timeout);
	}
	// tcp_clamp_probe0_to_user_timeout(): never sleep past TCP_USER_TIMEOUT.
	if (icsk->icsk_user_timeout && icsk->icsk_probes_tstamp) {
		s32 elapsed = (s32)(tcp_jiffies32() - icsk->icsk_probes_tstamp);
		if (elapsed < 0)
			elapsed = 0;
		u32 remaining = HZ_MS(icsk->icsk_user_timeout) - (u32)elapsed;
		remaining = std::max<u32>(remaining, TCP_TIMEOUT_MIN);
		if (remaining < timeout) {
			SP_LINE("tcp_send_probe0:user_timeout_clamp", remaining,
				"TCP_USER_TIMEOUT: only %u jiffies left -> probe then", remaining);
			timeout = remaining;
		}
	}
	tcp_reset_xmit_timer(sk, ICSK_TIME_PROBE0, timeout, true);
}

void tcp_send_ack(sock *sk)
{
	SP_FN("%s rcv_nxt=%u", sk->name.c_str(), (unsigned)tcp_sk(sk)->rcv_nxt);
	tcp_sock *tp = tcp_sk(sk);
	if (sk->sk_state == TCP_CLOSE)
		return;
	sk_buff *buff = alloc_skb(MAX_TCP_HEADER, GFP_ATOMIC);
	skb_reserve(buff, MAX_TCP_HEADER);
	// tcp_acceptable_seq(): snd_nxt if inside the peer's window.
	u32 seq = !after(tp->snd_nxt, tcp_wnd_end(tp)) ? (u32)tp->snd_nxt : tcp_wnd_end(tp);
	tcp_init_nondata_skb(buff, seq, TCPHDR_ACK);
	tcp_mstamp_refresh(tp);
	__tcp_transmit_skb(sk, buff, 0, GFP_ATOMIC, tp->rcv_nxt);
}

void tcp_send_delayed_ack(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	inet_connection_sock *icsk = inet_csk(sk);
	tcp_sock *tp = tcp_sk(sk);
	u32 ato = icsk->icsk_ack_ato ? (u32)icsk->icsk_ack_ato : TCP_ATO_MIN;
	if (ato > TCP_DELACK_MIN) {
		u32 max_ato = HZ / 2;
		if (icsk->icsk_ack_pending & ICSK_ACK_PUSHED)
			max_ato = TCP_DELACK_MAX;
		// Bound by the measured RTT when there is one.
		if (tp->srtt_us) {
			u32 rtt = std::max<u32>(usecs_to_jiffies(tp->srtt_us >> 3), TCP_DELACK_MIN);
			if (rtt < max_ato)
				max_ato = rtt;
		}
		ato = std::min(ato, max_ato);
	}
	u32 timeout = (u32)sim().jiffies() + ato;
	if (icsk->icsk_ack_pending & ICSK_ACK_TIMER) {
		// The timer is about to expire anyway: ACK now.
		if ((s32)(icsk->icsk_ack_timeout - ((u32)sim().jiffies() + (ato >> 2))) <= 0) {
			tcp_send_ack(sk);
			return;
		}
		if (!((s32)(timeout - icsk->icsk_ack_timeout) < 0))
			timeout = icsk->icsk_ack_timeout;
	}
	icsk->icsk_ack_pending |= ICSK_ACK_SCHED | ICSK_ACK_TIMER;
	icsk->icsk_ack_timeout = timeout;
	SP_LINE("tcp_send_delayed_ack:timer", ato, "delayed ACK in %u jiffies", ato);
	sk_reset_timer(sk, &icsk->icsk_delack_timer, timeout);
}

void tcp_send_fin(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	sk_buff *tskb = tcp_write_queue_tail(sk);
	// Piggy-back the FIN on the last unsent skb if there is one.
	if (tskb) {
		TCP_SKB_CB(tskb)->tcp_flags |= TCPHDR_FIN;
		TCP_SKB_CB(tskb)->end_seq += 1;
		tp->write_seq += 1;
		SP_LINE("tcp_send_fin:piggyback", tskb->cb.end_seq, "FIN added to %s", tskb->name.c_str());
	} else {
		sk_buff *skb = tcp_stream_alloc_skb(sk, sk->sk_allocation, true);
		if (!skb)
			return;
		tcp_init_nondata_skb(skb, tp->write_seq, TCPHDR_ACK | TCPHDR_FIN);
		// tcp_queue_skb()
		tp->write_seq = TCP_SKB_CB(skb)->end_seq;
		sk->sk_write_queue.push_back(skb);
		sk_wmem_queued_add(sk, (int)skb->truesize);
		sk_mem_charge(sk, (int)skb->truesize);
		SP_LINE("tcp_send_fin:new_skb", skb->cb.seq, "FIN in new %s seq=%u", skb->name.c_str(),
			(unsigned)skb->cb.seq);
	}
	__tcp_push_pending_frames(sk, tcp_current_mss(sk), TCP_NAGLE_OFF);
}

void tcp_send_active_reset(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	sk_buff *skb = alloc_skb(MAX_TCP_HEADER, GFP_ATOMIC);
	skb_reserve(skb, MAX_TCP_HEADER);
	tcp_init_nondata_skb(skb, tp->snd_nxt, TCPHDR_ACK | TCPHDR_RST);
	tcp_mstamp_refresh(tp);
	tcp_transmit_skb(sk, skb, 0, GFP_ATOMIC);
}

// ---------------------------------------------------------------- connect

void tcp_connect_init(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	u8 rcv_wscale;
	tp->tcp_header_len = TCP_HDR_LEN;
	if (sysctl().tcp_timestamps)
		tp->tcp_header_len += TCPOLEN_TSTAMP_ALIGNED;
	if (tp->rx_opt_user_mss)
		tp->rx_opt_mss_clamp = tp->rx_opt_user_mss;
	if (!tp->rx_opt_mss_clamp)
		tp->rx_opt_mss_clamp = TCP_MSS_DEFAULT; // tcp_v4_connect() sets it; keep a safe default
	tp->max_window = 0;
	unsigned mtu = sk->sk_dst_cache ? sk->sk_dst_cache->mtu : 1500;
	tcp_sync_mss(sk, mtu);
	if (!tp->window_clamp)
		tp->window_clamp = 0; // dst_metric(RTAX_WINDOW) = 0
	// dst_metric_advmss(): mtu - 40, clamped by the user's TCP_MAXSEG.
	u32 advmss = mtu - IP4_HDR_LEN - TCP_HDR_LEN;
	if (tp->rx_opt_user_mss && tp->rx_opt_user_mss < advmss)
		advmss = tp->rx_opt_user_mss;
	tp->advmss = advmss;
	// tcp_initialize_rcv_mss()
	u32 hint = std::min<u32>(tp->advmss, tp->mss_cache);
	hint = std::min<u32>(hint, TCP_MSS_DEFAULT);
	hint = std::max<u32>(hint, TCP_MIN_MSS);
	tp->rcv_mss = hint;
	if ((sk->sk_userlocks & SOCK_RCVBUF_LOCK) &&
	    (tp->window_clamp > (u32)tcp_full_space(sk) || tp->window_clamp == 0))
		tp->window_clamp = (u32)tcp_full_space(sk);
	u32 rcv_wnd = tp->rcv_wnd, clamp = tp->window_clamp;
	tcp_select_initial_window(sk, tcp_full_space(sk), tp->advmss, &rcv_wnd, &clamp,
				  sysctl().tcp_window_scaling, &rcv_wscale, 0);
	tp->rcv_wnd = rcv_wnd;
	tp->window_clamp = clamp;
	tp->rx_opt_rcv_wscale = rcv_wscale;
	tp->rcv_ssthresh = tp->rcv_wnd;
	sk->sk_err = 0;
	tp->snd_wnd = 0;
	tp->snd_wl1 = 0;
	tp->snd_una = tp->write_seq;
	tp->snd_sml = tp->write_seq;
	tp->snd_up = tp->write_seq;
	tp->snd_nxt = tp->write_seq;
	tp->rcv_nxt = 0;
	tp->rcv_wup = tp->rcv_nxt;
	tp->copied_seq = tp->rcv_nxt;
	inet_csk(sk)->icsk_rto = TCP_TIMEOUT_INIT;
	inet_csk(sk)->icsk_retransmits = 0;
	tp->retrans_out = 0;
	tp->lost_out = 0;
	tp->sacked_out = 0;
	tp->undo_marker = 0;
	if (!tp->snd_cwnd_clamp)
		tp->snd_cwnd_clamp = ~0u;
	if (!tp->reordering)
		tp->reordering = (u32)sysctl().tcp_reordering;
	if (!tp->rtt_min_us)
		tp->rtt_min_us = ~0u; // minmax_reset(&tp->rtt_min, ~0U)
}

int tcp_connect(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	if (!sk->sk_dst_cache)
		tcp_v4_route(sk); // rebuild_header()
	tcp_connect_init(sk);
	sk_buff *buff = tcp_stream_alloc_skb(sk, sk->sk_allocation, true);
	if (!buff)
		SP_RET(-ENOBUFS);
	// The SYN eats a sequence byte.
	tcp_init_nondata_skb(buff, tp->write_seq, TCPHDR_SYN);
	tcp_mstamp_refresh(tp);
	tp->retrans_stamp = tcp_time_stamp_ts(tp);
	// tcp_connect_queue_skb()
	sk_wmem_queued_add(sk, (int)buff->truesize);
	sk_mem_charge(sk, (int)buff->truesize);
	tp->write_seq = TCP_SKB_CB(buff)->end_seq;
	tp->packets_out += tcp_skb_pcount(buff);
	sk->tcp_rtx_queue.push_back(buff);
	SP_LINE("tcp_connect:syn", buff->cb.seq, "SYN %s seq=%u (ISN)%s", buff->name.c_str(),
		(unsigned)buff->cb.seq, tp->fastopen_req ? ", Fast Open" : "");
	// Send off SYN; include data in Fast Open.
	int err =
	    tp->fastopen_req ? tcp_send_syn_data(sk, buff) : tcp_transmit_skb(sk, buff, 1, sk->sk_allocation);
	if (err == -ECONNREFUSED)
		SP_RET(err);
	tp->snd_nxt = tp->write_seq;
	tp->pushed_seq = tp->write_seq;
	if (sk_buff *head = tcp_send_head(sk)) { // SYN data that could not be sent waits here
		tp->snd_nxt = TCP_SKB_CB(head)->seq;
		tp->pushed_seq = TCP_SKB_CB(head)->seq;
	}
	// Timer for repeating the SYN until an answer.
	tcp_reset_xmit_timer(sk, ICSK_TIME_RETRANS, inet_csk(sk)->icsk_rto, false);
	SP_RET(0);
}

// tcp_send_syn_data(): the Fast Open SYN. With a cached cookie, a second skb (syn_data) takes a
// copy of the SYN's control block and the first bytes of the message (as many as fit one segment
// of the cached MSS less the full option space) and is sent with SYN set; it then stays in the
// retransmit queue as plain data after the SYN. Without a cookie the plain SYN asks for one.
int tcp_send_syn_data(sock *sk, sk_buff *syn)
{
	SP_FN("%s size=%zu", sk->name.c_str(), tcp_sk(sk)->fo.size);
	inet_connection_sock *icsk = inet_csk(sk);
	tcp_sock *tp = tcp_sk(sk);
	tcp_fastopen_request *fo = &tp->fo;
	page_frag *pfrag = &sk->sk_frag;
	sk_buff *syn_data = nullptr;
	int space, err = 0;
	u16 mss_clamp = (u16)tp->advmss; // if MSS is not cached
	bool ok = tcp_fastopen_cookie_check(sk, &mss_clamp, &fo->cookie);
	tp->rx_opt_mss_clamp = mss_clamp;
	if (!ok)
		goto fallback;
	{
		// The SYN-data MSS: the cached one, bounded by the PMTU and TCP_MAXSEG; leave the
		// whole option space free for middleboxes that add options.
		if (tp->rx_opt_user_mss && tp->rx_opt_user_mss < tp->rx_opt_mss_clamp) // tcp_mss_clamp()
			tp->rx_opt_mss_clamp = tp->rx_opt_user_mss;
		tcp_sync_mss(sk, icsk->icsk_pmtu_cookie);
		// __tcp_mtu_to_mss(): pmtu - IP header - TCP header, at most mss_clamp
		int mss = (int)icsk->icsk_pmtu_cookie - (int)IP4_HDR_LEN - (int)TCP_HDR_LEN;
		if (mss > (int)tp->rx_opt_mss_clamp)
			mss = (int)tp->rx_opt_mss_clamp;
		mss -= (int)icsk->icsk_ext_hdr_len;
		mss = std::max(mss, (int)TCP_MIN_SND_MSS);
		space = mss - (int)MAX_TCP_OPTION_SPACE;
		space = (int)std::min<size_t>((size_t)space, fo->size);
		SP_LINE("tcp_send_syn_data:space", space,
			"mss %d - %u option bytes -> %d of %zu bytes in the SYN", mss, MAX_TCP_OPTION_SPACE,
			space, fo->size);
		if (space && !sk_page_frag_refill(sk, pfrag))
			goto fallback;
		syn_data = tcp_stream_alloc_skb(sk, sk->sk_allocation, false);
		if (!syn_data)
			goto fallback;
		syn_data->cb = syn->cb;
		// Model: tcp_gso_segs/tcp_gso_size live in the shinfo here, not in the control block.
		tcp_skb_pcount_set(syn_data, (int)tcp_skb_pcount(syn));
		skb_shinfo(syn_data)->gso_size = skb_shinfo(syn)->gso_size;
		if (space) {
			space = std::min<int>(space, (int)(pfrag->size - pfrag->offset));
			space = tcp_wmem_schedule(sk, space);
		}
		if (space) {
			// copy_page_from_iter() into the page fragment
			std::vector<u8> tmp((size_t)space);
			space = (int)copy_from_iter(tmp.data(), (size_t)space, &fo->data->msg_iter);
			if (!space) {
				kfree_skb(syn_data);
				goto fallback;
			}
			pfrag->pg->mem.write(pfrag->offset, tmp.data(), (size_t)space);
			skb_fill_page_desc(syn_data, 0, pfrag->pg, (int)pfrag->offset, space);
			get_page(pfrag->pg);
			pfrag->offset += (u32)space;
			skb_len_add(syn_data, space);
			// Model: MSG_ZEROCOPY with Fast Open (skb_zcopy_set) is not modelled.
		}
		if ((size_t)space == fo->size)
			fo->data = nullptr; // no more data pending in inet_wait_for_connect()
		fo->copied = space;
		// tcp_connect_queue_skb(sk, syn_data)
		TCP_SKB_CB(syn_data)->end_seq += syn_data->len;
		sk_wmem_queued_add(sk, (int)syn_data->truesize);
		sk_mem_charge(sk, (int)syn_data->truesize);
		tp->write_seq = TCP_SKB_CB(syn_data)->end_seq;
		tp->packets_out += tcp_skb_pcount(syn_data);
		err = tcp_transmit_skb(sk, syn_data, 1, sk->sk_allocation);
		// The SYN went out in syn_data's clone: what stays queued is plain data after the SYN.
		TCP_SKB_CB(syn_data)->seq++;
		TCP_SKB_CB(syn_data)->tcp_flags = TCPHDR_ACK | TCPHDR_PSH;
		if (!err) {
			tp->syn_data = fo->copied > 0;
			sk->tcp_rtx_queue.push_back(syn_data);
			SP_LINE("tcp_send_syn_data:sent", fo->copied,
				"SYN with %d data bytes and the cookie sent", fo->copied);
			goto done;
		}
		// data was not sent, put it in write_queue
		sk->sk_write_queue.push_back(syn_data);
		tp->packets_out -= tcp_skb_pcount(syn_data);
	}
fallback:
	// A regular SYN with a Fast Open cookie request option
	if (fo->cookie.len > 0)
		fo->cookie.len = 0;
	SP_LINE("tcp_send_syn_data:fallback", fo->cookie.len, "plain SYN with a cookie request");
	err = tcp_transmit_skb(sk, syn, 1, sk->sk_allocation);
	if (err)
		tp->syn_fastopen = 0;
done:
	fo->cookie.len = -1; // exclude the Fast Open option from SYN retries
	SP_RET(err);
}

// SYN-ACK of a passive open (tcp_make_synack + tcp_v4_send_synack). Model: the child socket
// exists from the SYN on (no request_sock) and sends its SYN-ACK from its retransmit queue.
void tcp_send_synack(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	sk_buff *buff = tcp_stream_alloc_skb(sk, sk->sk_allocation, true);
	if (!buff)
		return;
	tcp_init_nondata_skb(buff, tp->write_seq, TCPHDR_SYN | TCPHDR_ACK);
	tcp_mstamp_refresh(tp);
	sk_wmem_queued_add(sk, (int)buff->truesize);
	sk_mem_charge(sk, (int)buff->truesize);
	tp->write_seq = TCP_SKB_CB(buff)->end_seq;
	tp->packets_out += 1;
	sk->tcp_rtx_queue.push_back(buff);
	tcp_transmit_skb(sk, buff, 1, GFP_ATOMIC);
	tp->snd_nxt = tp->write_seq;
	tcp_reset_xmit_timer(sk, ICSK_TIME_RETRANS, TCP_TIMEOUT_INIT, false);
}

// ---------------------------------------------------------------- TSQ: tcp_wfree and the tasklet

static void tcp_tsq_write(sock *sk)
{
	if ((1u << sk->sk_state) &
	    (TCPF_STATE(TCP_ESTABLISHED) | TCPF_STATE(TCP_FIN_WAIT1) | TCPF_STATE(TCP_CLOSING) |
	     TCPF_STATE(TCP_CLOSE_WAIT) | TCPF_STATE(TCP_LAST_ACK))) {
		tcp_sock *tp = tcp_sk(sk);
		if (tp->lost_out > tp->retrans_out && tp->snd_cwnd > tcp_packets_in_flight(tp)) {
			tcp_mstamp_refresh(tp);
			tcp_xmit_retransmit_queue(sk);
		}
		tcp_write_xmit(sk, tcp_current_mss(sk), tp->nonagle, 0, GFP_ATOMIC);
	}
}

// Model: the socket is never owned by the user when the tasklet runs (syscalls complete between
// events), so this always writes directly instead of setting TCP_TSQ_DEFERRED.
void tcp_tsq_handler(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_tsq_write(sk);
}

static void tcp_tasklet_func(sock *sk)
{
	SP_FN_NAMED("tcp_tasklet_func", "%s", sk->name.c_str());
	tcp_sk(sk)->tsq_flags &= ~TSQF_QUEUED;
	tcp_tsq_handler(sk);
}

static void tcp_pace_kick(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sk(sk)->tsq_flags &= ~TSQF_QUEUED;
	tcp_mstamp_refresh(tcp_sk(sk));
	tcp_tsq_handler(sk);
}

// tcp_wfree(): the destructor of a transmitted clone (TX completion). Gives the bytes back to
// sk_wmem_alloc and, if TSQ throttled the socket, queues it to the TSQ tasklet.
void tcp_wfree(sk_buff *skb)
{
	sock *sk = skb->sk;
	if (!sk)
		return;
	SP_FN("%s %s truesize=%u", sk->name.c_str(), skb->name.c_str(), (unsigned)skb->truesize);
	tcp_sock *tp = tcp_sk(sk);
	sk->sk_wmem_alloc -= (int)skb->truesize;
	SP_LINE("tcp_wfree:wmem_alloc", sk->sk_wmem_alloc, "sk_wmem_alloc -= %u -> %d",
		(unsigned)skb->truesize, (int)sk->sk_wmem_alloc);
	u32 oval = tp->tsq_flags;
	if (!(oval & TSQF_THROTTLED) || (oval & TSQF_QUEUED))
		return;
	tp->tsq_flags = (oval & ~TSQF_THROTTLED) | TSQF_QUEUED;
	SP_LINE("tcp_wfree:tasklet", 1, "socket was TSQ-throttled: schedule the TSQ tasklet");
	sim().at(sim().now_ns(), "tcp_tasklet_func", [sk]() { tcp_tasklet_func(sk); });
}

void tcp_release_cb(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	u32 deferred = TCPF_TSQ_DEFERRED | TCPF_WRITE_TIMER_DEFERRED | TCPF_DELACK_TIMER_DEFERRED |
		       TCPF_MTU_REDUCED_DEFERRED;
	u32 flags = tp->tsq_flags;
	if (!(flags & deferred))
		return;
	tp->tsq_flags = flags & ~deferred;
	if (flags & TCPF_TSQ_DEFERRED)
		tcp_tsq_write(sk);
	if (flags & TCPF_WRITE_TIMER_DEFERRED)
		tcp_write_timer_handler(sk);
	if (flags & TCPF_DELACK_TIMER_DEFERRED)
		tcp_delack_timer_handler(sk);
}
