// SPDX-License-Identifier: GPL-2.0-or-later
#include "hw/vfio/nic.h"

#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <thread>

#include "hw/vfio/live_trace.h"

namespace hw::vfio
{

RawDesc LiveNic::read_desc(uint32_t slot) const
{
	RawDesc d;
	std::atomic_thread_fence(std::memory_order_acquire); // rmb(): the device wrote it
	d.w0 = *(volatile uint64_t *)(ring_.va + 16u * slot);
	d.w1 = *(volatile uint64_t *)(ring_.va + 16u * slot + 8);
	return d;
}

void LiveNic::write_desc(uint32_t slot, const RawDesc &d)
{
	*(volatile uint64_t *)(ring_.va + 16u * slot) = d.w0;
	*(volatile uint64_t *)(ring_.va + 16u * slot + 8) = d.w1;
	std::atomic_thread_fence(std::memory_order_release); // wmb() before the doorbell
}

SendResult send_frames(LiveNic &nic, DmaSpace &dma, const std::vector<std::vector<uint8_t>> &frames,
		       const SendOptions &opt, LiveTrace *tr,
		       const std::function<void(const FrameReport &)> &on_frame)
{
	SendResult res;
	const uint32_t n = nic.size();
	// Every frame starts on its own 4 KiB page, so a frame up to 4 KiB never crosses a page: QEMU
	// 7.2's e1000e behind a vIOMMU (net_tx_pkt_add_raw_fragment) silently drops a buffer whose
	// IOMMU translation ends inside it, while still writing the descriptor back as done.
	const uint32_t stride = (nic.max_frame() + 4095) & ~4095u;
	DmaBuf bufs = dma.alloc((size_t)stride * n, "TX frame buffers");
	uint32_t ntu = 0;
	uint32_t head = nic.head();
	if (tr)
		tr->head(head);
	for (size_t i = 0; i < frames.size(); i++) {
		FrameReport fr;
		fr.frame = (uint32_t)i;
		fr.slot = ntu;
		uint32_t len = (uint32_t)frames[i].size();
		if (len > nic.max_frame()) {
			res.ok = false;
			res.error = "frame " + std::to_string(i) + " is " + std::to_string(len) +
				    " bytes, more than the " + std::to_string(nic.max_frame()) +
				    " this personality sends";
			return res;
		}
		uint8_t *b = bufs.va + (size_t)stride * ntu;
		memcpy(b, frames[i].data(), len);
		if (len < nic.min_frame()) { // the driver pads short frames (e1000e: skb_put_padto ETH_ZLEN)
			memset(b + len, 0, nic.min_frame() - len);
			len = nic.min_frame();
		}
		fr.len = len;
		fr.posted = nic.make_desc(bufs.iova + (uint64_t)stride * ntu, len);
		nic.write_desc(ntu, fr.posted);
		auto [q0, q1] = nic.common(fr.posted);
		if (tr)
			tr->post(ntu, q0, q1, nic.describe(fr.posted), (uint32_t)i, len);
		if (opt.unmap_before_doorbell && i == 0) {
			dma.unmap(nic.ring());
			dma.unmap(bufs);
			if (tr)
				tr->note("hw:unmap",
					 "fault test: VFIO_IOMMU_UNMAP_DMA of the ring and the buffers "
					 "before the doorbell");
		}
		fr.head_before = head;
		ntu = (ntu + 1) % n;
		fr.tail = ntu;
		auto t0 = std::chrono::steady_clock::now();
		nic.doorbell(ntu);
		if (tr)
			tr->doorbell(ntu, nic.tail_name());
		for (unsigned spin = 0;; spin++) {
			uint32_t h = nic.head();
			if (h != head) {
				head = h;
				if (tr)
					tr->head(h);
			}
			fr.now = nic.read_desc(fr.slot);
			auto el = std::chrono::steady_clock::now() - t0;
			fr.us = (uint64_t)std::chrono::duration_cast<std::chrono::microseconds>(el).count();
			if (nic.is_done(fr.now)) {
				fr.done = true;
				break;
			}
			if (fr.us > opt.timeout_ms * 1000)
				break;
			if (spin > 64)
				std::this_thread::sleep_for(std::chrono::microseconds(50));
		}
		fr.head_after = head;
		if (fr.done && tr)
			tr->writeback(fr.slot, nic.common(fr.now).second, nic.describe(fr.now));
		res.frames.push_back(fr);
		if (on_frame)
			on_frame(fr);
		if (!fr.done) {
			res.ok = false;
			res.faults = dma.iommu_faults();
			char b2[512];
			snprintf(b2, sizeof b2,
				 "stall: frame %u in descriptor %u got no write-back within %" PRIu64
				 " ms (HW head %u -> %u, tail %u, descriptor now %s)%s",
				 fr.frame, fr.slot, opt.timeout_ms, fr.head_before, fr.head_after, fr.tail,
				 nic.describe(fr.now).c_str(),
				 fr.head_after == fr.tail
				     ? ": the head moved past it, so the device fetched the "
				       "descriptor but could not complete it (a DMA fault?)"
				     : "");
			res.error = b2;
			if (!res.faults.empty())
				res.error += "\nIOMMU fault reported by the kernel:\n" + res.faults;
			if (tr)
				tr->note("hw:stall", res.error);
			return res;
		}
	}
	return res;
}

} // namespace hw::vfio
