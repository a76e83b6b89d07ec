# survival.sh -- the survival section of make bench, sourced by
# bench-cluster.sh (its helpers: time_queries, line, ratio, field, say).
# Alone: make bench BENCH_ONLY=survival.
#
# 1M customers over three years (setup_survival.sql):
#   VA count(started_at)                      the baseline scan
#   VB survival_agg(started_at, ended_at, as_of)  daily Kaplan-Meier summary
#   VC 36 start-month cohorts x S(0..12): survival_agg GROUP BY cohort
#   VD the same matrix as an analyst writes it: the customers cross joined
#      with k = 0..12, per (cohort, k) the number at risk (whole months from
#      age() >= k) and the events at k, S(k) by exp(sum(ln(1 - d/n))) over
#      k; blank (NULL) where no one is at risk (the form of the churn
#      series' cross join X)
#   VE the fastest hand-written form: per-(cohort, duration) counts first
#      (one pass), at risk by a window sum, S up to k (information)
# VC, VD and VE return their 36 x 13 values as one string, compared below
# (S to 1e-12: the hand-written products go through logarithms; the blanks
# must coincide).
SURV_ROUNDS=${BENCH_SURV_ROUNDS:-7}
SURV_XJ_ROUNDS=${BENCH_SURV_XJ_ROUNDS:-3}

echo "== survival: loading 1M customers" >&2
"${PSQL[@]}" -f setup_survival.sql >/dev/null

