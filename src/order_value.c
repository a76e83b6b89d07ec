/*
 * order_value.c
 *	  Order values: the order_value_summary type, order_value_agg(), rollup,
 *	  the operators, the AOV accessors and the two-group comparisons
 *	  (Welch, delta-method lift).
 *
 * One input row is one order amount (numeric); NULL is skipped, negative
 * amounts (refunds, credit notes) are orders like any other and are also
 * counted apart (refunds).  The summary holds the exact sufficient
 * statistics of rate_math.h's CxOrderStats -- count, total and sum of
 * squares as integers of units of 10^-scale, min and max -- so the mean,
 * the sample variance, Student-t intervals and Welch's test are formed
 * once, from exact sums, and any grouping of the same rows (parallel
 * workers, rollup of daily summaries, a window frame) gives the same bits.
 *
 * Limits.  An amount has at most OV_MAX_SCALE (6) decimal places (trailing
 * zeros do not count) and an absolute value below 10^OV_INT_DIGITS (10^13):
 * so one amount is below 10^19 units of 10^-6, and for any number of orders
 * up to 2^63 - 1 the total (< 9.3e37 < 2^127) and the sum of squares
 * (< 9.3e56 < 2^256) fit.  No sum, merge or rescaling can overflow; only the
 * count can, at 2^63 - 1 orders.  Amounts beyond the limits are errors
 * (22003), never roundings.
 *
 * Reading a numeric: decimal128.c's cx_numeric_decode reads the stored
 * digits in place (see revenue.c for why that is safe), no allocation.
 *
 * Scale and equality, as revenue.c: the scale of a summary only grows while
 * aggregating (no division per row) and the moving-window inverse can leave
 * it larger than what is left needs, so everything a user sees (text,
 * binary, accessors, jsonb, "=", hash) works on the canonical form
 * (cx_order_canonical: the smallest scale at which total and sum of squares
 * are integers).
 *
 * Memory: order_value_agg's state is the summary itself, allocated once per
 * group (first row, in the per-row context; the executor copies it into its
 * own) and updated in place through cx_state_arg.  Outside aggregates every
 * function returns a fresh, canonical value and never modifies its
 * arguments.
 *
 * Text form (canonical):
 *	  v1;orders=N;refunds=R;scale=S;total=T;sum_squares=Q;min=X;max=Y
 * T with exactly S decimal places, Q with exactly 2S, X and Y as decimals
 * with no trailing zeros.
 */
#include "postgres.h"

#include <ctype.h>
#include <float.h>
#include <math.h>

#include "access/htup_details.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"

#include "cxkpi.h"
#include "decimal128.h"
#include "rate_math.h"
#include "textparse.h"

#define OV_FORMAT_VERSION	1
#define OV_MAX_SCALE		6	/* decimal places of an amount */
#define OV_INT_DIGITS		13	/* |amount| < 10^13 */

/*
 * 120 bytes, no padding (every byte defined, reserved fields zero), so
 * canonical summaries compare with memcmp and hash as bytes.
 */
typedef struct OrderValueSummary
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* OV_FORMAT_VERSION */
	uint8		flags;			/* reserved, 0 */
	uint16		reserved;		/* 0 */
	int64		refunds;		/* orders with a negative amount */
	CxOrderStats st;			/* count, total, sum of squares, min, max */
} OrderValueSummary;

#define OV_SIZE		((Size) sizeof(OrderValueSummary))

StaticAssertDecl(sizeof(OrderValueSummary) == 120,
				 "OrderValueSummary must have no padding");

/* A new, empty summary in memory context cxt. */
static OrderValueSummary *
ov_new_in(MemoryContext cxt)
{
	OrderValueSummary *s = (OrderValueSummary *) MemoryContextAllocZero(cxt, OV_SIZE);

	SET_VARSIZE(s, OV_SIZE);
	s->version = OV_FORMAT_VERSION;
	return s;
}

/* Is s a summary some set of orders could produce?  NULL, or why not. */
static const char *
ov_invalid(const OrderValueSummary *s)
{
	const CxOrderStats *st = &s->st;
	const char *why;

	if (s->version != OV_FORMAT_VERSION)
		return psprintf("Format version %d is not supported; this build reads version %d.",
						s->version, OV_FORMAT_VERSION);
	if (s->flags != 0 || s->reserved != 0)
		return "The reserved fields must be zero.";
	if ((why = cx_order_invalid(st, OV_MAX_SCALE, OV_INT_DIGITS)) != NULL)
		return why;
	if (s->refunds < 0 || s->refunds > st->count)
		return "refunds must be between 0 and orders.";
	if (st->count > 0)
	{
		bool		min_neg = cx_i128_is_negative(st->min_units);
		bool		max_neg = cx_i128_is_negative(st->max_units);

		if ((s->refunds > 0) != min_neg)
			return "refunds must be positive exactly when the smallest amount is negative.";
		if ((s->refunds == st->count) != max_neg)
			return "refunds must equal orders exactly when the largest amount is negative.";
	}
	return NULL;
}

