--
-- Dashboards: the typed report rows (nps_report, csat_report, ces_report,
-- churn_report, revenue_report), their LATERAL form, views over them with
-- no column of a cxkpi type, the re-aggregation rule of the README's
-- "Dashboards" section, and approx_equal for weighted summaries.
-- Every report column is compared with its accessor (IS NOT DISTINCT FROM,
-- so NULLs must match too); a hand-worked row fixes the values themselves.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA dash;
SET search_path = dash, public;
SET extra_float_digits = 0;

\i sql/include/err.sql

-- Generated answers: 40 days x 3 channels, scores spread over 0..10 by a
-- fixed arithmetic pattern, every 17th score NULL, weights in (0.5, 2.5).
CREATE TABLE answers AS
SELECT i, date '2026-01-01' + (i % 40) AS day,
       (ARRAY['web', 'app', 'phone'])[1 + i % 3] AS channel,
       CASE WHEN i % 17 = 0 THEN NULL ELSE (i * 7 + i / 13) % 11 END AS score,
       0.5 + ((i * 37) % 200) / 100.0 AS weight
FROM generate_series(1, 6000) AS i;

-- one empty group (only NULL scores) and one all-promoter group
INSERT INTO answers VALUES (0, date '2025-12-31', 'web', NULL, 1.0),
                           (0, date '2025-12-30', 'web', 10, 1.0);

CREATE TABLE nps_daily AS
SELECT day, channel, nps_agg(score) AS summary, nps_agg(score, weight) AS weighted
FROM answers GROUP BY day, channel;

-- Hand-worked: scores 10, 9, 8, 0 -> promoters 2, passives 1, detractors 1,
-- responses 4, NPS = 100 * (2 - 1) / 4 = 25, mean = 27 / 4 = 6.75,
-- std_error = 100 * sqrt((p + d - (p - d)^2) / n) with p = 1/2, d = 1/4:
-- 100 * sqrt(0.6875 / 4) = 41.4578...
SELECT r.* FROM (SELECT nps_agg(x) AS s FROM unnest(ARRAY[10, 9, 8, 0]) x) t,
       LATERAL nps_report(t.s) r;
SELECT abs(r.std_error - 100 * sqrt(0.6875 / 4)) < 1e-12 AS se_ok
FROM (SELECT nps_agg(x) AS s FROM unnest(ARRAY[10, 9, 8, 0]) x) t,
     LATERAL nps_report(t.s) r;

-- Every column equals its accessor, for every stored summary, weighted or
-- not, at the default and at another confidence level.
CREATE FUNCTION nps_mismatches(c double precision) RETURNS bigint LANGUAGE sql AS $$
SELECT count(*) FROM (SELECT summary AS s FROM nps_daily UNION ALL SELECT weighted FROM nps_daily) t,
       LATERAL nps_report(t.s, c) r
WHERE r.nps IS DISTINCT FROM nps(t.s)
   OR r.promoters IS DISTINCT FROM promoters(t.s)
   OR r.passives IS DISTINCT FROM passives(t.s)
   OR r.detractors IS DISTINCT FROM detractors(t.s)
   OR r.responses IS DISTINCT FROM responses(t.s)
   OR r.total_weight IS DISTINCT FROM total_weight(t.s)
   OR r.mean_score IS DISTINCT FROM mean_score(t.s)
   OR r.effective_n IS DISTINCT FROM effective_n(t.s)
   OR r.std_error IS DISTINCT FROM std_error(t.s)
   OR r.margin_of_error IS DISTINCT FROM margin_of_error(t.s, c)
   OR r.ci_lower IS DISTINCT FROM ci_lower(t.s, c)
   OR r.ci_upper IS DISTINCT FROM ci_upper(t.s, c)
$$;
SELECT nps_mismatches(0.95) AS at_95, nps_mismatches(0.8) AS at_80,
       (SELECT count(*) FROM nps_daily) AS groups;
-- the default is 0.95, and the level matters
SELECT r1 = r2 AS default_is_95, r1 <> r3 AS level_used
FROM nps_daily d, LATERAL nps_report(d.summary) r1, LATERAL nps_report(d.summary, 0.95) r2,
     LATERAL nps_report(d.summary, 0.8) r3
