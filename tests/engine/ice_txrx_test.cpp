// SPDX-License-Identifier: GPL-2.0-or-later
// The ice transmit path against the emulated E810: descriptor words worked out by hand from the
// descriptor layout, TSO on the device vs. segments computed from scratch, ring wrap, ring full
// (NETDEV_TX_BUSY) and wake, BQL accounting, xmit_more doorbell batching, linearize, the DMA error
// unwind, and that every mapping is unmapped after completion.
#include <gtest/gtest.h>

#include "ice_test_util.h"
#include "sim/cursor.h"

using namespace icetest;
using sp::sim;

namespace
{

u64 qw(const ice_tx_ring *r, unsigned i, int w)
{
	ice_tx_desc d = ice_tx_desc_read(r, i);
	return w ? d.cmd_type_offset_bsz : d.buf_addr;
}

unsigned npages(u64 phys, unsigned len)
{
	return (unsigned)(((phys & 0xfff) + len + 0xfff) / 0x1000);
}

} // namespace

TEST(IceConstants, FromTheHeaders)
{
	EXPECT_EQ(ICE_MAX_DATA_PER_TXD, 16383u);
	EXPECT_EQ(ICE_MAX_DATA_PER_TXD_ALIGNED, 12288u);
	EXPECT_EQ(DESC_NEEDED, 23u);
	EXPECT_EQ(TX_WAKE_THRESHOLD, 46);
	EXPECT_EQ(ICE_DESCS_PER_CACHE_LINE, 4u);
	// size*85 >> 20: 12288 -> 0 + 1; 12337 -> 1 + 1 (85*12337 = 1048645 > 2^20); 65535 -> 5 + 1
	EXPECT_EQ(ice_txd_use_count(12288), 1u);
	EXPECT_EQ(ice_txd_use_count(12337), 2u);
	EXPECT_EQ(ice_txd_use_count(65535), 6u);
	// ice_build_ctob(EOP|RS, MACLEN 7, 100 bytes, tag 5) = 0x3<<4 | 7<<16 | 100<<34 | 5<<48
	EXPECT_EQ(ice_build_ctob(3, 7, 100, 5), 0x0005019000070030ull);
}

