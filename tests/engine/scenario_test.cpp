// SPDX-License-Identifier: GPL-2.0-or-later
// Whole-stack scenario tests: every built-in on both kernels, behaviour each scenario exists to
// show, determinism, reverse stepping on a real trace, save/load, pcapng through tshark, the CLI.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "scenario/runner.h"
#include "sim/cursor.h"
#include "sim/trace_db.h"

using namespace sp;
namespace fs = std::filesystem;

namespace
{

RunResult run(const std::string &name, KernelVersion kv = KernelVersion::V6_16, bool record = true)
{
	std::string err;
	auto sc = load_scenario(name, err);
	EXPECT_TRUE(sc.has_value()) << err;
	if (!sc)
		return {};
	return run_scenario(*sc, kv, {record, 0});
}

uint64_t payload_out(const RunResult &r)
{
	uint64_t n = 0;
	for (auto &s : wire_segments(r.wire))
		if (s.outbound)
			n += s.len;
	return n;
}

const SyscallRecord *find_call(const RunResult &r, const std::string &prefix, size_t nth = 0)
{
	for (auto &c : r.syscalls)
		if (c.call.rfind(prefix, 0) == 0 && nth-- == 0)
			return &c;
	return nullptr;
}

bool has_anchor(const Trace &t, const std::string &anchor)
{
	for (size_t i = 0; i < t.size(); i++)
		if (t.at(i).anchor && t.str(t.at(i).anchor) == anchor)
			return true;
	return false;
}

std::string tmpdir()
{
	auto d = fs::temp_directory_path() / ("sendpath-test-" + std::to_string(getpid()));
	fs::create_directories(d);
	return d.string();
}

} // namespace

class AllScenarios : public ::testing::TestWithParam<std::tuple<std::string, KernelVersion>>
{
};

TEST_P(AllScenarios, RunsCleanly)
{
	auto [name, kv] = GetParam();
	RunResult r = run(name, kv);
	ASSERT_TRUE(r.ok) << name << ": " << r.error;
	ASSERT_TRUE(r.trace);
	EXPECT_GT(r.trace->size(), 10u);
	EXPECT_GT(r.functions.count("__sys_sendto") + r.functions.count("__sys_sendmsg") +
		      r.functions.count("____sys_sendmsg") + r.functions.count("__sys_connect"),
		  0u);
	for (auto &w : r.warnings)
		EXPECT_EQ(w.find("checksum"), std::string::npos) << w;
}

static std::vector<std::tuple<std::string, KernelVersion>> all_params()
{
	std::vector<std::tuple<std::string, KernelVersion>> v;
	for (auto &b : builtin_scenarios())
		for (auto kv : {KernelVersion::V6_15, KernelVersion::V6_16})
			v.push_back({b.name, kv});
	return v;
}

INSTANTIATE_TEST_SUITE_P(Builtins, AllScenarios, ::testing::ValuesIn(all_params()), [](const auto &info) {
	std::string n =
	    std::get<0>(info.param) + "_" + (std::get<1>(info.param) == KernelVersion::V6_15 ? "615" : "616");
	for (auto &c : n)
		if (!isalnum((unsigned char)c))
			c = '_';
	return n;
});

TEST(Scenario, DefaultGoesThroughTheWholePathToTheWire)
{
	RunResult r = run("default");
	ASSERT_TRUE(r.ok) << r.error;
	const SyscallRecord *s = find_call(r, "send(");
	ASSERT_TRUE(s);
	EXPECT_EQ(s->ret, 10000);
	EXPECT_EQ(payload_out(r), 10000u);
	for (const char *f : {"__sys_sendto", "tcp_sendmsg_locked", "tcp_push", "tcp_write_xmit",
			      "__tcp_transmit_skb", "ip_queue_xmit", "__dev_queue_xmit", "ice_start_xmit",
			      "ice_tx_map", "ice_clean_tx_irq", "tcp_ack"})
		EXPECT_GT(r.functions[f], 0u) << f;
	EXPECT_TRUE(has_anchor(*r.trace, "hw:doorbell"));
}

TEST(Scenario, NagleHoldsTheSecondSmallWriteUntilAnAck)
{
	RunResult r = run("nagle-small-writes");
	ASSERT_TRUE(r.ok) << r.error;
	auto segs = wire_segments(r.wire);
	// The first 100-byte segment leaves at once; the second data segment leaves only after the
	// peer's ACK of the first has arrived (tcp_nagle_check: a partial segment with data in flight).
	const Segment *first = nullptr, *second = nullptr, *ack = nullptr;
	for (auto &s : segs) {
		if (s.outbound && s.len) {
			if (!first)
				first = &s;
			else if (!second)
				second = &s;
		}
		if (!s.outbound && first && !ack && s.ack >= first->seq + first->len)
			ack = &s;
	}
	ASSERT_TRUE(first && second && ack);
	EXPECT_EQ(first->len, 100u);
	EXPECT_GE(second->time_ns, ack->time_ns);
	EXPECT_EQ(second->len, 300u); // the three held writes leave together
}

