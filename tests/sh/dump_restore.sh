#!/bin/bash
# dump_restore.sh -- summaries of every cxkpi type (nps_summary,
# churn_summary, churn_series, revenue_summary, and those new in 0.3.0:
# rate_summary, order_value_summary, survival_summary, bgnbd_model,
# spend_model, clv_points) stored in tables and materialized views survive
# a real dump and restore, bit for bit.
#
# Runs inside pg_virtualenv (libpq environment set, superuser).  For two
# layouts -- the extension in its own schema "kpi" (objects created with
# kpi on search_path, fingerprints read with search_path = pg_catalog) and
# the extension in "public" -- it builds database cxkpi_dump_src with:
#   responses     raw answers, generated deterministically (NULL scores,
#                 NULL / zero / fractional weights such as 0.1 and 1/3)
#   summary_store summary columns: unweighted, weighted, nps_summary[],
#                 a CHECK and a generated column calling accessors; rows
#                 include the empty summary (both forms), NULL, hand-written
#                 literals (tiny and 0.30000000000000004 weight sums,
#                 the largest count a point may hold) and aggregates of the raw table
#   daily_nps     materialized view: nps_agg(score), nps_agg(score, weight)
#                 per day and segment (unique index, so it can be refreshed
#                 CONCURRENTLY); one segment has all-NULL scores, all-NULL
#                 weights and all-zero weights on some days
#   segment_nps   plain view: nps(rollup(...)), +, ::jsonb over the MV
#                 (weighted rollups ORDER BY day: see the view's comment)
#   customers     raw customers, generated deterministically: start/end as
#                 date, timestamp (microseconds, some exactly at midnight)
#                 and timestamptz; NULL ends, NULL starts, a segment
#                 "trial" whose starts are all NULL; MRR with 2 decimals
#                 and, in segment "ent", 20 decimals (the largest scale)
#   churn_store   churn_summary (date, timestamp, timestamptz periods,
#                 inclusive/exclusive range bounds), churn_summary[],
#                 churn_series, revenue_summary columns and a generated
#                 column; rows: empty/zero summaries, NULL, literals (a
#                 one-microsecond period, periods in year 10000 and
#                 294276, the largest counts, the largest revenue amount
#                 at scale 0 and at scale 20), aggregates per segment and
#                 over all rows, window aggregates, a 2000-period daily
#                 series (TOASTed), and a timestamptz series with a
#                 1-month step computed under the source TimeZone
#   monthly_churn materialized view per month and segment: churn_agg of the
#                 three kinds and revenue_agg of each customer's MRR at
#                 the month's start and end (active_at); the "trial"
#                 segment and months before the first customer give zero
#                 summaries (unique index)
#   segment_series materialized view per segment: churn_series_agg of the
#                 three kinds (the timestamptz one with a step in hours, so
#                 it does not depend on the session TimeZone)
#   month_churn   plain view: rollup, churn_rate, GRR, ::jsonb per month
#   events        raw rows per segment, generated deterministically: a
#                 boolean outcome (NULLs) with NULL / zero / 1/3 / pi
#                 weights, an order amount (up to 6 decimals, refunds,
#                 zero, NULL), and a CLV customer (x, t_x, t_cal, m)
#   kpi03_store   rate_summary (unweighted, weighted), order_value_summary,
#                 survival_summary (date in days and months, timestamptz
#                 in 24 hours and in 1 month -- the month one computed
#                 under the source TimeZone), clv_points of both fits,
#                 bgnbd_model, spend_model and a generated column; rows:
#                 empty literals, NULL, extremes (the largest rate count,
#                 a survival duration of 2^31-1 and near-largest counts,
#                 a 1-microsecond unit, float sums of 0.30000000000000004
#                 and 3e-150, order amounts of +-(10^13 - 10^-6)),
#                 per-segment and overall aggregates and fits, a window
#                 aggregate, and the fits of the real CDNOW data
#                 (tests/data/cdnow.sql; its raw table is dropped)
#   segment_kpi03 materialized view per segment: rate_agg (both forms),
#                 order_value_agg, bgnbd_points / gamma_gamma_points and
#                 both fits over events, survival_agg over customers (the
#                 timestamptz one in 24-hour units: '1 day' and '1 month'
#                 on timestamptz follow the session TimeZone); "trial" has
#                 no events and only the empty survival summaries
# and records a fingerprint: every summary's text and send bytes, every
# accessor (NPS: nps, std_error, margins, ci bounds, mean, effective_n,
# total_weight, counts, histogram; churn: every count and rate, std_error,
# Wilson bounds, period bounds; series: periods, first and last period, a
# digest of churn_periods(); revenue: every amount, count, GRR, NRR; rate:
# rate, counts, weights, std_error, CI bounds of several methods, margin;
# order value: aov, orders, refunds, total, min, max, std_dev, std_error, CI
# bounds, margin; survival: counts, unit, survival / at_risk / events /
# censored at several t, std_error and CI bounds, median lifetime and its
# CI, a quantile, restricted means and std_error, a digest of
# survival_curve(); models: every parameter, log-likelihood, counts,
# convergence, iterations, correlation, a few scores; point sets: text,
# send bytes and the fits of them; all with ::jsonb where the type has
# it), p_value / logrank_p_value and rollups of the new types, md5 digests of the text and of the send bytes, p_value
# between every pair of segments, and digests of the raw rows.  Floats are
# printed with extra_float_digits = 3 (shortest exact), so equal text is
# equal bits; the fingerprint reads with TimeZone = UTC (period_start and
# period_end of date and timestamp periods follow the session TimeZone).
#
# Time zones: everything on the source side (building it, pg_dump, COPY
# out) runs with PGTZ=$SRC_TZ, everything on the restore side (pg_restore
# and its REFRESH of the MVs, psql, COPY in, the checks) with
# PGTZ=$DST_TZ, two zones with different UTC offsets and DST rules.  The
# plain dump must hold the source zone's offset, values must be identical
# anyway, and a timestamptz series with a 1-month step and a timestamptz
# survival summary in 1-month units, recomputed in the restored database,
# must differ from the stored ones unless the session switches to the
# source zone (proof that the zones really differ there).
#
# Round trips, each into a freshly created database, each compared with the
# source fingerprint exactly (diff) and value by value with each type's "="
# and "<>" against the source's text (send bytes and text only for
# bgnbd_model, spend_model and clv_points, which have no "="), and every
# survey summary still in the compact format (104 bytes unweighted, 280
# weighted; MV rows as large as in the source):
#   1. pg_dump -Fc | pg_restore            -> cxkpi_dump_dst
#   2. pg_dump (plain SQL) | psql           -> cxkpi_dump_dst_sql
#   3. COPY ... TO (FORMAT binary) in the source, COPY ... FROM into tables
#      of a fresh database                  -> cxkpi_dump_dst_bin
# For 1 and 2, REFRESH MATERIALIZED VIEW and REFRESH ... CONCURRENTLY are
# run in the restored database and the fingerprint is compared again; for 3
# the MV contents are recomputed from the copied raw rows and compared.
#
# Exits 0 and prints one summary line on success; on failure prints what
# differed and exits 1.  Drops every database it creates (CXKPI_KEEP_WORK=1
# keeps the work files: fingerprints, dumps, truth lists).
set -euo pipefail

# Use the server's own client binaries when the runner tells us which.
if [ -n "${PG_CONFIG:-}" ] && [ -x "$PG_CONFIG" ]; then
	PATH="$("$PG_CONFIG" --bindir):$PATH"
fi

# Weighted summaries hold float sums and float addition is not associative.
# A parallel plan combines a group's partial states in a different order on
# every run, so an MV refresh could change weighted sums in the last bits
# (seen with force_parallel_mode=on).  Serial plans add a group's rows in
# heap order, which every restore below preserves, so recomputation is
# exact and the comparison can be too.
export PGOPTIONS="${PGOPTIONS:+$PGOPTIONS }-c max_parallel_workers_per_gather=0"

ME=dump_restore
SRC=cxkpi_dump_src
DST=cxkpi_dump_dst
DST_SQL=cxkpi_dump_dst_sql
DST_BIN=cxkpi_dump_dst_bin
ALL_DBS=("$SRC" "$DST" "$DST_SQL" "$DST_BIN")
NROWS=30000						# raw responses (plus a few hand-made ones)
NCUST=4000						# customers
NEV=900							# events (rate, order value, CLV)
# Source and restore sessions run in different time zones: Kathmandu is
# UTC+05:45 all year, St. John's UTC-03:30 with daylight saving time.
SRC_TZ=Asia/Kathmandu
DST_TZ=America/St_Johns

DATADIR=$(cd "$(dirname "$0")/../data" && pwd)	# tests/data: cdnow.sql
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cxkpi_dump_restore.XXXXXX")
COPYDIR=""						# server-side COPY directory, set later
step="starting"

drop_dbs() {
	local db
	for db in "${ALL_DBS[@]}"; do
		dropdb --if-exists "$db" >/dev/null 2>&1 || true
	done
}

cleanup() {
	local rc=$?
	drop_dbs
	if [ -n "$COPYDIR" ]; then rm -rf "$COPYDIR"; fi
	if [ -n "${CXKPI_KEEP_WORK:-}" ]; then
		echo "$ME: work files kept in $WORK" >&2
	else
		rm -rf "$WORK"
	fi
	if [ "$rc" -ne 0 ]; then
		echo "$ME: FAILED (step: $step)" >&2
	fi
	exit "$rc"
}
trap cleanup EXIT

fail() {
	echo "$ME: FAIL: $*" >&2
	exit 1
}

# psql against database $1, quiet, unaligned, stop at the first error;
# the session's TimeZone is the source's for the source, else the restore
# side's.
q() {
	local db=$1 tz=$DST_TZ
	shift
	if [ "$db" = "$SRC" ]; then tz=$SRC_TZ; fi
	PGTZ=$tz psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"
}

# ---------------------------------------------------------------------------
# SQL builders.  $EXT is the extension's schema for the current layout.
# ---------------------------------------------------------------------------