// A 64 KiB TSO skb: linear head of 66 header bytes and 3 frags
//   frag0: 32768 B at offset 0 of an order-4 page, frag1: 16384 B at offset 100 of an order-3 page,
//   frag2: 16008 B at offset 0 of an order-2 page; gso_size 1448, 65160 payload bytes = 45 segments.
// Descriptor count: head 1 + frag0 (32768*85>>20 = 2) + 1 + frag1 (1)+1 + frag2 (1)+1 = 8: not < 8,
// GSO with 3 frags (< 7) -> no linearize. Ring space needed 8 + 4 + 1 = 13 of 255 free.
// Slots: 0 context descriptor; 1 head (66); frag0 starts 4K-aligned -> max_data 12288: 2: 12288,
// 3: 12288, 4: 8192; frag1 iova ends in 0x064 -> max_data 12288 + (4096-100) = 16284: 5: 16284,
// 6: 100; frag2: 7: 16008 EOP|RS. next_to_use = 8.
// td_cmd = IIPT_IPV4_CSUM 0x60 | L4T_TCP 0x100 = 0x160; td_offset = MACLEN 14/2=7 | IPLEN 20/4=5 <<7 |
// L4LEN 32/4=8 <<14 = 0x20287. QW1 = cmd<<4 | offset<<16 | size<<34.
// Context QW1 = DTYPE 1 | TSO 1<<4 | TSO_LEN (65226-66 = 65160)<<30 | MSS 1448<<50 = 0x16a03fa200000011.
TEST(IceTx, TsoSkbDescriptorWordsByHand)
{
	Env e;
	ice_tx_ring *r = e.ring();
	sk_buff *skb = make_tcp_skb(0, {{4, 0, 32768}, {3, 100, 16384}, {2, 0, 16008}}, 1448);
	ASSERT_EQ(skb->len, 65226u);
	ASSERT_EQ(skb_shinfo(skb)->gso_segs, 45);
	std::string orig = skb_bytes(skb);
	u64 head_phys = skb->hd->phys + skb->data;

	ASSERT_EQ(ice_start_xmit(skb, e.dev), NETDEV_TX_OK);
	EXPECT_EQ(r->next_to_use, 8);
	EXPECT_EQ(r->free, 256 - 8 - 1);

	// IOVAs: the ring took the page just below 4 GiB (0xfffff000); then top-down, page offset kept.
	u64 top = 0xfffff000ull;
	unsigned hp = npages(head_phys, 66);
	u64 iova_head = top - hp * 0x1000ull + (head_phys & 0xfff);
	u64 iova_f0 = top - hp * 0x1000ull - 8 * 0x1000ull; // 32768 B at page offset 0: 8 pages
	u64 iova_f1 = iova_f0 - 5 * 0x1000ull + 100;	    // 100 + 16384 B: 5 pages
	u64 iova_f2 = iova_f1 - 100 - 4 * 0x1000ull;	    // 16008 B: 4 pages
	EXPECT_EQ(r->dma, 0xfffff000ull);

	EXPECT_EQ(qw(r, 0, 0), 0ull); // tunneling params, l2tag2, rsvd: all 0
	EXPECT_EQ(qw(r, 0, 1), 0x16a03fa200000011ull);
	EXPECT_EQ(qw(r, 1, 0), iova_head);
	EXPECT_EQ(qw(r, 1, 1), 0x0000010a02871600ull);
	EXPECT_EQ(qw(r, 2, 0), iova_f0);
	EXPECT_EQ(qw(r, 2, 1), 0x0000c00202871600ull);
	EXPECT_EQ(qw(r, 3, 0), iova_f0 + 12288);
	EXPECT_EQ(qw(r, 3, 1), 0x0000c00202871600ull);
	EXPECT_EQ(qw(r, 4, 0), iova_f0 + 24576);
	EXPECT_EQ(qw(r, 4, 1), 0x0000800202871600ull);
	EXPECT_EQ(qw(r, 5, 0), iova_f1);
	EXPECT_EQ(qw(r, 5, 1), 0x0000fe7202871600ull);
	EXPECT_EQ(qw(r, 6, 0), iova_f1 + 16284);
	EXPECT_EQ(qw(r, 6, 1), 0x0000019202871600ull);
	EXPECT_EQ(qw(r, 7, 0), iova_f2);
	EXPECT_EQ(qw(r, 7, 1), 0x0000fa2202871630ull);

	// BQL sees bytecount = 65226 + 44 extra headers of 66 = 68130; the doorbell carries tail 8.
	EXPECT_EQ(e.txq()->dql.num_queued, 68130u);
	hw::TxQueueHw *tq = e.hw()->txq(0);
	EXPECT_EQ(tq->doorbells, 1u);
	EXPECT_EQ(tq->tail, 8u);
	EXPECT_EQ(e.hw()->rd32(hw::QTX_COMM_DBELL(0)), 8u);
	// first = the context slot's tx_buf: it holds the skb, the head mapping and next_to_watch = 7
	EXPECT_EQ(r->tx_buf[0].next_to_watch, 7);
	EXPECT_EQ(r->tx_buf[0].len, 66u);
	EXPECT_EQ(e.hw()->iommu.live(), 5u); // ring + head + 3 frags

	sim().run();

	// 45 frames identical to segments computed from scratch; 1500-byte IP packets (1448 + 52)
	ASSERT_EQ(e.hw()->sent.size(), 45u);
	auto exp = expected_segments(orig, 1448);
	for (unsigned i = 0; i < 45; i++) {
		EXPECT_EQ(e.hw()->sent[i].bytes, exp[i]) << "segment " << i;
		EXPECT_TRUE(frame_checksums_ok(e.hw()->sent[i].bytes)) << "segment " << i;
	}
	EXPECT_EQ(e.hw()->sent[0].bytes.size(), 1514u);
	EXPECT_EQ(e.hw()->sent[44].bytes.size(), 66u + 65160u - 44u * 1448u);
	EXPECT_EQ(e.w.wire.size(), 45u);
	EXPECT_NE(e.w.wire[3].comment.find("skb#1 seg 4/45"), std::string::npos) << e.w.wire[3].comment;
	// 100 Gb/s: (1514 + 24) * 8 bits = 123.04 ns per full frame; frames are back to back
	EXPECT_EQ(e.hw()->sent[1].t_start_ns, 500u + 123u);
	// write-back on the RS descriptor, then completion: ntc 8, all mappings but the ring gone
	EXPECT_EQ(tq->writebacks, 1u);
	EXPECT_EQ(qw(r, 7, 1) & 0xF, 0xFull);
	EXPECT_EQ(tq->head, 8u);
	EXPECT_EQ(r->next_to_clean, 8);
	EXPECT_EQ(r->tx_buf[0].next_to_watch, -1);
	EXPECT_TRUE(e.hw()->iommu.leaks().empty());
	EXPECT_EQ(e.hw()->iommu.live(), 1u);
	EXPECT_EQ(e.txq()->dql.num_completed, 68130u);
	EXPECT_EQ(e.hw()->iommu.faults, 0u);
	EXPECT_TRUE(e.hw()->mdd_log.empty());
}

