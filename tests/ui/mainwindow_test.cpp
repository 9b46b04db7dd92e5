// SPDX-License-Identifier: GPL-2.0-or-later
// The real main window under QT_QPA_PLATFORM=offscreen: debugger actions move every view to the
// engine's state at that step; reverse steps rebuild it; breakpoints and jumps; the language
// switch retranslates; session save/open; a screenshot of every view as a test artifact.
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QtTest>

#include "hw/ring_view.h"
#include "lessonstore.h"
#include "mainwindow.h"
#include "stepbench.h"
#include "views/chartsview.h"
#include "views/compareview.h"
#include "views/headerview.h"
#include "views/lessonview.h"
#include "views/richlabel.h"
#include "views/ringview.h"
#include "views/skbview.h"
#include "views/sockview.h"
#include "views/sourceview.h"
#include "views/stepline.h"
#include "views/timersview.h"
#include <QChartView>
#include <QListWidget>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>

using namespace sp;

class MainWindowTest : public QObject
{
	Q_OBJECT
	MainWindow *w = nullptr;
	QTemporaryDir userDir; // the per-user database (progress, imported source) of this test

	// The first step at or after `from` that is a line event with this anchor.
	size_t stepOfAnchor(const char *anchor, size_t from = 0)
	{
		const Trace &t = w->cursor()->trace();
		for (size_t i = from; i < t.size(); i++)
			if (t.at(i).anchor && t.str(t.at(i).anchor) == anchor)
				return i;
		return SIZE_MAX;
	}

	template <class V> V *view()
	{
		for (auto *d : w->docks())
			if (auto *v = qobject_cast<V *>(d->widget()))
				return v;
		return nullptr;
	}
	// Every view agrees with the engine's recorded state at the cursor.
	void checkViewsMatchEngine()
	{
		TraceCursor *c = w->cursor();
		State fresh = c->index().at(c->step());
		// Socket table: each row's value is the field's value in a freshly rebuilt state.
		auto *sv = view<SockView>();
		auto *table = sv->findChild<QTableWidget *>();
		QVERIFY(table && table->rowCount() > 10);
		for (int r = 0; r < table->rowCount(); r++) {
			KeyId k = table->item(r, 0)->data(Qt::UserRole).toUInt();
			QCOMPARE(table->item(r, 1)->text().toLongLong(), (qlonglong)fresh.value(k));
		}
		// NIC ring view: the same snapshot the CLI computes.
		hw::RingSnapshot expect = hw::ring_snapshot(c->trace(), fresh, "ring0");
		const hw::RingSnapshot &got = view<RingView>()->snapshot();
		QCOMPARE(got.valid, expect.valid);
		QCOMPARE(got.ntu, expect.ntu);
		QCOMPARE(got.ntc, expect.ntc);
		QCOMPARE(got.head, expect.head);
		QCOMPARE(got.tail, expect.tail);
		QCOMPARE(got.descriptors.size(), expect.descriptors.size());
	}

	// What a dock shows, as text: labels, tables (with the marks of changed rows), trees, lists (with
	// the current row), the source text with its highlighted line, the annotation.
	static QStringList contentOf(QWidget *root)
	{
		QStringList out;
		for (QWidget *x : root->findChildren<QWidget *>()) {
			if (auto *l = qobject_cast<QLabel *>(x)) {
				out << "label: " + l->text();
			} else if (auto *r = qobject_cast<RichLabel *>(x)) {
				out << "rich: " + r->text();
			} else if (auto *sl = qobject_cast<StepLine *>(x)) {
				out << "line: " + sl->text();
			} else if (auto *t = qobject_cast<QTableWidget *>(x)) {
				for (int i = 0; i < t->rowCount(); i++)
					for (int j = 0; j < t->columnCount(); j++)
						if (auto *it = t->item(i, j))
							out << QString("cell %1,%2: %3 bg %4 fg %5")
								   .arg(i)
								   .arg(j)
								   .arg(it->text(),
									it->background().color().name(
									    QColor::HexArgb),
									it->foreground().color().name(
									    QColor::HexArgb));
			} else if (auto *tr = qobject_cast<QTreeWidget *>(x)) {
				for (QTreeWidgetItemIterator it(tr); *it; ++it)
					out << "tree: " + (*it)->text(0) + " = " + (*it)->text(1);
			} else if (auto *lw = qobject_cast<QListWidget *>(x)) {
				// The source view keeps recent frames listed, one page each: the shown one.
				auto *stack = qobject_cast<QStackedWidget *>(lw->parentWidget());
				if (stack && stack->currentWidget() != lw)
					continue;
				for (int i = 0; i < lw->count(); i++)
					out << "list: " + lw->item(i)->text();
				out << QString("list current %1").arg(lw->currentRow());
			} else if (auto *e = qobject_cast<QPlainTextEdit *>(x)) {
				// The source view keeps recent sources in their own editors: the shown one.
				auto *stack = qobject_cast<QStackedWidget *>(e->parentWidget());
				if (stack && stack->currentWidget() != e)
					continue;
				out << "source: " + e->toPlainText();
				for (auto &sel : e->extraSelections())
					out << QString("highlight %1").arg(sel.cursor.blockNumber());
			} else if (auto *b = qobject_cast<QTextBrowser *>(x)) {
				// The source view keeps recent annotations laid out, one page each: the shown
				// one.
				auto *stack = qobject_cast<QStackedWidget *>(b->parentWidget());
				if (!stack || stack->currentWidget() == b)
					out << "note: " + b->toPlainText();
			}
		}
		return out;
	}

