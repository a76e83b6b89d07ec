#!/bin/bash
# unit_rate_math_portable.sh -- the unit test of src/rate_math.c built with
# CX_NO_INT128, so the portable per-row path of the order statistics (two
# 64-bit halves, no compiler 128-bit integers) is tested on machines where
# the native path is the one compiled in.
source "$(dirname "$0")/../unit/lib.sh" unit_rate_math_portable
unit_run tests/unit/test_rate_math.c src/rate_math.c src/stats.c src/decimal128.c -DCX_NO_INT128
