// SPDX-License-Identifier: GPL-2.0-or-later
// net/sched/sch_generic.c: the generic qdisc runner (__qdisc_run, qdisc_restart, dequeue_skb,
// sch_direct_xmit, dev_requeue_skb), the default qdiscs pfifo_fast and noqueue, qdisc_create_dflt
// and dev_activate; plus __dev_xmit_skb (net/core/dev.c), the qdisc entry of __dev_queue_xmit.
//
// The path a packet takes, in one sentence: __dev_xmit_skb either sends the skb straight to the
// driver ("bypass": the qdisc is empty, may be bypassed and nobody else is running it) or puts it
// in the queue and runs the queue; running the queue (__qdisc_run) takes skbs out — several at once
// when BQL leaves room (bulk dequeue, the source of xmit_more) — and gives them to the driver in
// sch_direct_xmit. If the driver says NETDEV_TX_BUSY, the skb goes back to the front
// (dev_requeue_skb) and the qdisc is rescheduled for the NET_TX softirq (net_tx_action).
#include "net/sch_generic.h"
#include "net/core/xmit_err.h"
#include "sim/world.h"

using namespace sp;

// sch_fifo.cpp
int pfifo_enqueue(sk_buff *skb, Qdisc *sch, sk_buff **to_free);
sk_buff *pfifo_dequeue(Qdisc *sch);

// ---------------------------------------------------------------- helpers
static void kfree_skb_list(sk_buff *skb)
{
	while (skb) {
		sk_buff *next = skb->next;
		skb->next = nullptr;
		kfree_skb(skb);
		skb = next;
	}
}

static const char *state_str(u32 s)
{
	static thread_local char buf[64];
	snprintf(buf, sizeof buf, "%s%s%s%s%s", s & __QDISC_STATE_SCHED ? "SCHED " : "",
		 s & __QDISC_STATE_MISSED ? "MISSED " : "", s & __QDISC_STATE_RUNNING ? "RUNNING " : "",
		 s & __QDISC_STATE_DRAINING ? "DRAINING " : "", s ? "" : "0");
	return buf;
}

// qdisc_drop(): free later (to_free list) and count
static int qdisc_drop(sk_buff *skb, Qdisc *q, sk_buff **to_free)
{
	skb->next = *to_free;
	*to_free = skb;
	q->drops += 1;
	return NET_XMIT_DROP;
}

// nolock_qdisc_is_empty(): a lockless qdisc counts as non-empty while MISSED or DRAINING is set
static bool nolock_qdisc_is_empty(const Qdisc *q)
{
	return !(q->state & (__QDISC_STATE_MISSED | __QDISC_STATE_DRAINING));
}

// ---------------------------------------------------------------- pfifo_fast (sch_generic.c)
// prio2band: skb->priority (TC_PRIO_*) -> band; band 0 is served first.
static const u8 prio2band[16] = {1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1};
constexpr unsigned TC_PRIO_MAX = 15;

static int pfifo_fast_enqueue(sk_buff *skb, Qdisc *q, sk_buff **to_free)
{
	SP_FN("%s priority=%u", skb->name.c_str(), (u32)skb->priority);
	int band = prio2band[skb->priority & TC_PRIO_MAX];
	// Each band is a ptr_ring (skb_array) of tx_queue_len entries.
	if (q->q[band].size() >= q->limit) {
		SP_LINE("pfifo_fast_enqueue:overlimit", band, "band %d full (%zu >= tx_queue_len %u): drop",
			band, q->q[band].size(), q->limit);
		SP_RET(qdisc_drop(skb, q, to_free));
	}
	q->q[band].push_back(skb);
	q->qlen += 1;
	q->backlog += skb->len;
	SP_LINE("pfifo_fast_enqueue:band", band, "priority %u -> band %d; qlen=%u backlog=%u",
		(u32)skb->priority, band, (u32)q->qlen, (u32)q->backlog);
	SP_RET(NET_XMIT_SUCCESS);
}

