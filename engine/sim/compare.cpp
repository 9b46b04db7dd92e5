// SPDX-License-Identifier: GPL-2.0-or-later
// Compare mode (engine/sim/compare.h): hierarchical alignment of two recordings and the list of
// their differences.
#include "sim/compare.h"

#include <algorithm>
#include <cinttypes>
#include <map>
#include <set>
#include <unordered_map>

#include "linux/skbuff.h"
#include "linux/types.h"

namespace sp
{

const char *diff_kind_name(DiffKind k)
{
	switch (k) {
	case DiffKind::Call:
		return "call";
	case DiffKind::Branch:
		return "branch";
	case DiffKind::Order:
		return "order";
	case DiffKind::Return:
		return "return";
	case DiffKind::Value:
		return "value";
	case DiffKind::Field:
		return "field";
	case DiffKind::Syscall:
		return "syscall";
	case DiffKind::Frags:
		return "frags";
	case DiffKind::Wire:
		return "wire";
	case DiffKind::Ring:
		return "ring";
	}
	return "?";
}

namespace
{

constexpr uint32_t NONE = UINT32_MAX;

// "skb#12" -> "skb#": objects of the two runs are matched by kind, not by serial number.
std::string strip_serials(const std::string &s)
{
	std::string o;
	o.reserve(s.size());
	for (size_t i = 0; i < s.size(); i++) {
		o += s[i];
		if (s[i] == '#')
			while (i + 1 < s.size() && isdigit((unsigned char)s[i + 1]))
				i++;
	}
	return o;
}

std::string clip(std::string_view s, size_t n = 90)
{
	return s.size() <= n ? std::string(s) : std::string(s.substr(0, n)) + "...";
}

// The call tree of one recording: every Enter is a node whose items are its Line/Event steps and
// the Enter steps of its direct callees, in order. Node 0 is the top level (step 0).
struct Tree {
	const Trace *t = nullptr;
	struct Node {
		uint32_t enter, exit; // exit: NONE when the run stopped inside the call
		std::vector<uint32_t> items;
	};
	std::vector<Node> nodes;
	std::vector<uint32_t> node_of; // Enter step -> node (NONE otherwise)
	std::vector<uint32_t> parent;  // step -> Enter step of its frame (0: top level)

