// SPDX-License-Identifier: GPL-2.0-or-later
// Names of the sysctls a scenario (or a packetdrill script) may set, mapped onto tcp_sysctls.
#include <cstring>

#include "scenario/sysctl.h"

namespace sp
{

struct SysctlEntry {
	const char *name;
	int tcp_sysctls::*field;
};

static const SysctlEntry table[] = {
    {"net.ipv4.tcp_autocorking", &tcp_sysctls::tcp_autocorking},
    {"net.ipv4.tcp_min_tso_segs", &tcp_sysctls::tcp_min_tso_segs},
    {"net.ipv4.tcp_tso_win_divisor", &tcp_sysctls::tcp_tso_win_divisor},
    {"net.ipv4.tcp_tso_rtt_log", &tcp_sysctls::tcp_tso_rtt_log},
    {"net.ipv4.tcp_limit_output_bytes", &tcp_sysctls::tcp_limit_output_bytes},
    {"net.ipv4.tcp_pacing_ss_ratio", &tcp_sysctls::tcp_pacing_ss_ratio},
    {"net.ipv4.tcp_pacing_ca_ratio", &tcp_sysctls::tcp_pacing_ca_ratio},
    {"net.ipv4.tcp_notsent_lowat", &tcp_sysctls::tcp_notsent_lowat},
    {"net.ipv4.tcp_mtu_probing", &tcp_sysctls::tcp_mtu_probing},
    {"net.ipv4.tcp_timestamps", &tcp_sysctls::tcp_timestamps},
    {"net.ipv4.tcp_sack", &tcp_sysctls::tcp_sack},
    {"net.ipv4.tcp_window_scaling", &tcp_sysctls::tcp_window_scaling},
    {"net.ipv4.tcp_ecn", &tcp_sysctls::tcp_ecn},
    {"net.ipv4.tcp_slow_start_after_idle", &tcp_sysctls::tcp_slow_start_after_idle},
    {"net.ipv4.tcp_early_retrans", &tcp_sysctls::tcp_early_retrans},
    {"net.ipv4.tcp_retries1", &tcp_sysctls::tcp_retries1},
    {"net.ipv4.tcp_retries2", &tcp_sysctls::tcp_retries2},
    {"net.ipv4.tcp_syn_retries", &tcp_sysctls::tcp_syn_retries},
    {"net.ipv4.tcp_min_rtt_wlen", &tcp_sysctls::tcp_min_rtt_wlen},
    {"net.ipv4.tcp_rto_min_us", &tcp_sysctls::tcp_rto_min_us},
    {"net.ipv4.tcp_rto_max_ms", &tcp_sysctls::tcp_rto_max_ms},
    {"net.ipv4.tcp_shrink_window", &tcp_sysctls::tcp_shrink_window},
    {"net.ipv4.tcp_workaround_signed_windows", &tcp_sysctls::tcp_workaround_signed_windows},
    {"net.ipv4.tcp_app_win", &tcp_sysctls::tcp_app_win},
    {"net.ipv4.tcp_adv_win_scale", &tcp_sysctls::tcp_adv_win_scale},
    {"net.ipv4.tcp_fastopen", &tcp_sysctls::tcp_fastopen},
    {"net.ipv4.tcp_no_metrics_save", &tcp_sysctls::tcp_no_metrics_save},
    {"net.ipv4.tcp_base_mss", &tcp_sysctls::tcp_base_mss},
    {"net.ipv4.tcp_probe_threshold", &tcp_sysctls::tcp_probe_threshold},
    {"net.ipv4.tcp_probe_interval", &tcp_sysctls::tcp_probe_interval},
    {"net.ipv4.tcp_reordering", &tcp_sysctls::tcp_reordering},
    {"net.ipv4.tcp_frto", &tcp_sysctls::tcp_frto},
    {"net.ipv4.tcp_comp_sack_nr", &tcp_sysctls::tcp_comp_sack_nr},
    {"net.core.max_skb_frags", &tcp_sysctls::sysctl_max_skb_frags},
    {"net.core.optmem_max", &tcp_sysctls::sysctl_optmem_max},
    {"net.ipv4.ip_default_ttl", &tcp_sysctls::ip_default_ttl},
    {"net.ipv4.ip_no_pmtu_disc", &tcp_sysctls::ip_no_pmtu_disc},
    {"net.core.wmem_default", &tcp_sysctls::wmem_default},
    {"net.core.rmem_default", &tcp_sysctls::rmem_default},
    {"net.core.wmem_max", &tcp_sysctls::wmem_max},
    {"net.core.rmem_max", &tcp_sysctls::rmem_max},
};

bool sysctl_set(tcp_sysctls &s, const std::string &name, long value, std::string &err)
{
	// Also accept the /proc/sys/ path form and slashes.
	std::string n = name;
	if (n.rfind("/proc/sys/", 0) == 0)
		n = n.substr(10);
	for (auto &c : n)
		if (c == '/')
			c = '.';
	for (auto &e : table)
		if (n == e.name) {
			s.*e.field = (int)value;
			return true;
		}
	err = "unknown sysctl '" + name + "'";
	return false;
}

bool sysctl_set_triple(tcp_sysctls &s, const std::string &name, const long v[3], std::string &err)
{
	std::string n = name;
	if (n.rfind("/proc/sys/", 0) == 0)
		n = n.substr(10);
	for (auto &c : n)
		if (c == '/')
			c = '.';
	if (n == "net.ipv4.tcp_wmem" || n == "net.ipv4.tcp_rmem") {
		int *f = n == "net.ipv4.tcp_wmem" ? s.tcp_wmem : s.tcp_rmem;
		for (int i = 0; i < 3; i++)
			f[i] = (int)v[i];
		return true;
	}
	if (n == "net.ipv4.tcp_mem") {
		for (int i = 0; i < 3; i++)
			s.tcp_mem[i] = v[i];
		return true;
	}
	err = "unknown sysctl '" + name + "'";
	return false;
}

} // namespace sp
