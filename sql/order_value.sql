--
-- Order values: order_value_summary, order_value_agg, the AOV accessors,
-- the two-group comparisons, exact money, parallel plans, rollup, moving
-- windows, text and binary I/O, and every error.
-- Expected values are worked by hand in the comments, recomputed with plain
-- SQL (avg, stddev_samp, sum, min, max on numeric), or computed by R
-- (sql/include/order_value_r.sql, written by tests/r/gen_order_value_r.R);
-- never copied from the extension.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA ov;
SET search_path = ov, public;
SET extra_float_digits = 0;

\i sql/include/err.sql

-- ---------------------------------------------------------------------
-- Hand-worked: set A = 19.99, 5.00, 120.50, 0.01, -15.00, 42 (and a NULL)
--   orders 6 (the NULL skipped), refunds 1 (-15.00)
--   total 172.50; aov = 172.50 / 6 = 28.75
--   deviations -8.76, -23.75, 91.75, -28.74, -43.75, 13.25; squares
--   76.7376 + 564.0625 + 8418.0625 + 825.9876 + 1914.0625 + 175.5625
--   = 11974.4752; variance 11974.4752 / 5 = 2394.89504;
--   std_dev = sqrt(2394.89504) = 48.9376648400800 (to 13 digits);
--   std_error = 48.93766484008 / sqrt(6) = 19.9787180102562
--   t(0.975, 5 df) = 2.57058183563631 (tables); margin 51.3569296164645;
--   95% interval [28.75 - 51.3569, 28.75 + 51.3569] = [-22.6069296164645, 80.1069296164645]
--   sum of squares 399.6001 + 25 + 14520.25 + 0.0001 + 225 + 1764 = 16933.8502
-- Set B = 10, 20, 30: aov 20, variance 100, std_dev 10, std_error
--   10 / sqrt(3) = 5.77350269189626; t(0.975, 2) = 4.30265272974946;
--   margin 24.8413771175033; interval [-4.8413771175033, 44.8413771175033]
-- ---------------------------------------------------------------------
CREATE TABLE orders_ab (grp text, amount numeric);
INSERT INTO orders_ab VALUES
	('a', 19.99), ('a', 5.00), ('a', 120.50), ('a', 0.01), ('a', -15.00), ('a', 42), ('a', NULL),
	('b', 10), ('b', 20), ('b', 30);
CREATE TABLE ab AS
SELECT (SELECT order_value_agg(amount) FROM orders_ab WHERE grp = 'a') AS a,
       (SELECT order_value_agg(amount) FROM orders_ab WHERE grp = 'b') AS b;

SELECT a::text FROM ab;
SELECT b::text FROM ab;
SELECT orders(a) = 6 AS orders_6, refunds(a) = 1 AS refunds_1,
       total(a) = 172.50 AS total_172_50, aov(a) = 28.75 AS aov_28_75,
       min_value(a) = -15 AS min_m15, max_value(a) = 120.5 AS max_120_5,
       abs(std_dev(a) - 48.9376648400800) < 1e-12 AS sd,
       abs(std_error(a) - 19.9787180102562) < 1e-12 AS se,
       abs(margin_of_error(a) - 51.3569296164645) < 1e-11 AS moe,
       abs(ci_lower(a) - -22.6069296164645) < 1e-11 AS lo,
       abs(ci_upper(a) - 80.1069296164645) < 1e-11 AS hi
FROM ab;
SELECT orders(b) = 3 AS orders_3, refunds(b) = 0 AS refunds_0, total(b) = 60 AS total_60,
       aov(b) = 20 AS aov_20, std_dev(b) = 10 AS sd_10,
       abs(std_error(b) - 5.77350269189626) < 1e-13 AS se,
       abs(margin_of_error(b) - 24.8413771175033) < 1e-12 AS moe,
       abs(ci_lower(b) - -4.8413771175033) < 1e-12 AS lo,
       abs(ci_upper(b) - 44.8413771175033) < 1e-12 AS hi
FROM ab;
-- 90%: t(0.95, 2) = 2.91998558035372 (R qt); margin 2.91998558035372 *
-- 5.77350269189626 = 16.8585446084705
SELECT abs(margin_of_error(b, 0.90) - 16.8585446084705) < 1e-12 AS moe_90,
       abs(ci_upper(b, 0.90) - ci_lower(b, 0.90) - 2 * 16.8585446084705) < 1e-11 AS width_90
FROM ab;