WHERE d.day = date '2026-01-05' AND d.channel = 'web';
-- the empty group: counts 0, every KPI NULL; all promoters: interval at the top
SELECT d.day, r.* FROM nps_daily d, LATERAL nps_report(d.summary) r
WHERE d.day < date '2026-01-01' ORDER BY d.day;

-- errors are the accessors' own
SELECT pg_temp.err($$SELECT r.* FROM (SELECT nps_agg(9) AS s) t, nps_report(t.s, 1.5) r$$);
SELECT pg_temp.err($$SELECT r.* FROM (SELECT nps_agg(9) AS s) t, nps_report(t.s, 0) r$$);
SELECT pg_temp.err($$SELECT r.* FROM (SELECT churn_agg(date '2025-01-01', NULL, daterange('2025-02-01', '2025-03-01')) AS s) t, churn_report(t.s, 1) r$$);
SELECT pg_temp.err($$SELECT * FROM nps_report('garbage')$$);
-- STRICT: a NULL summary gives one row of NULLs in FROM, NULL as a value
SELECT r.* FROM nps_report(NULL::nps_summary) r;
SELECT nps_report(NULL) IS NULL AS null_in_null_out;

-- CSAT: 1..5 default and a 1..7 scale with cutoff 6
CREATE TABLE csat_groups AS
SELECT channel, csat_agg(1 + (i * 3) % 5) AS s FROM answers GROUP BY channel
UNION ALL
SELECT channel, csat_agg(1 + (i * 5) % 7, 1, 7, 6) FROM answers GROUP BY channel
UNION ALL
SELECT channel, csat_agg(1 + (i * 5) % 7, 1, 7, weight) FROM answers GROUP BY channel
UNION ALL
SELECT 'empty', csat_agg(NULL::int);
-- Hand-worked: 5 5 4 3 1 on 1..5 -> satisfied 3 of 5 = 0.6, mean 18/5 = 3.6
SELECT r.* FROM (SELECT csat_agg(x) AS s FROM unnest(ARRAY[5, 5, 4, 3, 1]) x) t,
       LATERAL csat_report(t.s, 0.9) r;
SELECT count(*) AS mismatches, (SELECT count(*) FROM csat_groups) AS groups
FROM csat_groups t, LATERAL csat_report(t.s, 0.9) r
WHERE r.csat IS DISTINCT FROM csat(t.s)
   OR r.satisfied IS DISTINCT FROM satisfied(t.s)
   OR r.responses IS DISTINCT FROM responses(t.s)
   OR r.total_weight IS DISTINCT FROM total_weight(t.s)
   OR r.mean_score IS DISTINCT FROM mean_score(t.s)
   OR r.effective_n IS DISTINCT FROM effective_n(t.s)
   OR r.scale_min IS DISTINCT FROM scale_min(t.s)
   OR r.scale_max IS DISTINCT FROM scale_max(t.s)
   OR r.satisfied_min IS DISTINCT FROM satisfied_min(t.s)
   OR r.std_error IS DISTINCT FROM std_error(t.s)
   OR r.margin_of_error IS DISTINCT FROM margin_of_error(t.s, 0.9)
   OR r.ci_lower IS DISTINCT FROM ci_lower(t.s, 0.9)
   OR r.ci_upper IS DISTINCT FROM ci_upper(t.s, 0.9);

-- CES: 1..7 default and a 1..5 scale with agree_min 5
CREATE TABLE ces_groups AS
SELECT channel, ces_agg(1 + (i * 3) % 7) AS s FROM answers GROUP BY channel
UNION ALL
SELECT channel, ces_agg(1 + (i * 5) % 5, 1, 5, 5) FROM answers GROUP BY channel
UNION ALL
SELECT channel, ces_agg(1 + (i * 5) % 7, weight) FROM answers GROUP BY channel
UNION ALL
SELECT 'empty', ces_agg(NULL::int);
-- Hand-worked: 7 6 5 2 on 1..7 -> ces = mean = 20/4 = 5, agreed (5..7) 3, share 0.75
SELECT r.* FROM (SELECT ces_agg(x) AS s FROM unnest(ARRAY[7, 6, 5, 2]) x) t,
       LATERAL ces_report(t.s) r;