TEST(Scenario, SndbufFullNonblockingGetsEagain)
{
	RunResult r = run("sndbuf-full-nonblocking");
	ASSERT_TRUE(r.ok) << r.error;
	bool eagain = false;
	for (auto &c : r.syscalls)
		if (c.ret < 0 && c.err == EAGAIN)
			eagain = true;
	EXPECT_TRUE(eagain);
}

TEST(Scenario, DevmemTxOnIceStopsAtBindTx)
{
	RunResult r = run("devmem-tx", KernelVersion::V6_16);
	ASSERT_TRUE(r.ok) << r.error;
	const SyscallRecord *b = find_call(r, "netlink bind-tx");
	ASSERT_TRUE(b);
	EXPECT_EQ(b->err, EOPNOTSUPP);
	const SyscallRecord *m = find_call(r, "sendmsg(");
	ASSERT_TRUE(m);
	EXPECT_LT(m->ret, 0);
}

TEST(Scenario, SoftwareGsoSegmentsInValidateXmit)
{
	RunResult r = run("software-gso");
	ASSERT_TRUE(r.ok) << r.error;
	EXPECT_GT(r.functions["__skb_gso_segment"], 0u);
	for (auto &s : wire_segments(r.wire))
		EXPECT_LE(s.len, 1460u);
	EXPECT_EQ(payload_out(r), 10000u);
}

TEST(Scenario, RingFullGoesBusyRequeuesAndWakes)
{
	RunResult r = run("ring-full-busy");
	ASSERT_TRUE(r.ok) << r.error;
	EXPECT_GT(r.functions["dev_requeue_skb"], 0u);
	EXPECT_GT(r.functions["netif_tx_wake_queue"], 0u);
}

TEST(Scenario, RunsAreDeterministic)
{
	RunResult a = run("default"), b = run("default");
	ASSERT_TRUE(a.trace && b.trace);
	ASSERT_EQ(a.trace->size(), b.trace->size());
	for (size_t i = 0; i < a.trace->size(); i++) {
		const Step &x = a.trace->at(i), &y = b.trace->at(i);
		ASSERT_EQ(a.trace->str(x.fn), b.trace->str(y.fn)) << i;
		ASSERT_EQ(x.time_ns, y.time_ns) << i;
		ASSERT_EQ(a.trace->text(x), b.trace->text(y)) << i;
	}
	ASSERT_EQ(a.trace->deltas().size(), b.trace->deltas().size());
	ASSERT_EQ(a.wire.size(), b.wire.size());
	for (size_t i = 0; i < a.wire.size(); i++)
		EXPECT_EQ(a.wire[i].bytes, b.wire[i].bytes);
}

TEST(Scenario, ReverseSteppingRebuildsTheForwardState)
{
	RunResult r = run("default");
	ASSERT_TRUE(r.trace);
	const Trace &t = *r.trace;
	StateIndex idx(t, 512);
	// Walk forward one step at a time, then backward, comparing with a fresh rebuild.
	State fwd = idx.at(0);
	std::vector<size_t> probes;
	for (size_t n = 1; n < t.size(); n += t.size() / 40 + 1)
		probes.push_back(n);
	for (size_t n : probes) {
		idx.move(fwd, n);
		State fresh = idx.at(n);
		for (KeyId k = 1; k < t.keys().size(); k++)
			ASSERT_EQ(fwd.value(k), fresh.value(k)) << "step " << n << " key " << k;
	}
	State back = idx.at(t.size() - 1);
	for (auto it = probes.rbegin(); it != probes.rend(); ++it) {
		idx.move(back, *it);
		State fresh = idx.at(*it);
		for (KeyId k = 1; k < t.keys().size(); k++)
			ASSERT_EQ(back.value(k), fresh.value(k)) << "step " << *it << " key " << k;
		for (RegionId g = 1; g < t.regions().size(); g++) {
			auto *a = back.region(g), *b = fresh.region(g);
			std::vector<uint8_t> zero(t.regions()[g].size, 0);
			ASSERT_EQ(a ? *a : zero, b ? *b : zero)
			    << "step " << *it << " region " << t.str(t.regions()[g].name);
		}
	}
}

