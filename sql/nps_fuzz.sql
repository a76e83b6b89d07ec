--
-- Fuzzing the nps_summary input functions with deterministic random
-- mutations of valid values.  The only acceptable outcomes are: the input
-- is rejected with 22P02 (text) / 22P03 (binary), or it is accepted and the
-- value is valid (it round-trips through its canonical text and every
-- accessor works).  Anything else -- another error code, a round-trip
-- mismatch, or a crash of the backend -- fails this test.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA nps_fuzz;
SET search_path = nps_fuzz, public;

SELECT setseed(0.20261122);

-- accepted values must be fully usable
CREATE FUNCTION pg_temp.check_value(s nps_summary) RETURNS text LANGUAGE plpgsql AS $$
DECLARE x float8; j jsonb;
BEGIN
	IF s::text::nps_summary <> s OR s::text::nps_summary::text <> s::text THEN
		RETURN 'round trip mismatch: ' || s::text;
	END IF;
	x := coalesce(nps(s), 0) + coalesce(std_error(s), 0) + coalesce(ci_lower(s), 0)
	   + coalesce(ci_upper(s), 0) + coalesce(mean_score(s), 0) + coalesce(effective_n(s), 0)
	   + responses(s) + promoters(s) + coalesce(p_value(s, s), 0);
	j := s::jsonb;
	PERFORM s + s;
	RETURN 'accepted';
EXCEPTION WHEN numeric_value_out_of_range THEN
	-- s + s may legitimately overflow the response count
	RETURN 'accepted';
END $$;

