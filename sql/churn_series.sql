--
-- churn_series_agg: many consecutive periods in one pass.  A hand-worked
-- series; for every period of monthly, weekly, daily and odd steps (date,
-- timestamp, timestamptz) the series equals churn_agg over that period and
-- the hand-written cross join with generate_series; calendar-month edges;
-- timestamptz bounds following the session zone; churn_period / periods;
-- rollup and +; parallel = serial; text and binary forms; every error.
--
-- Period i (1-based) is [start + (i-1) * step, start + i * step): the step is
-- multiplied, not added repeatedly.  Expected values are worked by hand in
-- the comments or recomputed with plain SQL, never copied from the extension.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA churn_series;
SET search_path = churn_series, public;
SET extra_float_digits = 0;
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET TimeZone = 'UTC';

\i sql/include/err.sql

-- equal within 1e-12, both NULL counts as equal
CREATE FUNCTION pg_temp.near(a float8, b float8) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce((a IS NULL AND b IS NULL) OR abs(a - b) <= 1e-12, false)
$$;
-- Wilson score bound of c/s from the formula (sgn -1: lower, +1: upper), z = 1.959964
CREATE FUNCTION pg_temp.wilson(c bigint, s bigint, sgn int) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN s = 0 THEN NULL ELSE
		((c::float8 / s + 1.959963984540054 ^ 2 / (2 * s))
		 + sgn * 1.959963984540054 * sqrt((c::float8 / s) * (1 - c::float8 / s) / s + 1.959963984540054 ^ 2 / (4.0 * s * s)))
		/ (1 + 1.959963984540054 ^ 2 / s) END
$$;

-- The whole check for one series over table tbl (columns s = started_at,
-- e = ended_at).  Period bounds are computed here as start + i * step for
-- i = 0..n, in the session zone.  Returns, for the n periods:
--   series_rows / agg_rows  rows of churn_periods(series) and of the cross join
--   vs_churn_agg            periods whose churn_periods summary or churn_period(s, i)
--                           differs from churn_agg(s, e, range(lo, hi))
--   vs_accessors            periods whose churn_periods columns differ from the
--                           accessors applied to that churn_agg summary
--   vs_filter               periods whose counts differ from count(*) FILTER written
--                           from the definitions, or whose rates / SE / Wilson bounds
--                           differ from the formulas
--   vs_bounds               periods whose period_start / period_end are not lo / hi
CREATE FUNCTION pg_temp.check_series(tbl text, start anyelement, step interval, n int,
	OUT series_rows bigint, OUT agg_rows bigint, OUT vs_churn_agg bigint, OUT vs_accessors bigint,
	OUT vs_filter bigint, OUT vs_bounds bigint)
LANGUAGE plpgsql AS $f$
DECLARE
	typ text := pg_typeof(start)::text;
	rng text := CASE pg_typeof(start)::text WHEN 'date' THEN 'daterange'
	            WHEN 'timestamp without time zone' THEN 'tsrange' ELSE 'tstzrange' END;
BEGIN
	EXECUTE format($q$
	WITH b AS (SELECT i + 1 AS period, ($1 + i * $2)::%1$s AS lo, ($1 + (i + 1) * $2)::%1$s AS hi
	           FROM generate_series(0, $3 - 1) i),
	ser AS (SELECT churn_series_agg(t.s, t.e, $1, $2, $3) AS x FROM %3$I t),
	per AS (SELECT p.*, churn_period(ser.x, p.period) AS single FROM ser, churn_periods(ser.x) p),
	agg AS (SELECT b.period, b.lo, b.hi, churn_agg(t.s, t.e, %2$s(b.lo, b.hi)) AS sm,
	               count(*) FILTER (WHERE t.s < b.lo AND (t.e IS NULL OR t.e >= b.lo)) AS xs,
	               count(*) FILTER (WHERE t.s < b.lo AND t.e >= b.lo AND t.e < b.hi) AS xc,
	               count(*) FILTER (WHERE t.s >= b.lo AND t.s < b.hi) AS xn,
	               count(*) FILTER (WHERE t.s >= b.lo AND t.s < b.hi AND t.e < b.hi) AS xne,
	               count(*) FILTER (WHERE t.s < b.hi AND (t.e IS NULL OR t.e >= b.hi)) AS xe
	        FROM %3$I t CROSS JOIN b GROUP BY b.period, b.lo, b.hi)
	SELECT count(per.period), count(agg.period),
	       count(*) FILTER (WHERE per.summary IS DISTINCT FROM agg.sm OR per.single IS DISTINCT FROM agg.sm),
	       count(*) FILTER (WHERE (per.customers_at_start, per.retained, per.churned, per.acquired,
	                               per.acquired_ended, per.customers_at_end, per.churn_rate, per.retention_rate,
	                               per.customer_retention_rate, per.std_error, per.ci_lower, per.ci_upper)
	                              IS DISTINCT FROM
	                              (customers_at_start(agg.sm), retained(agg.sm), churned(agg.sm), acquired(agg.sm),
	                               acquired_ended(agg.sm), customers_at_end(agg.sm), churn_rate(agg.sm), retention_rate(agg.sm),
	                               customer_retention_rate(agg.sm), std_error(agg.sm), ci_lower(agg.sm), ci_upper(agg.sm))),
	       count(*) FILTER (WHERE (per.customers_at_start, per.retained, per.churned, per.acquired,
	                               per.acquired_ended, per.customers_at_end)
	                              IS DISTINCT FROM (xs, xs - xc, xc, xn, xne, xe)
	                        OR NOT (pg_temp.near(per.churn_rate, xc::float8 / nullif(xs, 0))
	                                AND pg_temp.near(per.retention_rate, 1 - xc::float8 / nullif(xs, 0))
	                                AND pg_temp.near(per.customer_retention_rate, (xe - xn)::float8 / nullif(xs, 0))
	                                AND pg_temp.near(per.std_error, sqrt((xc::float8 / nullif(xs, 0)) * (1 - xc::float8 / nullif(xs, 0)) / nullif(xs, 0)))
	                                AND pg_temp.near(per.ci_lower, pg_temp.wilson(xc, xs, -1))
	                                AND pg_temp.near(per.ci_upper, pg_temp.wilson(xc, xs, 1)))),
	       count(*) FILTER (WHERE per.period_start IS DISTINCT FROM agg.lo::timestamptz
	                           OR per.period_end IS DISTINCT FROM agg.hi::timestamptz)
	FROM per FULL JOIN agg USING (period)
	$q$, typ, rng, tbl)
	INTO series_rows, agg_rows, vs_churn_agg, vs_accessors, vs_filter, vs_bounds
	USING start, step, n;
