// SPDX-License-Identifier: GPL-2.0-or-later
// MSG_ZEROCOPY notification state and the error-queue record (include/linux/skbuff.h ubuf_info,
// ubuf_info_msgzc; include/uapi/linux/errqueue.h sock_extended_err). Implemented in
// engine/net/core/skbuff_zerocopy.cpp and engine/net/core/datagram.cpp.
#pragma once
#include <string>
#include <sys/types.h>

#include "linux/skbuff.h"

struct sock;
struct msghdr;
struct iov_iter;
struct net_devmem_dmabuf_binding;

// include/uapi/linux/errqueue.h
constexpr u8 SO_EE_ORIGIN_NONE = 0, SO_EE_ORIGIN_LOCAL = 1, SO_EE_ORIGIN_ICMP = 2, SO_EE_ORIGIN_ZEROCOPY = 5;
constexpr u8 SO_EE_CODE_ZEROCOPY_COPIED = 1;
constexpr int IP_RECVERR = 11;
struct sock_extended_err {
	u32 ee_errno = 0;
	u8 ee_origin = 0, ee_type = 0, ee_code = 0, ee_pad = 0;
	u32 ee_info = 0; // zerocopy: first notification id of the range
	u32 ee_data = 0; // zerocopy: last notification id of the range (inclusive)
};

// struct ubuf_info_msgzc: one MSG_ZEROCOPY notification range [id, id + len - 1]. In the kernel it
// lives in the cb[] of an skb allocated with sock_omalloc(); that skb is what gets queued on
// sk_error_queue when the last reference goes. Model: a plain object owning that skb.
struct ubuf_info {
	std::string name; // "uarg#1"
	F<u32> id, len, bytelen;
	F<u8> zerocopy; // 0 once any skb of the range had to copy (no SG / copy fallback)
	F<int> refcnt;
	u8 flags = 0;		 // SKBFL_ZEROCOPY_FRAG | SKBFL_DONT_ORPHAN
	bool is_msgzc = true;	 // ops == &msg_zerocopy_ubuf_ops (false: io_uring-style msg_ubuf)
	bool devmem = false;	 // 6.16: no RLIMIT_MEMLOCK accounting
	unsigned mmp_num_pg = 0; // mm_account_pinned_pages() charge (pages)
	sk_buff *skb = nullptr;	 // the notification skb (sock_omalloc)
	sock *sk = nullptr;
};
constexpr u8 SKBFL_ZEROCOPY_FRAG = SKBFL_ZEROCOPY_ENABLE | SKBFL_SHARED_FRAG;
constexpr u32 MSG_ZEROCOPY_BYTE_LIMIT = 1u << 19; // coalesce notifications up to 512 KiB

// net/core/skbuff.c
ubuf_info *msg_zerocopy_realloc(sock *sk, size_t size, ubuf_info *uarg, bool devmem);
void msg_zerocopy_callback(sk_buff *skb, ubuf_info *uarg, bool success); // ops->complete
void msg_zerocopy_put_abort(ubuf_info *uarg, bool have_uref);
void net_zcopy_get(ubuf_info *uarg);
void net_zcopy_put(ubuf_info *uarg);
void net_zcopy_put_abort(ubuf_info *uarg, bool have_uref);
static inline ubuf_info *skb_zcopy_uarg(const sk_buff *skb)
{
	return skb_zcopy(skb) ? skb_shinfo(skb)->destructor_arg : nullptr;
}
void skb_zcopy_set(sk_buff *skb, ubuf_info *uarg, bool *have_ref);
void skb_zcopy_clear(sk_buff *skb, bool zerocopy_success);
int skb_copy_ubufs(sk_buff *skb, gfp_t gfp);
int skb_orphan_frags_rx(sk_buff *skb, gfp_t gfp);
int skb_zerocopy_iter_stream(sock *sk, sk_buff *skb, msghdr *msg, int len, ubuf_info *uarg,
			     net_devmem_dmabuf_binding *binding);
ssize_t skb_splice_from_iter(sk_buff *skb, iov_iter *iter, ssize_t maxsize, gfp_t gfp);
bool skb_can_coalesce(sk_buff *skb, int i, const page *pg, int off);
// net/core/datagram.c
int __zerocopy_sg_from_iter(msghdr *msg, sock *sk, sk_buff *skb, iov_iter *from, size_t length,
			    net_devmem_dmabuf_binding *binding);
int zerocopy_fill_skb_from_iter(sk_buff *skb, iov_iter *from, size_t length);
int zerocopy_fill_skb_from_devmem(sk_buff *skb, iov_iter *from, int length,
				  net_devmem_dmabuf_binding *binding);
// The error-queue record of a notification skb (SKB_EXT_ERR(skb)->ee); nullptr if none.
sock_extended_err *skb_ext_err(const sk_buff *skb);
