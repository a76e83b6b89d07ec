#!/bin/bash
# unit_decimal128.sh -- compile and run the standalone unit test of
# src/decimal128.c (128-bit decimals, numeric decoding).  Needs no database:
# only the C compiler and libm.  Warnings are fatal.  When python3 is there,
# first checks that tests/unit/decimal128_vectors.h is what
# tests/unit/gen_decimal128_vectors.py writes.  Exits with the test's status.
set -euo pipefail
cd "$(dirname "$0")/../.."

ME=unit_decimal128
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cxkpi_unit_decimal128.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

if command -v python3 >/dev/null 2>&1; then
	python3 tests/unit/gen_decimal128_vectors.py "$WORK/vectors.h"
	if ! cmp -s "$WORK/vectors.h" tests/unit/decimal128_vectors.h; then
		echo "$ME: FAIL: tests/unit/decimal128_vectors.h is not what gen_decimal128_vectors.py writes" >&2
		exit 1
	fi
fi

if ! ${CC:-cc} -O2 -Wall -Wextra -Werror -Isrc -Itests/unit \
	-o "$WORK/test_decimal128" tests/unit/test_decimal128.c src/decimal128.c -lm; then
	echo "$ME: FAIL: compilation failed" >&2
	exit 1
fi

status=0
"$WORK/test_decimal128" || status=$?
if [ "$status" -ne 0 ]; then
	echo "$ME: FAIL (exit status $status)" >&2
fi
exit "$status"
