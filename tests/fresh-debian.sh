#!/bin/bash
# tests/fresh-debian.sh SUITE [VARIANT] -- the README's "make test" on a
# freshly installed Debian machine, as a new user would run it.
#
#   SUITE    bookworm, trixie, sid, ... (any suite debootstrap knows)
#   VARIANT  bare (default): a minbase root plus git and make, nothing else;
#            pg15: postgresql-15 preinstalled but no server headers (the
#            stock image of a PostgreSQL 15 machine; bookworm only): plain
#            "make" must name postgresql-server-dev-15, then make test runs
#
# Builds a minimal root with debootstrap --variant=minbase from the Debian
# mirror this machine's apt sources use (/etc/apt/sources.list*: the URI
# that serves this machine's own release; CXKPI_FRESH_MIRROR=URI overrides
# it, e.g. on a non-Debian host), adds git and make (the README's one
# prerequisite line), clones the commit under test (HEAD of this
# repository; uncommitted changes are not included) and runs plain "make
# test" in it as root with an empty environment (env -i, a minimal PATH and
# HOME).  Prints the run's closing line and its time;
# the full log is kept under $CACHE/logs/.  Exits with make test's status.
#
# The debootstrap root (with git and make) is cached as a tarball in
# $CXKPI_FRESH_CACHE (default /var/cache/cxkpi-fresh), so a rerun only
# unpacks it.  Every step is bounded in time (timeout); /proc, /sys,
# /dev/pts and /dev/shm are mounted for the run and unmounted by a trap,
# whatever happens.  CXKPI_FRESH_BASE_ONLY=1 stops once the cached base
# exists (to warm the cache).  Needs root and debootstrap (make test does not).
set -euo pipefail

SUITE=${1:?usage: tests/fresh-debian.sh SUITE [bare|pg15]}
VARIANT=${2:-bare}
CACHE=${CXKPI_FRESH_CACHE:-/var/cache/cxkpi-fresh}
REPO=$(cd "$(dirname "$0")/.." && pwd)
ME="fresh-debian $SUITE $VARIANT"

# time limits per step, in seconds
T_DEBOOTSTRAP=900 T_APT=900 T_TEST=1800

die() { echo "$ME: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mount)"
command -v debootstrap >/dev/null || die "needs debootstrap (apt-get install debootstrap)"
case $VARIANT in bare|pg15) ;; *) die "unknown variant '$VARIANT' (bare, pg15)" ;; esac

# host_mirror: the URI that serves this machine's own release in its apt
# sources (one-line *.list entries and deb822 *.sources files).
host_mirror() {
	local codename
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || return 1
	{
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
			[ -f "$f" ] || continue
			# deb [options] URI SUITE COMPONENTS...
			sed -E 's/#.*//; s/\[[^]]*\]//' "$f" |
				awk -v s="$codename" '$1 == "deb" && $3 == s { print $2 }'
		done
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -f "$f" ] || continue
			# stanzas separated by blank lines; keep URIs of stanzas
			# whose Suites include the host's codename
			sed -E '/^[[:space:]]*#/d; s/#.*//' "$f" | awk -v s="$codename" '
				function flush() {
					if (deb && enabled && has) for (i = 1; i <= nu; i++) print u[i]
					deb = 0; enabled = 1; has = 0; nu = 0
				}
				BEGIN { enabled = 1 }
				/^[[:space:]]*$/ { flush(); next }
				tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
				tolower($1) == "enabled:" { enabled = (tolower($2) != "no") }
				tolower($1) == "uris:" { for (i = 2; i <= NF; i++) u[++nu] = $i }
				tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == s) has = 1 }
				END { flush() }'
		done
	} | head -n 1
}
MIRROR=${CXKPI_FRESH_MIRROR:-$(host_mirror || true)}
[ -n "$MIRROR" ] || die "no Debian mirror found in /etc/apt/sources.list*"

mkdir -p "$CACHE/logs"
BASE=$CACHE/$SUITE-minbase-git-make.tar
LOG=$CACHE/logs/$SUITE-$VARIANT.log
: >"$LOG"
WORK=""
ROOT=""
CHILD=""

# umount_all: every mount under the work directory (ours, and those
# debootstrap leaves when it is interrupted), deepest first.
umount_all() {
	local m
	[ -n "$WORK" ] || return 0
	awk -v w="$WORK/" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r |
		while read -r m; do
			umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
		done
}

# the script's own stderr, for cleanup (a step's output goes to $LOG)
exec 3>&2

