// SPDX-License-Identifier: GPL-2.0-or-later
// The recorded execution: steps (function enter/exit, notable source lines, device events) and,
// attached to each step, the state writes it made (scalar deltas and byte-range deltas).
// The debugger never runs the engine interactively; it moves a cursor over this recording.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sp
{

using StrId = uint32_t;	   // index into Trace::strings (0 = empty string)
using KeyId = uint32_t;	   // a scalar field of a modelled object (0 = not traced)
using RegionId = uint32_t; // a byte buffer: skb head, page, ring memory, ... (0 = not traced)

enum class StepKind : uint8_t {
	Start = 0, // step 0: initial state of the scenario
	Enter = 1, // a modelled kernel function is called (text = arguments)
	Exit = 2,  // it returns (value = return value, text = formatted return)
	Line = 3,  // a notable source line inside the current function (anchor = stable id)
	Event = 4, // a device/clock/peer event that is not a kernel function (anchor = event kind)
};

struct Step {
	StepKind kind;
	uint8_t flags = 0;
	uint16_t depth;		     // call depth (Enter: depth of the callee)
	StrId fn;		     // function name of the frame this step belongs to
	StrId anchor;		     // Line/Event: stable anchor id "fn:what"; Enter/Exit: 0
	int64_t value;		     // Exit: return value; Line/Event: optional number
	uint64_t time_ns;	     // virtual clock
	uint32_t text_off, text_len; // into Trace::text
	uint32_t delta_begin;	     // first scalar delta made at this step (ends at next step's begin)
	uint32_t bytes_begin;	     // first byte delta made at this step
};

struct Delta {
	KeyId key;
	int64_t old_v, new_v;
};

struct ByteDelta {
	RegionId region;
	uint32_t offset, len;
	uint64_t pool_off; // old bytes at pool_off (unless old_zero), new bytes after them
	bool old_zero;	   // old bytes were all zero: not stored
};

enum class Fmt : uint8_t { Dec = 0, Hex = 1, Bool = 2, Seq = 3, Ptr = 4 };

struct KeyInfo {
	StrId object; // e.g. "tp", "skb#3", "ring0"
	StrId field;  // e.g. "snd_nxt"
	Fmt fmt;
	uint32_t born; // step at which the field came into existence
};

struct RegionInfo {
	StrId name; // e.g. "skb#3.head", "page#7", "ring0.desc"
	uint32_t size;
	uint64_t iova; // device-visible address if DMA-mapped memory, else 0
	uint32_t born; // step at which the region came into existence
};

class Trace
{
public:
	Trace();

	StrId intern(std::string_view s);
	const std::string &str(StrId id) const { return strings_[id]; }

	KeyId new_key(std::string_view object, std::string_view field, Fmt fmt, int64_t initial);
	RegionId new_region(std::string_view name, uint32_t size, uint64_t iova = 0);

	void step(StepKind kind, uint16_t depth, StrId fn, StrId anchor, int64_t value, uint64_t time_ns,
		  std::string_view text);
	void delta(KeyId k, int64_t old_v, int64_t new_v) { deltas_.push_back({k, old_v, new_v}); }
	void bytes(RegionId r, uint32_t off, const uint8_t *old_b, const uint8_t *new_b, uint32_t len);
	// Grow a region (e.g. reallocation); recorded as a byte delta on the new tail.
	void resize_region(RegionId r, uint32_t size);

	// Accessors used by the state rebuilder, the cursor, storage and the app.
	size_t size() const { return steps_.size(); }
	const Step &at(size_t i) const { return steps_[i]; }
	std::string_view text(const Step &s) const { return {text_.data() + s.text_off, s.text_len}; }
	uint32_t delta_end(size_t i) const
	{
		return i + 1 < steps_.size() ? steps_[i + 1].delta_begin : (uint32_t)deltas_.size();
	}
	uint32_t bytes_end(size_t i) const
	{
		return i + 1 < steps_.size() ? steps_[i + 1].bytes_begin : (uint32_t)bdeltas_.size();
	}
	const std::vector<Delta> &deltas() const { return deltas_; }
	const std::vector<ByteDelta> &byte_deltas() const { return bdeltas_; }
	const uint8_t *pool(uint64_t off) const { return pool_.data() + off; }
	const std::vector<KeyInfo> &keys() const { return keys_; }
	const std::vector<RegionInfo> &regions() const { return regions_; }
	const std::vector<int64_t> &key_initial() const { return key_init_; }
	const std::vector<std::string> &strings() const { return strings_; }
	KeyId find_key(std::string_view object, std::string_view field) const;
	RegionId find_region(std::string_view name) const;

	// Metadata (scenario name, kernel version, ...), stored with the trace.
	std::vector<std::pair<std::string, std::string>> meta;
	std::string meta_get(std::string_view k) const;

	// Approximate memory used by the recording (bench: bytes per step).
	size_t bytes_used() const;

	// Raw access for the storage layer (load builds a Trace from these).
	struct Raw {
		std::vector<std::string> *strings;
		std::vector<Step> *steps;
		std::vector<Delta> *deltas;
		std::vector<ByteDelta> *bdeltas;
		std::vector<uint8_t> *pool;
		std::vector<char> *text;
		std::vector<KeyInfo> *keys;
		std::vector<int64_t> *key_init;
		std::vector<RegionInfo> *regions;
	};
	Raw raw()
	{
		return {&strings_, &steps_, &deltas_,	&bdeltas_, &pool_,
			&text_,	   &keys_,  &key_init_, &regions_};
	}
	void rebuild_index(); // after a load: rebuild the intern table

private:
	uint32_t born_step() const { return steps_.empty() ? 0 : (uint32_t)steps_.size() - 1; }
	std::vector<std::string> strings_;
	std::unordered_map<std::string, StrId> intern_;
	std::vector<Step> steps_;
	std::vector<Delta> deltas_;
	std::vector<ByteDelta> bdeltas_;
	std::vector<uint8_t> pool_;
	std::vector<char> text_;
	std::vector<KeyInfo> keys_;
	std::vector<int64_t> key_init_;
	std::vector<RegionInfo> regions_;
};

} // namespace sp
