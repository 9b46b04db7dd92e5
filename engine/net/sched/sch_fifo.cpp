// SPDX-License-Identifier: GPL-2.0-or-later
// net/sched/sch_fifo.c: pfifo, a single FIFO of at most `limit` packets (tx_queue_len by default).
// Unlike pfifo_fast it takes the qdisc root lock (no TCQ_F_NOLOCK) and has one band.
#include "net/sch_generic.h"

using namespace sp;

int pfifo_enqueue(sk_buff *skb, Qdisc *sch, sk_buff **to_free)
{
	SP_FN("%s qlen=%u limit=%u", skb->name.c_str(), (u32)sch->qlen, sch->limit);
	if (sch->qlen < sch->limit) {
		// qdisc_enqueue_tail()
		sch->q[0].push_back(skb);
		sch->qlen += 1;
		sch->backlog += skb->len;
		SP_LINE("pfifo_enqueue:tail", sch->qlen, "qlen %u < limit %u: queued at the tail, backlog=%u",
			(u32)sch->qlen - 1, sch->limit, (u32)sch->backlog);
		SP_RET(NET_XMIT_SUCCESS);
	}
	// qdisc_drop()
	SP_LINE("pfifo_enqueue:drop", sch->qlen, "qlen %u >= limit %u: drop", (u32)sch->qlen, sch->limit);
	skb->next = *to_free;
	*to_free = skb;
	sch->drops += 1;
	SP_RET(NET_XMIT_DROP);
}

// qdisc_dequeue_head()
sk_buff *pfifo_dequeue(Qdisc *sch)
{
	if (sch->q[0].empty())
		return nullptr;
	sk_buff *skb = sch->q[0].front();
	sch->q[0].pop_front();
	sch->qlen -= 1;
	sch->backlog -= skb->len;
	return skb;
}
