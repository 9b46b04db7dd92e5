// SPDX-License-Identifier: GPL-2.0-or-later
#include "sourceview.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextDocument>
#include <QPlainTextDocumentLayout>
#include <QListWidget>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <algorithm>

#include "lessonstore.h"

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
	// Tab 1: the kernel source of the current function; tab 2: this call's executed lines.
	tabs_ = new QTabWidget(split);
	auto *srcPage = new QWidget(tabs_);
	auto *srcLay = new QVBoxLayout(srcPage);
	srcLay->setContentsMargins(0, 0, 0, 0);
	srcHeader_ = new QLabel(srcPage);
	srcHeader_->setWordWrap(true);
	srcHeader_->setTextFormat(Qt::RichText);
	srcLay->addWidget(srcHeader_);
	src_ = new QPlainTextEdit(srcPage);
	src_->setReadOnly(true);
	src_->setLineWrapMode(QPlainTextEdit::NoWrap);
	src_->setFont(QFont("DejaVu Sans Mono"));
	srcLay->addWidget(src_, 1);
	tabs_->addTab(srcPage, QString());
	lines_ = new QListWidget(tabs_);
	lines_->setFont(QFont("DejaVu Sans Mono"));
	tabs_->addTab(lines_, QString());
	stack_ = new QListWidget(split);
	// The annotation: depth and bilingual toggles above the text.
	auto *notePage = new QWidget(split);
	auto *noteLay = new QVBoxLayout(notePage);
	noteLay->setContentsMargins(0, 0, 0, 0);
	auto *row = new QHBoxLayout;
	depth_ = new QComboBox(notePage);
	depth_->addItem(QString(), "student");
	depth_->addItem(QString(), "engineer");
	bilingual_ = new QCheckBox(notePage);
	row->addWidget(depth_);
	row->addWidget(bilingual_);
	row->addStretch(1);
	noteLay->addLayout(row);
	note_ = new QTextBrowser(notePage);
	note_->setOpenLinks(false);
	noteLay->addWidget(note_, 1);
	stepInfo_ = new QLabel(notePage);
	stepInfo_->setWordWrap(true);
	noteLay->addWidget(stepInfo_);
	placeholder_ = new QTextDocument(this);
	placeholder_->setDocumentLayout(new QPlainTextDocumentLayout(placeholder_));
	bps_ = new QListWidget(split);
	split->setStretchFactor(0, 5);
	split->setStretchFactor(1, 1);
	split->setStretchFactor(2, 3);
	split->setStretchFactor(3, 1);
	connect(depth_, &QComboBox::activated, this, [this](int i) {
		if (cur_->lessons)
			cur_->lessons->setDepth(depth_->itemData(i).toString());
	});
	connect(bilingual_, &QCheckBox::toggled, this, [this](bool on) {
		if (cur_->lessons)
			cur_->lessons->setBilingual(on);
	});
	// Glossary links in the annotation show the term's definition below it.
	connect(note_, &QTextBrowser::anchorClicked, this, [this](const QUrl &u) {
		if (u.scheme() == "term") {
			shownTerm_ = shownTerm_ == u.path() ? QString() : u.path();
			refresh();
		}
	});
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
	if (c->lessons)
		connect(c->lessons, &LessonStore::changed, this, [this] {
			shownSourceFn_.clear();
			shownNote_.clear();
			src_->setDocument(placeholder_);
			qDeleteAll(docs_);
			docs_.clear();
			refresh();
		});
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
		shownStack_.clear();
		note_->clear();
		return;
	}
	const Trace &t = cur_->trace();
	size_t n = cur_->step();
	auto stack = cur_->nav().call_stack(n);
	// Call stack, innermost first (rebuilt only when the stack changes).
	if (stack != shownStack_ || stack_->count() == 0) {
		shownStack_ = stack;
		stack_->clear();
		for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
			auto *item = new QListWidgetItem(QString("#%1  %2").arg(*it).arg(stepLine(t, *it)), stack_);
			item->setData(Qt::UserRole, (qulonglong)*it);
		}
	}
	// The innermost frame's execution: its own lines, and each child call collapsed to one row.
	size_t frame = stack.empty() ? 0 : stack.back();
	int depth = stack.empty() ? 0 : t.at(frame).depth;
	header_->setText(stack.empty()
			     ? tr("Outside any kernel function")
			     : tr("<b>%1</b> · step %2 of %3")
				   .arg(QString::fromStdString(t.str(t.at(frame).fn)))
				   .arg(n)
				   .arg(t.size() - 1));
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
	// The function whose source and annotation to show: the anchor's own function when the lessons
	// describe it (an inline helper or the device), else the innermost frame.
	QString fn = stack.empty() ? QString() : QString::fromStdString(t.str(t.at(frame).fn));
	if (!anchor.isEmpty() && cur_->lessons) {
		QString af = anchor.left(anchor.indexOf(':'));
		if (cur_->lessons->catalog().functions.count(af.toStdString()))
			fn = af;
	}
	showSource(fn, anchor);
	showAnnotation(fn, anchor);
}

