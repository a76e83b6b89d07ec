/*
 * churn.c
 *	  Customer churn and retention over one period: the churn_summary type,
 *	  churn_agg() and the churn_rate() aggregate, the summary's I/O, merge
 *	  and accessors.  churn_series.c builds many consecutive periods in one
 *	  pass on the same definitions (churn.h); instants and periods come from
 *	  period.c.
 *
 * A summary holds its period [lo, hi) and the four counts S, C, N and NE
 * (definitions in churn.h); E and every rate derive from them.  Rows are
 * counted with exact integers, so the moving-window inverse is exact and
 * rollup() of per-segment summaries equals the aggregate over all rows.
 *
 * Inference on the churn rate p = C/S (z the two-sided normal quantile):
 *	  SE = sqrt(p (1 - p) / S); Wilson score interval;
 *	  p_value(a, b): pooled two-proportion z test.
 */
#include "postgres.h"

#include <math.h>

#include "common/hashfn.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/timestamp.h"

#include "churn.h"
#include "cxkpi.h"
#include "period.h"
#include "stats.h"
#include "textparse.h"

/* ----------------------------------------------------------------
 * Errors shared with churn_series.c
 * ----------------------------------------------------------------
 */

/* See churn.h. */
void
cx_churn_count_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("churn count out of range"),
			 errdetail("A churn summary or series counts at most " INT64_FORMAT " customers per count.",
					   CX_CHURN_MAX_COUNT)));
}

/* See churn.h. */
void
cx_churn_null_argument(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("%s must not be NULL", what),
			 errhint("Pass the period as a constant, or filter out rows without one.")));
}

/* ----------------------------------------------------------------
 * Single-period summary
 * ----------------------------------------------------------------
 */

/* See churn.h. */
CxChurn *
cx_churn_new_in(MemoryContext cxt, int kind, int64 lo, int64 hi)
{
	CxChurn    *s = MemoryContextAllocZero(cxt, CX_CHURN_SIZE);

	SET_VARSIZE(s, CX_CHURN_SIZE);
	s->version = CX_CHURN_VERSION;
	s->kind = (uint8) kind;
	s->lo = lo;
	s->hi = hi;
	return s;
}

/* Check every field; false with a reason when invalid. */
static bool
churn_validate(const CxChurn *s, const char **why)
{
	if (s->version != CX_CHURN_VERSION)
		*why = "Unsupported format version.";
	else if (!cx_kind_valid(s->kind))
		*why = "Unknown period type.";
	else if (s->flags != 0 || s->pad != 0)
		*why = "Reserved bytes are not zero.";
	else if (s->lo < CX_BOUND_MIN || s->hi > CX_BOUND_MAX || s->lo >= s->hi)
		*why = "The period must be [lo,hi) with lo < hi, between 0001-01-01 and 294276-12-31.";
	else if (s->kind == CX_KIND_DATE &&
			 (s->lo % USECS_PER_DAY != 0 || s->hi % USECS_PER_DAY != 0))
		*why = "A date period must have whole-day bounds.";
	else if (s->at_start < 0 || s->churned < 0 || s->acquired < 0 ||
			 s->acquired_ended < 0 || s->at_start > CX_CHURN_MAX_COUNT ||
			 s->churned > CX_CHURN_MAX_COUNT || s->acquired > CX_CHURN_MAX_COUNT ||
			 s->acquired_ended > CX_CHURN_MAX_COUNT)
		*why = "Counts must be between 0 and 4611686018427387903.";
	else if (s->churned > s->at_start)
		*why = "churned exceeds at_start.";
	else if (s->acquired_ended > s->acquired)
		*why = "acquired_ended exceeds acquired.";
	else if (cx_churn_at_end(s) > CX_CHURN_MAX_COUNT)
		*why = "Customers at the end are out of range.";
	else
		return true;
	return false;
}

/* What in-place updates and reads of a churn summary rely on. */
static inline bool
churn_header_ok(const struct varlena *v)
{
	const CxChurn *s = (const CxChurn *) v;

	return VARSIZE(v) == CX_CHURN_SIZE && s->version == CX_CHURN_VERSION &&
		cx_kind_valid(s->kind);
}

