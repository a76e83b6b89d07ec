--
-- Survival against R: every accessor compared, to 1e-9 (relative above 1),
-- with R survival's survfit / summary.survfit / print.survfit / quantile /
-- survdiff on R's aml, lung and veteran data, a random set with many ties
-- and two curves flat at S = 1/2.  The data and R's answers are in
-- sql/include/survival_r_cases.sql, written by tests/r/gen_survival_cases.R
-- (tests/sh/survival_r.sh checks the file against a fresh run when R is
-- installed).
--
-- R gives NA where cxkpi gives NULL, with two documented exceptions: at
-- S = 1 R's log-log interval is NA, cxkpi's is [1, 1]; a log-rank test
-- with fewer than two groups with expected events (survdiff: chisq 0 on
-- 0 df, p = 1) is NULL in cxkpi (what *_df0 holds, compared apart).
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA surv_r;
SET search_path = surv_r, public;
SET extra_float_digits = 0;

\i sql/include/survival_r_cases.sql

-- A duration t ending in an event: started t + 1 days before as_of, ended
-- t days later; censored at t: started t days before as_of, still there.
CREATE TABLE sums AS
SELECT ds, g AS grp,
	   survival_agg(CASE WHEN event THEN date '2020-01-01' - t - 1 ELSE date '2020-01-01' - t END,
					CASE WHEN event THEN date '2020-01-01' - 1 END, date '2020-01-01') AS s
FROM r_data, LATERAL (VALUES (grp), (0)) v(g)
GROUP BY 1, 2;

CREATE FUNCTION pg_temp.close(a float8, b float8) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT (a IS NULL AND b IS NULL) OR abs(a - b) <= 1e-9 * greatest(1, abs(b))
$$;

CREATE TABLE got AS
SELECT e.*, CASE e.what
		WHEN 'survival' THEN survival(s, e.arg)
		WHEN 'std_error' THEN survival_std_error(s, e.arg)
		WHEN 'at_risk' THEN at_risk(s, e.arg)
		WHEN 'ci_lower' THEN survival_ci_lower(s, e.arg, 0.95, e.method)
		WHEN 'ci_upper' THEN survival_ci_upper(s, e.arg, 0.95, e.method)
		WHEN 'median' THEN median_lifetime(s)
		WHEN 'median_lcl' THEN median_lifetime_ci_lower(s, 0.95, e.method)
		WHEN 'median_ucl' THEN median_lifetime_ci_upper(s, 0.95, e.method)
		WHEN 'ci_lower_80' THEN survival_ci_lower(s, e.arg, 0.8, e.method)
		WHEN 'ci_upper_80' THEN survival_ci_upper(s, e.arg, 0.8, e.method)
		WHEN 'median_lcl_80' THEN median_lifetime_ci_lower(s, 0.8, e.method)
		WHEN 'median_ucl_80' THEN median_lifetime_ci_upper(s, 0.8, e.method)
		WHEN 'quantile' THEN lifetime_quantile(s, e.arg)
		WHEN 'rmean' THEN restricted_mean_lifetime(s, e.arg)
		WHEN 'rmean_se' THEN restricted_mean_lifetime_std_error(s, e.arg)
		WHEN 'logrank_k' THEN (SELECT logrank_p_value(x.s) FROM sums x WHERE x.ds = e.ds AND x.grp > 0)
		WHEN 'logrank_k_df0' THEN (SELECT logrank_p_value(x.s) FROM sums x WHERE x.ds = e.ds AND x.grp > 0)
		WHEN 'logrank_2' THEN (SELECT p_value(x.s, y.s) FROM sums x, sums y
							   WHERE x.ds = e.ds AND y.ds = e.ds AND x.grp = e.grp AND y.grp = e.arg)
		WHEN 'logrank_2_df0' THEN (SELECT p_value(x.s, y.s) FROM sums x, sums y
							   WHERE x.ds = e.ds AND y.ds = e.ds AND x.grp = e.grp AND y.grp = e.arg)
	END AS mine
FROM r_expect e JOIN sums USING (ds, grp);

SELECT count(*) AS r_values FROM r_expect;
SELECT (SELECT count(*) FROM got) = (SELECT count(*) FROM r_expect) AS every_value_compared;
-- per data set and accessor: how many values, how many equal R's
SELECT ds, what, count(*) AS n,
	   count(*) FILTER (WHERE pg_temp.close(mine, value)
						OR (value IS NULL AND method = 'log-log' AND mine = 1
							AND what IN ('ci_lower', 'ci_upper', 'ci_lower_80', 'ci_upper_80'))
						OR (what LIKE '%\_df0' AND value = 1 AND mine IS NULL)) AS equal_r
FROM got GROUP BY 1, 2 ORDER BY 1, 2;
-- the values that differ (none)
SELECT ds, grp, what, arg, method, value AS r, mine FROM got
WHERE NOT (pg_temp.close(mine, value)
		   OR (value IS NULL AND method = 'log-log' AND mine = 1
			   AND what IN ('ci_lower', 'ci_upper', 'ci_lower_80', 'ci_upper_80'))
		   OR (what LIKE '%\_df0' AND value = 1 AND mine IS NULL))
ORDER BY 1, 2, 3, 4, 5 LIMIT 20;
-- the R NA / cxkpi [1, 1] cases are log-log intervals at S = 1 only
SELECT count(*) AS na_at_one FROM got
WHERE value IS NULL AND mine = 1 AND what IN ('ci_lower', 'ci_upper', 'ci_lower_80', 'ci_upper_80');
-- and they are at S = 1 indeed
SELECT count(*) AS na_at_one_not_s1 FROM got JOIN sums USING (ds, grp)
WHERE value IS NULL AND mine = 1 AND what IN ('ci_lower', 'ci_upper', 'ci_lower_80', 'ci_upper_80')
	  AND survival(s, arg) <> 1;
-- the 0-df log-rank tests: R's p = 1, cxkpi NULL
SELECT ds, grp, what, arg, value AS r, mine FROM got WHERE what LIKE '%\_df0' ORDER BY 1, 2, 3, 4;
