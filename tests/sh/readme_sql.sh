#!/bin/bash
# readme_sql.sh -- every ```sql block of README.md runs, in order, in one
# session, against the sample data of make demo (tests/data/surveys.sql and
# tests/data/customers.sql and tests/data/cs.sql loaded into a fresh database, without the
# extension: README's first block creates it).  Any error fails.
#
# Markers, each an HTML comment (not rendered), on the line right before a
# block or on its own:
#   <!-- doctest: skip -->           the next ```sql block is a fragment
#                                    (not runnable as it stands): skipped
#   <!-- doctest: setup              SQL up to the closing "-->" runs at this
#   ...                              point: the tables a block assumes the
#   -->                              reader already has
# Every block must end its last statement with ";" (else psql would glue it
# to the next block).
#
# Runs inside pg_virtualenv (libpq environment set, superuser), from any
# directory.  Prints one summary line; on failure the README line of the
# failing block and psql's error.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Use the server's own client binaries when the runner tells us which.
if [ -n "${PG_CONFIG:-}" ] && [ -x "$PG_CONFIG" ]; then
	PATH="$("$PG_CONFIG" --bindir):$PATH"
fi

ME=readme_sql
DB=cxkpi_readme
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cxkpi_readme_sql.XXXXXX")
trap 'rm -rf "$WORK"; dropdb --if-exists "$DB" >/dev/null 2>&1 || true' EXIT
PSQL=(psql -X -q -v ON_ERROR_STOP=1)

# README.md -> one psql script; "\warn README.md:N" before every block
# (to stderr, kept only for the error report); counts on the last line of
# $WORK/counts.
awk -v counts="$WORK/counts" '
function endblock() {
	if (last !~ /;[[:space:]]*$/) {
		printf "README.md:%d: the block does not end with \";\"\n", start > "/dev/stderr"
		bad = 1
	}
}
state == 0 && /^<!-- doctest: skip/ { skipnext = 1; next }
state == 0 && /^<!-- doctest: setup/ {
	state = 2; start = NR; last = ""; nsetup++
	printf "\\warn README.md:%d (doctest setup)\n", NR
	next
}
state == 2 && /^-->/ { endblock(); state = 0; next }
state == 0 && /^```sql[[:space:]]*$/ {
	if (skipnext) { state = 3; nskip++ }
	else { state = 1; start = NR; last = ""; nrun++; printf "\\warn README.md:%d\n", NR }
	skipnext = 0
	next
}
state == 0 && /^```/ { state = 4; skipnext = 0; next }
state == 4 && /^```/ { state = 0; next }
state == 3 && /^```/ { state = 0; next }
state == 1 && /^```/ { endblock(); state = 0; next }
state == 1 || state == 2 {
	print
	line = $0
	sub(/--.*/, "", line)
	if (line ~ /[^[:space:]]/) last = line
	next
}
state == 0 && /[^[:space:]]/ { skipnext = 0 }
END {
	if (state != 0) { print "README.md: unterminated block at the end" > "/dev/stderr"; bad = 1 }
	print nrun + 0, nskip + 0, nsetup + 0 > counts
	exit bad
}' README.md >"$WORK/readme.sql" || { echo "$ME: FAIL: README.md could not be read into blocks" >&2; exit 1; }
read -r nrun nskip nsetup <"$WORK/counts"
if [ "$nrun" -eq 0 ]; then
	echo "$ME: FAIL: no \`\`\`sql block found in README.md" >&2
	exit 1
fi

dropdb --if-exists "$DB" >/dev/null 2>&1
createdb "$DB"
"${PSQL[@]}" -d "$DB" -f tests/data/surveys.sql
"${PSQL[@]}" -d "$DB" -f tests/data/customers.sql
"${PSQL[@]}" -d "$DB" -f tests/data/cs.sql

if ! "${PSQL[@]}" -d "$DB" -f "$WORK/readme.sql" >"$WORK/out" 2>"$WORK/err"; then
	where=$(grep -E '^README\.md:' "$WORK/err" | tail -n 1)
	echo "$ME: FAIL: the block at ${where:-an unknown line} failed:" >&2
	grep -vE '^README\.md:' "$WORK/err" | tail -n 15 >&2
	exit 1
fi
echo "$ME: OK -- $nrun sql blocks of README.md run in order against the sample data ($nskip marked doctest: skip, $nsetup doctest: setup comments run between them)"
