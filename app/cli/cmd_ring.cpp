// SPDX-License-Identifier: GPL-2.0-or-later
// sendpath-cli ring --scenario NAME|FILE [--kernel V] [--at-step N] [--json]: the E810 TX ring as
// the recorded run left it (or at step N): pointers, counters, every used descriptor, the packets.
#include <cstdio>

#include "cli.h"
#include "hw/ring_view.h"
#include "scenario/runner.h"
#include "sim/state.h"

using namespace sp;

int cmd_ring(int argc, char **argv)
{
	Args a;
	if (!a.parse(argc, argv, 2, {"--json"}, {"--scenario", "--kernel", "--at-step", "--ring"})) {
		fprintf(stderr, "sendpath-cli ring: %s\n", a.err.c_str());
		return 2;
	}
	std::optional<Scenario> sc;
	KernelVersion kv;
	if (!load_scenario_args(a, "ring", sc, kv))
		return 2;
	RunResult r = run_scenario(*sc, kv, {true, 0});
	if (!r.trace) {
		fprintf(stderr, "sendpath-cli ring: the run recorded nothing\n");
		return 1;
	}
	uint64_t n = r.trace->size() - 1;
	if (a.has("--at-step") && (!parse_size(a.get("--at-step"), n) || n >= r.trace->size())) {
		fprintf(stderr, "sendpath-cli ring: --at-step must be 0..%zu\n", r.trace->size() - 1);
		return 2;
	}
	StateIndex idx(*r.trace);
	State s = idx.at(n);
	hw::RingSnapshot snap = hw::ring_snapshot(*r.trace, s, a.has("--ring") ? a.get("--ring") : "ring0");
	if (!snap.valid) {
		fprintf(stderr, "sendpath-cli ring: no ring '%s' in this run at step %llu\n",
			a.has("--ring") ? a.get("--ring").c_str() : "ring0", (unsigned long long)n);
		return 1;
	}
	if (a.has("--json"))
		printf("%s\n", hw::ring_json(snap).c_str());
	else
		printf("scenario %s on Linux %s, step %llu of %zu\n%s", sc->name.c_str(), kernel_name(kv),
		       (unsigned long long)n, r.trace->size(), hw::ring_table(snap).c_str());
	return r.ok ? 0 : 1;
}
