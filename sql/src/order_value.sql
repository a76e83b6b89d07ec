-- ====================================================================
-- Order values: order_value_summary, order_value_agg, AOV accessors,
-- two-group comparisons  (src/order_value.c, math in src/rate_math.c)
-- ====================================================================

CREATE TYPE @extschema@.order_value_summary;

CREATE FUNCTION @extschema@.order_value_summary_in(cstring)
RETURNS @extschema@.order_value_summary
AS 'MODULE_PATHNAME', 'cxkpi_order_value_summary_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.order_value_summary_out(@extschema@.order_value_summary)
RETURNS cstring
AS 'MODULE_PATHNAME', 'cxkpi_order_value_summary_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.order_value_summary_recv(internal)
RETURNS @extschema@.order_value_summary
AS 'MODULE_PATHNAME', 'cxkpi_order_value_summary_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.order_value_summary_send(@extschema@.order_value_summary)
RETURNS bytea
AS 'MODULE_PATHNAME', 'cxkpi_order_value_summary_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.order_value_summary (
	INPUT = @extschema@.order_value_summary_in,
	OUTPUT = @extschema@.order_value_summary_out,
	RECEIVE = @extschema@.order_value_summary_recv,
	SEND = @extschema@.order_value_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = plain
);

COMMENT ON TYPE @extschema@.order_value_summary IS
	'Order amounts: count, exact total and sum of squares, min, max, refunds; mergeable';

COMMENT ON FUNCTION @extschema@.order_value_summary_in(cstring) IS
	'Text input of order_value_summary (validated, canonical)';
COMMENT ON FUNCTION @extschema@.order_value_summary_out(@extschema@.order_value_summary) IS
	'Text output of order_value_summary (canonical)';
COMMENT ON FUNCTION @extschema@.order_value_summary_recv(internal) IS
	'Binary input of order_value_summary (validated, canonical)';
COMMENT ON FUNCTION @extschema@.order_value_summary_send(@extschema@.order_value_summary) IS
	'Binary output of order_value_summary (canonical)';

-- aggregate support ---------------------------------------------------

-- not STRICT: creates the summary on the first non-NULL amount, skips NULLs
CREATE FUNCTION @extschema@.order_value_agg_transfn(@extschema@.order_value_summary, numeric)
RETURNS @extschema@.order_value_summary
AS 'MODULE_PATHNAME', 'cxkpi_order_value_agg_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_value_agg_transfn(@extschema@.order_value_summary, numeric) IS
	'Transition function of order_value_agg: add one amount (NULL skipped)';

CREATE FUNCTION @extschema@.order_value_agg_mtransfn(@extschema@.order_value_summary, numeric)
RETURNS @extschema@.order_value_summary
AS 'MODULE_PATHNAME', 'cxkpi_order_value_agg_mtransfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_value_agg_mtransfn(@extschema@.order_value_summary, numeric) IS
	'Moving-aggregate transition of order_value_agg: as the transition, but a frame without amounts holds the empty summary';

CREATE FUNCTION @extschema@.order_value_agg_mfinalfn(@extschema@.order_value_summary)
RETURNS @extschema@.order_value_summary
AS 'MODULE_PATHNAME', 'cxkpi_order_value_agg_mfinalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_value_agg_mfinalfn(@extschema@.order_value_summary) IS
	'Moving-aggregate final function of order_value_agg: NULL for a frame without amounts (as avg)';

CREATE FUNCTION @extschema@.order_value_agg_invfn(@extschema@.order_value_summary, numeric)
RETURNS @extschema@.order_value_summary
AS 'MODULE_PATHNAME', 'cxkpi_order_value_agg_invfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_value_agg_invfn(@extschema@.order_value_summary, numeric) IS
	'Moving-window inverse of order_value_agg: remove one amount exactly; NULL (frame restart) when it may be the min or max';

CREATE FUNCTION @extschema@.order_value_summary_add(@extschema@.order_value_summary, @extschema@.order_value_summary)
RETURNS @extschema@.order_value_summary
AS 'MODULE_PATHNAME', 'cxkpi_order_value_summary_add'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_value_summary_add(@extschema@.order_value_summary, @extschema@.order_value_summary) IS
	'Merge two order value summaries (the + operator)';

CREATE FUNCTION @extschema@.order_value_summary_rollup_invfn(@extschema@.order_value_summary, @extschema@.order_value_summary)
RETURNS @extschema@.order_value_summary
AS 'MODULE_PATHNAME', 'cxkpi_order_value_summary_rollup_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_value_summary_rollup_invfn(@extschema@.order_value_summary, @extschema@.order_value_summary) IS
	'Moving-window inverse of rollup: a - b exactly; NULL (frame restart) when b may hold the min or max';

