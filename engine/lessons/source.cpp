// SPDX-License-Identifier: GPL-2.0-or-later
#include "lessons/source.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <sstream>

#include "lessons/ann.h"
#include "sim/sqlite.h"

namespace fs = std::filesystem;
using namespace sp::sql;

namespace sp::lessons
{

static std::vector<std::string> split_lines(const std::string &s)
{
	std::vector<std::string> out;
	std::string l;
	std::istringstream in(s);
	while (std::getline(in, l))
		out.push_back(l);
	return out;
}

bool extract_function(const std::string &file_text, const std::string &name, const std::string &def,
		      int &first_line, std::string &body)
{
	std::vector<std::string> lines = split_lines(file_text);
	std::string call = name + "(";
	for (size_t i = 0; i < lines.size(); i++) {
		const std::string &l = lines[i];
		if (l.empty() || isspace((unsigned char)l[0]) || l[0] == '#' || l.rfind("/*", 0) == 0 ||
		    l.rfind(" *", 0) == 0)
			continue;
		bool hit = def.empty() ? l.find(call) != std::string::npos && l.back() != ';' : l.rfind(def, 0) == 0;
		if (!hit)
			continue;
		// The word before "name(" must end there (tcp_push( must not match __tcp_push( ).
		if (def.empty()) {
			size_t p = l.find(call);
			if (p > 0 && (isalnum((unsigned char)l[p - 1]) || l[p - 1] == '_'))
				continue;
		}
		size_t j = i;
		// A prototype spread over lines ends in ';' before any '{': not a definition.
		bool proto = false;
		while (j < lines.size() && lines[j].find('{') == std::string::npos) {
			if (!lines[j].empty() && lines[j].back() == ';') {
				proto = true;
				break;
			}
			j++;
		}
		if (proto)
			continue;
		while (j < lines.size() && !(lines[j].rfind("}", 0) == 0))
			j++;
		if (j >= lines.size())
			return false;
		first_line = (int)i + 1;
		body.clear();
		for (size_t k = i; k <= j; k++)
			body += lines[k] + "\n";
		return true;
	}
	return false;
}

int locate_line(const std::string &body, const std::string &match)
{
	if (match.empty() || match == "none")
		return 0;
	std::vector<std::string> lines = split_lines(body);
	for (size_t i = 0; i < lines.size(); i++)
		if (lines[i].find(match) != std::string::npos)
			return (int)i + 1;
	return 0;
}

std::string default_user_db()
{
	if (const char *e = getenv("SENDPATH_USER_DB"); e && *e)
		return e;
	std::string base;
	if (const char *x = getenv("XDG_DATA_HOME"); x && *x)
		base = x;
	else if (const char *h = getenv("HOME"); h && *h)
		base = std::string(h) + "/.local/share";
	else
		base = ".";
	return base + "/sendpath/user.db";
}

// ---------------------------------------------------------------- user store

UserStore::UserStore() = default;
UserStore::~UserStore() = default;

bool UserStore::open(const std::string &path, std::string &err)
{
	std::error_code ec;
	fs::path p(path);
	if (p.has_parent_path())
		fs::create_directories(p.parent_path(), ec);
	auto d = std::make_unique<Db>();
	try {
		check(*d, sqlite3_open(path.c_str(), &d->db), "");
		sql::exec(*d, "CREATE TABLE IF NOT EXISTS kernel_source(version TEXT, function TEXT, path TEXT, "
			 "first_line INTEGER, text TEXT, provenance TEXT, imported_at INTEGER, "
			 "PRIMARY KEY(version, function));"
			 "CREATE TABLE IF NOT EXISTS progress(user TEXT, lesson INTEGER, checkpoint INTEGER, "
			 "given TEXT, answer TEXT, correct INTEGER, at INTEGER);");
	} catch (const SqlError &e) {
		err = path + ": not a usable SendPath user database (" + e.msg + ")";
		return false;
	}
	db_ = std::move(d);
	path_ = path;
	return true;
}

bool UserStore::put_source(const std::string &version, const std::string &fn, const std::string &path,
			   int first_line, const std::string &text, const std::string &provenance, std::string &err)
{
	try {
		Stmt st;
		prepare(*db_, st, "INSERT OR REPLACE INTO kernel_source VALUES(?,?,?,?,?,?,?)");
		bind_text(st, 1, version);
		bind_text(st, 2, fn);
		bind_text(st, 3, path);
		sqlite3_bind_int(st.s, 4, first_line);
		bind_text(st, 5, text);
		bind_text(st, 6, provenance);
		sqlite3_bind_int64(st.s, 7, (int64_t)time(nullptr));
		step_insert(*db_, st, "kernel_source");
	} catch (const SqlError &e) {
		err = path_ + ": " + e.msg;
		return false;
	}
	return true;
}

void UserStore::exec(const char *sql)
{
	if (!db_)
		return;
	try {
		sql::exec(*db_, sql);
	} catch (const SqlError &) {
		// BEGIN/COMMIT around a bulk import: a failure shows up in the inserts that follow.
	}
}

std::optional<SourceExcerpt> UserStore::source(const std::string &fn, const std::string &version) const
{
	if (!db_)
		return std::nullopt;
	try {
		Stmt st;
		prepare(*db_, st,
			"SELECT path, first_line, text, provenance FROM kernel_source WHERE version=? AND function=?");
		bind_text(st, 1, version);
		bind_text(st, 2, fn);
		if (sqlite3_step(st.s) != SQLITE_ROW)
			return std::nullopt;
		auto col = [&](int i) {
			auto *t = (const char *)sqlite3_column_text(st.s, i);
			return std::string(t ? t : "");
		};
		SourceExcerpt x;
		x.function = fn;
		x.version = version;
		x.path = col(0);
		x.first_line = sqlite3_column_int(st.s, 1);
		x.text = col(2);
		x.provenance = col(3);
		x.origin = "tree";
		return x;
	} catch (const SqlError &) {
		return std::nullopt;
	}
}

int UserStore::source_count(const std::string &version) const
{
	if (!db_)
		return 0;
	try {
		Stmt st;
		prepare(*db_, st, "SELECT count(*) FROM kernel_source WHERE version=?");
		bind_text(st, 1, version);
		return sqlite3_step(st.s) == SQLITE_ROW ? sqlite3_column_int(st.s, 0) : 0;
	} catch (const SqlError &) {
		return 0;
	}
}

bool UserStore::record_answer(const std::string &user, int lesson, int checkpoint, const std::string &given,
			      const std::string &answer, bool correct, std::string &err)
{
	if (!db_) {
		err = "no user database is open";
		return false;
	}
	try {
		Stmt st;
		prepare(*db_, st, "INSERT INTO progress VALUES(?,?,?,?,?,?,?)");
		bind_text(st, 1, user);
		sqlite3_bind_int(st.s, 2, lesson);
		sqlite3_bind_int(st.s, 3, checkpoint);
		bind_text(st, 4, given);
		bind_text(st, 5, answer);
		sqlite3_bind_int(st.s, 6, correct);
		sqlite3_bind_int64(st.s, 7, (int64_t)time(nullptr));
		step_insert(*db_, st, "progress");
	} catch (const SqlError &e) {
		err = path_ + ": " + e.msg;
		return false;
	}
	return true;
}

std::map<int, std::pair<int, int>> UserStore::progress(const std::string &user) const
{
	std::map<int, std::pair<int, int>> out;
	if (!db_)
		return out;
	try {
		Stmt st;
		// The latest answer per checkpoint counts.
		prepare(*db_, st,
			"SELECT lesson, count(*), sum(correct) FROM (SELECT lesson, checkpoint, correct, max(rowid) "
			"FROM progress WHERE user=? GROUP BY lesson, checkpoint) GROUP BY lesson");
		bind_text(st, 1, user);
		while (sqlite3_step(st.s) == SQLITE_ROW)
			out[sqlite3_column_int(st.s, 0)] = {sqlite3_column_int(st.s, 1), sqlite3_column_int(st.s, 2)};
	} catch (const SqlError &) {
	}
	return out;
}

// ---------------------------------------------------------------- import

static std::string shell_quote(const std::string &s)
{
	std::string q = "'";
	for (char c : s)
		q += c == '\'' ? std::string("'\\''") : std::string(1, c);
	return q + "'";
}

// The file's text from a directory tree or `git show rev:path`; false if absent.
static bool tree_file(const std::string &tree, const std::string &rev, const std::string &path, std::string &out)
{
	if (rev.empty()) {
		std::string err;
		return read_file((fs::path(tree) / path).string(), out, err);
	}
	std::string cmd = "git -C " + shell_quote(tree) + " show " + shell_quote(rev + ":" + path) + " 2>/dev/null";
	FILE *p = popen(cmd.c_str(), "r");
	if (!p)
		return false;
	out.clear();
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, p)) > 0)
		out.append(buf, n);
	return pclose(p) == 0;
}

