// SPDX-License-Identifier: GPL-2.0-or-later
// drivers/net/ethernet/intel/ice/ice_txrx.c, the skb transmit path and TX completion:
// ice_start_xmit -> ice_xmit_frame_ring (descriptor count, linearize check, ring-space check,
// ice_tso, ice_tx_csum, context descriptor) -> ice_tx_map (DMA mapping, data descriptors, EOP|RS,
// BQL and the doorbell), and ice_napi_poll -> ice_clean_tx_irq.
// Kernel names and order of checks are kept; the bodies are this project's own C++.
#include <cinttypes>

#include "drivers/ice/ice.h"
#include "linux/net_tstamp.h"
#include "net/checksum.h"

using namespace sp;

static constexpr u32 TC_PRIO_CONTROL = 7;

static netdev_queue *txring_txq(const ice_tx_ring *ring)
{
	return netdev_get_tx_queue(ring->netdev, ring->q_index);
}

// Keep the traced helpers current: `free` (ICE_DESC_UNUSED) and the queue's stopped state.
void ice_ring_sync(ice_tx_ring *r)
{
	int f = ICE_DESC_UNUSED(r);
	if (r->free != f)
		r->free = f;
	u8 st = netif_xmit_stopped(txring_txq(r)) ? 1 : 0;
	if (r->stopped != st)
		r->stopped = st;
}

static void set_ntu(ice_tx_ring *r, u16 v)
{
	r->next_to_use = v;
	ice_ring_sync(r);
}

ice_tx_desc ice_tx_desc_read(const ice_tx_ring *R, unsigned i)
{
	ice_tx_desc d;
	std::memcpy(&d, R->desc.data() + 16 * i, 16);
	return d;
}

static void desc_write_qw0(ice_tx_ring *R, unsigned i, u64 v)
{
	R->desc.write(16 * i, &v, 8);
}
static void desc_write_qw1(ice_tx_ring *R, unsigned i, u64 v)
{
	R->desc.write(16 * i + 8, &v, 8);
}

static void writel(ice_tx_ring *R, u32 val)
{
	R->vsi->back->hw->wr32(R->tail, val);
}

// include/net/checksum.h csum_replace_by_diff(): *sum = fold(diff + ~*sum)
static void csum_replace_by_diff(__sum16 *sum, __wsum diff)
{
	*sum = csum_fold(csum_add(diff, ~csum_unfold(*sum)));
}

// ---------------------------------------------------------------- unmap helpers

static void ice_unmap_and_free_tx_buf(ice_tx_ring *ring, ice_tx_buf *tx_buf)
{
	SP_FN("%s slot %d", ring->name.c_str(), (int)(tx_buf - ring->tx_buf.data()));
	if (tx_buf->skb) {
		kfree_skb(tx_buf->skb); // dev_kfree_skb_any
		if (tx_buf->len)
			dma_unmap_single(ring->dev, tx_buf->dma, tx_buf->len, DMA_TO_DEVICE);
	} else if (tx_buf->len) {
		dma_unmap_page(ring->dev, tx_buf->dma, tx_buf->len, DMA_TO_DEVICE);
	}
	if (tx_buf->next_to_watch != -1)
		tx_buf->next_to_watch = -1;
	tx_buf->skb = nullptr;
	tx_buf->type = ICE_TX_BUF_EMPTY;
	tx_buf->len = 0;
}

// ---------------------------------------------------------------- ring space

int __ice_maybe_stop_tx(ice_tx_ring *tx_ring, unsigned int size)
{
	SP_FN("%s size=%u", tx_ring->name.c_str(), size);
	netif_tx_stop_queue(txring_txq(tx_ring));
	ice_ring_sync(tx_ring);
	SP_LINE("__ice_maybe_stop_tx:stop", ICE_DESC_UNUSED(tx_ring),
		"netif_tx_stop_queue(%s): only %d free < %u", txring_txq(tx_ring)->name.c_str(),
		ICE_DESC_UNUSED(tx_ring), size);
	// smp_mb(), then check again in case a completion just made room.
	if (ICE_DESC_UNUSED(tx_ring) < (int)size) {
		SP_LINE("__ice_maybe_stop_tx:busy", -EBUSY, "still %d free < %u -> -EBUSY",
			ICE_DESC_UNUSED(tx_ring), size);
		SP_RET(-EBUSY);
	}
	// A reprieve: restart without scheduling the qdisc.
	netif_tx_start_queue(txring_txq(tx_ring));
	++tx_ring->tx_stats.restart_q;
	ice_ring_sync(tx_ring);
	SP_LINE("__ice_maybe_stop_tx:reprieve", ICE_DESC_UNUSED(tx_ring),
		"reprieve: %d free >= %u, queue restarted", ICE_DESC_UNUSED(tx_ring), size);
	SP_RET(0);
}