CREATE AGGREGATE @extschema@.order_value_agg(amount numeric) (
	SFUNC = @extschema@.order_value_agg_transfn,
	STYPE = @extschema@.order_value_summary,
	SSPACE = 120,
	COMBINEFUNC = @extschema@.order_value_summary_add,
	MSFUNC = @extschema@.order_value_agg_mtransfn,
	MINVFUNC = @extschema@.order_value_agg_invfn,
	MSTYPE = @extschema@.order_value_summary,
	MSSPACE = 120,
	MFINALFUNC = @extschema@.order_value_agg_mfinalfn,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.order_value_agg(numeric) IS
	'Order value summary of order amounts (NULL skipped; negative amounts are refunds, counted as orders and apart); exact';

CREATE AGGREGATE @extschema@.rollup(@extschema@.order_value_summary) (
	SFUNC = @extschema@.order_value_summary_add,
	STYPE = @extschema@.order_value_summary,
	SSPACE = 120,
	COMBINEFUNC = @extschema@.order_value_summary_add,
	MSFUNC = @extschema@.order_value_summary_add,
	MINVFUNC = @extschema@.order_value_summary_rollup_invfn,
	MSTYPE = @extschema@.order_value_summary,
	MSSPACE = 120,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.order_value_summary) IS
	'Merge order value summaries (exact)';

-- operators -------------------------------------------------------------

CREATE FUNCTION @extschema@.order_value_summary_eq(@extschema@.order_value_summary, @extschema@.order_value_summary)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_order_value_summary_eq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_value_summary_eq(@extschema@.order_value_summary, @extschema@.order_value_summary) IS
	'Equality by value (canonical form)';

CREATE FUNCTION @extschema@.order_value_summary_ne(@extschema@.order_value_summary, @extschema@.order_value_summary)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_order_value_summary_ne'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_value_summary_ne(@extschema@.order_value_summary, @extschema@.order_value_summary) IS
	'Inequality by value (canonical form)';

CREATE FUNCTION @extschema@.order_value_summary_hash(@extschema@.order_value_summary)
RETURNS integer
AS 'MODULE_PATHNAME', 'cxkpi_order_value_summary_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_value_summary_hash(@extschema@.order_value_summary) IS
	'Hash of the canonical form, consistent with =';

CREATE OPERATOR @extschema@.+ (
	LEFTARG = @extschema@.order_value_summary,
	RIGHTARG = @extschema@.order_value_summary,
	FUNCTION = @extschema@.order_value_summary_add,
	COMMUTATOR = OPERATOR(@extschema@.+)
);

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.order_value_summary,
	RIGHTARG = @extschema@.order_value_summary,
	FUNCTION = @extschema@.order_value_summary_eq,
	COMMUTATOR = OPERATOR(@extschema@.=),
	NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel,
	JOIN = pg_catalog.eqjoinsel,
	HASHES
);

CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.order_value_summary,
	RIGHTARG = @extschema@.order_value_summary,
	FUNCTION = @extschema@.order_value_summary_ne,
	COMMUTATOR = OPERATOR(@extschema@.<>),
	NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel,
	JOIN = pg_catalog.neqjoinsel
);

CREATE OPERATOR CLASS @extschema@.order_value_summary_hash_ops
	DEFAULT FOR TYPE @extschema@.order_value_summary USING hash AS
	OPERATOR 1 @extschema@.= (@extschema@.order_value_summary, @extschema@.order_value_summary),
	FUNCTION 1 @extschema@.order_value_summary_hash(@extschema@.order_value_summary);

-- accessors -------------------------------------------------------------

