--
-- Fuzzing the input functions of churn_summary, churn_series and
-- revenue_summary with deterministic random mutations of valid values (the
-- same method as nps_fuzz).  The only acceptable outcomes are: the input is
-- rejected with 22P02 (text) / 22P03 (binary), or it is accepted and the
-- value is valid: it round-trips through its canonical text, every accessor
-- works on it, its counts are consistent as the definitions require, and
-- s + s either works or fails with 22003 (a count or amount overflows).
-- Anything else -- another error code, a round-trip mismatch, a failing
-- accessor, inconsistent counts, or a crash of the backend -- fails this test,
-- and the last query shows each such outcome with its shortest input.
--
-- The session runs with a non-ISO DateStyle and a TimeZone west of UTC that
-- is not a whole number of hours from it (America/St_Johns, -03:30 / -02:30):
-- the canonical text must not depend on them, and period_start/period_end
-- (timestamptz, timestamps read in the session TimeZone) must work for every
-- accepted period, including timestamps at the top of the range.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA kpi_fuzz;
SET search_path = kpi_fuzz, public;
SET DateStyle = 'Postgres, DMY';
SET TimeZone = 'America/St_Johns';

SELECT setseed(0.20260417);

-- ---------------------------------------------------------------------
-- Checks of an accepted value.  Each returns 'accepted' or a description
-- of what is wrong; errors raised while checking are caught here, so that
-- they can never be mistaken for a rejection by the input function.
-- ---------------------------------------------------------------------

-- churn_summary: round trip, every accessor, and the count rules of the
-- definitions (0 <= C <= S, 0 <= NE <= N, retained = S - C,
-- E = S - C + N - NE, rates NULL exactly when S = 0, lo < hi).
CREATE FUNCTION pg_temp.check_churn_summary(s churn_summary) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	x float8;
	j jsonb;
	ps timestamptz;
	pe timestamptz;
	cs numeric; cc numeric; cn numeric; cne numeric; cr numeric; ce numeric;
	rate float8;
	step text;
BEGIN
	BEGIN
		step := 'round trip';
		IF s::text::churn_summary <> s OR s::text::churn_summary::text <> s::text THEN
			RETURN 'round trip mismatch: ' || s::text || ' -> ' || s::text::churn_summary::text;
		END IF;
		step := 'rates';
		rate := churn_rate(s);
		x := coalesce(rate, 0) + coalesce(retention_rate(s), 0) + coalesce(customer_retention_rate(s), 0)
		   + coalesce(std_error(s), 0) + coalesce(ci_lower(s), 0) + coalesce(ci_upper(s), 0)
		   + coalesce(p_value(s, s), 0);
		step := 'counts';
		cs := customers_at_start(s);
		cr := retained(s);
		cc := churned(s);
		cn := acquired(s);
		cne := acquired_ended(s);
		ce := customers_at_end(s);
		step := 'period_start';
		ps := period_start(s);
		step := 'period_end';
		pe := period_end(s);
		step := 'jsonb';
		j := s::jsonb;
	EXCEPTION WHEN OTHERS THEN
		RETURN step || ' failed: ' || SQLSTATE || ': ' || SQLERRM;
	END;
	IF NOT coalesce(cs >= 0 AND cc BETWEEN 0 AND cs AND cne BETWEEN 0 AND cn
	                AND cr = cs - cc AND ce = cs - cc + cn - cne
	                AND ps < pe AND (rate IS NULL) = (cs = 0), false) THEN
		RETURN format('inconsistent: S=%s C=%s N=%s NE=%s retained=%s E=%s period=[%s,%s) churn_rate=%s',
		              cs, cc, cn, cne, cr, ce, ps, pe, rate);
	END IF;
	BEGIN
		PERFORM s + s;
	EXCEPTION
		WHEN numeric_value_out_of_range THEN
			NULL;		-- s + s may legitimately overflow a count
		WHEN OTHERS THEN
			RETURN 's + s failed: ' || SQLSTATE || ': ' || SQLERRM;
	END;
	RETURN 'accepted';
END $$;

-- churn_series: round trip, periods, churn_period(s, 1), every row of
-- churn_periods(s) (one per period, its columns equal to the accessors of
-- its summary, each summary itself a valid churn_summary equal to
-- churn_period(s, i), consecutive periods), and s + s.
CREATE FUNCTION pg_temp.check_churn_series(s churn_series) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	np int;
	first churn_summary;
	nrows int;
	bad text;
	step text;
