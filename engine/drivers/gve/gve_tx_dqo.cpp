// SPDX-License-Identifier: GPL-2.0-or-later
// drivers/net/ethernet/google/gve/gve_tx_dqo.c, the skb transmit path in the DQO queue format and
// its completion: gve_tx_dqo -> gve_try_tx_skb (descriptor count, ring space) -> gve_tx_add_skb_dqo
// (pending packet + completion tag, TSO context, general context, packet descriptors with
// dma_map_single / skb_frag_dma_map) -> BQL -> doorbell; and gve_clean_tx_done_dqo reading the
// completion queue -> gve_handle_packet_completion -> unmap (net_iov frags: nothing to unmap) ->
// napi_consume_skb -> netdev_tx_completed_queue.
// Kernel names and order of checks are kept; the bodies are this project's own C++.
#include <cinttypes>

#include "drivers/gve/gve.h"
#include "net/checksum.h"

using namespace sp;

// ---------------------------------------------------------------- pending packets

static bool gve_has_free_pending_packet(gve_tx_ring *tx)
{
	return tx->free_pending_packets != -1;
}

static gve_tx_pending_packet_dqo *gve_alloc_pending_packet(gve_tx_ring *tx)
{
	// Model: one free list (the kernel also steals the completion side's list when empty).
	int idx = tx->free_pending_packets;
	if (idx == -1)
		return nullptr;
	gve_tx_pending_packet_dqo *pkt = &tx->pending_packets[idx];
	tx->free_pending_packets = pkt->next;
	pkt->next = -1;
	pkt->in_use = true;
	return pkt;
}

static void gve_free_pending_packet(gve_tx_ring *tx, gve_tx_pending_packet_dqo *pkt)
{
	int idx = (int)(pkt - tx->pending_packets.data());
	pkt->in_use = false;
	pkt->num_bufs = 0;
	pkt->next = tx->free_pending_packets;
	tx->free_pending_packets = idx;
}

// ---------------------------------------------------------------- ring space

static u32 num_avail_tx_slots(const gve_tx_ring *tx)
{
	u32 num_used = (tx->tail - tx->head) & tx->mask;
	// Leave one slot: head == tail means empty.
	return tx->mask - num_used;
}

static bool gve_has_avail_slots_tx_dqo(gve_tx_ring *tx, int desc_count)
{
	if ((int)num_avail_tx_slots(tx) >= desc_count)
		return gve_has_free_pending_packet(tx);
	// Refresh the producer's view of the HW head from the last descriptor completion.
	tx->head = tx->hw_tx_head;
	return (int)num_avail_tx_slots(tx) >= desc_count && gve_has_free_pending_packet(tx);
}

// Stops the queue if there is not enough room for count descriptors; -EBUSY if still no room.
static int gve_maybe_stop_tx_dqo(gve_tx_ring *tx, int count)
{
	SP_FN("%s need %d descs, %u free", tx->name.c_str(), count, num_avail_tx_slots(tx));
	if (gve_has_avail_slots_tx_dqo(tx, count)) {
		SP_LINE("gve_maybe_stop_tx_dqo:room", num_avail_tx_slots(tx), "%u slots free >= %d",
			num_avail_tx_slots(tx), count);
		SP_RET(0);
	}
	tx->stop_queue += 1;
	netif_tx_stop_queue(tx->netdev_txq);
	SP_LINE("gve_maybe_stop_tx_dqo:stop", num_avail_tx_slots(tx), "only %u slots free < %d: stop %s",
		num_avail_tx_slots(tx), count, tx->netdev_txq->name.c_str());
	// smp_mb(): re-check after stopping, a completion may just have freed space.
	if (!gve_has_avail_slots_tx_dqo(tx, count))
		SP_RET(-EBUSY);
	netif_tx_start_queue(tx->netdev_txq);
	tx->wake_queue += 1;
	SP_LINE("gve_maybe_stop_tx_dqo:restart", 0, "space appeared meanwhile: restart the queue");
	SP_RET(0);
}

