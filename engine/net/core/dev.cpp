// SPDX-License-Identifier: GPL-2.0-or-later
// net/core/dev.c (TX half) and the TX inlines of include/linux/netdevice.h:
// __dev_queue_xmit, netdev_core_pick_tx, validate_xmit_skb(_list), dev_hard_start_xmit, xmit_one,
// netdev_start_xmit, the queue stop/wake calls, __netif_schedule + net_tx_action (NET_TX softirq),
// skb_checksum_help and netif_needs_gso. __dev_xmit_skb is in engine/net/sched/sch_generic.cpp.
#include <cstring>

#include "drivers/net/tun.h"
#include "linux/errqueue.h"
#include "linux/net_tstamp.h"
#include "net/checksum.h"
#include "net/core/xmit_err.h"
#include "net/ip.h"
#include "net/sch_generic.h"
#include "sim/world.h"

#include "net/devmem.h"

using namespace sp;

// ---------------------------------------------------------------- xmit_more
// netdev_xmit_set_more()/netdev_xmit_more(): a per-CPU flag set right before ndo_start_xmit.
namespace
{
thread_local bool g_xmit_more = false;
}

bool netdev_xmit_more()
{
	return g_xmit_more;
}

// ---------------------------------------------------------------- queue state
void netif_tx_start_queue(netdev_queue *q)
{
	SP_FN("%s", q->name.c_str());
	q->state &= ~__QUEUE_STATE_DRV_XOFF;
}

void netif_tx_stop_queue(netdev_queue *q)
{
	SP_FN("%s", q->name.c_str());
	q->state |= __QUEUE_STATE_DRV_XOFF;
	SP_LINE("netif_tx_stop_queue:xoff", q->state, "%s: set __QUEUE_STATE_DRV_XOFF (state=0x%x)",
		q->name.c_str(), (u32)q->state);
}

// netif_tx_wake_queue(): clear DRV_XOFF and, if it was set, reschedule the qdisc
void netif_tx_wake_queue(netdev_queue *q)
{
	SP_FN("%s state=0x%x", q->name.c_str(), (u32)q->state);
	if (q->state & __QUEUE_STATE_DRV_XOFF) {
		q->state &= ~__QUEUE_STATE_DRV_XOFF;
		SP_LINE("netif_tx_wake_queue:wake", 1, "%s: DRV_XOFF cleared -> __netif_schedule(%s)",
			q->name.c_str(), q->qdisc ? q->qdisc->name.c_str() : "-");
		if (q->qdisc)
			__netif_schedule(q->qdisc);
	}
}

// netif_schedule_queue() (net/core/dev.c)
void netif_schedule_queue(netdev_queue *q)
{
	if (!netif_xmit_stopped(q) && q->qdisc)
		__netif_schedule(q->qdisc);
}

// ---------------------------------------------------------------- NET_TX softirq
static void net_tx_action_qdisc(Qdisc *q)
{
	// The body of net_tx_action()'s output_queue loop for one qdisc.
	q->state &= ~__QDISC_STATE_SCHED;
	SP_LINE("net_tx_action:run", q->qlen, "%s: clear SCHED, qdisc_run (qlen=%u)", q->name.c_str(),
		(u32)q->qlen);
	qdisc_run(q);
}

// __netif_reschedule(): put q on this CPU's softnet output_queue and raise NET_TX_SOFTIRQ.
// Model: the softirq runs as a simulation event at the same virtual time.
static void __netif_reschedule(Qdisc *q)
{
	SP_LINE("__netif_schedule:raise", 1, "%s on output_queue, raise NET_TX_SOFTIRQ", q->name.c_str());
	sim().at(sim().now_ns(), "NET_TX_SOFTIRQ " + q->name, [q] {
		SP_FN_NAMED("net_tx_action", "%s", q->name.c_str());
		net_tx_action_qdisc(q);
	});
}

void __netif_schedule(Qdisc *q)
{
	SP_FN("%s state=0x%x", q->name.c_str(), (u32)q->state);
	if (!(q->state & __QDISC_STATE_SCHED)) {
		q->state |= __QDISC_STATE_SCHED;
		__netif_reschedule(q);
	} else {
		SP_LINE("__netif_schedule:already", 0, "%s", "SCHED already set: nothing to do");
	}
}

