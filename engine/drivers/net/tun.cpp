// SPDX-License-Identifier: GPL-2.0-or-later
// drivers/net/tun.c tun_net_xmit(): the transmit of a tun device. Instead of a wire, the packet is
// queued for the process reading /dev/net/tun (packetdrill, a VPN, a VM), which may hold it for as
// long as it likes.
//
// Model: packetdrill's tun device is played by the emulated E810 (pkt_run.cpp sets
// DeviceConfig::tun and switches BQL off, as tun keeps none); netdev_start_xmit() calls
// tun_net_xmit() first and, if it keeps the packet, the E810's ndo_start_xmit stands in for the
// ptr_ring hand-off to the reader. Of tun_net_xmit() what the sending socket can observe is
// modelled: skb_orphan_frags_rx(), which copies the user pages of a MSG_ZEROCOPY skb (so its
// notification says SO_EE_CODE_ZEROCOPY_COPIED), the drop when that fails, the software "sent"
// timestamp and skb_orphan(). The queue/filter checks and the reader wake-up are not modelled.
#include "drivers/net/tun.h"

#include "linux/errqueue.h"
#include "linux/net_tstamp.h"
#include "sim/sim.h"

using namespace sp;

netdev_tx_t tun_net_xmit(sk_buff *skb, net_device *dev)
{
	SP_FN("%s %s zerocopy=%d", skb->name.c_str(), dev->name.c_str(), (int)skb_zcopy(skb));
	// The reader may keep the packet indefinitely: it must not pin the sender's pages.
	int err = skb_orphan_frags_rx(skb, GFP_ATOMIC);
	SP_LINE("tun_net_xmit:orphan_frags_rx", err, "skb_orphan_frags_rx(%s) = %d%s", skb->name.c_str(), err,
		err ? ": drop (SKB_DROP_REASON_SKB_UCOPY_FAULT)" : "");
	if (err) {
		// drop: tx_dropped++, skb_tx_error(), kfree_skb_reason(); the ndo returns NET_XMIT_DROP,
		// which dev_xmit_complete() counts as sent.
		dev->tx_dropped += 1;
		kfree_skb(skb);
		SP_RET((netdev_tx_t)NET_XMIT_DROP);
	}
	skb_tx_timestamp(skb);
	// The packet may wait in tun's queue until the reader takes it: orphan it now. tcp_wfree()
	// runs here, so TCP Small Queues never hold a sender on tun back.
	if (skb->sk) {
		int charged = (int)skb->truesize;
		skb_orphan(skb);
		SP_LINE("tun_net_xmit:orphan", charged,
			"skb_orphan(%s): %d bytes uncharged from sk_wmem_alloc", skb->name.c_str(), charged);
	}
	SP_RET(NETDEV_TX_OK);
}
