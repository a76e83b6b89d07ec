-- ====================================================================
-- Rates and conversions: rate_summary, rate_agg, accessors, comparisons,
-- planning (src/rate.c on the survey scale core; math in src/rate_math.c)
-- ====================================================================

CREATE TYPE @extschema@.rate_summary;

CREATE FUNCTION @extschema@.rate_summary_in(cstring)
RETURNS @extschema@.rate_summary
AS 'MODULE_PATHNAME', 'cxkpi_rate_summary_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.rate_summary_out(@extschema@.rate_summary)
RETURNS cstring
AS 'MODULE_PATHNAME', 'cxkpi_scale_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.rate_summary_recv(internal)
RETURNS @extschema@.rate_summary
AS 'MODULE_PATHNAME', 'cxkpi_rate_summary_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.rate_summary_send(@extschema@.rate_summary)
RETURNS bytea
AS 'MODULE_PATHNAME', 'cxkpi_scale_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.rate_summary (
	INPUT = @extschema@.rate_summary_in,
	OUTPUT = @extschema@.rate_summary_out,
	RECEIVE = @extschema@.rate_summary_recv,
	SEND = @extschema@.rate_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = plain
);

COMMENT ON TYPE @extschema@.rate_summary IS
	'Rate summary: failures and successes of a boolean outcome (and weight sums); mergeable';

COMMENT ON FUNCTION @extschema@.rate_summary_in(cstring) IS
	'Text input of rate_summary: v1;counts=<failures>,<successes>[;sumw=..;sumw2=..]';
COMMENT ON FUNCTION @extschema@.rate_summary_out(@extschema@.rate_summary) IS
	'Canonical text form of rate_summary';
COMMENT ON FUNCTION @extschema@.rate_summary_recv(internal) IS
	'Binary input of rate_summary (validated like the text input)';
COMMENT ON FUNCTION @extschema@.rate_summary_send(@extschema@.rate_summary) IS
	'Binary output of rate_summary';

-- aggregate support ---------------------------------------------------

CREATE FUNCTION @extschema@.rate_agg_transfn(@extschema@.rate_summary, boolean)
RETURNS @extschema@.rate_summary
AS 'MODULE_PATHNAME', 'cxkpi_rate_agg_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_agg_transfn(@extschema@.rate_summary, boolean) IS
	'Transition function of rate_agg(outcome)';

CREATE FUNCTION @extschema@.rate_agg_invfn(@extschema@.rate_summary, boolean)
RETURNS @extschema@.rate_summary
AS 'MODULE_PATHNAME', 'cxkpi_rate_agg_invfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_agg_invfn(@extschema@.rate_summary, boolean) IS
	'Moving-window inverse of rate_agg(outcome)';

CREATE FUNCTION @extschema@.rate_agg_transfn(@extschema@.rate_summary, boolean, double precision)
RETURNS @extschema@.rate_summary
AS 'MODULE_PATHNAME', 'cxkpi_rate_agg_weighted_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_agg_transfn(@extschema@.rate_summary, boolean, double precision) IS
	'Transition function of rate_agg(outcome, weight)';

CREATE FUNCTION @extschema@.rate_summary_add(@extschema@.rate_summary, @extschema@.rate_summary)
RETURNS @extschema@.rate_summary
AS 'MODULE_PATHNAME', 'cxkpi_scale_add'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_summary_add(@extschema@.rate_summary, @extschema@.rate_summary) IS
	'Merge two rate summaries (the + operator)';

CREATE FUNCTION @extschema@.rate_summary_rollup_invfn(@extschema@.rate_summary, @extschema@.rate_summary)
RETURNS @extschema@.rate_summary
AS 'MODULE_PATHNAME', 'cxkpi_scale_rollup_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_summary_rollup_invfn(@extschema@.rate_summary, @extschema@.rate_summary) IS
	'Moving-window inverse of rollup(rate_summary) (NULL, a restart, when weighted)';

