--
-- The compact format of survey summaries (format version 2, 0.3.0): what
-- every way of making a summary stores, and that unweighted and weighted
-- summaries mix in +, rollup, "=" and GROUP BY.  An unweighted summary is
-- its header (16 bytes: length word, version, family, flags, point count,
-- scale_min, cutoff, reserved word) and 11 int64 counts: 16 + 88 = 104
-- bytes; a weighted one adds 11 + 11 float8 weight sums: 104 + 176 = 280.
-- Summaries written by 0.1.0 and 0.2.0 (format version 1, always 280
-- bytes) are read and mixed with these in tests/sh/upgrade.sh, which has
-- the old binaries.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA compact;
SET search_path = compact, public;
SET extra_float_digits = 0;

-- Sizes of what every maker returns (pg_column_size; stored the same:
-- STORAGE plain keeps the 4-byte header and never compresses).
CREATE TABLE sizes (what text, s_nps nps_summary, s_csat csat_summary, s_ces ces_summary);
INSERT INTO sizes
SELECT 'aggregate', nps_agg(x), csat_agg(1 + x % 5), ces_agg(1 + x % 7) FROM generate_series(0, 10) x
UNION ALL
SELECT 'aggregate, weighted', nps_agg(x, 0.5), csat_agg(1 + x % 5, 2), ces_agg(1 + x % 7, 0) FROM generate_series(0, 10) x
UNION ALL
SELECT 'aggregate, other scale', NULL, csat_agg(x, 0, 10, 9), ces_agg(x, 1, 11) FROM generate_series(1, 10) x
UNION ALL
SELECT 'weighted aggregate, every weight NULL', nps_agg(x, NULL), csat_agg(1, NULL::float8), ces_agg(1, NULL::float8)
FROM generate_series(0, 10) x
UNION ALL
SELECT 'text', 'v1;counts=1,0,0,0,0,0,0,0,0,0,2', 'v1;scale=1..5;cutoff=4;counts=1,0,0,0,2',
       'v1;scale=1..7;cutoff=5;counts=0,0,0,0,0,0,0'
UNION ALL
SELECT 'text, weighted', 'v1;counts=1,0,0,0,0,0,0,0,0,0,0;sumw=2,0,0,0,0,0,0,0,0,0,0;sumw2=4,0,0,0,0,0,0,0,0,0,0',
       'v1;scale=1..5;cutoff=4;counts=0,0,0,0,1;sumw=0,0,0,0,0.5;sumw2=0,0,0,0,0.25', NULL
UNION ALL
SELECT 'unweighted + unweighted', nps_agg(x) + nps_agg(x), csat_agg(1) + csat_agg(2), ces_agg(1) + ces_agg(7)
FROM generate_series(0, 10) x
UNION ALL
SELECT 'unweighted + weighted', nps_agg(x) + nps_agg(x, 2), csat_agg(1) + csat_agg(2, 3), ces_agg(1, 1) + ces_agg(7)
FROM generate_series(0, 10) x;
INSERT INTO sizes
SELECT 'rollup of unweighted', rollup(s_nps), rollup(s_csat), rollup(s_ces) FROM sizes WHERE what = 'aggregate';
INSERT INTO sizes
SELECT 'rollup of unweighted and weighted', rollup(s_nps), rollup(s_csat), rollup(s_ces)
FROM sizes WHERE what IN ('aggregate', 'aggregate, weighted');
SELECT what, pg_column_size(s_nps) AS nps, pg_column_size(s_csat) AS csat, pg_column_size(s_ces) AS ces
FROM sizes ORDER BY what;

-- Binary COPY round trip: the same sizes, the same values.
\i sql/include/recv.sql
CREATE TABLE recv_t (s nps_summary);
SELECT what, pg_temp.recv(nps_summary_send(s_nps)) = s_nps::text AS same_text
FROM sizes WHERE s_nps IS NOT NULL ORDER BY what;
COPY (SELECT s_nps FROM sizes WHERE s_nps IS NOT NULL ORDER BY what) TO '/dev/null';
CREATE TABLE rt (what text, s nps_summary);
SELECT current_setting('data_directory') || '/cxkpi_compact.bin' AS f \gset
COPY (SELECT what, s_nps FROM sizes WHERE s_nps IS NOT NULL) TO :'f' WITH (FORMAT binary);
COPY rt FROM :'f' WITH (FORMAT binary);
SELECT r.what, pg_column_size(r.s) AS size, r.s = z.s_nps AS equal
FROM rt r JOIN sizes z USING (what) ORDER BY 1;

