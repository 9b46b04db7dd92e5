// SPDX-License-Identifier: GPL-2.0-or-later
// Register access for a live NIC: a raw 32-bit window (BAR0 mmapped through VFIO, or a fake
// device in tests) behind a checker that refuses anything outside the BAR or outside the
// personality's register list, and every write while the session is inspect-only.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace hw::vfio
{

// Every refusal and environment problem of the live mode: the message says what to do.
struct VfioError : std::runtime_error {
	using std::runtime_error::runtime_error;
};

// A raw register window. Implementations do no checking at all.
class RegIo
{
public:
	virtual ~RegIo() = default;
	virtual uint32_t read32(uint32_t off) = 0;
	virtual void write32(uint32_t off, uint32_t val) = 0;
	virtual uint64_t size() const = 0; // bytes of the BAR
};

// One allowed register or register array: offsets first..last inclusive, 4-byte stride.
struct RegRange {
	uint32_t first, last;
	const char *name;
	bool writable;
};

class Regs
{
public:
	Regs(RegIo &io, std::vector<RegRange> allowed, std::string who)
	    : io_(io), allowed_(std::move(allowed)), who_(std::move(who))
	{
	}
	uint32_t rd32(uint32_t off);
	void wr32(uint32_t off, uint32_t val);
	void set_inspect_only(bool v) { inspect_only_ = v; }
	bool inspect_only() const { return inspect_only_; }
	// The name of the register at off ("TDT", "QTX_COMM_HEAD[3]"), or "" if not in the list.
	std::string name(uint32_t off) const;
	uint64_t reads = 0, writes = 0;

private:
	const RegRange *check(uint32_t off, bool write) const;
	RegIo &io_;
	std::vector<RegRange> allowed_;
	std::string who_;
	bool inspect_only_ = true;
};

} // namespace hw::vfio
