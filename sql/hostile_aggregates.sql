--
-- Hostile aggregates.  cxkpi is trusted: any role may reuse every
-- transition, combine and inverse function it ships in its own
-- CREATE AGGREGATE, and hand them states the extension did not make as an
-- aggregate state: stored values (compressed, or TOASTed out of line for
-- churn_series, whose STORAGE is extended), values returned by SQL
-- functions used as MINVFUNC, the state of an ordered-set aggregate given
-- to our function as its FINALFUNC, crafted INITCONDs.  Every such call must
-- end in a clean error or in the value the same function computes when
-- called directly (the careful path, which works on a validated copy).
--
-- On 0.2.0 the first case below terminated the server (SIGSEGV): the
-- series transition trusted argument 0 as its own untoasted state whenever
-- it ran inside an aggregate.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA hostile;
SET search_path = hostile, public;
SET extra_float_digits = 0;
SET TimeZone = 'Europe/Berlin';

\i sql/include/err.sql

-- ---------------------------------------------------------------------
-- The reproducer of the crash, with its values worked by hand.
-- ---------------------------------------------------------------------

-- One customer who started on 2010-06-15 and is still active, over 10 000
-- daily periods from 2000-01-01: 0 customers at the start of period 1, one
-- acquisition (in the period of 2010-06-15).  About 320 kB raw, stored
-- compressed (pglz) and out of line.
CREATE TABLE t AS
SELECT churn_series_agg(date '2010-06-15', NULL::date, date '2000-01-01', '1 day', 10000) AS s;
SELECT pg_column_compression(s) IS NOT NULL AS compressed,
       pg_column_size(s) < 320000 AS smaller_than_raw FROM t;

CREATE FUNCTION pg_temp.inv(churn_series, date, date, date, interval, int) RETURNS churn_series
	LANGUAGE sql AS 'SELECT s FROM hostile.t';
CREATE AGGREGATE pg_temp.evil(date, date, date, interval, int) (
	SFUNC = churn_series_transfn, STYPE = churn_series,
	MSFUNC = churn_series_transfn, MINVFUNC = pg_temp.inv, MSTYPE = churn_series);

-- Row i is a customer who started on 1999-01-01 + i (before period 1) and
-- is active.  With ROWS 1 PRECEDING:
--   row 1: frame {1}: transition from NULL        at_start 1, acquired 0
--   row 2: frame {1,2}: + row 2                   at_start 2, acquired 0
--   row 3: frame {2,3}: "removing" row 1 returns the stored series
--          (at_start 0, acquired 1), then + row 3  at_start 1, acquired 1
SELECT i, periods(w) AS periods,
       customers_at_start(churn_period(w, 1)) AS at_start_1,
       (SELECT sum(acquired) FROM churn_periods(w)) AS acquired
FROM (SELECT i, pg_temp.evil(d, NULL, '2000-01-01', '1 day', 10000) OVER (ORDER BY i ROWS 1 PRECEDING) AS w
      FROM generate_series(1, 3) i, LATERAL (SELECT date '1999-01-01' + i) x(d)) q
ORDER BY i;

-- The same state handed to the transition as an ordered-set aggregate's
-- FINALFUNC: the state is the stored series, the final call adds one
-- customer who started before period 1: at_start 1, acquired 1.
CREATE FUNCTION pg_temp.sf(churn_series, int) RETURNS churn_series
	LANGUAGE sql AS 'SELECT s FROM hostile.t';
CREATE AGGREGATE pg_temp.evil_os(date, date, date, interval, int ORDER BY int) (
	SFUNC = pg_temp.sf, STYPE = churn_series, FINALFUNC = churn_series_transfn);
SELECT customers_at_start(churn_period(w, 1)) AS at_start_1,
       (SELECT sum(acquired) FROM churn_periods(w)) AS acquired
FROM (SELECT pg_temp.evil_os(date '1999-06-01', NULL, '2000-01-01', '1 day', 10000)
             WITHIN GROUP (ORDER BY g) AS w
      FROM generate_series(1, 2) g) q;

-- A stored series with other periods is a clean 22023, not a misread.
CREATE TABLE t_short AS
SELECT churn_series_agg(date '2010-06-15', NULL::date, date '2000-01-01', '1 day', 5000) AS s;
CREATE FUNCTION pg_temp.inv_short(churn_series, date, date, date, interval, int) RETURNS churn_series
	LANGUAGE sql AS 'SELECT s FROM hostile.t_short';
CREATE AGGREGATE pg_temp.evil_short(date, date, date, interval, int) (
	SFUNC = churn_series_transfn, STYPE = churn_series,
	MSFUNC = churn_series_transfn, MINVFUNC = pg_temp.inv_short, MSTYPE = churn_series);
