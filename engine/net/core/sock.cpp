// SPDX-License-Identifier: GPL-2.0-or-later
// net/core/sock.c (and the include/net/sock.h inlines it pairs with): trace registration of the
// socket, send-side memory accounting (sk_forward_alloc in PAGE_SIZE quanta), the page_frag the
// copy path fills, write-memory ownership of skbs, control messages, socket options, and the
// virtual-time sleep a blocking socket call uses.
#include <algorithm>
#include <cstring>

#include "linux/net_tstamp.h"
#include "linux/netdevice.h"
#include "net/socket_api.h"
#include "net/tcp.h"
#include "sim/world.h"

using namespace sp;

constexpr int SK_MEM_SEND = 0, SK_MEM_RECV = 1;
constexpr unsigned SKB_FRAG_PAGE_ORDER = 3; // get_order(32768)
constexpr int TC_PRIO_BESTEFFORT = 0, TC_PRIO_INTERACTIVE = 6;

// ---------------------------------------------------------------- trace registration
void sock_trace_register(tcp_sock *tp)
{
	if (!sim().rec())
		return;
	// "sk" -> "", "sk#2" -> "#2": the first socket's objects are "sk", "icsk", "tp".
	std::string sfx = tp->name.size() > 2 ? tp->name.substr(2) : "";
	std::string sk = "sk" + sfx, ic = "icsk" + sfx, t = "tp" + sfx;
#define RS(f, ...) tp->f.reg(sk, #f, ##__VA_ARGS__)
#define RI(f, ...) tp->f.reg(ic, #f, ##__VA_ARGS__)
#define RT(f, ...) tp->f.reg(t, #f, ##__VA_ARGS__)
	// struct sock
	RS(sk_state);
	RS(sk_sndbuf);
	RS(sk_rcvbuf);
	RS(sk_wmem_queued);
	RS(sk_wmem_alloc);
	RS(sk_forward_alloc);
	RS(sk_err);
	RS(sk_err_soft);
	RS(sk_write_pending);
	RS(sk_shutdown, Fmt::Hex);
	RS(sk_flags, Fmt::Hex);
	RS(sk_socket_flags, Fmt::Hex);
	RS(sk_pacing_rate);
	RS(sk_max_pacing_rate);
	RS(sk_pacing_status);
	RS(sk_pacing_shift);
	RS(sk_gso_max_size);
	RS(sk_gso_max_segs);
	RS(sk_route_caps, Fmt::Hex);
	RS(sk_priority);
	RS(sk_mark);
	RS(sk_tsflags, Fmt::Hex);
	RS(sk_userlocks, Fmt::Hex);
	RS(sk_tskey);
	RS(sk_zckey);
	tp->sk_frag.offset.reg(sk, "sk_frag.offset");
	tp->sk_frag.size.reg(sk, "sk_frag.size");
	// struct inet_sock
	tp->inet_id.reg(sk, "inet_id");
	// struct inet_connection_sock
	RI(icsk_ca_state);
	RI(icsk_retransmits);
	RI(icsk_backoff);
	RI(icsk_probes_out);
	RI(icsk_pending);
	RI(icsk_rto);
	RI(icsk_timeout);
	RI(icsk_pmtu_cookie);
	RI(icsk_ext_hdr_len);
	RI(icsk_ack_pending, Fmt::Hex);
	RI(icsk_ack_ato);
	RI(icsk_ack_timeout);
	RI(icsk_ack_quick);
	RI(icsk_ack_lrcvtime);
	RI(icsk_ack_pingpong);
	tp->icsk_retransmit_timer.expires.reg(ic, "icsk_retransmit_timer.expires");
	tp->icsk_retransmit_timer.pending.reg(ic, "icsk_retransmit_timer.pending", Fmt::Bool);
	tp->icsk_delack_timer.expires.reg(ic, "icsk_delack_timer.expires");
	tp->icsk_delack_timer.pending.reg(ic, "icsk_delack_timer.pending", Fmt::Bool);
	// struct tcp_sock
	RT(write_seq, Fmt::Seq);
	RT(snd_una, Fmt::Seq);
	RT(snd_nxt, Fmt::Seq);
	RT(pushed_seq, Fmt::Seq);
	RT(snd_up, Fmt::Seq);
	RT(snd_sml, Fmt::Seq);
	RT(snd_wl1, Fmt::Seq);
	RT(rcv_nxt, Fmt::Seq);
	RT(rcv_wup, Fmt::Seq);
	RT(copied_seq, Fmt::Seq);
	RT(rcv_wnd);
	RT(window_clamp);
	RT(rcv_ssthresh);
	RT(snd_wnd);
	RT(max_window);
	RT(mss_cache);
	RT(advmss);
	RT(xmit_size_goal_segs);
	RT(snd_cwnd);
	RT(snd_ssthresh);
	RT(snd_cwnd_cnt);
	RT(snd_cwnd_clamp);
	RT(prior_cwnd);
	RT(packets_out);
	RT(retrans_out);
	RT(sacked_out);
	RT(lost_out);
	RT(tso_segs);
	RT(max_packets_out);
	RT(cwnd_usage_seq, Fmt::Seq);
	RT(is_cwnd_limited, Fmt::Bool);
	RT(nonagle, Fmt::Hex);
	RT(repair, Fmt::Bool);
	RT(fastopen_req, Fmt::Bool);
	RT(syn_fastopen, Fmt::Bool);
	RT(syn_fastopen_exp, Fmt::Bool);
	RT(syn_data, Fmt::Bool);
	RT(syn_data_acked, Fmt::Bool);
	RT(tlp_high_seq_set, Fmt::Bool);
	RT(tlp_high_seq, Fmt::Seq);
	RT(notsent_lowat);
	RT(tsq_flags, Fmt::Hex);
	RT(lsndtime);
	RT(rcv_tstamp);
	RT(tcp_mstamp);
	RT(tcp_wstamp_ns);
	RT(tcp_clock_cache);
	RT(srtt_us);
	RT(mdev_us);
	RT(mdev_max_us);
	RT(rttvar_us);
	RT(rtt_seq, Fmt::Seq);
	RT(snd_cwnd_stamp);
	RT(chrono_type);
	RT(chrono_start);
	RT(app_limited);
	RT(delivered);
	RT(bytes_sent);
	RT(bytes_acked);
	RT(data_segs_out);
	RT(segs_out);
	RT(urg_mode, Fmt::Bool);
	RT(rx_opt_tstamp_ok, Fmt::Bool);
	RT(rx_opt_sack_ok, Fmt::Bool);
	RT(rx_opt_wscale_ok, Fmt::Bool);
	RT(rx_opt_snd_wscale);
	RT(rx_opt_rcv_wscale);
	RT(rx_opt_ts_recent);
	RT(rx_opt_rcv_tsval);
	RT(rx_opt_mss_clamp);
	RT(rx_opt_user_mss);
	RT(tsoffset);
	RT(rcv_mss);
	RT(tcp_header_len);
	RT(compressed_ack);
	RT(first_tx_mstamp);
	RT(delivered_mstamp);
	RT(ca_cnt);
	RT(ca_last_max_cwnd);
	RT(ca_last_cwnd);
	RT(ca_last_time);
	RT(ca_bic_origin_point);
	RT(ca_bic_K);
	RT(ca_delay_min);
	RT(ca_epoch_start);
	RT(ca_ack_cnt);
	RT(ca_tcp_cwnd);
#undef RS
#undef RI
#undef RT
	// ---- other areas: add .reg() lines for fields you append below this line, in a block
	// commented with your area.
	// ---- TCP output/input/timer area (fields appended to tcp_sock in net/sock.h)
	{
		const std::string &o = t;
		tp->high_seq.reg(o, "high_seq", Fmt::Seq);
		tp->prior_ssthresh.reg(o, "prior_ssthresh");
		tp->prr_delivered.reg(o, "prr_delivered");
		tp->prr_out.reg(o, "prr_out");
		tp->snd_cwnd_used.reg(o, "snd_cwnd_used");
		tp->retrans_stamp.reg(o, "retrans_stamp");
		tp->total_retrans.reg(o, "total_retrans");
		tp->reordering.reg(o, "reordering");
		tp->rtt_min_us.reg(o, "rtt_min_us");
		tp->rack_mstamp.reg(o, "rack_mstamp");
		tp->rack_end_seq.reg(o, "rack_end_seq", Fmt::Seq);
		tp->rx_opt_rcv_tsecr.reg(o, "rx_opt.rcv_tsecr");
		tp->tlp_retrans.reg(o, "tlp_retrans", Fmt::Bool);
	}
}

