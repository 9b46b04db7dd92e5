// SPDX-License-Identifier: GPL-2.0-or-later
#include "lessons/catalog.h"

#include <algorithm>
#include <filesystem>
#include <regex>

#include "lessons/ann.h"
#include "scenario/runner.h"
#include "scenario/scenario.h"
#include "sim/sqlite.h"
#include "sim/trace.h"

namespace fs = std::filesystem;

namespace sp::lessons
{

std::string anchor_function(const std::string &anchor)
{
	return anchor.substr(0, anchor.find(':'));
}

std::vector<std::string> linked_terms(const std::string &text)
{
	std::vector<std::string> out;
	for (size_t p = text.find("[["); p != std::string::npos; p = text.find("[[", p + 2)) {
		size_t e = text.find("]]", p);
		if (e == std::string::npos)
			break;
		out.push_back(text.substr(p + 2, e - p - 2));
	}
	return out;
}

static std::vector<std::string> words(const std::string &s)
{
	std::vector<std::string> out;
	std::string w;
	for (char c : s) {
		if (c == ' ' || c == ',' || c == '\t') {
			if (!w.empty())
				out.push_back(w);
			w.clear();
		} else {
			w += c;
		}
	}
	if (!w.empty())
		out.push_back(w);
	return out;
}

static const char *const kQuestionKinds[] = {"next_function", "failing_gate", "next_cwnd", "next_desc_index",
					     "next_value"};

// ---------------------------------------------------------------- loading

static std::vector<fs::path> files_in(const fs::path &dir, const std::string &ext)
{
	std::vector<fs::path> out;
	std::error_code ec;
	if (!fs::is_directory(dir, ec))
		return out;
	for (auto &e : fs::directory_iterator(dir, ec))
		if (e.is_regular_file() && e.path().extension() == ext)
			out.push_back(e.path());
	std::sort(out.begin(), out.end());
	return out;
}

static Texts texts_of(const Record &r, std::initializer_list<const char *> structural)
{
	Texts t;
	for (const Field &f : r.fields) {
		bool s = false;
		for (const char *k : structural)
			s = s || f.key == k;
		if (!s)
			t[f.key] = f.value;
	}
	return t;
}

static void load_notes(Catalog &c, const fs::path &file, const std::string &shown, std::vector<std::string> &errs)
{
	std::string text, err;
	if (!read_file(file.string(), text, err)) {
		errs.push_back(err);
		return;
	}
	size_t pos = 0;
	int line = 1;
	auto line_at = [&](size_t p) { return line + (int)std::count(text.begin() + pos, text.begin() + p, '\n'); };
	while (true) {
		size_t b = text.find("/* @function ", pos);
		if (b == std::string::npos)
			break;
		int bl = line_at(b);
		size_t hdr_end = text.find("*/", b);
		size_t end = text.find("/* @end */", b);
		if (hdr_end == std::string::npos || end == std::string::npos || end < hdr_end) {
			errs.push_back(shown + ":" + std::to_string(bl) + ": excerpt without '*/' or '/* @end */'");
			break;
		}
		NoteExcerpt n;
		n.where = shown + ":" + std::to_string(bl);
		std::string hdr = text.substr(b + 3, hdr_end - b - 3);
		std::regex tag(R"(@(\w+)[ \t]+([^\n]*))");
		for (auto it = std::sregex_iterator(hdr.begin(), hdr.end(), tag); it != std::sregex_iterator(); ++it) {
			std::string k = (*it)[1], v = (*it)[2];
			while (!v.empty() && (v.back() == ' ' || v.back() == '\r'))
				v.pop_back();
			if (k == "function")
				n.function = v;
			else if (k == "note")
				n.note = v;
			else if (k == "path")
				n.path = v;
			else if (k == "version")
				n.version = v;
			else if (k == "license")
				n.license = v;
		}
		size_t cb = text.find('\n', hdr_end);
		n.code = cb < end ? text.substr(cb + 1, end - cb - 1) : std::string();
		while (!n.code.empty() && n.code.back() == '\n')
			n.code.pop_back();
		if (n.function.empty() || n.license.empty() || n.code.empty())
			errs.push_back(n.where + ": excerpt needs @function, @license and code");
		else if (!c.notes.count(n.function) || c.notes[n.function].code.size() < n.code.size())
			c.notes[n.function] = n;
		line = line_at(end);
		pos = end;
		pos += 10;
	}
}

void Catalog::load_dir(const std::string &lessons_dir, std::vector<std::string> &errs)
{
	fs::path root(lessons_dir);
	auto shown = [&](const fs::path &p) { return "lessons/" + fs::relative(p, root).string(); };
	auto parse = [&](const fs::path &p) {
		std::string text, err;
		if (!read_file(p.string(), text, err)) {
			errs.push_back(err);
			return std::vector<Record>();
		}
		return parse_ann(text, shown(p), errs);
	};
	for (const fs::path &p : files_in(root / "functions", ".ann")) {
		for (const Record &r : parse(p)) {
			if (r.kind == "function") {
				if (functions.count(r.name)) {
					errs.push_back(r.where() + ": function " + r.name + " already described at " +
						       functions[r.name].where);
					continue;
				}
				FunctionInfo f;
				f.name = r.name;
				f.where = r.where();
				f.file = r.value("file");
				f.file_615 = r.value("file.6.15");
				f.def = r.value("def");
				f.def_615 = r.value("def.6.15");
				f.since = r.value("since");
				if (r.get("kind"))
					f.kind = r.value("kind");
				f.ref = r.value("ref");
				f.glossary = words(r.value("glossary"));
				f.text = texts_of(r, {"file", "file.6.15", "def", "def.6.15", "since", "kind", "ref",
						      "glossary"});
				functions[f.name] = std::move(f);
			} else if (r.kind == "anchor") {
				if (anchors.count(r.name)) {
					errs.push_back(r.where() + ": anchor " + r.name + " already described at " +
						       anchors[r.name].where);
					continue;
				}
				AnchorInfo a;
				a.name = r.name;
				a.where = r.where();
				a.function = anchor_function(r.name);
				a.match = r.value("match");
				a.match_615 = r.value("match.6.15");
				a.why = r.value("why");
				a.text = texts_of(r, {"match", "match.6.15", "why"});
				anchors[a.name] = std::move(a);
			} else {
				errs.push_back(r.where() + ": '" + r.kind + "' records belong in glossary.ann or guided/");
			}
		}
	}
	if (fs::exists(root / "glossary.ann")) {
		for (const Record &r : parse(root / "glossary.ann")) {
			if (r.kind != "term") {
				errs.push_back(r.where() + ": glossary.ann holds only 'term' records");
				continue;
			}
			if (terms.count(r.name))
				errs.push_back(r.where() + ": term " + r.name + " given twice");
			terms[r.name] = {r.name, texts_of(r, {}), r.where()};
		}
	}
	for (const fs::path &p : files_in(root / "guided", ".lesson")) {
		GuidedLesson *cur = nullptr;
		for (const Record &r : parse(p)) {
			if (r.kind == "lesson") {
				int n = atoi(r.name.c_str());
				if (n <= 0 || lessons.count(n)) {
					errs.push_back(r.where() + ": lesson number '" + r.name +
						       "' must be a positive number used once");
					cur = nullptr;
					continue;
				}
				GuidedLesson &l = lessons[n];
				l.number = n;
				l.where = r.where();
				l.scenario = r.value("scenario");
				if (r.get("kernel"))
					l.kernel = r.value("kernel");
				l.text = texts_of(r, {"scenario", "kernel"});
				cur = &l;
			} else if (r.kind == "checkpoint") {
				if (!cur) {
					errs.push_back(r.where() + ": checkpoint outside a lesson");
					continue;
				}
				Checkpoint c;
				c.where = r.where();
				c.brk = r.value("break");
				if (r.get("after"))
					c.after = atoi(r.value("after").c_str());
				std::vector<std::string> ask = words(r.value("ask"));
				if (!ask.empty())
					c.ask = ask[0];
				if (ask.size() > 1)
					c.ask_arg = ask[1];
				c.text = texts_of(r, {"break", "after", "ask"});
				cur->checkpoints.push_back(std::move(c));
			} else {
				errs.push_back(r.where() + ": guided lessons hold 'lesson' and 'checkpoint' records");
			}
		}
	}
	for (const fs::path &p : files_in(root / "notes", ".c"))
		load_notes(*this, p, shown(p), errs);
}

// ---------------------------------------------------------------- inventory

Inventory scan_engine_sources(const std::string &dir, std::vector<std::string> &errs)
{
	Inventory inv;
	std::error_code ec;
	std::regex line_re(R"re(SP_(?:LINE|EVENT)\(\s*"([^"]+)")re");
	std::regex named_re(R"re(SP_FN_NAMED\(\s*"([^"]+)")re");
	// A definition line at column 0: "[static ][type ]name(" (the kernel's and the engine's style).
	std::regex def_re(R"re(^[A-Za-z_][\w:<>,\s\*&]*?[\s\*&]([A-Za-z_]\w*(?:::[A-Za-z_]\w*)*)\s*\()re");
	std::vector<fs::path> files;
	for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator(); ++it)
		if (it->is_regular_file() && (it->path().extension() == ".cpp" || it->path().extension() == ".h"))
			files.push_back(it->path());
	if (ec)
		errs.push_back(dir + ": " + ec.message());
	std::sort(files.begin(), files.end());
	for (const fs::path &p : files) {
		std::string text, err;
		if (!read_file(p.string(), text, err)) {
			errs.push_back(err);
			continue;
		}
		// Comments are blanked (same length, so offsets and line numbers hold): an anchor named in a
		// comment is not a line event.
		for (size_t c = text.find("//"); c != std::string::npos; c = text.find("//", c)) {
			size_t e = text.find('\n', c);
			if (e == std::string::npos)
				e = text.size();
			bool in_string = std::count(text.begin() + text.rfind('\n', c) + 1, text.begin() + c, '"') % 2;
			if (!in_string)
				std::fill(text.begin() + c, text.begin() + e, ' ');
			c = e;
		}
		std::string shown = "engine/" + fs::relative(p, dir).string();
		if (shown == "engine/sim/sim.h")
			continue; // the macros' own definitions
		for (auto it = std::sregex_iterator(text.begin(), text.end(), line_re); it != std::sregex_iterator(); ++it) {
			int ln = 1 + (int)std::count(text.begin(), text.begin() + it->position(), '\n');
			inv.anchors.emplace((*it)[1], shown + ":" + std::to_string(ln));
		}
		std::string cur;
		size_t pos = 0;
		int ln = 0;
		while (pos < text.size()) {
			size_t e = text.find('\n', pos);
			if (e == std::string::npos)
				e = text.size();
			std::string l = text.substr(pos, e - pos);
			pos = e + 1;
			ln++;
			std::smatch m;
			if (!l.empty() && !isspace((unsigned char)l[0]) && l[0] != '#' && l.rfind("//", 0) != 0 &&
			    l.back() != ';' && std::regex_search(l, m, def_re)) {
				cur = m[1];
				size_t c = cur.rfind("::");
				if (c != std::string::npos)
					cur = cur.substr(c + 2);
			}
			if (std::regex_search(l, m, named_re))
				inv.functions.emplace(m[1], shown + ":" + std::to_string(ln));
			else if (l.find("SP_FN(") != std::string::npos && l.find("#define") == std::string::npos &&
				 !cur.empty())
				inv.functions.emplace(cur, shown + ":" + std::to_string(ln));
		}
	}
	// Event anchors of pseudo-functions (hw:, peer:, softirq:) make those functions part of the model.
	for (auto &[a, w] : inv.anchors)
		inv.functions.emplace(anchor_function(a), w);
	return inv;
}

void add_trace(Inventory &inv, const Trace &t, const std::string &what)
{
	for (size_t i = 0; i < t.size(); i++) {
		const Step &s = t.at(i);
		if (s.kind == StepKind::Enter)
			inv.functions.emplace(t.str(s.fn), what);
		else if ((s.kind == StepKind::Line || s.kind == StepKind::Event) && s.anchor) {
			inv.anchors.emplace(t.str(s.anchor), what);
			inv.functions.emplace(anchor_function(t.str(s.anchor)), what);
		}
	}
}

void add_builtin_runs(Inventory &inv)
{
	for (const BuiltinScenario &b : builtin_scenarios()) {
		std::string err;
		auto sc = parse_scenario(b.text, b.name, err);
		if (!sc)
			continue;
		for (KernelVersion kv : {KernelVersion::V6_15, KernelVersion::V6_16}) {
			RunResult r = run_scenario(*sc, kv);
			if (r.trace)
				add_trace(inv, *r.trace, std::string("scenario ") + b.name + " on " + kernel_name(kv));
		}
	}
}

// ---------------------------------------------------------------- validation

void Catalog::validate(const Inventory &inv, std::vector<std::string> &errs) const
{
	auto need = [&](const std::string &where, const std::string &what, const Texts &t, const char *key) {
		auto it = t.find(key);
		if (it == t.end() || it->second.empty())
			errs.push_back(where + ": " + what + ": missing " + key);
	};
	auto links = [&](const std::string &where, const Texts &t) {
		for (auto &[k, v] : t)
			for (const std::string &term : linked_terms(v))
				if (!terms.count(term))
					errs.push_back(where + ": [[" + term + "]] in " + k + " is not in glossary.ann");
	};
	for (auto &[name, f] : functions) {
		std::string what = "function " + name;
		for (const char *k : {"en.student", "en.engineer", "ko.student", "ko.engineer"})
			need(f.where, what, f.text, k);
		if (f.kind != "kernel" && f.kind != "libc" && f.kind != "device" && f.kind != "model")
			errs.push_back(f.where + ": " + what + ": kind must be kernel, libc, device or model");
		if ((f.kind == "kernel" || f.kind == "libc") && f.file.empty())
			errs.push_back(f.where + ": " + what + ": missing file (the kernel path)");
		if ((f.kind == "device" || f.kind == "model") && f.ref.empty())
			errs.push_back(f.where + ": " + what + ": a " + f.kind + " function needs ref");
		if (!f.since.empty() && f.since != "6.16")
			errs.push_back(f.where + ": " + what + ": since must be 6.16 (or absent)");
		for (const std::string &g : f.glossary)
			if (!terms.count(g))
				errs.push_back(f.where + ": " + what + ": glossary term '" + g + "' is not in glossary.ann");
		links(f.where, f.text);
		if (!inv.functions.empty() && !inv.functions.count(name))
			errs.push_back(f.where + ": " + what + " is not modelled by the engine (no SP_FN or trace)");
	}
	for (auto &[name, a] : anchors) {
		std::string what = "anchor " + name;
		if (!functions.count(a.function))
			errs.push_back(a.where + ": " + what + ": no 'function " + a.function + "' record");
		need(a.where, what, a.text, "en");
		need(a.where, what, a.text, "ko");
		if (a.match.empty())
			errs.push_back(a.where + ": " + what + ": missing match (the kernel line, or 'none' + why)");
		else if (a.match == "none" && a.why.empty())
			errs.push_back(a.where + ": " + what + ": 'match: none' needs why");
		links(a.where, a.text);
		if (!inv.anchors.empty() && !inv.anchors.count(name))
			errs.push_back(a.where + ": " + what + ": no line event of the engine uses this anchor");
	}
	for (auto &[name, w] : inv.functions)
		if (!functions.count(name))
			errs.push_back(w + ": function " + name + " has no lesson record in lessons/functions/");
	for (auto &[name, w] : inv.anchors)
		if (!anchors.count(name))
			errs.push_back(w + ": line event " + name + " has no anchor record in lessons/functions/");
	for (auto &[key, t] : terms) {
		for (const char *k : {"name.en", "name.ko", "en", "ko"})
			need(t.where, "term " + key, t.text, k);
		links(t.where, t.text);
	}
	for (auto &[n, l] : lessons) {
		std::string what = "lesson " + std::to_string(n);
		for (const char *k : {"title.en", "title.ko", "intro.en", "intro.ko"})
			need(l.where, what, l.text, k);
		std::string err;
		if (l.scenario.empty())
			errs.push_back(l.where + ": " + what + ": missing scenario");
		else {
			bool builtin = false;
			for (auto &b : builtin_scenarios())
				builtin = builtin || l.scenario == b.name;
			if (!builtin)
				errs.push_back(l.where + ": " + what + ": scenario '" + l.scenario + "' is not a built-in");
		}
		if (l.kernel != "6.15" && l.kernel != "6.16")
			errs.push_back(l.where + ": " + what + ": kernel must be 6.15 or 6.16");
		if (l.checkpoints.empty())
			errs.push_back(l.where + ": " + what + ": no checkpoints");
		for (const Checkpoint &c : l.checkpoints) {
			if (c.brk.empty())
				errs.push_back(c.where + ": checkpoint without break");
			else if (c.brk.rfind("cond:", 0) != 0 && !functions.count(c.brk) && !anchors.count(c.brk))
				errs.push_back(c.where + ": break '" + c.brk + "' is neither a described function nor anchor");
			if (c.after < 1)
				errs.push_back(c.where + ": after must be >= 1");
			need(c.where, "checkpoint", c.text, "say.en");
			need(c.where, "checkpoint", c.text, "say.ko");
			if (!c.ask.empty()) {
				bool ok = std::find(std::begin(kQuestionKinds), std::end(kQuestionKinds), c.ask) !=
					  std::end(kQuestionKinds);
				if (!ok)
					errs.push_back(c.where + ": unknown question kind '" + c.ask + "'");
				if (c.ask == "next_value" && c.ask_arg.empty())
					errs.push_back(c.where + ": next_value needs a field, e.g. 'ask: next_value tp.snd_cwnd'");
				need(c.where, "question", c.text, "ask.en");
				need(c.where, "question", c.text, "ask.ko");
			}
			links(c.where, c.text);
		}
	}
	for (auto &[fn, n] : notes)
		if (!functions.count(fn))
			errs.push_back(n.where + ": excerpt of " + fn + ", which no function record describes");
}

Coverage Catalog::coverage() const
{
	Coverage c;
	auto has = [](const Texts &t, const char *k) {
		auto it = t.find(k);
		return it != t.end() && !it->second.empty();
	};
	for (auto &[n, f] : functions) {
		c.functions++;
		c.en += has(f.text, "en.student") && has(f.text, "en.engineer");
		c.ko += has(f.text, "ko.student") && has(f.text, "ko.engineer");
		c.zh += has(f.text, "zh.student");
		c.engineer += has(f.text, "en.engineer");
	}
	for (auto &[n, a] : anchors) {
		c.anchors++;
		c.anchors_en += has(a.text, "en");
		c.anchors_ko += has(a.text, "ko");
		c.anchors_zh += has(a.text, "zh");
		c.anchors_model_only += a.match == "none";
	}
	c.terms = (int)terms.size();
	c.lessons = (int)lessons.size();
	for (auto &[n, l] : lessons)
		for (auto &cp : l.checkpoints)
			c.questions += !cp.ask.empty();
	c.notes = (int)notes.size();
	return c;
}

static std::string pick(const Texts &t, const std::string &key, const std::string &fallback)
{
	auto it = t.find(key);
	if (it != t.end() && !it->second.empty())
		return it->second;
	it = t.find(fallback);
	return it != t.end() ? it->second : std::string();
}

std::string Catalog::function_text(const std::string &fn, const std::string &lang, const std::string &depth) const
{
	auto it = functions.find(fn);
	if (it == functions.end())
		return {};
	return pick(it->second.text, lang + "." + depth, "en." + depth);
}

std::string Catalog::anchor_text(const std::string &anchor, const std::string &lang, const std::string &depth) const
{
	auto it = anchors.find(anchor);
	if (it == anchors.end())
		return {};
	if (depth == "engineer") {
		std::string e = pick(it->second.text, lang + ".engineer", "");
		if (!e.empty())
			return e;
	}
	return pick(it->second.text, lang, "en");
}

// ---------------------------------------------------------------- database

using namespace sp::sql;
static const int kLessonsSchema = 1;

static void bind_i(Stmt &st, int i, int64_t v)
{
	sqlite3_bind_int64(st.s, i, v);
}

static std::string col(Stmt &st, int i)
{
	const unsigned char *t = sqlite3_column_text(st.s, i);
	return t ? std::string((const char *)t, sqlite3_column_bytes(st.s, i)) : std::string();
}

bool Catalog::save_db(const std::string &path, std::string &err) const
{
	std::string tmp = path + ".tmp";
	std::error_code ec;
	fs::remove(tmp, ec);
	try {
		{
			Db d;
			if (sqlite3_open(tmp.c_str(), &d.db) != SQLITE_OK)
				throw SqlError{0, d.msg()};
			exec(d, "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; BEGIN;"
				"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
				"CREATE TABLE functions(name TEXT PRIMARY KEY, file, file_615, def, def_615, since, kind, "
				"ref, glossary, src);"
				"CREATE TABLE anchors(name TEXT PRIMARY KEY, function, match, match_615, why, src);"
				"CREATE TABLE terms(key TEXT PRIMARY KEY, src);"
				"CREATE TABLE lessons(number INTEGER PRIMARY KEY, scenario, kernel, src);"
				"CREATE TABLE checkpoints(lesson INTEGER, idx INTEGER, brk, after INTEGER, ask, ask_arg, "
				"src, PRIMARY KEY(lesson, idx));"
				"CREATE TABLE notes(function TEXT PRIMARY KEY, note, path, version, license, code, src);"
				"CREATE TABLE texts(owner_kind TEXT, owner TEXT, field TEXT, text TEXT, "
				"PRIMARY KEY(owner_kind, owner, field));");
			Stmt meta, fn, an, te, le, cp, no, tx;
			prepare(d, meta, "INSERT INTO meta VALUES(?,?)");
			prepare(d, fn, "INSERT INTO functions VALUES(?,?,?,?,?,?,?,?,?,?)");
			prepare(d, an, "INSERT INTO anchors VALUES(?,?,?,?,?,?)");
			prepare(d, te, "INSERT INTO terms VALUES(?,?)");
			prepare(d, le, "INSERT INTO lessons VALUES(?,?,?,?)");
			prepare(d, cp, "INSERT INTO checkpoints VALUES(?,?,?,?,?,?,?)");
			prepare(d, no, "INSERT INTO notes VALUES(?,?,?,?,?,?,?)");
			prepare(d, tx, "INSERT INTO texts VALUES(?,?,?,?)");
			auto texts = [&](const char *kind, const std::string &owner, const Texts &t) {
				for (auto &[k, v] : t) {
					bind_text(tx, 1, kind);
					bind_text(tx, 2, owner);
					bind_text(tx, 3, k);
					bind_text(tx, 4, v);
					step_insert(d, tx, "texts");
				}
			};
			std::string fmt = "sendpath-lessons", ver = std::to_string(kLessonsSchema);
			bind_text(meta, 1, "format");
			bind_text(meta, 2, fmt);
			step_insert(d, meta, "meta");
			bind_text(meta, 1, "schema_version");
			bind_text(meta, 2, ver);
			step_insert(d, meta, "meta");
			for (auto &[n, f] : functions) {
				std::string g;
				for (auto &w : f.glossary)
					g += (g.empty() ? "" : " ") + w;
				const std::string *v[] = {&f.name, &f.file, &f.file_615, &f.def, &f.def_615,
							  &f.since, &f.kind, &f.ref, &g, &f.where};
				for (int i = 0; i < 10; i++)
					bind_text(fn, i + 1, *v[i]);
				step_insert(d, fn, "functions");
				texts("function", n, f.text);
			}
			for (auto &[n, a] : anchors) {
				const std::string *v[] = {&a.name, &a.function, &a.match, &a.match_615, &a.why, &a.where};
				for (int i = 0; i < 6; i++)
					bind_text(an, i + 1, *v[i]);
				step_insert(d, an, "anchors");
				texts("anchor", n, a.text);
			}
			for (auto &[k, t] : terms) {
				bind_text(te, 1, k);
				bind_text(te, 2, t.where);
				step_insert(d, te, "terms");
				texts("term", k, t.text);
			}
			for (auto &[n, l] : lessons) {
				bind_i(le, 1, n);
				bind_text(le, 2, l.scenario);
				bind_text(le, 3, l.kernel);
				bind_text(le, 4, l.where);
				step_insert(d, le, "lessons");
				texts("lesson", std::to_string(n), l.text);
				for (size_t i = 0; i < l.checkpoints.size(); i++) {
					const Checkpoint &c = l.checkpoints[i];
					bind_i(cp, 1, n);
					bind_i(cp, 2, (int64_t)i);
					bind_text(cp, 3, c.brk);
					bind_i(cp, 4, c.after);
					bind_text(cp, 5, c.ask);
					bind_text(cp, 6, c.ask_arg);
					bind_text(cp, 7, c.where);
					step_insert(d, cp, "checkpoints");
					texts("checkpoint", std::to_string(n) + "." + std::to_string(i), c.text);
				}
			}
			for (auto &[f, n] : notes) {
				const std::string *v[] = {&n.function, &n.note, &n.path, &n.version, &n.license, &n.code, &n.where};
				for (int i = 0; i < 7; i++)
					bind_text(no, i + 1, *v[i]);
				step_insert(d, no, "notes");
			}
			exec(d, "COMMIT;");
		}
		fs::rename(tmp, path, ec);
		if (ec)
			throw SqlError{0, "rename to " + path + ": " + ec.message()};
	} catch (const SqlError &e) {
		fs::remove(tmp, ec);
		err = path + ": " + e.msg;
		return false;
	}
	return true;
}

bool Catalog::load_db(const std::string &path, std::string &err)
{
	*this = Catalog();
	try {
		Db d;
		if (!fs::exists(path))
			throw SqlError{0, "no such file (run the build, or `sendpath-cli lessons build`)"};
		if (sqlite3_open_v2(path.c_str(), &d.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
			throw SqlError{0, d.msg()};
		{
			Stmt m;
			prepare(d, m, "SELECT value FROM meta WHERE key='format'");
			if (sqlite3_step(m.s) != SQLITE_ROW || col(m, 0) != "sendpath-lessons")
				throw SqlError{0, "not a SendPath lessons database"};
		}
		Stmt st;
		prepare(d, st, "SELECT name, file, file_615, def, def_615, since, kind, ref, glossary, src FROM functions");
		while (sqlite3_step(st.s) == SQLITE_ROW) {
			FunctionInfo f;
			f.name = col(st, 0);
			f.file = col(st, 1);
			f.file_615 = col(st, 2);
			f.def = col(st, 3);
			f.def_615 = col(st, 4);
			f.since = col(st, 5);
			f.kind = col(st, 6);
			f.ref = col(st, 7);
			f.glossary = words(col(st, 8));
			f.where = col(st, 9);
			functions[f.name] = f;
		}
		Stmt sa;
		prepare(d, sa, "SELECT name, function, match, match_615, why, src FROM anchors");
		while (sqlite3_step(sa.s) == SQLITE_ROW) {
			AnchorInfo a;
			a.name = col(sa, 0);
			a.function = col(sa, 1);
			a.match = col(sa, 2);
			a.match_615 = col(sa, 3);
			a.why = col(sa, 4);
			a.where = col(sa, 5);
			anchors[a.name] = a;
		}
		Stmt stt;
		prepare(d, stt, "SELECT key, src FROM terms");
		while (sqlite3_step(stt.s) == SQLITE_ROW)
			terms[col(stt, 0)] = {col(stt, 0), {}, col(stt, 1)};
		Stmt sl;
		prepare(d, sl, "SELECT number, scenario, kernel, src FROM lessons");
		while (sqlite3_step(sl.s) == SQLITE_ROW) {
			GuidedLesson &l = lessons[sqlite3_column_int(sl.s, 0)];
			l.number = sqlite3_column_int(sl.s, 0);
			l.scenario = col(sl, 1);
			l.kernel = col(sl, 2);
			l.where = col(sl, 3);
		}
		Stmt sc;
		prepare(d, sc, "SELECT lesson, brk, after, ask, ask_arg, src FROM checkpoints ORDER BY lesson, idx");
		while (sqlite3_step(sc.s) == SQLITE_ROW) {
			Checkpoint c;
			c.brk = col(sc, 1);
			c.after = sqlite3_column_int(sc.s, 2);
			c.ask = col(sc, 3);
			c.ask_arg = col(sc, 4);
			c.where = col(sc, 5);
			lessons[sqlite3_column_int(sc.s, 0)].checkpoints.push_back(c);
		}
		Stmt sn;
		prepare(d, sn, "SELECT function, note, path, version, license, code, src FROM notes");
		while (sqlite3_step(sn.s) == SQLITE_ROW)
			notes[col(sn, 0)] = {col(sn, 0), col(sn, 1), col(sn, 2), col(sn, 3), col(sn, 4), col(sn, 5), col(sn, 6)};
		Stmt sx;
		prepare(d, sx, "SELECT owner_kind, owner, field, text FROM texts");
		while (sqlite3_step(sx.s) == SQLITE_ROW) {
			std::string k = col(sx, 0), o = col(sx, 1), f = col(sx, 2), t = col(sx, 3);
			if (k == "function" && functions.count(o))
				functions[o].text[f] = t;
			else if (k == "anchor" && anchors.count(o))
				anchors[o].text[f] = t;
			else if (k == "term" && terms.count(o))
				terms[o].text[f] = t;
			else if (k == "lesson")
				lessons[atoi(o.c_str())].text[f] = t;
			else if (k == "checkpoint") {
				int n = atoi(o.c_str());
				size_t i = (size_t)atoi(o.substr(o.find('.') + 1).c_str());
				if (lessons.count(n) && i < lessons[n].checkpoints.size())
					lessons[n].checkpoints[i].text[f] = t;
			}
		}
	} catch (const SqlError &e) {
		err = path + ": " + e.msg;
		return false;
	}
	return true;
}

} // namespace sp::lessons
