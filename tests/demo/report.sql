-- cxkpi demo report: Net Promoter Score (NPS), Customer Satisfaction (CSAT)
-- and Customer Effort Score (CES) on the sample of tests/data/surveys.sql.
-- Run by `make demo` (tests/demo/run.sh): psql -v ON_ERROR_STOP=1 -f tests/demo/report.sql
--
-- Everything below uses only cxkpi's SQL API: the aggregates nps_agg(score),
-- nps_agg(score, weight), csat_agg(csat_score), ces_agg(ces_score) and
-- rollup(summary), the + and = operators on the summaries, and their
-- accessors.  Plain SQL appears only to check a result against the raw rows.

\set QUIET on
\set ON_ERROR_STOP on
\pset footer off
\pset null '-'

-- date_trunc() and ::date on timestamptz follow the session time zone.
SET TimeZone = 'UTC';
SET client_min_messages = warning;

-- Header lines and titles are built here (psql does not interpolate
-- variables inside quoted \echo arguments).
SELECT count(*) AS n_rows,
	   format(' %s survey responses, %s to %s: %s answered, %s NULL scores (skipped by nps_agg)',
			  count(*), min(answered_at)::date, max(answered_at)::date,
			  count(score), count(*) - count(score)) AS header_line,
	   format('(d) Latest month (%s) vs previous month (%s)',
			  to_char(date_trunc('month', max(answered_at)), 'YYYY-MM'),
			  to_char(date_trunc('month', max(answered_at)) - interval '1 month', 'YYYY-MM')) AS title_d,
	   format('(g) One summary, everything in it: the latest month (%s)',
			  to_char(date_trunc('month', max(answered_at)), 'YYYY-MM')) AS title_g,
	   format(' %s purchase and delivery answers: %s with a CSAT score, %s NULL (skipped by csat_agg)',
			  count(*) FILTER (WHERE touchpoint <> 'support'), count(csat_score),
			  count(*) FILTER (WHERE touchpoint <> 'support') - count(csat_score)) AS csat_line,
	   format(' %s support answers: %s with a CES score, %s NULL (skipped by ces_agg)',
			  count(*) FILTER (WHERE touchpoint = 'support'), count(ces_score),
			  count(*) FILTER (WHERE touchpoint = 'support') - count(ces_score)) AS ces_line,
	   format('(l) CES, latest month (%s) vs previous month (%s)',
			  to_char(date_trunc('month', max(answered_at)), 'YYYY-MM'),
			  to_char(date_trunc('month', max(answered_at)) - interval '1 month', 'YYYY-MM')) AS title_l
FROM survey_responses \gset

\echo
\echo '================================================================================'
\echo ' cxkpi demo -- Net Promoter Score (NPS)'
\echo :header_line
\echo ' NPS = % promoters (scores 9-10) - % detractors (scores 0-6), from -100 to +100'
\echo '================================================================================'

\echo
\echo '(a) NPS per month, with its 95% confidence interval'
\echo '    nps_agg(score) per month; promoters(s), passives(s), detractors(s), nps(s), ci_lower(s), ci_upper(s)'
\echo
WITH per_month AS (
	SELECT date_trunc('month', answered_at) AS month, nps_agg(score) AS s
	FROM survey_responses
	GROUP BY 1
)
SELECT to_char(month, 'YYYY-MM') AS month,
	   responses(s) AS responses,
	   round(100.0 * promoters(s) / responses(s), 1) AS "promoters %",
	   round(100.0 * passives(s) / responses(s), 1) AS "passives %",
	   round(100.0 * detractors(s) / responses(s), 1) AS "detractors %",
	   round(nps(s)::numeric, 1) AS nps,
	   format('[%s, %s]', round(ci_lower(s)::numeric, 1),
			  round(ci_upper(s)::numeric, 1)) AS "95% interval"
FROM per_month
ORDER BY per_month.month;

\echo
\echo '(b) NPS per channel, whole period'
\echo '    mean_score(s), nps(s), margin_of_error(s) and the interval'
\echo
SELECT channel,
	   responses(s) AS responses,
	   round(mean_score(s)::numeric, 2) AS "mean score",
	   round(nps(s)::numeric, 1) AS nps,
	   '+/- ' || round(margin_of_error(s)::numeric, 1) AS "margin",
	   format('[%s, %s]', round(ci_lower(s)::numeric, 1),
			  round(ci_upper(s)::numeric, 1)) AS "95% interval"
FROM (SELECT channel, nps_agg(score) AS s
	  FROM survey_responses
	  GROUP BY channel) AS per_channel
ORDER BY nps(s) DESC;

