// SPDX-License-Identifier: GPL-2.0-or-later
// net/ipv4/tcp_offload.c (tcp4_gso_segment, tcp_gso_segment) and, for the IP part of software GSO,
// inet_gso_segment (kernel file net/ipv4/af_inet.c).
//
// What each segment gets: its own sequence number (seq of the first + k * mss), the flags of the
// original except CWR (first segment only) and FIN/PSH (last segment only), a TCP checksum fixed
// for its length (pseudo-header only when the NIC finishes it, the full checksum otherwise), and an
// IP header with its own tot_len, IP id (id of the GSO skb + k) and header checksum.
#include <cstring>

#include "net/checksum.h"
#include "net/core/xmit_err.h"
#include "net/ip.h"
#include "net/tcp.h"
#include "sim/world.h"

using namespace sp;

// TCP header field offsets (struct tcphdr)
enum : unsigned { TH_SEQ = 4, TH_DOFF = 12, TH_FLAGS = 13, TH_CHECK = 16 };

static u16 rd16(const sk_buff *skb, u32 off)
{
	u16 v;
	std::memcpy(&v, skb->head() + off, 2);
	return v;
}
static u32 rd32(const sk_buff *skb, u32 off)
{
	u32 v;
	std::memcpy(&v, skb->head() + off, 4);
	return v;
}

// gso_make_checksum(): finish the checksum over the TCP header plus the payload sum that
// skb_segment left in SKB_GSO_CB(skb)->csum.
static __sum16 gso_make_checksum(sk_buff *skb, __wsum res)
{
	u32 csum_start = skb->transport_header;
	int plen = (int)skb->gso_cb.csum_start - (int)csum_start;
	__wsum partial = skb->gso_cb.csum;
	skb->gso_cb.csum = res;
	skb->gso_cb.csum_start = (u16)csum_start;
	return csum_fold(csum_partial(skb->head() + csum_start, plen, partial));
}

// gso_reset_checksum(): the NIC will finish it; remember where the checksum starts
static void gso_reset_checksum(sk_buff *skb, __wsum res)
{
	skb->gso_cb.csum = res;
	skb->gso_cb.csum_start = skb->csum_start;
}

static void set_check(sk_buff *skb, __sum16 c)
{
	skb->write(skb->transport_header + TH_CHECK, &c, 2);
}

