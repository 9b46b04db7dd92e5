// SPDX-License-Identifier: GPL-2.0-or-later
#include "gatesview.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <set>

using namespace sp;

// The functions whose decisions gate transmission, in the order the path meets them.
static const char *const kGateFns[] = {
    "tcp_write_xmit",
    "tcp_pacing_check",
    "tcp_cwnd_test",
    "tcp_snd_wnd_test",
    "tcp_nagle_test",
    "tcp_tso_should_defer",
    "tcp_small_queue_check",
    "tcp_mss_split_point",
    "__dev_xmit_skb",
    "sch_direct_xmit",
    "validate_xmit_skb",
    "ice_xmit_frame_ring",
    "ice_maybe_stop_tx",
    "__netdev_tx_sent_queue",
    "dql_avail",
    "ice_tx_map",
};

GatesView::GatesView(TraceCursor *c, QWidget *parent) : CursorView(c, parent)
{
	setObjectName("GatesView");
	auto *lay = new QVBoxLayout(this);
	lay->setContentsMargins(2, 2, 2, 2);
	head_ = new QLabel(this);
	head_->setWordWrap(true);
	lay->addWidget(head_);
	table_ = new QTableWidget(0, 4, this);
	table_->verticalHeader()->hide();
	table_->horizontalHeader()->setStretchLastSection(true);
	table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
	table_->setSelectionBehavior(QAbstractItemView::SelectRows);
	lay->addWidget(table_, 1);
	live_ = new QLabel(this);
	live_->setWordWrap(true);
	lay->addWidget(live_);
	connect(table_, &QTableWidget::cellClicked, this,
		[this](int r, int) { cur_->setStep(table_->item(r, 0)->data(Qt::UserRole).toULongLong()); });
	retranslate();
}

void GatesView::findXmit()
{
	xmit_ = 0;
	if (!cur_->hasTrace())
		return;
	const Trace &t = cur_->trace();
	for (size_t i = 1; i < t.strings().size(); i++)
		if (t.strings()[i] == "tcp_write_xmit")
			xmit_ = (StrId)i;
}

void GatesView::retranslate()
{
	table_->setHorizontalHeaderLabels({tr("Step"), tr("Gate"), tr("Outcome"), tr("Numbers")});
	CursorView::retranslate();
}

void GatesView::refresh()
{
	if (!cur_->hasTrace())
		return;
	const Trace &t = cur_->trace();
	size_t n = cur_->step();
	StrId xmit = xmit_;
	// The tcp_write_xmit call that encloses the cursor, or the last one before it.
	size_t begin = SIZE_MAX;
	for (size_t m = n + 1; m-- > 0;)
		if (t.at(m).kind == StepKind::Enter && t.at(m).fn == xmit) {
			begin = m;
			break;
		}
	// The rows depend only on which tcp_write_xmit call is shown; within it, a step only recolours.
	if (begin != shownCall_) {
		shownCall_ = begin;
		shownStep_ = SIZE_MAX; // new rows: colour them all
		table_->setRowCount(0);
		if (begin == SIZE_MAX) {
			head_->setText(tr("tcp_write_xmit has not run yet at this step."));
		} else {
			int d = t.at(begin).depth;
			head_->setText(tr("tcp_write_xmit call at step %1 (%2)")
					   .arg(begin)
					   .arg(QString::fromUtf8(t.text(t.at(begin)).data(),
								  (int)t.at(begin).text_len)));
			std::set<std::string> gates(std::begin(kGateFns), std::end(kGateFns));
			for (size_t i = begin; i < t.size(); i++) {
				const Step &s = t.at(i);
				if (i > begin && s.depth < d)
					break;
				bool line = s.kind == StepKind::Line && gates.count(t.str(s.fn));
				bool exit =
				    s.kind == StepKind::Exit && s.fn != xmit && gates.count(t.str(s.fn));
				if (!line && !exit)
					continue;
				int r = table_->rowCount();
				table_->insertRow(r);
				auto *a = new QTableWidgetItem(QString::number(i));
				a->setData(Qt::UserRole, (qulonglong)i);
				QString gate = line ? QString::fromStdString(t.str(s.anchor))
						    : QString::fromStdString(t.str(s.fn)) + tr(" returned");
				auto *b = new QTableWidgetItem(gate);
				auto *c = new QTableWidgetItem(QString::number(s.value));
				auto *e = new QTableWidgetItem(
				    QString::fromUtf8(t.text(s).data(), (int)s.text_len));
				table_->setItem(r, 0, a);
				table_->setItem(r, 1, b);
				table_->setItem(r, 2, c);
				table_->setItem(r, 3, e);
				if (s.kind == StepKind::Exit && s.fn == xmit)
					break;
			}
		}
	}
	// Past rows in the normal colour, rows after the cursor greyed, the cursor's row highlighted:
	// only the rows whose colouring differs between the shown step and this one are touched.
	QColor future = palette().color(QPalette::Disabled, QPalette::Text);
	QBrush now = palette().color(QPalette::Highlight).lighter(160);
	size_t was = shownStep_;
	shownStep_ = n;
	for (int r = 0; r < table_->rowCount(); r++) {
		size_t i = table_->item(r, 0)->data(Qt::UserRole).toULongLong();
		if (was != SIZE_MAX && (i > was) == (i > n) && (i == was) == (i == n))
			continue;
		for (int c = 0; c < 4; c++) {
			QTableWidgetItem *it = table_->item(r, c);
			it->setForeground(i > n ? QBrush(future) : QBrush());
			it->setBackground(i == n ? now : QBrush());
		}
	}
	const State &s = cur_->state();
	const TraceQuery &q = cur_->query();
	QString live =
	    tr("Now: cwnd %1, in flight %2, snd_wnd %3 · qdisc %4 packets · BQL limit %5, queued %6 · ring "
	       "free %7")
		.arg(q.value(s, "tp", "snd_cwnd"))
		.arg(q.value(s, "tp", "packets_out"))
		.arg(q.value(s, "tp", "snd_wnd"))
		.arg(q.value(s, "qdisc0", "qlen"))
		.arg(q.value(s, "txq0.dql", "limit"))
		.arg(q.value(s, "txq0.dql", "num_queued") - q.value(s, "txq0.dql", "num_completed"))
		.arg(q.value(s, "ring0", "free"));
	if (live_->text() != live)
		live_->setText(live);
}