END $f$;

-- =====================================================================
-- A hand-worked series: 3 months from 2026-01-01, bounds Jan 1, Feb 1,
-- Mar 1, Apr 1.
-- =====================================================================
CREATE TABLE hand (name text, started_at date, ended_at date);
INSERT INTO hand VALUES
  ('a', '2025-12-15', NULL),
  ('b', '2025-12-20', '2026-01-01'),   -- ends at b0: in S1, churned in P1
  ('c', '2026-01-01', '2026-02-01'),   -- starts at b0: acquired in P1; ends at b1: at end of P1, churned in P2
  ('d', '2026-01-10', '2026-01-10'),   -- same day: acquired and ended in P1
  ('e', '2026-02-01', NULL),           -- starts at b1: acquired in P2
  ('f', '2026-02-15', '2026-03-01'),   -- acquired in P2, ends at b2: not acquired_ended, churned in P3
  ('g', '2026-03-31', '2026-03-31'),   -- acquired and ended in P3
  ('h', '2026-04-01', NULL),           -- starts at b3: outside every period
  ('i', NULL, NULL),                   -- skipped
  ('j', '2025-11-01', '2026-03-15'),   -- in S1, S2, S3; churned in P3
  ('k', '2025-01-01', '2025-06-01'),   -- gone before b0
  ('l', '2025-10-01', NULL);
-- By hand:
--   P1 [Jan 1, Feb 1): S = 4 (a b j l), C = 1 (b), N = 2 (c d), NE = 1 (d), E = 4 (a c j l)
--   P2 [Feb 1, Mar 1): S = 4 (a c j l), C = 1 (c), N = 2 (e f), NE = 0,     E = 5 (a e f j l)
--   P3 [Mar 1, Apr 1): S = 5 (a e f j l), C = 2 (f j), N = 1 (g), NE = 1 (g), E = 3 (a e l)
--   (E = S - C + N - NE each time; S of P(i+1) = E of P(i))
--   rates: P1 churn 0.25, retention 0.75, CRR (4 - 2)/4 = 0.5
--          P2 churn 0.25, retention 0.75, CRR (5 - 2)/4 = 0.75
--          P3 churn 0.4,  retention 0.6,  CRR (3 - 1)/5 = 0.4
CREATE TABLE hs AS SELECT churn_series_agg(started_at, ended_at, date '2026-01-01', interval '1 month', 3) s FROM hand;
SELECT s FROM hs;
SELECT s::text = 'v1;bounds=2026-01-01,2026-02-01,2026-03-01,2026-04-01;at_start=4;churned=1,1,2;acquired=2,2,1;acquired_ended=1,0,1' AS text_by_hand,
       periods(s) FROM hs;
SELECT period, period_start, period_end, customers_at_start AS s, retained, churned AS c, acquired AS n,
       acquired_ended AS ne, customers_at_end AS e, churn_rate, retention_rate, customer_retention_rate AS crr,
       round(std_error::numeric, 6) AS se, round(ci_lower::numeric, 6) AS lo, round(ci_upper::numeric, 6) AS hi, summary
FROM hs, churn_periods(s);
-- the same numbers by hand, and each period equal to churn_agg of that month
SELECT array_agg(customers_at_start ORDER BY period) = '{4,4,5}' AS s_ok,
       array_agg(churned ORDER BY period) = '{1,1,2}' AS c_ok,
       array_agg(acquired ORDER BY period) = '{2,2,1}' AS n_ok,
       array_agg(acquired_ended ORDER BY period) = '{1,0,1}' AS ne_ok,
       array_agg(customers_at_end ORDER BY period) = '{4,5,3}' AS e_ok,
       array_agg(customer_retention_rate ORDER BY period) = '{0.5,0.75,0.4}' AS crr_ok
FROM hs, churn_periods(s);
CREATE TABLE hand2 AS SELECT started_at AS s, ended_at AS e FROM hand;
SELECT * FROM pg_temp.check_series('hand2', date '2026-01-01', '1 month', 3);
-- churn_period and periods; outside 1..periods: NULL
SELECT periods(s), churn_period(s, 2) AS p2,
       churn_period(s, 0) IS NULL AS p0_null, churn_period(s, 4) IS NULL AS p4_null,
       churn_period(s, -1) IS NULL AS pneg_null
