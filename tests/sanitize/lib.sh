# shellcheck shell=bash
# Shared by tests/sanitize.sh (make sanitize) and tests/fuzz/run.sh (make
# fuzz): a PRIVATE, relocated copy of the PostgreSQL $PGVER server with cxkpi
# built by clang with sanitizers, and a throwaway cluster run by it.  Source
# it from bash.  Nothing here writes to the system's PostgreSQL directories.
#
#   san_setup                 work dir, private server copy, NLS shim, tools
#   san_build_extension FLAGS build a copy of the tree with clang + FLAGS and
#                             install it into the private copy only
#   san_initdb                a cluster in the work dir (UTF8, locale C)
#   san_start / san_stop      postmaster on a private socket dir, no TCP
#   san_server CMD...         run CMD as the server user, environment cleaned
#                             of the caller's PG* variables, sanitizer
#                             runtime preloaded
#   san_reports               print every sanitizer report; 1 if any
#
# Why a relocated copy: PostgreSQL finds its share and pkglib directories
# relative to its own binary, so copying lib/postgresql/N and
# share/postgresql/N under one prefix (same relative layout) gives a server
# whose $libdir is ours; the ASan build of cxkpi.so is installed there only.
#
# Why the preloads: the server binary is not instrumented, so the ASan
# runtime (which also carries UBSan's) must be the first library of the
# process: LD_PRELOAD=libclang_rt.asan-x86_64.so.  Second, nonls.so: with
# the ASan runtime loaded, glibc's bindtextdomain() deadlocks on its own
# lock as the server starts (set_pglocale_pgservice, even postgres -V,
# whatever LC_MESSAGES says); nonls.so replaces the gettext entry points by
# identity functions, so messages stay untranslated, as LC_MESSAGES=C has
# them anyway.
#
# ASAN_OPTIONS: detect_leaks=0 -- PostgreSQL frees its memory contexts by
# exiting, so every backend "leaks" at exit by design; abort_on_error=1
# and -fno-sanitize-recover=undefined -- the first report kills the backend,
# so no report goes unnoticed behind a passing test.  Reports go to
# $SAN_WORK/reports/ (log_path) and, for anything written to stderr, to the
# server log; san_reports reads both.

