--
-- Every accessor returns a value in its documented domain, or NULL, for
-- every valid summary, including extreme ones: p-values in [0, 1], shares
-- and rates in [0, 1], NPS in [-100, 100], means and interval bounds on the
-- scale, lower <= upper, standard errors and margins finite and >= 0,
-- effective n in [1, n].  Also the input-parsing defects of 0.2.0: numbers
-- that wrapped instead of being rejected, and impossible weight sums.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA domains;
SET search_path = domains, public;
SET extra_float_digits = 0;

\i sql/include/err.sql

-- ---------------------------------------------------------------------
-- Counts that wrapped on 0.2.0.  2^64 + 5 = 18446744073709551621 read as
-- at_start = 5; every count field of every type must reject it (22P02).
-- ---------------------------------------------------------------------
SELECT pg_temp.err($q$ SELECT 'v1;period=[2026-01-01,2026-02-01);at_start=18446744073709551621;churned=0;acquired=0;acquired_ended=0'::churn_summary $q$);
SELECT pg_temp.err($q$ SELECT 'v1;period=[2026-01-01,2026-02-01);at_start=5;churned=0;acquired=18446744073709551621;acquired_ended=0'::churn_summary $q$);
-- the largest count, 2^62 - 1 = 4611686018427387903, is accepted; one more is not
SELECT customers_at_start('v1;period=[2026-01-01,2026-02-01);at_start=4611686018427387903;churned=0;acquired=0;acquired_ended=0'::churn_summary);
SELECT pg_temp.err($q$ SELECT 'v1;period=[2026-01-01,2026-02-01);at_start=4611686018427387904;churned=0;acquired=0;acquired_ended=0'::churn_summary $q$);
SELECT pg_temp.err($q$ SELECT 'v1;bounds=2026-01-01,2026-02-01;at_start=18446744073709551621;churned=0;acquired=0;acquired_ended=0'::churn_series $q$);
SELECT pg_temp.err($q$ SELECT 'v1;bounds=2026-01-01,2026-02-01;at_start=1;churned=0;acquired=36893488147419103237;acquired_ended=0'::churn_series $q$);
SELECT pg_temp.err($q$ SELECT 'v1;counts=18446744073709551621,0,0,0,0,0,0,0,0,0,0'::nps_summary $q$);
SELECT pg_temp.err($q$ SELECT 'v1;scale=1..5;cutoff=4;counts=0,0,0,0,18446744073709551621'::csat_summary $q$);
SELECT pg_temp.err($q$ SELECT 'v1;scale=18446744073709551617..5;cutoff=4;counts=0,0,0,0,1'::csat_summary $q$);
SELECT pg_temp.err($q$ SELECT 'v1;scale=-18446744073709551617..5;cutoff=4;counts=0,0,0,0,1'::csat_summary $q$);
SELECT pg_temp.err($q$ SELECT 'v1;scale=0;accounts_at_start=18446744073709551621;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting_mrr=0;new_mrr=0;expansion_mrr=0;contraction_mrr=0;churned_mrr=0'::revenue_summary $q$);
SELECT pg_temp.err($q$ SELECT 'v18446744073709551617;counts=1,0,0,0,0,0,0,0,0,0,0'::nps_summary $q$);

-- ---------------------------------------------------------------------
-- Impossible weight sums.  A weight is 0 or in [1e-150, 1e150]: one answer
-- cannot weigh 1e153, and sums near 1e307 need more answers than a summary
-- holds (n * 1e150 at most).
-- ---------------------------------------------------------------------
SELECT pg_temp.err($q$ SELECT 'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,1e153;sumw2=0,0,0,0,0,0,0,0,0,0,1e306'::nps_summary $q$);
-- 1e150 itself is the largest weight
SELECT total_weight('v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,1e150;sumw2=0,0,0,0,0,0,0,0,0,0,1e300'::nps_summary);
SELECT pg_temp.err($q$ SELECT 'v1;counts=0,0,0,0,0,0,0,0,0,9000000000000000,9000000000000000;sumw=0,0,0,0,0,0,0,0,0,1e307,1e307;sumw2=0,0,0,0,0,0,0,0,0,1e300,1e300'::nps_summary $q$);
-- Five answers weighing 1 have effective n 5.  The text form tolerates
-- rounding (1e-3) in sumw2: sumw2 = 4.9955 is accepted, and effective n
-- (25 / 4.9955 = 5.0045) is brought back to n = 5: (sum w)^2 / sum w^2 <= n
-- by Cauchy-Schwarz.
SELECT effective_n('v1;counts=0,0,0,0,0,0,0,0,0,0,5;sumw=0,0,0,0,0,0,0,0,0,0,5;sumw2=0,0,0,0,0,0,0,0,0,0,4.9955'::nps_summary);

