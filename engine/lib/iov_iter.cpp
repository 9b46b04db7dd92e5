// SPDX-License-Identifier: GPL-2.0-or-later
// lib/iov_iter.c: the user-memory iterator behind msg->msg_iter (ITER_UBUF for send() and
// single-iovec sendmsg(), ITER_IOVEC for several iovecs). User addresses point into
// world().user_mem (World::USER_BASE).
#include <algorithm>
#include <cstring>

#include "linux/socket.h"
#include "net/socket_api.h"
#include "sim/world.h"

using namespace sp;

bool user_access_ok(u64 addr, size_t len)
{
	// access_ok(): the range must lie in the process's mapped heap.
	if (addr < World::USER_BASE)
		return len == 0;
	u64 off = addr - World::USER_BASE;
	return off <= world().user_mem.size() && len <= world().user_mem.size() - off;
}

u8 *user_ptr(u64 addr)
{
	return world().user_mem.data() + (addr - World::USER_BASE);
}

void iov_iter_advance(iov_iter *i, size_t bytes)
{
	bytes = std::min(bytes, i->count);
	i->count -= bytes;
	while (bytes && i->seg < i->iov.size()) {
		size_t left = i->iov[i->seg].iov_len - i->iov_offset;
		if (bytes < left) {
			i->iov_offset += bytes;
			return;
		}
		bytes -= left;
		i->seg++;
		i->iov_offset = 0;
	}
	// Skip empty segments so iov[seg] is the next byte's segment.
	while (i->seg < i->iov.size() && i->iov[i->seg].iov_len == 0 && i->count)
		i->seg++;
}

void iov_iter_revert(iov_iter *i, size_t bytes)
{
	i->count += bytes;
	while (bytes) {
		if (i->iov_offset >= bytes) {
			i->iov_offset -= bytes;
			return;
		}
		bytes -= i->iov_offset;
		if (i->seg == 0) {
			i->iov_offset = 0;
			return;
		}
		i->seg--;
		i->iov_offset = i->iov[i->seg].iov_len;
	}
}

// Copies up to `bytes` from the user range the iterator points at; stops at the first
// inaccessible segment (a fault), like copy_from_user returning a short count.
size_t copy_from_iter(void *addr, size_t bytes, iov_iter *i)
{
	size_t done = 0;
	bytes = std::min(bytes, i->count);
	while (done < bytes && i->seg < i->iov.size()) {
		const iovec &v = i->iov[i->seg];
		if (v.iov_len == i->iov_offset) {
			// iterate_iovec(): an empty (or used-up) segment is stepped over, not a fault.
			i->seg++;
			i->iov_offset = 0;
			continue;
		}
		size_t n = std::min(bytes - done, v.iov_len - i->iov_offset);
		u64 src = v.iov_base + i->iov_offset;
		if (!user_access_ok(src, n))
			break;
		if (n)
			std::memcpy((u8 *)addr + done, user_ptr(src), n);
		done += n;
		iov_iter_advance(i, n);
	}
	return done;
}

bool copy_from_iter_full(void *addr, size_t bytes, iov_iter *i)
{
	size_t n = copy_from_iter(addr, bytes, i);
	if (n != bytes) {
		iov_iter_revert(i, n);
		return false;
	}
	return true;
}

size_t copy_to_iter(const void *addr, size_t bytes, iov_iter *i)
{
	size_t done = 0;
	bytes = std::min(bytes, i->count);
	while (done < bytes && i->seg < i->iov.size()) {
		const iovec &v = i->iov[i->seg];
		if (v.iov_len == i->iov_offset) {
			// iterate_iovec(): an empty (or used-up) segment is stepped over, not a fault.
			i->seg++;
			i->iov_offset = 0;
			continue;
		}
		size_t n = std::min(bytes - done, v.iov_len - i->iov_offset);
		u64 dst = v.iov_base + i->iov_offset;
		if (!user_access_ok(dst, n))
			break;
		if (n)
			std::memcpy(user_ptr(dst), (const u8 *)addr + done, n);
		done += n;
		iov_iter_advance(i, n);
	}
	return done;
}