int ice_maybe_stop_tx(ice_tx_ring *tx_ring, unsigned int size)
{
	SP_FN("%s size=%u", tx_ring->name.c_str(), size);
	int unused = ICE_DESC_UNUSED(tx_ring);
	SP_LINE("ice_maybe_stop_tx:check", unused, "ICE_DESC_UNUSED = %d (ntu %u ntc %u count %u) %s %u",
		unused, (unsigned)tx_ring->next_to_use, (unsigned)tx_ring->next_to_clean,
		(unsigned)tx_ring->count, unused >= (int)size ? ">=" : "<", size);
	if (unused >= (int)size)
		SP_RET(0);
	SP_RET(__ice_maybe_stop_tx(tx_ring, size));
}

// ---------------------------------------------------------------- descriptor counting

// Descriptors for a buffer of `size` bytes: size / 12K + 1, as ((size * 85) >> 20) + 1.
unsigned int ice_txd_use_count(unsigned int size)
{
	return ((size * 85) >> 20) + ICE_DESCS_FOR_SKB_DATA_PTR;
}

unsigned int ice_xmit_desc_count(sk_buff *skb)
{
	SP_FN("%s headlen=%u nr_frags=%u", skb->name.c_str(), skb_headlen(skb),
	      (unsigned)skb_shinfo(skb)->nr_frags);
	const skb_frag_t *frag = &skb_shinfo(skb)->frags[0];
	unsigned int nr_frags = skb_shinfo(skb)->nr_frags;
	unsigned int count = 0, size = skb_headlen(skb);
	for (;;) {
		count += ice_txd_use_count(size);
		if (!nr_frags--)
			break;
		size = skb_frag_size(frag++);
	}
	SP_LINE("ice_xmit_desc_count:count", count, "%u data descriptors (each buffer: size*85>>20 + 1)",
		count);
	SP_RET(count);
}

// More than 8 buffers per segment? With TSO, every window of 6 consecutive frags must carry at
// least gso_size bytes (the header and the previous frag take the other 2 of the 8 DMA slots).
bool __ice_chk_linearize(sk_buff *skb)
{
	SP_FN("%s nr_frags=%u gso_size=%u", skb->name.c_str(), (unsigned)skb_shinfo(skb)->nr_frags,
	      (unsigned)skb_shinfo(skb)->gso_size);
	int nr_frags = skb_shinfo(skb)->nr_frags;
	if (nr_frags < (int)(ICE_MAX_BUF_TXD - 1)) {
		SP_LINE("__ice_chk_linearize:few_frags", nr_frags, "%d frags < 7: fine", nr_frags);
		SP_RET(false);
	}
	nr_frags -= ICE_MAX_BUF_TXD - 2;
	const skb_frag_t *frags = skb_shinfo(skb)->frags;
	int f = 0;
	int sum = 1 - (int)skb_shinfo(skb)->gso_size;
	for (int k = 0; k < 5; k++)
		sum += (int)skb_frag_size(&frags[f++]);
	for (int stale = 0;; stale++) {
		int stale_size = (int)skb_frag_size(&frags[stale]);
		sum += (int)skb_frag_size(&frags[f++]);
		// A stale frag larger than one descriptor only contributes what its last descriptor holds.
		if (stale_size > (int)ICE_MAX_DATA_PER_TXD) {
			int align_pad = (int)(-(frags[stale].offset.get()) & (ICE_MAX_READ_REQ_SIZE - 1));
			sum -= align_pad;
			stale_size -= align_pad;
			do {
				sum -= ICE_MAX_DATA_PER_TXD_ALIGNED;
				stale_size -= ICE_MAX_DATA_PER_TXD_ALIGNED;
			} while (stale_size > (int)ICE_MAX_DATA_PER_TXD);
		}
		if (sum < 0) {
			SP_LINE("__ice_chk_linearize:window", sum,
				"frags %d..%d carry less than gso_size (sum %d < 0): a segment would need > "
				"8 buffers",
				stale, f - 1, sum);
			SP_RET(true);
		}
		if (!nr_frags--)
			break;
		sum -= stale_size;
	}
	SP_LINE("__ice_chk_linearize:ok", 0, "every 6-frag window carries >= gso_size");
	SP_RET(false);
}

bool ice_chk_linearize(sk_buff *skb, unsigned int count)
{
	SP_FN("%s count=%u", skb->name.c_str(), count);
	if (count < ICE_MAX_BUF_TXD) {
		SP_LINE("ice_chk_linearize:few", count, "count %u < ICE_MAX_BUF_TXD 8: no linearize", count);
		SP_RET(false);
	}
	if (skb_is_gso(skb))
		SP_RET(__ice_chk_linearize(skb));
	SP_LINE("ice_chk_linearize:single", count, "not GSO: linearize iff count %u != 8", count);
	SP_RET(count != ICE_MAX_BUF_TXD);
}

// ---------------------------------------------------------------- offloads

