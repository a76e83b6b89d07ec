SELECT coalesce(channel, 'all inquiries')                   AS channel,
       inquiries,
       purchases,
       round(100 * cvr::numeric, 1)                         AS cvr_pct,
       format('[%s, %s]', round(100 * ci_lower::numeric, 1),
              round(100 * ci_upper::numeric, 1))            AS ci95_pct,
       round(100 * baseline::numeric, 1)                    AS not_contacted_pct,
       format('%s [%s, %s]', round(100 * difference::numeric, 1),
              round(100 * difference_ci_lower::numeric, 1),
              round(100 * difference_ci_upper::numeric, 1)) AS difference_pts,
       CASE WHEN p_value < 1e-15 THEN '< 1e-15'
            ELSE to_char(p_value, '9.9EEEE') END             AS p_value
FROM cs_conversion(date '2026-01-01', date '2026-10-01', 14);
