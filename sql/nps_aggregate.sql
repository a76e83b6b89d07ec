--
-- nps_agg on generated data: equal to the hand-written FILTER SQL, the same
-- on serial and forced-parallel plans, window frames equal to computing each
-- frame on its own, rollup of daily summaries equal to the raw aggregate,
-- and a + b equal to the aggregate over the union.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA nps_aggregate;
SET search_path = nps_aggregate, public;
SET TimeZone = 'UTC';

-- 200 000 answers over 120 days and 4 segments, 2% NULL scores; weights are
-- multiples of 1/4 so weighted sums are exact in any order.
CREATE TABLE answers AS
SELECT i AS id,
       date '2026-01-01' + (i % 120) AS day,
       (ARRAY['web', 'app', 'call-center', 'email'])[1 + (hashint4(i + 1) & 3)] AS segment,
       CASE WHEN (hashint4(i + 2) & 2147483647) % 50 = 0 THEN NULL
            ELSE ((hashint4(i) & 2147483647) % 11 + (hashint4(i + 3) & 2147483647) % 3) % 11 END AS score,
       (1 + (hashint4(i + 4) & 2147483647) % 12) / 4.0::float8 AS w
FROM generate_series(1, 200000) i;
ANALYZE answers;

-- ---------------------------------------------------------------------
-- Equal to the hand-written SQL an analyst would type
-- ---------------------------------------------------------------------
SELECT segment,
       promoters(s) = r AS promoters_ok, passives(s) = p AS passives_ok,
       detractors(s) = d AS detractors_ok, responses(s) = n AS n_ok,
       abs(nps(s) - 100.0 * (r - d) / n) < 1e-9 AS nps_ok,
       abs(mean_score(s) - mean) < 1e-9 AS mean_ok,
       histogram(s) = hist AS histogram_ok,
       abs(std_error(s) - 100 * sqrt(((r + d)::float8 / n - ((r - d)::float8 / n) ^ 2) / n)) < 1e-9 AS se_ok
FROM (SELECT segment, nps_agg(score) s,
             count(*) FILTER (WHERE score >= 9) r,
             count(*) FILTER (WHERE score BETWEEN 7 AND 8) p,
             count(*) FILTER (WHERE score <= 6) d,
             count(score) n,
             avg(score)::float8 mean,
             ARRAY[count(*) FILTER (WHERE score = 0), count(*) FILTER (WHERE score = 1),
                   count(*) FILTER (WHERE score = 2), count(*) FILTER (WHERE score = 3),
                   count(*) FILTER (WHERE score = 4), count(*) FILTER (WHERE score = 5),
                   count(*) FILTER (WHERE score = 6), count(*) FILTER (WHERE score = 7),
                   count(*) FILTER (WHERE score = 8), count(*) FILTER (WHERE score = 9),
                   count(*) FILTER (WHERE score = 10)] hist
      FROM answers a GROUP BY segment) t
ORDER BY segment;

-- weighted NPS equals sum(w) FILTER arithmetic; weighted SE equals the
-- linearised (with-replacement) formula of survey::svymean written out in
-- SQL: 100 sqrt(n / (n - 1) sum w^2 (g - m)^2) / sum w, n = answers
SELECT segment,
       abs(nps(s) - 100 * (wr - wd) / wt) < 1e-9 AS wnps_ok,
       abs(std_error(s) - 100 * sqrt(ss * n / (n - 1)) / wt) < 1e-9 AS wse_ok,
       abs(effective_n(s) - wt ^ 2 / w2) < 1e-6 AS neff_ok,
       abs(mean_score(s) - wmean) < 1e-9 AS wmean_ok
FROM (SELECT segment, nps_agg(score, w) s,
             sum(w) FILTER (WHERE score >= 9) wr,
             sum(w) FILTER (WHERE score <= 6) wd,
             sum(w) FILTER (WHERE score IS NOT NULL) wt,
             count(score)::float8 n,
             sum(w * w) FILTER (WHERE score IS NOT NULL) w2,
             sum(w * score) / sum(w) FILTER (WHERE score IS NOT NULL) wmean
      FROM answers GROUP BY segment) t
JOIN LATERAL (
	SELECT sum(a.w * a.w * ((CASE WHEN a.score >= 9 THEN 1 WHEN a.score <= 6 THEN -1 ELSE 0 END)
	                        - (t.wr - t.wd) / t.wt) ^ 2) ss
	FROM answers a WHERE a.segment = t.segment AND a.score IS NOT NULL) x ON true
ORDER BY segment;

