// SPDX-License-Identifier: GPL-2.0-or-later
// The emulated E810 TX engine (see e810.h).
#include "hw/e810.h"

#include <cinttypes>

#include "drivers/ice/ice_lan_tx_rx.h"
#include "net/checksum.h"

using namespace sp;

namespace hw
{

u64 wire_time_ps(size_t len, u64 bps)
{
	size_t l = len < ETH_MIN_FRAME_NOFCS ? ETH_MIN_FRAME_NOFCS : len;
	u64 bits = (u64)(l + WIRE_OVERHEAD_BYTES) * 8;
	return bits * 1000000000000ull / (bps ? bps : 1);
}

static u64 le64(const u8 *p)
{
	u64 v;
	std::memcpy(&v, p, 8);
	return v;
}

E810::E810(const DeviceConfig &c, const std::string &pci) : cfg(c), iommu("iommu")
{
	pdev.name = pci;
	pdev.iommu = &iommu;
	keep_sent = sim().rec();
	unsigned nq = cfg.queues ? cfg.queues : 1;
	for (unsigned q = 0; q < nq; q++) {
		auto tq = std::make_unique<TxQueueHw>();
		tq->q = q;
		txq_.push_back(std::move(tq));
	}
	vec_.resize(nq);
}

E810::~E810() = default;

void E810::add_txq(u32 q, u64 base_iova, u32 qlen, unsigned vector, const std::string &name)
{
	TxQueueHw &tq = *txq_.at(q);
	tq.name = name;
	tq.base = base_iova;
	tq.qlen = qlen;
	tq.vector = vector;
	tq.enabled = true;
	tq.head.reg(name, "head");
	tq.tail.reg(name, "tail");
	tq.doorbells.reg(name, "doorbells");
	tq.dma_reads.reg(name, "dma_reads");
	tq.writebacks.reg(name, "writebacks");
	tq.frames.reg(name, "hw_frames");
	tq.bytes.reg(name, "hw_bytes");
	regs_[QINT_TQCTL(q)] = vector | QINT_TQCTL_CAUSE_ENA_M;
	regs_[QTX_COMM_HEAD(q)] = 0;
	if (vector >= vec_.size())
		vec_.resize(vector + 1);
	SP_EVENT("hw:txq_ctx", q, "Add Tx LAN Queue %u: base iova 0x%" PRIx64 " qlen %u, MSI-X vector %u", q,
		 base_iova, qlen, vector);
}

void E810::dis_txq(u32 q)
{
	if (TxQueueHw *tq = txq(q))
		tq->enabled = false;
}

void E810::wr32(u32 reg, u32 val)
{
	regs_[reg] = val;
	if (reg >= QTX_COMM_DBELL(0) && reg < QTX_COMM_DBELL(16384)) {
		doorbell((reg - QTX_COMM_DBELL(0)) / 4, val);
		return;
	}
	if (reg >= GLINT_DYN_CTL(0) && reg < GLINT_DYN_CTL(2048)) {
		unsigned v = (reg - GLINT_DYN_CTL(0)) / 4;
		if (v >= vec_.size())
			return;
		Vec &x = vec_[v];
		if (val & GLINT_DYN_CTL_INTENA_M) {
			x.intena = true;
			SP_EVENT("hw:intena", v, "GLINT_DYN_CTL(%u) <- 0x%08x: interrupt re-enabled%s", v,
				 val, x.pending ? ", a cause is pending" : "");
			if (x.pending) {
				x.pending = false;
				cause(v);
			}
		}
		if (val & GLINT_DYN_CTL_SWINT_TRIG_M)
			cause(v);
	}
}

u32 E810::rd32(u32 reg) const
{
	if (reg >= QTX_COMM_HEAD(0) && reg < QTX_COMM_HEAD(16384)) {
		u32 q = (reg - QTX_COMM_HEAD(0)) / 4;
		return q < txq_.size() ? (u32)txq_[q]->head & QTX_COMM_HEAD_HEAD_M : 0;
	}
	auto it = regs_.find(reg);
	return it == regs_.end() ? 0 : it->second;
}

void E810::doorbell(u32 q, u32 val)
{
	TxQueueHw *tq = txq(q);
	if (!tq || !tq->enabled) {
		SP_EVENT("hw:doorbell", val, "QTX_COMM_DBELL(%u) <- %u ignored: queue not enabled", q, val);
		return;
	}
	SP_EVENT("hw:doorbell", val, "QTX_COMM_DBELL(%u) <- %u: tail %u -> %u (HW head %u)", q, val,
		 (unsigned)tq->tail, val, (unsigned)tq->head);
	tq->doorbells += 1;
	if (val >= tq->qlen) {
		mdd(*tq, "doorbell value beyond the ring length");
		return;
	}
	tq->tail = val;
	if (!tq->busy)
		schedule_fetch(*tq, sim().now_ns() + HW_FETCH_LATENCY_NS);
}

void E810::schedule_fetch(TxQueueHw &tq, u64 when)
{
	tq.busy = true;
	u32 q = tq.q;
	sim().at(when, "hw: " + tq.name + " descriptor fetch", [this, q] { process(q); });
}

void E810::mdd(TxQueueHw &tq, const std::string &why)
{
	std::string m = "MDD on TX queue " + std::to_string(tq.q) + ": " + why + " (queue disabled)";
	SP_EVENT("hw:mdd", tq.q, "%s", m.c_str());
	mdd_log.push_back(m);
	world().warnings.push_back(m);
	tq.enabled = false;
	tq.busy = false;
}

void E810::cause(unsigned v)
{
	if (v >= vec_.size())
		return;
	Vec &x = vec_[v];
	if (!x.intena) {
		x.pending = true;
		SP_EVENT("hw:irq_masked", v, "vector %u masked (NAPI running): cause held pending", v);
		return;
	}
	if (x.ev && sim().pending(x.ev))
		return; // already on its way
	u64 now = sim().now_ns(), when = now;
	u64 itr = (u64)cfg.itr_us * NSEC_PER_USEC;
	if (itr && x.have_last && x.last_irq + itr > now)
		when = x.last_irq + itr;
	if (when > now)
		SP_EVENT("hw:itr", (int64_t)(when - now),
			 "ITR %u us: vector %u interrupt delayed to t=%" PRIu64 " ns", cfg.itr_us, v, when);
	x.ev = sim().at(when, "hw: MSI-X vector " + std::to_string(v), [this, v] { fire(v); });
}

void E810::fire(unsigned v)
{
	Vec &x = vec_[v];
	x.ev = 0;
	x.intena = false; // Model: MSI-X auto-mask until the driver writes INTENA again
	x.have_last = true;
	x.last_irq = sim().now_ns();
	irqs++;
	SP_EVENT("hw:irq", v, "MSI-X vector %u fires", v);
	if (msix_handler)
		msix_handler(v);
}

namespace
{
struct Desc {
	u32 idx;
	u64 qw0, qw1;
};

const char *dtype_name(u64 qw1)
{
	switch (qw1 & 0xF) {
	case ICE_TX_DESC_DTYPE_DATA:
		return "DATA";
	case ICE_TX_DESC_DTYPE_CTX:
		return "CTX";
	case ICE_TX_DESC_DTYPE_DESC_DONE:
		return "DESC_DONE";
	default:
		return "?";
	}
}

// Buffers a TSO segment's DMA needs: the descriptors covering the header plus those covering the
// segment's payload range (a descriptor holding both header and payload counts twice).
unsigned seg_buffers(const std::vector<std::pair<u32, u32>> &spans, u32 hdr, u32 from, u32 to)
{
	unsigned n = 0;
	for (auto &[s, l] : spans) {
		if (s < hdr && l)
			n++;
		if (s < to && s + l > from && l)
			n++;
	}
	return n;
}

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

void E810::process(u32 q)
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
	// ---- 1. fetch the packet's descriptors, head towards tail, until EOP
	std::vector<Desc> data;
	Desc ctx{};
	bool has_ctx = false;
	u32 i = tq.head;
	for (;;) {
		if (i == tq.tail) {
			tq.busy = false;
			SP_EVENT("hw:incomplete", i, "%s: reached tail %u without an EOP descriptor; waiting",
				 tq.name.c_str(), i);
			return;
		}
		u8 raw[16];
		u64 a = tq.base + 16ull * i;
		if (!iommu.dma_read(a, raw, 16)) {
			mdd(tq, "descriptor fetch faulted");
			return;
		}
		tq.dma_reads += 1;
		Desc d{i, le64(raw), le64(raw + 8)};
		u64 cmd = (d.qw1 >> ICE_TXD_QW1_CMD_S) & 0xFFF;
		SP_EVENT("hw:dma_read", (int64_t)a,
			 "fetch desc[%u] @iova 0x%" PRIx64 " 16 B: qw0=0x%016" PRIx64 " qw1=0x%016" PRIx64
			 " (%s%s)",
			 i, a, d.qw0, d.qw1, dtype_name(d.qw1),
			 (d.qw1 & 0xF) == ICE_TX_DESC_DTYPE_DATA && (cmd & ICE_TX_DESC_CMD_EOP) ? " EOP"
												: "");
		u64 dt = d.qw1 & ICE_TXD_QW1_DTYPE_M;
		i = (i + 1) % tq.qlen;
		if (dt == ICE_TX_DESC_DTYPE_CTX) {
			if (has_ctx || !data.empty()) {
				mdd(tq, "context descriptor in the middle of a packet");
				return;
			}
			ctx = d;
			has_ctx = true;
		} else if (dt == ICE_TX_DESC_DTYPE_DATA) {
			data.push_back(d);
			if (cmd & ICE_TX_DESC_CMD_EOP)
				break;
		} else {
			mdd(tq, std::string("unexpected descriptor type ") + dtype_name(d.qw1));
			return;
		}
	}
	tq.head = i;
	regs_[QTX_COMM_HEAD(q)] = i;

