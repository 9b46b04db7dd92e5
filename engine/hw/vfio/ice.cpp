// SPDX-License-Identifier: GPL-2.0-or-later
#include "hw/vfio/ice.h"

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <thread>

#include "drivers/ice/ice_lan_tx_rx.h"

namespace hw::vfio
{

using namespace ice;

std::vector<RegRange> IceNic::reg_list()
{
	// GLGEN_RTRIG (chip-wide CORER/GLOBR) is deliberately absent: only the PF reset is allowed.
	return {{PF_FW_ATQBAL, PF_FW_ATQBAL, "PF_FW_ATQBAL", true},
		{PF_FW_ARQBAL, PF_FW_ARQBAL, "PF_FW_ARQBAL", true},
		{PF_FW_ATQBAH, PF_FW_ATQBAH, "PF_FW_ATQBAH", true},
		{PF_FW_ARQBAH, PF_FW_ARQBAH, "PF_FW_ARQBAH", true},
		{PF_FW_ATQLEN, PF_FW_ATQLEN, "PF_FW_ATQLEN", true},
		{PF_FW_ARQLEN, PF_FW_ARQLEN, "PF_FW_ARQLEN", true},
		{PF_FW_ATQH, PF_FW_ATQH, "PF_FW_ATQH", true},
		{PF_FW_ARQH, PF_FW_ARQH, "PF_FW_ARQH", true},
		{PF_FW_ATQT, PF_FW_ATQT, "PF_FW_ATQT", true},
		{PF_FW_ARQT, PF_FW_ARQT, "PF_FW_ARQT", true},
		{PF_FUNC_RID, PF_FUNC_RID, "PF_FUNC_RID", false},
		{PFGEN_CTRL, PFGEN_CTRL, "PFGEN_CTRL", true},
		{GLGEN_RSTAT, GLGEN_RSTAT, "GLGEN_RSTAT", false},
		{GLNVM_ULD, GLNVM_ULD, "GLNVM_ULD", false},
		{QTX_COMM_DBELL(0), QTX_COMM_DBELL(MAX_TXQ - 1), "QTX_COMM_DBELL", true},
		{QTX_COMM_HEAD(0), QTX_COMM_HEAD(MAX_TXQ - 1), "QTX_COMM_HEAD", false}};
}

static void sleep_ms(unsigned ms)
{
	std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

void IceNic::wait_reset_done(const char *when)
{
	for (int i = 0; i < 200; i++) {
		if (!(regs_.rd32(GLGEN_RSTAT) & GLGEN_RSTAT_DEVSTATE_M) &&
		    (regs_.rd32(GLNVM_ULD) & GLNVM_ULD_DONE_M) == GLNVM_ULD_DONE_M)
			return;
		sleep_ms(5);
	}
	char b[200];
	snprintf(b, sizeof b,
		 "ice: device not ready %s (GLGEN_RSTAT 0x%08x, GLNVM_ULD 0x%08x): a global reset is in "
		 "progress or the NVM did not load",
		 when, regs_.rd32(GLGEN_RSTAT), regs_.rd32(GLNVM_ULD));
	throw VfioError(b);
}

// ice_pf_reset: wait out any global reset, then PFGEN_CTRL.PFSWR and poll until it self-clears.
void IceNic::pf_reset()
{
	wait_reset_done("before the PF reset");
	regs_.wr32(PFGEN_CTRL, regs_.rd32(PFGEN_CTRL) | PFGEN_CTRL_PFSWR);
	for (int i = 0; i < 300; i++) { // ICE_PF_RESET_WAIT_COUNT
		if (!(regs_.rd32(PFGEN_CTRL) & PFGEN_CTRL_PFSWR)) {
			wait_reset_done("after the PF reset");
			return;
		}
		sleep_ms(1);
	}
	throw VfioError("ice: PF reset (PFGEN_CTRL.PFSWR) did not complete within 300 ms");
}

uint32_t IceNic::add_sched_node(uint32_t parent)
{
	// ice_aqc_add_elem: one group header {parent_teid, num_elems=1} + one ice_aqc_txsched_elem_data.
	std::vector<uint8_t> b(8 + 24, 0);
	put32(&b[0], parent);
	put16(&b[4], 1);
	put32(&b[8], parent);	      // elem_data.parent_teid
	b[16] = ELEM_TYPE_SE_GENERIC; // elem.elem_type
	b[17] = ELEM_VALID_GENERIC | ELEM_VALID_CIR | ELEM_VALID_EIR;
	put16(&b[20 + 2], 1); // cir_bw.bw_alloc (default weight; profile 0)
	put16(&b[24 + 2], 1); // eir_bw.bw_alloc
	AqDesc d = aq_direct(AQC_ADD_SCHED_ELEMS);
	put16(d.params, 1); // num_elem_req (groups)
	aq_.send(d, b, true);
	uint32_t teid = get32(&b[12]); // the FW fills node_teid
	if (!teid)
		throw VfioError("ice: Add Scheduling Elements returned no node TEID");
	return teid;
}

void IceNic::bring_up(uint32_t size)
{
	if (size < 64 || size > 8160 || size % 32)
		throw VfioError("ice: ring size " + std::to_string(size) +
				" must be a multiple of 32 between 64 and 8160 (ICE_MIN/MAX_NUM_DESC)");
	if (q_ >= MAX_TXQ)
		throw VfioError("ice: queue " + std::to_string(q_) + " is out of range");
	pf_id = regs_.rd32(PF_FUNC_RID) & 0x7; // read before the reset, as ice_init_hw does
	pf_reset();
	aq_.init();
	// 2. Get Version: proves the FW answers; the API major must match.
	AqDesc d = aq_direct(AQC_GET_VER);
	std::vector<uint8_t> none;
	aq_.send(d, none, false);
	fw_api_major = d.params[13];
	fw_api_minor = d.params[14];
	if (fw_api_major != FW_API_MAJOR)
		throw VfioError("ice: FW API version " + std::to_string(fw_api_major) + "." +
				std::to_string(fw_api_minor) +
				" is not the major version 1 this code speaks");
	log.push_back("FW API " + std::to_string(fw_api_major) + "." + std::to_string(fw_api_minor));
	// 4, 5. Clear what the previous owner configured; leave PXE mode.
	d = aq_direct(AQC_CLEAR_PF_CFG);
	aq_.send(d, none, false);
	d = aq_direct(AQC_CLEAR_PXE);
	d.params[0] = 0x2; // ICE_AQC_CLEAR_PXE_RX_CNT
	aq_.send(d, none, false);
	// 6. List Function Capabilities: the TX queue count and first id.
	std::vector<uint8_t> caps(AQ_BUF, 0);
	d = aq_direct(AQC_LIST_FUNC_CAPS);
	aq_.send(d, caps, false);
	uint32_t ncaps = get32(d.params);
	for (uint32_t i = 0; i < ncaps && 32 * (i + 1) <= caps.size(); i++) {
		const uint8_t *e =
		    &caps[32 * i]; // ice_aqc_list_caps_elem: cap, major, minor, number, logical_id, phys_id
		if (get16(e) == AQC_CAPS_TXQS) {
			num_txq = get32(e + 4);
			txq_first = get32(e + 12);
		}
	}
	if (q_ >= num_txq)
		throw VfioError("ice: the function has " + std::to_string(num_txq) + " TX queues; queue " +
				std::to_string(q_) + " does not exist");
	// 7. Get Switch Config: the switch id and the physical port (lport).
	std::vector<uint8_t> sw(AQ_BUF, 0);
	d = aq_direct(AQC_GET_SW_CFG);
	aq_.send(d, sw, false);
	uint16_t nel = get16(d.params + 4);
	bool port = false;
	for (uint16_t i = 0; i < nel && 6u * (i + 1) <= sw.size(); i++) {
		uint16_t vpn = get16(&sw[6 * i]);
		if ((vpn >> 14) == 0 /* PHYS_PORT */ && !port) {
			lport = vpn & 0x3FF;
			sw_id = get16(&sw[6 * i + 2]);
			port = true;
		}
	}
	if (!port)
		throw VfioError("ice: Get Switch Configuration listed no physical port for this PF");
	// 8. Scheduler: resources, then the default topology (root port, TC nodes, ...).
	std::vector<uint8_t> res(AQ_BUF, 0);
	d = aq_direct(AQC_QUERY_SCHED_RES);
	aq_.send(d, res, false);
	std::vector<uint8_t> topo(AQ_BUF, 0);
	d = aq_direct(AQC_GET_DFLT_TOPO);
	d.params[0] = (uint8_t)lport;
	aq_.send(d, topo, false);
	uint8_t branches = d.params[1];
	uint32_t last = 0;
	size_t off = 0;
	for (uint8_t br = 0; br < branches && off + 8 <= topo.size(); br++) {
		uint16_t n = get16(&topo[off + 4]);
		off += 8;
		bool tc0 = false;
		for (uint16_t i = 0; i < n && off + 24 <= topo.size(); i++, off += 24) {
			uint32_t teid = get32(&topo[off + 4]);
			uint8_t type = topo[off + 8];
			if (type == ELEM_TYPE_TC && !tc0_teid) {
				tc0_teid = teid;
				tc0 = true;
			}
			if (tc0 && !last)
				last = teid; // set below to the deepest node of TC0's branch
			if (tc0)
				last = teid;
		}
		if (tc0)
			break;
	}
	if (!tc0_teid)
		throw VfioError("ice: Get Default Topology returned no TC node");
	// 9. Add VSI (type PF) with the queues [0, 1) mapped contiguously on TC0.
	std::vector<uint8_t> vsi(128, 0);
	put16(&vsi[0], 1u << 0 | 1u << 6); // valid_sections: SW_VALID | RXQ_MAP_VALID
	vsi[2] = (uint8_t)sw_id;
	vsi[4] = 1u << 4;	       // sw_flags2: LAN_ENA
	put16(&vsi[28], 0);	       // mapping_flags: CONTIG
	put16(&vsi[30], (uint16_t)q_); // q_mapping[0]: first queue
	put16(&vsi[32], 1);	       // q_mapping[1]: count
	put16(&vsi[62], 0 | 0u << 11); // tc_mapping[0]: offset 0, 2^0 queues
	d = aq_direct(AQC_ADD_VSI);
	put16(d.params + 4, AQ_VSI_TYPE_PF); // vsi_flags
	aq_.send(d, vsi, true);
	vsi_num = get16(d.params) & 0x3FF;
	// 10. The VSI node and its queue-group node below TC0's deepest default node.
	// Model: Linux places them at the layers ice_sched_get_vsi_layer/qgrp_layer compute from the
	// layer count (0x0412); here they go one and two levels below the last node of TC0's branch.
	vsi_teid = add_sched_node(last);
	qgrp_teid = add_sched_node(vsi_teid);
	// 11. Add Tx LAN Queues with the queue context.
	size_ = size;
	ring_ = dma_.alloc(16u * size, "ice TX ring");
	if (ring_.iova & 127)
		throw VfioError("ice: the ring IOVA must be 128-byte aligned");
	TlanCtx c;
	c.base = ring_.iova >> 7;
	c.port_num = lport;
	c.pf_num = pf_id;
	c.vmvf_type = 2; // PF
	c.src_vsi = vsi_num;
	c.tsyn_ena = 1;
	c.qlen = size;
	c.tso_ena = 1;
	c.tso_qnum = q_;
	c.legacy_int = 1;
	std::vector<uint8_t> q(56, 0);
	put32(&q[0], qgrp_teid); // parent_teid
	q[4] = 1;		 // num_txqs
	put16(&q[8], (uint16_t)q_);
	pack_tlan_ctx(c, &q[16]);
	q[40] = 0;						      // info.elem_type (FW makes it a leaf)
	q[41] = ELEM_VALID_GENERIC | ELEM_VALID_CIR | ELEM_VALID_EIR; // GENERIC is mandatory
	put16(&q[44 + 2], 1);
	put16(&q[48 + 2], 1);
	d = aq_direct(AQC_ADD_TXQS);
	d.params[0] = 1; // num_qgrps
	aq_.send(d, q, true);
	q_teid = get32(&q[12]);
	queue_up_ = true;
	// 12. Tail to 0 (ice_tx_queue_start writes it before the first frame).
	regs_.wr32(QTX_COMM_DBELL(q_), 0);
	char b[200];
	snprintf(
	    b, sizeof b,
	    "pf %u, lport %u, sw_id %u, vsi %u, TC0 0x%x -> VSI node 0x%x -> qgrp 0x%x -> queue %u teid 0x%x",
	    pf_id, lport, sw_id, vsi_num, tc0_teid, vsi_teid, qgrp_teid, q_, q_teid);
	log.push_back(b);
}

void IceNic::shut_down()
{
	if (regs_.inspect_only())
		return;
	if (queue_up_) {
		// Disable Tx LAN Queues: one ice_aqc_dis_txq_item {parent_teid, num_qs=1, q_id}.
		std::vector<uint8_t> b(8, 0);
		put32(&b[0], qgrp_teid);
		b[4] = 1;
		put16(&b[6], (uint16_t)q_);
		AqDesc d = aq_direct(AQC_DIS_TXQS);
		d.params[1] = 1; // num_entries
		try {
			aq_.send(d, b, true);
		} catch (const VfioError &) {
			// best effort: the queue shutdown and PF reset of the next owner clean up
		}
		queue_up_ = false;
	}
	try {
		AqDesc d = aq_direct(AQC_Q_SHUTDOWN);
		d.params[0] = 1; // driver_unloading
		std::vector<uint8_t> none;
		aq_.send(d, none, false);
	} catch (const VfioError &) {
	}
	aq_.shutdown();
}

RawDesc IceNic::make_desc(uint64_t iova, uint32_t len) const
{
	RawDesc d;
	d.w0 = iova;
	d.w1 = ICE_TX_DESC_DTYPE_DATA |
	       (uint64_t)(ICE_TX_DESC_CMD_EOP | ICE_TX_DESC_CMD_RS) << ICE_TXD_QW1_CMD_S |
	       (uint64_t)len << ICE_TXD_QW1_TX_BUF_SZ_S;
	return d;
}

std::string IceNic::describe(const RawDesc &d) const
{
	char b[160];
	snprintf(b, sizeof b, "qw0=0x%016" PRIx64 " qw1=0x%016" PRIx64 " (BUF_SZ %u DTYPE 0x%x%s)", d.w0,
		 d.w1, (unsigned)((d.w1 >> 34) & 0x3FFF), (unsigned)(d.w1 & 0xF),
		 (d.w1 & 0xF) == 0xF ? " DESC_DONE" : "");
	return b;
}

void IceNic::doorbell(uint32_t tail)
{
	regs_.wr32(QTX_COMM_DBELL(q_), tail);
}

uint32_t IceNic::head()
{
	return regs_.rd32(QTX_COMM_HEAD(q_)) & QTX_COMM_HEAD_M;
}

LiveRing IceNic::inspect()
{
	LiveRing r;
	r.personality = name();
	uint32_t h = regs_.rd32(QTX_COMM_HEAD(q_));
	r.regs.push_back({"PF_FUNC_RID", regs_.rd32(PF_FUNC_RID)});
	r.regs.push_back({"GLGEN_RSTAT", regs_.rd32(GLGEN_RSTAT)});
	r.regs.push_back({"QTX_COMM_HEAD(" + std::to_string(q_) + ")", h});
	r.head = h & QTX_COMM_HEAD_M;
	r.size = size_;
	r.tail_known = false;
	r.note = "the ring base and length live in the queue context (AdminQ), not in registers, and "
		 "QTX_COMM_DBELL is a doorbell: only the HW head is readable";
	return r;
}

} // namespace hw::vfio