/* churn_validate for the state helpers (CxVarType.validate). */
static bool
churn_validate_varlena(struct varlena *v, const char **why)
{
	return churn_validate((const CxChurn *) v, why);
}

static const CxVarType churn_type = {"churn_summary", churn_header_ok, churn_validate_varlena};

/* A read-only summary argument. */
static inline CxChurn *
churn_arg(FunctionCallInfo fcinfo, int argno)
{
	return (CxChurn *) cx_summary_arg(fcinfo, argno, churn_header_ok, &churn_type);
}

/*
 * The summary in argument argno, to be modified: in place inside an
 * aggregate when it passes the checks of cx_state_arg, otherwise a
 * validated private copy.
 */
static inline CxChurn *
churn_state(FunctionCallInfo fcinfo, int argno)
{
	return (CxChurn *) cx_state_arg(fcinfo, argno, churn_header_ok, &churn_type);
}

/* Raise 22023 for two summaries (or a state and a row) of different periods. */
cx_noreturn static void
different_periods(const char *what, int kind_a, int64 lo_a, int64 hi_a,
				  int kind_b, int64 lo_b, int64 hi_b)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s", what),
			 errdetail("One period is %s %s, the other %s %s.",
					   cx_kind_name(kind_a), cx_period_text(kind_a, lo_a, hi_a),
					   cx_kind_name(kind_b), cx_period_text(kind_b, lo_b, hi_b)),
			 errhint("Churn summaries combine across segments of the same period; use churn_series_agg for many periods.")));
}

/* dst += src (sign > 0), or dst -= src (sign < 0, checked by the caller). */
static void
churn_merge(CxChurn *dst, const CxChurn *src, int sign)
{
	if (dst->kind != src->kind || dst->lo != src->lo || dst->hi != src->hi)
		different_periods("cannot combine churn summaries of different periods",
						  dst->kind, dst->lo, dst->hi,
						  src->kind, src->lo, src->hi);
	if (sign > 0)
	{
		cx_churn_count_add(&dst->at_start, src->at_start);
		cx_churn_count_add(&dst->churned, src->churned);
		cx_churn_count_add(&dst->acquired, src->acquired);
		cx_churn_count_add(&dst->acquired_ended, src->acquired_ended);
		if (cx_churn_at_end(dst) > CX_CHURN_MAX_COUNT)
			cx_churn_count_overflow();
	}
	else
	{
		dst->at_start -= src->at_start;
		dst->churned -= src->churned;
		dst->acquired -= src->acquired;
		dst->acquired_ended -= src->acquired_ended;
	}
}

/*
 * Count one customer (delta +1) or remove one (delta -1; false when the
 * summary does not hold it).
 */
static inline bool
churn_count(CxChurn *s, int64 st, int64 en, int delta)
{
	int64	   *a;
	int64	   *b = NULL;

	if (st < s->lo)
	{
		if (en < s->lo)
			return true;
		a = &s->at_start;
		if (en < s->hi)
			b = &s->churned;
	}
	else if (st < s->hi)
	{
		a = &s->acquired;
		if (en < s->hi)
			b = &s->acquired_ended;
	}
	else
		return true;
	if (delta > 0)
	{
		cx_churn_count_inc(a);
		if (b)
			cx_churn_count_inc(b);
		if (unlikely(cx_churn_at_end(s) > CX_CHURN_MAX_COUNT))
			cx_churn_count_overflow();
	}
	else
	{
		if (*a < 1 || (b && *b < 1))
			return false;
		(*a)--;
		if (b)
			(*b)--;
		if (*a < 0 || s->churned > s->at_start || s->acquired_ended > s->acquired)
			return false;
	}
	return true;
}

/*
 * churn_agg(started_at, ended_at, period) transition (delta +1) and its
 * moving-window inverse (delta -1).
 */
