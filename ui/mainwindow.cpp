// SPDX-License-Identifier: GPL-2.0-or-later
#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QGridLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QSvgGenerator>
#include <QTimer>
#include <QToolBar>

#include "lessonstore.h"
#include "sim/compare.h"
#include "sim/trace_db.h"
#include "views/chartsview.h"
#include "views/compareview.h"
#include "views/gatesview.h"
#include "views/headerview.h"
#include "views/lessonview.h"
#include "views/ringview.h"
#include "views/skbview.h"
#include "views/sockview.h"
#include "views/sourceview.h"
#include "views/stepline.h"
#include "views/timersview.h"

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent), cursor_(new TraceCursor(this))
{
	setObjectName("MainWindow");
	resize(1600, 1000);
	setDockNestingEnabled(true);
	lessons_ = new LessonStore(this);
	QString lerr;
	if (!lessons_->load(LessonStore::defaultDbPath(), &lerr))
		statusBar()->showMessage(tr("Lessons not loaded: %1").arg(lerr), 15000);
	cursor_->lessons = lessons_;
	buildActions();
	buildToolbar();
	buildDocks();
	// The step line changes on every step: a label that does not lay the window out again for it.
	stepLabel_ = new StepLine(this);
	stepLabel_->setWordWrap(false);
	statusBar()->addPermanentWidget(stepLabel_);
	connect(cursor_, &TraceCursor::stepChanged, this, [this] { updateStatus(); });
	connect(cursor_, &TraceCursor::message, this,
		[this](const QString &m) { statusBar()->showMessage(m, 8000); });
	play_ = new QTimer(this);
	connect(play_, &QTimer::timeout, this, [this] {
		if (cursor_->step() + 1 >= cursor_->count())
			play_->stop();
		else
			cursor_->stepInto();
	});
	retranslate();
}