PGVER=${PGVER:-15}
CXKPI_ROOT=${CXKPI_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

# san_need_tools: clang, its runtimes (ASan, UBSan, libFuzzer: not a
# dependency of clang on Debian), llvm-symbolizer (file:line in reports) and
# the PostgreSQL server + headers; apt-get install what is missing.
san_need_tools() {
	local missing="" v=""
	PGVER=$PGVER sh "$CXKPI_ROOT/tests/ensure-deps.sh" >/dev/null
	san_rt_ok() {
		local d
		d=$(dirname "$(clang -print-file-name=libclang_rt.asan-x86_64.so)")
		[ -f "$d/libclang_rt.asan-x86_64.so" ] && [ -f "$d/libclang_rt.fuzzer_no_main-x86_64.a" ]
	}
	if command -v clang >/dev/null 2>&1; then
		v=$(clang -dumpversion | cut -d. -f1)
		san_rt_ok || missing="$missing libclang-rt-$v-dev"
		command -v llvm-symbolizer >/dev/null 2>&1 || command -v "llvm-symbolizer-$v" >/dev/null 2>&1 ||
			missing="$missing llvm-$v"
	else
		missing="$missing clang"
	fi
	command -v runuser >/dev/null 2>&1 || missing="$missing util-linux"
	if [ -n "$missing" ]; then
		if [ "$(id -u)" != 0 ]; then
			echo "cxkpi: missing:$missing -- run as root to install them with apt-get." >&2
			return 1
		fi
		echo "cxkpi: installing$missing" >&2
		env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
		# shellcheck disable=SC2086
		env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
		if [ -z "$v" ]; then
			# clang was missing: now add the runtimes and tools of its version
			v=$(clang -dumpversion | cut -d. -f1)
			env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
				"libclang-rt-$v-dev" "llvm-$v" >&2
		fi
	fi
	if ! san_rt_ok; then
		echo "cxkpi: clang's ASan or libFuzzer runtime is missing (libclang-rt-$v-dev)" >&2
		return 1
	fi
	SAN_RT=$(clang -print-file-name=libclang_rt.asan-x86_64.so)
	# shellcheck disable=SC2034  # used by tests/fuzz/run.sh
	SAN_FUZZER_RT=$(clang -print-file-name=libclang_rt.fuzzer_no_main-x86_64.a)
	SAN_SYMBOLIZER=$(command -v llvm-symbolizer || command -v "llvm-symbolizer-$v" || true)
}

# san_setup: work dir, private server copy, shim; sets SAN_* variables and
# an EXIT trap that stops the server and removes the work dir
# (CXKPI_KEEP_WORK=1 keeps it).
san_setup() {
	san_need_tools
	local src_lib=/usr/lib/postgresql/$PGVER src_share=/usr/share/postgresql/$PGVER
	[ -x "$src_lib/bin/postgres" ] || { echo "cxkpi: no $src_lib/bin/postgres" >&2; return 1; }
	SAN_WORK=$(mktemp -d /tmp/cxkpi-san.XXXXXX)
	chmod 755 "$SAN_WORK"
	trap san_cleanup EXIT
	SAN_PREFIX=$SAN_WORK/pg
	mkdir -p "$SAN_PREFIX/lib/postgresql" "$SAN_PREFIX/share/postgresql"
	cp -a "$src_lib" "$SAN_PREFIX/lib/postgresql/"
	cp -a "$src_share" "$SAN_PREFIX/share/postgresql/"
	# only this tree's cxkpi: not what someone installed into the system copy
	rm -f "$SAN_PREFIX/share/postgresql/$PGVER/extension/"cxkpi[-.]* \
		"$SAN_PREFIX/lib/postgresql/$PGVER/lib/"cxkpi*.so
	rm -rf "$SAN_PREFIX/lib/postgresql/$PGVER/lib/bitcode/cxkpi"*
	# headers stay where they are: pg_config reports <prefix>/include/...
	ln -s /usr/include "$SAN_PREFIX/include"
	SAN_PG_CONFIG=$SAN_PREFIX/lib/postgresql/$PGVER/bin/pg_config
	SAN_BIN=$SAN_PREFIX/lib/postgresql/$PGVER/bin
	if [ "$("$SAN_PG_CONFIG" --pkglibdir)" != "$SAN_PREFIX/lib/postgresql/$PGVER/lib" ]; then
		echo "cxkpi: the private server copy does not relocate: pkglibdir is $("$SAN_PG_CONFIG" --pkglibdir)" >&2
		return 1
	fi
	# the server user: postgres when we are root (the server refuses root)
	SAN_USER=$(id -un)
	if [ "$(id -u)" = 0 ]; then SAN_USER=postgres; fi
	mkdir -p "$SAN_WORK/run" "$SAN_WORK/reports" "$SAN_WORK/socket"
	gcc -O2 -shared -fPIC -Wall -Wextra -o "$SAN_WORK/nonls.so" "$CXKPI_ROOT/tests/sanitize/nonls.c"
	SAN_PRELOAD="$SAN_RT:$SAN_WORK/nonls.so"
	SAN_PORT=5432	# any port: the socket lives in our own directory, no TCP
	SAN_DATA=$SAN_WORK/data
	SAN_LOG=$SAN_WORK/run/server.log
	SAN_ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:halt_on_error=1:print_summary=1:log_path=$SAN_WORK/reports/asan"
	SAN_UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:print_summary=1:log_path=$SAN_WORK/reports/ubsan"
	if [ -n "$SAN_SYMBOLIZER" ]; then
		SAN_ASAN_OPTIONS="$SAN_ASAN_OPTIONS:external_symbolizer_path=$SAN_SYMBOLIZER"
		SAN_UBSAN_OPTIONS="$SAN_UBSAN_OPTIONS:external_symbolizer_path=$SAN_SYMBOLIZER"
	fi
	if [ "$SAN_USER" != "$(id -un)" ]; then
		chown -R "$SAN_USER" "$SAN_WORK/run" "$SAN_WORK/reports" "$SAN_WORK/socket"
	fi
	echo "== private server copy: $SAN_PREFIX ($("$SAN_BIN/postgres" -V))"
}

# san_cleanup: EXIT trap
san_cleanup() {
	local rc=$?
	if [ -n "${SAN_WORK:-}" ] && [ -f "${SAN_DATA:-/nonexistent}/postmaster.pid" ]; then
		san_stop >/dev/null 2>&1 || true
	fi
	if [ -n "${SAN_WORK:-}" ]; then
		if [ "${CXKPI_KEEP_WORK:-0}" = 1 ]; then
			echo "== work files kept in $SAN_WORK"
		else
			rm -rf "$SAN_WORK"
		fi
	fi
	exit "$rc"
}

# san_server [--no-preload] CMD...: run CMD as the server user with a clean
# environment (none of the caller's PG* variables), C messages, sanitizer
# runtime preloaded (not with --no-preload: initdb, which loads no cxkpi
# code, hangs in setlocale() with the ASan runtime preloaded).  Extra
# VAR=value pairs may come first (env syntax).
san_server() {
	local envs=(PATH=/usr/bin:/bin HOME="$SAN_WORK/run" LC_ALL=C LC_MESSAGES=C LANG=C TZ=UTC)
	if [ "$1" = --no-preload ]; then
		shift
	else
		envs+=(LD_PRELOAD="$SAN_PRELOAD" ASAN_OPTIONS="$SAN_ASAN_OPTIONS" UBSAN_OPTIONS="$SAN_UBSAN_OPTIONS")
	fi
	if [ "$SAN_USER" != "$(id -un)" ]; then
		runuser -u "$SAN_USER" -- env -i "${envs[@]}" "$@"
	else
		env -i "${envs[@]}" "$@"
	fi
}

# san_build_extension "CFLAGS" [make arguments]: build a copy of the working
# tree (tracked and new files) with clang and those flags (and PG_CFLAGS
# from the environment: -Werror in CI), install into the private copy.
san_build_extension() {
	local flags=$1 build=$SAN_WORK/build
	shift
	mkdir -p "$build"
	(cd "$CXKPI_ROOT" && git ls-files -z -co --exclude-standard | xargs -0 cp --parents -t "$build" 2>/dev/null) ||
		(cd "$CXKPI_ROOT" && tar -c --exclude=.git --exclude='*.o' --exclude='*.so' --exclude='*.bc' . | tar -x -C "$build")
	echo "== building cxkpi with clang $flags"
	# with_llvm=no: no JIT bitcode (the ASan objects are what we test)
	make -C "$build" -s CC=clang with_llvm=no PG_CONFIG="$SAN_PG_CONFIG" \
		PG_CFLAGS="$flags ${PG_CFLAGS:-} -Wno-unknown-warning-option -Wno-ignored-optimization-argument" "$@" >/dev/null
	make -C "$build" -s with_llvm=no PG_CONFIG="$SAN_PG_CONFIG" install >/dev/null
	if [ "$(nm -D "$("$SAN_PG_CONFIG" --pkglibdir)/cxkpi.so" | grep -c __asan_)" = 0 ]; then
		echo "cxkpi: the private cxkpi.so is not instrumented by ASan" >&2
		return 1
	fi
}

# san_initdb: a fresh cluster, UTF8 with locale C, trust auth for our user
san_initdb() {
	rm -rf "$SAN_DATA"
	mkdir -p "$SAN_DATA"
	[ "$SAN_USER" = "$(id -un)" ] || chown "$SAN_USER" "$SAN_DATA"
	san_server --no-preload "$SAN_BIN/initdb" -D "$SAN_DATA" -U postgres -A trust -E UTF8 --locale=C \
		>"$SAN_WORK/run/initdb.log" 2>&1 || { cat "$SAN_WORK/run/initdb.log" >&2; return 1; }
}

# san_start [postgres options]: start the postmaster (no TCP, private socket)
san_start() {
	if ! san_server timeout 120 "$SAN_BIN/pg_ctl" -D "$SAN_DATA" -l "$SAN_LOG" -w -t 100 \
		-o "-k $SAN_WORK/socket -p $SAN_PORT -c listen_addresses= -c max_parallel_workers_per_gather=2 $*" start >/dev/null; then
		echo "cxkpi: the sanitized server did not start" >&2
		tail -n 30 "$SAN_LOG" >&2 || true
		return 1
	fi
	# libpq environment for the clients we run ourselves
	# (none of the caller's libpq variables; PGVER and PG_* are ours)
	local v
	for v in $(compgen -e); do
		case $v in
			PGVER) ;;
			PG[A-Z]*) unset "$v" ;;
		esac
	done
	export PGHOST=$SAN_WORK/socket PGPORT=$SAN_PORT PGUSER=postgres PGDATABASE=postgres
	# the backends really carry the sanitizer runtime
	local pid
	pid=$(head -n 1 "$SAN_DATA/postmaster.pid")
	if ! grep -q libclang_rt.asan "/proc/$pid/maps"; then
		echo "cxkpi: the postmaster ($pid) has no ASan runtime mapped" >&2
		return 1
	fi
}

# san_stop: fast shutdown, immediate when that does not finish in 60 s
san_stop() {
	san_server --no-preload "$SAN_BIN/pg_ctl" -D "$SAN_DATA" -m fast -w -t 60 stop >/dev/null ||
		san_server --no-preload "$SAN_BIN/pg_ctl" -D "$SAN_DATA" -m immediate -w -t 60 stop >/dev/null
}

# san_reports: print sanitizer reports (log_path files, and lines in the
# server log); return 1 when there is any.
san_reports() {
	local found=0 f
	for f in "$SAN_WORK"/reports/*; do
		[ -s "$f" ] || continue
		found=1
		echo "!! sanitizer report $(basename "$f"):"
		cat "$f"
	done
	if [ -f "$SAN_LOG" ] && grep -nE 'runtime error:|ERROR: AddressSanitizer|ERROR: LeakSanitizer|SUMMARY: (Address|Undefined)|terminated by signal' "$SAN_LOG"; then
		found=1
		echo "!! sanitizer or crash lines in the server log (above, from $SAN_LOG)"
	fi
	[ "$found" = 0 ]
}
