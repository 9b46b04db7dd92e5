// SPDX-License-Identifier: GPL-2.0-or-later
#include "hw/vfio/e1000e.h"

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <thread>

#include "drivers/ice/ice_lan_tx_rx.h"

namespace hw::vfio
{

using namespace e1000e;

std::vector<RegRange> E1000eNic::reg_list()
{
	return {{CTRL, CTRL, "CTRL", true},	  {STATUS, STATUS, "STATUS", false},
		{ICR, ICR, "ICR", false},	  {IMC, IMC, "IMC", true},
		{TCTL, TCTL, "TCTL", true},	  {TIPG, TIPG, "TIPG", true},
		{TDBAL, TDBAL, "TDBAL", true},	  {TDBAH, TDBAH, "TDBAH", true},
		{TDLEN, TDLEN, "TDLEN", true},	  {TDH, TDH, "TDH", true},
		{TDT, TDT, "TDT", true},	  {TIDV, TIDV, "TIDV", true},
		{TXDCTL, TXDCTL, "TXDCTL", true}, {TADV, TADV, "TADV", true},
		{GPTC, GPTC, "GPTC", false},	  {GOTCL, GOTCL, "GOTCL", false},
		{GOTCH, GOTCH, "GOTCH", false},	  {TPT, TPT, "TPT", false}};
}

static void sleep_ms(unsigned ms)
{
	std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

void E1000eNic::bring_up(uint32_t size)
{
	if (size < 8 || size > 4096 || size % 8)
		throw VfioError(
		    "e1000e: ring size " + std::to_string(size) +
		    " must be a multiple of 8 between 8 and 4096 (TDLEN is a multiple of 128 bytes)");
	// Reset (CTRL.RST self-clears), mask every interrupt: completion is polled.
	regs_.wr32(IMC, 0xFFFFFFFF);
	regs_.wr32(CTRL, regs_.rd32(CTRL) | CTRL_RST);
	sleep_ms(10);
	for (int i = 0; i < 100 && (regs_.rd32(CTRL) & CTRL_RST); i++)
		sleep_ms(1);
	if (regs_.rd32(CTRL) & CTRL_RST)
		throw VfioError("e1000e: CTRL.RST did not clear within 110 ms after the reset");
	regs_.wr32(IMC, 0xFFFFFFFF);
	regs_.rd32(ICR);
	regs_.wr32(CTRL, regs_.rd32(CTRL) | CTRL_SLU);
	// Clear-on-read statistics: start from zero.
	regs_.rd32(GPTC);
	regs_.rd32(GOTCL);
	regs_.rd32(GOTCH);
	regs_.rd32(TPT);
	size_ = size;
	ring_ = dma_.alloc(16u * size, "e1000e TX ring");
	regs_.wr32(TDBAL, (uint32_t)ring_.iova);
	regs_.wr32(TDBAH, (uint32_t)(ring_.iova >> 32));
	regs_.wr32(TDLEN, 16u * size);
	regs_.wr32(TDH, 0);
	regs_.wr32(TDT, 0);
	regs_.wr32(TIDV, 0);
	regs_.wr32(TADV, 0);
	// IPG 8/8/6 (e1000e_configure_tx's DEFAULT_82543_TIPG_* for copper).
	regs_.wr32(TIPG, 8 | (8 << 10) | (6 << 20));
	// EN, pad short packets, collision threshold 15, collision distance 63 (e1000e defaults).
	regs_.wr32(TCTL, TCTL_EN | TCTL_PSP | (0xF << 4) | (0x3F << 12));
	for (int i = 0; i < 100 && !(regs_.rd32(STATUS) & STATUS_LU); i++)
		sleep_ms(10);
	if (!(regs_.rd32(STATUS) & STATUS_LU))
		throw VfioError("e1000e: no link (STATUS.LU stayed 0 for 1 s after CTRL.SLU)");
}

void E1000eNic::shut_down()
{
	if (!size_ || regs_.inspect_only())
		return;
	regs_.wr32(TCTL, regs_.rd32(TCTL) & ~TCTL_EN);
}

RawDesc E1000eNic::make_desc(uint64_t iova, uint32_t len) const
{
	RawDesc d;
	d.w0 = iova;
	uint32_t lower = (len & 0xFFFF) | (uint32_t)(TXD_CMD_EOP | TXD_CMD_IFCS | TXD_CMD_RS) << 24;
	d.w1 = lower; // upper (status, css, special) = 0
	return d;
}

bool E1000eNic::is_done(const RawDesc &d) const
{
	return (d.w1 >> 32) & TXD_STAT_DD;
}

std::pair<uint64_t, uint64_t> E1000eNic::common(const RawDesc &d) const
{
	uint64_t len = d.w1 & 0xFFFF;
	uint64_t cmd = (d.w1 >> 24) & 0xFF;
	uint64_t ice_cmd = (cmd & TXD_CMD_EOP ? (uint64_t)ICE_TX_DESC_CMD_EOP : 0) |
			   (cmd & TXD_CMD_RS ? (uint64_t)ICE_TX_DESC_CMD_RS : 0);
	uint64_t qw1 = ICE_TX_DESC_DTYPE_DATA | ice_cmd << ICE_TXD_QW1_CMD_S | len << ICE_TXD_QW1_TX_BUF_SZ_S;
	if (is_done(d))
		qw1 |= ICE_TX_DESC_DTYPE_DESC_DONE; // the ring model's "done" mark
	return {d.w0, qw1};
}

std::string E1000eNic::describe(const RawDesc &d) const
{
	char b[160];
	uint32_t lower = (uint32_t)d.w1, upper = (uint32_t)(d.w1 >> 32);
	snprintf(b, sizeof b, "addr=0x%" PRIx64 " lower=0x%08x (len %u cmd 0x%02x) upper=0x%08x DD=%u", d.w0,
		 lower, lower & 0xFFFF, lower >> 24, upper, upper & TXD_STAT_DD);
	return b;
}

void E1000eNic::doorbell(uint32_t tail)
{
	regs_.wr32(TDT, tail);
}

uint32_t E1000eNic::head()
{
	return regs_.rd32(TDH);
}

LiveRing E1000eNic::inspect()
{
	LiveRing r;
	r.personality = name();
	for (uint32_t reg : {CTRL, STATUS, TCTL, TDBAL, TDBAH, TDLEN, TDH, TDT, TXDCTL})
		r.regs.push_back({regs_.name(reg), regs_.rd32(reg)});
	auto v = [&](uint32_t reg) {
		for (auto &[n, x] : r.regs)
			if (n == regs_.name(reg))
				return x;
		return 0u;
	};
	r.size = v(TDLEN) / 16;
	r.head = v(TDH);
	r.tail = v(TDT);
	r.base = (uint64_t)v(TDBAH) << 32 | v(TDBAL);
	r.base_known = true;
	if (!(v(TCTL) & TCTL_EN))
		r.note = "TCTL.EN is 0: the transmitter is off";
	return r;
}

std::string E1000eNic::counters()
{
	uint32_t gptc = regs_.rd32(GPTC), gotcl = regs_.rd32(GOTCL), tpt = regs_.rd32(TPT);
	char b[128];
	snprintf(b, sizeof b, "GPTC=%u TPT=%u GOTCL=%u", gptc, tpt, gotcl);
	return b;
}

} // namespace hw::vfio
