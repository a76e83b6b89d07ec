--
-- NPS basics: the aggregate, the count accessors, NULL and empty groups,
-- weights, operators, jsonb, and every error a user can cause.
-- Expected values are worked by hand in the comments.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA nps_basics;
SET search_path = nps_basics, public;
SET extra_float_digits = 0;

\i sql/include/err.sql

-- Example A, twelve answers:
--   promoters  10 10 9 9 9   R = 5
--   passives   8 7 7         P = 3
--   detractors 6 5 3 0       D = 4       n = 12
--   NPS = 100 (5 - 4) / 12 = 8.3333...
--   mean = (10+10+9+9+9+8+7+7+6+5+3+0) / 12 = 83 / 12 = 6.91666...
--   histogram by score 0..10: 1,0,0,1,0,1,1,2,1,3,2
CREATE TABLE ex_a (score int);
INSERT INTO ex_a VALUES (10),(10),(9),(9),(9),(8),(7),(7),(6),(5),(3),(0);

SELECT nps_agg(score) FROM ex_a;
SELECT round(nps(s)::numeric, 4) AS nps,
       promoters(s), passives(s), detractors(s), responses(s),
       round(mean_score(s)::numeric, 5) AS mean_score,
       histogram(s), effective_n(s), total_weight(s)
FROM (SELECT nps_agg(score) AS s FROM ex_a) t;

-- the NPS is exactly 100/12
SELECT abs(nps(nps_agg(score)) - 100.0 / 12) < 1e-12 AS exact FROM ex_a;

-- Unanimous groups: all promoters 100, all detractors -100, all passives 0.
SELECT nps(nps_agg(v)) FROM (VALUES (9),(10)) x(v);
SELECT nps(nps_agg(v)) FROM (VALUES (0),(6),(3)) x(v);
SELECT nps(nps_agg(v)) FROM (VALUES (7),(8)) x(v);
-- the group boundaries: 6 detractor, 7 passive, 8 passive, 9 promoter
SELECT v, promoters(s), passives(s), detractors(s)
FROM (SELECT v, nps_agg(v) s FROM generate_series(0, 10) v GROUP BY v) t ORDER BY v;

-- NULL scores are skipped, like avg()
SELECT responses(nps_agg(score)), nps(nps_agg(score))
FROM (SELECT score FROM ex_a UNION ALL SELECT NULL UNION ALL SELECT NULL) t;

-- Only NULL scores: an empty summary; value accessors NULL, counts 0.
SELECT s, nps(s), responses(s), promoters(s), mean_score(s), std_error(s),
       ci_lower(s), ci_upper(s), margin_of_error(s), effective_n(s),
       total_weight(s), histogram(s)
FROM (SELECT nps_agg(NULL::int) s FROM generate_series(1, 3)) t;

-- No rows at all: NULL, like avg(); accessors of NULL are NULL.
SELECT nps_agg(score) IS NULL AS is_null, nps(nps_agg(score)),
       responses(nps_agg(score))
FROM ex_a WHERE false;

-- Empty summaries print, parse, merge and compare without error.
SELECT 'v1;counts=0,0,0,0,0,0,0,0,0,0,0'::nps_summary
     + 'v1;counts=0,0,0,0,0,0,0,0,0,0,0'::nps_summary AS empty_sum;
SELECT nps('v1;counts=0,0,0,0,0,0,0,0,0,0,0'::nps_summary
           + 'v1;counts=0,0,0,0,0,0,0,0,0,1,0'::nps_summary);
SELECT p_value('v1;counts=0,0,0,0,0,0,0,0,0,0,0'::nps_summary,
               'v1;counts=1,0,0,0,0,0,0,0,0,1,0'::nps_summary);

-- GROUP BY with FILTER: a group where the filter keeps nothing gives NULL
SELECT g, nps(nps_agg(score) FILTER (WHERE score > 8)) AS high_only,
       responses(nps_agg(score) FILTER (WHERE score > 10)) AS none
FROM ex_a, (VALUES (1)) x(g) GROUP BY g;

-- Weighted example W (score, weight): (10, 2) (9, 1) (8, 1) (6, 0.5) (0, 0.5)
--   W = 5, promoter weight 3, detractor weight 1: NPS = 100 (3 - 1) / 5 = 40
--   weighted mean = (20 + 9 + 8 + 3 + 0) / 5 = 8
--   effective n = W^2 / sum w^2 = 25 / (4 + 1 + 1 + 0.25 + 0.25) = 25 / 6.5
--   counts stay row counts: 2 promoters, 1 passive, 2 detractors
CREATE TABLE ex_w (score int, w float8);
INSERT INTO ex_w VALUES (10, 2), (9, 1), (8, 1), (6, 0.5), (0, 0.5);
SELECT nps_agg(score, w) FROM ex_w;
SELECT nps(s), mean_score(s), promoters(s), passives(s), detractors(s),
       responses(s), total_weight(s),
       abs(effective_n(s) - 25 / 6.5) < 1e-12 AS kish
