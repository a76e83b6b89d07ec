--
-- Rates: rate_agg, every accessor and interval method, the two-rate
-- comparisons, planning (rate_sample_size), poisson_rate_ratio, the typed
-- rows, weights, NULL and empty groups, text and binary I/O and every
-- error.  Expected values are worked by hand in the comments (z = 1.959964
-- for 95%, z^2 = 3.841459), or come from R (tests/rate/gen_rate_expected.R,
-- at the end), never from the extension.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA rate;
SET search_path = rate, public;
SET extra_float_digits = 0;

\i sql/include/err.sql

-- Example A: 7 conversions of 20 inquiries (and 3 NULL outcomes, skipped);
-- example B: 3 of 20.
CREATE TABLE ab (grp text, converted boolean);
INSERT INTO ab SELECT 'a', i <= 7 FROM generate_series(1, 20) i;
INSERT INTO ab SELECT 'a', NULL FROM generate_series(1, 3);
INSERT INTO ab SELECT 'b', i <= 3 FROM generate_series(1, 20) i;
CREATE TABLE s AS
SELECT rate_agg(converted) FILTER (WHERE grp = 'a') AS a,
       rate_agg(converted) FILTER (WHERE grp = 'b') AS b
FROM ab;

-- canonical text: failures, successes
SELECT a, b FROM s;

-- A: rate = 7/20 = 0.35; SE = sqrt(0.35 * 0.65 / 20) = sqrt(0.011375) = 0.106654
-- Wilson: centre = (0.35 + z^2/40) / (1 + z^2/20) = 0.446037 / 1.192073 = 0.374169,
--   half = z sqrt(0.011375 + z^2/1600) / 1.192073 = 1.959964 * 0.117371 / 1.192073 = 0.192977:
--   [0.181192, 0.567146], margin 0.192977
-- Agresti-Coull: n~ = 20 + z^2 = 23.841459, p~ = (7 + z^2/2) / n~ = 0.374169,
--   half = z sqrt(p~ (1 - p~) / n~) = 1.959964 * 0.099105 = 0.194242: [0.179926, 0.568411]
-- exact (Clopper-Pearson) [0.153909, 0.592189] and Jeffreys [0.172276, 0.567766]
-- are quantiles of Beta(7, 14), Beta(8, 13) and Beta(7.5, 13.5): R's values
-- (binom.test, qbeta), checked in the R section below.
SELECT rate(a), successes(a), trials(a), total_weight(a), effective_n(a),
       round(std_error(a)::numeric, 6) AS se,
       round(ci_lower(a)::numeric, 6) AS wilson_lo, round(ci_upper(a)::numeric, 6) AS wilson_hi,
       round(margin_of_error(a)::numeric, 6) AS wilson_moe,
       round(ci_lower(a, 0.95, 'agresti-coull')::numeric, 6) AS ac_lo,
       round(ci_upper(a, 0.95, 'agresti-coull')::numeric, 6) AS ac_hi
FROM s;
-- every method by name; the aliases give the same bounds; the margin is half the width
SELECT m, round(ci_lower(a, 0.95, m)::numeric, 6) AS lo, round(ci_upper(a, 0.95, m)::numeric, 6) AS hi,
       abs(margin_of_error(a, 0.95, m) - (ci_upper(a, 0.95, m) - ci_lower(a, 0.95, m)) / 2) < 1e-15 AS half_width
FROM s, unnest(ARRAY['wilson', 'bayes', 'jeffreys', 'exact', 'clopper-pearson', 'agresti-coull']) m;