CREATE FUNCTION pg_temp.mutate_text(t text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	alphabet text := '0123456789,;=.e-+vsx ';
	pos int;
	op int := floor(random() * 7)::int;
	c text := substr(alphabet, 1 + floor(random() * length(alphabet))::int, 1);
BEGIN
	pos := 1 + floor(random() * greatest(length(t), 1))::int;
	CASE op
		WHEN 0 THEN RETURN overlay(t placing c from pos for 1);          -- replace
		WHEN 1 THEN RETURN overlay(t placing '' from pos for 1);         -- delete
		WHEN 2 THEN RETURN overlay(t placing c from pos for 0);          -- insert
		WHEN 3 THEN RETURN left(t, pos);                                 -- truncate
		WHEN 4 THEN RETURN t || substr(t, pos, 1 + floor(random() * 12)::int);  -- append a piece
		WHEN 5 THEN RETURN overlay(t placing repeat('9', 1 + floor(random() * 25)::int) from pos for 1);  -- big numbers
		ELSE
			-- numbers that wrap in 64 bits into range: 2^64 + 5, 2^65 + 7
			RETURN overlay(t placing (ARRAY['18446744073709551621', '36893488147419103239',
			                               '9223372036854775808', '838488366986797801'])[1 + floor(random() * 4)::int]
			               from pos for 1);
	END CASE;
END $$;

-- The numbers a text form says, key by key, as values: counts as numeric
-- (exact at any length), weight sums as float8 (-0 read as 0, as the
-- canonical form writes it).  For an accepted input they
-- must equal those of its canonical text: a count that wrapped or was
-- truncated while parsing shows up here even though it round-trips.
CREATE FUNCTION pg_temp.numbers(t text) RETURNS text LANGUAGE sql AS $$
SELECT string_agg(m[1] || '=' || (SELECT string_agg(CASE WHEN m[1] = 'counts' THEN x::numeric::text
                                                         ELSE (x::float8 + 0.0)::text END, ',' ORDER BY o)
                                  FROM unnest(string_to_array(m[2], ',')) WITH ORDINALITY u(x, o)),
                  ';' ORDER BY m[1])
FROM regexp_matches(t, '(counts|sumw|sumw2)=([^;]*)', 'g') m
$$;

-- 'accepted', or what the parse check found: the numbers written differ
-- from the numbers read
CREATE FUNCTION pg_temp.parse_check(t text, s nps_summary) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	IF pg_temp.numbers(t) IS DISTINCT FROM pg_temp.numbers(s::text) THEN
		RETURN 'misparsed: wrote ' || pg_temp.numbers(t) || ', read ' || pg_temp.numbers(s::text);
	END IF;
	RETURN 'accepted';
EXCEPTION WHEN OTHERS THEN
	RETURN 'parse check failed: ' || SQLERRM;
END $$;

CREATE TEMP TABLE fuzz_outcomes (kind text, outcome text);

DO $$
DECLARE
	seeds text[] := ARRAY[
		'v1;counts=1,0,0,1,0,1,1,2,1,3,2',
		'v1;counts=0,0,0,0,0,0,0,0,0,0,0',
		'v1;counts=5,0,0,0,0,0,0,0,7,0,838488366986797000',
		'v1;counts=0,0,0,0,0,0,0,0,0,3,1;sumw=0,0,0,0,0,0,0,0,0,0.30000000000000004,0.1;sumw2=0,0,0,0,0,0,0,0,0,0.030000000000000006,0.010000000000000002'];
	t text;
	s nps_summary;
	i int;
	k int;
	res text;
BEGIN
	FOR i IN 1..4000 LOOP
		t := seeds[1 + (i % array_length(seeds, 1))];
		FOR k IN 1..(1 + floor(random() * 3)::int) LOOP
			t := pg_temp.mutate_text(t);
		END LOOP;
		BEGIN
			s := t::nps_summary;
			res := pg_temp.check_value(s);
			IF res = 'accepted' THEN
				res := pg_temp.parse_check(t, s);
			END IF;
		EXCEPTION WHEN OTHERS THEN
			res := SQLSTATE;
		END;
		INSERT INTO fuzz_outcomes VALUES ('text', res);
	END LOOP;
END $$;

-- binary: mutate the bytes of valid send() output and COPY them in
CREATE TABLE fuzz_recv (s nps_summary);
DO $$
DECLARE
	seeds bytea[] := ARRAY[
		nps_summary_send('v1;counts=1,0,0,1,0,1,1,2,1,3,2'),
		nps_summary_send('v1;counts=0,0,0,0,0,0,0,0,0,0,0'),
		nps_summary_send('v1;counts=0,0,0,0,0,0,0,0,0,3,1;sumw=0,0,0,0,0,0,0,0,0,0.30000000000000004,0.1;sumw2=0,0,0,0,0,0,0,0,0,0.030000000000000006,0.010000000000000002')];
	b bytea;
	i int;
	k int;
	pos int;
	op int;
	res text;
	s nps_summary;
	path text := current_setting('data_directory') || '/cxkpi_fuzz.bin';
BEGIN
	FOR i IN 1..1500 LOOP
		b := seeds[1 + (i % array_length(seeds, 1))];
		FOR k IN 1..(1 + floor(random() * 3)::int) LOOP
			IF length(b) = 0 THEN
				b := '\x01'::bytea;
			END IF;
			pos := floor(random() * length(b))::int;
			op := floor(random() * 10)::int;
			IF op < 6 THEN
				-- small structural fields are the interesting ones: bias to the header
				IF op < 3 THEN pos := floor(random() * least(12, length(b)))::int; END IF;
				b := set_byte(b, pos, floor(random() * 256)::int);
			ELSIF op < 8 THEN
				b := substring(b from 1 for pos);
			ELSE
				b := b || substring(b from 1 + pos for 1 + floor(random() * 16)::int);
			END IF;
		END LOOP;
		BEGIN
			EXECUTE format('COPY (SELECT %L::bytea) TO %L WITH (FORMAT binary)', b, path);
			TRUNCATE fuzz_recv;
			EXECUTE format('COPY fuzz_recv FROM %L WITH (FORMAT binary)', path);
			SELECT fuzz_recv.s INTO s FROM fuzz_recv;
			res := pg_temp.check_value(s);
		EXCEPTION WHEN OTHERS THEN
			res := SQLSTATE;
		END;
		INSERT INTO fuzz_outcomes VALUES ('binary', res);
	END LOOP;
END $$;

-- Only the allowed outcome classes appear, and all iterations ran.
SELECT kind,
       count(*) AS iterations,
       count(*) FILTER (WHERE outcome NOT IN ('accepted', CASE kind WHEN 'text' THEN '22P02' ELSE '22P03' END)) AS unexpected,
       count(*) FILTER (WHERE outcome = 'accepted') > 0 AS some_accepted,
       count(*) FILTER (WHERE outcome <> 'accepted') > 0 AS some_rejected
FROM fuzz_outcomes GROUP BY kind ORDER BY kind;
-- show any unexpected outcome in full
SELECT kind, outcome, count(*) FROM fuzz_outcomes
WHERE outcome NOT IN ('accepted', '22P02', '22P03') GROUP BY 1, 2 ORDER BY 1, 2;
