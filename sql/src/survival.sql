-- ====================================================================
-- Survival: survival_summary, survival_agg, Kaplan-Meier accessors,
-- survival_curve, log-rank tests  (src/survival.c, src/survival_math.c)
-- ====================================================================

CREATE TYPE @extschema@.survival_summary;

CREATE FUNCTION @extschema@.survival_summary_in(cstring)
RETURNS @extschema@.survival_summary
AS 'MODULE_PATHNAME', 'cxkpi_survival_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.survival_summary_out(@extschema@.survival_summary)
RETURNS cstring
AS 'MODULE_PATHNAME', 'cxkpi_survival_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.survival_summary_recv(internal)
RETURNS @extschema@.survival_summary
AS 'MODULE_PATHNAME', 'cxkpi_survival_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.survival_summary_send(@extschema@.survival_summary)
RETURNS bytea
AS 'MODULE_PATHNAME', 'cxkpi_survival_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- STORAGE extended: a summary of many distinct durations may be large.
CREATE TYPE @extschema@.survival_summary (
	INPUT = @extschema@.survival_summary_in,
	OUTPUT = @extschema@.survival_summary_out,
	RECEIVE = @extschema@.survival_summary_recv,
	SEND = @extschema@.survival_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE @extschema@.survival_summary IS
	'Kaplan-Meier sufficient statistics: churn events and censorings per duration (whole units since start); mergeable across segments and cohorts';

-- aggregate support ---------------------------------------------------
-- Durations of timestamptz customers are read on the session TimeZone's
-- calendar and wall clock (months and days, as age() does), so that
-- transition and its inverse are STABLE.

CREATE FUNCTION @extschema@.survival_agg_transfn(@extschema@.survival_summary, date, date, date)
RETURNS @extschema@.survival_summary
AS 'MODULE_PATHNAME', 'cxkpi_survival_transfn_date'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.survival_agg_transfn(@extschema@.survival_summary, date, date, date, interval)
RETURNS @extschema@.survival_summary
AS 'MODULE_PATHNAME', 'cxkpi_survival_transfn_date'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.survival_agg_invfn(@extschema@.survival_summary, date, date, date)
RETURNS @extschema@.survival_summary
AS 'MODULE_PATHNAME', 'cxkpi_survival_invfn_date'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.survival_agg_invfn(@extschema@.survival_summary, date, date, date, interval)
RETURNS @extschema@.survival_summary
AS 'MODULE_PATHNAME', 'cxkpi_survival_invfn_date'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.survival_agg_transfn(@extschema@.survival_summary, timestamp without time zone, timestamp without time zone, timestamp without time zone)
RETURNS @extschema@.survival_summary
AS 'MODULE_PATHNAME', 'cxkpi_survival_transfn_ts'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.survival_agg_transfn(@extschema@.survival_summary, timestamp without time zone, timestamp without time zone, timestamp without time zone, interval)
RETURNS @extschema@.survival_summary
AS 'MODULE_PATHNAME', 'cxkpi_survival_transfn_ts'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.survival_agg_invfn(@extschema@.survival_summary, timestamp without time zone, timestamp without time zone, timestamp without time zone)
RETURNS @extschema@.survival_summary
AS 'MODULE_PATHNAME', 'cxkpi_survival_invfn_ts'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.survival_agg_invfn(@extschema@.survival_summary, timestamp without time zone, timestamp without time zone, timestamp without time zone, interval)
RETURNS @extschema@.survival_summary
AS 'MODULE_PATHNAME', 'cxkpi_survival_invfn_ts'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.survival_agg_transfn(@extschema@.survival_summary, timestamp with time zone, timestamp with time zone, timestamp with time zone)
RETURNS @extschema@.survival_summary
AS 'MODULE_PATHNAME', 'cxkpi_survival_transfn_tstz'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.survival_agg_transfn(@extschema@.survival_summary, timestamp with time zone, timestamp with time zone, timestamp with time zone, interval)
RETURNS @extschema@.survival_summary
AS 'MODULE_PATHNAME', 'cxkpi_survival_transfn_tstz'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.survival_agg_invfn(@extschema@.survival_summary, timestamp with time zone, timestamp with time zone, timestamp with time zone)
RETURNS @extschema@.survival_summary
AS 'MODULE_PATHNAME', 'cxkpi_survival_invfn_tstz'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.survival_agg_invfn(@extschema@.survival_summary, timestamp with time zone, timestamp with time zone, timestamp with time zone, interval)
RETURNS @extschema@.survival_summary
AS 'MODULE_PATHNAME', 'cxkpi_survival_invfn_tstz'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.survival_summary_combine(@extschema@.survival_summary, @extschema@.survival_summary)
RETURNS @extschema@.survival_summary
AS 'MODULE_PATHNAME', 'cxkpi_survival_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.survival_summary_combine(@extschema@.survival_summary, @extschema@.survival_summary) IS
	'Combine function of the survival aggregates (the aggregate''s working form of a + b)';

CREATE FUNCTION @extschema@.survival_summary_rollup_invfn(@extschema@.survival_summary, @extschema@.survival_summary)
RETURNS @extschema@.survival_summary
AS 'MODULE_PATHNAME', 'cxkpi_survival_rollup_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.survival_summary_final(@extschema@.survival_summary)
RETURNS @extschema@.survival_summary
AS 'MODULE_PATHNAME', 'cxkpi_survival_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.survival_summary_final(@extschema@.survival_summary) IS
	'Final function of the survival aggregates: the compact stored form';

CREATE FUNCTION @extschema@.survival_summary_add(@extschema@.survival_summary, @extschema@.survival_summary)
RETURNS @extschema@.survival_summary
AS 'MODULE_PATHNAME', 'cxkpi_survival_add'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.survival_summary_add(@extschema@.survival_summary, @extschema@.survival_summary) IS
	'Merge two survival summaries of the same unit (the + operator): counts per duration add exactly';

CREATE AGGREGATE @extschema@.survival_agg(started_at date, ended_at date, as_of date) (
	SFUNC = @extschema@.survival_agg_transfn,
	STYPE = @extschema@.survival_summary,
	FINALFUNC = @extschema@.survival_summary_final,
	COMBINEFUNC = @extschema@.survival_summary_combine,
	MSFUNC = @extschema@.survival_agg_transfn,
	MINVFUNC = @extschema@.survival_agg_invfn,
	MSTYPE = @extschema@.survival_summary,
	MFINALFUNC = @extschema@.survival_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.survival_agg(date, date, date) IS
	'Kaplan-Meier summary of customer lifetimes in whole units of 1 day: ended_at <= as_of is a churn event, NULL or later is censored at as_of; rows with started_at NULL or after as_of skipped';

CREATE AGGREGATE @extschema@.survival_agg(started_at date, ended_at date, as_of date, unit interval) (
	SFUNC = @extschema@.survival_agg_transfn,
	STYPE = @extschema@.survival_summary,
	FINALFUNC = @extschema@.survival_summary_final,
	COMBINEFUNC = @extschema@.survival_summary_combine,
	MSFUNC = @extschema@.survival_agg_transfn,
	MINVFUNC = @extschema@.survival_agg_invfn,
	MSTYPE = @extschema@.survival_summary,
	MFINALFUNC = @extschema@.survival_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.survival_agg(date, date, date, interval) IS
	'Kaplan-Meier summary of customer lifetimes in whole units: ended_at <= as_of is a churn event, NULL or later is censored at as_of; rows with started_at NULL or after as_of skipped';

CREATE AGGREGATE @extschema@.survival_agg(started_at timestamp without time zone, ended_at timestamp without time zone, as_of timestamp without time zone) (
	SFUNC = @extschema@.survival_agg_transfn,
	STYPE = @extschema@.survival_summary,
	FINALFUNC = @extschema@.survival_summary_final,
	COMBINEFUNC = @extschema@.survival_summary_combine,
	MSFUNC = @extschema@.survival_agg_transfn,
	MINVFUNC = @extschema@.survival_agg_invfn,
	MSTYPE = @extschema@.survival_summary,
	MFINALFUNC = @extschema@.survival_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.survival_agg(timestamp without time zone, timestamp without time zone, timestamp without time zone) IS
	'Kaplan-Meier summary of customer lifetimes in whole units of 1 day: ended_at <= as_of is a churn event, NULL or later is censored at as_of; rows with started_at NULL or after as_of skipped';

CREATE AGGREGATE @extschema@.survival_agg(started_at timestamp without time zone, ended_at timestamp without time zone, as_of timestamp without time zone, unit interval) (
	SFUNC = @extschema@.survival_agg_transfn,
	STYPE = @extschema@.survival_summary,
	FINALFUNC = @extschema@.survival_summary_final,
	COMBINEFUNC = @extschema@.survival_summary_combine,
	MSFUNC = @extschema@.survival_agg_transfn,
	MINVFUNC = @extschema@.survival_agg_invfn,
	MSTYPE = @extschema@.survival_summary,
	MFINALFUNC = @extschema@.survival_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.survival_agg(timestamp without time zone, timestamp without time zone, timestamp without time zone, interval) IS
	'Kaplan-Meier summary of customer lifetimes in whole units: ended_at <= as_of is a churn event, NULL or later is censored at as_of; rows with started_at NULL or after as_of skipped';

CREATE AGGREGATE @extschema@.survival_agg(started_at timestamp with time zone, ended_at timestamp with time zone, as_of timestamp with time zone) (
	SFUNC = @extschema@.survival_agg_transfn,
	STYPE = @extschema@.survival_summary,
	FINALFUNC = @extschema@.survival_summary_final,
	COMBINEFUNC = @extschema@.survival_summary_combine,
	MSFUNC = @extschema@.survival_agg_transfn,
	MINVFUNC = @extschema@.survival_agg_invfn,
	MSTYPE = @extschema@.survival_summary,
	MFINALFUNC = @extschema@.survival_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.survival_agg(timestamp with time zone, timestamp with time zone, timestamp with time zone) IS
	'Kaplan-Meier summary of customer lifetimes in whole units of 1 day: ended_at <= as_of is a churn event, NULL or later is censored at as_of; rows with started_at NULL or after as_of skipped';

CREATE AGGREGATE @extschema@.survival_agg(started_at timestamp with time zone, ended_at timestamp with time zone, as_of timestamp with time zone, unit interval) (
	SFUNC = @extschema@.survival_agg_transfn,
	STYPE = @extschema@.survival_summary,
	FINALFUNC = @extschema@.survival_summary_final,
	COMBINEFUNC = @extschema@.survival_summary_combine,
	MSFUNC = @extschema@.survival_agg_transfn,
	MINVFUNC = @extschema@.survival_agg_invfn,
	MSTYPE = @extschema@.survival_summary,
	MFINALFUNC = @extschema@.survival_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.survival_agg(timestamp with time zone, timestamp with time zone, timestamp with time zone, interval) IS
	'Kaplan-Meier summary of customer lifetimes in whole units: ended_at <= as_of is a churn event, NULL or later is censored at as_of; rows with started_at NULL or after as_of skipped';

CREATE AGGREGATE @extschema@.rollup(@extschema@.survival_summary) (
	SFUNC = @extschema@.survival_summary_combine,
	STYPE = @extschema@.survival_summary,
	FINALFUNC = @extschema@.survival_summary_final,
	COMBINEFUNC = @extschema@.survival_summary_combine,
	MSFUNC = @extschema@.survival_summary_combine,
	MINVFUNC = @extschema@.survival_summary_rollup_invfn,
	MSTYPE = @extschema@.survival_summary,
	MFINALFUNC = @extschema@.survival_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.survival_summary) IS
	'Merge survival summaries of the same unit across segments or cohorts (exact)';

-- operators -------------------------------------------------------------

CREATE FUNCTION @extschema@.survival_summary_eq(@extschema@.survival_summary, @extschema@.survival_summary)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_survival_eq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.survival_summary_ne(@extschema@.survival_summary, @extschema@.survival_summary)
RETURNS boolean
AS 'MODULE_PATHNAME', 'cxkpi_survival_ne'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.survival_summary_hash(@extschema@.survival_summary)
RETURNS integer
AS 'MODULE_PATHNAME', 'cxkpi_survival_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR @extschema@.+ (
	LEFTARG = @extschema@.survival_summary,
	RIGHTARG = @extschema@.survival_summary,
	FUNCTION = @extschema@.survival_summary_add,
	COMMUTATOR = OPERATOR(@extschema@.+)
);

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.survival_summary,
	RIGHTARG = @extschema@.survival_summary,
	FUNCTION = @extschema@.survival_summary_eq,
	COMMUTATOR = OPERATOR(@extschema@.=),
	NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel,
	JOIN = pg_catalog.eqjoinsel,
	HASHES
);

CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.survival_summary,
	RIGHTARG = @extschema@.survival_summary,
	FUNCTION = @extschema@.survival_summary_ne,
	COMMUTATOR = OPERATOR(@extschema@.<>),
	NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel,
	JOIN = pg_catalog.neqjoinsel
);

CREATE OPERATOR CLASS @extschema@.survival_summary_hash_ops
	DEFAULT FOR TYPE @extschema@.survival_summary USING hash AS
	OPERATOR 1 @extschema@.= (@extschema@.survival_summary, @extschema@.survival_summary),
	FUNCTION 1 @extschema@.survival_summary_hash(@extschema@.survival_summary);

-- accessors (t: a duration in the summary's units) -------------------------

CREATE FUNCTION @extschema@.survival(s @extschema@.survival_summary, t double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_survival_at'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.survival(@extschema@.survival_summary, double precision) IS
	'Kaplan-Meier S(t): product over event durations t_i <= t of (1 - d_i / n_i), 0..1; NULL for an empty summary';

CREATE FUNCTION @extschema@.survival_std_error(s @extschema@.survival_summary, t double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_survival_std_error'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.survival_std_error(@extschema@.survival_summary, double precision) IS
	'Greenwood standard error of S(t); NULL once S(t) = 0';

CREATE FUNCTION @extschema@.survival_ci_lower(s @extschema@.survival_summary, t double precision, confidence double precision DEFAULT 0.95, method text DEFAULT 'log-log')
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_survival_ci_lower'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.survival_ci_lower(@extschema@.survival_summary, double precision, double precision, text) IS
	'Lower bound of the pointwise interval of S(t); method ''log-log'' (default), ''log'' or ''plain'' as R survfit''s conf.type';

CREATE FUNCTION @extschema@.survival_ci_upper(s @extschema@.survival_summary, t double precision, confidence double precision DEFAULT 0.95, method text DEFAULT 'log-log')
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_survival_ci_upper'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.survival_ci_upper(@extschema@.survival_summary, double precision, double precision, text) IS
	'Upper bound of the pointwise interval of S(t); method ''log-log'' (default), ''log'' or ''plain'' as R survfit''s conf.type';

CREATE FUNCTION @extschema@.at_risk(s @extschema@.survival_summary, t double precision)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_survival_at_risk'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.at_risk(@extschema@.survival_summary, double precision) IS
	'Customers at risk at t: duration >= t (customers censored at t count)';

CREATE FUNCTION @extschema@.events(s @extschema@.survival_summary, t double precision)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_survival_events'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.events(@extschema@.survival_summary, double precision) IS
	'Churn events at duration t';

CREATE FUNCTION @extschema@.censored(s @extschema@.survival_summary, t double precision)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_survival_censored'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.censored(@extschema@.survival_summary, double precision) IS
	'Customers censored (still there at as_of) at duration t';

CREATE FUNCTION @extschema@.customers(s @extschema@.survival_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_survival_customers'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customers(@extschema@.survival_summary) IS
	'Customers in the summary';

CREATE FUNCTION @extschema@.total_events(s @extschema@.survival_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_survival_total_events'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.total_events(@extschema@.survival_summary) IS
	'Churn events in the summary';

CREATE FUNCTION @extschema@.total_censored(s @extschema@.survival_summary)
RETURNS bigint
AS 'MODULE_PATHNAME', 'cxkpi_survival_total_censored'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.total_censored(@extschema@.survival_summary) IS
	'Censored customers (still there at as_of) in the summary';

CREATE FUNCTION @extschema@.survival_unit(s @extschema@.survival_summary)
RETURNS interval
AS 'MODULE_PATHNAME', 'cxkpi_survival_unit'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.survival_unit(@extschema@.survival_summary) IS
	'The unit of the summarys durations';

CREATE FUNCTION @extschema@.median_lifetime(s @extschema@.survival_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_survival_median'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.median_lifetime(@extschema@.survival_summary) IS
	'Median lifetime in units: the smallest t with S(t) <= 0.5, by R print.survfits rule; NULL if S never reaches 0.5';

CREATE FUNCTION @extschema@.median_lifetime_ci_lower(s @extschema@.survival_summary, confidence double precision DEFAULT 0.95, method text DEFAULT 'log-log')
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_survival_median_ci_lower'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.median_lifetime_ci_lower(@extschema@.survival_summary, double precision, text) IS
	'Lower confidence limit of the median lifetime, as R survfit reports it (from the pointwise interval curve); NULL if never reached';

CREATE FUNCTION @extschema@.median_lifetime_ci_upper(s @extschema@.survival_summary, confidence double precision DEFAULT 0.95, method text DEFAULT 'log-log')
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_survival_median_ci_upper'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.median_lifetime_ci_upper(@extschema@.survival_summary, double precision, text) IS
	'Upper confidence limit of the median lifetime, as R survfit reports it (from the pointwise interval curve); NULL if never reached';

CREATE FUNCTION @extschema@.lifetime_quantile(s @extschema@.survival_summary, p double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_survival_quantile'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lifetime_quantile(@extschema@.survival_summary, double precision) IS
	'Lifetime by which a share p of customers is gone (S(t) <= 1 - p), by R quantile.survfits rule; NULL if never reached';

CREATE FUNCTION @extschema@.restricted_mean_lifetime(s @extschema@.survival_summary, horizon double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_survival_rmean'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.restricted_mean_lifetime(@extschema@.survival_summary, double precision) IS
	'Restricted mean lifetime: integral of S from 0 to horizon, in units';

CREATE FUNCTION @extschema@.restricted_mean_lifetime_std_error(s @extschema@.survival_summary, horizon double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_survival_rmean_std_error'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.restricted_mean_lifetime_std_error(@extschema@.survival_summary, double precision) IS
	'Standard error of the restricted mean lifetime, as R print(survfit, rmean = horizon) reports it';

CREATE FUNCTION @extschema@.survival_curve(s @extschema@.survival_summary, confidence double precision DEFAULT 0.95, method text DEFAULT 'log-log',
		OUT t integer, OUT at_risk bigint, OUT events bigint, OUT censored bigint,
		OUT survival double precision, OUT std_error double precision,
		OUT ci_lower double precision, OUT ci_upper double precision)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'cxkpi_survival_curve'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
ROWS 100;
COMMENT ON FUNCTION @extschema@.survival_curve(@extschema@.survival_summary, double precision, text) IS
	'The Kaplan-Meier curve: one row per duration with an event or a censoring';

CREATE FUNCTION @extschema@.p_value(a @extschema@.survival_summary, b @extschema@.survival_summary)
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_survival_p_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.p_value(@extschema@.survival_summary, @extschema@.survival_summary) IS
	'Two-sample log-rank test p-value (R survdiff, rho = 0)';

CREATE FUNCTION @extschema@.logrank_p_value(summaries @extschema@.survival_summary[])
RETURNS double precision
AS 'MODULE_PATHNAME', 'cxkpi_survival_logrank_array'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.logrank_p_value(@extschema@.survival_summary[]) IS
	'k-group log-rank test p-value over the non-NULL summaries, one per group (R survdiff, rho = 0)';

CREATE AGGREGATE @extschema@.logrank_p_value(@extschema@.survival_summary) (
	SFUNC = pg_catalog.array_append,
	STYPE = @extschema@.survival_summary[],
	COMBINEFUNC = pg_catalog.array_cat,
	FINALFUNC = @extschema@.logrank_p_value,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.logrank_p_value(@extschema@.survival_summary) IS
	'k-group log-rank test p-value over the summaries of the rows, one per group (R survdiff, rho = 0)';

CREATE FUNCTION @extschema@.survival_report(s @extschema@.survival_summary, confidence double precision DEFAULT 0.95, method text DEFAULT 'log-log',
		OUT unit interval, OUT customers bigint, OUT total_events bigint, OUT total_censored bigint,
		OUT median_lifetime double precision, OUT median_lifetime_ci_lower double precision,
		OUT median_lifetime_ci_upper double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'cxkpi_survival_report'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.survival_report(@extschema@.survival_summary, double precision, text) IS
	'Every scalar survival accessor as one typed row (unit, counts, median lifetime and its interval)';

CREATE FUNCTION @extschema@.survival_summary_jsonb(@extschema@.survival_summary)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'cxkpi_survival_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.survival_summary_jsonb(@extschema@.survival_summary) IS
	'The unit, counts, median lifetime (95% log-log interval) and the curve, as jsonb';

CREATE CAST (@extschema@.survival_summary AS jsonb)
	WITH FUNCTION @extschema@.survival_summary_jsonb(@extschema@.survival_summary);
