// SPDX-License-Identifier: GPL-2.0-or-later
// drivers/net/ethernet/intel/ice/ice_txrx.h: TX ring, per-slot buffer info, offload parameters and
// the sizing constants of the transmit path.
#pragma once
#include <string>
#include <vector>

#include "drivers/ice/ice_lan_tx_rx.h"
#include "linux/dma-mapping.h"
#include "linux/netdevice.h"

constexpr unsigned ICE_MAX_DATA_PER_TXD = 16 * 1024 - 1; // 16383: the 14-bit BUF_SZ field
constexpr unsigned ICE_MAX_READ_REQ_SIZE = 4096;
constexpr unsigned ICE_MAX_DATA_PER_TXD_ALIGNED =
    ~(ICE_MAX_READ_REQ_SIZE - 1) & ICE_MAX_DATA_PER_TXD; // 12288
constexpr unsigned ICE_MAX_BUF_TXD = 8;
constexpr unsigned ICE_MIN_TX_LEN = 17;
constexpr unsigned ICE_CACHE_LINE_BYTES = 64;
constexpr unsigned ICE_DESCS_PER_CACHE_LINE = ICE_CACHE_LINE_BYTES / sizeof(ice_tx_desc); // 4
constexpr unsigned ICE_DESCS_FOR_CTX_DESC = 1;
constexpr unsigned ICE_DESCS_FOR_SKB_DATA_PTR = 1;
// 1 desc per frag + 1 for the head + 4 to stay off the head's cache line + 1 context descriptor
constexpr unsigned DESC_NEEDED =
    MAX_SKB_FRAGS + ICE_DESCS_FOR_CTX_DESC + ICE_DESCS_PER_CACHE_LINE + ICE_DESCS_FOR_SKB_DATA_PTR; // 23
constexpr unsigned ICE_DFLT_IRQ_WORK = 256;
constexpr int TX_WAKE_THRESHOLD = (int)(DESC_NEEDED * 2); // 46
constexpr unsigned ICE_MIN_NUM_DESC = 64, ICE_MAX_NUM_DESC_E810 = 8160, ICE_REQ_DESC_MULTIPLE = 32;
constexpr unsigned ICE_DFLT_NUM_TX_DESC = 256;
constexpr unsigned ICE_MAX_TSO_SIZE = 131072;
constexpr int NAPI_POLL_WEIGHT = 64;

// first->tx_flags
enum : u32 {
	ICE_TX_FLAGS_TSO = 1u << 0,
	ICE_TX_FLAGS_HW_VLAN = 1u << 1,
	ICE_TX_FLAGS_SW_VLAN = 1u << 2,
	ICE_TX_FLAGS_TSYN = 1u << 4,
	ICE_TX_FLAGS_IPV4 = 1u << 5,
	ICE_TX_FLAGS_IPV6 = 1u << 6,
	ICE_TX_FLAGS_TUNNEL = 1u << 7,
	ICE_TX_FLAGS_HW_OUTER_SINGLE_VLAN = 1u << 8,
};
constexpr u32 ICE_TX_FLAGS_VLAN_M = 0xffff0000u;
constexpr unsigned ICE_TX_FLAGS_VLAN_S = 16;
constexpr u32 ICE_TX_FLAGS_RING_VLAN_L2TAG2 = 1u << 2; // tx_ring->flags

enum ice_tx_buf_type {
	ICE_TX_BUF_EMPTY = 0,
	ICE_TX_BUF_DUMMY,
	ICE_TX_BUF_FRAG,
	ICE_TX_BUF_SKB,
	ICE_TX_BUF_XDP_TX
};