FROM (SELECT nps_agg(score, w) s FROM ex_w) t;

-- all weights 1 give the unweighted NPS (but a weighted summary)
SELECT nps(nps_agg(score, 1.0)) = nps(nps_agg(score)) AS same,
       nps_agg(score, 1.0) = nps_agg(score) AS same_summary
FROM ex_a;

-- NULL weight skips the row (documented), zero weight keeps the row count
SELECT responses(nps_agg(score, w)), nps(nps_agg(score, w))
FROM (VALUES (10, NULL::float8), (0, 1.0)) x(score, w);
SELECT responses(s), total_weight(s), nps(s), mean_score(s), effective_n(s)
FROM (SELECT nps_agg(score, w) s FROM (VALUES (10, 0.0::float8), (9, 0.0)) x(score, w)) t;
-- a -0 weight is a zero weight and prints as 0
SELECT nps_agg(10, '-0'::float8);

-- + merges; merging weighted with unweighted counts unweighted answers as weight 1
SELECT nps_agg(score) + nps_agg(score) FROM ex_a;
SELECT (SELECT nps_agg(score) FROM ex_a) + (SELECT nps_agg(score, w) FROM ex_w) AS mixed;
-- + does not modify its arguments
SELECT a + b AS sum, a AS a_after, b AS b_after
FROM (SELECT 'v1;counts=1,0,0,0,0,0,0,0,0,0,0'::nps_summary a,
             'v1;counts=0,0,0,0,0,0,0,0,0,0,1'::nps_summary b) t;

-- = and <> compare by value
SELECT 'v1;counts=1,0,0,0,0,0,0,0,0,0,2'::nps_summary = 'v1;counts=1,0,0,0,0,0,0,0,0,0,2' AS eq,
       'v1;counts=1,0,0,0,0,0,0,0,0,0,2'::nps_summary <> 'v1;counts=1,0,0,0,0,0,0,0,0,0,2' AS ne,
       'v1;counts=1,0,0,0,0,0,0,0,0,0,2'::nps_summary = 'v1;counts=2,0,0,0,0,0,0,0,0,0,1' AS eq2,
       'v1;counts=1,0,0,0,0,0,0,0,0,0,2'::nps_summary <> 'v1;counts=2,0,0,0,0,0,0,0,0,0,1' AS ne2;

-- jsonb: every accessor by name (95% interval)
SELECT jsonb_pretty(nps_agg(score)::jsonb) FROM ex_a;
SELECT (s::jsonb ->> 'nps')::float8 = nps(s) AS nps_matches,
       (s::jsonb ->> 'ci_upper')::float8 = ci_upper(s) AS ci_matches,
       (s::jsonb -> 'histogram') = to_jsonb(histogram(s)) AS hist_matches
FROM (SELECT nps_agg(score) s FROM ex_a) t;
SELECT 'v1;counts=0,0,0,0,0,0,0,0,0,0,0'::nps_summary::jsonb;

-- ---------------------------------------------------------------------
-- Errors
-- ---------------------------------------------------------------------
-- score out of range: 22003, naming the value, detail with the allowed range
SELECT nps_agg(score) FROM (VALUES (10), (11)) x(score);
SELECT pg_temp.err($q$ SELECT nps_agg(v) FROM (VALUES (-1)) x(v) $q$);
SELECT pg_temp.err($q$ SELECT nps_agg(v) FROM (VALUES (2147483647)) x(v) $q$);
SELECT pg_temp.err($q$ SELECT nps_agg(v) FROM (VALUES (-2147483648)) x(v) $q$);
SELECT pg_temp.err($q$ SELECT nps_agg(v, 1) FROM (VALUES (12)) x(v) $q$);
-- a bad score is an error even with a NULL weight? no: the row is skipped first
SELECT pg_temp.err($q$ SELECT nps_agg(v, NULL) FROM (VALUES (12)) x(v) $q$);
-- bad weights: 22023
SELECT nps_agg(10, -1.0);
SELECT pg_temp.err($q$ SELECT nps_agg(10, 'NaN'::float8) $q$);
SELECT pg_temp.err($q$ SELECT nps_agg(10, 'Infinity'::float8) $q$);
SELECT pg_temp.err($q$ SELECT nps_agg(10, '-Infinity'::float8) $q$);
SELECT pg_temp.err($q$ SELECT nps_agg(10, -1e-300) $q$);
-- weights outside [1e-150, 1e150] (other than 0) would make squares
-- underflow or sums overflow: 22023
SELECT pg_temp.err($q$ SELECT nps_agg(10, 1e200) $q$);
SELECT pg_temp.err($q$ SELECT nps_agg(10, 1e-170) $q$);
SELECT nps(nps_agg(v, w)) FROM (VALUES (10, 1e150), (0, 1e-150)) x(v, w);
-- weight sums of a scale point stay below DBL_MAX / 11 = 1.634e307: 22003
SELECT pg_temp.err($q$ SELECT 'v1;counts=0,0,0,0,0,0,0,0,0,0,10000000;sumw=0,0,0,0,0,0,0,0,0,0,1e157;sumw2=0,0,0,0,0,0,0,0,0,0,1e307'::nps_summary
                            + 'v1;counts=0,0,0,0,0,0,0,0,0,0,10000000;sumw=0,0,0,0,0,0,0,0,0,0,1e157;sumw2=0,0,0,0,0,0,0,0,0,0,1e307' $q$);
