-- ====================================================================
-- Churn: churn_summary, churn_agg, churn_rate, accessors        (src/churn.c)
-- ====================================================================

CREATE TYPE @extschema@.churn_summary;

CREATE FUNCTION @extschema@.churn_summary_in(cstring)
RETURNS @extschema@.churn_summary
AS 'MODULE_PATHNAME', 'cxkpi_churn_summary_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_summary_out(@extschema@.churn_summary)
RETURNS cstring
AS 'MODULE_PATHNAME', 'cxkpi_churn_summary_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_summary_recv(internal)
RETURNS @extschema@.churn_summary
AS 'MODULE_PATHNAME', 'cxkpi_churn_summary_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_summary_send(@extschema@.churn_summary)
RETURNS bytea
AS 'MODULE_PATHNAME', 'cxkpi_churn_summary_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.churn_summary (
	INPUT = @extschema@.churn_summary_in,
	OUTPUT = @extschema@.churn_summary_out,
	RECEIVE = @extschema@.churn_summary_recv,
	SEND = @extschema@.churn_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = plain
);

COMMENT ON TYPE @extschema@.churn_summary IS
	'Customer churn over one period: customers at start, churned, acquired, acquired-and-ended; mergeable across segments';

-- aggregate support ---------------------------------------------------
-- The period is a range normalised to [lo, hi); dates count as midnight.
-- Comparisons only, so no volatility from the session TimeZone.

CREATE FUNCTION @extschema@.churn_agg_transfn(@extschema@.churn_summary, date, date, daterange)
RETURNS @extschema@.churn_summary
AS 'MODULE_PATHNAME', 'cxkpi_churn_agg_transfn_date'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_agg_invfn(@extschema@.churn_summary, date, date, daterange)
RETURNS @extschema@.churn_summary
AS 'MODULE_PATHNAME', 'cxkpi_churn_agg_invfn_date'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_agg_transfn(@extschema@.churn_summary, timestamp without time zone, timestamp without time zone, tsrange)
RETURNS @extschema@.churn_summary
AS 'MODULE_PATHNAME', 'cxkpi_churn_agg_transfn_ts'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_agg_invfn(@extschema@.churn_summary, timestamp without time zone, timestamp without time zone, tsrange)
RETURNS @extschema@.churn_summary
AS 'MODULE_PATHNAME', 'cxkpi_churn_agg_invfn_ts'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_agg_transfn(@extschema@.churn_summary, timestamp with time zone, timestamp with time zone, tstzrange)
RETURNS @extschema@.churn_summary
AS 'MODULE_PATHNAME', 'cxkpi_churn_agg_transfn_tstz'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_agg_invfn(@extschema@.churn_summary, timestamp with time zone, timestamp with time zone, tstzrange)
RETURNS @extschema@.churn_summary
AS 'MODULE_PATHNAME', 'cxkpi_churn_agg_invfn_tstz'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_summary_add(@extschema@.churn_summary, @extschema@.churn_summary)
RETURNS @extschema@.churn_summary
AS 'MODULE_PATHNAME', 'cxkpi_churn_summary_add'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_summary_add(@extschema@.churn_summary, @extschema@.churn_summary) IS
	'Merge two churn summaries of the same period (the + operator)';

CREATE FUNCTION @extschema@.churn_summary_rollup_invfn(@extschema@.churn_summary, @extschema@.churn_summary)
RETURNS @extschema@.churn_summary
AS 'MODULE_PATHNAME', 'cxkpi_churn_summary_rollup_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_rate(@extschema@.churn_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_churn_rate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_rate(@extschema@.churn_summary) IS
	'Churned / customers at start, 0..1; NULL when no customer was there at the start';