-- Ends, in closed form.  0 of 10: the exact upper bound solves (1 - p)^10 = 0.025,
-- p = 1 - 0.025^(1/10) = 0.308497; 10 of 10: the lower bound is 0.025^(1/10) = 0.691503.
-- Wilson at 0 of 10: [0, z^2 / (10 + z^2)] = [0, 0.277533]; Jeffreys keeps 0 and 1 as bounds.
SELECT round(ci_upper('v1;counts=10,0'::rate_summary, 0.95, 'exact')::numeric, 6) AS exact_hi_0,
       round(ci_lower('v1;counts=0,10'::rate_summary, 0.95, 'exact')::numeric, 6) AS exact_lo_10,
       ci_lower('v1;counts=10,0'::rate_summary, 0.95, 'exact') AS exact_lo_0,
       ci_upper('v1;counts=0,10'::rate_summary, 0.95, 'exact') AS exact_hi_10,
       round(ci_upper('v1;counts=10,0'::rate_summary)::numeric, 6) AS wilson_hi_0,
       ci_lower('v1;counts=10,0'::rate_summary, 0.95, 'bayes') AS jeffreys_lo_0,
       ci_upper('v1;counts=0,10'::rate_summary, 0.95, 'bayes') AS jeffreys_hi_10,
       std_error('v1;counts=10,0'::rate_summary) AS se_0;

-- A against B.
-- p_value: pooled q = 10/40 = 0.25, SE = sqrt(0.25 * 0.75 * (1/20 + 1/20)) = 0.136931,
--   z = 0.2 / 0.136931 = 1.460593, p = 2 (1 - Phi(1.460593)) = 0.144127
-- difference 0.35 - 0.15 = 0.2 (Newcombe bounds from the two Wilson intervals: R section)
-- relative_lift = 0.35 / 0.15 - 1 = 1.333333; Katz: SE log RR = sqrt(1/7 - 1/20 + 1/3 - 1/20)
--   = sqrt(0.376190) = 0.613344, log RR = log(7/3) = 0.847298, +- 1.202132:
--   [exp(-0.354834) - 1, exp(2.049430) - 1] = [-0.298710, 6.763470]
SELECT round(p_value(a, b)::numeric, 6) AS p,
       round(rate_difference(a, b)::numeric, 12) AS diff,
       round(relative_lift(a, b)::numeric, 6) AS lift,
       round(relative_lift_ci_lower(a, b)::numeric, 6) AS lift_lo,
       round(relative_lift_ci_upper(a, b)::numeric, 5) AS lift_hi,
       round(rate_difference_ci_lower(a, b)::numeric, 6) AS diff_lo,
       round(rate_difference_ci_upper(a, b)::numeric, 6) AS diff_hi,
       round(probability_to_beat(a, b)::numeric, 6) AS beat
FROM s;
-- swapping the sides: the difference changes sign, the lift is 3/7 - 1 = -0.571429,
-- probability_to_beat is the complement (continuous posteriors: no ties)
SELECT round(rate_difference(b, a)::numeric, 12) AS diff,
       round(relative_lift(b, a)::numeric, 6) AS lift,
       abs(probability_to_beat(a, b) + probability_to_beat(b, a) - 1) < 1e-12 AS complement,
       p_value(a, b) = p_value(b, a) AS p_symmetric,
       abs(rate_difference_ci_lower(a, b) + rate_difference_ci_upper(b, a)) < 1e-15 AS newcombe_mirror
FROM s;
-- the typed row has every comparison under its own name
SELECT c.rate_a = rate(a) AS ra, c.rate_b = rate(b) AS rb,
       c.difference = rate_difference(a, b) AS d,
       c.difference_ci_lower = rate_difference_ci_lower(a, b, 0.9) AS dl_90,
       c.difference_ci_upper = rate_difference_ci_upper(a, b, 0.9) AS du_90,
       c.relative_lift = relative_lift(a, b) AS l,
       c.relative_lift_ci_lower = relative_lift_ci_lower(a, b, 0.9) AS ll_90,
       c.relative_lift_ci_upper = relative_lift_ci_upper(a, b, 0.9) AS lu_90,
       c.p_value = p_value(a, b) AS p, c.probability_to_beat = probability_to_beat(a, b) AS beat
FROM s CROSS JOIN LATERAL rate_comparison(a, b, 0.9) c;

