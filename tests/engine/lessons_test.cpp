// SPDX-License-Identifier: GPL-2.0-or-later
// The lessons machinery (format, validation, database, kernel-source import, guided lessons) on
// small hand-made inputs, and the project's own lessons/ held to completeness.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "lessons/ann.h"
#include "lessons/catalog.h"
#include "lessons/guided.h"
#include "lessons/source.h"

using namespace sp;
using namespace sp::lessons;
namespace fs = std::filesystem;

namespace
{

fs::path tmpdir(const std::string &name)
{
	fs::path p = fs::temp_directory_path() / ("sendpath-lessons-" + name + "-" + std::to_string(getpid()));
	fs::remove_all(p);
	fs::create_directories(p);
	return p;
}

void write(const fs::path &p, const std::string &text)
{
	fs::create_directories(p.parent_path());
	std::ofstream(p) << text;
}

bool has(const std::vector<std::string> &errs, const std::string &needle)
{
	for (auto &e : errs)
		if (e.find(needle) != std::string::npos)
			return true;
	return false;
}

std::string joined(const std::vector<std::string> &errs)
{
	std::string s;
	for (auto &e : errs)
		s += e + "\n";
	return s;
}

// A minimal, complete catalogue around the engine's real tcp_push (default scenario).
const char *kFn = "function tcp_push\n"
		  "file: net/ipv4/tcp.c\n"
		  "glossary: nagle\n"
		  "en.student: Decides whether to send now.\n"
		  "en.engineer: Marks PSH, may autocork, then\n"
		  "  calls __tcp_push_pending_frames.\n"
		  "  .\n"
		  "  Second paragraph.\n"
		  "ko.student: 지금 보낼지 결정합니다.\n"
		  "ko.engineer: PSH를 표시합니다. [[nagle]]\n"
		  "\n"
		  "anchor tcp_push:push\n"
		  "match: __tcp_push_pending_frames(sk, mss_now, nonagle);\n"
		  "en: Push the queue.\n"
		  "ko: 큐를 밀어냅니다.\n";
const char *kTerm = "term nagle\nname.en: Nagle\nname.ko: 네이글\nen: Holds small segments.\nko: 작은 세그먼트를 붙잡습니다.\n";

} // namespace

TEST(LessonsFormat, ParsesRecordsFieldsAndContinuations)
{
	std::vector<std::string> errs;
	auto recs = parse_ann(kFn, "x.ann", errs);
	ASSERT_TRUE(errs.empty()) << joined(errs);
	ASSERT_EQ(recs.size(), 2u);
	EXPECT_EQ(recs[0].kind, "function");
	EXPECT_EQ(recs[0].name, "tcp_push");
	EXPECT_EQ(recs[0].line, 1);
	EXPECT_EQ(recs[0].value("en.engineer"),
		  "Marks PSH, may autocork, then calls __tcp_push_pending_frames.\n\nSecond paragraph.");
	EXPECT_EQ(recs[1].name, "tcp_push:push");
	EXPECT_EQ(recs[1].line, 12);
}

TEST(LessonsFormat, ReportsEveryMistakeWithFileAndLine)
{
	std::vector<std::string> errs;
	parse_ann("en: before any record\n"
		  "function f\n"
		  "\tfile: tab\n"
		  "no colon here\n"
		  "en.student: a\n"
		  "en.student: twice\n"
		  "anchor\n",
		  "lessons/functions/bad.ann", errs);
	EXPECT_TRUE(has(errs, "lessons/functions/bad.ann:1: field 'en' before any record")) << joined(errs);
	EXPECT_TRUE(has(errs, "bad.ann:3: tab")) << joined(errs);
	EXPECT_TRUE(has(errs, "bad.ann:4: expected 'key: value'")) << joined(errs);
	EXPECT_TRUE(has(errs, "bad.ann:6: field 'en.student' given twice")) << joined(errs);
	EXPECT_TRUE(has(errs, "bad.ann:7: 'anchor' needs a name")) << joined(errs);
}

