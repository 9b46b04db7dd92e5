// SPDX-License-Identifier: GPL-2.0-or-later
#include "sourceview.h"

#include <QAction>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <algorithm>

using namespace sp;

SourceView::SourceView(TraceCursor *c, QWidget *parent) : CursorView(c, parent)
{
	setObjectName("SourceView");
	auto *lay = new QVBoxLayout(this);
	lay->setContentsMargins(2, 2, 2, 2);
	header_ = new QLabel(this);
	header_->setWordWrap(true);
	lay->addWidget(header_);
	auto *split = new QSplitter(Qt::Vertical, this);
	lines_ = new QListWidget(split);
	lines_->setFont(QFont("DejaVu Sans Mono"));
	stack_ = new QListWidget(split);
	note_ = new QTextBrowser(split);
	bps_ = new QListWidget(split);
	split->setStretchFactor(0, 4);
	split->setStretchFactor(1, 1);
	split->setStretchFactor(2, 1);
	split->setStretchFactor(3, 1);
	// The gutter: double-click a row to toggle a breakpoint on that line (or on the called function).
	connect(lines_, &QListWidget::itemDoubleClicked, this,
		[this](QListWidgetItem *it) { toggleBreakpointAt(it->data(Qt::UserRole).toULongLong()); });
	// The breakpoint list: the check box enables, Delete removes.
	connect(bps_, &QListWidget::itemChanged, this, [this](QListWidgetItem *it) {
		int i = bps_->row(it);
		if (i >= 0 && i < (int)cur_->breakpoints.size())
			cur_->breakpoints[i].enabled = it->checkState() == Qt::Checked;
	});
	auto *del = new QAction(this);
	del->setShortcut(QKeySequence::Delete);
	del->setShortcutContext(Qt::WidgetShortcut);
	bps_->addAction(del);
	connect(del, &QAction::triggered, this, [this] {
		int i = bps_->currentRow();
		if (i >= 0 && i < (int)cur_->breakpoints.size()) {
			cur_->breakpoints.erase(cur_->breakpoints.begin() + i);
			refreshBreakpoints();
			refresh();
		}
	});
	connect(c, &TraceCursor::breakpointsChanged, this, [this] {
		refreshBreakpoints();
		shownFrame_ = SIZE_MAX;
		refresh();
	});
	lay->addWidget(split);
	auto jump = [this](QListWidgetItem *it) {
		if (it)
			cur_->setStep(it->data(Qt::UserRole).toULongLong());
	};
	connect(lines_, &QListWidget::itemActivated, this, jump);
	connect(lines_, &QListWidget::itemClicked, this, jump);
	connect(stack_, &QListWidget::itemClicked, this, jump);
}

static QString stepLine(const Trace &t, size_t i)
{
	const Step &s = t.at(i);
	QString text = QString::fromUtf8(t.text(s).data(), (int)t.text(s).size());
	switch (s.kind) {
	case StepKind::Enter:
		return QString("%1(%2)").arg(QString::fromStdString(t.str(s.fn)), text);
	case StepKind::Exit:
		return QString("return %1").arg(text.isEmpty() ? QString() : text);
	case StepKind::Line:
	case StepKind::Event: {
		QString a = QString::fromStdString(t.str(s.anchor));
		int colon = a.indexOf(':');
		return QString("%1  %2").arg(colon >= 0 ? a.mid(colon + 1) : a, text);
	}
	case StepKind::Start:
		return QObject::tr("(start of the run)");
	}
	return {};
}

void SourceView::toggleBreakpointAt(size_t step)
{
	if (!cur_->hasTrace())
		return;
	const Trace &t = cur_->trace();
	const Step &s = t.at(step);
	std::string what = s.kind == StepKind::Enter ? t.str(s.fn) : t.str(s.anchor);
	if (what.empty())
		return;
	auto &b = cur_->breakpoints;
	auto it = std::find_if(b.begin(), b.end(), [&](const Breakpoint &x) {
		return x.kind == Breakpoint::Function && x.text == what;
	});
	if (it != b.end())
		b.erase(it);
	else
		b.push_back({Breakpoint::Function, what, true});
	emit cur_->breakpointsChanged();
}

