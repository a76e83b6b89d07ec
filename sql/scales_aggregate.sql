--
-- csat_agg and ces_agg on generated data: equal to the hand-written SQL,
-- serial = forced parallel, window frames = each frame on its own, rollup
-- of daily summaries = the aggregate over raw rows, and a fuzz of the
-- scale part of the text form.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA scales_aggregate;
SET search_path = scales_aggregate, public;

-- 120 000 answers: CSAT on 1..5 and on 0..10, CES on 1..7; 2% NULLs;
-- weights are multiples of 1/4, so weighted sums are exact in any order.
CREATE TABLE answers AS
SELECT i AS id,
       date '2026-01-01' + (i % 90) AS day,
       (ARRAY['web', 'app', 'call-center'])[1 + (hashint4(i + 1) & 1) + (hashint4(i + 9) & 1)] AS segment,
       CASE WHEN (hashint4(i + 2) & 2147483647) % 50 = 0 THEN NULL
            ELSE 1 + (hashint4(i) & 2147483647) % 5 END AS csat5,
       (hashint4(i + 5) & 2147483647) % 11 AS csat11,
       CASE WHEN (hashint4(i + 6) & 2147483647) % 50 = 0 THEN NULL
            ELSE 1 + ((hashint4(i + 3) & 2147483647) % 7 + (hashint4(i + 4) & 2147483647) % 3) % 7 END AS ces7,
       (1 + (hashint4(i + 8) & 2147483647) % 12) / 4.0::float8 AS w
FROM generate_series(1, 120000) i;
CREATE INDEX ON answers (day);
CREATE INDEX ON answers (id);
ANALYZE answers;

-- Equal to the SQL an analyst would type
SELECT segment,
       abs(csat(c) - avg((csat5 >= 4)::int)) < 1e-12 AS csat_ok,
       satisfied(c) = count(*) FILTER (WHERE csat5 >= 4) AS satisfied_ok,
       responses(c) = count(csat5) AS n_ok,
       abs(csat(c11) - avg((csat11 >= 8)::int)) < 1e-12 AS csat11_ok,
       abs(csat(c11, 9) - avg((csat11 >= 9)::int)) < 1e-12 AS reread_ok,
       abs(ces(e) - avg(ces7)) < 1e-12 AS ces_ok,
       abs(std_error(e) - stddev_samp(ces7) / sqrt(count(ces7))) < 1e-12 AS ces_se_ok,
       abs(agree_share(e) - avg((ces7 >= 5)::int)) < 1e-12 AS agree_ok,
       abs(csat(cw) - sum(w) FILTER (WHERE csat5 >= 4) / sum(w) FILTER (WHERE csat5 IS NOT NULL)) < 1e-12 AS wcsat_ok,
       abs(ces(ew) - sum(w * ces7) / sum(w) FILTER (WHERE ces7 IS NOT NULL)) < 1e-12 AS wces_ok
FROM (SELECT segment, csat_agg(csat5) c, csat_agg(csat11, 0, 10) c11, ces_agg(ces7) e,
             csat_agg(csat5, w) cw, ces_agg(ces7, w) ew
      FROM answers GROUP BY segment) s
JOIN answers USING (segment)
GROUP BY segment, c, c11, e, cw, ew
ORDER BY segment;

-- Parallel plans give the same summaries
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_all AS
SELECT csat_agg(csat5) c, csat_agg(csat11, 0, 10, 9) c11, ces_agg(ces7) e, csat_agg(csat5, w) cw, ces_agg(ces7, 1, 7, w) ew
FROM answers;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT csat_agg(csat5), ces_agg(ces7) FROM answers;
SELECT s.c = p.c AND s.c11 = p.c11 AND s.e = p.e AND s.cw = p.cw AND s.ew = p.ew AS parallel_same
FROM serial_all s,
     (SELECT csat_agg(csat5) c, csat_agg(csat11, 0, 10, 9) c11, ces_agg(ces7) e, csat_agg(csat5, w) cw, ces_agg(ces7, 1, 7, w) ew
      FROM answers) p;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- Rollup of daily summaries equals the aggregate over raw rows, by month
CREATE TABLE daily AS
SELECT day, segment, csat_agg(csat5) c, csat_agg(csat11, 0, 10) c11, ces_agg(ces7) e, ces_agg(ces7, w) ew
FROM answers GROUP BY day, segment;
SELECT count(*) AS months,
       bool_and(r.c = a.c AND r.c11 = a.c11 AND r.e = a.e AND r.ew = a.ew) AS rollup_equal