/* What in-place updates and reads rely on: size, version, scales. */
static inline bool
ov_header_ok(const struct varlena *v)
{
	const OrderValueSummary *s = (const OrderValueSummary *) v;

	return VARSIZE(v) == OV_SIZE && s->version == OV_FORMAT_VERSION &&
		(uint32) s->st.scale <= OV_MAX_SCALE &&
		(uint32) s->st.min_scale <= OV_MAX_SCALE &&
		(uint32) s->st.max_scale <= OV_MAX_SCALE;
}

static bool
ov_validate_varlena(struct varlena *v, const char **why)
{
	const char *w = ov_invalid((const OrderValueSummary *) v);

	if (w == NULL)
		return true;
	*why = w;
	return false;
}

static const CxVarType ov_type = {"order_value_summary", ov_header_ok, ov_validate_varlena};

/* A read-only summary argument. */
static inline const OrderValueSummary *
ov_arg(FunctionCallInfo fcinfo, int argno)
{
	return (const OrderValueSummary *) cx_summary_arg(fcinfo, argno, ov_header_ok, &ov_type);
}

/* The summary in argument argno, for an in-place update. */
static inline OrderValueSummary *
ov_state(FunctionCallInfo fcinfo, int argno)
{
	return (OrderValueSummary *) cx_state_arg(fcinfo, argno, ov_header_ok, &ov_type);
}

/* The canonical form of s into *out. */
static void
ov_canonical(const OrderValueSummary *s, OrderValueSummary *out)
{
	if (out != s)
		memcpy(out, s, OV_SIZE);
	cx_order_canonical(&out->st);
}

/* The canonical summary in argument argno, on the stack. */
static void
canonical_arg(FunctionCallInfo fcinfo, int argno, OrderValueSummary *c)
{
	ov_canonical(ov_arg(fcinfo, argno), c);
}

/* ----------------------------------------------------------------
 * Errors
 * ----------------------------------------------------------------
 */

/* More than 2^63 - 1 orders (22003). */
cx_noreturn static void
count_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("order value summary order count out of range"),
			 errdetail("An order value summary counts at most " INT64_FORMAT " orders.",
					   PG_INT64_MAX)));
}

/* An amount the summary cannot take (22023 or 22003). */
cx_noreturn static void
bad_amount(Datum num, CxDecStatus st, int places)
{
	char	   *txt = DatumGetCString(DirectFunctionCall1(numeric_out, num));

	if (st == CX_DEC_SPECIAL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid order amount: %s", txt),
				 errdetail("Order amounts must be finite numbers; NULL amounts are skipped.")));
	if (st == CX_DEC_SCALE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("order amount %s has too many decimal places", txt),
				 errdetail("Amounts may have at most %d decimal places (trailing zeros do not count); this one has %d.",
						   OV_MAX_SCALE, places),
				 errhint("Round the amounts, for example round(amount, 2).")));
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("order amount %s is out of range", txt),
			 errdetail("The absolute value of an order amount must be below 10^%d (10000000000000).",
					   OV_INT_DIGITS)));
}

/* An inverse that removes what the summary does not hold (22023). */
cx_noreturn static void
cannot_remove(const char *what, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cannot remove %s that the order value summary does not hold", what),
			 errdetail("%s", detail),
			 errhint("The inverse transition functions only remove what was added.")));
}

/* ----------------------------------------------------------------
 * Rows
 * ----------------------------------------------------------------
 */

/* 10^k, 0 <= k <= 19 */
static const uint64 pow10_u64[20] = {
	UINT64CONST(1), UINT64CONST(10), UINT64CONST(100), UINT64CONST(1000),
	UINT64CONST(10000), UINT64CONST(100000), UINT64CONST(1000000),
	UINT64CONST(10000000), UINT64CONST(100000000), UINT64CONST(1000000000),
	UINT64CONST(10000000000), UINT64CONST(100000000000),
	UINT64CONST(1000000000000), UINT64CONST(10000000000000),
	UINT64CONST(100000000000000), UINT64CONST(1000000000000000),
	UINT64CONST(10000000000000000), UINT64CONST(100000000000000000),
	UINT64CONST(1000000000000000000), UINT64CONST(10000000000000000000)
};

/* The (non-NULL) numeric in argument argno, checked against the limits. */
static inline CxDec128
read_amount(FunctionCallInfo fcinfo, int argno)
{
	Datum		d = PG_GETARG_DATUM(argno);
	struct varlena *num = PG_DETOAST_DATUM_PACKED(d);
	CxDec128	dec;
	CxDecStatus st;
	Cx128		mag;

	st = cx_numeric_decode(VARDATA_ANY(num), VARSIZE_ANY_EXHDR(num), OV_MAX_SCALE, &dec);
	if (unlikely(st != CX_DEC_OK))
	{
		if (st == CX_DEC_SYNTAX)
			elog(ERROR, "cxkpi: malformed numeric of %d bytes", (int) VARSIZE_ANY_EXHDR(num));
		bad_amount(d, st, dec.scale);
	}
	mag = cx_i128_is_negative(dec.units) ?
		cx_u128_sub(cx128_make(0, 0), dec.units) : dec.units;
	if (unlikely(mag.hi != 0 || mag.lo >= pow10_u64[OV_INT_DIGITS + dec.scale]))
		bad_amount(d, CX_DEC_RANGE, 0);
	return dec;
}

