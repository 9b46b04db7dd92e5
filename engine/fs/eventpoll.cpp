// SPDX-License-Identifier: GPL-2.0-or-later
// fs/eventpoll.c: epoll. Each watched file has an epitem with an entry on the file's wait queue;
// a wake-up whose key matches the item's events (ep_poll_callback) links the item on the ready
// list. epoll_wait (ep_poll -> ep_send_events) takes the ready list, asks each item's file for
// its events again (ep_item_poll -> tcp_poll) and reports those that have some. A level-triggered
// item goes back on the ready list; an edge-triggered one (EPOLLET) is reported again only after
// a new wake-up, e.g. sk_stream_write_space() when ACKs made the socket writeable again.
#include <algorithm>
#include <deque>
#include <memory>

#include "net/socket_api.h"
#include "net/tcp.h"
#include "sim/world.h"

using namespace sp;

struct epitem {
	int fd = -1;
	socket_file *file = nullptr;
	epoll_event event;
	bool on_rdllist = false; // ep_is_linked(&epi->rdllink)
	u64 wait_id = 0;	 // the entry on the file's wait queue (eppoll_entry)
};

struct eventpoll {
	std::vector<std::unique_ptr<epitem>> items; // the rbtree, by fd
	std::deque<epitem *> rdllist;
	bool woken = false; // ep->wq was woken (a sleeper in ep_poll re-checks)
	bool closed = false;
};

