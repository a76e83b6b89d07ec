#!/bin/bash
# unit_rate_math.sh -- the standalone unit test of src/rate_math.c (beta
# distribution, binomial intervals, two-rate comparisons, Poisson rate
# ratio, exact order-value statistics).  When Rscript is there, first
# checks that tests/unit/rate_math_vectors.h is what
# tests/unit/gen_rate_math_vectors.R writes.
source "$(dirname "$0")/../unit/lib.sh" unit_rate_math
if command -v Rscript >/dev/null 2>&1; then
	if ! Rscript tests/unit/gen_rate_math_vectors.R >"$WORK/vectors.h"; then
		echo "$ME: FAIL: tests/unit/gen_rate_math_vectors.R failed" >&2
		exit 1
	fi
	unit_check_vectors "$WORK/vectors.h" tests/unit/rate_math_vectors.h gen_rate_math_vectors.R
fi
unit_run tests/unit/test_rate_math.c src/rate_math.c src/stats.c src/decimal128.c