SELECT count(*) AS mismatches, (SELECT count(*) FROM ces_groups) AS groups
FROM ces_groups t, LATERAL ces_report(t.s) r
WHERE r.ces IS DISTINCT FROM ces(t.s)
   OR r.agree_share IS DISTINCT FROM agree_share(t.s)
   OR r.agreed IS DISTINCT FROM agreed(t.s)
   OR r.responses IS DISTINCT FROM responses(t.s)
   OR r.total_weight IS DISTINCT FROM total_weight(t.s)
   OR r.mean_score IS DISTINCT FROM mean_score(t.s)
   OR r.effective_n IS DISTINCT FROM effective_n(t.s)
   OR r.scale_min IS DISTINCT FROM scale_min(t.s)
   OR r.scale_max IS DISTINCT FROM scale_max(t.s)
   OR r.agree_min IS DISTINCT FROM agree_min(t.s)
   OR r.std_error IS DISTINCT FROM std_error(t.s)
   OR r.margin_of_error IS DISTINCT FROM margin_of_error(t.s)
   OR r.ci_lower IS DISTINCT FROM ci_lower(t.s)
   OR r.ci_upper IS DISTINCT FROM ci_upper(t.s);

-- Churn: customers over 2025-2026, monthly summaries per channel, in
-- date, timestamp and timestamptz periods, and a period with nobody at start.
SET TimeZone = 'Asia/Seoul';
CREATE TABLE customers AS
SELECT i AS customer_id, date '2025-01-01' + (i * 7) % 600 AS started_at,
       CASE WHEN i % 3 = 0 THEN NULL ELSE date '2025-01-01' + (i * 7) % 600 + (i * 13) % 300 END AS ended_at,
       (ARRAY['paid', 'referral', 'organic'])[1 + i % 3] AS channel
FROM generate_series(1, 3000) AS i;
CREATE TABLE churn_groups AS
SELECT m::date AS month, channel,
       churn_agg(started_at, ended_at, daterange(m::date, (m + interval '1 month')::date)) AS s
FROM generate_series(date '2024-12-01', date '2026-06-01', interval '1 month') m, customers
GROUP BY 1, 2
UNION ALL
SELECT NULL, 'ts', churn_agg(started_at::timestamp, ended_at::timestamp,
                             tsrange('2025-06-01', '2025-07-01')) FROM customers
UNION ALL
SELECT NULL, 'tstz', churn_agg(started_at::timestamptz, ended_at::timestamptz,
                               tstzrange('2025-06-01 00:00+09', '2025-07-01 00:00+09')) FROM customers;
-- Hand-worked: at the start of 2025-02 (started before, not ended by 02-01):
-- a (2025-01-10, -), b (2025-01-05, 2025-02-10); c starts 2025-02-03 and
-- ends 2025-02-20.  S = 2, churned 1 (b), retained 1, acquired 1 (c),
-- acquired_ended 1, E = 1 (a), churn 1/2, retention 1/2, CRR (E - N)/S = 0.
SELECT r.* FROM (SELECT churn_agg(s, e, daterange('2025-02-01', '2025-03-01')) AS s
                 FROM (VALUES (date '2025-01-10', NULL::date), ('2025-01-05', '2025-02-10'),
                              ('2025-02-03', '2025-02-20')) v(s, e)) t,
       LATERAL churn_report(t.s) r;
SELECT count(*) AS mismatches, (SELECT count(*) FROM churn_groups) AS groups
FROM churn_groups t, LATERAL churn_report(t.s, 0.9) r
WHERE r.period_start IS DISTINCT FROM period_start(t.s)
   OR r.period_end IS DISTINCT FROM period_end(t.s)
   OR r.customers_at_start IS DISTINCT FROM customers_at_start(t.s)
   OR r.retained IS DISTINCT FROM retained(t.s)
   OR r.churned IS DISTINCT FROM churned(t.s)
   OR r.acquired IS DISTINCT FROM acquired(t.s)
   OR r.acquired_ended IS DISTINCT FROM acquired_ended(t.s)
   OR r.customers_at_end IS DISTINCT FROM customers_at_end(t.s)
   OR r.churn_rate IS DISTINCT FROM churn_rate(t.s)
   OR r.retention_rate IS DISTINCT FROM retention_rate(t.s)
   OR r.customer_retention_rate IS DISTINCT FROM customer_retention_rate(t.s)
   OR r.std_error IS DISTINCT FROM std_error(t.s)
   OR r.ci_lower IS DISTINCT FROM ci_lower(t.s, 0.9)
   OR r.ci_upper IS DISTINCT FROM ci_upper(t.s, 0.9);
