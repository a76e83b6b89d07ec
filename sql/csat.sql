--
-- CSAT: scales and cutoffs, the satisfied share, Wilson interval, pooled
-- two-proportion test, weights, re-reading with another cutoff, NULL and
-- empty groups, text/binary I/O of the scale fields, and every error.
-- Expected values are worked by hand in the comments and recomputed with
-- plain SQL formulas, never copied from the extension.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA csat;
SET search_path = csat, public;
SET extra_float_digits = 0;

\i sql/include/err.sql

-- Example C on the default 1..5 scale: 5 5 4 4 4 3 2 1
--   n = 8, satisfied (4..5) x = 5, p = 5/8 = 0.625
--   histogram 1..5: 1,1,1,3,2; mean = 28/8 = 3.5
--   SE = sqrt(0.625 * 0.375 / 8) = 0.171163
--   Wilson (z = 1.959964): centre = (p + z^2/16) / (1 + z^2/8) = 0.584450,
--     half = z sqrt(p(1-p)/8 + z^2/256) / (1 + z^2/8) = 0.278707,
--     interval [0.305742, 0.863156]
CREATE TABLE ex_c (score int);
INSERT INTO ex_c VALUES (5), (5), (4), (4), (4), (3), (2), (1);
CREATE TABLE c AS SELECT csat_agg(score) AS s FROM ex_c;

SELECT s FROM c;
SELECT csat(s), satisfied(s), responses(s), mean_score(s), histogram(s),
       scale_min(s), scale_max(s), satisfied_min(s), effective_n(s), total_weight(s),
       round(std_error(s)::numeric, 6) AS se,
       round(ci_lower(s)::numeric, 6) AS lo, round(ci_upper(s)::numeric, 6) AS hi,
       round(margin_of_error(s)::numeric, 6) AS moe
FROM c;
SELECT abs(std_error(s) - sqrt(0.625 * 0.375 / 8)) < 1e-12 AS se_ok,
       abs(ci_lower(s) - ((0.625 + z ^ 2 / 16) / (1 + z ^ 2 / 8) - z * sqrt(0.625 * 0.375 / 8 + z ^ 2 / 256) / (1 + z ^ 2 / 8))) < 1e-12 AS lo_ok,
       abs(ci_upper(s) - ((0.625 + z ^ 2 / 16) / (1 + z ^ 2 / 8) + z * sqrt(0.625 * 0.375 / 8 + z ^ 2 / 256) / (1 + z ^ 2 / 8))) < 1e-12 AS hi_ok,
       abs(margin_of_error(s) - z * sqrt(0.625 * 0.375 / 8 + z ^ 2 / 256) / (1 + z ^ 2 / 8)) < 1e-12 AS moe_ok
FROM c, (SELECT 1.959963984540054::float8 AS z) q;
-- 99% interval is wider and still inside [0, 1]
SELECT ci_lower(s, 0.99) < ci_lower(s) AND ci_upper(s, 0.99) > ci_upper(s) AS wider,
       ci_lower(s, 0.99) >= 0 AND ci_upper(s, 0.99) <= 1 AS inside
FROM c;

-- Re-reading the stored summary with another cutoff: top-1 box 2/8,
-- top-3 box 6/8, cutoff at the bottom of the scale 8/8.
SELECT csat(s, 5) AS top1, csat(s, 3) AS top3, csat(s, 1) AS all_of_them, csat(s, 4) = csat(s) AS same
FROM c;

-- Wilson at the edges: all satisfied (p = 1): upper bound 1, lower bound
-- n / (n + z^2); none satisfied: lower bound 0.
SELECT ci_upper(s) AS hi, abs(ci_lower(s) - 10 / (10 + 1.959963984540054 ^ 2)) < 1e-12 AS lo_ok,
       std_error(s) AS se
FROM (SELECT csat_agg(5) s FROM generate_series(1, 10)) t;
SELECT ci_lower(s) AS lo, abs(ci_upper(s) - 1.959963984540054 ^ 2 / (10 + 1.959963984540054 ^ 2)) < 1e-12 AS hi_ok
FROM (SELECT csat_agg(2) s FROM generate_series(1, 10)) t;

-- p-value, pooled two-proportion z test.  A = example C (5/8), B = 1/8:
--   q = 6/16 = 0.375, SE = sqrt(0.375 * 0.625 * (1/8 + 1/8)) = 0.242061
--   z = 0.5 / 0.242061 = 2.065591, p = erfc(z / sqrt 2) = 0.038867
SELECT round(p_value(a, b)::numeric, 6) AS p,
       abs(p_value(a, b) - 0.03886710381241727) < 1e-12 AS p_ok,
       p_value(a, b) = p_value(b, a) AS symmetric, p_value(a, a) AS same