static u8 hdr_byte(const sk_buff *skb, u32 off)
{
	return off < skb->hd->buf.size() ? skb->head()[off] : 0;
}

int ice_tso(ice_tx_buf *first, ice_tx_offload_params *off)
{
	sk_buff *skb = first->skb;
	SP_FN("%s len=%u gso_size=%u gso_segs=%u", skb->name.c_str(), (unsigned)skb->len,
	      (unsigned)skb_shinfo(skb)->gso_size, (unsigned)skb_shinfo(skb)->gso_segs);
	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		SP_LINE("ice_tso:not_partial", skb->ip_summed, "ip_summed %u != CHECKSUM_PARTIAL: no TSO",
			(unsigned)skb->ip_summed);
		SP_RET(0);
	}
	if (!skb_is_gso(skb)) {
		SP_LINE("ice_tso:not_gso", 0, "gso_size 0: no TSO");
		SP_RET(0);
	}
	// Model: skb_cow_head(skb, 0) is a no-op: TCP's clones are header-released (nohdr), so
	// skb_header_cloned() is false and the driver may write the headers in place.
	SP_LINE("ice_tso:cow_head", 0, "skb_cow_head(skb, 0): header not cloned -> 0");
	u32 ip = skb->network_header;
	u32 l4 = skb->csum_start; // skb_checksum_start()
	if ((hdr_byte(skb, ip) >> 4) == 4) {
		u16 z = 0;
		skb->write(ip + 2, &z, 2);  // ip.v4->tot_len = 0
		skb->write(ip + 10, &z, 2); // ip.v4->check = 0
		SP_LINE("ice_tso:zero_ip", 0,
			"IPv4: tot_len = 0, check = 0 (the device fills them per segment)");
	} else {
		u16 z = 0;
		skb->write(ip + 4, &z, 2); // ip.v6->payload_len = 0
		SP_LINE("ice_tso:zero_ip", 0, "IPv6: payload_len = 0");
	}
	u8 l4_start = (u8)(l4 - skb->data);
	u32 paylen = skb->len - l4_start;
	__sum16 check;
	std::memcpy(&check, skb->head() + l4 + 16, 2);
	__sum16 old = check;
	csum_replace_by_diff(&check, htonl(paylen));
	skb->write(l4 + 16, &check, 2);
	off->header_len = (u8)((hdr_byte(skb, l4 + 12) >> 4) * 4 + l4_start);
	SP_LINE("ice_tso:paylen", paylen,
		"remove paylen %u from th->check: 0x%04x -> 0x%04x; header_len = l4_start %u + doff*4 = %u",
		paylen, ntohs(old), ntohs(check), l4_start, off->header_len);
	first->gso_segs = skb_shinfo(skb)->gso_segs;
	first->bytecount += (first->gso_segs - 1) * off->header_len;
	u64 cd_tso_len = skb->len - off->header_len;
	u64 cd_mss = skb_shinfo(skb)->gso_size;
	off->cd_qw1 |= (u64)(ICE_TX_DESC_DTYPE_CTX | (ICE_TX_CTX_DESC_TSO << ICE_TXD_CTX_QW1_CMD_S) |
			     (cd_tso_len << ICE_TXD_CTX_QW1_TSO_LEN_S) | (cd_mss << ICE_TXD_CTX_QW1_MSS_S));
	first->tx_flags |= ICE_TX_FLAGS_TSO;
	SP_LINE("ice_tso:cd_qw1", (int64_t)off->cd_qw1,
		"cd_qw1 = 0x%016" PRIx64 ": DTYPE CTX, CMD TSO, TSO len %" PRIu64 ", MSS %" PRIu64
		"; gso_segs %u, bytecount %u",
		off->cd_qw1, cd_tso_len, cd_mss, first->gso_segs, first->bytecount);
	SP_RET(1);
}

