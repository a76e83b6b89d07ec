--
-- Customer lifetime value: rfm_agg, bgnbd_fit, gamma_gamma_fit, the model
-- types, scoring, customer_lifetime_value and simple_clv.
--
-- Expected values are worked by hand in the comments or recomputed here in
-- plain SQL from the published closed forms (Fader, Hardie & Lee 2005,
-- "Counting your customers the easy way", eq. 6, 7, 10 and the P(alive)
-- formula; Fader & Hardie 2013, "The Gamma-Gamma model of monetary value"),
-- never copied from the extension.  PostgreSQL 15 has no lgamma(), so the
-- plain-SQL BG/NBD likelihood uses the gamma-function-free form that holds
-- for integer x:
--   Gamma(r+x)/Gamma(r) = prod_{k<x} (r+k),
--   Gamma(a+b) Gamma(b+x) / (Gamma(b) Gamma(a+b+x)) = prod_{k<x} (b+k)/(a+b+k),
-- and the Gamma-Gamma density is checked at p, q with integer p x and q
-- (factorials).  The published CDNOW benchmark is in sql/clv_cdnow.sql.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA clv;
SET search_path = clv, public;
SET extra_float_digits = 0;
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'UTC';

\i sql/include/err.sql

-- ---------------------------------------------------------------------
-- Independent closed forms in plain SQL
-- ---------------------------------------------------------------------

-- BG/NBD eq. 6, one customer, gamma-function-free (integer x)
CREATE FUNCTION pg_temp.bg_ll(r float8, al float8, a float8, b float8, x bigint, tx float8, tc float8)
RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce((SELECT sum(ln(r + k) + ln(b + k) - ln(a + b + k)) FROM generate_series(0, x - 1) k), 0)
		+ r * ln(al)
		+ ln(power(al + tc, -(r + x))
			 + CASE WHEN x > 0 THEN a / (b + x - 1) * power(al + tx, -(r + x)) ELSE 0 END)
$$;

-- Gauss 2F1(a, b; c; z) by its series, 0 <= z < 1 (terms until < 1e-17 of the sum)
CREATE FUNCTION pg_temp.hyp2f1(a float8, b float8, c float8, z float8)
RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
	WITH RECURSIVE s(k, term, total) AS (
		SELECT 0, 1::float8, 1::float8
		UNION ALL
		SELECT k + 1, term * (a + k) * (b + k) / ((c + k) * (k + 1)) * z,
		       total + term * (a + k) * (b + k) / ((c + k) * (k + 1)) * z
		FROM s WHERE k < 20000 AND abs(term) > 1e-17 * abs(total))
	SELECT total FROM s ORDER BY k DESC LIMIT 1
$$;

-- E[X(t)], eq. 7
CREATE FUNCTION pg_temp.ex(r float8, al float8, a float8, b float8, t float8)
RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
	SELECT (a + b - 1) / (a - 1)
		* (1 - power(al / (al + t), r) * pg_temp.hyp2f1(r, b, a + b - 1, t / (al + t)))
$$;

-- P(alive | x, t_x, T)
CREATE FUNCTION pg_temp.palive(r float8, al float8, a float8, b float8, x bigint, tx float8, tc float8)
RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN x = 0 THEN 1
	            ELSE 1 / (1 + a / (b + x - 1) * power((al + tc) / (al + tx), r + x)) END
$$;

-- E[Y(t) | x, t_x, T], eq. 10
CREATE FUNCTION pg_temp.cond_ex(r float8, al float8, a float8, b float8, t float8, x bigint, tx float8, tc float8)
RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
	SELECT (a + b + x - 1) / (a - 1)
		* (1 - power((al + tc) / (al + tc + t), r + x)
		       * pg_temp.hyp2f1(r + x, b + x, a + b + x - 1, t / (al + tc + t)))
		/ (1 + CASE WHEN x > 0 THEN a / (b + x - 1) * power((al + tc) / (al + tx), r + x) ELSE 0 END)
$$;

-- Gamma-Gamma log-density of the mean m of x spends (p x and q integers):
-- Gamma(px+q)/(Gamma(px) Gamma(q)) gamma^q m^(px-1) x^(px) / (gamma + m x)^(px+q)
CREATE FUNCTION pg_temp.gg_ll(p float8, q float8, g float8, x bigint, m float8)
RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
	SELECT ln((factorial((p * x + q - 1)::bigint)
	           / (factorial((p * x - 1)::bigint) * factorial((q - 1)::bigint)))::float8)
		+ q * ln(g) + (p * x - 1) * ln(m) + p * x * ln(x) - (p * x + q) * ln(g + m * x)
$$;

-- ---------------------------------------------------------------------
-- Hand-worked likelihood
-- ---------------------------------------------------------------------
-- At r = 1, alpha = 2, a = 1, b = 2:
--   (x=2, t_x=4, T=10): A1 = r (r+1) alpha^r = 1*2*2 = 4,
--     A2 = b (b+1) / ((a+b)(a+b+1)) = 2*3/(3*4) = 1/2,
--     A3 = 12^-3 = 1/1728, A4 = a/(b+1) 6^-3 = 1/648,
--     L = 4 * 1/2 * (1/1728 + 1/648) = 2 * 11/5184 = 11/2592;
--   (x=0, T=5): L = alpha^r (alpha+T)^-r = 2/7;
--   together ln(11/2592 * 2/7) = ln(11/9072).
SELECT round(log_likelihood(bgnbd_model(1, 2, 1, 2), 2, 4, 10)::numeric, 12) AS ll_a,
       round(ln(11.0 / 2592)::numeric, 12) AS by_hand_a,
       round(log_likelihood(bgnbd_model(1, 2, 1, 2), 0, 0, 5)::numeric, 12) AS ll_b,
       round(ln(2.0 / 7)::numeric, 12) AS by_hand_b,
       abs(log_likelihood(bgnbd_model(1, 2, 1, 2), 2, 4, 10)
           + log_likelihood(bgnbd_model(1, 2, 1, 2), 0, 0, 5) - ln(11.0 / 9072)) < 1e-12 AS sum_ok;

-- A small data set: every customer's likelihood at several parameter sets
-- equals the plain-SQL closed form (relative 1e-12)
CREATE TABLE small (id int, x bigint, t_x float8, t_cal float8, m float8);
INSERT INTO small VALUES
	(1, 0, 0, 30, 0), (2, 0, 0, 12.5, 0), (3, 1, 2, 30, 10), (4, 1, 28, 30, 25),
	(5, 2, 10, 20, 8), (6, 3, 25.5, 26, 40), (7, 5, 7, 40, 12), (8, 8, 36, 38, 30),
	(9, 0, 0, 0, 0), (10, 1, 3, 3, 15), (11, 12, 20, 39, 22), (12, 2, 1, 39, 5);
SELECT par, count(*) AS customers,
       max(abs(log_likelihood(bgnbd_model(r, al, a, b), x, t_x, t_cal)
               - pg_temp.bg_ll(r, al, a, b, x, t_x, t_cal))
           / greatest(1, abs(pg_temp.bg_ll(r, al, a, b, x, t_x, t_cal)))) < 1e-12 AS ll_matches
