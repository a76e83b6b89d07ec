#!/bin/bash
# unit_stats.sh -- compile and run the standalone unit test of src/stats.c
# (normal and Student-t helpers).  Needs no database: it only uses the C
# compiler and libm.  Warnings are fatal.  Exits with the test's status.
set -euo pipefail
cd "$(dirname "$0")/../.."

ME=unit_stats
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cxkpi_unit_stats.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

if ! ${CC:-cc} -O2 -Wall -Wextra -Werror -Isrc \
	-o "$WORK/test_stats" tests/unit/test_stats.c src/stats.c -lm; then
	echo "$ME: FAIL: compilation failed" >&2
	exit 1
fi

status=0
"$WORK/test_stats" || status=$?
if [ "$status" -ne 0 ]; then
	echo "$ME: FAIL (exit status $status)" >&2
fi
exit "$status"
