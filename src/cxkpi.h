/*
 * cxkpi.h
 *	  What every cxkpi family uses: checked access to summary arguments and
 *	  aggregate states, the 22P02/22P03 reporters, confidence checks,
 *	  domain guards for accessor results and the JSON helpers.
 *
 * Summary types are varlenas whose first bytes after the length word are a
 * format version (and, for most, a second header byte).  Aggregates update
 * their state in place, with no allocation per row.  Because the extension
 * is trusted, the state in argument 0 can be anything a user's own
 * CREATE AGGREGATE hands us: a stored value that is compressed or TOASTed
 * out of line (types with STORAGE extended), a value returned by a SQL
 * function used as MINVFUNC, the state of an ordered-set aggregate.  So
 * the in-place path is taken only after a cheap check of exactly what it
 * relies on -- a plain inline varlena with a 4-byte header, of the exact
 * size, with a valid header -- and everything else takes the careful path:
 * a detoasted private copy, validated field by field (CxVarType).
 */
#ifndef CXKPI_H
#define CXKPI_H

#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "nodes/nodes.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"				/* VARSIZE and friends left postgres.h in 16 */
#endif

/*
 * A function that never returns.  PostgreSQL 18 replaced the
 * pg_attribute_noreturn() suffix with a pg_noreturn prefix; the prefix form
 * works with both, so every declaration puts cx_noreturn first.
 */
#if PG_VERSION_NUM >= 180000
#define cx_noreturn pg_noreturn
#else
#define cx_noreturn pg_attribute_noreturn()
#endif

/*
 * A summary type, as the state helpers see it.
 *
 * header_ok: the cheap check of an untoasted value with a 4-byte header:
 * its size and header bytes are what in-place updates and reads rely on
 * (indexes within the value, known version).  Called on every row of an
 * aggregate, so keep it to a few comparisons.
 * validate: full validation of every field (what the input functions
 * check) of a private copy, which it may complete with derived fields;
 * false with a sentence in *why saying what is wrong.
 */
typedef struct CxVarType
{
	const char *typname;
	bool		(*header_ok) (const struct varlena *v);
	bool		(*validate) (struct varlena *v, const char **why);
} CxVarType;

/* Called by an Agg or WindowAgg node (transition, combine, inverse, final). */
static inline bool
cx_in_aggregate(FunctionCallInfo fcinfo)
{
	return fcinfo->context != NULL &&
		(IsA(fcinfo->context, AggState) ||
		 IsA(fcinfo->context, WindowAggState));
}

extern struct varlena *cx_state_copy(FunctionCallInfo fcinfo, int argno,
									 const CxVarType *t);
extern struct varlena *cx_summary_detoast(FunctionCallInfo fcinfo, int argno,
										  const CxVarType *t);

/*
 * The (non-NULL) summary in argument argno, ready for an in-place update.
 *
 * In place only inside an aggregate, where the executor owns its state and
 * copies any other pointer we return into the aggregate's context, and
 * only when the datum is a plain inline varlena that passes header_ok.
 * Otherwise a validated private copy in the current memory context.
 *
 * header_ok must be the (static inline) function t holds: the macro form
 * inlines it on the per-row path instead of calling through t.
 */
#define cx_state_arg(fcinfo, argno, header_ok, t) \
	(likely(cx_in_aggregate(fcinfo) && \
			VARATT_IS_4B_U(PG_GETARG_POINTER(argno)) && \
			header_ok((const struct varlena *) PG_GETARG_POINTER(argno))) ? \
	 (struct varlena *) PG_GETARG_POINTER(argno) : \
	 cx_state_copy(fcinfo, argno, t))

/*
 * A read-only summary argument: detoasted when needed, its size and header
 * checked (values are validated when they are made; this guards every read
 * that indexes into the value).
 */
#define cx_summary_arg(fcinfo, argno, header_ok, t) \
	(likely(VARATT_IS_4B_U(PG_GETARG_POINTER(argno)) && \
			header_ok((const struct varlena *) PG_GETARG_POINTER(argno))) ? \
	 (struct varlena *) PG_GETARG_POINTER(argno) : \
	 cx_summary_detoast(fcinfo, argno, t))

/* Reporters of malformed input, with a detail saying what is wrong. */
cx_noreturn extern void cx_syntax_error(const char *typname, const char *input,
										const char *detail);
cx_noreturn extern void cx_binary_error(const char *typname, const char *detail);

/* Raise 22023 unless 0 < confidence < 1. */
extern void cx_check_confidence(double confidence);

/*
 * Domain guards for accessor results: a value outside [lo, hi] by rounding
 * is brought back to the nearest bound; NaN and infinities, which no
 * accessor documents, make the result NULL (false).
 */
static inline bool
cx_in_domain(double *v, double lo, double hi)
{
	if (!isfinite(*v))
		return false;
	if (*v < lo)
		*v = lo;
	else if (*v > hi)
		*v = hi;
	return true;
}

/* A probability, a share or a rate in [0, 1]. */
static inline bool
cx_unit_interval(double *v)
{
	return cx_in_domain(v, 0.0, 1.0);
}

/*
 * An interval [*lower, *upper] inside the domain [lo, hi]: each bound
 * clamped to the domain, and lower <= upper whatever the rounding.  False
 * (NULL) when a bound is not finite.
 */
extern bool cx_interval_in_domain(double *lower, double *upper,
								  double lo, double hi);

/* Shortest-exact text of a float, as float8out prints it. */
extern void cx_append_double(StringInfo buf, double v);

/* JSON helpers for the jsonb casts: "key": value, comma-separated. */
extern void cx_json_double(StringInfo buf, const char *key, bool isnull,
						   double v);
extern void cx_json_int64(StringInfo buf, const char *key, int64 v);

/*
 * Typed report rows (<family>_report(summary) functions, see README
 * "Dashboards"): the one-row composite the function's OUT parameters
 * describe, built from values[]/nulls[] (natts of them, in OUT order).
 * The blessed tuple descriptor is cached in fn_extra, so a LATERAL call per
 * stored summary costs one heap_form_tuple.
 */
extern Datum cx_report_row(FunctionCallInfo fcinfo, const Datum *values,
						   const bool *nulls, int natts);


/*
 * Text input of the "v1;key=value;..." forms: a cursor over the input
 * whose every defect is a 22P02 error naming the type, with a detail
 * saying what was expected at which character.
 */
typedef struct CxKvParser
{
	const char *typname;
	const char *input;			/* whole input, for messages */
	const char *p;				/* cursor */
} CxKvParser;

/* Start at input, past leading white space. */
extern void cx_kv_init(CxKvParser *tp, const char *typname, const char *input);
cx_noreturn extern void cx_kv_error(CxKvParser *tp, const char *detail);
/* 1-based character position of at, for messages. */
extern int	cx_kv_pos(const CxKvParser *tp, const char *at);
/* Consume ";key=" or fail. */
extern void cx_kv_expect_key(CxKvParser *tp, const char *key);
/* A non-negative decimal integer up to max, named what in messages. */
extern int64 cx_kv_count(CxKvParser *tp, int64 max, const char *what);
/* Only white space may follow. */
extern void cx_kv_end(CxKvParser *tp);

#endif							/* CXKPI_H */
