// SPDX-License-Identifier: GPL-2.0-or-later
// Runs a packetdrill script against the model the way packetdrill drives a kernel through a tun
// device: `<` packets enter tcp_v4_rcv() at their script time, `>` packets are compared with the
// packets the stack hands to the device (one line per GSO/TSO skb, as a tun device sees them),
// system calls go through the socket layer (engine/include/net/socket_api.h), all in virtual time.
//
//   PktOptions o; o.kv = KernelVersion::V6_16;
//   PktResult r = run_pkt_file("tests/pkt/nagle.pkt", o);
//   r.outcome: Pass, Fail (r.message = "FILE:LINE: ... expected ... actual ..."), Unsupported
//   (r.message = "FILE:LINE: unsupported: what").
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "sim/sim.h"
#include "sim/trace.h"

namespace sp::pkt
{

enum class Outcome { Pass = 0, Fail = 1, Unsupported = 2 };

struct PktOptions {
	KernelVersion kv = KernelVersion::V6_16;
	bool record = false;  // keep the Trace (for --trace)
	bool verbose = false; // one log line per event
	uint64_t max_steps = 50000000;
};

struct PktResult {
	Outcome outcome = Outcome::Pass;
	std::string message;		   // why it failed / what is unsupported (FILE:LINE: ...)
	std::vector<std::string> log;	   // verbose event log
	std::vector<std::string> warnings; // skipped %{ }% blocks, shims, model warnings
	std::unique_ptr<Trace> trace;
	uint64_t end_time_ns = 0;
	size_t events_run = 0;
};

PktResult run_pkt_script(const std::string &text, const std::string &path, const PktOptions &opt);
PktResult run_pkt_file(const std::string &path, const PktOptions &opt);

} // namespace sp::pkt
