#!/bin/bash
# Runs inside pg_virtualenv (PGHOST/PGPORT/PGUSER/PGDATABASE set) for
# `make demo`: create the extension, load the sample survey data and the
# sample CRM (customers, subscriptions, marketing spend), print the NPS,
# CSAT, CES and customer-flow report.  Any error stops the demo with a
# non-zero exit status.
set -euo pipefail
cd "$(dirname "$0")/../.."

# -X: ignore ~/.psqlrc, so the report looks the same for everybody.
PSQL=(psql -X -v ON_ERROR_STOP=1)

echo "== CREATE EXTENSION cxkpi"
"${PSQL[@]}" -q -c 'CREATE EXTENSION cxkpi'

echo "== loading tests/data/surveys.sql (300000 deterministic sample responses)"
"${PSQL[@]}" -q -f tests/data/surveys.sql

echo "== loading tests/data/customers.sql (20000 deterministic sample customers, subscriptions, marketing spend)"
"${PSQL[@]}" -q -f tests/data/customers.sql

echo "== loading tests/data/cs.sql (deterministic sample orders, CS interactions, reviews, promotions of those customers)"
"${PSQL[@]}" -q -f tests/data/cs.sql

echo "== tests/demo/report.sql"
"${PSQL[@]}" -f tests/demo/report.sql
