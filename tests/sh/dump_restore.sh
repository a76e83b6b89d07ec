#!/bin/bash
# dump_restore.sh -- nps_summary values stored in tables and materialized
# views survive a real dump and restore, bit for bit.
#
# Runs inside pg_virtualenv (libpq environment set, superuser).  For two
# layouts -- the extension in its own schema "kpi" (objects created with
# kpi on search_path, fingerprints read with search_path = pg_catalog) and
# the extension in "public" -- it builds database cxkpi_dump_src with:
#   responses     raw answers, generated deterministically (NULL scores,
#                 NULL / zero / fractional weights such as 0.1 and 1/3)
#   summary_store summary columns: unweighted, weighted, nps_summary[],
#                 a CHECK and a generated column calling accessors; rows
#                 include the empty summary (both forms), NULL, hand-written
#                 literals (tiny and 0.30000000000000004 weight sums,
#                 the largest count a point may hold) and aggregates of the raw table
#   daily_nps     materialized view: nps_agg(score), nps_agg(score, weight)
#                 per day and segment (unique index, so it can be refreshed
#                 CONCURRENTLY); one segment has all-NULL scores, all-NULL
#                 weights and all-zero weights on some days
#   segment_nps   plain view: nps(rollup(...)), +, ::jsonb over the MV
#                 (weighted rollups ORDER BY day: see the view's comment)
# and records a fingerprint: every summary's text and nps_summary_send()
# bytes, every accessor (nps, std_error, margins, ci bounds, mean,
# effective_n, total_weight, counts, histogram, ::jsonb), md5 digests of
# string_agg(s::text) and of the send bytes, p_value between every pair of
# segments, and a digest of the raw rows.  Floats are printed with
# extra_float_digits = 3 (shortest exact), so equal text is equal bits.
#
# Round trips, each into a freshly created database, each compared with the
# source fingerprint exactly (diff) and value by value with the type's "="
# and "<>" against the source's text:
#   1. pg_dump -Fc | pg_restore            -> cxkpi_dump_dst
#   2. pg_dump (plain SQL) | psql           -> cxkpi_dump_dst_sql
#   3. COPY ... TO (FORMAT binary) in the source, COPY ... FROM into tables
#      of a fresh database                  -> cxkpi_dump_dst_bin
# For 1 and 2, REFRESH MATERIALIZED VIEW and REFRESH ... CONCURRENTLY are
# run in the restored database and the fingerprint is compared again.
#
# Exits 0 and prints one summary line on success; on failure prints what
# differed and exits 1.  Drops every database it creates.
set -euo pipefail

# Use the server's own client binaries when the runner tells us which.
if [ -n "${PG_CONFIG:-}" ] && [ -x "$PG_CONFIG" ]; then
	PATH="$("$PG_CONFIG" --bindir):$PATH"
fi

# Weighted summaries hold float sums and float addition is not associative.
# A parallel plan combines a group's partial states in a different order on
# every run, so an MV refresh could change weighted sums in the last bits
# (seen with force_parallel_mode=on).  Serial plans add a group's rows in
# heap order, which every restore below preserves, so recomputation is
# exact and the comparison can be too.
export PGOPTIONS="${PGOPTIONS:+$PGOPTIONS }-c max_parallel_workers_per_gather=0"

ME=dump_restore
SRC=cxkpi_dump_src
DST=cxkpi_dump_dst
DST_SQL=cxkpi_dump_dst_sql
DST_BIN=cxkpi_dump_dst_bin
ALL_DBS=("$SRC" "$DST" "$DST_SQL" "$DST_BIN")
NROWS=30000						# raw responses (plus a few hand-made ones)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cxkpi_dump_restore.XXXXXX")
COPYDIR=""						# server-side COPY directory, set later
step="starting"

drop_dbs() {
	local db
	for db in "${ALL_DBS[@]}"; do
		dropdb --if-exists "$db" >/dev/null 2>&1 || true
	done
}

cleanup() {
	local rc=$?
	drop_dbs
	if [ -n "$COPYDIR" ]; then rm -rf "$COPYDIR"; fi
	rm -rf "$WORK"
	if [ "$rc" -ne 0 ]; then
		echo "$ME: FAILED (step: $step)" >&2
	fi
	exit "$rc"
}
trap cleanup EXIT

