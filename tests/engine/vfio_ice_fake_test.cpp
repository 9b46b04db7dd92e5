// SPDX-License-Identifier: GPL-2.0-or-later
// The live-NIC (VFIO) personalities without hardware: a register-level fake E810 stands in for
// BAR0 (PF reset, AdminQ with the bring-up commands, QTX_COMM_DBELL/HEAD, DTYPE=0xF write-backs)
// and a fake IOMMU for the DMA memory. The fake decodes the queue context with its own bit
// reader, so the packing is checked against the ice_tlan_ctx_info positions, not against itself.
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>

#include "hw/ring_view.h"
#include "hw/vfio/e1000e.h"
#include "hw/vfio/ice.h"
#include "hw/vfio/live_trace.h"
#include "hw/vfio/pci.h"
#include "sim/state.h"

using namespace hw::vfio;
using namespace hw::vfio::ice;

namespace
{

class FakeDma : public DmaSpace
{
public:
	DmaBuf alloc(size_t len, const std::string &) override
	{
		len = (len + 4095) & ~size_t(4095);
		auto &m = mem_[next_];
		m.assign(len, 0);
		DmaBuf b{m.data(), next_, len, true};
		mapped_[next_] = true;
		next_ += len;
		return b;
	}
	void unmap(DmaBuf &b) override
	{
		mapped_[b.iova] = false;
		b.mapped = false;
	}
	std::string iommu_faults() override
	{
		std::string f = faults_;
		faults_.clear();
		return f;
	}
	// The device side: a pointer to [iova, iova+len) if mapped, else an IOMMU fault.
	uint8_t *at(uint64_t iova, size_t len)
	{
		for (auto &[base, m] : mem_)
			if (iova >= base && iova + len <= base + m.size()) {
				if (!mapped_[base])
					break;
				return m.data() + (iova - base);
			}
		char b[96];
		snprintf(b, sizeof b, "DMAR: [DMA Read] fault addr 0x%llx (not mapped)\n",
			 (unsigned long long)iova);
		faults_ += b;
		return nullptr;
	}

private:
	uint64_t next_ = 0x10000000;
	std::map<uint64_t, std::vector<uint8_t>> mem_;
	std::map<uint64_t, bool> mapped_;
	std::string faults_;
};

uint64_t bits(const uint8_t *b, unsigned lsb, unsigned width)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < width; i++)
		v |= (uint64_t)((b[(lsb + i) / 8] >> ((lsb + i) % 8)) & 1) << i;
	return v;
}

// The fake E810 PF: only the registers and AdminQ commands of reference C.4, answered the way the
// ice driver expects to read them.
class FakeE810 : public RegIo
{
public:
	explicit FakeE810(FakeDma &dma, uint64_t bar = 0x4000000) : dma_(dma), bar_(bar) {}
	uint64_t size() const override { return bar_; }
	uint32_t read32(uint32_t off) override
	{
		if (off == PF_FUNC_RID)
			return 2; // pf_id 2
		if (off == GLNVM_ULD)
			return 0x38;
		if (off == GLGEN_RSTAT)
			return 0;
		if (off == PFGEN_CTRL)
			return 0; // PFSWR self-clears at once
		if (off >= QTX_COMM_HEAD(0) && off <= QTX_COMM_HEAD(MAX_TXQ - 1))
			return q_.head;
		return regs_[off];
	}
	void write32(uint32_t off, uint32_t v) override
	{
		writes++;
		if (off == PFGEN_CTRL && (v & PFGEN_CTRL_PFSWR)) {
			resets++;
			regs_.clear();
			q_ = Queue{};
			return;
		}
		regs_[off] = v;
		if (off == PF_FW_ATQT)
			run_atq(v);
		if (off >= QTX_COMM_DBELL(0) && off <= QTX_COMM_DBELL(MAX_TXQ - 1))
			doorbell((off - QTX_COMM_DBELL(0)) / 4, v);
	}

