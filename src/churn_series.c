/*
 * churn_series.c
 *	  Churn over many consecutive periods built in one pass: the
 *	  churn_series type, churn_series_agg(), its I/O, merge and accessors,
 *	  and churn_periods(), which reads a series back as one row per period.
 *
 * A series of n periods with bounds b0 < b1 < ... < bn (bi = b0 + i * step,
 * period.h) keeps S for the first period and, per period, C, N and NE
 * (definitions in churn.h): because a customer at the end of period i is
 * exactly a customer at the start of period i+1,
 * S(i+1) = S(i) - C(i) + N(i) - NE(i).  A row then touches at most three
 * counters, found without a data-dependent branch: a direct index into the
 * stepped bounds with one correction each way, or a branch-free search
 * where the bounds are too uneven (period.h, CxBoundIndex).
 *
 * Comparisons do not depend on the session TimeZone; only building the
 * bounds of timestamptz periods does (adding months and days follows local
 * time), and that transition function is declared STABLE.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "churn.h"
#include "cxkpi.h"
#include "period.h"
#include "textparse.h"

#define CX_SERIES_MAX_PERIODS	10000

typedef struct CxSeries
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* CX_CHURN_VERSION */
	uint8		kind;			/* CX_KIND_* */
	uint8		flags;			/* always zero */
	uint8		pad;			/* always zero */
	int32		nperiods;		/* n, 1..CX_SERIES_MAX_PERIODS */
	int32		pad2;			/* always zero */
	uint64		fingerprint;	/* hash of kind and bounds (derived) */
	int64		at_start;		/* S of the first period */
	/* bounds[n + 1], churned[n], acquired[n], acquired_ended[n] */
	int64		data[FLEXIBLE_ARRAY_MEMBER];
} CxSeries;

#define SERIES_SIZE(n)		(offsetof(CxSeries, data) + sizeof(int64) * (4 * (Size) (n) + 1))
#define S_BOUNDS(s)			((s)->data)
#define S_CHURNED(s)		((s)->data + (s)->nperiods + 1)
#define S_ACQUIRED(s)		((s)->data + 2 * (s)->nperiods + 1)
#define S_ACQ_ENDED(s)		((s)->data + 3 * (s)->nperiods + 1)

/* A zeroed series of n periods (bounds to be filled in), in cxt. */
static CxSeries *
series_new_in(MemoryContext cxt, int kind, int n)
{
	Size		size = SERIES_SIZE(n);
	CxSeries   *s = MemoryContextAllocZero(cxt, size);

	SET_VARSIZE(s, size);
	s->version = CX_CHURN_VERSION;
	s->kind = (uint8) kind;
	s->nperiods = n;
	return s;
}

/*
 * Customers at the start of every period, into out[0..n] (out[n]: at the
 * end of the last); false when a count leaves [0, CX_CHURN_MAX_COUNT] or a
 * period churns more than it had.
 */
static bool
series_starts(const CxSeries *s, int64 *out)
{
	int			n = s->nperiods;
	const int64 *c = S_CHURNED(s);
	const int64 *a = S_ACQUIRED(s);
	const int64 *ae = S_ACQ_ENDED(s);
	int64		cur = s->at_start;
	int			i;

	if (cur < 0 || cur > CX_CHURN_MAX_COUNT)
		return false;
	for (i = 0; i < n; i++)
	{
		out[i] = cur;
		if (c[i] > cur || ae[i] > a[i])
			return false;
		/* each term is within [0, 2^62), so this cannot overflow */
		cur = cur - c[i] + (a[i] - ae[i]);
		if (cur > CX_CHURN_MAX_COUNT)
			return false;
	}
	out[n] = cur;
	return true;
}

