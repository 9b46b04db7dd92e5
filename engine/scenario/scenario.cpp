// SPDX-License-Identifier: GPL-2.0-or-later
#include "scenario/scenario.h"
#include "scenario/sysctl.h"

#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>

namespace sp
{

bool parse_bytes(const std::string &s, uint64_t &out)
{
	if (s.empty())
		return false;
	size_t i = 0;
	uint64_t v = 0;
	while (i < s.size() && isdigit((unsigned char)s[i])) {
		v = v * 10 + (s[i] - '0');
		if (v > (1ull << 50))
			return false;
		i++;
	}
	if (i == 0)
		return false;
	std::string unit = s.substr(i);
	if (unit.empty() || unit == "b")
		out = v;
	else if (unit == "k" || unit == "K" || unit == "KiB")
		out = v << 10;
	else if (unit == "m" || unit == "M" || unit == "MiB")
		out = v << 20;
	else if (unit == "g" || unit == "G" || unit == "GiB")
		out = v << 30;
	else
		return false;
	return true;
}

bool parse_duration_ns(const std::string &s, uint64_t &out)
{
	size_t i = 0;
	uint64_t v = 0;
	while (i < s.size() && isdigit((unsigned char)s[i]))
		v = v * 10 + (s[i++] - '0');
	if (i == 0)
		return false;
	std::string unit = s.substr(i);
	if (unit == "ns")
		out = v;
	else if (unit == "us")
		out = v * NSEC_PER_USEC;
	else if (unit == "ms")
		out = v * NSEC_PER_MSEC;
	else if (unit == "s")
		out = v * NSEC_PER_SEC;
	else
		return false;
	return true;
}

static bool parse_bool(const std::string &s, bool &b)
{
	if (s == "on" || s == "1" || s == "yes" || s == "true")
		b = true;
	else if (s == "off" || s == "0" || s == "no" || s == "false")
		b = false;
	else
		return false;
	return true;
}

static bool parse_u64(const std::string &s, uint64_t &v)
{
	if (s.empty())
		return false;
	char *end = nullptr;
	v = strtoull(s.c_str(), &end, 0);
	return end && *end == 0;
}

// The syscall-level verbs a scenario may use, with the key=value options each accepts.
static const std::map<std::string, std::set<std::string>> &verbs()
{
	static const std::map<std::string, std::set<std::string>> v = {
	    {"socket", {}},	   {"connect", {}},	  {"accept", {}},
	    {"setsockopt", {}},	   {"fcntl", {}},	  {"send", {"flags"}},
	    {"sendto", {"flags"}}, {"write", {}},	  {"sendmsg", {"flags", "cmsg", "iov"}},
	    {"sendfile", {}},	   {"splice", {}},	  {"wait", {}},
	    {"read", {}},	   {"recv_errqueue", {}}, {"shutdown", {}},
	    {"close", {}},	   {"bind_tx", {"size"}}, {"peer", {"window", "read_rate", "blackhole"}},
	};
	return v;
}

std::optional<Scenario> parse_scenario(const std::string &text, const std::string &source, std::string &err)
{
	Scenario sc;
	sc.source = source;
	sc.text = text;
	std::istringstream in(text);
	std::string raw;
	int ln = 0;
	auto fail = [&](const std::string &m) {
		err = source + ":" + std::to_string(ln) + ": " + m;
		return std::nullopt;
	};
	while (std::getline(in, raw)) {
		ln++;
		std::string l = raw.substr(0, raw.find('#'));
		std::istringstream ls(l);
		std::vector<std::string> tok;
		for (std::string t; ls >> t;)
			tok.push_back(t);
		if (tok.empty())
			continue;
		const std::string &d = tok[0];
		if (d == "name") {
			if (tok.size() != 2)
				return fail("'name' takes one word");
			sc.name = tok[1];
		} else if (d == "description") {
			size_t p = l.find("description") + 11;
			sc.description = l.substr(l.find_first_not_of(" \t", p) == std::string::npos
						      ? l.size()
						      : l.find_first_not_of(" \t", p));
			while (!sc.description.empty() && isspace((unsigned char)sc.description.back()))
				sc.description.pop_back();
		} else if (d == "kernel") {
			if (tok.size() != 2 || (tok[1] != "6.15" && tok[1] != "6.16"))
				return fail("'kernel' must be 6.15 or 6.16");
			sc.kernel = tok[1] == "6.15" ? KernelVersion::V6_15 : KernelVersion::V6_16;
		} else if (d == "seed") {
			if (tok.size() != 2 || !parse_u64(tok[1], sc.seed))
				return fail("'seed' takes a number");
		} else if (d == "limit") {
			for (size_t i = 1; i < tok.size(); i++) {
				auto eq = tok[i].find('=');
				std::string k = tok[i].substr(0, eq),
					    v = eq == std::string::npos ? "" : tok[i].substr(eq + 1);
				if (k == "time" && parse_duration_ns(v, sc.max_time_ns))
					continue;
				if (k == "steps" && parse_u64(v, sc.max_steps))
					continue;
				return fail("bad limit '" + tok[i] + "' (use time=DURATION steps=N)");
			}
		} else if (d == "sysctl") {
			std::string k, v;
			if (tok.size() == 2 && tok[1].find('=') != std::string::npos) {
				k = tok[1].substr(0, tok[1].find('='));
				v = tok[1].substr(tok[1].find('=') + 1);
			} else if (tok.size() == 3) {
				k = tok[1];
				v = tok[2];
			} else {
				return fail("'sysctl' takes NAME=VALUE");
			}
			char *end;
			long n = strtol(v.c_str(), &end, 0);
			if (*end)
				return fail("sysctl value must be a number: '" + v + "'");
			tcp_sysctls probe;
			std::string e;
			if (!sysctl_set(probe, k, n, e))
				return fail(e);
			sc.sysctls.push_back({k, n});
		} else if (d == "device") {
			size_t i = 1;
			if (i < tok.size() && tok[i].find('=') == std::string::npos)
				sc.device.driver = tok[i++];
			if (sc.device.driver != "ice" && sc.device.driver != "gve")
				return fail("unknown device driver '" + sc.device.driver + "' (ice or gve)");
			for (; i < tok.size(); i++) {
				auto eq = tok[i].find('=');
				if (eq == std::string::npos)
					return fail("device option must be key=value: '" + tok[i] + "'");
				std::string k = tok[i].substr(0, eq), v = tok[i].substr(eq + 1);
				uint64_t n = 0;
				bool b = false;
				if (k == "ring" && parse_u64(v, n) && n >= 64 && n <= 8160 && n % 32 == 0)
					sc.device.ring_size = (unsigned)n;
				else if (k == "ring")
					return fail("ring size must be 64..8160 and a multiple of 32 (E810)");
				else if (k == "queues" && parse_u64(v, n) && n >= 1 && n <= 64)
					sc.device.queues = (unsigned)n;
				else if (k == "link") {
					uint64_t mul = 1;
					std::string num = v;
					if (!v.empty() && (v.back() == 'g' || v.back() == 'G'))
						mul = 1000000000ull, num.pop_back();
					else if (!v.empty() && (v.back() == 'm' || v.back() == 'M'))
						mul = 1000000ull, num.pop_back();
					if (!parse_u64(num, n) || !n)
						return fail("bad link speed '" + v +
							    "' (e.g. 100g, 10g, 100m)");
					sc.device.link_bps = n * mul;
				} else if (k == "tso" && parse_bool(v, b))
					sc.device.tso = b;
				else if (k == "csum" && parse_bool(v, b))
					sc.device.csum = b;
				else if (k == "sg" && parse_bool(v, b))
					sc.device.sg = b;
				else if (k == "itr" && parse_duration_ns(v, n))
					sc.device.itr_us = (unsigned)(n / 1000);
				else if (k == "qdisc" &&
					 (v == "pfifo_fast" || v == "pfifo" || v == "noqueue"))
					sc.device.qdisc = v;
				else if (k == "bql_min" && parse_bytes(v, n) && n <= 1879048192ull)
					sc.device.bql_limit_min = (u32)n;
				else if (k == "mtu" && parse_u64(v, n) && n >= 68 && n <= 9702)
					sc.device.mtu = (unsigned)n;
				else
					return fail("bad device option '" + tok[i] + "'");
			}
		} else if (d == "peer" && sc.ops.empty()) {
			// Before the first syscall: the peer's configuration. After it: a mid-run change (an
			// op).
			{
				for (size_t i = 1; i < tok.size(); i++) {
					auto eq = tok[i].find('=');
					if (eq == std::string::npos)
						return fail("peer option must be key=value: '" + tok[i] +
							    "'");
					std::string k = tok[i].substr(0, eq), v = tok[i].substr(eq + 1);
					uint64_t n = 0;
					bool b = false;
					PeerConfig &p = sc.peer;
					if (k == "mss" && parse_u64(v, n) && n >= 88 && n <= 65495)
						p.mss = (u32)n;
					else if (k == "window" && parse_bytes(v, n) && n <= (1ull << 30))
						p.rcv_wnd = (u32)n;
					else if (k == "wscale" && parse_u64(v, n) && n <= 14)
						p.wscale = (u8)n, p.wscale_ok = true;
					else if (k == "sack" && parse_bool(v, b))
						p.sack = b;
					else if (k == "ts" && parse_bool(v, b))
						p.timestamps = b;
					else if (k == "ws" && parse_bool(v, b))
						p.wscale_ok = b;
					else if (k == "rtt" && parse_duration_ns(v, n))
						p.rtt_us = (u32)(n / 1000);
					else if (k == "delack" &&
						 (v == "every" || v == "every2" || v == "delayed"))
						p.delack = v;
					else if (k == "delack_ms" && parse_u64(v, n))
						p.delack_ms = (u32)n;
					else if (k == "drop") {
						std::istringstream ds(v);
						for (std::string x; std::getline(ds, x, ',');) {
							if (!parse_u64(x, n))
								return fail("peer drop= takes segment "
									    "indices like 3,5");
							p.drop.push_back((u32)n);
						}
					} else if (k == "zero_window_after" && parse_bytes(v, n))
						p.zero_window_after = (u32)n;
					else if (k == "reopen" && parse_duration_ns(v, n))
						p.reopen_window_ms = (u32)(n / NSEC_PER_MSEC);
					else if (k == "blackhole" && parse_bool(v, b))
						p.blackhole = b;
					else if (k == "read_rate" && parse_bytes(v, n))
						p.app_read_bytes_per_ms = (u32)n;
					else
						return fail("bad peer option '" + tok[i] + "'");
				}
				continue;
			}
		}
		if (d == "name" || d == "description" || d == "kernel" || d == "seed" || d == "limit" ||
		    d == "sysctl" || d == "device" || (d == "peer" && sc.ops.empty()))
			continue;
		auto v = verbs().find(d);
		if (v == verbs().end())
			return fail("unknown directive '" + d + "'");
		ScenarioOp op;
		op.line = ln;
		op.verb = d;
		for (size_t i = 1; i < tok.size(); i++) {
			auto eq = tok[i].find('=');
			if (eq != std::string::npos && eq > 0) {
				std::string k = tok[i].substr(0, eq);
				if (!v->second.count(k))
					return fail("'" + d + "' has no option '" + k + "'");
				op.opts[k] = tok[i].substr(eq + 1);
			} else {
				op.args.push_back(tok[i]);
			}
		}
		sc.ops.push_back(op);
	}
	if (sc.name.empty()) {
		ln = 1;
		return fail("missing 'name'");
	}
	return sc;
}

std::optional<Scenario> load_scenario(const std::string &name_or_path, std::string &err)
{
	for (auto &b : builtin_scenarios())
		if (name_or_path == b.name)
			return parse_scenario(b.text, std::string("built-in:") + b.name, err);
	struct stat st;
	if (stat(name_or_path.c_str(), &st) != 0) {
		err = name_or_path + ": no such built-in scenario or file (see 'sendpath-cli scenarios')";
		return std::nullopt;
	}
	if (!S_ISREG(st.st_mode)) {
		err = name_or_path + ": not a regular file";
		return std::nullopt;
	}
	if (st.st_size > (1 << 20)) {
		err = name_or_path + ": too large for a scenario (over 1 MiB)";
		return std::nullopt;
	}
	std::ifstream f(name_or_path, std::ios::binary);
	if (!f) {
		err = name_or_path + ": cannot be read";
		return std::nullopt;
	}
	std::string text((std::istreambuf_iterator<char>(f)), {});
	if (text.find('\0') != std::string::npos) {
		err = name_or_path + ":1: binary data in a scenario file";
		return std::nullopt;
	}
	return parse_scenario(text, name_or_path, err);
}

} // namespace sp
