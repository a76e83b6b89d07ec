-- Agent scorecard for the month starting at `month`: per agent, the CSAT
-- of the post-contact survey (csat_agg: share of 4 and 5 on 1..5), the
-- first-contact resolution rate (FCR), the conversion of inquiries (an
-- order within `days` days) and the upsell rate (the recommended product
-- bought within `days` days, over all conversations), each with its
-- interval and compared with the team: 'above' when the agent's interval
-- lies above the team's value, 'below' when below, '' when it holds it.
-- CSAT ranks are given as a range: csat_best_rank = 1 + the agents whose
-- CSAT interval lies wholly above this agent's, csat_worst_rank = agents -
-- those whose interval lies wholly below.  The team is the row agent NULL.
CREATE FUNCTION versus_team(lower double precision, upper double precision,
                            team double precision)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN lower > team THEN 'above' WHEN upper < team THEN 'below' ELSE '' END;

CREATE FUNCTION cs_scorecard(month date, days integer,
                             confidence double precision DEFAULT 0.95)
RETURNS TABLE (agent text, conversations bigint,
               csat_answers bigint, csat double precision,
               csat_ci_lower double precision, csat_ci_upper double precision,
               csat_vs_team text, csat_best_rank bigint, csat_worst_rank bigint,
               fcr double precision, fcr_ci_lower double precision,
               fcr_ci_upper double precision, fcr_vs_team text,
               inquiries bigint, cvr double precision, cvr_ci_lower double precision,
               cvr_ci_upper double precision, cvr_vs_team text,
               upsell_rate double precision, upsell_ci_lower double precision,
               upsell_ci_upper double precision, upsell_vs_team text)
LANGUAGE sql STABLE
SET TimeZone = 'UTC'
AS $$
WITH summaries AS (
    SELECT i.agent, count(*) AS conversations,
           csat_agg(i.csat_score) AS csat,
           rate_agg(i.resolved_first_contact) AS fcr,
           rate_agg(bought_within(i.customer_id, i.contacted_at, days))
               FILTER (WHERE i.kind = 'inquiry') AS cvr,
           rate_agg(bought_within(i.customer_id, i.contacted_at, days,
                                  i.recommended_product)) AS upsell
    FROM cs_interactions AS i
    WHERE i.contacted_at >= month AND i.contacted_at < month + interval '1 month'
    GROUP BY GROUPING SETS ((i.agent), ())
), card AS (
    SELECT agent, conversations,
           responses(csat) AS csat_answers, csat(csat) AS csat,
           ci_lower(csat, confidence) AS csat_lo, ci_upper(csat, confidence) AS csat_hi,
           rate(fcr) AS fcr, ci_lower(fcr, confidence) AS fcr_lo, ci_upper(fcr, confidence) AS fcr_hi,
           trials(cvr) AS inquiries, rate(cvr) AS cvr,
           ci_lower(cvr, confidence) AS cvr_lo, ci_upper(cvr, confidence) AS cvr_hi,
           rate(upsell) AS upsell, ci_lower(upsell, confidence) AS upsell_lo,
           ci_upper(upsell, confidence) AS upsell_hi
    FROM summaries
)
SELECT a.agent, a.conversations,
       a.csat_answers, a.csat, a.csat_lo, a.csat_hi, versus_team(a.csat_lo, a.csat_hi, t.csat),
       CASE WHEN a.agent IS NOT NULL THEN
           1 + (SELECT count(*) FROM card AS b WHERE b.agent IS NOT NULL AND b.csat_lo > a.csat_hi) END,
       CASE WHEN a.agent IS NOT NULL THEN
           (SELECT count(*) FROM card AS b WHERE b.agent IS NOT NULL)
           - (SELECT count(*) FROM card AS b WHERE b.agent IS NOT NULL AND b.csat_hi < a.csat_lo) END,
       a.fcr, a.fcr_lo, a.fcr_hi, versus_team(a.fcr_lo, a.fcr_hi, t.fcr),
       a.inquiries, a.cvr, a.cvr_lo, a.cvr_hi, versus_team(a.cvr_lo, a.cvr_hi, t.cvr),
       a.upsell, a.upsell_lo, a.upsell_hi, versus_team(a.upsell_lo, a.upsell_hi, t.upsell)
FROM card AS a
    CROSS JOIN (SELECT * FROM card WHERE agent IS NULL) AS t
ORDER BY a.agent IS NULL, a.csat_lo DESC NULLS LAST, a.agent
$$;
