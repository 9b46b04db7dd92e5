// SPDX-License-Identifier: GPL-2.0-or-later
// Compare mode view: one scenario on Linux 6.15 and 6.16 side by side. Two step lists that move
// together along the engine's alignment (sp::Comparison, engine/sim/compare.h), the clickable list
// of differences, and the executed lines of the selected call in both versions, diff-highlighted.
// Standalone: it needs no TraceCursor; the main window embeds it and listens to stepsSelected.
#pragma once
#include <QWidget>
#include <memory>

#include "sim/compare.h"

class QLabel;
class QListView;
class QListWidget;
class QTableWidget;
class CompareStepModel;

class CompareView : public QWidget
{
	Q_OBJECT
public:
	static constexpr qulonglong NoStep = ~0ULL; // stepsSelected: no such step in that version

	explicit CompareView(QWidget *parent = nullptr);
	QString title() const { return tr("Compare 6.15 / 6.16"); }

	void setComparison(std::shared_ptr<sp::Comparison> c);
	std::shared_ptr<sp::Comparison> comparison() const { return cmp_; }

	// Moves both step lists to aligned row `row` and shows its call in the diff pane.
	void selectRow(size_t row);
	// Moves to the i-th difference (its first occurrence).
	void selectDifference(int i);
	size_t currentRow() const { return row_; }

	QListView *pane615() const { return panes_[0]; }
	QListView *pane616() const { return panes_[1]; }
	QListWidget *differenceList() const { return diffs_; }
	QTableWidget *callDiff() const { return lines_; }

signals:
	// The steps shown at the selected row in each version (NoStep where that version has none).
	void stepsSelected(qulonglong s615, qulonglong s616);

private:
	void showCall(size_t row);
	void syncFrom(int side, int value);

	std::shared_ptr<sp::Comparison> cmp_;
	QLabel *head_, *callHead_;
	QListWidget *diffs_;
	QListView *panes_[2];
	CompareStepModel *models_[2];
	QTableWidget *lines_;
	size_t row_ = 0;
	bool syncing_ = false;
};