-- Two groups, a against b:
--   mean_difference = 28.75 - 20 = 8.75
--   Welch: va = 2394.89504 / 6 = 399.14917, vb = 100 / 3; se = sqrt(432.482503...)
--   = 20.79621...; t = 0.42075; df = se^4 / (va^2/5 + vb^2/2) = 5.769;
--   R: t.test(a, b) p = 0.68915843015557776, 95% interval
--   [-42.633640293152787, 60.133640293152787]
--   relative_lift = 28.75 / 20 - 1 = 0.4375; b's t interval [-4.84, 44.84]
--   holds 0, so the lift has no bounded interval: its bounds are NULL.
SELECT abs(p_value(a, b) - 0.68915843015557776) < 1e-12 AS welch_p,
       p_value(a, b) = p_value(b, a) AS symmetric,
       mean_difference(a, b) = 8.75 AS diff,
       abs(mean_difference_ci_lower(a, b) - -42.633640293152787) < 1e-10 AS diff_lo,
       abs(mean_difference_ci_upper(a, b) - 60.133640293152787) < 1e-10 AS diff_hi,
       relative_lift(a, b) = 0.4375 AS lift,
       relative_lift_ci_lower(a, b) IS NULL AS lift_lo_null,
       relative_lift_ci_upper(a, b) IS NULL AS lift_hi_null
FROM ab;
-- b against a: lift 20 / 28.75 - 1 = -0.304347826086957 (= -7/23); a's
-- interval [-22.6, 80.1] holds 0 too: NULL bounds.
SELECT abs(relative_lift(b, a) - (-7.0 / 23)) < 1e-15 AS lift_ba,
       relative_lift_ci_lower(b, a) IS NULL AS lo_null
FROM ab;

-- The delta method by hand: c = 100, 110, 120, 130 (aov 115, variance
-- 5000/3 / ... = sum of squared deviations 225+25+25+225 = 500, / 3 =
-- 166.666..., se_c^2 = 41.6666...) against b (aov 20, se_b^2 = 33.3333...)
-- would hold 0 on b's side, so take d = 18, 20, 22 (aov 20, variance 4,
-- se_d^2 = 4/3; t(0.975, 2) se_d = 4.3027 * 1.1547 = 4.968 < 20):
--   R = 115 / 20 = 5.75, lift 4.75
--   se = sqrt(41.6666667 + 5.75^2 * 1.3333333) / 20 = sqrt(41.6666667 + 44.0833333) / 20
--      = sqrt(85.75) / 20 = 0.46300647...; z = 1.95996398454005
--   interval 4.75 -+ 0.907474... = [3.84252526..., 5.65747473...]
CREATE TABLE cd AS
SELECT (SELECT order_value_agg(x) FROM unnest('{100,110,120,130}'::numeric[]) x) AS c,
       (SELECT order_value_agg(x) FROM unnest('{18,20,22}'::numeric[]) x) AS d;
SELECT relative_lift(c, d) = 4.75 AS lift,
       abs(relative_lift_ci_lower(c, d) - (4.75 - 1.95996398454005 * sqrt(85.75) / 20)) < 1e-13 AS lo,
       abs(relative_lift_ci_upper(c, d) - (4.75 + 1.95996398454005 * sqrt(85.75) / 20)) < 1e-13 AS hi
FROM cd;

-- order_value_comparison: the same numbers in one row
SELECT r.aov_a = 28.75 AS aov_a, r.aov_b = 20 AS aov_b, r.difference = 8.75 AS diff,
       r.difference_ci_lower = mean_difference_ci_lower(a, b) AS dlo,
       r.difference_ci_upper = mean_difference_ci_upper(a, b) AS dhi,
       r.relative_lift = 0.4375 AS lift, r.relative_lift_ci_lower IS NULL AS llo,
       r.relative_lift_ci_upper IS NULL AS lhi, r.p_value = p_value(a, b) AS p
FROM ab CROSS JOIN LATERAL order_value_comparison(ab.a, ab.b) r;
SELECT r.relative_lift_ci_lower = relative_lift_ci_lower(c, d, 0.9) AS llo_90,
       r.relative_lift_ci_upper = relative_lift_ci_upper(c, d, 0.9) AS lhi_90,
       r.difference_ci_lower = mean_difference_ci_lower(c, d, 0.9) AS dlo_90
FROM cd CROSS JOIN LATERAL order_value_comparison(cd.c, cd.d, 0.9) r;
SELECT * FROM order_value_comparison('v1;orders=1;refunds=0;scale=0;total=5;sum_squares=25;min=5;max=5',
                                     'v1;orders=1;refunds=0;scale=0;total=4;sum_squares=16;min=4;max=4');

-- order_value_report: every accessor under its name
SELECT r.* FROM ab CROSS JOIN LATERAL order_value_report(ab.a) r;
SELECT r.orders = orders(b) AND r.refunds = refunds(b) AND r.total = total(b) AND r.aov = aov(b)
       AND r.std_dev = std_dev(b) AND r.std_error = std_error(b)
       AND r.ci_lower = ci_lower(b, 0.8) AND r.ci_upper = ci_upper(b, 0.8)
       AND r.margin_of_error = margin_of_error(b, 0.8)
       AND r.min_value = min_value(b) AND r.max_value = max_value(b) AS report_matches
FROM ab CROSS JOIN LATERAL order_value_report(ab.b, 0.8) r;

