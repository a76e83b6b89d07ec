#!/bin/bash
# make test: install what is missing, build, install, then run every suite
# (pg_regress, dump/restore) in a throwaway cluster.  Exit non-zero on failure.
# pg_cron and psycopg2 too (tests/ensure-deps.sh)
export CXKPI_TEST_DEPS=1
source "$(dirname "$0")/lib.sh"
build_and_install
in_cluster bash tests/cluster-tests.sh
