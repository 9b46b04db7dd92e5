// SPDX-License-Identifier: GPL-2.0-or-later
// The gve (DQO) driver and device with device-memory TCP TX: the built-in devmem-tx-netmem
// scenario end to end on 6.16 (net_iov frags, premapped dma-buf addresses, payload read by the
// device from the dma-buf, completion -> napi_consume_skb -> MSG_ZEROCOPY notification), and the
// 6.15 failure (no bind-tx, sendmsg with SCM_DEVMEM_DMABUF -> EINVAL).
#include <gtest/gtest.h>

#include <map>

#include "drivers/gve/gve.h"
#include "scenario/runner.h"

using namespace sp;

namespace
{

RunResult run_netmem(KernelVersion kv)
{
	std::string err;
	auto sc = load_scenario("devmem-tx-netmem", err);
	EXPECT_TRUE(sc.has_value()) << err;
	if (!sc)
		return {};
	return run_scenario(*sc, kv, {true, 0});
}

const SyscallRecord *find_call(const RunResult &r, const std::string &prefix, size_t nth = 0)
{
	for (auto &c : r.syscalls)
		if (c.call.rfind(prefix, 0) == 0 && nth-- == 0)
			return &c;
	return nullptr;
}

bool has_anchor(const Trace &t, const std::string &anchor)
{
	for (size_t i = 0; i < t.size(); i++)
		if (t.at(i).anchor && t.str(t.at(i).anchor) == anchor)
			return true;
	return false;
}

// TCP payload of the outbound data frames, keyed by sequence number.
std::map<u32, std::vector<u8>> outbound_payload(const RunResult &r)
{
	std::map<u32, std::vector<u8>> m;
	for (auto &f : r.wire) {
		if (!f.outbound || f.bytes.size() < 54)
			continue;
		const u8 *p = f.bytes.data();
		if (p[12] != 0x08 || p[13] != 0x00 || p[23] != 6)
			continue;
		u32 ihl = (p[14] & 0xf) * 4u, tot = (u32)p[16] << 8 | p[17];
		const u8 *th = p + 14 + ihl;
		u32 doff = (th[12] >> 4) * 4u;
		if (tot <= ihl + doff)
			continue;
		u32 seq = (u32)th[4] << 24 | (u32)th[5] << 16 | (u32)th[6] << 8 | th[7];
		m[seq] = std::vector<u8>(th + doff, p + 14 + tot);
	}
	return m;
}

} // namespace

TEST(Gve, DescriptorLayoutsMatchTheDevice)
{
	// gve_desc_dqo.h: buf_addr at 0..7, dtype in the low 5 bits of byte 8, end_of_packet bit 5,
	// checksum_offload_enable bit 6, report_event bit 7; compl_tag at bytes 12..13; buf_size in
	// the low 14 bits of bytes 14..15.
	gve_tx_pkt_desc_dqo d{};
	d.buf_addr = 0x1122334455667788ull;
	d.dtype = GVE_TX_PKT_DESC_DTYPE_DQO;
	d.end_of_packet = 1;
	d.report_event = 1;
	d.compl_tag = 0x0102;
	d.buf_size = 9000;
	u8 raw[16];
	std::memcpy(raw, &d, 16);
	EXPECT_EQ(raw[0], 0x88);
	EXPECT_EQ(raw[8], 0x0c | 0x20 | 0x80);
	EXPECT_EQ(raw[12], 0x02);
	EXPECT_EQ(raw[13], 0x01);
	EXPECT_EQ(raw[14] | (raw[15] << 8), 9000);
}

