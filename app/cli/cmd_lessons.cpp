// SPDX-License-Identifier: GPL-2.0-or-later
// sendpath-cli lessons: build and check the lessons database, import kernel source from your tree,
// play a guided lesson headless.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli.h"
#include "lessons/catalog.h"
#include "lessons/guided.h"
#include "lessons/source.h"

using namespace sp;
using namespace sp::lessons;
namespace fs = std::filesystem;

static void lessons_usage(FILE *f)
{
	fputs("usage: sendpath-cli lessons SUBCOMMAND\n"
	      "  check [--dir LESSONS] [--engine ENGINE_SRC] [--no-runs]\n"
	      "                 validate lessons/ against the engine; print coverage; exit 1 if incomplete\n"
	      "  build --out FILE.db [--dir LESSONS]     build the SQLite lessons database\n"
	      "  list [--db FILE.db]                     the guided lessons\n"
	      "  play N [--answers auto|wrong|ask] [--lang en|ko|zh_CN] [--user NAME] [--db FILE.db]\n"
	      "                 play lesson N headless: checkpoints, questions, grades\n"
	      "  show FUNCTION [--kernel 6.15|6.16] [--lang L] [--db FILE.db]   annotation and source\n"
	      "  import-source --kernel 6.15|6.16 --tree DIR [--rev GIT_REV] [--db FILE.db]\n"
	      "                 import the modelled functions from your Linux tree into your user database\n"
	      "  (--user-db FILE overrides the user database, default $SENDPATH_USER_DB or\n"
	      "   ~/.local/share/sendpath/user.db)\n",
	      f);
}

// Installed layout: bin/sendpath-cli and share/sendpath/lessons.db beside it; the source tree's
// lessons/ as the fallback for check/build.
static std::string exe_dir()
{
	char buf[4096];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return ".";
	buf[n] = 0;
	return fs::path(buf).parent_path().string();
}

std::string default_lessons_db()
{
	return (fs::path(exe_dir()) / ".." / "share" / "sendpath" / "lessons.db").lexically_normal().string();
}

static std::string default_lessons_dir()
{
	return SENDPATH_SOURCE_DIR "/lessons";
}

static bool load_catalog(const Args &a, Catalog &c)
{
	std::string err;
	std::string db = a.has("--db") ? a.get("--db") : default_lessons_db();
	if (!a.has("--dir") && fs::exists(db)) {
		if (c.load_db(db, err))
			return true;
		fprintf(stderr, "sendpath-cli: %s\n", err.c_str());
		return false;
	}
	std::vector<std::string> errs;
	c.load_dir(a.has("--dir") ? a.get("--dir") : default_lessons_dir(), errs);
	for (auto &e : errs)
		fprintf(stderr, "%s\n", e.c_str());
	return errs.empty();
}

static const char *lang_of(const Args &a)
{
	std::string l = a.get("--lang");
	return l == "ko" ? "ko" : (l == "zh_CN" || l == "zh") ? "zh" : "en";
}

static int lessons_check(const Args &a)
{
	Catalog c;
	std::vector<std::string> errs;
	std::string dir = a.has("--dir") ? a.get("--dir") : default_lessons_dir();
	c.load_dir(dir, errs);
	std::string engine = a.has("--engine") ? a.get("--engine") : SENDPATH_SOURCE_DIR "/engine";
	Inventory inv = scan_engine_sources(engine, errs);
	if (!a.has("--no-runs"))
		add_builtin_runs(inv);
	c.validate(inv, errs);
	Coverage v = c.coverage();
	int modelled = (int)inv.functions.size();
	int described = 0;
	for (auto &[n, w] : inv.functions)
		described += c.functions.count(n) > 0;
	int anchors = 0;
	for (auto &[n, w] : inv.anchors)
		anchors += c.anchors.count(n) > 0;
	for (auto &e : errs)
		printf("%s\n", e.c_str());
	printf("annotated: %d/%d functions (en %d, ko %d, zh %d)\n", described, modelled, v.en, v.ko, v.zh);
	printf("anchors: %d/%d line events (en %d, ko %d, zh %d; %d model-only)\n", anchors, (int)inv.anchors.size(),
	       v.anchors_en, v.anchors_ko, v.anchors_zh, v.anchors_model_only);
	printf("glossary: %d terms; guided lessons: %d with %d questions; notes excerpts: %d functions\n", v.terms,
	       v.lessons, v.questions, v.notes);
	printf("%s: %zu problem(s)\n", errs.empty() ? "ok" : "FAILED", errs.size());
	return errs.empty() ? 0 : 1;
}

