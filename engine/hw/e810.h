// SPDX-License-Identifier: GPL-2.0-or-later
// The emulated Intel E810: BAR0 register file, the TX queue contexts, the descriptor/DMA engine
// (fetch, gather, TSO and checksum offload, serialisation at the link rate, DTYPE=0xF write-back)
// and MSI-X interrupts with ITR moderation. Host memory is reached only through the Iommu.
//
// Everything the device does is a trace Event ("hw:doorbell", "hw:dma_read", "hw:tx_start",
// "hw:wire", "hw:writeback", "hw:irq", ...) with the traced fields of the queue object ("ring0":
// head, tail, doorbells, dma_reads, writebacks, frames, bytes) changing at that step.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hw/iommu.h"
#include "sim/world.h"

namespace hw
{

// BAR0 offsets (ice_hw_autogen.h)
constexpr u32 QTX_COMM_DBELL(u32 q)
{
	return 0x002C0000u + 4u * q;
}
constexpr u32 QTX_COMM_HEAD(u32 q)
{
	return 0x000E0000u + 4u * q;
}
constexpr u32 QTX_COMM_HEAD_HEAD_M = 0x1FFF;
constexpr u32 QINT_TQCTL(u32 q)
{
	return 0x00140000u + 4u * q;
}
constexpr u32 GLINT_DYN_CTL(u32 v)
{
	return 0x00160000u + 4u * v;
}
constexpr u32 GLINT_ITR(u32 i, u32 v)
{
	return 0x00154000u + 8192u * i + 4u * v;
}
constexpr u32 GLINT_DYN_CTL_INTENA_M = 1u << 0, GLINT_DYN_CTL_CLEARPBA_M = 1u << 1,
	      GLINT_DYN_CTL_SWINT_TRIG_M = 1u << 2, GLINT_DYN_CTL_ITR_INDX_S = 3,
	      GLINT_DYN_CTL_INTERVAL_S = 5, GLINT_DYN_CTL_WB_ON_ITR_M = 1u << 30,
	      GLINT_DYN_CTL_INTENA_MSK_M = 1u << 31;
constexpr u32 QINT_TQCTL_CAUSE_ENA_M = 1u << 30;

// Model: time from a doorbell write to the first descriptor fetch (PCIe posted write + read
// round trip), and bytes a frame occupies on the wire beyond its data: preamble+SFD 8, FCS 4, IFG 12.
constexpr u64 HW_FETCH_LATENCY_NS = 500;
constexpr unsigned WIRE_OVERHEAD_BYTES = 24;
constexpr unsigned ETH_MIN_FRAME_NOFCS = 60;

// One TX queue as the device sees it: its tlan context (base, length, vector) and the HW head.
struct TxQueueHw {
	u32 q = 0;
	std::string name; // "ring0"
	bool enabled = false;
	u64 base = 0; // ring IOVA
	u32 qlen = 0; // descriptors
	unsigned vector = 0;
	F<u32> head, tail, doorbells, dma_reads, writebacks;
	F<u64> frames, bytes;
	bool busy = false; // a fetch is scheduled or a packet is on the wire
};

// One transmitted frame, kept for tests (the same bytes also go to world().wire_out).
struct TxFrame {
	u64 t_start_ns, t_end_ns;
	std::vector<u8> bytes;
	std::string skb; // owner of the packet's first buffer
	unsigned seg, nsegs;
};

class E810
{
public:
	explicit E810(const DeviceConfig &cfg, const std::string &pci = "0000:3b:00.0");
	~E810();

	DeviceConfig cfg;
	Iommu iommu;
	device pdev; // what the driver passes to the DMA API

	// MMIO
	void wr32(u32 reg, u32 val);
	u32 rd32(u32 reg) const;

	// AdminQ "Add Tx LAN Queues" (0x0C30) reduced to its effect: program queue q's context.
	void add_txq(u32 q, u64 base_iova, u32 qlen, unsigned vector, const std::string &name);
	void dis_txq(u32 q);
	TxQueueHw *txq(u32 q) { return q < txq_.size() ? txq_[q].get() : nullptr; }

	// The MSI-X vector's handler (the driver's ice_msix_clean_rings), called from a sim event.
	std::function<void(unsigned vector)> msix_handler;

	std::vector<TxFrame> sent;	  // every frame put on the wire (when keep_sent)
	bool keep_sent = true;		  // default: only when recording (bulk runs skip the copy)
	std::vector<std::string> mdd_log; // malicious driver detection (bad descriptors): queue disabled
	u64 irqs = 0;

private:
	struct Vec {
		bool intena = true; // INTENA: cleared when the interrupt fires (auto-mask), set by the driver
		bool pending = false; // a cause arrived while masked or inside the ITR interval
		bool have_last = false;
		u64 last_irq = 0;
		sp::Sim::EventId ev = 0;
	};
	void doorbell(u32 q, u32 val);
	void schedule_fetch(TxQueueHw &tq, u64 when);
	void process(u32 q);
	void mdd(TxQueueHw &tq, const std::string &why);
	void cause(unsigned vector);
	void fire(unsigned vector);
	std::map<u32, u32> regs_;
	std::vector<std::unique_ptr<TxQueueHw>> txq_;
	std::vector<Vec> vec_;
	u64 wire_free_ps_ = 0;
	u64 serial_ = 0;
};

// Serialisation time of a frame of `len` bytes (without FCS) at bps, in picoseconds.
u64 wire_time_ps(size_t len, u64 bps);

} // namespace hw
