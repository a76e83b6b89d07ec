--
-- Customer flow (the "customer value statement"): the README recipe that
-- gives, per month, customers at start, retained, churned, new customers by
-- acquisition channel, referral share, paid CAC, churn rate, CRR and NRR.
--
-- 1. A hand-made CRM of 14 customers over three months where every number
--    of the recipe is worked out by hand in the comments (every boundary:
--    start and end exactly at a period's start and end, same-day start and
--    end, NULL ended_at, NULL started_at, a month without paid customers,
--    upgrades and downgrades on a boundary day, two concurrent
--    subscriptions, two spend rows in a month).
-- 2. A generated CRM of 3000 customers over twelve months where the
--    recipe's numbers are compared with plain SQL (count(*) FILTER, sum())
--    written straight from the definitions: 0 mismatches expected.
--
-- customer_flow(first_month, months) is the README recipe
-- (tests/recipes/customer_flow.sql), unrounded: the README and the demo
-- report (tests/recipes/customer_flow_report.sql) round for display.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA customer_flow;
SET search_path = customer_flow, public;
SET extra_float_digits = 0;
-- period_start::date reads the period bounds back in the session time zone
-- (they are dates, so any zone gives the same dates); pin it anyway
SET TimeZone = 'UTC';
-- months are dates (a time axis for BI tools); ISO to read them as 2026-01-01
SET DateStyle = 'ISO, YMD';

\i sql/include/err.sql

-- The analyst's tables (as in tests/data/customers.sql, without the keys:
-- the generated data below reuse them).
CREATE TABLE customers (
	customer_id	integer,
	started_at	date,				-- NULL: skipped by churn_series_agg
	ended_at	date,				-- NULL: still a customer
	channel		text CHECK (channel IN ('paid', 'referral', 'organic'))
);
CREATE TABLE subscriptions (
	customer_id	integer NOT NULL,
	mrr			numeric(10,2) NOT NULL,
	started_at	date NOT NULL,
	ended_at	date				-- NULL: still running
);
CREATE TABLE marketing_spend (
	month		date NOT NULL,		-- first day of the month
	channel		text NOT NULL,
	amount		numeric(12,2) NOT NULL
);

-- The recipe (README "Customer flow"): one file, tests/recipes/, that the
-- README shows verbatim (tests/sh/recipes.sh checks it) and the demo runs.
\i tests/recipes/customer_flow.sql

-- ---------------------------------------------------------------------
-- 1. Hand-made CRM, three months: P1 = [2026-01-01, 2026-02-01),
--    P2 = [2026-02-01, 2026-03-01), P3 = [2026-03-01, 2026-04-01).
--    A row counts at instant t when started_at < t and (ended_at IS NULL
--    or ended_at >= t); S = those at lo, E = those at hi, churned = in S
--    and ended_at < hi, acquired = lo <= started_at < hi.
-- ---------------------------------------------------------------------
INSERT INTO customers VALUES
	( 1, '2025-06-10', NULL,         'organic'),	-- there all along
	( 2, '2025-12-31', '2026-01-01', 'paid'),		-- ends exactly at P1's lo: in S of P1, churned in P1
	( 3, '2026-01-01', NULL,         'paid'),		-- starts exactly at P1's lo: acquired in P1, not in its S
	( 4, '2025-11-05', '2026-02-01', 'referral'),	-- ends exactly at P1's hi: retained in P1, churned in P2
	( 5, '2026-01-15', '2026-01-15', 'referral'),	-- same-day start and end: acquired (and ended) in P1
	( 6, '2026-01-20', '2026-02-10', 'paid'),		-- acquired in P1, churned in P2
	( 7, '2026-02-01', NULL,         'referral'),	-- starts exactly at P2's lo (= P1's hi): acquired in P2
	( 8, '2026-02-28', '2026-03-01', 'organic'),	-- acquired in P2, ends at its hi: churned in P3
	( 9, '2026-03-31', NULL,         'paid'),		-- acquired in P3, on its last day
	(10, '2026-04-01', NULL,         'paid'),		-- starts exactly at P3's hi: in no period
	(11, '2025-01-01', '2025-12-31', 'organic'),	-- gone before P1: in no period
	(12, NULL,         NULL,         'paid'),		-- NULL started_at: skipped
	(13, '2025-10-01', '2026-03-15', 'paid'),		-- churned in P3
	(14, '2025-09-01', NULL,         'referral');	-- there all along

