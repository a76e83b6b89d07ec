# Private PostgreSQL clusters for tests that need their own servers
# (tests/sh/pg_cron.sh, tests/sh/fdw_scale_out.sh).  Source it from bash.
#
# Every cluster lives under one temporary directory, listens only on a Unix
# socket in its own directory (no TCP port to collide with anything), trusts
# local connections and is stopped and deleted by cx_clusters_cleanup (set as
# the EXIT trap).  As root the servers run as the postgres user (initdb
# refuses root).  The server binaries are those of $PG_CONFIG (set by
# tests/lib.sh and pg_virtualenv), else of the pg_config on PATH.
CX_PG_CONFIG=${PG_CONFIG:-pg_config}
CX_PGBIN=$("$CX_PG_CONFIG" --bindir)
CX_PKGLIBDIR=$("$CX_PG_CONFIG" --pkglibdir)
CX_CLUSTERS_DIR=$(mktemp -d /tmp/cxkpi-clusters.XXXXXX)
CX_CLUSTERS=()
if [ "$(id -u)" = 0 ]; then
	chown postgres: "$CX_CLUSTERS_DIR"
fi

# cx_clusters_skip_reason: prints why private clusters cannot run cxkpi
# here and succeeds, or fails when they can.  Under make sanitize cxkpi.so is
# built with AddressSanitizer and loads only into a server started with the
# sanitizer runtime preloaded (tests/sanitize/lib.sh): make test runs these
# tests with the plain build.
cx_clusters_skip_reason() {
	if grep -q __asan_init "$CX_PKGLIBDIR/cxkpi.so" 2>/dev/null; then
		echo "cxkpi.so is built with AddressSanitizer (make sanitize); make test runs this test"
		return 0
	fi
	return 1
}

# as_server CMD...: run CMD as the servers' owner
as_server() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

cx_clusters_cleanup() {
	local d
	for d in "${CX_CLUSTERS[@]}"; do
		as_server "$CX_PGBIN/pg_ctl" -D "$d/data" -m immediate -w stop >/dev/null 2>&1 || true
	done
	rm -rf "$CX_CLUSTERS_DIR"
}
trap cx_clusters_cleanup EXIT

# cx_cluster_start NAME [SETTING...]: initdb and start cluster NAME with the
# postgresql.conf lines SETTING... (e.g. "shared_preload_libraries = 'pg_cron'")
cx_cluster_start() {
	local name=$1 d=$CX_CLUSTERS_DIR/$1
	shift
	as_server mkdir -p "$d"
	if ! as_server "$CX_PGBIN/initdb" -D "$d/data" -U postgres -A trust -E UTF8 --no-sync >"$d/initdb.log" 2>&1; then
		cat "$d/initdb.log" >&2
		return 1
	fi
	{
		echo "listen_addresses = ''"
		echo "unix_socket_directories = '$d'"
		echo "port = 5432"
		echo "fsync = off"
		printf '%s\n' "$@"
	} | as_server tee -a "$d/data/postgresql.conf" >/dev/null
	CX_CLUSTERS+=("$d")
	if ! as_server "$CX_PGBIN/pg_ctl" -D "$d/data" -l "$d/server.log" -w -t 60 start >/dev/null; then
		tail -n 30 "$d/server.log" >&2
		return 1
	fi
}

# cx_socket NAME: the socket directory of cluster NAME (its libpq host)
cx_socket() {
	echo "$CX_CLUSTERS_DIR/$1"
}

# cx_psql NAME [psql args...]: psql as postgres on cluster NAME, stopping at
# the first error, unaligned and quiet (for scripts)
cx_psql() {
	local name=$1
	shift
	"$CX_PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At -h "$CX_CLUSTERS_DIR/$name" -p 5432 -U postgres -d postgres "$@"
}

# cx_server_log NAME: the last lines of cluster NAME's log (on failure)
cx_server_log() {
	tail -n 40 "$CX_CLUSTERS_DIR/$1/server.log" >&2 || true
}
