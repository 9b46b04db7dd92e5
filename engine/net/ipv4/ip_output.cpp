// SPDX-License-Identifier: GPL-2.0-or-later
// net/ipv4/ip_output.c (TCP's way out): ip_queue_xmit builds the IPv4 header in front of the TCP
// header, ip_local_out fills tot_len and the header checksum, ip_output / ip_finish_output pick
// between "send as is", "GSO" and "fragment", and ip_finish_output2 hands the packet to the
// neighbour layer (which adds the Ethernet header) on its way to dev_queue_xmit.
//
// Model: there is no netfilter (the NF_INET_LOCAL_OUT and NF_INET_POST_ROUTING hooks have no rules,
// so they call the next function directly), no cgroup BPF egress program, no IP options, no xfrm
// and no l3mdev; each of those steps is marked with an SP_LINE so the trace shows where it would be.
#include <cstring>

#include "net/checksum.h"
#include "net/core/xmit_err.h"
#include "net/ip.h"
#include "net/tcp.h"
#include "sim/world.h"

using namespace sp;

constexpr unsigned IP_MAX_MTU = 0xFFFF;

static inline u8 *ip_hdr_ptr(sk_buff *skb)
{
	return skb->head() + skb->network_header;
}

// ip_send_check(): header checksum of a 20-byte (ihl 5+) header, in place
void ip_send_check(u8 *iph)
{
	iph[IPH_CHECK] = 0;
	iph[IPH_CHECK + 1] = 0;
	__sum16 c = ip_fast_csum(iph, iph[0] & 0x0f);
	std::memcpy(iph + IPH_CHECK, &c, 2); // memory order, as iph->check = ip_fast_csum(...)
}

// The header is edited in a local copy and written back, so the trace records the bytes.
static void ip_hdr_read(const sk_buff *skb, u8 *h)
{
	std::memcpy(h, skb->head() + skb->network_header, IPH_LEN);
}
static void ip_hdr_write(sk_buff *skb, const u8 *h)
{
	skb->write(skb->network_header, h, IPH_LEN);
}

// ip_select_ident_segs(): TCP sockets number their packets with the private inet_id counter and
// reserve one id per GSO segment (inet_gso_segment hands them out).
void ip_select_ident_segs(sock *sk, sk_buff *skb, u8 *iph_unused, int segs)
{
	SP_FN("%s segs=%d", skb->name.c_str(), segs);
	(void)iph_unused;
	u8 h[IPH_LEN];
	ip_hdr_read(skb, h);
	u16 val;
	if (sk && sk->skc_daddr) {
		inet_sock *inet = inet_sk(sk);
		val = inet->inet_id;
		inet->inet_id = (u16)(val + segs);
		SP_LINE("ip_select_ident_segs:inet_id", val, "id %u from inet_id; inet_id += %d -> %u", val,
			segs, (u32)inet->inet_id);
	} else if ((h[IPH_FRAG_OFF] << 8 | h[IPH_FRAG_OFF + 1]) & IP_DF) {
		val = 0;
		SP_LINE("ip_select_ident_segs:df_zero", 0, "%s", "no connected socket and DF: id 0");
	} else {
		// __ip_select_ident(): hashed per-destination generator; the model draws from sim().rng
		val = (u16)sim().rng.u32();
		SP_LINE("ip_select_ident_segs:hashed", val, "no socket, no DF: __ip_select_ident -> %u", val);
	}
	h[IPH_ID] = (u8)(val >> 8);
	h[IPH_ID + 1] = (u8)val;
	ip_hdr_write(skb, h);
}

int ip_queue_xmit(sock *sk, sk_buff *skb, void *fl)
{
	SP_FN("%s", skb->name.c_str());
	SP_RET(__ip_queue_xmit(sk, skb, fl, inet_sk(sk)->tos));
}