namespace
{

eventpoll *ep_of(int epfd, int *err)
{
	SockLayer &L = socklayer();
	if (epfd < 0 || (size_t)epfd >= L.fds.size() || L.fds[epfd].kind == SockLayer::Fd::None) {
		*err = -EBADF;
		return nullptr;
	}
	if (L.fds[epfd].kind != SockLayer::Fd::Epoll) {
		*err = -EINVAL; // is_file_epoll() fails
		return nullptr;
	}
	return L.fds[epfd].ep;
}

epitem *ep_find(eventpoll *ep, int fd)
{
	for (auto &e : ep->items)
		if (e->fd == fd)
			return e.get();
	return nullptr;
}

void list_del_rdllink(eventpoll *ep, epitem *epi)
{
	if (!epi->on_rdllist)
		return;
	ep->rdllist.erase(std::find(ep->rdllist.begin(), ep->rdllist.end(), epi));
	epi->on_rdllist = false;
}

// ep_item_poll(): the file's events, masked by what the item watches.
__poll_t ep_item_poll(epitem *epi)
{
	return tcp_poll(epi->file) & epi->event.events;
}

// ep_poll_callback(): the wait-queue wake function of an epitem.
void ep_poll_callback(eventpoll *ep, epitem *epi, __poll_t pollflags)
{
	SP_FN("fd=%d key=%#x events=%#x", epi->fd, pollflags, epi->event.events);
	// EPOLLONESHOT disarmed the item (only private bits left): nothing to do.
	if (!(epi->event.events & ~EP_PRIVATE_BITS))
		return;
	bool match = !pollflags || (pollflags & epi->event.events);
	SP_LINE("ep_poll_callback:queue", match && !epi->on_rdllist, "wake-up key %#x vs watched %#x: %s",
		pollflags, epi->event.events,
		!match		  ? "no common event, ignored"
		: epi->on_rdllist ? "already on the ready list"
				  : "link on the ready list");
	if (!match)
		return;
	if (!epi->on_rdllist) {
		ep->rdllist.push_back(epi);
		epi->on_rdllist = true;
	}
	ep->woken = true; // wake_up(&ep->wq)
}

void ep_remove(eventpoll *ep, epitem *epi)
{
	remove_wait_queue(epi->file, epi->wait_id); // ep_unregister_pollwait
	list_del_rdllink(ep, epi);
	ep->items.erase(std::find_if(ep->items.begin(), ep->items.end(),
				     [epi](const std::unique_ptr<epitem> &p) { return p.get() == epi; }));
}

int ep_insert(eventpoll *ep, const epoll_event *event, socket_file *tf, int fd)
{
	SP_FN("fd=%d events=%#x", fd, event->events);
	auto up = std::make_unique<epitem>();
	epitem *epi = up.get();
	epi->fd = fd;
	epi->file = tf;
	epi->event = *event;
	ep->items.push_back(std::move(up));
	// ep_item_poll with ep_ptable_queue_proc: the entry on the socket's wait queue, then the events.
	epi->wait_id = add_wait_queue(tf, [ep, epi](__poll_t key) { ep_poll_callback(ep, epi, key); });
	__poll_t revents = ep_item_poll(epi);
	SP_LINE("ep_insert:ready", revents, "events now %#x: %s", revents,
		revents ? "link on the ready list" : "wait for a wake-up");
	if (revents && !epi->on_rdllist) {
		ep->rdllist.push_back(epi);
		epi->on_rdllist = true;
	}
	SP_RET(0);
}

int ep_modify(eventpoll *ep, epitem *epi, const epoll_event *event)
{
	epi->event = *event;
	// Model: no separate SP_FN; the same "poll again, link if ready" as ep_insert.
	if (ep_item_poll(epi) && !epi->on_rdllist) {
		ep->rdllist.push_back(epi);
		epi->on_rdllist = true;
	}
	return 0;
}

int ep_send_events(eventpoll *ep, std::vector<epoll_event> &out, int maxevents)
{
	SP_FN("ready=%zu maxevents=%d", ep->rdllist.size(), maxevents);
	// ep_start_scan(): take the whole ready list.
	std::deque<epitem *> txlist;
	txlist.swap(ep->rdllist);
	for (epitem *epi : txlist)
		epi->on_rdllist = false;
	int res = 0;
	while (!txlist.empty() && res < maxevents) {
		epitem *epi = txlist.front();
		txlist.pop_front();
		__poll_t revents = ep_item_poll(epi);
		bool et = epi->event.events & EPOLLET;
		SP_LINE("ep_send_events:report", revents, "fd %d: events %#x%s", epi->fd, revents,
			!revents			     ? ": nothing, dropped from the ready list"
			: (epi->event.events & EPOLLONESHOT) ? " reported, EPOLLONESHOT disarms"
			: et ? " reported, EPOLLET: not re-queued until the next wake-up"
			     : " reported, level-triggered: back on the ready list");
		if (!revents)
			continue;
		out.push_back({revents, epi->event.data});
		res++;
		if (epi->event.events & EPOLLONESHOT) {
			epi->event.events &= EP_PRIVATE_BITS;
		} else if (!et) {
			ep->rdllist.push_back(epi);
			epi->on_rdllist = true;
		}
	}
	// ep_done_scan(): what was not looked at goes back in front.
	for (auto it = txlist.rbegin(); it != txlist.rend(); ++it)
		if (!(*it)->on_rdllist) {
			ep->rdllist.push_front(*it);
			(*it)->on_rdllist = true;
		}
	SP_RET(res);
}

int ep_poll(eventpoll *ep, std::vector<epoll_event> &out, int maxevents, int timeout_ms)
{
	SP_FN("maxevents=%d timeout=%d ready=%zu", maxevents, timeout_ms, ep->rdllist.size());
	bool timed_out = timeout_ms == 0;
	u64 start = sim().now_ns();
	u64 deadline = timeout_ms < 0 ? UINT64_MAX : start + (u64)timeout_ms * 1000000ull;
	for (;;) {
		if (!ep->rdllist.empty()) {
			int res = ep_send_events(ep, out, maxevents);
			if (res)
				SP_RET(res);
		}
		if (timed_out)
			SP_RET(0);
		SP_LINE("ep_poll:sleep", timeout_ms, "no ready events: sleep (timeout %d ms)", timeout_ms);
		ep->woken = false;
		while (!ep->woken) {
			u64 t = sim().next_event_time();
			if (t == UINT64_MAX || sim().stopped || t > deadline)
				break;
			sim().run(t);
		}
		if (!ep->woken) {
			if (deadline == UINT64_MAX || sim().stopped) {
				world().warnings.push_back("epoll_wait() without timeout can never end: no "
							   "event left to wake it (returned -EINTR)");
				SP_RET(-EINTR);
			}
			sim().advance_to(deadline);
			timed_out = true;
		}
	}
}

} // namespace