// The same skb segmented by software GSO (skb_gso_segment, net/core/gso.cpp) must give the same
// wire bytes as the device's TSO.
TEST(IceTx, TsoMatchesSoftwareGso)
{
	std::vector<std::vector<u8>> hw_frames, sw_frames;
	{
		Env e;
		sk_buff *skb = make_tcp_skb(200, {{2, 0, 9000}, {1, 40, 4000}}, 1448);
		ice_start_xmit(skb, e.dev);
		sim().run();
		for (auto &f : e.hw()->sent)
			hw_frames.push_back(f.bytes);
	}
	{
		Env e;
		e.s.serial("skb"); // irrelevant to bytes; keep names distinct
		sk_buff *skb = make_tcp_skb(200, {{2, 0, 9000}, {1, 40, 4000}}, 1448);
		sk_buff *segs = skb_gso_segment(skb, NETIF_F_SG | NETIF_F_IP_CSUM);
		if (!segs || segs == skb) {
			kfree_skb(skb);
			GTEST_SKIP() << "skb_gso_segment did not segment (GSO model not available)";
		}
		for (sk_buff *s = segs; s;) {
			sk_buff *n = s->next;
			s->next = nullptr;
			std::string b = skb_bytes(s);
			std::vector<u8> f(b.begin(), b.end());
			// software GSO leaves CHECKSUM_PARTIAL: finish the checksum as the NIC would
			if (s->ip_summed == CHECKSUM_PARTIAL) {
				u32 l4 = s->csum_start - s->data;
				__sum16 c = csum_fold(csum_partial(&f[l4], (int)(f.size() - l4), 0));
				std::memcpy(&f[l4 + s->csum_offset], &c, 2);
			}
			sw_frames.push_back(f);
			kfree_skb(s);
			s = n;
		}
		kfree_skb(skb);
	}
	ASSERT_EQ(hw_frames.size(), sw_frames.size());
	for (size_t i = 0; i < hw_frames.size(); i++)
		EXPECT_EQ(hw_frames[i], sw_frames[i]) << "segment " << i;
}

