// SPDX-License-Identifier: GPL-2.0-or-later
#include "hw/vfio/ice_aq.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

namespace hw::vfio::ice
{

const char *aq_error_name(unsigned rc)
{
	static const char *n[] = {"OK",	    "EPERM",  "ENOENT", "ESRCH",  "EINTR",  "EIO",   "ENXIO",
				  "E2BIG",  "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "EBUSY", "EEXIST",
				  "EINVAL", "ENOTTY", "ENOSPC", "ENOSYS", "ERANGE"};
	return rc < sizeof n / sizeof *n ? n[rc] : "unknown";
}

const char *aq_opcode_name(uint16_t op)
{
	switch (op) {
	case AQC_GET_VER:
		return "Get Version";
	case AQC_Q_SHUTDOWN:
		return "Queue Shutdown";
	case AQC_LIST_FUNC_CAPS:
		return "List Function Capabilities";
	case AQC_CLEAR_PXE:
		return "Clear PXE Mode";
	case AQC_GET_SW_CFG:
		return "Get Switch Configuration";
	case AQC_ADD_VSI:
		return "Add VSI";
	case AQC_CLEAR_PF_CFG:
		return "Clear PF Configuration";
	case AQC_GET_DFLT_TOPO:
		return "Get Default Topology";
	case AQC_ADD_SCHED_ELEMS:
		return "Add Scheduling Elements";
	case AQC_QUERY_SCHED_RES:
		return "Query Tx Scheduler Resources";
	case AQC_ADD_TXQS:
		return "Add Tx LAN Queues";
	case AQC_DIS_TXQS:
		return "Disable Tx LAN Queues";
	}
	return "?";
}

AqDesc aq_direct(uint16_t opcode)
{
	AqDesc d{};
	d.opcode = opcode;
	d.flags = AQ_FLAG_SI;
	return d;
}

void AdminQ::init()
{
	atq_ = dma_.alloc(AQ_LEN * sizeof(AqDesc), "AdminQ send ring");
	arq_ = dma_.alloc(AQ_LEN * sizeof(AqDesc), "AdminQ receive ring");
	atq_bufs_ = dma_.alloc(AQ_LEN * AQ_BUF, "AdminQ send buffers");
	arq_bufs_ = dma_.alloc(AQ_LEN * AQ_BUF, "AdminQ receive buffers");
	// Pre-post every ARQ buffer (ice_alloc_rq_bufs): BUF, LB (4 KiB > 512), datalen, address.
	for (unsigned i = 0; i < AQ_LEN; i++) {
		AqDesc d{};
		d.flags = AQ_FLAG_BUF | AQ_FLAG_LB;
		d.datalen = AQ_BUF;
		uint64_t a = arq_bufs_.iova + (uint64_t)i * AQ_BUF;
		put32(d.params + 8, (uint32_t)(a >> 32));
		put32(d.params + 12, (uint32_t)a);
		memcpy(arq_.va + i * sizeof d, &d, sizeof d);
	}
	struct Q {
		uint32_t h, t, len, bal, bah;
		DmaBuf *ring;
		const char *name;
	} qs[] = {{PF_FW_ATQH, PF_FW_ATQT, PF_FW_ATQLEN, PF_FW_ATQBAL, PF_FW_ATQBAH, &atq_, "ATQ"},
		  {PF_FW_ARQH, PF_FW_ARQT, PF_FW_ARQLEN, PF_FW_ARQBAL, PF_FW_ARQBAH, &arq_, "ARQ"}};
	for (Q &q : qs) {
		regs_.wr32(q.h, 0);
		regs_.wr32(q.t, 0);
		regs_.wr32(q.len, AQ_LEN | PF_FW_LEN_ENABLE);
		regs_.wr32(q.bal, (uint32_t)q.ring->iova);
		regs_.wr32(q.bah, (uint32_t)(q.ring->iova >> 32));
		if (regs_.rd32(q.bal) != (uint32_t)q.ring->iova)
			throw VfioError(std::string("ice: AdminQ ") + q.name +
					" base did not read back (the FW is not answering on this function)");
	}
	regs_.wr32(PF_FW_ARQT, AQ_LEN - 1); // every buffer is the FW's to fill
	ntu_ = 0;
	up_ = true;
}

void AdminQ::send(AqDesc &d, std::vector<uint8_t> &buf, bool host_to_fw, unsigned timeout_ms)
{
	if (!up_)
		throw VfioError("ice: AdminQ used before init");
	if (buf.size() > AQ_BUF)
		throw VfioError("ice: AdminQ buffer of " + std::to_string(buf.size()) +
				" bytes is over 4096");
	uint32_t h = regs_.rd32(PF_FW_ATQH);
	if (h >= AQ_LEN)
		throw VfioError("ice: ATQ head " + std::to_string(h) +
				" is out of range: the AdminQ overran");
	uint8_t *slotbuf = atq_bufs_.va + (size_t)ntu_ * AQ_BUF;
	if (!buf.empty()) {
		memcpy(slotbuf, buf.data(), buf.size());
		uint64_t a = atq_bufs_.iova + (uint64_t)ntu_ * AQ_BUF;
		d.flags |= AQ_FLAG_BUF | (buf.size() > 512 ? AQ_FLAG_LB : 0) | (host_to_fw ? AQ_FLAG_RD : 0);
		d.datalen = (uint16_t)buf.size();
		put32(d.params + 8, (uint32_t)(a >> 32));
		put32(d.params + 12, (uint32_t)a);
	}
	AqDesc *slot = (AqDesc *)(atq_.va + (size_t)ntu_ * sizeof(AqDesc));
	memcpy((void *)slot, &d, sizeof d);
	uint32_t my = ntu_;
	ntu_ = (ntu_ + 1) % AQ_LEN;
	sent.push_back(d.opcode);
	std::atomic_thread_fence(std::memory_order_release);
	regs_.wr32(PF_FW_ATQT, ntu_);
	auto t0 = std::chrono::steady_clock::now();
	// The driver polls the head, not DD ("more reliable", ice_sq_done).
	while (regs_.rd32(PF_FW_ATQH) != ntu_) {
		if (std::chrono::steady_clock::now() - t0 > std::chrono::milliseconds(timeout_ms)) {
			uint32_t len = regs_.rd32(PF_FW_ATQLEN);
			throw VfioError(
			    std::string("ice: AdminQ command 0x") +
			    [&] {
				    char b[8];
				    snprintf(b, sizeof b, "%04x", d.opcode);
				    return std::string(b);
			    }() +
			    " (" + aq_opcode_name(d.opcode) + ") timed out after " +
			    std::to_string(timeout_ms) + " ms" +
			    (len & PF_FW_LEN_CRIT ? ": ATQLEN.CRIT is set (critical AQ error)" : ""));
		}
		std::this_thread::sleep_for(std::chrono::microseconds(100));
	}
	std::atomic_thread_fence(std::memory_order_acquire);
	memcpy(&d, (const void *)slot, sizeof d);
	(void)my;
	if (!buf.empty())
		memcpy(buf.data(), slotbuf, buf.size());
	if ((d.flags & AQ_FLAG_ERR) || (d.retval & 0xFF)) {
		char b[160];
		snprintf(b, sizeof b, "ice: AdminQ command 0x%04x (%s) failed: FW returned %u (%s)", d.opcode,
			 aq_opcode_name(d.opcode), d.retval & 0xFF, aq_error_name(d.retval & 0xFF));
		throw VfioError(b);
	}
}

void AdminQ::shutdown()
{
	if (!up_)
		return;
	regs_.wr32(PF_FW_ATQLEN, 0);
	regs_.wr32(PF_FW_ARQLEN, 0);
	up_ = false;
}

void set_bits(uint8_t *buf, unsigned lsb, unsigned width, uint64_t v)
{
	for (unsigned i = 0; i < width; i++) {
		unsigned bit = lsb + i;
		if ((v >> i) & 1)
			buf[bit / 8] |= (uint8_t)(1u << (bit % 8));
		else
			buf[bit / 8] &= (uint8_t) ~(1u << (bit % 8));
	}
}

void pack_tlan_ctx(const TlanCtx &c, uint8_t out[22])
{
	memset(out, 0, 22);
	set_bits(out, 0, 57, c.base);
	set_bits(out, 57, 3, c.port_num);
	set_bits(out, 60, 5, c.cgd_num);
	set_bits(out, 65, 3, c.pf_num);
	set_bits(out, 68, 10, c.vmvf_num);
	set_bits(out, 78, 2, c.vmvf_type);
	set_bits(out, 80, 10, c.src_vsi);
	set_bits(out, 90, 1, c.tsyn_ena);
	set_bits(out, 114, 14, c.qnum_in_func);
	set_bits(out, 135, 13, c.qlen);
	set_bits(out, 148, 4, c.quanta_prof_idx);
	set_bits(out, 152, 1, c.tso_ena);
	set_bits(out, 153, 11, c.tso_qnum);
	set_bits(out, 164, 1, c.legacy_int);
}

} // namespace hw::vfio::ice
