// SPDX-License-Identifier: GPL-2.0-or-later
// net/core/skbuff.c, the MSG_ZEROCOPY part: notification ranges (ubuf_info_msgzc), their
// coalescing, the completion queued on sk_error_queue, attaching pinned pages to a TCP skb
// (skb_zerocopy_iter_stream) and splicing pages (skb_splice_from_iter).
#include <algorithm>
#include <vector>

#include "linux/errqueue.h"
#include "net/socket_api.h"
#include "net/tcp.h"
#include "sim/world.h"

using namespace sp;

constexpr u8 SKBFL_ALL_ZEROCOPY = SKBFL_ZEROCOPY_FRAG | SKBFL_PURE_ZEROCOPY;

sock_extended_err *skb_ext_err(const sk_buff *skb)
{
	auto &q = socklayer().errq;
	auto it = q.find(skb->id);
	return it == q.end() ? nullptr : &it->second;
}

// mm_account_pinned_pages(): charge the pages a send may pin to the user's locked_vm, limited by
// RLIMIT_MEMLOCK. Worst case (size >> PAGE_SHIFT) + 2 pages (unaligned start and end).
static int mm_account_pinned_pages(ubuf_info *uarg, size_t size)
{
	if (world().sockext.cap_net_admin || !size)
		return 0; // CAP_IPC_LOCK: not charged
	u64 rlim = world().sockext.rlimit_memlock;
	if (rlim == ~0ull)
		return 0;
	unsigned num_pg = (unsigned)(size >> PAGE_SHIFT) + 2;
	u64 max_pg = rlim >> PAGE_SHIFT;
	SockLayer &L = socklayer();
	u64 new_pg = L.locked_vm + num_pg;
	SP_LINE("mm_account_pinned_pages:check", (long)new_pg,
		"locked_vm %llu + %u pages %s RLIMIT_MEMLOCK %llu pages", (unsigned long long)L.locked_vm,
		num_pg, new_pg > max_pg ? ">" : "<=", (unsigned long long)max_pg);
	if (new_pg > max_pg)
		return -ENOBUFS;
	L.locked_vm = new_pg;
	uarg->mmp_num_pg += num_pg;
	return 0;
}

static void mm_unaccount_pinned_pages(ubuf_info *uarg)
{
	socklayer().locked_vm -= uarg->mmp_num_pg;
	uarg->mmp_num_pg = 0;
}

static ubuf_info *msg_zerocopy_alloc(sock *sk, size_t size, bool devmem)
{
	SP_FN("%s size=%zu devmem=%d", sk->name.c_str(), size, devmem);
	// sock_omalloc(sk, 0): the skb whose cb[] holds the ubuf_info_msgzc; it becomes the
	// notification queued on sk_error_queue.
	sk_buff *skb = alloc_skb(0, GFP_KERNEL);
	skb->sk = sk;
	auto *uarg = new ubuf_info;
	uarg->skb = skb;
	uarg->sk = sk;
	uarg->devmem = devmem;
	uarg->name = "uarg#" + std::to_string(sim().serial("uarg"));
	if (sim().rec()) {
		uarg->id.reg(uarg->name, "id");
		uarg->len.reg(uarg->name, "len");
		uarg->bytelen.reg(uarg->name, "bytelen");
		uarg->zerocopy.reg(uarg->name, "zerocopy", Fmt::Bool);
		uarg->refcnt.reg(uarg->name, "refcnt");
	}
	// 6.16: a devmem send pins no user pages, so nothing is charged to RLIMIT_MEMLOCK.
	if (!(sim().v616() && devmem) && mm_account_pinned_pages(uarg, size)) {
		SP_LINE("msg_zerocopy_alloc:memlock", -ENOBUFS,
			"RLIMIT_MEMLOCK exceeded: no uarg (-ENOBUFS)");
		kfree_skb(skb);
		delete uarg;
		SP_RET((ubuf_info *)nullptr);
	}
	uarg->id = sk->sk_zckey;
	sk->sk_zckey += 1; // atomic_inc_return(&sk->sk_zckey) - 1
	uarg->len = 1;
	uarg->bytelen = (u32)size;
	uarg->zerocopy = 1;
	uarg->flags = SKBFL_ZEROCOPY_FRAG | SKBFL_DONT_ORPHAN;
	uarg->refcnt = 1;
	SP_LINE("msg_zerocopy_alloc:id", uarg->id, "%s: notification id %u, bytelen %zu", uarg->name.c_str(),
		(unsigned)uarg->id, size);
	SP_RET(uarg);
}

