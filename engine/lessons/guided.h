// SPDX-License-Identifier: GPL-2.0-or-later
// Guided lessons: runs a lesson's scenario, finds each checkpoint's step with the debugger's own
// breakpoints, and computes each predict-then-reveal question's answer from the recorded trace.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lessons/catalog.h"
#include "scenario/runner.h"
#include "sim/cursor.h"
#include "sim/query.h"
#include "sim/state.h"

namespace sp::lessons
{

struct Question {
	std::string kind, arg;
	std::string answer;		  // computed from the trace
	std::vector<std::string> options; // multiple choice (empty: free answer, e.g. a number)
	size_t reveal_step = 0;		  // the step that shows the answer
};

struct CheckpointPlay {
	size_t index = 0;
	size_t step = 0;      // where the checkpoint stops
	bool reached = false; // false: the breakpoint never hit (the lesson is then wrong: validation fails)
	std::optional<Question> question;
};

class GuidedRun
{
public:
	// Runs lesson n's scenario on its kernel and places every checkpoint. false + err on failure.
	bool start(const Catalog &c, int n, std::string &err);
	const GuidedLesson &lesson() const { return *lesson_; }
	const std::vector<CheckpointPlay> &checkpoints() const { return plays_; }
	const Trace &trace() const { return *run_.trace; }
	const StateIndex &index() const { return *idx_; }
	// Whether `given` answers q (function names exactly, numbers by value, case-insensitive words).
	static bool grade(const Question &q, const std::string &given);
	// A text in lang with English fallback from the lesson (title/intro) or a checkpoint (say/ask/explain).
	std::string text(const std::string &field, const std::string &lang) const;
	std::string text(size_t cp, const std::string &field, const std::string &lang) const;

private:
	std::optional<Question> ask(const Checkpoint &c, size_t step, std::string &err) const;
	const GuidedLesson *lesson_ = nullptr;
	RunResult run_;
	std::unique_ptr<StateIndex> idx_;
	std::unique_ptr<Navigator> nav_;
	std::unique_ptr<TraceQuery> q_;
	std::vector<CheckpointPlay> plays_;
};

// The functions whose return values stop tcp_write_xmit, with the return value that stops it.
bool gate_blocks(const std::string &fn, int64_t ret);

} // namespace sp::lessons