static inline Datum
churn_transfn(FunctionCallInfo fcinfo, int kind, int delta)
{
	CxChurn    *s;
	int64		lo;
	int64		hi;
	int64		st;
	int64		en;

	if (PG_ARGISNULL(3))
		cx_churn_null_argument("churn period");
	cx_period_arg(fcinfo, 3, kind, "churn period", &lo, &hi);
	if (PG_ARGISNULL(0))
	{
		if (delta < 0)
			PG_RETURN_NULL();	/* nothing to undo: restart the frame */
		/* per-row context: the executor keeps its own copy (see scale.c) */
		s = cx_churn_new_in(CurrentMemoryContext, kind, lo, hi);
	}
	else
	{
		s = churn_state(fcinfo, 0);
		if (unlikely(s->lo != lo || s->hi != hi || s->kind != kind))
			different_periods("churn period changed within a group",
							  s->kind, s->lo, s->hi, kind, lo, hi);
	}
	if (cx_customer_args(fcinfo, 1, kind, &st, &en) &&
		!churn_count(s, st, en, delta))
		PG_RETURN_NULL();		/* cannot undo: restart the frame */
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(cxkpi_churn_agg_transfn_date);
PG_FUNCTION_INFO_V1(cxkpi_churn_agg_transfn_ts);
PG_FUNCTION_INFO_V1(cxkpi_churn_agg_transfn_tstz);
PG_FUNCTION_INFO_V1(cxkpi_churn_agg_invfn_date);
PG_FUNCTION_INFO_V1(cxkpi_churn_agg_invfn_ts);
PG_FUNCTION_INFO_V1(cxkpi_churn_agg_invfn_tstz);

/* churn_agg(date, date, daterange) transition */
Datum
cxkpi_churn_agg_transfn_date(PG_FUNCTION_ARGS)
{
	return churn_transfn(fcinfo, CX_KIND_DATE, 1);
}

/* churn_agg(timestamp, timestamp, tsrange) transition */
Datum
cxkpi_churn_agg_transfn_ts(PG_FUNCTION_ARGS)
{
	return churn_transfn(fcinfo, CX_KIND_TS, 1);
}

/* churn_agg(timestamptz, timestamptz, tstzrange) transition */
Datum
cxkpi_churn_agg_transfn_tstz(PG_FUNCTION_ARGS)
{
	return churn_transfn(fcinfo, CX_KIND_TSTZ, 1);
}

/* moving-window inverse of churn_agg(date, date, daterange) */
Datum
cxkpi_churn_agg_invfn_date(PG_FUNCTION_ARGS)
{
	return churn_transfn(fcinfo, CX_KIND_DATE, -1);
}

/* moving-window inverse of churn_agg(timestamp, timestamp, tsrange) */
Datum
cxkpi_churn_agg_invfn_ts(PG_FUNCTION_ARGS)
{
	return churn_transfn(fcinfo, CX_KIND_TS, -1);
}

/* moving-window inverse of churn_agg(timestamptz, timestamptz, tstzrange) */
Datum
cxkpi_churn_agg_invfn_tstz(PG_FUNCTION_ARGS)
{
	return churn_transfn(fcinfo, CX_KIND_TSTZ, -1);
}

/* ---- I/O ---- */

#define CHURN_TEXT_FORMAT "v1;period=[LO,HI);at_start=S;churned=C;acquired=N;acquired_ended=NE"

PG_FUNCTION_INFO_V1(cxkpi_churn_summary_in);
PG_FUNCTION_INFO_V1(cxkpi_churn_summary_out);
PG_FUNCTION_INFO_V1(cxkpi_churn_summary_recv);
PG_FUNCTION_INFO_V1(cxkpi_churn_summary_send);

/* churn_summary text input: the canonical form, every field validated. */
Datum
cxkpi_churn_summary_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	const char *p = str;
	CxChurn    *s = cx_churn_new_in(CurrentMemoryContext, CX_KIND_DATE, 0, 0);
	int			kind_hi;
	int			kind;
	const char *why;

	if (!cx_churn_expect(&p, "v1;period=["))
		cx_syntax_error("churn_summary", str,
					 "Expected the form " CHURN_TEXT_FORMAT ".");
	if (!cx_parse_instant(&p, &kind, &s->lo) || !cx_churn_expect(&p, ",") ||
		!cx_parse_instant(&p, &kind_hi, &s->hi) || !cx_churn_expect(&p, ")"))
		cx_syntax_error("churn_summary", str,
					 "The period must be [LO,HI) with both bounds YYYY-MM-DD, YYYY-MM-DD HH:MM:SS[.ffffff] or YYYY-MM-DD HH:MM:SS[.ffffff]+00.");
	if (kind != kind_hi)
		cx_syntax_error("churn_summary", str,
					 "Both period bounds must have the same form.");
	s->kind = (uint8) kind;
	if (!cx_churn_expect(&p, ";at_start=") || !cx_churn_parse_count(&p, &s->at_start) ||
		!cx_churn_expect(&p, ";churned=") || !cx_churn_parse_count(&p, &s->churned) ||
		!cx_churn_expect(&p, ";acquired=") || !cx_churn_parse_count(&p, &s->acquired) ||
		!cx_churn_expect(&p, ";acquired_ended=") || !cx_churn_parse_count(&p, &s->acquired_ended))
		cx_syntax_error("churn_summary", str,
					 "Expected the form " CHURN_TEXT_FORMAT ", counts from 0 to 4611686018427387903.");
	if (*p != '\0')
		cx_syntax_error("churn_summary", str, "Unexpected text after the summary.");
	if (!churn_validate(s, &why))
		cx_syntax_error("churn_summary", str, why);
	PG_RETURN_POINTER(s);
}

