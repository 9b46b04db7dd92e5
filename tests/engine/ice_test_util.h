// SPDX-License-Identifier: GPL-2.0-or-later
// Shared helpers of the ice/hw tests: a Sim+World with an ice device, and hand-built TCP/IPv4 skbs.
#pragma once
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "drivers/ice/ice.h"
#include "net/checksum.h"
#include "sim/world.h"

namespace icetest
{

struct Env {
	sp::Sim s;
	sp::SimScope sc;
	World w;
	WorldScope ws;
	net_device *dev = nullptr;
	explicit Env(DeviceConfig cfg = DeviceConfig(), sp::KernelVersion v = sp::KernelVersion::V6_16,
		     bool rec = true)
	    : s(v, 1, rec), sc(s), w(s), ws(w)
	{
		w.devcfg = cfg;
		dev = ice_probe(cfg);
	}
	~Env() { ice_remove(dev); }
	ice_tx_ring *ring(unsigned q = 0) { return ice_tx_ring_of(dev, q); }
	hw::E810 *hw() { return ice_hw(dev); }
	netdev_queue *txq(unsigned q = 0) { return dev->tx[q]; }
};

constexpr u32 SADDR = 0x0100000a, DADDR = 0x0200000a; // 10.0.0.1, 10.0.0.2 in memory order
constexpr u32 SEQ0 = 0x11223344;
constexpr u16 IPID0 = 0x1234;
constexpr unsigned HDR = 14 + 20 + 32; // Ethernet + IPv4 + TCP with the timestamp option

struct FragSpec {
	unsigned order, off, size;
};

// A TCP/IPv4 skb as tcp_transmit_skb + ip_queue_xmit + neigh_hh_output leave it: headers in the
// linear part (plus `linear_payload` bytes), frags as given, CHECKSUM_PARTIAL with the pseudo-header
// sum in th->check. gso_size 0 makes a non-GSO skb.
static inline sk_buff *make_tcp_skb(unsigned linear_payload, const std::vector<FragSpec> &frags,
				    unsigned gso_size, u8 tcp_flags = TCPHDR_ACK | TCPHDR_PSH, u8 seed = 0)
{
	unsigned frag_bytes = 0;
	for (auto &f : frags)
		frag_bytes += f.size;
	sk_buff *skb = __alloc_skb(128 + HDR + linear_payload, GFP_ATOMIC, 0);
	skb_reserve(skb, 128);
	u32 d = skb->data;
	unsigned len = HDR + linear_payload + frag_bytes;
	u8 h[HDR] = {};
	// Ethernet
	const u8 mac[12] = {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01};
	std::memcpy(h, mac, 12);
	h[12] = 0x08;
	h[13] = 0x00;
	// IPv4
	u8 *ip = h + 14;
	ip[0] = 0x45;
	u16 tot = htons((u16)(len - 14));
	std::memcpy(ip + 2, &tot, 2);
	u16 id = htons(IPID0);
	std::memcpy(ip + 4, &id, 2);
	ip[6] = 0x40; // DF
	ip[8] = 64;
	ip[9] = 6;
	std::memcpy(ip + 12, &SADDR, 4);
	std::memcpy(ip + 16, &DADDR, 4);
	__sum16 ic = ip_fast_csum(ip, 5);
	std::memcpy(ip + 10, &ic, 2);
	// TCP
	u8 *th = ip + 20;
	th[0] = 0x9c;
	th[1] = 0x40; // sport 40000
	th[2] = 0x13;
	th[3] = 0x89; // dport 5001
	u32 seq = htonl(SEQ0), ack = htonl(0x55667788);
	std::memcpy(th + 4, &seq, 4);
	std::memcpy(th + 8, &ack, 4);
	th[12] = 8 << 4;
	th[13] = tcp_flags;
	th[14] = 0x01;
	th[15] = 0xf5;
	const u8 opt[12] = {1, 1, 8, 10, 0, 0, 0, 7, 0, 0, 0, 9};
	std::memcpy(th + 20, opt, 12);
	// CHECKSUM_PARTIAL: th->check = ~tcp_v4_check(tcp length, saddr, daddr, 0)
	__sum16 ps = (__sum16)~csum_tcpudp_magic(SADDR, DADDR, len - 34, 6, 0);
	std::memcpy(th + 16, &ps, 2);
	skb->write(d, h, HDR);
	std::vector<u8> lp(linear_payload);
	for (unsigned i = 0; i < linear_payload; i++)
		lp[i] = (u8)(seed + 3 * i);
	if (linear_payload)
		skb->write(d + HDR, lp.data(), linear_payload);
	skb_put(skb, HDR + linear_payload);
	skb->mac_header = (u16)d;
	skb->network_header = (u16)(d + 14);
	skb->transport_header = (u16)(d + 34);
	skb->csum_start = (u16)(d + 34);
	skb->csum_offset = 16;
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->protocol = ETH_P_IP;
	for (size_t i = 0; i < frags.size(); i++) {
		page *pg = alloc_pages(GFP_KERNEL, frags[i].order);
		std::vector<u8> b(frags[i].size);
		for (unsigned k = 0; k < frags[i].size; k++)
			b[k] = (u8)(seed + 7 * i + k * 13 + (k >> 8));
		pg->mem.write(frags[i].off, b.data(), b.size());
		skb_fill_page_desc(skb, (int)i, pg, (int)frags[i].off, (int)frags[i].size);
		skb->len += frags[i].size;
		skb->data_len += frags[i].size;
		skb->truesize += pg->size();
	}
	if (gso_size) {
		skb_shinfo(skb)->gso_size = (u16)gso_size;
		skb_shinfo(skb)->gso_segs = (u16)((len - HDR + gso_size - 1) / gso_size);
		skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	}
	return skb;
}

// The segments software GSO / a correct TSO engine must produce for the skb whose bytes are
// `orig` (taken before transmit): computed from scratch, independently of the device model.
static inline std::vector<std::vector<u8>> expected_segments(const std::string &orig, unsigned mss)
{
	std::vector<std::vector<u8>> out;
	unsigned payload = (unsigned)orig.size() - HDR;
	unsigned n = (payload + mss - 1) / mss;
	u8 flags = (u8)orig[14 + 20 + 13];
	for (unsigned s = 0; s < n; s++) {
		unsigned l = std::min(mss, payload - s * mss);
		std::vector<u8> f(orig.begin(), orig.begin() + HDR);
		f.insert(f.end(), orig.begin() + HDR + s * mss, orig.begin() + HDR + s * mss + l);
		u8 *ip = f.data() + 14, *th = ip + 20;
		u16 tot = htons((u16)(20 + 32 + l)), id = htons((u16)(IPID0 + s)), z = 0;
		std::memcpy(ip + 2, &tot, 2);
		std::memcpy(ip + 4, &id, 2);
		std::memcpy(ip + 10, &z, 2);
		__sum16 ic = ip_fast_csum(ip, 5);
		std::memcpy(ip + 10, &ic, 2);
		u32 seq = htonl(SEQ0 + s * mss);
		std::memcpy(th + 4, &seq, 4);
		u8 fl = flags;
		if (s + 1 < n)
			fl &= (u8) ~(TCPHDR_PSH | TCPHDR_FIN);
		if (s > 0)
			fl &= (u8)~TCPHDR_CWR;
		th[13] = fl;
		std::memcpy(th + 16, &z, 2);
		__sum16 tc = csum_tcpudp_magic(SADDR, DADDR, 32 + l, 6, csum_partial(th, (int)(32 + l), 0));
		std::memcpy(th + 16, &tc, 2);
		out.push_back(std::move(f));
	}
	return out;
}

// true if the frame's IPv4 header and TCP checksums verify.
static inline bool frame_checksums_ok(const std::vector<u8> &f)
{
	if (f.size() < HDR)
		return false;
	const u8 *ip = f.data() + 14;
	if (ip_fast_csum(ip, 5) != 0)
		return false;
	unsigned tot = (unsigned)(ip[2] << 8 | ip[3]);
	unsigned tl = tot - 20;
	return csum_tcpudp_magic(SADDR, DADDR, tl, 6, csum_partial(ip + 20, (int)tl, 0)) == 0;
}

} // namespace icetest