-- the December 2024 group has nobody at start: rates NULL
SELECT count(*) AS null_rate_groups FROM churn_groups t, LATERAL churn_report(t.s) r
WHERE r.churn_rate IS NULL;
-- churn_report has the columns of churn_periods, in order, without
-- period and summary
SELECT a.name, a.type, a.name = b.name AND a.type = b.type AS same
FROM (SELECT n AS name, format_type(t, NULL) AS type, o
      FROM pg_proc p, unnest(p.proargnames, p.proallargtypes, p.proargmodes) WITH ORDINALITY AS u(n, t, m, o)
      WHERE p.oid = 'churn_report'::regproc AND m = 'o') a
FULL JOIN (SELECT n AS name, format_type(t, NULL) AS type, row_number() OVER (ORDER BY o) AS o
           FROM pg_proc p, unnest(p.proargnames, p.proallargtypes, p.proargmodes) WITH ORDINALITY AS u(n, t, m, o)
           WHERE p.oid = 'churn_periods'::regproc AND m = 'o' AND n NOT IN ('period', 'summary')) b
  USING (o)
ORDER BY o;
RESET TimeZone;

-- Revenue: per-account MRR at start and end, three segments and one with
-- no starting MRR (retention NULL)
CREATE TABLE revenue_groups AS
SELECT i % 3 AS seg,
       revenue_agg(CASE WHEN i % 5 = 0 THEN NULL ELSE (i % 90) * 10.25 END,
                   CASE WHEN i % 7 = 0 THEN NULL ELSE greatest(0, (i % 90) * 10.25 + (i % 11 - 5) * 3.5) END) AS s
FROM generate_series(1, 2000) i GROUP BY 1
UNION ALL
SELECT 9, revenue_agg(NULL::numeric, 100);
-- Hand-worked: accounts (start, end) (100, 120) expansion 20, (50, 30)
-- contraction 20, (40, NULL) churned 40, (NULL, 70) new 70: starting 190,
-- ending 220, GRR = (190 - 20 - 40) / 190, NRR = (190 + 20 - 20 - 40) / 190.
SELECT r.*, abs(r.gross_revenue_retention - 130 / 190.0) < 1e-15 AS grr_ok,
       abs(r.net_revenue_retention - 150 / 190.0) < 1e-15 AS nrr_ok
FROM (SELECT revenue_agg(a, b) AS s
      FROM (VALUES (100::numeric, 120::numeric), (50, 30), (40, NULL), (NULL, 70)) v(a, b)) t,
     LATERAL revenue_report(t.s) r;
SELECT count(*) AS mismatches, (SELECT count(*) FROM revenue_groups) AS groups
FROM revenue_groups t, LATERAL revenue_report(t.s) r
WHERE r.starting_mrr IS DISTINCT FROM starting_mrr(t.s)
   OR r.ending_mrr IS DISTINCT FROM ending_mrr(t.s)
   OR r.new_mrr IS DISTINCT FROM new_mrr(t.s)
   OR r.expansion_mrr IS DISTINCT FROM expansion_mrr(t.s)
   OR r.contraction_mrr IS DISTINCT FROM contraction_mrr(t.s)
   OR r.churned_mrr IS DISTINCT FROM churned_mrr(t.s)
   OR r.gross_revenue_retention IS DISTINCT FROM gross_revenue_retention(t.s)
   OR r.net_revenue_retention IS DISTINCT FROM net_revenue_retention(t.s)
   OR r.accounts_at_start IS DISTINCT FROM accounts_at_start(t.s)
   OR r.accounts_at_end IS DISTINCT FROM accounts_at_end(t.s)
   OR r.new_accounts IS DISTINCT FROM new_accounts(t.s)
   OR r.expanded_accounts IS DISTINCT FROM expanded_accounts(t.s)
   OR r.contracted_accounts IS DISTINCT FROM contracted_accounts(t.s)
   OR r.churned_accounts IS DISTINCT FROM churned_accounts(t.s);
