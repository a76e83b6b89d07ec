#!/bin/bash
# make bench: build and install cxkpi, then time it against plain SQL in a
# throwaway cluster.  Prints medians and ratios measured in this run (also
# saved to tests/bench/results/latest.txt).  Never fails on timing: the exit
# status is non-zero only when something actually errors.
source "$(dirname "$0")/../lib.sh"
build_and_install

# touched by bench-cluster.sh once the cluster is up (outside the tree: a
# "make clean" elsewhere during the run removes tests/bench/results)
started_dir=$(mktemp -d "${TMPDIR:-/tmp}/cxkpi-bench.XXXXXX")
started=$started_dir/started

# Server settings for the benchmark cluster.  in_cluster already asks for
# max_parallel_workers_per_gather=2 (the parallel line uses it); the serial
# runs turn it off per session (PGOPTIONS) and per query (setup.sql).
# autovacuum=off: the tables are vacuumed by hand, nothing should wake up in
# the middle of a measurement; max_wal_size: no checkpoint during the load.
bench_cluster() {
	PGOPTIONS="${PGOPTIONS:-} -c max_parallel_workers_per_gather=0" \
	in_cluster \
		-o shared_buffers=2GB \
		-o work_mem=256MB \
		-o jit=off \
		-o autovacuum=off \
		-o max_wal_size=8GB \
		-o max_worker_processes=8 \
		-o max_parallel_workers=8 \
		bash tests/bench/bench-cluster.sh "$started"
}

# pg_virtualenv picks a free port before it starts the server; when another
# throwaway cluster grabs the same port in between, it fails before the
# benchmark ran at all.  Retry that case (only that case) a few times.
for attempt in 1 2 3; do
	rm -f "$started"
	rc=0
	bench_cluster || rc=$?
	if [ "$rc" -eq 0 ] || [ -e "$started" ] || [ "$attempt" -eq 3 ]; then break; fi
	echo "== the cluster did not start (exit $rc); retrying" >&2
	sleep $((attempt * 3 + RANDOM % 5))
done
rm -rf "$started_dir"
exit "$rc"
