-- Purchase conversion rate (CVR) of inquiries: the share of CS inquiries
-- (kind 'inquiry') in [first_day, last_day) followed by an order within
-- `days` days, per channel and for all inquiries (channel NULL), each
-- compared with the customers who did not contact CS (not_contacted_rate,
-- cs_helpers.sql): the difference, the relative lift and the p-value.
CREATE FUNCTION cs_conversion(first_day date, last_day date, days integer,
                              confidence double precision DEFAULT 0.95)
RETURNS TABLE (channel text, inquiries bigint, purchases bigint,
               cvr double precision, ci_lower double precision, ci_upper double precision,
               baseline double precision, difference double precision,
               difference_ci_lower double precision, difference_ci_upper double precision,
               relative_lift double precision, p_value double precision)
LANGUAGE sql STABLE
SET TimeZone = 'UTC'
AS $$
WITH inquiry AS (
    SELECT i.channel, rate_agg(bought_within(i.customer_id, i.contacted_at, days)) AS s
    FROM cs_interactions AS i
    WHERE i.kind = 'inquiry' AND i.contacted_at >= first_day AND i.contacted_at < last_day
    GROUP BY GROUPING SETS ((i.channel), ())
), base AS (
    SELECT not_contacted_rate(first_day, last_day, days, false) AS s
)
SELECT q.channel, coalesce(trials(q.s), 0), coalesce(successes(q.s), 0), rate(q.s),
       ci_lower(q.s, confidence), ci_upper(q.s, confidence),
       c.rate_b, c.difference, c.difference_ci_lower, c.difference_ci_upper,
       c.relative_lift, c.p_value
FROM inquiry AS q
    CROSS JOIN base AS b
    CROSS JOIN LATERAL rate_comparison(q.s, b.s, confidence) AS c
ORDER BY q.channel NULLS LAST
$$;
