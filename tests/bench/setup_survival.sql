-- make bench, survival section (tests/bench/survival.sh): 1 000 000
-- customers over three years, deterministic (hashint4 streams, as in
-- setup.sql).  started_at: a day uniform over 2023-11-01 .. 2026-10-31
-- (1096 days); ended_at: NULL for ~35%, else started_at plus a lifetime of
-- up to ~4 years (a mix of early and late churn), so that some end after
-- as_of = 2026-10-31 (censored there as well).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
DROP TABLE IF EXISTS bench_surv;
CREATE TABLE bench_surv (started_at date, ended_at date);
INSERT INTO bench_surv
SELECT date '2023-11-01' + sd,
	   CASE WHEN h % 100 >= 35 THEN date '2023-11-01' + sd +
			CASE WHEN h % 7 = 0 THEN (h >> 8) % 60 ELSE (h >> 8) % 1500 END END
FROM (SELECT i, (hashint4(i + 7000003) & 2147483647) % 1096 AS sd,
			 hashint4(i + 8000009) & 2147483647 AS h
	  FROM generate_series(1, 1000000) AS i) AS d
ORDER BY i;
VACUUM (FREEZE, ANALYZE) bench_surv;
CHECKPOINT;
SELECT count(*) FROM bench_surv \g /dev/null
