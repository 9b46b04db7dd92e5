// SPDX-License-Identifier: GPL-2.0-or-later
// sendpath-cli trace FILE --step N [--json]: the state at one step of a saved trace.
#include <cstdio>
#include <regex>
#include <set>

#include "cli.h"
#include "sim/cursor.h"
#include "sim/json.h"
#include "sim/query.h"
#include "sim/trace_db.h"

using namespace sp;

static const char *kind_name(StepKind k)
{
	switch (k) {
	case StepKind::Start:
		return "start";
	case StepKind::Enter:
		return "enter";
	case StepKind::Exit:
		return "exit";
	case StepKind::Line:
		return "line";
	case StepKind::Event:
		return "event";
	}
	return "?";
}

// The objects worth showing at a step: the socket, and every skb named in the call stack.
static std::vector<std::string> objects_at(const Trace &t, const std::vector<size_t> &stack, size_t n)
{
	std::vector<std::string> objs = {"sk", "icsk", "tp"};
	std::set<std::string> seen(objs.begin(), objs.end());
	static const std::regex skb_re("skb#[0-9]+");
	auto scan = [&](std::string_view text) {
		std::string s(text);
		for (std::sregex_iterator it(s.begin(), s.end(), skb_re), end; it != end; ++it)
			if (seen.insert(it->str()).second)
				objs.push_back(it->str());
	};
	for (size_t st : stack)
		scan(t.text(t.at(st)));
	scan(t.text(t.at(n)));
	return objs;
}