# Every accessor of one summary expression, as select-list items.
acc() {
	local x="($1)" e=$EXT
	printf '%s' "$x::text, encode($e.nps_summary_send($x), 'hex'),
	$e.nps($x), $e.std_error($x), $e.margin_of_error($x), $e.margin_of_error($x, 0.9),
	$e.ci_lower($x), $e.ci_upper($x), $e.ci_lower($x, 0.99), $e.ci_upper($x, 0.99),
	$e.mean_score($x), $e.effective_n($x), $e.total_weight($x),
	$e.responses($x), $e.promoters($x), $e.passives($x), $e.detractors($x),
	$e.histogram($x), $x::jsonb"
}

# Every accessor of a churn_summary, churn_series, revenue_summary.
acc_churn() {
	local x="($1)" e=$EXT
	printf '%s' "$x::text, encode($e.churn_summary_send($x), 'hex'),
	$e.churn_rate($x), $e.retention_rate($x), $e.customer_retention_rate($x),
	$e.customers_at_start($x), $e.retained($x), $e.churned($x), $e.acquired($x),
	$e.acquired_ended($x), $e.customers_at_end($x), $e.std_error($x),
	$e.ci_lower($x), $e.ci_upper($x), $e.ci_lower($x, 0.9), $e.ci_upper($x, 0.99),
	$e.period_start($x), $e.period_end($x), $x::jsonb"
}

acc_series() {
	local x="($1)" e=$EXT
	printf '%s' "$x::text, encode($e.churn_series_send($x), 'hex'), $e.periods($x),
	$e.churn_period($x, 1)::text, $e.churn_period($x, $e.periods($x))::text,
	(SELECT md5(string_agg(p::text, ',' ORDER BY p.period)) FROM $e.churn_periods($x) AS p)"
}

acc_rev() {
	local x="($1)" e=$EXT
	printf '%s' "$x::text, encode($e.revenue_summary_send($x), 'hex'),
	$e.starting_mrr($x), $e.ending_mrr($x), $e.new_mrr($x), $e.expansion_mrr($x),
	$e.contraction_mrr($x), $e.churned_mrr($x),
	$e.gross_revenue_retention($x), $e.net_revenue_retention($x),
	$e.accounts_at_start($x), $e.accounts_at_end($x), $e.new_accounts($x),
	$e.expanded_accounts($x), $e.contracted_accounts($x), $e.churned_accounts($x), $x::jsonb"
}

# Every accessor of a rate_summary, order_value_summary, survival_summary,
# bgnbd_model, spend_model and clv_points (0.3.0 types).
acc_rate() {
	local x="($1)" e=$EXT
	printf '%s' "$x::text, encode($e.rate_summary_send($x), 'hex'),
	$e.rate($x), $e.successes($x), $e.trials($x), $e.total_weight($x), $e.effective_n($x),
	$e.std_error($x), $e.ci_lower($x), $e.ci_upper($x), $e.ci_lower($x, 0.9, 'jeffreys'),
	$e.ci_upper($x, 0.99, 'exact'), $e.margin_of_error($x), $x::jsonb"
}

acc_ov() {
	local x="($1)" e=$EXT
	printf '%s' "$x::text, encode($e.order_value_summary_send($x), 'hex'),
	$e.aov($x), $e.orders($x), $e.refunds($x), $e.total($x), $e.min_value($x), $e.max_value($x),
	$e.std_dev($x), $e.std_error($x), $e.ci_lower($x), $e.ci_upper($x, 0.99),
	$e.margin_of_error($x), $x::jsonb"
}

acc_surv() {
	local x="($1)" e=$EXT
	printf '%s' "$x::text, encode($e.survival_summary_send($x), 'hex'),
	$e.customers($x), $e.total_events($x), $e.total_censored($x), $e.survival_unit($x),
	$e.survival($x, 1), $e.survival($x, 6), $e.survival($x, 30), $e.survival($x, 365),
	$e.at_risk($x, 1), $e.at_risk($x, 30), $e.events($x, 30), $e.censored($x, 30),
	$e.survival_std_error($x, 6), $e.survival_ci_lower($x, 6), $e.survival_ci_upper($x, 30, 0.9, 'plain'),
	$e.median_lifetime($x), $e.median_lifetime_ci_lower($x), $e.median_lifetime_ci_upper($x),
	$e.lifetime_quantile($x, 0.25), $e.restricted_mean_lifetime($x, 12),
	$e.restricted_mean_lifetime($x, 400), $e.restricted_mean_lifetime_std_error($x, 12),
	(SELECT md5(string_agg(c::text, ',' ORDER BY c.t)) FROM $e.survival_curve($x) AS c), $x::jsonb"
}

acc_bg() {
	local x="($1)" e=$EXT
	printf '%s' "$x::text, encode($e.bgnbd_model_send($x), 'hex'),
	$e.bgnbd_r($x), $e.bgnbd_alpha($x), $e.bgnbd_a($x), $e.bgnbd_b($x), $e.log_likelihood($x),
	$e.customers($x), $e.repeat_buyers($x), $e.converged($x), $e.iterations($x),
	$e.expected_purchases($x, 10), $e.probability_alive($x, 2, 10, 30),
	$e.conditional_expected_purchases($x, 10, 2, 10, 30), $x::jsonb"
}

acc_sp() {
	local x="($1)" e=$EXT
	printf '%s' "$x::text, encode($e.spend_model_send($x), 'hex'),
	$e.spend_p($x), $e.spend_q($x), $e.spend_gamma($x), $e.log_likelihood($x),
	$e.customers($x), $e.converged($x), $e.iterations($x),
	$e.frequency_spend_correlation($x), $e.conditional_expected_value($x, 3, 20), $x::jsonb"
}

acc_pts() {
	local x="($1)" e=$EXT
	printf '%s' "$x::text, encode($e.clv_points_send($x), 'hex')"
}

# A customer's MRR at date $1 (SQL): 0 when not a customer then (the rule
# of customers_at_start), else mrr plus mrr_step per 30 days since the
# start, never below 0; NULL when mrr is NULL (revenue_agg counts it as 0).
mrr_at() {
	printf '%s' "CASE WHEN active_at(started, ended, $1)
	            THEN greatest(mrr + mrr_step * (($1 - started) / 30), 0) ELSE 0 END"
}

# The MVs' queries (also used to recompute them after the binary COPY).
monthly_churn_sql() {
	cat <<-EOF
	SELECT m.month, c.segment, count(*) AS n_rows,
	       churn_agg(c.started, c.ended, daterange(m.month, m.next)) AS c_date,
	       churn_agg(c.started_ts, c.ended_ts, tsrange(m.month, m.next)) AS c_ts,
	       churn_agg(c.started_tz, c.ended_tz,
	                 tstzrange(m.month::timestamp AT TIME ZONE 'UTC', m.next::timestamp AT TIME ZONE 'UTC')) AS c_tz,
	       revenue_agg($(mrr_at m.month), $(mrr_at m.next)) AS r
	  FROM customers AS c
	       CROSS JOIN (SELECT (date '2023-01-01' + make_interval(months => k))::date AS month,
	                          (date '2023-01-01' + make_interval(months => k + 1))::date AS next
	                     FROM generate_series(0, 23) AS k) AS m
	 GROUP BY m.month, c.segment
	EOF
}

segment_series_sql() {
	cat <<-EOF
	SELECT segment,
	       churn_series_agg(started, ended, date '2023-01-01', interval '1 month', 24) AS s_date,
	       churn_series_agg(started_ts, ended_ts, timestamp '2023-01-01 06:00:00', interval '7 days', 104) AS s_ts,
	       churn_series_agg(started_tz, ended_tz, timestamptz '2023-01-01 00:00:00+00', interval '168 hours', 104) AS s_tz
	  FROM customers GROUP BY segment
	EOF
}

# Per segment: rate, order value and CLV fits over the raw events, and
# survival over the customers (date in days and months, timestamptz in
# 24-hour units: '1 day' and '1 month' on timestamptz follow the session
# TimeZone, so an MV refreshed on the restore side would differ).
segment_kpi03_sql() {
	cat <<-EOF
	SELECT segment, e.n_rows, e.rate_unw, e.rate_w, e.ov, e.pts_bg, e.pts_gg, e.bg, e.sp,
	       c.sv_day, c.sv_month, c.sv_tz_day
	  FROM (SELECT segment, count(*) AS n_rows, rate_agg(converted) AS rate_unw,
	               rate_agg(converted, weight) AS rate_w, order_value_agg(amount) AS ov,
	               bgnbd_points(x, t_x, t_cal) AS pts_bg, gamma_gamma_points(x, m) AS pts_gg,
	               bgnbd_fit(x, t_x, t_cal) AS bg, gamma_gamma_fit(x, m) AS sp
	          FROM events GROUP BY segment) AS e
	       FULL JOIN
	       (SELECT segment, survival_agg(started, ended, date '2025-01-01') AS sv_day,
	               survival_agg(started, ended, date '2025-01-01', interval '1 month') AS sv_month,
	               survival_agg(started_tz, ended_tz, timestamptz '2025-01-01 00:00:00+00', interval '24 hours') AS sv_tz_day
	          FROM customers GROUP BY segment) AS c USING (segment)
	EOF
}

# Every 0.3.0 summary of family $1 (rate, ov, surv, bg, sp, pts): key, value.
kpi03_summaries_sql() {
	local cols
	case $1 in
	rate) cols="('unw', rate_unw), ('w', rate_w)" ;;
	ov) cols="('ov', ov)" ;;
	surv) cols="('day', sv_day), ('month', sv_month), ('tz_day', sv_tz_day)" ;;
	bg) cols="('bg', bg)" ;;
	sp) cols="('sp', sp)" ;;
	pts) cols="('bg', pts_bg), ('gg', pts_gg)" ;;
	esac
	cat <<-EOF
	SELECT 'store/' || id || '/' || c AS k, s FROM public.kpi03_store,
	  LATERAL (VALUES $cols$([ "$1" = surv ] && echo ", ('tz_month', sv_tz_month)")) AS v(c, s)
	UNION ALL SELECT 'mv/' || segment || '/' || c, s FROM public.segment_kpi03,
	  LATERAL (VALUES $cols) AS v(c, s)
	EOF
}
rate_summaries_sql() { kpi03_summaries_sql rate; }
ov_summaries_sql() { kpi03_summaries_sql ov; }
surv_summaries_sql() { kpi03_summaries_sql surv; }
bg_summaries_sql() { kpi03_summaries_sql bg; }
sp_summaries_sql() { kpi03_summaries_sql sp; }
pts_summaries_sql() { kpi03_summaries_sql pts; }