	void build(const Trace &tr)
	{
		t = &tr;
		size_t n = tr.size();
		node_of.assign(n, NONE);
		parent.assign(n, 0);
		nodes.push_back({0, NONE, {}});
		if (n)
			node_of[0] = 0;
		std::vector<uint32_t> stack{0};
		for (uint32_t i = 1; i < n; i++) {
			const Step &s = tr.at(i);
			Node &top = nodes[stack.back()];
			parent[i] = top.enter;
			if (s.kind == StepKind::Enter) {
				top.items.push_back(i);
				node_of[i] = (uint32_t)nodes.size();
				stack.push_back((uint32_t)nodes.size());
				nodes.push_back({i, NONE, {}});
			} else if (s.kind == StepKind::Exit) {
				if (stack.size() > 1) {
					top.exit = i;
					stack.pop_back();
				}
			} else {
				top.items.push_back(i);
			}
		}
	}
	// Last step of the subtree of an item (the item itself for a line).
	uint32_t last_of(uint32_t step) const
	{
		uint32_t nd = node_of[step];
		if (nd == NONE || nd == 0)
			return step;
		return nodes[nd].exit != NONE ? nodes[nd].exit : (uint32_t)t->size() - 1;
	}
};

using Pairs = std::vector<std::pair<int32_t, int32_t>>; // (index in a, index in b), -1: one-sided

// Longest common subsequence of two key lists (suffix table, forward walk: deterministic ties).
void lcs(const std::vector<int> &a, const std::vector<int> &b, size_t a0, size_t a1, size_t b0, size_t b1,
	 Pairs &out)
{
	size_t n = a1 - a0, m = b1 - b0;
	std::vector<uint32_t> L((n + 1) * (m + 1), 0);
	auto at = [&](size_t i, size_t j) -> uint32_t & { return L[i * (m + 1) + j]; };
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;)
			at(i, j) = a[a0 + i] == b[b0 + j] ? at(i + 1, j + 1) + 1
							  : std::max(at(i + 1, j), at(i, j + 1));
	size_t i = 0, j = 0;
	while (i < n && j < m) {
		if (a[a0 + i] == b[b0 + j] && at(i, j) == at(i + 1, j + 1) + 1) {
			out.push_back({(int32_t)(a0 + i), (int32_t)(b0 + j)});
			i++, j++;
		} else if (at(i + 1, j) >= at(i, j + 1)) {
			out.push_back({(int32_t)(a0 + i), -1}), i++;
		} else {
			out.push_back({-1, (int32_t)(b0 + j)}), j++;
		}
	}
	for (; i < n; i++)
		out.push_back({(int32_t)(a0 + i), -1});
	for (; j < m; j++)
		out.push_back({-1, (int32_t)(b0 + j)});
}

// Model: long lists (long runs' top level) are aligned greedily: at a mismatch, skip the fewest
// items (within a window) on either side to reach the next equal pair.
void greedy(const std::vector<int> &a, const std::vector<int> &b, size_t i, size_t a1, size_t j, size_t b1,
	    size_t w, Pairs &out)
{
	while (i < a1 && j < b1) {
		if (a[i] == b[j]) {
			out.push_back({(int32_t)i++, (int32_t)j++});
			continue;
		}
		std::unordered_map<int, size_t> first_b;
		for (size_t d = 0; d <= w && j + d < b1; d++)
			first_b.emplace(b[j + d], d);
		size_t best = SIZE_MAX, bi = 0, bj = 0;
		for (size_t d = 0; d <= w && i + d < a1 && d < best; d++) {
			auto it = first_b.find(a[i + d]);
			if (it != first_b.end() && d + it->second < best)
				best = d + it->second, bi = d, bj = it->second;
		}
		if (best == SIZE_MAX)
			bi = 1, bj = 1;
		for (size_t d = 0; d < bi && i < a1; d++)
			out.push_back({(int32_t)i++, -1});
		for (size_t d = 0; d < bj && j < b1; d++)
			out.push_back({-1, (int32_t)j++});
	}
	for (; i < a1; i++)
		out.push_back({(int32_t)i, -1});
	for (; j < b1; j++)
		out.push_back({-1, (int32_t)j});
}

Pairs align(const std::vector<int> &a, const std::vector<int> &b, const CompareOptions &opt)
{
	Pairs out;
	size_t n = a.size(), m = b.size(), p = 0, s = 0;
	while (p < n && p < m && a[p] == b[p])
		p++;
	while (s < n - p && s < m - p && a[n - 1 - s] == b[m - 1 - s])
		s++;
	for (size_t k = 0; k < p; k++)
		out.push_back({(int32_t)k, (int32_t)k});
	size_t mn = n - p - s, mm = m - p - s;
	if (mn && mm && (mn + 1) * (mm + 1) <= opt.max_lcs_cells)
		lcs(a, b, p, n - s, p, m - s, out);
	else
		greedy(a, b, p, n - s, p, m - s, opt.window, out);
	for (size_t k = s; k > 0; k--)
		out.push_back({(int32_t)(n - k), (int32_t)(m - k)});
	return out;
}

class Builder
{
public:
	Builder(Comparison &c, const CompareOptions &opt) : c_(c), opt_(opt)
	{
		ta_.build(*c.run615.trace);
		tb_.build(*c.run616.trace);
		c_.row615_.assign(ta_.t->size(), NONE);
		c_.row616_.assign(tb_.t->size(), NONE);
		keyA_.assign(ta_.t->strings().size(), -1);
		keyB_.assign(tb_.t->strings().size(), -1);
		fieldA_.assign(ta_.t->keys().size() + 1, -1);
		fieldB_.assign(tb_.t->keys().size() + 1, -1);
	}

	void run()
	{
		walk(0, 0, true);
		flush_writes();
		syscalls();
		frags();
		wire();
		finish();
		c_.parent615_ = std::move(ta_.parent);
		c_.parent616_ = std::move(tb_.parent);
	}

private:
	Comparison &c_;
	const CompareOptions &opt_;
	Tree ta_, tb_;
	std::unordered_map<std::string, int> ids_; // interned names shared by both traces
	std::vector<int> keyA_, keyB_;		   // StrId -> id
	std::vector<int> fieldA_, fieldB_;	   // KeyId -> id of "object-kind.field"
	std::vector<std::string> names_;	   // id -> name
	std::vector<Difference> diffs_;

	int intern(const std::string &s)
	{
		auto [it, fresh] = ids_.emplace(s, (int)names_.size());
		if (fresh)
			names_.push_back(s);
		return it->second;
	}
	const Tree &tree(bool b) const { return b ? tb_ : ta_; }
	const Trace &tr(bool b) const { return *tree(b).t; }
	std::string fn(bool b, uint32_t step) const
	{
		const std::string &f = tr(b).str(tr(b).at(step).fn);
		return f.empty() ? "(top level)" : f;
	}

	// Alignment key of an item: its function (Enter) or anchor (Line/Event), and its kind.
	int item_key(bool b, uint32_t step)
	{
		const Trace &t = tr(b);
		const Step &s = t.at(step);
		StrId sid = s.kind == StepKind::Enter ? s.fn : s.anchor;
		auto &cache = b ? keyB_ : keyA_;
		if (sid >= cache.size())
			cache.resize(sid + 1, -1);
		if (cache[sid] < 0)
			cache[sid] = intern(t.str(sid));
		return cache[sid] * 4 + (int)s.kind;
	}
	int field_id(bool b, KeyId k)
	{
		auto &cache = b ? fieldB_ : fieldA_;
		if (cache[k] < 0)
			cache[k] = intern(field_name(b, k, true));
		return cache[k];
	}
	std::string field_name(bool b, KeyId k, bool stripped) const
	{
		const Trace &t = tr(b);
		const KeyInfo &ki = t.keys()[k]; // KeyId 0 is the untraced placeholder
		std::string o = t.str(ki.object) + "." + t.str(ki.field);
		return stripped ? strip_serials(o) : o;
	}

