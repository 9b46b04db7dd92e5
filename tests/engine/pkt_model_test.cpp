// SPDX-License-Identifier: GPL-2.0-or-later
// The project's own packetdrill scripts that pin model behaviours found through the upstream
// corpus (issue 7): each runs on both kernel profiles and must pass.
#include <gtest/gtest.h>

#include "packetdrill/pkt_run.h"

using namespace sp;
using namespace sp::pkt;

namespace
{

void expect_pass(const char *file)
{
	for (KernelVersion kv : {KernelVersion::V6_15, KernelVersion::V6_16}) {
		PktOptions o;
		o.kv = kv;
		PktResult r = run_pkt_file(std::string(SENDPATH_SOURCE_DIR) + "/tests/pkt/" + file, o);
		EXPECT_EQ(r.outcome, Outcome::Pass) << file << " on " << kernel_name(kv) << ": " << r.message;
	}
}

} // namespace

// tcp_init_metrics(): the handshake RTT sample seeds the first RTO (250 ms, not 1 s).
TEST(PktModel, RtoFromHandshakeSample)
{
	expect_pass("rto-from-handshake.pkt");
}

// tcp_init_metrics(): no sample (retransmitted SYN) -> TCP_TIMEOUT_FALLBACK (3 s).
TEST(PktModel, RtoFallbackAfterSynRetransmit)
{
	expect_pass("rto-fallback-syn-retrans.pkt");
}

// copy_from_iter(): zero-length iovecs (leading, inner, trailing) are skipped, not EFAULT.
TEST(PktModel, ZeroLengthIovecsAreSkipped)
{
	expect_pass("sendmsg-zero-length-iov.pkt");
}

// tcp_newreno_mark_lost(): one MSS of a multi-segment head is split off (no PSH) and retransmitted,
// on three duplicate ACKs and again on a partial ACK in Recovery.
TEST(PktModel, NewRenoRetransmitsOneMssWithoutPsh)
{
	expect_pass("newreno-partial-ack.pkt");
}

// tcp_ack_update_window() -> tcp_slow_start_after_idle_check(): a window reopening after a long
// zero-window stall restarts cwnd (10 segments, not the 20 slow start had reached).
TEST(PktModel, WindowReopenAfterIdleRestartsCwnd)
{
	expect_pass("cwnd-restart-window-reopen.pkt");
}
