// SPDX-License-Identifier: GPL-2.0-or-later
// Runs a Scenario on a kernel profile: builds the World (device, peer, socket), performs the
// syscalls in order in virtual time, and returns the recording and what left the wire.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "scenario/scenario.h"
#include "sim/trace.h"

namespace sp
{

struct Segment {
	uint64_t time_ns;
	bool outbound; // host -> peer
	uint32_t seq, ack, len;
	uint8_t flags; // TCPHDR_*
	uint16_t win;  // raw window field
	size_t step;
	std::string flags_str() const; // "S.", "P.", "F." like tcpdump
};

struct RunResult {
	std::unique_ptr<Trace> trace; // null when recording was off
	std::vector<WireFrame> wire;
	std::vector<SyscallRecord> syscalls;
	struct OpStart {
		int line;	  // the op's line in the scenario
		uint64_t time_ns; // virtual time it began
		size_t step;	  // Sim::current_step() when it began (wire frames carry theirs)
	};
	std::vector<OpStart> op_starts;
	std::vector<std::string> warnings;
	std::map<std::string, uint64_t> functions; // name -> calls (recorded runs)
	uint64_t steps = 0;
	uint64_t end_time_ns = 0;
	bool ok = true;
	std::string error;	// why the model stopped early
	bool bad_input = false; // error is a scenario mistake ("FILE:LINE: ..."), not a model stop
	KernelVersion kver = KernelVersion::V6_16;
};

struct RunOptions {
	bool record = true;
	uint64_t max_steps = 0; // 0: the scenario's own limit
};

RunResult run_scenario(const Scenario &sc, KernelVersion kv, const RunOptions &opt = {});
std::vector<Segment> wire_segments(const std::vector<WireFrame> &wire);
// Frames for a pcapng: wire frames with comments naming the step that built them.
bool write_pcapng(const RunResult &r, const std::string &path, std::string &err);

} // namespace sp