\echo
\echo '(c) NPS per touchpoint, whole period'
\echo
SELECT touchpoint,
	   responses(s) AS responses,
	   round(mean_score(s)::numeric, 2) AS "mean score",
	   round(nps(s)::numeric, 1) AS nps,
	   '+/- ' || round(margin_of_error(s)::numeric, 1) AS "margin",
	   format('[%s, %s]', round(ci_lower(s)::numeric, 1),
			  round(ci_upper(s)::numeric, 1)) AS "95% interval"
FROM (SELECT touchpoint, nps_agg(score) AS s
	  FROM survey_responses
	  GROUP BY touchpoint) AS per_touchpoint
ORDER BY nps(s) DESC;

\echo
\echo :title_d
\echo '    p_value(latest, previous): two-sided z test that the NPS differs'
\echo
WITH bounds AS (
	SELECT date_trunc('month', max(answered_at)) AS latest
	FROM survey_responses
), two_months AS (
	SELECT coalesce(channel, 'all channels') AS segment,
		   grouping(channel) AS is_total,
		   nps_agg(score) FILTER (WHERE answered_at < latest) AS prev,
		   nps_agg(score) FILTER (WHERE answered_at >= latest) AS last
	FROM survey_responses, bounds
	WHERE answered_at >= latest - interval '1 month'
	GROUP BY GROUPING SETS ((), (channel))
), tested AS (
	SELECT *, p_value(last, prev) AS p FROM two_months
)
SELECT segment,
	   responses(prev) AS "n previous",
	   round(nps(prev)::numeric, 1) AS "NPS previous",
	   responses(last) AS "n latest",
	   round(nps(last)::numeric, 1) AS "NPS latest",
	   to_char(round((nps(last) - nps(prev))::numeric, 1), 'S990.0') AS change,
	   CASE WHEN p < 0.0001 THEN '< 0.0001' ELSE to_char(p, 'FM0.0000') END AS "p-value",
	   CASE WHEN p < 0.05 THEN 'significant at 5%' ELSE 'not significant' END AS verdict
FROM tested
ORDER BY is_total DESC, nps(last) DESC;

\echo
\echo '(e) Pre-aggregation: a materialized view of daily summaries, rolled up'
\echo
DROP MATERIALIZED VIEW IF EXISTS nps_daily;
CREATE MATERIALIZED VIEW nps_daily AS
	SELECT answered_at::date AS day, channel, nps_agg(score) AS summary
	FROM survey_responses
	GROUP BY 1, 2;
SELECT format('    -> %s rows (one summary per day and channel, %s) instead of %s responses.',
			  count(*), pg_size_pretty(pg_total_relation_size('nps_daily')), :n_rows) AS mv_line
FROM nps_daily \gset
\echo '    CREATE MATERIALIZED VIEW nps_daily AS'
\echo '        SELECT answered_at::date AS day, channel, nps_agg(score) AS summary'
\echo '        FROM survey_responses GROUP BY 1, 2;'
\echo :mv_line
\echo '    Monthly NPS from the view with rollup(summary); matches_raw compares it'
\echo '    (operator =) with nps_agg(score) over the raw rows of the month:'
\echo
WITH from_view AS (
	SELECT date_trunc('month', day)::date AS month,
		   count(*) AS summaries,
		   rollup(summary) AS s
	FROM nps_daily
	GROUP BY 1
), from_rows AS (
	SELECT date_trunc('month', answered_at)::date AS month,
		   nps_agg(score) AS s
	FROM survey_responses
	GROUP BY 1
)
SELECT to_char(month, 'YYYY-MM') AS month,
	   v.summaries AS "summaries merged",
	   responses(v.s) AS responses,
	   round(nps(v.s)::numeric, 1) AS nps,
	   format('[%s, %s]', round(ci_lower(v.s)::numeric, 1),
			  round(ci_upper(v.s)::numeric, 1)) AS "95% interval",
	   v.s = r.s AS matches_raw
FROM from_view AS v
	FULL JOIN from_rows AS r USING (month)
ORDER BY month;

\echo '    Summaries also add up with +: app + web from the view vs nps_agg over both channels:'
\echo
SELECT round(nps(app + web)::numeric, 1) AS "NPS app + web",
	   responses(app + web) AS responses,
	   (app + web) = both_raw AS matches_raw
FROM (SELECT rollup(summary) FILTER (WHERE channel = 'app') AS app,
			 rollup(summary) FILTER (WHERE channel = 'web') AS web
	  FROM nps_daily) AS v,
	 (SELECT nps_agg(score) AS both_raw
	  FROM survey_responses
	  WHERE channel IN ('app', 'web')) AS r;

