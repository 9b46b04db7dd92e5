// SPDX-License-Identifier: GPL-2.0-or-later
#include "sim/trace.h"

#include <algorithm>

namespace sp
{

Trace::Trace()
{
	strings_.emplace_back();
	intern_.emplace("", 0);
	keys_.push_back({0, 0, Fmt::Dec, 0}); // KeyId 0 = untraced
	key_init_.push_back(0);
	regions_.push_back({0, 0, 0, 0}); // RegionId 0 = untraced
}

StrId Trace::intern(std::string_view s)
{
	auto it = intern_.find(std::string(s));
	if (it != intern_.end())
		return it->second;
	StrId id = (StrId)strings_.size();
	strings_.emplace_back(s);
	intern_.emplace(strings_.back(), id);
	return id;
}

KeyId Trace::new_key(std::string_view object, std::string_view field, Fmt fmt, int64_t initial)
{
	keys_.push_back({intern(object), intern(field), fmt, born_step()});
	key_init_.push_back(initial);
	return (KeyId)(keys_.size() - 1);
}

RegionId Trace::new_region(std::string_view name, uint32_t size, uint64_t iova)
{
	regions_.push_back({intern(name), size, iova, born_step()});
	return (RegionId)(regions_.size() - 1);
}

void Trace::resize_region(RegionId r, uint32_t size)
{
	if (r && size > regions_[r].size)
		regions_[r].size = size;
}

void Trace::step(StepKind kind, uint16_t depth, StrId fn, StrId anchor, int64_t value, uint64_t time_ns,
		 std::string_view text)
{
	Step s{kind,
	       0,
	       depth,
	       fn,
	       anchor,
	       value,
	       time_ns,
	       (uint32_t)text_.size(),
	       (uint32_t)text.size(),
	       (uint32_t)deltas_.size(),
	       (uint32_t)bdeltas_.size()};
	text_.insert(text_.end(), text.begin(), text.end());
	steps_.push_back(s);
}

void Trace::bytes(RegionId r, uint32_t off, const uint8_t *old_b, const uint8_t *new_b, uint32_t len)
{
	if (!r || !len)
		return;
	bool zero = std::all_of(old_b, old_b + len, [](uint8_t b) { return b == 0; });
	ByteDelta d{r, off, len, pool_.size(), zero};
	if (!zero)
		pool_.insert(pool_.end(), old_b, old_b + len);
	pool_.insert(pool_.end(), new_b, new_b + len);
	bdeltas_.push_back(d);
	if (off + len > regions_[r].size)
		regions_[r].size = off + len;
}

KeyId Trace::find_key(std::string_view object, std::string_view field) const
{
	// Newest object with that name wins (objects such as skbs are numbered, so this is unique).
	for (size_t i = keys_.size(); i-- > 1;)
		if (strings_[keys_[i].object] == object && strings_[keys_[i].field] == field)
			return (KeyId)i;
	return 0;
}

RegionId Trace::find_region(std::string_view name) const
{
	for (size_t i = regions_.size(); i-- > 1;)
		if (strings_[regions_[i].name] == name)
			return (RegionId)i;
	return 0;
}

std::string Trace::meta_get(std::string_view k) const
{
	for (auto &[a, b] : meta)
		if (a == k)
			return b;
	return {};
}

size_t Trace::bytes_used() const
{
	size_t n = steps_.size() * sizeof(Step) + deltas_.size() * sizeof(Delta) +
		   bdeltas_.size() * sizeof(ByteDelta) + pool_.size() + text_.size() +
		   keys_.size() * (sizeof(KeyInfo) + 8) + regions_.size() * sizeof(RegionInfo);
	for (auto &s : strings_)
		n += s.size() + sizeof(std::string);
	return n;
}

void Trace::rebuild_index()
{
	intern_.clear();
	for (size_t i = 0; i < strings_.size(); i++)
		intern_.emplace(strings_[i], (StrId)i);
}

} // namespace sp
