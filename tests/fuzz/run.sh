#!/bin/bash
# make fuzz: coverage-guided fuzzing (libFuzzer) of the text and binary
# input functions of every cxkpi type, inside a real PostgreSQL backend.
#
#   1. A private server copy (tests/sanitize/lib.sh) gets cxkpi built with
#      clang -fsanitize=fuzzer-no-link,address,undefined, with the driver
#      tests/fuzz/cxkpi_fuzz.c and libFuzzer's no-main runtime linked into
#      that cxkpi.so (why: below).  It is never installed into the
#      system's server.
#   2. A cluster of that server loads tests/data, computes the summaries of
#      tests/fuzz/seeds.sql and writes the canonical text and send bytes of
#      each as seeds.  The types are the catalog's: every base type whose
#      input function lives in $libdir/cxkpi (a new type joins by itself).
#   3. A single-user backend calls
#      cxkpi_fuzz_run(types, libFuzzer arguments): libFuzzer runs for
#      FUZZ_SECONDS and exits the backend (see cxkpi_fuzz.c for what each
#      input is checked for).
#   4. Prints inputs tried (libFuzzer's run count), corpus size, crashes;
#      copies every crash reproducer to FUZZ_CRASH_DIR with its hex.
#      Reproducers committed to tests/fuzz/crashes/ (crash-*) are replayed
#      with the seeds on every run, so a fixed crash stays fixed.
#
# Environment: FUZZ_SECONDS (60), FUZZ_FUNCTIONS (on: call cxkpi's accessors
# and operators on every accepted value; off: parsers only), FUZZ_MAX_LEN (8192), FUZZ_CORPUS (a
# directory to keep the corpus in across runs; default: a throwaway one),
# FUZZ_CRASH_DIR (tests/fuzz/crashes), FUZZ_ARGS (more libFuzzer flags),
# PGVER (15), CXKPI_KEEP_WORK=1.
set -euo pipefail
source "$(dirname "$0")/../sanitize/lib.sh"
cd "$CXKPI_ROOT"

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_MAX_LEN=${FUZZ_MAX_LEN:-8192}
FUZZ_CRASH_DIR=${FUZZ_CRASH_DIR:-$CXKPI_ROOT/tests/fuzz/crashes}

san_setup

# The driver goes into the fuzz build's cxkpi.so itself, with libFuzzer's
# static no-main runtime, linked -Bsymbolic: the ASan runtime, first in the
# process, carries weak stand-ins for the coverage callbacks
# (__sanitizer_cov_8bit_counters_init, __sanitizer_cov_trace_cmp*, ...),
# and the instrumented code must reach libFuzzer's, not those.  A separate
# driver library would bind to the stand-ins and fuzz without coverage.
# The runtime goes into a shared object, so it must be position-independent
# (no absolute 32-bit relocations).
if [ "$(readelf -r "$SAN_FUZZER_RT" | grep -cE 'R_X86_64_(32|32S) ')" != 0 ]; then
	echo "cxkpi: $SAN_FUZZER_RT is not position-independent; cannot link it into a shared object" >&2
	exit 1
fi
mkdir -p "$SAN_WORK/fuzzobj"
# shellcheck disable=SC2086  # PG_CFLAGS holds several flags
clang -O1 -g -fPIC -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-Wall -Wextra -Wno-unused-parameter ${PG_CFLAGS:-} -isystem "$("$SAN_PG_CONFIG" --includedir-server)" \
	-c -o "$SAN_WORK/fuzzobj/cxkpi_fuzz.o" tests/fuzz/cxkpi_fuzz.c
san_build_extension "-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -O1 -g" \
	SHLIB_LINK="$SAN_WORK/fuzzobj/cxkpi_fuzz.o -Wl,--whole-archive $SAN_FUZZER_RT -Wl,--no-whole-archive -lstdc++ -lm -lpthread -Wl,-Bsymbolic"
pkglibdir=$("$SAN_PG_CONFIG" --pkglibdir)
if [ "$(nm -D "$pkglibdir/cxkpi.so" | grep -c -w LLVMFuzzerRunDriver)" = 0 ]; then
	echo "cxkpi: the fuzz build of cxkpi.so has no libFuzzer" >&2
	exit 1
fi
echo "== fuzz build: $pkglibdir/cxkpi.so (driver tests/fuzz/cxkpi_fuzz.c, libFuzzer from $SAN_FUZZER_RT)"

