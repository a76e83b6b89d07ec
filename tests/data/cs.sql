-- Sample customer-service (CS) data for `make demo`, linked to the sample
-- CRM of tests/data/customers.sql (load that first): the customers' orders,
-- their CS interactions (with the agent, the outcome, a recommended product
-- and a post-contact CSAT answer), product reviews and two promotions.
-- Same conventions as customers.sql: data "as of" 2026-11-01, plain SQL,
-- deterministic (every draw is a hash of row keys and a stream number, so
-- every run loads exactly the same rows), times in UTC.
--
-- A customer can order, contact CS or write a review on the days they are
-- a customer: days d with started_at <= d < coalesce(ended_at, 2026-11-01)
-- (so every timestamp t of theirs has started_at < t <= ended_at, the
-- counting rule of customers.sql).
--
-- What is built into the sample (so the recipes have something to find):
--   * orders: every customer has an order propensity p (0.08 + 0.45 u^2,
--     mean 0.23) and orders with probability p in each 30-day slot of
--     their life; the product is starter 39, standard 79, premium 149,
--     accessory 19 or care_plan 49 (amount = price x quantity x 0.85..1.15,
--     a second unit in 10% of the orders);
--   * CS interactions: in each 45-day slot of a customer's life a contact
--     with probability 0.12, by chat (45%), phone (35%) or email (20%),
--     handled by one of 12 agents, of kind inquiry (50%), complaint (20%),
--     billing (15%) or technical (15%);
--   * first-contact resolution: 0.78 by phone, 0.72 by chat, 0.62 by email,
--     -0.10 for complaints, plus the agent's skill (-0.12 .. +0.10);
--   * recommendations: the agent recommends a product (premium, care_plan,
--     accessory or standard) in an inquiry, billing or technical contact
--     with the agent's recommendation rate (0.05 .. 0.50), in a complaint
--     with 0.05; the customer buys it within 21 days with the agent's
--     persuasion (0.15 .. 0.45) x 1.2 by phone, x 1.0 by chat, x 0.7 by
--     email: the upsell / cross-sell orders;
--   * conversion: an inquiry leads to an order within 14 days with
--     probability 0.22 (chat), 0.18 (phone), 0.12 (email), plus the agent's
--     conversion skill (-0.04 .. +0.06);
--   * repurchase: a contact resolved on first contact brings an extra order
--     within 60 days with probability 0.08;
--   * order value: orders placed within 30 days after a CS contact are 7%
--     larger (amount x 1.07; upsell orders are priced as their product);
--   * CSAT: 35% answer the post-contact survey (1..5); answers are better
--     after a first-contact resolution and for some agents;
--   * promotion 'summer_repurchase', 2026-06-01 to 2026-07-01 (a re-purchase
--     promotion): every customer of 2026-06-01 who stays through June
--     orders once more in June with probability 0.07;
--   * reviews: a review 2..13 days after an order with probability 0.07;
--     during the review event 'review_campaign', 2026-09-01 to 2026-10-01,
--     with probability 0.20, and the stars are slightly better (1..5 stars,
--     mean 3.96 outside the event).
-- Sizes: 54 721 orders, 17 683 interactions, 4 160 reviews; loads in under
-- a second.
--
-- Promotion windows are half-open, [starts_at, ends_at).

SET TimeZone = 'UTC';
SET client_min_messages = warning;
SET jit = off;

DROP TABLE IF EXISTS orders, cs_interactions, reviews, promotions;

CREATE TABLE orders (
	order_id	integer PRIMARY KEY,
	customer_id	integer NOT NULL REFERENCES customers,
	ordered_at	timestamptz NOT NULL,
	amount		numeric(10,2) NOT NULL,
	product		text NOT NULL
);

CREATE TABLE cs_interactions (
	interaction_id			integer PRIMARY KEY,
	customer_id				integer NOT NULL REFERENCES customers,
	contacted_at			timestamptz NOT NULL,
	channel					text NOT NULL CHECK (channel IN ('chat', 'phone', 'email')),
	agent					text NOT NULL,
	kind					text NOT NULL CHECK (kind IN ('inquiry', 'complaint', 'billing', 'technical')),
	resolved_first_contact	boolean NOT NULL,
	recommended_product		text,					-- NULL: nothing recommended
	csat_score				integer CHECK (csat_score BETWEEN 1 AND 5)	-- NULL: no survey answer
);

CREATE TABLE reviews (
	review_id	integer PRIMARY KEY,
	customer_id	integer NOT NULL REFERENCES customers,
	created_at	timestamptz NOT NULL,
	stars		integer NOT NULL CHECK (stars BETWEEN 1 AND 5)
);

