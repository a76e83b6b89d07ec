-- ====================================================================
-- CSAT: csat_summary, csat_agg, accessors                            (src/csat.c)
-- ====================================================================

CREATE TYPE @extschema@.csat_summary;

CREATE FUNCTION @extschema@.csat_summary_in(cstring)
RETURNS @extschema@.csat_summary
AS 'MODULE_PATHNAME', 'cxkpi_csat_summary_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat_summary_out(@extschema@.csat_summary)
RETURNS cstring
AS 'MODULE_PATHNAME', 'cxkpi_scale_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat_summary_recv(internal)
RETURNS @extschema@.csat_summary
AS 'MODULE_PATHNAME', 'cxkpi_csat_summary_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat_summary_send(@extschema@.csat_summary)
RETURNS bytea
AS 'MODULE_PATHNAME', 'cxkpi_scale_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.csat_summary (
	INPUT = @extschema@.csat_summary_in,
	OUTPUT = @extschema@.csat_summary_out,
	RECEIVE = @extschema@.csat_summary_recv,
	SEND = @extschema@.csat_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = plain
);

COMMENT ON TYPE @extschema@.csat_summary IS
	'CSAT summary: answers per scale point (and weight sums), its scale and satisfied_min cutoff; mergeable';

-- aggregate support ---------------------------------------------------

CREATE FUNCTION @extschema@.csat_agg_transfn(@extschema@.csat_summary, integer)
RETURNS @extschema@.csat_summary
AS 'MODULE_PATHNAME', 'cxkpi_csat_agg_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat_agg_invfn(@extschema@.csat_summary, integer)
RETURNS @extschema@.csat_summary
AS 'MODULE_PATHNAME', 'cxkpi_csat_agg_invfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat_agg_transfn(@extschema@.csat_summary, integer, double precision)
RETURNS @extschema@.csat_summary
AS 'MODULE_PATHNAME', 'cxkpi_csat_agg_weighted_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat_agg_transfn(@extschema@.csat_summary, integer, integer, integer)
RETURNS @extschema@.csat_summary
AS 'MODULE_PATHNAME', 'cxkpi_csat_agg_scale_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat_agg_invfn(@extschema@.csat_summary, integer, integer, integer)
RETURNS @extschema@.csat_summary
AS 'MODULE_PATHNAME', 'cxkpi_csat_agg_scale_invfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat_agg_transfn(@extschema@.csat_summary, integer, integer, integer, double precision)
RETURNS @extschema@.csat_summary
AS 'MODULE_PATHNAME', 'cxkpi_csat_agg_scale_weighted_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat_agg_transfn(@extschema@.csat_summary, integer, integer, integer, integer)
RETURNS @extschema@.csat_summary
AS 'MODULE_PATHNAME', 'cxkpi_csat_agg_cutoff_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat_agg_invfn(@extschema@.csat_summary, integer, integer, integer, integer)
RETURNS @extschema@.csat_summary
AS 'MODULE_PATHNAME', 'cxkpi_csat_agg_cutoff_invfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat_agg_transfn(@extschema@.csat_summary, integer, integer, integer, integer, double precision)
RETURNS @extschema@.csat_summary
AS 'MODULE_PATHNAME', 'cxkpi_csat_agg_cutoff_weighted_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat_summary_add(@extschema@.csat_summary, @extschema@.csat_summary)
RETURNS @extschema@.csat_summary
AS 'MODULE_PATHNAME', 'cxkpi_scale_add'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.csat_summary_add(@extschema@.csat_summary, @extschema@.csat_summary) IS
	'Merge two CSAT summaries of the same scale and cutoff (the + operator)';

CREATE FUNCTION @extschema@.csat_summary_rollup_invfn(@extschema@.csat_summary, @extschema@.csat_summary)
RETURNS @extschema@.csat_summary
AS 'MODULE_PATHNAME', 'cxkpi_scale_rollup_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.csat_agg(score integer) (
	SFUNC = @extschema@.csat_agg_transfn,
	STYPE = @extschema@.csat_summary,
	COMBINEFUNC = @extschema@.csat_summary_add,
	MSFUNC = @extschema@.csat_agg_transfn,
	MINVFUNC = @extschema@.csat_agg_invfn,
	MSTYPE = @extschema@.csat_summary,
	SSPACE = 104,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.csat_agg(integer) IS
	'CSAT summary on the 1..5 scale, satisfied = 4..5 (NULL scores skipped)';