// net_tx_action(): run every scheduled qdisc of the scenario's device now (the softirq events
// raised by __netif_schedule do the same for one qdisc each).
void net_tx_action()
{
	SP_FN("%s", "");
	net_device *dev = world().dev;
	if (!dev)
		return;
	for (netdev_queue *txq : dev->tx)
		if (txq->qdisc && (txq->qdisc->state & __QDISC_STATE_SCHED))
			net_tx_action_qdisc(txq->qdisc);
}

// ---------------------------------------------------------------- trace registration
void netdev_trace_register(net_device *dev)
{
	SP_FN("%s queues=%zu", dev->name.c_str(), dev->tx.size());
	if (sim().rec()) {
		dev->tx_packets.reg(dev->name, "tx_packets");
		dev->tx_bytes.reg(dev->name, "tx_bytes");
		dev->tx_dropped.reg(dev->name, "tx_dropped");
	}
	for (size_t i = 0; i < dev->tx.size(); i++) {
		netdev_queue *q = dev->tx[i];
		q->dev = dev;
		q->index = (u16)i;
		if (q->name.empty())
			q->name = "txq" + std::to_string(i);
		// netdev_init_one_queue(): dql_init(&queue->dql, HZ)
		dql_init(&q->dql, 1000);
		if (!sim().rec())
			continue;
		q->state.reg(q->name, "state", Fmt::Hex);
		q->trans_start.reg(q->name, "trans_start");
		q->xmit_more_pending.reg(q->name, "xmit_more", Fmt::Bool);
		std::string d = q->name + ".dql";
		q->dql.num_queued.reg(d, "num_queued");
		q->dql.adj_limit.reg(d, "adj_limit");
		q->dql.last_obj_cnt.reg(d, "last_obj_cnt");
		q->dql.limit.reg(d, "limit");
		q->dql.num_completed.reg(d, "num_completed");
		q->dql.prev_ovlimit.reg(d, "prev_ovlimit");
		q->dql.prev_num_queued.reg(d, "prev_num_queued");
		q->dql.prev_last_obj_cnt.reg(d, "prev_last_obj_cnt");
		q->dql.lowest_slack.reg(d, "lowest_slack");
	}
}

// ---------------------------------------------------------------- features
// can_checksum_protocol(): may the device checksum TCP over IPv4 for us?
static bool can_checksum_protocol(u32 features, u16 protocol)
{
	if (features & NETIF_F_HW_CSUM)
		return true;
	return protocol == ETH_P_IP && (features & NETIF_F_IP_CSUM);
}

// netif_skb_features(): dev->features narrowed for this skb (gso_features_check, harmonize_features)
static u32 netif_skb_features(sk_buff *skb, net_device *dev)
{
	u32 features = dev->features;
	if (skb_is_gso(skb)) {
		if (skb_shinfo(skb)->gso_segs > dev->gso_max_segs) {
			SP_LINE("netif_skb_features:gso_segs", skb_shinfo(skb)->gso_segs,
				"gso_segs %u > gso_max_segs %u: no TSO", (u32)skb_shinfo(skb)->gso_segs,
				(u32)dev->gso_max_segs);
			features &= ~NETIF_F_GSO_SOFTWARE;
		} else if (skb->len >= dev->gso_ipv4_max_size) {
			features &= ~NETIF_F_GSO_SOFTWARE;
		} else if (!skb_shinfo(skb)->gso_type) {
			features &= ~NETIF_F_GSO_SOFTWARE;
		}
	}
	// harmonize_features(): no checksum offload for this protocol -> no TSO either
	if (skb->ip_summed != CHECKSUM_NONE && !can_checksum_protocol(features, ETH_P_IP))
		features &= ~(NETIF_F_IP_CSUM | NETIF_F_HW_CSUM | NETIF_F_GSO_SOFTWARE);
	return features;
}

// net_gso_ok() + skb_gso_ok(): does the device segment this gso_type itself?
static bool skb_gso_ok(const sk_buff *skb, u32 features)
{
	u32 type = skb_shinfo(skb)->gso_type;
	if ((type & SKB_GSO_TCPV4) && !(features & NETIF_F_TSO))
		return false;
	if ((type & SKB_GSO_TCPV6) && !(features & NETIF_F_TSO6))
		return false;
	return true; // no frag_list in the model
}