-- jsonb: every accessor by name, amounts exact
SELECT a::jsonb FROM ab;
SELECT (b::jsonb ->> 'aov')::float8 = aov(b) AS aov, (b::jsonb -> 'total') = '60'::jsonb AS total,
       (b::jsonb ->> 'ci_lower')::float8 = ci_lower(b) AS ci
FROM ab;

-- ---------------------------------------------------------------------
-- NULLs, empty groups, one order, constant groups
-- ---------------------------------------------------------------------
SELECT order_value_agg(amount) IS NULL AS no_rows FROM orders_ab WHERE false;
SELECT order_value_agg(NULL::numeric) IS NULL AS only_nulls FROM generate_series(1, 3);
SELECT s::text, aov(s), std_dev(s) IS NULL AS sd_null, std_error(s) IS NULL AS se_null,
       ci_lower(s) IS NULL AS ci_null, margin_of_error(s) IS NULL AS moe_null
FROM (SELECT order_value_agg(x) AS s FROM (VALUES (12.340), (NULL)) v(x)) t;
-- constant: std_dev 0, interval [7, 7]; Welch against itself undefined (NULL)
SELECT std_dev(s) = 0 AS sd_0, ci_lower(s) = 7 AND ci_upper(s) = 7 AS ci_point,
       p_value(s, s) IS NULL AS p_null, mean_difference_ci_lower(s, s) IS NULL AS diff_ci_null,
       mean_difference(s, s) = 0 AS diff_0
FROM (SELECT order_value_agg(x) AS s FROM (VALUES (7.00), (7)) v(x)) t;
-- lift against a zero mean: NULL
SELECT relative_lift(b, z) IS NULL AS lift_null
FROM ab, (SELECT order_value_agg(x) AS z FROM (VALUES (-5), (5)) v(x)) t;
-- the empty summary (text input only): the identity of +
SELECT e::text, orders(e), total(e), aov(e) IS NULL AS aov_null, min_value(e) IS NULL AS min_null,
       (e + a) = a AS identity, e::jsonb
FROM ab, (SELECT 'v1;orders=0;refunds=0;scale=0;total=0;sum_squares=0;min=0;max=0'::order_value_summary AS e) t;
SELECT r.* FROM order_value_report('v1;orders=0;refunds=0;scale=0;total=0;sum_squares=0;min=0;max=0') r;
-- only refunds
SELECT s::text, refunds(s) = orders(s) AS all_refunds, aov(s) = -7.5 AS aov
FROM (SELECT order_value_agg(x) AS s FROM (VALUES (-5), (-10)) v(x)) t;

-- ---------------------------------------------------------------------
-- Equality with plain SQL on generated data (amounts with 0, 1, 2 and 4
-- decimal places, refunds, large and tiny values, NULLs)
-- ---------------------------------------------------------------------
CREATE TABLE gen AS
SELECT i, i % 7 AS grp, (i % 29) AS day,
       CASE WHEN i % 97 = 0 THEN NULL
            WHEN i % 31 = 0 THEN -round((i % 50)::numeric + 0.5, 1)
            WHEN i % 13 = 0 THEN round(((i * 7919) % 100000)::numeric / 10000, 4)
            WHEN i % 11 = 0 THEN ((i * 104729) % 1000000000)::numeric * 1000
            ELSE round(exp(3.5 + ((i * 2654435761) % 1000)::float8 / 500 - 1)::numeric, 2) END AS amount
FROM generate_series(1, 20000) i;
ANALYZE gen;

CREATE FUNCTION pg_temp.agrees(s order_value_summary, n bigint, r bigint, t numeric,
	mn numeric, mx numeric, av numeric, sd numeric) RETURNS boolean LANGUAGE sql AS $$
	SELECT orders(s) = n AND refunds(s) = r AND total(s) = t
	   AND min_value(s) = mn AND max_value(s) = mx
	   AND abs(aov(s) - av::float8) <= 1e-15 * abs(av::float8)
	   AND (sd IS NULL AND std_dev(s) IS NULL OR abs(std_dev(s) - sd::float8) <= 1e-14 * sd::float8)
	   AND (sd IS NULL OR abs(std_error(s) - (sd / sqrt(n::numeric))::float8) <= 1e-14 * std_error(s))
$$;

SELECT grp, pg_temp.agrees(order_value_agg(amount), count(amount), count(*) FILTER (WHERE amount < 0),
                            sum(amount), min(amount), max(amount), avg(amount), stddev_samp(amount)) AS agrees
FROM gen GROUP BY grp ORDER BY grp;
SELECT pg_temp.agrees(order_value_agg(amount), count(amount), count(*) FILTER (WHERE amount < 0),
                      sum(amount), min(amount), max(amount), avg(amount), stddev_samp(amount)) AS all_agree