# One row of the fingerprint's digests: label $1, count and md5 of the text
# and of the send bytes of every value of type $2 listed by builder $3.
digest_sql() {
	local e=$EXT
	printf '%s' "SELECT '$1', count(s), md5(string_agg(k || '=' || s::text, ',' ORDER BY k)),
	       md5(string_agg(k || '=' || encode($e.$2_send(s), 'hex'), ',' ORDER BY k))
	  FROM ($($3)) AS a"
}

# Every churn_summary / churn_series / revenue_summary: key, value.
churn_summaries_sql() {
	cat <<-EOF
	SELECT 'store/' || id || '/' || c AS k, s FROM public.churn_store,
	  LATERAL (VALUES ('date', c_date), ('ts', c_ts), ('tz', c_tz)) AS v(c, s)
	UNION ALL SELECT 'store/' || id || '/arr/' || o, e
	  FROM public.churn_store, unnest(c_arr) WITH ORDINALITY AS u(e, o)
	UNION ALL SELECT 'mv/' || month || '/' || segment || '/' || c, s FROM public.monthly_churn,
	  LATERAL (VALUES ('date', c_date), ('ts', c_ts), ('tz', c_tz)) AS v(c, s)
	UNION ALL SELECT 'view/' || month || '/' || c, s FROM public.month_churn,
	  LATERAL (VALUES ('date', c_date), ('tz', c_tz)) AS v(c, s)
	EOF
}

series_summaries_sql() {
	cat <<-EOF
	SELECT 'store/' || id AS k, series AS s FROM public.churn_store
	UNION ALL SELECT 'mv/' || segment || '/' || c, s FROM public.segment_series,
	  LATERAL (VALUES ('date', s_date), ('ts', s_ts), ('tz', s_tz)) AS v(c, s)
	EOF
}

revenue_summaries_sql() {
	cat <<-EOF
	SELECT 'store/' || id AS k, r AS s FROM public.churn_store
	UNION ALL SELECT 'mv/' || month || '/' || segment, r FROM public.monthly_churn
	UNION ALL SELECT 'view/' || month, r FROM public.month_churn
	EOF
}

# Every summary of the database, one row each: key, value (NULLs kept).
all_summaries_sql() {
	cat <<-EOF
	SELECT 'store/' || id || '/unw' AS k, s_unw AS s FROM public.summary_store
	UNION ALL SELECT 'store/' || id || '/w', s_w FROM public.summary_store
	UNION ALL SELECT 'store/' || id || '/arr/' || o, e
	  FROM public.summary_store, unnest(s_arr) WITH ORDINALITY AS u(e, o)
	UNION ALL SELECT 'mv/' || day || '/' || segment || '/unw', s_unw FROM public.daily_nps
	UNION ALL SELECT 'mv/' || day || '/' || segment || '/w', s_w FROM public.daily_nps
	UNION ALL SELECT 'view/' || segment || '/both', s_both FROM public.segment_nps
	EOF
}

# The fingerprint query: search_path is pg_catalog only, so every reference
# to the extension is schema-qualified and nothing depends on the
# restored database's settings.
fingerprint_sql() {
	local e=$EXT
	cat <<-EOF
	SET search_path = pg_catalog;
	SET extra_float_digits = 3;
	SET TimeZone = 'UTC';
	\\echo '# responses: rows, scores, weights, digest of every row'
	SELECT count(*), count(score), count(weight), sum(weight ORDER BY id),
	       md5(string_agg(format('%s|%s|%s|%s|%s', id, day, segment,
	                             coalesce(score::text, 'N'), coalesce(weight::text, 'N')),
	                      ',' ORDER BY id))
	  FROM public.responses;
	\\echo '# summary_store'
	SELECT id, label, $(acc s_unw), $(acc s_w), s_arr::text, nps_w
	  FROM public.summary_store ORDER BY id;
	\\echo '# daily_nps'
	SELECT day, segment, n_rows, $(acc s_unw), $(acc s_w)
	  FROM public.daily_nps ORDER BY day, segment;
	\\echo '# segment_nps (plain view over the MV)'
	SELECT * FROM public.segment_nps ORDER BY segment;
	\\echo '# digests'
	SELECT 'store.s_unw', count(s_unw), md5(string_agg(s_unw::text, ',' ORDER BY id)),
	       md5(string_agg(encode($e.nps_summary_send(s_unw), 'hex'), ',' ORDER BY id))
	  FROM public.summary_store
	UNION ALL
	SELECT 'store.s_w', count(s_w), md5(string_agg(s_w::text, ',' ORDER BY id)),
	       md5(string_agg(encode($e.nps_summary_send(s_w), 'hex'), ',' ORDER BY id))
	  FROM public.summary_store
	UNION ALL
	SELECT 'mv.s_unw', count(s_unw), md5(string_agg(s_unw::text, ',' ORDER BY day, segment)),
	       md5(string_agg(encode($e.nps_summary_send(s_unw), 'hex'), ',' ORDER BY day, segment))
	  FROM public.daily_nps
	UNION ALL
	SELECT 'mv.s_w', count(s_w), md5(string_agg(s_w::text, ',' ORDER BY day, segment)),
	       md5(string_agg(encode($e.nps_summary_send(s_w), 'hex'), ',' ORDER BY day, segment))
	  FROM public.daily_nps;
	\\echo '# p_value between segments (rollups of the MV and stored summaries)'
	WITH seg AS (
	  SELECT segment, $e.rollup(s_unw) AS u, $e.rollup(s_w ORDER BY day) AS w
	    FROM public.daily_nps GROUP BY segment
	)
	SELECT a.segment, b.segment, $e.p_value(a.u, b.u), $e.p_value(a.w, b.w),
	       $e.nps(a.u OPERATOR($e.+) b.w)
	  FROM seg a JOIN seg b ON a.segment < b.segment
	 ORDER BY 1, 2;
	SELECT a.id, b.id, $e.p_value(a.s_unw, b.s_unw), $e.p_value(a.s_w, b.s_w)
	  FROM public.summary_store a JOIN public.summary_store b ON a.id < b.id
	 ORDER BY 1, 2;
	\\echo '# customers: rows, digest of every row (timestamptz printed in UTC)'
	SELECT count(*), count(started), count(ended), count(mrr), sum(mrr), sum(mrr_step),
	       md5(string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s|%s|%s', id, segment, started, ended,
	                             started_ts, ended_ts, started_tz, ended_tz, mrr, mrr_step),
	                      ',' ORDER BY id))
	  FROM public.customers;
	\\echo '# churn_store'
	SELECT id, label, $(acc_churn c_date), $(acc_churn c_ts), $(acc_churn c_tz), c_arr::text,
	       rate_date, $(acc_series series), $(acc_rev r)
	  FROM public.churn_store ORDER BY id;
	\\echo '# monthly_churn'
	SELECT month, segment, n_rows, $(acc_churn c_date), $(acc_churn c_ts), $(acc_churn c_tz), $(acc_rev r)
	  FROM public.monthly_churn ORDER BY month, segment;
	\\echo '# segment_series'
	SELECT segment, $(acc_series s_date), $(acc_series s_ts), $(acc_series s_tz)
	  FROM public.segment_series ORDER BY segment;
	\\echo '# month_churn (plain view over the MV)'
	SELECT * FROM public.month_churn ORDER BY month;
	\\echo '# churn_periods of the series'
	SELECT s.segment, p.* FROM public.segment_series s, $e.churn_periods(s.s_ts) AS p ORDER BY 1, 2;
	\\echo '# digests of text and send bytes'
	$(digest_sql churn churn_summary churn_summaries_sql)
	UNION ALL
	$(digest_sql series churn_series series_summaries_sql)
	UNION ALL
	$(digest_sql revenue revenue_summary revenue_summaries_sql);
	\\echo '# churn p_value between segments, each month and across periods'
	SELECT a.month, a.segment, b.segment, $e.p_value(a.c_date, b.c_date), $e.p_value(a.c_tz, b.c_tz)
	  FROM public.monthly_churn a JOIN public.monthly_churn b ON a.month = b.month AND a.segment < b.segment
	 ORDER BY 1, 2, 3;
	SELECT a.id, b.id, $e.p_value(a.c_date, b.c_date), $e.p_value(a.c_ts, b.c_ts)
	  FROM public.churn_store a JOIN public.churn_store b ON a.id < b.id
	 ORDER BY 1, 2;
	\\echo '# events: rows, digest of every row'
	SELECT count(*), count(converted), count(weight), count(amount), sum(amount),
	       md5(string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s|%s', id, segment, converted, weight,
	                             amount, x, t_x, t_cal, m), ',' ORDER BY id))
	  FROM public.events;
	\\echo '# kpi03_store'
	SELECT id, label, $(acc_rate rate_unw), $(acc_rate rate_w), $(acc_ov ov),
	       $(acc_surv sv_day), $(acc_surv sv_month), $(acc_surv sv_tz_day), $(acc_surv sv_tz_month),
	       $(acc_pts pts_bg), $(acc_pts pts_gg), $(acc_bg bg), $(acc_sp sp), rate_unw_gen
	  FROM public.kpi03_store ORDER BY id;
	\\echo '# segment_kpi03'
	SELECT segment, n_rows, $(acc_rate rate_unw), $(acc_rate rate_w), $(acc_ov ov),
	       $(acc_surv sv_day), $(acc_surv sv_month), $(acc_surv sv_tz_day),
	       $(acc_pts pts_bg), $(acc_pts pts_gg), $(acc_bg bg), $(acc_sp sp),
	       $(acc_bg "$e.bgnbd_fit(pts_bg)"), $(acc_sp "$e.gamma_gamma_fit(pts_gg)")
	  FROM public.segment_kpi03 ORDER BY segment;
	\\echo '# segment_kpi03: p_value between segments, rollups'
	SELECT a.segment, b.segment, $e.p_value(a.rate_unw, b.rate_unw), $e.p_value(a.rate_w, b.rate_w),
	       $e.p_value(a.ov, b.ov), $e.p_value(a.sv_day, b.sv_day), $e.p_value(a.sv_tz_day, b.sv_tz_day)
	  FROM public.segment_kpi03 a JOIN public.segment_kpi03 b ON a.segment < b.segment
	 ORDER BY 1, 2;
	SELECT $e.rollup(rate_unw)::text, $e.rollup(ov)::text, $e.rollup(sv_month)::text,
	       $e.logrank_p_value(sv_day), $e.bgnbd_fit($e.rollup(pts_bg))::text,
	       $e.gamma_gamma_fit($e.rollup(pts_gg))::text
	  FROM public.segment_kpi03;
	\\echo '# digests of text and send bytes (0.3.0 types)'
	$(digest_sql rate rate_summary rate_summaries_sql)
	UNION ALL
	$(digest_sql order_value order_value_summary ov_summaries_sql)
	UNION ALL
	$(digest_sql survival survival_summary surv_summaries_sql)
	UNION ALL
	$(digest_sql bgnbd bgnbd_model bg_summaries_sql)
	UNION ALL
	$(digest_sql spend spend_model sp_summaries_sql)
	UNION ALL
	$(digest_sql points clv_points pts_summaries_sql);
	EOF
}

