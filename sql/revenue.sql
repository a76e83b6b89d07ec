--
-- Revenue retention: revenue_summary, revenue_agg, GRR/NRR, exact money
-- arithmetic, every classification boundary, parallel plans, rollup,
-- moving windows, text and binary I/O, and every error.
-- Expected values are worked by hand in the comments and recomputed with
-- plain SQL (sums with FILTER, numeric arithmetic), never copied from the
-- extension.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA revenue;
SET search_path = revenue, public;
SET extra_float_digits = 0;

\i sql/include/err.sql

-- The same classification, written in plain SQL: the reference every
-- aggregate below is compared with.
CREATE FUNCTION pg_temp.by_hand(q text) RETURNS TABLE (
	starting numeric, new numeric, expansion numeric, contraction numeric,
	churned numeric, ending numeric, at_start bigint, n_new bigint,
	n_expanded bigint, n_contracted bigint, n_churned bigint, at_end bigint)
LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY EXECUTE format($f$
		SELECT coalesce(sum(s) FILTER (WHERE s > 0), 0),
		       coalesce(sum(e) FILTER (WHERE s = 0 AND e > 0), 0),
		       coalesce(sum(e - s) FILTER (WHERE s > 0 AND e > s), 0),
		       coalesce(sum(s - e) FILTER (WHERE s > 0 AND e > 0 AND e < s), 0),
		       coalesce(sum(s) FILTER (WHERE s > 0 AND e = 0), 0),
		       coalesce(sum(e), 0),
		       count(*) FILTER (WHERE s > 0),
		       count(*) FILTER (WHERE s = 0 AND e > 0),
		       count(*) FILTER (WHERE s > 0 AND e > s),
		       count(*) FILTER (WHERE s > 0 AND e > 0 AND e < s),
		       count(*) FILTER (WHERE s > 0 AND e = 0),
		       count(*) FILTER (WHERE e > 0)
		FROM (SELECT coalesce(mrr_start, 0) s, coalesce(mrr_end, 0) e FROM (%s) q) r
	$f$, q);
END $$;

-- Does summary r agree with the plain-SQL reference over query q?
CREATE FUNCTION pg_temp.agrees(r revenue_summary, q text) RETURNS boolean
LANGUAGE sql AS $$
	SELECT starting_mrr(r) = h.starting AND new_mrr(r) = h.new
	   AND expansion_mrr(r) = h.expansion AND contraction_mrr(r) = h.contraction
	   AND churned_mrr(r) = h.churned AND ending_mrr(r) = h.ending
	   AND accounts_at_start(r) = h.at_start AND new_accounts(r) = h.n_new
	   AND expanded_accounts(r) = h.n_expanded AND contracted_accounts(r) = h.n_contracted
	   AND churned_accounts(r) = h.n_churned AND accounts_at_end(r) = h.at_end
	FROM pg_temp.by_hand(q) h
$$;

-- ---------------------------------------------------------------------
-- Hand-worked example
-- ---------------------------------------------------------------------
-- account  start    end      class
--   a1     100      100      unchanged
--   a2     200      250      expanded     expansion  50
--   a3     300      120.50   contracted   contraction 179.50
--   a4     150      0        churned      churned    150
--   a5     0        80       new          new        80
--   a6     NULL     40.25    new          new        40.25   (NULL = 0)
--   a7     60       NULL     churned      churned    60      (NULL = 0)
--   a8     0        0        nothing
--   a9     NULL     NULL     nothing
-- starting = 100 + 200 + 300 + 150 + 60 = 810        accounts_at_start = 5
-- new = 80 + 40.25 = 120.25 (2), expansion = 50 (1), contraction = 179.50 (1),
-- churned = 150 + 60 = 210 (2)
-- ending = 810 + 120.25 + 50 - 179.50 - 210 = 590.75
--        = 100 + 250 + 120.50 + 80 + 40.25 (the sum of the ends)
-- accounts_at_end = 5 - 2 + 2 = 5 (a1, a2, a3, a5, a6)
-- GRR = (810 - 179.50 - 210) / 810 = 420.50 / 810 = 841/1620 = 0.519135802469136
-- NRR = (420.50 + 50) / 810 = 470.50 / 810 = 941/1620 = 0.580864197530864
-- The amounts need 2 decimal places (40.25), so every amount prints with 2.
CREATE TABLE accounts (id text, segment text, mrr_start numeric, mrr_end numeric);
INSERT INTO accounts VALUES
	('a1', 'smb', 100, 100), ('a2', 'smb', 200, 250), ('a3', 'ent', 300, 120.50),
	('a4', 'ent', 150, 0), ('a5', 'smb', 0, 80), ('a6', 'mid', NULL, 40.25),
	('a7', 'mid', 60, NULL), ('a8', 'ent', 0, 0), ('a9', 'mid', NULL, NULL);
CREATE TABLE ex AS SELECT revenue_agg(mrr_start, mrr_end) AS s FROM accounts;

SELECT s FROM ex;
SELECT starting_mrr(s), new_mrr(s), expansion_mrr(s), contraction_mrr(s), churned_mrr(s),
       ending_mrr(s), accounts_at_start(s), new_accounts(s), expanded_accounts(s),
       contracted_accounts(s), churned_accounts(s), accounts_at_end(s)