// ---------------------------------------------------------------- descriptors

static void desc_write(gve_tx_ring *tx, u32 idx, const void *d)
{
	tx->desc.write(16ull * idx, d, 16);
}

// Writes one or more packet descriptors for a buffer (a buffer above GVE_TX_MAX_BUF_SIZE_DQO is split).
static void gve_tx_fill_pkt_desc_dqo(gve_tx_ring *tx, u32 *desc_idx, bool enable_csum, u32 len,
				     dma_addr_t addr, s16 compl_tag, bool eop, bool is_gso)
{
	(void)is_gso;
	while (len > 0) {
		u32 cur_len = std::min(len, GVE_TX_MAX_BUF_SIZE_DQO);
		len -= cur_len;
		gve_tx_pkt_desc_dqo d{};
		d.buf_addr = addr;
		d.dtype = GVE_TX_PKT_DESC_DTYPE_DQO;
		d.end_of_packet = eop && len == 0;
		d.checksum_offload_enable = enable_csum;
		d.compl_tag = (u16)compl_tag;
		d.buf_size = (u16)cur_len;
		desc_write(tx, *desc_idx, &d);
		SP_LINE("gve_tx_fill_pkt_desc_dqo:desc", *desc_idx,
			"desc[%u]: buf_addr 0x%" PRIx64 " buf_size %u dtype 0x%x eop %u csum %u compl_tag %d",
			*desc_idx, addr, cur_len, GVE_TX_PKT_DESC_DTYPE_DQO, (unsigned)d.end_of_packet,
			(unsigned)enable_csum, compl_tag);
		addr += cur_len;
		*desc_idx = (*desc_idx + 1) & tx->mask;
	}
}

static u8 hdr_byte(const sk_buff *skb, u32 off)
{
	return off < skb->hd->buf.size() ? skb->head()[off] : 0;
}

// include/net/checksum.h csum_replace_by_diff()
static void csum_replace_by_diff(__sum16 *sum, __wsum diff)
{
	*sum = csum_fold(csum_add(diff, ~csum_unfold(*sum)));
}

// gve_prep_tso(): returns the header length, or < 0.
static int gve_prep_tso(sk_buff *skb)
{
	SP_FN("%s len=%u gso_size=%u", skb->name.c_str(), (unsigned)skb->len,
	      (unsigned)skb_shinfo(skb)->gso_size);
	// The device rejects MSS values below GVE_TX_MIN_TSO_MSS_DQO.
	if (skb_shinfo(skb)->gso_size < GVE_TX_MIN_TSO_MSS_DQO) {
		SP_LINE("gve_prep_tso:mss", skb_shinfo(skb)->gso_size, "gso_size %u < %u: -1",
			(unsigned)skb_shinfo(skb)->gso_size, GVE_TX_MIN_TSO_MSS_DQO);
		SP_RET(-1);
	}
	// Model: skb_cow_head(skb, 0) is a no-op (TCP's clones are header-released).
	u32 l4 = skb->transport_header;
	u32 paylen = skb->len - skb_transport_offset(skb);
	__sum16 check;
	std::memcpy(&check, skb->head() + l4 + 16, 2);
	__sum16 old = check;
	csum_replace_by_diff(&check, htonl(paylen));
	skb->write(l4 + 16, &check, 2);
	int header_len = (int)(skb_transport_offset(skb) + (hdr_byte(skb, l4 + 12) >> 4) * 4u);
	SP_LINE("gve_prep_tso:paylen", paylen,
		"remove paylen %u from th->check: 0x%04x -> 0x%04x; header_len %d", paylen, ntohs(old),
		ntohs(check), header_len);
	if (header_len > (int)GVE_TX_MAX_HDR_SIZE_DQO) {
		SP_LINE("gve_prep_tso:hdr", header_len, "header_len %d > %u: -EINVAL", header_len,
			GVE_TX_MAX_HDR_SIZE_DQO);
		SP_RET(-EINVAL);
	}
	SP_RET(header_len);
}