# Write database $1's fingerprint to file $2.
fingerprint() {
	fingerprint_sql | q "$1" -f - >"$2"
}

# Compare database $1's fingerprint with the source's; $2 names the stage.
check_fingerprint() {
	local db=$1 what=$2 f
	f="$WORK/$EXT.$db.$(echo "$what" | tr -c 'A-Za-z0-9\n' '_').fp"
	step="fingerprint of $db ($what)"
	fingerprint "$db" "$f"
	if ! diff -u "$WORK/$EXT.src.fp" "$f" >"$f.diff"; then
		echo "$ME: [$EXT] $what: fingerprint of $db differs from $SRC:" >&2
		head -n 40 "$f.diff" >&2
		fail "[$EXT] $what: restored values differ from the source (full diff: $(wc -l <"$f.diff") lines)"
	fi
	checks=$((checks + 1))
}

# Compare every summary of database $1 with the source's text using the
# type's own "=" and "<>" (memcmp of the in-memory form), send bytes and
# text (read in this session's TimeZone: the restore side's).
check_equality() {
	local db=$1 what=$2 fam
	for fam in "nps nps_summary all_summaries_sql" "churn churn_summary churn_summaries_sql" \
		"series churn_series series_summaries_sql" "revenue revenue_summary revenue_summaries_sql" \
		"rate rate_summary rate_summaries_sql" "ov order_value_summary ov_summaries_sql" \
		"surv survival_summary surv_summaries_sql" "bg bgnbd_model bg_summaries_sql noeq" \
		"sp spend_model sp_summaries_sql noeq" "pts clv_points pts_summaries_sql noeq"; do
		# shellcheck disable=SC2086
		check_equality_of "$db" "$what" $fam
	done
}

# check_equality_of DB WHAT FAMILY TYPE LIST_BUILDER [noeq]
# (noeq: the type has no "=" / "<>" -- the CLV models and point sets --, so
# only send bytes and text are compared)
check_equality_of() {
	local db=$1 what=$2 fam=$3 type=$4 list=$5 e=$EXT res
	local eq="NOT (d.s OPERATOR($e.=) t.t::$e.$type)" ne="d.s OPERATOR($e.<>) t.t::$e.$type"
	if [ "${6:-}" = noeq ]; then eq=false ne=false; fi
	step="= / <> of $type in $db ($what)"
	res=$(q "$db" <<-EOF
	CREATE TEMP TABLE truth (k text, t text);
	\\copy truth FROM '$WORK/$EXT.truth.$fam.tsv'
	SELECT count(*) FILTER (WHERE d.k IS NULL OR t.k IS NULL),
	       count(*) FILTER (WHERE (d.s IS NULL) <> (t.t IS NULL)),
	       count(*) FILTER (WHERE $eq),
	       count(*) FILTER (WHERE $ne),
	       count(*) FILTER (WHERE $e.${type}_send(d.s) <> $e.${type}_send(t.t::$e.$type)),
	       count(*) FILTER (WHERE d.s::text <> t.t),
	       count(*)
	  FROM truth t FULL JOIN ($($list)) d ON d.k = t.k;
	EOF
	)
	local missing nulls noteq ne sendne textne total
	IFS='|' read -r missing nulls noteq ne sendne textne total <<<"$res"
	if [ "$missing$nulls$noteq$ne$sendne$textne" != "000000" ]; then
		fail "[$EXT] $what: $db vs $SRC over $total $type values: $missing missing, $nulls NULL mismatches, $noteq not '=', $ne '<>', $sendne with different send bytes, $textne with different text"
	fi
	checks=$((checks + 1))
}

# Schema of the test objects; $2 = full (source) or bin (tables only: the
# MV's contents arrive by COPY, so daily_nps is a plain table there).
# check_sizes DB WHAT: every stored survey summary is in the compact format
# (0.3.0, format version 2): 104 bytes unweighted, 280 weighted, in the
# tables, the arrays and the MV; and each MV row is as large as in the source
# (restores neither widen nor pad the summaries).
check_sizes() {
	local db=$1 what=$2 res
	step="[$EXT] summary sizes in $db ($what)"
	res=$(q "$db" <<-EOF
	SET search_path = pg_catalog;
	SELECT count(*) FILTER (WHERE pg_column_size(s)
	                        <> CASE WHEN s::text LIKE '%;sumw=%' THEN 280 ELSE 104 END) || '|' || count(*)
	  FROM (SELECT s_unw FROM public.summary_store UNION ALL SELECT s_w FROM public.summary_store
	        UNION ALL SELECT e FROM public.summary_store, unnest(s_arr) AS e
	        UNION ALL SELECT s_unw FROM public.daily_nps UNION ALL SELECT s_w FROM public.daily_nps) AS v(s)
	 WHERE s IS NOT NULL;
	SELECT md5(string_agg(day || segment || pg_column_size(d.*), ',' ORDER BY day, segment)) FROM public.daily_nps d;
	EOF
	)
	[ "${res%%|*}" = 0 ] || fail "[$EXT] $what: ${res%%|*} survey summaries in $db are not 104 (unweighted) or 280 (weighted) bytes"
	[ "$(echo "$res" | head -n 1 | cut -d'|' -f2)" -gt 100 ] || fail "[$EXT] $what: too few summaries to size in $db: $res"
	if [ "$db" = "$SRC" ]; then
		mv_sizes=$(echo "$res" | tail -n 1)
	elif [ "$(echo "$res" | tail -n 1)" != "$mv_sizes" ]; then
		fail "[$EXT] $what: MV rows of $db have other sizes than in the source"
	fi
	checks=$((checks + 1))
}

