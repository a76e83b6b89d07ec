--
-- Survival: survival_agg for date, timestamp and timestamptz, hand-worked
-- Kaplan-Meier examples (ties, events and censorings at one duration,
-- everyone censored, one customer, duration 0), every accessor, the curve,
-- log-rank tests, a plain-SQL Kaplan-Meier (window functions over
-- per-duration counts) on generated data, rollup / + / parallel / window
-- frames, calendar months, text, binary and jsonb forms, and every error.
--
-- Definitions (t_i the durations with events, n_i customers with duration
-- >= t_i, d_i events at t_i):
--   S(t) = prod over t_i <= t of (1 - d_i / n_i)
--   Greenwood: se(t) = S(t) sqrt(sum over t_i <= t of d_i / (n_i (n_i - d_i)))
--   log-log interval: exp(-exp(log(-log S) -+ z sqrt(sum) / log S))
--   log interval: S exp(-+ z sqrt(sum)), upper clamped to 1
--   plain: S -+ z S sqrt(sum), clamped to [0, 1]
-- Expected values are worked by hand in the comments and recomputed in
-- plain SQL, never copied from the extension; survival_r checks the same
-- accessors against R's survival package.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA surv;
SET search_path = surv, public;
SET extra_float_digits = 0;
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET TimeZone = 'UTC';

\i sql/include/err.sql

-- equal within 1e-12, both NULL counts as equal
CREATE FUNCTION pg_temp.near(a float8, b float8) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce((a IS NULL AND b IS NULL) OR abs(a - b) <= 1e-12, false)
$$;
-- the two-sided 95% normal critical value
CREATE FUNCTION pg_temp.z95() RETURNS float8 LANGUAGE sql IMMUTABLE AS 'SELECT 1.959963984540054::float8';

-- ---------------------------------------------------------------------
-- Hand-worked example 1: ties, and events and censorings at one duration.
-- as_of 2026-01-10, unit 1 day:
--   a 01-01 -> 01-01   event at 0 (duration 0)
--   b 01-01 -> 01-03   event at 2
--   c 01-02 -> 01-04   event at 2 (a tie with b)
--   d 01-08 -> NULL    censored at 2 (as_of - 01-08), same duration as b, c
--   e 01-01 -> 01-06   event at 5
--   f 01-03 -> 01-20   ended after as_of: censored at 7
--   g 01-11 -> NULL    started after as_of: skipped
--   h NULL  -> NULL    no start: skipped
-- t = 0: n 6, d 1:  S = 5/6,               sum = 1/(6*5) = 1/30
-- t = 2: n 5, d 2, c 1: S = 5/6 * 3/5 = 1/2, sum += 2/(5*3): 1/6
-- t = 5: n 2, d 1:  S = 1/4,               sum += 1/(2*1): 2/3
-- t = 7: n 1, c 1:  S stays 1/4
-- median: S = 1/2 exactly from t = 2 until it drops at 5: (2 + 5) / 2 = 3.5
-- restricted mean to 7: 2 * 5/6 + 3 * 1/2 + 2 * 1/4 = 11/3
-- ---------------------------------------------------------------------
CREATE TABLE ex1 (id text, st date, en date);
INSERT INTO ex1 VALUES ('a', '2026-01-01', '2026-01-01'), ('b', '2026-01-01', '2026-01-03'),
	('c', '2026-01-02', '2026-01-04'), ('d', '2026-01-08', NULL), ('e', '2026-01-01', '2026-01-06'),
	('f', '2026-01-03', '2026-01-20'), ('g', '2026-01-11', NULL), ('h', NULL, NULL);
CREATE TABLE s1 AS SELECT survival_agg(st, en, date '2026-01-10') AS s FROM ex1;
SELECT s FROM s1;
SELECT customers(s), total_events(s), total_censored(s), survival_unit(s) FROM s1;
SELECT t, at_risk(s, t), events(s, t), censored(s, t), survival(s, t)
FROM s1, unnest(ARRAY[-1, 0, 1, 1.5, 2, 3, 5, 7, 8, 100]::float8[]) t;
SELECT pg_temp.near(survival(s, 0), 5.0 / 6) AS s0, pg_temp.near(survival(s, 2), 0.5) AS s2,
	   pg_temp.near(survival(s, 5), 0.25) AS s5,
	   pg_temp.near(survival_std_error(s, 0), 5.0 / 6 * sqrt(1.0 / 30)) AS se0,
	   pg_temp.near(survival_std_error(s, 2), 0.5 * sqrt(1.0 / 6)) AS se2,
	   pg_temp.near(survival_std_error(s, 6), 0.25 * sqrt(2.0 / 3)) AS se6,
	   survival_std_error(s, -1) AS se_before_first
FROM s1;
-- the three interval methods at t = 2 (S = 1/2, sum = 1/6) and t = 5 (S = 1/4, sum = 2/3)
SELECT t, m,
	   pg_temp.near(survival_ci_lower(s, t, 0.95, m), CASE m
			WHEN 'log-log' THEN exp(-exp(ln(-ln(sv)) - pg_temp.z95() * sqrt(v) / ln(sv)))
			WHEN 'log' THEN sv * exp(-pg_temp.z95() * sqrt(v))
			ELSE greatest(sv - pg_temp.z95() * sv * sqrt(v), 0) END) AS lower_ok,
	   pg_temp.near(survival_ci_upper(s, t, 0.95, m), CASE m
			WHEN 'log-log' THEN exp(-exp(ln(-ln(sv)) + pg_temp.z95() * sqrt(v) / ln(sv)))
			WHEN 'log' THEN least(sv * exp(pg_temp.z95() * sqrt(v)), 1)
			ELSE least(sv + pg_temp.z95() * sv * sqrt(v), 1) END) AS upper_ok
FROM s1, (VALUES (2, 0.5, 1.0 / 6), (5, 0.25, 2.0 / 3)) p(t, sv, v), unnest(ARRAY['log-log', 'log', 'plain']) m
ORDER BY 1, 2;
-- the default is log-log at 95%; another level: z(0.9) = 1.6448536269514722
SELECT survival_ci_lower(s, 2) = survival_ci_lower(s, 2, 0.95, 'log-log') AS default_lower,
	   survival_ci_upper(s, 2) = survival_ci_upper(s, 2, 0.95, 'log-log') AS default_upper,
	   pg_temp.near(survival_ci_lower(s, 2, 0.9, 'log'), 0.5 * exp(-1.6448536269514722 * sqrt(1.0 / 6))) AS lower_90