-- Customers:
--              P1 [01-01, 02-01)     P2 [02-01, 03-01)     P3 [03-01, 04-01)
--   S          1 2 4 13 14 = 5       1 3 4 6 13 14 = 6     1 3 7 8 13 14 = 6
--   churned    2           = 1       4 6           = 2     8 13          = 2
--   retained   5 - 1       = 4       6 - 2         = 4     6 - 2         = 4
--   acquired   3 5 6       = 3       7 8           = 2     9             = 1
--    of which ended < hi: 5 = 1      none (8 ends at hi)   none
--   E          1 3 4 6 13 14 = 6     1 3 7 8 13 14 = 6     1 3 7 9 14    = 5
--              (E = S - churned + acquired - acquired_ended each time)
--   new paid / referral / organic
--              3 6 / 5 / -  = 2/1/0  - / 7 / 8  = 0/1/1    9 / - / -  = 1/0/0
--   referral share = referral / acquired
--              1/3                   1/2                   0/1 = 0
--   churn rate = churned / S
--              1/5 = 0.2             2/6 = 0.333333        2/6 = 0.333333
--   CRR = (E - acquired) / S
--              (6-3)/5 = 0.6         (6-2)/6 = 0.666667    (5-1)/6 = 0.666667

INSERT INTO marketing_spend VALUES
	('2026-01-01', 'paid', 600.00), ('2026-01-01', 'paid', 300.00),	-- two campaigns
	('2026-01-01', 'referral', 100.00),								-- not paid: ignored
	('2026-02-01', 'paid', 500.00),									-- but no paid customer in P2
	('2026-03-01', 'paid', 250.50),
	('2026-04-01', 'paid', 999.00);									-- after P3: ignored
-- CAC paid = paid spend / new paid customers:
--   P1: (600 + 300) / 2 = 450;  P2: 500 / 0 -> NULL;  P3: 250.50 / 1 = 250.50

INSERT INTO subscriptions VALUES
	( 1, 100.00, '2025-06-10', '2026-01-20'),	-- upgraded on 01-20 ...
	( 1, 150.00, '2026-01-20', '2026-02-15'),	-- ... downgraded on 02-15
	( 1, 120.00, '2026-02-15', NULL),
	( 2,  50.00, '2025-12-31', '2026-01-01'),
	( 3,  80.00, '2026-01-01', NULL),
	( 4,  60.00, '2025-11-05', '2026-02-01'),
	( 5,  30.00, '2026-01-15', '2026-01-15'),	-- same day: counts at no instant
	( 6,  40.00, '2026-01-20', '2026-02-10'),
	( 7,  70.00, '2026-02-01', '2026-03-01'),	-- upgraded exactly at P3's lo: 70 counts at 03-01
	( 7,  90.00, '2026-03-01', NULL),
	( 8,  25.00, '2026-02-28', '2026-03-01'),
	( 9,  45.00, '2026-03-31', NULL),
	(10,  99.00, '2026-04-01', NULL),			-- counts at no instant before 04-02
	(11,  10.00, '2025-01-01', '2025-12-31'),
	(13, 200.00, '2025-10-01', '2026-01-01'),	-- downgraded exactly at P1's lo: 200 counts at 01-01
	(13, 180.00, '2026-01-01', '2026-03-15'),
	(14,  55.50, '2025-09-01', NULL),
	(14,  10.25, '2026-02-10', NULL);			-- an add-on next to the first one