int ice_tx_csum(ice_tx_buf *first, ice_tx_offload_params *off)
{
	sk_buff *skb = first->skb;
	SP_FN("%s ip_summed=%u", skb->name.c_str(), (unsigned)skb->ip_summed);
	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		SP_LINE("ice_tx_csum:not_partial", skb->ip_summed, "no checksum offload requested");
		SP_RET(0);
	}
	u32 ip = skb->network_header, l4 = skb->transport_header;
	u32 l2_len = ip - skb->data;
	u32 offset = (l2_len / 2) << ICE_TX_DESC_LEN_MACLEN_S;
	u32 cmd = 0;
	u8 l4_proto = 0;
	u8 ver = hdr_byte(skb, ip) >> 4;
	if (ver == 4)
		first->tx_flags |= ICE_TX_FLAGS_IPV4;
	else if (ver == 6)
		first->tx_flags |= ICE_TX_FLAGS_IPV6;
	// Model: no encapsulation (tunnels) on this path.
	if (first->tx_flags & ICE_TX_FLAGS_IPV4) {
		l4_proto = hdr_byte(skb, ip + 9);
		// The stack already computed the IP header checksum; only TSO needs the HW to redo it.
		if (first->tx_flags & ICE_TX_FLAGS_TSO)
			cmd |= ICE_TX_DESC_CMD_IIPT_IPV4_CSUM;
		else
			cmd |= ICE_TX_DESC_CMD_IIPT_IPV4;
	} else if (first->tx_flags & ICE_TX_FLAGS_IPV6) {
		cmd |= ICE_TX_DESC_CMD_IIPT_IPV6;
		l4_proto = hdr_byte(skb, ip + 6); // Model: no extension headers
	} else {
		SP_LINE("ice_tx_csum:bad_ip", -1, "neither IPv4 nor IPv6 -> drop");
		SP_RET(-1);
	}
	u32 l3_len = l4 - ip;
	offset |= (l3_len / 4) << ICE_TX_DESC_LEN_IPLEN_S;
	u32 l4_len = 0;
	switch (l4_proto) {
	case 6: // IPPROTO_TCP
		cmd |= ICE_TX_DESC_CMD_L4T_EOFT_TCP;
		l4_len = hdr_byte(skb, l4 + 12) >> 4; // doff
		offset |= l4_len << ICE_TX_DESC_LEN_L4_LEN_S;
		break;
	case 17: // IPPROTO_UDP
		cmd |= ICE_TX_DESC_CMD_L4T_EOFT_UDP;
		l4_len = 8 >> 2;
		offset |= l4_len << ICE_TX_DESC_LEN_L4_LEN_S;
		break;
	case 132: // IPPROTO_SCTP
		cmd |= ICE_TX_DESC_CMD_L4T_EOFT_SCTP;
		l4_len = 12 >> 2;
		offset |= l4_len << ICE_TX_DESC_LEN_L4_LEN_S;
		break;
	default:
		if (first->tx_flags & ICE_TX_FLAGS_TSO)
			SP_RET(-1);
		SP_LINE("ice_tx_csum:sw_fallback", l4_proto, "L4 proto %u: skb_checksum_help()", l4_proto);
		skb_checksum_help(skb);
		SP_RET(0);
	}
	off->td_cmd |= cmd;
	off->td_offset |= offset;
	SP_LINE("ice_tx_csum:offload", offset,
		"td_cmd |= 0x%03x (IIPT %s, L4T %s); td_offset = MACLEN %u words | IPLEN %u dwords | L4LEN "
		"%u dwords",
		cmd,
		(cmd & ICE_TX_DESC_CMD_IIPT_M) == ICE_TX_DESC_CMD_IIPT_IPV4_CSUM ? "IPV4_CSUM"
		: (cmd & ICE_TX_DESC_CMD_IIPT_M) == ICE_TX_DESC_CMD_IIPT_IPV4	 ? "IPV4"
										 : "IPV6",
		l4_proto == 6	 ? "TCP"
		: l4_proto == 17 ? "UDP"
				 : "SCTP",
		l2_len / 2, l3_len / 4, l4_len);
	SP_RET(1);
}

static void ice_tx_prepare_vlan_flags(ice_tx_ring *tx_ring, ice_tx_buf *first)
{
	sk_buff *skb = first->skb;
	SP_FN("%s vlan_tci=0x%04x", skb->name.c_str(), (unsigned)skb->vlan_tci);
	// Model: skb_vlan_tag_present() is vlan_tci != 0 (the model has no separate present bit).
	if (skb->vlan_tci) {
		first->tx_flags |= (u32)skb->vlan_tci << ICE_TX_FLAGS_VLAN_S;
		if (tx_ring->flags & ICE_TX_FLAGS_RING_VLAN_L2TAG2)
			first->tx_flags |= ICE_TX_FLAGS_HW_OUTER_SINGLE_VLAN;
		else
			first->tx_flags |= ICE_TX_FLAGS_HW_VLAN;
		SP_LINE("ice_tx_prepare_vlan_flags:tag", skb->vlan_tci, "HW VLAN tag 0x%04x via %s",
			(unsigned)skb->vlan_tci,
			(first->tx_flags & ICE_TX_FLAGS_HW_VLAN) ? "L2TAG1 (data descriptor)"
								 : "L2TAG2 (context descriptor)");
	}
}

static void ice_tstamp(ice_tx_ring *tx_ring, sk_buff *skb, ice_tx_buf *first, ice_tx_offload_params *off)
{
	// Model: SKBTX_HW_TSTAMP is never requested in the scenarios (no PTP), so no TSYN context.
	SP_LINE("ice_xmit_frame_ring:tstamp", 0, "ice_tstamp: no SKBTX_HW_TSTAMP requested");
}

// ---------------------------------------------------------------- transmit

