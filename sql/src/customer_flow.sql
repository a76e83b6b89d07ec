-- ====================================================================
-- Customer flow: active_at, the rule of customers_at_start as a predicate
-- (plain SQL, inlined by the planner; see the README's customer-flow recipe)
-- ====================================================================

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
