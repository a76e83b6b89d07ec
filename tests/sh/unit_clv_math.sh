#!/bin/bash
# unit_clv_math.sh -- compile and run the standalone unit test of
# src/clv_math.c (BG/NBD and Gamma-Gamma likelihoods, fits, scoring, CLV).
# Needs no database: only the C compiler and libm.  Warnings are fatal.
# When python3 with mpmath is there, first checks that
# tests/unit/clv_math_vectors.h is what tests/unit/gen_clv_math_vectors.py
# writes.  Exits with the test's status.
set -euo pipefail
cd "$(dirname "$0")/../.."

ME=unit_clv_math
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cxkpi_unit_clv_math.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

if command -v python3 >/dev/null 2>&1 && python3 -c 'import mpmath' 2>/dev/null; then
	python3 tests/unit/gen_clv_math_vectors.py "$WORK/vectors.h"
	if ! cmp -s "$WORK/vectors.h" tests/unit/clv_math_vectors.h; then
		echo "$ME: FAIL: tests/unit/clv_math_vectors.h is not what gen_clv_math_vectors.py writes" >&2
		exit 1
	fi
else
	echo "$ME: python3 with mpmath not found, vectors not regenerated"
fi

if ! ${CC:-cc} -O2 -Wall -Wextra -Werror -Isrc -Itests/unit \
	-o "$WORK/test_clv_math" tests/unit/test_clv_math.c src/clv_math.c -lm; then
	echo "$ME: FAIL: compilation failed" >&2
	exit 1
fi

status=0
"$WORK/test_clv_math" || status=$?
if [ "$status" -ne 0 ]; then
	echo "$ME: FAIL (exit status $status)" >&2
fi
exit "$status"
