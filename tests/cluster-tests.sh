#!/bin/bash
# Runs inside pg_virtualenv (PGHOST/PGPORT/PGUSER set): every suite, in order.
set -uo pipefail
cd "$(dirname "$0")/.."
failed=0
passed=0

run() {
	local name=$1; shift
	echo "== $name"
	if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "!! $name FAILED"; fi
}


run "pg_regress" bash -c 'make -s installcheck PG_CONFIG="$PG_CONFIG" || { [ -f regression.diffs ] && cat regression.diffs; exit 1; }'
for t in tests/sh/*.sh; do
	[ -e "$t" ] || continue
	run "$(basename "$t" .sh)" bash "$t"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
