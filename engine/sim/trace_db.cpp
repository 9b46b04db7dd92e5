// SPDX-License-Identifier: GPL-2.0-or-later
#include "sim/trace_db.h"
#include "sim/sqlite.h"

// No <sys/stat.h>: it pulls in the system <linux/stat.h>, which the model's engine/include/linux/
// headers shadow. std::filesystem covers stat/chmod.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <new>

namespace sp
{
using namespace sp::sql;

namespace
{

constexpr uint32_t APPLICATION_ID = 0x53505452; // 'SPTR'
constexpr size_t CHUNK_RECORDS = 65536, CHUNK_BYTES = 1u << 20;
constexpr size_t STEP_SIZE = 44, DELTA_SIZE = 20, BDELTA_SIZE = 21;

const char *const SCHEMA = R"(
CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
CREATE TABLE trace_meta(idx INTEGER PRIMARY KEY, key TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE strings(id INTEGER PRIMARY KEY, s TEXT NOT NULL);
CREATE TABLE keys(id INTEGER PRIMARY KEY, object INTEGER NOT NULL, field INTEGER NOT NULL,
		  fmt INTEGER NOT NULL, born INTEGER NOT NULL, initial INTEGER NOT NULL);
CREATE TABLE regions(id INTEGER PRIMARY KEY, name INTEGER NOT NULL, size INTEGER NOT NULL,
		     iova INTEGER NOT NULL, born INTEGER NOT NULL);
CREATE TABLE arrays(name TEXT PRIMARY KEY NOT NULL, record_size INTEGER NOT NULL, records INTEGER NOT NULL);
CREATE TABLE chunks(array TEXT NOT NULL, seq INTEGER NOT NULL, records INTEGER NOT NULL, data BLOB NOT NULL,
		    crc32 INTEGER NOT NULL, PRIMARY KEY(array, seq));
)";

} // namespace

uint32_t chunk_crc32(const void *data, size_t len)
{
	static const auto table = [] {
		std::array<uint32_t, 256> t{};
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;
			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
			t[i] = c;
		}
		return t;
	}();
	const uint8_t *p = (const uint8_t *)data;
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < len; i++)
		c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
	return c ^ 0xFFFFFFFFu;
}