static void gve_tx_update_tail(gve_tx_ring *tx, u32 desc_idx)
{
	u32 last_desc_idx = (desc_idx - 1) & tx->mask;
	u32 last_report_event_interval = (last_desc_idx - tx->last_re_idx) & tx->mask;
	tx->tail = desc_idx;
	// Ask for a descriptor completion (report_event) on the packet's last descriptor, at most once
	// every GVE_TX_MIN_RE_INTERVAL descriptors (a HW-enforced interval).
	if (last_report_event_interval >= GVE_TX_MIN_RE_INTERVAL) {
		gve_tx_pkt_desc_dqo d;
		std::memcpy(&d, tx->desc.data() + 16ull * last_desc_idx, 16);
		d.report_event = 1;
		desc_write(tx, last_desc_idx, &d);
		tx->last_re_idx = last_desc_idx;
		SP_LINE("gve_tx_update_tail:re", last_desc_idx,
			"%u descriptors since the last report_event: set it on desc[%u]",
			last_report_event_interval, last_desc_idx);
	}
	SP_LINE("gve_tx_update_tail:tail", desc_idx, "dqo_tx.tail = %u", desc_idx);
}

static int gve_tx_add_skb_no_copy_dqo(gve_tx_ring *tx, sk_buff *skb, gve_tx_pending_packet_dqo *pkt,
				      s16 completion_tag, u32 *desc_idx, bool is_gso)
{
	SP_FN("%s tag=%d", skb->name.c_str(), completion_tag);
	const bool enable_csum = skb->ip_summed == CHECKSUM_PARTIAL;
	const skb_shared_info *shinfo = skb_shinfo(skb);
	pkt->num_bufs = 0;
	// Map the linear portion of the skb.
	{
		u32 len = skb_headlen(skb);
		dma_addr_t addr = dma_map_single(tx->dev, skb_data_dma_addr(skb), len, DMA_TO_DEVICE);
		if (dma_mapping_error(tx->dev, addr)) {
			SP_LINE("gve_tx_add_skb_no_copy_dqo:map_err", 0, "dma_map_single of the head failed");
			goto err;
		}
		pkt->len[pkt->num_bufs] = len;
		pkt->dma[pkt->num_bufs] = addr;
		pkt->netmem[pkt->num_bufs] = false;
		++pkt->num_bufs;
		gve_tx_fill_pkt_desc_dqo(tx, desc_idx, enable_csum, len, addr, completion_tag,
					 shinfo->nr_frags == 0, is_gso);
	}
	for (int i = 0; i < shinfo->nr_frags; i++) {
		const skb_frag_t *frag = &shinfo->frags[i];
		bool is_eop = i == shinfo->nr_frags - 1;
		u32 len = skb_frag_size(frag);
		page *pg = frag->netmem;
		const bool niov = pg && pg->owner == PageOwner::NetIov;
		// skb_frag_dma_map(): a net_iov's address is the dma-buf binding's premapped address.
		dma_addr_t addr = skb_frag_dma_map(tx->dev, frag, 0, len, DMA_TO_DEVICE);
		if (dma_mapping_error(tx->dev, addr)) {
			SP_LINE("gve_tx_add_skb_no_copy_dqo:map_err", i, "skb_frag_dma_map of frag %d failed",
				i);
			goto err;
		}
		SP_LINE("gve_tx_add_skb_no_copy_dqo:frag", i,
			"frag %d: %s off %u len %u -> dma 0x%" PRIx64 "%s", i, pg ? pg->name.c_str() : "?",
			(unsigned)frag->offset, len, addr,
			niov ? " (net_iov: premapped dma-buf address, no dma_map_page)" : "");
		pkt->len[pkt->num_bufs] = len;
		// netmem_dma_unmap_addr_set(): a net_iov's address is recorded as 0 so that the
		// completion's netmem_dma_unmap_page_attrs() skips it.
		pkt->dma[pkt->num_bufs] = niov ? 0 : addr;
		pkt->netmem[pkt->num_bufs] = niov;
		++pkt->num_bufs;
		gve_tx_fill_pkt_desc_dqo(tx, desc_idx, enable_csum, len, addr, completion_tag, is_eop,
					 is_gso);
	}
	SP_RET(0);
err:
	for (int i = 0; i < pkt->num_bufs; i++) {
		if (i == 0)
			dma_unmap_single(tx->dev, pkt->dma[i], pkt->len[i], DMA_TO_DEVICE);
		else if (pkt->dma[i])
			dma_unmap_page(tx->dev, pkt->dma[i], pkt->len[i], DMA_TO_DEVICE);
	}
	pkt->num_bufs = 0;
	SP_RET(-1);
}

