// SPDX-License-Identifier: GPL-2.0-or-later
// Records what a live NIC's ring did into a SendPath trace with the same object and event names
// the emulated E810 uses ("ring0": size, next_to_use, next_to_clean, head, tail, doorbells, ...;
// region "ring0.desc"; "hw:doorbell", "hw:head", "hw:writeback"; one "ice_tx_map:packet" line per
// frame), so `sendpath-cli trace/ring` and the app's ring view read it unchanged.
// Model: descriptors are stored in the E810 layout (a personality with another layout, like the
// e1000e legacy descriptor, is translated; the raw words are kept in each event's text), and the
// step times are the real elapsed times of the run.
#pragma once
#include <chrono>
#include <memory>
#include <string>

#include "sim/sim.h"

namespace hw::vfio
{

class LiveTrace
{
public:
	LiveTrace(const std::string &title, const std::string &personality, uint32_t size,
		  uint64_t ring_iova);
	~LiveTrace();
	void post(uint32_t slot, uint64_t qw0, uint64_t qw1, const std::string &raw, uint32_t frame,
		  uint32_t len);
	void doorbell(uint32_t tail, const std::string &reg);
	void head(uint32_t head);
	void writeback(uint32_t slot, uint64_t qw1, const std::string &raw);
	void note(const char *anchor, const std::string &text); // "hw:stall" or "hw:unmap"
	bool save(const std::string &path, std::string &err);
	sp::Trace *trace() { return sim_->trace(); }

private:
	void tick();
	std::unique_ptr<sp::Sim> sim_;
	std::chrono::steady_clock::time_point t0_;
	sp::F<uint32_t> size_, ntu_, ntc_, head_, tail_, doorbells_, dma_reads_, writebacks_, stopped_;
	sp::F<int64_t> free_;
	sp::Buf desc_;
	std::string title_;
	void update_free();
};

} // namespace hw::vfio