CREATE AGGREGATE @extschema@.rate_agg(outcome boolean) (
	SFUNC = @extschema@.rate_agg_transfn,
	STYPE = @extschema@.rate_summary,
	COMBINEFUNC = @extschema@.rate_summary_add,
	MSFUNC = @extschema@.rate_agg_transfn,
	MINVFUNC = @extschema@.rate_agg_invfn,
	MSTYPE = @extschema@.rate_summary,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.rate_agg(boolean) IS
	'Rate summary of a boolean outcome: successes (true) and trials (NULL outcomes skipped)';

CREATE AGGREGATE @extschema@.rate_agg(outcome boolean, weight double precision) (
	SFUNC = @extschema@.rate_agg_transfn,
	STYPE = @extschema@.rate_summary,
	COMBINEFUNC = @extschema@.rate_summary_add,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.rate_agg(boolean, double precision) IS
	'Weighted rate summary (rows with a NULL outcome or weight skipped; weights 0 or 1e-150 to 1e150)';

CREATE AGGREGATE @extschema@.rollup(@extschema@.rate_summary) (
	SFUNC = @extschema@.rate_summary_add,
	STYPE = @extschema@.rate_summary,
	COMBINEFUNC = @extschema@.rate_summary_add,
	MSFUNC = @extschema@.rate_summary_add,
	MINVFUNC = @extschema@.rate_summary_rollup_invfn,
	MSTYPE = @extschema@.rate_summary,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.rate_summary) IS
	'Merge stored rate summaries (exact for counts)';

-- operators -------------------------------------------------------------

CREATE FUNCTION @extschema@.rate_summary_eq(@extschema@.rate_summary, @extschema@.rate_summary)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_scale_eq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_summary_eq(@extschema@.rate_summary, @extschema@.rate_summary) IS
	'Equality of rate summaries (every count and weight sum)';

CREATE FUNCTION @extschema@.rate_summary_ne(@extschema@.rate_summary, @extschema@.rate_summary)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_scale_ne'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_summary_ne(@extschema@.rate_summary, @extschema@.rate_summary) IS
	'Inequality of rate summaries';

CREATE OPERATOR @extschema@.+ (
	LEFTARG = @extschema@.rate_summary,
	RIGHTARG = @extschema@.rate_summary,
	FUNCTION = @extschema@.rate_summary_add,
	COMMUTATOR = OPERATOR(@extschema@.+)
);

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.rate_summary,
	RIGHTARG = @extschema@.rate_summary,
	FUNCTION = @extschema@.rate_summary_eq,
	COMMUTATOR = OPERATOR(@extschema@.=),
	NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel,
	JOIN = pg_catalog.eqjoinsel,
	HASHES
);

CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.rate_summary,
	RIGHTARG = @extschema@.rate_summary,
	FUNCTION = @extschema@.rate_summary_ne,
	COMMUTATOR = OPERATOR(@extschema@.<>),
	NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel,
	JOIN = pg_catalog.neqjoinsel
);

-- hash support: GROUP BY, DISTINCT and UNION on summaries
CREATE FUNCTION @extschema@.rate_summary_hash(@extschema@.rate_summary)
RETURNS integer
AS 'MODULE_PATHNAME', 'cxkpi_scale_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_summary_hash(@extschema@.rate_summary) IS
	'Hash of a rate summary (equal summaries hash equal)';

CREATE OPERATOR CLASS @extschema@.rate_summary_hash_ops
	DEFAULT FOR TYPE @extschema@.rate_summary USING hash AS
	OPERATOR 1 @extschema@.= (@extschema@.rate_summary, @extschema@.rate_summary),
	FUNCTION 1 @extschema@.rate_summary_hash(@extschema@.rate_summary);

-- accessors -------------------------------------------------------------