-- ---------------------------------------------------------------------
-- Parallel plans give the same summary as serial ones
-- ---------------------------------------------------------------------
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_res AS
SELECT segment, nps_agg(score) u, nps_agg(score, w) w FROM answers GROUP BY segment;
CREATE TABLE serial_all AS
SELECT nps_agg(score) u, nps_agg(score, w) w FROM answers;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT nps_agg(score), nps_agg(score, w) FROM answers;
EXPLAIN (COSTS OFF) SELECT segment, nps_agg(score) FROM answers GROUP BY segment;
SELECT (SELECT u FROM serial_all) = nps_agg(score) AS unweighted_same,
       (SELECT w FROM serial_all) = nps_agg(score, w) AS weighted_same
FROM answers;
SELECT bool_and(s.u = p.u AND s.w = p.w) AS grouped_same, count(*)
FROM serial_res s JOIN (SELECT segment, nps_agg(score) u, nps_agg(score, w) w
                        FROM answers GROUP BY segment) p USING (segment);
-- rollup is parallel too
CREATE TABLE daily AS
SELECT day, segment, nps_agg(score) u, nps_agg(score, w) w FROM answers GROUP BY day, segment;
ANALYZE daily;
EXPLAIN (COSTS OFF) SELECT rollup(u) FROM daily;
SELECT rollup(u) = (SELECT u FROM serial_all) AS rollup_parallel_same,
       rollup(w) = (SELECT w FROM serial_all) AS wrollup_parallel_same
FROM daily;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- hash aggregation that spills to disk gives the same summaries
SET work_mem = '64kB';
SET enable_sort = off;
SELECT bool_and(s.u = h.u AND s.w = h.w) AS spilled_same, count(*)
FROM (SELECT day, segment, nps_agg(score) u, nps_agg(score, w) w FROM answers GROUP BY day, segment) h
JOIN daily s USING (day, segment);
RESET work_mem;
RESET enable_sort;

-- ---------------------------------------------------------------------
-- rollup and + are exact
-- ---------------------------------------------------------------------
-- rollup of daily summaries per month equals the aggregate over raw rows
SELECT count(*) AS months,
       bool_and(r.u = a.u) AS unweighted_equal,
       bool_and(r.w = a.w) AS weighted_equal
FROM (SELECT date_trunc('month', day) m, rollup(u) u, rollup(w) w FROM daily GROUP BY 1) r
JOIN (SELECT date_trunc('month', day) m, nps_agg(score) u, nps_agg(score, w) w FROM answers GROUP BY 1) a USING (m);
-- across segments too
SELECT bool_and(r.u = a.u) AS by_segment_equal
FROM (SELECT segment, rollup(u) u FROM daily GROUP BY 1) r
JOIN (SELECT segment, nps_agg(score) u FROM answers GROUP BY 1) a USING (segment);
-- a + b equals the aggregate over the union
SELECT (SELECT nps_agg(score) FROM answers WHERE id <= 70000)
     + (SELECT nps_agg(score) FROM answers WHERE id > 70000)
     = (SELECT nps_agg(score) FROM answers) AS plus_equal,
       (SELECT nps_agg(score, w) FROM answers WHERE segment = 'web')
     + (SELECT nps_agg(score, w) FROM answers WHERE segment <> 'web')
     = (SELECT nps_agg(score, w) FROM answers) AS wplus_equal;
-- + is commutative and associative, and the empty summary is its identity
WITH s AS (SELECT (SELECT nps_agg(score) FROM answers WHERE segment = 'web') a,
                  (SELECT nps_agg(score) FROM answers WHERE segment = 'app') b,
                  (SELECT nps_agg(score) FROM answers WHERE segment = 'email') c)
SELECT a + b = b + a AS commutative, (a + b) + c = a + (b + c) AS associative,
       a + 'v1;counts=0,0,0,0,0,0,0,0,0,0,0' = a AS identity
FROM s;
-- rollup skips NULL summaries; rollup of nothing is NULL
SELECT rollup(s) FROM (VALUES ('v1;counts=1,0,0,0,0,0,0,0,0,0,0'::nps_summary), (NULL), ('v1;counts=0,0,0,0,0,0,0,0,0,0,2')) x(s);
SELECT rollup(u) IS NULL AS rollup_of_nothing FROM daily WHERE false;
-- the INSERT ... ON CONFLICT pattern for incremental rollup tables
CREATE TABLE nps_rollup (segment text PRIMARY KEY, s nps_summary NOT NULL);
INSERT INTO nps_rollup SELECT segment, nps_agg(score) FROM answers WHERE id <= 100000 GROUP BY segment
ON CONFLICT (segment) DO UPDATE SET s = nps_rollup.s + EXCLUDED.s;
INSERT INTO nps_rollup SELECT segment, nps_agg(score) FROM answers WHERE id > 100000 GROUP BY segment
ON CONFLICT (segment) DO UPDATE SET s = nps_rollup.s + EXCLUDED.s;
SELECT bool_and(r.s = a.u) AS upsert_equal, count(*)
FROM nps_rollup r JOIN (SELECT segment, nps_agg(score) u FROM answers GROUP BY 1) a USING (segment);