/* The canonical text form of a summary. */
static char *
churn_to_text(const CxChurn *s)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v1;period=%s", cx_period_text(s->kind, s->lo, s->hi));
	appendStringInfo(&buf, ";at_start=" INT64_FORMAT ";churned=" INT64_FORMAT
					 ";acquired=" INT64_FORMAT ";acquired_ended=" INT64_FORMAT,
					 s->at_start, s->churned, s->acquired, s->acquired_ended);
	return buf.data;
}

/* churn_summary text output */
Datum
cxkpi_churn_summary_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(churn_to_text(churn_arg(fcinfo, 0)));
}

/*
 * Binary form: version, kind (one byte each), then lo, hi, at_start,
 * churned, acquired, acquired_ended as int64 in network order.
 */
Datum
cxkpi_churn_summary_send(PG_FUNCTION_ARGS)
{
	CxChurn    *s = churn_arg(fcinfo, 0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, s->version);
	pq_sendbyte(&buf, s->kind);
	pq_sendint64(&buf, s->lo);
	pq_sendint64(&buf, s->hi);
	pq_sendint64(&buf, s->at_start);
	pq_sendint64(&buf, s->churned);
	pq_sendint64(&buf, s->acquired);
	pq_sendint64(&buf, s->acquired_ended);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* churn_summary binary input, validated as strictly as the text input. */
Datum
cxkpi_churn_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	CxChurn    *s = cx_churn_new_in(CurrentMemoryContext, CX_KIND_DATE, 0, 0);
	const char *why;

	if (buf->len - buf->cursor != 2 + 6 * 8)
		cx_binary_error("churn_summary",
					 psprintf("Expected %d bytes, got %d.", 2 + 6 * 8,
							  buf->len - buf->cursor));
	s->version = (uint8) pq_getmsgbyte(buf);
	s->kind = (uint8) pq_getmsgbyte(buf);
	s->lo = pq_getmsgint64(buf);
	s->hi = pq_getmsgint64(buf);
	s->at_start = pq_getmsgint64(buf);
	s->churned = pq_getmsgint64(buf);
	s->acquired = pq_getmsgint64(buf);
	s->acquired_ended = pq_getmsgint64(buf);
	if (!churn_validate(s, &why))
		cx_binary_error("churn_summary", why);
	PG_RETURN_POINTER(s);
}

/* ---- merge, equality ---- */

PG_FUNCTION_INFO_V1(cxkpi_churn_summary_add);
PG_FUNCTION_INFO_V1(cxkpi_churn_summary_rollup_inv);
PG_FUNCTION_INFO_V1(cxkpi_churn_summary_eq);
PG_FUNCTION_INFO_V1(cxkpi_churn_summary_ne);
PG_FUNCTION_INFO_V1(cxkpi_churn_summary_hash);

