// SPDX-License-Identifier: GPL-2.0-or-later
#include "sockview.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace sp;

SockView::SockView(TraceCursor *c, QWidget *parent) : CursorView(c, parent)
{
	setObjectName("SockView");
	auto *lay = new QVBoxLayout(this);
	lay->setContentsMargins(2, 2, 2, 2);
	bar_ = new SeqBar(c, this);
	lay->addWidget(bar_);
	table_ = new QTableWidget(0, 3, this);
	table_->verticalHeader()->hide();
	table_->horizontalHeader()->setStretchLastSection(true);
	table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
	lay->addWidget(table_, 1);
	watchEdit_ = new QLineEdit(this);
	lay->addWidget(watchEdit_);
	watches_ = new QListWidget(this);
	watches_->setMaximumHeight(90);
	lay->addWidget(watches_);
	connect(watchEdit_, &QLineEdit::returnPressed, this, [this] {
		addWatch(watchEdit_->text());
		watchEdit_->clear();
	});
	connect(table_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
		// Jump to the step that last wrote this field.
		KeyId k = table_->item(row, 0)->data(Qt::UserRole).toUInt();
		if (auto s = cur_->index().who_wrote(k, cur_->step()))
			cur_->setStep(*s);
	});
	retranslate();
}

void SockView::addWatch(const QString &expr)
{
	if (expr.trimmed().isEmpty())
		return;
	watchExprs_ << expr.trimmed();
	refresh();
}

void SockView::retranslate()
{
	table_->setHorizontalHeaderLabels({tr("Field"), tr("Value"), tr("Before this step")});
	watchEdit_->setPlaceholderText(tr("Watch expression, e.g. tp.snd_nxt - tp.snd_una"));
	CursorView::retranslate();
}

void SockView::refresh()
{
	bar_->refresh();
	if (!cur_->hasTrace())
		return;
	const State &s = cur_->state();
	std::vector<std::pair<std::string, KeyId>> rows;
	for (const char *obj : {"tp", "icsk", "sk"})
		for (auto &[f, k] : cur_->query().fields_of(obj, s.step))
			rows.push_back({std::string(obj) + "->" + f, k});
	// Rows are rebuilt only when the set of fields changes; otherwise updated in place (fast steps).
	bool same = shownRows_.size() == rows.size();
	for (size_t r = 0; same && r < rows.size(); r++)
		same = shownRows_[r].key == rows[r].second;
	if (!same) {
		table_->setRowCount((int)rows.size());
		shownRows_.assign(rows.size(), {});
		for (int r = 0; r < (int)rows.size(); r++) {
			auto *name = new QTableWidgetItem(QString::fromStdString(rows[r].first));
			name->setData(Qt::UserRole, rows[r].second);
			table_->setItem(r, 0, name);
			table_->setItem(r, 1, new QTableWidgetItem);
			table_->setItem(r, 2, new QTableWidgetItem);
			shownRows_[r].key = rows[r].second;
		}
	}
	// Only cells whose value or mark changed are written.
	QColor hl = palette().color(QPalette::Highlight);
	hl.setAlpha(90);
	const QBrush none, mark(hl);
	for (int r = 0; r < (int)rows.size(); r++) {
		Row &row = shownRows_[r];
		KeyId k = row.key;
		bool ch = cur_->changedHere(k);
		int64_t v = s.value(k), prev = ch ? cur_->previousValue(k) : 0;
		if (row.valid && row.value == v && row.changed == ch && row.prev == prev)
			continue;
		table_->item(r, 1)->setText(QString::number(v));
		table_->item(r, 2)->setText(ch ? QString::number(prev) : QString());
		for (int c = 0; c < 3; c++)
			table_->item(r, c)->setBackground(ch ? mark : none);
		row = {k, v, prev, ch, true};
	}
	// Watches: items are rewritten only when their text changed.
	QStringList w;
	for (auto &e : watchExprs_) {
		std::string err;
		auto c = Condition::parse(e.toStdString(), cur_->trace(), err);
		w << (c ? QString("%1 = %2").arg(e).arg(c->value(s))
			: QString("%1: %2").arg(e, QString::fromStdString(err)));
	}
	if (watches_->count() != w.size()) {
		watches_->clear();
		watches_->addItems(w);
	}
	for (int i = 0; i < w.size(); i++)
		if (watches_->item(i)->text() != w[i])
			watches_->item(i)->setText(w[i]);
}

void SeqBar::refresh(bool force)
{
	std::vector<int64_t> v;
	if (cur_->hasTrace()) {
		const State &s = cur_->state();
		const TraceQuery &q = cur_->query();
		for (const char *f : {"snd_una", "snd_nxt", "write_seq", "snd_wnd", "pushed_seq"})
			v.push_back(q.value(s, "tp", f));
	}
	if (v == shown_ && !force)
		return;
	shown_ = std::move(v);
	update();
}

void SeqBar::paintEvent(QPaintEvent *)
{
	QPainter p(this);
	p.setRenderHint(QPainter::Antialiasing);
	if (!cur_->hasTrace())
		return;
	const State &s = cur_->state();
	const TraceQuery &q = cur_->query();
	u32 una = (u32)q.value(s, "tp", "snd_una"), nxt = (u32)q.value(s, "tp", "snd_nxt");
	u32 wseq = (u32)q.value(s, "tp", "write_seq"), wnd = (u32)q.value(s, "tp", "snd_wnd");
	u32 pushed = (u32)q.value(s, "tp", "pushed_seq");
	u32 wend = una + wnd;
	u32 hi = std::max({wseq - una, wnd, nxt - una, 1u});
	QRectF r(10, 22, width() - 20, 18);
	auto x = [&](u32 seq) { return r.left() + r.width() * (double)(u32)(seq - una) / hi; };
	p.fillRect(r, palette().color(QPalette::AlternateBase));
	p.fillRect(QRectF(x(una), r.top(), x(nxt) - x(una), r.height()), QColor(230, 160, 60));	  // in flight
	p.fillRect(QRectF(x(nxt), r.top(), x(wseq) - x(nxt), r.height()), QColor(120, 170, 230)); // not sent
	p.setPen(QPen(QColor(200, 40, 40), 2));
	p.drawLine(QPointF(x(wend), r.top() - 6), QPointF(x(wend), r.bottom() + 6));
	p.setPen(QPen(QColor(60, 140, 60), 2, Qt::DashLine));
	p.drawLine(QPointF(x(pushed), r.top() - 4), QPointF(x(pushed), r.bottom() + 4));
	p.setPen(palette().color(QPalette::WindowText));
	QFont f = font();
	f.setPointSizeF(f.pointSizeF() * 0.85);
	p.setFont(f);
	p.drawText(QPointF(r.left(), 14), tr("snd_una %1").arg(una));
	p.drawText(QPointF(r.left(), r.bottom() + 16),
		   tr("in flight %1 B · unsent %2 B · window end +%3 · pushed_seq +%4")
		       .arg((u32)(nxt - una))
		       .arg((u32)(wseq - nxt))
		       .arg(wnd)
		       .arg((u32)(pushed - una)));
}