void SourceView::refreshBreakpoints()
{
	QSignalBlocker blk(bps_);
	bps_->clear();
	for (auto &b : cur_->breakpoints) {
		auto *it = new QListWidgetItem(QString::fromStdString(b.text), bps_);
		it->setFlags(it->flags() | Qt::ItemIsUserCheckable);
		it->setCheckState(b.enabled ? Qt::Checked : Qt::Unchecked);
	}
	if (cur_->breakpoints.empty())
		new QListWidgetItem(tr("No breakpoints: double-click a line above, or press F9"), bps_);
}

void SourceView::refresh()
{
	if (bps_->count() == 0)
		refreshBreakpoints();
	if (!cur_->hasTrace()) {
		header_->setText(tr("No run loaded"));
		lines_->clear();
		stack_->clear();
		note_->clear();
		return;
	}
	const Trace &t = cur_->trace();
	size_t n = cur_->step();
	auto stack = cur_->nav().call_stack(n);
	// Call stack, innermost first.
	stack_->clear();
	for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
		auto *item = new QListWidgetItem(QString("#%1  %2").arg(*it).arg(stepLine(t, *it)), stack_);
		item->setData(Qt::UserRole, (qulonglong)*it);
	}
	// The innermost frame's execution: its own lines, and each child call collapsed to one row.
	size_t frame = stack.empty() ? 0 : stack.back();
	int depth = stack.empty() ? 0 : t.at(frame).depth;
	header_->setText(stack.empty()
			     ? tr("Outside any kernel function")
			     : tr("<b>%1</b> — executed lines of this call (kernel source: see Lessons)")
				   .arg(QString::fromStdString(t.str(t.at(frame).fn))));
	if (frame != shownFrame_) {
		shownFrame_ = frame;
		lines_->clear();
		for (size_t i = frame; i < t.size(); i++) {
			const Step &s = t.at(i);
			if (i > frame && s.depth < depth)
				break;
			bool own = s.depth == depth || (s.kind == StepKind::Enter && s.depth == depth + 1);
			if (!own)
				continue;
			QString prefix =
			    s.depth == depth + 1 ? QStringLiteral("  → ") : QStringLiteral("    ");
			std::string key = s.kind == StepKind::Enter ? t.str(s.fn) : t.str(s.anchor);
			bool bp = false;
			for (auto &b : cur_->breakpoints)
				bp |= b.enabled && b.kind == Breakpoint::Function && b.text == key;
			if (bp)
				prefix = QStringLiteral("● ") + prefix.mid(2);
			auto *item = new QListWidgetItem(QString("%1%2").arg(prefix, stepLine(t, i)), lines_);
			item->setData(Qt::UserRole, (qulonglong)i);
			if (s.kind == StepKind::Exit && s.depth == depth && i > frame)
				break;
		}
	}
	// Highlight the row of the current step (or the child call it is inside).
	int best = -1;
	for (int r = 0; r < lines_->count(); r++)
		if (lines_->item(r)->data(Qt::UserRole).toULongLong() <= n)
			best = r;
	if (best >= 0) {
		lines_->setCurrentRow(best);
		lines_->scrollToItem(lines_->item(best));
	}
	const Step &s = t.at(n);
	QString anchor = QString::fromStdString(t.str(s.anchor));
	note_->setHtml(tr("<p><b>Step %1</b> · %2</p><p><tt>%3</tt></p><p>%4</p>")
			   .arg(n)
			   .arg(anchor.isEmpty() ? QString::fromStdString(t.str(s.fn)) : anchor)
			   .arg(stepLine(t, n).toHtmlEscaped())
			   .arg(tr("Virtual time %1 µs, call depth %2.")
				    .arg(s.time_ns / 1000.0, 0, 'f', 3)
				    .arg(s.depth)));
}