ubuf_info *msg_zerocopy_realloc(sock *sk, size_t size, ubuf_info *uarg, bool devmem)
{
	SP_FN("%s size=%zu uarg=%s devmem=%d", sk->name.c_str(), size, uarg ? uarg->name.c_str() : "-",
	      devmem);
	if (uarg) {
		if (!uarg->is_msgzc)
			SP_RET((ubuf_info *)nullptr); // someone else's ubuf (not MSG_ZEROCOPY)
		u32 bytelen = uarg->bytelen + (u32)size;
		if (uarg->len == 0xffff - 1 || bytelen > MSG_ZEROCOPY_BYTE_LIMIT) {
			// TCP can start a new skb with a new uarg.
			SP_LINE("msg_zerocopy_realloc:limit", bytelen,
				"bytelen %u > %u (or len at max): new uarg", bytelen,
				MSG_ZEROCOPY_BYTE_LIMIT);
			goto new_alloc;
		}
		u32 next = sk->sk_zckey;
		if ((u32)(uarg->id + uarg->len) == next) {
			if (!(sim().v616() && devmem) && mm_account_pinned_pages(uarg, size))
				SP_RET((ubuf_info *)nullptr);
			uarg->len += 1;
			uarg->bytelen = bytelen;
			sk->sk_zckey = ++next;
			net_zcopy_get(uarg); // TCP: one more reference for this send
			SP_LINE("msg_zerocopy_realloc:extend", uarg->len,
				"%s extended: ids %u..%u, bytelen %u", uarg->name.c_str(), (unsigned)uarg->id,
				(unsigned)(uarg->id + uarg->len - 1), bytelen);
			SP_RET(uarg);
		}
		SP_LINE("msg_zerocopy_realloc:gap", next, "id+len %u != sk_zckey %u: new uarg",
			(unsigned)(uarg->id + uarg->len), next);
	}
new_alloc:
	SP_RET(msg_zerocopy_alloc(sk, size, devmem));
}

void net_zcopy_get(ubuf_info *uarg)
{
	uarg->refcnt += 1;
}

// skb_zerocopy_notify_extend(): merge [lo, lo+len-1] into the tail notification if contiguous.
static bool skb_zerocopy_notify_extend(sk_buff *skb, u32 lo, u16 len)
{
	sock_extended_err *serr = skb_ext_err(skb);
	u32 old_lo = serr->ee_info, old_hi = serr->ee_data;
	u64 sum_len = (u64)old_hi - old_lo + 1ULL + len;
	if (sum_len >= (1ULL << 32))
		return false;
	if (lo != old_hi + 1)
		return false;
	serr->ee_data += len;
	return true;
}

// __msg_zerocopy_callback(): the last reference is gone: queue (or merge) the notification.
static void __msg_zerocopy_callback(ubuf_info *uarg)
{
	SP_FN("%s id=%u len=%u zerocopy=%u", uarg->name.c_str(), (unsigned)uarg->id, (unsigned)uarg->len,
	      (unsigned)uarg->zerocopy);
	sk_buff *skb = uarg->skb;
	sock *sk = uarg->sk;
	socket_file *sf = sock_of(sk);
	mm_unaccount_pinned_pages(uarg);
	if (!uarg->len || (sf && sf->dead)) {
		SP_LINE("__msg_zerocopy_callback:none", 0, "%s",
			!uarg->len ? "only call was aborted: no notification"
				   : "socket closed: no notification");
		consume_skb(skb);
		delete uarg;
		return;
	}
	u16 len = (u16)uarg->len;
	u32 lo = uarg->id, hi = uarg->id + len - 1;
	sock_extended_err ee;
	ee.ee_errno = 0;
	ee.ee_origin = SO_EE_ORIGIN_ZEROCOPY;
	ee.ee_data = hi;
	ee.ee_info = lo;
	if (!uarg->zerocopy)
		ee.ee_code |= SO_EE_CODE_ZEROCOPY_COPIED;
	socklayer().errq[skb->id] = ee;
	sk_buff *tail = sk->sk_error_queue.empty() ? nullptr : sk->sk_error_queue.back();
	sock_extended_err *tee = tail ? skb_ext_err(tail) : nullptr;
	if (!tail || !tee || tee->ee_origin != SO_EE_ORIGIN_ZEROCOPY ||
	    !skb_zerocopy_notify_extend(tail, lo, len)) {
		sk->sk_error_queue.push_back(skb);
		SP_LINE("__msg_zerocopy_callback:queue", hi,
			"queue notification [%u, %u]%s on sk_error_queue (%zu queued)", lo, hi,
			uarg->zerocopy ? "" : " code ZEROCOPY_COPIED", sk->sk_error_queue.size());
		skb = nullptr;
	} else {
		SP_LINE("__msg_zerocopy_callback:merge", hi,
			"merged into the tail notification: now [%u, %u]", tee->ee_info, tee->ee_data);
	}
	sk_error_report(sk);
	if (skb) {
		socklayer().errq.erase(skb->id);
		consume_skb(skb);
	}
	delete uarg;
}

