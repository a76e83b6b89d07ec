#!/bin/bash
# upgrade.sh -- a database created at 0.1.0 and updated release by release
# (0.1.0 -> 0.2.0 -> 0.3.0 with ALTER EXTENSION cxkpi UPDATE) keeps every
# stored summary bit for bit, whichever release's binary wrote it, and ends
# up with exactly the objects of a fresh install of the current version.
#
# Runs inside pg_virtualenv (libpq environment set, superuser), from any
# directory; reads the repository's sql/ files and git history.
#
# Releases: 0.1.0 and 0.2.0.  Each is the tag v<version> (or <version>) when
# there is one, else the commit pinned in RELEASE_COMMIT below; its
# cxkpi.control must say that version.
#
# Checks done once:
#   - every sql/cxkpi--*.sql of each release commit is byte for byte the
#     repository's (released install and upgrade scripts are frozen);
#   - the current install script sql/cxkpi--$TO.sql is what make builds:
#     a title, the \echo guard once, then the sources the Makefile lists in
#     SQL_SRC, each after a blank line; the sources hold no psql commands;
#   - the installed control file and scripts are the repository's (else the
#     test would test a stale "make install");
#   - the server offers exactly 0.1.0, 0.2.0 and 0.3.0, the default 0.3.0,
#     the update paths 0.1.0--0.2.0, 0.2.0--0.3.0, 0.1.0--0.2.0--0.3.0 and
#     no way down;
#   - loading any script with psql only prints its \echo guard.
#
# Then, for two layouts (extension in schema "kpi", and in "public"; test
# data always in schema "app"):
#   1. CREATE EXTENSION cxkpi VERSION '0.1.0'.  When the 0.1.0 release can
#      be built from git (it can in the repository), the extension's C
#      functions are pointed at that build of cxkpi.so (pg_proc.probin), so
#      the data below is written and its fingerprint read by the 0.1.0
#      binary, as on a real 0.1.0 installation; /proc/self/maps of the
#      backend proves which library was loaded.
#   2. Survey data: deterministic raw answers; a table of nps/csat/ces
#      summaries (unweighted, weighted, other scales and cutoffs, empty,
#      NULL, literals, arrays, window aggregates, a CHECK and a generated
#      column calling accessors); a materialized view of every family per
#      day and segment (weighted too, with all-NULL and all-zero-weight
#      days); a plain view of rollups.  Fingerprint 1: every summary's
#      text, send bytes, every accessor, ::jsonb, p_value between segments,
#      digests (floats with extra_float_digits = 3, so equal text = equal
#      bits).
#   3. The C functions pointed at the 0.2.0 build: fingerprint 1 identical,
#      every stored summary "=" its recorded text parsed again with equal
#      send bytes.  ALTER EXTENSION cxkpi UPDATE TO '0.2.0' (its new C
#      functions pointed at the 0.2.0 build too): \dx says 0.2.0, the same.
#   4. Customer-lifecycle data written by the 0.2.0 binary: churn summaries
#      of dates, timestamps and timestamptz, churn_summary[], churn series,
#      revenue summaries (empty, NULL, literals at the limits, aggregates,
#      window aggregates, a generated column) in a table, a materialized
#      view per month and segment.  Fingerprint 2: every value's text, send
#      bytes, ::jsonb (every accessor by name), the remaining accessors,
#      churn_periods, p_value between segments.
#   5. The C functions back at $libdir/cxkpi (the 0.3.0 binary): both
#      fingerprints and "=" identical.  Then ALTER EXTENSION cxkpi UPDATE TO
#      '0.3.0' (schema "kpi") or plain ALTER EXTENSION cxkpi UPDATE to the
#      default version (schema "public"): \dx says 0.3.0; fingerprints and
#      "=" identical; REFRESH and REFRESH CONCURRENTLY reproduce them.
#   6. A fresh database with CREATE EXTENSION cxkpi (0.3.0).  The member
#      objects of both (pg_depend deptype 'e') listed with their identity,
#      full definition (functions: pg_get_functiondef, volatility,
#      strictness, parallel safety, cost, rows, language, library;
#      aggregates: every pg_aggregate field with regprocedure names; types:
#      every pg_type field and the array type; operators; casts; operator
#      classes and families with their pg_amop/pg_amproc rows), comment,
#      dependencies and initial privileges, plus the pg_extension row and
#      non-member objects in the extension schema: the two lists must be
#      identical.  Second opinion: pg_dump --binary-upgrade --schema-only
#      of both (which spells out every member) with OIDs filtered out.  A
#      third database created at 0.1.0 and updated in one plain ALTER
#      EXTENSION cxkpi UPDATE (two scripts in a row) lists the same.
#      Right after the update (before REFRESH), the MV's format-1
#      summaries written by 0.1.0 mix with format-2 ones this binary builds
#      from the same rows: "=", GROUP BY, + both ways, rollup (mix_sql_1).
#   6b. (schema "kpi") A 0.2.0 install by a non-superuser owner (trusted
#      extension), updated by that owner: the SSPACE the update script sets
#      in pg_aggregate equals a fresh install's.
#   7. The 0.2.0 features in the upgraded and in the fresh database: churn
#      summaries per month and segment for date/timestamp/timestamptz,
#      churn_rate, rollup, +, churn_series_agg and churn_periods,
#      revenue_agg, accessors, ::jsonb, p_value, GROUP BY (hash opclass),
#      window aggregates, active_at, stored in a table and an MV that is
#      refreshed.  Both outputs must be identical, and the numbers must
#      match plain-SQL counts and sums written from the definitions.
#   8. ALTER EXTENSION cxkpi UPDATE (and UPDATE TO '0.3.0') again: a no-op
#      (NOTICE, same catalog, same fingerprints); UPDATE TO '0.2.0' and TO
#      '0.1.0' refused.
#   9. pg_dump -Fc of the upgraded database restores into a new database
#      as 0.3.0 with the same fingerprints.
#
# Exits 0 and prints one summary line on success; on failure prints what
# differed and exits 1.  Drops every database it creates (CXKPI_KEEP_WORK=1
# keeps the work files: fingerprints, catalog listings, schema dumps).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -n "${PG_CONFIG:-}" ] && [ -x "$PG_CONFIG" ]; then
	PATH="$("$PG_CONFIG" --bindir):$PATH"
fi
PG_CONFIG_BIN=${PG_CONFIG:-pg_config}

# Serial plans: weighted summaries hold float sums, and a parallel plan
# adds a group's partial sums in a varying order (see dump_restore.sh).
export PGOPTIONS="${PGOPTIONS:+$PGOPTIONS }-c max_parallel_workers_per_gather=0"

ME=upgrade
FROM=0.1.0						# the oldest release: survey data written here
MID=0.2.0						# the next release: customer-lifecycle data written here
TO=0.3.0						# the current version (cxkpi.control)
# Release commits, used when git has no tag v<version> / <version>.
declare -A RELEASE_COMMIT=(
	[$FROM]=040e34daaba60a43290dcb9694302b51d0f6005b	# README: what make demo prints
	[$MID]=be39c48de2b592b64a21b633f65bea7c8f9dc5f6	# README: performance figures ...
)
DB_OLD=cxkpi_upgrade_old			# created at 0.1.0, upgraded step by step
DB_FRESH=cxkpi_upgrade_fresh		# created at 0.3.0
DB_REST=cxkpi_upgrade_restored		# pg_restore of the upgraded database
DB_TMP=cxkpi_upgrade_scratch		# psql -f of the scripts; 0.1.0 -> 0.3.0 at once
ALL_DBS=("$DB_OLD" "$DB_FRESH" "$DB_REST" "$DB_TMP")
NROWS=6000

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cxkpi_upgrade.XXXXXX")
chmod 755 "$WORK"					# the server reads the release builds here
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
	if [ -n "${CXKPI_KEEP_WORK:-}" ]; then
		echo "$ME: work files kept in $WORK" >&2
	else
		rm -rf "$WORK"
	fi
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

q() {
	local db=$1
	shift
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"
}

# diff_or_fail FILE_A FILE_B WHAT: fail showing the first lines of the diff.
diff_or_fail() {
	if ! diff -u "$1" "$2" >"$2.diff"; then
		echo "$ME: ${EXT:+[$EXT] }$3:" >&2
		head -n 60 "$2.diff" >&2
		fail "${EXT:+[$EXT] }$3 (full diff: $(wc -l <"$2.diff") lines)"
	fi
	checks=$((checks + 1))
}

checks=0

# ---------------------------------------------------------------------------
# Once: scripts and installation
# ---------------------------------------------------------------------------

step="versions"
grep -qx "default_version = '$TO'" cxkpi.control || fail "cxkpi.control does not say default_version = '$TO'"

# release_commit VERSION: the release's commit, or nothing without git
# history (a tarball, a shallow clone).
release_commit() {
	local v=$1 t c
	git rev-parse --git-dir >/dev/null 2>&1 || return 0
	for t in "v$v" "$v"; do
		if c=$(git rev-parse -q --verify "refs/tags/$t^{commit}" 2>/dev/null); then
			echo "$c"
			return 0
		fi
	done
	c=${RELEASE_COMMIT[$v]}
	git cat-file -e "$c^{commit}" 2>/dev/null || return 0
	git show "$c:cxkpi.control" | grep -qx "default_version = '$v'" ||
		fail "the $v release commit ${c:0:10} has a cxkpi.control that does not say $v"
	echo "$c"
}

# Released scripts are frozen: every sql/cxkpi--*.sql of a release commit
# is in the repository unchanged.
declare -A REL=()
nfrozen=0
for v in "$FROM" "$MID"; do
	step="finding the $v release in git"
	REL[$v]=$(release_commit "$v")
	[ -n "${REL[$v]}" ] || continue
	step="$v scripts frozen"
	for f in $(git ls-tree --name-only "${REL[$v]}" sql/ | grep -E '^sql/cxkpi--.*\.sql$'); do
		if ! git show "${REL[$v]}:$f" | cmp -s - "$f"; then
			git show "${REL[$v]}:$f" | diff -u - "$f" | head -n 40 >&2 || true
			fail "$f differs from the one released in $v (commit ${REL[$v]:0:10}); a released script must never change"
		fi
		nfrozen=$((nfrozen + 1))
	done
	checks=$((checks + 1))
done

# The current install script is the Makefile's assembly of sql/src/.
step="sql/cxkpi--$TO.sql assembled from the sources"
srcs=$(printf 'print-sql-src:\n\t@echo $(SQL_SRC)\n' |
	make -s --no-print-directory -f Makefile -f - PG_CONFIG="$PG_CONFIG_BIN" print-sql-src)
[ -n "$srcs" ] || fail "the Makefile lists no SQL_SRC"
for f in $srcs; do
	[ -f "$f" ] || fail "SQL_SRC names $f, which does not exist"
	if grep -n '^[[:space:]]*\\' "$f" >&2; then fail "$f holds psql commands (lines above); only the Makefile writes the guard"; fi
done
for f in sql/src/*.sql; do
	case " $srcs " in *" $f "*) ;; *) fail "$f is not in the Makefile's SQL_SRC, so it is not installed" ;; esac
done
{
	printf '/* cxkpi %s -- install script, built by make from sql/src/ (edit those, not this file) */\n\n' "$TO"
	printf '%s\n' '\echo Use "CREATE EXTENSION cxkpi" to load this file. \quit'
	for f in $srcs; do echo; cat "$f"; done
} >"$WORK/assembled.sql"
[ -f "sql/cxkpi--$TO.sql" ] || fail "sql/cxkpi--$TO.sql is missing (run make)"
cp "sql/cxkpi--$TO.sql" "$WORK/built.sql"
diff_or_fail "$WORK/assembled.sql" "$WORK/built.sql" \
	"sql/cxkpi--$TO.sql (+) is not the assembly of $srcs (-); run make, never edit the built script"
[ "$(grep -c '^\\echo' "sql/cxkpi--$TO.sql")" = 1 ] || fail "sql/cxkpi--$TO.sql has not exactly one \\echo line"

step="installed files"
sharedir="$("$PG_CONFIG_BIN" --sharedir)/extension"
for f in cxkpi.control sql/cxkpi--*.sql; do
	inst="$sharedir/$(basename "$f")"
	[ -f "$inst" ] || fail "$inst is not installed (run make install)"
	cmp -s "$f" "$inst" || fail "$inst differs from the repository's $f (run make install)"