FROM ex;
SELECT gross_revenue_retention(s), net_revenue_retention(s),
       -- both terms are exact in double, so the quotient is correctly rounded
       gross_revenue_retention(s) = 841::float8 / 1620 AS grr_exact,
       net_revenue_retention(s) = 941::float8 / 1620 AS nrr_exact
FROM ex;
SELECT pg_temp.agrees(s, 'SELECT mrr_start, mrr_end FROM revenue.accounts') AS agrees_with_sql FROM ex;
SELECT jsonb_pretty(s::jsonb) FROM ex;
-- amounts in jsonb are exact JSON numbers, ratios are doubles, counts integers
SELECT jsonb_typeof(j -> 'new_mrr') AS t, (j ->> 'new_mrr')::numeric = new_mrr(s) AS new_ok,
       (j ->> 'ending_mrr')::numeric = ending_mrr(s) AS ending_ok,
       (j ->> 'gross_revenue_retention')::float8 = gross_revenue_retention(s) AS grr_ok,
       (j ->> 'net_revenue_retention')::float8 = net_revenue_retention(s) AS nrr_ok,
       (j ->> 'accounts_at_end')::bigint = accounts_at_end(s) AS end_ok,
       (SELECT count(*) FROM jsonb_object_keys(j)) AS keys
FROM ex, LATERAL (SELECT s::jsonb) x(j);

-- NRR above 1: 100 -> 150 and 100 -> 100: GRR = 200/200 = 1, NRR = 250/200 = 1.25
SELECT gross_revenue_retention(r), net_revenue_retention(r), ending_mrr(r)
FROM (SELECT revenue_agg(s, e) r FROM (VALUES (100, 150), (100, 100)) x(s, e)) t;
-- everything churned: GRR = NRR = 0, ending 0
SELECT gross_revenue_retention(r), net_revenue_retention(r), ending_mrr(r), accounts_at_end(r)
FROM (SELECT revenue_agg(s, 0) r FROM unnest(ARRAY[10.5, 4.5]) s) t;

-- ---------------------------------------------------------------------
-- Classification boundaries, one account each (NULL counts as 0)
-- ---------------------------------------------------------------------
SELECT label, accounts_at_start(r) AS at_start, new_accounts(r) AS new, expanded_accounts(r) AS exp,
       contracted_accounts(r) AS con, churned_accounts(r) AS chu, accounts_at_end(r) AS at_end,
       starting_mrr(r) AS starting, new_mrr(r) AS new_mrr, expansion_mrr(r) AS expansion,
       contraction_mrr(r) AS contraction, churned_mrr(r) AS churned, ending_mrr(r) AS ending,
       gross_revenue_retention(r) AS grr, net_revenue_retention(r) AS nrr
FROM (SELECT label, min(ord) ord, revenue_agg(s, e) r
      FROM (VALUES (1, 'start = end', 25.5, 25.5),
                   (2, 'start = end, other scale', 25.5, 25.50000),
                   (3, 'start = 0, end > 0', 0, 7),
                   (4, 'start NULL, end > 0', NULL, 7),
                   (5, 'start > 0, end = 0', 7, 0),
                   (6, 'start > 0, end NULL', 7, NULL),
                   (7, 'both 0', 0, 0),
                   (8, 'both NULL', NULL, NULL),
                   (9, '0 and NULL', 0, NULL),
                   (10, 'end = start + 1e-20', 1, 1.00000000000000000001),
                   (11, 'end = 1e-20 (contracted, not churned)', 1, 0.00000000000000000001),
                   (12, 'start = 1e-20, end = 0', 0.00000000000000000001, 0)
           ) x(ord, label, s, e)
      GROUP BY label) t
ORDER BY ord;
-- no rows: NULL, like avg(); rows that count nothing: an empty summary
SELECT revenue_agg(mrr_start, mrr_end) IS NULL AS no_rows FROM accounts WHERE false;
SELECT r, gross_revenue_retention(r) AS grr, net_revenue_retention(r) AS nrr, ending_mrr(r)
FROM (SELECT revenue_agg(mrr_start, mrr_end) r FROM accounts WHERE id IN ('a8', 'a9')) t;
-- the transition function is not strict but its output is: direct calls work
SELECT revenue_agg_transfn(NULL, 1.5, 2), revenue_agg_transfn(NULL, NULL, NULL);

-- ---------------------------------------------------------------------
-- Exactness
-- ---------------------------------------------------------------------
-- 0.1 added 10 times is exactly 1 (a float sum would give 0.9999999999999999)
SELECT r, starting_mrr(r) = 1 AS exactly_one, (SELECT sum(0.1::float8) FROM generate_series(1, 10)) = 1 AS float_would
FROM (SELECT revenue_agg(0.1, 0.1) r FROM generate_series(1, 10)) t;
-- thirds at 20 decimal places: 3 x 0.33333333333333333333 = 0.99999999999999999999,
-- churned 2 x ..., contraction 0.33333333333333333333 - 0.1 = 0.23333333333333333333
SELECT r, starting_mrr(r) = 0.99999999999999999999 AS start_ok,
       contraction_mrr(r) = 0.23333333333333333333 AS contraction_ok,
       ending_mrr(r) = 0.1 AS ending_ok
