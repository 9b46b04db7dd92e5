// SPDX-License-Identifier: GPL-2.0-or-later
// net/core/gso.c: skb_gso_segment / __skb_gso_segment / skb_mac_gso_segment.
// Software GSO: a "super-packet" built by TCP (up to 64 KiB, one TCP header) is cut into
// MSS-sized packets, each with its own copy of the Ethernet, IP and TCP headers. This runs in
// validate_xmit_skb when the device cannot do TSO itself (or lacks checksum offload).
#include "net/core/xmit_err.h"
#include "net/ip.h"
#include "sim/world.h"

using namespace sp;

sk_buff *inet_gso_segment(sk_buff *skb, u32 features); // engine/net/ipv4/tcp_offload.cpp

// skb_mac_gso_segment(): skip the MAC header and hand the skb to the L3 offload (inet_gso_segment)
static sk_buff *skb_mac_gso_segment(sk_buff *skb, u32 features)
{
	SP_FN("%s mac_len=%u", skb->name.c_str(), (u32)skb->mac_len);
	u32 vlan_depth = skb->mac_len;
	// skb_network_protocol(): ETH_P_IP is the only protocol in the model
	if ((u16)skb->protocol != ETH_P_IP && (u16)skb->protocol != htons(ETH_P_IP)) {
		SP_LINE("skb_mac_gso_segment:proto", skb->protocol,
			"protocol 0x%04x has no gso_segment: -EPROTONOSUPPORT", (u32)skb->protocol);
		SP_RET_P(xmit::ERR_PTR(-EPROTONOSUPPORT));
	}
	skb_pull(skb, vlan_depth); // __skb_pull
	sk_buff *segs = inet_gso_segment(skb, features);
	// __skb_push(skb, skb->data - skb_mac_header(skb)): the original goes back to its MAC header
	skb_push(skb, skb->data - skb->mac_header);
	SP_RET_P(segs);
}

sk_buff *__skb_gso_segment(sk_buff *skb, u32 features, bool tx_path)
{
	SP_FN("%s len=%u gso_size=%u gso_segs=%u tx_path=%d", skb->name.c_str(), (u32)skb->len,
	      (u32)skb_shinfo(skb)->gso_size, (u32)skb_shinfo(skb)->gso_segs, tx_path);
	// skb_needs_check(): on TX a GSO skb is expected to be CHECKSUM_PARTIAL
	bool needs_check = tx_path ? skb->ip_summed != CHECKSUM_PARTIAL : skb->ip_summed == CHECKSUM_NONE;
	// Model: skb_cow_head(skb, 0) for needs_check is not needed: the headers are in our headroom.
	skb->gso_cb.mac_offset = skb_headroom(skb);
	skb->gso_cb.encap_level = 0;
	skb_reset_mac_header(skb);
	skb->mac_len = skb->network_header - skb->mac_header; // skb_reset_mac_len()
	sk_buff *segs = skb_mac_gso_segment(skb, features);
	if (segs != skb && needs_check && !xmit::IS_ERR(segs)) {
		world().warnings.push_back("skb_warn_bad_offload: " + skb->name +
					   " was not CHECKSUM_PARTIAL");
		SP_LINE("__skb_gso_segment:bad_offload", skb->ip_summed, "ip_summed=%u: skb_warn_bad_offload",
			(u32)skb->ip_summed);
	}
	SP_RET_P(segs);
}

sk_buff *skb_gso_segment(sk_buff *skb, u32 features)
{
	return __skb_gso_segment(skb, features, true);
}