bool netif_needs_gso(sk_buff *skb, u32 features)
{
	return skb_is_gso(skb) && (!skb_gso_ok(skb, features) || (skb->ip_summed != CHECKSUM_PARTIAL &&
								  skb->ip_summed != CHECKSUM_UNNECESSARY));
}

// ---------------------------------------------------------------- checksum help
// skb_checksum_help(): finish a CHECKSUM_PARTIAL checksum in software and store it in the packet.
int skb_checksum_help(sk_buff *skb)
{
	SP_FN("%s len=%u csum_start=%u csum_offset=%u", skb->name.c_str(), (u32)skb->len,
	      (u32)skb->csum_start, (u32)skb->csum_offset);
	if (skb->ip_summed == CHECKSUM_COMPLETE) {
		skb->ip_summed = CHECKSUM_NONE;
		SP_RET(0);
	}
	if (skb_is_gso(skb)) {
		SP_LINE("skb_checksum_help:gso", -EINVAL, "%s", "GSO skb: skb_warn_bad_offload, -EINVAL");
		world().warnings.push_back("skb_warn_bad_offload: skb_checksum_help on a GSO skb " +
					   skb->name);
		SP_RET(-EINVAL);
	}
	if (!skb_frags_readable(skb)) {
		SP_LINE("skb_checksum_help:unreadable", -EFAULT, "%s",
			"net_iov frags: the CPU cannot read them, -EFAULT");
		SP_RET(-EFAULT);
	}
	// Model: skb_has_shared_frag() -> __skb_linearize() is skipped: frags are never modified
	// behind our back in the model, so the checksum of the shared pages is stable.
	int offset = (int)skb->csum_start - (int)skb_headroom(skb); // skb_checksum_start_offset()
	if (offset < 0 || (unsigned)offset >= skb_headlen(skb)) {
		SP_LINE("skb_checksum_help:bad_offset", offset, "offset (%d) >= skb_headlen() (%u): WARN",
			offset, skb_headlen(skb));
		world().warnings.push_back("skb_checksum_help: offset >= skb_headlen on " + skb->name);
		SP_RET(-EINVAL);
	}
	std::string bytes = skb_bytes(skb);
	__wsum csum = csum_partial(bytes.data() + offset, (int)skb->len - offset, 0);
	offset += skb->csum_offset;
	if ((unsigned)offset + 2 > skb_headlen(skb)) {
		world().warnings.push_back("skb_checksum_help: csum field beyond the linear part on " +
					   skb->name);
		SP_RET(-EINVAL);
	}
	// Model: skb_ensure_writable() needs no copy: the checksum field is in the TCP header that the
	// sender pushed into its own headroom, which a TCP clone may write (skb_header_release).
	__sum16 sum = csum_fold(csum);
	if (sum == 0)
		sum = 0xffff; // CSUM_MANGLED_0
	skb->write(skb->data + offset, &sum, 2);
	SP_LINE("skb_checksum_help:store", sum, "checksum over %u bytes = %02x %02x, written at offset %d",
		(u32)skb->len - ((u32)skb->csum_start - skb_headroom(skb)), sum & 0xff, sum >> 8, offset);
	skb->ip_summed = CHECKSUM_NONE;
	SP_RET(0);
}

// skb_csum_hwoffload_help(): the device checksums TCP/IPv4 itself, or we do it now
static int skb_csum_hwoffload_help(sk_buff *skb, u32 features)
{
	if (features & NETIF_F_HW_CSUM) {
		SP_LINE("validate_xmit_skb:hw_csum", 1, "%s", "NETIF_F_HW_CSUM: the NIC fills the checksum");
		return 0;
	}
	if (features & NETIF_F_IP_CSUM) {
		// csum_offset of the TCP (16) or UDP (6) check field
		if (skb->csum_offset == 16 || skb->csum_offset == 6) {
			SP_LINE("validate_xmit_skb:ip_csum", 1, "%s",
				"NETIF_F_IP_CSUM: the NIC fills the TCP checksum");
			return 0;
		}
	}
	SP_LINE("validate_xmit_skb:sw_csum", 0, "%s", "device cannot checksum: skb_checksum_help");
	return skb_checksum_help(skb);
}