FROM small,
     (VALUES ('cdnow', 0.243, 4.414, 0.793, 2.426), ('a = 1', 0.5, 3.0, 1.0, 2.0),
             ('a + b < 1', 2.0, 10.0, 0.3, 0.4), ('large', 20.0, 0.5, 15.0, 40.0)) AS p(par, r, al, a, b)
GROUP BY par ORDER BY par;

-- ---------------------------------------------------------------------
-- The fit: optimality
-- ---------------------------------------------------------------------
-- The first 40 customers of the CDNOW sample (tests/data/cdnow.sql)
\i tests/data/cdnow.sql
CREATE TABLE fit40 AS SELECT id, x, t_x, t_cal, zbar AS m FROM cdnow_summary WHERE id <= 40;
CREATE TABLE small_fit AS SELECT bgnbd_fit(x, t_x, t_cal) AS mdl FROM fit40;
SELECT converged(mdl), customers(mdl), repeat_buyers(mdl), iterations(mdl) > 0 AS iterated,
       -- log_likelihood(model) is the sum of the plain-SQL closed form at the fitted parameters
       abs(log_likelihood(mdl) - (SELECT sum(pg_temp.bg_ll(bgnbd_r(mdl), bgnbd_alpha(mdl), bgnbd_a(mdl), bgnbd_b(mdl), x, t_x, t_cal)) FROM fit40)) < 1e-9 AS ll_is_closed_form
FROM small_fit;
-- gradient ~ 0: central differences of the plain-SQL likelihood in each
-- log-parameter (step 1e-5) are below 1e-5 per customer, and no
-- perturbation by a factor 1 +- 1e-3 of one parameter or of several
-- improves the likelihood
CREATE TABLE fitpar AS
SELECT bgnbd_r(mdl) AS r, bgnbd_alpha(mdl) AS al, bgnbd_a(mdl) AS a, bgnbd_b(mdl) AS b, log_likelihood(mdl) AS ll FROM small_fit;
CREATE FUNCTION pg_temp.fit40_ll(r float8, al float8, a float8, b float8) RETURNS float8 LANGUAGE sql AS $$
	SELECT sum(pg_temp.bg_ll(r, al, a, b, x, t_x, t_cal)) FROM fit40 $$;
SELECT j AS parameter,
       abs(pg_temp.fit40_ll(r * CASE WHEN j = 1 THEN h ELSE 1 END, al * CASE WHEN j = 2 THEN h ELSE 1 END,
                            a * CASE WHEN j = 3 THEN h ELSE 1 END, b * CASE WHEN j = 4 THEN h ELSE 1 END)
           - pg_temp.fit40_ll(r / CASE WHEN j = 1 THEN h ELSE 1 END, al / CASE WHEN j = 2 THEN h ELSE 1 END,
                              a / CASE WHEN j = 3 THEN h ELSE 1 END, b / CASE WHEN j = 4 THEN h ELSE 1 END))
           / (2e-5 * 40) < 1e-5 AS gradient_small
FROM fitpar, generate_series(1, 4) j, (SELECT exp(1e-5) AS h) hh ORDER BY j;
SELECT count(*) AS perturbations,
       count(*) FILTER (WHERE pg_temp.fit40_ll(r * f1, al * f2, a * f3, b * f4) < ll) AS lower,
       count(*) FILTER (WHERE pg_temp.fit40_ll(r * f1, al * f2, a * f3, b * f4) > ll + 1e-9) AS better
FROM fitpar, (SELECT * FROM (VALUES (0.999), (1), (1.001)) v1(f1), (VALUES (0.999), (1), (1.001)) v2(f2),
                            (VALUES (0.999), (1), (1.001)) v3(f3), (VALUES (0.999), (1), (1.001)) v4(f4)) f
WHERE (f1, f2, f3, f4) <> (1, 1, 1, 1);

-- the fit does not depend on the order of the rows (sorted before fitting)
SELECT (SELECT mdl::text FROM small_fit)
       = (SELECT bgnbd_fit(x, t_x, t_cal ORDER BY id DESC)::text FROM fit40) AS order_independent,
       (SELECT mdl::text FROM small_fit)
       = (SELECT bgnbd_fit(x, t_x, t_cal ORDER BY (id * 7) % 40)::text FROM fit40) AS shuffled_same;

-- duplicate customers count: each row twice = the likelihood doubles,
-- same parameters (the point set keeps counts)
SELECT abs(log_likelihood(d) - 2 * log_likelihood(s)) < 1e-9 * abs(log_likelihood(s)) AS ll_doubles,
       abs(bgnbd_r(d) / bgnbd_r(s) - 1) < 1e-6 AND abs(bgnbd_b(d) / bgnbd_b(s) - 1) < 1e-6 AS same_fit,
       customers(d)
FROM (SELECT bgnbd_fit(x, t_x, t_cal) d FROM fit40, generate_series(1, 2)) dd, (SELECT mdl s FROM small_fit) ss;

-- The 12 hand-made customers above have no heterogeneity in dropout: the
-- likelihood rises towards a, b -> infinity with a/b fixed, its gradient
-- vanishing on the way.  The fit says so instead of claiming a maximum.
SELECT converged(m) AS converged, bgnbd_a(m) > 1e6 AND bgnbd_b(m) > 1e6 AS a_b_huge,
       round((bgnbd_a(m) / (bgnbd_a(m) + bgnbd_b(m)))::numeric, 3) AS mean_dropout_p
FROM (SELECT bgnbd_fit(x, t_x, t_cal) m FROM small) s;

-- Gamma-Gamma on the same 40: optimality by perturbation of the summed
-- per-customer density, and the correlation check equals corr() of x and m
CREATE TABLE gg40 AS SELECT gamma_gamma_fit(x, m) AS s FROM fit40;
SELECT converged(s), customers(s) = (SELECT count(*) FROM fit40 WHERE x > 0) AS repeat_buyers_only,
       abs(frequency_spend_correlation(s) - (SELECT corr(x, m) FROM fit40 WHERE x > 0)) < 1e-12 AS correlation_is_corr,
       abs(log_likelihood(s) - (SELECT sum(log_likelihood(s, x, m)) FROM fit40 WHERE x > 0)) < 1e-9 AS ll_is_sum,
       (SELECT count(*) FILTER (WHERE (SELECT sum(log_likelihood(spend_model(spend_p(s) * f1, spend_q(s) * f2, spend_gamma(s) * f3), x, m))
                                       FROM fit40 WHERE x > 0) <= log_likelihood(s) + 1e-9)
        FROM (VALUES (0.999), (1), (1.001)) v1(f1), (VALUES (0.999), (1), (1.001)) v2(f2), (VALUES (0.999), (1), (1.001)) v3(f3)) AS not_better_of_27
FROM gg40;

