// SPDX-License-Identifier: GPL-2.0-or-later
// The simulated process's system-call interface (net/socket.c, net/ipv4/af_inet.c) and its fd
// table. This is the ONLY way the scenario runner drives sockets. Conventions:
//  * every call returns >= 0 on success or -errno (e.g. -EAGAIN), like the raw syscall;
//  * every call is appended to world().syscalls (SyscallRecord) with its return value and errno;
//  * buffers are USER ADDRESSES in the simulated process (World::user_alloc(len, seed) returns
//    one); the kernel copies from / pins world().user_mem, never from host pointers;
//  * a blocking call sleeps in VIRTUAL time: it runs queued sim events (ACKs, timers, device
//    work) until the socket can proceed or SO_SNDTIMEO expires, recording the sleep as
//    SP_LINE("sk_wait_event:sleep"/"woken") steps. With O_NONBLOCK or MSG_DONTWAIT the call
//    returns -EAGAIN instead. A blocking call with nothing left to wait for returns -EINTR and
//    adds a warning to world().warnings (a real process would hang).
// Typical use:
//   int fd = sys_socket(AF_INET, SOCK_STREAM, 0);
//   sys_setsockopt_int(fd, SOL_SOCKET, SO_ZEROCOPY, 1);
//   sys_connect(fd, peer_ip, 5001);                  // blocks until ESTABLISHED (virtual time)
//   u64 buf = world().user_alloc(10000, 0);
//   long n = send(fd, buf, 10000, MSG_ZEROCOPY);      // glibc wrapper, engine/glibc/send.h
//   std::vector<zc_completion> c; sys_recv_zerocopy_completions(fd, c);
#pragma once
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "linux/errqueue.h"
#include "linux/eventpoll.h"
#include "linux/socket.h"
#include "net/devmem.h"
#include "net/sock.h"

// address families, socket types, fcntl, shutdown
enum : int { AF_UNSPEC = 0, AF_INET = 2, AF_INET6 = 10 };
enum : int { SOCK_STREAM = 1, SOCK_DGRAM = 2 };
enum : int { F_GETFL = 3, F_SETFL = 4 };
constexpr int O_NONBLOCK_FLAG = 04000; // O_NONBLOCK
enum : int { SHUT_RD = 0, SHUT_WR = 1, SHUT_RDWR = 2 };
// struct sockaddr_in (network byte order fields, as user space fills them)
struct sockaddr_in_model {
	u16 sin_family = AF_INET;
	u16 sin_port = 0; // htons(port)
	u32 sin_addr = 0; // htonl(addr)
	u8 zero[8] = {};
};
constexpr size_t MAX_RW_COUNT = 0x7ffff000; // INT_MAX & PAGE_MASK

// struct socket->state
enum socket_state : u8 { SS_FREE = 0, SS_UNCONNECTED, SS_CONNECTING, SS_CONNECTED, SS_DISCONNECTING };

// A file in the page cache (for sendfile/splice): its pages have owner Spliced.
struct sim_file {
	std::string name;
	size_t size = 0;
	std::vector<page *> pages;
};

// An entry on a socket's wait queue (sk->sk_wq->wait) added by poll() (__pollwait) or epoll
// (ep_ptable_queue_proc); func is its wake function, called with the wake-up key (0: all events).
struct wait_queue_entry {
	u64 id = 0;
	std::function<void(__poll_t key)> func;
};

// struct socket + the parts of struct file the model needs.
struct socket_file {
	int fd = -1;
	socket_state state = SS_UNCONNECTED;
	int f_flags = 0; // O_NONBLOCK
	sock *sk = nullptr;
	bool dead = false;		 // SOCK_DEAD: the file was closed (sock_orphan)
	std::deque<sock *> accept_queue; // icsk_accept_queue: established children
	u64 write_wakeups = 0;		 // times sk_stream_write_space woke a writer
	u64 state_wakeups = 0;		 // sk_state_change / sk_error_report wake-ups
	std::vector<wait_queue_entry> wq; // poll/epoll waiters (sk->sk_wq->wait)
};
struct eventpoll; // fs/eventpoll.c (engine/fs/eventpoll.cpp)

// struct tcp_fastopen_metrics: what tcp_metrics remembers per destination for Fast Open.
struct tcp_fastopen_metrics {
	u16 mss = 0;
	u16 syn_loss = 0;
	u16 try_exp = 0;
	u64 last_syn_loss = 0; // jiffies
	tcp_fastopen_cookie cookie;
};