-- A weighted aggregate whose group starts with rows it skips (NULL weight)
-- moves to the weighted layout at its first weighted row, in every plan.
-- Group 1: (9, NULL) (10, NULL) skipped, then (9, 2) (0, 0.5) (9, 0):
--   counts 0: 1, 9: 2; sumw 0: 0.5, 9: 2 + 0 = 2; sumw2 0: 0.25, 9: 4.
-- Group 2: only NULL weights: the empty, unweighted summary.
-- Group 3: (10, 1) then (3, NULL) skipped, (7, 3):
--   counts 7: 1, 10: 1; sumw 7: 3, 10: 1; sumw2 7: 9, 10: 1.
CREATE TABLE wrows (id int, g int, score int, w float8);
INSERT INTO wrows VALUES
	(1, 1, 9, NULL), (2, 1, 10, NULL), (3, 1, 9, 2), (4, 1, 0, 0.5), (5, 1, 9, 0),
	(6, 2, 5, NULL), (7, 2, 6, NULL),
	(8, 3, 10, 1), (9, 3, 3, NULL), (10, 3, 7, 3);
CREATE TEMP TABLE want (g int, s text);
INSERT INTO want VALUES
	(1, 'v1;counts=1,0,0,0,0,0,0,0,0,2,0;sumw=0.5,0,0,0,0,0,0,0,0,2,0;sumw2=0.25,0,0,0,0,0,0,0,0,4,0'),
	(2, 'v1;counts=0,0,0,0,0,0,0,0,0,0,0'),
	(3, 'v1;counts=0,0,0,0,0,0,0,1,0,0,1;sumw=0,0,0,0,0,0,0,3,0,0,1;sumw2=0,0,0,0,0,0,0,9,0,0,1');
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT g, nps_agg(score, w) FROM wrows GROUP BY g;
SELECT g, a.s::text = want.s AS hashed, pg_column_size(a.s) AS size
FROM (SELECT g, nps_agg(score, w) AS s FROM wrows GROUP BY g) a JOIN want USING (g) ORDER BY g;
RESET enable_sort;
SET enable_hashagg = off;
SELECT g, a.s::text = want.s AS sorted, pg_column_size(a.s) AS size
FROM (SELECT g, nps_agg(score, w ORDER BY id) AS s FROM wrows GROUP BY g) a JOIN want USING (g) ORDER BY g;
RESET enable_hashagg;
-- the running summary of a window, row by row (rows 1-2: empty; 3: 9 at 2)
SELECT id, nps_agg(score, w) OVER (PARTITION BY g ORDER BY id) AS s
FROM wrows ORDER BY id;

-- + and rollup: unweighted and weighted mix into weighted, each unweighted
-- answer weighing 1.  u: scores 0, 9, 9 unweighted; v: 9 at 0.5, 10 at 2.
--   u + v: counts 0: 1, 9: 3, 10: 1; sumw 0: 1, 9: 2.5, 10: 2;
--   sumw2 0: 1, 9: 1 + 1 + 0.25 = 2.25, 10: 4.
CREATE TEMP TABLE uv AS
SELECT 'v1;counts=1,0,0,0,0,0,0,0,0,2,0'::nps_summary AS u,
       'v1;counts=0,0,0,0,0,0,0,0,0,1,1;sumw=0,0,0,0,0,0,0,0,0,0.5,2;sumw2=0,0,0,0,0,0,0,0,0,0.25,4'::nps_summary AS v;
SELECT u + v, v + u = u + v AS commutes, pg_column_size(u + v) AS size FROM uv;
SELECT rollup(s ORDER BY o) AS unweighted_first, pg_column_size(rollup(s ORDER BY o)) AS size
FROM (SELECT u, 1 FROM uv UNION ALL SELECT v, 2 FROM uv) x(s, o);
SELECT rollup(s ORDER BY o) = (SELECT u + v FROM uv) AS weighted_first
FROM (SELECT u, 2 FROM uv UNION ALL SELECT v, 1 FROM uv) x(s, o);
-- a stored summary updated in place with ON CONFLICT ... s = s + EXCLUDED.s
CREATE TABLE daily (d int PRIMARY KEY, s nps_summary);
INSERT INTO daily SELECT 1, u FROM uv;
INSERT INTO daily SELECT 1, v FROM uv ON CONFLICT (d) DO UPDATE SET s = daily.s + EXCLUDED.s;
SELECT s = (SELECT u + v FROM uv) AS upserted, pg_column_size(s) AS size FROM daily;

