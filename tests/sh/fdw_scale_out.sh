#!/bin/bash
# fdw_scale_out.sh -- cxkpi across shards with postgres_fdw (README
# "Scaling out").  Three shard clusters and a coordinator, each a private
# cluster (tests/private-clusters.sh); every node has cxkpi in schema
# public.  survey_responses on the coordinator is partitioned by month
# across three foreign-table partitions (server option extensions 'cxkpi',
# so postgres_fdw may ship cxkpi's functions); the same rows are kept in a
# local table one_node for reference.  Checks:
#   1. grouping by the partition key (month, channel) with
#      enable_partitionwise_aggregate: every shard runs the whole aggregate
#      (EXPLAIN VERBOSE shows public.nps_agg in each Remote SQL) and the
#      summaries equal one node's, group by group (= for unweighted,
#      approx_equal for weighted; CSAT and CES too);
#   2. grouping by another column (channel): what postgres_fdw pushes on
#      this server version -- no partial aggregates up to PostgreSQL 18
#      (the Remote SQL selects rows, no aggregate) -- and the result still
#      equals one node;
#   3. the two documented patterns for other groupings push per-shard
#      summaries and roll them up on the coordinator, exactly:
#      (a) rollup over a partition-key grouping, (b) UNION ALL of per-shard
#      GROUP BY channel subqueries + rollup.
# Prints each Remote SQL once.  Runs inside make test (about 15 s).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/private-clusters.sh
if reason=$(cx_clusters_skip_reason); then
	echo "   SKIPPED: $reason"
	exit 0
fi

fail() { echo "!! fdw_scale_out: $*" >&2; exit 1; }
check() {	# check WHAT GOT WANT
	if [ "$2" != "$3" ]; then fail "$1: got '$2', want '$3'"; fi
	echo "   ok: $1 ($2)"
}

for n in coord shard1 shard2 shard3; do
	cx_cluster_start "$n" "max_parallel_workers_per_gather = 0" || fail "cannot start cluster $n"
done
ver=$(cx_psql coord -c "SHOW server_version_num")
major=$((ver / 10000))
echo "   PostgreSQL $major, 3 shards + coordinator"

for n in shard1 shard2 shard3; do
	cx_psql "$n" <<'SQL'
CREATE EXTENSION cxkpi;
CREATE TABLE survey_responses (id bigint, month date, channel text, score int, weight float8,
                               csat int, ces int);
SQL
done

cx_psql coord <<SQL
CREATE EXTENSION cxkpi;
CREATE EXTENSION postgres_fdw;
$(for i in 1 2 3; do cat <<EOS
CREATE SERVER shard$i FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '$(cx_socket shard$i)', port '5432', dbname 'postgres',
             extensions 'cxkpi', batch_size '1000');
CREATE USER MAPPING FOR postgres SERVER shard$i;
EOS
done)
CREATE TABLE survey_responses (id bigint, month date, channel text, score int, weight float8,
                               csat int, ces int)
    PARTITION BY RANGE (month);
CREATE FOREIGN TABLE survey_responses_1 PARTITION OF survey_responses
    FOR VALUES FROM ('2026-01-01') TO ('2026-05-01') SERVER shard1 OPTIONS (table_name 'survey_responses');
CREATE FOREIGN TABLE survey_responses_2 PARTITION OF survey_responses
    FOR VALUES FROM ('2026-05-01') TO ('2026-09-01') SERVER shard2 OPTIONS (table_name 'survey_responses');
CREATE FOREIGN TABLE survey_responses_3 PARTITION OF survey_responses
    FOR VALUES FROM ('2026-09-01') TO ('2027-01-01') SERVER shard3 OPTIONS (table_name 'survey_responses');
-- the same rows on one node
CREATE TABLE one_node AS
SELECT i AS id, (date '2026-01-01' + (i % 12) * interval '1 month')::date AS month,
       (ARRAY['web', 'app', 'phone', 'store'])[1 + (i / 12) % 4] AS channel,
       CASE WHEN i % 19 = 0 THEN NULL ELSE (i * 13 + i / 7) % 11 END AS score,
       0.25 + (i % 97) / 31.0 AS weight,
       1 + (i * 3) % 5 AS csat, 1 + (i * 5) % 7 AS ces
FROM generate_series(1, 30000) i;
INSERT INTO survey_responses SELECT * FROM one_node;
ANALYZE one_node;
SQL
for i in 1 2 3; do cx_psql "shard$i" -c "ANALYZE survey_responses"; done
total=0
for i in 1 2 3; do total=$((total + $(cx_psql "shard$i" -c 'SELECT count(*) FROM survey_responses'))); done
check "rows on the shards" "$total" 30000

# remote_sql QUERY: the Remote SQL lines of EXPLAIN VERBOSE on the coordinator
remote_sql() {
	cx_psql coord -c "SET enable_partitionwise_aggregate = on" -c "EXPLAIN (VERBOSE, COSTS OFF) $1" |
		sed -n 's/^ *Remote SQL: //p'
}

echo "== 1. GROUP BY the partition key: whole aggregates on every shard"
q1="SELECT month, channel, nps_agg(score) AS s, nps_agg(score, weight) AS w,
           csat_agg(csat) AS c, ces_agg(ces, weight) AS e
    FROM survey_responses GROUP BY month, channel"
