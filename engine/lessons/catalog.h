// SPDX-License-Identifier: GPL-2.0-or-later
// The lessons catalogue: per modelled function and line anchor its kernel locator and annotations
// (EN/KO, ZH where written, student and engineer depth), the glossary, the guided lessons, and the
// excerpts quoted in the owner's notes. Loaded from lessons/ (validated against what the engine
// records) and stored in / read from an SQLite lessons database. Formats: lessons/FORMAT.md.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sp
{
class Trace;
}

namespace sp::lessons
{

// "en.student" -> text, "ko" -> text, ... exactly as the fields are named in the .ann files.
using Texts = std::map<std::string, std::string>;

struct FunctionInfo {
	std::string name, file, file_615, def, def_615, since, kind = "kernel", ref;
	std::vector<std::string> glossary;
	Texts text;
	std::string where; // lessons file:line
	// The kernel path/definition text for a version ("6.15" or "6.16"); empty file: absent there.
	std::string file_for(const std::string &ver) const
	{
		if (ver == "6.15" && since == "6.16")
			return {};
		return ver == "6.15" && !file_615.empty() ? file_615 : file;
	}
	std::string def_for(const std::string &ver) const
	{
		return ver == "6.15" && !def_615.empty() ? def_615 : def;
	}
};

struct AnchorInfo {
	std::string name, function, match, match_615, why;
	Texts text;
	std::string where;
	std::string match_for(const std::string &ver) const
	{
		return ver == "6.15" && !match_615.empty() ? match_615 : match;
	}
};

struct Term {
	std::string key;
	Texts text; // name.en, name.ko, name.zh, en, ko, zh
	std::string where;
};

struct Checkpoint {
	std::string brk; // function, anchor, or "cond: EXPR"
	int after = 1;
	std::string ask;     // question kind ("" = none)
	std::string ask_arg; // next_value's field
	Texts text;	     // say.*, ask.*, explain.*
	std::string where;
};

struct GuidedLesson {
	int number = 0;
	std::string scenario, kernel = "6.16";
	Texts text; // title.*, intro.*
	std::vector<Checkpoint> checkpoints;
	std::string where;
};

struct NoteExcerpt {
	std::string function, note, path, version, license, code;
	std::string where;
};

// What the engine records: functions (from SP_FN/SP_FN_NAMED and the traces of the built-in
// scenarios) and line/event anchors (from SP_LINE/SP_EVENT), each with where it was seen.
struct Inventory {
	std::map<std::string, std::string> functions; // name -> "engine/...cpp:LINE" or "trace"
	std::map<std::string, std::string> anchors;
};
// Scans the engine's sources under dir (the engine/ directory) for SP_FN/SP_LINE/SP_EVENT.
Inventory scan_engine_sources(const std::string &dir, std::vector<std::string> &errs);
// Adds every function entered and every anchor recorded in a trace.
void add_trace(Inventory &inv, const Trace &t, const std::string &what);
// Runs every built-in scenario on 6.15 and 6.16 and adds their traces.
void add_builtin_runs(Inventory &inv);

struct Coverage {
	int functions = 0, en = 0, ko = 0, zh = 0, engineer = 0, located = 0;
	int anchors = 0, anchors_en = 0, anchors_ko = 0, anchors_zh = 0, anchors_model_only = 0;
	int terms = 0, lessons = 0, questions = 0, notes = 0;
};

class Catalog
{
public:
	std::map<std::string, FunctionInfo> functions;
	std::map<std::string, AnchorInfo> anchors;
	std::map<std::string, Term> terms;
	std::map<int, GuidedLesson> lessons;
	std::map<std::string, NoteExcerpt> notes; // by function

	// Loads lessons_dir (functions/*.ann, glossary.ann, guided/*.lesson, notes/*.c). Syntax and
	// record errors go to errs as FILE:LINE: messages; what parsed is kept.
	void load_dir(const std::string &lessons_dir, std::vector<std::string> &errs);
	// Completeness and consistency (FORMAT.md): every inventory function and anchor annotated in
	// EN and KO, every lesson anchor used by the engine, glossary links resolve, lessons' scenarios
	// and breakpoints exist. Messages name the lessons file:line (or the engine file:line).
	void validate(const Inventory &inv, std::vector<std::string> &errs) const;
	Coverage coverage() const;

	// Text of a function/anchor/term in a language with fallback to English; depth "student" or
	// "engineer" for functions (anchors: "" = the plain text, "engineer" = the deeper note).
	std::string function_text(const std::string &fn, const std::string &lang, const std::string &depth) const;
	std::string anchor_text(const std::string &anchor, const std::string &lang, const std::string &depth) const;

	// SQLite lessons database (see lessons/FORMAT.md): false + err on failure; the target is
	// written to a temporary file and renamed, so a failed build leaves an older database intact.
	bool save_db(const std::string &path, std::string &err) const;
	bool load_db(const std::string &path, std::string &err);
};

// Splits "fn:what" -> "fn".
std::string anchor_function(const std::string &anchor);
// The [[term]] keys a text links to.
std::vector<std::string> linked_terms(const std::string &text);

} // namespace sp::lessons
