// SPDX-License-Identifier: GPL-2.0-or-later
#include "tracecursor.h"

TraceCursor::TraceCursor(QObject *parent) : QObject(parent) {}
TraceCursor::~TraceCursor() = default;

void TraceCursor::setRun(sp::RunResult &&run, const QString &title)
{
	nav_.reset();
	query_.reset();
	index_.reset();
	trace_ = std::move(run.trace);
	wire_ = std::move(run.wire);
	title_ = title;
	step_ = 0;
	if (trace_) {
		index_ = std::make_unique<sp::StateIndex>(*trace_, 2048);
		query_ = std::make_unique<sp::TraceQuery>(*trace_);
		nav_ = std::make_unique<sp::Navigator>(*index_);
		state_ = index_->at(0);
		changed_.assign(trace_->keys().size(), 0);
	}
	emit traceChanged();
	emit stepChanged(0);
}

void TraceCursor::setStep(qulonglong n)
{
	if (!trace_)
		return;
	if (n >= trace_->size())
		n = trace_->size() - 1;
	const auto &d = trace_->deltas();
	for (uint32_t i = trace_->at(step_).delta_begin; i < trace_->delta_end(step_); i++)
		changed_[d[i].key] = 0;
	step_ = n;
	index_->move(state_, n);
	for (uint32_t i = trace_->at(n).delta_begin; i < trace_->delta_end(n); i++)
		changed_[d[i].key] = 1;
	emit stepChanged(n);
}

bool TraceCursor::changedHere(sp::KeyId k) const
{
	return k < changed_.size() && changed_[k];
}

int64_t TraceCursor::previousValue(sp::KeyId k) const
{
	if (!trace_)
		return 0;
	const auto &d = trace_->deltas();
	for (uint32_t i = trace_->at(step_).delta_begin; i < trace_->delta_end(step_); i++)
		if (d[i].key == k)
			return d[i].old_v;
	return state_.value(k);
}

void TraceCursor::continueForward()
{
	if (!nav_)
		return;
	std::string err;
	size_t n = nav_->cont(step_, breakpoints, &err);
	lastError = QString::fromStdString(err);
	if (!err.empty())
		emit message(lastError);
	setStep(n);
}

void TraceCursor::continueBackward()
{
	if (!nav_)
		return;
	std::string err;
	size_t n = nav_->rcont(step_, breakpoints, &err);
	lastError = QString::fromStdString(err);
	if (!err.empty())
		emit message(lastError);
	setStep(n);
}