// msg_zerocopy_complete() (ubuf ops->complete): drop one reference; success is ANDed in.
void msg_zerocopy_callback(sk_buff *skb, ubuf_info *uarg, bool success)
{
	SP_FN("%s refcnt=%d success=%d", uarg->name.c_str(), (int)uarg->refcnt, success);
	uarg->zerocopy = uarg->zerocopy & (u8)success;
	uarg->refcnt -= 1;
	SP_LINE("msg_zerocopy_complete:ref", uarg->refcnt, "%s refcnt now %d", uarg->name.c_str(),
		(int)uarg->refcnt);
	if (uarg->refcnt == 0)
		__msg_zerocopy_callback(uarg);
}

void net_zcopy_put(ubuf_info *uarg)
{
	if (uarg)
		msg_zerocopy_callback(nullptr, uarg, true);
}

void msg_zerocopy_put_abort(ubuf_info *uarg, bool have_uref)
{
	SP_FN("%s have_uref=%d", uarg->name.c_str(), have_uref);
	// This send queued nothing: give its id back.
	uarg->sk->sk_zckey -= 1;
	uarg->len -= 1;
	if (have_uref)
		msg_zerocopy_callback(nullptr, uarg, true);
}

void net_zcopy_put_abort(ubuf_info *uarg, bool have_uref)
{
	if (!uarg)
		return;
	if (uarg->is_msgzc)
		msg_zerocopy_put_abort(uarg, have_uref);
	else if (have_uref)
		net_zcopy_put(uarg);
}

void skb_zcopy_set(sk_buff *skb, ubuf_info *uarg, bool *have_ref)
{
	if (uarg && !skb_zcopy(skb)) {
		if (have_ref && *have_ref)
			*have_ref = false;
		else
			net_zcopy_get(uarg);
		skb_shinfo(skb)->destructor_arg = uarg;
		skb_shinfo(skb)->flags |= uarg->flags;
	}
}

// Called from skb_release_data() when the last user of the data (original and clones) is gone.
void skb_zcopy_clear(sk_buff *skb, bool zerocopy_success)
{
	ubuf_info *uarg = skb_zcopy_uarg(skb);
	if (!uarg)
		return;
	SP_FN("%s %s success=%d", skb->name.c_str(), uarg->name.c_str(), zerocopy_success);
	skb_shinfo(skb)->destructor_arg = nullptr;
	skb_shinfo(skb)->flags &= (u8)~SKBFL_ALL_ZEROCOPY;
	msg_zerocopy_callback(skb, uarg, zerocopy_success);
}