void SourceView::showSource(const QString &fn, const QString &anchor)
{
	tabs_->setTabText(0, tr("Kernel source"));
	tabs_->setTabText(1, tr("Executed lines"));
	LessonStore *ls = cur_->lessons;
	QString ver = cur_->kernel();
	if (fn != shownSourceFn_) {
		shownSourceFn_ = fn;
		src_->setExtraSelections({});
		if (!ls || !ls->loaded() || fn.isEmpty()) {
			srcHeader_->setText(ls && ls->loaded() ? QString() : tr("No lessons database loaded."));
			src_->setDocument(placeholder_);
			placeholder_->clear();
			src_->setProperty("origin", QString());
			return;
		}
		auto fi = ls->catalog().functions.find(fn.toStdString());
		sp::lessons::SourceExcerpt x = ls->source(fn, ver);
		src_->setProperty("origin", QString::fromStdString(x.origin));
		src_->setProperty("first", x.first_line);
		QVariantMap lines;
		for (auto &[a, l] : x.anchor_line)
			lines[QString::fromStdString(a)] = l;
		src_->setProperty("anchors", lines);
		if (x.origin.empty()) {
			QString kind = fi != ls->catalog().functions.end() ? QString::fromStdString(fi->second.kind) : "";
			if (kind == "device" || kind == "model") {
				srcHeader_->setText(tr("<b>%1</b> — not kernel code: %2").arg(fn.toHtmlEscaped(),
				    QString::fromStdString(fi->second.ref).toHtmlEscaped()));
				src_->setDocument(placeholder_);
				placeholder_->setPlainText(tr("This step belongs to the emulated hardware or the simulated peer; "
						      "the annotation explains what it models."));
			} else {
				QString path = fi != ls->catalog().functions.end()
						   ? QString::fromStdString(fi->second.file_for(ver.toStdString()))
						   : QString();
				srcHeader_->setText(tr("<b>%1</b> — %2 · Linux %3").arg(fn.toHtmlEscaped(), path, ver));
				src_->setDocument(placeholder_);
				placeholder_->setPlainText(
				    tr("No kernel source for %1 in Linux %2 yet.\n\nSendPath ships no Linux source. "
				       "Import the modelled functions from your own kernel tree with File > Kernel "
				       "source... (or: sendpath-cli lessons import-source --kernel %2 --tree ~/linux "
				       "[--rev v%2]). The Executed lines tab shows what the model ran.")
					.arg(fn, ver));
			}
			return;
		}
		// The notes' provenance (which note, what version its text shows) can be long: a tooltip.
		QString prov = QString::fromStdString(x.provenance);
		QString origin = x.origin == "tree" ? tr("imported from %1").arg(prov)
						    : tr("quoted in the notes: %1").arg(prov.section(' ', 0, 1));
		srcHeader_->setToolTip(prov);
		srcHeader_->setText(tr("<b>%1</b> — %2 · Linux %3 · %4<br><small>%5. Linux kernel source is "
				       "GPL-2.0; SendPath is GPL-2.0-or-later.</small>")
					.arg(fn.toHtmlEscaped(), QString::fromStdString(x.path), ver, origin.toHtmlEscaped(),
					     QString::fromStdString(x.license).toHtmlEscaped()));
		QStringList out;
		QStringList in = QString::fromStdString(x.text).split('\n');
		for (int i = 0; i < in.size(); i++)
			out << QString("%1  %2").arg(x.origin == "tree" ? x.first_line + i : i + 1, 5).arg(in[i]);
		// Documents are cached per function and version: stepping in and out of calls switches
		// documents instead of laying the text out again.
		QString key = fn + "@" + ver + "@" + QString::fromStdString(x.origin);
		QTextDocument *doc = docs_.value(key);
		if (!doc) {
			if (docs_.size() > 64) {
				src_->setDocument(nullptr);
				qDeleteAll(docs_);
				docs_.clear();
			}
			doc = new QTextDocument(this);
			doc->setDocumentLayout(new QPlainTextDocumentLayout(doc));
			doc->setDefaultFont(src_->font());
			doc->setPlainText(out.join('\n'));
			docs_.insert(key, doc);
		}
		src_->setDocument(doc);
	}
	if (src_->property("origin").toString().isEmpty())
		return;
	// The current line: this anchor's line, else the definition line.
	// The current line: the anchor's line; at a call's entry its definition line, at its return the
	// closing brace.
	int line = src_->property("anchors").toMap().value(anchor, 0).toInt();
	if (line <= 0 && cur_->hasTrace()) {
		const Step &st = cur_->trace().at(cur_->step());
		if (st.kind == StepKind::Exit)
			line = src_->document()->blockCount();
		else
			for (QTextBlock b = src_->document()->begin(); b.isValid(); b = b.next())
				if (b.text().contains(fn + "(")) {
					line = b.blockNumber() + 1;
					break;
				}
	}
	QTextBlock b = src_->document()->findBlockByNumber(std::max(0, line - 1));
	QTextEdit::ExtraSelection sel;
	sel.format.setBackground(palette().color(QPalette::Highlight).lighter(line > 0 ? 150 : 190));
	sel.format.setProperty(QTextFormat::FullWidthSelection, true);
	sel.cursor = QTextCursor(b);
	src_->setExtraSelections({sel});
	src_->setProperty("currentLine", line);
	QTextCursor c(b);
	src_->setTextCursor(c);
	src_->centerCursor();
}

