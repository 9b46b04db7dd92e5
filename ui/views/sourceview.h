// SPDX-License-Identifier: GPL-2.0-or-later
// Source and call stack: the kernel source of the current function for the trace's version (imported
// from the user's tree, or quoted in the owner's notes) with the current line highlighted, the call's
// executed lines, the call stack, and this step's annotation (EN/KO/ZH, student or engineer depth).
#pragma once
#include <QHash>
#include <map>

#include "cursorview.h"

class QListWidget;
class QTextBrowser;
class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QComboBox;
class QCheckBox;

class SourceView : public CursorView
{
	Q_OBJECT
public:
	explicit SourceView(TraceCursor *c, QWidget *parent = nullptr);
	QString title() const override { return tr("Source and call stack"); }
	void retranslate() override;

	// Toggles a breakpoint on the function or line anchor of a listed row (the gutter action).
	void toggleBreakpointAt(size_t step);
	void refreshBreakpoints();
	// Run to cursor: continue to the line anchor under the text cursor in the kernel source, or to
	// the selected executed line. False when neither names a target.
	bool runToCursor();
	// For tests: what the kernel source pane shows.
	QString sourceText() const;
	QString sourceOrigin() const;
	int currentSourceLine() const;
	QString annotationText() const;

protected:
	void refresh() override;
	void traceReset() override;
	void invalidate() override;

private:
	void setStaticTexts();
	void showSource(const QString &fn, const QString &anchor);
	void showAnnotation(const QString &fn, const QString &anchor);
	void forgetSources();
	struct Page;
	Page makePage(const QString &fn, const QString &ver);
	QListWidget *stack_, *lines_ = nullptr, *bps_; // lines_: the shown page of linesStack_
	class QStackedWidget *linesStack_;
	std::vector<std::pair<size_t, QListWidget *>> linePages_; // by frame, least recently shown first
	std::pair<QListWidget *, bool> linesFor(size_t frame);	  // (list, already listed)
	void forgetLines();
	QTextBrowser *note_; // the annotation shown: one of notes_' pages
	class QStackedWidget *notes_;
	std::vector<std::pair<QString, QTextBrowser *>> notePages_; // by body, least recently shown first
	QTextBrowser *noteFor(const QString &body);
	void showNote(const QString &body);
	class StepLine *header_;
	class RichLabel *srcHeader_;
	QPlainTextEdit *src_ = nullptr; // the shown one of srcEditors_
	class QStackedWidget *srcStack_;
	std::vector<QPlainTextEdit *> srcEditors_; // least recently shown first
	void showDocument(class QTextDocument *doc);
	QTabWidget *tabs_;
	QComboBox *depth_;
	QCheckBox *bilingual_;
	size_t shownFrame_ = SIZE_MAX;
	std::vector<size_t> shownStack_;
	QString shownSourceFn_, shownTerm_, shownNote_, shownBody_;
	int shownRow_ = -1; // the executed-lines row marked current
	class StepLine *stepInfo_;
	class QTextDocument *placeholder_;
	// One page per function@version: the header, the rendered document (laid out once; stepping in
	// and out of calls switches documents), its anchors' lines and the definition line. A step in
	// the same function only moves the current-line highlight.
	struct Page {
		QString header, tooltip, origin; // origin "" : doc is null and placeholderText is shown
		QString placeholderText;
		QTextDocument *doc = nullptr;
		QHash<QString, int> anchors; // anchor -> 1-based line
		int defLine = 0;	     // the line with "fn(", for a call's entry
	};
	std::map<QString, Page> pages_;
	const Page *page_ = nullptr; // the shown page (null: none)
	int shownLine_ = -1;	     // the highlighted line of the shown page
	QString origin_;
};