TEST(LessonsSource, ExtractsTheDefinitionNotAPrototypeOrALongerName)
{
	const std::string c = "static void tcp_push(struct sock *sk);\n"
			      "void __tcp_push(struct sock *sk)\n{\n\tbad();\n}\n"
			      "/* tcp_push(): comment */\n"
			      "void tcp_push(struct sock *sk, int flags,\n"
			      "\t      int mss_now)\n"
			      "{\n"
			      "\tif (!tcp_send_head(sk))\n"
			      "\t\treturn;\n"
			      "\t__tcp_push_pending_frames(sk, mss_now, nonagle);\n"
			      "}\n"
			      "SYSCALL_DEFINE4(send, int, fd)\n{\n\treturn __sys_sendto(fd);\n}\n";
	int first = 0;
	std::string body;
	ASSERT_TRUE(extract_function(c, "tcp_push", "", first, body));
	EXPECT_EQ(first, 7);
	EXPECT_EQ(body.substr(0, 14), "void tcp_push(");
	EXPECT_EQ(body.back(), '\n');
	EXPECT_EQ(locate_line(body, "__tcp_push_pending_frames(sk, mss_now, nonagle);"), 6);
	EXPECT_EQ(locate_line(body, "not there"), 0);
	ASSERT_TRUE(extract_function(c, "__x64_sys_send", "SYSCALL_DEFINE4(send,", first, body));
	EXPECT_EQ(first, 14);
	EXPECT_FALSE(extract_function(c, "tcp_sendmsg", "", first, body));
}

TEST(LessonsCatalog, ValidationNamesMissingTextsUnusedAnchorsAndUnannotatedEvents)
{
	fs::path d = tmpdir("validate");
	std::string fn = kFn;
	const std::string ko = "ko.engineer: PSH를 표시합니다. [[nagle]]\n";
	fn.replace(fn.find(ko), ko.size(), "ko.engineer: [[nope]]\n");
	write(d / "functions" / "t.ann", fn + "anchor tcp_push:gone\nmatch: none\nen: x\nko: y\n");
	write(d / "glossary.ann", kTerm);
	Catalog c;
	std::vector<std::string> errs;
	c.load_dir(d.string(), errs);
	ASSERT_TRUE(errs.empty()) << joined(errs);
	Inventory inv;
	inv.functions = {{"tcp_push", "engine/net/ipv4/tcp.cpp:10"}, {"tcp_write_xmit", "engine/x.cpp:5"}};
	inv.anchors = {{"tcp_push:push", "engine/net/ipv4/tcp.cpp:12"}, {"tcp_push:psh", "engine/net/ipv4/tcp.cpp:11"}};
	c.validate(inv, errs);
	EXPECT_TRUE(has(errs, "lessons/functions/t.ann:1: [[nope]] in ko.engineer is not in glossary.ann")) << joined(errs);
	EXPECT_TRUE(has(errs, "t.ann:16: anchor tcp_push:gone: 'match: none' needs why")) << joined(errs);
	EXPECT_TRUE(has(errs, "t.ann:16: anchor tcp_push:gone: no line event of the engine uses this anchor"));
	EXPECT_TRUE(has(errs, "engine/x.cpp:5: function tcp_write_xmit has no lesson record"));
	EXPECT_TRUE(has(errs, "engine/net/ipv4/tcp.cpp:11: line event tcp_push:psh has no anchor record"));
	EXPECT_EQ(errs.size(), 5u) << joined(errs);
	fs::remove_all(d);
}