void SourceView::showAnnotation(const QString &fn, const QString &anchor)
{
	depth_->setItemText(0, tr("Student"));
	depth_->setItemText(1, tr("Engineer"));
	bilingual_->setText(tr("English + 한국어 side by side"));
	const Trace &t = cur_->trace();
	size_t n = cur_->step();
	const Step &s = t.at(n);
	QString info = tr("<p><small><b>Step %1</b> · <tt>%2</tt> · virtual time %3 µs, call depth %4</small></p>")
			   .arg(n)
			   .arg(stepLine(t, n).toHtmlEscaped())
			   .arg(s.time_ns / 1000.0, 0, 'f', 3)
			   .arg(s.depth);
	stepInfo_->setText(info);
	LessonStore *ls = cur_->lessons;
	if (!ls || !ls->loaded()) {
		note_->clear();
		return;
	}
	QString key = QStringList{fn, anchor, ls->lang(), ls->depth(), ls->bilingual() ? "2" : "1", shownTerm_}.join('|');
	if (key == shownNote_)
		return;
	shownNote_ = key;
	depth_->setCurrentIndex(ls->depth() == "engineer" ? 1 : 0);
	{
		QSignalBlocker b(bilingual_);
		bilingual_->setChecked(ls->bilingual());
	}
	// [[term]] -> a link; `code` -> monospace; paragraphs kept.
	auto render = [ls](QString text, const QString &lang) {
		text = text.toHtmlEscaped();
		static const QRegularExpression term(R"(\[\[([A-Za-z0-9_]+)\]\])");
		QString out;
		qsizetype last = 0;
		for (auto it = term.globalMatch(text); it.hasNext();) {
			auto m = it.next();
			out += text.mid(last, m.capturedStart() - last);
			out += QString("<a href=\"term:%1\">%2</a>").arg(m.captured(1), ls->termName(m.captured(1), lang).toHtmlEscaped());
			last = m.capturedEnd();
		}
		out += text.mid(last);
		static const QRegularExpression code("`([^`]+)`");
		out.replace(code, "<tt>\\1</tt>");
		out.replace("\n\n", "</p><p>");
		return "<p>" + out + "</p>";
	};
	auto column = [&](const QString &lang) {
		QString h;
		QString a = anchor.isEmpty() ? QString() : ls->anchorText(anchor, lang);
		if (!a.isEmpty())
			h += QString("<p><b>%1</b></p>").arg(anchor.toHtmlEscaped()) + render(a, lang);
		QString f = ls->functionText(fn, lang);
		if (!f.isEmpty())
			h += QString("<p><b>%1()</b></p>").arg(fn.toHtmlEscaped()) + render(f, lang);
		auto fi = ls->catalog().functions.find(fn.toStdString());
		if (fi != ls->catalog().functions.end() && !fi->second.glossary.empty()) {
			QStringList links;
			for (auto &g : fi->second.glossary)
				links << QString("<a href=\"term:%1\">%2</a>")
					     .arg(QString::fromStdString(g), ls->termName(QString::fromStdString(g), lang).toHtmlEscaped());
			h += "<p><small>" + links.join(" · ") + "</small></p>";
		}
		if (!shownTerm_.isEmpty())
			h += QString("<p style=\"background:palette(alternate-base)\"><b>%1</b>: %2</p>")
				 .arg(ls->termName(shownTerm_, lang).toHtmlEscaped(), render(ls->termText(shownTerm_, lang), lang));
		return h;
	};
	QString body;
	if (ls->bilingual())
		body = QString("<table width=\"100%\"><tr><td width=\"50%\" valign=\"top\">%1</td>"
			       "<td width=\"50%\" valign=\"top\">%2</td></tr></table>")
			   .arg(column("en"), column("ko"));
	else
		body = column(ls->lang());
	if (body.isEmpty())
		body = tr("<p>No annotation for this step.</p>");
	note_->setHtml(body);
}

