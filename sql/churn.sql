--
-- Churn over one period: churn_agg / churn_rate for date, timestamp and
-- timestamptz, every boundary case of the definitions as a named row, all
-- accessors, Wilson interval and pooled z test recomputed in plain SQL, a
-- generated table checked against count(*) FILTER written straight from the
-- definitions, rollup / + / parallel / window frames, text, binary and jsonb
-- forms, NULL and empty groups, active_at(), and every error.
--
-- Definitions, for a period normalised to [lo, hi):
--   S  customers at start:  started_at < lo AND (ended_at IS NULL OR ended_at >= lo)
--   C  churned:             in S AND ended_at < hi
--   N  acquired:            lo <= started_at < hi
--   NE acquired_ended:      in N AND ended_at < hi
--   E  customers at end:    started_at < hi AND (ended_at IS NULL OR ended_at >= hi)
--   retained = S - C;  churn_rate = C/S;  retention_rate = 1 - C/S;
--   customer_retention_rate = (E - N)/S;  all rates NULL when S = 0.
-- Expected values are worked by hand in the comments and recomputed with
-- plain SQL, never copied from the extension.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA churn;
SET search_path = churn, public;
SET extra_float_digits = 0;
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'UTC';

\i sql/include/err.sql

-- equal within 1e-12, both NULL counts as equal
CREATE FUNCTION pg_temp.near(a float8, b float8) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce((a IS NULL AND b IS NULL) OR abs(a - b) <= 1e-12, false)
$$;
-- Wilson score bound of c/s written out from the formula (sgn -1: lower, +1: upper)
--   centre = (p + z^2/(2s)) / (1 + z^2/s),  half = z sqrt(p(1-p)/s + z^2/(4s^2)) / (1 + z^2/s)
CREATE FUNCTION pg_temp.wilson(c bigint, s bigint, z float8, sgn int) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN s = 0 THEN NULL ELSE
		((c::float8 / s + z ^ 2 / (2 * s)) + sgn * z * sqrt((c::float8 / s) * (1 - c::float8 / s) / s + z ^ 2 / (4.0 * s * s)))
		/ (1 + z ^ 2 / s) END
$$;
-- pooled two-proportion z statistic written out from the formula
CREATE FUNCTION pg_temp.pooled_z(ca bigint, sa bigint, cb bigint, sb bigint) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
	SELECT (ca::float8 / sa - cb::float8 / sb)
	       / sqrt(((ca + cb)::float8 / (sa + sb)) * (1 - (ca + cb)::float8 / (sa + sb)) * (1.0 / sa + 1.0 / sb))
$$;

-- =====================================================================
-- Hand-made customers, period [2026-01-01, 2026-02-01): lo = Jan 1, hi = Feb 1.
-- Each row carries its hand-worked membership (fs = in S, fc = churned,
-- fn = acquired, fne = acquired and ended, fe = customer at end).
-- =====================================================================
CREATE TABLE hand (id int, name text, started_at date, ended_at date,
                   fs int, fc int, fn int, fne int, fe int);
INSERT INTO hand VALUES
-- id  name                   started_at    ended_at       S  C  N NE  E
  ( 1, 'old_active',          '2025-06-01', NULL,          1, 0, 0, 0, 1),
  ( 2, 'start_at_lo',         '2026-01-01', NULL,          0, 0, 1, 0, 1),  -- not < lo, but >= lo
  ( 3, 'start_at_hi',         '2026-02-01', NULL,          0, 0, 0, 0, 0),  -- not < hi
  ( 4, 'end_at_lo',           '2025-05-01', '2026-01-01',  1, 1, 0, 0, 0),  -- ended >= lo: in S; < hi: churned
  ( 5, 'end_at_hi',           '2025-05-01', '2026-02-01',  1, 0, 0, 0, 1),  -- ended not < hi: retained, at end
  ( 6, 'same_inside',         '2026-01-15', '2026-01-15',  0, 0, 1, 1, 0),
  ( 7, 'same_at_lo',          '2026-01-01', '2026-01-01',  0, 0, 1, 1, 0),  -- started not < lo: acquired
  ( 8, 'same_at_hi',          '2026-02-01', '2026-02-01',  0, 0, 0, 0, 0),
  ( 9, 'null_started',        NULL,         '2026-01-10',  0, 0, 0, 0, 0),  -- skipped
  (10, 'null_both',           NULL,         NULL,          0, 0, 0, 0, 0),  -- skipped
  (11, 'ended_before_lo',     '2025-01-01', '2025-12-31',  0, 0, 0, 0, 0),
  (12, 'started_after_hi',    '2026-03-01', NULL,          0, 0, 0, 0, 0),
  (13, 'minus_inf_start',     '-infinity',  NULL,          1, 0, 0, 0, 1),
  (14, 'inf_end',             '2025-03-01', 'infinity',    1, 0, 0, 0, 1),
  (15, 'minus_inf_to_inf',    '-infinity',  'infinity',    1, 0, 0, 0, 1),
  (16, 'minus_inf_churn',     '-infinity',  '2026-01-20',  1, 1, 0, 0, 0),
  (17, 'start_in_end_at_hi',  '2026-01-10', '2026-02-01',  0, 0, 1, 0, 1),
  (18, 'start_in_end_after',  '2026-01-10', '2026-03-01',  0, 0, 1, 0, 1),
  (19, 'churn_inside',        '2025-10-01', '2026-01-31',  1, 1, 0, 0, 0),
  (20, 'same_before_lo',      '2025-12-31', '2025-12-31',  0, 0, 0, 0, 0),
  (21, 'inf_both',            'infinity',   'infinity',    0, 0, 0, 0, 0),
  (22, 'day_before_lo',       '2025-12-31', NULL,          1, 0, 0, 0, 1),
  (23, 'minus_inf_both',      '-infinity',  '-infinity',   0, 0, 0, 0, 0),
  (24, 'start_in_end_in',     '2026-01-05', '2026-01-25',  0, 0, 1, 1, 0),
  (25, 'long_active',         '2020-01-01', NULL,          1, 0, 0, 0, 1);
-- Totals by hand: S = 10 (1 4 5 13 14 15 16 19 22 25), C = 3 (4 16 19),
--   N = 6 (2 6 7 17 18 24), NE = 3 (6 7 24), E = 10 (1 2 5 13 14 15 17 18 22 25);
--   check E = S - C + N - NE = 10 - 3 + 6 - 3 = 10; retained = 7.
--   churn_rate = 0.3, retention_rate = 0.7, customer_retention_rate = (10 - 6)/10 = 0.4
--   std_error = sqrt(0.3 * 0.7 / 10) = 0.144914
--   Wilson 95% (z = 1.959964, S = 10): centre 0.355507, half 0.247715,
--     interval [0.107791, 0.603222]
SELECT sum(fs) AS s, sum(fc) AS c, sum(fn) AS n, sum(fne) AS ne, sum(fe) AS e FROM hand;

-- every row on its own: its summary and whether it matches the hand flags
SELECT h.id, h.name, x.s AS summary,
       customers_at_start(x.s) = h.fs AND churned(x.s) = h.fc AND acquired(x.s) = h.fn
       AND acquired_ended(x.s) = h.fne AND customers_at_end(x.s) = h.fe AS flags_ok
FROM hand h
JOIN (SELECT id, churn_agg(started_at, ended_at, daterange '[2026-01-01,2026-02-01)') s FROM hand GROUP BY id) x USING (id)
ORDER BY h.id;

CREATE TABLE hs AS SELECT churn_agg(started_at, ended_at, daterange '[2026-01-01,2026-02-01)') AS s FROM hand;
SELECT s FROM hs;
SELECT customers_at_start(s) AS s, retained(s), churned(s) AS c, acquired(s) AS n,
       acquired_ended(s) AS ne, customers_at_end(s) AS e,
       churn_rate(s), retention_rate(s), customer_retention_rate(s) AS crr,
       round(std_error(s)::numeric, 6) AS se,
       round(ci_lower(s)::numeric, 6) AS lo, round(ci_upper(s)::numeric, 6) AS hi,
       period_start(s), period_end(s)
FROM hs;
-- the same, recomputed: counts from the hand flags, rates and interval from the formulas
SELECT customers_at_start(s) = (SELECT sum(fs) FROM hand) AS s_ok,
       churned(s) = (SELECT sum(fc) FROM hand) AS c_ok,
       acquired(s) = (SELECT sum(fn) FROM hand) AS n_ok,
       acquired_ended(s) = (SELECT sum(fne) FROM hand) AS ne_ok,
       customers_at_end(s) = (SELECT sum(fe) FROM hand) AS e_ok,
       retained(s) = 7 AS retained_ok,
       pg_temp.near(churn_rate(s), 3.0 / 10) AS rate_ok,
       pg_temp.near(retention_rate(s), 1 - 3.0 / 10) AS retention_ok,
       pg_temp.near(customer_retention_rate(s), (10 - 6) / 10.0) AS crr_ok,
       pg_temp.near(std_error(s), sqrt(0.3 * 0.7 / 10)) AS se_ok,
       pg_temp.near(ci_lower(s), pg_temp.wilson(3, 10, 1.959963984540054, -1)) AS lo_ok,
       pg_temp.near(ci_upper(s), pg_temp.wilson(3, 10, 1.959963984540054, 1)) AS hi_ok,
       pg_temp.near(ci_lower(s, 0.99), pg_temp.wilson(3, 10, 2.5758293035489004, -1)) AS lo99_ok,
       pg_temp.near(ci_upper(s, 0.90), pg_temp.wilson(3, 10, 1.6448536269514722, 1)) AS hi90_ok,
       abs(ci_lower(s) - 0.107791) < 1e-6 AND abs(ci_upper(s) - 0.603222) < 1e-6 AS by_hand_ok,
       period_start(s) = timestamptz '2026-01-01 00:00:00+00' AND period_end(s) = timestamptz '2026-02-01 00:00:00+00' AS bounds_ok
