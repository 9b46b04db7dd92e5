// SPDX-License-Identifier: GPL-2.0-or-later
// Compare mode (engine/sim/compare.h): each compare-* scenario shows the 6.15/6.16 difference it was
// written for (kernel-6.15-vs-6.16.md), a scenario without a version difference reports none, the
// alignment of a run with itself is exact, and `sendpath-cli compare --json` parses.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "linux/skbuff.h"
#include "sim/compare.h"

using namespace sp;

namespace
{

std::shared_ptr<Comparison> cmp(const std::string &name)
{
	static std::map<std::string, std::shared_ptr<Comparison>> cache;
	auto &c = cache[name];
	if (!c) {
		std::string err;
		auto sc = load_scenario(name, err);
		EXPECT_TRUE(sc.has_value()) << err;
		if (!sc)
			return std::make_shared<Comparison>();
		EXPECT_FALSE(sc->kernel.has_value()) << name << " must not pin a kernel";
		c = compare_scenario(*sc);
		EXPECT_TRUE(c->run615.ok) << c->run615.error;
		EXPECT_TRUE(c->run616.ok) << c->run616.error;
	}
	return c;
}

std::shared_ptr<Comparison> cmp_text(const std::string &text)
{
	std::string err;
	auto sc = parse_scenario(text, "test.scn", err);
	EXPECT_TRUE(sc.has_value()) << err;
	return compare_scenario(*sc);
}

// The difference of this kind and function whose detail contains every string of `what`.
const Difference *find(const Comparison &c, DiffKind k, const std::string &function,
		       std::initializer_list<const char *> what)
{
	for (auto &d : c.differences) {
		if (d.kind != k || (!function.empty() && d.function != function))
			continue;
		bool all = true;
		for (const char *w : what)
			all &= d.detail.find(w) != std::string::npos;
		if (all)
			return &d;
	}
	return nullptr;
}

std::string dump(const Comparison &c)
{
	std::string s;
	for (auto &d : c.differences)
		s += std::string(diff_kind_name(d.kind)) + " " + d.function + ": " + d.detail + "\n";
	return s;
}

const SyscallRecord *syscall(const RunResult &r, const std::string &prefix, int nth = 0)
{
	for (auto &s : r.syscalls)
		if (s.call.rfind(prefix, 0) == 0 && nth-- == 0)
			return &s;
	return nullptr;
}

// Frags assigned a page of this owner over the run (writes of a frag's owner field).
int frags_of_owner(const Trace &t, PageOwner o)
{
	int n = 0;
	for (auto &d : t.deltas()) {
		const KeyInfo &k = t.keys()[d.key];
		const std::string &f = t.str(k.field);
		if (f.rfind("shinfo.frags[", 0) == 0 && f.size() > 6 &&
		    f.compare(f.size() - 6, 6, ".owner") == 0 && d.new_v == (int64_t)o)
			n++;
	}
	return n;
}

int64_t max_field(const Trace &t, const char *object, const char *field)
{
	int64_t m = 0;
	KeyId k = t.find_key(object, field);
	if (k)
		m = t.key_initial()[k];
	for (auto &d : t.deltas())
		if (d.key == k)
			m = std::max(m, d.new_v);
	return m;
}

size_t count_anchor(const Trace &t, const std::string &anchor)
{
	size_t n = 0;
	for (size_t i = 0; i < t.size(); i++)
		if (t.at(i).anchor && t.str(t.at(i).anchor) == anchor)
			n++;
	return n;
}

} // namespace

