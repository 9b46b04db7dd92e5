// SPDX-License-Identifier: GPL-2.0-or-later
// Byte Queue Limits: limit growth after starvation, slack-based decrease after the hold time, and
// XOFF when over the limit. Values derived by hand from lib/dynamic_queue_limits.c.
#include "xmit_test_util.h"

using namespace xt;

TEST(Bql, StarvationGrowsLimitAndXoff)
{
	Env e;
	netdev_queue *q = e.txq();
	dql &d = q->dql;
	EXPECT_EQ(d.limit, 0u);
	// Fresh queue: adj_limit 0, so 1000 bytes put it over: avail = 0 - 1000 < 0 -> STACK_XOFF
	netdev_tx_sent_queue(q, 1000);
	EXPECT_EQ(dql_avail(&d), -1000);
	EXPECT_TRUE(q->state & __QUEUE_STATE_STACK_XOFF);
	// Completion of 1000: ovlimit = POSDIFF(1000 - 0, 0) = 1000, inprogress 0 -> starved:
	// limit = 0 + POSDIFF(1000, prev_num_queued 0) + prev_ovlimit 0 = 1000; adj = 1000 + 1000.
	netdev_tx_completed_queue(q, 1, 1000);
	EXPECT_EQ(d.limit, 1000u);
	EXPECT_EQ(d.adj_limit, 2000u);
	EXPECT_EQ(dql_avail(&d), 1000);
	EXPECT_FALSE(q->state & __QUEUE_STATE_STACK_XOFF);
	// 1500 more: avail = 2000 - 2500 = -500 -> XOFF again
	netdev_tx_sent_queue(q, 1500);
	EXPECT_TRUE(q->state & __QUEUE_STATE_STACK_XOFF);
	// Complete 1500: completed 2500, ovlimit = POSDIFF(2500 - 1000, 1000) = 500, inprogress 0
	// -> starved: limit = 1000 + POSDIFF(2500, 1000) + 0 = 2500; adj = 2500 + 2500 = 5000.
	netdev_tx_completed_queue(q, 1, 1500);
	EXPECT_EQ(d.limit, 2500u);
	EXPECT_EQ(d.adj_limit, 5000u);
	EXPECT_FALSE(q->state & __QUEUE_STATE_STACK_XOFF);

	// Busy intervals: queue 3 x 1000 (num_queued 5500; the third goes over: 5000 - 5500 < 0)
	netdev_tx_sent_queue(q, 1000);
	netdev_tx_sent_queue(q, 1000);
	EXPECT_FALSE(q->state & __QUEUE_STATE_STACK_XOFF);
	netdev_tx_sent_queue(q, 1000);
	EXPECT_TRUE(q->state & __QUEUE_STATE_STACK_XOFF);
	// Complete 1000: completed 3500, ovlimit 500, inprogress 2000, prev_inprogress 0 -> no change;
	// adj = 2500 + 3500 = 6000, prev_ovlimit 500, prev_last_obj_cnt 1000, prev_num_queued 5500.
	netdev_tx_completed_queue(q, 1, 1000);
	EXPECT_EQ(d.limit, 2500u);
	EXPECT_EQ(d.adj_limit, 6000u);
	EXPECT_EQ(d.prev_ovlimit, 500u);
	netdev_tx_sent_queue(q, 1000); // num_queued 6500, avail -500: XOFF
	EXPECT_TRUE(q->state & __QUEUE_STATE_STACK_XOFF);
	// 1.5 s later (past slack_hold_time HZ since the last starvation at jiffies 0):
	// complete 1000: completed 4500, ovlimit 500, inprogress 2000, prev_inprogress 2000,
	// all_prev_completed = 4500 >= 5500 false -> slack branch:
	// slack = POSDIFF(2500 + 500, 2 * 1000) = 1000; slack_last_objs = POSDIFF(1000, 500) = 500;
	// lowest_slack = 1000; time_after(1500, 0 + 1000) -> limit = 2500 - 1000 = 1500;
	// adj = 1500 + 4500 = 6000 -> avail = 6000 - 6500 = -500: stays stopped.
	e.sim.advance_to(1500 * sp::NSEC_PER_MSEC);
	netdev_tx_completed_queue(q, 1, 1000);
	EXPECT_EQ(d.limit, 1500u);
	EXPECT_EQ(d.adj_limit, 6000u);
	EXPECT_EQ(dql_avail(&d), -500);
	EXPECT_TRUE(q->state & __QUEUE_STATE_STACK_XOFF);
	EXPECT_EQ(d.lowest_slack, 0xffffffffu);
}

// __netdev_tx_sent_queue: with xmit_more the doorbell waits unless the driver stopped the queue.
TEST(Bql, SentQueueDoorbell)
{
	Env e;
	netdev_queue *q = e.txq();
	q->dql.adj_limit = 100000; // plenty of room
	EXPECT_FALSE(__netdev_tx_sent_queue(q, 100, true));
	EXPECT_TRUE(__netdev_tx_sent_queue(q, 100, false));
	netif_tx_stop_queue(q);
	EXPECT_TRUE(__netdev_tx_sent_queue(q, 100, true));
	EXPECT_EQ(q->dql.num_queued, 300u);
	netdev_tx_reset_queue(q);
	EXPECT_EQ(q->dql.num_queued, 0u);
	// the trace knows the dql fields by name
	EXPECT_NE(e.sim.trace()->find_key("txq0.dql", "limit"), 0u);
	EXPECT_NE(e.sim.trace()->find_key("qdisc0", "qlen"), 0u);
}
