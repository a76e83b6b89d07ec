-- Seed values for make fuzz (tests/fuzz/run.sh): summaries of every cxkpi
-- type computed from the sample data of tests/data (surveys.sql,
-- customers.sql, loaded first), stored in tables of schema public.  run.sh
-- then writes the canonical text (output) and binary (send) form of every
-- distinct value of every column whose type is a cxkpi type as seeds.
-- A new type gets fuzzed without a line here (run.sh finds the types in
-- the catalog), but starts from an empty corpus: add its aggregates below.
SET TimeZone = 'UTC';
SET client_min_messages = warning;

-- NPS, CSAT and CES: per quarter and channel, unweighted and weighted,
-- default and other scales and cutoffs.
CREATE TABLE seed_surveys AS
SELECT date_trunc('quarter', answered_at) AS quarter, channel,
	   nps_agg(score) AS nps, nps_agg(score, weight) AS nps_w,
	   csat_agg(csat_score) AS csat, csat_agg(csat_score, weight) AS csat_w,
	   csat_agg(score, 0, 10, 7) AS csat_0_10, csat_agg(csat_score, 1, 7, 6, weight / 3) AS csat_1_7_w,
	   ces_agg(ces_score) AS ces, ces_agg(ces_score, weight) AS ces_w,
	   ces_agg(score, 0, 10) AS ces_0_10, ces_agg(ces_score, 1, 7, 6, weight * 1e6) AS ces_big_w
FROM survey_responses
GROUP BY 1, 2;

-- A few sparse ones: a single answer, a single weighted answer.
CREATE TABLE seed_surveys_small AS
SELECT nps_agg(score) AS nps, nps_agg(score, 0.1) AS nps_w, csat_agg(csat_score) AS csat,
	   ces_agg(ces_score, 1e-9) AS ces_w
FROM (SELECT * FROM survey_responses WHERE csat_score IS NOT NULL AND ces_score IS NULL ORDER BY id LIMIT 1) a;

-- Churn: per month and channel, for date, timestamp and timestamptz periods.
CREATE TABLE seed_churn AS
SELECT m::date AS month, channel,
	   churn_agg(started_at, ended_at, daterange(m::date, (m + interval '1 month')::date)) AS churn_d,
	   churn_agg(started_at::timestamp, ended_at::timestamp,
				 tsrange(m::timestamp, m::timestamp + interval '1 month', '(]')) AS churn_ts,
	   churn_agg(started_at + interval '1 hour 1 microsecond', ended_at + interval '1 hour 1 microsecond',
				 tstzrange(m, m + interval '1 month')) AS churn_tstz
FROM generate_series(timestamptz '2024-01-01', '2026-10-01', '5 months') m, customers
GROUP BY 1, 2;

-- Churn series: per channel, monthly over the whole sample, weekly, daily.
CREATE TABLE seed_series AS
SELECT channel,
	   churn_series_agg(started_at, ended_at, date '2024-01-01', interval '1 month', 34) AS monthly,
	   churn_series_agg(started_at::timestamp, ended_at::timestamp, timestamp '2026-01-05',
						interval '1 week', 6) AS weekly_ts,
	   churn_series_agg(started_at::timestamptz, ended_at::timestamptz, timestamptz '2026-10-01 12:00',
						interval '1 day 6 hours', 3) AS daily_tstz
FROM customers
GROUP BY 1;

-- Revenue: MRR per customer at the start and the end of a month (the churn
-- boundary convention: a subscription counts at t when started_at < t <=
-- ended_at), plain and at a large scale.
CREATE TABLE seed_revenue AS
WITH months AS (
	SELECT m::date AS m0, (m + interval '1 month')::date AS m1
	FROM generate_series(timestamp '2024-03-01', '2026-10-01', '7 months') m
), mrr AS (
	SELECT m0, customer_id,
		   coalesce(sum(mrr) FILTER (WHERE started_at < m0 AND (ended_at IS NULL OR ended_at >= m0)), 0) AS mrr_start,
		   coalesce(sum(mrr) FILTER (WHERE started_at < m1 AND (ended_at IS NULL OR ended_at >= m1)), 0) AS mrr_end
	FROM months, subscriptions
	GROUP BY 1, 2
)
SELECT m0 AS month, revenue_agg(mrr_start, mrr_end) AS revenue,
	   revenue_agg(round(mrr_start / 7, 20), round(mrr_end / 7, 20)) AS revenue_scale20
FROM mrr
GROUP BY 1;

-- Order values: subscription MRR as amounts (the sample orders table comes
-- with the CS data set), per quarter of start: plain, with
-- refunds (every fifth negated), at 6 decimal places, a single amount.
CREATE TABLE seed_order_value AS
SELECT date_trunc('quarter', started_at) AS quarter,
	   order_value_agg(mrr) AS ov,
	   order_value_agg(CASE WHEN customer_id % 5 = 0 THEN -mrr ELSE mrr END) AS ov_refunds,
	   order_value_agg(round(mrr / 7, 6)) AS ov_scale6,
	   order_value_agg(mrr) FILTER (WHERE customer_id = (SELECT min(customer_id) FROM subscriptions)) AS ov_one
FROM subscriptions
GROUP BY 1;

-- Rates: conversion-like outcomes from the survey sample (satisfied CSAT,
-- promoters), unweighted and weighted, per quarter and channel; a few
-- sparse ones.
CREATE TABLE seed_rates AS
SELECT date_trunc('quarter', answered_at) AS quarter, channel,
	   rate_agg(csat_score >= 4) AS rate, rate_agg(score >= 9, weight) AS rate_w,
	   rate_agg(score = 10, weight * 1e-6) AS rate_small_w
FROM survey_responses
GROUP BY 1, 2;
CREATE TABLE seed_rates_small AS
SELECT rate_agg(x) AS rate, rate_agg(x, 0.25) AS rate_w
FROM (VALUES (true)) v(x);