-- ---------------------------------------------------------------------
-- Scoring at fixed parameters against the closed forms
-- ---------------------------------------------------------------------
-- E[X(t)] (eq. 7) at several parameter sets and horizons, relative 1e-9
SELECT par, count(*) AS horizons,
       max(abs(expected_purchases(bgnbd_model(r, al, a, b), t) - pg_temp.ex(r, al, a, b, t))
           / pg_temp.ex(r, al, a, b, t)) < 1e-9 AS ex_matches
FROM (VALUES ('cdnow', 0.243, 4.414, 0.793, 2.426), ('b large', 1.5, 20.0, 2.0, 9.0),
             ('a + b < 1', 2.0, 10.0, 0.3, 0.4)) AS p(par, r, al, a, b),
     (VALUES (0.5), (1), (4.414), (10), (39), (52)) AS h(t)
GROUP BY par ORDER BY par;
-- hand-worked: r = 1, alpha = 1, a = 2, b = 1, t = 1: z = 1/2,
-- 2F1(1, 1; 2; z) = -ln(1 - z)/z = 2 ln 2, so
-- E[X(1)] = (a+b-1)/(a-1) (1 - (1/2) 2 ln 2) = 2 (1 - ln 2) = 0.613705638880...
SELECT round(expected_purchases(bgnbd_model(1, 1, 2, 1), 1)::numeric, 12) AS ex_hand,
       round((2 * (1 - ln(2)))::numeric, 12) AS by_hand,
       expected_purchases(bgnbd_model(1, 1, 2, 1), 0) AS at_zero;
-- P(alive) and E[Y(t) | x, t_x, T] (eq. 10) for every small customer
SELECT count(*) AS customers,
       max(abs(probability_alive(mm, x, t_x, t_cal) - pg_temp.palive(0.243, 4.414, 0.793, 2.426, x, t_x, t_cal))) < 1e-14 AS palive_matches,
       max(abs(conditional_expected_purchases(mm, 39, x, t_x, t_cal) - pg_temp.cond_ex(0.243, 4.414, 0.793, 2.426, 39, x, t_x, t_cal))
           / pg_temp.cond_ex(0.243, 4.414, 0.793, 2.426, 39, x, t_x, t_cal)) < 1e-9 AS cond_matches,
       bool_and(probability_alive(mm, x, t_x, t_cal) = 1) FILTER (WHERE x = 0) AS x0_alive
FROM small, (SELECT bgnbd_model(0.243, 4.414, 0.793, 2.426) mm) c;
-- hand-worked P(alive): r = 1, alpha = 2, a = 1, b = 2, (x=2, t_x=4, T=10):
-- 1 / (1 + 1/3 (12/6)^3) = 1 / (1 + 8/3) = 3/11
SELECT abs(probability_alive(bgnbd_model(1, 2, 1, 2), 2, 4, 10) - 3.0 / 11) < 1e-15 AS palive_3_11;

-- Gamma-Gamma: density at integer p x, q against factorials; E[M | x, m]
-- by hand: p = 2, q = 3, gamma = 10, (x = 4, m = 5):
--   (gamma + m x) p / (p x + q - 1) = (10 + 20) 2 / (8 + 2) = 6;
--   x = 0: population mean p gamma / (q - 1) = 2 * 10 / 2 = 10
SELECT max(abs(log_likelihood(spend_model(2, 3, 10), x, m) - pg_temp.gg_ll(2, 3, 10, x, m))) < 1e-12 AS gg_ll_matches,
       conditional_expected_value(spend_model(2, 3, 10), 4, 5) AS cev_hand_6,
       conditional_expected_value(spend_model(2, 3, 10), 0, 0) AS population_mean_10,
       conditional_expected_value(spend_model(2, 3, 10), 0, 123) AS m_ignored_when_x0,
       conditional_expected_value(spend_model(2, 0.5, 10), 0, 0) AS infinite_mean_null
FROM small WHERE x > 0;

-- customer_lifetime_value = lifetimes' loop written out: monthly
-- increments of E[Y] (30 days a month) times E[M], discounted (1 + d)^i
SELECT count(*) AS customers,
       max(abs(clv - by_def) / greatest(by_def, 1e-300)) < 1e-12 AS clv_is_definition,
       bool_and(clv > 0) AS positive
FROM (SELECT customer_lifetime_value(b, s, x, t_x, t_cal, m, 12, 0.01, 30) AS clv,
             (SELECT sum((conditional_expected_purchases(b, 30 * i, x, t_x, t_cal)
                          - conditional_expected_purchases(b, 30 * (i - 1), x, t_x, t_cal))
                         * conditional_expected_value(s, x, m) / power(1.01, i))
              FROM generate_series(1, 12) i) AS by_def
      FROM small, (SELECT bgnbd_model(0.05, 8.0, 0.6, 2.5) b, spend_model(6.25, 3.74, 15.44) s) c) q;
-- defaults: 12 periods, 1 % a period, 30 units a period; horizon 0 is 0
SELECT customer_lifetime_value(b, s, 2, 4, 10, 20) = customer_lifetime_value(b, s, 2, 4, 10, 20, 12, 0.01, 30) AS defaults,
       customer_lifetime_value(b, s, 2, 4, 10, 20, 0) AS horizon_0,
       customer_lifetime_value(b, s, 2, 4, 10, 20, 12, 0) > customer_lifetime_value(b, s, 2, 4, 10, 20, 12, 0.05) AS discounting_lowers
FROM (SELECT bgnbd_model(0.05, 8.0, 0.6, 2.5) b, spend_model(6.25, 3.74, 15.44) s) c;

-- simple_clv, by hand: arpu 50, margin 0.8, churn 0.05:
--   undiscounted 50 * 0.8 / 0.05 = 800; d = 0.01: 40 * 1.01 / 0.06 = 673.333...
--   churn 1: only the first period's margin, 40 (d = 0) and 40 (any d)
SELECT simple_clv(50, 0.8, 0.05) AS undiscounted_800,
       round(simple_clv(50, 0.8, 0.05, 0.01)::numeric, 9) AS discounted,
       round(40 * 1.01 / 0.06, 9) AS by_hand,
       simple_clv(50, 0.8, 1) AS churn_1, simple_clv(50, 0.8, 1, 0.2) AS churn_1_d,
       simple_clv(50, 0.8, 0) AS never_churn_null, simple_clv(50, 0.8, 0, 0.01) AS perpetuity_4040,
       simple_clv(-10, 0.5, 0.1) AS negative_margin;

-- ---------------------------------------------------------------------
-- Model accessors, report rows, jsonb, text and binary forms
-- ---------------------------------------------------------------------
SELECT bgnbd_r(m), bgnbd_alpha(m), bgnbd_a(m), bgnbd_b(m), log_likelihood(m), customers(m),
       repeat_buyers(m), converged(m), iterations(m), m::text
FROM (SELECT bgnbd_model(0.243, 4.414, 0.793, 2.426) m) t;
SELECT spend_p(s), spend_q(s), spend_gamma(s), log_likelihood(s), customers(s), converged(s),
       frequency_spend_correlation(s), s::text, s::jsonb
