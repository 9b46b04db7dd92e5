// SPDX-License-Identifier: GPL-2.0-or-later
#include "hw/vfio/vfio.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <linux/vfio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

namespace hw::vfio
{

namespace
{
std::string errstr(int e)
{
	return std::string(strerror(e));
}

std::string memlock_text()
{
	rlimit rl{};
	getrlimit(RLIMIT_MEMLOCK, &rl);
	if (rl.rlim_cur == RLIM_INFINITY)
		return "unlimited";
	return std::to_string(rl.rlim_cur / 1024) + " KiB";
}

// Walks the capability chain of VFIO_IOMMU_GET_INFO for the usable IOVA ranges.
void read_iova_ranges(int container, std::vector<std::pair<uint64_t, uint64_t>> &out)
{
	vfio_iommu_type1_info probe{};
	probe.argsz = sizeof probe;
	if (ioctl(container, VFIO_IOMMU_GET_INFO, &probe) || probe.argsz <= sizeof probe)
		return;
	std::vector<uint8_t> buf(probe.argsz);
	auto *info = (vfio_iommu_type1_info *)buf.data();
	info->argsz = probe.argsz;
	if (ioctl(container, VFIO_IOMMU_GET_INFO, info) || !(info->flags & VFIO_IOMMU_INFO_CAPS))
		return;
	uint32_t off = info->cap_offset;
	while (off && off + sizeof(vfio_info_cap_header) <= buf.size()) {
		auto *h = (vfio_info_cap_header *)(buf.data() + off);
		if (h->id == VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE) {
			auto *r = (vfio_iommu_type1_info_cap_iova_range *)h;
			for (uint32_t i = 0; i < r->nr_iovas; i++)
				out.push_back({r->iova_ranges[i].start, r->iova_ranges[i].end});
		}
		off = h->next;
	}
}
} // namespace

static std::string scan_kmsg(uint64_t after, uint64_t &last);

std::unique_ptr<VfioDevice> VfioDevice::open(const PciDev &d)
{
	std::string why = pci_refusal(d);
	if (!why.empty())
		throw VfioError(why);
	std::unique_ptr<VfioDevice> v(new VfioDevice);
	v->pci_ = d;
	if (access("/dev/vfio/vfio", F_OK))
		throw VfioError("/dev/vfio/vfio does not exist: load the VFIO modules (modprobe vfio-pci "
				"vfio_iommu_type1) and check CONFIG_VFIO");
	v->container_ = ::open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (v->container_ < 0)
		throw VfioError("cannot open /dev/vfio/vfio: " + errstr(errno));
	if (ioctl(v->container_, VFIO_GET_API_VERSION) != VFIO_API_VERSION)
		throw VfioError("/dev/vfio/vfio speaks an unknown VFIO API version");
	if (ioctl(v->container_, VFIO_CHECK_EXTENSION, VFIO_TYPE1_IOMMU) != 1)
		throw VfioError("the kernel's VFIO has no type1 IOMMU backend (modprobe vfio_iommu_type1)");
	std::string gpath = "/dev/vfio/" + std::to_string(d.iommu_group);
	v->group_ = ::open(gpath.c_str(), O_RDWR | O_CLOEXEC);
	if (v->group_ < 0) {
		int e = errno;
		if (e == ENOENT)
			throw VfioError(gpath + " does not exist: " + d.bdf +
					" is not bound to vfio-pci. Bind it:\n" + bind_help(d.bdf));
		if (e == EACCES || e == EPERM)
			throw VfioError(
			    "permission denied on " + gpath +
			    ": run as root, or chown the group file "
			    "to your user and raise `ulimit -l` (locked memory) for the DMA buffers");
		if (e == EBUSY)
			throw VfioError(gpath +
					" is busy: another process (QEMU, DPDK, another sendpath-cli) "
					"has the group open");
		throw VfioError("cannot open " + gpath + ": " + errstr(e));
	}
	vfio_group_status gs{};
	gs.argsz = sizeof gs;
	if (ioctl(v->group_, VFIO_GROUP_GET_STATUS, &gs))
		throw VfioError("VFIO_GROUP_GET_STATUS on " + gpath + ": " + errstr(errno));
	if (!(gs.flags & VFIO_GROUP_FLAGS_VIABLE))
		throw VfioError(
		    "IOMMU group " + std::to_string(d.iommu_group) +
		    " is not viable: another device in it is bound to a host driver (see /sys/kernel/"
		    "iommu_groups/" +
		    std::to_string(d.iommu_group) +
		    "/devices); bind all of them to vfio-pci or none can be used");
	if (ioctl(v->group_, VFIO_GROUP_SET_CONTAINER, &v->container_))
		throw VfioError("VFIO_GROUP_SET_CONTAINER: " + errstr(errno));
	if (ioctl(v->container_, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) &&
	    ioctl(v->container_, VFIO_SET_IOMMU, VFIO_TYPE1_IOMMU))
		throw VfioError("VFIO_SET_IOMMU(type1): " + errstr(errno));
	read_iova_ranges(v->container_, v->iova_ranges);
	v->dev_ = ioctl(v->group_, VFIO_GROUP_GET_DEVICE_FD, d.bdf.c_str());
	if (v->dev_ < 0)
		throw VfioError("VFIO_GROUP_GET_DEVICE_FD(" + d.bdf + "): " + errstr(errno));
	vfio_device_info di{};
	di.argsz = sizeof di;
	if (ioctl(v->dev_, VFIO_DEVICE_GET_INFO, &di))
		throw VfioError("VFIO_DEVICE_GET_INFO: " + errstr(errno));
	if (!(di.flags & VFIO_DEVICE_FLAGS_PCI) || di.num_regions <= VFIO_PCI_CONFIG_REGION_INDEX)
		throw VfioError(d.bdf + " is not a VFIO PCI device");
	vfio_region_info ri{};
	ri.argsz = sizeof ri;
	ri.index = VFIO_PCI_CONFIG_REGION_INDEX;
	if (ioctl(v->dev_, VFIO_DEVICE_GET_REGION_INFO, &ri))
		throw VfioError("config region info: " + errstr(errno));
	v->cfg_off_ = ri.offset;
	ri = {};
	ri.argsz = sizeof ri;
	ri.index = VFIO_PCI_BAR0_REGION_INDEX;
	if (ioctl(v->dev_, VFIO_DEVICE_GET_REGION_INFO, &ri))
		throw VfioError("BAR0 region info: " + errstr(errno));
	if (!(ri.flags & VFIO_REGION_INFO_FLAG_MMAP) || ri.size < 4)
		throw VfioError("BAR0 of " + d.bdf + " cannot be mmapped through VFIO (flags 0x" +
				std::to_string(ri.flags) + ")");
	void *p = mmap(nullptr, ri.size, PROT_READ | PROT_WRITE, MAP_SHARED, v->dev_, (off_t)ri.offset);
	if (p == MAP_FAILED)
		throw VfioError("mmap of BAR0: " + errstr(errno));
	v->bar0_ = (volatile uint8_t *)p;
	scan_kmsg(0, v->kmsg_seq_); // only faults logged from now on belong to this session
	v->bar0_size_ = ri.size;
	char b[160];
	snprintf(b, sizeof b, "VFIO device %s: flags 0x%x, %u regions, %u irqs, BAR0 %llu KiB, group %d",
		 d.bdf.c_str(), di.flags, di.num_regions, di.num_irqs, (unsigned long long)ri.size / 1024,
		 d.iommu_group);
	v->info = b;
	return v;
}

VfioDevice::~VfioDevice()
{
	if (dev_ >= 0 && cfg_off_)
		try {
			bus_master(false); // stop DMA before the memory goes away
		} catch (...) {
		}
	for (DmaBuf &b : maps_) {
		if (b.mapped) {
			vfio_iommu_type1_dma_unmap um{};
			um.argsz = sizeof um;
			um.iova = b.iova;
			um.size = b.len;
			ioctl(container_, VFIO_IOMMU_UNMAP_DMA, &um);
		}
		munmap(b.va, b.len);
	}
	if (bar0_)
		munmap((void *)bar0_, bar0_size_);
	if (dev_ >= 0)
		close(dev_);
	if (group_ >= 0)
		close(group_);
	if (container_ >= 0)
		close(container_);
}

uint32_t VfioDevice::read32(uint32_t off)
{
	return *(volatile uint32_t *)(bar0_ + off);
}

void VfioDevice::write32(uint32_t off, uint32_t val)
{
	*(volatile uint32_t *)(bar0_ + off) = val;
}

uint32_t VfioDevice::cfg_read(uint32_t off, unsigned width)
{
	uint32_t v = 0;
	if (pread(dev_, &v, width, (off_t)(cfg_off_ + off)) != (ssize_t)width)
		throw VfioError("config space read at 0x" + std::to_string(off) + ": " + errstr(errno));
	return v;
}

void VfioDevice::cfg_write(uint32_t off, unsigned width, uint32_t val)
{
	if (pwrite(dev_, &val, width, (off_t)(cfg_off_ + off)) != (ssize_t)width)
		throw VfioError("config space write at 0x" + std::to_string(off) + ": " + errstr(errno));
}

uint16_t VfioDevice::command()
{
	return (uint16_t)cfg_read(4, 2);
}

void VfioDevice::bus_master(bool on)
{
	uint16_t c = command();
	c = on ? (c | 0x4) : (c & ~0x4);
	cfg_write(4, 2, c);
}

DmaBuf VfioDevice::alloc(size_t len, const std::string &what)
{
	len = (len + 4095) & ~size_t(4095);
	// Pick the next IOVA that fits inside a reported usable range (x86 excludes the MSI window).
	uint64_t iova = next_iova_;
	if (!iova_ranges.empty()) {
		bool ok = false;
		for (auto &[s, e] : iova_ranges) {
			uint64_t a = std::max(iova, (s + 4095) & ~uint64_t(4095));
			if (a + len - 1 <= e) {
				iova = a;
				ok = true;
				break;
			}
		}
		if (!ok)
			throw VfioError("no IOVA range can hold " + what + " (" + std::to_string(len) +
					" bytes)");
	}
	void *p = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		throw VfioError("cannot allocate " + what + ": " + errstr(errno));
	memset(p, 0, len);
	vfio_iommu_type1_dma_map m{};
	m.argsz = sizeof m;
	m.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	m.vaddr = (uint64_t)(uintptr_t)p;
	m.iova = iova;
	m.size = len;
	if (ioctl(container_, VFIO_IOMMU_MAP_DMA, &m)) {
		int e = errno;
		munmap(p, len);
		if (e == ENOMEM)
			throw VfioError(
			    "VFIO_IOMMU_MAP_DMA of " + what + " (" + std::to_string(len / 1024) +
			    " KiB) failed with ENOMEM: the locked-memory limit (RLIMIT_MEMLOCK, now " +
			    memlock_text() + ") is too low; raise it (ulimit -l, or run as root)");
		throw VfioError("VFIO_IOMMU_MAP_DMA of " + what + ": " + errstr(e));
	}
	next_iova_ = iova + len;
	DmaBuf b{(uint8_t *)p, iova, len, true};
	maps_.push_back(b);
	return b;
}

void VfioDevice::unmap(DmaBuf &b)
{
	for (DmaBuf &m : maps_)
		if (m.iova == b.iova && m.mapped) {
			vfio_iommu_type1_dma_unmap um{};
			um.argsz = sizeof um;
			um.iova = m.iova;
			um.size = m.len;
			if (ioctl(container_, VFIO_IOMMU_UNMAP_DMA, &um))
				throw VfioError("VFIO_IOMMU_UNMAP_DMA: " + errstr(errno));
			m.mapped = false;
		}
	b.mapped = false;
}

// Reads /dev/kmsg (root only) and returns the DMAR/AMD-Vi fault lines with a sequence number
// above `after`; `last` receives the highest sequence number seen.
static std::string scan_kmsg(uint64_t after, uint64_t &last)
{
	int fd = ::open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return "";
	std::string out;
	char buf[8192];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf - 1);
		if (n < 0) {
			if (errno == EPIPE)
				continue; // records were overwritten: keep reading
			break;		  // EAGAIN: the end of the log
		}
		buf[n] = 0;
		unsigned prio = 0;
		unsigned long long seq = 0;
		if (sscanf(buf, "%u,%llu,", &prio, &seq) != 2)
			continue;
		last = std::max<uint64_t>(last, seq);
		std::string rec(buf);
		size_t semi = rec.find(';');
		std::string msg = semi == std::string::npos ? rec : rec.substr(semi + 1);
		msg = msg.substr(0, msg.find('\n'));
		if (seq > after &&
		    (msg.find("DMAR") != std::string::npos || msg.find("AMD-Vi") != std::string::npos) &&
		    msg.find("ault") != std::string::npos)
			out += msg + "\n";
	}
	close(fd);
	return out;
}

std::string VfioDevice::iommu_faults()
{
	uint64_t last = kmsg_seq_;
	std::string f = scan_kmsg(kmsg_seq_, last);
	kmsg_seq_ = last;
	return f;
}

} // namespace hw::vfio
