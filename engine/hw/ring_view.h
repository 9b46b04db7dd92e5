// SPDX-License-Identifier: GPL-2.0-or-later
// A read-only report of one TX ring at any step of a recorded trace, computed only from the trace
// and the rebuilt state (never from live engine objects): the ring pointers and counters, every
// descriptor slot used so far (raw words, decoded in the table form), and the packets the driver
// mapped (from the "ice_tx_map:packet" line that ice_tx_map records for each skb).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/state.h"
#include "sim/trace.h"

namespace hw
{

struct RingDesc {
	uint32_t index;
	uint64_t qw0, qw1; // as the driver wrote them (what the device fetched)
	bool done;	   // the device wrote DTYPE = 0xF back into this slot
	uint64_t wb_qw1;   // QW1 as it is in memory now (with the write-back)
};

struct RingPacket {
	std::string skb;
	uint32_t first, last, len;
};

struct RingSnapshot {
	std::string name = "ring0";
	uint32_t size = 0, ntu = 0, ntc = 0, head = 0, tail = 0;
	uint64_t doorbells = 0, dma_reads = 0, writebacks = 0;
	int64_t free = 0;
	bool stopped = false;
	uint64_t iova = 0;
	std::vector<RingDesc> descriptors;
	std::vector<RingPacket> packets;
	bool valid = false; // the trace has such a ring at this step
};

// What a ring's snapshots need from a trace, looked up once (views step through thousands of states).
class RingIndex {
public:
	RingIndex(const sp::Trace &t, const std::string &ring = "ring0");
	RingSnapshot at(const sp::State &s) const;

private:
	const sp::Trace &t_;
	std::string ring_;
	sp::KeyId keys_[10] = {};
	sp::RegionId region_ = 0;
	std::vector<std::pair<size_t, RingPacket>> packets_;  // (step, packet), in step order
};

// Builds the snapshot of ring `ring` ("ring0") from state s (the state after step s.step).
RingSnapshot ring_snapshot(const sp::Trace &t, const sp::State &s, const std::string &ring = "ring0");
// JSON with keys: size, ntu, ntc, head, tail, doorbells, dma_reads, writebacks, descriptors
// [{index, qw0, qw1}] (qw0/qw1 as "0x%016llx"), packets [{skb, first, last, len}].
std::string ring_json(const RingSnapshot &r);
// A readable table with the decoded fields of every used descriptor.
std::string ring_table(const RingSnapshot &r);

} // namespace hw
