-- make bench, order values: 10 000 000 order amounts, numeric(12,2),
-- deterministic (hashint4 streams): a skewed basket size from 1.00 to
-- 999.80 (a product of two uniform factors) and 2% refunds (negative).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
DROP TABLE IF EXISTS bench_orders;
CREATE TABLE bench_orders (amount numeric(12,2));
INSERT INTO bench_orders
SELECT (CASE WHEN k < 2 THEN -1 ELSE 1 END) * (100 + a % 4900) * (1 + b % 20) / 100.0
FROM (SELECT (hashint4(i + 7000003) & 2147483647) % 100 AS k,
			 hashint4(i + 7100009) & 2147483647 AS a,
			 hashint4(i + 7200011) & 2147483647 AS b
	  FROM generate_series(1, 10000000) AS i) AS g;
VACUUM (FREEZE, ANALYZE) bench_orders;
CHECKPOINT;
SELECT count(*) FROM bench_orders \g /dev/null