	// ---- 2. gather the buffers
	std::vector<u8> pkt;
	std::vector<std::pair<u32, u32>> spans; // (offset in packet, length) per data descriptor
	std::string skb;
	for (size_t k = 0; k < data.size(); k++) {
		u32 sz = (u32)((data[k].qw1 & ICE_TXD_QW1_TX_BUF_SZ_M) >> ICE_TXD_QW1_TX_BUF_SZ_S);
		u32 at = (u32)pkt.size();
		pkt.resize(at + sz);
		std::string owner;
		if (!iommu.dma_read(data[k].qw0, pkt.data() + at, sz, &owner)) {
			mdd(tq, "buffer DMA faulted (unmapped IOVA)");
			return;
		}
		tq.dma_reads += 1;
		spans.push_back({at, sz});
		if (k == 0) {
			skb = owner;
			size_t dot = skb.find('.');
			if (dot != std::string::npos)
				skb.resize(dot);
		}
		SP_EVENT("hw:dma_read", (int64_t)data[k].qw0,
			 "gather buffer %zu/%zu: %u B @iova 0x%" PRIx64 " (%s)", k + 1, data.size(), sz,
			 data[k].qw0, owner.c_str());
	}

	// ---- 3. offloads
	const u64 qw1 = data[0].qw1;
	const u32 cmd = (u32)((qw1 & ICE_TXD_QW1_CMD_M) >> ICE_TXD_QW1_CMD_S);
	const u32 off = (u32)((qw1 & ICE_TXD_QW1_OFFSET_M) >> ICE_TXD_QW1_OFFSET_S);
	const u32 maclen = (off & ICE_TX_DESC_LEN_MACLEN_M) * 2;
	const u32 iplen = ((off >> ICE_TX_DESC_LEN_IPLEN_S) & ICE_TX_DESC_LEN_IPLEN_M) * 4;
	const u32 l4len = ((off >> ICE_TX_DESC_LEN_L4_LEN_S) & ICE_TX_DESC_LEN_L4_LEN_M) * 4;
	const u32 iipt = cmd & ICE_TX_DESC_CMD_IIPT_M, l4t = cmd & ICE_TX_DESC_CMD_L4T_M;
	const u64 ccmd = has_ctx ? (ctx.qw1 & ICE_TXD_CTX_QW1_CMD_M) >> ICE_TXD_CTX_QW1_CMD_S : 0;
	const bool tso = ccmd & ICE_TX_CTX_DESC_TSO;
	std::vector<std::vector<u8>> frames;