int __ip_queue_xmit(sock *sk, sk_buff *skb, void *fl, u8 tos)
{
	SP_FN("%s len=%u tos=0x%02x", skb->name.c_str(), (u32)skb->len, tos);
	inet_sock *inet = inet_sk(sk);
	rtable *rt = skb_rtable(skb);
	if (rt) {
		SP_LINE("__ip_queue_xmit:routed", 1, "%s", "skb already routed");
	} else {
		// __sk_dst_check(sk, 0): the socket's cached route, unless it became obsolete
		dst_entry *dst = sk->sk_dst_cache;
		if (dst && dst->obsolete > 0)
			dst = nullptr;
		rt = static_cast<rtable *>(dst);
		if (!rt) {
			SP_LINE("__ip_queue_xmit:route_lookup", 0, "%s",
				"no cached route: ip_route_output_ports");
			rt = ip_route_output_ports(sk);
			if (!rt) {
				// no_route: IPSTATS_MIB_OUTNOROUTES, drop
				SP_LINE("__ip_queue_xmit:no_route", -EHOSTUNREACH, "%s",
					"no route: drop, -EHOSTUNREACH");
				kfree_skb(skb);
				SP_RET(-EHOSTUNREACH);
			}
			sk_setup_caps(sk, rt);
		} else {
			SP_LINE("__ip_queue_xmit:cached_dst", 1, "cached route via %s mtu %u",
				rt->dev->name.c_str(), rt->mtu);
		}
		skb->dst = rt; // skb_dst_set_noref()
	}
	// packet_routed: no IP options (inet_opt == NULL), so no strict-route check
	skb_push(skb, IPH_LEN);
	skb_reset_network_header(skb);

	u8 h[IPH_LEN] = {};
	// *((__be16 *)iph) = htons((4 << 12) | (5 << 8) | (tos & 0xff))
	h[0] = 0x45;
	h[1] = tos;
	// ip_dont_fragment(): IP_PMTUDISC_DO/WANT -> DF (skb->ignore_df is never set on TCP)
	bool df = inet->pmtudisc_do;
	if (df) {
		h[IPH_FRAG_OFF] = IP_DF >> 8;
		h[IPH_FRAG_OFF + 1] = 0;
	}
	// ip_select_ttl(): the socket's IP_TTL, or (unset) the route's hop limit = sysctl ip_default_ttl
	// Model: uc_ttl == 0 stands for the kernel's -1 ("not set by setsockopt").
	int ttl = inet->uc_ttl ? inet->uc_ttl : sysctl().ip_default_ttl;
	h[IPH_TTL] = (u8)ttl;
	h[IPH_PROTOCOL] = IPPROTO_TCP; // sk->sk_protocol
	// ip_copy_addrs(iph, fl4): saddr, daddr as they sit in memory (network order)
	std::memcpy(h + IPH_SADDR, &sk->skc_rcv_saddr, 4);
	std::memcpy(h + IPH_DADDR, &sk->skc_daddr, 4);
	skb->write(skb->network_header, h, IPH_LEN);
	SP_LINE("__ip_queue_xmit:iph", ttl, "IPv4 header: ihl 5, tos 0x%02x, DF=%d, TTL %d, proto TCP", tos,
		df, ttl);

	u16 segs = skb_shinfo(skb)->gso_segs;
	ip_select_ident_segs(sk, skb, ip_hdr_ptr(skb), segs ? segs : 1);

	skb->priority = sk->sk_priority;
	// (skb->mark = sk->sk_mark: no mark field in the model)
	int res = ip_local_out(sk, skb);
	SP_RET(res);
}

int ip_local_out(sock *sk, sk_buff *skb)
{
	SP_FN("%s", skb->name.c_str());
	int err = __ip_local_out(sk, skb);
	if (err == 1)
		err = dst_output(sk, skb);
	SP_RET(err);
}