create_objects() {
	local db=$1 mode=$2 path=public
	[ "$EXT" = public ] || path="public, $EXT"
	q "$db" <<-EOF
	SET client_min_messages = warning;
	SET search_path = $path;	-- what users do: unqualified names below
	CREATE TABLE responses (
	    id      integer PRIMARY KEY,
	    day     date NOT NULL,
	    segment text NOT NULL,
	    score   integer CHECK (score BETWEEN 0 AND 10),
	    weight  double precision CHECK (weight >= 0)
	);
	CREATE TABLE summary_store (
	    id    integer PRIMARY KEY,
	    label text NOT NULL,
	    s_unw nps_summary CHECK (responses(s_unw) >= 0),
	    s_w   nps_summary DEFAULT 'v1;counts=0,0,0,0,0,0,0,0,0,0,0',
	    s_arr nps_summary[],
	    nps_w double precision GENERATED ALWAYS AS (nps(s_w)) STORED
	);
	CREATE TABLE customers (
	    id         integer PRIMARY KEY,
	    segment    text NOT NULL,
	    started    date,
	    ended      date,
	    started_ts timestamp,
	    ended_ts   timestamp,
	    started_tz timestamptz,
	    ended_tz   timestamptz,
	    mrr        numeric CHECK (mrr >= 0),
	    mrr_step   numeric
	);
	CREATE TABLE churn_store (
	    id        integer PRIMARY KEY,
	    label     text NOT NULL,
	    c_date    churn_summary CHECK (customers_at_end(c_date) >= 0),
	    c_ts      churn_summary,
	    c_tz      churn_summary,
	    c_arr     churn_summary[],
	    series    churn_series,
	    r         revenue_summary CHECK (starting_mrr(r) >= 0),
	    rate_date double precision GENERATED ALWAYS AS (churn_rate(c_date)) STORED
	);
	CREATE TABLE events (
	    id        integer PRIMARY KEY,
	    segment   text NOT NULL,
	    converted boolean,
	    weight    double precision,
	    amount    numeric,
	    x         bigint,
	    t_x       double precision,
	    t_cal     double precision,
	    m         double precision
	);
	CREATE TABLE kpi03_store (
	    id          integer PRIMARY KEY,
	    label       text NOT NULL,
	    rate_unw    rate_summary CHECK (trials(rate_unw) >= 0),
	    rate_w      rate_summary,
	    ov          order_value_summary,
	    sv_day      survival_summary,
	    sv_month    survival_summary,
	    sv_tz_day   survival_summary,
	    sv_tz_month survival_summary,
	    pts_bg      clv_points,
	    pts_gg      clv_points,
	    bg          bgnbd_model,
	    sp          spend_model,
	    rate_unw_gen double precision GENERATED ALWAYS AS (rate(rate_unw)) STORED
	);
	EOF
	if [ "$mode" = bin ]; then
		q "$db" <<-EOF
		SET search_path = $path;
		CREATE TABLE daily_nps (day date, segment text, n_rows bigint,
		                        s_unw nps_summary, s_w nps_summary);
		CREATE TABLE monthly_churn (month date, segment text, n_rows bigint,
		                            c_date churn_summary, c_ts churn_summary,
		                            c_tz churn_summary, r revenue_summary);
		CREATE TABLE segment_series (segment text, s_date churn_series,
		                             s_ts churn_series, s_tz churn_series);
		CREATE TABLE segment_kpi03 (segment text, n_rows bigint, rate_unw rate_summary,
		                            rate_w rate_summary, ov order_value_summary,
		                            pts_bg clv_points, pts_gg clv_points, bg bgnbd_model,
		                            sp spend_model, sv_day survival_summary,
		                            sv_month survival_summary, sv_tz_day survival_summary);
		EOF
	else
		q "$db" <<-EOF
		SET search_path = $path;
		INSERT INTO responses
		SELECT i,
		       date '2024-01-01' + i % 61,
		       (ARRAY['web', 'app', 'store', 'phone'])[1 + (i / 61) % 4],
		       CASE WHEN i % 23 = 0 THEN NULL
		            ELSE greatest(0, least(10,
		                   ((i::bigint * 2654435761) % 4294967296 / 390451573)::int
		                   + CASE (i / 61) % 4 WHEN 1 THEN 2 WHEN 3 THEN -2 ELSE 0 END))
		       END,
		       CASE i % 10
		            WHEN 0 THEN 0.1::float8
		            WHEN 1 THEN 1::float8 / 3
		            WHEN 2 THEN 2::float8 / 3
		            WHEN 3 THEN NULL
		            WHEN 4 THEN 0
		            WHEN 5 THEN 1.25
		            WHEN 6 THEN 1e-3
		            WHEN 7 THEN 7::float8 / 3
		            WHEN 8 THEN pi()
		            ELSE 1
		       END
		  FROM generate_series(1, $NROWS) AS i;
		-- segment "kiosk": all scores NULL one day, all weights NULL the
		-- next, all weights zero the day after
		INSERT INTO responses
		SELECT $NROWS + i, date '2024-03-15' + (i - 1) / 5, 'kiosk',
		       CASE WHEN i <= 5 THEN NULL ELSE i % 11 END,
		       CASE WHEN i <= 5 THEN 1::float8 / 3 WHEN i <= 10 THEN NULL ELSE 0 END
		  FROM generate_series(1, 15) AS i;

		INSERT INTO summary_store (id, label, s_unw, s_w, s_arr) VALUES
		 (1, 'empty', 'v1;counts=0,0,0,0,0,0,0,0,0,0,0',
		  'v1;counts=0,0,0,0,0,0,0,0,0,0,0;sumw=0,0,0,0,0,0,0,0,0,0,0;sumw2=0,0,0,0,0,0,0,0,0,0,0',
		  '{"v1;counts=0,0,0,0,0,0,0,0,0,0,0"}'),
		 (2, 'null', NULL, NULL, NULL),
		 (3, 'literal', 'v1;counts=1,0,0,0,0,0,0,0,0,2,3',
		  'v1;counts=0,0,0,0,0,0,0,1,0,2,3;sumw=0,0,0,0,0,0,0,0.1,0,0.30000000000000004,3e-150;sumw2=0,0,0,0,0,0,0,0.010000000000000002,0,0.05000000000000001,3e-300',
		  '{"v1;counts=1,0,0,0,0,0,0,0,0,2,3",NULL,"v1;counts=0,0,0,0,0,0,0,0,0,0,0"}'),
		 (4, 'huge', 'v1;counts=838488366986797800,0,0,0,0,0,0,0,0,0,0', NULL, '{}');
		INSERT INTO summary_store (id, label, s_unw)
		VALUES (5, 'default s_w', 'v1;counts=0,0,0,0,0,0,1,1,1,0,0');
		INSERT INTO summary_store (id, label, s_unw, s_w, s_arr)
		SELECT 10 + row_number() OVER (ORDER BY segment), 'segment ' || segment,
		       u, w, ARRAY[u, w, NULL, u + w]
		  FROM (SELECT segment, nps_agg(score) AS u, nps_agg(score, weight) AS w
		          FROM responses GROUP BY segment) AS g;
		INSERT INTO summary_store (id, label, s_unw, s_w)
		SELECT 100, 'all', nps_agg(score), nps_agg(score, weight) FROM responses;
		INSERT INTO summary_store (id, label, s_unw, s_w)
		SELECT 101, 'window', nps_agg(score) OVER w, rollup(s) OVER w
		  FROM (SELECT id, score, nps_agg(score, weight) OVER (ORDER BY id) AS s
		          FROM responses WHERE id <= 50) AS r
		WINDOW w AS (ORDER BY id ROWS BETWEEN 3 PRECEDING AND CURRENT ROW)
		ORDER BY id DESC LIMIT 1;

		CREATE MATERIALIZED VIEW daily_nps AS
		SELECT day, segment, count(*) AS n_rows,
		       nps_agg(score) AS s_unw, nps_agg(score, weight) AS s_w
		  FROM responses GROUP BY day, segment;
		CREATE UNIQUE INDEX daily_nps_key ON daily_nps (day, segment);

		-- customers: segments smb/mid/ent, and "trial" whose starts are
		-- all NULL (some with an end: skipped rows all the same); every
		-- 13th customer starts and ends exactly at midnight; ends never
		-- before starts; "ent" MRR has 20 decimal places
		INSERT INTO customers
		SELECT id, segment, started, ended, started_ts, ended_ts,
		       started_ts AT TIME ZONE 'UTC', ended_ts AT TIME ZONE 'UTC', mrr, mrr_step
		  FROM (SELECT id, segment, started, ended, mrr, mrr_step, started_ts,
		               CASE WHEN ended IS NULL THEN NULL
		                    WHEN id % 13 = 0 THEN ended::timestamp
		                    ELSE greatest(started_ts, ended + ((id * 104729) % 86400) * interval '1 second'
		                                              + (id % 991) * interval '1 microsecond') END AS ended_ts
		          FROM (SELECT id, segment, started, ended, mrr, mrr_step,
		                       CASE WHEN id % 13 = 0 THEN started::timestamp
		                            ELSE started + ((id * 7919) % 86400) * interval '1 second'
		                                         + (id % 997) * interval '1 microsecond' END AS started_ts
		                  FROM (SELECT i AS id, seg AS segment,
		                               CASE WHEN seg = 'trial' OR i % 101 = 0 THEN NULL
		                                    ELSE date '2022-06-01' + (i * 37) % 900 END AS started,
		                               CASE WHEN seg = 'trial' THEN CASE WHEN i % 2 = 0 THEN date '2024-01-15' END
		                                    WHEN i % 101 = 0 OR i % 5 = 1 THEN NULL
		                                    ELSE date '2022-06-01' + (i * 37) % 900 + (i * 53) % 500 END AS ended,
		                               CASE WHEN i % 9 = 0 THEN NULL WHEN i % 11 = 0 THEN 0
		                                    WHEN seg = 'ent' THEN round((i % 89) * 12.5 / 7, 20)
		                                    ELSE round((i % 97) * 9.99, 2) END AS mrr,
		                               CASE WHEN seg = 'ent' THEN round(((i % 7) - 3) / 3.0, 20)
		                                    ELSE round(((i % 7) - 3) * 1.5, 1) END AS mrr_step
		                          FROM generate_series(1, $NCUST) AS i,
		                               LATERAL (SELECT (ARRAY['smb', 'mid', 'ent', 'trial'])[1 + (i / 7) % 4] AS seg) AS s
		                       ) AS a) AS b) AS c;

		INSERT INTO churn_store (id, label, c_date, c_ts, c_tz, c_arr, series, r) VALUES
		 (1, 'empty',
		  'v1;period=[2024-01-01,2024-02-01);at_start=0;churned=0;acquired=0;acquired_ended=0',
		  'v1;period=[2024-01-01 00:00:00,2024-02-01 00:00:00);at_start=0;churned=0;acquired=0;acquired_ended=0',
		  'v1;period=[2024-01-01 00:00:00+00,2024-02-01 00:00:00+00);at_start=0;churned=0;acquired=0;acquired_ended=0',
		  '{}',
		  'v1;bounds=2024-01-01,2024-02-01;at_start=0;churned=0;acquired=0;acquired_ended=0',
		  'v1;scale=0;accounts_at_start=0;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0;new=0;expansion=0;contraction=0;churned=0'),
		 (2, 'null', NULL, NULL, NULL, NULL, NULL, NULL),
		 (3, 'literal',
		  'v1;period=[10000-01-01,10000-02-01);at_start=4611686018427387903;churned=1;acquired=5;acquired_ended=5',
		  'v1;period=[2024-03-10 02:30:00.000001,2024-03-10 02:30:00.000002);at_start=1;churned=1;acquired=0;acquired_ended=0',
		  'v1;period=[2023-12-31 18:15:00.000001+00,294276-12-31 00:00:00+00);at_start=3;churned=2;acquired=4611686018427387903;acquired_ended=4611686018427387903',
		  '{"v1;period=[0001-01-01,0001-01-02);at_start=1;churned=0;acquired=1;acquired_ended=1",NULL}',
		  'v1;bounds=2024-01-01 00:00:00+00,2024-02-01 00:00:00+00,2024-03-01 00:00:00+00,2024-03-31 23:00:00+00;at_start=5;churned=1,2,0;acquired=3,0,1;acquired_ended=1,0,0',
		  'v1;scale=20;accounts_at_start=2;new_accounts=1;expanded_accounts=1;contracted_accounts=0;churned_accounts=0;starting=1701411834604692317.31687303715884105727;new=0.00000000000000000001;expansion=0.33333333333333333333;contraction=0.00000000000000000000;churned=0.00000000000000000000'),
		 (4, 'largest revenue amount', NULL, NULL, NULL, NULL, NULL,
		  'v1;scale=0;accounts_at_start=1;new_accounts=1;expanded_accounts=1;contracted_accounts=0;churned_accounts=0;starting=170141183460469231731687303715884105727;new=170141183460469231731687303715884105727;expansion=170141183460469231731687303715884105727;contraction=0;churned=0');
		-- a quarter per segment: [) dates, [] timestamps, () timestamptz
		INSERT INTO churn_store (id, label, c_date, c_ts, c_tz, c_arr, series, r)
		SELECT 10 + row_number() OVER (ORDER BY segment), 'segment ' || segment,
		       d, t, z, ARRAY[d, NULL, d + d], s, r
		  FROM (SELECT segment,
		               churn_agg(started, ended, daterange('2024-01-01', '2024-04-01')) AS d,
		               churn_agg(started_ts, ended_ts, '[2024-01-01 12:00, 2024-04-01 12:00]'::tsrange) AS t,
		               churn_agg(started_tz, ended_tz, '(2024-01-01 00:00+00, 2024-04-01 00:00+00)'::tstzrange) AS z,
		               churn_series_agg(started, ended, date '2023-06-01', interval '1 month', 18) AS s,
		               revenue_agg($(mrr_at "date '2024-01-01'"), $(mrr_at "date '2024-04-01'")) AS r
		          FROM customers GROUP BY segment) AS g;
		INSERT INTO churn_store (id, label, c_date, c_ts, c_tz, series, r)
		SELECT 100, 'all',
		       churn_agg(started, ended, daterange('2023-01-01', '2024-01-01')),
		       churn_agg(started_ts, ended_ts, '(2023-02-01 00:00:00.5, 2023-02-01 00:00:01.5)'::tsrange),
		       churn_agg(started_tz, ended_tz, tstzrange('2023-06-01 00:00+00', '2023-07-01 00:00+00')),
		       churn_series_agg(started_ts, ended_ts, timestamp '2022-06-01', interval '1 month', 36),
		       revenue_agg(mrr, mrr + abs(mrr_step))
		  FROM customers;
		INSERT INTO churn_store (id, label, c_date, c_tz, r)
		SELECT 101, 'window', churn_agg(started, ended, daterange('2024-01-01', '2024-02-01')) OVER w,
		       churn_agg(started_tz, ended_tz, tstzrange('2024-01-01 00:00+00', '2024-02-01 00:00+00')) OVER w,
		       revenue_agg($(mrr_at "date '2024-01-01'"), $(mrr_at "date '2024-07-01'")) OVER w
		  FROM customers WHERE id <= 60
		WINDOW w AS (ORDER BY id ROWS BETWEEN 5 PRECEDING AND CURRENT ROW)
		ORDER BY id DESC LIMIT 1;
		-- 2000 daily periods: about 64 kB, stored compressed / out of line
		INSERT INTO churn_store (id, label, series)
		SELECT 102, 'daily series', churn_series_agg(started, ended, date '2022-06-01', interval '1 day', 2000)
		  FROM customers;
		-- a 1-month step on timestamptz follows the session TimeZone: the
		-- stored value is the source zone's
		INSERT INTO churn_store (id, label, series)
		SELECT 103, 'timestamptz series, source TimeZone',
		       churn_series_agg(started_tz, ended_tz, timestamptz '2024-01-01 00:00:00+00', interval '1 month', 12)
		  FROM customers;

		CREATE MATERIALIZED VIEW monthly_churn AS
		$(monthly_churn_sql);
		CREATE UNIQUE INDEX monthly_churn_key ON monthly_churn (month, segment);
		CREATE MATERIALIZED VIEW segment_series AS
		$(segment_series_sql);
		CREATE UNIQUE INDEX segment_series_key ON segment_series (segment);

		-- events: per segment smb/mid/ent ($NEV rows; "trial" has none):
		-- outcomes with NULLs, weights NULL / 0 / 1/3 / pi; order amounts
		-- with up to 6 decimals, refunds (negative), a NULL, zero; one row
		-- per CLV customer: x repeat purchases, recency t_x <= age t_cal
		-- (weeks, fractional), mean spend m
		INSERT INTO events
		SELECT i, (ARRAY['smb', 'mid', 'ent'])[1 + i % 3],
		       CASE WHEN i % 17 = 0 THEN NULL ELSE (i * 7919) % 100 < 20 + 10 * (i % 3) END,
		       CASE i % 6 WHEN 0 THEN NULL WHEN 1 THEN 0 WHEN 2 THEN 1::float8 / 3
		                  WHEN 3 THEN pi() ELSE 1 + (i % 5) * 0.25 END,
		       CASE WHEN i % 19 = 0 THEN NULL WHEN i % 23 = 0 THEN -round((i % 50) * 1.5, 2)
		            WHEN i % 29 = 0 THEN 0 WHEN i % 31 = 0 THEN round(i / 7.0, 6)
		            ELSE round(((i * 104729) % 20000) / 100.0, 2) END,
		       xx, CASE WHEN xx = 0 THEN 0 ELSE round((tc * (30 + (i * 31) % 70) / 100.0)::numeric, 2)::float8 END, tc,
		       CASE WHEN xx = 0 THEN 0 ELSE 5 + ((i * 7) % 4000) / 100.0 END
		  FROM (SELECT i, ((i * 2654435761) % 4294967296 / 613566757)::int % 7 * (i % 2) AS xx,
		               round((39 - (i % 13) * 0.5 - (i % 3) / 7.0)::numeric, 6)::float8 AS tc
		          FROM generate_series(1, $NEV) AS i) AS g;

		INSERT INTO kpi03_store (id, label, rate_unw, rate_w, sv_day, sv_month, pts_bg, pts_gg) VALUES
		 (1, 'empty', 'v1;counts=0,0', 'v1;counts=0,0;sumw=0,0;sumw2=0,0',
		  'v1;days=1;points=', 'v1;months=1;points=', 'v1;bgnbd', 'v1;gamma_gamma'),
		 (2, 'null', NULL, NULL, NULL, NULL, NULL, NULL);
		INSERT INTO kpi03_store (id, label, rate_unw, rate_w, ov, sv_day, sv_tz_day, bg, sp) VALUES
		 (3, 'literal', 'v1;counts=838488366986797800,1',
		  'v1;counts=1,2;sumw=0.30000000000000004,3e-150;sumw2=0.09000000000000002,9e-300',
		  NULL, 'v1;days=1;points=0:1:0,1:0:3,2147483647:5:4611686018427387895',
		  'v1;us=1;points=1:1:1',
		  bgnbd_model(0.243, 4.414, 0.793, 2.426), spend_model(6.25, 3.74, 15.44));
		INSERT INTO kpi03_store (id, label, rate_unw, rate_w, ov, sv_day, sv_month, sv_tz_day, pts_bg, pts_gg, bg, sp)
		SELECT 10 + row_number() OVER (ORDER BY segment), 'segment ' || segment,
		       rate_unw, rate_w, ov, sv_day, sv_month, sv_tz_day, pts_bg, pts_gg, bg, sp
		  FROM ($(segment_kpi03_sql)) AS g;
		INSERT INTO kpi03_store (id, label, rate_unw, rate_w, ov, pts_bg, pts_gg, bg, sp)
		SELECT 100, 'all', rate_agg(converted), rate_agg(converted, weight), order_value_agg(amount),
		       bgnbd_points(x, t_x, t_cal), gamma_gamma_points(x, m), bgnbd_fit(x, t_x, t_cal), gamma_gamma_fit(x, m)
		  FROM events;
		UPDATE kpi03_store SET
		  (sv_day, sv_month, sv_tz_day) =
		  (SELECT survival_agg(started, ended, date '2025-01-01'),
		          survival_agg(started, ended, date '2025-01-01', interval '1 month'),
		          survival_agg(started_tz, ended_tz, timestamptz '2025-01-01 00:00:00+00', interval '24 hours')
		     FROM customers)
		 WHERE id = 100;
		INSERT INTO kpi03_store (id, label, ov)
		SELECT 4, 'extreme order values', order_value_agg(a)
		  FROM (VALUES (9999999999999.999999), (-0.000001), (-9999999999999.999999), (0.5)) AS v(a);
		INSERT INTO kpi03_store (id, label, ov) VALUES
		 (5, 'empty order values', 'v1;orders=0;refunds=0;scale=0;total=0;sum_squares=0;min=0;max=0');
		INSERT INTO kpi03_store (id, label, rate_unw, ov)
		SELECT 101, 'window', rate_agg(converted) OVER w, order_value_agg(amount) OVER w
		  FROM events WHERE id <= 60
		WINDOW w AS (ORDER BY id ROWS BETWEEN 5 PRECEDING AND CURRENT ROW)
		ORDER BY id DESC LIMIT 1;
		-- a 1-month unit on timestamptz follows the session TimeZone: the
		-- stored value is the source zone's
		INSERT INTO kpi03_store (id, label, sv_tz_month)
		SELECT 103, 'timestamptz survival in months, source TimeZone',
		       survival_agg(started_tz, ended_tz, timestamptz '2025-01-01 00:00:00+00', interval '1 month')
		  FROM customers;

		-- the real CDNOW calibration data (2357 customers, weeks): fits of
		-- the published models; the raw table is not kept
		\\i $DATADIR/cdnow.sql
		INSERT INTO kpi03_store (id, label, pts_bg, pts_gg, bg, sp)
		SELECT 104, 'cdnow', bgnbd_points(x, t_x, t_cal), gamma_gamma_points(x, zbar),
		       bgnbd_fit(x, t_x, t_cal), gamma_gamma_fit(x, zbar)
		  FROM cdnow_summary;
		DROP TABLE cdnow_summary;

		CREATE MATERIALIZED VIEW segment_kpi03 AS
		$(segment_kpi03_sql);
		CREATE UNIQUE INDEX segment_kpi03_key ON segment_kpi03 (segment);
		EOF
	fi
	q "$db" <<-EOF
	SET search_path = $path;
	-- Weighted rollups are ordered: float sums depend on the order they
	-- are added in, and a REFRESH may store the MV's rows in another
	-- order (HashAggregate's output order follows the planner's
	-- estimates).  Unweighted rollups and counts are exact in any order.
	CREATE VIEW segment_nps AS
	SELECT segment, sum(n_rows) AS n_rows,
	       nps(rollup(s_unw)) AS nps_unw, nps(rollup(s_w ORDER BY day)) AS nps_w,
	       std_error(rollup(s_w ORDER BY day)) AS se_w,
	       ci_lower(rollup(s_w ORDER BY day)) AS ci_lower_w,
	       responses(rollup(s_w)) AS responses_w, histogram(rollup(s_w)) AS histogram_w,
	       rollup(s_unw) + rollup(s_w ORDER BY day) AS s_both,
	       (rollup(s_w ORDER BY day))::jsonb AS s_w_json
	  FROM daily_nps GROUP BY segment;
	-- churn and revenue merges are exact integer sums: any order
	CREATE VIEW month_churn AS
	SELECT month, sum(n_rows) AS n_rows, rollup(c_date) AS c_date, rollup(c_tz) AS c_tz,
	       churn_rate(rollup(c_ts)) AS churn_rate_ts, customers_at_end(rollup(c_date)) AS at_end,
	       rollup(r) AS r, gross_revenue_retention(rollup(r)) AS grr, ending_mrr(rollup(r)) AS ending_mrr,
	       (rollup(c_date))::jsonb AS c_date_json
	  FROM monthly_churn GROUP BY month;
	EOF
}