-- MRR per account at each instant (a subscription counts at t when
-- started_at < t <= ended_at, or ended_at NULL):
--   account   01-01   02-01   03-01   04-01
--   1         100     150     120     120
--   2          50       0       0       0
--   3           0      80      80      80
--   4          60      60       0       0
--   6           0      40       0       0
--   7           0       0      70      90
--   8           0       0      25       0
--   9           0       0       0      45
--   13        200     180     180       0
--   14         55.50   55.50   65.75   65.75
--   (5, 10, 11: 0 throughout)
-- P1: start 465.50; new 3: 80, 6: 40; expansion 1: 50; contraction 13: 20;
--     churned 2: 50.  NRR = (465.50 + 50 - 20 - 50) / 465.50 = 445.50 / 465.50
--     = 0.957035
-- P2: start 565.50; new 7: 70, 8: 25; expansion 14: 10.25; contraction
--     1: 30; churned 4: 60, 6: 40.  NRR = (565.50 + 10.25 - 30 - 100) / 565.50
--     = 445.75 / 565.50 = 0.788240
-- P3: start 540.75; new 9: 45; expansion 7: 20; churned 8: 25, 13: 180.
--     NRR = (540.75 + 20 - 205) / 540.75 = 355.75 / 540.75 = 0.657883

SELECT month, at_start, retained, churned,
	   acquired, new_paid, new_referral, new_organic,
	   round(referral_share, 6) AS referral_share, round(cac_paid, 2) AS cac_paid,
	   round(churn_rate::numeric, 6) AS churn_rate, round(crr::numeric, 6) AS crr,
	   round(nrr::numeric, 6) AS nrr
FROM customer_flow('2026-01-01', 3)
ORDER BY month;

-- The unrounded rates against the hand-worked fractions.
SELECT f.month,
	   f.referral_share = h.referral_share AS referral_share_ok,
	   f.cac_paid IS NOT DISTINCT FROM h.cac_paid AS cac_ok,
	   abs(f.churn_rate - h.churn_rate) < 1e-14 AS churn_ok,
	   abs(f.crr - h.crr) < 1e-14 AS crr_ok,
	   abs(f.nrr - h.nrr) < 1e-14 AS nrr_ok
FROM customer_flow('2026-01-01', 3) AS f
	JOIN (VALUES (date '2026-01-01', 1::numeric / 3, 450.00, 1.0 / 5, 3.0 / 5, 445.50 / 465.50),
				 (date '2026-02-01', 1::numeric / 2, NULL,   2.0 / 6, 4.0 / 6, 445.75 / 565.50),
				 (date '2026-03-01', 0::numeric / 1, 250.50, 2.0 / 6, 4.0 / 6, 355.75 / 540.75))
		AS h(month, referral_share, cac_paid, churn_rate, crr, nrr) USING (month)
ORDER BY 1;

-- One month only, and a longer window: the same numbers for the months in
-- common; months after the data: customers 1 3 7 9 14 stay (S = 5, no
-- churn), nobody new, paid spend of 2026-04 but no paid customer.
SELECT month, at_start, retained, churned, acquired,
	   new_paid, new_referral, new_organic,
	   round(referral_share, 6) AS referral_share, round(cac_paid, 2) AS cac_paid,
	   round(churn_rate::numeric, 6) AS churn_rate, round(crr::numeric, 6) AS crr,
	   round(nrr::numeric, 6) AS nrr
FROM customer_flow('2026-03-01', 1);
SELECT count(*) AS months_equal
FROM customer_flow('2026-01-01', 3) AS a
	JOIN customer_flow('2025-12-01', 6) AS b USING (month)