\echo
\echo '(f) Weighted NPS per month (post-stratification weights)'
\echo '    nps_agg(score, weight); total_weight(s), effective_n(s) (Kish), Wald interval'
\echo
WITH per_month AS (
	SELECT date_trunc('month', answered_at) AS month,
		   nps_agg(score) AS u,
		   nps_agg(score, weight) AS w
	FROM survey_responses
	GROUP BY 1
)
SELECT to_char(month, 'YYYY-MM') AS month,
	   responses(w) AS responses,
	   round(total_weight(w)::numeric, 0) AS "total weight",
	   round(effective_n(w)::numeric, 0) AS "effective n",
	   round(nps(u)::numeric, 1) AS "NPS unweighted",
	   round(nps(w)::numeric, 1) AS "NPS weighted",
	   '+/- ' || round(margin_of_error(w)::numeric, 1) AS "margin",
	   format('[%s, %s]', round(ci_lower(w)::numeric, 1),
			  round(ci_upper(w)::numeric, 1)) AS "95% interval"
FROM per_month
ORDER BY per_month.month;

\echo
\echo :title_g
\echo '    histogram(s): answers per score 0..10; std_error(s); ci_lower(s, 0.99), ci_upper(s, 0.99)'
\echo
WITH latest AS (
	SELECT nps_agg(score) AS s
	FROM survey_responses
	WHERE answered_at >= (SELECT date_trunc('month', max(answered_at))
						  FROM survey_responses)
)
SELECT histogram(s) AS "histogram (scores 0..10)",
	   round(std_error(s)::numeric, 2) AS "std error",
	   format('[%s, %s]', round(ci_lower(s, 0.99)::numeric, 1),
			  round(ci_upper(s, 0.99)::numeric, 1)) AS "99% interval"
FROM latest;

\echo '    The same summary as jsonb (s::jsonb), one key per row:'
\echo
WITH latest AS (
	SELECT nps_agg(score) AS s
	FROM survey_responses
	WHERE answered_at >= (SELECT date_trunc('month', max(answered_at))
						  FROM survey_responses)
)
SELECT j.key, j.value
FROM latest, jsonb_each(s::jsonb) WITH ORDINALITY AS j(key, value, ord)
ORDER BY j.ord;

\echo
\echo '================================================================================'
\echo ' Customer Satisfaction (CSAT)'
\echo :csat_line
\echo ' CSAT = % satisfied: answers 4-5 on a 1-5 scale (top-2 box), from 0 to 100'
\echo '================================================================================'

\echo
\echo '(h) CSAT per month, with its 95% Wilson score interval'
\echo '    csat_agg(csat_score) per month; satisfied(s), mean_score(s), csat(s), ci_lower(s), ci_upper(s)'
\echo
WITH per_month AS (
	SELECT date_trunc('month', answered_at) AS month, csat_agg(csat_score) AS s
	FROM survey_responses
	GROUP BY 1
)
SELECT to_char(month, 'YYYY-MM') AS month,
	   responses(s) AS responses,
	   satisfied(s) AS satisfied,
	   round(mean_score(s)::numeric, 2) AS "mean score",
	   round(100 * csat(s)::numeric, 1) AS "CSAT %",
	   format('[%s, %s]', round(100 * ci_lower(s)::numeric, 1),
			  round(100 * ci_upper(s)::numeric, 1)) AS "95% interval"
FROM per_month
ORDER BY per_month.month;

\echo
\echo '(i) CSAT per channel, whole period'
\echo '    csat(s), margin_of_error(s) (half-width of the Wilson interval) and the interval'
\echo
SELECT coalesce(channel, 'all channels') AS channel,
	   responses(s) AS responses,
	   round(mean_score(s)::numeric, 2) AS "mean score",
	   round(100 * csat(s)::numeric, 1) AS "CSAT %",
	   '+/- ' || round(100 * margin_of_error(s)::numeric, 1) AS "margin",
	   format('[%s, %s]', round(100 * ci_lower(s)::numeric, 1),
			  round(100 * ci_upper(s)::numeric, 1)) AS "95% interval"
FROM (SELECT channel, grouping(channel) AS is_total, csat_agg(csat_score) AS s
	  FROM survey_responses
	  GROUP BY GROUPING SETS ((), (channel))) AS per_channel
ORDER BY is_total DESC, csat(s) DESC;

\echo
\echo '(j) Another cutoff, no raw rows: a top-1 box from stored daily summaries'
\echo
DROP MATERIALIZED VIEW IF EXISTS csat_daily;
CREATE MATERIALIZED VIEW csat_daily AS
	SELECT answered_at::date AS day, channel, csat_agg(csat_score) AS summary
	FROM survey_responses
	GROUP BY 1, 2;
SELECT format('    -> %s rows (one summary per day and channel, %s), all stored with satisfied_min = %s.',
			  count(*), pg_size_pretty(pg_total_relation_size('csat_daily')),
			  string_agg(DISTINCT satisfied_min(summary)::text, ', ')) AS csat_mv_line
