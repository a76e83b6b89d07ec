#!/bin/bash
# bi_client.sh -- what a BI client sees.  psycopg2 (Debian's
# python3-psycopg2, installed by make test when missing) reads dashboard
# views built from the typed report rows (nps_report, churn_report,
# revenue_report) and checks every column's type code (cursor.description)
# against pg_type: only bigint, integer, double precision, numeric, date,
# timestamp(tz) -- and text for the named dimension columns -- and the values
# arrive as Python int, float, Decimal, date, datetime, never as strings.
# Negative control: the summary column itself arrives as a string with an
# OID psycopg2 does not know.  A query with a bound parameter works on the
# views (no % in column names).  Runs inside pg_virtualenv (libpq
# environment set), in its own database.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
if ! "$PY" -c 'import psycopg2' 2>/dev/null; then
	echo "   SKIPPED: python3-psycopg2 is not installed (apt-get install python3-psycopg2)"
	exit 0
fi
db=cxkpi_bi
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "SET client_min_messages = warning" \
	-c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" || true' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$db" <<'SQL'
CREATE EXTENSION cxkpi;
CREATE TABLE survey_responses AS
SELECT timestamptz '2026-10-01 00:00+09' + i * interval '17 minutes' AS answered_at,
       (ARRAY['web', 'app'])[1 + i % 2] AS channel, (i * 7) % 11 AS score
FROM generate_series(1, 5000) i;
CREATE TABLE customers AS
SELECT date '2026-01-01' + (i * 3) % 200 AS started_at,
       CASE WHEN i % 4 = 0 THEN date '2026-01-01' + (i * 3) % 200 + i % 90 END AS ended_at
FROM generate_series(1, 1000) i;
CREATE MATERIALIZED VIEW nps_daily AS
SELECT (answered_at AT TIME ZONE 'Asia/Seoul')::date AS day, channel, nps_agg(score) AS summary
FROM survey_responses GROUP BY 1, 2;
CREATE VIEW nps_dashboard AS
SELECT d.day, d.channel, r.* FROM nps_daily d CROSS JOIN LATERAL nps_report(d.summary) r;
CREATE VIEW churn_dashboard AS
SELECT m::date AS month, r.*
FROM generate_series(date '2026-02-01', date '2026-06-01', interval '1 month') m
CROSS JOIN LATERAL (SELECT churn_agg(started_at, ended_at, daterange(m::date, (m + interval '1 month')::date)) AS s
                    FROM customers) c
CROSS JOIN LATERAL churn_report(c.s) r;
CREATE VIEW revenue_dashboard AS
SELECT r.* FROM (SELECT revenue_agg((i % 50) * 9.99, ((i + 7) % 50) * 9.99) AS s
                 FROM generate_series(1, 300) i) t
CROSS JOIN LATERAL revenue_report(t.s) r;
SQL
PGDATABASE=$db "$PY" - <<'PY'
import datetime, decimal, sys
import psycopg2

conn = psycopg2.connect("")
cur = conn.cursor()
cur.execute("SELECT typname, oid FROM pg_type WHERE typname IN "
            "('int8', 'int4', 'float8', 'numeric', 'date', 'timestamp', 'timestamptz', 'text')")
oid = dict(cur.fetchall())
allowed = {oid[t]: t for t in ('int8', 'int4', 'float8', 'numeric', 'date', 'timestamp', 'timestamptz')}
pytypes = (int, float, decimal.Decimal, datetime.date, datetime.datetime)
dimensions = {'channel'}
bad = 0
for view in ('nps_dashboard', 'churn_dashboard', 'revenue_dashboard'):
    cur.execute("SELECT * FROM %s" % view)
    rows = cur.fetchall()
    kinds = {}
    for i, col in enumerate(cur.description):
        if col.name in dimensions:
            ok = col.type_code == oid['text']
        else:
            ok = col.type_code in allowed and all(r[i] is None or isinstance(r[i], pytypes) for r in rows)
        kinds.setdefault(allowed.get(col.type_code, 'text' if col.type_code == oid['text'] else str(col.type_code)), 0)
        kinds[allowed.get(col.type_code, 'text' if col.type_code == oid['text'] else str(col.type_code))] += 1
        if not ok:
            bad += 1
            print("!! %s.%s: type OID %s, values %r" % (view, col.name, col.type_code, rows[0][i]))
    print("   %s: %d rows, columns %s" % (view, len(rows),
          ", ".join("%d %s" % (n, k) for k, n in sorted(kinds.items()))))
    if not rows:
        bad += 1
        print("!! %s has no rows" % view)

# the negative control: a summary column is a string of an unknown type
cur.execute("SELECT summary FROM nps_daily LIMIT 1")
code = cur.description[0].type_code
value = cur.fetchone()[0]
if code in allowed or not isinstance(value, str):
    bad += 1
    print("!! the summary column read as %r (type OID %s): the check cannot fail" % (value, code))
else:
    print("   control: nps_daily.summary arrives as str, type OID %s" % code)

# bound parameters on the view (column names without %)
cur.execute("SELECT sum(promoters), sum(detractors), sum(responses) FROM nps_dashboard WHERE channel = %s",
            ("web",))
p, d, n = cur.fetchone()
cur.execute("SELECT nps(nps_agg(score)) FROM survey_responses WHERE channel = %s", ("web",))
exact = cur.fetchone()[0]
recomputed = 100.0 * float(p - d) / float(n)
if abs(recomputed - exact) > 1e-9:
    bad += 1
    print("!! NPS re-aggregated from the counts %r differs from nps_agg %r" % (recomputed, exact))
else:
    print("   NPS of channel web from the view's counts = nps_agg over the raw rows (%.6f)" % exact)
sys.exit(1 if bad else 0)
PY
