// SPDX-License-Identifier: GPL-2.0-or-later
// The peer's delayed-ACK engine follows Linux's receive-side rules (engine/sim/peer.cpp):
// quick-ACK mode for the first segments, then an ACK when more than one full segment (rcv_mss,
// learnt from what arrives: 1448 with timestamps) is unACKed, a pushed small segment ACKed when
// the application reads it unless the receiver is in ping-pong mode, and a second small pushed
// segment ACKed at once even in ping-pong mode (ICSK_ACK_PUSHED2).
#include <gtest/gtest.h>

#include <optional>

#include "net/tcp.h"
#include "scenario/runner.h"
#include "scenario/scenario.h"

using namespace sp;

namespace
{
RunResult run_text(const std::string &text)
{
	std::string err;
	auto sc = parse_scenario(text, "peer_delack_test.scn", err);
	EXPECT_TRUE(sc) << err;
	if (!sc)
		return {};
	return run_scenario(*sc, KernelVersion::V6_16, RunOptions{false, 0});
}

// The peer's pure ACKs of data, in order, with how far each moved the acknowledged sequence.
struct AckStep {
	uint64_t time_ns;
	uint32_t advance;
};
std::vector<AckStep> data_acks(const RunResult &r)
{
	std::vector<AckStep> v;
	uint32_t last = 0;
	bool have = false;
	for (auto &s : wire_segments(r.wire)) {
		if (s.outbound || s.len || (s.flags & TCPHDR_FIN))
			continue;
		if (have && s.ack != last && !(s.flags & TCPHDR_SYN))
			v.push_back({s.time_ns, s.ack - last});
		last = s.ack;
		have = true;
	}
	return v;
}

std::optional<Segment> first_data(const RunResult &r, uint32_t len, size_t skip = 0)
{
	for (auto &s : wire_segments(r.wire))
		if (s.outbound && s.len == len && skip-- == 0)
			return s;
	return std::nullopt;
}
} // namespace

TEST(PeerDelack, Every2QuickAcksThenAcksEverySecondFullSegment)
{
	RunResult r = run_text("name bulk\ndevice ice tso=off\npeer mss=1460 window=64k rtt=20us "
			       "delack=every2\nconnect\nsend 64k\nwait 20ms\n");
	ASSERT_TRUE(r.ok) << r.error;
	auto acks = data_acks(r);
	ASSERT_GE(acks.size(), 20u);
	// Quick-ACK mode: min(rcv_wnd / (2 * rcv_mss), 16) = 16 ACKs, one per segment.
	for (size_t i = 0; i < 16; i++)
		EXPECT_EQ(acks[i].advance, 1448u) << "ACK " << i;
	// Then an ACK as soon as more than one full segment (1448 bytes with timestamps) is unACKed:
	// never three segments in one ACK, and the usual ACK covers two.
	size_t twos = 0;
	for (size_t i = 16; i < acks.size(); i++) {
		EXPECT_LE(acks[i].advance, 2u * 1448) << "ACK " << i;
		twos += acks[i].advance == 2u * 1448;
	}
	EXPECT_GE(twos, 5u);
}

TEST(PeerDelack, PushedSmallSegmentIsAckedOnReadUnlessPingPong)
{
	// After the bulk transfer has used up quick-ACK mode, a 100-byte write (PSH) arrives.
	const char *text = "name small\ndevice ice tso=off\npeer mss=1460 window=64k rtt=20us "
			   "delack=%s\nconnect\nsend 64k\nwait 5ms\nsend 100\nwait 100ms\n";
	char buf[256];
	for (const char *mode : {"every2", "delayed"}) {
		std::snprintf(buf, sizeof buf, text, mode);
		RunResult r = run_text(buf);
		ASSERT_TRUE(r.ok) << r.error;
		std::optional<Segment> small = first_data(r, 100);
		ASSERT_TRUE(small) << mode;
		std::optional<Segment> ack;
		for (auto &s : wire_segments(r.wire))
			if (!s.outbound && s.time_ns > small->time_ns && s.ack == small->seq + 100) {
				ack = s;
				break;
			}
		ASSERT_TRUE(ack) << mode;
		uint64_t delay = ack->time_ns - small->time_ns;
		if (std::string(mode) == "every2") {
			// tcp_cleanup_rbuf(): ICSK_ACK_PUSHED and not ping-pong -> ACK when read: one RTT.
			EXPECT_LT(delay, 1000000u) << mode;
		} else {
			// Ping-pong mode: the delayed-ACK timer (ato adapted to the 5 ms gap: 25 ms).
			EXPECT_GT(delay, 20000000u) << mode;
			EXPECT_LT(delay, 45000000u) << mode;
		}
	}
}

TEST(PeerDelack, SecondPushedSmallSegmentIsAckedAtOnceInPingPong)
{
	RunResult r = run_text("name two\npeer mss=1460 window=64k rtt=100us delack=delayed\nconnect\n"
			       "setsockopt TCP_NODELAY 1\nsend 100\nwait 1ms\nsend 100\nwait 100ms\n");
	ASSERT_TRUE(r.ok) << r.error;
	std::optional<Segment> second = first_data(r, 100, 1);
	ASSERT_TRUE(second);
	auto acks = data_acks(r);
	ASSERT_FALSE(acks.empty());
	// No ACK for the first segment alone (ping-pong: delayed); the second sets ICSK_ACK_PUSHED2
	// and the read ACKs both at once, one RTT after the second left.
	EXPECT_EQ(acks[0].advance, 200u);
	EXPECT_LT(acks[0].time_ns - second->time_ns, 1000000u);
}
