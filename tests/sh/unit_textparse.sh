#!/bin/bash
# unit_textparse.sh -- the standalone unit test of src/textparse.c (the
# bounded number scanner of every text input).
source "$(dirname "$0")/../unit/lib.sh" unit_textparse
unit_run tests/unit/test_textparse.c src/textparse.c