	void add(DiffKind k, std::string function, int64_t a, int64_t b, std::string detail,
		 std::string group)
	{
		diffs_.push_back({k, std::move(function), a, b, std::move(detail), 1,
				  std::string(diff_kind_name(k)) + "|" + group});
	}

	void row(int64_t a, int64_t b, bool differs)
	{
		if (a >= 0)
			c_.row615_[a] = (uint32_t)c_.rows.size();
		if (b >= 0)
			c_.row616_[b] = (uint32_t)c_.rows.size();
		c_.rows.push_back({a, b, differs});
	}
	void one_sided(bool b, uint32_t item, bool emit)
	{
		if (!emit)
			return;
		for (uint32_t s = item, e = tree(b).last_of(item); s <= e; s++)
			b ? row(-1, s, true) : row(s, -1, true);
	}

	// Scalar writes made at a step: (field id, value), from deltas and fields born at it.
	std::vector<std::pair<int, int64_t>> writes(bool b, uint32_t step)
	{
		const Trace &t = tr(b);
		std::vector<std::pair<int, int64_t>> w;
		const Step &s = t.at(step);
		for (uint32_t d = s.delta_begin; d < t.delta_end(step); d++)
			w.push_back({field_id(b, t.deltas()[d].key), t.deltas()[d].new_v});
		std::stable_sort(w.begin(), w.end(),
				 [](const auto &x, const auto &y) { return x.first < y.first; });
		return w;
	}
	// Bytes written to the NIC ring at a step: "region@offset" -> bytes.
	std::map<std::string, std::vector<uint8_t>> ring_writes(bool b, uint32_t step)
	{
		const Trace &t = tr(b);
		std::map<std::string, std::vector<uint8_t>> w;
		const Step &s = t.at(step);
		for (uint32_t d = s.bytes_begin; d < t.bytes_end(step); d++) {
			const ByteDelta &bd = t.byte_deltas()[d];
			const std::string &rn =
			    t.str(t.regions()[bd.region < t.regions().size() ? bd.region : 0].name);
			if (rn.rfind("ring", 0) != 0)
				continue;
			const uint8_t *nb = t.pool(bd.pool_off + (bd.old_zero ? 0 : bd.len));
			w[rn + "@" + std::to_string(bd.offset)].assign(nb, nb + bd.len);
		}
		return w;
	}

	// Writes are compared per aligned step pair, together with the writes of the one-sided lines
	// (and one-sided calls' returns) that follow it before the next aligned step: a write then
	// counts as the same whichever nearby line the model happened to record it after.
	struct Pending {
		int64_t a = -1, b = -1;
		size_t row = SIZE_MAX;
		std::vector<std::pair<int, int64_t>> wa, wb;
		std::map<std::string, std::vector<uint8_t>> ra, rb;
	} pend_;
	void start_writes(uint32_t a, uint32_t b, bool emit)
	{
		flush_writes();
		pend_.a = a, pend_.b = b;
		pend_.row = emit ? c_.rows.size() - 1 : SIZE_MAX;
		pend_.wa = writes(false, a), pend_.wb = writes(true, b);
		pend_.ra = ring_writes(false, a), pend_.rb = ring_writes(true, b);
	}
	void fold_writes(bool side, uint32_t step)
	{
		if (pend_.a < 0)
			return;
		auto w = writes(side, step);
		auto &into = side ? pend_.wb : pend_.wa;
		into.insert(into.end(), w.begin(), w.end());
		for (auto &[k, v] : ring_writes(side, step))
			(side ? pend_.rb : pend_.ra)[k] = v;
	}
	void flush_writes()
	{
		if (pend_.a < 0)
			return;
		auto by_field = [](std::vector<std::pair<int, int64_t>> &w) {
			std::stable_sort(w.begin(), w.end(),
					 [](const auto &x, const auto &y) { return x.first < y.first; });
		};
		by_field(pend_.wa);
		by_field(pend_.wb);
		bool d = compare_writes(pend_.a, pend_.b, pend_.wa, pend_.wb, pend_.ra, pend_.rb);
		if (d && pend_.row < c_.rows.size())
			c_.rows[pend_.row].differs = true;
		pend_ = Pending();
	}

