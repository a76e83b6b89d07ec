-- pg_temp.recv(b): feed the raw bytes b to the receive function of the
-- type of recv_t.s (a table the suite creates first): COPY b out as a
-- bytea in binary format (its field bytes are the raw bytes), then COPY it
-- into recv_t; returns the value read as text, or the SQLSTATE, message
-- and detail of the error.  Shared by the suites (\i sql/include/recv.sql).
CREATE FUNCTION pg_temp.recv(b bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text; r text;
	f text := current_setting('data_directory') || '/cxkpi_regress_recv.bin';
BEGIN
	EXECUTE format('COPY (SELECT %L::bytea) TO %L WITH (FORMAT binary)', b, f);
	TRUNCATE recv_t;
	EXECUTE format('COPY recv_t FROM %L WITH (FORMAT binary)', f);
	SELECT s::text INTO r FROM recv_t;
	RETURN r;
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
	RETURN st || ': ' || msg || coalesce(' | ' || nullif(det, ''), '');
END $$;
