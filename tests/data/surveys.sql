-- Sample data for `make demo`: 300 000 survey responses, 2025-09-01 to
-- 2026-10-31 (14 months), each with an NPS answer (0..10) and, depending on
-- the touchpoint, a CSAT answer (1..5, after a purchase or a delivery) or a
-- CES 2.0 answer (1..7, after a support contact).  Plain SQL, deterministic:
-- every random draw is a hash of (row number, stream), so every run --
-- serial or parallel, on any platform -- loads exactly the same rows.
--
-- What is built into the sample (so the report has something to find):
--   * channel: the app scores highest, the call center lowest; the app's
--     share of responses grows from 30% to 40% over the period;
--   * touchpoint: support scores lowest, purchase highest; delivery dips in
--     December 2025 (holiday backlog);
--   * a slow upward trend, and a jump in the latest month (2026-10) on web
--     and app -- but not in the call center;
--   * about 3% of the rows have a NULL score (opened, not answered);
--   * a post-stratification weight, 0.5 to 2, that up-weights the
--     under-sampled call-center customers;
--   * CSAT ("How satisfied were you with ...?", 1..5) on purchase and
--     delivery answers, CES ("The company made it easy for me to handle my
--     issue", 1..7) on support answers; both follow the customer's NPS
--     answer (the same latent score, also where the NPS question was left
--     blank) plus noise, so they carry the same channel, touchpoint and time
--     effects; about 2.5% of the CSAT and 4% of the CES answers are missing.
--
-- Streams 1-8 draw the NPS columns and are untouched by the CSAT and CES
-- columns (streams 9-14): the NPS figures are the same with or without them.

SET TimeZone = 'UTC';
SET client_min_messages = warning;

DROP TABLE IF EXISTS survey_responses;

CREATE TABLE survey_responses (
	id			bigint PRIMARY KEY,
	customer_id	bigint NOT NULL,
	answered_at	timestamptz NOT NULL,
	channel		text NOT NULL CHECK (channel IN ('web', 'app', 'call-center')),
	touchpoint	text NOT NULL CHECK (touchpoint IN ('purchase', 'delivery', 'support')),
	score		integer CHECK (score BETWEEN 0 AND 10),	-- NULL: not answered
	weight		double precision NOT NULL CHECK (weight > 0),
	-- CSAT, asked after a purchase or a delivery; NULL elsewhere or not answered
	csat_score	integer CHECK (csat_score BETWEEN 1 AND 5)
				CHECK (csat_score IS NULL OR touchpoint <> 'support'),
	-- CES 2.0, asked after a support contact; NULL elsewhere or not answered
	ces_score	integer CHECK (ces_score BETWEEN 1 AND 7)
				CHECK (ces_score IS NULL OR touchpoint = 'support')
);

COMMENT ON TABLE survey_responses IS
	'cxkpi demo: deterministic sample of NPS, CSAT and CES survey responses (tests/data/surveys.sql)';

-- u(i, stream): a uniform draw in [0, 1), the same on every run and platform:
-- the low 32 bits of a hash of the row number seeded by the stream number
-- (the best-mixed word of hashint4extended's result; its high word shows
-- structure on consecutive inputs).
CREATE FUNCTION pg_temp.u(i integer, stream integer)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (hashint4extended(i, stream) & 4294967295)::double precision
	   / 4294967296.0;

INSERT INTO survey_responses
	(id, customer_id, answered_at, channel, touchpoint, score, weight,
	 csat_score, ces_score)
SELECT
	i,
	1 + floor(pg_temp.u(i, 8) * 80000)::bigint,
	answered_at,
	channel,
	touchpoint,
	CASE
		WHEN pg_temp.u(i, 5) < CASE channel WHEN 'web' THEN 0.04
											WHEN 'app' THEN 0.02
											ELSE 0.03 END
			THEN NULL
		ELSE latent
	END,
	round((CASE channel WHEN 'web' THEN 1.0
						WHEN 'app' THEN 0.65
						ELSE 1.55 END
		   * (0.8 + 0.4 * pg_temp.u(i, 7)))::numeric, 3)::double precision,
	-- CSAT 1..5: the latent 0..10 answer mapped onto 1..5 (1 + 0.4 latent)
	-- plus a triangular noise of +-1.5, rounded and clamped
	CASE
		WHEN touchpoint = 'support' OR pg_temp.u(i, 13) < 0.025 THEN NULL
		ELSE least(5, greatest(1, round(1.0 + 0.4 * latent
					+ 1.5 * (pg_temp.u(i, 9) + pg_temp.u(i, 10) - 1.0))))::integer
	END,
	-- CES 1..7: the latent answer mapped onto 1..7 (1 + 0.6 latent), plus a
	-- triangular noise of +-2.5, rounded and clamped
	CASE
		WHEN touchpoint <> 'support' OR pg_temp.u(i, 14) < 0.04 THEN NULL
		ELSE least(7, greatest(1, round(1.0 + 0.6 * latent
					+ 2.5 * (pg_temp.u(i, 11) + pg_temp.u(i, 12) - 1.0))))::integer
	END
FROM generate_series(1, 300000) AS i
	-- one response every 122.688 s on average: 300 000 over 426 days
	CROSS JOIN LATERAL (
		SELECT timestamptz '2025-09-01 00:00:00+00'
			   + ((i - 1) + pg_temp.u(i, 1)) * interval '122.688 seconds'
			   AS answered_at) AS t
	-- month number: 0 = 2025-09 ... 13 = 2026-10
	CROSS JOIN LATERAL (
		SELECT ((date_part('year', answered_at) - 2025) * 12
				+ date_part('month', answered_at) - 9)::integer AS m) AS mo
	CROSS JOIN LATERAL (
		SELECT CASE
				   WHEN pg_temp.u(i, 2) < 0.20 THEN 'call-center'
				   WHEN pg_temp.u(i, 2) < 0.50 + 0.10 * m / 13.0 THEN 'app'
				   ELSE 'web'
			   END AS channel) AS c
	CROSS JOIN LATERAL (
		SELECT CASE
				   WHEN channel = 'call-center' THEN
					   CASE WHEN pg_temp.u(i, 3) < 0.60 THEN 'support'
							WHEN pg_temp.u(i, 3) < 0.80 THEN 'purchase'
							ELSE 'delivery' END
				   ELSE
					   CASE WHEN pg_temp.u(i, 3) < 0.15 THEN 'support'
							WHEN pg_temp.u(i, 3) < 0.65 THEN 'purchase'
							ELSE 'delivery' END
			   END AS touchpoint) AS tp
	-- NPS shift (0.01 = 1 NPS point): promoters +shift/2, detractors -shift/2
	CROSS JOIN LATERAL (
		SELECT CASE channel WHEN 'app' THEN 0.10
							WHEN 'call-center' THEN -0.14
							ELSE 0.0 END
			   + CASE touchpoint WHEN 'purchase' THEN 0.04
								 WHEN 'support' THEN -0.16
								 ELSE CASE WHEN m = 3 THEN -0.12 ELSE 0.0 END END
			   + 0.005 * m
			   + CASE WHEN m = 13 AND channel <> 'call-center' THEN 0.05 ELSE 0.0 END
			   AS shift) AS sh
	-- the customer's latent answer 0..10 to the NPS question: the score
	-- column where the question was answered, and what CSAT and CES follow
	CROSS JOIN LATERAL (
		SELECT CASE
				   -- detractor (0..6), mostly 5s and 6s
				   WHEN pg_temp.u(i, 4) < 0.22 - shift / 2 THEN
					   CASE
						   WHEN pg_temp.u(i, 6) < 0.05 THEN 0
						   WHEN pg_temp.u(i, 6) < 0.07 THEN 1
						   WHEN pg_temp.u(i, 6) < 0.10 THEN 2
						   WHEN pg_temp.u(i, 6) < 0.15 THEN 3
						   WHEN pg_temp.u(i, 6) < 0.24 THEN 4
						   WHEN pg_temp.u(i, 6) < 0.46 THEN 5
						   ELSE 6
					   END
				   -- passive (7, 8): a steady 30%
				   WHEN pg_temp.u(i, 4) < 0.52 - shift / 2 THEN
					   CASE WHEN pg_temp.u(i, 6) < 0.55 THEN 8 ELSE 7 END
				   -- promoter (9, 10)
				   ELSE
					   CASE WHEN pg_temp.u(i, 6) < 0.45 THEN 10 ELSE 9 END
			   END AS latent) AS la;

ANALYZE survey_responses;