WHERE (a.*)::text = (b.*)::text;
-- 2025-12 [12-01, 01-01): S = 1 4 11 13 14 = 5 (11 ends 12-31, 2 starts
--   12-31), churned 11 = 1, acquired 2 = 1 (paid); CRR = (E - N) / S with
--   E = 1 2 4 13 14 = 5: (5 - 1) / 5 = 0.8; no paid spend: CAC NULL.
--   NRR: at 12-01 accounts 1 100, 4 60, 11 10, 13 200, 14 55.50 = 425.50;
--   11 churns (10), 2 is new: (425.50 - 10) / 425.50 = 0.976498
-- 2026-04: S = 1 3 7 9 14 = 5, nobody leaves: churn 0; 10 starts on 04-01
--   (acquired, paid; CAC 999 / 1 = 999; referral share 0 / 1 = 0);
--   E = 1 3 7 9 10 14 = 6, CRR = (6 - 1) / 5 = 1.  NRR 1: the five accounts
--   have 120 + 80 + 90 + 45 + 65.75 = 400.75 at both ends; account 10's 99
--   counts from 05-01 on: new MRR, not expansion.
-- 2026-05: S = 1 3 7 9 10 14 = 6, nothing moves: churn 0, CRR 6 / 6 = 1,
--   nobody new (referral share 0 / 0 and CAC: NULL), NRR 1 (499.75 at both
--   ends).
SELECT month, at_start, retained, churned, acquired,
	   new_paid, new_referral, new_organic,
	   round(referral_share, 6) AS referral_share, round(cac_paid, 2) AS cac_paid,
	   round(churn_rate::numeric, 6) AS churn_rate, round(crr::numeric, 6) AS crr,
	   round(nrr::numeric, 6) AS nrr
FROM customer_flow('2025-12-01', 6)
WHERE month NOT BETWEEN '2026-01-01' AND '2026-03-01'
ORDER BY month;

-- A channel with no customer at all has no series: its column is 0 (the
-- coalesce), not a missing month.  Without the organic customers (1, 8, 11):
--   P1: S = 2 4 13 14 = 4, churned 2, acquired 3 5 6 (paid 2, referral 1,
--       organic 0), referral share 1/3;
--   P2: S = 3 4 6 13 14 = 5, churned 4 6, acquired 7 (referral), share 1;
--   P3: S = 3 7 13 14 = 4, churned 13, acquired 9 (paid), share 0.
BEGIN;
DELETE FROM customers WHERE channel = 'organic';
SELECT month, at_start, churned, acquired,
	   new_paid, new_referral, new_organic, round(referral_share, 6) AS referral_share
FROM customer_flow('2026-01-01', 3)
ORDER BY month;
-- No customer at all: no row (rollup over no series is NULL).
DELETE FROM customers;
SELECT count(*) AS months FROM customer_flow('2026-01-01', 3);
ROLLBACK;

-- Data errors stop the recipe (SQLSTATE 22023): a customer who ends before
-- starting, a negative MRR.
BEGIN;
INSERT INTO customers VALUES (99, '2026-02-10', '2026-02-09', 'paid');
SELECT pg_temp.err($q$ SELECT * FROM customer_flow.customer_flow('2026-01-01', 3) $q$);
ROLLBACK;
BEGIN;
INSERT INTO subscriptions VALUES (99, -5.00, '2025-12-01', NULL);
SELECT pg_temp.err($q$ SELECT * FROM customer_flow.customer_flow('2026-01-01', 3) $q$);
ROLLBACK;

-- ---------------------------------------------------------------------
-- 2. Generated CRM: 3000 customers, 2500 accounts with 1-3 consecutive
--    subscriptions (some with an add-on), twelve months of 2025, against
--    plain SQL from the definitions.  Boundaries are frequent on purpose:
--    a fifth of the dates are the first of a month, a tenth of the
--    customers end on the day they start; 1% have a NULL started_at, 2% a
--    NULL channel (counted in the totals, in no channel column); nobody
--    signs up through paid advertising in June; there is no paid spend in
--    March and two paid spend rows in May.
-- ---------------------------------------------------------------------
TRUNCATE customers, subscriptions, marketing_spend;

-- u(i, stream): a uniform draw in [0, 1), deterministic (as in tests/data)
CREATE FUNCTION pg_temp.u(i integer, stream integer)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (hashint4extended(i, stream) & 4294967295)::double precision / 4294967296.0;