	// Views that skipped their update on a step must show what a window that jumped straight to the
	// step shows: the text of every dock, and the pixels of the views that paint themselves.
	void compareWithJump(MainWindow *other, size_t step)
	{
		other->cursor()->setStep(0);
		other->cursor()->setStep(step);
		QCOMPARE(w->cursor()->step(), step);
		for (int i = 0; i < w->docks().size(); i++) {
			QWidget *a = w->docks()[i]->widget(), *b = other->docks()[i]->widget();
			if (qobject_cast<LessonView *>(a))
				continue; // shows the lesson being played, not the step
			QStringList ca = contentOf(a), cb = contentOf(b);
			while (ca.size() < cb.size())
				ca << "(nothing)";
			while (cb.size() < ca.size())
				cb << "(nothing)";
			for (int k = 0; k < ca.size(); k++)
				if (ca[k] != cb[k])
					QFAIL(qPrintable(
					    QString("step %1, %2: stepped shows \"%3\", fresh shows \"%4\"")
						.arg(step)
						.arg(w->docks()[i]->objectName(), ca[k].left(300),
						     cb[k].left(300))));
		}
		auto same = [&](QWidget *a, QWidget *b) {
			QVERIFY2(a->size() == b->size(),
				 qPrintable(a->objectName() + ": the windows differ in layout"));
			if (a->grab().toImage() != b->grab().toImage()) {
				a->grab().save(QString(SENDPATH_ARTIFACTS) + "/stepped-" + a->objectName() +
					       ".png");
				b->grab().save(QString(SENDPATH_ARTIFACTS) + "/fresh-" + b->objectName() +
					       ".png");
				QFAIL(qPrintable(
				    QString("step %1: %2 differs").arg(step).arg(a->objectName())));
			}
		};
		auto find = [](MainWindow *m, auto *type) {
			using V = std::remove_pointer_t<decltype(type)>;
			for (auto *d : m->docks())
				if (auto *v = qobject_cast<V *>(d->widget()))
					return v;
			return (V *)nullptr;
		};
		same(find(w, (SkbView *)nullptr), find(other, (SkbView *)nullptr));
		same(find(w, (RingView *)nullptr), find(other, (RingView *)nullptr));
		same(find(w, (TimersView *)nullptr), find(other, (TimersView *)nullptr));
		same(find(w, (SockView *)nullptr)->findChild<SeqBar *>(),
		     find(other, (SockView *)nullptr)->findChild<SeqBar *>());
		auto *ca = find(w, (ChartsView *)nullptr), *cb = find(other, (ChartsView *)nullptr);
		QCOMPARE(ca->cursorTime(), cb->cursorTime());
		QCOMPARE(ca->cursorTime(), w->cursor()->trace().at(step).time_ns / 1000.0);
		same(ca->findChild<QChartView *>(), cb->findChild<QChartView *>());
	}

private slots:
	void initTestCase()
	{
		QDir().mkpath(SENDPATH_ARTIFACTS);
		qputenv("SENDPATH_USER_DB", userDir.filePath("user.db").toUtf8());
		w = new MainWindow;
		QVERIFY2(w->lessons()->loaded(), "the lessons database next to the binary was not loaded");
		QString err;
		QVERIFY2(w->loadScenario("default", "6.16", &err), qPrintable(err));
		w->show();
		QVERIFY(QTest::qWaitForWindowExposed(w));
	}
	void cleanupTestCase() { delete w; }

