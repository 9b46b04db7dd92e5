#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs what is missing (Debian 12), builds, and starts SendPath: the desktop app when it is built
# and a display is available (arguments are passed to it), otherwise the command-line tool's summary
# of the default scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
./app/setup.sh
if [ -x build/bin/sendpath ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
	exec build/bin/sendpath "$@"
fi
if [ -x build/bin/sendpath ]; then
	echo "run: no display (DISPLAY/WAYLAND_DISPLAY unset); showing the command-line summary instead" >&2
else
	echo "run: the desktop app is not built; showing the command-line summary instead" >&2
fi
exec build/bin/sendpath-cli run --scenario default --summary
