// SPDX-License-Identifier: GPL-2.0-or-later
#include "compareview.h"

#include <QAbstractListModel>
#include <QBrush>
#include <QFont>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QListWidget>
#include <QScrollBar>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace sp;

namespace
{
// Diff colours: removed in 6.16 (6.15 only), added in 6.16, changed; empty side.
const QColor kOnly615(255, 215, 213), kOnly616(212, 248, 212), kChanged(255, 243, 196), kEmpty(240, 240, 240);

QString stepLabel(const Comparison &c, bool v616, int64_t step, bool indent)
{
	if (step < 0)
		return {};
	const Step &s = c.trace(v616).at((size_t)step);
	QString pad = indent ? QString(std::min<int>(s.depth, 40) * 2, QLatin1Char(' ')) : QString();
	return QStringLiteral("#%1 %2%3").arg(step).arg(pad, QString::fromStdString(c.step_text(v616, step)));
}
} // namespace

// One version's column of the aligned rows (lazy: runs have hundreds of thousands of steps).
class CompareStepModel : public QAbstractListModel
{
public:
	CompareStepModel(bool v616, QObject *parent) : QAbstractListModel(parent), v616_(v616) {}
	void reset(std::shared_ptr<Comparison> c)
	{
		beginResetModel();
		c_ = std::move(c);
		endResetModel();
	}
	int rowCount(const QModelIndex &p = QModelIndex()) const override
	{
		return p.isValid() || !c_ ? 0 : (int)std::min<size_t>(c_->rows.size(), INT_MAX);
	}
	QVariant data(const QModelIndex &i, int role) const override
	{
		if (!c_ || !i.isValid() || (size_t)i.row() >= c_->rows.size())
			return {};
		const AlignedRow &r = c_->rows[(size_t)i.row()];
		int64_t s = v616_ ? r.s616 : r.s615;
		if (role == Qt::DisplayRole)
			return stepLabel(*c_, v616_, s, true);
		if (role == Qt::BackgroundRole) {
			if (s < 0)
				return QBrush(kEmpty);
			if (r.s615 < 0 || r.s616 < 0)
				return QBrush(v616_ ? kOnly616 : kOnly615);
			if (r.differs)
				return QBrush(kChanged);
		}
		return {};
	}

private:
	bool v616_;
	std::shared_ptr<Comparison> c_;
};

CompareView::CompareView(QWidget *parent) : QWidget(parent)
{
	auto *lay = new QVBoxLayout(this);
	head_ = new QLabel(tr("No comparison loaded."), this);
	head_->setWordWrap(true);
	lay->addWidget(head_);

	auto *vsplit = new QSplitter(Qt::Vertical, this);
	auto *hsplit = new QSplitter(Qt::Horizontal, vsplit);
	diffs_ = new QListWidget(hsplit);
	diffs_->setObjectName(QStringLiteral("differences"));
	diffs_->setWordWrap(false);
	diffs_->setToolTip(
	    tr("Differences between the two kernels: click one to move both step lists to it"));
	const char *names[2] = {QT_TR_NOOP("Linux 6.15"), QT_TR_NOOP("Linux 6.16")};
	for (int k = 0; k < 2; k++) {
		auto *box = new QWidget(hsplit);
		auto *bl = new QVBoxLayout(box);
		bl->setContentsMargins(0, 0, 0, 0);
		bl->addWidget(new QLabel(tr(names[k]), box));
		panes_[k] = new QListView(box);
		panes_[k]->setObjectName(k ? QStringLiteral("pane616") : QStringLiteral("pane615"));
		panes_[k]->setUniformItemSizes(true);
		panes_[k]->setFont(QFont(QStringLiteral("monospace")));
		models_[k] = new CompareStepModel(k == 1, this);
		panes_[k]->setModel(models_[k]);
		bl->addWidget(panes_[k]);
	}
	hsplit->setStretchFactor(0, 2);
	hsplit->setStretchFactor(1, 3);
	hsplit->setStretchFactor(2, 3);

	auto *bottom = new QWidget(vsplit);
	auto *bl = new QVBoxLayout(bottom);
	bl->setContentsMargins(0, 0, 0, 0);
	callHead_ = new QLabel(tr("Executed lines of the selected call"), bottom);
	bl->addWidget(callHead_);
	lines_ = new QTableWidget(0, 2, bottom);
	lines_->setObjectName(QStringLiteral("callDiff"));
	lines_->setHorizontalHeaderLabels({tr("Linux 6.15"), tr("Linux 6.16")});
	lines_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
	lines_->verticalHeader()->setVisible(false);
	lines_->setEditTriggers(QAbstractItemView::NoEditTriggers);
	lines_->setSelectionBehavior(QAbstractItemView::SelectRows);
	lines_->setFont(QFont(QStringLiteral("monospace")));
	bl->addWidget(lines_);
	vsplit->setStretchFactor(0, 3);
	vsplit->setStretchFactor(1, 2);
	lay->addWidget(vsplit, 1);

	connect(diffs_, &QListWidget::currentRowChanged, this, [this](int i) {
		if (!syncing_)
			selectDifference(i);
	});
	for (int k = 0; k < 2; k++) {
		connect(panes_[k]->verticalScrollBar(), &QScrollBar::valueChanged, this,
			[this, k](int v) { syncFrom(k, v); });
		connect(panes_[k], &QListView::clicked, this, [this](const QModelIndex &i) {
			if (!syncing_)
				selectRow((size_t)i.row());
		});
	}
}