static sk_buff *pfifo_fast_dequeue(Qdisc *q)
{
	sk_buff *skb = nullptr;
	bool need_retry = true;
retry:
	for (int band = 0; band < 3 && !skb; band++) {
		if (q->q[band].empty())
			continue;
		skb = q->q[band].front();
		q->q[band].pop_front();
	}
	if (skb) {
		q->qlen -= 1;
		q->backlog -= skb->len;
	} else if (need_retry && (q->state & (__QDISC_STATE_MISSED | __QDISC_STATE_DRAINING))) {
		// Empty: forget MISSED/DRAINING so the qdisc counts as empty again, then look once more.
		q->state &= ~(__QDISC_STATE_MISSED | __QDISC_STATE_DRAINING);
		need_retry = false;
		goto retry;
	}
	return skb;
}

// ---------------------------------------------------------------- ops dispatch
int qdisc_enqueue(Qdisc *q, sk_buff *skb, sk_buff **to_free)
{
	if (q->kind == "pfifo_fast")
		return pfifo_fast_enqueue(skb, q, to_free);
	if (q->kind == "pfifo")
		return pfifo_enqueue(skb, q, to_free);
	// noqueue has no enqueue: __dev_queue_xmit never calls this for it.
	return qdisc_drop(skb, q, to_free);
}

sk_buff *qdisc_dequeue(Qdisc *q)
{
	if (q->kind == "pfifo_fast")
		return pfifo_fast_dequeue(q);
	if (q->kind == "pfifo")
		return pfifo_dequeue(q);
	return nullptr;
}

// ---------------------------------------------------------------- creation
Qdisc *qdisc_create_dflt(netdev_queue *txq, const std::string &kind)
{
	SP_FN("%s kind=%s", txq->name.c_str(), kind.c_str());
	auto *q = new Qdisc;
	q->kind = kind;
	q->name = "qdisc" + std::to_string(txq->index);
	q->dev_queue = txq;
	q->limit = txq->dev ? txq->dev->tx_queue_len : 1000;
	if (kind == "pfifo_fast") {
		// static_flags TCQ_F_NOLOCK; pfifo_fast_init sets TCQ_F_CAN_BYPASS
		q->flags = TCQ_F_NOLOCK | TCQ_F_CAN_BYPASS;
	} else if (kind == "pfifo") {
		// __fifo_init: bypass allowed when limit >= 1; the fifo takes the qdisc root lock
		q->flags = q->limit >= 1 ? (u32)TCQ_F_CAN_BYPASS : 0u;
	} else {
		q->kind = "noqueue";
		q->flags = 0; // enqueue == NULL: __dev_queue_xmit goes straight to the driver
	}
	// attach_one_default_qdisc / mq_init: each TX queue's qdisc serves exactly one queue
	q->flags |= TCQ_F_ONETXQUEUE;
	if (sim().rec()) {
		q->state.reg(q->name, "state", Fmt::Hex);
		q->qlen.reg(q->name, "qlen");
		q->backlog.reg(q->name, "backlog");
		q->drops.reg(q->name, "drops");
		q->requeues.reg(q->name, "requeues");
	}
	SP_LINE("qdisc_create_dflt:flags", q->flags, "%s on %s: limit %u%s%s", q->kind.c_str(),
		txq->name.c_str(), q->limit, q->flags & TCQ_F_NOLOCK ? " NOLOCK" : "",
		q->flags & TCQ_F_CAN_BYPASS ? " CAN_BYPASS" : "");
	SP_RET_P(q);
}

void dev_activate(net_device *dev, const std::string &kind_in)
{
	std::string kind = kind_in.empty() ? world().devcfg.qdisc : kind_in;
	SP_FN("%s kind=%s", dev->name.c_str(), kind.c_str());
	for (netdev_queue *txq : dev->tx)
		if (!txq->qdisc)
			txq->qdisc = qdisc_create_dflt(txq, kind);
}

void qdisc_destroy(Qdisc *q)
{
	if (!q)
		return;
	for (auto &band : q->q)
		for (sk_buff *skb : band)
			kfree_skb(skb);
	kfree_skb_list(q->gso_skb);
	delete q;
}