FROM hs;
-- the same with plain FILTER over the table, straight from the definitions
SELECT customers_at_start(s) = count(*) FILTER (WHERE started_at < '2026-01-01' AND (ended_at IS NULL OR ended_at >= '2026-01-01')) AS s_ok,
       churned(s) = count(*) FILTER (WHERE started_at < '2026-01-01' AND ended_at >= '2026-01-01' AND ended_at < '2026-02-01') AS c_ok,
       acquired(s) = count(*) FILTER (WHERE started_at >= '2026-01-01' AND started_at < '2026-02-01') AS n_ok,
       acquired_ended(s) = count(*) FILTER (WHERE started_at >= '2026-01-01' AND started_at < '2026-02-01' AND ended_at < '2026-02-01') AS ne_ok,
       customers_at_end(s) = count(*) FILTER (WHERE started_at < '2026-02-01' AND (ended_at IS NULL OR ended_at >= '2026-02-01')) AS e_ok
FROM hand, hs GROUP BY s;
-- the churn_rate aggregate is churn_rate of the summary
SELECT churn_rate(started_at, ended_at, daterange '[2026-01-01,2026-02-01)') AS rate_agg FROM hand;
-- a 99% interval is wider than the 95% one, a 90% interval narrower
SELECT ci_lower(s, 0.99) < ci_lower(s) AND ci_upper(s, 0.99) > ci_upper(s) AS wider99,
       ci_lower(s, 0.90) > ci_lower(s) AND ci_upper(s, 0.90) < ci_upper(s) AS narrower90
FROM hs;
-- daterange bounds are canonicalised by PostgreSQL itself: '(Dec 31, Jan 31]' is the same period
SELECT churn_agg(started_at, ended_at, daterange '(2025-12-31,2026-01-31]') = (SELECT s FROM hs) AS same_period FROM hand;

-- Wilson at the edges: no churn -> lower bound 0, upper z^2/(S + z^2);
-- everybody churned -> upper bound 1, lower S/(S + z^2); std_error 0 both times.
SELECT ci_lower(s) AS lo, pg_temp.near(ci_upper(s), 1.959963984540054 ^ 2 / (10 + 1.959963984540054 ^ 2)) AS hi_ok,
       std_error(s) AS se, churn_rate(s) AS rate
FROM (SELECT 'v1;period=[2026-01-01,2026-02-01);at_start=10;churned=0;acquired=0;acquired_ended=0'::churn_summary s) t;
SELECT ci_upper(s) AS hi, pg_temp.near(ci_lower(s), 10 / (10 + 1.959963984540054 ^ 2)) AS lo_ok,
       std_error(s) AS se, churn_rate(s) AS rate, retention_rate(s) AS retention
FROM (SELECT 'v1;period=[2026-01-01,2026-02-01);at_start=10;churned=10;acquired=0;acquired_ended=0'::churn_summary s) t;
-- CRR can differ from retention_rate: acquired customers that ended count against it
--   S = 8, C = 2, N = 5, NE = 4 -> E = 7; retention 6/8 = 0.75, CRR (7 - 5)/8 = 0.25
SELECT customers_at_end(s) AS e, retained(s), retention_rate(s), customer_retention_rate(s)
FROM (SELECT 'v1;period=[2026-01-01,2026-02-01);at_start=8;churned=2;acquired=5;acquired_ended=4'::churn_summary s) t;

-- p-value, pooled two-proportion z test.  A = the hand summary (3 of 10).
--   B = 1 of 20: q = 4/30, z = (0.3 - 0.05) / sqrt(q (1 - q) (1/10 + 1/20)) = 1.898886,
--     p = 2 (1 - Phi(1.898886)) = 0.057579 (normal table: Phi(1.90) = 0.97128,
--     2 (1 - 0.97128) = 0.0574 at z = 1.90); 0.057579425261718 = erfc(z / sqrt 2).
--   C = 6 of 20, the same rate: z = 0, p = 1 exactly.
SELECT round(pg_temp.pooled_z(3, 10, 1, 20)::numeric, 6) AS z,
       round(p_value(a, b)::numeric, 6) AS p,
       abs(p_value(a, b) - 0.057579425261718) < 1e-12 AS p_ok,
       p_value(a, b) = p_value(b, a) AS symmetric,
       p_value(a, c) AS equal_rates, p_value(a, a) AS same
FROM (SELECT (SELECT s FROM hs) a,
             'v1;period=[2026-01-01,2026-02-01);at_start=20;churned=1;acquired=3;acquired_ended=0'::churn_summary b,
             'v1;period=[2025-01-01,2025-02-01);at_start=20;churned=6;acquired=0;acquired_ended=0'::churn_summary c) t;
-- Rates near 1 at S = 1e9 keep full precision (the test runs on the exact
-- counts): 999999990 vs 999999970 churned of 1e9.  Reference from exact
-- rationals, z^2 = (ka nb - kb na)^2 N / (na nb K (N - K)), and mpmath at
-- 60 digits: z = 3.162277691791156408, p = 0.0015654020879952235773.  The
-- same test in doubles on the rates is off by 2.9e-9 relative.
SELECT abs(p_value('v1;period=[2026-01-01,2026-02-01);at_start=1000000000;churned=999999990;acquired=0;acquired_ended=0'::churn_summary,
                   'v1;period=[2026-01-01,2026-02-01);at_start=1000000000;churned=999999970;acquired=0;acquired_ended=0')
           / 0.0015654020879952235773 - 1) < 1e-13 AS near_1_ok;
-- periods may differ (c above is January 2025); undefined: S = 0 on either
-- side, or pooled share 0 or 1
SELECT p_value(s, 'v1;period=[2026-01-01,2026-02-01);at_start=0;churned=0;acquired=7;acquired_ended=1') AS empty_side,
       p_value('v1;period=[2026-01-01,2026-02-01);at_start=5;churned=0;acquired=0;acquired_ended=0'::churn_summary,
               'v1;period=[2026-02-01,2026-03-01);at_start=9;churned=0;acquired=0;acquired_ended=0') AS nobody_churned,
       p_value('v1;period=[2026-01-01,2026-02-01);at_start=5;churned=5;acquired=0;acquired_ended=0'::churn_summary,
               'v1;period=[2026-01-01,2026-02-01);at_start=2;churned=2;acquired=0;acquired_ended=0') AS all_churned
FROM hs;

-- =====================================================================
-- timestamp / tsrange: the date rows as midnights plus rows one
-- microsecond either side of the bounds.
-- Flags for [lo, hi) (fs..fe) and for (lo, hi] = [lo + 1us, hi + 1us) (gs..ge).
-- =====================================================================
CREATE TABLE hand_ts (id int, name text, started_at timestamp, ended_at timestamp,
                      fs int, fc int, fn int, fne int, fe int,
                      gs int, gc int, gn int, gne int, ge int);
INSERT INTO hand_ts
SELECT h.id, h.name, h.started_at, h.ended_at, h.fs, h.fc, h.fn, h.fne, h.fe, g.gs, g.gc, g.gn, g.gne, g.ge
FROM hand h JOIN (VALUES
-- (lo, hi]: lo' = Jan 1 00:00:00.000001, hi' = Feb 1 00:00:00.000001
--      S  C  N NE  E
  ( 1,  1, 0, 0, 0, 1),
  ( 2,  1, 0, 0, 0, 1),  -- Jan 1 00:00 < lo': already a customer at the start
  ( 3,  0, 0, 1, 0, 1),  -- Feb 1 00:00 is inside (lo', hi']
  ( 4,  0, 0, 0, 0, 0),  -- ended Jan 1 00:00 < lo'
  ( 5,  1, 1, 0, 0, 0),  -- ended Feb 1 00:00 < hi': churned
  ( 6,  0, 0, 1, 1, 0),
  ( 7,  0, 0, 0, 0, 0),  -- started and ended before lo'
  ( 8,  0, 0, 1, 1, 0),  -- Feb 1 start and end, both inside
  ( 9,  0, 0, 0, 0, 0),
  (10,  0, 0, 0, 0, 0),
  (11,  0, 0, 0, 0, 0),
  (12,  0, 0, 0, 0, 0),
  (13,  1, 0, 0, 0, 1),
  (14,  1, 0, 0, 0, 1),
  (15,  1, 0, 0, 0, 1),
  (16,  1, 1, 0, 0, 0),
  (17,  0, 0, 1, 1, 0),  -- ended Feb 1 00:00 < hi'
  (18,  0, 0, 1, 0, 1),
  (19,  1, 1, 0, 0, 0),
  (20,  0, 0, 0, 0, 0),
  (21,  0, 0, 0, 0, 0),
  (22,  1, 0, 0, 0, 1),
  (23,  0, 0, 0, 0, 0),
  (24,  0, 0, 1, 1, 0),
  (25,  1, 0, 0, 0, 1)) g(id, gs, gc, gn, gne, ge) USING (id);