TEST(Compare, DevmemCmsgRejectedIn615AcceptedIn616)
{
	auto c = cmp("compare-devmem-cmsg");
	// sendmsg(8192 bytes, MSG_ZEROCOPY, SCM_DEVMEM_DMABUF): 6.15 -EINVAL, 6.16 sends all 8192.
	EXPECT_TRUE(find(*c, DiffKind::Syscall, "sendmsg", {"6.15 -22 EINVAL", "6.16 8192"})) << dump(*c);
	// bind-tx does not exist in 6.15; the gve binding gets id 1 in 6.16.
	EXPECT_TRUE(find(*c, DiffKind::Syscall, "netlink bind-tx", {"6.15 -95 EOPNOTSUPP", "6.16 1"}))
	    << dump(*c);
	// Where: __sock_cmsg_send's default case in 6.15, the new SCM_DEVMEM_DMABUF case in 6.16.
	EXPECT_TRUE(find(*c, DiffKind::Branch, "__sock_cmsg_send",
			 {"6.15 only: __sock_cmsg_send:unknown=-22", "6.16 only: __sock_cmsg_send:dmabuf=1"}))
	    << dump(*c);
	// cmsg parsing moved to the top of tcp_sendmsg_locked.
	const Difference *o =
	    find(*c, DiffKind::Order, "sock_cmsg_send", {"in tcp_sendmsg_locked()", "at item 1 in 6.16"});
	ASSERT_TRUE(o) << dump(*c);
	EXPECT_GT(c->row_of(false, o->step_615), c->row_of(true, o->step_616)); // later in 6.15
	// 6.16 builds net_iov frags from the dma-buf: 8192 bytes = 2 pages of 4096 (frag count from the run).
	int niov = frags_of_owner(*c->run616.trace, PageOwner::NetIov);
	EXPECT_GE(niov, 2);
	EXPECT_EQ(frags_of_owner(*c->run615.trace, PageOwner::NetIov), 0);
	EXPECT_TRUE(find(*c, DiffKind::Frags, "",
			 {"6.15 none over 0 skbs", (std::to_string(niov) + "x net_iov").c_str()}))
	    << dump(*c);
	// The one-sided rest of 6.16's send is one coalesced difference inside tcp_sendmsg_locked.
	size_t calls = 0;
	for (auto &d : c->differences)
		calls += d.kind == DiffKind::Call && d.detail.rfind("in tcp_sendmsg_locked()", 0) == 0;
	EXPECT_EQ(calls, 1u) << dump(*c);
	EXPECT_TRUE(
	    find(*c, DiffKind::Call, "", {"in tcp_sendmsg_locked()", "6.16 only: net_devmem_get_binding()"}))
	    << dump(*c);
}

TEST(Compare, DevmemOnIceFailsInBoth)
{
	auto c = cmp("compare-devmem-ice");
	// bind-tx: -EOPNOTSUPP in both, for different reasons (no op / no netmem_tx with extack).
	auto *b615 = syscall(c->run615, "netlink bind-tx"), *b616 = syscall(c->run616, "netlink bind-tx");
	ASSERT_TRUE(b615 && b616);
	EXPECT_EQ(b615->err, EOPNOTSUPP);
	EXPECT_EQ(b616->err, EOPNOTSUPP);
	EXPECT_TRUE(find(*c, DiffKind::Branch, "netdev_nl_bind_tx_doit",
			 {"netdev_nl_bind_tx_doit:noop", "netdev_nl_bind_tx_doit:netmem_tx"}))
	    << dump(*c);
	EXPECT_TRUE(find(*c, DiffKind::Syscall, "netlink bind-tx",
			 {"same result", "Driver does not support netmem TX"}))
	    << dump(*c);
	// sendmsg: -EINVAL in both (no binding with id 1 in 6.16), so no syscall difference for it ...
	auto *s615 = syscall(c->run615, "sendmsg"), *s616 = syscall(c->run616, "sendmsg");
	ASSERT_TRUE(s615 && s616);
	EXPECT_EQ(s615->err, EINVAL);
	EXPECT_EQ(s616->err, EINVAL);
	EXPECT_FALSE(find(*c, DiffKind::Syscall, "sendmsg", {}));
	// ... but it fails elsewhere: 6.16 gets past the cmsg and asks net_devmem_get_binding.
	EXPECT_TRUE(find(*c, DiffKind::Call, "",
			 {"6.15 only: tcp_sendmsg_locked:cmsg615", "6.16 only: net_devmem_get_binding()"}))
	    << dump(*c);
	EXPECT_EQ(count_anchor(*c->run616.trace, "net_devmem_get_binding:einval"), 1u);
}

TEST(Compare, DmabufWithoutZerocopy)
{
	auto c = cmp("compare-dmabuf-no-zerocopy");
	// Two sendmsg calls (no SO_ZEROCOPY; then no MSG_ZEROCOPY): -EINVAL in both kernels ...
	for (int i = 0; i < 2; i++)
		for (const RunResult *r : {&c->run615, &c->run616}) {
			auto *s = syscall(*r, "sendmsg", i);
			ASSERT_TRUE(s);
			EXPECT_EQ(s->err, EINVAL) << s->call;
		}
	// ... 6.16 at the new devmem gate of tcp_sendmsg_locked, twice, 6.15 at the cmsg.
	const Difference *d =
	    find(*c, DiffKind::Branch, "tcp_sendmsg_locked",
		 {"6.15 only: tcp_sendmsg_locked:cmsg615", "tcp_sendmsg_locked:devmem_einval"});
	ASSERT_TRUE(d) << dump(*c);
	EXPECT_EQ(d->count, 2u);
	// Where: before the connection state is looked at (Fast Open / wait for ESTABLISHED) and
	// before the copy loop: nothing but cmsg and zerocopy lines precede it in the call.
	const Trace &t = *c->run616.trace;
	ASSERT_GE(d->step_616, 0);
	size_t gate = 0;
	for (size_t i = (size_t)d->step_616; i < t.size(); i++)
		if (t.at(i).anchor && t.str(t.at(i).anchor) == "tcp_sendmsg_locked:devmem_einval") {
			gate = i;
			break;
		}
	ASSERT_GT(gate, 0u);
	size_t enter = c->parent616_[gate];
	for (size_t i = enter + 1; i < gate; i++)
		if (t.at(i).kind == StepKind::Enter && t.at(i).depth == t.at(enter).depth + 1) {
			EXPECT_EQ(t.str(t.at(i).fn).find("sock_cmsg_send"), 0u) << t.str(t.at(i).fn);
		}
}

