// SPDX-License-Identifier: GPL-2.0-or-later
// The E810 AdminQ seen from the host (ice_controlq.c): a send ring (ATQ) of 32-byte descriptors
// and a receive ring (ARQ) for firmware events, both in DMA memory and programmed through the
// PF_FW_* registers; a command completes when the FW moves ATQH up to the tail. Plus the packing
// of the 22-byte TX queue context (ice_tlan_ctx_info) that "Add Tx LAN Queues" carries.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "hw/vfio/dma.h"
#include "hw/vfio/regs.h"

namespace hw::vfio::ice
{

// BAR0 (ice_hw_autogen.h)
constexpr uint32_t PF_FW_ATQBAL = 0x00080000, PF_FW_ARQBAL = 0x00080080, PF_FW_ATQBAH = 0x00080100,
		   PF_FW_ARQBAH = 0x00080180, PF_FW_ATQLEN = 0x00080200, PF_FW_ARQLEN = 0x00080280,
		   PF_FW_ATQH = 0x00080300, PF_FW_ARQH = 0x00080380, PF_FW_ATQT = 0x00080400,
		   PF_FW_ARQT = 0x00080480;
constexpr uint32_t PF_FW_LEN_ENABLE = 1u << 31, PF_FW_LEN_CRIT = 1u << 30, PF_FW_LEN_M = 0x3FF;
constexpr uint32_t PF_FUNC_RID = 0x0009E880, PFGEN_CTRL = 0x00091000, GLGEN_RSTAT = 0x000B8188,
		   GLNVM_ULD = 0x000B6008;
constexpr uint32_t PFGEN_CTRL_PFSWR = 1u << 0, GLGEN_RSTAT_DEVSTATE_M = 0x3;
// Model: the reset-done bits checked are CORER (3), GLOBR (4) and POR (5) only; Linux's
// ICE_RESET_DONE_MASK has more (PCIER, PE, ...).
constexpr uint32_t GLNVM_ULD_DONE_M = (1u << 3) | (1u << 4) | (1u << 5);
constexpr uint32_t QTX_COMM_DBELL(uint32_t q)
{
	return 0x002C0000u + 4u * q;
}
constexpr uint32_t QTX_COMM_HEAD(uint32_t q)
{
	return 0x000E0000u + 4u * q;
}
constexpr uint32_t QTX_COMM_HEAD_M = 0x1FFF, MAX_TXQ = 16384;

// AdminQ descriptor flags and the opcodes the minimal bring-up uses.
constexpr uint16_t AQ_FLAG_DD = 0x1, AQ_FLAG_CMP = 0x2, AQ_FLAG_ERR = 0x4, AQ_FLAG_LB = 0x200,
		   AQ_FLAG_RD = 0x400, AQ_FLAG_BUF = 0x1000, AQ_FLAG_SI = 0x2000;
enum Opcode : uint16_t {
	AQC_GET_VER = 0x0001,
	AQC_Q_SHUTDOWN = 0x0003,
	AQC_LIST_FUNC_CAPS = 0x000A,
	AQC_CLEAR_PXE = 0x0110,
	AQC_GET_SW_CFG = 0x0200,
	AQC_ADD_VSI = 0x0210,
	AQC_CLEAR_PF_CFG = 0x02A4,
	AQC_GET_DFLT_TOPO = 0x0400,
	AQC_ADD_SCHED_ELEMS = 0x0401,
	AQC_QUERY_SCHED_RES = 0x0412,
	AQC_ADD_TXQS = 0x0C30,
	AQC_DIS_TXQS = 0x0C31,
};
constexpr uint16_t AQC_CAPS_TXQS = 0x0042;
constexpr uint8_t ELEM_TYPE_ROOT_PORT = 1, ELEM_TYPE_TC = 2, ELEM_TYPE_SE_GENERIC = 3, ELEM_TYPE_LEAF = 5;
constexpr uint8_t ELEM_VALID_GENERIC = 1, ELEM_VALID_CIR = 2, ELEM_VALID_EIR = 4;
constexpr uint16_t AQ_VSI_TYPE_PF = 2;
constexpr unsigned AQ_LEN = 64, AQ_BUF = 4096;
constexpr unsigned FW_API_MAJOR = 1; // ICE_FW_API_VER_MAJOR

// struct ice_aq_desc (32 bytes, little-endian; this code runs on little-endian hosts only).
struct AqDesc {
	uint16_t flags, opcode, datalen, retval;
	uint32_t cookie_high, cookie_low;
	uint8_t params[16]; // param0 @0, param1 @4, addr_high @8, addr_low @12
};
static_assert(sizeof(AqDesc) == 32);

const char *aq_error_name(unsigned rc); // "EINVAL" for 14
const char *aq_opcode_name(uint16_t op);

// Little-endian field helpers over byte buffers.
inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}
inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}
inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}
inline uint32_t get32(const uint8_t *p)
{
	return get16(p) | (uint32_t)get16(p + 2) << 16;
}

class AdminQ
{
public:
	AdminQ(Regs &regs, DmaSpace &dma) : regs_(regs), dma_(dma) {}
	// ice_cfg_cq_regs for both rings: head=tail=0, LEN|ENABLE, BAL/BAH, verify BAL; ARQ buffers posted.
	void init();
	// Sends one command and waits (polling ATQH) for completion. buf (may be empty) is copied in
	// before and back after; host_to_fw sets the RD flag. Throws VfioError on timeout or an AQ error.
	void send(AqDesc &d, std::vector<uint8_t> &buf, bool host_to_fw, unsigned timeout_ms = 1000);
	void shutdown();	    // disables both rings (LEN = 0)
	std::vector<uint16_t> sent; // opcodes sent, in order (tests and the bring-up log)

private:
	Regs &regs_;
	DmaSpace &dma_;
	DmaBuf atq_, arq_, atq_bufs_, arq_bufs_;
	uint32_t ntu_ = 0;
	bool up_ = false;
};

AqDesc aq_direct(uint16_t opcode); // zeroed descriptor with opcode and SI (ice_fill_dflt_direct_cmd_desc)

// The TX LAN queue context fields the drivers set (ice_setup_tx_ctx), packed at the bit positions
// of ice_tlan_ctx_info into the 22 bytes that go into Add Tx LAN Queues.
struct TlanCtx {
	uint64_t base = 0; // ring IOVA >> 7
	uint32_t port_num = 0, cgd_num = 0, pf_num = 0, vmvf_num = 0, vmvf_type = 2, src_vsi = 0;
	uint32_t tsyn_ena = 0, qnum_in_func = 0, qlen = 0, quanta_prof_idx = 0, tso_ena = 1, tso_qnum = 0,
		 legacy_int = 1;
};
void pack_tlan_ctx(const TlanCtx &c, uint8_t out[22]);
void set_bits(uint8_t *buf, unsigned lsb, unsigned width, uint64_t v);

} // namespace hw::vfio::ice