SELECT pg_temp.err($q$
	SELECT pg_temp.evil_short(d, NULL, '2000-01-01', '1 day', 10000) OVER (ORDER BY i ROWS 1 PRECEDING)
	FROM generate_series(1, 3) i, LATERAL (SELECT date '1999-01-01' + i) x(d) $q$);

-- ---------------------------------------------------------------------
-- Every exported transition, inverse and combine function, reused by
-- hostile aggregates, with stored states of every storage form.
-- ---------------------------------------------------------------------

-- Stored states.  churn_series in three forms: compressed (STORAGE
-- extended), out of line uncompressed (STORAGE external), and small enough
-- to stay inline with a 1-byte header.  The survey, churn and
-- revenue types are STORAGE plain: never compressed, never short headers.
CREATE TABLE st_series (label text, v churn_series);
INSERT INTO st_series
SELECT 'compressed', churn_series_agg(date '2000-01-02' + (g % 400), NULL::date, date '2000-01-01', '1 day', 10000)
FROM generate_series(1, 50) g;
CREATE TABLE st_series_ext (label text, v churn_series);
ALTER TABLE st_series_ext ALTER COLUMN v SET STORAGE EXTERNAL;
INSERT INTO st_series_ext
SELECT 'external', churn_series_agg(date '2000-01-02' + (g % 400), NULL::date, date '2000-01-01', '1 day', 10000)
FROM generate_series(1, 50) g;
-- one period: 72 bytes, stored with a 1-byte header
CREATE TABLE st_series1 (label text, v churn_series);
INSERT INTO st_series1
SELECT 'short header', churn_series_agg(date '1999-12-02', NULL::date, date '2000-01-01', '1 day', 1);

SELECT label, pg_column_compression(v) IS NOT NULL AS compressed, pg_column_size(v) AS stored_bytes
FROM (SELECT * FROM st_series WHERE label = 'compressed'
      UNION ALL SELECT * FROM st_series_ext
      UNION ALL SELECT * FROM st_series1) x ORDER BY 1;

CREATE TABLE st_scale AS
SELECT nps_agg(s) AS nps, nps_agg(s, 1.5) AS nps_w,
       csat_agg(1 + s % 5) AS csat, csat_agg(1 + s % 5, 2.0) AS csat_w,
       csat_agg(1 + s % 7, 1, 7) AS csat7, csat_agg(1 + s % 7, 1, 7, 6) AS csat7c,
       csat_agg(1 + s % 7, 1, 7, 0.5) AS csat7_w, csat_agg(1 + s % 7, 1, 7, 6, 0.5) AS csat7c_w,
       ces_agg(1 + s % 7) AS ces, ces_agg(1 + s % 7, 3.0) AS ces_w,
       ces_agg(s, 0, 10) AS ces10, ces_agg(s, 0, 10, 7) AS ces10c,
       ces_agg(s, 0, 10, 0.25) AS ces10_w, ces_agg(s, 0, 10, 7, 0.25) AS ces10c_w
FROM generate_series(0, 10) s, generate_series(1, 3) r;
SELECT pg_column_compression(nps) AS nps_compression FROM st_scale;

CREATE TABLE st_churn AS
SELECT churn_agg(st, en, daterange('2026-01-01', '2026-02-01')) AS d,
       churn_agg(st::timestamp, en::timestamp, tsrange('2026-01-01', '2026-02-01')) AS ts,
       churn_agg(st::timestamptz, en::timestamptz, tstzrange('2026-01-01', '2026-02-01')) AS tz
FROM (VALUES (date '2025-06-01', NULL::date), ('2025-07-01', '2026-01-10'),
             ('2026-01-05', NULL), ('2026-01-06', '2026-01-20')) x(st, en);

CREATE TABLE st_rev AS
SELECT revenue_agg(a, b) AS r
FROM (VALUES (100.00, 120.00), (50.00, 0), (0, 30.00), (80.00, 40.00)) x(a, b);

