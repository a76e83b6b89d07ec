#!/bin/bash
# Runs inside pg_virtualenv (PGHOST/PGPORT/PGUSER set): the pg_regress
# suites, then every tests/sh/*.sh script.  Prints each result, the
# regression diffs of failed suites, and a closing "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
failed=0
passed=0

echo "== pg_regress"
rm -f regression.diffs
log=$(mktemp "${TMPDIR:-/tmp}/cxkpi-regress.XXXXXX")
make -s installcheck PG_CONFIG="$PG_CONFIG" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# One line per suite: "test name ... ok 12 ms" / "... FAILED" up to
# PostgreSQL 15, "ok 1 - name 12 ms" / "not ok 1 - name" from 16 on.
ok=$(grep -cE '^ *(test +)?[^ ]+ +\.\.\. ok( |$)|^ok [0-9]+ ' "$log" || true)
bad=$(grep -cE '^ *(test +)?[^ ]+ +\.\.\. FAILED( |$)|^not ok [0-9]+ ' "$log" || true)
rm -f "$log"
passed=$((passed + ok))
failed=$((failed + bad))
if [ "$ok" -eq 0 ] && [ "$bad" -eq 0 ]; then
	echo "!! pg_regress ran no test"
	failed=$((failed + 1))
elif [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
	# pg_regress (or make) failed without a failed suite to show for it
	echo "!! make installcheck exited with status $rc"
	failed=$((failed + 1))
fi
if [ -f regression.diffs ]; then
	echo "== regression.diffs"
	cat regression.diffs
fi

for t in tests/sh/*.sh; do
	[ -e "$t" ] || continue
	name=$(basename "$t" .sh)
	echo "== $name"
	if bash "$t"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "!! $name FAILED"
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
