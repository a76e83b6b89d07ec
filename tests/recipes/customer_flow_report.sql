SELECT month,                                   -- a date: BI tools see a time axis
       at_start,
       retained,
       churned,
       new_paid,
       new_referral,
       new_organic,
       round(100 * referral_share, 1)           AS referral_pct,
       round(cac_paid, 2)                       AS cac_paid,
       round(100 * churn_rate::numeric, 2)      AS churn_pct,
       round(100 * crr::numeric, 2)             AS crr_pct,
       round(100 * nrr::numeric, 2)             AS nrr_pct
FROM customer_flow(date '2026-01-01', 10);