netdev_tx_t ice_xmit_frame_ring(sk_buff *skb, ice_tx_ring *tx_ring)
{
	SP_FN("%s len=%u %s", skb->name.c_str(), (unsigned)skb->len, tx_ring->name.c_str());
	ice_tx_offload_params offload;
	ice_vsi *vsi = tx_ring->vsi;
	ice_pf *pf = vsi->back;
	ice_tx_buf *first = nullptr;
	unsigned int count;
	int tso, csum;

	if (sim().v616())
		SP_LINE("ice_xmit_frame_ring:hopopt", 0, "ipv6_hopopt_jumbo_remove(): not an IPv6 jumbogram");

	count = ice_xmit_desc_count(skb);
	if (ice_chk_linearize(skb, count)) {
		if (__skb_linearize(skb))
			goto out_drop;
		count = ice_txd_use_count(skb->len);
		tx_ring->tx_stats.tx_linearize++;
		SP_LINE("ice_xmit_frame_ring:linearized", count, "linearized: %u bytes -> %u descriptors",
			(unsigned)skb->len, count);
	}

	// count data descriptors + 4 to stay off the head's cache line + 1 context descriptor
	if (ice_maybe_stop_tx(tx_ring, count + ICE_DESCS_PER_CACHE_LINE + ICE_DESCS_FOR_CTX_DESC)) {
		tx_ring->tx_stats.tx_busy++;
		SP_LINE("ice_xmit_frame_ring:busy", NETDEV_TX_BUSY,
			"ring full: need %u + 4 + 1 -> NETDEV_TX_BUSY", count);
		SP_RET(NETDEV_TX_BUSY);
	}

	offload.tx_ring = tx_ring;
	first = &tx_ring->tx_buf[tx_ring->next_to_use];
	first->skb = skb;
	first->type = ICE_TX_BUF_SKB;
	first->bytecount = std::max<unsigned>(skb->len, ETH_ZLEN);
	first->gso_segs = 1;
	first->tx_flags = 0;
	SP_LINE("ice_xmit_frame_ring:first", tx_ring->next_to_use, "first = tx_buf[%u]: bytecount %u",
		(unsigned)tx_ring->next_to_use, first->bytecount);

	ice_tx_prepare_vlan_flags(tx_ring, first);
	if (first->tx_flags & ICE_TX_FLAGS_HW_OUTER_SINGLE_VLAN) {
		offload.cd_qw1 |=
		    (u64)(ICE_TX_DESC_DTYPE_CTX | (ICE_TX_CTX_DESC_IL2TAG2 << ICE_TXD_CTX_QW1_CMD_S));
		offload.cd_l2tag2 = (u16)((first->tx_flags & ICE_TX_FLAGS_VLAN_M) >> ICE_TX_FLAGS_VLAN_S);
	}

	tso = ice_tso(first, &offload);
	if (tso < 0)
		goto out_drop;
	csum = ice_tx_csum(first, &offload);
	if (csum < 0)
		goto out_drop;

	{
		// allow CONTROL frames egress from main VSI if FW LLDP is disabled
		u32 mac = skb->mac_header != 0xffff ? skb->mac_header : skb->data;
		u16 h_proto = (u16)(hdr_byte(skb, mac + 12) << 8 | hdr_byte(skb, mac + 13));
		bool ctrl = (skb->priority == TC_PRIO_CONTROL || h_proto == ETH_P_LLDP) && vsi->is_pf &&
			    pf->is_sw_lldp;
		if (sim().v616()) {
			// 6.16: eswitch target first, else the LLDP uplink bit, then the timestamp.
			if (pf->switchdev_running) {
				SP_LINE("ice_xmit_frame_ring:eswitch", 1,
					"switchdev running: ice_eswitch_set_target_vsi()");
			} else if (ctrl) {
				offload.cd_qw1 |= (u64)(ICE_TX_DESC_DTYPE_CTX | ICE_TX_CTX_DESC_SWTCH_UPLINK
										    << ICE_TXD_CTX_QW1_CMD_S);
				SP_LINE("ice_xmit_frame_ring:lldp", 1,
					"control/LLDP frame with SW LLDP: SWTCH_UPLINK");
			} else {
				SP_LINE("ice_xmit_frame_ring:lldp", 0,
					"no eswitch, not an LLDP/control frame for SW LLDP");
			}
			ice_tstamp(tx_ring, skb, first, &offload);
		} else {
			// 6.15: LLDP uplink bit, then the timestamp, then the eswitch target.
			if (ctrl) {
				offload.cd_qw1 |= (u64)(ICE_TX_DESC_DTYPE_CTX | ICE_TX_CTX_DESC_SWTCH_UPLINK
										    << ICE_TXD_CTX_QW1_CMD_S);
				SP_LINE("ice_xmit_frame_ring:lldp", 1,
					"control/LLDP frame with SW LLDP: SWTCH_UPLINK");
			} else {
				SP_LINE("ice_xmit_frame_ring:lldp", 0,
					"not an LLDP/control frame for SW LLDP");
			}
			ice_tstamp(tx_ring, skb, first, &offload);
			SP_LINE("ice_xmit_frame_ring:eswitch", pf->switchdev_running, "switchdev %s",
				pf->switchdev_running ? "running: set target VSI" : "not running");
		}
	}

	if (offload.cd_qw1 & ICE_TX_DESC_DTYPE_CTX) {
		u16 i = tx_ring->next_to_use;
		ice_tx_ctx_desc c{};
		c.tunneling_params = offload.cd_tunnel_params;
		c.l2tag2 = offload.cd_l2tag2;
		c.rsvd = 0;
		c.qw1 = offload.cd_qw1;
		i++;
		set_ntu(tx_ring, (i < tx_ring->count) ? i : 0);
		tx_ring->desc.write(16u * (i - 1), &c, 16);
		SP_LINE("ice_xmit_frame_ring:ctx_desc", i - 1,
			"context descriptor in slot %u: qw1 = 0x%016" PRIx64 " (TSO len %" PRIu64
			", MSS %" PRIu64 ")",
			i - 1, c.qw1, (c.qw1 & ICE_TXD_CTX_QW1_TSO_LEN_M) >> ICE_TXD_CTX_QW1_TSO_LEN_S,
			(c.qw1 & ICE_TXD_CTX_QW1_MSS_M) >> ICE_TXD_CTX_QW1_MSS_S);
	}

	ice_tx_map(tx_ring, first, &offload);
	SP_RET(NETDEV_TX_OK);

out_drop:
	SP_LINE("ice_xmit_frame_ring:drop", 0, "drop %s", skb->name.c_str());
	if (first) {
		// Model: forget the skb in its slot so a later ring teardown does not free it twice.
		first->skb = nullptr;
		first->type = ICE_TX_BUF_EMPTY;
	}
	kfree_skb(skb);
	SP_RET(NETDEV_TX_OK);
}