CREATE AGGREGATE @extschema@.csat_agg(score integer, weight double precision) (
	SFUNC = @extschema@.csat_agg_transfn,
	STYPE = @extschema@.csat_summary,
	COMBINEFUNC = @extschema@.csat_summary_add,
	SSPACE = 280,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.csat_agg(integer, double precision) IS
	'Weighted CSAT summary on the 1..5 scale, satisfied = 4..5 (rows with a NULL score or weight skipped)';

CREATE AGGREGATE @extschema@.csat_agg(score integer, scale_min integer, scale_max integer) (
	SFUNC = @extschema@.csat_agg_transfn,
	STYPE = @extschema@.csat_summary,
	COMBINEFUNC = @extschema@.csat_summary_add,
	MSFUNC = @extschema@.csat_agg_transfn,
	MINVFUNC = @extschema@.csat_agg_invfn,
	MSTYPE = @extschema@.csat_summary,
	SSPACE = 104,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.csat_agg(integer, integer, integer) IS
	'CSAT summary on scale_min..scale_max (2 to 11 points), default satisfied cutoff (NULL scores skipped)';

CREATE AGGREGATE @extschema@.csat_agg(score integer, scale_min integer, scale_max integer, weight double precision) (
	SFUNC = @extschema@.csat_agg_transfn,
	STYPE = @extschema@.csat_summary,
	COMBINEFUNC = @extschema@.csat_summary_add,
	SSPACE = 280,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.csat_agg(integer, integer, integer, double precision) IS
	'Weighted CSAT summary on scale_min..scale_max (2 to 11 points), default satisfied cutoff (rows with a NULL score or weight skipped)';

CREATE AGGREGATE @extschema@.csat_agg(score integer, scale_min integer, scale_max integer, satisfied_min integer) (
	SFUNC = @extschema@.csat_agg_transfn,
	STYPE = @extschema@.csat_summary,
	COMBINEFUNC = @extschema@.csat_summary_add,
	MSFUNC = @extschema@.csat_agg_transfn,
	MINVFUNC = @extschema@.csat_agg_invfn,
	MSTYPE = @extschema@.csat_summary,
	SSPACE = 104,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.csat_agg(integer, integer, integer, integer) IS
	'CSAT summary on scale_min..scale_max with an explicit satisfied cutoff (NULL scores skipped)';

CREATE AGGREGATE @extschema@.csat_agg(score integer, scale_min integer, scale_max integer, satisfied_min integer, weight double precision) (
	SFUNC = @extschema@.csat_agg_transfn,
	STYPE = @extschema@.csat_summary,
	COMBINEFUNC = @extschema@.csat_summary_add,
	SSPACE = 280,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.csat_agg(integer, integer, integer, integer, double precision) IS
	'Weighted CSAT summary on scale_min..scale_max with an explicit satisfied cutoff (rows with a NULL score or weight skipped)';

CREATE AGGREGATE @extschema@.rollup(@extschema@.csat_summary) (
	SFUNC = @extschema@.csat_summary_add,
	STYPE = @extschema@.csat_summary,
	COMBINEFUNC = @extschema@.csat_summary_add,
	MSFUNC = @extschema@.csat_summary_add,
	MINVFUNC = @extschema@.csat_summary_rollup_invfn,
	MSTYPE = @extschema@.csat_summary,
	SSPACE = 280,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.csat_summary) IS
	'Merge stored CSAT summaries of the same scale and cutoff (exact for counts)';

-- operators -------------------------------------------------------------

CREATE FUNCTION @extschema@.csat_summary_eq(@extschema@.csat_summary, @extschema@.csat_summary)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_scale_eq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat_summary_ne(@extschema@.csat_summary, @extschema@.csat_summary)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_scale_ne'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR @extschema@.+ (
	LEFTARG = @extschema@.csat_summary,
	RIGHTARG = @extschema@.csat_summary,
	FUNCTION = @extschema@.csat_summary_add,
	COMMUTATOR = OPERATOR(@extschema@.+)
);

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.csat_summary,
	RIGHTARG = @extschema@.csat_summary,
	FUNCTION = @extschema@.csat_summary_eq,
	COMMUTATOR = OPERATOR(@extschema@.=),
	NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel,
	JOIN = pg_catalog.eqjoinsel,
	HASHES
);

CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.csat_summary,
	RIGHTARG = @extschema@.csat_summary,
	FUNCTION = @extschema@.csat_summary_ne,
	COMMUTATOR = OPERATOR(@extschema@.<>),
	NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel,
	JOIN = pg_catalog.neqjoinsel
);

-- hash support: GROUP BY, DISTINCT and UNION on summaries
CREATE FUNCTION @extschema@.csat_summary_hash(@extschema@.csat_summary)
RETURNS integer
AS 'MODULE_PATHNAME', 'cxkpi_scale_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR CLASS @extschema@.csat_summary_hash_ops
	DEFAULT FOR TYPE @extschema@.csat_summary USING hash AS
	OPERATOR 1 @extschema@.= (@extschema@.csat_summary, @extschema@.csat_summary),
	FUNCTION 1 @extschema@.csat_summary_hash(@extschema@.csat_summary);

-- accessors -------------------------------------------------------------

CREATE FUNCTION @extschema@.csat(@extschema@.csat_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_share'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat(@extschema@.csat_summary) IS
	'Satisfied share (0..1): answers at or above satisfied_min over all answers (weighted when the summary is); NULL when empty';

CREATE FUNCTION @extschema@.csat(@extschema@.csat_summary, satisfied_min integer)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_share_at'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat(@extschema@.csat_summary, integer) IS
	'Share of answers at or above satisfied_min (0..1): re-reads the summary with another cutoff';

CREATE FUNCTION @extschema@.satisfied(@extschema@.csat_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_scale_good'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfied(@extschema@.csat_summary) IS
	'Number of answers at or above satisfied_min';

CREATE FUNCTION @extschema@.responses(@extschema@.csat_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_scale_responses'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.responses(@extschema@.csat_summary) IS
	'Number of answers';

CREATE FUNCTION @extschema@.total_weight(@extschema@.csat_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_total_weight'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.total_weight(@extschema@.csat_summary) IS
	'Sum of weights (the number of answers when unweighted)';

CREATE FUNCTION @extschema@.mean_score(@extschema@.csat_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_mean_score'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean_score(@extschema@.csat_summary) IS
	'Mean score (weighted when the summary is); NULL when empty';

CREATE FUNCTION @extschema@.histogram(@extschema@.csat_summary)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'cxkpi_scale_histogram'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.histogram(@extschema@.csat_summary) IS
	'Answers per scale point, lowest score first';

CREATE FUNCTION @extschema@.effective_n(@extschema@.csat_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_effective_n'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.effective_n(@extschema@.csat_summary) IS
	'Kish effective sample size (sum w)^2 / sum w^2; the number of answers when unweighted';

CREATE FUNCTION @extschema@.scale_min(@extschema@.csat_summary)
RETURNS integer
AS 'MODULE_PATHNAME', 'cxkpi_scale_scale_min'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.scale_min(@extschema@.csat_summary) IS
	'Lowest score of the summary''s scale';

CREATE FUNCTION @extschema@.scale_max(@extschema@.csat_summary)
RETURNS integer
AS 'MODULE_PATHNAME', 'cxkpi_scale_scale_max'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.scale_max(@extschema@.csat_summary) IS
	'Highest score of the summary''s scale';

CREATE FUNCTION @extschema@.satisfied_min(@extschema@.csat_summary)
RETURNS integer
AS 'MODULE_PATHNAME', 'cxkpi_scale_cutoff'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfied_min(@extschema@.csat_summary) IS
	'The stored cutoff: default top-2 box up to 7 points, top-3 box on longer scales';

CREATE FUNCTION @extschema@.std_error(@extschema@.csat_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_std_error'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.std_error(@extschema@.csat_summary) IS
	'Standard error of the satisfied share, sqrt(p(1-p)/n)';

CREATE FUNCTION @extschema@.margin_of_error(@extschema@.csat_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_margin_of_error'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.margin_of_error(@extschema@.csat_summary, double precision) IS
	'Half-width of the confidence interval';

CREATE FUNCTION @extschema@.ci_lower(@extschema@.csat_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_ci_lower'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ci_lower(@extschema@.csat_summary, double precision) IS
	'Lower bound of the confidence interval (Wilson score)';

CREATE FUNCTION @extschema@.ci_upper(@extschema@.csat_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_ci_upper'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ci_upper(@extschema@.csat_summary, double precision) IS
	'Upper bound of the confidence interval (Wilson score)';

CREATE FUNCTION @extschema@.p_value(@extschema@.csat_summary, @extschema@.csat_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_scale_p_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.p_value(@extschema@.csat_summary, @extschema@.csat_summary) IS
	'Two-sided p-value of a pooled two-proportion z test that the satisfied shares differ';

CREATE FUNCTION @extschema@.csat_summary_jsonb(@extschema@.csat_summary)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'cxkpi_csat_summary_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_summary_jsonb(@extschema@.csat_summary) IS
	'Every CSAT accessor value by name (95% interval), as jsonb';

CREATE CAST (@extschema@.csat_summary AS jsonb)
	WITH FUNCTION @extschema@.csat_summary_jsonb(@extschema@.csat_summary);

-- typed report row (README "Dashboards"): every accessor as a column, for
-- FROM t CROSS JOIN LATERAL csat_report(t.summary) r
CREATE FUNCTION @extschema@.csat_report(s @extschema@.csat_summary,
	confidence double precision DEFAULT 0.95,
	OUT csat double precision,
	OUT satisfied bigint,
	OUT responses bigint,
	OUT total_weight double precision,
	OUT mean_score double precision,
	OUT effective_n double precision,
	OUT scale_min integer,
	OUT scale_max integer,
	OUT satisfied_min integer,
	OUT std_error double precision,
	OUT margin_of_error double precision,
	OUT ci_lower double precision,
	OUT ci_upper double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'cxkpi_csat_report'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_report(@extschema@.csat_summary, double precision) IS
	'Every CSAT accessor as one row of typed columns (counts bigint, scale points integer, the rest double precision), for dashboards';

CREATE FUNCTION @extschema@.approx_equal(a @extschema@.csat_summary, b @extschema@.csat_summary,
										 rel_tol double precision DEFAULT 1e-12)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_scale_approx_equal'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.approx_equal(@extschema@.csat_summary, @extschema@.csat_summary, double precision) IS
	'Same scale and counts, weight sums within a relative tolerance (weighted summaries of the same rows summed in another order)';