// struct ice_tx_buf: per ring slot. next_to_watch is the index of the packet's EOP descriptor
// (the kernel keeps a pointer; -1 stands for NULL).
struct ice_tx_buf {
	F<int> next_to_watch{-1};
	sk_buff *skb = nullptr;
	ice_tx_buf_type type = ICE_TX_BUF_EMPTY;
	unsigned int bytecount = 0;
	unsigned short gso_segs = 0;
	u32 tx_flags = 0;
	dma_addr_t dma = 0; // dma_unmap_addr
	F<u32> len;	    // dma_unmap_len
};

struct ice_tx_offload_params {
	u64 cd_qw1 = 0;
	struct ice_tx_ring *tx_ring = nullptr;
	u32 td_cmd = 0;
	u32 td_offset = 0;
	u32 td_l2tag1 = 0;
	u32 cd_tunnel_params = 0;
	u16 cd_l2tag2 = 0;
	u16 cd_gcs_params = 0;
	u8 header_len = 0;
};

struct ice_tx_stats {
	u64 restart_q = 0, tx_busy = 0, tx_linearize = 0, prev_pkt = 0;
	u64 pkts = 0, bytes = 0;
};

struct ice_vsi;
struct ice_q_vector;

struct ice_tx_ring {
	std::string name; // "ring0": the object name of the traced fields below
	sp::Buf desc;	  // the descriptor ring: count * 16 bytes of DMA-coherent memory ("ring0.desc")
	u64 desc_phys = 0;
	dma_addr_t dma = 0; // the ring's IOVA (tlan context base)
	u32 tail = 0;	    // BAR0 offset of the doorbell: QTX_COMM_DBELL(reg_idx)
	std::vector<ice_tx_buf> tx_buf;
	F<u16> next_to_use, next_to_clean;
	F<u16> count;
	F<int> free;   // ICE_DESC_UNUSED(), kept current for breakpoints like `ring0.free < 8`
	F<u8> stopped; // netif_xmit_stopped() of the netdev queue (DRV_XOFF or STACK_XOFF)
	u16 q_index = 0, reg_idx = 0;
	u32 flags = 0;
	net_device *netdev = nullptr;
	device *dev = nullptr;
	ice_vsi *vsi = nullptr;
	ice_q_vector *q_vector = nullptr;
	ice_tx_stats tx_stats;
};

static inline int ICE_DESC_UNUSED(const ice_tx_ring *R)
{
	int ntc = R->next_to_clean, ntu = R->next_to_use, cnt = R->count;
	return ((ntc > ntu) ? 0 : cnt) + ntc - ntu - 1;
}

// ICE_TX_DESC(R, i): the descriptor at slot i, as a CPU read of the ring memory.
ice_tx_desc ice_tx_desc_read(const ice_tx_ring *R, unsigned i);

netdev_tx_t ice_start_xmit(sk_buff *skb, net_device *netdev);
netdev_tx_t ice_xmit_frame_ring(sk_buff *skb, ice_tx_ring *tx_ring);
void ice_tx_map(ice_tx_ring *tx_ring, ice_tx_buf *first, ice_tx_offload_params *off);
int ice_tso(ice_tx_buf *first, ice_tx_offload_params *off);
int ice_tx_csum(ice_tx_buf *first, ice_tx_offload_params *off);
unsigned int ice_txd_use_count(unsigned int size);
unsigned int ice_xmit_desc_count(sk_buff *skb);
bool __ice_chk_linearize(sk_buff *skb);
bool ice_chk_linearize(sk_buff *skb, unsigned int count);
int __ice_maybe_stop_tx(ice_tx_ring *tx_ring, unsigned int size);
int ice_maybe_stop_tx(ice_tx_ring *tx_ring, unsigned int size);
bool ice_clean_tx_irq(ice_tx_ring *tx_ring, int napi_budget);
void ice_clean_tx_ring(ice_tx_ring *tx_ring);
int ice_napi_poll(ice_q_vector *q_vector, int budget);
// Model: refresh the traced `free` (ICE_DESC_UNUSED) and `stopped` fields of the ring.
void ice_ring_sync(ice_tx_ring *r);
