// SPDX-License-Identifier: GPL-2.0-or-later
// The run context of one deterministic simulation: virtual clock, seeded randomness, an event
// queue (timers, peer packets, device work) and the hooks every modelled function uses to record
// itself into the Trace. With recording off, each hook costs one predictable branch.
#pragma once
#include <algorithm>
#include <cstdarg>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "sim/trace.h"

namespace sp
{

constexpr uint64_t NSEC_PER_USEC = 1000, NSEC_PER_MSEC = 1000000, NSEC_PER_SEC = 1000000000;
constexpr uint64_t SIM_HZ = 1000; // CONFIG_HZ=1000 (the kernel's HZ in linux/types.h)

// xorshift64*: small, seeded, identical on every platform.
struct Rng {
	uint64_t s;
	explicit Rng(uint64_t seed = 0x5eedULL) : s(seed ? seed : 1) {}
	uint64_t next()
	{
		s ^= s >> 12;
		s ^= s << 25;
		s ^= s >> 27;
		return s * 2685821657736338717ULL;
	}
	uint32_t u32() { return (uint32_t)(next() >> 32); }
	double uniform() { return (next() >> 11) * (1.0 / 9007199254740992.0); }
};

enum class KernelVersion : uint8_t { V6_15 = 15, V6_16 = 16 };
const char *kernel_name(KernelVersion v);

class Sim;
Sim &sim(); // the simulation running on this thread (set by SimScope)

class Sim
{
public:
	explicit Sim(KernelVersion v = KernelVersion::V6_16, uint64_t seed = 1, bool record = true);
	~Sim();

	KernelVersion kver;
	bool v616() const { return kver == KernelVersion::V6_16; }
	Rng rng;

	// ---- virtual clock ----
	uint64_t now_ns() const { return now_; }
	uint64_t jiffies() const { return now_ / (NSEC_PER_SEC / SIM_HZ); }
	static uint64_t jiffies_to_ns(uint64_t j) { return j * (NSEC_PER_SEC / SIM_HZ); }

	// ---- event queue: callbacks at virtual times, FIFO among equal times ----
	using EventId = uint64_t;
	EventId at(uint64_t time_ns, std::string what, std::function<void()> fn);
	void cancel(EventId id);
	bool pending(EventId id) const { return id_time_.count(id) > 0; }
	// Run queued events until none is left, time passes `until_ns`, or the step budget is hit.
	// Returns false if the budget stopped it.
	bool run(uint64_t until_ns = UINT64_MAX);
	// Run until nothing is queued (events after limit_ns stay queued); the clock stays at the last event.
	bool run_until_idle(uint64_t limit_ns);
	bool idle() const { return events_.empty(); }
	uint64_t next_event_time() const { return events_.empty() ? UINT64_MAX : events_.begin()->first.t; }
	void advance_to(uint64_t t)
	{
		if (t > now_)
			now_ = t;
	}
	uint64_t step_budget = UINT64_MAX;
	bool stopped = false; // a fatal model error or the budget stopped the run
	std::string stop_reason;

	// ---- recording ----
	Trace *trace() { return trace_.get(); }
	std::unique_ptr<Trace> take_trace() { return std::move(trace_); }
	bool rec() const { return trace_ != nullptr; }
	uint16_t depth = 0;
	std::vector<StrId> stack; // function names of open frames
	uint64_t steps = 0;	  // steps recorded or (recording off) counted
	// The step the model is at now: the last recorded step, or the step count when not recording.
	size_t current_step() const { return trace_ ? trace_->size() - 1 : (size_t)steps; }