void MainWindow::restoreLayout()
{
	persistLayout_ = true;
	QSettings s;
	restoreState(s.value("window/state").toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::closeEvent(QCloseEvent *e)
{
	if (persistLayout_) {
		QSettings s;
		s.setValue("window/state", saveState());
	}
	QMainWindow::closeEvent(e);
}

void MainWindow::buildActions()
{
	auto add = [this](const QString &id, QKeySequence key, auto slot) {
		auto *a = new QAction(this);
		a->setShortcut(key);
		a->setShortcutContext(Qt::ApplicationShortcut);
		connect(a, &QAction::triggered, this, slot);
		act_[id] = a;
		addAction(a);
		return a;
	};
	add("continue", Qt::Key_F5, [this] { cursor_->continueForward(); });
	add("stepOver", Qt::Key_F10, [this] { cursor_->stepOver(); });
	add("stepInto", Qt::Key_F11, [this] { cursor_->stepInto(); });
	add("stepOut", QKeySequence(Qt::SHIFT | Qt::Key_F11), [this] { cursor_->stepOut(); });
	add("rcontinue", QKeySequence(Qt::SHIFT | Qt::Key_F5), [this] { cursor_->continueBackward(); });
	add("rstepOver", QKeySequence(Qt::SHIFT | Qt::Key_F10), [this] { cursor_->reverseStepOver(); });
	add("rstepInto", QKeySequence(Qt::CTRL | Qt::Key_F11), [this] { cursor_->reverseStepInto(); });
	add("rstepOut", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F11),
	    [this] { cursor_->reverseStepOut(); });
	add("home", Qt::Key_Home, [this] { cursor_->home(); });
	add("end", Qt::Key_End, [this] { cursor_->end(); });
	add("play", Qt::Key_Space, [this] {
		if (play_->isActive())
			play_->stop();
		else
			play_->start(1000 / std::max(1, speed_->value()));
	});
	add("gotoStep", QKeySequence(Qt::CTRL | Qt::Key_G), [this] {
		bool ok = false;
		int n = QInputDialog::getInt(this, tr("Go to step"), tr("Step:"), (int)cursor_->step(), 0,
					     (int)std::max<size_t>(1, cursor_->count()) - 1, 1, &ok);
		if (ok)
			cursor_->setStep(n);
	});
	add("breakpoint", QKeySequence(Qt::Key_F9), [this] { addBreakpointDialog(); });
	add("openScenario", QKeySequence::Open, [this] {
		QString f = QFileDialog::getOpenFileName(this, tr("Open scenario"), {},
							 tr("Scenarios (*.scn *.txt);;All files (*)"));
		QString err;
		if (!f.isEmpty() && !loadScenario(f, kernel_, &err))
			QMessageBox::warning(this, tr("Scenario"), err);
	});
	add("openSession", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), [this] {
		QString f = QFileDialog::getOpenFileName(this, tr("Open session"), {},
							 tr("SendPath sessions (*.sendpath)"));
		QString err;
		if (!f.isEmpty() && !openSession(f, &err))
			QMessageBox::warning(this, tr("Open session"), err);
	});
	add("saveSession", QKeySequence::Save, [this] {
		QString f = QFileDialog::getSaveFileName(this, tr("Save session"), "session.sendpath",
							 tr("SendPath sessions (*.sendpath)"));
		QString err;
		if (!f.isEmpty() && !saveSession(f, &err))
			QMessageBox::warning(this, tr("Save session"), err);
	});
	add("exportPcap", QKeySequence(Qt::CTRL | Qt::Key_E), [this] {
		QString f = QFileDialog::getSaveFileName(this, tr("Export pcapng"), "capture.pcapng",
							 tr("pcapng (*.pcapng)"));
		QString err;
		if (!f.isEmpty() && !exportPcap(f, &err))
			QMessageBox::warning(this, tr("Export pcapng"), err);
	});
	add("exportView", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), [this] { exportViewImage(); });
	add("quit", QKeySequence::Quit, [this] { close(); });
	add("dark", QKeySequence(), [this] { setDarkTheme(!dark_); });
	add("fontUp", QKeySequence(Qt::CTRL | Qt::Key_Plus), [this] { setFontScale(fontScale_ * 1.15); });
	add("fontDown", QKeySequence(Qt::CTRL | Qt::Key_Minus), [this] { setFontScale(fontScale_ / 1.15); });
	add("runToCursor", QKeySequence(Qt::CTRL | Qt::Key_F10), [this] {
		if (!sourceView_->runToCursor())
			statusBar()->showMessage(tr("Run to cursor: put the cursor on a source line with a "
						    "line anchor, or select an executed line"),
						 8000);
	});
	add("kernelSource", QKeySequence(), [this] { importKernelSourceDialog(); });
	add("compare", QKeySequence(Qt::CTRL | Qt::Key_K), [this] {
		QString err;
		if (!showCompare(&err))
			QMessageBox::warning(this, tr("Compare 6.15 / 6.16"), err);
	});
	add("keys", QKeySequence::HelpContents, [this] { showKeys(); });
	add("about", QKeySequence(), [this] { showAbout(); });

	fileMenu_ = menuBar()->addMenu(QString());
	for (auto id : {"openScenario", "openSession", "saveSession", "exportPcap", "exportView",
			"kernelSource", "quit"})
		fileMenu_->addAction(act_[id]);
	debugMenu_ = menuBar()->addMenu(QString());
	for (auto id : {"continue", "stepOver", "stepInto", "stepOut", "rcontinue", "rstepOver", "rstepInto",
			"rstepOut", "runToCursor", "home", "end", "play", "gotoStep", "breakpoint"})
		debugMenu_->addAction(act_[id]);
	viewMenu_ = menuBar()->addMenu(QString());
	for (auto id : {"compare", "dark", "fontUp", "fontDown"})
		viewMenu_->addAction(act_[id]);
	helpMenu_ = menuBar()->addMenu(QString());
	helpMenu_->addAction(act_["keys"]);
	helpMenu_->addAction(act_["about"]);
}

