// SPDX-License-Identifier: GPL-2.0-or-later
// The debugger shell: docks over one TraceCursor, debugger keys, pickers, session files.
#pragma once
#include <QMainWindow>
#include <QTranslator>

#include "tracecursor.h"

class LessonStore;
class LessonView;
class SourceView;

class QComboBox;
class QSlider;
class QLabel;
class QTimer;
class QSpinBox;
class QDockWidget;
class QAction;

class MainWindow : public QMainWindow
{
	Q_OBJECT
public:
	explicit MainWindow(QWidget *parent = nullptr);
	~MainWindow() override;

	TraceCursor *cursor() { return cursor_; }
	// Runs a scenario (built-in name or file) on a kernel and shows it. Returns false with a message.
	bool loadScenario(const QString &nameOrPath, const QString &kernel, QString *err = nullptr);
	bool openSession(const QString &path, QString *err = nullptr);
	bool saveSession(const QString &path, QString *err = nullptr);
	bool exportPcap(const QString &path, QString *err = nullptr);
	void setLanguage(const QString &lang); // "en", "ko", "zh_CN"
	QString language() const { return lang_; }
	QList<QDockWidget *> docks() const { return docks_; }
	void setFontScale(double f);
	void setDarkTheme(bool dark);
	// Restore the dock layout saved by the last interactive session, and save it again on close.
	// Screenshots, benchmarks and tests use the default layout and leave the saved one alone.
	void restoreLayout();
	LessonStore *lessons() { return lessons_; }
	LessonView *lessonView() { return lessonView_; }
	SourceView *sourceView() { return sourceView_; }

protected:
	void changeEvent(QEvent *e) override;
	void closeEvent(QCloseEvent *e) override;

private:
	void buildActions();
	void buildToolbar();
	void buildDocks();
	void retranslate();
	void updateStatus();
	void addBreakpointDialog();
	void showKeys();
	void showAbout();
	void exportViewImage();
	void importKernelSourceDialog();

public:
	// Compare mode: runs the current scenario on 6.15 and 6.16 and shows the aligned differences in a
	// dock; selecting a row moves the main cursor to that step of the loaded kernel's run.
	bool showCompare(QString *err = nullptr);
	class CompareView *compareView() { return compareView_; }
	TraceCursor *compareCursor(bool v616) { return side_[v616 ? 1 : 0]; }

private:
	TraceCursor *cursor_;
	LessonStore *lessons_ = nullptr;
	LessonView *lessonView_ = nullptr;
	SourceView *sourceView_ = nullptr;
	class CompareView *compareView_ = nullptr;
	QDockWidget *compareDock_ = nullptr, *compareSidesDock_ = nullptr;
	TraceCursor *side_[2] = {nullptr, nullptr}; // compare mode: the 6.15 and 6.16 runs
	QTranslator translator_;
	QString lang_ = "en";
	QString kernel_ = "6.16";
	QString scenario_ = "default";
	QList<QDockWidget *> docks_;
	QComboBox *scenarioBox_ = nullptr, *kernelBox_ = nullptr, *langBox_ = nullptr;
	QSlider *scrubber_ = nullptr;
	QSpinBox *speed_ = nullptr;
	class StepLine *stepLabel_ = nullptr;
	QTimer *play_ = nullptr;
	std::vector<WireFrame> wire_;
	QMap<QString, QAction *> act_;
	QMenu *fileMenu_ = nullptr, *debugMenu_ = nullptr, *viewMenu_ = nullptr, *helpMenu_ = nullptr;
	QToolBar *toolbar_ = nullptr;
	double fontScale_ = 1.0;
	bool dark_ = false;
	bool persistLayout_ = false;
};
