// SPDX-License-Identifier: GPL-2.0-or-later
#include "sim/cursor.h"

#include <cctype>
#include <cstring>

namespace sp
{

// ---------------------------------------------------------------- condition parser
struct CondParser {
	const std::string &s;
	size_t p = 0;
	Condition &c;
	std::string err;

	void ws()
	{
		while (p < s.size() && std::isspace((unsigned char)s[p]))
			p++;
	}
	bool eat(const char *tok)
	{
		ws();
		size_t n = strlen(tok);
		if (s.compare(p, n, tok) == 0) {
			p += n;
			return true;
		}
		return false;
	}
	int add(Condition::Node n)
	{
		c.nodes_.push_back(n);
		return (int)c.nodes_.size() - 1;
	}
	int fail(const std::string &m)
	{
		if (err.empty())
			err = m + " at column " + std::to_string(p + 1);
		return -1;
	}
	int primary()
	{
		ws();
		if (eat("(")) {
			int e = orx();
			if (!eat(")"))
				return fail("expected ')'");
			return e;
		}
		if (eat("!")) {
			int a = primary();
			return a < 0 ? -1 : add({Condition::Node::Not, 0, 0, a, -1});
		}
		if (p < s.size() && (std::isdigit((unsigned char)s[p]) || s[p] == '-')) {
			size_t e;
			long long v;
			try {
				v = std::stoll(s.substr(p), &e, 0);
			} catch (...) {
				return fail("bad number");
			}
			p += e;
			return add({Condition::Node::Num, v, 0, -1, -1});
		}
		auto ident = [&]() {
			size_t b = p;
			while (p < s.size() &&
			       (std::isalnum((unsigned char)s[p]) || s[p] == '_' || s[p] == '#'))
				p++;
			return s.substr(b, p - b);
		};
		std::string obj = ident();
		if (obj.empty())
			return fail("expected a field such as tp->snd_cwnd");
		if (!eat("->") && !eat("."))
			return fail("expected '->' or '.' after '" + obj + "'");
		ws();
		std::string field = ident();
		if (field.empty())
			return fail("expected a field name after '" + obj + "'");
		std::vector<KeyId> cands;
		const Trace &t = *c.t_;
		for (size_t k = 1; k < t.keys().size(); k++)
			if (t.str(t.keys()[k].object) == obj && t.str(t.keys()[k].field) == field)
				cands.push_back((KeyId)k);
		if (cands.empty())
			return fail("no traced field " + obj + "." + field);
		c.names_.push_back({obj, field});
		c.cands_.push_back(cands);
		for (auto k : cands)
			c.keys_.push_back(k);
		return add({Condition::Node::Key, 0, c.names_.size() - 1, -1, -1});
	}
	int sum()
	{
		int a = primary();
		while (a >= 0) {
			if (eat("+"))
				a = bin(Condition::Node::Add, a, primary());
			else if (p < s.size() && (ws(), s.compare(p, 1, "-") == 0) &&
				 s.compare(p, 2, "->") != 0 && eat("-"))
				a = bin(Condition::Node::Sub, a, primary());
			else
				break;
		}
		return a;
	}
	int bin(Condition::Node::Op op, int a, int b)
	{
		return (a < 0 || b < 0) ? -1 : add({op, 0, 0, a, b});
	}
	int cmp()
	{
		int a = sum();
		if (a < 0)
			return a;
		if (eat("<="))
			return bin(Condition::Node::Le, a, sum());
		if (eat(">="))
			return bin(Condition::Node::Ge, a, sum());
		if (eat("=="))
			return bin(Condition::Node::Eq, a, sum());
		if (eat("!="))
			return bin(Condition::Node::Ne, a, sum());
		if (eat("<"))
			return bin(Condition::Node::Lt, a, sum());
		if (eat(">"))
			return bin(Condition::Node::Gt, a, sum());
		return a;
	}
	int andx()
	{
		int a = cmp();
		while (a >= 0 && eat("&&"))
			a = bin(Condition::Node::And, a, cmp());
		return a;
	}
	int orx()
	{
		int a = andx();
		while (a >= 0 && eat("||"))
			a = bin(Condition::Node::Or, a, andx());
		return a;
	}
};

std::optional<Condition> Condition::parse(const std::string &text, const Trace &t, std::string &err)
{
	Condition c;
	c.text_ = text;
	c.t_ = &t;
	CondParser p{text, 0, c, {}};
	c.root_ = p.orx();
	p.ws();
	if (c.root_ >= 0 && p.p != text.size())
		p.fail("unexpected '" + text.substr(p.p, 1) + "'");
	if (!p.err.empty() || c.root_ < 0) {
		err = p.err.empty() ? "empty condition" : p.err;
		return std::nullopt;
	}
	return c;
}

int64_t Condition::ev(int n, const State &s) const
{
	const Node &x = nodes_[n];
	switch (x.op) {
	case Node::Num:
		return x.num;
	case Node::Key: {
		// The newest object of that name already born at this step.
		const auto &c = cands_[x.key];
		KeyId k = c.front();
		for (auto kk : c)
			if (t_->keys()[kk].born <= s.step)
				k = kk;
		return s.value(k);
	}
	case Node::Add:
		return ev(x.a, s) + ev(x.b, s);
	case Node::Sub:
		return ev(x.a, s) - ev(x.b, s);
	case Node::Lt:
		return ev(x.a, s) < ev(x.b, s);
	case Node::Le:
		return ev(x.a, s) <= ev(x.b, s);
	case Node::Gt:
		return ev(x.a, s) > ev(x.b, s);
	case Node::Ge:
		return ev(x.a, s) >= ev(x.b, s);
	case Node::Eq:
		return ev(x.a, s) == ev(x.b, s);
	case Node::Ne:
		return ev(x.a, s) != ev(x.b, s);
	case Node::And:
		return ev(x.a, s) && ev(x.b, s);
	case Node::Or:
		return ev(x.a, s) || ev(x.b, s);
	case Node::Not:
		return !ev(x.a, s);
	}
	return 0;
}

bool Condition::eval(const State &s) const
{
	return root_ >= 0 && ev(root_, s) != 0;
}

// ---------------------------------------------------------------- navigation
size_t Navigator::step_over(size_t n) const
{
	const Step &cur = t_.at(n);
	for (size_t m = n + 1; m < t_.size(); m++) {
		const Step &s = t_.at(m);
		if (cur.kind == StepKind::Enter ? (s.kind == StepKind::Exit && s.depth == cur.depth)
						: s.depth <= cur.depth)
			return m;
	}
	return t_.size() - 1;
}

size_t Navigator::step_out(size_t n) const
{
	const Step &cur = t_.at(n);
	uint16_t d = cur.kind == StepKind::Exit ? cur.depth - 1 : cur.depth;
	for (size_t m = n + 1; m < t_.size(); m++) {
		const Step &s = t_.at(m);
		if (s.kind == StepKind::Exit && s.depth == d)
			return m;
	}
	return t_.size() - 1;
}

size_t Navigator::rstep_over(size_t n) const
{
	if (n == 0)
		return 0;
	const Step &cur = t_.at(n);
	for (size_t m = n; m-- > 0;) {
		const Step &s = t_.at(m);
		// Backwards over a call lands on the callee's Exit (the mirror of stepping over its Enter).
		if (cur.kind == StepKind::Exit
			? (s.kind == StepKind::Enter && s.depth == cur.depth)
			: (s.depth <= cur.depth || (s.kind == StepKind::Exit && s.depth == cur.depth + 1)))
			return m;
	}
	return 0;
}

size_t Navigator::rstep_out(size_t n) const
{
	const Step &cur = t_.at(n);
	uint16_t d = cur.kind == StepKind::Enter ? cur.depth - 1 : cur.depth;
	for (size_t m = n; m-- > 0;) {
		const Step &s = t_.at(m);
		if (s.kind == StepKind::Enter && s.depth == d)
			return m;
	}
	return 0;
}

Navigator::Navigator(const StateIndex &idx) : idx_(idx), t_(idx.trace())
{
	// One pass: which frame each step belongs to, and each frame's caller, so a call stack is a
	// walk up parent links instead of a scan back through the trace.
	frame_.resize(t_.size(), UINT32_MAX);
	parent_.resize(t_.size(), UINT32_MAX);
	std::vector<uint32_t> open;
	for (size_t i = 0; i < t_.size(); i++) {
		const Step &s = t_.at(i);
		if (s.kind == StepKind::Enter) {
			parent_[i] = open.empty() ? UINT32_MAX : open.back();
			open.push_back((uint32_t)i);
		}
		frame_[i] = open.empty() ? UINT32_MAX : open.back();
		if (s.kind == StepKind::Exit && !open.empty())
			open.pop_back();
	}
}

std::vector<size_t> Navigator::call_stack(size_t n) const
{
	std::vector<size_t> st;
	for (uint32_t e = n < frame_.size() ? frame_[n] : UINT32_MAX; e != UINT32_MAX; e = parent_[e])
		st.push_back(e);
	return {st.rbegin(), st.rend()};
}

size_t Navigator::scan(size_t n, int dir, const std::vector<Breakpoint> &bps, std::string *err) const
{
	std::vector<Condition> conds;
	std::vector<StrId> fns;
	for (auto &b : bps) {
		if (!b.enabled)
			continue;
		if (b.kind == Breakpoint::Function) {
			// Intern lookup without modifying the trace: linear over strings.
			for (size_t i = 1; i < t_.strings().size(); i++)
				if (t_.strings()[i] == b.text)
					fns.push_back((StrId)i);
		} else {
			std::string e;
			auto c = Condition::parse(b.text, t_, e);
			if (c)
				conds.push_back(std::move(*c));
			else if (err)
				*err = b.text + ": " + e;
		}
	}
	State s = conds.empty() ? State{} : idx_.at(n);
	std::vector<bool> prev(conds.size());
	for (size_t i = 0; i < conds.size(); i++)
		prev[i] = conds[i].eval(s);
	size_t last = dir > 0 ? t_.size() - 1 : 0;
	for (size_t m = n; m != last;) {
		m += dir;
		const Step &st = t_.at(m);
		if (st.kind == StepKind::Enter)
			for (auto f : fns)
				if (st.fn == f)
					return m;
		if (st.anchor)
			for (auto f : fns)
				if (st.anchor == f)
					return m; // a breakpoint on a source line (anchor "fn:what")
		if (!conds.empty()) {
			idx_.move(s, m);
			for (size_t i = 0; i < conds.size(); i++) {
				bool v = conds[i].eval(s);
				if (v && !prev[i])
					return m;
				prev[i] = v;
			}
		}
	}
	return last;
}

size_t Navigator::cont(size_t n, const std::vector<Breakpoint> &bps, std::string *err) const
{
	return scan(n, +1, bps, err);
}

size_t Navigator::rcont(size_t n, const std::vector<Breakpoint> &bps, std::string *err) const
{
	return scan(n, -1, bps, err);
}

} // namespace sp