// skb_copy_ubufs(): replace the user pages of a zerocopy skb by kernel copies, then complete the
// notification reference of this skb with success = false (the completion will say COPIED).
int skb_copy_ubufs(sk_buff *skb, gfp_t gfp)
{
	SP_FN("%s nr_frags=%u", skb->name.c_str(), (unsigned)skb_shinfo(skb)->nr_frags);
	// skb_shared() || skb_unclone(): a clone (TCP transmits clones) first gets a private head; the
	// original in the retransmit queue keeps the user pages and its own uarg reference.
	if (skb->users > 1 || skb_unclone(skb))
		SP_RET(-EINVAL);
	if (!skb_frags_readable(skb))
		SP_RET(-EFAULT);
	skb_shared_info *sh = skb_shinfo(skb);
	unsigned num_frags = sh->nr_frags;
	if (num_frags) {
		size_t pagelen = 0; // __skb_pagelen(): the bytes held in frags
		for (unsigned i = 0; i < num_frags; i++)
			pagelen += sh->frags[i].len;
		// The copy must fit in MAX_SKB_FRAGS frags: the smallest page order that makes it fit.
		unsigned order = 0;
		while (((size_t)PAGE_SIZE << order) * MAX_SKB_FRAGS < pagelen)
			order++;
		size_t psize = (size_t)PAGE_SIZE << order;
		unsigned new_frags = (unsigned)((pagelen + psize - 1) / psize);
		SP_LINE("skb_copy_ubufs:order", order,
			"%zu bytes in frags: %u page(s) of order %u (%zu bytes each) fit MAX_SKB_FRAGS %u",
			pagelen, new_frags, order, psize, MAX_SKB_FRAGS);
		// Model: alloc_pages(gfp | __GFP_COMP, order) never fails (no -ENOMEM path).
		std::vector<page *> pages(new_frags);
		for (unsigned i = 0; i < new_frags; i++)
			pages[i] = alloc_pages(gfp, order, PageOwner::Kernel);
		// Copy frag by frag, filling the new pages in turn (d_off: fill level of the current one).
		unsigned cur = 0;
		size_t d_off = 0;
		for (unsigned i = 0; i < num_frags; i++) {
			const skb_frag_t &f = sh->frags[i];
			size_t done = 0;
			while (done < f.len) {
				if (d_off == psize) {
					cur++;
					d_off = 0;
				}
				size_t copy = std::min<size_t>(psize - d_off, f.len - done);
				pages[cur]->mem.write(d_off, f.netmem->mem.data() + f.offset + done, copy);
				done += copy;
				d_off += copy;
			}
		}
		// The frags let the user pages go (skb_frag_unref) ...
		for (unsigned i = 0; i < num_frags; i++)
			put_page(sh->frags[i].netmem);
		// ... and point at the kernel copies: full pages, the last one d_off bytes.
		for (unsigned i = 0; i + 1 < new_frags; i++)
			skb_fill_page_desc(skb, (int)i, pages[i], 0, (int)psize);
		skb_fill_page_desc(skb, (int)new_frags - 1, pages[new_frags - 1], 0, (int)d_off);
		for (unsigned i = new_frags; i < num_frags; i++) {
			sh->frags[i].netmem = nullptr;
			sh->frags[i].offset = 0;
			sh->frags[i].len = 0;
		}
		sh->nr_frags = (u8)new_frags;
		SP_LINE("skb_copy_ubufs:copied", pagelen,
			"%u user frag(s) (%zu bytes) copied into %u kernel page(s) of order %u", num_frags,
			pagelen, new_frags, order);
	}
	// release: the skb holds no user pages any more.
	skb_zcopy_clear(skb, false);
	SP_RET(0);
}

// skb_orphan_frags_rx(): an skb that may loop to the receive path (tun, veth, loopback) must not
// keep user pages: copy them, whatever SKBFL_DONT_ORPHAN says.
int skb_orphan_frags_rx(sk_buff *skb, gfp_t gfp)
{
	if (!skb_zcopy(skb))
		return 0;
	return skb_copy_ubufs(skb, gfp);
}

bool skb_can_coalesce(sk_buff *skb, int i, const page *pg, int off)
{
	if (skb_zcopy(skb))
		return false;
	if (i) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i - 1];
		return pg == frag->netmem && (u32)off == frag->offset + frag->len;
	}
	return false;
}

// ___pskb_trim() for a frag-only tail: drop the bytes past len (frags added by a failed call).
static void pskb_trim_frags(sk_buff *skb, u32 len)
{
	skb_shared_info *sh = skb_shinfo(skb);
	u32 off = skb_headlen(skb);
	unsigned i = 0;
	for (; i < sh->nr_frags; i++) {
		u32 end = off + sh->frags[i].len;
		if (end > len) {
			if (off < len) {
				sh->frags[i].len = len - off;
				i++;
			}
			break;
		}
		off = end;
	}
	for (unsigned j = i; j < sh->nr_frags; j++) {
		put_page(sh->frags[j].netmem);
		sh->frags[j].netmem = nullptr;
	}
	sh->nr_frags = (u8)i;
	u32 cut = skb->len - len;
	skb->len = len;
	skb->data_len -= cut;
}

