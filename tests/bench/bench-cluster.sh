#!/bin/bash
# Runs inside pg_virtualenv (libpq env vars set): load the data, time the
# queries in alternating rounds inside one backend per benchmark, print the
# report and save it to tests/bench/results/latest.txt.  $1 (optional): a
# file to touch once the cluster is up (run.sh retries when it is not).
set -euo pipefail
if [ -n "${1:-}" ]; then touch "$1"; fi
cd "$(dirname "$0")"

ROUNDS=${BENCH_ROUNDS:-15}			# measured rounds per query (+1 warm-up)
WIN_ROUNDS=${BENCH_WIN_ROUNDS:-9}
PAR_ROUNDS=${BENCH_PAR_ROUNDS:-7}
CX_ROUNDS=${BENCH_CX_ROUNDS:-$ROUNDS}	# CSAT and CES groups (bench_cx)
CHURN_ROUNDS=${BENCH_CHURN_ROUNDS:-$ROUNDS}	# churn and revenue over 1M rows
XJ_ROUNDS=${BENCH_XJ_ROUNDS:-3}		# the 36-period cross joins (~5-20 s each)
OUT=results/latest.txt
# the report is written outside the tree and moved into results/ at the end
# (a "make clean" elsewhere in the tree during the run removes results/)
TMP=$(mktemp "${TMPDIR:-/tmp}/cxkpi-bench.XXXXXX")
trap 'rm -f "$TMP"' EXIT

PSQL=(psql -X -q -At -v ON_ERROR_STOP=1 -F '|')
say() { printf '%s\n' "$*" | tee -a "$TMP"; }

# The churn series over timestamptz steps in calendar months of the session
# TimeZone (as timestamptz + interval does in the hand-written query); fix it
# so the periods, and the data generated for them, do not depend on the
# machine.  libpq sends PGTZ as TimeZone when it connects.
export PGTZ=Europe/Berlin

SERIAL='max_parallel_workers_per_gather=0'
PARALLEL='max_parallel_workers_per_gather=2'

Q_A='SELECT count(score) FROM bench_nps'
Q_B='SELECT nps(nps_agg(score)) FROM bench_nps'
Q_C='SELECT 100.0*(count(*) FILTER (WHERE score>=9) - count(*) FILTER (WHERE score<=6))/count(score) FROM bench_nps'
Q_D='SELECT sum(x) FROM (SELECT nps(nps_agg(score) OVER (ORDER BY id ROWS BETWEEN 999 PRECEDING AND CURRENT ROW)) x FROM bench_win) t'
Q_E='SELECT sum(x) FROM (SELECT nps(nps_agg(score) OVER (ORDER BY id ROWS BETWEEN 9 PRECEDING AND CURRENT ROW)) x FROM bench_win) t'
# CSAT on bench_cx: the baseline scan, the aggregate, the hand-written share
Q_F='SELECT count(csat_score) FROM bench_cx'
Q_G='SELECT csat(csat_agg(csat_score)) FROM bench_cx'
Q_H='SELECT avg((csat_score >= 4)::int) FROM bench_cx'
Q_L='SELECT count(*) FILTER (WHERE csat_score >= 4)::float8 / count(csat_score) FROM bench_cx'
# CES on bench_cx: the built-in mean, the aggregate, and the mean with what
# its standard error needs (the query returns avg in its first column)
Q_I='SELECT avg(ces_score) FROM bench_cx'
Q_J='SELECT ces(ces_agg(ces_score)) FROM bench_cx'
Q_K='SELECT avg(ces_score), stddev_samp(ces_score) FROM bench_cx'