-- probability_to_beat by hand: 1 of 1 against 0 of 1 has posteriors Beta(2, 1)
-- (density 2x) and Beta(1, 2) (density 2(1 - y)):
--   P = int_0^1 2x * int_0^x 2(1 - y) dy dx = int_0^1 2x (2x - x^2) dx = 4/3 - 1/2 = 5/6
-- equal summaries: 1/2 by symmetry
SELECT round(probability_to_beat('v1;counts=0,1', 'v1;counts=1,0')::numeric, 12) AS five_sixths,
       round(probability_to_beat('v1;counts=30,12', 'v1;counts=30,12')::numeric, 12) AS half;

-- Weighted: (true, 2), (false, 1), (true, 1), (false, NULL) and (NULL, 3) skipped.
--   rate = 3/4, successes 2 of 3 trials, total weight 4,
--   n_eff = 4^2 / (4 + 1 + 1) = 8/3 = 2.666667, SE = sqrt(0.75 * 0.25 / (8/3)) = 0.265165
--   x = 0.75 * 8/3 = 2 successes, 2/3 failures (effective):
--   probability_to_beat against 0 of 1 = P(Beta(3, 5/3) > Beta(1, 2)) = 0.831933,
--   against 1 of 1 (Beta(2, 1)) 0.453782 (mpmath quad of the beta densities)
CREATE TABLE w AS
SELECT rate_agg(o, wt) AS s FROM (VALUES (true, 2.0), (false, 1), (true, 1), (false, NULL), (NULL, 3)) v(o, wt);
SELECT s, rate(s), successes(s), trials(s), total_weight(s), round(effective_n(s)::numeric, 6) AS n_eff,
       round(std_error(s)::numeric, 6) AS se,
       round(probability_to_beat(s, 'v1;counts=1,0')::numeric, 6) AS beat_0_of_1,
       round(probability_to_beat(s, 'v1;counts=0,1')::numeric, 6) AS beat_1_of_1
FROM w;
-- every interval method is defined on the effective counts and lies in 0..1
SELECT m, ci_lower(s, 0.95, m) BETWEEN 0 AND rate(s) AND ci_upper(s, 0.95, m) BETWEEN rate(s) AND 1 AS ok
FROM w, unnest(ARRAY['wilson', 'bayes', 'exact', 'agresti-coull']) m;
-- weights of 1 give the unweighted rates and intervals (the summaries differ:
-- one is weighted)
SELECT rate_agg(converted, 1.0) <> rate_agg(converted) AS weighted_differs,
       rate(rate_agg(converted, 1.0)) = rate(rate_agg(converted)) AS same_rate,
       abs(ci_lower(rate_agg(converted, 1.0), 0.95, 'exact') - ci_lower(rate_agg(converted), 0.95, 'exact')) < 1e-12 AS same_exact,
       abs(probability_to_beat(rate_agg(converted, 1.0), 'v1;counts=2,1') - probability_to_beat(rate_agg(converted), 'v1;counts=2,1')) < 1e-9 AS same_beat
FROM ab WHERE grp = 'a';

-- NULL and empty groups: an empty summary has rate NULL and every
-- accessor NULL but the counts; an all-NULL group gives an empty summary
SELECT rate_agg(x) IS NULL AS no_rows FROM ab, (SELECT NULL::boolean x) n WHERE false;
CREATE TABLE e AS SELECT rate_agg(x) AS s FROM (VALUES (NULL::boolean), (NULL)) v(x);
SELECT s, rate(s), successes(s), trials(s), std_error(s), ci_lower(s), ci_upper(s, 0.9, 'exact'),
       margin_of_error(s), effective_n(s)
FROM e;
SELECT p_value(e.s, a) AS p, rate_difference(e.s, a) AS d, rate_difference_ci_lower(a, e.s) AS dl,
       relative_lift(a, e.s) AS l, relative_lift_ci_upper(e.s, a) AS lu,
       probability_to_beat(e.s, a) AS beat