namespace
{

// ---------------------------------------------------------------- little-endian packing

struct Packer {
	std::vector<uint8_t> b;
	void u8(uint8_t v) { b.push_back(v); }
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
};

struct Unpacker {
	const uint8_t *p;
	uint8_t u8() { return *p++; }
	uint16_t u16()
	{
		uint16_t v = (uint16_t)(p[0] | p[1] << 8);
		p += 2;
		return v;
	}
	uint32_t u32()
	{
		uint32_t lo = u16();
		return lo | (uint32_t)u16() << 16;
	}
	uint64_t u64()
	{
		uint64_t lo = u32();
		return lo | (uint64_t)u32() << 32;
	}
};

void pack(Packer &p, const Step &s)
{
	p.u8((uint8_t)s.kind);
	p.u8(s.flags);
	p.u16(s.depth);
	p.u32(s.fn);
	p.u32(s.anchor);
	p.u64((uint64_t)s.value);
	p.u64(s.time_ns);
	p.u32(s.text_off);
	p.u32(s.text_len);
	p.u32(s.delta_begin);
	p.u32(s.bytes_begin);
}
void unpack(Unpacker &u, Step &s)
{
	s.kind = (StepKind)u.u8();
	s.flags = u.u8();
	s.depth = u.u16();
	s.fn = u.u32();
	s.anchor = u.u32();
	s.value = (int64_t)u.u64();
	s.time_ns = u.u64();
	s.text_off = u.u32();
	s.text_len = u.u32();
	s.delta_begin = u.u32();
	s.bytes_begin = u.u32();
}
void pack(Packer &p, const Delta &d)
{
	p.u32(d.key);
	p.u64((uint64_t)d.old_v);
	p.u64((uint64_t)d.new_v);
}
void unpack(Unpacker &u, Delta &d)
{
	d.key = u.u32();
	d.old_v = (int64_t)u.u64();
	d.new_v = (int64_t)u.u64();
}
void pack(Packer &p, const ByteDelta &d)
{
	p.u32(d.region);
	p.u32(d.offset);
	p.u32(d.len);
	p.u64(d.pool_off);
	p.u8(d.old_zero ? 1 : 0);
}
// Flags other than old_zero are rejected by the validation (kept in `flags`).
void unpack(Unpacker &u, ByteDelta &d, uint8_t &flags)
{
	d.region = u.u32();
	d.offset = u.u32();
	d.len = u.u32();
	d.pool_off = u.u64();
	flags = u.u8();
	d.old_zero = flags & 1;
}

// ---------------------------------------------------------------- save

void write_db(const Trace &tc, Db &d)
{
	// raw() is the storage layer's view of the arrays; saving only reads through it.
	Trace::Raw r = const_cast<Trace &>(tc).raw();
	exec(d, "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA application_id=1397773394;"
		"PRAGMA user_version=1;");
	static_assert(APPLICATION_ID == 1397773394u);
	exec(d, "BEGIN");
	exec(d, SCHEMA);

	Stmt st;
	prepare(d, st, "INSERT INTO meta(key, value) VALUES (?1, ?2)");
	const std::pair<std::string, std::string> fmeta[] = {
	    {"format", TRACE_FORMAT_NAME},
	    {"schema_version", std::to_string(TRACE_SCHEMA_VERSION)},
	    {"writer", "SendPath"},
	};
	for (auto &[k, v] : fmeta) {
		bind_text(st, 1, k);
		bind_text(st, 2, v);
		step_insert(d, st, "meta");
	}

	Stmt tm;
	prepare(d, tm, "INSERT INTO trace_meta(idx, key, value) VALUES (?1, ?2, ?3)");
	for (size_t i = 0; i < tc.meta.size(); i++) {
		sqlite3_bind_int64(tm.s, 1, (sqlite3_int64)i);
		bind_text(tm, 2, tc.meta[i].first);
		bind_text(tm, 3, tc.meta[i].second);
		step_insert(d, tm, "trace_meta");
	}

	Stmt ss;
	prepare(d, ss, "INSERT INTO strings(id, s) VALUES (?1, ?2)");
	for (size_t i = 0; i < r.strings->size(); i++) {
		sqlite3_bind_int64(ss.s, 1, (sqlite3_int64)i);
		bind_text(ss, 2, (*r.strings)[i]);
		step_insert(d, ss, "strings");
	}

	Stmt ks;
	prepare(d, ks,
		"INSERT INTO keys(id, object, field, fmt, born, initial) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	for (size_t i = 0; i < r.keys->size(); i++) {
		const KeyInfo &k = (*r.keys)[i];
		sqlite3_bind_int64(ks.s, 1, (sqlite3_int64)i);
		sqlite3_bind_int64(ks.s, 2, k.object);
		sqlite3_bind_int64(ks.s, 3, k.field);
		sqlite3_bind_int64(ks.s, 4, (int)k.fmt);
		sqlite3_bind_int64(ks.s, 5, k.born);
		sqlite3_bind_int64(ks.s, 6, (*r.key_init)[i]);
		step_insert(d, ks, "keys");
	}

	Stmt rs;
	prepare(d, rs, "INSERT INTO regions(id, name, size, iova, born) VALUES (?1, ?2, ?3, ?4, ?5)");
	for (size_t i = 0; i < r.regions->size(); i++) {
		const RegionInfo &g = (*r.regions)[i];
		sqlite3_bind_int64(rs.s, 1, (sqlite3_int64)i);
		sqlite3_bind_int64(rs.s, 2, g.name);
		sqlite3_bind_int64(rs.s, 3, g.size);
		sqlite3_bind_int64(rs.s, 4, (sqlite3_int64)g.iova);
		sqlite3_bind_int64(rs.s, 5, g.born);
		step_insert(d, rs, "regions");
	}

	Stmt as, cs;
	prepare(d, as, "INSERT INTO arrays(name, record_size, records) VALUES (?1, ?2, ?3)");
	prepare(d, cs, "INSERT INTO chunks(array, seq, records, data, crc32) VALUES (?1, ?2, ?3, ?4, ?5)");
	auto array = [&](const std::string &name, size_t rec_size, size_t n, size_t per_chunk, auto &&fill) {
		bind_text(as, 1, name);
		sqlite3_bind_int64(as.s, 2, (sqlite3_int64)rec_size);
		sqlite3_bind_int64(as.s, 3, (sqlite3_int64)n);
		step_insert(d, as, "arrays");
		Packer p;
		for (size_t seq = 0, i = 0; i < n; seq++, i += per_chunk) {
			size_t m = std::min(per_chunk, n - i);
			p.b.clear();
			p.b.reserve(m * rec_size);
			fill(p, i, m);
			bind_text(cs, 1, name);
			sqlite3_bind_int64(cs.s, 2, (sqlite3_int64)seq);
			sqlite3_bind_int64(cs.s, 3, (sqlite3_int64)m);
			sqlite3_bind_blob64(cs.s, 4, p.b.data(), p.b.size(), SQLITE_STATIC);
			sqlite3_bind_int64(cs.s, 5, chunk_crc32(p.b.data(), p.b.size()));
			step_insert(d, cs, "chunks");
		}
	};
	array("steps", STEP_SIZE, r.steps->size(), CHUNK_RECORDS, [&](Packer &p, size_t i, size_t m) {
		for (size_t j = i; j < i + m; j++)
			pack(p, (*r.steps)[j]);
	});
	array("deltas", DELTA_SIZE, r.deltas->size(), CHUNK_RECORDS, [&](Packer &p, size_t i, size_t m) {
		for (size_t j = i; j < i + m; j++)
			pack(p, (*r.deltas)[j]);
	});
	array("byte_deltas", BDELTA_SIZE, r.bdeltas->size(), CHUNK_RECORDS,
	      [&](Packer &p, size_t i, size_t m) {
		      for (size_t j = i; j < i + m; j++)
			      pack(p, (*r.bdeltas)[j]);
	      });
	array("pool", 1, r.pool->size(), CHUNK_BYTES, [&](Packer &p, size_t i, size_t m) {
		p.b.assign(r.pool->begin() + i, r.pool->begin() + i + m);
	});
	array("text", 1, r.text->size(), CHUNK_BYTES, [&](Packer &p, size_t i, size_t m) {
		p.b.assign(r.text->begin() + i, r.text->begin() + i + m);
	});
	exec(d, "COMMIT");
}

std::string errno_str()
{
	return std::strerror(errno);
}

std::string dir_of(const std::string &path)
{
	size_t s = path.rfind('/');
	return s == std::string::npos ? "." : s == 0 ? "/" : path.substr(0, s);
}

} // namespace

