#!/bin/bash
# unit_rate_math.sh -- compile and run the standalone unit test of
# src/rate_math.c (beta distribution, binomial intervals, two-rate
# comparisons, Poisson rate ratio, exact order-value statistics).  Needs no
# database: only the C compiler and libm.  Warnings are fatal.  When Rscript
# is there, first checks that tests/unit/rate_math_vectors.h is what
# tests/unit/gen_rate_math_vectors.R writes.  Exits with the test's status.
set -euo pipefail
cd "$(dirname "$0")/../.."

ME=unit_rate_math
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cxkpi_unit_rate_math.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

if command -v Rscript >/dev/null 2>&1; then
	if ! Rscript tests/unit/gen_rate_math_vectors.R >"$WORK/vectors.h"; then
		echo "$ME: FAIL: tests/unit/gen_rate_math_vectors.R failed" >&2
		exit 1
	fi
	if ! cmp -s "$WORK/vectors.h" tests/unit/rate_math_vectors.h; then
		echo "$ME: FAIL: tests/unit/rate_math_vectors.h is not what gen_rate_math_vectors.R writes" >&2
		exit 1
	fi
fi

if ! ${CC:-cc} -O2 -Wall -Wextra -Werror -Isrc -Itests/unit \
	-o "$WORK/test_rate_math" tests/unit/test_rate_math.c src/rate_math.c \
	src/stats.c src/decimal128.c -lm; then
	echo "$ME: FAIL: compilation failed" >&2
	exit 1
fi

status=0
"$WORK/test_rate_math" || status=$?
if [ "$status" -ne 0 ]; then
	echo "$ME: FAIL (exit status $status)" >&2
fi
exit "$status"
