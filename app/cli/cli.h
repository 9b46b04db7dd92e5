// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scenario/scenario.h"

struct Args {
	std::map<std::string, std::string> set;
	std::vector<std::string> pos;
	std::string err;
	bool parse(int argc, char **argv, int from, const std::vector<std::string> &flags,
		   const std::vector<std::string> &valued);
	bool has(const std::string &k) const { return set.count(k) > 0; }
	std::string get(const std::string &k) const { return has(k) ? set.at(k) : std::string(); }
};

bool parse_kernel(const Args &a, const sp::Scenario *sc, sp::KernelVersion &kv, std::string &err);
bool parse_size(const std::string &s, uint64_t &v);
long peak_rss_kib();
// --scenario and --kernel of a command; prints the error (naming file and line) and returns false.
bool load_scenario_args(const Args &a, const char *cmd, std::optional<sp::Scenario> &sc,
			sp::KernelVersion &kv);

int cmd_trace(int argc, char **argv);
int cmd_ring(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_lessons(int argc, char **argv);
int cmd_pkt(int argc, char **argv);
int cmd_conformance(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_vfio(int argc, char **argv);
std::string default_lessons_db();