FROM (SELECT spend_model(6.25, 3.74, 15.44) s) t;
SELECT (bgnbd_model(0.243, 4.414, 0.793, 2.426))::jsonb;
SELECT r.* FROM (SELECT bgnbd_model(0.243, 4.414, 0.793, 2.426) m) t CROSS JOIN LATERAL bgnbd_report(t.m) r;
SELECT r.* FROM (SELECT spend_model(6.25, 3.74, 15.44) s) t CROSS JOIN LATERAL spend_model_report(t.s) r;
-- report and jsonb of a fitted model agree with the accessors
SELECT r.bgnbd_r = bgnbd_r(mdl) AND r.bgnbd_alpha = bgnbd_alpha(mdl) AND r.bgnbd_a = bgnbd_a(mdl)
       AND r.bgnbd_b = bgnbd_b(mdl) AND r.log_likelihood = log_likelihood(mdl)
       AND r.customers = customers(mdl) AND r.repeat_buyers = repeat_buyers(mdl)
       AND r.iterations = iterations(mdl) AND r.converged = converged(mdl) AS report_ok,
       (mdl::jsonb->>'bgnbd_r')::float8 = bgnbd_r(mdl) AND (mdl::jsonb->>'log_likelihood')::float8 = log_likelihood(mdl)
       AND (mdl::jsonb->>'customers')::bigint = 40 AND (mdl::jsonb->'converged')::text = 'true' AS jsonb_ok,
       mdl::text::bgnbd_model::text = mdl::text AS text_round_trip
FROM small_fit CROSS JOIN LATERAL bgnbd_report(mdl) r;

-- text input: canonical, every field validated
SELECT label, pg_temp.err(format('SELECT %L::bgnbd_model', t)) AS result
FROM (VALUES
	('valid given', 'v1;r=0.243;alpha=4.414;a=0.793;b=2.426;log_likelihood=0;customers=0;repeat_buyers=0;iterations=0;converged=false;grad_norm=0'),
	('valid fitted', 'v1;r=1;alpha=2;a=3;b=4;log_likelihood=-120.5;customers=50;repeat_buyers=20;iterations=17;converged=true;grad_norm=1e-10'),
	('r = 0', 'v1;r=0;alpha=4.414;a=0.793;b=2.426;log_likelihood=0;customers=0;repeat_buyers=0;iterations=0;converged=false;grad_norm=0'),
	('negative alpha', 'v1;r=1;alpha=-2;a=3;b=4;log_likelihood=-1;customers=50;repeat_buyers=20;iterations=17;converged=true;grad_norm=0'),
	('3 customers', 'v1;r=1;alpha=2;a=3;b=4;log_likelihood=-1;customers=3;repeat_buyers=1;iterations=17;converged=true;grad_norm=0'),
	('repeat > customers', 'v1;r=1;alpha=2;a=3;b=4;log_likelihood=-1;customers=5;repeat_buyers=6;iterations=17;converged=true;grad_norm=0'),
	('no repeat buyers', 'v1;r=1;alpha=2;a=3;b=4;log_likelihood=-1;customers=5;repeat_buyers=0;iterations=17;converged=true;grad_norm=0'),
	('given with a likelihood', 'v1;r=1;alpha=2;a=3;b=4;log_likelihood=-1;customers=0;repeat_buyers=0;iterations=0;converged=false;grad_norm=0'),
	('converged=yes', 'v1;r=1;alpha=2;a=3;b=4;log_likelihood=-1;customers=5;repeat_buyers=1;iterations=1;converged=yes;grad_norm=0'),
	('negative grad_norm', 'v1;r=1;alpha=2;a=3;b=4;log_likelihood=-1;customers=5;repeat_buyers=1;iterations=1;converged=true;grad_norm=-1'),
	('NaN', 'v1;r=NaN;alpha=2;a=3;b=4;log_likelihood=-1;customers=5;repeat_buyers=1;iterations=1;converged=true;grad_norm=0'),
	('1e999', 'v1;r=1e999;alpha=2;a=3;b=4;log_likelihood=-1;customers=5;repeat_buyers=1;iterations=1;converged=true;grad_norm=0'),
	('missing field', 'v1;r=1;alpha=2;a=3;b=4;log_likelihood=-1;customers=5;iterations=1;converged=true;grad_norm=0'),
	('trailing garbage', 'v1;r=1;alpha=2;a=3;b=4;log_likelihood=-1;customers=5;repeat_buyers=1;iterations=1;converged=true;grad_norm=0;x'),
	('version 2', 'v2;r=1;alpha=2;a=3;b=4;log_likelihood=-1;customers=5;repeat_buyers=1;iterations=1;converged=true;grad_norm=0'),
	('a spend model', 'v1;p=6.25;q=3.74;gamma=15.44;log_likelihood=0;customers=0;iterations=0;converged=false;grad_norm=0;correlation=null'),
	('empty', '')
) AS v(label, t);
SELECT label, pg_temp.err(format('SELECT %L::spend_model', t)) AS result
FROM (VALUES
	('valid given', 'v1;p=6.25;q=3.74;gamma=15.44;log_likelihood=0;customers=0;iterations=0;converged=false;grad_norm=0;correlation=null'),
	('valid fitted', 'v1;p=6.25;q=3.74;gamma=15.44;log_likelihood=-4055.9;customers=946;iterations=20;converged=true;grad_norm=1e-9;correlation=0.11'),
	('correlation 2', 'v1;p=6.25;q=3.74;gamma=15.44;log_likelihood=-4055.9;customers=946;iterations=20;converged=true;grad_norm=1e-9;correlation=2'),
	('given with a correlation', 'v1;p=6.25;q=3.74;gamma=15.44;log_likelihood=0;customers=0;iterations=0;converged=false;grad_norm=0;correlation=0.1'),
	('q = 0', 'v1;p=6.25;q=0;gamma=15.44;log_likelihood=0;customers=0;iterations=0;converged=false;grad_norm=0;correlation=null'),
	('a bgnbd model', 'v1;r=1;alpha=2;a=3;b=4;log_likelihood=-120.5;customers=50;repeat_buyers=20;iterations=17;converged=true;grad_norm=1e-10')
) AS v(label, t);
SELECT 'v1;r=0.2430;alpha=4.414e0;a=0.793;b=2.426;log_likelihood=-0;customers=0;repeat_buyers=0;iterations=0;converged=false;grad_norm=0'::bgnbd_model::text AS canonical;

-- constructors and their errors
SELECT pg_temp.err('SELECT bgnbd_model(0, 1, 1, 1)') AS r_zero,
       pg_temp.err('SELECT bgnbd_model(1, ''Infinity'', 1, 1)') AS alpha_inf,
       pg_temp.err('SELECT bgnbd_model(1, 1, ''NaN'', 1)') AS a_nan,
       pg_temp.err('SELECT spend_model(1, 1, -1)') AS gamma_negative;

