// SPDX-License-Identifier: GPL-2.0-or-later
// PCI devices as sysfs shows them (/sys/bus/pci/devices/BDF: vendor, device, driver link,
// iommu_group link), the device ids the live mode knows, and the checks made before any
// VFIO call: known id, not bound to a kernel driver, in an IOMMU group.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace hw::vfio
{

enum class Personality { E1000E, ICE };

struct KnownDevice {
	uint16_t vendor, device;
	Personality personality;
	const char *name;
};

// The id table: 82574L (e1000e) and the E810 family (ice). Anything else is refused.
const KnownDevice *known_device(uint16_t vendor, uint16_t device);
const std::vector<KnownDevice> &known_devices();

struct PciDev {
	std::string bdf; // 0000:00:02.0
	uint16_t vendor = 0, device = 0;
	uint32_t pci_class = 0;
	std::string driver;   // "" when unbound
	int iommu_group = -1; // -1: no iommu_group link (no IOMMU, or it is off)
	std::string driver_override;
	const KnownDevice *known = nullptr;
};

// All devices under root/bus/pci/devices (root is "/sys" except in tests), sorted by BDF.
std::vector<PciDev> pci_list(const std::string &root = "/sys");
// One device; false + err if it does not exist.
bool pci_get(const std::string &bdf, PciDev &d, std::string &err, const std::string &root = "/sys");
// Normalises "02:00.0" to "0000:02:00.0"; false if it is not a BDF.
bool parse_bdf(const std::string &in, std::string &out);
// The checks made before opening a device: known id, bound to vfio-pci (or nothing), in an IOMMU
// group. Returns "" if it may be opened, otherwise the reason with the commands that fix it.
std::string pci_refusal(const PciDev &d);
// The commands that hand a device to vfio-pci with driver_override (for messages and the README).
std::string bind_help(const std::string &bdf);

} // namespace hw::vfio
