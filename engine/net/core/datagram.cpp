// SPDX-License-Identifier: GPL-2.0-or-later
// net/core/datagram.c: filling an skb with frags that point at the sender's memory instead of
// copying it: pinned user pages (MSG_ZEROCOPY) or, in 6.16, net_iovs of a dma-buf (devmem TX).
#include <algorithm>
#include <cstring>

#include "linux/errqueue.h"
#include "net/devmem.h"
#include "net/socket_api.h"
#include "net/tcp.h"
#include "sim/world.h"

using namespace sp;

// Pin the user page containing `uaddr` (pin_user_pages / get_user_pages): the page object
// mirrors the process page; its bytes are refreshed from world().user_mem when pinned.
static page *pin_user_page(u64 uaddr)
{
	u64 base = uaddr & ~(u64)(PAGE_SIZE - 1);
	SockLayer &L = socklayer();
	page *&pg = L.user_pages[base];
	if (!pg)
		pg = alloc_pages(GFP_KERNEL, 0, PageOwner::UserPinned); // refcount 1: the process mapping
	// Mirror the current user bytes of this page (only the mapped part of the heap).
	u64 off = base - World::USER_BASE;
	size_t n =
	    std::min<size_t>(PAGE_SIZE, world().user_mem.size() > off ? world().user_mem.size() - off : 0);
	const u8 *src = world().user_mem.data() + off;
	if (n && std::memcmp(pg->mem.data(), src, n) != 0)
		pg->mem.write(0, src, n);
	get_page(pg); // the pin
	return pg;
}

// iov_iter_get_pages2(): pin up to maxpages pages of the current segment, advance the iterator.
static ssize_t iov_iter_get_pages2(iov_iter *from, page **pages, size_t maxsize, unsigned maxpages,
				   size_t *start)
{
	while (from->seg < from->iov.size() && from->iov[from->seg].iov_len == from->iov_offset)
		from->seg++, from->iov_offset = 0;
	if (from->seg >= from->iov.size())
		return -EFAULT;
	const iovec &v = from->iov[from->seg];
	u64 addr = v.iov_base + from->iov_offset;
	size_t len = std::min(maxsize, v.iov_len - from->iov_offset);
	*start = addr & (PAGE_SIZE - 1);
	size_t n = (len + *start + PAGE_SIZE - 1) / PAGE_SIZE;
	if (n > maxpages) {
		n = maxpages;
		len = n * PAGE_SIZE - *start;
	}
	if (!user_access_ok(addr, len))
		return -EFAULT;
	for (size_t k = 0; k < n; k++)
		pages[k] = pin_user_page((addr & ~(u64)(PAGE_SIZE - 1)) + k * PAGE_SIZE);
	iov_iter_advance(from, len);
	return (ssize_t)len;
}

int zerocopy_fill_skb_from_iter(sk_buff *skb, iov_iter *from, size_t length)
{
	SP_FN("%s length=%zu nr_frags=%u", skb->name.c_str(), length, (unsigned)skb_shinfo(skb)->nr_frags);
	int frag = skb_shinfo(skb)->nr_frags;
	if (!skb_frags_readable(skb)) {
		SP_LINE("zerocopy_fill_skb_from_iter:unreadable", -EFAULT,
			"skb holds net_iov frags: -EFAULT");
		SP_RET(-EFAULT);
	}
	while (length && iov_iter_count(from)) {
		page *pages[MAX_SKB_FRAGS];
		size_t start;
		if (frag == (int)MAX_SKB_FRAGS) {
			SP_LINE("zerocopy_fill_skb_from_iter:full", frag, "all %u frags used: -EMSGSIZE",
				MAX_SKB_FRAGS);
			SP_RET(-EMSGSIZE);
		}
		ssize_t copied = iov_iter_get_pages2(from, pages, length, MAX_SKB_FRAGS - frag, &start);
		if (copied < 0)
			SP_RET(-EFAULT);
		length -= copied;
		skb->data_len += (u32)copied;
		skb->len += (u32)copied;
		// truesize counts whole pinned pages.
		skb->truesize += (u32)ALIGN<size_t>(copied + start, PAGE_SIZE);
		SP_LINE("zerocopy_fill_skb_from_iter:pinned", copied,
			"pinned %zd bytes (page offset %zu): truesize += %zu", copied, start,
			ALIGN<size_t>(copied + start, PAGE_SIZE));
		int n = 0;
		for (; copied != 0; start = 0) {
			int size = (int)std::min<size_t>(copied, PAGE_SIZE - start);
			page *head = pages[n++];
			copied -= size;
			if (frag) {
				skb_frag_t *last = &skb_shinfo(skb)->frags[frag - 1];
				if (head == last->netmem && start == last->offset + last->len) {
					last->len += size;
					put_page(head); // combined with the previous frag: drop the extra pin
					continue;
				}
			}
			skb_fill_page_desc(skb, frag++, head, (int)start, size);
			SP_LINE("zerocopy_fill_skb_from_iter:frag", size,
				"frag[%d] = %s (user page) off %zu len %d", frag - 1, head->name.c_str(),
				start, size);
		}
	}
	SP_RET(0);
}