static int gve_tx_add_skb_dqo(gve_tx_ring *tx, sk_buff *skb)
{
	SP_FN("%s len=%u", skb->name.c_str(), (unsigned)skb->len);
	const bool is_gso = skb_is_gso(skb);
	u32 desc_idx = tx->tail;
	gve_tx_pending_packet_dqo *pkt = gve_alloc_pending_packet(tx);
	if (!pkt) {
		SP_LINE("gve_tx_add_skb_dqo:no_pkt", -ENOMEM, "no free pending packet: -ENOMEM");
		SP_RET(-ENOMEM);
	}
	pkt->skb = skb;
	s16 completion_tag = (s16)(pkt - tx->pending_packets.data());
	SP_LINE("gve_tx_add_skb_dqo:tag", completion_tag, "pending_packets[%d] <- %s (completion tag %d)",
		completion_tag, skb->name.c_str(), completion_tag);
	// Model: gve_extract_tx_metadata_dqo() (the path hash in the flex bytes) is not modelled.
	if (is_gso) {
		int header_len = gve_prep_tso(skb);
		if (header_len < 0)
			goto err;
		gve_tx_tso_context_desc_dqo c{};
		c.tso_total_len = skb->len - (u32)header_len;
		c.mss = skb_shinfo(skb)->gso_size;
		c.header_len = (u8)header_len;
		c.dtype = GVE_TX_TSO_CTX_DESC_DTYPE_DQO;
		c.tso = 1;
		desc_write(tx, desc_idx, &c);
		SP_LINE("gve_tx_add_skb_dqo:tso_ctx", desc_idx,
			"desc[%u]: TSO context, tso_total_len %u mss %u header_len %d", desc_idx,
			(unsigned)c.tso_total_len, (unsigned)c.mss, header_len);
		desc_idx = (desc_idx + 1) & tx->mask;
	}
	{
		gve_tx_general_context_desc_dqo g{};
		g.dtype = GVE_TX_GENERAL_CTX_DESC_DTYPE_DQO;
		desc_write(tx, desc_idx, &g);
		SP_LINE("gve_tx_add_skb_dqo:gen_ctx", desc_idx, "desc[%u]: general context (metadata)",
			desc_idx);
		desc_idx = (desc_idx + 1) & tx->mask;
	}
	// Model: RDA mode only (no QPL bounce buffers, so gve_tx_add_skb_copy_dqo is not used).
	if (gve_tx_add_skb_no_copy_dqo(tx, skb, pkt, completion_tag, &desc_idx, is_gso))
		goto err;
	tx->posted_packet_desc_cnt += pkt->num_bufs;
	pkt->bytes = skb->len;
	pkt->segs = is_gso ? (u16)skb_shinfo(skb)->gso_segs : (u16)1;
	gve_tx_update_tail(tx, desc_idx);
	SP_RET(0);
err:
	pkt->skb = nullptr;
	gve_free_pending_packet(tx, pkt);
	SP_RET(-1);
}

