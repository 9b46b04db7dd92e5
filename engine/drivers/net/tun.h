// SPDX-License-Identifier: GPL-2.0-or-later
// drivers/net/tun.c: the transmit half of a tun device, as far as the model plays it (tun.cpp).
#pragma once

#include "linux/netdevice.h"
#include "linux/skbuff.h"

// tun's ndo_start_xmit. NETDEV_TX_OK: the packet goes on (in the model: to the device standing in
// for tun, see tun.cpp). NET_XMIT_DROP: the skb was dropped and freed.
netdev_tx_t tun_net_xmit(sk_buff *skb, net_device *dev);
