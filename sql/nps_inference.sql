--
-- NPS inference: standard error, adjusted-Wald and weighted Wald intervals,
-- the normal quantile behind them, and the two-sample p-value.  Every
-- expected value is derived in the comments from the published formulas
-- and recomputed here in plain SQL, never copied from the extension.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cxkpi;
RESET client_min_messages;
CREATE SCHEMA nps_inference;
SET search_path = nps_inference, public;
SET extra_float_digits = 0;

-- Example A (as in nps_basics): R = 5, P = 3, D = 4, n = 12.
--   p = 5/12, d = 4/12, p - d = 1/12
--   sigma^2 = p + d - (p - d)^2 = 9/12 - 1/144 = 107/144
--   SE = 100 sqrt(107/144 / 12) = 100 sqrt(107/1728) = 24.88399...
-- Adjusted Wald (Rocks 2016): R~ = 5.75, P~ = 4.5, D~ = 4.75, n~ = 15
--   p~ = 5.75/15, d~ = 4.75/15, centre = 1/15
--   sigma~^2 = 10.5/15 - 1/225 = 313/450
--   half = z sqrt(313/450 / 15) = z sqrt(313/6750); z(95%) = 1.959963984540054
--   = 0.4220543...; interval 100 (1/15 -+ half) = [-35.5388, 48.8721]
CREATE TABLE ex_a (score int);
INSERT INTO ex_a VALUES (10),(10),(9),(9),(9),(8),(7),(7),(6),(5),(3),(0);
CREATE TABLE sums AS SELECT nps_agg(score) AS a FROM ex_a;

SELECT round(std_error(a)::numeric, 4) AS se,
       round(ci_lower(a)::numeric, 4) AS lo,
       round(ci_upper(a)::numeric, 4) AS hi,
       round(margin_of_error(a)::numeric, 4) AS moe
FROM sums;
SELECT abs(std_error(a) - 100 * sqrt(107.0 / 1728)) < 1e-9 AS se_ok,
       abs(ci_lower(a) - 100 * (1 / 15.0 - 1.959963984540054 * sqrt(313.0 / 6750))) < 1e-9 AS lo_ok,
       abs(ci_upper(a) - 100 * (1 / 15.0 + 1.959963984540054 * sqrt(313.0 / 6750))) < 1e-9 AS hi_ok,
       abs(margin_of_error(a) - 100 * 1.959963984540054 * sqrt(313.0 / 6750)) < 1e-9 AS moe_ok,
       abs(margin_of_error(a, 0.95) - margin_of_error(a)) = 0 AS default_is_95
FROM sums;

-- The interval is centred on the adjusted estimate, not on the NPS:
-- centre 100/15 = 6.667 while the NPS is 8.333.
SELECT round(((ci_lower(a) + ci_upper(a)) / 2)::numeric, 4) AS centre,
       round(nps(a)::numeric, 4) AS nps
FROM sums;

-- The normal quantile: margin_of_error / (100 sqrt(313/6750)) is z for the
-- confidence.  The reference is z = -Phi^-1(q), q = (1 - c)/2 computed in
-- double precision (the lower tail, where q is exact), from Wichura's
-- AS 241 (PPND16) as implemented by Python's statistics.NormalDist; for the
-- usual levels these are also R's qnorm(1 - q).  Accuracy asked: 1e-12.
SELECT c, abs(margin_of_error(a, c) / (100 * sqrt(313.0 / 6750)) - z) < 1e-12 AS z_ok
FROM sums, (VALUES (0.5, 0.6744897501960817),
                   (0.8, 1.2815515655446008),
                   (0.9, 1.6448536269514726),
                   (0.95, 1.9599639845400536),
                   (0.99, 2.5758293035489),
                   (0.999, 3.2905267314918945),
                   (0.999999, 4.891638475692932),
                   (0.999999999999, 7.130509892879272),
                   (1e-6, 1.2533141373518681e-06)) q(c, z)
ORDER BY c;
-- a wider confidence gives a wider interval
SELECT margin_of_error(a, 0.90) < margin_of_error(a, 0.95)
   AND margin_of_error(a, 0.95) < margin_of_error(a, 0.99) AS monotone
FROM sums;

-- Clamping: 100 promoters.  R~ = 100.75, D~ = 0.75, n~ = 103,
--   centre = 100/103 = 0.97087, sigma~^2 = 101.5/103 - (100/103)^2,
--   half = 0.039972, so the upper bound 1.0108 is clamped to 1 (100).
SELECT round(ci_lower(s)::numeric, 4) AS lo, ci_upper(s) AS hi,
       round(margin_of_error(s)::numeric, 4) AS moe,
       std_error(s) AS se
FROM (SELECT nps_agg(10) s FROM generate_series(1, 100)) t;
-- and the same at the other end
SELECT ci_lower(s) AS lo, round(ci_upper(s)::numeric, 4) AS hi
FROM (SELECT nps_agg(0) s FROM generate_series(1, 100)) t;
-- One answer: the adjusted interval still exists.
--   R~ = 1.75, P~ = 1.5, D~ = 0.75, n~ = 4: centre 0.25,
--   sigma~^2 = 0.625 - 0.0625 = 0.5625, half = z * 0.375 = 0.734986
SELECT round(ci_lower(s)::numeric, 4) AS lo, round(ci_upper(s)::numeric, 4) AS hi,
       std_error(s) AS se