-- ---------------------------------------------------------------------
-- Values outside their domain from ordinary rows (0.2.0).
-- ---------------------------------------------------------------------

-- p_value(s, s) compares a summary with itself: t = 0, p = 1 exactly.
-- 0.2.0 returned 1.0000000000000002 for 30 ordinary CES answers on 0..10.
SELECT p_value(s, s) FROM (SELECT ces_agg(x % 11, 0, 10) AS s FROM generate_series(1, 30) x) q;
SELECT count(*) AS tested,
       count(*) FILTER (WHERE p_value(c, c) <> 1) AS ces_not_1,
       count(*) FILTER (WHERE p_value(n, n) <> 1) AS nps_not_1,
       count(*) FILTER (WHERE p_value(k, k) <> 1) AS csat_not_1
FROM (SELECT m, ces_agg(x % 11, 0, 10) AS c, nps_agg(x % 11) AS n, csat_agg(1 + x % 5) AS k
      FROM generate_series(2, 300) m, generate_series(1, m) x GROUP BY m) q;

-- Two weighted CES answers, weights 1 and 0.0005: effective n
-- (1.0005)^2 / (1 + 0.00000025) = 1.001, so the t interval has 0.001
-- degrees of freedom: its margin overflows.  0.2.0 returned an infinite
-- margin; the interval is now NULL (undefined), never outside the scale.
SELECT round(effective_n(s)::numeric, 6) AS effective_n,
       margin_of_error(s) AS margin, ci_lower(s) AS lower, ci_upper(s) AS upper,
       s::jsonb -> 'margin_of_error' AS json_margin
FROM (SELECT ces_agg(x, w) AS s FROM (VALUES (2, 1.0), (6, 0.0005)) v(x, w)) q;

-- Counts beyond 2^53: the mean is a ratio of rounded sums.  216841387007372851
-- answers, all scoring 6 on a 5..6 scale: the mean is 6 exactly, but in
-- doubles sum(c x) / sum(c) = 6.000000000000001, and 0.2.0 returned that as
-- ces() and mean_score(), with ci_lower (= the mean, the variance being 0)
-- above ci_upper (= the scale maximum 6).  Likewise 52505283528975056
-- answers scoring -3 on -3..-2 gave -3.0000000000000004.  Now 6 and -3.
SELECT ces(s) AS ces, mean_score(s) AS mean, ci_lower(s) AS lower, ci_upper(s) AS upper,
       ci_lower(s) <= ci_upper(s) AS ordered
FROM (VALUES ('v1;scale=5..6;cutoff=6;counts=0,216841387007372851'::ces_summary),
             ('v1;scale=-3..-2;cutoff=-3;counts=52505283528975056,0'::ces_summary)) v(s);

-- customer_retention_rate is (E - N) / S, the textbook formula, and it is
-- negative when customers acquired within the period also leave within it:
-- one retained customer (S = 1, C = 0) and three new customers who left
-- (N = 3, NE = 3): E = S - C + N - NE = 1, (E - N) / S = (1 - 3) / 1 = -2.
-- Its domain is (-inf, 1]: 1 - (C + NE) / S.  retention_rate, (S - C) / S,
-- stays in [0, 1].
SELECT customer_retention_rate(s) AS crr, retention_rate(s) AS retention
FROM (SELECT churn_agg(st, en, daterange('2026-01-01', '2026-02-01')) AS s
      FROM (VALUES (date '2025-06-01', NULL::date), ('2026-01-05', '2026-01-10'),
                   ('2026-01-06', '2026-01-11'), ('2026-01-07', '2026-01-12')) x(st, en)) q;

-- ---------------------------------------------------------------------
-- A sweep over extreme valid summaries: random counts up to the largest a
-- point holds (2^63 / 11), many points empty, weights from 1e-150 to
-- 1e150, every scale width.  Every accessor must stay in its domain.
-- ---------------------------------------------------------------------
SELECT setseed(0.8);
CREATE TABLE extreme AS
SELECT g,
       (SELECT string_agg(CASE WHEN random() < 0.3 THEN '0'
                               WHEN random() < 0.5 THEN (1 + floor(random() * 838488366986790000))::bigint::text
                               ELSE (1 + floor(random() * 100))::int::text END, ',')
        FROM generate_series(1, 11) WHERE g > 0) AS counts,
       1 + floor(random() * 10)::int AS width,
       random() < 0.4 AS weighted,
       power(10, -150 + floor(random() * 301)) AS w
FROM generate_series(1, 3000) g;

