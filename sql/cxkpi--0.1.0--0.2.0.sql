/* cxkpi 0.1.0 -> 0.2.0 upgrade script */

\echo Use "ALTER EXTENSION cxkpi UPDATE TO '0.2.0'" to load this file. \quit

-- 0.2.0: everything below is also in cxkpi--0.1.0--0.2.0.sql
-- ====================================================================

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

-- customer-flow helper: the boundary rule of "customers at start", inlined by the planer

CREATE FUNCTION @extschema@.active_at(started_at date, ended_at date, at date)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN started_at OPERATOR(pg_catalog.<) at
	AND (ended_at IS NULL OR ended_at OPERATOR(pg_catalog.>=) at);
COMMENT ON FUNCTION @extschema@.active_at(date, date, date) IS
	'A customer at instant "at": started_at < at and (ended_at IS NULL or ended_at >= at), the rule of customers_at_start';

CREATE FUNCTION @extschema@.active_at(started_at timestamp without time zone, ended_at timestamp without time zone, at timestamp without time zone)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN started_at OPERATOR(pg_catalog.<) at
	AND (ended_at IS NULL OR ended_at OPERATOR(pg_catalog.>=) at);
COMMENT ON FUNCTION @extschema@.active_at(timestamp without time zone, timestamp without time zone, timestamp without time zone) IS
	'A customer at instant "at": started_at < at and (ended_at IS NULL or ended_at >= at), the rule of customers_at_start';

CREATE FUNCTION @extschema@.active_at(started_at timestamp with time zone, ended_at timestamp with time zone, at timestamp with time zone)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN started_at OPERATOR(pg_catalog.<) at
	AND (ended_at IS NULL OR ended_at OPERATOR(pg_catalog.>=) at);
COMMENT ON FUNCTION @extschema@.active_at(timestamp with time zone, timestamp with time zone, timestamp with time zone) IS
	'A customer at instant "at": started_at < at and (ended_at IS NULL or ended_at >= at), the rule of customers_at_start';

-- ====================================================================
-- Churn series: churn_series, churn_series_agg, churn_periods  (src/churn.c)
-- ====================================================================

CREATE TYPE @extschema@.churn_series;

CREATE FUNCTION @extschema@.churn_series_in(cstring)
RETURNS @extschema@.churn_series
AS 'MODULE_PATHNAME', 'cxkpi_churn_series_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_series_out(@extschema@.churn_series)
RETURNS cstring
AS 'MODULE_PATHNAME', 'cxkpi_churn_series_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_series_recv(internal)
RETURNS @extschema@.churn_series
AS 'MODULE_PATHNAME', 'cxkpi_churn_series_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_series_send(@extschema@.churn_series)
RETURNS bytea
AS 'MODULE_PATHNAME', 'cxkpi_churn_series_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.churn_series (
	INPUT = @extschema@.churn_series_in,
	OUTPUT = @extschema@.churn_series_out,
	RECEIVE = @extschema@.churn_series_recv,
	SEND = @extschema@.churn_series_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE @extschema@.churn_series IS
	'Churn over consecutive periods, built in one pass; mergeable across segments';

-- aggregate support ---------------------------------------------------
-- Period i (1-based) is [start + (i-1) * step, start + i * step).  Adding a
-- step to a timestamptz depends on the session TimeZone (days and months
-- follow local time), so that transition is STABLE.

CREATE FUNCTION @extschema@.churn_series_transfn(@extschema@.churn_series, date, date, date, interval, integer)
RETURNS @extschema@.churn_series
AS 'MODULE_PATHNAME', 'cxkpi_churn_series_transfn_date'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_series_transfn(@extschema@.churn_series, timestamp without time zone, timestamp without time zone, timestamp without time zone, interval, integer)
RETURNS @extschema@.churn_series
AS 'MODULE_PATHNAME', 'cxkpi_churn_series_transfn_ts'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_series_transfn(@extschema@.churn_series, timestamp with time zone, timestamp with time zone, timestamp with time zone, interval, integer)
RETURNS @extschema@.churn_series
AS 'MODULE_PATHNAME', 'cxkpi_churn_series_transfn_tstz'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_series_add(@extschema@.churn_series, @extschema@.churn_series)
RETURNS @extschema@.churn_series
AS 'MODULE_PATHNAME', 'cxkpi_churn_series_add'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_series_add(@extschema@.churn_series, @extschema@.churn_series) IS
	'Merge two churn series with the same periods (the + operator)';