static int gve_num_descs_per_buf(size_t size)
{
	return (int)((size + GVE_TX_MAX_BUF_SIZE_DQO - 1) / GVE_TX_MAX_BUF_SIZE_DQO);
}

static int gve_num_buffer_descs_needed(const sk_buff *skb)
{
	const skb_shared_info *shinfo = skb_shinfo(skb);
	int num_descs = gve_num_descs_per_buf(skb_headlen(skb));
	for (int i = 0; i < shinfo->nr_frags; i++)
		num_descs += gve_num_descs_per_buf(skb_frag_size(&shinfo->frags[i]));
	return num_descs;
}

// Returns 0 if the skb was queued or dropped, -1 if there is no room now.
static int gve_try_tx_skb(gve_priv *priv, gve_tx_ring *tx, sk_buff *skb)
{
	SP_FN("%s %s", tx->name.c_str(), skb->name.c_str());
	(void)priv;
	int num_buffer_descs = gve_num_buffer_descs_needed(skb);
	if (!skb_is_gso(skb) && num_buffer_descs > GVE_TX_MAX_DATA_DESCS) {
		SP_LINE("gve_try_tx_skb:linearize", num_buffer_descs,
			"non-GSO skb needs %d > %d buffers: linearize", num_buffer_descs,
			GVE_TX_MAX_DATA_DESCS);
		if (skb_linearize(skb) < 0)
			goto drop;
		num_buffer_descs = 1;
	}
	{
		// Metadata + (optional TSO) + data descriptors.
		int total_num_descs = 1 + (int)skb_is_gso(skb) + num_buffer_descs;
		SP_LINE("gve_try_tx_skb:descs", total_num_descs,
			"1 general ctx + %d TSO ctx + %d buffer descs = %d", (int)skb_is_gso(skb),
			num_buffer_descs, total_num_descs);
		if (gve_maybe_stop_tx_dqo(tx, total_num_descs))
			SP_RET(-1);
	}
	if (gve_tx_add_skb_dqo(tx, skb) < 0)
		goto drop;
	netdev_tx_sent_queue(tx->netdev_txq, skb->len);
	SP_LINE("gve_try_tx_skb:bql", skb->len, "netdev_tx_sent_queue(%s, %u)", tx->netdev_txq->name.c_str(),
		(unsigned)skb->len);
	SP_RET(0);
drop:
	tx->dropped_pkt += 1;
	SP_LINE("gve_try_tx_skb:drop", 0, "drop %s", skb->name.c_str());
	kfree_skb(skb); // dev_kfree_skb_any
	SP_RET(0);
}

static void gve_tx_put_doorbell_dqo(gve_priv *priv, gve_tx_ring *tx, u32 val)
{
	SP_LINE("gve_tx_put_doorbell_dqo:iowrite32", val, "iowrite32(%u, db_bar2[%u])", val, tx->db_reg);
	priv->hw->doorbell(tx->db_reg, val);
}

netdev_tx_t gve_tx_dqo(sk_buff *skb, net_device *dev)
{
	SP_FN("%s len=%u queue=%u", skb->name.c_str(), (unsigned)skb->len, (unsigned)skb->queue_mapping);
	gve_priv *priv = gve_netdev_priv(dev);
	gve_tx_ring *tx = priv->tx[skb_get_queue_mapping(skb) % priv->tx.size()].get();
	if (gve_try_tx_skb(priv, tx, skb) < 0) {
		// The queue was stopped for want of room, but earlier calls may have added descriptors
		// without ringing the doorbell.
		gve_tx_put_doorbell_dqo(priv, tx, tx->tail);
		SP_RET(NETDEV_TX_BUSY);
	}
	if (!netif_xmit_stopped(tx->netdev_txq) && netdev_xmit_more()) {
		SP_LINE("gve_tx_dqo:xmit_more", 1, "netdev_xmit_more(): defer the doorbell");
		SP_RET(NETDEV_TX_OK);
	}
	gve_tx_put_doorbell_dqo(priv, tx, tx->tail);
	SP_RET(NETDEV_TX_OK);
}