/* Check every field, set the fingerprint; false with a reason when invalid. */
static bool
series_validate(CxSeries *s, const char **why)
{
	int			n = s->nperiods;
	const int64 *b = S_BOUNDS(s);
	int			i;
	int64	   *starts;
	bool		ok;

	if (s->version != CX_CHURN_VERSION)
	{
		*why = "Unsupported format version.";
		return false;
	}
	if (!cx_kind_valid(s->kind))
	{
		*why = "Unknown period type.";
		return false;
	}
	if (s->flags != 0 || s->pad != 0 || s->pad2 != 0)
	{
		*why = "Reserved bytes are not zero.";
		return false;
	}
	if (n < 1 || n > CX_SERIES_MAX_PERIODS)
	{
		*why = "A series has 1 to 10000 periods.";
		return false;
	}
	if (b[0] < CX_BOUND_MIN || b[n] > CX_BOUND_MAX)
	{
		*why = "Period bounds must lie between 0001-01-01 and 294276-12-31.";
		return false;
	}
	for (i = 0; i <= n; i++)
	{
		if (i > 0 && b[i] <= b[i - 1])
		{
			*why = "Period bounds must strictly increase.";
			return false;
		}
		if (s->kind == CX_KIND_DATE && b[i] % USECS_PER_DAY != 0)
		{
			*why = "A date series must have whole-day bounds.";
			return false;
		}
	}
	for (i = 0; i < 3 * n; i++)
	{
		int64		v = S_CHURNED(s)[i];

		if (v < 0 || v > CX_CHURN_MAX_COUNT)
		{
			*why = "Counts must be between 0 and 4611686018427387903.";
			return false;
		}
	}
	starts = palloc(sizeof(int64) * (n + 1));
	ok = series_starts(s, starts);
	pfree(starts);
	if (!ok)
	{
		*why = "The counts are inconsistent: a period churns more customers than it starts with, ends more new customers than it acquired, or a count goes out of range.";
		return false;
	}
	s->fingerprint = cx_bounds_fingerprint(s->kind, n, b);
	return true;
}

/* What in-place updates and reads of a series rely on: size = periods. */
static inline bool
series_header_ok(const struct varlena *v)
{
	const CxSeries *s = (const CxSeries *) v;

	return VARSIZE(v) >= SERIES_SIZE(1) && s->version == CX_CHURN_VERSION &&
		cx_kind_valid(s->kind) && s->nperiods >= 1 && s->nperiods <= CX_SERIES_MAX_PERIODS &&
		VARSIZE(v) == SERIES_SIZE(s->nperiods);
}

/* series_validate for the state helpers (CxVarType.validate). */
static bool
series_validate_varlena(struct varlena *v, const char **why)
{
	return series_validate((CxSeries *) v, why);
}

static const CxVarType series_type = {"churn_series", series_header_ok, series_validate_varlena};

/* A read-only series argument. */
static inline CxSeries *
series_arg(FunctionCallInfo fcinfo, int argno)
{
	return (CxSeries *) cx_summary_arg(fcinfo, argno, series_header_ok, &series_type);
}

/* The series in argument argno, to be modified (see churn.c's churn_state). */
static inline CxSeries *
series_state(FunctionCallInfo fcinfo, int argno)
{
	return (CxSeries *) cx_state_arg(fcinfo, argno, series_header_ok, &series_type);
}

/* "n <kind> periods from <b0> to <bn>", for messages. */
static char *
series_span_text(const CxSeries *s)
{
	return psprintf("%d %s period%s from %s to %s", s->nperiods,
					cx_kind_name(s->kind), s->nperiods == 1 ? "" : "s",
					cx_instant_text(s->kind, S_BOUNDS(s)[0]),
					cx_instant_text(s->kind, S_BOUNDS(s)[s->nperiods]));
}

/* dst += src, for series with the same bounds (22023 otherwise). */
static void
series_merge(CxSeries *dst, const CxSeries *src)
{
	int			n = dst->nperiods;
	int			i;
	int64	   *starts;

	if (dst->kind != src->kind || dst->nperiods != src->nperiods ||
		memcmp(S_BOUNDS(dst), S_BOUNDS(src), sizeof(int64) * (n + 1)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine churn series with different periods"),
				 errdetail("One series has %s, the other %s.",
						   series_span_text(dst), series_span_text(src)),
				 errhint("Series combine across segments when built with the same start, step and number of periods.")));
	cx_churn_count_add(&dst->at_start, src->at_start);
	for (i = 0; i < 3 * n; i++)
		cx_churn_count_add(&S_CHURNED(dst)[i], S_CHURNED(src)[i]);
	starts = palloc(sizeof(int64) * (n + 1));
	if (!series_starts(dst, starts))
		cx_churn_count_overflow();
	pfree(starts);
}

