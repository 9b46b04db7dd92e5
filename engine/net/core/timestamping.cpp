// SPDX-License-Identifier: GPL-2.0-or-later
// SO_TIMESTAMPING on the transmit side: the socket option (net/core/sock.c
// sock_set_timestamping, _sock_tx_timestamp) and the reports (net/core/skbuff.c __skb_tstamp_tx,
// __skb_complete_tx_timestamp; include/linux/skbuff.h skb_tx_timestamp). A report is a clone of
// the timestamped skb queued on sk_error_queue with an SO_EE_ORIGIN_TIMESTAMPING record, read
// with recvmsg(MSG_ERRQUEUE) (ip_recv_error in engine/net/ipv4/af_inet.cpp).
#include "linux/errqueue.h"
#include "linux/net_tstamp.h"
#include "net/socket_api.h"
#include "net/tcp.h"
#include "sim/world.h"

using namespace sp;

u32 sof_timestamping_mask()
{
	u32 last = sim().v616() ? SOF_TIMESTAMPING_TX_COMPLETION : SOF_TIMESTAMPING_OPT_RX_FILTER;
	return (last - 1) | last;
}

int sock_set_timestamping(sock *sk, u32 val)
{
	SP_FN("%s flags=%#x", sk->name.c_str(), val);
	if (val & ~sof_timestamping_mask()) {
		SP_LINE("sock_set_timestamping:mask", -EINVAL, "unknown SOF_TIMESTAMPING bits %#x: -EINVAL",
			val & ~sof_timestamping_mask());
		SP_RET(-EINVAL);
	}
	if ((val & SOF_TIMESTAMPING_OPT_ID_TCP) && !(val & SOF_TIMESTAMPING_OPT_ID))
		SP_RET(-EINVAL);
	if ((val & SOF_TIMESTAMPING_OPT_ID) && !(sk->sk_tsflags & SOF_TIMESTAMPING_OPT_ID)) {
		// TCP keys reports by sequence number, relative to where the counting starts.
		if (sk->sk_state == TCP_CLOSE || sk->sk_state == TCP_LISTEN) {
			SP_LINE("sock_set_timestamping:state", -EINVAL,
				"OPT_ID on a TCP socket that is not connected: -EINVAL");
			SP_RET(-EINVAL);
		}
		tcp_sock *tp = tcp_sk(sk);
		sk->sk_tskey = (val & SOF_TIMESTAMPING_OPT_ID_TCP) ? (u32)tp->write_seq : (u32)tp->snd_una;
		SP_LINE("sock_set_timestamping:tskey", sk->sk_tskey, "OPT_ID: sk_tskey = %s = %u",
			(val & SOF_TIMESTAMPING_OPT_ID_TCP) ? "write_seq" : "snd_una",
			(unsigned)sk->sk_tskey);
	}
	if ((val & SOF_TIMESTAMPING_OPT_STATS) && !(val & SOF_TIMESTAMPING_OPT_TSONLY))
		SP_RET(-EINVAL);
	if (val & SOF_TIMESTAMPING_BIND_PHC) {
		// Model: no PTP hardware clock to bind to.
		SP_LINE("sock_set_timestamping:phc", -EINVAL, "BIND_PHC: no PHC in the model: -EINVAL");
		SP_RET(-EINVAL);
	}
	sk->sk_tsflags = val;
	SP_RET(0);
}

void sock_tx_timestamp(const sock *sk, u32 tsflags, F<u8> *tx_flags)
{
	(void)sk;
	u8 flags = *tx_flags;
	if (tsflags & SOF_TIMESTAMPING_TX_HARDWARE)
		flags |= SKBTX_HW_TSTAMP_NOBPF;
	if (tsflags & SOF_TIMESTAMPING_TX_SOFTWARE)
		flags |= SKBTX_SW_TSTAMP;
	if (tsflags & SOF_TIMESTAMPING_TX_SCHED)
		flags |= SKBTX_SCHED_TSTAMP;
	if (tsflags & SOF_TIMESTAMPING_TX_COMPLETION)
		flags |= SKBTX_COMPLETION_TSTAMP;
	*tx_flags = flags;
}

