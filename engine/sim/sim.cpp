// SPDX-License-Identifier: GPL-2.0-or-later
#include "sim/sim.h"

#include <cstdio>

namespace sp
{

static thread_local Sim *g_current = nullptr;

Sim &sim()
{
	return *g_current;
}

const char *kernel_name(KernelVersion v)
{
	return v == KernelVersion::V6_15 ? "6.15" : "6.16";
}

Sim::Sim(KernelVersion v, uint64_t seed, bool record) : kver(v), rng(seed), prev_(nullptr)
{
	if (record) {
		trace_ = std::make_unique<Trace>();
		trace_->step(StepKind::Start, 0, trace_->intern("(start)"), 0, 0, 0, "");
		trace_->meta.push_back({"kernel", kernel_name(v)});
		trace_->meta.push_back({"seed", std::to_string(seed)});
	}
	steps = 1;
}

Sim::~Sim() = default;

SimScope::SimScope(Sim &s) : prev(g_current)
{
	g_current = &s;
}
SimScope::~SimScope()
{
	g_current = prev;
}

Sim::EventId Sim::at(uint64_t time_ns, std::string what, std::function<void()> fn)
{
	if (time_ns < now_)
		time_ns = now_;
	EventId id = next_id_++;
	events_.emplace(Key{time_ns, id}, Ev{std::move(what), std::move(fn)});
	id_time_[id] = time_ns;
	return id;
}

void Sim::cancel(EventId id)
{
	auto it = id_time_.find(id);
	if (it == id_time_.end())
		return;
	events_.erase(Key{it->second, id});
	id_time_.erase(it);
}

bool Sim::run(uint64_t until_ns)
{
	while (!events_.empty() && !stopped) {
		if (steps >= step_budget) {
			stopped = true;
			stop_reason = "step budget reached";
			return false;
		}
		auto it = events_.begin();
		if (it->first.t > until_ns)
			break;
		now_ = std::max(now_, it->first.t);
		Ev ev = std::move(it->second);
		id_time_.erase(it->first.id);
		events_.erase(it);
		ev.fn();
	}
	if (until_ns != UINT64_MAX && !stopped)
		advance_to(until_ns);
	return !stopped;
}

bool Sim::run_until_idle(uint64_t limit_ns)
{
	while (!events_.empty() && !stopped && events_.begin()->first.t <= limit_ns)
		if (!run(events_.begin()->first.t))
			return false;
	return !stopped;
}

void Sim::vstep(StepKind k, const char *name, int64_t value, const char *fmt, va_list ap)
{
	char buf[512];
	int n = fmt && *fmt ? vsnprintf(buf, sizeof buf, fmt, ap) : 0;
	if (n < 0)
		n = 0;
	if (n >= (int)sizeof buf)
		n = sizeof buf - 1;
	Trace &t = *trace_;
	StrId fn = stack.empty() ? 0 : stack.back();
	StrId anchor = 0;
	if (k == StepKind::Enter) {
		fn = t.intern(name);
		stack.push_back(fn);
		depth++;
	} else if (k == StepKind::Line || k == StepKind::Event) {
		anchor = t.intern(name);
	}
	t.step(k, depth, fn, anchor, value, now_, std::string_view(buf, n));
	if (k == StepKind::Exit) {
		stack.pop_back();
		depth--;
	}
	steps++;
}

void Sim::enter(const char *fn, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vstep(StepKind::Enter, fn, 0, fmt, ap);
	va_end(ap);
}

void Sim::exit_(int64_t ret, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vstep(StepKind::Exit, nullptr, ret, fmt, ap);
	va_end(ap);
}

void Sim::line(const char *anchor, int64_t value, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vstep(StepKind::Line, anchor, value, fmt, ap);
	va_end(ap);
}

void Sim::event(const char *anchor, int64_t value, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vstep(StepKind::Event, anchor, value, fmt, ap);
	va_end(ap);
}

FnFrame::~FnFrame()
{
	Sim &s = sim();
	if (s.rec()) {
		if (has_ret)
			s.exit_(ret, "%lld", (long long)ret);
		else
			s.exit_(0, "%s", "");
	} else {
		s.steps++;
	}
}

} // namespace sp
