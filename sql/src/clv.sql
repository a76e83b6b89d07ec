-- ====================================================================
-- Customer lifetime value: rfm_agg, bgnbd_fit, gamma_gamma_fit, the model
-- types bgnbd_model and spend_model, scoring, CLV, simple_clv  (src/clv.c)
-- ====================================================================
--
-- Time is in one unit throughout (the rfm_agg unit: days or weeks): a
-- model fitted on t_x and T in weeks has alpha in weeks and scores times in
-- weeks.  The paper's T (customer age) is named t_cal (BTYD's T.cal) in
-- argument and column names, since SQL folds T to t.

-- the fits' transition state ------------------------------------------

CREATE TYPE @extschema@.clv_points;

CREATE FUNCTION @extschema@.clv_points_in(cstring)
RETURNS @extschema@.clv_points
AS 'MODULE_PATHNAME', 'cxkpi_clv_points_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.clv_points_out(@extschema@.clv_points)
RETURNS cstring
AS 'MODULE_PATHNAME', 'cxkpi_clv_points_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.clv_points_recv(internal)
RETURNS @extschema@.clv_points
AS 'MODULE_PATHNAME', 'cxkpi_clv_points_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.clv_points_send(@extschema@.clv_points)
RETURNS bytea
AS 'MODULE_PATHNAME', 'cxkpi_clv_points_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.clv_points (
	INPUT = @extschema@.clv_points_in,
	OUTPUT = @extschema@.clv_points_out,
	RECEIVE = @extschema@.clv_points_recv,
	SEND = @extschema@.clv_points_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE @extschema@.clv_points IS
	'Transition state of bgnbd_fit and gamma_gamma_fit: distinct customer points (x, t_x, T) or (x, m) with a count each';

-- Transitions are not STRICT: rows with a NULL argument are skipped.
CREATE FUNCTION @extschema@.bgnbd_fit_transfn(@extschema@.clv_points, bigint, double precision, double precision)
RETURNS @extschema@.clv_points
AS 'MODULE_PATHNAME', 'cxkpi_bgnbd_fit_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.gamma_gamma_fit_transfn(@extschema@.clv_points, bigint, double precision)
RETURNS @extschema@.clv_points
AS 'MODULE_PATHNAME', 'cxkpi_gamma_gamma_fit_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.clv_points_add(@extschema@.clv_points, @extschema@.clv_points)
RETURNS @extschema@.clv_points
AS 'MODULE_PATHNAME', 'cxkpi_clv_points_add'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clv_points_add(@extschema@.clv_points, @extschema@.clv_points) IS
	'Merge two point sets of the same model (the + operator, the fits'' combine function)';

CREATE OPERATOR @extschema@.+ (
	LEFTARG = @extschema@.clv_points,
	RIGHTARG = @extschema@.clv_points,
	FUNCTION = @extschema@.clv_points_add,
	COMMUTATOR = OPERATOR(@extschema@.+)
);

-- models ----------------------------------------------------------------

CREATE TYPE @extschema@.bgnbd_model;

CREATE FUNCTION @extschema@.bgnbd_model_in(cstring)
RETURNS @extschema@.bgnbd_model
AS 'MODULE_PATHNAME', 'cxkpi_bgnbd_model_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.bgnbd_model_out(@extschema@.bgnbd_model)
RETURNS cstring
AS 'MODULE_PATHNAME', 'cxkpi_bgnbd_model_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.bgnbd_model_recv(internal)
RETURNS @extschema@.bgnbd_model
AS 'MODULE_PATHNAME', 'cxkpi_bgnbd_model_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.bgnbd_model_send(@extschema@.bgnbd_model)
RETURNS bytea
AS 'MODULE_PATHNAME', 'cxkpi_bgnbd_model_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.bgnbd_model (
	INPUT = @extschema@.bgnbd_model_in,
	OUTPUT = @extschema@.bgnbd_model_out,
	RECEIVE = @extschema@.bgnbd_model_recv,
	SEND = @extschema@.bgnbd_model_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = plain
);

COMMENT ON TYPE @extschema@.bgnbd_model IS
	'A fitted BG/NBD model (Fader, Hardie and Lee 2005): r, alpha, a, b, log-likelihood, counts, convergence';

CREATE TYPE @extschema@.spend_model;