	// Compare what two aligned steps wrote: traced fields and ring bytes.
	bool compare_writes(uint32_t a, uint32_t b, const std::vector<std::pair<int, int64_t>> &wa,
			    const std::vector<std::pair<int, int64_t>> &wb,
			    std::map<std::string, std::vector<uint8_t>> &ra,
			    std::map<std::string, std::vector<uint8_t>> &rb)
	{
		bool differs = false;
		if (wa != wb) {
			std::map<int, std::pair<std::vector<int64_t>, std::vector<int64_t>>> by;
			for (auto &[f, v] : wa)
				by[f].first.push_back(v);
			for (auto &[f, v] : wb)
				by[f].second.push_back(v);
			std::string detail, group;
			size_t n = 0;
			for (auto &[f, vv] : by) {
				if (vv.first == vv.second)
					continue;
				differs = true;
				auto show = [](const std::vector<int64_t> &v) {
					if (v.empty())
						return std::string("not written");
					std::string s = std::to_string(v.back());
					if (v.size() > 1)
						s += " (last of " + std::to_string(v.size()) + " writes)";
					return s;
				};
				if (n++ < 4)
					detail += (detail.empty() ? "" : "; ") + names_[f] + ": 6.15 " +
						  show(vv.first) + ", 6.16 " + show(vv.second);
				group += "|" + names_[f];
			}
			if (n > 4)
				detail += " (+" + std::to_string(n - 4) + " more fields)";
			if (differs) {
				std::string f615 = fn(false, a);
				add(DiffKind::Field, f615, a, b, detail, f615 + group);
			}
		}
		if (ra != rb) {
			differs = true;
			std::string where;
			for (auto &[k, v] : ra)
				if (!rb.count(k) || rb[k] != v)
					where = k;
			for (auto &[k, v] : rb)
				if (where.empty() && (!ra.count(k) || ra[k] != v))
					where = k;
			std::string f615 = fn(false, a);
			add(DiffKind::Ring, f615, a, b,
			    "ring bytes written differ at " + where + " (6.15 " + std::to_string(ra.size()) +
				" writes, 6.16 " + std::to_string(rb.size()) + ")",
			    f615 + "|" + strip_serials(where.substr(0, where.find('@'))));
		}
		return differs;
	}

	std::string item_name(bool b, uint32_t step) const
	{
		const Step &s = tr(b).at(step);
		if (s.kind == StepKind::Enter)
			return tr(b).str(s.fn) + "()";
		return tr(b).str(s.anchor);
	}

	// One difference for a run of consecutive one-sided items of one aligned call.
	void flush_run(std::vector<std::pair<bool, uint32_t>> &run, const std::string &parent,
		       const std::string &after)
	{
		if (run.empty())
			return;
		std::vector<uint32_t> side[2];
		bool calls = false;
		for (auto &[b, s] : run) {
			side[b].push_back(s);
			calls |= tr(b).at(s).kind == StepKind::Enter;
		}
		auto describe = [&](bool b) {
			auto &v = side[b];
			std::string d = b ? "6.16 only: " : "6.15 only: ";
			uint64_t steps = 0;
			for (uint32_t s : v)
				steps += tree(b).last_of(s) - s + 1;
			for (size_t i = 0; i < v.size() && i < 4; i++) {
				const Step &st = tr(b).at(v[i]);
				d += (i ? ", " : "") + item_name(b, v[i]);
				if (st.kind != StepKind::Enter)
					d += "=" + std::to_string(st.value) + " \"" +
					     clip(tr(b).text(st), 70) + "\"";
			}
			if (v.size() > 4)
				d += " (+" + std::to_string(v.size() - 4) + " more)";
			if (calls)
				d += " [" + std::to_string(steps) + " steps]";
			return d;
		};
		std::string detail, group = parent;
		for (int b = 0; b < 2; b++)
			if (!side[b].empty()) {
				detail += (detail.empty() ? "" : "; ") + describe(b);
				group += "|" + std::to_string(b);
				for (uint32_t s : side[b])
					group += "," + item_name(b, s);
			}
		int64_t a = side[0].empty() ? -1 : (int64_t)side[0][0];
		int64_t bb = side[1].empty() ? -1 : (int64_t)side[1][0];
		std::string function = parent;
		if (calls) {
			for (int b = 0; b < 2 && function == parent; b++)
				for (uint32_t s : side[b])
					if (tr(b).at(s).kind == StepKind::Enter) {
						function = fn(b, s);
						break;
					}
		}
		detail = "in " + parent + "() after " + after + ": " + detail;
		add(calls ? DiffKind::Call : DiffKind::Branch, function, a, bb, detail, group);
		run.clear();
	}