FROM gen;
-- the t interval by its formula: aov -+ t(0.975, n - 1) * std_error, with
-- the t quantile of R: n - 1 = 19793 df, qt(0.975, 19793) = 1.9600838458
SELECT count(amount) - 1 AS df,
       abs(margin_of_error(order_value_agg(amount)) / std_error(order_value_agg(amount)) - 1.9600838458) < 1e-10 AS t_quantile
FROM gen;

-- ---------------------------------------------------------------------
-- Parallel = serial, rollup = raw aggregate, any grouping: the same bits
-- ---------------------------------------------------------------------
CREATE TABLE serial_all AS SELECT order_value_agg(amount) AS s FROM gen;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT order_value_agg(amount) FROM gen;
SELECT order_value_agg(amount) = (SELECT s FROM serial_all) AS parallel_same,
       order_value_agg(amount)::text = (SELECT s::text FROM serial_all) AS same_text,
       order_value_summary_send(order_value_agg(amount)) = (SELECT order_value_summary_send(s) FROM serial_all) AS same_bytes
FROM gen;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_grp AS SELECT grp, order_value_agg(amount) s FROM gen GROUP BY grp;
CREATE TABLE daily AS SELECT day, grp, order_value_agg(amount) s FROM gen GROUP BY day, grp;
SET max_parallel_workers_per_gather = 2;
ANALYZE daily;
SELECT count(*) AS groups, bool_and(p.s = g.s) AS grouped_same
FROM (SELECT grp, order_value_agg(amount) s FROM gen GROUP BY grp) p JOIN serial_grp g USING (grp);
EXPLAIN (COSTS OFF) SELECT rollup(s) FROM daily;
SELECT rollup(s) = (SELECT s FROM serial_all) AS rollup_parallel_same,
       std_dev(rollup(s)) = (SELECT std_dev(s) FROM serial_all) AS same_std_dev_bits
FROM daily;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
-- rollup per group of the daily summaries = the per-group aggregate; + too
SELECT bool_and(r.s = g.s) AS rollup_by_grp
FROM (SELECT grp, rollup(s) s FROM daily GROUP BY grp) r JOIN serial_grp g USING (grp);
SELECT (SELECT s FROM serial_grp WHERE grp = 1) + (SELECT s FROM serial_grp WHERE grp = 2)
       = (SELECT order_value_agg(amount) FROM gen WHERE grp IN (1, 2)) AS plus_same;
-- hash aggregation that spills to disk
SET work_mem = '64kB';
SET enable_sort = off;
SELECT count(*) AS groups, bool_and(h.s = d.s) AS spilled_same
FROM (SELECT day, grp, order_value_agg(amount) s FROM gen GROUP BY day, grp) h JOIN daily d USING (day, grp);
RESET work_mem;
RESET enable_sort;
-- = and hashing are by value: GROUP BY over summaries (hash opclass)
SELECT count(*) AS hashed_groups FROM (SELECT s FROM daily GROUP BY s) t;

-- ---------------------------------------------------------------------
-- Scale and canonical form
-- ---------------------------------------------------------------------
-- 1.50 and 1.5 are one amount (1.5^2 + 2.25^2 + 3^2 = 2.25 + 5.0625 + 9 = 16.3125)
SELECT order_value_agg(x)::text FROM (VALUES (1.50), (2.250), (3)) v(x);
-- 100 x 0.1: total 10 and sum of squares 1 are integers: canonical scale
-- 0, min and max stay 0.1
SELECT order_value_agg(0.1)::text, total(order_value_agg(0.1)), aov(order_value_agg(0.1))
FROM generate_series(1, 100);
SELECT order_value_agg(x) = 'v1;orders=3;refunds=0;scale=2;total=6.75;sum_squares=16.3125;min=1.5;max=3'
       AS equal_typed,
       'v1;orders=3;refunds=0;scale=4;total=6.7500;sum_squares=16.31250000;min=1.50;max=3.000'::order_value_summary::text AS input_canonicalised
FROM (VALUES (1.5), (2.25), (3)) v(x);

-- ---------------------------------------------------------------------
-- Moving windows: exact inverse, a restart when the min or max leaves
-- ---------------------------------------------------------------------
CREATE TABLE win AS SELECT i, amount FROM gen WHERE i <= 400;
-- every frame equals the aggregate over its own rows
SELECT count(*) AS frames,
       bool_and(w.s IS NOT DISTINCT FROM (SELECT order_value_agg(amount) FROM win x WHERE x.i BETWEEN w.i - 3 AND w.i)) AS frames_exact
FROM (SELECT i, order_value_agg(amount) OVER (ORDER BY i ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) s FROM win) w;
SELECT count(*) AS frames,
       bool_and(w.s IS NOT DISTINCT FROM (SELECT order_value_agg(amount) FROM win x WHERE x.i BETWEEN w.i - 20 AND w.i + 5)) AS frames_exact,
       bool_and(std_dev(w.s) IS NOT DISTINCT FROM (SELECT std_dev(order_value_agg(amount)) FROM win x WHERE x.i BETWEEN w.i - 20 AND w.i + 5)) AS same_bits
