// SPDX-License-Identifier: GPL-2.0-or-later
#include "lessonview.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "lessonstore.h"

using namespace sp;
using namespace sp::lessons;

LessonView::LessonView(TraceCursor *c, QWidget *parent) : CursorView(c, parent)
{
	setObjectName("LessonView");
	auto *lay = new QVBoxLayout(this);
	lay->setContentsMargins(2, 2, 2, 2);
	auto *row = new QHBoxLayout;
	pick_ = new QComboBox(this);
	start_ = new QPushButton(this);
	next_ = new QPushButton(this);
	row->addWidget(pick_, 1);
	row->addWidget(start_);
	row->addWidget(next_);
	lay->addLayout(row);
	text_ = new QTextBrowser(this);
	lay->addWidget(text_, 2);
	question_ = new QGroupBox(this);
	auto *ql = new QVBoxLayout(question_);
	options_ = new QVBoxLayout;
	ql->addLayout(options_);
	free_ = new QLineEdit(question_);
	ql->addWidget(free_);
	check_ = new QPushButton(question_);
	ql->addWidget(check_);
	result_ = new QLabel(question_);
	result_->setWordWrap(true);
	ql->addWidget(result_);
	lay->addWidget(question_, 1);
	progress_ = new QLabel(this);
	lay->addWidget(progress_);
	group_ = new QButtonGroup(this);
	connect(start_, &QPushButton::clicked, this, [this] {
		QString err;
		if (!startLesson(pick_->currentData().toInt(), &err))
			result_->setText(err);
	});
	connect(next_, &QPushButton::clicked, this, [this] { next(); });
	connect(check_, &QPushButton::clicked, this, [this] {
		auto *b = group_->checkedButton();
		answer(b ? b->property("option").toString() : free_->text());
	});
	connect(free_, &QLineEdit::returnPressed, check_, &QPushButton::click);
	if (c->lessons)
		connect(c->lessons, &LessonStore::changed, this, [this] { retranslate(); });
	question_->hide();
	retranslate();
}

QString LessonView::lang() const
{
	return cur_->lessons ? cur_->lessons->lang() : "en";
}

void LessonView::fillLessons()
{
	int keep = pick_->currentData().toInt();
	pick_->clear();
	if (!cur_->lessons || !cur_->lessons->loaded())
		return;
	auto prog = cur_->lessons->user() ? cur_->lessons->user()->progress(user_.toStdString())
					  : std::map<int, std::pair<int, int>>{};
	for (auto &[n, l] : cur_->lessons->catalog().lessons) {
		auto t = l.text.find("title." + lang().toStdString());
		if (t == l.text.end() || t->second.empty())
			t = l.text.find("title.en");
		QString label = QString("%1. %2").arg(n).arg(QString::fromStdString(t != l.text.end() ? t->second : ""));
		if (prog.count(n))
			label += QString("  (%1/%2)").arg(prog[n].second).arg(prog[n].first);
		pick_->addItem(label, n);
	}
	int i = pick_->findData(keep);
	if (i >= 0)
		pick_->setCurrentIndex(i);
}

void LessonView::retranslate()
{
	start_->setText(tr("Start lesson"));
	next_->setText(tr("Next checkpoint"));
	check_->setText(tr("Reveal and check"));
	question_->setTitle(tr("Predict, then reveal"));
	free_->setPlaceholderText(tr("Your answer (a number)"));
	fillLessons();
	if (run_ && cp_ >= 0)
		showCheckpoint();
	else
		text_->setHtml(tr("<p>Pick a lesson and press <b>Start lesson</b>. Each checkpoint stops the "
				  "debugger at a step of the kernel path and explains it; some ask you to predict "
				  "what happens next before the app reveals it from the recorded run.</p>"));
}