bool SourceView::runToCursor()
{
	if (!cur_->hasTrace())
		return false;
	if (tabs_->currentIndex() == 0 && !sourceOrigin().isEmpty()) {
		int line = src_->textCursor().blockNumber() + 1;
		QVariantMap anchors = src_->property("anchors").toMap();
		for (auto it = anchors.begin(); it != anchors.end(); ++it)
			if (it.value().toInt() == line) {
				std::vector<Breakpoint> bp{{Breakpoint::Function, it.key().toStdString(), true}};
				size_t n = cur_->nav().cont(cur_->step(), bp);
				cur_->setStep(n);
				return true;
			}
		return false;
	}
	if (auto *it = lines_->currentItem()) {
		cur_->setStep(it->data(Qt::UserRole).toULongLong());
		return true;
	}
	return false;
}

QString SourceView::sourceText() const
{
	return src_->toPlainText();
}

QString SourceView::sourceOrigin() const
{
	return src_->property("origin").toString();
}

int SourceView::currentSourceLine() const
{
	return src_->property("currentLine").toInt();
}

QString SourceView::annotationText() const
{
	return note_->toPlainText();
}

void SourceView::traceReset()
{
	// A new recording: step numbers, frames and the kernel version may all differ.
	shownStack_.clear();
	shownFrame_ = SIZE_MAX;
	shownSourceFn_.clear();
	shownNote_.clear();
}
