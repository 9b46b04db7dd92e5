// SPDX-License-Identifier: GPL-2.0-or-later
// net/ipv4/route.c, reduced to what a connected TCP socket on a directly attached peer needs:
// ip_route_output_ports() finds the scenario's single route (dev = world().dev, on-link, the peer
// as next hop) and caches it in the socket (sk_dst_cache); sk_setup_caps() (net/core/sock.c, in the
// socket-layer area) then copies the device's offload features into the socket.
//
// Model: no FIB lookup, no route cache expiry, no PMTU exceptions. One rtable and one neighbour
// per device (net_device::rt_default / neigh_default) stand for the FIB entry and the ARP entry.
#include "net/core/xmit_err.h"
#include "net/ip.h"
#include "sim/world.h"

using namespace sp;

// __neigh_create() for the peer: starts unresolved (NUD_NONE); the first packet resolves it.
static neighbour *peer_neigh_create(net_device *dev)
{
	auto n = std::make_shared<neighbour>();
	n->dev = dev;
	n->name = "neigh." + dev->name;
	n->nud_state = NUD_NONE;
	n->hh_len = 0;
	// Model: ARP request and reply take one round trip to the peer
	n->resolve_delay_ns = (u64)world().peercfg.rtt_us * NSEC_PER_USEC;
	if (sim().rec())
		n->nud_state.reg(n->name, "nud_state", Fmt::Hex);
	dev->neigh_default = n;
	return n.get();
}

rtable *ip_route_output_ports(sock *sk)
{
	SP_FN("daddr=%u.%u.%u.%u dport=%u", sk->skc_daddr & 0xff, (sk->skc_daddr >> 8) & 0xff,
	      (sk->skc_daddr >> 16) & 0xff, sk->skc_daddr >> 24, sk->skc_dport);
	net_device *dev = sk->dev_hint ? sk->dev_hint : world().dev;
	if (!dev) {
		SP_LINE("ip_route_output_ports:no_dev", -ENETUNREACH, "%s", "no device: -ENETUNREACH");
		SP_RET_P((rtable *)nullptr);
	}
	if (!dev->rt_default) {
		auto rt = std::make_shared<rtable>();
		rt->dev = dev;
		rt->mtu = dev->mtu;
		rt->hoplimit = (u32)sysctl().ip_default_ttl;
		rt->rt_uses_gateway = false; // on-link: the peer is the next hop
		rt->neigh = dev->neigh_default ? dev->neigh_default.get() : peer_neigh_create(dev);
		dev->rt_default = rt;
		SP_LINE("ip_route_output_ports:new", rt->mtu, "route via %s, mtu %u, on-link next hop",
			dev->name.c_str(), rt->mtu);
	}
	rtable *rt = dev->rt_default.get();
	rt->mtu = dev->mtu; // dst_mtu() follows the device MTU
	// cache it in the socket (sk_dst_set)
	sk->sk_dst_cache = rt;
	sk->dev_hint = dev;
	SP_LINE("ip_route_output_ports:cached", 1, "sk_dst_cache = route via %s (mtu %u)", dev->name.c_str(),
		rt->mtu);
	SP_RET_P(rt);
}
