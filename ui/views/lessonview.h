// SPDX-License-Identifier: GPL-2.0-or-later
// Guided lessons: pick a lesson, and the app loads its scenario; "Next" moves the shared cursor to
// each checkpoint with its narration; predict-then-reveal questions are graded against answers the
// engine computed from the trace (sp::lessons::GuidedRun), and progress is kept per user in SQLite.
#pragma once
#include <memory>

#include "cursorview.h"
#include "lessons/guided.h"

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTextBrowser;
class QVBoxLayout;
class QGroupBox;

class LessonView : public CursorView
{
	Q_OBJECT
public:
	explicit LessonView(TraceCursor *c, QWidget *parent = nullptr);
	QString title() const override { return tr("Guided lessons"); }
	// Starts lesson n: asks the window to load its scenario, then stops at its first checkpoint.
	bool startLesson(int n, QString *err = nullptr);
	// Moves to the next checkpoint (false at the end).
	bool next();
	// Grades an answer to the current question (an option text, its 1-based number, or a number).
	bool answer(const QString &given);
	int checkpoint() const { return cp_; }
	const sp::lessons::GuidedRun *run() const { return run_.get(); }
	QString user() const { return user_; }
	void setUser(const QString &u) { user_ = u; }

signals:
	// The window loads the scenario on the kernel and shows it (MainWindow::loadScenario).
	void loadScenarioRequested(const QString &scenario, const QString &kernel);

protected:
	void refresh() override;
	void retranslate() override;

private:
	void fillLessons();
	void showCheckpoint();
	QString lang() const;
	QComboBox *pick_;
	QPushButton *start_, *next_, *check_;
	QTextBrowser *text_;
	QGroupBox *question_;
	QVBoxLayout *options_;
	QButtonGroup *group_;
	QLineEdit *free_;
	QLabel *result_, *progress_;
	std::unique_ptr<sp::lessons::GuidedRun> run_;
	int cp_ = -1;
	bool answered_ = false;
	QString user_ = "default";
};
