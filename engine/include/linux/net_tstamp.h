// SPDX-License-Identifier: GPL-2.0-or-later
// SO_TIMESTAMPING for transmitted data (include/uapi/linux/net_tstamp.h, include/linux/skbuff.h
// SKBTX_*, net/core/skbuff.c __skb_tstamp_tx, net/core/sock.c sock_set_timestamping).
// Implemented in engine/net/core/timestamping.cpp; the TCP hooks are in tcp.cpp
// (tcp_tx_timestamp), tcp_output.cpp (tcp_fragment_tstamp) and tcp_input.cpp (tcp_ack_tstamp).
#pragma once
#include "linux/skbuff.h"

struct sock;

// include/uapi/linux/net_tstamp.h: SOF_TIMESTAMPING_* (sk->sk_tsflags)
enum : u32 {
	SOF_TIMESTAMPING_TX_HARDWARE = 1u << 0,
	SOF_TIMESTAMPING_TX_SOFTWARE = 1u << 1,
	SOF_TIMESTAMPING_RX_HARDWARE = 1u << 2,
	SOF_TIMESTAMPING_RX_SOFTWARE = 1u << 3,
	SOF_TIMESTAMPING_SOFTWARE = 1u << 4,
	SOF_TIMESTAMPING_SYS_HARDWARE = 1u << 5,
	SOF_TIMESTAMPING_RAW_HARDWARE = 1u << 6,
	SOF_TIMESTAMPING_OPT_ID = 1u << 7,
	SOF_TIMESTAMPING_TX_SCHED = 1u << 8,
	SOF_TIMESTAMPING_TX_ACK = 1u << 9,
	SOF_TIMESTAMPING_OPT_CMSG = 1u << 10,
	SOF_TIMESTAMPING_OPT_TSONLY = 1u << 11,
	SOF_TIMESTAMPING_OPT_STATS = 1u << 12,
	SOF_TIMESTAMPING_OPT_PKTINFO = 1u << 13,
	SOF_TIMESTAMPING_OPT_TX_SWHW = 1u << 14,
	SOF_TIMESTAMPING_BIND_PHC = 1u << 15,
	SOF_TIMESTAMPING_OPT_ID_TCP = 1u << 16,
	SOF_TIMESTAMPING_OPT_RX_FILTER = 1u << 17,
	SOF_TIMESTAMPING_TX_COMPLETION = 1u << 18, // 6.16 (SCM_TSTAMP_COMPLETION)
	SOF_TIMESTAMPING_TX_RECORD_MASK = SOF_TIMESTAMPING_TX_HARDWARE | SOF_TIMESTAMPING_TX_SOFTWARE |
					  SOF_TIMESTAMPING_TX_SCHED | SOF_TIMESTAMPING_TX_ACK |
					  SOF_TIMESTAMPING_TX_COMPLETION,
};
// SOF_TIMESTAMPING_MASK: every flag up to SOF_TIMESTAMPING_LAST (TX_COMPLETION in 6.16,
// OPT_RX_FILTER in 6.15).
u32 sof_timestamping_mask();

// include/uapi/linux/errqueue.h: ee_info of an SO_EE_ORIGIN_TIMESTAMPING record
enum : u32 { SCM_TSTAMP_SND = 0, SCM_TSTAMP_SCHED = 1, SCM_TSTAMP_ACK = 2, SCM_TSTAMP_COMPLETION = 3 };
constexpr u8 SO_EE_ORIGIN_TIMESTAMPING = 4;
constexpr int SCM_TIMESTAMPING = 37; // SO_TIMESTAMPING_OLD: cmsg with struct scm_timestamping

// include/linux/skbuff.h: skb_shinfo(skb)->tx_flags
enum : u8 {
	SKBTX_HW_TSTAMP_NOBPF = 1 << 0,
	SKBTX_SW_TSTAMP = 1 << 1,
	SKBTX_IN_PROGRESS = 1 << 2,
	SKBTX_COMPLETION_TSTAMP = 1 << 3,
	SKBTX_HW_TSTAMP_NETDEV = 1 << 5,
	SKBTX_SCHED_TSTAMP = 1 << 6,
	SKBTX_BPF = 1 << 7,
	SKBTX_ANY_SW_TSTAMP = SKBTX_SW_TSTAMP | SKBTX_SCHED_TSTAMP | SKBTX_COMPLETION_TSTAMP,
	SKBTX_ANY_TSTAMP = SKBTX_HW_TSTAMP_NOBPF | SKBTX_HW_TSTAMP_NETDEV | SKBTX_ANY_SW_TSTAMP | SKBTX_BPF,
};
// tcp_skb_cb::txstamp_ack
enum : u8 { TSTAMP_ACK_SK = 1, TSTAMP_ACK_BPF = 2 };

// struct scm_timestamping: ts[0] software, ts[1] deprecated, ts[2] hardware (timespecs)
struct scm_timestamping_model {
	struct {
		s64 tv_sec = 0;
		s64 tv_nsec = 0;
	} ts[3];
};

// net/core/sock.c: setsockopt(SO_TIMESTAMPING)
int sock_set_timestamping(sock *sk, u32 val);
// net/core/sock.c _sock_tx_timestamp(): request flags for an skb from the socket's tsflags
void sock_tx_timestamp(const sock *sk, u32 tsflags, F<u8> *tx_flags);
// net/core/skbuff.c: generate an error-queue record of type tstype for orig_skb
void __skb_tstamp_tx(sk_buff *orig_skb, const sk_buff *ack_skb, sock *sk, u32 tstype);
// include/linux/skbuff.h skb_tx_timestamp(): the driver's software "sent" timestamp
void skb_tx_timestamp(sk_buff *skb);
static inline bool tcp_has_tx_tstamp(const sk_buff *skb)
{
	return skb->cb.txstamp_ack || (skb_shinfo(skb)->tx_flags & SKBTX_ANY_TSTAMP);
}
