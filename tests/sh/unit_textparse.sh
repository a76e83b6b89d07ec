#!/bin/bash
# unit_textparse.sh -- compile and run the standalone unit test of
# src/textparse.c (the bounded number scanner of every text input).  Needs
# no database.  Warnings are fatal.  Exits with the test's status.
set -euo pipefail
cd "$(dirname "$0")/../.."

ME=unit_textparse
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cxkpi_unit_textparse.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

if ! ${CC:-cc} -O2 -Wall -Wextra -Werror -Isrc \
	-o "$WORK/test_textparse" tests/unit/test_textparse.c src/textparse.c; then
	echo "$ME: FAIL: compilation failed" >&2
	exit 1
fi

status=0
"$WORK/test_textparse" || status=$?
if [ "$status" -ne 0 ]; then
	echo "$ME: FAIL (exit status $status)" >&2
fi
exit "$status"
