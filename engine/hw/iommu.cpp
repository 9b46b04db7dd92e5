// SPDX-License-Identifier: GPL-2.0-or-later
// The IOMMU map table and the DMA API on top of it (see iommu.h and linux/dma-mapping.h).
#include "hw/iommu.h"

#include <cinttypes>

#include "sim/world.h"

using namespace sp;

namespace hw
{

Iommu::Iommu(std::string n) : name(std::move(n))
{
	mapped.reg(name, "mapped");
	maps.reg(name, "maps");
	unmaps.reg(name, "unmaps");
	faults.reg(name, "faults");
}

void Iommu::fault(const std::string &what, u64 iova, u32 len)
{
	faults += 1;
	char b[160];
	snprintf(b, sizeof b, "DMAR fault: %s iova=0x%" PRIx64 " len=%u", what.c_str(), iova, len);
	fault_log.push_back(b);
	SP_EVENT("hw:iommu_fault", (int64_t)iova, "%s", b);
}

dma_addr_t Iommu::map(const dma_cpu_addr &a, size_t len, dma_data_direction dir, bool coherent)
{
	if (fail_map_in && --fail_map_in == 0) {
		SP_EVENT("hw:iommu_map_fail", (int64_t)len, "injected: mapping %zu bytes of %s fails", len,
			 a.owner.c_str());
		return DMA_MAPPING_ERROR;
	}
	u32 pg_off = (u32)(a.phys & (PAGE_SIZE - 1));
	u32 npages = (u32)((pg_off + len + PAGE_SIZE - 1) / PAGE_SIZE);
	if (!npages)
		npages = 1;
	u64 base;
	auto rc = rcache_.find(npages);
	if (rc != rcache_.end() && !rc->second.empty()) {
		base = rc->second.back(); // reuse the most recently freed range of this size
		rc->second.pop_back();
	} else {
		top_ -= (u64)npages * PAGE_SIZE;
		base = top_;
	}
	DmaMapping m;
	m.iova = base + pg_off;
	m.len = (u32)len;
	m.phys = a.phys;
	m.buf = a.buf;
	m.off = a.off;
	m.owner = a.owner;
	m.dir = dir;
	m.coherent = coherent;
	m.keep = a.keep;
	m.step = sim().rec() ? sim().trace()->size() : sim().steps;
	table_[m.iova] = m;
	mapped += 1;
	maps += 1;
	SP_EVENT("hw:iommu_map", (int64_t)m.iova,
		 "map %s phys=0x%" PRIx64 " len=%zu -> iova 0x%" PRIx64 " (%u page%s)", a.owner.c_str(),
		 a.phys, len, m.iova, npages, npages == 1 ? "" : "s");
	return m.iova;
}

bool Iommu::unmap(dma_addr_t iova, size_t len, const char *who)
{
	auto it = table_.find(iova);
	if (it == table_.end() || it->second.len != len) {
		fault(std::string(who) + ": unmap of an IOVA range that is not mapped", iova, (u32)len);
		return false;
	}
	const DmaMapping &m = it->second;
	u32 pg_off = (u32)(m.iova & (PAGE_SIZE - 1));
	u32 npages = (u32)((pg_off + m.len + PAGE_SIZE - 1) / PAGE_SIZE);
	if (!npages)
		npages = 1;
	rcache_[npages].push_back(m.iova - pg_off);
	SP_EVENT("hw:iommu_unmap", (int64_t)iova, "unmap iova 0x%" PRIx64 " len=%zu (%s)", iova, len,
		 m.owner.c_str());
	table_.erase(it);
	mapped -= 1;
	unmaps += 1;
	return true;
}

const DmaMapping *Iommu::lookup(u64 iova, u32 len) const
{
	auto it = table_.upper_bound(iova);
	if (it == table_.begin())
		return nullptr;
	--it;
	const DmaMapping &m = it->second;
	if (iova < m.iova || iova + len > m.iova + m.len)
		return nullptr;
	return &m;
}

bool Iommu::dma_read(u64 iova, void *out, u32 len, std::string *owner)
{
	const DmaMapping *m = lookup(iova, len);
	if (!m || m->dir == DMA_FROM_DEVICE) {
		fault("DMA read of unmapped IOVA", iova, len);
		std::memset(out, 0, len);
		return false;
	}
	if (owner)
		*owner = m->owner;
	if (!m->buf) {
		std::memset(out, 0,
			    len); // net_iov of a dma-buf: not CPU memory, contents unknown to the model
		return true;
	}
	size_t at = m->off + (iova - m->iova);
	if (at + len > m->buf->size()) {
		fault("DMA read past the end of " + m->owner, iova, len);
		std::memset(out, 0, len);
		return false;
	}
	std::memcpy(out, m->buf->data() + at, len);
	return true;
}

bool Iommu::dma_write(u64 iova, const void *src, u32 len)
{
	const DmaMapping *m = lookup(iova, len);
	if (!m || m->dir == DMA_TO_DEVICE || !m->buf) {
		fault("DMA write to an IOVA not mapped for device writes", iova, len);
		return false;
	}
	m->buf->write(m->off + (iova - m->iova), src, len);
	return true;
}

std::vector<DmaMapping> Iommu::leaks() const
{
	std::vector<DmaMapping> v;
	for (auto &[k, m] : table_)
		if (!m.coherent)
			v.push_back(m);
	return v;
}

} // namespace hw

