#!/bin/bash
# unit_decimal128.sh -- the standalone unit test of src/decimal128.c
# (128-bit decimals, numeric decoding).  When python3 is there, first checks
# that tests/unit/decimal128_vectors.h is what
# tests/unit/gen_decimal128_vectors.py writes.
source "$(dirname "$0")/../unit/lib.sh" unit_decimal128
if command -v python3 >/dev/null 2>&1; then
	python3 tests/unit/gen_decimal128_vectors.py "$WORK/vectors.h"
	unit_check_vectors "$WORK/vectors.h" tests/unit/decimal128_vectors.h gen_decimal128_vectors.py
fi
unit_run tests/unit/test_decimal128.c src/decimal128.c
