// SPDX-License-Identifier: GPL-2.0-or-later
// IPv4 output (include/net/ip.h, net/ipv4/ip_output.c, net/ipv4/route.c, include/net/neighbour.h).
// Implemented in engine/net/ipv4/ip_output.cpp, route.cpp and engine/net/core/neighbour.cpp.
#pragma once
#include "linux/netdevice.h"
#include "net/sock.h"

constexpr u16 IP_DF = 0x4000, IP_MF = 0x2000;
constexpr u8 IPPROTO_TCP = 6;

int ip_queue_xmit(sock *sk, sk_buff *skb, void *fl);
int __ip_queue_xmit(sock *sk, sk_buff *skb, void *fl, u8 tos);
int ip_local_out(sock *sk, sk_buff *skb);
int __ip_local_out(sock *sk, sk_buff *skb);
int dst_output(sock *sk, sk_buff *skb);
int ip_output(sock *sk, sk_buff *skb);
int ip_finish_output(sock *sk, sk_buff *skb);
int __ip_finish_output(sock *sk, sk_buff *skb);
int ip_finish_output2(sock *sk, sk_buff *skb);
int ip_finish_output_gso(sock *sk, sk_buff *skb, unsigned mtu);
int ip_fragment(sock *sk, sk_buff *skb, unsigned mtu);
void ip_send_check(u8 *iph);  // computes the header checksum in place
void ip_select_ident_segs(sock *sk, sk_buff *skb, u8 *iph, int segs);
int neigh_output(neighbour *n, sk_buff *skb, bool skip_cache);
int neigh_hh_output(neighbour *n, sk_buff *skb);
int neigh_resolve_output(neighbour *n, sk_buff *skb);
rtable *ip_route_output_ports(sock *sk);  // the scenario's single route
// ---- appended by the IP/dev/qdisc area
static inline dst_entry *skb_dst(const sk_buff *skb) { return skb->dst; }
static inline rtable *skb_rtable(const sk_buff *skb) { return static_cast<rtable *>(skb->dst); }
// sk_setup_caps() is in net/sock.h (socket-layer area); ip_route_output_ports() calls it.
// IPv4 header offsets (struct iphdr)
enum : unsigned { IPH_TOT_LEN = 2, IPH_ID = 4, IPH_FRAG_OFF = 6, IPH_TTL = 8, IPH_PROTOCOL = 9, IPH_CHECK = 10,
		  IPH_SADDR = 12, IPH_DADDR = 16, IPH_LEN = 20 };
constexpr u16 IP_OFFSET = 0x1FFF;