san_initdb
san_start
psql -q -v ON_ERROR_STOP=1 -c 'CREATE DATABASE cxkpi_fuzz'
psql -q -v ON_ERROR_STOP=1 -d cxkpi_fuzz <<-'EOF'
	CREATE EXTENSION cxkpi;
	CREATE FUNCTION cxkpi_fuzz_run(regtype[], regprocedure[], text[]) RETURNS void
		AS '$libdir/cxkpi', 'cxkpi_fuzz_run' LANGUAGE C STRICT;
	-- the fuzzed types: base types whose input function is cxkpi's, by name
	CREATE FUNCTION cxkpi_fuzz_types() RETURNS regtype[] LANGUAGE sql STABLE AS $$
		SELECT array_agg(t.oid::regtype ORDER BY t.typname)
		FROM pg_type t JOIN pg_proc p ON p.oid = t.typinput
		WHERE t.typtype = 'b' AND p.probin = '$libdir/cxkpi'
	$$;
	-- called on every accepted value: cxkpi's strict plain functions of one
	-- or two arguments whose first argument is a fuzzed type (accessors,
	-- operators, jsonb casts), but not the I/O functions
	CREATE FUNCTION cxkpi_fuzz_funcs() RETURNS regprocedure[] LANGUAGE sql STABLE AS $$
		SELECT coalesce(array_agg(p.oid::regprocedure ORDER BY p.oid), '{}')
		FROM pg_proc p
		WHERE p.probin = '$libdir/cxkpi' AND p.prokind = 'f' AND p.proisstrict AND NOT p.proretset
			AND p.pronargs BETWEEN 1 AND 2 AND p.proargtypes[0] = ANY (cxkpi_fuzz_types())
			AND p.prorettype NOT IN ('cstring'::regtype, 'bytea'::regtype, 'internal'::regtype)
			AND current_setting('cxkpi.fuzz_functions', true) IS DISTINCT FROM 'off'
	$$;
	-- seed files (name, hex): selector byte (2i text, 2i+1 binary for the
	-- i-th type) + output text or send bytes of every distinct value of
	-- every column of a cxkpi type in schema public
	CREATE FUNCTION cxkpi_fuzz_seeds() RETURNS TABLE (name text, hex text) LANGUAGE plpgsql AS $$
	DECLARE
		types regtype[] := cxkpi_fuzz_types();
		c record;
	BEGIN
		FOR c IN
			SELECT a.attrelid::regclass AS rel, a.attname, t.typname, t.typsend,
				   array_position(types, a.atttypid::regtype) - 1 AS i
			FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid
			WHERE a.atttypid = ANY (types) AND r.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
				AND r.relnamespace = 'public'::regnamespace
			ORDER BY 1, 2
		LOOP
			RETURN QUERY EXECUTE format(
				'SELECT %L || ''-'' || k || ''-'' || md5(h), h FROM ('
				' SELECT DISTINCT ''text'' AS k, lpad(to_hex(2 * %s), 2, ''0'') || encode(convert_to(v::text, ''UTF8''), ''hex'') AS h FROM (SELECT %I AS v FROM %s WHERE %I IS NOT NULL) s'
				' UNION'
				' SELECT DISTINCT ''binary'', lpad(to_hex(2 * %s + 1), 2, ''0'') || encode(%s(v), ''hex'') FROM (SELECT %I AS v FROM %s WHERE %I IS NOT NULL) s'
				') u', c.typname, c.i, c.attname, c.rel, c.attname, c.i, c.typsend, c.attname, c.rel, c.attname);
		END LOOP;
	END
	$$;
EOF
echo "== seeds from tests/data and tests/fuzz/seeds.sql"
for f in tests/data/surveys.sql tests/data/customers.sql tests/fuzz/seeds.sql; do
	psql -q -v ON_ERROR_STOP=1 -d cxkpi_fuzz -f "$f"
done
SEEDS=$SAN_WORK/seeds
mkdir -p "$SEEDS"
psql -qAt -F $'\t' -v ON_ERROR_STOP=1 -d cxkpi_fuzz -c 'SELECT * FROM cxkpi_fuzz_seeds()' |
	SEEDS=$SEEDS perl -ne 'chomp; my ($f, $h) = split /\t/; open(my $o, ">", "$ENV{SEEDS}/$f") or die "$f: $!"; print $o pack("H*", $h); close $o;'
psql -qAt -v ON_ERROR_STOP=1 -d cxkpi_fuzz -c \
	"SELECT format('   %s (selector %s text, %s binary)', t, 2 * (i - 1), 2 * (i - 1) + 1) FROM unnest(cxkpi_fuzz_types()) WITH ORDINALITY u(t, i)"
types=$(psql -qAt -d cxkpi_fuzz -c 'SELECT cxkpi_fuzz_types()')
funcs=$(PGOPTIONS="-c cxkpi.fuzz_functions=${FUZZ_FUNCTIONS:-on}" psql -qAt -d cxkpi_fuzz -c 'SELECT cxkpi_fuzz_funcs()::oid[]')
for t in $(psql -qAt -d cxkpi_fuzz -c 'SELECT typname FROM unnest(cxkpi_fuzz_types()) x JOIN pg_type ON oid = x'); do
	n=$(find "$SEEDS" -name "$t-*" | wc -l)
	echo "   $t: $n seeds"
	[ "$n" -gt 0 ] || echo "!! no seed for $t: add its aggregates to tests/fuzz/seeds.sql"