	struct Queue {
		bool on = false;
		uint32_t id = 0, head = 0, tail = 0, qlen = 0, parent = 0;
		uint64_t base = 0;
		uint8_t ctx[22] = {};
	} q_;
	std::vector<uint16_t> opcodes;
	std::vector<std::vector<uint8_t>> sent;
	std::map<uint32_t, uint32_t> parent_of; // scheduler node -> parent
	uint16_t fail_opcode = 0;
	bool stall = false;
	unsigned resets = 0, writes = 0;
	uint32_t vsi_flags = 0, vsi_sw_id = 0;

private:
	void run_atq(uint32_t tail)
	{
		uint64_t base = (uint64_t)regs_[PF_FW_ATQBAH] << 32 | regs_[PF_FW_ATQBAL];
		uint32_t h = regs_[PF_FW_ATQH];
		while (h != tail) {
			auto *d = (AqDesc *)dma_.at(base + 32ull * h, 32);
			if (!d)
				return;
			uint8_t *buf = nullptr;
			if (d->flags & AQ_FLAG_BUF)
				buf = dma_.at((uint64_t)get32(d->params + 8) << 32 | get32(d->params + 12),
					      d->datalen);
			opcodes.push_back(d->opcode);
			d->retval = d->opcode == fail_opcode ? 14 /* EINVAL */ : command(*d, buf);
			d->flags |= AQ_FLAG_DD | AQ_FLAG_CMP | (d->retval ? AQ_FLAG_ERR : 0);
			h = (h + 1) % (regs_[PF_FW_ATQLEN] & PF_FW_LEN_M);
		}
		regs_[PF_FW_ATQH] = h;
	}
	uint16_t command(AqDesc &d, uint8_t *b)
	{
		switch (d.opcode) {
		case AQC_GET_VER:
			d.params[13] = 1; // api_major
			d.params[14] = 7;
			return 0;
		case AQC_CLEAR_PF_CFG:
		case AQC_CLEAR_PXE:
		case AQC_QUERY_SCHED_RES:
		case AQC_Q_SHUTDOWN:
			return 0;
		case AQC_LIST_FUNC_CAPS:
			put16(b, 0x0041); // RXQS first, as a decoy
			put32(b + 4, 32);
			put16(b + 32, AQC_CAPS_TXQS);
			put32(b + 32 + 4, 64);	 // number
			put32(b + 32 + 12, 128); // phys_id: first queue
			put32(d.params, 2);
			return 0;
		case AQC_GET_SW_CFG:
			put16(b, 2u << 14 | 3); // a VSI element first
			put16(b + 2, 5);
			put16(b + 6, 0u << 14 | 1); // the physical port: lport 1
			put16(b + 8, 5);	    // swid 5
			put16(d.params + 4, 2);
			return 0;
		case AQC_GET_DFLT_TOPO: {
			d.params[1] = 1; // one branch
			put16(b + 4, 3); // root, TC0, one generic SE
			uint32_t t[3][3] = {{0, 0x100, ELEM_TYPE_ROOT_PORT},
					    {0x100, 0x101, ELEM_TYPE_TC},
					    {0x101, 0x102, ELEM_TYPE_SE_GENERIC}};
			for (int i = 0; i < 3; i++) {
				put32(b + 8 + 24 * i, t[i][0]);
				put32(b + 8 + 24 * i + 4, t[i][1]);
				b[8 + 24 * i + 8] = (uint8_t)t[i][2];
				parent_of[t[i][1]] = t[i][0];
			}
			return 0;
		}
		case AQC_ADD_VSI:
			vsi_flags = get16(d.params + 4);
			vsi_sw_id = b[2];
			put16(d.params, 9); // vsi_num
			return 0;
		case AQC_ADD_SCHED_ELEMS: {
			uint32_t parent = get32(b);
			if (!parent_of.count(parent) || get16(b + 4) != 1)
				return 14;
			uint32_t teid = 0x200 + (uint32_t)parent_of.size();
			parent_of[teid] = parent;
			put32(b + 12, teid);
			return 0;
		}
		case AQC_ADD_TXQS: {
			if (d.params[0] != 1 || b[4] != 1 || !(b[41] & ELEM_VALID_GENERIC))
				return 14;
			q_.parent = get32(b);
			if (!parent_of.count(q_.parent))
				return 2; // ENOENT
			q_.id = get16(b + 8);
			memcpy(q_.ctx, b + 16, 22);
			q_.base = bits(q_.ctx, 0, 57) << 7;
			q_.qlen = (uint32_t)bits(q_.ctx, 135, 13);
			q_.on = true;
			put32(b + 12, 0x300);
			return 0;
		}
		case AQC_DIS_TXQS:
			q_.on = false;
			return 0;
		}
		return 17; // ENOSYS
	}
	void doorbell(uint32_t q, uint32_t tail)
	{
		if (!q_.on || q != q_.id || stall)
			return;
		q_.tail = tail;
		while (q_.head != q_.tail) {
			uint8_t *d = dma_.at(q_.base + 16ull * q_.head, 16);
			if (!d)
				return; // descriptor fetch faulted: the queue stops
			uint64_t qw0, qw1;
			memcpy(&qw0, d, 8);
			memcpy(&qw1, d + 8, 8);
			uint32_t len = (uint32_t)((qw1 >> 34) & 0x3FFF);
			uint8_t *data = dma_.at(qw0, len);
			if (!data)
				return;
			sent.emplace_back(data, data + len);
			if ((qw1 >> 4) & 0x2) { // RS: write DTYPE_DESC_DONE back
				qw1 |= 0xF;
				memcpy(d + 8, &qw1, 8);
			}
			q_.head = (q_.head + 1) % q_.qlen;
		}
	}
	FakeDma &dma_;
	uint64_t bar_;
	std::map<uint32_t, uint32_t> regs_;
};