	auto fix_ip = [&](std::vector<u8> &f, u32 l4_bytes, u16 id_add) {
		if (iipt == ICE_TX_DESC_CMD_IIPT_IPV4 || iipt == ICE_TX_DESC_CMD_IIPT_IPV4_CSUM) {
			put16(f, maclen + 2, htons((u16)(iplen + l4_bytes)));
			put16(f, maclen + 4, htons((u16)(ntohs(get16(f, maclen + 4)) + id_add)));
			put16(f, maclen + 10, 0);
			put16(f, maclen + 10, ip_fast_csum(&f[maclen], iplen / 4));
		} else if (iipt == ICE_TX_DESC_CMD_IIPT_IPV6) {
			put16(f, maclen + 4, htons((u16)(iplen - 40 + l4_bytes)));
		}
	};

	if (tso) {
		const u32 tso_len = (u32)((ctx.qw1 & ICE_TXD_CTX_QW1_TSO_LEN_M) >> ICE_TXD_CTX_QW1_TSO_LEN_S);
		const u32 mss = (u32)((ctx.qw1 & ICE_TXD_CTX_QW1_MSS_M) >> ICE_TXD_CTX_QW1_MSS_S);
		const u32 hdr = maclen + iplen + l4len;
		if (l4t != ICE_TX_DESC_CMD_L4T_EOFT_TCP || !mss || !l4len || hdr + tso_len != pkt.size()) {
			char b[160];
			snprintf(b, sizeof b,
				 "bad TSO context: hdr %u + TSO len %u != %zu bytes fetched, MSS %u", hdr,
				 tso_len, pkt.size(), mss);
			mdd(tq, b);
			return;
		}
		const u32 nsegs = (tso_len + mss - 1) / mss;
		const u32 l4 = maclen + iplen;
		const u32 seq0 = ntohl([&] {
			u32 v;
			std::memcpy(&v, &pkt[l4 + 4], 4);
			return v;
		}());
		const u8 flags0 = pkt[l4 + 13];
		SP_EVENT("hw:tso", nsegs,
			 "TSO: header %u B (MAC %u IP %u TCP %u), payload %u B, MSS %u -> %u segments", hdr,
			 maclen, iplen, l4len, tso_len, mss, nsegs);
		for (u32 s = 0; s < nsegs; s++) {
			u32 from = hdr + s * mss, len = std::min(mss, tso_len - s * mss);
			unsigned nb = seg_buffers(spans, hdr, from, from + len);
			if (nb > 8) {
				mdd(tq, "TSO segment " + std::to_string(s + 1) + " needs " +
					    std::to_string(nb) + " buffers (max 8)");
				return;
			}
			std::vector<u8> f(pkt.begin(), pkt.begin() + hdr);
			f.insert(f.end(), pkt.begin() + from, pkt.begin() + from + len);
			fix_ip(f, l4len + len, (u16)s);
			u32 seq = htonl(seq0 + s * mss);
			std::memcpy(&f[l4 + 4], &seq, 4);
			// Model: TCP flag masks as the default GLLAN_TSOMSK_F/M/L: the first segment clears
			// FIN|PSH, middle segments also CWR, the last clears only CWR.
			u8 fl = flags0;
			if (s + 1 < nsegs)
				fl &= (u8) ~(TCPHDR_FIN | TCPHDR_PSH);
			if (s > 0)
				fl &= (u8)~TCPHDR_CWR;
			f[l4 + 13] = fl;
			// The driver left th->check = pseudo-header sum without the length (ice_tso); the
			// device adds this segment's TCP length and the segment's bytes.
			__wsum sum = csum_partial(&f[l4], (int)(l4len + len), 0);
			sum = csum_add(sum, htonl(l4len + len));
			put16(f, l4 + 16, csum_fold(sum));
			frames.push_back(std::move(f));
		}
	} else {
		if (data.size() > 8) {
			mdd(tq, "packet uses " + std::to_string(data.size()) + " data buffers (max 8)");
			return;
		}
		std::vector<u8> f = std::move(pkt);
		if (l4t == ICE_TX_DESC_CMD_L4T_EOFT_TCP || l4t == ICE_TX_DESC_CMD_L4T_EOFT_UDP) {
			u32 l4 = maclen + iplen;
			u32 co = l4t == ICE_TX_DESC_CMD_L4T_EOFT_TCP ? 16 : 6;
			if (l4 + co + 2 <= f.size()) {
				// th->check holds the pseudo-header sum (CHECKSUM_PARTIAL): sum from l4 to
				// the end.
				__sum16 c = csum_fold(csum_partial(&f[l4], (int)(f.size() - l4), 0));
				put16(f, l4 + co, c);
				SP_EVENT("hw:csum", ntohs(c),
					 "L4 checksum offload: %zu bytes from offset %u -> 0x%04x",
					 f.size() - l4, l4, ntohs(c));
			}
		}
		if (iipt == ICE_TX_DESC_CMD_IIPT_IPV4_CSUM && maclen + iplen <= f.size()) {
			put16(f, maclen + 10, 0);
			put16(f, maclen + 10, ip_fast_csum(&f[maclen], iplen / 4));
		}
		frames.push_back(std::move(f));
	}
	if (cmd & ICE_TX_DESC_CMD_IL2TAG1) {
		u16 tci = (u16)((qw1 & ICE_TXD_QW1_L2TAG1_M) >> ICE_TXD_QW1_L2TAG1_S);
		u8 tag[4] = {0x81, 0x00, (u8)(tci >> 8), (u8)tci};
		for (auto &f : frames)
			f.insert(f.begin() + 12, tag, tag + 4);
	}
	for (auto &f : frames)
		if (f.size() < ETH_MIN_FRAME_NOFCS)
			f.resize(ETH_MIN_FRAME_NOFCS, 0); // the MAC pads short frames

