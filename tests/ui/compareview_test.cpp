// SPDX-License-Identifier: GPL-2.0-or-later
// The compare view on a real comparison (compare-cmsg-eperm): clicking a difference moves both
// step lists to the aligned row of that difference, the call diff pane shows the call, and the
// steps reported by stepsSelected are the difference's steps. Saves a screenshot artifact.
#include <QDir>
#include <QListView>
#include <QListWidget>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

#include "views/compareview.h"

using namespace sp;

class CompareViewTest : public QObject
{
	Q_OBJECT
	CompareView *v = nullptr;
	std::shared_ptr<Comparison> c;

	// Index of the first difference of this kind whose detail contains `what`.
	int findDiff(DiffKind k, const std::string &what)
	{
		for (size_t i = 0; i < c->differences.size(); i++)
			if (c->differences[i].kind == k &&
			    c->differences[i].detail.find(what) != std::string::npos)
				return (int)i;
		return -1;
	}

private slots:
	void initTestCase()
	{
		std::string err;
		auto sc = load_scenario("compare-cmsg-eperm", err);
		QVERIFY2(sc.has_value(), err.c_str());
		c = compare_scenario(*sc);
		QVERIFY(!c->rows.empty());
		v = new CompareView;
		v->resize(1500, 900);
		v->setComparison(c);
		v->show();
		QVERIFY(QTest::qWaitForWindowExposed(v));
		QCOMPARE(v->differenceList()->count(), (int)c->differences.size());
	}

	void clickDifferenceMovesBothPanes()
	{
		// The deferred -EPERM of 6.16 against the late -EINVAL of 6.15: a two-sided difference.
		int i = findDiff(DiffKind::Branch, "tcp_sendmsg_locked:sockc_err");
		QVERIFY(i >= 0);
		const Difference &d = c->differences[(size_t)i];
		QVERIFY(d.step_615 >= 0 && d.step_616 >= 0);
		QSignalSpy spy(v, &CompareView::stepsSelected);
		QListWidget *list = v->differenceList();
		list->scrollToItem(list->item(i));
		QRect rect = list->visualItemRect(list->item(i));
		QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center());
		QCOMPARE(list->currentRow(), i);

		size_t r = std::min(c->row_of(false, d.step_615), c->row_of(true, d.step_616));
		QVERIFY(r < c->rows.size());
		QCOMPARE(v->currentRow(), r);
		// Both panes moved to that row and show it.
		for (QListView *p : {v->pane615(), v->pane616()}) {
			QCOMPARE(p->currentIndex().row(), (int)r);
			QVERIFY(p->viewport()->rect().intersects(p->visualRect(p->currentIndex())));
		}
		QCOMPARE(v->pane615()->verticalScrollBar()->value(),
			 v->pane616()->verticalScrollBar()->value());
		QVERIFY(v->pane615()->verticalScrollBar()->value() > 0); // it really scrolled (row ~480)
		// The row holds one of the difference's steps; stepsSelected reports that row's steps.
		const AlignedRow &ar = c->rows[r];
		QVERIFY(ar.s615 == d.step_615 || ar.s616 == d.step_616);
		QVERIFY(!spy.isEmpty());
		auto steps = [](int64_t s) { return s < 0 ? CompareView::NoStep : (qulonglong)s; };
		QCOMPARE(spy.last().at(0).toULongLong(), steps(ar.s615));
		QCOMPARE(spy.last().at(1).toULongLong(), steps(ar.s616));

		// Call diff pane: tcp_sendmsg_locked's items, with the 6.16-only sockc_err line highlighted.
		QTableWidget *t = v->callDiff();
		QVERIFY(t->rowCount() > 3);
		bool found616 = false;
		for (int row = 0; row < t->rowCount(); row++)
			if (t->item(row, 1)->text().contains(
				QStringLiteral("tcp_sendmsg_locked:sockc_err"))) {
				found616 = true;
				QVERIFY(t->item(row, 0)->text().isEmpty()); // one-sided
				QCOMPARE(t->item(row, 1)->background().color(), QColor(212, 248, 212));
			}
		QVERIFY(found616);

		// Scrolling one pane scrolls the other.
		v->pane616()->verticalScrollBar()->setValue(10);
		QCOMPARE(v->pane615()->verticalScrollBar()->value(), 10);
	}

	void screenshot()
	{
		int i = findDiff(DiffKind::Branch, "tcp_sendmsg_locked:sockc_err");
		v->selectDifference(i);
		QApplication::processEvents();
		QDir().mkpath(QString(SENDPATH_ARTIFACTS));
		QVERIFY(v->grab().save(QString(SENDPATH_ARTIFACTS) + "/compare.png"));
	}

	void cleanupTestCase() { delete v; }
};

QTEST_MAIN(CompareViewTest)
#include "compareview_test.moc"
