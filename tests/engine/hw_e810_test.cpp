// SPDX-License-Identifier: GPL-2.0-or-later
// The emulated host memory/IOMMU, the E810 register file and the ring report built from a trace;
// tshark validation of the frames the device put on the wire.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "hw/ring_view.h"
#include "ice_test_util.h"
#include "sim/cursor.h"
#include "sim/pcapng.h"

using namespace icetest;
using sp::sim;

TEST(HwIommu, MapTranslateUnmapFaultLeak)
{
	sp::Sim s;
	sp::SimScope sc(s);
	hw::Iommu io;
	device dev;
	dev.iommu = &io;
	sp::Buf mem(10000);
	u8 pat[4] = {1, 2, 3, 4};
	mem.write(5000, pat, 4);
	dma_cpu_addr a;
	a.buf = &mem;
	a.off = 4900;
	a.phys = 0x200000000ull + 4900; // page offset 4900 & 4095 = 804
	a.owner = "buf";
	// 804 + 300 bytes fit one page: IOVA = 0x100000000 - 0x1000 + 804
	dma_addr_t d = dma_map_single(&dev, a, 300, DMA_TO_DEVICE);
	EXPECT_EQ(d, 0xfffff000ull + 804);
	u8 got[4];
	EXPECT_TRUE(io.dma_read(d + 100, got, 4));
	EXPECT_EQ(0, memcmp(got, pat, 4));
	// beyond the mapping: a fault
	EXPECT_FALSE(io.dma_read(d + 298, got, 4));
	EXPECT_EQ(io.faults, 1u);
	// writes to a DMA_TO_DEVICE mapping fault
	EXPECT_FALSE(io.dma_write(d, pat, 4));
	EXPECT_EQ(io.leaks().size(), 1u);
	// a second mapping of 2 pages (offset 804 + 4000 bytes) goes below the first
	dma_addr_t d2 = dma_map_single(&dev, a, 4000, DMA_TO_DEVICE);
	EXPECT_EQ(d2, 0xfffff000ull - 0x2000 + 804);
	dma_unmap_single(&dev, d, 300, DMA_TO_DEVICE);
	// unmapped: the device now faults on it
	EXPECT_FALSE(io.dma_read(d + 100, got, 4));
	EXPECT_EQ(io.faults, 3u);
	// a wrong-length unmap is a fault and leaves the mapping
	dma_unmap_single(&dev, d2, 10, DMA_TO_DEVICE);
	EXPECT_EQ(io.leaks().size(), 1u);
	dma_unmap_single(&dev, d2, 4000, DMA_TO_DEVICE);
	EXPECT_TRUE(io.leaks().empty());
	// the freed 1-page range is reused (LIFO rcache) with the new page offset
	a.phys = 0x300000010ull;
	EXPECT_EQ(dma_map_single(&dev, a, 16, DMA_TO_DEVICE), 0xfffff000ull + 0x10);
	// fault injection
	io.fail_map_in = 1;
	dma_addr_t e = dma_map_single(&dev, a, 16, DMA_TO_DEVICE);
	EXPECT_TRUE(dma_mapping_error(&dev, e));
}

TEST(HwE810, DoorbellOnDisabledQueueAndMdd)
{
	Env e;
	// a doorbell beyond the ring length disables the queue (malicious driver detection)
	e.hw()->wr32(hw::QTX_COMM_DBELL(0), 5000);
	ASSERT_EQ(e.hw()->mdd_log.size(), 1u);
	// a descriptor pointing at an unmapped IOVA: the gather faults
	Env e2;
	ice_tx_ring *r = e2.ring();
	ice_tx_desc d{0x12345000ull, ice_build_ctob(ICE_TX_DESC_CMD_EOP | ICE_TX_DESC_CMD_RS, 0, 100, 0)};
	r->desc.write(0, &d, 16);
	e2.hw()->wr32(hw::QTX_COMM_DBELL(0), 1);
	sim().run();
	EXPECT_EQ(e2.hw()->sent.size(), 0u);
	EXPECT_EQ(e2.hw()->iommu.faults, 1u);
	EXPECT_EQ(e2.hw()->mdd_log.size(), 1u);
	EXPECT_EQ(e2.hw()->rd32(hw::QTX_COMM_HEAD(0)), 1u); // the descriptor was fetched
}