TEST(LessonsCatalog, EngineInventoryFindsFunctionsAndAnchorsStaticallyAndInTraces)
{
	std::vector<std::string> errs;
	Inventory stat = scan_engine_sources(SENDPATH_SOURCE_DIR "/engine", errs);
	EXPECT_TRUE(errs.empty()) << joined(errs);
	EXPECT_TRUE(stat.functions.count("tcp_write_xmit"));
	EXPECT_TRUE(stat.functions.count("__x64_sys_sendto")); // SP_FN_NAMED
	EXPECT_TRUE(stat.functions.count("hw"));	       // event pseudo-function
	EXPECT_TRUE(stat.anchors.count("dql_completed:starved")); // SP_LINE( on one line, anchor on the next
	EXPECT_EQ(stat.anchors.count("peer:..."), 0u);		   // a comment, not a call
	Inventory dyn;
	add_builtin_runs(dyn);
	EXPECT_TRUE(dyn.functions.count("ice_tx_map"));
	EXPECT_TRUE(dyn.anchors.count("tcp_write_xmit:head"));
	// Everything the built-in scenarios record is found by the static scan too.
	for (auto &[f, w] : dyn.functions)
		EXPECT_TRUE(stat.functions.count(f)) << f << " seen in " << w;
	for (auto &[a, w] : dyn.anchors)
		EXPECT_TRUE(stat.anchors.count(a)) << a << " seen in " << w;
}

TEST(LessonsCatalog, DatabaseRoundTripKeepsEverything)
{
	fs::path d = tmpdir("db");
	write(d / "functions" / "t.ann", kFn);
	write(d / "glossary.ann", kTerm);
	write(d / "guided" / "01-x.lesson", "lesson 1\ntitle.en: T\ntitle.ko: 티\nintro.en: I\nintro.ko: 아이\n"
					       "scenario: default\nkernel: 6.15\n\ncheckpoint\nbreak: tcp_push\nafter: 2\n"
					       "say.en: S\nsay.ko: 에스\nask: next_value tp.snd_cwnd\nask.en: Q\nask.ko: 큐\n");
	write(d / "notes" / "004.c", "/* header */\n/* @function tcp_push\n * @note 004\n * @path net/ipv4/tcp.c\n"
				     " * @version note says 6.16\n * @license GPL-2.0\n */\nvoid tcp_push(void)\n{\n}\n/* @end */\n");
	Catalog c;
	std::vector<std::string> errs;
	c.load_dir(d.string(), errs);
	ASSERT_TRUE(errs.empty()) << joined(errs);
	std::string err;
	ASSERT_TRUE(c.save_db((d / "l.db").string(), err)) << err;
	Catalog r;
	ASSERT_TRUE(r.load_db((d / "l.db").string(), err)) << err;
	EXPECT_EQ(r.functions.at("tcp_push").text, c.functions.at("tcp_push").text);
	EXPECT_EQ(r.functions.at("tcp_push").glossary, std::vector<std::string>{"nagle"});
	EXPECT_EQ(r.anchors.at("tcp_push:push").match, "__tcp_push_pending_frames(sk, mss_now, nonagle);");
	EXPECT_EQ(r.terms.at("nagle").text.at("ko"), "작은 세그먼트를 붙잡습니다.");
	const GuidedLesson &l = r.lessons.at(1);
	EXPECT_EQ(l.kernel, "6.15");
	ASSERT_EQ(l.checkpoints.size(), 1u);
	EXPECT_EQ(l.checkpoints[0].after, 2);
	EXPECT_EQ(l.checkpoints[0].ask, "next_value");
	EXPECT_EQ(l.checkpoints[0].ask_arg, "tp.snd_cwnd");
	EXPECT_EQ(l.checkpoints[0].text.at("ask.ko"), "큐");
	EXPECT_EQ(r.notes.at("tcp_push").code, "void tcp_push(void)\n{\n}");
	EXPECT_EQ(r.function_text("tcp_push", "zh", "student"), "Decides whether to send now."); // EN fallback
	// A file that is not a lessons database is refused with its name; the old database survives a
	// failed build.
	write(d / "junk.db", "not sqlite");
	EXPECT_FALSE(r.load_db((d / "junk.db").string(), err));
	EXPECT_NE(err.find("junk.db"), std::string::npos);
	EXPECT_FALSE(c.save_db((d / "missing-dir" / "l.db").string(), err));
	EXPECT_TRUE(fs::exists(d / "l.db"));
	fs::remove_all(d);
}