fail() {
	echo "$ME: FAIL: $*" >&2
	exit 1
}

# psql against database $1, quiet, unaligned, stop at the first error.
q() {
	local db=$1
	shift
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"
}

# ---------------------------------------------------------------------------
# SQL builders.  $EXT is the extension's schema for the current layout.
# ---------------------------------------------------------------------------

# Every accessor of one summary expression, as select-list items.
acc() {
	local x="($1)" e=$EXT
	printf '%s' "$x::text, encode($e.nps_summary_send($x), 'hex'),
	$e.nps($x), $e.std_error($x), $e.margin_of_error($x), $e.margin_of_error($x, 0.9),
	$e.ci_lower($x), $e.ci_upper($x), $e.ci_lower($x, 0.99), $e.ci_upper($x, 0.99),
	$e.mean_score($x), $e.effective_n($x), $e.total_weight($x),
	$e.responses($x), $e.promoters($x), $e.passives($x), $e.detractors($x),
	$e.histogram($x), $x::jsonb"
}

# Every summary of the database, one row each: key, value (NULLs kept).
all_summaries_sql() {
	cat <<-EOF
	SELECT 'store/' || id || '/unw' AS k, s_unw AS s FROM public.summary_store
	UNION ALL SELECT 'store/' || id || '/w', s_w FROM public.summary_store
	UNION ALL SELECT 'store/' || id || '/arr/' || o, e
	  FROM public.summary_store, unnest(s_arr) WITH ORDINALITY AS u(e, o)
	UNION ALL SELECT 'mv/' || day || '/' || segment || '/unw', s_unw FROM public.daily_nps
	UNION ALL SELECT 'mv/' || day || '/' || segment || '/w', s_w FROM public.daily_nps
	UNION ALL SELECT 'view/' || segment || '/both', s_both FROM public.segment_nps
	EOF
}

# The fingerprint query: search_path is pg_catalog only, so every reference
# to the extension is schema-qualified and nothing depends on the
# restored database's settings.
fingerprint_sql() {
	local e=$EXT
	cat <<-EOF
	SET search_path = pg_catalog;
	SET extra_float_digits = 3;
	\\echo '# responses: rows, scores, weights, digest of every row'
	SELECT count(*), count(score), count(weight), sum(weight ORDER BY id),
	       md5(string_agg(format('%s|%s|%s|%s|%s', id, day, segment,
	                             coalesce(score::text, 'N'), coalesce(weight::text, 'N')),
	                      ',' ORDER BY id))
	  FROM public.responses;
	\\echo '# summary_store'
	SELECT id, label, $(acc s_unw), $(acc s_w), s_arr::text, nps_w
	  FROM public.summary_store ORDER BY id;
	\\echo '# daily_nps'
	SELECT day, segment, n_rows, $(acc s_unw), $(acc s_w)
	  FROM public.daily_nps ORDER BY day, segment;
	\\echo '# segment_nps (plain view over the MV)'
	SELECT * FROM public.segment_nps ORDER BY segment;
	\\echo '# digests'
	SELECT 'store.s_unw', count(s_unw), md5(string_agg(s_unw::text, ',' ORDER BY id)),
	       md5(string_agg(encode($e.nps_summary_send(s_unw), 'hex'), ',' ORDER BY id))
	  FROM public.summary_store
	UNION ALL
	SELECT 'store.s_w', count(s_w), md5(string_agg(s_w::text, ',' ORDER BY id)),
	       md5(string_agg(encode($e.nps_summary_send(s_w), 'hex'), ',' ORDER BY id))
	  FROM public.summary_store
	UNION ALL
	SELECT 'mv.s_unw', count(s_unw), md5(string_agg(s_unw::text, ',' ORDER BY day, segment)),
	       md5(string_agg(encode($e.nps_summary_send(s_unw), 'hex'), ',' ORDER BY day, segment))
	  FROM public.daily_nps
	UNION ALL
	SELECT 'mv.s_w', count(s_w), md5(string_agg(s_w::text, ',' ORDER BY day, segment)),
	       md5(string_agg(encode($e.nps_summary_send(s_w), 'hex'), ',' ORDER BY day, segment))
	  FROM public.daily_nps;
	\\echo '# p_value between segments (rollups of the MV and stored summaries)'
	WITH seg AS (
	  SELECT segment, $e.rollup(s_unw) AS u, $e.rollup(s_w ORDER BY day) AS w
	    FROM public.daily_nps GROUP BY segment
	)
	SELECT a.segment, b.segment, $e.p_value(a.u, b.u), $e.p_value(a.w, b.w),
	       $e.nps(a.u OPERATOR($e.+) b.w)
	  FROM seg a JOIN seg b ON a.segment < b.segment
	 ORDER BY 1, 2;
	SELECT a.id, b.id, $e.p_value(a.s_unw, b.s_unw), $e.p_value(a.s_w, b.s_w)
	  FROM public.summary_store a JOIN public.summary_store b ON a.id < b.id
	 ORDER BY 1, 2;
	EOF
}

