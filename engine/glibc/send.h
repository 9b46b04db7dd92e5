// SPDX-License-Identifier: GPL-2.0-or-later
// glibc's send()/sendto()/sendmsg() (sysdeps/unix/sysv/linux/send.c etc.) for the simulated
// process: thin wrappers that enter the kernel through the syscall (SYSCALL_CANCEL), as on
// x86_64 where __ASSUME_SEND_SYSCALL uses the send syscall directly. Buffers are user addresses.
#pragma once
#include <vector>

#include "net/socket_api.h"

namespace glibc
{
// __libc_send(): SYSCALL_CANCEL(send, fd, buf, len, flags)
long send(int fd, u64 buf, size_t len, int flags);
// __libc_sendto(): SYSCALL_CANCEL(sendto, ...); daddr == nullptr for a connected socket
long sendto(int fd, u64 buf, size_t len, int flags, const u32 *daddr = nullptr, u16 dport = 0);
// __libc_sendmsg(): SYSCALL_CANCEL(sendmsg, fd, msg, flags)
long sendmsg(int fd, const std::vector<iovec> &iov, const std::vector<cmsghdr> &cmsgs, int flags);
// errno of the last failing call (the wrappers return -1 and set it, like glibc)
extern int last_errno;
} // namespace glibc