	void stepsMoveEveryView()
	{
		TraceCursor *c = w->cursor();
		c->setStep(0);
		for (int i = 0; i < 40; i++)
			c->stepInto();
		QCOMPARE(c->step(), (size_t)40);
		checkViewsMatchEngine();
		size_t before = c->step();
		c->stepOver();
		QVERIFY(c->step() > before);
		checkViewsMatchEngine();
		c->stepOut();
		checkViewsMatchEngine();
	}

	void reverseStepsRebuildTheState()
	{
		TraceCursor *c = w->cursor();
		c->setStep(600);
		std::vector<int64_t> at600(c->trace().keys().size());
		for (KeyId k = 1; k < at600.size(); k++)
			at600[k] = c->state().value(k);
		for (int i = 0; i < 25; i++)
			c->stepInto();
		for (int i = 0; i < 25; i++)
			c->reverseStepInto();
		QCOMPARE(c->step(), (size_t)600);
		for (KeyId k = 1; k < at600.size(); k++)
			QCOMPARE(c->state().value(k), at600[k]);
		checkViewsMatchEngine();
		c->reverseStepOver();
		checkViewsMatchEngine();
		c->reverseStepOut();
		checkViewsMatchEngine();
	}

	// The views skip work on steps that change nothing they show (issue 4): stepping forward and
	// back, every dock must still show exactly what a window that jumped to that step shows.
	void steppedViewsMatchAFreshWindow()
	{
#define COMPARE_WITH_JUMP(step)                                                                              \
	do {                                                                                                 \
		compareWithJump(&other, step);                                                               \
		if (QTest::currentTestFailed())                                                              \
			return;                                                                              \
	} while (0)
		QString err;
		QVERIFY(w->loadScenario("default", "6.16", &err));
		MainWindow other;
		QVERIFY(other.loadScenario("default", "6.16", &err));
		other.resize(w->size());
		other.show();
		QVERIFY(QTest::qWaitForWindowExposed(&other));
		TraceCursor *c = w->cursor();
		c->setStep(0);
		size_t n = c->count();
		// Forward through connect, send and the driver; back again; over and out of calls.
		for (size_t i = 1; i < std::min<size_t>(n, 900); i++) {
			c->stepInto();
			if (i % 61 == 0 || i == 899)
				COMPARE_WITH_JUMP(c->step());
		}
		for (int i = 0; i < 400; i++) {
			c->reverseStepInto();
			if (i % 53 == 0)
				COMPARE_WITH_JUMP(c->step());
		}
		c->stepOver();
		COMPARE_WITH_JUMP(c->step());
		c->stepOut();
		COMPARE_WITH_JUMP(c->step());
		c->reverseStepOut();
		COMPARE_WITH_JUMP(c->step());
		c->setStep(n - 1);
		for (int i = 0; i < 120; i++)
			c->reverseStepInto();
		COMPARE_WITH_JUMP(c->step());
		// The bench measures real work: every timed step moves and repaints something.
		StepBench b(w);
		StepBench::Stats st = b.run(c->step() > 50 ? c->step() - 50 : 0, 40, true);
		QCOMPARE(st.ms.size(), (size_t)40);
		QVERIFY(st.paints >= st.ms.size());
		QVERIFY(st.dockRepaints > 0);
	}

