// SPDX-License-Identifier: GPL-2.0-or-later
// Device-visible memory for a live NIC: a buffer the CPU writes through va and the device reads
// at iova. VFIO maps it with VFIO_IOMMU_MAP_DMA; tests use a fake that keeps an iova table.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace hw::vfio
{

struct DmaBuf {
	uint8_t *va = nullptr;
	uint64_t iova = 0;
	size_t len = 0;
	bool mapped = false; // the IOMMU currently translates iova (false after unmap)
};

class DmaSpace
{
public:
	virtual ~DmaSpace() = default;
	// len is rounded up to 4 KiB; the buffer is zeroed and 4 KiB aligned in both va and iova.
	virtual DmaBuf alloc(size_t len, const std::string &what) = 0;
	// Removes the IOMMU translation only (the CPU mapping stays): used by the fault test.
	virtual void unmap(DmaBuf &b) = 0;
	// Recent IOMMU fault lines for this device, if the platform can tell ("" if none or unknown).
	virtual std::string iommu_faults() { return ""; }
};

} // namespace hw::vfio
