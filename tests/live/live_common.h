// SPDX-License-Identifier: GPL-2.0-or-later
// The live-kernel differential harness (tests/live/README.md): the interface between the part that
// talks to the real kernel (live_driver.cpp, system headers only) and the part that runs the model
// (live_model.cpp, engine headers only). The two sets of headers both define socket constants, so
// they never meet in one translation unit; this header uses only the standard library.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace live
{

struct Op {
	int line = 0;
	std::string verb;
	std::vector<std::string> args;
	std::map<std::string, std::string> opts;
};

struct Scenario {
	std::string name, path;
	std::vector<Op> ops;
	// sysctls for the sender's namespace: the model's baseline, then the scenario's own
	std::vector<std::pair<std::string, std::string>> snd_sysctls;
	// the peer directive, for the real receiver
	unsigned peer_mss = 1460;
	uint64_t peer_window = 0; // 0: not set (the receiver keeps the kernel's auto-tuned buffer)
	unsigned peer_wscale = 7;
	bool peer_ws = true, peer_sack = true, peer_ts = true;
	unsigned peer_rtt_us = 100;
	std::string peer_delack = "every2";
	unsigned peer_read_rate = 0;	      // bytes per ms, 0: at once
	std::vector<std::string> unsupported; // what the real pair cannot reproduce
	bool tso = true;		      // device tso= (the veth gets the same)
	unsigned mtu = 1500;
	// "# live: KEY=VALUE ..." comment lines
	int min_agreement = -1;		 // percent; required for a pass
	uint64_t tail_ns = 300000000ull; // capture this long after the last call
};

// Parses the scenario file with the engine's parser; err names FILE:LINE.
bool load_scenario(const std::string &path, Scenario &out, std::string &err);

struct Frame {
	uint64_t time_ns;
	bool outbound;
	std::vector<uint8_t> bytes; // Ethernet frame
	int group = -1;		    // model: frames of one skb (TSO) share a group; -1: none
	// Where tcpdump would have seen it: the hand-over to the driver (the model's frames reach the
	// wire a little later). order: position among frames and calls (model: trace step; real: time).
	uint64_t tap_ns = 0, order = 0;
};

struct ModelRun {
	bool ok = false;
	std::string error, kernel, warning;
	std::vector<Frame> frames;
	struct Call {
		int line;
		uint64_t time_ns; // virtual time the op began
		uint64_t order;	  // model: the trace step when it began
	};
	std::vector<Call> calls;
};

ModelRun run_model(const std::string &path);

} // namespace live
