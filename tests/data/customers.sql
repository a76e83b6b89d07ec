-- Sample CRM for `make demo`: 20 000 customers who signed up between
-- 2024-01-01 and 2026-10-31, their subscriptions (monthly recurring revenue,
-- upgrades and downgrades as consecutive subscriptions) and the monthly
-- marketing spend per acquisition channel.  The data are "as of"
-- 2026-11-01: a customer who had not left by then has ended_at NULL.
-- Plain SQL, deterministic: every random draw is a hash of (customer number,
-- stream), so every run loads exactly the same rows.
--
-- What is built into the sample (so the report has something to find):
--   * sign-ups grow from about 400 to about 800 a month over the 34 months;
--   * channel: paid advertising brings half of the new customers, referral
--     a fifth and organic the rest -- until a referral programme starts in
--     March 2026, which lifts referral to about a third (at the expense of
--     paid, whose spend is cut by a sixth at the same time);
--   * churn: a constant monthly hazard per channel (paid 3.4%, organic
--     2.4%, referral 1.6%), plus early churn -- 8% of paid and 4% of other
--     customers leave within their first 60 days -- so the overall monthly
--     churn rate is 2.5-3.5% once the base has grown (4-6% in early 2024,
--     when most customers are new); a price increase in July 2026 makes 2%
--     of the customers of 1 July leave during July;
--   * revenue: every customer has a seat price (29, 49 or 99 a month) and
--     1..6 seats; about 1.5 plan changes a year, 70% upgrades (+1 to +3
--     seats) and 30% downgrades (-1 seat), each change ending one
--     subscription and starting the next on the same day, so that expansion
--     and contraction show up month by month;
--   * paid spend per month grows slowly and does not follow the number of
--     paid sign-ups exactly, so the paid CAC moves from month to month.
--
-- Boundary convention (the one of cxkpi's churn_agg and active_at): a row
-- [started_at, ended_at] counts at instant t when started_at < t <= ended_at
-- (ended_at NULL: still there).  Consecutive subscriptions share a date --
-- the old one's ended_at is the new one's started_at -- so at any instant an
-- account has exactly one subscription that counts.  A customer's first
-- subscription starts on started_at and the last one ends on ended_at.

SET TimeZone = 'UTC';
SET client_min_messages = warning;

DROP TABLE IF EXISTS subscriptions, marketing_spend, customers;

CREATE TABLE customers (
	customer_id	integer PRIMARY KEY,
	started_at	date NOT NULL,
	ended_at	date CHECK (ended_at >= started_at),		-- NULL: still a customer
	channel		text NOT NULL CHECK (channel IN ('paid', 'referral', 'organic'))
);

CREATE TABLE subscriptions (
	customer_id	integer NOT NULL REFERENCES customers,
	mrr			numeric(10,2) NOT NULL CHECK (mrr > 0),
	started_at	date NOT NULL,
	ended_at	date CHECK (ended_at >= started_at),	-- NULL: still running
	PRIMARY KEY (customer_id, started_at)
);

CREATE TABLE marketing_spend (
	month		date NOT NULL CHECK (month = date_trunc('month', month)),
	channel		text NOT NULL CHECK (channel IN ('paid', 'referral', 'organic')),
	amount		numeric(12,2) NOT NULL CHECK (amount >= 0),
	PRIMARY KEY (month, channel)
);

COMMENT ON TABLE customers IS
	'cxkpi demo: deterministic sample of customers (tests/data/customers.sql)';
COMMENT ON TABLE subscriptions IS
	'cxkpi demo: monthly recurring revenue per customer; plan changes as consecutive subscriptions';
COMMENT ON TABLE marketing_spend IS
	'cxkpi demo: marketing spend per month and acquisition channel';

-- u(i, stream): a uniform draw in (0, 1), the same on every run and platform
-- (the low 32 bits of a hash of the customer number seeded by the stream, as
-- in tests/data/surveys.sql; never 0, so that ln(u) is finite).
CREATE FUNCTION pg_temp.u(i integer, stream integer)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ((hashint4extended(i, stream) & 4294967295)::double precision + 0.5)
	   / 4294967296.0;

INSERT INTO customers (customer_id, started_at, ended_at, channel)
SELECT i, started_at,
	   -- data as of 2026-11-01: who had not left by then is still a customer
	   CASE WHEN ended_at < date '2026-11-01' THEN ended_at END,
	   channel
FROM generate_series(1, 20000) AS i
	-- sign-up day: customer i sits at quantile y = (i - 0.5 + noise) / 20000
	-- of a sign-up density growing linearly, 1 + x on x in [0, 1] (CDF
	-- (x + x^2/2) / 1.5, inverse x = sqrt(1 + 3y) - 1), over the 1035 days
	-- 2024-01-01 .. 2026-10-31; customer numbers follow the sign-up order
	CROSS JOIN LATERAL (
		SELECT date '2024-01-01'
			   + floor(1035 * (sqrt(1 + 3 * (i - 1 + pg_temp.u(i, 1)) / 20000.0) - 1))::integer
			   AS started_at) AS s
	CROSS JOIN LATERAL (
		SELECT CASE
				   WHEN started_at < date '2026-03-01' THEN
					   CASE WHEN pg_temp.u(i, 2) < 0.50 THEN 'paid'
							WHEN pg_temp.u(i, 2) < 0.70 THEN 'referral'
							ELSE 'organic' END
				   ELSE	-- referral programme
					   CASE WHEN pg_temp.u(i, 2) < 0.42 THEN 'paid'
							WHEN pg_temp.u(i, 2) < 0.75 THEN 'referral'
							ELSE 'organic' END
			   END AS channel) AS c
	CROSS JOIN LATERAL (
		SELECT CASE
				   -- early churn: gone within 60 days
				   WHEN pg_temp.u(i, 3) < CASE channel WHEN 'paid' THEN 0.08 ELSE 0.04 END
					   THEN started_at + floor(60 * pg_temp.u(i, 4))::integer
				   -- otherwise an exponential lifetime (constant monthly
				   -- hazard h: mean 30.44 / h days)
				   ELSE started_at
					   + floor(-ln(pg_temp.u(i, 4)) * 30.44
							   / CASE channel WHEN 'paid' THEN 0.034
											  WHEN 'referral' THEN 0.016
											  ELSE 0.024 END)::integer
			   END AS natural_end) AS n
	-- July 2026 price increase: 2% of the customers of 1 July leave in July
	CROSS JOIN LATERAL (
		SELECT CASE
				   WHEN started_at < date '2026-07-01' AND natural_end >= date '2026-07-01'
						AND pg_temp.u(i, 5) < 0.02
					   THEN least(natural_end, date '2026-07-01' + floor(31 * pg_temp.u(i, 6))::integer)
				   ELSE natural_end
			   END AS ended_at) AS e;

-- Subscriptions: k plan changes at days d1 < d2 < ... < dk after sign-up,
-- all before the customer's last day (or before 2026-11-01).  Change j falls
-- in the j-th of k equal slices of w = floor(L / k) days of the customer's
-- observed life of L days: d_j = (j-1) w + 1 + floor(u (w - 1)), so that the
-- days strictly increase and d_k <= L - 1.  Each change moves the seats by
-- +1..+3 (70%) or -1 (30%; +1 instead when at 1 seat).  Subscription j runs
-- from d_j (d_0 = 0) to d_(j+1), the last one to the customer's ended_at.
INSERT INTO subscriptions (customer_id, mrr, started_at, ended_at)
WITH RECURSIVE plan AS (
	SELECT customer_id, started_at, ended_at, life_days, k,
		   life_days / greatest(k, 1) AS w,
		   CASE WHEN pg_temp.u(customer_id, 7) < 0.50 THEN 29.00
				WHEN pg_temp.u(customer_id, 7) < 0.85 THEN 49.00
				ELSE 99.00 END AS price,
		   1 + floor(6 * pg_temp.u(customer_id, 8))::integer AS seats0
	FROM customers
		CROSS JOIN LATERAL (
			SELECT coalesce(ended_at, date '2026-11-01') - started_at AS life_days) AS l
		-- about 1.5 changes a year, at most 4, none in a life under 30 days
		CROSS JOIN LATERAL (
			SELECT CASE WHEN life_days < 30 THEN 0
						ELSE least(4, floor(life_days * 1.5 / 365.0
											+ pg_temp.u(customer_id, 9))::integer)
				   END AS k) AS n
), chain (customer_id, j, day, seats) AS (
	SELECT customer_id, 0, 0, seats0
	FROM plan
	UNION ALL
	SELECT c.customer_id, c.j + 1,
		   c.j * p.w + 1 + floor(pg_temp.u(c.customer_id, 10 + c.j) * (p.w - 1))::integer,
		   CASE WHEN pg_temp.u(c.customer_id, 20 + c.j) < 0.70
					THEN c.seats + 1 + floor(3 * pg_temp.u(c.customer_id, 30 + c.j))::integer
				WHEN c.seats > 1 THEN c.seats - 1
				ELSE c.seats + 1 END
	FROM chain AS c
		JOIN plan AS p USING (customer_id)
	WHERE c.j < p.k
)
SELECT c.customer_id, p.price * c.seats, p.started_at + c.day,
	   coalesce(p.started_at + lead(c.day) OVER (PARTITION BY c.customer_id ORDER BY c.j),
				p.ended_at)
FROM chain AS c
	JOIN plan AS p USING (customer_id);

-- Marketing spend per month and channel, 2024-01 .. 2026-10.  Paid: about
-- 52 000 a month growing by 1 200 a month (ads get dearer), cut by a sixth
-- from March 2026 when the referral programme starts, with a +-10% wobble;
-- referral: 5 000 a month of partner fees, 15 000 a month from March 2026
-- (the programme's bonuses); organic: content, a flat 8 000 a month.
INSERT INTO marketing_spend (month, channel, amount)
SELECT month, channel,
	   round(CASE channel
				 WHEN 'paid' THEN (52000 + 1200 * m)
								  * CASE WHEN month >= date '2026-03-01' THEN 5.0 / 6 ELSE 1 END
								  * (0.9 + 0.2 * pg_temp.u(m, 40)::numeric)
				 WHEN 'referral' THEN CASE WHEN month >= date '2026-03-01'
										   THEN 60 * 250 ELSE 5000 END
				 ELSE 8000
			 END, 2)
FROM generate_series(date '2024-01-01', date '2026-10-01', interval '1 month') AS g(t)
	CROSS JOIN LATERAL (
		SELECT t::date AS month,
			   ((extract(year FROM t) - 2024) * 12 + extract(month FROM t) - 1)::integer AS m) AS mo
	CROSS JOIN (VALUES ('paid'), ('referral'), ('organic')) AS ch(channel);

ANALYZE customers;
ANALYZE subscriptions;
ANALYZE marketing_spend;