done
san_stop

# Committed reproducers (tests/fuzz/crashes/crash-*) are run first, with
# the seeds: a fixed bug that comes back fails the run at once.
REPLAY=$SAN_WORK/replay
mkdir -p "$REPLAY"
n_replay=0
for f in "$CXKPI_ROOT"/tests/fuzz/crashes/crash-*; do
	[ -f "$f" ] || continue
	cp "$f" "$REPLAY/"
	n_replay=$((n_replay + 1))
done
echo "   $n_replay committed reproducers to replay (tests/fuzz/crashes)"

# libFuzzer writes new inputs into the first corpus directory
CORPUS=${FUZZ_CORPUS:-$SAN_WORK/corpus}
mkdir -p "$CORPUS" "$SAN_WORK/crashes"
if [ "$SAN_USER" != "$(id -un)" ]; then chown -R "$SAN_USER" "$CORPUS" "$SAN_WORK/crashes"; fi
args="'-max_total_time=$FUZZ_SECONDS', '-max_len=$FUZZ_MAX_LEN', '-timeout=20', '-rss_limit_mb=4096', '-detect_leaks=0', '-print_final_stats=1', '-artifact_prefix=$SAN_WORK/crashes/', '$CORPUS', '$SEEDS', '$REPLAY'"
for a in ${FUZZ_ARGS:-}; do args="$args, '$a'"; done
echo "== fuzzing for ${FUZZ_SECONDS}s (single-user backend, libFuzzer in process)"
FUZZ_LOG=$SAN_WORK/run/fuzz.log
status=0
echo "SELECT cxkpi_fuzz_run('$types', '$funcs'::oid[]::regprocedure[], ARRAY[$args]::text[])" |
	san_server "$SAN_BIN/postgres" --single -D "$SAN_DATA" -F cxkpi_fuzz \
		>"$FUZZ_LOG" 2>&1 || status=$?
grep -vE '^(#[0-9]+\s+(NEW|REDUCE|pulse)|"|###### |\s+NEW_FUNC)' "$FUZZ_LOG" | tail -n 40

runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$FUZZ_LOG" | tail -n 1)
done_line=$(grep -E '^Done [0-9]+ runs' "$FUZZ_LOG" | tail -n 1 || true)
modules=$(sed -n 's/^INFO: Loaded \([0-9]*\) modules.*/\1/p' "$FUZZ_LOG" | head -n 1)
cov=$(sed -n 's/^#[0-9]*[[:space:]]*DONE[[:space:]]*cov: \([0-9]*\) ft: \([0-9]*\).*/\1 edges, \2 features/p' "$FUZZ_LOG" | tail -n 1)
corpus_n=$(find "$CORPUS" -type f | wc -l)
seeds_n=$(find "$SEEDS" -type f | wc -l)
crashes=$(find "$SAN_WORK/crashes" -type f | wc -l)
echo "== fuzz summary"
echo "inputs tried: ${runs:-unknown}; coverage: ${cov:-unknown}; seeds: $seeds_n; new corpus inputs: $corpus_n; crashes: $crashes; exit status: $status"
if [ "${modules:-0}" = 0 ]; then
	echo "!! libFuzzer found no instrumented module: it fuzzed without coverage"
	status=1
fi
[ -n "$done_line" ] || { echo "!! libFuzzer did not finish its run"; status=1; }
if [ "$crashes" != 0 ]; then
	mkdir -p "$FUZZ_CRASH_DIR"
	for f in "$SAN_WORK"/crashes/*; do
		cp "$f" "$FUZZ_CRASH_DIR/"
		echo "!! reproducer $FUZZ_CRASH_DIR/$(basename "$f") ($(stat -c %s "$f") bytes), hex:"
		od -An -v -tx1 "$f" | tr -d ' \n' | fold -w 96
		echo
	done
	status=1
fi
san_reports || status=1
# what failed, last, so the tail of a CI log says it: the driver's finding
# lines, libFuzzer's verdict and the reproducers (their hex is above)
if [ "$status" != 0 ]; then
	echo "== fuzz findings"
	grep -hE '^(cxkpi_fuzz: FINDING|==[0-9]+== ?ERROR|SUMMARY: )' "$FUZZ_LOG" | head -n 5 | cut -c1-600 || true
	for f in "$SAN_WORK"/crashes/*; do
		if [ -f "$f" ]; then
			echo "   reproducer: $FUZZ_CRASH_DIR/$(basename "$f"), hex $(od -An -v -tx1 "$f" | tr -d ' \n' | cut -c1-400)"
		fi
	done
fi
if [ "$status" = 0 ]; then echo "fuzz: OK"; else echo "fuzz: FAILED"; fi
exit "$status"