INSERT INTO hand_ts VALUES
-- id  name                  started_at                      ended_at                        [lo,hi): S C N NE E   (lo,hi]: S C N NE E
  (26, 'start_lo_plus_1us',  '2026-01-01 00:00:00.000001',   NULL,                           0, 0, 1, 0, 1,        0, 0, 1, 0, 1),
  (27, 'end_hi_minus_1us',   '2025-06-01 00:00:00',          '2026-01-31 23:59:59.999999',   1, 1, 0, 0, 0,        1, 1, 0, 0, 0),
  (28, 'end_hi_plus_1us',    '2025-06-01 00:00:00',          '2026-02-01 00:00:00.000001',   1, 0, 0, 0, 1,        1, 0, 0, 0, 1),
  (29, 'end_lo_minus_1us',   '2025-06-01 00:00:00',          '2025-12-31 23:59:59.999999',   0, 0, 0, 0, 0,        0, 0, 0, 0, 0),
  (30, 'start_hi_minus_1us', '2026-01-31 23:59:59.999999',   NULL,                           0, 0, 1, 0, 1,        0, 0, 1, 0, 1),
  (31, 'end_lo_plus_1us',    '2025-06-01 00:00:00',          '2026-01-01 00:00:00.000001',   1, 1, 0, 0, 0,        1, 1, 0, 0, 0),
  (32, 'lo_to_lo_plus_1us',  '2026-01-01 00:00:00',          '2026-01-01 00:00:00.000001',   0, 0, 1, 1, 0,        1, 1, 0, 0, 0);
-- Totals by hand:
--   [lo, hi):  S = 10 + 3 (27 28 31) = 13, C = 3 + 2 (27 31) = 5, N = 6 + 3 (26 30 32) = 9,
--              NE = 3 + 1 (32) = 4, E = 10 + 3 (26 28 30) = 13;  13 - 5 + 9 - 4 = 13
--   (lo, hi]:  rows 1..25: S = 10 (1 2 5 13 14 15 16 19 22 25), C = 3 (5 16 19),
--              N = 6 (3 6 8 17 18 24), NE = 4 (6 8 17 24), E = 9 (1 2 3 13 14 15 18 22 25);
--              with 26..32: S = 14 (+27 28 31 32), C = 6 (+27 31 32), N = 8 (+26 30),
--              NE = 4, E = 12 (+26 28 30);  14 - 6 + 8 - 4 = 12
SELECT sum(fs) AS s, sum(fc) AS c, sum(fn) AS n, sum(fne) AS ne, sum(fe) AS e,
       sum(gs) AS s2, sum(gc) AS c2, sum(gn) AS n2, sum(gne) AS ne2, sum(ge) AS e2
FROM hand_ts;

SELECT h.id, h.name, x.s AS half_open, y.s AS open_closed,
       customers_at_start(x.s) = h.fs AND churned(x.s) = h.fc AND acquired(x.s) = h.fn
       AND acquired_ended(x.s) = h.fne AND customers_at_end(x.s) = h.fe AS flags_ok,
       customers_at_start(y.s) = h.gs AND churned(y.s) = h.gc AND acquired(y.s) = h.gn
       AND acquired_ended(y.s) = h.gne AND customers_at_end(y.s) = h.ge AS flags2_ok
FROM hand_ts h
JOIN (SELECT id, churn_agg(started_at, ended_at, tsrange '[2026-01-01,2026-02-01)') s FROM hand_ts GROUP BY id) x USING (id)
JOIN (SELECT id, churn_agg(started_at, ended_at, tsrange '(2026-01-01,2026-02-01]') s FROM hand_ts GROUP BY id) y USING (id)
ORDER BY h.id;

CREATE TABLE ts_res AS
SELECT churn_agg(started_at, ended_at, tsrange '[2026-01-01,2026-02-01)') AS co,   -- [lo, hi)
       churn_agg(started_at, ended_at, tsrange '(2026-01-01,2026-02-01]') AS oc,   -- (lo, hi]
       churn_agg(started_at, ended_at, tsrange '[2026-01-01,2026-02-01]') AS cc,   -- [lo, hi]
       churn_agg(started_at, ended_at, tsrange '(2026-01-01,2026-02-01)') AS oo,   -- (lo, hi)
       churn_agg(started_at, ended_at, tsrange '[2026-01-01 00:00:00.000001,2026-02-01 00:00:00.000001)') AS oc_norm,
       churn_agg(started_at, ended_at, tsrange '[2026-01-01,2026-02-01 00:00:00.000001)') AS cc_norm,
       churn_agg(started_at, ended_at, tsrange '[2026-01-01 00:00:00.000001,2026-02-01)') AS oo_norm
FROM hand_ts;
SELECT co, oc FROM ts_res;
-- each bound form equals the half-open period written out by hand
SELECT oc = oc_norm AS open_closed_ok, cc = cc_norm AS closed_closed_ok, oo = oo_norm AS open_open_ok,
       co::text = 'v1;period=[2026-01-01 00:00:00,2026-02-01 00:00:00);at_start=13;churned=5;acquired=9;acquired_ended=4' AS co_text_ok,
       oc::text = 'v1;period=[2026-01-01 00:00:00.000001,2026-02-01 00:00:00.000001);at_start=14;churned=6;acquired=8;acquired_ended=4' AS oc_text_ok,
       customers_at_end(co) = 13 AND customers_at_end(oc) = 12 AS e_ok,
       period_start(oc) = timestamptz '2026-01-01 00:00:00.000001+00' AS start_ok
FROM ts_res;
-- the date rows alone (1..25) as timestamps give the date summary's counts
SELECT replace(churn_agg(started_at, ended_at, tsrange '[2026-01-01,2026-02-01)')::text, ' 00:00:00', '') = (SELECT s::text FROM hs) AS same_as_date
FROM hand_ts WHERE id <= 25;
-- FILTER straight from the definitions, for (lo, hi] normalised by hand
SELECT customers_at_start(oc) = count(*) FILTER (WHERE started_at < lo AND (ended_at IS NULL OR ended_at >= lo)) AS s_ok,
       churned(oc) = count(*) FILTER (WHERE started_at < lo AND ended_at >= lo AND ended_at < hi) AS c_ok,
       acquired(oc) = count(*) FILTER (WHERE started_at >= lo AND started_at < hi) AS n_ok,
       acquired_ended(oc) = count(*) FILTER (WHERE started_at >= lo AND started_at < hi AND ended_at < hi) AS ne_ok,
       customers_at_end(oc) = count(*) FILTER (WHERE started_at < hi AND (ended_at IS NULL OR ended_at >= hi)) AS e_ok
FROM hand_ts, ts_res,
     (SELECT timestamp '2026-01-01 00:00:00.000001' lo, timestamp '2026-02-01 00:00:00.000001' hi) b
GROUP BY oc;
-- a one-point period [x, x] is [x, x + 1us) with x = Jan 1 00:00 (by hand):
--   S = 13 as in [lo, hi) (1 4 5 13 14 15 16 19 22 25 27 28 31), C = 1 (row 4 ended at x;
--   row 31 ends at x + 1us, not before it), N = 3 (rows 2 7 32 start at x), NE = 1 (row 7)
SELECT churn_agg(started_at, ended_at, tsrange '[2026-01-01,2026-01-01]') FROM hand_ts;

-- =====================================================================
-- timestamptz / tstzrange: the timestamp rows read as UTC.  The counts
-- do not depend on the session TimeZone; the text form is always UTC.
-- =====================================================================
CREATE TABLE hand_tz AS
SELECT id, name, started_at AT TIME ZONE 'UTC' AS started_at, ended_at AT TIME ZONE 'UTC' AS ended_at
FROM hand_ts;
CREATE TABLE tz_res (zone text, co churn_summary, oc churn_summary);
SET TimeZone = 'UTC';
INSERT INTO tz_res SELECT current_setting('TimeZone'),
       churn_agg(started_at, ended_at, tstzrange('2026-01-01 00:00:00+00', '2026-02-01 00:00:00+00', '[)')),
       churn_agg(started_at, ended_at, tstzrange('2026-01-01 00:00:00+00', '2026-02-01 00:00:00+00', '(]'))
FROM hand_tz;
SET TimeZone = 'America/New_York';
INSERT INTO tz_res SELECT current_setting('TimeZone'),
       churn_agg(started_at, ended_at, tstzrange('2026-01-01 00:00:00+00', '2026-02-01 00:00:00+00', '[)')),
       churn_agg(started_at, ended_at, tstzrange('2026-01-01 00:00:00+00', '2026-02-01 00:00:00+00', '(]'))
FROM hand_tz;
SET TimeZone = 'Asia/Kathmandu';
INSERT INTO tz_res SELECT current_setting('TimeZone'),
       churn_agg(started_at, ended_at, tstzrange('2026-01-01 00:00:00+00', '2026-02-01 00:00:00+00', '[)')),
       churn_agg(started_at, ended_at, tstzrange('2026-01-01 00:00:00+00', '2026-02-01 00:00:00+00', '(]'))
FROM hand_tz;
SELECT zone, co, oc FROM tz_res ORDER BY zone;
-- equal across zones, and equal to the timestamp summaries with '+00' on the bounds
SELECT count(DISTINCT co::text) AS distinct_co, count(DISTINCT oc::text) AS distinct_oc,
       bool_and(replace(co::text, '+00', '') = (SELECT co::text FROM ts_res)) AS co_as_ts,
       bool_and(replace(oc::text, '+00', '') = (SELECT oc::text FROM ts_res)) AS oc_as_ts
