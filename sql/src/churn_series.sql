-- ====================================================================
-- Churn series: churn_series, churn_series_agg, churn_periods  (src/churn_series.c)
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
