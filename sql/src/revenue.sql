-- ====================================================================
-- Revenue retention: revenue_summary, revenue_agg, accessors  (src/revenue.c)
-- ====================================================================

CREATE TYPE @extschema@.revenue_summary;

CREATE FUNCTION @extschema@.revenue_summary_in(cstring)
RETURNS @extschema@.revenue_summary
AS 'MODULE_PATHNAME', 'cxkpi_revenue_summary_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.revenue_summary_out(@extschema@.revenue_summary)
RETURNS cstring
AS 'MODULE_PATHNAME', 'cxkpi_revenue_summary_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.revenue_summary_recv(internal)
RETURNS @extschema@.revenue_summary
AS 'MODULE_PATHNAME', 'cxkpi_revenue_summary_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.revenue_summary_send(@extschema@.revenue_summary)
RETURNS bytea
AS 'MODULE_PATHNAME', 'cxkpi_revenue_summary_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.revenue_summary (
	INPUT = @extschema@.revenue_summary_in,
	OUTPUT = @extschema@.revenue_summary_out,
	RECEIVE = @extschema@.revenue_summary_recv,
	SEND = @extschema@.revenue_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = plain
);

COMMENT ON TYPE @extschema@.revenue_summary IS
	'Recurring revenue movement between two instants: starting, new, expansion, contraction, churned MRR (exact decimals); mergeable';

-- aggregate support ---------------------------------------------------

CREATE FUNCTION @extschema@.revenue_agg_transfn(@extschema@.revenue_summary, numeric, numeric)
RETURNS @extschema@.revenue_summary
AS 'MODULE_PATHNAME', 'cxkpi_revenue_agg_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.revenue_agg_invfn(@extschema@.revenue_summary, numeric, numeric)
RETURNS @extschema@.revenue_summary
AS 'MODULE_PATHNAME', 'cxkpi_revenue_agg_invfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.revenue_summary_add(@extschema@.revenue_summary, @extschema@.revenue_summary)
RETURNS @extschema@.revenue_summary
AS 'MODULE_PATHNAME', 'cxkpi_revenue_summary_add'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.revenue_summary_add(@extschema@.revenue_summary, @extschema@.revenue_summary) IS
	'Merge two revenue summaries (the + operator)';

CREATE FUNCTION @extschema@.revenue_summary_rollup_invfn(@extschema@.revenue_summary, @extschema@.revenue_summary)
RETURNS @extschema@.revenue_summary
AS 'MODULE_PATHNAME', 'cxkpi_revenue_summary_rollup_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.revenue_agg(mrr_start numeric, mrr_end numeric) (
	SFUNC = @extschema@.revenue_agg_transfn,
	STYPE = @extschema@.revenue_summary,
	COMBINEFUNC = @extschema@.revenue_summary_add,
	MSFUNC = @extschema@.revenue_agg_transfn,
	MINVFUNC = @extschema@.revenue_agg_invfn,
	MSTYPE = @extschema@.revenue_summary,
	SSPACE = 128,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.revenue_agg(numeric, numeric) IS
	'Revenue retention summary of one row per account: MRR at the period start and at its end (NULL counts as 0)';

CREATE AGGREGATE @extschema@.rollup(@extschema@.revenue_summary) (
	SFUNC = @extschema@.revenue_summary_add,
	STYPE = @extschema@.revenue_summary,
	COMBINEFUNC = @extschema@.revenue_summary_add,
	MSFUNC = @extschema@.revenue_summary_add,
	MINVFUNC = @extschema@.revenue_summary_rollup_invfn,
	MSTYPE = @extschema@.revenue_summary,
	SSPACE = 128,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.revenue_summary) IS
	'Merge revenue summaries across segments (exact)';

-- operators -------------------------------------------------------------

CREATE FUNCTION @extschema@.revenue_summary_eq(@extschema@.revenue_summary, @extschema@.revenue_summary)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_revenue_summary_eq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.revenue_summary_ne(@extschema@.revenue_summary, @extschema@.revenue_summary)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_revenue_summary_ne'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.revenue_summary_hash(@extschema@.revenue_summary)
RETURNS integer
AS 'MODULE_PATHNAME', 'cxkpi_revenue_summary_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR @extschema@.+ (
	LEFTARG = @extschema@.revenue_summary,
	RIGHTARG = @extschema@.revenue_summary,
	FUNCTION = @extschema@.revenue_summary_add,
	COMMUTATOR = OPERATOR(@extschema@.+)
);

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.revenue_summary,
	RIGHTARG = @extschema@.revenue_summary,
	FUNCTION = @extschema@.revenue_summary_eq,
	COMMUTATOR = OPERATOR(@extschema@.=),
	NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel,
	JOIN = pg_catalog.eqjoinsel,
	HASHES
);

CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.revenue_summary,
	RIGHTARG = @extschema@.revenue_summary,
	FUNCTION = @extschema@.revenue_summary_ne,
	COMMUTATOR = OPERATOR(@extschema@.<>),
	NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel,
	JOIN = pg_catalog.neqjoinsel
);

CREATE OPERATOR CLASS @extschema@.revenue_summary_hash_ops
	DEFAULT FOR TYPE @extschema@.revenue_summary USING hash AS
	OPERATOR 1 @extschema@.= (@extschema@.revenue_summary, @extschema@.revenue_summary),
	FUNCTION 1 @extschema@.revenue_summary_hash(@extschema@.revenue_summary);

-- accessors -------------------------------------------------------------

