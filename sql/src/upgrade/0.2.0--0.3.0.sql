/*
 * The hand-written part of the 0.2.0 -> 0.3.0 upgrade script: what 0.3.0
 * adds to or changes in the objects of families that 0.2.0 already had,
 * in the order of their sources.  make builds sql/cxkpi--0.2.0--0.3.0.sql
 * from this file followed by the whole source of every family new in
 * 0.3.0 (the Makefile's NEW_SQL_SRC).  tests/sh/upgrade.sh checks that a
 * 0.2.0 database updated with it has exactly the objects of a fresh 0.3.0
 * install (catalog listing and pg_dump --binary-upgrade).
 */

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
