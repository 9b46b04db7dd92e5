// SPDX-License-Identifier: GPL-2.0-or-later
// Compare mode: one scenario run on the 6.15 and the 6.16 profile, the two recordings aligned on
// their call trees (the items of each aligned call — lines, events, child calls — are aligned by
// longest common subsequence, and aligned child calls recursively), and every difference listed:
// one-sided calls and lines, moved calls, return values, traced field writes, syscall results, frag
// ownership, wire frames and NIC ring bytes. Not kernel code.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "scenario/runner.h"

namespace sp
{

enum class DiffKind : uint8_t {
	Call,	 // calls executed in one version only (a run of them, named by its first root call)
	Branch,	 // line anchors reached in one version only inside an aligned call: a different branch
	Order,	 // the same call or line in both versions of an aligned call, at a different position
	Return,	 // an aligned call returns a different value
	Value,	 // the same line anchor with a different value (the numbers the decision used)
	Field,	 // aligned steps write different values to a traced field
	Syscall, // the application sees a different return value / errno
	Frags,	 // skbs end up with frags of a different owner (page_frag, pinned user page, net_iov, ...)
	Wire,	 // different frames on the wire
	Ring,	 // different bytes written to the NIC descriptor ring
};
const char *diff_kind_name(DiffKind k);

struct Difference {
	DiffKind kind;
	std::string function;		      // the call (or syscall, skb, frame) it is about
	int64_t step_615 = -1, step_616 = -1; // first occurrence; -1: no such step in that version
	std::string detail;		      // human-readable, names anchors and values of both versions
	uint32_t count = 1;		      // occurrences coalesced into this entry
	std::string group;		      // coalescing key (kind + what), not shown
};

// One row of the aligned view: a step of 6.15, of 6.16, or of both (-1: none on that side).
struct AlignedRow {
	int64_t s615 = -1, s616 = -1;
	bool differs = false; // one-sided, or the two steps disagree (value, return, written fields)
};

struct CompareOptions {
	size_t max_lcs_cells = 4000000; // larger item lists use a windowed greedy alignment
	size_t window = 256;		// look-ahead of that greedy alignment
	RunOptions run;			// recording is forced on
};

class Comparison
{
public:
	std::string scenario;
	RunResult run615, run616;
	std::vector<AlignedRow> rows; // every step of both traces, in tree (execution) order
	std::vector<Difference> differences;

	const Trace &trace(bool v616) const { return v616 ? *run616.trace : *run615.trace; }
	// The row showing step `step` of one version (rows.size() if none).
	size_t row_of(bool v616, int64_t step) const;
	// The row of the Enter of the call enclosing row r (r itself if it is an Enter; 0: top level).
	size_t call_row(size_t r) const;
	// The aligned direct items (Enter, lines, events, child calls' Enter, Exit) of the call whose
	// Enter is at row r: the "executed lines" of that call in both versions, for a diff pane.
	std::vector<AlignedRow> call_items(size_t r) const;
	// One line describing a step ("tcp_sendmsg_locked()", "tcp_small_queue_check:cap_616 = 1048576 ...").
	std::string step_text(bool v616, int64_t step) const;

	// Filled by the builder.
	std::vector<uint32_t> row615_, row616_;	      // step -> row
	std::vector<uint32_t> parent615_, parent616_; // step -> Enter step of its frame (0: top level)
};

// Runs sc on both profiles (ignoring a pinned kernel) and compares. Never throws on bad input: a
// scenario error is in run615/run616 (.bad_input, .error) and yields no rows.
std::shared_ptr<Comparison> compare_scenario(const Scenario &sc, const CompareOptions &opt = {});
// Compares two recorded runs (both need traces).
std::shared_ptr<Comparison> compare_runs(RunResult r615, RunResult r616, const std::string &scenario,
					 const CompareOptions &opt = {});

} // namespace sp
