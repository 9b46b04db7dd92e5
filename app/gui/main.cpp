// SPDX-License-Identifier: GPL-2.0-or-later
// sendpath: the desktop step-debugger. Options:
//   --scenario NAME|FILE  --kernel 6.15|6.16  --lang en|ko|zh_CN  --goto-step N
//   --screenshot FILE.png  (render the main window after the other options, save, exit 0)
//   --bench-steps N        (step N times forward and back with all views open; print p50/p99/max
//                           step-to-repaint ms, each step timed until everything it changed is painted)
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <algorithm>
#include <cstdio>

#include <QDockWidget>

#include "lessonstore.h"
#include "mainwindow.h"
#include "stepbench.h"
#include "views/compareview.h"
#include "views/lessonview.h"

int main(int argc, char **argv)
{
	QApplication app(argc, argv);
	QApplication::setApplicationName("SendPath");
	QApplication::setOrganizationName("SendPath");
	QCommandLineParser cl;
	cl.setApplicationDescription("SendPath: step through the Linux TCP transmit path");
	cl.addHelpOption();
	QCommandLineOption scenario("scenario", "Built-in scenario name or scenario file.", "NAME|FILE",
				    "default");
	QCommandLineOption kernel("kernel", "Kernel profile: 6.15 or 6.16.", "VERSION", "");
	QCommandLineOption lang("lang", "Language: en, ko or zh_CN.", "LANG", "en");
	QCommandLineOption gotoStep("goto-step", "Open at step N.", "N");
	QCommandLineOption shot("screenshot", "Save a screenshot of the main window and exit.", "FILE.png");
	QCommandLineOption bench("bench-steps", "Step N times and print step-to-repaint latency.", "N");
	QCommandLineOption lesson("lesson", "Start guided lesson N (its scenario and kernel).", "N");
	QCommandLineOption checkpoint("checkpoint", "With --lesson: go to checkpoint K (1-based).", "K");
	QCommandLineOption bilingual("bilingual", "Show annotations in English and Korean side by side.");
	// Not "--session": QGuiApplication consumes -session for X11 session management.
	QCommandLineOption session("open",
				   "Open a saved session (.sendpath trace, e.g. from sendpath-cli run "
				   "--trace, pkt --trace or vfio send --trace).",
				   "FILE");
	QCommandLineOption compare("compare", "Open compare mode (the scenario on 6.15 and 6.16, aligned).");
	QCommandLineOption difference("difference", "With --compare: select difference N (1-based).", "N");
	cl.addOptions({scenario, kernel, lang, gotoStep, shot, bench, lesson, checkpoint, bilingual, compare,
		       difference, session});
	cl.process(app);

	QString k = cl.value(kernel);
	if (!k.isEmpty() && k != "6.15" && k != "6.16") {
		fprintf(stderr, "sendpath: --kernel must be 6.15 or 6.16\n");
		return 2;
	}
	QString l = cl.value(lang);
	if (l != "en" && l != "ko" && l != "zh_CN") {
		fprintf(stderr, "sendpath: --lang must be en, ko or zh_CN\n");
		return 2;
	}
	MainWindow w;
	w.setLanguage(l);
	QString err;
	if (cl.isSet(session) ? !w.openSession(cl.value(session), &err)
			      : !w.loadScenario(cl.value(scenario), k, &err)) {
		fprintf(stderr, "sendpath: %s\n", err.toUtf8().constData());
		return 2;
	}
	// Open paused at the first step of send() (the first syscall entry), or at --goto-step.
	size_t start = 0;
	const sp::Trace &t = w.cursor()->trace();
	for (size_t i = 0; i < t.size(); i++) {
		const std::string &fn = t.str(t.at(i).fn);
		if (t.at(i).kind == sp::StepKind::Enter &&
		    (fn == "send" || fn == "sendmsg" || fn == "sendto" || fn == "__sys_sendto" ||
		     fn == "__sys_sendmsg")) {
			start = i;
			break;
		}
	}
	if (cl.isSet(gotoStep)) {
		bool ok = false;
		start = cl.value(gotoStep).toULongLong(&ok);
		if (!ok) {
			fprintf(stderr, "sendpath: --goto-step takes a number\n");
			return 2;
		}
	}
	w.cursor()->setStep(start);
	if (cl.isSet(bilingual))
		w.lessons()->setBilingual(true);
	if (cl.isSet(compare)) {
		QString cerr;
		if (!w.showCompare(&cerr)) {
			fprintf(stderr, "sendpath: --compare: %s\n", cerr.toUtf8().constData());
			return 2;
		}
		if (cl.isSet(difference))
			w.compareView()->selectDifference(cl.value(difference).toInt() - 1);
	}
	if (cl.isSet(lesson)) {
		QString lerr;
		if (!w.lessonView()->startLesson(cl.value(lesson).toInt(), &lerr)) {
			fprintf(stderr, "sendpath: --lesson: %s\n", lerr.toUtf8().constData());
			return 2;
		}
		for (int i = 1; i < cl.value(checkpoint).toInt(); i++)
			w.lessonView()->next();
		for (auto *d : w.docks())
			if (d->widget() == w.lessonView())
				d->raise();
	}
	if (!cl.isSet(bench) && !cl.isSet(shot))
		w.restoreLayout();
	w.show();

	if (cl.isSet(bench)) {
		int n = cl.value(bench).toInt();
		QTimer::singleShot(200, [&] {
			// Each timed step covers the step action and every paint it causes
			// (StepBench::flush).
			StepBench b(&w);
			auto report = [](const char *name, const StepBench::Stats &s) {
				printf("%s steps: %zu, step-to-repaint p50 %.3f ms, p99 %.3f ms, max %.3f ms "
				       "(CPU time p50 %.3f, p99 %.3f ms); "
				       "per step %.2f of %zu open docks repainted, %.1f paint events\n",
				       name, s.ms.size(), s.p(0.5), s.p(0.99), s.p(1.0), s.cpuP(0.5),
				       s.cpuP(0.99), s.perStep(s.dockRepaints), s.visibleDocks,
				       s.perStep(s.paints));
			};
			report("forward", b.run(start, n, true));
			report("reverse", b.run(start, n, false));
			// Which view costs what: each dock alone (others hidden), forward steps.
			// SENDPATH_BENCH_ALONE=0 skips these (a profiler run of the two passes above).
			auto docks = w.docks();
			if (qEnvironmentVariable("SENDPATH_BENCH_ALONE") == "0")
				docks.clear();
			for (auto *only : docks) {
				for (auto *d : docks)
					d->setVisible(d == only);
				StepBench::flush();
				StepBench::Stats s = b.run(start, std::min(n, 300), true);
				printf("  %-14s alone: p50 %.3f ms, p99 %.3f ms, max %.3f ms (CPU p50 %.3f, "
				       "p99 %.3f); repainted on %.0f%% of steps\n",
				       only->objectName().toUtf8().constData(), s.p(0.5), s.p(0.99), s.p(1.0),
				       s.cpuP(0.5), s.cpuP(0.99), 100 * s.perStep(s.dockRepaints));
			}
			app.quit();
		});
	} else if (cl.isSet(shot)) {
		QString f = cl.value(shot);
		QTimer::singleShot(400, [&] {
			if (!w.grab().save(f)) {
				fprintf(stderr, "sendpath: cannot write %s\n", f.toUtf8().constData());
				app.exit(2);
				return;
			}
			app.quit();
		});
	}
	return app.exec();
}