# Write database $1's fingerprint to file $2.
fingerprint() {
	fingerprint_sql | q "$1" -f - >"$2"
}

# Compare database $1's fingerprint with the source's; $2 names the stage.
check_fingerprint() {
	local db=$1 what=$2 f
	f="$WORK/$EXT.$db.$(echo "$what" | tr -c 'A-Za-z0-9\n' '_').fp"
	step="fingerprint of $db ($what)"
	fingerprint "$db" "$f"
	if ! diff -u "$WORK/$EXT.src.fp" "$f" >"$f.diff"; then
		echo "$ME: [$EXT] $what: fingerprint of $db differs from $SRC:" >&2
		head -n 40 "$f.diff" >&2
		fail "[$EXT] $what: restored values differ from the source (full diff: $(wc -l <"$f.diff") lines)"
	fi
	checks=$((checks + 1))
}

# Compare every summary of database $1 with the source's text using the
# type's own "=" and "<>" (memcmp of the in-memory form).
check_equality() {
	local db=$1 what=$2 e=$EXT res
	step="= / <> of $db ($what)"
	res=$(q "$db" <<-EOF
	CREATE TEMP TABLE truth (k text, t text);
	\\copy truth FROM '$WORK/$EXT.truth.tsv'
	SELECT count(*) FILTER (WHERE d.k IS NULL OR t.k IS NULL),
	       count(*) FILTER (WHERE (d.s IS NULL) <> (t.t IS NULL)),
	       count(*) FILTER (WHERE NOT (d.s OPERATOR($e.=) t.t::$e.nps_summary)),
	       count(*) FILTER (WHERE d.s OPERATOR($e.<>) t.t::$e.nps_summary),
	       count(*) FILTER (WHERE $e.nps_summary_send(d.s) <> $e.nps_summary_send(t.t::$e.nps_summary)),
	       count(*)
	  FROM truth t FULL JOIN ($(all_summaries_sql)) d ON d.k = t.k;
	EOF
	)
	local missing nulls noteq ne sendne total
	IFS='|' read -r missing nulls noteq ne sendne total <<<"$res"
	if [ "$missing$nulls$noteq$ne$sendne" != "00000" ]; then
		fail "[$EXT] $what: $db vs $SRC over $total summaries: $missing missing, $nulls NULL mismatches, $noteq not '=', $ne '<>', $sendne with different send bytes"
	fi
	checks=$((checks + 1))
}

