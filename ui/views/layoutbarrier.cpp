// SPDX-License-Identifier: GPL-2.0-or-later
#include "layoutbarrier.h"

LayoutBarrier::LayoutBarrier(QWidget *child, QWidget *parent)
    : QWidget(parent), child_(child), hint_(child->sizeHint()), minHint_(child->minimumSizeHint())
{
	child_->setParent(this);
	setSizePolicy(child_->sizePolicy());
}

void LayoutBarrier::resizeEvent(QResizeEvent *e)
{
	child_->setGeometry(rect());
	QWidget::resizeEvent(e);
}
