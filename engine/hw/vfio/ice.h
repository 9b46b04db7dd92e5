// SPDX-License-Identifier: GPL-2.0-or-later
// The E810 (ice) personality: PF reset, AdminQ, and the minimal command sequence that gets one LAN
// TX queue (Get Version, Clear PF Config, Clear PXE, List Function Caps, Get Switch Config, Query
// Scheduler Resources, Get Default Topology, Add VSI, Add Scheduling Elements x2, Add Tx LAN
// Queues), then frames through QTX_COMM_DBELL and DTYPE=0xF write-backs. Inspection reads
// QTX_COMM_HEAD only. Tested against a register-level fake (tests/engine/vfio_ice_fake_test.cpp),
// not yet on a real E810.
#pragma once
#include "hw/vfio/ice_aq.h"
#include "hw/vfio/nic.h"

namespace hw::vfio
{

class IceNic : public LiveNic
{
public:
	IceNic(Regs &regs, DmaSpace &dma, uint32_t queue = 0) : LiveNic(regs, dma), q_(queue), aq_(regs, dma)
	{
	}
	static std::vector<RegRange> reg_list();
	const char *name() const override { return "ice"; }
	void bring_up(uint32_t size) override;
	void shut_down() override;
	uint32_t min_frame() const override { return 17; } // ICE_MIN_TX_LEN
	uint32_t max_frame() const override { return 9728; }
	RawDesc make_desc(uint64_t iova, uint32_t len) const override;
	bool is_done(const RawDesc &d) const override { return (d.w1 & 0xF) == 0xF; }
	std::pair<uint64_t, uint64_t> common(const RawDesc &d) const override { return {d.w0, d.w1}; }
	std::string describe(const RawDesc &d) const override;
	void doorbell(uint32_t tail) override;
	std::string tail_name() const override { return "QTX_COMM_DBELL(" + std::to_string(q_) + ")"; }
	uint32_t head() override;
	LiveRing inspect() override;

	// What the bring-up learnt (for the log and the tests).
	uint32_t pf_id = 0, num_txq = 0, txq_first = 0, lport = 0, sw_id = 0, vsi_num = 0;
	uint32_t tc0_teid = 0, vsi_teid = 0, qgrp_teid = 0, q_teid = 0, fw_api_major = 0, fw_api_minor = 0;
	std::vector<std::string> log;
	ice::AdminQ &aq() { return aq_; }

private:
	void pf_reset();
	void wait_reset_done(const char *when);
	uint32_t add_sched_node(uint32_t parent);
	uint32_t q_;
	ice::AdminQ aq_;
	bool queue_up_ = false;
};

} // namespace hw::vfio