/* Add one amount to s. */
static inline void
add_amount(OrderValueSummary *s, CxDec128 a)
{
	if (unlikely(!cx_order_add(&s->st, a)))
		count_overflow();		/* within the limits only the count can overflow */
	if (cx_i128_is_negative(a.units))
		s->refunds++;
}

/* ----------------------------------------------------------------
 * Text I/O
 * ----------------------------------------------------------------
 */

/* Append a decimal. */
static void
append_dec(StringInfo buf, CxDec128 d)
{
	char		text[CX_DEC128_TEXT_SIZE];

	appendBinaryStringInfo(buf, text, cx_dec128_to_text(text, d));
}

/* The canonical text form. */
static char *
ov_to_text(const OrderValueSummary *in)
{
	OrderValueSummary c;
	StringInfoData buf;
	char		sq[CX_ORDER_SUMSQ_TEXT_SIZE];

	ov_canonical(in, &c);
	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d;orders=" INT64_FORMAT ";refunds=" INT64_FORMAT ";scale=%d;total=",
					 c.version, c.st.count, c.refunds, c.st.scale);
	append_dec(&buf, cx_order_total(&c.st));
	cx_order_sumsq_to_text(sq, &c.st);
	appendStringInfo(&buf, ";sum_squares=%s;min=", sq);
	append_dec(&buf, cx_order_min(&c.st));
	appendStringInfoString(&buf, ";max=");
	append_dec(&buf, cx_order_max(&c.st));
	return buf.data;
}

/*
 * A decimal "[-]digits[.digits]"; with places >= 0 it must have exactly
 * that many decimal places, otherwise at most OV_MAX_SCALE.
 */
static CxDec128
parse_dec(CxKvParser *tp, int places, const char *what)
{
	const char *start = tp->p;
	const char *end;
	CxDec128	d;

	switch (cx_dec128_from_text(tp->p, &end, &d))
	{
		case CX_DEC_OK:
			break;
		case CX_DEC_RANGE:
		case CX_DEC_SCALE:
			cx_kv_error(tp, psprintf("The %s at character %d is out of range.", what, cx_kv_pos(tp, start)));
		default:
			cx_kv_error(tp, psprintf("Expected the %s (a decimal number) at character %d.",
									what, cx_kv_pos(tp, start)));
	}
	if (places >= 0 ? d.scale != places : d.scale > OV_MAX_SCALE)
		cx_kv_error(tp, places >= 0 ?
				   psprintf("The %s at character %d has %d decimal places; the scale says %d.",
							what, cx_kv_pos(tp, start), d.scale, places) :
				   psprintf("The %s at character %d has %d decimal places; at most %d are allowed.",
							what, cx_kv_pos(tp, start), d.scale, OV_MAX_SCALE));
	tp->p = end;
	return d;
}

/* Parse a summary from its text form; any defect is a 22P02 error. */
static OrderValueSummary *
ov_from_text(const char *str)
{
	CxKvParser	tp;
	OrderValueSummary *s;
	CxDec128	d;
	const char *why;
	const char *start;
	const char *end;

	cx_kv_init(&tp, "order_value_summary", str);
	if (*tp.p != 'v')
		cx_kv_error(&tp, psprintf("Expected \"v\" at character %d.", cx_kv_pos(&tp, tp.p)));
	tp.p++;
	s = ov_new_in(CurrentMemoryContext);
	s->version = (uint8) cx_kv_count(&tp, 255, "format version");
	if (s->version != OV_FORMAT_VERSION)
		cx_kv_error(&tp, psprintf("Format version %d is not supported; this build reads version %d.",
								  s->version, OV_FORMAT_VERSION));
	cx_kv_expect_key(&tp, "orders");
	s->st.count = cx_kv_count(&tp, PG_INT64_MAX, "orders");
	cx_kv_expect_key(&tp, "refunds");
	s->refunds = cx_kv_count(&tp, PG_INT64_MAX, "refunds");
	cx_kv_expect_key(&tp, "scale");
	s->st.scale = (int32) cx_kv_count(&tp, OV_MAX_SCALE, "scale");
	cx_kv_expect_key(&tp, "total");
	d = parse_dec(&tp, s->st.scale, "total");
	s->st.total = d.units;
	cx_kv_expect_key(&tp, "sum_squares");
	start = tp.p;
	if (!cx_order_sumsq_from_text(tp.p, &end, 2 * s->st.scale, s->st.sumsq))
		cx_kv_error(&tp, psprintf("Expected the sum of squares, a non-negative decimal below 2^256 units with exactly %d decimal places, at character %d.",
								 2 * s->st.scale, cx_kv_pos(&tp, start)));
	tp.p = end;
	cx_kv_expect_key(&tp, "min");
	d = cx_dec128_reduce(parse_dec(&tp, -1, "min"));
	s->st.min_units = d.units;
	s->st.min_scale = d.scale;
	cx_kv_expect_key(&tp, "max");
	d = cx_dec128_reduce(parse_dec(&tp, -1, "max"));
	s->st.max_units = d.units;
	s->st.max_scale = d.scale;
	cx_kv_end(&tp);
	if ((why = ov_invalid(s)) != NULL)
		cx_kv_error(&tp, why);
	ov_canonical(s, s);
	return s;
}