-- numeric columns keep the summary's scale exactly (no float rounding)
SELECT starting_mrr, pg_typeof(starting_mrr) FROM revenue_groups t, LATERAL revenue_report(t.s) r
WHERE seg = 0;

-- Every key of the jsonb casts (every accessor by name) is a report
-- column, except the array histogram and the cast's fixed confidence.
SELECT f.typ, k AS missing_column
FROM (VALUES ('nps_summary', 'nps_report', (SELECT summary::jsonb FROM nps_daily LIMIT 1)),
             ('csat_summary', 'csat_report', (SELECT s::jsonb FROM csat_groups LIMIT 1)),
             ('ces_summary', 'ces_report', (SELECT s::jsonb FROM ces_groups LIMIT 1)),
             ('churn_summary', 'churn_report', (SELECT s::jsonb FROM churn_groups LIMIT 1)),
             ('revenue_summary', 'revenue_report', (SELECT s::jsonb FROM revenue_groups LIMIT 1)))
       AS f(typ, fn, j),
     LATERAL jsonb_object_keys(f.j) AS k
WHERE k NOT IN ('histogram', 'confidence')
  AND k NOT IN (SELECT unnest(p.proargnames[2:])
                FROM pg_proc p WHERE p.proname = f.fn AND p.pronamespace = 'public'::regnamespace);

-- Column types of every report row: counts bigint, KPIs double precision,
-- bounds timestamptz, money numeric, scale points integer; snake_case.
SELECT p.proname, format_type(t, NULL) AS type, string_agg(n, ', ' ORDER BY o) AS columns
FROM pg_proc p, unnest(p.proargnames, p.proallargtypes, p.proargmodes) WITH ORDINALITY AS u(n, t, m, o)
WHERE p.proname LIKE '%\_report' AND p.pronamespace = 'public'::regnamespace AND m = 'o'
  AND p.proname IN ('nps_report', 'csat_report', 'ces_report', 'churn_report', 'revenue_report')
GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(*) AS bad_names
FROM pg_proc p, unnest(p.proargnames) AS n
WHERE p.proname IN ('nps_report', 'csat_report', 'ces_report', 'churn_report', 'revenue_report')
  AND n !~ '^[a-z][a-z0-9_]*$';
-- volatility: churn_report is STABLE like period_start (session TimeZone)
SELECT proname, provolatile, proisstrict, proparallel FROM pg_proc
WHERE proname IN ('nps_report', 'csat_report', 'ces_report', 'churn_report', 'revenue_report')
ORDER BY 1;

