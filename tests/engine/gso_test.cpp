// SPDX-License-Identifier: GPL-2.0-or-later
// Software GSO (validate_xmit_skb -> skb_gso_segment -> inet_gso_segment -> tcp_gso_segment ->
// skb_segment) on a device without TSO, checked against values worked out by hand.
#include "xmit_test_util.h"

using namespace xt;

namespace
{
// A GSO skb of 3000 payload bytes, mss 1000, seq 1000, flags CWR|ACK|PSH|FIN (0x99), IP id 100.
// By hand (tcp_gso_segment / inet_gso_segment):
//   segment k (0..2): seq 1000 + 1000k, 1000 payload bytes, tot_len 20+20+1000 = 1040,
//   IP id 100+k (ip_select_ident_segs reserved 3 ids: inet_id 100 -> 103),
//   flags: k=0 ACK|CWR = 0x90 (FIN/PSH cleared on all but the last, CWR kept on the first only),
//          k=1 ACK = 0x10, k=2 ACK|PSH|FIN = 0x19.
void check_segments(Env &e, const Built &b, bool full_csum)
{
	ASSERT_EQ(e.driver.got.size(), 3u);
	const u8 want_flags[3] = {0x90, 0x10, 0x19};
	for (int k = 0; k < 3; k++) {
		sk_buff *s = e.driver.got[k];
		std::vector<u8> p = bytes_of(s);
		ASSERT_EQ(p.size(), 14u + 1040u) << "segment " << k;
		const u8 *iph = p.data() + 14, *th = iph + 20;
		EXPECT_EQ(iph[2] << 8 | iph[3], 1040);
		EXPECT_EQ(iph[4] << 8 | iph[5], 100 + k);
		EXPECT_EQ(iph[6], 0x40); // DF
		EXPECT_TRUE(ip_csum_ok(iph)) << "segment " << k;
		u32 seq = (u32)th[4] << 24 | th[5] << 16 | th[6] << 8 | th[7];
		EXPECT_EQ(seq, 1000u + 1000u * k);
		EXPECT_EQ(th[13], want_flags[k]) << "segment " << k;
		EXPECT_EQ(0, std::memcmp(th + 20, b.payload.data() + 1000 * k, 1000));
		if (full_csum) {
			// software checksum: the full TCP checksum must verify
			EXPECT_EQ(s->ip_summed, CHECKSUM_NONE);
			EXPECT_TRUE(tcp_csum_ok(iph, th, 1020)) << "segment " << k;
		} else {
			// the NIC finishes it: th->check holds the pseudo-header sum for length 1020
			EXPECT_EQ(s->ip_summed, CHECKSUM_PARTIAL);
			u32 ps = sum16(iph + 12, 8) + 6 + 1020;
			u16 want = fold(ps);
			EXPECT_EQ((u16)(th[16] << 8 | th[17]), want) << "segment " << k;
			EXPECT_EQ(s->csum_start, s->transport_header);
		}
	}
	EXPECT_EQ((u16)e.sk->inet_id, 103);
}
} // namespace

// tso=false, csum=true: segmented in software, checksum left to the NIC; frags shared (SG).
TEST(Gso, SoftwareGsoThreeSegmentsCsumOffload)
{
	Env e(sp::KernelVersion::V6_16, NETIF_F_SG | NETIF_F_IP_CSUM);
	e.resolve_neigh();
	e.sk->inet_id = 100;
	Built b = make_tcp_skb(e.sk.get(), 3000, 1000, TCPHDR_CWR | TCPHDR_ACK | TCPHDR_PSH | TCPHDR_FIN,
			       1000, true);
	ip_queue_xmit(e.sk.get(), b.skb, nullptr);
	check_segments(e, b, false);
	// the payload sits in shared page frags: 3 segments hold a reference each
	EXPECT_EQ(skb_shinfo(e.driver.got[1])->nr_frags, 1u);
	EXPECT_EQ(b.pg->refcount, 3);
	// the trace shows the segmentation decision
	sp::Trace &t = *e.sim.trace();
	bool seen = false;
	for (size_t i = 0; i < t.size(); i++)
		if (t.at(i).anchor && t.str(t.at(i).anchor) == "validate_xmit_skb:needs_gso")
			seen = true;
	EXPECT_TRUE(seen);
}

// tso=false, csum=false: harmonize_features drops GSO too; skb_segment computes each payload
// checksum and tcp_gso_segment finishes the full TCP checksum.
TEST(Gso, SoftwareGsoThreeSegmentsSoftwareCsum)
{
	Env e(sp::KernelVersion::V6_16, NETIF_F_SG);
	e.resolve_neigh();
	e.sk->inet_id = 100;
	Built b = make_tcp_skb(e.sk.get(), 3000, 1000, TCPHDR_CWR | TCPHDR_ACK | TCPHDR_PSH | TCPHDR_FIN,
			       1000, false);
	ip_queue_xmit(e.sk.get(), b.skb, nullptr);
	check_segments(e, b, true);
}

// A TSO device takes the GSO skb whole.
TEST(Gso, TsoDeviceNoSegmentation)
{
	Env e(sp::KernelVersion::V6_16, NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_TSO);
	e.resolve_neigh();
	Built b = make_tcp_skb(e.sk.get(), 3000, 1000, TCPHDR_ACK, 1000, true);
	ip_queue_xmit(e.sk.get(), b.skb, nullptr);
	ASSERT_EQ(e.driver.got.size(), 1u);
	EXPECT_EQ(e.driver.got[0]->len, 14u + 20u + 20u + 3000u);
	EXPECT_TRUE(skb_is_gso(e.driver.got[0]));
}