# Churn series: 36 monthly periods from 2023-07-01 over 1M customers, the
# one-pass aggregate against the cross join of the periods with the table an
# analyst writes: X as written in issue 4 (period bounds in a LATERAL
# subquery, which the planner flattens, so the bounds are recomputed for
# every joined row) and Y with the 36 bounds computed once (MATERIALIZED
# CTE), the faster hand-written form.  Every query returns its 36 rows as one
# string (lo,hi,S,C,N,NE,E,retained,churn rate per period, ordered), so the
# numbers compared below are those of the runs that were timed; the
# string_agg over 36 rows costs microseconds.
# churn_periods(S) / cross join (X, Y): TYPE LITERAL-CAST TABLE
series_query() {
	printf '%s' "SELECT string_agg(concat_ws(',', period_start, period_end, customers_at_start, churned,
	acquired, acquired_ended, customers_at_end, retained, churn_rate), ';' ORDER BY period)
FROM churn_periods((SELECT churn_series_agg(started_at, ended_at, $1 '2023-07-01', interval '1 month', 36)
                    FROM $3))"
}
xjoin_counts="count(*) FILTER (WHERE started_at < lo AND (ended_at IS NULL OR ended_at >= lo)) AS s,
	count(*) FILTER (WHERE started_at < lo AND ended_at >= lo AND ended_at < hi) AS c,
	count(*) FILTER (WHERE started_at >= lo AND started_at < hi) AS n,
	count(*) FILTER (WHERE started_at >= lo AND started_at < hi AND ended_at < hi) AS ne,
	count(*) FILTER (WHERE started_at < hi AND (ended_at IS NULL OR ended_at >= hi)) AS e"
xjoin_wrap() {
	printf '%s' "SELECT string_agg(concat_ws(',', lo::timestamptz, hi::timestamptz, s, c, n, ne, e, s - c,
	c::float8 / nullif(s, 0)), ';' ORDER BY lo)
FROM ($1) AS x"
}
lateral_query() {
	xjoin_wrap "SELECT lo, hi, $xjoin_counts
FROM generate_series(0, 35) AS i
CROSS JOIN LATERAL (SELECT ($1 '2023-07-01' + i * interval '1 month')$2 AS lo,
                           ($1 '2023-07-01' + (i + 1) * interval '1 month')$2 AS hi) AS p
CROSS JOIN $3
GROUP BY lo, hi"
}
materialized_query() {
	xjoin_wrap "WITH p AS MATERIALIZED (
	SELECT ($1 '2023-07-01' + i * interval '1 month')$2 AS lo,
	       ($1 '2023-07-01' + (i + 1) * interval '1 month')$2 AS hi
	FROM generate_series(0, 35) AS i)
SELECT lo, hi, $xjoin_counts
FROM p CROSS JOIN $3
GROUP BY lo, hi"
}
# date columns: the analyst casts the bounds back to date (date + interval
# is a timestamp; comparing date with date is the cheaper form)
Q_SD=$(series_query date "" bench_customers)
Q_XD=$(lateral_query date ::date bench_customers)
Q_YD=$(materialized_query date ::date bench_customers)
Q_ST=$(series_query timestamptz "" bench_customers_tz)
Q_XT=$(lateral_query timestamptz "" bench_customers_tz)
Q_YT=$(materialized_query timestamptz "" bench_customers_tz)

# Churn of one period on bench_customers: the baseline scan, the aggregate,
# the hand-written counts (S, C, N, NE, E)
Q_CA='SELECT count(started_at) FROM bench_customers'
Q_CB="SELECT churn_agg(started_at, ended_at, daterange('2025-01-01', '2025-02-01')) FROM bench_customers"
Q_CC="SELECT concat_ws(';',
	count(*) FILTER (WHERE started_at < date '2025-01-01' AND (ended_at IS NULL OR ended_at >= date '2025-01-01')),
	count(*) FILTER (WHERE started_at < date '2025-01-01' AND ended_at >= date '2025-01-01' AND ended_at < date '2025-02-01'),
	count(*) FILTER (WHERE started_at >= date '2025-01-01' AND started_at < date '2025-02-01'),
	count(*) FILTER (WHERE started_at >= date '2025-01-01' AND started_at < date '2025-02-01' AND ended_at < date '2025-02-01'),
	count(*) FILTER (WHERE started_at < date '2025-02-01' AND (ended_at IS NULL OR ended_at >= date '2025-02-01')))
