// SPDX-License-Identifier: GPL-2.0-or-later
// skb_copy_ubufs() through tun_net_xmit(): the user pages of a MSG_ZEROCOPY skb are copied into
// kernel pages whose order is raised until the copy fits in MAX_SKB_FRAGS (17) frags, as Linux
// does. With order-0 pages only, more than 17 x 4096 = 68 KiB of frags would need an 18th frag.
#include <string>
#include <vector>

#include "drivers/net/tun.h"
#include "linux/errqueue.h"
#include "net/socket_api.h"
#include "xmit_test_util.h"

using namespace xt;

namespace
{
struct CopyCase {
	unsigned nfrags;     // user frags in the skb
	unsigned frag_len;   // bytes per user frag
	unsigned user_order; // page order of the user pages holding them
	unsigned want_order; // page order skb_copy_ubufs must pick
	unsigned want_frags; // frags after the copy
};

// A TCP-like zerocopy skb: 54 header bytes in the head, nfrags user frags (centred) on pinned
// user pages of user_order, holding one reference on uarg.
struct ZcSkb {
	std::vector<page *> user;
	sk_buff *skb = nullptr;
	ZcSkb(const CopyCase &c, ubuf_info *uarg)
	{
		skb = alloc_skb(256, GFP_KERNEL);
		skb_reserve(skb, 128);
		u8 hdr[54];
		for (unsigned i = 0; i < sizeof(hdr); i++)
			hdr[i] = (u8)(0xA0 + i);
		skb_put(skb, sizeof(hdr));
		skb->write(skb->data, hdr, sizeof(hdr));
		for (unsigned i = 0; i < c.nfrags; i++) {
			page *pg = alloc_pages(GFP_KERNEL, c.user_order, PageOwner::UserPinned);
			std::string b(pg->size(), '\0');
			for (size_t k = 0; k < b.size(); k++)
				b[k] = (char)(i * 37 + k * 11 + (k >> 12));
			pg->mem.write(0, b.data(), b.size());
			int off = (int)(pg->size() - c.frag_len) / 2; // inside the user page
			skb_fill_page_desc(skb, (int)i, pg, off, (int)c.frag_len);
			skb->len += c.frag_len;
			skb->data_len += c.frag_len;
			user.push_back(pg);
		}
		skb_zcopy_set(skb, uarg, nullptr);
	}
	~ZcSkb()
	{
		for (page *p : user)
			delete p; // pinned user pages are never freed by put_page()
	}
};

void run_case(const CopyCase &c)
{
	SCOPED_TRACE(std::to_string(c.nfrags) + " frags x " + std::to_string(c.frag_len));
	Env e(sp::KernelVersion::V6_16);
	e.dev.name = "tun0";
	size_t pagelen = (size_t)c.nfrags * c.frag_len;
	ubuf_info *uarg = msg_zerocopy_realloc(e.sk.get(), pagelen, nullptr, false);
	ASSERT_NE(uarg, nullptr);
	ZcSkb z(c, uarg);
	ASSERT_EQ((int)uarg->refcnt, 2); // the sending call's + the skb's
	std::string before = skb_bytes(z.skb);
	ASSERT_EQ(before.size(), 54 + pagelen);

	EXPECT_EQ(tun_net_xmit(z.skb, &e.dev), NETDEV_TX_OK);
	EXPECT_EQ((u64)e.dev.tx_dropped, 0u);

	// The copy fits in MAX_SKB_FRAGS frags of the chosen order, full pages but the last.
	skb_shared_info *sh = skb_shinfo(z.skb);
	ASSERT_LE((unsigned)sh->nr_frags, MAX_SKB_FRAGS);
	EXPECT_EQ((unsigned)sh->nr_frags, c.want_frags);
	size_t psize = (size_t)PAGE_SIZE << c.want_order, sum = 0;
	for (unsigned i = 0; i < sh->nr_frags; i++) {
		const skb_frag_t &f = sh->frags[i];
		page *pg = f.netmem;
		ASSERT_NE(pg, nullptr);
		EXPECT_EQ(pg->owner, PageOwner::Kernel) << "frag " << i;
		EXPECT_EQ(pg->order, c.want_order) << "frag " << i;
		EXPECT_EQ((unsigned)f.offset, 0u);
		if (i + 1 < sh->nr_frags) {
			EXPECT_EQ((size_t)f.len, psize) << "frag " << i;
		}
		sum += f.len;
	}
	EXPECT_EQ(sum, pagelen);
	EXPECT_TRUE(skb_bytes(z.skb) == before) << "payload changed by the copy"; // now in kernel pages
	for (page *p : z.user)
		EXPECT_EQ((int)p->refcount, 0); // every user page let go
	// The skb no longer holds the notification; its completion said "not zerocopy".
	EXPECT_FALSE(skb_zcopy(z.skb));
	EXPECT_EQ((int)uarg->refcnt, 1);
	EXPECT_EQ((int)uarg->zerocopy, 0);

	kfree_skb(z.skb);
	net_zcopy_put(uarg); // the sending call's reference: the notification is queued
	sock *sk = e.sk.get();
	ASSERT_EQ(sk->sk_error_queue.size(), 1u);
	sock_extended_err *ee = skb_ext_err(sk->sk_error_queue.front());
	ASSERT_NE(ee, nullptr);
	EXPECT_EQ(ee->ee_origin, SO_EE_ORIGIN_ZEROCOPY);
	EXPECT_EQ(ee->ee_code, SO_EE_CODE_ZEROCOPY_COPIED);
	for (sk_buff *n : sk->sk_error_queue) {
		socklayer().errq.erase(n->id);
		kfree_skb(n);
	}
	sk->sk_error_queue.clear();
}
} // namespace