/*
 * Count one customer in every period of the series (at most 3 counters).
 * ix indexes the bounds the series was built with (cx_step_bound_count);
 * period indexes are clamped to the series all the same, so bounds that
 * differ from ix's (a forged fingerprint) cannot move a count outside it.
 */
static inline void
series_count(CxSeries *s, const CxBoundIndex *ix, int64 st, int64 en)
{
	const int64 *b = S_BOUNDS(s);
	int			n = s->nperiods;

	if (st < b[0])
	{
		if (en < b[0])
			return;
		cx_churn_count_inc(&s->at_start);
		if (en < b[n])
		{
			int			j = cx_step_bound_count(ix, b, n, en) - 1;

			cx_churn_count_inc(&S_CHURNED(s)[Min(Max(j, 0), n - 1)]);
		}
	}
	else if (st < b[n])
	{
		int			i = cx_step_bound_count(ix, b, n, st) - 1;

		i = Min(Max(i, 0), n - 1);
		cx_churn_count_inc(&S_ACQUIRED(s)[i]);
		if (en < b[i + 1])
			cx_churn_count_inc(&S_ACQ_ENDED(s)[i]);
		else if (en < b[n])
		{
			int			j = cx_step_bound_count(ix, b, n, en) - 1;

			cx_churn_count_inc(&S_CHURNED(s)[Min(Max(j, 0), n - 1)]);
		}
	}
}

/* churn_series_agg(started_at, ended_at, first_period_start, step, periods) */
static inline Datum
series_transfn(FunctionCallInfo fcinfo, int kind)
{
	CxStepBounds *cache;
	CxSeries   *s;
	int64		start;
	Interval   *step;
	int32		n;
	bool		rebuilt = false;
	int64		st;
	int64		en;

	if (PG_ARGISNULL(3) || PG_ARGISNULL(4) || PG_ARGISNULL(5))
		cx_churn_null_argument("churn series start, step and number of periods");
	start = kind == CX_KIND_DATE ? cx_date_us(PG_GETARG_DATEADT(3)) : PG_GETARG_TIMESTAMP(3);
	step = PG_GETARG_INTERVAL_P(4);
	n = PG_GETARG_INT32(5);

	cache = cx_step_bounds_find(fcinfo, start, step, n);
	if (unlikely(cache == NULL))
	{
		if (n < 1 || n > CX_SERIES_MAX_PERIODS)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("number of churn series periods %d is out of range", n),
					 errdetail("A series has 1 to %d periods.", CX_SERIES_MAX_PERIODS)));
		cache = cx_step_bounds_build(fcinfo, kind, start, step, n, "churn series");
		rebuilt = true;
	}

	if (PG_ARGISNULL(0))
	{
		/* per-row context: the executor keeps its own copy (see scale.c) */
		s = series_new_in(CurrentMemoryContext, kind, n);
		memcpy(S_BOUNDS(s), cache->bounds, sizeof(int64) * (n + 1));
		s->fingerprint = cache->fingerprint;
	}
	else
	{
		s = series_state(fcinfo, 0);
		if (unlikely(s->fingerprint != cache->fingerprint || s->nperiods != n ||
					 s->kind != kind ||
					 (rebuilt && memcmp(S_BOUNDS(s), cache->bounds,
										sizeof(int64) * (n + 1)) != 0)))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("churn series arguments changed within a group"),
					 errdetail("The group's series has %s; a later row asks for %d period%s of step '%s' from %s to %s.",
							   series_span_text(s), n, n == 1 ? "" : "s",
							   DatumGetCString(DirectFunctionCall1(interval_out,
																   IntervalPGetDatum(step))),
							   cx_instant_text(kind, cache->bounds[0]),
							   cx_instant_text(kind, cache->bounds[n])),
					 errhint("Pass first_period_start, step and periods as constants.")));
	}
	if (cx_customer_args(fcinfo, 1, kind, &st, &en))
		series_count(s, &cache->index, st, en);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(cxkpi_churn_series_transfn_date);
PG_FUNCTION_INFO_V1(cxkpi_churn_series_transfn_ts);
PG_FUNCTION_INFO_V1(cxkpi_churn_series_transfn_tstz);