sk_buff *tcp_gso_segment(sk_buff *skb, u32 features)
{
	SP_FN("%s len=%u gso_size=%u", skb->name.c_str(), (u32)skb->len, (u32)skb_shinfo(skb)->gso_size);
	sk_buff *segs = xmit::ERR_PTR(-EINVAL);
	sk_buff *gso_skb = skb;
	u32 th = skb->transport_header;
	unsigned thlen = (skb->head()[th + TH_DOFF] >> 4) * 4;
	if (thlen < 20)
		SP_RET_P(segs);
	if (skb->csum_start != skb->transport_header) { // skb_checksum_start != transport header
		SP_LINE("tcp_gso_segment:csum_start", skb->csum_start,
			"csum_start %u != transport header %u: -EINVAL", (u32)skb->csum_start,
			(u32)skb->transport_header);
		SP_RET_P(segs);
	}
	u32 oldlen = ~(u32)skb->len;
	skb_pull(skb, thlen);
	unsigned mss = skb_shinfo(skb)->gso_size;
	if (skb->len <= mss) {
		SP_LINE("tcp_gso_segment:small", skb->len, "payload %u <= mss %u: nothing to cut",
			(u32)skb->len, mss);
		SP_RET_P(segs);
	}
	// skb_gso_ok(skb, features | NETIF_F_GSO_ROBUST): the device could take it after all
	if ((features & NETIF_F_TSO) && (skb_shinfo(skb)->gso_type & SKB_GSO_TCPV4) &&
	    (skb_shinfo(skb)->gso_type & SKB_GSO_DODGY)) {
		skb_shinfo(skb)->gso_segs = (u16)((skb->len + mss - 1) / mss);
		SP_RET_P((sk_buff *)nullptr);
	}
	bool copy_destructor = gso_skb->destructor == SkbDestructor::tcp_wfree;
	u8 ooo_okay = gso_skb->ooo_okay;
	skb->ooo_okay = 0; // all segments but the first have ooo_okay cleared

	segs = skb_segment(skb, features);
	if (xmit::IS_ERR(segs))
		SP_RET_P(segs);
	segs->ooo_okay = ooo_okay;

	// delta: the length difference between the GSO skb and one full segment, in checksum space
	__wsum delta = htonl(oldlen + thlen + mss);
	skb = segs;
	th = skb->transport_header;
	u32 seq = ntohl(rd32(skb, th + TH_SEQ));
	__sum16 newcheck = (__sum16)~csum_fold(csum_add(csum_unfold(rd16(skb, th + TH_CHECK)), delta));
	SP_LINE("tcp_gso_segment:newcheck", newcheck,
		"first seq %u, mss %u: pseudo-header check for a full segment = 0x%04x", seq, mss, newcheck);
	unsigned sum_truesize = 0;
	int k = 0;
	while (skb->next) {
		u8 fl = skb->head()[th + TH_FLAGS];
		fl &= (u8) ~(TCPHDR_FIN | TCPHDR_PSH); // th->fin = th->psh = 0
		skb->write(th + TH_FLAGS, &fl, 1);
		set_check(skb, newcheck);
		if (skb->ip_summed == CHECKSUM_PARTIAL)
			gso_reset_checksum(skb, (__wsum)(u16)~newcheck);
		else
			set_check(skb, gso_make_checksum(skb, (__wsum)(u16)~newcheck));
		SP_LINE("tcp_gso_segment:seg", seq, "%s: seq %u len %u flags 0x%02x check %02x%02x",
			skb->name.c_str(), seq, (u32)skb->len - (th - skb->data) - thlen,
			skb->head()[th + TH_FLAGS], skb->head()[th + TH_CHECK],
			skb->head()[th + TH_CHECK + 1]);
		seq += mss;
		if (copy_destructor) {
			skb->destructor = gso_skb->destructor;
			skb->sk = gso_skb->sk;
			sum_truesize += skb->truesize;
		}
		skb = skb->next;
		th = skb->transport_header;
		u32 nseq = htonl(seq);
		skb->write(th + TH_SEQ, &nseq, 4);
		u8 f2 = skb->head()[th + TH_FLAGS] & (u8)~TCPHDR_CWR; // th->cwr = 0
		skb->write(th + TH_FLAGS, &f2, 1);
		k++;
	}
	// TSQ keeps working with GSO: the last segment carries tcp_wfree and the socket reference.
	if (copy_destructor) {
		std::swap(gso_skb->sk, skb->sk);
		std::swap(gso_skb->destructor, skb->destructor);
		sum_truesize += skb->truesize;
		int d = (int)sum_truesize - (int)gso_skb->truesize;
		if (skb->sk)
			skb->sk->sk_wmem_alloc += d; // refcount_add / refcount_sub_and_test
		SP_LINE("tcp_gso_segment:wmem", d, "segments' truesize %u vs GSO skb %u: sk_wmem_alloc %+d",
			sum_truesize, (u32)gso_skb->truesize, d);
	}
	// the last segment: its own length
	u32 last_len = (skb->tail - th) + skb->data_len; // skb_tail_pointer - transport header + data_len
	delta = htonl(oldlen + last_len);
	__sum16 lc = (__sum16)~csum_fold(csum_add(csum_unfold(rd16(skb, th + TH_CHECK)), delta));
	set_check(skb, lc);
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		gso_reset_checksum(skb, (__wsum)(u16)~lc);
	else
		set_check(skb, gso_make_checksum(skb, (__wsum)(u16)~lc));
	SP_LINE("tcp_gso_segment:last", seq, "%s (last): seq %u len %u flags 0x%02x check %02x%02x",
		skb->name.c_str(), seq, last_len - thlen, skb->head()[th + TH_FLAGS],
		skb->head()[th + TH_CHECK], skb->head()[th + TH_CHECK + 1]);
	SP_RET_P(segs);
}

