// SPDX-License-Identifier: GPL-2.0-or-later
// pfifo_fast / pfifo: bypass vs enqueue, requeue on NETDEV_TX_BUSY, bulk dequeue and xmit_more.
#include "xmit_test_util.h"

using namespace xt;

namespace
{
sk_buff *frame(Env &e, u32 len, u32 prio = 0)
{
	sk_buff *skb = alloc_skb(128 + len, GFP_KERNEL);
	skb_reserve(skb, 128);
	skb_put(skb, len);
	skb->dev = &e.dev;
	skb->priority = prio;
	skb->protocol = ETH_P_IP;
	return skb;
}
bool traced(Env &e, const char *anchor)
{
	sp::Trace &t = *e.sim.trace();
	for (size_t i = 0; i < t.size(); i++)
		if (t.at(i).anchor && t.str(t.at(i).anchor) == anchor)
			return true;
	return false;
}
} // namespace

// An empty pfifo_fast is bypassed: the driver gets the skb inside dev_queue_xmit, nothing queued.
TEST(Qdisc, PfifoFastBypass)
{
	Env e;
	sk_buff *a = frame(e, 100);
	EXPECT_EQ(dev_queue_xmit(a), NET_XMIT_SUCCESS);
	ASSERT_EQ(e.driver.got.size(), 1u);
	EXPECT_EQ(e.driver.got[0], a);
	EXPECT_EQ(e.qdisc()->qlen, 0u);
	EXPECT_TRUE(traced(e, "__dev_xmit_skb:bypass"));
	EXPECT_FALSE(e.driver.more[0]);
}

// Queue stopped: the first skb takes the bypass, meets the stopped queue and is requeued (the
// DRAINING state now makes the qdisc non-empty); the next ones are enqueued. Waking the queue
// reschedules the qdisc (NET_TX softirq event): the requeued skb goes first, then the rest in
// order, bulk-dequeued while BQL has room, so xmit_more is 1,1,0.
TEST(Qdisc, EnqueueWhileStoppedThenWake)
{
	Env e;
	e.txq()->dql.adj_limit = 100000;
	netif_tx_stop_queue(e.txq());
	sk_buff *a = frame(e, 100), *b = frame(e, 200), *c = frame(e, 300);
	dev_queue_xmit(a);
	EXPECT_EQ(e.qdisc()->requeues, 1u);
	EXPECT_TRUE(e.qdisc()->state & __QDISC_STATE_DRAINING);
	dev_queue_xmit(b);
	dev_queue_xmit(c);
	EXPECT_TRUE(traced(e, "__dev_xmit_skb:enqueue"));
	EXPECT_EQ(e.qdisc()->qlen, 3u);
	EXPECT_EQ(e.qdisc()->backlog, 600u);
	EXPECT_EQ(e.driver.got.size(), 0u);
	netif_tx_wake_queue(e.txq());
	EXPECT_EQ(e.driver.got.size(), 0u); // runs in the softirq, not inline
	e.sim.run();
	ASSERT_EQ(e.driver.got.size(), 3u);
	EXPECT_EQ(e.driver.got[0], a);
	EXPECT_EQ(e.driver.got[1], b);
	EXPECT_EQ(e.driver.got[2], c);
	// a (requeued) is sent alone: xmit_more 0; b then c are one bulk: 1, 0
	EXPECT_FALSE(e.driver.more[0]);
	EXPECT_TRUE(e.driver.more[1]);
	EXPECT_FALSE(e.driver.more[2]);
	EXPECT_EQ(e.qdisc()->qlen, 0u);
	EXPECT_EQ(e.qdisc()->backlog, 0u);
	EXPECT_FALSE(e.qdisc()->state & (__QDISC_STATE_SCHED | __QDISC_STATE_RUNNING));
}

// The driver says NETDEV_TX_BUSY (and stops the queue): the skb is requeued (requeues 1, qlen 1),
// nothing is lost, and it is the first one out after the wake.
TEST(Qdisc, RequeueOnBusy)
{
	Env e;
	e.driver.script = {NETDEV_TX_BUSY};
	sk_buff *a = frame(e, 100);
	EXPECT_EQ(dev_queue_xmit(a), NET_XMIT_SUCCESS);
	EXPECT_EQ(e.driver.calls, 1);
	EXPECT_EQ(e.driver.got.size(), 0u);
	EXPECT_EQ(e.qdisc()->requeues, 1u);
	EXPECT_EQ(e.qdisc()->qlen, 1u);
	EXPECT_EQ(e.qdisc()->gso_skb, a);
	e.sim.run(); // MISSED -> rescheduled, but the queue is stopped: still waiting
	EXPECT_EQ(e.driver.got.size(), 0u);
	sk_buff *b = frame(e, 50);
	dev_queue_xmit(b);
	netif_tx_wake_queue(e.txq());
	e.sim.run();
	ASSERT_EQ(e.driver.got.size(), 2u);
	EXPECT_EQ(e.driver.got[0], a);
	EXPECT_EQ(e.driver.got[1], b);
	EXPECT_EQ(e.qdisc()->qlen, 0u);
}

// pfifo_fast bands: priority 6 (TC_PRIO_INTERACTIVE... prio2band[6] = 0) overtakes priority 0
// (band 1) and priority 1 (band 2).
TEST(Qdisc, PfifoFastBands)
{
	Env e;
	e.txq()->dql.adj_limit = 100000;
	netif_tx_stop_queue(e.txq());
	sk_buff *first = frame(e, 10, 0);
	dev_queue_xmit(first); // requeued (see above)
	sk_buff *low = frame(e, 10, 1), *mid = frame(e, 10, 0), *high = frame(e, 10, 6);
	dev_queue_xmit(low);
	dev_queue_xmit(mid);
	dev_queue_xmit(high);
	netif_tx_wake_queue(e.txq());
	e.sim.run();
	ASSERT_EQ(e.driver.got.size(), 4u);
	EXPECT_EQ(e.driver.got[0], first);
	EXPECT_EQ(e.driver.got[1], high);
	EXPECT_EQ(e.driver.got[2], mid);
	EXPECT_EQ(e.driver.got[3], low);
}

// pfifo (locked) with limit 2: bypass when empty; a third queued packet is dropped.
TEST(Qdisc, PfifoLimitDrop)
{
	Env e(sp::KernelVersion::V6_16, NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_TSO, "pfifo");
	EXPECT_FALSE(e.qdisc()->flags & TCQ_F_NOLOCK);
	e.qdisc()->limit = 2;
	dev_queue_xmit(frame(e, 10));
	EXPECT_EQ(e.driver.got.size(), 1u);
	netif_tx_stop_queue(e.txq());
	dev_queue_xmit(frame(e, 10)); // qlen 0: bypass -> stopped -> requeued (qlen 1)
	dev_queue_xmit(frame(e, 10)); // qlen 1 < 2: enqueued
	EXPECT_EQ(dev_queue_xmit(frame(e, 10)), NET_XMIT_DROP);
	EXPECT_EQ(e.qdisc()->drops, 1u);
	EXPECT_EQ(e.qdisc()->qlen, 2u);
}

// noqueue: straight to the driver
TEST(Qdisc, NoqueueDirect)
{
	Env e(sp::KernelVersion::V6_16, NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_TSO, "noqueue");
	dev_queue_xmit(frame(e, 10));
	EXPECT_EQ(e.driver.got.size(), 1u);
	EXPECT_TRUE(traced(e, "__dev_queue_xmit:noqueue"));
}
