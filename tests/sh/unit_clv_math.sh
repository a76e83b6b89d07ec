#!/bin/bash
# unit_clv_math.sh -- the standalone unit test of src/clv_math.c (BG/NBD
# and Gamma-Gamma likelihoods, fits, scoring, CLV).  When python3 with
# mpmath is there, first checks that tests/unit/clv_math_vectors.h is what
# tests/unit/gen_clv_math_vectors.py writes.
source "$(dirname "$0")/../unit/lib.sh" unit_clv_math
if command -v python3 >/dev/null 2>&1 && python3 -c 'import mpmath' 2>/dev/null; then
	python3 tests/unit/gen_clv_math_vectors.py "$WORK/vectors.h"
	unit_check_vectors "$WORK/vectors.h" tests/unit/clv_math_vectors.h gen_clv_math_vectors.py
else
	echo "$ME: python3 with mpmath not found, vectors not regenerated"
fi
unit_run tests/unit/test_clv_math.c src/clv_math.c