TEST(Scenario, SavedTraceLoadsBackIdentical)
{
	RunResult r = run("default");
	ASSERT_TRUE(r.trace);
	std::string path = tmpdir() + "/default.sendpath", err;
	ASSERT_TRUE(save_trace(*r.trace, path, err)) << err;
	auto t = load_trace(path, err);
	ASSERT_TRUE(t) << err;
	ASSERT_EQ(t->size(), r.trace->size());
	StateIndex a(*r.trace), b(*t);
	size_t last = t->size() - 1;
	State sa = a.at(last), sb = b.at(last);
	for (KeyId k = 1; k < t->keys().size(); k++)
		ASSERT_EQ(sa.value(k), sb.value(k));
	EXPECT_EQ(t->meta_get("scenario"), "default");
}

TEST(Scenario, ParseErrorsNameFileAndLine)
{
	std::string err;
	EXPECT_FALSE(parse_scenario("name x\ndevice ice ring=100\n", "my.scn", err));
	EXPECT_EQ(err.rfind("my.scn:2: ", 0), 0u) << err;
	EXPECT_FALSE(parse_scenario("name x\nconnect\nsend\n", "a.scn", err).has_value() &&
		     false); // "send" without LEN is a run-time scenario error, checked below
	EXPECT_FALSE(parse_scenario("name x\nfrobnicate 3\n", "b.scn", err));
	EXPECT_EQ(err, "b.scn:2: unknown directive 'frobnicate'");
	EXPECT_FALSE(parse_scenario("name x\nsysctl net.ipv4.nope=1\n", "c.scn", err));
	EXPECT_EQ(err, "c.scn:2: unknown sysctl 'net.ipv4.nope'");
	EXPECT_FALSE(parse_scenario("connect\n", "d.scn", err));
	EXPECT_FALSE(load_scenario("/nonexistent/file.scn", err));
	EXPECT_NE(err.find("/nonexistent/file.scn"), std::string::npos);
	auto sc = parse_scenario("name x\nconnect\nsend lots\n", "e.scn", err);
	ASSERT_TRUE(sc);
	RunResult r = run_scenario(*sc, KernelVersion::V6_16);
	EXPECT_FALSE(r.ok);
	EXPECT_EQ(r.error, "e.scn:3: send takes LEN");
}

TEST(Scenario, PcapngIsValidForTshark)
{
	RunResult r = run("default");
	std::string path = tmpdir() + "/default.pcapng", err;
	ASSERT_TRUE(write_pcapng(r, path, err)) << err;
	if (system("command -v tshark >/dev/null 2>&1") != 0)
		GTEST_SKIP() << "tshark not installed";
	std::string out = path + ".txt";
	std::string cmd = "tshark -r '" + path +
			  "' -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE -T fields -e frame.number "
			  "-e _ws.expert.message -e frame.comment > '" +
			  out + "' 2>&1";
	ASSERT_EQ(system(cmd.c_str()), 0);
	std::ifstream f(out);
	std::string line;
	size_t n = 0;
	while (std::getline(f, line)) {
		if (line.empty() || !isdigit((unsigned char)line[0]))
			continue; // tshark's own notes ("Running as user root ...")
		n++;
		EXPECT_EQ(line.find("Malformed"), std::string::npos) << line;
		EXPECT_EQ(line.find("Bad checksum"), std::string::npos) << line;
		EXPECT_EQ(line.find("incorrect"), std::string::npos) << line;
		EXPECT_NE(line.find("step"), std::string::npos) << line; // every packet names its step
	}
	EXPECT_EQ(n, r.wire.size());
}