// ---------------------------------------------------------------- validation
// 6.16 validate_xmit_unreadable_skb(); 6.15 drops every unreadable skb at this point.
static sk_buff *validate_xmit_unreadable_skb(sk_buff *skb, net_device *dev)
{
	if (skb_frags_readable(skb))
		return skb;
	if (!sim().v616()) {
		SP_LINE("validate_xmit_skb:unreadable_615", 0, "%s",
			"6.15: skb has unreadable (net_iov) frags: no TX support, drop");
		kfree_skb(skb);
		return nullptr;
	}
	SP_LINE("validate_xmit_unreadable_skb:netmem_tx", dev->netmem_tx,
		"6.16: unreadable skb, dev->netmem_tx=%d", dev->netmem_tx);
	if (!dev->netmem_tx) {
		kfree_skb(skb);
		return nullptr;
	}
	skb_shared_info *sh = skb_shinfo(skb);
	if (sh->nr_frags > 0) {
		page *niov = sh->frags[0].netmem;
		if (niov && niov->owner == PageOwner::NetIov && niov->binding) {
			net_device *bdev = niov->binding->dev; // net_devmem_iov_binding(niov)->dev
			SP_LINE("validate_xmit_unreadable_skb:binding_dev", bdev == dev,
				"frag[0] binding device %s %s %s", bdev ? bdev->name.c_str() : "-",
				bdev == dev ? "==" : "!=", dev->name.c_str());
			if (bdev != dev) {
				kfree_skb(skb);
				return nullptr;
			}
		}
	}
	return skb;
}

sk_buff *validate_xmit_skb(sk_buff *skb, net_device *dev, bool *again)
{
	SP_FN("%s len=%u gso_size=%u ip_summed=%u", skb->name.c_str(), (u32)skb->len,
	      (u32)skb_shinfo(skb)->gso_size, (u32)skb->ip_summed);
	u32 features;
	skb = validate_xmit_unreadable_skb(skb, dev);
	if (!skb)
		goto out_null;

	features = netif_skb_features(skb, dev);
	// validate_xmit_vlan / sk_validate_xmit_skb: no VLAN tag, no TLS offload in the model
	if (netif_needs_gso(skb, features)) {
		SP_LINE("validate_xmit_skb:needs_gso", skb_shinfo(skb)->gso_segs,
			"netif_needs_gso: device features 0x%x cannot TSO this skb (gso_segs=%u): segment in "
			"software",
			features, (u32)skb_shinfo(skb)->gso_segs);
		sk_buff *segs = skb_gso_segment(skb, features);
		if (!segs) {
			SP_LINE("validate_xmit_skb:gso_none", 0, "%s",
				"skb_gso_segment returned no segments: send as is");
		} else if (xmit::IS_ERR(segs)) {
			goto out_kfree_skb; // IS_ERR(segs)
		} else {
			consume_skb(skb);
			skb = segs;
		}
	} else {
		// skb_needs_linearize(): frags but no NETIF_F_SG
		if (skb_shinfo(skb)->nr_frags && !(features & NETIF_F_SG)) {
			SP_LINE("validate_xmit_skb:linearize", skb_shinfo(skb)->nr_frags,
				"%u frags, no NETIF_F_SG: linearize", (u32)skb_shinfo(skb)->nr_frags);
			if (__skb_linearize(skb))
				goto out_kfree_skb;
		}
		if (skb->ip_summed == CHECKSUM_PARTIAL) {
			// skb_set_transport_header(skb, skb_checksum_start_offset(skb))
			skb->transport_header = skb->csum_start;
			if (skb_csum_hwoffload_help(skb, features))
				goto out_kfree_skb;
		}
	}
	// validate_xmit_xfrm(): no IPsec offload
	SP_RET_P(skb);

out_kfree_skb:
	kfree_skb(skb);
out_null:
	dev->tx_dropped += 1; // dev_core_stats_tx_dropped_inc()
	SP_LINE("validate_xmit_skb:drop", dev->tx_dropped, "dropped; %s tx_dropped=%llu", dev->name.c_str(),
		(unsigned long long)dev->tx_dropped);
	SP_RET_P((sk_buff *)nullptr);
}

