-- AOV after vs before a CS interaction: for each customer's first CS
-- interaction in [first_day, last_day) at instant t, the orders of that
-- customer within `days` days before (t - days <= ordered_at < t) and after
-- (t < ordered_at <= t + days); the average order value (AOV) of each side,
-- the difference and the relative lift after/before - 1 with their
-- intervals, and Welch's p-value; NULL where a side has no order (the
-- intervals and the p-value: fewer than two).
CREATE FUNCTION cs_aov_lift(first_day date, last_day date, days integer,
                            confidence double precision DEFAULT 0.95)
RETURNS TABLE (customers bigint, orders_before bigint, orders_after bigint,
               aov_before double precision, aov_after double precision,
               difference double precision,
               difference_ci_lower double precision, difference_ci_upper double precision,
               relative_lift double precision,
               relative_lift_ci_lower double precision, relative_lift_ci_upper double precision,
               p_value double precision)
LANGUAGE sql STABLE
SET TimeZone = 'UTC'
AS $$
WITH first_contact AS (
    SELECT DISTINCT ON (customer_id) customer_id, contacted_at AS t
    FROM cs_interactions
    WHERE contacted_at >= first_day AND contacted_at < last_day
    ORDER BY customer_id, contacted_at
), sides AS (
    SELECT count(DISTINCT f.customer_id) AS customers,
           order_value_agg(o.amount) FILTER (WHERE o.ordered_at < f.t) AS before,
           order_value_agg(o.amount) FILTER (WHERE o.ordered_at > f.t) AS after
    FROM first_contact AS f
        LEFT JOIN orders AS o
          ON o.customer_id = f.customer_id
         AND o.ordered_at >= f.t - days * interval '1 day'
         AND o.ordered_at <= f.t + days * interval '1 day'
)
SELECT s.customers, coalesce(orders(s.before), 0), coalesce(orders(s.after), 0), c.aov_b, c.aov_a,
       c.difference, c.difference_ci_lower, c.difference_ci_upper,
       c.relative_lift, c.relative_lift_ci_lower, c.relative_lift_ci_upper,
       c.p_value
FROM sides AS s
    LEFT JOIN LATERAL order_value_comparison(s.after, s.before, confidence) AS c ON true
$$;
