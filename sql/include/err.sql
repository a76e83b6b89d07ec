-- pg_temp.err(q): run q and report its SQLSTATE, message and detail
-- instead of failing ('no error' when it succeeds).  Shared by the suites
-- (\i sql/include/err.sql); pg_temp, so each suite's session has its own.
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text;
BEGIN
	EXECUTE q;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
	RETURN st || ': ' || msg || coalesce(' | ' || nullif(det, ''), '');
END $$;