done
for inst in "$sharedir"/cxkpi--*.sql; do
	[ -f "sql/$(basename "$inst")" ] || fail "$inst is installed but not in the repository (a stale make install?)"
done
checks=$((checks + 1))

# Build a release's cxkpi.so, to write test data with it.
declare -A SO=()
build_release() {
	local v=$1 dir="$WORK/v$1"
	step="building the $v release (${REL[$v]:0:10})"
	mkdir "$dir"
	# PostgreSQL 18 dropped the pg_attribute_noreturn() suffix macro that
	# the frozen 0.1.0 and 0.2.0 sources use: define it for those builds.
	local compat=()
	if ! grep -q 'define pg_attribute_noreturn' "$("$PG_CONFIG_BIN" --includedir-server)/c.h"; then
		compat=(PG_CPPFLAGS="'-Dpg_attribute_noreturn()=__attribute__((noreturn))'")
	fi
	if git archive "${REL[$v]}" | tar -x -C "$dir" &&
		make -C "$dir" -s PG_CONFIG="$PG_CONFIG_BIN" "${compat[@]}" >"$WORK/build-$v.log" 2>&1 &&
		[ -f "$dir/cxkpi.so" ]; then
		chmod -R a+rX "$dir"
		SO[$v]="$dir/cxkpi.so"
	else
		cat "$WORK/build-$v.log" >&2 || true
		fail "could not build the $v release (commit ${REL[$v]:0:10})"
	fi
}
notes=()
for v in "$FROM" "$MID"; do
	if [ -n "${REL[$v]}" ]; then
		build_release "$v"
		notes+=("written by the $v binary (commit ${REL[$v]:0:10})")
	else
		SO[$v]=""
		notes+=("written by the $TO binary: the $v release is not in git")
	fi
done

drop_dbs

step="versions and update paths"
createdb "$DB_TMP"
res=$(q "$DB_TMP" <<-EOF
	SELECT string_agg(version, ',' ORDER BY version) FROM pg_available_extension_versions WHERE name = 'cxkpi';
	SELECT default_version FROM pg_available_extensions WHERE name = 'cxkpi';
	SELECT string_agg(source || '>' || target || '=' || coalesce(path, '-'), ' ' ORDER BY source, target)
	  FROM pg_extension_update_paths('cxkpi');
	EOF
)
want="$FROM,$MID,$TO
$TO
$FROM>$MID=$FROM--$MID $FROM>$TO=$FROM--$MID--$TO $MID>$FROM=- $MID>$TO=$MID--$TO $TO>$FROM=- $TO>$MID=-"
[ "$res" = "$want" ] || fail "available versions / default / update paths are not
$want
but
$res"
checks=$((checks + 1))

step="psql -f of every script"
nobj="SELECT (SELECT count(*) FROM pg_proc) + (SELECT count(*) FROM pg_type) + (SELECT count(*) FROM pg_operator)"
before=$(q "$DB_TMP" -c "$nobj")
for f in sql/cxkpi--*.sql; do
	v=${f#sql/cxkpi--}
	v=${v%.sql}
	case "$v" in
	*--*) guard="Use \"ALTER EXTENSION cxkpi UPDATE TO '${v#*--}'\" to load this file." ;;
	*) guard='Use "CREATE EXTENSION cxkpi" to load this file.' ;;
	esac
	out=$(q "$DB_TMP" -f "$f" 2>&1)
	[ "$out" = "$guard" ] || fail "psql -f $f did not print just its \\echo guard ($guard): $out"
done
[ "$(q "$DB_TMP" -c "$nobj")" = "$before" ] || fail "psql -f of a script created objects despite its guard"
dropdb "$DB_TMP"
checks=$((checks + 1))

# ---------------------------------------------------------------------------
# SQL builders.  $EXT is the extension's schema for the current layout.
# ---------------------------------------------------------------------------

# Accessors whose values changed on purpose since the release that wrote
# the data: in 0.3.0 the weighted NPS standard error gained survey::svymean's
# n/(n-1) factor, and with it its intervals, p-values and jsonb keys (the
# nps suites check the new values against R).  For weighted NPS summaries
# the fingerprint reads them as NULL (and the jsonb without those keys), so
# data written by 0.1.0 and 0.2.0 binaries compares with this binary on
# everything else.
# nps_changed SUMMARY EXPR [MASKED_EXPR]
nps_changed() {
	printf "CASE WHEN %s::text LIKE '%%;sumw=%%' THEN %s ELSE %s END" "$1" "${3:-NULL}" "$2"
}

acc_nps() {
	local x="($1)" e=$EXT
	printf '%s' "$x::text, encode($e.nps_summary_send($x), 'hex'),
	$e.nps($x), $(nps_changed "$x" "$e.std_error($x)"),
	$(nps_changed "$x" "$e.margin_of_error($x)"), $(nps_changed "$x" "$e.margin_of_error($x, 0.9)"),
	$(nps_changed "$x" "$e.ci_lower($x)"), $(nps_changed "$x" "$e.ci_upper($x)"),
	$(nps_changed "$x" "$e.ci_lower($x, 0.99)"), $(nps_changed "$x" "$e.ci_upper($x, 0.99)"),
	$e.mean_score($x), $e.effective_n($x), $e.total_weight($x),
	$e.responses($x), $e.promoters($x), $e.passives($x), $e.detractors($x),
	$e.histogram($x), $(nps_changed "$x" "$x::jsonb" \
		"$x::jsonb - 'std_error' - 'margin_of_error' - 'ci_lower' - 'ci_upper'")"
}

acc_csat() {
	local x="($1)" e=$EXT
	printf '%s' "$x::text, encode($e.csat_summary_send($x), 'hex'),
	$e.csat($x), $e.csat($x, $e.scale_max($x)), $e.satisfied($x),
	$e.std_error($x), $e.margin_of_error($x), $e.margin_of_error($x, 0.9),
	$e.ci_lower($x), $e.ci_upper($x), $e.ci_lower($x, 0.99), $e.ci_upper($x, 0.99),
	$e.mean_score($x), $e.effective_n($x), $e.total_weight($x), $e.responses($x),
	$e.scale_min($x), $e.scale_max($x), $e.satisfied_min($x),
	$e.histogram($x), $x::jsonb"
}

acc_ces() {
	local x="($1)" e=$EXT
	printf '%s' "$x::text, encode($e.ces_summary_send($x), 'hex'),
	$e.ces($x), $e.agree_share($x), $e.agree_share($x, $e.scale_max($x)), $e.agreed($x),
	$e.std_error($x), $e.margin_of_error($x), $e.margin_of_error($x, 0.9),
	$e.ci_lower($x), $e.ci_upper($x), $e.ci_lower($x, 0.99), $e.ci_upper($x, 0.99),
	$e.mean_score($x), $e.effective_n($x), $e.total_weight($x), $e.responses($x),
	$e.scale_min($x), $e.scale_max($x), $e.agree_min($x),
	$e.histogram($x), $x::jsonb"
}

# Every stored summary: family, key, value (NULLs kept).
summaries_sql_1() {
	cat <<-EOF
	SELECT 'nps' AS f, 'store/' || id || '/' || c AS k, s::text AS t FROM app.kpi_store,
	  LATERAL (VALUES ('u', nps_u), ('w', nps_w)) AS v(c, s)
	UNION ALL SELECT 'nps', 'store/' || id || '/arr/' || o, e::text
	  FROM app.kpi_store, unnest(nps_arr) WITH ORDINALITY AS u(e, o)
	UNION ALL SELECT 'csat', 'store/' || id || '/' || c, s::text FROM app.kpi_store,
	  LATERAL (VALUES ('u', csat_u), ('w', csat_w), ('x', csat_x)) AS v(c, s)
	UNION ALL SELECT 'ces', 'store/' || id || '/' || c, s::text FROM app.kpi_store,
	  LATERAL (VALUES ('u', ces_u), ('w', ces_w), ('x', ces_x)) AS v(c, s)
	UNION ALL SELECT 'nps', 'mv/' || day || '/' || segment || '/' || c, s::text FROM app.daily_kpi,
	  LATERAL (VALUES ('u', nps_u), ('w', nps_w)) AS v(c, s)
	UNION ALL SELECT 'csat', 'mv/' || day || '/' || segment || '/' || c, s::text FROM app.daily_kpi,
	  LATERAL (VALUES ('u', csat_u), ('w', csat_w), ('x', csat_x)) AS v(c, s)
	UNION ALL SELECT 'ces', 'mv/' || day || '/' || segment || '/' || c, s::text FROM app.daily_kpi,
	  LATERAL (VALUES ('u', ces_u), ('w', ces_w), ('x', ces_x)) AS v(c, s)
	EOF
}

fingerprint_sql_1() {
	local e=$EXT
	cat <<-EOF
	SET search_path = pg_catalog;
	SET extra_float_digits = 3;
	\\echo '# answers'
	SELECT count(*), count(nps), count(csat), count(ces), count(weight), sum(weight ORDER BY id),
	       md5(string_agg(format('%s|%s|%s|%s|%s|%s|%s', id, day, segment, nps, csat, ces, weight),
	                      ',' ORDER BY id))
	  FROM app.answers;
	\\echo '# kpi_store'
	SELECT id, label, $(acc_nps nps_u), $(acc_nps nps_w), nps_arr::text,
	       $(acc_csat csat_u), $(acc_csat csat_w), $(acc_csat csat_x),
	       $(acc_ces ces_u), $(acc_ces ces_w), $(acc_ces ces_x), nps_w_value
	  FROM app.kpi_store ORDER BY id;
	\\echo '# daily_kpi'
	SELECT day, segment, n_rows, $(acc_nps nps_u), $(acc_nps nps_w),
	       $(acc_csat csat_u), $(acc_csat csat_w), $(acc_csat csat_x),
	       $(acc_ces ces_u), $(acc_ces ces_w), $(acc_ces ces_x)
	  FROM app.daily_kpi ORDER BY day, segment;
	\\echo '# segment_kpi (plain view over the MV)'
	SELECT * FROM app.segment_kpi ORDER BY segment;
	\\echo '# digests'
	SELECT f, count(t), md5(string_agg(k || '=' || coalesce(t, 'N'), ',' ORDER BY k))
	  FROM ($(summaries_sql_1)) a GROUP BY f ORDER BY f;
	\\echo '# p_value between segments'
	WITH seg AS (
	  SELECT segment, $e.rollup(nps_w ORDER BY day) AS n, $e.rollup(csat_w ORDER BY day) AS c,
	         $e.rollup(ces_w ORDER BY day) AS s, $e.rollup(csat_x ORDER BY day) AS cx,
	         $e.rollup(ces_x ORDER BY day) AS sx
	    FROM app.daily_kpi GROUP BY segment
	)
	SELECT a.segment, b.segment, $(nps_changed a.n "$(nps_changed b.n "$e.p_value(a.n, b.n)")"), $e.p_value(a.c, b.c), $e.p_value(a.s, b.s),
	       $e.p_value(a.cx, b.cx), $e.p_value(a.sx, b.sx)
	  FROM seg a JOIN seg b ON a.segment < b.segment ORDER BY 1, 2;
	EOF
}

fingerprint() {
	"fingerprint_sql_$3" | q "$1" -f - >"$2"
}

# Both data sets once the second is written ($fp_sets), each compared
# with its fingerprint recorded by the release that wrote it.
fp_sets=""
check_fingerprint() {
	local db=$1 what=$2 f set
	for set in $fp_sets; do
		f="$WORK/$EXT.$db.$(echo "$what" | tr -c 'A-Za-z0-9\n' '_').fp$set"
		step="[$EXT] fingerprint $set of $db ($what)"
		fingerprint "$db" "$f" "$set"
		diff_or_fail "$WORK/$EXT.before.fp$set" "$f" \
			"$what: fingerprint $set of $db differs from the one recorded by ${WRITER[$set]}"
	done
}

# Families of each data set, as name:type.
declare -A FAMILIES=(
	[1]="nps:nps_summary csat:csat_summary ces:ces_summary"
	[2]="churn:churn_summary series:churn_series revenue:revenue_summary"
)
declare -A WRITER=([1]=$FROM [2]=$MID)
declare -A MIN_SUMMARIES=([1]=500 [2]=300)

