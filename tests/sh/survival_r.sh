#!/bin/bash
# survival_r.sh -- sql/include/survival_r_cases.sql (R survival's answers
# that the survival_r suite compares cxkpi with) must be what
# tests/r/gen_survival_cases.R writes.  Strict when Rscript and survival are
# installed at the versions the file names on its first line; otherwise
# says so and passes (the suite itself still runs on the committed file).
set -euo pipefail
cd "$(dirname "$0")/../.."
ME=survival_r.sh
CASES=sql/include/survival_r_cases.sql
if ! command -v Rscript >/dev/null 2>&1 ||
	! Rscript -e 'suppressPackageStartupMessages(library(survival))' >/dev/null 2>&1; then
	echo "$ME: note: Rscript or R's survival package not installed; committed R answers not regenerated"
	exit 0
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cxkpi_survival_r.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
Rscript tests/r/gen_survival_cases.R "$WORK/cases.sql"
if [ "$(head -1 "$WORK/cases.sql")" != "$(head -1 "$CASES")" ]; then
	echo "$ME: note: R or survival version differs from $CASES's; not compared"
	exit 0
fi
if ! cmp -s "$WORK/cases.sql" "$CASES"; then
	echo "$ME: FAIL: $CASES is not what tests/r/gen_survival_cases.R writes" >&2
	exit 1
fi
echo "$ME: ok ($(grep -c '^(' "$CASES") rows of data and R answers regenerated identically)"
