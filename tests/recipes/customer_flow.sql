-- Customer flow, the monthly "customer value statement", for the months
-- first_month, first_month + 1 month, ... (months of them): customers at the
-- start of each month, retained, churned and acquired ones, new customers
-- by channel, the referral share of new customers, the paid CAC (paid
-- spend / new paid customers), the churn rate, the customer retention rate
-- (CRR) and the net revenue retention (NRR), over the tables customers,
-- subscriptions and marketing_spend of your search_path.
CREATE FUNCTION customer_flow(first_month date, months integer)
RETURNS TABLE (month date, at_start bigint, retained bigint, churned bigint,
			   acquired bigint, new_paid numeric, new_referral numeric,
			   new_organic numeric, referral_share numeric, cac_paid numeric,
			   churn_rate double precision, crr double precision,
			   nrr double precision)
LANGUAGE sql STABLE
AS $$
WITH per_channel AS (   -- one churn series per acquisition channel, one pass over customers
    SELECT channel,
           churn_series_agg(started_at, ended_at,
                            first_month, interval '1 month', months) AS series
    FROM customers
    GROUP BY channel
), flow AS (            -- all channels together: one row per month
    SELECT p.period, p.period_start::date AS month, p.period_end::date AS next_month,
           p.customers_at_start, p.retained, p.churned, p.acquired,
           p.churn_rate, p.customer_retention_rate
    FROM (SELECT rollup(series) AS series FROM per_channel) AS t,
         churn_periods(t.series) AS p
), new_by_channel AS (  -- customers acquired per month and channel (0 when none)
    SELECT p.period,
           coalesce(sum(p.acquired) FILTER (WHERE c.channel = 'paid'), 0)     AS new_paid,
           coalesce(sum(p.acquired) FILTER (WHERE c.channel = 'referral'), 0) AS new_referral,
           coalesce(sum(p.acquired) FILTER (WHERE c.channel = 'organic'), 0)  AS new_organic
    FROM per_channel AS c, churn_periods(c.series) AS p
    GROUP BY p.period
), paid_spend AS (      -- marketing spend of the paid channel per month
    SELECT month, sum(amount) AS amount
    FROM marketing_spend
    WHERE channel = 'paid'
    GROUP BY month
), account_mrr AS (     -- each account's MRR at the start and at the end of each month
    SELECT f.period, s.customer_id,
           sum(s.mrr) FILTER (WHERE active_at(s.started_at, s.ended_at, f.month))      AS mrr_start,
           sum(s.mrr) FILTER (WHERE active_at(s.started_at, s.ended_at, f.next_month)) AS mrr_end
    FROM flow AS f
        JOIN subscriptions AS s
          ON active_at(s.started_at, s.ended_at, f.month)
          OR active_at(s.started_at, s.ended_at, f.next_month)
    GROUP BY f.period, s.customer_id
), revenue AS (         -- revenue retention per month (NULL MRR counts as 0)
    SELECT period, revenue_agg(mrr_start, mrr_end) AS summary
    FROM account_mrr
    GROUP BY period
)
SELECT f.month,
       f.customers_at_start,
       f.retained,
       f.churned,
       f.acquired,
       n.new_paid,
       n.new_referral,
       n.new_organic,
       n.new_referral / nullif(f.acquired, 0),
       s.amount / nullif(n.new_paid, 0),
       f.churn_rate,
       f.customer_retention_rate,
       net_revenue_retention(r.summary)
FROM flow AS f
    JOIN new_by_channel AS n USING (period)
    LEFT JOIN paid_spend AS s ON s.month = f.month
    LEFT JOIN revenue AS r USING (period)
ORDER BY f.period
$$;