	void enter(const char *fn, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
	void exit_(int64_t ret, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
	void line(const char *anchor, int64_t value, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
	void event(const char *anchor, int64_t value, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

	KeyId key(std::string_view obj, std::string_view field, Fmt fmt, int64_t v)
	{
		return trace_ ? trace_->new_key(obj, field, fmt, v) : 0;
	}
	void delta(KeyId k, int64_t o, int64_t n)
	{
		if (k && trace_)
			trace_->delta(k, o, n);
	}
	// Serial numbers for object names ("skb#12"): deterministic per run.
	uint32_t serial(const char *kind) { return ++serials_[kind]; }

private:
	struct Key {
		uint64_t t = 0, id = 0;
		bool operator<(const Key &o) const { return t != o.t ? t < o.t : id < o.id; }
	};
	struct Ev {
		std::string what;
		std::function<void()> fn;
	};
	void vstep(StepKind k, const char *fn_or_anchor, int64_t value, const char *fmt, va_list ap);

	uint64_t now_ = 0;
	uint64_t next_id_ = 1;
	std::map<Key, Ev> events_;
	std::map<EventId, uint64_t> id_time_;
	std::map<std::string, uint32_t> serials_;
	std::unique_ptr<Trace> trace_;
	Sim *prev_;
};

// A traced scalar: reads like the plain value, writes record a delta when the field is traced.
template <class T> class F
{
public:
	F(T v = T()) : v_(v) {}
	operator T() const { return v_; }
	T get() const { return v_; }
	F &operator=(T n)
	{
		if (k_)
			sim().delta(k_, (int64_t)v_, (int64_t)n);
		v_ = n;
		return *this;
	}
	F &operator=(const F &o) { return *this = o.v_; }
	F &operator+=(T d) { return *this = (T)(v_ + d); }
	F &operator-=(T d) { return *this = (T)(v_ - d); }
	F &operator|=(T d) { return *this = (T)(v_ | d); }
	F &operator&=(T d) { return *this = (T)(v_ & d); }
	F &operator++() { return *this = (T)(v_ + 1); }
	F &operator--() { return *this = (T)(v_ - 1); }
	T operator++(int)
	{
		T o = v_;
		*this = (T)(v_ + 1);
		return o;
	}
	T operator--(int)
	{
		T o = v_;
		*this = (T)(v_ - 1);
		return o;
	}
	// Give this field a name in the trace ("tp" "snd_nxt"); untraced until then.
	void reg(std::string_view obj, std::string_view field, Fmt fmt = Fmt::Dec)
	{
		k_ = sim().key(obj, field, fmt, (int64_t)v_);
	}
	KeyId key() const { return k_; }
	// Copying a traced object copies values, never trace keys.
	F(const F &o) : v_(o.v_), k_(0) {}

private:
	T v_;
	KeyId k_ = 0;
};

// A traced byte buffer (skb head, page, DMA memory, descriptor ring). Writes record byte deltas.
class Buf
{
public:
	Buf() = default;
	Buf(size_t n) : b_(n, 0) {}
	void reg(std::string_view name, uint64_t iova = 0)
	{
		if (sim().rec())
			r_ = sim().trace()->new_region(name, (uint32_t)b_.size(), iova);
		// Record initial nonzero content as a write at this step.
		if (r_ && std::any_of(b_.begin(), b_.end(), [](uint8_t c) { return c; })) {
			std::vector<uint8_t> z(b_.size(), 0);
			sim().trace()->bytes(r_, 0, z.data(), b_.data(), (uint32_t)b_.size());
		}
	}
	void write(size_t off, const void *src, size_t n)
	{
		if (off + n > b_.size())
			resize(off + n);
		if (r_ && sim().rec())
			sim().trace()->bytes(r_, (uint32_t)off, b_.data() + off, (const uint8_t *)src,
					     (uint32_t)n);
		std::memcpy(b_.data() + off, src, n);
	}
	void fill(size_t off, uint8_t v, size_t n)
	{
		std::vector<uint8_t> t(n, v);
		write(off, t.data(), n);
	}
	void resize(size_t n)
	{
		if (n > b_.size()) {
			b_.resize(n, 0);
			if (r_ && sim().rec())
				sim().trace()->resize_region(r_, (uint32_t)n);
		}
	}
	const uint8_t *data() const { return b_.data(); }
	size_t size() const { return b_.size(); }
	uint8_t operator[](size_t i) const { return b_[i]; }
	RegionId region() const { return r_; }

private:
	std::vector<uint8_t> b_;
	RegionId r_ = 0;
};

// Makes a Sim current on this thread for its lifetime (nesting allowed: compare mode runs two).
struct SimScope {
	explicit SimScope(Sim &s);
	~SimScope();
	Sim *prev;
};

// RAII frame for a modelled function: Enter on construction, Exit on destruction.
struct FnFrame {
	const char *name;
	int64_t ret = 0;
	bool has_ret = false;
	std::string ret_text;
	FnFrame(const char *n) : name(n) {}
	~FnFrame();
	template <class T> T r(T v)
	{
		// Pointers are recorded as 1 (non-NULL) or 0: addresses must never reach the trace.
		if constexpr (std::is_pointer_v<T>)
			ret = v != nullptr;
		else
			ret = (int64_t)v;
		has_ret = true;
		return v;
	}
};

} // namespace sp

// ---- instrumentation macros used by every modelled function ----
// SP_FN("fmt", args...) at the top of a function: records Enter with the arguments, Exit on return.
#define SP_FN(...)                                                                                           \
	::sp::FnFrame sp_frame_(__func__);                                                                   \
	if (::sp::sim().rec())                                                                               \
		::sp::sim().enter(__func__, __VA_ARGS__);                                                    \
	else                                                                                                 \
		::sp::sim().steps++
#define SP_FN_NAMED(name, ...)                                                                               \
	::sp::FnFrame sp_frame_(name);                                                                       \
	if (::sp::sim().rec())                                                                               \
		::sp::sim().enter(name, __VA_ARGS__);                                                        \
	else                                                                                                 \
		::sp::sim().steps++
// SP_RET(v): return v, recording it as the Exit value.
#define SP_RET(v) return sp_frame_.r(v)
// SP_LINE("anchor", value, "fmt", ...): a notable line of the current function.
#define SP_LINE(anchor, value, ...)                                                                          \
	do {                                                                                                 \
		if (::sp::sim().rec())                                                                       \
			::sp::sim().line(anchor, (int64_t)(value), __VA_ARGS__);                             \
		else                                                                                         \
			::sp::sim().steps++;                                                                 \
	} while (0)
#define SP_EVENT(anchor, value, ...)                                                                         \
	do {                                                                                                 \
		if (::sp::sim().rec())                                                                       \
			::sp::sim().event(anchor, (int64_t)(value), __VA_ARGS__);                            \
		else                                                                                         \
			::sp::sim().steps++;                                                                 \
	} while (0)