# Record data set $2 of database $1: fingerprint and every summary's text.
record_truth() {
	local db=$1 set=$2 n
	step="[$EXT] fingerprint $set at ${WRITER[$set]}"
	fingerprint "$db" "$WORK/$EXT.before.fp$set" "$set"
	"summaries_sql_$set" | sed '1s/^/COPY (/; $s/$/) TO STDOUT/' | q "$db" -f - >"$WORK/$EXT.truth$set.tsv"
	n=$(wc -l <"$WORK/$EXT.truth$set.tsv")
	[ "$n" -gt "${MIN_SUMMARIES[$set]}" ] || fail "[$EXT] only $n summaries in data set $set"
	fp_sets="$fp_sets $set"
}

# Every stored summary "=" its recorded text parsed again, same send bytes.
check_equality() {
	local db=$1 what=$2 e=$EXT set ft typ bad res total
	for set in $fp_sets; do
		bad=""
		for ft in ${FAMILIES[$set]}; do
			typ=${ft#*:}
			bad+="count(*) FILTER (WHERE t.f = '${ft%%:*}' AND NOT (c.t::$e.$typ OPERATOR($e.=) t.t::$e.$typ
			        AND $e.${typ}_send(c.t::$e.$typ) = $e.${typ}_send(t.t::$e.$typ))), "
		done
		step="[$EXT] = of $db ($what, data set $set)"
		res=$(q "$db" <<-EOF
		CREATE TEMP TABLE truth (f text, k text, t text);
		\\copy truth FROM '$WORK/$EXT.truth$set.tsv'
		CREATE TEMP TABLE cur AS $("summaries_sql_$set");
		SELECT count(*) FILTER (WHERE c.k IS NULL OR t.k IS NULL),
		       count(*) FILTER (WHERE (c.t IS NULL) <> (t.t IS NULL)),
		       $bad 0
		  FROM truth t FULL JOIN cur c USING (f, k);
		-- the stored datums themselves (not their text) against the truth
		$("stored_sql_$set")
		SELECT count(*) FROM truth;
		EOF
		)
		total=$(echo "$res" | tail -n 1)
		if echo "$res" | sed '$d' | tr '|' '\n' | grep -vqx 0; then
			fail "[$EXT] $what: $db over $total summaries of ${FAMILIES[$set]}: missing, NULL mismatches, not '=' or other send bytes per family, then stored datums not '=' their text: $(echo "$res" | sed '$d' | tr '\n' ' ')"
		fi
		checks=$((checks + 1))
	done
}

stored_sql_1() {
	local e=$EXT
	cat <<-EOF
	SELECT count(*) FILTER (WHERE NOT (s.nps_w OPERATOR($e.=) t.t::$e.nps_summary))
	  FROM app.kpi_store s JOIN truth t ON t.k = 'store/' || s.id || '/w' AND t.f = 'nps';
	SELECT count(*) FILTER (WHERE NOT (d.csat_w OPERATOR($e.=) t.t::$e.csat_summary))
	  FROM app.daily_kpi d JOIN truth t ON t.k = 'mv/' || d.day || '/' || d.segment || '/w' AND t.f = 'csat';
	SELECT count(*) FILTER (WHERE NOT (d.ces_x OPERATOR($e.=) t.t::$e.ces_summary))
	  FROM app.daily_kpi d JOIN truth t ON t.k = 'mv/' || d.day || '/' || d.segment || '/x' AND t.f = 'ces';
	EOF
}

stored_sql_2() {
	local e=$EXT
	cat <<-EOF
	SELECT count(*) FILTER (WHERE NOT (s.c_tz OPERATOR($e.=) t.t::$e.churn_summary))
	  FROM app.flow_store s JOIN truth t ON t.k = 'store/' || s.id || '/tz' AND t.f = 'churn';
	SELECT count(*) FILTER (WHERE NOT (s.series OPERATOR($e.=) t.t::$e.churn_series))
	  FROM app.flow_store s JOIN truth t ON t.k = 'store/' || s.id AND t.f = 'series';
	SELECT count(*) FILTER (WHERE NOT (d.r OPERATOR($e.=) t.t::$e.revenue_summary))
	  FROM app.flow_monthly d JOIN truth t ON t.k = 'mv/' || d.lo || '/' || d.segment AND t.f = 'revenue';
	EOF
}