FROM hs;
SELECT churn_period(s, 3) = churn_agg AS p3_equal
FROM hs, (SELECT churn_agg(started_at, ended_at, daterange '[2026-03-01,2026-04-01)') FROM hand) a;
-- a single period
SELECT churn_period(churn_series_agg(started_at, ended_at, date '2026-02-01', interval '1 month', 1), 1)
       = churn_agg(started_at, ended_at, daterange '[2026-02-01,2026-03-01)') AS one_period_equal
FROM hand;

-- =====================================================================
-- Calendar months: start + i * '1 month', not repeated addition
-- =====================================================================
-- from Jan 31: Jan 31, Feb 28, Mar 31, Apr 30, May 31, Jun 30 (repeated
-- addition would give Feb 28, Mar 28, Apr 28, ...); 2024 is a leap year: Feb 29
SELECT period, period_start, period_end, period_end - period_start AS length
FROM (SELECT churn_series_agg(started_at, ended_at, date '2026-01-31', interval '1 month', 5) s FROM hand) t, churn_periods(s);
-- counts by hand: P1 [Jan 31, Feb 28): S = 4 (a c j l), C = 1 (c), N = 2 (e f), NE = 0;
--   P2 [Feb 28, Mar 31): S = 5, C = 2 (f j), N = 0 (g starts Mar 31);
--   P3 [Mar 31, Apr 30): S = 3 (a e l), C = 0, N = 2 (g h), NE = 1 (g); P4, P5: S = 4, nothing moves
SELECT s FROM (SELECT churn_series_agg(started_at, ended_at, date '2026-01-31', interval '1 month', 5) s FROM hand) t;
SELECT period, period_start::date, period_end::date
FROM (SELECT churn_series_agg(started_at, ended_at, date '2024-01-31', interval '1 month', 2) s FROM hand) t, churn_periods(s);
-- a step with a negative part that still increases: '1 month -27 days' from
-- 2026-01-01: Feb 1 - 27 d = Jan 5; Mar 1 - 54 d = Jan 6; Apr 1 - 81 d = Jan 10
SELECT period, period_start::date, period_end::date
FROM (SELECT churn_series_agg(started_at, ended_at, date '2026-01-01', interval '1 month -27 days', 3) s FROM hand) t, churn_periods(s);
-- timestamps: from Jan 31 12:00 by a month, Feb 28 12:00 then Mar 31 12:00
SELECT period, period_start, period_end
FROM (SELECT churn_series_agg(started_at::timestamp, ended_at::timestamp, timestamp '2026-01-31 12:00', interval '1 month', 3) s FROM hand) t,
     churn_periods(s);

-- =====================================================================
-- Generated customers: for EVERY period, the series equals churn_agg over
-- that period and the FILTER cross join (expect n, n, 0, 0, 0, 0)
-- =====================================================================
CREATE TABLE gen AS
SELECT i AS id, (i * 13) % 4 AS seg,
       CASE WHEN i % 53 = 0 THEN NULL ELSE date '2024-03-01' + (i * 7919) % 800 END AS started_at,
       CASE WHEN (i * 7907) % 10 < 4 THEN date '2024-03-01' + (i * 7919) % 800 + (i * 31) % 400 END AS ended_at,
       CASE WHEN i % 7 = 0 THEN interval '0' ELSE ((i * 6151) % 86400) * interval '1 second' + (i % 1000) * interval '1 microsecond' END AS tod,
       CASE WHEN i % 5 = 0 THEN interval '0' ELSE ((i * 3571) % 86400) * interval '1 second' END AS extra
FROM generate_series(1, 5000) i;
CREATE TABLE gen_d AS SELECT id, seg, started_at AS s, ended_at AS e FROM gen;
CREATE TABLE gen_t AS SELECT id, seg, started_at + tod AS s, ended_at + tod + extra AS e FROM gen;
CREATE TABLE gen_z AS SELECT id, seg, s AT TIME ZONE 'UTC' AS s, e AT TIME ZONE 'UTC' AS e FROM gen_t;
ANALYZE gen_d;
ANALYZE gen_t;
ANALYZE gen_z;
SELECT count(*) AS customers, count(*) FILTER (WHERE s IS NULL) AS no_start, count(*) FILTER (WHERE e = s) AS same_day,
       count(*) FILTER (WHERE e < s) AS bad, min(s), max(e)
FROM gen_d;

