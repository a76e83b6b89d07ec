-- How CS changes CLV: the mean predicted 12-month CLV (customer_clv of the
-- models recipe) of customers by their CS history up to 2026-11-01, with a
-- 95 % normal interval of the mean (mean +- 1.96 sd / sqrt(n)).  Groups:
-- never contacted CS; contacted, every contact resolved at first contact;
-- contacted, at least one contact not resolved at first contact.
WITH cs AS (
    SELECT customer_id, bool_and(resolved_first_contact) AS all_resolved
    FROM cs_interactions
    WHERE contacted_at < timestamptz '2026-11-01 00:00+00'
    GROUP BY customer_id
), grouped AS (
    SELECT CASE WHEN cs.customer_id IS NULL THEN '1 no CS contact'
                WHEN cs.all_resolved THEN '2 contacted, all resolved first time'
                ELSE '3 contacted, not all resolved first time' END AS cs_history,
           v.clv_12_months
    FROM customer_clv AS v LEFT JOIN cs USING (customer_id)
)
SELECT cs_history, count(*) AS customers,
       round(avg(clv_12_months)::numeric, 2) AS mean_clv,
       round((avg(clv_12_months) - 1.96 * stddev_samp(clv_12_months) / sqrt(count(*)))::numeric, 2) AS ci_lower,
       round((avg(clv_12_months) + 1.96 * stddev_samp(clv_12_months) / sqrt(count(*)))::numeric, 2) AS ci_upper
FROM grouped
GROUP BY cs_history
ORDER BY cs_history;
