/*
 * The hand-written part of the 0.2.0 -> 0.3.0 upgrade script: what 0.3.0
 * adds to or changes in the objects of families that 0.2.0 already had,
 * in the order of their sources.  make builds sql/cxkpi--0.2.0--0.3.0.sql
 * from this file followed by the whole source of every family new in
 * 0.3.0 (the Makefile's NEW_SQL_SRC).  tests/sh/upgrade.sh checks that a
 * 0.2.0 database updated with it has exactly the objects of a fresh 0.3.0
 * install (catalog listing and pg_dump --binary-upgrade).
 */

-- typed report rows (issue 14), in the order of the family sources

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
-- Issue 15: SSPACE, the size of the state, on every aggregate whose state
-- size is known (0.3.0's CREATE AGGREGATEs say SSPACE = ...), so the planner
-- sizes hash aggregation right and plans spill partitions.  ALTER AGGREGATE
-- cannot change it: the catalog row is updated instead (the script of a
-- trusted extension runs as the bootstrap superuser, also when its
-- non-superuser owner runs ALTER EXTENSION UPDATE).  Survey states: 104
-- bytes unweighted (compact format version 2), 280 weighted, 280 for
-- rollup() (either kind); churn 56; revenue 128.
UPDATE pg_catalog.pg_aggregate AS a
   SET aggtransspace = v.space
  FROM (VALUES
	('@extschema@.nps_agg(integer)', 104),
	('@extschema@.nps_agg(integer, double precision)', 280),
	('@extschema@.rollup(@extschema@.nps_summary)', 280),
	('@extschema@.csat_agg(integer)', 104),
	('@extschema@.csat_agg(integer, double precision)', 280),
	('@extschema@.csat_agg(integer, integer, integer)', 104),
	('@extschema@.csat_agg(integer, integer, integer, double precision)', 280),
	('@extschema@.csat_agg(integer, integer, integer, integer)', 104),
	('@extschema@.csat_agg(integer, integer, integer, integer, double precision)', 280),
	('@extschema@.rollup(@extschema@.csat_summary)', 280),
	('@extschema@.ces_agg(integer)', 104),
	('@extschema@.ces_agg(integer, double precision)', 280),
	('@extschema@.ces_agg(integer, integer, integer)', 104),
	('@extschema@.ces_agg(integer, integer, integer, double precision)', 280),
	('@extschema@.ces_agg(integer, integer, integer, integer)', 104),
	('@extschema@.ces_agg(integer, integer, integer, integer, double precision)', 280),
	('@extschema@.rollup(@extschema@.ces_summary)', 280),
	('@extschema@.churn_agg(date, date, daterange)', 56),
	('@extschema@.churn_rate(date, date, daterange)', 56),
	('@extschema@.churn_agg(timestamp without time zone, timestamp without time zone, tsrange)', 56),
	('@extschema@.churn_rate(timestamp without time zone, timestamp without time zone, tsrange)', 56),
	('@extschema@.churn_agg(timestamp with time zone, timestamp with time zone, tstzrange)', 56),
	('@extschema@.churn_rate(timestamp with time zone, timestamp with time zone, tstzrange)', 56),
	('@extschema@.rollup(@extschema@.churn_summary)', 56),
	('@extschema@.revenue_agg(numeric, numeric)', 128),
	('@extschema@.rollup(@extschema@.revenue_summary)', 128)) AS v(agg, space)
 WHERE a.aggfnoid = v.agg::pg_catalog.regprocedure;
