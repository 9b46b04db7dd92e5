// SPDX-License-Identifier: GPL-2.0-or-later
// Byte Queue Limits: lib/dynamic_queue_limits.c (dql_completed, dql_reset, dql_init) and the
// inlines of include/linux/dynamic_queue_limits.h (dql_queued, dql_avail) and
// include/linux/netdevice.h (netdev_tx_sent_queue, __netdev_tx_sent_queue,
// netdev_tx_completed_queue, netdev_tx_reset_queue).
//
// The idea a student should take away: the driver tells BQL how many bytes it handed to the
// hardware (dql_queued) and how many the hardware finished (dql_completed). BQL keeps a byte
// limit for what may sit in the ring. Too little in the ring (the NIC went idle while the stack
// was stopped: "starved") grows the limit; a consistently non-empty ring ("slack") shrinks it,
// but only after the slack has been seen for slack_hold_time (HZ = 1 s).
// When queued - completed exceeds the limit, the stack stops the queue (__QUEUE_STATE_STACK_XOFF)
// and the qdisc holds further packets until a completion makes room again.
#include <climits>

#include "linux/netdevice.h"
#include "net/sch_generic.h"

using namespace sp;

// POSDIFF(A, B): A - B if positive, else 0 (wrap-safe, as in the kernel)
static inline u32 POSDIFF(u32 a, u32 b)
{
	return (int)(a - b) > 0 ? a - b : 0;
}
// AFTER_EQ(A, B): A is at or after B in the wrapping counter space
static inline bool AFTER_EQ(u32 a, u32 b)
{
	return (int)(a - b) >= 0;
}

static inline u64 dql_jiffies()
{
	return sim().jiffies();
}

// dql_queued(): record `count` bytes handed to the hardware (include/linux/dynamic_queue_limits.h)
void dql_queued(struct dql *d, unsigned count)
{
	SP_FN("count=%u num_queued=%u adj_limit=%u", count, (u32)d->num_queued, (u32)d->adj_limit);
	// DQL_MAX_OBJECT = UINT_MAX / 16
	if (count > UINT_MAX / 16) {
		SP_LINE("dql_queued:too_big", count, "count %u > DQL_MAX_OBJECT: WARN, ignored", count);
		return;
	}
	d->last_obj_cnt = count;
	d->num_queued += count;
	SP_LINE("dql_queued:num_queued", d->num_queued, "last_obj_cnt=%u num_queued=%u -> avail %d", count,
		(u32)d->num_queued, dql_avail(d));
	// Model: the 6.9+ stall-detector history (stall_thrs, history[]) is off by default and not modelled.
}

// dql_avail(): bytes that may still be queued before the limit is hit (negative: over the limit)
int dql_avail(const struct dql *d)
{
	return (int)((u32)d->adj_limit - (u32)d->num_queued);
}

