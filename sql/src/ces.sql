-- ====================================================================
-- CES: ces_summary, ces_agg, accessors                               (src/ces.c)
-- ====================================================================

CREATE TYPE @extschema@.ces_summary;

CREATE FUNCTION @extschema@.ces_summary_in(cstring)
RETURNS @extschema@.ces_summary
AS 'MODULE_PATHNAME', 'cxkpi_ces_summary_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.ces_summary_out(@extschema@.ces_summary)
RETURNS cstring
AS 'MODULE_PATHNAME', 'cxkpi_scale_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.ces_summary_recv(internal)
RETURNS @extschema@.ces_summary
AS 'MODULE_PATHNAME', 'cxkpi_ces_summary_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.ces_summary_send(@extschema@.ces_summary)
RETURNS bytea
AS 'MODULE_PATHNAME', 'cxkpi_scale_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.ces_summary (
	INPUT = @extschema@.ces_summary_in,
	OUTPUT = @extschema@.ces_summary_out,
	RECEIVE = @extschema@.ces_summary_recv,
	SEND = @extschema@.ces_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = plain
);

COMMENT ON TYPE @extschema@.ces_summary IS
	'CES summary: answers per scale point (and weight sums), its scale and agree_min cutoff; mergeable';

-- aggregate support ---------------------------------------------------

CREATE FUNCTION @extschema@.ces_agg_transfn(@extschema@.ces_summary, integer)
RETURNS @extschema@.ces_summary
AS 'MODULE_PATHNAME', 'cxkpi_ces_agg_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.ces_agg_invfn(@extschema@.ces_summary, integer)
RETURNS @extschema@.ces_summary
AS 'MODULE_PATHNAME', 'cxkpi_ces_agg_invfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.ces_agg_transfn(@extschema@.ces_summary, integer, double precision)
RETURNS @extschema@.ces_summary
AS 'MODULE_PATHNAME', 'cxkpi_ces_agg_weighted_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.ces_agg_transfn(@extschema@.ces_summary, integer, integer, integer)
RETURNS @extschema@.ces_summary
AS 'MODULE_PATHNAME', 'cxkpi_ces_agg_scale_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.ces_agg_invfn(@extschema@.ces_summary, integer, integer, integer)
RETURNS @extschema@.ces_summary
AS 'MODULE_PATHNAME', 'cxkpi_ces_agg_scale_invfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.ces_agg_transfn(@extschema@.ces_summary, integer, integer, integer, double precision)
RETURNS @extschema@.ces_summary
AS 'MODULE_PATHNAME', 'cxkpi_ces_agg_scale_weighted_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.ces_agg_transfn(@extschema@.ces_summary, integer, integer, integer, integer)
RETURNS @extschema@.ces_summary
AS 'MODULE_PATHNAME', 'cxkpi_ces_agg_cutoff_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.ces_agg_invfn(@extschema@.ces_summary, integer, integer, integer, integer)
RETURNS @extschema@.ces_summary
AS 'MODULE_PATHNAME', 'cxkpi_ces_agg_cutoff_invfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.ces_agg_transfn(@extschema@.ces_summary, integer, integer, integer, integer, double precision)
RETURNS @extschema@.ces_summary
AS 'MODULE_PATHNAME', 'cxkpi_ces_agg_cutoff_weighted_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.ces_summary_add(@extschema@.ces_summary, @extschema@.ces_summary)
RETURNS @extschema@.ces_summary
AS 'MODULE_PATHNAME', 'cxkpi_scale_add'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.ces_summary_add(@extschema@.ces_summary, @extschema@.ces_summary) IS
	'Merge two CES summaries of the same scale and cutoff (the + operator)';

CREATE FUNCTION @extschema@.ces_summary_rollup_invfn(@extschema@.ces_summary, @extschema@.ces_summary)
RETURNS @extschema@.ces_summary
AS 'MODULE_PATHNAME', 'cxkpi_scale_rollup_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.ces_agg(score integer) (
	SFUNC = @extschema@.ces_agg_transfn,
	STYPE = @extschema@.ces_summary,
	COMBINEFUNC = @extschema@.ces_summary_add,
	MSFUNC = @extschema@.ces_agg_transfn,
	MINVFUNC = @extschema@.ces_agg_invfn,
	MSTYPE = @extschema@.ces_summary,
	SSPACE = 104,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.ces_agg(integer) IS
	'CES 2.0 summary on the 1..7 scale, agree = 5..7 (NULL scores skipped)';

