#!/bin/bash
# Customer lifetime value bench (make bench's last section; alone:
# BENCH_ONLY=clv make bench).  Runs inside the bench cluster from
# tests/bench: draws 1 M customers from the BG/NBD + Gamma-Gamma processes
# with known parameters (tests/data/clv_sim.sql: r = 1.5, alpha = 40 days,
# a = 0.5, b = 1.5; p = 6, q = 4, gamma = 20), then times
#   - bgnbd_fit and gamma_gamma_fit over them (serial and 2 workers) against
#     count(*) of the same table, and reports the state's size (distinct
#     points) and the parameter recovery;
#   - scoring every customer with customer_lifetime_value against count(*).
# Prints medians of BENCH_CLV_ROUNDS runs (default 3) measured in this run;
# never fails on timing.
set -euo pipefail
cd "$(dirname "$0")"
ROUNDS=${BENCH_CLV_ROUNDS:-3}
N=${BENCH_CLV_CUSTOMERS:-1000000}
PSQL=(psql -X -q -At -v ON_ERROR_STOP=1 -F '|')
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

ms() { date +%s%N | awk '{ printf "%.0f", $1 / 1e6 }'; }
# median_ms SETTING QUERY: median wall time of ROUNDS runs (after a warm-up)
median_ms() {
	local t0 t1 i times=()
	PGOPTIONS="$PGOPTIONS -c max_parallel_workers_per_gather=$1" "${PSQL[@]}" -c "$2" >/dev/null
	for i in $(seq "$ROUNDS"); do
		t0=$(ms)
		PGOPTIONS="$PGOPTIONS -c max_parallel_workers_per_gather=$1" "${PSQL[@]}" -c "$2" >/dev/null
		t1=$(ms)
		times+=($((t1 - t0)))
	done
	printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

echo
echo "customer lifetime value: $N customers drawn from BG/NBD + Gamma-Gamma"
"${PSQL[@]}" -c 'CREATE EXTENSION IF NOT EXISTS cxkpi'
"${PSQL[@]}" -c 'DROP TABLE IF EXISTS bench_clv, bench_clv_model; DROP FUNCTION IF EXISTS clv_simulate(integer, double precision)'
"${PSQL[@]}" -f ../data/clv_sim.sql
t0=$(ms)
"${PSQL[@]}" -c "CREATE TABLE bench_clv AS SELECT * FROM clv_simulate($N, 0.5)" -c "VACUUM ANALYZE bench_clv"
t1=$(ms)
echo "  generated in $(( (t1 - t0) / 1000 )) s; $("${PSQL[@]}" -c "SELECT count(*) || ' customers, ' || count(*) FILTER (WHERE x > 0) || ' repeat buyers, ' || pg_size_pretty(pg_total_relation_size('bench_clv')) FROM bench_clv")"

# the fits' state: distinct points and bytes (an aggregate with the fit's
# transition and no final function returns the state itself)
"${PSQL[@]}" -c "CREATE AGGREGATE clv_points_of(bigint, float8, float8) (SFUNC = bgnbd_fit_transfn, STYPE = clv_points,
	COMBINEFUNC = clv_points_add, PARALLEL = SAFE)" 2>/dev/null || true
state=$(PGOPTIONS="$PGOPTIONS -c max_parallel_workers_per_gather=0" "${PSQL[@]}" -c "SELECT (SELECT count(DISTINCT (x, t_x, t_cal)) FROM bench_clv) || ' distinct points, state ' ||
	pg_size_pretty(pg_column_size(clv_points_of(x, t_x, t_cal))::bigint) FROM bench_clv")
echo "  bgnbd_fit state (serial): $state"

Q_COUNT='SELECT count(*) FROM bench_clv'
Q_FIT='SELECT bgnbd_fit(x, t_x, t_cal) FROM bench_clv'
Q_GG='SELECT gamma_gamma_fit(x, m) FROM bench_clv'
c0=$(median_ms 0 "$Q_COUNT")
f0=$(median_ms 0 "$Q_FIT")
f2=$(median_ms 2 "$Q_FIT")
Q_PTS='SELECT pg_column_size(clv_points_of(x, t_x, t_cal)) FROM bench_clv'
p0=$(median_ms 0 "$Q_PTS")
p2=$(median_ms 2 "$Q_PTS")
g0=$(median_ms 0 "$Q_GG")
echo "  count(*)                         $c0 ms"
echo "  bgnbd_fit, serial                $f0 ms   ($(awk -v a="$f0" -v b="$c0" 'BEGIN { printf "%.1f", a / b }') x count(*))"
echo "  bgnbd_fit, 2 workers             $f2 ms   (serial / parallel $(awk -v a="$f0" -v b="$f2" 'BEGIN { printf "%.2f", a / b }'))"
echo "  of which collecting the points   $p0 ms serial, $p2 ms with 2 workers (the rest is the optimiser: $((f0 - p0)) ms)"
echo "  gamma_gamma_fit, serial          $g0 ms   ($(awk -v a="$g0" -v b="$c0" 'BEGIN { printf "%.1f", a / b }') x count(*))"

"${PSQL[@]}" -c "CREATE TABLE bench_clv_model AS SELECT bgnbd_fit(x, t_x, t_cal) AS b, gamma_gamma_fit(x, m) AS g FROM bench_clv"
echo "  parameter recovery (truth, estimate, relative error):"
"${PSQL[@]}" -c "SELECT format('    %-6s %6s  %10s  %s %%', name, truth, round(est::numeric, 4), to_char(100 * (est / truth - 1), 'SG990.00'))
	FROM bench_clv_model, LATERAL (VALUES (1, 'r', 1.5, bgnbd_r(b)), (2, 'alpha', 40, bgnbd_alpha(b)), (3, 'a', 0.5, bgnbd_a(b)),
	                                      (4, 'b', 1.5, bgnbd_b(b)), (5, 'p', 6, spend_p(g)), (6, 'q', 4, spend_q(g)),
	                                      (7, 'gamma', 20, spend_gamma(g))) v(k, name, truth, est) ORDER BY k"
echo "    converged: $("${PSQL[@]}" -c "SELECT converged(b) || ' / ' || converged(g) || ' (' || iterations(b) || ' and ' || iterations(g) || ' iterations)' FROM bench_clv_model")"

Q_CLV='SELECT sum(customer_lifetime_value(b, g, x, t_x, t_cal, m, 12, 0.01, 30)) FROM bench_clv, bench_clv_model'
s0=$(median_ms 0 "$Q_CLV")
echo "  scoring: customer_lifetime_value  $s0 ms for $N customers   ($(awk -v a="$s0" -v b="$c0" 'BEGIN { printf "%.1f", a / b }') x count(*), $(awk -v a="$s0" -v n="$N" 'BEGIN { printf "%.2f", 1000 * a / n }') us a customer)"