// skb_tstamp_tx_report_so_timestamping(): did the application ask for this report?
static bool report_so_timestamping(const sk_buff *skb, u32 tstype)
{
	switch (tstype) {
	case SCM_TSTAMP_SCHED:
		return skb_shinfo(skb)->tx_flags & SKBTX_SCHED_TSTAMP;
	case SCM_TSTAMP_SND:
		return skb_shinfo(skb)->tx_flags & SKBTX_SW_TSTAMP; // software: no hwtstamps
	case SCM_TSTAMP_ACK:
		return skb->cb.txstamp_ack & TSTAMP_ACK_SK;
	case SCM_TSTAMP_COMPLETION:
		return skb_shinfo(skb)->tx_flags & SKBTX_COMPLETION_TSTAMP;
	}
	return false;
}

static const char *tstype_name(u32 t)
{
	switch (t) {
	case SCM_TSTAMP_SND:
		return "SCM_TSTAMP_SND";
	case SCM_TSTAMP_SCHED:
		return "SCM_TSTAMP_SCHED";
	case SCM_TSTAMP_ACK:
		return "SCM_TSTAMP_ACK";
	default:
		return "SCM_TSTAMP_COMPLETION";
	}
}

// __skb_complete_tx_timestamp(): fill SKB_EXT_ERR(skb) and queue it on sk_error_queue.
static void __skb_complete_tx_timestamp(sk_buff *skb, sock *sk, u32 tstype)
{
	sock_extended_err ee;
	ee.ee_errno = ENOMSG;
	ee.ee_origin = SO_EE_ORIGIN_TIMESTAMPING;
	ee.ee_info = tstype;
	if (sk->sk_tsflags & SOF_TIMESTAMPING_OPT_ID)
		ee.ee_data = skb_shinfo(skb)->tskey - sk->sk_tskey; // TCP: relative to sk_tskey
	socklayer().errq[skb->id] = ee;
	// sock_queue_err_skb(). Model: no sk_rmem_alloc charge (never -ENOMEM).
	sk->sk_error_queue.push_back(skb);
	SP_LINE("__skb_complete_tx_timestamp:queue", ee.ee_data,
		"%s key %u at %llu ns queued on sk_error_queue (%zu queued)", tstype_name(tstype), ee.ee_data,
		(unsigned long long)skb->tstamp, sk->sk_error_queue.size());
	sk_error_report(sk);
}

void __skb_tstamp_tx(sk_buff *orig_skb, const sk_buff *ack_skb, sock *sk, u32 tstype)
{
	(void)ack_skb;
	if (!sk || !report_so_timestamping(orig_skb, tstype))
		return;
	SP_FN("%s %s tskey=%u", orig_skb->name.c_str(), tstype_name(tstype),
	      (unsigned)skb_shinfo(orig_skb)->tskey);
	u32 tsflags = sk->sk_tsflags;
	sk_buff *skb;
	if (tsflags & SOF_TIMESTAMPING_OPT_TSONLY) {
		// Only the timestamp: an empty skb that carries the flags and the key.
		// Model: OPT_STATS (tcp_get_timestamping_opt_stats) is not modelled.
		skb = alloc_skb(0, GFP_ATOMIC);
		skb_shinfo(skb)->tx_flags = skb_shinfo(orig_skb)->tx_flags & SKBTX_ANY_TSTAMP;
		skb_shinfo(skb)->tskey = skb_shinfo(orig_skb)->tskey;
	} else {
		skb = skb_clone(orig_skb, GFP_ATOMIC); // the packet comes back with the report
	}
	skb->sk = nullptr;
	skb->tstamp = sim().now_ns(); // __net_timestamp(): ktime_get_real() on the virtual clock
	SP_LINE("__skb_tstamp_tx:report", tstype, "%s for the byte keyed %u: report %s stamped %llu ns",
		tstype_name(tstype), (unsigned)skb_shinfo(orig_skb)->tskey, skb->name.c_str(),
		(unsigned long long)skb->tstamp);
	__skb_complete_tx_timestamp(skb, sk, tstype);
}

void skb_tx_timestamp(sk_buff *skb)
{
	// skb_clone_tx_timestamp() (PHY timestamping) has nothing to do: no PTP PHY in the model.
	if (skb_shinfo(skb)->tx_flags & SKBTX_SW_TSTAMP)
		__skb_tstamp_tx(skb, nullptr, skb->sk, SCM_TSTAMP_SND);
}