TEST(Gve, DevmemTxNetmemEndToEnd616)
{
	RunResult r = run_netmem(KernelVersion::V6_16);
	ASSERT_TRUE(r.ok) << r.error;
	ASSERT_TRUE(r.trace);
	const SyscallRecord *b = find_call(r, "netlink bind-tx");
	ASSERT_TRUE(b);
	EXPECT_EQ(b->ret, 1); // the first binding id (xa_alloc_cyclic from 1)
	const SyscallRecord *m = find_call(r, "sendmsg(");
	ASSERT_TRUE(m);
	EXPECT_EQ(m->ret, 8192);

	// The wire carries the 8192 bytes, contiguous from the first data sequence number, and they are
	// the dma-buf's bytes at offsets 0..8191 (the scenario's iov base is dma-buf offset 0):
	// byte(off) = (off ^ (off >> 8) ^ 0xA5) & 0xff.
	auto pl = outbound_payload(r);
	ASSERT_FALSE(pl.empty());
	u32 seq0 = pl.begin()->first, next = seq0;
	std::vector<u8> bytes;
	for (auto &[seq, data] : pl) {
		ASSERT_EQ(seq, next) << "gap or overlap in the outbound payload";
		bytes.insert(bytes.end(), data.begin(), data.end());
		next = seq + (u32)data.size();
	}
	ASSERT_EQ(bytes.size(), 8192u);
	for (size_t off = 0; off < bytes.size(); off++)
		ASSERT_EQ(bytes[off], (u8)((off ^ (off >> 8) ^ 0xA5) & 0xff)) << "offset " << off;
	// MSS 1448 (1460 - 12 bytes of timestamp option): 8192 = 5 * 1448 + 952 -> 6 segments.
	EXPECT_EQ(pl.size(), 6u);

	// Some skb's first frag was a net_iov (PageOwner::NetIov == 4).
	bool niov = false;
	const Trace &t = *r.trace;
	for (auto &d : t.deltas()) {
		const KeyInfo &k = t.keys()[d.key];
		if (t.str(k.field) == "shinfo.frags[0].owner" && t.str(k.object).rfind("skb#", 0) == 0 &&
		    d.new_v == 4)
			niov = true;
	}
	EXPECT_TRUE(niov);

	// The 6.16 unreadable gate let it through; the driver used the premapped dma-buf addresses
	// (only the head is mapped: dma_map_single, never dma_map_page) and skipped their unmap.
	EXPECT_TRUE(has_anchor(t, "validate_xmit_unreadable_skb:netmem_tx"));
	EXPECT_FALSE(has_anchor(t, "validate_xmit_skb:unreadable_615"));
	EXPECT_EQ(r.functions["dma_map_page"], 0u);
	EXPECT_GT(r.functions["dma_map_single"], 0u);
	EXPECT_TRUE(has_anchor(t, "gve_unmap_packet:netmem"));
	EXPECT_GT(r.functions["gve_clean_tx_done_dqo"], 0u);
	EXPECT_GT(r.functions["napi_consume_skb"], 0u);
	// No RLIMIT_MEMLOCK charge for dma-buf memory.
	EXPECT_FALSE(has_anchor(t, "mm_account_pinned_pages:check"));

	// recv_errqueue: the MSG_ZEROCOPY completion is read (recvmsg(MSG_ERRQUEUE) >= 0 at least once).
	const SyscallRecord *e = find_call(r, "recvmsg(");
	ASSERT_TRUE(e);
	EXPECT_GE(e->ret, 0);
	EXPECT_TRUE(r.warnings.empty() || r.warnings[0].find("gve: TX queue") == std::string::npos);
}

TEST(Gve, DevmemTxNetmemFailsOn615)
{
	RunResult r = run_netmem(KernelVersion::V6_15);
	ASSERT_TRUE(r.ok) << r.error;
	const SyscallRecord *b = find_call(r, "netlink bind-tx");
	ASSERT_TRUE(b);
	EXPECT_LT(b->ret, 0);
	const SyscallRecord *m = find_call(r, "sendmsg(");
	ASSERT_TRUE(m);
	EXPECT_EQ(m->ret, -EINVAL);
	EXPECT_EQ(m->err, EINVAL);
	EXPECT_TRUE(outbound_payload(r).empty());
}

TEST(Gve, PlainSendOnGveUsesTsoAndCompletes)
{
	// An ordinary copy send over gve: 10000 bytes at MSS 1448 = 6 * 1448 + 1312 -> 7 segments, all
	// completed (the skbs are freed by gve_clean_tx_done_dqo), BQL back to 0 in flight.
	std::string err;
	auto sc = parse_scenario("name gve-plain\ndevice gve\nconnect\nsend 10000\nwait 5ms\n", "test", err);
	ASSERT_TRUE(sc.has_value()) << err;
	RunResult r = run_scenario(*sc, KernelVersion::V6_16, {true, 0});
	ASSERT_TRUE(r.ok) << r.error;
	auto pl = outbound_payload(r);
	size_t total = 0;
	for (auto &[s, d] : pl)
		total += d.size();
	EXPECT_EQ(total, 10000u);
	EXPECT_EQ(pl.size(), 7u);
	EXPECT_GT(r.functions["gve_clean_tx_done_dqo"], 0u);
	EXPECT_GT(r.functions["dma_unmap_single"], 0u);
}