// ---------------------------------------------------------------- the DMA API

static hw::Iommu *domain(device *dev)
{
	return dev ? dev->iommu : nullptr;
}

dma_addr_t dma_map_single(device *dev, const dma_cpu_addr &ptr, size_t size, dma_data_direction dir)
{
	SP_FN("%s len=%zu %s", ptr.owner.c_str(), size,
	      dir == DMA_TO_DEVICE ? "DMA_TO_DEVICE" : "DMA_FROM_DEVICE");
	hw::Iommu *io = domain(dev);
	if (!io)
		SP_RET(ptr.phys); // Model: no IOMMU -> direct mapping (dma address = physical address)
	dma_addr_t a = io->map(ptr, size, dir);
	SP_RET(a);
}

void dma_unmap_single(device *dev, dma_addr_t addr, size_t size, dma_data_direction dir)
{
	SP_FN("iova=0x%" PRIx64 " len=%zu", addr, size);
	if (hw::Iommu *io = domain(dev))
		io->unmap(addr, size, "dma_unmap_single");
}

dma_addr_t dma_map_page(device *dev, page *pg, size_t offset, size_t size, dma_data_direction dir)
{
	SP_FN("%s off=%zu len=%zu", pg->name.c_str(), offset, size);
	dma_cpu_addr a;
	a.buf = pg->owner == PageOwner::NetIov ? nullptr : &pg->mem;
	a.off = (u32)offset;
	a.phys = pg->phys + offset;
	a.owner = pg->name;
	hw::Iommu *io = domain(dev);
	if (!io)
		SP_RET(a.phys);
	SP_RET(io->map(a, size, dir));
}

void dma_unmap_page(device *dev, dma_addr_t addr, size_t size, dma_data_direction dir)
{
	SP_FN("iova=0x%" PRIx64 " len=%zu", addr, size);
	if (hw::Iommu *io = domain(dev))
		io->unmap(addr, size, "dma_unmap_page");
}

int dma_mapping_error(device *dev, dma_addr_t addr)
{
	return addr == DMA_MAPPING_ERROR ? -ENOMEM : 0;
}

dma_addr_t skb_frag_dma_map(device *dev, const skb_frag_t *frag, size_t offset, size_t size,
			    dma_data_direction dir)
{
	page *pg = frag->netmem;
	if (pg && pg->owner == PageOwner::NetIov) {
		// 6.16: a net_iov of a TX dma-buf binding is already mapped for the device; its address is
		// the binding's per-niov DMA address plus the offsets (no dma_map_page()).
		SP_FN("%s off=%u len=%zu (net_iov: premapped)", pg->name.c_str(), (unsigned)frag->offset,
		      size);
		SP_RET(pg->niov_dma + frag->offset + offset);
	}
	SP_FN("%s off=%u len=%zu", pg ? pg->name.c_str() : "?", (unsigned)frag->offset, size);
	SP_RET(dma_map_page(dev, pg, frag->offset + offset, size, dir));
}

void dma_alloc_coherent(device *dev, sp::Buf *buf, u64 phys, const std::string &owner, dma_addr_t *dma_handle)
{
	dma_cpu_addr a;
	a.buf = buf;
	a.off = 0;
	a.phys = phys;
	a.owner = owner;
	hw::Iommu *io = domain(dev);
	*dma_handle = io ? io->map(a, buf->size(), DMA_BIDIRECTIONAL, true) : phys;
}

void dma_free_coherent(device *dev, dma_addr_t dma_handle)
{
	hw::Iommu *io = domain(dev);
	if (!io)
		return;
	if (const hw::DmaMapping *m = io->lookup(dma_handle, 1))
		io->unmap(dma_handle, m->len, "dma_free_coherent");
}
