// SPDX-License-Identifier: GPL-2.0-or-later
// skb_segment() — kernel file net/core/skbuff.c. It lives in its own file here because
// engine/net/core/skbuff.cpp belongs to another area; this is the TX area's GSO engine.
//
// Cuts a GSO skb into gso_size pieces. Every segment gets a fresh head with a copy of all headers
// (Ethernet + IP + TCP, `doffset` bytes) and then its payload: bytes that sat in the linear part
// are copied, bytes in page frags are shared (the new skb points into the same pages and takes a
// page reference) when the device can do scatter-gather (NETIF_F_SG), else copied too.
// Without checksum offload the payload checksum of each segment is computed here
// (SKB_GSO_CB(nskb)->csum) so that tcp_gso_segment can finish the TCP checksum.
#include <algorithm>
#include <cstring>

#include "net/checksum.h"
#include "net/core/xmit_err.h"
#include "net/ip.h"
#include "sim/world.h"

using namespace sp;

static bool can_checksum_protocol_ip(u32 features)
{
	return features & (NETIF_F_HW_CSUM | NETIF_F_IP_CSUM);
}

// __copy_skb_header(): the metadata a segment inherits (no sk/destructor: tcp_gso_segment moves those)
static void copy_skb_header(sk_buff *n, const sk_buff *o)
{
	n->dev = o->dev;
	n->dst = o->dst;
	n->mac_header = o->mac_header;
	n->network_header = o->network_header;
	n->transport_header = o->transport_header;
	n->mac_len = o->mac_len;
	n->ip_summed = o->ip_summed;
	n->csum_start = o->csum_start;
	n->csum_offset = o->csum_offset;
	n->priority = o->priority;
	n->queue_mapping = o->queue_mapping;
	n->protocol = o->protocol;
	n->tstamp = o->tstamp;
	n->unreadable = o->unreadable;
}