FROM s1;
-- median 3.5 (flat at 1/2 from 2 to 5); quantile rule: p = 0.5 the same, p = 0.1:
-- F = 1 - S first >= 0.1 at t = 0 (F = 1/6); p = 0.75: F = 3/4 from t = 5 to
-- the last duration 7, R's quantile midpoint (5 + 7) / 2 = 6; p = 0.9 never
SELECT median_lifetime(s), lifetime_quantile(s, 0.5) AS q50, lifetime_quantile(s, 0.1) AS q10,
	   lifetime_quantile(s, 0.75) AS q75, lifetime_quantile(s, 0.9) AS q90,
	   lifetime_quantile(s, 0) AS q0
FROM s1;
-- restricted means: to 7, 11/3; to 1, 1 * 5/6 (S = 5/6 on [0, 1)); to 0, 0;
-- beyond the last duration S stays 1/4: to 9, 11/3 + 2/4
SELECT pg_temp.near(restricted_mean_lifetime(s, 7), 11.0 / 3) AS rm7,
	   pg_temp.near(restricted_mean_lifetime(s, 1), 5.0 / 6) AS rm1,
	   restricted_mean_lifetime(s, 0) AS rm0,
	   pg_temp.near(restricted_mean_lifetime(s, 9), 11.0 / 3 + 0.5) AS rm9
FROM s1;
-- Its standard error (R's survmean): sum over event times t_i <= horizon
-- with n_i > d_i of A_i^2 d_i / (n_i (n_i - d_i)), A_i the area from t_i to
-- the horizon.  Horizon 7: A(0) = 11/3, A(2) = 3/2 + 1/2 = 2, A(5) = 1/2:
-- var = (11/3)^2 / 30 + 4 * 2/15 + (1/4) * 1/2 = 121/270 + 8/15 + 1/8
SELECT pg_temp.near(restricted_mean_lifetime_std_error(s, 7),
	   sqrt(121.0 / 270 + 8.0 / 15 + 1.0 / 8)) AS rm7_se
FROM s1;
SELECT * FROM survival_curve((SELECT s FROM s1));
SELECT * FROM survival_curve((SELECT s FROM s1), 0.9, 'plain');
SELECT * FROM survival_report((SELECT s FROM s1));
SELECT s::jsonb FROM s1;

-- ---------------------------------------------------------------------
-- Hand-worked examples 2-4.
-- ---------------------------------------------------------------------
-- 2. Everyone censored (3 customers still there): S = 1 everywhere, se 0,
-- the interval [1, 1] (R's log-log gives NA there; cxkpi the degenerate
-- interval), no median, restricted mean = horizon with se 0.
CREATE TABLE s2 AS SELECT survival_agg(st, NULL::date, date '2026-01-10') AS s
FROM (VALUES (date '2026-01-01'), ('2026-01-05'), ('2026-01-10')) v(st);
SELECT s, customers(s), total_events(s), survival(s, 5), survival_std_error(s, 5),
	   survival_ci_lower(s, 5), survival_ci_upper(s, 5), median_lifetime(s),
	   median_lifetime_ci_lower(s), lifetime_quantile(s, 0.5), restricted_mean_lifetime(s, 4),
	   restricted_mean_lifetime_std_error(s, 4)
FROM s2;
-- 3. A single customer, churned after 3 days: S(2) = 1, S(3) = 0 (se and
-- interval undefined: NULL), median 3; restricted mean to 5 is 3, se 0
-- (n = d, the only event term has no variance).
CREATE TABLE s3 AS SELECT survival_agg(date '2026-01-01', date '2026-01-04', date '2026-01-10') AS s;
SELECT s, survival(s, 2), survival(s, 3), survival_std_error(s, 3), survival_ci_lower(s, 3),
	   median_lifetime(s), median_lifetime_ci_lower(s), median_lifetime_ci_upper(s),
	   restricted_mean_lifetime(s, 5), restricted_mean_lifetime_std_error(s, 5)
FROM s3;
-- 4. Duration 0: two customers gone on their first day, one censored on
-- its first day (started on as_of).  t = 0: n 3, d 2: S(0) = 1/3,
-- se = 1/3 sqrt(2 / (3 * 1)); median 0; restricted mean to 2: 2/3.
CREATE TABLE s4 AS SELECT survival_agg(st, en, date '2026-01-10') AS s
FROM (VALUES (date '2026-01-02', date '2026-01-02'), ('2026-01-05', '2026-01-05'), ('2026-01-10', NULL)) v(st, en);
SELECT s, pg_temp.near(survival(s, 0), 1.0 / 3) AS s0, pg_temp.near(survival_std_error(s, 0), sqrt(2.0 / 3) / 3) AS se0,
	   median_lifetime(s), pg_temp.near(restricted_mean_lifetime(s, 2), 2.0 / 3) AS rm2,
	   at_risk(s, 0), events(s, 0), censored(s, 0)
FROM s4;

-- Empty: no rows is NULL; rows that are all skipped give an empty summary
-- whose KPIs are NULL and counts 0.
SELECT survival_agg(st, en, date '2026-01-10') IS NULL AS no_rows FROM ex1 WHERE false;
CREATE TABLE s0 AS SELECT survival_agg(st, en, date '2026-01-10') AS s FROM ex1 WHERE id IN ('g', 'h');
SELECT s, customers(s), survival(s, 1), survival_std_error(s, 1), survival_ci_lower(s, 1), at_risk(s, 1),
	   median_lifetime(s), lifetime_quantile(s, 0.5), restricted_mean_lifetime(s, 3),
	   (SELECT count(*) FROM survival_curve(s)) AS curve_rows
FROM s0;
SELECT * FROM survival_report((SELECT s FROM s0));
SELECT s::jsonb FROM s0;
SELECT survival(s, 'NaN'), at_risk(s, 'NaN') FROM s1;

-- ---------------------------------------------------------------------
-- Log-rank tests.
-- Two groups, a: one event at t = 1; b: one event at t = 2.  t = 1: n 2
-- (one each), d 1: E_a = 1/2, V = 1 * 1/2 * 1/2 * (2 - 1)/(2 - 1) = 1/4;
-- t = 2: only b at risk: E_a += 0, V += 0.  chi2 = (1 - 1/2)^2 / (1/4) = 1
-- on 1 df: p = 2 (1 - Phi(1)) = 0.31731050786291415 (normal tables).
-- ---------------------------------------------------------------------
CREATE TABLE lr AS
SELECT survival_agg(date '2026-01-01', date '2026-01-02', date '2026-01-10') AS a,
	   survival_agg(date '2026-01-01', date '2026-01-03', date '2026-01-10') AS b;
SELECT pg_temp.near(p_value(a, b), 0.31731050786291415) AS two_group,
	   pg_temp.near(p_value(b, a), 0.31731050786291415) AS symmetric,
	   pg_temp.near(logrank_p_value(ARRAY[a, b]), 0.31731050786291415) AS k_group_of_two,
	   p_value(a, a) AS no_variance
FROM lr;
-- Three groups of one customer each, events at 1, 2, 3 (a, b, c).  Per
-- event time (n at risk per group; d = 1):
--   t = 1: n = (1, 1, 1): E = (1/3, 1/3, 1/3)
--   t = 2: n = (0, 1, 1): E = (0, 1/2, 1/2)
--   t = 3: n = (0, 0, 1): E = (0, 0, 1)
-- O - E = (2/3, 1/6, -5/6).  V_gh = sum d (n_g/n)(delta_gh - n_h/n)(n - d)/(n - 1):
--   t = 1: V = (1/3)(I - J/3) * 2/2: diagonal 2/9, off -1/9
--   t = 2: groups b, c: diagonal 1/4, off -1/4 (for b, c)
-- Over groups (b, c) (survdiff drops the first): V = [[2/9 + 1/4, -1/9 - 1/4],
-- [-1/9 - 1/4, 2/9 + 1/4]] = [[17/36, -13/36], [-13/36, 17/36]],
-- u = (1/6, -5/6).  det = (289 - 169)/1296 = 120/1296; V^-1 = (1296/120) *
-- [[17/36, 13/36], [13/36, 17/36]]; chi2 = u' V^-1 u = (1296/120)(17/36 *
-- (1/36 + 25/36) + 2 * 13/36 * (-5/36)) = (1296/120)(442 - 130)/1296 = 312/120
-- = 2.6 on 2 df: p = exp(-2.6 / 2) = exp(-1.3).
CREATE TABLE lr3 AS
SELECT g, survival_agg(date '2026-01-01', date '2026-01-01' + g, date '2026-01-10') AS s
FROM generate_series(1, 3) g GROUP BY g;
SELECT pg_temp.near(logrank_p_value(s), exp(-1.3)) AS aggregate,
	   pg_temp.near(logrank_p_value(s ORDER BY g DESC), exp(-1.3)) AS order_free,
	   pg_temp.near(logrank_p_value(array_agg(s)), exp(-1.3)) AS array_form,
	   pg_temp.near(logrank_p_value(ARRAY[NULL, (SELECT s FROM lr3 WHERE g = 1), (SELECT s FROM lr3 WHERE g = 2)]::survival_summary[]),
					(SELECT p_value(x.s, y.s) FROM lr3 x, lr3 y WHERE x.g = 1 AND y.g = 2)) AS nulls_skipped