-- ---------------------------------------------------------------------
-- clv_points: the fits' state
-- ---------------------------------------------------------------------
SELECT bgnbd_fit_transfn(bgnbd_fit_transfn(bgnbd_fit_transfn(NULL, 2, 4, 10), 0, 0, 5), 2, 4, 10) AS state,
       gamma_gamma_fit_transfn(gamma_gamma_fit_transfn(gamma_gamma_fit_transfn(NULL, 1, 12.5), 0, 7), 3, 2) AS gg_state,
       bgnbd_fit_transfn(NULL, 2, 4, 10) + bgnbd_fit_transfn(NULL, 0, -0.0, 5) + bgnbd_fit_transfn(NULL, 2, 4, 10) AS merged;
SELECT label, pg_temp.err(format('SELECT %L::clv_points::text', t)) AS result
FROM (VALUES
	('valid', 'v1;bgnbd;0,0,5*1;2,4,10*2'),
	('empty', 'v1;bgnbd'),
	('gamma-gamma', 'v1;gamma_gamma;1,12.5*1;3,2*1'),
	('unsorted', 'v1;bgnbd;2,4,10*2;0,0,5*1'),
	('duplicate', 'v1;bgnbd;2,4,10*2;2,4,10*1'),
	('count 0', 'v1;bgnbd;2,4,10*0'),
	('t_x > T', 'v1;bgnbd;2,11,10*1'),
	('x = 0, t_x > 0', 'v1;bgnbd;0,1,10*1'),
	('negative x', 'v1;bgnbd;-1,0,10*1'),
	('gamma-gamma x = 0', 'v1;gamma_gamma;0,12.5*1'),
	('gamma-gamma m = 0', 'v1;gamma_gamma;1,0*1'),
	('missing count', 'v1;bgnbd;2,4,10'),
	('trailing', 'v1;bgnbd;2,4,10*1;'),
	('garbage', 'v1;bgnbd;2,4,10*1 x'),
	('unknown kind', 'v1;pareto;1,2,3*1')
) AS v(label, t);
-- the two steps apart: point sets per segment, their rollup, the fit of
-- the rollup equals the fit of the rows (bit for bit)
CREATE TABLE seg_points AS
SELECT id % 3 AS seg, bgnbd_points(x, t_x, t_cal) AS p, gamma_gamma_points(x, m) AS g
FROM fit40 GROUP BY 1;
SELECT bgnbd_fit(rollup(p))::text = (SELECT mdl::text FROM small_fit) AS bgnbd_rollup_same,
       gamma_gamma_fit(rollup(g))::text = (SELECT s::text FROM gg40) AS gg_rollup_same,
       rollup(p)::text = (SELECT bgnbd_points(x, t_x, t_cal)::text FROM fit40) AS points_same,
       pg_temp.err('SELECT bgnbd_fit(rollup(g)) FROM clv.seg_points') AS wrong_kind
FROM seg_points;
-- one set, one form: a set's size does not depend on how it was built.
-- 4 distinct points fit 8 slots (at most 3/4 full): a 16-byte header
-- (varlena length, version, kind, reserved), the set's 16 (capacity, used,
-- total) and 8 slots of 32 bytes, 16 + 16 + 256 = 288, for v, for v + v
-- (still 4 points: the union, not 8) and for the rollup of 3 copies; 7
-- points need 16 slots: 16 + 16 + 512 = 544 (the fuzzer's case: v + v once
-- grew to 16 slots and read back from its text at 8)
WITH v(p) AS (SELECT 'v1;bgnbd;1,0,5*3;1,0.5,5.12*1;7,1e-3,012*1;7,1e-3,010e+3*2'::clv_points)
SELECT pg_column_size(p) AS v_bytes,
       pg_column_size(p + p) AS v_plus_v_bytes,
       pg_column_size((p + p)::text::clv_points) AS v_plus_v_reread_bytes,
       (SELECT pg_column_size(rollup(q)) FROM (VALUES (p), (p), (p)) r(q)) AS rollup3_bytes,
       pg_column_size(p + 'v1;bgnbd;2,1,5*1;3,1,5*1;4,1,5*1'::clv_points) AS seven_points_bytes,
       (p + p)::text AS v_plus_v
FROM v;
SELECT pg_temp.err('SELECT ''v1;bgnbd;0,0,5*1''::clv_points + ''v1;gamma_gamma;1,5*1''::clv_points') AS mixed_kinds,
       pg_temp.err('SELECT gamma_gamma_fit_final(''v1;bgnbd;0,0,5*1;1,1,5*1;1,2,5*1;2,3,5*1''::clv_points)') AS wrong_final;

