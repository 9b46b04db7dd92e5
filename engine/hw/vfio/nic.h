// SPDX-License-Identifier: GPL-2.0-or-later
// One interface for every live-NIC personality (e1000e, ice): bring one TX ring up, build and read
// back descriptors, ring the doorbell, read the HW head, and translate a descriptor into the
// E810 layout the ring model and the app's ring view use. send_frames() drives any of them.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "hw/vfio/dma.h"
#include "hw/vfio/regs.h"

namespace hw::vfio
{

class LiveTrace;

struct RawDesc {
	uint64_t w0 = 0, w1 = 0; // the 16 bytes of the descriptor as in ring memory (little-endian)
};

// A ring as the registers show it (inspection; nothing is written).
struct LiveRing {
	std::string personality, bdf;
	uint32_t size = 0, head = 0, tail = 0;
	bool tail_known = true;
	uint64_t base = 0;
	bool base_known = false;
	std::vector<std::pair<std::string, uint32_t>> regs; // register name -> value, in read order
	std::string note;
};

class LiveNic
{
public:
	LiveNic(Regs &regs, DmaSpace &dma) : regs_(regs), dma_(dma) {}
	virtual ~LiveNic() = default;
	virtual const char *name() const = 0;
	// Reset the function and set up one TX ring of `size` descriptors (needs sending allowed).
	virtual void bring_up(uint32_t size) = 0;
	// Stop the queue (the device no longer fetches); safe to call twice.
	virtual void shut_down() = 0;
	virtual uint32_t min_frame() const = 0; // shorter frames are zero-padded to this
	virtual uint32_t max_frame() const = 0;
	virtual RawDesc make_desc(uint64_t iova, uint32_t len) const = 0;
	virtual bool is_done(const RawDesc &d) const = 0;
	// The same descriptor in the E810 data-descriptor layout (DTYPE 0xF once done).
	virtual std::pair<uint64_t, uint64_t> common(const RawDesc &d) const = 0;
	virtual std::string describe(const RawDesc &d) const = 0; // "upper=0x00000001 DD=1"
	virtual void doorbell(uint32_t tail) = 0;
	virtual std::string tail_name() const = 0; // "TDT", "QTX_COMM_DBELL(0)"
	virtual uint32_t head() = 0;
	virtual LiveRing inspect() = 0;
	virtual std::string counters() { return ""; } // device statistics after a run, one line

	uint32_t size() const { return size_; }
	const DmaBuf &ring() const { return ring_; }
	DmaBuf &ring() { return ring_; }
	RawDesc read_desc(uint32_t slot) const;
	void write_desc(uint32_t slot, const RawDesc &d);
	Regs &regs() { return regs_; }

protected:
	Regs &regs_;
	DmaSpace &dma_;
	DmaBuf ring_;
	uint32_t size_ = 0;
};

struct SendOptions {
	uint32_t ring_size = 64;
	uint64_t timeout_ms = 2000;	    // per frame: no write-back by then is a stall
	bool unmap_before_doorbell = false; // fault test: drop the IOMMU mappings, then ring the doorbell
};

struct FrameReport {
	uint32_t frame = 0, slot = 0, len = 0, tail = 0, head_before = 0, head_after = 0;
	RawDesc posted, now;
	bool done = false;
	uint64_t us = 0; // doorbell to write-back
};

struct SendResult {
	std::vector<FrameReport> frames;
	bool ok = true;
	std::string error;  // the stall or fault report
	std::string faults; // IOMMU fault lines the kernel logged
};

// Sends frames one at a time through nic's ring (one frame in flight; each waits for its
// write-back), recording into tr when given. Never hangs: a frame without write-back after
// timeout_ms ends the run with a report of the head, tail, descriptor and IOMMU faults.
SendResult send_frames(LiveNic &nic, DmaSpace &dma, const std::vector<std::vector<uint8_t>> &frames,
		       const SendOptions &opt, LiveTrace *tr,
		       const std::function<void(const FrameReport &)> &on_frame = {});

} // namespace hw::vfio
