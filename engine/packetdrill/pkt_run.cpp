// SPDX-License-Identifier: GPL-2.0-or-later
// The packetdrill interpreter's event loop, after google/packetdrill's run.c: events in script
// order, each at its script time in virtual time; relative times count from the interpreter's
// "now" (the time the previous event completed), consecutive inbound packets from the previous
// packet's script time; a time is met within max(--tolerance_usecs, --tolerance_percent of the
// gap to the previous event). packetdrill runs a blocking system call in a second thread while
// it injects the next packets; here the `<` lines that follow a system call are scheduled as
// simulation events before the call, so they arrive while the call sleeps in virtual time.
#include <fstream>
#include <sstream>

#include "drivers/ice/ice.h"
#include "net/sch_generic.h"
#include "packetdrill/pkt_interp.h"
#include "sim/trace_db.h"

namespace sp::pkt
{

namespace
{

std::string line_of(const std::string &text, int line)
{
	std::istringstream in(text);
	std::string l;
	for (int i = 1; std::getline(in, l); i++)
		if (i == line) {
			size_t b = l.find_first_not_of(" \t");
			return b == std::string::npos ? "" : l.substr(b);
		}
	return "";
}

bool supported_syscall(const std::string &n)
{
	static const char *names[] = {
	    "socket",	"bind", "listen",   "accept",  "connect",      "write",	     "send",	  "sendto",
	    "sendmsg",	"read", "recv",	    "recvmsg", "setsockopt",   "getsockopt", "fcntl",	  "close",
	    "shutdown", "open", "sendfile", "poll",    "epoll_create", "epoll_ctl",  "epoll_wait"};
	for (auto *x : names)
		if (n == x)
			return true;
	return false;
}

// Features the interpreter cannot run, found before running anything (exit 2 names the first).
void prevalidate(const Script &s)
{
	for (auto &ev : s.events) {
		if (ev.kind == Event::Syscall && !supported_syscall(ev.sc.name))
			unsupported(ev.line, ev.sc.name + "()");
		if (ev.kind != Event::Packet)
			continue;
		for (auto &o : ev.pkt.opts)
			if (o.kind.rfind("unsupported:", 0) == 0)
				unsupported(ev.line, "TCP option '" + o.kind.substr(12) + "'");
		if (!ev.pkt.outbound && ev.pkt.ecn == "ect01")
			unsupported(ev.line, "inbound [ect01]");
	}
}

} // namespace

Interp::Times Interp::times_of(const TimeSpec &t, bool inbound, uint64_t base_ns, int64_t prev_script_us,
			       bool prev_inbound) const
{
	Times r{};
	bool rel = t.type == TimeType::Relative || t.type == TimeType::RelRange;
	uint64_t off = 0;
	if (rel || t.type == TimeType::Any)
		off = prev_inbound && inbound && prev_script_us >= 0 ? (uint64_t)prev_script_us * 1000
								     : base_ns;
	r.start = t.type == TimeType::Any ? base_ns : off + (uint64_t)t.us * 1000;
	r.end = (t.type == TimeType::RelRange || t.type == TimeType::AbsRange)
		    ? off + (uint64_t)t.end_us * 1000
		    : r.start;
	r.block_end = t.blocking ? (rel ? off : 0) + (uint64_t)t.block_end_us * 1000 : r.start;
	return r;
}

int64_t Interp::tolerance_us(int64_t t_us, int64_t prev_us) const
{
	int64_t tol = cfg.tolerance_us;
	if (prev_us >= 0 && t_us > prev_us) {
		int64_t dyn = (int64_t)(cfg.tolerance_percent / 100.0 * (double)(t_us - prev_us));
		tol = std::max(tol, dyn);
	}
	return tol;
}

void Interp::log(int line, const std::string &m)
{
	if (!o_.verbose)
		return;
	r_.log.push_back(s_.path + ":" + std::to_string(line) + "  " + time_str(w_.sim.now_ns()) + "  " + m);
}

void Interp::ahead_drive()
{
	while (ahead_active_ && ahead_next_ < s_.events.size()) {
		const Event &e = s_.events[ahead_next_];
		if (e.kind != Event::Packet) {
			ahead_active_ = false;
			return;
		}
		bool in = !e.pkt.outbound;
		Times tm = times_of(e.time, in, ahead_base_, ahead_prev_us_, ahead_prev_in_);
		int64_t script_us = (int64_t)(tm.start / 1000);
		if (in) {
			if (ahead_timer_)
				return;
			uint64_t at = std::max(tm.start, w_.sim.now_ns());
			// Injected from its own event, never from inside the device's wire event.
			ahead_timer_ =
			    w_.sim.at(at, "packetdrill line " + std::to_string(e.line), [this, script_us]() {
				    ahead_timer_ = 0;
				    if (!ahead_active_)
					    return;
				    const Event &e2 = s_.events[ahead_next_];
				    try {
					    inject(e2.pkt, e2.line);
				    } catch (const Stop &st) {
					    ahead_err_[ahead_next_] = st.what();
					    ahead_active_ = false;
					    return;
				    }
				    log(e2.line, "< " + e2.pkt.flags_text +
						     " injected (while the system call sleeps)");
				    ahead_done_[ahead_next_] = {w_.sim.now_ns(), script_us};
				    ahead_base_ = w_.sim.now_ns();
				    ahead_prev_us_ = script_us;
				    ahead_prev_in_ = true;
				    ahead_next_++;
				    ahead_drive();
			    });
			return;
		}
		size_t avail = 0;
		for (auto &p : outq_)
			avail += p.payload.size();
		if (outq_.empty() || (!cfg.strict_segments && avail < e.pkt.len))
			return; // wait for the device (on_frame calls again)
		LivePacket live;
		take_live(live, e.pkt.len, false, 0);
		try {
			check_packet(e, live, tm.start, tm.end, tolerance_us(script_us, ahead_prev_us_));
		} catch (const Stop &st) {
			ahead_err_[ahead_next_] = st.what();
			ahead_active_ = false;
			return;
		}
		log(e.line, "matched " + line_of(s_.text, e.line) + " (while the system call sleeps)");
		ahead_done_[ahead_next_] = {live.last_time_ns, script_us};
		ahead_base_ = live.last_time_ns;
		ahead_prev_us_ = script_us;
		ahead_prev_in_ = false;
		ahead_next_++;
	}
}

void Interp::ahead_stop()
{
	ahead_active_ = false;
	if (ahead_start_)
		w_.sim.cancel(ahead_start_);
	if (ahead_timer_)
		w_.sim.cancel(ahead_timer_);
	ahead_start_ = ahead_timer_ = 0;
}

void Interp::run()
{
	prevalidate(s_);
	for (size_t i = 0; i < s_.events.size(); i++) {
		const Event &ev = s_.events[i];
		bool inbound = ev.kind == Event::Packet && !ev.pkt.outbound;
		r_.events_run = i;
		if (i == 0 && ev.time.us != 0 && ev.time.type == TimeType::Absolute)
			unsupported(ev.line, "first event should be at time 0");
		if (ahead_err_.count(i))
			mismatch(ev.line, ahead_err_[i]);
		if (ahead_done_.count(i)) {
			// handled while the previous system call slept
			cursor_ns_ = ahead_done_[i].first;
			last_script_us_ = ahead_done_[i].second;
			last_inbound_ = inbound;
			continue;
		}
		Times tm = times_of(ev.time, inbound, cursor_ns_, last_script_us_, last_inbound_);
		int64_t tol = tolerance_us((int64_t)(tm.start / 1000), last_script_us_);
		auto start_at = [&](const char *what) {
			if (tm.start > w_.sim.now_ns())
				w_.sim.run(tm.start);
			uint64_t now = w_.sim.now_ns();
			if (ev.time.type != TimeType::Any && now > tm.start + (uint64_t)tol * 1000)
				mismatch(ev.line, std::string("timing error: expected ") + what + " at " +
						      time_str(tm.start) +
						      " but the previous event ended at " + time_str(now));
		};
		switch (ev.kind) {
		case Event::Packet:
			if (inbound) {
				start_at("inbound packet");
				inject(ev.pkt, ev.line);
				log(ev.line, "< " + ev.pkt.flags_text + " injected");
				cursor_ns_ = w_.sim.now_ns();
			} else {
				cursor_ns_ = expect_packet(ev, tm.start, tm.end, tol);
				log(ev.line, "matched " + line_of(s_.text, ev.line));
			}
			break;
		case Event::Syscall: {
			start_at("system call start");
			uint64_t t0 = w_.sim.now_ns();
			// If the call sleeps, the sim runs this event first and the lookahead starts.
			ahead_next_ = i + 1;
			ahead_base_ = t0;
			ahead_prev_us_ = (int64_t)(tm.start / 1000);
			ahead_prev_in_ = false;
			ahead_start_ = w_.sim.at(t0, "packetdrill: system call sleeps", [this]() {
				ahead_start_ = 0;
				ahead_active_ = true;
				ahead_drive();
			});
			try {
				syscall(ev);
			} catch (...) {
				ahead_stop();
				throw;
			}
			ahead_stop();
			uint64_t t1 = w_.sim.now_ns();
			cursor_ns_ = t0;
			uint64_t want = ev.time.blocking ? tm.block_end : t0;
			int64_t btol = ev.time.blocking ? tolerance_us((int64_t)(tm.block_end / 1000),
								       (int64_t)(t0 / 1000))
							: cfg.tolerance_us;
			uint64_t d = t1 > want ? t1 - want : want - t1;
			if (d > (uint64_t)btol * 1000)
				mismatch(ev.line, "timing error: expected " + ev.sc.name +
						      "() to return at " + time_str(want) +
						      (ev.time.blocking ? "" : " (not blocking)") +
						      " but it returned at " + time_str(t1));
			break;
		}
		case Event::Command: {
			start_at("command");
			PktConfig c;
			c.files = cfg.files;
			command(ev.text, ev.line, c, false);
			apply_sysctls(w_, c, ev.line);
			cfg.files = c.files;
			if ((c.qdisc_reset || c.qdisc_limit >= 0) && w_.dev) {
				// The root pfifo of every tx queue gets the new limit; __fifo_init allows
				// the bypass only with limit >= 1. Model: packets already queued stay.
				for (netdev_queue *txq : w_.dev->tx)
					if (Qdisc *q = txq->qdisc) {
						q->limit = c.qdisc_limit >= 0 ? (unsigned)c.qdisc_limit
									      : w_.dev->tx_queue_len;
						q->flags = q->limit >= 1 ? (u32)TCQ_F_CAN_BYPASS : 0u;
					}
			}
			log(ev.line, "command applied");
			cursor_ns_ = w_.sim.now_ns();
			break;
		}
		case Event::Code:
			start_at("code");
			r_.warnings.push_back(
			    s_.path + ":" + std::to_string(ev.line) +
			    ": %{ }% python block skipped (tcp_info asserts are not checked)");
			cursor_ns_ = w_.sim.now_ns();
			break;
		}
		last_script_us_ = (int64_t)(tm.start / 1000);
		last_inbound_ = inbound;
		if (w_.sim.stopped)
			mismatch(ev.line, "the model stopped: " + w_.sim.stop_reason);
	}
	r_.events_run = s_.events.size();
}

PktResult run_pkt_script(const std::string &text, const std::string &path, const PktOptions &o)
{
	PktResult r;
	Script s;
	std::string err;
	if (!parse_script(text, path, s, err)) {
		r.outcome = Outcome::Unsupported;
		r.message = err;
		return r;
	}
	auto stopped = [&](const Stop &st) {
		r.outcome = st.outcome;
		r.message = path + ":" + std::to_string(st.line) + ": " + st.what();
		std::string l = st.line > 0 ? line_of(text, st.line) : "";
		if (!l.empty() && st.outcome == Outcome::Fail)
			r.message += "\n  script: " + l;
	};
	PktConfig cfg;
	try {
		Interp::apply_header_options(s, cfg);
		for (auto &c : s.init_cmds)
			Interp::command(c.text, c.line, cfg, true);
	} catch (const Stop &st) {
		stopped(st);
		return r;
	} catch (const std::exception &e) {
		r.outcome = Outcome::Unsupported;
		r.message = path + ": bad option: " + e.what();
		return r;
	}
	Sim sim(o.kv, 1, o.record);
	SimScope ss(sim);
	sim.step_budget = o.max_steps;
	if (sim.rec()) {
		auto slash = path.find_last_of('/');
		sim.trace()->meta.push_back(
		    {"scenario", "pkt:" + path.substr(slash == std::string::npos ? 0 : slash + 1)});
		sim.trace()->meta.push_back({"packetdrill_script", text});
	}
	{
		World w(sim);
		WorldScope ws(w);
		// The tun device of packetdrill: pfifo qdisc, TSO on (unless ethtool -K), MTU 1500. The
		// model's device is the emulated E810; the ARP resolution takes no time (a tun device
		// has no link layer).
		w.devcfg.qdisc = "pfifo";
		w.devcfg.tso = cfg.tso;
		w.devcfg.mtu = cfg.mtu;
		w.devcfg.tun = true; // zerocopy pages are copied as tun_net_xmit() does
		w.peercfg.rtt_us = 0;
		Interp it(s, w, r, o);
		it.cfg = cfg;
		try {
			Interp::apply_sysctls(w, cfg, s.init_cmds.empty() ? 0 : s.init_cmds[0].line);
			w.dev = ice_probe(w.devcfg);
			// tun_net_xmit() keeps no Byte Queue Limits (no netdev_tx_sent_queue): BQL is
			// switched off on the stand-in as `limit_min` at its maximum would.
			for (auto *q : w.dev->tx)
				q->dql.min_limit = q->dql.limit = q->dql.max_limit; // DQL_MAX_LIMIT
			w.on_wire_out = [&it](const u8 *f, size_t n) { it.on_frame(f, n); };
			it.run();
		} catch (const Stop &st) {
			stopped(st);
		} catch (const std::exception &e) {
			r.outcome = Outcome::Fail;
			r.message = path + ": model error: " + e.what();
		}
		w.on_wire_out = nullptr;
		for (auto &x : w.warnings)
			r.warnings.push_back(x);
		r.end_time_ns = sim.now_ns();
		if (w.dev)
			ice_remove(w.dev);
		w.dev = nullptr;
	}
	r.trace = sim.take_trace();
	return r;
}

PktResult run_pkt_file(const std::string &path, const PktOptions &o)
{
	std::ifstream f(path, std::ios::binary);
	if (!f) {
		PktResult r;
		r.outcome = Outcome::Unsupported;
		r.message = path + ": cannot read the file";
		return r;
	}
	std::stringstream ss;
	ss << f.rdbuf();
	return run_pkt_script(ss.str(), path, o);
}

} // namespace sp::pkt