// Non-GSO CHECKSUM_PARTIAL: no context descriptor; one data descriptor per buffer; device computes
// the TCP checksum. td_cmd = IIPT_IPV4 0x40 | L4T_TCP 0x100 (| EOP|RS on the last).
TEST(IceTx, ChecksumOffloadNoContext)
{
	Env e;
	ice_tx_ring *r = e.ring();
	sk_buff *skb = make_tcp_skb(100, {{0, 8, 900}}, 0);
	std::string orig = skb_bytes(skb);
	ice_start_xmit(skb, e.dev);
	EXPECT_EQ(r->next_to_use, 2);
	// head 166 B: 0x140<<4 = 0x1400 | 0x20287<<16 = 0x2_0287_0000 | 166<<34 = 0x298_0000_0000
	// frag 900 B with EOP|RS: 0x143<<4 = 0x1430 | 0x2_0287_0000 | 900<<34 = 0xe10_0000_0000
	EXPECT_EQ(qw(r, 0, 1), 0x0000029a02871400ull);
	EXPECT_EQ(qw(r, 1, 1), 0x00000e1202871430ull);
	sim().run();
	ASSERT_EQ(e.hw()->sent.size(), 1u);
	auto f = e.hw()->sent[0].bytes;
	EXPECT_TRUE(frame_checksums_ok(f));
	// Only the TCP checksum differs from what the stack handed over.
	std::vector<u8> o(orig.begin(), orig.end());
	f[50] = o[50];
	f[51] = o[51];
	EXPECT_EQ(f, o);
	EXPECT_TRUE(e.hw()->iommu.leaks().empty());
}

