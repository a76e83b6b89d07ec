SELECT customers,
       format('%s [%s, %s]', round(100 * rate_before::numeric, 1),
              round(100 * rate_before_ci_lower::numeric, 1),
              round(100 * rate_before_ci_upper::numeric, 1)) AS before_pct,
       format('%s [%s, %s]', round(100 * rate_during::numeric, 1),
              round(100 * rate_during_ci_lower::numeric, 1),
              round(100 * rate_during_ci_upper::numeric, 1)) AS during_pct,
       only_before,
       only_during,
       format('%s [%s, %s]', round(100 * relative_lift::numeric, 1),
              round(100 * relative_lift_ci_lower::numeric, 1),
              round(100 * relative_lift_ci_upper::numeric, 1)) AS lift_pct,
       CASE WHEN p_value < 1e-15 THEN '< 1e-15'
            ELSE to_char(p_value, '9.9EEEE') END             AS p_value
FROM cs_promotion('summer_repurchase');