-- The LATERAL form calls the function once per row; (f(x)).* expands to
-- one call per column (EXPLAIN VERBOSE lists the call in every column).
CREATE FUNCTION calls_in_plan(q text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE line text; n int := 0;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP
		n := n + (length(line) - length(replace(line, 'nps_report(', ''))) / length('nps_report(');
	END LOOP;
	RETURN n;
END $$;
SELECT calls_in_plan('SELECT r.* FROM nps_daily d CROSS JOIN LATERAL nps_report(d.summary) r') AS lateral_calls,
       calls_in_plan('SELECT (nps_report(d.summary)).* FROM nps_daily d') >= 12 AS star_calls_per_column;
-- both give the same rows
SELECT count(*) AS differ FROM (
  (SELECT r.* FROM nps_daily d CROSS JOIN LATERAL nps_report(d.summary) r
   EXCEPT ALL SELECT (nps_report(d.summary)).* FROM nps_daily d)
  UNION ALL
  (SELECT (nps_report(d.summary)).* FROM nps_daily d
   EXCEPT ALL SELECT r.* FROM nps_daily d CROSS JOIN LATERAL nps_report(d.summary) r)) x;

-- A dashboard view as the README builds it: the time axis a date, the
-- additive counts beside the KPIs, no column of a cxkpi type.
CREATE VIEW nps_dashboard AS
SELECT d.day, d.channel, r.*
FROM nps_daily d CROSS JOIN LATERAL nps_report(d.summary) r;
CREATE VIEW kpi_dashboard AS
SELECT c.channel, cs.csat, cs.satisfied, cs.responses AS csat_responses,
       ce.ces, ce.agreed, ce.responses AS ces_responses
FROM (SELECT channel, rollup(s) AS s FROM csat_groups WHERE channel <> 'empty' AND scale_max(s) = 5 GROUP BY 1) c
  JOIN (SELECT channel, rollup(s) AS s FROM ces_groups WHERE channel <> 'empty' AND scale_max(s) = 7 AND total_weight(s) = responses(s) GROUP BY 1) e USING (channel)
  CROSS JOIN LATERAL csat_report(c.s) cs
  CROSS JOIN LATERAL ces_report(e.s) ce;
CREATE VIEW churn_dashboard AS
SELECT t.month, t.channel, r.* FROM churn_groups t CROSS JOIN LATERAL churn_report(t.s) r;
CREATE VIEW revenue_dashboard AS
SELECT t.seg, r.* FROM revenue_groups t CROSS JOIN LATERAL revenue_report(t.s) r;
-- no column of these views has a type of the extension ...
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_depend dep ON dep.classid = 'pg_type'::regclass AND dep.objid = a.atttypid
                  AND dep.refclassid = 'pg_extension'::regclass AND dep.deptype = 'e'
JOIN pg_extension e ON e.oid = dep.refobjid AND e.extname = 'cxkpi'
WHERE c.relname IN ('nps_dashboard', 'kpi_dashboard', 'churn_dashboard', 'revenue_dashboard')
  AND a.attnum > 0;
-- ... which the same query sees in the stored summaries' table (the check can fail)
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_depend dep ON dep.classid = 'pg_type'::regclass AND dep.objid = a.atttypid
                  AND dep.refclassid = 'pg_extension'::regclass AND dep.deptype = 'e'
JOIN pg_extension e ON e.oid = dep.refobjid AND e.extname = 'cxkpi'
WHERE c.relname = 'nps_daily' AND a.attnum > 0 ORDER BY a.attnum;
-- information_schema: every column's data_type is a built-in one
SELECT table_name, data_type, count(*) AS columns
FROM information_schema.columns
WHERE table_schema = 'dash'
  AND table_name IN ('nps_dashboard', 'kpi_dashboard', 'churn_dashboard', 'revenue_dashboard')
GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(*) AS user_defined_columns
FROM information_schema.columns
WHERE table_schema = 'dash' AND data_type = 'USER-DEFINED'
  AND table_name IN ('nps_dashboard', 'kpi_dashboard', 'churn_dashboard', 'revenue_dashboard');
-- churn_periods keeps its summary column: select the typed ones by name
SELECT format_type(t, NULL) AS type, string_agg(n, ', ' ORDER BY o) AS columns
FROM pg_proc p, unnest(p.proargnames, p.proallargtypes, p.proargmodes) WITH ORDINALITY AS u(n, t, m, o)
WHERE p.oid = 'churn_periods'::regproc AND m = 'o'
GROUP BY 1 ORDER BY 1;

-- Re-aggregation from the view's additive counts is exact; averaging the
-- rows' NPS is not.  Per channel over the 40 days:
--   exact NPS = 100 * (sum promoters - sum detractors) / sum responses
SELECT v.channel,
       abs(100.0 * (sum(v.promoters) - sum(v.detractors)) / sum(v.responses)
           - (SELECT nps(nps_agg(score)) FROM answers a WHERE a.channel = v.channel AND a.day >= '2026-01-01')) < 1e-12
         AS counts_formula_exact,
       abs(avg(v.nps) - (SELECT nps(nps_agg(score)) FROM answers a WHERE a.channel = v.channel AND a.day >= '2026-01-01')) > 1e-9
         AS average_of_nps_differs
FROM nps_dashboard v WHERE v.day >= '2026-01-01'
GROUP BY v.channel ORDER BY 1;

-- Weighted summaries across plans.  "=" compares bytes: weight sums added
-- in another order can differ in the last bits.  0.1 + 0.2 + 0.3 summed
-- left to right is 0.6000000000000001, right to left 0.6:
SET extra_float_digits = 1;
SELECT (0.1::float8 + 0.2) + 0.3 AS forward, 0.1::float8 + (0.2 + 0.3) AS backward;
CREATE TABLE w (i int, score int, weight float8);
INSERT INTO w VALUES (1, 9, 0.1), (2, 9, 0.2), (3, 9, 0.3);
SELECT a = b AS byte_equal, approx_equal(a, b) AS approx, approx_equal(a, b, 0) AS zero_tol,
       nps(a) = nps(b) AS same_nps, total_weight(a) AS wa, total_weight(b) AS wb
FROM (SELECT nps_agg(score, weight ORDER BY i) AS a, nps_agg(score, weight ORDER BY i DESC) AS b FROM w) t;
RESET extra_float_digits;
SET extra_float_digits = 0;
-- counts must match exactly; weight sums within the tolerance
SELECT approx_equal(nps_agg(9, 1.0), nps_agg(9, 1.0 + 1e-13)) AS within,
       approx_equal(nps_agg(9, 1.0), nps_agg(9, 1.0 + 1e-9)) AS outside,
       approx_equal(nps_agg(9, 1.0), nps_agg(9, 1.0 + 1e-9), 1e-6) AS wider_tol,
       approx_equal(nps_agg(9, 1.0), nps_agg(8, 1.0)) AS other_point,
       approx_equal(nps_agg(9), nps_agg(9, 1.0)) AS weighted_vs_not,
       approx_equal(nps_agg(9), nps_agg(9)) AS unweighted_same;
SELECT approx_equal(csat_agg(4), csat_agg(4, 1, 5, 5)) AS other_cutoff,
       approx_equal(csat_agg(4), csat_agg(4, 1, 7)) AS other_scale,
       approx_equal(ces_agg(5, 2.5), ces_agg(5, 2.5)) AS ces_same;
SELECT pg_temp.err($$SELECT approx_equal(nps_agg(9), nps_agg(9), -1)$$);
SELECT pg_temp.err($$SELECT approx_equal(nps_agg(9), nps_agg(9), 'NaN')$$);
SELECT pg_temp.err($$SELECT approx_equal(nps_agg(9), nps_agg(9), 1)$$);

-- serial vs parallel: forced parallel plan of weighted summaries of 200 000
-- rows with weights that are not exact binary fractions
CREATE TABLE wbig AS
SELECT i, (i * 7) % 11 AS score, (i % 1000) / 1000.0 + 0.001 AS weight,
       (i * 5) % 7 + 1 AS ces_score
FROM generate_series(1, 200000) i;
ANALYZE wbig;
CREATE TABLE serial AS
SELECT nps_agg(score, weight) AS n, csat_agg(1 + score % 5, weight) AS c, ces_agg(ces_score, weight) AS e,
       nps_agg(score) AS u
FROM wbig;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
CREATE FUNCTION plan_has(q text, what text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE line text;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
		IF line LIKE '%' || what || '%' THEN RETURN true; END IF;
	END LOOP;
	RETURN false;
END $$;
SELECT plan_has($$CREATE TABLE par AS
SELECT nps_agg(score, weight) AS n, csat_agg(1 + score % 5, weight) AS c, ces_agg(ces_score, weight) AS e,
       nps_agg(score) AS u
FROM wbig$$, 'Partial Aggregate') AS partial_aggregate;
CREATE TABLE par AS
SELECT nps_agg(score, weight) AS n, csat_agg(1 + score % 5, weight) AS c, ces_agg(ces_score, weight) AS e,
       nps_agg(score) AS u
FROM wbig;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- approx-equal always; byte-equal only when the workers happened to add in
-- the serial order (not printed: it depends on how rows were shared out)
SELECT approx_equal(s.n, p.n) AS nps_approx, approx_equal(s.c, p.c) AS csat_approx,
       approx_equal(s.e, p.e) AS ces_approx, s.u = p.u AS unweighted_byte_equal,
       responses(s.n) = responses(p.n) AS same_counts
FROM serial s, par p;