FROM bench_customers"

# Revenue retention on bench_accounts (numeric(10,2), NULL = 0): the baseline
# scan, the aggregate, the hand-written five amounts, and the two plain sums
# (what exact numeric summation alone costs)
Q_RA='SELECT count(mrr_start) FROM bench_accounts'
Q_RB='SELECT revenue_agg(mrr_start, mrr_end) FROM bench_accounts'
Q_RC="SELECT concat_ws(';',
	sum(mrr_start),
	sum(mrr_end) FILTER (WHERE coalesce(mrr_start, 0) = 0 AND mrr_end > 0),
	sum(mrr_end - mrr_start) FILTER (WHERE mrr_start > 0 AND mrr_end > mrr_start),
	sum(mrr_start - mrr_end) FILTER (WHERE mrr_end > 0 AND mrr_end < mrr_start),
	sum(mrr_start) FILTER (WHERE mrr_start > 0 AND coalesce(mrr_end, 0) = 0))
FROM bench_accounts"
Q_RD='SELECT sum(mrr_start), sum(mrr_end) FROM bench_accounts'

# sql_array ITEM...: a text[] literal for SQL (dollar-quoted items).
sql_array() {
	local out="ARRAY[" sep="" item
	for item in "$@"; do out+="$sep\$q\$$item\$q\$"; sep=","; done
	printf '%s]::text[]' "$out"
}

# time_queries ROUNDS LABEL SETTINGS QUERY [LABEL SETTINGS QUERY ...]
# prints one line per query:
#   label|wall median|wall min|wall max|cpu median|cpu min|runs|result
time_queries() {
	local rounds=$1; shift
	local labels=() settings=() queries=()
	while [ $# -gt 0 ]; do labels+=("$1"); settings+=("$2"); queries+=("$3"); shift 3; done
	"${PSQL[@]}" -c "SELECT label, round(wall_median::numeric, 1), round(wall_min::numeric, 1),
		round(wall_max::numeric, 1), round(cpu_median::numeric, 1), round(cpu_min::numeric, 1),
		runs, result
		FROM bench.time_queries($(sql_array "${labels[@]}"), $(sql_array "${queries[@]}"),
		                        $(sql_array "${settings[@]}"), $rounds, ${WARMUP:-1})"
}

# field LINES LABEL N: field N of the line for LABEL
field() { printf '%s\n' "$1" | awk -F'|' -v l="$2" -v n="$3" '$1 == l { print $n }'; }

# line TEXT LINES LABEL: one measurement line
line() {
	printf '%s\n' "$2" | awk -F'|' -v l="$3" -v t="$1" '$1 == l {
		cpu = ($5 == "") ? "      -" : sprintf("%7.1f", $5)
		printf "  %-38s %s ms  %7.1f ms   (wall %.1f .. %.1f, n=%d)\n", t, cpu, $2, $3, $4, $7
	}' | tee -a "$TMP"
}

# ratio TEXT LINES NUM DEN OP [TARGET]: ratio of the medians of labels NUM
# and DEN -- backend CPU time when measured, else wall-clock -- judged
# against TARGET (OP is <=, >=, info: wall-clock only, or note: not judged,
# same clocks as <= and >=), wall-clock ratio alongside.
ratio() {
	local cn cd wn wd
	cn=$(field "$2" "$3" 5); cd=$(field "$2" "$4" 5)
	wn=$(field "$2" "$3" 2); wd=$(field "$2" "$4" 2)
	if [ "$5" = info ] || [ -z "$cn" ] || [ -z "$cd" ]; then cn=$wn; cd=$wd; fi
	awk -v t="$1" -v a="$cn" -v b="$cd" -v wa="$wn" -v wb="$wd" -v op="$5" -v tg="${6:-}" 'BEGIN {
		if (b + 0 <= 0 || wb + 0 <= 0) { printf "  %-30s    n/a\n", t; exit }
		r = a / b
		w = sprintf("[wall-clock %.2f]", wa / wb)
		if (op == "info") { printf "  %-30s %6.2f   (information; wall-clock)\n", t, r; exit }
		if (op == "note") { printf "  %-30s %6.2f   (information)             %s\n", t, r, w; exit }
		ok = (op == "<=") ? (r <= tg + 0) : (r >= tg + 0)
		printf "  %-30s %6.2f   (target %s %.2f)  %-6s  %s\n", t, r, op, tg, ok ? "ok" : "MISSED", w
	}' | tee -a "$TMP"
}