	// Align the calls at Enter steps ea (6.15) and eb (6.16); emit rows when `emit`.
	void walk(uint32_t ea, uint32_t eb, bool emit)
	{
		const Tree::Node &na = ta_.nodes[ta_.node_of[ea]], &nb = tb_.nodes[tb_.node_of[eb]];
		bool top = ea == 0;
		std::string parent = top ? std::string("(top level)") : fn(false, ea);
		if (emit)
			row(ea, eb, false);
		start_writes(ea, eb, emit);
		std::vector<int> ka, kb;
		ka.reserve(na.items.size());
		kb.reserve(nb.items.size());
		for (uint32_t s : na.items)
			ka.push_back(item_key(false, s));
		for (uint32_t s : nb.items)
			kb.push_back(item_key(true, s));
		Pairs al = align(ka, kb, opt_);

		// Moved items: the same key one-sided on both sides of this call (a few: not a divergence).
		std::map<int32_t, int32_t> moved_a, moved_b; // index -> partner index
		if (!top) {
			std::map<int, std::vector<int32_t>> oa, ob;
			for (auto &[i, j] : al) {
				if (j < 0)
					oa[ka[i]].push_back(i);
				if (i < 0)
					ob[kb[j]].push_back(j);
			}
			size_t nmoved = 0;
			for (auto &[k, v] : oa)
				if (ob.count(k))
					nmoved += std::min(v.size(), ob[k].size());
			if (nmoved && nmoved <= 4)
				for (auto &[k, v] : oa)
					if (ob.count(k))
						for (size_t x = 0; x < v.size() && x < ob[k].size(); x++) {
							moved_a[v[x]] = ob[k][x];
							moved_b[ob[k][x]] = v[x];
						}
		}
		auto prev_item = [&](bool b, int32_t idx) {
			const auto &items = b ? nb.items : na.items;
			return idx == 0 ? std::string("the start") : item_name(b, items[idx - 1]);
		};

		std::vector<std::pair<bool, uint32_t>> run;
		std::string after = "its start";
		for (auto &[i, j] : al) {
			if (i >= 0 && j >= 0) {
				flush_run(run, parent, after);
				uint32_t sa = na.items[i], sb = nb.items[j];
				after = item_name(false, sa);
				if (tr(false).at(sa).kind == StepKind::Enter) {
					walk(sa, sb, emit);
					continue;
				}
				const Step &a = tr(false).at(sa), &b = tr(true).at(sb);
				bool d = a.value != b.value;
				if (d)
					add(DiffKind::Value, parent, sa, sb,
					    item_name(false, sa) + ": 6.15 " + std::to_string(a.value) +
						" \"" + clip(tr(false).text(a)) + "\", 6.16 " +
						std::to_string(b.value) + " \"" + clip(tr(true).text(b)) +
						"\"",
					    item_name(false, sa));
				if (emit)
					row(sa, sb, d);
				start_writes(sa, sb, emit);
				continue;
			}
			bool b = j >= 0;
			int32_t idx = b ? j : i;
			uint32_t step = b ? nb.items[idx] : na.items[idx];
			auto &moved = b ? moved_b : moved_a;
			if (moved.count(idx)) {
				one_sided(b, step, emit);
				// Reported once, at the first of the two positions met.
				int32_t other = moved[idx];
				uint32_t ostep = b ? na.items[other] : nb.items[other];
				if (!(b ? reported_a_ : reported_b_).count(ostep)) {
					(b ? reported_b_ : reported_a_).insert(step);
					{
						uint32_t s615 = b ? ostep : step, s616 = b ? step : ostep;
						int32_t i615 = b ? other : idx, i616 = b ? idx : other;
						add(DiffKind::Order,
						    item_name(false, s615) == item_name(true, s616)
							? fn(false, s615)
							: parent,
						    s615, s616,
						    "in " + parent + "(): " + item_name(false, s615) +
							" at item " + std::to_string(i615 + 1) +
							" in 6.15 (after " + prev_item(false, i615) +
							"), at item " + std::to_string(i616 + 1) +
							" in 6.16 (after " + prev_item(true, i616) + ")",
						    parent + "|" + item_name(false, s615));
						if (tr(false).at(s615).kind == StepKind::Enter)
							walk(s615, s616, false);
					}
				}
				continue;
			}
			run.push_back({b, step});
			one_sided(b, step, emit);
			fold_writes(b, tree(b).last_of(step)); // a call: the writes after it returned
		}
		flush_run(run, parent, after);

		if (top)
			return;
		bool ea_ok = na.exit != NONE, eb_ok = nb.exit != NONE;
		bool d = false;
		if (ea_ok && eb_ok) {
			const Step &xa = tr(false).at(na.exit), &xb = tr(true).at(nb.exit);
			if (xa.value != xb.value && !diffs_.empty() &&
			    diffs_.back().kind == DiffKind::Return && diffs_.back().group == ret_group_ &&
			    ret_vals_ == std::make_pair(xa.value, xb.value)) {
				// The callee's different return value passed up unchanged: one entry for the
				// chain.
				d = true;
				std::string &dt = diffs_.back().detail;
				dt += (dt.back() == 'y' ? " " : ", ") + parent + "()"; // after "passed up by"
			} else if (xa.value != xb.value) {
				d = true;
				add(DiffKind::Return, parent, na.exit, nb.exit,
				    parent + "() returns " + std::to_string(xa.value) +
					errno_suffix(xa.value) + " in 6.15, " + std::to_string(xb.value) +
					errno_suffix(xb.value) + " in 6.16; passed up by",
				    parent);
				ret_group_ = diffs_.back().group;
				ret_vals_ = {xa.value, xb.value};
			}
		}
		if (emit)
			row(ea_ok ? (int64_t)na.exit : -1, eb_ok ? (int64_t)nb.exit : -1,
			    d || ea_ok != eb_ok);
		if (ea_ok && eb_ok)
			start_writes(na.exit, nb.exit, emit);
	}
	std::set<uint32_t> reported_a_, reported_b_;
	std::string ret_group_;
	std::pair<int64_t, int64_t> ret_vals_;