bool LessonView::startLesson(int n, QString *err)
{
	if (!cur_->lessons || !cur_->lessons->loaded()) {
		if (err)
			*err = tr("No lessons database is loaded.");
		return false;
	}
	auto r = std::make_unique<GuidedRun>();
	std::string e;
	if (!r->start(cur_->lessons->catalog(), n, e)) {
		if (err)
			*err = QString::fromStdString(e);
		return false;
	}
	const GuidedLesson &l = r->lesson();
	emit loadScenarioRequested(QString::fromStdString(l.scenario), QString::fromStdString(l.kernel));
	// The run is deterministic: the window's trace and the lesson's are the same recording.
	if (!cur_->hasTrace() || cur_->trace().size() != r->trace().size()) {
		if (err)
			*err = tr("The scenario of lesson %1 could not be loaded.").arg(n);
		return false;
	}
	run_ = std::move(r);
	cp_ = -1;
	int i = pick_->findData(n);
	if (i >= 0)
		pick_->setCurrentIndex(i);
	text_->setHtml(QString("<h3>%1</h3><p>%2</p>")
			   .arg(QString::fromStdString(run_->text("title", lang().toStdString())).toHtmlEscaped(),
				QString::fromStdString(run_->text("intro", lang().toStdString())).toHtmlEscaped()));
	return next();
}

bool LessonView::next()
{
	if (!run_ || cp_ + 1 >= (int)run_->checkpoints().size()) {
		if (run_)
			progress_->setText(tr("Lesson finished."));
		return false;
	}
	cp_++;
	answered_ = false;
	cur_->setStep(run_->checkpoints()[cp_].step);
	showCheckpoint();
	return true;
}

void LessonView::showCheckpoint()
{
	const CheckpointPlay &p = run_->checkpoints()[cp_];
	std::string l = lang().toStdString();
	text_->setHtml(QString("<h3>%1</h3><p><b>%2</b></p><p>%3</p>")
			   .arg(QString::fromStdString(run_->text("title", l)).toHtmlEscaped(),
				tr("Checkpoint %1 of %2 · step %3").arg(cp_ + 1).arg(run_->checkpoints().size()).arg(p.step),
				QString::fromStdString(run_->text(p.index, "say", l)).toHtmlEscaped()));
	progress_->setText(tr("Lesson %1, checkpoint %2 of %3")
			       .arg(run_->lesson().number)
			       .arg(cp_ + 1)
			       .arg(run_->checkpoints().size()));
	// The question, its options (or a number box), and the result once answered.
	for (auto *b : group_->buttons()) {
		group_->removeButton(b);
		delete b;
	}
	question_->setVisible(p.question.has_value());
	if (!p.question)
		return;
	const Question &q = *p.question;
	question_->setTitle(tr("Predict, then reveal") + ": " + QString::fromStdString(run_->text(p.index, "ask", l)));
	for (size_t i = 0; i < q.options.size(); i++) {
		auto *b = new QRadioButton(QString::fromStdString(q.options[i]), question_);
		b->setProperty("option", QString::fromStdString(q.options[i]));
		group_->addButton(b, (int)i);
		options_->addWidget(b);
		b->show(); // children added to a visible widget are not shown by themselves
		b->setEnabled(!answered_);
		if (answered_ && q.options[i] == q.answer)
			b->setStyleSheet("font-weight: bold");
	}
	free_->setVisible(q.options.empty());
	if (!answered_) {
		free_->clear();
		result_->clear();
	}
	check_->setEnabled(!answered_);
}

bool LessonView::answer(const QString &given)
{
	if (!run_ || cp_ < 0 || !run_->checkpoints()[cp_].question || answered_)
		return false;
	const CheckpointPlay &p = run_->checkpoints()[cp_];
	const Question &q = *p.question;
	bool ok = GuidedRun::grade(q, given.toStdString());
	answered_ = true;
	check_->setEnabled(false);
	for (auto *b : group_->buttons()) {
		b->setEnabled(false);
		if (b->property("option").toString().toStdString() == q.answer)
			b->setStyleSheet("font-weight: bold");
	}
	std::string l = lang().toStdString();
	QString explain = QString::fromStdString(run_->text(p.index, "explain", l));
	result_->setText((ok ? tr("Correct.") : tr("Not quite.")) + " " +
			 tr("The recorded run says: %1 (step %2).").arg(QString::fromStdString(q.answer)).arg(q.reveal_step) +
			 (explain.isEmpty() ? QString() : "\n" + explain));
	if (cur_->lessons && cur_->lessons->user()) {
		std::string e;
		cur_->lessons->user()->record_answer(user_.toStdString(), run_->lesson().number, (int)p.index,
						     given.toStdString(), q.answer, ok, e);
	}
	cur_->setStep(q.reveal_step); // reveal: the debugger shows the step that answers the question
	return ok;
}

void LessonView::refresh() {}
