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
OUT=results/latest.txt
mkdir -p results
TMP=$(mktemp results/.latest.XXXXXX)
trap 'rm -f "$TMP"' EXIT

PSQL=(psql -X -q -At -v ON_ERROR_STOP=1 -F '|')
say() { printf '%s\n' "$*" | tee -a "$TMP"; }

SERIAL='max_parallel_workers_per_gather=0'
PARALLEL='max_parallel_workers_per_gather=2'

Q_A='SELECT count(score) FROM bench_nps'
Q_B='SELECT nps(nps_agg(score)) FROM bench_nps'
Q_C='SELECT 100.0*(count(*) FILTER (WHERE score>=9) - count(*) FILTER (WHERE score<=6))/count(score) FROM bench_nps'
Q_D='SELECT sum(x) FROM (SELECT nps(nps_agg(score) OVER (ORDER BY id ROWS BETWEEN 999 PRECEDING AND CURRENT ROW)) x FROM bench_win) t'
Q_E='SELECT sum(x) FROM (SELECT nps(nps_agg(score) OVER (ORDER BY id ROWS BETWEEN 9 PRECEDING AND CURRENT ROW)) x FROM bench_win) t'

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
		                        $(sql_array "${settings[@]}"), $rounds, 1)"
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
# against TARGET (OP is <=, >=, or info: wall-clock only), wall-clock ratio
# alongside.
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
		ok = (op == "<=") ? (r <= tg + 0) : (r >= tg + 0)
		printf "  %-30s %6.2f   (target %s %.2f)  %-6s  %s\n", t, r, op, tg, ok ? "ok" : "MISSED", w
	}' | tee -a "$TMP"
}

echo "== loading data (10M + 1M rows)" >&2
t0=$(date +%s)
"${PSQL[@]}" -f setup.sql >/dev/null
echo "== loaded in $(( $(date +%s) - t0 )) s; timing" >&2

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
[ -n "$cpu" ] || cpu=$(awk -F': *' '/^(Model|Hardware|cpu model)/ { print $2; exit }' /proc/cpuinfo)
pgversion=$("${PSQL[@]}" -c 'SELECT version()')
sizes=$("${PSQL[@]}" -c "SELECT pg_size_pretty(pg_table_size('bench_nps')), pg_size_pretty(pg_table_size('bench_win'))")
settings=$("${PSQL[@]}" -c "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ' ' ORDER BY name) FROM pg_settings
	WHERE name IN ('shared_buffers', 'work_mem', 'jit', 'max_parallel_workers_per_gather', 'autovacuum')")
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
say "$(awk -v a="$(field "$r1" A 5)" -v b="$(field "$r1" B 5)" -v wa="$(field "$r1" A 2)" -v wb="$(field "$r1" B 2)" 'BEGIN {
	printf "  nps_agg cost over count(score): "
	if (a != "") printf "%+.1f ns per row CPU, ", (b - a) * 1e6 / 10000000
	printf "%+.1f ns per row wall-clock", (wb - wa) * 1e6 / 10000000 }')"
nps_b=$(field "$r1" B 8)
nps_c=$(field "$r1" C 8)
check=$("${PSQL[@]}" -v b="$nps_b" -v c="$nps_c" <<'SQL'
SELECT abs(:'b'::float8 - :'c'::numeric::float8)::text || '|' ||
       CASE WHEN abs(:'b'::float8 - :'c'::numeric::float8) <= 1e-9 THEN 'ok' ELSE 'MISMATCH' END
SQL
)
say "  NPS: B = $nps_b, C = $nps_c, |B - C| = ${check%%|*}  ${check##*|}"
say ""

# 2. window frames over 1M rows, serial
r2=$(time_queries "$WIN_ROUNDS" \
	D "$SERIAL" "$Q_D" \
	E "$SERIAL" "$Q_E")
say "bench_win: 1000000 rows, $(cut -d'|' -f2 <<<"$sizes"), serial"
line "D  nps_agg OVER (ROWS 999 PRECEDING)" "$r2" D
line "E  nps_agg OVER (ROWS 9 PRECEDING)" "$r2" E
say ""

# 3. parallel, for information (wall-clock: CPU time is the leader's only)
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

say "ratios"
ratio "nps_agg / count(score)" "$r1" B A "<=" 1.10
ratio "FILTER SQL / nps_agg" "$r1" C B ">=" 1.25
ratio "frame 1000 / frame 10" "$r2" D E "<=" 1.50
ratio "parallel(2) / serial nps_agg" "$r3" P S info

chmod 644 "$TMP"
mv "$TMP" "$OUT"
trap - EXIT
echo "== report saved to tests/bench/$OUT" >&2
