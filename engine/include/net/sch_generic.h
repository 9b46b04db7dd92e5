// SPDX-License-Identifier: GPL-2.0-or-later
// struct Qdisc and the generic scheduler (include/net/sch_generic.h, net/sched/sch_generic.c,
// net/sched/sch_fifo.c). Implemented in engine/net/sched/.
#pragma once
#include <deque>
#include <string>

#include "linux/netdevice.h"

enum : u32 { TCQ_F_NOLOCK = 1u << 0, TCQ_F_CAN_BYPASS = 1u << 1, TCQ_F_ONETXQUEUE = 1u << 2 };
enum : u32 { __QDISC_STATE_SCHED = 1u << 0, __QDISC_STATE_MISSED = 1u << 1, __QDISC_STATE_RUNNING = 1u << 2 };

struct Qdisc {
	std::string kind = "pfifo_fast";  // "pfifo_fast", "pfifo", "noqueue"
	std::string name;                  // "qdisc0"
	u32 flags = TCQ_F_CAN_BYPASS | TCQ_F_NOLOCK;
	F<u32> state;
	F<u32> qlen;        // packets queued
	F<u32> backlog;     // bytes queued
	F<u32> drops, requeues;
	unsigned limit = 1000;  // tx_queue_len
	std::deque<sk_buff *> q[3];  // pfifo_fast bands (pfifo uses band 0)
	sk_buff *gso_skb = nullptr;  // requeued skb (dev_requeue_skb)
	netdev_queue *dev_queue = nullptr;
};

Qdisc *qdisc_create_dflt(netdev_queue *txq, const std::string &kind);
int qdisc_enqueue(Qdisc *q, sk_buff *skb, sk_buff **to_free);
sk_buff *qdisc_dequeue(Qdisc *q);
int __dev_xmit_skb(sk_buff *skb, Qdisc *q, net_device *dev, netdev_queue *txq);
void __qdisc_run(Qdisc *q);
bool qdisc_restart(Qdisc *q, int *packets);
bool sch_direct_xmit(sk_buff *skb, Qdisc *q, net_device *dev, netdev_queue *txq, bool validate);
int dev_requeue_skb(sk_buff *skb, Qdisc *q);
sk_buff *dequeue_skb(Qdisc *q, bool *validate, int *packets);
void __netif_schedule(Qdisc *q);
bool qdisc_run_begin(Qdisc *q);
void qdisc_run_end(Qdisc *q);
// ---- appended by the IP/dev/qdisc area
// dev_activate() (attach_default_qdiscs): give each TX queue of dev a default qdisc of `kind`
// (world().devcfg.qdisc if empty). __dev_queue_xmit calls it lazily if a queue has none.
void dev_activate(net_device *dev, const std::string &kind = "");
void qdisc_run(Qdisc *q);                      // qdisc_run_begin + __qdisc_run + qdisc_run_end
void qdisc_destroy(Qdisc *q);                  // frees queued skbs and the Qdisc
// __QDISC_STATE_DRAINING: a lockless qdisc still holds packets the stopped queue could not take
constexpr u32 __QDISC_STATE_DRAINING = 1u << 3;