// ---------------------------------------------------------------- route capabilities
void sk_setup_caps(sock *sk, dst_entry *dst)
{
	SP_FN("%s dev=%s", sk->name.c_str(), dst && dst->dev ? dst->dev->name.c_str() : "-");
	u32 max_segs = 1;
	net_device *dev = dst ? dst->dev : nullptr;
	sk->sk_route_caps = dev ? dev->features : 0;
	// TCP always gets GSO: software segmentation is the fallback for devices without TSO.
	sk->sk_route_caps |= NETIF_F_GSO;
	if (sk->sk_route_caps & NETIF_F_GSO)
		sk->sk_route_caps |= NETIF_F_GSO_SOFTWARE;
	// sk_can_gso(): TSO (hardware or software) usable -> SG + HW_CSUM are implied for the socket.
	sk->sk_route_caps |= NETIF_F_SG | NETIF_F_HW_CSUM;
	if (dev) {
		// sk_dst_gso_max_size(): IPv4 uses gso_ipv4_max_size, minus room for the headers.
		sk->sk_gso_max_size = dev->gso_ipv4_max_size - (MAX_TCP_HEADER + 1);
		max_segs = std::max<u32>(dev->gso_max_segs, 1);
	}
	sk->sk_gso_max_segs = (u16)max_segs;
	sk->sk_dst_cache = dst;
	SP_LINE("sk_setup_caps:gso", sk->sk_gso_max_size,
		"route_caps=%#x sk_gso_max_size=%u-(%u+1)=%u gso_max_segs=%u", (unsigned)sk->sk_route_caps,
		dev ? dev->gso_ipv4_max_size : 0, MAX_TCP_HEADER, (unsigned)sk->sk_gso_max_size, max_segs);
}