// ---------------------------------------------------------------- completion

static void gve_unmap_packet(device *dev, gve_tx_pending_packet_dqo *pkt)
{
	dma_unmap_single(dev, pkt->dma[0], pkt->len[0], DMA_TO_DEVICE);
	for (int i = 1; i < pkt->num_bufs; i++) {
		// netmem_dma_unmap_page_attrs(): a zero address (net_iov) is not unmapped: the
		// dma-buf stays mapped for as long as the binding exists.
		if (!pkt->dma[i]) {
			SP_LINE("gve_unmap_packet:netmem", i, "buf %d: net_iov, nothing to unmap", i);
			continue;
		}
		dma_unmap_page(dev, pkt->dma[i], pkt->len[i], DMA_TO_DEVICE);
	}
}

static void gve_handle_packet_completion(gve_priv *priv, gve_tx_ring *tx, int budget, u16 compl_tag,
					 u64 *bytes, u64 *pkts)
{
	SP_FN("%s tag=%u", tx->name.c_str(), compl_tag);
	if (compl_tag >= tx->pending_packets.size()) {
		SP_LINE("gve_handle_packet_completion:bad_tag", compl_tag,
			"%s: Invalid TX completion tag: %u", priv->dev->name.c_str(), compl_tag);
		return;
	}
	gve_tx_pending_packet_dqo *pkt = &tx->pending_packets[compl_tag];
	if (!pkt->in_use || !pkt->skb) {
		SP_LINE("gve_handle_packet_completion:stale", compl_tag, "tag %u has no pending skb",
			compl_tag);
		return;
	}
	gve_unmap_packet(tx->dev, pkt);
	(*pkts)++;
	*bytes += pkt->skb->len;
	SP_LINE("gve_handle_packet_completion:done", compl_tag, "%s done (%u bytes): napi_consume_skb",
		pkt->skb->name.c_str(), (unsigned)pkt->skb->len);
	napi_consume_skb(pkt->skb, budget);
	pkt->skb = nullptr;
	gve_free_pending_packet(tx, pkt);
}

static gve_tx_compl_desc compl_read(const gve_tx_ring *tx, u32 i)
{
	gve_tx_compl_desc d;
	std::memcpy(&d, tx->compl_ring.data() + 8ull * i, 8);
	return d;
}

