// SPDX-License-Identifier: GPL-2.0-or-later
// net/core/neighbour.c and include/net/neighbour.h on the TX path: neigh_output picks the fast
// path (neigh_hh_output: copy the cached Ethernet header in front of the IP header) when the
// neighbour is resolved and its header is cached, else neigh_resolve_output, which resolves the
// neighbour first (ARP) and builds the header (dev_hard_header) and the cache (neigh_hh_init).
//
// Model: ARP resolution is a state change with a virtual-time delay: NUD_NONE -> NUD_INCOMPLETE
// (the packet waits on the neighbour's arp_queue) -> after resolve_delay_ns NUD_REACHABLE, then the
// queue is flushed. No ARP request/reply frames are put on the wire, and the entry never ages
// to NUD_STALE (no neighbour timers besides the resolution).
#include <cstring>

#include "net/ip.h"
#include "sim/world.h"

using namespace sp;

constexpr unsigned HH_DATA_MOD = 16;
constexpr u8 NUD_NOARP = 0x40;
constexpr u8 NUD_CONNECTED = NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE;

static const char *nud_name(u8 s)
{
	switch (s) {
	case NUD_NONE:
		return "NUD_NONE";
	case NUD_INCOMPLETE:
		return "NUD_INCOMPLETE";
	case NUD_REACHABLE:
		return "NUD_REACHABLE";
	case NUD_STALE:
		return "NUD_STALE";
	case NUD_PERMANENT:
		return "NUD_PERMANENT";
	}
	return "?";
}

// eth_header(): push dst MAC, src MAC, ethertype (dev_hard_header for Ethernet)
static int eth_header(sk_buff *skb, net_device *dev, u16 type, const u8 *daddr)
{
	u8 eth[ETH_HLEN];
	std::memcpy(eth, daddr, 6);
	std::memcpy(eth + 6, dev->dev_addr, 6);
	eth[12] = (u8)(type >> 8);
	eth[13] = (u8)type;
	u32 at = skb_push(skb, ETH_HLEN);
	skb->write(at, eth, ETH_HLEN);
	return ETH_HLEN;
}

// neigh_hh_init() -> eth_header_cache(): the header sits at the end of the 16-byte aligned slot
static void neigh_hh_init(neighbour *n)
{
	u8 *eth = n->hh_data + (HH_DATA_MOD - ETH_HLEN); // HH_DATA_OFF(sizeof(struct ethhdr)) = 2
	std::memset(n->hh_data, 0, sizeof n->hh_data);
	std::memcpy(eth, n->ha, 6);
	std::memcpy(eth + 6, n->dev->dev_addr, 6);
	eth[12] = ETH_P_IP >> 8;
	eth[13] = ETH_P_IP & 0xff;
	n->hh_len = ETH_HLEN;
	n->hh_valid = true;
	SP_LINE("neigh_resolve_output:hh_init", n->hh_len, "%s",
		"cache the Ethernet header in neigh->hh (hh_len 14)");
}

int neigh_hh_output(neighbour *n, sk_buff *skb)
{
	SP_FN("%s hh_len=%u", skb->name.c_str(), n->hh_len);
	unsigned hh_len = n->hh_len;
	unsigned hh_alen = HH_DATA_MOD; // hh_len 14 <= HH_DATA_MOD: copy one aligned 16-byte block
	if (skb_headroom(skb) < hh_alen) {
		SP_LINE("neigh_hh_output:headroom", skb_headroom(skb), "WARN: headroom %u < %u: drop",
			skb_headroom(skb), hh_alen);
		world().warnings.push_back("neigh_hh_output: headroom too small in " + skb->name);
		kfree_skb(skb);
		SP_RET(NET_XMIT_DROP);
	}
	// memcpy(skb->data - HH_DATA_MOD, hh->hh_data, HH_DATA_MOD)
	skb->write(skb->data - hh_alen, n->hh_data, hh_alen);
	skb_push(skb, hh_len); // __skb_push
	const u8 *e = skb->head() + skb->data;
	SP_LINE("neigh_hh_output:push", hh_len,
		"cached header: dst %02x:%02x:%02x:%02x:%02x:%02x src %02x:%02x:%02x:%02x:%02x:%02x type "
		"0x%02x%02x",
		e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8], e[9], e[10], e[11], e[12], e[13]);
	SP_RET(dev_queue_xmit(skb));
}

