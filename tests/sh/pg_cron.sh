#!/bin/bash
# pg_cron.sh -- the README's scheduled-refresh recipe, run by pg_cron
# ("Dashboards > Refreshing on a schedule").  A private cluster started with
# shared_preload_libraries = 'pg_cron' (background workers, server TimeZone
# America/New_York on purpose) runs three jobs while rows are inserted:
#   nps_daily_refresh  REFRESH MATERIALIZED VIEW CONCURRENTLY nps_daily
#   nps_rollup         nps_rollup_step() of tests/recipes/nps_rollup.sql
#                      (the README's recipe): INSERT ... ON CONFLICT (day, channel)
#                      DO UPDATE SET summary = t.summary + EXCLUDED.summary,
#                      rows taken by the commit-safe watermark: transaction
#                      ids below the snapshot's xmin (every transaction that
#                      could still commit a row has an id >= xmin)
#   nps_rollup_naive   the same with the naive "id > last id seen" watermark
#                      (the negative control)
# Writers: one commits small batches continuously; one opens a transaction,
# inserts (low ids, low transaction id), waits until both rollup jobs have
# run, inserts more and commits -- out of id order.  Then, once every job
# has run again after the last commit:
#   - nps_rollup equals nps_agg over the raw rows, group by group;
#   - nps_daily (the materialized view) equals it too;
#   - the naive rollup misses rows (so the check above can fail);
#   - every job run succeeded, and every job ran while rows were written.
# Schedules: '2 seconds' where pg_cron has second schedules (1.5+), else
# '* * * * *' (pg_cron 1.4, Debian 12): then the test takes about two
# minutes.  Skips, saying so, when pg_cron is not installed (make test
# installs postgresql-$PGVER-cron when it can: tests/ensure-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."

source tests/private-clusters.sh
if reason=$(cx_clusters_skip_reason); then
	echo "   SKIPPED: $reason"
	exit 0
fi
if [ ! -f "$CX_PKGLIBDIR/pg_cron.so" ]; then
	echo "   SKIPPED: pg_cron is not installed for this server ($CX_PKGLIBDIR/pg_cron.so);" \
		"apt-get install postgresql-$("$CX_PG_CONFIG" --version | sed 's/[^0-9]*\([0-9]*\).*/\1/')-cron to run this test"
	exit 0
fi
WRITERS=()
cleanup() {
	local p
	for p in "${WRITERS[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	cx_clusters_cleanup
}
trap cleanup EXIT
fail() {
	echo "!! pg_cron: $*" >&2
	cx_server_log cron
	exit 1
}
check() {	# check WHAT GOT WANT
	if [ "$2" != "$3" ]; then fail "$1: got '$2', want '$3'"; fi
	echo "   ok: $1 ($2)"
}
t0=$SECONDS

cx_cluster_start cron \
	"shared_preload_libraries = 'pg_cron'" \
	"cron.database_name = 'postgres'" \
	"cron.use_background_workers = on" \
	"max_worker_processes = 16" \
	"TimeZone = 'America/New_York'" || fail "cannot start a cluster with pg_cron"

cx_psql cron <<'SQL' || fail "setup"
CREATE EXTENSION cxkpi;
CREATE EXTENSION pg_cron;