std::vector<std::vector<uint8_t>> test_frames()
{
	std::vector<std::vector<uint8_t>> f;
	f.push_back(std::vector<uint8_t>(60, 0xa1));
	f.push_back(std::vector<uint8_t>(10, 0xb2)); // shorter than ICE_MIN_TX_LEN: padded to 17
	f.push_back(std::vector<uint8_t>(1514, 0xc3));
	return f;
}

struct Rig {
	FakeDma dma;
	FakeE810 dev{dma};
	Regs regs{dev, IceNic::reg_list(), "ice test"};
	IceNic nic{regs, dma, 0};
	Rig() { regs.set_inspect_only(false); }
};

} // namespace

TEST(VfioIce, BringUpFollowsTheMinimalAdminQSequence)
{
	Rig r;
	r.nic.bring_up(64);
	EXPECT_EQ(r.dev.resets, 1u);
	std::vector<uint16_t> want = {AQC_GET_VER,	   AQC_CLEAR_PF_CFG, AQC_CLEAR_PXE,
				      AQC_LIST_FUNC_CAPS,  AQC_GET_SW_CFG,   AQC_QUERY_SCHED_RES,
				      AQC_GET_DFLT_TOPO,   AQC_ADD_VSI,	     AQC_ADD_SCHED_ELEMS,
				      AQC_ADD_SCHED_ELEMS, AQC_ADD_TXQS};
	EXPECT_EQ(r.dev.opcodes, want);
	EXPECT_EQ(r.nic.pf_id, 2u);
	EXPECT_EQ(r.nic.num_txq, 64u);
	EXPECT_EQ(r.nic.txq_first, 128u);
	EXPECT_EQ(r.nic.lport, 1u);
	EXPECT_EQ(r.nic.sw_id, 5u);
	EXPECT_EQ(r.dev.vsi_flags, AQ_VSI_TYPE_PF);
	EXPECT_EQ(r.dev.vsi_sw_id, 5u);
	EXPECT_EQ(r.nic.vsi_num, 9u);
	EXPECT_EQ(r.nic.tc0_teid, 0x101u);
	// VSI node under the deepest default node (0x102), the queue group under the VSI node.
	EXPECT_EQ(r.dev.parent_of[r.nic.vsi_teid], 0x102u);
	EXPECT_EQ(r.dev.parent_of[r.nic.qgrp_teid], r.nic.vsi_teid);
	EXPECT_EQ(r.dev.q_.parent, r.nic.qgrp_teid);
	EXPECT_EQ(r.nic.q_teid, 0x300u);
	// The queue context as the device decodes it (ice_tlan_ctx_info positions).
	const uint8_t *c = r.dev.q_.ctx;
	EXPECT_EQ(r.dev.q_.base, r.nic.ring().iova);
	EXPECT_EQ(r.dev.q_.qlen, 64u);
	EXPECT_EQ(bits(c, 57, 3), 1u);	 // port_num = lport
	EXPECT_EQ(bits(c, 65, 3), 2u);	 // pf_num
	EXPECT_EQ(bits(c, 78, 2), 2u);	 // vmvf_type PF
	EXPECT_EQ(bits(c, 80, 10), 9u);	 // src_vsi
	EXPECT_EQ(bits(c, 90, 1), 1u);	 // tsyn_ena
	EXPECT_EQ(bits(c, 152, 1), 1u);	 // tso_ena
	EXPECT_EQ(bits(c, 153, 11), 0u); // tso_qnum
	EXPECT_EQ(bits(c, 164, 1), 1u);	 // legacy_int
	EXPECT_EQ(bits(c, 60, 5), 0u);	 // cgd_num
	r.nic.shut_down();
	EXPECT_FALSE(r.dev.q_.on);
	EXPECT_EQ(r.dev.opcodes.back(), AQC_Q_SHUTDOWN);
	EXPECT_EQ(r.dev.opcodes[r.dev.opcodes.size() - 2], AQC_DIS_TXQS);
}