FROM (SELECT i, order_value_agg(amount) OVER (ORDER BY i ROWS BETWEEN 20 PRECEDING AND 5 FOLLOWING) s FROM win) w;
-- frames past the end and frames of only NULL amounts are NULL
SELECT i, s::text FROM (SELECT i, order_value_agg(amount) OVER (ORDER BY i ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING) s
                        FROM (VALUES (1, 5.5), (2, NULL), (3, NULL), (4, 2)) v(i, amount)) w ORDER BY i;
-- a sliding rollup of daily summaries = the raw aggregate over those days
SELECT count(*) AS frames,
       bool_and(w.s = (SELECT order_value_agg(amount) FROM gen g WHERE g.grp = 3 AND g.day BETWEEN w.day - 6 AND w.day)) AS rolling_exact
FROM (SELECT day, rollup(s) OVER (ORDER BY day ROWS 6 PRECEDING) s FROM daily WHERE grp = 3) w;
-- the inverse itself: exact when strictly inside, NULL (restart) at the min or max
SELECT order_value_agg_invfn(s, 20)::text AS removed_inner,
       order_value_agg_invfn(s, 20) = order_value_agg(x) FILTER (WHERE x <> 20) AS equals_rest,
       order_value_agg_invfn(s, 10) IS NULL AS restart_at_min,
       order_value_agg_invfn(s, 30) IS NULL AS restart_at_max,
       order_value_agg_invfn(s, NULL) = s AS null_skipped
FROM (SELECT order_value_agg(x) s FROM (VALUES (10), (20), (30), (25)) v(x)) t,
     (VALUES (10), (20), (30), (25)) v(x)
GROUP BY s;
-- a + d - d: d = {18, 20, 22} lies strictly inside a's [-15, 120.5]
SELECT order_value_summary_rollup_invfn(a + d, d) = a AS rollup_inv_exact,
       order_value_summary_rollup_invfn(a + d, a) IS NULL AS restart_when_min_leaves
FROM ab, cd;

-- ---------------------------------------------------------------------
-- Text I/O: round trips and malformed input (22P02 with a detail)
-- ---------------------------------------------------------------------
SELECT bool_and(s::text::order_value_summary = s) AS round_trip,
       bool_and(s::text::order_value_summary::text = s::text) AS same_text
FROM daily;
-- -2 and 2.5: total 0.5, sum of squares 4 + 6.25 = 10.25
SELECT '  v1;orders=2;refunds=1;scale=1;total=0.5;sum_squares=10.25;min=-2;max=2.5  '::order_value_summary::text AS blanks_ignored;
SELECT label, pg_temp.err(format('SELECT %L::order_value_summary', t)) AS result
FROM (VALUES
	('sumsq within the bounds checked', 'v1;orders=2;refunds=1;scale=1;total=0.5;sum_squares=7.25;min=-2;max=2.5'),
	('empty', ''),
	('no version', 'orders=1'),
	('version 2', 'v2;orders=1;refunds=0;scale=0;total=1;sum_squares=1;min=1;max=1'),
	('missing field', 'v1;orders=1;refunds=0;scale=0;total=1;min=1;max=1'),
	('fields reordered', 'v1;refunds=0;orders=1;scale=0;total=1;sum_squares=1;min=1;max=1'),
	('trailing garbage', 'v1;orders=1;refunds=0;scale=0;total=1;sum_squares=1;min=1;max=1x'),
	('trailing field', 'v1;orders=1;refunds=0;scale=0;total=1;sum_squares=1;min=1;max=1;'),
	('negative orders', 'v1;orders=-1;refunds=0;scale=0;total=1;sum_squares=1;min=1;max=1'),
	('orders 2^63', 'v1;orders=9223372036854775808;refunds=0;scale=0;total=1;sum_squares=1;min=1;max=1'),
	('scale 7', 'v1;orders=1;refunds=0;scale=7;total=1.0000000;sum_squares=1.00000000000000;min=1;max=1'),
	('total places', 'v1;orders=1;refunds=0;scale=2;total=1.5;sum_squares=2.2500;min=1.5;max=1.5'),
	('sumsq places', 'v1;orders=1;refunds=0;scale=1;total=1.5;sum_squares=2.250;min=1.5;max=1.5'),
	('sumsq negative', 'v1;orders=1;refunds=0;scale=0;total=1;sum_squares=-1;min=1;max=1'),
	('sumsq 2^256', 'v1;orders=1;refunds=0;scale=0;total=1;sum_squares=115792089237316195423570985008687907853269984665640564039457584007913129639936;min=1;max=1'),
	('min 7 places', 'v1;orders=1;refunds=0;scale=0;total=1;sum_squares=1;min=0.0000001;max=1'),
	('min exponent', 'v1;orders=1;refunds=0;scale=0;total=1;sum_squares=1;min=1e0;max=1'),
	('min beyond 10^13', 'v1;orders=1;refunds=0;scale=0;total=10000000000000;sum_squares=100000000000000000000000000;min=10000000000000;max=10000000000000'),
	('min > max', 'v1;orders=2;refunds=0;scale=0;total=3;sum_squares=5;min=2;max=1'),
	('one order, min <> max', 'v1;orders=1;refunds=0;scale=0;total=1;sum_squares=1;min=1;max=2'),
	('total below n min', 'v1;orders=2;refunds=0;scale=0;total=1;sum_squares=2;min=1;max=2'),
	('total above n max', 'v1;orders=2;refunds=0;scale=0;total=5;sum_squares=13;min=1;max=2'),
	('sumsq below total^2/n', 'v1;orders=2;refunds=0;scale=0;total=3;sum_squares=4;min=1;max=2'),
	('sumsq above n max^2', 'v1;orders=2;refunds=0;scale=0;total=3;sum_squares=9;min=1;max=2'),
	('refunds > orders', 'v1;orders=1;refunds=2;scale=0;total=-1;sum_squares=1;min=-1;max=-1'),
	('refunds but min >= 0', 'v1;orders=2;refunds=1;scale=0;total=3;sum_squares=5;min=1;max=2'),
	('no refunds but min < 0', 'v1;orders=2;refunds=0;scale=0;total=1;sum_squares=5;min=-1;max=2'),
	('all refunds but max >= 0', 'v1;orders=2;refunds=2;scale=0;total=1;sum_squares=5;min=-1;max=2'),
	('empty with a total', 'v1;orders=0;refunds=0;scale=0;total=1;sum_squares=0;min=0;max=0'),
	('empty with a scale', 'v1;orders=0;refunds=0;scale=1;total=0.0;sum_squares=0.00;min=0;max=0')
) v(label, t);
-- ("sumsq within the bounds checked": n sumsq = 14.5 >= total^2 = 0.25
--  and 7.25 <= n max|x|^2 = 12.5, so it is accepted although the amounts
--  -2 and 2.5 give 10.25: validation checks the bounds that keep every
--  accessor defined -- Cauchy-Schwarz and the range -- not that a multiset
--  with exactly these sums exists)

