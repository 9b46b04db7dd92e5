// SPDX-License-Identifier: GPL-2.0-or-later
#include "sourceview.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextDocumentLayout>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>
#include <algorithm>

#include "keepglyphs.h"
#include "layoutbarrier.h"
#include "lessonstore.h"
#include "richlabel.h"
#include "statictextdelegate.h"
#include "stepline.h"

using namespace sp;

SourceView::SourceView(TraceCursor *c, QWidget *parent) : CursorView(c, parent)
{
	setObjectName("SourceView");
	auto *lay = new QVBoxLayout(this);
	lay->setContentsMargins(2, 2, 2, 2);
	header_ = new StepLine(this);
	lay->addWidget(header_);
	auto *split = new QSplitter(Qt::Vertical, this);
	// Tab 1: the kernel source of the current function; tab 2: this call's executed lines.
	tabs_ = new QTabWidget(split);
	auto *srcPage = new QWidget(tabs_);
	auto *srcLay = new QVBoxLayout(srcPage);
	srcLay->setContentsMargins(0, 0, 0, 0);
	srcHeader_ = new RichLabel(srcPage);
	srcLay->addWidget(srcHeader_);
	srcStack_ = new QStackedWidget;
	srcLay->addWidget(new LayoutBarrier(srcStack_, srcPage), 1);
	tabs_->addTab(srcPage, QString());
	linesStack_ = new QStackedWidget;
	tabs_->addTab(new LayoutBarrier(linesStack_, tabs_), QString());
	stack_ = new QListWidget(split);
	stack_->setUniformItemSizes(true);
	stack_->setItemDelegate(new StaticTextDelegate(stack_));
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
	notes_ = new QStackedWidget;
	note_ = noteFor(QString());
	noteLay->addWidget(new LayoutBarrier(notes_, notePage), 1);
	stepInfo_ = new StepLine(notePage);
	noteLay->addWidget(stepInfo_);
	placeholder_ = new QTextDocument(this);
	placeholder_->setDocumentLayout(new QPlainTextDocumentLayout(placeholder_));
	showDocument(placeholder_);
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
			emit cur_->breakpointsChanged(); // lists again, without the removed mark
		}
	});
	connect(c, &TraceCursor::breakpointsChanged, this, [this] {
		refreshBreakpoints();
		forgetLines(); // the rows mark breakpoints
		shownFrame_ = SIZE_MAX;
		refresh();
	});
	lay->addWidget(split);
	if (c->lessons)
		connect(c->lessons, &LessonStore::changed, this, [this] {
			forgetSources();
			shownNote_.clear();
			refresh();
		});
	auto jump = [this](QListWidgetItem *it) {
		if (it)
			cur_->setStep(it->data(Qt::UserRole).toULongLong());
	};
	connect(stack_, &QListWidget::itemClicked, this, jump);
	lines_ = linesFor(SIZE_MAX).first;
	setStaticTexts();
}

std::pair<QListWidget *, bool> SourceView::linesFor(size_t frame)
{
	// The executed lines of the frames shown last stay listed, one list each: returning from a call
	// shows the caller's list again instead of listing it again.
	for (size_t i = 0; i < linePages_.size(); i++)
		if (linePages_[i].first == frame) {
			auto p = linePages_[i];
			linePages_.erase(linePages_.begin() + i);
			linePages_.push_back(p);
			return {p.second, true};
		}
	QListWidget *l;
	if (linePages_.size() < 16) {
		l = new QListWidget(linesStack_);
		l->setFont(QFont("DejaVu Sans Mono"));
		l->setUniformItemSizes(true); // one line each: no per-item layout when a frame is listed
		l->setItemDelegate(new StaticTextDelegate(l));
		linesStack_->addWidget(l);
		// The gutter: double-click a row to toggle a breakpoint on that line (or on the called
		// function); a click jumps to the row's step.
		connect(l, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem *it) {
			toggleBreakpointAt(it->data(Qt::UserRole).toULongLong());
		});
		auto jump = [this](QListWidgetItem *it) {
			if (it)
				cur_->setStep(it->data(Qt::UserRole).toULongLong());
		};
		connect(l, &QListWidget::itemActivated, this, jump);
		connect(l, &QListWidget::itemClicked, this, jump);
	} else {
		l = linePages_.front().second;
		linePages_.erase(linePages_.begin());
	}
	l->clear();
	linePages_.push_back({frame, l});
	return {l, false};
}

