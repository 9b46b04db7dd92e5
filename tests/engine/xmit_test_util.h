// SPDX-License-Identifier: GPL-2.0-or-later
// Shared fixtures for the IP/dev/qdisc/BQL/GSO unit tests: a Sim + World, a test net_device whose
// ndo_start_xmit returns scripted NETDEV_TX_OK/BUSY and collects the skbs, a connected tcp_sock, and
// a TCP skb built the way __tcp_transmit_skb hands it to ip_queue_xmit (TCP header pushed,
// CHECKSUM_PARTIAL with the pseudo-header sum in th->check).
// Checksums here are computed independently of engine/include/net/checksum.h: a plain
// big-endian RFC 1071 sum.
#pragma once
#include <gtest/gtest.h>

#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "linux/netdevice.h"
#include "net/ip.h"
#include "net/sch_generic.h"
#include "net/tcp.h"
#include "sim/world.h"

namespace xt
{

struct Driver {
	std::vector<sk_buff *> got;	// skbs the "driver" accepted, in order
	std::vector<bool> more;		// netdev_xmit_more() at each accepted call
	std::deque<netdev_tx_t> script; // return codes to use (default NETDEV_TX_OK)
	bool stop_on_busy = true;	// a real driver stops the queue before returning BUSY
	int calls = 0;
};
inline Driver *&drv()
{
	static Driver *d = nullptr;
	return d;
}

inline netdev_tx_t test_start_xmit(sk_buff *skb, net_device *dev)
{
	Driver &d = *drv();
	d.calls++;
	netdev_tx_t rc = NETDEV_TX_OK;
	if (!d.script.empty()) {
		rc = d.script.front();
		d.script.pop_front();
	}
	if (rc == NETDEV_TX_BUSY) {
		if (d.stop_on_busy)
			netif_tx_stop_queue(dev->tx[skb->queue_mapping]);
		return rc;
	}
	d.got.push_back(skb);
	d.more.push_back(netdev_xmit_more());
	return rc;
}

inline const net_device_ops *test_ops()
{
	static net_device_ops ops;
	ops.ndo_start_xmit = test_start_xmit;
	return &ops;
}

// 10.0.0.1 -> 10.0.0.2 as __be32 in memory order
inline __be32 ip4(u8 a, u8 b, u8 c, u8 d)
{
	u8 v[4] = {a, b, c, d};
	__be32 r;
	std::memcpy(&r, v, 4);
	return r;
}

struct Env {
	sp::Sim sim;
	sp::SimScope ss;
	World world;
	WorldScope ws;
	Driver driver;
	net_device dev;
	std::unique_ptr<tcp_sock> sk;

