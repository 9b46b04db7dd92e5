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

protected:
	void paintEvent(QPaintEvent *) override;

private:
	TraceCursor *cur_;
};

class SockView : public CursorView
{
	Q_OBJECT
public:
	explicit SockView(TraceCursor *c, QWidget *parent = nullptr);
	QString title() const override { return tr("Socket state"); }
	void addWatch(const QString &expr);

protected:
	void refresh() override;

private:
	QTableWidget *table_;
	SeqBar *bar_;
	QLineEdit *watchEdit_;
	QListWidget *watches_;
	QStringList watchExprs_;
};