// dql_completed(): the adaptive limit (lib/dynamic_queue_limits.c)
void dql_completed(struct dql *d, unsigned count)
{
	SP_FN("count=%u num_queued=%u num_completed=%u limit=%u", count, (u32)d->num_queued,
	      (u32)d->num_completed, (u32)d->limit);
	u32 num_queued = d->num_queued;

	// BUG_ON(count > num_queued - dql->num_completed): cannot complete more than was queued
	if (count > num_queued - d->num_completed) {
		SP_LINE("dql_completed:bug_on", count, "BUG: completing %u > in flight %u", count,
			num_queued - (u32)d->num_completed);
		sim().stopped = true;
		sim().stop_reason = "dql_completed: BUG_ON(count > num_queued - num_completed)";
		return;
	}

	u32 completed = d->num_completed + count;
	u32 limit = d->limit;
	u32 ovlimit = POSDIFF(num_queued - d->num_completed, limit);
	u32 inprogress = num_queued - completed;
	u32 prev_inprogress = d->prev_num_queued - d->num_completed;
	bool all_prev_completed = AFTER_EQ(completed, d->prev_num_queued);
	SP_LINE("dql_completed:interval", ovlimit,
		"completed=%u limit=%u ovlimit=%u inprogress=%u prev_inprogress=%u all_prev_completed=%d "
		"prev_ovlimit=%u",
		completed, limit, ovlimit, inprogress, prev_inprogress, all_prev_completed,
		(u32)d->prev_ovlimit);

	if ((ovlimit && !inprogress) || (d->prev_ovlimit && all_prev_completed)) {
		// Starved: the queue was over its limit and the hardware ran dry (or could have).
		// Grow by what was sent and completed in the last interval plus the previous over-limit.
		u32 grow = POSDIFF(completed, d->prev_num_queued) + d->prev_ovlimit;
		SP_LINE(
		    "dql_completed:starved", grow,
		    "starved: limit %u += POSDIFF(completed %u, prev_num_queued %u) + prev_ovlimit %u = %u",
		    limit, completed, (u32)d->prev_num_queued, (u32)d->prev_ovlimit, limit + grow);
		limit += grow;
		d->slack_start_time = dql_jiffies();
		d->lowest_slack = UINT_MAX;
	} else if (inprogress && prev_inprogress && !all_prev_completed) {
		// Busy for the whole interval: look for slack (bytes queued beyond what avoids starvation).
		u32 slack = POSDIFF(limit + d->prev_ovlimit, 2 * (completed - d->num_completed));
		u32 slack_last_objs = d->prev_ovlimit ? POSDIFF(d->prev_last_obj_cnt, d->prev_ovlimit) : 0;
		if (slack_last_objs > slack)
			slack = slack_last_objs;
		if (slack < d->lowest_slack)
			d->lowest_slack = slack;
		SP_LINE("dql_completed:slack", slack,
			"busy interval: slack=%u lowest_slack=%u (hold until jiffies %llu)", slack,
			(u32)d->lowest_slack, (unsigned long long)(d->slack_start_time + d->slack_hold_time));
		// time_after(jiffies, slack_start_time + slack_hold_time)
		if ((s64)(dql_jiffies() - (d->slack_start_time + d->slack_hold_time)) > 0) {
			SP_LINE("dql_completed:shrink", d->lowest_slack,
				"slack held %u jiffies: limit %u -> %u", d->slack_hold_time, limit,
				POSDIFF(limit, d->lowest_slack));
			limit = POSDIFF(limit, d->lowest_slack);
			d->slack_start_time = dql_jiffies();
			d->lowest_slack = UINT_MAX;
		}
	}

	// Enforce bounds on limit
	if (limit < d->min_limit)
		limit = d->min_limit;
	if (limit > d->max_limit)
		limit = d->max_limit;

	if (limit != d->limit) {
		d->limit = limit;
		ovlimit = 0;
	}

	d->adj_limit = limit + completed;
	d->prev_ovlimit = ovlimit;
	d->prev_last_obj_cnt = (u32)d->last_obj_cnt;
	d->num_completed = completed;
	d->prev_num_queued = num_queued;
	SP_LINE("dql_completed:adj_limit", d->adj_limit, "limit=%u adj_limit=%u -> avail %d", limit,
		(u32)d->adj_limit, dql_avail(d));
}

// dql_reset(): all dynamic values back to the start (limit = min_limit = 0)
void dql_reset(struct dql *d)
{
	SP_FN("limit=%u", (u32)d->limit);
	d->limit = d->min_limit;
	d->num_queued = 0;
	d->num_completed = 0;
	d->last_obj_cnt = 0;
	d->prev_num_queued = 0;
	d->prev_last_obj_cnt = 0;
	d->prev_ovlimit = 0;
	d->lowest_slack = UINT_MAX;
	d->slack_start_time = dql_jiffies();
	// adj_limit is left alone, as in the kernel (a fresh queue starts with 0: the first packet
	// already puts the queue over its limit, and the first completion finds it starved).
}