int gve_clean_tx_done_dqo(gve_priv *priv, gve_tx_ring *tx, int napi_budget)
{
	SP_FN("%s compl_head=%u gen=%u", tx->name.c_str(), (unsigned)tx->compl_head,
	      (unsigned)tx->cur_gen_bit);
	u64 pkt_compl_bytes = 0, pkt_compl_pkts = 0;
	int num_descs_cleaned = 0;
	for (;;) {
		gve_tx_compl_desc d = compl_read(tx, tx->compl_head);
		// The device writes the opposite of cur_gen_bit: equal means not written yet.
		if (d.generation == tx->cur_gen_bit) {
			SP_LINE("gve_clean_tx_done_dqo:empty", tx->compl_head,
				"compl_ring[%u].generation %u == cur_gen_bit: no more completions",
				(unsigned)tx->compl_head, (unsigned)d.generation);
			break;
		}
		// dma_rmb(): read the descriptor only after its generation bit.
		if (d.type == GVE_COMPL_TYPE_DQO_DESC) {
			tx->hw_tx_head = d.tx_head_or_tag;
			SP_LINE("gve_clean_tx_done_dqo:desc", d.tx_head_or_tag,
				"compl_ring[%u]: descriptor completion, hw_tx_head = %u",
				(unsigned)tx->compl_head, (unsigned)d.tx_head_or_tag);
		} else if (d.type == GVE_COMPL_TYPE_DQO_PKT) {
			SP_LINE("gve_clean_tx_done_dqo:pkt", d.tx_head_or_tag,
				"compl_ring[%u]: packet completion, tag %u", (unsigned)tx->compl_head,
				(unsigned)d.tx_head_or_tag);
			gve_handle_packet_completion(priv, tx, napi_budget, d.tx_head_or_tag,
						     &pkt_compl_bytes, &pkt_compl_pkts);
		}
		// Model: miss / re-injection completions (GVE_COMPL_TYPE_DQO_MISS, _REINJECTION) and the
		// timeout lists are not modelled: the emulated device always sends packet completions.
		tx->compl_head = (tx->compl_head + 1) & tx->complq_mask;
		// Flip the generation bit when we wrap around.
		if (tx->compl_head == 0)
			tx->cur_gen_bit = tx->cur_gen_bit ^ 1;
		num_descs_cleaned++;
	}
	netdev_tx_completed_queue(tx->netdev_txq, (unsigned)pkt_compl_pkts, (unsigned)pkt_compl_bytes);
	tx->pkt_done += (u32)pkt_compl_pkts;
	tx->bytes_done += (u32)pkt_compl_bytes;
	SP_LINE("gve_clean_tx_done_dqo:bql", (int64_t)pkt_compl_bytes,
		"netdev_tx_completed_queue(%llu pkts, %llu bytes); %d completions cleaned",
		(unsigned long long)pkt_compl_pkts, (unsigned long long)pkt_compl_bytes, num_descs_cleaned);
	SP_RET(num_descs_cleaned);
}

// gve_tx_poll_dqo(): clean, wake a stopped queue, and report whether more completions are waiting.
static bool gve_tx_poll_dqo(gve_tx_ring *tx, bool do_clean, int budget)
{
	SP_FN("%s do_clean=%d", tx->name.c_str(), (int)do_clean);
	if (do_clean) {
		int num_descs_cleaned = gve_clean_tx_done_dqo(tx->priv, tx, budget);
		// mb(): sync with the queue being stopped in gve_maybe_stop_tx_dqo().
		if (netif_tx_queue_stopped(tx->netdev_txq) && num_descs_cleaned > 0) {
			tx->wake_queue += 1;
			SP_LINE("gve_tx_poll_dqo:wake", num_descs_cleaned, "%d cleaned: wake %s",
				num_descs_cleaned, tx->netdev_txq->name.c_str());
			netif_tx_wake_queue(tx->netdev_txq);
		}
	}
	gve_tx_compl_desc d = compl_read(tx, tx->compl_head);
	SP_RET(d.generation != tx->cur_gen_bit);
}

int gve_napi_poll_dqo(gve_tx_ring *tx, int budget)
{
	SP_FN("%s budget=%d", tx->napi.name.c_str(), budget);
	bool reschedule = gve_tx_poll_dqo(tx, budget != 0, budget);
	// Model: no RX queue on the notification block.
	if (reschedule) {
		SP_LINE("gve_napi_poll_dqo:repoll", budget, "more completions waiting: stay scheduled");
		SP_RET(budget);
	}
	tx->napi.scheduled = 0; // napi_complete_done
	SP_LINE("gve_napi_poll_dqo:complete", 0,
		"napi_complete_done; gve_write_irq_doorbell_dqo(GVE_ITR_ENABLE_BIT_DQO): re-arm the IRQ");
	SP_RET(0);
}

void gve_tx_free_ring_skbs_dqo(gve_tx_ring *tx)
{
	SP_FN("%s", tx->name.c_str());
	for (auto &pkt : tx->pending_packets) {
		if (!pkt.in_use || !pkt.skb)
			continue;
		gve_unmap_packet(tx->dev, &pkt);
		kfree_skb(pkt.skb); // dev_consume_skb_any in gve_release_tx_pending_pkt
		pkt.skb = nullptr;
		gve_free_pending_packet(tx, &pkt);
	}
}
