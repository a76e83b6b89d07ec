SELECT days,
       reviews_before,
       reviews_during,
       round(per_day_before::numeric, 2)                    AS per_day_before,
       round(per_day_during::numeric, 2)                    AS per_day_during,
       format('%s [%s, %s]', round(rate_ratio::numeric, 2),
              round(rate_ratio_ci_lower::numeric, 2),
              round(rate_ratio_ci_upper::numeric, 2))       AS rate_ratio_ci95,
       format('%s [%s, %s]', round(stars_before::numeric, 2),
              round(stars_before_ci_lower::numeric, 2),
              round(stars_before_ci_upper::numeric, 2))     AS stars_before,
       format('%s [%s, %s]', round(stars_during::numeric, 2),
              round(stars_during_ci_lower::numeric, 2),
              round(stars_during_ci_upper::numeric, 2))     AS stars_during,
       CASE WHEN stars_p_value < 1e-15 THEN '< 1e-15'
            ELSE to_char(stars_p_value, '9.9EEEE') END       AS stars_p_value
FROM cs_reviews('review_campaign');
