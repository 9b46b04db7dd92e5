// SPDX-License-Identifier: GPL-2.0-or-later
// Plain text that changes on every step (the step counter, the step's summary line): a bold lead and
// the rest, painted with QPainter::drawText. Setting the text repaints this widget alone: there is no
// HTML to parse, and it asks for a new layout only when the text needs more room than it has had at
// this width (its reserved size only grows until the next resize), so the panes around it stay put.
#pragma once
#include <QTextLayout>
#include <QWidget>

class StepLine : public QWidget
{
	Q_OBJECT
public:
	explicit StepLine(QWidget *parent = nullptr);
	// `lead` is drawn bold, `rest` follows it in the regular weight.
	void setText(const QString &lead, const QString &rest = QString());
	QString text() const { return lead_ + rest_; }
	// On (the default): wraps at the widget's width. Off: one line whose width hint only grows (the
	// status bar's step line).
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
	int heightAt(int w) const; // the height the text needs at width w
	void reserve();		   // grows the reserved size to fit the text; relayout if it grew
	// The text laid out at laidW_ (-1: not laid out): painting draws it, shaping it once per text.
	QTextLayout &laidOutAt(int w) const;
	mutable QTextLayout layout_;
	mutable int laidW_ = -1;
	mutable int measuredW_ = -1, measuredH_ = 0; // heightAt's last answer at another width
	QString lead_, rest_;
	int reservedW_ = 0, reservedH_ = 0;
	bool wrap_ = true;
};