static sk_buff *tcp4_gso_segment(sk_buff *skb, u32 features)
{
	SP_FN("%s", skb->name.c_str());
	if (!(skb_shinfo(skb)->gso_type & SKB_GSO_TCPV4))
		SP_RET_P(xmit::ERR_PTR(-EINVAL));
	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		// Set up the checksum pseudo header (the stack normally did this already).
		u32 nh = skb->network_header;
		__be32 saddr, daddr;
		std::memcpy(&saddr, skb->head() + nh + IPH_SADDR, 4);
		std::memcpy(&daddr, skb->head() + nh + IPH_DADDR, 4);
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb->transport_header;
		skb->csum_offset = TH_CHECK;
		__sum16 c = (__sum16)~csum_tcpudp_magic(saddr, daddr, skb->len, IPPROTO_TCP, 0);
		set_check(skb, c);
		SP_LINE("tcp4_gso_segment:pseudo", c, "%s",
			"not CHECKSUM_PARTIAL: __tcp_v4_send_check sets the pseudo header");
	}
	SP_RET_P(tcp_gso_segment(skb, features));
}

sk_buff *inet_gso_segment(sk_buff *skb, u32 features)
{
	SP_FN("%s len=%u", skb->name.c_str(), (u32)skb->len);
	sk_buff *segs = xmit::ERR_PTR(-EINVAL);
	skb_reset_network_header(skb);
	u32 nhoff = skb->network_header - skb->mac_header;
	const u8 *iph = skb->head() + skb->network_header;
	unsigned ihl = (iph[0] & 0x0f) * 4;
	if (ihl < 20)
		SP_RET_P(segs);
	u16 id = (u16)((iph[IPH_ID] << 8) | iph[IPH_ID + 1]);
	u8 proto = iph[IPH_PROTOCOL];
	skb_pull(skb, ihl);
	skb->gso_cb.encap_level += ihl;
	skb_reset_transport_header(skb);
	if (proto != IPPROTO_TCP)
		SP_RET_P(xmit::ERR_PTR(-EPROTONOSUPPORT));
	segs = tcp4_gso_segment(skb, features);
	if (!segs)
		skb->network_header = (u16)(skb->mac_header + nhoff);
	if (xmit::IS_ERR_OR_NULL(segs))
		SP_RET_P(segs);
	int n = 0;
	for (sk_buff *s = segs; s; s = s->next) {
		u32 iph_off = s->mac_header + nhoff;
		u8 h[IPH_LEN];
		std::memcpy(h, s->head() + iph_off, IPH_LEN);
		// not SKB_GSO_TCP_FIXEDID: each segment takes the next IP id
		h[IPH_ID] = (u8)(id >> 8);
		h[IPH_ID + 1] = (u8)id;
		u16 tot_len = (u16)(s->len - nhoff);
		h[IPH_TOT_LEN] = (u8)(tot_len >> 8);
		h[IPH_TOT_LEN + 1] = (u8)tot_len;
		ip_send_check(h);
		s->write(iph_off, h, IPH_LEN);
		s->network_header = (u16)iph_off;
		s->mac_len = s->network_header - s->mac_header; // skb_reset_mac_len()
		SP_LINE("inet_gso_segment:iph", id, "%s: IP id %u tot_len %u check %02x%02x", s->name.c_str(),
			id, tot_len, h[IPH_CHECK], h[IPH_CHECK + 1]);
		id++;
		n++;
	}
	SP_LINE("inet_gso_segment:done", n, "%d segments", n);
	SP_RET_P(segs);
}
