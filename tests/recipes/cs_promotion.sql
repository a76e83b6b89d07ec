-- Revisit / repurchase rate during a promotion vs the same length before:
-- the customers who were customers throughout [starts_at - L, ends_at)
-- (L = ends_at - starts_at) and had ordered before starts_at - L; the
-- share of them who ordered during the promotion [starts_at, ends_at) and
-- in the period of the same length before it [starts_at - L, starts_at).
-- The two shares are of the same customers: only_before and only_during
-- count those who ordered in one of the two periods only.
CREATE FUNCTION cs_promotion(promotion text, confidence double precision DEFAULT 0.95)
RETURNS TABLE (customers bigint, rate_before double precision,
               rate_before_ci_lower double precision, rate_before_ci_upper double precision,
               rate_during double precision,
               rate_during_ci_lower double precision, rate_during_ci_upper double precision,
               only_before bigint, only_during bigint,
               difference double precision,
               difference_ci_lower double precision, difference_ci_upper double precision,
               relative_lift double precision,
               relative_lift_ci_lower double precision, relative_lift_ci_upper double precision,
               p_value double precision)
LANGUAGE sql STABLE
SET TimeZone = 'UTC'
AS $$
WITH p AS (
    SELECT starts_at - (ends_at - starts_at) AS before_at, starts_at, ends_at
    FROM promotions WHERE name = promotion
), buyer AS (
    SELECT EXISTS (SELECT FROM orders AS o WHERE o.customer_id = c.customer_id
                     AND o.ordered_at >= p.before_at AND o.ordered_at < p.starts_at) AS before,
           EXISTS (SELECT FROM orders AS o WHERE o.customer_id = c.customer_id
                     AND o.ordered_at >= p.starts_at AND o.ordered_at < p.ends_at) AS during
    FROM p
        JOIN customers AS c
          ON c.started_at::timestamptz < p.before_at
         AND (c.ended_at IS NULL OR c.ended_at::timestamptz >= p.ends_at)
    WHERE EXISTS (SELECT FROM orders AS o WHERE o.customer_id = c.customer_id
                    AND o.ordered_at < p.before_at)
), s AS (
    SELECT count(*) AS customers,
           rate_agg(before) AS before, rate_agg(during) AS during,
           count(*) FILTER (WHERE before AND NOT during) AS only_before,
           count(*) FILTER (WHERE during AND NOT before) AS only_during
    FROM buyer
)
SELECT s.customers, rate(s.before), ci_lower(s.before, confidence), ci_upper(s.before, confidence),
       rate(s.during), ci_lower(s.during, confidence), ci_upper(s.during, confidence),
       s.only_before, s.only_during,
       c.difference, c.difference_ci_lower, c.difference_ci_upper,
       c.relative_lift, c.relative_lift_ci_lower, c.relative_lift_ci_upper, c.p_value
FROM s
    CROSS JOIN p                  -- no row for an unknown promotion
    LEFT JOIN LATERAL rate_comparison(s.during, s.before, confidence) AS c ON true
$$;