# per_row TEXT LINES NUM DEN ROWS: extra cost per row of label NUM over DEN
per_row() {
	say "$(awk -v t="$1" -v a="$(field "$2" "$4" 5)" -v b="$(field "$2" "$3" 5)" \
			   -v wa="$(field "$2" "$4" 2)" -v wb="$(field "$2" "$3" 2)" -v n="$5" 'BEGIN {
		printf "  %s: ", t
		if (a != "") printf "%+.1f ns per row CPU, ", (b - a) * 1e6 / n
		printf "%+.1f ns per row wall-clock", (wb - wa) * 1e6 / n }')"
}

# agree X Y TOL: "|X - Y|  ok" when within TOL, else "... MISMATCH" (X and Y
# float8 or numeric as text)
agree() {
	"${PSQL[@]}" -v x="$1" -v y="$2" -v tol="$3" <<'SQL'
SELECT abs(:'x'::numeric::float8 - :'y'::numeric::float8)::text || '  ' ||
       CASE WHEN abs(:'x'::numeric::float8 - :'y'::numeric::float8) <= :'tol'::float8 THEN 'ok' ELSE 'MISMATCH' END
SQL
}

# same_periods A B: compare two churn series strings (periods separated by
# ";", fields by ","); prints "yes" when every period and every field is
# equal, else the number of differing periods and up to 5 of them
same_periods() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		na = split(a, ra, ";"); nb = split(b, rb, ";")
		n = (na > nb) ? na : nb; bad = 0; out = ""
		for (i = 1; i <= n; i++) {
			if (i <= na && i <= nb && ra[i] == rb[i]) continue
			if (++bad <= 5)
				out = out sprintf("\n      period %d: %s\n             vs  %s", i,
					(i <= na) ? ra[i] : "(missing)", (i <= nb) ? rb[i] : "(missing)")
		}
		if (bad == 0 && na > 0) print "yes"
		else printf "MISMATCH: %d of %d periods differ (lo,hi,S,C,N,NE,E,retained,churn_rate)%s\n", bad, n, out
	}'
}

# period_row STRING I: period I of a churn series string, readable
period_row() {
	awk -v a="$1" -v i="$2" 'BEGIN {
		split(a, r, ";"); split(r[i], f, ",")
		printf "[%s, %s): S=%s C=%s N=%s NE=%s E=%s churn_rate=%.6f", f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[9]
	}'
}

# series_section TITLE Q_SERIES Q_LATERAL Q_MATERIALIZED: time the churn
# series (CHURN_ROUNDS rounds) and the two cross joins (XJ_ROUNDS rounds,
# alternating, no warm-up round: each takes seconds and the tables are in
# shared buffers), compare all three results; sets series_lines.
series_section() {
	local rs rx res xres yres vx vy
	rs=$(time_queries "$CHURN_ROUNDS" S "$SERIAL" "$2")
	rx=$(WARMUP=0 time_queries "$XJ_ROUNDS" X "$SERIAL" "$3" Y "$SERIAL" "$4")
	series_lines="$rs"$'\n'"$rx"
	say "$1"
	line "S  churn_periods(churn_series_agg)" "$series_lines" S
	line "X  cross join, bounds in LATERAL" "$series_lines" X
	line "Y  cross join, bounds materialized" "$series_lines" Y
	res=$(field "$series_lines" S 8)
	xres=$(field "$series_lines" X 8)
	yres=$(field "$series_lines" Y 8)
	say "  period 1:  $(period_row "$res" 1)"
	say "  period 36: $(period_row "$res" 36)"
	vx=$(same_periods "$res" "$xres")
	vy=$(same_periods "$res" "$yres")
	if [ "$vx" = yes ] && [ "$vy" = yes ]; then
		say "  identical: yes (36 periods; S, C, N, NE, E, retained, churn_rate equal in S, X and Y)"
	else
		[ "$vx" = yes ] || say "  *** S vs X: $vx"
		[ "$vy" = yes ] || say "  *** S vs Y: $vy"
	fi
}