FROM csat_daily \gset
\echo '    CREATE MATERIALIZED VIEW csat_daily AS'
\echo '        SELECT answered_at::date AS day, channel, csat_agg(csat_score) AS summary'
\echo '        FROM survey_responses GROUP BY 1, 2;'
\echo :csat_mv_line
\echo '    A summary keeps the count of every score, so csat(rollup(s), 5) re-reads the'
\echo '    stored top-2 box summaries as a top-1 box (only 5s count as satisfied) from'
\echo '    the view alone; "top-1, raw rows" is the share of 5s counted in'
\echo '    survey_responses, for comparison:'
\echo
WITH from_view AS (
	SELECT date_trunc('month', day)::date AS month,
		   rollup(summary) AS s
	FROM csat_daily
	GROUP BY 1
), from_rows AS (
	SELECT date_trunc('month', answered_at)::date AS month,
		   count(*) FILTER (WHERE csat_score = 5)::float8 / count(csat_score) AS top1
	FROM survey_responses
	GROUP BY 1
)
SELECT to_char(month, 'YYYY-MM') AS month,
	   responses(v.s) AS responses,
	   round(100 * csat(v.s)::numeric, 1) AS "top-2 box %",
	   round(100 * csat(v.s, 5)::numeric, 1) AS "top-1 box %",
	   round(100 * r.top1::numeric, 1) AS "top-1, raw rows %",
	   csat(v.s, 5) = r.top1 AS matches_raw
FROM from_view AS v
	FULL JOIN from_rows AS r USING (month)
ORDER BY month;

\echo
\echo '================================================================================'
\echo ' Customer Effort Score (CES 2.0)'
\echo :ces_line
\echo ' "The company made it easy for me to handle my issue": 1 = strongly disagree .. 7 ='
\echo ' strongly agree.  CES = the mean answer; agree share = % answering 5-7'
\echo '================================================================================'

\echo
\echo '(k) CES per channel, whole period, with its 95% Student-t interval'
\echo '    ces_agg(ces_score); ces(s), std_error(s), ci_lower(s), ci_upper(s), agree_share(s), histogram(s)'
\echo
SELECT coalesce(channel, 'all channels') AS channel,
	   responses(s) AS responses,
	   round(ces(s)::numeric, 2) AS ces,
	   round(std_error(s)::numeric, 3) AS "std error",
	   format('[%s, %s]', round(ci_lower(s)::numeric, 2),
			  round(ci_upper(s)::numeric, 2)) AS "95% interval",
	   round(100 * agree_share(s)::numeric, 1) AS "agree %",
	   histogram(s) AS "histogram (1..7)"
FROM (SELECT channel, grouping(channel) AS is_total, ces_agg(ces_score) AS s
	  FROM survey_responses
	  GROUP BY GROUPING SETS ((), (channel))) AS per_channel
ORDER BY is_total DESC, ces(s) DESC;

\echo
\echo :title_l
\echo '    p_value(latest, previous): Welch two-sample t test that the mean differs'
\echo
WITH bounds AS (
	SELECT date_trunc('month', max(answered_at)) AS latest
	FROM survey_responses
), two_months AS (
	SELECT coalesce(channel, 'all channels') AS segment,
		   grouping(channel) AS is_total,
		   ces_agg(ces_score) FILTER (WHERE answered_at < latest) AS prev,
		   ces_agg(ces_score) FILTER (WHERE answered_at >= latest) AS last
	FROM survey_responses, bounds
	WHERE answered_at >= latest - interval '1 month'
	GROUP BY GROUPING SETS ((), (channel))
), tested AS (
	SELECT *, p_value(last, prev) AS p FROM two_months
)
SELECT segment,
	   responses(prev) AS "n previous",
	   round(ces(prev)::numeric, 2) AS "CES previous",
	   responses(last) AS "n latest",
	   round(ces(last)::numeric, 2) AS "CES latest",
	   to_char(round((ces(last) - ces(prev))::numeric, 2), 'S0.00') AS change,
	   format('%s -> %s', round(100 * agree_share(prev)::numeric, 1),
			  round(100 * agree_share(last)::numeric, 1)) AS "agree %",
	   CASE WHEN p < 0.0001 THEN '< 0.0001' ELSE to_char(p, 'FM0.0000') END AS "p-value",
	   CASE WHEN p < 0.05 THEN 'significant at 5%' ELSE 'not significant' END AS verdict
FROM tested
ORDER BY is_total DESC, ces(last) DESC;

