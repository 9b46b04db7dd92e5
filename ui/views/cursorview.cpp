// SPDX-License-Identifier: GPL-2.0-or-later
// (gives AUTOMOC a source beside cursorview.h so the base class gets its meta-object)
#include "cursorview.h"