int __ip_local_out(sock *sk, sk_buff *skb)
{
	SP_FN("%s len=%u", skb->name.c_str(), (u32)skb->len);
	u8 h[IPH_LEN];
	ip_hdr_read(skb, h);
	// iph_set_totlen(): BIG TCP packets above 64 KiB carry tot_len 0
	u16 tot = skb->len <= IP_MAX_MTU ? (u16)skb->len : 0;
	h[IPH_TOT_LEN] = (u8)(tot >> 8);
	h[IPH_TOT_LEN + 1] = (u8)tot;
	ip_send_check(h);
	ip_hdr_write(skb, h);
	SP_LINE("__ip_local_out:totlen_check", tot, "tot_len %u, header checksum %02x %02x", tot,
		h[IPH_CHECK], h[IPH_CHECK + 1]);
	skb->protocol = ETH_P_IP; // htons(ETH_P_IP); the model keeps skb->protocol in host order
	SP_LINE("__ip_local_out:nf_local_out", 1, "%s",
		"NF_INET_LOCAL_OUT: no netfilter rules, continue (return 1)");
	SP_RET(1);
}

int dst_output(sock *sk, sk_buff *skb)
{
	SP_FN("%s", skb->name.c_str());
	// skb_dst(skb)->output == ip_output for an IPv4 unicast route
	SP_RET(ip_output(sk, skb));
}

int ip_output(sock *sk, sk_buff *skb)
{
	SP_FN("%s", skb->name.c_str());
	dst_entry *dst = skb_dst(skb);
	skb->dev = dst->dev;
	skb->protocol = ETH_P_IP;
	SP_LINE("ip_output:dev", 1, "skb->dev = %s; NF_INET_POST_ROUTING: no rules", dst->dev->name.c_str());
	SP_RET(ip_finish_output(sk, skb));
}

int ip_finish_output(sock *sk, sk_buff *skb)
{
	SP_FN("%s", skb->name.c_str());
	SP_LINE("ip_finish_output:cgroup_bpf", 0, "%s",
		"BPF_CGROUP_RUN_PROG_INET_EGRESS: no program, NET_XMIT_SUCCESS");
	SP_RET(__ip_finish_output(sk, skb));
}

int __ip_finish_output(sock *sk, sk_buff *skb)
{
	SP_FN("%s len=%u", skb->name.c_str(), (u32)skb->len);
	// ip_skb_dst_mtu(): the route's MTU for a socket using PMTU discovery
	unsigned mtu = skb_dst(skb)->mtu;
	if (skb_is_gso(skb)) {
		SP_LINE("__ip_finish_output:gso", mtu,
			"GSO skb (gso_size %u, %u segs): ip_finish_output_gso, mtu %u",
			(u32)skb_shinfo(skb)->gso_size, (u32)skb_shinfo(skb)->gso_segs, mtu);
		SP_RET(ip_finish_output_gso(sk, skb, mtu));
	}
	if (skb->len > mtu) {
		SP_LINE("__ip_finish_output:fragment", skb->len, "len %u > mtu %u: ip_fragment",
			(u32)skb->len, mtu);
		SP_RET(ip_fragment(sk, skb, mtu));
	}
	SP_LINE("__ip_finish_output:fits", skb->len, "len %u <= mtu %u", (u32)skb->len, mtu);
	SP_RET(ip_finish_output2(sk, skb));
}

// skb_gso_validate_network_len(): will every segment (IP header + TCP header + gso_size) fit?
static bool skb_gso_validate_network_len(const sk_buff *skb, unsigned mtu)
{
	unsigned thlen = (skb->head()[skb->transport_header + 12] >> 4) * 4;
	unsigned seglen = (skb->transport_header - skb->network_header) + thlen + skb_shinfo(skb)->gso_size;
	return seglen <= mtu;
}