TEST(Cli, ExitCodes)
{
	std::string cli = SENDPATH_CLI;
	EXPECT_EQ(system((cli + " scenarios >/dev/null").c_str()), 0);
	EXPECT_EQ(WEXITSTATUS(system((cli + " run --scenario no-such-thing 2>/dev/null").c_str())), 2);
	std::string bad = tmpdir() + "/bad.scn";
	std::ofstream(bad) << "name bad\nconnect\nsend 100 flags=MSG_BOGUS\n";
	std::string out = tmpdir() + "/bad.out";
	EXPECT_EQ(WEXITSTATUS(system((cli + " run --scenario " + bad + " >/dev/null 2>" + out).c_str())), 2);
	std::ifstream o(out);
	std::string msg((std::istreambuf_iterator<char>(o)), {});
	EXPECT_NE(msg.find("bad.scn:3: unknown flag 'MSG_BOGUS'"), std::string::npos) << msg;
	std::string trace = tmpdir() + "/t.sendpath";
	ASSERT_EQ(system((cli + " run --scenario default --trace " + trace + " --json >/dev/null").c_str()),
		  0);
	EXPECT_EQ(system((cli + " trace " + trace + " --step 5 --json >/dev/null").c_str()), 0);
	EXPECT_EQ(WEXITSTATUS(system((cli + " trace " + trace + " --step 99999999 2>/dev/null").c_str())), 2);
	std::ofstream(tmpdir() + "/junk.sendpath") << "not a trace";
	EXPECT_EQ(
	    WEXITSTATUS(system((cli + " trace " + tmpdir() + "/junk.sendpath --step 1 2>/dev/null").c_str())),
	    2);
	EXPECT_EQ(system((cli + " ring --scenario default --json >/dev/null").c_str()), 0);
	EXPECT_EQ(
	    system((cli + " trace " + trace + " --step 100 --next-change tp.snd_una >/dev/null").c_str()), 0);
	EXPECT_EQ(WEXITSTATUS(system(
		      (cli + " trace " + trace + " --step 100 --next-change tp.nope 2>/dev/null").c_str())),
		  2);
}

// Retransmissions of one sequence number: their send times.
static std::vector<uint64_t> sends_of(const std::vector<Segment> &segs, uint32_t seq, bool zero_len)
{
	std::vector<uint64_t> t;
	for (auto &s : segs)
		if (s.outbound && s.seq == seq && (s.len == 0) == zero_len && !(s.flags & 0x02))
			t.push_back(s.time_ns);
	return t;
}

TEST(Scenario, RtoBacksOffExponentially)
{
	RunResult r = run("rto-backoff");
	ASSERT_TRUE(r.ok) << r.error;
	auto segs = wire_segments(r.wire);
	uint32_t first_data = 0;
	for (auto &s : segs)
		if (s.outbound && s.len) {
			first_data = s.seq;
			break;
		}
	auto t = sends_of(segs, first_data, false);
	ASSERT_GE(t.size(), 5u);
	// The first transmission, then RTO retransmissions whose gaps double (icsk_backoff++).
	for (size_t i = 3; i < t.size(); i++) {
		double ratio = (double)(t[i] - t[i - 1]) / (double)(t[i - 1] - t[i - 2]);
		EXPECT_NEAR(ratio, 2.0, 0.01) << "retransmission " << i;
	}
	EXPECT_GT(r.functions["tcp_retransmit_timer"], 3u);
}

TEST(Scenario, ZeroWindowProbesBackOff)
{
	RunResult r = run("zero-window-probe");
	ASSERT_TRUE(r.ok) << r.error;
	auto segs = wire_segments(r.wire);
	// A zero-window probe is a zero-length segment with seq = snd_una - 1 (tcp_xmit_probe_skb).
	std::map<uint32_t, std::vector<uint64_t>> probes;
	for (auto &s : segs)
		if (s.outbound && s.len == 0 && !(s.flags & 0x02) && s.flags == 0x10)
			probes[s.seq].push_back(s.time_ns);
	size_t best = 0;
	std::vector<uint64_t> t;
	for (auto &[seq, v] : probes)
		if (v.size() > best)
			best = v.size(), t = v;
	ASSERT_GE(t.size(), 3u);
	EXPECT_NEAR((double)(t[2] - t[1]) / (double)(t[1] - t[0]), 2.0, 0.05);
	EXPECT_GE(r.functions["tcp_send_probe0"], 3u);
	EXPECT_EQ(payload_out(r) >= 40000u, true); // all data gets through once the peer reads again
}

TEST(Scenario, TxTimestampingReportsSchedSndAndAck)
{
	RunResult r = run("tx-timestamping");
	ASSERT_TRUE(r.ok) << r.error;
	// One report of each kind for the send's last byte, in the order the packet meets them:
	// the qdisc layer, the driver, the ACK (the value of __skb_tstamp_tx:report is the type).
	std::vector<int64_t> types;
	for (size_t i = 0; i < r.trace->size(); i++) {
		const Step &s = r.trace->at(i);
		if (s.anchor && r.trace->str(s.anchor) == "__skb_tstamp_tx:report")
			types.push_back(s.value);
	}
	EXPECT_EQ(types, (std::vector<int64_t>{1 /*SCHED*/, 0 /*SND*/, 2 /*ACK*/}));
	// recv_errqueue reads the three, then finds the queue empty.
	int got = 0, eagain = 0;
	for (auto &c : r.syscalls)
		if (c.call.rfind("recvmsg(", 0) == 0)
			(c.ret == 0 ? got : eagain) += 1;
	EXPECT_EQ(got, 3);
	EXPECT_EQ(eagain, 1);
}