int cmd_trace(int argc, char **argv)
{
	Args a;
	if (!a.parse(argc, argv, 2, {"--json"}, {"--step", "--find", "--list", "--next-change", "--prev-change"}) ||
	    a.pos.size() != 1) {
		fprintf(stderr,
			"sendpath-cli trace: %s\nusage: sendpath-cli trace FILE (--step N [--json] "
			"[--next-change OBJ.FIELD | --prev-change OBJ.FIELD] | --find FUNCTION|ANCHOR | --list FROM:TO)\n",
			a.err.empty() ? "exactly one trace file is needed" : a.err.c_str());
		return 2;
	}
	std::string err;
	auto t = load_trace(a.pos[0], err);
	if (!t) {
		fprintf(stderr, "sendpath-cli: %s\n", err.c_str());
		return 2;
	}
	if (a.has("--list")) {
		// Steps FROM..TO (inclusive) as an indented call tree.
		std::string r = a.get("--list");
		size_t from = strtoull(r.c_str(), nullptr, 10), to = from + 50;
		if (r.find(':') != std::string::npos)
			to = strtoull(r.c_str() + r.find(':') + 1, nullptr, 10);
		for (size_t i = from; i <= to && i < t->size(); i++) {
			const Step &s = t->at(i);
			printf("%-8zu %*s%-6s %s %s\n", i, 2 * s.depth, "", kind_name(s.kind),
			       (s.anchor ? t->str(s.anchor) : t->str(s.fn)).c_str(), std::string(t->text(s)).c_str());
		}
		return 0;
	}
	if (a.has("--find")) {
		// Every step entering that function or at that anchor (first 200).
		std::string what = a.get("--find");
		int shown = 0;
		for (size_t i = 0; i < t->size() && shown < 200; i++) {
			const Step &s = t->at(i);
			bool hit =
			    s.kind == StepKind::Enter ? t->str(s.fn) == what : t->str(s.anchor) == what;
			if (!hit)
				continue;
			shown++;
			printf("%-8zu %-6s %-28s %s\n", i, kind_name(s.kind),
			       (s.anchor ? t->str(s.anchor) : t->str(s.fn)).c_str(),
			       std::string(t->text(s)).c_str());
		}
		return 0;
	}
	uint64_t n = 0;
	if (a.has("--step") && !parse_size(a.get("--step"), n)) {
		fprintf(stderr, "sendpath-cli trace: --step takes a number, not '%s'\n",
			a.get("--step").c_str());
		return 2;
	}
	if (n >= t->size()) {
		fprintf(stderr, "sendpath-cli trace: %s has steps 0..%zu; step %llu is out of range\n",
			a.pos[0].c_str(), t->size() - 1, (unsigned long long)n);
		return 2;
	}
	StateIndex idx(*t);
	Navigator nav(idx);
	// Continue forward / backward from --step until a field changes (e.g. tp.snd_cwnd).
	for (const char *opt : {"--next-change", "--prev-change"}) {
		if (!a.has(opt))
			continue;
		std::string f = a.get(opt);
		auto dot = f.find('.');
		TraceQuery q(*t);
		KeyId k = dot == std::string::npos ? 0 : q.key_at(f.substr(0, dot), f.substr(dot + 1), n);
		if (!k) {
			fprintf(stderr,
				"sendpath-cli trace: no field '%s' at step %llu (use OBJECT.FIELD, e.g. "
				"tp.snd_cwnd)\n",
				f.c_str(), (unsigned long long)n);
			return 2;
		}
		auto m = std::string(opt) == "--next-change" ? idx.next_change(k, n) : idx.prev_change(k, n);
		if (!m) {
			fprintf(stderr, "sendpath-cli trace: %s does not change %s step %llu\n", f.c_str(),
				std::string(opt) == "--next-change" ? "after" : "before",
				(unsigned long long)n);
			return 1;
		}
		n = *m;
	}
	State s = idx.at(n);
	const Step &st = t->at(n);
	auto stack = nav.call_stack(n);
	auto objs = objects_at(*t, stack, n);
	// Values of each shown object's fields (newest object of that name born by step n).
	struct FieldVal {
		std::string obj, field;
		int64_t v;
		bool changed;
	};
	std::vector<FieldVal> fields;
	std::set<KeyId> changed;
	for (uint32_t i = st.delta_begin; i < t->delta_end(n); i++)
		changed.insert(t->deltas()[i].key);
	for (auto &o : objs) {
		std::map<std::string, KeyId> newest;
		for (size_t k = 1; k < t->keys().size(); k++) {
			const KeyInfo &ki = t->keys()[k];
			if (ki.born <= n && t->str(ki.object) == o)
				newest[t->str(ki.field)] = (KeyId)k;
		}
		for (auto &[f, k] : newest)
			fields.push_back({o, f, s.value(k), changed.count(k) > 0});
	}
	std::string fn = t->str(st.fn), anchor = t->str(st.anchor);
	if (a.has("--json")) {
		Json j;
		j.begin_obj();
		j.kv("step", (uint64_t)n).kv("steps", (uint64_t)t->size()).kv("kind", kind_name(st.kind));
		j.kv("function", fn).kv("anchor", anchor).kv("text", std::string(t->text(st)));
		j.kv("depth", (unsigned)st.depth)
		    .kv("time_ns", (uint64_t)st.time_ns)
		    .kv("value", (int64_t)st.value);
		j.kv("kernel", t->meta_get("kernel")).kv("scenario", t->meta_get("scenario"));
		j.key("call_stack").begin_arr();
		for (size_t e : stack)
			j.begin_obj()
			    .kv("step", (uint64_t)e)
			    .kv("function", t->str(t->at(e).fn))
			    .kv("args", std::string(t->text(t->at(e))))
			    .end_obj();
		j.end_arr();
		j.key("fields").begin_obj();
		for (auto &f : fields)
			j.kv(f.obj + "." + f.field, (int64_t)f.v);
		j.end_obj();
		j.key("changed").begin_arr();
		for (auto &f : fields)
			if (f.changed)
				j.str(f.obj + "." + f.field);
		j.end_arr();
		j.end_obj();
		printf("%s\n", j.text().c_str());
		return 0;
	}
	printf("step %llu of %zu  [%s] %s%s%s  t=%.3f us\n", (unsigned long long)n, t->size(),
	       kind_name(st.kind), fn.c_str(), anchor.empty() ? "" : "  @", anchor.c_str(), st.time_ns / 1e3);
	if (st.text_len)
		printf("  %.*s\n", (int)st.text_len, t->text(st).data());
	printf("call stack:\n");
	for (size_t e : stack)
		printf("  #%-6zu %s(%.*s)\n", e, t->str(t->at(e).fn).c_str(), (int)t->at(e).text_len,
		       t->text(t->at(e)).data());
	std::string cur;
	for (auto &f : fields) {
		if (f.obj != cur) {
			cur = f.obj;
			printf("%s:\n", cur.c_str());
		}
		printf("  %c %-28s %lld\n", f.changed ? '*' : ' ', f.field.c_str(), (long long)f.v);
	}
	return 0;
}