// ---------------------------------------------------------------- memory accounting
// __sk_mem_raise_allocated(): charge `amt` pages to the protocol's global counter
// (tcp_memory_allocated) and check it against tcp_mem[] {min, pressure, max} (pages).
static int __sk_mem_raise_allocated(sock *sk, int size, int amt, int kind)
{
	SockLayer &L = socklayer();
	long *mem = sysctl().tcp_mem;
	long allocated = (L.tcp_memory_allocated += amt);
	if (allocated <= mem[0]) {
		if (L.tcp_memory_pressure)
			L.tcp_memory_pressure = false; // tcp_leave_memory_pressure
		SP_LINE("__sk_mem_raise_allocated:under_min", allocated,
			"tcp_memory_allocated=%ld pages <= tcp_mem[0]=%ld: ok", allocated, mem[0]);
		return 1;
	}
	if (allocated > mem[1])
		L.tcp_memory_pressure = true; // tcp_enter_memory_pressure
	if (allocated > mem[2]) {
		SP_LINE("__sk_mem_raise_allocated:over_max", allocated,
			"tcp_memory_allocated=%ld > tcp_mem[2]=%ld: suppress", allocated, mem[2]);
		goto suppress_allocation;
	}
	if (kind == SK_MEM_SEND && sk->sk_wmem_queued < sysctl().tcp_wmem[0])
		return 1; // guarantee each socket tcp_wmem[0]
	if (!L.tcp_memory_pressure)
		return 1;
	// Under pressure a socket may still grow while its share is small (sk_has_memory_pressure
	// branch): model it as allowed when it uses less than tcp_mem[2] / #sockets.
	if ((long)sk_mem_pages(sk->sk_wmem_queued + size) *
		(long)std::max<size_t>(world().owned_socks.size(), 1) <
	    mem[2])
		return 1;
suppress_allocation:
	if (kind == SK_MEM_SEND) {
		sk_stream_moderate_sndbuf(sk);
		// Fail only if the socket is under its sndbuf: it cannot block for memory otherwise.
		if (sk->sk_wmem_queued + size >= sk->sk_sndbuf)
			return 1;
	}
	L.tcp_memory_allocated -= amt;
	return 0;
}

int __sk_mem_schedule(sock *sk, int size, int kind)
{
	SP_FN("%s size=%d", sk->name.c_str(), size);
	int amt = sk_mem_pages(size);
	sk->sk_forward_alloc += amt << PAGE_SHIFT;
	SP_LINE("__sk_mem_schedule:pages", amt, "need %d bytes -> %d page(s): sk_forward_alloc=%d", size, amt,
		(int)sk->sk_forward_alloc);
	int ret = __sk_mem_raise_allocated(sk, size, amt, kind);
	if (!ret) {
		sk->sk_forward_alloc -= amt << PAGE_SHIFT;
		SP_LINE("__sk_mem_schedule:fail", 0, "over tcp_mem limits: undo, sk_forward_alloc=%d",
			(int)sk->sk_forward_alloc);
	}
	SP_RET(ret);
}

