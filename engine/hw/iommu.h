// SPDX-License-Identifier: GPL-2.0-or-later
// Host memory as the device sees it: an IOMMU domain with a map table (IOVA -> host buffer).
// The DMA API (linux/dma-mapping.h) adds and removes entries; the device engine (e810.h) reads and
// writes only through translate(), so a DMA to an IOVA that is not mapped (or no longer mapped) is a
// fault, exactly like a DMAR "PTE Read access is not set" fault on real hardware.
//
// IOVAs are allocated like the Intel IOMMU driver does for a PCI device: page granular, top-down
// below 4 GiB, the low 12 bits of the IOVA equal to those of the physical address (so the driver's
// `-dma & 4095` alignment arithmetic sees realistic values); freed ranges are reused LIFO per size
// (a model of the IOVA rcache).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "linux/dma-mapping.h"

namespace hw
{

struct DmaMapping {
	u64 iova = 0;		// first mapped byte (page offset preserved)
	u32 len = 0;		// bytes mapped
	u64 phys = 0;		// host physical address of the first byte
	sp::Buf *buf = nullptr; // backing traced memory (null: not CPU visible, reads as zeros)
	u32 off = 0;		// offset of iova in buf
	std::string owner;	// "skb#4.head", "page#7", "ring0.desc"
	dma_data_direction dir = DMA_TO_DEVICE;
	bool coherent = false; // dma_alloc_coherent: lives as long as the device (no leak)
	size_t step = 0;       // trace step that mapped it
	std::shared_ptr<void> keep;
};

class Iommu
{
public:
	explicit Iommu(std::string name = "iommu");

	// dma_map_*: returns DMA_MAPPING_ERROR when fault injection says so.
	dma_addr_t map(const dma_cpu_addr &a, size_t len, dma_data_direction dir, bool coherent = false);
	// dma_unmap_*: false (and a fault event) if [iova, iova+len) is not exactly one live mapping.
	bool unmap(dma_addr_t iova, size_t len, const char *who);

	// Device side. A DMA read of len bytes at iova into out: false on a fault (no mapping covers the
	// whole range, or wrong direction). A DMA write likewise (into the backing Buf: a byte delta).
	bool dma_read(u64 iova, void *out, u32 len, std::string *owner = nullptr);
	bool dma_write(u64 iova, const void *src, u32 len);
	const DmaMapping *lookup(u64 iova, u32 len) const;

	// Live streaming mappings (coherent ones excluded): anything left after all completions is a leak.
	std::vector<DmaMapping> leaks() const;
	size_t live() const { return table_.size(); }

	// Fault injection: the map call with this 1-based index (counting from now) fails.
	unsigned fail_map_in = 0;

	std::string name;
	F<u32> mapped; // live mappings (all kinds)
	F<u32> maps, unmaps, faults;
	std::vector<std::string> fault_log;

private:
	void fault(const std::string &what, u64 iova, u32 len);
	std::map<u64, DmaMapping> table_;	 // keyed by iova
	std::map<u32, std::vector<u64>> rcache_; // npages -> freed page-aligned IOVA bases
	u64 top_ = 0x100000000ull;		 // next allocation ends below this
};

} // namespace hw