FROM (SELECT revenue_agg(round(1 / 3.0, 20), e) r FROM unnest(ARRAY[0, 0, 0.1]) e) t;
-- huge values next to cents: 10^30 + 0.01, and 2 x 8.5e37 (127 bits of units)
SELECT starting_mrr(r), ending_mrr(r), starting_mrr(r) = 1e30 + 0.01 AS ok
FROM (SELECT revenue_agg(s, s) r FROM unnest(ARRAY[1e30, 0.01]) s) t;
SELECT starting_mrr(r) = 1.7e38 AS ok, new_mrr(r) = 1.7e38 AS new_ok,
       ending_mrr(r) = 3.4e38 AS ending_beyond_127_bits, net_revenue_retention(r)
FROM (SELECT revenue_agg(s, e) r FROM (VALUES (8.5e37, 8.5e37), (8.5e37, 8.5e37), (0, 1.7e38)) x(s, e)) t;
-- the largest amount: 2^127 - 1 units (scale 0), and with 20 decimal places
SELECT starting_mrr(revenue_agg(170141183460469231731687303715884105727, 0)) = 2::numeric ^ 127 - 1 AS max_units,
       starting_mrr(revenue_agg(1701411834604692317.31687303715884105727, 0)) * 1e20 = 2::numeric ^ 127 - 1 AS max_units_scale_20;