/* ----------------------------------------------------------------
 * Binary I/O
 *
 * byte version, byte flags, int16 reserved, int64 refunds, int64 orders,
 * int32 scale, min_scale, max_scale, reserved, then total, min and max
 * units (high, low 64-bit halves each) and the sum of squares (four 64-bit
 * limbs, most significant first): 116 bytes, network byte order, sent
 * canonical.
 * ----------------------------------------------------------------
 */

#define OV_WIRE_SIZE	(4 + 8 + 8 + 16 + 3 * 16 + 32)

cx_noreturn static void
binary_error(const char *detail)
{
	cx_binary_error("order_value_summary", detail);
}

static void
send_128(StringInfo buf, Cx128 v)
{
	pq_sendint64(buf, (int64) v.hi);
	pq_sendint64(buf, (int64) v.lo);
}

static Cx128
get_128(StringInfo buf)
{
	Cx128		v;

	v.hi = (uint64) pq_getmsgint64(buf);
	v.lo = (uint64) pq_getmsgint64(buf);
	return v;
}

/* ----------------------------------------------------------------
 * SQL-callable functions
 * ----------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(cxkpi_order_value_summary_in);
PG_FUNCTION_INFO_V1(cxkpi_order_value_summary_out);
PG_FUNCTION_INFO_V1(cxkpi_order_value_summary_recv);
PG_FUNCTION_INFO_V1(cxkpi_order_value_summary_send);
PG_FUNCTION_INFO_V1(cxkpi_order_value_agg_transfn);
PG_FUNCTION_INFO_V1(cxkpi_order_value_agg_invfn);
PG_FUNCTION_INFO_V1(cxkpi_order_value_agg_mtransfn);
PG_FUNCTION_INFO_V1(cxkpi_order_value_agg_mfinalfn);
PG_FUNCTION_INFO_V1(cxkpi_order_value_summary_add);
PG_FUNCTION_INFO_V1(cxkpi_order_value_summary_rollup_inv);
PG_FUNCTION_INFO_V1(cxkpi_order_value_summary_eq);
PG_FUNCTION_INFO_V1(cxkpi_order_value_summary_ne);
PG_FUNCTION_INFO_V1(cxkpi_order_value_summary_hash);
PG_FUNCTION_INFO_V1(cxkpi_order_value_aov);
PG_FUNCTION_INFO_V1(cxkpi_order_value_orders);
PG_FUNCTION_INFO_V1(cxkpi_order_value_refunds);
PG_FUNCTION_INFO_V1(cxkpi_order_value_total);
PG_FUNCTION_INFO_V1(cxkpi_order_value_min);
PG_FUNCTION_INFO_V1(cxkpi_order_value_max);
PG_FUNCTION_INFO_V1(cxkpi_order_value_std_dev);
PG_FUNCTION_INFO_V1(cxkpi_order_value_std_error);
PG_FUNCTION_INFO_V1(cxkpi_order_value_ci_lower);
PG_FUNCTION_INFO_V1(cxkpi_order_value_ci_upper);
PG_FUNCTION_INFO_V1(cxkpi_order_value_margin_of_error);
PG_FUNCTION_INFO_V1(cxkpi_order_value_p_value);
PG_FUNCTION_INFO_V1(cxkpi_order_value_relative_lift);
PG_FUNCTION_INFO_V1(cxkpi_order_value_relative_lift_ci_lower);
PG_FUNCTION_INFO_V1(cxkpi_order_value_relative_lift_ci_upper);
PG_FUNCTION_INFO_V1(cxkpi_order_value_mean_difference);
PG_FUNCTION_INFO_V1(cxkpi_order_value_mean_difference_ci_lower);
PG_FUNCTION_INFO_V1(cxkpi_order_value_mean_difference_ci_upper);
PG_FUNCTION_INFO_V1(cxkpi_order_value_comparison);
PG_FUNCTION_INFO_V1(cxkpi_order_value_report);
PG_FUNCTION_INFO_V1(cxkpi_order_value_summary_jsonb);

/* order_value_summary text input */
Datum
cxkpi_order_value_summary_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(ov_from_text(PG_GETARG_CSTRING(0)));
}

/* order_value_summary text output (canonical) */
Datum
cxkpi_order_value_summary_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(ov_to_text(ov_arg(fcinfo, 0)));
}

