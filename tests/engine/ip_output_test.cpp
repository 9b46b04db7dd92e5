// SPDX-License-Identifier: GPL-2.0-or-later
// ip_queue_xmit .. ip_finish_output2, neighbour output and IP fragmentation, checked byte by byte
// against values worked out by hand from the kernel's logic.
#include "xmit_test_util.h"

using namespace xt;

// The 20 header bytes of a plain (non-GSO) segment: 20 B TCP header + 100 B payload.
//   version/ihl 0x45, tos 0, tot_len 20+20+100 = 140 = 0x008c,
//   id = inet_id 0x1234 (then inet_id becomes 0x1235: one segment), frag_off DF = 0x4000,
//   TTL 64 = 0x40, protocol 6, saddr 0a000001, daddr 0a000002.
//   checksum: 4500+008c+1234+4000+4006+0000+0a00+0001+0a00+0002 = 0xebc9 (no carry), ~ = 0x1436.
TEST(IpOutput, HeaderBytesOfKnownSkb)
{
	Env e;
	e.resolve_neigh();
	e.sk->inet_id = 0x1234;
	Built b = make_tcp_skb(e.sk.get(), 100, 1000, TCPHDR_ACK | TCPHDR_PSH);
	b.skb->ip_summed = CHECKSUM_NONE; // keep the TCP bytes untouched by skb_checksum_help
	// First packet: hh not cached yet -> neigh_resolve_output builds the Ethernet header.
	int rc = ip_queue_xmit(e.sk.get(), b.skb, nullptr);
	EXPECT_EQ(rc, 0);
	ASSERT_EQ(e.driver.got.size(), 1u);
	sk_buff *skb = e.driver.got[0];
	std::vector<u8> p = bytes_of(skb);
	ASSERT_EQ(p.size(), 14u + 140u);
	const u8 eth[14] = {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00};
	EXPECT_EQ(0, std::memcmp(p.data(), eth, 14));
	const u8 want[20] = {0x45, 0x00, 0x00, 0x8c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06,
			     0x14, 0x36, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02};
	for (int i = 0; i < 20; i++)
		EXPECT_EQ(p[14 + i], want[i]) << "byte " << i;
	EXPECT_EQ((u16)e.sk->inet_id, 0x1235);
	EXPECT_EQ(skb->network_header, skb->data + 14);
	EXPECT_EQ(skb->dev, &e.dev);

	// Second packet: the header is cached now (neigh_hh_output), same Ethernet bytes; the id
	// advances by gso_segs (3) for a GSO skb: this one takes 0x1235, inet_id -> 0x1238.
	Built b2 = make_tcp_skb(e.sk.get(), 3000, 1100, TCPHDR_ACK, 1000);
	b2.skb->ip_summed = CHECKSUM_PARTIAL;
	ip_queue_xmit(e.sk.get(), b2.skb, nullptr);
	ASSERT_EQ(e.driver.got.size(), 2u); // TSO device: sent whole
	std::vector<u8> p2 = bytes_of(e.driver.got[1]);
	EXPECT_EQ(0, std::memcmp(p2.data(), eth, 14));
	EXPECT_EQ(p2[14 + 4], 0x12);
	EXPECT_EQ(p2[14 + 5], 0x35);
	EXPECT_EQ((u16)e.sk->inet_id, 0x1238);
	// tot_len = 20 + 20 + 3000 = 3040 = 0x0be0
	EXPECT_EQ(p2[14 + 2], 0x0b);
	EXPECT_EQ(p2[14 + 3], 0xe0);
	EXPECT_TRUE(ip_csum_ok(p2.data() + 14));
	EXPECT_EQ(e.dev.neigh_default->hh_len, 14u);
}

// TTL from sysctl when the socket has none (uc_ttl 0 = "-1"), no DF when PMTU discovery is off.
TEST(IpOutput, TtlFromSysctlAndNoDf)
{
	Env e;
	e.resolve_neigh();
	e.sk->uc_ttl = 0;
	e.world.sysctl.ip_default_ttl = 77;
	e.sk->pmtudisc_do = false;
	Built b = make_tcp_skb(e.sk.get(), 10, 1, TCPHDR_ACK);
	ip_queue_xmit(e.sk.get(), b.skb, nullptr);
	ASSERT_EQ(e.driver.got.size(), 1u);
	std::vector<u8> p = bytes_of(e.driver.got[0]);
	EXPECT_EQ(p[14 + 8], 77);
	EXPECT_EQ(p[14 + 6], 0); // frag_off 0
	EXPECT_EQ(p[14 + 7], 0);
	EXPECT_TRUE(ip_csum_ok(p.data() + 14));
	// CHECKSUM_PARTIAL on a csum-capable device: the TCP checksum is left to the NIC (pseudo sum)
	EXPECT_EQ(e.driver.got[0]->ip_summed, CHECKSUM_PARTIAL);
}

