#!/bin/bash
# unit_survival_math.sh -- compile and run the standalone unit test of
# src/survival_math.c (Kaplan-Meier, intervals, quantiles, restricted means,
# log-rank, chi-square tail, summary encoding).  Needs no database: only the
# C compiler and libm.  Warnings are fatal.  When Rscript and R's survival
# package are there, first checks that tests/unit/survival_math_vectors.h is
# what tests/unit/gen_survival_math_vectors.R writes (strictly when the R
# and survival versions are the ones the header names; otherwise says so
# and goes on with the committed vectors).  Exits with the test's status.
set -euo pipefail
cd "$(dirname "$0")/../.."

ME=unit_survival_math
VEC=tests/unit/survival_math_vectors.h
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cxkpi_unit_survival_math.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

if command -v Rscript >/dev/null 2>&1 &&
	Rscript -e 'suppressPackageStartupMessages(library(survival))' >/dev/null 2>&1; then
	Rscript tests/unit/gen_survival_math_vectors.R "$WORK/vectors.h"
	if [ "$(sed -n 3p "$WORK/vectors.h")" != "$(sed -n 3p "$VEC")" ]; then
		echo "$ME: note: R or survival version differs from $VEC's; vectors not regenerated-compared"
	elif ! cmp -s "$WORK/vectors.h" "$VEC"; then
		echo "$ME: FAIL: $VEC is not what gen_survival_math_vectors.R writes" >&2
		exit 1
	fi
fi

if ! ${CC:-cc} -O2 -Wall -Wextra -Werror -Isrc -Itests/unit \
	-o "$WORK/test_survival_math" tests/unit/test_survival_math.c \
	src/survival_math.c src/stats.c -lm; then
	echo "$ME: FAIL: compilation failed" >&2
	exit 1
fi

status=0
"$WORK/test_survival_math" || status=$?
if [ "$status" -ne 0 ]; then
	echo "$ME: FAIL (exit status $status)" >&2
fi
exit "$status"