TEST(LessonsSource, ImportsFromADirectoryAndFromAGitTagAndPrefersItOverNotes)
{
	fs::path d = tmpdir("import");
	write(d / "functions" / "t.ann", kFn);
	write(d / "glossary.ann", kTerm);
	write(d / "notes" / "004.c", "/* @function tcp_push\n * @note 004\n * @path net/ipv4/tcp.c\n * @version old\n"
				     " * @license GPL-2.0\n */\nvoid tcp_push(void)\n{\n\t__tcp_push_pending_frames(sk, mss_now, nonagle);\n}\n/* @end */\n");
	Catalog c;
	std::vector<std::string> errs;
	c.load_dir(d.string(), errs);
	ASSERT_TRUE(errs.empty()) << joined(errs);
	// Without an imported tree the notes excerpt is shown, with its anchor line located.
	SourceExcerpt n = resolve_source(c, nullptr, "tcp_push", "6.16");
	EXPECT_EQ(n.origin, "notes");
	EXPECT_EQ(n.anchor_line.at("tcp_push:push"), 3);
	// A tree: Makefile + the file, written here (a stand-in kernel, not Linux code).
	fs::path tree = d / "linux";
	write(tree / "Makefile", "VERSION = 6\n");
	write(tree / "net/ipv4/tcp.c", "int x;\nvoid tcp_push(struct sock *sk)\n{\n\tint nonagle = 0;\n"
				       "\t__tcp_push_pending_frames(sk, mss_now, nonagle);\n}\n");
	UserStore st;
	std::string err;
	ASSERT_TRUE(st.open((d / "user" / "user.db").string(), err)) << err;
	ImportReport rep;
	ASSERT_TRUE(import_kernel_source(c, "6.16", tree.string(), "", st, rep, err)) << err;
	EXPECT_EQ(rep.found, 1);
	EXPECT_EQ(rep.anchors_located, 1);
	SourceExcerpt x = resolve_source(c, &st, "tcp_push", "6.16");
	EXPECT_EQ(x.origin, "tree");
	EXPECT_EQ(x.first_line, 2);
	EXPECT_EQ(x.anchor_line.at("tcp_push:push"), 4);
	EXPECT_NE(x.license.find("GPL-2.0"), std::string::npos);
	EXPECT_EQ(resolve_source(c, &st, "tcp_push", "6.15").origin, "notes"); // not imported for 6.15
	// Bad input names the tree and leaves the store alone.
	EXPECT_FALSE(import_kernel_source(c, "6.16", (d / "nope").string(), "", st, rep, err));
	EXPECT_NE(err.find("nope"), std::string::npos);
	EXPECT_FALSE(import_kernel_source(c, "5.4", tree.string(), "", st, rep, err));
	EXPECT_EQ(st.source_count("6.16"), 1);
	// A git repository read at a tag, as a kernel engineer's tree would be.
	if (system("git --version >/dev/null 2>&1") == 0) {
		std::string g = "cd '" + tree.string() +
				"' && git init -q && git -c user.email=t@t -c user.name=t add -A && git -c "
				"user.email=t@t -c user.name=t commit -qm v && git tag v6.15 && rm net/ipv4/tcp.c";
		ASSERT_EQ(system(g.c_str()), 0);
		ImportReport r2;
		ASSERT_TRUE(import_kernel_source(c, "6.15", tree.string(), "v6.15", st, r2, err)) << err;
		EXPECT_EQ(r2.found, 1);
		EXPECT_EQ(resolve_source(c, &st, "tcp_push", "6.15").origin, "tree");
		EXPECT_FALSE(import_kernel_source(c, "6.15", tree.string(), "v9.9", st, r2, err));
		EXPECT_NE(err.find("v9.9"), std::string::npos);
	}
	fs::remove_all(d);
}