-- date series (the first starts before any customer: S = 0 there)
SELECT 'monthly' AS series, * FROM pg_temp.check_series('gen_d', date '2024-01-01', '1 month', 30)
UNION ALL SELECT 'weekly', * FROM pg_temp.check_series('gen_d', date '2025-03-03', '1 week', 40)
UNION ALL SELECT 'daily', * FROM pg_temp.check_series('gen_d', date '2025-06-01', '1 day', 90)
UNION ALL SELECT 'month end', * FROM pg_temp.check_series('gen_d', date '2024-01-31', '1 month', 14)
UNION ALL SELECT 'quarterly', * FROM pg_temp.check_series('gen_d', date '2024-02-29', '3 months', 8)
UNION ALL SELECT '1 mon 15 days', * FROM pg_temp.check_series('gen_d', date '2024-05-17', '1 mon 15 days', 9)
UNION ALL SELECT '1 mon -27 days', * FROM pg_temp.check_series('gen_d', date '2025-01-01', '1 mon -27 days', 12)
UNION ALL SELECT 'one year', * FROM pg_temp.check_series('gen_d', date '2024-06-01', '1 year', 1);
-- timestamp series, time-of-day steps allowed
SELECT 'monthly' AS series, * FROM pg_temp.check_series('gen_t', timestamp '2024-01-01', '1 month', 30)
UNION ALL SELECT 'weekly', * FROM pg_temp.check_series('gen_t', timestamp '2025-03-03 09:00', '1 week', 40)
UNION ALL SELECT 'daily', * FROM pg_temp.check_series('gen_t', timestamp '2025-06-01', '1 day', 90)
UNION ALL SELECT '12 hours', * FROM pg_temp.check_series('gen_t', timestamp '2025-06-01 06:00', '12 hours', 60)
UNION ALL SELECT 'month end 12:00', * FROM pg_temp.check_series('gen_t', timestamp '2024-01-31 12:00', '1 month', 14)
UNION ALL SELECT '1 day 00:00:00.5', * FROM pg_temp.check_series('gen_t', timestamp '2025-01-01 00:00:00.25', '1 day 00:00:00.5', 30);
-- timestamptz series in Europe/Berlin: local days and months (DST on
-- 2025-03-30 and 2025-10-26 makes 23- and 25-hour days)
SET TimeZone = 'Europe/Berlin';
SELECT 'monthly' AS series, * FROM pg_temp.check_series('gen_z', timestamptz '2024-01-01', '1 month', 30)
UNION ALL SELECT 'weekly', * FROM pg_temp.check_series('gen_z', timestamptz '2025-03-03', '1 week', 40)
UNION ALL SELECT 'daily over DST', * FROM pg_temp.check_series('gen_z', timestamptz '2025-03-15', '1 day', 30)
UNION ALL SELECT 'daily over DST end', * FROM pg_temp.check_series('gen_z', timestamptz '2025-10-15', '1 day', 30)
UNION ALL SELECT '12 hours', * FROM pg_temp.check_series('gen_z', timestamptz '2025-03-29 06:00', '12 hours', 8);
SET TimeZone = 'UTC';
SELECT 'daily UTC' AS series, * FROM pg_temp.check_series('gen_z', timestamptz '2025-03-15', '1 day', 30);

-- =====================================================================
-- timestamptz bounds follow the session zone at aggregation time
-- =====================================================================
-- From the instant 2026-03-01 05:00 UTC (midnight in New York) by 1 day:
-- in New York the bounds stay at local midnight, so across the DST change of
-- 2026-03-08 period 8 is 23 hours ([Mar 8 05:00 UTC, Mar 9 04:00 UTC)); in
-- UTC every period is 24 hours from 05:00 UTC.
SET TimeZone = 'America/New_York';
CREATE TABLE ny AS
SELECT churn_series_agg(s, e, timestamptz '2026-03-01 05:00:00+00', interval '1 day', 14) s FROM gen_z;
CREATE TABLE ny_bounds AS
SELECT i + 1 AS period, timestamptz '2026-03-01 05:00:00+00' + i * interval '1 day' AS lo,
       timestamptz '2026-03-01 05:00:00+00' + (i + 1) * interval '1 day' AS hi
FROM generate_series(0, 13) i;
SELECT period, period_start, period_end, period_end - period_start AS length
FROM ny, churn_periods(s) WHERE period BETWEEN 7 AND 9;
SELECT * FROM pg_temp.check_series('gen_z', timestamptz '2026-03-01 05:00:00+00', '1 day', 14);
SET TimeZone = 'UTC';
CREATE TABLE utc AS
SELECT churn_series_agg(s, e, timestamptz '2026-03-01 05:00:00+00', interval '1 day', 14) s FROM gen_z;
SELECT period, period_start, period_end, period_end - period_start AS length
FROM utc, churn_periods(s) WHERE period BETWEEN 7 AND 9;
SELECT (SELECT s FROM ny) = (SELECT s FROM utc) AS same_series;
-- the stored New York series reads the same in UTC: same instants, same counts
SELECT period, period_start, period_end FROM ny, churn_periods(s) WHERE period BETWEEN 7 AND 9;
SELECT count(*) AS periods,
       count(*) FILTER (WHERE p.period_start = b.lo AND p.period_end = b.hi) AS bounds_equal,
       count(*) FILTER (WHERE p.summary = a.sm) AS summaries_equal
FROM ny, churn_periods(ny.s) p JOIN ny_bounds b USING (period)
JOIN LATERAL (SELECT churn_agg(g.s, g.e, tstzrange(b.lo, b.hi)) sm FROM gen_z g) a ON true;
-- the text form is UTC
SELECT split_part(s::text, ';', 2) AS bounds FROM ny;
SET TimeZone = 'Asia/Tokyo';
SELECT s::text::churn_series = s AS round_trip_tokyo, split_part(s::text, ';', 2) = (SELECT split_part(s::text, ';', 2) FROM utc) AS same_bounds_as_utc
FROM ny;
SET TimeZone = 'UTC';

-- =====================================================================
-- rollup and + across segments
-- =====================================================================
CREATE TABLE segs AS
SELECT seg, churn_series_agg(s, e, date '2024-06-01', interval '1 month', 18) s FROM gen_d GROUP BY seg;
CREATE TABLE all_d AS
SELECT churn_series_agg(s, e, date '2024-06-01', interval '1 month', 18) s FROM gen_d;
SELECT (SELECT rollup(s) FROM segs) = (SELECT s FROM all_d) AS rollup_equal,
       (SELECT a.s + b.s + c.s + d.s FROM segs a, segs b, segs c, segs d
        WHERE a.seg = 0 AND b.seg = 1 AND c.seg = 2 AND d.seg = 3) = (SELECT s FROM all_d) AS plus_equal,
       (SELECT a.s + b.s = b.s + a.s FROM segs a, segs b WHERE a.seg = 0 AND b.seg = 1) AS commutative;