// Short frames are padded by the driver to ICE_MIN_TX_LEN (17) and by the MAC to 60.
TEST(IceTx, ShortFramePadding)
{
	Env e;
	sk_buff *skb = __alloc_skb(64, GFP_ATOMIC, 0);
	skb_reserve(skb, 16);
	u8 b[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	skb->write(skb->data, b, 10);
	skb_put(skb, 10);
	ice_start_xmit(skb, e.dev);
	EXPECT_EQ((qw(e.ring(), 0, 1) >> 34) & 0x3FFF, 17u);
	// bytecount = max(len, ETH_ZLEN) = 60
	EXPECT_EQ(e.txq()->dql.num_queued, 60u);
	sim().run();
	ASSERT_EQ(e.hw()->sent.size(), 1u);
	EXPECT_EQ(e.hw()->sent[0].bytes.size(), 60u);
}

// Ring of 64: 70 single-descriptor packets with completions in between; next_to_use wraps to 6.
TEST(IceTx, RingWrap)
{
	DeviceConfig c;
	c.ring_size = 64;
	Env e(c);
	ice_tx_ring *r = e.ring();
	for (int i = 0; i < 70; i++) {
		ASSERT_EQ(ice_start_xmit(make_tcp_skb(100, {}, 0), e.dev), NETDEV_TX_OK);
		sim().run();
	}
	EXPECT_EQ(r->next_to_use, 6);
	EXPECT_EQ(r->next_to_clean, 6);
	EXPECT_EQ(e.hw()->txq(0)->head, 6u);
	EXPECT_EQ(e.hw()->sent.size(), 70u);
	EXPECT_EQ(r->free, 63);
	EXPECT_TRUE(e.hw()->iommu.leaks().empty());
}

// A packet spanning the wrap: ntu 62 in a ring of 64, context + 3 data descriptors -> slots 62, 63, 0, 1.
TEST(IceTx, PacketAcrossTheWrap)
{
	DeviceConfig c;
	c.ring_size = 64;
	Env e(c);
	for (int i = 0; i < 62; i++) {
		ice_start_xmit(make_tcp_skb(10, {}, 0), e.dev);
		sim().run();
	}
	ice_tx_ring *r = e.ring();
	ASSERT_EQ(r->next_to_use, 62);
	sk_buff *skb = make_tcp_skb(0, {{1, 0, 3000}, {1, 0, 3000}}, 1000);
	std::string orig = skb_bytes(skb);
	ice_start_xmit(skb, e.dev);
	EXPECT_EQ(r->next_to_use, 2);
	EXPECT_EQ(qw(r, 62, 1) & 0xF, 1ull);	 // context
	EXPECT_EQ((qw(r, 1, 1) >> 4) & 3, 3ull); // EOP|RS in slot 1
	EXPECT_EQ(r->tx_buf[62].next_to_watch, 1);
	sim().run();
	auto exp = expected_segments(orig, 1000);
	ASSERT_EQ(e.hw()->sent.size(), 62u + 6u);
	for (unsigned i = 0; i < 6; i++)
		EXPECT_EQ(e.hw()->sent[62 + i].bytes, exp[i]);
	EXPECT_EQ(r->next_to_clean, 2);
	EXPECT_TRUE(e.hw()->iommu.leaks().empty());
}

// Ring full: 64 slots, 63 usable. Without completions, after k one-descriptor packets free = 63-k.
// ice_tx_map's ice_maybe_stop_tx(DESC_NEEDED 23) stops the queue once free < 23 (k = 41).
// ice_xmit_frame_ring needs count 1 + 4 + 1 = 6 free: packet 59 (free 5) gets NETDEV_TX_BUSY.
// After the device completes everything, free = 63 >= 46 -> netif_tx_wake_queue; the requeued skb
// then goes out.
TEST(IceTx, RingFullBusyThenWake)
{
	DeviceConfig c;
	c.ring_size = 64;
	Env e(c);
	ice_tx_ring *r = e.ring();
	for (int k = 1; k <= 58; k++) {
		ASSERT_EQ(ice_start_xmit(make_tcp_skb(100, {}, 0), e.dev), NETDEV_TX_OK);
		EXPECT_EQ(netif_tx_queue_stopped(e.txq()), k >= 41) << k;
	}
	EXPECT_EQ(r->free, 5);
	EXPECT_TRUE(r->stopped);
	sk_buff *busy = make_tcp_skb(100, {}, 0);
	EXPECT_EQ(ice_start_xmit(busy, e.dev), NETDEV_TX_BUSY);
	EXPECT_EQ(r->tx_stats.tx_busy, 1u);
	EXPECT_EQ(r->next_to_use, 58);
	sim().run();
	EXPECT_FALSE(netif_tx_queue_stopped(e.txq()));
	EXPECT_GE(r->tx_stats.restart_q, 1u);
	EXPECT_EQ(r->free, 63);
	EXPECT_FALSE(r->stopped);
	EXPECT_EQ(ice_start_xmit(busy, e.dev), NETDEV_TX_OK); // the requeued skb
	sim().run();
	EXPECT_EQ(e.hw()->sent.size(), 59u);
	EXPECT_TRUE(e.hw()->iommu.leaks().empty());
}

// BQL: every byte queued is completed; STACK_XOFF (if BQL set it) is cleared on completion.
TEST(IceTx, BqlAccounting)
{
	Env e;
	for (int i = 0; i < 5; i++)
		netdev_start_xmit(make_tcp_skb(1000, {}, 0), e.dev, e.txq(), false);
	// 5 x (66 + 1000) bytes
	EXPECT_EQ(e.txq()->dql.num_queued, 5u * 1066u);
	sim().run();
	EXPECT_EQ(e.txq()->dql.num_completed, 5u * 1066u);
	EXPECT_FALSE(e.txq()->state & __QUEUE_STATE_STACK_XOFF);
	EXPECT_FALSE(e.ring()->stopped);
}

// xmit_more: descriptors are written but the doorbell waits for the last skb of the batch.
TEST(IceTx, XmitMoreBatchesTheDoorbell)
{
	Env e;
	hw::TxQueueHw *tq = e.hw()->txq(0);
	netdev_start_xmit(make_tcp_skb(100, {}, 0), e.dev, e.txq(), true);
	netdev_start_xmit(make_tcp_skb(100, {}, 0), e.dev, e.txq(), true);
	EXPECT_EQ(tq->doorbells, 0u);
	EXPECT_EQ(e.ring()->next_to_use, 2);
	netdev_start_xmit(make_tcp_skb(100, {}, 0), e.dev, e.txq(), false);
	EXPECT_EQ(tq->doorbells, 1u);
	EXPECT_EQ(tq->tail, 3u);
	sim().run();
	EXPECT_EQ(e.hw()->sent.size(), 3u);
}

// Linearize, non-GSO: head + 10 frags = 11 descriptors > 8 -> __skb_linearize, one descriptor.
TEST(IceTx, LinearizeNonGso)
{
	Env e;
	std::vector<FragSpec> fr(10, {0, 0, 100});
	sk_buff *skb = make_tcp_skb(0, fr, 0);
	std::string orig = skb_bytes(skb);
	ice_start_xmit(skb, e.dev);
	EXPECT_EQ(e.ring()->tx_stats.tx_linearize, 1u);
	EXPECT_EQ(e.ring()->next_to_use, 1);
	EXPECT_EQ((qw(e.ring(), 0, 1) >> 34) & 0x3FFF, 66u + 1000u);
	sim().run();
	ASSERT_EQ(e.hw()->sent.size(), 1u);
	EXPECT_TRUE(frame_checksums_ok(e.hw()->sent[0].bytes));
	EXPECT_TRUE(e.hw()->iommu.leaks().empty());
}

// Exactly 8 buffers, non-GSO: allowed (count != 8 is the linearize test).
TEST(IceTx, EightBuffersNoLinearize)
{
	Env e;
	std::vector<FragSpec> fr(7, {0, 0, 100});
	ice_start_xmit(make_tcp_skb(0, fr, 0), e.dev);
	EXPECT_EQ(e.ring()->tx_stats.tx_linearize, 0u);
	EXPECT_EQ(e.ring()->next_to_use, 8);
	sim().run();
	EXPECT_EQ(e.hw()->sent.size(), 1u);
	EXPECT_TRUE(e.hw()->mdd_log.empty());
}

// Linearize, GSO: 8 frags of 200 B with gso_size 1448. count = 9 >= 8, nr_frags 8 >= 7:
// sum = 1 - 1448 + 5*200 = -447, + frag5 200 = -247 < 0 -> linearize.
// With frags of 2000 B: sum = 1 - 1448 + 10000 + 2000 > 0 for every window -> no linearize.
TEST(IceTx, LinearizeGsoWindowRule)
{
	{
		Env e;
		std::vector<FragSpec> fr(8, {0, 0, 200});
		sk_buff *skb = make_tcp_skb(0, fr, 1448);
		std::string orig = skb_bytes(skb);
		ice_start_xmit(skb, e.dev);
		EXPECT_EQ(e.ring()->tx_stats.tx_linearize, 1u);
		sim().run();
		auto exp = expected_segments(orig, 1448);
		ASSERT_EQ(e.hw()->sent.size(), exp.size());
		for (size_t i = 0; i < exp.size(); i++)
			EXPECT_EQ(e.hw()->sent[i].bytes, exp[i]);
		EXPECT_TRUE(e.hw()->mdd_log.empty());
	}
	{
		Env e;
		std::vector<FragSpec> fr(8, {0, 0, 2000});
		sk_buff *skb = make_tcp_skb(0, fr, 1448);
		std::string orig = skb_bytes(skb);
		ice_start_xmit(skb, e.dev);
		EXPECT_EQ(e.ring()->tx_stats.tx_linearize, 0u);
		EXPECT_EQ(e.ring()->next_to_use, 10); // ctx + head + 8 frags
		sim().run();
		auto exp = expected_segments(orig, 1448);
		ASSERT_EQ(e.hw()->sent.size(), exp.size());
		for (size_t i = 0; i < exp.size(); i++)
			EXPECT_EQ(e.hw()->sent[i].bytes, exp[i]);
		EXPECT_TRUE(e.hw()->mdd_log.empty());
	}
}

// Without the linearize check, a TSO segment spread over > 8 buffers is a malicious-driver event:
// the device enforces the rule the driver's check protects.
TEST(IceTx, DeviceEnforcesEightBuffersPerSegment)
{
	Env e;
	ice_tx_ring *r = e.ring();
	// Hand-written: ctx (TSO len 900, MSS 900) + 10 data descriptors of 90 bytes after a 66 B header.
	sk_buff *skb = make_tcp_skb(900, {}, 0);
	dma_addr_t d = dma_map_single(r->dev, skb_data_dma_addr(skb), skb->len, DMA_TO_DEVICE);
	ice_tx_ctx_desc c{};
	c.qw1 = 1 | (1ull << 4) | (900ull << 30) | (900ull << 50);
	r->desc.write(0, &c, 16);
	u64 cmd = ICE_TX_DESC_CMD_IIPT_IPV4_CSUM | ICE_TX_DESC_CMD_L4T_EOFT_TCP, off = 0x20287;
	ice_tx_desc h{d, ice_build_ctob(cmd, off, 66, 0)};
	r->desc.write(16, &h, 16);
	for (unsigned i = 0; i < 10; i++) {
		ice_tx_desc t{d + 66 + 90 * i, ice_build_ctob(cmd | (i == 9 ? 3 : 0), off, 90, 0)};
		r->desc.write(16 * (2 + i), &t, 16);
	}
	e.hw()->wr32(hw::QTX_COMM_DBELL(0), 12);
	sim().run();
	EXPECT_EQ(e.hw()->sent.size(), 0u);
	ASSERT_EQ(e.hw()->mdd_log.size(), 1u);
	EXPECT_NE(e.hw()->mdd_log[0].find("11 buffers"), std::string::npos) << e.hw()->mdd_log[0];
	dma_unmap_single(r->dev, d, skb->len, DMA_TO_DEVICE);
	kfree_skb(skb);
}

// dma_error unwind: the 3rd mapping (frag1) fails -> frag0 and head are unmapped, next_to_use goes
// back to the first slot (the context slot), the skb is freed, nothing leaks, no doorbell.
TEST(IceTx, DmaErrorUnwind)
{
	Env e;
	ice_tx_ring *r = e.ring();
	e.hw()->iommu.fail_map_in = 3;
	EXPECT_EQ(ice_start_xmit(make_tcp_skb(0, {{1, 0, 3000}, {1, 0, 3000}}, 1000), e.dev), NETDEV_TX_OK);
	EXPECT_EQ(r->next_to_use, 0);
	EXPECT_TRUE(e.hw()->iommu.leaks().empty());
	EXPECT_EQ(e.hw()->iommu.maps, 1u + 2u); // ring + head + frag0
	EXPECT_EQ(e.hw()->iommu.unmaps, 2u);
	EXPECT_EQ(e.hw()->txq(0)->doorbells, 0u);
	EXPECT_EQ(r->tx_buf[0].skb, nullptr);
	// the ring still works afterwards
	ice_start_xmit(make_tcp_skb(100, {}, 0), e.dev);
	sim().run();
	EXPECT_EQ(e.hw()->sent.size(), 1u);
}

// A VLAN tag from skb->vlan_tci goes into L2TAG1 with CMD.IL2TAG1; the device inserts 802.1Q.
TEST(IceTx, VlanInsertion)
{
	Env e;
	sk_buff *skb = make_tcp_skb(100, {}, 0);
	skb->vlan_tci = 0x2005;
	std::string orig = skb_bytes(skb);
	ice_start_xmit(skb, e.dev);
	u64 q1 = qw(e.ring(), 0, 1);
	EXPECT_EQ(q1 >> 48, 0x2005ull);
	EXPECT_TRUE((q1 >> 4) & ICE_TX_DESC_CMD_IL2TAG1);
	sim().run();
	ASSERT_EQ(e.hw()->sent.size(), 1u);
	auto &f = e.hw()->sent[0].bytes;
	ASSERT_EQ(f.size(), orig.size() + 4);
	EXPECT_EQ(f[12], 0x81);
	EXPECT_EQ(f[13], 0x00);
	EXPECT_EQ(f[14], 0x20);
	EXPECT_EQ(f[15], 0x05);
	EXPECT_EQ(f[16], 0x08);
}

// Interrupt moderation: with itr_us = 50, the second interrupt waits 50 us after the first.
TEST(IceTx, ItrModeration)
{
	DeviceConfig c;
	c.itr_us = 50;
	Env e(c);
	ice_start_xmit(make_tcp_skb(100, {}, 0), e.dev);
	sim().run();
	u64 t1 = sim().now_ns();
	EXPECT_EQ(e.hw()->irqs, 1u);
	ice_start_xmit(make_tcp_skb(100, {}, 0), e.dev);
	sim().run();
	EXPECT_EQ(e.hw()->irqs, 2u);
	// first irq at t1 (after fetch 500 ns + wire); the second cannot come before t1 + 50 us
	EXPECT_GE(sim().now_ns(), t1 + 50000);
	EXPECT_EQ(e.ring()->next_to_clean, 2);
}

// `ring0.free < 8` works as a breakpoint condition over the recorded trace.
TEST(IceTx, FreeIsABreakpointCondition)
{
	DeviceConfig c;
	c.ring_size = 64;
	Env e(c);
	for (int k = 0; k < 58; k++)
		ice_start_xmit(make_tcp_skb(10, {}, 0), e.dev);
	sim().run();
	sp::Trace &t = *sim().trace();
	sp::StateIndex idx(t, 256);
	std::string err;
	auto cond = sp::Condition::parse("ring0.free < 8", t, err);
	ASSERT_TRUE(cond) << err;
	sp::Navigator nav(idx);
	std::vector<sp::Breakpoint> bps{{sp::Breakpoint::Cond, "ring0.free < 8", true}};
	size_t hit = nav.cont(0, bps, &err);
	ASSERT_LT(hit, t.size() - 1) << err;
	// free becomes 7 when the 56th packet takes its slot: 63 - 56 = 7
	EXPECT_EQ(idx.at(hit).value(t.find_key("ring0", "free")), 7);
	EXPECT_EQ(idx.at(hit).value(t.find_key("ring0", "next_to_use")), 56);
}

// 6.15 and 6.16 differ only in where the context-descriptor decisions sit; same descriptors.
TEST(IceTx, KernelVersionsGiveTheSameRing)
{
	std::vector<u64> words[2];
	for (int v = 0; v < 2; v++) {
		Env e(DeviceConfig(), v ? sp::KernelVersion::V6_16 : sp::KernelVersion::V6_15);
		ice_start_xmit(make_tcp_skb(0, {{2, 0, 8000}}, 1448), e.dev);
		for (unsigned i = 0; i < 3; i++)
			words[v].push_back(qw(e.ring(), i, 1));
		sim().run();
		EXPECT_EQ(e.hw()->sent.size(), 6u);
	}
	EXPECT_EQ(words[0], words[1]);
}

TEST(IceProbe, NetdevFeaturesAndQueues)
{
	DeviceConfig c;
	c.queues = 2;
	c.ring_size = 100; // rounded up to a multiple of 32
	Env e(c);
	EXPECT_EQ(e.dev->tx.size(), 2u);
	EXPECT_TRUE(e.dev->features & NETIF_F_SG);
	EXPECT_TRUE(e.dev->features & NETIF_F_TSO);
	EXPECT_TRUE(e.dev->features & NETIF_F_IP_CSUM);
	EXPECT_EQ(e.dev->gso_max_size, 65536u);
	EXPECT_EQ(e.dev->tso_max_size, 131072u);
	EXPECT_FALSE(e.dev->netmem_tx);
	EXPECT_EQ(e.dev->netdev_ops->ndo_start_xmit, &ice_start_xmit);
	EXPECT_EQ(e.ring(1)->count, 128);
	EXPECT_NE(e.dev->tx[1]->qdisc, nullptr);
	// queue 1 has its own doorbell at 0x002C0004
	sk_buff *skb = make_tcp_skb(10, {}, 0);
	skb->queue_mapping = 1;
	ice_start_xmit(skb, e.dev);
	EXPECT_EQ(e.hw()->rd32(0x002C0004), 1u);
	sim().run();
	EXPECT_EQ(e.hw()->rd32(hw::QTX_COMM_HEAD(1)), 1u);
	DeviceConfig n;
	n.tso = false;
	Env e2(n);
	EXPECT_FALSE(e2.dev->features & NETIF_F_TSO);
}