CREATE FUNCTION @extschema@.spend_model_in(cstring)
RETURNS @extschema@.spend_model
AS 'MODULE_PATHNAME', 'cxkpi_spend_model_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.spend_model_out(@extschema@.spend_model)
RETURNS cstring
AS 'MODULE_PATHNAME', 'cxkpi_spend_model_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.spend_model_recv(internal)
RETURNS @extschema@.spend_model
AS 'MODULE_PATHNAME', 'cxkpi_spend_model_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.spend_model_send(@extschema@.spend_model)
RETURNS bytea
AS 'MODULE_PATHNAME', 'cxkpi_spend_model_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.spend_model (
	INPUT = @extschema@.spend_model_in,
	OUTPUT = @extschema@.spend_model_out,
	RECEIVE = @extschema@.spend_model_recv,
	SEND = @extschema@.spend_model_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = plain
);

COMMENT ON TYPE @extschema@.spend_model IS
	'A fitted Gamma-Gamma spend model (Fader and Hardie 2013): p, q, gamma, log-likelihood, counts, frequency-spend correlation';

CREATE FUNCTION @extschema@.bgnbd_fit_final(@extschema@.clv_points)
RETURNS @extschema@.bgnbd_model
AS 'MODULE_PATHNAME', 'cxkpi_bgnbd_fit_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.gamma_gamma_fit_final(@extschema@.clv_points)
RETURNS @extschema@.spend_model
AS 'MODULE_PATHNAME', 'cxkpi_gamma_gamma_fit_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.bgnbd_fit(x bigint, t_x double precision, t_cal double precision) (
	SFUNC = @extschema@.bgnbd_fit_transfn,
	STYPE = @extschema@.clv_points,
	FINALFUNC = @extschema@.bgnbd_fit_final,
	COMBINEFUNC = @extschema@.clv_points_add,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.bgnbd_fit(bigint, double precision, double precision) IS
	'Maximum-likelihood BG/NBD model from one row per customer: x repeat purchases, t_x recency, t_cal = T age, in one time unit (rows with a NULL skipped)';