r=$(remote_sql "$q1")
echo "$r" | head -n 1 | sed 's/^/   Remote SQL: /'
check "Remote SQL lines with public.nps_agg( ... GROUP BY" \
	"$(echo "$r" | grep -c 'public\.nps_agg(score).*GROUP BY' || true)" 3
r=$(remote_sql "SELECT month, channel, nps(nps_agg(score)) FROM survey_responses GROUP BY 1, 2")
echo "$r" | head -n 1 | sed 's/^/   Remote SQL: /'
check "accessor over the aggregate shipped too (public.nps(public.nps_agg(score)))" \
	"$(echo "$r" | grep -c 'public\.nps(public\.nps_agg(score))' || true)" 3
check "partition-key groups equal to one node (=, approx_equal)" "$(cx_psql coord <<SQL
SET enable_partitionwise_aggregate = on;
SELECT count(*) FILTER (WHERE d.s IS NOT NULL AND o.s IS NOT NULL AND d.s = o.s
                          AND approx_equal(d.w, o.w) AND d.c = o.c AND approx_equal(d.e, o.e))
       || '/' || count(*)
FROM ($q1) d
FULL JOIN (SELECT month, channel, nps_agg(score) AS s, nps_agg(score, weight) AS w,
                  csat_agg(csat) AS c, ces_agg(ces, weight) AS e
           FROM one_node GROUP BY month, channel) o USING (month, channel);
SQL
)" 48/48

echo "== 2. GROUP BY another column: what this version pushes"
r=$(remote_sql "SELECT channel, nps_agg(score) FROM survey_responses GROUP BY channel")
echo "$r" | head -n 1 | sed 's/^/   Remote SQL: /'
pushed=$(echo "$r" | grep -c 'nps_agg' || true)
if [ "$major" -le 18 ]; then
	# postgres_fdw has no partial aggregate pushdown up to 18: rows come back
	check "PostgreSQL $major pushes no partial aggregate (Remote SQL lines with nps_agg)" "$pushed" 0
	check "every shard is scanned for rows" "$(echo "$r" | grep -c '^SELECT channel, score FROM public.survey_responses$' || true)" 3
else
	echo "   PostgreSQL $major: $pushed Remote SQL lines with nps_agg (not asserted past 18)"
fi
check "GROUP BY channel equals one node" "$(cx_psql coord <<'SQL'
SELECT count(*) FILTER (WHERE d.s = o.s) || '/' || count(*)
FROM (SELECT channel, nps_agg(score) AS s FROM survey_responses GROUP BY channel) d
FULL JOIN (SELECT channel, nps_agg(score) AS s FROM one_node GROUP BY channel) o USING (channel);
SQL
)" 4/4

echo "== 3a. rollup over the partition-key grouping: per-shard summaries, rolled up"
q3a="SELECT channel, rollup(s) AS s, rollup(w) AS w
     FROM (SELECT month, channel, nps_agg(score) AS s, nps_agg(score, weight) AS w
           FROM survey_responses GROUP BY month, channel) AS per_month
     GROUP BY channel"
check "Remote SQL lines with nps_agg" "$(remote_sql "$q3a" | grep -c 'public\.nps_agg(score).*GROUP BY' || true)" 3
check "rollup equals one node (= unweighted, approx_equal weighted)" "$(cx_psql coord <<SQL
SET enable_partitionwise_aggregate = on;
SELECT count(*) FILTER (WHERE d.s = o.s AND approx_equal(d.w, o.w)) || '/' || count(*)
FROM ($q3a) d
FULL JOIN (SELECT channel, nps_agg(score) AS s, nps_agg(score, weight) AS w FROM one_node GROUP BY channel) o
  USING (channel);
SQL
)" 4/4

echo "== 3b. UNION ALL of per-shard GROUP BY channel + rollup"
q3b="SELECT channel, rollup(s) AS s
     FROM (SELECT channel, nps_agg(score) AS s FROM survey_responses_1 GROUP BY channel
           UNION ALL
           SELECT channel, nps_agg(score) FROM survey_responses_2 GROUP BY channel
           UNION ALL
           SELECT channel, nps_agg(score) FROM survey_responses_3 GROUP BY channel) AS per_shard
     GROUP BY channel"
r=$(remote_sql "$q3b")
echo "$r" | head -n 1 | sed 's/^/   Remote SQL: /'
check "Remote SQL lines SELECT channel, public.nps_agg(score) ... GROUP BY 1" \
	"$(echo "$r" | grep -c '^SELECT channel, public\.nps_agg(score) FROM public\.survey_responses GROUP BY 1$' || true)" 3
check "UNION ALL + rollup equals one node exactly" "$(cx_psql coord <<SQL
SELECT count(*) FILTER (WHERE d.s = o.s AND nps(d.s) = nps(o.s)) || '/' || count(*)
FROM ($q3b) d
FULL JOIN (SELECT channel, nps_agg(score) AS s FROM one_node GROUP BY channel) o USING (channel);
SQL
)" 4/4

echo "== without extensions 'cxkpi' nothing of cxkpi is shipped"
cx_psql coord -c "ALTER SERVER shard1 OPTIONS (DROP extensions)"
check "shard1 Remote SQL with nps_agg" "$(remote_sql "SELECT month, nps_agg(score) FROM survey_responses_1 GROUP BY month" | grep -c nps_agg || true)" 0
