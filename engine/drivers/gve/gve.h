// SPDX-License-Identifier: GPL-2.0-or-later
// Google gVNIC (drivers/net/ethernet/google/gve), DQO queue format, TX only: the netmem-TX capable
// device of the devmem-tx-netmem scenario. gve_probe/gve_remove are the integration API used by
// the scenario runner (like ice_probe/ice_remove).
//
// Files: gve.h (objects, descriptor layouts), gve_main.cpp (probe/remove, NAPI, interrupts),
// gve_tx_dqo.cpp (gve_tx_dqo -> gve_try_tx_skb -> gve_tx_add_skb_dqo, gve_clean_tx_done_dqo),
// gve_hw.cpp (the emulated device: doorbell, descriptor fetch, DMA gather through the IOMMU or the
// dma-buf attachment, TSO, wire, completion queue write, MSI-X).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hw/iommu.h"
#include "sim/world.h"

struct dma_buf;

// ---------------------------------------------------------------- descriptors (gve_desc_dqo.h)
constexpr u8 GVE_TX_PKT_DESC_DTYPE_DQO = 0xc;
constexpr u8 GVE_TX_TSO_CTX_DESC_DTYPE_DQO = 0x5;
constexpr u8 GVE_TX_GENERAL_CTX_DESC_DTYPE_DQO = 0x4;
constexpr u32 GVE_TX_MAX_BUF_SIZE_DQO = 16 * 1024 - 1;
constexpr int GVE_TX_MAX_DATA_DESCS = 10;
constexpr u32 GVE_TX_MIN_RE_INTERVAL = 32;
constexpr u32 GVE_TX_MIN_TSO_MSS_DQO = 88;
constexpr u32 GVE_TX_MAX_HDR_SIZE_DQO = 255;
// Completion types (gve_tx_compl_desc.type)
constexpr u8 GVE_COMPL_TYPE_DQO_PKT = 0x2;
constexpr u8 GVE_COMPL_TYPE_DQO_DESC = 0x4;
// gve_tx_dqo.c: stop the queue when fewer than this many descriptors are free after a packet.
constexpr int GVE_TX_STOP_THRESH_DQO = 2 * GVE_TX_MAX_DATA_DESCS + 2; // model: one max packet + ctx

#pragma pack(push, 1)
// struct gve_tx_pkt_desc_dqo: one data buffer of a packet (16 bytes).
struct gve_tx_pkt_desc_dqo {
	u64 buf_addr;
	u8 dtype : 5;
	u8 end_of_packet : 1;
	u8 checksum_offload_enable : 1;
	u8 report_event : 1;
	u8 reserved0;
	u16 reserved1;
	u16 compl_tag;
	u16 buf_size : 14;
	u16 reserved2 : 2;
};
// struct gve_tx_tso_context_desc_dqo (16 bytes); the flex metadata bytes are not modelled.
struct gve_tx_tso_context_desc_dqo {
	u32 tso_total_len : 24;
	u32 flex10 : 8;
	u16 mss : 14;
	u16 reserved : 2;
	u8 header_len;
	u8 flex11;
	u8 dtype : 5; // cmd_dtype
	u8 tso : 1;
	u8 reserved1 : 2;
	u8 reserved2;
	u8 flex[6];
};
// struct gve_tx_general_context_desc_dqo (16 bytes): metadata only (path hash in the kernel).
struct gve_tx_general_context_desc_dqo {
	u8 flex[8];
	u8 dtype : 5;
	u8 reserved1 : 3;
	u8 reserved2;
	u8 flex2[6];
};
// struct gve_tx_compl_desc (8 bytes): written by the device into the completion queue.
struct gve_tx_compl_desc {
	u16 id : 11;
	u16 type : 3;
	u16 reserved0 : 1;
	u16 generation : 1;
	u16 tx_head_or_tag; // tx_head (DESC) or completion_tag (PKT)
	u16 reserved1[2];
};
#pragma pack(pop)
static_assert(sizeof(gve_tx_pkt_desc_dqo) == 16);
static_assert(sizeof(gve_tx_tso_context_desc_dqo) == 16);
static_assert(sizeof(gve_tx_general_context_desc_dqo) == 16);
static_assert(sizeof(gve_tx_compl_desc) == 8);

// ---------------------------------------------------------------- driver objects
constexpr int GVE_MAX_BUFS_PER_PKT = MAX_SKB_FRAGS + 1;

// struct gve_tx_pending_packet_dqo: one in-flight skb, indexed by its completion tag.
struct gve_tx_pending_packet_dqo {
	sk_buff *skb = nullptr;
	dma_addr_t dma[GVE_MAX_BUFS_PER_PKT] = {};
	u32 len[GVE_MAX_BUFS_PER_PKT] = {};
	bool netmem[GVE_MAX_BUFS_PER_PKT] = {}; // netmem_dma_unmap_addr_set: address 0 for net_iov
	int num_bufs = 0;
	u32 bytes = 0; // bytes BQL was charged (incl. replicated TSO headers)
	u16 segs = 1;
	int next = -1; // free list
	bool in_use = false;
};

namespace gvem
{
struct napi_struct {
	std::string name;
	F<u8> scheduled;
	int weight = 64; // NAPI_POLL_WEIGHT
	F<u32> polls;
};
class GveHw;
} // namespace gvem

