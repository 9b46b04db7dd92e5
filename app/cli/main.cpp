// SPDX-License-Identifier: GPL-2.0-or-later
// sendpath-cli: run scenarios headless, inspect traces, print the NIC ring, benchmark the engine.
// Exit codes: 0 success, 1 a run failed (model error), 2 bad input (message names file and line).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <sys/resource.h>
#include <vector>

#include "cli.h"
#include "linux/skbuff.h"
#include "scenario/runner.h"
#include "sim/cursor.h"
#include "sim/json.h"
#include "sim/trace_db.h"

using namespace sp;

namespace
{

void usage(FILE *f)
{
	fputs("usage: sendpath-cli COMMAND [options]\n"
	      "  scenarios                               list the built-in scenarios\n"
	      "  run --scenario NAME|FILE [--kernel 6.15|6.16] [--pcap OUT.pcapng]\n"
	      "      [--trace OUT.sendpath] [--summary] [--json]\n"
	      "  trace FILE.sendpath --step N [--json]   state at step N of a saved trace\n"
	      "  ring --scenario NAME|FILE [--kernel V] [--at-step N] [--json]\n"
	      "  bench                                   engine benchmarks (figures only)\n"
	      "  compare --scenario NAME|FILE [--json]   6.15 vs 6.16: aligned differences\n"
	      "  lessons check|build|list|play|show|import-source   lessons and annotations\n"
	      "  pkt SCRIPT.pkt [--kernel V] [--trace OUT.sendpath] [--verbose]   run a packetdrill script\n"
	      "  conformance DIR [--kernel V]            run every .pkt under DIR, print a summary\n"
	      "  vfio list|send|ring|frames              live NIC over VFIO (e1000e, ice): `vfio --help`\n",
	      f);
}

} // namespace

bool Args::parse(int argc, char **argv, int from, const std::vector<std::string> &flags,
		 const std::vector<std::string> &valued)
{
	for (int i = from; i < argc; i++) {
		std::string a = argv[i];
		bool known = false;
		for (auto &f : flags)
			if (a == f) {
				set[a] = "1";
				known = true;
			}
		for (auto &v : valued)
			if (a == v) {
				if (i + 1 >= argc) {
					err = "option " + a + " needs a value";
					return false;
				}
				set[a] = argv[++i];
				known = true;
			}
		if (!known) {
			if (a.size() > 1 && a[0] == '-') {
				err = "unknown option " + a;
				return false;
			}
			pos.push_back(a);
		}
	}
	return true;
}

bool parse_kernel(const Args &a, const Scenario *sc, KernelVersion &kv, std::string &err)
{
	kv = sc && sc->kernel ? *sc->kernel : KernelVersion::V6_16;
	if (!a.has("--kernel"))
		return true;
	std::string k = a.get("--kernel");
	if (k == "6.15")
		kv = KernelVersion::V6_15;
	else if (k == "6.16")
		kv = KernelVersion::V6_16;
	else {
		err = "--kernel must be 6.15 or 6.16, not '" + k + "'";
		return false;
	}
	return true;
}

bool parse_size(const std::string &s, uint64_t &v)
{
	if (s.empty())
		return false;
	char *end;
	v = strtoull(s.c_str(), &end, 10);
	return *end == 0;
}