bool save_trace(const Trace &t, const std::string &path, std::string &err)
{
	auto fail = [&](const std::string &why) {
		err = path + ": cannot save the trace: " + why;
		return false;
	};
	if (t.size() == 0)
		return fail("the trace has no steps");

	// A fresh temporary file next to the target (same file system, so rename() is atomic).
	std::string tmp;
	int fd = -1;
	static std::atomic<unsigned> counter;
	for (int tries = 0; fd < 0 && tries < 100; tries++) {
		tmp = path + ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
		fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0 && errno != EEXIST)
			return fail("cannot create a temporary file in " + dir_of(path) + ": " + errno_str());
	}
	if (fd < 0)
		return fail("cannot create a temporary file in " + dir_of(path) + ": " + errno_str());
	::close(fd);
	std::error_code ec;
	if (std::filesystem::is_regular_file(path, ec)) // keep the permissions of the file we replace
		std::filesystem::permissions(tmp, std::filesystem::status(path, ec).permissions(), ec);

	std::string why;
	{
		Db d;
		int rc = sqlite3_open_v2(tmp.c_str(), &d.db, SQLITE_OPEN_READWRITE, nullptr);
		try {
			check(d, rc, "open");
			write_db(t, d);
		} catch (const std::bad_alloc &) {
			why = "out of memory";
		} catch (const SqlError &e) {
			why = e.msg;
		}
		if (why.empty()) {
			if (sqlite3_close(d.db) == SQLITE_OK)
				d.db = nullptr;
			else
				why = "close: " + d.msg();
		}
	}
	if (why.empty()) {
		int f = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
		if (f < 0 || ::fsync(f) != 0)
			why = "cannot flush " + tmp + ": " + errno_str();
		if (f >= 0)
			::close(f);
	}
	if (why.empty() && ::rename(tmp.c_str(), path.c_str()) != 0)
		why = "cannot rename the temporary file over it: " + errno_str();
	if (!why.empty()) {
		::unlink(tmp.c_str());
		return fail(why);
	}
	int dfd = ::open(dir_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)::fsync(dfd); // make the rename durable; best effort
		::close(dfd);
	}
	return true;
}