// Wire timing: 1 Gb/s, two 1514-byte frames: (1514 + 24) * 8 = 12304 ns each, back to back.
TEST(HwE810, SerialisationAtTheLinkRate)
{
	DeviceConfig c;
	c.link_bps = 1000000000ull;
	Env e(c);
	ice_start_xmit(make_tcp_skb(0, {{1, 0, 2896}}, 1448), e.dev);
	sim().run();
	ASSERT_EQ(e.hw()->sent.size(), 2u);
	EXPECT_EQ(e.hw()->sent[0].t_start_ns, 500u);
	EXPECT_EQ(e.hw()->sent[0].t_end_ns, 500u + 12304u);
	EXPECT_EQ(e.hw()->sent[1].t_start_ns, 500u + 12304u);
	EXPECT_EQ(e.w.wire[1].time_ns, 500u + 2 * 12304u);
	EXPECT_EQ(hw::wire_time_ps(10, 1000000000ull), (60ull + 24) * 8 * 1000); // min frame
}

// The ring report from the recorded trace alone, at the end and at a step before the write-back.
TEST(HwRingView, SnapshotJsonAndTable)
{
	Env e;
	ice_start_xmit(make_tcp_skb(0, {{4, 0, 32768}, {3, 100, 16384}, {2, 0, 16008}}, 1448), e.dev);
	ice_start_xmit(make_tcp_skb(100, {}, 0), e.dev);
	sim().run();
	const sp::Trace &t = *sim().trace();
	sp::StateIndex idx(t, 512);
	hw::RingSnapshot r = hw::ring_snapshot(t, idx.at(t.size() - 1));
	ASSERT_TRUE(r.valid);
	EXPECT_EQ(r.size, 256u);
	EXPECT_EQ(r.ntu, 9u);
	EXPECT_EQ(r.ntc, 9u);
	EXPECT_EQ(r.head, 9u);
	EXPECT_EQ(r.tail, 9u);
	EXPECT_EQ(r.doorbells, 2u);
	EXPECT_EQ(r.writebacks, 2u);
	// fetches: 8 + 1 descriptors, 7 + 1 buffers
	EXPECT_EQ(r.dma_reads, 17u);
	ASSERT_EQ(r.descriptors.size(), 9u);
	EXPECT_EQ(r.descriptors[0].qw1, 0x16a03fa200000011ull);
	EXPECT_EQ(r.descriptors[7].qw1, 0x0000fa2202871630ull); // as the driver wrote it
	EXPECT_TRUE(r.descriptors[7].done);
	EXPECT_EQ(r.descriptors[7].wb_qw1 & 0xF, 0xFull);
	ASSERT_EQ(r.packets.size(), 2u);
	EXPECT_EQ(r.packets[0].skb, "skb#1");
	EXPECT_EQ(r.packets[0].first, 0u);
	EXPECT_EQ(r.packets[0].last, 7u);
	EXPECT_EQ(r.packets[0].len, 65226u);
	EXPECT_EQ(r.packets[1].first, 8u);
	EXPECT_EQ(r.packets[1].last, 8u);
	std::string j = hw::ring_json(r);
	for (const char *k :
	     {"\"size\": 256", "\"ntu\": 9", "\"ntc\": 9", "\"head\": 9", "\"tail\": 9", "\"doorbells\": 2",
	      "\"dma_reads\": 17", "\"writebacks\": 2", "\"qw1\": \"0x16a03fa200000011\"",
	      "{\"skb\": \"skb#1\", \"first\": 0, \"last\": 7, \"len\": 65226}",
	      "\"descriptors\": [{\"index\": 0"})
		EXPECT_NE(j.find(k), std::string::npos) << k << "\n" << j;
	std::string tab = hw::ring_table(r);
	EXPECT_NE(tab.find("TSO_LEN 65160 MSS 1448"), std::string::npos) << tab;
	EXPECT_NE(tab.find("EOP|RS|IIPT_IPV4_CSUM|L4T_TCP"), std::string::npos) << tab;
	EXPECT_NE(tab.find("BUF_SZ 16284 MACLEN 14 IPLEN 20 L4LEN 32"), std::string::npos) << tab;

	// At the doorbell of the first packet: 8 slots written, nothing fetched or written back.
	size_t db = 0;
	for (size_t i = 0; i < t.size(); i++)
		if (t.at(i).kind == sp::StepKind::Event && t.str(t.at(i).anchor) == "hw:doorbell") {
			db = i;
			break;
		}
	ASSERT_GT(db, 0u);
	hw::RingSnapshot r0 = hw::ring_snapshot(t, idx.at(db));
	EXPECT_EQ(r0.ntu, 8u);
	EXPECT_EQ(r0.tail, 8u);
	EXPECT_EQ(r0.head, 0u);
	EXPECT_EQ(r0.writebacks, 0u);
	EXPECT_EQ(r0.descriptors.size(), 8u);
	EXPECT_FALSE(r0.descriptors[7].done);
	EXPECT_EQ(r0.packets.size(), 1u);
	// Before the device existed: no ring
	EXPECT_FALSE(hw::ring_snapshot(t, idx.at(0)).valid);
}

