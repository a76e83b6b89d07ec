#!/bin/sh
# Make sure PostgreSQL $PGVER (default: the one the distribution ships, see
# tests/pgver.sh), its server headers and a C toolchain are present; install
# the missing ones with apt-get (Debian/Ubuntu, as root or through sudo).
# apt's progress goes to a log ($CXKPI_APT_LOG, default
# ${TMPDIR:-/tmp}/cxkpi-apt.log); one line says what was installed, and on
# failure the log's tail is printed.  Prints the pg_config to use on its
# last line.
set -eu
PGVER=${PGVER:-$(sh "$(dirname "$0")/pgver.sh")}
PGC=/usr/lib/postgresql/$PGVER/bin/pg_config
LOG=${CXKPI_APT_LOG:-${TMPDIR:-/tmp}/cxkpi-apt.log}

# The build needs pgxs.mk and the server headers; postgresql-client-N ships
# pg_config and pgxs.mk without the headers, so check postgres.h itself.
have_dev() {
	[ -x "$PGC" ] && [ -f "$("$PGC" --pgxs 2>/dev/null)" ] &&
		[ -f "$("$PGC" --includedir-server 2>/dev/null)/postgres.h" ]
}

missing=""
have_dev || missing="$missing postgresql-server-dev-$PGVER"
[ -x "/usr/lib/postgresql/$PGVER/bin/postgres" ] || missing="$missing postgresql-$PGVER"
command -v pg_virtualenv >/dev/null 2>&1 || missing="$missing postgresql-common"
command -v gcc >/dev/null 2>&1 || missing="$missing gcc"
command -v make >/dev/null 2>&1 || missing="$missing make"

if [ -n "$missing" ]; then
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "cxkpi: missing:$missing -- and no apt-get here; install them by hand." >&2
		exit 1
	fi
	SUDO=""
	if [ "$(id -u)" != 0 ]; then
		if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
			echo "cxkpi: missing:$missing -- run as root (or with sudo) to install them." >&2
			exit 1
		fi
	fi
	printf 'cxkpi: installing%s with apt-get (log: %s) ... ' "$missing" "$LOG" >&2
	start=$(date +%s)
	: >"$LOG" 2>/dev/null || LOG=$(mktemp)
	# shellcheck disable=SC2086
	if $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update >>"$LOG" 2>&1 &&
		$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			$missing >>"$LOG" 2>&1 && have_dev; then
		echo "done in $(($(date +%s) - start)) s" >&2
	else
		echo "FAILED; the end of $LOG:" >&2
		tail -n 25 "$LOG" >&2
		if ! apt-cache show "postgresql-$PGVER" >/dev/null 2>&1; then
			echo "cxkpi: your apt sources offer no postgresql-$PGVER (this distribution ships" \
				"$(sh "$(dirname "$0")/pgver.sh"); others come from apt.postgresql.org)." >&2
		fi
		exit 1
	fi
fi

# What only make test needs (CXKPI_TEST_DEPS=1, set by tests/run-tests.sh):
# pg_cron for tests/sh/pg_cron.sh and psycopg2 for tests/sh/bi_client.sh.
# Best effort: where they cannot be installed those tests say so and skip.
if [ "${CXKPI_TEST_DEPS:-0}" = 1 ]; then
	optional=""
	[ -f "$("$PGC" --pkglibdir)/pg_cron.so" ] || optional="$optional postgresql-$PGVER-cron"
	# Debian's python3 (the one python3-psycopg2 serves), not one earlier on PATH
	/usr/bin/python3 -c 'import psycopg2' >/dev/null 2>&1 || optional="$optional python3-psycopg2"
	SUDO=""
	[ "$(id -u)" = 0 ] || SUDO=sudo
	if [ -n "$optional" ] && command -v apt-get >/dev/null 2>&1 &&
		{ [ -z "$SUDO" ] || command -v sudo >/dev/null 2>&1; }; then
		printf 'cxkpi: installing%s for the tests with apt-get (log: %s) ... ' "$optional" "$LOG" >&2
		: >>"$LOG" 2>/dev/null || LOG=$(mktemp)
		# shellcheck disable=SC2086
		if { [ -n "$missing" ] || $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update >>"$LOG" 2>&1; } &&
			$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
				$optional >>"$LOG" 2>&1; then
			echo "done" >&2
		else
			echo "not available (the tests that need them will skip; see $LOG)" >&2
		fi
	fi
fi
echo "$PGC"