-- bad confidence levels: 22023
SELECT ci_lower(nps_agg(score), 1.0) FROM ex_a;
SELECT pg_temp.err($q$ SELECT ci_upper(nps_agg(score), 0) FROM ex_a $q$);
SELECT pg_temp.err($q$ SELECT margin_of_error(nps_agg(score), -0.5) FROM ex_a $q$);
SELECT pg_temp.err($q$ SELECT margin_of_error(nps_agg(score), 95) FROM ex_a $q$);
SELECT pg_temp.err($q$ SELECT ci_lower(nps_agg(score), 'NaN') FROM ex_a $q$);
-- NULL confidence: STRICT, NULL result
SELECT ci_lower(nps_agg(score), NULL) IS NULL AS null_conf FROM ex_a;
-- removing answers a summary does not hold (rollup's inverse, called by hand)
SELECT pg_temp.err($q$ SELECT nps_summary_rollup_invfn('v1;counts=1,0,0,0,0,0,0,0,0,0,0', 'v1;counts=2,0,0,0,0,0,0,0,0,0,0') $q$);
-- A scale point holds at most floor((2^63 - 1) / 11) = 838488366986797800
-- answers, so the 11 points always add up within bigint.  Going past it,
-- by a merge, a rollup or one more row: 22003.
SELECT pg_temp.err($q$ SELECT 'v1;counts=838488366986797800,0,0,0,0,0,0,0,0,0,0'::nps_summary + 'v1;counts=1,0,0,0,0,0,0,0,0,0,0' $q$);
SELECT pg_temp.err($q$ SELECT rollup(s) FROM (VALUES ('v1;counts=0,0,0,0,0,0,0,0,0,0,838488366986797800'::nps_summary), ('v1;counts=0,0,0,0,0,0,0,0,0,0,1')) x(s) $q$);
SELECT pg_temp.err($q$ SELECT nps_agg_transfn('v1;counts=0,0,0,0,0,0,0,0,0,0,838488366986797800', 10) $q$);
SELECT pg_temp.err($q$ SELECT nps_agg_transfn('v1;counts=0,0,0,0,0,0,0,0,0,0,838488366986797800', 10, 1.0) $q$);
-- every point at its limit but the last: the total fits in bigint, and the
-- last point still takes one more answer (then the total is 11 * 838488366986797800)
SELECT responses(s), nps(s), responses(nps_agg_transfn(s, 10)) AS after_one_more,
       pg_temp.err(format('SELECT nps_agg_transfn(%L, 0)', s)) AS full_point
FROM (SELECT 'v1;counts=838488366986797800,838488366986797800,838488366986797800,838488366986797800,838488366986797800,838488366986797800,838488366986797800,838488366986797800,838488366986797800,838488366986797800,838488366986797799'::nps_summary s) t;
-- the inverse transition only removes what was added (22023), and returns
-- NULL (restart the window frame) on weighted summaries
SELECT pg_temp.err($q$ SELECT nps_agg_invfn('v1;counts=0,0,0,0,0,0,0,0,0,0,0', 5) $q$);
SELECT nps_agg_invfn('v1;counts=0,0,0,0,0,1,0,0,0,0,0;sumw=0,0,0,0,0,1,0,0,0,0,0;sumw2=0,0,0,0,0,1,0,0,0,0,0', 5) IS NULL AS restart;
SELECT nps_agg_invfn('v1;counts=0,0,0,0,0,1,0,0,0,0,0', 5);