void ice_tx_map(ice_tx_ring *tx_ring, ice_tx_buf *first, ice_tx_offload_params *off)
{
	sk_buff *skb = first->skb;
	SP_FN("%s %s ntu=%u", skb->name.c_str(), tx_ring->name.c_str(), (unsigned)tx_ring->next_to_use);
	u64 td_offset, td_tag, td_cmd;
	u16 i = tx_ring->next_to_use;
	unsigned int data_len, size;
	ice_tx_buf *tx_buf;
	const skb_frag_t *frag;
	dma_addr_t dma;
	bool kick;
	const u16 first_idx = (u16)(first - tx_ring->tx_buf.data());
	const unsigned nfr = skb_shinfo(skb)->nr_frags;
	unsigned fi = 0; // frag index the loop is at

	td_tag = off->td_l2tag1;
	td_cmd = off->td_cmd;
	td_offset = off->td_offset;
	data_len = skb->data_len;
	size = skb_headlen(skb);

	if (first->tx_flags & ICE_TX_FLAGS_HW_VLAN) {
		td_cmd |= (u64)ICE_TX_DESC_CMD_IL2TAG1;
		td_tag = (first->tx_flags & ICE_TX_FLAGS_VLAN_M) >> ICE_TX_FLAGS_VLAN_S;
	}

	dma = dma_map_single(tx_ring->dev, skb_data_dma_addr(skb), size, DMA_TO_DEVICE);
	tx_buf = first;

	for (frag = &skb_shinfo(skb)->frags[0];; frag++) {
		unsigned int max_data = ICE_MAX_DATA_PER_TXD_ALIGNED;

		if (dma_mapping_error(tx_ring->dev, dma)) {
			SP_LINE("ice_tx_map:dma_error", i, "dma_mapping_error at slot %u -> unwind", i);
			goto dma_error;
		}
		// record length and DMA address for the unmap at completion
		tx_buf->len = size;
		tx_buf->dma = dma;

		// the first chunk runs to a 4 KiB boundary: 12288 + (-dma & 4095)
		max_data += (unsigned)(-dma & (ICE_MAX_READ_REQ_SIZE - 1));
		desc_write_qw0(tx_ring, i, dma);

		// split buffers larger than the 14-bit BUF_SZ field
		while (size > ICE_MAX_DATA_PER_TXD) {
			u64 q1 = ice_build_ctob(td_cmd, td_offset, max_data, td_tag);
			desc_write_qw1(tx_ring, i, q1);
			SP_LINE("ice_tx_map:split", i,
				"slot %u: %u of %u bytes @0x%" PRIx64 " (> %u: split at 4K-aligned %u)", i,
				max_data, size, dma, ICE_MAX_DATA_PER_TXD, max_data);
			i++;
			if (i == tx_ring->count)
				i = 0;
			dma += max_data;
			size -= max_data;
			max_data = ICE_MAX_DATA_PER_TXD_ALIGNED;
			desc_write_qw0(tx_ring, i, dma);
		}

		if (!data_len)
			break;

		desc_write_qw1(tx_ring, i, ice_build_ctob(td_cmd, td_offset, size, td_tag));
		SP_LINE("ice_tx_map:desc", i, "slot %u: buf 0x%" PRIx64 " len %u (%s)", i, dma, size,
			fi == 0 ? "linear head" : "frag");
		i++;
		if (i == tx_ring->count) {
			i = 0;
			SP_LINE("ice_tx_map:wrap", 0, "ring wraps to slot 0");
		}

		size = skb_frag_size(frag);
		data_len -= size;
		dma = skb_frag_dma_map(tx_ring->dev, frag, 0, size, DMA_TO_DEVICE);
		fi++;
		tx_buf = &tx_ring->tx_buf[i];
		tx_buf->type = ICE_TX_BUF_FRAG;
	}
	(void)nfr;

	// record SW timestamp if HW timestamp is not available (SO_TIMESTAMPING SCM_TSTAMP_SND)
	skb_tx_timestamp(first->skb);

	{
		u16 last = i;
		i++;
		if (i == tx_ring->count)
			i = 0;
		// last descriptor: EOP | RS
		td_cmd |= (u64)(ICE_TX_DESC_CMD_EOP | ICE_TX_DESC_CMD_RS);
		desc_write_qw1(tx_ring, last, ice_build_ctob(td_cmd, td_offset, size, td_tag));
		SP_LINE("ice_tx_map:eop", last, "slot %u: buf 0x%" PRIx64 " len %u, CMD |= EOP|RS", last, dma,
			size);

		// wmb(): descriptors are visible before next_to_watch and before the doorbell
		SP_LINE("ice_tx_map:wmb", 0, "wmb()");
		first->next_to_watch = last;
		set_ntu(tx_ring, i);
		SP_LINE("ice_tx_map:packet", first_idx, "skb=%s ring=%s first=%u last=%u len=%u",
			skb->name.c_str(), tx_ring->name.c_str(), first_idx, last, (unsigned)skb->len);
	}

	ice_maybe_stop_tx(tx_ring, DESC_NEEDED);

	kick = __netdev_tx_sent_queue(txring_txq(tx_ring), first->bytecount, netdev_xmit_more());
	ice_ring_sync(tx_ring);
	SP_LINE("ice_tx_map:kick", kick, "__netdev_tx_sent_queue(bytes %u, xmit_more %d) -> %s",
		first->bytecount, (int)netdev_xmit_more(), kick ? "kick" : "no doorbell yet (more to come)");
	if (kick) {
		// The line event precedes the MMIO write so the device's hw:doorbell event follows it.
		SP_LINE("ice_tx_map:writel", i, "writel(%u, QTX_COMM_DBELL(%u))", i,
			(unsigned)tx_ring->reg_idx);
		writel(tx_ring, i);
	}
	return;

dma_error:
	// undo every mapping of this packet, walking back to first
	for (;;) {
		tx_buf = &tx_ring->tx_buf[i];
		ice_unmap_and_free_tx_buf(tx_ring, tx_buf);
		if (tx_buf == first)
			break;
		if (i == 0)
			i = tx_ring->count;
		i--;
	}
	set_ntu(tx_ring, i);
	SP_LINE("ice_tx_map:unwound", i, "next_to_use back to %u", i);
}