-- ====================================================================
-- Customer flow (the "customer value statement") on the sample CRM of
-- tests/data/customers.sql: the README recipe ("Customer flow"), read from
-- tests/recipes/, the files the README shows.
-- Uses churn_series_agg(started_at, ended_at, start, step, periods),
-- rollup(churn_series), churn_periods(series), active_at(started_at,
-- ended_at, at), revenue_agg(mrr_start, mrr_end) and
-- net_revenue_retention(summary).
-- ====================================================================

SELECT format(' %s customers who signed up %s to %s (%s paid, %s referral, %s organic), %s still customers;',
			  count(*), min(started_at), max(started_at),
			  count(*) FILTER (WHERE channel = 'paid'),
			  count(*) FILTER (WHERE channel = 'referral'),
			  count(*) FILTER (WHERE channel = 'organic'),
			  count(*) FILTER (WHERE ended_at IS NULL)) AS flow_line,
	   format(' %s subscriptions (upgrades and downgrades are consecutive subscriptions), %s marketing spend rows',
			  (SELECT count(*) FROM subscriptions),
			  (SELECT count(*) FROM marketing_spend)) AS flow_line2
FROM customers \gset

\echo
\echo '================================================================================'
\echo ' Customer flow'
\echo :flow_line
\echo :flow_line2
\echo '================================================================================'

\echo
\echo '(m) Customer flow per month, 2026-01 to 2026-10'
\echo '    Each month: how many of the customers at its start stayed or left, who came in through'
\echo '    which channel and at what cost per paid customer, and how much of the starting MRR was kept.'
\echo '    churn_pct = churned / at start; crr_pct = (customers at end - new) / at start; cac_paid = paid'
\echo '    spend / new paid; nrr_pct = (start MRR + expansion - contraction - churned MRR) / start MRR'
\echo
\i tests/recipes/customer_flow.sql
\i tests/recipes/customer_flow_report.sql

-- ====================================================================
-- Dashboards (README "Dashboards"): a view of typed columns only, from the
-- stored daily summaries through nps_report (CROSS JOIN LATERAL), with
-- the additive counts beside the KPI; re-aggregated from the counts.
-- ====================================================================

\echo
\echo '(n) A dashboard view: NPS per month and channel, typed columns only (nps_report)'
\echo '    Days are Seoul days (AT TIME ZONE pinned in the definition). A BI tool rolling rows up'
\echo '    must use the counts: NPS = 100 * (sum promoters - sum detractors) / sum responses.'
\echo
CREATE TEMP TABLE demo_nps_daily AS
SELECT (answered_at AT TIME ZONE 'Asia/Seoul')::date AS day, channel, nps_agg(score) AS summary
FROM survey_responses GROUP BY 1, 2;
CREATE TEMP VIEW demo_nps_monthly AS
SELECT m.month, m.channel, r.responses, r.promoters, r.detractors,
       round(r.nps::numeric, 1) AS nps, round(r.ci_lower::numeric, 1) AS nps_ci_lower,
       round(r.ci_upper::numeric, 1) AS nps_ci_upper
FROM (SELECT date_trunc('month', day::timestamp)::date AS month, channel, rollup(summary) AS summary
      FROM demo_nps_daily GROUP BY 1, 2) AS m
CROSS JOIN LATERAL nps_report(m.summary) AS r;
SELECT * FROM demo_nps_monthly WHERE month >= date '2026-08-01' ORDER BY month, channel;
\echo '    (2026-11: answers of 31 October after 15:00 UTC, already 1 November in Seoul.)'
\echo '    All channels of 2026-10 from the view''s counts, and (wrongly) as the mean of the rows'' NPS:'
SELECT round(100.0 * (sum(promoters) - sum(detractors)) / sum(responses), 1) AS nps_from_counts,
       round(avg(nps), 1) AS mean_of_nps_wrong
FROM demo_nps_monthly WHERE month = date '2026-10-01';
-- Rates (rate_summary): a rate is k of n; rate_agg(boolean) summarises
-- it, rate_report gives the interval, rate_comparison the A/B view.
-- The CS sample data of issue 12 (orders, interactions) comes with its own
-- recipes; here, on the survey sample: the share of easy support contacts
-- (CES >= 5) per channel, and the app against the call center.
-- ====================================================================

\echo
\echo '(o) Easy support contacts (CES 2.0 score 5..7) per channel, 95% Wilson and exact intervals'
\echo
SELECT channel, r.successes AS easy, r.trials AS contacts,
	   round(100 * r.rate::numeric, 1) AS "easy %",
	   round(100 * r.ci_lower::numeric, 1) AS "wilson lo", round(100 * r.ci_upper::numeric, 1) AS "wilson hi",
	   round(100 * ci_lower(t.s, 0.95, 'exact')::numeric, 1) AS "exact lo",
	   round(100 * ci_upper(t.s, 0.95, 'exact')::numeric, 1) AS "exact hi"