-- period by period, the rollup of the segments' periods is the period of the rollup
SELECT count(*) AS periods, count(*) FILTER (WHERE r.sm = churn_period(all_d.s, r.period)) AS equal
FROM all_d, (SELECT p.period, rollup(p.summary) sm FROM segs, churn_periods(segs.s) p GROUP BY p.period) r;
-- timestamp and timestamptz series too
SELECT (SELECT rollup(x) FROM (SELECT churn_series_agg(s, e, timestamp '2024-06-01 08:00', interval '1 week', 50) x FROM gen_t GROUP BY seg) t)
     = (SELECT churn_series_agg(s, e, timestamp '2024-06-01 08:00', interval '1 week', 50) FROM gen_t) AS ts_rollup,
       (SELECT rollup(x) FROM (SELECT churn_series_agg(s, e, timestamptz '2024-06-01 08:00+00', interval '1 month', 12) x FROM gen_z GROUP BY seg) t)
     = (SELECT churn_series_agg(s, e, timestamptz '2024-06-01 08:00+00', interval '1 month', 12) FROM gen_z) AS tz_rollup;
-- counts add period by period (hand: at_start 4+1, churned 1+0,1+1, ...)
SELECT 'v1;bounds=2026-01-01,2026-02-01,2026-03-01;at_start=4;churned=1,1;acquired=2,2;acquired_ended=1,0'::churn_series
     + 'v1;bounds=2026-01-01,2026-02-01,2026-03-01;at_start=1;churned=0,1;acquired=1,0;acquired_ended=0,0' AS sum;
-- + past the largest count (2^62 - 1): an error, never a value that cannot be read back
SELECT pg_temp.err($q$ SELECT (s + s)::text::churn_series
                       FROM (SELECT 'v1;bounds=2026-01-01,2026-02-01;at_start=1;churned=0;acquired=4611686018427387902;acquired_ended=0'::churn_series s) t $q$) AS plus_overflow;
-- rollup skips NULLs; rollup of nothing is NULL
SELECT rollup(s) FROM (VALUES ('v1;bounds=2026-01-01,2026-02-01;at_start=4;churned=1;acquired=2;acquired_ended=1'::churn_series),
                              (NULL), ('v1;bounds=2026-01-01,2026-02-01;at_start=1;churned=1;acquired=0;acquired_ended=0')) x(s);
SELECT rollup(s) IS NULL AS rollup_of_nothing FROM segs WHERE false;
-- no rows: NULL series; only NULL starts: a zero series with the periods
SELECT churn_series_agg(s, e, date '2026-01-01', interval '1 month', 3) IS NULL AS no_rows FROM gen_d WHERE false;
SELECT churn_series_agg(s, e, date '2026-01-01', interval '1 month', 3) AS only_null_starts FROM gen_d WHERE s IS NULL;
SELECT period, customers_at_start, churn_rate, customer_retention_rate, std_error, ci_lower
FROM (SELECT churn_series_agg(s, e, date '2026-01-01', interval '1 month', 2) x FROM gen_d WHERE s IS NULL) t, churn_periods(x);

-- =====================================================================
-- Parallel plans give the same series as serial ones (200 000 customers)
-- =====================================================================
CREATE TABLE big AS
SELECT i AS id, date '2023-01-01' + (i * 7919) % 1200 AS s,
       CASE WHEN (i * 7907) % 10 < 5 THEN date '2023-01-01' + (i * 7919) % 1200 + (i * 37) % 700 END AS e
FROM generate_series(1, 200000) i;
CREATE TABLE big_z AS SELECT id, s::timestamp AT TIME ZONE 'UTC' + (id % 86400) * interval '1 second' AS s,
       e::timestamp AT TIME ZONE 'UTC' + (id % 86400) * interval '1 second' AS e FROM big;
ANALYZE big;
ANALYZE big_z;
SET TimeZone = 'America/New_York';
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_all AS
SELECT (SELECT churn_series_agg(s, e, date '2023-06-01', interval '1 month', 36) FROM big) d,
       (SELECT churn_series_agg(s, e, timestamptz '2024-03-01', interval '1 day', 40) FROM big_z) z;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT churn_series_agg(s, e, date '2023-06-01', interval '1 month', 36) FROM big;
SELECT (SELECT churn_series_agg(s, e, date '2023-06-01', interval '1 month', 36) FROM big) = d AS date_same,
       (SELECT churn_series_agg(s, e, timestamptz '2024-03-01', interval '1 day', 40) FROM big_z) = z AS tz_same
FROM serial_all;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
-- and the serial result is right: period 1 and period 36 against FILTER
SELECT customers_at_start(churn_period((SELECT d FROM serial_all), 1)) = count(*) FILTER (WHERE s < '2023-06-01' AND (e IS NULL OR e >= '2023-06-01')) AS s1_ok,
       churned(churn_period((SELECT d FROM serial_all), 36)) = count(*) FILTER (WHERE s < '2026-05-01' AND e >= '2026-05-01' AND e < '2026-06-01') AS c36_ok,
       acquired(churn_period((SELECT d FROM serial_all), 36)) = count(*) FILTER (WHERE s >= '2026-05-01' AND s < '2026-06-01') AS n36_ok
FROM big;
SET TimeZone = 'UTC';