-- Raw answers.  ingest_xid: the inserting (top-level) transaction's id,
-- 64 bits (xid8, no wraparound), what the rollup's watermark reads.
CREATE TABLE survey_responses (
    id          bigserial PRIMARY KEY,
    answered_at timestamptz NOT NULL,
    channel     text NOT NULL,
    score       integer,
    ingest_xid  xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX ON survey_responses (ingest_xid);

-- 1. A daily summary, refreshed CONCURRENTLY (needs the unique index).
--    Days are Seoul days whatever the session's TimeZone.
CREATE MATERIALIZED VIEW nps_daily AS
SELECT (answered_at AT TIME ZONE 'Asia/Seoul')::date AS day, channel, nps_agg(score) AS summary
FROM survey_responses
GROUP BY 1, 2;
CREATE UNIQUE INDEX ON nps_daily (day, channel);

-- 2. The incremental rollup of the README (tests/recipes/nps_rollup.sql).
\i tests/recipes/nps_rollup.sql

-- The negative control: "id > the last id seen" misses rows whose
-- transaction commits after a later id's.
CREATE TABLE nps_rollup_naive (LIKE nps_rollup INCLUDING ALL);
CREATE TABLE naive_watermark (last_id bigint NOT NULL);
INSERT INTO naive_watermark VALUES (0);
CREATE FUNCTION nps_rollup_naive_step() RETURNS void LANGUAGE plpgsql AS $$
DECLARE lo bigint; hi bigint;
BEGIN
    SELECT last_id INTO lo FROM naive_watermark FOR UPDATE;
    SELECT coalesce(max(id), lo) INTO hi FROM survey_responses;
    INSERT INTO nps_rollup_naive AS t (day, channel, summary)
    SELECT (answered_at AT TIME ZONE 'Asia/Seoul')::date, channel, nps_agg(score)
    FROM survey_responses WHERE id > lo AND id <= hi
    GROUP BY 1, 2
    ON CONFLICT (day, channel) DO UPDATE SET summary = t.summary + EXCLUDED.summary;
    UPDATE naive_watermark SET last_id = hi;
END $$;
SQL

# second schedules where this pg_cron has them (1.5+), else every minute
if cx_psql cron -c "SELECT cron.schedule('probe', '2 seconds', 'SELECT 1')" >/dev/null 2>&1; then
	cx_psql cron -c "SELECT cron.unschedule('probe')" >/dev/null
	schedule='2 seconds'
else
	schedule='* * * * *'
fi
echo "   pg_cron $(cx_psql cron -c "SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'"), schedule '$schedule'"
cx_psql cron >/dev/null <<SQL || fail "scheduling"
SELECT cron.schedule('nps_daily_refresh', '$schedule', 'REFRESH MATERIALIZED VIEW CONCURRENTLY nps_daily');
SELECT cron.schedule('nps_rollup', '$schedule', 'SELECT nps_rollup_step()');
SELECT cron.schedule('nps_rollup_naive', '$schedule', 'SELECT nps_rollup_naive_step()');
SQL
write_start=$(cx_psql cron -c "SELECT clock_timestamp()")

# the steady writer: small batches, one transaction each, until told to stop
stop=$CX_CLUSTERS_DIR/stop-writer
(
	while [ ! -e "$stop" ]; do
		cx_psql cron -c "INSERT INTO survey_responses (answered_at, channel, score)
			SELECT timestamptz '2026-11-27 12:00+00' + random() * interval '4 days',
			       (ARRAY['web', 'app', 'phone'])[1 + floor(random() * 3)::int],
			       CASE WHEN random() < 0.05 THEN NULL ELSE floor(random() * 11)::int END
			FROM generate_series(1, 20)" || exit 1
		sleep 0.2
	done
) &
WRITERS+=($!)

# the late writer: takes ids and a transaction id now, commits after both
# rollup jobs have run (in between the steady writer commits higher ids)
cx_psql cron <<'SQL' || fail "late writer"
BEGIN;
INSERT INTO survey_responses (answered_at, channel, score)
SELECT timestamptz '2026-11-28 15:30+00' + i * interval '1 minute', 'late', i % 11
FROM generate_series(1, 100) i;
DO $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
    LOOP
        EXIT WHEN (SELECT count(DISTINCT j.jobname)
                   FROM cron.job_run_details d JOIN cron.job j USING (jobid)
                   WHERE j.jobname IN ('nps_rollup', 'nps_rollup_naive')
                     AND d.start_time > t0 AND d.status = 'succeeded') = 2;
        IF clock_timestamp() > t0 + interval '150 seconds' THEN
            RAISE EXCEPTION 'the rollup jobs did not run within 150 s';
        END IF;
        PERFORM pg_sleep(0.5);
    END LOOP;
END $$;
INSERT INTO survey_responses (answered_at, channel, score)
SELECT timestamptz '2026-11-28 15:30+00' + i * interval '1 minute', 'late', 10 - i % 11
FROM generate_series(1, 100) i;
COMMIT;
SQL
touch "$stop"
wait "${WRITERS[0]}" || fail "the steady writer failed"
WRITERS=()
write_end=$(cx_psql cron -c "SELECT clock_timestamp()")

# wait for every job to run once more after the last commit
cx_psql cron <<SQL || fail "catching up"
DO \$\$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
    LOOP
        EXIT WHEN (SELECT count(DISTINCT j.jobname)
                   FROM cron.job_run_details d JOIN cron.job j USING (jobid)
                   WHERE d.start_time > '$write_end' AND d.status = 'succeeded') = 3
              AND (SELECT done_below FROM nps_rollup_watermark) > (SELECT max(ingest_xid) FROM survey_responses);
        IF clock_timestamp() > t0 + interval '150 seconds' THEN
            RAISE EXCEPTION 'the jobs did not run again within 150 s';
        END IF;
        PERFORM pg_sleep(0.5);
    END LOOP;
END \$\$;
SQL
cx_psql cron -c "SELECT cron.unschedule(jobid) FROM cron.job" >/dev/null

rows=$(cx_psql cron -c "SELECT count(*) FROM survey_responses")
echo "   $rows rows written in $(cx_psql cron -c "SELECT round(extract(epoch FROM timestamptz '$write_end' - '$write_start'))") s"

# mismatches TABLE: groups where TABLE's summary differs from nps_agg over
# the raw rows (missing groups on either side count)
mismatches() {
	cx_psql cron -c "SELECT count(*) FROM $1 t
		FULL JOIN (SELECT (answered_at AT TIME ZONE 'Asia/Seoul')::date AS day, channel, nps_agg(score) AS summary
		           FROM survey_responses GROUP BY 1, 2) r USING (day, channel)
		WHERE t.summary IS DISTINCT FROM r.summary"
}
groups=$(cx_psql cron -c "SELECT count(*) FROM (SELECT DISTINCT (answered_at AT TIME ZONE 'Asia/Seoul')::date, channel FROM survey_responses) g")
check "rollup table groups differing from nps_agg over the raw rows (of $groups)" "$(mismatches nps_rollup)" 0
check "responses in the rollup = rows with a score" \
	"$(cx_psql cron -c "SELECT (SELECT sum(responses(summary)) FROM nps_rollup) = (SELECT count(score) FROM survey_responses)")" t
check "materialized view groups differing from nps_agg over the raw rows" "$(mismatches nps_daily)" 0
naive=$(mismatches nps_rollup_naive)
if [ "$naive" -eq 0 ]; then fail "the naive id watermark missed nothing: the late writer did not commit out of id order"; fi
echo "   ok: the naive id watermark misses the late commit ($naive groups differ)"
check "failed job runs" "$(cx_psql cron -c "SELECT count(*) FROM cron.job_run_details WHERE status <> 'succeeded'")" 0
check "jobs that ran while rows were written" \
	"$(cx_psql cron -c "SELECT count(DISTINCT jobid) FROM cron.job_run_details WHERE start_time BETWEEN '$write_start' AND '$write_end'")" 3
# the pinned time zone matters: the same rows bucketed by answered_at::date
# in the server's zone (New York) and in Seoul give other days
check "day x channel groups that answered_at::date (server zone) would change" \
	"$(cx_psql cron -c "SELECT count(*) > 0 FROM nps_daily d FULL JOIN (SELECT answered_at::date AS day, channel, nps_agg(score) AS summary FROM survey_responses GROUP BY 1, 2) n USING (day, channel) WHERE d.summary IS DISTINCT FROM n.summary")" t
echo "   $((SECONDS - t0)) s"