long peak_rss_kib()
{
	rusage ru{};
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

bool load_scenario_args(const Args &a, const char *cmd, std::optional<Scenario> &sc, KernelVersion &kv)
{
	if (!a.has("--scenario")) {
		fprintf(stderr, "sendpath-cli %s: --scenario NAME|FILE is required\n", cmd);
		return false;
	}
	std::string err;
	sc = load_scenario(a.get("--scenario"), err);
	if (!sc) {
		fprintf(stderr, "sendpath-cli: %s\n", err.c_str());
		return false;
	}
	if (!parse_kernel(a, &*sc, kv, err)) {
		fprintf(stderr, "sendpath-cli %s: %s\n", cmd, err.c_str());
		return false;
	}
	return true;
}

static int cmd_scenarios()
{
	for (auto &b : builtin_scenarios()) {
		std::string err;
		auto sc = parse_scenario(b.text, b.name, err);
		printf("%-26s %s\n", b.name, sc ? sc->description.c_str() : err.c_str());
	}
	return 0;
}

static int cmd_run(int argc, char **argv)
{
	Args a;
	if (!a.parse(argc, argv, 2, {"--summary", "--json"},
		     {"--scenario", "--kernel", "--pcap", "--trace"})) {
		fprintf(stderr, "sendpath-cli run: %s\n", a.err.c_str());
		return 2;
	}
	std::string err;
	std::optional<Scenario> sc;
	KernelVersion kv;
	if (!load_scenario_args(a, "run", sc, kv))
		return 2;
	bool record = a.has("--trace") || a.has("--json") || a.has("--summary") || !a.has("--pcap");
	RunResult r = run_scenario(*sc, kv, {record, 0});
	if (r.bad_input) {
		fprintf(stderr, "sendpath-cli: %s\n", r.error.c_str());
		return 2;
	}
	if (a.has("--trace") && r.trace) {
		if (!save_trace(*r.trace, a.get("--trace"), err)) {
			fprintf(stderr, "sendpath-cli: %s\n", err.c_str());
			return 2;
		}
	}
	if (a.has("--pcap") && !write_pcapng(r, a.get("--pcap"), err)) {
		fprintf(stderr, "sendpath-cli: %s\n", err.c_str());
		return 2;
	}
	auto segs = wire_segments(r.wire);
	if (a.has("--json")) {
		Json j;
		j.begin_obj();
		j.kv("scenario", sc->name).kv("kernel", kernel_name(kv)).kv("ok", r.ok);
		if (!r.ok)
			j.kv("error", r.error);
		j.kv("steps", (uint64_t)r.steps).kv("end_time_us", (uint64_t)(r.end_time_ns / 1000));
		j.key("functions").begin_obj();
		for (auto &[f, n] : r.functions)
			j.kv(f, (uint64_t)n);
		j.end_obj();
		j.key("segments").begin_arr();
		for (auto &s : segs) {
			if (!s.outbound)
				continue;
			j.begin_obj()
			    .kv("seq", (uint64_t)s.seq)
			    .kv("ack", (uint64_t)s.ack)
			    .kv("len", (uint64_t)s.len)
			    .kv("flags", s.flags_str())
			    .kv("win", (uint64_t)s.win)
			    .kv("time_us", (uint64_t)(s.time_ns / 1000))
			    .kv("step", (uint64_t)s.step)
			    .end_obj();
		}
		j.end_arr();
		j.key("inbound").begin_arr();
		for (auto &s : segs) {
			if (s.outbound)
				continue;
			j.begin_obj()
			    .kv("seq", (uint64_t)s.seq)
			    .kv("ack", (uint64_t)s.ack)
			    .kv("len", (uint64_t)s.len)
			    .kv("flags", s.flags_str())
			    .kv("win", (uint64_t)s.win)
			    .kv("time_us", (uint64_t)(s.time_ns / 1000))
			    .end_obj();
		}
		j.end_arr();
		j.key("syscalls").begin_arr();
		for (auto &c : r.syscalls)
			j.begin_obj()
			    .kv("call", c.call)
			    .kv("ret", (int64_t)c.ret)
			    .kv("errno", c.err ? errno_name(c.err) : "")
			    .kv("step", (uint64_t)c.step)
			    .end_obj();
		j.end_arr();
		j.key("errors").begin_obj();
		for (auto &c : r.syscalls)
			if (c.ret < 0)
				j.kv(c.call, errno_name(c.err));
		j.end_obj();
		j.key("warnings").begin_arr();
		for (auto &w : r.warnings)
			j.str(w);
		j.end_arr();
		j.end_obj();
		printf("%s\n", j.text().c_str());
	} else {
		printf("scenario %s on Linux %s: %s, %llu steps, %.3f ms virtual time\n", sc->name.c_str(),
		       kernel_name(kv), r.ok ? "ok" : ("stopped: " + r.error).c_str(),
		       (unsigned long long)r.steps, r.end_time_ns / 1e6);
		for (auto &c : r.syscalls)
			printf("  %-48s = %ld%s%s\n", c.call.c_str(), c.ret, c.ret < 0 ? " " : "",
			       c.ret < 0 ? errno_name(c.err) : "");
		if (a.has("--summary") || !a.has("--pcap")) {
			printf("  %zu frames on the wire:\n", r.wire.size());
			for (auto &s : segs)
				printf("  %10.3f us %s %-3s seq %u:%u(%u) ack %u win %u\n", s.time_ns / 1e3,
				       s.outbound ? "->" : "<-", s.flags_str().c_str(), s.seq, s.seq + s.len,
				       s.len, s.ack, s.win);
			if (!r.functions.empty()) {
				printf("  functions called: %zu distinct\n", r.functions.size());
			}
		}
		for (auto &w : r.warnings)
			printf("  warning: %s\n", w.c_str());
	}
	return r.ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	std::string cmd = argv[1];
	if (cmd == "scenarios")
		return cmd_scenarios();
	if (cmd == "run")
		return cmd_run(argc, argv);
	if (cmd == "trace")
		return cmd_trace(argc, argv);
	if (cmd == "ring")
		return cmd_ring(argc, argv);
	if (cmd == "bench")
		return cmd_bench(argc, argv);
	if (cmd == "lessons")
		return cmd_lessons(argc, argv);
	if (cmd == "pkt")
		return cmd_pkt(argc, argv);
	if (cmd == "conformance")
		return cmd_conformance(argc, argv);
	if (cmd == "compare")
		return cmd_compare(argc, argv);
	if (cmd == "vfio")
		return cmd_vfio(argc, argv);
	if (cmd == "-h" || cmd == "--help" || cmd == "help") {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "sendpath-cli: unknown command '%s'\n", cmd.c_str());
	usage(stderr);
	return 2;
}
