// SPDX-License-Identifier: GPL-2.0-or-later
#include "hw/vfio/live_trace.h"

#include <cinttypes>
#include <sys/utsname.h>

#include "sim/trace_db.h"

namespace hw::vfio
{

LiveTrace::LiveTrace(const std::string &title, const std::string &personality, uint32_t size,
		     uint64_t ring_iova)
    : sim_(std::make_unique<sp::Sim>(sp::KernelVersion::V6_16, 1, true)),
      t0_(std::chrono::steady_clock::now()), desc_(16u * size), title_(title)
{
	sp::SimScope sc(*sim_);
	utsname u{};
	uname(&u);
	for (auto &[k, v] : sim_->trace()->meta)
		if (k == "kernel")
			v = std::string("live ") + u.release; // the host kernel that ran vfio-pci
	sim_->trace()->meta.push_back({"scenario", title});
	sim_->trace()->meta.push_back({"live_device", personality});
	size_.reg("ring0", "size");
	ntu_.reg("ring0", "next_to_use");
	ntc_.reg("ring0", "next_to_clean");
	head_.reg("ring0", "head");
	tail_.reg("ring0", "tail");
	doorbells_.reg("ring0", "doorbells");
	dma_reads_.reg("ring0", "dma_reads");
	writebacks_.reg("ring0", "writebacks");
	free_.reg("ring0", "free");
	stopped_.reg("ring0", "stopped", sp::Fmt::Bool);
	desc_.reg("ring0.desc", ring_iova);
	SP_EVENT("hw:txq_ctx", 0, "%s: TX ring of %u descriptors at iova 0x%" PRIx64, personality.c_str(),
		 size, ring_iova);
	size_ = size;
	update_free();
}

LiveTrace::~LiveTrace() = default;

void LiveTrace::tick()
{
	auto ns =
	    std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0_);
	sim_->advance_to((uint64_t)ns.count());
}

// ICE_DESC_UNUSED: one slot always stays empty.
void LiveTrace::update_free()
{
	int64_t n = (int64_t)ntc_ > (int64_t)ntu_ ? 0 : (int64_t)size_;
	free_ = n + (int64_t)ntc_ - (int64_t)ntu_ - 1;
}

void LiveTrace::post(uint32_t slot, uint64_t qw0, uint64_t qw1, const std::string &raw, uint32_t frame,
		     uint32_t len)
{
	sp::SimScope sc(*sim_);
	tick();
	SP_EVENT("hw:post", slot, "frame %u (%u bytes) -> descriptor %u: %s", frame, len, slot, raw.c_str());
	uint8_t b[16];
	memcpy(b, &qw0, 8);
	memcpy(b + 8, &qw1, 8);
	desc_.write(16u * slot, b, 16);
	ntu_ = (slot + 1) % (uint32_t)size_;
	update_free();
	sim_->line("ice_tx_map:packet", len, "skb=frame#%u ring=ring0 first=%u last=%u len=%u", frame, slot,
		   slot, len);
}

void LiveTrace::doorbell(uint32_t tail, const std::string &reg)
{
	sp::SimScope sc(*sim_);
	tick();
	SP_EVENT("hw:doorbell", tail, "%s <- %u: tail %u -> %u (HW head %u)", reg.c_str(), tail,
		 (uint32_t)tail_, tail, (uint32_t)head_);
	tail_ = tail;
	doorbells_ += 1;
}

void LiveTrace::head(uint32_t h)
{
	sp::SimScope sc(*sim_);
	tick();
	SP_EVENT("hw:head", h, "HW head %u -> %u (read back from the device)", (uint32_t)head_, h);
	// Model: a head move is the only sign of a descriptor fetch the host can see.
	uint32_t n = (h + size_ - head_) % (uint32_t)size_;
	dma_reads_ += n;
	head_ = h;
}

void LiveTrace::writeback(uint32_t slot, uint64_t qw1, const std::string &raw)
{
	sp::SimScope sc(*sim_);
	tick();
	SP_EVENT("hw:writeback", slot, "descriptor %u written back by the device: %s", slot, raw.c_str());
	desc_.write(16u * slot + 8, &qw1, 8);
	writebacks_ += 1;
	ntc_ = (slot + 1) % (uint32_t)size_;
	update_free();
}

void LiveTrace::note(const char *anchor, const std::string &text)
{
	sp::SimScope sc(*sim_);
	tick();
	if (std::string(anchor) == "hw:stall") {
		SP_EVENT("hw:stall", 0, "%s", text.c_str());
		stopped_ = 1;
	} else {
		SP_EVENT("hw:unmap", 0, "%s", text.c_str());
	}
}

bool LiveTrace::save(const std::string &path, std::string &err)
{
	return sp::save_trace(*sim_->trace(), path, err);
}

} // namespace hw::vfio