-- ---------------------------------------------------------------------
-- Errors of the fits and of scoring
-- ---------------------------------------------------------------------
SELECT label, pg_temp.err(q) AS result
FROM (VALUES
	('x < 0', 'SELECT bgnbd_fit(x, t_x, t) FROM (VALUES (-1::bigint, 0::float8, 5::float8)) v(x, t_x, t)'),
	('t_x > T', 'SELECT bgnbd_fit(x, t_x, t) FROM (VALUES (2::bigint, 6::float8, 5::float8)) v(x, t_x, t)'),
	('t_x < 0', 'SELECT bgnbd_fit(x, t_x, t) FROM (VALUES (2::bigint, -1::float8, 5::float8)) v(x, t_x, t)'),
	('x = 0, t_x <> 0', 'SELECT bgnbd_fit(x, t_x, t) FROM (VALUES (0::bigint, 1::float8, 5::float8)) v(x, t_x, t)'),
	('T NaN', 'SELECT bgnbd_fit(x, t_x, t) FROM (VALUES (1::bigint, 1::float8, ''NaN''::float8)) v(x, t_x, t)'),
	('T infinite', 'SELECT bgnbd_fit(x, t_x, t) FROM (VALUES (1::bigint, 1::float8, ''Infinity''::float8)) v(x, t_x, t)'),
	('3 customers', 'SELECT bgnbd_fit(x, t_x, t) FROM (VALUES (1::bigint, 1::float8, 5::float8), (0, 0, 5), (2, 3, 5)) v(x, t_x, t)'),
	('no repeat buyers', 'SELECT bgnbd_fit(0, 0, t) FROM generate_series(1, 10) t'),
	('nobody observed', 'SELECT bgnbd_fit(x, 0, 0) FROM (VALUES (1::bigint), (0), (0), (0)) v(x)'),
	('gg: m = 0', 'SELECT gamma_gamma_fit(x, m) FROM (VALUES (1::bigint, 0::float8)) v(x, m)'),
	('gg: m < 0', 'SELECT gamma_gamma_fit(x, m) FROM (VALUES (2::bigint, -3::float8)) v(x, m)'),
	('gg: x < 0', 'SELECT gamma_gamma_fit(x, m) FROM (VALUES (-2::bigint, 3::float8)) v(x, m)'),
	('gg: 3 repeat buyers', 'SELECT gamma_gamma_fit(x, m) FROM (VALUES (1::bigint, 3::float8), (2, 4), (1, 5), (0, 0)) v(x, m)'),
	('score: t < 0', 'SELECT expected_purchases(bgnbd_model(1, 1, 1, 1), -1)'),
	('score: t NaN', 'SELECT conditional_expected_purchases(bgnbd_model(1, 1, 1, 1), ''NaN'', 1, 1, 2)'),
	('score: t_x > T', 'SELECT probability_alive(bgnbd_model(1, 1, 1, 1), 1, 3, 2)'),
	('score: x = 0, t_x > 0', 'SELECT conditional_expected_purchases(bgnbd_model(1, 1, 1, 1), 5, 0, 1, 2)'),
	('cev: m < 0', 'SELECT conditional_expected_value(spend_model(1, 2, 3), 1, -1)'),
	('cev: x < 0', 'SELECT conditional_expected_value(spend_model(1, 2, 3), -1, 1)'),
	('ll: gg x = 0', 'SELECT log_likelihood(spend_model(1, 2, 3), 0, 1)'),
	('clv: horizon < 0', 'SELECT customer_lifetime_value(bgnbd_model(1, 1, 1, 1), spend_model(1, 2, 3), 1, 1, 2, 5, -1)'),
	('clv: discount -1', 'SELECT customer_lifetime_value(bgnbd_model(1, 1, 1, 1), spend_model(1, 2, 3), 1, 1, 2, 5, 12, -1)'),
	('clv: units 0', 'SELECT customer_lifetime_value(bgnbd_model(1, 1, 1, 1), spend_model(1, 2, 3), 1, 1, 2, 5, 12, 0.01, 0)'),
	('clv: bad customer', 'SELECT customer_lifetime_value(bgnbd_model(1, 1, 1, 1), spend_model(1, 2, 3), 1, 3, 2, 5)'),
	('simple: churn 1.5', 'SELECT simple_clv(10, 0.5, 1.5)'),
	('simple: churn < 0', 'SELECT simple_clv(10, 0.5, -0.1)'),
	('simple: discount < 0', 'SELECT simple_clv(10, 0.5, 0.1, -0.01)'),
	('simple: arpu infinite', 'SELECT simple_clv(''Infinity'', 0.5, 0.1)')
) AS v(label, q);
-- NULL rows are skipped; an empty input gives NULL
SELECT bgnbd_fit(x, t_x, t_cal) IS NULL AS empty_null, gamma_gamma_fit(x, m) IS NULL AS gg_empty_null
FROM small WHERE false;
SELECT bgnbd_fit(x, t_x, t_cal)::text = (SELECT mdl::text FROM small_fit) AS nulls_skipped
FROM (SELECT x, t_x, t_cal FROM fit40 UNION ALL VALUES (NULL::bigint, 1::float8, 2::float8), (1, NULL, 2), (1, 1, NULL)) s;
-- gamma_gamma_fit ignores x = 0 rows (whatever m) and NULLs
SELECT gamma_gamma_fit(x, m)::text = (SELECT gamma_gamma_fit(x, m)::text FROM small WHERE x > 0) AS x0_skipped
FROM (SELECT x, m FROM small UNION ALL VALUES (0::bigint, -5::float8), (NULL, 3), (2, NULL)) s;

-- ---------------------------------------------------------------------
-- rfm_agg
-- ---------------------------------------------------------------------
-- Customer 1, as_of 2024-02-01:
--   2024-01-01 10 + 5 (first day: not repeat), 2024-01-05 20 + 4, 2024-01-20 30,
--   2024-03-01 99 (after as_of: ignored).
--   days: repeat days Jan 5, Jan 20 -> x = 2, t_x = 19, T = 31,
--         m = (24 + 30) / 2 = 27, orders 5;
--   weeks (from Jan 1): Jan 5 is day 4 (week 0, with the first order),
--         Jan 20 day 19 (week 2) -> x = 1, t_x = 19/7, T = 31/7, m = 30.
-- Customer 2: one order on 2024-01-31 -> (0, 0, 1, 0), orders 1.
-- Customer 3: only an order after as_of -> NULL.
-- Customer 4: an order with a NULL amount (skipped) and one on 2024-01-10 -> (0, 0, 22, 0).
-- Customer 5: 2024-01-18 3 and 2024-02-01 9 (on as_of: counted):
--   days (1, 14, 14, 9); weeks: day 14 is week 2 -> (1, 2, 2, 9).
CREATE TABLE orders (customer int, ordered_on date, amount numeric(10,2));
INSERT INTO orders VALUES
	(1, '2024-01-01', 10), (1, '2024-01-01', 5), (1, '2024-01-05', 20), (1, '2024-01-05', 4),
	(1, '2024-01-20', 30), (1, '2024-03-01', 99),
	(2, '2024-01-31', 12.5),
	(3, '2024-02-02', 8),
	(4, '2024-01-05', NULL), (4, '2024-01-10', 7),
	(5, '2024-01-18', 3), (5, '2024-02-01', 9);
SELECT customer, (r).* FROM (
	SELECT customer, rfm_agg(ordered_on, amount, date '2024-02-01', interval '1 day') r
	FROM orders GROUP BY customer) s ORDER BY customer;
SELECT customer, (r).x, round((r).t_x::numeric, 12) AS t_x, round((r).t_cal::numeric, 12) AS t_cal,
       (r).m, round(19 / 7.0, 12) AS t_x_1_by_hand, round(31 / 7.0, 12) AS t_cal_1_by_hand
FROM (SELECT customer, rfm_agg(ordered_on, amount, date '2024-02-01', interval '1 week') r
      FROM orders GROUP BY customer) s ORDER BY customer;
-- timestamptz: days are calendar dates in the session TimeZone, as_of an instant
CREATE TABLE orders_tz (customer int, ordered_at timestamptz, amount numeric(10,2));
INSERT INTO orders_tz VALUES
	(1, '2024-01-01 12:00+00', 10), (1, '2024-01-01 23:30+00', 20), (1, '2024-01-03 10:00+00', 5),
	(1, '2024-01-10 22:00+00', 7), (1, '2024-01-10 22:30+00', 1);
-- UTC: days Jan 1 (10, 20), Jan 3 (5), Jan 10 (7; 22:30 is after as_of 22:15)
--   -> x = 2, t_x = 9, T = 9, m = 6
-- Paris (UTC+1): Jan 1 (10), Jan 2 (20), Jan 3 (5), Jan 10 (7)... 23:00 local
--   -> x = 3, t_x = 9, T = 9, m = 32/3
SELECT tz, (r).* FROM (
	SELECT 'UTC' tz, rfm_agg(ordered_at, amount, timestamptz '2024-01-10 22:15+00', interval '1 day') r FROM orders_tz) s;
SET TimeZone = 'Europe/Paris';
SELECT tz, (r).x, (r).t_x, (r).t_cal, round((r).m::numeric, 12) AS m, round(32 / 3.0, 12) AS m_by_hand FROM (
	SELECT 'Europe/Paris' tz, rfm_agg(ordered_at, amount, timestamptz '2024-01-10 22:15+00', interval '1 day') r FROM orders_tz) s;
SET TimeZone = 'UTC';
-- rfm_agg feeds the fits directly
SELECT customers(b) AS bgnbd_customers, pg_temp.err('SELECT 1') AS ok
FROM (SELECT bgnbd_fit((r).x, (r).t_x, (r).t_cal) b
      FROM (SELECT rfm_agg(ordered_on, amount, date '2024-02-01', interval '1 day') r
            FROM orders GROUP BY customer) s) q;
