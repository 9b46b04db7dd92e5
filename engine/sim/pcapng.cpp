// SPDX-License-Identifier: GPL-2.0-or-later
#include "sim/pcapng.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sp
{

namespace
{

constexpr uint32_t BT_SHB = 0x0A0D0D0A, BT_IDB = 1, BT_SPB = 3, BT_EPB = 6;
constexpr uint32_t BYTE_ORDER_MAGIC = 0x1A2B3C4D;
constexpr uint16_t OPT_ENDOFOPT = 0, OPT_COMMENT = 1, SHB_USERAPPL = 4, IF_NAME = 2, IF_TSRESOL = 9,
		   IF_TSOFFSET = 14;

size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

// Little-endian block builder.
struct Block {
	std::vector<uint8_t> b;
	void u16(uint16_t v)
	{
		b.push_back((uint8_t)v);
		b.push_back((uint8_t)(v >> 8));
	}
	void u32(uint32_t v)
	{
		u16((uint16_t)v);
		u16((uint16_t)(v >> 16));
	}
	void u64(uint64_t v)
	{
		u32((uint32_t)v);
		u32((uint32_t)(v >> 32));
	}
	void bytes(const void *p, size_t n)
	{
		if (n)
			b.insert(b.end(), (const uint8_t *)p, (const uint8_t *)p + n);
		b.resize(pad4(b.size()), 0);
	}
	void option(uint16_t code, const void *p, size_t n)
	{
		u16(code);
		u16((uint16_t)n);
		bytes(p, n);
	}
	void start(uint32_t type)
	{
		b.clear();
		u32(type);
		u32(0); // total length, patched by finish()
	}
	void finish()
	{
		uint32_t len = (uint32_t)b.size() + 4;
		u32(len);
		for (int i = 0; i < 4; i++)
			b[4 + i] = (uint8_t)(len >> (8 * i));
	}
};

// A comment cut to the 16-bit option length, never inside a UTF-8 sequence.
size_t comment_len(const std::string &c)
{
	size_t n = c.size();
	if (n <= 0xFFFF)
		return n;
	n = 0xFFFF;
	while (n > 0 && ((uint8_t)c[n] & 0xC0) == 0x80)
		n--;
	return n;
}

} // namespace

PcapngWriter::~PcapngWriter()
{
	std::string ignored;
	close(ignored);
}

void PcapngWriter::put(const void *p, size_t n)
{
	if (!f_ || !err_.empty())
		return;
	if (std::fwrite(p, 1, n, f_) != n)
		err_ = path_ + ": write failed: " + std::strerror(errno);
}

bool PcapngWriter::open(const std::string &path, std::string &err, const std::string &if_name)
{
	if (f_) {
		err = path + ": writer already open on " + path_;
		return false;
	}
	f_ = std::fopen(path.c_str(), "wb");
	if (!f_) {
		err = path + ": cannot create: " + std::strerror(errno);
		return false;
	}
	path_ = path;
	err_.clear();
	n_ = 0;
	Block b;
	b.start(BT_SHB);
	b.u32(BYTE_ORDER_MAGIC);
	b.u16(1);     // major
	b.u16(0);     // minor
	b.u64(~0ULL); // section length: not specified
	static const char app[] = "SendPath";
	b.option(SHB_USERAPPL, app, sizeof(app) - 1);
	b.option(OPT_ENDOFOPT, nullptr, 0);
	b.finish();
	put(b.b.data(), b.b.size());

	b.start(BT_IDB);
	b.u16(LINKTYPE_ETHERNET);
	b.u16(0); // reserved
	b.u32(0); // snaplen: no limit
	if (!if_name.empty())
		b.option(IF_NAME, if_name.data(), std::min<size_t>(if_name.size(), 0xFFFF));
	const uint8_t tsresol = 9; // 10^-9 s
	b.option(IF_TSRESOL, &tsresol, 1);
	b.option(OPT_ENDOFOPT, nullptr, 0);
	b.finish();
	put(b.b.data(), b.b.size());
	if (!err_.empty()) {
		err = err_;
		std::fclose(f_);
		f_ = nullptr;
		return false;
	}
	return true;
}

void PcapngWriter::add(uint64_t time_ns, const uint8_t *frame, size_t len, const std::string &comment)
{
	if (!f_ || !err_.empty())
		return;
	if (len > 0x7FFF0000u) {
		err_ = path_ + ": frame of " + std::to_string(len) + " bytes is too large for pcapng";
		return;
	}
	Block b;
	b.start(BT_EPB);
	b.u32(0); // interface
	b.u32((uint32_t)(time_ns >> 32));
	b.u32((uint32_t)time_ns);
	b.u32((uint32_t)len); // captured
	b.u32((uint32_t)len); // original
	b.bytes(frame, len);
	if (!comment.empty()) {
		b.option(OPT_COMMENT, comment.data(), comment_len(comment));
		b.option(OPT_ENDOFOPT, nullptr, 0);
	}
	b.finish();
	put(b.b.data(), b.b.size());
	n_++;
}

bool PcapngWriter::close(std::string &err)
{
	if (!f_)
		return true; // never opened, or already closed (and reported)
	if (std::fflush(f_) != 0 && err_.empty())
		err_ = path_ + ": write failed: " + std::strerror(errno);
	if (std::fclose(f_) != 0 && err_.empty())
		err_ = path_ + ": close failed: " + std::strerror(errno);
	f_ = nullptr;
	if (!err_.empty()) {
		err = err_;
		return false;
	}
	return true;
}

bool write_pcapng(const std::string &path, const std::vector<PcapngFrame> &frames, std::string &err,
		  const std::string &if_name)
{
	PcapngWriter w;
	if (!w.open(path, err, if_name))
		return false;
	for (auto &f : frames)
		w.add(f.time_ns, f.data.data(), f.data.size(), f.comment);
	return w.close(err);
}

// ---------------------------------------------------------------- reader

namespace
{

struct Reader {
	const std::vector<uint8_t> &d;
	bool be = false;
	uint16_t u16(size_t o) const
	{
		return be ? (uint16_t)(d[o] << 8 | d[o + 1]) : (uint16_t)(d[o] | d[o + 1] << 8);
	}
	uint32_t u32(size_t o) const
	{
		return be ? (uint32_t)u16(o) << 16 | u16(o + 2) : u16(o) | (uint32_t)u16(o + 2) << 16;
	}
	uint64_t u64(size_t o) const
	{
		return be ? (uint64_t)u32(o) << 32 | u32(o + 4) : u32(o) | (uint64_t)u32(o + 4) << 32;
	}
};

struct IfState {
	uint8_t tsresol = 6;  // default: microseconds
	int64_t tsoffset = 0; // seconds
};

// Walks the options in [o, end); calls fn(code, value offset, length). False if they overrun.
template <class Fn> bool options(const Reader &r, size_t o, size_t end, Fn fn)
{
	while (o + 4 <= end) {
		uint16_t code = r.u16(o), len = r.u16(o + 2);
		if (code == OPT_ENDOFOPT)
			return true;
		if (o + 4 + pad4(len) > end)
			return false;
		fn(code, o + 4, (size_t)len);
		o += 4 + pad4(len);
	}
	return o == end;
}

bool to_ns(uint64_t ts, const IfState &s, uint64_t &ns)
{
	unsigned __int128 v;
	unsigned exp = s.tsresol & 0x7F;
	if (s.tsresol & 0x80) {
		v = ((unsigned __int128)ts * 1000000000u) >> exp;
	} else {
		if (exp > 28)
			return false;
		unsigned __int128 p = 1;
		for (unsigned i = 0; i < (exp > 9 ? exp - 9 : 9 - exp); i++)
			p *= 10;
		v = exp <= 9 ? (unsigned __int128)ts * p : ts / p;
	}
	v += (unsigned __int128)((__int128)s.tsoffset * 1000000000);
	ns = (uint64_t)v;
	return true;
}

} // namespace

std::optional<PcapngCapture> read_pcapng(const std::string &path, std::string &err)
{
	FILE *f = std::fopen(path.c_str(), "rb");
	if (!f) {
		err = path + ": cannot open: " + std::strerror(errno);
		return std::nullopt;
	}
	std::vector<uint8_t> d;
	uint8_t buf[65536];
	size_t n;
	while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
		d.insert(d.end(), buf, buf + n);
	bool rd_err = std::ferror(f);
	std::fclose(f);
	if (rd_err) {
		err = path + ": read failed";
		return std::nullopt;
	}
	auto fail = [&](size_t off, const std::string &what) {
		err = path + ": " + what + " (at byte " + std::to_string(off) + ")";
		return std::nullopt;
	};
	if (d.size() < 4)
		return fail(0, d.empty() ? "empty file, not a pcapng capture"
					 : "too short for a pcapng capture");
	uint32_t m = (uint32_t)d[0] | (uint32_t)d[1] << 8 | (uint32_t)d[2] << 16 | (uint32_t)d[3] << 24;
	if (m == 0xA1B2C3D4 || m == 0xD4C3B2A1 || m == 0xA1B23C4D || m == 0x4D3CB2A1)
		return fail(0, "classic pcap (libpcap) file, not pcapng");
	if (m != BT_SHB)
		return fail(0, "not a pcapng file (no Section Header Block)");

	PcapngCapture cap;
	Reader r{d};
	std::vector<IfState> ifs; // of the current section
	size_t if_base = 0;	  // index of the current section's interface 0 in cap.interfaces
	size_t pos = 0;
	while (pos < d.size()) {
		if (d.size() - pos < 12)
			return fail(pos, "truncated block header");
		uint32_t type = r.u32(pos);
		if (type == BT_SHB) {
			if (d.size() - pos < 28)
				return fail(pos, "truncated Section Header Block");
			uint32_t magic = (uint32_t)d[pos + 8] | (uint32_t)d[pos + 9] << 8 |
					 (uint32_t)d[pos + 10] << 16 | (uint32_t)d[pos + 11] << 24;
			if (magic == BYTE_ORDER_MAGIC)
				r.be = false;
			else if (magic == 0x4D3C2B1A)
				r.be = true;
			else
				return fail(pos + 8, "bad byte-order magic in Section Header Block");
			if (r.u16(pos + 12) != 1)
				return fail(pos + 12, "unsupported pcapng major version " +
							  std::to_string(r.u16(pos + 12)));
			ifs.clear();
			if_base = cap.interfaces.size();
		}
		uint32_t len = r.u32(pos + 4);
		if (len < 12 || len % 4)
			return fail(pos, "bad block length " + std::to_string(len));
		if (len > d.size() - pos)
			return fail(pos, "truncated block (length " + std::to_string(len) + ", " +
					     std::to_string(d.size() - pos) + " bytes left)");
		if (r.u32(pos + len - 4) != len)
			return fail(pos + len - 4,
				    "block trailer length does not match its header (corrupt)");
		size_t body = pos + 8, end = pos + len - 4;
		if (type == BT_IDB) {
			if (end - body < 8)
				return fail(pos, "Interface Description Block too short");
			PcapngInterface ifc;
			IfState st;
			ifc.linktype = r.u16(body);
			ifc.snaplen = r.u32(body + 4);
			bool ok = options(r, body + 8, end, [&](uint16_t code, size_t o, size_t l) {
				if (code == IF_NAME)
					ifc.name.assign((const char *)&d[o], l);
				else if (code == IF_TSRESOL && l >= 1)
					st.tsresol = d[o];
				else if (code == IF_TSOFFSET && l >= 8)
					st.tsoffset = (int64_t)r.u64(o);
			});
			if (!ok)
				return fail(pos, "Interface Description Block options overrun the block");
			uint64_t dummy;
			if (!to_ns(0, st, dummy))
				return fail(pos, "unsupported if_tsresol " + std::to_string(st.tsresol));
			cap.interfaces.push_back(ifc);
			ifs.push_back(st);
		} else if (type == BT_EPB) {
			if (end - body < 20)
				return fail(pos, "Enhanced Packet Block too short");
			PcapngFrame fr;
			uint32_t ifid = r.u32(body);
			if (ifid >= ifs.size())
				return fail(pos, "Enhanced Packet Block names interface " +
						     std::to_string(ifid) + " but the section has " +
						     std::to_string(ifs.size()));
			uint64_t ts = (uint64_t)r.u32(body + 4) << 32 | r.u32(body + 8);
			uint32_t caplen = r.u32(body + 12);
			fr.orig_len = r.u32(body + 16);
			if (caplen > end - (body + 20))
				return fail(pos, "captured length " + std::to_string(caplen) +
						     " overruns the Enhanced Packet Block");
			size_t data = body + 20;
			fr.data.assign(d.begin() + data, d.begin() + data + caplen);
			fr.interface = (uint32_t)(if_base + ifid);
			to_ns(ts, ifs[ifid], fr.time_ns);
			size_t opt = data + pad4(caplen);
			bool ok = opt >= end || options(r, opt, end, [&](uint16_t code, size_t o, size_t l) {
					  if (code == OPT_COMMENT) {
						  if (!fr.comment.empty())
							  fr.comment += '\n';
						  fr.comment.append((const char *)&d[o], l);
					  }
				  });
			if (!ok)
				return fail(pos, "Enhanced Packet Block options overrun the block");
			cap.frames.push_back(std::move(fr));
		} else if (type == BT_SPB) {
			if (end - body < 4)
				return fail(pos, "Simple Packet Block too short");
			if (ifs.empty())
				return fail(pos,
					    "Simple Packet Block before any Interface Description Block");
			PcapngFrame fr;
			fr.orig_len = r.u32(body);
			size_t caplen = std::min<size_t>(fr.orig_len, end - (body + 4));
			uint32_t snap = cap.interfaces[if_base].snaplen;
			if (snap && caplen > snap)
				caplen = snap;
			fr.data.assign(d.begin() + body + 4, d.begin() + body + 4 + caplen);
			fr.interface = (uint32_t)if_base;
			cap.frames.push_back(std::move(fr));
		}
		pos += len;
	}
	return cap;
}

} // namespace sp