TEST(Compare, CmsgErrorEinvalVsEperm)
{
	auto c = cmp("compare-cmsg-eperm");
	// SO_PRIORITY 7 without CAP_NET_ADMIN: __sock_cmsg_send says -EPERM in both kernels ...
	EXPECT_EQ(count_anchor(*c->run615.trace, "__sock_cmsg_send:prio_perm"), 1u);
	EXPECT_EQ(count_anchor(*c->run616.trace, "__sock_cmsg_send:prio_perm"), 1u);
	// ... 6.15 turns it into -EINVAL, 6.16 returns it.
	EXPECT_TRUE(find(*c, DiffKind::Syscall, "sendmsg", {"6.15 -22 EINVAL", "6.16 -1 EPERM"})) << dump(*c);
	EXPECT_TRUE(find(*c, DiffKind::Branch, "tcp_sendmsg_locked",
			 {"6.15 only: tcp_sendmsg_locked:cmsg615", "tcp_sendmsg_locked:cmsg616",
			  "tcp_sendmsg_locked:sockc_err=-1"}))
	    << dump(*c);
	EXPECT_TRUE(find(*c, DiffKind::Return, "tcp_sendmsg_locked",
			 {"-22 (-EINVAL) in 6.15", "-1 (-EPERM) in 6.16"}))
	    << dump(*c);
	// Priority 5 is allowed: the second sendmsg sends 1000 bytes in both.
	for (const RunResult *r : {&c->run615, &c->run616}) {
		auto *s = syscall(*r, "sendmsg", 1);
		ASSERT_TRUE(s);
		EXPECT_EQ(s->ret, 1000);
	}
	EXPECT_EQ(std::count_if(c->differences.begin(), c->differences.end(),
				[](auto &d) { return d.kind == DiffKind::Syscall; }),
		  1);
}

TEST(Compare, MsgZerocopySameFragsAndCompletions)
{
	auto c = cmp("compare-msg-zerocopy");
	// 20000 bytes from pinned user pages in both kernels.
	int pinned = frags_of_owner(*c->run615.trace, PageOwner::UserPinned);
	EXPECT_GE(pinned, 20000 / 4096);
	EXPECT_EQ(frags_of_owner(*c->run616.trace, PageOwner::UserPinned), pinned);
	// No difference in frags, syscalls (send, completions on the error queue) or call structure.
	for (auto &d : c->differences) {
		EXPECT_NE(d.kind, DiffKind::Frags) << d.detail;
		EXPECT_NE(d.kind, DiffKind::Syscall) << d.detail;
		EXPECT_NE(d.kind, DiffKind::Call) << d.detail;
		EXPECT_NE(d.kind, DiffKind::Order) << d.detail;
		EXPECT_NE(d.function.find("zerocopy"), 0u) << d.detail;
		if (d.kind == DiffKind::Branch) {
			// Only the known per-version lines (tracepoint, TSQ cap rule, ice hunks).
			bool known = false;
			for (const char *a : {"tcp_sendmsg_locked:tracepoint", "tcp_small_queue_check:cap_61",
					      "ice_xmit_frame_ring:hopopt", "ice_xmit_frame_ring:eswitch"})
				known |= d.detail.find(a) != std::string::npos;
			EXPECT_TRUE(known) << d.detail;
		}
	}
	auto *r615 = syscall(c->run615, "recvmsg"), *r616 = syscall(c->run616, "recvmsg");
	ASSERT_TRUE(r615 && r616);
	EXPECT_EQ(r615->ret, r616->ret);
}