CREATE TABLE promotions (
	name		text PRIMARY KEY,
	starts_at	timestamptz NOT NULL,
	ends_at		timestamptz NOT NULL CHECK (ends_at > starts_at)	-- exclusive
);

COMMENT ON TABLE orders IS
	'cxkpi demo: orders of the sample customers (tests/data/cs.sql)';
COMMENT ON TABLE cs_interactions IS
	'cxkpi demo: customer-service contacts, agent, outcome, recommendation, CSAT answer';
COMMENT ON TABLE reviews IS
	'cxkpi demo: product reviews (1..5 stars)';
COMMENT ON TABLE promotions IS
	'cxkpi demo: promotion and review-event windows [starts_at, ends_at)';

INSERT INTO promotions VALUES
	('summer_repurchase', '2026-06-01 00:00+00', '2026-07-01 00:00+00'),
	('review_campaign',   '2026-09-01 00:00+00', '2026-10-01 00:00+00');

-- u(a, b, stream): a uniform draw in (0, 1) keyed by two integers, the same
-- on every run and platform (as pg_temp.u of customers.sql, two keys).
CREATE FUNCTION pg_temp.u(a integer, b integer, stream integer)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ((hashint8extended(a::bigint * 1000003 + b, stream) & 4294967295)::double precision + 0.5)
	   / 4294967296.0;

-- The CS team: the agents' skills (used only to generate the data).
CREATE TABLE pg_temp.agents (
	agent		text PRIMARY KEY,
	fcr_skill	double precision,	-- added to the first-contact resolution probability
	rec_rate	double precision,	-- recommends a product in this share of non-complaint contacts
	persuasion	double precision,	-- a recommendation is bought with this probability (x channel)
	conv_skill	double precision,	-- added to an inquiry's conversion probability
	csat_shift	double precision	-- shifts the CSAT answers of the agent's customers
);
INSERT INTO pg_temp.agents VALUES
	('aiko',    0.10, 0.45, 0.40,  0.06,  0.06),
	('ben',     0.02, 0.20, 0.25,  0.00,  0.00),
	('carla',   0.05, 0.50, 0.45,  0.04,  0.03),
	('dmitri', -0.12, 0.15, 0.20, -0.04, -0.10),
	('elif',    0.00, 0.30, 0.30,  0.02,  0.00),
	('farid',   0.04, 0.05, 0.15,  0.00,  0.04),
	('grace',   0.08, 0.35, 0.35,  0.03,  0.08),
	('hiro',   -0.04, 0.25, 0.25,  0.00, -0.03),
	('ines',    0.00, 0.40, 0.30,  0.01,  0.00),
	('jonas',  -0.06, 0.10, 0.20, -0.02, -0.05),
	('kemal',   0.03, 0.30, 0.35,  0.02,  0.02),
	('lena',    0.00, 0.20, 0.30,  0.00,  0.00);

-- Customers' observed days: [started_at, last_day) with last_day the day
-- they left or 2026-11-01.
CREATE TEMP TABLE life AS
SELECT customer_id, started_at, coalesce(ended_at, date '2026-11-01') AS last_day
FROM customers;

-- CS interactions: one possible contact per 45-day slot of a customer's life.
CREATE TEMP TABLE contact AS
SELECT l.customer_id, s AS slot, d AS day,
	   (d + pg_temp.u(l.customer_id, s, 102) * interval '10 hours' + interval '8 hours')
		   AT TIME ZONE 'UTC' AS contacted_at,
	   CASE WHEN pg_temp.u(l.customer_id, s, 103) < 0.45 THEN 'chat'
			WHEN pg_temp.u(l.customer_id, s, 103) < 0.80 THEN 'phone'
			ELSE 'email' END AS channel,
	   (SELECT agent FROM pg_temp.agents ORDER BY agent
		OFFSET floor(12 * pg_temp.u(l.customer_id, s, 104))::integer LIMIT 1) AS agent,
	   CASE WHEN pg_temp.u(l.customer_id, s, 105) < 0.50 THEN 'inquiry'
			WHEN pg_temp.u(l.customer_id, s, 105) < 0.70 THEN 'complaint'
			WHEN pg_temp.u(l.customer_id, s, 105) < 0.85 THEN 'billing'
			ELSE 'technical' END AS kind
FROM life AS l
	CROSS JOIN LATERAL generate_series(0, (l.last_day - l.started_at - 1) / 45) AS s
	CROSS JOIN LATERAL (
		SELECT l.started_at + 45 * s + floor(45 * pg_temp.u(l.customer_id, s, 101))::integer AS d) AS dd
