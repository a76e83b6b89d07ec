# Section "summaries at scale" of make bench (issue 15), sourced by
# bench-cluster.sh after its other sections: it uses that script's helpers
# (time_queries, line, ratio, say, field, PSQL) and its bench_customers table.
# Data: setup_scale.sql.  Prints
#   - bytes per stored summary of each type, unweighted and weighted, and
#     per matview row (daily x segment NPS summaries against three bigint
#     counts);
#   - bytes per group under hash aggregation over 1 M groups (EXPLAIN
#     ANALYZE peak memory) against count(*) and the hand FILTER query, and
#     the batches at the cluster's work_mem (256 MB);
#   - a dashboard over 1 M stored summaries (rolled up per month and store)
#     with and without the interval columns, the same for a listing of
#     every stored summary, and the per-call cost of ci_lower against nps;
#   - the churn series (36 monthly periods) against count(started_at).
# Sizes are exact; times are medians of alternating rounds, CPU time.

SCALE_ROUNDS=${BENCH_SCALE_ROUNDS:-$ROUNDS}
# every scan from the first row (a synchronized scan of a table larger than
# a quarter of shared_buffers starts where another left off, and float sums
# then differ in the last bits between runs and builds)
SCALE_SET="$SERIAL,synchronize_seqscans=off"

# Queries of the section (also used by tests/bench/before_after.sh).
# the dashboard: stored daily x store summaries rolled up per month and
# store (34 000 rows), NPS and responses, then with the interval too
Q_DA='SELECT sum(k), sum(n) FROM (SELECT day / 30, store, nps(rollup(s)) AS k, responses(rollup(s)) AS n
	FROM scale_stored GROUP BY 1, 2) AS d'
Q_DB='SELECT sum(k), sum(n), sum(lo), sum(hi) FROM (SELECT day / 30, store, nps(rollup(s)) AS k, responses(rollup(s)) AS n,
	ci_lower(rollup(s)) AS lo, ci_upper(rollup(s)) AS hi FROM scale_stored GROUP BY 1, 2) AS d'
# a listing of every stored summary, without and with the interval
Q_DR='SELECT sum(nps(s)), sum(responses(s)) FROM scale_stored'
Q_DS='SELECT sum(nps(s)), sum(responses(s)), sum(ci_lower(s)), sum(ci_upper(s)) FROM scale_stored'
Q_D0='SELECT count(s) FROM scale_stored'
Q_DN='SELECT sum(nps(s)) FROM scale_stored'
Q_DL='SELECT sum(ci_lower(s)) FROM scale_stored'
Q_HC='SELECT g, count(*) FROM scale_answers GROUP BY g'
Q_HF='SELECT g, count(*) FILTER (WHERE score >= 9), count(*) FILTER (WHERE score <= 6), count(score) FROM scale_answers GROUP BY g'
Q_HN='SELECT g, nps_agg(score) FROM scale_answers GROUP BY g'
Q_HW='SELECT g, nps_agg(score, w) FROM scale_answers GROUP BY g'
Q_SA='SELECT count(started_at) FROM bench_customers'
Q_SS="SELECT periods(churn_series_agg(started_at, ended_at, date '2023-07-01', interval '1 month', 36)) FROM bench_customers"

# scale_sizes: the size rows (exact, no timing).
scale_sizes() {
	say "stored summaries: bytes per value (pg_column_size; STORAGE plain, so on disk the same)"
	"${PSQL[@]}" -c "SELECT type, CASE WHEN weighted THEN 'weighted' ELSE 'unweighted' END, bytes
	                 FROM scale_kinds ORDER BY type, weighted" |
		awk -F'|' '{ printf "  %-28s %-11s %5d B\n", $1, $2, $3 }' | tee -a "$TMP"
	say "matview, 200 days x 100 segments (20000 rows): bytes per row (pg_relation_size / rows)"
	"${PSQL[@]}" -c "SELECT m, round(pg_relation_size(m::regclass)::numeric / n, 1)
	                 FROM (VALUES ('scale_mv_nps', 'nps_agg(score)'), ('scale_mv_nps_w', 'nps_agg(score, weight)'),
	                              ('scale_mv_counts', '3 x count(*) FILTER (bigint)')) v(m, what),
	                      LATERAL (SELECT count(*) AS n FROM scale_mv_counts) c" |
		awk -F'|' '{ printf "  %-28s %7.1f B/row\n", $1, $2 }' | tee -a "$TMP"
	say "  $("${PSQL[@]}" -c "SELECT 'nps_agg matview / bigint counts: ' ||
	          round(pg_relation_size('scale_mv_nps')::numeric / pg_relation_size('scale_mv_counts'), 2)")"
}

