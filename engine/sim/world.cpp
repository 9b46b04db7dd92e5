// SPDX-License-Identifier: GPL-2.0-or-later
#include "sim/world.h"

namespace
{
thread_local World *g_world = nullptr;
}

World &world()
{
	return *g_world;
}
tcp_sysctls &sysctl()
{
	return g_world->sysctl;
}

WorldScope::WorldScope(World &w) : prev(g_world)
{
	g_world = &w;
}
WorldScope::~WorldScope()
{
	g_world = prev;
}

World::World(sp::Sim &s) : sim(s)
{
	if (!s.v616()) {
		sysctl.tcp_limit_output_bytes = 1048576; // 6.15 default (6.16 raised it to 4 MiB)
	} else {
		sysctl.tcp_rmem[2] = 33554432; // 6.16: tcp_rmem[2] up to 32 MiB
	}
}

World::~World() = default;

void World::wire_out(const u8 *frame, size_t len, const std::string &comment)
{
	wire.push_back({sim.now_ns(), std::vector<u8>(frame, frame + len),
			sim.current_step(), comment, true});
	if (on_wire_out)
		on_wire_out(frame, len); // the peer model (engine/sim/peer.cpp) sees every outbound frame
}

void World::wire_in(const u8 *frame, size_t len, const std::string &comment)
{
	wire.push_back({sim.now_ns(), std::vector<u8>(frame, frame + len),
			sim.current_step(), comment, false});
}

u64 World::user_alloc(size_t len, u8 seed)
{
	size_t off = (user_mem.size() + 4095) & ~(size_t)4095;
	user_mem.resize(off + len);
	// Recognisable, deterministic payload: 'A'+seed followed by a counter pattern.
	for (size_t i = 0; i < len; i++)
		user_mem[off + i] = (u8)('a' + ((seed + i) % 26));
	return USER_BASE + off;
}

u64 World::phys_alloc(size_t len, size_t align)
{
	u64 p = (next_phys + align - 1) & ~(u64)(align - 1);
	next_phys = p + len;
	return p;
}