FROM lr3;
-- one group or none: NULL; a group with no events anywhere: no test (NULL)
SELECT logrank_p_value(s) FROM lr3 WHERE g = 1;
SELECT logrank_p_value(s) FROM lr3 WHERE false;
SELECT p_value(s, s) AS no_events FROM s2;

-- ---------------------------------------------------------------------
-- Units and calendar months.
-- ---------------------------------------------------------------------
-- Whole months are the months of age(): 2026-01-31 -> 2026-02-28 is 0
-- months (age '28 days'), -> 2026-03-01 is 1 (age '1 mon 1 day').
SELECT survival_agg(date '2026-01-31', date '2026-02-28', date '2026-12-31', '1 month') AS to_feb28,
	   survival_agg(date '2026-01-31', date '2026-03-01', date '2026-12-31', '1 month') AS to_mar1,
	   survival_agg(date '2026-01-31', NULL, date '2026-02-28', '1 month') AS censored_feb28,
	   age(date '2026-02-28', date '2026-01-31') AS age_feb28, age(date '2026-03-01', date '2026-01-31') AS age_mar1;
-- weeks, quarters, hours; timestamps count the time of day
SELECT survival_agg(date '2026-01-01', date '2026-01-14', date '2026-12-31', '1 week') AS w_13_days,
	   survival_agg(date '2026-01-01', date '2026-01-15', date '2026-12-31', '1 week') AS w_14_days,
	   survival_agg(date '2026-01-15', date '2026-07-14', date '2026-12-31', '3 months') AS q_5_months,
	   survival_agg(timestamp '2026-01-01 10:00', timestamp '2026-01-02 09:59', timestamp '2026-12-31', '1 day') AS ts_day_short,
	   survival_agg(timestamp '2026-01-01 10:00', timestamp '2026-01-02 10:00', timestamp '2026-12-31') AS ts_day,
	   survival_agg(timestamp '2026-01-31 12:00', timestamp '2026-02-28 13:00', timestamp '2026-12-31', '1 month') AS ts_month,
	   survival_agg(timestamp '2026-01-01 10:00', timestamp '2026-01-01 15:30', timestamp '2026-12-31', '2 hours') AS ts_hours;
-- timestamptz: months and days follow the session zone's calendar (STABLE).
-- 2026-01-31 23:30 UTC -> 2026-02-28 23:30 UTC: 0 months in UTC; in Tokyo
-- (+09) that is 02-01 08:30 -> 03-01 08:30, 1 month.
SELECT survival_agg(timestamptz '2026-01-31 23:30+00', timestamptz '2026-02-28 23:30+00', timestamptz '2026-12-31 00:00+00', '1 month') AS utc;
SET TimeZone = 'Asia/Tokyo';
SELECT survival_agg(timestamptz '2026-01-31 23:30+00', timestamptz '2026-02-28 23:30+00', timestamptz '2026-12-31 00:00+00', '1 month') AS tokyo;
-- days on the wall clock across a DST change: Berlin 2026-03-28 12:00 ->
-- 03-29 12:00 is 23 hours but one calendar day (age() says '1 day')
SET TimeZone = 'Europe/Berlin';
SELECT survival_agg(timestamptz '2026-03-28 12:00', timestamptz '2026-03-29 12:00', timestamptz '2026-12-31') AS berlin_day,
	   age(timestamptz '2026-03-29 12:00', timestamptz '2026-03-28 12:00') AS age,
	   timestamptz '2026-03-29 12:00' - timestamptz '2026-03-28 12:00' AS elapsed,
	   survival_agg(timestamptz '2026-03-28 12:00', timestamptz '2026-03-29 12:00', timestamptz '2026-12-31', '1 hour') AS hours_elapsed;