# Schema of the test objects; $2 = full (source) or bin (tables only: the
# MV's contents arrive by COPY, so daily_nps is a plain table there).
create_objects() {
	local db=$1 mode=$2 path=public
	[ "$EXT" = public ] || path="public, $EXT"
	q "$db" <<-EOF
	SET client_min_messages = warning;
	SET search_path = $path;	-- what users do: unqualified names below
	CREATE TABLE responses (
	    id      integer PRIMARY KEY,
	    day     date NOT NULL,
	    segment text NOT NULL,
	    score   integer CHECK (score BETWEEN 0 AND 10),
	    weight  double precision CHECK (weight >= 0)
	);
	CREATE TABLE summary_store (
	    id    integer PRIMARY KEY,
	    label text NOT NULL,
	    s_unw nps_summary CHECK (responses(s_unw) >= 0),
	    s_w   nps_summary DEFAULT 'v1;counts=0,0,0,0,0,0,0,0,0,0,0',
	    s_arr nps_summary[],
	    nps_w double precision GENERATED ALWAYS AS (nps(s_w)) STORED
	);
	EOF
	if [ "$mode" = bin ]; then
		q "$db" <<-EOF
		SET search_path = $path;
		CREATE TABLE daily_nps (day date, segment text, n_rows bigint,
		                        s_unw nps_summary, s_w nps_summary);
		EOF
	else
		q "$db" <<-EOF
		SET search_path = $path;
		INSERT INTO responses
		SELECT i,
		       date '2024-01-01' + i % 61,
		       (ARRAY['web', 'app', 'store', 'phone'])[1 + (i / 61) % 4],
		       CASE WHEN i % 23 = 0 THEN NULL
		            ELSE greatest(0, least(10,
		                   ((i::bigint * 2654435761) % 4294967296 / 390451573)::int
		                   + CASE (i / 61) % 4 WHEN 1 THEN 2 WHEN 3 THEN -2 ELSE 0 END))
		       END,
		       CASE i % 10
		            WHEN 0 THEN 0.1::float8
		            WHEN 1 THEN 1::float8 / 3
		            WHEN 2 THEN 2::float8 / 3
		            WHEN 3 THEN NULL
		            WHEN 4 THEN 0
		            WHEN 5 THEN 1.25
		            WHEN 6 THEN 1e-3
		            WHEN 7 THEN 7::float8 / 3
		            WHEN 8 THEN pi()
		            ELSE 1
		       END
		  FROM generate_series(1, $NROWS) AS i;
		-- segment "kiosk": all scores NULL one day, all weights NULL the
		-- next, all weights zero the day after
		INSERT INTO responses
		SELECT $NROWS + i, date '2024-03-15' + (i - 1) / 5, 'kiosk',
		       CASE WHEN i <= 5 THEN NULL ELSE i % 11 END,
		       CASE WHEN i <= 5 THEN 1::float8 / 3 WHEN i <= 10 THEN NULL ELSE 0 END
		  FROM generate_series(1, 15) AS i;

		INSERT INTO summary_store (id, label, s_unw, s_w, s_arr) VALUES
		 (1, 'empty', 'v1;counts=0,0,0,0,0,0,0,0,0,0,0',
		  'v1;counts=0,0,0,0,0,0,0,0,0,0,0;sumw=0,0,0,0,0,0,0,0,0,0,0;sumw2=0,0,0,0,0,0,0,0,0,0,0',
		  '{"v1;counts=0,0,0,0,0,0,0,0,0,0,0"}'),
		 (2, 'null', NULL, NULL, NULL),
		 (3, 'literal', 'v1;counts=1,0,0,0,0,0,0,0,0,2,3',
		  'v1;counts=0,0,0,0,0,0,0,1,0,2,3;sumw=0,0,0,0,0,0,0,0.1,0,0.30000000000000004,3e-150;sumw2=0,0,0,0,0,0,0,0.010000000000000002,0,0.05000000000000001,3e-300',
		  '{"v1;counts=1,0,0,0,0,0,0,0,0,2,3",NULL,"v1;counts=0,0,0,0,0,0,0,0,0,0,0"}'),
		 (4, 'huge', 'v1;counts=838488366986797800,0,0,0,0,0,0,0,0,0,0', NULL, '{}');
		INSERT INTO summary_store (id, label, s_unw)
		VALUES (5, 'default s_w', 'v1;counts=0,0,0,0,0,0,1,1,1,0,0');
		INSERT INTO summary_store (id, label, s_unw, s_w, s_arr)
		SELECT 10 + row_number() OVER (ORDER BY segment), 'segment ' || segment,
		       u, w, ARRAY[u, w, NULL, u + w]
		  FROM (SELECT segment, nps_agg(score) AS u, nps_agg(score, weight) AS w
		          FROM responses GROUP BY segment) AS g;
		INSERT INTO summary_store (id, label, s_unw, s_w)
		SELECT 100, 'all', nps_agg(score), nps_agg(score, weight) FROM responses;
		INSERT INTO summary_store (id, label, s_unw, s_w)
		SELECT 101, 'window', nps_agg(score) OVER w, rollup(s) OVER w
		  FROM (SELECT id, score, nps_agg(score, weight) OVER (ORDER BY id) AS s
		          FROM responses WHERE id <= 50) AS r
		WINDOW w AS (ORDER BY id ROWS BETWEEN 3 PRECEDING AND CURRENT ROW)
		ORDER BY id DESC LIMIT 1;

		CREATE MATERIALIZED VIEW daily_nps AS
		SELECT day, segment, count(*) AS n_rows,
		       nps_agg(score) AS s_unw, nps_agg(score, weight) AS s_w
		  FROM responses GROUP BY day, segment;
		CREATE UNIQUE INDEX daily_nps_key ON daily_nps (day, segment);
		EOF
	fi
	q "$db" <<-EOF
	SET search_path = $path;
	-- Weighted rollups are ordered: float sums depend on the order they
	-- are added in, and a REFRESH may store the MV's rows in another
	-- order (HashAggregate's output order follows the planner's
	-- estimates).  Unweighted rollups and counts are exact in any order.
	CREATE VIEW segment_nps AS
	SELECT segment, sum(n_rows) AS n_rows,
	       nps(rollup(s_unw)) AS nps_unw, nps(rollup(s_w ORDER BY day)) AS nps_w,
	       std_error(rollup(s_w ORDER BY day)) AS se_w,
	       ci_lower(rollup(s_w ORDER BY day)) AS ci_lower_w,
	       responses(rollup(s_w)) AS responses_w, histogram(rollup(s_w)) AS histogram_w,
	       rollup(s_unw) + rollup(s_w ORDER BY day) AS s_both,
	       (rollup(s_w ORDER BY day))::jsonb AS s_w_json
	  FROM daily_nps GROUP BY segment;
	EOF
}