int ip_finish_output_gso(sock *sk, sk_buff *skb, unsigned mtu)
{
	SP_FN("%s mtu=%u", skb->name.c_str(), mtu);
	if (skb_gso_validate_network_len(skb, mtu)) {
		SP_LINE("ip_finish_output_gso:fits", 1, "each segment fits mtu %u: send the GSO skb whole",
			mtu);
		SP_RET(ip_finish_output2(sk, skb));
	}
	// Slow path: the segments are bigger than the egress MTU. Segment now, then fragment each.
	SP_LINE("ip_finish_output_gso:slowpath", mtu,
		"segments exceed mtu %u: software segment + ip_fragment", mtu);
	u32 features = skb->dev->features & ~NETIF_F_GSO_SOFTWARE;
	// skb_gso_segment expects the MAC header offset; here data is at the IP header (no MAC yet).
	skb->mac_len = 0;
	sk_buff *segs = skb_gso_segment(skb, features);
	if (xmit::IS_ERR_OR_NULL(segs)) {
		kfree_skb(skb);
		SP_RET(-ENOMEM);
	}
	consume_skb(skb);
	int ret = 0;
	while (segs) {
		sk_buff *next = segs->next;
		segs->next = nullptr;
		segs->prev = nullptr;
		int err = ip_fragment(sk, segs, mtu);
		if (err && ret == 0)
			ret = err;
		segs = next;
	}
	SP_RET(ret);
}

// ip_copy_metadata(): what a fragment inherits
static void ip_copy_metadata(sk_buff *to, const sk_buff *from)
{
	to->protocol = from->protocol;
	to->priority = from->priority;
	to->dev = from->dev;
	to->dst = from->dst;
	to->tstamp = from->tstamp;
	to->queue_mapping = from->queue_mapping;
}

// ip_do_fragment(), slow path (ip_frag_init / ip_frag_next): no frag_list in the model
static int ip_do_fragment(sock *sk, sk_buff *skb, unsigned mtu_in)
{
	SP_FN("%s len=%u mtu=%u", skb->name.c_str(), (u32)skb->len, mtu_in);
	int err = 0;
	// for offloaded checksums, finish the checksum before fragmentation
	if (skb->ip_summed == CHECKSUM_PARTIAL && (err = skb_checksum_help(skb))) {
		kfree_skb(skb);
		SP_RET(err);
	}
	u8 h[IPH_LEN];
	ip_hdr_read(skb, h);
	unsigned hlen = (h[0] & 0x0f) * 4;
	unsigned mtu = mtu_in - hlen; // room for data in each fragment
	// LL_RESERVED_SPACE(dev): hard_header_len 14 rounded up to HH_DATA_MOD 16
	unsigned ll_rs = ((ETH_HLEN & ~15u) + 16);
	u16 fo = (u16)(h[IPH_FRAG_OFF] << 8 | h[IPH_FRAG_OFF + 1]);
	unsigned left = skb->len - hlen;
	unsigned ptr = skb_network_offset(skb) + hlen;
	unsigned offset = (fo & IP_OFFSET) << 3;
	bool not_last_frag = fo & IP_MF;
	bool DF = false; // IPSKB_FRAG_PMTU is not set for local TCP
	SP_LINE("ip_do_fragment:init", left, "hlen %u, %u data bytes, %u per fragment (8-byte aligned)", hlen,
		left, mtu & ~7u);
	std::string all = skb_bytes(skb);
	while (left > 0) {
		// ip_frag_next()
		unsigned len = left;
		if (len > mtu)
			len = mtu;
		if (len < left)
			len &= ~7u; // not the last: the next one must start on an 8-byte boundary
		sk_buff *skb2 = alloc_skb(len + hlen + ll_rs, GFP_ATOMIC);
		ip_copy_metadata(skb2, skb);
		skb_reserve(skb2, (int)ll_rs);
		skb_put(skb2, len + hlen);
		skb_reset_network_header(skb2);
		skb2->transport_header = (u16)(skb2->network_header + hlen);
		if (skb->sk)
			skb_set_owner_w(skb2, skb->sk);
		// the IP header, then a block of the datagram
		u8 h2[IPH_LEN];
		std::memcpy(h2, h, IPH_LEN);
		skb2->write(skb2->transport_header, all.data() + ptr, len);
		left -= len;
		u16 nfo = (u16)(offset >> 3);
		if (DF)
			nfo |= IP_DF;
		if (left > 0 || not_last_frag)
			nfo |= IP_MF;
		h2[IPH_FRAG_OFF] = (u8)(nfo >> 8);
		h2[IPH_FRAG_OFF + 1] = (u8)nfo;
		u16 tot = (u16)(len + hlen);
		h2[IPH_TOT_LEN] = (u8)(tot >> 8);
		h2[IPH_TOT_LEN + 1] = (u8)tot;
		ip_send_check(h2);
		skb2->write(skb2->network_header, h2, IPH_LEN);
		SP_LINE("ip_do_fragment:frag", offset >> 3,
			"%s: offset %u (x8 = %u bytes) len %u MF=%d tot_len %u", skb2->name.c_str(),
			offset >> 3, offset, len, !!(nfo & IP_MF), tot);
		ptr += len;
		offset += len;
		err = ip_finish_output2(sk, skb2);
		if (err) {
			kfree_skb(skb);
			SP_RET(err);
		}
	}
	consume_skb(skb);
	SP_RET(0);
}

