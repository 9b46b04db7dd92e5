// SPDX-License-Identifier: GPL-2.0-or-later
// A word-wrapped rich-text label for text that changes on every step (the step line, the frame
// header, the source header). A QLabel lays its text out again at several widths and asks its
// parents to lay out again on every setText; this one lays the text out once at its width, repaints
// only itself, and asks for a new layout only when it needs more height than it has — it keeps the
// tallest height it needed at this width (until the next resize), so stepping does not make the
// panes below it jump.
#pragma once
#include <QTextDocument>
#include <QWidget>

class RichLabel : public QWidget
{
	Q_OBJECT
public:
	explicit RichLabel(QWidget *parent = nullptr);
	void setText(const QString &html);
	QString text() const { return text_; }
	QString plainText() const { return doc_.toPlainText(); }
	// Off: one line at its natural width, which only grows (the status bar's step line).
	void setWordWrap(bool on);

	bool hasHeightForWidth() const override { return wrap_; }
	int heightForWidth(int w) const override;
	QSize sizeHint() const override;
	QSize minimumSizeHint() const override;

protected:
	void paintEvent(QPaintEvent *e) override;
	void resizeEvent(QResizeEvent *e) override;
	void changeEvent(QEvent *e) override;

private:
	int layoutAt(int w) const; // height of the text laid out at width w
	mutable QTextDocument doc_;
	QString text_;
	mutable int laidW_ = -1, laidH_ = 0; // the height at width laidW_ (-1: the text changed)
	mutable int docW_ = -2;		     // the width the document is laid out at
	int reserved_ = 0;		     // the tallest height needed at the current width
	int reservedW_ = 0;		     // without word wrap: the widest line so far
	bool wrap_ = true;
};
