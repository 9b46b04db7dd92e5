// SPDX-License-Identifier: GPL-2.0-or-later
// Debugger navigation over a recorded Trace: step into/over/out forward and backward,
// continue to a breakpoint (function or a condition on traced fields), jump to a step.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "sim/state.h"

namespace sp
{

// A condition such as `tp->snd_cwnd < 4 && ring0.free < 8` over traced fields.
// `a->b` and `a.b` both name field b of object a (the newest object of that name alive at the step).
class Condition
{
public:
	// Parses; on error returns nullopt and sets err (with the column).
	static std::optional<Condition> parse(const std::string &text, const Trace &t, std::string &err);
	bool eval(const State &s) const;
	int64_t value(const State &s) const { return root_ >= 0 ? ev(root_, s) : 0; } // watch expressions
	const std::string &text() const { return text_; }
	const std::vector<KeyId> &keys() const { return keys_; }

private:
	struct Node {
		enum Op { Num, Key, Add, Sub, Lt, Le, Gt, Ge, Eq, Ne, And, Or, Not } op;
		int64_t num = 0;
		size_t key = 0; // index into names_
		int a = -1, b = -1;
	};
	int64_t ev(int n, const State &s) const;
	std::string text_;
	std::vector<Node> nodes_;
	std::vector<std::pair<std::string, std::string>> names_; // (object, field)
	std::vector<std::vector<KeyId>> cands_;			 // per name: keys of that name in birth order
	std::vector<KeyId> keys_;
	const Trace *t_ = nullptr;
	int root_ = -1;
	friend struct CondParser;
};

struct Breakpoint {
	enum Kind { Function, Cond } kind;
	std::string text; // function name, line anchor ("tcp_write_xmit:cwnd_test") or condition text
	bool enabled = true;
};

class Navigator
{
public:
	explicit Navigator(const StateIndex &idx);

	size_t step_into(size_t n) const { return n + 1 < t_.size() ? n + 1 : n; }
	size_t step_over(size_t n) const;
	size_t step_out(size_t n) const;
	size_t rstep_into(size_t n) const { return n ? n - 1 : 0; }
	size_t rstep_over(size_t n) const;
	size_t rstep_out(size_t n) const;
	// Run forward/backward to the first step (excluding n) that hits an enabled breakpoint; the
	// end/start of the trace if none does. Conditions fire on the step where they become true.
	size_t cont(size_t n, const std::vector<Breakpoint> &bps, std::string *err = nullptr) const;
	size_t rcont(size_t n, const std::vector<Breakpoint> &bps, std::string *err = nullptr) const;
	// Call stack at step n, innermost last: the Enter step of each open frame.
	std::vector<size_t> call_stack(size_t n) const;

private:
	size_t scan(size_t n, int dir, const std::vector<Breakpoint> &bps, std::string *err) const;
	const StateIndex &idx_;
	const Trace &t_;
	std::vector<uint32_t>
	    frame_; // per step: the Enter step of the innermost open frame (UINT32_MAX: none)
	std::vector<uint32_t> parent_; // per step (used at Enter steps): the Enter step of the caller's frame
};

} // namespace sp
