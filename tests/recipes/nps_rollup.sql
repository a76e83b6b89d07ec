-- Incremental rollup of survey_responses into one NPS summary per Seoul day
-- and channel.  Each run adds the rows of the transactions that ended since
-- the last run: those with an ingest_xid below the current snapshot's xmin
-- (no transaction that could still commit has an id below xmin), so a
-- transaction that commits late is taken by the next run, never skipped.
CREATE TABLE nps_rollup (
    day     date NOT NULL,
    channel text NOT NULL,
    summary nps_summary NOT NULL,
    PRIMARY KEY (day, channel)
);
CREATE TABLE nps_rollup_watermark (done_below xid8 NOT NULL);
INSERT INTO nps_rollup_watermark VALUES ('0');

CREATE FUNCTION nps_rollup_step() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    lo xid8;
    hi xid8 := pg_snapshot_xmin(pg_current_snapshot());
    n  bigint;
BEGIN
    SELECT done_below INTO lo FROM nps_rollup_watermark FOR UPDATE;  -- one run at a time
    IF hi <= lo THEN
        RETURN 0;
    END IF;
    INSERT INTO nps_rollup AS t (day, channel, summary)
    SELECT (answered_at AT TIME ZONE 'Asia/Seoul')::date, channel, nps_agg(score)
    FROM survey_responses
    WHERE ingest_xid >= lo AND ingest_xid < hi
    GROUP BY 1, 2
    ON CONFLICT (day, channel) DO UPDATE SET summary = t.summary + EXCLUDED.summary;
    GET DIAGNOSTICS n = ROW_COUNT;
    UPDATE nps_rollup_watermark SET done_below = hi;
    RETURN n;   -- groups added or updated
END $$;
