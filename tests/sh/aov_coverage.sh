#!/bin/bash
# aov_coverage.sh -- the coverage simulation of the order-value t interval
# (tests/sim/aov_coverage.sql) in a small form for make test: 300 samples
# per cell (about a second), reproducible (setseed), checked against loose
# floors below the coverages a 10 000-sample run gives (README "Order
# value": 0.921 / 0.840 / 0.726 at n = 10 for sigma 0.5 / 1 / 1.5, ...,
# 0.949 / 0.945 / 0.919 at n = 1000) and against 0.98 from above.  A wrong
# quantile (z for t, a one-sided t) or a wrong standard error moves a
# cell far outside.  Runs inside pg_virtualenv (libpq environment set).
set -euo pipefail
cd "$(dirname "$0")/../.."
db=cxkpi_aov_coverage
dropdb --if-exists "$db" >/dev/null 2>&1 || true
createdb "$db"
trap 'dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE EXTENSION cxkpi"
out=$(psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v reps=300 -At -F ' ' \
	-c "\\i tests/sim/aov_coverage.sql" \
	-c "SELECT sigma, n, round(coverage, 3) FROM cover ORDER BY sigma, n")
status=0
while read -r sigma n cov; do
	case "$sigma $n" in
		"0.5 10") lo=0.87 ;; "0.5 30") lo=0.88 ;; "0.5 100") lo=0.90 ;; "0.5 1000") lo=0.91 ;;
		"1 10") lo=0.77 ;; "1 30") lo=0.82 ;; "1 100") lo=0.86 ;; "1 1000") lo=0.91 ;;
		"1.5 10") lo=0.65 ;; "1.5 30") lo=0.72 ;; "1.5 100") lo=0.79 ;; "1.5 1000") lo=0.87 ;;
		*) continue ;;
	esac
	if awk -v c="$cov" -v lo="$lo" 'BEGIN { exit !(c >= lo && c <= 0.98) }'; then
		echo "aov_coverage: sigma $sigma n $n: coverage $cov in [$lo, 0.98]"
	else
		echo "aov_coverage: FAIL: sigma $sigma n $n: coverage $cov outside [$lo, 0.98]" >&2
		status=1
	fi
done <<<"$(echo "$out" | grep -E '^[0-9.]+ [0-9]+ [0-9.]+$')"
exit $status