int ip_fragment(sock *sk, sk_buff *skb, unsigned mtu)
{
	SP_FN("%s len=%u mtu=%u", skb->name.c_str(), (u32)skb->len, mtu);
	const u8 *iph = ip_hdr_ptr(skb);
	u16 fo = (u16)(iph[IPH_FRAG_OFF] << 8 | iph[IPH_FRAG_OFF + 1]);
	if (!(fo & IP_DF)) {
		SP_LINE("ip_fragment:no_df", 0, "%s", "DF clear: ip_do_fragment");
		SP_RET(ip_do_fragment(sk, skb, mtu));
	}
	// DF set and too big (skb->ignore_df is never set on this path): FRAGFAILS, ICMP_FRAG_NEEDED
	SP_LINE("ip_fragment:df_too_big", -EMSGSIZE, "DF set and len %u > mtu %u: drop, -EMSGSIZE",
		(u32)skb->len, mtu);
	world().warnings.push_back("ip_fragment: DF set and " + std::to_string((u32)skb->len) + " > mtu " +
				   std::to_string(mtu) + ": " + skb->name + " dropped (ICMP_FRAG_NEEDED)");
	kfree_skb(skb);
	SP_RET(-EMSGSIZE);
}

int ip_finish_output2(sock *sk, sk_buff *skb)
{
	SP_FN("%s len=%u", skb->name.c_str(), (u32)skb->len);
	dst_entry *dst = skb_dst(skb);
	net_device *dev = dst->dev;
	// LL_RESERVED_SPACE(dev) = 16: room for the Ethernet header (aligned)
	unsigned hh_len = 16;
	if (skb_headroom(skb) < hh_len) {
		// Model: skb_expand_head() is not modelled (TCP always reserves MAX_TCP_HEADER).
		SP_LINE("ip_finish_output2:headroom", skb_headroom(skb), "headroom %u < %u: drop",
			skb_headroom(skb), hh_len);
		world().warnings.push_back("ip_finish_output2: no headroom for the link header in " +
					   skb->name);
		kfree_skb(skb);
		SP_RET(-ENOMEM);
	}
	// ip_neigh_for_gw(): the route's next hop (the peer: a directly connected route)
	neighbour *neigh = dst->neigh;
	if (!neigh) {
		SP_LINE("ip_finish_output2:no_neigh", -EINVAL, "No header cache and no neighbour! (%s)",
			dev->name.c_str());
		kfree_skb(skb);
		SP_RET(-EINVAL);
	}
	SP_LINE("ip_finish_output2:neigh", neigh->nud_state,
		"next hop %02x:%02x:%02x:%02x:%02x:%02x nud_state 0x%x", neigh->ha[0], neigh->ha[1],
		neigh->ha[2], neigh->ha[3], neigh->ha[4], neigh->ha[5], (u32)neigh->nud_state);
	int res = neigh_output(neigh, skb, false);
	SP_RET(res);
}
