// SPDX-License-Identifier: GPL-2.0-or-later
#include "hw/vfio/pci.h"

#include <algorithm>
#include <cstdio>
#include <dirent.h>
#include <fstream>
#include <unistd.h>

namespace hw::vfio
{

const std::vector<KnownDevice> &known_devices()
{
	static const std::vector<KnownDevice> t = {
	    {0x8086, 0x10d3, Personality::E1000E, "Intel 82574L (e1000e)"},
	    {0x8086, 0x1591, Personality::ICE, "Intel E810-C backplane (ice)"},
	    {0x8086, 0x1592, Personality::ICE, "Intel E810-C QSFP (ice)"},
	    {0x8086, 0x1593, Personality::ICE, "Intel E810-C SFP (ice)"},
	    {0x8086, 0x1599, Personality::ICE, "Intel E810-XXV backplane (ice)"},
	    {0x8086, 0x159a, Personality::ICE, "Intel E810-XXV QSFP (ice)"},
	    {0x8086, 0x159b, Personality::ICE, "Intel E810-XXV SFP (ice)"},
	};
	return t;
}

const KnownDevice *known_device(uint16_t vendor, uint16_t device)
{
	for (const KnownDevice &k : known_devices())
		if (k.vendor == vendor && k.device == device)
			return &k;
	return nullptr;
}

static std::string read_line(const std::string &path)
{
	std::ifstream f(path);
	std::string s;
	std::getline(f, s);
	return s;
}

static std::string link_base(const std::string &path)
{
	char b[4096];
	ssize_t n = readlink(path.c_str(), b, sizeof b - 1);
	if (n <= 0)
		return "";
	b[n] = 0;
	std::string s(b);
	size_t p = s.rfind('/');
	return p == std::string::npos ? s : s.substr(p + 1);
}

bool parse_bdf(const std::string &in, std::string &out)
{
	unsigned dom = 0, bus, dev, fn;
	char tail;
	if (sscanf(in.c_str(), "%x:%x:%x.%x%c", &dom, &bus, &dev, &fn, &tail) == 4) {
	} else if (sscanf(in.c_str(), "%x:%x.%x%c", &bus, &dev, &fn, &tail) == 3) {
		dom = 0;
	} else
		return false;
	if (dom > 0xffff || bus > 0xff || dev > 0x1f || fn > 7)
		return false;
	char b[32];
	snprintf(b, sizeof b, "%04x:%02x:%02x.%x", dom, bus, dev, fn);
	out = b;
	return true;
}

bool pci_get(const std::string &bdf_in, PciDev &d, std::string &err, const std::string &root)
{
	std::string bdf;
	if (!parse_bdf(bdf_in, bdf)) {
		err = "'" + bdf_in + "' is not a PCI address (expected DDDD:BB:DD.F, e.g. 0000:00:02.0)";
		return false;
	}
	std::string dir = root + "/bus/pci/devices/" + bdf;
	std::string v = read_line(dir + "/vendor"), dv = read_line(dir + "/device");
	if (v.empty() || dv.empty()) {
		err = "no PCI device " + bdf + " (" + dir + " does not exist); see `sendpath-cli vfio list`";
		return false;
	}
	d = PciDev{};
	d.bdf = bdf;
	d.vendor = (uint16_t)strtoul(v.c_str(), nullptr, 16);
	d.device = (uint16_t)strtoul(dv.c_str(), nullptr, 16);
	d.pci_class = (uint32_t)strtoul(read_line(dir + "/class").c_str(), nullptr, 16);
	d.driver = link_base(dir + "/driver");
	std::string g = link_base(dir + "/iommu_group");
	d.iommu_group = g.empty() ? -1 : atoi(g.c_str());
	d.driver_override = read_line(dir + "/driver_override");
	if (d.driver_override == "(null)")
		d.driver_override.clear();
	d.known = known_device(d.vendor, d.device);
	return true;
}

std::vector<PciDev> pci_list(const std::string &root)
{
	std::vector<PciDev> out;
	DIR *dir = opendir((root + "/bus/pci/devices").c_str());
	if (!dir)
		return out;
	while (dirent *e = readdir(dir)) {
		if (e->d_name[0] == '.')
			continue;
		PciDev d;
		std::string err;
		if (pci_get(e->d_name, d, err, root))
			out.push_back(d);
	}
	closedir(dir);
	std::sort(out.begin(), out.end(), [](const PciDev &a, const PciDev &b) { return a.bdf < b.bdf; });
	return out;
}

std::string bind_help(const std::string &bdf)
{
	std::string d = "/sys/bus/pci/devices/" + bdf;
	return "  echo " + bdf + " > " + d + "/driver/unbind\n  echo vfio-pci > " + d +
	       "/driver_override\n  echo " + bdf +
	       " > /sys/bus/pci/drivers_probe\n"
	       "(modprobe vfio-pci first; undo: echo > " +
	       d + "/driver_override, unbind, drivers_probe)";
}

std::string pci_refusal(const PciDev &d)
{
	char id[16];
	snprintf(id, sizeof id, "%04x:%04x", d.vendor, d.device);
	if (!d.known)
		return d.bdf + " has device id " + id +
		       ", which the live mode does not know (it drives only the 82574L 8086:10d3 and the "
		       "E810 "
		       "family 8086:1591-159b): refused";
	if (!d.driver.empty() && d.driver != "vfio-pci")
		return d.bdf + " (" + d.known->name + ") is bound to the kernel driver '" + d.driver +
		       "': refused, the live mode never touches a device a kernel driver owns (its netdev, "
		       "and any connection over it, goes away when you unbind it). To hand it to "
		       "vfio-pci:\n" +
		       bind_help(d.bdf);
	if (d.iommu_group < 0)
		return d.bdf + " has no IOMMU group: the IOMMU is off or absent. Enable VT-d/AMD-Vi in the "
			       "firmware and boot with intel_iommu=on (or amd_iommu=on); VFIO needs it "
			       "(noiommu mode is not supported)";
	if (d.driver.empty())
		return d.bdf + " is not bound to any driver; bind it to vfio-pci:\n" + bind_help(d.bdf);
	return "";
}

} // namespace hw::vfio
