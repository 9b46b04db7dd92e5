// SPDX-License-Identifier: GPL-2.0-or-later
// The scenario runner: World setup, then the scenario's syscalls through the socket layer's API
// (engine/include/net/socket_api.h), in virtual time.
#include "scenario/runner.h"

#include <sstream>

#include "drivers/gve/gve.h"
#include "drivers/ice/ice.h"
#include "glibc/send.h"
#include "linux/net_tstamp.h"
#include "net/socket_api.h"
#include "scenario/sysctl.h"
#include "sim/peer.h"

namespace sp
{

namespace
{

constexpr u32 PEER_IP = SP_PEER_IP; // 10.0.0.2
constexpr u16 PEER_PORT = 5001;

unsigned parse_flags(const std::string &s, std::string &err)
{
	static const std::map<std::string, unsigned> names = {
	    {"MSG_MORE", MSG_MORE},
	    {"MSG_DONTWAIT", MSG_DONTWAIT},
	    {"MSG_ZEROCOPY", MSG_ZEROCOPY},
	    {"MSG_EOR", MSG_EOR},
	    {"MSG_NOSIGNAL", MSG_NOSIGNAL},
	    {"MSG_OOB", MSG_OOB},
	    {"MSG_FASTOPEN", MSG_FASTOPEN},
	    {"MSG_SPLICE_PAGES", MSG_SPLICE_PAGES},
	    {"0", 0},
	};
	unsigned f = 0;
	std::istringstream in(s);
	for (std::string t; std::getline(in, t, '|');) {
		auto it = names.find(t);
		if (it == names.end()) {
			err = "unknown flag '" + t + "'";
			return 0;
		}
		f |= it->second;
	}
	return f;
}

struct OptName {
	const char *name;
	int level, opt;
};
const OptName optnames[] = {
    {"SO_SNDBUF", SOL_SOCKET, SO_SNDBUF},
    {"SO_RCVBUF", SOL_SOCKET, SO_RCVBUF},
    {"SO_ZEROCOPY", SOL_SOCKET, SO_ZEROCOPY},
    {"SO_PRIORITY", SOL_SOCKET, SO_PRIORITY},
    {"SO_MAX_PACING_RATE", SOL_SOCKET, SO_MAX_PACING_RATE},
    {"TCP_NODELAY", SOL_TCP, TCP_NODELAY},
    {"TCP_CORK", SOL_TCP, TCP_CORK},
    {"TCP_MAXSEG", SOL_TCP, TCP_MAXSEG},
    {"TCP_NOTSENT_LOWAT", SOL_TCP, TCP_NOTSENT_LOWAT},
    {"TCP_USER_TIMEOUT", SOL_TCP, TCP_USER_TIMEOUT},
    {"TCP_CONGESTION", SOL_TCP, TCP_CONGESTION},      // value: a name (reno, cubic)
    {"SO_TIMESTAMPING", SOL_SOCKET, SO_TIMESTAMPING}, // value: a number or tx_sched|tx_ack|...
};

// SO_TIMESTAMPING flags by name: "tx_sched|tx_software|tx_ack|software|opt_id" (case-insensitive,
// with or without the SOF_TIMESTAMPING_ prefix). false on an unknown name.
bool parse_tsflags(const std::string &text, uint64_t &val)
{
	static const std::pair<const char *, u32> names[] = {
	    {"TX_HARDWARE", SOF_TIMESTAMPING_TX_HARDWARE}, {"TX_SOFTWARE", SOF_TIMESTAMPING_TX_SOFTWARE},
	    {"RX_HARDWARE", SOF_TIMESTAMPING_RX_HARDWARE}, {"RX_SOFTWARE", SOF_TIMESTAMPING_RX_SOFTWARE},
	    {"SOFTWARE", SOF_TIMESTAMPING_SOFTWARE},	   {"RAW_HARDWARE", SOF_TIMESTAMPING_RAW_HARDWARE},
	    {"OPT_ID", SOF_TIMESTAMPING_OPT_ID},	   {"TX_SCHED", SOF_TIMESTAMPING_TX_SCHED},
	    {"TX_ACK", SOF_TIMESTAMPING_TX_ACK},	   {"OPT_TSONLY", SOF_TIMESTAMPING_OPT_TSONLY},
	    {"OPT_ID_TCP", SOF_TIMESTAMPING_OPT_ID_TCP},
	};
	if (parse_bytes(text, val))
		return true;
	val = 0;
	std::istringstream in(text);
	for (std::string t; std::getline(in, t, '|');) {
		for (auto &c : t)
			c = (char)toupper((unsigned char)c);
		if (t.rfind("SOF_TIMESTAMPING_", 0) == 0)
			t = t.substr(17);
		bool found = false;
		for (auto &[n, b] : names)
			if (t == n) {
				val |= b;
				found = true;
			}
		if (!found)
			return false;
	}
	return true;
}

class Runner
{
public:
	Runner(const Scenario &sc, World &w) : sc_(sc), w_(w) {}