QTextBrowser *SourceView::noteFor(const QString &body)
{
	// The annotations shown last stay laid out, each in its own browser: stepping back and forth
	// between lines shows one again without parsing and laying out its text again.
	for (size_t i = 0; i < notePages_.size(); i++)
		if (notePages_[i].first == body) {
			auto p = notePages_[i];
			notePages_.erase(notePages_.begin() + i);
			notePages_.push_back(p);
			return p.second;
		}
	QTextBrowser *b;
	if (notePages_.size() < 48) {
		b = new QTextBrowser(notes_);
		b->resize(notes_->size()); // laid out once, at the size it is shown at
		b->setOpenLinks(false);
		notes_->addWidget(b);
		// Glossary links in the annotation show the term's definition below it.
		connect(b, &QTextBrowser::anchorClicked, this, [this](const QUrl &u) {
			if (u.scheme() == "term") {
				shownTerm_ = shownTerm_ == u.path() ? QString() : u.path();
				refresh();
			}
		});
	} else {
		b = notePages_.front().second;
		notePages_.erase(notePages_.begin());
	}
	if (body.isEmpty())
		b->clear();
	else
		b->setHtml(body), keepShapedGlyphs(b->document());
	notePages_.push_back({body, b});
	return b;
}

void SourceView::showDocument(QTextDocument *doc)
{
	// The sources shown last stay in their own editors, laid out: stepping into and out of calls
	// switches editors instead of laying a document out again in one editor.
	QPlainTextEdit *e = nullptr;
	for (size_t i = 0; i < srcEditors_.size() && !e; i++)
		if (srcEditors_[i]->document() == doc) {
			e = srcEditors_[i];
			srcEditors_.erase(srcEditors_.begin() + i);
		}
	if (!e && srcEditors_.size() < 24) {
		e = new QPlainTextEdit(srcStack_);
		e->resize(srcStack_->size());
		e->setReadOnly(true);
		e->setLineWrapMode(QPlainTextEdit::NoWrap);
		e->setFont(QFont("DejaVu Sans Mono"));
		srcStack_->addWidget(e);
	} else if (!e) {
		e = srcEditors_.front();
		srcEditors_.erase(srcEditors_.begin());
	}
	if (e->document() != doc) {
		e->setExtraSelections({});
		e->setDocument(doc);
	}
	srcEditors_.push_back(e);
	srcStack_->setCurrentWidget(e);
	src_ = e;
}

void SourceView::showNote(const QString &body)
{
	note_ = noteFor(body);
	notes_->setCurrentWidget(note_);
}

void SourceView::setStaticTexts()
{
	tabs_->setTabText(0, tr("Kernel source"));
	tabs_->setTabText(1, tr("Executed lines"));
	depth_->setItemText(0, tr("Student"));
	depth_->setItemText(1, tr("Engineer"));
	bilingual_->setText(tr("English + 한국어 side by side"));
}

void SourceView::retranslate()
{
	setStaticTexts();
	refreshBreakpoints();	   // the hint shown when there are none
	CursorView::retranslate(); // invalidate(): the pages and the annotation are rendered again
}

void SourceView::invalidate()
{
	forgetSources();
	shownStack_.clear();
	shownFrame_ = SIZE_MAX;
	shownNote_.clear();
	shownBody_.clear();
	forgetLines();
	for (auto &p : notePages_)
		if (p.second != note_)
			p.first = QStringLiteral("\x01"); // rendered before: set again when needed
}

void SourceView::forgetLines()
{
	// The lists are listed again when shown (breakpoint marks, language, a new trace).
	for (auto &p : linePages_)
		p.first = SIZE_MAX - 1;
	if (lines_)
		lines_->clear();
}

