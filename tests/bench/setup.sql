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

-- Freeze (sets hint bits and the visibility map) so no scan dirties pages.
VACUUM (FREEZE, ANALYZE) bench_nps, bench_win, bench_cx;

-- Flush the dirty pages now rather than during a measurement.
CHECKPOINT;

-- Warm shared_buffers.
SELECT count(*) FROM bench_nps \g /dev/null
SELECT count(*) FROM bench_win \g /dev/null
SELECT count(*) FROM bench_cx \g /dev/null

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
