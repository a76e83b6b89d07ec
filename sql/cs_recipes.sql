--
-- Customer service and revenue: the README recipes of tests/recipes/cs_*.sql
-- (upsell / cross-sell rate, AOV after vs before CS, CVR of inquiries, CRR
-- after CS, repurchase during a promotion, review growth and stars, agent
-- scorecard).
--
-- 1. A hand-made data set (six customers, five CS conversations, orders on
--    every window boundary) where each recipe's counts and rates are
--    worked out by hand in the comments.
-- 2. The sample data of make demo (tests/data/customers.sql and
--    tests/data/cs.sql) where every number of every recipe is compared with
--    plain SQL written from the definitions: count(*) FILTER, avg(),
--    var_samp(), closed-form Wilson, Newcombe and Katz intervals, and for
--    the p-values and t and Clopper-Pearson bounds, numerical integration of
--    the normal and Student-t densities and binomial sums (pg_temp
--    functions below): 0 mismatches expected.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA cs_recipes;
SET search_path = cs_recipes, public;
SET extra_float_digits = 0;
-- The recipes pin UTC themselves (SET TimeZone on each function); the
-- session runs in another zone to show that the results do not depend on it.
SET TimeZone = 'America/New_York';

\i sql/include/err.sql

-- ---------------------------------------------------------------------
-- Plain-SQL references (independent of cxkpi's C code)
-- ---------------------------------------------------------------------
-- z = qnorm(0.975)
CREATE FUNCTION pg_temp.z95() RETURNS double precision
LANGUAGE sql IMMUTABLE RETURN 1.959963984540054;
-- Wilson score bounds of k out of n at 95% (exactly 0 at k = 0 and 1 at
-- k = n, where the formula's terms cancel)
CREATE FUNCTION pg_temp.wilson(k bigint, n bigint, upper boolean) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT
RETURN CASE WHEN n > 0 AND k = 0 AND NOT upper THEN 0
			WHEN n > 0 AND k = n AND upper THEN 1
			WHEN n > 0 THEN
	(k::float8 / n + pg_temp.z95() ^ 2 / (2 * n)
	 + CASE WHEN upper THEN 1 ELSE -1 END
	   * pg_temp.z95() * sqrt((k::float8 / n) * (1 - k::float8 / n) / n + pg_temp.z95() ^ 2 / (4.0 * n * n)))
	/ (1 + pg_temp.z95() ^ 2 / n) END;
-- exp without PostgreSQL's underflow error
CREATE FUNCTION pg_temp.ex(x double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT RETURN CASE WHEN x < -700 THEN 0 ELSE exp(x) END;
-- Simpson's rule for the upper tail of the standard normal, integral of
-- phi over [z, z + 16] (the rest is below 1e-60 of it), 20000 intervals
CREATE FUNCTION pg_temp.norm_upper(z double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT
RETURN (SELECT sum(CASE WHEN j IN (0, 20000) THEN 1 WHEN j % 2 = 1 THEN 4 ELSE 2 END
				   * pg_temp.ex(-0.5 * (z + j * 16.0 / 20000) ^ 2))
			   * (16.0 / 20000) / 3 / sqrt(2 * pi())
		FROM generate_series(0, 20000) AS j);
-- upper tail of Student's t with df degrees of freedom beyond t >= 0:
-- x = tan(theta), integrand (1 + x^2/df)^(-(df+1)/2) sec^2(theta), Simpson
-- over [atan t, pi/2] divided by the same over [0, pi/2] (half the mass)
CREATE FUNCTION pg_temp.t_upper(t double precision, df double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT
RETURN (SELECT 0.5 * tail * (pi() / 2 - a) / (whole * (pi() / 2))
		FROM (SELECT a,
					 sum(w * pg_temp.ex(-(df + 1) / 2 * ln(1 + tan(a + j * (pi() / 2 - a) / 40000) ^ 2 / df)
										+ 2 * ln(1 / cos(a + j * (pi() / 2 - a) / 40000)))) AS tail,
					 sum(w * pg_temp.ex(-(df + 1) / 2 * ln(1 + tan(j * (pi() / 2) / 40000) ^ 2 / df)
										+ 2 * ln(1 / cos(j * (pi() / 2) / 40000)))) AS whole
			  FROM (SELECT atan(t) AS a) AS x,
				   generate_series(0, 39999) AS j,	-- j = 40000 (theta = pi/2): integrand 0
				   LATERAL (SELECT CASE WHEN j = 0 THEN 1 WHEN j % 2 = 1 THEN 4 ELSE 2 END AS w) AS ww
			  GROUP BY a) AS s);
-- P(X >= k) for X ~ Binomial(n, p), summed term by term in logs
CREATE FUNCTION pg_temp.binom_ge(k bigint, n bigint, p double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT
RETURN (SELECT coalesce(sum(pg_temp.ex(lc + j * ln(p) + (n - j) * ln(1 - p))), 0)
		FROM (SELECT j, sum(ln((n - j + 1)::float8 / j)) OVER (ORDER BY j) AS lc
			  FROM generate_series(1, n) AS j) AS c
		WHERE j >= k)
	   + CASE WHEN k <= 0 THEN pg_temp.ex(n * ln(1 - p)) ELSE 0 END;
-- a and b agree: both NULL, or within a relative tolerance
CREATE FUNCTION pg_temp.near(a double precision, b double precision, tol double precision DEFAULT 1e-9)
RETURNS boolean LANGUAGE sql IMMUTABLE
RETURN (a IS NULL AND b IS NULL)
	OR abs(a - b) <= tol * greatest(abs(a), abs(b), 1e-300);
-- check of the plain-SQL tails against known values: pnorm(-1.959963984540054) = 0.025,
-- pt(-2.776445105197799, 4) = 0.025, pbinom(2, 10, 0.3, lower = FALSE) = 0.6172172136
SELECT round(pg_temp.norm_upper(1.959963984540054)::numeric, 9) AS norm_025,
	   round(pg_temp.t_upper(2.776445105197799, 4)::numeric, 9) AS t4_025,
	   round(pg_temp.binom_ge(3, 10, 0.3)::numeric, 9) AS binom_ge3;

-- ---------------------------------------------------------------------
-- 1. Hand-made data
-- ---------------------------------------------------------------------
CREATE TABLE customers (customer_id integer, started_at date, ended_at date, channel text);
CREATE TABLE orders (order_id integer, customer_id integer, ordered_at timestamptz,
					 amount numeric(10,2), product text);
CREATE TABLE cs_interactions (interaction_id integer, customer_id integer,
							  contacted_at timestamptz, channel text, agent text, kind text,
							  resolved_first_contact boolean, recommended_product text,
							  csat_score integer);
CREATE TABLE reviews (review_id integer, customer_id integer, created_at timestamptz, stars integer);
CREATE TABLE promotions (name text, starts_at timestamptz, ends_at timestamptz);

\i tests/recipes/cs_all.psql

INSERT INTO customers VALUES
	(1, '2025-01-01', NULL, 'paid'), (2, '2025-01-01', NULL, 'paid'),
	(3, '2025-01-01', NULL, 'organic'), (4, '2025-01-01', NULL, 'referral'),
	(5, '2025-01-01', NULL, 'organic'),			-- never contacts CS
	(6, '2025-01-01', '2026-02-15', 'paid');	-- never contacts CS, leaves 2026-02-15
INSERT INTO cs_interactions VALUES
	(1, 1, '2026-01-10 10:00+00', 'chat',  'ann', 'inquiry',   true,  'premium',   5),
	(2, 2, '2026-01-12 10:00+00', 'phone', 'ann', 'complaint', false, NULL,        2),
	(3, 3, '2026-01-15 10:00+00', 'chat',  'bob', 'inquiry',   true,  'care_plan', 4),
	(4, 4, '2026-01-20 10:00+00', 'email', 'bob', 'inquiry',   false, NULL,        NULL),
	(5, 1, '2026-01-25 10:00+00', 'phone', 'bob', 'billing',   true,  'accessory', 3);
INSERT INTO orders VALUES
	( 1, 1, '2025-12-20 12:00+00',  40.00, 'starter'),	-- 21 days before i1
	( 2, 1, '2026-01-10 10:00+00', 100.00, 'standard'),	-- at i1's very instant: neither before nor after
	( 3, 1, '2026-01-20 09:00+00', 150.00, 'premium'),	-- 10 days after i1: i1's recommendation bought
	( 4, 2, '2025-12-13 10:00+00',  60.00, 'standard'),	-- exactly 30 days before i2: in "before"
	( 5, 2, '2026-02-11 10:00+00',  80.00, 'standard'),	-- exactly 30 days after i2: in "after"
	( 6, 3, '2026-02-14 10:00:01+00', 50.00, 'care_plan'), -- 30 days and 1 s after i3: outside 30 days
	( 7, 4, '2026-01-21 10:00+00',  20.00, 'accessory'),	-- 1 day after i4
	( 8, 5, '2026-01-05 12:00+00',  30.00, 'starter'),
	( 9, 5, '2025-11-01 12:00+00',  45.00, 'starter'),
	(10, 1, '2026-02-01 10:00+00',  19.00, 'accessory'),	-- 7 days after i5: i5's recommendation bought
	(11, 6, '2025-06-01 12:00+00',  25.00, 'starter'),
	(12, 2, '2026-03-05 12:00+00',  79.00, 'standard'),	-- promotion
	(13, 3, '2026-02-20 12:00+00',  39.00, 'starter'),	-- before the promotion
	(14, 3, '2026-03-10 12:00+00',  39.00, 'starter'),	-- promotion
	(15, 4, '2026-02-28 23:59:59+00', 19.00, 'accessory'), -- last second before the promotion
	(16, 5, '2026-03-01 00:00+00',  39.00, 'starter'),	-- the promotion's first instant
	(17, 1, '2026-03-15 00:00+00',  39.00, 'starter');	-- the promotion's end: not in it
INSERT INTO promotions VALUES
	('promo', '2026-03-01 00:00+00', '2026-03-15 00:00+00'),	-- 14 days
	('event', '2026-04-01 00:00+00', '2026-04-11 00:00+00');	-- 10 days
INSERT INTO reviews VALUES
	(1, 1, '2026-03-21 23:59+00', 1),	-- before the 10 days before the event: not counted
	(2, 2, '2026-03-22 00:00+00', 3),	-- first instant of "before"
	(3, 3, '2026-03-31 23:59+00', 4),
	(4, 4, '2026-04-01 00:00+00', 5),	-- first instant of the event
	(5, 5, '2026-04-05 12:00+00', 4),
	(6, 1, '2026-04-08 12:00+00', 5),
	(7, 2, '2026-04-10 23:00+00', 3),
	(8, 3, '2026-04-11 00:00+00', 1);	-- the event's end: not in it

-- Upsell, January, 30 days: i1 (ann, chat, premium) bought 10 days later:
-- yes; i2 (ann, phone) nothing recommended: no; i3 (bob, chat, care_plan)
-- bought 30 days + 1 s later: no; i4 (bob, email) nothing recommended: no;
-- i5 (bob, phone, accessory) bought 7 days later: yes.  Cells 1/1, 0/1,
-- 0/1, 0/1, 1/1; ann 1/2 (1 recommended), bob 1/3 (2), chat 1/2 (2),
-- email 0/1 (0), phone 1/2 (1); team 2/5 (3 recommended).
SELECT agent, channel, conversations, recommended, upsells, round(upsell_rate::numeric, 4) AS upsell_rate
FROM cs_upsell('2026-01-01', '2026-02-01', 30);
-- intervals: the Wilson bounds of those counts
SELECT count(*) AS rows,
	   count(*) FILTER (WHERE NOT (pg_temp.near(ci_lower, pg_temp.wilson(upsells, conversations, false))
								   AND pg_temp.near(ci_upper, pg_temp.wilson(upsells, conversations, true)))) AS mismatches
FROM cs_upsell('2026-01-01', '2026-02-01', 30);
-- 1/2: p = 0.5, centre 0.5, half-width z sqrt(1/8 + z^2/16) / (1 + z^2/2) = 0.405469...
SELECT round(ci_lower::numeric, 6) AS lo, round(ci_upper::numeric, 6) AS hi
FROM cs_upsell('2026-01-01', '2026-02-01', 30) WHERE agent = 'ann' AND channel IS NULL;

-- AOV, January, 30 days: first contacts i1 (customer 1, 01-10 10:00), i2
-- (2, 01-12 10:00), i3 (3, 01-15 10:00), i4 (4, 01-20 10:00): 4 customers.
-- Before: o1 40 (customer 1), o4 60 (customer 2, exactly 30 days before:
-- t - 30 days <= ordered_at); o2 is at t itself and counts on neither side.
-- After: o3 150 and o10 19 (customer 1), o5 80 (customer 2, exactly t + 30
-- days), o7 20 (customer 4); o6 is 1 s too late.
-- before {40, 60}: n 2, mean 50, s^2 200; after {150, 19, 80, 20}: n 4,
-- mean 67.25, s^2 = (82.75^2 + 48.25^2 + 12.75^2 + 47.25^2) / 3 = 11570.75 / 3.
-- difference 17.25, lift 67.25 / 50 - 1 = 0.345; Welch: se^2 = 200/2 +
-- 11570.75/12 = 1064.229167, t = 17.25 / 32.6225 = 0.52878, df = se^4 /
-- (100^2/1 + 964.229167^2/3) = 3.5403.
SELECT customers, orders_before, orders_after, aov_before, aov_after, difference,
	   round(relative_lift::numeric, 12) AS relative_lift
FROM cs_aov_lift('2026-01-01', '2026-02-01', 30);
SELECT count(*) FILTER (WHERE NOT pg_temp.near(p_value, 2 * pg_temp.t_upper(t, df), 1e-7)) AS p_mismatch,
	   count(*) FILTER (WHERE NOT pg_temp.near(pg_temp.t_upper((difference_ci_upper - difference) / se, df), 0.025, 1e-6)
							  OR NOT pg_temp.near(difference - difference_ci_lower, difference_ci_upper - difference)) AS ci_mismatch,
	   count(*) FILTER (WHERE NOT pg_temp.near(relative_lift_ci_upper - relative_lift,
											   pg_temp.z95() * sqrt(11570.75 / 12 + 1.345 ^ 2 * 100) / 50)
							  OR NOT pg_temp.near(relative_lift - relative_lift_ci_lower,
												  relative_lift_ci_upper - relative_lift)) AS lift_ci_mismatch,
	   round(df::numeric, 4) AS df, round(t::numeric, 5) AS t
FROM cs_aov_lift('2026-01-01', '2026-02-01', 30),
	 LATERAL (SELECT sqrt(100 + 11570.75 / 12) AS se,
					 17.25 / sqrt(100 + 11570.75 / 12) AS t,
					 (100 + 11570.75 / 12) ^ 2 / (100.0 ^ 2 + (11570.75 / 12) ^ 2 / 3) AS df) AS w
GROUP BY w.df, w.t;

-- CVR, January, 14 days.  Inquiries: i1 (chat) -> o3 9 days later: yes;
-- i3 (chat) -> nothing within 14 days; i4 (email) -> o7: yes.  chat 1/2,
-- email 1/1, all 2/3.  Baseline: w = 01-01, 01-15, 01-29 (00:00 UTC),
-- customers without a contact in [w - 14 d, w + 14 d]:
--   w 01-01: 3 (i3 is at 01-15 10:00, after 01-15 00:00), 4, 5, 6; bought in
--            (01-01, 01-15]: only 5 (o8) -> 1/4;
--   w 01-15: 5, 6 -> 0/2;
--   w 01-29: 2 (i2 01-12 is before 01-15), 5, 6; 2 bought o5 (02-11) -> 1/3;
-- baseline 2/9.
SELECT channel, inquiries, purchases, round(cvr::numeric, 6) AS cvr,
	   round(baseline::numeric, 6) AS baseline, round(difference::numeric, 6) AS difference,
	   round(relative_lift::numeric, 6) AS relative_lift
FROM cs_conversion('2026-01-01', '2026-02-01', 14);
-- the p-value: pooled z; all inquiries 2/3 vs 2/9: q = 4/12, z = (2/3 - 2/9)
-- / sqrt(1/3 * 2/3 * (1/3 + 1/9)) = (4/9) / sqrt(8/81) = sqrt(2) = 1.414214;
-- p = 2 (1 - Phi(sqrt 2)) = 0.157299
SELECT round(p_value::numeric, 6) AS p_value,
	   pg_temp.near(p_value, 2 * pg_temp.norm_upper(sqrt(2)), 1e-8) AS p_ok
FROM cs_conversion('2026-01-01', '2026-02-01', 14) WHERE channel IS NULL;

-- CRR, January, 60 days: first contacts of customers who had ordered
-- before: 1 (o1; i1 resolved) and 2 (o4; i2 not resolved); customers 3 and 4
-- had not.  Within 60 days: 1 -> o3, 2 -> o5.  resolved 1/1, unresolved
-- 1/1, contacted 2/2.  Baseline: w = 01-01 only (01-01 + 60 days is after
-- 02-01); customers 1-4 contact CS in [11-02, 03-02]; 5 had ordered (o9)
-- and buys o8: yes; 6 had ordered (o11) and buys nothing: no -> 1/2.
SELECT segment, customers, repurchased, crr, baseline, difference, round(relative_lift::numeric, 6) AS relative_lift
FROM cs_retention('2026-01-01', '2026-02-01', 60);

-- Promotion 'promo' [03-01, 03-15), 14 days; before [02-15, 03-01).
-- Customers throughout [02-15, 03-15) who had ordered before 02-15: 1, 2, 3
-- (o6 02-14), 4, 5 (6 left 02-15).  Before: 3 (o13), 4 (o15, 23:59:59) ->
-- 2/5; during: 2 (o12), 3 (o14), 5 (o16, at 03-01 00:00); 1's o17 at
-- 03-15 00:00 is after -> 3/5.  only before: 4; only during: 2 and 5.
SELECT customers, rate_before, rate_during, only_before, only_during,
	   round(difference::numeric, 6) AS difference, round(relative_lift::numeric, 6) AS relative_lift
FROM cs_promotion('promo');
-- Newcombe: d - sqrt((0.6 - L(3/5))^2 + (U(2/5) - 0.4)^2), d + sqrt((U(3/5) - 0.6)^2 + (0.4 - L(2/5))^2);
-- Katz: exp(ln 1.5 +- z sqrt(1/3 - 1/5 + 1/2 - 1/5)) - 1
SELECT pg_temp.near(difference_ci_lower, 0.2 - sqrt((0.6 - pg_temp.wilson(3, 5, false)) ^ 2 + (pg_temp.wilson(2, 5, true) - 0.4) ^ 2)) AS newcombe_lo,
	   pg_temp.near(difference_ci_upper, 0.2 + sqrt((pg_temp.wilson(3, 5, true) - 0.6) ^ 2 + (0.4 - pg_temp.wilson(2, 5, false)) ^ 2)) AS newcombe_hi,
	   pg_temp.near(relative_lift_ci_lower, exp(ln(1.5) - pg_temp.z95() * sqrt(1.0/3 - 1.0/5 + 1.0/2 - 1.0/5)) - 1) AS katz_lo,
	   pg_temp.near(relative_lift_ci_upper, exp(ln(1.5) + pg_temp.z95() * sqrt(1.0/3 - 1.0/5 + 1.0/2 - 1.0/5)) - 1) AS katz_hi,
	   -- pooled z: q = 1/2, z = 0.2 / sqrt(1/4 * 2/5) = 0.632456
	   pg_temp.near(p_value, 2 * pg_temp.norm_upper(0.2 / sqrt(0.1)), 1e-8) AS p_ok
FROM cs_promotion('promo');

-- Reviews, 'event' [04-01, 04-11), 10 days; before [03-22, 04-01): reviews
-- 2 (3 stars) and 3 (4) -> 2, 0.2 a day, mean 3.5, s^2 0.5; during 4 (5),
-- 5 (4), 6 (5), 7 (3) -> 4, 0.4 a day, mean 4.25, s^2 2.75/3; ratio 2.
-- Welch: se^2 = 0.5/2 + (2.75/3)/4 = 0.479167, t = 0.75 / 0.692219 =
-- 1.083472, df = se^4 / (0.25^2/1 + 0.229167^2/3) = 2.8698.
SELECT days, reviews_before, reviews_during, per_day_before, per_day_during, rate_ratio,
	   stars_before, stars_during, stars_difference
FROM cs_reviews('event');
-- Poisson rate ratio, equal exposures: the Clopper-Pearson bounds pi of 4
-- out of 6 mapped by pi / (1 - pi): P(X >= 4 | pi_lo) = 0.025 and
-- P(X <= 4 | pi_hi) = 0.025, X ~ Binomial(6, pi).
SELECT pg_temp.near(pg_temp.binom_ge(4, 6, rate_ratio_ci_lower / (1 + rate_ratio_ci_lower)), 0.025, 1e-7) AS cp_lo,
	   pg_temp.near(1 - pg_temp.binom_ge(5, 6, rate_ratio_ci_upper / (1 + rate_ratio_ci_upper)), 0.025, 1e-7) AS cp_hi,
	   pg_temp.near(stars_p_value, 2 * pg_temp.t_upper(0.75 / sqrt(0.5 / 2 + 2.75 / 12),
			(0.5 / 2 + 2.75 / 12) ^ 2 / (0.25 ^ 2 + (2.75 / 12) ^ 2 / 3)), 1e-7) AS welch_ok
FROM cs_reviews('event');

-- Scorecard, January 2026, 14 days.  ann: i1, i2: CSAT answers 5, 2 -> 1/2
-- satisfied; FCR 1/2; inquiries i1 -> o3 within 14 days: 1/1; upsell i1
-- yes, i2 no: 1/2.  bob: i3, i4, i5: CSAT 4, NULL, 3 -> 1/2; FCR 2/3;
-- inquiries i3 no, i4 yes: 1/2; upsell i3 no (o6 is 30 days later), i4 no,
-- i5 yes (o10 7 days later): 1/3.  Team: 5 conversations, CSAT 2/4, FCR
-- 3/5, CVR 2/3, upsell 2/5.  With these counts every interval holds the
-- team value (no flag) and the CSAT intervals overlap (ranks 1-2 each).
SELECT agent, conversations, csat_answers, csat, csat_vs_team, csat_best_rank, csat_worst_rank,
	   round(fcr::numeric, 6) AS fcr, fcr_vs_team, inquiries, round(cvr::numeric, 6) AS cvr, cvr_vs_team,
	   round(upsell_rate::numeric, 6) AS upsell_rate, upsell_vs_team
FROM cs_scorecard('2026-01-01', 14);
-- the CSAT and FCR intervals are the Wilson intervals of their counts
-- (CSAT ann 1/2, bob 1/2, team 2/4; FCR ann 1/2, bob 2/3, team 3/5)
SELECT count(*) AS rows,
	   count(*) FILTER (WHERE NOT (pg_temp.near(csat_ci_lower, pg_temp.wilson(f.ck, f.cn, false))
								   AND pg_temp.near(csat_ci_upper, pg_temp.wilson(f.ck, f.cn, true))
								   AND pg_temp.near(fcr_ci_lower, pg_temp.wilson(f.k, f.n, false))
								   AND pg_temp.near(fcr_ci_upper, pg_temp.wilson(f.k, f.n, true)))) AS mismatches
FROM cs_scorecard('2026-01-01', 14) AS s
	JOIN (VALUES ('ann', 1, 2, 1, 2), ('bob', 1, 2, 2, 3), (NULL, 2, 4, 3, 5)) AS f(agent, ck, cn, k, n)
	  ON f.agent IS NOT DISTINCT FROM s.agent;

-- bought_within on its boundaries: o5 is exactly 30 days after i2 (in),
-- o6 30 days and 1 s after i3 (out), o2 at i1's very instant (a window of
-- 0 days is empty); the product form: o6 is a care_plan, 31 days suffice;
-- a NULL product is false.  Days are UTC days: an order 30 days after a
-- contact across the daylight-saving change of 2026-03-08 in New York (the
-- session's zone) is within 30 days, not 30 days less an hour.
SELECT bought_within(2, '2026-01-12 10:00+00', 30) AS exactly_30_days,
	   bought_within(3, '2026-01-15 10:00+00', 30) AS one_second_late,
	   bought_within(1, '2026-01-10 10:00+00', 0) AS zero_days,
	   bought_within(3, '2026-01-15 10:00+00', 30, 'care_plan') AS care_30,
	   bought_within(3, '2026-01-15 10:00+00', 31, 'care_plan') AS care_31,
	   bought_within(3, '2026-01-15 10:00+00', 31, NULL) AS no_product;
BEGIN;
INSERT INTO orders VALUES (99, 99, '2026-03-31 10:00+00', 10.00, 'starter');
SELECT bought_within(99, '2026-03-01 10:00+00', 30) AS across_dst,
	   -- the same sum in the session's zone ends an hour earlier
	   timestamptz '2026-03-01 10:00+00' + 30 * interval '1 day' < '2026-03-31 10:00+00' AS session_day_shorter;
ROLLBACK;

-- Empty windows and unknown names: the upsell and CVR recipes give the
-- total row with 0 conversations (NULL rates), the AOV recipe 0 customers
-- (NULL values), the scorecard the team row with 0 conversations; an
-- unknown promotion or event gives no row.
SELECT agent, channel, conversations, recommended, upsells, upsell_rate
FROM cs_upsell('2030-01-01', '2030-02-01', 30);
SELECT customers, orders_before, orders_after, aov_before, p_value
FROM cs_aov_lift('2030-01-01', '2030-02-01', 30);
SELECT channel, inquiries, purchases, cvr, baseline
FROM cs_conversion('2030-01-01', '2030-02-01', 14);
SELECT segment, customers, crr FROM cs_retention('2030-01-01', '2030-02-01', 60);
SELECT agent, conversations, csat, fcr FROM cs_scorecard('2030-01-01', 14);
SELECT (SELECT count(*) FROM cs_promotion('no such promotion')) AS promotion_rows,
	   (SELECT count(*) FROM cs_reviews('no such event')) AS review_rows;

-- ---------------------------------------------------------------------
-- 2. The sample data of make demo, against plain SQL
-- ---------------------------------------------------------------------
DROP TABLE customers, orders, cs_interactions, reviews, promotions;
-- (not echoed: the two scripts are long; they set UTC and warning-level messages)
\set ECHO none
\i tests/data/customers.sql
\i tests/data/cs.sql
\set ECHO all
RESET client_min_messages;
-- (the data scripts set UTC; back to New York: the recipes pin UTC, and the
-- references below add hours, not days, so that no daylight-saving
-- change moves a window)
SET TimeZone = 'America/New_York';
SET extra_float_digits = 0;
SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM cs_interactions) AS interactions,
	   (SELECT count(*) FROM reviews) AS reviews;

-- A comparison of two rates written out: rates, Newcombe difference
-- interval, Katz lift interval, pooled z p-value (normal tail by
-- integration); the cxkpi values given as the row r.
CREATE FUNCTION pg_temp.rate_cmp_ok(ka bigint, na bigint, kb bigint, nb bigint,
		difference double precision, dlo double precision, dhi double precision,
		lift double precision, p double precision)
RETURNS boolean LANGUAGE sql IMMUTABLE
RETURN (SELECT pg_temp.near(difference, pa - pb)
		   AND pg_temp.near(dlo, pa - pb - sqrt((pa - pg_temp.wilson(ka, na, false)) ^ 2 + (pg_temp.wilson(kb, nb, true) - pb) ^ 2))
		   AND pg_temp.near(dhi, pa - pb + sqrt((pg_temp.wilson(ka, na, true) - pa) ^ 2 + (pb - pg_temp.wilson(kb, nb, false)) ^ 2))
		   AND pg_temp.near(lift, pa / pb - 1)
		   AND pg_temp.near(p, 2 * pg_temp.norm_upper(abs(pa - pb) / sqrt(q * (1 - q) * (1.0 / na + 1.0 / nb))), 1e-6)
		FROM (SELECT ka::float8 / na AS pa, kb::float8 / nb AS pb,
					 (ka + kb)::float8 / (na + nb) AS q) AS x);

-- Upsell, 2026-01-01 .. 2026-10-01, 30 days
CREATE TEMP TABLE ref_upsell AS
SELECT agent, channel, count(*) AS n, count(recommended_product) AS recommended,
	   count(*) FILTER (WHERE EXISTS (
		   SELECT FROM orders AS o WHERE o.customer_id = i.customer_id
			 AND o.product = i.recommended_product
			 AND o.ordered_at > i.contacted_at AND o.ordered_at <= i.contacted_at + interval '720 hours')) AS k
FROM cs_interactions AS i
WHERE contacted_at >= '2026-01-01 00:00+00' AND contacted_at < '2026-10-01 00:00+00'
GROUP BY CUBE (agent, channel);
SELECT count(*) AS rows,
	   count(*) FILTER (WHERE NOT (u.conversations = r.n AND u.recommended = r.recommended
								   AND u.upsells = r.k AND pg_temp.near(u.upsell_rate, r.k::float8 / r.n)
								   AND pg_temp.near(u.ci_lower, pg_temp.wilson(r.k, r.n, false))
								   AND pg_temp.near(u.ci_upper, pg_temp.wilson(r.k, r.n, true)))
						  OR r.n IS NULL) AS mismatches
FROM cs_upsell('2026-01-01', '2026-10-01', 30) AS u
	LEFT JOIN ref_upsell AS r
	  ON r.agent IS NOT DISTINCT FROM u.agent AND r.channel IS NOT DISTINCT FROM u.channel;
SELECT count(*) AS ref_rows FROM ref_upsell;

-- AOV after vs before the first contact of 2025-01-01 .. 2026-10-01, 30 days
CREATE TEMP TABLE ref_aov AS
WITH f AS (
	SELECT customer_id, min(contacted_at) AS t FROM cs_interactions
	WHERE contacted_at >= '2025-01-01 00:00+00' AND contacted_at < '2026-10-01 00:00+00'
	GROUP BY customer_id
), o AS (
	SELECT o.amount, o.ordered_at > f.t AS after
	FROM f JOIN orders AS o ON o.customer_id = f.customer_id
	 AND o.ordered_at >= f.t - interval '720 hours' AND o.ordered_at <= f.t + interval '720 hours'
	 AND o.ordered_at <> f.t
)
SELECT (SELECT count(*) FROM f) AS customers,
	   count(*) FILTER (WHERE NOT after) AS nb, count(*) FILTER (WHERE after) AS na,
	   avg(amount) FILTER (WHERE NOT after)::float8 AS mb, avg(amount) FILTER (WHERE after)::float8 AS ma,
	   (var_samp(amount) FILTER (WHERE NOT after) / count(*) FILTER (WHERE NOT after))::float8 AS vb,
	   (var_samp(amount) FILTER (WHERE after) / count(*) FILTER (WHERE after))::float8 AS va
FROM o;
SELECT count(*) FILTER (WHERE NOT (a.customers = r.customers AND a.orders_before = r.nb AND a.orders_after = r.na
								   AND pg_temp.near(a.aov_before, r.mb, 1e-12) AND pg_temp.near(a.aov_after, r.ma, 1e-12)
								   AND pg_temp.near(a.difference, r.ma - r.mb)
								   AND pg_temp.near(a.relative_lift, r.ma / r.mb - 1))) AS point_mismatches,
	   count(*) FILTER (WHERE NOT (pg_temp.near(a.p_value, 2 * pg_temp.t_upper(abs(r.ma - r.mb) / sqrt(r.va + r.vb), df), 1e-6)
								   AND pg_temp.near(pg_temp.t_upper((a.difference_ci_upper - a.difference) / sqrt(r.va + r.vb), df), 0.025, 1e-6)
								   AND pg_temp.near(a.difference - a.difference_ci_lower, a.difference_ci_upper - a.difference))) AS welch_mismatches,
	   count(*) FILTER (WHERE NOT (pg_temp.near(a.relative_lift_ci_upper - a.relative_lift,
												pg_temp.z95() * sqrt(r.va + (r.ma / r.mb) ^ 2 * r.vb) / r.mb)
								   AND pg_temp.near(a.relative_lift - a.relative_lift_ci_lower,
													a.relative_lift_ci_upper - a.relative_lift))) AS lift_mismatches,
	   bool_and(a.relative_lift_ci_lower > 0) AS lift_above_zero
FROM cs_aov_lift('2025-01-01', '2026-10-01', 30) AS a,
	 ref_aov AS r,
	 LATERAL (SELECT (r.va + r.vb) ^ 2 / (r.va ^ 2 / (r.na - 1) + r.vb ^ 2 / (r.nb - 1)) AS df) AS w;

-- Not-contacted baselines, 2026-01-01 .. 2026-10-01, for 14 and 60 days
CREATE TEMP TABLE ref_base AS
SELECT d.days, b.buyers_only,
	   count(*) AS n,
	   count(*) FILTER (WHERE EXISTS (SELECT FROM orders AS o WHERE o.customer_id = c.customer_id
					AND o.ordered_at > w AND o.ordered_at <= w + d.days * interval '24 hours')) AS k
FROM (VALUES (14), (60)) AS d(days)
	CROSS JOIN (VALUES (false), (true)) AS b(buyers_only)
	CROSS JOIN LATERAL generate_series(timestamptz '2026-01-01 00:00+00', timestamptz '2026-09-30 00:00+00',
									   d.days * interval '24 hours') AS w
	JOIN customers AS c
	  ON c.started_at::timestamp AT TIME ZONE 'UTC' < w
	 AND (c.ended_at IS NULL OR c.ended_at::timestamp AT TIME ZONE 'UTC' >= w)
WHERE NOT EXISTS (SELECT FROM cs_interactions AS i WHERE i.customer_id = c.customer_id
				  AND i.contacted_at BETWEEN w - d.days * interval '24 hours' AND w + d.days * interval '24 hours')
  AND (NOT b.buyers_only OR EXISTS (SELECT FROM orders AS o WHERE o.customer_id = c.customer_id AND o.ordered_at < w))
GROUP BY d.days, b.buyers_only;

-- CVR of inquiries, 14 days
CREATE TEMP TABLE ref_cvr AS
SELECT channel, count(*) AS n,
	   count(*) FILTER (WHERE EXISTS (SELECT FROM orders AS o WHERE o.customer_id = i.customer_id
					AND o.ordered_at > i.contacted_at AND o.ordered_at <= i.contacted_at + interval '336 hours')) AS k
FROM cs_interactions AS i
WHERE kind = 'inquiry' AND contacted_at >= '2026-01-01 00:00+00' AND contacted_at < '2026-10-01 00:00+00'
GROUP BY ROLLUP (channel);
SELECT count(*) AS rows,
	   count(*) FILTER (WHERE NOT (v.inquiries = r.n AND v.purchases = r.k
								   AND pg_temp.near(v.cvr, r.k::float8 / r.n)
								   AND pg_temp.near(v.ci_lower, pg_temp.wilson(r.k, r.n, false))
								   AND pg_temp.near(v.ci_upper, pg_temp.wilson(r.k, r.n, true))
								   AND pg_temp.near(v.baseline, b.k::float8 / b.n)
								   AND pg_temp.rate_cmp_ok(r.k, r.n, b.k, b.n, v.difference, v.difference_ci_lower,
														   v.difference_ci_upper, v.relative_lift, v.p_value))) AS mismatches
FROM cs_conversion('2026-01-01', '2026-10-01', 14) AS v
	JOIN ref_cvr AS r ON r.channel IS NOT DISTINCT FROM v.channel
	CROSS JOIN ref_base AS b
WHERE b.days = 14 AND NOT b.buyers_only;

-- CRR after CS, 60 days
CREATE TEMP TABLE ref_crr AS
WITH f AS (
	SELECT DISTINCT ON (customer_id) customer_id, contacted_at AS t, resolved_first_contact AS resolved
	FROM cs_interactions
	WHERE contacted_at >= '2026-01-01 00:00+00' AND contacted_at < '2026-10-01 00:00+00'
	ORDER BY customer_id, contacted_at
), g AS (
	SELECT f.resolved,
		   EXISTS (SELECT FROM orders AS o WHERE o.customer_id = f.customer_id
				   AND o.ordered_at > f.t AND o.ordered_at <= f.t + interval '1440 hours') AS again
	FROM f
	WHERE EXISTS (SELECT FROM orders AS o WHERE o.customer_id = f.customer_id AND o.ordered_at < f.t)
)
SELECT s.segment, count(*) AS n, count(*) FILTER (WHERE again) AS k
FROM g CROSS JOIN LATERAL (VALUES ('contacted'),
						   (CASE WHEN g.resolved THEN 'resolved' ELSE 'unresolved' END)) AS s(segment)
GROUP BY s.segment;
SELECT count(*) AS rows,
	   count(*) FILTER (WHERE NOT (v.customers = r.n AND v.repurchased = r.k
								   AND pg_temp.near(v.crr, r.k::float8 / r.n)
								   AND pg_temp.near(v.ci_lower, pg_temp.wilson(r.k, r.n, false))
								   AND pg_temp.near(v.ci_upper, pg_temp.wilson(r.k, r.n, true))
								   AND pg_temp.near(v.baseline, b.k::float8 / b.n)
								   AND pg_temp.rate_cmp_ok(r.k, r.n, b.k, b.n, v.difference, v.difference_ci_lower,
														   v.difference_ci_upper, v.relative_lift, v.p_value))) AS mismatches
FROM cs_retention('2026-01-01', '2026-10-01', 60) AS v
	JOIN ref_crr AS r USING (segment)
	CROSS JOIN ref_base AS b
WHERE b.days = 60 AND b.buyers_only;

-- Promotion 'summer_repurchase'
CREATE TEMP TABLE ref_promo AS
WITH c AS (
	SELECT c.customer_id,
		   EXISTS (SELECT FROM orders AS o WHERE o.customer_id = c.customer_id
				   AND o.ordered_at >= '2026-05-02 00:00+00' AND o.ordered_at < '2026-06-01 00:00+00') AS before,
		   EXISTS (SELECT FROM orders AS o WHERE o.customer_id = c.customer_id
				   AND o.ordered_at >= '2026-06-01 00:00+00' AND o.ordered_at < '2026-07-01 00:00+00') AS during
	FROM customers AS c
	WHERE c.started_at < '2026-05-02' AND (c.ended_at IS NULL OR c.ended_at >= '2026-07-01')
	  AND EXISTS (SELECT FROM orders AS o WHERE o.customer_id = c.customer_id AND o.ordered_at < '2026-05-02 00:00+00')
)
SELECT count(*) AS n, count(*) FILTER (WHERE before) AS kb, count(*) FILTER (WHERE during) AS kd,
	   count(*) FILTER (WHERE before AND NOT during) AS ob, count(*) FILTER (WHERE during AND NOT before) AS od
FROM c;
SELECT count(*) FILTER (WHERE NOT (p.customers = r.n AND p.only_before = r.ob AND p.only_during = r.od
								   AND pg_temp.near(p.rate_before, r.kb::float8 / r.n)
								   AND pg_temp.near(p.rate_during, r.kd::float8 / r.n)
								   AND pg_temp.near(p.rate_before_ci_lower, pg_temp.wilson(r.kb, r.n, false))
								   AND pg_temp.near(p.rate_during_ci_upper, pg_temp.wilson(r.kd, r.n, true))
								   AND pg_temp.rate_cmp_ok(r.kd, r.n, r.kb, r.n, p.difference, p.difference_ci_lower,
														   p.difference_ci_upper, p.relative_lift, p.p_value)
								   AND pg_temp.near(p.relative_lift_ci_upper,
										exp(ln(r.kd::float8 / r.kb) + pg_temp.z95() * sqrt(1.0 / r.kd - 1.0 / r.n + 1.0 / r.kb - 1.0 / r.n)) - 1))) AS mismatches,
	   bool_and(p.difference_ci_lower > 0) AS rise
FROM cs_promotion('summer_repurchase') AS p, ref_promo AS r;

-- Reviews around 'review_campaign' [2026-09-01, 2026-10-01), 30 days
CREATE TEMP TABLE ref_rev AS
SELECT count(*) FILTER (WHERE NOT e) AS nb, count(*) FILTER (WHERE e) AS na,
	   avg(stars) FILTER (WHERE NOT e)::float8 AS mb, avg(stars) FILTER (WHERE e)::float8 AS ma,
	   (var_samp(stars) FILTER (WHERE NOT e) / count(*) FILTER (WHERE NOT e))::float8 AS vb,
	   (var_samp(stars) FILTER (WHERE e) / count(*) FILTER (WHERE e))::float8 AS va
FROM (SELECT stars, created_at >= '2026-09-01 00:00+00' AS e FROM reviews
	  WHERE created_at >= '2026-08-02 00:00+00' AND created_at < '2026-10-01 00:00+00') AS r;
SELECT count(*) FILTER (WHERE NOT (v.days = 30 AND v.reviews_before = r.nb AND v.reviews_during = r.na
								   AND pg_temp.near(v.per_day_before, r.nb / 30.0)
								   AND pg_temp.near(v.per_day_during, r.na / 30.0)
								   AND pg_temp.near(v.rate_ratio, r.na::float8 / r.nb)
								   AND pg_temp.near(pg_temp.binom_ge(r.na, r.na + r.nb, v.rate_ratio_ci_lower / (1 + v.rate_ratio_ci_lower)), 0.025, 1e-6)
								   AND pg_temp.near(1 - pg_temp.binom_ge(r.na + 1, r.na + r.nb, v.rate_ratio_ci_upper / (1 + v.rate_ratio_ci_upper)), 0.025, 1e-6)
								   AND pg_temp.near(v.stars_before, r.mb, 1e-12) AND pg_temp.near(v.stars_during, r.ma, 1e-12)
								   AND pg_temp.near(v.stars_difference, r.ma - r.mb)
								   AND pg_temp.near(v.stars_p_value, 2 * pg_temp.t_upper(abs(r.ma - r.mb) / sqrt(r.va + r.vb),
										(r.va + r.vb) ^ 2 / (r.va ^ 2 / (r.na - 1) + r.vb ^ 2 / (r.nb - 1))), 1e-6)
								   AND pg_temp.near(pg_temp.t_upper((v.stars_during_ci_upper - r.ma) / sqrt(r.va), r.na - 1), 0.025, 1e-6))) AS mismatches,
	   bool_and(v.rate_ratio_ci_lower > 1) AS more_reviews,
	   bool_and(v.stars_p_value < 0.05) AS better_stars
FROM cs_reviews('review_campaign') AS v, ref_rev AS r;

-- Agent scorecard, October 2026, 14 days
CREATE TEMP TABLE ref_card AS
SELECT agent, count(*) AS conversations,
	   count(csat_score) AS cn, count(*) FILTER (WHERE csat_score >= 4) AS ck,
	   count(*) AS fn, count(*) FILTER (WHERE resolved_first_contact) AS fk,
	   count(*) FILTER (WHERE kind = 'inquiry') AS vn,
	   count(*) FILTER (WHERE kind = 'inquiry' AND EXISTS (SELECT FROM orders AS o WHERE o.customer_id = i.customer_id
					AND o.ordered_at > i.contacted_at AND o.ordered_at <= i.contacted_at + interval '336 hours')) AS vk,
	   count(*) FILTER (WHERE EXISTS (SELECT FROM orders AS o WHERE o.customer_id = i.customer_id
					AND o.product = i.recommended_product
					AND o.ordered_at > i.contacted_at AND o.ordered_at <= i.contacted_at + interval '336 hours')) AS uk
FROM cs_interactions AS i
WHERE contacted_at >= '2026-10-01 00:00+00' AND contacted_at < '2026-11-01 00:00+00'
GROUP BY ROLLUP (agent);
CREATE TEMP TABLE ref_card2 AS
SELECT r.*, pg_temp.wilson(r.ck, r.cn, false) AS clo, pg_temp.wilson(r.ck, r.cn, true) AS chi,
	   CASE WHEN pg_temp.wilson(r.ck, r.cn, false) > t.ck::float8 / t.cn THEN 'above'
			WHEN pg_temp.wilson(r.ck, r.cn, true) < t.ck::float8 / t.cn THEN 'below' ELSE '' END AS cflag,
	   CASE WHEN pg_temp.wilson(r.fk, r.fn, false) > t.fk::float8 / t.fn THEN 'above'
			WHEN pg_temp.wilson(r.fk, r.fn, true) < t.fk::float8 / t.fn THEN 'below' ELSE '' END AS fflag,
	   CASE WHEN pg_temp.wilson(r.vk, r.vn, false) > t.vk::float8 / t.vn THEN 'above'
			WHEN pg_temp.wilson(r.vk, r.vn, true) < t.vk::float8 / t.vn THEN 'below' ELSE '' END AS vflag,
	   CASE WHEN pg_temp.wilson(r.uk, r.fn, false) > t.uk::float8 / t.fn THEN 'above'
			WHEN pg_temp.wilson(r.uk, r.fn, true) < t.uk::float8 / t.fn THEN 'below' ELSE '' END AS uflag
FROM ref_card AS r CROSS JOIN (SELECT * FROM ref_card WHERE agent IS NULL) AS t;
SELECT count(*) AS rows,
	   count(*) FILTER (WHERE NOT (
			s.conversations = r.conversations AND s.csat_answers = r.cn
			AND pg_temp.near(s.csat, r.ck::float8 / r.cn) AND pg_temp.near(s.csat_ci_lower, r.clo)
			AND pg_temp.near(s.csat_ci_upper, r.chi) AND s.csat_vs_team = r.cflag
			AND pg_temp.near(s.fcr, r.fk::float8 / r.fn) AND pg_temp.near(s.fcr_ci_lower, pg_temp.wilson(r.fk, r.fn, false))
			AND pg_temp.near(s.fcr_ci_upper, pg_temp.wilson(r.fk, r.fn, true)) AND s.fcr_vs_team = r.fflag
			AND s.inquiries = r.vn AND pg_temp.near(s.cvr, r.vk::float8 / r.vn)
			AND pg_temp.near(s.cvr_ci_lower, pg_temp.wilson(r.vk, r.vn, false))
			AND pg_temp.near(s.cvr_ci_upper, pg_temp.wilson(r.vk, r.vn, true)) AND s.cvr_vs_team = r.vflag
			AND pg_temp.near(s.upsell_rate, r.uk::float8 / r.fn)
			AND pg_temp.near(s.upsell_ci_lower, pg_temp.wilson(r.uk, r.fn, false))
			AND pg_temp.near(s.upsell_ci_upper, pg_temp.wilson(r.uk, r.fn, true)) AND s.upsell_vs_team = r.uflag
			AND s.csat_best_rank IS NOT DISTINCT FROM
				CASE WHEN r.agent IS NOT NULL THEN 1 + (SELECT count(*) FROM ref_card2 AS o WHERE o.agent IS NOT NULL AND o.clo > r.chi) END
			AND s.csat_worst_rank IS NOT DISTINCT FROM
				CASE WHEN r.agent IS NOT NULL THEN 12 - (SELECT count(*) FROM ref_card2 AS o WHERE o.agent IS NOT NULL AND o.chi < r.clo) END)) AS mismatches,
	   count(*) FILTER (WHERE s.fcr_vs_team <> '' OR s.cvr_vs_team <> '' OR s.upsell_vs_team <> '' OR s.csat_vs_team <> '') AS flagged_agents
FROM cs_scorecard('2026-10-01', 14) AS s
	JOIN ref_card2 AS r ON r.agent IS NOT DISTINCT FROM s.agent;
-- the rows come ranked by the CSAT lower bound, the team last
SELECT array_agg(agent) IS NOT DISTINCT FROM
	   (SELECT array_agg(agent ORDER BY agent IS NULL, clo DESC, agent) FROM ref_card2) AS ranked
FROM cs_scorecard('2026-10-01', 14);

DROP SCHEMA cs_recipes CASCADE;