FROM e, s;
SELECT * FROM e CROSS JOIN LATERAL rate_report(e.s) r;
SELECT * FROM e, s CROSS JOIN LATERAL rate_comparison(s.a, e.s) c;
SELECT e.s::jsonb FROM e;
-- a rate of 0 in b: no finite lift (NULL), its interval from the 1/2 correction:
-- 2/10 vs 0/10 -> 2.5/11 vs 0.5/11, log RR = log 5 = 1.609438,
-- SE = sqrt(1/2.5 - 1/11 + 1/0.5 - 1/11) = sqrt(2.218182) = 1.489356, z SE = 2.919084
-- [exp(1.609438 - 2.919084) - 1, exp(1.609438 + 2.919084) - 1] = [-0.730085, 91.6216]
SELECT relative_lift('v1;counts=8,2'::rate_summary, 'v1;counts=10,0') AS lift,
       round(relative_lift_ci_lower('v1;counts=8,2'::rate_summary, 'v1;counts=10,0')::numeric, 6) AS lo,
       round(relative_lift_ci_upper('v1;counts=8,2'::rate_summary, 'v1;counts=10,0')::numeric, 4) AS hi,
       p_value('v1;counts=10,0'::rate_summary, 'v1;counts=10,0'::rate_summary) AS p_no_variance;

-- The typed report row: every accessor under its name, interval by method
SELECT r.rate = rate(a) AS rate, r.successes = successes(a) AS successes, r.trials = trials(a) AS trials,
       r.total_weight = total_weight(a) AS total_weight, r.effective_n = effective_n(a) AS effective_n,
       r.std_error = std_error(a) AS std_error,
       r.margin_of_error = margin_of_error(a, 0.9, 'exact') AS moe,
       r.ci_lower = ci_lower(a, 0.9, 'exact') AS lo, r.ci_upper = ci_upper(a, 0.9, 'exact') AS hi
FROM s CROSS JOIN LATERAL rate_report(a, 0.9, 'exact') r;
SELECT * FROM s CROSS JOIN LATERAL rate_report(s.b) r;
-- jsonb: every accessor by name (95% Wilson)
SELECT a::jsonb FROM s;
SELECT (a::jsonb ->> 'ci_lower')::float8 = ci_lower(a) AS lo, (a::jsonb ->> 'rate')::float8 = rate(a) AS rate FROM s;

-- Merge: + and rollup add counts; = and hash compare every field
SELECT a + b AS sum, a + b = b + a AS commutes, a + b = t.all_rows AS equals_all_rows
FROM s, (SELECT rate_agg(converted) AS all_rows FROM ab) t;
SELECT rollup(x) FROM (SELECT a FROM s UNION ALL SELECT b FROM s) t(x);
SET enable_sort = off;
SELECT count(*) AS distinct_values
FROM (SELECT x FROM (VALUES ('v1;counts=1,2'::rate_summary), ('v1;counts=1,2'), ('v1;counts=2,1')) v(x) GROUP BY x) g;
RESET enable_sort;
SELECT 'v1;counts=1,2'::rate_summary <> 'v1;counts=1,2;sumw=1,2;sumw2=1,2' AS weighted_differs;

-- Planning.  rate_sample_size(0.1, 1.0): p1 = 0.1, p2 = 0.2, pbar = 0.15,
--   sqrt(n) = (1.959964 sqrt(2 * 0.15 * 0.85) + 0.841621 sqrt(0.09 + 0.16)) / 0.1
--   = (1.959964 * 0.504975 + 0.841621 * 0.5) / 0.1 = 14.105440, n = 198.9634 -> 199
-- power 0.9 (z = 1.281552): (0.989733 + 0.640776) / 0.1 = 16.305090, n = 265.856 -> 266
SELECT rate_sample_size(0.1, 1.0) AS n_80, rate_sample_size(0.1, 1.0, 0.9) AS n_90,
       rate_sample_size(0.2, -0.5) = rate_sample_size(0.1, 1.0) AS symmetric;

