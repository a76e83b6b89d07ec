#!/bin/sh
# Make sure PostgreSQL $PGVER, its server headers and a C toolchain are
# present; install the missing ones with apt-get (Debian/Ubuntu, as root or
# through sudo).  Prints the pg_config to use on its last line.
set -eu
PGVER=${PGVER:-15}
PGC=/usr/lib/postgresql/$PGVER/bin/pg_config

missing=""
[ -x "$PGC" ] && [ -f "$("$PGC" --pgxs 2>/dev/null)" ] || missing="$missing postgresql-server-dev-$PGVER"
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
	echo "cxkpi: installing$missing" >&2
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
	# shellcheck disable=SC2086
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
fi
echo "$PGC"