TEST(Compare, TsqCapsPacedFlowsIn616)
{
	auto c = cmp("compare-tsq-paced");
	// pacing_rate 4000000000 B/s >> sk_pacing_shift 10 = 3906250 bytes: 6.15 keeps that limit for
	// a paced flow, 6.16 takes min(3906250, tcp_limit_output_bytes 1048576).
	EXPECT_TRUE(find(*c, DiffKind::Branch, "tcp_small_queue_check",
			 {"tcp_small_queue_check:paced_615=3906250", "tcp_small_queue_check:cap_616=1048576",
			  "tcp_small_queue_check:throttled"}))
	    << dump(*c);
	EXPECT_TRUE(find(*c, DiffKind::Return, "tcp_small_queue_check", {"returns 0 in 6.15, 1 in 6.16"}))
	    << dump(*c);
	// Bytes below TCP: 6.16 stops near 1 MiB (one 64 KiB TSO skb may pass the check at the limit),
	// 6.15 goes well beyond it.
	int64_t w615 = max_field(*c->run615.trace, "sk", "sk_wmem_alloc");
	int64_t w616 = max_field(*c->run616.trace, "sk", "sk_wmem_alloc");
	EXPECT_GT(w615, 1048576 + 2 * 66440) << w615;
	EXPECT_LE(w616, 1048576 + 2 * 66440) << w616;
	EXPECT_GT(count_anchor(*c->run616.trace, "tcp_small_queue_check:throttled"),
		  count_anchor(*c->run615.trace, "tcp_small_queue_check:throttled"));
}

TEST(Compare, IceContextDescriptorOrder)
{
	auto c = cmp("compare-ice-ctx-lldp");
	// Every frame through ice_xmit_frame_ring: 6.15 checks the eswitch after ice_tstamp, 6.16
	// first (a no-switchdev, no-LLDP frame records no eswitch line in 6.16).
	uint64_t frames = c->run615.functions["ice_xmit_frame_ring"];
	ASSERT_GT(frames, 2u);
	const Difference *d =
	    find(*c, DiffKind::Branch, "ice_xmit_frame_ring",
		 {"after ice_xmit_frame_ring:tstamp", "6.15 only: ice_xmit_frame_ring:eswitch=0"});
	ASSERT_TRUE(d) << dump(*c);
	EXPECT_EQ(d->count, frames);
	d = find(*c, DiffKind::Branch, "ice_xmit_frame_ring", {"6.16 only: ice_xmit_frame_ring:hopopt"});
	ASSERT_TRUE(d) << dump(*c);
	EXPECT_EQ(d->count, c->run616.functions["ice_xmit_frame_ring"]);
}

TEST(Compare, NoVersionDifference)
{
	// gve (no version-specific driver lines), no window scaling (6.16's larger tcp_rmem[2] changes
	// rcv_wscale), no data (every send reaches 6.16's tracepoint line and the TSQ cap rule).
	auto c = cmp_text("name same\ndevice gve\nsysctl net.ipv4.tcp_window_scaling=0\nconnect\nwait 1ms\n");
	EXPECT_TRUE(c->differences.empty()) << dump(*c);
	EXPECT_GT(c->rows.size(), 100u);
	for (auto &r : c->rows)
		EXPECT_TRUE(r.s615 >= 0 && r.s616 >= 0 && !r.differs);
	// The same handshake with window scaling: the tcp_rmem[2] change (6 MiB -> 32 MiB) shows.
	auto w = cmp_text("name ws\ndevice gve\nconnect\nwait 1ms\n");
	EXPECT_TRUE(find(*w, DiffKind::Value, "tcp_select_initial_window", {"6.15 7", "6.16 10"}))
	    << dump(*w);
	EXPECT_TRUE(find(*w, DiffKind::Wire, "wire out", {"frame 1 sent", "TCP options"})) << dump(*w);
}

TEST(Compare, RunAgainstItselfAlignsExactly)
{
	std::string err;
	auto sc = load_scenario("compare-devmem-cmsg", err);
	ASSERT_TRUE(sc);
	// Both "versions" are 6.16: every step is on one row with its twin, nothing differs.
	RunResult a = run_scenario(*sc, KernelVersion::V6_16), b = run_scenario(*sc, KernelVersion::V6_16);
	size_t n = a.trace->size();
	auto c = compare_runs(std::move(a), std::move(b), sc->name);
	EXPECT_TRUE(c->differences.empty()) << dump(*c);
	ASSERT_EQ(c->rows.size(), n);
	for (size_t i = 0; i < n; i++)
		ASSERT_TRUE(c->rows[i].s615 == (int64_t)i && c->rows[i].s616 == (int64_t)i) << i;
	// call_items of a call: its Enter, direct items (the line among them), Exit.
	const Trace &t = c->trace(false);
	size_t line = n / 2;
	while (line < n && (t.at(line).kind != StepKind::Line || c->parent615_[line] == 0))
		line++;
	ASSERT_LT(line, n);
	size_t r = c->row_of(false, (int64_t)c->parent615_[line]);
	EXPECT_EQ(c->call_row(c->row_of(false, (int64_t)line)), r);
	auto items = c->call_items(r);
	ASSERT_GE(items.size(), 3u);
	EXPECT_EQ(t.at(items.front().s615).kind, StepKind::Enter);
	EXPECT_EQ(t.at(items.back().s615).kind, StepKind::Exit);
	EXPECT_EQ(t.at(items.back().s615).depth + 0, t.at(items.front().s615).depth);
	EXPECT_TRUE(
	    std::any_of(items.begin(), items.end(), [&](auto &x) { return x.s615 == (int64_t)line; }));
}