void MainWindow::buildToolbar()
{
	toolbar_ = addToolBar(QString());
	toolbar_->setObjectName("debugToolbar");
	scenarioBox_ = new QComboBox(this);
	for (auto &b : sp::builtin_scenarios())
		scenarioBox_->addItem(QString::fromUtf8(b.name));
	connect(scenarioBox_, &QComboBox::activated, this,
		[this](int) { loadScenario(scenarioBox_->currentText(), kernel_); });
	kernelBox_ = new QComboBox(this);
	kernelBox_->addItems({"6.16", "6.15"});
	connect(kernelBox_, &QComboBox::activated, this,
		[this](int) { loadScenario(scenario_, kernelBox_->currentText()); });
	langBox_ = new QComboBox(this);
	langBox_->addItem("English", "en");
	langBox_->addItem(QString::fromUtf8("한국어"), "ko");
	langBox_->addItem(QString::fromUtf8("中文"), "zh_CN");
	connect(langBox_, &QComboBox::activated, this,
		[this](int i) { setLanguage(langBox_->itemData(i).toString()); });
	toolbar_->addWidget(scenarioBox_);
	toolbar_->addWidget(kernelBox_);
	toolbar_->addWidget(langBox_);
	toolbar_->addSeparator();
	for (auto id : {"rcontinue", "rstepOut", "rstepOver", "rstepInto", "stepInto", "stepOver", "stepOut",
			"continue", "play"})
		toolbar_->addAction(act_[id]);
	speed_ = new QSpinBox(this);
	speed_->setRange(1, 60);
	speed_->setValue(4);
	speed_->setSuffix(" /s");
	connect(speed_, &QSpinBox::valueChanged, this, [this](int v) {
		if (play_->isActive())
			play_->start(1000 / v);
	});
	toolbar_->addWidget(speed_);
	scrubber_ = new QSlider(Qt::Horizontal, this);
	scrubber_->setMinimumWidth(300);
	connect(scrubber_, &QSlider::valueChanged, this, [this](int v) {
		if ((size_t)v != cursor_->step())
			cursor_->setStep(v);
	});
	connect(cursor_, &TraceCursor::traceChanged, this,
		[this] { scrubber_->setRange(0, (int)std::max<size_t>(1, cursor_->count()) - 1); });
	connect(cursor_, &TraceCursor::stepChanged, this, [this](qulonglong n) {
		QSignalBlocker b(scrubber_);
		scrubber_->setValue((int)n);
	});
	toolbar_->addWidget(scrubber_);
}

void MainWindow::buildDocks()
{
	sourceView_ = new SourceView(cursor_);
	lessonView_ = new LessonView(cursor_);
	connect(lessonView_, &LessonView::loadScenarioRequested, this,
		[this](const QString &sc, const QString &k) { loadScenario(sc, k); });
	QList<CursorView *> views = {sourceView_,
				     new SkbView(cursor_),
				     new HeaderView(cursor_),
				     new GatesView(cursor_),
				     new SockView(cursor_),
				     new TimersView(cursor_),
				     new ChartsView(cursor_),
				     new RingView(cursor_),
				     lessonView_};
	const char *ids[] = {"source", "skb",	 "headers", "gates",  "socket",
			     "timers", "charts", "ring",    "lessons"};
	Qt::DockWidgetArea areas[] = {
	    Qt::LeftDockWidgetArea,   Qt::RightDockWidgetArea, Qt::RightDockWidgetArea,
	    Qt::LeftDockWidgetArea,   Qt::RightDockWidgetArea, Qt::BottomDockWidgetArea,
	    Qt::BottomDockWidgetArea, Qt::RightDockWidgetArea, Qt::LeftDockWidgetArea};
	for (int i = 0; i < views.size(); i++) {
		auto *d = new QDockWidget(this);
		d->setObjectName(QString("dock_") + ids[i]);
		d->setWidget(views[i]);
		addDockWidget(areas[i], d);
		docks_.push_back(d);
		viewMenu_->addAction(d->toggleViewAction());
	}
	setCentralWidget(nullptr);
	tabifyDockWidget(docks_[2], docks_[7]); // headers | ring
	tabifyDockWidget(docks_[5], docks_[6]); // timers | charts
	tabifyDockWidget(docks_[3], docks_[8]); // gates | lessons
	docks_[3]->raise();
	docks_[7]->raise();
	docks_[6]->raise();
}

