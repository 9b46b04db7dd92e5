// SPDX-License-Identifier: GPL-2.0-or-later
// struct net_device, netdev_queue (with BQL's dql), net_device_ops, Qdisc, dst/rtable, neighbour.
// The boundary to the driver is net_device_ops::ndo_start_xmit, as in the kernel.
#pragma once
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "linux/skbuff.h"

// netdev_tx_t
enum netdev_tx_t { NETDEV_TX_OK = 0x00, NETDEV_TX_BUSY = 0x10 };

// NETIF_F_* feature bits used on the TX path (a subset, own numbering)
enum : u32 {
	NETIF_F_SG = 1u << 0,
	NETIF_F_IP_CSUM = 1u << 1,
	NETIF_F_HW_CSUM = 1u << 2,
	NETIF_F_TSO = 1u << 3,
	NETIF_F_TSO6 = 1u << 4,
	NETIF_F_GSO = 1u << 5,  // software GSO (always on)
	NETIF_F_HW_VLAN_CTAG_TX = 1u << 6,
	NETIF_F_HIGHDMA = 1u << 7,
	NETIF_F_GSO_SOFTWARE = NETIF_F_TSO | NETIF_F_TSO6,
};

// BQL: include/linux/dynamic_queue_limits.h (dql)
struct dql {
	F<u32> num_queued, adj_limit, last_obj_cnt, limit, num_completed, prev_ovlimit, prev_num_queued,
		prev_last_obj_cnt, lowest_slack;
	u32 max_limit = 1879048192u, min_limit = 0;  // DQL_MAX_LIMIT
	u64 slack_start_time = 0;
	u32 slack_hold_time = 1000;  // HZ
};

// netdev_queue->state bits
enum : u32 { __QUEUE_STATE_DRV_XOFF = 1u << 0, __QUEUE_STATE_STACK_XOFF = 1u << 1, __QUEUE_STATE_FROZEN = 1u << 2 };

struct Qdisc;
struct net_device;

using dql_t = struct dql;
struct netdev_queue {
	net_device *dev = nullptr;
	u16 index = 0;
	std::string name;  // "txq0"
	F<u32> state;      // __QUEUE_STATE_*
	dql_t dql;
	Qdisc *qdisc = nullptr;
	F<u64> trans_start;
	F<u32> xmit_more_pending;  // model of netdev_xmit_more() for the current skb
};

struct net_device_ops {
	netdev_tx_t (*ndo_start_xmit)(sk_buff *skb, net_device *dev) = nullptr;
	u16 (*ndo_select_queue)(net_device *dev, sk_buff *skb) = nullptr;
};

