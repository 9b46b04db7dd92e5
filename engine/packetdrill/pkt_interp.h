// SPDX-License-Identifier: GPL-2.0-or-later
// Internal to engine/packetdrill: the interpreter's state, shared by pkt_run.cpp (event loop),
// pkt_net.cpp (packets in and out), pkt_sys.cpp (system calls) and pkt_config.cpp (commands).
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "packetdrill/pkt_run.h"
#include "packetdrill/pkt_script.h"
#include "sim/world.h"

namespace sp::pkt
{

// A mismatch (exit 1) or an unsupported feature (exit 2), always naming the script line.
struct Stop : std::runtime_error {
	Outcome outcome;
	int line;
	Stop(Outcome o, int l, const std::string &m) : std::runtime_error(m), outcome(o), line(l) {}
};
[[noreturn]] inline void unsupported(int line, const std::string &what)
{
	throw Stop(Outcome::Unsupported, line, "unsupported: " + what);
}
[[noreturn]] inline void mismatch(int line, const std::string &what)
{
	throw Stop(Outcome::Fail, line, what);
}

// One packet the stack handed to the device, reassembled from the wire frames of one skb (the
// device's TSO segments), i.e. what packetdrill reads from its tun device.
struct LivePacket {
	uint64_t time_ns = 0, last_time_ns = 0;
	uint8_t flags = 0, tos = 0;
	uint32_t seq = 0, ack = 0; // raw (live) values
	uint16_t win = 0, sport = 0, dport = 0;
	std::vector<uint8_t> opts; // raw TCP option bytes
	std::vector<uint8_t> payload;
	int segs = 0;
};

// Configuration collected from header options and commands before the World is built.
struct PktConfig {
	int64_t tolerance_us = 4000;
	double tolerance_percent = 12.5;
	bool strict_segments = false;
	unsigned mtu = 1500;
	bool tso = true;
	std::vector<std::pair<std::string, std::string>> sysctls; // applied in order
	// The run's files, made by the commands the interpreter understands (rm -f, dd
	// if=/dev/zero): path -> content. open() reads from here; no real file is touched.
	std::map<std::string, std::vector<uint8_t>> files;
	// `tc qdisc add|replace dev tun0 root pfifo limit N` (-1: none): the root pfifo's limit
	// (applied to the qdisc of every tx queue); `tc qdisc delete dev tun0 root` sets 0 back to
	// the default (tx_queue_len).
	long qdisc_limit = -1;
	bool qdisc_reset = false;
};

class Interp
{
public:
	Interp(const Script &s, World &w, PktResult &r, const PktOptions &o) : s_(s), w_(w), r_(r), o_(o) {}
	void run();

	// ---- configuration (pkt_config.cpp)
	static void apply_header_options(const Script &s, PktConfig &cfg);
	// A back-quoted command: sysctls it names go to cfg.sysctls (or, mid-run, straight to the
	// World); refuses what it does not know with Stop(Unsupported).
	static void command(const std::string &text, int line, PktConfig &cfg, bool before_start);
	static void apply_sysctls(World &w, const PktConfig &cfg, int line);

	// ---- packets (pkt_net.cpp)
	void on_frame(const uint8_t *f, size_t len); // World::on_wire_out tap
	void inject(const PacketSpec &p, int line);
	// Takes live packets for one `>` line (aggregating GSO-split ones like packetdrill) and
	// compares them; returns the time of the last one taken.
	uint64_t expect_packet(const Event &ev, uint64_t t_exp, uint64_t t_end, int64_t tol_us);
	std::string describe_live(const LivePacket &p) const;

	// ---- system calls (pkt_sys.cpp)
	void syscall(const Event &ev);

	PktConfig cfg;
	std::map<int64_t, int> fds; // script fd -> live fd (packetdrill maps them too)

private:
	const Script &s_;
	World &w_;
	PktResult &r_;
	const PktOptions &o_;

	// live <-> script mapping (packetdrill's socket->live / socket->script)
	bool have_local_isn_ = false;
	uint32_t local_isn_live_ = 0, local_isn_script_ = 0;
	uint16_t local_port_ = 8080, remote_port_ = 47123;
	// The remote ISN: the sequence number of the last `<` SYN. Later remote sequence numbers in
	// the script (inbound seq, outbound ack) count from it, as in packetdrill.
	uint32_t remote_isn_ = 0;
	uint32_t local_ip_raw_ = 0, remote_ip_raw_ = 0; // as in the header (learned from the SYN)
	std::map<uint32_t, uint32_t> ts_val_map_;	// script TS val -> live TS val
	bool have_ts_base_ = false;
	int64_t ts_base_delta_ = 0;

	std::deque<LivePacket> outq_;
	LivePacket partial_;
	bool have_partial_ = false;

	// timing
	uint64_t cursor_ns_ = 0;      // the interpreter's "now" (packetdrill's now_usecs())
	int64_t last_script_us_ = -1; // expected time of the previous event
	bool last_inbound_ = false;
	// Lookahead while a system call sleeps (packetdrill's main thread goes on with the packet
	// lines after a blocking call): driven by sim events and by captured packets.
	bool ahead_active_ = false;
	size_t ahead_next_ = 0; // next event index to drive
	uint64_t ahead_base_ = 0;
	int64_t ahead_prev_us_ = -1;
	bool ahead_prev_in_ = false;
	uint64_t ahead_timer_ = 0, ahead_start_ = 0;		    // pending sim events (0: none)
	std::map<size_t, std::pair<uint64_t, int64_t>> ahead_done_; // index -> (actual ns, script us)
	std::map<size_t, std::string> ahead_err_;		    // index -> mismatch found meanwhile
	void ahead_drive();
	void ahead_stop();

	// Moves the live packets for one `>` line out of the queue (aggregating like packetdrill);
	// with wait, runs the model until they come or deadline passes. false if none.
	bool take_live(LivePacket &out, uint32_t want_len, bool wait, uint64_t deadline);
	void check_packet(const Event &ev, const LivePacket &live, uint64_t t_exp, uint64_t t_end,
			  int64_t tol_us);

	struct Times {
		uint64_t start, end, block_end; // ns; end: end of a ~ range; block_end: "...END"
	};
	// packetdrill's adjust_relative_event_times(): relative times count from base (the
	// interpreter's now), consecutive inbound packets from the previous one's script time.
	Times times_of(const TimeSpec &t, bool inbound, uint64_t base_ns, int64_t prev_script_us,
		       bool prev_inbound) const;
	int64_t tolerance_us(int64_t t_us, int64_t prev_us) const;
	void log(int line, const std::string &m);
};

std::string time_str(uint64_t ns); // "0.100123"

} // namespace sp::pkt