	void breakpointsAndJumps()
	{
		TraceCursor *c = w->cursor();
		c->setStep(0);
		c->breakpoints = {{Breakpoint::Function, "ice_tx_map", true}};
		c->continueForward();
		const Step &s = c->trace().at(c->step());
		QCOMPARE(QString::fromStdString(c->trace().str(s.fn)), QString("ice_tx_map"));
		QCOMPARE((int)s.kind, (int)StepKind::Enter);
		checkViewsMatchEngine();
		// A condition on the ring: the first step where fewer than 255 slots are free.
		c->breakpoints = {{Breakpoint::Cond, "ring0.free < 255", true}};
		c->setStep(0);
		c->continueForward();
		QVERIFY(c->query().value(c->state(), "ring0", "free") < 255);
		QVERIFY(c->index().at(c->step() - 1).value(c->query().key_at("ring0", "free", c->step())) >=
			255);
		// A breakpoint on a source line (anchor), set through the source view's gutter.
		c->breakpoints.clear();
		c->setStep(0);
		size_t line = SIZE_MAX;
		for (size_t i = 0; i < c->count(); i++)
			if (c->trace().str(c->trace().at(i).anchor) == "tcp_cwnd_test:quota") {
				line = i;
				break;
			}
		QVERIFY(line != SIZE_MAX);
		view<SourceView>()->toggleBreakpointAt(line);
		QCOMPARE(c->breakpoints.size(), (size_t)1);
		c->continueForward();
		QCOMPARE(c->step(), line);
		view<SourceView>()->toggleBreakpointAt(line);
		QVERIFY(c->breakpoints.empty());
		c->setStep(123);
		QCOMPARE(c->step(), (size_t)123);
		checkViewsMatchEngine();
	}

	void headerBytesNameTheirWriter()
	{
		TraceCursor *c = w->cursor();
		c->breakpoints = {{Breakpoint::Function, "ice_tx_map", true}};
		c->setStep(0);
		c->continueForward();
		c->breakpoints.clear();
		auto *hv = view<HeaderView>();
		// The skb reaching the driver has its TCP header written by __tcp_transmit_skb.
		std::string skb = c->query().current_skb(c->step());
		QVERIFY(!skb.empty());
		std::string head = c->query().head_owner(c->state(), skb);
		int64_t th = c->query().value(c->state(), head == skb ? skb : skb, "transport_header");
		auto who = hv->writerOf((uint32_t)th);
		QVERIFY(who.has_value());
		QCOMPARE(QString::fromStdString(c->trace().str(c->trace().at(*who).fn)),
			 QString("__tcp_transmit_skb"));
	}

	void languageSwitchRetranslates()
	{
		QString en = w->windowTitle();
		QString dockEn = w->docks()[0]->windowTitle();
		auto saved = w->cursor()->breakpoints;
		w->cursor()->breakpoints.clear();
		emit w->cursor()->breakpointsChanged(); // the list shows its hint
		w->setLanguage("ko");
		QVERIFY(w->windowTitle() != en);
		QVERIFY(w->docks()[0]->windowTitle() != dockEn);
		QVERIFY(w->findChild<QMenuBar *>()->actions()[0]->text() != "&File");
		// Texts set once (the breakpoint list's hint) and per step (the step lines) follow too.
		QString src = contentOf(w->sourceView()).join('\n');
		QVERIFY2(src.contains("list: 중단점 없음"), qPrintable(src.left(2000)));
		QVERIFY2(src.contains(QString("line: 스텝 %1").arg(w->cursor()->step())),
			 qPrintable(src.left(2000)));
		w->grab().save(QString(SENDPATH_ARTIFACTS) + "/main-ko.png");
		w->setLanguage("zh_CN");
		QVERIFY(w->windowTitle() != en);
		w->setLanguage("en");
		QCOMPARE(w->windowTitle(), en);
		QCOMPARE(w->docks()[0]->windowTitle(), dockEn);
		QVERIFY(contentOf(w->sourceView()).join('\n').contains("list: No breakpoints"));
		w->cursor()->breakpoints = saved;
		emit w->cursor()->breakpointsChanged();
	}

	void sessionSaveOpenRoundTrip()
	{
		QTemporaryDir dir;
		QString path = dir.filePath("s.sendpath"), err;
		size_t n = w->cursor()->count();
		QVERIFY2(w->saveSession(path, &err), qPrintable(err));
		QVERIFY2(w->openSession(path, &err), qPrintable(err));
		QCOMPARE(w->cursor()->count(), n);
		w->cursor()->setStep(n / 2);
		checkViewsMatchEngine();
		QFile junk(dir.filePath("junk.sendpath"));
		QVERIFY(junk.open(QIODevice::WriteOnly));
		junk.write("this is not a trace");
		junk.close();
		QVERIFY(!w->openSession(junk.fileName(), &err));
		QVERIFY(err.contains("junk.sendpath"));
		QCOMPARE(w->cursor()->count(), n); // the open session is untouched
		QVERIFY(w->loadScenario("default", "6.16", &err));
	}

