-- aov_coverage.sql -- coverage of the 95% Student-t interval of the mean
-- (ci_lower / ci_upper of order_value_summary) on log-normal order amounts.
--
--   psql -X -q -v reps=2000 -f tests/sim/aov_coverage.sql   (needs cxkpi)
--
-- For each sigma (skewness of the basket size: log-normal amounts
-- exp(mu + sigma Z), mu = 3.5, i.e. a median of 33.12 and a mean of
-- exp(mu + sigma^2 / 2)) and each sample size n, draws :reps samples of n
-- amounts rounded to cents, aggregates each with order_value_agg, and
-- counts the intervals that hold the true mean.  Normal deviates by
-- Box-Muller from random() after setseed(), so a run is reproducible.
-- With 2000 samples a coverage has a standard error of about 0.005.
\if :{?reps}
\else
\set reps 2000
\endif
SELECT setseed(0.20261201);
CREATE TEMP TABLE cover AS
WITH p AS (
	SELECT sigma, n FROM unnest('{0.5, 1.0, 1.5}'::float8[]) sigma,
	                     unnest('{10, 30, 100, 1000}'::int[]) n
), draws AS (
	SELECT p.sigma, p.n, r,
	       round(exp(3.5 + p.sigma * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))::numeric, 2) AS amount
	FROM p, generate_series(1, :reps) r, LATERAL generate_series(1, p.n) i
), s AS (
	SELECT sigma, n, r, order_value_agg(amount) AS s FROM draws GROUP BY 1, 2, 3
)
SELECT sigma, n, count(*) AS samples,
       avg((ci_lower(s) <= exp(3.5 + sigma ^ 2 / 2) AND exp(3.5 + sigma ^ 2 / 2) <= ci_upper(s))::int) AS coverage,
       avg((exp(3.5 + sigma ^ 2 / 2) < ci_lower(s))::int) AS above,
       avg((exp(3.5 + sigma ^ 2 / 2) > ci_upper(s))::int) AS below
FROM s GROUP BY 1, 2;
-- coverage per sigma (rows) and n (columns); "below": the share of
-- intervals entirely below the true mean (the long right tail is missed)
SELECT sigma,
       round(max(coverage) FILTER (WHERE n = 10), 3) AS n10,
       round(max(coverage) FILTER (WHERE n = 30), 3) AS n30,
       round(max(coverage) FILTER (WHERE n = 100), 3) AS n100,
       round(max(coverage) FILTER (WHERE n = 1000), 3) AS n1000,
       round(max(below) FILTER (WHERE n = 30), 3) AS below_n30,
       round(max(above) FILTER (WHERE n = 30), 3) AS above_n30
FROM cover GROUP BY sigma ORDER BY sigma;
