#!/bin/bash
# dump_restore.sh -- summaries of every cxkpi type (nps_summary,
# churn_summary, churn_series, revenue_summary) stored in tables and
# materialized views survive a real dump and restore, bit for bit.
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
# and records a fingerprint: every summary's text and send bytes, every
# accessor (NPS: nps, std_error, margins, ci bounds, mean, effective_n,
# total_weight, counts, histogram; churn: every count and rate, std_error,
# Wilson bounds, period bounds; series: periods, first and last period, a
# digest of churn_periods(); revenue: every amount, count, GRR, NRR; all
# with ::jsonb), md5 digests of the text and of the send bytes, p_value
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
# anyway, and a timestamptz series with a 1-month step recomputed in the
# restored database must differ from the stored one unless the session
# switches to the source zone (proof that the zones really differ there).
#
# Round trips, each into a freshly created database, each compared with the
# source fingerprint exactly (diff) and value by value with each type's "="
# and "<>" against the source's text, and every survey summary still in the
# compact format (104 bytes unweighted, 280 weighted; MV rows as large as in
# the source):
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
# Source and restore sessions run in different time zones: Kathmandu is
# UTC+05:45 all year, St. John's UTC-03:30 with daylight saving time.
SRC_TZ=Asia/Kathmandu
DST_TZ=America/St_Johns

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
	SELECT 'churn', count(s), md5(string_agg(k || '=' || s::text, ',' ORDER BY k)),
	       md5(string_agg(k || '=' || encode($e.churn_summary_send(s), 'hex'), ',' ORDER BY k))
	  FROM ($(churn_summaries_sql)) AS a
	UNION ALL
	SELECT 'series', count(s), md5(string_agg(k || '=' || s::text, ',' ORDER BY k)),
	       md5(string_agg(k || '=' || encode($e.churn_series_send(s), 'hex'), ',' ORDER BY k))
	  FROM ($(series_summaries_sql)) AS a
	UNION ALL
	SELECT 'revenue', count(s), md5(string_agg(k || '=' || s::text, ',' ORDER BY k)),
	       md5(string_agg(k || '=' || encode($e.revenue_summary_send(s), 'hex'), ',' ORDER BY k))
	  FROM ($(revenue_summaries_sql)) AS a;
	\\echo '# churn p_value between segments, each month and across periods'
	SELECT a.month, a.segment, b.segment, $e.p_value(a.c_date, b.c_date), $e.p_value(a.c_tz, b.c_tz)
	  FROM public.monthly_churn a JOIN public.monthly_churn b ON a.month = b.month AND a.segment < b.segment
	 ORDER BY 1, 2, 3;
	SELECT a.id, b.id, $e.p_value(a.c_date, b.c_date), $e.p_value(a.c_ts, b.c_ts)
	  FROM public.churn_store a JOIN public.churn_store b ON a.id < b.id
	 ORDER BY 1, 2;
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
		"series churn_series series_summaries_sql" "revenue revenue_summary revenue_summaries_sql"; do
		# shellcheck disable=SC2086
		check_equality_of "$db" "$what" $fam
	done
}

# check_equality_of DB WHAT FAMILY TYPE LIST_BUILDER
check_equality_of() {
	local db=$1 what=$2 fam=$3 type=$4 list=$5 e=$EXT res
	step="= / <> of $type in $db ($what)"
	res=$(q "$db" <<-EOF
	CREATE TEMP TABLE truth (k text, t text);
	\\copy truth FROM '$WORK/$EXT.truth.$fam.tsv'
	SELECT count(*) FILTER (WHERE d.k IS NULL OR t.k IS NULL),
	       count(*) FILTER (WHERE (d.s IS NULL) <> (t.t IS NULL)),
	       count(*) FILTER (WHERE NOT (d.s OPERATOR($e.=) t.t::$e.$type)),
	       count(*) FILTER (WHERE d.s OPERATOR($e.<>) t.t::$e.$type),
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
	for mv in daily_nps monthly_churn segment_series; do
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
	SET TimeZone = '$SRC_TZ';
	SELECT (a.s OPERATOR($e.=) st.series)
	  FROM (SELECT $e.churn_series_agg(started_tz, ended_tz, timestamptz '2024-01-01 00:00:00+00', interval '1 month', 12) AS s
	          FROM public.customers) a, public.churn_store st WHERE st.id = 103;
	EOF
	)
	want="$DST_TZ
f|t
t"
	if [ "$res" != "$want" ]; then
		fail "[$EXT] $db: expected session TimeZone $DST_TZ, a 1-month timestamptz series there that differs from the stored one (bounds = start + i * 1 month in $DST_TZ) and equals it under $SRC_TZ; got: $(echo "$res" | tr '\n' ' ')"
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
	for fam in churn series revenue; do
		"${fam}_summaries_sql" | sed '1s/^/COPY (SELECT k, s::text FROM (/; $s/$/) AS a) TO STDOUT/' |
			q "$SRC" -f - >"$WORK/$EXT.truth.$fam.tsv"
	done
	nchurn=$(wc -l <"$WORK/$EXT.truth.churn.tsv")
	nseries=$(wc -l <"$WORK/$EXT.truth.series.tsv")
	nrev=$(wc -l <"$WORK/$EXT.truth.revenue.tsv")
	if [ "$nchurn" -lt 300 ] || [ "$nrev" -lt 100 ]; then
		fail "[$EXT] only $nchurn churn and $nrev revenue summaries in the source"
	fi

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
	EOF
	)
	[ "$bad" = "0
0" ] || fail "[$EXT] binary COPY: monthly_churn / segment_series rows differing from a recomputation over the copied customers (restore zone $DST_TZ): $(echo "$bad" | tr '\n' ' ')"
	check_tz_sides "$DST_BIN"
	checks=$((checks + 1))
	rm -rf "$COPYDIR"
	COPYDIR=""

	drop_dbs
done

echo "$ME: OK -- extension in schema ${layouts[*]}: pg_dump -Fc/pg_restore, plain SQL/psql, binary COPY ($how), dumped under $SRC_TZ and restored under $DST_TZ; $nsummaries nps ($nmv MV rows), $nchurn churn, $nseries churn_series and $nrev revenue summaries identical in text, send bytes, accessors and '='; REFRESH reproduces them; $checks checks"