# Data set 1, written at 0.1.0: nps, csat and ces summaries.
create_objects_1() {
	local db=$1
	q "$db" <<-EOF
	SET client_min_messages = warning;
	SET search_path = app, $EXT;	-- what users do: unqualified names below
	CREATE TABLE answers (
	    id      integer PRIMARY KEY,
	    day     date NOT NULL,
	    segment text NOT NULL,
	    nps     integer,
	    csat    integer,
	    ces     integer,
	    weight  double precision
	);
	INSERT INTO answers
	SELECT i, date '2024-05-01' + i % 30,
	       (ARRAY['web', 'app', 'store'])[1 + (i / 30) % 3],
	       CASE WHEN i % 19 = 0 THEN NULL ELSE ((i::bigint * 2654435761) % 4294967296 / 390451573)::int END,
	       CASE WHEN i % 17 = 0 THEN NULL ELSE 1 + ((i::bigint * 40503) % 65536 / 13108)::int END,
	       CASE WHEN i % 13 = 0 THEN NULL ELSE 1 + ((i::bigint * 69069) % 65536 / 9363)::int END,
	       CASE i % 8 WHEN 0 THEN 0.1::float8 WHEN 1 THEN 1::float8 / 3 WHEN 2 THEN NULL
	                  WHEN 3 THEN 0 WHEN 4 THEN 2.5 WHEN 5 THEN pi() WHEN 6 THEN 1e-3 ELSE 1 END
	  FROM generate_series(1, $NROWS) AS i;
	-- segment "kiosk": all scores NULL one day, all weights NULL the next,
	-- all weights zero the day after
	INSERT INTO answers
	SELECT $NROWS + i, date '2024-05-10' + (i - 1) / 5, 'kiosk',
	       CASE WHEN i <= 5 THEN NULL ELSE i % 11 END,
	       CASE WHEN i <= 5 THEN NULL ELSE 1 + i % 5 END,
	       CASE WHEN i <= 5 THEN NULL ELSE 1 + i % 7 END,
	       CASE WHEN i <= 5 THEN 1::float8 / 3 WHEN i <= 10 THEN NULL ELSE 0 END
	  FROM generate_series(1, 15) AS i;

	CREATE TABLE kpi_store (
	    id      integer PRIMARY KEY,
	    label   text NOT NULL,
	    nps_u   nps_summary CHECK (responses(nps_u) >= 0),
	    nps_w   nps_summary,
	    nps_arr nps_summary[],
	    csat_u  csat_summary,
	    csat_w  csat_summary,
	    csat_x  csat_summary,
	    ces_u   ces_summary,
	    ces_w   ces_summary,
	    ces_x   ces_summary,
	    nps_w_value double precision GENERATED ALWAYS AS (nps(nps_w)) STORED
	);
	INSERT INTO kpi_store (id, label, nps_u, nps_w, nps_arr, csat_u, csat_w, csat_x, ces_u, ces_w, ces_x) VALUES
	 (1, 'empty', 'v1;counts=0,0,0,0,0,0,0,0,0,0,0',
	  'v1;counts=0,0,0,0,0,0,0,0,0,0,0;sumw=0,0,0,0,0,0,0,0,0,0,0;sumw2=0,0,0,0,0,0,0,0,0,0,0',
	  '{"v1;counts=0,0,0,0,0,0,0,0,0,0,0"}',
	  'v1;scale=1..5;cutoff=4;counts=0,0,0,0,0', NULL, NULL,
	  'v1;scale=1..7;cutoff=5;counts=0,0,0,0,0,0,0', NULL, NULL),
	 (2, 'null', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
	 (3, 'literal', 'v1;counts=1,0,0,0,0,0,0,0,0,2,3',
	  'v1;counts=0,0,0,0,0,0,0,1,0,2,3;sumw=0,0,0,0,0,0,0,0.1,0,0.30000000000000004,3e-150;sumw2=0,0,0,0,0,0,0,0.010000000000000002,0,0.05000000000000001,3e-300',
	  '{"v1;counts=1,0,0,0,0,0,0,0,0,2,3",NULL}',
	  'v1;scale=1..5;cutoff=4;counts=1,1,1,3,2', NULL, 'v1;scale=0..10;cutoff=9;counts=1,0,0,0,0,0,0,0,0,2,5',
	  'v1;scale=1..7;cutoff=5;counts=1,1,1,1,1,1,2', NULL, 'v1;scale=1..5;cutoff=4;counts=838488366986797800,0,0,0,1');
	INSERT INTO kpi_store (id, label, nps_u, nps_w, nps_arr, csat_u, csat_w, csat_x, ces_u, ces_w, ces_x)
	SELECT 10 + row_number() OVER (ORDER BY segment), 'segment ' || segment,
	       nu, nw, ARRAY[nu, nw, NULL, nu + nw], cu, cw, cx, su, sw, sx
	  FROM (SELECT segment, nps_agg(nps) AS nu, nps_agg(nps, weight ORDER BY id) AS nw,
	               csat_agg(csat) AS cu, csat_agg(csat, weight ORDER BY id) AS cw,
	               csat_agg(nps, 0, 10, 9, weight ORDER BY id) AS cx,
	               ces_agg(ces) AS su, ces_agg(ces, weight ORDER BY id) AS sw,
	               ces_agg(csat, 1, 5, 4, weight ORDER BY id) AS sx
	          FROM answers GROUP BY segment) AS g;
	INSERT INTO kpi_store (id, label, nps_u, nps_w, csat_u, csat_w, ces_u, ces_w)
	SELECT 101, 'window', nps_agg(nps) OVER w, rollup(s) OVER w, csat_agg(csat) OVER w,
	       csat_agg(csat, 1, 5) OVER w, ces_agg(ces) OVER w, ces_agg(ces, 1, 7, 6) OVER w
	  FROM (SELECT id, nps, csat, ces, nps_agg(nps, weight) OVER (ORDER BY id) AS s
	          FROM answers WHERE id <= 60) AS r
	WINDOW w AS (ORDER BY id ROWS BETWEEN 4 PRECEDING AND CURRENT ROW)
	ORDER BY id DESC LIMIT 1;

	CREATE MATERIALIZED VIEW daily_kpi AS
	SELECT day, segment, count(*) AS n_rows,
	       nps_agg(nps) AS nps_u, nps_agg(nps, weight) AS nps_w,
	       csat_agg(csat) AS csat_u, csat_agg(csat, weight) AS csat_w,
	       csat_agg(nps, 0, 10, 9, weight) AS csat_x,
	       ces_agg(ces) AS ces_u, ces_agg(ces, weight) AS ces_w,
	       ces_agg(csat, 1, 5, 4, weight) AS ces_x
	  FROM answers GROUP BY day, segment;
	CREATE UNIQUE INDEX daily_kpi_key ON daily_kpi (day, segment);

	-- weighted rollups ORDER BY day: float sums depend on the order
	CREATE VIEW segment_kpi AS
	SELECT segment, sum(n_rows) AS n_rows,
	       nps(rollup(nps_u)) AS nps_u, nps(rollup(nps_w ORDER BY day)) AS nps_w,
	       csat(rollup(csat_u)) AS csat_u, ci_lower(rollup(csat_w ORDER BY day)) AS csat_w_lo,
	       csat(rollup(csat_x ORDER BY day), 10) AS csat_x_top,
	       ces(rollup(ces_u)) AS ces_u, ci_upper(rollup(ces_w ORDER BY day)) AS ces_w_hi,
	       rollup(nps_u) + rollup(nps_w ORDER BY day) AS nps_both,
	       (rollup(csat_w ORDER BY day))::jsonb AS csat_w_json
	  FROM daily_kpi GROUP BY segment;
	ANALYZE;
	EOF
}


# Customers (one row per customer) named $1, $2 of them: start and end as
# date, timestamp (microseconds) and timestamptz; NULL ends (active) and
# starts; MRR at the start and end of the period, with 0, NULL and up to
# 4 decimals.
customers_sql() {
	cat <<-EOF
	CREATE TABLE $1 AS
	SELECT id, segment, started, ended, started_ts, ended_ts,
	       started_ts AT TIME ZONE 'UTC' AS started_tz, ended_ts AT TIME ZONE 'UTC' AS ended_tz,
	       mrr_start, mrr_end
	  FROM (SELECT id, segment, started, ended,
	               started + ((id * 7919) % 86400) * interval '1 second' + (id % 1000) * interval '1 microsecond' AS started_ts,
	               started + ((id * 7919) % 86400) * interval '1 second' + (id % 1000) * interval '1 microsecond'
	                 + (ended - started) * interval '1 day' + ((id * 31) % 7200 - 3600) * interval '1 second' AS ended_ts0,
	               mrr_start, mrr_end
	          FROM (SELECT i AS id, (ARRAY['smb', 'mid', 'ent'])[1 + i % 3] AS segment,
	                       CASE WHEN i % 97 = 0 THEN NULL ELSE date '2023-01-01' + (i * 37) % 700 END AS started,
	                       CASE WHEN i % 97 = 0 OR i % 5 = 1 THEN NULL
	                            ELSE date '2023-01-01' + (i * 37) % 700 + (i * 53) % 400 END AS ended,
	                       CASE WHEN i % 5 = 0 THEN 0 WHEN i % 11 = 0 THEN NULL
	                            ELSE round((i % 37) * 9.99 + 0.005 * (i % 7), 3) END AS mrr_start,
	                       CASE WHEN i % 4 = 0 THEN 0 WHEN i % 13 = 0 THEN NULL
	                            ELSE round((i * 3 % 41) * 9.99 + (i % 3) * 0.3333, 4) END AS mrr_end
	                  FROM generate_series(1, $2) AS i) AS raw) AS c0,
	       -- an end on the start day may fall before the start time: clamp
	       LATERAL (SELECT CASE WHEN ended IS NOT NULL THEN greatest(ended_ts0, started_ts) END AS ended_ts) AS e;
	EOF
}

# Data set 2, written at 0.2.0: churn, churn series and revenue summaries.
create_objects_2() {
	local db=$1
	q "$db" <<-EOF
	SET client_min_messages = warning;
	SET search_path = app, $EXT;
	SET TimeZone = 'UTC';
	$(customers_sql lifecycles 2000)
	CREATE TABLE flow_store (
	    id        integer PRIMARY KEY,
	    label     text NOT NULL,
	    c_date    churn_summary CHECK (customers_at_start(c_date) >= 0),
	    c_ts      churn_summary,
	    c_tz      churn_summary,
	    c_arr     churn_summary[],
	    series    churn_series,
	    r         revenue_summary,
	    rate_date double precision GENERATED ALWAYS AS (churn_rate(c_date)) STORED
	);
	INSERT INTO flow_store (id, label, c_date, c_ts, c_tz, c_arr, series, r) VALUES
	 (1, 'zero',
	  'v1;period=[2024-01-01,2024-02-01);at_start=0;churned=0;acquired=0;acquired_ended=0',
	  'v1;period=[2024-01-01 00:00:00,2024-02-01 00:00:00);at_start=0;churned=0;acquired=0;acquired_ended=0',
	  'v1;period=[2024-01-01 00:00:00+00,2024-02-01 00:00:00+00);at_start=0;churned=0;acquired=0;acquired_ended=0',
	  '{}', NULL,
	  'v1;scale=0;accounts_at_start=0;new_accounts=0;expanded_accounts=0;contracted_accounts=0;churned_accounts=0;starting=0;new=0;expansion=0;contraction=0;churned=0'),
	 (2, 'null', NULL, NULL, NULL, NULL, NULL, NULL),
	 (3, 'limits',
	  'v1;period=[10000-01-01,10000-02-01);at_start=4611686018427387903;churned=1;acquired=5;acquired_ended=5',
	  'v1;period=[2024-03-10 02:30:00.000001,2024-03-10 02:30:00.000002);at_start=1;churned=1;acquired=0;acquired_ended=0',
	  'v1;period=[2023-12-31 18:15:00.000001+00,294276-12-31 00:00:00+00);at_start=3;churned=2;acquired=4611686018427387903;acquired_ended=4611686018427387903',
	  '{"v1;period=[0001-01-01,0001-01-02);at_start=1;churned=0;acquired=1;acquired_ended=1",NULL}', NULL,
	  'v1;scale=20;accounts_at_start=2;new_accounts=1;expanded_accounts=1;contracted_accounts=0;churned_accounts=0;starting=1701411834604692317.31687303715884105727;new=0.00000000000000000001;expansion=0.33333333333333333333;contraction=0.00000000000000000000;churned=0.00000000000000000000');
	INSERT INTO flow_store (id, label, c_date, c_ts, c_tz, c_arr, series, r)
	SELECT 10 + row_number() OVER (ORDER BY segment), 'segment ' || segment, d, t, z, ARRAY[d, NULL, d + d], s, r
	  FROM (SELECT segment,
	               churn_agg(started, ended, daterange('2024-03-01', '2024-04-01')) AS d,
	               churn_agg(started_ts, ended_ts, tsrange('2024-03-01 12:00', '2024-04-01 12:00', '(]')) AS t,
	               churn_agg(started_tz, ended_tz, tstzrange('2024-03-01 00:00+00', '2024-06-01 00:00+00')) AS z,
	               churn_series_agg(started, ended, date '2023-01-01', interval '1 month', 24) AS s,
	               revenue_agg(mrr_start, mrr_end) AS r
	          FROM lifecycles GROUP BY segment) AS g;
	-- 1000 daily periods: stored compressed / out of line
	INSERT INTO flow_store (id, label, series)
	SELECT 100, 'daily series',
	       churn_series_agg(started_tz, ended_tz, timestamptz '2023-01-01 00:00:00+00', interval '1 day', 1000)
	  FROM lifecycles;
	INSERT INTO flow_store (id, label, c_date, c_tz, r)
	SELECT 101, 'window', churn_agg(started, ended, daterange('2024-01-01', '2024-02-01')) OVER w,
	       churn_agg(started_tz, ended_tz, tstzrange('2024-01-01 00:00+00', '2024-02-01 00:00+00')) OVER w,
	       revenue_agg(mrr_start, mrr_end) OVER w
	  FROM lifecycles WHERE id <= 60
	WINDOW w AS (ORDER BY id ROWS BETWEEN 5 PRECEDING AND CURRENT ROW)
	ORDER BY id DESC LIMIT 1;

	CREATE MATERIALIZED VIEW flow_monthly AS
	SELECT m.lo, c.segment, count(*) AS n_rows,
	       churn_agg(c.started, c.ended, daterange(m.lo, m.hi)) AS c_date,
	       churn_agg(c.started_ts, c.ended_ts, tsrange(m.lo, m.hi)) AS c_ts,
	       churn_agg(c.started_tz, c.ended_tz,
	                 tstzrange(m.lo::timestamp AT TIME ZONE 'UTC', m.hi::timestamp AT TIME ZONE 'UTC')) AS c_tz,
	       revenue_agg(CASE WHEN active_at(c.started, c.ended, m.lo) THEN c.mrr_start ELSE 0 END,
	                   CASE WHEN active_at(c.started, c.ended, m.hi) THEN c.mrr_end ELSE 0 END) AS r
	  FROM lifecycles AS c
	       CROSS JOIN (SELECT d::date AS lo, (d + interval '1 month')::date AS hi
	                     FROM generate_series(date '2023-01-01', date '2024-12-01', interval '1 month') AS d) AS m
	 GROUP BY m.lo, c.segment;
	CREATE UNIQUE INDEX flow_monthly_key ON flow_monthly (lo, segment);
	ANALYZE;
	EOF
}

# Every accessor of a churn_summary, churn_series and revenue_summary.
acc_churn() {
	local x="($1)" e=$EXT
	printf '%s' "$x::text, encode($e.churn_summary_send($x), 'hex'), $x::jsonb,
	$e.churn_rate($x), $e.retention_rate($x), $e.customer_retention_rate($x),
	$e.customers_at_start($x), $e.retained($x), $e.churned($x), $e.acquired($x),
	$e.acquired_ended($x), $e.customers_at_end($x), $e.std_error($x),
	$e.ci_lower($x), $e.ci_upper($x), $e.ci_lower($x, 0.8), $e.ci_upper($x, 0.999),
	$e.period_start($x), $e.period_end($x)"
}

acc_series() {
	local x="($1)" e=$EXT
	printf '%s' "$x::text, md5($e.churn_series_send($x)), $e.periods($x),
	$e.churn_period($x, 1)::text, $e.churn_period($x, $e.periods($x))::text,
	(SELECT md5(string_agg(p::text, ',' ORDER BY p.period)) FROM $e.churn_periods($x) AS p)"
}

acc_rev() {
	local x="($1)" e=$EXT
	printf '%s' "$x::text, encode($e.revenue_summary_send($x), 'hex'), $x::jsonb,
	$e.starting_mrr($x), $e.ending_mrr($x), $e.new_mrr($x), $e.expansion_mrr($x),
	$e.contraction_mrr($x), $e.churned_mrr($x),
	$e.gross_revenue_retention($x), $e.net_revenue_retention($x),
	$e.accounts_at_start($x), $e.accounts_at_end($x), $e.new_accounts($x),
	$e.expanded_accounts($x), $e.contracted_accounts($x), $e.churned_accounts($x)"
}

# Every stored summary of data set 2: family, key, value (NULLs kept).
summaries_sql_2() {
	cat <<-EOF
	SELECT 'churn' AS f, 'store/' || id || '/' || c AS k, s::text AS t FROM app.flow_store,
	  LATERAL (VALUES ('date', c_date), ('ts', c_ts), ('tz', c_tz)) AS v(c, s)
	UNION ALL SELECT 'churn', 'store/' || id || '/arr/' || o, e::text
	  FROM app.flow_store, unnest(c_arr) WITH ORDINALITY AS u(e, o)
	UNION ALL SELECT 'series', 'store/' || id, series::text FROM app.flow_store
	UNION ALL SELECT 'revenue', 'store/' || id, r::text FROM app.flow_store
	UNION ALL SELECT 'churn', 'mv/' || lo || '/' || segment || '/' || c, s::text FROM app.flow_monthly,
	  LATERAL (VALUES ('date', c_date), ('ts', c_ts), ('tz', c_tz)) AS v(c, s)
	UNION ALL SELECT 'revenue', 'mv/' || lo || '/' || segment, r::text FROM app.flow_monthly
	EOF
}

# Period bounds as timestamptz follow the session TimeZone: read in UTC.
fingerprint_sql_2() {
	local e=$EXT
	cat <<-EOF
	SET search_path = pg_catalog;
	SET extra_float_digits = 3;
	SET TimeZone = 'UTC';
	\\echo '# lifecycles'
	SELECT count(*), md5(string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s|%s|%s', id, segment, started, ended,
	                                       started_ts, ended_ts, started_tz, ended_tz, mrr_start, mrr_end),
	                                ',' ORDER BY id))
	  FROM app.lifecycles;
	\\echo '# flow_store'
	SELECT id, label, $(acc_churn c_date), $(acc_churn c_ts), $(acc_churn c_tz), c_arr::text,
	       $(acc_series series), $(acc_rev r), rate_date
	  FROM app.flow_store ORDER BY id;
	\\echo '# flow_monthly'
	SELECT lo, segment, n_rows, $(acc_churn c_date), $(acc_churn c_ts), $(acc_churn c_tz), $(acc_rev r)
	  FROM app.flow_monthly ORDER BY lo, segment;
	\\echo '# digests'
	SELECT f, count(t), md5(string_agg(k || '=' || coalesce(t, 'N'), ',' ORDER BY k))
	  FROM ($(summaries_sql_2)) a GROUP BY f ORDER BY f;
	\\echo '# rollup and p_value between segments'
	SELECT lo, $e.rollup(c_date)::text, $e.rollup(r)::text FROM app.flow_monthly GROUP BY lo ORDER BY lo;
	-- churn p-values come from an exact-count z test since 0.3.0: equal to
	-- 13 decimals, not in the last bits (the churn suite checks them)
	SELECT a.segment, b.segment, a.lo, round($e.p_value(a.c_date, b.c_date)::numeric, 13),
	       round($e.p_value(a.c_tz, b.c_tz)::numeric, 13)
	  FROM app.flow_monthly a JOIN app.flow_monthly b ON a.lo = b.lo AND a.segment < b.segment
	 ORDER BY 1, 2, 3;
	EOF
}