int neigh_output(neighbour *n, sk_buff *skb, bool skip_cache)
{
	SP_FN("%s %s hh_len=%u", skb->name.c_str(), nud_name(n->nud_state), n->hh_len);
	if (!skip_cache && (n->nud_state & NUD_CONNECTED) && n->hh_len) {
		SP_LINE("neigh_output:hh", 1, "%s and header cached: fast path neigh_hh_output",
			nud_name(n->nud_state));
		SP_RET(neigh_hh_output(n, skb));
	}
	SP_LINE("neigh_output:slow", 0, "%s, hh_len %u: n->output = neigh_resolve_output",
		nud_name(n->nud_state), n->hh_len);
	SP_RET(neigh_resolve_output(n, skb));
}

// neigh_update(NUD_REACHABLE) after the (modelled) ARP reply: flush the packets that waited
static void neigh_resolved(neighbour *n)
{
	SP_FN_NAMED("neigh_update", "%s -> NUD_REACHABLE, %zu queued", nud_name(n->nud_state),
		    n->arp_queue.size());
	n->resolve_ev = 0;
	n->nud_state = NUD_REACHABLE;
	SP_LINE("neigh_update:reachable", n->arp_queue.size(),
		"ARP reply: %02x:%02x:%02x:%02x:%02x:%02x is reachable", n->ha[0], n->ha[1], n->ha[2],
		n->ha[3], n->ha[4], n->ha[5]);
	while (!n->arp_queue.empty()) {
		sk_buff *skb = n->arp_queue.front();
		n->arp_queue.pop_front();
		neigh_resolve_output(n, skb); // n->output(n, skb)
	}
}

// __neigh_event_send(): 0 = the neighbour can be used now; 1 = the skb was queued (or dropped)
static int neigh_event_send(neighbour *n, sk_buff *skb)
{
	if (n->nud_state & (NUD_CONNECTED | NUD_STALE))
		return 0; // Model: NUD_STALE would go to NUD_DELAY and send anyway
	if (n->nud_state == NUD_NONE) {
		n->nud_state = NUD_INCOMPLETE;
		SP_LINE("neigh_resolve_output:incomplete", n->resolve_delay_ns,
			"NUD_NONE -> NUD_INCOMPLETE: ARP request (not put on the wire), reply in %llu ns",
			(unsigned long long)n->resolve_delay_ns);
		n->resolve_ev = sim().at(sim().now_ns() + n->resolve_delay_ns, "arp reply " + n->name,
					 [n] { neigh_resolved(n); });
	}
	// queue the skb until resolution (arp_queue; the byte limit QUEUE_LEN_BYTES is not modelled)
	n->arp_queue.push_back(skb);
	SP_LINE("neigh_resolve_output:queued", n->arp_queue.size(), "%s waits for resolution (%zu queued)",
		skb->name.c_str(), n->arp_queue.size());
	return 1;
}

int neigh_resolve_output(neighbour *n, sk_buff *skb)
{
	SP_FN("%s %s", skb->name.c_str(), nud_name(n->nud_state));
	int rc = 0;
	if (!neigh_event_send(n, skb)) {
		net_device *dev = n->dev ? n->dev : skb->dev;
		if (!n->dev)
			n->dev = dev;
		if (!n->hh_len)
			neigh_hh_init(n);
		// __skb_pull(skb, skb_network_offset(skb)); dev_hard_header()
		skb_pull(skb, skb_network_offset(skb));
		eth_header(skb, dev, ETH_P_IP, n->ha);
		SP_LINE("neigh_resolve_output:hard_header", ETH_HLEN, "%s",
			"dev_hard_header: Ethernet header built");
		rc = dev_queue_xmit(skb);
	}
	SP_RET(rc);
}