# REFRESH every materialized view of database $1 ($2: CONCURRENTLY or empty).
refresh_mvs() {
	local db=$1 how=${2:-} mv
	for mv in daily_nps monthly_churn segment_series segment_kpi03; do
		q "$db" -c "REFRESH MATERIALIZED VIEW $how public.$mv"
	done
}

# In a restored database (session TimeZone $DST_TZ): the timestamptz
# series with a 1-month step, recomputed from the restored rows, differs
# from the stored one (computed under $SRC_TZ) -- its bounds are start +
# i * 1 month in the restore zone -- and equals it once the session is
# switched to the source zone.  Shows that the two sides really ran in
# different zones and that the stored value was not recomputed.
check_tz_sides() {
	local db=$1 e=$EXT res want
	step="[$EXT] time zones of $SRC and $db"
	res=$(q "$db" <<-EOF
	SET search_path = pg_catalog;
	SHOW TimeZone;
	CREATE TEMP TABLE again AS
	SELECT $e.churn_series_agg(started_tz, ended_tz, timestamptz '2024-01-01 00:00:00+00', interval '1 month', 12) AS s
	  FROM public.customers;
	SELECT (a.s OPERATOR($e.=) st.series),
	       substring(a.s::text FROM 'bounds=([^;]*)') =
	       (SELECT string_agg(to_char((timestamptz '2024-01-01 00:00:00+00' + i * interval '1 month') AT TIME ZONE 'UTC',
	                                  'YYYY-MM-DD HH24:MI:SS') || '+00', ',' ORDER BY i)
	          FROM generate_series(0, 12) AS i)
	  FROM again a, public.churn_store st WHERE st.id = 103;
	SELECT $e.survival_agg(started_tz, ended_tz, timestamptz '2025-01-01 00:00:00+00', interval '1 month')
	       OPERATOR($e.=) st.sv_tz_month
	  FROM public.customers, public.kpi03_store st WHERE st.id = 103 GROUP BY st.sv_tz_month;
	SET TimeZone = '$SRC_TZ';
	SELECT (a.s OPERATOR($e.=) st.series)
	  FROM (SELECT $e.churn_series_agg(started_tz, ended_tz, timestamptz '2024-01-01 00:00:00+00', interval '1 month', 12) AS s
	          FROM public.customers) a, public.churn_store st WHERE st.id = 103;
	SELECT $e.survival_agg(started_tz, ended_tz, timestamptz '2025-01-01 00:00:00+00', interval '1 month')
	       OPERATOR($e.=) st.sv_tz_month
	  FROM public.customers, public.kpi03_store st WHERE st.id = 103 GROUP BY st.sv_tz_month;
	EOF
	)
	want="$DST_TZ
f|t
f
t
t"
	if [ "$res" != "$want" ]; then
		fail "[$EXT] $db: expected session TimeZone $DST_TZ, a 1-month timestamptz series there that differs from the stored one (bounds = start + i * 1 month in $DST_TZ) and equals it under $SRC_TZ, the same for survival_agg in months; got: $(echo "$res" | tr '\n' ' ')"
	fi
	checks=$((checks + 1))
}