-- poisson_rate_ratio: 18 reviews in 14 days against 40 in 60 days:
--   (18/14) / (40/60) = 1.285714 / 0.666667 = 1.928571; interval and p-value: R below.
-- 0 events in a: ratio 0, lower 0; 0 events in b: ratio and upper NULL (unbounded)
SELECT round(rate_ratio::numeric, 6) AS ratio FROM poisson_rate_ratio(18, 14, 40, 60);
SELECT * FROM poisson_rate_ratio(0, 7, 12, 14) WHERE rate_ratio = 0 AND ci_lower = 0;
SELECT rate_ratio, ci_upper, ci_lower > 0 AS lower_positive FROM poisson_rate_ratio(5, 2.5, 0, 30);
SELECT * FROM poisson_rate_ratio(0, 1, 0, 1);

-- Cross-check against R on other counts (tests/rate/gen_rate_expected.R,
-- committed output tests/rate/rate_expected.sql): every method, test and
-- interval within 1e-9, probability_to_beat within 1e-8 of integrate().
CREATE TABLE r_pairs (ka int, na int, kb int, nb int, conf float8,
	wilson_lo float8, wilson_hi float8, exact_lo float8, exact_hi float8,
	bayes_lo float8, bayes_hi float8, ac_lo float8, ac_hi float8, p float8,
	diff_lo float8, diff_hi float8, lift float8, lift_lo float8, lift_hi float8, beat float8);
CREATE TABLE r_sizes (base float8, lift float8, power float8, conf float8, n float8);
CREATE TABLE r_poisson (xa bigint, ta float8, xb bigint, tb float8, conf float8,
	ratio float8, lo float8, hi float8, p float8);
\i tests/rate/rate_expected.sql
CREATE FUNCTION pg_temp.near(x float8, y float8, tol float8) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$ SELECT (x IS NULL AND y IS NULL) OR abs(x - y) <= tol * greatest(1, abs(y)) $$;
WITH v AS (
	SELECT r.*, (SELECT rate_agg(i <= ka) FROM generate_series(1, na) i) a,
	       (SELECT rate_agg(i <= kb) FROM generate_series(1, nb) i) b
	FROM r_pairs r)
SELECT ka || '/' || na || ' vs ' || kb || '/' || nb || ' @' || conf AS pair,
       pg_temp.near(ci_lower(a, conf), wilson_lo, 1e-9) AND pg_temp.near(ci_upper(a, conf), wilson_hi, 1e-9) AS wilson,
       pg_temp.near(ci_lower(a, conf, 'exact'), exact_lo, 1e-9) AND pg_temp.near(ci_upper(a, conf, 'exact'), exact_hi, 1e-9) AS exact,
       pg_temp.near(ci_lower(a, conf, 'bayes'), bayes_lo, 1e-9) AND pg_temp.near(ci_upper(a, conf, 'bayes'), bayes_hi, 1e-9) AS bayes,
       pg_temp.near(ci_lower(a, conf, 'agresti-coull'), ac_lo, 1e-9) AND pg_temp.near(ci_upper(a, conf, 'agresti-coull'), ac_hi, 1e-9) AS ac,
       pg_temp.near(p_value(a, b), p, 1e-9) AS p_value,
       pg_temp.near(rate_difference_ci_lower(a, b, conf), diff_lo, 1e-9) AND pg_temp.near(rate_difference_ci_upper(a, b, conf), diff_hi, 1e-9) AS newcombe,
       pg_temp.near(relative_lift(a, b), lift, 1e-12) AS lift,
       pg_temp.near(relative_lift_ci_lower(a, b, conf), lift_lo, 1e-9) AND pg_temp.near(relative_lift_ci_upper(a, b, conf), lift_hi, 1e-9) AS katz,
       pg_temp.near(probability_to_beat(a, b), beat, 1e-8) AS beat
