// SPDX-License-Identifier: GPL-2.0-or-later
// The live-kernel differential harness (issue 7; tests/live/README.md). For each scenario file it
// runs the scenario's socket calls on this machine's kernel, between two network namespaces joined
// by a veth pair, captures the sender's veth with tcpdump, runs the same scenario on the model, and
// compares the sender's segments (len, flags, relative seq/ack, scaled window, timing class).
//
//   live_driver [-v|-vv] [--model OTHER.scn] [--expect-below PCT] SCENARIO.scn...
//
// Exit status: 0 every scenario reached its min_agreement (or, with --expect-below, every
// agreement was below PCT); 1 otherwise; 2 bad input; 77 this machine cannot run it (not root, no
// network namespaces, no tcpdump/ip/ethtool).
// System headers only here: the engine's headers define the same socket names (live_common.h).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "live_common.h"

namespace
{

constexpr int SKIP = 77;
constexpr uint64_t MS = 1000000ull;
int verbose = 0; // -v: every segment; -vv: also every command run

uint64_t now_real_ns()
{
	timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void sleep_ns(uint64_t ns)
{
	timespec ts{(time_t)(ns / 1000000000ull), (long)(ns % 1000000000ull)};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
	}
}

// ---------------------------------------------------------------- processes and namespaces

// Children and namespaces to remove on any exit, including a signal.
std::vector<pid_t> g_children;
std::vector<std::string> g_netns;

int wait_child(pid_t pid)
{
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
	}
	g_children.erase(std::remove(g_children.begin(), g_children.end(), pid), g_children.end());
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

bool enter_netns(const std::string &ns)
{
	std::string p = "/run/netns/" + ns;
	int fd = open(p.c_str(), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = setns(fd, CLONE_NEWNET) == 0;
	close(fd);
	return ok;
}

// Runs argv (in network namespace ns when not empty); returns its exit status. Output is hidden
// unless it fails or -v.
int run(const std::vector<std::string> &argv, const std::string &ns = "", std::string *out = nullptr)
{
	int pfd[2];
	if (pipe(pfd) < 0)
		return 127;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		close(pfd[0]);
		close(pfd[1]);
		if (!ns.empty() && !enter_netns(ns)) {
			fprintf(stderr, "cannot enter network namespace %s: %s\n", ns.c_str(),
				strerror(errno));
			_exit(126);
		}
		std::vector<char *> a;
		for (auto &s : argv)
			a.push_back(const_cast<char *>(s.c_str()));
		a.push_back(nullptr);
		execvp(a[0], a.data());
		fprintf(stderr, "%s: %s\n", a[0], strerror(errno));
		_exit(127);
	}
	close(pfd[1]);
	std::string text;
	char buf[4096];
	for (ssize_t n; (n = read(pfd[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR);)
		if (n > 0)
			text.append(buf, (size_t)n);
	close(pfd[0]);
	int rc = wait_child(pid);
	if (out)
		*out = text;
	if (verbose >= 2 || (rc != 0 && !out)) {
		std::string cmd;
		for (auto &s : argv)
			cmd += (cmd.empty() ? "" : " ") + s;
		fprintf(stderr, "  $ %s%s%s -> %d%s%s", ns.empty() ? "" : "[netns ", ns.c_str(),
			ns.empty() ? "" : "] ", rc, cmd.empty() ? "" : " ", cmd.c_str());
		fprintf(stderr, "\n%s", text.c_str());
	}
	return rc;
}

void cleanup()
{
	for (pid_t p : g_children)
		kill(p, SIGKILL);
	for (pid_t p : g_children)
		waitpid(p, nullptr, 0);
	g_children.clear();
	for (auto &ns : g_netns) {
		pid_t pid = fork();
		if (pid == 0) {
			int dn = open("/dev/null", O_WRONLY);
			dup2(dn, 1);
			dup2(dn, 2);
			execlp("ip", "ip", "netns", "del", ns.c_str(), (char *)nullptr);
			_exit(127);
		}
		if (pid > 0)
			waitpid(pid, nullptr, 0);
	}
	g_netns.clear();
}

void on_signal(int sig)
{
	cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

bool have(const char *tool)
{
	std::string cmd = std::string("command -v ") + tool + " >/dev/null 2>&1";
	return system(cmd.c_str()) == 0;
}

// Why this machine cannot run the harness, or "" when it can.
std::string why_not_runnable()
{
	if (geteuid() != 0)
		return "not root (network namespaces, veth and tcpdump need CAP_NET_ADMIN/CAP_NET_RAW)";
	for (const char *t : {"ip", "tcpdump", "ethtool"})
		if (!have(t))
			return std::string("'") + t + "' is not installed (app/setup.sh installs " +
			       (std::string(t) == "ip" ? "iproute2" : t) + ")";
	std::string probe = "sp-live-probe-" + std::to_string(getpid());
	std::string out;
	if (run({"ip", "netns", "add", probe}, "", &out) != 0)
		return "cannot create a network namespace ('ip netns add' says: " +
		       out.substr(0, out.find('\n')) + ")";
	g_netns.push_back(probe);
	cleanup();
	return "";
}

// ---------------------------------------------------------------- the real pair

const char *SND_IP = "10.0.0.1", *RCV_IP = "10.0.0.2";
constexpr uint16_t RCV_PORT = 5001;

struct Pair {
	std::string snd_ns, rcv_ns, snd_if, rcv_if;
};

bool write_sysctl(const std::string &ns, const std::string &name, const std::string &value)
{
	return run({"sysctl", "-q", "-w", name + "=" + value}, ns) == 0;
}

bool make_pair(const live::Scenario &sc, Pair &p, std::string &err)
{
	std::string id = std::to_string(getpid());
	p = {"sp-live-snd-" + id, "sp-live-rcv-" + id, "splS" + id, "splR" + id};
	for (auto &ns : {p.snd_ns, p.rcv_ns}) {
		if (run({"ip", "netns", "add", ns}) != 0) {
			err = "ip netns add " + ns + " failed";
			return false;
		}
		g_netns.push_back(ns);
	}
	std::string mtu = std::to_string(sc.mtu);
	std::vector<std::vector<std::string>> cmds = {
	    {"ip", "link", "add", p.snd_if, "type", "veth", "peer", "name", p.rcv_if},
	    {"ip", "link", "set", p.snd_if, "netns", p.snd_ns},
	    {"ip", "link", "set", p.rcv_if, "netns", p.rcv_ns},
	    {"ip", "-n", p.snd_ns, "link", "set", p.snd_if, "mtu", mtu},
	    {"ip", "-n", p.rcv_ns, "link", "set", p.rcv_if, "mtu", mtu},
	    {"ip", "-n", p.snd_ns, "addr", "add", std::string(SND_IP) + "/24", "dev", p.snd_if},
	    {"ip", "-n", p.rcv_ns, "addr", "add", std::string(RCV_IP) + "/24", "dev", p.rcv_if},
	    {"ip", "-n", p.snd_ns, "link", "set", "lo", "up"},
	    {"ip", "-n", p.rcv_ns, "link", "set", "lo", "up"},
	    {"ip", "-n", p.snd_ns, "link", "set", p.snd_if, "up"},
	    {"ip", "-n", p.rcv_ns, "link", "set", p.rcv_if, "up"},
	};
	for (auto &c : cmds)
		if (run(c) != 0) {
			err =
			    "setting up the veth pair failed: " + c[0] + " " + c[1] + " " + c[2] + " " + c[3];
			return false;
		}
	// The model's baseline and the scenario's sysctls. The receiver gets the baseline too, and the
	// peer directive's options.
	for (auto &[k, v] : sc.snd_sysctls) {
		if (!write_sysctl(p.snd_ns, k, v)) {
			err = "sysctl " + k + "=" + v + " failed in the sender's namespace";
			return false;
		}
		if (k.rfind("net.ipv4.tcp_", 0) == 0 && !write_sysctl(p.rcv_ns, k, v)) {
			err = "sysctl " + k + "=" + v + " failed in the receiver's namespace";
			return false;
		}
	}
	write_sysctl(p.rcv_ns, "net.ipv4.tcp_timestamps", sc.peer_ts ? "1" : "0");
	write_sysctl(p.rcv_ns, "net.ipv4.tcp_sack", sc.peer_sack ? "1" : "0");
	write_sysctl(p.rcv_ns, "net.ipv4.tcp_window_scaling", sc.peer_ws ? "1" : "0");
	// Offloads as the scenario's device says: TSO (and GSO with it) on -> tcpdump on the sender's
	// veth sees the GSO super-packets, like one skb of the model's; off -> wire segments.
	const char *o = sc.tso ? "on" : "off";
	if (run({"ethtool", "-K", p.snd_if, "tso", o, "gso", o}, p.snd_ns) != 0) {
		err = std::string("ethtool -K ") + p.snd_if + " tso " + o + " gso " + o + " failed";
		return false;
	}
	// Both ends answer at once on a veth; the receiver's GRO would merge what the sender split.
	run({"ethtool", "-K", p.rcv_if, "gro", "off"}, p.rcv_ns);
	return true;
}

std::string read_text(const std::string &path)
{
	std::ifstream f(path);
	std::stringstream ss;
	ss << f.rdbuf();
	return ss.str();
}

off_t file_size(const std::string &path)
{
	struct stat st;
	return stat(path.c_str(), &st) == 0 ? st.st_size : -1;
}

// tcpdump on the sender's veth, started in its namespace; returns once it is capturing. Its
// messages go to log (a file: a pipe closed early would kill it with SIGPIPE when it exits).
pid_t start_tcpdump(const Pair &p, const std::string &file, const std::string &log, std::string &err)
{
	pid_t pid = fork();
	if (pid == 0) {
		int lf = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int dn = open("/dev/null", O_WRONLY);
		dup2(lf, 2);
		dup2(dn, 1);
		if (!enter_netns(p.snd_ns))
			_exit(126);
		// -U and --immediate-mode: every packet is written as it arrives, so the file is complete
		// before tcpdump is stopped (see stop_tcpdump).
		execlp("tcpdump", "tcpdump", "-i", p.snd_if.c_str(), "-n", "-U", "--immediate-mode", "-s",
		       "200", "-w", file.c_str(), "tcp", (char *)nullptr);
		_exit(127);
	}
	g_children.push_back(pid);
	// tcpdump prints "listening on IF, link-type ..." once the capture is active.
	uint64_t deadline = now_real_ns() + 10000 * MS;
	std::string text;
	while ((text = read_text(log)).find("listening on") == std::string::npos) {
		int st;
		if (now_real_ns() > deadline || waitpid(pid, &st, WNOHANG) == pid) {
			err = "tcpdump did not start: " + text;
			kill(pid, SIGKILL);
			wait_child(pid);
			return -1;
		}
		sleep_ns(10 * MS);
	}
	return pid;
}

// Stops tcpdump once it has written what it captured: the file has not grown for 300 ms (a busy
// machine can leave tcpdump behind the traffic; SIGINT would drop what it has not read yet).
// Returns tcpdump's closing message ("N packets captured ... N dropped by kernel").
std::string stop_tcpdump(pid_t pid, const std::string &file, const std::string &log)
{
	off_t last = -2;
	int stable = 0;
	for (uint64_t deadline = now_real_ns() + 10000 * MS; stable < 6 && now_real_ns() < deadline;) {
		sleep_ns(50 * MS);
		off_t sz = file_size(file);
		stable = sz == last ? stable + 1 : 0;
		last = sz;
	}
	kill(pid, SIGINT);
	wait_child(pid);
	std::string text = read_text(log), out;
	std::istringstream in(text);
	for (std::string line; std::getline(in, line);)
		if (line.find("packets") != std::string::npos)
			out += (out.empty() ? "" : ", ") + line;
	return out;
}

std::vector<char> pattern(size_t len, unsigned seed)
{
	std::vector<char> b(len);
	for (size_t i = 0; i < len; i++)
		b[i] = (char)('a' + ((seed + i) % 26));
	return b;
}

// The receiver: the scenario's peer as far as a real Linux socket can be told to behave like it.
[[noreturn]] void receiver_main(const live::Scenario &sc, const Pair &p, int ready_fd)
{
	if (!enter_netns(p.rcv_ns))
		_exit(126);
	int l = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (sc.peer_window) {
		// The kernel doubles SO_RCVBUF; with tcp_adv_win_scale=1 half of it is window.
		int v = (int)sc.peer_window;
		setsockopt(l, SOL_SOCKET, SO_RCVBUF, &v, sizeof v);
	}
	if (sc.peer_mss != 1460) {
		int v = (int)sc.peer_mss;
		setsockopt(l, SOL_TCP, TCP_MAXSEG, &v, sizeof v);
	}
	sockaddr_in a{};
	a.sin_family = AF_INET;
	a.sin_port = htons(RCV_PORT);
	inet_pton(AF_INET, RCV_IP, &a.sin_addr);
	if (bind(l, (sockaddr *)&a, sizeof a) < 0 || listen(l, 1) < 0)
		_exit(3);
	char c = 1;
	if (write(ready_fd, &c, 1) != 1)
		_exit(3);
	close(ready_fd);
	int s = accept(l, nullptr, nullptr);
	if (s < 0)
		_exit(4);
	// delack: "every" -> quick-ACK mode again after each read; "delayed" -> ping-pong mode (a
	// delayed ACK for anything less than two full segments); "every2" -> Linux's own rule.
	auto ackmode = [&] {
		int q = sc.peer_delack == "every" ? 1 : 0;
		if (sc.peer_delack != "every2")
			setsockopt(s, SOL_TCP, TCP_QUICKACK, &q, sizeof q);
	};
	ackmode();
	std::vector<char> buf(1 << 20);
	for (;;) {
		ssize_t n;
		if (sc.peer_read_rate) {
			sleep_ns(MS);
			n = recv(s, buf.data(), std::min<size_t>(buf.size(), sc.peer_read_rate),
				 MSG_DONTWAIT);
			if (n < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
		} else {
			n = recv(s, buf.data(), buf.size(), 0);
			if (n < 0 && errno == EINTR)
				continue;
		}
		if (n <= 0)
			break;
		ackmode();
	}
	close(s); // the peer answers the sender's FIN with its own, like the model's
	for (;;)
		pause();
}

struct OpResult {
	int line;
	uint64_t start_ns;
	long ret;
	int err;
};

// The sender: the scenario's calls on a real socket. Writes "line start_ns ret errno" lines to
// out_fd, then waits to be killed (the socket stays open until the capture has stopped).
[[noreturn]] void sender_main(const live::Scenario &sc, const Pair &p, int out_fd)
{
	if (!enter_netns(p.snd_ns))
		_exit(126);
	int fd = -1;
	unsigned seed = 0;
	std::vector<OpResult> res;
	auto flag_bits = [](const std::string &s) {
		int f = 0;
		std::istringstream in(s);
		for (std::string t; std::getline(in, t, '|');)
			f |= t == "MSG_MORE"	   ? MSG_MORE
			     : t == "MSG_DONTWAIT" ? MSG_DONTWAIT
			     : t == "MSG_EOR"	   ? MSG_EOR
			     : t == "MSG_NOSIGNAL" ? MSG_NOSIGNAL
						   : 0;
		return f | MSG_NOSIGNAL;
	};
	for (auto &op : sc.ops) {
		uint64_t t0 = now_real_ns();
		long ret = 0;
		errno = 0;
		const std::string &v = op.verb;
		int flags = op.opts.count("flags") ? flag_bits(op.opts.at("flags")) : MSG_NOSIGNAL;
		uint64_t len = op.args.empty() ? 0 : strtoull(op.args[0].c_str(), nullptr, 10);
		if (!op.args.empty()) {
			char u = op.args[0].empty() ? 0 : op.args[0].back();
			len *= u == 'k' ? 1024 : u == 'm' ? 1024 * 1024 : 1;
		}
		if (v == "connect") {
			if (fd < 0)
				fd = socket(AF_INET, SOCK_STREAM, 0);
			// The model's default module is cubic. A namespace's default cannot be set to a
			// module outside net.ipv4.tcp_allowed_congestion_control (EPERM), the socket's can
			// (root).
			setsockopt(fd, SOL_TCP, TCP_CONGESTION, "cubic", 5);
			sockaddr_in a{};
			a.sin_family = AF_INET;
			a.sin_port = htons(RCV_PORT);
			inet_pton(AF_INET, RCV_IP, &a.sin_addr);
			ret = connect(fd, (sockaddr *)&a, sizeof a);
		} else if (v == "setsockopt") {
			const std::string &n = op.args[0], &val = op.args[1];
			struct {
				const char *name;
				int level, opt;
			} names[] = {{"SO_SNDBUF", SOL_SOCKET, SO_SNDBUF},
				     {"SO_RCVBUF", SOL_SOCKET, SO_RCVBUF},
				     {"SO_PRIORITY", SOL_SOCKET, SO_PRIORITY},
				     {"SO_MAX_PACING_RATE", SOL_SOCKET, SO_MAX_PACING_RATE},
				     {"TCP_NODELAY", SOL_TCP, TCP_NODELAY},
				     {"TCP_CORK", SOL_TCP, TCP_CORK},
				     {"TCP_MAXSEG", SOL_TCP, TCP_MAXSEG},
				     {"TCP_NOTSENT_LOWAT", SOL_TCP, TCP_NOTSENT_LOWAT},
				     {"TCP_USER_TIMEOUT", SOL_TCP, TCP_USER_TIMEOUT}};
			if (n == "TCP_CONGESTION") {
				ret = setsockopt(fd, SOL_TCP, TCP_CONGESTION, val.c_str(),
						 (socklen_t)val.size());
			} else {
				ret = -1;
				errno = ENOPROTOOPT;
				for (auto &o : names)
					if (n == o.name) {
						int x = (int)strtol(val.c_str(), nullptr, 0);
						char u = val.back();
						x *= u == 'k' ? 1024 : u == 'm' ? 1024 * 1024 : 1;
						ret = setsockopt(fd, o.level, o.opt, &x, sizeof x);
					}
			}
		} else if (v == "fcntl") {
			ret = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
		} else if (v == "send" || v == "sendto" || v == "write") {
			auto b = pattern(len, seed++);
			ret = v == "write" ? write(fd, b.data(), len) : send(fd, b.data(), len, flags);
		} else if (v == "sendmsg") {
			auto b = pattern(len, seed++);
			size_t niov =
			    op.opts.count("iov") ? strtoul(op.opts.at("iov").c_str(), nullptr, 10) : 1;
			std::vector<iovec> iov;
			size_t per = len / niov, off = 0;
			for (size_t i = 0; i < niov; i++) {
				size_t l = i + 1 == niov ? len - off : per;
				iov.push_back({b.data() + off, l});
				off += l;
			}
			msghdr m{};
			m.msg_iov = iov.data();
			m.msg_iovlen = iov.size();
			ret = sendmsg(fd, &m, flags);
		} else if (v == "sendfile" || v == "splice") {
			char path[] = "/tmp/sp-live-fileXXXXXX";
			int ffd = mkstemp(path);
			auto b = pattern(len, seed++);
			if (ffd >= 0 && write(ffd, b.data(), len) == (ssize_t)len) {
				off_t off = 0;
				ret = sendfile(fd, ffd, &off, len);
			} else {
				ret = -1;
			}
			unlink(path);
			if (ffd >= 0)
				close(ffd);
		} else if (v == "read") {
			std::vector<char> b(len);
			ret = read(fd, b.data(), len);
		} else if (v == "wait") {
			uint64_t d = strtoull(op.args[0].c_str(), nullptr, 10);
			std::string u = op.args[0].substr(op.args[0].find_first_not_of("0123456789"));
			d *= u == "ns" ? 1 : u == "us" ? 1000 : u == "ms" ? MS : 1000 * MS;
			sleep_ns(d);
		} else if (v == "shutdown") {
			ret = shutdown(fd, SHUT_WR);
		} else if (v == "close") {
			ret = close(fd);
			fd = -1;
		}
		res.push_back({op.line, t0, ret, ret < 0 ? errno : 0});
	}
	sleep_ns(sc.tail_ns);
	std::string out;
	for (auto &r : res)
		out += std::to_string(r.line) + " " + std::to_string(r.start_ns) + " " +
		       std::to_string(r.ret) + " " + std::to_string(r.err) + "\n";
	out += "done\n";
	if (write(out_fd, out.data(), out.size()) != (ssize_t)out.size())
		_exit(5);
	close(out_fd);
	for (;;)
		pause();
}

// ---------------------------------------------------------------- pcap

bool read_pcap(const std::string &path, std::vector<live::Frame> &frames, std::string &err)
{
	std::ifstream f(path, std::ios::binary);
	std::vector<uint8_t> d((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
	if (d.size() < 24) {
		err = path + ": no pcap header (tcpdump wrote " + std::to_string(d.size()) + " bytes)";
		return false;
	}
	uint32_t magic;
	memcpy(&magic, d.data(), 4);
	bool swap = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
	bool nano = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
	if (!swap && magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
		err = path + ": not a pcap file";
		return false;
	}
	auto u32 = [&](size_t o) {
		uint32_t v;
		memcpy(&v, d.data() + o, 4);
		return swap ? __builtin_bswap32(v) : v;
	};
	if (u32(20) != 1) {
		err = path + ": link type " + std::to_string(u32(20)) + ", expected Ethernet";
		return false;
	}
	for (size_t o = 24; o + 16 <= d.size();) {
		uint64_t t = (uint64_t)u32(o) * 1000000000ull + (uint64_t)u32(o + 4) * (nano ? 1 : 1000);
		uint32_t incl = u32(o + 8);
		if (o + 16 + incl > d.size())
			break;
		std::vector<uint8_t> b(d.begin() + (long)o + 16, d.begin() + (long)(o + 16 + incl));
		bool out = b.size() >= 34 && memcmp(&b[26], "\x0a\x00\x00\x01", 4) == 0;
		frames.push_back({t, out, std::move(b), -1, t, t}); // real: time is the order
		o += 16 + incl;
	}
	return true;
}

// ---------------------------------------------------------------- normalising and comparing

struct Seg {
	uint64_t t;
	bool out;
	uint32_t seq, ack, len;
	uint8_t flags;
	uint16_t win;
	int wscale = -1; // SYN option
	int group;
	size_t index = 0;   // position of its (first) frame in the capture
	uint64_t order = 0; // Frame::order
};

bool parse_seg(const live::Frame &f, Seg &s)
{
	const uint8_t *p = f.bytes.data();
	size_t n = f.bytes.size();
	if (n < 54 || p[12] != 0x08 || p[13] != 0x00)
		return false;
	const uint8_t *ip = p + 14;
	unsigned ihl = (ip[0] & 15) * 4, tot = (unsigned)(ip[2] << 8 | ip[3]);
	if (ip[9] != 6 || ihl < 20 || 14 + ihl + 20 > n)
		return false;
	const uint8_t *th = ip + ihl;
	unsigned doff = (th[12] >> 4) * 4;
	auto be32 = [](const uint8_t *q) {
		return (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
	};
	s = {f.time_ns,
	     f.outbound,
	     be32(th + 4),
	     be32(th + 8),
	     tot - ihl - doff,
	     th[13],
	     (uint16_t)(th[14] << 8 | th[15]),
	     -1,
	     f.group};
	for (unsigned i = 20; i < doff && 14 + ihl + i < n;) {
		uint8_t kind = th[i];
		if (kind == 0)
			break;
		if (kind == 1) {
			i++;
			continue;
		}
		if (14 + ihl + i + 1 >= n)
			break;
		uint8_t l = th[i + 1];
		if (kind == 3 && l == 3 && 14 + ihl + i + 2 < n)
			s.wscale = th[i + 2];
		i += l < 2 ? 2 : l;
	}
	return true;
}

std::string flags_str(uint8_t f)
{
	std::string s;
	if (f & 0x02)
		s += 'S';
	if (f & 0x01)
		s += 'F';
	if (f & 0x04)
		s += 'R';
	if (f & 0x08)
		s += 'P';
	if (f & 0x40)
		s += 'E';
	if (f & 0x80)
		s += 'W';
	if (f & 0x10)
		s += '.';
	return s;
}

// What the comparison sees of one sender segment.
struct Row {
	uint32_t rseq, rack, len;
	std::string flags;
	uint64_t win; // scaled
	char tclass;
	uint64_t t_rel_us; // for display only
	bool operator==(const Row &o) const
	{
		return rseq == o.rseq && rack == o.rack && len == o.len && flags == o.flags && win == o.win &&
		       tclass == o.tclass;
	}
	std::string str() const
	{
		char b[160];
		snprintf(b, sizeof b, "%-4s seq=%-7u ack=%-3u len=%-6u win=%-7llu %c @%.3fms", flags.c_str(),
			 rseq, rack, len, (unsigned long long)win, tclass, t_rel_us / 1000.0);
		return b;
	}
};

// Timing class of a segment, from the most recent event before it (a socket call of the sender, or
// a segment from the receiver) and the gap since (tests/live/README.md):
//   C  within 5 ms of a socket call (sent by the call itself)
//   A  within 5 ms of a segment from the receiver (sent because an ACK arrived: ACK-clocked)
//   T  5 ms .. 150 ms after the last event (a delayed-ACK / TLP / pacing scale timer)
//   R  150 ms or later (RTO / zero-window-probe scale)
constexpr uint64_t IMMEDIATE_NS = 5 * MS, TIMER_NS = 150 * MS;

// A socket call as an event: when it began, and its order among the frames (Frame::order).
struct CallEv {
	uint64_t t, order;
};

std::vector<Row> normalise(const std::vector<live::Frame> &frames, const std::vector<CallEv> &calls,
			   bool merge_groups, std::string &note)
{
	std::vector<Seg> segs;
	for (size_t fi = 0; fi < frames.size(); fi++) {
		const live::Frame &f = frames[fi];
		Seg s;
		if (!parse_seg(f, s))
			continue;
		s.index = fi;
		s.t = f.tap_ns;
		s.order = f.order;
		if (merge_groups && s.out && s.group >= 0 && !segs.empty() && segs.back().out &&
		    segs.back().group == s.group) {
			segs.back().len += s.len;
			segs.back().flags |= s.flags;
			continue;
		}
		segs.push_back(s);
	}
	uint32_t isn_out = 0, isn_in = 0;
	int ws_out = -1, ws_in = -1;
	bool syn_out = false, syn_in = false;
	for (auto &s : segs)
		if (s.flags & 0x02) {
			if (s.out && !syn_out)
				isn_out = s.seq, ws_out = s.wscale, syn_out = true;
			if (!s.out && !syn_in)
				isn_in = s.seq, ws_in = s.wscale, syn_in = true;
		}
	if (!syn_out)
		note = "no SYN from the sender was seen";
	int shift = ws_out >= 0 && ws_in >= 0 ? ws_out : 0;
	uint64_t t0 = segs.empty() ? 0 : segs.front().t;
	if (!calls.empty())
		t0 = std::min(t0, calls.front().t);
	std::vector<Row> rows;
	for (auto &s : segs) {
		if (!s.out)
			continue;
		// The latest event before this segment, by order (virtual time has ties: an ACK that
		// arrives, the segment it releases and the next call can share one instant; the model's
		// order is its trace step). A call that began at the step an ACK arrived came after it.
		uint64_t last = 0, key = 0;
		char kind = '?';
		for (auto &i : segs)
			if (!i.out && i.order < s.order && 2 * i.order + 1 > key)
				key = 2 * i.order + 1, last = i.t, kind = 'A';
		for (auto &c : calls)
			if (c.order < s.order && 2 * c.order + 2 > key)
				key = 2 * c.order + 2, last = c.t, kind = 'C';
		uint64_t gap = s.t - last;
		char tc = kind == '?' ? '?' : gap < IMMEDIATE_NS ? kind : gap < TIMER_NS ? 'T' : 'R';
		Row r;
		r.rseq = s.seq - isn_out;
		r.rack = (s.flags & 0x10) ? s.ack - isn_in : 0;
		r.len = s.len;
		r.flags = flags_str(s.flags);
		r.win = (s.flags & 0x02) ? s.win : (uint64_t)s.win << shift;
		r.tclass = tc;
		r.t_rel_us = (s.t - t0) / 1000;
		rows.push_back(r);
	}
	return rows;
}

struct Alignment {
	size_t matched = 0;
	std::vector<std::pair<int, int>> pairs; // (real index or -1, model index or -1)
};

Alignment align(std::vector<Row> a, std::vector<Row> b, bool with_timing = true)
{
	if (!with_timing) {
		for (auto &r : a)
			r.tclass = '-';
		for (auto &r : b)
			r.tclass = '-';
	}
	size_t n = a.size(), m = b.size();
	std::vector<std::vector<uint32_t>> L(n + 1, std::vector<uint32_t>(m + 1, 0));
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;)
			L[i][j] = a[i] == b[j] ? L[i + 1][j + 1] + 1 : std::max(L[i + 1][j], L[i][j + 1]);
	Alignment al;
	size_t i = 0, j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && a[i] == b[j]) {
			al.pairs.push_back({(int)i++, (int)j++});
			al.matched++;
		} else if (j < m && (i == n || L[i][j + 1] >= L[i + 1][j])) {
			al.pairs.push_back({-1, (int)j++});
		} else {
			al.pairs.push_back({(int)i++, -1});
		}
	}
	return al;
}

std::string kernel_release()
{
	utsname u{};
	uname(&u);
	return u.release;
}

struct Outcome {
	std::string name;
	size_t matched = 0, total = 0, real_n = 0, model_n = 0;
	size_t matched_fields = 0; // without the timing class
	int pct = 0, need = -1;
	bool pass = false;
	std::string error;
};

// Runs the scenario's calls on the real pair and returns the capture of the sender's veth and the
// sender's "line start_ns ret errno" log.
bool run_real(const live::Scenario &sc, std::vector<live::Frame> &frames, std::string &op_log,
	      std::string &dumpstats, std::string &err)
{
	Pair p;
	char dir[] = "/tmp/sp-live-XXXXXX";
	if (!mkdtemp(dir)) {
		err = "mkdtemp failed";
		return false;
	}
	std::string pcap = std::string(dir) + "/" + sc.name + ".pcap";
	bool ok = make_pair(sc, p, err);
	std::string dumplog = std::string(dir) + "/tcpdump.log";
	pid_t dump = ok ? start_tcpdump(p, pcap, dumplog, err) : -1;
	ok = ok && dump > 0;
	if (ok) {
		int ready[2], res[2];
		if (pipe(ready) < 0 || pipe(res) < 0) {
			err = "pipe failed";
			return false;
		}
		pid_t rcv = fork();
		if (rcv == 0) {
			close(ready[0]);
			receiver_main(sc, p, ready[1]);
		}
		g_children.push_back(rcv);
		close(ready[1]);
		char c;
		ok = read(ready[0], &c, 1) == 1;
		close(ready[0]);
		if (!ok)
			err = "the receiver did not start";
		pid_t snd = ok ? fork() : -1;
		if (snd == 0) {
			close(res[0]);
			sender_main(sc, p, res[1]);
		}
		close(res[1]);
		if (snd > 0) {
			g_children.push_back(snd);
			// The sender reports when its calls and the tail are over; 60 s is a hang.
			uint64_t deadline = now_real_ns() + 60000 * MS;
			while (op_log.find("done\n") == std::string::npos && now_real_ns() < deadline) {
				pollfd pf{res[0], POLLIN, 0};
				if (poll(&pf, 1, 500) > 0) {
					char buf[4096];
					ssize_t n = read(res[0], buf, sizeof buf);
					if (n <= 0)
						break;
					op_log.append(buf, (size_t)n);
				}
			}
			if (op_log.find("done\n") == std::string::npos) {
				ok = false;
				err = "the sender did not finish within 60 s";
			}
		}
		close(res[0]);
		// Stop the capture first, then the two ends: their exits must not be captured.
		dumpstats = stop_tcpdump(dump, pcap, dumplog);
		if (snd > 0) {
			kill(snd, SIGKILL);
			wait_child(snd);
		}
		kill(rcv, SIGKILL);
		wait_child(rcv);
	}
	cleanup();
	if (ok)
		ok = read_pcap(pcap, frames, err);
	if (getenv("SP_LIVE_KEEP")) {
		printf("   (kept %s)\n", pcap.c_str());
	} else {
		unlink(pcap.c_str());
		unlink(dumplog.c_str());
		rmdir(dir);
	}
	return ok;
}

bool has_outbound_syn(const std::vector<live::Frame> &frames)
{
	for (auto &f : frames)
		if (f.outbound && f.bytes.size() >= 48 && (f.bytes[47] & 0x02))
			return true;
	return false;
}

Outcome run_one(const std::string &path, const std::string &model_path, int expect_below)
{
	Outcome o;
	live::Scenario sc;
	std::string err;
	if (!live::load_scenario(path, sc, err)) {
		o.error = err;
		return o;
	}
	o.name = sc.name;
	o.need = sc.min_agreement;
	for (auto &op : sc.ops)
		if (op.verb == "accept" || op.verb == "peer" || op.verb == "bind_tx" ||
		    op.verb == "recv_errqueue" ||
		    (op.verb == "setsockopt" && op.args.size() == 2 && op.args[0] == "SO_ZEROCOPY") ||
		    (op.opts.count("flags") &&
		     op.opts.at("flags").find("MSG_ZEROCOPY") != std::string::npos) ||
		    op.opts.count("cmsg"))
			sc.unsupported.push_back(path + ":" + std::to_string(op.line) + ": " + op.verb);
	if (!sc.unsupported.empty()) {
		o.error = "the real pair cannot reproduce: " + sc.unsupported.front();
		return o;
	}
	if (expect_below < 0 && sc.min_agreement < 1) {
		o.error = path + ": no '# live: min_agreement=N' line (1..100)";
		return o;
	}

	// ---- real kernel; once more if the capture is incomplete (tcpdump left behind on a busy
	// machine: no SYN, or packets dropped by the kernel)
	std::vector<live::Frame> real_frames;
	std::vector<uint64_t> real_call_t;
	std::string op_log, dumpstats;
	for (int attempt = 1;; attempt++) {
		real_frames.clear();
		op_log.clear();
		if (!run_real(sc, real_frames, op_log, dumpstats, err)) {
			o.error = err;
			return o;
		}
		bool dropped = dumpstats.find(" 0 packets dropped by kernel") == std::string::npos &&
			       dumpstats.find("dropped by kernel") != std::string::npos;
		if (has_outbound_syn(real_frames) && !dropped)
			break;
		printf("   real: incomplete capture (%s)%s\n", dumpstats.c_str(),
		       attempt < 2 ? ": running it again" : "");
		if (attempt == 2) {
			o.error = "the capture is incomplete twice (" + dumpstats + ")";
			return o;
		}
	}
	std::istringstream ol(op_log);
	std::vector<std::string> call_lines;
	for (std::string line; std::getline(ol, line) && line != "done";) {
		int ln, e;
		unsigned long long t;
		long ret;
		if (sscanf(line.c_str(), "%d %llu %ld %d", &ln, &t, &ret, &e) != 4)
			continue;
		auto it = std::find_if(sc.ops.begin(), sc.ops.end(), [&](auto &op) { return op.line == ln; });
		if (it != sc.ops.end() && it->verb != "wait")
			real_call_t.push_back(t);
		if (verbose || ret < 0)
			call_lines.push_back("    real " + path + ":" + std::to_string(ln) + " " +
					     (it != sc.ops.end() ? it->verb : "?") + " = " +
					     std::to_string(ret) +
					     (ret < 0 ? std::string(" (") + strerror(e) + ")" : ""));
	}

	// ---- model
	live::ModelRun m = live::run_model(model_path.empty() ? path : model_path);
	if (!m.error.empty() && m.frames.empty()) {
		o.error = "model: " + m.error;
		return o;
	}
	live::Scenario msc;
	if (!live::load_scenario(model_path.empty() ? path : model_path, msc, err)) {
		o.error = err;
		return o;
	}
	std::vector<CallEv> real_calls, model_calls;
	for (uint64_t t : real_call_t)
		real_calls.push_back({t, t});
	uint64_t model_end = 0;
	for (auto &c : m.calls) {
		int ln = c.line;
		uint64_t t = c.time_ns;
		auto it =
		    std::find_if(msc.ops.begin(), msc.ops.end(), [&](auto &op) { return op.line == ln; });
		if (it != msc.ops.end() && it->verb != "wait" && it->verb != "peer")
			model_calls.push_back({t, c.order});
		model_end = t;
		if (it != msc.ops.end() && it->verb == "wait") {
			uint64_t d = 0;
			std::string a = it->args.empty() ? "0" : it->args[0];
			d = strtoull(a.c_str(), nullptr, 10);
			std::string u = a.substr(std::min(a.size(), a.find_first_not_of("0123456789")));
			d *= u == "ns" ? 1 : u == "us" ? 1000 : u == "ms" ? MS : 1000 * MS;
			model_end = t + d;
		}
	}
	// The real capture stops tail_ns after the last call; the model is cut at the same point.
	uint64_t cut = model_end + sc.tail_ns;
	std::vector<live::Frame> mf;
	for (auto &f : m.frames)
		if (f.time_ns <= cut)
			mf.push_back(f);

	std::string note_r, note_m;
	auto real_rows = normalise(real_frames, real_calls, false, note_r);
	auto model_rows = normalise(mf, model_calls, sc.tso, note_m);
	Alignment al = align(real_rows, model_rows);
	o.real_n = real_rows.size();
	o.model_n = model_rows.size();
	o.matched = al.matched;
	o.matched_fields = align(real_rows, model_rows, false).matched;
	o.total = std::max(o.real_n, o.model_n);
	o.pct = o.total ? (int)(100 * o.matched / o.total) : 0;
	if (expect_below >= 0)
		o.pass = o.total > 0 && o.pct < expect_below;
	else
		o.pass = o.total > 0 && o.pct >= sc.min_agreement;

	printf("== %s (%s)%s: real Linux %s vs model %s, offloads tso/gso %s\n", sc.name.c_str(),
	       path.c_str(), model_path.empty() ? "" : (" against the model of " + model_path).c_str(),
	       kernel_release().c_str(), m.kernel.c_str(), sc.tso ? "on (GSO skbs)" : "off (wire segments)");
	for (auto &l : call_lines)
		printf("%s\n", l.c_str());
	if (!note_r.empty())
		printf("   real: %s\n", note_r.c_str());
	if (!note_m.empty())
		printf("   model: %s\n", note_m.c_str());
	if (verbose)
		printf("   tcpdump: %s\n", dumpstats.c_str());
	if (!m.warning.empty())
		printf("   model: %s\n", m.warning.c_str());
	if (!m.ok && !m.error.empty())
		printf("   model stopped: %s\n", m.error.c_str());
	printf("   real %zu segments, model %zu: agreement: %zu/%zu segments (%d%%), %s %d%%: %s "
	       "(without the timing class: %zu/%zu)\n",
	       o.real_n, o.model_n, o.matched, o.total, o.pct,
	       expect_below >= 0 ? "expected below" : "required",
	       expect_below >= 0 ? expect_below : sc.min_agreement, o.pass ? "PASS" : "FAIL",
	       o.matched_fields, o.total);
	// Differences (or everything with -v), side by side.
	int shown = 0;
	for (size_t k = 0; k < al.pairs.size(); k++) {
		auto [i, j] = al.pairs[k];
		bool same = i >= 0 && j >= 0;
		if (same && !verbose)
			continue;
		if (!verbose && ++shown > 12) {
			printf("     ... (more differences; -v lists every segment)\n");
			break;
		}
		printf("   %s %-52s | %s\n", same ? " " : "≠",
		       i >= 0 ? real_rows[(size_t)i].str().c_str() : "",
		       j >= 0 ? model_rows[(size_t)j].str().c_str() : "");
	}
	return o;
}

} // namespace

int main(int argc, char **argv)
{
	std::vector<std::string> files;
	std::string model_path;
	int expect_below = -1;
	for (int i = 1; i < argc; i++) {
		std::string a = argv[i];
		if (a == "-v" || a == "-vv")
			verbose = (int)a.size() - 1;
		else if (a == "--model" && i + 1 < argc)
			model_path = argv[++i];
		else if (a == "--expect-below" && i + 1 < argc)
			expect_below = atoi(argv[++i]);
		else if (a.rfind("-", 0) == 0) {
			fprintf(stderr, "usage: live_driver [-v|-vv] [--model OTHER.scn --expect-below PCT] "
					"SCENARIO.scn...\n");
			return 2;
		} else
			files.push_back(a);
	}
	if (files.empty()) {
		fprintf(stderr, "live_driver: no scenario files\n");
		return 2;
	}
	setvbuf(stdout, nullptr, _IOLBF, 0);
	for (int s : {SIGINT, SIGTERM, SIGHUP, SIGPIPE})
		signal(s, on_signal);
	std::string why = why_not_runnable();
	if (!why.empty()) {
		printf("live: SKIPPED: %s\n", why.c_str());
		return SKIP;
	}
	printf("live: this kernel is Linux %s; the model is Linux 6.16 (differences between the two "
	       "kernels count as disagreement)\n",
	       kernel_release().c_str());
	printf("live: timing classes: C = with the socket call, A = after an ACK, T = timer (5..150 ms), "
	       "R = RTO scale (>= 150 ms)\n");
	std::vector<Outcome> all;
	for (auto &f : files)
		all.push_back(run_one(f, model_path, expect_below));
	cleanup();
	int bad = 0;
	printf("\n%-28s %6s %6s %10s %5s %6s %6s  %s\n", "scenario", "real", "model", "agreement", "%",
	       "need", "no-tc", "");
	for (auto &o : all) {
		if (!o.error.empty()) {
			printf("%-28s ERROR: %s\n", o.name.c_str(), o.error.c_str());
			bad = bad ? bad : 2;
			continue;
		}
		printf(
		    "%-28s %6zu %6zu %6zu/%-3zu %4d%% %5s%% %5d%%  %s\n", o.name.c_str(), o.real_n, o.model_n,
		    o.matched, o.total, o.pct,
		    (expect_below >= 0 ? "<" + std::to_string(expect_below) : std::to_string(o.need)).c_str(),
		    o.total ? (int)(100 * o.matched_fields / o.total) : 0, o.pass ? "PASS" : "FAIL");
		if (!o.pass)
			bad = 1;
	}
	return bad;
}