sk_buff *validate_xmit_skb_list(sk_buff *skb, net_device *dev, bool *again)
{
	SP_FN("%s", skb->name.c_str());
	sk_buff *head = nullptr, *tail = nullptr, *next;
	for (; skb; skb = next) {
		next = skb->next;
		skb->next = nullptr; // skb_mark_not_on_list()
		skb->prev = skb;     // in case it is not segmented, point to itself
		skb = validate_xmit_skb(skb, dev, again);
		if (!skb)
			continue;
		if (!head)
			head = skb;
		else
			tail->next = skb;
		tail = skb->prev; // the last segment if it was segmented
		skb->prev = nullptr;
	}
	SP_RET_P(head);
}

// ---------------------------------------------------------------- to the driver
netdev_tx_t netdev_start_xmit(sk_buff *skb, net_device *dev, netdev_queue *txq, bool more)
{
	SP_FN("%s %s more=%d", skb->name.c_str(), txq->name.c_str(), more);
	// __netdev_start_xmit(): netdev_xmit_set_more(more); ops->ndo_start_xmit(skb, dev)
	g_xmit_more = more;
	txq->xmit_more_pending = more;
	// Model: when the device stands in for packetdrill's tun device (DeviceConfig::tun), tun's
	// ndo_start_xmit, tun_net_xmit() (engine/drivers/net/tun.cpp), runs first; the E810's
	// ndo_start_xmit then plays tun's hand-off of the packet to the reader.
	netdev_tx_t rc = NETDEV_TX_OK;
	if (world().devcfg.tun)
		rc = tun_net_xmit(skb, dev);
	if (rc == NETDEV_TX_OK) {
		SP_LINE("netdev_start_xmit:ndo", more, "netdev_xmit_set_more(%d); %s->ndo_start_xmit(%s)",
			more, dev->name.c_str(), skb->name.c_str());
		rc = dev->netdev_ops && dev->netdev_ops->ndo_start_xmit
			 ? dev->netdev_ops->ndo_start_xmit(skb, dev)
			 : NETDEV_TX_OK;
	}
	g_xmit_more = false;
	if (rc == NETDEV_TX_OK) {
		// txq_trans_update(): 6.16 tests dev->lltx, 6.15 txq->xmit_lock_owner != -1 (same outcome
		// here)
		if (!dev->lltx)
			txq->trans_start = sim().jiffies();
	}
	SP_LINE("netdev_start_xmit:rc", rc, "driver returned %s",
		rc == NETDEV_TX_OK     ? "NETDEV_TX_OK"
		: rc == NETDEV_TX_BUSY ? "NETDEV_TX_BUSY"
				       : "NET_XMIT_DROP (dropped, counts as sent)");
	SP_RET(rc);
}

int xmit_one(sk_buff *skb, net_device *dev, netdev_queue *txq, bool more)
{
	SP_FN("%s len=%u more=%d", skb->name.c_str(), (u32)skb->len, more);
	// dev_nit_active(): no packet taps (tcpdump) on the device in the model
	int rc = netdev_start_xmit(skb, dev, txq, more);
	SP_RET(rc);
}

sk_buff *dev_hard_start_xmit(sk_buff *first, net_device *dev, netdev_queue *txq, int *ret)
{
	SP_FN("%s %s", first->name.c_str(), txq->name.c_str());
	sk_buff *skb = first;
	int rc = NETDEV_TX_OK;
	while (skb) {
		sk_buff *next = skb->next;
		skb->next = nullptr; // skb_mark_not_on_list()
		rc = xmit_one(skb, dev, txq, next != nullptr);
		if (!dev_xmit_complete(rc)) {
			SP_LINE("dev_hard_start_xmit:busy", rc, "%s not taken (BUSY): hand it back",
				skb->name.c_str());
			skb->next = next;
			goto out;
		}
		skb = next;
		if (netif_tx_queue_stopped(txq) && skb) {
			SP_LINE("dev_hard_start_xmit:stopped", txq->state,
				"driver stopped %s with %s still to send", txq->name.c_str(),
				skb->name.c_str());
			rc = NETDEV_TX_BUSY;
			break;
		}
	}
out:
	*ret = rc;
	SP_RET_P(skb);
}