void SourceView::forgetSources()
{
	// The editors let go of the pages' documents before they are deleted.
	for (QPlainTextEdit *e : srcEditors_)
		if (e->document() != placeholder_) {
			e->setExtraSelections({});
			e->setDocument(nullptr); // an empty document of its own
		}
	showDocument(placeholder_);
	for (auto &[k, pg] : pages_)
		delete pg.doc;
	pages_.clear();
	page_ = nullptr;
	origin_.clear();
	shownSourceFn_.clear();
	shownLine_ = -1;
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
		header_->setText(QString(), tr("No run loaded"));
		forgetLines();
		shownFrame_ = SIZE_MAX;
		stack_->clear();
		shownStack_.clear();
		showNote(QString());
		shownNote_.clear();
		shownBody_.clear();
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
			auto *item =
			    new QListWidgetItem(QString("#%1  %2").arg(*it).arg(stepLine(t, *it)), stack_);
			item->setData(Qt::UserRole, (qulonglong)*it);
		}
	}
	// The innermost frame's execution: its own lines, and each child call collapsed to one row.
	size_t frame = stack.empty() ? 0 : stack.back();
	int depth = stack.empty() ? 0 : t.at(frame).depth;
	// Plain text: the function name bold, then the step number (StepLine: no HTML per step).
	if (stack.empty())
		header_->setText(QString(), tr("Outside any kernel function"));
	else
		header_->setText(QString::fromStdString(t.str(t.at(frame).fn)),
				 tr(" · step %1 of %2").arg(n).arg(t.size() - 1));
	bool listed = frame == shownFrame_;
	if (!listed) {
		shownFrame_ = frame;
		auto [l, cached] = linesFor(frame);
		lines_ = l;
		linesStack_->setCurrentWidget(l);
		listed = cached;
	}
	if (!listed) {
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
	if (best >= 0 && best != lines_->currentRow()) {
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

SourceView::Page SourceView::makePage(const QString &fn, const QString &ver)
{
	LessonStore *ls = cur_->lessons;
	Page pg;
	auto fi = ls->catalog().functions.find(fn.toStdString());
	sp::lessons::SourceExcerpt x = ls->source(fn, ver);
	pg.origin = QString::fromStdString(x.origin);
	if (x.origin.empty()) {
		QString kind =
		    fi != ls->catalog().functions.end() ? QString::fromStdString(fi->second.kind) : "";
		if (kind == "device" || kind == "model") {
			pg.header = tr("<b>%1</b> — not kernel code: %2")
					.arg(fn.toHtmlEscaped(),
					     QString::fromStdString(fi->second.ref).toHtmlEscaped());
			pg.placeholderText =
			    tr("This step belongs to the emulated hardware or the simulated peer; "
			       "the annotation explains what it models.");
		} else {
			QString path = fi != ls->catalog().functions.end()
					   ? QString::fromStdString(fi->second.file_for(ver.toStdString()))
					   : QString();
			pg.header = tr("<b>%1</b> — %2 · Linux %3").arg(fn.toHtmlEscaped(), path, ver);
			pg.placeholderText =
			    tr("No kernel source for %1 in Linux %2 yet.\n\nSendPath ships no Linux source. "
			       "Import the modelled functions from your own kernel tree with File > Kernel "
			       "source... (or: sendpath-cli lessons import-source --kernel %2 --tree ~/linux "
			       "[--rev v%2]). The Executed lines tab shows what the model ran.")
				.arg(fn, ver);
		}
		return pg;
	}
	// The notes' provenance (which note, what version its text shows) can be long: a tooltip.
	QString prov = QString::fromStdString(x.provenance);
	QString origin = x.origin == "tree" ? tr("imported from %1").arg(prov)
					    : tr("quoted in the notes: %1").arg(prov.section(' ', 0, 1));
	pg.tooltip = prov;
	pg.header = tr("<b>%1</b> — %2 · Linux %3 · %4<br><small>%5. Linux kernel source is "
		       "GPL-2.0; SendPath is GPL-2.0-or-later.</small>")
			.arg(fn.toHtmlEscaped(), QString::fromStdString(x.path), ver, origin.toHtmlEscaped(),
			     QString::fromStdString(x.license).toHtmlEscaped());
	QStringList out;
	QStringList in = QString::fromStdString(x.text).split('\n');
	for (int i = 0; i < in.size(); i++) {
		out << QString("%1  %2").arg(x.origin == "tree" ? x.first_line + i : i + 1, 5).arg(in[i]);
		if (!pg.defLine && out.back().contains(fn + "("))
			pg.defLine = i + 1;
	}
	for (auto &[a, l] : x.anchor_line)
		pg.anchors.insert(QString::fromStdString(a), l);
	pg.doc = new QTextDocument(this);
	pg.doc->setDocumentLayout(new QPlainTextDocumentLayout(pg.doc));
	pg.doc->setDefaultFont(src_->font());
	pg.doc->setPlainText(out.join('\n'));
	keepShapedGlyphs(pg.doc);
	return pg;
}

void SourceView::showSource(const QString &fn, const QString &anchor)
{
	LessonStore *ls = cur_->lessons;
	if (fn != shownSourceFn_) {
		shownSourceFn_ = fn;
		shownLine_ = -1;
		page_ = nullptr;
		origin_.clear();
		if (!ls || !ls->loaded() || fn.isEmpty()) {
			srcHeader_->setToolTip(QString());
			srcHeader_->setText(ls && ls->loaded() ? QString()
							       : tr("No lessons database loaded."));
			showDocument(placeholder_);
			placeholder_->clear();
			return;
		}
		QString key = fn + "@" + cur_->kernel();
		auto it = pages_.find(key);
		if (it == pages_.end()) {
			if (pages_.size() > 64) // a bound on the laid-out documents kept
				forgetSources(), shownSourceFn_ = fn;
			it = pages_.emplace(key, makePage(fn, cur_->kernel())).first;
		}
		page_ = &it->second;
		origin_ = page_->origin;
		srcHeader_->setToolTip(page_->tooltip);
		srcHeader_->setText(page_->header);
		if (page_->doc) {
			showDocument(page_->doc);
		} else {
			showDocument(placeholder_);
			placeholder_->setPlainText(page_->placeholderText);
		}
	}
	if (!page_ || !page_->doc || !cur_->hasTrace())
		return;
	// The current line: the anchor's line; at a call's entry its definition line, at its return the
	// closing brace. Only a changed line moves the highlight; the view scrolls only when the line is
	// off-screen.
	int line = page_->anchors.value(anchor, 0);
	if (line <= 0)
		line = cur_->trace().at(cur_->step()).kind == StepKind::Exit ? page_->doc->blockCount()
									     : page_->defLine;
	if (line == shownLine_)
		return;
	shownLine_ = line;
	QTextBlock b = page_->doc->findBlockByNumber(std::max(0, line - 1));
	QTextEdit::ExtraSelection sel;
	sel.format.setBackground(palette().color(QPalette::Highlight).lighter(line > 0 ? 150 : 190));
	sel.format.setProperty(QTextFormat::FullWidthSelection, true);
	sel.cursor = QTextCursor(b);
	src_->setExtraSelections({sel});
	QTextCursor c(b);
	bool onScreen = src_->viewport()->rect().contains(src_->cursorRect(c));
	src_->setTextCursor(c);
	if (!onScreen)
		src_->centerCursor();
}

void SourceView::showAnnotation(const QString &fn, const QString &anchor)
{
	const Trace &t = cur_->trace();
	size_t n = cur_->step();
	const Step &s = t.at(n);
	stepInfo_->setText(tr("Step %1").arg(n), tr(" · %1 · virtual time %2 µs, call depth %3")
						     .arg(stepLine(t, n))
						     .arg(s.time_ns / 1000.0, 0, 'f', 3)
						     .arg(s.depth));
	LessonStore *ls = cur_->lessons;
	if (!ls || !ls->loaded()) {
		if (!shownBody_.isEmpty() || shownNote_.isEmpty())
			showNote(QString());
		shownBody_.clear();
		shownNote_ = "-";
		return;
	}
	QString key =
	    QStringList{fn, anchor, ls->lang(), ls->depth(), ls->bilingual() ? "2" : "1", shownTerm_}.join(
		'|');
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
			out += QString("<a href=\"term:%1\">%2</a>")
				   .arg(m.captured(1), ls->termName(m.captured(1), lang).toHtmlEscaped());
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
				links
				    << QString("<a href=\"term:%1\">%2</a>")
					   .arg(
					       QString::fromStdString(g),
					       ls->termName(QString::fromStdString(g), lang).toHtmlEscaped());
			h += "<p><small>" + links.join(" · ") + "</small></p>";
		}
		if (!shownTerm_.isEmpty())
			h += QString("<p style=\"background:palette(alternate-base)\"><b>%1</b>: %2</p>")
				 .arg(ls->termName(shownTerm_, lang).toHtmlEscaped(),
				      render(ls->termText(shownTerm_, lang), lang));
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
	// Anchors without a text of their own show the function's: the same page is not set again.
	if (body == shownBody_)
		return;
	shownBody_ = body;
	showNote(body);
}

bool SourceView::runToCursor()
{
	if (!cur_->hasTrace())
		return false;
	if (tabs_->currentIndex() == 0 && !sourceOrigin().isEmpty()) {
		int line = src_->textCursor().blockNumber() + 1;
		const QHash<QString, int> none, &anchors = page_ ? page_->anchors : none;
		for (auto it = anchors.begin(); it != anchors.end(); ++it)
			if (it.value() == line) {
				std::vector<Breakpoint> bp{
				    {Breakpoint::Function, it.key().toStdString(), true}};
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
	return origin_;
}

int SourceView::currentSourceLine() const
{
	return page_ && page_->doc ? std::max(0, shownLine_) : 0;
}

QString SourceView::annotationText() const
{
	return note_->toPlainText();
}

void SourceView::traceReset()
{
	// A new recording: step numbers, frames and the kernel version may all differ (invalidate()
	// has forgotten what was shown).
}
