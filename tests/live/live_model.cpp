// SPDX-License-Identifier: GPL-2.0-or-later
// The model's half of the live harness: parses a scenario with the engine's own parser and runs it
// on the engine (Linux 6.16 profile). Engine headers only (see live_common.h).
#include <cstdio>
#include <fstream>
#include <sstream>

#include "live_common.h"
#include "scenario/runner.h"
#include "scenario/scenario.h"
#include "sim/sim.h"
#include "sim/world.h"

namespace live
{

static std::string triple(const int v[3])
{
	return std::to_string(v[0]) + " " + std::to_string(v[1]) + " " + std::to_string(v[2]);
}

bool load_scenario(const std::string &path, Scenario &out, std::string &err)
{
	std::ifstream f(path);
	if (!f) {
		err = path + ": cannot read";
		return false;
	}
	std::stringstream ss;
	ss << f.rdbuf();
	auto sc = sp::parse_scenario(ss.str(), path, err);
	if (!sc)
		return false;
	out = Scenario{};
	out.name = sc->name;
	out.path = path;
	for (auto &op : sc->ops)
		out.ops.push_back({op.line, op.verb, op.args, op.opts});

	// The baseline the model assumes (its tcp_sysctls defaults on the 6.16 profile), written into
	// both namespaces so the real kernel starts from the same knobs.
	sp::Sim sim(sp::KernelVersion::V6_16, 1, false);
	sp::SimScope scope(sim);
	World w(sim);
	const tcp_sysctls &d = w.sysctl;
	auto &s = out.snd_sysctls;
	s.push_back({"net.ipv4.tcp_wmem", triple(d.tcp_wmem)});
	s.push_back({"net.ipv4.tcp_rmem", triple(d.tcp_rmem)});
	s.push_back({"net.ipv4.tcp_timestamps", std::to_string(d.tcp_timestamps)});
	s.push_back({"net.ipv4.tcp_sack", std::to_string(d.tcp_sack)});
	s.push_back({"net.ipv4.tcp_window_scaling", std::to_string(d.tcp_window_scaling)});
	s.push_back({"net.ipv4.tcp_ecn", std::to_string(d.tcp_ecn)});
	s.push_back({"net.ipv4.tcp_autocorking", std::to_string(d.tcp_autocorking)});
	s.push_back({"net.ipv4.tcp_min_tso_segs", std::to_string(d.tcp_min_tso_segs)});
	s.push_back({"net.ipv4.tcp_tso_win_divisor", std::to_string(d.tcp_tso_win_divisor)});
	s.push_back({"net.ipv4.tcp_slow_start_after_idle", std::to_string(d.tcp_slow_start_after_idle)});
	s.push_back({"net.ipv4.tcp_early_retrans", std::to_string(d.tcp_early_retrans)});
	s.push_back({"net.ipv4.tcp_frto", std::to_string(d.tcp_frto)});
	s.push_back({"net.ipv4.tcp_limit_output_bytes", std::to_string(d.tcp_limit_output_bytes)});
	s.push_back({"net.ipv4.tcp_no_metrics_save", "1"});
	for (auto &[k, v] : sc->sysctls)
		s.push_back({k, std::to_string(v)});

	const PeerConfig &p = sc->peer;
	const PeerConfig def;
	out.peer_mss = p.mss;
	out.peer_window = p.rcv_wnd != def.rcv_wnd ? p.rcv_wnd : 0;
	out.peer_wscale = p.wscale;
	out.peer_ws = p.wscale_ok;
	out.peer_sack = p.sack;
	out.peer_ts = p.timestamps;
	out.peer_rtt_us = p.rtt_us;
	out.peer_delack = p.delack;
	out.peer_read_rate = p.app_read_bytes_per_ms;
	if (!p.drop.empty())
		out.unsupported.push_back("peer drop=");
	if (p.zero_window_after)
		out.unsupported.push_back("peer zero_window_after=");
	if (p.blackhole)
		out.unsupported.push_back("peer blackhole=on");
	if (sc->device.driver != "ice")
		out.unsupported.push_back("device " + sc->device.driver);
	out.tso = sc->device.tso;
	out.mtu = sc->device.mtu;

	// "# live: min_agreement=90 tail=300ms"
	std::istringstream in(sc->text);
	int ln = 0;
	for (std::string line; std::getline(in, line);) {
		ln++;
		if (line.rfind("# live:", 0) != 0)
			continue;
		std::istringstream t(line.substr(7));
		for (std::string kv; t >> kv;) {
			auto eq = kv.find('=');
			std::string k = kv.substr(0, eq),
				    v = eq == std::string::npos ? "" : kv.substr(eq + 1);
			uint64_t n;
			if (k == "min_agreement" && sp::parse_bytes(v, n) && n <= 100)
				out.min_agreement = (int)n;
			else if (k == "tail" && sp::parse_duration_ns(v, n))
				out.tail_ns = n;
			else {
				err = path + ":" + std::to_string(ln) + ": bad live option '" + kv +
				      "' (min_agreement=0..100, tail=DURATION)";
				return false;
			}
		}
	}
	return true;
}

ModelRun run_model(const std::string &path)
{
	ModelRun m;
	std::string err;
	auto sc = sp::load_scenario(path, err);
	if (!sc) {
		m.error = err;
		return m;
	}
	sp::RunResult r = sp::run_scenario(*sc, sp::KernelVersion::V6_16, {true, 0});
	m.kernel = sp::kernel_name(r.kver);
	m.ok = r.ok;
	m.error = r.error;
	for (auto &o : r.op_starts)
		m.calls.push_back({o.line, o.time_ns, o.step});
	// Hand-overs to the driver (ice_start_xmit returning NETDEV_TX_OK), one per skb, in order: where
	// Linux's dev_queue_xmit_nit shows the skb to tcpdump.
	std::vector<std::pair<uint64_t, uint64_t>> handover; // (step, time)
	if (r.trace)
		for (size_t i = 0; i < r.trace->size(); i++) {
			const sp::Step &st = r.trace->at(i);
			if (st.kind == sp::StepKind::Exit && st.value == 0 &&
			    r.trace->str(st.fn) == "ice_start_xmit")
				handover.push_back({i, st.time_ns});
		}
	// The emulated E810 puts each TSO segment on the wire; its comment "... seg K/N" tells which
	// frames came from one skb, so they can be compared with a GSO super-packet on a TSO veth.
	int group = -1;
	for (auto &f : r.wire) {
		Frame o{f.time_ns, f.outbound, f.bytes, -1, f.time_ns, f.step};
		unsigned k = 0, n = 0;
		auto pos = f.comment.rfind(" seg ");
		if (f.outbound && pos != std::string::npos &&
		    sscanf(f.comment.c_str() + pos, " seg %u/%u", &k, &n) == 2) {
			if (k == 1)
				group++;
			o.group = group;
		}
		m.frames.push_back(std::move(o));
	}
	int groups = group + 1;
	if ((size_t)groups == handover.size()) {
		for (auto &f : m.frames)
			if (f.group >= 0)
				f.order = handover[(size_t)f.group].first,
				f.tap_ns = handover[(size_t)f.group].second;
	} else {
		m.warning = "the model's " + std::to_string(groups) +
			    " skbs on the wire do not pair with its " + std::to_string(handover.size()) +
			    " hand-overs to the driver: wire times used";
	}
	return m;
}

} // namespace live
