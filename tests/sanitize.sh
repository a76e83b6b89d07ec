#!/bin/bash
# make sanitize: every test suite against cxkpi built with AddressSanitizer
# and UndefinedBehaviorSanitizer (clang -fsanitize=address,undefined
# -fno-sanitize-recover=undefined -fno-omit-frame-pointer), in a private,
# relocated copy of the PostgreSQL server (tests/sanitize/lib.sh says how
# and why).  Runs tests/cluster-tests.sh -- every pg_regress suite of the
# Makefile's REGRESS (the fuzz suites nps_fuzz and kpi_fuzz among them) and
# every tests/sh/*.sh script -- against that server.  Fails on a failing
# test or on any sanitizer report (printed).
#
# Environment: PGVER (15), CXKPI_KEEP_WORK=1 keeps the work directory,
# SAN_CFLAGS adds compiler flags (e.g. to plant a bug while proving the run
# catches it).
set -euo pipefail
source "$(dirname "$0")/sanitize/lib.sh"
cd "$CXKPI_ROOT"

SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -O1 -g"

san_setup
san_build_extension "$SAN_FLAGS ${SAN_CFLAGS:-}"
san_initdb
san_start

status=0
PG_CONFIG=$SAN_PG_CONFIG bash tests/cluster-tests.sh || status=1
san_stop || status=1

echo "== sanitizer reports"
if san_reports; then
	echo "none"
else
	status=1
fi
if [ "$status" = 0 ]; then
	echo "sanitize: OK"
else
	echo "sanitize: FAILED"
fi
exit "$status"
