// SPDX-License-Identifier: GPL-2.0-or-later
// Decoding what left (and reached) the wire: TCP segments for --json, frames for pcapng.
#include "scenario/runner.h"
#include "sim/pcapng.h"

namespace sp
{

std::string Segment::flags_str() const
{
	// tcpdump style: S SYN, F FIN, R RST, P PSH, . ACK, U URG, E ECE, W CWR
	std::string s;
	if (flags & 0x02)
		s += 'S';
	if (flags & 0x01)
		s += 'F';
	if (flags & 0x04)
		s += 'R';
	if (flags & 0x08)
		s += 'P';
	if (flags & 0x20)
		s += 'U';
	if (flags & 0x40)
		s += 'E';
	if (flags & 0x80)
		s += 'W';
	if (flags & 0x10)
		s += '.';
	return s;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}
static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

std::vector<Segment> wire_segments(const std::vector<WireFrame> &wire)
{
	std::vector<Segment> out;
	for (auto &f : wire) {
		const uint8_t *p = f.bytes.data();
		size_t n = f.bytes.size();
		if (n < 14 + 20 + 20 || be16(p + 12) != 0x0800)
			continue;
		const uint8_t *ip = p + 14;
		unsigned ihl = (ip[0] & 0x0f) * 4;
		unsigned tot = be16(ip + 2);
		if (ip[9] != 6 || ihl < 20 || 14 + ihl + 20 > n || tot < ihl + 20 || 14 + tot > n)
			continue;
		const uint8_t *th = ip + ihl;
		unsigned doff = (th[12] >> 4) * 4;
		if (doff < 20 || ihl + doff > tot)
			continue;
		Segment s;
		s.time_ns = f.time_ns;
		s.outbound = f.outbound;
		s.seq = be32(th + 4);
		s.ack = be32(th + 8);
		s.flags = th[13];
		s.win = be16(th + 14);
		s.len = tot - ihl - doff;
		s.step = f.step;
		out.push_back(s);
	}
	return out;
}

bool write_pcapng(const RunResult &r, const std::string &path, std::string &err)
{
	PcapngWriter w;
	if (!w.open(path, err, "e810-sim"))
		return false;
	for (auto &f : r.wire)
		w.add(f.time_ns, f.bytes.data(), f.bytes.size(), f.comment);
	return w.close(err);
}

} // namespace sp