// ---------------------------------------------------------------- load

namespace
{

// A problem with the file's contents (as opposed to an SQLite error).
struct Bad {
	std::string msg;
};

[[noreturn]] void bad(const std::string &m)
{
	throw Bad{m};
}

// The file is a SendPath trace, but its contents are inconsistent.
[[noreturn]] void corrupt(const std::string &m)
{
	throw Bad{"truncated or corrupt SendPath trace: " + m};
}

struct Loader {
	Db d;
	uint64_t file_size = 0;

	bool has_table(const char *name)
	{
		Stmt st;
		prepare(d, st, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
		sqlite3_bind_text(st.s, 1, name, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st.s);
		check(d, rc, "");
		return rc == SQLITE_ROW;
	}

	std::string text_col(Stmt &st, int i)
	{
		const unsigned char *p = sqlite3_column_text(st.s, i);
		return p ? std::string((const char *)p, (size_t)sqlite3_column_bytes(st.s, i))
			 : std::string();
	}

	// Identifies the file as a trace of a version this build reads.
	void check_header()
	{
		if (!has_table("meta"))
			bad("not a SendPath trace (an SQLite database without a 'meta' table)");
		Stmt st;
		if (sqlite3_prepare_v2(d.db, "SELECT key, value FROM meta", -1, &st.s, nullptr) != SQLITE_OK)
			bad("not a SendPath trace (its 'meta' table is not key/value: " + d.msg() + ")");
		std::string format, version;
		bool have_version = false;
		int rc;
		while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
			std::string k = text_col(st, 0);
			if (k == "format")
				format = text_col(st, 1);
			else if (k == "schema_version") {
				version = text_col(st, 1);
				have_version = true;
			}
		}
		check(d, rc, "reading meta");
		if (format != TRACE_FORMAT_NAME)
			bad(format.empty() ? "not a SendPath trace (no meta.format)"
					   : "not a SendPath trace (meta.format is '" + format + "')");
		if (!have_version)
			bad("truncated or corrupt SendPath trace: no meta.schema_version");
		char *end = nullptr;
		errno = 0;
		long v = std::strtol(version.c_str(), &end, 10);
		if (version.empty() || *end || errno)
			bad("unknown trace schema_version '" + version + "'");
		if (v > TRACE_SCHEMA_VERSION)
			bad("written by a newer SendPath (trace schema_version " + version +
			    "; this build reads " + std::to_string(TRACE_SCHEMA_VERSION) +
			    "): update SendPath to open it");
		if (v != TRACE_SCHEMA_VERSION)
			bad("unknown trace schema_version " + version + " (this build reads " +
			    std::to_string(TRACE_SCHEMA_VERSION) + ")");
	}