CREATE AGGREGATE @extschema@.gamma_gamma_fit(x bigint, m double precision) (
	SFUNC = @extschema@.gamma_gamma_fit_transfn,
	STYPE = @extschema@.clv_points,
	FINALFUNC = @extschema@.gamma_gamma_fit_final,
	COMBINEFUNC = @extschema@.clv_points_add,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.gamma_gamma_fit(bigint, double precision) IS
	'Maximum-likelihood Gamma-Gamma spend model from repeat buyers: x repeat purchases, m their mean value (rows with x = 0 or a NULL skipped)';

-- the two steps apart: point sets per segment, merged later (rollup), then fitted
CREATE AGGREGATE @extschema@.bgnbd_points(x bigint, t_x double precision, t_cal double precision) (
	SFUNC = @extschema@.bgnbd_fit_transfn,
	STYPE = @extschema@.clv_points,
	COMBINEFUNC = @extschema@.clv_points_add,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.bgnbd_points(bigint, double precision, double precision) IS
	'The point set bgnbd_fit collects (distinct (x, t_x, T) with counts), to store per segment, rollup() and fit later';

CREATE AGGREGATE @extschema@.gamma_gamma_points(x bigint, m double precision) (
	SFUNC = @extschema@.gamma_gamma_fit_transfn,
	STYPE = @extschema@.clv_points,
	COMBINEFUNC = @extschema@.clv_points_add,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.gamma_gamma_points(bigint, double precision) IS
	'The point set gamma_gamma_fit collects (distinct (x, m) of repeat buyers with counts)';

CREATE AGGREGATE @extschema@.rollup(@extschema@.clv_points) (
	SFUNC = @extschema@.clv_points_add,
	STYPE = @extschema@.clv_points,
	COMBINEFUNC = @extschema@.clv_points_add,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.clv_points) IS
	'Merge point sets of one model (segments of the same customers'' histories): exact, the fit of the rollup equals the fit of the rows';

CREATE FUNCTION @extschema@.bgnbd_fit(points @extschema@.clv_points)
RETURNS @extschema@.bgnbd_model
AS 'MODULE_PATHNAME', 'cxkpi_bgnbd_fit_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_fit(@extschema@.clv_points) IS
	'Fit the BG/NBD model to a stored point set (bgnbd_points, rollup)';

CREATE FUNCTION @extschema@.gamma_gamma_fit(points @extschema@.clv_points)
RETURNS @extschema@.spend_model
AS 'MODULE_PATHNAME', 'cxkpi_gamma_gamma_fit_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_fit(@extschema@.clv_points) IS
	'Fit the Gamma-Gamma model to a stored point set (gamma_gamma_points, rollup)';

CREATE FUNCTION @extschema@.bgnbd_model(r double precision, alpha double precision, a double precision, b double precision)
RETURNS @extschema@.bgnbd_model
AS 'MODULE_PATHNAME', 'cxkpi_bgnbd_model_make'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_model(double precision, double precision, double precision, double precision) IS
	'A BG/NBD model of given parameters (customers 0, no likelihood), to score with published or chosen values';

CREATE FUNCTION @extschema@.spend_model(p double precision, q double precision, gamma double precision)
RETURNS @extschema@.spend_model
AS 'MODULE_PATHNAME', 'cxkpi_spend_model_make'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.spend_model(double precision, double precision, double precision) IS
	'A Gamma-Gamma model of given parameters (customers 0, no likelihood)';

-- accessors ---------------------------------------------------------------

CREATE FUNCTION @extschema@.bgnbd_param(@extschema@.bgnbd_model, integer)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_bgnbd_param'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.spend_param(@extschema@.spend_model, integer)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_spend_param'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.bgnbd_r(model @extschema@.bgnbd_model)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN @extschema@.bgnbd_param(model, 0);
COMMENT ON FUNCTION @extschema@.bgnbd_r(@extschema@.bgnbd_model) IS
	'BG/NBD r: shape of the gamma distribution of purchase rates';

CREATE FUNCTION @extschema@.bgnbd_alpha(model @extschema@.bgnbd_model)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN @extschema@.bgnbd_param(model, 1);
COMMENT ON FUNCTION @extschema@.bgnbd_alpha(@extschema@.bgnbd_model) IS
	'BG/NBD alpha: scale of the gamma distribution of purchase rates (time unit of the data)';

CREATE FUNCTION @extschema@.bgnbd_a(model @extschema@.bgnbd_model)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN @extschema@.bgnbd_param(model, 2);
COMMENT ON FUNCTION @extschema@.bgnbd_a(@extschema@.bgnbd_model) IS
	'BG/NBD a: first shape of the beta distribution of dropout probabilities';

CREATE FUNCTION @extschema@.bgnbd_b(model @extschema@.bgnbd_model)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN @extschema@.bgnbd_param(model, 3);
COMMENT ON FUNCTION @extschema@.bgnbd_b(@extschema@.bgnbd_model) IS
	'BG/NBD b: second shape of the beta distribution of dropout probabilities';

CREATE FUNCTION @extschema@.spend_p(model @extschema@.spend_model)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN @extschema@.spend_param(model, 0);
COMMENT ON FUNCTION @extschema@.spend_p(@extschema@.spend_model) IS
	'Gamma-Gamma p: shape of the gamma distribution of one transaction value';

CREATE FUNCTION @extschema@.spend_q(model @extschema@.spend_model)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN @extschema@.spend_param(model, 1);
COMMENT ON FUNCTION @extschema@.spend_q(@extschema@.spend_model) IS
	'Gamma-Gamma q: shape of the gamma distribution of the customers'' scale';

CREATE FUNCTION @extschema@.spend_gamma(model @extschema@.spend_model)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN @extschema@.spend_param(model, 2);
COMMENT ON FUNCTION @extschema@.spend_gamma(@extschema@.spend_model) IS
	'Gamma-Gamma gamma: scale of the gamma distribution of the customers'' scale';

CREATE FUNCTION @extschema@.log_likelihood(@extschema@.bgnbd_model)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_bgnbd_log_likelihood'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.log_likelihood(@extschema@.bgnbd_model) IS
	'Log-likelihood of the data at the fitted parameters; NULL for a model of given parameters';

CREATE FUNCTION @extschema@.customers(@extschema@.bgnbd_model)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_bgnbd_customers'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customers(@extschema@.bgnbd_model) IS
	'Customers the model was fitted on (0 for a model of given parameters)';

CREATE FUNCTION @extschema@.converged(@extschema@.bgnbd_model)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_bgnbd_converged'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.converged(@extschema@.bgnbd_model) IS
	'True when the optimiser ended at a stationary point (gradient of the mean log-likelihood below 1e-6)';

CREATE FUNCTION @extschema@.iterations(@extschema@.bgnbd_model)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_bgnbd_iterations'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.iterations(@extschema@.bgnbd_model) IS
	'Optimiser iterations of the fit';

CREATE FUNCTION @extschema@.log_likelihood(@extschema@.spend_model)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_spend_log_likelihood'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.log_likelihood(@extschema@.spend_model) IS
	'Log-likelihood of the data at the fitted parameters; NULL for a model of given parameters';

CREATE FUNCTION @extschema@.customers(@extschema@.spend_model)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_spend_customers'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customers(@extschema@.spend_model) IS
	'Customers the model was fitted on (0 for a model of given parameters)';

CREATE FUNCTION @extschema@.converged(@extschema@.spend_model)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_spend_converged'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.converged(@extschema@.spend_model) IS
	'True when the optimiser ended at a stationary point (gradient of the mean log-likelihood below 1e-6)';

CREATE FUNCTION @extschema@.iterations(@extschema@.spend_model)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_spend_iterations'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.iterations(@extschema@.spend_model) IS
	'Optimiser iterations of the fit';

CREATE FUNCTION @extschema@.repeat_buyers(@extschema@.bgnbd_model)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_bgnbd_repeat_buyers'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.repeat_buyers(@extschema@.bgnbd_model) IS
	'Customers with at least one repeat purchase (x > 0) in the fit';

CREATE FUNCTION @extschema@.frequency_spend_correlation(@extschema@.spend_model)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_spend_correlation'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.frequency_spend_correlation(@extschema@.spend_model) IS
	'Pearson correlation of x and m over the repeat buyers of the fit: the Gamma-Gamma model assumes spend independent of frequency; NULL when undefined';

CREATE FUNCTION @extschema@.bgnbd_model_jsonb(@extschema@.bgnbd_model)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'cxkpi_bgnbd_model_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_model_jsonb(@extschema@.bgnbd_model) IS
	'Every BG/NBD model accessor by name, as jsonb';

CREATE FUNCTION @extschema@.spend_model_jsonb(@extschema@.spend_model)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'cxkpi_spend_model_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.spend_model_jsonb(@extschema@.spend_model) IS
	'Every spend model accessor by name, as jsonb';

CREATE CAST (@extschema@.bgnbd_model AS jsonb)
	WITH FUNCTION @extschema@.bgnbd_model_jsonb(@extschema@.bgnbd_model);
CREATE CAST (@extschema@.spend_model AS jsonb)
	WITH FUNCTION @extschema@.spend_model_jsonb(@extschema@.spend_model);

CREATE FUNCTION @extschema@.bgnbd_report(model @extschema@.bgnbd_model,
	OUT bgnbd_r double precision, OUT bgnbd_alpha double precision,
	OUT bgnbd_a double precision, OUT bgnbd_b double precision,
	OUT log_likelihood double precision, OUT customers bigint,
	OUT repeat_buyers bigint, OUT iterations bigint, OUT converged boolean)
AS 'MODULE_PATHNAME', 'cxkpi_bgnbd_report'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_report(@extschema@.bgnbd_model) IS
	'Every scalar accessor of a BG/NBD model as one typed row (for dashboards: FROM t CROSS JOIN LATERAL bgnbd_report(t.model))';

CREATE FUNCTION @extschema@.spend_model_report(model @extschema@.spend_model,
	OUT spend_p double precision, OUT spend_q double precision,
	OUT spend_gamma double precision, OUT log_likelihood double precision,
	OUT customers bigint, OUT iterations bigint, OUT converged boolean,
	OUT frequency_spend_correlation double precision, OUT mean_spend double precision)
AS 'MODULE_PATHNAME', 'cxkpi_spend_report'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.spend_model_report(@extschema@.spend_model) IS
	'Every scalar accessor of a spend model as one typed row, with the population mean spend p gamma / (q - 1) (NULL when q <= 1)';

-- scoring ------------------------------------------------------------------

CREATE FUNCTION @extschema@.log_likelihood(model @extschema@.bgnbd_model, x bigint, t_x double precision, t_cal double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_bgnbd_customer_loglik'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.log_likelihood(@extschema@.bgnbd_model, bigint, double precision, double precision) IS
	'Log-likelihood of one customer (x, t_x, T = t_cal) at the model''s parameters (BG/NBD eq. 6); summed over customers it is the fit''s log_likelihood';

CREATE FUNCTION @extschema@.log_likelihood(model @extschema@.spend_model, x bigint, m double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_spend_customer_loglik'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.log_likelihood(@extschema@.spend_model, bigint, double precision) IS
	'Log-density of the mean spend m of a repeat buyer with x repeat purchases at the model''s parameters';

CREATE FUNCTION @extschema@.expected_purchases(model @extschema@.bgnbd_model, t double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_expected_purchases'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.expected_purchases(@extschema@.bgnbd_model, double precision) IS
	'E[X(t)]: expected purchases of a newly acquired customer in (0, t] (BG/NBD eq. 7)';

CREATE FUNCTION @extschema@.conditional_expected_purchases(model @extschema@.bgnbd_model, t double precision, x bigint, t_x double precision, t_cal double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_conditional_expected_purchases'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.conditional_expected_purchases(@extschema@.bgnbd_model, double precision, bigint, double precision, double precision) IS
	'E[Y(t) | x, t_x, T]: expected purchases in the next t units of a customer with history (x, t_x, T = t_cal) (BG/NBD eq. 10)';

CREATE FUNCTION @extschema@.probability_alive(model @extschema@.bgnbd_model, x bigint, t_x double precision, t_cal double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_probability_alive'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.probability_alive(@extschema@.bgnbd_model, bigint, double precision, double precision) IS
	'P(alive | x, t_x, T): probability the customer has not dropped out; 1 when x = 0';

CREATE FUNCTION @extschema@.conditional_expected_value(model @extschema@.spend_model, x bigint, m double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_conditional_expected_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.conditional_expected_value(@extschema@.spend_model, bigint, double precision) IS
	'E[M | x, m] = (gamma + m x) p / (p x + q - 1): expected value of a future purchase; the population mean when x = 0; NULL when q <= 1';

CREATE FUNCTION @extschema@.customer_lifetime_value(bgnbd @extschema@.bgnbd_model, spend @extschema@.spend_model, x bigint, t_x double precision, t_cal double precision, m double precision, horizon integer DEFAULT 12, discount_rate double precision DEFAULT 0.01, units_per_period double precision DEFAULT 30)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_customer_lifetime_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_lifetime_value(@extschema@.bgnbd_model, @extschema@.spend_model, bigint, double precision, double precision, double precision, integer, double precision, double precision) IS
	'Discounted expected value over horizon periods as lifetimes computes it: sum over i of (E[Y(i f)] - E[Y((i-1) f)]) E[M] / (1 + d)^i, f = units_per_period';

CREATE FUNCTION @extschema@.simple_clv(arpu double precision, gross_margin double precision, churn_rate double precision, discount_rate double precision DEFAULT 0)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_simple_clv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.simple_clv(double precision, double precision, double precision, double precision) IS
	'Contractual CLV with constant retention, margin at the start of each period: arpu margin (1 + d) / (d + churn); arpu margin / churn when d = 0; NULL when churn = d = 0';

-- rfm_agg ------------------------------------------------------------------

CREATE TYPE @extschema@.rfm AS (
	x bigint,
	t_x double precision,
	t_cal double precision,
	m double precision,
	orders bigint,
	first_order date,
	last_order date
);
COMMENT ON TYPE @extschema@.rfm IS
	'One customer in the BG/NBD convention: x repeat purchase units, t_x first to last order, t_cal (T) first order to as_of, in units; m mean value of the repeat units (0 when x = 0); orders up to as_of; first and last order dates';

CREATE FUNCTION @extschema@.rfm_agg_transfn(double precision[], date, numeric, date, interval)
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'cxkpi_rfm_agg_transfn_date'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- timestamptz orders fall on calendar dates of the session TimeZone: STABLE
CREATE FUNCTION @extschema@.rfm_agg_transfn(double precision[], timestamp with time zone, numeric, timestamp with time zone, interval)
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'cxkpi_rfm_agg_transfn_tstz'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.rfm_agg_combine(double precision[], double precision[])
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'cxkpi_rfm_agg_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.rfm_agg_final(double precision[])
RETURNS @extschema@.rfm
AS 'MODULE_PATHNAME', 'cxkpi_rfm_agg_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.rfm_agg(ordered_at date, amount numeric, as_of date, unit interval) (
	SFUNC = @extschema@.rfm_agg_transfn,
	STYPE = double precision[],
	FINALFUNC = @extschema@.rfm_agg_final,
	COMBINEFUNC = @extschema@.rfm_agg_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rfm_agg(date, numeric, date, interval) IS
	'Per-customer (x, t_x, t_cal, m, orders, first_order, last_order) from orders, in units of whole days counted from the first order; orders after as_of ignored';

CREATE AGGREGATE @extschema@.rfm_agg(ordered_at timestamp with time zone, amount numeric, as_of timestamp with time zone, unit interval) (
	SFUNC = @extschema@.rfm_agg_transfn,
	STYPE = double precision[],
	FINALFUNC = @extschema@.rfm_agg_final,
	COMBINEFUNC = @extschema@.rfm_agg_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rfm_agg(timestamp with time zone, numeric, timestamp with time zone, interval) IS
	'Per-customer (x, t_x, t_cal, m, orders, first_order, last_order) from orders; days are calendar dates in the session TimeZone; orders after the instant as_of ignored';