FROM v ORDER BY ka, na, kb, nb, conf;
SELECT base, lift, power, conf, rate_sample_size(base, lift, power, conf) = ceil(n) AS power_prop_test
FROM r_sizes ORDER BY base, lift;
SELECT xa, ta, xb, tb, conf,
       pg_temp.near(r.rate_ratio, ratio, 1e-12) AS ratio, pg_temp.near(r.ci_lower, lo, 1e-9) AS lower,
       pg_temp.near(r.ci_upper, hi, 1e-9) AS upper, pg_temp.near(r.p_value, p, 1e-9) AS p
FROM r_poisson CROSS JOIN LATERAL poisson_rate_ratio(xa, ta, xb, tb, conf) r ORDER BY xa, xb;

-- Text input: canonical form, whitespace around, every defect a 22P02
SELECT ' v1;counts=3,4 '::rate_summary AS padded,
       'v1;counts=0,0'::rate_summary AS empty,
       'v1;counts=1,2;sumw=0.5,3;sumw2=0.25,5'::rate_summary AS weighted;
SELECT t, pg_temp.err(format('SELECT %L::rate_summary', t)) AS result
FROM unnest(ARRAY[
	'',
	'v1',
	'v2;counts=1,2',
	'v1;counts=1',
	'v1;counts=1,2,3',
	'v1;counts=-1,2',
	'v1;counts=1,2x',
	'v1;counts=1,2;',
	'v1;scale=0..1;cutoff=1;counts=1,2',
	'v1;counts=1,9223372036854775807',
	'v1;counts=1,2;sumw=1,2',
	'v1;counts=1,2;sumw=1,2;sumw2=1,5',
	'v1;counts=0,2;sumw=1,2;sumw2=1,2',
	'v1;counts=1,2;sumw=1,-2;sumw2=1,2',
	'v1;counts=1,2;sumw=1,nan;sumw2=1,2',
	'v1;counts= 1,2'
]) t;

-- Binary: round trip through COPY, and malformed values are 22P03
CREATE TABLE copy_src (s rate_summary);
INSERT INTO copy_src SELECT a FROM s UNION ALL SELECT b FROM s UNION ALL SELECT s FROM w UNION ALL SELECT s FROM e;
\copy copy_src TO '/tmp/cxkpi_rate_copy.bin' WITH (FORMAT binary)
CREATE TABLE copy_dst (s rate_summary);
\copy copy_dst FROM '/tmp/cxkpi_rate_copy.bin' WITH (FORMAT binary)
SELECT count(*) AS rows, bool_and(x.s = y.s) AS binary_round_trip,
       bool_and(x.s::text::rate_summary = x.s) AS text_round_trip
FROM (SELECT s, row_number() OVER () r FROM copy_src) x JOIN (SELECT s, row_number() OVER () r FROM copy_dst) y USING (r);
SELECT rate_summary_send('v1;counts=3,4') AS wire;
CREATE TABLE recv_t (s rate_summary);
\i sql/include/recv.sql
WITH v AS (SELECT rate_summary_send('v1;counts=3,4') u)
SELECT label, pg_temp.recv(b) AS result
FROM v, LATERAL (VALUES
	('valid', u),
	('weighted', rate_summary_send('v1;counts=1,2;sumw=0.5,3;sumw2=0.25,5')),
	('a CSAT value', csat_summary_send('v1;scale=0..1;cutoff=1;counts=3,4')),
	('family 5', set_byte(u, 1, 5)),
	('version 2', set_byte(u, 0, 2)),
	('unknown flag', set_byte(u, 2, 2)),
	('weighted flag without sums', set_byte(u, 2, 1)),
	('npoints 3', set_byte(u, 3, 3)),
	('scale 1..2', set_byte(u, 5, 1)),
	('cutoff 0', set_byte(u, 7, 0)),
	('reserved', set_byte(u, 11, 1)),
	('negative count', set_byte(u, 12, 255)),
	('truncated', substr(u, 1, 19)),
	('trailing byte', u || '\x00'::bytea),
	('header only', substr(u, 1, 12))
) AS t(label, b);

