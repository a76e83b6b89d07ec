-- make bench, section "summaries at scale" (tests/bench/scale.sh): stored
-- summaries, hash aggregation with 1 M groups, a dashboard over 1 M stored
-- summaries.  Deterministic (hashint4 streams).  Needs the extension's
-- objects on the search_path (CREATE EXTENSION, or a release's objects).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

-- 2 000 000 answers in 1 000 000 groups (2 per group): hash aggregation.
DROP TABLE IF EXISTS scale_answers;
CREATE TABLE scale_answers (g int, score int, w float8);
INSERT INTO scale_answers
SELECT i % 1000000, (hashint4(i + 11000027) & 2147483647) % 11,
	   1 + (hashint4(i + 12000041) & 2147483647) % 4 * 0.25
FROM generate_series(1, 2000000) AS i;

-- 1 000 000 stored NPS summaries (say 1000 days x 1000 stores), each with
-- 0..19 answers per score, as a rollup table holds them.
DROP TABLE IF EXISTS scale_stored;
CREATE TABLE scale_stored (day int, store int, s nps_summary);
INSERT INTO scale_stored
SELECT i / 1000, i % 1000,
	   ('v1;counts=' || (SELECT string_agg(((hashint4(i * 11 + k) & 2147483647) % 20)::text, ',' ORDER BY k)
	                     FROM generate_series(0, 10) AS k))::nps_summary
FROM generate_series(0, 999999) AS i;

-- Daily x segment survey data for the stored-size rows: 400 000 answers
-- over 200 days x 100 segments (20 000 groups), scores for every family and
-- a weight.  The matview holds one summary per day and segment; the hand
-- alternative, three bigint counts.
DROP TABLE IF EXISTS scale_survey CASCADE;
CREATE TABLE scale_survey (day int, segment int, nps int, csat int, ces int, w float8);
INSERT INTO scale_survey
SELECT i % 200, (i / 200) % 100, (hashint4(i + 13000049) & 2147483647) % 11,
	   1 + (hashint4(i + 14000071) & 2147483647) % 5, 1 + (hashint4(i + 15000073) & 2147483647) % 7,
	   0.5 + (hashint4(i + 16000081) & 2147483647) % 4 * 0.5
FROM generate_series(1, 400000) AS i;
CREATE MATERIALIZED VIEW scale_mv_nps AS
SELECT day, segment, nps_agg(nps) AS s FROM scale_survey GROUP BY day, segment;
CREATE MATERIALIZED VIEW scale_mv_nps_w AS
SELECT day, segment, nps_agg(nps, w) AS s FROM scale_survey GROUP BY day, segment;
CREATE MATERIALIZED VIEW scale_mv_counts AS
SELECT day, segment, count(*) FILTER (WHERE nps >= 9) AS promoters,
	   count(*) FILTER (WHERE nps BETWEEN 7 AND 8) AS passives,
	   count(*) FILTER (WHERE nps <= 6) AS detractors
FROM scale_survey GROUP BY day, segment;
CREATE TABLE scale_kinds AS
SELECT 'nps_summary' AS type, false AS weighted, pg_column_size(nps_agg(nps)) AS bytes FROM scale_survey
UNION ALL SELECT 'nps_summary', true, pg_column_size(nps_agg(nps, w)) FROM scale_survey
UNION ALL SELECT 'csat_summary', false, pg_column_size(csat_agg(csat)) FROM scale_survey
UNION ALL SELECT 'csat_summary', true, pg_column_size(csat_agg(csat, w)) FROM scale_survey
UNION ALL SELECT 'ces_summary', false, pg_column_size(ces_agg(ces)) FROM scale_survey
UNION ALL SELECT 'ces_summary', true, pg_column_size(ces_agg(ces, w)) FROM scale_survey
UNION ALL SELECT 'churn_summary', false,
	pg_column_size(churn_agg(date '2026-01-01' + day, NULL::date, daterange('2026-03-01', '2026-04-01')))
	FROM scale_survey
UNION ALL SELECT 'churn_series (12 periods)', false,
	pg_column_size(churn_series_agg(date '2026-01-01' + day, NULL::date, date '2026-01-01', interval '1 month', 12))
	FROM scale_survey
UNION ALL SELECT 'revenue_summary', false, pg_column_size(revenue_agg(nps::numeric, csat::numeric)) FROM scale_survey;

VACUUM (FREEZE, ANALYZE) scale_answers, scale_stored, scale_survey, scale_mv_nps, scale_mv_nps_w, scale_mv_counts;
CHECKPOINT;
SELECT count(*) FROM scale_answers \g /dev/null
SELECT count(*) FROM scale_stored \g /dev/null

-- Peak memory (bytes) and batches of the HashAggregate at the top of q's
-- plan, serial, under the session's work_mem.
DROP FUNCTION IF EXISTS bench_hash_bytes(text);
CREATE FUNCTION bench_hash_bytes(q text, OUT bytes bigint, OUT batches int) LANGUAGE plpgsql AS $$
DECLARE j json;
BEGIN
	SET LOCAL max_parallel_workers_per_gather = 0;
	SET LOCAL enable_sort = off;
	EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON, COSTS OFF, TIMING OFF) ' || q INTO j;
	bytes := 1024 * (j -> 0 -> 'Plan' ->> 'Peak Memory Usage')::bigint;
	batches := (j -> 0 -> 'Plan' ->> 'HashAgg Batches')::int;
END $$;
