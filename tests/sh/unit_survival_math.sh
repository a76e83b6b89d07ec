#!/bin/bash
# unit_survival_math.sh -- the standalone unit test of src/survival_math.c
# (Kaplan-Meier, intervals, quantiles, restricted means, log-rank,
# chi-square tail, summary encoding).  When Rscript and R's survival
# package are there, first checks that tests/unit/survival_math_vectors.h is
# what tests/unit/gen_survival_math_vectors.R writes (strictly when the R
# and survival versions are the ones the header names; otherwise says so
# and goes on with the committed vectors).
source "$(dirname "$0")/../unit/lib.sh" unit_survival_math
VEC=tests/unit/survival_math_vectors.h
if command -v Rscript >/dev/null 2>&1 &&
	Rscript -e 'suppressPackageStartupMessages(library(survival))' >/dev/null 2>&1; then
	Rscript tests/unit/gen_survival_math_vectors.R "$WORK/vectors.h"
	if [ "$(sed -n 3p "$WORK/vectors.h")" != "$(sed -n 3p "$VEC")" ]; then
		echo "$ME: note: R or survival version differs from $VEC's; vectors not regenerated-compared"
	else
		unit_check_vectors "$WORK/vectors.h" "$VEC" gen_survival_math_vectors.R
	fi
fi
unit_run tests/unit/test_survival_math.c src/survival_math.c src/stats.c