FROM (SELECT date_trunc('month', day) m, rollup(c) c, rollup(c11) c11, rollup(e) e, rollup(ew) ew FROM daily GROUP BY 1) r
JOIN (SELECT date_trunc('month', day) m, csat_agg(csat5) c, csat_agg(csat11, 0, 10) c11, ces_agg(ces7) e, ces_agg(ces7, w) ew
      FROM answers GROUP BY 1) a USING (m);
-- a stored summary re-read with another cutoff equals the raw computation
SELECT bool_and(abs(csat(r.c11, 10) - a.top1) < 1e-12) AS reread_equal
FROM (SELECT segment, rollup(c11) c11 FROM daily GROUP BY 1) r
JOIN (SELECT segment, avg((csat11 = 10)::int)::float8 top1 FROM answers GROUP BY 1) a USING (segment);

-- Window frames equal each frame computed on its own
SELECT count(*) AS rows,
       count(*) FILTER (WHERE x IS NOT DISTINCT FROM y AND u IS NOT DISTINCT FROM v) AS equal
FROM (SELECT id, csat_agg(csat11, 0, 10, 9) OVER (ORDER BY id ROWS BETWEEN 30 PRECEDING AND CURRENT ROW) x,
             ces_agg(ces7) OVER (ORDER BY id ROWS BETWEEN 30 PRECEDING AND 2 PRECEDING) u
      FROM answers WHERE id <= 2000) a
JOIN LATERAL (SELECT csat_agg(csat11, 0, 10, 9) y FROM answers b WHERE b.id BETWEEN a.id - 30 AND a.id) b ON true
JOIN LATERAL (SELECT ces_agg(ces7) v FROM answers b WHERE b.id BETWEEN a.id - 30 AND a.id - 2) c ON true;
-- a 7-day rolling CSAT from stored daily summaries
SELECT count(*) FILTER (WHERE x IS NOT DISTINCT FROM y) = count(*) AS rolling_equal, count(*)
FROM (SELECT day, rollup(c) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) x
      FROM (SELECT day, rollup(c) c FROM daily GROUP BY day) d) a
JOIN LATERAL (SELECT csat_agg(csat5) y FROM answers b WHERE b.day BETWEEN a.day - 6 AND a.day) b ON true;

-- Fuzz the scale part of the text form: every outcome is a clean 22P02
-- or a valid value that round-trips.
SELECT setseed(0.5);
CREATE TEMP TABLE fuzz (outcome text);
DO $$
DECLARE
	seeds text[] := ARRAY['v1;scale=1..5;cutoff=4;counts=1,0,0,2,3',
	                      'v1;scale=-3..3;cutoff=2;counts=0,1,0,0,0,0,5;sumw=0,0.5,0,0,0,0,2.25;sumw2=0,0.25,0,0,0,0,1.0625',
	                      'v1;scale=0..10;cutoff=8;counts=1,0,0,0,0,0,0,0,0,0,1'];
	alphabet text := '0123456789.-;=,';
	t text; c csat_summary; e ces_summary; i int; pos int; res text;
BEGIN
	FOR i IN 1..3000 LOOP
		t := seeds[1 + i % 3];
		pos := 1 + floor(random() * 24)::int;
		t := overlay(t placing substr(alphabet, 1 + floor(random() * 15)::int, 1 + floor(random() * 2)::int)
		             from pos for floor(random() * 2)::int);
		BEGIN
			IF i % 2 = 0 THEN
				c := t::csat_summary;
				res := CASE WHEN c::text::csat_summary = c AND csat(c) IS NOT DISTINCT FROM csat(c::text::csat_summary) THEN 'accepted' ELSE 'mismatch ' || t END;
			ELSE
				e := t::ces_summary;
				res := CASE WHEN e::text::ces_summary = e AND ci_lower(e) IS NOT DISTINCT FROM ci_lower(e::text::ces_summary) THEN 'accepted' ELSE 'mismatch ' || t END;
			END IF;
		EXCEPTION WHEN OTHERS THEN
			res := SQLSTATE;
		END;
		INSERT INTO fuzz VALUES (res);
	END LOOP;
END $$;
SELECT count(*) AS iterations,
       count(*) FILTER (WHERE outcome NOT IN ('accepted', '22P02')) AS unexpected,
       count(*) FILTER (WHERE outcome = 'accepted') > 0 AS some_accepted,
       count(*) FILTER (WHERE outcome = '22P02') > 0 AS some_rejected
FROM fuzz;
SELECT outcome FROM fuzz WHERE outcome NOT IN ('accepted', '22P02') LIMIT 5;