CREATE FUNCTION @extschema@.rate(@extschema@.rate_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_share'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate(@extschema@.rate_summary) IS
	'Rate (0..1): successes over trials (weighted share when the summary is weighted); NULL when empty';

CREATE FUNCTION @extschema@.successes(@extschema@.rate_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_scale_good'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.successes(@extschema@.rate_summary) IS
	'Number of rows whose outcome was true';

CREATE FUNCTION @extschema@.trials(@extschema@.rate_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_scale_responses'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trials(@extschema@.rate_summary) IS
	'Number of rows counted (NULL outcomes are skipped)';

CREATE FUNCTION @extschema@.total_weight(@extschema@.rate_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_total_weight'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.total_weight(@extschema@.rate_summary) IS
	'Sum of weights (the number of trials when unweighted)';

CREATE FUNCTION @extschema@.effective_n(@extschema@.rate_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_effective_n'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.effective_n(@extschema@.rate_summary) IS
	'Kish effective sample size (sum w)^2 / sum w^2; the number of trials when unweighted';

CREATE FUNCTION @extschema@.std_error(@extschema@.rate_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_std_error'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.std_error(@extschema@.rate_summary) IS
	'Standard error of the rate, sqrt(p(1-p)/n)';

CREATE FUNCTION @extschema@.ci_lower(@extschema@.rate_summary, confidence double precision DEFAULT 0.95, method text DEFAULT 'wilson')
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_rate_ci_lower'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ci_lower(@extschema@.rate_summary, double precision, text) IS
	'Lower bound of the confidence interval of the rate; method: wilson (default), bayes or jeffreys, exact or clopper-pearson, agresti-coull';

CREATE FUNCTION @extschema@.ci_upper(@extschema@.rate_summary, confidence double precision DEFAULT 0.95, method text DEFAULT 'wilson')
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_rate_ci_upper'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ci_upper(@extschema@.rate_summary, double precision, text) IS
	'Upper bound of the confidence interval of the rate; method: wilson (default), bayes or jeffreys, exact or clopper-pearson, agresti-coull';

CREATE FUNCTION @extschema@.margin_of_error(@extschema@.rate_summary, confidence double precision DEFAULT 0.95, method text DEFAULT 'wilson')
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_rate_margin_of_error'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.margin_of_error(@extschema@.rate_summary, double precision, text) IS
	'Half the width of the confidence interval of the rate; method: wilson (default), bayes or jeffreys, exact or clopper-pearson, agresti-coull';

CREATE FUNCTION @extschema@.p_value(a @extschema@.rate_summary, b @extschema@.rate_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_p_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.p_value(@extschema@.rate_summary, @extschema@.rate_summary) IS
	'Two-sided p-value of the pooled two-proportion z test that the rates of a and b differ';

CREATE FUNCTION @extschema@.rate_difference(a @extschema@.rate_summary, b @extschema@.rate_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_rate_difference'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_difference(@extschema@.rate_summary, @extschema@.rate_summary) IS
	'rate(a) - rate(b), in -1..1';

CREATE FUNCTION @extschema@.rate_difference_ci_lower(a @extschema@.rate_summary, b @extschema@.rate_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_rate_difference_ci_lower'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_difference_ci_lower(@extschema@.rate_summary, @extschema@.rate_summary, double precision) IS
	'Lower bound of the Newcombe hybrid score interval of rate(a) - rate(b)';

CREATE FUNCTION @extschema@.rate_difference_ci_upper(a @extschema@.rate_summary, b @extschema@.rate_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_rate_difference_ci_upper'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_difference_ci_upper(@extschema@.rate_summary, @extschema@.rate_summary, double precision) IS
	'Upper bound of the Newcombe hybrid score interval of rate(a) - rate(b)';

CREATE FUNCTION @extschema@.relative_lift(a @extschema@.rate_summary, b @extschema@.rate_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_rate_relative_lift'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.relative_lift(@extschema@.rate_summary, @extschema@.rate_summary) IS
	'rate(a) / rate(b) - 1; NULL when rate(b) is 0';

CREATE FUNCTION @extschema@.relative_lift_ci_lower(a @extschema@.rate_summary, b @extschema@.rate_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_rate_relative_lift_ci_lower'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.relative_lift_ci_lower(@extschema@.rate_summary, @extschema@.rate_summary, double precision) IS
	'Lower bound of the Katz log interval of rate(a) / rate(b) - 1 (1/2 added to every cell of a table with a zero cell)';

CREATE FUNCTION @extschema@.relative_lift_ci_upper(a @extschema@.rate_summary, b @extschema@.rate_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_rate_relative_lift_ci_upper'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.relative_lift_ci_upper(@extschema@.rate_summary, @extschema@.rate_summary, double precision) IS
	'Upper bound of the Katz log interval of rate(a) / rate(b) - 1 (1/2 added to every cell of a table with a zero cell)';

CREATE FUNCTION @extschema@.probability_to_beat(a @extschema@.rate_summary, b @extschema@.rate_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_rate_probability_to_beat'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.probability_to_beat(@extschema@.rate_summary, @extschema@.rate_summary) IS
	'Posterior probability that the rate of a exceeds that of b, independent Beta(1, 1) priors';

CREATE FUNCTION @extschema@.rate_comparison(a @extschema@.rate_summary, b @extschema@.rate_summary, confidence double precision DEFAULT 0.95,
	OUT rate_a double precision, OUT rate_b double precision,
	OUT difference double precision, OUT difference_ci_lower double precision,
	OUT difference_ci_upper double precision, OUT relative_lift double precision,
	OUT relative_lift_ci_lower double precision, OUT relative_lift_ci_upper double precision,
	OUT p_value double precision, OUT probability_to_beat double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'cxkpi_rate_comparison'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_comparison(@extschema@.rate_summary, @extschema@.rate_summary, double precision) IS
	'a against b in one row: both rates, the difference (Newcombe), the relative lift (Katz), the pooled z p-value and the probability to beat';

CREATE FUNCTION @extschema@.rate_report(s @extschema@.rate_summary, confidence double precision DEFAULT 0.95, method text DEFAULT 'wilson',
	OUT rate double precision, OUT successes bigint, OUT trials bigint,
	OUT total_weight double precision, OUT effective_n double precision,
	OUT std_error double precision, OUT margin_of_error double precision,
	OUT ci_lower double precision, OUT ci_upper double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'cxkpi_rate_report'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_report(@extschema@.rate_summary, double precision, text) IS
	'Every accessor of a rate summary as one typed row (interval by method, as ci_lower)';

CREATE FUNCTION @extschema@.rate_summary_jsonb(@extschema@.rate_summary)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'cxkpi_rate_summary_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_summary_jsonb(@extschema@.rate_summary) IS
	'Every rate accessor value by name (95% Wilson interval), as jsonb';

CREATE CAST (@extschema@.rate_summary AS jsonb)
	WITH FUNCTION @extschema@.rate_summary_jsonb(@extschema@.rate_summary);

-- planning and event counts ---------------------------------------------

CREATE FUNCTION @extschema@.rate_sample_size(baseline_rate double precision, relative_lift double precision,
	power double precision DEFAULT 0.8, confidence double precision DEFAULT 0.95)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_rate_sample_size'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_sample_size(double precision, double precision, double precision, double precision) IS
	'Trials per group to detect baseline_rate * (1 + relative_lift) against baseline_rate (two-sided, no continuity correction): ceiling of R power.prop.test n';

CREATE FUNCTION @extschema@.poisson_rate_ratio(events_a bigint, exposure_a double precision,
	events_b bigint, exposure_b double precision, confidence double precision DEFAULT 0.95,
	OUT rate_ratio double precision, OUT ci_lower double precision,
	OUT ci_upper double precision, OUT p_value double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'cxkpi_poisson_rate_ratio'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.poisson_rate_ratio(bigint, double precision, bigint, double precision, double precision) IS
	'(events_a / exposure_a) / (events_b / exposure_b) with the exact conditional (binomial, Clopper-Pearson) interval and p-value of R poisson.test';