BEGIN
	BEGIN
		step := 'round trip';
		IF s::text::churn_series <> s OR s::text::churn_series::text <> s::text THEN
			RETURN 'round trip mismatch: ' || s::text || ' -> ' || s::text::churn_series::text;
		END IF;
		step := 'periods';
		np := periods(s);
		step := 'churn_period';
		first := churn_period(s, 1);
		step := 'churn_periods';
		SELECT count(*), string_agg(x.problem || ' (period ' || x.period || ')', '; ' ORDER BY x.period)
		INTO nrows, bad
		FROM (SELECT p.period,
		             CASE
		             WHEN p.period <> p.rn THEN 'period number out of sequence'
		             WHEN p.summary IS DISTINCT FROM churn_period(s, p.period) THEN 'summary <> churn_period'
		             WHEN pg_temp.check_churn_summary(p.summary) <> 'accepted' THEN pg_temp.check_churn_summary(p.summary)
		             WHEN (p.period_start, p.period_end, p.customers_at_start, p.retained, p.churned,
		                   p.acquired, p.acquired_ended, p.customers_at_end, p.churn_rate)
		                  IS DISTINCT FROM
		                  (period_start(p.summary), period_end(p.summary), customers_at_start(p.summary),
		                   retained(p.summary), churned(p.summary), acquired(p.summary),
		                   acquired_ended(p.summary), customers_at_end(p.summary), churn_rate(p.summary))
		                  THEN 'columns <> accessors'
		             WHEN (p.retention_rate IS NULL) <> (p.churn_rate IS NULL)
		               OR (p.customer_retention_rate IS NULL) <> (p.churn_rate IS NULL)
		               OR (p.std_error IS NULL) <> (p.churn_rate IS NULL)
		               OR (p.ci_lower IS NULL) <> (p.churn_rate IS NULL)
		               OR (p.ci_upper IS NULL) <> (p.churn_rate IS NULL) THEN 'rates NULL inconsistently'
		             WHEN p.period > 1 AND (p.period_start <> p.prev_end OR p.customers_at_start <> p.prev_at_end)
		                  THEN 'does not follow the previous period'
		             END AS problem
		      FROM (SELECT q.*, row_number() OVER (ORDER BY q.period) AS rn,
		                   lag(q.period_end) OVER (ORDER BY q.period) AS prev_end,
		                   lag(q.customers_at_end) OVER (ORDER BY q.period) AS prev_at_end
		            FROM churn_periods(s) q) p) x;
	EXCEPTION WHEN OTHERS THEN
		RETURN step || ' failed: ' || SQLSTATE || ': ' || SQLERRM;
	END;
	IF np IS NULL OR np < 1 OR first IS NULL OR nrows <> np OR bad IS NOT NULL THEN
		RETURN format('inconsistent: periods=%s churn_period(s, 1)=%s rows=%s %s', np, first, nrows, bad);
	END IF;
	BEGIN
		PERFORM s + s;
	EXCEPTION
		WHEN numeric_value_out_of_range THEN
			NULL;		-- s + s may legitimately overflow a count
		WHEN OTHERS THEN
			RETURN 's + s failed: ' || SQLSTATE || ': ' || SQLERRM;
	END;
	RETURN 'accepted';
END $$;

-- revenue_summary: round trip, every accessor of the "Revenue retention"
-- section, and the rules of the definitions: counts and amounts >= 0, the
-- expanded, contracted and churned accounts are among those at the start,
-- accounts at end = at start + new - churned, starting MRR is 0 exactly when
-- no account is there at the start, contraction + churned <= starting,
-- ending = starting + new + expansion - contraction - churned (exact),
-- GRR in 0..1 and NULL (with NRR) exactly when starting = 0.
CREATE FUNCTION pg_temp.check_revenue_summary(s revenue_summary) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	j jsonb;
	st numeric; en numeric; nw numeric; ex numeric; co numeric; ch numeric;
	grr float8; nrr float8;
	a_st numeric; a_en numeric; a_nw numeric; a_ex numeric; a_co numeric; a_ch numeric;
	step text;