	explicit Env(sp::KernelVersion v = sp::KernelVersion::V6_16,
		     u32 features = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_TSO,
		     const std::string &qdisc = "pfifo_fast", unsigned queues = 1)
	    : sim(v, 1, true), ss(sim), world(sim), ws(world)
	{
		drv() = &driver;
		dev.features = features;
		dev.netdev_ops = test_ops();
		for (unsigned i = 0; i < queues; i++)
			dev.tx.push_back(new netdev_queue);
		world.dev = &dev;
		world.devcfg.qdisc = qdisc;
		world.peercfg.rtt_us = 100;
		netdev_trace_register(&dev);
		dev_activate(&dev, qdisc);
		sk = std::make_unique<tcp_sock>();
		sk->skc_rcv_saddr = ip4(10, 0, 0, 1);
		sk->skc_daddr = ip4(10, 0, 0, 2);
		sk->skc_dport = 80;
		sk->inet_sport = 40000;
		sk->uc_ttl = 64;
	}
	~Env()
	{
		for (sk_buff *s : driver.got)
			kfree_skb(s);
		for (netdev_queue *q : dev.tx) {
			qdisc_destroy(q->qdisc);
			delete q;
		}
		for (auto &n : dev.neigh_default ? dev.neigh_default->arp_queue : std::deque<sk_buff *>{})
			kfree_skb(n);
		drv() = nullptr;
	}
	// Route the socket and make the neighbour resolved with its header cached, so a packet
	// goes down synchronously (the neighbour's ARP delay is tested separately).
	void resolve_neigh()
	{
		ip_route_output_ports(sk.get());
		neighbour *n = dev.neigh_default.get();
		n->nud_state = NUD_REACHABLE;
	}
	netdev_queue *txq(unsigned i = 0) { return dev.tx[i]; }
	Qdisc *qdisc(unsigned i = 0) { return dev.tx[i]->qdisc; }
};

constexpr u32 TH_LEN = 20;

// Builds an skb as TCP hands it to ip_queue_xmit: `payload` bytes (linear or in one page frag),
// a 20-byte TCP header with seq/flags, CHECKSUM_PARTIAL and th->check = ~pseudo-header sum.
// If gso_size != 0 it is a GSO skb of ceil(payload / gso_size) segments.
struct Built {
	sk_buff *skb;
	page *pg = nullptr;
	std::vector<u8> payload;
};
inline Built make_tcp_skb(sock *sk, u32 payload, u32 seq, u8 flags, u32 gso_size = 0, bool in_frag = false)
{
	Built b;
	b.payload.resize(payload);
	for (u32 i = 0; i < payload; i++)
		b.payload[i] = (u8)(i * 7 + 3);
	sk_buff *skb = alloc_skb(MAX_TCP_HEADER + (in_frag ? 0 : payload), GFP_KERNEL);
	skb_reserve(skb, MAX_TCP_HEADER);
	if (in_frag) {
		b.pg = alloc_pages(GFP_KERNEL, 0);
		b.pg->mem.write(0, b.payload.data(), payload);
		skb_fill_page_desc(skb, 0, b.pg, 0, (int)payload);
		skb->len += payload;
		skb->data_len += payload;
	} else if (payload) {
		u32 at = skb_put(skb, payload);
		skb->write(at, b.payload.data(), payload);
	}
	u32 th = skb_push(skb, TH_LEN);
	skb_reset_transport_header(skb);
	u8 h[TH_LEN] = {};
	h[0] = 40000 >> 8, h[1] = 40000 & 0xff, h[2] = 0, h[3] = 80;
	u32 nseq = htonl(seq);
	std::memcpy(h + 4, &nseq, 4);
	h[12] = 5 << 4;
	h[13] = flags;
	h[14] = 0xff, h[15] = 0xff;
	// __tcp_v4_send_check: th->check = ~tcp_v4_check(len, saddr, daddr, 0) (pseudo-header only)
	// Computed here by hand: sum of saddr, daddr, proto 6, TCP length as 16-bit big-endian words.
	u32 s = 0;
	const u8 *sa = (const u8 *)&sk->skc_rcv_saddr, *da = (const u8 *)&sk->skc_daddr;
	s += (sa[0] << 8 | sa[1]) + (sa[2] << 8 | sa[3]) + (da[0] << 8 | da[1]) + (da[2] << 8 | da[3]);
	s += 6 + (u32)skb->len;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	h[16] = (u8)(s >> 8), h[17] = (u8)s; // ~(~sum) = the folded sum itself
	skb->write(th, h, TH_LEN);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb->transport_header;
	skb->csum_offset = 16;
	if (gso_size) {
		skb_shinfo(skb)->gso_size = (u16)gso_size;
		skb_shinfo(skb)->gso_segs = (u16)((payload + gso_size - 1) / gso_size);
		skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	}
	skb->sk = sk;
	b.skb = skb;
	return b;
}

// RFC 1071 one's-complement sum of big-endian 16-bit words
inline u32 sum16(const u8 *p, size_t n, u32 s = 0)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (u32)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (u32)p[n - 1] << 8;
	return s;
}
inline u16 fold(u32 s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (u16)s;
}
// Valid IPv4 header: the sum over the header including the checksum folds to 0xffff
inline bool ip_csum_ok(const u8 *iph)
{
	return fold(sum16(iph, 20)) == 0xffff;
}
// Valid TCP checksum over pseudo-header + segment
inline bool tcp_csum_ok(const u8 *iph, const u8 *th, size_t tcp_len)
{
	u32 s = sum16(iph + 12, 8);
	s += 6 + (u32)tcp_len;
	s = sum16(th, tcp_len, s);
	return fold(s) == 0xffff;
}
// The whole packet as bytes
inline std::vector<u8> bytes_of(const sk_buff *skb)
{
	std::string s = skb_bytes(skb);
	return std::vector<u8>(s.begin(), s.end());
}

} // namespace xt