-- =====================================================================
-- Text and binary forms
-- =====================================================================
SELECT 'v1;bounds=2026-01-01 00:00:00,2026-01-01 12:00:00.5,2026-01-02 00:00:01;at_start=3;churned=1,2;acquired=1,0;acquired_ended=1,0'::churn_series AS ts_form;
SELECT 'v1;bounds=2026-03-08 05:00:00+00,2026-03-09 04:00:00+00;at_start=0;churned=0;acquired=0;acquired_ended=0'::churn_series AS tz_form;
SELECT count(*) AS series, count(*) FILTER (WHERE s::text::churn_series = s AND s::text::churn_series::text = s::text) AS round_trips
FROM (SELECT s FROM hs UNION ALL SELECT s FROM ny UNION ALL SELECT s FROM utc UNION ALL SELECT s FROM segs
      UNION ALL SELECT d FROM serial_all UNION ALL SELECT z FROM serial_all
      UNION ALL SELECT churn_series_agg(s, e, timestamp '2025-06-01 06:00', interval '12 hours', 60) FROM gen_t) x(s);
-- binary round trip through COPY ... (FORMAT binary)
CREATE TABLE bin_src (k int, s churn_series);
INSERT INTO bin_src SELECT row_number() OVER (), s
FROM (SELECT s FROM hs UNION ALL SELECT s FROM ny UNION ALL SELECT s FROM segs UNION ALL SELECT d FROM serial_all
      UNION ALL SELECT churn_series_agg(s, e, timestamp '2025-06-01 06:00', interval '12 hours', 60) FROM gen_t) x(s);
CREATE TABLE bin_dst (LIKE bin_src);
DO $$
DECLARE f text := current_setting('data_directory') || '/cxkpi_churn_series_test.bin';
BEGIN
	EXECUTE format('COPY bin_src TO %L WITH (FORMAT binary)', f);
	EXECUTE format('COPY bin_dst FROM %L WITH (FORMAT binary)', f);
END $$;
SELECT count(*) AS rows, count(*) FILTER (WHERE a.s = b.s AND a.s::text = b.s::text) AS equal
FROM bin_src a JOIN bin_dst b USING (k);
-- malformed binary through binary COPY of crafted bytes
CREATE TABLE recv_t (s churn_series);
\i sql/include/recv.sql
WITH v AS (SELECT churn_series_send(s) u FROM hs)
SELECT label, pg_temp.recv(b) AS result
FROM v, LATERAL (VALUES
	('valid', u),
	('empty', ''::bytea),
	('truncated by one byte', substr(u, 1, length(u) - 1)),
	('half', substr(u, 1, length(u) / 2)),
	('one byte more', u || '\x00'::bytea),
	('a churn_summary value', churn_summary_send('v1;period=[2026-01-01,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=1'))
) AS t(label, b);
-- Crafted fields.  Byte offsets read off churn_series_send output of the hand
-- series (3 periods): 0 version, 1 kind, 2..5 number of periods (int32),
-- 6..37 four bounds (int64), 38..45 S0, then churned 46..69, acquired
-- 70..93, acquired_ended 94..117 (int64 big-endian each).
-- Valid: S0 = 4, churned 1,1,2, acquired 2,2,1, acquired_ended 1,0,1.
WITH v AS (SELECT churn_series_send(s) u FROM hs)
SELECT label, pg_temp.recv(b) AS result
FROM v, LATERAL (VALUES
	('version 2', set_byte(u, 0, 2)),
	('kind 4', set_byte(u, 1, 4)),
	('periods 4 (bytes for 3)', set_byte(u, 5, 4)),
	('periods 0', set_byte(u, 5, 0)),
	('bound 2 = bound 1', overlay(u placing substr(u, 7, 8) from 15)),
	('bound 3 before bound 2', overlay(u placing substr(u, 7, 8) from 23)),
	('churned 5 in period 1 > S 4', set_byte(u, 53, 5)),
	('churned 9 in period 3 > S 5', set_byte(u, 69, 9)),
	('acquired_ended 3 > acquired 2 in period 1', set_byte(u, 101, 3)),
	('negative S0', set_byte(u, 38, 255)),
	('date bound not at midnight', set_byte(u, 21, get_byte(u, 21) + 1))
) AS t(label, b);

-- =====================================================================
-- Errors
-- =====================================================================
-- periods outside 1..10000: 22023; 10000 is fine
SELECT churn_series_agg(s, e, date '2026-01-01', interval '1 month', 0) FROM hand2;
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, e, date '2026-01-01', interval '1 month', 10001) FROM hand2 $q$);
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, e, timestamp '2026-01-01', interval '1 day', -1) FROM hand2 $q$);
SELECT periods(churn_series_agg(s, e, date '2000-01-01', interval '1 day', 10000)),
       churn_period(churn_series_agg(s, e, date '2000-01-01', interval '1 day', 10000), 10000)