INSERT INTO customers
SELECT i, s.started_at, e.ended_at,
	   CASE WHEN s.started_at >= '2025-06-01' AND s.started_at < '2025-07-01'
				 AND c.channel = 'paid' THEN 'organic'
			ELSE c.channel END
FROM generate_series(1, 3000) AS i
	CROSS JOIN LATERAL (
		SELECT CASE WHEN pg_temp.u(i, 1) < 0.01 THEN NULL
					WHEN pg_temp.u(i, 2) < 0.20
						THEN (date '2024-10-01' + floor(18 * pg_temp.u(i, 3)) * interval '1 month')::date
					ELSE date '2024-10-01' + floor(540 * pg_temp.u(i, 3))::integer
			   END AS started_at) AS s
	CROSS JOIN LATERAL (
		SELECT CASE WHEN pg_temp.u(i, 4) < 0.45 THEN NULL
					WHEN pg_temp.u(i, 5) < 0.15 THEN s.started_at
					WHEN pg_temp.u(i, 5) < 0.35
						THEN greatest(s.started_at,
									  date_trunc('month', s.started_at + floor(400 * pg_temp.u(i, 6))::integer)::date)
					ELSE s.started_at + floor(400 * pg_temp.u(i, 6))::integer
			   END AS ended_at) AS e
	CROSS JOIN LATERAL (
		SELECT CASE WHEN pg_temp.u(i, 7) < 0.02 THEN NULL
					WHEN pg_temp.u(i, 7) < 0.45 THEN 'paid'
					WHEN pg_temp.u(i, 7) < 0.70 THEN 'referral'
					ELSE 'organic' END AS channel) AS c;