bool import_kernel_source(const Catalog &c, const std::string &version, const std::string &tree,
			  const std::string &rev, UserStore &store, ImportReport &rep, std::string &err)
{
	if (version != "6.15" && version != "6.16") {
		err = "kernel version must be 6.15 or 6.16, not '" + version + "'";
		return false;
	}
	std::error_code ec;
	if (!fs::is_directory(tree, ec)) {
		err = tree + ": not a directory";
		return false;
	}
	if (!rev.empty()) {
		std::string probe;
		if (!tree_file(tree, rev, "Makefile", probe)) {
			err = tree + ": `git show " + rev + ":Makefile` failed (not a git tree, or no revision " + rev + ")";
			return false;
		}
	} else if (!fs::exists(fs::path(tree) / "Makefile") && !fs::exists(fs::path(tree) / "net")) {
		err = tree + ": does not look like a Linux source tree (no Makefile, no net/)";
		return false;
	}
	std::string prov = tree + (rev.empty() ? "" : " @ " + rev);
	std::map<std::string, std::string> cache;
	store.exec("BEGIN");
	for (auto &[name, f] : c.functions) {
		if (f.kind != "kernel")
			continue;
		std::string path = f.file_for(version);
		if (path.empty())
			continue; // absent in this version
		rep.functions++;
		if (!cache.count(path)) {
			std::string text;
			cache[path] = tree_file(tree, rev, path, text) ? text : std::string();
		}
		if (cache[path].empty()) {
			rep.problems.push_back("function " + name + ": " + path + " is not in the tree");
			continue;
		}
		int first = 0;
		std::string body;
		if (!extract_function(cache[path], name, f.def_for(version), first, body)) {
			rep.problems.push_back("function " + name + ": no definition in " + path);
			continue;
		}
		rep.found++;
		if (!store.put_source(version, name, path, first, body, prov, err)) {
			store.exec("ROLLBACK");
			return false;
		}
		for (auto &[an, a] : c.anchors) {
			if (a.function != name || a.match == "none")
				continue;
			rep.anchors++;
			if (locate_line(body, a.match_for(version)))
				rep.anchors_located++;
			else
				rep.problems.push_back("anchor " + an + ": '" + a.match_for(version) + "' not in " + name +
						       " (" + path + ":" + std::to_string(first) + ")");
		}
	}
	store.exec("COMMIT");
	return true;
}

SourceExcerpt resolve_source(const Catalog &c, const UserStore *store, const std::string &fn,
			     const std::string &version)
{
	SourceExcerpt x;
	x.function = fn;
	x.version = version;
	auto fi = c.functions.find(fn);
	if (fi != c.functions.end())
		x.path = fi->second.file_for(version);
	if (store) {
		if (auto s = store->source(fn, version)) {
			x = *s;
			x.license = "GPL-2.0 (Linux kernel source, imported from your tree)";
		}
	}
	if (x.origin.empty()) {
		auto n = c.notes.find(fn);
		if (n != c.notes.end()) {
			x.origin = "notes";
			x.text = n->second.code;
			x.first_line = 1;
			x.path = n->second.path.empty() ? x.path : n->second.path;
			x.provenance = "note " + n->second.note + " (" + n->second.version + ")";
			x.license = n->second.license;
		}
	}
	if (!x.origin.empty())
		for (auto &[an, a] : c.anchors)
			if (a.function == fn)
				if (int l = locate_line(x.text, a.match_for(version)))
					x.anchor_line[an] = l;
	return x;
}

} // namespace sp::lessons
