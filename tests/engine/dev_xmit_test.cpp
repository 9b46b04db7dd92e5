// SPDX-License-Identifier: GPL-2.0-or-later
// validate_xmit_skb: 6.15 drops unreadable (net_iov) skbs; 6.16 lets them pass on a netmem_tx
// device bound to the frag's dma-buf, and drops them otherwise. Software checksum fallback.
#include "net/devmem.h"
#include "xmit_test_util.h"

using namespace xt;

namespace
{
struct Unreadable {
	page *niov;
	net_devmem_dmabuf_binding binding;
	sk_buff *skb;
	Unreadable(net_device *bound_to)
	{
		binding.dev = bound_to;
		niov = alloc_pages(GFP_KERNEL, 0, PageOwner::NetIov);
		niov->binding = &binding;
		skb = alloc_skb(256, GFP_KERNEL);
		skb_reserve(skb, 128);
		skb_put(skb, 54); // headers
		skb_fill_page_desc(skb, 0, niov, 0, 1000);
		skb->len += 1000;
		skb->data_len += 1000;
		skb->unreadable = 1;
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb->data + 34;
		skb->csum_offset = 16;
		get_page(niov); // keep it alive past the skb (the dma-buf owns it)
	}
	~Unreadable() { delete niov; }
};
} // namespace

TEST(DevXmit, Unreadable615Dropped)
{
	Env e(sp::KernelVersion::V6_15);
	e.dev.netmem_tx = true;
	Unreadable u(&e.dev);
	bool again = false;
	EXPECT_EQ(validate_xmit_skb(u.skb, &e.dev, &again), nullptr);
	EXPECT_EQ(e.dev.tx_dropped, 1u);
}

TEST(DevXmit, Unreadable616PassesOnNetmemTxDevice)
{
	Env e(sp::KernelVersion::V6_16);
	e.dev.netmem_tx = true;
	Unreadable u(&e.dev);
	bool again = false;
	sk_buff *r = validate_xmit_skb(u.skb, &e.dev, &again);
	EXPECT_EQ(r, u.skb);
	EXPECT_EQ(e.dev.tx_dropped, 0u);
	kfree_skb(r);
}

TEST(DevXmit, Unreadable616DroppedWithoutNetmemTxOrOtherDevice)
{
	Env e(sp::KernelVersion::V6_16);
	bool again = false;
	{
		Unreadable u(&e.dev); // ice-like: no netmem_tx
		EXPECT_EQ(validate_xmit_skb(u.skb, &e.dev, &again), nullptr);
	}
	e.dev.netmem_tx = true;
	net_device other;
	{
		Unreadable u(&other); // bound to another device
		EXPECT_EQ(validate_xmit_skb(u.skb, &e.dev, &again), nullptr);
	}
	EXPECT_EQ(e.dev.tx_dropped, 2u);
}

// No checksum offload: skb_checksum_help writes the full TCP checksum into the packet.
TEST(DevXmit, SoftwareChecksumHelp)
{
	Env e(sp::KernelVersion::V6_16, NETIF_F_SG);
	e.resolve_neigh();
	Built b = make_tcp_skb(e.sk.get(), 333, 42, TCPHDR_ACK | TCPHDR_PSH, 0, true);
	ip_queue_xmit(e.sk.get(), b.skb, nullptr);
	ASSERT_EQ(e.driver.got.size(), 1u);
	std::vector<u8> p = bytes_of(e.driver.got[0]);
	EXPECT_EQ(e.driver.got[0]->ip_summed, CHECKSUM_NONE);
	EXPECT_TRUE(tcp_csum_ok(p.data() + 14, p.data() + 34, 20 + 333));
}

// Several TX queues: a flow always maps to the same queue (deterministic hash).
TEST(DevXmit, PickTxDeterministic)
{
	Env e(sp::KernelVersion::V6_16, NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_TSO, "pfifo_fast", 4);
	e.resolve_neigh();
	Built b1 = make_tcp_skb(e.sk.get(), 10, 1, TCPHDR_ACK);
	Built b2 = make_tcp_skb(e.sk.get(), 10, 11, TCPHDR_ACK);
	ip_queue_xmit(e.sk.get(), b1.skb, nullptr);
	ip_queue_xmit(e.sk.get(), b2.skb, nullptr);
	ASSERT_EQ(e.driver.got.size(), 2u);
	EXPECT_EQ(e.driver.got[0]->queue_mapping, e.driver.got[1]->queue_mapping);
	EXPECT_LT(e.driver.got[0]->queue_mapping, 4u);
}
