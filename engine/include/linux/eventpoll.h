// SPDX-License-Identifier: GPL-2.0-or-later
// include/uapi/linux/eventpoll.h and include/uapi/asm-generic/poll.h: the poll/epoll event bits
// (on x86 POLLIN.. and EPOLLIN.. have the same values, so mangle_poll/demangle_poll are identity).
#pragma once
#include "linux/types.h"

using __poll_t = u32;

constexpr __poll_t EPOLLIN = 0x001, EPOLLPRI = 0x002, EPOLLOUT = 0x004, EPOLLERR = 0x008, EPOLLHUP = 0x010,
		   EPOLLNVAL = 0x020, EPOLLRDNORM = 0x040, EPOLLRDBAND = 0x080, EPOLLWRNORM = 0x100,
		   EPOLLWRBAND = 0x200, EPOLLMSG = 0x400, EPOLLRDHUP = 0x2000;
constexpr __poll_t EPOLLEXCLUSIVE = 1u << 28, EPOLLWAKEUP = 1u << 29, EPOLLONESHOT = 1u << 30,
		   EPOLLET = 1u << 31;
// fs/eventpoll.c: the bits that are not events
constexpr __poll_t EP_PRIVATE_BITS = EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE;

enum : int { EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3 };

// struct epoll_event (packed on x86-64: events + 64-bit data)
struct epoll_event {
	__poll_t events = 0;
	u64 data = 0;
};

// struct pollfd
struct pollfd {
	int fd = -1;
	short events = 0;
	short revents = 0;
};
