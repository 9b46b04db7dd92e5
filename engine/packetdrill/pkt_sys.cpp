// SPDX-License-Identifier: GPL-2.0-or-later
// System-call events of a packetdrill script, run through the model's socket layer
// (engine/include/net/socket_api.h) and glibc wrappers. packetdrill passes zero-filled buffers,
// picks the addresses itself (`...`), binds to port 8080 and connects to a remote port of its own.
#include <cstring>

#include "glibc/send.h"
#include "linux/errqueue.h"
#include "linux/net_tstamp.h"
#include "net/socket_api.h"
#include "packetdrill/pkt_interp.h"
#include "sim/peer.h"

namespace sp::pkt
{

namespace
{

constexpr int SO_REUSEADDR_ = 2, SO_ERROR_ = 4;

const std::map<std::string, int64_t> &symbols()
{
	static const std::map<std::string, int64_t> m = {
	    {"AF_INET", AF_INET},
	    {"AF_INET6", AF_INET6},
	    {"AF_UNSPEC", AF_UNSPEC},
	    {"SOCK_STREAM", SOCK_STREAM},
	    {"SOCK_DGRAM", SOCK_DGRAM},
	    {"IPPROTO_TCP", 6},
	    {"IPPROTO_IP", 0},
	    {"SOL_SOCKET", SOL_SOCKET},
	    {"SOL_TCP", SOL_TCP},
	    {"SOL_IP", SOL_IP},
	    {"CMSG_LEVEL_IP", SOL_IP},
	    {"CMSG_TYPE_RECVERR", IP_RECVERR},
	    {"IP_RECVERR", IP_RECVERR},
	    {"SO_REUSEADDR", SO_REUSEADDR_},
	    {"SO_ERROR", SO_ERROR_},
	    {"SO_SNDBUF", SO_SNDBUF},
	    {"SO_RCVBUF", SO_RCVBUF},
	    {"SO_PRIORITY", SO_PRIORITY},
	    {"SO_MARK", SO_MARK},
	    {"SO_ZEROCOPY", SO_ZEROCOPY},
	    {"SO_TIMESTAMPING", SO_TIMESTAMPING},
	    {"SO_MAX_PACING_RATE", SO_MAX_PACING_RATE},
	    {"SO_SNDTIMEO", SO_SNDTIMEO},
	    {"SO_KEEPALIVE", 9},
	    {"TCP_NODELAY", TCP_NODELAY},
	    {"TCP_MAXSEG", TCP_MAXSEG},
	    {"TCP_CORK", TCP_CORK},
	    {"TCP_NOTSENT_LOWAT", TCP_NOTSENT_LOWAT},
	    {"TCP_USER_TIMEOUT", TCP_USER_TIMEOUT},
	    {"TCP_CONGESTION", TCP_CONGESTION},
	    {"TCP_INFO", 11},
	    {"TCP_FASTOPEN", 23},
	    {"TCP_FASTOPEN_CONNECT", 30},
	    {"TCP_KEEPIDLE", 4},
	    {"TCP_SYNCNT", 7},
	    {"IP_TOS", 1},
	    {"IP_MTU_DISCOVER", 10},
	    {"MSG_OOB", MSG_OOB},
	    {"MSG_PEEK", MSG_PEEK},
	    {"MSG_DONTWAIT", MSG_DONTWAIT},
	    {"MSG_EOR", MSG_EOR},
	    {"MSG_WAITALL", MSG_WAITALL},
	    {"MSG_NOSIGNAL", MSG_NOSIGNAL},
	    {"MSG_MORE", MSG_MORE},
	    {"MSG_ERRQUEUE", MSG_ERRQUEUE},
	    {"MSG_FASTOPEN", MSG_FASTOPEN},
	    {"MSG_ZEROCOPY", MSG_ZEROCOPY},
	    {"F_GETFL", F_GETFL},
	    {"F_SETFL", F_SETFL},
	    {"O_RDONLY", 0},
	    {"O_WRONLY", 1},
	    {"O_RDWR", 2},
	    {"O_NONBLOCK", O_NONBLOCK_FLAG},
	    {"SHUT_RD", SHUT_RD},
	    {"SHUT_WR", SHUT_WR},
	    {"SHUT_RDWR", SHUT_RDWR},
	    {"SO_EE_ORIGIN_NONE", SO_EE_ORIGIN_NONE},
	    {"SO_EE_ORIGIN_LOCAL", SO_EE_ORIGIN_LOCAL},
	    {"SO_EE_ORIGIN_ICMP", SO_EE_ORIGIN_ICMP},
	    {"SO_EE_ORIGIN_ZEROCOPY", SO_EE_ORIGIN_ZEROCOPY},
	    {"SO_EE_CODE_ZEROCOPY_COPIED", SO_EE_CODE_ZEROCOPY_COPIED},
	    {"SO_EE_ORIGIN_TIMESTAMPING", SO_EE_ORIGIN_TIMESTAMPING},
	    {"SCM_TIMESTAMPING", SCM_TIMESTAMPING},
	    {"SCM_TSTAMP_SND", SCM_TSTAMP_SND},
	    {"SCM_TSTAMP_SCHED", SCM_TSTAMP_SCHED},
	    {"SCM_TSTAMP_ACK", SCM_TSTAMP_ACK},
	    {"SCM_TSTAMP_COMPLETION", SCM_TSTAMP_COMPLETION},
	    {"SOF_TIMESTAMPING_TX_HARDWARE", SOF_TIMESTAMPING_TX_HARDWARE},
	    {"SOF_TIMESTAMPING_TX_SOFTWARE", SOF_TIMESTAMPING_TX_SOFTWARE},
	    {"SOF_TIMESTAMPING_RX_HARDWARE", SOF_TIMESTAMPING_RX_HARDWARE},
	    {"SOF_TIMESTAMPING_RX_SOFTWARE", SOF_TIMESTAMPING_RX_SOFTWARE},
	    {"SOF_TIMESTAMPING_SOFTWARE", SOF_TIMESTAMPING_SOFTWARE},
	    {"SOF_TIMESTAMPING_SYS_HARDWARE", SOF_TIMESTAMPING_SYS_HARDWARE},
	    {"SOF_TIMESTAMPING_RAW_HARDWARE", SOF_TIMESTAMPING_RAW_HARDWARE},
	    {"SOF_TIMESTAMPING_OPT_ID", SOF_TIMESTAMPING_OPT_ID},
	    {"SOF_TIMESTAMPING_TX_SCHED", SOF_TIMESTAMPING_TX_SCHED},
	    {"SOF_TIMESTAMPING_TX_ACK", SOF_TIMESTAMPING_TX_ACK},
	    {"SOF_TIMESTAMPING_OPT_CMSG", SOF_TIMESTAMPING_OPT_CMSG},
	    {"SOF_TIMESTAMPING_OPT_TSONLY", SOF_TIMESTAMPING_OPT_TSONLY},
	    {"SOF_TIMESTAMPING_OPT_STATS", SOF_TIMESTAMPING_OPT_STATS},
	    {"SOF_TIMESTAMPING_OPT_PKTINFO", SOF_TIMESTAMPING_OPT_PKTINFO},
	    {"SOF_TIMESTAMPING_OPT_TX_SWHW", SOF_TIMESTAMPING_OPT_TX_SWHW},
	    {"SOF_TIMESTAMPING_OPT_ID_TCP", SOF_TIMESTAMPING_OPT_ID_TCP},
	    {"ENOMSG", ENOMSG},
	    {"POLLIN", EPOLLIN},
	    {"POLLPRI", EPOLLPRI},
	    {"POLLOUT", EPOLLOUT},
	    {"POLLERR", EPOLLERR},
	    {"POLLHUP", EPOLLHUP},
	    {"POLLNVAL", EPOLLNVAL},
	    {"POLLRDNORM", EPOLLRDNORM},
	    {"POLLRDBAND", EPOLLRDBAND},
	    {"POLLWRNORM", EPOLLWRNORM},
	    {"POLLWRBAND", EPOLLWRBAND},
	    {"POLLMSG", EPOLLMSG},
	    {"POLLRDHUP", EPOLLRDHUP},
	    {"EPOLLIN", EPOLLIN},
	    {"EPOLLPRI", EPOLLPRI},
	    {"EPOLLOUT", EPOLLOUT},
	    {"EPOLLERR", EPOLLERR},
	    {"EPOLLHUP", EPOLLHUP},
	    {"EPOLLRDNORM", EPOLLRDNORM},
	    {"EPOLLRDBAND", EPOLLRDBAND},
	    {"EPOLLWRNORM", EPOLLWRNORM},
	    {"EPOLLWRBAND", EPOLLWRBAND},
	    {"EPOLLMSG", EPOLLMSG},
	    {"EPOLLRDHUP", EPOLLRDHUP},
	    {"EPOLLEXCLUSIVE", EPOLLEXCLUSIVE},
	    {"EPOLLWAKEUP", EPOLLWAKEUP},
	    {"EPOLLONESHOT", EPOLLONESHOT},
	    {"EPOLLET", EPOLLET},
	    {"EPOLL_CTL_ADD", EPOLL_CTL_ADD},
	    {"EPOLL_CTL_DEL", EPOLL_CTL_DEL},
	    {"EPOLL_CTL_MOD", EPOLL_CTL_MOD},
	};
	return m;
}

// Syscalls packetdrill knows that the interpreter does not run (yet).
bool known_unsupported(const std::string &n)
{
	static const char *names[] = {"splice",	     "ioctl",	    "select", "recvfrom",
				      "getsockname", "getpeername", "pipe",   "socketpair",
				      "writev",	     "readv",	    "usleep"};
	for (auto *x : names)
		if (n == x)
			return true;
	return false;
}

// "POLLOUT|POLLWRNORM" (poll and epoll bits have the same values)
std::string poll_text(uint32_t m)
{
	static const std::pair<uint32_t, const char *> bits[] = {
	    {EPOLLIN, "POLLIN"},	 {EPOLLPRI, "POLLPRI"},	      {EPOLLOUT, "POLLOUT"},
	    {EPOLLERR, "POLLERR"},	 {EPOLLHUP, "POLLHUP"},	      {EPOLLNVAL, "POLLNVAL"},
	    {EPOLLRDNORM, "POLLRDNORM"}, {EPOLLRDBAND, "POLLRDBAND"}, {EPOLLWRNORM, "POLLWRNORM"},
	    {EPOLLWRBAND, "POLLWRBAND"}, {EPOLLMSG, "POLLMSG"},	      {EPOLLRDHUP, "POLLRDHUP"}};
	std::string t;
	for (auto &[b, name] : bits)
		if (m & b) {
			t += (t.empty() ? "" : "|") + std::string(name);
			m &= ~b;
		}
	if (m)
		t += (t.empty() ? "" : "|") + std::to_string(m);
	return t.empty() ? "0" : t;
}

struct Sys {
	const Event &ev;
	World &w;
	const std::map<int64_t, int> &fds;
	int fd(size_t i) const
	{
		int64_t f = num(i);
		auto it = fds.find(f);
		return it == fds.end() ? (int)f : it->second;
	}
	int line() const { return ev.line; }
	const Expr &arg(size_t i) const
	{
		if (i >= ev.sc.args.size())
			unsupported(line(), ev.sc.name + "() with " + std::to_string(ev.sc.args.size()) +
						" arguments");
		return ev.sc.args[i];
	}
	int64_t num(const Expr &e) const
	{
		switch (e.kind) {
		case Expr::Num:
			return e.num;
		case Expr::Ident: {
			auto it = symbols().find(e.s);
			if (it == symbols().end())
				unsupported(line(), "symbol '" + e.s + "' in " + ev.sc.name + "()");
			return it->second;
		}
		case Expr::Or: {
			int64_t v = 0;
			for (auto &k : e.kids)
				v |= num(k);
			return v;
		}
		case Expr::List:
			if (e.kids.size() == 1)
				return num(e.kids[0]);
			break;
		default:
			break;
		}
		unsupported(line(), "argument '" + e.text() + "' of " + ev.sc.name + "()");
	}
	int64_t num(size_t i) const { return num(arg(i)); }
	bool is_ellipsis(const Expr &e) const { return e.kind == Expr::Ellipsis; }
	const Expr *field(const Expr &st, const std::string &name) const
	{
		for (auto &k : st.kids)
			if (k.kind == Expr::Field && k.s == name)
				return &k;
		return nullptr;
	}
	// A zero-filled buffer in the process's memory, as packetdrill passes.
	u64 zbuf(size_t len) const
	{
		// A zero-length buffer still points into mapped memory, as a real process's would.
		u64 a = w.user_alloc(len ? len : 1, 0);
		memset(w.user_mem.data() + (a - World::USER_BASE), 0, len ? len : 1);
		return a;
	}
	// struct epoll_event {events=..., fd=|ptr=|u32=|u64=...}: data keeps the script's number.
	epoll_event epoll_of(const Expr &st) const
	{
		epoll_event e;
		const Expr *f = field(st, "events");
		if (!f || !f->val)
			unsupported(line(), "epoll_event '" + st.text() + "' without events=");
		if (!is_ellipsis(*f->val))
			e.events = (__poll_t)num(*f->val);
		for (const char *d : {"fd", "ptr", "u32", "u64"})
			if (const Expr *x = field(st, d); x && x->val && !is_ellipsis(*x->val))
				e.data = (u64)num(*x->val);
		return e;
	}
	bool data_given(const Expr &st) const
	{
		for (const char *d : {"fd", "ptr", "u32", "u64"})
			if (const Expr *x = field(st, d); x && x->val && !is_ellipsis(*x->val))
				return true;
		return false;
	}
	std::vector<iovec> iov_of(const Expr &msg) const
	{
		const Expr *f = field(msg, "msg_iov");
		if (!f || !f->val || f->val->kind != Expr::List)
			unsupported(line(), "msghdr without msg_iov(N)=[...]");
		std::vector<iovec> v;
		for (auto &e : f->val->kids) {
			if (e.kind != Expr::Struct || e.kids.size() != 2)
				unsupported(line(), "iovec '" + e.text() + "'");
			size_t len = (size_t)num(e.kids[1]);
			v.push_back({zbuf(len), len});
		}
		return v;
	}
};

} // namespace

void Interp::syscall(const Event &ev)
{
	const SyscallSpec &sc = ev.sc;
	Sys s{ev, w_, fds};
	const std::string &n = sc.name;
	long ret = 0;
	std::string note;
	if (n == "socket") {
		int64_t dom = s.is_ellipsis(s.arg(0)) ? (int64_t)AF_INET : s.num(0);
		if (dom != AF_INET)
			unsupported(ev.line, "socket domain other than AF_INET (the model is IPv4 only)");
		ret = sys_socket(AF_INET, (int)s.num(1), (int)s.num(2));
	} else if (n == "bind") {
		ret = sys_bind(s.fd(0), 0, local_port_);
	} else if (n == "listen") {
		ret = sys_listen(s.fd(0), (int)s.num(1));
	} else if (n == "accept") {
		ret = sys_accept(s.fd(0));
	} else if (n == "connect") {
		ret = sys_connect(s.fd(0), SP_PEER_IP, remote_port_);
	} else if (n == "write") {
		size_t len = (size_t)s.num(2);
		ret = sys_write(s.fd(0), s.zbuf(len), len);
	} else if (n == "send" || n == "sendto") {
		size_t len = (size_t)s.num(2);
		int flags = (int)s.num(3);
		if ((flags & MSG_FASTOPEN) && n == "send")
			unsupported(ev.line, "send() with MSG_FASTOPEN (no address)");
		u64 b = s.zbuf(len);
		// sendto(..., ..., ...): packetdrill passes the live remote address; it matters only
		// for MSG_FASTOPEN (a connected TCP socket ignores it).
		const u32 peer = SP_PEER_IP;
		long r = n == "send"
			     ? glibc::send(s.fd(0), b, len, flags)
			     : glibc::sendto(s.fd(0), b, len, flags, (flags & MSG_FASTOPEN) ? &peer : nullptr,
					     (flags & MSG_FASTOPEN) ? remote_port_ : (u16)0);
		ret = r == -1 ? -glibc::last_errno : r;
	} else if (n == "sendmsg") {
		const Expr &m = s.arg(1);
		if (m.kind != Expr::Struct)
			unsupported(ev.line, "sendmsg() message '" + m.text() + "'");
		const Expr *ctl = s.field(m, "msg_control");
		if (ctl && ctl->val && !(ctl->val->kind == Expr::List && ctl->val->kids.empty()))
			unsupported(ev.line, "sendmsg() control messages");
		int flags = (int)s.num(2);
		if (flags & MSG_FASTOPEN)
			unsupported(ev.line, "MSG_FASTOPEN (TCP Fast Open is not modelled)");
		long r = glibc::sendmsg(s.fd(0), s.iov_of(m), {}, flags);
		ret = r == -1 ? -glibc::last_errno : r;
	} else if (n == "read" || n == "recv") {
		size_t len = (size_t)s.num(2);
		int flags = n == "recv" ? (int)s.num(3) : 0;
		ret = n == "read" ? sys_read(s.fd(0), s.zbuf(len), len)
				  : sys_recvfrom(s.fd(0), s.zbuf(len), len, (unsigned)flags);
	} else if (n == "recvmsg") {
		const Expr &m = s.arg(1);
		unsigned flags = (unsigned)s.num(2);
		if (m.kind != Expr::Struct)
			unsupported(ev.line, "recvmsg() message '" + m.text() + "'");
		std::vector<cmsghdr> cm;
		ret = sys_recvmsg(s.fd(0), s.iov_of(m), &cm, flags);
		const Expr *ctl = s.field(m, "msg_control");
		if (ret >= 0 && ctl && ctl->val && ctl->val->kind == Expr::List) {
			const auto &want = ctl->val->kids;
			if (want.size() != cm.size())
				mismatch(ev.line, "recvmsg: expected " + std::to_string(want.size()) +
						      " control messages vs actual " +
						      std::to_string(cm.size()));
			for (size_t i = 0; i < want.size(); i++) {
				auto chk = [&](const char *f, int64_t actual) {
					const Expr *e = s.field(want[i], f);
					if (e && e->val && !s.is_ellipsis(*e->val) &&
					    s.num(*e->val) != actual)
						mismatch(ev.line, std::string("recvmsg: ") + f +
								      ": expected " + e->val->text() +
								      " vs actual " + std::to_string(actual));
				};
				chk("cmsg_level", cm[i].cmsg_level);
				chk("cmsg_type", cm[i].cmsg_type);
				const Expr *d = s.field(want[i], "cmsg_data");
				if (!d || !d->val || d->val->kind != Expr::Struct)
					continue;
				if (cm[i].cmsg_level == SOL_SOCKET && cm[i].cmsg_type == SCM_TIMESTAMPING &&
				    cm[i].data.size() >= sizeof(scm_timestamping_model)) {
					// packetdrill: the software timestamp counts from the script's start,
					// within the timing tolerance.
					scm_timestamping_model tss;
					memcpy(&tss, cm[i].data.data(), sizeof tss);
					const Expr &dd = *d->val;
					Sys s2{ev, w_, fds};
					const Expr *es = s2.field(dd, "scm_sec"),
						   *en = s2.field(dd, "scm_nsec");
					if (!es || !en || !es->val || !en->val)
						unsupported(ev.line,
							    "SCM_TIMESTAMPING data without scm_sec/scm_nsec");
					int64_t want_ns = s2.num(*es->val) * 1000000000 + s2.num(*en->val);
					int64_t got_ns = tss.ts[0].tv_sec * 1000000000 + tss.ts[0].tv_nsec;
					int64_t tol_ns = cfg.tolerance_us * 1000;
					if (got_ns < want_ns - tol_ns || got_ns > want_ns + tol_ns)
						mismatch(ev.line,
							 "recvmsg: SCM_TIMESTAMPING: expected " +
							     time_str((uint64_t)want_ns) + " vs actual " +
							     time_str((uint64_t)got_ns) + " (tolerance " +
							     std::to_string(cfg.tolerance_us) + " us)");
					continue;
				}
				if (cm[i].cmsg_type != IP_RECVERR ||
				    cm[i].data.size() < sizeof(sock_extended_err))
					unsupported(ev.line,
						    "recvmsg cmsg other than IP_RECVERR or SCM_TIMESTAMPING");
				sock_extended_err ee;
				memcpy(&ee, cm[i].data.data(), sizeof ee);
				const Expr &dd = *d->val;
				Sys s2{ev, w_, fds};
				auto chk2 = [&](const char *f, int64_t actual) {
					const Expr *e = s2.field(dd, f);
					if (e && e->val && !s2.is_ellipsis(*e->val) &&
					    s2.num(*e->val) != actual)
						mismatch(ev.line, std::string("recvmsg: ") + f +
								      ": expected " + e->val->text() +
								      " vs actual " + std::to_string(actual));
				};
				chk2("ee_errno", ee.ee_errno);
				chk2("ee_origin", ee.ee_origin);
				chk2("ee_type", ee.ee_type);
				chk2("ee_code", ee.ee_code);
				chk2("ee_info", ee.ee_info);
				chk2("ee_data", ee.ee_data);
			}
		}
	} else if (n == "setsockopt") {
		int level = (int)s.num(1), opt = (int)s.num(2);
		const Expr &v = s.arg(3);
		if (level == SOL_SOCKET && opt == SO_REUSEADDR_) {
			// Model: nothing to reuse in a fresh namespace; the interpreter accepts it.
			ret = 0;
			note = " (SO_REUSEADDR: accepted by the interpreter, no effect in the model)";
		} else {
			if (v.kind != Expr::List || v.kids.size() != 1 || v.kids[0].kind == Expr::Str)
				unsupported(ev.line,
					    "setsockopt() value '" + v.text() + "' (only [int] values)");
			ret = sys_setsockopt_int(s.fd(0), level, opt, (int)s.num(v));
			if (ret == -ENOPROTOOPT || ret == -EOPNOTSUPP)
				unsupported(ev.line,
					    "setsockopt option " + s.arg(2).text() + " (not modelled)");
		}
	} else if (n == "getsockopt") {
		int level = (int)s.num(1), opt = (int)s.num(2);
		int v = 0;
		if (level == SOL_SOCKET && opt == SO_ERROR_) {
			// Model: sock_getsockopt() has no SO_ERROR; the interpreter does what it does:
			// v = -sock_error(sk) (read and clear sk_err), else xchg(&sk->sk_err_soft, 0).
			sock *sk = sock_from_fd(s.fd(0));
			if (!sk) {
				ret = -EBADF;
			} else {
				v = sk->sk_err ? (int)sk->sk_err : (int)sk->sk_err_soft;
				if (sk->sk_err)
					sk->sk_err = 0;
				else
					sk->sk_err_soft = 0;
				note = " (SO_ERROR read by the interpreter)";
			}
		} else {
			ret = sys_getsockopt_int(s.fd(0), level, opt, &v);
		}
		if (ret == -ENOPROTOOPT || ret == -EOPNOTSUPP)
			unsupported(ev.line, "getsockopt option " + s.arg(2).text() + " (not modelled)");
		const Expr &want = s.arg(3);
		if (ret >= 0 && want.kind == Expr::List && want.kids.size() == 1 &&
		    want.kids[0].kind != Expr::Ellipsis && (uint32_t)s.num(want) != (uint32_t)v)
			mismatch(ev.line, "getsockopt " + s.arg(2).text() + ": expected value " +
					      want.text() + " vs actual [" + std::to_string(v) + "]");
	} else if (n == "fcntl") {
		int cmd = (int)s.num(1);
		if (cmd == F_SETFL)
			ret = sys_fcntl(s.fd(0), F_SETFL, (long)(s.num(2) & O_NONBLOCK_FLAG));
		else if (cmd == F_GETFL) {
			ret = sys_fcntl(s.fd(0), F_GETFL, 0);
			if (ret >= 0)
				ret |= 2; // O_RDWR: a socket file is opened read-write
		} else
			unsupported(ev.line, "fcntl command " + s.arg(1).text());
	} else if (n == "open") {
		// open(PATH, O_RDONLY): a file from the run's file table (made by dd / removed by rm).
		const Expr &p = s.arg(0);
		if (p.kind != Expr::Str)
			unsupported(ev.line, "open() path '" + p.text() + "' (a string is needed)");
		if ((s.num(1) & 3) != 0)
			unsupported(ev.line, "open() for writing (files come from dd in a command)");
		auto f = cfg.files.find(p.s);
		if (f == cfg.files.end())
			ret = -ENOENT;
		else
			ret = sim_open_file_data(p.s, f->second);
		note = f == cfg.files.end()
			   ? ""
			   : " (" + std::to_string(f->second.size()) + "-byte file of the run)";
	} else if (n == "sendfile") {
		// sendfile(OUT, IN, [OFFSET] | NULL, COUNT)
		const Expr &o = s.arg(2);
		u64 off = 0, *offp = nullptr;
		if (o.kind == Expr::List && o.kids.size() == 1) {
			off = (u64)s.num(o);
			offp = &off;
		} else if (!(o.kind == Expr::Ident && o.s == "NULL")) {
			unsupported(ev.line, "sendfile() offset '" + o.text() + "' ([N] or NULL)");
		}
		ret = sys_sendfile(s.fd(0), s.fd(1), offp, (size_t)s.num(3));
		if (offp)
			note = " (offset now " + std::to_string(off) + ")";
	} else if (n == "poll") {
		// poll([{fd=N, events=E, revents=R}, ...], NFDS, TIMEOUT_MS): revents are compared.
		const Expr &l = s.arg(0);
		if (l.kind != Expr::List)
			unsupported(ev.line, "poll() fds '" + l.text() + "' (a [{fd=, events=}] list)");
		std::vector<pollfd> pfds;
		for (auto &e : l.kids) {
			const Expr *fd = e.kind == Expr::Struct ? s.field(e, "fd") : nullptr;
			const Expr *evs = e.kind == Expr::Struct ? s.field(e, "events") : nullptr;
			if (!fd || !fd->val || !evs || !evs->val)
				unsupported(ev.line,
					    "pollfd '" + e.text() + "' (fd= and events= are needed)");
			int64_t f = s.num(*fd->val);
			auto m = fds.find(f);
			pfds.push_back({m == fds.end() ? (int)f : m->second, (short)s.num(*evs->val), 0});
		}
		if ((size_t)s.num(1) != pfds.size())
			unsupported(ev.line, "poll() nfds different from the list length");
		ret = sys_poll(pfds, (int)s.num(2));
		for (size_t i = 0; ret >= 0 && i < pfds.size(); i++) {
			const Expr *want = s.field(l.kids[i], "revents");
			if (want && want->val && !s.is_ellipsis(*want->val) &&
			    (uint16_t)s.num(*want->val) != (uint16_t)pfds[i].revents)
				mismatch(ev.line, "poll: revents of fd " +
						      s.field(l.kids[i], "fd")->val->text() + ": expected " +
						      want->val->text() + " vs actual " +
						      poll_text((uint16_t)pfds[i].revents));
			note += " revents=" + poll_text((uint16_t)pfds[i].revents);
		}
	} else if (n == "epoll_create") {
		ret = sys_epoll_create((int)s.num(0));
	} else if (n == "epoll_ctl") {
		// epoll_ctl(EPFD, OP, FD, {events=E, fd=N | ptr=N | u32=N | u64=N})
		epoll_event e;
		const Expr &st = s.arg(3);
		if (st.kind == Expr::Struct) {
			e = s.epoll_of(st);
		} else if (!(st.kind == Expr::Ident && st.s == "NULL"))
			unsupported(ev.line, "epoll_ctl() event '" + st.text() + "'");
		ret = sys_epoll_ctl(s.fd(0), (int)s.num(1), s.fd(2), st.kind == Expr::Struct ? &e : nullptr);
	} else if (n == "epoll_wait") {
		// epoll_wait(EPFD, {events=E, fd=N} | [{...}, ...], MAXEVENTS, TIMEOUT_MS): the events
		// and data of the returned entries are compared.
		const Expr &w = s.arg(1);
		std::vector<const Expr *> want;
		if (w.kind == Expr::Struct)
			want.push_back(&w);
		else if (w.kind == Expr::List)
			for (auto &k : w.kids)
				want.push_back(&k);
		else if (!s.is_ellipsis(w))
			unsupported(ev.line, "epoll_wait() events '" + w.text() + "'");
		std::vector<epoll_event> got;
		ret = sys_epoll_wait(s.fd(0), got, (int)s.num(2), (int)s.num(3));
		for (size_t i = 0; ret > 0 && i < got.size(); i++) {
			note += " {events=" + poll_text(got[i].events) +
				", data=" + std::to_string(got[i].data) + "}";
			if (i >= want.size() || want[i]->kind != Expr::Struct)
				continue;
			epoll_event x = s.epoll_of(*want[i]);
			const Expr *ef = s.field(*want[i], "events");
			if (ef && ef->val && !s.is_ellipsis(*ef->val) && x.events != got[i].events)
				mismatch(ev.line, "epoll_wait: events: expected " + ef->val->text() +
						      " vs actual " + poll_text(got[i].events));
			if (s.data_given(*want[i]) && x.data != got[i].data)
				mismatch(ev.line, "epoll_wait: data: expected " + std::to_string(x.data) +
						      " vs actual " + std::to_string(got[i].data));
		}
	} else if (n == "close") {
		ret = sys_close(s.fd(0));
	} else if (n == "shutdown") {
		ret = sys_shutdown(s.fd(0), (int)s.num(1));
	} else if (known_unsupported(n)) {
		unsupported(ev.line, n + "()");
	} else {
		unsupported(ev.line, "system call " + n + "()");
	}
	// Compare with "= RET [ERRNO (text)]"
	// socket(), accept() and open() define the script's fd numbers: map them to the live ones.
	if ((n == "socket" || n == "accept" || n == "open" || n == "epoll_create") && ret >= 0 &&
	    sc.ret.kind == Expr::Num && sc.ret.num >= 0) {
		fds[sc.ret.num] = (int)ret;
		if (ret != sc.ret.num)
			note += " (live fd " + std::to_string(ret) + ")";
		ret = sc.ret.num;
	}
	long actual = ret < 0 ? -1 : ret;
	std::string aerr = ret < 0 ? errno_name((int)-ret) : "";
	std::string got = std::to_string(actual) + (aerr.empty() ? "" : " " + aerr);
	if (sc.ret.kind != Expr::Ellipsis) {
		Sys s3{ev, w_, fds};
		int64_t want = s3.num(sc.ret);
		std::string exp = std::to_string(want) + (sc.err.empty() ? "" : " " + sc.err);
		if (want != actual || (!sc.err.empty() && sc.err != aerr))
			mismatch(ev.line, n + "() returned " + got + ", expected " + exp);
	}
	log(ev.line, n + "() = " + got + note);
}

} // namespace sp::pkt
