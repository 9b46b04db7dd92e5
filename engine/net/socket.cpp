// SPDX-License-Identifier: GPL-2.0-or-later
// net/socket.c: the simulated process's fd table and system calls. Each sys_* function is the
// syscall entry (SYSCALL_DEFINEx), records itself in world().syscalls, and calls the kernel's
// __sys_* implementation.
#include <algorithm>
#include <cstdarg>
#include <cstring>

#include "linux/errqueue.h"
#include "net/devmem.h"
#include "net/ipv4/tcp_priv.h"
#include "net/socket_api.h"
#include "net/tcp.h"
#include "sim/world.h"

using namespace sp;

constexpr u64 TASK_SIZE_MAX = 0x00007ffffffff000ull;
constexpr size_t UIO_MAXIOV = 1024;
constexpr unsigned MSG_INTERNAL_SENDMSG_FLAGS = MSG_SPLICE_PAGES; // | SENDPAGE_NOPOLICY | DECRYPTED

// ---------------------------------------------------------------- the socket layer state
SockLayer &socklayer()
{
	auto &h = world().sockext.layer;
	if (!h) {
		auto *L = new SockLayer;
		L->fds.resize(3); // stdin, stdout, stderr
		L->owner = &world();
		h = std::shared_ptr<void>(L, [](void *p) { delete static_cast<SockLayer *>(p); });
	}
	return *static_cast<SockLayer *>(h.get());
}

// Free what the socket layer owns: queued skbs of every socket, pinned user pages, file pages,
// net_iovs. Runs when the World goes away (the Sim is still current then).
SockLayer::~SockLayer()
{
	// The WorldScope may already be gone when the World is destroyed: make ours current again.
	WorldScope scope(*owner);
	World &w = *owner;
	for (auto &up : w.owned_socks) {
		sock *sk = up.get();
		auto drain = [](auto &q) {
			for (sk_buff *skb : q) {
				skb->destructor = SkbDestructor::None; // the socket goes away with it
				skb->sk = nullptr;
				skb->users = 1;
				kfree_skb(skb);
			}
			q.clear();
		};
		drain(sk->sk_write_queue);
		drain(sk->tcp_rtx_queue);
		drain(sk->sk_receive_queue);
		drain(sk->sk_error_queue);
		if (sk->sk_frag.pg) {
			put_page(sk->sk_frag.pg);
			sk->sk_frag.pg = nullptr;
		}
	}
	for (auto &kv : user_pages)
		delete kv.second;
	for (auto &f : files)
		for (page *p : f->pages)
			delete p;
	for (auto &b : bindings)
		for (page *p : b->tx_vec)
			delete p;
}

void sock_layer_release_all()
{
	world().sockext.layer.reset();
}

socket_file *sock_of(const sock *sk)
{
	if (!world().sockext.layer)
		return nullptr;
	for (auto &s : socklayer().sockets)
		if (s->sk == sk)
			return s.get();
	return nullptr;
}

static socket_file *sockfd_lookup(int fd, int *err)
{
	SockLayer &L = socklayer();
	if (fd < 0 || (size_t)fd >= L.fds.size() || L.fds[fd].kind == SockLayer::Fd::None) {
		*err = -EBADF;
		return nullptr;
	}
	if (L.fds[fd].kind != SockLayer::Fd::Socket) {
		*err = -ENOTSOCK;
		return nullptr;
	}
	return L.fds[fd].sock;
}

sock *sock_from_fd(int fd)
{
	int err;
	socket_file *s = sockfd_lookup(fd, &err);
	return s ? s->sk : nullptr;
}

static int get_unused_fd()
{
	SockLayer &L = socklayer();
	for (size_t i = 3; i < L.fds.size(); i++)
		if (L.fds[i].kind == SockLayer::Fd::None)
			return (int)i;
	L.fds.emplace_back();
	return (int)L.fds.size() - 1;
}

int get_unused_fd_flags()
{
	return get_unused_fd();
}

u64 add_wait_queue(socket_file *s, std::function<void(__poll_t)> func)
{
	u64 id = socklayer().next_wait_id++;
	s->wq.push_back({id, std::move(func)});
	return id;
}

void remove_wait_queue(socket_file *s, u64 id)
{
	for (auto it = s->wq.begin(); it != s->wq.end(); ++it)
		if (it->id == id) {
			s->wq.erase(it);
			return;
		}
}