	static std::string errno_suffix(int64_t v)
	{
		if (v < 0 && v > -4096) {
			const char *n = errno_name((int)-v);
			if (n && *n && n[0] == 'E')
				return std::string(" (-") + n + ")";
		}
		return "";
	}

	void syscalls()
	{
		auto &a = c_.run615.syscalls, &b = c_.run616.syscalls;
		auto res = [](const SyscallRecord &r) {
			return r.ret < 0 ? std::to_string(r.ret) + " " + errno_name(r.err)
					 : std::to_string(r.ret);
		};
		size_t n = std::min(a.size(), b.size());
		for (size_t i = 0; i < n; i++) {
			if (a[i].ret == b[i].ret && a[i].err == b[i].err) {
				if (a[i].call != b[i].call) // e.g. a netlink extack
					add(DiffKind::Syscall, a[i].call.substr(0, a[i].call.find('(')),
					    (int64_t)a[i].step, (int64_t)b[i].step,
					    "same result " + res(a[i]) + ", reported differently: 6.15 " +
						a[i].call + ", 6.16 " + b[i].call,
					    std::to_string(i));
				continue;
			}
			std::string name = a[i].call.substr(0, a[i].call.find('('));
			add(DiffKind::Syscall, name, (int64_t)a[i].step, (int64_t)b[i].step,
			    a[i].call + ": 6.15 " + res(a[i]) + ", 6.16 " + res(b[i]), std::to_string(i));
		}
		for (size_t i = n; i < std::max(a.size(), b.size()); i++) {
			bool in_b = b.size() > a.size();
			const SyscallRecord &r = in_b ? b[i] : a[i];
			add(DiffKind::Syscall, r.call.substr(0, r.call.find('(')),
			    in_b ? -1 : (int64_t)r.step, in_b ? (int64_t)r.step : -1,
			    r.call + " = " + res(r) + " only in " + (in_b ? "6.16" : "6.15"),
			    std::to_string(i));
		}
	}

	// Frag ownership: for every skb (in order of its first frag), how many frags of each owner.
	struct SkbFrags {
		std::string skb;
		uint32_t step;
		std::map<int, int> owners;
	};
	std::vector<SkbFrags> frag_list(bool b)
	{
		const Trace &t = tr(b);
		const auto &keys = t.keys();
		std::vector<SkbFrags> v;
		std::map<std::string, size_t> idx;
		const auto &ds = t.deltas();
		uint32_t step = 0;
		for (uint32_t d = 0; d < ds.size(); d++) {
			while (step + 1 < t.size() && t.at(step + 1).delta_begin <= d)
				step++;
			KeyId k = ds[d].key;
			const KeyInfo &ki = keys[k];
			const std::string &f = t.str(ki.field);
			if (!ds[d].new_v || f.rfind("shinfo.frags[", 0) != 0 || f.size() < 5 ||
			    f.compare(f.size() - 5, 5, ".page") != 0)
				continue;
			int owner = -1;
			if (d + 1 < ds.size() && ds[d + 1].key == k + 1)
				owner = (int)ds[d + 1].new_v;
			std::string obj = t.str(ki.object);
			auto [it, fresh] = idx.emplace(obj, v.size());
			if (fresh)
				v.push_back({obj, step, {}});
			v[it->second].owners[owner]++;
		}
		return v;
	}
	static std::string owners_text(const std::map<int, int> &m)
	{
		std::string s;
		for (auto &[o, n] : m)
			s += (s.empty() ? "" : " + ") + std::to_string(n) + "x " +
			     (o >= 0 ? page_owner_name((PageOwner)o) : "?");
		return s.empty() ? "none" : s;
	}
	void frags()
	{
		auto a = frag_list(false), b = frag_list(true);
		std::map<int, int> ta, tb;
		for (auto &x : a)
			for (auto &[o, n] : x.owners)
				ta[o] += n;
		for (auto &x : b)
			for (auto &[o, n] : x.owners)
				tb[o] += n;
		size_t first = SIZE_MAX;
		for (size_t i = 0; i < std::max(a.size(), b.size()) && first == SIZE_MAX; i++)
			if (i >= a.size() || i >= b.size() || a[i].owners != b[i].owners)
				first = i;
		if (first == SIZE_MAX && ta == tb)
			return;
		std::string detail = "frag pages assigned: 6.15 " + owners_text(ta) + " over " +
				     std::to_string(a.size()) + " skbs, 6.16 " + owners_text(tb) + " over " +
				     std::to_string(b.size()) + " skbs";
		int64_t sa = -1, sb = -1;
		std::string skb = "skb";
		if (first != SIZE_MAX) {
			detail += "; first difference: ";
			if (first < a.size())
				sa = a[first].step, skb = a[first].skb,
				detail += "6.15 " + a[first].skb + " " + owners_text(a[first].owners);
			else
				detail += "6.15 no such skb";
			if (first < b.size())
				sb = b[first].step, skb = first < a.size() ? skb : b[first].skb,
				detail += ", 6.16 " + b[first].skb + " " + owners_text(b[first].owners);
			else
				detail += ", 6.16 no such skb";
		}
		std::string f = sa >= 0 ? fn(false, (uint32_t)sa) : sb >= 0 ? fn(true, (uint32_t)sb) : skb;
		add(DiffKind::Frags, f, sa, sb, detail, "frags");
	}