/* churn_series_agg(date, date, date, interval, integer) transition */
Datum
cxkpi_churn_series_transfn_date(PG_FUNCTION_ARGS)
{
	return series_transfn(fcinfo, CX_KIND_DATE);
}

/* churn_series_agg(timestamp, timestamp, timestamp, ...) transition */
Datum
cxkpi_churn_series_transfn_ts(PG_FUNCTION_ARGS)
{
	return series_transfn(fcinfo, CX_KIND_TS);
}

/* churn_series_agg(timestamptz, ...) transition (STABLE: local calendar) */
Datum
cxkpi_churn_series_transfn_tstz(PG_FUNCTION_ARGS)
{
	return series_transfn(fcinfo, CX_KIND_TSTZ);
}

/* ---- series I/O ---- */

#define SERIES_TEXT_FORMAT "v1;bounds=B0,...,Bn;at_start=S;churned=C1,...,Cn;acquired=N1,...,Nn;acquired_ended=E1,...,En"

PG_FUNCTION_INFO_V1(cxkpi_churn_series_in);
PG_FUNCTION_INFO_V1(cxkpi_churn_series_out);
PG_FUNCTION_INFO_V1(cxkpi_churn_series_recv);
PG_FUNCTION_INFO_V1(cxkpi_churn_series_send);

/* Read n comma-separated counts into out[0..n). */
static bool
parse_count_list(const char **p, int64 *out, int n)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		if (i > 0 && !cx_churn_expect(p, ","))
			return false;
		if (!cx_churn_parse_count(p, &out[i]))
			return false;
	}
	return true;
}

/* churn_series text input: the canonical form, every field validated. */
Datum
cxkpi_churn_series_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	const char *p = str;
	const char *q;
	int			n;
	int			kind = 0;
	int			i;
	CxSeries   *s;
	const char *why;

	if (!cx_churn_expect(&p, "v1;bounds="))
		cx_syntax_error("churn_series", str, "Expected the form " SERIES_TEXT_FORMAT ".");
	/* count the bounds: commas before ";at_start=" */
	q = strstr(p, ";at_start=");
	if (q == NULL)
		cx_syntax_error("churn_series", str, "Expected the form " SERIES_TEXT_FORMAT ".");
	n = 0;
	for (const char *c = p; c < q; c++)
		if (*c == ',')
			n++;
	if (n < 1 || n > CX_SERIES_MAX_PERIODS)
		cx_syntax_error("churn_series", str, "A series has 2 to 10001 bounds (1 to 10000 periods).");
	s = series_new_in(CurrentMemoryContext, CX_KIND_DATE, n);
	for (i = 0; i <= n; i++)
	{
		int			k;

		if ((i > 0 && !cx_churn_expect(&p, ",")) || !cx_parse_instant(&p, &k, &S_BOUNDS(s)[i]))
			cx_syntax_error("churn_series", str,
						 "Bounds must be YYYY-MM-DD, YYYY-MM-DD HH:MM:SS[.ffffff] or YYYY-MM-DD HH:MM:SS[.ffffff]+00, separated by commas.");
		if (i == 0)
			kind = k;
		else if (k != kind)
			cx_syntax_error("churn_series", str, "Every bound must have the same form.");
	}
	s->kind = (uint8) kind;
	if (!cx_churn_expect(&p, ";at_start=") || !cx_churn_parse_count(&p, &s->at_start) ||
		!cx_churn_expect(&p, ";churned=") || !parse_count_list(&p, S_CHURNED(s), n) ||
		!cx_churn_expect(&p, ";acquired=") || !parse_count_list(&p, S_ACQUIRED(s), n) ||
		!cx_churn_expect(&p, ";acquired_ended=") || !parse_count_list(&p, S_ACQ_ENDED(s), n))
		cx_syntax_error("churn_series", str,
					 psprintf("Expected the form " SERIES_TEXT_FORMAT ", with %d counts per list, each from 0 to 4611686018427387903.", n));
	if (*p != '\0')
		cx_syntax_error("churn_series", str, "Unexpected text after the series.");
	if (!series_validate(s, &why))
		cx_syntax_error("churn_series", str, why);
	PG_RETURN_POINTER(s);
}