# ---------------------------------------------------------------------------

checks=0
layouts=()
drop_dbs

for EXT in kpi public; do
	layouts+=("$EXT")

	# --- source ----------------------------------------------------------
	step="[$EXT] creating $SRC"
	createdb "$SRC"
	if [ "$EXT" = public ]; then
		q "$SRC" -c "CREATE EXTENSION cxkpi"
	else
		q "$SRC" -c "CREATE SCHEMA $EXT" -c "CREATE EXTENSION cxkpi SCHEMA $EXT"
	fi
	create_objects "$SRC" full
	q "$SRC" -c "ANALYZE"

	step="[$EXT] fingerprint of $SRC"
	fingerprint "$SRC" "$WORK/$EXT.src.fp"
	grep -q '^2024-03-15|kiosk|5|v1;counts=0,0,0,0,0,0,0,0,0,0,0|' "$WORK/$EXT.src.fp" ||
		fail "[$EXT] source MV lacks the empty summary of an all-NULL-scores day"
	grep -q 'sumw=.*0\.1' "$WORK/$EXT.src.fp" ||
		fail "[$EXT] source fingerprint has no weighted summary with fractional sums"
	nsummaries=$(all_summaries_sql | q "$SRC" -f - | wc -l)
	nmv=$(q "$SRC" -c "SELECT count(*) FROM public.daily_nps")
	[ "$nsummaries" -gt 500 ] || fail "[$EXT] only $nsummaries summaries in the source"
	all_summaries_sql | sed '1s/^/COPY (SELECT k, s::text FROM (/; $s/$/) AS a) TO STDOUT/' |
		q "$SRC" -f - >"$WORK/$EXT.truth.tsv"

	# The source must agree with itself after a refresh (the comparison
	# below is meaningless if the MV does not reproduce bit for bit).
	step="[$EXT] refresh of $SRC"
	q "$SRC" -c "REFRESH MATERIALIZED VIEW public.daily_nps"
	check_fingerprint "$SRC" "source after REFRESH"

	# --- 1. pg_dump -Fc / pg_restore ---------------------------------------
	step="[$EXT] pg_dump -Fc $SRC"
	pg_dump -Fc -f "$WORK/$EXT.dump" "$SRC"
	createdb "$DST"
	step="[$EXT] pg_restore into $DST"
	pg_restore --exit-on-error -d "$DST" "$WORK/$EXT.dump"
	check_fingerprint "$DST" "pg_restore"
	check_equality "$DST" "pg_restore"
	q "$DST" -c "REFRESH MATERIALIZED VIEW public.daily_nps"
	check_fingerprint "$DST" "pg_restore + REFRESH"
	q "$DST" -c "REFRESH MATERIALIZED VIEW CONCURRENTLY public.daily_nps"
	check_fingerprint "$DST" "pg_restore + REFRESH CONCURRENTLY"
	check_equality "$DST" "pg_restore + REFRESH"

	# --- 2. plain SQL dump through psql ------------------------------------
	step="[$EXT] plain pg_dump $SRC"
	pg_dump -f "$WORK/$EXT.sql" "$SRC"
	createdb "$DST_SQL"
	step="[$EXT] psql -f dump into $DST_SQL"
	q "$DST_SQL" -f "$WORK/$EXT.sql" >/dev/null
	check_fingerprint "$DST_SQL" "plain SQL dump"
	check_equality "$DST_SQL" "plain SQL dump"
	q "$DST_SQL" -c "REFRESH MATERIALIZED VIEW public.daily_nps"
	check_fingerprint "$DST_SQL" "plain SQL dump + REFRESH"

	# --- 3. binary COPY (send/recv) ----------------------------------------
	step="[$EXT] binary COPY out of $SRC"
	datadir=$(q "$SRC" -c "SHOW data_directory")
	cols_store="id, label, s_unw, s_w, s_arr"	# nps_w is generated
	if [ -d "$datadir" ] && [ -w "$datadir" ]; then
		# server-side files: a directory in the data directory, owned by
		# the server's user
		COPYDIR="$datadir/cxkpi_dump_restore.$$"
		mkdir -p "$COPYDIR"
		chown --reference="$datadir" "$COPYDIR"
		chmod 700 "$COPYDIR"
		copy_out() { q "$SRC" -c "COPY ($2) TO '$COPYDIR/$1.bin' WITH (FORMAT binary)"; }
		copy_in() { q "$DST_BIN" -c "COPY public.$1 ($2) FROM '$COPYDIR/$1.bin' WITH (FORMAT binary)"; }
		how="server-side COPY"
	else
		# remote server: client-side \copy through psql
		copy_out() { q "$SRC" -c "\\copy ($2) TO '$WORK/$1.bin' WITH (FORMAT binary)"; }
		copy_in() { q "$DST_BIN" -c "\\copy public.$1 ($2) FROM '$WORK/$1.bin' WITH (FORMAT binary)"; }
		how="client-side \\copy"
	fi
	copy_out responses "SELECT * FROM public.responses ORDER BY id"
	copy_out summary_store "SELECT $cols_store FROM public.summary_store ORDER BY id"
	copy_out daily_nps "SELECT day, segment, n_rows, s_unw, s_w FROM public.daily_nps"
	createdb "$DST_BIN"
	if [ "$EXT" = public ]; then
		q "$DST_BIN" -c "CREATE EXTENSION cxkpi"
	else
		q "$DST_BIN" -c "CREATE SCHEMA $EXT" -c "CREATE EXTENSION cxkpi SCHEMA $EXT"
	fi
	create_objects "$DST_BIN" bin
	step="[$EXT] binary COPY into $DST_BIN ($how)"
	copy_in responses "id, day, segment, score, weight"
	copy_in summary_store "$cols_store"
	copy_in daily_nps "day, segment, n_rows, s_unw, s_w"
	check_fingerprint "$DST_BIN" "binary COPY"
	check_equality "$DST_BIN" "binary COPY"
	# the raw rows arrived intact, so aggregating them again must give the
	# very same daily summaries
	step="[$EXT] re-aggregating in $DST_BIN"
	bad=$(q "$DST_BIN" -c "
		SELECT count(*) FROM public.daily_nps d
		  FULL JOIN (SELECT day, segment, $EXT.nps_agg(score) AS u, $EXT.nps_agg(score, weight) AS w
		               FROM public.responses GROUP BY day, segment) r USING (day, segment)
		 WHERE d.s_unw IS NULL OR r.u IS NULL
		    OR NOT (d.s_unw OPERATOR($EXT.=) r.u) OR NOT (d.s_w OPERATOR($EXT.=) r.w)")
	[ "$bad" = 0 ] || fail "[$EXT] binary COPY: $bad daily summaries differ from nps_agg over the copied raw rows"
	checks=$((checks + 1))
	rm -rf "$COPYDIR"
	COPYDIR=""

	drop_dbs
done

echo "$ME: OK -- extension in schema ${layouts[*]}: pg_dump -Fc/pg_restore, plain SQL/psql, binary COPY ($how); $nsummaries summaries ($nmv MV rows) identical in text, send bytes, accessors and '='; REFRESH reproduces them; $checks checks"