BEGIN
	BEGIN
		step := 'round trip';
		IF s::text::revenue_summary <> s OR s::text::revenue_summary::text <> s::text THEN
			RETURN 'round trip mismatch: ' || s::text || ' -> ' || s::text::revenue_summary::text;
		END IF;
		step := 'amounts';
		st := starting_mrr(s);
		en := ending_mrr(s);
		nw := new_mrr(s);
		ex := expansion_mrr(s);
		co := contraction_mrr(s);
		ch := churned_mrr(s);
		step := 'retention';
		grr := gross_revenue_retention(s);
		nrr := net_revenue_retention(s);
		step := 'accounts';
		a_st := accounts_at_start(s);
		a_en := accounts_at_end(s);
		a_nw := new_accounts(s);
		a_ex := expanded_accounts(s);
		a_co := contracted_accounts(s);
		a_ch := churned_accounts(s);
		step := 'jsonb';
		j := s::jsonb;
	EXCEPTION WHEN OTHERS THEN
		RETURN step || ' failed: ' || SQLSTATE || ': ' || SQLERRM;
	END;
	IF NOT coalesce(least(st, nw, ex, co, ch, a_st, a_nw, a_ex, a_co, a_ch) >= 0
	                AND a_ex + a_co + a_ch <= a_st
	                AND a_en = a_st + a_nw - a_ch
	                AND (st = 0) = (a_st = 0)
	                AND co + ch <= st
	                AND en = st + nw + ex - co - ch
	                AND (grr IS NULL) = (st = 0) AND (nrr IS NULL) = (st = 0)
	                AND (grr IS NULL OR grr BETWEEN 0 AND 1), false) THEN
		RETURN format('inconsistent: accounts %s/%s/%s/%s/%s/%s amounts %s/%s/%s/%s/%s/%s grr=%s nrr=%s',
		              a_st, a_en, a_nw, a_ex, a_co, a_ch, st, en, nw, ex, co, ch, grr, nrr);
	END IF;
	BEGIN
		PERFORM s + s;
	EXCEPTION
		WHEN numeric_value_out_of_range THEN
			NULL;		-- s + s may legitimately overflow a count or an amount
		WHEN OTHERS THEN
			RETURN 's + s failed: ' || SQLSTATE || ': ' || SQLERRM;
	END;
	RETURN 'accepted';
END $$;

-- ---------------------------------------------------------------------
-- Mutations
-- ---------------------------------------------------------------------

