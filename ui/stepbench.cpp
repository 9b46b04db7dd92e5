// SPDX-License-Identifier: GPL-2.0-or-later
#include "stepbench.h"

#include "tracecursor.h"
#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QHash>
#include <algorithm>
#include <cstdio>
#include <ctime>

#include "mainwindow.h"

StepBench::StepBench(MainWindow *w) : w_(w), docks_(w->docks())
{
	trace_ = qEnvironmentVariableIsSet("SENDPATH_BENCH_PAINTS");
	painted_.assign(docks_.size(), 0);
	qApp->installEventFilter(this);
}

StepBench::~StepBench()
{
	qApp->removeEventFilter(this);
}

static double quantile(std::vector<double> v, double q)
{
	if (v.empty())
		return 0;
	std::sort(v.begin(), v.end());
	return v[std::min(v.size() - 1, (size_t)(v.size() * q))];
}

double StepBench::Stats::p(double q) const
{
	return quantile(ms, q);
}

double StepBench::Stats::cpuP(double q) const
{
	return quantile(cpuMs, q);
}

static double threadCpuMs()
{
	timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

QDockWidget *StepBench::dockOf(QWidget *w) const
{
	for (; w; w = w->parentWidget())
		if (auto *d = qobject_cast<QDockWidget *>(w))
			return docks_.contains(d) ? d : nullptr;
	return nullptr;
}

bool StepBench::eventFilter(QObject *o, QEvent *e)
{
	if (e->type() == QEvent::Paint && o->isWidgetType()) {
		paints_++;
		if (QDockWidget *d = dockOf(static_cast<QWidget *>(o)))
			painted_[docks_.indexOf(d)] = 1;
		if (trace_) {
			QDockWidget *d = dockOf(static_cast<QWidget *>(o));
			QString k = QString("%1 %2 %3")
					.arg(d ? d->objectName() : "-", o->metaObject()->className(),
					     o->objectName());
			byWidget_[k]++;
		}
	}
	return false;
}

void StepBench::flush()
{
	// Posted events first: layout requests, then the top-level window's UpdateRequest, which paints
	// the dirty region into the backing store and flushes it. Events posted while doing so (a
	// relayout after a label grew) are delivered in a second round.
	for (int i = 0; i < 2; i++) {
		QCoreApplication::sendPostedEvents();
		QCoreApplication::processEvents();
	}
}

StepBench::Stats StepBench::run(size_t start, int n, bool forward)
{
	TraceCursor *c = w_->cursor();
	Stats st;
	for (auto *d : docks_) {
		st.visibleDocks += d->isVisible() && !d->visibleRegion().isEmpty();
	}
	size_t last = c->count() ? c->count() - 1 : 0;
	if (last <= start)
		return st;
	c->setStep(forward ? start : last);
	flush();
	QElapsedTimer et;
	for (int i = 0; i < n; i++) {
		if (forward ? c->step() >= last : c->step() <= start) {
			c->setStep(forward ? start : last); // wrap around, untimed
			flush();
		}
		std::fill(painted_.begin(), painted_.end(), 0);
		size_t before = paints_;
		double cpu0 = threadCpuMs();
		et.start();
		forward ? c->stepInto() : c->reverseStepInto();
		st.actMs.push_back(et.nsecsElapsed() / 1e6);
		flush();
		st.ms.push_back(et.nsecsElapsed() / 1e6);
		st.cpuMs.push_back(threadCpuMs() - cpu0);
		st.steps.push_back(c->step());
		st.paints += paints_ - before;
		st.dockRepaints += std::count(painted_.begin(), painted_.end(), 1);
	}
	if (int k = qEnvironmentVariableIntValue("SENDPATH_BENCH_SLOWEST")) {
		// SENDPATH_BENCH_SLOWEST=K: the K slowest steps, with what the step was.
		std::vector<size_t> order(st.ms.size());
		for (size_t i = 0; i < order.size(); i++)
			order[i] = i;
		std::sort(order.begin(), order.end(),
			  [&](size_t a, size_t b) { return st.ms[a] > st.ms[b]; });
		const sp::Trace &t = c->trace();
		for (size_t i = 0; i < order.size() && i < (size_t)k; i++) {
			const sp::Step &s = t.at(st.steps[order[i]]);
			fprintf(stderr,
				"    %8.3f ms (CPU %8.3f, step action %8.3f)  step %zu kind %d %s %s\n",
				st.ms[order[i]], st.cpuMs[order[i]], st.actMs[order[i]], st.steps[order[i]],
				(int)s.kind, t.str(s.fn).c_str(), t.str(s.anchor).c_str());
		}
	}
	if (trace_) {
		// SENDPATH_BENCH_PAINTS=1: which widgets were painted how often (a diagnosis aid).
		QList<QPair<int, QString>> v;
		for (auto it = byWidget_.begin(); it != byWidget_.end(); ++it)
			v.push_back({it.value(), it.key()});
		std::sort(v.begin(), v.end(), [](auto &a, auto &b) { return a.first > b.first; });
		for (int i = 0; i < v.size() && i < 25; i++)
			fprintf(stderr, "    %6d  %s\n", v[i].first, qPrintable(v[i].second));
		byWidget_.clear();
	}
	return st;
}
