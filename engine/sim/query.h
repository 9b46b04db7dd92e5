// SPDX-License-Identifier: GPL-2.0-or-later
// Fast lookups over a recorded Trace for views and the CLI: the key of "object.field" alive at a
// step (objects such as skb#12 are born during the run), the objects of a kind, and series of a
// field's value over virtual time.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "sim/state.h"

namespace sp
{

class TraceQuery
{
public:
	explicit TraceQuery(const Trace &t);
	// The newest key named object.field born at or before `step` (0 if none).
	KeyId key_at(const std::string &object, const std::string &field, size_t step) const;
	int64_t value(const State &s, const std::string &object, const std::string &field) const
	{
		KeyId k = key_at(object, field, s.step);
		return k ? s.value(k) : 0;
	}
	// Fields of an object (in registration order) as they exist at `step`.
	std::vector<std::pair<std::string, KeyId>> fields_of(const std::string &object, size_t step) const;
	// (time_ns, value) each time the field changed, for charts.
	std::vector<std::pair<uint64_t, int64_t>> series(const std::string &object,
							 const std::string &field) const;
	// The step of the Enter of the innermost open call of `fn` at step n (or SIZE_MAX).
	size_t enclosing_call(size_t n, const std::string &fn) const;
	// The first skb name ("skb#12") in the current step's text or its call stack's arguments.
	std::string current_skb(size_t n) const;
	// The newest region of that name created at or before `step` (0 if none).
	RegionId region_at(const std::string &name, size_t step) const;
	// The skb whose head and shinfo `skb` uses at that step (itself, or a clone's original).
	std::string head_owner(const State &s, const std::string &skb) const;
	const Trace &trace() const { return t_; }

private:
	const Trace &t_;
	std::map<std::pair<std::string, std::string>, std::vector<KeyId>> keys_; // in birth order
	std::map<std::string, std::vector<KeyId>> by_object_;
	std::map<std::string, std::vector<RegionId>> regions_;
};

} // namespace sp
