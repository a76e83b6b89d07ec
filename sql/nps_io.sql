--
-- nps_summary text and binary I/O: canonical output, exact round trips,
-- COPY in both formats, and an exhaustive list of malformed inputs, each of
-- which must be a clean 22P02 (text) or 22P03 (binary) error.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA nps_io;
SET search_path = nps_io, public;

\i sql/include/err.sql

-- ---------------------------------------------------------------------
-- Text form
-- ---------------------------------------------------------------------
SELECT 'v1;counts=1,0,0,1,0,1,1,2,1,3,2'::nps_summary;
-- surrounding white space is allowed; leading zeros are not canonical
SELECT '  v1;counts=01,0,0,0,0,0,0,0,0,0,0 	'::nps_summary;
-- weighted: sums printed shortest-exact and read back bit for bit
SELECT 'v1;counts=0,0,0,0,0,0,0,0,0,3,1;sumw=0,0,0,0,0,0,0,0,0,0.30000000000000004,0.1;sumw2=0,0,0,0,0,0,0,0,0,0.030000000000000006,0.010000000000000002'::nps_summary;
SELECT s::text::nps_summary = s AS round_trip, s::text = t AS canonical
FROM (SELECT nps_agg(v, w) s,
             nps_agg(v, w)::text t
      FROM (VALUES (9, 0.1::float8), (9, 0.1), (9, 0.1), (10, 1.0 / 3), (0, 1e-150),
                   (3, 1e150), (3, 1.7e-150), (7, 123456.789)) x(v, w)) t;
-- exponents and signs on sums are accepted and canonicalised
SELECT 'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,1E+0;sumw2=0,0,0,0,0,0,0,0,0,0,+1.000e0'::nps_summary;
SELECT 'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=-0,0,0,0,0,0,0,0,0,0,1e-150;sumw2=-0,0,0,0,0,0,0,0,0,0,1e-300'::nps_summary;
-- a weighted summary with no weight at all stays weighted
SELECT 'v1;counts=0,0,0,0,0,0,0,0,0,0,0;sumw=0,0,0,0,0,0,0,0,0,0,0;sumw2=0,0,0,0,0,0,0,0,0,0,0'::nps_summary;