FROM (SELECT (SELECT s FROM c) a, csat_agg(v) b FROM unnest(ARRAY[5, 3, 3, 2, 2, 1, 1, 1]) v) t;
-- Shares near 1 at n = 1e9 keep full precision (the test runs on the exact
-- counts): 999999990 vs 999999988 satisfied of 1e9.  Reference from exact
-- rationals, z^2 = (ka nb - kb na)^2 N / (na nb K (N - K)), and mpmath at
-- 60 digits: z = 0.42640143505642876786, p = 0.66981535589081774761.  The
-- same test in doubles on the shares is off by 1.4e-8 relative.
SELECT abs(p_value('v1;scale=1..5;cutoff=4;counts=10,0,0,0,999999990'::csat_summary,
                   'v1;scale=1..5;cutoff=4;counts=12,0,0,0,999999988') / 0.66981535589081774761 - 1) < 1e-13 AS near_1_ok;
-- undefined: empty side, or pooled share 0 or 1
SELECT p_value('v1;scale=1..5;cutoff=4;counts=0,0,0,0,0'::csat_summary, s) AS empty_side,
       p_value('v1;scale=1..5;cutoff=4;counts=0,0,0,0,3'::csat_summary, 'v1;scale=1..5;cutoff=4;counts=0,0,0,2,1') AS all_satisfied
FROM c;

-- ---------------------------------------------------------------------
-- Scales and default cutoffs: top-2 box up to 7 points, top-3 box beyond;
-- a 2-point scale takes its top box
-- ---------------------------------------------------------------------
SELECT lo, hi, satisfied_min(csat_agg(lo, lo, hi)) AS default_cutoff, scale_max(csat_agg(lo, lo, hi)) - satisfied_min(csat_agg(lo, lo, hi)) + 1 AS box
FROM (VALUES (1, 2), (1, 3), (1, 5), (0, 6), (1, 7), (1, 8), (1, 9), (1, 10), (0, 10), (-5, 5), (-3, 3)) x(lo, hi)
GROUP BY lo, hi ORDER BY hi - lo, lo;
-- explicit cutoff
SELECT csat_agg(v, 1, 7, 5) AS s, csat(csat_agg(v, 1, 7, 5)) AS share
FROM unnest(ARRAY[7, 6, 5, 4, 1]) v;
-- a 0..10 CSAT with the default top-3 box (8..10): 3 of 5 satisfied
SELECT csat_agg(v, 0, 10), csat(csat_agg(v, 0, 10)) FROM unnest(ARRAY[10, 9, 8, 7, 0]) v;

-- ---------------------------------------------------------------------
-- NULLs, empty groups, weights
-- ---------------------------------------------------------------------
SELECT responses(csat_agg(v)), csat(csat_agg(v)) FROM unnest(ARRAY[5, NULL, 1, NULL]) v;
-- only NULL scores: an empty summary on the requested scale
SELECT s, csat(s), satisfied(s), std_error(s), ci_lower(s), mean_score(s), effective_n(s)
FROM (SELECT csat_agg(NULL::int, 1, 7) s FROM generate_series(1, 2)) t;
-- no rows: NULL
SELECT csat_agg(score) IS NULL AS is_null FROM ex_c WHERE false;

-- Weighted W: (5, 2) (4, 1) (2, 1) (1, 0.5)
--   sum w = 4.5, satisfied weight 3, p_w = 2/3
--   n_eff = 4.5^2 / (4 + 1 + 1 + 0.25) = 20.25 / 6.25 = 3.24
--   SE = sqrt(p (1 - p) / n_eff) = sqrt((2/9) / 3.24) = 0.261891
--   Wilson with n = 3.24
SELECT csat(s), satisfied(s), responses(s), total_weight(s), effective_n(s),
       round(std_error(s)::numeric, 6) AS se,
       abs(std_error(s) - sqrt((2.0 / 9) / 3.24)) < 1e-12 AS se_ok,
       abs(ci_lower(s) - ((2.0/3 + z ^ 2 / 6.48) / (1 + z ^ 2 / 3.24) - z * sqrt((2.0/9) / 3.24 + z ^ 2 / (4 * 3.24 ^ 2)) / (1 + z ^ 2 / 3.24))) < 1e-12 AS lo_ok
FROM (SELECT csat_agg(v, w) s FROM (VALUES (5, 2.0::float8), (4, 1), (2, 1), (1, 0.5)) x(v, w)) t,
     (SELECT 1.959963984540054::float8 AS z) q;