	// Table rows with ids 0..n-1 in order; fn(row statement) per row.
	template <class Fn> void rows(const char *table, const char *sql, Fn fn)
	{
		Stmt st;
		prepare(d, st, sql);
		int rc;
		for (sqlite3_int64 i = 0; (rc = sqlite3_step(st.s)) == SQLITE_ROW; i++) {
			if (sqlite3_column_int64(st.s, 0) != i)
				corrupt(std::string(table) + " ids are not 0, 1, 2, ... (row " +
					std::to_string(i) + ")");
			fn(st);
		}
		check(d, rc, table);
	}

	// Reads one packed array: checks its declared record size and count, then its chunks.
	template <class Fn> void array(const char *name, size_t rec_size, uint64_t max_records, Fn decode)
	{
		Stmt st;
		prepare(d, st, "SELECT record_size, records FROM arrays WHERE name = ?1");
		sqlite3_bind_text(st.s, 1, name, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st.s);
		check(d, rc, "arrays");
		if (rc != SQLITE_ROW)
			corrupt(std::string("the '") + name + "' array is missing");
		sqlite3_int64 rs = sqlite3_column_int64(st.s, 0), n = sqlite3_column_int64(st.s, 1);
		if (rs != (sqlite3_int64)rec_size)
			corrupt(std::string("the '") + name + "' array has records of " + std::to_string(rs) +
				" bytes, expected " + std::to_string(rec_size));
		if (n < 0 || (uint64_t)n > max_records || (uint64_t)n > file_size / rec_size)
			corrupt(std::string("the '") + name + "' array claims " + std::to_string(n) +
				" records, more than the file can hold");
		Stmt cs;
		prepare(d, cs, "SELECT seq, records, data, crc32 FROM chunks WHERE array = ?1 ORDER BY seq");
		sqlite3_bind_text(cs.s, 1, name, -1, SQLITE_STATIC);
		uint64_t got = 0;
		for (sqlite3_int64 seq = 0; (rc = sqlite3_step(cs.s)) == SQLITE_ROW; seq++) {
			std::string where =
			    std::string("chunk ") + std::to_string(seq) + " of '" + name + "'";
			if (sqlite3_column_int64(cs.s, 0) != seq)
				corrupt(where + " is missing");
			sqlite3_int64 m = sqlite3_column_int64(cs.s, 1);
			const void *p = sqlite3_column_blob(cs.s, 2);
			uint64_t bytes = (uint64_t)sqlite3_column_bytes(cs.s, 2);
			if (m <= 0 || (uint64_t)m > (uint64_t)n - got)
				corrupt(where + " holds " + std::to_string(m) +
					" records, inconsistent with the " + std::to_string(n) +
					" the array declares");
			if (bytes != (uint64_t)m * rec_size)
				corrupt(where + " is " + std::to_string(bytes) + " bytes, expected " +
					std::to_string(m * rec_size) + " (truncated)");
			if (sqlite3_column_int64(cs.s, 3) != chunk_crc32(p, (size_t)bytes))
				corrupt(where + " fails its CRC-32 check");
			decode((const uint8_t *)p, (size_t)m);
			got += (uint64_t)m;
		}
		check(d, rc, name);
		if (got != (uint64_t)n)
			corrupt(std::string("the '") + name + "' array has " + std::to_string(got) +
				" of its " + std::to_string(n) + " records (truncated)");
	}