struct SockLayer {
	struct Fd {
		enum Kind : u8 { None, Socket, File, DmaBuf, Epoll } kind = None;
		socket_file *sock = nullptr;
		eventpoll *ep = nullptr;
		sim_file *file = nullptr;
		dma_buf *dmabuf = nullptr;
		u64 pos = 0; // file position (sendfile)
	};
	std::vector<Fd> fds; // index = fd number; 0..2 are stdio
	std::vector<std::unique_ptr<socket_file>> sockets;
	std::vector<std::unique_ptr<sim_file>> files;
	std::vector<std::unique_ptr<dma_buf>> dmabufs;
	std::vector<std::shared_ptr<eventpoll>> eventpolls; // epoll instances (live and closed)
	u64 next_wait_id = 1;
	std::map<u32, tcp_fastopen_metrics> tcp_fastopen_cache; // tcp_metrics, by daddr
	std::vector<std::unique_ptr<net_devmem_dmabuf_binding>> bindings;
	std::map<u64, page *> user_pages;      // page-aligned user address -> page object (pinned pages)
	std::map<u32, sock_extended_err> errq; // notification skb id -> SKB_EXT_ERR(skb)->ee
	u64 locked_vm = 0;		       // pages charged by mm_account_pinned_pages
	long tcp_memory_allocated = 0;	       // pages (tcp_memory_allocated)
	bool tcp_memory_pressure = false;
	u32 next_binding_id = 1;
	u16 next_ephemeral_port = 32768;
	struct World *owner = nullptr; // the World this layer belongs to
	~SockLayer();
};
SockLayer &socklayer();		      // of the current world (created on first use)
socket_file *sock_of(const sock *sk); // the socket file of a sock (nullptr for children not accepted)

// ---- the system calls (net/socket.c). All return -errno on failure.
int sys_socket(int family, int type, int protocol);
int sys_bind(int fd, u32 addr, u16 port); // addr/port in host order
int sys_listen(int fd, int backlog);
int sys_accept(int fd); // blocks (virtual time) until a child is on the accept queue
int sys_connect(int fd, u32 daddr, u16 dport);
long sys_sendto(int fd, u64 buf, size_t len, unsigned flags, const u32 *daddr = nullptr, u16 dport = 0,
		const char *call = "sendto"); // call: how the application's call is recorded
long sys_send(int fd, u64 buf, size_t len, unsigned flags); // SYSCALL_DEFINE4(send)
long sys_sendmsg(int fd, const std::vector<iovec> &iov, const std::vector<cmsghdr> &cmsgs, unsigned flags);
long sys_recvfrom(int fd, u64 buf, size_t len, unsigned flags);
long sys_read(int fd, u64 buf, size_t len);
long sys_write(int fd, u64 buf, size_t len);
// recvmsg: with MSG_ERRQUEUE returns 0 and one cmsg (SOL_IP, IP_RECVERR, sock_extended_err +
// sockaddr_in offender) per call, or -EAGAIN when the error queue is empty.
long sys_recvmsg(int fd, const std::vector<iovec> &iov, std::vector<cmsghdr> *cmsgs_out, unsigned flags);
int sys_setsockopt(int fd, int level, int optname, const void *optval, unsigned optlen);
int sys_getsockopt(int fd, int level, int optname, void *optval, unsigned *optlen);
int sys_setsockopt_int(int fd, int level, int optname, int val);
int sys_getsockopt_int(int fd, int level, int optname, int *val);
int sys_fcntl(int fd, int cmd, long arg); // F_GETFL / F_SETFL (O_NONBLOCK_FLAG)
int sys_shutdown(int fd, int how);
int sys_close(int fd);
// sendfile(out_fd=socket, in_fd=file): splices the file's page-cache pages (MSG_SPLICE_PAGES).
long sys_sendfile(int out_fd, int in_fd, u64 *offset, size_t count);