-- Durations of 3000 generated timestamp and timestamptz customers (times
-- of day, month ends, leap days, a DST zone) against age() and the wall
-- clock written in plain SQL: whole months = 12 * years + months of age();
-- whole days = floor of the local wall-clock difference in days; hours =
-- floor of the elapsed epoch difference.
SET TimeZone = 'America/New_York';
CREATE TABLE pairs AS
SELECT i, st, st + (i * 7919 % 900000) * interval '1 minute' + (i % 3) * interval '1 month' AS en
FROM generate_series(1, 3000) i,
	 LATERAL (SELECT timestamptz '2023-01-31 00:00' + (i * 104729 % 1200) * interval '1 day'
						+ (i * 31 % 1440) * interval '1 minute' AS st) x;
SELECT count(*) AS customers,
	   count(*) FILTER (WHERE m = (extract(year FROM age(en, st)) * 12 + extract(month FROM age(en, st)))::int) AS tstz_months_equal,
	   count(*) FILTER (WHERE d = floor(extract(epoch FROM (en AT TIME ZONE 'America/New_York') - (st AT TIME ZONE 'America/New_York')) / 86400)) AS tstz_days_equal,
	   count(*) FILTER (WHERE h = floor(extract(epoch FROM en - st) / 3600)) AS tstz_hours_equal,
	   count(*) FILTER (WHERE tm = (extract(year FROM age(en::timestamp, st::timestamp)) * 12
								   + extract(month FROM age(en::timestamp, st::timestamp)))::int) AS ts_months_equal
FROM (SELECT i, st, en,
			 (SELECT t FROM survival_curve(survival_agg(st, en, timestamptz '2100-01-01', '1 month'))) AS m,
			 (SELECT t FROM survival_curve(survival_agg(st, en, timestamptz '2100-01-01', '1 day'))) AS d,
			 (SELECT t FROM survival_curve(survival_agg(st, en, timestamptz '2100-01-01', '1 hour'))) AS h,
			 (SELECT t FROM survival_curve(survival_agg(st::timestamp, en::timestamp, timestamp '2100-01-01', '1 month'))) AS tm
	  FROM pairs GROUP BY i, st, en) q;
SET TimeZone = 'UTC';
SELECT provolatile, count(*) FROM pg_proc
WHERE proname IN ('survival_agg_transfn', 'survival_agg_invfn') GROUP BY 1 ORDER BY 1;

-- ---------------------------------------------------------------------
-- Generated data: a plain-SQL Kaplan-Meier (window functions over the
-- per-duration counts) against the accessors at every duration, in days
-- and in calendar months (durations from age()).
-- ---------------------------------------------------------------------
CREATE TABLE gen AS
SELECT i, i % 4 AS seg, st,
	   CASE WHEN i % 3 = 0 THEN NULL ELSE st + (i * i * 13 % 500) END AS en
FROM generate_series(1, 3000) i, LATERAL (SELECT date '2024-01-01' + (i * 37 % 700) AS st) x;
CREATE FUNCTION pg_temp.plain_km(unit text) RETURNS TABLE (t int, n bigint, d bigint, c bigint, s float8, se float8)
LANGUAGE sql AS $$
	WITH r AS (
		SELECT CASE WHEN en IS NOT NULL AND en <= date '2025-06-30' THEN en ELSE date '2025-06-30' END AS stop,
			   st, en IS NOT NULL AND en <= date '2025-06-30' AS event
		FROM surv.gen WHERE st <= date '2025-06-30'
	), dur AS (
		SELECT CASE WHEN unit = 'day' THEN stop - st
					ELSE (extract(year FROM age(stop, st)) * 12 + extract(month FROM age(stop, st)))::int END AS t,
			   event
		FROM r
	), cnt AS (
		SELECT t, count(*) FILTER (WHERE event) AS d, count(*) FILTER (WHERE NOT event) AS c FROM dur GROUP BY t
	), risk AS (
		SELECT t, d, c, sum(d + c) OVER (ORDER BY t DESC) AS n FROM cnt
	)
	SELECT t, n, d, c,
		   exp(sum(ln(1 - d::float8 / n)) OVER w),
		   exp(sum(ln(1 - d::float8 / n)) OVER w) * sqrt(sum(CASE WHEN d > 0 THEN d::float8 / (n * (n - d)) ELSE 0 END) OVER w)
	FROM risk WINDOW w AS (ORDER BY t)
$$;
CREATE TABLE gs AS
SELECT survival_agg(st, en, date '2025-06-30') AS sd, survival_agg(st, en, date '2025-06-30', '1 month') AS sm FROM gen;
SELECT customers(sd), total_events(sd), (SELECT count(*) FROM pg_temp.plain_km('day')) AS day_durations,
	   (SELECT count(*) FROM pg_temp.plain_km('month')) AS month_durations,
	   (SELECT min(n) FROM pg_temp.plain_km('day')) > 0 AS never_empty
FROM gs;
SELECT u, count(*) AS durations,
	   count(*) FILTER (WHERE at_risk(x, k.t) = k.n AND events(x, k.t) = k.d AND censored(x, k.t) = k.c) AS counts_equal,
	   count(*) FILTER (WHERE abs(survival(x, k.t) - k.s) <= 1e-12) AS survival_equal,
	   count(*) FILTER (WHERE abs(survival_std_error(x, k.t) - k.se) <= 1e-12) AS std_error_equal
FROM gs, LATERAL (VALUES ('day', sd), ('month', sm)) v(u, x), LATERAL pg_temp.plain_km(u) k
GROUP BY u ORDER BY u;
-- the curve SRF is the same table
SELECT count(*) AS rows, bool_and(c.at_risk = k.n AND c.events = k.d AND c.censored = k.c
								  AND abs(c.survival - k.s) <= 1e-12) AS curve_equal
