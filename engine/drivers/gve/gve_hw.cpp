// SPDX-License-Identifier: GPL-2.0-or-later
// The emulated gVNIC (DQO queue format) TX engine: doorbell, descriptor fetch until the packet's
// end_of_packet descriptor, DMA gather (through the IOMMU map table for the skb head, through the
// TX dma-buf attachment for net_iov frags), TSO segmentation and checksum offload, serialisation
// at the link rate, completion-queue write (packet and descriptor completions with the generation
// bit) and the MSI-X interrupt.
#include <cinttypes>

#include "drivers/gve/gve.h"
#include "hw/e810.h" // hw::wire_time_ps
#include "net/checksum.h"
#include "net/devmem.h"
#include "net/socket_api.h"

using namespace sp;

const std::vector<u8> &dma_buf_backing(dma_buf *d)
{
	if (d->backing.size() != d->size) {
		d->backing.resize(d->size);
		for (size_t i = 0; i < d->size; i++)
			d->backing[i] = gve_dmabuf_pattern(i);
	}
	return d->backing;
}

namespace gvem
{

namespace
{
constexpr unsigned ETH_MIN_FRAME_NOFCS = 60;

void put16(std::vector<u8> &f, size_t off, u16 v_be)
{
	std::memcpy(&f[off], &v_be, 2);
}
u16 get16(const std::vector<u8> &f, size_t off)
{
	u16 v;
	std::memcpy(&v, &f[off], 2);
	return v;
}
} // namespace

GveHw::GveHw(const DeviceConfig &c, net_device *nd) : cfg(c), netdev(nd), iommu("iommu")
{
	pdev.name = "0000:00:04.0";
	pdev.iommu = &iommu;
	unsigned nq = cfg.queues ? cfg.queues : 1;
	for (unsigned q = 0; q < nq; q++)
		txq_.push_back(std::make_unique<TxQueueHw>());
}

GveHw::~GveHw() = default;

void GveHw::create_tx_queue(unsigned q, u64 ring_iova, u32 qlen, u64 complq_iova, u32 complq_len,
			    const std::string &name)
{
	TxQueueHw &tq = *txq_.at(q);
	tq.name = name;
	tq.ring = ring_iova;
	tq.qlen = qlen;
	tq.complq = complq_iova;
	tq.complq_len = complq_len;
	tq.compl_tail = 0;
	tq.gen = 1; // the driver's cur_gen_bit starts at 0: the first pass writes 1
	tq.enabled = true;
	tq.head.reg(name, "hw_head");
	tq.tail.reg(name, "hw_tail");
	tq.doorbells.reg(name, "doorbells");
	tq.dma_reads.reg(name, "dma_reads");
	tq.compl_writes.reg(name, "compl_writes");
	tq.frames.reg(name, "hw_frames");
	tq.bytes.reg(name, "hw_bytes");
	SP_EVENT("hw:txq_ctx", q,
		 "gve: create TX queue %u: ring iova 0x%" PRIx64
		 " (%u descs), completion queue iova 0x%" PRIx64,
		 q, ring_iova, qlen, complq_iova);
}

void GveHw::destroy_tx_queue(unsigned q)
{
	if (q < txq_.size())
		txq_[q]->enabled = false;
}

void GveHw::fault(TxQueueHw &tq, const std::string &why)
{
	std::string m = "gve: TX queue " + tq.name + ": " + why + " (queue disabled)";
	SP_EVENT("hw:fault", 0, "%s", m.c_str());
	fault_log.push_back(m);
	world().warnings.push_back(m);
	tq.enabled = false;
	tq.busy = false;
}

void GveHw::doorbell(unsigned q, u32 val)
{
	TxQueueHw *tq = q < txq_.size() ? txq_[q].get() : nullptr;
	if (!tq || !tq->enabled) {
		SP_EVENT("hw:doorbell", val, "gve doorbell %u <- %u ignored: queue not enabled", q, val);
		return;
	}
	SP_EVENT("hw:doorbell", val, "gve doorbell %u <- %u: tail %u -> %u (HW head %u)", q, val,
		 (unsigned)tq->tail, val, (unsigned)tq->head);
	tq->doorbells += 1;
	if (val >= tq->qlen) {
		fault(*tq, "doorbell value beyond the ring length");
		return;
	}
	tq->tail = val;
	if (!tq->busy) {
		tq->busy = true;
		sim().at(sim().now_ns() + GVE_HW_FETCH_LATENCY_NS, "hw: " + tq->name + " descriptor fetch",
			 [this, q] { process(q); });
	}
}

bool GveHw::dma_read(u64 addr, void *out, u32 len, std::string *owner)
{
	if (iommu.lookup(addr, len))
		return iommu.dma_read(addr, out, len, owner);
	// The dma-buf of a TX binding on this device: dma_buf_map_attachment() gave the device these
	// bus addresses. Model: the attachment is resolved here instead of through the IOMMU map table,
	// because the model's binding (net_devmem_bind_dmabuf) does not go through the DMA API.
	for (auto &b : socklayer().bindings) {
		if (b->dev != netdev || b->direction != DMA_TO_DEVICE || !b->dmabuf || b->ref <= 0)
			continue;
		dma_buf *d = b->dmabuf;
		if (addr < d->dma_base || addr + len > d->dma_base + d->size)
			continue;
		const std::vector<u8> &mem = dma_buf_backing(d);
		std::memcpy(out, mem.data() + (addr - d->dma_base), len);
		if (owner)
			*owner = d->name + "+" + std::to_string(addr - d->dma_base);
		return true;
	}
	return iommu.dma_read(addr, out, len, owner); // records the fault
}

void GveHw::process(unsigned q)
{
	TxQueueHw &tq = *txq_[q];
	if (!tq.enabled) {
		tq.busy = false;
		return;
	}
	if (tq.head == tq.tail) {
		tq.busy = false;
		SP_EVENT("hw:idle", tq.head, "%s: head == tail == %u, nothing to fetch", tq.name.c_str(),
			 (unsigned)tq.head);
		return;
	}
	// ---- 1. fetch descriptors from the head until the end_of_packet packet descriptor
	std::vector<std::pair<u32, gve_tx_pkt_desc_dqo>> bufs;
	gve_tx_tso_context_desc_dqo tso{};
	bool has_tso = false;
	int re_idx = -1;
	u32 i = tq.head, first = tq.head;
	for (;;) {
		if (i == tq.tail) {
			tq.busy = false;
			SP_EVENT("hw:incomplete", i, "%s: reached tail %u without end_of_packet; waiting",
				 tq.name.c_str(), i);
			return;
		}
		u8 raw[16];
		u64 a = tq.ring + 16ull * i;
		if (!iommu.dma_read(a, raw, 16)) {
			fault(tq, "descriptor fetch faulted");
			return;
		}
		tq.dma_reads += 1;
		u8 dtype = raw[8] & 0x1f;
		u32 idx = i;
		i = (i + 1) % tq.qlen;
		if (dtype == GVE_TX_TSO_CTX_DESC_DTYPE_DQO) {
			std::memcpy(&tso, raw, 16);
			has_tso = tso.tso;
			SP_EVENT("hw:dma_read", (int64_t)a,
				 "fetch desc[%u]: TSO context, total %u mss %u hdr %u", idx,
				 (unsigned)tso.tso_total_len, (unsigned)tso.mss, (unsigned)tso.header_len);
		} else if (dtype == GVE_TX_GENERAL_CTX_DESC_DTYPE_DQO) {
			SP_EVENT("hw:dma_read", (int64_t)a, "fetch desc[%u]: general context", idx);
		} else if (dtype == GVE_TX_PKT_DESC_DTYPE_DQO) {
			gve_tx_pkt_desc_dqo d;
			std::memcpy(&d, raw, 16);
			SP_EVENT("hw:dma_read", (int64_t)a,
				 "fetch desc[%u]: packet, buf_addr 0x%" PRIx64 " size %u tag %u%s%s", idx,
				 (u64)d.buf_addr, (unsigned)d.buf_size, (unsigned)d.compl_tag,
				 d.end_of_packet ? " EOP" : "", d.report_event ? " RE" : "");
			bufs.push_back({idx, d});
			if (d.report_event)
				re_idx = (int)idx;
			if (d.end_of_packet)
				break;
		} else {
			fault(tq, "unexpected descriptor type " + std::to_string(dtype));
			return;
		}
	}
	tq.head = i;
	// ---- 2. gather the buffers
	std::vector<u8> pkt;
	std::string skb;
	for (size_t k = 0; k < bufs.size(); k++) {
		const gve_tx_pkt_desc_dqo &d = bufs[k].second;
		u32 sz = d.buf_size, at = (u32)pkt.size();
		pkt.resize(at + sz);
		std::string owner;
		if (!dma_read(d.buf_addr, pkt.data() + at, sz, &owner)) {
			fault(tq, "buffer DMA faulted (bus address not mapped)");
			return;
		}
		tq.dma_reads += 1;
		if (k == 0) {
			skb = owner;
			size_t dot = skb.find('.');
			if (dot != std::string::npos)
				skb.resize(dot);
		}
		SP_EVENT("hw:dma_read", (int64_t)d.buf_addr,
			 "gather buffer %zu/%zu: %u B @0x%" PRIx64 " (%s)", k + 1, bufs.size(), sz,
			 (u64)d.buf_addr, owner.c_str());
	}
	const u16 tag = bufs.back().second.compl_tag;
	const bool csum = bufs[0].second.checksum_offload_enable;
	// ---- 3. offloads. Model: the device parses Ethernet/IPv4/TCP itself (no offsets in descriptors).
	std::vector<std::vector<u8>> frames;
	const u32 maclen = ETH_HLEN;
	const bool v4 = pkt.size() > maclen + 20 && get16(pkt, 12) == htons(ETH_P_IP);
	const u32 iplen = v4 ? (pkt[maclen] & 0xf) * 4u : 0;
	const u32 l4 = maclen + iplen;
	const bool tcp = v4 && pkt[maclen + 9] == 6 && pkt.size() >= l4 + 20;
	const u32 l4len = tcp ? (pkt[l4 + 12] >> 4) * 4u : 0;
	if (has_tso) {
		const u32 hdr = tso.header_len, mss = tso.mss, total = tso.tso_total_len;
		if (!tcp || !mss || hdr != l4 + l4len || hdr + total != pkt.size()) {
			char b[160];
			snprintf(b, sizeof b,
				 "bad TSO context: hdr %u + total %u != %zu bytes fetched, mss %u", hdr,
				 total, pkt.size(), mss);
			fault(tq, b);
			return;
		}
		const u32 nsegs = (total + mss - 1) / mss;
		u32 seq0;
		std::memcpy(&seq0, &pkt[l4 + 4], 4);
		seq0 = ntohl(seq0);
		const u8 flags0 = pkt[l4 + 13];
		SP_EVENT("hw:tso", nsegs, "TSO: header %u B, payload %u B, MSS %u -> %u segments", hdr, total,
			 mss, nsegs);
		for (u32 s = 0; s < nsegs; s++) {
			u32 from = hdr + s * mss, len = std::min(mss, total - s * mss);
			std::vector<u8> f(pkt.begin(), pkt.begin() + hdr);
			f.insert(f.end(), pkt.begin() + from, pkt.begin() + from + len);
			// Per-segment header fixups: IPv4 tot_len, id, header checksum; TCP seq, flags,
			// checksum.
			put16(f, maclen + 2, htons((u16)(iplen + l4len + len)));
			put16(f, maclen + 4, htons((u16)(ntohs(get16(f, maclen + 4)) + s)));
			put16(f, maclen + 10, 0);
			put16(f, maclen + 10, ip_fast_csum(&f[maclen], iplen / 4));
			u32 seq = htonl(seq0 + s * mss);
			std::memcpy(&f[l4 + 4], &seq, 4);
			// Model: FIN/PSH only on the last segment, CWR only on the first (as Linux GSO does).
			u8 fl = flags0;
			if (s + 1 < nsegs)
				fl &= (u8) ~(TCPHDR_FIN | TCPHDR_PSH);
			if (s > 0)
				fl &= (u8)~TCPHDR_CWR;
			f[l4 + 13] = fl;
			// th->check holds the pseudo-header sum without the length (gve_prep_tso).
			__wsum sum = csum_partial(&f[l4], (int)(l4len + len), 0);
			sum = csum_add(sum, htonl(l4len + len));
			put16(f, l4 + 16, csum_fold(sum));
			frames.push_back(std::move(f));
		}
	} else {
		std::vector<u8> f = std::move(pkt);
		if (csum && tcp) {
			// CHECKSUM_PARTIAL: th->check holds the pseudo-header sum; sum from l4 to the end.
			__sum16 c = csum_fold(csum_partial(&f[l4], (int)(f.size() - l4), 0));
			put16(f, l4 + 16, c);
			SP_EVENT("hw:csum", ntohs(c),
				 "L4 checksum offload: %zu bytes from offset %u -> 0x%04x", f.size() - l4, l4,
				 ntohs(c));
		}
		frames.push_back(std::move(f));
	}
	for (auto &f : frames)
		if (f.size() < ETH_MIN_FRAME_NOFCS)
			f.resize(ETH_MIN_FRAME_NOFCS, 0);
	// ---- 4. serialise at the link rate; the completions follow the last frame
	u64 t = std::max(sim().now_ns() * 1000, wire_free_ps_);
	SP_EVENT("hw:tx_start", frames.size(), "%s: %s, %zu frame(s), descriptors %u..%u, tag %u",
		 tq.name.c_str(), skb.c_str(), frames.size(), first, bufs.back().first, (unsigned)tag);
	auto shared = std::make_shared<std::vector<std::vector<u8>>>(std::move(frames));
	const unsigned n = (unsigned)shared->size();
	for (unsigned k = 0; k < n; k++) {
		u64 start = t, end = t + hw::wire_time_ps((*shared)[k].size(), cfg.link_bps);
		t = end;
		wire_free_ps_ = end;
		sim().at((end + 999) / 1000, "hw: " + tq.name + " frame on the wire",
			 [this, q, shared, k, n, start, end, skb, tag, re_idx] {
				 TxQueueHw &tq = *txq_[q];
				 const std::vector<u8> &f = (*shared)[k];
				 SP_EVENT("hw:wire", (int64_t)f.size(),
					  "%s: %s seg %u/%u, %zu B on the wire [%" PRIu64 ", %" PRIu64 "] ns",
					  tq.name.c_str(), skb.c_str(), k + 1, n, f.size(), start / 1000,
					  end / 1000);
				 size_t step = sim().current_step();
				 char c[128];
				 snprintf(c, sizeof c, "step %zu %s seg %u/%u", step, skb.c_str(), k + 1, n);
				 world().wire_out(f.data(), f.size(), c);
				 tq.frames += 1;
				 tq.bytes += f.size();
				 if (k + 1 < n)
					 return;
				 // Completion queue writes: a descriptor completion for a report_event
				 // descriptor (tx_head = one past it), then the packet completion.
				 auto write_compl = [&](u8 type, u16 v) {
					 gve_tx_compl_desc d{};
					 d.type = type;
					 d.generation = tq.gen;
					 d.tx_head_or_tag = v;
					 u64 a = tq.complq + 8ull * tq.compl_tail;
					 iommu.dma_write(a, &d, 8);
					 tq.compl_writes += 1;
					 SP_EVENT("hw:writeback", tq.compl_tail,
						  "%s: compl[%u] <- %s %u, generation %u", tq.name.c_str(),
						  tq.compl_tail,
						  type == GVE_COMPL_TYPE_DQO_PKT ? "PKT tag" : "DESC tx_head",
						  (unsigned)v, (unsigned)tq.gen);
					 tq.compl_tail = (tq.compl_tail + 1) % tq.complq_len;
					 if (tq.compl_tail == 0)
						 tq.gen ^= 1;
				 };
				 if (re_idx >= 0)
					 write_compl(GVE_COMPL_TYPE_DQO_DESC, (u16)((re_idx + 1) % tq.qlen));
				 write_compl(GVE_COMPL_TYPE_DQO_PKT, tag);
				 // Model: no interrupt moderation: each completion raises the queue's vector.
				 SP_EVENT("hw:irq", q, "MSI-X vector %u fires", q);
				 if (msix_handler)
					 msix_handler(q);
				 process(q); // next packet, if the tail is ahead of the head
			 });
	}
}

} // namespace gvem