struct gve_priv;

struct gve_tx_ring {
	std::string name; // "gve-tx0"
	gve_priv *priv = nullptr;
	unsigned q_num = 0;
	netdev_queue *netdev_txq = nullptr;
	device *dev = nullptr;
	u32 mask = 0; // descriptor count - 1
	// dqo.tx_ring: the descriptor ring (coherent DMA memory, written by the driver)
	sp::Buf desc;
	dma_addr_t desc_bus = 0;
	// dqo.compl_ring: the completion queue (coherent, written by the device)
	sp::Buf compl_ring;
	dma_addr_t complq_bus = 0;
	u32 complq_mask = 0;
	// dqo_tx (producer side)
	F<u32> tail, head, last_re_idx, posted_packet_desc_cnt;
	// dqo_compl (consumer side)
	F<u32> compl_head, cur_gen_bit, hw_tx_head, completed_packet_desc_cnt;
	std::vector<gve_tx_pending_packet_dqo> pending_packets;
	int free_pending_packets = -1;
	F<u32> pkt_done, bytes_done, dropped_pkt, stop_queue, wake_queue;
	u32 db_reg = 0; // doorbell index (q_resources->db_index)
	gvem::napi_struct napi;
};

struct gve_priv {
	net_device *dev = nullptr;
	std::unique_ptr<gvem::GveHw> hw;
	std::vector<std::unique_ptr<gve_tx_ring>> tx;
	unsigned tx_desc_cnt = 0;
};

static inline gve_priv *gve_netdev_priv(const net_device *dev)
{
	return (gve_priv *)dev->priv;
}

// ---------------------------------------------------------------- the emulated device
namespace gvem
{
// Model: doorbell-to-fetch latency (PCIe posted write + descriptor read round trip).
constexpr u64 GVE_HW_FETCH_LATENCY_NS = 500;

struct TxQueueHw {
	std::string name;
	bool enabled = false;
	u64 ring = 0, complq = 0; // IOVAs
	u32 qlen = 0, complq_len = 0;
	F<u32> head, tail, doorbells, dma_reads, compl_writes;
	F<u64> frames, bytes;
	u32 compl_tail = 0;
	u8 gen = 0; // generation bit the device writes (flips on each completion-queue wrap)
	bool busy = false;
};

class GveHw
{
public:
	GveHw(const DeviceConfig &cfg, net_device *netdev);
	~GveHw();
	DeviceConfig cfg;
	net_device *netdev;
	hw::Iommu iommu;
	device pdev;
	// Register the queue's rings (the admin queue's "create TX queue" command, reduced).
	void create_tx_queue(unsigned q, u64 ring_iova, u32 qlen, u64 complq_iova, u32 complq_len,
			     const std::string &name);
	void destroy_tx_queue(unsigned q);
	// BAR2 doorbell write: the new descriptor tail of queue q.
	void doorbell(unsigned q, u32 val);
	// A device-side read of len bytes at a bus address: through the IOMMU map table, or through a
	// dma-buf attached to this device for TX (net_devmem binding). False on a fault.
	bool dma_read(u64 addr, void *out, u32 len, std::string *owner);
	std::function<void(unsigned q)> msix_handler;
	std::vector<std::string> fault_log;

private:
	void process(unsigned q);
	void fault(TxQueueHw &tq, const std::string &why);
	std::vector<std::unique_ptr<TxQueueHw>> txq_;
	u64 wire_free_ps_ = 0;
};
} // namespace gvem

// Deterministic content of a simulated dma-buf (the exporter's memory, e.g. GPU memory): byte at
// offset `off` = (off ^ (off >> 8) ^ 0xA5) & 0xff. Only the device reads it (CPU-side code, e.g.
// skb_bytes(), sees net_iov frags as unreadable).
static inline u8 gve_dmabuf_pattern(size_t off)
{
	return (u8)((off ^ (off >> 8) ^ 0xA5) & 0xff);
}
// The dma-buf's backing bytes (created on first use, owned by the dma_buf object).
const std::vector<u8> &dma_buf_backing(dma_buf *d);

// ---------------------------------------------------------------- integration API
// Creates the emulated gVNIC (DQO) and its net_device: SG, IP_CSUM, TSO/TSO6 (cfg.tso),
// netmem_tx = true, one TX ring ("gve-tx<q>", cfg.ring_size descriptors) + completion queue per
// cfg.queues, the qdisc of cfg.qdisc on each queue. Sets world().dev if unset.
net_device *gve_probe(const DeviceConfig &cfg);
// Frees in-flight skbs (gve_tx_free_ring_dqo), DMA mappings, rings, the device and the netdev.
void gve_remove(net_device *dev);

// Driver entry points (gve_tx_dqo.c, gve_main.c)
netdev_tx_t gve_tx_dqo(sk_buff *skb, net_device *dev);
int gve_clean_tx_done_dqo(gve_priv *priv, gve_tx_ring *tx, int napi_budget);
int gve_napi_poll_dqo(gve_tx_ring *tx, int budget);
void gve_tx_free_ring_skbs_dqo(gve_tx_ring *tx);