-- Malformed text: every one a 22P02 with a detail.
SELECT i, pg_temp.err(format('SELECT %L::nps_summary', t)) AS result
FROM unnest(ARRAY[
	'',
	'   ',
	'v',
	'v1',
	'v1;',
	'v1;counts',
	'v1;counts=',
	'V1;counts=0,0,0,0,0,0,0,0,0,0,0',
	'1;counts=0,0,0,0,0,0,0,0,0,0,0',
	'v0;counts=0,0,0,0,0,0,0,0,0,0,0',
	'v2;counts=0,0,0,0,0,0,0,0,0,0,0',
	'v-1;counts=0,0,0,0,0,0,0,0,0,0,0',
	'v256;counts=0,0,0,0,0,0,0,0,0,0,0',
	'v1,counts=0,0,0,0,0,0,0,0,0,0,0',
	'v1 ;counts=0,0,0,0,0,0,0,0,0,0,0',
	'v1;counts =0,0,0,0,0,0,0,0,0,0,0',
	'v1;counts= 0,0,0,0,0,0,0,0,0,0,0',
	'v1;Counts=0,0,0,0,0,0,0,0,0,0,0',
	'v1;count=0,0,0,0,0,0,0,0,0,0,0',
	'v1;counts=0,0,0,0,0,0,0,0,0,0',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,0,0',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,',
	'v1;counts=,0,0,0,0,0,0,0,0,0,0',
	'v1;counts=0,,0,0,0,0,0,0,0,0,0',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,-1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,+1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1.0',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1e3',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,x',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,0x1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,9223372036854775808',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,99999999999999999999999',
	'v1;counts=0,0,0,0,0,0,0,0,0,838488366986797801,0',
	'v1;counts=20000000000000000000,0,0,0,0,0,0,0,0,0,0',
	'v1;counts=18446744073709551621,0,0,0,0,0,0,0,0,0,0',
	'v18446744073709551617;counts=1,0,0,0,0,0,0,0,0,0,0',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,1;sumw2=0,0,0,0,0,0,0,0,0,0,0.25',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,1;sumw2=0,0,0,0,0,0,0,0,0,0,4',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,1;sumw2=0,0,0,0,0,0,0,0,0,0,0',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,1e-200;sumw2=0,0,0,0,0,0,0,0,0,0,0',
	'v1;counts=1,0,0,0,0,0,0,0,0,0,1;sumw=1e308,0,0,0,0,0,0,0,0,0,1.7e308;sumw2=1,0,0,0,0,0,0,0,0,0,1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,0;',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,0 x',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,0x',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,0' || chr(160),
	'v1;scale=0..10;cutoff=9;counts=0,0,0,0,0,0,0,0,0,0,0',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,0;counts=0,0,0,0,0,0,0,0,0,0,0',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,1;',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw2=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,1;sumw2=0,0,0,0,0,0,0,0,0,0,1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,1;sumw2=0,0,0,0,0,0,0,0,0,0,1,0',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,-1;sumw2=0,0,0,0,0,0,0,0,0,0,1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,nan;sumw2=0,0,0,0,0,0,0,0,0,0,1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,NaN;sumw2=0,0,0,0,0,0,0,0,0,0,1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,inf;sumw2=0,0,0,0,0,0,0,0,0,0,1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,Infinity;sumw2=0,0,0,0,0,0,0,0,0,0,1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,1e309;sumw2=0,0,0,0,0,0,0,0,0,0,1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,1e-400;sumw2=0,0,0,0,0,0,0,0,0,0,1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,0x1p3;sumw2=0,0,0,0,0,0,0,0,0,0,1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,1..2;sumw2=0,0,0,0,0,0,0,0,0,0,1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,1e;sumw2=0,0,0,0,0,0,0,0,0,0,1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,.;sumw2=0,0,0,0,0,0,0,0,0,0,1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,' || repeat('1', 70) || ';sumw2=0,0,0,0,0,0,0,0,0,0,1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=1,0,0,0,0,0,0,0,0,0,1;sumw2=0,0,0,0,0,0,0,0,0,0,1',
	'v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,1;sumw2=0,0,0,0,0,0,0,0,0,0.5,1'
]) WITH ORDINALITY AS x(t, i)
ORDER BY i;
-- a very long number (the message repeats the input, so show its start)
SELECT left(pg_temp.err(format('SELECT %L::nps_summary', 'v1;counts=' || repeat('1', 100000))), 70);
-- a NUL byte cannot even reach the input function (text cannot hold it)

-- ---------------------------------------------------------------------
-- Binary form: send, and receive through binary COPY of crafted bytes
-- ---------------------------------------------------------------------
SELECT nps_summary_send('v1;counts=1,0,0,0,0,0,0,0,0,2,3');
SELECT nps_summary_send('v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,0.5;sumw2=0,0,0,0,0,0,0,0,0,0,0.25');

CREATE TABLE recv_t (s nps_summary);
-- Feed raw bytes to nps_summary_recv: COPY a bytea out in binary format
-- (its field bytes are the raw bytes), then COPY it in as nps_summary.
\i sql/include/recv.sql

-- valid bytes are read back
SELECT pg_temp.recv(nps_summary_send('v1;counts=1,0,0,0,0,0,0,0,0,2,3'));
SELECT pg_temp.recv(nps_summary_send('v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,0.1;sumw2=0,0,0,0,0,0,0,0,0,0,0.010000000000000002'));

