-- cxkpi demo report: Net Promoter Score on the sample of tests/data/surveys.sql.
-- Run by `make demo` (tests/demo/run.sh): psql -v ON_ERROR_STOP=1 -f tests/demo/report.sql
--
-- Everything below uses only cxkpi's SQL API: the aggregates nps_agg(score),
-- nps_agg(score, weight) and rollup(summary), the + and = operators on
-- nps_summary, and its accessors.

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
			  to_char(date_trunc('month', max(answered_at)), 'YYYY-MM')) AS title_g
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