# Member objects of the extension with their full definitions, plus the
# pg_extension row and non-member functions/operators/types in its schema.
catalog_sql() {
	cat <<-'EOF'
	SET search_path = pg_catalog;
	\echo '# pg_extension'
	SELECT e.extname, e.extowner::regrole, n.nspname, e.extrelocatable, e.extversion,
	       e.extconfig, e.extcondition
	  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
	 WHERE e.extname = 'cxkpi';
	\echo '# members'
	WITH mem AS (
	  SELECT d.classid, d.objid, d.objsubid
	    FROM pg_depend d JOIN pg_extension e ON d.refobjid = e.oid
	   WHERE d.refclassid = 'pg_extension'::regclass AND e.extname = 'cxkpi' AND d.deptype = 'e'
	)
	SELECT o.type, o.identity,
	  CASE m.classid
	  WHEN 'pg_proc'::regclass THEN (
	    SELECT format(E'kind=%s volatile=%s strict=%s parallel=%s secdef=%s leakproof=%s cost=%s rows=%s support=%s config=%s acl=%s lang=%s bin=%s src=%s retset=%s args=%s result=%s\n%s',
	                  p.prokind, p.provolatile, p.proisstrict, p.proparallel, p.prosecdef, p.proleakproof,
	                  p.procost, p.prorows, p.prosupport::oid::regprocedure, p.proconfig, p.proacl,
	                  l.lanname, p.probin, p.prosrc, p.proretset,
	                  pg_get_function_arguments(p.oid), pg_get_function_result(p.oid),
	                  CASE WHEN p.prokind = 'a' THEN (
	                    SELECT format('aggkind=%s ndirect=%s trans=%s final=%s combine=%s serial=%s deserial=%s mtrans=%s minv=%s mfinal=%s finalextra=%s mfinalextra=%s finalmodify=%s mfinalmodify=%s sortop=%s transtype=%s transspace=%s mtranstype=%s mtransspace=%s initval=%s minitval=%s',
	                                  a.aggkind, a.aggnumdirectargs, a.aggtransfn::oid::regprocedure,
	                                  a.aggfinalfn::oid::regprocedure, a.aggcombinefn::oid::regprocedure,
	                                  a.aggserialfn::oid::regprocedure, a.aggdeserialfn::oid::regprocedure,
	                                  a.aggmtransfn::oid::regprocedure, a.aggminvtransfn::oid::regprocedure,
	                                  a.aggmfinalfn::oid::regprocedure, a.aggfinalextra, a.aggmfinalextra,
	                                  a.aggfinalmodify, a.aggmfinalmodify, a.aggsortop::regoperator,
	                                  a.aggtranstype::regtype, a.aggtransspace, a.aggmtranstype::regtype,
	                                  a.aggmtransspace, a.agginitval, a.aggminitval)
	                      FROM pg_aggregate a WHERE a.aggfnoid = p.oid)
	                  ELSE pg_get_functiondef(p.oid) END)
	      FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.oid = m.objid)
	  WHEN 'pg_type'::regclass THEN (
	    SELECT format('typtype=%s len=%s byval=%s cat=%s pref=%s delim=%s in=%s out=%s recv=%s send=%s modin=%s modout=%s analyze=%s subscript=%s align=%s storage=%s notnull=%s base=%s typmod=%s ndims=%s collation=%s default=%s acl=%s elem=%s array=%s [array: in=%s out=%s recv=%s send=%s align=%s storage=%s subscript=%s]',
	                  t.typtype, t.typlen, t.typbyval, t.typcategory, t.typispreferred, t.typdelim,
	                  t.typinput::oid::regprocedure, t.typoutput::oid::regprocedure,
	                  t.typreceive::oid::regprocedure, t.typsend::oid::regprocedure,
	                  t.typmodin::oid::regprocedure, t.typmodout::oid::regprocedure,
	                  t.typanalyze::oid::regprocedure, t.typsubscript::oid::regprocedure,
	                  t.typalign, t.typstorage, t.typnotnull, t.typbasetype::regtype, t.typtypmod,
	                  t.typndims, t.typcollation, t.typdefault, t.typacl, t.typelem::regtype,
	                  t.typarray::regtype, ar.typinput::oid::regprocedure, ar.typoutput::oid::regprocedure,
	                  ar.typreceive::oid::regprocedure, ar.typsend::oid::regprocedure, ar.typalign,
	                  ar.typstorage, ar.typsubscript::oid::regprocedure)
	      FROM pg_type t LEFT JOIN pg_type ar ON ar.oid = t.typarray WHERE t.oid = m.objid)
	  WHEN 'pg_operator'::regclass THEN (
	    SELECT format('kind=%s left=%s right=%s result=%s com=%s neg=%s code=%s rest=%s join=%s merges=%s hashes=%s',
	                  o2.oprkind, o2.oprleft::regtype, o2.oprright::regtype, o2.oprresult::regtype,
	                  o2.oprcom::regoperator, o2.oprnegate::regoperator, o2.oprcode::oid::regprocedure,
	                  o2.oprrest::oid::regprocedure, o2.oprjoin::oid::regprocedure,
	                  o2.oprcanmerge, o2.oprcanhash)
	      FROM pg_operator o2 WHERE o2.oid = m.objid)
	  WHEN 'pg_cast'::regclass THEN (
	    SELECT format('source=%s target=%s func=%s context=%s method=%s',
	                  c.castsource::regtype, c.casttarget::regtype, c.castfunc::regprocedure,
	                  c.castcontext, c.castmethod)
	      FROM pg_cast c WHERE c.oid = m.objid)
	  WHEN 'pg_opclass'::regclass THEN (
	    SELECT format('am=%s intype=%s default=%s family=%s keytype=%s',
	                  am.amname, oc.opcintype::regtype, oc.opcdefault,
	                  pg_describe_object('pg_opfamily'::regclass, oc.opcfamily, 0), oc.opckeytype::regtype)
	      FROM pg_opclass oc JOIN pg_am am ON am.oid = oc.opcmethod WHERE oc.oid = m.objid)
	  WHEN 'pg_opfamily'::regclass THEN (
	    SELECT format('am=%s ops=[%s] procs=[%s]', am.amname,
	                  (SELECT string_agg(format('%s:%s:%s:%s:%s:%s', ao.amopstrategy, ao.amoplefttype::regtype,
	                                            ao.amoprighttype::regtype, ao.amopopr::regoperator,
	                                            ao.amoppurpose, ao.amopsortfamily),
	                                     ', ' ORDER BY ao.amopstrategy, ao.amoplefttype::regtype::text, ao.amoprighttype::regtype::text)
	                     FROM pg_amop ao WHERE ao.amopfamily = f.oid),
	                  (SELECT string_agg(format('%s:%s:%s:%s', ap.amprocnum, ap.amproclefttype::regtype,
	                                            ap.amprocrighttype::regtype, ap.amproc::oid::regprocedure),
	                                     ', ' ORDER BY ap.amprocnum, ap.amproclefttype::regtype::text, ap.amprocrighttype::regtype::text)
	                     FROM pg_amproc ap WHERE ap.amprocfamily = f.oid))
	      FROM pg_opfamily f JOIN pg_am am ON am.oid = f.opfmethod WHERE f.oid = m.objid)
	  ELSE '(class ' || m.classid::regclass || ')'
	  END AS definition,
	  (SELECT ds.description FROM pg_description ds
	    WHERE ds.classoid = m.classid AND ds.objoid = m.objid AND ds.objsubid = m.objsubid) AS comment,
	  (SELECT string_agg(x.r, '; ' ORDER BY x.r)
	     FROM (SELECT pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid) || ' (' || d.deptype::text || ')' AS r
	             FROM pg_depend d
	            WHERE d.classid = m.classid AND d.objid = m.objid AND d.objsubid = m.objsubid
	              AND d.refclassid <> 'pg_extension'::regclass) x) AS depends_on,
	  (SELECT string_agg(ip.privtype::text || ':' || ip.initprivs::text, '; ')
	     FROM pg_init_privs ip
	    WHERE ip.classoid = m.classid AND ip.objoid = m.objid AND ip.objsubid = m.objsubid) AS init_privs
	  FROM mem m, LATERAL pg_identify_object(m.classid, m.objid, m.objsubid) o
	 ORDER BY o.type, o.identity;
	\echo '# non-members in the extension schema'
	WITH ext AS (SELECT e.oid, e.extnamespace FROM pg_extension e WHERE e.extname = 'cxkpi'),
	mem AS (SELECT d.classid, d.objid FROM pg_depend d, ext
	         WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e')
	SELECT 'function', p.oid::regprocedure::text FROM pg_proc p, ext
	 WHERE p.pronamespace = ext.extnamespace
	   AND NOT EXISTS (SELECT FROM mem WHERE mem.classid = 'pg_proc'::regclass AND mem.objid = p.oid)
	UNION ALL
	SELECT 'operator', o.oid::regoperator::text FROM pg_operator o, ext
	 WHERE o.oprnamespace = ext.extnamespace
	   AND NOT EXISTS (SELECT FROM mem WHERE mem.classid = 'pg_operator'::regclass AND mem.objid = o.oid)
	UNION ALL
	SELECT 'type', t.oid::regtype::text FROM pg_type t, ext
	 WHERE t.typnamespace = ext.extnamespace AND t.typrelid = 0
	   AND NOT EXISTS (SELECT FROM mem WHERE mem.classid = 'pg_type'::regclass AND mem.objid = t.oid)
	   AND NOT EXISTS (SELECT FROM mem WHERE mem.classid = 'pg_type'::regclass AND mem.objid = t.typelem)
	ORDER BY 1, 2;
	EOF
}

# pg_dump --binary-upgrade spells out every member of the extension; drop
# what differs between any two databases (OIDs, relfrozenxid, \restrict keys).
schema_dump() {
	pg_dump --binary-upgrade --schema-only --exclude-schema=app -d "$1" |
		grep -vE '^(\\restrict|\\unrestrict|-- Dumped (from|by))|binary_upgrade_set_next_' >"$2"
}

