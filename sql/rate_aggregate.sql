--
-- rate_agg on generated data: equal to the SQL an analyst types
-- (count(*) FILTER, avg), serial = forced parallel, window frames = each
-- frame on its own, rollup of daily summaries = the aggregate over raw rows.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA rate_aggregate;
SET search_path = rate_aggregate, public;

-- 150 000 CS conversations: converted with a channel-dependent rate, 3% NULL
-- (unknown outcome); weights are multiples of 1/4, so weighted sums are
-- exact in any order.
CREATE TABLE conv AS
SELECT i AS id,
       date '2026-01-01' + (i % 120) AS day,
       (ARRAY['chat', 'mail', 'phone'])[1 + (hashint4(i + 1) & 2147483647) % 3] AS channel,
       CASE WHEN (hashint4(i + 2) & 2147483647) % 33 = 0 THEN NULL
            ELSE (hashint4(i) & 2147483647) % 1000 < 80 + 40 * ((hashint4(i + 1) & 2147483647) % 3) END AS converted,
       (1 + (hashint4(i + 8) & 2147483647) % 12) / 4.0::float8 AS w
FROM generate_series(1, 150000) i;
CREATE INDEX ON conv (id);
ANALYZE conv;

-- Equal to the SQL an analyst would type
SELECT channel,
       successes(r) = count(*) FILTER (WHERE converted) AS successes_ok,
       trials(r) = count(converted) AS trials_ok,
       abs(rate(r) - avg(converted::int)) < 1e-12 AS rate_ok,
       abs(std_error(r) - sqrt(avg(converted::int) * (1 - avg(converted::int)) / count(converted))) < 1e-12 AS se_ok,
       abs(rate(rw) - sum(w) FILTER (WHERE converted) / sum(w) FILTER (WHERE converted IS NOT NULL)) < 1e-12 AS weighted_ok,
       abs(effective_n(rw) - sum(w) FILTER (WHERE converted IS NOT NULL) ^ 2
                              / sum(w * w) FILTER (WHERE converted IS NOT NULL)) < 1e-6 AS n_eff_ok,
       trials(rw) = count(converted) AS weighted_trials_ok
FROM (SELECT channel, rate_agg(converted) r, rate_agg(converted, w) rw FROM conv GROUP BY channel) s
JOIN conv USING (channel)
GROUP BY channel, r, rw
ORDER BY channel;