	static std::string frame_fields(const std::vector<uint8_t> &x, const std::vector<uint8_t> &y)
	{
		if (x.size() < 54 || y.size() < 54 || x[12] != 0x08 || x[13] != 0x00)
			return "bytes";
		size_t ihl = (x[14] & 15) * 4, toff = 14 + ihl;
		if (ihl < 20 || x[23] != 6 || toff + 20 > x.size())
			return "bytes"; // not a TCP/IPv4 frame
		size_t doff = std::max<size_t>((x[toff + 12] >> 4) * 4, 20);
		struct R {
			size_t off, len;
			const char *name;
			bool num;
		};
		std::vector<R> rs = {{0, 12, "Ethernet addresses", false},
				     {16, 2, "IP tot_len", true},
				     {18, 2, "IP id", true},
				     {22, 1, "IP ttl", true},
				     {24, 2, "IP checksum", false},
				     {toff, 4, "TCP ports", false},
				     {toff + 4, 4, "TCP seq", true},
				     {toff + 8, 4, "TCP ack", true},
				     {toff + 12, 2, "TCP doff/flags", false},
				     {toff + 14, 2, "TCP window", true},
				     {toff + 16, 2, "TCP checksum", false},
				     {toff + 20, doff - 20, "TCP options", false}};
		std::string s;
		for (auto &r : rs) {
			if (r.off + r.len > x.size() || r.off + r.len > y.size())
				continue;
			if (std::equal(x.begin() + r.off, x.begin() + r.off + r.len, y.begin() + r.off))
				continue;
			s += s.empty() ? "" : ", ";
			s += r.name;
			if (r.num) {
				uint64_t vx = 0, vy = 0;
				for (size_t k = 0; k < r.len; k++)
					vx = vx << 8 | x[r.off + k], vy = vy << 8 | y[r.off + k];
				s += " " + std::to_string(vx) + "/" + std::to_string(vy);
			}
		}
		size_t pay = toff + doff;
		if (x.size() != y.size() || !std::equal(x.begin() + std::min(pay, x.size()), x.end(),
							y.begin() + std::min(pay, y.size())))
			s += std::string(s.empty() ? "" : ", ") + "payload";
		return s.empty() ? "bytes" : s;
	}
	void wire()
	{
		for (int dir = 0; dir < 2; dir++) {
			bool out = dir == 0;
			std::vector<const WireFrame *> a, b;
			for (auto &f : c_.run615.wire)
				if (f.outbound == out)
					a.push_back(&f);
			for (auto &f : c_.run616.wire)
				if (f.outbound == out)
					b.push_back(&f);
			const char *d = out ? "sent" : "received";
			if (a.size() != b.size())
				add(DiffKind::Wire, out ? "wire out" : "wire in", -1, -1,
				    std::string("frames ") + d + ": 6.15 " + std::to_string(a.size()) +
					", 6.16 " + std::to_string(b.size()),
				    std::string(d) + "|count");
			for (size_t i = 0; i < std::min(a.size(), b.size()); i++) {
				if (a[i]->bytes == b[i]->bytes)
					continue;
				std::string fields = frame_fields(a[i]->bytes, b[i]->bytes);
				add(DiffKind::Wire, out ? "wire out" : "wire in", (int64_t)a[i]->step,
				    (int64_t)b[i]->step,
				    std::string("frame ") + std::to_string(i + 1) + " " + d + " (" +
					std::to_string(a[i]->bytes.size()) + "/" +
					std::to_string(b[i]->bytes.size()) + " bytes) differs in " + fields +
					" (6.15/6.16)",
				    std::string(d) + "|" + strip_numbers(fields));
			}
		}
	}
	static std::string strip_numbers(const std::string &s)
	{
		std::string o;
		for (char ch : s)
			if (!isdigit((unsigned char)ch) && ch != '/')
				o += ch;
		return o;
	}