void MainWindow::retranslate()
{
	setWindowTitle(tr("SendPath — Linux TCP transmit path debugger") +
		       (cursor_->hasTrace() ? " — " + cursor_->title() : QString()));
	fileMenu_->setTitle(tr("&File"));
	debugMenu_->setTitle(tr("&Debug"));
	viewMenu_->setTitle(tr("&View"));
	helpMenu_->setTitle(tr("&Help"));
	toolbar_->setWindowTitle(tr("Debug"));
	act_["continue"]->setText(tr("Continue"));
	act_["stepOver"]->setText(tr("Step over"));
	act_["stepInto"]->setText(tr("Step into"));
	act_["stepOut"]->setText(tr("Step out"));
	act_["rcontinue"]->setText(tr("Reverse continue"));
	act_["rstepOver"]->setText(tr("Reverse step over"));
	act_["rstepInto"]->setText(tr("Reverse step into"));
	act_["rstepOut"]->setText(tr("Reverse step out"));
	act_["home"]->setText(tr("First step"));
	act_["end"]->setText(tr("Last step"));
	act_["play"]->setText(tr("Play / pause"));
	act_["gotoStep"]->setText(tr("Go to step…"));
	act_["breakpoint"]->setText(tr("Add breakpoint…"));
	act_["openScenario"]->setText(tr("Open scenario…"));
	act_["openSession"]->setText(tr("Open session…"));
	act_["saveSession"]->setText(tr("Save session…"));
	act_["exportPcap"]->setText(tr("Export pcapng…"));
	act_["exportView"]->setText(tr("Export view as PNG/SVG…"));
	act_["quit"]->setText(tr("Quit"));
	act_["dark"]->setText(tr("Dark theme"));
	act_["fontUp"]->setText(tr("Larger text (projector)"));
	act_["fontDown"]->setText(tr("Smaller text"));
	act_["keys"]->setText(tr("Debugger keys"));
	act_["runToCursor"]->setText(tr("Run to cursor"));
	act_["kernelSource"]->setText(tr("Kernel source…"));
	act_["compare"]->setText(tr("Compare 6.15 / 6.16"));
	if (compareDock_)
		compareDock_->setWindowTitle(tr("Compare 6.15 / 6.16"));
	act_["about"]->setText(tr("About SendPath"));
	for (auto *d : docks_)
		d->setWindowTitle(static_cast<CursorView *>(d->widget())->title());
	updateStatus();
}

void MainWindow::changeEvent(QEvent *e)
{
	if (e->type() == QEvent::LanguageChange)
		retranslate();
	QMainWindow::changeEvent(e);
}

void MainWindow::updateStatus()
{
	if (!stepLabel_)
		return;
	if (!cursor_->hasTrace()) {
		stepLabel_->setText(QString(), tr("No run loaded"));
		return;
	}
	const sp::Trace &t = cursor_->trace();
	const sp::Step &s = t.at(cursor_->step());
	stepLabel_->setText(QString(), tr("Step %1 of %2 · %3 · t = %4 µs · Linux %5")
					   .arg(cursor_->step())
					   .arg(cursor_->count() - 1)
					   .arg(QString::fromStdString(t.str(s.fn)))
					   .arg(s.time_ns / 1000.0, 0, 'f', 3)
					   .arg(QString::fromStdString(t.meta_get("kernel"))));
}