-- errors
SELECT label, pg_temp.err(q) AS result
FROM (VALUES
	('unit 1 month', 'SELECT rfm_agg(ordered_on, amount, date ''2024-02-01'', interval ''1 month'') FROM orders'),
	('unit 12 hours', 'SELECT rfm_agg(ordered_on, amount, date ''2024-02-01'', interval ''12 hours'') FROM orders'),
	('unit 0', 'SELECT rfm_agg(ordered_on, amount, date ''2024-02-01'', interval ''0 days'') FROM orders'),
	('unit negative', 'SELECT rfm_agg(ordered_on, amount, date ''2024-02-01'', interval ''-1 day'') FROM orders'),
	('as_of NULL', 'SELECT rfm_agg(ordered_on, amount, NULL::date, interval ''1 day'') FROM orders'),
	('as_of infinity', 'SELECT rfm_agg(ordered_on, amount, date ''infinity'', interval ''1 day'') FROM orders'),
	('ordered_at infinity', 'SELECT rfm_agg(d, 1, date ''2024-01-01'', interval ''1 day'') FROM (VALUES (date ''-infinity'')) v(d)'),
	('negative amount', 'SELECT rfm_agg(d, -1, date ''2024-01-01'', interval ''1 day'') FROM (VALUES (date ''2023-12-01'')) v(d)'),
	('as_of changes', 'SELECT rfm_agg(ordered_on, amount, ordered_on + 1, interval ''1 day'') FROM orders'),
	('tz as_of infinity', 'SELECT rfm_agg(ordered_at, amount, timestamptz ''infinity'', interval ''1 day'') FROM orders_tz'),
	('not a state', 'SELECT rfm_agg_final(''{1,2,3}''::float8[])'),
	('forged state', 'SELECT rfm_agg_final(''{1,0,1,1,5,10}''::float8[])'),
	('combine mismatch', 'SELECT rfm_agg_combine(rfm_agg_transfn(NULL, date ''2024-01-01'', 1, date ''2024-02-01'', interval ''1 day''), rfm_agg_transfn(NULL, date ''2024-01-01'', 1, date ''2024-02-02'', interval ''1 day''))')
) AS v(label, q);

-- ---------------------------------------------------------------------
-- Generated data: parallel = serial, text and binary round trips
-- ---------------------------------------------------------------------
-- 20 000 customers drawn from the BG/NBD + Gamma-Gamma processes with
-- known parameters r = 1.5, alpha = 40, a = 0.5, b = 1.5; p = 6, q = 4,
-- gamma = 20 (tests/data/clv_sim.sql)
\i tests/data/clv_sim.sql
CREATE TABLE gen AS SELECT * FROM clv_simulate(20000, 0.42);
ANALYZE gen;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE gen_serial AS
SELECT bgnbd_fit(x, t_x, t_cal) b, gamma_gamma_fit(x, m) g FROM gen;
SELECT converged(b) AS bgnbd_converged, customers(b), repeat_buyers(b) = (SELECT count(*) FROM gen WHERE x > 0) AS repeat_ok,
       converged(g) AS gg_converged, customers(g) = (SELECT count(*) FROM gen WHERE x > 0) AS gg_customers_ok
FROM gen_serial;
-- parameter recovery: every estimate within 25 % of the truth (20 000
-- customers; t_x and T cut to whole days)
SELECT name, truth, abs(est / truth - 1) < 0.25 AS within_25_percent
FROM gen_serial, LATERAL (VALUES ('r', 1.5, bgnbd_r(b)), ('alpha', 40, bgnbd_alpha(b)), ('a', 0.5, bgnbd_a(b)),
                                 ('b', 1.5, bgnbd_b(b)), ('p', 6, spend_p(g)), ('q', 4, spend_q(g)),
                                 ('gamma', 20, spend_gamma(g))) v(name, truth, est);
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT bgnbd_fit(x, t_x, t_cal), gamma_gamma_fit(x, m) FROM gen;
SELECT b::text = (SELECT b::text FROM gen_serial) AS bgnbd_parallel_same,
       g::text = (SELECT g::text FROM gen_serial) AS gg_parallel_same,
       abs(bgnbd_r(b) / (SELECT bgnbd_r(b) FROM gen_serial) - 1) < 1e-9 AS r_within_1e9
FROM (SELECT bgnbd_fit(x, t_x, t_cal) b, gamma_gamma_fit(x, m) g FROM gen) p;
-- grouped, hash aggregation with parallel workers
SELECT bool_and(p.b::text = s.b::text) AS grouped_same, count(*) AS groups
FROM (SELECT id % 4 k, bgnbd_fit(x, t_x, t_cal) b FROM gen GROUP BY 1) p
JOIN (SELECT k, bgnbd_fit(x, t_x, t_cal) b
      FROM (SELECT id % 4 k, x, t_x, t_cal FROM gen ORDER BY id DESC) o GROUP BY k) s USING (k);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
-- the generated fit satisfies optimality too: perturbing each parameter
-- by 1e-3 does not improve the likelihood (summed per customer)
SELECT count(*) AS perturbations,
       count(*) FILTER (WHERE ll_p <= log_likelihood(b) + 1e-6) AS not_better
FROM gen_serial, LATERAL (
	SELECT j, f, (SELECT sum(log_likelihood(bgnbd_model(bgnbd_r(b) * CASE WHEN j = 1 THEN f ELSE 1 END,
	                                                    bgnbd_alpha(b) * CASE WHEN j = 2 THEN f ELSE 1 END,
	                                                    bgnbd_a(b) * CASE WHEN j = 3 THEN f ELSE 1 END,
	                                                    bgnbd_b(b) * CASE WHEN j = 4 THEN f ELSE 1 END), x, t_x, t_cal))
	               FROM gen) ll_p
	FROM generate_series(1, 4) j, (VALUES (0.999), (1.001)) v(f)) q;

-- text and binary COPY round trips of models and point sets
CREATE TABLE bin_src (k int, b bgnbd_model, g spend_model, p clv_points);
INSERT INTO bin_src
SELECT 1, b, g, 'v1;bgnbd;0,0,5*3;1,0.5,5.25*1;7,1e-300,1e300*2'::clv_points FROM gen_serial
UNION ALL SELECT 2, bgnbd_model(0.243, 4.414, 0.793, 2.426), spend_model(6.25, 3.74, 15.44), 'v1;gamma_gamma;1,0.01*1;30,1234.5*7'::clv_points
UNION ALL SELECT 3, mdl, (SELECT s FROM gg40), 'v1;bgnbd'::clv_points FROM small_fit
UNION ALL SELECT 4, b, g, (SELECT bgnbd_fit_transfn(bgnbd_fit_transfn(NULL, 3, 2.5, 9), 0, 0, 1)) FROM gen_serial;
CREATE TABLE bin_dst (LIKE bin_src);
DO $$
DECLARE f text := current_setting('data_directory') || '/cxkpi_clv_test.bin';
BEGIN
	EXECUTE format('COPY bin_src TO %L WITH (FORMAT binary)', f);
	EXECUTE format('COPY bin_dst FROM %L WITH (FORMAT binary)', f);
