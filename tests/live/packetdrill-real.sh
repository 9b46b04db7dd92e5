#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run packetdrill scripts on this machine's real kernel, each in its own network namespace, to tell
# model differences from scripts that a current kernel fails too (see README.md here).
# usage: PACKETDRILL=/path/to/packetdrill tests/live/packetdrill-real.sh DIR_OR_SCRIPT...
#   PACKETDRILL: a packetdrill binary built from github.com/google/packetdrill (not shipped here).
#   Needs root. Scripts that use `../common/defaults.sh` need packetdrill's gtests/net/tcp/common
#   next to them: set PACKETDRILL_COMMON to that directory and it is linked into a scratch copy.
set -u
pd=${PACKETDRILL:?set PACKETDRILL to a packetdrill binary}
[ "$(id -u)" = 0 ] || { echo "packetdrill-real: needs root (unshare -n, tun)" >&2; exit 77; }
scratch=$(mktemp -d /tmp/sp-pdreal.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
pass=0 fail=0
i=0
for arg in "$@"; do
	i=$((i + 1))
	name=$(basename "$arg")
	top="$scratch/$i"
	mkdir -p "$top/sub"
	cp -r "$arg" "$top/sub/$name"
	if [ -n "${PACKETDRILL_COMMON:-}" ]; then
		# ../common and ../../common, seen from the copied files
		ln -sfn "$PACKETDRILL_COMMON" "$top/common"
		ln -sfn "$PACKETDRILL_COMMON" "$top/sub/common"
		[ -d "$top/sub/$name" ] && ln -sfn "$PACKETDRILL_COMMON" "$top/sub/$name/common"
	fi
	while IFS= read -r f; do
		out=$(cd "$(dirname "$f")" && timeout 120 unshare -n "$pd" "$(basename "$f")" 2>&1)
		if [ $? = 0 ]; then
			pass=$((pass + 1)); echo "pass        ${f#$top/sub/}"
		else
			fail=$((fail + 1))
			echo "fail        ${f#$top/sub/}: $(echo "$out" | grep -v '^sysctl' | tail -2 | tr '\n' ' ' | cut -c1-240)"
		fi
	done < <(find "$top/sub/$name" -name '*.pkt' | sort)
done
echo "real kernel $(uname -r): $pass passed, $fail failed"
