// SPDX-License-Identifier: GPL-2.0-or-later
// The packetdrill interpreter (engine/packetdrill): parser, the runner on the project's own
// scripts (tests/pkt), timing and field mismatches, unsupported features, and the CLI commands.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

#include "packetdrill/pkt_run.h"
#include "packetdrill/pkt_script.h"
#include "sim/trace_db.h"

using namespace sp;
using namespace sp::pkt;

namespace
{

std::string pkt_dir()
{
	return std::string(SENDPATH_SOURCE_DIR) + "/tests/pkt";
}

std::string slurp(const std::string &p)
{
	std::ifstream f(p);
	EXPECT_TRUE(f) << "cannot read " << p; // an empty script would pass
	std::stringstream s;
	s << f.rdbuf();
	return s.str();
}

// Runs a shell command, returns its exit status and stdout+stderr.
int run(const std::string &cmd, std::string &out)
{
	FILE *p = popen((cmd + " 2>&1").c_str(), "r");
	if (!p)
		return -1;
	char buf[4096];
	out.clear();
	while (size_t n = fread(buf, 1, sizeof buf, p))
		out.append(buf, n);
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

std::string replace_once(std::string s, const std::string &from, const std::string &to)
{
	auto p = s.find(from);
	EXPECT_NE(p, std::string::npos) << from;
	if (p != std::string::npos)
		s.replace(p, from.size(), to);
	return s;
}

// Runs script (named name in messages) on 6.15 and 6.16; it must pass on both.
void expect_passes_on_both_kernels(const std::string &script, const std::string &name)
{
	for (KernelVersion kv : {KernelVersion::V6_15, KernelVersion::V6_16}) {
		PktOptions o;
		o.kv = kv;
		PktResult r = run_pkt_script(script, name, o);
		EXPECT_EQ(r.outcome, Outcome::Pass) << name << " on " << kernel_name(kv) << ": " << r.message;
	}
}

// A mutant of script: `from` replaced once by `to`, run on the default kernel as `name`.
PktResult run_mutant(const std::string &script, const std::string &from, const std::string &to,
		     const std::string &name)
{
	return run_pkt_script(replace_once(script, from, to), name, {});
}

// Runs the mutant and expects `want` (a failure by default) reported at `name`:`line`:, followed by
// `detail` when it is given ("name:line: detail"). Returns the result for further checks.
PktResult expect_mutant_fails(const std::string &script, const std::string &from, const std::string &to,
			      const std::string &name, int line, const std::string &detail = "",
			      Outcome want = Outcome::Fail)
{
	PktResult r = run_mutant(script, from, to, name);
	EXPECT_EQ(r.outcome, want) << name << ": " << r.message;
	std::string at = name + ":" + std::to_string(line) + ":" + (detail.empty() ? "" : " " + detail);
	EXPECT_NE(r.message.find(at), std::string::npos) << "expected '" << at << "' in: " << r.message;
	return r;
}

} // namespace

TEST(PktParse, TimesPacketsAndSyscalls)
{
	const char *text =
	    "--tolerance_usecs=10000\n"
	    "`../common/defaults.sh`\n"
	    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	    "+.1 < S 0:0(0) win 32792 <mss 1000,sackOK,TS val 100 ecr 0,nop,wscale 7>\n"
	    "+.3~+.310 > . 26000:26000(0) ack 1\n"
	    "+0...0.300 write(4, ..., 61000) = 61000 // blocks\n"
	    "+0 sendmsg(4, {msg_name(...)=..., msg_iov(2)=[{..., 40}, {..., 0}], msg_flags=0}, "
	    "MSG_MORE|MSG_EOR) = 40\n"
	    "+0 connect(4, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n"
	    "+0 %{ assert tcpi_snd_cwnd == 10 }%\n";
	Script s;
	std::string err;
	ASSERT_TRUE(parse_script(text, "t.pkt", s, err)) << err;
	ASSERT_EQ(s.options.size(), 1u);
	EXPECT_EQ(s.options[0].first, "tolerance_usecs");
	EXPECT_EQ(s.options[0].second, "10000");
	ASSERT_EQ(s.init_cmds.size(), 1u);
	ASSERT_EQ(s.events.size(), 7u);
	EXPECT_EQ(s.events[0].line, 3);
	EXPECT_EQ(s.events[0].time.type, TimeType::Absolute);
	const Event &syn = s.events[1];
	EXPECT_EQ(syn.time.type, TimeType::Relative);
	EXPECT_EQ(syn.time.us, 100000);
	EXPECT_FALSE(syn.pkt.outbound);
	EXPECT_EQ(syn.pkt.flags, 0x02);
	EXPECT_EQ(syn.pkt.win, 32792u);
	ASSERT_EQ(syn.pkt.opts.size(), 5u);
	EXPECT_EQ(syn.pkt.opts[0].kind, "mss");
	EXPECT_EQ(syn.pkt.opts[0].a, 1000u);
	EXPECT_EQ(syn.pkt.opts[2].kind, "TS");
	EXPECT_EQ(syn.pkt.opts[2].a, 100u);
	EXPECT_EQ(syn.pkt.opts[4].a, 7u);
	const Event &probe = s.events[2];
	EXPECT_EQ(probe.time.type, TimeType::RelRange);
	EXPECT_EQ(probe.time.us, 300000);
	EXPECT_EQ(probe.time.end_us, 310000);
	EXPECT_TRUE(probe.pkt.outbound);
	EXPECT_EQ(probe.pkt.flags, 0x10);
	EXPECT_EQ(probe.pkt.seq, 26000u);
	EXPECT_EQ(probe.pkt.len, 0u);
	EXPECT_FALSE(probe.pkt.has_win); // omitted on outbound: not checked
	EXPECT_FALSE(probe.pkt.opts_given);
	const Event &wr = s.events[3];
	EXPECT_TRUE(wr.time.blocking);
	EXPECT_EQ(wr.time.us, 0);
	EXPECT_EQ(wr.time.block_end_us, 300000);
	EXPECT_EQ(wr.sc.name, "write");
	EXPECT_EQ(wr.sc.ret.num, 61000);
	const Event &sm = s.events[4];
	ASSERT_EQ(sm.sc.args.size(), 3u);
	EXPECT_EQ(sm.sc.args[1].kind, Expr::Struct);
	EXPECT_EQ(sm.sc.args[2].kind, Expr::Or);
	EXPECT_EQ(s.events[5].sc.ret.num, -1);
	EXPECT_EQ(s.events[5].sc.err, "EINPROGRESS");
	EXPECT_EQ(s.events[6].kind, Event::Code);
}

TEST(PktParse, ErrorsNameFileAndLine)
{
	Script s;
	std::string err;
	EXPECT_FALSE(parse_script("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 < Q 0:0(0) win 1\n",
				  "x.pkt", s, err));
	EXPECT_NE(err.find("x.pkt:2:"), std::string::npos) << err;
	EXPECT_NE(err.find("'Q'"), std::string::npos) << err;
	EXPECT_FALSE(parse_script("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 > P. 1:10(5) ack 1\n",
				  "y.pkt", s, err));
	EXPECT_NE(err.find("y.pkt:2:"), std::string::npos) << err;
}

TEST(PktRun, OwnScriptsPass)
{
	for (const char *f :
	     {"handshake-bulk.pkt", "nagle.pkt", "cork.pkt", "zero-window-probe.pkt", "sendfile.pkt"})
		expect_passes_on_both_kernels(slurp(pkt_dir() + "/" + f), f);
}

TEST(PktRun, WrongExpectationFailsAtItsLine)
{
	PktResult r = run_pkt_file(pkt_dir() + "/wrong-expectation.pkt", {});
	EXPECT_EQ(r.outcome, Outcome::Fail);
	EXPECT_NE(r.message.find("wrong-expectation.pkt:17:"), std::string::npos) << r.message;
	EXPECT_NE(r.message.find("flags: expected . vs actual P."), std::string::npos) << r.message;
	EXPECT_NE(r.message.find("actual: > P. 1:1001(1000) ack 1"), std::string::npos) << r.message;
}

TEST(PktRun, UnsupportedNamesFeatureAndLine)
{
	PktResult r = run_pkt_file(pkt_dir() + "/unsupported-splice.pkt", {});
	EXPECT_EQ(r.outcome, Outcome::Unsupported);
	EXPECT_NE(r.message.find("unsupported-splice.pkt:17: unsupported: splice()"), std::string::npos)
	    << r.message;

	std::string base = slurp(pkt_dir() + "/nagle.pkt");
	expect_mutant_fails(base, "`../common/defaults.sh`", "`ip route change 192.0.2.1 mtu 1000`",
			    "cmd.pkt", 4, "unsupported: shell command 'ip route change",
			    Outcome::Unsupported);
	r = expect_mutant_fails(base, "`../common/defaults.sh`", "`sysctl -q net.ipv4.tcp_no_such_knob=1`",
				"sys.pkt", 4, "", Outcome::Unsupported);
	EXPECT_NE(r.message.find("tcp_no_such_knob"), std::string::npos) << r.message;
}

TEST(PktRun, TimingIsChecked)
{
	// The first zero-window probe leaves 300 ms after the window closed (RTO 300 ms); 200 ms is
	// outside the 4 ms / 12.5 % tolerance.
	std::string base = slurp(pkt_dir() + "/zero-window-probe.pkt");
	PktResult r = expect_mutant_fails(base, "  +.3 > . 1000:1000(0) ack 1",
					  "  +.2 > . 1000:1000(0) ack 1", "zwp.pkt", 21);
	EXPECT_NE(r.message.find("timing error"), std::string::npos) << r.message;
	// A range around the true time passes: +.29~+.31.
	r = run_mutant(base, "  +.3 > . 1000:1000(0) ack 1", "+.29~+.31 > . 1000:1000(0) ack 1", "zwp2.pkt");
	EXPECT_EQ(r.outcome, Outcome::Pass) << r.message;
	// Nagle releases the 500 bytes with the ACK at 0.04 s, not 50 ms later.
	expect_mutant_fails(slurp(pkt_dir() + "/nagle.pkt"), "   +0 > P. 501:1001(500) ack 1",
			    " +.05 > P. 501:1001(500) ack 1", "n.pkt", 22,
			    "outbound packet timing error: expected at 0.090001");
}

TEST(PktRun, RenoDuplicateAcksCountAsDelivered)
{
	std::string base = slurp(pkt_dir() + "/reno-dupack-delivered.pkt");
	PktResult r = run_pkt_script(base, "reno.pkt", {});
	EXPECT_EQ(r.outcome, Outcome::Pass) << r.message;
	// Counting both acked packets as delivered again would grow cwnd to 12 and send 3 segments.
	expect_mutant_fails(base, "   +0 > P. 11001:13001(2000) ack 1", "   +0 > P. 11001:14001(3000) ack 1",
			    "reno3.pkt", 26, "outbound packet payload: expected 3000 bytes vs actual 2000");
}

TEST(PktRun, SyscallResultsAreChecked)
{
	std::string base = slurp(pkt_dir() + "/cork.pkt");
	expect_mutant_fails(base, "TCP_CORK, [1], [4]) = 0", "TCP_CORK, [0], [4]) = 0", "g.pkt", 17,
			    "getsockopt TCP_CORK: expected value [0] vs actual [1]");
	expect_mutant_fails(base, "write(4, ..., 30) = 30", "write(4, ..., 30) = -1 EAGAIN", "w.pkt", 18,
			    "write() returned 30, expected -1 EAGAIN");
}

TEST(PktRun, TraceIsRecorded)
{
	PktOptions o;
	o.record = true;
	PktResult r = run_pkt_file(pkt_dir() + "/nagle.pkt", o);
	ASSERT_EQ(r.outcome, Outcome::Pass) << r.message;
	ASSERT_TRUE(r.trace);
	EXPECT_EQ(r.trace->meta_get("scenario"), "pkt:nagle.pkt");
	std::string path = testing::TempDir() + "pkt_nagle.sendpath", err;
	ASSERT_TRUE(save_trace(*r.trace, path, err)) << err;
	auto t = load_trace(path, err);
	ASSERT_TRUE(t) << err;
	EXPECT_EQ(t->size(), r.trace->size());
	std::remove(path.c_str());
}

TEST(PktCli, ExitCodesAndConformanceSummary)
{
	std::string out, cli = SENDPATH_CLI;
	EXPECT_EQ(run(cli + " pkt " + pkt_dir() + "/nagle.pkt", out), 0) << out;
	EXPECT_EQ(run(cli + " pkt " + pkt_dir() + "/wrong-expectation.pkt --kernel 6.15", out), 1) << out;
	EXPECT_NE(out.find("wrong-expectation.pkt:17:"), std::string::npos) << out;
	EXPECT_EQ(run(cli + " pkt " + pkt_dir() + "/unsupported-splice.pkt", out), 2) << out;
	EXPECT_NE(out.find("unsupported-splice.pkt:17:"), std::string::npos) << out;
	EXPECT_EQ(run(cli + " pkt /nonexistent.pkt", out), 2) << out;
	EXPECT_EQ(run(cli + " conformance " + pkt_dir(), out), 0) << out;
	EXPECT_NE(out.find("\n21 passed, 1 failed, 1 unsupported\n"), std::string::npos) << out;
	EXPECT_NE(out.find("fail        " + pkt_dir() + "/wrong-expectation.pkt: line 17:"),
		  std::string::npos)
	    << out;
}

TEST(PktRun, SendfileUsesTheRunsFiles)
{
	std::string base = slurp(pkt_dir() + "/sendfile.pkt");
	// The file holds 3000 bytes: from offset 1000 only 2000 can go.
	expect_mutant_fails(base, "[1000], 5000) = 2000", "[1000], 5000) = 5000", "sf.pkt", 25,
			    "sendfile() returned 2000, expected 5000");
	// Without the dd the file does not exist.
	expect_mutant_fails(base, "/bin/dd bs=1000 count=3 if=/dev/zero of=/tmp/sp-sendfile status=none", "",
			    "sf2.pkt", 23, "open() returned -1 ENOENT, expected 5");
	// Only zeros from /dev/zero: any other source is refused by name, nothing is executed.
	expect_mutant_fails(base, "if=/dev/zero of=/tmp/sp-sendfile", "if=/etc/passwd of=/tmp/sp-sendfile",
			    "sf3.pkt", 5, "unsupported: dd other than", Outcome::Unsupported);
}

TEST(PktRun, PollAndEpollFollowTcpPoll)
{
	// Edge-triggered: after one report the item needs a new wake-up.
	std::string ep = slurp(pkt_dir() + "/epoll-edge-level.pkt");
	expect_mutant_fails(ep, "   +0 epoll_wait(5, {events=0, ptr=0}, 1, 0) = 0\n\n// Level",
			    "   +0 epoll_wait(5, {events=EPOLLOUT, fd=4}, 1, 0) = 1\n\n// Level", "et.pkt",
			    22, "epoll_wait() returned 0, expected 1");
	// The reported events are compared: data makes EPOLLIN|EPOLLOUT, not EPOLLIN alone.
	expect_mutant_fails(ep, "{events=EPOLLIN|EPOLLOUT, fd=4}, 1, 0) = 1",
			    "{events=EPOLLIN, fd=4}, 1, 0) = 1", "ev.pkt", 36,
			    "epoll_wait: events: expected EPOLLIN vs actual POLLIN|POLLOUT");

	// With 2000 bytes unsent and TCP_NOTSENT_LOWAT 1500 the socket is not writeable.
	std::string po = slurp(pkt_dir() + "/poll-notsent-lowat.pkt");
	expect_mutant_fails(po, "   +0 poll([{fd=4, events=POLLOUT, revents=0}], 1, 0) = 0",
			    "   +0 poll([{fd=4, events=POLLOUT, revents=POLLOUT}], 1, 0) = 1", "nl.pkt", 26,
			    "poll: revents of fd 4: expected POLLOUT vs actual 0");
	// The blocking poll sleeps until its 100 ms timeout, not 50 ms.
	expect_mutant_fails(po, "+0...0.100 poll(", "+0...0.050 poll(", "to.pkt", 28,
			    "timing error: expected poll() to return at 0.250002");
	// Without the TCP_NOTSENT_LOWAT the unsent 2000 bytes do not matter: POLLOUT at once.
	expect_mutant_fails(po, "   +0 setsockopt(4, SOL_TCP, TCP_NOTSENT_LOWAT, [1500], 4) = 0\n", "",
			    "nolowat.pkt", 25, "poll: revents of fd 4: expected 0 vs actual POLLOUT");
}

TEST(PktRun, FastOpenClientCookieAndSynData)
{
	std::string fo = slurp(pkt_dir() + "/fastopen-client.pkt");
	// The SYN data is one segment of the cached MSS (1200) less 40 option bytes, not 1200.
	expect_mutant_fails(fo, "3000, MSG_FASTOPEN, ..., ...) = 1160",
			    "3000, MSG_FASTOPEN, ..., ...) = 1200", "fo1.pkt", 28,
			    "sendto() returned 1160, expected 1200");
	// The cookie of the SYN-ACK is what the next SYN carries, byte for byte.
	PktResult r = expect_mutant_fails(fo, "wscale 6,FO 0102030405060708,nop,nop>",
					  "wscale 6,FO 0102030405060799,nop,nop>", "fo2.pkt", 29,
					  "outbound packet TCP option FO: expected 8-byte cookie");
	EXPECT_NE(r.message.find("FO 0102030405060799"), std::string::npos) << r.message;
	// A cookie must be hex with an even number of digits.
	expect_mutant_fails(fo, "FO 0102030405060708,nop,nop>\n   +0 > . 1:1(0)",
			    "FO 123,nop,nop>\n   +0 > . 1:1(0)", "fo3.pkt", 14,
			    "syntax error: Fast Open cookie '123' has an odd number", Outcome::Unsupported);
}

TEST(PktRun, TcQdiscRootPfifoLimit)
{
	// A root pfifo with limit 0 drops every packet: the write is queued but nothing leaves.
	std::string base = slurp(pkt_dir() + "/nagle.pkt");
	expect_mutant_fails(base, "   +0 write(4, ..., 500) = 500\n",
			    "   +0 `tc qdisc delete dev tun0 root 2>/dev/null; tc "
			    "qdisc add dev tun0 root pfifo limit 0`\n"
			    "   +0 write(4, ..., 500) = 500\n",
			    "tc.pkt", 18, "expected outbound packet at 0.010001 but the stack sent nothing");
	// Other qdiscs are refused by name.
	expect_mutant_fails(base, "`../common/defaults.sh`", "`tc qdisc replace dev tun0 root fq`", "fq.pkt",
			    4, "unsupported: shell command 'tc qdisc replace dev tun0 root fq'",
			    Outcome::Unsupported);
}

TEST(PktRun, TxTimestampsAreKeyedAndTimed)
{
	std::string ts = slurp(pkt_dir() + "/tx-timestamping.pkt");
	expect_passes_on_both_kernels(ts, "ts.pkt");
	// The key is the write's last byte counted from snd_una at setsockopt time (12499, not 12500).
	expect_mutant_fails(ts, "ee_data=12499}}", "ee_data=12500}}", "ts1.pkt", 29,
			    "recvmsg: ee_data: expected 12500 vs actual 12499");
	// SCHED comes when the byte's part leaves (after the first ACK at 30 ms), not at the write.
	expect_mutant_fails(ts, "scm_nsec=30000000", "scm_nsec=20000000", "ts2.pkt", 29,
			    "recvmsg: SCM_TIMESTAMPING: expected 0.020000 vs actual 0.030");
	// Before that part leaves, the error queue is empty.
	expect_mutant_fails(ts, "MSG_ERRQUEUE) = -1 EAGAIN", "MSG_ERRQUEUE) = 0", "ts3.pkt", 26,
			    "recvmsg() returned -1 EAGAIN");
}

TEST(PktRun, DataAfterCloseIsAnsweredWithReset)
{
	std::string ab = slurp(pkt_dir() + "/abort-on-data.pkt");
	expect_passes_on_both_kernels(ab, "ab.pkt");
	// The RST carries the segment's ACK number as its sequence number, and no ACK flag.
	expect_mutant_fails(ab, "   +0 > R 301:301(0)", "   +0 > R. 301:301(0) ack 51", "ab1.pkt", 24,
			    "outbound packet flags: expected R. vs actual R");
	// Data that only repeats what we already have (nothing new after rcv_nxt) is not an abort.
	expect_mutant_fails(ab, "< P. 1:51(50) ack 301", "< . 1:1(0) ack 301", "ab2.pkt", 24,
			    "outbound packet flags: expected R vs actual F.");
}

TEST(PktRun, FastOpenPendingWriterSavesTheAckAndPingPongs)
{
	std::string fo = slurp(pkt_dir() + "/fastopen-write-pending.pkt");
	for (KernelVersion kv : {KernelVersion::V6_15, KernelVersion::V6_16}) {
		PktOptions o;
		o.kv = kv;
		PktResult r = run_pkt_script(fo, "fo.pkt", o);
		EXPECT_EQ(r.outcome, Outcome::Pass) << r.message;
	}
	// A bare ACK right after the SYN-ACK would mean the waiting writer was not counted.
	PktResult r = run_pkt_script(
	    replace_once(fo, "   +0 > P. 1161:3001(1840) ack 1", "   +0 > . 1161:1161(0) ack 1"), "fo1.pkt",
	    {});
	EXPECT_EQ(r.outcome, Outcome::Fail);
	EXPECT_NE(r.message.find("fo1.pkt:29: outbound packet"), std::string::npos) << r.message;
	// In ping-pong mode the small segment is not ACKed at once.
	r = run_pkt_script(
	    replace_once(fo, " +.04 > . 3001:3001(0) ack 101", "   +0 > . 3001:3001(0) ack 101"), "fo2.pkt",
	    {});
	EXPECT_EQ(r.outcome, Outcome::Fail);
	EXPECT_NE(r.message.find("fo2.pkt:33: outbound packet timing error"), std::string::npos) << r.message;
	// The missed delayed ACK left ping-pong mode: the next segment is ACKed at once.
	r = run_pkt_script(
	    replace_once(fo, "   +0 > . 3001:3001(0) ack 201", " +.04 > . 3001:3001(0) ack 201"), "fo3.pkt",
	    {});
	EXPECT_EQ(r.outcome, Outcome::Fail);
	EXPECT_NE(r.message.find("fo3.pkt:36: outbound packet timing error"), std::string::npos) << r.message;
}

TEST(PktRun, TunOrphansSoSmallQueuesNeverThrottle)
{
	std::string tun = slurp(pkt_dir() + "/tun-orphan-no-tsq.pkt");
	for (KernelVersion kv : {KernelVersion::V6_15, KernelVersion::V6_16}) {
		PktOptions o;
		o.kv = kv;
		PktResult r = run_pkt_script(tun, "tun.pkt", o);
		EXPECT_EQ(r.outcome, Outcome::Pass) << r.message;
	}
	// The write is checked: 14000 sent in the call plus a full unsent skb of 19600.
	PktResult r =
	    run_pkt_script(replace_once(tun, "write(4, ..., 50000) = 33600", "write(4, ..., 50000) = 30800"),
			   "tun1.pkt", {});
	EXPECT_EQ(r.outcome, Outcome::Fail);
	EXPECT_NE(r.message.find("tun1.pkt:21: write() returned 33600, expected 30800"), std::string::npos)
	    << r.message;
	// The fifth skb leaves inside the call (TSQ would have held it until a TX completion).
	r = run_pkt_script(
	    replace_once(tun, "   +0 > P. 11201:14001(2800) ack 1", " +.01 > P. 11201:14001(2800) ack 1"),
	    "tun2.pkt", {});
	EXPECT_EQ(r.outcome, Outcome::Fail);
	EXPECT_NE(r.message.find("tun2.pkt:26: outbound packet timing error"), std::string::npos)
	    << r.message;
}

TEST(PktRun, UserTimeoutEndsLocalCongestionProbes)
{
	std::string pu = slurp(pkt_dir() + "/probe-user-timeout.pkt");
	expect_passes_on_both_kernels(pu, "pu.pkt");
	// Without TCP_USER_TIMEOUT the probes go on (tcp_retries2 counts only backed-off probes).
	expect_mutant_fails(pu, "   +0 setsockopt(4, SOL_TCP, TCP_USER_TIMEOUT, [2000], 4) = 0\n", "",
			    "pu1.pkt", 24, "write() returned 100, expected -1 ETIMEDOUT");
	// The deadline counts from the first probe timer (0.4 s), not from the write: still alive at 2.25 s.
	expect_mutant_fails(pu, "+2.150 write(4, ..., 100) = 100", "+2.150 write(4, ..., 100) = -1 ETIMEDOUT",
			    "pu2.pkt", 23, "write() returned 100");
}

TEST(PktRun, ZerocopyOverTunIsCopied)
{
	// tun copies the user pages (skb_copy_ubufs): ee_code 0 is wrong at the recvmsg's line.
	std::string base = slurp(pkt_dir() + "/zerocopy-tun-copied.pkt");
	expect_mutant_fails(base, "ee_code=SO_EE_CODE_ZEROCOPY_COPIED", "ee_code=0", "zc.pkt", 22);
	// The skb on the retransmit queue keeps its reference until the ACK: nothing before it.
	expect_mutant_fails(base, " +.01 < . 1:1(0) ack 3001 win 257\n", "", "zc2.pkt", 21);
	// 17 frags at most per skb: 20 one-byte elements cannot leave in one packet.
	expect_mutant_fails(slurp(pkt_dir() + "/zerocopy-frag-limit.pkt"), "   +0 > P. 21:38(17) ack 1",
			    "   +0 > P. 21:41(20) ack 1", "fl.pkt", 34);
}
