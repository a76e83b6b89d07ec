/*
 * The hand-written part of the 0.2.0 -> 0.3.0 upgrade script: what 0.3.0
 * adds to or changes in the objects of families that 0.2.0 already had,
 * in the order of their sources.  make builds sql/cxkpi--0.2.0--0.3.0.sql
 * from this file followed by the whole source of every family new in
 * 0.3.0 (the Makefile's NEW_SQL_SRC).  tests/sh/upgrade.sh checks that a
 * 0.2.0 database updated with it has exactly the objects of a fresh 0.3.0
 * install (catalog listing and pg_dump --binary-upgrade).
 */
