#!/bin/bash
# unit_stats.sh -- the standalone unit test of src/stats.c (normal and
# Student-t helpers, Wilson interval, pooled two-proportion test).
source "$(dirname "$0")/../unit/lib.sh" unit_stats
unit_run tests/unit/test_stats.c src/stats.c
