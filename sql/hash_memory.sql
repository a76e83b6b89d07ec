--
-- Memory per group under hash aggregation: each group holds one summary.
-- 0.2.0 allocated a group's first state in the aggregate context and the
-- executor then copied it there again, so every group held two: 1 191
-- bytes per group for nps_agg over 1 M groups (count(*): 134), now 663 (one
-- 280-byte summary in a 512-byte chunk, plus the hash entry).  The numbers
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
             ('csat_agg', 'SELECT g, csat_agg(1 + s % 5) FROM t GROUP BY g'),
             ('churn_agg', $$SELECT g, churn_agg(st, NULL::date, daterange('2026-01-01', '2026-02-01')) FROM t GROUP BY g$$),
             ('revenue_agg', 'SELECT g, revenue_agg(s::numeric, (s + 1)::numeric) FROM t GROUP BY g')) q(name, sql);

-- No group spills, and each group's summary costs one allocation chunk
-- beyond what count(*) needs for the same hash table: the summary sizes
-- (survey 280 bytes, churn 56, revenue 128) rounded up to a power of two
-- (512, 64, 128) plus a chunk header (at most 16 bytes).  The bound allows
-- 1.5 chunks; the two chunks per group of 0.2.0 do not fit.
SELECT m.name, m.batches = 1 AS no_spill,
       (m.bytes - c.bytes) / 100000.0 < 1.5 * (k.chunk + 16) AS one_chunk_per_group
FROM m, m AS c,
     (VALUES ('nps_agg', 512), ('csat_agg', 512), ('churn_agg', 64), ('revenue_agg', 128)) k(name, chunk)
WHERE c.name = 'count' AND k.name = m.name
ORDER BY m.name;