	std::unique_ptr<Trace> load()
	{
		check_header();
		auto t = std::make_unique<Trace>();
		Trace::Raw r = t->raw();
		r.strings->clear();
		r.keys->clear();
		r.key_init->clear();
		r.regions->clear();

		Stmt tm;
		prepare(d, tm, "SELECT key, value FROM trace_meta ORDER BY idx");
		int rc;
		while ((rc = sqlite3_step(tm.s)) == SQLITE_ROW)
			t->meta.emplace_back(text_col(tm, 0), text_col(tm, 1));
		check(d, rc, "trace_meta");

		rows("strings", "SELECT id, s FROM strings ORDER BY id",
		     [&](Stmt &st) { r.strings->push_back(text_col(st, 1)); });
		if (r.strings->empty() || !(*r.strings)[0].empty())
			corrupt("string 0 is not the empty string");
		const uint64_t nstr = r.strings->size();

		// Steps first: keys and regions name the step they were born at.
		Step s{};
		array("steps", STEP_SIZE, UINT32_MAX, [&](const uint8_t *p, size_t m) {
			Unpacker u{p};
			for (size_t i = 0; i < m; i++) {
				unpack(u, s);
				r.steps->push_back(s);
			}
		});
		const uint64_t nsteps = r.steps->size();
		if (!nsteps)
			corrupt("the trace has no steps");

		rows("keys", "SELECT id, object, field, fmt, born, initial FROM keys ORDER BY id",
		     [&](Stmt &st) {
			     sqlite3_int64 o = sqlite3_column_int64(st.s, 1),
					   f = sqlite3_column_int64(st.s, 2),
					   fmt = sqlite3_column_int64(st.s, 3),
					   born = sqlite3_column_int64(st.s, 4);
			     std::string k = "key " + std::to_string(r.keys->size());
			     if (o < 0 || (uint64_t)o >= nstr || f < 0 || (uint64_t)f >= nstr)
				     corrupt(k + " names a string that does not exist");
			     if (fmt < 0 || fmt > (int)Fmt::Ptr)
				     corrupt(k + " has an unknown format " + std::to_string(fmt));
			     if (born < 0 || (uint64_t)born >= nsteps)
				     corrupt(k + " is born at step " + std::to_string(born) +
					     ", past the end of the trace");
			     r.keys->push_back({(StrId)o, (StrId)f, (Fmt)fmt, (uint32_t)born});
			     r.key_init->push_back(sqlite3_column_int64(st.s, 5));
		     });
		if (r.keys->empty())
			corrupt("the keys table lacks key 0");

		rows("regions", "SELECT id, name, size, iova, born FROM regions ORDER BY id", [&](Stmt &st) {
			sqlite3_int64 nm = sqlite3_column_int64(st.s, 1),
				      size = sqlite3_column_int64(st.s, 2),
				      born = sqlite3_column_int64(st.s, 4);
			std::string g = "region " + std::to_string(r.regions->size());
			if (nm < 0 || (uint64_t)nm >= nstr)
				corrupt(g + " names a string that does not exist");
			if (size < 0 || size > UINT32_MAX)
				corrupt(g + " has an impossible size " + std::to_string(size));
			if (born < 0 || (uint64_t)born >= nsteps)
				corrupt(g + " is born at step " + std::to_string(born) +
					", past the end of the trace");
			r.regions->push_back({(StrId)nm, (uint32_t)size,
					      (uint64_t)sqlite3_column_int64(st.s, 3), (uint32_t)born});
		});
		if (r.regions->empty())
			corrupt("the regions table lacks region 0");

		array("deltas", DELTA_SIZE, UINT32_MAX, [&](const uint8_t *p, size_t m) {
			Unpacker u{p};
			Delta x;
			for (size_t i = 0; i < m; i++) {
				unpack(u, x);
				if (x.key >= r.keys->size())
					corrupt("delta " + std::to_string(r.deltas->size()) + " writes key " +
						std::to_string(x.key) + ", which does not exist");
				r.deltas->push_back(x);
			}
		});
		array("pool", 1, UINT64_MAX,
		      [&](const uint8_t *p, size_t m) { r.pool->insert(r.pool->end(), p, p + m); });
		array("text", 1, UINT32_MAX,
		      [&](const uint8_t *p, size_t m) { r.text->insert(r.text->end(), p, p + m); });
		array("byte_deltas", BDELTA_SIZE, UINT32_MAX, [&](const uint8_t *p, size_t m) {
			Unpacker u{p};
			ByteDelta x;
			uint8_t flags;
			const uint64_t pool = r.pool->size();
			for (size_t i = 0; i < m; i++) {
				unpack(u, x, flags);
				std::string b = "byte delta " + std::to_string(r.bdeltas->size());
				if (x.region >= r.regions->size())
					corrupt(b + " writes region " + std::to_string(x.region) +
						", which does not exist");
				if ((uint64_t)x.offset + x.len > (*r.regions)[x.region].size)
					corrupt(b + " writes past the end of region " +
						std::to_string(x.region));
				if (flags & ~1u)
					corrupt(b + " has unknown flags " + std::to_string(flags));
				uint64_t need = (uint64_t)x.len * (x.old_zero ? 1 : 2);
				if (x.pool_off > pool || need > pool - x.pool_off)
					corrupt(b + " points outside the byte pool");
				r.bdeltas->push_back(x);
			}
		});

		uint32_t prev_d = 0, prev_b = 0;
		for (size_t i = 0; i < nsteps; i++) {
			const Step &x = (*r.steps)[i];
			std::string w = "step " + std::to_string(i);
			if ((uint8_t)x.kind > (uint8_t)StepKind::Event)
				corrupt(w + " has an unknown kind " + std::to_string((int)x.kind));
			if (x.fn >= nstr || x.anchor >= nstr)
				corrupt(w + " names a string that does not exist");
			if ((uint64_t)x.text_off + x.text_len > r.text->size())
				corrupt(w + " points outside the text");
			if (x.delta_begin < prev_d || x.delta_begin > r.deltas->size())
				corrupt(w + " has a delta range out of order or out of range");
			if (x.bytes_begin < prev_b || x.bytes_begin > r.bdeltas->size())
				corrupt(w + " has a byte delta range out of order or out of range");
			prev_d = x.delta_begin;
			prev_b = x.bytes_begin;
		}
		t->rebuild_index();
		return t;
	}
};

} // namespace

