// SPDX-License-Identifier: GPL-2.0-or-later
// The recording core: traced fields and buffers, state rebuild forward and backward, navigation.
#include <gtest/gtest.h>

#include "sim/cursor.h"
#include "sim/sim.h"

using namespace sp;

namespace
{
struct Obj {
	F<uint32_t> a{1}, b{2};
	Buf mem{16};
};

int callee(Obj &o, int x)
{
	SP_FN("x=%d", x);
	o.b = (uint32_t)x;
	SP_LINE("callee:write", x, "b=%d", x);
	uint8_t v[2] = {0xAB, (uint8_t)x};
	o.mem.write(4, v, 2);
	SP_RET(x * 2);
}

void caller(Obj &o)
{
	SP_FN("%s", "");
	o.a = 10;
	callee(o, 3);
	SP_LINE("caller:mid", 0, "%s", "");
	o.a += 5;
	callee(o, 7);
}
} // namespace

TEST(Sim, RecordsFramesLinesAndDeltas)
{
	Sim s;
	SimScope sc(s);
	Obj o;
	o.a.reg("obj", "a");
	o.b.reg("obj", "b");
	o.mem.reg("obj.mem");
	caller(o);
	Trace &t = *s.trace();
	// start, Enter caller, Enter callee, Line, Exit, Line, Enter, Line, Exit, Exit
	ASSERT_EQ(t.size(), 10u);
	EXPECT_EQ(t.at(1).kind, StepKind::Enter);
	EXPECT_EQ(t.str(t.at(1).fn), "caller");
	EXPECT_EQ(t.at(2).depth, 2);
	EXPECT_EQ(t.at(4).kind, StepKind::Exit);
	EXPECT_EQ(t.at(4).value, 6);

	StateIndex idx(t, 3);
	KeyId a = t.find_key("obj", "a"), b = t.find_key("obj", "b");
	RegionId r = t.find_region("obj.mem");
	EXPECT_EQ(idx.at(0).value(a), 1);
	EXPECT_EQ(idx.at(1).value(a), 10);
	EXPECT_EQ(idx.at(9).value(a), 15);
	EXPECT_EQ(idx.at(9).value(b), 7);
	EXPECT_EQ((*idx.at(9).region(r))[5], 7);
	EXPECT_EQ((*idx.at(4).region(r))[5], 3);
	// Moving backwards gives exactly the state that moving forward gave.
	for (size_t from = 0; from < t.size(); from++)
		for (size_t to = 0; to < t.size(); to++) {
			State x = idx.at(from);
			idx.move(x, to);
			State y = idx.at(to);
			EXPECT_EQ(x.value(a), y.value(a));
			EXPECT_EQ(x.value(b), y.value(b));
			// A region never written reads as zeros of its size.
			std::vector<uint8_t> zero(t.regions()[r].size, 0);
			auto *rx = x.region(r), *ry = y.region(r);
			EXPECT_EQ(rx ? *rx : zero, ry ? *ry : zero);
			// ...and moving back past its first write leaves it never written, as at(to) has it
			// (the headers view tells "no bytes yet" from "0 bytes shown").
			EXPECT_EQ(rx != nullptr, ry != nullptr) << "from " << from << " to " << to;
		}
	EXPECT_EQ(idx.who_wrote(b, 9), 6u);
	EXPECT_EQ(idx.who_wrote_byte(r, 5, 9), 7u);
	EXPECT_EQ(idx.who_wrote_byte(r, 5, 5), 3u);
	EXPECT_FALSE(idx.who_wrote_byte(r, 0, 9).has_value());
	EXPECT_EQ(idx.next_change(a, 2), 5u);
	EXPECT_EQ(idx.prev_change(a, 9), 5u);
}

TEST(Sim, Navigation)
{
	Sim s;
	SimScope sc(s);
	Obj o;
	o.a.reg("obj", "a");
	caller(o);
	StateIndex idx(*s.trace());
	Navigator nav(idx);
	EXPECT_EQ(nav.step_over(1), 9u); // over caller()
	EXPECT_EQ(nav.step_over(2), 4u); // over callee()
	EXPECT_EQ(nav.step_over(3), 4u); // line -> exit
	EXPECT_EQ(nav.step_over(4), 5u); // exit of callee -> next line of caller
	EXPECT_EQ(nav.step_out(3), 4u);
	EXPECT_EQ(nav.step_out(5), 9u);
	EXPECT_EQ(nav.rstep_out(3), 2u);
	EXPECT_EQ(nav.rstep_over(4), 2u);
	EXPECT_EQ(nav.rstep_over(5), 4u);
	EXPECT_EQ(nav.call_stack(3), (std::vector<size_t>{1, 2}));
	std::vector<Breakpoint> bps{{Breakpoint::Function, "callee"}};
	EXPECT_EQ(nav.cont(0, bps), 2u);
	EXPECT_EQ(nav.cont(2, bps), 6u);
	EXPECT_EQ(nav.rcont(9, bps), 6u);
	std::vector<Breakpoint> lb{{Breakpoint::Function, "caller:mid"}}; // a line anchor
	EXPECT_EQ(nav.cont(0, lb), 5u);
	std::vector<Breakpoint> cb{{Breakpoint::Cond, "obj.a > 12"}};
	EXPECT_EQ(nav.cont(0, cb), 5u);
	std::string err;
	EXPECT_FALSE(Condition::parse("obj.nope < 3", *s.trace(), err).has_value());
	EXPECT_NE(err.find("no traced field"), std::string::npos);
	EXPECT_FALSE(Condition::parse("obj.a <", *s.trace(), err).has_value());
}

TEST(Sim, EventQueueIsDeterministic)
{
	Sim s;
	SimScope sc(s);
	std::vector<int> order;
	s.at(100, "b", [&] { order.push_back(2); });
	s.at(50, "a", [&] { order.push_back(1); });
	auto id = s.at(100, "c", [&] { order.push_back(3); });
	s.at(100, "d", [&] { order.push_back(4); });
	s.cancel(id);
	s.run();
	EXPECT_EQ(order, (std::vector<int>{1, 2, 4}));
	EXPECT_EQ(s.now_ns(), 100u);
}