/* Append n counts, comma-separated. */
static void
append_count_list(StringInfo buf, const int64 *v, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		appendStringInfo(buf, "%s" INT64_FORMAT, i ? "," : "", v[i]);
}

/* churn_series text output (canonical) */
Datum
cxkpi_churn_series_out(PG_FUNCTION_ARGS)
{
	CxSeries   *s = series_arg(fcinfo, 0);
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfoString(&buf, "v1;bounds=");
	for (i = 0; i <= s->nperiods; i++)
	{
		if (i > 0)
			appendStringInfoChar(&buf, ',');
		cx_append_instant(&buf, s->kind, S_BOUNDS(s)[i]);
	}
	appendStringInfo(&buf, ";at_start=" INT64_FORMAT ";churned=", s->at_start);
	append_count_list(&buf, S_CHURNED(s), s->nperiods);
	appendStringInfoString(&buf, ";acquired=");
	append_count_list(&buf, S_ACQUIRED(s), s->nperiods);
	appendStringInfoString(&buf, ";acquired_ended=");
	append_count_list(&buf, S_ACQ_ENDED(s), s->nperiods);
	PG_RETURN_CSTRING(buf.data);
}

/*
 * Binary form: version, kind (bytes), n (int32), the n + 1 bounds, at_start,
 * then churned, acquired and acquired_ended (n each), all int64 in network
 * order.
 */
Datum
cxkpi_churn_series_send(PG_FUNCTION_ARGS)
{
	CxSeries   *s = series_arg(fcinfo, 0);
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, s->version);
	pq_sendbyte(&buf, s->kind);
	pq_sendint32(&buf, s->nperiods);
	for (i = 0; i <= s->nperiods; i++)
		pq_sendint64(&buf, S_BOUNDS(s)[i]);
	pq_sendint64(&buf, s->at_start);
	for (i = 0; i < 3 * s->nperiods; i++)
		pq_sendint64(&buf, S_CHURNED(s)[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* churn_series binary input, validated as strictly as the text input. */
Datum
cxkpi_churn_series_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	uint8		version;
	uint8		kind;
	int32		n;
	CxSeries   *s;
	int			i;
	const char *why;

	if (buf->len - buf->cursor < 6)
		cx_binary_error("churn_series", "The value is too short.");
	version = (uint8) pq_getmsgbyte(buf);
	kind = (uint8) pq_getmsgbyte(buf);
	n = (int32) pq_getmsgint(buf, 4);
	if (n < 1 || n > CX_SERIES_MAX_PERIODS)
		cx_binary_error("churn_series",
					 psprintf("A series has 1 to %d periods, not %d.",
							  CX_SERIES_MAX_PERIODS, n));
	if ((int64) (buf->len - buf->cursor) != (int64) 8 * (4 * n + 2))
		cx_binary_error("churn_series",
					 psprintf("Expected %lld more bytes for %d periods, got %d.",
							  (long long) 8 * (4 * n + 2), n, buf->len - buf->cursor));
	s = series_new_in(CurrentMemoryContext, CX_KIND_DATE, n);
	s->version = version;
	s->kind = kind;
	for (i = 0; i <= n; i++)
		S_BOUNDS(s)[i] = pq_getmsgint64(buf);
	s->at_start = pq_getmsgint64(buf);
	for (i = 0; i < 3 * n; i++)
		S_CHURNED(s)[i] = pq_getmsgint64(buf);
	if (!series_validate(s, &why))
		cx_binary_error("churn_series", why);
	PG_RETURN_POINTER(s);
}

/* ---- series merge, equality, accessors ---- */

PG_FUNCTION_INFO_V1(cxkpi_churn_series_add);
PG_FUNCTION_INFO_V1(cxkpi_churn_series_eq);
PG_FUNCTION_INFO_V1(cxkpi_churn_series_ne);
PG_FUNCTION_INFO_V1(cxkpi_churn_series_hash);
PG_FUNCTION_INFO_V1(cxkpi_churn_series_periods);
PG_FUNCTION_INFO_V1(cxkpi_churn_series_period);
PG_FUNCTION_INFO_V1(cxkpi_churn_series_periods_srf);

/* a + b: the operator, the combine function and rollup()'s transition. */
Datum
cxkpi_churn_series_add(PG_FUNCTION_ARGS)
{
	CxSeries   *a = series_state(fcinfo, 0);
	CxSeries   *b = series_arg(fcinfo, 1);

	series_merge(a, b);
	PG_RETURN_POINTER(a);
}

/* Byte equality of two series (every byte is defined). */
static bool
series_equal(const CxSeries *a, const CxSeries *b)
{
	return VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0;
}

/* a = b */
Datum
cxkpi_churn_series_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(series_equal(series_arg(fcinfo, 0), series_arg(fcinfo, 1)));
}