FROM tz_res;
-- period_start/period_end are instants: printed in the session zone (here +05:45)
SELECT period_start(oc), period_end(oc) FROM tz_res WHERE zone = 'UTC';
-- a range literal without an offset is read in the session zone: New York
-- midnight is 05:00 UTC, so the stored period says so.  By hand, with
-- lo = Jan 1 05:00 UTC and hi = Feb 1 05:00 UTC: S = 13 (1 2 5 13 14 15 16
-- 19 22 25 26 27 28), C = 5 (5 16 19 27 28 end before Feb 1 05:00),
-- N = 7 (3 6 8 17 18 24 30), NE = 4 (6 8 17 24)
SET TimeZone = 'America/New_York';
SELECT churn_agg(started_at, ended_at, tstzrange '[2026-01-01,2026-02-01)') FROM hand_tz;
-- ... and a row-by-row check in this zone against the flags
SELECT count(*) AS rows,
       count(*) FILTER (WHERE customers_at_start(x.s) = h.fs AND churned(x.s) = h.fc AND acquired(x.s) = h.fn
                        AND acquired_ended(x.s) = h.fne AND customers_at_end(x.s) = h.fe) AS co_match,
       count(*) FILTER (WHERE customers_at_start(y.s) = h.gs AND churned(y.s) = h.gc AND acquired(y.s) = h.gn
                        AND acquired_ended(y.s) = h.gne AND customers_at_end(y.s) = h.ge) AS oc_match
FROM hand_ts h
JOIN (SELECT id, churn_agg(started_at, ended_at, tstzrange('2026-01-01 00:00:00+00', '2026-02-01 00:00:00+00', '[)')) s FROM hand_tz GROUP BY id) x USING (id)
JOIN (SELECT id, churn_agg(started_at, ended_at, tstzrange('2026-01-01 00:00:00+00', '2026-02-01 00:00:00+00', '(]')) s FROM hand_tz GROUP BY id) y USING (id);
SET TimeZone = 'UTC';

-- =====================================================================
-- active_at(): the rule of customers_at_start, at lo; at hi it counts the
-- customers at the end
-- =====================================================================
SELECT count(*) FILTER (WHERE active_at(started_at, ended_at, date '2026-01-01')) = (SELECT customers_at_start(s) FROM hs) AS date_start,
       count(*) FILTER (WHERE active_at(started_at, ended_at, date '2026-02-01')) = (SELECT customers_at_end(s) FROM hs) AS date_end,
       count(*) FILTER (WHERE active_at(started_at, ended_at, date '2026-01-01')) AS n_active
FROM hand;
SELECT count(*) FILTER (WHERE active_at(started_at, ended_at, timestamp '2026-01-01')) = (SELECT customers_at_start(co) FROM ts_res) AS ts_start,
       count(*) FILTER (WHERE active_at(started_at, ended_at, timestamp '2026-02-01')) = (SELECT customers_at_end(co) FROM ts_res) AS ts_end,
       count(*) FILTER (WHERE active_at(started_at, ended_at, timestamp '2026-01-01 00:00:00.000001')) = (SELECT customers_at_start(oc) FROM ts_res) AS ts_start_oc
FROM hand_ts;
SELECT count(*) FILTER (WHERE active_at(started_at, ended_at, timestamptz '2026-01-01 00:00:00+00')) = (SELECT customers_at_start(co) FROM tz_res WHERE zone = 'UTC') AS tz_start,
       count(*) FILTER (WHERE active_at(started_at, ended_at, timestamptz '2026-02-01 00:00:00.000001+00')) = (SELECT customers_at_end(oc) FROM tz_res WHERE zone = 'UTC') AS tz_end_oc
FROM hand_tz;
-- boundary semantics of active_at itself (hand-worked): started at the
-- instant: no; ended at the instant: yes; NULL ended: yes
SELECT active_at(date '2026-01-01', NULL, date '2026-01-01') AS started_at_instant,
       active_at(date '2025-01-01', date '2026-01-01', date '2026-01-01') AS ended_at_instant,
       active_at(date '2025-01-01', date '2025-12-31', date '2026-01-01') AS ended_before,
       active_at(date '2025-01-01', NULL, date '2026-01-01') AS still_customer;

-- =====================================================================
-- NULL and empty groups
-- =====================================================================
-- no rows: NULL summary and NULL rate
SELECT churn_agg(started_at, ended_at, daterange '[2026-01-01,2026-02-01)') IS NULL AS summary_null,
       churn_rate(started_at, ended_at, daterange '[2026-01-01,2026-02-01)') IS NULL AS rate_null
FROM hand WHERE false;
-- only NULL started_at: a zero summary of the period, rates NULL
SELECT s, customers_at_start(s), customers_at_end(s), churn_rate(s), retention_rate(s),
       customer_retention_rate(s), std_error(s), ci_lower(s), ci_upper(s), r AS rate_agg
FROM (SELECT churn_agg(started_at, ended_at, daterange '[2026-01-01,2026-02-01)') s,
             churn_rate(started_at, ended_at, daterange '[2026-01-01,2026-02-01)') r
      FROM hand WHERE started_at IS NULL) t;
SELECT churn_agg(s, e, tsrange '[2026-01-01,2026-02-01)') AS ts_zero
FROM (VALUES (NULL::timestamp, NULL::timestamp), (NULL, '2026-01-05')) x(s, e);
SELECT churn_agg(s, e, tstzrange '[2026-01-01,2026-02-01)') AS tz_zero
FROM (VALUES (NULL::timestamptz, NULL::timestamptz)) x(s, e);
-- acquisitions but nobody at the start: rates NULL, counts there
SELECT s, churn_rate(s), customer_retention_rate(s), acquired(s), customers_at_end(s)
FROM (SELECT churn_agg(started_at, ended_at, daterange '[2026-01-01,2026-02-01)') s
      FROM hand WHERE id IN (2, 6, 17)) t;

-- =====================================================================
-- Generated customers checked against count(*) FILTER from the definitions
-- 6 000 customers, start dates over ~3 years, 40% ended after 0..499 days
-- (0 = same day), every 53rd without a start; timestamps add a time of day
-- (midnight for every 7th customer) and an end time; tstz = timestamp as UTC.
-- =====================================================================
CREATE TABLE gen AS
SELECT i AS id, (i * 13) % 4 AS segment,
       CASE WHEN i % 53 = 0 THEN NULL ELSE date '2023-06-01' + (i * 7919) % 1100 END AS started_at,
       CASE WHEN (i * 7907) % 10 < 4 THEN date '2023-06-01' + (i * 7919) % 1100 + (i * 31) % 500 END AS ended_at,
       CASE WHEN i % 53 = 0 THEN NULL
            ELSE (date '2023-06-01' + (i * 7919) % 1100)
                 + CASE WHEN i % 7 = 0 THEN interval '0' ELSE ((i * 6151) % 86400) * interval '1 second' + (i % 1000) * interval '1 microsecond' END
       END AS started_ts,
       CASE WHEN (i * 7907) % 10 < 4 THEN (date '2023-06-01' + (i * 7919) % 1100)
                 + CASE WHEN i % 7 = 0 THEN interval '0' ELSE ((i * 6151) % 86400) * interval '1 second' + (i % 1000) * interval '1 microsecond' END
                 + (i * 31) % 500 * interval '1 day'
                 + CASE WHEN i % 5 = 0 THEN interval '0' ELSE ((i * 3571) % 86400) * interval '1 second' END
       END AS ended_ts
FROM generate_series(1, 6000) i;
ALTER TABLE gen ADD COLUMN started_tz timestamptz, ADD COLUMN ended_tz timestamptz;
UPDATE gen SET started_tz = started_ts AT TIME ZONE 'UTC', ended_tz = ended_ts AT TIME ZONE 'UTC';
ANALYZE gen;
-- sanity of the generator: NULL starts, same-day ends, ends still open
SELECT count(*) AS customers, count(*) FILTER (WHERE started_at IS NULL) AS no_start,
       count(*) FILTER (WHERE ended_at = started_at) AS same_day,
       count(*) FILTER (WHERE ended_at IS NULL AND started_at IS NOT NULL) AS open,
       count(*) FILTER (WHERE ended_ts < started_ts) AS bad
FROM gen;

-- date periods: each month of 2024-2025, a quarter, a leap-day period, and
-- periods before / after all data (S = 0)
CREATE TABLE dperiods AS
SELECT daterange(m::date, (m + interval '1 month')::date) p
FROM generate_series(timestamp '2024-01-01', '2025-12-01', '1 month') m
UNION ALL VALUES ('[2025-04-01,2025-07-01)'::daterange), ('[2024-02-29,2024-03-01)'), ('[2020-01-01,2020-02-01)'),
                 ('[2030-01-01,2031-01-01)'), ('[2023-06-01,2026-06-05)');
SELECT count(*) AS periods,
       count(*) FILTER (WHERE ok) AS all_ok,
       count(*) FILTER (WHERE xs = 0) AS periods_without_customers
