// SPDX-License-Identifier: GPL-2.0-or-later
// ERR_PTR / IS_ERR / PTR_ERR (include/linux/err.h) for the GSO functions of the TX area, kept in a
// namespace so they cannot clash with another area's copy.
#pragma once
#include <cstdint>

struct sk_buff;
namespace xmit {
template <class T = ::sk_buff> static inline T *ERR_PTR(long err)
{
	return (T *)(intptr_t)err;
}
static inline bool IS_ERR(const void *p)
{
	return (uintptr_t)p >= (uintptr_t)-4095;
}
static inline bool IS_ERR_OR_NULL(const void *p)
{
	return !p || IS_ERR(p);
}
static inline long PTR_ERR(const void *p)
{
	return (long)(intptr_t)p;
}
}  // namespace xmit
