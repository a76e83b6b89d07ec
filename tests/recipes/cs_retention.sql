-- Customer retention rate (CRR) after CS: of the customers who had
-- ordered before, the share who ordered again within `days` days after
-- their first CS interaction in [first_day, last_day) -- all of them
-- (segment 'contacted'), those resolved on first contact ('resolved') and
-- the others ('unresolved') -- compared with customers who did not contact
-- CS (not_contacted_rate with buyers_only, cs_helpers.sql).
CREATE FUNCTION cs_retention(first_day date, last_day date, days integer,
                             confidence double precision DEFAULT 0.95)
RETURNS TABLE (segment text, customers bigint, repurchased bigint,
               crr double precision, ci_lower double precision, ci_upper double precision,
               baseline double precision, difference double precision,
               difference_ci_lower double precision, difference_ci_upper double precision,
               relative_lift double precision, p_value double precision)
LANGUAGE sql STABLE
SET TimeZone = 'UTC'
AS $$
WITH first_contact AS (
    SELECT DISTINCT ON (i.customer_id) i.customer_id, i.contacted_at, i.resolved_first_contact
    FROM cs_interactions AS i
    WHERE i.contacted_at >= first_day AND i.contacted_at < last_day
    ORDER BY i.customer_id, i.contacted_at
), contacted AS (
    SELECT CASE WHEN f.resolved_first_contact THEN 'resolved' ELSE 'unresolved' END AS segment,
           rate_agg(bought_within(f.customer_id, f.contacted_at, days)) AS s
    FROM first_contact AS f
    WHERE EXISTS (SELECT FROM orders AS o
                  WHERE o.customer_id = f.customer_id AND o.ordered_at < f.contacted_at)
    GROUP BY 1
), segments AS (
    SELECT segment, s FROM contacted
    UNION ALL
    SELECT 'contacted', rollup(s) FROM contacted
), base AS (
    SELECT not_contacted_rate(first_day, last_day, days, true) AS s
)
SELECT g.segment, coalesce(trials(g.s), 0), coalesce(successes(g.s), 0), rate(g.s),
       ci_lower(g.s, confidence), ci_upper(g.s, confidence),
       c.rate_b, c.difference, c.difference_ci_lower, c.difference_ci_upper,
       c.relative_lift, c.p_value
FROM segments AS g
    CROSS JOIN base AS b
    CROSS JOIN LATERAL rate_comparison(g.s, b.s, confidence) AS c
ORDER BY g.segment
$$;