-- ---------------------------------------------------------------------
-- Binary I/O: layout, COPY round trip, malformed input (22P03)
-- ---------------------------------------------------------------------
-- set B: version 1, flags 0, reserved 0, refunds 0, orders 3, scale 0,
-- min_scale 0, max_scale 0, reserved 0, total 60, min 10, max 30, sum of
-- squares 100 + 400 + 900 = 1400 (four limbs, most significant first)
CREATE FUNCTION pg_temp.wire(refunds int8, orders int8, scales int4[], total int8, mn int8, mx int8, sq int8,
	version int = 1, flags int = 0) RETURNS bytea LANGUAGE sql AS $$
	SELECT set_byte('\x00'::bytea, 0, version) || set_byte('\x00'::bytea, 0, flags) || '\x0000'::bytea
	       || int8send(refunds) || int8send(orders)
	       || int4send(scales[1]) || int4send(scales[2]) || int4send(scales[3]) || int4send(scales[4])
	       || int8send(CASE WHEN total < 0 THEN -1 ELSE 0 END) || int8send(total)
	       || int8send(CASE WHEN mn < 0 THEN -1 ELSE 0 END) || int8send(mn)
	       || int8send(CASE WHEN mx < 0 THEN -1 ELSE 0 END) || int8send(mx)
	       || int8send(0) || int8send(0) || int8send(0) || int8send(sq)
$$;
SELECT order_value_summary_send(b) = pg_temp.wire(0, 3, '{0,0,0,0}', 60, 10, 30, 1400) AS layout_ok,
       length(order_value_summary_send(b)) AS bytes
FROM ab;
CREATE TABLE copy_src AS
SELECT row_number() OVER () AS id, s FROM (SELECT s FROM daily UNION ALL SELECT s FROM serial_all
      UNION ALL SELECT a FROM ab UNION ALL SELECT NULL) t;
CREATE TABLE copy_dst (LIKE copy_src);
DO $$
DECLARE f text := current_setting('data_directory') || '/cxkpi_order_value_test.bin';
BEGIN
	EXECUTE format('COPY ov.copy_src TO %L WITH (FORMAT binary)', f);
	EXECUTE format('COPY ov.copy_dst FROM %L WITH (FORMAT binary)', f);
END $$;
SELECT count(*) AS rows, bool_and(a.s IS NOT DISTINCT FROM b.s) AS equal,
       bool_and(a.s::text IS NOT DISTINCT FROM b.s::text) AS same_text
FROM copy_src a JOIN copy_dst b USING (id);

