// SPDX-License-Identifier: GPL-2.0-or-later
// Step-to-repaint latency as the user sees it: a timed step is the step action plus delivering the
// events it posted and painting everything it invalidated (synchronously, so the time covers every
// resulting paint). Paint events are counted per dock so a reader can see what was repainted.
#pragma once
#include <QHash>
#include <QList>
#include <QObject>
#include <vector>

class MainWindow;
class QDockWidget;
class QWidget;

class StepBench : public QObject
{
	Q_OBJECT
public:
	explicit StepBench(MainWindow *w);
	~StepBench() override;

	struct Stats {
		std::vector<double> ms;	   // per timed step
		std::vector<double> cpuMs; // the same, in this thread's CPU time (less sensitive to load)
		std::vector<double> actMs; // of ms: the step action (views refreshing), before painting
		std::vector<size_t> steps; // the step each timed step arrived at
		size_t paints = 0;	   // paint events delivered during the timed steps (any widget)
		size_t dockRepaints = 0;   // sum over steps of the docks that got at least one paint event
		size_t visibleDocks = 0;   // docks on screen during the run (not behind another tab)
		double p(double q) const;  // quantile of ms (0.5, 0.99, 1.0)
		double cpuP(double q) const;
		double perStep(size_t x) const { return ms.empty() ? 0 : (double)x / ms.size(); }
	};
	// n timed steps from `start` (forward: step into; reverse: reverse step into from the last step).
	// At the end of the range the cursor jumps back untimed, so every timed step really moves.
	Stats run(size_t start, int n, bool forward);
	// Delivers posted events (layout requests, the window's pending UpdateRequest) and paints what
	// was invalidated, now.
	static void flush();

protected:
	bool eventFilter(QObject *o, QEvent *e) override;

private:
	QDockWidget *dockOf(QWidget *w) const;
	MainWindow *w_;
	QList<QDockWidget *> docks_;
	size_t paints_ = 0;
	std::vector<char> painted_; // by dock index, this step
	bool trace_ = false;
	QHash<QString, int> byWidget_;
};