// Neighbour resolution: NUD_NONE -> NUD_INCOMPLETE (packet waits) -> after the ARP delay
// (rtt_us = 100 us) NUD_REACHABLE and the packet leaves.
TEST(IpOutput, NeighbourResolvesAfterDelay)
{
	Env e;
	ip_route_output_ports(e.sk.get());
	Built b = make_tcp_skb(e.sk.get(), 10, 1, TCPHDR_SYN);
	ip_queue_xmit(e.sk.get(), b.skb, nullptr);
	neighbour *n = e.dev.neigh_default.get();
	EXPECT_EQ(n->nud_state, NUD_INCOMPLETE);
	EXPECT_EQ(e.driver.got.size(), 0u);
	EXPECT_EQ(n->arp_queue.size(), 1u);
	e.sim.run();
	EXPECT_EQ(e.sim.now_ns(), 100000u);
	EXPECT_EQ(n->nud_state, NUD_REACHABLE);
	ASSERT_EQ(e.driver.got.size(), 1u);
	EXPECT_TRUE(n->arp_queue.empty());
}

// A non-DF IP packet of tot_len 3000 at MTU 1500: 2980 data bytes, 1480 per fragment (1480 is a
// multiple of 8: 185 units). Fragments: offset 0 MF len 1480 (tot 1500); offset 185 MF len 1480
// (tot 1500); offset 370 len 20 (tot 40), no MF. frag_off words: 0x2000, 0x20b9, 0x0172.
TEST(IpOutput, FragmentNonDf3000AtMtu1500)
{
	Env e;
	e.resolve_neigh();
	e.sk->pmtudisc_do = false;
	e.sk->inet_id = 7;
	Built b = make_tcp_skb(e.sk.get(), 3000 - 40, 5000, TCPHDR_ACK); // CHECKSUM_PARTIAL
	b.skb->sk = nullptr; // no socket owner: no sock_wfree charging on the fragments
	int rc = ip_queue_xmit(e.sk.get(), b.skb, nullptr);
	EXPECT_EQ(rc, 0);
	ASSERT_EQ(e.driver.got.size(), 3u);
	const u16 want_fo[3] = {0x2000, 0x20b9, 0x0172};
	const u16 want_tot[3] = {1500, 1500, 40};
	std::vector<u8> dgram; // reassembled IP payload
	for (int i = 0; i < 3; i++) {
		std::vector<u8> p = bytes_of(e.driver.got[i]);
		const u8 *iph = p.data() + 14;
		EXPECT_EQ((u16)(iph[6] << 8 | iph[7]), want_fo[i]) << "fragment " << i;
		EXPECT_EQ((u16)(iph[2] << 8 | iph[3]), want_tot[i]) << "fragment " << i;
		EXPECT_EQ(iph[4] << 8 | iph[5], 7); // all fragments share the id
		EXPECT_TRUE(ip_csum_ok(iph)) << "fragment " << i;
		dgram.insert(dgram.end(), p.begin() + 14 + 20, p.end());
	}
	ASSERT_EQ(dgram.size(), 2980u);
	// the TCP checksum was finished in software (skb_checksum_help) before fragmenting
	std::vector<u8> p0 = bytes_of(e.driver.got[0]);
	EXPECT_TRUE(tcp_csum_ok(p0.data() + 14, dgram.data(), dgram.size()));
	EXPECT_EQ(0, std::memcmp(dgram.data() + 20, b.payload.data(), b.payload.size()));
}

// DF set and too big: dropped with a warning, -EMSGSIZE.
TEST(IpOutput, DfTooBigDropped)
{
	Env e;
	e.resolve_neigh();
	Built b = make_tcp_skb(e.sk.get(), 2960, 1, TCPHDR_ACK);
	int rc = ip_queue_xmit(e.sk.get(), b.skb, nullptr);
	EXPECT_EQ(rc, -EMSGSIZE);
	EXPECT_EQ(e.driver.got.size(), 0u);
	ASSERT_FALSE(e.world.warnings.empty());
	EXPECT_NE(e.world.warnings.back().find("DF set"), std::string::npos);
}