bool sk_wmem_schedule(sock *sk, int size)
{
	int delta = size - sk->sk_forward_alloc;
	SP_FN("%s size=%d forward_alloc=%d", sk->name.c_str(), size, (int)sk->sk_forward_alloc);
	SP_LINE("sk_wmem_schedule:delta", delta, "delta = size %d - sk_forward_alloc %d = %d%s", size,
		(int)sk->sk_forward_alloc, delta, delta <= 0 ? " <= 0: prepaid" : ": schedule more");
	SP_RET(delta <= 0 || __sk_mem_schedule(sk, delta, SK_MEM_SEND));
}

void sk_forced_mem_schedule(sock *sk, int size)
{
	SP_FN("%s size=%d", sk->name.c_str(), size);
	int delta = size - sk->sk_forward_alloc;
	if (delta <= 0)
		return;
	int amt = sk_mem_pages(delta);
	sk->sk_forward_alloc += amt << PAGE_SHIFT;
	socklayer().tcp_memory_allocated += amt; // no limit check: forced
	SP_LINE("sk_forced_mem_schedule:pages", amt, "forced +%d page(s): sk_forward_alloc=%d", amt,
		(int)sk->sk_forward_alloc);
}

void sk_mem_charge(sock *sk, int size)
{
	sk->sk_forward_alloc -= size;
}

void sk_mem_reclaim(sock *sk)
{
	int reclaimable = sk->sk_forward_alloc; // sk_unused_reserved_mem() == 0 (no SO_RESERVE_MEM)
	if (reclaimable >= (int)PAGE_SIZE) {
		int pages = reclaimable >> PAGE_SHIFT;
		sk->sk_forward_alloc -= pages << PAGE_SHIFT;
		socklayer().tcp_memory_allocated -= pages;
	}
}

void sk_mem_uncharge(sock *sk, int size)
{
	sk->sk_forward_alloc += size;
	sk_mem_reclaim(sk);
}

void sk_wmem_queued_add(sock *sk, int val)
{
	sk->sk_wmem_queued += val;
}

// ---------------------------------------------------------------- skb ownership
void skb_set_owner_w(sk_buff *skb, sock *sk)
{
	skb_orphan(skb);
	skb->sk = sk;
	skb->destructor = SkbDestructor::sock_wfree;
	sk->sk_wmem_alloc += (int)skb->truesize;
}

void sock_wfree(sk_buff *skb)
{
	sock *sk = skb->sk;
	if (!sk)
		return;
	// TCP sets SOCK_USE_WRITE_QUEUE: no write_space wake-up here, only the refcount drops.
	if (!sock_flag(sk, SOCK_USE_WRITE_QUEUE))
		sk_stream_write_space(sk);
	sk->sk_wmem_alloc -= (int)skb->truesize;
}

// ---------------------------------------------------------------- page_frag
bool skb_page_frag_refill(unsigned sz, page_frag *pfrag, gfp_t gfp)
{
	SP_FN("sz=%u", sz);
	if (pfrag->pg) {
		if (pfrag->pg->refcount == 1) {
			// Nobody else holds the page (all skbs using it are freed): reuse from the start.
			pfrag->offset = 0;
			SP_LINE("skb_page_frag_refill:reuse", 1, "%s refcount 1: reuse from offset 0",
				pfrag->pg->name.c_str());
			SP_RET(true);
		}
		if (pfrag->offset + sz <= pfrag->size) {
			SP_LINE("skb_page_frag_refill:room", pfrag->size - pfrag->offset,
				"%s: offset %u + %u <= %u: room left", pfrag->pg->name.c_str(),
				(unsigned)pfrag->offset, sz, (unsigned)pfrag->size);
			SP_RET(true);
		}
		SP_LINE("skb_page_frag_refill:full", pfrag->offset,
			"%s full (offset %u of %u): drop our reference", pfrag->pg->name.c_str(),
			(unsigned)pfrag->offset, (unsigned)pfrag->size);
		put_page(pfrag->pg);
		pfrag->pg = nullptr;
	}
	pfrag->offset = 0;
	// Try a 32 KiB compound page first (no direct reclaim), then a single page.
	pfrag->pg = alloc_pages(gfp, SKB_FRAG_PAGE_ORDER, PageOwner::PageFrag);
	if (pfrag->pg) {
		pfrag->size = PAGE_SIZE << SKB_FRAG_PAGE_ORDER;
		SP_LINE("skb_page_frag_refill:order3", pfrag->size, "new %s: order %u = %u bytes",
			pfrag->pg->name.c_str(), SKB_FRAG_PAGE_ORDER, (unsigned)pfrag->size);
		SP_RET(true);
	}
	pfrag->pg = alloc_pages(gfp, 0, PageOwner::PageFrag);
	if (pfrag->pg) {
		pfrag->size = PAGE_SIZE;
		SP_LINE("skb_page_frag_refill:order0", pfrag->size, "fallback %s: one page",
			pfrag->pg->name.c_str());
		SP_RET(true);
	}
	SP_RET(false);
}

