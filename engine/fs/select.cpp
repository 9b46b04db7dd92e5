// SPDX-License-Identifier: GPL-2.0-or-later
// fs/select.c: poll(). do_poll() asks every file for its events (f_op->poll: tcp_poll() for a TCP
// socket); if none is ready it sleeps until a wake-up on one of the polled wait queues
// (pollwake(), filtered by the events asked for) or the timeout, then asks again.
#include "net/socket_api.h"
#include "net/tcp.h"
#include "sim/world.h"

using namespace sp;

namespace
{

constexpr __poll_t DEFAULT_POLLMASK = EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM;

// A poll() caller's entries on the wait queues (struct poll_wqueues): pollwake() sets triggered.
struct poll_wqueues {
	bool triggered = false;
	std::vector<std::pair<socket_file *, u64>> entries;
	~poll_wqueues()
	{
		for (auto &[s, id] : entries) // poll_freewait()
			remove_wait_queue(s, id);
	}
};

// vfs_poll(): with pt set (first pass), the socket's wait queue gets an entry (__pollwait) whose
// wake function is pollwake(): ignore a key that has none of the events this fd waits for.
__poll_t vfs_poll(int fd, poll_wqueues *pt, __poll_t filter)
{
	SockLayer &L = socklayer();
	const SockLayer::Fd &f = L.fds[fd];
	switch (f.kind) {
	case SockLayer::Fd::Socket:
		if (pt)
			pt->entries.push_back({f.sock, add_wait_queue(f.sock, [pt, filter](__poll_t key) {
						       if (key && !(key & filter))
							       return;
						       pt->triggered = true;
					       })});
		return tcp_poll(f.sock);
	case SockLayer::Fd::Epoll:
		// Model: an epoll fd polled by poll() reports only whether items are queued ready.
		return 0;
	default:
		return DEFAULT_POLLMASK; // regular files have no f_op->poll
	}
}

// poll_schedule_timeout(): sleep until pollwake() or the deadline. 1 woken, 0 timed out, -EINTR
// when nothing is left that could wake the caller (a real process would hang).
int poll_schedule_timeout(poll_wqueues *pt, u64 deadline)
{
	u64 start = sim().now_ns();
	while (!pt->triggered) {
		u64 t = sim().next_event_time();
		if (t == UINT64_MAX || sim().stopped || t > deadline)
			break;
		sim().run(t);
	}
	if (pt->triggered) {
		pt->triggered = false;
		SP_LINE("do_poll:woken", 1, "woken after %llu us: ask every file again",
			(unsigned long long)((sim().now_ns() - start) / 1000));
		return 1;
	}
	if (deadline == UINT64_MAX || sim().stopped) {
		world().warnings.push_back("poll() without timeout can never end: no event left to wake it "
					   "(returned -EINTR)");
		return -EINTR;
	}
	sim().advance_to(deadline);
	SP_LINE("do_poll:timeout", 0, "timed out after %llu us",
		(unsigned long long)((sim().now_ns() - start) / 1000));
	return 0;
}

int do_poll(std::vector<pollfd> &fds, u64 deadline, bool timed_out)
{
	SP_FN("nfds=%zu timeout=%s", fds.size(), timed_out ? "0" : deadline == UINT64_MAX ? "none" : "set");
	poll_wqueues wq;
	poll_wqueues *pt = timed_out ? nullptr : &wq; // a zero timeout registers no waits
	SockLayer &L = socklayer();
	int count = 0;
	for (;;) {
		for (pollfd &p : fds) {
			// do_pollfd()
			__poll_t mask = 0;
			if (p.fd >= 0) {
				if ((size_t)p.fd >= L.fds.size() || L.fds[p.fd].kind == SockLayer::Fd::None) {
					mask = EPOLLNVAL;
				} else {
					__poll_t filter = (__poll_t)(u16)p.events | EPOLLERR | EPOLLHUP;
					mask = vfs_poll(p.fd, pt, filter) & filter;
				}
			}
			p.revents = (short)mask;
			if (mask)
				count++;
		}
		pt = nullptr; // register on the wait queues once only
		SP_LINE("do_poll:events", count, "%d of %zu fds ready%s", count, fds.size(),
			count || timed_out ? "" : ": sleep");
		if (count || timed_out)
			break;
		int r = poll_schedule_timeout(&wq, deadline);
		if (r < 0)
			SP_RET(r);
		if (r == 0)
			timed_out = true;
	}
	SP_RET(count);
}

} // namespace

int sys_poll(std::vector<pollfd> &fds, int timeout_ms)
{
	long r;
	{
		SP_FN_NAMED("__x64_sys_poll", "nfds=%zu timeout_msecs=%d", fds.size(), timeout_ms);
		// do_sys_poll(): a negative timeout waits forever, 0 only looks.
		u64 deadline = timeout_ms < 0 ? UINT64_MAX : sim().now_ns() + (u64)timeout_ms * 1000000ull;
		r = fds.size() > 1024 * 1024 ? -EINVAL : do_poll(fds, deadline, timeout_ms == 0);
		sp_frame_.r(r);
	}
	return (int)syscall_record(r, "poll(nfds=%zu, timeout=%d)", fds.size(), timeout_ms);
}