static int lessons_build(const Args &a)
{
	if (!a.has("--out")) {
		fprintf(stderr, "sendpath-cli lessons build: --out FILE.db is required\n");
		return 2;
	}
	Catalog c;
	std::vector<std::string> errs;
	c.load_dir(a.has("--dir") ? a.get("--dir") : default_lessons_dir(), errs);
	for (auto &e : errs)
		fprintf(stderr, "%s\n", e.c_str());
	if (!errs.empty())
		return 2; // syntax errors: completeness is `lessons check`'s job
	std::error_code ec;
	fs::path out(a.get("--out"));
	if (out.has_parent_path())
		fs::create_directories(out.parent_path(), ec);
	std::string err;
	if (!c.save_db(out.string(), err)) {
		fprintf(stderr, "sendpath-cli: %s\n", err.c_str());
		return 2;
	}
	Coverage v = c.coverage();
	printf("%s: %d functions, %d anchors, %d terms, %d lessons, %d notes excerpts\n", out.c_str(), v.functions,
	       v.anchors, v.terms, v.lessons, v.notes);
	return 0;
}

static int lessons_list(const Args &a)
{
	Catalog c;
	if (!load_catalog(a, c))
		return 2;
	UserStore store;
	std::string err;
	store.open(a.has("--user-db") ? a.get("--user-db") : default_user_db(), err);
	auto prog = store.progress(a.has("--user") ? a.get("--user") : "default");
	for (auto &[n, l] : c.lessons) {
		auto t = l.text.find(std::string("title.") + lang_of(a));
		if (t == l.text.end())
			t = l.text.find("title.en");
		printf("%2d  %-60s  %s on %s, %zu checkpoints", n, t != l.text.end() ? t->second.c_str() : "",
		       l.scenario.c_str(), l.kernel.c_str(), l.checkpoints.size());
		if (prog.count(n))
			printf("  [%d/%d correct]", prog[n].second, prog[n].first);
		printf("\n");
	}
	return 0;
}

static std::string one_line(std::string s)
{
	for (char &c : s)
		if (c == '\n')
			c = ' ';
	return s;
}

static int lessons_play(const Args &a)
{
	if (a.pos.size() < 3) {
		fprintf(stderr, "sendpath-cli lessons play: lesson number required\n");
		return 2;
	}
	Catalog c;
	if (!load_catalog(a, c))
		return 2;
	std::string mode = a.has("--answers") ? a.get("--answers") : "ask";
	if (mode != "auto" && mode != "wrong" && mode != "ask") {
		fprintf(stderr, "sendpath-cli lessons play: --answers must be auto, wrong or ask\n");
		return 2;
	}
	std::string lang = lang_of(a);
	GuidedRun run;
	std::string err;
	if (!run.start(c, atoi(a.pos[2].c_str()), err)) {
		fprintf(stderr, "sendpath-cli: %s\n", err.c_str());
		return 2;
	}
	UserStore store;
	bool save = store.open(a.has("--user-db") ? a.get("--user-db") : default_user_db(), err);
	if (!save)
		fprintf(stderr, "sendpath-cli: progress not saved: %s\n", err.c_str());
	std::string user = a.has("--user") ? a.get("--user") : "default";
	const GuidedLesson &l = run.lesson();
	const Trace &t = run.trace();
	printf("Lesson %d: %s\n(%s on Linux %s, %zu steps)\n%s\n\n", l.number, run.text("title", lang).c_str(),
	       l.scenario.c_str(), l.kernel.c_str(), t.size(), run.text("intro", lang).c_str());
	int asked = 0, right = 0;
	for (const CheckpointPlay &p : run.checkpoints()) {
		const Step &s = t.at(p.step);
		printf("[%zu] step %zu  %s%s%s  %s\n", p.index + 1, p.step, t.str(s.fn).c_str(),
		       s.anchor ? " @ " : "", s.anchor ? t.str(s.anchor).c_str() : "",
		       one_line(std::string(t.text(s))).c_str());
		printf("    %s\n", one_line(run.text(p.index, "say", lang)).c_str());
		if (!p.question)
			continue;
		const Question &q = *p.question;
		printf("    Q: %s\n", one_line(run.text(p.index, "ask", lang)).c_str());
		for (size_t i = 0; i < q.options.size(); i++)
			printf("       %zu) %s\n", i + 1, q.options[i].c_str());
		std::string given;
		if (mode == "auto")
			given = q.answer;
		else if (mode == "wrong") {
			given = q.options.empty() ? std::to_string(atoll(q.answer.c_str()) + 1) : "";
			for (auto &o : q.options)
				if (o != q.answer) {
					given = o;
					break;
				}
		} else {
			printf("    your answer: ");
			fflush(stdout);
			if (!std::getline(std::cin, given))
				given.clear();
		}
		bool ok = GuidedRun::grade(q, given);
		asked++;
		right += ok;
		printf("    answer given: %s -> %s (computed from the trace: %s, revealed at step %zu)\n",
		       given.c_str(), ok ? "correct" : "wrong", q.answer.c_str(), q.reveal_step);
		std::string ex = run.text(p.index, "explain", lang);
		if (!ex.empty())
			printf("    %s\n", one_line(ex).c_str());
		if (save && !store.record_answer(user, l.number, (int)p.index, given, q.answer, ok, err))
			fprintf(stderr, "sendpath-cli: %s\n", err.c_str());
	}
	printf("\n%d/%d questions correct\n", right, asked);
	return 0;
}