-- account a: boundaries b0 <= b1 <= b2 <= b3 (a step is a whole number of
-- months from the first of b's month 30% of the time, else 0..150 days);
-- n = 1..3 subscriptions [b_j, b_(j+1)], the last one still running half
-- of the time; 15% have an add-on from b0 + 20 days, still running
INSERT INTO subscriptions
SELECT a, round((10 + 190 * pg_temp.u(a, 20 + j))::numeric, 2), b[j + 1],
	   CASE WHEN j = n - 1 AND pg_temp.u(a, 30) < 0.5 THEN NULL ELSE b[j + 2] END
FROM generate_series(1, 2500) AS a
	CROSS JOIN LATERAL (SELECT 1 + floor(3 * pg_temp.u(a, 11))::integer AS n) AS k
	CROSS JOIN LATERAL (
		SELECT ARRAY[b0, b1, b2, b3] AS b
		FROM (SELECT date '2024-10-01' + floor(400 * pg_temp.u(a, 12))::integer AS b0) AS x0
			CROSS JOIN LATERAL (SELECT CASE WHEN pg_temp.u(a, 13) < 0.3
				THEN (date_trunc('month', b0) + (1 + floor(4 * pg_temp.u(a, 14))) * interval '1 month')::date
				ELSE b0 + floor(150 * pg_temp.u(a, 14))::integer END AS b1) AS x1
			CROSS JOIN LATERAL (SELECT CASE WHEN pg_temp.u(a, 15) < 0.3
				THEN (date_trunc('month', b1) + (1 + floor(4 * pg_temp.u(a, 16))) * interval '1 month')::date
				ELSE b1 + floor(150 * pg_temp.u(a, 16))::integer END AS b2) AS x2
			CROSS JOIN LATERAL (SELECT CASE WHEN pg_temp.u(a, 17) < 0.3
				THEN (date_trunc('month', b2) + (1 + floor(4 * pg_temp.u(a, 18))) * interval '1 month')::date
				ELSE b2 + floor(150 * pg_temp.u(a, 18))::integer END AS b3) AS x3) AS bb
	CROSS JOIN generate_series(0, k.n - 1) AS j
UNION ALL
SELECT a, 9.99, date '2024-10-01' + floor(400 * pg_temp.u(a, 12))::integer + 20, NULL
FROM generate_series(1, 2500) AS a
WHERE pg_temp.u(a, 19) < 0.15;

INSERT INTO marketing_spend
SELECT m::date, ch, round((1000 + 5000 * pg_temp.u(extract(month FROM m)::integer, 40 + r))::numeric, 2)
FROM generate_series(date '2025-01-01', date '2025-12-01', interval '1 month') AS m,
	 (VALUES ('paid'), ('referral')) AS c(ch),
	 generate_series(1, 2) AS r
WHERE (ch = 'paid' AND m <> '2025-03-01' AND (r = 1 OR m = '2025-05-01'))
   OR (ch = 'referral' AND r = 1);

-- The data have what the checks need.
SELECT count(*) AS customers, count(started_at) AS with_start,
	   count(*) FILTER (WHERE channel IS NULL) AS no_channel,
	   count(*) FILTER (WHERE ended_at = started_at) AS same_day,
	   count(*) FILTER (WHERE extract(day FROM ended_at) = 1) AS ending_on_a_first,
	   (SELECT count(*) FROM subscriptions) AS subscriptions,
	   (SELECT count(DISTINCT customer_id) FROM subscriptions) AS accounts
FROM customers;

-- Plain SQL from the definitions, month by month [lo, hi).
CREATE TEMP TABLE expected_flow AS
WITH months AS (
	SELECT (date '2025-01-01' + (i - 1) * interval '1 month')::date AS lo,
		   (date '2025-01-01' + i * interval '1 month')::date AS hi
	FROM generate_series(1, 12) AS i
), counts AS (
	SELECT m.lo,
		   count(*) FILTER (WHERE c.started_at < m.lo AND (c.ended_at IS NULL OR c.ended_at >= m.lo)) AS s,
		   count(*) FILTER (WHERE c.started_at < m.lo AND (c.ended_at IS NULL OR c.ended_at >= m.lo)
							  AND c.ended_at < m.hi) AS churned,
		   count(*) FILTER (WHERE c.started_at >= m.lo AND c.started_at < m.hi) AS n,
		   count(*) FILTER (WHERE c.started_at >= m.lo AND c.started_at < m.hi AND c.channel = 'paid') AS n_paid,
		   count(*) FILTER (WHERE c.started_at >= m.lo AND c.started_at < m.hi AND c.channel = 'referral') AS n_referral,
		   count(*) FILTER (WHERE c.started_at >= m.lo AND c.started_at < m.hi AND c.channel = 'organic') AS n_organic,
		   count(*) FILTER (WHERE c.started_at < m.hi AND (c.ended_at IS NULL OR c.ended_at >= m.hi)) AS e
	FROM months AS m CROSS JOIN customers AS c
	GROUP BY m.lo
), spend AS (
	SELECT m.lo, sum(x.amount) AS paid
	FROM months AS m JOIN marketing_spend AS x ON x.month = m.lo AND x.channel = 'paid'
	GROUP BY m.lo
), mrr AS (
	SELECT m.lo, s.customer_id,
		   coalesce(sum(s.mrr) FILTER (WHERE s.started_at < m.lo AND (s.ended_at IS NULL OR s.ended_at >= m.lo)), 0) AS a,
		   coalesce(sum(s.mrr) FILTER (WHERE s.started_at < m.hi AND (s.ended_at IS NULL OR s.ended_at >= m.hi)), 0) AS b
	FROM months AS m CROSS JOIN subscriptions AS s
	GROUP BY m.lo, s.customer_id
), rev AS (
	SELECT lo, sum(a) AS start,
		   coalesce(sum(b - a) FILTER (WHERE a > 0 AND b > a), 0) AS expansion,
		   coalesce(sum(a - b) FILTER (WHERE a > 0 AND b > 0 AND b < a), 0) AS contraction,
		   coalesce(sum(a) FILTER (WHERE a > 0 AND b = 0), 0) AS churned_mrr
	FROM mrr
	GROUP BY lo
)
SELECT c.lo AS month, c.s AS at_start, c.s - c.churned AS retained, c.churned,
	   c.n AS acquired, c.n_paid, c.n_referral, c.n_organic,
	   c.n_referral::numeric / nullif(c.n, 0) AS referral_share,
	   sp.paid / nullif(c.n_paid, 0) AS cac_paid,
	   c.churned::float8 / nullif(c.s, 0) AS churn_rate,
	   (c.e - c.n)::float8 / nullif(c.s, 0) AS crr,
	   ((r.start + r.expansion - r.contraction - r.churned_mrr) / nullif(r.start, 0))::float8 AS nrr
FROM counts AS c
	LEFT JOIN spend AS sp USING (lo)
	LEFT JOIN rev AS r USING (lo);

-- What the months look like (from plain SQL): churn in every month, no
-- paid customer in June (CAC NULL), no paid spend in March (CAC NULL).
SELECT month, at_start, churned, acquired,
	   n_paid, n_referral, n_organic, cac_paid IS NULL AS cac_null,
	   round(churn_rate::numeric, 4) AS churn_rate, round(nrr::numeric, 4) AS nrr
FROM expected_flow ORDER BY month;

-- The recipe against plain SQL: every column of every month.
SELECT count(*) AS months_compared,
	   count(*) FILTER (WHERE f.month IS NULL OR x.month IS NULL) AS months_missing,
	   count(*) FILTER (WHERE (f.at_start, f.retained, f.churned, f.acquired)
							  IS DISTINCT FROM (x.at_start, x.retained, x.churned, x.acquired)) AS count_mismatches,
	   count(*) FILTER (WHERE (f.new_paid, f.new_referral, f.new_organic)
							  IS DISTINCT FROM (x.n_paid::numeric, x.n_referral::numeric, x.n_organic::numeric)) AS channel_mismatches,
	   count(*) FILTER (WHERE f.referral_share IS DISTINCT FROM x.referral_share
							  OR f.cac_paid IS DISTINCT FROM x.cac_paid) AS share_cac_mismatches,
	   count(*) FILTER (WHERE NOT coalesce(abs(f.churn_rate - x.churn_rate) < 1e-12, f.churn_rate IS NULL AND x.churn_rate IS NULL)
							  OR NOT coalesce(abs(f.crr - x.crr) < 1e-12, f.crr IS NULL AND x.crr IS NULL)) AS rate_mismatches,
	   count(*) FILTER (WHERE NOT coalesce(abs(f.nrr - x.nrr) < 1e-12, f.nrr IS NULL AND x.nrr IS NULL)) AS nrr_mismatches
FROM customer_flow('2025-01-01', 12) AS f
	FULL JOIN expected_flow AS x USING (month);

-- The report (tests/recipes/customer_flow_report.sql, shown in the README)
-- as a view, the way a BI tool reads it: month is a date (a time axis), the
-- counts are bigint or numeric, and no column name needs quoting (no %, no
-- space, which psycopg2 and other drivers with %s parameters trip over).
\set flow_report `cat tests/recipes/customer_flow_report.sql`
CREATE VIEW flow_report AS :flow_report
SELECT column_name, data_type, column_name ~ '^[a-z][a-z0-9_]*$' AS plain_name
FROM information_schema.columns
WHERE table_schema = 'customer_flow' AND table_name = 'flow_report'
ORDER BY ordinal_position;
-- and its rows on the generated CRM are the function's, rounded
SELECT count(*) AS report_months,
	   count(*) FILTER (WHERE r.churn_pct IS DISTINCT FROM round(100 * f.churn_rate::numeric, 2)) AS churn_pct_mismatches
FROM flow_report AS r JOIN customer_flow(date '2026-01-01', 10) AS f USING (month);

SET client_min_messages = warning;
DROP SCHEMA customer_flow CASCADE;