WHERE d < l.last_day
  AND pg_temp.u(l.customer_id, s, 100) < 0.12;

CREATE TEMP TABLE contact2 AS
SELECT c.*, l.last_day,
	   row_number() OVER (ORDER BY c.contacted_at, c.customer_id)::integer AS interaction_id,
	   pg_temp.u(c.customer_id, c.slot, 106)
		   < CASE c.channel WHEN 'phone' THEN 0.78 WHEN 'chat' THEN 0.72 ELSE 0.62 END
			 - CASE WHEN c.kind = 'complaint' THEN 0.10 ELSE 0 END + a.fcr_skill AS resolved,
	   CASE WHEN pg_temp.u(c.customer_id, c.slot, 107)
				 < CASE WHEN c.kind = 'complaint' THEN 0.05 ELSE a.rec_rate END
			THEN CASE WHEN pg_temp.u(c.customer_id, c.slot, 108) < 0.35 THEN 'premium'
					  WHEN pg_temp.u(c.customer_id, c.slot, 108) < 0.65 THEN 'care_plan'
					  WHEN pg_temp.u(c.customer_id, c.slot, 108) < 0.85 THEN 'accessory'
					  ELSE 'standard' END
	   END AS recommended,
	   a.persuasion * CASE c.channel WHEN 'phone' THEN 1.2 WHEN 'chat' THEN 1.0 ELSE 0.7 END AS p_upsell,
	   CASE c.channel WHEN 'chat' THEN 0.22 WHEN 'phone' THEN 0.18 ELSE 0.12 END + a.conv_skill AS p_convert,
	   a.csat_shift
FROM contact AS c
	JOIN pg_temp.agents AS a USING (agent)
	JOIN life AS l USING (customer_id);

INSERT INTO cs_interactions
SELECT interaction_id, customer_id, contacted_at, channel, agent, kind, resolved, recommended,
	   CASE WHEN pg_temp.u(interaction_id, 0, 110) < 0.35 THEN
		   CASE WHEN v < 0.08 THEN 1 WHEN v < 0.18 THEN 2 WHEN v < 0.36 THEN 3
				WHEN v < 0.70 THEN 4 ELSE 5 END
	   END
FROM contact2
	CROSS JOIN LATERAL (
		SELECT pg_temp.u(interaction_id, 0, 111)
			   + CASE WHEN resolved THEN 0.12 ELSE -0.20 END + csat_shift AS v) AS vv;
CREATE INDEX ON cs_interactions (customer_id, contacted_at);
ANALYZE cs_interactions;

-- Orders before their amounts: (customer, day, product, source, key).
CREATE TEMP TABLE order0 (
	customer_id integer, day date, product text, source integer, k1 integer, k2 integer
);
-- base orders: one possible order per 30-day slot
INSERT INTO order0
SELECT l.customer_id, d, NULL, 0, l.customer_id, s
FROM life AS l
	CROSS JOIN LATERAL generate_series(0, (l.last_day - l.started_at - 1) / 30) AS s
	CROSS JOIN LATERAL (
		SELECT l.started_at + 30 * s + floor(30 * pg_temp.u(l.customer_id, s, 201))::integer AS d) AS dd
WHERE d < l.last_day
  AND pg_temp.u(l.customer_id, s, 200)
	  < 0.08 + 0.45 * pg_temp.u(l.customer_id, 0, 202) ^ 2;
-- upsell / cross-sell: the recommended product, 1..21 days after the contact
INSERT INTO order0
SELECT customer_id, day + 1 + floor(21 * pg_temp.u(interaction_id, 1, 211))::integer,
	   recommended, 1, interaction_id, 1
FROM contact2
WHERE recommended IS NOT NULL
  AND pg_temp.u(interaction_id, 1, 210) < p_upsell;
-- conversion of inquiries: an order 1..14 days after the contact
INSERT INTO order0
SELECT customer_id, day + 1 + floor(14 * pg_temp.u(interaction_id, 2, 221))::integer,
	   NULL, 2, interaction_id, 2
FROM contact2
WHERE kind = 'inquiry'
  AND pg_temp.u(interaction_id, 2, 220) < p_convert;
-- repurchase after a first-contact resolution: an order 1..60 days after
INSERT INTO order0
SELECT customer_id, day + 1 + floor(60 * pg_temp.u(interaction_id, 3, 231))::integer,
	   NULL, 3, interaction_id, 3
FROM contact2
WHERE resolved
  AND pg_temp.u(interaction_id, 3, 230) < 0.08;
