-- make bench, rate section (tests/bench/bench-rate.sh): 10 000 000 CS
-- conversations with a boolean outcome, ~12% converted, deterministic
-- (hashint4 stream, as setup.sql).  NOT NULL, as a "converted" flag usually
-- is, so count(*) is the number of trials.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
DROP TABLE IF EXISTS bench_conv;
CREATE TABLE bench_conv (converted boolean NOT NULL);
INSERT INTO bench_conv
SELECT (hashint4(i + 11000027) & 2147483647) % 1000 < 120 FROM generate_series(1, 10000000) AS i;
VACUUM (FREEZE, ANALYZE) bench_conv;
CHECKPOINT;
SELECT count(*) FROM bench_conv \g /dev/null
