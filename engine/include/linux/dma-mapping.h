// SPDX-License-Identifier: GPL-2.0-or-later
// The DMA API (include/linux/dma-mapping.h, include/linux/skbuff.h skb_frag_dma_map) over the
// emulated IOMMU of engine/hw/iommu.h: every mapping gets a device-visible IOVA, is recorded in the
// IOMMU's map table and must be unmapped again (the table's leak check finds the ones that are not).
//
// Model: the kernel passes a CPU virtual address (void *). The model has no flat address space, so
// the "CPU address" is a dma_cpu_addr: which traced buffer, the offset in it, its host physical
// address, and a label naming the owner ("skb#4.head", "page#7") that the device and the UI show.
#pragma once
#include <memory>
#include <string>

#include "linux/skbuff.h"

namespace hw
{
class Iommu;
}

enum dma_data_direction { DMA_BIDIRECTIONAL = 0, DMA_TO_DEVICE = 1, DMA_FROM_DEVICE = 2, DMA_NONE = 3 };

constexpr dma_addr_t DMA_MAPPING_ERROR = ~(dma_addr_t)0;

// struct device: the PCI function doing DMA, reduced to its name and its IOMMU domain.
struct device {
	std::string name = "0000:3b:00.0";
	hw::Iommu *iommu = nullptr;
};

// The model's stand-in for a kernel virtual address handed to dma_map_single().
struct dma_cpu_addr {
	sp::Buf *buf = nullptr;	    // traced memory the device reads (null: not CPU-visible)
	u32 off = 0;		    // offset of the first byte in buf
	u64 phys = 0;		    // host physical address of that byte
	std::string owner;	    // "skb#4.head"
	std::shared_ptr<void> keep; // keeps the memory alive while mapped (a head shared by clones)
};

// skb->data as a DMA source (the linear part of the skb).
static inline dma_cpu_addr skb_data_dma_addr(sk_buff *skb)
{
	dma_cpu_addr a;
	a.buf = &skb->hd->buf;
	a.off = skb->data;
	a.phys = skb->hd->phys + skb->data;
	a.owner = skb->name + ".head";
	a.keep = skb->hd;
	return a;
}

dma_addr_t dma_map_single(device *dev, const dma_cpu_addr &ptr, size_t size, dma_data_direction dir);
void dma_unmap_single(device *dev, dma_addr_t addr, size_t size, dma_data_direction dir);
dma_addr_t dma_map_page(device *dev, page *pg, size_t offset, size_t size, dma_data_direction dir);
void dma_unmap_page(device *dev, dma_addr_t addr, size_t size, dma_data_direction dir);
// Non-zero if addr is the error cookie a failed mapping returned.
int dma_mapping_error(device *dev, dma_addr_t addr);
// A frag's DMA address: dma_map_page() of its page, or (6.16, net_iov of a TX dma-buf binding)
// the binding's premapped address plus the offsets, with no IOMMU work at all.
dma_addr_t skb_frag_dma_map(device *dev, const skb_frag_t *frag, size_t offset, size_t size,
			    dma_data_direction dir);
// dma_alloc_coherent / dmam_alloc_coherent: buf is the traced memory (e.g. the descriptor ring).
// Returns the IOVA in *dma_handle; the mapping is persistent (not counted as a leak).
void dma_alloc_coherent(device *dev, sp::Buf *buf, u64 phys, const std::string &owner,
			dma_addr_t *dma_handle);
void dma_free_coherent(device *dev, dma_addr_t dma_handle);