CREATE FUNCTION @extschema@.starting_mrr(@extschema@.revenue_summary)
RETURNS numeric
AS 'MODULE_PATHNAME', 'cxkpi_revenue_starting_mrr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.starting_mrr(@extschema@.revenue_summary) IS
	'Sum of MRR at the period start';

CREATE FUNCTION @extschema@.ending_mrr(@extschema@.revenue_summary)
RETURNS numeric
AS 'MODULE_PATHNAME', 'cxkpi_revenue_ending_mrr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ending_mrr(@extschema@.revenue_summary) IS
	'Sum of MRR at the period end: start + new + expansion - contraction - churned';

CREATE FUNCTION @extschema@.new_mrr(@extschema@.revenue_summary)
RETURNS numeric
AS 'MODULE_PATHNAME', 'cxkpi_revenue_new_mrr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.new_mrr(@extschema@.revenue_summary) IS
	'MRR at the end of accounts with none at the start';

CREATE FUNCTION @extschema@.expansion_mrr(@extschema@.revenue_summary)
RETURNS numeric
AS 'MODULE_PATHNAME', 'cxkpi_revenue_expansion_mrr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.expansion_mrr(@extschema@.revenue_summary) IS
	'Increase of accounts whose MRR grew (start > 0)';

CREATE FUNCTION @extschema@.contraction_mrr(@extschema@.revenue_summary)
RETURNS numeric
AS 'MODULE_PATHNAME', 'cxkpi_revenue_contraction_mrr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.contraction_mrr(@extschema@.revenue_summary) IS
	'Decrease of accounts whose MRR shrank but stayed above 0';

CREATE FUNCTION @extschema@.churned_mrr(@extschema@.revenue_summary)
RETURNS numeric
AS 'MODULE_PATHNAME', 'cxkpi_revenue_churned_mrr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churned_mrr(@extschema@.revenue_summary) IS
	'MRR at the start of accounts with none at the end';

CREATE FUNCTION @extschema@.gross_revenue_retention(@extschema@.revenue_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_revenue_gross_revenue_retention'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gross_revenue_retention(@extschema@.revenue_summary) IS
	'GRR = (start - contraction - churned) / start, 0..1; NULL when start = 0';

CREATE FUNCTION @extschema@.net_revenue_retention(@extschema@.revenue_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_revenue_net_revenue_retention'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.net_revenue_retention(@extschema@.revenue_summary) IS
	'NRR = (start + expansion - contraction - churned) / start; NULL when start = 0';

CREATE FUNCTION @extschema@.accounts_at_start(@extschema@.revenue_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_revenue_accounts_at_start'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accounts_at_start(@extschema@.revenue_summary) IS
	'Accounts with MRR > 0 at the start';

CREATE FUNCTION @extschema@.accounts_at_end(@extschema@.revenue_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_revenue_accounts_at_end'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accounts_at_end(@extschema@.revenue_summary) IS
	'Accounts with MRR > 0 at the end';

CREATE FUNCTION @extschema@.new_accounts(@extschema@.revenue_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_revenue_new_accounts'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.new_accounts(@extschema@.revenue_summary) IS
	'Accounts with MRR 0 at the start and > 0 at the end';

CREATE FUNCTION @extschema@.expanded_accounts(@extschema@.revenue_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_revenue_expanded_accounts'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.expanded_accounts(@extschema@.revenue_summary) IS
	'Accounts whose MRR grew from a positive start';

CREATE FUNCTION @extschema@.contracted_accounts(@extschema@.revenue_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_revenue_contracted_accounts'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.contracted_accounts(@extschema@.revenue_summary) IS
	'Accounts whose MRR shrank but stayed above 0';

CREATE FUNCTION @extschema@.churned_accounts(@extschema@.revenue_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_revenue_churned_accounts'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churned_accounts(@extschema@.revenue_summary) IS
	'Accounts with MRR > 0 at the start and 0 at the end';

CREATE FUNCTION @extschema@.revenue_summary_jsonb(@extschema@.revenue_summary)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'cxkpi_revenue_summary_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.revenue_summary_jsonb(@extschema@.revenue_summary) IS
	'Every revenue accessor value by name, as jsonb (amounts as JSON numbers, exact)';

CREATE CAST (@extschema@.revenue_summary AS jsonb)
	WITH FUNCTION @extschema@.revenue_summary_jsonb(@extschema@.revenue_summary);

-- typed report row (README "Dashboards"): every accessor as a column, for
-- FROM t CROSS JOIN LATERAL revenue_report(t.summary) r; MRR stays exact
-- numeric (BI tools read numeric as a decimal number).
CREATE FUNCTION @extschema@.revenue_report(s @extschema@.revenue_summary,
	OUT starting_mrr numeric,
	OUT ending_mrr numeric,
	OUT new_mrr numeric,
	OUT expansion_mrr numeric,
	OUT contraction_mrr numeric,
	OUT churned_mrr numeric,
	OUT gross_revenue_retention double precision,
	OUT net_revenue_retention double precision,
	OUT accounts_at_start bigint,
	OUT accounts_at_end bigint,
	OUT new_accounts bigint,
	OUT expanded_accounts bigint,
	OUT contracted_accounts bigint,
	OUT churned_accounts bigint)
RETURNS record
AS 'MODULE_PATHNAME', 'cxkpi_revenue_report'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.revenue_report(@extschema@.revenue_summary) IS
	'Every revenue accessor as one row of typed columns (MRR numeric, counts bigint, retention double precision), for dashboards';
