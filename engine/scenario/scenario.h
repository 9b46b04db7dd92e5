// SPDX-License-Identifier: GPL-2.0-or-later
// Scenarios: a documented text format (engine/scenario/FORMAT.md) describing the connection, the
// peer, the device and a sequence of syscalls; the built-in scenarios are written in it too.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/world.h"

namespace sp
{

struct ScenarioOp {
	int line = 0;				 // line in the source text (1-based)
	std::string verb;			 // "send", "wait", "setsockopt", ...
	std::vector<std::string> args;		 // positional arguments
	std::map<std::string, std::string> opts; // key=value arguments
};

struct Scenario {
	std::string name, description, source; // source: file path or "built-in"
	std::optional<KernelVersion> kernel;   // a scenario may pin its kernel
	uint64_t seed = 1;
	DeviceConfig device;
	PeerConfig peer;
	std::vector<std::pair<std::string, long>> sysctls; // name -> value
	std::vector<ScenarioOp> ops;
	uint64_t max_time_ns = 120 * NSEC_PER_SEC; // stop the run at this virtual time
	uint64_t max_steps = 5000000;
	std::string text; // the scenario's own text
};

// Parses scenario text. On error returns nullopt and sets err to "SOURCE:LINE: message".
std::optional<Scenario> parse_scenario(const std::string &text, const std::string &source, std::string &err);
// Loads a built-in by name or a file by path. err names the file and line on failure.
std::optional<Scenario> load_scenario(const std::string &name_or_path, std::string &err);

struct BuiltinScenario {
	const char *name;
	const char *text;
};
const std::vector<BuiltinScenario> &builtin_scenarios();

// Parses sizes/durations with units: "10000", "64k", "1m" (bytes); "100us", "40ms", "2s" (time).
bool parse_bytes(const std::string &s, uint64_t &out);
bool parse_duration_ns(const std::string &s, uint64_t &out);

} // namespace sp
