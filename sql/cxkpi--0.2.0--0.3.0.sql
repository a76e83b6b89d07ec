/* cxkpi 0.2.0 -> 0.3.0 upgrade script */

\echo Use "ALTER EXTENSION cxkpi UPDATE TO '0.3.0'" to load this file. \quit

-- Written by hand: every object 0.3.0 adds or changes, in the order of the
-- sources in sql/src/.  tests/sh/upgrade.sh checks that a 0.2.0 database
-- updated with this script has exactly the objects of a fresh 0.3.0
-- install (catalog listing and pg_dump --binary-upgrade).
--
-- So far 0.3.0 declares the same objects as 0.2.0 (the install script is
-- now assembled from one source per family), so there is nothing to do.