-- run_case(fn, argtypes, stype, stored, rows, nargs, kind): reuse fn in
-- hostile aggregates over rows (columns i = 1..3, a1..a<nargs>), with the
-- state expression stored.
--   kind 'trans': MSFUNC = fn and a MINVFUNC that returns the stored
--     state, ROWS 1 PRECEDING: row 3 is fn(stored, row 3's arguments);
--   kind 'inv': MINVFUNC = fn and an MSFUNC that returns the stored state,
--     ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING: row 2 is
--     fn(stored, row 1's arguments);
--   both: an ordered-set aggregate whose state is the stored state and
--     whose FINALFUNC is fn, with row 3's arguments as direct arguments.
-- Each value must equal fn called directly on the same state and
-- arguments (outside any aggregate, where fn works on a validated copy).
-- Returns 'ok', the first mismatch, or the error.  Everything it creates
-- is rolled back.
CREATE FUNCTION pg_temp.run_case(fn text, argtypes text, stype text, stored text,
                                 rows text, nargs int, kind text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	args text := (SELECT string_agg('a' || k, ', ' ORDER BY k) FROM generate_series(1, nargs) k);
	got text;
	want text;
	got_os text;
	want_os text;
	res text;
	strictness text;
BEGIN
	-- the helpers must be as strict as fn: forward and inverse must match
	SELECT CASE WHEN proisstrict THEN 'STRICT' ELSE '' END INTO strictness
	FROM pg_proc WHERE oid = (fn || '(' || stype || ', ' || argtypes || ')')::regprocedure;
	BEGIN
		EXECUTE format('CREATE FUNCTION pg_temp.h_st(%s, %s) RETURNS %s LANGUAGE sql %s AS %L',
		               stype, argtypes, stype, strictness, 'SELECT ' || stored);
		IF kind = 'trans' THEN
			EXECUTE format('CREATE AGGREGATE pg_temp.h_win(%s) (SFUNC = %s, STYPE = %s, MSFUNC = %s, MINVFUNC = pg_temp.h_st, MSTYPE = %s)',
			               argtypes, fn, stype, fn, stype);
		ELSE
			EXECUTE format('CREATE AGGREGATE pg_temp.h_win(%s) (SFUNC = pg_temp.h_st, STYPE = %s, MSFUNC = pg_temp.h_st, MINVFUNC = %s, MSTYPE = %s)',
			               argtypes, stype, fn, stype);
		END IF;
		EXECUTE format('CREATE FUNCTION pg_temp.h_sf(%s, int) RETURNS %s LANGUAGE sql AS %L',
		               stype, stype, 'SELECT ' || stored);
		EXECUTE format('CREATE AGGREGATE pg_temp.h_os(%s ORDER BY int) (SFUNC = pg_temp.h_sf, STYPE = %s, FINALFUNC = %s)',
		               argtypes, stype, fn);
		BEGIN
			IF kind = 'trans' THEN
				EXECUTE format('SELECT w::text FROM (SELECT i, pg_temp.h_win(%s) OVER (ORDER BY i ROWS 1 PRECEDING) w FROM (%s) r) q WHERE i = 3',
				               args, rows) INTO got;
				EXECUTE format('SELECT %s(%s, %s)::text FROM (%s) r WHERE i = 3', fn, stored, args, rows) INTO want;
			ELSE
				EXECUTE format('SELECT w::text FROM (SELECT i, pg_temp.h_win(%s) OVER (ORDER BY i ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) w FROM (%s) r) q WHERE i = 2',
				               args, rows) INTO got;
				EXECUTE format('SELECT %s(%s, %s)::text FROM (%s) r WHERE i = 1', fn, stored, args, rows) INTO want;
			END IF;
			EXECUTE format('SELECT (SELECT pg_temp.h_os(%s) WITHIN GROUP (ORDER BY g) FROM generate_series(1, 2) g)::text FROM (%s) r WHERE i = 3',
			               args, rows) INTO got_os;
			EXECUTE format('SELECT %s(%s, %s)::text FROM (%s) r WHERE i = 3', fn, stored, args, rows) INTO want_os;
			res := CASE
				WHEN want IS NULL THEN 'direct call gave NULL'
				WHEN got IS DISTINCT FROM want THEN 'window: ' || coalesce(got, 'NULL') || ' <> ' || want
				WHEN got_os IS DISTINCT FROM want_os THEN 'ordered-set: ' || coalesce(got_os, 'NULL') || ' <> ' || coalesce(want_os, 'NULL')
				ELSE 'ok' END;
		EXCEPTION WHEN OTHERS THEN
			res := 'error ' || SQLSTATE || ': ' || SQLERRM;
		END;
		RAISE EXCEPTION 'cxkpi: roll back the case';
	EXCEPTION WHEN OTHERS THEN
		IF SQLERRM <> 'cxkpi: roll back the case' THEN
			RETURN 'setup error ' || SQLSTATE || ': ' || SQLERRM;
		END IF;
	END;
	RETURN res;
END $$;

-- Rows of arguments for each kind of function.
CREATE VIEW r_nps AS SELECT * FROM (VALUES (1, 9), (2, 10), (3, 3)) x(i, a1);
CREATE VIEW r_nps_w AS SELECT * FROM (VALUES (1, 9, 2.0::float8), (2, 10, 0.5), (3, 3, 1.0)) x(i, a1, a2);
CREATE VIEW r_5 AS SELECT * FROM (VALUES (1, 5), (2, 4), (3, 2)) x(i, a1);
CREATE VIEW r_5_w AS SELECT * FROM (VALUES (1, 5, 2.0::float8), (2, 4, 0.5), (3, 2, 1.0)) x(i, a1, a2);
CREATE VIEW r_7 AS SELECT i, a1, 1 AS a2, 7 AS a3 FROM r_5;
CREATE VIEW r_7c AS SELECT i, a1, 1 AS a2, 7 AS a3, 6 AS a4 FROM r_5;
CREATE VIEW r_7_w AS SELECT i, a1, 1 AS a2, 7 AS a3, a2 AS a4 FROM r_5_w;
CREATE VIEW r_7c_w AS SELECT i, a1, 1 AS a2, 7 AS a3, 6 AS a4, a2 AS a5 FROM r_5_w;
CREATE VIEW r_10 AS SELECT i, a1 + 5 AS a1, 0 AS a2, 10 AS a3 FROM r_5;
CREATE VIEW r_10c AS SELECT i, a1 + 5 AS a1, 0 AS a2, 10 AS a3, 7 AS a4 FROM r_5;
CREATE VIEW r_10_w AS SELECT i, a1 + 5 AS a1, 0 AS a2, 10 AS a3, a2 AS a4 FROM r_5_w;
CREATE VIEW r_10c_w AS SELECT i, a1 + 5 AS a1, 0 AS a2, 10 AS a3, 7 AS a4, a2 AS a5 FROM r_5_w;
-- churn rows: row 1 is a customer of the stored summary (removable)
CREATE VIEW r_churn AS
SELECT * FROM (VALUES (1, date '2025-06-01', NULL::date), (2, '2026-01-07', NULL), (3, '2025-01-01', '2026-01-15')) x(i, a1, a2);
CREATE VIEW r_churn_d AS SELECT i, a1, a2, daterange('2026-01-01', '2026-02-01') AS a3 FROM r_churn;
CREATE VIEW r_churn_ts AS SELECT i, a1::timestamp AS a1, a2::timestamp AS a2, tsrange('2026-01-01', '2026-02-01') AS a3 FROM r_churn;
CREATE VIEW r_churn_tz AS SELECT i, a1::timestamptz AS a1, a2::timestamptz AS a2, tstzrange('2026-01-01', '2026-02-01') AS a3 FROM r_churn;
CREATE VIEW r_series AS
SELECT i, a1, a2, date '2000-01-01' AS a3, interval '1 day' AS a4, 10000 AS a5 FROM r_churn;
CREATE VIEW r_series1 AS
SELECT i, a1 - 9490 AS a1, NULL::date AS a2, date '2000-01-01' AS a3, interval '1 day' AS a4, 1 AS a5 FROM r_churn;
CREATE VIEW r_series_ts AS
SELECT i, a1::timestamp AS a1, a2::timestamp AS a2, timestamp '2000-01-01' AS a3, interval '1 day' AS a4, 10000 AS a5 FROM r_churn;
CREATE VIEW r_series_tz AS
SELECT i, a1::timestamptz AS a1, a2::timestamptz AS a2, timestamptz '2000-01-01 00:00+00' AS a3, interval '1 month' AS a4, 400 AS a5 FROM r_churn;
CREATE VIEW r_rev AS SELECT * FROM (VALUES (1, 100.00, 120.00), (2, 50.00, 0), (3, 0, 30.00)) x(i, a1, a2);

CREATE TABLE cases (fn text, argtypes text, stype text, stored text, rows text, nargs int, kind text);
INSERT INTO cases VALUES
	('nps_agg_transfn', 'integer', 'nps_summary', '(SELECT nps FROM hostile.st_scale)', 'SELECT * FROM hostile.r_nps', 1, 'trans'),
	('nps_agg_transfn', 'integer, float8', 'nps_summary', '(SELECT nps_w FROM hostile.st_scale)', 'SELECT * FROM hostile.r_nps_w', 2, 'trans'),
	('nps_agg_transfn', 'integer, float8', 'nps_summary', '(SELECT nps FROM hostile.st_scale)', 'SELECT * FROM hostile.r_nps_w', 2, 'trans'),
	('nps_agg_invfn', 'integer', 'nps_summary', '(SELECT nps FROM hostile.st_scale)', 'SELECT * FROM hostile.r_nps', 1, 'inv'),
	('csat_agg_transfn', 'integer', 'csat_summary', '(SELECT csat FROM hostile.st_scale)', 'SELECT * FROM hostile.r_5', 1, 'trans'),
	('csat_agg_transfn', 'integer, float8', 'csat_summary', '(SELECT csat_w FROM hostile.st_scale)', 'SELECT * FROM hostile.r_5_w', 2, 'trans'),
	('csat_agg_transfn', 'integer, integer, integer', 'csat_summary', '(SELECT csat7 FROM hostile.st_scale)', 'SELECT * FROM hostile.r_7', 3, 'trans'),
	('csat_agg_transfn', 'integer, integer, integer, integer', 'csat_summary', '(SELECT csat7c FROM hostile.st_scale)', 'SELECT * FROM hostile.r_7c', 4, 'trans'),
	('csat_agg_transfn', 'integer, integer, integer, float8', 'csat_summary', '(SELECT csat7_w FROM hostile.st_scale)', 'SELECT * FROM hostile.r_7_w', 4, 'trans'),
	('csat_agg_transfn', 'integer, integer, integer, integer, float8', 'csat_summary', '(SELECT csat7c_w FROM hostile.st_scale)', 'SELECT * FROM hostile.r_7c_w', 5, 'trans'),
	('csat_agg_invfn', 'integer', 'csat_summary', '(SELECT csat FROM hostile.st_scale)', 'SELECT * FROM hostile.r_5', 1, 'inv'),
	('csat_agg_invfn', 'integer, integer, integer', 'csat_summary', '(SELECT csat7 FROM hostile.st_scale)', 'SELECT * FROM hostile.r_7', 3, 'inv'),
	('csat_agg_invfn', 'integer, integer, integer, integer', 'csat_summary', '(SELECT csat7c FROM hostile.st_scale)', 'SELECT * FROM hostile.r_7c', 4, 'inv'),
	('ces_agg_transfn', 'integer', 'ces_summary', '(SELECT ces FROM hostile.st_scale)', 'SELECT * FROM hostile.r_5', 1, 'trans'),
	('ces_agg_transfn', 'integer, float8', 'ces_summary', '(SELECT ces_w FROM hostile.st_scale)', 'SELECT * FROM hostile.r_5_w', 2, 'trans'),
	('ces_agg_transfn', 'integer, integer, integer', 'ces_summary', '(SELECT ces10 FROM hostile.st_scale)', 'SELECT * FROM hostile.r_10', 3, 'trans'),
	('ces_agg_transfn', 'integer, integer, integer, integer', 'ces_summary', '(SELECT ces10c FROM hostile.st_scale)', 'SELECT * FROM hostile.r_10c', 4, 'trans'),
	('ces_agg_transfn', 'integer, integer, integer, float8', 'ces_summary', '(SELECT ces10_w FROM hostile.st_scale)', 'SELECT * FROM hostile.r_10_w', 4, 'trans'),
	('ces_agg_transfn', 'integer, integer, integer, integer, float8', 'ces_summary', '(SELECT ces10c_w FROM hostile.st_scale)', 'SELECT * FROM hostile.r_10c_w', 5, 'trans'),
	('ces_agg_invfn', 'integer', 'ces_summary', '(SELECT ces FROM hostile.st_scale)', 'SELECT * FROM hostile.r_5', 1, 'inv'),
	('ces_agg_invfn', 'integer, integer, integer', 'ces_summary', '(SELECT ces10 FROM hostile.st_scale)', 'SELECT * FROM hostile.r_10', 3, 'inv'),
	('ces_agg_invfn', 'integer, integer, integer, integer', 'ces_summary', '(SELECT ces10c FROM hostile.st_scale)', 'SELECT * FROM hostile.r_10c', 4, 'inv'),
	('churn_agg_transfn', 'date, date, daterange', 'churn_summary', '(SELECT d FROM hostile.st_churn)', 'SELECT * FROM hostile.r_churn_d', 3, 'trans'),
	('churn_agg_transfn', 'timestamp, timestamp, tsrange', 'churn_summary', '(SELECT ts FROM hostile.st_churn)', 'SELECT * FROM hostile.r_churn_ts', 3, 'trans'),
	('churn_agg_transfn', 'timestamptz, timestamptz, tstzrange', 'churn_summary', '(SELECT tz FROM hostile.st_churn)', 'SELECT * FROM hostile.r_churn_tz', 3, 'trans'),
	('churn_agg_invfn', 'date, date, daterange', 'churn_summary', '(SELECT d FROM hostile.st_churn)', 'SELECT * FROM hostile.r_churn_d', 3, 'inv'),
	('churn_agg_invfn', 'timestamp, timestamp, tsrange', 'churn_summary', '(SELECT ts FROM hostile.st_churn)', 'SELECT * FROM hostile.r_churn_ts', 3, 'inv'),
	('churn_agg_invfn', 'timestamptz, timestamptz, tstzrange', 'churn_summary', '(SELECT tz FROM hostile.st_churn)', 'SELECT * FROM hostile.r_churn_tz', 3, 'inv'),
	('churn_series_transfn', 'date, date, date, interval, integer', 'churn_series', $s$(SELECT v FROM hostile.st_series WHERE label = 'compressed')$s$, 'SELECT * FROM hostile.r_series', 5, 'trans'),
	('churn_series_transfn', 'date, date, date, interval, integer', 'churn_series', $s$(SELECT v FROM hostile.st_series_ext)$s$, 'SELECT * FROM hostile.r_series', 5, 'trans'),
	('churn_series_transfn', 'date, date, date, interval, integer', 'churn_series', $s$(SELECT v FROM hostile.st_series1)$s$, 'SELECT * FROM hostile.r_series1', 5, 'trans'),
	('churn_series_transfn', 'timestamptz, timestamptz, timestamptz, interval, integer', 'churn_series',
	 $s$(SELECT churn_series_agg(timestamptz '2000-03-01 00:00+00', NULL::timestamptz, timestamptz '2000-01-01 00:00+00', '1 month', 400))$s$, 'SELECT * FROM hostile.r_series_tz', 5, 'trans'),
	('churn_series_transfn', 'timestamp, timestamp, timestamp, interval, integer', 'churn_series',
	 $s$(SELECT churn_series_agg(timestamp '2000-03-01', NULL::timestamp, timestamp '2000-01-01', '1 day', 10000))$s$, 'SELECT * FROM hostile.r_series_ts', 5, 'trans'),
	('revenue_agg_transfn', 'numeric, numeric', 'revenue_summary', '(SELECT r FROM hostile.st_rev)', 'SELECT * FROM hostile.r_rev', 2, 'trans'),
	('revenue_agg_invfn', 'numeric, numeric', 'revenue_summary', '(SELECT r FROM hostile.st_rev)', 'SELECT * FROM hostile.r_rev', 2, 'inv');

-- combine functions, their rollup inverses, fed stored summaries as rows
CREATE VIEW r_nps_s AS SELECT i, CASE WHEN i = 1 THEN (SELECT nps FROM st_scale) ELSE nps_agg(i + 5) END AS a1 FROM generate_series(1, 3) i GROUP BY i;
CREATE VIEW r_nps_ws AS SELECT i, (SELECT nps_w FROM st_scale) AS a1 FROM generate_series(1, 3) i;
CREATE VIEW r_csat_s AS SELECT i, (SELECT csat FROM st_scale) AS a1 FROM generate_series(1, 3) i;
CREATE VIEW r_ces_s AS SELECT i, (SELECT ces10 FROM st_scale) AS a1 FROM generate_series(1, 3) i;
CREATE VIEW r_ces_ws AS SELECT i, (SELECT ces10_w FROM st_scale) AS a1 FROM generate_series(1, 3) i;
CREATE VIEW r_churn_s AS SELECT i, (SELECT d FROM st_churn) AS a1 FROM generate_series(1, 3) i;
CREATE VIEW r_series_s AS SELECT i, (SELECT v FROM st_series WHERE label = 'compressed') AS a1 FROM generate_series(1, 3) i;
CREATE VIEW r_series_es AS SELECT i, (SELECT v FROM st_series_ext) AS a1 FROM generate_series(1, 3) i;
CREATE VIEW r_rev_s AS SELECT i, (SELECT r FROM st_rev) AS a1 FROM generate_series(1, 3) i;
INSERT INTO cases VALUES
	('nps_summary_add', 'nps_summary', 'nps_summary', '(SELECT nps FROM hostile.st_scale)', 'SELECT * FROM hostile.r_nps_s', 1, 'trans'),
	('nps_summary_add', 'nps_summary', 'nps_summary', '(SELECT nps FROM hostile.st_scale)', 'SELECT * FROM hostile.r_nps_ws', 1, 'trans'),
	('nps_summary_rollup_invfn', 'nps_summary', 'nps_summary', '(SELECT nps + nps FROM hostile.st_scale)', 'SELECT * FROM hostile.r_nps_s', 1, 'inv'),
	('csat_summary_add', 'csat_summary', 'csat_summary', '(SELECT csat FROM hostile.st_scale)', 'SELECT * FROM hostile.r_csat_s', 1, 'trans'),
	('csat_summary_rollup_invfn', 'csat_summary', 'csat_summary', '(SELECT csat + csat FROM hostile.st_scale)', 'SELECT * FROM hostile.r_csat_s', 1, 'inv'),
	('ces_summary_add', 'ces_summary', 'ces_summary', '(SELECT ces10_w FROM hostile.st_scale)', 'SELECT * FROM hostile.r_ces_ws', 1, 'trans'),
	('ces_summary_rollup_invfn', 'ces_summary', 'ces_summary', '(SELECT ces10 + ces10 FROM hostile.st_scale)', 'SELECT * FROM hostile.r_ces_s', 1, 'inv'),
	('churn_summary_add', 'churn_summary', 'churn_summary', '(SELECT d FROM hostile.st_churn)', 'SELECT * FROM hostile.r_churn_s', 1, 'trans'),
	('churn_summary_rollup_invfn', 'churn_summary', 'churn_summary', '(SELECT d + d FROM hostile.st_churn)', 'SELECT * FROM hostile.r_churn_s', 1, 'inv'),
	('churn_series_add', 'churn_series', 'churn_series', $s$(SELECT v FROM hostile.st_series WHERE label = 'compressed')$s$, 'SELECT * FROM hostile.r_series_s', 1, 'trans'),
	('churn_series_add', 'churn_series', 'churn_series', $s$(SELECT v FROM hostile.st_series_ext)$s$, 'SELECT * FROM hostile.r_series_es', 1, 'trans'),
	('revenue_summary_add', 'revenue_summary', 'revenue_summary', '(SELECT r FROM hostile.st_rev)', 'SELECT * FROM hostile.r_rev_s', 1, 'trans'),
	('revenue_summary_rollup_invfn', 'revenue_summary', 'revenue_summary', '(SELECT r + r FROM hostile.st_rev)', 'SELECT * FROM hostile.r_rev_s', 1, 'inv');

-- order values: the stored state holds amounts from -5 to 100.5, the rows
-- lie strictly inside (the inverse restarts, NULL, at the min or max);
-- wide = o + o + 20 o, so that both frames of the inverse case can remove o
CREATE TABLE st_ov AS
SELECT order_value_agg(x) AS o, order_value_agg(x) + order_value_agg(x) + order_value_agg(x * 20) AS wide
FROM (VALUES (10), (20.00), (30), (25), (-5), (100.5)) v(x);
CREATE VIEW r_ov AS SELECT * FROM (VALUES (1, 20::numeric), (2, 25), (3, 12.5)) x(i, a1);
CREATE VIEW r_ov_s AS SELECT i, (SELECT o FROM st_ov) AS a1 FROM generate_series(1, 3) i;
INSERT INTO cases VALUES
	('order_value_agg_transfn', 'numeric', 'order_value_summary', '(SELECT o FROM hostile.st_ov)', 'SELECT * FROM hostile.r_ov', 1, 'trans'),
	('order_value_agg_mtransfn', 'numeric', 'order_value_summary', '(SELECT o FROM hostile.st_ov)', 'SELECT * FROM hostile.r_ov', 1, 'trans'),
	('order_value_agg_invfn', 'numeric', 'order_value_summary', '(SELECT o FROM hostile.st_ov)', 'SELECT * FROM hostile.r_ov', 1, 'inv'),
	('order_value_summary_add', 'order_value_summary', 'order_value_summary', '(SELECT o FROM hostile.st_ov)', 'SELECT * FROM hostile.r_ov_s', 1, 'trans'),
	('order_value_summary_rollup_invfn', 'order_value_summary', 'order_value_summary', '(SELECT wide FROM hostile.st_ov)', 'SELECT * FROM hostile.r_ov_s', 1, 'inv');
-- rates (rate_summary, on the scale core): stored summaries, unweighted
-- and weighted, as states of the transitions, the inverse and the combine
CREATE TABLE st_rate AS
SELECT rate_agg(s % 3 = 0) AS r, rate_agg(s % 3 = 0, 1.5) AS r_w
FROM generate_series(0, 10) s;
CREATE VIEW r_rate AS SELECT * FROM (VALUES (1, true), (2, false), (3, true)) x(i, a1);
CREATE VIEW r_rate_w AS SELECT * FROM (VALUES (1, true, 2.0::float8), (2, false, 0.5), (3, true, 1.0)) x(i, a1, a2);
CREATE VIEW r_rate_s AS SELECT i, (SELECT r FROM st_rate) AS a1 FROM generate_series(1, 3) i;
CREATE VIEW r_rate_ws AS SELECT i, (SELECT r_w FROM st_rate) AS a1 FROM generate_series(1, 3) i;
INSERT INTO cases VALUES
	('rate_agg_transfn', 'boolean', 'rate_summary', '(SELECT r FROM hostile.st_rate)', 'SELECT * FROM hostile.r_rate', 1, 'trans'),
	('rate_agg_transfn', 'boolean, float8', 'rate_summary', '(SELECT r_w FROM hostile.st_rate)', 'SELECT * FROM hostile.r_rate_w', 2, 'trans'),
	('rate_agg_transfn', 'boolean, float8', 'rate_summary', '(SELECT r FROM hostile.st_rate)', 'SELECT * FROM hostile.r_rate_w', 2, 'trans'),
	('rate_agg_invfn', 'boolean', 'rate_summary', '(SELECT r FROM hostile.st_rate)', 'SELECT * FROM hostile.r_rate', 1, 'inv'),
	('rate_summary_add', 'rate_summary', 'rate_summary', '(SELECT r FROM hostile.st_rate)', 'SELECT * FROM hostile.r_rate_ws', 1, 'trans'),
	('rate_summary_rollup_invfn', 'rate_summary', 'rate_summary', '(SELECT r + r FROM hostile.st_rate)', 'SELECT * FROM hostile.r_rate_s', 1, 'inv');

-- Every exported transition, inverse and combine function has a case.
SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS missing
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'cxkpi'
WHERE p.proname ~ '(_transfn|_invfn|_add)$'
  AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.fn = p.proname
                  AND (SELECT array_agg(format_type(t, NULL)) FROM unnest(p.proargtypes[1:]) t)
                      = (SELECT array_agg(format_type(x::regtype, NULL)) FROM unnest(string_to_array(c.argtypes, ', ')) x))
ORDER BY 1;

SELECT fn, argtypes, kind, pg_temp.run_case(fn, argtypes, stype, stored, rows, nargs, kind) AS outcome
FROM cases ORDER BY fn, argtypes, kind, stored;

-- ---------------------------------------------------------------------
-- Crafted states of the wrong family, size or scale, and crafted INITCONDs.
-- ---------------------------------------------------------------------

-- another family's transition over this type: no such function (42883)
SELECT pg_temp.err($q$ CREATE AGGREGATE pg_temp.wrong_family(integer) (SFUNC = csat_agg_transfn, STYPE = nps_summary) $q$);
-- an INITCOND goes through the type's validating input: malformed is 22P02,
-- another family's text is 22P02 too (NPS text has no scale)
-- (checked when the aggregate is created)
SELECT pg_temp.err($q$ CREATE AGGREGATE pg_temp.init_bad(integer) (SFUNC = nps_agg_transfn, STYPE = nps_summary,
	INITCOND = 'v1;counts=1,2,3') $q$);
SELECT pg_temp.err($q$ CREATE AGGREGATE pg_temp.init_csat(integer) (SFUNC = nps_agg_transfn, STYPE = nps_summary,
	INITCOND = 'v1;scale=1..5;cutoff=4;counts=1,1,1,1,1') $q$);
-- a valid crafted INITCOND is counted on: 5 promoters (score 10) given,
-- then 9, 10, 3, 0: promoters 7, detractors 2, n = 9, NPS = 100 (7 - 2) / 9
CREATE AGGREGATE pg_temp.init_ok(integer) (SFUNC = nps_agg_transfn, STYPE = nps_summary,
	INITCOND = 'v1;counts=0,0,0,0,0,0,0,0,0,0,5');
SELECT promoters(s), detractors(s), responses(s), round(nps(s)::numeric, 10) AS nps,
       round(100 * (7 - 2) / 9.0, 10) AS by_hand
FROM (SELECT pg_temp.init_ok(x) AS s FROM (VALUES (9), (10), (3), (0)) v(x)) q;
-- a weighted crafted INITCOND, then unweighted rows (each weighs 1):
-- sumw at 10 = 2.5 + 1 = 3.5, total weight 3.5 + 1 (the 0) = 4.5
CREATE AGGREGATE pg_temp.init_w(integer) (SFUNC = nps_agg_transfn, STYPE = nps_summary,
	INITCOND = 'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,2.5;sumw2=0,0,0,0,0,0,0,0,0,0,6.25');
SELECT total_weight(s), responses(s)
FROM (SELECT pg_temp.init_w(x) AS s FROM (VALUES (10), (0)) v(x)) q;
-- a combine-as-transition over summaries of two CSAT scales: 22023
CREATE AGGREGATE pg_temp.mixed(csat_summary) (SFUNC = csat_summary_add, STYPE = csat_summary);
SELECT pg_temp.err($q$ SELECT pg_temp.mixed(s) FROM (SELECT csat_agg(5) UNION ALL SELECT csat_agg(5, 1, 7)) v(s) $q$);
-- a stored series of another step than the arguments (same number of
-- periods, other bounds): 22023, not a misread
CREATE TABLE t_weekly AS
SELECT churn_series_agg(date '2010-06-15', NULL::date, date '2000-01-01', '7 days', 10000) AS s;
CREATE FUNCTION pg_temp.inv_weekly(churn_series, date, date, date, interval, int) RETURNS churn_series
	LANGUAGE sql AS 'SELECT s FROM hostile.t_weekly';
CREATE AGGREGATE pg_temp.evil_weekly(date, date, date, interval, int) (
	SFUNC = churn_series_transfn, STYPE = churn_series,
	MSFUNC = churn_series_transfn, MINVFUNC = pg_temp.inv_weekly, MSTYPE = churn_series);
SELECT left(pg_temp.err($q$
	SELECT pg_temp.evil_weekly(d, NULL, '2000-01-01', '1 day', 10000) OVER (ORDER BY i ROWS 1 PRECEDING)
	FROM generate_series(1, 3) i, LATERAL (SELECT date '1999-01-01' + i) x(d) $q$), 53) AS outcome;