std::unique_ptr<Trace> load_trace(const std::string &path, std::string &err)
{
	auto fail = [&](const std::string &why) {
		err = path + ": " + why;
		return nullptr;
	};
	// Classify before SQLite sees the file: missing, not a regular file, empty, not SQLite.
	std::error_code ec;
	auto st = std::filesystem::status(path, ec);
	if (ec)
		return fail("cannot open: " + ec.message());
	if (std::filesystem::is_directory(st))
		return fail("is a directory, not a SendPath trace");
	FILE *f = std::fopen(path.c_str(), "rb");
	if (!f)
		return fail("cannot open: " + errno_str());
	char magic[16] = {};
	size_t n = std::fread(magic, 1, sizeof magic, f);
	std::fclose(f);
	uint64_t size = std::filesystem::file_size(path, ec);
	if (n == 0)
		return fail("empty file, not a SendPath trace");
	if (n < sizeof magic || std::memcmp(magic, "SQLite format 3", 16) != 0)
		return fail("not a SendPath trace (not an SQLite database)");

	Loader l;
	l.file_size = ec ? UINT64_MAX : size;
	try {
		int rc = sqlite3_open_v2(path.c_str(), &l.d.db, SQLITE_OPEN_READONLY, nullptr);
		check(l.d, rc, "open");
		return l.load();
	} catch (const Bad &b) {
		return fail(b.msg);
	} catch (const SqlError &e) {
		int prim = e.rc & 0xff;
		if (prim == SQLITE_CORRUPT || prim == SQLITE_NOTADB || prim == SQLITE_IOERR)
			return fail("truncated or corrupt SendPath trace (SQLite: " + e.msg + ")");
		if (prim == SQLITE_NOMEM)
			return fail("out of memory while loading the trace");
		if (prim == SQLITE_CANTOPEN || prim == SQLITE_PERM || prim == SQLITE_AUTH)
			return fail("cannot open: " + e.msg);
		if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
			return fail("the file is locked by another program (SQLite: " + e.msg + ")");
		return fail("incomplete or damaged SendPath trace (SQLite: " + e.msg + ")");
	} catch (const std::bad_alloc &) {
		return fail("out of memory while loading the trace");
	}
}

} // namespace sp