-- ---------------------------------------------------------------------
-- Window frames equal each frame computed on its own
-- ---------------------------------------------------------------------
CREATE TABLE win AS SELECT id, score, w FROM answers WHERE id <= 3000;
CREATE INDEX ON win (id);
CREATE INDEX ON answers (day);
ANALYZE win;
ANALYZE answers;
-- sliding ROWS frame (moving-aggregate mode with the inverse function)
SELECT count(*) AS rows,
       count(*) FILTER (WHERE x IS NOT DISTINCT FROM y) AS equal
FROM (SELECT id, nps_agg(score) OVER (ORDER BY id ROWS BETWEEN 49 PRECEDING AND CURRENT ROW) x
      FROM win) a
JOIN LATERAL (SELECT nps_agg(score) y FROM win b WHERE b.id BETWEEN a.id - 49 AND a.id) b ON true;
-- frames that run past the partition end, including empty ones
SELECT count(*) AS rows,
       count(*) FILTER (WHERE x IS NOT DISTINCT FROM y) AS equal,
       count(*) FILTER (WHERE x IS NULL) AS empty_frames
FROM (SELECT id, nps_agg(score) OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 5 FOLLOWING) x
      FROM win) a
JOIN LATERAL (SELECT nps_agg(score) y FROM win b WHERE b.id BETWEEN a.id + 2 AND a.id + 5) b ON true;
-- frames of only NULL scores give an empty summary, like the plain aggregate
SELECT id, nps_agg(score) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s
FROM (VALUES (1, 9), (2, NULL), (3, NULL), (4, 10)) x(id, score) ORDER BY id;
-- RANGE frames with peers, and the weighted form (no inverse: restarts)
SELECT count(*) FILTER (WHERE x IS NOT DISTINCT FROM y) = count(*) AS range_equal
FROM (SELECT id, id / 10 AS k, nps_agg(score) OVER (ORDER BY id / 10 RANGE BETWEEN 3 PRECEDING AND CURRENT ROW) x
      FROM win) a
JOIN LATERAL (SELECT nps_agg(score) y FROM win b WHERE b.id / 10 BETWEEN a.k - 3 AND a.k) b ON true;
SELECT count(*) FILTER (WHERE x IS NOT DISTINCT FROM y) = count(*) AS weighted_equal
FROM (SELECT id, nps_agg(score, w) OVER (ORDER BY id ROWS BETWEEN 20 PRECEDING AND CURRENT ROW) x
      FROM win) a
JOIN LATERAL (SELECT nps_agg(score, w) y FROM win b WHERE b.id BETWEEN a.id - 20 AND a.id) b ON true;
-- EXCLUDE clauses
SELECT count(*) FILTER (WHERE x IS NOT DISTINCT FROM y) = count(*) AS exclude_equal
FROM (SELECT id, nps_agg(score) OVER (ORDER BY id ROWS BETWEEN 5 PRECEDING AND 5 FOLLOWING EXCLUDE CURRENT ROW) x
      FROM win) a
JOIN LATERAL (SELECT nps_agg(score) y FROM win b WHERE b.id BETWEEN a.id - 5 AND a.id + 5 AND b.id <> a.id) b ON true;
-- a 7-day rolling NPS from stored daily summaries (rollup as a window)
SELECT count(*) FILTER (WHERE x IS NOT DISTINCT FROM y) = count(*) AS rolling_equal, count(*)
FROM (SELECT day, rollup(u) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) x
      FROM (SELECT day, rollup(u) u FROM daily GROUP BY day) d) a
JOIN LATERAL (SELECT nps_agg(score) y FROM answers b WHERE b.day BETWEEN a.day - 6 AND a.day) b ON true;
SELECT count(*) FILTER (WHERE x IS NOT DISTINCT FROM y) = count(*) AS wrolling_equal
FROM (SELECT day, rollup(w) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) x
      FROM (SELECT day, rollup(w) w FROM daily GROUP BY day) d) a
JOIN LATERAL (SELECT nps_agg(score, w) y FROM answers b WHERE b.day BETWEEN a.day - 6 AND a.day) b ON true;
-- out-of-range scores are caught in window mode too
SELECT nps_agg(v) OVER (ORDER BY v ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM (VALUES (10), (11)) x(v);