# The 0.2.0 features.  Run identically in the upgraded and the fresh
# database; every "check|..." line must end in "|0".
workload_sql() {
	cat <<-EOF
	SET client_min_messages = warning;
	SET search_path = app, $EXT;
	SET TimeZone = 'UTC';
	SET extra_float_digits = 3;
	$(customers_sql customers 3000)

	CREATE TABLE months AS
	SELECT d::date AS lo, (d + interval '1 month')::date AS hi
	  FROM generate_series(date '2024-01-01', date '2024-12-01', interval '1 month') AS d;

	-- churn summaries of every kind, stored in a table
	CREATE TABLE churn_monthly AS
	SELECT segment, lo, hi,
	       churn_agg(started, ended, daterange(lo, hi)) AS s_date,
	       churn_agg(started_ts, ended_ts, tsrange(lo, hi)) AS s_ts,
	       churn_agg(started_tz, ended_tz, tstzrange(lo::timestamp AT TIME ZONE 'UTC', hi::timestamp AT TIME ZONE 'UTC')) AS s_tz,
	       churn_rate(started, ended, daterange(lo, hi)) AS rate_date,
	       count(*) FILTER (WHERE started < lo AND (ended IS NULL OR ended >= lo)) AS d_s,
	       count(*) FILTER (WHERE started < lo AND ended >= lo AND ended < hi) AS d_c,
	       count(*) FILTER (WHERE started >= lo AND started < hi) AS d_n,
	       count(*) FILTER (WHERE started >= lo AND started < hi AND ended < hi) AS d_ne,
	       count(*) FILTER (WHERE started_ts < lo AND (ended_ts IS NULL OR ended_ts >= lo)) AS t_s,
	       count(*) FILTER (WHERE started_ts < lo AND ended_ts >= lo AND ended_ts < hi) AS t_c,
	       count(*) FILTER (WHERE started_ts >= lo AND started_ts < hi) AS t_n,
	       count(*) FILTER (WHERE started_ts >= lo AND started_ts < hi AND ended_ts < hi) AS t_ne
	  FROM customers CROSS JOIN months GROUP BY segment, lo, hi;
	CREATE MATERIALIZED VIEW churn_monthly_mv AS
	SELECT segment, lo, churn_agg(started, ended, daterange(lo, hi)) AS s_date,
	       churn_agg(started_tz, ended_tz, tstzrange(lo::timestamp AT TIME ZONE 'UTC', hi::timestamp AT TIME ZONE 'UTC')) AS s_tz
	  FROM customers CROSS JOIN months GROUP BY segment, lo;
	CREATE UNIQUE INDEX ON churn_monthly_mv (segment, lo);
	REFRESH MATERIALIZED VIEW CONCURRENTLY churn_monthly_mv;

	\\echo '# churn summaries'
	SELECT segment, lo, s_date::text, s_ts::text, s_tz::text, rate_date,
	       churn_rate(s_date), retention_rate(s_date), customer_retention_rate(s_date),
	       customers_at_start(s_date), retained(s_date), churned(s_date), acquired(s_date),
	       acquired_ended(s_date), customers_at_end(s_date), std_error(s_date),
	       ci_lower(s_date), ci_upper(s_date), ci_lower(s_date, 0.9), ci_upper(s_ts, 0.99),
	       period_start(s_tz), period_end(s_ts), s_date::jsonb, s_tz::jsonb,
	       encode(churn_summary_send(s_ts), 'hex')
	  FROM churn_monthly ORDER BY segment, lo;
	SELECT 'check|churn counts = plain SQL (date)', count(*) FILTER (WHERE
	         customers_at_start(s_date) <> d_s OR churned(s_date) <> d_c
	         OR acquired(s_date) <> d_n OR acquired_ended(s_date) <> d_ne
	         OR customers_at_end(s_date) <> d_s - d_c + d_n - d_ne OR retained(s_date) <> d_s - d_c)
	  FROM churn_monthly;
	SELECT 'check|churn counts = plain SQL (timestamp, timestamptz)', count(*) FILTER (WHERE
	         customers_at_start(s_ts) <> t_s OR churned(s_ts) <> t_c
	         OR acquired(s_ts) <> t_n OR acquired_ended(s_ts) <> t_ne
	         OR customers_at_start(s_tz) <> t_s OR churned(s_tz) <> t_c
	         OR acquired(s_tz) <> t_n OR acquired_ended(s_tz) <> t_ne)
	  FROM churn_monthly;
	SELECT 'check|churn_rate aggregate = C/S', count(*) FILTER (WHERE
	         rate_date IS DISTINCT FROM (CASE WHEN d_s > 0 THEN d_c::float8 / d_s END))
	  FROM churn_monthly;
	SELECT 'check|MV = table', count(*) FILTER (WHERE mv.segment IS NULL OR t.segment IS NULL
	         OR NOT (mv.s_date OPERATOR($EXT.=) t.s_date) OR NOT (mv.s_tz OPERATOR($EXT.=) t.s_tz))
	  FROM churn_monthly_mv mv FULL JOIN churn_monthly t USING (segment, lo);
	SELECT 'check|rollup over segments = churn_agg over all rows', count(*) FILTER (WHERE
	         NOT (r.s OPERATOR($EXT.=) a.s) OR r.s IS NULL)
	  FROM (SELECT lo, rollup(s_date) AS s FROM churn_monthly GROUP BY lo) r
	  JOIN (SELECT lo, churn_agg(started, ended, daterange(lo, hi)) AS s
	          FROM customers CROSS JOIN months GROUP BY lo) a USING (lo);
	SELECT 'check|+ = rollup', count(*) FILTER (WHERE NOT ((a.s_date + b.s_date + c.s_date) OPERATOR($EXT.=) r.s))
	  FROM churn_monthly a JOIN churn_monthly b ON b.lo = a.lo AND b.segment = 'mid'
	  JOIN churn_monthly c ON c.lo = a.lo AND c.segment = 'smb'
	  JOIN (SELECT lo, rollup(s_date) AS s FROM churn_monthly GROUP BY lo) r ON r.lo = a.lo
	 WHERE a.segment = 'ent';
	SELECT 'check|GROUP BY churn_summary (hash opclass)',
	       (SELECT count(*) FROM (SELECT s_date FROM churn_monthly GROUP BY s_date) g)
	       - (SELECT count(DISTINCT s_date::text) FROM churn_monthly);
	SELECT 'check|active_at = customers_at_start', count(*) FILTER (WHERE
	         (SELECT count(*) FILTER (WHERE active_at(started, ended, lo)) FROM customers) <> r.n)
	  FROM (SELECT lo, customers_at_start(rollup(s_date)) AS n FROM churn_monthly GROUP BY lo) r;
	\\echo '# p_value between segments'
	SELECT a.segment, b.segment, a.lo, p_value(a.s_date, b.s_date), p_value(a.s_tz, b.s_tz)
	  FROM churn_monthly a JOIN churn_monthly b ON a.lo = b.lo AND a.segment < b.segment
	 ORDER BY 1, 2, 3;
	\\echo '# window churn_agg (moving aggregate with inverse)'
	CREATE TABLE churn_window AS
	SELECT id, churn_agg(started, ended, daterange('2024-03-01', '2024-04-01'))
	           OVER (ORDER BY id ROWS BETWEEN 40 PRECEDING AND CURRENT ROW) AS s
	  FROM customers WHERE id <= 400;
	SELECT md5(string_agg(s::text, ',' ORDER BY id)) FROM churn_window;
	SELECT 'check|window = recomputed frame', count(*) FILTER (WHERE NOT (w.s OPERATOR($EXT.=) f.s))
	  FROM churn_window w,
	       LATERAL (SELECT churn_agg(started, ended, daterange('2024-03-01', '2024-04-01')) AS s
	                  FROM customers c WHERE c.id BETWEEN w.id - 40 AND w.id) f;

	-- churn series, stored
	CREATE TABLE churn_series_store AS
	SELECT segment,
	       churn_series_agg(started, ended, date '2024-01-01', interval '1 month', 12) AS s_date,
	       churn_series_agg(started_ts, ended_ts, timestamp '2024-01-01', interval '1 month', 12) AS s_ts,
	       churn_series_agg(started_tz, ended_tz, timestamptz '2024-01-01 00:00:00+00', interval '1 month', 12) AS s_tz
	  FROM customers GROUP BY segment;
	\\echo '# churn series'
	SELECT segment, s_date::text, s_ts::text, s_tz::text, periods(s_date),
	       encode(churn_series_send(s_tz), 'hex')
	  FROM churn_series_store ORDER BY segment;
	SELECT s.segment, p.*
	  FROM churn_series_store s, LATERAL churn_periods(s.s_date) p ORDER BY 1, 2;
	SELECT 'check|churn_periods = churn_agg of each month', count(*) FILTER (WHERE m.segment IS NULL
	         OR NOT (churn_period(s.s_date, p.i) OPERATOR($EXT.=) m.s_date)
	         OR NOT (churn_period(s.s_ts, p.i) OPERATOR($EXT.=) m.s_ts)
	         OR NOT (churn_period(s.s_tz, p.i) OPERATOR($EXT.=) m.s_tz))
	  FROM churn_series_store s CROSS JOIN generate_series(1, 12) AS p(i)
	  LEFT JOIN churn_monthly m ON m.segment = s.segment
	        AND m.lo = (date '2024-01-01' + (p.i - 1) * interval '1 month')::date;
	SELECT 'check|rollup(churn_series) periods = rollup of the months', count(*) FILTER (WHERE
	         NOT (churn_period(r.s, m.i) OPERATOR($EXT.=) m.s))
	  FROM (SELECT rollup(s_date) AS s FROM churn_series_store) r,
	       (SELECT row_number() OVER (ORDER BY lo)::int AS i, s
	          FROM (SELECT lo, rollup(s_date) AS s FROM churn_monthly GROUP BY lo) x) m;

	-- revenue
	CREATE TABLE revenue_store AS
	SELECT segment, revenue_agg(mrr_start, mrr_end) AS r,
	       sum(coalesce(mrr_start, 0)) AS x_start, sum(coalesce(mrr_end, 0)) AS x_end,
	       coalesce(sum(mrr_end) FILTER (WHERE coalesce(mrr_start, 0) = 0 AND mrr_end > 0), 0) AS x_new,
	       coalesce(sum(mrr_end - mrr_start) FILTER (WHERE mrr_start > 0 AND mrr_end > mrr_start), 0) AS x_exp,
	       coalesce(sum(mrr_start - mrr_end) FILTER (WHERE mrr_start > 0 AND mrr_end > 0 AND mrr_end < mrr_start), 0) AS x_con,
	       coalesce(sum(mrr_start) FILTER (WHERE mrr_start > 0 AND coalesce(mrr_end, 0) = 0), 0) AS x_churn,
	       count(*) FILTER (WHERE mrr_start > 0) AS a_start, count(*) FILTER (WHERE mrr_end > 0) AS a_end,
	       count(*) FILTER (WHERE coalesce(mrr_start, 0) = 0 AND mrr_end > 0) AS a_new,
	       count(*) FILTER (WHERE mrr_start > 0 AND mrr_end > mrr_start) AS a_exp,
	       count(*) FILTER (WHERE mrr_start > 0 AND mrr_end > 0 AND mrr_end < mrr_start) AS a_con,
	       count(*) FILTER (WHERE mrr_start > 0 AND coalesce(mrr_end, 0) = 0) AS a_churn
	  FROM customers GROUP BY segment;
	\\echo '# revenue'
	SELECT segment, r::text, encode(revenue_summary_send(r), 'hex'), starting_mrr(r), ending_mrr(r),
	       new_mrr(r), expansion_mrr(r), contraction_mrr(r), churned_mrr(r),
	       gross_revenue_retention(r), net_revenue_retention(r), accounts_at_start(r),
	       accounts_at_end(r), new_accounts(r), expanded_accounts(r), contracted_accounts(r),
	       churned_accounts(r), r::jsonb
	  FROM revenue_store ORDER BY segment;
	SELECT 'check|revenue = plain SQL sums', count(*) FILTER (WHERE
	         starting_mrr(r) <> x_start OR ending_mrr(r) <> x_end OR new_mrr(r) <> x_new
	         OR expansion_mrr(r) <> x_exp OR contraction_mrr(r) <> x_con OR churned_mrr(r) <> x_churn
	         OR accounts_at_start(r) <> a_start OR accounts_at_end(r) <> a_end
	         OR new_accounts(r) <> a_new OR expanded_accounts(r) <> a_exp
	         OR contracted_accounts(r) <> a_con OR churned_accounts(r) <> a_churn
	         OR abs(gross_revenue_retention(r) - ((x_start - x_con - x_churn) / x_start)::float8) > 1e-12
	         OR abs(net_revenue_retention(r) - ((x_start + x_exp - x_con - x_churn) / x_start)::float8) > 1e-12)
	  FROM revenue_store;
	SELECT 'check|rollup(revenue) = revenue_agg over all rows', count(*) FILTER (WHERE NOT (a.r OPERATOR($EXT.=) b.r))
	  FROM (SELECT rollup(r) AS r FROM revenue_store) a,
	       (SELECT revenue_agg(mrr_start, mrr_end) AS r FROM customers) b;
	SELECT 'check|GROUP BY revenue_summary (hash opclass)',
	       (SELECT count(*) FROM (SELECT r FROM revenue_store GROUP BY r) g) - 3;
	EOF
}