cleanup() {
	local rc=$? p
	trap - INT TERM
	exec 2>&3
	# stop what still runs in the root: the step in progress (timeout
	# leads its own process group), then anything left chrooted there
	if [ -n "$CHILD" ]; then kill -TERM -- "-$CHILD" 2>/dev/null || true; sleep 1; fi
	if [ -n "$ROOT" ]; then
		for p in /proc/[0-9]*; do
			[ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ] && kill -KILL "${p#/proc/}" 2>/dev/null
		done
	fi
	umount_all
	if [ -n "$WORK" ]; then
		# never delete through a mount that is still there
		if grep -qF " $WORK/" /proc/mounts; then
			echo "$ME: mounts left under $WORK, not removing it" >&2
		else
			rm -rf "$WORK"
		fi
	fi
	if [ "$rc" -ne 0 ]; then
		echo "$ME: FAILED (exit $rc); from $LOG:" >&2
		grep -E '^(!!|cxkpi:)|FAIL|^not ok |\.\.\. FAILED|error:' "$LOG" | head -n 20 >&2 || true
		echo "   ... its last lines:" >&2
		tail -n 15 "$LOG" >&2
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mount_all() {
	mount -t proc proc "$ROOT/proc"
	mount -t sysfs sysfs "$ROOT/sys"
	mkdir -p "$ROOT/dev/pts" "$ROOT/dev/shm"
	mount -t devpts -o newinstance,ptmxmode=0666 devpts "$ROOT/dev/pts"
	mount -t tmpfs -o mode=1777 tmpfs "$ROOT/dev/shm"
}

# bounded SECONDS CMD...: run CMD with a time limit, in the background so
# that a signal to this script is handled at once (bash runs traps only
# between commands, and "wait" is one).
bounded() {
	local t=$1
	shift
	timeout -k 30 "$t" "$@" &
	CHILD=$!
	wait "$CHILD"
}

# in_root SECONDS CMD...: run CMD in the root as root with an empty
# environment, bounded in time.
in_root() {
	local t=$1
	shift
	bounded "$t" chroot "$ROOT" /usr/bin/env -i \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root "$@"
}

# The root needs the host's name resolution to reach the mirror; services
# installed by apt must not start (a chroot shares the host's network, and
# a server started there would hold port 5432 of the host).
prepare_root() {
	cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
	printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
	chmod 755 "$ROOT/usr/sbin/policy-rc.d"
}

WORK=$(mktemp -d /var/tmp/cxkpi-fresh.XXXXXX)
ROOT=$WORK/root
start=$SECONDS

if [ ! -f "$BASE" ]; then
	echo "== $ME: debootstrap --variant=minbase $SUITE from $MIRROR (cached in $BASE)"
	bounded "$T_DEBOOTSTRAP" debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >>"$LOG" 2>&1
	if [ "$SUITE" = sid ]; then
		# The sid snapshot on the mirror is frozen: its Release file is
		# past its Valid-Until date, and apt refuses it unless told not
		# to check.  Only this test root gets the setting.
		cat >"$ROOT/etc/apt/apt.conf.d/99cxkpi-snapshot" <<-'EOF'
		// cxkpi fresh-machine test: this mirror serves a frozen sid snapshot
		// whose Release file has expired; accept it anyway.
		Acquire::Check-Valid-Until "false";
		EOF
	fi
	prepare_root
	mount_all
	# the README's one prerequisite line
	in_root "$T_APT" sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y git make && apt-get clean' >>"$LOG" 2>&1
	umount_all
	bounded 600 tar -C "$ROOT" --numeric-owner -cf "$BASE.tmp" .
	mv "$BASE.tmp" "$BASE"
	echo "   base ready in $((SECONDS - start)) s"
else
	mkdir -p "$ROOT"
	bounded 600 tar -C "$ROOT" --numeric-owner -xf "$BASE"
	prepare_root
fi
if [ -n "${CXKPI_FRESH_BASE_ONLY:-}" ]; then exit 0; fi
mount_all

if [ "$VARIANT" = pg15 ]; then
	echo "== $ME: preinstalling postgresql-15 (no server headers)"
	in_root "$T_APT" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql-15' >>"$LOG" 2>&1
fi

commit=$(git -C "$REPO" rev-parse HEAD)
bounded 300 git clone -q --no-hardlinks "$REPO" "$ROOT/root/cxkpi" >>"$LOG" 2>&1
git -C "$ROOT/root/cxkpi" checkout -q --detach "$commit"

if [ "$VARIANT" = pg15 ]; then
	# pg_config and pgxs.mk are there, postgres.h is not: plain "make" must
	# say which package to install (not fail in the compiler)
	out=$(in_root 300 sh -c 'cd /root/cxkpi && make' 2>&1 || true)
	echo "$out" >>"$LOG"
	echo "$out" | grep -q 'Install postgresql-server-dev-15' ||
		die "plain make without server headers did not name postgresql-server-dev-15: $out"
	echo "   plain make: $(echo "$out" | grep -m1 'Install postgresql-server-dev-15' | sed 's/^ *//')"
fi

echo "== $ME: make test at ${commit:0:12} (log: $LOG)"
t0=$SECONDS
rc=0
in_root "$T_TEST" sh -c 'cd /root/cxkpi && make test' >>"$LOG" 2>&1 || rc=$?
closing=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$LOG" | tail -n 1 || true)
# compiler warnings of the extension's build (before the suites start)
warnings=$(sed '/^== pg_regress/q' "$LOG" | grep -c 'warning:' || true)
echo "   $ME: ${closing:-no closing line} (make test exit $rc, $((SECONDS - t0)) s; total $((SECONDS - start)) s; $warnings compiler warnings)"
if [ "$rc" -eq 0 ] && [ "$warnings" -ne 0 ]; then rc=1; fi
exit "$rc"