CREATE AGGREGATE @extschema@.churn_series_agg(started_at date, ended_at date,
		first_period_start date, step interval, periods integer) (
	SFUNC = @extschema@.churn_series_transfn,
	STYPE = @extschema@.churn_series,
	COMBINEFUNC = @extschema@.churn_series_add,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_series_agg(date, date, date, interval, integer) IS
	'Churn summaries of consecutive periods in one pass: period i is [start + (i-1) * step, start + i * step)';

CREATE AGGREGATE @extschema@.churn_series_agg(started_at timestamp without time zone, ended_at timestamp without time zone,
		first_period_start timestamp without time zone, step interval, periods integer) (
	SFUNC = @extschema@.churn_series_transfn,
	STYPE = @extschema@.churn_series,
	COMBINEFUNC = @extschema@.churn_series_add,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_series_agg(timestamp without time zone, timestamp without time zone, timestamp without time zone, interval, integer) IS
	'Churn summaries of consecutive periods in one pass: period i is [start + (i-1) * step, start + i * step)';

CREATE AGGREGATE @extschema@.churn_series_agg(started_at timestamp with time zone, ended_at timestamp with time zone,
		first_period_start timestamp with time zone, step interval, periods integer) (
	SFUNC = @extschema@.churn_series_transfn,
	STYPE = @extschema@.churn_series,
	COMBINEFUNC = @extschema@.churn_series_add,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_series_agg(timestamp with time zone, timestamp with time zone, timestamp with time zone, interval, integer) IS
	'Churn summaries of consecutive periods in one pass: period i is [start + (i-1) * step, start + i * step)';

CREATE AGGREGATE @extschema@.rollup(@extschema@.churn_series) (
	SFUNC = @extschema@.churn_series_add,
	STYPE = @extschema@.churn_series,
	COMBINEFUNC = @extschema@.churn_series_add,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.churn_series) IS
	'Merge churn series with the same periods across segments (exact)';

CREATE FUNCTION @extschema@.churn_series_eq(@extschema@.churn_series, @extschema@.churn_series)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_churn_series_eq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_series_ne(@extschema@.churn_series, @extschema@.churn_series)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_churn_series_ne'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR @extschema@.+ (
	LEFTARG = @extschema@.churn_series,
	RIGHTARG = @extschema@.churn_series,
	FUNCTION = @extschema@.churn_series_add,
	COMMUTATOR = OPERATOR(@extschema@.+)
);

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.churn_series,
	RIGHTARG = @extschema@.churn_series,
	FUNCTION = @extschema@.churn_series_eq,
	COMMUTATOR = OPERATOR(@extschema@.=),
	NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel,
	JOIN = pg_catalog.eqjoinsel,
	HASHES
);

CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.churn_series,
	RIGHTARG = @extschema@.churn_series,
	FUNCTION = @extschema@.churn_series_ne,
	COMMUTATOR = OPERATOR(@extschema@.<>),
	NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel,
	JOIN = pg_catalog.neqjoinsel
);

-- hash support: GROUP BY, DISTINCT and UNION on series
CREATE FUNCTION @extschema@.churn_series_hash(@extschema@.churn_series)
RETURNS integer
AS 'MODULE_PATHNAME', 'cxkpi_churn_series_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR CLASS @extschema@.churn_series_hash_ops
	DEFAULT FOR TYPE @extschema@.churn_series USING hash AS
	OPERATOR 1 @extschema@.= (@extschema@.churn_series, @extschema@.churn_series),
	FUNCTION 1 @extschema@.churn_series_hash(@extschema@.churn_series);

-- accessors -------------------------------------------------------------

CREATE FUNCTION @extschema@.periods(@extschema@.churn_series)
RETURNS integer
AS 'MODULE_PATHNAME', 'cxkpi_churn_series_periods'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.periods(@extschema@.churn_series) IS
	'Number of periods in the series';

CREATE FUNCTION @extschema@.churn_period(@extschema@.churn_series, period integer)
RETURNS @extschema@.churn_summary
AS 'MODULE_PATHNAME', 'cxkpi_churn_series_period'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_period(@extschema@.churn_series, integer) IS
	'The churn summary of period i (1-based); NULL outside 1..periods';

CREATE FUNCTION @extschema@.churn_periods(@extschema@.churn_series,
	OUT period integer,
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
	OUT ci_upper double precision,
	OUT summary @extschema@.churn_summary)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'cxkpi_churn_series_periods_srf'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 36;
COMMENT ON FUNCTION @extschema@.churn_periods(@extschema@.churn_series) IS
	'One row per period with every churn accessor (95% Wilson interval) and the period''s summary';

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