// tshark verifies IP and TCP checksums of the TSO segments (skipped when tshark is absent).
TEST(HwE810, TsharkValidatesFrames)
{
	if (std::system("command -v tshark > /dev/null 2>&1") != 0)
		GTEST_SKIP() << "tshark not installed";
	Env e;
	ice_start_xmit(make_tcp_skb(0, {{4, 0, 32768}, {3, 100, 16384}, {2, 0, 16008}}, 1448), e.dev);
	ice_start_xmit(make_tcp_skb(500, {{0, 0, 700}}, 0, TCPHDR_ACK | TCPHDR_PSH, 9), e.dev);
	sim().run();
	ASSERT_EQ(e.w.wire.size(), 46u);
	char tmpl[] = "/tmp/ice_tsharkXXXXXX";
	ASSERT_NE(mkdtemp(tmpl), nullptr);
	std::string path = std::string(tmpl) + "/tx.pcapng";
	std::vector<sp::PcapngFrame> fr;
	for (auto &w : e.w.wire)
		fr.push_back({w.time_ns, w.bytes, w.comment, 0, 0});
	std::string err;
	ASSERT_TRUE(sp::write_pcapng(path, fr, err, "e810-sim")) << err;
	std::string out = path + ".txt";
	std::string cmd =
	    "tshark -r " + path +
	    " -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -T fields -e ip.checksum.status -e "
	    "tcp.checksum.status -e tcp.seq_raw -e ip.len > " +
	    out + " 2>/dev/null";
	ASSERT_EQ(std::system(cmd.c_str()), 0);
	std::ifstream in(out);
	std::string line;
	int n = 0;
	while (std::getline(in, line)) {
		// checksum status: Wireshark's PROTO_CHECKSUM_E_GOOD = 1 (0 bad, 2 unverified)
		EXPECT_EQ(line.rfind("1\t1\t", 0), 0u) << line;
		n++;
		if (n == 1) {
			EXPECT_NE(line.find("1500"), std::string::npos) << line;
		}
	}
	EXPECT_EQ(n, 46);
	// and the expert info has no checksum complaint
	std::string cmd2 = "tshark -r " + path +
			   " -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -z expert,error -q > " +
			   out + " 2>/dev/null";
	ASSERT_EQ(std::system(cmd2.c_str()), 0);
	std::ifstream in2(out);
	std::string all((std::istreambuf_iterator<char>(in2)), std::istreambuf_iterator<char>());
	EXPECT_EQ(all.find("hecksum"), std::string::npos) << all;
	std::remove(out.c_str());
	std::remove(path.c_str());
	rmdir(tmpl);
}