FROM (SELECT channel, rate_agg(ces_score >= 5) AS s FROM survey_responses GROUP BY channel) t
CROSS JOIN LATERAL rate_report(t.s) r
ORDER BY channel;

\echo
\echo '(p) app against call center: difference (Newcombe), relative lift (Katz), pooled z, chance to win'
\echo
SELECT round(100 * c.rate_a::numeric, 1) AS "app %", round(100 * c.rate_b::numeric, 1) AS "call-center %",
	   round(100 * c.difference::numeric, 1) AS "diff pts",
	   format('[%s, %s]', round(100 * c.difference_ci_lower::numeric, 1), round(100 * c.difference_ci_upper::numeric, 1)) AS "95% CI",
	   round(100 * c.relative_lift::numeric, 1) AS "lift %",
	   format('[%s, %s]', round(100 * c.relative_lift_ci_lower::numeric, 1), round(100 * c.relative_lift_ci_upper::numeric, 1)) AS "lift CI",
	   to_char(c.p_value, '9.99EEEE') AS p, round(c.probability_to_beat::numeric, 4) AS "P(app better)"
FROM (SELECT rate_agg(ces_score >= 5) FILTER (WHERE channel = 'app') AS a,
			 rate_agg(ces_score >= 5) FILTER (WHERE channel = 'call-center') AS b
	  FROM survey_responses) t
CROSS JOIN LATERAL rate_comparison(t.a, t.b) c;
\echo '    Inquiries per group to detect a 10% relative lift on that call-center rate (80% power):'
SELECT rate_sample_size(rate(b), 0.10) AS per_group
FROM (SELECT rate_agg(ces_score >= 5) FILTER (WHERE channel = 'call-center') AS b FROM survey_responses) t;
-- Retention curves (Kaplan-Meier) on the sample CRM of
-- tests/data/customers.sql, as of 2026-11-01 (customers still there are
-- censored at that date).  Uses survival_agg(started_at, ended_at, as_of,
-- unit), survival(s, k), at_risk(s, k), customers(s), median_lifetime(s)
-- and its interval, restricted_mean_lifetime(s, horizon), p_value(a, b)
-- (log-rank) and the logrank_p_value aggregate (k groups).
-- ====================================================================

\echo
\echo '================================================================================'
\echo ' Retention curves (Kaplan-Meier survival of customer lifetimes, as of 2026-11-01)'
\echo '================================================================================'
\echo
\echo '(q) Cohort retention matrix: one survival summary per start-month cohort'
\echo '    S(k) = % of the cohort that stayed more than k whole months (k = 0: did not leave in'
\echo '    its first month); blank where no one of the cohort has been a customer for k months'
\echo '    yet (the triangle: customers still there are censored, not counted as lost)'
\echo
CREATE TEMP TABLE demo_cohorts AS
SELECT date_trunc('month', started_at)::date AS cohort,
	   survival_agg(started_at, ended_at, date '2026-11-01', '1 month') AS s
FROM customers
GROUP BY 1;
SELECT to_char(cohort, 'YYYY-MM') AS cohort, customers(s) AS customers,
	   max(CASE WHEN k = 0 THEN v END) AS "S(0)", max(CASE WHEN k = 1 THEN v END) AS "S(1)",
	   max(CASE WHEN k = 2 THEN v END) AS "S(2)", max(CASE WHEN k = 3 THEN v END) AS "S(3)",
	   max(CASE WHEN k = 4 THEN v END) AS "S(4)", max(CASE WHEN k = 5 THEN v END) AS "S(5)",
	   max(CASE WHEN k = 6 THEN v END) AS "S(6)", max(CASE WHEN k = 7 THEN v END) AS "S(7)",
	   max(CASE WHEN k = 8 THEN v END) AS "S(8)", max(CASE WHEN k = 9 THEN v END) AS "S(9)",
	   max(CASE WHEN k = 10 THEN v END) AS "S(10)", max(CASE WHEN k = 11 THEN v END) AS "S(11)",
	   max(CASE WHEN k = 12 THEN v END) AS "S(12)"
FROM demo_cohorts,
	 LATERAL (SELECT k, CASE WHEN at_risk(s, k) > 0 THEN round(100 * survival(s, k))::int END AS v
			  FROM generate_series(0, 12) k) c
