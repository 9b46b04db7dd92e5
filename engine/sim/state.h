// SPDX-License-Identifier: GPL-2.0-or-later
// Rebuilding the modelled state at any step of a Trace (values of every traced field and the
// bytes of every traced region), with periodic checkpoints so a jump costs at most K steps of
// deltas. Regions are shared copy-on-write between checkpoints.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/trace.h"

namespace sp
{

struct State {
	static constexpr unsigned CHUNK_SHIFT = 12; // values are kept in shared chunks of 4096 keys
	size_t step = 0;			    // state *after* this step's writes
	std::vector<std::shared_ptr<std::vector<int64_t>>> chunks; // by KeyId >> CHUNK_SHIFT
	std::vector<std::shared_ptr<std::vector<uint8_t>>> mem;	   // by RegionId (null = never written)

	int64_t value(KeyId k) const
	{
		size_t c = k >> CHUNK_SHIFT;
		return c < chunks.size() ? (*chunks[c])[k & ((1u << CHUNK_SHIFT) - 1)] : 0;
	}
	void set(KeyId k, int64_t v); // copy-on-write
	const std::vector<uint8_t> *region(RegionId r) const
	{
		return r < mem.size() ? mem[r].get() : nullptr;
	}
};

class StateIndex
{
public:
	explicit StateIndex(const Trace &t, size_t every = 4096);

	// State after step n (0 <= n < trace.size()).
	State at(size_t n) const;
	// Move a State forward or backward to step n using deltas (reverse applies old values).
	void move(State &s, size_t n) const;

	// The last step <= n that wrote key k (nullopt: never written after the initial value).
	std::optional<size_t> who_wrote(KeyId k, size_t n) const;
	// The last step <= n that wrote byte `off` of region r.
	std::optional<size_t> who_wrote_byte(RegionId r, uint32_t off, size_t n) const;
	// The first step > n that changes key k (forward) / the last step < n that did (reverse).
	std::optional<size_t> next_change(KeyId k, size_t n) const;
	std::optional<size_t> prev_change(KeyId k, size_t n) const;

	const Trace &trace() const { return t_; }
	size_t checkpoints() const { return cps_.size(); }

private:
	void apply(State &s, size_t step, bool forward) const;
	size_t step_of_delta(uint32_t di) const;
	size_t step_of_bytes(uint32_t bi) const;
	const Trace &t_;
	size_t every_;
	std::vector<State> cps_;
	std::vector<size_t> first_write_; // by RegionId: the step of its first byte write (SIZE_MAX: none)
};

} // namespace sp