# BENCH_ONLY=order_value: only the order-value section (its own data, the
# timing helpers of setup.sql), report on stdout
if [ "${BENCH_ONLY:-}" = order_value ]; then
	sed -n '/^DROP SCHEMA IF EXISTS bench CASCADE;/,$p' setup.sql | "${PSQL[@]}" -v ON_ERROR_STOP=1 >/dev/null
	CHURN_ROUNDS=${BENCH_CHURN_ROUNDS:-7}
	source ./order_value.sh
	exit 0
fi

# BENCH_ONLY=rate: only the rate section (bench-rate.sh), with the timing
# helpers of setup.sql (its last part, from the bench schema on)
if [ "${BENCH_ONLY:-}" = rate ]; then
	sed -n '/^DROP SCHEMA IF EXISTS bench CASCADE;/,$p' setup.sql | "${PSQL[@]}" >/dev/null
	say "cxkpi benchmark, rate section only ($(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
	source ./bench-rate.sh
	chmod 644 "$TMP"; mkdir -p results; mv "$TMP" results/rate.txt; trap - EXIT
	echo "== report saved to tests/bench/results/rate.txt" >&2
	exit 0
fi

echo "== loading data (10M + 1M + 10M + 3 x 1M rows)" >&2
t0=$(date +%s)
"${PSQL[@]}" -f setup.sql >/dev/null
echo "== loaded in $(( $(date +%s) - t0 )) s; timing" >&2

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
[ -n "$cpu" ] || cpu=$(awk -F': *' '/^(Model|Hardware|cpu model)/ { print $2; exit }' /proc/cpuinfo)
pgversion=$("${PSQL[@]}" -c 'SELECT version()')
sizes=$("${PSQL[@]}" -c "SELECT pg_size_pretty(pg_table_size('bench_nps')), pg_size_pretty(pg_table_size('bench_win')),
	pg_size_pretty(pg_table_size('bench_cx'))")
sizes2=$("${PSQL[@]}" -c "SELECT pg_size_pretty(pg_table_size('bench_customers')),
	pg_size_pretty(pg_table_size('bench_customers_tz')), pg_size_pretty(pg_table_size('bench_accounts'))")
settings=$("${PSQL[@]}" -c "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ' ' ORDER BY name) FROM pg_settings
	WHERE name IN ('shared_buffers', 'work_mem', 'jit', 'max_parallel_workers_per_gather', 'autovacuum', 'TimeZone')")
have_cpu=$("${PSQL[@]}" -c 'SELECT bench.cpu_ns() IS NOT NULL')
if [ "$have_cpu" = t ]; then
	judged="median backend CPU time (/proc/self/schedstat)"
else
	judged="median wall-clock time (no /proc/self/schedstat here)"
fi

say "cxkpi benchmark"
say "date:        $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
say "arch:        $(uname -m)"
say "cpu:         ${cpu:-unknown} ($(nproc) online)"
say "load:        $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before timing; other work on the machine makes wall-clock noisy)"
say "postgresql:  $pgversion"
say "settings:    $settings"
say "method:      each statement timed inside one backend (clock_timestamp() and backend CPU"
say "             time around EXECUTE), queries alternating in rotating order, 1 warm-up"
say "             round dropped; medians shown; ratios use the $judged"
say "             (the 36-period cross joins X and Y: $XJ_ROUNDS rounds each, no warm-up round)"
say ""

# 1. plain aggregate over 10M rows, serial
r1=$(time_queries "$ROUNDS" \
	A "$SERIAL" "$Q_A" \
	B "$SERIAL" "$Q_B" \
	C "$SERIAL" "$Q_C")
say "bench_nps: 10000000 rows, $(cut -d'|' -f1 <<<"$sizes"), serial     median cpu   median wall"
line "A  count(score)" "$r1" A
line "B  nps(nps_agg(score))" "$r1" B
line "C  count(*) FILTER ... / count(score)" "$r1" C
per_row "nps_agg cost over count(score)" "$r1" B A 10000000
nps_b=$(field "$r1" B 8)
nps_c=$(field "$r1" C 8)
check=$("${PSQL[@]}" -v b="$nps_b" -v c="$nps_c" <<'SQL'
SELECT abs(:'b'::float8 - :'c'::numeric::float8)::text || '|' ||
       CASE WHEN abs(:'b'::float8 - :'c'::numeric::float8) <= 1e-9 THEN 'ok' ELSE 'MISMATCH' END
SQL
)
say "  NPS: B = $nps_b, C = $nps_c, |B - C| = ${check%%|*}  ${check##*|}"
say ""

# 2. CSAT over 10M rows, serial
r4=$(time_queries "$CX_ROUNDS" \
	F "$SERIAL" "$Q_F" \
	G "$SERIAL" "$Q_G" \
	H "$SERIAL" "$Q_H" \
	L "$SERIAL" "$Q_L")
say "bench_cx: 10000000 rows, $(cut -d'|' -f3 <<<"$sizes"), serial, CSAT (scores 1..5, satisfied 4..5)"
line "F  count(csat_score)" "$r4" F
line "G  csat(csat_agg(csat_score))" "$r4" G
line "H  avg((csat_score >= 4)::int)" "$r4" H
line "L  count(*) FILTER ... / count(...)" "$r4" L
per_row "csat_agg cost over count(csat_score)" "$r4" G F 10000000
csat_g=$(field "$r4" G 8)
csat_h=$(field "$r4" H 8)
csat_l=$(field "$r4" L 8)
say "  CSAT: G = $csat_g, H = $csat_h, |G - H| = $(agree "$csat_g" "$csat_h" 1e-12)"
say "        L = $csat_l, |G - L| = $(agree "$csat_g" "$csat_l" 1e-12)"
say ""

# 3. CES over the same 10M rows, serial
r5=$(time_queries "$CX_ROUNDS" \
	I "$SERIAL" "$Q_I" \
	J "$SERIAL" "$Q_J" \
	K "$SERIAL" "$Q_K")
say "bench_cx: the same 10000000 rows, serial, CES 2.0 (scores 1..7)"
line "I  avg(ces_score)" "$r5" I
line "J  ces(ces_agg(ces_score))" "$r5" J
line "K  avg(ces_score), stddev_samp(...)" "$r5" K
per_row "ces_agg cost over avg(ces_score)" "$r5" J I 10000000
ces_i=$(field "$r5" I 8)
ces_j=$(field "$r5" J 8)
say "  CES: J = $ces_j, I = $ces_i, |J - I| = $(agree "$ces_j" "$ces_i" 1e-12)"
# The standard error a CES summary carries, against the one K's aggregates
# give (stddev_samp / sqrt(n)); one more scan, not timed.
se=$("${PSQL[@]}" -c "SELECT std_error(s) || '|' || (sd / sqrt(n::numeric))
	FROM (SELECT ces_agg(ces_score) AS s, stddev_samp(ces_score) AS sd, count(ces_score) AS n
	      FROM bench_cx) AS a")
say "  std_error(ces_agg(ces_score)) = ${se%%|*},"
say "  stddev_samp(ces_score) / sqrt(count(ces_score)) = ${se##*|}, |difference| = $(agree "${se%%|*}" "${se##*|}" 1e-12)"
say ""

# 4. window frames over 1M rows, serial
r2=$(time_queries "$WIN_ROUNDS" \
	D "$SERIAL" "$Q_D" \
	E "$SERIAL" "$Q_E")
say "bench_win: 1000000 rows, $(cut -d'|' -f2 <<<"$sizes"), serial"
line "D  nps_agg OVER (ROWS 999 PRECEDING)" "$r2" D
line "E  nps_agg OVER (ROWS 9 PRECEDING)" "$r2" E
say ""

# 5. parallel, for information (wall-clock: CPU time is the leader's only)
workers=$("${PSQL[@]}" <<SQL | awk '/Workers Launched/ { print $NF; exit }'
SET max_parallel_workers_per_gather = 2;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) $Q_B;
SQL
)
r3=$(time_queries "$PAR_ROUNDS" \
	S "$SERIAL" "$Q_B" \
	P "$PARALLEL" "$Q_B")
say "parallel (information): B on bench_nps, $(nproc) CPUs online"
line "B  serial" "$r3" S
line "B  max_parallel_workers_per_gather=2" "$r3" P
say "  (workers launched in an EXPLAIN ANALYZE of the parallel plan: ${workers:-none}; the"
say "  parallel line's cpu column is the leader's share only)"
if [ "$(field "$r3" S 8)" != "$(field "$r3" P 8)" ]; then
	say "  note: parallel result $(field "$r3" P 8) differs from serial $(field "$r3" S 8)"
fi
say ""

# 6. churn series: 36 monthly periods over 1M customers, date and timestamptz
series_section "bench_customers: 1000000 rows (date), $(cut -d'|' -f1 <<<"$sizes2"), serial, 36 monthly periods from 2023-07-01" \
	"$Q_SD" "$Q_XD" "$Q_YD"
series_date=$series_lines
say ""
series_section "bench_customers_tz: 1000000 rows (timestamptz), $(cut -d'|' -f2 <<<"$sizes2"), serial, the same periods in $PGTZ" \
	"$Q_ST" "$Q_XT" "$Q_YT"
series_tz=$series_lines
say ""

# 7. churn of one period over the same 1M customers, serial
r6=$(time_queries "$CHURN_ROUNDS" \
	CA "$SERIAL" "$Q_CA" \
	CB "$SERIAL" "$Q_CB" \
	CC "$SERIAL" "$Q_CC")
say "bench_customers: the same 1000000 rows, serial, churn of one period [2025-01-01, 2025-02-01)"
line "CA count(started_at)" "$r6" CA
line "CB churn_agg(..., daterange(...))" "$r6" CB
line "CC 5 x count(*) FILTER (...)" "$r6" CC
per_row "churn_agg cost over count(started_at)" "$r6" CB CA 1000000
churn_cb=$(field "$r6" CB 8)
churn_cc=$(field "$r6" CC 8)
churn_got=$("${PSQL[@]}" -v x="$churn_cb" <<'SQL'
SELECT concat_ws(';', customers_at_start(s), churned(s), acquired(s), acquired_ended(s), customers_at_end(s))
FROM (SELECT :'x'::churn_summary AS s) AS t
SQL
)
say "  CB = $churn_cb"
if [ "$churn_got" = "$churn_cc" ]; then
	say "  S;C;N;NE;E: CB = $churn_got, CC = $churn_cc, identical: yes"
else
	say "  *** MISMATCH: S;C;N;NE;E: CB = $churn_got, CC = $churn_cc"
fi
say ""

# 8. revenue retention over 1M accounts, serial
r7=$(time_queries "$CHURN_ROUNDS" \
	RA "$SERIAL" "$Q_RA" \
	RB "$SERIAL" "$Q_RB" \
	RC "$SERIAL" "$Q_RC" \
	RD "$SERIAL" "$Q_RD")
say "bench_accounts: 1000000 rows, $(cut -d'|' -f3 <<<"$sizes2"), serial, revenue retention (numeric(10,2), NULL = 0)"
line "RA count(mrr_start)" "$r7" RA
line "RB revenue_agg(mrr_start, mrr_end)" "$r7" RB
line "RC 5 x sum(...) FILTER (...)" "$r7" RC
line "RD sum(mrr_start), sum(mrr_end)" "$r7" RD
per_row "revenue_agg cost over count(mrr_start)" "$r7" RB RA 1000000
rev_rb=$(field "$r7" RB 8)
rev_rc=$(field "$r7" RC 8)
rev=$("${PSQL[@]}" -v x="$rev_rb" -v y="$rev_rc" <<'SQL'
SELECT concat_ws(';', starting_mrr(s), new_mrr(s), expansion_mrr(s), contraction_mrr(s), churned_mrr(s))
	|| '|' || CASE WHEN ARRAY[starting_mrr(s), new_mrr(s), expansion_mrr(s), contraction_mrr(s), churned_mrr(s)]
	                    = string_to_array(:'y', ';')::numeric[] THEN 'yes' ELSE 'MISMATCH' END
	|| '|' || gross_revenue_retention(s) || '|' || net_revenue_retention(s)
	|| '|' || CASE WHEN abs(gross_revenue_retention(s) - ((h[1] - h[4] - h[5]) / h[1])::float8) <= 1e-12
	                AND abs(net_revenue_retention(s) - ((h[1] + h[3] - h[4] - h[5]) / h[1])::float8) <= 1e-12
	               THEN 'ok' ELSE 'MISMATCH' END
FROM (SELECT :'x'::revenue_summary AS s, string_to_array(:'y', ';')::numeric[] AS h) AS t
SQL
)
IFS='|' read -r rev_amounts rev_same rev_grr rev_nrr rev_ratios_ok <<<"$rev"
say "  start;new;expansion;contraction;churned: RB = $rev_amounts"
say "                                           RC = $rev_rc"
if [ "$rev_same" = yes ]; then
	say "  identical: yes"
else
	say "  *** MISMATCH: the amounts of RB and RC differ"
fi
say "  GRR = $rev_grr, NRR = $rev_nrr (from RC's sums: $([ "$rev_ratios_ok" = ok ] && echo "equal within 1e-12" || echo "*** MISMATCH"))"
say ""

say "ratios"
ratio "nps_agg / count(score)" "$r1" B A "<=" 1.10
ratio "FILTER SQL / nps_agg" "$r1" C B ">=" 1.25
ratio "csat_agg / count(csat_score)" "$r4" G F "<=" 1.10
ratio "avg((>=4)::int) / csat_agg" "$r4" H G ">=" 1.25
# the ceiling of the line above: csat_agg can only reach H / F by costing
# no more than count(csat_score)
ratio "avg((>=4)::int) / count" "$r4" H F note
ratio "FILTER SQL / csat_agg" "$r4" L G note
ratio "ces_agg / avg(ces_score)" "$r5" J I "<=" 1.10
ratio "avg+stddev_samp / ces_agg" "$r5" K J note
ratio "frame 1000 / frame 10" "$r2" D E "<=" 1.50
ratio "parallel(2) / serial nps_agg" "$r3" P S info
ratio "cross join / series (date)" "$series_date" X S ">=" 10
ratio "materialized / series (date)" "$series_date" Y S ">=" 10
ratio "cross join / series (tstz)" "$series_tz" X S ">=" 10
ratio "materialized / series (tstz)" "$series_tz" Y S ">=" 10
ratio "churn_agg / count(started_at)" "$r6" CB CA note
ratio "FILTER SQL / churn_agg" "$r6" CC CB note
ratio "revenue_agg / count(mrr_start)" "$r7" RB RA note
ratio "FILTER SQL / revenue_agg" "$r7" RC RB note
ratio "two numeric sums / revenue_agg" "$r7" RD RB note

say ""
source ./order_value.sh
source ./bench-rate.sh

chmod 644 "$TMP"
mkdir -p results
mv "$TMP" "$OUT"
trap - EXIT
echo "== report saved to tests/bench/$OUT" >&2