// __wake_up(): every entry's wake function in queue order; an entry may remove itself.
void wake_up_interruptible_poll(socket_file *s, __poll_t key)
{
	if (!s || s->wq.empty())
		return;
	std::vector<u64> ids;
	for (auto &e : s->wq)
		ids.push_back(e.id);
	for (u64 id : ids)
		for (auto &e : s->wq)
			if (e.id == id) {
				auto f = e.func;
				f(key);
				break;
			}
}

// sock_map_fd(): a struct socket + file for sk, installed in the fd table (socket() and accept()).
static int sock_map_fd(sock *sk, socket_state state, int f_flags)
{
	SockLayer &L = socklayer();
	auto s = std::make_unique<socket_file>();
	int fd = get_unused_fd();
	s->fd = fd;
	s->sk = sk;
	s->state = state;
	s->f_flags = f_flags;
	L.fds[fd].kind = SockLayer::Fd::Socket;
	L.fds[fd].sock = s.get();
	L.sockets.push_back(std::move(s));
	return fd;
}

static long record_v(long ret, const char *fmt, va_list ap)
{
	char buf[256];
	vsnprintf(buf, sizeof buf, fmt, ap);
	// A model-internal ERESTARTSYS never reaches user space: without SA_RESTART it is EINTR.
	if (ret == -ERESTARTSYS)
		ret = -EINTR;
	Sim &s = sim();
	size_t step = s.current_step();
	world().syscalls.push_back({buf, ret, ret < 0 ? (int)-ret : 0, step});
	return ret;
}

