// SPDX-License-Identifier: GPL-2.0-or-later
#include "sim/query.h"

#include <climits>

namespace sp
{

TraceQuery::TraceQuery(const Trace &t) : t_(t)
{
	for (KeyId k = 1; k < t.keys().size(); k++) {
		const KeyInfo &ki = t.keys()[k];
		keys_[{t.str(ki.object), t.str(ki.field)}].push_back(k);
		by_object_[t.str(ki.object)].push_back(k);
	}
	for (RegionId r = 1; r < t.regions().size(); r++)
		regions_[t.str(t.regions()[r].name)].push_back(r);
}

KeyId TraceQuery::key_at(const std::string &object, const std::string &field, size_t step) const
{
	auto it = keys_.find({object, field});
	if (it == keys_.end())
		return 0;
	KeyId best = 0;
	for (KeyId k : it->second)
		if (t_.keys()[k].born <= step)
			best = k;
	return best;
}

std::vector<std::pair<std::string, KeyId>> TraceQuery::fields_of(const std::string &object, size_t step) const
{
	std::vector<std::pair<std::string, KeyId>> out;
	std::map<std::string, size_t> pos;
	auto it = by_object_.find(object);
	if (it == by_object_.end())
		return out;
	for (KeyId k : it->second) {
		if (t_.keys()[k].born > step)
			continue;
		const std::string &f = t_.str(t_.keys()[k].field);
		auto p = pos.find(f);
		if (p == pos.end()) {
			pos[f] = out.size();
			out.push_back({f, k});
		} else {
			out[p->second].second = k; // a newer object of the same name
		}
	}
	return out;
}

RegionId TraceQuery::region_at(const std::string &name, size_t step) const
{
	auto it = regions_.find(name);
	if (it == regions_.end())
		return 0;
	RegionId best = 0;
	for (RegionId r : it->second)
		if (t_.regions()[r].born <= step)
			best = r;
	return best;
}

std::string TraceQuery::head_owner(const State &s, const std::string &skb) const
{
	int64_t id = value(s, skb, "head_id");
	return id ? "skb#" + std::to_string(id) : skb;
}

std::vector<std::pair<uint64_t, int64_t>> TraceQuery::series(const std::string &object,
							     const std::string &field) const
{
	std::vector<std::pair<uint64_t, int64_t>> out;
	auto it = keys_.find({object, field});
	if (it == keys_.end())
		return out;
	KeyId k = it->second.front();
	out.push_back({0, t_.key_initial()[k]});
	const auto &d = t_.deltas();
	size_t step = 0;
	for (uint32_t i = 0; i < d.size(); i++) {
		if (d[i].key != k)
			continue;
		while (step + 1 < t_.size() && t_.at(step + 1).delta_begin <= i)
			step++;
		out.push_back({t_.at(step).time_ns, d[i].new_v});
	}
	return out;
}

size_t TraceQuery::enclosing_call(size_t n, const std::string &fn) const
{
	int depth = t_.at(n).depth;
	for (size_t m = n + 1; m-- > 0;) {
		const Step &s = t_.at(m);
		if (s.kind == StepKind::Enter && s.depth <= depth) {
			if (t_.str(s.fn) == fn)
				return m;
			depth = s.depth - 1;
		}
		if (depth <= 0)
			break;
	}
	return SIZE_MAX;
}

static std::string first_skb(std::string_view text)
{
	size_t p = text.find("skb#");
	if (p == std::string_view::npos)
		return {};
	size_t e = p + 4;
	while (e < text.size() && isdigit((unsigned char)text[e]))
		e++;
	return e > p + 4 ? std::string(text.substr(p, e - p)) : std::string();
}

std::string TraceQuery::current_skb(size_t n) const
{
	std::string s = first_skb(t_.text(t_.at(n)));
	if (!s.empty())
		return s;
	int depth = t_.at(n).depth;
	for (size_t m = n + 1; m-- > 0 && depth > 0;) {
		const Step &st = t_.at(m);
		if (st.kind == StepKind::Enter && st.depth <= depth) {
			s = first_skb(t_.text(st));
			if (!s.empty())
				return s;
			depth = st.depth - 1;
		}
	}
	return {};
}

} // namespace sp