// ---------------------------------------------------------------- running state
bool qdisc_run_begin(Qdisc *q)
{
	if (q->flags & TCQ_F_NOLOCK) {
		// spin_trylock(&q->seqlock)
		if (!(q->state & __QDISC_STATE_RUNNING)) {
			q->state |= __QDISC_STATE_RUNNING;
			return true;
		}
		// Someone else runs it: leave a MISSED note so the owner reschedules.
		if (q->state & __QDISC_STATE_MISSED)
			return false;
		q->state |= __QDISC_STATE_MISSED;
		return false; // second trylock fails too: the owner still holds it
	}
	if (q->state & __QDISC_STATE_RUNNING)
		return false;
	q->state |= __QDISC_STATE_RUNNING;
	return true;
}

void qdisc_run_end(Qdisc *q)
{
	q->state &= ~__QDISC_STATE_RUNNING;
	if ((q->flags & TCQ_F_NOLOCK) && (q->state & __QDISC_STATE_MISSED)) {
		SP_LINE("qdisc_run_end:missed", q->state, "%s: MISSED set -> __netif_schedule",
			q->name.c_str());
		__netif_schedule(q);
	}
}

void qdisc_run(Qdisc *q)
{
	if (qdisc_run_begin(q)) {
		__qdisc_run(q);
		qdisc_run_end(q);
	}
}

// qdisc_maybe_clear_missed(): the queue is stopped; stop asking for reruns until it wakes
static void qdisc_maybe_clear_missed(Qdisc *q, const netdev_queue *txq)
{
	q->state &= ~__QDISC_STATE_MISSED;
	if (!netif_xmit_frozen_or_stopped(txq))
		q->state |= __QDISC_STATE_MISSED;
	else
		q->state |= __QDISC_STATE_DRAINING;
}

// ---------------------------------------------------------------- requeue / dequeue
int dev_requeue_skb(sk_buff *skb, Qdisc *q)
{
	SP_FN("%s %s", skb ? skb->name.c_str() : "-", q->name.c_str());
	while (skb) {
		sk_buff *next = skb->next;
		skb->next = nullptr;
		// __skb_queue_tail(&q->gso_skb, skb): the list is chained through ->next
		sk_buff **pp = &q->gso_skb;
		while (*pp)
			pp = &(*pp)->next;
		*pp = skb;
		q->requeues += 1;
		q->backlog += skb->len;
		q->qlen += 1; // it's still part of the queue
		SP_LINE("dev_requeue_skb:requeue", q->requeues,
			"%s back to the front (gso_skb); requeues=%u qlen=%u", skb->name.c_str(),
			(u32)q->requeues, (u32)q->qlen);
		skb = next;
	}
	if (q->flags & TCQ_F_NOLOCK) {
		q->state |= __QDISC_STATE_MISSED;
		SP_LINE("dev_requeue_skb:missed", q->state, "lockless qdisc: set MISSED (%s)",
			state_str(q->state));
	} else {
		__netif_schedule(q);
	}
	SP_RET(0);
}

// try_bulk_dequeue_skb(): while BQL still has room, chain more skbs behind the first one
static void try_bulk_dequeue_skb(Qdisc *q, sk_buff *skb, const netdev_queue *txq, int *packets)
{
	// qdisc_avail_bulklimit() = dql_avail() with BQL
	int bytelimit = dql_avail(&txq->dql) - (int)skb->len;
	SP_LINE("dequeue_skb:bulk", bytelimit, "bulk dequeue: dql_avail %d - len %u = bytelimit %d",
		dql_avail(&txq->dql), (u32)skb->len, bytelimit);
	while (bytelimit > 0) {
		sk_buff *nskb = qdisc_dequeue(q);
		if (!nskb)
			break;
		bytelimit -= nskb->len; // covers GSO len
		skb->next = nskb;
		skb = nskb;
		(*packets)++; // GSO counts as one packet
	}
	skb->next = nullptr;
}