netdev_tx_t ice_start_xmit(sk_buff *skb, net_device *netdev)
{
	SP_FN("%s len=%u queue=%u", skb->name.c_str(), (unsigned)skb->len, (unsigned)skb->queue_mapping);
	ice_netdev_priv *np = netdev_priv(netdev);
	ice_vsi *vsi = np->vsi;
	ice_tx_ring *tx_ring = vsi->tx_rings[skb->queue_mapping % vsi->tx_rings.size()].get();
	SP_LINE("ice_start_xmit:ring", skb->queue_mapping, "tx_ring = vsi->tx_rings[%u] (%s)",
		(unsigned)skb->queue_mapping, tx_ring->name.c_str());
	// hardware can't handle really short frames
	if (skb->len < ICE_MIN_TX_LEN)
		SP_LINE("ice_start_xmit:padto", skb->len, "len %u < ICE_MIN_TX_LEN %u: pad",
			(unsigned)skb->len, ICE_MIN_TX_LEN);
	if (skb_put_padto(skb, ICE_MIN_TX_LEN)) {
		kfree_skb(skb); // Model: the kernel's skb_put_padto frees on failure; the model's does not
		SP_RET(NETDEV_TX_OK);
	}
	SP_RET(ice_xmit_frame_ring(skb, tx_ring));
}

// ---------------------------------------------------------------- completion