FROM (SELECT xs,
             customers_at_start(s) = xs AND churned(s) = xc AND acquired(s) = xn AND acquired_ended(s) = xne
             AND customers_at_end(s) = xe AND retained(s) = xs - xc
             AND pg_temp.near(churn_rate(s), xc::float8 / nullif(xs, 0))
             AND pg_temp.near(retention_rate(s), 1 - xc::float8 / nullif(xs, 0))
             AND pg_temp.near(customer_retention_rate(s), (xe - xn)::float8 / nullif(xs, 0))
             AND pg_temp.near(std_error(s), sqrt((xc::float8 / nullif(xs, 0)) * (1 - xc::float8 / nullif(xs, 0)) / nullif(xs, 0)))
             AND pg_temp.near(ci_lower(s), pg_temp.wilson(xc, xs, 1.959963984540054, -1))
             AND pg_temp.near(ci_upper(s), pg_temp.wilson(xc, xs, 1.959963984540054, 1))
             AND pg_temp.near(ci_upper(s, 0.8), pg_temp.wilson(xc, xs, 1.2815515655446004, 1))
             AND pg_temp.near(r, xc::float8 / nullif(xs, 0))
             AND period_start(s) = lower(p)::timestamptz AND period_end(s) = upper(p)::timestamptz AS ok
      FROM (SELECT p, churn_agg(started_at, ended_at, p) s, churn_rate(started_at, ended_at, p) r,
                   count(*) FILTER (WHERE started_at < lower(p) AND (ended_at IS NULL OR ended_at >= lower(p))) xs,
                   count(*) FILTER (WHERE started_at < lower(p) AND ended_at >= lower(p) AND ended_at < upper(p)) xc,
                   count(*) FILTER (WHERE started_at >= lower(p) AND started_at < upper(p)) xn,
                   count(*) FILTER (WHERE started_at >= lower(p) AND started_at < upper(p) AND ended_at < upper(p)) xne,
                   count(*) FILTER (WHERE started_at < upper(p) AND (ended_at IS NULL OR ended_at >= upper(p))) xe
            FROM gen CROSS JOIN dperiods GROUP BY p) t) u;
-- one month printed, so the counts can be seen
SELECT churn_agg(started_at, ended_at, daterange '[2025-03-01,2025-04-01)') FROM gen;

-- timestamp periods with every bound form, at midnight and mid-day; lo/hi
-- are the normalised bounds written by hand
CREATE TABLE tperiods (p tsrange, lo timestamp, hi timestamp);
INSERT INTO tperiods
SELECT tsrange(m, m + interval '1 month'), m, m + interval '1 month'
FROM generate_series(timestamp '2024-01-01', '2025-12-01', '1 month') m;
INSERT INTO tperiods VALUES
  ('(2025-03-01 12:00,2025-04-01 12:00]', '2025-03-01 12:00:00.000001', '2025-04-01 12:00:00.000001'),
  ('[2025-03-01 12:00,2025-04-01 12:00]', '2025-03-01 12:00:00',        '2025-04-01 12:00:00.000001'),
  ('(2025-03-01 12:00,2025-04-01 12:00)', '2025-03-01 12:00:00.000001', '2025-04-01 12:00:00'),
  ('(2024-12-31,2025-01-31]',             '2024-12-31 00:00:00.000001', '2025-01-31 00:00:00.000001'),
  ('[2025-06-15 06:30:00.5,2025-06-15 18:45)', '2025-06-15 06:30:00.5', '2025-06-15 18:45:00'),
  ('[2020-01-01,2020-01-02)',             '2020-01-01',                 '2020-01-02');
SELECT count(*) AS periods, count(*) FILTER (WHERE ok) AS all_ok
FROM (SELECT customers_at_start(s) = xs AND churned(s) = xc AND acquired(s) = xn AND acquired_ended(s) = xne
             AND customers_at_end(s) = xe
             AND pg_temp.near(churn_rate(s), xc::float8 / nullif(xs, 0))
             AND pg_temp.near(customer_retention_rate(s), (xe - xn)::float8 / nullif(xs, 0))
             AND pg_temp.near(ci_lower(s), pg_temp.wilson(xc, xs, 1.959963984540054, -1))
             AND period_start(s) = lo::timestamptz AND period_end(s) = hi::timestamptz AS ok
      FROM (SELECT p, lo, hi, churn_agg(started_ts, ended_ts, p) s,
                   count(*) FILTER (WHERE started_ts < lo AND (ended_ts IS NULL OR ended_ts >= lo)) xs,
                   count(*) FILTER (WHERE started_ts < lo AND ended_ts >= lo AND ended_ts < hi) xc,
                   count(*) FILTER (WHERE started_ts >= lo AND started_ts < hi) xn,
                   count(*) FILTER (WHERE started_ts >= lo AND started_ts < hi AND ended_ts < hi) xne,
                   count(*) FILTER (WHERE started_ts < hi AND (ended_ts IS NULL OR ended_ts >= hi)) xe
            FROM gen CROSS JOIN tperiods GROUP BY p, lo, hi) t) u;

-- timestamptz: local months of Europe/Berlin (bounds at 23:00 or 22:00 UTC)
SET TimeZone = 'Europe/Berlin';
SELECT count(*) AS periods, count(*) FILTER (WHERE ok) AS all_ok
FROM (SELECT customers_at_start(s) = xs AND churned(s) = xc AND acquired(s) = xn AND acquired_ended(s) = xne
             AND customers_at_end(s) = xe
             AND pg_temp.near(churn_rate(s), xc::float8 / nullif(xs, 0))
             AND pg_temp.near(ci_upper(s), pg_temp.wilson(xc, xs, 1.959963984540054, 1))
             AND period_start(s) = lo AND period_end(s) = hi AS ok
      FROM (SELECT lo, hi, churn_agg(started_tz, ended_tz, tstzrange(lo, hi)) s,
                   count(*) FILTER (WHERE started_tz < lo AND (ended_tz IS NULL OR ended_tz >= lo)) xs,
                   count(*) FILTER (WHERE started_tz < lo AND ended_tz >= lo AND ended_tz < hi) xc,
                   count(*) FILTER (WHERE started_tz >= lo AND started_tz < hi) xn,
                   count(*) FILTER (WHERE started_tz >= lo AND started_tz < hi AND ended_tz < hi) xne,
                   count(*) FILTER (WHERE started_tz < hi AND (ended_tz IS NULL OR ended_tz >= hi)) xe
            FROM gen CROSS JOIN (SELECT m AS lo, m + interval '1 month' AS hi
                                 FROM generate_series(timestamptz '2024-01-01', '2025-12-01', '1 month') m) b
            GROUP BY lo, hi) t) u;
-- the March 2025 Berlin month in the canonical text: [Feb 28 23:00 UTC, Mar 31 22:00 UTC)
SELECT churn_agg(started_tz, ended_tz, tstzrange('2025-03-01', '2025-04-01')) FROM gen;
SET TimeZone = 'UTC';

-- =====================================================================
-- rollup and + across segments equal the aggregate over all rows
-- =====================================================================
CREATE TABLE seg AS
SELECT segment, churn_agg(started_at, ended_at, daterange '[2025-01-01,2025-04-01)') d,
       churn_agg(started_ts, ended_ts, tsrange '(2025-01-01,2025-04-01]') t,
       churn_agg(started_tz, ended_tz, tstzrange '[2025-01-01 08:00+00,2025-04-01 08:00+00)') z
FROM gen GROUP BY segment;
SELECT (SELECT rollup(d) FROM seg) = churn_agg(started_at, ended_at, daterange '[2025-01-01,2025-04-01)') AS date_rollup,
       (SELECT rollup(t) FROM seg) = churn_agg(started_ts, ended_ts, tsrange '(2025-01-01,2025-04-01]') AS ts_rollup,
       (SELECT rollup(z) FROM seg) = churn_agg(started_tz, ended_tz, tstzrange '[2025-01-01 08:00+00,2025-04-01 08:00+00)') AS tz_rollup
FROM gen;
-- + equals rollup; it is commutative and associative
SELECT a.d + b.d + c.d + e.d = (SELECT rollup(d) FROM seg) AS plus_is_rollup,
       a.t + b.t = b.t + a.t AS commutative,
       (a.z + b.z) + c.z = a.z + (b.z + c.z) AS associative,
       customers_at_start(a.d + b.d) = customers_at_start(a.d) + customers_at_start(b.d) AS counts_add
FROM seg a, seg b, seg c, seg e
WHERE a.segment = 0 AND b.segment = 1 AND c.segment = 2 AND e.segment = 3;
-- counts add field by field (hand: 4+1, 2+0, 3+2, 1+1)
SELECT 'v1;period=[2026-01-01,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=1'::churn_summary
     + 'v1;period=[2026-01-01,2026-02-01);at_start=1;churned=0;acquired=2;acquired_ended=1' AS sum;
-- rollup skips NULL summaries; rollup of nothing is NULL
SELECT rollup(s) FROM (VALUES ('v1;period=[2026-01-01,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=1'::churn_summary),
                              (NULL), ('v1;period=[2026-01-01,2026-02-01);at_start=1;churned=1;acquired=0;acquired_ended=0')) x(s);
SELECT rollup(d) IS NULL AS rollup_of_nothing FROM seg WHERE false;
-- equality sees the period: same counts, another period
SELECT 'v1;period=[2026-01-01,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=1'::churn_summary
     = 'v1;period=[2026-01-01,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=1' AS eq,
       'v1;period=[2026-01-01,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=1'::churn_summary
     = 'v1;period=[2026-01-01,2026-02-02);at_start=4;churned=2;acquired=3;acquired_ended=1' AS eq_other_period,
       'v1;period=[2026-01-01,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=1'::churn_summary
     <> 'v1;period=[2026-01-01,2026-02-01);at_start=4;churned=1;acquired=3;acquired_ended=1' AS ne_other_counts;
-- equal summaries hash equal (hash opclass): the New York and UTC tstz results
SELECT churn_summary_hash(a.co) = churn_summary_hash(b.co) AS hash_equal, a.co = b.co AS equal
FROM tz_res a, tz_res b WHERE a.zone = 'UTC' AND b.zone = 'America/New_York';
SELECT count(*) AS groups FROM (SELECT DISTINCT co FROM tz_res) t;