/* order_value_summary binary input: every field validated */
Datum
cxkpi_order_value_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			left = buf->len - buf->cursor;
	OrderValueSummary *s;
	const char *why;
	int			i;

	if (left != OV_WIRE_SIZE)
		binary_error(psprintf("The value has %d bytes; an order value summary has %d.",
							  left, OV_WIRE_SIZE));
	s = ov_new_in(CurrentMemoryContext);
	s->version = (uint8) pq_getmsgbyte(buf);
	if (s->version != OV_FORMAT_VERSION)
		binary_error(psprintf("Format version %d is not supported; this build reads version %d.",
							  s->version, OV_FORMAT_VERSION));
	s->flags = (uint8) pq_getmsgbyte(buf);
	s->reserved = (uint16) pq_getmsgint(buf, 2);
	s->refunds = (int64) pq_getmsgint64(buf);
	s->st.count = (int64) pq_getmsgint64(buf);
	s->st.scale = (int32) pq_getmsgint(buf, 4);
	s->st.min_scale = (int32) pq_getmsgint(buf, 4);
	s->st.max_scale = (int32) pq_getmsgint(buf, 4);
	s->st.reserved = (int32) pq_getmsgint(buf, 4);
	s->st.total = get_128(buf);
	s->st.min_units = get_128(buf);
	s->st.max_units = get_128(buf);
	for (i = 3; i >= 0; i--)
		s->st.sumsq[i] = (uint64) pq_getmsgint64(buf);
	pq_getmsgend(buf);
	if ((why = ov_invalid(s)) != NULL)
		binary_error(why);
	ov_canonical(s, s);
	PG_RETURN_POINTER(s);
}

/* order_value_summary binary output (canonical) */
Datum
cxkpi_order_value_summary_send(PG_FUNCTION_ARGS)
{
	OrderValueSummary c;
	StringInfoData buf;
	int			i;

	canonical_arg(fcinfo, 0, &c);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, c.version);
	pq_sendbyte(&buf, c.flags);
	pq_sendint16(&buf, c.reserved);
	pq_sendint64(&buf, c.refunds);
	pq_sendint64(&buf, c.st.count);
	pq_sendint32(&buf, c.st.scale);
	pq_sendint32(&buf, c.st.min_scale);
	pq_sendint32(&buf, c.st.max_scale);
	pq_sendint32(&buf, c.st.reserved);
	send_128(&buf, c.st.total);
	send_128(&buf, c.st.min_units);
	send_128(&buf, c.st.max_units);
	for (i = 3; i >= 0; i--)
		pq_sendint64(&buf, (int64) c.st.sumsq[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * order_value_agg(amount) transition: add one amount in place.  NULL
 * amounts are skipped (no rows but NULLs: the aggregate is NULL).
 */
Datum
cxkpi_order_value_agg_transfn(PG_FUNCTION_ARGS)
{
	OrderValueSummary *s;
	CxDec128	a;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	a = read_amount(fcinfo, 1);
	s = PG_ARGISNULL(0) ? ov_new_in(CurrentMemoryContext) : ov_state(fcinfo, 0);
	add_amount(s, a);
	PG_RETURN_POINTER(s);
}

/*
 * The moving-aggregate transition (window frames): the same, except that a
 * NULL amount on a NULL state gives the empty summary, since a moving
 * state must not be NULL; the moving final function maps it back to NULL.
 */
Datum
cxkpi_order_value_agg_mtransfn(PG_FUNCTION_ARGS)
{
	OrderValueSummary *s;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_POINTER(ov_new_in(CurrentMemoryContext));
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	s = PG_ARGISNULL(0) ? ov_new_in(CurrentMemoryContext) : ov_state(fcinfo, 0);
	add_amount(s, read_amount(fcinfo, 1));
	PG_RETURN_POINTER(s);
}

/* The moving final function: NULL for a frame without amounts, else a copy. */
Datum
cxkpi_order_value_agg_mfinalfn(PG_FUNCTION_ARGS)
{
	const OrderValueSummary *s = ov_arg(fcinfo, 0);
	OrderValueSummary *c;

	if (s->st.count == 0)
		PG_RETURN_NULL();
	c = ov_new_in(CurrentMemoryContext);
	ov_canonical(s, c);
	PG_RETURN_POINTER(c);
}

/*
 * order_value_agg's moving-window inverse: exact for counts and sums; NULL
 * (the executor restarts the frame) when the amount may be the min or the
 * max, which cannot be undone (as numeric_accum_inv does for NaN).
 */
Datum
cxkpi_order_value_agg_invfn(PG_FUNCTION_ARGS)
{
	OrderValueSummary *s;
	CxDec128	a;
	const char *why;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	a = read_amount(fcinfo, 1);
	s = ov_state(fcinfo, 0);
	switch (cx_order_remove(&s->st, a))
	{
		case CX_ORDER_RESTART:
			PG_RETURN_NULL();
		case CX_ORDER_NOT_HELD:
			cannot_remove("an amount", "The amount lies outside the summary's min and max, or its sums would go negative.");
		case CX_ORDER_REMOVED:
			break;
	}
	if (cx_i128_is_negative(a.units))
		s->refunds--;
	if ((why = ov_invalid(s)) != NULL)
		cannot_remove("an amount", why);
	if (!cx_in_aggregate(fcinfo))
		ov_canonical(s, s);
	PG_RETURN_POINTER(s);
}

/*
 * a + b: the operator, the combine function and rollup's transition.
 * In place inside aggregates; otherwise a new, canonical summary.
 */
Datum
cxkpi_order_value_summary_add(PG_FUNCTION_ARGS)
{
	OrderValueSummary *a = ov_state(fcinfo, 0);
	const OrderValueSummary *b = ov_arg(fcinfo, 1);

	if (!cx_order_merge(&a->st, &b->st))
		count_overflow();
	a->refunds += b->refunds;	/* <= orders, which fit */
	if (!cx_in_aggregate(fcinfo))
		ov_canonical(a, a);
	PG_RETURN_POINTER(a);
}

/* rollup()'s moving-window inverse: a - b, or NULL (restart) for min/max. */
Datum
cxkpi_order_value_summary_rollup_inv(PG_FUNCTION_ARGS)
{
	OrderValueSummary *a = ov_state(fcinfo, 0);
	const OrderValueSummary *b = ov_arg(fcinfo, 1);
	const char *why;

	switch (cx_order_unmerge(&a->st, &b->st))
	{
		case CX_ORDER_RESTART:
			PG_RETURN_NULL();
		case CX_ORDER_NOT_HELD:
			cannot_remove("a summary", "Its orders, min, max or sums are not within the summary's.");
		case CX_ORDER_REMOVED:
			break;
	}
	a->refunds -= b->refunds;
	if ((why = ov_invalid(a)) != NULL)
		cannot_remove("a summary", why);
	if (!cx_in_aggregate(fcinfo))
		ov_canonical(a, a);
	PG_RETURN_POINTER(a);
}

/* Equal in value: the canonical forms have the same bytes. */
static bool
ov_equal(FunctionCallInfo fcinfo)
{
	OrderValueSummary a;
	OrderValueSummary b;

	canonical_arg(fcinfo, 0, &a);
	canonical_arg(fcinfo, 1, &b);
	return memcmp(&a, &b, OV_SIZE) == 0;
}

/* a = b */
Datum
cxkpi_order_value_summary_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ov_equal(fcinfo));
}

