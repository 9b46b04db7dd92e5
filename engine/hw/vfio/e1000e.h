// SPDX-License-Identifier: GPL-2.0-or-later
// The 82574L (e1000e) personality: queue 0 with legacy TX descriptors. The ring is programmed with
// TDBAL/TDBAH/TDLEN, the tail is TDT, the head TDH, completion the DD bit of the status byte
// (drivers/net/ethernet/intel/e1000e/regs.h and hw.h).
#pragma once
#include "hw/vfio/nic.h"

namespace hw::vfio
{

namespace e1000e
{
constexpr uint32_t CTRL = 0x0, STATUS = 0x8, ICR = 0xC0, IMC = 0xD8, TCTL = 0x400, TIPG = 0x410;
constexpr uint32_t TDBAL = 0x3800, TDBAH = 0x3804, TDLEN = 0x3808, TDH = 0x3810, TDT = 0x3818, TIDV = 0x3820,
		   TXDCTL = 0x3828, TADV = 0x382C;
constexpr uint32_t GPTC = 0x4080, GOTCL = 0x4090, GOTCH = 0x4094, TPT = 0x40D4;
constexpr uint32_t CTRL_SLU = 1u << 6, CTRL_RST = 1u << 26, STATUS_LU = 1u << 1;
constexpr uint32_t TCTL_EN = 1u << 1, TCTL_PSP = 1u << 3;
// Legacy descriptor: cmd byte at bits 31:24 of the lower dword, status byte at bits 7:0 of upper.
constexpr uint8_t TXD_CMD_EOP = 0x01, TXD_CMD_IFCS = 0x02, TXD_CMD_RS = 0x08, TXD_CMD_DEXT = 0x20;
constexpr uint8_t TXD_STAT_DD = 0x01;
} // namespace e1000e

class E1000eNic : public LiveNic
{
public:
	using LiveNic::LiveNic;
	static std::vector<RegRange> reg_list();
	const char *name() const override { return "e1000e"; }
	void bring_up(uint32_t size) override;
	void shut_down() override;
	uint32_t min_frame() const override { return 60; } // ETH_ZLEN, as e1000_xmit_frame pads
	uint32_t max_frame() const override { return 9018; }
	RawDesc make_desc(uint64_t iova, uint32_t len) const override;
	bool is_done(const RawDesc &d) const override;
	std::pair<uint64_t, uint64_t> common(const RawDesc &d) const override;
	std::string describe(const RawDesc &d) const override;
	void doorbell(uint32_t tail) override;
	std::string tail_name() const override { return "TDT"; }
	uint32_t head() override;
	LiveRing inspect() override;
	std::string counters() override;
};

} // namespace hw::vfio