// ---- the CLI: `compare --json` is valid JSON with the documented fields; exit codes.
namespace
{
// A minimal JSON reader (objects, arrays, strings, numbers, literals): enough to validate.
struct JsonCheck {
	const std::string &s;
	size_t i = 0;
	std::vector<std::string> keys; // every object key seen
	void ws()
	{
		while (i < s.size() && isspace((unsigned char)s[i]))
			i++;
	}
	bool str(std::string *out = nullptr)
	{
		if (s[i] != '"')
			return false;
		std::string v;
		for (i++; i < s.size() && s[i] != '"'; i++) {
			if (s[i] == '\\') {
				i++;
				if (i < s.size() && s[i] == 'u')
					i += 4;
				v += '?';
			} else {
				v += s[i];
			}
		}
		if (i >= s.size())
			return false;
		i++;
		if (out)
			*out = v;
		return true;
	}
	bool val()
	{
		ws();
		if (i >= s.size())
			return false;
		char ch = s[i];
		if (ch == '{' || ch == '[') {
			char close = ch == '{' ? '}' : ']';
			i++;
			ws();
			if (s[i] == close)
				return ++i, true;
			for (;;) {
				ws();
				if (ch == '{') {
					std::string k;
					if (!str(&k))
						return false;
					keys.push_back(k);
					ws();
					if (s[i++] != ':')
						return false;
				}
				if (!val())
					return false;
				ws();
				if (s[i] == ',') {
					i++;
					continue;
				}
				return s[i++] == close;
			}
		}
		if (ch == '"')
			return str();
		size_t b = i;
		while (i < s.size() &&
		       (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '.' || s[i] == '+'))
			i++;
		std::string lit = s.substr(b, i - b);
		return lit == "true" || lit == "false" || lit == "null" ||
		       (!lit.empty() && (isdigit((unsigned char)lit[0]) || lit[0] == '-'));
	}
};

std::string run_cli(const std::string &args, int *status)
{
	std::string cmd = std::string(SENDPATH_CLI) + " " + args + " 2>/dev/null";
	FILE *p = popen(cmd.c_str(), "r");
	std::string out;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, p)) > 0)
		out.append(buf, n);
	*status = WEXITSTATUS(pclose(p));
	return out;
}
} // namespace

TEST(Compare, CliJsonParses)
{
	int st = 0;
	std::string out = run_cli("compare --scenario compare-cmsg-eperm --json", &st);
	EXPECT_EQ(st, 0);
	JsonCheck j{out};
	ASSERT_TRUE(j.val()) << "invalid JSON at " << j.i << ": " << out.substr(0, 200);
	j.ws();
	EXPECT_EQ(j.i, out.size());
	EXPECT_NE(out.find("\"scenario\":\"compare-cmsg-eperm\""), std::string::npos);
	auto c = cmp("compare-cmsg-eperm");
	for (const char *k : {"kind", "function", "step_615", "step_616", "detail"})
		EXPECT_EQ((size_t)std::count(j.keys.begin(), j.keys.end(), k), c->differences.size()) << k;
	EXPECT_NE(out.find("\"kind\":\"syscall\",\"function\":\"sendmsg\""), std::string::npos);
	// Text mode, bad input.
	EXPECT_NE(run_cli("compare --scenario compare-cmsg-eperm", &st).find("EPERM"), std::string::npos);
	EXPECT_EQ(st, 0);
	run_cli("compare --scenario no-such-scenario", &st);
	EXPECT_EQ(st, 2);
	run_cli("compare --scenario compare-cmsg-eperm --kernel 6.15", &st);
	EXPECT_EQ(st, 2);
	run_cli("compare", &st);
	EXPECT_EQ(st, 2);
}
