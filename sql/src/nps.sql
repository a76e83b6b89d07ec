-- ====================================================================
-- NPS: nps_summary, nps_agg, accessors                   (src/nps.c)
-- ====================================================================

CREATE TYPE @extschema@.nps_summary;

CREATE FUNCTION @extschema@.nps_summary_in(cstring)
RETURNS @extschema@.nps_summary
AS 'MODULE_PATHNAME', 'cxkpi_nps_summary_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.nps_summary_out(@extschema@.nps_summary)
RETURNS cstring
AS 'MODULE_PATHNAME', 'cxkpi_scale_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.nps_summary_recv(internal)
RETURNS @extschema@.nps_summary
AS 'MODULE_PATHNAME', 'cxkpi_nps_summary_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.nps_summary_send(@extschema@.nps_summary)
RETURNS bytea
AS 'MODULE_PATHNAME', 'cxkpi_scale_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.nps_summary (
	INPUT = @extschema@.nps_summary_in,
	OUTPUT = @extschema@.nps_summary_out,
	RECEIVE = @extschema@.nps_summary_recv,
	SEND = @extschema@.nps_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = plain
);

COMMENT ON TYPE @extschema@.nps_summary IS
	'Net Promoter Score summary: answers per score 0..10 (and weight sums), mergeable';

-- aggregate support ---------------------------------------------------

CREATE FUNCTION @extschema@.nps_agg_transfn(@extschema@.nps_summary, integer)
RETURNS @extschema@.nps_summary
AS 'MODULE_PATHNAME', 'cxkpi_nps_agg_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.nps_agg_invfn(@extschema@.nps_summary, integer)
RETURNS @extschema@.nps_summary
AS 'MODULE_PATHNAME', 'cxkpi_nps_agg_invfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.nps_agg_transfn(@extschema@.nps_summary, integer, double precision)
RETURNS @extschema@.nps_summary
AS 'MODULE_PATHNAME', 'cxkpi_nps_agg_weighted_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.nps_summary_add(@extschema@.nps_summary, @extschema@.nps_summary)
RETURNS @extschema@.nps_summary
AS 'MODULE_PATHNAME', 'cxkpi_scale_add'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.nps_summary_add(@extschema@.nps_summary, @extschema@.nps_summary) IS
	'Merge two NPS summaries (the + operator)';

CREATE FUNCTION @extschema@.nps_summary_rollup_invfn(@extschema@.nps_summary, @extschema@.nps_summary)
RETURNS @extschema@.nps_summary
AS 'MODULE_PATHNAME', 'cxkpi_scale_rollup_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.nps_agg(integer) (
	SFUNC = @extschema@.nps_agg_transfn,
	STYPE = @extschema@.nps_summary,
	COMBINEFUNC = @extschema@.nps_summary_add,
	MSFUNC = @extschema@.nps_agg_transfn,
	MINVFUNC = @extschema@.nps_agg_invfn,
	MSTYPE = @extschema@.nps_summary,
	SSPACE = 104,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.nps_agg(integer) IS
	'NPS summary of 0..10 scores (NULL scores skipped)';

CREATE AGGREGATE @extschema@.nps_agg(integer, double precision) (
	SFUNC = @extschema@.nps_agg_transfn,
	STYPE = @extschema@.nps_summary,
	COMBINEFUNC = @extschema@.nps_summary_add,
	SSPACE = 280,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.nps_agg(integer, double precision) IS
	'Weighted NPS summary of 0..10 scores (rows with a NULL score or weight skipped)';

CREATE AGGREGATE @extschema@.rollup(@extschema@.nps_summary) (
	SFUNC = @extschema@.nps_summary_add,
	STYPE = @extschema@.nps_summary,
	COMBINEFUNC = @extschema@.nps_summary_add,
	MSFUNC = @extschema@.nps_summary_add,
	MINVFUNC = @extschema@.nps_summary_rollup_invfn,
	MSTYPE = @extschema@.nps_summary,
	SSPACE = 280,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.nps_summary) IS
	'Merge stored NPS summaries (exact for counts)';

-- operators -------------------------------------------------------------

CREATE FUNCTION @extschema@.nps_summary_eq(@extschema@.nps_summary, @extschema@.nps_summary)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_scale_eq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.nps_summary_ne(@extschema@.nps_summary, @extschema@.nps_summary)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_scale_ne'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR @extschema@.+ (
	LEFTARG = @extschema@.nps_summary,
	RIGHTARG = @extschema@.nps_summary,
	FUNCTION = @extschema@.nps_summary_add,
	COMMUTATOR = OPERATOR(@extschema@.+)
);

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.nps_summary,
	RIGHTARG = @extschema@.nps_summary,
	FUNCTION = @extschema@.nps_summary_eq,
	COMMUTATOR = OPERATOR(@extschema@.=),
	NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel,
	JOIN = pg_catalog.eqjoinsel,
	HASHES
);

CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.nps_summary,
	RIGHTARG = @extschema@.nps_summary,
	FUNCTION = @extschema@.nps_summary_ne,
	COMMUTATOR = OPERATOR(@extschema@.<>),
	NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel,
	JOIN = pg_catalog.neqjoinsel
);

