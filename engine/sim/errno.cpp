// SPDX-License-Identifier: GPL-2.0-or-later
#include "linux/types.h"

const char *errno_name(int e)
{
	if (e < 0)
		e = -e;
	switch (e) {
	case 0:
		return "OK";
	case EPERM:
		return "EPERM";
	case ENOENT:
		return "ENOENT";
	case EINTR:
		return "EINTR";
	case EIO:
		return "EIO";
	case EBADF:
		return "EBADF";
	case EAGAIN:
		return "EAGAIN";
	case ENOMEM:
		return "ENOMEM";
	case EFAULT:
		return "EFAULT";
	case EBUSY:
		return "EBUSY";
	case EEXIST:
		return "EEXIST";
	case ENODEV:
		return "ENODEV";
	case EINVAL:
		return "EINVAL";
	case ENOSPC:
		return "ENOSPC";
	case EPIPE:
		return "EPIPE";
	case ENOBUFS:
		return "ENOBUFS";
	case EISCONN:
		return "EISCONN";
	case ENOTCONN:
		return "ENOTCONN";
	case ETIMEDOUT:
		return "ETIMEDOUT";
	case ECONNREFUSED:
		return "ECONNREFUSED";
	case EALREADY:
		return "EALREADY";
	case EINPROGRESS:
		return "EINPROGRESS";
	case EMSGSIZE:
		return "EMSGSIZE";
	case EOPNOTSUPP:
		return "EOPNOTSUPP";
	case ECONNRESET:
		return "ECONNRESET";
	case EDESTADDRREQ:
		return "EDESTADDRREQ";
	case ENOTSOCK:
		return "ENOTSOCK";
	case EPROTO:
		return "EPROTO";
	case ENOPROTOOPT:
		return "ENOPROTOOPT";
	case ENETUNREACH:
		return "ENETUNREACH";
	case EHOSTUNREACH:
		return "EHOSTUNREACH";
	case ERESTARTSYS:
		return "ERESTARTSYS";
	}
	return "E?";
}