CREATE TABLE recv_t (s order_value_summary);
\i sql/include/recv.sql
SELECT label, pg_temp.recv(b) AS result
FROM (VALUES
	('good (set B)', pg_temp.wire(0, 3, '{0,0,0,0}', 60, 10, 30, 1400)),
	('non-canonical scale 1', pg_temp.wire(0, 3, '{1,0,0,0}', 600, 10, 30, 140000)),
	('min at scale 1, unreduced', pg_temp.wire(0, 3, '{0,1,0,0}', 60, 100, 30, 1400)),
	('short', substr(pg_temp.wire(0, 3, '{0,0,0,0}', 60, 10, 30, 1400), 1, 115)),
	('long', pg_temp.wire(0, 3, '{0,0,0,0}', 60, 10, 30, 1400) || '\x00'::bytea),
	('version 0', pg_temp.wire(0, 3, '{0,0,0,0}', 60, 10, 30, 1400, 0)),
	('flags', pg_temp.wire(0, 3, '{0,0,0,0}', 60, 10, 30, 1400, 1, 1)),
	('reserved int32', pg_temp.wire(0, 3, '{0,0,0,1}', 60, 10, 30, 1400)),
	('scale 7', pg_temp.wire(0, 3, '{7,0,0,0}', 60, 10, 30, 1400)),
	('scale -1', pg_temp.wire(0, 3, '{-1,0,0,0}', 60, 10, 30, 1400)),
	('negative orders', pg_temp.wire(0, -3, '{0,0,0,0}', 60, 10, 30, 1400)),
	('refunds wrong', pg_temp.wire(1, 3, '{0,0,0,0}', 60, 10, 30, 1400)),
	('total wrong', pg_temp.wire(0, 3, '{0,0,0,0}', 100, 10, 30, 1400)),
	('sumsq wrong', pg_temp.wire(0, 3, '{0,0,0,0}', 60, 10, 30, 1000)),
	('max 10^13', pg_temp.wire(0, 3, '{0,0,0,0}', 60, 10, 10000000000000, 1400)),
	('another type (revenue_summary bytes)', (SELECT revenue_summary_send(revenue_agg(1, 2))))
) v(label, b);

-- ---------------------------------------------------------------------
-- Errors
-- ---------------------------------------------------------------------
SELECT label, pg_temp.err(q) AS result
FROM (VALUES
	('NaN', 'SELECT order_value_agg(x) FROM (VALUES (1::numeric), (''NaN'')) v(x)'),
	('Infinity', 'SELECT order_value_agg(''-Infinity''::numeric)'),
	('7 decimal places', 'SELECT order_value_agg(0.0000001)'),
	('6 places and trailing zeros: fine', 'SELECT order_value_agg(0.000001000)'),
	('10^13', 'SELECT order_value_agg(10000000000000)'),
	('-10^13', 'SELECT order_value_agg(-10000000000000)'),
	('just below 10^13: fine', 'SELECT order_value_agg(-9999999999999.999999)'),
	('confidence 1', 'SELECT ci_lower(order_value_agg(x), 1) FROM (VALUES (1), (2)) v(x)'),
	('confidence 0', 'SELECT margin_of_error(order_value_agg(x), 0) FROM (VALUES (1), (2)) v(x)'),
	('confidence NaN', 'SELECT relative_lift_ci_lower(a, b, ''NaN'') FROM ov.ab'),
	('confidence of a comparison', 'SELECT order_value_comparison(a, b, 1.5) FROM ov.ab'),
	('confidence of a report', 'SELECT order_value_report(a, -0.1) FROM ov.ab'),
	('confidence of a difference', 'SELECT mean_difference_ci_upper(a, b, 2) FROM ov.ab'),
	('count overflow by +', 'SELECT ''v1;orders=9223372036854775807;refunds=0;scale=0;total=9223372036854775807;sum_squares=9223372036854775807;min=1;max=1''::order_value_summary + order_value_agg(1)'),
	('inverse: amount outside', 'SELECT order_value_agg_invfn(a, 500) FROM ov.ab'),
	('inverse: more orders than held', 'SELECT order_value_agg_invfn(''v1;orders=2;refunds=0;scale=0;total=4;sum_squares=10;min=1;max=3'', 2)'),
	('rollup inverse: not held', 'SELECT order_value_summary_rollup_invfn(b, a) FROM ov.ab')
) v(label, q);
-- 2^63 - 1 orders of 1 fit: the sums cannot overflow
SELECT orders(s), total(s), std_dev(s)
FROM (SELECT 'v1;orders=9223372036854775806;refunds=0;scale=0;total=9223372036854775806;sum_squares=9223372036854775806;min=1;max=1'::order_value_summary + order_value_agg(1) AS s) t;
-- the largest amounts: twice 9999999999999.999999, then it and its negation
-- (std_dev = 9999999999999.999999 sqrt 2 = 14142135623730.9500...)
SELECT total(s), aov(s), std_dev(s) = 0 AS sd_0
FROM (SELECT order_value_agg(x) AS s FROM (VALUES (9999999999999.999999), (9999999999999.999999)) v(x)) t;
SELECT total(s) = 0 AS total_0, refunds(s), abs(std_dev(s) - 14142135623730.95) < 0.01 AS sd
FROM (SELECT order_value_agg(x) AS s FROM (VALUES (9999999999999.999999), (-9999999999999.999999)) v(x)) t;