static int lessons_show(const Args &a)
{
	if (a.pos.size() < 3) {
		fprintf(stderr, "sendpath-cli lessons show: function name required\n");
		return 2;
	}
	Catalog c;
	if (!load_catalog(a, c))
		return 2;
	std::string fn = a.pos[2], lang = lang_of(a);
	std::string ver = a.has("--kernel") ? a.get("--kernel") : "6.16";
	auto it = c.functions.find(fn);
	if (it == c.functions.end()) {
		fprintf(stderr, "sendpath-cli: no lesson record for '%s'\n", fn.c_str());
		return 2;
	}
	UserStore store;
	std::string err;
	store.open(a.has("--user-db") ? a.get("--user-db") : default_user_db(), err);
	SourceExcerpt x = resolve_source(c, store.is_open() ? &store : nullptr, fn, ver);
	printf("%s  (%s, Linux %s)\n\n", fn.c_str(), it->second.file_for(ver).empty() ? "not in this version" : it->second.file_for(ver).c_str(), ver.c_str());
	printf("student:  %s\n\nengineer: %s\n\n", c.function_text(fn, lang, "student").c_str(),
	       c.function_text(fn, lang, "engineer").c_str());
	for (auto &[an, ai] : c.anchors)
		if (ai.function == fn)
			printf("  %-40s line %-4d %s\n", an.c_str(), x.anchor_line.count(an) ? x.anchor_line[an] : 0,
			       one_line(c.anchor_text(an, lang, "")).c_str());
	if (x.origin.empty())
		printf("\nsource: not imported (sendpath-cli lessons import-source --kernel %s --tree YOUR_LINUX)\n",
		       ver.c_str());
	else
		printf("\nsource (%s: %s; %s):\n%s\n", x.origin.c_str(), x.provenance.c_str(), x.license.c_str(),
		       x.text.c_str());
	return 0;
}

static int lessons_import(const Args &a)
{
	if (!a.has("--kernel") || !a.has("--tree")) {
		fprintf(stderr, "sendpath-cli lessons import-source: --kernel 6.15|6.16 and --tree DIR are required\n");
		return 2;
	}
	Catalog c;
	if (!load_catalog(a, c))
		return 2;
	UserStore store;
	std::string err;
	if (!store.open(a.has("--user-db") ? a.get("--user-db") : default_user_db(), err)) {
		fprintf(stderr, "sendpath-cli: %s\n", err.c_str());
		return 2;
	}
	ImportReport rep;
	if (!import_kernel_source(c, a.get("--kernel"), a.get("--tree"), a.get("--rev"), store, rep, err)) {
		fprintf(stderr, "sendpath-cli: %s\n", err.c_str());
		return 2;
	}
	for (auto &p : rep.problems)
		printf("  %s\n", p.c_str());
	printf("imported %d/%d functions for Linux %s into %s; anchors located %d/%d\n", rep.found, rep.functions,
	       a.get("--kernel").c_str(), store.path().c_str(), rep.anchors_located, rep.anchors);
	return 0;
}

int cmd_lessons(int argc, char **argv)
{
	Args a;
	if (!a.parse(argc, argv, 1, {"--no-runs"},
		     {"--dir", "--engine", "--out", "--db", "--answers", "--lang", "--user", "--kernel", "--tree",
		      "--rev", "--user-db"})) {
		fprintf(stderr, "sendpath-cli lessons: %s\n", a.err.c_str());
		return 2;
	}
	std::string sub = a.pos.size() > 1 ? a.pos[1] : "";
	if (sub == "check")
		return lessons_check(a);
	if (sub == "build")
		return lessons_build(a);
	if (sub == "list")
		return lessons_list(a);
	if (sub == "play")
		return lessons_play(a);
	if (sub == "show")
		return lessons_show(a);
	if (sub == "import-source")
		return lessons_import(a);
	lessons_usage(sub.empty() || sub == "help" ? stdout : stderr);
	return sub.empty() || sub == "help" ? 0 : 2;
}