# Format version 1 (0.1.0, 0.2.0: 280 bytes, whatever the weights) mixed
# with version 2 (this build: compact when unweighted), survey data set 1.
# The MV's summaries were written by the 0.1.0 binary; the same aggregates
# over app.answers, recomputed by this binary, must be "=" to them (content,
# not bytes), hash alike (GROUP BY), and merge with them in + and rollup()
# both ways round into version-2 values of the right size: old + new and
# new + old "=" new + new, rollup over old and new rows "=" rollup over the
# new ones twice.  Prints check|what|mismatches lines.
mix_sql_1() {
	local e=$EXT fam col agg
	cat <<-EOF
	SET search_path = pg_catalog;
	CREATE TEMP TABLE fresh AS
	SELECT day, segment,
	       $e.nps_agg(nps) AS nps_u, $e.nps_agg(nps, weight) AS nps_w,
	       $e.csat_agg(csat) AS csat_u, $e.csat_agg(csat, weight) AS csat_w,
	       $e.csat_agg(nps, 0, 10, 9, weight) AS csat_x,
	       $e.ces_agg(ces) AS ces_u, $e.ces_agg(ces, weight) AS ces_w,
	       $e.ces_agg(csat, 1, 5, 4, weight) AS ces_x
	  FROM app.answers GROUP BY day, segment;
	SELECT 'check|old summaries are format 1 (280 bytes), fresh ones format 2 (104 unweighted)',
	       count(*) FILTER (WHERE pg_column_size(o.nps_u) <> 280 OR pg_column_size(o.csat_u) <> 280
	                           OR pg_column_size(o.ces_u) <> 280 OR pg_column_size(f.nps_u) <> 104
	                           OR pg_column_size(f.csat_u) <> 104 OR pg_column_size(f.ces_u) <> 104)
	  FROM app.daily_kpi o JOIN fresh f USING (day, segment);
	SELECT 'check|fresh rows = MV rows = joined rows (more than 90)',
	       abs((SELECT count(*) FROM fresh) - m.n) + abs((SELECT count(*) FROM app.daily_kpi JOIN fresh USING (day, segment)) - m.n)
	       + (m.n <= 90)::int
	  FROM (SELECT count(*) AS n FROM app.daily_kpi) m;
	EOF
	for col in nps_u nps_w csat_u csat_w csat_x ces_u ces_w ces_x; do
		cat <<-EOF
		SELECT 'check|$col: old = fresh, old + fresh = fresh + old = fresh + fresh (format 2, its size)',
		       count(*) FILTER (WHERE NOT (o.$col OPERATOR($e.=) f.$col)
		                           OR NOT ((o.$col OPERATOR($e.+) f.$col) OPERATOR($e.=) (f.$col OPERATOR($e.+) f.$col))
		                           OR NOT ((f.$col OPERATOR($e.+) o.$col) OPERATOR($e.=) (f.$col OPERATOR($e.+) f.$col))
		                           OR (o.$col OPERATOR($e.+) f.$col)::text <> (f.$col OPERATOR($e.+) f.$col)::text
		                           OR pg_column_size(o.$col OPERATOR($e.+) f.$col)
		                              <> CASE WHEN o.$col::text LIKE '%;sumw=%' THEN 280 ELSE 104 END)
		  FROM app.daily_kpi o JOIN fresh f USING (day, segment);
		SELECT 'check|$col: GROUP BY over old and fresh values (hash opclass): one group per value',
		       (SELECT count(*) FROM (SELECT s FROM (SELECT $col FROM app.daily_kpi UNION ALL SELECT $col FROM fresh) u(s)
		                               GROUP BY s) g)
		       - (SELECT count(DISTINCT $col::text) FROM fresh);
		SELECT 'check|$col: rollup over old and fresh rows = rollup over fresh rows twice, both orders',
		       count(*) FILTER (WHERE NOT (a OPERATOR($e.=) c) OR NOT (b OPERATOR($e.=) c))
		  FROM (SELECT segment,
		               $e.rollup(s ORDER BY day, old) AS a, $e.rollup(s ORDER BY day, old DESC) AS b
		          FROM (SELECT segment, day, true, $col FROM app.daily_kpi
		                UNION ALL SELECT segment, day, false, $col FROM fresh) u(segment, day, old, s)
		         GROUP BY segment) x
		  JOIN (SELECT segment, $e.rollup(s ORDER BY day, k) AS c
		          FROM (SELECT segment, day, k, $col FROM fresh, (VALUES (1), (2)) AS t(k)) v(segment, day, k, s)
		         GROUP BY segment) y USING (segment);
		EOF
	done
}

# Run mix_sql_1 on DB: every check line must say 0 mismatches.
check_mix() {
	local db=$1 what=$2 out n
	step="[$EXT] format 1 and 2 mixed ($what)"
	out=$(mix_sql_1 | q "$db" -f -)
	n=$(echo "$out" | grep -c '^check|' || true)
	[ "$n" -ge 26 ] || fail "[$EXT] only $n format-mixing checks ran"
	if echo "$out" | grep '^check|' | grep -v '|0$' >&2; then
		fail "[$EXT] $what: summaries of format 1 and 2 do not mix (lines above: check|what|mismatches)"
	fi
	checks=$((checks + 1))
}
# ---------------------------------------------------------------------------