// dql_init(): netdev_init_one_queue() calls it with hold time HZ
void dql_init(struct dql *d, unsigned hold_time)
{
	d->max_limit = 1879048192u; // DQL_MAX_LIMIT = (UINT_MAX / 2) - DQL_MAX_OBJECT
	d->min_limit = 0;
	d->slack_hold_time = hold_time;
	dql_reset(d);
}

// netdev_tx_sent_queue(): account bytes and stop the stack side of the queue when over the limit
void netdev_tx_sent_queue(netdev_queue *q, unsigned bytes)
{
	SP_FN("%s bytes=%u", q->name.c_str(), bytes);
	dql_queued(&q->dql, bytes);
	int avail = dql_avail(&q->dql);
	if (avail >= 0) {
		SP_LINE("netdev_tx_sent_queue:avail", avail, "dql_avail=%d >= 0: queue stays open", avail);
		return;
	}
	q->trans_start = sim().jiffies();
	q->state |= __QUEUE_STATE_STACK_XOFF;
	SP_LINE("netdev_tx_sent_queue:xoff", avail,
		"dql_avail=%d < 0 (num_queued=%u adj_limit=%u): set __QUEUE_STATE_STACK_XOFF", avail,
		(u32)q->dql.num_queued, (u32)q->dql.adj_limit);
	// check again in case another CPU has just made room available (cannot happen here)
	if (dql_avail(&q->dql) >= 0)
		q->state &= ~__QUEUE_STATE_STACK_XOFF;
}

// __netdev_tx_sent_queue(): the xmit_more-aware variant; returns whether the driver must ring the
// doorbell now (no more packets coming, or the queue got stopped so nothing else will come).
bool __netdev_tx_sent_queue(netdev_queue *q, unsigned bytes, bool xmit_more)
{
	SP_FN("%s bytes=%u xmit_more=%d", q->name.c_str(), bytes, xmit_more);
	if (xmit_more) {
		dql_queued(&q->dql, bytes);
		bool stopped = netif_tx_queue_stopped(q);
		SP_LINE("__netdev_tx_sent_queue:more", stopped,
			"xmit_more: defer the doorbell unless the driver stopped the queue (DRV_XOFF=%d)",
			stopped);
		SP_RET(stopped);
	}
	netdev_tx_sent_queue(q, bytes);
	SP_LINE("__netdev_tx_sent_queue:last", 1, "%s", "no xmit_more: ring the doorbell");
	SP_RET(true);
}

// netdev_tx_completed_queue(): the driver's TX completion reports pkts/bytes done
void netdev_tx_completed_queue(netdev_queue *q, unsigned pkts, unsigned bytes)
{
	SP_FN("%s pkts=%u bytes=%u", q->name.c_str(), pkts, bytes);
	if (!bytes)
		return;
	dql_completed(&q->dql, bytes);
	int avail = dql_avail(&q->dql);
	if (avail < 0) {
		SP_LINE("netdev_tx_completed_queue:still_over", avail, "dql_avail=%d < 0: stay stopped",
			avail);
		return;
	}
	// test_and_clear_bit(__QUEUE_STATE_STACK_XOFF) -> netif_schedule_queue()
	if (q->state & __QUEUE_STATE_STACK_XOFF) {
		q->state &= ~__QUEUE_STATE_STACK_XOFF;
		SP_LINE("netdev_tx_completed_queue:xon", avail,
			"dql_avail=%d >= 0: clear STACK_XOFF, reschedule qdisc", avail);
		netif_schedule_queue(q);
	}
}

// netdev_tx_reset_queue(): ring (re)initialised
void netdev_tx_reset_queue(netdev_queue *q)
{
	SP_FN("%s", q->name.c_str());
	q->state &= ~__QUEUE_STATE_STACK_XOFF;
	dql_reset(&q->dql);
}
