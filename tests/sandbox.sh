#!/bin/bash
# make sandbox / make sandbox-stop: a persistent local PostgreSQL $PGVER
# cluster with cxkpi and the sample data of make demo (tests/data/surveys.sql:
# survey_responses; tests/data/customers.sql: customers, subscriptions,
# marketing_spend) in database "cxkpi", to try the README's queries.
#
#   tests/sandbox.sh start   build and install cxkpi, create the cluster (or
#                            start it again), print the psql command
#   tests/sandbox.sh stop    stop the cluster and delete it
#
# The cluster lives in $CXKPI_SANDBOX (default /var/tmp/cxkpi-sandbox-USER)
# and listens on a Unix socket in that directory only (no TCP port, so it
# never meets a server already running on the machine); local connections
# are trusted.  As root the server runs as the "postgres" user.
source "$(dirname "$0")/lib.sh"

ACTION=${1:-start}
DIR=${CXKPI_SANDBOX:-/var/tmp/cxkpi-sandbox-$(id -un)}
DATA=$DIR/data
PORT=5432			# the socket's name only: listen_addresses is empty
AS=()
if [ "$(id -u)" = 0 ]; then AS=(runuser -u postgres --); fi
PG_CTL=$PGBIN/pg_ctl
CONNECT="psql -h $DIR -p $PORT -U cxkpi cxkpi"

running() { [ -d "$DATA" ] && "${AS[@]}" "$PG_CTL" -D "$DATA" status >/dev/null 2>&1; }

start_server() {
	"${AS[@]}" "$PG_CTL" -D "$DATA" -l "$DIR/server.log" -w -s start >/dev/null
}

case $ACTION in
stop)
	if running; then "${AS[@]}" "$PG_CTL" -D "$DATA" -m fast -w -s stop; fi
	rm -rf "$DIR"
	echo "== sandbox stopped and removed ($DIR)"
	exit 0
	;;
start) ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac

build_and_install

if [ -f "$DATA/PG_VERSION" ]; then
	have=$(cat "$DATA/PG_VERSION")
	if [ "$have" != "$PGVER" ]; then
		echo "cxkpi: the sandbox in $DIR is PostgreSQL $have; 'make sandbox-stop' first." >&2
		exit 1
	fi
	if ! running; then
		echo "== starting the sandbox cluster in $DIR"
		start_server
	fi
else
	echo "== creating the sandbox cluster (PostgreSQL $PGVER) in $DIR"
	rm -rf "$DIR"
	mkdir -p "$DIR"
	# a failed creation leaves nothing behind, so the next run starts over
	trap 'rc=$?; if [ $rc -ne 0 ]; then "${AS[@]}" "$PG_CTL" -D "$DATA" -m immediate -s stop >/dev/null 2>&1; rm -rf "$DIR"; fi' EXIT
	if [ ${#AS[@]} -gt 0 ]; then chown postgres: "$DIR"; fi
	chmod 700 "$DIR"
	"${AS[@]}" "$PGBIN/initdb" -D "$DATA" -U cxkpi --auth=trust -E UTF8 --no-instructions >"$DIR/initdb.log"
	cat >>"$DATA/postgresql.conf" <<-EOF

	# cxkpi sandbox: Unix socket in $DIR only
	listen_addresses = ''
	unix_socket_directories = '$DIR'
	port = $PORT
	EOF
	start_server
	PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$PORT" -U cxkpi)
	"${PSQL[@]}" -d postgres -c 'CREATE DATABASE cxkpi'
	"${PSQL[@]}" -d cxkpi -c 'CREATE EXTENSION cxkpi'
	echo "== loading tests/data/surveys.sql, tests/data/customers.sql and tests/data/cs.sql"
	"${PSQL[@]}" -d cxkpi -f tests/data/surveys.sql
	"${PSQL[@]}" -d cxkpi -f tests/data/customers.sql
	"${PSQL[@]}" -d cxkpi -f tests/data/cs.sql
fi
echo "== sandbox running: PostgreSQL $PGVER, database cxkpi with cxkpi and the sample data"
echo "   connect:  $CONNECT"
echo "   remove:   make sandbox-stop"