	// Executes one op; returns false (with err set to "SOURCE:LINE: ...") on a scenario error.
	bool exec(const ScenarioOp &op, std::string &err)
	{
		auto fail = [&](const std::string &m) {
			err = sc_.source + ":" + std::to_string(op.line) + ": " + m;
			return false;
		};
		auto need_args = [&](size_t n) { return op.args.size() == n; };
		auto bytes_arg = [&](size_t i, uint64_t &v) {
			return i < op.args.size() && parse_bytes(op.args[i], v);
		};
		std::string ferr;
		unsigned flags = op.opts.count("flags") ? parse_flags(op.opts.at("flags"), ferr) : 0;
		if (!ferr.empty())
			return fail(ferr);
		const std::string &v = op.verb;
		if (v == "socket") {
			fd_ = sys_socket(AF_INET, SOCK_STREAM, 0);
		} else if (v == "connect") {
			if (fd_ < 0)
				fd_ = sys_socket(AF_INET, SOCK_STREAM, 0);
			sys_connect(fd_, PEER_IP, PEER_PORT);
		} else if (v == "accept") {
			int lfd = sys_socket(AF_INET, SOCK_STREAM, 0);
			sys_bind(lfd, 0, 8080);
			sys_listen(lfd, 16);
			peer_connect(w_.peer, 8080);
			int c = sys_accept(lfd);
			if (c >= 0)
				fd_ = c;
		} else if (v == "setsockopt") {
			if (!need_args(2))
				return fail("setsockopt takes NAME VALUE");
			const OptName *o = nullptr;
			for (auto &n : optnames)
				if (op.args[0] == n.name)
					o = &n;
			if (!o)
				return fail("unknown socket option '" + op.args[0] + "'");
			if (o->opt == TCP_CONGESTION && o->level == SOL_TCP) {
				const std::string &name = op.args[1];
				sys_setsockopt(fd_, SOL_TCP, TCP_CONGESTION, name.c_str(),
					       (unsigned)name.size());
				return true;
			}
			uint64_t val;
			if (o->opt == SO_TIMESTAMPING && o->level == SOL_SOCKET) {
				if (!parse_tsflags(op.args[1], val))
					return fail("SO_TIMESTAMPING takes flags like "
						    "tx_sched|tx_software|tx_ack|software|opt_id");
			} else if (!parse_bytes(op.args[1], val)) {
				return fail("setsockopt value must be a number");
			}
			sys_setsockopt_int(fd_, o->level, o->opt, (int)val);
		} else if (v == "fcntl") {
			if (!need_args(1) || op.args[0] != "O_NONBLOCK")
				return fail("fcntl takes O_NONBLOCK");
			int fl = sys_fcntl(fd_, F_GETFL, 0);
			sys_fcntl(fd_, F_SETFL, (fl < 0 ? 0 : fl) | O_NONBLOCK_FLAG);
		} else if (v == "send" || v == "sendto" || v == "write") {
			uint64_t len;
			if (!bytes_arg(0, len) || op.args.size() != 1)
				return fail(v + " takes LEN");
			u64 buf = w_.user_alloc(len, (u8)seed_++);
			if (v == "send")
				glibc::send(fd_, buf, len, (int)flags);
			else if (v == "sendto")
				glibc::sendto(fd_, buf, len, (int)flags, nullptr, 0);
			else
				sys_write(fd_, buf, len);
		} else if (v == "sendmsg") {
			uint64_t len, niov = 1;
			if (!bytes_arg(0, len) || op.args.size() != 1)
				return fail("sendmsg takes LEN");
			if (op.opts.count("iov") &&
			    (!parse_bytes(op.opts.at("iov"), niov) || niov == 0 || niov > 1024))
				return fail("iov= takes a count 1..1024");
			std::vector<cmsghdr> cmsgs;
			if (op.opts.count("cmsg")) {
				std::string c = op.opts.at("cmsg");
				auto colon = c.find(':');
				uint64_t n;
				if (colon == std::string::npos || !parse_bytes(c.substr(colon + 1), n))
					return fail("cmsg= takes devmem:ID or priority:N");
				std::string kind = c.substr(0, colon);
				u32 val = (u32)n;
				cmsghdr h;
				h.cmsg_level = SOL_SOCKET;
				h.cmsg_type = kind == "devmem"	   ? SCM_DEVMEM_DMABUF
					      : kind == "priority" ? SO_PRIORITY
								   : -1;
				if (h.cmsg_type < 0)
					return fail("unknown cmsg '" + kind + "'");
				h.data.resize(4);
				memcpy(h.data.data(), &val, 4);
				h.cmsg_len = CMSG_LEN(4);
				cmsgs.push_back(h);
			}
			std::vector<iovec> iov;
			bool devmem = op.opts.count("cmsg") && op.opts.at("cmsg").rfind("devmem:", 0) == 0;
			u64 base =
			    devmem ? 0 : w_.user_alloc(len, (u8)seed_++); // devmem: offsets into the dma-buf
			uint64_t per = len / niov, off = 0;
			for (uint64_t i = 0; i < niov; i++) {
				uint64_t l = i + 1 == niov ? len - off : per;
				iov.push_back({base + off, (size_t)l});
				off += l;
			}
			glibc::sendmsg(fd_, iov, cmsgs, (int)flags);
		} else if (v == "sendfile" || v == "splice") {
			uint64_t len;
			if (!bytes_arg(0, len) || op.args.size() != 1)
				return fail(v + " takes LEN");
			int ffd = sim_open_file("data.bin", len, (u8)seed_++);
			u64 off = 0;
			sys_sendfile(fd_, ffd, &off, len);
		} else if (v == "bind_tx") {
			uint64_t size = 65536;
			if (op.opts.count("size") && !parse_bytes(op.opts.at("size"), size))
				return fail("bind_tx size= takes a size");
			int dfd = sim_dmabuf_create(size);
			std::string extack;
			int id = netdev_nl_bind_tx_doit(w_.dev->ifindex, dfd, &extack);
			// Netlink is not a syscall of the socket, but its result belongs in the run's record.
			size_t step = w_.sim.current_step();
			w_.syscalls.push_back({"netlink bind-tx(ifindex=" + std::to_string(w_.dev->ifindex) +
						   ", fd=" + std::to_string(dfd) + ")" +
						   (extack.empty() ? "" : " \"" + extack + "\""),
					       id, id < 0 ? -id : 0, step});
		} else if (v == "recv_errqueue") {
			std::vector<zc_completion> c;
			sys_recv_zerocopy_completions(fd_, c);
		} else if (v == "read") {
			uint64_t len;
			if (!bytes_arg(0, len))
				return fail("read takes LEN");
			u64 buf = w_.user_alloc(len, 0);
			sys_read(fd_, buf, len);
		} else if (v == "wait") {
			uint64_t d;
			if (!need_args(1) || !parse_duration_ns(op.args[0], d))
				return fail("wait takes a duration like 5ms");
			w_.sim.run(std::min(w_.sim.now_ns() + d, sc_.max_time_ns));
		} else if (v == "peer") {
			uint64_t n;
			bool b;
			if (op.opts.count("window")) {
				if (!parse_bytes(op.opts.at("window"), n))
					return fail("peer window= takes a size");
				w_.peer->cfg.rcv_wnd = (u32)n;
			}
			if (op.opts.count("read_rate")) {
				if (!parse_bytes(op.opts.at("read_rate"), n))
					return fail("peer read_rate= takes a size");
				w_.peer->cfg.app_read_bytes_per_ms = (u32)n;
			}
			if (op.opts.count("blackhole")) {
				std::string s = op.opts.at("blackhole");
				b = s == "on" || s == "1";
				w_.peer->cfg.blackhole = b;
			}
		} else if (v == "shutdown") {
			sys_shutdown(fd_, SHUT_WR);
		} else if (v == "close") {
			sys_close(fd_);
			fd_ = -1;
		} else {
			return fail("unsupported '" + v + "'");
		}
		return true;
	}

private:
	const Scenario &sc_;
	World &w_;
	int fd_ = -1;
	unsigned seed_ = 0;
};

} // namespace

RunResult run_scenario(const Scenario &sc, KernelVersion kv, const RunOptions &opt)
{
	RunResult r;
	r.kver = kv;
	Sim sim(kv, sc.seed, opt.record);
	SimScope ss(sim);
	sim.step_budget = opt.max_steps ? opt.max_steps : sc.max_steps;
	if (sim.rec()) {
		sim.trace()->meta.push_back({"scenario", sc.name});
		sim.trace()->meta.push_back({"scenario_text", sc.text});
	}
	{
		World w(sim);
		WorldScope ws(w);
		w.devcfg = sc.device;
		w.peercfg = sc.peer;
		for (auto &[k, v] : sc.sysctls) {
			std::string e;
			sysctl_set(w.sysctl, k, v, e); // names were validated by the parser
		}
		w.dev = sc.device.driver == "gve" ? gve_probe(sc.device) : ice_probe(sc.device);
		// byte_queue_limits/limit_min, as an administrator would write it in sysfs.
		for (auto *q : w.dev->tx)
			if (sc.device.bql_limit_min) {
				q->dql.min_limit = sc.device.bql_limit_min;
				q->dql.limit = std::max<u32>(q->dql.limit, sc.device.bql_limit_min);
			}
		peer_create(w, sc.peer);
		Runner run(sc, w);
		for (auto &op : sc.ops) {
			if (sim.stopped)
				break;
			std::string err;
			r.op_starts.push_back({op.line, sim.now_ns(), sim.current_step()});
			if (!run.exec(op, err)) {
				r.ok = false;
				r.bad_input = true;
				r.error = err;
				break;
			}
		}
		if (!sim.stopped && r.ok)
			sim.run_until_idle(sc.max_time_ns);
		r.wire = std::move(w.wire);
		r.syscalls = std::move(w.syscalls);
		r.warnings = std::move(w.warnings);
		r.end_time_ns = sim.now_ns();
		// frees in-flight skbs, DMA mappings, rings and the netdev
		if (w.dev->driver == "gve")
			gve_remove(w.dev);
		else
			ice_remove(w.dev);
		w.dev = nullptr;
		if (sim.stopped && r.ok) {
			r.ok = sim.stop_reason == "step budget reached" && opt.max_steps;
			r.error = sim.stop_reason;
		}
	}
	r.steps = sim.steps;
	r.trace = sim.take_trace();
	if (r.trace) {
		for (size_t i = 0; i < r.trace->size(); i++)
			if (r.trace->at(i).kind == StepKind::Enter)
				r.functions[r.trace->str(r.trace->at(i).fn)]++;
	}
	return r;
}

} // namespace sp