# scale_hash: bytes per group of 1 M groups, and batches at work_mem.
scale_hash() {
	local res
	res=$("${PSQL[@]}" <<-EOF
	SET work_mem = '4GB';
	SELECT q, bytes / 1000000.0, batches FROM (VALUES ('count(*)', \$q\$$Q_HC\$q\$), ('FILTER x3', \$q\$$Q_HF\$q\$),
	       ('nps_agg(score)', \$q\$$Q_HN\$q\$), ('nps_agg(score, w)', \$q\$$Q_HW\$q\$)) v(q, sql),
	       LATERAL bench_hash_bytes(sql);
	RESET work_mem;
	SELECT q || ' @' || current_setting('work_mem'), bytes / 1000000.0, batches
	  FROM (VALUES ('FILTER x3', \$q\$$Q_HF\$q\$), ('nps_agg(score)', \$q\$$Q_HN\$q\$)) v(q, sql),
	       LATERAL bench_hash_bytes(sql);
	EOF
	)
	say "hash aggregation, 1000000 groups of 2 answers (EXPLAIN ANALYZE peak memory; 4GB unless noted)"
	printf '%s\n' "$res" | awk -F'|' '{ printf "  %-28s %7.1f B/group  batches %s\n", $1, $2, $3 }' | tee -a "$TMP"
	say "  $(printf '%s\n' "$res" | awk -F'|' '$1 == "FILTER x3" { f = $2 } $1 == "nps_agg(score)" { n = $2 }
		END { printf "nps_agg / FILTER bytes per group: %.2f (target <= 1.60)  %s", n / f, (n <= 1.6 * f) ? "ok" : "MISSED" }')"
}

# scale_timed: the dashboard and the churn series, timed; sets scale_lines.
scale_timed() {
	scale_lines=$(time_queries "$SCALE_ROUNDS" \
		DA "$SCALE_SET" "$Q_DA" DB "$SCALE_SET" "$Q_DB" DR "$SCALE_SET" "$Q_DR" DS "$SCALE_SET" "$Q_DS" \
		D0 "$SCALE_SET" "$Q_D0" DN "$SCALE_SET" "$Q_DN" DL "$SCALE_SET" "$Q_DL" \
		SA "$SCALE_SET" "$Q_SA" SS "$SCALE_SET" "$Q_SS")
	say "scale_stored: 1000000 stored nps summaries, serial"
	line "DA monthly: nps, responses of rollup" "$scale_lines" DA
	line "DB ... + ci_lower, ci_upper" "$scale_lines" DB
	line "DR every row: nps, responses" "$scale_lines" DR
	line "DS ... + ci_lower, ci_upper" "$scale_lines" DS
	line "D0 count(s)" "$scale_lines" D0
	line "DN sum(nps(s))" "$scale_lines" DN
	line "DL sum(ci_lower(s))" "$scale_lines" DL
	say "bench_customers: 1000000 rows (date), serial"
	line "SA count(started_at)" "$scale_lines" SA
	line "SS churn_series_agg, 36 monthly periods" "$scale_lines" SS
	ratio "dashboard with / without CI" "$scale_lines" DB DA "<=" 1.10
	ratio "listing with / without CI" "$scale_lines" DS DR note
	say "  $(awk -v z="$(field "$scale_lines" D0 5)" -v n="$(field "$scale_lines" DN 5)" -v l="$(field "$scale_lines" DL 5)" 'BEGIN {
		printf "ci_lower / nps per call (over count(s)): %.2f (target <= 2.00)  %s; nps %.0f ns, ci_lower %.0f ns per call",
			(l - z) / (n - z), ((l - z) <= 2 * (n - z)) ? "ok" : "MISSED", (n - z) * 1e6 / 1000000, (l - z) * 1e6 / 1000000 }')"
	ratio "churn series / count" "$scale_lines" SS SA "<=" 1.40
}

scale_section() {
	echo "== loading the scale section's data" >&2
	"${PSQL[@]}" -f setup_scale.sql >/dev/null
	say "summaries at scale"
	scale_sizes
	scale_hash
	scale_timed
	say ""
}