// ---- poll and epoll (fs/select.c, fs/eventpoll.c; engine/fs). A blocking call sleeps in virtual
// time until a wake-up on a polled socket (sk_stream_write_space, sk_data_ready, state change,
// error) makes an event ready, or the timeout (ms; -1 = none) passes.
int sys_poll(std::vector<pollfd> &fds, int timeout_ms);
int sys_epoll_create(int size);
int sys_epoll_ctl(int epfd, int op, int fd, const epoll_event *event);
int sys_epoll_wait(int epfd, std::vector<epoll_event> &events, int maxevents, int timeout_ms);
// f_op->poll of a socket: tcp_poll() (net/ipv4/tcp.c).
__poll_t tcp_poll(socket_file *sock);
// wait-queue plumbing (kernel/sched/wait.c): wake_up_interruptible_poll(&sk->sk_wq->wait, key)
u64 add_wait_queue(socket_file *s, std::function<void(__poll_t)> func);
void remove_wait_queue(socket_file *s, u64 id);
void wake_up_interruptible_poll(socket_file *s, __poll_t key);
void eventpoll_release(socket_file *s); // the socket's file goes away: drop its epitems
void ep_clear_and_put(eventpoll *ep);	// the epoll file goes away
// net/socket.c helpers the fs/ system calls share
int get_unused_fd_flags();
long syscall_record(long ret, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// ---- helpers for scenarios (not syscalls of a real kernel, but of the simulated environment)
// Create a file of `size` bytes with deterministic content; returns an fd (open(O_RDONLY)).
int sim_open_file(const std::string &name, size_t size, u8 seed);
// The same with the given content (a file a script created, e.g. zeros from /dev/zero).
int sim_open_file_data(const std::string &name, const std::vector<u8> &content);
// Create a dma-buf (e.g. from a GPU exporter) of `size` bytes; returns its fd.
int sim_dmabuf_create(size_t size);
struct zc_completion {
	u32 lo, hi;  // ee_info .. ee_data
	bool copied; // SO_EE_CODE_ZEROCOPY_COPIED
};
// Drains the error queue with recvmsg(MSG_ERRQUEUE) (one syscall per record).
int sys_recv_zerocopy_completions(int fd, std::vector<zc_completion> &out);
sock *sock_from_fd(int fd); // the struct sock behind an fd (nullptr if not a socket)

// ---- kernel-internal entry points other areas call
// The TCP engineer's passive open: queue an established child on the listener (inet_csk_reqsk_queue_add).
void inet_csk_reqsk_queue_add(sock *listener, sock *child);
// net/ipv4/af_inet.c
int inet_create(int protocol, sock **out); // allocates + tcp_init_sock + registers the trace fields
int inet_sendmsg(sock *sk, msghdr *msg, size_t size);
int inet_send_prepare(sock *sk);
int inet_stream_connect(socket_file *sock, u32 daddr, u16 dport, int flags);
int inet_shutdown(socket_file *sock, int how);
int inet_release(socket_file *sock);
int inet_recvmsg(sock *sk, msghdr *msg, size_t size, int flags);
int inet_recv_error(sock *sk, msghdr *msg, int len, std::vector<cmsghdr> *cmsgs_out);
// net/socket.c internals
int __sys_sendto(int fd, u64 buff, size_t len, unsigned flags, const u32 *addr, u16 port);
int __sock_sendmsg(socket_file *sock, msghdr *msg);
int sock_sendmsg_nosec(socket_file *sock, msghdr *msg);
int import_ubuf(int rw, u64 buf, size_t len, iov_iter *i);
int import_iovec(int rw, const std::vector<iovec> &uvec, iov_iter *i);
// net/core/sock.c
int sock_setsockopt(sock *sk, int optname, const void *optval, unsigned optlen);
int sock_getsockopt(sock *sk, int optname, void *optval, unsigned *optlen);
int sock_cmsg_send(sock *sk, msghdr *msg, sockcm_cookie *sockc);
int __sock_cmsg_send(sock *sk, const cmsghdr *cmsg, sockcm_cookie *sockc);
bool sk_set_prio_allowed(const sock *sk, int val);
// Sleep in virtual time until cond() holds or *timeo (jiffies) passes (sk_wait_event). Returns
// 1 if cond held, 0 on timeout, -EINTR if nothing could ever wake the sleeper.
int sk_wait_event(sock *sk, long *timeo, const char *why, bool (*cond)(sock *));
// lib/iov_iter.c: copy from user memory through the iterator (returns bytes copied).
size_t copy_from_iter(void *addr, size_t bytes, iov_iter *i);
bool copy_from_iter_full(void *addr, size_t bytes, iov_iter *i);
size_t copy_to_iter(const void *addr, size_t bytes, iov_iter *i);
// user memory access (world().user_mem at World::USER_BASE)
bool user_access_ok(u64 addr, size_t len);
u8 *user_ptr(u64 addr);
// Tear down everything of the socket layer (called by ~SockLayer).
void sock_layer_release_all();