CREATE AGGREGATE @extschema@.ces_agg(score integer, weight double precision) (
	SFUNC = @extschema@.ces_agg_transfn,
	STYPE = @extschema@.ces_summary,
	COMBINEFUNC = @extschema@.ces_summary_add,
	SSPACE = 280,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.ces_agg(integer, double precision) IS
	'Weighted cES 2.0 summary on the 1..7 scale, agree = 5..7 (rows with a NULL score or weight skipped)';

CREATE AGGREGATE @extschema@.ces_agg(score integer, scale_min integer, scale_max integer) (
	SFUNC = @extschema@.ces_agg_transfn,
	STYPE = @extschema@.ces_summary,
	COMBINEFUNC = @extschema@.ces_summary_add,
	MSFUNC = @extschema@.ces_agg_transfn,
	MINVFUNC = @extschema@.ces_agg_invfn,
	MSTYPE = @extschema@.ces_summary,
	SSPACE = 104,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.ces_agg(integer, integer, integer) IS
	'CES summary on scale_min..scale_max (2 to 11 points), default agree cutoff (NULL scores skipped)';

CREATE AGGREGATE @extschema@.ces_agg(score integer, scale_min integer, scale_max integer, weight double precision) (
	SFUNC = @extschema@.ces_agg_transfn,
	STYPE = @extschema@.ces_summary,
	COMBINEFUNC = @extschema@.ces_summary_add,
	SSPACE = 280,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.ces_agg(integer, integer, integer, double precision) IS
	'Weighted CES summary on scale_min..scale_max (2 to 11 points), default agree cutoff (rows with a NULL score or weight skipped)';

CREATE AGGREGATE @extschema@.ces_agg(score integer, scale_min integer, scale_max integer, agree_min integer) (
	SFUNC = @extschema@.ces_agg_transfn,
	STYPE = @extschema@.ces_summary,
	COMBINEFUNC = @extschema@.ces_summary_add,
	MSFUNC = @extschema@.ces_agg_transfn,
	MINVFUNC = @extschema@.ces_agg_invfn,
	MSTYPE = @extschema@.ces_summary,
	SSPACE = 104,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.ces_agg(integer, integer, integer, integer) IS
	'CES summary on scale_min..scale_max with an explicit agree cutoff (NULL scores skipped)';

CREATE AGGREGATE @extschema@.ces_agg(score integer, scale_min integer, scale_max integer, agree_min integer, weight double precision) (
	SFUNC = @extschema@.ces_agg_transfn,
	STYPE = @extschema@.ces_summary,
	COMBINEFUNC = @extschema@.ces_summary_add,
	SSPACE = 280,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.ces_agg(integer, integer, integer, integer, double precision) IS
	'Weighted CES summary on scale_min..scale_max with an explicit agree cutoff (rows with a NULL score or weight skipped)';

CREATE AGGREGATE @extschema@.rollup(@extschema@.ces_summary) (
	SFUNC = @extschema@.ces_summary_add,
	STYPE = @extschema@.ces_summary,
	COMBINEFUNC = @extschema@.ces_summary_add,
	MSFUNC = @extschema@.ces_summary_add,
	MINVFUNC = @extschema@.ces_summary_rollup_invfn,
	MSTYPE = @extschema@.ces_summary,
	SSPACE = 280,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.ces_summary) IS
	'Merge stored CES summaries of the same scale and cutoff (exact for counts)';

-- operators -------------------------------------------------------------

CREATE FUNCTION @extschema@.ces_summary_eq(@extschema@.ces_summary, @extschema@.ces_summary)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_scale_eq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.ces_summary_ne(@extschema@.ces_summary, @extschema@.ces_summary)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_scale_ne'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR @extschema@.+ (
	LEFTARG = @extschema@.ces_summary,
	RIGHTARG = @extschema@.ces_summary,
	FUNCTION = @extschema@.ces_summary_add,
	COMMUTATOR = OPERATOR(@extschema@.+)
);

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.ces_summary,
	RIGHTARG = @extschema@.ces_summary,
	FUNCTION = @extschema@.ces_summary_eq,
	COMMUTATOR = OPERATOR(@extschema@.=),
	NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel,
	JOIN = pg_catalog.eqjoinsel,
	HASHES
);

CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.ces_summary,
	RIGHTARG = @extschema@.ces_summary,
	FUNCTION = @extschema@.ces_summary_ne,
	COMMUTATOR = OPERATOR(@extschema@.<>),
	NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel,
	JOIN = pg_catalog.neqjoinsel
);

-- hash support: GROUP BY, DISTINCT and UNION on summaries
CREATE FUNCTION @extschema@.ces_summary_hash(@extschema@.ces_summary)
RETURNS integer
AS 'MODULE_PATHNAME', 'cxkpi_scale_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR CLASS @extschema@.ces_summary_hash_ops
	DEFAULT FOR TYPE @extschema@.ces_summary USING hash AS
	OPERATOR 1 @extschema@.= (@extschema@.ces_summary, @extschema@.ces_summary),
	FUNCTION 1 @extschema@.ces_summary_hash(@extschema@.ces_summary);

-- accessors -------------------------------------------------------------

CREATE FUNCTION @extschema@.ces(@extschema@.ces_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_mean_score'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ces(@extschema@.ces_summary) IS
	'CES: mean score (weighted when the summary is); NULL when empty';

CREATE FUNCTION @extschema@.agree_share(@extschema@.ces_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_share'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.agree_share(@extschema@.ces_summary) IS
	'Share of answers at or above the agree cutoff (0..1)';

CREATE FUNCTION @extschema@.agree_share(@extschema@.ces_summary, agree_min integer)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_share_at'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.agree_share(@extschema@.ces_summary, integer) IS
	'Share of answers at or above agree_min (0..1): re-reads the summary with another cutoff';

CREATE FUNCTION @extschema@.agreed(@extschema@.ces_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_scale_good'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.agreed(@extschema@.ces_summary) IS
	'Number of answers at or above agree_min';

CREATE FUNCTION @extschema@.responses(@extschema@.ces_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_scale_responses'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.responses(@extschema@.ces_summary) IS
	'Number of answers';

CREATE FUNCTION @extschema@.total_weight(@extschema@.ces_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_total_weight'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.total_weight(@extschema@.ces_summary) IS
	'Sum of weights (the number of answers when unweighted)';

CREATE FUNCTION @extschema@.mean_score(@extschema@.ces_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_mean_score'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean_score(@extschema@.ces_summary) IS
	'Mean score (weighted when the summary is), the same as ces(); NULL when empty';

CREATE FUNCTION @extschema@.histogram(@extschema@.ces_summary)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'cxkpi_scale_histogram'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.histogram(@extschema@.ces_summary) IS
	'Answers per scale point, lowest score first';

CREATE FUNCTION @extschema@.effective_n(@extschema@.ces_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_effective_n'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.effective_n(@extschema@.ces_summary) IS
	'Kish effective sample size (sum w)^2 / sum w^2; the number of answers when unweighted';

CREATE FUNCTION @extschema@.scale_min(@extschema@.ces_summary)
RETURNS integer
AS 'MODULE_PATHNAME', 'cxkpi_scale_scale_min'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.scale_min(@extschema@.ces_summary) IS
	'Lowest score of the summary''s scale';

CREATE FUNCTION @extschema@.scale_max(@extschema@.ces_summary)
RETURNS integer
AS 'MODULE_PATHNAME', 'cxkpi_scale_scale_max'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.scale_max(@extschema@.ces_summary) IS
	'Highest score of the summary''s scale';

CREATE FUNCTION @extschema@.agree_min(@extschema@.ces_summary)
RETURNS integer
AS 'MODULE_PATHNAME', 'cxkpi_scale_cutoff'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.agree_min(@extschema@.ces_summary) IS
	'The stored cutoff: default top-3 box on 7+ point scales, top-2 box on shorter ones';

CREATE FUNCTION @extschema@.std_error(@extschema@.ces_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_std_error'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.std_error(@extschema@.ces_summary) IS
	'Standard error of the mean score, s/sqrt(n); NULL when n < 2';

CREATE FUNCTION @extschema@.margin_of_error(@extschema@.ces_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_margin_of_error'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.margin_of_error(@extschema@.ces_summary, double precision) IS
	'Half-width of the confidence interval';

CREATE FUNCTION @extschema@.ci_lower(@extschema@.ces_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_ci_lower'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ci_lower(@extschema@.ces_summary, double precision) IS
	'Lower bound of the confidence interval (Student t, clamped to the scale)';

CREATE FUNCTION @extschema@.ci_upper(@extschema@.ces_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_ci_upper'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ci_upper(@extschema@.ces_summary, double precision) IS
	'Upper bound of the confidence interval (Student t, clamped to the scale)';

CREATE FUNCTION @extschema@.p_value(@extschema@.ces_summary, @extschema@.ces_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_p_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.p_value(@extschema@.ces_summary, @extschema@.ces_summary) IS
	'Two-sided p-value of Welch''s t test that the mean scores differ';

CREATE FUNCTION @extschema@.ces_summary_jsonb(@extschema@.ces_summary)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'cxkpi_ces_summary_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ces_summary_jsonb(@extschema@.ces_summary) IS
	'Every CES accessor value by name (95% interval), as jsonb';

CREATE CAST (@extschema@.ces_summary AS jsonb)
	WITH FUNCTION @extschema@.ces_summary_jsonb(@extschema@.ces_summary);

-- typed report row (README "Dashboards"): every accessor as a column, for
-- FROM t CROSS JOIN LATERAL ces_report(t.summary) r
CREATE FUNCTION @extschema@.ces_report(s @extschema@.ces_summary,
	confidence double precision DEFAULT 0.95,
	OUT ces double precision,
	OUT agree_share double precision,
	OUT agreed bigint,
	OUT responses bigint,
	OUT total_weight double precision,
	OUT mean_score double precision,
	OUT effective_n double precision,
	OUT scale_min integer,
	OUT scale_max integer,
	OUT agree_min integer,
	OUT std_error double precision,
	OUT margin_of_error double precision,
	OUT ci_lower double precision,
	OUT ci_upper double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'cxkpi_ces_report'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ces_report(@extschema@.ces_summary, double precision) IS
	'Every CES accessor as one row of typed columns (counts bigint, scale points integer, the rest double precision), for dashboards';

CREATE FUNCTION @extschema@.approx_equal(a @extschema@.ces_summary, b @extschema@.ces_summary,
										 rel_tol double precision DEFAULT 1e-12)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_scale_approx_equal'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.approx_equal(@extschema@.ces_summary, @extschema@.ces_summary, double precision) IS
	'Same scale and counts, weight sums within a relative tolerance (weighted summaries of the same rows summed in another order)';