/* a + b: the operator, every combine function, rollup()'s transition. */
Datum
cxkpi_churn_summary_add(PG_FUNCTION_ARGS)
{
	CxChurn    *a = churn_state(fcinfo, 0);
	CxChurn    *b = churn_arg(fcinfo, 1);

	churn_merge(a, b, 1);
	PG_RETURN_POINTER(a);
}

/* rollup()'s moving-window inverse; NULL (restart) if b is not in a. */
Datum
cxkpi_churn_summary_rollup_inv(PG_FUNCTION_ARGS)
{
	CxChurn    *a = churn_state(fcinfo, 0);
	CxChurn    *b = churn_arg(fcinfo, 1);

	if (a->kind != b->kind || a->lo != b->lo || a->hi != b->hi)
		churn_merge(a, b, -1);	/* raises the error */
	if (b->at_start > a->at_start || b->churned > a->churned ||
		b->acquired > a->acquired || b->acquired_ended > a->acquired_ended)
		PG_RETURN_NULL();
	churn_merge(a, b, -1);
	if (a->churned > a->at_start || a->acquired_ended > a->acquired)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(a);
}

/* a = b: same period and counts (every byte is defined). */
Datum
cxkpi_churn_summary_eq(PG_FUNCTION_ARGS)
{
	CxChurn    *a = churn_arg(fcinfo, 0);
	CxChurn    *b = churn_arg(fcinfo, 1);

	PG_RETURN_BOOL(memcmp(a, b, CX_CHURN_SIZE) == 0);
}

/* a <> b */
Datum
cxkpi_churn_summary_ne(PG_FUNCTION_ARGS)
{
	CxChurn    *a = churn_arg(fcinfo, 0);
	CxChurn    *b = churn_arg(fcinfo, 1);

	PG_RETURN_BOOL(memcmp(a, b, CX_CHURN_SIZE) != 0);
}

/* Hash of a summary, consistent with "=". */
Datum
cxkpi_churn_summary_hash(PG_FUNCTION_ARGS)
{
	CxChurn    *s = churn_arg(fcinfo, 0);

	PG_RETURN_INT32((int32) hash_bytes((const unsigned char *) s + VARHDRSZ,
									   CX_CHURN_SIZE - VARHDRSZ));
}

/* ---- statistics ---- */

/* The churn rate p = C/S and S as a double; false when S = 0. */
static bool
churn_p(const CxChurn *s, double *p, double *n)
{
	if (s->at_start <= 0)
		return false;
	*n = (double) s->at_start;
	*p = (double) s->churned / *n;
	return true;
}

/* See churn.h. */
void
cx_churn_rates(const CxChurn *s, CxChurnRates *r)
{
	double		p;
	double		n;

	memset(r, 0, sizeof(*r));
	if (!churn_p(s, &p, &n))
		return;
	r->has = true;
	r->churn = p;
	r->retention = (double) (s->at_start - s->churned) / n;
	r->customer_retention = (double) (cx_churn_at_end(s) - s->acquired) / n;
	r->std_error = sqrt(p * (1.0 - p) / n);
}

/* See churn.h. */
bool
cx_churn_wilson(const CxChurn *s, double confidence, double *lower, double *upper)
{
	double		p;
	double		n;
	double		half;

	if (!churn_p(s, &p, &n))
		return false;
	cx_wilson_interval(p, n, cx_z_for_confidence(confidence), lower, upper, &half);
	return true;
}

/* Pooled z test on the counts (exact cross-products); false when undefined. */
static bool
churn_p_value(const CxChurn *a, const CxChurn *b, double *pv)
{
	*pv = cx_two_proportion_p_counts(a->churned, a->at_start, b->churned, b->at_start);
	return *pv >= 0.0;
}

/* ---- accessors ---- */