-- hash support: GROUP BY, DISTINCT and UNION on summaries
CREATE FUNCTION @extschema@.nps_summary_hash(@extschema@.nps_summary)
RETURNS integer
AS 'MODULE_PATHNAME', 'cxkpi_scale_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR CLASS @extschema@.nps_summary_hash_ops
	DEFAULT FOR TYPE @extschema@.nps_summary USING hash AS
	OPERATOR 1 @extschema@.= (@extschema@.nps_summary, @extschema@.nps_summary),
	FUNCTION 1 @extschema@.nps_summary_hash(@extschema@.nps_summary);

-- accessors -------------------------------------------------------------

CREATE FUNCTION @extschema@.nps(@extschema@.nps_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_nps'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps(@extschema@.nps_summary) IS
	'Net Promoter Score, -100..100 (weighted when the summary is); NULL when empty';

CREATE FUNCTION @extschema@.promoters(@extschema@.nps_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_nps_promoters'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.promoters(@extschema@.nps_summary) IS
	'Number of answers scoring 9 or 10';

CREATE FUNCTION @extschema@.passives(@extschema@.nps_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_nps_passives'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.passives(@extschema@.nps_summary) IS
	'Number of answers scoring 7 or 8';

CREATE FUNCTION @extschema@.detractors(@extschema@.nps_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_nps_detractors'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.detractors(@extschema@.nps_summary) IS
	'Number of answers scoring 0 to 6';

CREATE FUNCTION @extschema@.responses(@extschema@.nps_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_scale_responses'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.responses(@extschema@.nps_summary) IS
	'Number of answers';

CREATE FUNCTION @extschema@.total_weight(@extschema@.nps_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_total_weight'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.total_weight(@extschema@.nps_summary) IS
	'Sum of weights (the number of answers when unweighted)';

CREATE FUNCTION @extschema@.mean_score(@extschema@.nps_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_mean_score'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean_score(@extschema@.nps_summary) IS
	'Mean 0..10 score (weighted when the summary is); NULL when empty';

CREATE FUNCTION @extschema@.histogram(@extschema@.nps_summary)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'cxkpi_scale_histogram'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.histogram(@extschema@.nps_summary) IS
	'Answers per score 0..10 (11 elements, score 0 first)';

CREATE FUNCTION @extschema@.effective_n(@extschema@.nps_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_effective_n'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.effective_n(@extschema@.nps_summary) IS
	'Kish effective sample size (sum w)^2 / sum w^2; the number of answers when unweighted';

CREATE FUNCTION @extschema@.std_error(@extschema@.nps_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_std_error'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.std_error(@extschema@.nps_summary) IS
	'Standard error of the NPS, in NPS points';

CREATE FUNCTION @extschema@.margin_of_error(@extschema@.nps_summary,
											confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_margin_of_error'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.margin_of_error(@extschema@.nps_summary, double precision) IS
	'Half-width of the NPS confidence interval, in NPS points';

CREATE FUNCTION @extschema@.ci_lower(@extschema@.nps_summary,
									 confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_ci_lower'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ci_lower(@extschema@.nps_summary, double precision) IS
	'Lower bound of the NPS confidence interval (adjusted Wald; Wald when weighted)';

CREATE FUNCTION @extschema@.ci_upper(@extschema@.nps_summary,
									 confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_ci_upper'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ci_upper(@extschema@.nps_summary, double precision) IS
	'Upper bound of the NPS confidence interval (adjusted Wald; Wald when weighted)';

CREATE FUNCTION @extschema@.p_value(@extschema@.nps_summary, @extschema@.nps_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_p_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.p_value(@extschema@.nps_summary, @extschema@.nps_summary) IS
	'Two-sided p-value of a z test that the two NPS differ';

CREATE FUNCTION @extschema@.nps_summary_jsonb(@extschema@.nps_summary)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'cxkpi_nps_summary_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_summary_jsonb(@extschema@.nps_summary) IS
	'Every NPS accessor value by name (95% interval), as jsonb';

CREATE CAST (@extschema@.nps_summary AS jsonb)
	WITH FUNCTION @extschema@.nps_summary_jsonb(@extschema@.nps_summary);

-- typed report row (README "Dashboards"): every accessor as a column, for
-- FROM t CROSS JOIN LATERAL nps_report(t.summary) r
CREATE FUNCTION @extschema@.nps_report(s @extschema@.nps_summary,
	confidence double precision DEFAULT 0.95,
	OUT nps double precision,
	OUT promoters bigint,
	OUT passives bigint,
	OUT detractors bigint,
	OUT responses bigint,
	OUT total_weight double precision,
	OUT mean_score double precision,
	OUT effective_n double precision,
	OUT std_error double precision,
	OUT margin_of_error double precision,
	OUT ci_lower double precision,
	OUT ci_upper double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'cxkpi_nps_report'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_report(@extschema@.nps_summary, double precision) IS
	'Every NPS accessor as one row of typed columns (counts bigint, the rest double precision), for dashboards';

CREATE FUNCTION @extschema@.approx_equal(a @extschema@.nps_summary, b @extschema@.nps_summary,
										 rel_tol double precision DEFAULT 1e-12)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_scale_approx_equal'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.approx_equal(@extschema@.nps_summary, @extschema@.nps_summary, double precision) IS
	'Same scale and counts, weight sums within a relative tolerance (weighted summaries of the same rows summed in another order)';