bool MainWindow::loadScenario(const QString &nameOrPath, const QString &kernel, QString *err)
{
	std::string e;
	auto sc = sp::load_scenario(nameOrPath.toStdString(), e);
	if (!sc) {
		if (err)
			*err = QString::fromStdString(e);
		statusBar()->showMessage(QString::fromStdString(e), 10000);
		return false;
	}
	sp::KernelVersion kv = kernel == "6.15" ? sp::KernelVersion::V6_15 : sp::KernelVersion::V6_16;
	if (sc->kernel && kernel.isEmpty())
		kv = *sc->kernel;
	sp::RunResult r = sp::run_scenario(*sc, kv, {true, 0});
	if (r.bad_input || !r.trace) {
		if (err)
			*err = QString::fromStdString(r.error);
		statusBar()->showMessage(QString::fromStdString(r.error), 10000);
		return false;
	}
	scenario_ = nameOrPath;
	kernel_ = kv == sp::KernelVersion::V6_15 ? "6.15" : "6.16";
	kernelBox_->setCurrentText(kernel_);
	int i = scenarioBox_->findText(nameOrPath);
	if (i >= 0)
		scenarioBox_->setCurrentIndex(i);
	wire_ = r.wire;
	cursor_->setRun(std::move(r), QString::fromStdString(sc->name) + " · Linux " + kernel_);
	retranslate();
	return true;
}

bool MainWindow::openSession(const QString &path, QString *err)
{
	std::string e;
	auto t = sp::load_trace(path.toStdString(), e);
	if (!t) {
		if (err)
			*err = QString::fromStdString(e);
		return false;
	}
	sp::RunResult r;
	r.trace = std::move(t);
	QString title = QString::fromStdString(r.trace->meta_get("scenario")) + " · Linux " +
			QString::fromStdString(r.trace->meta_get("kernel"));
	wire_.clear();
	cursor_->setRun(std::move(r), title);
	retranslate();
	return true;
}

bool MainWindow::saveSession(const QString &path, QString *err)
{
	if (!cursor_->hasTrace())
		return false;
	std::string e;
	if (!sp::save_trace(cursor_->trace(), path.toStdString(), e)) {
		if (err)
			*err = QString::fromStdString(e);
		return false;
	}
	return true;
}

bool MainWindow::exportPcap(const QString &path, QString *err)
{
	sp::RunResult r;
	r.wire = cursor_->wire();
	std::string e;
	if (r.wire.empty()) {
		if (err)
			*err = tr("This session has no wire frames (sessions opened from a file keep only "
				  "the trace).");
		return false;
	}
	if (!sp::write_pcapng(r, path.toStdString(), e)) {
		if (err)
			*err = QString::fromStdString(e);
		return false;
	}
	return true;
}

void MainWindow::setLanguage(const QString &lang)
{
	qApp->removeTranslator(&translator_);
	lang_ = lang;
	lessons_->setLang(lang);
	if (lang != "en" && translator_.load(":/i18n/sendpath_" + lang + ".qm"))
		qApp->installTranslator(&translator_);
	int i = langBox_->findData(lang);
	if (i >= 0)
		langBox_->setCurrentIndex(i);
	retranslate();
	for (auto *d : docks_)
		static_cast<CursorView *>(d->widget())->retranslate();
}

void MainWindow::setFontScale(double f)
{
	fontScale_ = std::clamp(f, 0.6, 3.0);
	QFont font = QApplication::font();
	static const double base = font.pointSizeF() > 0 ? font.pointSizeF() : 10;
	font.setPointSizeF(base * fontScale_);
	QApplication::setFont(font);
}

void MainWindow::setDarkTheme(bool dark)
{
	dark_ = dark;
	QPalette p;
	if (dark) {
		p.setColor(QPalette::Window, QColor(37, 37, 38));
		p.setColor(QPalette::WindowText, QColor(220, 220, 220));
		p.setColor(QPalette::Base, QColor(30, 30, 30));
		p.setColor(QPalette::AlternateBase, QColor(45, 45, 48));
		p.setColor(QPalette::Text, QColor(220, 220, 220));
		p.setColor(QPalette::Button, QColor(45, 45, 48));
		p.setColor(QPalette::ButtonText, QColor(220, 220, 220));
		p.setColor(QPalette::Highlight, QColor(38, 79, 120));
		p.setColor(QPalette::HighlightedText, Qt::white);
	}
	QApplication::setPalette(dark ? p : QApplication::style()->standardPalette());
	act_["dark"]->setCheckable(true);
	act_["dark"]->setChecked(dark);
}

