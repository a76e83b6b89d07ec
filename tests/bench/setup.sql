-- make bench: data and timing helper (run once per throwaway cluster).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;

-- 10 000 000 scores 0..10, deterministic (hashint4 is stable across runs).
DROP TABLE IF EXISTS bench_nps;
CREATE TABLE bench_nps (score int);
INSERT INTO bench_nps
SELECT (hashint4(i) & 2147483647) % 11 FROM generate_series(1, 10000000) AS i;

-- 1 000 000 rows for the window-frame benchmark.
DROP TABLE IF EXISTS bench_win;
CREATE TABLE bench_win (id int PRIMARY KEY, score int);
INSERT INTO bench_win
SELECT i, (hashint4(i + 1000003) & 2147483647) % 11 FROM generate_series(1, 1000000) AS i;

-- 10 000 000 rows for the CSAT and CES benchmarks: a CSAT score 1..5 and a
-- CES 2.0 score 1..7 per row, from two more hashint4 streams (deterministic,
-- uniform).  Two int columns fit in the same 32-byte tuple as bench_nps's one.
DROP TABLE IF EXISTS bench_cx;
CREATE TABLE bench_cx (csat_score int, ces_score int);
INSERT INTO bench_cx
SELECT 1 + (hashint4(i + 2000003) & 2147483647) % 5,
	   1 + (hashint4(i + 3000017) & 2147483647) % 7
FROM generate_series(1, 10000000) AS i;

-- 1 000 000 customers for the churn benchmarks, one row per customer,
-- deterministic (hashint4 streams, as above).  started_at: a day uniform over
-- 2023-01-01 .. 2026-10-31 (1400 days); ended_at: NULL for ~30%, else a day
-- uniform over started_at .. 2026-10-31 (same-day ends included).
-- bench_customers holds them as dates (midnights: every start or end on the
-- 1st of a month lies exactly on a period boundary).  bench_customers_tz
-- holds the same local days as timestamptz in Europe/Berlin (the zone the
-- series steps in, see bench-cluster.sh): local midnight for ~1/4 of the
-- values, so boundaries are hit exactly there too, a uniform second of the
-- day otherwise.  Same days, so each period's counts equal the date table's
-- -- a cross-check.  greatest() keeps ended_at >= started_at for same-day ends
-- (also across the DST gap, where local times do not map monotonically).
CREATE TEMP TABLE churn_days AS
SELECT i, sd,
	   CASE WHEN (hashint4(i + 5000011) & 2147483647) % 10 >= 3
			THEN sd + (hashint4(i + 6000023) & 2147483647) % (1400 - sd) END AS ed
FROM (SELECT i, (hashint4(i + 4000037) & 2147483647) % 1400 AS sd
	  FROM generate_series(1, 1000000) AS i) AS d;

DROP TABLE IF EXISTS bench_customers;
CREATE TABLE bench_customers (started_at date, ended_at date);
INSERT INTO bench_customers
SELECT date '2023-01-01' + sd, date '2023-01-01' + ed FROM churn_days ORDER BY i;

DROP TABLE IF EXISTS bench_customers_tz;
CREATE TABLE bench_customers_tz (started_at timestamptz, ended_at timestamptz);
INSERT INTO bench_customers_tz
SELECT st, CASE WHEN et IS NOT NULL THEN greatest(st, et) END
FROM (SELECT i,
			 ((date '2023-01-01' + sd)
			  + CASE WHEN h1 % 4 = 0 THEN 0 ELSE (h1 >> 2) % 86400 END * interval '1 second')
			 AT TIME ZONE 'Europe/Berlin' AS st,
			 ((date '2023-01-01' + ed)
			  + CASE WHEN h2 % 4 = 0 THEN 0 ELSE (h2 >> 2) % 86400 END * interval '1 second')
			 AT TIME ZONE 'Europe/Berlin' AS et
	  FROM (SELECT i, sd, ed,
				   hashint4(i + 7000003) & 2147483647 AS h1,
				   hashint4(i + 8000009) & 2147483647 AS h2
			FROM churn_days) AS h) AS t
ORDER BY i;
DROP TABLE churn_days;

-- 1 000 000 accounts for the revenue retention benchmark: MRR at the period
-- start and end as numeric(10,2), deterministic.  Mix: 2% inactive (both 0
-- or NULL), 8% new (start 0 or NULL), 10% churned (end 0 or NULL), 25%
-- expansion, 20% contraction (end stays > 0), 35% unchanged; amounts
-- 1.00 .. 1000.99, changes up to 500.00.  NULL counts as 0, so the
-- hand-written SQL needs coalesce() where the aggregate does not.
DROP TABLE IF EXISTS bench_accounts;
CREATE TABLE bench_accounts (mrr_start numeric(10,2), mrr_end numeric(10,2));
INSERT INTO bench_accounts
SELECT CASE WHEN k < 10 THEN (CASE WHEN z THEN 0 END)
			ELSE a / 100.0 END,
	   CASE WHEN k < 2 OR (k >= 10 AND k < 20) THEN (CASE WHEN z THEN 0 END)
			WHEN k < 10 THEN a / 100.0
			WHEN k < 45 THEN (a + 1 + d % 50000) / 100.0
			WHEN k < 65 THEN (a - 1 - d % (a - 1)) / 100.0
			ELSE a / 100.0 END