bool ice_clean_tx_irq(ice_tx_ring *tx_ring, int napi_budget)
{
	SP_FN("%s ntc=%u napi_budget=%d", tx_ring->name.c_str(), (unsigned)tx_ring->next_to_clean,
	      napi_budget);
	unsigned int total_bytes = 0, total_pkts = 0;
	unsigned int budget = ICE_DFLT_IRQ_WORK;
	ice_vsi *vsi = tx_ring->vsi;
	const int count = tx_ring->count;
	int i = tx_ring->next_to_clean;
	ice_tx_buf *tx_buf = &tx_ring->tx_buf[i];

	do {
		int eop = tx_buf->next_to_watch;
		// if next_to_watch is not set then there is no work pending
		if (eop < 0) {
			SP_LINE("ice_clean_tx_irq:no_work", i,
				"tx_buf[%d].next_to_watch == NULL: nothing pending", i);
			break;
		}
		// smp_rmb(); then: has the device written DTYPE = DESC_DONE into the EOP descriptor?
		u64 qw1 = ice_tx_desc_read(tx_ring, eop).cmd_type_offset_bsz;
		if (!(qw1 & ICE_TX_DESC_DTYPE_DESC_DONE)) {
			SP_LINE("ice_clean_tx_irq:not_done", eop, "desc[%d] DTYPE = 0x%x: not done yet", eop,
				(unsigned)(qw1 & 0xF));
			break;
		}
		SP_LINE("ice_clean_tx_irq:done", eop,
			"desc[%d] DTYPE = 0xF: %s (slots %d..%d) done, %u bytes %u segs", eop,
			tx_buf->skb ? tx_buf->skb->name.c_str() : "?", i, eop, tx_buf->bytecount,
			tx_buf->gso_segs);
		tx_buf->next_to_watch = -1;
		total_bytes += tx_buf->bytecount;
		total_pkts += tx_buf->gso_segs;

		napi_consume_skb(tx_buf->skb, napi_budget);
		dma_unmap_single(tx_ring->dev, tx_buf->dma, tx_buf->len, DMA_TO_DEVICE);
		tx_buf->skb = nullptr;
		tx_buf->type = ICE_TX_BUF_EMPTY;
		tx_buf->len = 0;

		// unmap the remaining buffers of the packet
		while (i != eop) {
			i++;
			if (i == count)
				i = 0;
			tx_buf = &tx_ring->tx_buf[i];
			if (tx_buf->len) {
				dma_unmap_page(tx_ring->dev, tx_buf->dma, tx_buf->len, DMA_TO_DEVICE);
				tx_buf->len = 0;
			}
			tx_buf->type = ICE_TX_BUF_EMPTY;
		}
		// one past eop: start of the next packet
		i++;
		if (i == count)
			i = 0;
		tx_buf = &tx_ring->tx_buf[i];
		budget--;
	} while (budget);

	tx_ring->next_to_clean = (u16)i;
	ice_ring_sync(tx_ring);
	tx_ring->tx_stats.pkts += total_pkts;
	tx_ring->tx_stats.bytes += total_bytes;
	SP_LINE("ice_clean_tx_irq:ntc", i,
		"next_to_clean = %d: %u packets (segments), %u bytes; %d descriptors free", i, total_pkts,
		total_bytes, ICE_DESC_UNUSED(tx_ring));
	netdev_tx_completed_queue(txring_txq(tx_ring), total_pkts, total_bytes);
	ice_ring_sync(tx_ring);

	if (total_pkts && vsi->back->carrier_ok && ICE_DESC_UNUSED(tx_ring) >= TX_WAKE_THRESHOLD) {
		// smp_mb(): whoever stops the queue after this sees the new next_to_clean
		if (netif_tx_queue_stopped(txring_txq(tx_ring)) && !vsi->down) {
			SP_LINE("ice_clean_tx_irq:wake", ICE_DESC_UNUSED(tx_ring),
				"%d free >= TX_WAKE_THRESHOLD %d: wake %s", ICE_DESC_UNUSED(tx_ring),
				TX_WAKE_THRESHOLD, txring_txq(tx_ring)->name.c_str());
			netif_tx_wake_queue(txring_txq(tx_ring));
			++tx_ring->tx_stats.restart_q;
			ice_ring_sync(tx_ring);
		}
	}
	SP_RET(budget != 0);
}

void ice_clean_tx_ring(ice_tx_ring *tx_ring)
{
	SP_FN("%s", tx_ring->name.c_str());
	for (unsigned i = 0; i < tx_ring->count; i++)
		ice_unmap_and_free_tx_buf(tx_ring, &tx_ring->tx_buf[i]);
	tx_ring->desc.fill(0, 0, tx_ring->desc.size());
	tx_ring->next_to_use = 0;
	tx_ring->next_to_clean = 0;
	ice_ring_sync(tx_ring);
	if (tx_ring->netdev)
		netdev_tx_reset_queue(txring_txq(tx_ring));
}