void MainWindow::addBreakpointDialog()
{
	bool ok = false;
	QString text =
	    QInputDialog::getText(this, tr("Add breakpoint"),
				  tr("Function (tcp_write_xmit), source line anchor (tcp_cwnd_test:quota) or "
				     "condition (tp->snd_cwnd < 4, ring0.free < 8):"),
				  QLineEdit::Normal, {}, &ok);
	if (!ok || text.trimmed().isEmpty())
		return;
	text = text.trimmed();
	bool cond = text.contains(QRegularExpression("[<>=!]"));
	if (cond && cursor_->hasTrace()) {
		std::string e;
		if (!sp::Condition::parse(text.toStdString(), cursor_->trace(), e)) {
			QMessageBox::warning(this, tr("Breakpoint"), QString::fromStdString(e));
			return;
		}
	}
	cursor_->breakpoints.push_back(
	    {cond ? sp::Breakpoint::Cond : sp::Breakpoint::Function, text.toStdString(), true});
	emit cursor_->breakpointsChanged();
	statusBar()->showMessage(tr("Breakpoint added: %1").arg(text), 5000);
}

void MainWindow::showKeys()
{
	QMessageBox::information(this, tr("Debugger keys"),
				 tr("F5  continue to the next breakpoint\nShift+F5  reverse continue\n"
				    "F10  step over\nShift+F10  reverse step over\n"
				    "F11  step into\nCtrl+F11  reverse step into\n"
				    "Shift+F11  step out\nCtrl+Shift+F11  reverse step out\n"
				    "F9  add a breakpoint (function or condition)\nCtrl+G  go to step\n"
				    "Space  play / pause\nHome / End  first / last step\n"
				    "Ctrl+Plus / Ctrl+Minus  text size for projectors"));
}

void MainWindow::showAbout()
{
	QMessageBox::about(
	    this, tr("About SendPath"),
	    tr("SendPath steps through a model of the Linux TCP transmit path, from send() to the "
	       "doorbell of an emulated Intel E810.\n\nSendPath is free software under the GNU GPL, "
	       "version 2 or later. The kernel source excerpts it shows are Linux code, licensed "
	       "GPL-2.0: imported from your own kernel tree (File > Kernel source…) or quoted in the "
	       "project's notes."));
}

