#!/bin/bash
# before_after.sh BEFORE_TREE AFTER_TREE [BATCHES] -- the "summaries at
# scale" rows of make bench (scale.sh) for two builds side by side, in
# interleaved runs, inside pg_virtualenv (libpq environment set, superuser):
# each tree is a built checkout (cxkpi.so, sql/cxkpi--<version>.sql).  Each
# build's objects are loaded, not as an extension, into a database of its
# own (cx_before, cx_after) with its C functions pointing at a copy of its
# cxkpi.so, so neither depends on what is installed.  The timed queries run
# in BATCHES alternating batches (before, after, after, before, ...) of
# BENCH_ROUNDS rounds (default 5); each label's figure is the median of the batch
# medians (backend CPU time).  Example:
#   git archive d836280 | tar -x -C /tmp/base && make -C /tmp/base
#   make && pg_virtualenv -o work_mem=256MB bash tests/bench/before_after.sh /tmp/base . 5
set -euo pipefail
BEFORE=$(cd "$1" && pwd)
AFTER=$(cd "$2" && pwd)
BATCHES=${3:-5}
BENCH_LIB_ONLY=1
set --
source "$(dirname "$0")/bench-cluster.sh"		# (it changes into tests/bench)
source ./scale.sh
ROUNDS=${BENCH_ROUNDS:-5}
export PGTZ=Europe/Berlin
LIB=$(mktemp -d "${TMPDIR:-/tmp}/cxkpi-ba.XXXXXX")
chmod 755 "$LIB"
trap 'rm -rf "$LIB" "$TMP"' EXIT

# load DB TREE: the tree's install script into DB's public schema, its C
# functions calling a private copy of the tree's cxkpi.so.
load() {
	local db=$1 tree=$2 script
	mkdir -p "$LIB/$db"
	cp "$tree/cxkpi.so" "$LIB/$db/cxkpi.so"
	chmod 755 "$LIB/$db"; chmod 644 "$LIB/$db/cxkpi.so"
	script=$(ls "$tree"/sql/cxkpi--[0-9].[0-9].[0-9].sql | sort -V | tail -n 1)
	dropdb --if-exists "$db"
	createdb "$db"
	sed -e '/^\\echo /d' -e "s|MODULE_PATHNAME|$LIB/$db/cxkpi|g" -e 's/@extschema@/public/g' "$script" |
		PGDATABASE=$db "${PSQL[@]}" -f - >/dev/null
	# bench_customers and the timing helpers of setup.sql, then this section's data
	sed -n '/^CREATE TEMP TABLE churn_days/,/^DROP TABLE churn_days;/p; /^DROP SCHEMA IF EXISTS bench CASCADE;/,$p' setup.sql |
		PGDATABASE=$db "${PSQL[@]}" -f - >/dev/null
	PGDATABASE=$db "${PSQL[@]}" -c "VACUUM (FREEZE, ANALYZE) bench_customers" -f setup_scale.sql >/dev/null
}

echo "== loading ($BEFORE, $AFTER)" >&2
load cx_before "$BEFORE"
load cx_after "$AFTER"

for db in cx_before cx_after; do
	say "== $db ($( [ $db = cx_before ] && echo "$BEFORE" || echo "$AFTER"))"
	export PGDATABASE=$db
	scale_sizes
	scale_hash
done

declare -A runs=()
for ((k = 1; k <= BATCHES; k++)); do
	if [ $((k % 2)) = 1 ]; then order="cx_before cx_after"; else order="cx_after cx_before"; fi
	for db in $order; do
		echo "== batch $k: $db" >&2
		out=$(PGDATABASE=$db time_queries "$ROUNDS" \
			DA "$SCALE_SET" "$Q_DA" DB "$SCALE_SET" "$Q_DB" DR "$SCALE_SET" "$Q_DR" DS "$SCALE_SET" "$Q_DS" D0 "$SCALE_SET" "$Q_D0" DN "$SCALE_SET" "$Q_DN" \
			DL "$SCALE_SET" "$Q_DL" SA "$SCALE_SET" "$Q_SA" SS "$SCALE_SET" "$Q_SS")
		runs[$db]+="$out"$'\n'
	done
done

# median of the batch medians per label: label|cpu|wall|result
summary() {
	printf '%s' "$1" | awk -F'|' 'NF > 5 { c[$1] = c[$1] " " $5; w[$1] = w[$1] " " $2; r[$1] = $8 }
		function med(s,   a, n, i, j, t) { n = split(s, a, " ")
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
			return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
		END { for (l in c) printf "%s|%.1f|%.1f|%s\n", l, med(c[l]), med(w[l]), r[l] }' | sort
}
sb=$(summary "${runs[cx_before]}")
sa=$(summary "${runs[cx_after]}")
say "== timed, $BATCHES interleaved batches of $ROUNDS rounds; median of batch medians, CPU ms (wall ms)"
join -t'|' <(printf '%s\n' "$sb") <(printf '%s\n' "$sa") | awk -F'|' '{
	printf "  %-3s before %8.1f (%8.1f)   after %8.1f (%8.1f)   after/before %.2f  %s\n",
		$1, $2, $3, $5, $6, $5 / $2, ($4 == $7) ? "same result" : "RESULTS DIFFER" }' | tee -a "$TMP"
for side in before after; do
	s=$([ $side = before ] && echo "$sb" || echo "$sa")
	say "  $side: $(printf '%s\n' "$s" | awk -F'|' '{ c[$1] = $2 } END {
		printf "dashboard with/without CI %.2f; listing %.2f; ci_lower/nps per call %.2f (%.0f vs %.0f ns); churn series/count %.2f",
			c["DB"] / c["DA"], c["DS"] / c["DR"], (c["DL"] - c["D0"]) / (c["DN"] - c["D0"]), (c["DL"] - c["D0"]), (c["DN"] - c["D0"]), c["SS"] / c["SA"] }')"
done
mkdir -p results
cp "$TMP" results/before_after.txt
