// SPDX-License-Identifier: GPL-2.0-or-later
// Script configuration: header options (--tolerance_usecs, --mtu, ...) and back-quoted shell
// commands. The interpreter runs no shell: it recognises the commands packetdrill scripts use to
// configure the namespace (defaults.sh, set_sysctls.py, sysctl, ethtool -K, tc pfifo) and refuses
// every other command by name.
#include <sstream>

#include "packetdrill/pkt_interp.h"
#include "scenario/sysctl.h"

namespace sp::pkt
{

namespace
{

// shared/conformance/packetdrill/NOTICE.md: what defaults.sh sets. Settings the model has no knob
// for (tcp_synack_retries, tcp_dsack, tcp_fack, tcp_recovery, tcp_syncookies, tcp_fastopen_key,
// tcp_ecn_option, the tcp_metrics flush) are left out: they cannot change the model's behaviour.
const std::pair<const char *, const char *> baseline[] = {
    {"net.ipv4.tcp_rmem", "4096 540000 15728640"},
    {"net.ipv4.tcp_wmem", "4096 262144 4194304"},
    {"net.ipv4.tcp_timestamps", "1"},
    {"net.ipv4.tcp_syn_retries", "5"},
    {"net.ipv4.tcp_frto", "2"},
    {"net.ipv4.tcp_sack", "1"},
    {"net.ipv4.tcp_reordering", "3"},
    {"net.ipv4.tcp_congestion_control", "cubic"},
    {"net.ipv4.tcp_slow_start_after_idle", "0"},
    {"net.ipv4.tcp_early_retrans", "4"},
    {"net.ipv4.tcp_tso_win_divisor", "3"},
    {"net.ipv4.tcp_ecn", "0"},
    {"net.ipv4.tcp_pacing_ss_ratio", "200"},
    {"net.ipv4.tcp_pacing_ca_ratio", "120"},
    {"net.ipv4.tcp_notsent_lowat", "4294967295"},
};

std::vector<std::string> split_words(const std::string &s)
{
	std::vector<std::string> out;
	std::string cur;
	bool in = false, q = false;
	char qc = 0;
	for (char c : s) {
		if (q) {
			if (c == qc)
				q = false;
			else
				cur += c;
			continue;
		}
		if (c == '"' || c == '\'') {
			q = true;
			qc = c;
			in = true;
			continue;
		}
		if (isspace((unsigned char)c)) {
			if (in)
				out.push_back(cur);
			cur.clear();
			in = false;
			continue;
		}
		cur += c;
		in = true;
	}
	if (in)
		out.push_back(cur);
	return out;
}

bool ends_with(const std::string &s, const std::string &e)
{
	return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

std::string sysctl_name(std::string n)
{
	if (n.rfind("/proc/sys/", 0) == 0)
		n = n.substr(10);
	for (auto &c : n)
		if (c == '/')
			c = '.';
	return n;
}

// dd bs=N count=M if=/dev/zero of=PATH [status=none]: writes N*M zero bytes into the run's
// file table (packetdrill's payloads are zeros, so scripts make their files from /dev/zero).
void dd(const std::vector<std::string> &w, int line, PktConfig &cfg)
{
	std::string in, out;
	uint64_t bs = 512, count = 0;
	bool have_count = false;
	for (size_t i = 1; i < w.size(); i++) {
		auto eq = w[i].find('=');
		std::string k = w[i].substr(0, eq), v = eq == std::string::npos ? "" : w[i].substr(eq + 1);
		char *end = nullptr;
		if (k == "if")
			in = v;
		else if (k == "of")
			out = v;
		else if (k == "status" && v == "none")
			continue;
		else if ((k == "bs" || k == "count") && !v.empty()) {
			uint64_t n = strtoull(v.c_str(), &end, 10);
			if (!end || *end)
				unsupported(line, "dd " + k + "=" + v + " (only plain numbers)");
			(k == "bs" ? bs : count) = n;
			have_count |= k == "count";
		} else
			unsupported(line, "dd operand '" + w[i] + "'");
	}
	if (in != "/dev/zero" || out.empty() || !have_count)
		unsupported(line, "dd other than 'dd bs=N count=M if=/dev/zero of=FILE'");
	if (bs * count > (64u << 20))
		unsupported(line, "dd of more than 64 MiB");
	cfg.files[out] = std::vector<uint8_t>((size_t)(bs * count), 0);
}

} // namespace

void Interp::apply_header_options(const Script &s, PktConfig &cfg)
{
	for (auto &[k, v] : s.options) {
		if (k == "tolerance_usecs")
			cfg.tolerance_us = std::stoll(v);
		else if (k == "tolerance_percent")
			cfg.tolerance_percent = std::stod(v);
		else if (k == "strict_segments")
			cfg.strict_segments = true;
		else if (k == "mtu")
			cfg.mtu = (unsigned)std::stoul(v);
		else if (k == "ip_version" && v != "ipv4")
			unsupported(0, "--ip_version=" + v + " (the model is IPv4 only)");
		// Other options (addresses, --send_omit_free, --tcp_ts_tick_usecs=0 ...) change nothing
		// the model can observe.
	}
}

void Interp::command(const std::string &text, int line, PktConfig &cfg, bool before_start)
{
	// Join "\"-continued lines; split on newlines and ';' / "&&".
	std::string t;
	for (size_t i = 0; i < text.size(); i++) {
		if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '\n') {
			t += ' ';
			i++;
		} else if (text[i] == ';' || (text[i] == '&' && i + 1 < text.size() && text[i + 1] == '&')) {
			t += '\n';
			if (text[i] == '&')
				i++;
		} else {
			t += text[i];
		}
	}
	std::istringstream in(t);
	for (std::string ln; std::getline(in, ln);) {
		auto w = split_words(ln);
		if (w.empty())
			continue;
		const std::string &c = w[0];
		if (ends_with(c, "defaults.sh")) {
			for (auto &[k, v] : baseline)
				cfg.sysctls.push_back({k, v});
			// The kernel selftests' defaults.sh enables client+server Fast Open (0x3); Google's
			// adds no-cookie and blackhole bits (0x70403).
			cfg.sysctls.push_back(
			    {"net.ipv4.tcp_fastopen", c == "./defaults.sh" ? "3" : "0x70403"});
		} else if (ends_with(c, "set_sysctls.py")) {
			for (size_t i = 1; i < w.size(); i++) {
				auto eq = w[i].find('=');
				if (eq == std::string::npos)
					unsupported(line, "set_sysctls.py argument '" + w[i] + "'");
				cfg.sysctls.push_back({sysctl_name(w[i].substr(0, eq)), w[i].substr(eq + 1)});
			}
		} else if (c == "sysctl") {
			for (size_t i = 1; i < w.size(); i++) {
				if (w[i][0] == '-')
					continue;
				auto eq = w[i].find('=');
				if (eq == std::string::npos)
					unsupported(line, "sysctl read '" + w[i] + "'");
				std::string v = w[i].substr(eq + 1);
				// sysctl -q net.ipv4.tcp_wmem="4096 1 2" arrives as one word; a value
				// written with spaces but no quotes spans the next words.
				while (i + 1 < w.size() && w[i + 1].find('=') == std::string::npos &&
				       w[i + 1][0] != '-')
					v += " " + w[++i];
				cfg.sysctls.push_back({sysctl_name(w[i].substr(0, eq)), v});
			}
		} else if (c.find("sysctl_restore") != std::string::npos) {
			// set_sysctls.py's restore script: the run's namespace dies with the run.
		} else if (c == "ethtool" && w.size() >= 3 && w[1] == "-K") {
			for (size_t i = 3; i + 1 < w.size(); i += 2) {
				if ((w[i] == "tso" || w[i] == "gso") &&
				    (w[i + 1] == "off" || w[i + 1] == "on")) {
					if (!before_start)
						unsupported(line, "ethtool -K after the first event");
					if (w[i] == "tso")
						cfg.tso = w[i + 1] == "on";
					// gso off: sk_setup_caps() adds NETIF_F_GSO for TCP anyway
					// (catalogue 4.1)
				} else {
					unsupported(line, "ethtool feature '" + w[i] + " " + w[i + 1] + "'");
				}
			}
		} else if ((c == "rm" || c == "/bin/rm") && w.size() == 3 && w[1] == "-f") {
			cfg.files.erase(w[2]); // rm -f: no error when the file does not exist
		} else if (c == "dd" || c == "/bin/dd") {
			dd(w, line, cfg);
		} else if (c == "tc" && w.size() >= 5 && w[1] == "qdisc" && w[3] == "dev" && w.size() >= 6 &&
			   w[5] == "root") {
			// tc qdisc (add|replace|change|del|delete) dev DEV root [pfifo [limit N]]
			std::vector<std::string> rest(w.begin() + 6, w.end());
			if (!rest.empty() && (rest.back() == "2>/dev/null" || rest.back() == ">/dev/null"))
				rest.pop_back();
			const std::string &op = w[2];
			if ((op == "del" || op == "delete") && rest.empty()) {
				// Model: the default root qdisc is pfifo (the tun device's); a delete goes
				// back to it with the default limit.
				cfg.qdisc_reset = true;
				cfg.qdisc_limit = -1;
			} else if ((op == "add" || op == "replace" || op == "change") && !rest.empty() &&
				   rest[0] == "pfifo" &&
				   (rest.size() == 1 || (rest.size() == 3 && rest[1] == "limit"))) {
				if (rest.size() == 3) {
					char *end = nullptr;
					long n = strtol(rest[2].c_str(), &end, 10);
					if (!end || *end || n < 0)
						unsupported(line, "tc pfifo limit '" + rest[2] + "'");
					cfg.qdisc_limit = n;
				}
			} else {
				unsupported(line, "shell command '" + ln +
						      "' (only a root pfifo [limit N] qdisc is modelled)");
			}
		} else {
			unsupported(line, "shell command '" + ln + "'");
		}
	}
}

void Interp::apply_sysctls(World &w, const PktConfig &cfg, int line)
{
	for (auto &[k, v] : cfg.sysctls) {
		std::string err;
		if (k == "net.ipv4.tcp_congestion_control") {
			// Model: new sockets use cubic (sock.h icsk_ca_name); no other default is modelled.
			if (v != "cubic")
				unsupported(line, "tcp_congestion_control=" + v +
						      " (the model's default is cubic)");
			continue;
		}
		if (v.find(' ') != std::string::npos) {
			std::istringstream in(v);
			long t[3];
			if (!(in >> t[0] >> t[1] >> t[2]) || !sysctl_set_triple(w.sysctl, k, t, err))
				unsupported(line, err.empty() ? "sysctl " + k + "='" + v + "'" : err);
			continue;
		}
		char *end = nullptr;
		long long n = strtoll(v.c_str(), &end, 0);
		if (!end || *end)
			unsupported(line, "sysctl " + k + "=" + v + " (not a number)");
		if (!sysctl_set(w.sysctl, k, (long)(int)(unsigned)n, err))
			unsupported(line, err);
	}
}

} // namespace sp::pkt