CREATE AGGREGATE @extschema@.churn_agg(started_at date, ended_at date, period daterange) (
	SFUNC = @extschema@.churn_agg_transfn,
	STYPE = @extschema@.churn_summary,
	COMBINEFUNC = @extschema@.churn_summary_add,
	MSFUNC = @extschema@.churn_agg_transfn,
	MINVFUNC = @extschema@.churn_agg_invfn,
	MSTYPE = @extschema@.churn_summary,
	SSPACE = 56,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_agg(date, date, daterange) IS
	'Churn summary of one period (rows with a NULL started_at skipped; NULL ended_at: still a customer)';

CREATE AGGREGATE @extschema@.churn_rate(started_at date, ended_at date, period daterange) (
	SFUNC = @extschema@.churn_agg_transfn,
	STYPE = @extschema@.churn_summary,
	FINALFUNC = @extschema@.churn_rate,
	COMBINEFUNC = @extschema@.churn_summary_add,
	MSFUNC = @extschema@.churn_agg_transfn,
	MINVFUNC = @extschema@.churn_agg_invfn,
	MSTYPE = @extschema@.churn_summary,
	MFINALFUNC = @extschema@.churn_rate,
	SSPACE = 56,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_rate(date, date, daterange) IS
	'Churn rate of one period: churn_rate(churn_agg(...))';

CREATE AGGREGATE @extschema@.churn_agg(started_at timestamp without time zone, ended_at timestamp without time zone, period tsrange) (
	SFUNC = @extschema@.churn_agg_transfn,
	STYPE = @extschema@.churn_summary,
	COMBINEFUNC = @extschema@.churn_summary_add,
	MSFUNC = @extschema@.churn_agg_transfn,
	MINVFUNC = @extschema@.churn_agg_invfn,
	MSTYPE = @extschema@.churn_summary,
	SSPACE = 56,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_agg(timestamp without time zone, timestamp without time zone, tsrange) IS
	'Churn summary of one period (rows with a NULL started_at skipped; NULL ended_at: still a customer)';

CREATE AGGREGATE @extschema@.churn_rate(started_at timestamp without time zone, ended_at timestamp without time zone, period tsrange) (
	SFUNC = @extschema@.churn_agg_transfn,
	STYPE = @extschema@.churn_summary,
	FINALFUNC = @extschema@.churn_rate,
	COMBINEFUNC = @extschema@.churn_summary_add,
	MSFUNC = @extschema@.churn_agg_transfn,
	MINVFUNC = @extschema@.churn_agg_invfn,
	MSTYPE = @extschema@.churn_summary,
	MFINALFUNC = @extschema@.churn_rate,
	SSPACE = 56,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_rate(timestamp without time zone, timestamp without time zone, tsrange) IS
	'Churn rate of one period: churn_rate(churn_agg(...))';

CREATE AGGREGATE @extschema@.churn_agg(started_at timestamp with time zone, ended_at timestamp with time zone, period tstzrange) (
	SFUNC = @extschema@.churn_agg_transfn,
	STYPE = @extschema@.churn_summary,
	COMBINEFUNC = @extschema@.churn_summary_add,
	MSFUNC = @extschema@.churn_agg_transfn,
	MINVFUNC = @extschema@.churn_agg_invfn,
	MSTYPE = @extschema@.churn_summary,
	SSPACE = 56,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_agg(timestamp with time zone, timestamp with time zone, tstzrange) IS
	'Churn summary of one period (rows with a NULL started_at skipped; NULL ended_at: still a customer)';

CREATE AGGREGATE @extschema@.churn_rate(started_at timestamp with time zone, ended_at timestamp with time zone, period tstzrange) (
	SFUNC = @extschema@.churn_agg_transfn,
	STYPE = @extschema@.churn_summary,
	FINALFUNC = @extschema@.churn_rate,
	COMBINEFUNC = @extschema@.churn_summary_add,
	MSFUNC = @extschema@.churn_agg_transfn,
	MINVFUNC = @extschema@.churn_agg_invfn,
	MSTYPE = @extschema@.churn_summary,
	MFINALFUNC = @extschema@.churn_rate,
	SSPACE = 56,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_rate(timestamp with time zone, timestamp with time zone, tstzrange) IS
	'Churn rate of one period: churn_rate(churn_agg(...))';

CREATE AGGREGATE @extschema@.rollup(@extschema@.churn_summary) (
	SFUNC = @extschema@.churn_summary_add,
	STYPE = @extschema@.churn_summary,
	COMBINEFUNC = @extschema@.churn_summary_add,
	MSFUNC = @extschema@.churn_summary_add,
	MINVFUNC = @extschema@.churn_summary_rollup_invfn,
	MSTYPE = @extschema@.churn_summary,
	SSPACE = 56,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.churn_summary) IS
	'Merge churn summaries of one period across segments (exact)';

-- operators -------------------------------------------------------------

CREATE FUNCTION @extschema@.churn_summary_eq(@extschema@.churn_summary, @extschema@.churn_summary)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_churn_summary_eq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_summary_ne(@extschema@.churn_summary, @extschema@.churn_summary)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_churn_summary_ne'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_summary_hash(@extschema@.churn_summary)
RETURNS integer
AS 'MODULE_PATHNAME', 'cxkpi_churn_summary_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR @extschema@.+ (
	LEFTARG = @extschema@.churn_summary,
	RIGHTARG = @extschema@.churn_summary,
	FUNCTION = @extschema@.churn_summary_add,
	COMMUTATOR = OPERATOR(@extschema@.+)
);

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.churn_summary,
	RIGHTARG = @extschema@.churn_summary,
	FUNCTION = @extschema@.churn_summary_eq,
	COMMUTATOR = OPERATOR(@extschema@.=),
	NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel,
	JOIN = pg_catalog.eqjoinsel,
	HASHES
);

CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.churn_summary,
	RIGHTARG = @extschema@.churn_summary,
	FUNCTION = @extschema@.churn_summary_ne,
	COMMUTATOR = OPERATOR(@extschema@.<>),
	NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel,
	JOIN = pg_catalog.neqjoinsel
);

CREATE OPERATOR CLASS @extschema@.churn_summary_hash_ops
	DEFAULT FOR TYPE @extschema@.churn_summary USING hash AS
	OPERATOR 1 @extschema@.= (@extschema@.churn_summary, @extschema@.churn_summary),
	FUNCTION 1 @extschema@.churn_summary_hash(@extschema@.churn_summary);

-- accessors -------------------------------------------------------------

CREATE FUNCTION @extschema@.retention_rate(@extschema@.churn_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_churn_retention_rate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.retention_rate(@extschema@.churn_summary) IS
	'1 - churn rate, 0..1; NULL when no customer was there at the start';

CREATE FUNCTION @extschema@.customer_retention_rate(@extschema@.churn_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_churn_customer_retention_rate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_retention_rate(@extschema@.churn_summary) IS
	'CRR = (customers at end - acquired) / customers at start; NULL when no customer was there at the start';

CREATE FUNCTION @extschema@.customers_at_start(@extschema@.churn_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_churn_customers_at_start'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customers_at_start(@extschema@.churn_summary) IS
	'Customers at the start: started_at < lo and (ended_at IS NULL or ended_at >= lo)';

CREATE FUNCTION @extschema@.retained(@extschema@.churn_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_churn_retained'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.retained(@extschema@.churn_summary) IS
	'Customers at the start who had not ended by the end of the period';

CREATE FUNCTION @extschema@.churned(@extschema@.churn_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_churn_churned'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churned(@extschema@.churn_summary) IS
	'Customers at the start who ended during the period: lo <= ended_at < hi';

CREATE FUNCTION @extschema@.acquired(@extschema@.churn_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_churn_acquired'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.acquired(@extschema@.churn_summary) IS
	'Customers who started during the period: lo <= started_at < hi';

CREATE FUNCTION @extschema@.acquired_ended(@extschema@.churn_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_churn_acquired_ended'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.acquired_ended(@extschema@.churn_summary) IS
	'Customers who started during the period and ended before its end';

CREATE FUNCTION @extschema@.customers_at_end(@extschema@.churn_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_churn_customers_at_end'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customers_at_end(@extschema@.churn_summary) IS
	'Customers at the end: started_at < hi and (ended_at IS NULL or ended_at >= hi)';

CREATE FUNCTION @extschema@.std_error(@extschema@.churn_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_churn_std_error'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.std_error(@extschema@.churn_summary) IS
	'Standard error of the churn rate, sqrt(p (1 - p) / customers at start)';

CREATE FUNCTION @extschema@.ci_lower(@extschema@.churn_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_churn_ci_lower'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ci_lower(@extschema@.churn_summary, double precision) IS
	'Lower bound of the Wilson score interval of the churn rate';

CREATE FUNCTION @extschema@.ci_upper(@extschema@.churn_summary, confidence double precision DEFAULT 0.95)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_churn_ci_upper'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ci_upper(@extschema@.churn_summary, double precision) IS
	'Upper bound of the Wilson score interval of the churn rate';

CREATE FUNCTION @extschema@.p_value(@extschema@.churn_summary, @extschema@.churn_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_churn_p_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.p_value(@extschema@.churn_summary, @extschema@.churn_summary) IS
	'Two-sided p-value of a pooled two-proportion z test that the churn rates differ';

-- The period's bounds as timestamptz (dates and timestamps are read in the
-- session TimeZone, hence STABLE).
CREATE FUNCTION @extschema@.period_start(@extschema@.churn_summary)
RETURNS timestamp with time zone
AS 'MODULE_PATHNAME', 'cxkpi_churn_period_start'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.period_start(@extschema@.churn_summary) IS
	'Start of the period (inclusive)';

CREATE FUNCTION @extschema@.period_end(@extschema@.churn_summary)
RETURNS timestamp with time zone
AS 'MODULE_PATHNAME', 'cxkpi_churn_period_end'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.period_end(@extschema@.churn_summary) IS
	'End of the period (exclusive)';

CREATE FUNCTION @extschema@.churn_summary_jsonb(@extschema@.churn_summary)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'cxkpi_churn_summary_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_summary_jsonb(@extschema@.churn_summary) IS
	'The period and every churn accessor value by name (95% interval), as jsonb';

CREATE CAST (@extschema@.churn_summary AS jsonb)
	WITH FUNCTION @extschema@.churn_summary_jsonb(@extschema@.churn_summary);

-- typed report row (README "Dashboards"): every accessor as a column, for
-- FROM t CROSS JOIN LATERAL churn_report(t.summary) r; the columns of
-- churn_periods without period and summary.  STABLE like period_start.
CREATE FUNCTION @extschema@.churn_report(s @extschema@.churn_summary,
	confidence double precision DEFAULT 0.95,
	OUT period_start timestamp with time zone,
	OUT period_end timestamp with time zone,
	OUT customers_at_start bigint,
	OUT retained bigint,
	OUT churned bigint,
	OUT acquired bigint,
	OUT acquired_ended bigint,
	OUT customers_at_end bigint,
	OUT churn_rate double precision,
	OUT retention_rate double precision,
	OUT customer_retention_rate double precision,
	OUT std_error double precision,
	OUT ci_lower double precision,
	OUT ci_upper double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'cxkpi_churn_report'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_report(@extschema@.churn_summary, double precision) IS
	'Every churn accessor as one row of typed columns (bounds timestamptz, counts bigint, rates double precision), for dashboards';