bool sk_page_frag_refill(sock *sk, page_frag *pfrag)
{
	SP_FN("%s", sk->name.c_str());
	if (skb_page_frag_refill(32U, pfrag, sk->sk_allocation))
		SP_RET(true);
	socklayer().tcp_memory_pressure = true; // sk_enter_memory_pressure
	sk_stream_moderate_sndbuf(sk);
	SP_RET(false);
}

// ---------------------------------------------------------------- control messages
bool sk_set_prio_allowed(const sock *sk, int val)
{
	// Priorities 0..6 are free; others need CAP_NET_RAW or CAP_NET_ADMIN.
	return (val >= TC_PRIO_BESTEFFORT && val <= TC_PRIO_INTERACTIVE) || world().sockext.cap_net_admin;
}

static u32 cmsg_u32(const cmsghdr *c)
{
	u32 v = 0;
	std::memcpy(&v, c->data.data(), std::min<size_t>(4, c->data.size()));
	return v;
}

int __sock_cmsg_send(sock *sk, const cmsghdr *cmsg, sockcm_cookie *sockc)
{
	SP_FN("level=%d type=%d len=%zu", cmsg->cmsg_level, cmsg->cmsg_type, cmsg->cmsg_len);
	switch (cmsg->cmsg_type) {
	case SO_MARK:
		if (!world().sockext.cap_net_admin) {
			SP_LINE("__sock_cmsg_send:mark_perm", -EPERM,
				"SO_MARK needs CAP_NET_RAW/CAP_NET_ADMIN: -EPERM");
			SP_RET(-EPERM);
		}
		if (cmsg->cmsg_len != CMSG_LEN(sizeof(u32)))
			SP_RET(-EINVAL);
		sockc->mark = cmsg_u32(cmsg);
		break;
	case SO_TIMESTAMPING: {
		if (cmsg->cmsg_len != CMSG_LEN(sizeof(u32)))
			SP_RET(-EINVAL);
		constexpr u32 SOF_TIMESTAMPING_TX_RECORD_MASK = 0x1 | 0x2 | 0x10 | 0x200 | 0x40000;
		u32 ts = cmsg_u32(cmsg);
		if (ts & ~SOF_TIMESTAMPING_TX_RECORD_MASK)
			SP_RET(-EINVAL);
		sockc->tsflags = (sockc->tsflags & ~SOF_TIMESTAMPING_TX_RECORD_MASK) | ts;
		break;
	}
	case SO_TXTIME: // SCM_TXTIME: needs SO_TXTIME enabled on the socket (never in the model)
		SP_LINE("__sock_cmsg_send:txtime", -EINVAL, "SCM_TXTIME without SOCK_TXTIME: -EINVAL");
		SP_RET(-EINVAL);
	case SO_PRIORITY: {
		if (cmsg->cmsg_len != CMSG_LEN(sizeof(u32))) {
			SP_LINE("__sock_cmsg_send:prio_len", -EINVAL,
				"cmsg_len %zu != CMSG_LEN(4)=%zu: -EINVAL", cmsg->cmsg_len, CMSG_LEN(4));
			SP_RET(-EINVAL);
		}
		u32 v = cmsg_u32(cmsg);
		if (!sk_set_prio_allowed(sk, (int)v)) {
			SP_LINE("__sock_cmsg_send:prio_perm", -EPERM,
				"priority %u outside 0..6 and no CAP_NET_ADMIN: -EPERM", v);
			SP_RET(-EPERM);
		}
		sockc->priority = v;
		break;
	}
	case SCM_DEVMEM_DMABUF:
		if (!sim().v616()) {
			// 6.15 has no such send cmsg: it falls to the default case.
			SP_LINE("__sock_cmsg_send:unknown", -EINVAL, "6.15: type %d unknown on send: -EINVAL",
				cmsg->cmsg_type);
			SP_RET(-EINVAL);
		}
		if (cmsg->cmsg_len != CMSG_LEN(sizeof(u32))) {
			SP_LINE("__sock_cmsg_send:dmabuf_len", -EINVAL,
				"SCM_DEVMEM_DMABUF cmsg_len %zu != CMSG_LEN(4)=%zu: -EINVAL", cmsg->cmsg_len,
				CMSG_LEN(4));
			SP_RET(-EINVAL);
		}
		sockc->dmabuf_id = cmsg_u32(cmsg);
		SP_LINE("__sock_cmsg_send:dmabuf", sockc->dmabuf_id, "sockc->dmabuf_id = %u",
			sockc->dmabuf_id);
		break;
	default:
		SP_LINE("__sock_cmsg_send:unknown", -EINVAL, "type %d unknown on send: -EINVAL",
			cmsg->cmsg_type);
		SP_RET(-EINVAL);
	}
	SP_RET(0);
}

