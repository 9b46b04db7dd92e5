// SPDX-License-Identifier: GPL-2.0-or-later
#include "hw/vfio/regs.h"

#include <cstdio>

namespace hw::vfio
{

static std::string hex(uint32_t v)
{
	char b[16];
	snprintf(b, sizeof b, "0x%05x", v);
	return b;
}

const RegRange *Regs::check(uint32_t off, bool write) const
{
	if (off % 4 || (uint64_t)off + 4 > io_.size())
		throw VfioError(who_ + ": register offset " + hex(off) + " is outside BAR0 (size " +
				hex((uint32_t)io_.size()) + ") or not 4-byte aligned: refused");
	for (const RegRange &r : allowed_)
		if (off >= r.first && off <= r.last && (off - r.first) % 4 == 0) {
			if (write && !r.writable)
				throw VfioError(who_ + ": register " + name(off) + " (" + hex(off) +
						") is read-only in this personality: write refused");
			if (write && inspect_only_)
				throw VfioError(
				    who_ + ": write to " + name(off) +
				    " refused: the session is inspect-only (sending was not asked for)");
			return &r;
		}
	throw VfioError(who_ + ": register " + hex(off) + " is not in the personality's register list: " +
			(write ? "write" : "read") + " refused");
}

uint32_t Regs::rd32(uint32_t off)
{
	check(off, false);
	reads++;
	return io_.read32(off);
}

void Regs::wr32(uint32_t off, uint32_t val)
{
	check(off, true);
	writes++;
	io_.write32(off, val);
}

std::string Regs::name(uint32_t off) const
{
	for (const RegRange &r : allowed_)
		if (off >= r.first && off <= r.last && (off - r.first) % 4 == 0)
			return r.first == r.last
				   ? r.name
				   : std::string(r.name) + "[" + std::to_string((off - r.first) / 4) + "]";
	return "";
}

} // namespace hw::vfio
