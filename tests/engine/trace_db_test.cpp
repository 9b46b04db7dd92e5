// SPDX-License-Identifier: GPL-2.0-or-later
// Saving and loading .sendpath trace files: exact round trip, clear errors on bad files, and a
// failed save never damages the file it would have replaced.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>

#include "sim/sim.h"
#include "sim/state.h"
#include "sim/trace_db.h"

using namespace sp;
namespace fs = std::filesystem;

namespace
{

struct Obj {
	F<uint32_t> a{1}, b{2};
	F<int64_t> neg{-5};
	F<uint64_t> big{0xFFFFFFFFFFFFFFF0ULL};
	Buf mem{16};
	Buf ring{8};
};

int callee(Obj &o, int x)
{
	SP_FN("x=%d", x);
	o.b = (uint32_t)x;
	SP_LINE("callee:write", x, "b=%d", x);
	uint8_t v[2] = {0xAB, (uint8_t)x};
	o.mem.write(4, v, 2); // the second write over these bytes stores non-zero old bytes
	o.neg -= x;
	SP_RET(x * 2);
}

void caller(Obj &o, int round)
{
	SP_FN("round=%d", round);
	o.a = 10 + round;
	callee(o, 3 + round);
	SP_EVENT("dev:doorbell", round, "tail=%d", round);
	o.big += 1;
	uint8_t w[4] = {1, 2, 3, (uint8_t)round};
	o.ring.write(6, w, 4); // grows the region
	callee(o, 7);
}

// A recorded trace with every kind of record: keys, regions with DMA addresses, zero and non-zero
// old bytes, region growth, events, 64-bit and negative values, metadata.
std::unique_ptr<Trace> make_trace(int rounds = 3)
{
	Sim s;
	SimScope sc(s);
	Obj o;
	o.a.reg("obj", "a");
	o.b.reg("obj", "b", Fmt::Hex);
	o.neg.reg("obj", "neg");
	o.big.reg("tp", "snd_nxt", Fmt::Seq);
	uint8_t init[3] = {9, 8, 7};
	o.ring.write(0, init, 3);
	o.ring.reg("ring0.desc", 0xfee1dead0000ULL);
	o.mem.reg("obj.mem");
	for (int i = 0; i < rounds; i++) {
		s.advance_to(s.now_ns() + 1000 * (uint64_t)i);
		caller(o, i);
	}
	auto t = s.take_trace();
	t->meta.push_back({"scenario", "round-trip test \xE4\xB8\xAD"});
	t->meta.push_back({"scenario", "duplicate keys are kept in order"});
	return t;
}

struct TempDir {
	fs::path p;
	TempDir()
	{
		p = fs::temp_directory_path() /
		    ("sendpath-trace-db-" + std::to_string(getpid()) + "-" +
		     ::testing::UnitTest::GetInstance()->current_test_info()->name());
		fs::remove_all(p);
		fs::create_directories(p);
	}
	~TempDir() { fs::remove_all(p); }
	std::string operator/(const std::string &f) const { return (p / f).string(); }
};

std::string slurp(const std::string &path)
{
	std::ifstream f(path, std::ios::binary);
	return {std::istreambuf_iterator<char>(f), {}};
}

void spit(const std::string &path, const std::string &data)
{
	std::ofstream f(path, std::ios::binary | std::ios::trunc);
	f.write(data.data(), (std::streamsize)data.size());
}

// Runs SQL on a file directly (to forge foreign or damaged files).
void sql(const std::string &path, const std::string &q)
{
	sqlite3 *db = nullptr;
	ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
	char *e = nullptr;
	int rc = sqlite3_exec(db, q.c_str(), nullptr, nullptr, &e);
	EXPECT_EQ(rc, SQLITE_OK) << (e ? e : "") << " in " << q;
	sqlite3_free(e);
	sqlite3_close(db);
}

// Rewrites chunk `seq` of a packed array (and its CRC, so the index checks are what trips).
void mutate_chunk(const std::string &path, const std::string &array, int seq,
		  const std::function<void(std::vector<uint8_t> &)> &fn)
{
	sqlite3 *db = nullptr;
	ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
	sqlite3_stmt *st = nullptr;
	ASSERT_EQ(
	    sqlite3_prepare_v2(db, "SELECT data FROM chunks WHERE array = ?1 AND seq = ?2", -1, &st, nullptr),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, array.c_str(), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, seq);
	ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
	auto *p = (const uint8_t *)sqlite3_column_blob(st, 0);
	std::vector<uint8_t> data(p, p + sqlite3_column_bytes(st, 0));
	sqlite3_finalize(st);
	fn(data);
	ASSERT_EQ(sqlite3_prepare_v2(db,
				     "UPDATE chunks SET data = ?1, crc32 = ?2 WHERE array = ?3 AND seq = ?4",
				     -1, &st, nullptr),
		  SQLITE_OK);
	sqlite3_bind_blob(st, 1, data.data(), (int)data.size(), SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, chunk_crc32(data.data(), data.size()));
	sqlite3_bind_text(st, 3, array.c_str(), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 4, seq);
	EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

void put32(std::vector<uint8_t> &d, size_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		d[off + i] = (uint8_t)(v >> (8 * i));
}

// Loading must fail with a message that names the file and contains `what`.
void expect_load_error(const std::string &path, const std::string &what)
{
	std::string err;
	auto t = load_trace(path, err);
	EXPECT_EQ(t, nullptr);
	EXPECT_NE(err.find(path), std::string::npos) << err;
	EXPECT_NE(err.find(what), std::string::npos) << "expected '" << what << "' in: " << err;
}

void expect_same(Trace &a, Trace &b)
{
	Trace::Raw x = a.raw(), y = b.raw();
	EXPECT_EQ(*x.strings, *y.strings);
	ASSERT_EQ(x.steps->size(), y.steps->size());
	for (size_t i = 0; i < x.steps->size(); i++) {
		const Step &s = (*x.steps)[i], &t = (*y.steps)[i];
		EXPECT_EQ(s.kind, t.kind);
		EXPECT_EQ(s.flags, t.flags);
		EXPECT_EQ(s.depth, t.depth);
		EXPECT_EQ(s.fn, t.fn);
		EXPECT_EQ(s.anchor, t.anchor);
		EXPECT_EQ(s.value, t.value);
		EXPECT_EQ(s.time_ns, t.time_ns);
		EXPECT_EQ(s.text_off, t.text_off);
		EXPECT_EQ(s.text_len, t.text_len);
		EXPECT_EQ(s.delta_begin, t.delta_begin);
		EXPECT_EQ(s.bytes_begin, t.bytes_begin);
		EXPECT_EQ(a.text(s), b.text(t));
	}
	ASSERT_EQ(x.deltas->size(), y.deltas->size());
	for (size_t i = 0; i < x.deltas->size(); i++) {
		EXPECT_EQ((*x.deltas)[i].key, (*y.deltas)[i].key);
		EXPECT_EQ((*x.deltas)[i].old_v, (*y.deltas)[i].old_v);
		EXPECT_EQ((*x.deltas)[i].new_v, (*y.deltas)[i].new_v);
	}
	ASSERT_EQ(x.bdeltas->size(), y.bdeltas->size());
	for (size_t i = 0; i < x.bdeltas->size(); i++) {
		const ByteDelta &s = (*x.bdeltas)[i], &t = (*y.bdeltas)[i];
		EXPECT_EQ(s.region, t.region);
		EXPECT_EQ(s.offset, t.offset);
		EXPECT_EQ(s.len, t.len);
		EXPECT_EQ(s.pool_off, t.pool_off);
		EXPECT_EQ(s.old_zero, t.old_zero);
	}
	EXPECT_EQ(*x.pool, *y.pool);
	EXPECT_EQ(*x.text, *y.text);
	ASSERT_EQ(x.keys->size(), y.keys->size());
	for (size_t i = 0; i < x.keys->size(); i++) {
		EXPECT_EQ((*x.keys)[i].object, (*y.keys)[i].object);
		EXPECT_EQ((*x.keys)[i].field, (*y.keys)[i].field);
		EXPECT_EQ((*x.keys)[i].fmt, (*y.keys)[i].fmt);
		EXPECT_EQ((*x.keys)[i].born, (*y.keys)[i].born);
	}
	EXPECT_EQ(*x.key_init, *y.key_init);
	ASSERT_EQ(x.regions->size(), y.regions->size());
	for (size_t i = 0; i < x.regions->size(); i++) {
		EXPECT_EQ((*x.regions)[i].name, (*y.regions)[i].name);
		EXPECT_EQ((*x.regions)[i].size, (*y.regions)[i].size);
		EXPECT_EQ((*x.regions)[i].iova, (*y.regions)[i].iova);
		EXPECT_EQ((*x.regions)[i].born, (*y.regions)[i].born);
	}
	EXPECT_EQ(a.meta, b.meta);

	// The state rebuilt at every step is identical.
	StateIndex ia(a, 4), ib(b, 4);
	for (size_t n = 0; n < a.size(); n++) {
		State sa = ia.at(n), sb = ib.at(n);
		for (KeyId k = 0; k < a.keys().size(); k++)
			EXPECT_EQ(sa.value(k), sb.value(k)) << "key " << k << " at step " << n;
		for (RegionId r = 0; r < a.regions().size(); r++) {
			std::vector<uint8_t> zero(a.regions()[r].size, 0);
			auto *ra = sa.region(r), *rb = sb.region(r);
			EXPECT_EQ(ra ? *ra : zero, rb ? *rb : zero) << "region " << r << " at step " << n;
		}
	}
}

} // namespace

TEST(TraceDb, RoundTripIsExact)
{
	TempDir dir;
	auto t = make_trace();
	ASSERT_GT(t->size(), 20u);
	ASSERT_FALSE(t->byte_deltas().empty());
	// Both kinds of byte delta are present.
	bool zero = false, nonzero = false;
	for (auto &d : t->byte_deltas())
		(d.old_zero ? zero : nonzero) = true;
	ASSERT_TRUE(zero && nonzero);

	std::string path = dir / "session.sendpath", err;
	ASSERT_TRUE(save_trace(*t, path, err)) << err;
	auto u = load_trace(path, err);
	ASSERT_NE(u, nullptr) << err;
	expect_same(*t, *u);

	// The intern table works after loading: known strings keep their ids, lookups work.
	EXPECT_EQ(u->intern("obj"), t->intern("obj"));
	EXPECT_EQ(u->find_key("tp", "snd_nxt"), t->find_key("tp", "snd_nxt"));
	EXPECT_EQ(u->find_region("ring0.desc"), t->find_region("ring0.desc"));
	EXPECT_EQ(u->regions()[u->find_region("ring0.desc")].iova, 0xfee1dead0000ULL);
	EXPECT_EQ(u->meta_get("kernel"), "6.16");

	// Self-describing: the meta table identifies the file.
	sqlite3 *db = nullptr;
	ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
	sqlite3_stmt *st = nullptr;
	ASSERT_EQ(sqlite3_prepare_v2(db,
				     "SELECT value FROM meta WHERE key = 'format' UNION ALL "
				     "SELECT value FROM meta WHERE key = 'schema_version'",
				     -1, &st, nullptr),
		  SQLITE_OK);
	ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
	EXPECT_STREQ((const char *)sqlite3_column_text(st, 0), "sendpath-trace");
	ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
	EXPECT_STREQ((const char *)sqlite3_column_text(st, 0), "1");
	sqlite3_finalize(st);
	sqlite3_close(db);

	// Saving over an existing trace replaces it and leaves no temporary files behind.
	auto t2 = make_trace(1);
	ASSERT_TRUE(save_trace(*t2, path, err)) << err;
	auto u2 = load_trace(path, err);
	ASSERT_NE(u2, nullptr) << err;
	expect_same(*t2, *u2);
	EXPECT_EQ(std::distance(fs::directory_iterator(dir.p), fs::directory_iterator()), 1);
}

TEST(TraceDb, ManyChunks)
{
	// More than one chunk per array: 65536 records per chunk, 1 MiB of pool/text per chunk.
	Sim s;
	SimScope sc(s);
	F<uint32_t> x{0};
	x.reg("obj", "x");
	Buf big(1 << 20);
	big.reg("big");
	std::vector<uint8_t> blk(40000, 0x5A);
	for (int i = 0; i < 70000; i++) {
		SP_LINE("loop:i", i, "i=%d", i);
		x = (uint32_t)i + 1;
		if (i % 1000 == 0) {
			blk[0] = (uint8_t)i;
			big.write((size_t)(i / 1000) * 1000, blk.data(), blk.size());
		}
	}
	auto t = s.take_trace();
	TempDir dir;
	std::string path = dir / "big.sendpath", err;
	ASSERT_TRUE(save_trace(*t, path, err)) << err;
	auto u = load_trace(path, err);
	ASSERT_NE(u, nullptr) << err;
	Trace::Raw a = t->raw(), b = u->raw();
	ASSERT_GT(a.steps->size(), 65536u);
	ASSERT_GT(a.pool->size(), 1u << 20);
	EXPECT_EQ(*a.pool, *b.pool);
	EXPECT_EQ(*a.text, *b.text);
	ASSERT_EQ(a.deltas->size(), b.deltas->size());
	EXPECT_EQ(b.deltas->back().new_v, 70000);
	StateIndex ia(*t), ib(*u);
	for (size_t n : {0ul, 1ul, 65535ul, 65536ul, 65537ul, t->size() - 1}) {
		State sa = ia.at(n), sb = ib.at(n);
		EXPECT_EQ(sa.value(1), sb.value(1));
		ASSERT_EQ(sa.region(1) == nullptr, sb.region(1) == nullptr) << "step " << n;
		if (sa.region(1)) {
			EXPECT_EQ(*sa.region(1), *sb.region(1)) << "step " << n;
		}
	}
}

TEST(TraceDb, MissingFile)
{
	TempDir dir;
	expect_load_error(dir / "nope.sendpath", "No such file");
}

TEST(TraceDb, DirectoryAndEmptyFile)
{
	TempDir dir;
	expect_load_error(dir.p.string(), "is a directory");
	spit(dir / "empty.sendpath", "");
	expect_load_error(dir / "empty.sendpath", "empty file");
}

TEST(TraceDb, RandomBytesAreNotSqlite)
{
	TempDir dir;
	std::string junk;
	Rng rng(42);
	for (int i = 0; i < 10000; i++)
		junk.push_back((char)rng.u32());
	spit(dir / "junk.sendpath", junk);
	expect_load_error(dir / "junk.sendpath", "not an SQLite database");
	spit(dir / "short.sendpath", "SQLite");
	expect_load_error(dir / "short.sendpath", "not an SQLite database");
}

TEST(TraceDb, TruncatedCopies)
{
	TempDir dir;
	auto t = make_trace(200);
	std::string path = dir / "full.sendpath", err;
	ASSERT_TRUE(save_trace(*t, path, err)) << err;
	std::string full = slurp(path);
	ASSERT_GT(full.size(), 16384u);
	// Cut inside the header, at page boundaries, in the middle, and one byte short.
	for (size_t cut : {(size_t)20, (size_t)100, (size_t)4096, full.size() / 3, full.size() / 2,
			   full.size() - 4096, full.size() - 1}) {
		SCOPED_TRACE("cut at " + std::to_string(cut) + " of " + std::to_string(full.size()));
		std::string p = dir / ("cut" + std::to_string(cut) + ".sendpath");
		spit(p, full.substr(0, cut));
		auto u = load_trace(p, err);
		EXPECT_EQ(u, nullptr);
		EXPECT_NE(err.find(p), std::string::npos) << err;
		EXPECT_TRUE(err.find("truncated or corrupt") != std::string::npos ||
			    err.find("not an SQLite database") != std::string::npos)
		    << err;
	}
}

TEST(TraceDb, ForeignSqliteDatabase)
{
	TempDir dir;
	std::string p = dir / "addressbook.db";
	sql(p, "CREATE TABLE people(name TEXT, phone TEXT); INSERT INTO people VALUES ('a', '1');"
	       "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);");
	expect_load_error(p, "not a SendPath trace");
	// A foreign database that happens to have a `meta` table of another shape, or of another format.
	std::string q = dir / "other.db";
	sql(q, "CREATE TABLE meta(id INTEGER, blob BLOB);");
	expect_load_error(q, "not a SendPath trace");
	std::string r = dir / "other2.db";
	sql(r,
	    "CREATE TABLE meta(key TEXT, value TEXT); INSERT INTO meta VALUES ('format', 'something-else');");
	expect_load_error(r, "not a SendPath trace (meta.format is 'something-else')");
}

TEST(TraceDb, NewerSchemaVersion)
{
	TempDir dir;
	auto t = make_trace();
	std::string p = dir / "future.sendpath", err;
	ASSERT_TRUE(save_trace(*t, p, err)) << err;
	sql(p, "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
	expect_load_error(p, "newer SendPath (trace schema_version 99; this build reads 1)");
	sql(p, "UPDATE meta SET value = 'abc' WHERE key = 'schema_version'");
	expect_load_error(p, "unknown trace schema_version 'abc'");
	sql(p, "UPDATE meta SET value = '0' WHERE key = 'schema_version'");
	expect_load_error(p, "unknown trace schema_version 0");
}

TEST(TraceDb, InconsistentContentsAreRejected)
{
	TempDir dir;
	auto t = make_trace();
	std::string good = dir / "good.sendpath", err;
	ASSERT_TRUE(save_trace(*t, good, err)) << err;
	const std::string bytes = slurp(good);
	const uint32_t nkeys = (uint32_t)t->keys().size(), nregions = (uint32_t)t->regions().size();
	const size_t last_step = t->size() - 1;

	struct Case {
		const char *name;
		std::function<void(const std::string &)> damage;
		const char *what;
	};
	const std::vector<Case> cases = {
	    {"delta key out of range",
	     [&](auto &p) { mutate_chunk(p, "deltas", 0, [&](auto &d) { put32(d, 0, nkeys); }); },
	     "delta 0 writes key"},
	    {"byte delta region out of range",
	     [&](auto &p) { mutate_chunk(p, "byte_deltas", 0, [&](auto &d) { put32(d, 0, nregions); }); },
	     "byte delta 0 writes region"},
	    {"byte delta past its region",
	     [&](auto &p) { mutate_chunk(p, "byte_deltas", 0, [&](auto &d) { put32(d, 4, 0xFFFFFFF0u); }); },
	     "writes past the end of region"},
	    {"pool offset out of range",
	     [&](auto &p) { mutate_chunk(p, "byte_deltas", 0, [&](auto &d) { put32(d, 16, 1); }); },
	     "outside the byte pool"},
	    {"byte delta flags",
	     [&](auto &p) { mutate_chunk(p, "byte_deltas", 0, [&](auto &d) { d[20] |= 0x80; }); },
	     "unknown flags"},
	    {"text offset out of range",
	     [&](auto &p) {
		     mutate_chunk(p, "steps", 0,
				  [&](auto &d) { put32(d, last_step * 44 + 28, 0xFFFFFF00u); });
	     },
	     "points outside the text"},
	    {"step string out of range",
	     [&](auto &p) { mutate_chunk(p, "steps", 0, [&](auto &d) { put32(d, 4, 0x7FFFFFFF); }); },
	     "names a string that does not exist"},
	    {"step kind", [&](auto &p) { mutate_chunk(p, "steps", 0, [&](auto &d) { d[44] = 77; }); },
	     "unknown kind 77"},
	    {"delta_begin not monotonic",
	     [&](auto &p) {
		     mutate_chunk(p, "steps", 0, [&](auto &d) { put32(d, last_step * 44 + 36, 0); });
	     },
	     "delta range out of order"},
	    {"bytes_begin past the end",
	     [&](auto &p) {
		     mutate_chunk(p, "steps", 0, [&](auto &d) { put32(d, last_step * 44 + 40, 0xFFFFFF); });
	     },
	     "byte delta range out of order or out of range"},
	    {"chunk record count",
	     [&](auto &p) { sql(p, "UPDATE chunks SET records = records + 1 WHERE array = 'deltas'"); },
	     "inconsistent with"},
	    {"chunk shorter than its records",
	     [&](auto &p) { sql(p, "UPDATE chunks SET data = substr(data, 1, 10) WHERE array = 'steps'"); },
	     "(truncated)"},
	    {"missing chunk", [&](auto &p) { sql(p, "DELETE FROM chunks WHERE array = 'text'"); },
	     "'text' array has 0 of its"},
	    {"damaged chunk data (CRC)",
	     [&](auto &p) { sql(p, "UPDATE chunks SET data = zeroblob(length(data)) WHERE array = 'pool'"); },
	     "fails its CRC-32 check"},
	    {"record size",
	     [&](auto &p) { sql(p, "UPDATE arrays SET record_size = 40 WHERE name = 'steps'"); },
	     "records of 40 bytes"},
	    {"huge record count",
	     [&](auto &p) { sql(p, "UPDATE arrays SET records = 1e15 WHERE name = 'pool'"); },
	     "more than the file can hold"},
	    {"key names a missing string",
	     [&](auto &p) { sql(p, "UPDATE keys SET field = 100000 WHERE id = 1"); }, "key 1 names a string"},
	    {"key born after the end", [&](auto &p) { sql(p, "UPDATE keys SET born = 1e9 WHERE id = 1"); },
	     "key 1 is born at step"},
	    {"key format", [&](auto &p) { sql(p, "UPDATE keys SET fmt = 9 WHERE id = 1"); },
	     "unknown format 9"},
	    {"key ids with a gap", [&](auto &p) { sql(p, "DELETE FROM keys WHERE id = 2"); },
	     "keys ids are not 0, 1, 2"},
	    {"region size", [&](auto &p) { sql(p, "UPDATE regions SET size = -1 WHERE id = 1"); },
	     "impossible size"},
	    {"string 0", [&](auto &p) { sql(p, "UPDATE strings SET s = 'x' WHERE id = 0"); },
	     "string 0 is not the empty string"},
	    {"missing table", [&](auto &p) { sql(p, "DROP TABLE regions"); }, "no such table: regions"},
	    {"no schema_version", [&](auto &p) { sql(p, "DELETE FROM meta WHERE key = 'schema_version'"); },
	     "no meta.schema_version"},
	};
	for (auto &c : cases) {
		SCOPED_TRACE(c.name);
		std::string p = dir / "bad.sendpath";
		spit(p, bytes);
		c.damage(p);
		expect_load_error(p, c.what);
	}
	// The untouched file still loads.
	EXPECT_NE(load_trace(good, err), nullptr) << err;
}

TEST(TraceDb, FailedSaveKeepsTheExistingFile)
{
	TempDir dir;
	std::string err;
	auto t = make_trace();
	// A directory that does not exist.
	EXPECT_FALSE(save_trace(*t, dir / "no/such/dir/x.sendpath", err));
	EXPECT_NE(err.find("no/such/dir/x.sendpath"), std::string::npos) << err;
	EXPECT_NE(err.find("No such file"), std::string::npos) << err;

	// A target that is a directory: the rename fails, the directory and its contents stay.
	fs::create_directories(dir.p / "taken.sendpath");
	spit(dir / "taken.sendpath/inside", "keep");
	EXPECT_FALSE(save_trace(*t, dir / "taken.sendpath", err));
	EXPECT_EQ(slurp(dir / "taken.sendpath/inside"), "keep");

	// A save that fails half-way (the file size limit is hit while writing): the previous trace
	// at the target is intact and still loads, and no temporary file is left behind.
	std::string path = dir / "session.sendpath";
	ASSERT_TRUE(save_trace(*t, path, err)) << err;
	const std::string before = slurp(path);
	auto big = make_trace(400);
	struct rlimit old;
	ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
	auto old_handler = signal(SIGXFSZ, SIG_IGN);
	struct rlimit lim = old;
	lim.rlim_cur = before.size() + 8192;
	ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &lim), 0);
	bool ok = save_trace(*big, path, err);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, old_handler);
	EXPECT_FALSE(ok);
	EXPECT_NE(err.find(path), std::string::npos) << err;
	EXPECT_EQ(slurp(path), before);
	auto u = load_trace(path, err);
	ASSERT_NE(u, nullptr) << err;
	expect_same(*t, *u);
	for (auto &e : fs::directory_iterator(dir.p))
		EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();

	// An empty trace (no Start step) is refused rather than written.
	Trace empty;
	EXPECT_FALSE(save_trace(empty, path, err));
	EXPECT_NE(err.find("no steps"), std::string::npos) << err;
	EXPECT_EQ(slurp(path), before);
}

TEST(TraceDb, Crc32)
{
	EXPECT_EQ(chunk_crc32("123456789", 9), 0xCBF43926u);
	EXPECT_EQ(chunk_crc32("", 0), 0u);
}