void eventpoll_release(socket_file *s)
{
	if (!s)
		return;
	for (auto &ep : socklayer().eventpolls) {
		for (size_t i = 0; i < ep->items.size();) {
			if (ep->items[i]->file == s)
				ep_remove(ep.get(), ep->items[i].get());
			else
				i++;
		}
	}
}

void ep_clear_and_put(eventpoll *ep)
{
	while (!ep->items.empty())
		ep_remove(ep, ep->items.back().get());
	ep->closed = true;
}

int sys_epoll_create(int size)
{
	long r;
	{
		SP_FN_NAMED("__x64_sys_epoll_create", "size=%d", size);
		if (size <= 0) {
			r = -EINVAL; // the size is ignored but must be positive
		} else {
			SockLayer &L = socklayer();
			auto ep = std::make_shared<eventpoll>();
			int fd = get_unused_fd_flags();
			L.fds[fd].kind = SockLayer::Fd::Epoll;
			L.fds[fd].ep = ep.get();
			L.eventpolls.push_back(std::move(ep));
			r = fd;
		}
		sp_frame_.r(r);
	}
	return (int)syscall_record(r, "epoll_create(%d)", size);
}

int sys_epoll_ctl(int epfd, int op, int fd, const epoll_event *event)
{
	long r;
	{
		SP_FN_NAMED("__x64_sys_epoll_ctl", "epfd=%d op=%d fd=%d events=%#x", epfd, op, fd,
			    event ? event->events : 0u);
		r = [&]() -> long {
			// do_epoll_ctl(): both fds open (-EBADF), the target pollable (-EPERM), then the
			// epoll fd an epoll instance other than the target (-EINVAL).
			int err = 0;
			eventpoll *ep = ep_of(epfd, &err);
			SockLayer &L = socklayer();
			if (err == -EBADF && !ep)
				return -EBADF;
			if (fd < 0 || (size_t)fd >= L.fds.size() || L.fds[fd].kind == SockLayer::Fd::None)
				return -EBADF;
			// Model: sockets are the only files epoll watches here; regular files have no
			// ->poll (-EPERM in the kernel too), a nested epoll fd is refused the same way.
			if (L.fds[fd].kind != SockLayer::Fd::Socket)
				return -EPERM;
			if (!ep || epfd == fd)
				return -EINVAL;
			if (op != EPOLL_CTL_DEL && !event)
				return -EFAULT;
			epitem *epi = ep_find(ep, fd);
			epoll_event epds = event ? *event : epoll_event{};
			switch (op) {
			case EPOLL_CTL_ADD:
				if (epi)
					return -EEXIST;
				epds.events |= EPOLLERR | EPOLLHUP;
				return ep_insert(ep, &epds, L.fds[fd].sock, fd);
			case EPOLL_CTL_DEL:
				if (!epi)
					return -ENOENT;
				ep_remove(ep, epi);
				return 0;
			case EPOLL_CTL_MOD:
				if (!epi)
					return -ENOENT;
				epds.events |= EPOLLERR | EPOLLHUP;
				return ep_modify(ep, epi, &epds);
			default:
				return -EINVAL;
			}
		}();
		sp_frame_.r(r);
	}
	return (int)syscall_record(r, "epoll_ctl(%d, %d, %d, %#x)", epfd, op, fd, event ? event->events : 0u);
}

int sys_epoll_wait(int epfd, std::vector<epoll_event> &events, int maxevents, int timeout_ms)
{
	long r;
	events.clear();
	{
		SP_FN_NAMED("__x64_sys_epoll_wait", "epfd=%d maxevents=%d timeout=%d", epfd, maxevents,
			    timeout_ms);
		int err = 0;
		eventpoll *ep = ep_of(epfd, &err);
		if (maxevents <= 0)
			r = -EINVAL;
		else if (!ep)
			r = err;
		else
			r = ep_poll(ep, events, maxevents, timeout_ms);
		sp_frame_.r(r);
	}
	return (int)syscall_record(r, "epoll_wait(%d, %d, %d)", epfd, maxevents, timeout_ms);
}
