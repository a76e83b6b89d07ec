# Shared by make test / make demo / make bench: install what is missing,
# build and install the extension for PostgreSQL $PGVER.  Source it from bash.
set -euo pipefail
PGVER=${PGVER:-15}
CXKPI_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$CXKPI_ROOT"

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

# in_cluster CMD...: run CMD in a throwaway cluster (libpq env vars set).
in_cluster() {
	pg_virtualenv -t -v "$PGVER" -o "max_parallel_workers_per_gather=2" "$@"
}
