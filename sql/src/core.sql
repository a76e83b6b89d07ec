/*
 * The SQL declarations of cxkpi, one source per family under sql/src/.
 * make concatenates them, in the order the Makefile's SQL_SRC lists, into
 * the current version's install script sql/cxkpi--<version>.sql (a build
 * product: edit the sources, never the built script).  Released install
 * and upgrade scripts are committed and never change; every release adds
 * a hand-written upgrade script, and tests/sh/upgrade.sh checks that an
 * upgraded database has exactly the objects of a fresh install.
 *
 * A family's whole SQL surface -- type and I/O functions, aggregates and
 * their support functions, operators, operator classes, accessors, casts
 * and comments -- sits in its own file.  The accessors the survey
 * families share by name (responses, std_error, ci_lower, p_value, ...)
 * are overloads on each family's type, declared in that family's file.
 *
 * Conventions (see README.md):
 *  - every function is IMMUTABLE STRICT PARALLEL SAFE unless stated;
 *  - aggregate transition functions are not STRICT: they create the
 *    summary on a group's first row and skip rows whose score or weight is
 *    NULL, so a group of only NULL scores gives an empty summary and no
 *    rows at all give NULL;
 *  - nothing here depends on search_path: objects live in @extschema@ and
 *    the script only refers to its own objects and pg_catalog types.
 */