FROM gs, survival_curve(sm) c JOIN pg_temp.plain_km('month') k ON k.t = c.t;
-- restricted mean to 12 months: the area under the plain-SQL steps (S = 1
-- before the first duration, each step's S up to the next duration or 12)
SELECT pg_temp.near(restricted_mean_lifetime(sm, 12),
	   (SELECT min(t) FROM pg_temp.plain_km('month'))
	   + (SELECT sum((least(nxt, 12) - t) * s) FROM (
			SELECT t, s, coalesce(lead(t) OVER (ORDER BY t), 12) AS nxt FROM pg_temp.plain_km('month')) k
		  WHERE t < 12)) AS rmean_12
FROM gs;

-- rollup of per-segment summaries = the aggregate over every row; + the same
CREATE TABLE segs AS SELECT seg, survival_agg(st, en, date '2025-06-30') AS s FROM gen GROUP BY seg;
SELECT (SELECT rollup(s) FROM segs) = sd AS rollup_equal,
	   (SELECT a.s + b.s + c.s + d.s FROM segs a, segs b, segs c, segs d
		WHERE a.seg = 0 AND b.seg = 1 AND c.seg = 2 AND d.seg = 3) = sd AS plus_equal,
	   (SELECT rollup(s ORDER BY seg DESC) FROM segs) = sd AS order_free,
	   (SELECT rollup(s) FROM segs WHERE false) IS NULL AS empty_rollup
FROM gs;
-- k-group log-rank over the four segments, against the plain-SQL survdiff
-- statistic (O - E and V per group, dropping the first, the 3x3 quadratic
-- form solved by Cramer's rule).
CREATE FUNCTION pg_temp.plain_logrank() RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE u float8[] := '{0,0,0,0}'; v float8[] := array_fill(0::float8, ARRAY[4, 4]);
	r record; g int; h int; a float8[]; det float8; chi float8 := 0; x float8[]; m float8[];
BEGIN
	FOR r IN
		WITH dur AS (
			SELECT seg, CASE WHEN en IS NOT NULL AND en <= date '2025-06-30' THEN en ELSE date '2025-06-30' END - st AS t,
				   (en IS NOT NULL AND en <= date '2025-06-30')::int AS ev
			FROM surv.gen WHERE st <= date '2025-06-30'
		), grid AS (
			SELECT t, seg, sum(ev) AS d, count(*) AS nn FROM dur GROUP BY t, seg
		), full_grid AS (
			SELECT t.t, g.seg, coalesce(grid.d, 0) AS d, coalesce(grid.nn, 0) AS nn
			FROM (SELECT DISTINCT t FROM dur) t CROSS JOIN generate_series(0, 3) g(seg)
			LEFT JOIN grid ON grid.t = t.t AND grid.seg = g.seg
		), risk AS (
			SELECT t, seg, d, sum(nn) OVER (PARTITION BY seg ORDER BY t DESC) AS n FROM full_grid
		)
		SELECT t, array_agg(d ORDER BY seg) AS d, array_agg(n ORDER BY seg) AS n, sum(d) AS dt, sum(n) AS nt
		FROM risk GROUP BY t HAVING sum(d) > 0
	LOOP
		FOR g IN 1..4 LOOP
			u[g] := u[g] + r.d[g] - r.dt * r.n[g] / r.nt;
			IF r.nt > 1 THEN
				FOR h IN 1..4 LOOP
					v[g][h] := v[g][h] + r.dt * (r.n[g] / r.nt) * ((CASE WHEN g = h THEN 1 ELSE 0 END) - r.n[h] / r.nt)
								* (r.nt - r.dt) / (r.nt - 1);
				END LOOP;
			END IF;
		END LOOP;
	END LOOP;
	-- groups 2..4: chi = u' V^-1 u with V^-1 = adj(V) / det(V)
	m := ARRAY[v[2][2], v[2][3], v[2][4], v[3][2], v[3][3], v[3][4], v[4][2], v[4][3], v[4][4]];
	det := m[1] * (m[5] * m[9] - m[6] * m[8]) - m[2] * (m[4] * m[9] - m[6] * m[7]) + m[3] * (m[4] * m[8] - m[5] * m[7]);
	a := ARRAY[m[5] * m[9] - m[6] * m[8], m[3] * m[8] - m[2] * m[9], m[2] * m[6] - m[3] * m[5],
			   m[6] * m[7] - m[4] * m[9], m[1] * m[9] - m[3] * m[7], m[3] * m[4] - m[1] * m[6],
			   m[4] * m[8] - m[5] * m[7], m[2] * m[7] - m[1] * m[8], m[1] * m[5] - m[2] * m[4]];
	x := ARRAY[u[2], u[3], u[4]];
	FOR g IN 1..3 LOOP
		FOR h IN 1..3 LOOP
			chi := chi + x[g] * a[(g - 1) * 3 + h] * x[h] / det;
		END LOOP;
	END LOOP;
	RETURN chi;
END $$;
-- erfc(y) by its Taylor series in numeric (60 digits: enough for y <= 6)
CREATE FUNCTION pg_temp.erfc(y numeric) RETURNS numeric LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE term numeric := y; total numeric := y; k int := 0;
BEGIN
	y := round(y, 60);
	LOOP
		k := k + 1;
		term := round(-term * y * y / k, 60);
		EXIT WHEN abs(term) < 1e-50;
		total := total + term / (2 * k + 1);
	END LOOP;
	RETURN 1 - 2 / sqrt(pi()::numeric * 1) * total;
END $$;
-- chi-square upper tail on 3 df: Q(3/2, x/2) = erfc(sqrt(x/2)) + sqrt(2x/pi) exp(-x/2)
SELECT round(chi::numeric, 6) AS chisq_plain,
	   pg_temp.near(logrank_p_value(s),
					(pg_temp.erfc(sqrt(chi::numeric / 2)) + sqrt(2 * chi / pi()) * exp(-chi / 2))::float8) AS p_equal
FROM segs, (SELECT pg_temp.plain_logrank() AS chi) c GROUP BY chi;
-- and the two-group test of segments 0 and 1 on 1 df: p = erfc(sqrt(x/2)),
-- x = (O - E)^2 / V written out for two groups
WITH dur AS (
	SELECT seg, CASE WHEN en IS NOT NULL AND en <= date '2025-06-30' THEN en ELSE date '2025-06-30' END - st AS t,
		   (en IS NOT NULL AND en <= date '2025-06-30')::int AS ev
	FROM gen WHERE st <= date '2025-06-30' AND seg IN (0, 1)
), cnt AS (
	SELECT t, sum(ev) FILTER (WHERE seg = 0) AS d0, count(*) FILTER (WHERE seg = 0) AS c0,
		   sum(ev) AS d, count(*) AS c FROM dur GROUP BY t
), risk AS (
	SELECT t, coalesce(d0, 0) AS d0, d, sum(c0) OVER (ORDER BY t DESC) AS n0, sum(c) OVER (ORDER BY t DESC) AS n FROM cnt
), stat AS (
	SELECT sum(d0 - d * n0::float8 / n) AS u,
		   sum(CASE WHEN n > 1 THEN d * (n0::float8 / n) * (1 - n0::float8 / n) * (n - d) / (n - 1) ELSE 0 END) AS v
	FROM risk WHERE d > 0
)
SELECT pg_temp.near((SELECT p_value(a.s, b.s) FROM segs a, segs b WHERE a.seg = 0 AND b.seg = 1),
					pg_temp.erfc(sqrt((u * u / v)::numeric / 2))::float8) AS two_group_equal
FROM stat;

-- ---------------------------------------------------------------------
-- Parallel = serial (Partial Aggregate in the plan).
-- ---------------------------------------------------------------------
CREATE TABLE big AS SELECT k, st + (k % 7) AS st, en + (k % 7) + (k % 3) AS en, seg FROM gen, generate_series(1, 20) k;
ANALYZE big;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial AS SELECT survival_agg(st, en, date '2025-06-30', '1 week') AS s,
	survival_agg(st::timestamptz, en::timestamptz, timestamptz '2025-06-30 00:00+00', '1 month') AS tz FROM big;
CREATE TABLE serial_lr AS SELECT logrank_p_value(s) AS p FROM (SELECT seg, survival_agg(st, en, date '2025-06-30') s FROM big GROUP BY seg) x;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT survival_agg(st, en, date '2025-06-30', '1 week') FROM big;
SELECT (SELECT survival_agg(st, en, date '2025-06-30', '1 week') FROM big) = s AS parallel_equal,
	   (SELECT survival_agg(st::timestamptz, en::timestamptz, timestamptz '2025-06-30 00:00+00', '1 month') FROM big) = tz AS parallel_tz_equal,
	   customers(s) FROM serial;
EXPLAIN (COSTS OFF) SELECT rollup(s) FROM (SELECT seg, survival_agg(st, en, date '2025-06-30') s FROM big GROUP BY seg) x;
SELECT (SELECT logrank_p_value(s) FROM (SELECT seg, survival_agg(st, en, date '2025-06-30') s FROM big GROUP BY seg) x) = p AS logrank_parallel_equal
FROM serial_lr;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- ---------------------------------------------------------------------
-- Window frames: the inverse is exact (moving frame = recomputed frame).
-- ---------------------------------------------------------------------
SELECT count(*) AS rows,
	   count(*) FILTER (WHERE w = (SELECT survival_agg(g2.st, g2.en, date '2025-06-30', '1 month')
								  FROM gen g2 WHERE g2.i BETWEEN q.i - 5 AND q.i)) AS moving_equal
FROM (SELECT i, survival_agg(st, en, date '2025-06-30', '1 month') OVER (ORDER BY i ROWS 5 PRECEDING) AS w
	  FROM gen WHERE i <= 400) q;
SELECT seg, r = (SELECT rollup(s) FROM segs s2 WHERE s2.seg BETWEEN q.seg - 1 AND q.seg) AS rollup_frame_equal
FROM (SELECT seg, rollup(s) OVER (ORDER BY seg ROWS 1 PRECEDING) AS r FROM segs) q ORDER BY seg;
-- a frame that empties and refills (skipped rows only in between)
SELECT i, w FROM (
	SELECT i, survival_agg(st, en, date '2026-01-10') OVER (ORDER BY i ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS w
	FROM (VALUES (1, date '2026-01-01', date '2026-01-03'), (2, NULL, NULL), (3, '2026-01-20', NULL), (4, '2026-01-05', NULL)) v(i, st, en)
) q ORDER BY i;

-- ---------------------------------------------------------------------
-- Text, binary and jsonb forms.
-- ---------------------------------------------------------------------
SELECT s::text::survival_summary = s AS text_round_trip, s::text::survival_summary::text = s::text AS canonical FROM s1;
SELECT 'v1;days=1;points='::survival_summary AS empty,
	   'v1;months=3;points=0:1:0,12:0:5'::survival_summary AS quarters,
	   'v1;us=3600000000;points=2:4611686018427387904:0'::survival_summary AS max_count,
	   'v1;days=2147483647;points=2147483647:1:1'::survival_summary AS max_duration,
	   survival_unit('v1;us=3600000000;points='::survival_summary) AS hours;
-- The aggregate's working form (dense slots) is a value of the type too:
-- the state of an aggregate without a final function.  Every function reads
-- it; it prints, sends and compares as the packed form.  Called directly,
-- the transition and combine functions return the packed form.
CREATE AGGREGATE pg_temp.state_of(date, date, date) (SFUNC = survival_agg_transfn, STYPE = survival_summary);
SELECT w::text = s::text AS same_text, w = s AS equal, survival_summary_hash(w) = survival_summary_hash(s) AS same_hash,
	   survival_summary_send(w) = survival_summary_send(s) AS same_binary,
	   survival(w, 2) = survival(s, 2) AND median_lifetime(w) = median_lifetime(s) AS same_accessors,
	   pg_column_size(w) > pg_column_size(s) AS working_is_larger,
	   (w + s) = (s + s) AS plus
FROM (SELECT pg_temp.state_of(st, en, date '2026-01-10') AS w FROM ex1) a, s1;
SELECT pg_column_size(survival_agg_transfn(NULL, date '2026-01-01', date '2026-01-04', date '2026-01-10'))
	   = pg_column_size('v1;days=1;points=3:1:0'::survival_summary) AS direct_call_packed,
	   pg_column_size(survival_summary_combine(s, s)) = pg_column_size(s + s) AS combine_packed
FROM s1;
-- equal values, equal text, equal hash; different unit, different value
SELECT a = b AS eq, a <> b AS ne, survival_summary_hash(a) = survival_summary_hash(b) AS same_hash
FROM (SELECT 'v1;days=1;points=0:1:0'::survival_summary a, survival_agg(date '2026-01-01', date '2026-01-01', date '2026-01-02') b) x;
SELECT 'v1;days=1;points=0:1:0'::survival_summary = 'v1;days=7;points=0:1:0'::survival_summary AS other_unit;
SELECT count(*) AS distinct_segments FROM (SELECT s FROM (SELECT s FROM segs UNION ALL SELECT s FROM segs) x GROUP BY s) y;
-- malformed text: 22P02 with a detail
SELECT v, pg_temp.err(format('SELECT %L::survival_summary', v)) AS result
FROM unnest(ARRAY[
	'', 'v2;days=1;points=', 'v1;weeks=1;points=', 'v1;days=0;points=', 'v1;days=-1;points=',
	'v1;days=2147483648;points=', 'v1;days=1', 'v1;days=1;points=1:1', 'v1;days=1;points=1:0:0',
	'v1;days=1;points=2:1:0,1:1:0', 'v1;days=1;points=1:1:0,1:1:0', 'v1;days=1;points=1:1:0,',
	'v1;days=1;points=1:1:0 ', ' v1;days=1;points=', 'v1;days=1;points=2147483648:1:0',
	'v1;days=1;points=-1:1:0', 'v1;days=1;points=0:4611686018427387905:0',
	'v1;days=1;points=0:4611686018427387904:0,1:1:0', 'v1;days=01;points=', 'v1;days=1;points=00:1:0', 'v1;days=1;points=0:1:0x'
]) v;
-- binary COPY round trip of every summary of this suite
CREATE TABLE recv_t (s survival_summary);
\i sql/include/recv.sql
CREATE TABLE rt AS SELECT s FROM s1 UNION ALL SELECT s FROM s0 UNION ALL SELECT sd FROM gs UNION ALL SELECT sm FROM gs
	UNION ALL SELECT s FROM segs UNION ALL SELECT 'v1;us=3600000000;points=2:4611686018427387904:0';
SELECT count(*) AS values, bool_and(pg_temp.recv(survival_summary_send(s)) = s::text) AS binary_round_trip FROM rt;
-- the binary form is the packed layout: version 1, flags 0, unit kind
-- (1 months, 2 days, 3 us), varint amount, varint m, then m (gap, d, c)
SELECT survival_summary_send('v1;days=1;points=0:1:0,3:0:2'::survival_summary) AS bytes;
-- malformed binary: 22P03
SELECT label, pg_temp.recv(b) AS result FROM (VALUES
	('valid', '\x0100020102000100020002'::bytea),
	('too short', '\x01000201'),
	('version 2', '\x0200020100'),
	('flags', '\x0101020100'),
	('unit kind 4', '\x0100040100'),
	('unit amount 0', '\x0100020000'),
	('more points than bytes', '\x010002010500010002'),
	('trailing byte', '\x0100020101000100ff'),
	('overlong varint', '\x010002810001000100'),
	('empty point', '\x0100020101000000'),
	('duration beyond 2^31 - 1', '\x01000201018080808008010000'),
	('days amount beyond int32', '\x010002808080800801000100'),
	('truncated point', '\x010002010100')
) v(label, b);
-- jsonb carries every scalar accessor and the curve
SELECT jsonb_pretty(s::jsonb) FROM s4;
-- the unit in jsonb does not follow IntervalStyle (the cast is IMMUTABLE)
SET IntervalStyle = 'iso_8601';
SELECT s::jsonb -> 'unit' AS unit, survival_unit(s) AS unit_iso FROM (VALUES ('v1;days=1;points='::survival_summary),
	('v1;months=3;points='), ('v1;us=3600000000;points=')) v(s);
RESET IntervalStyle;
SET IntervalStyle = 'postgres';
SELECT (s::jsonb) ->> 'median_lifetime' = median_lifetime(s)::text AS median_in_json,
	   jsonb_array_length((s::jsonb) -> 'curve') = (SELECT count(*) FROM survival_curve(s)) AS curve_rows
FROM s1;
-- the report row, as a dashboard reads it
SELECT seg, r.* FROM segs CROSS JOIN LATERAL survival_report(segs.s, 0.9) r ORDER BY seg;
SELECT pg_temp.near(r.median_lifetime_ci_lower, median_lifetime_ci_lower(s, 0.9)) AND
	   pg_temp.near(r.median_lifetime_ci_upper, median_lifetime_ci_upper(s, 0.9)) AND
	   r.customers = customers(s) AS report_matches
FROM gs CROSS JOIN LATERAL survival_report(gs.sm, 0.9) r, LATERAL (SELECT gs.sm AS s) x;

-- ---------------------------------------------------------------------
-- Errors.
-- ---------------------------------------------------------------------
SELECT q, pg_temp.err(q) AS result FROM unnest(ARRAY[
	$$SELECT survival_agg(date '2026-01-01', NULL, date '2026-02-01', '1 month 3 days')$$,
	$$SELECT survival_agg(date '2026-01-01', NULL, date '2026-02-01', '0 days')$$,
	$$SELECT survival_agg(date '2026-01-01', NULL, date '2026-02-01', '-1 day')$$,
	$$SELECT survival_agg(date '2026-01-01', NULL, date '2026-02-01', '1 day -1 hour')$$,
	$$SELECT survival_agg(date '2026-01-01', NULL, date '2026-02-01', NULL)$$,
	$$SELECT survival_agg(date '2026-01-01', NULL, NULL)$$,
	$$SELECT survival_agg(date '2026-01-05', date '2026-01-04', date '2026-02-01')$$,
	$$SELECT survival_agg(timestamptz '2026-01-05', timestamptz '2026-01-04', timestamptz '2026-02-01')$$,
	$$SELECT survival_agg(date '2026-01-01', NULL, date 'infinity')$$,
	$$SELECT survival_agg(date '-infinity', NULL, date '2026-02-01')$$,
	$$SELECT survival_agg(timestamp '2026-01-01', NULL, timestamp '2026-02-01', '1 microsecond')$$,
	$$SELECT survival_agg(st, en, as_of, u) FROM (VALUES (date '2026-01-01', NULL::date, date '2026-02-01', interval '1 day'), ('2026-01-01', NULL, '2026-02-01', '2 days')) v(st, en, as_of, u)$$,
	$$SELECT survival_agg(date '2026-01-01' + i, NULL, date '2026-01-01' + 100000) FROM generate_series(0, 100000) i$$,
	$$SELECT a.s + b.s FROM surv.s1 a, (SELECT 'v1;months=1;points=0:1:0'::survival_summary s) b$$,
	$$SELECT rollup(s) FROM (SELECT s FROM surv.s1 UNION ALL SELECT 'v1;months=1;points=0:1:0') x$$,
	$$SELECT p_value(s, 'v1;days=7;points=0:1:0') FROM surv.s1$$,
	$$SELECT logrank_p_value(ARRAY[s, s, 'v1;days=7;points=0:1:0']) FROM surv.s1$$,
	$$SELECT lifetime_quantile(s, 1.5) FROM surv.s1$$,
	$$SELECT lifetime_quantile(s, 'NaN') FROM surv.s1$$,
	$$SELECT restricted_mean_lifetime(s, -1) FROM surv.s1$$,
	$$SELECT restricted_mean_lifetime_std_error(s, 'infinity'::float8) FROM surv.s1$$,
	$$SELECT survival_ci_lower(s, 2, 1.0) FROM surv.s1$$,
	$$SELECT survival_ci_upper(s, 2, 0.95, 'logit') FROM surv.s1$$,
	$$SELECT median_lifetime_ci_lower(s, 0) FROM surv.s1$$,
	$$SELECT median_lifetime_ci_upper(s, 0.95, 'Log') FROM surv.s1$$,
	$$SELECT * FROM survival_curve((SELECT s FROM surv.s1), 2)$$,
	$$SELECT * FROM survival_curve((SELECT s FROM surv.s1), 0.95, 'arcsin')$$,
	$$SELECT * FROM survival_report((SELECT s FROM surv.s1), -0.5)$$,
	$$SELECT 'v1;days=1;points=0:4611686018427387904:0'::survival_summary + 'v1;days=1;points=5:0:1'$$,
	$$SELECT rollup(s) FROM (VALUES ('v1;days=1;points=0:4611686018427387904:0'::survival_summary), ('v1;days=1;points=0:1:0')) v(s)$$,
	$$SELECT logrank_p_value(s) FROM (SELECT g, survival_agg(date '2026-01-01', date '2026-01-01' + g % 5, date '2026-02-01') s FROM generate_series(1, 1025) g GROUP BY g) x$$
]) q;
-- the 100 000 distinct durations bound is exact: 100 000 fit (with a unit
-- of 1 day up to 2^17 days the dense form, beyond it the sorted list)
SELECT customers(s), (SELECT count(*) FROM survival_curve(s)) AS durations, pg_column_size(s) AS bytes
FROM (SELECT survival_agg(date '2026-01-01' + 2 * i, NULL, date '2026-01-01' + 200000) AS s FROM generate_series(0, 99999) i) x;

-- ---------------------------------------------------------------------
-- The k-group log-rank test costs O(k) per point, not O(k^2) per
-- duration: 1024 groups of 40 points whose durations interleave
-- (j * 1024 + g: 40 960 distinct durations, 23 480 with an event) took
-- 2.5e10 steps before (26 s with ASan, and not cancellable), 1 s now.
-- Groups 0..149 have an event at every point, the others at even j only
-- (censored at odd j).  R 4.2.2, survival 3.5.3:
--   K <- 1024; J <- 40; g <- rep(0:(K-1), each = J); j <- rep(0:(J-1), K)
--   survdiff(Surv(j * K + g, as.integer(g < 150 | j %% 2 == 0)) ~ factor(g))
--   chisq 2613.7141998708812 on 1023 df, p = 1.0250303854111113e-139
-- ---------------------------------------------------------------------
CREATE TABLE lr1024 AS
SELECT g, ('v1;days=1;points=' ||
		   string_agg((j * 1024 + g) || CASE WHEN g < 150 OR j % 2 = 0 THEN ':1:0' ELSE ':0:1' END, ',' ORDER BY j)
		  )::survival_summary AS s
FROM generate_series(0, 1023) g, generate_series(0, 39) j GROUP BY g;
SET statement_timeout = '5s';
SELECT abs(logrank_p_value(s) / 1.0250303854111113e-139 - 1) < 1e-9 AS matches_r FROM lr1024;
RESET statement_timeout;
SELECT (SELECT logrank_p_value(s ORDER BY g DESC) FROM lr1024) = logrank_p_value(s) AS order_free FROM lr1024;

-- A confidence below 2^-53 (1 - confidence rounds to 1, z = 0) is the
-- degenerate interval [S, S], as R's survfit gives it, not NULL: six
-- customers with one event each at 0..5 have S(2) = 3/6 = 0.5 and the
-- median (2 + 3) / 2 = 2.5 (S is 0.5 on [2, 3)); R 4.2.2, survival 3.5.3:
-- quantile(survfit(Surv(0:5, rep(1, 6)) ~ 1, conf.int = 1e-300), 0.5)
-- gives 2.5 with lower 2.5 and upper 2.5; the curve's intervals are its
-- S at the five durations with S > 0 (exp(log S) may differ in the last
-- bit; none at S = 0, as R's NA).
SELECT m, survival_ci_lower(s, 2, 1e-17, m) AS lo, survival_ci_upper(s, 2, 1e-300, m) AS hi,
       median_lifetime_ci_lower(s, 1e-300, m) AS median_lo, median_lifetime_ci_upper(s, 1e-17, m) AS median_hi,
       (SELECT count(ci_lower) FROM survival_curve(s, 1e-300, m) c WHERE abs(c.ci_lower - c.survival) <= 1e-15 AND abs(c.ci_upper - c.survival) <= 1e-15) AS curve_points
FROM (SELECT 'v1;days=1;points=0:1:0,1:1:0,2:1:0,3:1:0,4:1:0,5:1:0'::survival_summary AS s) x,
     unnest(ARRAY['log-log', 'log', 'plain']) m;
