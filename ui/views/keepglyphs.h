// SPDX-License-Identifier: GPL-2.0-or-later
// A QTextDocument's blocks keep only their line breaks after layout and shape their text again
// (HarfBuzz) every time they are painted. The documents a step switches between (annotations, kernel
// sources, headers) are painted far more often than they change: keeping the shaped glyphs makes a
// repaint a blit of cached glyphs. Call after the document's text is set.
#pragma once
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

inline void keepShapedGlyphs(QTextDocument *doc)
{
	for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
		if (QTextLayout *l = b.layout())
			l->setCacheEnabled(true);
}