static long record(long ret, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static long record(long ret, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ret = record_v(ret, fmt, ap);
	va_end(ap);
	return ret;
}

long syscall_record(long ret, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ret = record_v(ret, fmt, ap);
	va_end(ap);
	return ret;
}

// ---------------------------------------------------------------- user buffers -> iov_iter
static bool access_ok(u64 addr, size_t len)
{
	return addr <= TASK_SIZE_MAX && len <= TASK_SIZE_MAX - addr;
}

int import_ubuf(int rw, u64 buf, size_t len, iov_iter *i)
{
	SP_FN("buf=0x%llx len=%zu", (unsigned long long)buf, len);
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	if (!access_ok(buf, len))
		SP_RET(-EFAULT);
	*i = iov_iter{};
	i->type = ITER_UBUF;
	i->data_source = rw != 0;
	i->iov = {iovec{buf, len}};
	i->nr_segs = 1;
	i->count = len;
	SP_RET(0);
}

int import_iovec(int rw, const std::vector<iovec> &uvec, iov_iter *i)
{
	if (uvec.size() > UIO_MAXIOV)
		return -EMSGSIZE;
	// A single vector is imported as ITER_UBUF (since 6.4), like send().
	if (uvec.size() == 1)
		return import_ubuf(rw, uvec[0].iov_base, uvec[0].iov_len, i);
	*i = iov_iter{};
	i->type = ITER_IOVEC;
	i->data_source = rw != 0;
	size_t total = 0;
	for (const iovec &v : uvec) {
		size_t len = v.iov_len;
		if (len > MAX_RW_COUNT - total)
			len = MAX_RW_COUNT - total; // total is capped at MAX_RW_COUNT
		if (!access_ok(v.iov_base, len))
			return -EFAULT;
		i->iov.push_back({v.iov_base, len});
		total += len;
	}
	i->nr_segs = i->iov.size();
	i->count = total;
	return 0;
}

// ---------------------------------------------------------------- send path
int sock_sendmsg_nosec(socket_file *sock, msghdr *msg)
{
	SP_FN("%s len=%zu", sock->sk->name.c_str(), iov_iter_count(&msg->msg_iter));
	// sock->ops->sendmsg == inet_sendmsg for an AF_INET stream socket
	int ret = inet_sendmsg(sock->sk, msg, iov_iter_count(&msg->msg_iter));
	SP_RET(ret);
}

int __sock_sendmsg(socket_file *sock, msghdr *msg)
{
	SP_FN("%s", sock->sk->name.c_str());
	// security_socket_sendmsg(): no LSM denies it in the model.
	SP_RET(sock_sendmsg_nosec(sock, msg));
}

int __sys_sendto(int fd, u64 buff, size_t len, unsigned flags, const u32 *addr, u16 port)
{
	SP_FN("fd=%d buff=%#llx len=%zu flags=%#x", fd, (unsigned long long)buff, len, flags);
	msghdr msg;
	int err = import_ubuf(1, buff, len, &msg.msg_iter);
	if (err) {
		SP_LINE("import_ubuf:efault", err, "buffer %#llx+%zu not in user space: -EFAULT",
			(unsigned long long)buff, len);
		SP_RET(err);
	}
	SP_LINE("__sys_sendto:import_ubuf", msg.msg_iter.count, "ITER_UBUF over %#llx, count %zu",
		(unsigned long long)buff, msg.msg_iter.count);
	socket_file *sock = sockfd_lookup(fd, &err);
	if (!sock)
		SP_RET(err);
	sockaddr_in_model address;
	// msg_control = NULL, msg_controllen = 0: send()/sendto() can carry no cmsg (no devmem).
	if (addr) {
		address.sin_addr = htonl(*addr);
		address.sin_port = htons(port);
		msg.msg_name = &address;
		msg.msg_namelen = sizeof address;
	}
	flags &= ~MSG_INTERNAL_SENDMSG_FLAGS;
	if (sock->f_flags & O_NONBLOCK_FLAG) {
		flags |= MSG_DONTWAIT;
		SP_LINE("__sys_sendto:nonblock", 1, "O_NONBLOCK on the file: flags |= MSG_DONTWAIT");
	}
	msg.msg_flags = flags;
	SP_RET(__sock_sendmsg(sock, &msg));
}

static int ____sys_sendmsg(socket_file *sock, msghdr *msg_sys, unsigned flags)
{
	SP_FN_NAMED("____sys_sendmsg", "%s flags=%#x", sock->sk->name.c_str(), flags);
	size_t ctl_len = 0;
	for (const cmsghdr &c : msg_sys->msg_control)
		ctl_len += CMSG_ALIGN(c.cmsg_len);
	if (ctl_len > (size_t)INT32_MAX)
		SP_RET(-ENOBUFS);
	// Control data larger than the on-stack buffer comes from sock_kmalloc (optmem_max).
	if (ctl_len > 40 && ctl_len > (size_t)sysctl().sysctl_optmem_max) {
		SP_LINE("____sys_sendmsg:optmem", -ENOBUFS, "msg_controllen %zu > optmem_max %d: -ENOBUFS",
			ctl_len, sysctl().sysctl_optmem_max);
		SP_RET(-ENOBUFS);
	}
	flags &= ~MSG_INTERNAL_SENDMSG_FLAGS;
	msg_sys->msg_flags = flags;
	if (sock->f_flags & O_NONBLOCK_FLAG)
		msg_sys->msg_flags |= MSG_DONTWAIT;
	SP_RET(__sock_sendmsg(sock, msg_sys));
}

static int __sys_sendmsg(int fd, const std::vector<iovec> &iov, const std::vector<cmsghdr> &cmsgs,
			 unsigned flags)
{
	SP_FN_NAMED("__sys_sendmsg", "fd=%d iovcnt=%zu cmsgs=%zu flags=%#x", fd, iov.size(), cmsgs.size(),
		    flags);
	int err;
	socket_file *sock = sockfd_lookup(fd, &err);
	if (!sock)
		SP_RET(err);
	msghdr msg;
	// copy_msghdr_from_user() + import_iovec()
	err = import_iovec(1, iov, &msg.msg_iter);
	if (err)
		SP_RET(err);
	SP_LINE("___sys_sendmsg:iter", msg.msg_iter.count, "%s, %zu segment(s), %zu bytes",
		msg.msg_iter.type == ITER_UBUF ? "ITER_UBUF" : "ITER_IOVEC", msg.msg_iter.nr_segs,
		msg.msg_iter.count);
	msg.msg_control = cmsgs;
	SP_RET(____sys_sendmsg(sock, &msg, flags));
}

long sys_sendto(int fd, u64 buf, size_t len, unsigned flags, const u32 *daddr, u16 dport, const char *call)
{
	long r;
	{
		SP_FN_NAMED("__x64_sys_sendto", "fd=%d len=%zu flags=%#x", fd, len, flags);
		r = __sys_sendto(fd, buf, len, flags, daddr, dport);
		sp_frame_.r(r);
	}
	return record(r, "%s(fd=%d, len=%zu, flags=%#x)", call, fd, len, flags);
}

long sys_send(int fd, u64 buf, size_t len, unsigned flags)
{
	long r;
	{
		// SYSCALL_DEFINE4(send) -> __sys_sendto(fd, buff, len, flags, NULL, 0)
		SP_FN_NAMED("__x64_sys_send", "fd=%d len=%zu flags=%#x", fd, len, flags);
		r = __sys_sendto(fd, buf, len, flags, nullptr, 0);
		sp_frame_.r(r);
	}
	return record(r, "send(fd=%d, len=%zu, flags=%#x)", fd, len, flags);
}

long sys_sendmsg(int fd, const std::vector<iovec> &iov, const std::vector<cmsghdr> &cmsgs, unsigned flags)
{
	long r;
	size_t total = 0;
	for (auto &v : iov)
		total += v.iov_len;
	{
		SP_FN_NAMED("__x64_sys_sendmsg", "fd=%d iovcnt=%zu len=%zu cmsgs=%zu flags=%#x", fd,
			    iov.size(), total, cmsgs.size(), flags);
		r = __sys_sendmsg(fd, iov, cmsgs, flags);
		sp_frame_.r(r);
	}
	return record(r, "sendmsg(fd=%d, iovcnt=%zu, len=%zu, cmsgs=%zu, flags=%#x)", fd, iov.size(), total,
		      cmsgs.size(), flags);
}

long sys_write(int fd, u64 buf, size_t len)
{
	long r;
	{
		SP_FN_NAMED("__x64_sys_write", "fd=%d len=%zu", fd, len);
		// sock_write_iter(): msg_flags = O_NONBLOCK ? MSG_DONTWAIT : 0
		r = __sys_sendto(fd, buf, len, 0, nullptr, 0);
		sp_frame_.r(r);
	}
	return record(r, "write(fd=%d, len=%zu)", fd, len);
}

// ---------------------------------------------------------------- receive path
static long __sys_recvmsg(int fd, const std::vector<iovec> &iov, std::vector<cmsghdr> *cmsgs_out,
			  unsigned flags)
{
	SP_FN_NAMED("__sys_recvmsg", "fd=%d flags=%#x", fd, flags);
	int err;
	socket_file *sock = sockfd_lookup(fd, &err);
	if (!sock)
		SP_RET((long)err);
	msghdr msg;
	err = import_iovec(0, iov, &msg.msg_iter);
	if (err)
		SP_RET((long)err);
	if (sock->f_flags & O_NONBLOCK_FLAG)
		flags |= MSG_DONTWAIT;
	long r = inet_recvmsg(sock->sk, &msg, iov_iter_count(&msg.msg_iter), (int)flags);
	if (cmsgs_out && (flags & MSG_ERRQUEUE) && r >= 0)
		*cmsgs_out = msg.msg_control;
	SP_RET(r);
}

long sys_recvmsg(int fd, const std::vector<iovec> &iov, std::vector<cmsghdr> *cmsgs_out, unsigned flags)
{
	long r;
	{
		SP_FN_NAMED("__x64_sys_recvmsg", "fd=%d flags=%#x", fd, flags);
		r = __sys_recvmsg(fd, iov, cmsgs_out, flags);
		sp_frame_.r(r);
	}
	return record(r, "recvmsg(fd=%d, flags=%#x)", fd, flags);
}

long sys_recvfrom(int fd, u64 buf, size_t len, unsigned flags)
{
	long r;
	{
		SP_FN_NAMED("__x64_sys_recvfrom", "fd=%d len=%zu flags=%#x", fd, len, flags);
		r = __sys_recvmsg(fd, {iovec{buf, len}}, nullptr, flags);
		sp_frame_.r(r);
	}
	return record(r, "recv(fd=%d, len=%zu, flags=%#x)", fd, len, flags);
}

long sys_read(int fd, u64 buf, size_t len)
{
	long r;
	{
		SP_FN_NAMED("__x64_sys_read", "fd=%d len=%zu", fd, len);
		r = __sys_recvmsg(fd, {iovec{buf, len}}, nullptr, 0);
		sp_frame_.r(r);
	}
	return record(r, "read(fd=%d, len=%zu)", fd, len);
}

int sys_recv_zerocopy_completions(int fd, std::vector<zc_completion> &out)
{
	int n = 0;
	for (;;) {
		std::vector<cmsghdr> c;
		long r = sys_recvmsg(fd, {}, &c, MSG_ERRQUEUE);
		if (r < 0 || c.empty())
			break;
		// The IP_RECVERR record is the last cmsg (an SO_TIMESTAMPING report has its
		// SCM_TIMESTAMPING cmsg before it).
		const cmsghdr &rec = c.back();
		if (rec.cmsg_type != IP_RECVERR || rec.data.size() < sizeof(sock_extended_err))
			continue;
		sock_extended_err ee;
		std::memcpy(&ee, rec.data.data(), sizeof ee);
		if (ee.ee_origin == SO_EE_ORIGIN_ZEROCOPY) {
			out.push_back(
			    {ee.ee_info, ee.ee_data, (ee.ee_code & SO_EE_CODE_ZEROCOPY_COPIED) != 0});
			n++;
		}
	}
	return n;
}

// ---------------------------------------------------------------- socket lifecycle
int sys_socket(int family, int type, int protocol)
{
	long r;
	{
		SP_FN_NAMED("__x64_sys_socket", "family=%d type=%d protocol=%d", family, type, protocol);
		r = [&]() -> long {
			SP_FN_NAMED("__sys_socket", "%s", "");
			return sp_frame_.r([&]() -> long {
				if (family != AF_INET)
					return -EAFNOSUPPORT;
				if ((type & 0xf) != SOCK_STREAM)
					return -ESOCKTNOSUPPORT; // the model has TCP only
				sock *sk = nullptr;
				int err = inet_create(protocol, &sk);
				if (err)
					return err;
				// SOCK_NONBLOCK == O_NONBLOCK
				return sock_map_fd(sk, SS_UNCONNECTED, type & O_NONBLOCK_FLAG ? O_NONBLOCK_FLAG : 0);
			}());
		}();
		sp_frame_.r(r);
	}
	return (int)record(r, "socket(AF_INET, SOCK_STREAM, %d)", protocol);
}

int sys_bind(int fd, u32 addr, u16 port)
{
	long r;
	{
		SP_FN_NAMED("__x64_sys_bind", "fd=%d port=%u", fd, port);
		r = [&]() -> long {
			SP_FN_NAMED("__sys_bind", "%s", "");
			return sp_frame_.r([&]() -> long {
				int err;
				socket_file *s = sockfd_lookup(fd, &err);
				if (!s)
					return err;
				sock *sk = s->sk;
				// inet_bind(): already bound or not CLOSE -> -EINVAL; port in use ->
				// -EADDRINUSE.
				if (sk->sk_state != TCP_CLOSE || sk->skc_num)
					return -EINVAL;
				for (auto &o : socklayer().sockets)
					if (port && o->sk != sk && o->sk->skc_num == port && !o->dead)
						return -EADDRINUSE;
				sk->skc_rcv_saddr = addr;
				sk->skc_num = port;
				inet_sk(sk)->inet_sport = port;
				return 0;
			}());
		}();
		sp_frame_.r(r);
	}
	return (int)record(r, "bind(fd=%d, port=%u)", fd, port);
}

int sys_listen(int fd, int backlog)
{
	long r;
	{
		SP_FN_NAMED("__x64_sys_listen", "fd=%d backlog=%d", fd, backlog);
		r = [&]() -> long {
			SP_FN_NAMED("__sys_listen", "%s", "");
			return sp_frame_.r([&]() -> long {
				int err;
				socket_file *s = sockfd_lookup(fd, &err);
				if (!s)
					return err;
				sock *sk = s->sk;
				if (s->state != SS_UNCONNECTED)
					return -EINVAL;
				if (sk->sk_state == TCP_LISTEN)
					return 0;
				if (sk->sk_state != TCP_CLOSE)
					return -EINVAL;
				if (!sk->skc_num) { // inet_csk_get_port(): pick an ephemeral port
					sk->skc_num = socklayer().next_ephemeral_port++;
					inet_sk(sk)->inet_sport = sk->skc_num;
				}
				tcp_set_state(sk, TCP_LISTEN); // inet_csk_listen_start()
				return 0;
			}());
		}();
		sp_frame_.r(r);
	}
	return (int)record(r, "listen(fd=%d, %d)", fd, backlog);
}

void inet_csk_reqsk_queue_add(sock *listener, sock *child)
{
	SP_FN("%s child=%s", listener->name.c_str(), child->name.c_str());
	socket_file *s = sock_of(listener);
	if (!s)
		return;
	s->accept_queue.push_back(child);
	s->state_wakeups++;
	// tcp_child_process -> parent->sk_data_ready(parent)
	wake_up_interruptible_poll(s, EPOLLIN | EPOLLPRI | EPOLLRDNORM | EPOLLRDBAND);
}

static bool accept_ready(sock *sk)
{
	socket_file *s = sock_of(sk);
	return !s || !s->accept_queue.empty() || sk->sk_state != TCP_LISTEN;
}

int sys_accept(int fd)
{
	long r;
	{
		SP_FN_NAMED("__x64_sys_accept", "fd=%d", fd);
		r = [&]() -> long {
			SP_FN_NAMED("do_accept", "%s", "");
			return sp_frame_.r([&]() -> long {
				int err;
				socket_file *s = sockfd_lookup(fd, &err);
				if (!s)
					return err;
				sock *sk = s->sk;
				if (sk->sk_state != TCP_LISTEN)
					return -EINVAL;
				if (s->accept_queue.empty()) {
					if (s->f_flags & O_NONBLOCK_FLAG)
						return -EAGAIN;
					long timeo = MAX_SCHEDULE_TIMEOUT; // sk_rcvtimeo
					if (sk_wait_event(sk, &timeo, "inet_csk_wait_for_connect",
							  accept_ready) < 0)
						return -EINTR;
					if (s->accept_queue.empty())
						return -EINVAL;
				}
				sock *child = s->accept_queue.front();
				s->accept_queue.pop_front();
				return sock_map_fd(child, SS_CONNECTED, 0);
			}());
		}();
		sp_frame_.r(r);
	}
	return (int)record(r, "accept(fd=%d)", fd);
}

int sys_connect(int fd, u32 daddr, u16 dport)
{
	long r;
	{
		SP_FN_NAMED("__x64_sys_connect", "fd=%d dport=%u", fd, dport);
		r = [&]() -> long {
			SP_FN_NAMED("__sys_connect", "%s", "");
			return sp_frame_.r([&]() -> long {
				int err;
				socket_file *s = sockfd_lookup(fd, &err);
				if (!s)
					return err;
				return inet_stream_connect(s, daddr, dport, s->f_flags);
			}());
		}();
		sp_frame_.r(r);
	}
	return (int)record(r, "connect(fd=%d, %u.%u.%u.%u:%u)", fd, daddr >> 24, (daddr >> 16) & 255,
			   (daddr >> 8) & 255, daddr & 255, dport);
}

int sys_setsockopt(int fd, int level, int optname, const void *optval, unsigned optlen)
{
	long r;
	{
		SP_FN_NAMED("__x64_sys_setsockopt", "fd=%d level=%d optname=%d optlen=%u", fd, level, optname,
			    optlen);
		r = [&]() -> long {
			SP_FN_NAMED("__sys_setsockopt", "%s", "");
			return sp_frame_.r([&]() -> long {
				int err;
				socket_file *s = sockfd_lookup(fd, &err);
				if (!s)
					return err;
				if ((int)optlen < 0)
					return -EINVAL;
				// do_sock_setsockopt(): SOL_SOCKET -> sock_setsockopt, else
				// sk->sk_prot->setsockopt.
				if (level == SOL_SOCKET)
					return sock_setsockopt(s->sk, optname, optval, optlen);
				if (level == SOL_TCP)
					return tcp_setsockopt(s->sk, level, optname, optval, optlen);
				return -ENOPROTOOPT;
			}());
		}();
		sp_frame_.r(r);
	}
	return (int)record(r, "setsockopt(fd=%d, level=%d, optname=%d, optlen=%u)", fd, level, optname,
			   optlen);
}

int sys_getsockopt(int fd, int level, int optname, void *optval, unsigned *optlen)
{
	long r;
	{
		SP_FN_NAMED("__x64_sys_getsockopt", "fd=%d level=%d optname=%d", fd, level, optname);
		r = [&]() -> long {
			SP_FN_NAMED("__sys_getsockopt", "%s", "");
			return sp_frame_.r([&]() -> long {
				int err;
				socket_file *s = sockfd_lookup(fd, &err);
				if (!s)
					return err;
				if (level == SOL_SOCKET)
					return sock_getsockopt(s->sk, optname, optval, optlen);
				if (level == SOL_TCP)
					return tcp_getsockopt(s->sk, level, optname, optval, optlen);
				return -ENOPROTOOPT;
			}());
		}();
		sp_frame_.r(r);
	}
	return (int)record(r, "getsockopt(fd=%d, level=%d, optname=%d)", fd, level, optname);
}

int sys_setsockopt_int(int fd, int level, int optname, int val)
{
	return sys_setsockopt(fd, level, optname, &val, sizeof val);
}

int sys_getsockopt_int(int fd, int level, int optname, int *val)
{
	unsigned len = sizeof *val;
	return sys_getsockopt(fd, level, optname, val, &len);
}

int sys_fcntl(int fd, int cmd, long arg)
{
	long r;
	{
		SP_FN_NAMED("__x64_sys_fcntl", "fd=%d cmd=%d arg=%#lx", fd, cmd, arg);
		r = [&]() -> long {
			SP_FN_NAMED("do_fcntl", "%s", "");
			return sp_frame_.r([&]() -> long {
				SockLayer &L = socklayer();
				if (fd < 0 || (size_t)fd >= L.fds.size() ||
				    L.fds[fd].kind == SockLayer::Fd::None)
					return -EBADF;
				if (L.fds[fd].kind != SockLayer::Fd::Socket)
					return cmd == F_GETFL ? 0 : -EINVAL;
				socket_file *s = L.fds[fd].sock;
				if (cmd == F_GETFL)
					return 2 /* O_RDWR */ | s->f_flags;
				if (cmd == F_SETFL) {
					s->f_flags = (int)(arg & O_NONBLOCK_FLAG);
					s->sk->nonblock = (arg & O_NONBLOCK_FLAG) != 0;
					SP_LINE("setfl:nonblock", s->sk->nonblock, "O_NONBLOCK %s",
						s->sk->nonblock ? "set" : "cleared");
					return 0;
				}
				return -EINVAL;
			}());
		}();
		sp_frame_.r(r);
	}
	return (int)record(r, "fcntl(fd=%d, cmd=%d, %#lx)", fd, cmd, arg);
}

int sys_shutdown(int fd, int how)
{
	long r;
	{
		SP_FN_NAMED("__x64_sys_shutdown", "fd=%d how=%d", fd, how);
		r = [&]() -> long {
			SP_FN_NAMED("__sys_shutdown", "%s", "");
			return sp_frame_.r([&]() -> long {
				int err;
				socket_file *s = sockfd_lookup(fd, &err);
				if (!s)
					return err;
				return inet_shutdown(s, how);
			}());
		}();
		sp_frame_.r(r);
	}
	return (int)record(r, "shutdown(fd=%d, %d)", fd, how);
}

int sys_close(int fd)
{
	long r;
	{
		SP_FN_NAMED("__x64_sys_close", "fd=%d", fd);
		r = [&]() -> long {
			SP_FN_NAMED("close_fd", "%s", "");
			return sp_frame_.r([&]() -> long {
				SockLayer &L = socklayer();
				if (fd < 0 || (size_t)fd >= L.fds.size() ||
				    L.fds[fd].kind == SockLayer::Fd::None)
					return -EBADF;
				SockLayer::Fd f = L.fds[fd];
				L.fds[fd] = SockLayer::Fd{};
				if (f.kind == SockLayer::Fd::Socket) {
					eventpoll_release(f.sock); // __fput: epoll forgets the file
					inet_release(f.sock); // sock_close -> __sock_release -> inet_release
				} else if (f.kind == SockLayer::Fd::Epoll) {
					ep_clear_and_put(f.ep); // ep_eventpoll_release
				}
				return 0;
			}());
		}();
		sp_frame_.r(r);
	}
	return (int)record(r, "close(fd=%d)", fd);
}

// ---------------------------------------------------------------- files, sendfile, dma-bufs
int sim_open_file(const std::string &name, size_t size, u8 seed)
{
	std::vector<u8> b(size);
	for (size_t i = 0; i < size; i++)
		b[i] = (u8)('A' + ((seed + i) % 26));
	return sim_open_file_data(name, b);
}

int sim_open_file_data(const std::string &name, const std::vector<u8> &content)
{
	SockLayer &L = socklayer();
	auto f = std::make_unique<sim_file>();
	f->name = name;
	f->size = content.size();
	for (size_t off = 0; off < f->size; off += PAGE_SIZE) {
		page *p = alloc_pages(GFP_KERNEL, 0, PageOwner::Spliced); // page-cache page (ref 1)
		size_t n = std::min<size_t>(PAGE_SIZE, f->size - off);
		p->mem.write(0, content.data() + off, n);
		f->pages.push_back(p);
	}
	int fd = get_unused_fd();
	L.fds[fd].kind = SockLayer::Fd::File;
	L.fds[fd].file = f.get();
	L.files.push_back(std::move(f));
	return fd;
}

int sim_dmabuf_create(size_t size)
{
	SockLayer &L = socklayer();
	auto d = std::make_unique<dma_buf>();
	d->size = (size + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1);
	d->name = "dmabuf#" + std::to_string(L.dmabufs.size() + 1);
	d->dma_base = world().phys_alloc(d->size, PAGE_SIZE);
	int fd = get_unused_fd();
	d->fd = fd;
	L.fds[fd].kind = SockLayer::Fd::DmaBuf;
	L.fds[fd].dmabuf = d.get();
	L.dmabufs.push_back(std::move(d));
	return fd;
}

// do_sendfile() -> do_splice_direct() -> splice_to_socket(): the file's page-cache pages go to
// the socket as an ITER_BVEC with MSG_SPLICE_PAGES, a pipe's worth (16 pages) at a time, with
// MSG_MORE while more follows.
long sys_sendfile(int out_fd, int in_fd, u64 *offset, size_t count)
{
	long r;
	const size_t count0 = count;
	{
		SP_FN_NAMED("__x64_sys_sendfile64", "out_fd=%d in_fd=%d count=%zu", out_fd, in_fd, count);
		r = [&]() -> long {
			SP_FN_NAMED("do_sendfile", "%s", "");
			return sp_frame_.r([&]() -> long {
				SockLayer &L = socklayer();
				if (in_fd < 0 || (size_t)in_fd >= L.fds.size() ||
				    L.fds[in_fd].kind != SockLayer::Fd::File)
					return -EBADF;
				int err;
				socket_file *s = sockfd_lookup(out_fd, &err);
				if (!s)
					return err == -ENOTSOCK ? -EINVAL : err;
				sim_file *f = L.fds[in_fd].file;
				u64 pos = offset ? *offset : L.fds[in_fd].pos;
				if (pos >= f->size)
					return 0;
				count = std::min<size_t>(count, f->size - pos);
				constexpr size_t PIPE_BYTES = 16 * PAGE_SIZE;
				long total = 0;
				while (count) {
					size_t chunk = std::min(count, PIPE_BYTES - (pos % PAGE_SIZE));
					msghdr msg;
					msg.msg_iter.type = ITER_BVEC;
					size_t p = pos, left = chunk;
					while (left) {
						size_t in = p % PAGE_SIZE,
						       n = std::min<size_t>(left, PAGE_SIZE - in);
						msg.msg_iter.iov.push_back({in, n});
						msg.msg_iter.bvec.push_back(f->pages[p / PAGE_SIZE]);
						p += n;
						left -= n;
					}
					msg.msg_iter.nr_segs = msg.msg_iter.iov.size();
					msg.msg_iter.count = chunk;
					msg.msg_flags = MSG_SPLICE_PAGES | (count > chunk ? (unsigned)MSG_MORE : 0u);
					if (s->f_flags & O_NONBLOCK_FLAG)
						msg.msg_flags |= MSG_DONTWAIT;
					SP_LINE("splice_to_socket:chunk", chunk,
						"%zu bytes of %s at %llu as ITER_BVEC (%zu pages)%s", chunk,
						f->name.c_str(), (unsigned long long)pos,
						msg.msg_iter.nr_segs, count > chunk ? " MSG_MORE" : "");
					int n = __sock_sendmsg(s, &msg);
					if (n <= 0) {
						if (!total)
							total = n;
						break;
					}
					total += n;
					pos += (u64)n;
					count -= (size_t)n;
					if ((size_t)n < chunk)
						break;
				}
				if (total > 0) {
					if (offset)
						*offset = pos;
					else
						L.fds[in_fd].pos = pos;
				}
				return total;
			}());
		}();
		sp_frame_.r(r);
	}
	return record(r, "sendfile(out_fd=%d, in_fd=%d, count=%zu)", out_fd, in_fd, count0);
}
