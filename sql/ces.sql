--
-- CES (Customer Effort Score 2.0): mean score, agree share, Student-t
-- interval, Welch's test, weights, scales and cutoffs, NULL and empty
-- groups, and every error.  Expected values are worked by hand in the
-- comments, or come from closed forms of the t distribution (df = 1, 2)
-- and an independent numerical integration of the t density.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA ces;
SET search_path = ces, public;
SET extra_float_digits = 0;

\i sql/include/err.sql

-- Example E on the default 1..7 scale: 1 2 3 4 5 6 7 7
--   n = 8, mean = 35/8 = 4.375, agree (5..7) = 4 of 8 = 0.5
--   sum (x - m)^2 = 35.875, s^2 = 35.875 / 7 = 5.125, SE = sqrt(5.125 / 8) = 0.800391
CREATE TABLE ex_e (score int);
INSERT INTO ex_e VALUES (1), (2), (3), (4), (5), (6), (7), (7);
CREATE TABLE e AS SELECT ces_agg(score) AS s FROM ex_e;
SELECT s FROM e;
SELECT ces(s), mean_score(s), agree_share(s), agreed(s), responses(s), histogram(s),
       scale_min(s), scale_max(s), agree_min(s), effective_n(s), total_weight(s),
       round(std_error(s)::numeric, 6) AS se,
       abs(std_error(s) - sqrt(5.125 / 8)) < 1e-12 AS se_ok
FROM e;
-- ces() and the SE equal avg() and stddev_samp() / sqrt(n)
SELECT ces(ces_agg(score)) = avg(score)::float8 AS mean_ok,
       abs(std_error(ces_agg(score)) - stddev_samp(score)::float8 / sqrt(count(score))) < 1e-12 AS se_ok
FROM ex_e;
-- re-read the agree share with other cutoffs: 6..7 -> 3/8, 7 -> 2/8
SELECT agree_share(s, 6) AS top2, agree_share(s, 7) AS top1 FROM e;

-- Student-t interval.  n = 3 answers 3 4 5: mean 4, s^2 = 1, SE = 1/sqrt 3,
-- df = 2, where t has a closed form: t(0.975; 2) = 0.95 / sqrt(2 * 0.975 * 0.025)
-- = 4.302653, half = 4.302653 / sqrt 3 = 2.484138, interval [1.515862, 6.484138]
SELECT round(ci_lower(s)::numeric, 6) AS lo, round(ci_upper(s)::numeric, 6) AS hi,
       abs(margin_of_error(s) - 0.95 / sqrt(2 * 0.975 * 0.025) / sqrt(3)) < 1e-10 AS moe_ok,
       -- 90%: t(0.95; 2) = 0.9 / sqrt(2 * 0.95 * 0.05)
       abs(margin_of_error(s, 0.90) - 0.9 / sqrt(2 * 0.95 * 0.05) / sqrt(3)) < 1e-10 AS moe90_ok
FROM (SELECT ces_agg(v) s FROM unnest(ARRAY[3, 4, 5]) v) t;
-- n = 2 answers 4 5: df = 1, t(0.975; 1) = tan(0.475 pi) = 12.706205,
-- SE = 0.5, half = 6.353102: the bounds are clamped to the scale 1..7
SELECT ci_lower(s) AS lo, ci_upper(s) AS hi,
       abs(margin_of_error(s) - tan(0.475 * pi()) * 0.5) < 1e-9 AS moe_ok
FROM (SELECT ces_agg(v) s FROM unnest(ARRAY[4, 5]) v) t;
-- n = 1: no variance, so no SE and no interval; the mean exists
SELECT ces(s), std_error(s), ci_lower(s), ci_upper(s), margin_of_error(s)
FROM (SELECT ces_agg(6) s) t;
-- identical answers: SE 0, interval of width 0
SELECT ces(s), std_error(s), ci_lower(s), ci_upper(s)
FROM (SELECT ces_agg(6) s FROM generate_series(1, 4)) t;

-- Welch's t test.
-- (1) n = 2 each, equal variances: a = 1 3 (mean 2, s^2 = 2), b = 4 6
--     (mean 5, s^2 = 2): SE^2 = 1 + 1, t = -3 / sqrt 2, Welch df =
--     2^2 / (1 + 1) = 2, closed form p = 1 - |t| / sqrt(t^2 + 2) = 1 - 3 / sqrt 13
SELECT abs(p_value(a, b) - (1 - 3 / sqrt(13))) < 1e-12 AS df2_ok, p_value(a, b) = p_value(b, a) AS symmetric
FROM (SELECT ces_agg(v) FILTER (WHERE g = 'a') a, ces_agg(v) FILTER (WHERE g = 'b') b
      FROM (VALUES ('a', 1), ('a', 3), ('b', 4), ('b', 6)) x(g, v)) t;
-- (2) a = 1 2 2 3 4 (mean 2.4, s^2 = 1.3), b = 3 5 6 7 7 7 (mean 5.8333,
--     s^2 = 2.5667): t = -4.139920, Welch df = 8.842041 (not an integer);
--     p = 0.0026200748461 by numerical integration of the t density
SELECT round(p_value(a, b)::numeric, 8) AS p,
       abs(p_value(a, b) - 0.002620074846132267) < 1e-11 AS welch_ok
FROM (SELECT ces_agg(v) FILTER (WHERE g = 'a') a, ces_agg(v) FILTER (WHERE g = 'b') b
      FROM (VALUES ('a', 1), ('a', 2), ('a', 2), ('a', 3), ('a', 4),
                   ('b', 3), ('b', 5), ('b', 6), ('b', 7), ('b', 7), ('b', 7)) x(g, v)) t;
