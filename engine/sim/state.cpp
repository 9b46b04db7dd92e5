// SPDX-License-Identifier: GPL-2.0-or-later
#include "sim/state.h"

#include <algorithm>
#include <cstring>

namespace sp
{

void State::set(KeyId k, int64_t v)
{
	auto &c = chunks[k >> CHUNK_SHIFT];
	if (c.use_count() > 1)
		c = std::make_shared<std::vector<int64_t>>(*c);
	(*c)[k & ((1u << CHUNK_SHIFT) - 1)] = v;
}

StateIndex::StateIndex(const Trace &t, size_t every) : t_(t), every_(every ? every : 4096)
{
	State s;
	const auto &init = t.key_initial();
	size_t nchunks = (init.size() >> State::CHUNK_SHIFT) + 1;
	for (size_t c = 0; c < nchunks; c++) {
		auto v = std::make_shared<std::vector<int64_t>>(1u << State::CHUNK_SHIFT, 0);
		for (size_t i = 0; i < v->size() && (c << State::CHUNK_SHIFT) + i < init.size(); i++)
			(*v)[i] = init[(c << State::CHUNK_SHIFT) + i];
		s.chunks.push_back(v);
	}
	s.mem.resize(t.regions().size());
	first_write_.assign(t.regions().size(), SIZE_MAX);
	for (size_t i = 0; i < t.size(); i++)
		for (uint32_t b = t.at(i).bytes_begin; b < t.bytes_end(i); b++)
			first_write_[t.byte_deltas()[b].region] =
			    std::min(first_write_[t.byte_deltas()[b].region], i);
	s.step = 0;
	apply(s, 0, true);
	cps_.push_back(s);
	for (size_t i = 1; i < t.size(); i++) {
		apply(s, i, true);
		s.step = i;
		if (i % every_ == 0)
			cps_.push_back(s);
	}
}

void StateIndex::apply(State &s, size_t step, bool forward) const
{
	const auto &d = t_.deltas();
	uint32_t b = t_.at(step).delta_begin, e = t_.delta_end(step);
	if (forward)
		for (uint32_t i = b; i < e; i++)
			s.set(d[i].key, d[i].new_v);
	else
		for (uint32_t i = e; i-- > b;)
			s.set(d[i].key, d[i].old_v);
	const auto &bd = t_.byte_deltas();
	uint32_t bb = t_.at(step).bytes_begin, be = t_.bytes_end(step);
	auto put = [&](const ByteDelta &x, bool fwd) {
		auto &r = s.mem[x.region];
		if (!r)
			r = std::make_shared<std::vector<uint8_t>>(t_.regions()[x.region].size, 0);
		else if (r.use_count() > 1)
			r = std::make_shared<std::vector<uint8_t>>(*r);
		if (r->size() < x.offset + x.len)
			r->resize(x.offset + x.len, 0);
		if (fwd)
			std::memcpy(r->data() + x.offset, t_.pool(x.pool_off + (x.old_zero ? 0 : x.len)),
				    x.len);
		else if (x.old_zero)
			std::memset(r->data() + x.offset, 0, x.len);
		else
			std::memcpy(r->data() + x.offset, t_.pool(x.pool_off), x.len);
	};
	if (forward)
		for (uint32_t i = bb; i < be; i++)
			put(bd[i], true);
	else
		for (uint32_t i = be; i-- > bb;) {
			put(bd[i], false);
			// Undoing a region's first write leaves it never written (null), as a forward walk
			// has it.
			if (first_write_[bd[i].region] == step)
				s.mem[bd[i].region].reset();
		}
}

State StateIndex::at(size_t n) const
{
	if (n >= t_.size())
		n = t_.size() - 1;
	State s = cps_[n / every_];
	move(s, n);
	return s;
}

void StateIndex::move(State &s, size_t n) const
{
	if (n >= t_.size())
		n = t_.size() - 1;
	// Jump through a checkpoint when that is shorter than walking.
	size_t cp = n / every_;
	size_t dist = s.step > n ? s.step - n : n - s.step;
	if (dist > n - cp * every_) {
		s = cps_[cp];
	}
	while (s.step < n)
		apply(s, ++s.step, true);
	while (s.step > n)
		apply(s, s.step--, false);
}

size_t StateIndex::step_of_delta(uint32_t di) const
{
	// The step whose [delta_begin, next.delta_begin) range holds di.
	size_t lo = 0, hi = t_.size();
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (t_.at(mid).delta_begin <= di)
			lo = mid;
		else
			hi = mid;
	}
	while (lo + 1 < t_.size() && t_.at(lo + 1).delta_begin <= di)
		lo++;
	return lo;
}

size_t StateIndex::step_of_bytes(uint32_t bi) const
{
	size_t lo = 0, hi = t_.size();
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (t_.at(mid).bytes_begin <= bi)
			lo = mid;
		else
			hi = mid;
	}
	while (lo + 1 < t_.size() && t_.at(lo + 1).bytes_begin <= bi)
		lo++;
	return lo;
}

std::optional<size_t> StateIndex::who_wrote(KeyId k, size_t n) const
{
	const auto &d = t_.deltas();
	for (uint32_t i = t_.delta_end(std::min(n, t_.size() - 1)); i-- > 0;)
		if (d[i].key == k)
			return step_of_delta(i);
	return std::nullopt;
}

std::optional<size_t> StateIndex::who_wrote_byte(RegionId r, uint32_t off, size_t n) const
{
	const auto &bd = t_.byte_deltas();
	for (uint32_t i = t_.bytes_end(std::min(n, t_.size() - 1)); i-- > 0;)
		if (bd[i].region == r && off >= bd[i].offset && off < bd[i].offset + bd[i].len)
			return step_of_bytes(i);
	return std::nullopt;
}

std::optional<size_t> StateIndex::next_change(KeyId k, size_t n) const
{
	const auto &d = t_.deltas();
	if (n + 1 >= t_.size())
		return std::nullopt;
	for (uint32_t i = t_.at(n + 1).delta_begin; i < d.size(); i++)
		if (d[i].key == k && d[i].old_v != d[i].new_v)
			return step_of_delta(i);
	return std::nullopt;
}

std::optional<size_t> StateIndex::prev_change(KeyId k, size_t n) const
{
	const auto &d = t_.deltas();
	if (n == 0)
		return std::nullopt;
	for (uint32_t i = t_.at(n).delta_begin; i-- > 0;)
		if (d[i].key == k && d[i].old_v != d[i].new_v)
			return step_of_delta(i);
	return std::nullopt;
}

} // namespace sp
