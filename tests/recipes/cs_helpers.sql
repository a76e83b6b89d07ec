-- Helpers of the customer-service recipes, over the tables of your
-- search_path (read when called).  bought_within: did the customer buy
-- (anything, or one product) within `days` days after the instant `after`?
-- "Within" is after < ordered_at <= after + days (an order at the very
-- instant of the contact is not "after").
CREATE FUNCTION bought_within(customer integer, after timestamptz, days integer)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
SET TimeZone = 'UTC'            -- days of 24 hours, whatever the session's zone
AS $$
SELECT EXISTS (SELECT FROM orders AS o
               WHERE o.customer_id = customer
                 AND o.ordered_at > after
                 AND o.ordered_at <= after + days * interval '1 day')
$$;

CREATE FUNCTION bought_within(customer integer, after timestamptz, days integer, item text)
RETURNS boolean                 -- false when item is NULL (nothing recommended)
LANGUAGE sql STABLE PARALLEL SAFE
SET TimeZone = 'UTC'
AS $$
SELECT EXISTS (SELECT FROM orders AS o
               WHERE o.customer_id = customer
                 AND o.product = item
                 AND o.ordered_at > after
                 AND o.ordered_at <= after + days * interval '1 day')
$$;

-- The baseline of customers who did not contact CS: one observation per
-- customer and reference instant w = first_day, first_day + days, ...
-- (before last_day; 00:00 UTC), so that a customer's windows (w, w + days]
-- do not overlap; for the customers who were customers at w (started_at < w,
-- ended_at NULL or >= w) and had no CS interaction from w - days to
-- w + days; with buyers_only, only those who had ordered before w.
-- Success: an order within days after w (as bought_within).
CREATE FUNCTION not_contacted_rate(first_day date, last_day date, days integer,
                                   buyers_only boolean)
RETURNS rate_summary
LANGUAGE sql STABLE
SET TimeZone = 'UTC'
AS $$
SELECT rate_agg(EXISTS (SELECT FROM orders AS o
                        WHERE o.customer_id = c.customer_id
                          AND o.ordered_at > w
                          AND o.ordered_at <= w + days * interval '1 day'))
FROM generate_series(first_day::timestamptz, last_day::timestamptz - interval '1 day',
                     days * interval '1 day') AS w
    JOIN customers AS c ON c.started_at < w AND (c.ended_at IS NULL OR c.ended_at >= w)
WHERE NOT EXISTS (SELECT FROM cs_interactions AS i
                  WHERE i.customer_id = c.customer_id
                    AND i.contacted_at >= w - days * interval '1 day'
                    AND i.contacted_at <= w + days * interval '1 day')
  AND (NOT buyers_only
       OR EXISTS (SELECT FROM orders AS o
                  WHERE o.customer_id = c.customer_id AND o.ordered_at < w))
$$;
