// SPDX-License-Identifier: GPL-2.0-or-later
// ERR_PTR / IS_ERR / PTR_ERR (include/linux/err.h) for the GSO functions of the TX area, kept in a
// namespace so they cannot clash with another area's copy.
#pragma once
#include <cstdint>

struct sk_buff;
namespace xmit
{
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
} // namespace xmit

// Functions returning pointers must not record the pointer value (traces have to be identical
// run to run): SP_RET_P records the object's id instead (skb id, queue index), 0 for NULL and the
// errno for an ERR_PTR.
#include "net/sch_generic.h"
namespace xmit
{
static inline int64_t ret_val(const sk_buff *p)
{
	return !p ? 0 : IS_ERR(p) ? PTR_ERR(p) : (int64_t)p->id;
}
static inline int64_t ret_val(const netdev_queue *q)
{
	return q ? q->index : -1;
}
static inline int64_t ret_val(const Qdisc *q)
{
	return q ? 1 : 0;
}
static inline int64_t ret_val(const rtable *rt)
{
	return rt ? 1 : 0;
}
} // namespace xmit
#define SP_RET_P(p)                                                                                          \
	do {                                                                                                 \
		auto *xr_ = (p);                                                                             \
		sp_frame_.r(xmit::ret_val(xr_));                                                             \
		return xr_;                                                                                  \
	} while (0)
