-- BG/NBD and Gamma-Gamma fitted on the orders up to 2026-11-01, in weeks:
-- one rfm row per customer, the two models stored in a table, their
-- report rows (with the frequency-spend correlation to check first), and
-- the 12-month CLV (4.345 weeks a month, 1 % a month) of every customer.
CREATE TABLE customer_rfm AS
SELECT customer_id, (r).*
FROM (SELECT customer_id,
             rfm_agg(ordered_at, amount, timestamptz '2026-11-01 00:00+00', interval '1 week') AS r
      FROM orders
      GROUP BY customer_id) AS s;

CREATE TABLE clv_model AS
SELECT bgnbd_fit(x, t_x, t_cal) AS purchases, gamma_gamma_fit(x, m) AS spend
FROM customer_rfm;

SELECT r.* FROM clv_model CROSS JOIN LATERAL bgnbd_report(clv_model.purchases) AS r;
SELECT s.* FROM clv_model CROSS JOIN LATERAL spend_model_report(clv_model.spend) AS s;

CREATE TABLE customer_clv AS
SELECT f.customer_id, f.x, f.t_x, f.t_cal, f.m,
       probability_alive(c.purchases, f.x, f.t_x, f.t_cal)                       AS p_alive,
       conditional_expected_purchases(c.purchases, 52, f.x, f.t_x, f.t_cal)      AS purchases_next_year,
       customer_lifetime_value(c.purchases, c.spend, f.x, f.t_x, f.t_cal, f.m,
                               12, 0.01, 4.345)                                  AS clv_12_months
FROM customer_rfm AS f CROSS JOIN clv_model AS c;

SELECT count(*) AS customers,
       round(avg(p_alive)::numeric, 3)             AS mean_p_alive,
       round(sum(purchases_next_year)::numeric, 0) AS purchases_next_year,
       round(avg(clv_12_months)::numeric, 2)       AS mean_clv_12_months
FROM customer_clv;