/* a <> b */
Datum
cxkpi_order_value_summary_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!ov_equal(fcinfo));
}

/* Hash of the canonical form, consistent with "=". */
Datum
cxkpi_order_value_summary_hash(PG_FUNCTION_ARGS)
{
	OrderValueSummary c;

	canonical_arg(fcinfo, 0, &c);
	return hash_any((const unsigned char *) &c, OV_SIZE);
}

/* ----------------------------------------------------------------
 * Accessors
 *
 * Each reads the canonical form, so a summary gives the same bits however
 * it was built.  Undefined values (no orders, fewer than two for a
 * spread, an interval of a constant comparison) are NULL.
 * ----------------------------------------------------------------
 */

/* A decimal as a numeric. */
static Datum
dec_numeric(CxDec128 d)
{
	char		text[CX_DEC128_TEXT_SIZE];

	cx_dec128_to_text(text, d);
	return DirectFunctionCall3(numeric_in, CStringGetDatum(text),
							   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

/* The mean, inside [min, max]; false when empty. */
static bool
ov_mean(const CxOrderStats *st, double *m)
{
	if (st->count == 0)
		return false;
	*m = cx_order_mean(st);
	return cx_in_domain(m, cx_dec128_to_double(cx_order_min(st)),
						cx_dec128_to_double(cx_order_max(st)));
}

/* A non-negative spread (std_dev, std_error). */
static bool
ov_spread(double v, double *out)
{
	*out = v;
	return cx_in_domain(out, 0.0, DBL_MAX);
}

/* The Student-t interval of the mean; false when undefined. */
static bool
ov_interval(const CxOrderStats *st, double confidence, double *lo, double *hi)
{
	cx_check_confidence(confidence);
	if (!cx_order_mean_interval(st, confidence, lo, hi))
		return false;
	return cx_interval_in_domain(lo, hi, -DBL_MAX, DBL_MAX);
}

/*
 * Half the width of that interval, t se: not (upper - lower) / 2, which is
 * 0 when the half width is below the ulp of the mean (amounts near 10^13).
 */
static bool
ov_margin(const CxOrderStats *st, double confidence, double *out)
{
	*out = cx_order_mean_margin(st, confidence);
	return cx_in_domain(out, 0.0, DBL_MAX);
}

/* An estimate with its interval, each part NULL when not finite. */
typedef struct OvEstimate
{
	double		v[3];			/* estimate, lower, upper */
	bool		ok[3];
} OvEstimate;

static OvEstimate
ov_estimate(CxRateEstimate e)
{
	OvEstimate	r;

	r.v[0] = e.estimate;
	r.v[1] = e.lower;
	r.v[2] = e.upper;
	r.ok[0] = cx_in_domain(&r.v[0], -DBL_MAX, DBL_MAX);
	r.ok[1] = r.ok[2] = cx_interval_in_domain(&r.v[1], &r.v[2], -DBL_MAX, DBL_MAX);
	return r;
}

/* Which two-group estimate. */
typedef enum OvTwo
{
	OV_LIFT,
	OV_DIFFERENCE
} OvTwo;

static OvEstimate
ov_two(const CxOrderStats *a, const CxOrderStats *b, OvTwo what,
	   double confidence)
{
	cx_check_confidence(confidence);
	return ov_estimate(what == OV_LIFT ?
					   cx_order_relative_lift(a, b, confidence) :
					   cx_order_mean_difference(a, b, confidence));
}

/* Welch's p-value; false when undefined. */
static bool
ov_p(const CxOrderStats *a, const CxOrderStats *b, double *p)
{
	*p = cx_order_welch_p(a, b);
	return cx_unit_interval(p);
}

/* aov(s): the mean order value */
Datum
cxkpi_order_value_aov(PG_FUNCTION_ARGS)
{
	OrderValueSummary c;
	double		m;

	canonical_arg(fcinfo, 0, &c);
	if (!ov_mean(&c.st, &m))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(m);
}

/* orders(s) */
Datum
cxkpi_order_value_orders(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(ov_arg(fcinfo, 0)->st.count);
}

/* refunds(s): orders with a negative amount */
Datum
cxkpi_order_value_refunds(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(ov_arg(fcinfo, 0)->refunds);
}

/* total(s): the exact sum */
Datum
cxkpi_order_value_total(PG_FUNCTION_ARGS)
{
	OrderValueSummary c;

	canonical_arg(fcinfo, 0, &c);
	PG_RETURN_DATUM(dec_numeric(cx_order_total(&c.st)));
}

/* min_value(s) */
Datum
cxkpi_order_value_min(PG_FUNCTION_ARGS)
{
	OrderValueSummary c;

	canonical_arg(fcinfo, 0, &c);
	if (c.st.count == 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(dec_numeric(cx_order_min(&c.st)));
}

/* max_value(s) */
Datum
cxkpi_order_value_max(PG_FUNCTION_ARGS)
{
	OrderValueSummary c;

	canonical_arg(fcinfo, 0, &c);
	if (c.st.count == 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(dec_numeric(cx_order_max(&c.st)));
}

/* std_dev(s): the sample standard deviation (n - 1) */
Datum
cxkpi_order_value_std_dev(PG_FUNCTION_ARGS)
{
	OrderValueSummary c;
	double		v;

	canonical_arg(fcinfo, 0, &c);
	if (!ov_spread(cx_order_std_dev(&c.st), &v))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}

/* std_error(s) = std_dev / sqrt(orders) */
Datum
cxkpi_order_value_std_error(PG_FUNCTION_ARGS)
{
	OrderValueSummary c;
	double		v;

	canonical_arg(fcinfo, 0, &c);
	if (!ov_spread(cx_order_std_error(&c.st), &v))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}

/* ci_lower(s, confidence), ci_upper(...), margin_of_error(...) */
static Datum
interval_accessor(FunctionCallInfo fcinfo, int which)
{
	OrderValueSummary c;
	double		lo,
				hi;

	canonical_arg(fcinfo, 0, &c);
	if (!ov_interval(&c.st, PG_GETARG_FLOAT8(1), &lo, &hi))
		PG_RETURN_NULL();
	if (which == 0)
		PG_RETURN_FLOAT8(lo);
	if (which == 1)
		PG_RETURN_FLOAT8(hi);
	if (!ov_margin(&c.st, PG_GETARG_FLOAT8(1), &lo))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(lo);
}

Datum
cxkpi_order_value_ci_lower(PG_FUNCTION_ARGS)
{
	return interval_accessor(fcinfo, 0);
}

Datum
cxkpi_order_value_ci_upper(PG_FUNCTION_ARGS)
{
	return interval_accessor(fcinfo, 1);
}

Datum
cxkpi_order_value_margin_of_error(PG_FUNCTION_ARGS)
{
	return interval_accessor(fcinfo, 2);
}

/* p_value(a, b): Welch's two-sided t test of mean_a = mean_b */
Datum
cxkpi_order_value_p_value(PG_FUNCTION_ARGS)
{
	OrderValueSummary a;
	OrderValueSummary b;
	double		p;

	canonical_arg(fcinfo, 0, &a);
	canonical_arg(fcinfo, 1, &b);
	if (!ov_p(&a.st, &b.st, &p))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(p);
}

/*
 * The two-group estimates: part 0 (estimate), 1 (lower), 2 (upper) of the
 * lift or the difference; the estimate functions take no confidence.
 */
static Datum
two_accessor(FunctionCallInfo fcinfo, OvTwo what, int part)
{
	OrderValueSummary a;
	OrderValueSummary b;
	OvEstimate	e;

	canonical_arg(fcinfo, 0, &a);
	canonical_arg(fcinfo, 1, &b);
	e = ov_two(&a.st, &b.st, what, part == 0 ? 0.95 : PG_GETARG_FLOAT8(2));
	if (!e.ok[part])
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(e.v[part]);
}

Datum
cxkpi_order_value_relative_lift(PG_FUNCTION_ARGS)
{
	return two_accessor(fcinfo, OV_LIFT, 0);
}

Datum
cxkpi_order_value_relative_lift_ci_lower(PG_FUNCTION_ARGS)
{
	return two_accessor(fcinfo, OV_LIFT, 1);
}

Datum
cxkpi_order_value_relative_lift_ci_upper(PG_FUNCTION_ARGS)
{
	return two_accessor(fcinfo, OV_LIFT, 2);
}

Datum
cxkpi_order_value_mean_difference(PG_FUNCTION_ARGS)
{
	return two_accessor(fcinfo, OV_DIFFERENCE, 0);
}

Datum
cxkpi_order_value_mean_difference_ci_lower(PG_FUNCTION_ARGS)
{
	return two_accessor(fcinfo, OV_DIFFERENCE, 1);
}

Datum
cxkpi_order_value_mean_difference_ci_upper(PG_FUNCTION_ARGS)
{
	return two_accessor(fcinfo, OV_DIFFERENCE, 2);
}

/*
 * order_value_comparison(a, b, confidence): aov_a, aov_b, difference,
 * difference_ci_lower, difference_ci_upper, relative_lift,
 * relative_lift_ci_lower, relative_lift_ci_upper, p_value.
 */
Datum
cxkpi_order_value_comparison(PG_FUNCTION_ARGS)
{
	OrderValueSummary a;
	OrderValueSummary b;
	double		confidence = PG_GETARG_FLOAT8(2);
	OvEstimate	d;
	OvEstimate	l;
	Datum		values[9];
	bool		nulls[9];
	double		v;
	int			i;

	canonical_arg(fcinfo, 0, &a);
	canonical_arg(fcinfo, 1, &b);
	d = ov_two(&a.st, &b.st, OV_DIFFERENCE, confidence);
	l = ov_two(&a.st, &b.st, OV_LIFT, confidence);
	nulls[0] = !ov_mean(&a.st, &v);
	values[0] = Float8GetDatum(v);
	nulls[1] = !ov_mean(&b.st, &v);
	values[1] = Float8GetDatum(v);
	for (i = 0; i < 3; i++)
	{
		values[2 + i] = Float8GetDatum(d.v[i]);
		nulls[2 + i] = !d.ok[i];
		values[5 + i] = Float8GetDatum(l.v[i]);
		nulls[5 + i] = !l.ok[i];
	}
	nulls[8] = !ov_p(&a.st, &b.st, &v);
	values[8] = Float8GetDatum(v);
	PG_RETURN_DATUM(cx_report_row(fcinfo, values, nulls, 9));
}

/* The accessor values of one summary, for the jsonb cast. */
typedef struct OvValues
{
	double		aov,
				std_dev,
				std_error,
				ci_lower,
				ci_upper,
				margin;
	bool		has_aov,
				has_sd,
				has_se,
				has_ci,
				has_margin;
} OvValues;

static OvValues
ov_values(const CxOrderStats *st, double confidence)
{
	OvValues	v;

	v.has_aov = ov_mean(st, &v.aov);
	v.has_sd = ov_spread(cx_order_std_dev(st), &v.std_dev);
	v.has_se = ov_spread(cx_order_std_error(st), &v.std_error);
	v.has_ci = ov_interval(st, confidence, &v.ci_lower, &v.ci_upper);
	v.has_margin = v.has_ci && ov_margin(st, confidence, &v.margin);
	return v;
}

/*
 * order_value_report(s, confidence): orders, refunds, total, aov, std_dev,
 * std_error, ci_lower, ci_upper, margin_of_error, min_value, max_value --
 * each column its accessor's own call (cx_report_columns).
 */
static const CxReportColumn ov_report_columns[] = {
	{cxkpi_order_value_orders, false},
	{cxkpi_order_value_refunds, false},
	{cxkpi_order_value_total, false},
	{cxkpi_order_value_aov, false},
	{cxkpi_order_value_std_dev, false},
	{cxkpi_order_value_std_error, false},
	{cxkpi_order_value_ci_lower, true},
	{cxkpi_order_value_ci_upper, true},
	{cxkpi_order_value_margin_of_error, true},
	{cxkpi_order_value_min, false},
	{cxkpi_order_value_max, false}
};

Datum
cxkpi_order_value_report(PG_FUNCTION_ARGS)
{
	return cx_report_columns(fcinfo, ov_report_columns, lengthof(ov_report_columns));
}

/* Append "key": decimal (an exact JSON number), or null. */
static void
json_dec(StringInfo buf, const char *key, bool isnull, CxDec128 d)
{
	if (buf->len > 1)
		appendStringInfoChar(buf, ',');
	appendStringInfo(buf, "\"%s\":", key);
	if (isnull)
		appendStringInfoString(buf, "null");
	else
		append_dec(buf, d);
}

/* order_value_summary::jsonb: every accessor's value by name (95%). */
Datum
cxkpi_order_value_summary_jsonb(PG_FUNCTION_ARGS)
{
	OrderValueSummary c;
	OvValues	v;
	StringInfoData buf;
	bool		empty;

	canonical_arg(fcinfo, 0, &c);
	v = ov_values(&c.st, 0.95);
	empty = c.st.count == 0;
	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	cx_json_int64(&buf, "orders", c.st.count);
	cx_json_int64(&buf, "refunds", c.refunds);
	json_dec(&buf, "total", false, cx_order_total(&c.st));
	cx_json_double(&buf, "aov", !v.has_aov, v.aov);
	cx_json_double(&buf, "std_dev", !v.has_sd, v.std_dev);
	cx_json_double(&buf, "std_error", !v.has_se, v.std_error);
	cx_json_double(&buf, "ci_lower", !v.has_ci, v.ci_lower);
	cx_json_double(&buf, "ci_upper", !v.has_ci, v.ci_upper);
	cx_json_double(&buf, "margin_of_error", !v.has_margin, v.margin);
	json_dec(&buf, "min_value", empty, cx_order_min(&c.st));
	json_dec(&buf, "max_value", empty, cx_order_max(&c.st));
	appendStringInfoChar(&buf, '}');
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}