-- Malformed binary: every one a 22P03 with a detail.
-- u = a valid unweighted value, w = a valid weighted one (header 12 bytes:
-- version, family, flags, npoints, int16 scale_min, int16 cutoff, int32
-- reserved; then 11 int64 counts; then 11 float8 sumw and 11 float8 sumw2).
WITH v AS (
	SELECT nps_summary_send('v1;counts=1,0,0,0,0,0,0,0,0,2,3') u,
	       nps_summary_send('v1;counts=0,0,0,0,0,0,0,0,0,0,1;sumw=0,0,0,0,0,0,0,0,0,0,0.5;sumw2=0,0,0,0,0,0,0,0,0,0,0.25') w
)
SELECT label, pg_temp.recv(b) AS result
FROM v, LATERAL (VALUES
	('empty', ''::bytea),
	('one byte', '\x01'::bytea),
	('header only', substring(u from 1 for 12)),
	('truncated count', substring(u from 1 for length(u) - 1)),
	('trailing byte', u || '\x00'::bytea),
	('version 0', set_byte(u, 0, 0)),
	('version 2', set_byte(u, 0, 2)),
	('family 2', set_byte(u, 1, 2)),
	('family 0', set_byte(u, 1, 0)),
	('unknown flag', set_byte(u, 2, 2)),
	('weighted flag, no sums', set_byte(u, 2, 1)),
	('unweighted flag with sums', set_byte(w, 2, 0)),
	('npoints 10', set_byte(u, 3, 10)),
	('npoints 12', set_byte(u, 3, 12)),
	('npoints 0', set_byte(u, 3, 0)),
	('npoints 255', set_byte(u, 3, 255)),
	('scale_min 1', set_byte(u, 5, 1)),
	('scale_min -1', set_byte(set_byte(u, 4, 255), 5, 255)),
	('cutoff 8', set_byte(u, 7, 8)),
	('reserved set', set_byte(u, 11, 1)),
	('negative count', set_byte(u, 12, 128)),
	('count beyond the limit', overlay(overlay(u placing '\x4000000000000000'::bytea from 13)
	                                     placing '\x4000000000000000'::bytea from 21)),
	('negative sumw', set_byte(w, 12 + 88 + 80, 191)),
	('NaN sumw', overlay(w placing '\x7ff8000000000000'::bytea from 13 + 88 + 80)),
	('infinite sumw2', overlay(w placing '\x7ff0000000000000'::bytea from 13 + 176 + 80)),
	('sumw without count', overlay(w placing '\x3ff0000000000000'::bytea from 13 + 88))
) AS t(label, b);

-- ---------------------------------------------------------------------
-- COPY round trips, text and binary, on many generated summaries
-- ---------------------------------------------------------------------
CREATE TABLE io_src AS
SELECT g, nps_agg(v) AS u, nps_agg(v, w) AS w
FROM (SELECT i % 50 AS g,
             (hashint4(i) & 2147483647) % 11 AS v,
             ((hashint4(i + 7) & 65535) / 977.0)::float8 AS w
      FROM generate_series(1, 20000) i) t
GROUP BY g;
INSERT INTO io_src VALUES (50, 'v1;counts=0,0,0,0,0,0,0,0,0,0,0', 'v1;counts=0,0,0,0,0,0,0,0,0,0,0;sumw=0,0,0,0,0,0,0,0,0,0,0;sumw2=0,0,0,0,0,0,0,0,0,0,0'),
                          (51, NULL, NULL);

-- server-side files in the data directory (the path is not echoed)
SELECT current_setting('data_directory') AS datadir \gset
\set textfile :datadir '/cxkpi_io_text.copy'
\set binfile :datadir '/cxkpi_io_binary.copy'
COPY io_src TO :'textfile';
COPY io_src TO :'binfile' WITH (FORMAT binary);
CREATE TABLE io_text (LIKE io_src);
CREATE TABLE io_bin (LIKE io_src);
COPY io_text FROM :'textfile';
COPY io_bin FROM :'binfile' WITH (FORMAT binary);

SELECT count(*) AS rows,
       count(*) FILTER (WHERE a.u IS NOT DISTINCT FROM t.u AND a.w IS NOT DISTINCT FROM t.w) AS text_equal,
       count(*) FILTER (WHERE a.u IS NOT DISTINCT FROM b.u AND a.w IS NOT DISTINCT FROM b.w) AS binary_equal,
       count(*) FILTER (WHERE a.w::text IS NOT DISTINCT FROM b.w::text AND nps_summary_send(a.w) IS NOT DISTINCT FROM nps_summary_send(b.w)) AS bytes_equal
FROM io_src a JOIN io_text t USING (g) JOIN io_bin b USING (g);
-- text and binary agree with each other and with the accessors
SELECT bool_and(nps(u) IS NOT DISTINCT FROM nps(u::text::nps_summary)) AS nps_same,
       bool_and(std_error(w) IS NOT DISTINCT FROM std_error(w::text::nps_summary)) AS se_same
FROM io_src;