-- one random edit of t, with characters from the format's alphabet
CREATE FUNCTION pg_temp.mutate_text(t text, alphabet text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	pos int;
	op int := floor(random() * 10)::int;
	c text := substr(alphabet, 1 + floor(random() * length(alphabet))::int, 1);
	limits text[] := ARRAY['4611686018427387903', '4611686018427387904', '9223372036854775807',
	                       '170141183460469231731687303715884105727', '00000000000000000000001',
	                       -- 2^64 + 5 and 2^65 + 7: they wrap in 64 bits into range
	                       '18446744073709551621', '36893488147419103239'];
BEGIN
	pos := 1 + floor(random() * greatest(length(t), 1))::int;
	CASE op
		WHEN 0 THEN RETURN overlay(t placing c from pos for 1);          -- replace
		WHEN 1 THEN RETURN overlay(t placing '' from pos for 1);         -- delete
		WHEN 2 THEN RETURN overlay(t placing c from pos for 0);          -- insert
		WHEN 3 THEN RETURN left(t, pos);                                 -- truncate
		WHEN 4 THEN RETURN t || substr(t, pos, 1 + floor(random() * 12)::int);  -- append a piece
		WHEN 5 THEN RETURN overlay(t placing substr(t, 1 + floor(random() * length(t))::int, 1 + floor(random() * 8)::int)
		                         from pos for 0);                        -- duplicate a piece elsewhere
		WHEN 6 THEN RETURN overlay(t placing limits[1 + floor(random() * array_length(limits, 1))::int]
		                         from pos for 1);                        -- numbers at the limits
		WHEN 7 THEN RETURN overlay(t placing repeat('9', 1 + floor(random() * 25)::int) from pos for 1);  -- big numbers
		ELSE
			-- another digit in place of one (dates, clock times, counts and
			-- amounts that stay well-formed; twice as likely as the others)
			WHILE pos <= length(t) AND substr(t, pos, 1) !~ '[0-9]' LOOP
				pos := pos + 1;
			END LOOP;
			RETURN overlay(t placing floor(random() * 10)::int::text from pos for 1);
	END CASE;
END $$;

-- one random edit of the bytes of b (biased to the first 12 bytes, where
-- the version, kind, scale and number of periods are)
CREATE FUNCTION pg_temp.mutate_bytes(b bytea) RETURNS bytea LANGUAGE plpgsql AS $$
DECLARE
	pos int;
	op int := floor(random() * 10)::int;
BEGIN
	IF length(b) = 0 THEN
		RETURN '\x01'::bytea;
	END IF;
	pos := floor(random() * length(b))::int;
	IF op < 6 THEN
		IF op < 3 THEN pos := floor(random() * least(12, length(b)))::int; END IF;
		RETURN set_byte(b, pos, floor(random() * 256)::int);
	ELSIF op < 8 THEN
		RETURN substring(b from 1 for pos);
	ELSE
		RETURN b || substring(b from 1 + pos for 1 + floor(random() * 16)::int);
	END IF;
END $$;

-- The numbers a text form says, key by key, as exact values (counts,
-- count lists and amounts as numeric, trailing zeros trimmed).  For an
-- accepted input they must equal those of its canonical text: a number
-- that wrapped or was truncated while parsing shows up here even though the
-- value round-trips (0.2.0 read at_start=18446744073709551621 as 5).
CREATE FUNCTION pg_temp.numbers(t text) RETURNS text LANGUAGE sql AS $$
SELECT string_agg(m[1] || '=' || (SELECT string_agg(trim_scale(x::numeric)::text, ',' ORDER BY o)
                                  FROM unnest(string_to_array(m[2], ',')) WITH ORDINALITY u(x, o)),
                  ';' ORDER BY m[1])
FROM regexp_matches(t, ';(at_start|churned|acquired|acquired_ended|scale|accounts_at_start|new_accounts|expanded_accounts|contracted_accounts|churned_accounts|starting|new|expansion|contraction)=([0-9.,]*)', 'g') m
$$;

CREATE TEMP TABLE fuzz_outcomes (typ text, kind text, input text, outcome text);

-- outcome of reading t as typ: 'accepted' (and valid), the SQLSTATE raised
-- by typ_in, or what the check found wrong
CREATE FUNCTION pg_temp.text_outcome(typ text, t text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	res text;
	canon text;
BEGIN
	-- the check catches its own errors: an error here comes from typ_in
	EXECUTE format('SELECT pg_temp.check_%s($1::%s)', typ, typ) INTO res USING t;
	IF res = 'accepted' THEN
		EXECUTE format('SELECT $1::%s::text', typ) INTO canon USING t;
		BEGIN
			IF pg_temp.numbers(t) IS DISTINCT FROM pg_temp.numbers(canon) THEN
				RETURN 'misparsed: wrote ' || pg_temp.numbers(t) || ', read ' || pg_temp.numbers(canon);
			END IF;
		EXCEPTION WHEN OTHERS THEN
			RETURN 'parse check failed: ' || SQLERRM;
		END;
	END IF;
	RETURN res;
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END $$;

-- text: up to three edits of a seed, then typ_in; accepted values are checked
CREATE FUNCTION pg_temp.fuzz_text(typ text, seeds text[], alphabet text, iterations int)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	t text;
	i int;
	k int;
BEGIN
	FOR i IN 1..iterations LOOP
		t := seeds[1 + (i % array_length(seeds, 1))];
		FOR k IN 1..(1 + floor(random() * 3)::int) LOOP
			t := pg_temp.mutate_text(t, alphabet);
		END LOOP;
		INSERT INTO fuzz_outcomes VALUES (typ, 'text', t, pg_temp.text_outcome(typ, t));
	END LOOP;
END $$;

-- binary: up to three edits of the bytes of valid send() output, COPY them
-- in through typ_recv (a bytea column written with FORMAT binary has
-- exactly these bytes as its field); accepted values are checked
CREATE FUNCTION pg_temp.fuzz_binary(typ text, seeds bytea[], iterations int)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	b bytea;
	i int;
	k int;
	res text;
	path text := current_setting('data_directory') || '/cxkpi_kpi_fuzz.bin';
BEGIN
	EXECUTE format('CREATE TEMP TABLE fuzz_recv_%s (s %s)', typ, typ);
	FOR i IN 1..iterations LOOP
		b := seeds[1 + (i % array_length(seeds, 1))];
		FOR k IN 1..(1 + floor(random() * 3)::int) LOOP
			b := pg_temp.mutate_bytes(b);
		END LOOP;
		BEGIN
			EXECUTE format('COPY (SELECT %L::bytea) TO %L WITH (FORMAT binary)', b, path);
			EXECUTE format('TRUNCATE fuzz_recv_%s', typ);
			EXECUTE format('COPY fuzz_recv_%s FROM %L WITH (FORMAT binary)', typ, path);
			res := NULL;
			-- the check catches its own errors: an error here comes from typ_recv
			EXECUTE format('SELECT pg_temp.check_%s(s) FROM fuzz_recv_%s', typ, typ) INTO res;
		EXCEPTION WHEN OTHERS THEN
			res := SQLSTATE;
		END;
		INSERT INTO fuzz_outcomes VALUES (typ, 'binary', encode(b, 'hex'), coalesce(res, 'no row'));
	END LOOP;
END $$;

-- ---------------------------------------------------------------------
-- Seeds: valid values in canonical text (date, timestamp with fractional
-- seconds and timestamptz periods; counts at the limit 4611686018427387903;
-- S = 0; periods at both ends of the allowed range, 0001-01-01 and 294276-12-31
-- 23:59:59.999999; revenue at scale 0, 2 and 20 and amounts near 2^127).
-- The seeds themselves must be accepted and valid: that is checked first.
-- ---------------------------------------------------------------------
CREATE TEMP TABLE seeds (typ text, seed text);
INSERT INTO seeds VALUES
	('churn_summary', 'v1;period=[2026-01-01,2026-02-01);at_start=4;churned=2;acquired=3;acquired_ended=1'),
	('churn_summary', 'v1;period=[2026-01-01 00:00:00,2026-01-01 12:00:00.5);at_start=13;churned=5;acquired=9;acquired_ended=4'),
	('churn_summary', 'v1;period=[2025-02-28 23:00:00+00,2025-03-31 22:00:00.123456+00);at_start=2636;churned=111;acquired=166;acquired_ended=1'),
	('churn_summary', 'v1;period=[2026-01-01,2026-02-01);at_start=4611686018427387903;churned=4611686018427387903;acquired=4611686018427387903;acquired_ended=0'),
	('churn_summary', 'v1;period=[0001-01-01,0001-02-01);at_start=0;churned=0;acquired=1;acquired_ended=0'),
	('churn_summary', 'v1;period=[294276-12-30 00:00:00,294276-12-31 00:00:00);at_start=7;churned=1;acquired=2;acquired_ended=0'),
	('churn_series', 'v1;bounds=2026-01-01,2026-02-01,2026-03-01,2026-04-01;at_start=4;churned=1,1,2;acquired=2,2,1;acquired_ended=1,0,1'),
	('churn_series', 'v1;bounds=2026-01-01 00:00:00,2026-01-01 12:00:00.5,2026-01-02 00:00:01;at_start=3;churned=1,2;acquired=1,0;acquired_ended=1,0'),
	('churn_series', 'v1;bounds=2026-03-08 05:00:00+00,2026-03-09 05:00:00.000001+00,2026-03-10 05:00:00.000002+00;at_start=1;churned=0,0;acquired=1,0;acquired_ended=1,0'),
	('churn_series', 'v1;bounds=2026-01-01,2026-02-01;at_start=4611686018427387903;churned=1;acquired=1;acquired_ended=0'),
	('churn_series', 'v1;bounds=2026-01-31,2026-02-28,2026-03-31,2026-04-30,2026-05-31,2026-06-30;at_start=4;churned=1,2,0,0,0;acquired=2,0,2,0,0;acquired_ended=0,0,1,0,0'),
	('churn_series', 'v1;bounds=0001-01-01 00:00:00+00,0001-01-01 00:00:00.000001+00,294276-12-31 00:00:00+00;at_start=2;churned=0,1;acquired=0,3;acquired_ended=0,1'),
	('churn_series', 'v1;bounds=294276-12-29 00:00:00,294276-12-30 00:00:00,294276-12-31 00:00:00;at_start=5;churned=1,0;acquired=0,1;acquired_ended=0,0'),
	('revenue_summary', 'v1;scale=0;accounts_at_start=3;new_accounts=1;expanded_accounts=1;contracted_accounts=1;churned_accounts=1;starting=450;new=80;expansion=50;contraction=30;churned=100'),
	('revenue_summary', 'v1;scale=2;accounts_at_start=3;new_accounts=1;expanded_accounts=1;contracted_accounts=1;churned_accounts=1;starting=450.26;new=19.99;expansion=50.25;contraction=29.50;churned=100.01'),
	('revenue_summary', 'v1;scale=20;accounts_at_start=3;new_accounts=1;expanded_accounts=1;contracted_accounts=1;churned_accounts=1;starting=1.99999999999999999999;new=0.00000000000000000001;expansion=0.50000000000000000000;contraction=0.23333333333333333333;churned=0.66666666666666666666'),
	('revenue_summary', 'v1;scale=0;accounts_at_start=1;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=170141183460469231731687303715884105727;new=0;expansion=0;contraction=0;churned=0'),
	('revenue_summary', 'v1;scale=0;accounts_at_start=0;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0;new=0;expansion=0;contraction=0;churned=0');

-- every seed is accepted and valid (else the fuzz below would mutate garbage)
SELECT typ, count(*) AS seeds,
       count(*) FILTER (WHERE pg_temp.text_outcome(typ, seed) = 'accepted') AS valid
FROM seeds GROUP BY typ ORDER BY typ;
-- show any invalid seed in full
SELECT typ, seed, pg_temp.text_outcome(typ, seed) AS outcome FROM seeds
WHERE pg_temp.text_outcome(typ, seed) <> 'accepted' ORDER BY typ, seed;

-- ---------------------------------------------------------------------
-- The fuzz: about 3000 text and 1000 binary iterations per type
-- ---------------------------------------------------------------------
SELECT pg_temp.fuzz_text('churn_summary',
                         (SELECT array_agg(seed) FROM seeds WHERE typ = 'churn_summary'),
                         '0123456789,;=[)-:. +', 3000);
SELECT pg_temp.fuzz_text('churn_series',
                         (SELECT array_agg(seed) FROM seeds WHERE typ = 'churn_series'),
                         '0123456789,;=-:. +', 3000);
SELECT pg_temp.fuzz_text('revenue_summary',
                         (SELECT array_agg(seed) FROM seeds WHERE typ = 'revenue_summary'),
                         '0123456789,;=-. +e', 3000);

SELECT pg_temp.fuzz_binary('churn_summary',
                           (SELECT array_agg(churn_summary_send(seed::churn_summary)) FROM seeds WHERE typ = 'churn_summary'),
                           1000);
SELECT pg_temp.fuzz_binary('churn_series',
                           (SELECT array_agg(churn_series_send(seed::churn_series)) FROM seeds WHERE typ = 'churn_series'),
                           1000);
SELECT pg_temp.fuzz_binary('revenue_summary',
                           (SELECT array_agg(revenue_summary_send(seed::revenue_summary)) FROM seeds WHERE typ = 'revenue_summary'),
                           1000);

-- Only the allowed outcome classes appear, and all iterations ran.
SELECT typ, kind,
       count(*) AS iterations,
       count(*) FILTER (WHERE outcome NOT IN ('accepted', CASE kind WHEN 'text' THEN '22P02' ELSE '22P03' END)) AS unexpected,
       count(*) FILTER (WHERE outcome = 'accepted') > 0 AS some_accepted,
       count(*) FILTER (WHERE outcome <> 'accepted') > 0 AS some_rejected
FROM fuzz_outcomes GROUP BY typ, kind ORDER BY typ, kind;
-- show any unexpected outcome in full, with how often it happened and its
-- shortest input (hex for binary)
SELECT typ, kind, outcome, count(*),
       (array_agg(input ORDER BY length(input), input))[1] AS shortest_input
FROM fuzz_outcomes
WHERE outcome NOT IN ('accepted', CASE kind WHEN 'text' THEN '22P02' ELSE '22P03' END)
GROUP BY typ, kind, outcome ORDER BY typ, kind, outcome;
