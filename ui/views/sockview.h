// SPDX-License-Identifier: GPL-2.0-or-later
// Socket state: the tcp_sock fields (changed ones marked), a sequence-space bar, and watches.
#pragma once
#include "cursorview.h"

class QTableWidget;
class QLineEdit;
class QListWidget;

class SeqBar : public QWidget
{
	Q_OBJECT
public:
	explicit SeqBar(TraceCursor *c, QWidget *parent = nullptr) : QWidget(parent), cur_(c)
	{
		setMinimumHeight(70);
	}
	// Repaints when a sequence number or the window it draws moved.
	void refresh(bool force = false);

protected:
	void paintEvent(QPaintEvent *) override;

private:
	TraceCursor *cur_;
	std::vector<int64_t> shown_;
};

class SockView : public CursorView
{
	Q_OBJECT
public:
	explicit SockView(TraceCursor *c, QWidget *parent = nullptr);
	QString title() const override { return tr("Socket state"); }
	void addWatch(const QString &expr);
	void retranslate() override;

protected:
	void refresh() override;
	void invalidate() override
	{
		bar_->refresh(true);
		for (auto &r : shownRows_)
			r.valid = false;
	}

private:
	QTableWidget *table_;
	SeqBar *bar_;
	QLineEdit *watchEdit_;
	QListWidget *watches_;
	QStringList watchExprs_;
	struct Row {
		sp::KeyId key = 0;
		int64_t value = 0, prev = 0;
		bool changed = false, valid = false; // valid: the cells show value/prev/changed
	};
	std::vector<Row> shownRows_;
};