TEST(VfioIce, FramesGoOutThroughTheDoorbellAndAreWrittenBack)
{
	Rig r;
	r.nic.bring_up(64);
	auto frames = test_frames();
	LiveTrace tr("fake", "ice", 64, r.nic.ring().iova);
	SendResult res = send_frames(r.nic, r.dma, frames, {}, &tr);
	ASSERT_TRUE(res.ok) << res.error;
	ASSERT_EQ(r.dev.sent.size(), 3u);
	EXPECT_EQ(r.dev.sent[0], frames[0]);
	std::vector<uint8_t> padded = frames[1];
	padded.resize(17, 0);
	EXPECT_EQ(r.dev.sent[1], padded);
	EXPECT_EQ(r.dev.sent[2], frames[2]);
	EXPECT_EQ(r.nic.head(), 3u);
	for (unsigned i = 0; i < 3; i++) {
		RawDesc d = r.nic.read_desc(i);
		EXPECT_EQ(d.w1 & 0xF, 0xFu) << i;
		EXPECT_EQ((d.w1 >> 4) & 0x3, 0x3u) << i; // EOP|RS
		EXPECT_EQ(res.frames[i].slot, i);
		EXPECT_EQ(res.frames[i].tail, i + 1);
	}
	EXPECT_EQ((r.nic.read_desc(1).w1 >> 34) & 0x3FFF, 17u);
	// The trace reads like an emulated run's ring.
	sp::StateIndex idx(*tr.trace());
	hw::RingSnapshot s = hw::ring_snapshot(*tr.trace(), idx.at(tr.trace()->size() - 1));
	ASSERT_TRUE(s.valid);
	EXPECT_EQ(s.size, 64u);
	EXPECT_EQ(s.ntu, 3u);
	EXPECT_EQ(s.ntc, 3u);
	EXPECT_EQ(s.head, 3u);
	EXPECT_EQ(s.tail, 3u);
	EXPECT_EQ(s.doorbells, 3u);
	EXPECT_EQ(s.writebacks, 3u);
	EXPECT_EQ(s.free, 63); // ICE_DESC_UNUSED with ntc == ntu: 64 - 1
	ASSERT_EQ(s.descriptors.size(), 3u);
	EXPECT_TRUE(s.descriptors[2].done);
	EXPECT_EQ((s.descriptors[2].qw1 >> 34) & 0x3FFF, 1514u);
	ASSERT_EQ(s.packets.size(), 3u);
	EXPECT_EQ(s.packets[1].len, 17u);
}