int sock_cmsg_send(sock *sk, msghdr *msg, sockcm_cookie *sockc)
{
	SP_FN("%s %zu cmsg(s)", sk->name.c_str(), msg->msg_control.size());
	// msg_controllen as the kernel sees it: the sum of the aligned cmsg lengths.
	size_t total = 0;
	for (const cmsghdr &c : msg->msg_control)
		total += CMSG_ALIGN(c.cmsg_len);
	size_t off = 0;
	for (const cmsghdr &c : msg->msg_control) {
		// CMSG_OK(): header fits and cmsg_len does not run past msg_controllen.
		if (c.cmsg_len < CMSG_LEN(0) || c.cmsg_len > total - off) {
			SP_LINE("sock_cmsg_send:cmsg_ok", -EINVAL,
				"cmsg_len %zu invalid (min %zu, room %zu): -EINVAL", c.cmsg_len, CMSG_LEN(0),
				total - off);
			SP_RET(-EINVAL);
		}
		off += CMSG_ALIGN(c.cmsg_len);
		if (c.cmsg_level != SOL_SOCKET) {
			SP_LINE("sock_cmsg_send:skip", c.cmsg_level, "level %d != SOL_SOCKET: not ours, skip",
				c.cmsg_level);
			continue;
		}
		int ret = __sock_cmsg_send(sk, &c, sockc);
		if (ret)
			SP_RET(ret);
	}
	SP_RET(0);
}

// ---------------------------------------------------------------- socket options
static int get_int(const void *optval, unsigned optlen, int *val)
{
	if (optlen < sizeof(int))
		return -EINVAL;
	std::memcpy(val, optval, sizeof(int));
	return 0;
}

