// SPDX-License-Identifier: GPL-2.0-or-later
// The one shared cursor every view follows: the recorded run, the current step, the state at
// that step (moved incrementally, so adjacent steps are cheap), breakpoints and watches.
#pragma once
#include <QObject>
#include <QString>
#include <memory>
#include <vector>

#include "scenario/runner.h"
#include "sim/cursor.h"
#include "sim/query.h"

class LessonStore;

class TraceCursor : public QObject
{
	Q_OBJECT
public:
	explicit TraceCursor(QObject *parent = nullptr);
	~TraceCursor() override;

	// Takes over a finished run (its trace and wire frames).
	void setRun(sp::RunResult &&run, const QString &title);
	bool hasTrace() const { return trace_ != nullptr; }
	const sp::Trace &trace() const { return *trace_; }
	const sp::State &state() const { return state_; }
	const sp::StateIndex &index() const { return *index_; }
	const sp::TraceQuery &query() const { return *query_; }
	const sp::Navigator &nav() const { return *nav_; }
	const std::vector<WireFrame> &wire() const { return wire_; }
	size_t step() const { return step_; }
	size_t count() const { return trace_ ? trace_->size() : 0; }
	QString title() const { return title_; }
	// State at step n-1 (for "what changed at this step" marks).
	int64_t previousValue(sp::KeyId k) const;
	bool changedHere(sp::KeyId k) const;

	// The lessons (annotations, kernel source, glossary) views may show; null when none are loaded.
	LessonStore *lessons = nullptr;
	// "6.15" / "6.16": the kernel the loaded trace was recorded on.
	QString kernel() const { return trace_ ? QString::fromStdString(trace_->meta_get("kernel")) : QString(); }

	std::vector<sp::Breakpoint> breakpoints;
	QString lastError; // e.g. a condition that did not parse

public slots:
	void setStep(qulonglong n);
	void stepInto() { setStep(nav_ ? nav_->step_into(step_) : 0); }
	void stepOver() { setStep(nav_ ? nav_->step_over(step_) : 0); }
	void stepOut() { setStep(nav_ ? nav_->step_out(step_) : 0); }
	void reverseStepInto() { setStep(nav_ ? nav_->rstep_into(step_) : 0); }
	void reverseStepOver() { setStep(nav_ ? nav_->rstep_over(step_) : 0); }
	void reverseStepOut() { setStep(nav_ ? nav_->rstep_out(step_) : 0); }
	void continueForward();
	void continueBackward();
	void home() { setStep(0); }
	void end() { setStep(count() ? count() - 1 : 0); }

signals:
	void traceChanged();
	void stepChanged(qulonglong step);
	void message(const QString &text);
	void breakpointsChanged();

private:
	std::unique_ptr<sp::Trace> trace_;
	std::unique_ptr<sp::StateIndex> index_;
	std::unique_ptr<sp::TraceQuery> query_;
	std::unique_ptr<sp::Navigator> nav_;
	std::vector<WireFrame> wire_;
	sp::State state_;
	size_t step_ = 0;
	QString title_;
	std::vector<char> changed_; // by KeyId: written at the current step
};
