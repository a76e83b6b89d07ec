SELECT coalesce(agent, 'all agents')                        AS agent,
       coalesce(channel, 'all channels')                    AS channel,
       conversations,
       recommended,
       upsells,
       round(100 * upsell_rate::numeric, 1)                 AS upsell_pct,
       format('[%s, %s]', round(100 * ci_lower::numeric, 1),
              round(100 * ci_upper::numeric, 1))            AS ci95_pct
FROM cs_upsell(date '2026-01-01', date '2026-10-01', 30)
WHERE agent IS NULL OR channel IS NULL;
