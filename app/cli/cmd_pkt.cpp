// SPDX-License-Identifier: GPL-2.0-or-later
// sendpath-cli pkt SCRIPT.pkt [--kernel V] [--trace OUT.sendpath] [--verbose]
//   Runs one packetdrill script against the model. Exit 0 pass, 1 mismatch (FILE:LINE, expected
//   and actual), 2 unsupported syntax or feature (FILE:LINE: what).
// sendpath-cli conformance DIR [--kernel V]
//   Runs every .pkt under DIR; one line per script and "N passed, M failed, K unsupported".
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "cli.h"
#include "packetdrill/pkt_run.h"
#include "sim/trace_db.h"

using namespace sp;

namespace
{

const char *outcome_name(pkt::Outcome o)
{
	return o == pkt::Outcome::Pass ? "pass" : o == pkt::Outcome::Fail ? "fail" : "unsupported";
}

} // namespace

int cmd_pkt(int argc, char **argv)
{
	Args a;
	if (!a.parse(argc, argv, 2, {"--verbose"}, {"--kernel", "--trace"}) || a.pos.size() != 1) {
		fprintf(stderr,
			"sendpath-cli pkt: %s\nusage: sendpath-cli pkt SCRIPT.pkt [--kernel 6.15|6.16] "
			"[--trace OUT.sendpath] [--verbose]\n",
			a.err.empty() ? "one script path is required" : a.err.c_str());
		return 2;
	}
	std::string err;
	pkt::PktOptions o;
	if (!parse_kernel(a, nullptr, o.kv, err)) {
		fprintf(stderr, "sendpath-cli pkt: %s\n", err.c_str());
		return 2;
	}
	o.record = a.has("--trace");
	o.verbose = a.has("--verbose");
	pkt::PktResult r = pkt::run_pkt_file(a.pos[0], o);
	for (auto &l : r.log)
		printf("%s\n", l.c_str());
	for (auto &w : r.warnings)
		fprintf(stderr, "warning: %s\n", w.c_str());
	if (o.record && r.trace) {
		if (!save_trace(*r.trace, a.get("--trace"), err)) {
			fprintf(stderr, "sendpath-cli: %s\n", err.c_str());
			return 2;
		}
	}
	if (r.outcome == pkt::Outcome::Pass) {
		printf("%s: pass on Linux %s (%zu events, %.6f s virtual time)\n", a.pos[0].c_str(),
		       kernel_name(o.kv), r.events_run, r.end_time_ns / 1e9);
		return 0;
	}
	fprintf(stderr, "%s\n", r.message.c_str());
	return r.outcome == pkt::Outcome::Fail ? 1 : 2;
}

int cmd_conformance(int argc, char **argv)
{
	Args a;
	if (!a.parse(argc, argv, 2, {}, {"--kernel"}) || a.pos.size() != 1) {
		fprintf(stderr,
			"sendpath-cli conformance: %s\nusage: sendpath-cli conformance DIR [--kernel "
			"6.15|6.16]\n",
			a.err.empty() ? "one directory is required" : a.err.c_str());
		return 2;
	}
	std::string err;
	pkt::PktOptions o;
	if (!parse_kernel(a, nullptr, o.kv, err)) {
		fprintf(stderr, "sendpath-cli conformance: %s\n", err.c_str());
		return 2;
	}
	namespace fs = std::filesystem;
	std::error_code ec;
	if (!fs::is_directory(a.pos[0], ec)) {
		fprintf(stderr, "sendpath-cli conformance: %s is not a directory\n", a.pos[0].c_str());
		return 2;
	}
	std::vector<std::string> files;
	for (auto it = fs::recursive_directory_iterator(a.pos[0], ec);
	     !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
		if (it->is_regular_file() && it->path().extension() == ".pkt")
			files.push_back(it->path().string());
	std::sort(files.begin(), files.end());
	int n[3] = {0, 0, 0};
	for (auto &f : files) {
		pkt::PktResult r = pkt::run_pkt_file(f, o);
		n[(int)r.outcome]++;
		std::string why = r.message;
		// first line only; drop the "FILE:" prefix, the line already names the file
		why = why.substr(0, why.find('\n'));
		if (why.rfind(f + ":", 0) == 0)
			why = "line " + why.substr(f.size() + 1);
		printf("%-11s %s%s%s\n", outcome_name(r.outcome), f.c_str(), why.empty() ? "" : ": ",
		       why.c_str());
		fflush(stdout);
	}
	printf("%d passed, %d failed, %d unsupported\n", n[0], n[1], n[2]);
	return 0;
}