TEST(LessonsGuided, AnswersComeFromTheTraceAndProgressIsKept)
{
	fs::path d = tmpdir("guided");
	write(d / "functions" / "t.ann", kFn);
	write(d / "glossary.ann", kTerm);
	write(d / "guided" / "01.lesson", "lesson 1\ntitle.en: T\ntitle.ko: 티\nintro.en: I\nintro.ko: 아이\n"
					  "scenario: default\n\n"
					  "checkpoint\nbreak: tcp_push\nsay.en: S\nsay.ko: 에스\nask: next_function\n"
					  "ask.en: Q\nask.ko: 큐\n\n"
					  "checkpoint\nbreak: tcp_push:push\nsay.en: S\nsay.ko: 에스\nask: failing_gate\n"
					  "ask.en: Q\nask.ko: 큐\n\n"
					  "checkpoint\nbreak: tcp_write_xmit:head\nsay.en: S\nsay.ko: 에스\nask: next_cwnd\n"
					  "ask.en: Q\nask.ko: 큐\n");
	write(d / "guided" / "02.lesson", "lesson 2\ntitle.en: T\ntitle.ko: 티\nintro.en: I\nintro.ko: 아이\n"
					  "scenario: default\n\ncheckpoint\nbreak: tcp_push\nafter: 99\nsay.en: S\nsay.ko: 에스\n");
	Catalog c;
	std::vector<std::string> errs;
	c.load_dir(d.string(), errs);
	ASSERT_TRUE(errs.empty()) << joined(errs);
	GuidedRun run;
	std::string err;
	ASSERT_TRUE(run.start(c, 1, err)) << err;
	const Trace &t = run.trace();
	const auto &cps = run.checkpoints();
	ASSERT_EQ(cps.size(), 3u);
	EXPECT_EQ(t.str(t.at(cps[0].step).fn), "tcp_push");
	// next_function: the next Enter step's function, among four options.
	const Question &q0 = *cps[0].question;
	size_t k = cps[0].step + 1;
	while (t.at(k).kind != StepKind::Enter)
		k++;
	EXPECT_EQ(q0.answer, t.str(t.at(k).fn));
	EXPECT_EQ(q0.reveal_step, k);
	EXPECT_EQ(q0.options.size(), 4u);
	EXPECT_TRUE(GuidedRun::grade(q0, q0.answer));
	EXPECT_FALSE(GuidedRun::grade(q0, "tcp_write_xmit_nope"));
	// failing_gate: the first blocking gate exit after the checkpoint, or "none".
	const Question &q1 = *cps[1].question;
	bool found = false;
	for (size_t i = cps[1].step + 1; i < t.size() && !found; i++)
		if (t.at(i).kind == StepKind::Exit && gate_blocks(t.str(t.at(i).fn), t.at(i).value)) {
			EXPECT_EQ(q1.answer, t.str(t.at(i).fn));
			found = true;
		}
	if (!found) {
		EXPECT_EQ(q1.answer, "none");
	}
	// next_cwnd: the value tp.snd_cwnd takes at its next change; numbers grade by value.
	const Question &q2 = *cps[2].question;
	EXPECT_TRUE(q2.options.empty());
	int64_t cw = run.index().at(q2.reveal_step).value(run.trace().find_key("tp", "snd_cwnd"));
	EXPECT_EQ(q2.answer, std::to_string(cw));
	EXPECT_TRUE(GuidedRun::grade(q2, " " + q2.answer + " "));
	EXPECT_FALSE(GuidedRun::grade(q2, q2.answer + "x"));
	EXPECT_FALSE(GuidedRun::grade(q2, std::to_string(cw + 1)));
	// A checkpoint that is never reached is an error naming the lesson file and line.
	GuidedRun bad;
	EXPECT_FALSE(bad.start(c, 2, err));
	EXPECT_NE(err.find("lessons/guided/02.lesson:8: break 'tcp_push' is not hit"), std::string::npos) << err;
	EXPECT_FALSE(bad.start(c, 7, err));
	// Progress: the latest answer per checkpoint counts.
	UserStore st;
	ASSERT_TRUE(st.open((d / "user.db").string(), err)) << err;
	ASSERT_TRUE(st.record_answer("ana", 1, 0, "x", "y", false, err));
	ASSERT_TRUE(st.record_answer("ana", 1, 0, "y", "y", true, err));
	ASSERT_TRUE(st.record_answer("ana", 1, 1, "z", "y", false, err));
	ASSERT_TRUE(st.record_answer("ben", 1, 0, "y", "y", true, err));
	auto p = st.progress("ana");
	EXPECT_EQ(p[1].first, 2);
	EXPECT_EQ(p[1].second, 1);
	// A file that is not a database: a message naming it, and the file is left as it was.
	write(d / "notes.txt", std::string(4096, 'x'));
	UserStore bad_store;
	EXPECT_FALSE(bad_store.open((d / "notes.txt").string(), err));
	EXPECT_NE(err.find("notes.txt: not a usable SendPath user database"), std::string::npos) << err;
	EXPECT_EQ(fs::file_size(d / "notes.txt"), 4096u);
	EXPECT_FALSE(bad_store.is_open());
	EXPECT_FALSE(bad_store.record_answer("ana", 1, 0, "x", "y", false, err));
	EXPECT_TRUE(bad_store.progress("ana").empty());
	fs::remove_all(d);
}