TEST(VfioIce, InspectOnlyReadsHeadAndRefusesEveryWrite)
{
	Rig r;
	r.regs.set_inspect_only(true);
	try {
		r.nic.bring_up(64);
		FAIL() << "bring_up wrote registers in an inspect-only session";
	} catch (const VfioError &e) {
		EXPECT_NE(std::string(e.what()).find("inspect-only"), std::string::npos) << e.what();
	}
	EXPECT_EQ(r.dev.writes, 0u);
	r.dev.q_.head = 37;
	LiveRing lr = r.nic.inspect();
	EXPECT_EQ(lr.head, 37u);
	EXPECT_FALSE(lr.tail_known);
	EXPECT_EQ(r.dev.writes, 0u);
}

TEST(VfioIce, RegisterListAndBarBoundsAreEnforced)
{
	Rig r;
	// GLGEN_RTRIG (chip-wide reset) is not in the ice list; neither is an arbitrary offset.
	EXPECT_THROW(r.regs.rd32(0x000B8190), VfioError);
	EXPECT_THROW(r.regs.wr32(0x000B8190, 1), VfioError);
	EXPECT_THROW(r.regs.rd32(0x10), VfioError);
	EXPECT_THROW(r.regs.rd32(PF_FW_ATQH + 2), VfioError); // unaligned
	EXPECT_THROW(r.regs.wr32(PF_FUNC_RID, 0), VfioError); // read-only
	EXPECT_EQ(r.regs.name(QTX_COMM_DBELL(5)), "QTX_COMM_DBELL[5]");
	// A BAR too small for the doorbell array: the access is refused before it happens.
	FakeDma dma;
	FakeE810 small(dma, 0x100000);
	Regs regs(small, IceNic::reg_list(), "ice small");
	regs.set_inspect_only(false);
	EXPECT_THROW(regs.rd32(QTX_COMM_DBELL(0)), VfioError); // 0x2c0000 > 1 MiB
	IceNic nic(regs, dma, 0);
	EXPECT_THROW(nic.bring_up(64), VfioError);
}

TEST(VfioIce, StuckRingTimesOutWithAReport)
{
	Rig r;
	r.nic.bring_up(64);
	r.dev.stall = true;
	SendOptions opt;
	opt.timeout_ms = 50;
	auto t0 = std::chrono::steady_clock::now();
	SendResult res = send_frames(r.nic, r.dma, test_frames(), opt, nullptr);
	auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
		      .count();
	EXPECT_FALSE(res.ok);
	EXPECT_LT(ms, 2000);
	EXPECT_NE(res.error.find("stall: frame 0 in descriptor 0"), std::string::npos) << res.error;
	EXPECT_NE(res.error.find("HW head 0 -> 0, tail 1"), std::string::npos) << res.error;
	EXPECT_TRUE(r.dev.sent.empty());
}

TEST(VfioIce, UnmappedDmaIsReportedAsAnIommuFault)
{
	Rig r;
	r.nic.bring_up(64);
	SendOptions opt;
	opt.timeout_ms = 50;
	opt.unmap_before_doorbell = true;
	SendResult res = send_frames(r.nic, r.dma, test_frames(), opt, nullptr);
	EXPECT_FALSE(res.ok);
	EXPECT_NE(res.error.find("IOMMU fault"), std::string::npos) << res.error;
	char want[64];
	snprintf(want, sizeof want, "fault addr 0x%llx", (unsigned long long)r.nic.ring().iova);
	EXPECT_NE(res.faults.find(want), std::string::npos) << res.faults;
	EXPECT_TRUE(r.dev.sent.empty());
}

TEST(VfioIce, AdminQErrorNamesTheCommandAndTheCode)
{
	Rig r;
	r.dev.fail_opcode = AQC_ADD_TXQS;
	try {
		r.nic.bring_up(64);
		FAIL() << "no error";
	} catch (const VfioError &e) {
		std::string m = e.what();
		EXPECT_NE(m.find("0x0c30 (Add Tx LAN Queues)"), std::string::npos) << m;
		EXPECT_NE(m.find("14 (EINVAL)"), std::string::npos) << m;
	}
	EXPECT_THROW(r.nic.bring_up(100), VfioError); // not a multiple of 32
}

