// SPDX-License-Identifier: GPL-2.0-or-later
// MSG_ZEROCOPY completions by device: the emulated ice (E810) device sends the user pages
// themselves, so the notification reports success (ee_code 0); packetdrill's tun device copies
// them in tun_net_xmit() (skb_orphan_frags_rx -> skb_copy_ubufs), so it reports
// SO_EE_CODE_ZEROCOPY_COPIED (the tun side is covered by tests/pkt/zerocopy-*.pkt).
#include <gtest/gtest.h>

#include <string>

#include "scenario/runner.h"
#include "sim/trace.h"

using namespace sp;

namespace
{
// The text of every trace line with the given anchor.
std::vector<std::string> lines(const Trace &t, const std::string &anchor)
{
	std::vector<std::string> v;
	for (size_t i = 0; i < t.size(); i++) {
		const Step &s = t.at(i);
		if (s.kind == StepKind::Line && t.str(s.anchor) == anchor)
			v.emplace_back(t.text(s));
	}
	return v;
}
} // namespace

TEST(ZerocopyDevice, IceSendsUserPagesAndReportsSuccess)
{
	for (KernelVersion kv : {KernelVersion::V6_15, KernelVersion::V6_16}) {
		std::string err;
		auto sc = load_scenario("msg-zerocopy", err);
		ASSERT_TRUE(sc.has_value()) << err;
		RunResult r = run_scenario(*sc, kv, {true, 0});
		ASSERT_TRUE(r.ok) << r.error;
		ASSERT_TRUE(r.trace);
		// No copy of the user pages anywhere on the ice path.
		EXPECT_EQ(r.functions["skb_copy_ubufs"], 0u);
		EXPECT_EQ(r.functions["tun_net_xmit"], 0u);
		EXPECT_TRUE(lines(*r.trace, "tun_net_xmit:orphan_frags_rx").empty());
		// The notification is queued, and without the COPIED code.
		auto q = lines(*r.trace, "__msg_zerocopy_callback:queue");
		ASSERT_FALSE(q.empty());
		for (auto &l : q)
			EXPECT_EQ(l.find("ZEROCOPY_COPIED"), std::string::npos) << l;
		// The script read it back: recvmsg(MSG_ERRQUEUE) returned 0 at least once.
		bool read = false;
		for (auto &s : r.syscalls)
			if (s.call.find("recvmsg(") == 0 &&
			    s.call.find("flags=0x2000") != std::string::npos && s.ret == 0)
				read = true;
		EXPECT_TRUE(read);
	}
}