-- rollup under hash aggregation over many groups, half of them fed a
-- weighted summary: equals the plain-SQL counts and weight sums.
CREATE TABLE parts AS
SELECT i % 1000 AS g, CASE WHEN i % 2000 < 1000 OR i % 3 <> 0 THEN nps_agg(i % 11)
                           ELSE nps_agg(i % 11, 0.25) END AS s
FROM generate_series(1, 6000) i GROUP BY i;
SET enable_sort = off;
CREATE TEMP TABLE r AS SELECT g, rollup(s) AS s FROM parts GROUP BY g;
RESET enable_sort;
-- by hand: row i adds one answer i % 11 to group i % 1000, weighing 0.25
-- when i % 2000 >= 1000 and i % 3 = 0, else 1
SELECT count(*) AS groups,
       count(*) FILTER (WHERE histogram(r.s) <> h.counts) AS counts_differ,
       count(*) FILTER (WHERE abs(total_weight(r.s) - h.w) > 1e-12) AS weights_differ,
       count(*) FILTER (WHERE pg_column_size(r.s) <> CASE WHEN h.weighted THEN 280 ELSE 104 END) AS sizes_differ
FROM r JOIN (SELECT g, array_agg(n ORDER BY k) AS counts, sum(w) AS w, bool_or(weighted) AS weighted
             FROM (SELECT i % 1000 AS g, k, count(*) FILTER (WHERE i % 11 = k) AS n,
                          sum(CASE WHEN i % 2000 >= 1000 AND i % 3 = 0 THEN 0.25 ELSE 1 END)
                            FILTER (WHERE k = 0) AS w,
                          bool_or(i % 2000 >= 1000 AND i % 3 = 0) AS weighted
                     FROM generate_series(1, 6000) i, generate_series(0, 10) k GROUP BY 1, 2) a
             GROUP BY g) h USING (g);

-- rollup over a sliding frame (MSFUNC +, MINVFUNC the inverse): frames of
-- two stored summaries, unweighted ones (removed exactly) and weighted ones
-- (the inverse gives up: the frame is recomputed), compared with + of the
-- frame's two values.  ids 1, 2, 5, 6 unweighted; 3, 4 weighted.
CREATE TEMP TABLE frames AS
SELECT id, CASE WHEN id IN (3, 4) THEN nps_agg(id % 11, 0.5) ELSE nps_agg(id % 11) END AS s
FROM generate_series(1, 6) id GROUP BY id;
SELECT id, r = coalesce(lag(s) OVER (ORDER BY id) + s, s) AS equals_plus, pg_column_size(r) AS size
FROM (SELECT id, s, rollup(s) OVER (ORDER BY id ROWS 1 PRECEDING) AS r FROM frames) f
ORDER BY id;

-- A parallel plan (partial states combined with +) over a mix of
-- unweighted and weighted stored summaries equals the serial one.
CREATE TEMP TABLE ser AS SELECT rollup(s) AS s FROM parts;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
ALTER TABLE parts SET (parallel_workers = 2);
EXPLAIN (COSTS OFF) SELECT rollup(p.s) FROM parts p;
SELECT rollup(p.s) = (SELECT s FROM ser) AS parallel_equals_serial,
       pg_column_size(rollup(p.s)) AS size
FROM parts p;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- "=" and its hash compare content: GROUP BY and DISTINCT see one value
-- per content, however it was made.
SET enable_sort = off;
WITH v AS MATERIALIZED (
	SELECT nps_agg(x) AS s FROM generate_series(0, 10) x
	UNION ALL SELECT 'v1;counts=1,1,1,1,1,1,1,1,1,1,1'
	UNION ALL SELECT rollup(s) FROM (SELECT nps_agg(x) FROM generate_series(0, 10) x GROUP BY x) a(s)
	UNION ALL SELECT nps_agg(x, 1) FROM generate_series(0, 10) x)
SELECT (SELECT count(*) FROM v) AS values, (SELECT count(DISTINCT s::text) FROM v) AS distinct_texts,
       (SELECT count(*) FROM (SELECT DISTINCT s FROM v) d) AS distinct_values;
SELECT s::text, count(*) FROM
     (SELECT nps_agg(x) AS s FROM generate_series(0, 10) x
      UNION ALL SELECT 'v1;counts=1,1,1,1,1,1,1,1,1,1,1'
      UNION ALL SELECT nps_agg(x, 1) FROM generate_series(0, 10) x
      UNION ALL SELECT nps_agg(x) + nps_agg(x, 1) FROM generate_series(0, 10) x) v
GROUP BY s ORDER BY 1;
RESET enable_sort;

DROP SCHEMA compact CASCADE;