	// ---- 4. serialise at the link rate
	const Desc eop = data.back();
	const u32 eop_cmd = (u32)((eop.qw1 & ICE_TXD_QW1_CMD_M) >> ICE_TXD_QW1_CMD_S);
	u64 now_ps = sim().now_ns() * 1000;
	u64 t = std::max(now_ps, wire_free_ps_);
	SP_EVENT("hw:tx_start", frames.size(),
		 "%s: %s, %zu frame%s, descriptors %u..%u, on the wire from t=%" PRIu64 " ns",
		 tq.name.c_str(), skb.c_str(), frames.size(), frames.size() == 1 ? "" : "s",
		 has_ctx ? ctx.idx : data[0].idx, eop.idx, t / 1000);
	auto shared = std::make_shared<std::vector<std::vector<u8>>>(std::move(frames));
	const unsigned n = (unsigned)shared->size();
	for (unsigned k = 0; k < n; k++) {
		u64 start = t, end = t + wire_time_ps((*shared)[k].size(), cfg.link_bps);
		t = end;
		wire_free_ps_ = end;
		u64 at_ns = (end + 999) / 1000;
		bool last = k + 1 == n;
		sim().at(at_ns, "hw: " + tq.name + " frame on the wire",
			 [this, q, shared, k, n, start, end, skb, last, eop, eop_cmd] {
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
				 if (keep_sent)
					 sent.push_back({start / 1000, end / 1000, f, skb, k + 1, n});
				 if (!last)
					 return;
				 if (eop_cmd & ICE_TX_DESC_CMD_RS) {
					 // Write back DTYPE = DESC_DONE into QW1 bits 3:0 of the RS
					 // descriptor.
					 u8 b = (u8)((eop.qw1 & 0xF0) | ICE_TX_DESC_DTYPE_DESC_DONE);
					 iommu.dma_write(tq.base + 16ull * eop.idx + 8, &b, 1);
					 tq.writebacks += 1;
					 SP_EVENT("hw:writeback", eop.idx,
						  "%s: desc[%u] DTYPE <- 0xF (DESC_DONE) for %s",
						  tq.name.c_str(), eop.idx, skb.c_str());
					 cause(tq.vector);
				 }
				 process(q); // next packet, if the tail is ahead of the head
			 });
	}
}

} // namespace hw