-- a valid summary from each row: counts on the first width+1 points; when
-- weighted every answer of a point weighs w (sumw = c w, sumw2 = c w^2)
CREATE TABLE ex AS
SELECT g, weighted, lo, hi, c,
       format('v1;scale=%s..%s;cutoff=%s;counts=%s', lo, hi, lo + (hi - lo) / 2, array_to_string(c, ','))
       || CASE WHEN weighted THEN
              ';sumw=' || (SELECT string_agg((x::float8 * w)::text, ',') FROM unnest(c) x)
           || ';sumw2=' || (SELECT string_agg(least(x::numeric * w::numeric * w::numeric, 1.6e307)::float8::text, ',') FROM unnest(c) x)
          ELSE '' END AS body
FROM (SELECT g, weighted, w, -3 AS lo, -3 + width AS hi,
             (string_to_array(counts, ','))[1:width + 1]::bigint[] AS c
      FROM extreme) x;

CREATE FUNCTION pg_temp.domain_errors(body text, lo int, hi int) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
	c csat_summary;
	e ces_summary;
	r text[] := '{}';
	v float8; l float8; u float8; m float8;
BEGIN
	BEGIN
		c := body::csat_summary;
		e := body::ces_summary;
	EXCEPTION WHEN invalid_text_representation THEN
		RETURN NULL;			-- not a valid summary (sumw2 capped): skipped
	END;
	v := csat(c);
	IF v < 0 OR v > 1 THEN r := r || 'csat'; END IF;
	l := ci_lower(c); u := ci_upper(c);
	IF l < 0 OR u > 1 OR l > u THEN r := r || 'csat ci'; END IF;
	IF margin_of_error(c) < 0 OR margin_of_error(c) = 'Infinity' THEN r := r || 'csat margin'; END IF;
	IF std_error(c) < 0 OR std_error(c) = 'Infinity' THEN r := r || 'csat se'; END IF;
	v := p_value(c, c);
	IF v < 0 OR v > 1 THEN r := r || 'csat p'; END IF;
	m := ces(e);
	IF m < lo OR m > hi THEN r := r || ('ces mean ' || m); END IF;
	m := mean_score(e);
	IF m < lo OR m > hi THEN r := r || 'mean_score'; END IF;
	l := ci_lower(e); u := ci_upper(e);
	IF l < lo OR u > hi OR l > u THEN r := r || ('ces ci ' || l || ' ' || u); END IF;
	IF margin_of_error(e) < 0 OR margin_of_error(e) = 'Infinity' THEN r := r || 'ces margin'; END IF;
	IF std_error(e) < 0 OR std_error(e) = 'Infinity' THEN r := r || 'ces se'; END IF;
	v := p_value(e, e);
	IF v < 0 OR v > 1 THEN r := r || 'ces p'; END IF;
	v := effective_n(e);
	IF v < 1 OR v > responses(e) THEN r := r || ('effective_n ' || v); END IF;
	IF (e::jsonb ->> 'ci_lower')::float8 IS DISTINCT FROM ci_lower(e)
	   OR (e::jsonb ->> 'margin_of_error')::float8 IS DISTINCT FROM margin_of_error(e) THEN
		r := r || 'ces jsonb';
	END IF;
	RETURN r;
END $$;

SELECT count(*) AS summaries,
       count(*) FILTER (WHERE weighted) AS weighted,
       count(*) FILTER (WHERE pg_temp.domain_errors(body, lo, hi) IS NULL) AS rejected,
       count(*) FILTER (WHERE pg_temp.domain_errors(body, lo, hi) = '{}') AS in_domain
FROM ex;
SELECT g, body, pg_temp.domain_errors(body, lo, hi) AS errors
FROM ex WHERE pg_temp.domain_errors(body, lo, hi) <> '{}' ORDER BY g LIMIT 5;

-- NPS at extreme counts: -100 <= nps, bounds in -100..100, lower <= upper,
-- p in [0, 1] (NULL, where undefined, is allowed).
SELECT count(*) AS nps_summaries,
       count(*) FILTER (WHERE nps(s) IS NOT NULL) AS with_nps,
       count(*) FILTER (WHERE nps(s) < -100 OR nps(s) > 100
                           OR ci_lower(s) < -100 OR ci_upper(s) > 100 OR ci_lower(s) > ci_upper(s)
                           OR margin_of_error(s) < 0 OR std_error(s) < 0
                           OR p_value(s, s) < 0 OR p_value(s, s) > 1) AS outside
FROM (SELECT format('v1;counts=%s', array_to_string(c || array_fill(0::bigint, ARRAY[11 - cardinality(c)]), ','))::nps_summary AS s
      FROM ex) q;