-- weights on an explicit scale and cutoff
SELECT csat_agg(v, 0, 10, 9, w) FROM (VALUES (10, 0.5::float8), (3, 0.25)) x(v, w);
SELECT csat_agg(v, 1, 7, w) FROM (VALUES (7, 0.5::float8), (3, NULL)) x(v, w);
-- equal weights give the unweighted share and SE
SELECT abs(csat(csat_agg(score, 2.0)) - csat(csat_agg(score))) < 1e-15 AS share_same,
       abs(std_error(csat_agg(score, 2.0)) - std_error(csat_agg(score))) < 1e-12 AS se_same
FROM ex_c;

-- ---------------------------------------------------------------------
-- Merging, rollup, operators, jsonb
-- ---------------------------------------------------------------------
SELECT csat_agg(v, 1, 7) + csat_agg(v, 1, 7) FROM unnest(ARRAY[1, 7, 7]) v;
SELECT rollup(s) FROM (VALUES ('v1;scale=0..10;cutoff=8;counts=1,0,0,0,0,0,0,0,0,0,1'::csat_summary),
                              (NULL), ('v1;scale=0..10;cutoff=8;counts=0,0,0,0,0,0,0,0,3,0,0')) x(s);
SELECT 'v1;scale=1..5;cutoff=4;counts=1,0,0,0,2'::csat_summary = 'v1;scale=1..5;cutoff=4;counts=1,0,0,0,2' AS eq,
       'v1;scale=1..5;cutoff=4;counts=1,0,0,0,2'::csat_summary = 'v1;scale=1..5;cutoff=5;counts=1,0,0,0,2' AS eq_other_cutoff,
       'v1;scale=1..5;cutoff=4;counts=1,0,0,0,2'::csat_summary <> 'v1;scale=0..4;cutoff=3;counts=1,0,0,0,2' AS ne_other_scale;
SELECT jsonb_pretty(s::jsonb) FROM c;
SELECT (s::jsonb ->> 'csat')::float8 = csat(s) AS csat_ok,
       (s::jsonb ->> 'ci_lower')::float8 = ci_lower(s) AS ci_ok,
       (s::jsonb -> 'histogram') = to_jsonb(histogram(s)) AS hist_ok
FROM c;

-- ---------------------------------------------------------------------
-- Errors
-- ---------------------------------------------------------------------
-- score outside the scale: 22003 with the allowed range
SELECT csat_agg(v) FROM unnest(ARRAY[5, 6]) v;
SELECT pg_temp.err($q$ SELECT csat_agg(0) $q$);
SELECT pg_temp.err($q$ SELECT csat_agg(11, 0, 10) $q$);
SELECT pg_temp.err($q$ SELECT csat_agg(-4, -3, 3, 1) $q$);
-- invalid scales and cutoffs: 22023 (NULL scale arguments: 22004)
SELECT csat_agg(3, 5, 1);
SELECT pg_temp.err($q$ SELECT csat_agg(3, 3, 3) $q$);
SELECT pg_temp.err($q$ SELECT csat_agg(3, 1, 12) $q$);
SELECT pg_temp.err($q$ SELECT csat_agg(3, 0, 11) $q$);
SELECT pg_temp.err($q$ SELECT csat_agg(3, -2000, -1995) $q$);
SELECT pg_temp.err($q$ SELECT csat_agg(3, 1, 5, 6) $q$);
SELECT pg_temp.err($q$ SELECT csat_agg(3, 1, 5, 0) $q$);
SELECT pg_temp.err($q$ SELECT csat_agg(3, NULL, 5) $q$);
SELECT pg_temp.err($q$ SELECT csat_agg(3, 1, 5, NULL::int) $q$);
-- (an untyped NULL picks the weighted form: a NULL weight skips the row)
SELECT csat_agg(3, 1, 5, NULL);
-- the scale must not change within a group
SELECT pg_temp.err($q$ SELECT csat_agg(v, 1, hi) FROM (VALUES (1, 5), (2, 7)) x(v, hi) $q$);
SELECT pg_temp.err($q$ SELECT csat_agg(v, 1, 5, c) FROM (VALUES (1, 4), (2, 5)) x(v, c) $q$);
-- a NULL scale argument on a later row is 22004, as on the first row (README, Errors)
SELECT pg_temp.err($q$ SELECT csat_agg(v, 1, hi) FROM (VALUES (1, 5), (2, NULL)) x(v, hi) $q$);
-- ... but may differ between groups
SELECT hi, csat_agg(v, 1, hi) FROM (VALUES (1, 5), (2, 7), (7, 7)) x(v, hi) GROUP BY hi ORDER BY hi;
-- merging different scales or cutoffs: 22023 naming both
SELECT csat_agg(v, 1, 5) + csat_agg(v, 1, 7) FROM unnest(ARRAY[1]) v;
SELECT pg_temp.err($q$ SELECT rollup(s) FROM (VALUES ('v1;scale=1..5;cutoff=4;counts=1,0,0,0,0'::csat_summary), ('v1;scale=1..5;cutoff=5;counts=1,0,0,0,0')) x(s) $q$);
SELECT pg_temp.err($q$ SELECT p_value('v1;scale=1..5;cutoff=4;counts=1,0,0,0,1'::csat_summary, 'v1;scale=1..7;cutoff=6;counts=1,0,0,0,0,0,1') $q$);
-- re-reading with a cutoff outside the scale: 22023
SELECT pg_temp.err($q$ SELECT csat(s, 6) FROM c $q$);
SELECT pg_temp.err($q$ SELECT csat(s, 0) FROM c $q$);
-- bad weights: 22023
SELECT pg_temp.err($q$ SELECT csat_agg(5, -1.0) $q$);
SELECT pg_temp.err($q$ SELECT csat_agg(5, 1, 5, 4, 'NaN') $q$);
-- bad confidence: 22023
SELECT pg_temp.err($q$ SELECT ci_upper(s, 1) FROM c $q$);

