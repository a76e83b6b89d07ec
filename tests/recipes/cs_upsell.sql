-- Upsell / cross-sell rate: the share of CS conversations in [first_day,
-- last_day) after which the customer bought the product the agent
-- recommended within `days` days, per agent and channel, per agent
-- (channel NULL), per channel (agent NULL) and for the team (both NULL).
-- A conversation without a recommendation counts, as a conversation
-- without an upsell; `recommended` says how many had one.  No conversation:
-- one row, the team's, with 0 conversations and NULL rates.
CREATE FUNCTION cs_upsell(first_day date, last_day date, days integer)
RETURNS TABLE (agent text, channel text, conversations bigint,
               recommended bigint, upsells bigint, upsell_rate double precision,
               ci_lower double precision, ci_upper double precision)
LANGUAGE sql STABLE
SET TimeZone = 'UTC'
AS $$
SELECT agent, channel, coalesce(trials(s), 0), recommended, coalesce(successes(s), 0),
       rate(s), ci_lower(s), ci_upper(s)
FROM (SELECT i.agent, i.channel,
             count(i.recommended_product) AS recommended,
             rate_agg(bought_within(i.customer_id, i.contacted_at, days,
                                    i.recommended_product)) AS s
      FROM cs_interactions AS i
      WHERE i.contacted_at >= first_day AND i.contacted_at < last_day
      GROUP BY GROUPING SETS ((i.agent, i.channel), (i.agent), (i.channel), ())) AS t
ORDER BY agent NULLS LAST, channel NULLS LAST
$$;