	void finish()
	{
		// Coalesce by group, keep the first occurrence.
		std::vector<Difference> out;
		std::unordered_map<std::string, size_t> at;
		const std::string tail = "; passed up by";
		for (auto &d : diffs_) {
			if (d.detail.size() > tail.size() &&
			    d.detail.compare(d.detail.size() - tail.size(), tail.size(), tail) == 0)
				d.detail.resize(d.detail.size() - tail.size());
			auto [it, fresh] = at.emplace(d.group, out.size());
			if (fresh)
				out.push_back(d);
			else
				out[it->second].count++;
		}
		// Syscall results first, then in execution (row) order.
		auto key = [&](const Difference &d) -> size_t {
			if (d.kind == DiffKind::Syscall)
				return 0;
			size_t r = std::min(c_.row_of(false, d.step_615), c_.row_of(true, d.step_616));
			return r >= c_.rows.size() ? SIZE_MAX : r + 1;
		};
		std::stable_sort(out.begin(), out.end(),
				 [&](const Difference &x, const Difference &y) { return key(x) < key(y); });
		c_.differences = std::move(out);
	}
};

} // namespace

size_t Comparison::row_of(bool v616, int64_t step) const
{
	const auto &m = v616 ? row616_ : row615_;
	if (step < 0 || (size_t)step >= m.size() || m[step] == NONE)
		return rows.size();
	return m[step];
}

size_t Comparison::call_row(size_t r) const
{
	if (r >= rows.size())
		return 0;
	const AlignedRow &row = rows[r];
	bool b = row.s615 < 0;
	int64_t s = b ? row.s616 : row.s615;
	const Trace &t = trace(b);
	if (t.at(s).kind == StepKind::Enter)
		return r;
	uint32_t p = (b ? parent616_ : parent615_)[s];
	size_t pr = row_of(b, p);
	return pr < rows.size() ? pr : 0;
}

std::vector<AlignedRow> Comparison::call_items(size_t r) const
{
	std::vector<AlignedRow> out;
	if (r >= rows.size())
		return out;
	int64_t e[2] = {rows[r].s615, rows[r].s616};
	bool done[2] = {e[0] < 0, e[1] < 0};
	out.push_back(rows[r]);
	const std::vector<uint32_t> *par[2] = {&parent615_, &parent616_};
	for (size_t i = r + 1; i < rows.size() && !(done[0] && done[1]) && out.size() < 20000; i++) {
		const AlignedRow &row = rows[i];
		int64_t s[2] = {row.s615, row.s616};
		bool keep = false;
		for (int b = 0; b < 2; b++) {
			if (done[b] || s[b] < 0 || (int64_t)(*par[b])[s[b]] != e[b])
				continue;
			if (e[b] == 0 && s[b] == 0)
				continue;
			keep = true;
			if (trace(b).at(s[b]).kind == StepKind::Exit)
				done[b] = true;
		}
		if (keep)
			out.push_back(row);
	}
	return out;
}

std::string Comparison::step_text(bool v616, int64_t step) const
{
	const Trace &t = trace(v616);
	if (step < 0 || (size_t)step >= t.size())
		return "";
	const Step &s = t.at(step);
	switch (s.kind) {
	case StepKind::Start:
		return "start";
	case StepKind::Enter:
		return t.str(s.fn) + "(" + std::string(t.text(s)) + ")";
	case StepKind::Exit:
		return "return " + std::string(t.text(s)) + "  (" + t.str(s.fn) + ")";
	default:
		return t.str(s.anchor) + " = " + std::to_string(s.value) + "  " + std::string(t.text(s));
	}
}

std::shared_ptr<Comparison> compare_runs(RunResult r615, RunResult r616, const std::string &scenario,
					 const CompareOptions &opt)
{
	auto c = std::make_shared<Comparison>();
	c->scenario = scenario;
	c->run615 = std::move(r615);
	c->run616 = std::move(r616);
	if (!c->run615.trace || !c->run616.trace || c->run615.bad_input || c->run616.bad_input)
		return c;
	Builder(*c, opt).run();
	return c;
}

std::shared_ptr<Comparison> compare_scenario(const Scenario &sc, const CompareOptions &opt)
{
	RunOptions ro = opt.run;
	ro.record = true;
	RunResult a = run_scenario(sc, KernelVersion::V6_15, ro);
	RunResult b = run_scenario(sc, KernelVersion::V6_16, ro);
	return compare_runs(std::move(a), std::move(b), sc.name, opt);
}

} // namespace sp
