# Shared by make test / make demo / make bench / make sandbox: install what
# is missing, build and install the extension for PostgreSQL $PGVER (default:
# the one the distribution ships).  Source it from bash.
set -euo pipefail
CXKPI_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$CXKPI_ROOT"
PGVER=${PGVER:-$(sh tests/pgver.sh)}

# The caller's libpq and postgresql-common settings (PGHOST, PGPORT, PGUSER,
# PGDATABASE, PGSERVICE, PGOPTIONS, PGPASSWORD, PGSSLMODE, PGTZ, PGCLUSTER,
# PGDATA, ...) are for their own server: the throwaway clusters, and every
# client run in them, must not see any of them.  What a script sets itself
# after this (the bench's PGOPTIONS) still reaches its cluster.
while read -r var; do
	case $var in
	PGVER) ;;
	PG[A-Z]*) unset "$var" ;;
	esac
done < <(compgen -e)

# The suites and the sample data hold UTF-8 text: with no UTF-8 locale (a
# bare root shell, env -i) initdb would pick SQL_ASCII.  C.UTF-8 ships with
# every Debian libc.
if [ "$(locale charmap 2>/dev/null)" != UTF-8 ]; then
	export LC_ALL=C.UTF-8
fi

PG_CONFIG=$(PGVER=$PGVER sh tests/ensure-deps.sh | tail -n 1)
export PG_CONFIG
PGBIN=$("$PG_CONFIG" --bindir)
export PATH="$PGBIN:$PATH"

# build_and_install: compile (warnings fatal when PG_CFLAGS says so) and install.
build_and_install() {
	local extra=()
	if [ -n "${PG_CFLAGS:-}" ]; then extra=(PG_CFLAGS="$PG_CFLAGS"); fi
	echo "== building cxkpi against $("$PG_CONFIG" --version)"
	make -s PG_CONFIG="$PG_CONFIG" "${extra[@]}" >/dev/null
	SUDO=""
	if [ "$(id -u)" != 0 ] && [ ! -w "$("$PG_CONFIG" --pkglibdir)" ]; then SUDO=sudo; fi
	$SUDO make -s PG_CONFIG="$PG_CONFIG" install >/dev/null
}

# in_cluster CMD...: run CMD in a throwaway cluster (libpq env vars set by
# pg_virtualenv for that cluster only).
in_cluster() {
	pg_virtualenv -t -v "$PGVER" -o "max_parallel_workers_per_gather=2" "$@"
}
