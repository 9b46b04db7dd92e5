// SPDX-License-Identifier: GPL-2.0-or-later
// sendpath-cli bench: prints engine figures (no pass/fail): recording speed, a 256 MiB bulk send
// with the trace off and on, trace bytes per step, state rebuild time at random steps of a
// 1 M-step trace, and peak RSS.
#include <chrono>
#include <cstdio>

#include "cli.h"
#include "scenario/runner.h"
#include "sim/cursor.h"

using namespace sp;
using Clock = std::chrono::steady_clock;

static double secs(Clock::time_point a, Clock::time_point b)
{
	return std::chrono::duration<double>(b - a).count();
}

static Scenario bulk(uint64_t bytes)
{
	std::string err;
	std::string text = "name bulk\n"
			   "description bulk send for the benchmark\n"
			   "limit time=600s steps=4000000000\n"
			   "peer mss=1460 window=4m wscale=7 rtt=100us delack=every2\n"
			   "connect\n"
			   "setsockopt SO_SNDBUF 4194304\n"
			   "send " +
			   std::to_string(bytes) + "\nwait 20ms\n";
	return *parse_scenario(text, "bench", err);
}

int cmd_bench(int argc, char **argv)
{
	Args a;
	if (!a.parse(argc, argv, 2, {}, {"--bulk-mib", "--rebuild-steps"})) {
		fprintf(stderr, "sendpath-cli bench: %s\n", a.err.c_str());
		return 2;
	}
	uint64_t mib = 256, rebuild_steps = 1000000;
	if (a.has("--bulk-mib") && !parse_size(a.get("--bulk-mib"), mib)) {
		fprintf(stderr, "sendpath-cli bench: --bulk-mib takes a number\n");
		return 2;
	}
	if (a.has("--rebuild-steps") && !parse_size(a.get("--rebuild-steps"), rebuild_steps)) {
		fprintf(stderr, "sendpath-cli bench: --rebuild-steps takes a number\n");
		return 2;
	}
	printf("SendPath engine benchmark (Linux 6.16 profile, %llu MiB bulk)\n", (unsigned long long)mib);

	// 1. Bulk send with the trace off.
	Scenario sc = bulk(mib << 20);
	auto t0 = Clock::now();
	RunResult off = run_scenario(sc, KernelVersion::V6_16, {false, 0});
	auto t1 = Clock::now();
	uint64_t acked = 0;
	for (auto &c : off.syscalls)
		if (c.call.rfind("send(", 0) == 0 && c.ret > 0)
			acked += c.ret;
	printf("bulk %llu MiB, trace off: %.3f s wall, %llu steps, %.1f MiB/s model throughput, %s\n",
	       (unsigned long long)mib, secs(t0, t1), (unsigned long long)off.steps,
	       acked / 1048576.0 / secs(t0, t1), off.ok ? "ok" : off.error.c_str());

	// 2. The same with the trace on: steps/s recorded and trace bytes per step.
	t0 = Clock::now();
	RunResult on = run_scenario(sc, KernelVersion::V6_16, {true, 0});
	t1 = Clock::now();
	size_t tbytes = on.trace ? on.trace->bytes_used() : 0;
	printf(
	    "bulk %llu MiB, trace on:  %.3f s wall, %llu steps, %.0f steps/s recorded, %.1f trace bytes/step "
	    "(%.1f MiB)\n",
	    (unsigned long long)mib, secs(t0, t1), (unsigned long long)on.steps, on.steps / secs(t0, t1),
	    on.steps ? (double)tbytes / on.steps : 0.0, tbytes / 1048576.0);
	on.trace.reset();

	// 3. State rebuild at random steps of a trace of rebuild_steps steps.
	RunResult big = run_scenario(sc, KernelVersion::V6_16, {true, rebuild_steps});
	if (big.trace && big.trace->size() > 1) {
		t0 = Clock::now();
		StateIndex idx(*big.trace);
		t1 = Clock::now();
		Rng rng(42);
		double worst = 0, total = 0;
		const int N = 200;
		for (int i = 0; i < N; i++) {
			size_t n = rng.next() % big.trace->size();
			auto a0 = Clock::now();
			State s = idx.at(n);
			auto a1 = Clock::now();
			double ms = secs(a0, a1) * 1e3;
			total += ms;
			worst = std::max(worst, ms);
			if (s.step != n)
				printf("  rebuild error at %zu\n", n);
		}
		printf("state rebuild on a %zu-step trace: index built in %.3f s (%zu checkpoints); random "
		       "step: mean "
		       "%.3f ms, max %.3f ms over %d jumps\n",
		       big.trace->size(), secs(t0, t1), idx.checkpoints(), total / N, worst, N);
	}
	printf("peak RSS: %.1f MiB\n", peak_rss_kib() / 1024.0);
	return 0;
}
