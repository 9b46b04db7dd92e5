// SPDX-License-Identifier: GPL-2.0-or-later
// glibc send()/sendto()/sendmsg() -> the syscall entry (see send.h).
#include "glibc/send.h"

#include "sim/sim.h"

namespace glibc
{

int last_errno = 0;

static long syscall_ret(long r)
{
	// INLINE_SYSCALL: a -errno result becomes -1 with errno set.
	if (r < 0) {
		last_errno = (int)-r;
		return -1;
	}
	return r;
}

long send(int fd, u64 buf, size_t len, int flags)
{
	long r;
	{
		SP_FN_NAMED("__libc_send", "fd=%d len=%zu flags=%#x", fd, len, flags);
		// x86-64 glibc does not define __ASSUME_SEND_SYSCALL: send() is the sendto syscall with no
		// address (other architectures may use SYSCALL_DEFINE4(send) -> __x64_sys_send's sibling).
		SP_LINE("__libc_send:syscall", 0,
			"SYSCALL_CANCEL(sendto, fd, buf, len, flags, NULL, 0): syscall instruction, enter the kernel");
		r = sys_sendto(fd, buf, len, (unsigned)flags, nullptr, 0, "send");
		sp_frame_.r(r);
	}
	return syscall_ret(r);
}

long sendto(int fd, u64 buf, size_t len, int flags, const u32 *daddr, u16 dport)
{
	long r;
	{
		SP_FN_NAMED("__libc_sendto", "fd=%d len=%zu flags=%#x", fd, len, flags);
		r = sys_sendto(fd, buf, len, (unsigned)flags, daddr, dport);
		sp_frame_.r(r);
	}
	return syscall_ret(r);
}

long sendmsg(int fd, const std::vector<iovec> &iov, const std::vector<cmsghdr> &cmsgs, int flags)
{
	long r;
	{
		SP_FN_NAMED("__libc_sendmsg", "fd=%d iovcnt=%zu flags=%#x", fd, iov.size(), flags);
		r = sys_sendmsg(fd, iov, cmsgs, (unsigned)flags);
		sp_frame_.r(r);
	}
	return syscall_ret(r);
}

} // namespace glibc