	// The source pane shows the function's kernel source (here: quoted in the notes) with the
	// anchor's line highlighted, and the annotation follows language, depth and the bilingual toggle.
	void sourcePaneShowsSourceAndAnnotation()
	{
		QString err;
		QVERIFY(w->loadScenario("default", "6.16", &err));
		size_t n = stepOfAnchor("ice_tx_map:desc");
		QVERIFY(n != SIZE_MAX);
		w->cursor()->setStep(n);
		SourceView *sv = w->sourceView();
		const auto &cat = w->lessons()->catalog();
		const auto &a = cat.anchors.at("ice_tx_map:desc");
		QVERIFY(!sv->sourceOrigin().isEmpty());
		int line = sv->currentSourceLine();
		QVERIFY(line > 0);
		QString shown = sv->sourceText().split('\n').value(line - 1);
		QVERIFY2(shown.contains(QString::fromStdString(a.match)), qPrintable(shown));
		QString en = QString::fromStdString(a.text.at("en")).left(30);
		QVERIFY2(sv->annotationText().contains(en.split('`').first().split('[').first()),
			 qPrintable(sv->annotationText()));
		w->setLanguage("ko");
		QString ko = QString::fromStdString(a.text.at("ko")).left(12);
		QVERIFY2(sv->annotationText().contains(ko.split('`').first().split('[').first()),
			 qPrintable(sv->annotationText()));
		w->lessons()->setBilingual(true);
		QVERIFY(sv->annotationText().contains(ko.split('`').first().split('[').first()));
		QVERIFY(sv->annotationText().contains(en.split('`').first().split('[').first()));
		w->lessons()->setDepth("engineer");
		QString eng =
		    QString::fromStdString(cat.function_text("ice_tx_map", "ko", "engineer")).left(10);
		QVERIFY(sv->annotationText().contains(eng.split('`').first().split('[').first()));
		sv->grab().save(QString(SENDPATH_ARTIFACTS) + "/source-bilingual.png");
		w->lessons()->setBilingual(false);
		w->lessons()->setDepth("student");
		w->setLanguage("en");
	}

	// Source imported from a kernel tree wins over the notes; run to cursor continues to the line
	// under the text cursor.
	void importedSourceAndRunToCursor()
	{
		QString err;
		QVERIFY(w->loadScenario("default", "6.16", &err));
		const auto &cat = w->lessons()->catalog();
		const std::string match = cat.anchors.at("tcp_push:push").match;
		// A stand-in tree (written here, not Linux code): only tcp_push, with the anchor's line.
		QTemporaryDir tree;
		QDir().mkpath(tree.filePath("net/ipv4"));
		QFile mk(tree.filePath("Makefile"));
		QVERIFY(mk.open(QIODevice::WriteOnly));
		mk.close();
		QFile f(tree.filePath("net/ipv4/tcp.c"));
		QVERIFY(f.open(QIODevice::WriteOnly));
		f.write(("void tcp_push(struct sock *sk, int flags, int mss_now,\n\t      int nonagle, int "
			 "size_goal)\n{\n"
			 "\tstruct sk_buff *skb;\n\n\t" +
			 match + "\n}\n")
			    .c_str());
		f.close();
		QString summary;
		QVERIFY2(w->lessons()->importSource("6.16", tree.path(), "", &summary), qPrintable(summary));
		QVERIFY2(summary.contains("Imported 1 of"), qPrintable(summary));
		size_t enter = 0;
		const Trace &t = w->cursor()->trace();
		while (!(t.at(enter).kind == StepKind::Enter && t.str(t.at(enter).fn) == "tcp_push"))
			enter++;
		w->cursor()->setStep(enter);
		SourceView *sv = w->sourceView();
		QCOMPARE(sv->sourceOrigin(), QString("tree"));
		QVERIFY(sv->sourceText().contains(QString::fromStdString(match)));
		// Put the text cursor on the anchor's line, then run to cursor.
		QPlainTextEdit *edit = nullptr; // the shown editor (recent sources keep their own)
		for (auto *e : sv->findChildren<QPlainTextEdit *>())
			if (auto *st = qobject_cast<QStackedWidget *>(e->parentWidget());
			    st && st->currentWidget() == e)
				edit = e;
		QVERIFY(edit);
		QTextCursor tc(edit->document()->findBlockByNumber(5));
		edit->setTextCursor(tc);
		QVERIFY(sv->runToCursor());
		QCOMPARE((size_t)w->cursor()->step(), stepOfAnchor("tcp_push:push", enter));
		QCOMPARE(sv->currentSourceLine(), 6);
	}

