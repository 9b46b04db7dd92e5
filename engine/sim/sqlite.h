// SPDX-License-Identifier: GPL-2.0-or-later
// Small RAII helpers over the SQLite C API shared by the trace files and the lessons database:
// every failure becomes a thrown SqlError that the public functions catch and turn into messages.
#pragma once
#include <sqlite3.h>

#include <string>

namespace sp::sql
{

struct Db {
	sqlite3 *db = nullptr;
	Db() = default;
	Db(const Db &) = delete;
	Db &operator=(const Db &) = delete;
	~Db()
	{
		if (db)
			sqlite3_close(db);
	}
	std::string msg() const { return db ? sqlite3_errmsg(db) : "out of memory"; }
};

struct Stmt {
	sqlite3_stmt *s = nullptr;
	Stmt() = default;
	Stmt(const Stmt &) = delete;
	Stmt &operator=(const Stmt &) = delete;
	~Stmt() { sqlite3_finalize(s); }
};

// Every SQLite failure ends up here as a thrown message; the public functions catch it.
struct SqlError {
	int rc;
	std::string msg;
};

// what: context for the message ("" = SQLite's message alone).
inline void check(Db &d, int rc, const std::string &what)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		throw SqlError{rc, what.empty() ? d.msg() : what + ": " + d.msg()};
}

inline void prepare(Db &d, Stmt &st, const char *sql)
{
	check(d, sqlite3_prepare_v2(d.db, sql, -1, &st.s, nullptr), "");
}

inline void exec(Db &d, const char *sql)
{
	char *e = nullptr;
	int rc = sqlite3_exec(d.db, sql, nullptr, nullptr, &e);
	if (rc != SQLITE_OK) {
		std::string m = e ? e : d.msg();
		sqlite3_free(e);
		throw SqlError{rc, m};
	}
}

// Runs an insert whose parameters are bound, then resets it for the next row.
inline void step_insert(Db &d, Stmt &st, const char *what)
{
	int rc = sqlite3_step(st.s);
	if (rc != SQLITE_DONE)
		check(d, rc == SQLITE_ROW ? SQLITE_ERROR : rc, what);
	sqlite3_reset(st.s);
	sqlite3_clear_bindings(st.s);
}

// A C string (often a literal converted on the spot) is copied by SQLite: no lifetime to keep.
inline void bind_text(Stmt &st, int i, const char *s)
{
	sqlite3_bind_text(st.s, i, s, -1, SQLITE_TRANSIENT);
}

// The string must outlive the statement's next step (SQLITE_STATIC: no copy).
inline void bind_text(Stmt &st, int i, const std::string &s)
{
	sqlite3_bind_text(st.s, i, s.data(), (int)s.size(), SQLITE_STATIC);
}


} // namespace sp::sql