-- chat against phone, recomputed from the counts with plain SQL formulas
-- (Wilson bounds and the pooled z test of csat.sql's derivation)
WITH c AS (SELECT rate_agg(converted) FILTER (WHERE channel = 'phone') a,
                  rate_agg(converted) FILTER (WHERE channel = 'chat') b FROM conv),
     k AS (SELECT a, b, successes(a)::float8 xa, trials(a)::float8 na, successes(b)::float8 xb, trials(b)::float8 nb,
                  1.959963984540054 z FROM c)
SELECT abs(rate_difference(a, b) - (xa / na - xb / nb)) < 1e-15 AS diff_ok,
       abs(relative_lift(a, b) - ((xa / na) / (xb / nb) - 1)) < 1e-12 AS lift_ok,
       abs(ci_lower(a) - ((xa / na + z * z / (2 * na)) - z * sqrt(xa / na * (1 - xa / na) / na + z * z / (4 * na * na)))
           / (1 + z * z / na)) < 1e-12 AS wilson_ok,
       abs(relative_lift_ci_lower(a, b) - (exp(ln((xa / na) / (xb / nb)) - z * sqrt(1 / xa - 1 / na + 1 / xb - 1 / nb)) - 1)) < 1e-12 AS katz_ok,
       p_value(a, b) < 1e-6 AS significant,
       probability_to_beat(a, b) > 0.999999 AS beats
FROM k;

-- A rate is a CSAT share on the scale 0..1 with cutoff 1: the same Wilson
-- interval, standard error and pooled test, weighted too (Kish n_eff)
WITH r AS (SELECT channel, rate_agg(converted) r, rate_agg(converted, w) rw,
                  csat_agg(converted::int, 0, 1, 1) c, csat_agg(converted::int, 0, 1, 1, w) cw
           FROM conv GROUP BY channel)
SELECT bool_and(rate(r) = csat(c) AND rate(rw) = csat(cw)) AS same_rate,
       bool_and(ci_lower(r) = ci_lower(c) AND ci_upper(r) = ci_upper(c)) AS same_wilson,
       bool_and(abs(ci_lower(rw) - ci_lower(cw)) < 1e-12 AND abs(ci_upper(rw) - ci_upper(cw)) < 1e-12) AS same_weighted_wilson,
       bool_and(std_error(rw) = std_error(cw) AND effective_n(rw) = effective_n(cw)) AS same_weighted_se,
       (SELECT p_value(x.r, y.r) = p_value(x.c, y.c) AND p_value(x.rw, y.rw) = p_value(x.cw, y.cw)
        FROM r x, r y WHERE x.channel = 'chat' AND y.channel = 'phone') AS same_p
FROM r;

-- Parallel plans give the same summaries
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_all AS
SELECT rate_agg(converted) r, rate_agg(converted, w) rw FROM conv;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT rate_agg(converted), rate_agg(converted, w) FROM conv;
SELECT s.r = p.r AND s.rw = p.rw AS parallel_same, trials(p.r) AS trials
FROM serial_all s, (SELECT rate_agg(converted) r, rate_agg(converted, w) rw FROM conv) p;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- Rollup of daily summaries equals the aggregate over raw rows, by month
CREATE TABLE daily AS
SELECT day, channel, rate_agg(converted) r, rate_agg(converted, w) rw FROM conv GROUP BY day, channel;
SELECT count(*) AS months, bool_and(x.r = y.r AND x.rw = y.rw) AS rollup_equal
FROM (SELECT date_trunc('month', day) m, rollup(r) r, rollup(rw) rw FROM daily GROUP BY 1) x
JOIN (SELECT date_trunc('month', day) m, rate_agg(converted) r, rate_agg(converted, w) rw FROM conv GROUP BY 1) y USING (m);

-- Window frames equal each frame computed on its own (the inverse at work)
SELECT count(*) AS rows,
       count(*) FILTER (WHERE x IS NOT DISTINCT FROM y AND u IS NOT DISTINCT FROM v) AS equal
FROM (SELECT id, rate_agg(converted) OVER (ORDER BY id ROWS BETWEEN 40 PRECEDING AND CURRENT ROW) x,
             rate_agg(converted, w) OVER (ORDER BY id ROWS BETWEEN 10 PRECEDING AND 2 PRECEDING) u
      FROM conv WHERE id <= 2000) a
JOIN LATERAL (SELECT rate_agg(converted) y FROM conv b WHERE b.id BETWEEN a.id - 40 AND a.id) b ON true
JOIN LATERAL (SELECT rate_agg(converted, w) v FROM conv b WHERE b.id BETWEEN a.id - 10 AND a.id - 2) c ON true;
-- a 7-day rolling conversion rate from stored daily summaries (rollup's inverse)
SELECT count(*) FILTER (WHERE x IS NOT DISTINCT FROM y) = count(*) AS rolling_equal, count(*)
FROM (SELECT day, rollup(r) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) x
      FROM (SELECT day, rollup(r) r FROM daily GROUP BY day) d) a
JOIN LATERAL (SELECT rate_agg(converted) y FROM conv b WHERE b.day BETWEEN a.day - 6 AND a.day) b ON true;

-- a per-channel scorecard through the typed rows
SELECT channel, round(r.rate::numeric, 4) AS rate, r.successes, r.trials,
       round(r.ci_lower::numeric, 4) AS lo, round(r.ci_upper::numeric, 4) AS hi
FROM (SELECT channel, rate_agg(converted) s FROM conv GROUP BY channel) t
CROSS JOIN LATERAL rate_report(t.s, 0.95, 'exact') r
ORDER BY channel;

-- Every accessor stays in its domain (or is NULL) on extreme valid
-- summaries: counts up to the largest a point holds (838488366986797800),
-- zeros, weights from 1e-150 to 1e150.  Rates and bounds in 0..1 with
-- lower <= upper, differences in -1..1, lifts >= -1, p-values and
-- probabilities in 0..1, margins and errors >= 0.
SELECT setseed(0.25);
CREATE TABLE ext AS
SELECT g, format('v1;counts=%s,%s', f, k)
          || CASE WHEN g % 3 = 0 AND f + k > 0 THEN
                 format(';sumw=%s,%s;sumw2=%s,%s', (f * w)::float8, (k * w)::float8,
                        least(f * w * w, 1e300)::float8, least(k * w * w, 1e300)::float8)
             ELSE '' END AS body
FROM (SELECT g,
             CASE WHEN random() < 0.2 THEN 0 WHEN random() < 0.5 THEN floor(random() * 838488366986797800)::numeric
                  ELSE floor(random() * 50)::numeric END AS f,
             CASE WHEN random() < 0.2 THEN 0 WHEN random() < 0.5 THEN floor(random() * 838488366986797800)::numeric
                  ELSE floor(random() * 50)::numeric END AS k,
             power(10::numeric, -150 + floor(random() * 301)::int) AS w
      FROM generate_series(1, 300) g) x;
CREATE FUNCTION pg_temp.rate_domain_errors(body text, other text) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
	a rate_summary; b rate_summary; r text[] := '{}'; m text; c record;
BEGIN
	BEGIN
		a := body::rate_summary;
		b := other::rate_summary;
	EXCEPTION WHEN invalid_text_representation THEN
		RETURN NULL;			-- impossible weight sums (capped): skipped
	END;
	IF rate(a) < 0 OR rate(a) > 1 OR std_error(a) < 0 THEN r := r || 'rate'; END IF;
	FOREACH m IN ARRAY ARRAY['wilson', 'bayes', 'exact', 'agresti-coull'] LOOP
		IF ci_lower(a, 0.95, m) < 0 OR ci_upper(a, 0.95, m) > 1 OR ci_lower(a, 0.95, m) > ci_upper(a, 0.95, m)
		   OR margin_of_error(a, 0.95, m) < 0 OR (rate(a) IS NOT NULL AND ci_lower(a, 0.95, m) IS NULL) THEN
			r := r || m;
		END IF;
	END LOOP;
	SELECT * INTO c FROM rate_comparison(a, b);
	IF c.difference < -1 OR c.difference > 1 OR c.difference_ci_lower > c.difference_ci_upper
	   OR c.difference_ci_lower < -1 OR c.difference_ci_upper > 1 THEN r := r || 'difference'; END IF;
	IF c.relative_lift < -1 OR c.relative_lift_ci_lower < -1 OR c.relative_lift_ci_lower > c.relative_lift_ci_upper THEN
		r := r || 'lift';
	END IF;
	IF c.p_value < 0 OR c.p_value > 1 OR c.probability_to_beat < 0 OR c.probability_to_beat > 1 THEN r := r || 'p'; END IF;
	IF rate(a) IS NOT NULL AND rate(b) IS NOT NULL AND c.probability_to_beat IS NULL THEN r := r || 'beat NULL'; END IF;
	RETURN r;
END $$;
SELECT count(*) AS summaries,
       count(*) FILTER (WHERE pg_temp.rate_domain_errors(x.body, y.body) IS NULL) AS rejected,
       count(*) FILTER (WHERE pg_temp.rate_domain_errors(x.body, y.body) = '{}') AS in_domain
FROM ext x JOIN ext y ON y.g = 301 - x.g;
SELECT x.body, y.body, pg_temp.rate_domain_errors(x.body, y.body) AS errors
FROM ext x JOIN ext y ON y.g = 301 - x.g
WHERE pg_temp.rate_domain_errors(x.body, y.body) <> '{}' LIMIT 5;

DROP SCHEMA rate_aggregate CASCADE;
