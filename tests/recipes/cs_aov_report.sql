SELECT customers,
       orders_before,
       orders_after,
       round(aov_before::numeric, 2)                        AS aov_before,
       round(aov_after::numeric, 2)                         AS aov_after,
       round(difference::numeric, 2)                        AS difference,
       format('[%s, %s]', round(difference_ci_lower::numeric, 2),
              round(difference_ci_upper::numeric, 2))       AS difference_ci95,
       round(100 * relative_lift::numeric, 1)               AS lift_pct,
       format('[%s, %s]', round(100 * relative_lift_ci_lower::numeric, 1),
              round(100 * relative_lift_ci_upper::numeric, 1)) AS lift_ci95_pct,
       CASE WHEN p_value < 1e-15 THEN '< 1e-15'
            ELSE to_char(p_value, '9.9EEEE') END             AS p_value
FROM cs_aov_lift(date '2025-01-01', date '2026-10-01', 30);