sk_buff *dequeue_skb(Qdisc *q, bool *validate, int *packets)
{
	SP_FN("%s qlen=%u", q->name.c_str(), (u32)q->qlen);
	netdev_queue *txq = q->dev_queue;
	sk_buff *skb = nullptr;
	*packets = 1;
	if (q->gso_skb) {
		// A requeued skb goes first; it was validated already.
		*validate = false;
		if (!netif_xmit_frozen_or_stopped(txq)) {
			skb = q->gso_skb;
			q->gso_skb = skb->next;
			skb->next = nullptr;
			q->backlog -= skb->len;
			q->qlen -= 1;
			SP_LINE("dequeue_skb:requeued", 1, "requeued %s first (already validated)",
				skb->name.c_str());
		} else {
			SP_LINE("dequeue_skb:requeued_stopped", 0,
				"requeued %s waits: %s stopped (state=0x%x)", q->gso_skb->name.c_str(),
				txq->name.c_str(), (u32)txq->state);
			qdisc_maybe_clear_missed(q, txq);
		}
		SP_RET_P(skb);
	}
	*validate = true;
	if ((q->flags & TCQ_F_ONETXQUEUE) && netif_xmit_frozen_or_stopped(txq)) {
		SP_LINE("dequeue_skb:stopped", txq->state,
			"%s stopped (state=0x%x: %s%s): leave %u packets queued", txq->name.c_str(),
			(u32)txq->state, txq->state & __QUEUE_STATE_DRV_XOFF ? "DRV_XOFF " : "",
			txq->state & __QUEUE_STATE_STACK_XOFF ? "STACK_XOFF" : "", (u32)q->qlen);
		qdisc_maybe_clear_missed(q, txq);
		SP_RET_P(skb);
	}
	skb = qdisc_dequeue(q);
	if (skb) {
		// qdisc_may_bulk(): TCQ_F_ONETXQUEUE
		if (q->flags & TCQ_F_ONETXQUEUE)
			try_bulk_dequeue_skb(q, skb, txq, packets);
		SP_LINE("dequeue_skb:got", *packets, "dequeued %s (+%d more chained); qlen=%u",
			skb->name.c_str(), *packets - 1, (u32)q->qlen);
	}
	SP_RET_P(skb);
}

// ---------------------------------------------------------------- transmit
bool sch_direct_xmit(sk_buff *skb, Qdisc *q, net_device *dev, netdev_queue *txq, bool validate)
{
	SP_FN("%s %s validate=%d", skb->name.c_str(), txq->name.c_str(), validate);
	int ret = NETDEV_TX_BUSY;
	bool again = false;
	// (qdisc root lock released here: validation runs outside of locks)
	if (validate)
		skb = validate_xmit_skb_list(skb, dev, &again);
	if (!skb) {
		SP_LINE("sch_direct_xmit:dropped", 0, "%s", "validate dropped the skb: keep going");
		SP_RET(true);
	}
	// HARD_TX_LOCK(dev, txq, cpu): serialises with the driver (not needed with one CPU)
	if (!netif_xmit_frozen_or_stopped(txq)) {
		skb = dev_hard_start_xmit(skb, dev, txq, &ret);
	} else {
		SP_LINE("sch_direct_xmit:stopped", txq->state,
			"%s stopped (state=0x%x): do not call the driver", txq->name.c_str(),
			(u32)txq->state);
		qdisc_maybe_clear_missed(q, txq);
	}
	// HARD_TX_UNLOCK
	if (!dev_xmit_complete(ret)) {
		// Driver returned NETDEV_TX_BUSY (or the queue was stopped): requeue
		if (ret != NETDEV_TX_BUSY)
			world().warnings.push_back("BUG " + dev->name + " code " + std::to_string(ret));
		SP_LINE("sch_direct_xmit:busy", ret, "ret=0x%x NETDEV_TX_BUSY: requeue %s, stop running", ret,
			skb ? skb->name.c_str() : "-");
		dev_requeue_skb(skb, q);
		SP_RET(false);
	}
	SP_LINE("sch_direct_xmit:ok", ret, "ret=%d: feel free to send more", ret);
	SP_RET(true);
}

bool qdisc_restart(Qdisc *q, int *packets)
{
	SP_FN("%s", q->name.c_str());
	bool validate;
	sk_buff *skb = dequeue_skb(q, &validate, packets);
	if (!skb)
		SP_RET(false);
	net_device *dev = q->dev_queue->dev;
	// skb_get_tx_queue(): the queue chosen at enqueue time (queue_mapping)
	netdev_queue *txq = netdev_get_tx_queue(
	    dev, skb_get_queue_mapping(skb) < dev->tx.size() ? skb_get_queue_mapping(skb) : 0);
	SP_RET(sch_direct_xmit(skb, q, dev, txq, validate));
}