FROM hand2;
-- step zero or negative: 22023
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, e, date '2026-01-01', interval '0', 3) FROM hand2 $q$);
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, e, date '2026-01-01', interval '-1 day', 3) FROM hand2 $q$);
SELECT pg_temp.err($q$ SELECT churn_series_agg(s::timestamp, e::timestamp, timestamp '2026-01-01', interval '-1 month', 3) FROM hand2 $q$);
SELECT pg_temp.err($q$ SELECT churn_series_agg(s::timestamptz, e::timestamptz, timestamptz '2026-01-01', interval '0 seconds', 3) FROM hand2 $q$);
-- bounds must strictly increase: '1 month -30 days' from Jan 1 gives Jan 1,
-- Jan 2, then Mar 1 - 60 days = Dec 31; '1 month -31 days' gives Jan 1, Jan 1
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, e, date '2026-01-01', interval '1 month -30 days', 3) FROM hand2 $q$);
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, e, date '2026-01-01', interval '1 month -31 days', 1) FROM hand2 $q$);
-- date series: no time part in the step
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, e, date '2026-01-01', interval '12 hours', 3) FROM hand2 $q$);
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, e, date '2026-01-01', interval '1 day 1 second', 3) FROM hand2 $q$);
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, e, date '2026-01-01', interval '1 month 00:00:00.000001', 3) FROM hand2 $q$);
-- infinite or too early start, bounds out of range: 22023 or a datetime error
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, e, date 'infinity', interval '1 day', 3) FROM hand2 $q$);
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, e, date '-infinity', interval '1 day', 3) FROM hand2 $q$);
SELECT pg_temp.err($q$ SELECT churn_series_agg(s::timestamp, e::timestamp, timestamp 'infinity', interval '1 day', 3) FROM hand2 $q$);
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, e, date '0001-12-01 BC', interval '1 month', 3) FROM hand2 $q$);
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, e, date '2026-01-01', interval '1000 years', 10000) FROM hand2 $q$);
-- NULL start, step or periods: 22004
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, e, NULL::date, interval '1 month', 3) FROM hand2 $q$);
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, e, date '2026-01-01', NULL, 3) FROM hand2 $q$);
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, e, date '2026-01-01', interval '1 month', NULL) FROM hand2 $q$);
SELECT pg_temp.err($q$ SELECT churn_series_agg(s::timestamptz, e::timestamptz, NULL::timestamptz, interval '1 month', 3) FROM hand2 $q$);
-- ended before started: 22023
SELECT pg_temp.err($q$ SELECT churn_series_agg(date '2026-01-10', date '2026-01-09', date '2026-01-01', interval '1 month', 3) $q$);
SELECT pg_temp.err($q$ SELECT churn_series_agg(timestamp '2020-01-10', timestamp '2020-01-09 23:59:59', timestamp '2026-01-01', interval '1 month', 3) $q$);
-- start, step or periods changing within a group: 22023
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, NULL, st, interval '1 month', 3) FROM (VALUES (date '2025-01-01', date '2026-01-01'), ('2025-01-02', '2026-02-01')) x(s, st) $q$);
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, NULL, date '2026-01-01', st, 3) FROM (VALUES (date '2025-01-01', interval '1 month'), ('2025-01-02', '30 days')) x(s, st) $q$);
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, NULL, date '2026-01-01', interval '1 month', n) FROM (VALUES (date '2025-01-01', 3), ('2025-01-02', 4)) x(s, n) $q$);
SELECT pg_temp.err($q$ SELECT churn_series_agg(s, NULL, date '2026-01-01', interval '1 month', n) FROM (VALUES (date '2025-01-01', 3), ('2025-01-02', NULL)) x(s, n) $q$);
-- ... but may differ between groups
SELECT n, churn_series_agg(s, NULL, date '2026-01-01', interval '1 month', n)
FROM (VALUES (date '2025-01-01', 1), ('2026-01-15', 2)) x(s, n) GROUP BY n ORDER BY n;
-- merging series with different bounds: 22023
SELECT 'v1;bounds=2026-01-01,2026-02-01;at_start=1;churned=0;acquired=0;acquired_ended=0'::churn_series
     + 'v1;bounds=2026-01-01,2026-02-02;at_start=1;churned=0;acquired=0;acquired_ended=0'::churn_series;
SELECT pg_temp.err($q$ SELECT 'v1;bounds=2026-01-01,2026-02-01;at_start=1;churned=0;acquired=0;acquired_ended=0'::churn_series
                            + 'v1;bounds=2026-01-01,2026-02-01,2026-03-01;at_start=1;churned=0,0;acquired=0,0;acquired_ended=0,0'::churn_series $q$);
SELECT pg_temp.err($q$ SELECT rollup(s) FROM (VALUES ((SELECT s FROM ny)), ((SELECT s FROM utc))) x(s) $q$);
SELECT pg_temp.err($q$ SELECT a.s + b.s FROM segs a, (SELECT churn_series_agg(s, e, date '2024-06-01', interval '1 month', 17) s FROM gen_d) b WHERE a.seg = 0 $q$);

