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

-- Weighted standard error: the linearised (with-replacement) estimator of
-- R's survey::svymean for svydesign(ids = ~1, weights = ~w), y = 100 g,
-- g in {-1, 0, 1}:  SE = 100 sqrt(n / (n - 1) sum w^2 (g - m)^2) / W, with
-- n the number of answers (rows, zero weights included).
-- Every value below was computed in R 4.2.2 with survey 4.1-1
-- (SE(svymean(~y, svydesign(ids = ~1, weights = ~w, data = d)))), and the
-- closed forms in the comments by hand; none comes from the extension.
--
-- Weighted example W: (10, 2) (9, 1) (8, 1) (6, 0.5) (0, 0.5), n = 5
--   W = 5, p_w = 0.6, d_w = 0.2, m = 0.4, NPS 40
--   sum w^2 (g - m)^2 = 5 * 0.36 + 1 * 0.16 + 0.5 * 1.96 = 2.94
--   SE = 100 sqrt(5/4 * 2.94) / 5 = 38.3406  (svymean: 38.340579025361627)
--   Wald: 40 -+ 1.959964 * 38.3406 = [-35.1462, 115.15 -> clamped 100]
CREATE TABLE ex_w (score int, w float8);
INSERT INTO ex_w VALUES (10, 2), (9, 1), (8, 1), (6, 0.5), (0, 0.5);
SELECT round(std_error(s)::numeric, 4) AS se,
       abs(std_error(s) - 100 * sqrt(5 / 4.0 * 2.94) / 5) < 1e-9 AS se_ok,
       abs(std_error(s) - 38.340579025361627) < 1e-9 AS svymean_ok,
       abs(ci_lower(s) - (40 - 1.959963984540054 * 100 * sqrt(5 / 4.0 * 2.94) / 5)) < 1e-9 AS lo_ok,
       ci_upper(s) AS hi,
       abs(margin_of_error(s) - 75.146154036120578) < 1e-9 AS moe_ok,
       (s::jsonb ->> 'std_error')::float8 = std_error(s) AS jsonb_se,
       (s::jsonb ->> 'margin_of_error')::float8 = margin_of_error(s) AS jsonb_moe,
       (s::jsonb ->> 'ci_lower')::float8 = ci_lower(s) AS jsonb_lo,
       (s::jsonb ->> 'ci_upper')::float8 = ci_upper(s) AS jsonb_hi
FROM (SELECT nps_agg(score, w) s FROM ex_w) t;
-- weighted vs unweighted p-value: z = (40 - 100/12) / sqrt(SE_W^2 + SE_A^2)
--   = 31.6667 / sqrt(38.3406^2 + 24.8840^2) = 0.692805, p = 0.488432
--   (R: 2 * pnorm(-z) = 0.48843195270850287)
SELECT abs(p_value(w, a) - 0.48843195270850287) < 1e-9 AS weighted_p_ok,
       p_value(w, a) = p_value(a, w) AS symmetric
FROM (SELECT nps_agg(score, w) w FROM ex_w) x, (SELECT nps_agg(score) a FROM ex_a) y;