bool MainWindow::showCompare(QString *err)
{
	std::string e;
	auto sc = sp::load_scenario(scenario_.toStdString(), e);
	if (!sc) {
		if (err)
			*err = QString::fromStdString(e);
		return false;
	}
	auto cmp = sp::compare_scenario(*sc);
	if (!cmp) {
		if (err)
			*err = tr("The comparison of %1 failed.").arg(scenario_);
		return false;
	}
	if (!compareDock_) {
		compareView_ = new CompareView(this);
		compareDock_ = new QDockWidget(this);
		compareDock_->setObjectName("dock_compare");
		compareDock_->setWidget(compareView_);
		addDockWidget(Qt::BottomDockWidgetArea, compareDock_);
		tabifyDockWidget(docks_[6], compareDock_);
		viewMenu_->addAction(compareDock_->toggleViewAction());
		// The main cursor follows the row for the kernel it has loaded.
		connect(compareView_, &CompareView::stepsSelected, this,
			[this](qulonglong s615, qulonglong s616) {
				qulonglong s = cursor_->kernel() == "6.15" ? s615 : s616;
				if (s != CompareView::NoStep && cursor_->hasTrace() && s < cursor_->count())
					cursor_->setStep(s);
			});
	}
	// Both versions' source and sk_buff side by side, each on its own cursor over its own run (the
	// runs are deterministic: the same steps as the comparison's).
	if (!compareSidesDock_) {
		auto *page = new QWidget(this);
		auto *grid = new QGridLayout(page);
		grid->setContentsMargins(2, 2, 2, 2);
		for (int i = 0; i < 2; i++) {
			side_[i] = new TraceCursor(this);
			side_[i]->lessons = lessons_;
			auto *lab = new QLabel(i ? "Linux 6.16" : "Linux 6.15", page);
			lab->setAlignment(Qt::AlignCenter);
			grid->addWidget(lab, 0, i);
			grid->addWidget(new SourceView(side_[i], page), 1, i);
			grid->addWidget(new SkbView(side_[i], page), 2, i);
		}
		grid->setRowStretch(1, 3);
		grid->setRowStretch(2, 1);
		compareSidesDock_ = new QDockWidget(this);
		compareSidesDock_->setObjectName("dock_compare_sides");
		compareSidesDock_->setWidget(page);
		addDockWidget(Qt::RightDockWidgetArea, compareSidesDock_);
		tabifyDockWidget(docks_[1], compareSidesDock_);
		viewMenu_->addAction(compareSidesDock_->toggleViewAction());
		connect(compareView_, &CompareView::stepsSelected, this,
			[this](qulonglong s615, qulonglong s616) {
				if (s615 != CompareView::NoStep && side_[0]->hasTrace())
					side_[0]->setStep(s615);
				if (s616 != CompareView::NoStep && side_[1]->hasTrace())
					side_[1]->setStep(s616);
			});
	}
	for (int i = 0; i < 2; i++) {
		sp::RunResult r =
		    sp::run_scenario(*sc, i ? sp::KernelVersion::V6_16 : sp::KernelVersion::V6_15);
		side_[i]->setRun(std::move(r),
				 QString::fromStdString(sc->name) + (i ? " · Linux 6.16" : " · Linux 6.15"));
	}
	compareView_->setComparison(cmp);
	compareSidesDock_->setWindowTitle(tr("Compare: source and sk_buff, 6.15 | 6.16"));
	compareSidesDock_->show();
	compareSidesDock_->raise();
	compareDock_->setWindowTitle(tr("Compare 6.15 / 6.16"));
	compareDock_->show();
	compareDock_->raise();
	resizeDocks({compareDock_}, {height() / 3}, Qt::Vertical);
	return true;
}

void MainWindow::importKernelSourceDialog()
{
	bool ok = false;
	QString ver =
	    QInputDialog::getItem(this, tr("Kernel source"),
				  tr("SendPath ships no Linux source: it reads the modelled functions "
				     "from your kernel tree.\nImport for which version?"),
				  {"6.16", "6.15"}, kernel_ == "6.15" ? 1 : 0, false, &ok);
	if (!ok)
		return;
	QString dir = QFileDialog::getExistingDirectory(this, tr("Linux %1 source tree").arg(ver));
	if (dir.isEmpty())
		return;
	QString rev = QInputDialog::getText(this, tr("Kernel source"),
					    tr("Git revision to read (e.g. v%1), or empty to read the files "
					       "as they are:")
						.arg(ver),
					    QLineEdit::Normal, QString(), &ok);
	if (!ok)
		return;
	QString summary;
	if (lessons_->importSource(ver, dir, rev.trimmed(), &summary))
		QMessageBox::information(this, tr("Kernel source"), summary);
	else
		QMessageBox::warning(this, tr("Kernel source"), summary);
}

void MainWindow::exportViewImage()
{
	QDockWidget *d = nullptr;
	for (auto *x : docks_)
		if (x->isVisible() && !x->visibleRegion().isEmpty() && (!d || x->widget()->hasFocus()))
			d = x;
	QWidget *w = d ? d->widget() : this;
	QString f =
	    QFileDialog::getSaveFileName(this, tr("Export view"), "view.png", tr("PNG (*.png);;SVG (*.svg)"));
	if (f.isEmpty())
		return;
	if (f.endsWith(".svg", Qt::CaseInsensitive)) {
		QSvgGenerator g;
		g.setFileName(f);
		g.setSize(w->size());
		g.setViewBox(w->rect());
		QPainter p(&g);
		w->render(&p);
	} else {
		w->grab().save(f);
	}
}