END $$;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE a.b::text = d.b::text AND a.g::text = d.g::text AND a.p::text = d.p::text) AS binary_equal,
       count(*) FILTER (WHERE a.b::text::bgnbd_model::text = a.b::text AND a.g::text::spend_model::text = a.g::text
                        AND a.p::text::clv_points::text = a.p::text) AS text_round_trip
FROM bin_src a JOIN bin_dst d USING (k);
SELECT p::text FROM bin_src ORDER BY k;

-- malformed binary input
CREATE TABLE recv_t (s bgnbd_model);
\i sql/include/recv.sql
WITH v AS (SELECT bgnbd_model_send(bgnbd_model(0.243, 4.414, 0.793, 2.426)) u)
SELECT label, pg_temp.recv(b) AS result
FROM v, LATERAL (VALUES
	('valid', u),
	('empty', ''::bytea),
	('truncated', substr(u, 1, length(u) - 1)),
	('one byte more', u || '\x00'::bytea),
	('version 2', set_byte(u, 0, 2)),
	('kind 2 (spend)', set_byte(u, 1, 2)),
	('converged 2', set_byte(u, 2, 2)),
	('r negative', set_byte(u, 7, 191)),
	('customers 1', set_byte(u, 70, 1))
) AS t(label, b);
ALTER TABLE recv_t ALTER COLUMN s TYPE clv_points USING NULL;
WITH v AS (SELECT clv_points_send('v1;bgnbd;0,0,5*3;2,4,10*1') u)
SELECT label, pg_temp.recv(b) AS result
FROM v, LATERAL (VALUES
	('valid', u),
	('empty', ''::bytea),
	('truncated', substr(u, 1, length(u) - 1)),
	('one byte more', u || '\x00'::bytea),
	('version 2', set_byte(u, 0, 2)),
	('kind 3', set_byte(u, 1, 3)),
	('as gamma-gamma', set_byte(u, 1, 2)),
	('count says 3 points', set_byte(u, 5, 3)),
	('negative count', set_byte(u, 6 + 24, 255)),
	('unsorted', overlay(u placing substr(u, 7 + 32, 32) || substr(u, 7, 32) from 7)),
	('duplicate', overlay(u placing substr(u, 7, 32) from 7 + 32))
) AS t(label, b);

-- a fit is bounded and can be cancelled: 2 000 points whose likelihood has
-- no interior maximum (x = 10^6 g purchases at t_x = g of T = 2001) make
-- the optimiser work to its limit of 10 000 likelihood evaluations (each
-- over all 2 000 points: 1.7 s in all on the build machine).  A statement
-- timeout of 100 ms stops it within 0.5 s, because the fit checks for
-- interrupts between evaluations (without, the cancel would wait for the
-- end of the fit)
CREATE FUNCTION pg_temp.cancel_seconds() RETURNS double precision LANGUAGE plpgsql AS $f$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
	PERFORM bgnbd_fit(('v1;bgnbd' || string_agg(';' || (1e6 * g) || ',' || g || ',2001*1', '' ORDER BY g))::clv_points)
	FROM generate_series(1, 2000) g;
	RETURN -1;				-- not cancelled
EXCEPTION WHEN query_canceled THEN
	RETURN extract(epoch FROM clock_timestamp() - t0);
END $f$;
SET statement_timeout = '100ms';
SELECT s > 0 AS cancelled, s < 0.5 AS within_half_a_second FROM pg_temp.cancel_seconds() s;
RESET statement_timeout;
-- expected_purchases with a nearly degenerate dropout distribution.  With
-- p ~ Beta(3, 1e-10) all but O(1e-10) of the mass is at p = 1 (within
-- e^-(1e10)): a customer drops out at the first purchase, so
-- E[X(t)] = 1 - (alpha / (alpha + t))^r = 1 - (1 + t)^-3 at r = 3,
-- alpha = 1: 0.875, 0.99924869..., 1 - 1e-30.  With p ~ Beta(1e-12,
-- 1e-12) half the mass is at p = 0 (never drops out: r t / alpha) and half
-- at p = 1: at r = 0.5, alpha = 2, t = 10^4,
-- 0.5 (0.25 10^4) + 0.5 (1 - 5001^-0.5) = 1250.49292965.  The quadrature
-- used to stop its nodes at 1 - p = e^-2.6e5 and drop the rest of the
-- mass: 2.6e-5 at t = 1e10, below the 0.9992 at t = 10.
SELECT t, abs(expected_purchases(bgnbd_model(3, 1, 3, 1e-10), t) - (1 - (1 + t) ^ -3)) < 1e-6 AS near_b
FROM unnest(ARRAY[1, 10, 1e10]::float8[]) t;
SELECT abs(expected_purchases(bgnbd_model(0.5, 2, 1e-12, 1e-12), 1e4) / (1250 + 0.5 * (1 - 5001 ^ -0.5)) - 1) < 1e-6 AS near_ab;

-- rfm_agg with amounts near DBL_MAX: orders of 1e308 on 2020-01-01,
-- 02-01 and 03-01 are x = 2 repeat days spending 1e308 each, m = 1e308
-- (their sum 2e308 is beyond a double; m was Infinity).  Two orders of
-- 1e308 on the one repeat day spend 2e308 there: m is NULL, not Infinity.
SELECT (r).x, (r).m FROM (
	SELECT rfm_agg(d, a, date '2021-01-01', '1 day') AS r
	FROM (VALUES (date '2020-01-01', 1e308::numeric), ('2020-02-01', 1e308), ('2020-03-01', 1e308)) v(d, a)
	UNION ALL
	SELECT rfm_agg(d, a, date '2021-01-01', '1 day')
	FROM (VALUES (date '2020-01-01', 1::numeric), ('2020-02-01', 1e308), ('2020-02-01', 1e308)) v(d, a)) q;
-- as_of or an order beyond the 1e8 days from 2000-01-01 that the state
-- holds (275790-09-13) is a 22008 of its own, not "invalid rfm_agg state"
-- at the next row
SELECT pg_temp.err($$SELECT rfm_agg(d, 1, date '2000-01-01' + 100000001, '1 day') FROM (VALUES (date '2020-01-01'), ('2020-02-01')) v(d)$$) AS date_as_of,
       pg_temp.err($$SELECT rfm_agg(d, 1, timestamptz '294276-01-01 00:00+00', '1 day') FROM (VALUES (timestamptz '2020-01-01 00:00+00')) v(d)$$) AS tstz_as_of,
       pg_temp.err($$SELECT rfm_agg(date '2000-01-01' + 100000001, 1, date '2021-01-01', '1 day')$$) AS ordered_at,
       (SELECT (rfm_agg(d, 1, date '2000-01-01' + 100000000, '1 day')).x FROM (VALUES (date '2020-01-01'), ('2020-02-01')) v(d)) AS at_the_bound;