	// A guided lesson: checkpoints move the shared cursor, answers are graded against the trace,
	// the reveal jumps to the answering step, and progress is kept.
	void guidedLessonPlays()
	{
		LessonView *lv = w->lessonView();
		QString err;
		QVERIFY2(lv->startLesson(1, &err), qPrintable(err));
		const auto *run = lv->run();
		QVERIFY(run);
		QCOMPARE((size_t)w->cursor()->step(), run->checkpoints()[0].step);
		QCOMPARE(w->cursor()->count(), run->trace().size());
		const auto &q = *run->checkpoints()[0].question;
		QVERIFY(lv->answer(QString::fromStdString(q.answer)));
		QCOMPARE((size_t)w->cursor()->step(), q.reveal_step);
		QVERIFY(lv->next());
		QCOMPARE(lv->checkpoint(), 1);
		QVERIFY(lv->next());
		const auto &q3 = *run->checkpoints()[2].question;
		QString wrong;
		for (auto &o : q3.options)
			if (o != q3.answer)
				wrong = QString::fromStdString(o);
		QVERIFY(!lv->answer(wrong));
		auto prog = w->lessons()->user()->progress("default");
		QCOMPARE(prog[1].first, 2);
		QCOMPARE(prog[1].second, 1);
		for (auto *d : w->docks())
			if (d->widget() == lv)
				d->raise();
		QApplication::processEvents();
		lv->grab().save(QString(SENDPATH_ARTIFACTS) + "/lesson.png");
		QVERIFY(w->loadScenario("default", "6.16", &err));
	}

	// Compare mode: the dock lists the differences; selecting one moves the main cursor to that
	// step of the loaded kernel's run.
	void compareModeDrivesTheCursor()
	{
		QString err;
		QVERIFY(w->loadScenario("compare-cmsg-eperm", "6.16", &err));
		QVERIFY2(w->showCompare(&err), qPrintable(err));
		CompareView *cv = w->compareView();
		QVERIFY(cv && cv->comparison());
		QVERIFY(cv->differenceList()->count() > 0);
		QSignalSpy spy(cv, &CompareView::stepsSelected);
		cv->selectDifference(0);
		QVERIFY(spy.count() >= 1);
		qulonglong s616 = spy.last().at(1).toULongLong();
		QVERIFY(s616 != CompareView::NoStep);
		QCOMPARE((qulonglong)w->cursor()->step(), s616);
		// The side-by-side cursors follow the same row in each version.
		QCOMPARE((qulonglong)w->compareCursor(true)->step(), s616);
		qulonglong s615 = spy.last().at(0).toULongLong();
		if (s615 != CompareView::NoStep)
			QCOMPARE((qulonglong)w->compareCursor(false)->step(), s615);
		QCOMPARE(w->compareCursor(false)->kernel(), QString("6.15"));
		w->grab().save(QString(SENDPATH_ARTIFACTS) + "/compare-main.png");
		QVERIFY(w->loadScenario("default", "6.16", &err));
	}

	void screenshotOfEveryView()
	{
		w->cursor()->setStep(0);
		w->cursor()->breakpoints = {{Breakpoint::Function, "ice_tx_map", true}};
		w->cursor()->continueForward();
		w->cursor()->breakpoints.clear();
		for (int i = 0; i < 30; i++)
			w->cursor()->stepInto();
		for (auto *d : w->docks()) {
			d->raise();
			QApplication::processEvents();
			QImage img = d->widget()->grab().toImage();
			QVERIFY(!img.isNull());
			QVERIFY(img.save(QString(SENDPATH_ARTIFACTS) + "/" + d->objectName() + ".png"));
		}
		QVERIFY(w->grab().save(QString(SENDPATH_ARTIFACTS) + "/main.png"));
	}
};

QTEST_MAIN(MainWindowTest)
#include "mainwindow_test.moc"