int skb_zerocopy_iter_stream(sock *sk, sk_buff *skb, msghdr *msg, int len, ubuf_info *uarg,
			     net_devmem_dmabuf_binding *binding)
{
	SP_FN("%s len=%d %s%s", skb->name.c_str(), len, uarg->name.c_str(), binding ? " devmem" : "");
	int orig_len = skb->len;
	ubuf_info *orig_uarg = skb_zcopy_uarg(skb);
	// An skb points to one uarg only: TCP appended to an skb but realloc made a new uarg.
	if (orig_uarg && uarg != orig_uarg) {
		SP_LINE("skb_zerocopy_iter_stream:eexist", -EEXIST,
			"%s already carries %s: -EEXIST (new skb)", skb->name.c_str(),
			orig_uarg->name.c_str());
		SP_RET(-EEXIST);
	}
	int err = __zerocopy_sg_from_iter(msg, sk, skb, &msg->msg_iter, len, binding);
	if (err == -EFAULT || (err == -EMSGSIZE && (int)skb->len == orig_len)) {
		// Streams keep the skb on error: restore its previous state.
		iov_iter_revert(&msg->msg_iter, skb->len - orig_len);
		pskb_trim_frags(skb, orig_len);
		SP_LINE("skb_zerocopy_iter_stream:revert", err, "%s: revert to len %d", errno_name(-err),
			orig_len);
		SP_RET(err);
	}
	skb_zcopy_set(skb, uarg, nullptr);
	SP_LINE("skb_zerocopy_iter_stream:added", skb->len - orig_len,
		"%u bytes attached as frags; %s now on %s", (unsigned)(skb->len - orig_len),
		uarg->name.c_str(), skb->name.c_str());
	SP_RET((int)(skb->len - orig_len));
}

// skb_splice_from_iter(): take page references from an ITER_BVEC (sendfile/splice pages) and
// append them as frags, coalescing with the last frag when contiguous.
ssize_t skb_splice_from_iter(sk_buff *skb, iov_iter *iter, ssize_t maxsize, gfp_t gfp)
{
	SP_FN("%s maxsize=%zd", skb->name.c_str(), maxsize);
	size_t frag_limit = (size_t)sysctl().sysctl_max_skb_frags;
	ssize_t spliced = 0, ret = 0;
	while (iter->count > 0 && iter->seg < iter->iov.size()) {
		ret = -EMSGSIZE;
		ssize_t space = (ssize_t)frag_limit - skb_shinfo(skb)->nr_frags;
		if (space < 0)
			break;
		// iov_iter_extract_pages(): one bvec segment at a time (a page each in the model).
		const iovec &v = iter->iov[iter->seg];
		page *pg = iter->seg < iter->bvec.size() ? iter->bvec[iter->seg] : nullptr;
		size_t off = v.iov_base + iter->iov_offset;
		ssize_t len = (ssize_t)std::min<size_t>((size_t)maxsize, v.iov_len - iter->iov_offset);
		if (!pg || len <= 0) {
			ret = -EIO;
			break;
		}
		iov_iter_advance(iter, len);
		int i = skb_shinfo(skb)->nr_frags;
		// skb_append_pagefrags()
		if (skb_can_coalesce(skb, i, pg, (int)off)) {
			skb_shinfo(skb)->frags[i - 1].len += (u32)len; // no new page reference
		} else if ((size_t)i < frag_limit) {
			get_page(pg);
			skb_fill_page_desc(skb, i, pg, (int)off, (int)len);
		} else {
			iov_iter_revert(iter, len);
			SP_LINE("skb_splice_from_iter:full", i, "nr_frags %d == limit %zu: -EMSGSIZE", i,
				frag_limit);
			break;
		}
		SP_LINE("skb_splice_from_iter:frag", len, "%s off %zu len %zd -> frag %d", pg->name.c_str(),
			off, len, skb_shinfo(skb)->nr_frags - 1);
		spliced += len;
		maxsize -= len;
		if (maxsize <= 0)
			break;
	}
	skb_len_add(skb, (int)spliced);
	SP_RET(spliced ? spliced : ret);
}