PG_FUNCTION_INFO_V1(cxkpi_churn_rate);
PG_FUNCTION_INFO_V1(cxkpi_churn_retention_rate);
PG_FUNCTION_INFO_V1(cxkpi_churn_customer_retention_rate);
PG_FUNCTION_INFO_V1(cxkpi_churn_customers_at_start);
PG_FUNCTION_INFO_V1(cxkpi_churn_retained);
PG_FUNCTION_INFO_V1(cxkpi_churn_churned);
PG_FUNCTION_INFO_V1(cxkpi_churn_acquired);
PG_FUNCTION_INFO_V1(cxkpi_churn_acquired_ended);
PG_FUNCTION_INFO_V1(cxkpi_churn_customers_at_end);
PG_FUNCTION_INFO_V1(cxkpi_churn_std_error);
PG_FUNCTION_INFO_V1(cxkpi_churn_ci_lower);
PG_FUNCTION_INFO_V1(cxkpi_churn_ci_upper);
PG_FUNCTION_INFO_V1(cxkpi_churn_p_value);
PG_FUNCTION_INFO_V1(cxkpi_churn_period_start);
PG_FUNCTION_INFO_V1(cxkpi_churn_period_end);
PG_FUNCTION_INFO_V1(cxkpi_churn_summary_jsonb);

/* A rate of argument 0, or NULL when S = 0. */
#define RETURN_CHURN_RATE(field) \
	do { \
		CxChurnRates	r_; \
		cx_churn_rates(churn_arg(fcinfo, 0), &r_); \
		if (!r_.has) \
			PG_RETURN_NULL(); \
		PG_RETURN_FLOAT8(r_.field); \
	} while (0)

/* churn_rate(s): C / S */
Datum
cxkpi_churn_rate(PG_FUNCTION_ARGS)
{
	RETURN_CHURN_RATE(churn);
}

/* retention_rate(s): (S - C) / S */
Datum
cxkpi_churn_retention_rate(PG_FUNCTION_ARGS)
{
	RETURN_CHURN_RATE(retention);
}

/* customer_retention_rate(s): (E - N) / S */
Datum
cxkpi_churn_customer_retention_rate(PG_FUNCTION_ARGS)
{
	RETURN_CHURN_RATE(customer_retention);
}

/* customers_at_start(s): S */
Datum
cxkpi_churn_customers_at_start(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(churn_arg(fcinfo, 0)->at_start);
}

/* retained(s): S - C */
Datum
cxkpi_churn_retained(PG_FUNCTION_ARGS)
{
	CxChurn    *s = churn_arg(fcinfo, 0);

	PG_RETURN_INT64(s->at_start - s->churned);
}

/* churned(s): C */
Datum
cxkpi_churn_churned(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(churn_arg(fcinfo, 0)->churned);
}

/* acquired(s): N */
Datum
cxkpi_churn_acquired(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(churn_arg(fcinfo, 0)->acquired);
}

/* acquired_ended(s): NE */
Datum
cxkpi_churn_acquired_ended(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(churn_arg(fcinfo, 0)->acquired_ended);
}

/* customers_at_end(s): E = S - C + N - NE */
Datum
cxkpi_churn_customers_at_end(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(cx_churn_at_end(churn_arg(fcinfo, 0)));
}

/* std_error(s): of the churn rate */
Datum
cxkpi_churn_std_error(PG_FUNCTION_ARGS)
{
	RETURN_CHURN_RATE(std_error);
}

/*
 * One bound of the Wilson interval of argument 0 at the confidence in
 * argument 1 (ci_lower, ci_upper), or NULL when S = 0.
 */
static Datum
churn_ci_bound(FunctionCallInfo fcinfo, bool upper_bound)
{
	CxChurn    *s = churn_arg(fcinfo, 0);
	double		lower;
	double		upper;

	cx_check_confidence(PG_GETARG_FLOAT8(1));
	if (!cx_churn_wilson(s, PG_GETARG_FLOAT8(1), &lower, &upper))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(upper_bound ? upper : lower);
}

/* ci_lower(s, confidence) */
Datum
cxkpi_churn_ci_lower(PG_FUNCTION_ARGS)
{
	return churn_ci_bound(fcinfo, false);
}