FROM (SELECT nps_agg(9) s) t;

-- p-value.  Example B: R = 2, P = 2, D = 8, n = 12: NPS = -50,
--   sigma_B^2 = 10/12 - 1/4 = 7/12.
--   z = (1/12 + 1/2) / sqrt(107/1728 + 7/144) = (7/12) / sqrt(191/1728) = 1.754575
--   p = erfc(z / sqrt 2) = 0.079332
INSERT INTO sums
SELECT nps_agg(v) FROM unnest(ARRAY[10, 9, 8, 7, 6, 6, 5, 4, 3, 2, 1, 0]) v;
SELECT round(p_value(a, b)::numeric, 6) AS p,
       abs(p_value(a, b) - 0.07933200149111909) < 1e-12 AS p_ok,
       p_value(a, b) = p_value(b, a) AS symmetric,
       p_value(a, a) AS same_is_1
FROM (SELECT (array_agg(a))[1] a, (array_agg(a))[2] b FROM sums) t;

-- Small p-values keep their accuracy: A = 50 promoters + 50 detractors
-- (NPS 0, SE 10), B = 100 promoters (NPS 100, SE 0): z = -100/10 = -10,
-- p = erfc(10 / sqrt 2) = 1.5239706048321186e-23.
SELECT abs(p_value(a, b) / 1.5239706048321186e-23 - 1) < 1e-12 AS tiny_p_ok
FROM (SELECT 'v1;counts=50,0,0,0,0,0,0,0,0,0,50'::nps_summary a,
             'v1;counts=0,0,0,0,0,0,0,0,0,100,0'::nps_summary b) t;
-- Undefined tests give NULL: an empty side, or both sides unanimous (SE 0).
-- (p_value is overloaded on every summary type: untyped literals need a cast)
SELECT p_value('v1;counts=0,0,0,0,0,0,0,0,0,0,0'::nps_summary, 'v1;counts=1,0,0,0,0,0,0,0,0,0,0') AS empty_side,
       p_value('v1;counts=0,0,0,0,0,0,0,0,0,0,3'::nps_summary, 'v1;counts=2,0,0,0,0,0,0,0,0,0,0') AS zero_se;

-- Weighted example W: (10, 2) (9, 1) (8, 1) (6, 0.5) (0, 0.5)
--   W = 5, p_w = 0.6, d_w = 0.2, m = 0.4, NPS 40
--   sum w^2 (y - m)^2 = 5 * 0.36 + 1 * 0.16 + 0.5 * 1.96 = 2.94
--   SE = 100 sqrt(2.94) / 5 = 34.2929
--   Wald: 40 -+ 1.959964 * 34.2929 = [-27.2128, 107.21 -> clamped 100]
CREATE TABLE ex_w (score int, w float8);
INSERT INTO ex_w VALUES (10, 2), (9, 1), (8, 1), (6, 0.5), (0, 0.5);
SELECT round(std_error(s)::numeric, 4) AS se,
       abs(std_error(s) - 100 * sqrt(2.94) / 5) < 1e-9 AS se_ok,
       abs(ci_lower(s) - (40 - 1.959963984540054 * 100 * sqrt(2.94) / 5)) < 1e-9 AS lo_ok,
       ci_upper(s) AS hi,
       abs(margin_of_error(s) - 1.959963984540054 * 100 * sqrt(2.94) / 5) < 1e-9 AS moe_ok
FROM (SELECT nps_agg(score, w) s FROM ex_w) t;
-- weighted vs unweighted p-value: z = (40 - 100/12) / sqrt(SE_W^2 + SE_A^2)
--   = 31.6667 / sqrt(34.2929^2 + 24.8840^2) = 0.747385, p = 0.454831
SELECT abs(p_value(w, a) - 0.4548312122628388) < 1e-9 AS weighted_p_ok
FROM (SELECT nps_agg(score, w) w FROM ex_w) x, (SELECT nps_agg(score) a FROM ex_a) y;

-- With all weights 1 the weighted SE equals the unweighted one
-- (sum w^2 (y - m)^2 / n^2 = (p + d - (p - d)^2) / n).
SELECT abs(std_error(nps_agg(score, 1.0)) - std_error(nps_agg(score))) < 1e-12 AS same_se
FROM ex_a;
-- Scaling every weight leaves NPS, SE and effective n unchanged.
SELECT abs(nps(nps_agg(score, w * 7)) - nps(nps_agg(score, w))) < 1e-12 AS nps_inv,
       abs(std_error(nps_agg(score, w * 7)) - std_error(nps_agg(score, w))) < 1e-12 AS se_inv,
       abs(effective_n(nps_agg(score, w * 7)) - effective_n(nps_agg(score, w))) < 1e-12 AS neff_inv
FROM ex_w;