WHERE cohort >= date '2025-09-01'  -- the last 14 of the 34 cohorts
GROUP BY cohort, s
ORDER BY cohort;
\echo
\echo '    All 34 cohorts rolled up (rollup of the cohort summaries = survival_agg over every customer):'
SELECT customers(r) AS customers, round(100 * survival(r, 0)::numeric, 1) AS "S(0) %", round(100 * survival(r, 5)::numeric, 1) AS "S(5) %",
	   round(100 * survival(r, 11)::numeric, 1) AS "S(11) %", round(100 * survival(r, 23)::numeric, 1) AS "S(23) %",
	   r = (SELECT survival_agg(started_at, ended_at, date '2026-11-01', '1 month') FROM customers) AS "equals all rows"
FROM (SELECT rollup(s) AS r FROM demo_cohorts) x;

\echo
\echo '(r) Lifetime by acquisition channel: median lifetime in months with its 95% interval,'
\echo '    % still customers after 12 and 24 months, expected months of the first 24 (restricted mean)'
\echo '    (- : not reached, the curve or its interval bound stays above 50% over the 34 months observed)'
\echo
CREATE TEMP TABLE demo_channels AS
SELECT channel, survival_agg(started_at, ended_at, date '2026-11-01', '1 month') AS s
FROM customers
GROUP BY 1;
SELECT channel, customers(s) AS customers, total_events(s) AS churned,
	   median_lifetime(s) AS "median months",
	   median_lifetime_ci_lower(s) AS "95% lower", median_lifetime_ci_upper(s) AS "95% upper",
	   round(100 * survival(s, 11)::numeric, 1) AS "after 12 months %",
	   round(100 * survival(s, 23)::numeric, 1) AS "after 24 months %",
	   round(restricted_mean_lifetime(s, 24)::numeric, 2) AS "mean of first 24"
FROM demo_channels
ORDER BY median_lifetime(s) DESC NULLS FIRST;
\echo
\echo '    Do the channels keep customers equally long?  Log-rank tests (R survdiff):'
SELECT (SELECT logrank_p_value(s) FROM demo_channels) AS "p, paid vs referral vs organic",
	   (SELECT p_value(a.s, b.s) FROM demo_channels a, demo_channels b
		WHERE a.channel = 'paid' AND b.channel = 'referral') AS "p, paid vs referral",
	   (SELECT p_value(a.s, b.s) FROM demo_channels a, demo_channels b
		WHERE a.channel = 'organic' AND b.channel = 'referral') AS "p, organic vs referral";


-- ====================================================================
-- Customer lifetime value (README "Customer lifetime value"): simple CLV,
-- LTV:CAC and CAC payback per channel; BG/NBD + Gamma-Gamma fitted on
-- the sample orders; mean predicted CLV by CS history.
-- ====================================================================

\echo
\echo '================================================================================'
\echo ' Customer lifetime value'
\echo '================================================================================'
\echo
\echo '(s) Simple CLV, LTV:CAC and CAC payback per acquisition channel, 2025-11 to 2026-10'
\echo '    ARPU = monthly MRR per paying account (revenue_agg), churn = churned / at start'
\echo '    (churn_agg), 80 % gross margin; CLV discounted at 1 % a month; CAC from the'
\echo '    customer-flow recipe (spend / new customers of the channel); payback = CAC / (ARPU x margin)'
\echo
\i tests/recipes/clv_ltv_cac.sql
\echo
\echo '(t) BG/NBD and Gamma-Gamma fitted on the orders up to 2026-11-01 (weeks), scored 12 months ahead'
\echo '    (check frequency_spend_correlation near 0 before trusting the spend model)'
\echo
\i tests/recipes/clv_models.sql
\echo
\echo '(u) Mean predicted 12-month CLV by CS history, 95 % interval of the mean (an association:'
\echo '    customers who contact CS are also the longer-tenured ones)'
\echo
\i tests/recipes/clv_cs.sql

-- ====================================================================
-- Order value (order_value_agg, aov, ci_lower/ci_upper, order_value_comparison)
-- on the amounts the sample CRM has before the CS data set brings orders:
-- the monthly fee of every subscription started in 2025-2026, by the
-- customer's acquisition channel; then referral against paid customers.
-- ====================================================================

\echo
\echo '(v) Order value: the fee of new subscriptions per acquisition channel (Student-t 95% interval)'
\echo
SELECT c.channel, r.orders, r.total, round(r.aov::numeric, 2) AS aov,
	   round(r.ci_lower::numeric, 2) AS aov_low, round(r.ci_upper::numeric, 2) AS aov_high,
	   round(r.std_dev::numeric, 2) AS std_dev, r.min_value, r.max_value
FROM (SELECT cu.channel, order_value_agg(su.mrr) AS s
	  FROM subscriptions su JOIN customers cu USING (customer_id)
	  WHERE su.started_at >= date '2025-01-01'
	  GROUP BY cu.channel) c
CROSS JOIN LATERAL order_value_report(c.s) r
ORDER BY c.channel;

