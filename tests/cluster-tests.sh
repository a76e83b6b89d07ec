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
make -s installcheck PG_CONFIG="$PG_CONFIG" 2>&1 | tee /tmp/cxkpi-regress.$$.log
ok=$(grep -cE '^(ok|test) .* ok ' /tmp/cxkpi-regress.$$.log || true)
bad=$(grep -cE '^(not ok|test) .*FAILED' /tmp/cxkpi-regress.$$.log || true)
rm -f /tmp/cxkpi-regress.$$.log
passed=$((passed + ok))
failed=$((failed + bad))
if [ "$ok" -eq 0 ] && [ "$bad" -eq 0 ]; then
	echo "!! pg_regress ran no test"
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
