-- clv_simulate(n, seed): n customers drawn from the BG/NBD and Gamma-Gamma
-- generative processes (Fader, Hardie & Lee 2005, section 3; Fader & Hardie
-- 2013), deterministic for a seed, in days.  Used by the clv suite, the
-- bench and the demo's synthetic example.
--
-- Known parameters (shapes chosen so that every draw is elementary):
--   purchase rate  lambda ~ Gamma(r = 1.5, rate alpha = 40 days):
--                  (Exp + Z^2/2) / alpha  (Gamma(1.5) = Gamma(1) + Gamma(1/2));
--   dropout        p ~ Beta(a = 0.5, b = 1.5):  G1 / (G1 + G2) with
--                  G1 = Z^2/2 ~ Gamma(1/2), G2 = Exp + Z^2/2 ~ Gamma(3/2);
--   spend          nu ~ Gamma(q = 4, rate gamma = 20) (a sum of 4 Exp / 20),
--                  each purchase ~ Gamma(p = 6, rate nu) (6 Exp / nu).
-- Each customer's first purchase is uniform over the 365 days before the
-- end of observation; after it, purchases arrive at rate lambda until the
-- end, and after each repeat purchase the customer drops out with
-- probability p.  t_x and T are then cut to whole days (what rfm_agg gives
-- for dated orders), which keeps the distinct points few.  Columns: id, x,
-- t_x, t_cal, m (mean value of the repeat purchases, 0 when x = 0).
CREATE FUNCTION clv_simulate(n integer, seed double precision)
RETURNS TABLE (id integer, x bigint, t_x double precision, t_cal double precision, m double precision)
LANGUAGE sql VOLATILE AS $$
	SELECT setseed(seed);
	WITH RECURSIVE base AS (
		SELECT i,
		       (-ln(1 - random()) + power(sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()), 2) / 2) / 40 AS lam,
		       g1 / (g1 + g2) AS p,
		       1 + floor(random() * 365) AS tc,
		       (-ln(1 - random()) - ln(1 - random()) - ln(1 - random()) - ln(1 - random())) / 20 AS nu
		FROM generate_series(1, n) i,
		     LATERAL (SELECT power(sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()), 2) / 2 + 0 * i AS g1,
		                     -ln(1 - random()) + power(sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()), 2) / 2 + 0 * i AS g2) g
	), walk(i, lam, p, tc, k, t, alive) AS (
		SELECT i, lam, p, tc, 0::bigint, 0::float8, true FROM base
		UNION ALL
		SELECT i, lam, p, tc, k + 1, t + e, random() >= p
		FROM (SELECT w.*, -ln(1 - random()) / w.lam AS e FROM walk w WHERE alive) s
		WHERE t + e <= tc
	), last AS (
		SELECT DISTINCT ON (i) i, k, t FROM walk ORDER BY i, k DESC
	)
	SELECT b.i, l.k, CASE WHEN l.k = 0 THEN 0 ELSE floor(l.t) END, b.tc,
	       CASE WHEN l.k = 0 THEN 0
	            ELSE (SELECT sum(-ln(1 - random())) FROM generate_series(1, 6 * l.k + 0 * b.i)) / b.nu / l.k END
	FROM base b JOIN last l USING (i)
	ORDER BY b.i
$$;