int sock_setsockopt(sock *sk, int optname, const void *optval, unsigned optlen)
{
	SP_FN("%s optname=%d optlen=%u", sk->name.c_str(), optname, optlen);
	int val = 0, ret = 0;
	if (optname == SO_BINDTODEVICE) {
		// sock_setbindtodevice(): optval is an interface name ("" unbinds).
		std::string name((const char *)optval, strnlen((const char *)optval, optlen));
		int index = 0;
		if (!name.empty()) {
			if (!world().dev || world().dev->name != name) {
				SP_LINE("sock_setbindtodevice:nodev", -ENODEV, "no device \"%s\": -ENODEV",
					name.c_str());
				SP_RET(-ENODEV);
			}
			index = world().dev->ifindex;
		}
		// sock_bindtoindex_locked(): re-binding an already bound socket needs CAP_NET_RAW.
		if (sk->sk_bound_dev_if && !world().sockext.cap_net_admin) {
			SP_LINE("sock_bindtoindex_locked:perm", -EPERM,
				"already bound to %d, no CAP_NET_RAW: -EPERM", sk->sk_bound_dev_if);
			SP_RET(-EPERM);
		}
		sk->sk_bound_dev_if = index;
		sk->sk_dst_cache = sk->sk_dst_cache; // sk_dst_reset(): the route is re-looked-up on connect
		SP_LINE("sock_bindtoindex_locked:bound", index, "sk_bound_dev_if = %d (%s)", index,
			name.c_str());
		SP_RET(0);
	}
	if (optname == SO_SNDTIMEO) {
		// struct __kernel_old_timeval {long tv_sec; long tv_usec;}
		if (optlen < 16)
			SP_RET(-EINVAL);
		long tv[2];
		std::memcpy(tv, optval, 16);
		if (tv[1] < 0 || tv[1] >= 1000000)
			SP_RET(-EDOM);
		if (tv[0] < 0) {
			sk->sk_sndtimeo = 0;
			SP_RET(0);
		}
		u64 j = (u64)tv[0] * HZ + ((u64)tv[1] * HZ + 999999) / 1000000;
		sk->sk_sndtimeo = (tv[0] == 0 && tv[1] == 0) ? ~0ull : j;
		SP_LINE("sock_setsockopt:sndtimeo", (long)j, "sk_sndtimeo = %ld.%06lds = %llu jiffies", tv[0],
			tv[1], (unsigned long long)j);
		SP_RET(0);
	}
	if (int e = get_int(optval, optlen, &val))
		SP_RET(e);
	switch (optname) {
	case SO_SNDBUF: {
		// Clamp to wmem_max, then double (room for struct sk_buff overhead).
		u32 v = std::min<u32>((u32)val, (u32)sysctl().wmem_max);
		sk->sk_userlocks |= SOCK_SNDBUF_LOCK;
		v = std::min<u32>(v, INT32_MAX / 2);
		sk->sk_sndbuf = std::max<int>((int)v * 2, SOCK_MIN_SNDBUF);
		SP_LINE("sock_setsockopt:sndbuf", sk->sk_sndbuf,
			"min(%d, wmem_max %d) * 2 = sk_sndbuf %d (SNDBUF_LOCK)", val, sysctl().wmem_max,
			(int)sk->sk_sndbuf);
		sk_stream_write_space(sk);
		break;
	}
	case SO_RCVBUF: {
		u32 v = std::min<u32>((u32)val, (u32)sysctl().rmem_max);
		sk->sk_userlocks |= SOCK_RCVBUF_LOCK;
		sk->sk_rcvbuf = std::max<int>((int)std::min<u32>(v, INT32_MAX / 2) * 2, SOCK_MIN_RCVBUF);
		break;
	}
	case SO_ZEROCOPY:
		// TCP (and UDP) over IPv4/IPv6 only; the value is a boolean 0/1.
		if (val < 0 || val > 1) {
			ret = -EINVAL;
			break;
		}
		if (val)
			sk->sk_flags |= SOCK_ZEROCOPY;
		else
			sk->sk_flags &= ~SOCK_ZEROCOPY;
		SP_LINE("sock_setsockopt:zerocopy", val, "SOCK_ZEROCOPY = %d", val);
		break;
	case SO_PRIORITY:
		if (sk_set_prio_allowed(sk, val)) {
			sk->sk_priority = (u32)val;
		} else {
			SP_LINE("sock_setsockopt:prio_perm", -EPERM,
				"priority %d outside 0..6 and no CAP_NET_ADMIN: -EPERM", val);
			ret = -EPERM;
		}
		break;
	case SO_MARK:
		if (!world().sockext.cap_net_admin) {
			ret = -EPERM;
			break;
		}
		sk->sk_mark = (u32)val;
		break;
	case SO_MAX_PACING_RATE: {
		// ~0U means "no limit"; any other value turns pacing on (SK_PACING_NEEDED) for non-fq qdiscs.
		u64 ulval = ((u32)val == ~0U) ? ~0ull : (u64)(u32)val;
		if (optlen >= sizeof(u64))
			std::memcpy(&ulval, optval, sizeof(u64));
		if (ulval != ~0ull && sk->sk_pacing_status == SK_PACING_NONE)
			sk->sk_pacing_status = SK_PACING_NEEDED;
		sk->sk_max_pacing_rate = ulval;
		if (ulval < sk->sk_pacing_rate)
			sk->sk_pacing_rate = ulval;
		SP_LINE("sock_setsockopt:max_pacing", (long)std::min<u64>(ulval, INT64_MAX),
			"sk_max_pacing_rate=%llu B/s pacing_status=%u", (unsigned long long)ulval,
			(unsigned)sk->sk_pacing_status);
		break;
	}
	case SO_TIMESTAMPING:
		ret = sock_set_timestamping(sk, (u32)val);
		break;
	default:
		ret = -ENOPROTOOPT;
	}
	SP_RET(ret);
}