Q_VA='SELECT count(started_at) FROM bench_surv'
Q_VB=$'SELECT customers(survival_agg(started_at, ended_at, date \'2026-10-31\')) FROM bench_surv'
Q_VC=$'SELECT string_agg(coalesce(v::text, \'-\'), \',\' ORDER BY cohort, k) FROM (
	SELECT cohort, k, CASE WHEN at_risk(s, k) > 0 THEN survival(s, k) END AS v
	FROM (SELECT date_trunc(\'month\', started_at) AS cohort,
				 survival_agg(started_at, ended_at, date \'2026-10-31\', \'1 month\') AS s
		  FROM bench_surv GROUP BY 1) c, generate_series(0, 12) k) m'
Q_VE=$'WITH r AS (
	SELECT date_trunc(\'month\', started_at) AS cohort, started_at,
		   CASE WHEN ended_at <= date \'2026-10-31\' THEN ended_at ELSE date \'2026-10-31\' END AS stop,
		   ended_at IS NOT NULL AND ended_at <= date \'2026-10-31\' AS event
	FROM bench_surv WHERE started_at <= date \'2026-10-31\'
), d AS (
	SELECT cohort, (extract(year FROM age(stop, started_at)) * 12 + extract(month FROM age(stop, started_at)))::int AS t,
		   count(*) FILTER (WHERE event) AS d, count(*) AS dc
	FROM r GROUP BY 1, 2
), n AS (
	SELECT cohort, t, d, sum(dc) OVER (PARTITION BY cohort ORDER BY t DESC) AS n FROM d
), m AS (
	SELECT n.cohort, k,
		   CASE WHEN sum(n.n) FILTER (WHERE n.t >= k) > 0 THEN
				CASE WHEN bool_or(n.d = n.n) FILTER (WHERE n.t <= k) THEN 0
					 ELSE coalesce(exp(sum(ln(1 - n.d::float8 / n.n)) FILTER (WHERE n.t <= k)), 1) END END AS v
	FROM n, generate_series(0, 12) k
	GROUP BY 1, 2
)
SELECT string_agg(coalesce(v::text, \'-\'), \',\' ORDER BY cohort, k) FROM m'

Q_VD=$'WITH r AS (
	SELECT date_trunc(\'month\', started_at) AS cohort,
		   (extract(year FROM age(least(ended_at, date \'2026-10-31\'), started_at)) * 12
			+ extract(month FROM age(least(ended_at, date \'2026-10-31\'), started_at)))::int AS t,
		   ended_at <= date \'2026-10-31\' AS event
	FROM bench_surv WHERE started_at <= date \'2026-10-31\'
), c AS (
	SELECT cohort, k, count(*) FILTER (WHERE t >= k) AS n, count(*) FILTER (WHERE event AND t = k) AS d
	FROM r CROSS JOIN generate_series(0, 12) k
	GROUP BY 1, 2
)
SELECT string_agg(coalesce(v::text, \'-\'), \',\' ORDER BY cohort, k) FROM (
	SELECT cohort, k, CASE WHEN n > 0 THEN
		   CASE WHEN bool_or(d = n) OVER w THEN 0 ELSE exp(sum(ln(1 - CASE WHEN n > 0 THEN d::float8 / n ELSE 0 END)) OVER w) END END AS v
	FROM c WINDOW w AS (PARTITION BY cohort ORDER BY k)) m'

rv=$(time_queries "$SURV_ROUNDS" \
	VA "$SERIAL" "$Q_VA" \
	VB "$SERIAL" "$Q_VB")
rm_=$(WARMUP=0 time_queries "$SURV_XJ_ROUNDS" \
	VC "$SERIAL" "$Q_VC" \
	VD "$SERIAL" "$Q_VD" \
	VE "$SERIAL" "$Q_VE")
rv_all=$(printf '%s\n%s\n' "$rv" "$rm_")
say "bench_surv: 1000000 customers over 3 years, serial, survival (as of 2026-10-31)"
line "VA count(started_at)" "$rv_all" VA
line "VB survival_agg(started, ended, as_of)" "$rv_all" VB
line "VC cohort matrix: survival_agg GROUP BY" "$rv_all" VC
line "VD matrix: cross join with k (SQL)" "$rv_all" VD
line "VE matrix: counts per duration (SQL)" "$rv_all" VE
per_row "survival_agg cost over count(started_at)" "$rv_all" VB VA 1000000
# surv_compare A B: "values|blank|yes or MISMATCH|largest difference"
surv_compare() {
	"${PSQL[@]}" -v a="$1" -v b="$2" <<'SQL'
SELECT count(*) || '|' || count(*) FILTER (WHERE x = '-') || '|' ||
	   CASE WHEN bool_and((x = '-') = (y = '-')) AND
				 coalesce(max(abs(x::float8 - y::float8)) FILTER (WHERE x <> '-' AND y <> '-'), 0) <= 1e-12
			THEN 'yes' ELSE 'MISMATCH' END || '|' ||
	   coalesce(max(abs(x::float8 - y::float8)) FILTER (WHERE x <> '-' AND y <> '-'), 0)
FROM unnest(string_to_array(:'a', ','), string_to_array(:'b', ',')) AS u(x, y)
SQL
}
for q in VD VE; do
	IFS='|' read -r surv_n surv_blank surv_same surv_maxdiff <<<"$(surv_compare "$(field "$rv_all" VC 8)" "$(field "$rv_all" $q 8)")"
	say "  cohort matrix VC vs $q: $surv_n values ($surv_blank blank: the triangle), identical: $surv_same (largest |difference| $surv_maxdiff)"
done
surv_size=$("${PSQL[@]}" -c $'SELECT customers(s) || \'|\' || (SELECT count(*) FROM survival_curve(s)) || \'|\' || pg_column_size(s) || \'|\' || octet_length(survival_summary_send(s))
	FROM (SELECT survival_agg(started_at, ended_at, date \'2026-10-31\') AS s FROM bench_surv) x')
IFS='|' read -r surv_customers surv_points surv_bytes surv_send <<<"$surv_size"
say "  summary size, 3-year daily curve of $surv_customers customers: $surv_points durations, $surv_bytes bytes stored ($surv_send bytes binary)"
say ""
say "survival ratios"
ratio "survival_agg / count(started_at)" "$rv_all" VB VA "<=" 1.50
ratio "cross join SQL / survival_agg matrix" "$rv_all" VD VC ">=" 10
ratio "per-duration SQL / survival_agg matrix" "$rv_all" VE VC note
say ""
