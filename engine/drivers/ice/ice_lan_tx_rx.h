// SPDX-License-Identifier: GPL-2.0-or-later
// The E810 LAN TX descriptor formats (drivers/net/ethernet/intel/ice/ice_lan_tx_rx.h): the 16-byte
// data descriptor and context descriptor, their bit fields and the command bits. Little-endian.
#pragma once
#include "linux/types.h"

// struct ice_tx_desc: QW0 = buffer IOVA; QW1 = cmd_type_offset_bsz
struct ice_tx_desc {
	u64 buf_addr;
	u64 cmd_type_offset_bsz;
};
// struct ice_tx_ctx_desc: QW0 = tunneling_params (le32), l2tag2 (le16), rsvd/gcs (le16); QW1 = qw1
struct ice_tx_ctx_desc {
	u32 tunneling_params;
	u16 l2tag2;
	u16 rsvd;
	u64 qw1;
};
static_assert(sizeof(ice_tx_desc) == 16 && sizeof(ice_tx_ctx_desc) == 16, "descriptors are 16 bytes");

// DTYPE, QW1 bits 3:0 (no shift)
enum : u64 {
	ICE_TX_DESC_DTYPE_DATA = 0x0,
	ICE_TX_DESC_DTYPE_CTX = 0x1,
	ICE_TX_DESC_DTYPE_FLTR_PROG = 0x8,
	ICE_TX_DESC_DTYPE_DESC_DONE = 0xF,
};
constexpr u64 ICE_TXD_QW1_DTYPE_M = 0xF; // Model: Linux has no name for this mask; DPDK calls it so

constexpr unsigned ICE_TXD_QW1_CMD_S = 4;
constexpr u64 ICE_TXD_QW1_CMD_M = 0xFFFull << ICE_TXD_QW1_CMD_S;
// CMD bits (before the << 4)
enum : u64 {
	ICE_TX_DESC_CMD_EOP = 0x0001,
	ICE_TX_DESC_CMD_RS = 0x0002,
	ICE_TX_DESC_CMD_RSVD = 0x0004,
	ICE_TX_DESC_CMD_IL2TAG1 = 0x0008,
	ICE_TX_DESC_CMD_DUMMY = 0x0010,
	ICE_TX_DESC_CMD_IIPT_NONIP = 0x0000,
	ICE_TX_DESC_CMD_IIPT_IPV6 = 0x0020,
	ICE_TX_DESC_CMD_IIPT_IPV4 = 0x0040,
	ICE_TX_DESC_CMD_IIPT_IPV4_CSUM = 0x0060,
	ICE_TX_DESC_CMD_L4T_EOFT_UNK = 0x0000,
	ICE_TX_DESC_CMD_L4T_EOFT_TCP = 0x0100,
	ICE_TX_DESC_CMD_L4T_EOFT_SCTP = 0x0200,
	ICE_TX_DESC_CMD_L4T_EOFT_UDP = 0x0300,
	ICE_TX_DESC_CMD_RE = 0x0400,
};
constexpr u64 ICE_TX_DESC_CMD_IIPT_M = 0x0060, ICE_TX_DESC_CMD_L4T_M = 0x0300;

constexpr unsigned ICE_TXD_QW1_OFFSET_S = 16;
constexpr u64 ICE_TXD_QW1_OFFSET_M = 0x3FFFFull << ICE_TXD_QW1_OFFSET_S;
// OFFSET subfields (relative to bit 16)
constexpr unsigned ICE_TX_DESC_LEN_MACLEN_S = 0;  // 7 bits, 2-byte words
constexpr unsigned ICE_TX_DESC_LEN_IPLEN_S = 7;	  // 7 bits, 4-byte dwords
constexpr unsigned ICE_TX_DESC_LEN_L4_LEN_S = 14; // 4 bits, dwords
constexpr u32 ICE_TX_DESC_LEN_MACLEN_M = 0x7F, ICE_TX_DESC_LEN_IPLEN_M = 0x7F, ICE_TX_DESC_LEN_L4_LEN_M = 0xF;

constexpr unsigned ICE_TXD_QW1_TX_BUF_SZ_S = 34;
constexpr u64 ICE_TXD_QW1_TX_BUF_SZ_M = 0x3FFFull << ICE_TXD_QW1_TX_BUF_SZ_S;
constexpr unsigned ICE_TXD_QW1_L2TAG1_S = 48;
constexpr u64 ICE_TXD_QW1_L2TAG1_M = 0xFFFFull << ICE_TXD_QW1_L2TAG1_S;

// Context descriptor QW1
constexpr unsigned ICE_TXD_CTX_QW1_CMD_S = 4;
constexpr u64 ICE_TXD_CTX_QW1_CMD_M = 0x7Full << ICE_TXD_CTX_QW1_CMD_S;
constexpr unsigned ICE_TXD_CTX_QW1_TSO_LEN_S = 30;
constexpr u64 ICE_TXD_CTX_QW1_TSO_LEN_M = 0x3FFFFull << ICE_TXD_CTX_QW1_TSO_LEN_S;
constexpr unsigned ICE_TXD_CTX_QW1_MSS_S = 50;
constexpr u64 ICE_TXD_CTX_QW1_MSS_M = 0x3FFFull << ICE_TXD_CTX_QW1_MSS_S;
enum : u64 {
	ICE_TX_CTX_DESC_TSO = 0x01,
	ICE_TX_CTX_DESC_TSYN = 0x02,
	ICE_TX_CTX_DESC_IL2TAG2 = 0x04,
	ICE_TX_CTX_DESC_IL2TAG2_IL2H = 0x08,
	ICE_TX_CTX_DESC_SWTCH_NOTAG = 0x00,
	ICE_TX_CTX_DESC_SWTCH_UPLINK = 0x10,
	ICE_TX_CTX_DESC_SWTCH_LOCAL = 0x20,
	ICE_TX_CTX_DESC_SWTCH_VSI = 0x30,
};

// ice_txrx_lib.h: build QW1 of a data descriptor.
static inline u64 ice_build_ctob(u64 td_cmd, u64 td_offset, unsigned int size, u64 td_tag)
{
	return ICE_TX_DESC_DTYPE_DATA | (td_cmd << ICE_TXD_QW1_CMD_S) | (td_offset << ICE_TXD_QW1_OFFSET_S) |
	       ((u64)size << ICE_TXD_QW1_TX_BUF_SZ_S) | (td_tag << ICE_TXD_QW1_L2TAG1_S);
}