sk_buff *skb_segment(sk_buff *head_skb, u32 features)
{
	SP_FN("%s len=%u gso_size=%u nr_frags=%u", head_skb->name.c_str(), (u32)head_skb->len,
	      (u32)skb_shinfo(head_skb)->gso_size, (u32)skb_shinfo(head_skb)->nr_frags);
	sk_buff *segs = nullptr, *tail = nullptr;
	unsigned mss = skb_shinfo(head_skb)->gso_size;
	unsigned doffset = head_skb->data - head_skb->mac_header;
	unsigned offset = doffset;
	skb_push(head_skb, doffset); // __skb_push: back to the MAC header
	bool sg = features & NETIF_F_SG;
	bool csum = can_checksum_protocol_ip(features);
	unsigned headroom = skb_headroom(head_skb);
	unsigned pos = skb_headlen(head_skb);
	skb_shared_info *hsh = skb_shinfo(head_skb);
	unsigned nfrags = hsh->nr_frags;
	unsigned i = 0;
	unsigned len;
	SP_LINE("skb_segment:setup", mss, "mss=%u doffset=%u (headers) payload=%u sg=%d csum=%d", mss,
		doffset, (u32)head_skb->len - doffset, sg, csum);
	if (head_skb->unreadable && !csum) {
		// The payload of net_iov frags cannot be read to checksum it.
		SP_LINE("skb_segment:unreadable", -EINVAL, "%s",
			"unreadable frags and no csum offload: -EINVAL");
		SP_RET_P(xmit::ERR_PTR(-EINVAL));
	}
	std::string all = skb_bytes(head_skb); // used for copies of non-SG payload

	do {
		len = head_skb->len - offset;
		if (len > mss)
			len = mss;
		int hsize = (int)skb_headlen(head_skb) - (int)offset;
		if (hsize < 0)
			hsize = 0;
		if (hsize > (int)len || !sg)
			hsize = (int)len;

		sk_buff *nskb = __alloc_skb(hsize + doffset + headroom, GFP_ATOMIC, 0);
		skb_reserve(nskb, headroom);
		u32 hdr_at = skb_put(nskb, doffset);
		if (segs)
			tail->next = nskb;
		else
			segs = nskb;
		tail = nskb;

		copy_skb_header(nskb, head_skb);
		// skb_headers_offset_update(): same headroom, so the header offsets carry over unchanged
		// skb_copy_from_linear_data_offset(head_skb, -tnl_hlen, nskb->data, doffset)
		nskb->write(hdr_at, head_skb->head() + head_skb->data, doffset);

		if (!sg) {
			u32 at = skb_put(nskb, len);
			nskb->write(at, all.data() + offset, len);
			if (!csum) {
				nskb->ip_summed = CHECKSUM_NONE;
				nskb->gso_cb.csum = csum_partial(all.data() + offset, (int)len, 0);
				nskb->gso_cb.csum_start = skb_headroom(nskb) + doffset;
			}
			SP_LINE("skb_segment:copy", len, "%s: headers %u + %u payload bytes copied (no SG)",
				nskb->name.c_str(), doffset, len);
			continue;
		}

		// linear part of the payload: copied
		if (hsize) {
			u32 at = skb_put(nskb, hsize);
			nskb->write(at, head_skb->head() + head_skb->data + offset, hsize);
		}
		skb_shinfo(nskb)->flags |= hsh->flags & SKBFL_SHARED_FRAG;
		// Model: skb_zerocopy_clone() is not done: the MSG_ZEROCOPY notification stays with the
		// GSO skb (it fires when that one is freed) instead of following the segments.

		// frags: shared with head_skb, trimmed to [offset, offset + len)
		while (pos < offset + len) {
			if (i >= nfrags)
				break;
			if (skb_shinfo(nskb)->nr_frags >= MAX_SKB_FRAGS) {
				world().warnings.push_back("skb_segment: too many frags");
				SP_RET_P(xmit::ERR_PTR(-EINVAL));
			}
			const skb_frag_t &f = hsh->frags[i];
			unsigned size = skb_frag_size(&f);
			unsigned nf = skb_shinfo(nskb)->nr_frags;
			skb_frag_t &nfrag = skb_shinfo(nskb)->frags[nf];
			nfrag.netmem = f.netmem;
			nfrag.offset = f.offset;
			nfrag.len = f.len;
			if (f.netmem)
				get_page(f.netmem); // __skb_frag_ref
			if (pos < offset) {
				nfrag.offset += offset - pos;
				nfrag.len -= offset - pos;
			}
			skb_shinfo(nskb)->nr_frags = (u8)(nf + 1);
			if (pos + size <= offset + len) {
				i++;
				pos += size;
			} else {
				nfrag.len -= pos + size - (offset + len);
				break;
			}
		}
		nskb->data_len = len - hsize;
		nskb->len += nskb->data_len;
		nskb->truesize += nskb->data_len;
		SP_LINE("skb_segment:seg", len, "%s: headers %u + linear %d + %u bytes in %u shared frags",
			nskb->name.c_str(), doffset, hsize, (u32)nskb->data_len,
			(u32)skb_shinfo(nskb)->nr_frags);

		// perform_csum_check
		if (!csum) {
			if ((skb_shinfo(nskb)->flags & SKBFL_SHARED_FRAG) && __skb_linearize(nskb))
				SP_RET_P(xmit::ERR_PTR(-ENOMEM));
			nskb->ip_summed = CHECKSUM_NONE;
			std::string b = skb_bytes(nskb);
			nskb->gso_cb.csum = csum_partial(b.data() + doffset, (int)(nskb->len - doffset), 0);
			nskb->gso_cb.csum_start = skb_headroom(nskb) + doffset;
		}
	} while ((offset += len) < head_skb->len);

	// Callers want the end of the list: it is kept in segs->prev.
	segs->prev = tail;
	// sock_wfree ownership moves to the last segment (tcp_wfree is handled by tcp_gso_segment)
	if (head_skb->destructor == SkbDestructor::sock_wfree) {
		u32 t = tail->truesize;
		tail->truesize = head_skb->truesize;
		head_skb->truesize = t;
		std::swap(tail->destructor, head_skb->destructor);
		std::swap(tail->sk, head_skb->sk);
	}
	SP_RET_P(segs);
}