// Up to 17 x 4096 bytes order-0 pages suffice.
TEST(SkbCopyUbufs, SixtyEightKiBFitsOrderZero)
{
	run_case({17, 4096, 0, 0, 17});
}

// 85000 bytes (> 68 KiB) in 17 frags: order-1 pages (8 KiB), 11 of them.
TEST(SkbCopyUbufs, MoreThan68KiBRaisesOrder)
{
	run_case({17, 5000, 1, 1, 11});
}

// 272000 bytes: order 1 (17 x 8 KiB = 136 KiB) is too small, order 2 fills all 17 frags.
TEST(SkbCopyUbufs, LargeCopyUsesAllSeventeenFrags)
{
	run_case({17, 16000, 2, 2, 17});
}

// A shared skb cannot be given private frags: skb_copy_ubufs() refuses (-EINVAL) and tun drops the
// packet (tx_dropped, NET_XMIT_DROP) with the user pages untouched.
TEST(SkbCopyUbufs, SharedSkbIsDroppedByTun)
{
	Env e(sp::KernelVersion::V6_16);
	e.dev.name = "tun0";
	ubuf_info *uarg = msg_zerocopy_realloc(e.sk.get(), 2000, nullptr, false);
	ASSERT_NE(uarg, nullptr);
	ZcSkb z({2, 1000, 0, 0, 0}, uarg);
	z.skb->users += 1; // skb_get(): someone else holds it too
	EXPECT_EQ(tun_net_xmit(z.skb, &e.dev), (netdev_tx_t)NET_XMIT_DROP);
	EXPECT_EQ((u64)e.dev.tx_dropped, 1u);
	ASSERT_EQ((int)z.skb->users, 1); // tun's kfree_skb() dropped its reference only
	EXPECT_TRUE(skb_zcopy(z.skb));
	for (page *p : z.user)
		EXPECT_EQ((int)p->refcount, 1); // still pinned by the skb
	kfree_skb(z.skb);
	net_zcopy_put(uarg);
	sock *sk = e.sk.get();
	for (sk_buff *n : sk->sk_error_queue) {
		socklayer().errq.erase(n->id);
		kfree_skb(n);
	}
	sk->sk_error_queue.clear();
}
