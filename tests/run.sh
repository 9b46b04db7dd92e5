#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The project's one test command (CI runs exactly this on a clean checkout, via .ci/run):
#   1. app/setup.sh: installs what is missing (Debian 12) and builds everything into build/
#   2. every test in build/
#   3. the engine tests again under AddressSanitizer + UndefinedBehaviorSanitizer, built in build-asan/
# Both test passes always run; the exit status is non-zero if the build or either pass failed.
# JOBS (default 2) sets the parallelism of the ASan build and of ctest.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
JOBS=${JOBS:-2}

./app/setup.sh || { echo "tests: setup/build failed" >&2; exit 1; }

status=0
echo "== tests: all tests (build/)"
if ! ctest --test-dir build --output-on-failure --no-tests=error -j"$JOBS"; then
	echo "tests: FAILED in build/" >&2
	status=1
fi

echo "== tests: engine tests under ASan + UBSan (build-asan/)"
if cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSENDPATH_SANITIZE=ON \
	-DSENDPATH_BUILD_APP=OFF >/dev/null &&
	cmake --build build-asan -j"$JOBS"; then
	# Any sanitizer report fails the test that triggered it.
	if ! ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1} \
		UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
		ctest --test-dir build-asan -L engine --output-on-failure --no-tests=error -j"$JOBS"; then
		echo "tests: FAILED under ASan/UBSan (build-asan/)" >&2
		status=1
	fi
else
	echo "tests: the ASan/UBSan build failed" >&2
	status=1
fi

[ $status -eq 0 ] && echo "tests: all passed (build/ and ASan/UBSan engine pass)"
exit $status
