// SPDX-License-Identifier: GPL-2.0-or-later
// msghdr, iov_iter, cmsg and the MSG_* / SO_* constants (include/linux/socket.h, uio.h,
// include/uapi/asm-generic/socket.h). User memory is modelled: an iovec's base is an address in
// the process's simulated address space (UserMem, engine/net/socket.cpp).
#pragma once
#include <string>
#include <vector>

#include "linux/types.h"

enum : unsigned {
	MSG_OOB = 1, MSG_PEEK = 2, MSG_DONTROUTE = 4, MSG_CTRUNC = 8, MSG_PROBE = 0x10, MSG_TRUNC = 0x20,
	MSG_DONTWAIT = 0x40, MSG_EOR = 0x80, MSG_WAITALL = 0x100, MSG_NOSIGNAL = 0x4000, MSG_MORE = 0x8000,
	MSG_ERRQUEUE = 0x2000, MSG_SPLICE_PAGES = 0x8000000, MSG_FASTOPEN = 0x20000000,
	MSG_ZEROCOPY = 0x4000000, MSG_NO_SHARED_FRAGS = 0x80000, MSG_SENDPAGE_NOTLAST = 0x20000,
	MSG_CMSG_COMPAT = 0,
};
enum : int { SOL_SOCKET = 1, SOL_IP = 0, SOL_TCP = 6 };
enum : int {
	SO_SNDBUF = 7, SO_RCVBUF = 8, SO_PRIORITY = 12, SO_MARK = 36, SO_TIMESTAMPING = 37,
	SO_TXTIME = 61, SO_ZEROCOPY = 60, SO_DEVMEM_DMABUF = 79, SCM_DEVMEM_DMABUF = 79,
	SO_BINDTODEVICE = 25, SO_SNDTIMEO = 21, SO_MAX_PACING_RATE = 47,
};
enum : int {
	TCP_NODELAY = 1, TCP_MAXSEG = 2, TCP_CORK = 3, TCP_NOTSENT_LOWAT = 25, TCP_USER_TIMEOUT = 18,
	TCP_CONGESTION = 13, TCP_REPAIR = 19,
};
// sk_userlocks
enum : u8 { SOCK_SNDBUF_LOCK = 1, SOCK_RCVBUF_LOCK = 2 };

// One control message (the model keeps it decoded: level, type, payload bytes).
struct cmsghdr {
	size_t cmsg_len;  // CMSG_LEN(payload)
	int cmsg_level, cmsg_type;
	std::vector<u8> data;
};
static inline size_t CMSG_ALIGN(size_t l) { return (l + sizeof(long) - 1) & ~(sizeof(long) - 1); }
static inline size_t CMSG_LEN(size_t l) { return CMSG_ALIGN(16) + l; }  // sizeof(struct cmsghdr) = 16

struct iovec {
	u64 iov_base;  // user address (simulated)
	size_t iov_len;
};

// include/linux/uio.h
enum iter_type : u8 { ITER_UBUF, ITER_IOVEC, ITER_BVEC, ITER_KVEC };
struct iov_iter {
	iter_type type = ITER_UBUF;
	std::vector<iovec> iov;  // ITER_UBUF: exactly one
	size_t nr_segs = 0, iov_offset = 0, count = 0;
	size_t seg = 0;  // current segment
	bool data_source = true;  // ITER_SOURCE
	// ---- appended by the socket-layer area: ITER_BVEC (splice/sendfile): the page of each
	// segment; iov[k].iov_base is then the offset in bvec[k], iov_len the length.
	std::vector<struct page *> bvec;
};
static inline size_t iov_iter_count(const iov_iter *i) { return i->count; }
void iov_iter_advance(iov_iter *i, size_t bytes);
void iov_iter_revert(iov_iter *i, size_t bytes);

struct ubuf_info;
struct msghdr {
	void *msg_name = nullptr;
	int msg_namelen = 0;
	iov_iter msg_iter;
	std::vector<cmsghdr> msg_control;  // empty: msg_controllen == 0
	size_t msg_controllen() const { return msg_control.size(); }
	unsigned msg_flags = 0;
	ubuf_info *msg_ubuf = nullptr;  // io_uring / kernel-provided zerocopy notification
	bool msg_get_inq = false;
	// Pages handed over by splice (MSG_SPLICE_PAGES; ITER_BVEC in the kernel).
	std::vector<struct page *> bvec_pages;
};