struct net_device {
	std::string name = "eth0";
	int ifindex = 2;
	u8 dev_addr[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
	unsigned mtu = 1500;
	u32 features = 0;      // NETIF_F_*
	u32 hw_features = 0;
	unsigned gso_max_size = 65536, gso_ipv4_max_size = 65536, tso_max_size = 131072;
	u16 gso_max_segs = 65535;
	bool netmem_tx = false;  // 6.16: driver supports unreadable (net_iov) TX
	bool lltx = false;
	unsigned tx_queue_len = 1000;
	const net_device_ops *netdev_ops = nullptr;
	std::vector<netdev_queue *> tx;  // real_num_tx_queues = tx.size()
	void *priv = nullptr;            // driver private (ice_netdev_priv)
	std::string driver = "ice";
	F<u64> tx_packets, tx_bytes, tx_dropped;
	// ---- appended by the IP/dev/qdisc area: the scenario's single route and neighbour through
	// this device (engine/net/ipv4/route.cpp); freed with the device.
	std::shared_ptr<struct rtable> rt_default;
	std::shared_ptr<struct neighbour> neigh_default;
};

static inline netdev_queue *netdev_get_tx_queue(net_device *dev, unsigned i) { return dev->tx[i]; }
static inline bool netif_xmit_stopped(const netdev_queue *q) { return q->state & (__QUEUE_STATE_DRV_XOFF | __QUEUE_STATE_STACK_XOFF); }
static inline bool netif_xmit_frozen_or_stopped(const netdev_queue *q) { return q->state & (__QUEUE_STATE_DRV_XOFF | __QUEUE_STATE_STACK_XOFF | __QUEUE_STATE_FROZEN); }
static inline bool netif_tx_queue_stopped(const netdev_queue *q) { return q->state & __QUEUE_STATE_DRV_XOFF; }

// Modelled in engine/net/core/dev.cpp / dql.cpp
void netif_tx_stop_queue(netdev_queue *q);
void netif_tx_wake_queue(netdev_queue *q);  // reschedules the qdisc
void netif_tx_start_queue(netdev_queue *q);
bool netdev_xmit_more();                    // current xmit's "more to come" hint
// BQL (include/linux/netdevice.h, lib/dynamic_queue_limits.c)
void netdev_tx_sent_queue(netdev_queue *q, unsigned bytes);
bool __netdev_tx_sent_queue(netdev_queue *q, unsigned bytes, bool xmit_more);
void netdev_tx_completed_queue(netdev_queue *q, unsigned pkts, unsigned bytes);
void netdev_tx_reset_queue(netdev_queue *q);
void dql_queued(struct dql *d, unsigned count);
void dql_completed(struct dql *d, unsigned count);
int dql_avail(const struct dql *d);
// Give a device and its queues names in the trace ("eth0", "txq0", "txq0.dql").
void netdev_trace_register(net_device *dev);

// ---------------------------------------------------------------- routing and neighbours
struct neighbour {
	u8 ha[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};  // resolved MAC
	F<u8> nud_state;       // NUD_REACHABLE etc.
	bool hh_valid = true;  // cached hard header (neigh->hh) present
	u8 hh_data[16] = {};   // the cached Ethernet header
	unsigned hh_len = 0;
	// ---- appended by the IP/dev/qdisc area (engine/net/core/neighbour.cpp)
	net_device *dev = nullptr;
	std::string name = "neigh";          // trace object name
	std::deque<sk_buff *> arp_queue;      // skbs waiting for resolution (NUD_INCOMPLETE)
	u64 resolve_delay_ns = 0;             // model: ARP request -> reply time
	sp::Sim::EventId resolve_ev = 0;
};
enum : u8 { NUD_NONE = 0, NUD_INCOMPLETE = 1, NUD_REACHABLE = 2, NUD_STALE = 4, NUD_PERMANENT = 0x80 };

struct dst_entry {
	net_device *dev = nullptr;
	unsigned mtu = 1500;   // dst_mtu()
	neighbour *neigh = nullptr;
	F<int> obsolete;
	u32 hoplimit = 64;
};
struct rtable : dst_entry {
	__be32 rt_gw4 = 0;
	bool rt_uses_gateway = false;
};

// ---- net/core/dev.c (engine/net/core/dev.cpp)
int dev_queue_xmit(sk_buff *skb);
int __dev_queue_xmit(sk_buff *skb, void *sb_dev);
netdev_queue *netdev_core_pick_tx(net_device *dev, sk_buff *skb, void *sb_dev);
sk_buff *validate_xmit_skb(sk_buff *skb, net_device *dev, bool *again);
sk_buff *validate_xmit_skb_list(sk_buff *skb, net_device *dev, bool *again);
sk_buff *dev_hard_start_xmit(sk_buff *first, net_device *dev, netdev_queue *txq, int *ret);
int xmit_one(sk_buff *skb, net_device *dev, netdev_queue *txq, bool more);
netdev_tx_t netdev_start_xmit(sk_buff *skb, net_device *dev, netdev_queue *txq, bool more);
int skb_checksum_help(sk_buff *skb);
sk_buff *skb_gso_segment(sk_buff *skb, u32 features);  // net/core/gso.c
sk_buff *tcp_gso_segment(sk_buff *skb, u32 features);  // net/ipv4/tcp_offload.c
sk_buff *skb_segment(sk_buff *head_skb, u32 features);  // net/core/skbuff.c
bool netif_needs_gso(sk_buff *skb, u32 features);
void net_tx_action();  // softirq: runs rescheduled qdiscs (engine/net/core/dev.cpp)
// ---- appended by the IP/dev/qdisc area
void dql_init(struct dql *d, unsigned hold_time);  // lib/dynamic_queue_limits.c
void dql_reset(struct dql *d);
// netif_schedule_queue(): reschedule the queue's qdisc unless the queue is stopped
void netif_schedule_queue(netdev_queue *q);
enum { NET_XMIT_SUCCESS = 0x00, NET_XMIT_DROP = 0x01, NET_XMIT_CN = 0x02, NET_XMIT_MASK = 0x0f };
// dev_xmit_complete(): true unless the driver returned NETDEV_TX_BUSY (0x10)
static inline bool dev_xmit_complete(int rc) { return rc < NET_XMIT_MASK; }