// The project's own lessons: every modelled function and line event annotated in English and
// Korean, every anchor used, the glossary closed, and all guided lessons playable.
TEST(LessonsContent, CompleteForEveryModelledFunctionAndAnchor)
{
	Catalog c;
	std::vector<std::string> errs;
	c.load_dir(SENDPATH_SOURCE_DIR "/lessons", errs);
	Inventory inv = scan_engine_sources(SENDPATH_SOURCE_DIR "/engine", errs);
	add_builtin_runs(inv);
	c.validate(inv, errs);
	EXPECT_TRUE(errs.empty()) << errs.size() << " problem(s):\n" << joined(errs);
	Coverage v = c.coverage();
	EXPECT_EQ(v.functions, (int)inv.functions.size());
	EXPECT_EQ(v.ko, v.functions);
	EXPECT_EQ(v.en, v.functions);
	EXPECT_EQ(v.anchors, (int)inv.anchors.size());
	EXPECT_GE(v.lessons, 9);
	EXPECT_GT(v.zh, 0);
}

TEST(LessonsContent, EveryGuidedLessonPlaysWithComputedAnswers)
{
	Catalog c;
	std::vector<std::string> errs;
	c.load_dir(SENDPATH_SOURCE_DIR "/lessons", errs);
	ASSERT_GE(c.lessons.size(), 9u);
	for (auto &[n, l] : c.lessons) {
		GuidedRun run;
		std::string err;
		ASSERT_TRUE(run.start(c, n, err)) << err;
		int questions = 0;
		size_t last = 0;
		for (const CheckpointPlay &p : run.checkpoints()) {
			EXPECT_TRUE(p.reached);
			EXPECT_GE(p.step, last) << l.where << " checkpoint " << p.index + 1 << " goes backwards";
			last = p.step;
			if (p.question) {
				questions++;
				EXPECT_FALSE(p.question->answer.empty());
				EXPECT_GT(p.question->reveal_step, p.step);
				EXPECT_TRUE(GuidedRun::grade(*p.question, p.question->answer));
			}
			EXPECT_FALSE(run.text(p.index, "say", "ko").empty());
		}
		EXPECT_GE(questions, 1) << l.where << ": a lesson needs at least one predict-then-reveal question";
	}
}