CREATE FUNCTION @extschema@.aov(@extschema@.order_value_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_order_value_aov'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov(@extschema@.order_value_summary) IS
	'Average order value: total / orders; NULL without orders';

CREATE FUNCTION @extschema@.orders(@extschema@.order_value_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_order_value_orders'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.orders(@extschema@.order_value_summary) IS
	'Number of orders (non-NULL amounts, refunds included)';

CREATE FUNCTION @extschema@.refunds(@extschema@.order_value_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_order_value_refunds'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.refunds(@extschema@.order_value_summary) IS
	'Orders with a negative amount';

CREATE FUNCTION @extschema@.total(@extschema@.order_value_summary)
RETURNS numeric
AS 'MODULE_PATHNAME', 'cxkpi_order_value_total'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.total(@extschema@.order_value_summary) IS
	'Exact sum of the amounts';

CREATE FUNCTION @extschema@.min_value(@extschema@.order_value_summary)
RETURNS numeric
AS 'MODULE_PATHNAME', 'cxkpi_order_value_min'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.min_value(@extschema@.order_value_summary) IS
	'Smallest amount (exact); NULL without orders';

CREATE FUNCTION @extschema@.max_value(@extschema@.order_value_summary)
RETURNS numeric
AS 'MODULE_PATHNAME', 'cxkpi_order_value_max'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.max_value(@extschema@.order_value_summary) IS
	'Largest amount (exact); NULL without orders';

CREATE FUNCTION @extschema@.std_dev(@extschema@.order_value_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_order_value_std_dev'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.std_dev(@extschema@.order_value_summary) IS
	'Sample standard deviation of the amounts (n - 1, as stddev_samp); NULL below 2 orders';

CREATE FUNCTION @extschema@.std_error(@extschema@.order_value_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_order_value_std_error'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.std_error(@extschema@.order_value_summary) IS
	'Standard error of the mean: std_dev / sqrt(orders); NULL below 2 orders';

CREATE FUNCTION @extschema@.ci_lower(@extschema@.order_value_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_order_value_ci_lower'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ci_lower(@extschema@.order_value_summary, double precision) IS
	'Lower bound of the Student t interval of the mean (orders - 1 df); NULL below 2 orders';

CREATE FUNCTION @extschema@.ci_upper(@extschema@.order_value_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_order_value_ci_upper'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ci_upper(@extschema@.order_value_summary, double precision) IS
	'Upper bound of the Student t interval of the mean (orders - 1 df); NULL below 2 orders';

CREATE FUNCTION @extschema@.margin_of_error(@extschema@.order_value_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_order_value_margin_of_error'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.margin_of_error(@extschema@.order_value_summary, double precision) IS
	'Half-width of the Student t interval of the mean; NULL below 2 orders';

CREATE FUNCTION @extschema@.p_value(@extschema@.order_value_summary, @extschema@.order_value_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_order_value_p_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.p_value(@extschema@.order_value_summary, @extschema@.order_value_summary) IS
	'Welch two-sided t test that the mean order values differ; NULL below 2 orders a side or with no variance';

CREATE FUNCTION @extschema@.relative_lift(@extschema@.order_value_summary, @extschema@.order_value_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_order_value_relative_lift'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.relative_lift(@extschema@.order_value_summary, @extschema@.order_value_summary) IS
	'aov(a) / aov(b) - 1; NULL when aov(b) = 0';

CREATE FUNCTION @extschema@.relative_lift_ci_lower(@extschema@.order_value_summary, @extschema@.order_value_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_order_value_relative_lift_ci_lower'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.relative_lift_ci_lower(@extschema@.order_value_summary, @extschema@.order_value_summary, double precision) IS
	'Lower bound of the delta-method interval of the relative lift; NULL when bs t interval holds 0';

CREATE FUNCTION @extschema@.relative_lift_ci_upper(@extschema@.order_value_summary, @extschema@.order_value_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_order_value_relative_lift_ci_upper'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.relative_lift_ci_upper(@extschema@.order_value_summary, @extschema@.order_value_summary, double precision) IS
	'Upper bound of the delta-method interval of the relative lift; NULL when bs t interval holds 0';

CREATE FUNCTION @extschema@.mean_difference(@extschema@.order_value_summary, @extschema@.order_value_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_order_value_mean_difference'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean_difference(@extschema@.order_value_summary, @extschema@.order_value_summary) IS
	'aov(a) - aov(b)';

CREATE FUNCTION @extschema@.mean_difference_ci_lower(@extschema@.order_value_summary, @extschema@.order_value_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_order_value_mean_difference_ci_lower'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean_difference_ci_lower(@extschema@.order_value_summary, @extschema@.order_value_summary, double precision) IS
	'Lower bound of the Welch interval of aov(a) - aov(b)';

CREATE FUNCTION @extschema@.mean_difference_ci_upper(@extschema@.order_value_summary, @extschema@.order_value_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_order_value_mean_difference_ci_upper'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean_difference_ci_upper(@extschema@.order_value_summary, @extschema@.order_value_summary, double precision) IS
	'Upper bound of the Welch interval of aov(a) - aov(b)';

CREATE FUNCTION @extschema@.order_value_comparison(a @extschema@.order_value_summary, b @extschema@.order_value_summary,
	confidence double precision DEFAULT 0.95,
	OUT aov_a double precision, OUT aov_b double precision,
	OUT difference double precision, OUT difference_ci_lower double precision, OUT difference_ci_upper double precision,
	OUT relative_lift double precision, OUT relative_lift_ci_lower double precision, OUT relative_lift_ci_upper double precision,
	OUT p_value double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'cxkpi_order_value_comparison'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_value_comparison(@extschema@.order_value_summary, @extschema@.order_value_summary, double precision) IS
	'a (treatment, after) against b (control, before), one row: both AOVs, the difference with its Welch interval, the relative lift with its delta-method interval, Welch p-value';

CREATE FUNCTION @extschema@.order_value_report(s @extschema@.order_value_summary,
	confidence double precision DEFAULT 0.95,
	OUT orders bigint, OUT refunds bigint, OUT total numeric, OUT aov double precision,
	OUT std_dev double precision, OUT std_error double precision,
	OUT ci_lower double precision, OUT ci_upper double precision, OUT margin_of_error double precision,
	OUT min_value numeric, OUT max_value numeric)
RETURNS record
AS 'MODULE_PATHNAME', 'cxkpi_order_value_report'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_value_report(@extschema@.order_value_summary, double precision) IS
	'Every order value accessor as one typed row (for dashboards: FROM t CROSS JOIN LATERAL order_value_report(t.s))';

CREATE FUNCTION @extschema@.order_value_summary_jsonb(@extschema@.order_value_summary)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'cxkpi_order_value_summary_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_value_summary_jsonb(@extschema@.order_value_summary) IS
	'Every order value accessor by name, as jsonb (interval at 95%; amounts as exact JSON numbers)';

CREATE CAST (@extschema@.order_value_summary AS jsonb)
	WITH FUNCTION @extschema@.order_value_summary_jsonb(@extschema@.order_value_summary);
