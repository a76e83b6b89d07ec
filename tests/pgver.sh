#!/bin/sh
# Prints the PostgreSQL major version this distribution ships: the version
# its "postgresql" package depends on (apt-cache, when package lists are
# there), else the one its release is known to ship (/etc/os-release), else
# 15.  Installs nothing and needs no PostgreSQL; "PGVER=N make ..." overrides.
v=$(apt-cache show --no-all-versions postgresql 2>/dev/null |
	sed -n 's/^Depends:.*postgresql-\([0-9][0-9]*\).*/\1/p' | head -n 1)
if [ -z "$v" ] && [ -r /etc/os-release ]; then
	# shellcheck disable=SC1091
	v=$(. /etc/os-release
		case "${ID:-}:${VERSION_ID:-}" in
		debian:11) echo 13 ;;
		debian:12) echo 15 ;;
		debian:13) echo 17 ;;
		debian:) echo 18 ;;		# testing/unstable carry no VERSION_ID
		ubuntu:22.04) echo 14 ;;
		ubuntu:24.04) echo 16 ;;
		ubuntu:25.04 | ubuntu:25.10) echo 17 ;;
		esac)
fi
echo "${v:-15}"