# ---------------------------------------------------------------------------

checks=0
layouts=()
drop_dbs

for EXT in kpi public; do
	layouts+=("$EXT")

	# --- source ----------------------------------------------------------
	step="[$EXT] creating $SRC"
	createdb "$SRC"
	if [ "$EXT" = public ]; then
		q "$SRC" -c "CREATE EXTENSION cxkpi"
	else
		q "$SRC" -c "CREATE SCHEMA $EXT" -c "CREATE EXTENSION cxkpi SCHEMA $EXT"
	fi
	create_objects "$SRC" full
	q "$SRC" -c "ANALYZE"

	step="[$EXT] fingerprint of $SRC"
	fingerprint "$SRC" "$WORK/$EXT.src.fp"
	grep -q '^2024-03-15|kiosk|5|v1;counts=0,0,0,0,0,0,0,0,0,0,0|' "$WORK/$EXT.src.fp" ||
		fail "[$EXT] source MV lacks the empty summary of an all-NULL-scores day"
	grep -q 'sumw=.*0\.1' "$WORK/$EXT.src.fp" ||
		fail "[$EXT] source fingerprint has no weighted summary with fractional sums"
	grep -q '^2024-01-01|trial|[0-9]*|v1;period=\[2024-01-01,2024-02-01);at_start=0;churned=0;acquired=0;acquired_ended=0|' "$WORK/$EXT.src.fp" ||
		fail "[$EXT] source MV lacks the zero churn summary of the trial segment"
	grep -q '^2024-01-01|trial|.*|v1;scale=0;accounts_at_start=0;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0;new=0;expansion=0;contraction=0;churned=0|' "$WORK/$EXT.src.fp" ||
		fail "[$EXT] source MV lacks the zero revenue summary of the trial segment"
	grep -q '|ent|.*|v1;scale=20;' "$WORK/$EXT.src.fp" ||
		fail "[$EXT] source MV has no revenue summary with 20 decimal places"
	# the 2000-period series is stored compressed (the TOAST path)
	toast=$(q "$SRC" -c "SELECT $EXT.periods(series) || '|' ||
	                            (pg_column_size(series) < pg_column_size(series::text::$EXT.churn_series))
	                       FROM public.churn_store WHERE id = 102")
	[ "$toast" = "2000|true" ] || fail "[$EXT] the daily series is not stored compressed with 2000 periods: $toast"
	nsummaries=$(all_summaries_sql | q "$SRC" -f - | wc -l)
	nmv=$(q "$SRC" -c "SELECT count(*) FROM public.daily_nps")
	[ "$nsummaries" -gt 500 ] || fail "[$EXT] only $nsummaries summaries in the source"
	all_summaries_sql | sed '1s/^/COPY (SELECT k, s::text FROM (/; $s/$/) AS a) TO STDOUT/' |
		q "$SRC" -f - >"$WORK/$EXT.truth.nps.tsv"
	for fam in churn series revenue rate ov surv bg sp pts; do
		"${fam}_summaries_sql" | sed '1s/^/COPY (SELECT k, s::text FROM (/; $s/$/) AS a) TO STDOUT/' |
			q "$SRC" -f - >"$WORK/$EXT.truth.$fam.tsv"
	done
	nchurn=$(wc -l <"$WORK/$EXT.truth.churn.tsv")
	nseries=$(wc -l <"$WORK/$EXT.truth.series.tsv")
	nrev=$(wc -l <"$WORK/$EXT.truth.revenue.tsv")
	if [ "$nchurn" -lt 300 ] || [ "$nrev" -lt 100 ]; then
		fail "[$EXT] only $nchurn churn and $nrev revenue summaries in the source"
	fi
	n03=""
	for fam in rate:rate_summary ov:order_value_summary surv:survival_summary \
		bg:bgnbd_model sp:spend_model pts:clv_points; do
		n=$(grep -cv '	\\N$' "$WORK/$EXT.truth.${fam%%:*}.tsv" || true)
		[ "$n" -ge 4 ] || fail "[$EXT] only $n non-NULL ${fam#*:} values in the source"
		n03="$n03${n03:+, }$n ${fam#*:}"
	done

	# The source must agree with itself after a refresh (the comparison
	# below is meaningless if the MVs do not reproduce bit for bit).
	step="[$EXT] refresh of $SRC"
	refresh_mvs "$SRC"
	check_fingerprint "$SRC" "source after REFRESH"
	check_sizes "$SRC" "source"

	# --- 1. pg_dump -Fc / pg_restore ---------------------------------------
	step="[$EXT] pg_dump -Fc $SRC"
	PGTZ=$SRC_TZ pg_dump -Fc -f "$WORK/$EXT.dump" "$SRC"
	createdb "$DST"
	step="[$EXT] pg_restore into $DST"
	PGTZ=$DST_TZ pg_restore --exit-on-error -d "$DST" "$WORK/$EXT.dump"
	check_fingerprint "$DST" "pg_restore"
	check_equality "$DST" "pg_restore"
	check_sizes "$DST" "pg_restore"
	check_tz_sides "$DST"
	refresh_mvs "$DST"
	check_fingerprint "$DST" "pg_restore + REFRESH"
	refresh_mvs "$DST" CONCURRENTLY
	check_fingerprint "$DST" "pg_restore + REFRESH CONCURRENTLY"
	check_equality "$DST" "pg_restore + REFRESH"

	# --- 2. plain SQL dump through psql ------------------------------------
	step="[$EXT] plain pg_dump $SRC"
	PGTZ=$SRC_TZ pg_dump -f "$WORK/$EXT.sql" "$SRC"
	# the dump was written in the source zone: its timestamptz data say +05:45
	grep -qE '^[0-9]+	[a-z]+	.*[0-9]{2}:[0-9]{2}:[0-9.]+\+05:45	' "$WORK/$EXT.sql" ||
		fail "[$EXT] the plain dump holds no timestamptz written in $SRC_TZ (+05:45)"
	createdb "$DST_SQL"
	step="[$EXT] psql -f dump into $DST_SQL"
	q "$DST_SQL" -f "$WORK/$EXT.sql" >/dev/null
	check_fingerprint "$DST_SQL" "plain SQL dump"
	check_equality "$DST_SQL" "plain SQL dump"
	check_sizes "$DST_SQL" "plain SQL dump"
	check_tz_sides "$DST_SQL"
	refresh_mvs "$DST_SQL"
	check_fingerprint "$DST_SQL" "plain SQL dump + REFRESH"

	# --- 3. binary COPY (send/recv) ----------------------------------------
	step="[$EXT] binary COPY out of $SRC"
	datadir=$(q "$SRC" -c "SHOW data_directory")
	cols_store="id, label, s_unw, s_w, s_arr"	# nps_w is generated
	if [ -d "$datadir" ] && [ -w "$datadir" ]; then
		# server-side files: a directory in the data directory, owned by
		# the server's user
		COPYDIR="$datadir/cxkpi_dump_restore.$$"
		mkdir -p "$COPYDIR"
		chown --reference="$datadir" "$COPYDIR"
		chmod 700 "$COPYDIR"
		copy_out() { q "$SRC" -c "COPY ($2) TO '$COPYDIR/$1.bin' WITH (FORMAT binary)"; }
		copy_in() { q "$DST_BIN" -c "COPY public.$1 ($2) FROM '$COPYDIR/$1.bin' WITH (FORMAT binary)"; }
		how="server-side COPY"
	else
		# remote server: client-side \copy through psql
		copy_out() { q "$SRC" -c "\\copy ($2) TO '$WORK/$1.bin' WITH (FORMAT binary)"; }
		copy_in() { q "$DST_BIN" -c "\\copy public.$1 ($2) FROM '$WORK/$1.bin' WITH (FORMAT binary)"; }
		how="client-side \\copy"
	fi
	copy_out responses "SELECT * FROM public.responses ORDER BY id"
	copy_out summary_store "SELECT $cols_store FROM public.summary_store ORDER BY id"
	copy_out daily_nps "SELECT day, segment, n_rows, s_unw, s_w FROM public.daily_nps"
	cols_churn="id, label, c_date, c_ts, c_tz, c_arr, series, r"	# rate_date is generated
	copy_out customers "SELECT * FROM public.customers ORDER BY id"
	copy_out churn_store "SELECT $cols_churn FROM public.churn_store ORDER BY id"
	copy_out monthly_churn "SELECT month, segment, n_rows, c_date, c_ts, c_tz, r FROM public.monthly_churn"
	copy_out segment_series "SELECT segment, s_date, s_ts, s_tz FROM public.segment_series"
	cols_kpi03="id, label, rate_unw, rate_w, ov, sv_day, sv_month, sv_tz_day, sv_tz_month, pts_bg, pts_gg, bg, sp"	# rate_unw_gen is generated
	cols_seg03="segment, n_rows, rate_unw, rate_w, ov, pts_bg, pts_gg, bg, sp, sv_day, sv_month, sv_tz_day"
	copy_out events "SELECT * FROM public.events ORDER BY id"
	copy_out kpi03_store "SELECT $cols_kpi03 FROM public.kpi03_store ORDER BY id"
	copy_out segment_kpi03 "SELECT $cols_seg03 FROM public.segment_kpi03"
	createdb "$DST_BIN"
	if [ "$EXT" = public ]; then
		q "$DST_BIN" -c "CREATE EXTENSION cxkpi"
	else
		q "$DST_BIN" -c "CREATE SCHEMA $EXT" -c "CREATE EXTENSION cxkpi SCHEMA $EXT"
	fi
	create_objects "$DST_BIN" bin
	step="[$EXT] binary COPY into $DST_BIN ($how)"
	copy_in responses "id, day, segment, score, weight"
	copy_in summary_store "$cols_store"
	copy_in daily_nps "day, segment, n_rows, s_unw, s_w"
	copy_in customers "id, segment, started, ended, started_ts, ended_ts, started_tz, ended_tz, mrr, mrr_step"
	copy_in churn_store "$cols_churn"
	copy_in monthly_churn "month, segment, n_rows, c_date, c_ts, c_tz, r"
	copy_in segment_series "segment, s_date, s_ts, s_tz"
	copy_in events "id, segment, converted, weight, amount, x, t_x, t_cal, m"
	copy_in kpi03_store "$cols_kpi03"
	copy_in segment_kpi03 "$cols_seg03"
	check_fingerprint "$DST_BIN" "binary COPY"
	check_equality "$DST_BIN" "binary COPY"
	check_sizes "$DST_BIN" "binary COPY"
	# the raw rows arrived intact, so aggregating them again must give the
	# very same daily summaries
	step="[$EXT] re-aggregating in $DST_BIN"
	bad=$(q "$DST_BIN" -c "
		SELECT count(*) FROM public.daily_nps d
		  FULL JOIN (SELECT day, segment, $EXT.nps_agg(score) AS u, $EXT.nps_agg(score, weight) AS w
		               FROM public.responses GROUP BY day, segment) r USING (day, segment)
		 WHERE d.s_unw IS NULL OR r.u IS NULL
		    OR NOT (d.s_unw OPERATOR($EXT.=) r.u) OR NOT (d.s_w OPERATOR($EXT.=) r.w)")
	[ "$bad" = 0 ] || fail "[$EXT] binary COPY: $bad daily summaries differ from nps_agg over the copied raw rows"
	checks=$((checks + 1))
	path=public
	[ "$EXT" = public ] || path="public, $EXT"
	bad=$(q "$DST_BIN" <<-EOF
	SET search_path = $path;
	SELECT count(*) FROM public.monthly_churn d FULL JOIN ($(monthly_churn_sql)) r USING (month, segment)
	 WHERE d.c_date IS NULL OR r.c_date IS NULL OR d.n_rows <> r.n_rows
	    OR NOT (d.c_date OPERATOR($EXT.=) r.c_date) OR NOT (d.c_ts OPERATOR($EXT.=) r.c_ts)
	    OR NOT (d.c_tz OPERATOR($EXT.=) r.c_tz) OR NOT (d.r OPERATOR($EXT.=) r.r);
	SELECT count(*) FROM public.segment_series d FULL JOIN ($(segment_series_sql)) r USING (segment)
	 WHERE d.s_date IS NULL OR r.s_date IS NULL
	    OR NOT (d.s_date OPERATOR($EXT.=) r.s_date) OR NOT (d.s_ts OPERATOR($EXT.=) r.s_ts)
	    OR NOT (d.s_tz OPERATOR($EXT.=) r.s_tz);
	SELECT count(*) FROM public.segment_kpi03 d FULL JOIN ($(segment_kpi03_sql)) r USING (segment)
	 WHERE d.segment IS NULL OR r.segment IS NULL OR d.n_rows IS DISTINCT FROM r.n_rows
	    OR NOT coalesce(d.rate_unw OPERATOR($EXT.=) r.rate_unw, d.rate_unw IS NULL AND r.rate_unw IS NULL)
	    OR NOT coalesce(d.rate_w OPERATOR($EXT.=) r.rate_w, d.rate_w IS NULL AND r.rate_w IS NULL)
	    OR NOT coalesce(d.ov OPERATOR($EXT.=) r.ov, d.ov IS NULL AND r.ov IS NULL)
	    OR NOT coalesce(d.sv_day OPERATOR($EXT.=) r.sv_day, d.sv_day IS NULL AND r.sv_day IS NULL)
	    OR NOT coalesce(d.sv_month OPERATOR($EXT.=) r.sv_month, d.sv_month IS NULL AND r.sv_month IS NULL)
	    OR NOT coalesce(d.sv_tz_day OPERATOR($EXT.=) r.sv_tz_day, d.sv_tz_day IS NULL AND r.sv_tz_day IS NULL)
	    OR $EXT.clv_points_send(d.pts_bg) IS DISTINCT FROM $EXT.clv_points_send(r.pts_bg)
	    OR $EXT.clv_points_send(d.pts_gg) IS DISTINCT FROM $EXT.clv_points_send(r.pts_gg)
	    OR $EXT.bgnbd_model_send(d.bg) IS DISTINCT FROM $EXT.bgnbd_model_send(r.bg)
	    OR $EXT.spend_model_send(d.sp) IS DISTINCT FROM $EXT.spend_model_send(r.sp);
	EOF
	)
	[ "$bad" = "0
0
0" ] || fail "[$EXT] binary COPY: monthly_churn / segment_series / segment_kpi03 rows differing from a recomputation over the copied customers (restore zone $DST_TZ): $(echo "$bad" | tr '\n' ' ')"
	check_tz_sides "$DST_BIN"
	checks=$((checks + 1))
	rm -rf "$COPYDIR"
	COPYDIR=""

	drop_dbs
done

echo "$ME: OK -- extension in schema ${layouts[*]}: pg_dump -Fc/pg_restore, plain SQL/psql, binary COPY ($how), dumped under $SRC_TZ and restored under $DST_TZ; $nsummaries nps ($nmv MV rows), $nchurn churn, $nseries churn_series, $nrev revenue, $n03 summaries identical in text, send bytes, accessors and '=' (where the type has one); REFRESH reproduces them; $checks checks"
