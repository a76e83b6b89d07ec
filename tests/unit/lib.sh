# tests/unit/lib.sh -- what every tests/sh/unit_*.sh runner does: source it
# from bash with the test's name, then call the functions below.  Each unit
# test is standalone C (no database): compiled with warnings fatal and run;
# its exit status is the runner's.
#
#   source "$(dirname "$0")/../unit/lib.sh" NAME   cd to the top, $WORK, $ME
#   unit_check_vectors GENERATED COMMITTED GENERATOR
#                                                  fail unless the committed
#                                                  vectors are what the
#                                                  generator wrote
#   unit_run TEST.c SOURCE.c...                    compile and run; exits
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

ME=$1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cxkpi_$ME.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# The committed vectors must be what their generator writes.
unit_check_vectors() {
	if ! cmp -s "$1" "$2"; then
		echo "$ME: FAIL: $2 is not what $3 writes" >&2
		exit 1
	fi
}

# Compile the test with the given sources (warnings fatal), run it, exit
# with its status.
unit_run() {
	local bin
	bin="$WORK/$(basename "$1" .c)"
	if ! ${CC:-cc} -O2 -Wall -Wextra -Werror -Isrc -Itests/unit -o "$bin" "$@" -lm; then
		echo "$ME: FAIL: compilation failed" >&2
		exit 1
	fi
	local status=0
	"$bin" || status=$?
	if [ "$status" -ne 0 ]; then
		echo "$ME: FAIL (exit status $status)" >&2
	fi
	exit "$status"
}
