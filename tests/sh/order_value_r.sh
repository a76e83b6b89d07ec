#!/bin/bash
# order_value_r.sh -- the R values the order_value suite checks against
# (sql/include/order_value_r.sql) must be what tests/r/gen_order_value_r.R
# writes.  Skipped (passes) when Rscript is not installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v Rscript >/dev/null 2>&1 || { echo "order_value_r: Rscript not installed, skipped"; exit 0; }
tmp=$(mktemp "${TMPDIR:-/tmp}/cxkpi_ov_r.XXXXXX")
trap 'rm -f "$tmp"' EXIT
Rscript tests/r/gen_order_value_r.R >"$tmp"
if ! cmp -s "$tmp" sql/include/order_value_r.sql; then
	echo "order_value_r: FAIL: sql/include/order_value_r.sql is not what tests/r/gen_order_value_r.R writes" >&2
	exit 1
fi
echo "order_value_r: ok"
