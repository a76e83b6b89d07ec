-- Review growth and star rating around a review event: reviews per day
-- during the event [starts_at, ends_at) and in the period of the same length
-- before it, their ratio with a Poisson rate-ratio interval and p-value, and
-- the mean stars (1..5) of each period with Student-t intervals and Welch's
-- p-value (the mean of a bounded 1..5 scale: a CES-type summary,
-- ces_agg(stars, 1, 5)).
CREATE FUNCTION cs_reviews(event text, confidence double precision DEFAULT 0.95)
RETURNS TABLE (days double precision, reviews_before bigint, reviews_during bigint,
               per_day_before double precision, per_day_during double precision,
               rate_ratio double precision, rate_ratio_ci_lower double precision,
               rate_ratio_ci_upper double precision, rate_ratio_p_value double precision,
               stars_before double precision, stars_before_ci_lower double precision,
               stars_before_ci_upper double precision,
               stars_during double precision, stars_during_ci_lower double precision,
               stars_during_ci_upper double precision,
               stars_difference double precision, stars_p_value double precision)
LANGUAGE sql STABLE
SET TimeZone = 'UTC'
AS $$
WITH p AS (
    SELECT starts_at - (ends_at - starts_at) AS before_at, starts_at, ends_at,
           extract(epoch FROM ends_at - starts_at)::double precision / 86400 AS days
    FROM promotions WHERE name = event
), s AS (
    SELECT p.days,
           ces_agg(r.stars, 1, 5) FILTER (WHERE r.created_at < p.starts_at) AS before,
           ces_agg(r.stars, 1, 5) FILTER (WHERE r.created_at >= p.starts_at) AS during,
           count(r.stars) FILTER (WHERE r.created_at < p.starts_at) AS n_before,
           count(r.stars) FILTER (WHERE r.created_at >= p.starts_at) AS n_during
    FROM p
        LEFT JOIN reviews AS r ON r.created_at >= p.before_at AND r.created_at < p.ends_at
    GROUP BY p.days
)
SELECT s.days, s.n_before, s.n_during, s.n_before / s.days, s.n_during / s.days,
       q.rate_ratio, q.ci_lower, q.ci_upper, q.p_value,
       ces(s.before), ci_lower(s.before, confidence), ci_upper(s.before, confidence),
       ces(s.during), ci_lower(s.during, confidence), ci_upper(s.during, confidence),
       ces(s.during) - ces(s.before), p_value(s.during, s.before)
FROM s
    CROSS JOIN LATERAL poisson_rate_ratio(s.n_during, s.days, s.n_before, s.days, confidence) AS q
$$;