-- Errors
SELECT q, pg_temp.err(q) AS result
FROM unnest(ARRAY[
	$$SELECT ci_lower('v1;counts=1,1'::rate_summary, 0.95, 'wald')$$,
	$$SELECT ci_upper('v1;counts=1,1'::rate_summary, 0.95, 'Wilson')$$,
	$$SELECT rate_report('v1;counts=1,1', 0.95, 'binom')$$,
	$$SELECT ci_lower('v1;counts=1,1'::rate_summary, 1)$$,
	$$SELECT margin_of_error('v1;counts=1,1'::rate_summary, 0)$$,
	$$SELECT ci_upper('v1;counts=1,1'::rate_summary, 'NaN')$$,
	$$SELECT rate_difference_ci_lower('v1;counts=1,1', 'v1;counts=1,1', 1.5)$$,
	$$SELECT relative_lift_ci_upper('v1;counts=1,1'::rate_summary, 'v1;counts=1,1', -0.5)$$,
	$$SELECT rate_comparison('v1;counts=1,1', 'v1;counts=1,1', 0)$$,
	$$SELECT rate_report('v1;counts=1,1', 1)$$,
	$$SELECT rate_report('v1;counts=0,0', 2)$$,
	$$SELECT rate_agg(true, -1) FROM (VALUES (1)) v(x)$$,
	$$SELECT rate_agg(true, 'NaN') FROM (VALUES (1)) v(x)$$,
	$$SELECT rate_agg(true, 'Infinity') FROM (VALUES (1)) v(x)$$,
	$$SELECT rate_agg(true, 1e200) FROM (VALUES (1)) v(x)$$,
	$$SELECT rate_agg(true, 1e-200) FROM (VALUES (1)) v(x)$$,
	$$SELECT rate_agg_invfn('v1;counts=0,0', true)$$,
	$$SELECT 'v1;counts=1,1'::rate_summary + 'v1;counts=1,838488366986797800'$$,
	$$SELECT rate_sample_size(0, 0.1)$$,
	$$SELECT rate_sample_size(1, 0.1)$$,
	$$SELECT rate_sample_size('NaN', 0.1)$$,
	$$SELECT rate_sample_size(0.1, 0)$$,
	$$SELECT rate_sample_size(0.1, -1)$$,
	$$SELECT rate_sample_size(0.5, 1)$$,
	$$SELECT rate_sample_size(0.1, 'Infinity')$$,
	$$SELECT rate_sample_size(0.1, 0.1, 0)$$,
	$$SELECT rate_sample_size(0.1, 0.1, 1)$$,
	$$SELECT rate_sample_size(0.1, 0.1, 0.8, 1)$$,
	$$SELECT rate_sample_size(0.1, 1e-12)$$,
	$$SELECT poisson_rate_ratio(-1, 1, 1, 1)$$,
	$$SELECT poisson_rate_ratio(1, 1, -3, 1)$$,
	$$SELECT poisson_rate_ratio(1, 0, 1, 1)$$,
	$$SELECT poisson_rate_ratio(1, 1, 1, -2)$$,
	$$SELECT poisson_rate_ratio(1, 'Infinity', 1, 1)$$,
	$$SELECT poisson_rate_ratio(1, 1, 1, 'NaN')$$,
	$$SELECT poisson_rate_ratio(9223372036854775807, 1, 1, 1)$$,
	$$SELECT poisson_rate_ratio(1, 1, 1, 1, 1)$$
]) q;

-- STRICT: NULL arguments give NULL
SELECT rate(NULL::rate_summary) AS r, ci_lower(NULL::rate_summary) AS lo,
       ci_lower('v1;counts=1,1'::rate_summary, 0.95, NULL) AS no_method,
       rate_sample_size(NULL, 0.1) AS n, (poisson_rate_ratio(1, 1, NULL, 1)).rate_ratio AS rr;

DROP SCHEMA rate CASCADE;
