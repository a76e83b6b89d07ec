SELECT coalesce(agent, 'team')                              AS agent,
       conversations                                        AS n,
       format('%s [%s, %s] %s', round(100 * csat::numeric), round(100 * csat_ci_lower::numeric),
              round(100 * csat_ci_upper::numeric), csat_vs_team) AS csat_pct,
       CASE WHEN agent IS NOT NULL
            THEN format('%s-%s', csat_best_rank, csat_worst_rank) END AS csat_rank,
       format('%s [%s, %s] %s', round(100 * fcr::numeric), round(100 * fcr_ci_lower::numeric),
              round(100 * fcr_ci_upper::numeric), fcr_vs_team) AS fcr_pct,
       format('%s [%s, %s] %s', round(100 * cvr::numeric), round(100 * cvr_ci_lower::numeric),
              round(100 * cvr_ci_upper::numeric), cvr_vs_team) AS cvr_pct,
       format('%s [%s, %s] %s', round(100 * upsell_rate::numeric, 1),
              round(100 * upsell_ci_lower::numeric, 1),
              round(100 * upsell_ci_upper::numeric, 1), upsell_vs_team) AS upsell_pct
FROM cs_scorecard(date '2026-09-01', 14);
