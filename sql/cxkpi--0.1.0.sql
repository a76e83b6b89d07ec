/* cxkpi 0.1.0 -- install script */

\echo Use "CREATE EXTENSION cxkpi" to load this file. \quit

/*
 * Conventions (see README.md):
 *  - every function is IMMUTABLE STRICT PARALLEL SAFE unless stated;
 *  - aggregate transition functions are not STRICT: they create the
 *    summary on a group's first row and skip rows whose score or weight is
 *    NULL, so a group of only NULL scores gives an empty summary and no
 *    rows at all give NULL;
 *  - nothing here depends on search_path: objects live in @extschema@ and
 *    the script only refers to its own objects and pg_catalog types.
 */

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
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.nps_agg(integer) IS
	'NPS summary of 0..10 scores (NULL scores skipped)';

CREATE AGGREGATE @extschema@.nps_agg(integer, double precision) (
	SFUNC = @extschema@.nps_agg_transfn,
	STYPE = @extschema@.nps_summary,
	COMBINEFUNC = @extschema@.nps_summary_add,
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
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.csat_agg(integer) IS
	'CSAT summary on the 1..5 scale, satisfied = 4..5 (NULL scores skipped)';

CREATE AGGREGATE @extschema@.csat_agg(score integer, weight double precision) (
	SFUNC = @extschema@.csat_agg_transfn,
	STYPE = @extschema@.csat_summary,
	COMBINEFUNC = @extschema@.csat_summary_add,
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
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.csat_agg(integer, integer, integer) IS
	'CSAT summary on scale_min..scale_max (2 to 11 points), default satisfied cutoff (NULL scores skipped)';

CREATE AGGREGATE @extschema@.csat_agg(score integer, scale_min integer, scale_max integer, weight double precision) (
	SFUNC = @extschema@.csat_agg_transfn,
	STYPE = @extschema@.csat_summary,
	COMBINEFUNC = @extschema@.csat_summary_add,
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
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.csat_agg(integer, integer, integer, integer) IS
	'CSAT summary on scale_min..scale_max with an explicit satisfied cutoff (NULL scores skipped)';

CREATE AGGREGATE @extschema@.csat_agg(score integer, scale_min integer, scale_max integer, satisfied_min integer, weight double precision) (
	SFUNC = @extschema@.csat_agg_transfn,
	STYPE = @extschema@.csat_summary,
	COMBINEFUNC = @extschema@.csat_summary_add,
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
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.ces_agg(integer) IS
	'CES 2.0 summary on the 1..7 scale, agree = 5..7 (NULL scores skipped)';

CREATE AGGREGATE @extschema@.ces_agg(score integer, weight double precision) (
	SFUNC = @extschema@.ces_agg_transfn,
	STYPE = @extschema@.ces_summary,
	COMBINEFUNC = @extschema@.ces_summary_add,
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
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.ces_agg(integer, integer, integer) IS
	'CES summary on scale_min..scale_max (2 to 11 points), default agree cutoff (NULL scores skipped)';

CREATE AGGREGATE @extschema@.ces_agg(score integer, scale_min integer, scale_max integer, weight double precision) (
	SFUNC = @extschema@.ces_agg_transfn,
	STYPE = @extschema@.ces_summary,
	COMBINEFUNC = @extschema@.ces_summary_add,
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
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.ces_agg(integer, integer, integer, integer) IS
	'CES summary on scale_min..scale_max with an explicit agree cutoff (NULL scores skipped)';

CREATE AGGREGATE @extschema@.ces_agg(score integer, scale_min integer, scale_max integer, agree_min integer, weight double precision) (
	SFUNC = @extschema@.ces_agg_transfn,
	STYPE = @extschema@.ces_summary,
	COMBINEFUNC = @extschema@.ces_summary_add,
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