int sock_getsockopt(sock *sk, int optname, void *optval, unsigned *optlen)
{
	SP_FN("%s optname=%d", sk->name.c_str(), optname);
	long long v;
	switch (optname) {
	case SO_SNDBUF:
		v = sk->sk_sndbuf;
		break;
	case SO_RCVBUF:
		v = sk->sk_rcvbuf;
		break;
	case SO_ZEROCOPY:
		v = sock_flag(sk, SOCK_ZEROCOPY) ? 1 : 0;
		break;
	case SO_PRIORITY:
		v = sk->sk_priority;
		break;
	case SO_MARK:
		v = sk->sk_mark;
		break;
	case SO_MAX_PACING_RATE:
		v = (long long)sk->sk_max_pacing_rate.get();
		break;
	case SO_TIMESTAMPING:
		v = sk->sk_tsflags;
		break;
	case SO_BINDTODEVICE: {
		std::string n = sk->sk_bound_dev_if && world().dev ? world().dev->name : "";
		if (*optlen < n.size() + 1)
			SP_RET(-EINVAL);
		std::memcpy(optval, n.c_str(), n.size() + 1);
		*optlen = (unsigned)n.size() + 1;
		SP_RET(0);
	}
	default:
		SP_RET(-ENOPROTOOPT);
	}
	if (optname == SO_MAX_PACING_RATE && *optlen >= sizeof(u64)) {
		u64 u = (u64)v;
		std::memcpy(optval, &u, sizeof u);
		*optlen = sizeof u;
		SP_RET(0);
	}
	if (*optlen < sizeof(int))
		SP_RET(-EINVAL);
	int iv = (int)v;
	std::memcpy(optval, &iv, sizeof iv);
	*optlen = sizeof iv;
	SP_RET(0);
}

// ---------------------------------------------------------------- sleeping in virtual time
// sk_wait_event(): the process sleeps on sk_sleep(sk). Nothing blocks in the engine: the sleep
// runs the simulation's queued events (ACK arrivals, timers, TX completions) in time order until
// cond() holds or the timeout passes.
int sk_wait_event(sock *sk, long *timeo, const char *why, bool (*cond)(sock *))
{
	SP_FN("%s %s timeo=%ld", sk->name.c_str(), why, *timeo);
	bool infinite = *timeo == MAX_SCHEDULE_TIMEOUT;
	u64 start = sim().now_ns();
	u64 deadline = infinite ? UINT64_MAX : start + Sim::jiffies_to_ns((u64)*timeo);
	SP_LINE("sk_wait_event:sleep", *timeo, "%s: sleep (timeout %s%ld jiffies)", why,
		infinite ? "none, " : "", infinite ? 0L : *timeo);
	bool ok = cond(sk);
	while (!ok) {
		u64 t = sim().next_event_time();
		if (t == UINT64_MAX || sim().stopped)
			break;
		if (t > deadline)
			break;
		sim().run(t);
		ok = cond(sk);
	}
	if (!ok && sim().stopped) {
		// The run was stopped (step budget or a model error): unwind like a signal would.
		SP_LINE("sk_wait_event:stopped", -EINTR, "run stopped (%s): return -EINTR",
			sim().stop_reason.c_str());
		SP_RET(-EINTR);
	}
	if (!ok && sim().next_event_time() == UINT64_MAX && infinite) {
		world().warnings.push_back("sleep in " + std::string(why) + " on " + sk->name +
					   " can never end: no event left to wake it (returned -EINTR)");
		SP_LINE("sk_wait_event:forever", -EINTR,
			"no event can wake the sleeper: model returns -EINTR");
		SP_RET(-EINTR);
	}
	if (!ok && !infinite) {
		sim().advance_to(deadline);
		*timeo = 0;
	} else if (!infinite) {
		u64 used = (sim().now_ns() - start) / (NSEC_PER_SEC / HZ);
		*timeo = used >= (u64)*timeo ? 0 : *timeo - (long)used;
	}
	SP_LINE("sk_wait_event:woken", ok, "%s after %llu us: %s", ok ? "woken" : "timed out",
		(unsigned long long)((sim().now_ns() - start) / 1000),
		ok ? "condition true" : "condition still false");
	SP_RET(ok ? 1 : 0);
}

void sock_def_wakeup(sock *sk)
{
	if (socket_file *s = sock_of(sk)) {
		s->state_wakeups++;
		wake_up_interruptible_poll(s, 0); // wake_up_interruptible_all(): no key, every waiter
	}
}

void sock_def_readable(sock *sk)
{
	if (socket_file *s = sock_of(sk)) {
		s->state_wakeups++;
		wake_up_interruptible_poll(s, EPOLLIN | EPOLLPRI | EPOLLRDNORM | EPOLLRDBAND);
	}
}

void sk_error_report(sock *sk)
{
	SP_FN("%s err=%d", sk->name.c_str(), (int)sk->sk_err);
	if (socket_file *s = sock_of(sk)) {
		s->state_wakeups++;
		wake_up_interruptible_poll(s, EPOLLERR); // sock_def_error_report
	}
}