TEST(VfioE1000e, LegacyDescriptorMapsToTheRingModelLayout)
{
	FakeDma dma;
	FakeE810 dev(dma);
	Regs regs(dev, E1000eNic::reg_list(), "e1000e test");
	E1000eNic nic(regs, dma);
	RawDesc d = nic.make_desc(0x10001000, 60);
	// lower: length 60 (0x3c), cmd EOP|IFCS|RS = 0x0b in bits 31:24; upper (status) 0.
	EXPECT_EQ(d.w0, 0x10001000u);
	EXPECT_EQ(d.w1, 0x0b00003cull);
	EXPECT_FALSE(nic.is_done(d));
	// E810 layout: DTYPE 0, CMD EOP|RS = 0x3 at bit 4, BUF_SZ 60 at bit 34: 0x3c << 34 = 0xf000000000.
	EXPECT_EQ(nic.common(d).second, 0x000000f000000030ull);
	d.w1 |= 1ull << 32; // the device sets DD in the status byte
	EXPECT_TRUE(nic.is_done(d));
	EXPECT_EQ(nic.common(d).second, 0x000000f00000003full);
	EXPECT_THROW(regs.rd32(0x5000), VfioError); // not an e1000e register of the list
}

TEST(VfioPci, RefusalsNameTheCauseAndTheFix)
{
	namespace fs = std::filesystem;
	fs::path root = fs::temp_directory_path() / ("sp-vfio-sysfs-" + std::to_string(getpid()));
	fs::remove_all(root);
	auto dev = [&](const std::string &bdf, const char *vendor, const char *device, const char *driver,
		       int group) {
		fs::path d = root / "bus/pci/devices" / bdf;
		fs::create_directories(d);
		std::ofstream(d / "vendor") << vendor << "\n";
		std::ofstream(d / "device") << device << "\n";
		std::ofstream(d / "class") << "0x020000\n";
		if (driver) {
			fs::create_directories(root / "bus/pci/drivers" / driver);
			fs::create_directory_symlink(root / "bus/pci/drivers" / driver, d / "driver");
		}
		if (group >= 0) {
			fs::create_directories(root / "kernel/iommu_groups" / std::to_string(group));
			fs::create_directory_symlink(root / "kernel/iommu_groups" / std::to_string(group),
						     d / "iommu_group");
		}
	};
	dev("0000:00:02.0", "0x8086", "0x10d3", "e1000e", 2);
	dev("0000:00:03.0", "0x1af4", "0x1041", "virtio-pci", -1);
	dev("0000:3b:00.0", "0x8086", "0x159b", "vfio-pci", -1);
	dev("0000:3b:00.1", "0x8086", "0x159b", "vfio-pci", 40);
	auto list = pci_list(root.string());
	ASSERT_EQ(list.size(), 4u);
	EXPECT_EQ(list[0].driver, "e1000e");
	EXPECT_EQ(list[0].iommu_group, 2);
	std::string why = pci_refusal(list[0]);
	EXPECT_NE(why.find("bound to the kernel driver 'e1000e'"), std::string::npos) << why;
	EXPECT_NE(why.find("driver_override"), std::string::npos) << why;
	EXPECT_NE(pci_refusal(list[1]).find("does not know"), std::string::npos);
	EXPECT_NE(pci_refusal(list[2]).find("no IOMMU group"), std::string::npos);
	EXPECT_EQ(pci_refusal(list[3]), "");
	EXPECT_EQ(list[3].known->personality, Personality::ICE);
	PciDev d;
	std::string err;
	EXPECT_TRUE(pci_get("3b:00.1", d, err, root.string())) << err;
	EXPECT_EQ(d.bdf, "0000:3b:00.1");
	EXPECT_FALSE(pci_get("0000:3b:00.7", d, err, root.string()));
	EXPECT_FALSE(pci_get("not-a-bdf", d, err, root.string()));
	fs::remove_all(root);
}