-- =====================================================================
-- Parallel plans give the same summaries as serial ones (200 000 customers)
-- =====================================================================
CREATE TABLE big AS
SELECT i AS id, i % 5 AS segment,
       date '2023-01-01' + (i * 7919) % 1200 AS started_at,
       CASE WHEN (i * 7907) % 10 < 5 THEN date '2023-01-01' + (i * 7919) % 1200 + (i * 37) % 700 END AS ended_at
FROM generate_series(1, 200000) i;
ALTER TABLE big ADD COLUMN started_ts timestamp, ADD COLUMN ended_ts timestamp;
UPDATE big SET started_ts = started_at + (id % 86400) * interval '1 second',
               ended_ts = ended_at + (id % 86400) * interval '1 second' + (id % 3) * interval '1 hour';
ANALYZE big;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_all AS
SELECT churn_agg(started_at, ended_at, daterange '[2024-06-01,2024-07-01)') d,
       churn_agg(started_ts, ended_ts, tsrange '(2024-06-01,2024-07-01]') t,
       churn_agg(started_ts AT TIME ZONE 'UTC', ended_ts AT TIME ZONE 'UTC', tstzrange '[2024-06-01,2024-09-01)') z,
       churn_rate(started_at, ended_at, daterange '[2024-06-01,2024-07-01)') r
FROM big;
CREATE TABLE serial_seg AS
SELECT segment, churn_agg(started_at, ended_at, daterange '[2024-06-01,2024-07-01)') d FROM big GROUP BY segment;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT churn_agg(started_at, ended_at, daterange '[2024-06-01,2024-07-01)') FROM big;
SELECT d = (SELECT d FROM serial_all) AS date_same,
       t = (SELECT t FROM serial_all) AS ts_same,
       z = (SELECT z FROM serial_all) AS tz_same,
       r = (SELECT r FROM serial_all) AS rate_same,
       customers_at_start(d) AS s, churned(d) AS c
FROM (SELECT churn_agg(started_at, ended_at, daterange '[2024-06-01,2024-07-01)') d,
             churn_agg(started_ts, ended_ts, tsrange '(2024-06-01,2024-07-01]') t,
             churn_agg(started_ts AT TIME ZONE 'UTC', ended_ts AT TIME ZONE 'UTC', tstzrange '[2024-06-01,2024-09-01)') z,
             churn_rate(started_at, ended_at, daterange '[2024-06-01,2024-07-01)') r
      FROM big) p;
SELECT bool_and(s.d = p.d) AS grouped_same, count(*)
FROM serial_seg s JOIN (SELECT segment, churn_agg(started_at, ended_at, daterange '[2024-06-01,2024-07-01)') d
                        FROM big GROUP BY segment) p USING (segment);
-- and the parallel result equals the definitions
SELECT customers_at_start(d) = count(*) FILTER (WHERE started_at < '2024-06-01' AND (ended_at IS NULL OR ended_at >= '2024-06-01')) AS s_ok,
       churned(d) = count(*) FILTER (WHERE started_at < '2024-06-01' AND ended_at >= '2024-06-01' AND ended_at < '2024-07-01') AS c_ok,
       acquired(d) = count(*) FILTER (WHERE started_at >= '2024-06-01' AND started_at < '2024-07-01') AS n_ok,
       acquired_ended(d) = count(*) FILTER (WHERE started_at >= '2024-06-01' AND started_at < '2024-07-01' AND ended_at < '2024-07-01') AS ne_ok
FROM big, serial_all GROUP BY d;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- =====================================================================
-- Window frames (moving aggregate with the inverse function) equal each
-- frame computed on its own
-- =====================================================================
CREATE TABLE win AS SELECT * FROM gen WHERE id <= 1500;
CREATE INDEX ON win (id);
ANALYZE win;
SELECT count(*) AS rows, count(*) FILTER (WHERE x IS NOT DISTINCT FROM y) AS equal
FROM (SELECT id, churn_agg(started_at, ended_at, daterange '[2025-01-01,2025-04-01)')
                 OVER (ORDER BY id ROWS BETWEEN 49 PRECEDING AND CURRENT ROW) x
      FROM win) a
JOIN LATERAL (SELECT churn_agg(started_at, ended_at, daterange '[2025-01-01,2025-04-01)') y
              FROM win b WHERE b.id BETWEEN a.id - 49 AND a.id) b ON true;
SELECT count(*) AS rows, count(*) FILTER (WHERE x IS NOT DISTINCT FROM y) AS equal
FROM (SELECT id, churn_rate(started_ts, ended_ts, tsrange '(2025-01-01,2025-04-01]')
                 OVER (ORDER BY id ROWS BETWEEN 20 PRECEDING AND 10 FOLLOWING) x
      FROM win) a
JOIN LATERAL (SELECT churn_rate(started_ts, ended_ts, tsrange '(2025-01-01,2025-04-01]') y
              FROM win b WHERE b.id BETWEEN a.id - 20 AND a.id + 10) b ON true;
SELECT count(*) AS rows, count(*) FILTER (WHERE x IS NOT DISTINCT FROM y) AS equal
FROM (SELECT id, churn_agg(started_tz, ended_tz, tstzrange '[2025-01-01,2025-04-01)')
                 OVER (ORDER BY id ROWS BETWEEN 5 PRECEDING AND 5 FOLLOWING EXCLUDE CURRENT ROW) x
      FROM win) a
JOIN LATERAL (SELECT churn_agg(started_tz, ended_tz, tstzrange '[2025-01-01,2025-04-01)') y
              FROM win b WHERE b.id BETWEEN a.id - 5 AND a.id + 5 AND b.id <> a.id) b ON true;
-- frames running past the partition end, the last ones empty (NULL)
SELECT count(*) AS rows, count(*) FILTER (WHERE x IS NOT DISTINCT FROM y) AS equal,
       count(*) FILTER (WHERE x IS NULL) AS empty_frames
FROM (SELECT id, churn_agg(started_at, ended_at, daterange '[2025-01-01,2025-04-01)')
                 OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 5 FOLLOWING) x
      FROM win) a
JOIN LATERAL (SELECT churn_agg(started_at, ended_at, daterange '[2025-01-01,2025-04-01)') y
              FROM win b WHERE b.id BETWEEN a.id + 2 AND a.id + 5) b ON true;
-- frames of only NULL starts give the zero summary, as the plain aggregate (hand table ids 9, 10)
SELECT id, churn_agg(started_at, ended_at, daterange '[2026-01-01,2026-02-01)')
           OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s
