// SPDX-License-Identifier: GPL-2.0-or-later
// The VFIO plumbing for one PCI function (legacy container/group flow with the type1 IOMMU, as
// Documentation/driver-api/vfio.rst describes it): container and group fds, the device fd, region
// info, BAR0 mmapped as a RegIo, config space, bus mastering, and DMA memory mapped with
// VFIO_IOMMU_MAP_DMA at IOVAs chosen inside the ranges the IOMMU reports. Interrupts are not used:
// completion is found by polling. (The iommufd/cdev path is not implemented: Debian 12's 6.1 kernel
// has neither.)
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hw/vfio/dma.h"
#include "hw/vfio/pci.h"
#include "hw/vfio/regs.h"

namespace hw::vfio
{

class VfioDevice : public DmaSpace, public RegIo
{
public:
	// Opens bdf after pci_refusal() allowed it; throws VfioError naming the cause and the fix
	// (no /dev/vfio, group not viable, permissions, ...).
	static std::unique_ptr<VfioDevice> open(const PciDev &d);
	~VfioDevice() override;

	// RegIo over the mmapped BAR0 (unchecked: wrap it in Regs).
	uint32_t read32(uint32_t off) override;
	void write32(uint32_t off, uint32_t val) override;
	uint64_t size() const override { return bar0_size_; }

	uint32_t cfg_read(uint32_t off, unsigned width);
	void cfg_write(uint32_t off, unsigned width, uint32_t val);
	void bus_master(bool on); // PCI COMMAND bit 2
	uint16_t command();

	DmaBuf alloc(size_t len, const std::string &what) override;
	void unmap(DmaBuf &b) override;
	std::string iommu_faults() override;

	const PciDev &pci() const { return pci_; }
	std::vector<std::pair<uint64_t, uint64_t>> iova_ranges; // usable [start, end] from the IOMMU
	std::string info;					// one line: flags, regions, BAR0 size

private:
	VfioDevice() = default;
	PciDev pci_;
	int container_ = -1, group_ = -1, dev_ = -1;
	uint64_t cfg_off_ = 0;
	volatile uint8_t *bar0_ = nullptr;
	uint64_t bar0_size_ = 0;
	uint64_t next_iova_ = 0x10000000; // a fixed IOVA window that worked in the reference's QEMU run
	uint64_t kmsg_seq_ = 0;		  // kernel log records up to here predate this session
	std::vector<DmaBuf> maps_;	  // everything still mapped (unmapped and freed on close)
};

} // namespace hw::vfio