-- ---------------------------------------------------------------------
-- Against R (sql/include/order_value_r.sql: amounts drawn in R, with R's
-- mean, sd, t.test one-sample and Welch intervals and p-values)
-- ---------------------------------------------------------------------
\i sql/include/order_value_r.sql
CREATE TABLE r_s AS SELECT sample, order_value_agg(amount) AS s FROM r_amounts GROUP BY sample;
SELECT e.sample, abs(aov(s) - e.mean) <= 1e-14 * abs(e.mean) AS mean,
       abs(std_dev(s) - e.sd) <= 1e-13 * e.sd AS sd,
       abs(ci_lower(s) - e.lo95) <= 1e-12 * abs(e.lo95) AS lo95,
       abs(ci_upper(s) - e.hi95) <= 1e-12 * abs(e.hi95) AS hi95,
       abs(ci_lower(s, 0.9) - e.lo90) <= 1e-12 * abs(e.lo90) AS lo90,
       abs(ci_upper(s, 0.9) - e.hi90) <= 1e-12 * abs(e.hi90) AS hi90
FROM r_one e JOIN r_s USING (sample) ORDER BY e.sample;
SELECT e.a, e.b, abs(p_value(x.s, y.s) - e.p) <= 1e-10 * e.p AS welch_p,
       abs(mean_difference_ci_lower(x.s, y.s) - e.dlo) <= 1e-11 * abs(e.dlo) AS diff_lo,
       abs(mean_difference_ci_upper(x.s, y.s) - e.dhi) <= 1e-11 * abs(e.dhi) AS diff_hi,
       abs(relative_lift(x.s, y.s) - e.lift) <= 1e-13 * abs(e.lift) AS lift,
       coalesce(abs(relative_lift_ci_lower(x.s, y.s) - e.llo) <= 1e-12 * abs(e.llo),
                relative_lift_ci_lower(x.s, y.s) IS NULL AND e.llo IS NULL) AS lift_lo,
       coalesce(abs(relative_lift_ci_upper(x.s, y.s) - e.lhi) <= 1e-12 * abs(e.lhi),
                relative_lift_ci_upper(x.s, y.s) IS NULL AND e.lhi IS NULL) AS lift_hi
FROM r_two e JOIN r_s x ON x.sample = e.a JOIN r_s y ON y.sample = e.b ORDER BY e.a, e.b;
-- the lift has bounds exactly when b's own t interval excludes 0
SELECT bool_and((relative_lift_ci_lower(x.s, y.s) IS NULL) = (ci_lower(y.s) <= 0 AND ci_upper(y.s) >= 0)) AS null_rule
FROM r_s x CROSS JOIN r_s y;

-- large amounts, tiny spread: 10^12 + 0.01, + 0.02, + 0.03 has mean
-- 10^12 + 0.02 and sample standard deviation 0.01 (deviations -0.01, 0,
-- 0.01: squares 2e-4 over n - 1 = 2); a float8 accumulation loses it
SELECT total(s), abs(std_dev(s) - 0.01) < 1e-17 AS sd_exact,
       std_dev(s)::numeric(20, 18) = stddev_samp_x::numeric(20, 18) AS as_numeric,
       stddev_samp(x::float8) AS float8_sd
FROM (SELECT order_value_agg(x) AS s, stddev_samp(x) AS stddev_samp_x, array_agg(x) AS xs
      FROM (VALUES (1000000000000.01), (1000000000000.02), (1000000000000.03)) v(x)) t,
     LATERAL unnest(xs) x
GROUP BY s, stddev_samp_x;

-- the margin of error is t se itself, not (ci_upper - ci_lower) / 2: with
-- amounts 10^13 - 10^-6 and 10^13 - 2 10^-6 (sd 10^-6 / sqrt 2, se 5e-7,
-- t(0.975, 1 df) = tan(0.475 pi) = 12.7062...) the half width 6.35e-6 is
-- below the ulp of the mean (2^-9), so both bounds round to 10^13 and the
-- difference of the bounds said 0
SELECT abs(margin_of_error(s) / (5e-7 * tan(0.475 * pi())) - 1) < 1e-9 AS accessor,
       abs(r.margin_of_error / (5e-7 * tan(0.475 * pi())) - 1) < 1e-9 AS report,
       abs((s::jsonb ->> 'margin_of_error')::float8 / (5e-7 * tan(0.475 * pi())) - 1) < 1e-9 AS jsonb,
       abs(std_error(s) / 5e-7 - 1) < 1e-9 AS std_error
FROM (SELECT order_value_agg(x) AS s FROM (VALUES (9999999999999.999999), (9999999999999.999998)) v(x)) t,
     LATERAL order_value_report(s) r;