-- re-purchase promotion, June 2026
INSERT INTO order0
SELECT customer_id, date '2026-06-01' + floor(30 * pg_temp.u(customer_id, 4, 241))::integer,
	   NULL, 4, customer_id, 4
FROM life
WHERE started_at < date '2026-06-01' AND last_day >= date '2026-07-01'
  AND pg_temp.u(customer_id, 4, 240) < 0.07;

ANALYZE life;
ANALYZE order0;

-- Orders: a time of day, a product (when not the recommended one) and an
-- amount; days on or after the customer's last day are dropped.
CREATE TEMP TABLE order1 AS
SELECT o.customer_id, t AS ordered_at, p.product,
	   round(p.price * CASE WHEN o.source = 1 THEN 1
							ELSE (0.85 + 0.30 * pg_temp.u(o.k1, o.k2 * 10 + o.source, 252))::numeric
							   * CASE WHEN pg_temp.u(o.k1, o.k2 * 10 + o.source, 253) < 0.10 THEN 2 ELSE 1 END
					   END
			 * CASE WHEN o.source <> 1 AND EXISTS (
						SELECT 1 FROM cs_interactions AS i
						WHERE i.customer_id = o.customer_id
						  AND i.contacted_at < t AND t <= i.contacted_at + interval '30 days')
					THEN 1.07 ELSE 1 END, 2) AS amount
FROM order0 AS o
	JOIN life AS l USING (customer_id)
	CROSS JOIN LATERAL (
		SELECT (o.day + pg_temp.u(o.k1, o.k2 * 10 + o.source, 250) * interval '24 hours')
			   AT TIME ZONE 'UTC' AS t) AS tt
	CROSS JOIN LATERAL (
		SELECT coalesce(o.product,
						CASE WHEN pg_temp.u(o.k1, o.k2 * 10 + o.source, 251) < 0.35 THEN 'starter'
							 WHEN pg_temp.u(o.k1, o.k2 * 10 + o.source, 251) < 0.65 THEN 'standard'
							 WHEN pg_temp.u(o.k1, o.k2 * 10 + o.source, 251) < 0.75 THEN 'premium'
							 WHEN pg_temp.u(o.k1, o.k2 * 10 + o.source, 251) < 0.90 THEN 'accessory'
							 ELSE 'care_plan' END) AS product) AS pp
	CROSS JOIN LATERAL (
		SELECT CASE pp.product WHEN 'starter' THEN 39.00 WHEN 'standard' THEN 79.00
							   WHEN 'premium' THEN 149.00 WHEN 'accessory' THEN 19.00
							   ELSE 49.00 END AS price, pp.product) AS p
WHERE o.day < l.last_day;

INSERT INTO orders
SELECT row_number() OVER (ORDER BY ordered_at, customer_id, product, amount),
	   customer_id, ordered_at, amount, product
FROM order1;

-- Reviews: 2..13 days after an order, with probability 0.07, or 0.20 when
-- the review day falls in the review event; stars from a latent draw,
-- slightly better during the event.
INSERT INTO reviews
SELECT row_number() OVER (ORDER BY created_at, customer_id, order_id),
	   customer_id, created_at,
	   CASE WHEN v < 0.06 THEN 1 WHEN v < 0.13 THEN 2 WHEN v < 0.27 THEN 3
			WHEN v < 0.58 THEN 4 ELSE 5 END
FROM (SELECT o.order_id, o.customer_id, r.created_at,
			 pg_temp.u(o.order_id, 0, 302)
			 + CASE WHEN in_event THEN 0.05 ELSE 0 END AS v,
			 pg_temp.u(o.order_id, 0, 300) < CASE WHEN in_event THEN 0.20 ELSE 0.07 END AS wrote
	  FROM orders AS o
		  JOIN life AS l USING (customer_id)
		  CROSS JOIN LATERAL (
			  SELECT ((o.ordered_at AT TIME ZONE 'UTC')::date
					  + 2 + floor(12 * pg_temp.u(o.order_id, 0, 301))::integer
					  + interval '9 hours') AT TIME ZONE 'UTC' AS created_at) AS r
		  CROSS JOIN LATERAL (
			  SELECT r.created_at >= timestamptz '2026-09-01 00:00+00'
				 AND r.created_at <  timestamptz '2026-10-01 00:00+00' AS in_event) AS e
	  WHERE r.created_at < l.last_day::timestamp AT TIME ZONE 'UTC') AS w
WHERE wrote;

CREATE INDEX ON orders (customer_id, ordered_at);
CREATE INDEX ON reviews (created_at);

DROP TABLE life, contact, contact2, order0, order1, pg_temp.agents;

ANALYZE orders;
ANALYZE reviews;
ANALYZE promotions;