-- With all weights 1 the summary is weighted, and its SE is svymean's: the
-- unweighted (plug-in, as the R NPS package's nps.se) SE times
-- sqrt(n / (n - 1)); for example A, 24.8840 * sqrt(12/11) = 25.9905
-- (svymean: 25.990479997588547).
SELECT abs(std_error(nps_agg(score, 1.0)) - std_error(nps_agg(score)) * sqrt(12 / 11.0)) < 1e-12 AS factor_ok,
       abs(std_error(nps_agg(score, 1.0)) - 25.990479997588547) < 1e-9 AS svymean_ok,
       abs(std_error(nps_agg(score)) - 24.883990093290166) < 1e-9 AS unweighted_unchanged
FROM ex_a;

-- n = 2, one promoter and one detractor of weight 1: m = 0,
--   SE = 100 sqrt(2 * (1 + 1)) / 2 = 100 (svymean: 100); unweighted 70.7107.
SELECT std_error(nps_agg(v, 1.0)) AS weighted_se,
       round(std_error(nps_agg(v))::numeric, 4) AS unweighted_se
FROM (VALUES (10), (0)) x(v);
-- Zero weights count in n (svymean keeps them as sampled units):
--   (10, 2) (9, 1) (8, 0) (0, 0.5) (3, 0): n = 5, W = 3.5, m = 2.5/3.5,
--   SE = 34.149388838125539 (svymean); without the two zero-weight rows
--   (n = 3) it would be 37.408781183312982.
SELECT abs(std_error(nps_agg(v, w)) - 34.149388838125539) < 1e-9 AS zero_weights_ok
FROM (VALUES (10, 2.0::float8), (9, 1), (8, 0), (0, 0.5), (3, 0)) x(v, w);
-- 30 answers drawn in R (set.seed(20261201); sample(0:10, 30, TRUE);
-- round(runif(30, 0.2, 3), 2)): NPS -20.452166631777267, SE
-- 20.171454864484208, Wald 90% [-53.631257326512021, 12.726924062957487],
-- p_value against W 0.1629010416030636 (all from svymean and pnorm).
CREATE TABLE ex_r30 AS
SELECT v, w FROM unnest(
	ARRAY[0,3,10,4,8,1,0,3,9,3,5,6,6,1,10,2,9,3,6,4,9,1,1,10,9,3,9,9,9,8],
	ARRAY[0.24,1.88,2.34,2.38,0.66,0.99,2.48,0.78,1.76,0.22,2.7,0.4,1.95,0.45,2.03,
	      2.01,1.1,1.98,2.87,0.98,1.92,2.64,1.99,1.95,0.79,1.28,2.08,2.43,2.05,0.44]::float8[]) u(v, w);
SELECT abs(nps(s) - -20.452166631777267) < 1e-9 AS nps_ok,
       abs(std_error(s) - 20.171454864484208) < 1e-9 AS se_ok,
       abs(ci_lower(s, 0.9) - -53.631257326512021) < 1e-9 AS lo_ok,
       abs(ci_upper(s, 0.9) - 12.726924062957487) < 1e-9 AS hi_ok,
       abs(p_value(s, w) - 0.1629010416030636) < 1e-9 AS p_ok
FROM (SELECT nps_agg(v, w) s FROM ex_r30) t, (SELECT nps_agg(score, w) w FROM ex_w) x;
-- One answer: a weighted SE needs n >= 2 (svydesign refuses a design with
-- one sampling unit), so SE, interval and p-value are NULL, in the jsonb
-- cast too; the unweighted adjusted-Wald interval exists (see above).
SELECT std_error(s) AS se, margin_of_error(s) AS moe, ci_lower(s) AS lo,
       ci_upper(s) AS hi, p_value(s, s) AS p, nps(s) AS nps,
       s::jsonb -> 'std_error' AS j_se, s::jsonb -> 'ci_lower' AS j_lo,
       s::jsonb -> 'ci_upper' AS j_hi, s::jsonb -> 'margin_of_error' AS j_moe
FROM (SELECT nps_agg(9, 2.5) s) t;
SELECT p_value(w, s) AS p
FROM (SELECT nps_agg(9, 2.5) s) t, (SELECT nps_agg(score, w) w FROM ex_w) x;
-- Scaling every weight leaves NPS, SE and effective n unchanged.
SELECT abs(nps(nps_agg(score, w * 7)) - nps(nps_agg(score, w))) < 1e-12 AS nps_inv,
       abs(std_error(nps_agg(score, w * 7)) - std_error(nps_agg(score, w))) < 1e-12 AS se_inv,
       abs(effective_n(nps_agg(score, w * 7)) - effective_n(nps_agg(score, w))) < 1e-12 AS neff_inv
FROM ex_w;