int zerocopy_fill_skb_from_devmem(sk_buff *skb, iov_iter *from, int length,
				  net_devmem_dmabuf_binding *binding)
{
	SP_FN("%s length=%d %s", skb->name.c_str(), length, binding->name.c_str());
	int i = skb_shinfo(skb)->nr_frags;
	// The iov addresses are byte offsets into the dma-buf; only IOVEC/UBUF iterators.
	if (from->type != ITER_IOVEC && from->type != ITER_UBUF)
		SP_RET(-EFAULT);
	while (length && iov_iter_count(from)) {
		if (i == (int)MAX_SKB_FRAGS) {
			SP_LINE("zerocopy_fill_skb_from_devmem:full", i, "all %u frags used: -EMSGSIZE",
				MAX_SKB_FRAGS);
			SP_RET(-EMSGSIZE);
		}
		while (from->seg < from->iov.size() && from->iov[from->seg].iov_len == from->iov_offset)
			from->seg++, from->iov_offset = 0;
		const iovec &v = from->iov[from->seg];
		size_t virt_addr = v.iov_base + from->iov_offset, off, size;
		page *niov = net_devmem_get_niov_at(binding, virt_addr, &off, &size);
		if (!niov) {
			SP_LINE("zerocopy_fill_skb_from_devmem:range", -EFAULT,
				"offset %zu beyond dma-buf size %zu: -EFAULT", virt_addr,
				binding->dmabuf->size);
			SP_RET(-EFAULT);
		}
		size = std::min<size_t>(size, length);
		size = std::min<size_t>(size, v.iov_len - from->iov_offset);
		get_page(niov); // get_netmem()
		// skb_add_rx_frag_netmem(): a net_iov frag makes the skb unreadable; truesize PAGE_SIZE.
		skb_fill_page_desc(skb, i, niov, (int)off, (int)size);
		skb->unreadable = 1;
		skb->len += (u32)size;
		skb->data_len += (u32)size;
		skb->truesize += PAGE_SIZE;
		SP_LINE("zerocopy_fill_skb_from_devmem:frag", size,
			"frag[%d] = %s (dma-buf offset %zu) off %zu len %zu", i, niov->name.c_str(),
			virt_addr, off, size);
		iov_iter_advance(from, size);
		length -= (int)size;
		i++;
	}
	SP_RET(0);
}

int __zerocopy_sg_from_iter(msghdr *msg, sock *sk, sk_buff *skb, iov_iter *from, size_t length,
			    net_devmem_dmabuf_binding *binding)
{
	SP_FN("%s length=%zu%s", skb->name.c_str(), length, binding ? " devmem" : "");
	u32 orig_size = skb->truesize;
	int ret;
	// (msg->sg_from_iter of io_uring is not modelled.)
	if (binding)
		ret = zerocopy_fill_skb_from_devmem(skb, from, (int)length, binding);
	else
		ret = zerocopy_fill_skb_from_iter(skb, from, length);
	int truesize = (int)(skb->truesize - orig_size);
	if (sk) {
		// SOCK_STREAM: queued memory grows; a pure zerocopy skb is not charged to forward_alloc.
		sk_wmem_queued_add(sk, truesize);
		if (!skb_zcopy_pure(skb))
			sk_mem_charge(sk, truesize);
		SP_LINE("__zerocopy_sg_from_iter:account", truesize, "sk_wmem_queued += %d%s", truesize,
			skb_zcopy_pure(skb) ? " (pure zerocopy: no sk_mem_charge)" : ", sk_mem_charge");
	}
	SP_RET(ret);
}
