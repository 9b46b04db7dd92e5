// SPDX-License-Identifier: GPL-2.0-or-later
#include "lessons/guided.h"

#include <algorithm>
#include <cstdlib>

#include "scenario/scenario.h"

namespace sp::lessons
{

// tcp_write_xmit's gates in the order it meets them, and the return value that stops sending
// (net/ipv4/tcp_output.c: pacing -> cwnd -> snd_wnd -> Nagle / TSO defer -> TSQ).
struct Gate {
	const char *fn;
	bool blocks_on_true;
};
static const Gate kGates[] = {
    {"tcp_pacing_check", true},	       {"tcp_cwnd_test", false},	 {"tcp_snd_wnd_test", false},
    {"tcp_nagle_test", false},	       {"tcp_tso_should_defer", true}, {"tcp_small_queue_check", true},
};

bool gate_blocks(const std::string &fn, int64_t ret)
{
	for (const Gate &g : kGates)
		if (fn == g.fn)
			return g.blocks_on_true ? ret != 0 : ret == 0;
	return false;
}

bool GuidedRun::start(const Catalog &c, int n, std::string &err)
{
	auto it = c.lessons.find(n);
	if (it == c.lessons.end()) {
		err = "no lesson " + std::to_string(n) + " (there are " + std::to_string(c.lessons.size()) + ")";
		return false;
	}
	lesson_ = &it->second;
	auto sc = load_scenario(lesson_->scenario, err);
	if (!sc) {
		err = lesson_->where + ": " + err;
		return false;
	}
	KernelVersion kv = lesson_->kernel == "6.15" ? KernelVersion::V6_15 : KernelVersion::V6_16;
	run_ = run_scenario(*sc, kv);
	if (!run_.trace) {
		err = lesson_->where + ": scenario " + lesson_->scenario + " recorded nothing: " + run_.error;
		return false;
	}
	idx_ = std::make_unique<StateIndex>(*run_.trace);
	nav_ = std::make_unique<Navigator>(*idx_);
	q_ = std::make_unique<TraceQuery>(*run_.trace);
	size_t at = 0;
	plays_.clear();
	for (size_t i = 0; i < lesson_->checkpoints.size(); i++) {
		const Checkpoint &cp = lesson_->checkpoints[i];
		Breakpoint bp;
		if (cp.brk.rfind("cond:", 0) == 0) {
			bp.kind = Breakpoint::Cond;
			bp.text = cp.brk.substr(5);
			bp.text.erase(0, bp.text.find_first_not_of(' '));
		} else {
			bp.kind = Breakpoint::Function;
			bp.text = cp.brk;
		}
		CheckpointPlay p;
		p.index = i;
		size_t s = at;
		for (int k = 0; k < cp.after; k++) {
			std::string e;
			size_t nx = nav_->cont(s, {bp}, &e);
			if (!e.empty()) {
				err = cp.where + ": " + e;
				return false;
			}
			if (nx == s || nx + 1 >= run_.trace->size()) {
				s = SIZE_MAX;
				break;
			}
			s = nx;
		}
		if (s == SIZE_MAX) {
			err = cp.where + ": break '" + cp.brk + "' is not hit (" + std::to_string(cp.after) +
			      " time(s)) after step " + std::to_string(at) + " in scenario " + lesson_->scenario +
			      " on " + lesson_->kernel;
			return false;
		}
		p.step = s;
		p.reached = true;
		if (!cp.ask.empty()) {
			p.question = ask(cp, s, err);
			if (!p.question)
				return false;
		}
		plays_.push_back(p);
		at = s;
	}
	return true;
}

std::optional<Question> GuidedRun::ask(const Checkpoint &c, size_t step, std::string &err) const
{
	const Trace &t = *run_.trace;
	Question q;
	q.kind = c.ask;
	q.arg = c.ask_arg;
	auto fail = [&](const std::string &m) {
		err = c.where + ": question " + c.ask + ": " + m + " after step " + std::to_string(step);
		return std::nullopt;
	};
	if (c.ask == "next_function") {
		size_t k = step + 1;
		while (k < t.size() && t.at(k).kind != StepKind::Enter)
			k++;
		if (k >= t.size())
			return fail("no function is entered");
		q.answer = t.str(t.at(k).fn);
		q.reveal_step = k;
		// Distractors: the next distinct functions entered after the answer, then the caller.
		q.options.push_back(q.answer);
		for (size_t m = k + 1; m < t.size() && q.options.size() < 4; m++)
			if (t.at(m).kind == StepKind::Enter) {
				std::string f = t.str(t.at(m).fn);
				if (std::find(q.options.begin(), q.options.end(), f) == q.options.end())
					q.options.push_back(f);
			}
		std::sort(q.options.begin(), q.options.end());
	} else if (c.ask == "failing_gate") {
		q.answer = "none";
		q.reveal_step = t.size() - 1;
		for (size_t k = step + 1; k < t.size(); k++) {
			const Step &s = t.at(k);
			if (s.kind == StepKind::Exit && gate_blocks(t.str(s.fn), s.value)) {
				q.answer = t.str(s.fn);
				q.reveal_step = k;
				break;
			}
		}
		for (const Gate &g : kGates)
			q.options.push_back(g.fn);
		q.options.push_back("none");
	} else if (c.ask == "next_cwnd" || c.ask == "next_value") {
		std::string obj = "tp", field = "snd_cwnd";
		if (c.ask == "next_value") {
			// OBJECT.FIELD or OBJECT->FIELD; objects may contain dots (txq0.dql.limit).
			size_t arrow = c.ask_arg.find("->");
			size_t dot = arrow != std::string::npos ? arrow : c.ask_arg.rfind('.');
			if (dot == std::string::npos || dot == 0)
				return fail("field '" + c.ask_arg + "' is not OBJECT.FIELD");
			obj = c.ask_arg.substr(0, dot);
			field = c.ask_arg.substr(dot + (arrow != std::string::npos ? 2 : 1));
		}
		KeyId key = q_->key_at(obj, field, step);
		if (!key)
			return fail(obj + "." + field + " is not traced");
		auto nx = idx_->next_change(key, step);
		if (!nx)
			return fail(obj + "." + field + " never changes");
		q.answer = std::to_string(idx_->at(*nx).value(key));
		q.reveal_step = *nx;
	} else if (c.ask == "next_desc_index") {
		const auto &bd = t.byte_deltas();
		for (size_t k = step + 1; k < t.size() && q.answer.empty(); k++) {
			if (t.at(k).kind == StepKind::Event)
				continue; // the device's own write-backs
			for (uint32_t b = t.at(k).bytes_begin; b < t.bytes_end(k); b++) {
				const std::string &rn = t.str(t.regions()[bd[b].region].name);
				if (rn.size() > 5 && rn.compare(rn.size() - 5, 5, ".desc") == 0) {
					q.answer = std::to_string(bd[b].offset / 16); // 16-byte descriptors (E810, gve DQO)
					q.reveal_step = k;
					break;
				}
			}
		}
		if (q.answer.empty())
			return fail("the driver writes no descriptor");
	} else {
		return fail("unknown question kind");
	}
	return q;
}

bool GuidedRun::grade(const Question &q, const std::string &given)
{
	std::string g = given;
	while (!g.empty() && isspace((unsigned char)g.back()))
		g.pop_back();
	g.erase(0, g.find_first_not_of(" \t"));
	if (q.options.empty()) {
		char *end = nullptr;
		long long v = strtoll(g.c_str(), &end, 0);
		return end && *end == 0 && !g.empty() && std::to_string(v) == q.answer;
	}
	// A 1-based option number is accepted too.
	char *end = nullptr;
	long n = strtol(g.c_str(), &end, 10);
	if (end && *end == 0 && n >= 1 && (size_t)n <= q.options.size())
		g = q.options[n - 1];
	auto lower = [](std::string s) {
		for (char &ch : s)
			ch = (char)tolower((unsigned char)ch);
		return s;
	};
	return lower(g) == lower(q.answer);
}

static std::string pick(const Texts &t, const std::string &field, const std::string &lang)
{
	auto it = t.find(field + "." + lang);
	if (it != t.end() && !it->second.empty())
		return it->second;
	it = t.find(field + ".en");
	return it != t.end() ? it->second : std::string();
}

std::string GuidedRun::text(const std::string &field, const std::string &lang) const
{
	return pick(lesson_->text, field, lang);
}

std::string GuidedRun::text(size_t cp, const std::string &field, const std::string &lang) const
{
	return pick(lesson_->checkpoints.at(cp).text, field, lang);
}

} // namespace sp::lessons