/* ci_upper(s, confidence) */
Datum
cxkpi_churn_ci_upper(PG_FUNCTION_ARGS)
{
	return churn_ci_bound(fcinfo, true);
}

/* p_value(a, b): pooled two-proportion z test of the churn rates */
Datum
cxkpi_churn_p_value(PG_FUNCTION_ARGS)
{
	double		pv;

	if (!churn_p_value(churn_arg(fcinfo, 0), churn_arg(fcinfo, 1), &pv))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(pv);
}

/* period_start(s): the period's lower bound, as timestamptz */
Datum
cxkpi_churn_period_start(PG_FUNCTION_ARGS)
{
	CxChurn    *s = churn_arg(fcinfo, 0);

	PG_RETURN_TIMESTAMPTZ(cx_instant_tstz(s->kind, s->lo));
}

/* period_end(s): the period's (exclusive) upper bound, as timestamptz */
Datum
cxkpi_churn_period_end(PG_FUNCTION_ARGS)
{
	CxChurn    *s = churn_arg(fcinfo, 0);

	PG_RETURN_TIMESTAMPTZ(cx_instant_tstz(s->kind, s->hi));
}

/* churn_summary::jsonb: every accessor's value by name (95% interval). */
Datum
cxkpi_churn_summary_jsonb(PG_FUNCTION_ARGS)
{
	CxChurn    *s = churn_arg(fcinfo, 0);
	StringInfoData buf;
	CxChurnRates	r;
	double		lower = 0.0;
	double		upper = 0.0;
	bool		has;

	cx_churn_rates(s, &r);
	initStringInfo(&buf);
	appendStringInfoString(&buf, "{\"period_start\":\"");
	cx_append_instant(&buf, s->kind, s->lo);
	appendStringInfoString(&buf, "\",\"period_end\":\"");
	cx_append_instant(&buf, s->kind, s->hi);
	appendStringInfoChar(&buf, '"');
	cx_json_int64(&buf, "customers_at_start", s->at_start);
	cx_json_int64(&buf, "retained", s->at_start - s->churned);
	cx_json_int64(&buf, "churned", s->churned);
	cx_json_int64(&buf, "acquired", s->acquired);
	cx_json_int64(&buf, "acquired_ended", s->acquired_ended);
	cx_json_int64(&buf, "customers_at_end", cx_churn_at_end(s));
	cx_json_double(&buf, "churn_rate", !r.has, r.churn);
	cx_json_double(&buf, "retention_rate", !r.has, r.retention);
	cx_json_double(&buf, "customer_retention_rate", !r.has, r.customer_retention);
	cx_json_double(&buf, "std_error", !r.has, r.std_error);
	cx_json_double(&buf, "confidence", false, 0.95);
	has = cx_churn_wilson(s, 0.95, &lower, &upper);
	cx_json_double(&buf, "ci_lower", !has, lower);
	cx_json_double(&buf, "ci_upper", !has, upper);
	appendStringInfoChar(&buf, '}');
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}


/* ---- typed report row (README "Dashboards") ---- */

PG_FUNCTION_INFO_V1(cxkpi_churn_report);

/* the columns of churn_periods (churn_series.c), without period and summary */
static const CxReportColumn churn_report_columns[] = {
	{cxkpi_churn_period_start, false},
	{cxkpi_churn_period_end, false},
	{cxkpi_churn_customers_at_start, false},
	{cxkpi_churn_retained, false},
	{cxkpi_churn_churned, false},
	{cxkpi_churn_acquired, false},
	{cxkpi_churn_acquired_ended, false},
	{cxkpi_churn_customers_at_end, false},
	{cxkpi_churn_rate, false},
	{cxkpi_churn_retention_rate, false},
	{cxkpi_churn_customer_retention_rate, false},
	{cxkpi_churn_std_error, false},
	{cxkpi_churn_ci_lower, true},
	{cxkpi_churn_ci_upper, true}
};

/* churn_report(s, confidence): every churn accessor as one typed row. */
Datum
cxkpi_churn_report(PG_FUNCTION_ARGS)
{
	return cx_report_columns(fcinfo, churn_report_columns,
							 lengthof(churn_report_columns));
}