// ---------------------------------------------------------------- queue selection
netdev_queue *netdev_core_pick_tx(net_device *dev, sk_buff *skb, void *sb_dev)
{
	SP_FN("%s queues=%zu", skb->name.c_str(), dev->tx.size());
	u16 queue_index = 0;
	if (dev->tx.size() != 1) {
		if (dev->netdev_ops && dev->netdev_ops->ndo_select_queue) {
			queue_index = dev->netdev_ops->ndo_select_queue(dev, skb);
		} else {
			// netdev_pick_tx() -> skb_tx_hash(): the flow hash scaled onto the queues.
			// Model: no XPS; the flow hash is a fixed mix of the 4-tuple (the kernel's jhash
			// uses a boot-time random seed), so a flow always lands on the same queue.
			u32 h = 0x9e3779b9u;
			if (skb->sk) {
				const inet_sock *inet = inet_sk(skb->sk);
				u32 words[3] = {skb->sk->skc_daddr, skb->sk->skc_rcv_saddr,
						((u32)skb->sk->skc_dport << 16) | inet->inet_sport};
				for (u32 w : words) {
					h ^= w;
					h *= 0x85ebca6bu;
					h ^= h >> 13;
				}
			}
			queue_index = (u16)(((u64)h * dev->tx.size()) >> 32); // reciprocal_scale()
			SP_LINE("netdev_core_pick_tx:hash", queue_index,
				"flow hash 0x%08x -> queue %u of %zu", h, queue_index, dev->tx.size());
		}
		if (queue_index >= dev->tx.size())
			queue_index = 0; // netdev_cap_txqueue()
	}
	skb_set_queue_mapping(skb, queue_index);
	SP_RET_P(netdev_get_tx_queue(dev, queue_index));
}

// ---------------------------------------------------------------- entry
int dev_queue_xmit(sk_buff *skb)
{
	SP_FN("%s", skb->name.c_str());
	SP_RET(__dev_queue_xmit(skb, nullptr));
}

int __dev_queue_xmit(sk_buff *skb, void *sb_dev)
{
	net_device *dev = skb->dev;
	SP_FN("%s dev=%s len=%u", skb->name.c_str(), dev ? dev->name.c_str() : "-", (u32)skb->len);
	int rc = -ENOMEM;
	bool again = false;
	if (!dev || dev->tx.empty()) {
		world().warnings.push_back("__dev_queue_xmit without a device/queue for " + skb->name);
		kfree_skb(skb);
		SP_RET(-ENETDOWN);
	}
	skb_reset_mac_header(skb);
	// SO_TIMESTAMPING: the packet enters the qdisc layer now (SCM_TSTAMP_SCHED).
	if (skb_shinfo(skb)->tx_flags & (SKBTX_SCHED_TSTAMP | SKBTX_BPF))
		__skb_tstamp_tx(skb, nullptr, skb->sk, SCM_TSTAMP_SCHED);
	// skb_update_prio, qdisc_pkt_len_init; no tc egress / netfilter egress hooks in the model.
	// IFF_XMIT_DST_RELEASE: a physical NIC does not need skb->dst any more.
	skb->dst = nullptr;

	netdev_queue *txq = netdev_core_pick_tx(dev, skb, sb_dev);
	if (!txq->qdisc)
		dev_activate(dev); // Model: the device was opened without dev_activate(): attach now
	Qdisc *q = txq->qdisc;
	if (q->kind != "noqueue") {
		SP_LINE("__dev_queue_xmit:qdisc", 1, "%s has qdisc %s (%s): __dev_xmit_skb",
			txq->name.c_str(), q->name.c_str(), q->kind.c_str());
		rc = __dev_xmit_skb(skb, q, dev, txq);
		SP_RET(rc);
	}
	// noqueue: straight to the driver (the "virtual device" path)
	SP_LINE("__dev_queue_xmit:noqueue", 0, "%s", "noqueue: no enqueue, transmit directly");
	skb = validate_xmit_skb(skb, dev, &again);
	if (!skb)
		SP_RET(rc);
	// HARD_TX_LOCK
	if (!netif_xmit_stopped(txq)) {
		skb = dev_hard_start_xmit(skb, dev, txq, &rc);
		if (dev_xmit_complete(rc))
			SP_RET(rc);
	}
	SP_LINE("__dev_queue_xmit:virtual_busy", rc, "Virtual device %s asks to queue packet! drop",
		dev->name.c_str());
	world().warnings.push_back("Virtual device " + dev->name + " asks to queue packet!");
	rc = -ENETDOWN;
	dev->tx_dropped += 1;
	while (skb) {
		sk_buff *next = skb->next;
		skb->next = nullptr;
		kfree_skb(skb);
		skb = next;
	}
	SP_RET(rc);
}