-- undefined: a side with one answer, or both sides without variance
SELECT p_value(ces_agg(6), ces_agg(6)) AS one_each,
       p_value('v1;scale=1..7;cutoff=5;counts=0,0,3,0,0,0,0'::ces_summary, 'v1;scale=1..7;cutoff=5;counts=0,0,0,0,2,0,0') AS no_variance;
-- one side without variance is fine: df = n_b - 1
--   a = 3 3 3, b = 1 2 3 4 5 (mean 3, s^2 = 2.5, SE^2 = 0.5): t = 0, p = 1
SELECT p_value(a, b) FROM (SELECT ces_agg(3) a FROM generate_series(1, 3)) x,
                              (SELECT ces_agg(v) b FROM generate_series(1, 5) v) y;

-- ---------------------------------------------------------------------
-- Scales: CES 2.0 default, the older 1..5, explicit cutoffs
-- ---------------------------------------------------------------------
SELECT lo, hi, agree_min(ces_agg(lo, lo, hi)) AS default_agree
FROM (VALUES (1, 2), (1, 3), (1, 5), (1, 6), (1, 7), (0, 6), (1, 10), (0, 10)) x(lo, hi)
GROUP BY lo, hi ORDER BY hi - lo, lo;
SELECT ces_agg(v, 1, 5) AS s, agree_share(ces_agg(v, 1, 5)) AS agree FROM unnest(ARRAY[5, 4, 3, 1]) v;
SELECT ces_agg(v, 1, 7, 6) AS s, agree_share(ces_agg(v, 1, 7, 6)) AS agree FROM unnest(ARRAY[7, 6, 5, 1]) v;

-- ---------------------------------------------------------------------
-- NULLs, empty groups, weights
-- ---------------------------------------------------------------------
SELECT responses(ces_agg(v)), ces(ces_agg(v)) FROM unnest(ARRAY[7, NULL, 1]) v;
SELECT s, ces(s), agree_share(s), std_error(s), ci_upper(s)
FROM (SELECT ces_agg(NULL::int) s FROM generate_series(1, 2)) t;
SELECT ces_agg(score) IS NULL AS is_null FROM ex_e WHERE false;
-- Weighted W: (7, 2) (5, 1) (1, 1)
--   V1 = 4, V2 = 6, mean = (14 + 5 + 1) / 4 = 5, n_eff = 16 / 6 = 2.6667
--   sum w (x - m)^2 = 2*4 + 0 + 16 = 24; s_w^2 = 24 / (V1 - V2/V1) = 24 / 2.5 = 9.6
--   SE = sqrt(9.6 / n_eff) = sqrt(3.6) = 1.897367; df = n_eff - 1 = 5/3
--   agree share (5..7) = 3/4
SELECT ces(s), agree_share(s), agreed(s), responses(s), total_weight(s),
       abs(effective_n(s) - 16.0 / 6) < 1e-12 AS neff_ok,
       abs(std_error(s) - sqrt(3.6)) < 1e-12 AS se_ok
FROM (SELECT ces_agg(v, w) s FROM (VALUES (7, 2.0::float8), (5, 1), (1, 1)) x(v, w)) t;
-- equal weights reduce to the unweighted mean, SE and interval
SELECT abs(ces(ces_agg(score, 3.0)) - ces(ces_agg(score))) < 1e-12 AS mean_same,
       abs(std_error(ces_agg(score, 3.0)) - std_error(ces_agg(score))) < 1e-12 AS se_same,
       abs(ci_lower(ces_agg(score, 3.0)) - ci_lower(ces_agg(score))) < 1e-9 AS ci_same
FROM ex_e;

-- ---------------------------------------------------------------------
-- Merge, jsonb, errors
-- ---------------------------------------------------------------------
SELECT ces_agg(v) + ces_agg(v) FROM unnest(ARRAY[1, 7]) v;
SELECT jsonb_pretty(s::jsonb) FROM e;
SELECT (s::jsonb ->> 'ces')::float8 = ces(s) AS ces_ok,
       (s::jsonb ->> 'ci_upper')::float8 = ci_upper(s) AS ci_ok
FROM e;
SELECT ces_agg(v) FROM unnest(ARRAY[7, 8]) v;
SELECT pg_temp.err($q$ SELECT ces_agg(0) $q$);
SELECT pg_temp.err($q$ SELECT ces_agg(6, 1, 5) $q$);
SELECT pg_temp.err($q$ SELECT ces_agg(3, 7, 1) $q$);
SELECT pg_temp.err($q$ SELECT ces_agg(3, 1, 7, 8) $q$);
SELECT pg_temp.err($q$ SELECT ces_agg(3, 1, NULL, 5) $q$);
SELECT pg_temp.err($q$ SELECT ces_agg(v, lo, 7) FROM (VALUES (3, 1), (3, 0)) x(v, lo) $q$);
SELECT pg_temp.err($q$ SELECT ces_agg(3, 1, 5) + ces_agg(3) $q$);
SELECT pg_temp.err($q$ SELECT agree_share(ces_agg(3), 9) $q$);
SELECT pg_temp.err($q$ SELECT ces_agg(3, 'Infinity') $q$);
SELECT pg_temp.err($q$ SELECT ci_lower(ces_agg(3), 0) $q$);
SELECT pg_temp.err($q$ SELECT 'v1;scale=1..7;cutoff=8;counts=0,0,0,0,0,0,0'::ces_summary $q$);
