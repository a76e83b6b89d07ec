SELECT to_char(month, 'YYYY-MM')             AS month,
       at_start                              AS "at start",
       retained,
       churned,
       new_paid                              AS "new paid",
       new_referral                          AS "new referral",
       new_organic                           AS "new organic",
       round(100 * referral_share, 1)        AS "referral %",
       round(cac_paid, 2)                    AS "CAC paid",
       round(100 * churn_rate::numeric, 2)   AS "churn %",
       round(100 * crr::numeric, 2)          AS "CRR %",
       round(100 * nrr::numeric, 2)          AS "NRR %"
FROM customer_flow(date '2026-01-01', 10);
