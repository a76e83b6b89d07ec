#!/bin/bash
# sync-upgrade-script.sh -- generate sql/cxkpi--0.1.0--0.2.0.sql from the
# full 0.2.0 install script.
#
# Everything 0.2.0 adds sits at the end of sql/cxkpi--0.2.0.sql, after the
# marker line below.  The upgrade script is a fixed header followed by that
# tail, from the marker line on, byte for byte -- so there is one place to
# edit SQL, and a fresh install and an upgraded 0.1.0 database cannot drift
# apart (tests/sh/upgrade.sh compares the two catalogs and fails when the
# checked-in upgrade script is not what this script generates).
#
# Usage (from anywhere):
#   bash tests/sync-upgrade-script.sh           write the file if it changed
#   bash tests/sync-upgrade-script.sh --check   exit 1, with a diff, if the
#                                               checked-in file is stale
#   bash tests/sync-upgrade-script.sh --stdout  print what would be written
# Run it after every change to sql/cxkpi--0.2.0.sql.
set -euo pipefail
cd "$(dirname "$0")/.."

FROM=0.1.0
TO=0.2.0
FULL="sql/cxkpi--$TO.sql"
OUT="sql/cxkpi--$FROM--$TO.sql"
MARKER="-- $TO: everything below is also in cxkpi--$FROM--$TO.sql"

mode=${1:-write}
case "$mode" in
write | --check | --stdout) ;;
*)
	echo "usage: $0 [--check | --stdout]" >&2
	exit 2
	;;
esac

[ -f "$FULL" ] || { echo "sync-upgrade-script: $FULL not found" >&2; exit 1; }
n=$(grep -cxF -- "$MARKER" "$FULL" || true)
if [ "$n" != 1 ]; then
	echo "sync-upgrade-script: $FULL must contain the line '$MARKER' exactly once (found $n)" >&2
	exit 1
fi

generate() {
	printf '/* cxkpi %s -> %s upgrade script */\n\n' "$FROM" "$TO"
	printf '\\echo Use "ALTER EXTENSION cxkpi UPDATE TO '\''%s'\''" to load this file. \\quit\n\n' "$TO"
	# the marker line and everything after it, unchanged
	awk -v m="$MARKER" 'found || $0 == m { found = 1; print }' "$FULL"
}

tmp=$(mktemp "${TMPDIR:-/tmp}/cxkpi_upgrade_script.XXXXXX")
trap 'rm -f "$tmp"' EXIT
generate >"$tmp"

case "$mode" in
--stdout)
	cat "$tmp"
	;;
--check)
	if [ ! -f "$OUT" ]; then
		echo "sync-upgrade-script: $OUT is missing; run: bash tests/sync-upgrade-script.sh" >&2
		exit 1
	fi
	if ! cmp -s "$tmp" "$OUT"; then
		echo "sync-upgrade-script: $OUT differs from what $FULL generates (- checked in, + generated);" >&2
		echo "run: bash tests/sync-upgrade-script.sh" >&2
		diff -u --label "$OUT" --label "generated from $FULL" "$OUT" "$tmp" | head -n 60 >&2 || true
		exit 1
	fi
	;;
write)
	if [ -f "$OUT" ] && cmp -s "$tmp" "$OUT"; then
		echo "sync-upgrade-script: $OUT is up to date ($(wc -l <"$OUT") lines)"
	else
		cp "$tmp" "$OUT"
		chmod 644 "$OUT"
		echo "sync-upgrade-script: wrote $OUT ($(wc -l <"$OUT") lines from $FULL)"
	fi
	;;
esac