# point_at DB LIBRARY WHAT: every C function of the extension calls
# LIBRARY (a release build, or '$libdir/cxkpi'); a new backend that calls
# one loads LIBRARY and no other cxkpi.so (/proc/self/maps).
point_at() {
	local db=$1 lib=$2 what=$3 n total maps other
	step="[$EXT] pointing the extension's C functions at $what"
	n=$(q "$db" <<-EOF
	WITH s AS (
	  UPDATE pg_catalog.pg_proc SET probin = '$lib'
	   WHERE probin IS NOT NULL
	     AND oid IN (SELECT objid FROM pg_depend d JOIN pg_extension e ON d.refobjid = e.oid
	                  WHERE d.refclassid = 'pg_extension'::regclass AND d.classid = 'pg_proc'::regclass
	                    AND d.deptype = 'e' AND e.extname = 'cxkpi')
	  RETURNING 1)
	SELECT count(*) FROM s;
	EOF
	)
	total=$(q "$db" -c "SELECT count(*) FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
	                     WHERE l.lanname = 'c' AND p.oid IN (SELECT objid FROM pg_depend d JOIN pg_extension e ON d.refobjid = e.oid
	                       WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND e.extname = 'cxkpi')")
	[ "$n" -gt 50 ] && [ "$n" = "$total" ] || fail "[$EXT] $n of $total C functions pointed at $what"
	maps=$(q "$db" -c "SELECT $EXT.nps('v1;counts=0,0,0,0,0,0,0,0,0,0,1'::$EXT.nps_summary)" \
		-c "SELECT pg_read_file('/proc/self/maps')")
	if [ "$lib" = '$libdir/cxkpi' ]; then
		echo "$maps" | grep -qF "$("$PG_CONFIG_BIN" --pkglibdir)/cxkpi.so" || fail "[$EXT] the backend did not load the installed cxkpi.so"
	else
		echo "$maps" | grep -qF "$lib" || fail "[$EXT] the backend did not load $lib"
		if echo "$maps" | grep -qF "$("$PG_CONFIG_BIN" --pkglibdir)/cxkpi.so"; then
			fail "[$EXT] the backend loaded the installed cxkpi.so next to $lib"
		fi
	fi
	for other in "${SO[@]}"; do
		if [ -n "$other" ] && [ "$other" != "$lib" ] && echo "$maps" | grep -qF "$other"; then
			fail "[$EXT] the backend loaded $other next to $what"
		fi
	done
	checks=$((checks + 1))
}

# check_version DB VERSION: pg_extension and \dx say VERSION.
check_version() {
	local dx
	dx=$(psql -X -d "$1" -c '\dx cxkpi')
	# (PostgreSQL 18's \dx has a "Default version" column after "Version")
	echo "$dx" | grep -qE "^ *cxkpi *\| *$2 *\|( *[0-9.]+ *\|)? *$EXT *\|" || fail "[$EXT] \\dx does not show cxkpi $2 in $EXT: $dx"
}

# ---------------------------------------------------------------------------

layouts=()
for EXT in kpi public; do
	layouts+=("$EXT")
	drop_dbs
	fp_sets=""
	if [ "$EXT" = public ]; then
		schema_clause=""
		mkschema="SET client_min_messages = warning"
		update_to=""					# ALTER EXTENSION cxkpi UPDATE: the default version
	else
		schema_clause="SCHEMA $EXT"
		mkschema="CREATE SCHEMA $EXT"
		update_to="TO '$TO'"
	fi

	# --- 1. a 0.1.0 database, written by the 0.1.0 binary -------------------
	step="[$EXT] CREATE EXTENSION cxkpi VERSION '$FROM'"
	createdb "$DB_OLD"
	q "$DB_OLD" -c "CREATE SCHEMA app" -c "$mkschema" \
		-c "CREATE EXTENSION cxkpi VERSION '$FROM' $schema_clause"
	res=$(q "$DB_OLD" -c "SELECT extversion || '|' || (to_regtype('$EXT.churn_summary') IS NULL)
	                        || '|' || (to_regtype('$EXT.nps_summary') IS NOT NULL)
	                        FROM pg_extension WHERE extname = 'cxkpi'")
	[ "$res" = "$FROM|true|true" ] || fail "[$EXT] CREATE EXTENSION VERSION '$FROM' gave: $res (want $FROM, no churn_summary, nps_summary)"
	if [ -n "${SO[$FROM]}" ]; then point_at "$DB_OLD" "${SO[$FROM]}" "the $FROM build"; fi

	# --- 2. survey data and fingerprint 1 ----------------------------------
	step="[$EXT] test objects at $FROM"
	create_objects_1 "$DB_OLD"
	record_truth "$DB_OLD" 1
	grep -q '^2024-05-10|kiosk|5|v1;counts=0,0,0,0,0,0,0,0,0,0,0|' "$WORK/$EXT.before.fp1" ||
		fail "[$EXT] the MV lacks the empty summary of an all-NULL-scores day"
	grep -q 'sumw=.*0\.1' "$WORK/$EXT.before.fp1" ||
		fail "[$EXT] no weighted summary with fractional sums in the fingerprint"
	nsummaries=$(wc -l <"$WORK/$EXT.truth1.tsv")

	# --- 3. the 0.2.0 binary, then ALTER EXTENSION UPDATE TO '0.2.0' -------
	if [ -n "${SO[$MID]}" ]; then
		point_at "$DB_OLD" "${SO[$MID]}" "the $MID build"
		check_fingerprint "$DB_OLD" "$FROM data read by the $MID binary, before ALTER EXTENSION"
		check_equality "$DB_OLD" "$FROM data read by the $MID binary"
	fi
	step="[$EXT] ALTER EXTENSION cxkpi UPDATE TO '$MID'"
	q "$DB_OLD" -c "ALTER EXTENSION cxkpi UPDATE TO '$MID'"
	check_version "$DB_OLD" "$MID"
	# the update script's new functions call $libdir/cxkpi
	if [ -n "${SO[$MID]}" ]; then point_at "$DB_OLD" "${SO[$MID]}" "the $MID build"; fi
	check_fingerprint "$DB_OLD" "after ALTER EXTENSION UPDATE TO '$MID'"
	check_equality "$DB_OLD" "after ALTER EXTENSION UPDATE TO '$MID'"

	# --- 4. customer-lifecycle data and fingerprint 2 -----------------------
	step="[$EXT] test objects at $MID"
	create_objects_2 "$DB_OLD"
	record_truth "$DB_OLD" 2
	grep -q '^1|zero|v1;period=\[2024-01-01,2024-02-01);at_start=0;' "$WORK/$EXT.before.fp2" ||
		fail "[$EXT] fingerprint 2 lacks the zero churn summary"
	grep -q '|v1;scale=20;' "$WORK/$EXT.before.fp2" ||
		fail "[$EXT] fingerprint 2 has no revenue summary with 20 decimal places"
	toast=$(q "$DB_OLD" -c "SELECT $EXT.periods(series) || '|' ||
	                              (pg_column_size(series) < pg_column_size(series::text::$EXT.churn_series))
	                         FROM app.flow_store WHERE id = 100")
	[ "$toast" = "1000|true" ] || fail "[$EXT] the daily series is not stored compressed with 1000 periods: $toast"
	nsummaries2=$(wc -l <"$WORK/$EXT.truth2.tsv")

	# --- 5. the installed (0.3.0) binary, then the update to 0.3.0 ----------
	if [ -n "${SO[$MID]}" ] || [ -n "${SO[$FROM]}" ]; then
		point_at "$DB_OLD" '$libdir/cxkpi' "\$libdir/cxkpi (the $TO binary)"
		check_fingerprint "$DB_OLD" "data read by the $TO binary, before ALTER EXTENSION"
		check_equality "$DB_OLD" "data read by the $TO binary"
	fi
	step="[$EXT] ALTER EXTENSION cxkpi UPDATE $update_to"
	q "$DB_OLD" -c "ALTER EXTENSION cxkpi UPDATE $update_to"
	check_version "$DB_OLD" "$TO"
	check_fingerprint "$DB_OLD" "after ALTER EXTENSION UPDATE $update_to"
	check_equality "$DB_OLD" "after ALTER EXTENSION UPDATE $update_to"
	check_mix "$DB_OLD" "after ALTER EXTENSION UPDATE $update_to"
	step="[$EXT] REFRESH after the upgrade"
	q "$DB_OLD" -c "REFRESH MATERIALIZED VIEW app.daily_kpi" -c "REFRESH MATERIALIZED VIEW app.flow_monthly"
	check_fingerprint "$DB_OLD" "after upgrade + REFRESH"
	q "$DB_OLD" -c "REFRESH MATERIALIZED VIEW CONCURRENTLY app.daily_kpi" \
		-c "REFRESH MATERIALIZED VIEW CONCURRENTLY app.flow_monthly"
	check_fingerprint "$DB_OLD" "after upgrade + REFRESH CONCURRENTLY"
	check_equality "$DB_OLD" "after upgrade + REFRESH"

	# --- 6. same objects as a fresh install --------------------------------
	step="[$EXT] fresh CREATE EXTENSION cxkpi"
	createdb "$DB_FRESH"
	q "$DB_FRESH" -c "CREATE SCHEMA app" -c "$mkschema" \
		-c "CREATE EXTENSION cxkpi $schema_clause"
	[ "$(q "$DB_FRESH" -c "SELECT extversion FROM pg_extension WHERE extname = 'cxkpi'")" = "$TO" ] ||
		fail "[$EXT] CREATE EXTENSION cxkpi did not install $TO"
	step="[$EXT] catalogs of the upgraded and the fresh database"
	catalog_sql | q "$DB_FRESH" -f - >"$WORK/$EXT.catalog.fresh"
	catalog_sql | q "$DB_OLD" -f - >"$WORK/$EXT.catalog.upgraded"
	nmembers=$(q "$DB_FRESH" -c "SELECT count(*) FROM pg_depend WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
	                              AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'cxkpi')
	                              AND NOT (classid = 'pg_type'::regclass
	                                       AND objid IN (SELECT oid FROM pg_type WHERE typcategory = 'A' AND typelem <> 0))")
	# (PostgreSQL 17 and later also record each type's implicit array type
	# as a member: not counted, it has no CREATE of its own)
	# one member per CREATE FUNCTION/AGGREGATE/CAST/OPERATOR and type, two
	# per operator class (the class and its implicit family)
	f="sql/cxkpi--$TO.sql"
	want=$(($(grep -cE '^CREATE (FUNCTION|AGGREGATE|CAST|OPERATOR @)' "$f")
		+ 2 * $(grep -cE '^CREATE OPERATOR CLASS ' "$f")
		+ $(grep -E '^CREATE TYPE ' "$f" | sed -E 's/^CREATE TYPE ([^ ;(]+).*/\1/' | sort -u | wc -l)))
	[ "$nmembers" = "$want" ] ||
		fail "[$EXT] a fresh install has $nmembers member objects, but $f creates $want"
	grep -q 'churn_series_agg' "$WORK/$EXT.catalog.fresh" || fail "[$EXT] the catalog listing lacks churn_series_agg"
	diff_or_fail "$WORK/$EXT.catalog.fresh" "$WORK/$EXT.catalog.upgraded" \
		"extension objects of the upgraded database (+) differ from a fresh $TO install (-)"
	step="[$EXT] pg_dump --binary-upgrade of the upgraded and the fresh database"
	schema_dump "$DB_FRESH" "$WORK/$EXT.schema.fresh"
	schema_dump "$DB_OLD" "$WORK/$EXT.schema.upgraded"
	grep -q 'ALTER EXTENSION cxkpi ADD TYPE .*churn_series' "$WORK/$EXT.schema.fresh" ||
		fail "[$EXT] pg_dump --binary-upgrade does not list the members (cannot compare)"
	diff_or_fail "$WORK/$EXT.schema.fresh" "$WORK/$EXT.schema.upgraded" \
		"pg_dump --binary-upgrade --schema-only of the upgraded database (+) differs from a fresh $TO install (-)"
	step="[$EXT] $FROM updated to $TO in one ALTER EXTENSION cxkpi UPDATE"
	createdb "$DB_TMP"
	q "$DB_TMP" -c "CREATE SCHEMA app" -c "$mkschema" \
		-c "CREATE EXTENSION cxkpi VERSION '$FROM' $schema_clause" -c "ALTER EXTENSION cxkpi UPDATE"
	check_version "$DB_TMP" "$TO"
	catalog_sql | q "$DB_TMP" -f - >"$WORK/$EXT.catalog.direct"
	diff_or_fail "$WORK/$EXT.catalog.fresh" "$WORK/$EXT.catalog.direct" \
		"extension objects after one UPDATE from $FROM (+) differ from a fresh $TO install (-)"
	schema_dump "$DB_TMP" "$WORK/$EXT.schema.direct"
	diff_or_fail "$WORK/$EXT.schema.fresh" "$WORK/$EXT.schema.direct" \
		"pg_dump --binary-upgrade after one UPDATE from $FROM (+) differs from a fresh $TO install (-)"
	dropdb "$DB_TMP"

	# --- 6b. a trusted extension updated by its non-superuser owner ----------
	# The update script sets pg_aggregate.aggtransspace (SSPACE) of the
	# aggregates 0.2.0 had: it runs as the bootstrap superuser for an owner
	# with CREATE on the database, who ends up with the fresh install's SSPACE.
	if [ "$EXT" = kpi ]; then
		step="[$EXT] $MID updated to $TO by a non-superuser owner"
		createdb "$DB_TMP"
		q "$DB_TMP" -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS cxkpi_upgrade_owner" -c "CREATE ROLE cxkpi_upgrade_owner LOGIN" \
			-c "GRANT CREATE ON DATABASE $DB_TMP TO cxkpi_upgrade_owner"
		# (SET ROLE: superuser() is false for the rest of the session)
		q "$DB_TMP" -c "SET ROLE cxkpi_upgrade_owner" -c "CREATE SCHEMA $EXT" \
			-c "CREATE EXTENSION cxkpi VERSION '$MID' SCHEMA $EXT" \
			-c "SELECT 'check|superuser' WHERE current_setting('is_superuser')::bool" \
			-c "ALTER EXTENSION cxkpi UPDATE TO '$TO'" | grep -q . && fail "[$EXT] SET ROLE left the session a superuser"
		space_sql="SELECT string_agg(a.aggfnoid::regprocedure::text || '=' || a.aggtransspace, ',' ORDER BY a.aggfnoid::regprocedure::text)
		             FROM pg_aggregate a JOIN pg_depend d ON d.objid = a.aggfnoid AND d.classid = 'pg_proc'::regclass
		              AND d.deptype = 'e' AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'cxkpi')"
		res=$(q "$DB_TMP" -c "SELECT r.rolname || '|' || NOT r.rolsuper FROM pg_extension e JOIN pg_roles r ON r.oid = e.extowner WHERE e.extname = 'cxkpi'")
		[ "$res" = "cxkpi_upgrade_owner|true" ] || fail "[$EXT] the extension's owner is not the non-superuser role: $res"
		a=$(q "$DB_TMP" -c "$space_sql")
		b=$(q "$DB_FRESH" -c "$space_sql")
		[ "$a" = "$b" ] || fail "[$EXT] SSPACE after an update by the non-superuser owner differs from a fresh install: $a vs $b"
		echo "$a" | grep -q 'nps_agg(integer)=104' || fail "[$EXT] nps_agg(integer) has no SSPACE 104: $a"
		dropdb "$DB_TMP"
		q "$DB_FRESH" -c "DROP ROLE cxkpi_upgrade_owner"
		checks=$((checks + 1))
	fi

	# --- 7. the 0.2.0 features work in the upgraded database ----------------
	step="[$EXT] $MID features in the fresh database"
	workload_sql | q "$DB_FRESH" -f - >"$WORK/$EXT.work.fresh"
	step="[$EXT] $MID features in the upgraded database"
	workload_sql | q "$DB_OLD" -f - >"$WORK/$EXT.work.upgraded"
	nchecks=$(grep -c '^check|' "$WORK/$EXT.work.upgraded" || true)
	[ "$nchecks" -ge 14 ] || fail "[$EXT] only $nchecks workload checks ran"
	if grep '^check|' "$WORK/$EXT.work.upgraded" | grep -v '|0$' >&2; then
		fail "[$EXT] $MID features in the upgraded database disagree with plain SQL (lines above: check|what|mismatches)"
	fi
	checks=$((checks + 1))
	diff_or_fail "$WORK/$EXT.work.fresh" "$WORK/$EXT.work.upgraded" \
		"$MID features give other results in the upgraded database (+) than in a fresh one (-)"

	# --- 8. UPDATE again is a no-op; no way down ------------------------------
	step="[$EXT] ALTER EXTENSION cxkpi UPDATE at $TO"
	out=$(psql -X -q -v ON_ERROR_STOP=1 -d "$DB_OLD" -c "ALTER EXTENSION cxkpi UPDATE" 2>&1)
	echo "$out" | grep -qF "version \"$TO\" of extension \"cxkpi\" is already installed" ||
		fail "[$EXT] ALTER EXTENSION cxkpi UPDATE at $TO did not say it is already installed: $out"
	out=$(psql -X -q -v ON_ERROR_STOP=1 -d "$DB_OLD" -c "ALTER EXTENSION cxkpi UPDATE TO '$TO'" 2>&1)
	echo "$out" | grep -qF "already installed" ||
		fail "[$EXT] ALTER EXTENSION cxkpi UPDATE TO '$TO' at $TO: $out"
	catalog_sql | q "$DB_OLD" -f - >"$WORK/$EXT.catalog.again"
	diff_or_fail "$WORK/$EXT.catalog.upgraded" "$WORK/$EXT.catalog.again" "ALTER EXTENSION UPDATE at $TO changed the catalog"
	check_fingerprint "$DB_OLD" "after a second ALTER EXTENSION UPDATE"
	for v in "$MID" "$FROM"; do
		if out=$(psql -X -q -v ON_ERROR_STOP=1 -d "$DB_OLD" -c "ALTER EXTENSION cxkpi UPDATE TO '$v'" 2>&1); then
			fail "[$EXT] ALTER EXTENSION cxkpi UPDATE TO '$v' (a downgrade) succeeded"
		fi
		echo "$out" | grep -qF "no update path from version \"$TO\" to version \"$v\"" ||
			fail "[$EXT] downgrade to $v refused with an unexpected message: $out"
	done
	checks=$((checks + 1))

	# --- 9. the upgraded database dumps and restores ------------------------
	step="[$EXT] pg_dump -Fc of the upgraded database"
	pg_dump -Fc -f "$WORK/$EXT.dump" "$DB_OLD"
	createdb "$DB_REST"
	pg_restore --exit-on-error -d "$DB_REST" "$WORK/$EXT.dump"
	[ "$(q "$DB_REST" -c "SELECT extversion FROM pg_extension WHERE extname = 'cxkpi'")" = "$TO" ] ||
		fail "[$EXT] the restored database does not have cxkpi $TO"
	check_fingerprint "$DB_REST" "pg_restore of the upgraded database"
	check_equality "$DB_REST" "pg_restore of the upgraded database"
	step="[$EXT] $MID workload data of the upgraded database after pg_restore"
	for t in churn_monthly churn_series_store revenue_store; do
		a=$(q "$DB_OLD" -c "SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM app.$t t")
		b=$(q "$DB_REST" -c "SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM app.$t t")
		[ "$a" = "$b" ] || fail "[$EXT] app.$t differs after pg_restore of the upgraded database"
	done
	checks=$((checks + 1))

	drop_dbs
done

echo "$ME: OK -- cxkpi $FROM -> $MID -> $TO in schema ${layouts[*]}: $nsummaries nps/csat/ces summaries (${notes[0]}) and $nsummaries2 churn/series/revenue summaries (${notes[1]}) identical in text, send bytes, accessors and '=' after each ALTER EXTENSION UPDATE (TO '$TO' and to the default), REFRESH and pg_restore; $nmembers member objects identical to a fresh $TO install (catalog and pg_dump --binary-upgrade), also after one UPDATE from $FROM; $MID features agree with plain SQL and a fresh install ($nchecks checks); UPDATE at $TO is a no-op, no way down; $nfrozen released scripts frozen; install script = its sql/src/ sources; $checks checks"
