// SPDX-License-Identifier: GPL-2.0-or-later
// sendpath-cli compare --scenario NAME|FILE [--json]: run one scenario on Linux 6.15 and 6.16, align
// the two recordings on their call trees and print every difference (engine/sim/compare.h).
#include <cstdio>

#include "cli.h"
#include "sim/compare.h"
#include "sim/json.h"

using namespace sp;

int cmd_compare(int argc, char **argv)
{
	Args a;
	if (!a.parse(argc, argv, 2, {"--json"}, {"--scenario"})) {
		fprintf(stderr, "sendpath-cli compare: %s\n", a.err.c_str());
		return 2;
	}
	if (!a.pos.empty()) {
		fprintf(stderr, "sendpath-cli compare: unexpected argument '%s'\n", a.pos[0].c_str());
		return 2;
	}
	if (!a.has("--scenario")) {
		fprintf(stderr, "sendpath-cli compare: --scenario NAME|FILE is required\n");
		return 2;
	}
	std::string err;
	std::optional<Scenario> sc = load_scenario(a.get("--scenario"), err);
	if (!sc) {
		fprintf(stderr, "sendpath-cli: %s\n", err.c_str());
		return 2;
	}
	auto c = compare_scenario(*sc);
	for (const RunResult *r : {&c->run615, &c->run616})
		if (r->bad_input) {
			fprintf(stderr, "sendpath-cli: %s\n", r->error.c_str());
			return 2;
		}
	bool ok = c->run615.ok && c->run616.ok;
	std::string pinned = sc->kernel ? kernel_name(*sc->kernel) : "";
	if (a.has("--json")) {
		Json j;
		j.begin_obj().kv("scenario", sc->name);
		if (!pinned.empty())
			j.kv("pinned_kernel", pinned);
		j.kv("steps_615", (uint64_t)c->run615.steps).kv("steps_616", (uint64_t)c->run616.steps);
		j.key("differences").begin_arr();
		for (auto &d : c->differences)
			j.begin_obj()
			    .kv("kind", diff_kind_name(d.kind))
			    .kv("function", d.function)
			    .kv("step_615", d.step_615)
			    .kv("step_616", d.step_616)
			    .kv("detail", d.detail)
			    .kv("count", (uint64_t)d.count)
			    .end_obj();
		j.end_arr();
		for (const RunResult *r : {&c->run615, &c->run616})
			if (!r->ok)
				j.kv(r == &c->run615 ? "error_615" : "error_616", r->error);
		j.end_obj();
		printf("%s\n", j.text().c_str());
		return ok ? 0 : 1;
	}
	printf(
	    "scenario %s: Linux 6.15 (%llu steps) vs 6.16 (%llu steps), %zu aligned rows, %zu differences\n",
	    sc->name.c_str(), (unsigned long long)c->run615.steps, (unsigned long long)c->run616.steps,
	    c->rows.size(), c->differences.size());
	if (!pinned.empty())
		printf("  note: the scenario pins kernel %s; compare runs it on both\n", pinned.c_str());
	for (const RunResult *r : {&c->run615, &c->run616})
		if (!r->ok)
			printf("  %s stopped: %s\n", kernel_name(r->kver), r->error.c_str());
	auto step = [](int64_t s) { return s < 0 ? std::string("-") : "#" + std::to_string(s); };
	for (auto &d : c->differences) {
		printf("  %-7s %-28s 6.15 %-9s 6.16 %-9s %s", diff_kind_name(d.kind), d.function.c_str(),
		       step(d.step_615).c_str(), step(d.step_616).c_str(), d.detail.c_str());
		if (d.count > 1)
			printf("  (x%u)", d.count);
		printf("\n");
	}
	return ok ? 0 : 1;
}