void __qdisc_run(Qdisc *q)
{
	SP_FN("%s qlen=%u", q->name.c_str(), (u32)q->qlen);
	int quota = 64; // net_hotdata.dev_tx_weight (sysctl net.core.dev_weight_tx_bias * 64)
	int packets;
	while (qdisc_restart(q, &packets)) {
		quota -= packets;
		SP_LINE("__qdisc_run:quota", quota, "sent %d packets, quota left %d", packets, quota);
		if (quota <= 0) {
			if (q->flags & TCQ_F_NOLOCK)
				q->state |= __QDISC_STATE_MISSED;
			else
				__netif_schedule(q);
			SP_LINE("__qdisc_run:quota_exhausted", quota, "%s",
				"quota used up: let the NET_TX softirq continue later");
			break;
		}
	}
}

// __dev_xmit_skb() (net/core/dev.c): bypass or enqueue-and-run
int __dev_xmit_skb(sk_buff *skb, Qdisc *q, net_device *dev, netdev_queue *txq)
{
	SP_FN("%s %s %s qlen=%u", skb->name.c_str(), q->name.c_str(), q->kind.c_str(), (u32)q->qlen);
	sk_buff *to_free = nullptr;
	int rc;
	if (q->flags & TCQ_F_NOLOCK) {
		bool empty = nolock_qdisc_is_empty(q);
		SP_LINE("__dev_xmit_skb:nolock", empty, "lockless qdisc: CAN_BYPASS=%d empty=%d (state %s)",
			!!(q->flags & TCQ_F_CAN_BYPASS), empty, state_str(q->state));
		if ((q->flags & TCQ_F_CAN_BYPASS) && empty && qdisc_run_begin(q)) {
			// Retest emptiness under the seqlock (a requeue may have raced with us).
			if (!nolock_qdisc_is_empty(q)) {
				rc = qdisc_enqueue(q, skb, &to_free) & NET_XMIT_MASK;
				__qdisc_run(q);
				qdisc_run_end(q);
				kfree_skb_list(to_free);
				SP_RET(rc);
			}
			SP_LINE("__dev_xmit_skb:bypass", 1,
				"qdisc empty and idle: bypass, %s straight to the driver", skb->name.c_str());
			if (sch_direct_xmit(skb, q, dev, txq, true) && !nolock_qdisc_is_empty(q))
				__qdisc_run(q);
			qdisc_run_end(q);
			SP_RET(NET_XMIT_SUCCESS);
		}
		rc = qdisc_enqueue(q, skb, &to_free) & NET_XMIT_MASK;
		SP_LINE("__dev_xmit_skb:enqueue", rc, "enqueued (rc=%d), qlen=%u: run the qdisc", rc,
			(u32)q->qlen);
		qdisc_run(q);
		kfree_skb_list(to_free);
		SP_RET(rc);
	}
	// Locked qdisc (pfifo): spin_lock(root_lock)
	if ((q->flags & TCQ_F_CAN_BYPASS) && !q->qlen && qdisc_run_begin(q)) {
		// Work-conserving queue, nothing waiting, not running: transmit directly.
		SP_LINE("__dev_xmit_skb:bypass", 1, "qlen 0 and idle: bypass, %s straight to the driver",
			skb->name.c_str());
		if (sch_direct_xmit(skb, q, dev, txq, true))
			__qdisc_run(q);
		qdisc_run_end(q);
		rc = NET_XMIT_SUCCESS;
	} else {
		rc = qdisc_enqueue(q, skb, &to_free) & NET_XMIT_MASK;
		SP_LINE("__dev_xmit_skb:enqueue", rc, "enqueued (rc=%d), qlen=%u", rc, (u32)q->qlen);
		if (qdisc_run_begin(q)) {
			__qdisc_run(q);
			qdisc_run_end(q);
		}
	}
	kfree_skb_list(to_free);
	SP_RET(rc);
}
