-- Simple CLV, LTV:CAC and CAC payback per acquisition channel, over the 12
-- months 2025-11 .. 2026-10: monthly churn from churn_agg, ARPU (monthly
-- MRR per paying account at the start of each month) from revenue_agg, a
-- 80 % gross margin, 1 % a month discounting, and the CAC of each channel
-- from the customer-flow recipe (spend / new customers of the channel).
WITH months AS (
    SELECT m::date AS month, (m + interval '1 month')::date AS next_month
    FROM generate_series(timestamp '2025-11-01', timestamp '2026-10-01', interval '1 month') AS m
), churn AS (           -- one churn summary per channel and month
    SELECT c.channel, m.month,
           churn_agg(c.started_at, c.ended_at, daterange(m.month, m.next_month)) AS summary
    FROM customers AS c CROSS JOIN months AS m
    GROUP BY c.channel, m.month
), account_mrr AS (     -- each account's MRR at the start and the end of each month
    SELECT c.channel, m.month, s.customer_id,
           sum(s.mrr) FILTER (WHERE active_at(s.started_at, s.ended_at, m.month))      AS mrr_start,
           sum(s.mrr) FILTER (WHERE active_at(s.started_at, s.ended_at, m.next_month)) AS mrr_end
    FROM months AS m
        JOIN subscriptions AS s
          ON active_at(s.started_at, s.ended_at, m.month)
          OR active_at(s.started_at, s.ended_at, m.next_month)
        JOIN customers AS c USING (customer_id)
    GROUP BY c.channel, m.month, s.customer_id
), revenue AS (         -- one revenue summary per channel and month
    SELECT channel, month, revenue_agg(mrr_start, mrr_end) AS summary
    FROM account_mrr
    GROUP BY channel, month
), unit AS (            -- monthly churn rate and ARPU per channel, pooled over the months
    SELECT ch.channel,
           sum(churned(ch.summary))::float8 / sum(customers_at_start(ch.summary)) AS monthly_churn,
           sum(starting_mrr(r.summary)) / sum(accounts_at_start(r.summary))    AS arpu
    FROM churn AS ch JOIN revenue AS r USING (channel, month)
    GROUP BY ch.channel
), cac AS (             -- spend / new customers per channel, from the customer-flow recipe
    SELECT v.channel, sum(sp.amount) / nullif(sum(v.new_customers), 0) AS cac
    FROM customer_flow(date '2025-11-01', 12) AS f
        CROSS JOIN LATERAL (VALUES ('paid', f.new_paid), ('referral', f.new_referral),
                                   ('organic', f.new_organic)) AS v(channel, new_customers)
        LEFT JOIN marketing_spend AS sp ON sp.month = f.month AND sp.channel = v.channel
    GROUP BY v.channel
)
SELECT u.channel,
       round(u.arpu, 2)                                               AS arpu,
       round((100 * u.monthly_churn)::numeric, 2)                     AS "churn %/month",
       round(simple_clv(u.arpu, 0.8, u.monthly_churn)::numeric, 0)    AS clv,
       round(simple_clv(u.arpu, 0.8, u.monthly_churn, 0.01)::numeric, 0) AS clv_discounted,
       round(c.cac, 2)                                                AS cac,
       round((simple_clv(u.arpu, 0.8, u.monthly_churn, 0.01) / c.cac)::numeric, 1) AS ltv_cac,
       round(c.cac / (u.arpu * 0.8), 1)                               AS payback_months
FROM unit AS u JOIN cac AS c USING (channel)
ORDER BY u.channel;