void CompareView::setComparison(std::shared_ptr<Comparison> c)
{
	cmp_ = std::move(c);
	for (auto *m : models_)
		m->reset(cmp_);
	diffs_->clear();
	lines_->setRowCount(0);
	row_ = 0;
	if (!cmp_ || cmp_->rows.empty()) {
		head_->setText(
		    cmp_ ? tr("Scenario %1: nothing to compare (%2)")
			       .arg(QString::fromStdString(cmp_->scenario),
				    QString::fromStdString(cmp_->run615.error.empty() ? cmp_->run616.error
										      : cmp_->run615.error))
			 : tr("No comparison loaded."));
		return;
	}
	head_->setText(tr("Scenario %1 — Linux 6.15: %2 steps, 6.16: %3 steps; %4 differences")
			   .arg(QString::fromStdString(cmp_->scenario))
			   .arg(cmp_->run615.steps)
			   .arg(cmp_->run616.steps)
			   .arg(cmp_->differences.size()));
	syncing_ = true;
	for (const Difference &d : cmp_->differences) {
		QString text = QStringLiteral("[%1] %2 — %3")
				   .arg(QString::fromLatin1(diff_kind_name(d.kind)),
					QString::fromStdString(d.function), QString::fromStdString(d.detail));
		if (d.count > 1)
			text += tr(" (×%1)").arg(d.count);
		auto *it = new QListWidgetItem(text, diffs_);
		it->setToolTip(QString::fromStdString(d.detail));
	}
	syncing_ = false;
	selectRow(0);
}

void CompareView::selectDifference(int i)
{
	if (!cmp_ || i < 0 || (size_t)i >= cmp_->differences.size())
		return;
	const Difference &d = cmp_->differences[(size_t)i];
	size_t r = std::min(cmp_->row_of(false, d.step_615), cmp_->row_of(true, d.step_616));
	if (r >= cmp_->rows.size())
		r = 0; // wire/frags summaries without a step
	if (diffs_->currentRow() != i) {
		syncing_ = true;
		diffs_->setCurrentRow(i);
		syncing_ = false;
	}
	selectRow(r);
}

void CompareView::selectRow(size_t row)
{
	if (!cmp_ || row >= cmp_->rows.size())
		return;
	row_ = row;
	syncing_ = true;
	for (int k = 0; k < 2; k++) {
		QModelIndex idx = models_[k]->index((int)row);
		panes_[k]->setCurrentIndex(idx);
		panes_[k]->scrollTo(idx, QAbstractItemView::PositionAtCenter);
	}
	syncing_ = false;
	showCall(row);
	const AlignedRow &r = cmp_->rows[row];
	emit stepsSelected(r.s615 < 0 ? NoStep : (qulonglong)r.s615,
			   r.s616 < 0 ? NoStep : (qulonglong)r.s616);
}

void CompareView::syncFrom(int side, int value)
{
	if (syncing_)
		return;
	syncing_ = true;
	panes_[1 - side]->verticalScrollBar()->setValue(value);
	syncing_ = false;
}

void CompareView::showCall(size_t row)
{
	size_t call = cmp_->call_row(row);
	std::vector<AlignedRow> items = cmp_->call_items(call);
	const AlignedRow &head = cmp_->rows[call];
	int64_t s = head.s615 >= 0 ? head.s615 : head.s616;
	const Trace &t = cmp_->trace(head.s615 < 0);
	QString fn = call == 0 ? tr("(top level)") : QString::fromStdString(t.str(t.at((size_t)s).fn));
	callHead_->setText(tr("Executed lines of %1() in both versions: %2 rows").arg(fn).arg(items.size()));
	lines_->setRowCount((int)items.size());
	const AlignedRow &sel = cmp_->rows[row];
	int selRow = -1;
	for (size_t i = 0; i < items.size(); i++) {
		const AlignedRow &r = items[i];
		QColor bg = r.s615 < 0 ? kOnly616 : r.s616 < 0 ? kOnly615 : r.differs ? kChanged : QColor();
		for (int k = 0; k < 2; k++) {
			int64_t st = k ? r.s616 : r.s615;
			auto *it = new QTableWidgetItem(stepLabel(*cmp_, k == 1, st, false));
			if (st < 0)
				it->setBackground(kEmpty);
			else if (bg.isValid())
				it->setBackground(bg);
			lines_->setItem((int)i, k, it);
		}
		if ((r.s615 >= 0 && r.s615 == sel.s615) || (r.s616 >= 0 && r.s616 == sel.s616))
			selRow = (int)i;
	}
	if (selRow >= 0) {
		lines_->selectRow(selRow);
		lines_->scrollToItem(lines_->item(selRow, 0));
	}
}