-- Malformed text: every one a 22P02 with a detail
SELECT i, pg_temp.err(format('SELECT %L::churn_series', t)) AS result
FROM unnest(ARRAY[
	'',
	'garbage',
	'v1',
	'v2;bounds=2026-01-01,2026-02-01;at_start=1;churned=0;acquired=0;acquired_ended=0',
	'v1;bounds=2026-01-01,2026-02-01;at_start=1;churned=0;acquired=0;acquired_ended=0x',
	'v1;bounds=2026-01-01,2026-02-01;at_start=1;churned=0;acquired=0;acquired_ended=0;extra=1',
	'v1;bounds=2026-01-01,2026-02-01;at_start=1;churned=0;acquired=0',
	'v1;at_start=1;churned=0;acquired=0;acquired_ended=0',
	'v1;bounds=2026-01-01;at_start=1;churned=;acquired=;acquired_ended=',
	'v1;bounds=2026-02-01,2026-01-01;at_start=1;churned=0;acquired=0;acquired_ended=0',
	'v1;bounds=2026-01-01,2026-01-01;at_start=1;churned=0;acquired=0;acquired_ended=0',
	'v1;bounds=2026-01-01,2026-02-01,2026-01-15;at_start=1;churned=0,0;acquired=0,0;acquired_ended=0,0',
	'v1;bounds=2026-01-01,2026-02-01,2026-03-01;at_start=1;churned=0;acquired=0,0;acquired_ended=0,0',
	'v1;bounds=2026-01-01,2026-02-01,2026-03-01;at_start=1;churned=0,0;acquired=0,0,0;acquired_ended=0,0',
	'v1;bounds=2026-01-01,2026-02-01,2026-03-01;at_start=1;churned=0,0;acquired=0,0;acquired_ended=0',
	'v1;bounds=2026-01-01,2026-02-01,2026-03-01;at_start=1;churned=0,0;acquired=0,0;acquired_ended=0,',
	'v1;bounds=2026-01-01,2026-02-01;at_start=1;churned=2;acquired=0;acquired_ended=0',
	'v1;bounds=2026-01-01,2026-02-01,2026-03-01;at_start=1;churned=1,1;acquired=0,0;acquired_ended=0,0',
	'v1;bounds=2026-01-01,2026-02-01,2026-03-01;at_start=2;churned=1,0;acquired=1,0;acquired_ended=1,0;',
	'v1;bounds=2026-01-01,2026-02-01,2026-03-01;at_start=2;churned=1,2;acquired=1,0;acquired_ended=1,0',
	'v1;bounds=2026-01-01,2026-02-01;at_start=1;churned=0;acquired=1;acquired_ended=2',
	'v1;bounds=2026-01-01,2026-02-01;at_start=-1;churned=0;acquired=0;acquired_ended=0',
	'v1;bounds=2026-01-01,2026-02-01;at_start=1;churned=-1;acquired=0;acquired_ended=0',
	'v1;bounds=2026-01-01,2026-02-01;at_start=99999999999999999999;churned=0;acquired=0;acquired_ended=0',
	'v1;bounds=2026-01-01,2026-02-30;at_start=1;churned=0;acquired=0;acquired_ended=0',
	'v1;bounds=2026-01-01,infinity;at_start=1;churned=0;acquired=0;acquired_ended=0',
	'v1;bounds=2026-01-01,2026-02-01 00:00:00;at_start=1;churned=0;acquired=0;acquired_ended=0',
	'v1;bounds=2026-01-01 00:00:00+00,2026-02-01 00:00:00;at_start=1;churned=0;acquired=0;acquired_ended=0',
	'v1;bounds=2026-01-01 00:00:00+01,2026-02-01 00:00:00+01;at_start=1;churned=0;acquired=0;acquired_ended=0',
	'v1;bounds=2026-01-01,,2026-02-01;at_start=1;churned=0,0;acquired=0,0;acquired_ended=0,0'
]) WITH ORDINALITY AS x(t, i)
ORDER BY i;
-- valid edge: S drops to 0 and comes back (hand: 2 - 1 + 1 - 1 = 1, 1 - 1 + 0 - 0 = 0, 0 - 0 + 2 - 0 = 2)
SELECT period, customers_at_start, customers_at_end, churn_rate
FROM churn_periods('v1;bounds=2026-01-01,2026-02-01,2026-03-01,2026-04-01;at_start=2;churned=1,1,0;acquired=1,0,2;acquired_ended=1,0,0'::churn_series);
-- more than 10000 periods in text: 22P02 (the message echoes the input: show code and detail)
SELECT split_part(r, ':', 1) AS sqlstate, substring(r from ' \| ([^|]*)$') AS detail
FROM (SELECT pg_temp.err(format('SELECT %L::churn_series',
	'v1;bounds=' || (SELECT string_agg(to_char(date '2000-01-01' + i, 'YYYY-MM-DD'), ',' ORDER BY i) FROM generate_series(0, 10001) i)
	|| ';at_start=0;churned=' || (SELECT string_agg('0', ',') FROM generate_series(1, 10001))
	|| ';acquired=' || (SELECT string_agg('0', ',') FROM generate_series(1, 10001))
	|| ';acquired_ended=' || (SELECT string_agg('0', ',') FROM generate_series(1, 10001)))) AS r) t;

-- A start per group, with groups interleaved under hash aggregation: every
-- group's series equals the one built for that group alone (the transition
-- keeps several argument sets), and series can be grouped and unioned.
SET enable_sort = off;
CREATE TEMP TABLE inter AS
SELECT i, i % 10 AS k,
       date '2024-01-01' + (i * 37) % 900 AS started_at,
       CASE WHEN i % 3 = 0 THEN date '2024-01-01' + (i * 37) % 900 + (i * 11) % 300 END AS ended_at
FROM generate_series(1, 20000) i;
CREATE TEMP TABLE inter_res AS
SELECT k, churn_series_agg(started_at, ended_at, date '2024-01-01' + k * 7, interval '1 month', 24) AS x
FROM inter GROUP BY k;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE r.x = (SELECT churn_series_agg(started_at, ended_at, date '2024-01-01' + r.k * 7, interval '1 month', 24)
                                      FROM inter WHERE inter.k = r.k)) AS equal_to_alone,
       count(DISTINCT period_start(churn_period(r.x, 1))) AS distinct_starts
FROM inter_res r;
RESET enable_sort;
SELECT count(*) AS distinct_series FROM (SELECT x FROM inter_res UNION SELECT x FROM inter_res) u;
SELECT count(*) AS groups FROM (SELECT x, count(*) FROM inter_res GROUP BY x) g;
