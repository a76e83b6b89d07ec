--
-- Memory per group under hash aggregation: each group holds one summary.
-- 0.2.0 allocated a group's first state in the aggregate context and the
-- executor then copied it there again, so every group held two: 1 191
-- bytes per group for nps_agg over 1 M groups (count(*): 134); 0.3.0 keeps
-- one (663 bytes: a 280-byte summary in a 512-byte chunk, plus the hash
-- entry), and its compact format (version 2) makes an unweighted summary
-- 104 bytes (a 128-byte chunk): 277 bytes per group.  The numbers
-- are read from EXPLAIN ANALYZE's peak memory of the HashAggregate node;
-- the checks print booleans, so the suite does not depend on the exact
-- allocator sizes of a PostgreSQL version.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA hash_memory;
SET search_path = hash_memory, public;
SET max_parallel_workers_per_gather = 0;
SET enable_sort = off;
SET work_mem = '1GB';
SET jit = off;

CREATE TABLE t AS
SELECT i % 100000 AS g, i % 11 AS s, date '2026-01-01' - (i % 40) AS st
FROM generate_series(1, 300000) i;
ANALYZE t;

-- Peak memory (bytes) and batches of the HashAggregate at the top of q's plan.
CREATE FUNCTION pg_temp.hash_bytes(q text, OUT bytes bigint, OUT batches int) LANGUAGE plpgsql AS $$
DECLARE j json;
BEGIN
	EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON, COSTS OFF, TIMING OFF) ' || q INTO j;
	IF j -> 0 -> 'Plan' ->> 'Strategy' IS DISTINCT FROM 'Hashed' THEN
		RAISE EXCEPTION 'not a hash aggregate: %', j -> 0 -> 'Plan' ->> 'Node Type';
	END IF;
	bytes := 1024 * (j -> 0 -> 'Plan' ->> 'Peak Memory Usage')::bigint;
	batches := (j -> 0 -> 'Plan' ->> 'HashAgg Batches')::int;
END $$;

CREATE TEMP TABLE m AS
SELECT q.name, (pg_temp.hash_bytes(q.sql)).*
FROM (VALUES ('count', 'SELECT g, count(*) FROM t GROUP BY g'),
             ('filter', 'SELECT g, count(*) FILTER (WHERE s >= 9), count(*) FILTER (WHERE s <= 6), count(*) FROM t GROUP BY g'),
             ('nps_agg', 'SELECT g, nps_agg(s) FROM t GROUP BY g'),
             ('nps_agg_weighted', 'SELECT g, nps_agg(s, 1 + s % 3) FROM t GROUP BY g'),
             ('csat_agg', 'SELECT g, csat_agg(1 + s % 5) FROM t GROUP BY g'),
             ('churn_agg', $$SELECT g, churn_agg(st, NULL::date, daterange('2026-01-01', '2026-02-01')) FROM t GROUP BY g$$),
             ('revenue_agg', 'SELECT g, revenue_agg(s::numeric, (s + 1)::numeric) FROM t GROUP BY g')) q(name, sql);

-- No group spills, and each group's summary costs one allocation chunk
-- beyond what count(*) needs for the same hash table: the summary sizes
-- (survey 104 bytes unweighted, 280 weighted, churn 56, revenue 128)
-- rounded up to a power of two (128, 512, 64, 128) plus a chunk header (at
-- most 16 bytes).  The bound allows 1.5 chunks; the two chunks per group of
-- 0.2.0 do not fit, nor does the 280-byte unweighted summary of format 1.
SELECT m.name, m.batches = 1 AS no_spill,
       (m.bytes - c.bytes) / 100000.0 < 1.5 * (k.chunk + 16) AS one_chunk_per_group
FROM m, m AS c,
     (VALUES ('nps_agg', 128), ('nps_agg_weighted', 512), ('csat_agg', 128), ('churn_agg', 64),
             ('revenue_agg', 128)) k(name, chunk)
WHERE c.name = 'count' AND k.name = m.name
ORDER BY m.name;


-- 1 M groups (2 rows each), the hand-written FILTER query against nps_agg:
-- nps_agg holds at most 1.6 times the FILTER query's bytes per group (its
-- hash entry also holds three int8 counts, 185 bytes per group; nps_agg 277).
-- Both measured with work_mem large enough for either, no spill.
CREATE TABLE t1m AS
SELECT i % 1000000 AS g, (hashint4(i) & 2147483647) % 11 AS s
FROM generate_series(1, 2000000) i;
ANALYZE t1m;
CREATE TEMP TABLE m1m AS
SELECT q.name, (pg_temp.hash_bytes(q.sql)).*
FROM (VALUES ('filter', 'SELECT g, count(*) FILTER (WHERE s >= 9), count(*) FILTER (WHERE s <= 6), count(s) FROM t1m GROUP BY g'),
             ('nps_agg', 'SELECT g, nps_agg(s) FROM t1m GROUP BY g')) q(name, sql);
SELECT n.batches = 1 AND f.batches = 1 AS no_spill,
       n.bytes <= 1.6 * f.bytes AS within_1_6_of_filter
FROM m1m n, m1m f WHERE n.name = 'nps_agg' AND f.name = 'filter';

-- Where the FILTER query fits with room to spare -- a hash memory limit of
-- 1.6 times its peak (work_mem times hash_mem_multiplier) -- nps_agg fits
-- too: one batch, as the planner sizes its groups from SSPACE.  (0.2.0's
-- 1 191 bytes per group spilled into 5 batches at work_mem 256 MB, where
-- the FILTER query did not.)
SELECT set_config('work_mem',
	ceil(1.6 * bytes / current_setting('hash_mem_multiplier')::float8 / 1024)::bigint || 'kB', false) IS NOT NULL AS set
FROM m1m WHERE name = 'filter';
SELECT name, batches = 1 AS no_spill
FROM (SELECT q.name, (pg_temp.hash_bytes(q.sql)).*
      FROM (VALUES ('filter', 'SELECT g, count(*) FILTER (WHERE s >= 9), count(*) FILTER (WHERE s <= 6), count(s) FROM t1m GROUP BY g'),
                   ('nps_agg', 'SELECT g, nps_agg(s) FROM t1m GROUP BY g')) q(name, sql)) r
ORDER BY name;
RESET work_mem;

-- The planner's view: SSPACE, the state size, of every aggregate whose
-- state has a known size, equal to the size of what it returns (below);
-- rollup() of survey summaries: the weighted size, an upper bound; churn
-- series: as many periods as asked for, no fixed size (0: not given).
SELECT p.oid::regprocedure AS aggregate, a.aggtransspace
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
WHERE p.proname IN ('nps_agg', 'csat_agg', 'ces_agg', 'churn_agg', 'churn_rate', 'churn_series_agg', 'revenue_agg')
   OR (p.proname = 'rollup' AND p.proargtypes[0]::regtype::text IN
       ('nps_summary', 'csat_summary', 'ces_summary', 'churn_summary', 'churn_series', 'revenue_summary'))
ORDER BY aggregate::text;
SELECT pg_column_size(nps_agg(s)) AS nps, pg_column_size(nps_agg(s, 2)) AS nps_weighted,
       pg_column_size(csat_agg(1 + s % 5)) AS csat, pg_column_size(ces_agg(1 + s % 7, 1.5)) AS ces_weighted,
       pg_column_size(churn_agg(st, NULL::date, daterange('2026-01-01', '2026-02-01'))) AS churn,
       pg_column_size(revenue_agg(s::numeric, (s + 1)::numeric)) AS revenue
FROM t WHERE g < 10;