\echo
\echo '    referral (a) against paid (b): Welch difference, delta-method lift, Welch p-value'
\echo
SELECT round(r.aov_a::numeric, 2) AS aov_referral, round(r.aov_b::numeric, 2) AS aov_paid,
	   round(r.difference::numeric, 2) AS difference,
	   round(r.difference_ci_lower::numeric, 2) || ' .. ' || round(r.difference_ci_upper::numeric, 2) AS difference_95,
	   round(100 * r.relative_lift::numeric, 1) AS lift_pct,
	   round(100 * r.relative_lift_ci_lower::numeric, 1) || ' .. ' || round(100 * r.relative_lift_ci_upper::numeric, 1) AS lift_pct_95,
	   round(r.p_value::numeric, 4) AS p_value
FROM (SELECT order_value_agg(su.mrr) FILTER (WHERE cu.channel = 'referral') AS a,
			 order_value_agg(su.mrr) FILTER (WHERE cu.channel = 'paid') AS b
	  FROM subscriptions su JOIN customers cu USING (customer_id)
	  WHERE su.started_at >= date '2025-01-01') t
CROSS JOIN LATERAL order_value_comparison(t.a, t.b) r;

-- ====================================================================
-- Customer service and revenue on the sample CS data of tests/data/cs.sql
-- (orders, CS interactions, reviews and promotions of the sample
-- customers): the README recipes ("Customer service and revenue"), read
-- from tests/recipes/cs_*.sql, the files the README shows.
-- Uses rate_agg(boolean), rate_comparison(a, b, confidence),
-- poisson_rate_ratio(...), order_value_agg(amount),
-- order_value_comparison(a, b, confidence), csat_agg(score),
-- ces_agg(stars, 1, 5) and their accessors.
-- ====================================================================

SELECT format(' %s orders (%s to %s, AOV %s), %s CS interactions by %s agents, %s reviews, promotions: %s',
			  (SELECT count(*) FROM orders), (SELECT min(ordered_at)::date FROM orders),
			  (SELECT max(ordered_at)::date FROM orders), (SELECT round(avg(amount), 2) FROM orders),
			  (SELECT count(*) FROM cs_interactions), (SELECT count(DISTINCT agent) FROM cs_interactions),
			  (SELECT count(*) FROM reviews),
			  (SELECT string_agg(format('%s [%s, %s)', name, starts_at::date, ends_at::date), ', ' ORDER BY starts_at)
			   FROM promotions)) AS cs_line \gset

\echo
\echo '================================================================================'
\echo ' Customer service and revenue'
\echo :cs_line
\echo ' Rates with 95% Wilson intervals; comparisons with Newcombe (difference), Katz (lift)'
\echo ' intervals and pooled z p-values; order values with Student t / Welch; reviews per day'
\echo ' with the exact Poisson rate-ratio interval'
\echo '================================================================================'

\i tests/recipes/cs_all.psql

\echo
\echo '(CS1) Upsell / cross-sell rate per agent and channel, conversations 2026-01 to 2026-09'
\echo '    the recommended product bought within 30 days, over all conversations'
\echo
\i tests/recipes/cs_upsell_report.sql

\echo
\echo '(CS2) AOV after vs before a CS interaction (each customer''s first contact 2025-01 to 2026-09,'
\echo '    orders within 30 days on each side): lift with its 95% interval, Welch p-value'
\echo
\i tests/recipes/cs_aov_report.sql

\echo
\echo '(CS3) Purchase conversion (CVR) of inquiries 2026-01 to 2026-09: an order within 14 days,'
\echo '    per channel, against customers who did not contact CS (difference in points)'
\echo
\i tests/recipes/cs_conversion_report.sql

\echo
\echo '(CS4) Retention (CRR) after CS, contacts 2026-01 to 2026-08: repeat buyers ordering again'
\echo '    within 60 days, against repeat buyers who did not contact CS'
\echo
\i tests/recipes/cs_retention_report.sql

\echo
\echo '(CS5) Re-purchase promotion summer_repurchase (June 2026) vs the 30 days before:'
\echo '    share of earlier buyers who ordered, lift with its interval'
\echo
\i tests/recipes/cs_promotion_report.sql

\echo
\echo '(CS6) Review event review_campaign (September 2026) vs the 30 days before:'
\echo '    reviews per day (Poisson rate ratio) and mean stars (Welch)'
\echo
\i tests/recipes/cs_reviews_report.sql

\echo
\echo '(CS7) Agent scorecard, September 2026 (conversion and upsell within 14 days), ranked by the'
\echo '    lower bound of CSAT; each KPI: value [95% interval] and above/below when the interval'
\echo '    excludes the team value; csat_rank: the ranks the CSAT interval allows'
\echo
\i tests/recipes/cs_scorecard_report.sql