FROM hand WHERE id BETWEEN 8 AND 11 ORDER BY id;
-- a sliding rollup of stored summaries (rollup's inverse) equals the raw rows
CREATE TABLE buckets AS
SELECT id / 100 AS b, churn_agg(started_at, ended_at, daterange '[2025-01-01,2025-04-01)') s
FROM gen GROUP BY id / 100;
SELECT count(*) AS rows, count(*) FILTER (WHERE x IS NOT DISTINCT FROM y) AS equal
FROM (SELECT b, rollup(s) OVER (ORDER BY b ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) x FROM buckets) a
JOIN LATERAL (SELECT churn_agg(started_at, ended_at, daterange '[2025-01-01,2025-04-01)') y
              FROM gen g WHERE g.id / 100 BETWEEN a.b - 6 AND a.b) g ON true;

-- =====================================================================
-- Text, binary and jsonb forms
-- =====================================================================
-- canonical text of each kind of period; counts go up to 2^62 - 1
SELECT 'v1;period=[2026-01-01,2026-02-01);at_start=10;churned=3;acquired=6;acquired_ended=3'::churn_summary AS date_form;
SELECT 'v1;period=[2026-01-01 00:00:00.000001,2026-02-01 12:30:00);at_start=1;churned=0;acquired=0;acquired_ended=0'::churn_summary AS ts_form;
SELECT 'v1;period=[2026-01-01 05:00:00+00,2026-02-01 05:00:00+00);at_start=0;churned=0;acquired=0;acquired_ended=0'::churn_summary AS tz_form;
SELECT 'v1;period=[2026-01-01,2026-02-01);at_start=4611686018427387903;churned=4611686018427387903;acquired=4611686018427387903;acquired_ended=0'::churn_summary AS largest;
-- + past the largest count: an error, never a value that cannot be read back
SELECT pg_temp.err($q$ SELECT (s + s)::text::churn_summary
                       FROM (SELECT 'v1;period=[2026-01-01,2026-02-01);at_start=4611686018427387903;churned=1;acquired=0;acquired_ended=0'::churn_summary s) t $q$) AS plus_overflow;
-- round trips of every summary built above
SELECT count(*) AS summaries, count(*) FILTER (WHERE s::text::churn_summary = s AND s::text::churn_summary::text = s::text) AS round_trips
FROM (SELECT s FROM hs UNION ALL SELECT co FROM ts_res UNION ALL SELECT oc FROM ts_res
      UNION ALL SELECT co FROM tz_res UNION ALL SELECT oc FROM tz_res
      UNION ALL SELECT d FROM seg UNION ALL SELECT t FROM seg UNION ALL SELECT z FROM seg
      UNION ALL SELECT d FROM serial_all UNION ALL SELECT t FROM serial_all UNION ALL SELECT z FROM serial_all) x(s);
-- text read in another zone is the same value (the text is UTC)
SET TimeZone = 'Pacific/Auckland';
SELECT s::text::churn_summary = s AS round_trip_nz, period_start(s) AS start_in_auckland FROM (SELECT co s FROM tz_res WHERE zone = 'UTC') t;
SET TimeZone = 'UTC';

-- binary round trip through COPY ... (FORMAT binary)
CREATE TABLE bin_src (k int, s churn_summary);
INSERT INTO bin_src
SELECT row_number() OVER (), s
FROM (SELECT s FROM hs UNION ALL SELECT co FROM ts_res UNION ALL SELECT oc FROM ts_res
      UNION ALL SELECT co FROM tz_res UNION ALL SELECT d FROM seg UNION ALL SELECT z FROM seg) x(s);
CREATE TABLE bin_dst (LIKE bin_src);
DO $$
DECLARE f text := current_setting('data_directory') || '/cxkpi_churn_test.bin';
BEGIN
	EXECUTE format('COPY bin_src TO %L WITH (FORMAT binary)', f);
	EXECUTE format('COPY bin_dst FROM %L WITH (FORMAT binary)', f);
END $$;
SELECT count(*) AS rows, count(*) FILTER (WHERE a.s = b.s AND a.s::text = b.s::text) AS equal
FROM bin_src a JOIN bin_dst b USING (k);

-- malformed binary through binary COPY of crafted bytes (the bytea field's
-- bytes are read by churn_summary_recv): truncated, trailing garbage, a
-- value of another type, an empty field
CREATE TABLE recv_t (s churn_summary);
\i sql/include/recv.sql
WITH v AS (SELECT churn_summary_send('v1;period=[2026-01-01,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=1') u)
SELECT label, pg_temp.recv(b) AS result
FROM v, LATERAL (VALUES
	('valid', u),
	('empty', ''::bytea),
	('truncated by one byte', substr(u, 1, length(u) - 1)),
	('half', substr(u, 1, length(u) / 2)),
	('one byte more', u || '\x00'::bytea),
	('an NPS value', nps_summary_send('v1;counts=1,0,0,0,0,0,0,0,0,0,2')),
	('a CSAT value', csat_summary_send('v1;scale=1..5;cutoff=4;counts=1,0,0,0,2'))
) AS t(label, b);
-- Crafted fields.  Byte offsets read off churn_summary_send output: 0 version,
-- 1 kind (1 date, 2 timestamp, 3 timestamptz), 2..9 lo and 10..17 hi (int64
-- microseconds), then S, C, N, NE as int64 (big-endian: the last byte of C
-- is 33, of NE 49).  Valid is S = 4, C = 2, N = 3, NE = 1.
WITH v AS (SELECT churn_summary_send('v1;period=[2026-01-01,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=1') u)
SELECT label, pg_temp.recv(b) AS result
FROM v, LATERAL (VALUES
	('kind 2 (timestamp): valid', set_byte(u, 1, 2)),
	('version 2', set_byte(u, 0, 2)),
	('kind 0', set_byte(u, 1, 0)),
	('kind 4', set_byte(u, 1, 4)),
	('churned 5 > at_start 4', set_byte(u, 33, 5)),
	('acquired_ended 4 > acquired 3', set_byte(u, 49, 4)),
	('negative at_start', set_byte(u, 18, 255)),
	('negative acquired', set_byte(u, 34, 128)),
	('lo = hi', overlay(u placing substr(u, 11, 8) from 3)),
	('lo > hi', overlay(overlay(u placing substr(u, 11, 8) from 3) placing substr(u, 3, 8) from 11)),
	('date period not at midnight (lo + 1us)', set_byte(u, 9, get_byte(u, 9) + 1)),
	('lo far before 0001-01-01', set_byte(u, 2, 255)),
	('hi = infinity', overlay(u placing '\x7fffffffffffffff'::bytea from 11))
) AS t(label, b);

-- jsonb: the period and every accessor by name
SELECT jsonb_pretty(s::jsonb) FROM hs;
SELECT (s::jsonb ->> 'churn_rate')::float8 = churn_rate(s) AS rate_ok,
       (s::jsonb ->> 'retention_rate')::float8 = retention_rate(s) AS retention_ok,
       (s::jsonb ->> 'customer_retention_rate')::float8 = customer_retention_rate(s) AS crr_ok,
       (s::jsonb ->> 'customers_at_start')::bigint = customers_at_start(s) AS s_ok,
       (s::jsonb ->> 'churned')::bigint = churned(s) AS c_ok,
       (s::jsonb ->> 'acquired')::bigint = acquired(s) AS n_ok,
       (s::jsonb ->> 'acquired_ended')::bigint = acquired_ended(s) AS ne_ok,
       (s::jsonb ->> 'customers_at_end')::bigint = customers_at_end(s) AS e_ok,
       (s::jsonb ->> 'retained')::bigint = retained(s) AS retained_ok,
       (s::jsonb ->> 'std_error')::float8 = std_error(s) AS se_ok,
       (s::jsonb ->> 'ci_lower')::float8 = ci_lower(s) AS lo_ok,
       (s::jsonb ->> 'ci_upper')::float8 = ci_upper(s) AS hi_ok
FROM hs;
-- a summary with S = 0 has JSON nulls for the rates
SELECT jsonb_strip_nulls(s::jsonb) = s::jsonb AS no_nulls,
       s::jsonb -> 'churn_rate' AS rate, s::jsonb -> 'customers_at_start' AS s
FROM (SELECT 'v1;period=[2026-01-01,2026-02-01);at_start=0;churned=0;acquired=2;acquired_ended=0'::churn_summary s) t;
SELECT (s::jsonb) - ARRAY['churn_rate', 'retention_rate', 'customer_retention_rate', 'customers_at_start', 'churned',
                          'acquired', 'acquired_ended', 'customers_at_end', 'retained', 'std_error', 'ci_lower', 'ci_upper'] AS other_keys
FROM (SELECT oc s FROM ts_res) x;

-- =====================================================================
-- Errors
-- =====================================================================
-- ended before started: 22023 with the values
SELECT churn_agg(date '2026-01-10', date '2026-01-09', daterange '[2026-01-01,2026-02-01)');
SELECT pg_temp.err($q$ SELECT churn_agg(timestamp '2026-01-10 00:00:00', timestamp '2026-01-09 23:59:59.999999', tsrange '[2026-01-01,2026-02-01)') $q$);
SELECT pg_temp.err($q$ SELECT churn_agg(timestamptz '2026-01-10 00:00:00+00', timestamptz '2026-01-09 23:59:59.999999+00', tstzrange '[2026-01-01,2026-02-01)') $q$);
-- even far from the period, and through churn_rate
SELECT pg_temp.err($q$ SELECT churn_rate(date '2020-01-10', date '2020-01-09', daterange '[2026-01-01,2026-02-01)') $q$);
SELECT pg_temp.err($q$ SELECT churn_agg(s, e, daterange '[2026-01-01,2026-02-01)') FROM (VALUES (date '2025-01-01', date '2025-02-01'), ('infinity', '2026-01-15')) x(s, e) $q$);
-- empty period: 22023
SELECT pg_temp.err($q$ SELECT churn_agg(date '2025-01-01', NULL, daterange 'empty') $q$);
SELECT pg_temp.err($q$ SELECT churn_agg(date '2025-01-01', NULL, daterange '[2026-01-01,2026-01-01)') $q$);
SELECT pg_temp.err($q$ SELECT churn_agg(timestamp '2025-01-01', NULL, tsrange 'empty') $q$);
SELECT pg_temp.err($q$ SELECT churn_agg(timestamptz '2025-01-01', NULL, tstzrange 'empty') $q$);
-- (x, x + 1us) is not empty as a tsrange but empty once normalised to [x + 1us, x + 1us)
SELECT pg_temp.err($q$ SELECT churn_agg(timestamp '2025-01-01', NULL, tsrange '(2026-01-01 00:00:00,2026-01-01 00:00:00.000001)') $q$);
SELECT pg_temp.err($q$ SELECT churn_agg(timestamptz '2025-01-01', NULL, tstzrange '(2026-01-01 00:00:00+00,2026-01-01 00:00:00.000001+00)') $q$);
-- unbounded period: 22023
SELECT pg_temp.err($q$ SELECT churn_agg(date '2025-01-01', NULL, daterange '[2026-01-01,)') $q$);
SELECT pg_temp.err($q$ SELECT churn_agg(date '2025-01-01', NULL, daterange '(,2026-01-01)') $q$);
SELECT pg_temp.err($q$ SELECT churn_agg(timestamp '2025-01-01', NULL, tsrange '(,)') $q$);
SELECT pg_temp.err($q$ SELECT churn_agg(timestamptz '2025-01-01', NULL, tstzrange '[2026-01-01,)') $q$);
-- infinite bound: 22023
SELECT pg_temp.err($q$ SELECT churn_agg(date '2025-01-01', NULL, daterange '[2026-01-01,infinity)') $q$);
SELECT pg_temp.err($q$ SELECT churn_agg(date '2025-01-01', NULL, daterange '[-infinity,2026-01-01)') $q$);
SELECT pg_temp.err($q$ SELECT churn_agg(timestamp '2025-01-01', NULL, tsrange '[2026-01-01,infinity)') $q$);
SELECT pg_temp.err($q$ SELECT churn_agg(timestamptz '2025-01-01', NULL, tstzrange '(-infinity,2026-01-01]') $q$);
-- bounds before 0001-01-01: 22023; 0001-01-01 itself is fine
SELECT pg_temp.err($q$ SELECT churn_agg(date '2025-01-01', NULL, daterange '[0001-12-31 BC,2026-01-01)') $q$);
SELECT pg_temp.err($q$ SELECT churn_agg(timestamp '2025-01-01', NULL, tsrange '[0001-12-31 23:59:59 BC,0001-01-02)') $q$);
SELECT churn_agg(date '0001-01-01', NULL, daterange '[0001-01-01,0001-02-01)');
-- NULL period: 22004
SELECT pg_temp.err($q$ SELECT churn_agg(date '2025-01-01', NULL, NULL::daterange) $q$);
SELECT pg_temp.err($q$ SELECT churn_agg(timestamp '2025-01-01', NULL, NULL::tsrange) $q$);
SELECT pg_temp.err($q$ SELECT churn_rate(timestamptz '2025-01-01', NULL, NULL::tstzrange) $q$);
SELECT pg_temp.err($q$ SELECT churn_agg(s, NULL, p) FROM (VALUES (date '2025-01-01', daterange '[2026-01-01,2026-02-01)'), ('2025-01-02', NULL)) x(s, p) $q$);
-- the period must not change within a group: 22023
SELECT pg_temp.err($q$ SELECT churn_agg(s, NULL, p) FROM (VALUES (date '2025-01-01', daterange '[2026-01-01,2026-02-01)'), ('2025-01-02', '[2026-02-01,2026-03-01)')) x(s, p) $q$);
SELECT pg_temp.err($q$ SELECT churn_agg(s, NULL, p) FROM (VALUES (timestamp '2025-01-01', tsrange '[2026-01-01,2026-02-01)'), ('2025-01-02', '(2026-01-01,2026-02-01)')) x(s, p) $q$);
-- ... and it may differ between groups
SELECT p, churn_agg(s, NULL, p) FROM (VALUES (date '2025-01-01', daterange '[2026-01-01,2026-02-01)'), ('2025-01-02', '[2026-02-01,2026-03-01)')) x(s, p)
GROUP BY p ORDER BY p;
-- merging different periods with + or rollup: 22023 naming both periods
SELECT 'v1;period=[2026-01-01,2026-02-01);at_start=1;churned=0;acquired=0;acquired_ended=0'::churn_summary
     + 'v1;period=[2026-02-01,2026-03-01);at_start=1;churned=0;acquired=0;acquired_ended=0'::churn_summary;
SELECT pg_temp.err($q$ SELECT rollup(s) FROM (VALUES ('v1;period=[2026-01-01 00:00:00,2026-02-01 00:00:00);at_start=1;churned=0;acquired=0;acquired_ended=0'::churn_summary),
                                                     ('v1;period=[2026-01-01 00:00:00.000001,2026-02-01 00:00:00);at_start=1;churned=0;acquired=0;acquired_ended=0')) x(s) $q$);
SELECT pg_temp.err($q$ SELECT a.d + b.d FROM seg a, (SELECT churn_agg(started_at, ended_at, daterange '[2025-01-01,2025-04-02)') d FROM gen) b WHERE a.segment = 0 $q$);
-- bad confidence: 22023 (NULL confidence: NULL, the functions are strict)
SELECT pg_temp.err($q$ SELECT ci_lower(s, 1) FROM hs $q$);
SELECT pg_temp.err($q$ SELECT ci_lower(s, 0) FROM hs $q$);
SELECT pg_temp.err($q$ SELECT ci_upper(s, 1.5) FROM hs $q$);
SELECT pg_temp.err($q$ SELECT ci_upper(s, -0.95) FROM hs $q$);
SELECT pg_temp.err($q$ SELECT ci_lower(s, 'NaN') FROM hs $q$);
SELECT ci_lower(s, NULL) IS NULL AS null_confidence FROM hs;

-- Malformed text: every one a 22P02 with a detail
SELECT i, pg_temp.err(format('SELECT %L::churn_summary', t)) AS result
FROM unnest(ARRAY[
	'',
	'garbage',
	'v1',
	'v2;period=[2026-01-01,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=1',
	'v1;period=[2026-01-01,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=1x',
	'v1;period=[2026-01-01,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=1;extra=0',
	'v1;period=[2026-01-01,2026-02-01);at_start=4;churned=2;acquired=3',
	'v1;period=[2026-01-01,2026-02-01);at_start=4;churned=2;acquired_ended=1',
	'v1;at_start=4;churned=2;acquired=3;acquired_ended=1',
	'v1;period=[2026-01-01,2026-02-01);churned=2;at_start=4;acquired=3;acquired_ended=1',
	'v1;period=[2026-01-01,2026-02-01);at_start=2;churned=3;acquired=3;acquired_ended=1',
	'v1;period=[2026-01-01,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=4',
	'v1;period=[2026-01-01,2026-02-01);at_start=-1;churned=0;acquired=3;acquired_ended=1',
	'v1;period=[2026-01-01,2026-02-01);at_start=4;churned=-2;acquired=3;acquired_ended=1',
	'v1;period=[2026-01-01,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=-1',
	'v1;period=[2026-01-01,2026-02-01);at_start=99999999999999999999;churned=2;acquired=3;acquired_ended=1',
	'v1;period=[2026-01-01,2026-02-01);at_start=;churned=2;acquired=3;acquired_ended=1',
	'v1;period=[2026-02-01,2026-01-01);at_start=4;churned=2;acquired=3;acquired_ended=1',
	'v1;period=[2026-01-01,2026-01-01);at_start=4;churned=2;acquired=3;acquired_ended=1',
	'v1;period=[2026-01-01,2026-02-30);at_start=4;churned=2;acquired=3;acquired_ended=1',
	'v1;period=[2026-13-01,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=1',
	'v1;period=[2026-01-01,2026-02-01];at_start=4;churned=2;acquired=3;acquired_ended=1',
	'v1;period=(2026-01-01,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=1',
	'v1;period=[2026-01-01,);at_start=4;churned=2;acquired=3;acquired_ended=1',
	'v1;period=[-infinity,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=1',
	'v1;period=[2026-01-01,infinity);at_start=4;churned=2;acquired=3;acquired_ended=1',
	'v1;period=[0001-12-31 BC,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=1',
	'v1;period=[2026-01-01 00:00:00,2026-02-01 00:00:00;at_start=4;churned=2;acquired=3;acquired_ended=1',
	'v1;period=[2026-01-01 25:00:00,2026-02-01 00:00:00);at_start=4;churned=2;acquired=3;acquired_ended=1',
	'v1;period=[2026-01-01 00:00:00+00,2026-02-01 00:00:00);at_start=4;churned=2;acquired=3;acquired_ended=1',
	'v1;period=[2026-01-01,2026-02-01 00:00:00);at_start=4;churned=2;acquired=3;acquired_ended=1',
	'v1;period=[2026-01-01 00:00:00+01,2026-02-01 00:00:00+01);at_start=4;churned=2;acquired=3;acquired_ended=1',
	'v1;period=[2026-01-01 00:00:00+00,2026-01-01 00:00:00+00);at_start=4;churned=2;acquired=3;acquired_ended=1'
]) WITH ORDINALITY AS x(t, i)
ORDER BY i;


-- The period as a parameter of a generic prepared plan (decoded once per
-- execution) and as an outer reference of a correlated subquery (a new
-- value on every rescan of the same aggregate): both must give the counts
-- of a constant period, computed here with plain FILTER counts.
SET plan_cache_mode = force_generic_plan;
PREPARE churn_p(daterange) AS
	SELECT customers_at_start(s) || '/' || churned(s) || '/' || acquired(s) || '/' || acquired_ended(s)
	FROM (SELECT churn_agg(started_at, ended_at, $1) s FROM gen) t;
CREATE TEMP TABLE prep_res (p daterange, got text);
INSERT INTO prep_res SELECT p, NULL FROM dperiods;
DO $$
DECLARE r record; v text;
BEGIN
	FOR r IN SELECT p FROM prep_res LOOP
		EXECUTE format('EXECUTE churn_p(%L)', r.p) INTO v;
		UPDATE prep_res SET got = v WHERE p = r.p;
	END LOOP;
END $$;
DEALLOCATE churn_p;
RESET plan_cache_mode;
WITH expected AS (
	SELECT p, count(*) FILTER (WHERE started_at < lower(p) AND (ended_at IS NULL OR ended_at >= lower(p)))
	          || '/' || count(*) FILTER (WHERE started_at < lower(p) AND ended_at >= lower(p) AND ended_at < upper(p))
	          || '/' || count(*) FILTER (WHERE started_at >= lower(p) AND started_at < upper(p))
	          || '/' || count(*) FILTER (WHERE started_at >= lower(p) AND started_at < upper(p) AND ended_at < upper(p)) AS want
	FROM gen CROSS JOIN dperiods GROUP BY p)
SELECT count(*) AS periods,
       count(*) FILTER (WHERE e.want = r.got) AS prepared_ok,
       count(*) FILTER (WHERE e.want = (SELECT customers_at_start(s) || '/' || churned(s) || '/' || acquired(s) || '/' || acquired_ended(s)
                                        FROM (SELECT churn_agg(g.started_at, g.ended_at, e.p) s FROM gen g) t)) AS correlated_ok
FROM expected e JOIN prep_res r USING (p);

-- The jsonb cast gives the accessors' values bit for bit (3 at start, 1
-- churned: retention (3 - 1)/3, customer retention (2 - 0)/3).
SELECT (s::jsonb->>'retention_rate')::float8 = retention_rate(s) AS retention_same,
       (s::jsonb->>'churn_rate')::float8 = churn_rate(s) AS churn_same,
       (s::jsonb->>'customer_retention_rate')::float8 = customer_retention_rate(s) AS crr_same
FROM (SELECT 'v1;period=[2026-01-01,2026-02-01);at_start=3;churned=1;acquired=0;acquired_ended=0'::churn_summary s) x;
