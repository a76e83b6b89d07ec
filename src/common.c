/*
 * common.c
 *	  The shared core every family uses (see cxkpi.h): the careful path of
 *	  the state helpers, error reporters, confidence checks, domain guards
 *	  and JSON helpers.
 */
#include "postgres.h"

#include <ctype.h>

#include "access/htup_details.h"
#include "common/shortest_dec.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "cxkpi.h"
#include "textparse.h"

/* Report a damaged summary value of type t (XX001), saying what is wrong. */
cx_noreturn static void
damaged_value(const CxVarType *t, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("invalid %s value", t->typname),
			 errdetail("%s", detail),
			 errhint("Values of %s are made by its aggregates and input functions; this one was damaged.",
					 t->typname)));
}

/*
 * The careful path of cx_state_arg: a private, detoasted copy of argument
 * argno in the current memory context, validated field by field.  Inside
 * an aggregate the executor copies the returned pointer into its own
 * context, so the copy here lives only until the per-row reset.
 */
struct varlena *
cx_state_copy(FunctionCallInfo fcinfo, int argno, const CxVarType *t)
{
	struct varlena *v = PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(argno));
	const char *why = NULL;

	if (!t->header_ok(v) || !t->validate(v, &why))
		damaged_value(t, why ? why : "The value's size or header does not match its format version.");
	return v;
}

/* The careful path of cx_summary_arg: detoast, then check size and header. */
struct varlena *
cx_summary_detoast(FunctionCallInfo fcinfo, int argno, const CxVarType *t)
{
	struct varlena *v = PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));

	if (!t->header_ok(v))
		damaged_value(t, psprintf("The value has %u bytes, or a header that does not match its format version.",
								  (unsigned) VARSIZE(v)));
	return v;
}

/* Malformed text input (22P02). */
void
cx_syntax_error(const char *typname, const char *input, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", typname, input),
			 errdetail("%s", detail)));
}

/* Malformed binary input (22P03). */
void
cx_binary_error(const char *typname, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary representation for type %s", typname),
			 errdetail("%s", detail)));
}

/* Raise 22023 unless 0 < confidence < 1. */
void
cx_check_confidence(double confidence)
{
	if (!(confidence > 0.0 && confidence < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence level %s is out of range",
						float8out_internal(confidence)),
				 errdetail("The confidence level must be strictly between 0 and 1, for example 0.95.")));
}

/* See cxkpi.h. */
bool
cx_interval_in_domain(double *lower, double *upper, double lo, double hi)
{
	if (!isfinite(*lower) || !isfinite(*upper))
		return false;
	(void) cx_in_domain(lower, lo, hi);
	(void) cx_in_domain(upper, lo, hi);
	if (*lower > *upper)
	{
		/* crossed only by rounding (a width below one ulp): meet halfway */
		double		mid = *lower / 2 + *upper / 2;

		*lower = *upper = mid;
	}
	return true;
}

/* Append a float shortest-exact. */
void
cx_append_double(StringInfo buf, double v)
{
	char		tmp[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(v, tmp);
	appendStringInfoString(buf, tmp);
}

/* Append "key": number-or-null, with a leading comma unless first. */
void
cx_json_double(StringInfo buf, const char *key, bool isnull, double v)
{
	if (buf->len > 1)
		appendStringInfoChar(buf, ',');
	appendStringInfo(buf, "\"%s\":", key);
	if (isnull || !isfinite(v))
		appendStringInfoString(buf, "null");
	else
		cx_append_double(buf, v);
}

/* Append "key": integer. */
void
cx_json_int64(StringInfo buf, const char *key, int64 v)
{
	if (buf->len > 1)
		appendStringInfoChar(buf, ',');
	appendStringInfo(buf, "\"%s\":" INT64_FORMAT, key, v);
}

/* The report row of the calling function (see cxkpi.h). */
Datum
cx_report_row(FunctionCallInfo fcinfo, const Datum *values, const bool *nulls,
			  int natts)
{
	TupleDesc	desc = (TupleDesc) fcinfo->flinfo->fn_extra;

	if (desc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		TupleDesc	d;

		if (get_call_result_type(fcinfo, NULL, &d) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "report function called in a context that cannot accept a row");
		desc = BlessTupleDesc(CreateTupleDescCopy(d));
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = desc;
	}
	if (desc->natts != natts)
		elog(ERROR, "report row has %d columns, its declaration %d", natts, desc->natts);
	return HeapTupleGetDatum(heap_form_tuple(desc, (Datum *) values, (bool *) nulls));
}

/* ---- "v1;key=value;..." text input (see cxkpi.h) ---- */

void
cx_kv_init(CxKvParser *tp, const char *typname, const char *input)
{
	tp->typname = typname;
	tp->input = input;
	tp->p = input;
	while (isspace((unsigned char) *tp->p))
		tp->p++;
}

void
cx_kv_error(CxKvParser *tp, const char *detail)
{
	cx_syntax_error(tp->typname, tp->input, detail);
}

int
cx_kv_pos(const CxKvParser *tp, const char *at)
{
	return (int) (at - tp->input) + 1;
}

void
cx_kv_expect_key(CxKvParser *tp, const char *key)
{
	size_t		len = strlen(key);

	if (tp->p[0] != ';' || strncmp(tp->p + 1, key, len) != 0 || tp->p[1 + len] != '=')
		cx_kv_error(tp, psprintf("Expected \";%s=\" at character %d.", key, cx_kv_pos(tp, tp->p)));
	tp->p += len + 2;
}

int64
cx_kv_count(CxKvParser *tp, int64 max, const char *what)
{
	const char *start = tp->p;
	int64		v = 0;

	switch (cx_scan_int64(&tp->p, 0, max, &v))
	{
		case CX_SCAN_SYNTAX:
			cx_kv_error(tp, psprintf("Expected %s (a non-negative integer) at character %d.",
									 what, cx_kv_pos(tp, start)));
		case CX_SCAN_RANGE:
			cx_kv_error(tp, psprintf("The %s at character %d is out of range (at most " INT64_FORMAT ").",
									 what, cx_kv_pos(tp, start), max));
		case CX_SCAN_OK:
			break;
	}
	return v;
}

void
cx_kv_end(CxKvParser *tp)
{
	while (isspace((unsigned char) *tp->p))
		tp->p++;
	if (*tp->p != '\0')
		cx_kv_error(tp, psprintf("Unexpected characters at character %d.", cx_kv_pos(tp, tp->p)));
}