-- trailing zeros do not count: 100.5000 needs 1 decimal place, 7.000 needs none,
-- and a display scale of 60 (numeric's long header) changes nothing
SELECT revenue_agg(100.5000, 0)::text AS one_place, revenue_agg(7.000, 0)::text AS no_place,
       revenue_agg(round(0.5, 60), 0) = revenue_agg(0.5, 0) AS long_header_same,
       revenue_agg(0.50000000000000000000000000000, 0)::text AS thirty_places_written
;
-- numeric decoding against numeric itself, over 6000 values of every shape:
-- magnitudes from 1e-20 to 1e12, 0 to 20 decimal places, packed (table) values
CREATE TABLE shapes AS
SELECT i, round((random() * 10 ^ (i % 33 - 20))::numeric, i % 21) AS v
FROM (SELECT setseed(0.25)) s, generate_series(1, 6000) i;
SELECT count(*) AS n,
       bool_and(starting_mrr(r) = v) AS start_ok,
       bool_and(ending_mrr(r) = v) AS end_ok,
       bool_and(churned_mrr(c) = v AND churned_accounts(c) = (v > 0)::int) AS churn_ok,
       bool_and(new_mrr(n) = v) AS new_ok,
       bool_and(starting_mrr(r)::text = trim_scale(v)::text OR v = 0) AS canonical_text_ok
FROM (SELECT i, v, revenue_agg(v, v) r, revenue_agg(v, 0) c, revenue_agg(0, v) n FROM shapes GROUP BY i, v) t;
SELECT pg_temp.agrees(revenue_agg(v, (v * 1.5)::numeric(60, 20)), 'SELECT v AS mrr_start, (v * 1.5)::numeric(60, 20) AS mrr_end FROM revenue.shapes') AS sum_of_6000_ok
FROM shapes;

-- ---------------------------------------------------------------------
-- Parallel plans equal serial ones and plain SQL
-- ---------------------------------------------------------------------
-- 30000 accounts in 7 segments: a fifth new, a sixth churned, others
-- expanded, contracted or unchanged, with amounts of 0 to 3 decimal places
CREATE TABLE gen AS
SELECT i, i % 7 AS segment, i % 31 AS day, s AS mrr_start,
       CASE WHEN s IS NULL OR s = 0 THEN (i % 13) * 2.5
            WHEN i % 6 = 0 THEN 0
            WHEN i % 6 = 1 THEN s
            WHEN i % 6 = 2 THEN s * 1.25
            WHEN i % 6 = 3 THEN s - 0.001
            WHEN i % 6 = 4 THEN NULL
            ELSE s + i % 100 END AS mrr_end
FROM (SELECT i, CASE WHEN i % 5 = 0 THEN 0 WHEN i % 97 = 0 THEN NULL
                     ELSE (i % 1000) + (i % 10) / 10.0 + 0.5 END AS s
      FROM generate_series(1, 30000) i) x;
ANALYZE gen;
CREATE TABLE serial_all AS SELECT revenue_agg(mrr_start, mrr_end) r FROM gen;
CREATE TABLE serial_seg AS SELECT segment, revenue_agg(mrr_start, mrr_end) r FROM gen GROUP BY segment;
SELECT pg_temp.agrees(r, 'SELECT mrr_start, mrr_end FROM revenue.gen') AS serial_agrees_with_sql,
       accounts_at_start(r) + new_accounts(r) AS counted,
       (SELECT count(*) FROM gen WHERE coalesce(mrr_start, 0) > 0 OR coalesce(mrr_end, 0) > 0) AS by_sql
FROM serial_all;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT revenue_agg(mrr_start, mrr_end) FROM gen;
SELECT revenue_agg(mrr_start, mrr_end) = (SELECT r FROM serial_all) AS parallel_same,
       revenue_agg(mrr_start, mrr_end)::text = (SELECT r::text FROM serial_all) AS same_text,
       pg_temp.agrees(revenue_agg(mrr_start, mrr_end), 'SELECT mrr_start, mrr_end FROM revenue.gen') AS parallel_agrees_with_sql
FROM gen;
EXPLAIN (COSTS OFF) SELECT segment, revenue_agg(mrr_start, mrr_end) FROM gen GROUP BY segment;
SELECT count(*) AS segments, bool_and(p.r = s.r) AS grouped_same
FROM (SELECT segment, revenue_agg(mrr_start, mrr_end) r FROM gen GROUP BY segment) p
JOIN serial_seg s USING (segment);
-- rollup runs in parallel too
CREATE TABLE daily AS SELECT day, segment, revenue_agg(mrr_start, mrr_end) r FROM gen GROUP BY day, segment;
ANALYZE daily;
EXPLAIN (COSTS OFF) SELECT rollup(r) FROM daily;
SELECT rollup(r) = (SELECT r FROM serial_all) AS rollup_parallel_same FROM daily;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
-- hash aggregation that spills to disk gives the same summaries
SET work_mem = '64kB';
SET enable_sort = off;
SELECT count(*) AS groups, bool_and(h.r = d.r) AS spilled_same
FROM (SELECT day, segment, revenue_agg(mrr_start, mrr_end) r FROM gen GROUP BY day, segment) h
JOIN daily d USING (day, segment);
RESET work_mem;
RESET enable_sort;

-- ---------------------------------------------------------------------
-- rollup and + are exact
-- ---------------------------------------------------------------------
-- per-segment summaries of the example rolled up = the aggregate over all rows
SELECT segment, r FROM (SELECT segment, revenue_agg(mrr_start, mrr_end) r FROM accounts GROUP BY segment) t ORDER BY segment;
SELECT rollup(r) = (SELECT s FROM ex) AS rollup_equal, rollup(r)::text = (SELECT s::text FROM ex) AS same_text
FROM (SELECT segment, revenue_agg(mrr_start, mrr_end) r FROM accounts GROUP BY segment) t;
-- daily x segment summaries of the generated table rolled up per segment and overall
SELECT bool_and(r.r = s.r) AS by_segment_equal, count(*)
FROM (SELECT segment, rollup(r) r FROM daily GROUP BY segment) r JOIN serial_seg s USING (segment);
SELECT (SELECT rollup(r) FROM daily) = r AS all_equal, (SELECT rollup(r) FROM serial_seg) = r AS segments_equal FROM serial_all;
-- NULL summaries are skipped; no rows give NULL
SELECT rollup(r) = (SELECT s FROM ex) AS nulls_skipped
FROM (SELECT s FROM ex UNION ALL SELECT NULL) x(r);
SELECT rollup(r) IS NULL AS no_rows FROM daily WHERE false;
-- +: scales meet (1 place + 3 places = 3 places); the sum is canonical
SELECT revenue_agg(1.5, 2) + revenue_agg(0.125, 0) AS sum,
       revenue_agg(0.5, 0) + revenue_agg(0.5, 0) AS halves;
SELECT (SELECT s FROM ex) + (SELECT s FROM ex) = (SELECT revenue_agg(mrr_start, mrr_end) FROM accounts, generate_series(1, 2)) AS plus_doubles;
-- incremental rollup table with ON CONFLICT
CREATE TABLE by_segment (segment text PRIMARY KEY, r revenue_summary);
INSERT INTO by_segment SELECT segment, revenue_agg(mrr_start, mrr_end) FROM accounts WHERE id <= 'a4' GROUP BY segment;
INSERT INTO by_segment SELECT segment, revenue_agg(mrr_start, mrr_end) FROM accounts WHERE id > 'a4' GROUP BY segment
ON CONFLICT (segment) DO UPDATE SET r = by_segment.r + EXCLUDED.r;
SELECT rollup(r) = (SELECT s FROM ex) AS incremental_equal FROM by_segment;

-- ---------------------------------------------------------------------
-- Equality by value, hashing
-- ---------------------------------------------------------------------
-- 0.5 + 0.5 is aggregated at 1 decimal place but equals 1 written with none:
-- "=" compares values, the hash agrees, and both print the same text
CREATE TABLE eq_t AS
SELECT 'built'::text AS how, revenue_agg(v, 0) AS r FROM unnest(ARRAY[0.5, 0.5]) v
UNION ALL
SELECT 'typed', 'v1;scale=0;accounts_at_start=2;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=2;starting=1;new=0;expansion=0;contraction=0;churned=1';
SELECT a.r = b.r AS equal, a.r <> b.r AS not_equal,
       revenue_summary_hash(a.r) = revenue_summary_hash(b.r) AS same_hash, a.r::text = b.r::text AS same_text,
       revenue_summary_send(a.r) = revenue_summary_send(b.r) AS same_binary
FROM eq_t a, eq_t b WHERE a.how = 'built' AND b.how = 'typed';
-- DISTINCT, UNION and joins hash the two rows alike: one value, 2 x 2 join rows
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM eq_t a JOIN eq_t b ON a.r = b.r;
SELECT (SELECT count(*) FROM (SELECT DISTINCT r FROM eq_t) d) AS distinct_values,
       (SELECT count(*) FROM (SELECT r FROM eq_t UNION SELECT r FROM eq_t) u) AS union_rows,
       (SELECT count(*) FROM eq_t a JOIN eq_t b ON a.r = b.r) AS hash_join_rows;
RESET enable_nestloop;
-- different values are different
SELECT revenue_agg(1, 0) = revenue_agg(1, 0.5) AS churn_vs_contraction,
       revenue_agg(1, 2) <> revenue_agg(1, 3) AS expansions_differ,
       revenue_agg(0.5, 0) + revenue_agg(0.5, 0) = revenue_agg(1, 0) AS one_account_vs_two;

-- ---------------------------------------------------------------------
-- Moving windows: the inverse transition subtracts exactly
-- ---------------------------------------------------------------------
-- each sliding frame equals the aggregate recomputed over the same rows;
-- row 5 needs 4 decimal places, so the state's scale grows and then the
-- frames without it must still equal (and print like) the recomputation
CREATE TABLE win AS
SELECT i, CASE WHEN i = 5 THEN 3.1415 WHEN i % 4 = 0 THEN 0 ELSE i * 10 END::numeric AS mrr_start,
       CASE WHEN i % 3 = 0 THEN 0 WHEN i % 3 = 1 THEN i * 12 ELSE i * 7.5 END::numeric AS mrr_end
FROM generate_series(1, 40) i;
SELECT count(*) AS frames,
       bool_and(w.r = (SELECT revenue_agg(mrr_start, mrr_end) FROM win x WHERE x.i BETWEEN w.i - 3 AND w.i)) AS equal,
       bool_and(w.r::text = (SELECT revenue_agg(mrr_start, mrr_end)::text FROM win x WHERE x.i BETWEEN w.i - 3 AND w.i)) AS same_text
FROM (SELECT i, revenue_agg(mrr_start, mrr_end) OVER (ORDER BY i ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) r FROM win) w;
SELECT i, r FROM (SELECT i, revenue_agg(mrr_start, mrr_end) OVER (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) r FROM win) w
WHERE i BETWEEN 4 AND 7 ORDER BY i;
-- frames that become empty give NULL, as without an inverse
SELECT i, r IS NOT DISTINCT FROM (SELECT revenue_agg(mrr_start, mrr_end) FROM win x WHERE x.i BETWEEN w.i + 1 AND w.i + 2) AS equal
FROM (SELECT i, revenue_agg(mrr_start, mrr_end) OVER (ORDER BY i ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING) r FROM win) w
WHERE i >= 38 ORDER BY i;
-- rollup over a sliding window of daily summaries (7-day rolling NRR)
SELECT count(*) AS frames,
       bool_and(w.r = (SELECT rollup(r) FROM (SELECT day, rollup(r) r FROM daily GROUP BY day) x WHERE x.day BETWEEN w.day - 6 AND w.day)) AS equal
FROM (SELECT day, rollup(r) OVER (ORDER BY day ROWS 6 PRECEDING) r
      FROM (SELECT day, rollup(r) r FROM daily GROUP BY day) d) w;
-- the inverse functions refuse to remove what is not there (22023)
SELECT pg_temp.err($q$ SELECT revenue_agg_invfn(s, 100, 50) FROM revenue.ex $q$);
SELECT pg_temp.err($q$ SELECT revenue_agg_invfn(s, 0, 1000) FROM revenue.ex $q$);
SELECT pg_temp.err($q$ SELECT revenue_agg_invfn(s, 200, 250.001) FROM revenue.ex $q$);
SELECT pg_temp.err($q$ SELECT revenue_summary_rollup_invfn(s, s + s) FROM revenue.ex $q$);
SELECT pg_temp.err($q$ SELECT revenue_summary_rollup_invfn(s, (SELECT revenue_agg(400, 0))) FROM revenue.ex $q$);
-- ... and remove exactly what is: the example without a3 and a6
SELECT revenue_agg_invfn(revenue_agg_invfn(s, 300, 120.50), NULL, 40.25) =
       (SELECT revenue_agg(mrr_start, mrr_end) FROM accounts WHERE id NOT IN ('a3', 'a6')) AS removed_exactly,
       revenue_summary_rollup_invfn(s, s) AS nothing_left,
       revenue_agg_invfn(NULL, 1, 1) IS NULL AS null_state_restarts
FROM ex;

-- ---------------------------------------------------------------------
-- Errors (SQLSTATE | message | detail)
-- ---------------------------------------------------------------------
-- negative, NaN and infinite amounts: 22023
SELECT revenue_agg(-1, 5);
SELECT pg_temp.err($q$ SELECT revenue_agg(5, -0.01) $q$);
SELECT pg_temp.err($q$ SELECT revenue_agg('NaN', 5) $q$);
SELECT pg_temp.err($q$ SELECT revenue_agg(5, 'Infinity') $q$);
SELECT pg_temp.err($q$ SELECT revenue_agg('-Infinity', NULL) $q$);
-- ... negative zero does not exist in numeric: -0 is 0
SELECT revenue_agg(-0.0, 3)::text;
-- more than 20 significant decimal places: 22003 with a hint to round
SELECT revenue_agg(0.000000000000000000001, 0);
SELECT pg_temp.err($q$ SELECT revenue_agg(1, 1.0000000000000000000001) $q$);
-- ... trailing zeros beyond 20 places are fine
SELECT revenue_agg(1.0000000000000000000000000, 1.000000000000000000010000)::text;
-- amounts beyond 2^127 - 1 units: 22003 (input, sum, scale growth)
SELECT pg_temp.err($q$ SELECT revenue_agg(1e39, 0) $q$);
SELECT pg_temp.err($q$ SELECT revenue_agg(170141183460469231731687303715884105728, 0) $q$);
SELECT pg_temp.err($q$ SELECT revenue_agg(1e38, 0) FROM generate_series(1, 2) $q$);
SELECT pg_temp.err($q$ SELECT revenue_agg(0, 1e38) FROM generate_series(1, 2) $q$);
SELECT pg_temp.err($q$ SELECT revenue_agg(s, 0) FROM unnest(ARRAY[1e37, 0.01]) s $q$);
SELECT pg_temp.err($q$ SELECT revenue_agg(s, 0) FROM unnest(ARRAY[0.01, 1e37]) s $q$);
SELECT pg_temp.err($q$ SELECT revenue_agg(1e38, 0) + revenue_agg(1e38, 0) $q$);
SELECT pg_temp.err($q$ SELECT revenue_agg(1e37, 0) + revenue_agg(0.01, 0) $q$);
SELECT pg_temp.err($q$ SELECT rollup(r) FROM (SELECT revenue_agg(1e38, 1e38) UNION ALL SELECT revenue_agg(1e38, 2e37)) x(r) $q$);
-- more than 2^63 - 1 accounts at the start and new: 22003
SELECT pg_temp.err($q$ SELECT revenue_agg_transfn('v1;scale=0;accounts_at_start=9223372036854775807;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=1;new=0;expansion=0;contraction=0;churned=0', 0, 1) $q$);
SELECT pg_temp.err($q$ SELECT rollup(r) FROM (VALUES ('v1;scale=0;accounts_at_start=9223372036854775000;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=1;new=0;expansion=0;contraction=0;churned=0'::revenue_summary), ('v1;scale=0;accounts_at_start=0;new_accounts=808;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0;new=1;expansion=0;contraction=0;churned=0')) x(r) $q$);
-- ... one fewer fits, and accounts_at_end = 9223372036854775807 is representable
SELECT accounts_at_end(rollup(r)) FROM (VALUES ('v1;scale=0;accounts_at_start=9223372036854775000;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=1;new=0;expansion=0;contraction=0;churned=0'::revenue_summary), ('v1;scale=0;accounts_at_start=0;new_accounts=807;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0;new=1;expansion=0;contraction=0;churned=0')) x(r);

-- ---------------------------------------------------------------------
-- Text I/O
-- ---------------------------------------------------------------------
-- canonical: the smallest scale holding every amount; a larger written
-- scale is accepted and canonicalised; white space around is ignored
SELECT '  v1;scale=4;accounts_at_start=1;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=1;starting=12.5000;new=0.0000;expansion=0.0000;contraction=0.0000;churned=12.5000  '::revenue_summary;
SELECT 'v1;scale=0;accounts_at_start=0;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0;new=0;expansion=0;contraction=0;churned=0'::revenue_summary AS empty;
-- the largest amounts and counts round-trip
SELECT r, r::text::revenue_summary = r AS round_trip
FROM (VALUES ('v1;scale=20;accounts_at_start=1;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=1701411834604692317.31687303715884105727;new=0.00000000000000000000;expansion=0.00000000000000000000;contraction=0.00000000000000000000;churned=0.00000000000000000000'::revenue_summary)) x(r);
-- round trips of everything built above
SELECT bool_and(r::text::revenue_summary = r) AS text_round_trip,
       bool_and(r::text::revenue_summary::text = r::text) AS text_stable, count(*)
FROM (SELECT r FROM daily UNION ALL SELECT r FROM serial_all UNION ALL SELECT s FROM ex
      UNION ALL SELECT r FROM eq_t) t;

-- Malformed or inconsistent text: every one a 22P02 with a detail (the
-- message repeats the input, so only SQLSTATE and detail are shown).
CREATE FUNCTION pg_temp.err_detail(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; det text;
BEGIN
	EXECUTE q;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, det = PG_EXCEPTION_DETAIL;
	RETURN st || ': ' || det;
END $$;
SELECT i, pg_temp.err_detail(format('SELECT %L::revenue_summary', t)) AS result
FROM unnest(ARRAY[
	'',
	'v1',
	'v2;scale=0;accounts_at_start=0;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0;new=0;expansion=0;contraction=0;churned=0',
	'V1;scale=0;accounts_at_start=0;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0;new=0;expansion=0;contraction=0;churned=0',
	'v1;scale=21;accounts_at_start=0;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0;new=0;expansion=0;contraction=0;churned=0',
	'v1;scale=-1;accounts_at_start=0;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0;new=0;expansion=0;contraction=0;churned=0',
	'v1;scale=0;accounts_at_start=0;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0;new=0;expansion=0;contraction=0',
	'v1;scale=0;accounts_at_start=0;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0;new=0;expansion=0;contraction=0;churned=0;',
	'v1;scale=0;accounts_at_start=0;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0;new=0;expansion=0;contraction=0;churned=0 x',
	'v1;scale=0;new_accounts=0;accounts_at_start=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0;new=0;expansion=0;contraction=0;churned=0',
	'v1;scale=0;accounts_at_start =0;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0;new=0;expansion=0;contraction=0;churned=0',
	'v1;scale=0;accounts_at_start=-1;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0;new=0;expansion=0;contraction=0;churned=0',
	'v1;scale=0;accounts_at_start=+1;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=1;new=0;expansion=0;contraction=0;churned=0',
	'v1;scale=0;accounts_at_start=9223372036854775808;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=1;new=0;expansion=0;contraction=0;churned=0',
	'v1;scale=2;accounts_at_start=1;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=1.5;new=0.00;expansion=0.00;contraction=0.00;churned=0.00',
	'v1;scale=0;accounts_at_start=1;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=1.0;new=0;expansion=0;contraction=0;churned=0',
	'v1;scale=1;accounts_at_start=1;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=.5;new=0.0;expansion=0.0;contraction=0.0;churned=0.0',
	'v1;scale=1;accounts_at_start=1;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=5.;new=0.0;expansion=0.0;contraction=0.0;churned=0.0',
	'v1;scale=0;accounts_at_start=1;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=1e3;new=0;expansion=0;contraction=0;churned=0',
	'v1;scale=0;accounts_at_start=1;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=-5;new=0;expansion=0;contraction=0;churned=0',
	'v1;scale=0;accounts_at_start=1;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=170141183460469231731687303715884105728;new=0;expansion=0;contraction=0;churned=0',
	'v1;scale=2;accounts_at_start=1;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=1701411834604692317316873037158841057.28;new=0.00;expansion=0.00;contraction=0.00;churned=0.00',
	'v1;scale=0;accounts_at_start=1;new_accounts=0;expanded_accounts=1;contracted_accounts=1;churned_accounts=0;starting=10;new=0;expansion=1;contraction=1;churned=0',
	'v1;scale=0;accounts_at_start=2;new_accounts=0;expanded_accounts=1;contracted_accounts=1;churned_accounts=1;starting=10;new=0;expansion=1;contraction=1;churned=1',
	'v1;scale=0;accounts_at_start=1;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=10;new=5;expansion=0;contraction=0;churned=0',
	'v1;scale=0;accounts_at_start=1;new_accounts=1;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=10;new=0;expansion=0;contraction=0;churned=0',
	'v1;scale=0;accounts_at_start=0;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=10;new=0;expansion=0;contraction=0;churned=0',
	'v1;scale=0;accounts_at_start=2;new_accounts=0;expanded_accounts=0;contracted_accounts=1;churned_accounts=1;starting=10;new=0;expansion=0;contraction=4;churned=7',
	'v1;scale=0;accounts_at_start=2;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=1;starting=10;new=0;expansion=0;contraction=0;churned=10',
	'v1;scale=0;accounts_at_start=1;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=1;starting=10;new=0;expansion=0;contraction=0;churned=4',
	'v1;scale=2;accounts_at_start=9223372036854775807;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0.01;new=0.00;expansion=0.00;contraction=0.00;churned=0.00',
	'v1;scale=0;accounts_at_start=9223372036854775807;new_accounts=1;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=1;new=1;expansion=0;contraction=0;churned=0'
]) WITH ORDINALITY AS x(t, i)
ORDER BY i;
-- the consistency rule is exact: 2^63 - 1 accounts need 0.09223372036854775807
SELECT accounts_at_start('v1;scale=20;accounts_at_start=9223372036854775807;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0.09223372036854775807;new=0.00000000000000000000;expansion=0.00000000000000000000;contraction=0.00000000000000000000;churned=0.00000000000000000000'::revenue_summary);
SELECT pg_temp.err_detail($q$ SELECT 'v1;scale=20;accounts_at_start=9223372036854775807;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0.09223372036854775806;new=0.00000000000000000000;expansion=0.00000000000000000000;contraction=0.00000000000000000000;churned=0.00000000000000000000'::revenue_summary $q$);

-- ---------------------------------------------------------------------
-- Binary I/O
-- ---------------------------------------------------------------------
-- layout: byte version, byte scale, int16 reserved, 5 int64 counts, then
-- each amount (starting, new, expansion, contraction, churned) as its high
-- and low 64-bit halves, network byte order: 124 bytes.  An independent
-- encoder in SQL:
CREATE FUNCTION pg_temp.wire(version int, scale int, reserved int, counts bigint[], amounts numeric[])
RETURNS bytea LANGUAGE sql AS $$
	SELECT set_byte('\x00'::bytea, 0, version) || set_byte('\x00'::bytea, 0, scale)
	       || substr(int4send(reserved), 3, 2)
	       || (SELECT string_agg(int8send(c), ''::bytea ORDER BY o) FROM unnest(counts) WITH ORDINALITY u(c, o))
	       || (SELECT string_agg(int8send(CASE WHEN h >= 2::numeric ^ 63 THEN h - 2::numeric ^ 64 ELSE h END::int8)
	                             || int8send(CASE WHEN l >= 2::numeric ^ 63 THEN l - 2::numeric ^ 64 ELSE l END::int8),
	                             ''::bytea ORDER BY o)
	           FROM unnest(amounts) WITH ORDINALITY u(a, o),
	                LATERAL (SELECT div(a, 2::numeric ^ 64) h, mod(a, 2::numeric ^ 64) l) hl)
$$;
-- the example at scale 2: 81000, 12025, 5000, 17950, 21000 units of 0.01
SELECT revenue_summary_send(s) = pg_temp.wire(1, 2, 0, ARRAY[5, 2, 1, 1, 2], ARRAY[81000, 12025, 5000, 17950, 21000]) AS layout_ok,
       length(revenue_summary_send(s)) AS bytes
FROM ex;
-- binary COPY of every summary above, out to a file and back in
CREATE TABLE copy_src AS
SELECT row_number() OVER () AS id, r FROM (SELECT r FROM daily UNION ALL SELECT r FROM serial_all
      UNION ALL SELECT s FROM ex UNION ALL SELECT r FROM eq_t UNION ALL SELECT NULL) t;
CREATE TABLE copy_dst (LIKE copy_src);
DO $$
DECLARE f text := current_setting('data_directory') || '/cxkpi_revenue_test.bin';
BEGIN
	EXECUTE format('COPY revenue.copy_src TO %L WITH (FORMAT binary)', f);
	EXECUTE format('COPY revenue.copy_dst FROM %L WITH (FORMAT binary)', f);
END $$;
SELECT count(*) AS rows, bool_and(a.r = b.r OR (a.r IS NULL AND b.r IS NULL)) AS equal,
       bool_and(a.r::text IS NOT DISTINCT FROM b.r::text) AS same_text
FROM copy_src a JOIN copy_dst b USING (id);

-- malformed binary: every one a 22P03 with a detail
CREATE TABLE recv_t (r revenue_summary);
CREATE FUNCTION pg_temp.recv(b bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text; res text;
	f text := current_setting('data_directory') || '/cxkpi_revenue_test.bin';
BEGIN
	EXECUTE format('COPY (SELECT %L::bytea) TO %L WITH (FORMAT binary)', b, f);
	TRUNCATE revenue.recv_t;
	EXECUTE format('COPY revenue.recv_t FROM %L WITH (FORMAT binary)', f);
	SELECT t.r::text INTO res FROM revenue.recv_t t;
	RETURN res;
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
	RETURN st || ': ' || msg || coalesce(' | ' || nullif(det, ''), '');
END $$;
WITH v AS (SELECT revenue_summary_send(s) u FROM ex)
SELECT label, pg_temp.recv(b) AS result
FROM v, LATERAL (VALUES
	('valid', u),
	('non-canonical scale 3: read as scale 2', pg_temp.wire(1, 3, 0, ARRAY[5, 2, 1, 1, 2], ARRAY[810000, 120250, 50000, 179500, 210000])),
	('largest amount, scale 0', pg_temp.wire(1, 0, 0, ARRAY[0, 1, 0, 0, 0], ARRAY[0, 2::numeric ^ 127 - 1, 0, 0, 0])),
	('amount 2^127', pg_temp.wire(1, 0, 0, ARRAY[0, 1, 0, 0, 0], ARRAY[0, 2::numeric ^ 127, 0, 0, 0])),
	('amount 2^128 - 1', pg_temp.wire(1, 0, 0, ARRAY[0, 1, 0, 0, 0], ARRAY[0, 2::numeric ^ 128 - 1, 0, 0, 0])),
	('truncated', substr(u, 1, 123)),
	('one byte too many', u || '\x00'::bytea),
	('empty', ''::bytea),
	('version 0', set_byte(u, 0, 0)),
	('version 2', set_byte(u, 0, 2)),
	('scale 21', set_byte(u, 1, 21)),
	('reserved set', set_byte(u, 3, 1)),
	('negative count', set_byte(u, 4, 255)),
	('negative count, amounts zero', pg_temp.wire(1, 0, 0, ARRAY[0, -1, 0, 0, 0], ARRAY[0, 0, 0, 0, 0])),
	('moved accounts > at_start', pg_temp.wire(1, 0, 0, ARRAY[1, 0, 1, 0, 1], ARRAY[10, 0, 1, 0, 10])),
	('new MRR without new accounts', pg_temp.wire(1, 0, 0, ARRAY[0, 0, 0, 0, 0], ARRAY[0, 5, 0, 0, 0])),
	('new accounts without new MRR', pg_temp.wire(1, 0, 0, ARRAY[0, 1, 0, 0, 0], ARRAY[0, 0, 0, 0, 0])),
	('contraction + churned > starting', pg_temp.wire(1, 0, 0, ARRAY[2, 0, 0, 1, 1], ARRAY[10, 0, 0, 4, 7])),
	('at_start + new beyond int64', pg_temp.wire(1, 0, 0, ARRAY[9223372036854775807, 1, 0, 0, 0], ARRAY[1, 1, 0, 0, 0])),
	('a csat_summary', csat_summary_send('v1;scale=1..5;cutoff=4;counts=1,0,0,0,2'))
) AS t(label, b);

-- Amounts whose last base-10000 digit has trailing decimal zeros near the
-- 2^127 - 1 limit: 1e35 + 0.1 needs 10^36 + 1 units at scale 1, below
-- 2^127 - 1 (about 1.7e38 units), so it is read; the text form agrees.
SELECT starting_mrr(s) AS starting, new_mrr(s) AS new,
       s = 'v1;scale=1;accounts_at_start=1;new_accounts=1;expanded_accounts=0;contracted_accounts=1;churned_accounts=0;starting=100000000000000000000000000000000000.1;new=12000000000000000000000000000000000.0;expansion=0.0;contraction=100000000000000000000000000000000000.0;churned=0.0'::revenue_summary AS same_as_text
FROM (SELECT revenue_agg(a, b) s
      FROM (VALUES (100000000000000000000000000000000000.1, 0.1),
                   (0, 12000000000000000000000000000000000)) v(a, b)) t;