FROM (SELECT (hashint4(i + 9000011) & 2147483647) % 100 AS k,
			 100 + (hashint4(i + 9100009) & 2147483647) % 100000 AS a,
			 hashint4(i + 9200017) & 2147483647 AS d,
			 (hashint4(i + 9300019) & 1) = 0 AS z
	  FROM generate_series(1, 1000000) AS i) AS g;

-- Freeze (sets hint bits and the visibility map) so no scan dirties pages.
VACUUM (FREEZE, ANALYZE) bench_nps, bench_win, bench_cx;
VACUUM (FREEZE, ANALYZE) bench_customers, bench_customers_tz, bench_accounts;

-- Flush the dirty pages now rather than during a measurement.
CHECKPOINT;

-- Warm shared_buffers.
SELECT count(*) FROM bench_nps \g /dev/null
SELECT count(*) FROM bench_win \g /dev/null
SELECT count(*) FROM bench_cx \g /dev/null
SELECT count(*) FROM bench_customers \g /dev/null
SELECT count(*) FROM bench_customers_tz \g /dev/null
SELECT count(*) FROM bench_accounts \g /dev/null

DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;

-- CPU time of this backend so far, in ns (Linux /proc/self/schedstat, first
-- field: time spent on a CPU); NULL where that is not readable.
CREATE FUNCTION bench.cpu_ns() RETURNS bigint
LANGUAGE plpgsql AS $$
BEGIN
	RETURN split_part(pg_read_file('/proc/self/schedstat'), ' ', 1)::bigint;
EXCEPTION WHEN others THEN
	RETURN NULL;
END
$$;

-- Run queries[i] (with the GUC settings[i], "name=value,name=value") in
-- alternating rounds inside this backend (the order rotates every round so
-- no query always follows the same one); the first `warmup` rounds are not
-- recorded.  Only the statement itself is measured, as wall-clock time
-- (clock_timestamp() around EXECUTE; every query returns one row) and as
-- CPU time of this backend (not of parallel workers), which other load on
-- the machine barely affects.
CREATE FUNCTION bench.time_queries(labels text[], queries text[], settings text[],
								   rounds int, warmup int DEFAULT 1)
RETURNS TABLE (label text, wall_median float8, wall_min float8, wall_max float8,
			   cpu_median float8, cpu_min float8, runs int, result text)
LANGUAGE plpgsql AS $$
DECLARE
	nq int := array_length(queries, 1);
	wall float8[] := array_fill(NULL::float8, ARRAY[nq, rounds]);
	cpu float8[] := array_fill(NULL::float8, ARRAY[nq, rounds]);
	results text[] := array_fill(NULL::text, ARRAY[nq]);
	have_cpu bool := bench.cpu_ns() IS NOT NULL;
	r int;
	i int;
	q int;
	kv text;
	t0 timestamptz;
	t1 timestamptz;
	c0 bigint;
	c1 bigint;
	v text;
BEGIN
	FOR r IN 1 - warmup .. rounds LOOP
		FOR i IN 0 .. nq - 1 LOOP
			q := (i + r + warmup) % nq + 1;
			IF coalesce(settings[q], '') <> '' THEN
				FOREACH kv IN ARRAY string_to_array(settings[q], ',') LOOP
					PERFORM set_config(btrim(split_part(kv, '=', 1)),
									   btrim(split_part(kv, '=', 2)), true);
				END LOOP;
			END IF;
			IF have_cpu THEN
				c0 := split_part(pg_read_file('/proc/self/schedstat'), ' ', 1)::bigint;
			END IF;
			t0 := clock_timestamp();
			EXECUTE queries[q] INTO v;
			t1 := clock_timestamp();
			IF have_cpu THEN
				c1 := split_part(pg_read_file('/proc/self/schedstat'), ' ', 1)::bigint;
			END IF;
			IF r >= 1 THEN
				wall[q][r] := extract(epoch FROM t1 - t0) * 1000.0;
				cpu[q][r] := (c1 - c0) / 1e6;
			END IF;
			results[q] := v;
		END LOOP;
	END LOOP;
	FOR q IN 1 .. nq LOOP
		label := labels[q];
		SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x), min(x), max(x), count(*)
		  INTO wall_median, wall_min, wall_max, runs
		  FROM unnest(wall[q:q][1:rounds]) AS x;
		SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x), min(x)
		  INTO cpu_median, cpu_min
		  FROM unnest(cpu[q:q][1:rounds]) AS x;
		result := results[q];
		RETURN NEXT;
	END LOOP;
END
$$;