-- ---------------------------------------------------------------------
-- Text and binary I/O of the scale fields
-- ---------------------------------------------------------------------
SELECT 'v1;scale=-3..3;cutoff=2;counts=0,1,0,0,0,0,5'::csat_summary;
SELECT s::text::csat_summary = s AS round_trip FROM (SELECT csat_agg(v, 0, 10, 9, w) s FROM (VALUES (10, 0.1::float8), (3, 1.0 / 3)) x(v, w)) t;
SELECT i, pg_temp.err(format('SELECT %L::csat_summary', t)) AS result
FROM unnest(ARRAY[
	'v1;counts=1,0,0,0,0',
	'v1;scale=1..5;counts=1,0,0,0,0',
	'v1;scale=1..5;cutoff=4',
	'v1;scale=1-5;cutoff=4;counts=1,0,0,0,0',
	'v1;scale=5..1;cutoff=4;counts=1,0,0,0,0',
	'v1;scale=1..1;cutoff=1;counts=1',
	'v1;scale=1..12;cutoff=4;counts=1,0,0,0,0,0,0,0,0,0,0,0',
	'v1;scale=1..5;cutoff=6;counts=1,0,0,0,0',
	'v1;scale=1..5;cutoff=0;counts=1,0,0,0,0',
	'v1;scale=1..5;cutoff=4;counts=1,0,0,0',
	'v1;scale=1..5;cutoff=4;counts=1,0,0,0,0,0',
	'v1;scale=-1001..-999;cutoff=-1000;counts=1,0,0',
	'v1;scale=999..1001;cutoff=1000;counts=1,0,0',
	'v1;scale=1..5;cutoff=+4;counts=1,0,0,0,0',
	'v1;scale= 1..5;cutoff=4;counts=1,0,0,0,0',
	'v1;scale=1..5;cutoff=4;counts=1,0,0,0,0;sumw=1,0,0,0,0'
]) WITH ORDINALITY AS x(t, i)
ORDER BY i;
-- binary: the family byte keeps NPS, CSAT and CES values apart
CREATE TABLE recv_t (s csat_summary);
\i sql/include/recv.sql
WITH v AS (SELECT csat_summary_send('v1;scale=1..5;cutoff=4;counts=1,0,0,0,2') u)
SELECT label, pg_temp.recv(b) AS result
FROM v, LATERAL (VALUES
	('valid', u),
	('an NPS value', nps_summary_send('v1;counts=1,0,0,0,0,0,0,0,0,0,2')),
	('a CES value', ces_summary_send('v1;scale=1..5;cutoff=4;counts=1,0,0,0,2')),
	('cutoff 6', set_byte(u, 7, 6)),
	('cutoff 0', set_byte(u, 7, 0)),
	('scale -1000..-996', set_byte(set_byte(u, 4, 252), 5, 24)),
	('scale beyond 1000', set_byte(set_byte(u, 4, 3), 5, 230)),
	('npoints 1', set_byte(u, 3, 1)),
	('npoints 4', set_byte(u, 3, 4))
) AS t(label, b);