/* a <> b */
Datum
cxkpi_churn_series_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!series_equal(series_arg(fcinfo, 0), series_arg(fcinfo, 1)));
}

/* Hash of a series, consistent with "=". */
Datum
cxkpi_churn_series_hash(PG_FUNCTION_ARGS)
{
	CxSeries   *s = series_arg(fcinfo, 0);

	PG_RETURN_INT32((int32) hash_bytes((const unsigned char *) s + VARHDRSZ,
									   VARSIZE(s) - VARHDRSZ));
}

/* periods(s): the number of periods */
Datum
cxkpi_churn_series_periods(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(series_arg(fcinfo, 0)->nperiods);
}

/* series_starts into a palloc'd array; 22003 when a count is out of range. */
static int64 *
series_starts_checked(const CxSeries *s)
{
	int64	   *starts = palloc(sizeof(int64) * (s->nperiods + 1));

	if (!series_starts(s, starts))
		cx_churn_count_overflow();
	return starts;
}

/* Period i (0-based) of s as a single-period summary. */
static CxChurn *
series_period(const CxSeries *s, const int64 *starts, int i)
{
	CxChurn    *c = cx_churn_new_in(CurrentMemoryContext, s->kind,
								 S_BOUNDS(s)[i], S_BOUNDS(s)[i + 1]);

	c->at_start = starts[i];
	c->churned = S_CHURNED(s)[i];
	c->acquired = S_ACQUIRED(s)[i];
	c->acquired_ended = S_ACQ_ENDED(s)[i];
	return c;
}

/* churn_period(s, i): period i (1..n) as a churn_summary, else NULL */
Datum
cxkpi_churn_series_period(PG_FUNCTION_ARGS)
{
	CxSeries   *s = series_arg(fcinfo, 0);
	int32		i = PG_GETARG_INT32(1);

	if (i < 1 || i > s->nperiods)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(series_period(s, series_starts_checked(s), i - 1));
}

#define PERIODS_NCOLS 16

/* churn_periods(s): one row per period with its counts, rates and summary */
Datum
cxkpi_churn_series_periods_srf(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CxSeries   *s = series_arg(fcinfo, 0);
	int64	   *starts = series_starts_checked(s);
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < s->nperiods; i++)
	{
		CxChurn    *c = series_period(s, starts, i);
		Datum		values[PERIODS_NCOLS];
		bool		nulls[PERIODS_NCOLS];
		CxChurnRates	r;
		double		lower = 0.0;
		double		upper = 0.0;

		cx_churn_rates(c, &r);
		memset(nulls, 0, sizeof(nulls));
		values[0] = Int32GetDatum(i + 1);
		values[1] = TimestampTzGetDatum(cx_instant_tstz(c->kind, c->lo));
		values[2] = TimestampTzGetDatum(cx_instant_tstz(c->kind, c->hi));
		values[3] = Int64GetDatum(c->at_start);
		values[4] = Int64GetDatum(c->at_start - c->churned);
		values[5] = Int64GetDatum(c->churned);
		values[6] = Int64GetDatum(c->acquired);
		values[7] = Int64GetDatum(c->acquired_ended);
		values[8] = Int64GetDatum(cx_churn_at_end(c));
		values[9] = Float8GetDatum(r.churn);
		values[10] = Float8GetDatum(r.retention);
		values[11] = Float8GetDatum(r.customer_retention);
		values[12] = Float8GetDatum(r.std_error);
		cx_churn_wilson(c, 0.95, &lower, &upper);
		values[13] = Float8GetDatum(lower);
		values[14] = Float8GetDatum(upper);
		values[15] = PointerGetDatum(c);
		if (!r.has)
		{
			int			k;

			for (k = 9; k <= 14; k++)
				nulls[k] = true;
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
