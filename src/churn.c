/*
 * churn.c
 *	  Customer churn and retention: the churn_summary type (one period),
 *	  churn_agg() and the churn_rate() aggregate, the churn_series type
 *	  (many consecutive periods built in one pass), churn_series_agg() and
 *	  churn_periods().
 *
 * Definitions, for a period [lo, hi) and one row per customer (started_at,
 * ended_at; a NULL ended_at means still a customer):
 *	  customers at start S:	started_at < lo and (ended_at IS NULL or ended_at >= lo)
 *	  churned C:			in S and ended_at < hi
 *	  acquired N:			lo <= started_at < hi
 *	  acquired_ended NE:	in N and ended_at < hi
 *	  customers at end E:	started_at < hi and (ended_at IS NULL or ended_at >= hi)
 *							= S - C + N - NE
 *	  churn rate C/S, retention rate 1 - C/S, customer retention rate (E - N)/S.
 *
 * Every instant is held as a timestamp in microseconds (dates count as
 * midnight; timestamptz as its UTC instant), so the three column types share
 * one code path; the summary's "kind" only says how to print its period.
 * Comparisons do not depend on the session TimeZone.  Only building a
 * series of timestamptz periods does (adding months and days follows local
 * time), and that transition function is declared STABLE.
 *
 * A series of n periods with bounds b0 < b1 < ... < bn keeps S for the
 * first period and, per period, C, N and NE: because a customer at the end
 * of period i is exactly a customer at the start of period i+1,
 * S(i+1) = S(i) - C(i) + N(i) - NE(i).  A row then touches at most three
 * counters, found by binary search, whatever the number of periods.
 *
 * Inference on the churn rate p = C/S (z the two-sided normal quantile):
 *	  SE = sqrt(p (1 - p) / S); Wilson score interval;
 *	  p_value(a, b): pooled two-proportion z test.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type_d.h"
#include "common/hashfn.h"
#include "common/int.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"
#include "utils/typcache.h"

#include "cxkpi.h"
#include "stats.h"
#include "textparse.h"

#define CX_CHURN_VERSION	1

/* how a summary's instants were given, for printing */
#define CX_KIND_DATE		1
#define CX_KIND_TS			2
#define CX_KIND_TSTZ		3

/* Every count, and every derived count, stays below 2^62: sums never overflow. */
#define CX_CHURN_MAX_COUNT	((int64) ((UINT64CONST(1) << 62) - 1))
#define CX_SERIES_MAX_PERIODS	10000

/*
 * Period bounds lie in [0001-01-01, 294276-12-31]: a day short of the end of
 * the timestamp range, so that every bound read as local time in any
 * TimeZone is still a valid timestamptz (period_start, churn_periods).
 */
#define CX_MIN_BOUND		((int64) (1721426 - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY)
#define CX_MAX_BOUND		(END_TIMESTAMP - USECS_PER_DAY)

typedef struct CxChurn
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* CX_CHURN_VERSION */
	uint8		kind;			/* CX_KIND_* */
	uint8		flags;			/* always zero */
	uint8		pad;			/* always zero */
	int64		lo;				/* period [lo, hi), microseconds */
	int64		hi;
	int64		at_start;		/* S */
	int64		churned;		/* C */
	int64		acquired;		/* N */
	int64		acquired_ended; /* NE */
} CxChurn;

#define CX_CHURN_SIZE		((Size) sizeof(CxChurn))

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

/* ----------------------------------------------------------------
 * Instants
 * ----------------------------------------------------------------
 */

/*
 * A date as microseconds since 2000-01-01, keeping the order of every date:
 * dates past the end of the timestamp range (and +infinity) become the
 * largest value, -infinity the smallest.  Period bounds are always finite
 * timestamps, so every comparison with them is unchanged.
 */
static inline int64
date_us(DateADT d)
{
	if (unlikely(d >= (DateADT) (TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE)))
		return PG_INT64_MAX;
	if (unlikely(DATE_IS_NOBEGIN(d)))
		return PG_INT64_MIN;
	return (int64) d * USECS_PER_DAY;
}

static const char *
kind_type(int kind)
{
	switch (kind)
	{
		case CX_KIND_DATE:
			return "date";
		case CX_KIND_TS:
			return "timestamp";
		default:
			return "timestamptz";
	}
}

/* Append an instant in the canonical text form of its kind. */
static void
append_instant(StringInfo buf, int kind, int64 us)
{
	struct pg_tm tm;
	fsec_t		fsec;

	if (timestamp2tm((Timestamp) us, NULL, &tm, &fsec, NULL, NULL) != 0)
		elog(ERROR, "cxkpi: period bound " INT64_FORMAT " out of range", us);
	appendStringInfo(buf, "%04d-%02d-%02d", tm.tm_year, tm.tm_mon, tm.tm_mday);
	if (kind == CX_KIND_DATE)
		return;
	appendStringInfo(buf, " %02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (fsec != 0)
	{
		char		frac[8];
		int			len;

		snprintf(frac, sizeof(frac), "%06d", (int) fsec);
		len = 6;
		while (len > 1 && frac[len - 1] == '0')
			len--;
		frac[len] = '\0';
		appendStringInfo(buf, ".%s", frac);
	}
	if (kind == CX_KIND_TSTZ)
		appendStringInfoString(buf, "+00");
}

static char *
instant_text(int kind, int64 us)
{
	StringInfoData buf;

	initStringInfo(&buf);
	append_instant(&buf, kind, us);
	return buf.data;
}

/* "[lo,hi)" of a summary's period. */
static char *
period_text(int kind, int64 lo, int64 hi)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '[');
	append_instant(&buf, kind, lo);
	appendStringInfoChar(&buf, ',');
	append_instant(&buf, kind, hi);
	appendStringInfoChar(&buf, ')');
	return buf.data;
}

/* Parse exactly ndigits decimal digits. */
static bool
parse_digits(const char **p, int ndigits, int *v)
{
	int			r = 0;
	int			i;

	for (i = 0; i < ndigits; i++)
	{
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return false;
		r = r * 10 + ((*p)[i] - '0');
	}
	*p += ndigits;
	*v = r;
	return true;
}

/*
 * Parse an instant in canonical form: YYYY-MM-DD (date), YYYY-MM-DD
 * HH:MM:SS[.f{1,6}] (timestamp) or the same followed by "+00" (timestamptz,
 * UTC).  Years have 4 to 6 digits.  Returns false on any deviation.
 */
static bool
parse_instant(const char **pp, int *kind, int64 *us)
{
	const char *p = *pp;
	int			year = 0;
	int			ydigits = 0;
	int			mon;
	int			mday;
	int			hour = 0;
	int			min = 0;
	int			sec = 0;
	int64		frac = 0;
	int64		days;
	int64		v;

	while (p[ydigits] >= '0' && p[ydigits] <= '9' && ydigits < 7)
		ydigits++;
	if (ydigits < 4 || ydigits > 6 || !parse_digits(&p, ydigits, &year))
		return false;
	if (*p++ != '-' || !parse_digits(&p, 2, &mon) || *p++ != '-' ||
		!parse_digits(&p, 2, &mday))
		return false;
	if (year < 1 || year > 294276 || mon < 1 || mon > 12 || mday < 1 ||
		mday > day_tab[isleap(year)][mon - 1])
		return false;
	*kind = CX_KIND_DATE;
	if (*p == ' ')
	{
		p++;
		if (!parse_digits(&p, 2, &hour) || *p++ != ':' ||
			!parse_digits(&p, 2, &min) || *p++ != ':' ||
			!parse_digits(&p, 2, &sec))
			return false;
		if (hour > 23 || min > 59 || sec > 59)
			return false;
		if (*p == '.')
		{
			int			n = 0;

			p++;
			while (p[n] >= '0' && p[n] <= '9')
			{
				if (n == 6)
					return false;
				frac = frac * 10 + (p[n] - '0');
				n++;
			}
			if (n == 0)
				return false;
			p += n;
			for (; n < 6; n++)
				frac *= 10;
		}
		*kind = CX_KIND_TS;
		if (p[0] == '+' && p[1] == '0' && p[2] == '0')
		{
			p += 3;
			*kind = CX_KIND_TSTZ;
		}
	}
	days = (int64) date2j(year, mon, mday) - POSTGRES_EPOCH_JDATE;
	v = days * USECS_PER_DAY +
		((int64) ((hour * MINS_PER_HOUR + min) * SECS_PER_MINUTE + sec)) * USECS_PER_SEC +
		frac;
	if (!IS_VALID_TIMESTAMP(v) || v > CX_MAX_BOUND)
		return false;
	*us = v;
	*pp = p;
	return true;
}

/* ----------------------------------------------------------------
 * Errors
 * ----------------------------------------------------------------
 */

cx_noreturn static void
count_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("churn count out of range"),
			 errdetail("A churn summary or series counts at most " INT64_FORMAT " customers per count.",
					   CX_CHURN_MAX_COUNT)));
}

static inline void
count_inc(int64 *c)
{
	if (unlikely(*c >= CX_CHURN_MAX_COUNT))
		count_overflow();
	(*c)++;
}

static inline void
count_add(int64 *dst, int64 v)
{
	int64		r;

	if (unlikely(pg_add_s64_overflow(*dst, v, &r) || r > CX_CHURN_MAX_COUNT))
		count_overflow();
	*dst = r;
}

cx_noreturn static void
null_argument(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("%s must not be NULL", what),
			 errhint("Pass the period as a constant, or filter out rows without one.")));
}

cx_noreturn static void
bad_period(const char *msg, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s", msg),
			 errdetail("%s", detail),
			 errhint("A period is a non-empty range with finite bounds between 0001-01-01 and 294276-12-31, for example daterange('2026-01-01', '2026-02-01').")));
}

/* Raise 22023 for a customer who ended before starting. */
cx_noreturn static void
ended_before_started(Oid typid, Datum started, Datum ended)
{
	Oid			typoutput;
	bool		isvarlena;

	getTypeOutputInfo(typid, &typoutput, &isvarlena);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("ended_at is earlier than started_at"),
			 errdetail("A customer row has started_at %s and ended_at %s.",
					   OidOutputFunctionCall(typoutput, started),
					   OidOutputFunctionCall(typoutput, ended)),
			 errhint("ended_at must be NULL (still a customer) or not earlier than started_at.")));
}

/* ----------------------------------------------------------------
 * Single-period summary
 * ----------------------------------------------------------------
 */

static CxChurn *
churn_new_in(MemoryContext cxt, int kind, int64 lo, int64 hi)
{
	CxChurn    *s = MemoryContextAllocZero(cxt, CX_CHURN_SIZE);

	SET_VARSIZE(s, CX_CHURN_SIZE);
	s->version = CX_CHURN_VERSION;
	s->kind = (uint8) kind;
	s->lo = lo;
	s->hi = hi;
	return s;
}

static inline int64
churn_at_end(const CxChurn *s)
{
	return s->at_start - s->churned + s->acquired - s->acquired_ended;
}

/* Check every field; false with a reason when invalid. */
static bool
churn_validate(const CxChurn *s, const char **why)
{
	if (s->version != CX_CHURN_VERSION)
		*why = "Unsupported format version.";
	else if (s->kind < CX_KIND_DATE || s->kind > CX_KIND_TSTZ)
		*why = "Unknown period type.";
	else if (s->flags != 0 || s->pad != 0)
		*why = "Reserved bytes are not zero.";
	else if (s->lo < CX_MIN_BOUND || s->hi > CX_MAX_BOUND || s->lo >= s->hi)
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
	else if (churn_at_end(s) > CX_CHURN_MAX_COUNT)
		*why = "Customers at the end are out of range.";
	else
		return true;
	return false;
}

/* What in-place updates and reads of a churn summary rely on. */
static bool
churn_header_ok(const struct varlena *v)
{
	const CxChurn *s = (const CxChurn *) v;

	return VARSIZE(v) == CX_CHURN_SIZE && s->version == CX_CHURN_VERSION;
}

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
	return (CxChurn *) cx_summary_arg(fcinfo, argno, &churn_type);
}

/*
 * The summary in argument argno, to be modified: in place inside an
 * aggregate when it passes the checks of cx_state_arg, otherwise a
 * validated private copy.
 */
static inline CxChurn *
churn_state(FunctionCallInfo fcinfo, int argno)
{
	return (CxChurn *) cx_state_arg(fcinfo, argno, &churn_type);
}

cx_noreturn static void
different_periods(const char *what, int kind_a, int64 lo_a, int64 hi_a,
				  int kind_b, int64 lo_b, int64 hi_b)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s", what),
			 errdetail("One period is %s %s, the other %s %s.",
					   kind_type(kind_a), period_text(kind_a, lo_a, hi_a),
					   kind_type(kind_b), period_text(kind_b, lo_b, hi_b)),
			 errhint("Churn summaries combine across segments of the same period; use churn_series_agg for many periods.")));
}

static void
churn_merge(CxChurn *dst, const CxChurn *src, int sign)
{
	if (dst->kind != src->kind || dst->lo != src->lo || dst->hi != src->hi)
		different_periods("cannot combine churn summaries of different periods",
						  dst->kind, dst->lo, dst->hi,
						  src->kind, src->lo, src->hi);
	if (sign > 0)
	{
		count_add(&dst->at_start, src->at_start);
		count_add(&dst->churned, src->churned);
		count_add(&dst->acquired, src->acquired);
		count_add(&dst->acquired_ended, src->acquired_ended);
		if (churn_at_end(dst) > CX_CHURN_MAX_COUNT)
			count_overflow();
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
		count_inc(a);
		if (b)
			count_inc(b);
		if (unlikely(churn_at_end(s) > CX_CHURN_MAX_COUNT))
			count_overflow();
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
 * The period argument: cached per call site by its raw bytes, so a constant
 * period is decoded once, not once per row.
 */
#define PERIOD_RAW_MAX	64

typedef struct PeriodCache
{
	bool		valid;
	bool		stable;			/* the argument is a Const or an external Param */
	Size		rawlen;
	char		raw[PERIOD_RAW_MAX];
	int64		lo;
	int64		hi;
	TypeCacheEntry *typcache;
} PeriodCache;

/* A range's text, for messages. */
static char *
range_text(RangeType *r)
{
	Oid			typoutput;
	bool		isvarlena;

	getTypeOutputInfo(RangeTypeGetOid(r), &typoutput, &isvarlena);
	return OidOutputFunctionCall(typoutput, PointerGetDatum(r));
}

static void
decode_period(FunctionCallInfo fcinfo, PeriodCache *cache, int argno,
			  int kind)
{
	RangeType  *r = PG_GETARG_RANGE_P(argno);
	RangeBound	lower;
	RangeBound	upper;
	bool		empty;
	int64		lo;
	int64		hi;

	/* (not range_get_typcache: fn_extra holds our cache) */
	if (cache->typcache == NULL ||
		cache->typcache->type_id != RangeTypeGetOid(r))
		cache->typcache = lookup_type_cache(RangeTypeGetOid(r),
											TYPECACHE_RANGE_INFO);
	range_deserialize(cache->typcache, r, &lower, &upper, &empty);

	if (empty)
		bad_period("churn period is empty",
				   psprintf("A period must hold at least one instant; the range given is %s.", range_text(r)));
	if (lower.infinite || upper.infinite)
		bad_period("churn period is unbounded",
				   psprintf("The period %s has no %s bound.", range_text(r),
							lower.infinite ? "lower" : "upper"));
	if (kind == CX_KIND_DATE)
	{
		DateADT		l = DatumGetDateADT(lower.val);
		DateADT		u = DatumGetDateADT(upper.val);

		if (DATE_NOT_FINITE(l) || DATE_NOT_FINITE(u))
			bad_period("churn period has an infinite bound",
					   psprintf("The period is %s.", range_text(r)));
		lo = date_us(l);
		hi = date_us(u);
		if (lo == PG_INT64_MAX || hi == PG_INT64_MAX)
			bad_period("churn period is out of range",
					   psprintf("The period %s ends after 294276-12-31.", range_text(r)));
		if (!lower.inclusive)
			lo += USECS_PER_DAY;
		if (upper.inclusive)
			hi += USECS_PER_DAY;
	}
	else
	{
		Timestamp	l = DatumGetTimestamp(lower.val);
		Timestamp	u = DatumGetTimestamp(upper.val);

		if (TIMESTAMP_NOT_FINITE(l) || TIMESTAMP_NOT_FINITE(u))
			bad_period("churn period has an infinite bound",
					   psprintf("The period is %s.", range_text(r)));
		lo = l + (lower.inclusive ? 0 : 1);
		hi = u + (upper.inclusive ? 1 : 0);
	}
	if (lo < CX_MIN_BOUND)
		bad_period("churn period starts before 0001-01-01",
				   psprintf("The period is %s.", range_text(r)));
	if (hi > CX_MAX_BOUND)
		bad_period("churn period is out of range",
				   psprintf("The period %s ends after 294276-12-31.", range_text(r)));
	if (lo >= hi)
		bad_period("churn period is empty",
				   psprintf("A period must hold at least one instant; the range given is %s.", range_text(r)));
	cache->lo = lo;
	cache->hi = hi;
}

/*
 * Whether aggregate argument argno (counting the transition state as 0)
 * cannot change during the query: a constant, or a parameter of a prepared
 * statement.  The transition function's own expression cannot tell (nodeAgg
 * passes arguments as executor Params), so look at the Aggref.  Window
 * aggregates answer false and take the byte-comparison path.
 */
static bool
agg_arg_is_stable(FunctionCallInfo fcinfo, int argno)
{
	Aggref	   *aggref = AggGetAggref(fcinfo);
	TargetEntry *tle;

	if (aggref == NULL || list_length(aggref->args) < argno)
		return false;
	tle = (TargetEntry *) list_nth(aggref->args, argno - 1);
	if (!IsA(tle, TargetEntry))
		return false;
	if (IsA(tle->expr, Const))
		return true;
	return IsA(tle->expr, Param) &&
		((Param *) tle->expr)->paramkind == PARAM_EXTERN;
}

static inline void
period_arg(FunctionCallInfo fcinfo, int argno, int kind, int64 *lo, int64 *hi)
{
	PeriodCache *cache = (PeriodCache *) fcinfo->flinfo->fn_extra;
	Pointer		raw;
	Size		len;

	if (unlikely(cache == NULL))
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(PeriodCache));
		fcinfo->flinfo->fn_extra = cache;
	}

	/*
	 * A period that cannot change during the query (a constant, or a
	 * parameter of a prepared statement) is decoded once; any other is
	 * compared byte for byte with the last one decoded.
	 */
	if (likely(cache->valid && cache->stable))
	{
		*lo = cache->lo;
		*hi = cache->hi;
		return;
	}
	raw = DatumGetPointer(PG_GETARG_DATUM(argno));
	len = VARSIZE_ANY(raw);
	if (unlikely(!cache->valid || len != cache->rawlen ||
				 memcmp(raw, cache->raw, len) != 0))
	{
		cache->valid = false;
		decode_period(fcinfo, cache, argno, kind);
		if (len <= PERIOD_RAW_MAX)
		{
			memcpy(cache->raw, raw, len);
			cache->rawlen = len;
			cache->valid = true;
			cache->stable = agg_arg_is_stable(fcinfo, argno);
		}
	}
	*lo = cache->lo;
	*hi = cache->hi;
}

/*
 * The customer in arguments 1 and 2 as instants; false when started_at is
 * NULL (row skipped).  A NULL ended_at is the end of time.
 */
static inline bool
customer_args(FunctionCallInfo fcinfo, int kind, int64 *st, int64 *en)
{
	if (PG_ARGISNULL(1))
		return false;
	if (kind == CX_KIND_DATE)
	{
		DateADT		s = PG_GETARG_DATEADT(1);

		*st = date_us(s);
		if (PG_ARGISNULL(2))
			*en = PG_INT64_MAX;
		else
		{
			DateADT		e = PG_GETARG_DATEADT(2);

			if (unlikely(e < s))
				ended_before_started(DATEOID, DateADTGetDatum(s), DateADTGetDatum(e));
			*en = date_us(e);
		}
	}
	else
	{
		Timestamp	s = PG_GETARG_TIMESTAMP(1);

		*st = s;
		if (PG_ARGISNULL(2))
			*en = PG_INT64_MAX;
		else
		{
			Timestamp	e = PG_GETARG_TIMESTAMP(2);

			if (unlikely(e < s))
				ended_before_started(kind == CX_KIND_TS ? TIMESTAMPOID : TIMESTAMPTZOID,
									 TimestampGetDatum(s), TimestampGetDatum(e));
			*en = e;
		}
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
		null_argument("churn period");
	period_arg(fcinfo, 3, kind, &lo, &hi);
	if (PG_ARGISNULL(0))
	{
		if (delta < 0)
			PG_RETURN_NULL();	/* nothing to undo: restart the frame */
		/* per-row context: the executor keeps its own copy (see scale.c) */
		s = churn_new_in(CurrentMemoryContext, kind, lo, hi);
	}
	else
	{
		s = churn_state(fcinfo, 0);
		if (unlikely(s->lo != lo || s->hi != hi || s->kind != kind))
			different_periods("churn period changed within a group",
							  s->kind, s->lo, s->hi, kind, lo, hi);
	}
	if (customer_args(fcinfo, kind, &st, &en) &&
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

Datum
cxkpi_churn_agg_transfn_date(PG_FUNCTION_ARGS)
{
	return churn_transfn(fcinfo, CX_KIND_DATE, 1);
}

Datum
cxkpi_churn_agg_transfn_ts(PG_FUNCTION_ARGS)
{
	return churn_transfn(fcinfo, CX_KIND_TS, 1);
}

Datum
cxkpi_churn_agg_transfn_tstz(PG_FUNCTION_ARGS)
{
	return churn_transfn(fcinfo, CX_KIND_TSTZ, 1);
}

Datum
cxkpi_churn_agg_invfn_date(PG_FUNCTION_ARGS)
{
	return churn_transfn(fcinfo, CX_KIND_DATE, -1);
}

Datum
cxkpi_churn_agg_invfn_ts(PG_FUNCTION_ARGS)
{
	return churn_transfn(fcinfo, CX_KIND_TS, -1);
}

Datum
cxkpi_churn_agg_invfn_tstz(PG_FUNCTION_ARGS)
{
	return churn_transfn(fcinfo, CX_KIND_TSTZ, -1);
}

/* ---- I/O ---- */

/* Expect a literal. */
static bool
expect(const char **p, const char *lit)
{
	size_t		n = strlen(lit);

	if (strncmp(*p, lit, n) != 0)
		return false;
	*p += n;
	return true;
}

/* A count: decimal digits, no sign, at most CX_CHURN_MAX_COUNT. */
static bool
parse_count(const char **p, int64 *v)
{
	return cx_scan_int64(p, 0, CX_CHURN_MAX_COUNT, v) == CX_SCAN_OK;
}

#define CHURN_TEXT_FORMAT "v1;period=[LO,HI);at_start=S;churned=C;acquired=N;acquired_ended=NE"

PG_FUNCTION_INFO_V1(cxkpi_churn_summary_in);
PG_FUNCTION_INFO_V1(cxkpi_churn_summary_out);
PG_FUNCTION_INFO_V1(cxkpi_churn_summary_recv);
PG_FUNCTION_INFO_V1(cxkpi_churn_summary_send);

Datum
cxkpi_churn_summary_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	const char *p = str;
	CxChurn    *s = churn_new_in(CurrentMemoryContext, CX_KIND_DATE, 0, 0);
	int			kind_hi;
	int			kind;
	const char *why;

	if (!expect(&p, "v1;period=["))
		cx_syntax_error("churn_summary", str,
					 "Expected the form " CHURN_TEXT_FORMAT ".");
	if (!parse_instant(&p, &kind, &s->lo) || !expect(&p, ",") ||
		!parse_instant(&p, &kind_hi, &s->hi) || !expect(&p, ")"))
		cx_syntax_error("churn_summary", str,
					 "The period must be [LO,HI) with both bounds YYYY-MM-DD, YYYY-MM-DD HH:MM:SS[.ffffff] or YYYY-MM-DD HH:MM:SS[.ffffff]+00.");
	if (kind != kind_hi)
		cx_syntax_error("churn_summary", str,
					 "Both period bounds must have the same form.");
	s->kind = (uint8) kind;
	if (!expect(&p, ";at_start=") || !parse_count(&p, &s->at_start) ||
		!expect(&p, ";churned=") || !parse_count(&p, &s->churned) ||
		!expect(&p, ";acquired=") || !parse_count(&p, &s->acquired) ||
		!expect(&p, ";acquired_ended=") || !parse_count(&p, &s->acquired_ended))
		cx_syntax_error("churn_summary", str,
					 "Expected the form " CHURN_TEXT_FORMAT ", counts from 0 to 4611686018427387903.");
	if (*p != '\0')
		cx_syntax_error("churn_summary", str, "Unexpected text after the summary.");
	if (!churn_validate(s, &why))
		cx_syntax_error("churn_summary", str, why);
	PG_RETURN_POINTER(s);
}

static char *
churn_to_text(const CxChurn *s)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v1;period=%s", period_text(s->kind, s->lo, s->hi));
	appendStringInfo(&buf, ";at_start=" INT64_FORMAT ";churned=" INT64_FORMAT
					 ";acquired=" INT64_FORMAT ";acquired_ended=" INT64_FORMAT,
					 s->at_start, s->churned, s->acquired, s->acquired_ended);
	return buf.data;
}

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

Datum
cxkpi_churn_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	CxChurn    *s = churn_new_in(CurrentMemoryContext, CX_KIND_DATE, 0, 0);
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

Datum
cxkpi_churn_summary_eq(PG_FUNCTION_ARGS)
{
	CxChurn    *a = churn_arg(fcinfo, 0);
	CxChurn    *b = churn_arg(fcinfo, 1);

	PG_RETURN_BOOL(memcmp(a, b, CX_CHURN_SIZE) == 0);
}

Datum
cxkpi_churn_summary_ne(PG_FUNCTION_ARGS)
{
	CxChurn    *a = churn_arg(fcinfo, 0);
	CxChurn    *b = churn_arg(fcinfo, 1);

	PG_RETURN_BOOL(memcmp(a, b, CX_CHURN_SIZE) != 0);
}

Datum
cxkpi_churn_summary_hash(PG_FUNCTION_ARGS)
{
	CxChurn    *s = churn_arg(fcinfo, 0);

	PG_RETURN_INT32((int32) hash_bytes((const unsigned char *) s + VARHDRSZ,
									   CX_CHURN_SIZE - VARHDRSZ));
}

/* ---- statistics ---- */

static bool
churn_p(const CxChurn *s, double *p, double *n)
{
	if (s->at_start <= 0)
		return false;
	*n = (double) s->at_start;
	*p = (double) s->churned / *n;
	return true;
}

/*
 * The rates of a summary, computed in one place for the accessors, the
 * jsonb cast and churn_periods(); has is false (every rate NULL) when S = 0.
 */
typedef struct ChurnRates
{
	bool		has;
	double		churn;			/* C / S */
	double		retention;		/* (S - C) / S */
	double		customer_retention; /* (E - N) / S */
	double		std_error;		/* sqrt(p (1 - p) / S) */
} ChurnRates;

static void
churn_rates(const CxChurn *s, ChurnRates *r)
{
	double		p;
	double		n;

	memset(r, 0, sizeof(*r));
	if (!churn_p(s, &p, &n))
		return;
	r->has = true;
	r->churn = p;
	r->retention = (double) (s->at_start - s->churned) / n;
	r->customer_retention = (double) (churn_at_end(s) - s->acquired) / n;
	r->std_error = sqrt(p * (1.0 - p) / n);
}

static bool
churn_wilson(const CxChurn *s, double confidence, double *lower, double *upper)
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
		ChurnRates	r_; \
		churn_rates(churn_arg(fcinfo, 0), &r_); \
		if (!r_.has) \
			PG_RETURN_NULL(); \
		PG_RETURN_FLOAT8(r_.field); \
	} while (0)

Datum
cxkpi_churn_rate(PG_FUNCTION_ARGS)
{
	RETURN_CHURN_RATE(churn);
}

Datum
cxkpi_churn_retention_rate(PG_FUNCTION_ARGS)
{
	RETURN_CHURN_RATE(retention);
}

Datum
cxkpi_churn_customer_retention_rate(PG_FUNCTION_ARGS)
{
	RETURN_CHURN_RATE(customer_retention);
}

Datum
cxkpi_churn_customers_at_start(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(churn_arg(fcinfo, 0)->at_start);
}

Datum
cxkpi_churn_retained(PG_FUNCTION_ARGS)
{
	CxChurn    *s = churn_arg(fcinfo, 0);

	PG_RETURN_INT64(s->at_start - s->churned);
}

Datum
cxkpi_churn_churned(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(churn_arg(fcinfo, 0)->churned);
}

Datum
cxkpi_churn_acquired(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(churn_arg(fcinfo, 0)->acquired);
}

Datum
cxkpi_churn_acquired_ended(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(churn_arg(fcinfo, 0)->acquired_ended);
}

Datum
cxkpi_churn_customers_at_end(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(churn_at_end(churn_arg(fcinfo, 0)));
}

Datum
cxkpi_churn_std_error(PG_FUNCTION_ARGS)
{
	RETURN_CHURN_RATE(std_error);
}

Datum
cxkpi_churn_ci_lower(PG_FUNCTION_ARGS)
{
	CxChurn    *s = churn_arg(fcinfo, 0);
	double		lower;
	double		upper;

	cx_check_confidence(PG_GETARG_FLOAT8(1));
	if (!churn_wilson(s, PG_GETARG_FLOAT8(1), &lower, &upper))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(lower);
}

Datum
cxkpi_churn_ci_upper(PG_FUNCTION_ARGS)
{
	CxChurn    *s = churn_arg(fcinfo, 0);
	double		lower;
	double		upper;

	cx_check_confidence(PG_GETARG_FLOAT8(1));
	if (!churn_wilson(s, PG_GETARG_FLOAT8(1), &lower, &upper))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(upper);
}

Datum
cxkpi_churn_p_value(PG_FUNCTION_ARGS)
{
	double		pv;

	if (!churn_p_value(churn_arg(fcinfo, 0), churn_arg(fcinfo, 1), &pv))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(pv);
}

/* A bound as timestamptz: dates and timestamps read in the session zone. */
static TimestampTz
bound_tstz(int kind, int64 us)
{
	if (kind == CX_KIND_TSTZ)
		return (TimestampTz) us;
	return DatumGetTimestampTz(DirectFunctionCall1(timestamp_timestamptz,
												   TimestampGetDatum((Timestamp) us)));
}

Datum
cxkpi_churn_period_start(PG_FUNCTION_ARGS)
{
	CxChurn    *s = churn_arg(fcinfo, 0);

	PG_RETURN_TIMESTAMPTZ(bound_tstz(s->kind, s->lo));
}

Datum
cxkpi_churn_period_end(PG_FUNCTION_ARGS)
{
	CxChurn    *s = churn_arg(fcinfo, 0);

	PG_RETURN_TIMESTAMPTZ(bound_tstz(s->kind, s->hi));
}

Datum
cxkpi_churn_summary_jsonb(PG_FUNCTION_ARGS)
{
	CxChurn    *s = churn_arg(fcinfo, 0);
	StringInfoData buf;
	ChurnRates	r;
	double		lower = 0.0;
	double		upper = 0.0;
	bool		has;

	churn_rates(s, &r);
	initStringInfo(&buf);
	appendStringInfoString(&buf, "{\"period_start\":\"");
	append_instant(&buf, s->kind, s->lo);
	appendStringInfoString(&buf, "\",\"period_end\":\"");
	append_instant(&buf, s->kind, s->hi);
	appendStringInfoChar(&buf, '"');
	cx_json_int64(&buf, "customers_at_start", s->at_start);
	cx_json_int64(&buf, "retained", s->at_start - s->churned);
	cx_json_int64(&buf, "churned", s->churned);
	cx_json_int64(&buf, "acquired", s->acquired);
	cx_json_int64(&buf, "acquired_ended", s->acquired_ended);
	cx_json_int64(&buf, "customers_at_end", churn_at_end(s));
	cx_json_double(&buf, "churn_rate", !r.has, r.churn);
	cx_json_double(&buf, "retention_rate", !r.has, r.retention);
	cx_json_double(&buf, "customer_retention_rate", !r.has, r.customer_retention);
	cx_json_double(&buf, "std_error", !r.has, r.std_error);
	cx_json_double(&buf, "confidence", false, 0.95);
	has = churn_wilson(s, 0.95, &lower, &upper);
	cx_json_double(&buf, "ci_lower", !has, lower);
	cx_json_double(&buf, "ci_upper", !has, upper);
	appendStringInfoChar(&buf, '}');
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}

/* ----------------------------------------------------------------
 * Series of periods
 * ----------------------------------------------------------------
 */

static uint64
series_fingerprint(int kind, int n, const int64 *bounds)
{
	return hash_bytes_extended((const unsigned char *) bounds,
							   sizeof(int64) * (n + 1), (uint64) kind * 31 + n);
}

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
	if (s->kind < CX_KIND_DATE || s->kind > CX_KIND_TSTZ)
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
	if (b[0] < CX_MIN_BOUND || b[n] > CX_MAX_BOUND)
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
	s->fingerprint = series_fingerprint(s->kind, n, b);
	return true;
}

/* What in-place updates and reads of a series rely on: size = periods. */
static bool
series_header_ok(const struct varlena *v)
{
	const CxSeries *s = (const CxSeries *) v;

	return VARSIZE(v) >= SERIES_SIZE(1) && s->version == CX_CHURN_VERSION &&
		s->nperiods >= 1 && s->nperiods <= CX_SERIES_MAX_PERIODS &&
		VARSIZE(v) == SERIES_SIZE(s->nperiods);
}

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
	return (CxSeries *) cx_summary_arg(fcinfo, argno, &series_type);
}

/* The series in argument argno, to be modified (see churn_state). */
static inline CxSeries *
series_state(FunctionCallInfo fcinfo, int argno)
{
	return (CxSeries *) cx_state_arg(fcinfo, argno, &series_type);
}

static char *
series_span_text(const CxSeries *s)
{
	return psprintf("%d %s period%s from %s to %s", s->nperiods,
					kind_type(s->kind), s->nperiods == 1 ? "" : "s",
					instant_text(s->kind, S_BOUNDS(s)[0]),
					instant_text(s->kind, S_BOUNDS(s)[s->nperiods]));
}

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
	count_add(&dst->at_start, src->at_start);
	for (i = 0; i < 3 * n; i++)
		count_add(&S_CHURNED(dst)[i], S_CHURNED(src)[i]);
	starts = palloc(sizeof(int64) * (n + 1));
	if (!series_starts(dst, starts))
		count_overflow();
	pfree(starts);
}

/* Index of the first bound greater than x in b[0..nb), or nb. */
static inline int
upper_bound(const int64 *b, int nb, int64 x)
{
	int			lo = 0;
	int			hi = nb;

	while (lo < hi)
	{
		int			mid = (lo + hi) >> 1;

		if (b[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Count one customer in every period of the series (at most 3 counters). */
static inline void
series_count(CxSeries *s, int64 st, int64 en)
{
	const int64 *b = S_BOUNDS(s);
	int			n = s->nperiods;

	if (st < b[0])
	{
		if (en < b[0])
			return;
		count_inc(&s->at_start);
		if (en < b[n])
			count_inc(&S_CHURNED(s)[upper_bound(b, n + 1, en) - 1]);
	}
	else if (st < b[n])
	{
		int			i = upper_bound(b, n + 1, st) - 1;

		count_inc(&S_ACQUIRED(s)[i]);
		if (en < b[i + 1])
			count_inc(&S_ACQ_ENDED(s)[i]);
		else if (en < b[n])
			count_inc(&S_CHURNED(s)[i + upper_bound(b + i + 1, n - i, en)]);
	}
}

/*
 * The series arguments of a call site, and the bounds they give.  Groups
 * with different arguments (say a start per segment) arrive interleaved
 * under hash aggregation, so a few argument sets are kept: a row only
 * rebuilds bounds when its arguments are new.
 */
#define SERIES_CACHE_SLOTS	8

typedef struct SeriesCache
{
	bool		valid;
	int64		start;
	Interval	step;
	int32		n;
	uint64		fingerprint;
	int64	   *bounds;			/* n + 1, in fn_mcxt */
} SeriesCache;

typedef struct SeriesCacheSet
{
	int			last;			/* slot of the last hit */
	int			victim;			/* next slot to replace */
	SeriesCache slot[SERIES_CACHE_SLOTS];
} SeriesCacheSet;

static inline bool
series_cache_match(const SeriesCache *c, int64 start, const Interval *step,
				   int32 n)
{
	return c->valid && c->start == start && c->n == n &&
		c->step.time == step->time && c->step.day == step->day &&
		c->step.month == step->month;
}

static void
build_bounds(FunctionCallInfo fcinfo, SeriesCache *cache, int kind,
			 int64 start, const Interval *step, int32 n)
{
	int64	   *b;
	int			i;

	if (n < 1 || n > CX_SERIES_MAX_PERIODS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of churn series periods %d is out of range", n),
				 errdetail("A series has 1 to %d periods.", CX_SERIES_MAX_PERIODS)));
	if (kind == CX_KIND_DATE)
	{
		if (start == PG_INT64_MAX || start == PG_INT64_MIN)
			bad_period("churn series start is not finite",
					   "first_period_start must be a finite date within the timestamp range.");
		if (step->time != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("churn series step for dates must be whole days or months"),
					 errdetail("The step has a time part; dates count as midnight, so periods would not start on a date."),
					 errhint("Use a step such as '1 day', '1 week' or '1 month', or timestamp columns.")));
	}
	else if (TIMESTAMP_NOT_FINITE(start))
		bad_period("churn series start is not finite",
				   "first_period_start must be a finite timestamp.");

	if (cache->bounds)
		pfree(cache->bounds);
	cache->bounds = NULL;
	cache->valid = false;
	b = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(int64) * (n + 1));
	for (i = 0; i <= n; i++)
	{
		Interval	iv;
		int64		t;

		if (pg_mul_s32_overflow(step->month, i, &iv.month) ||
			pg_mul_s32_overflow(step->day, i, &iv.day) ||
			pg_mul_s64_overflow(step->time, i, &iv.time))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("churn series step times %d is out of range", i)));
		t = DatumGetTimestamp(DirectFunctionCall2(kind == CX_KIND_TSTZ ?
												  timestamptz_pl_interval :
												  timestamp_pl_interval,
												  TimestampGetDatum(start),
												  IntervalPGetDatum(&iv)));
		if (TIMESTAMP_NOT_FINITE(t) || t > CX_MAX_BOUND)
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("churn series period %d is out of range", i + 1)));
		if (i == 0 && t < CX_MIN_BOUND)
			bad_period("churn series starts before 0001-01-01",
					   "first_period_start must be 0001-01-01 or later.");
		if (i > 0 && t <= b[i - 1])
		{
			char	   *stepstr = DatumGetCString(DirectFunctionCall1(interval_out,
																	  IntervalPGetDatum(step)));

			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("churn series step '%s' does not move forward", stepstr),
					 errdetail("Period %d would start at %s, not after period %d's start %s.",
							   i + 1, instant_text(kind == CX_KIND_DATE ? CX_KIND_TS : kind, t),
							   i, instant_text(kind == CX_KIND_DATE ? CX_KIND_TS : kind, b[i - 1])),
					 errhint("The step must be positive, for example '1 month', '1 week' or '1 day'.")));
		}
		b[i] = t;
	}
	cache->bounds = b;
	cache->start = start;
	cache->step = *step;
	cache->n = n;
	cache->fingerprint = series_fingerprint(kind, n, b);
	cache->valid = true;
}

/* churn_series_agg(started_at, ended_at, first_period_start, step, periods) */
static inline Datum
series_transfn(FunctionCallInfo fcinfo, int kind)
{
	SeriesCacheSet *set = (SeriesCacheSet *) fcinfo->flinfo->fn_extra;
	SeriesCache *cache;
	CxSeries   *s;
	int64		start;
	Interval   *step;
	int32		n;
	bool		rebuilt = false;
	int64		st;
	int64		en;

	if (PG_ARGISNULL(3) || PG_ARGISNULL(4) || PG_ARGISNULL(5))
		null_argument("churn series start, step and number of periods");
	start = kind == CX_KIND_DATE ? date_us(PG_GETARG_DATEADT(3)) : PG_GETARG_TIMESTAMP(3);
	step = PG_GETARG_INTERVAL_P(4);
	n = PG_GETARG_INT32(5);

	if (unlikely(set == NULL))
	{
		set = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(SeriesCacheSet));
		fcinfo->flinfo->fn_extra = set;
	}
	cache = &set->slot[set->last];
	if (unlikely(!series_cache_match(cache, start, step, n)))
	{
		int			i;

		cache = NULL;
		for (i = 0; i < SERIES_CACHE_SLOTS; i++)
			if (series_cache_match(&set->slot[i], start, step, n))
			{
				cache = &set->slot[i];
				set->last = i;
				break;
			}
		if (cache == NULL)
		{
			set->last = set->victim;
			set->victim = (set->victim + 1) % SERIES_CACHE_SLOTS;
			cache = &set->slot[set->last];
			build_bounds(fcinfo, cache, kind, start, step, n);
			rebuilt = true;
		}
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
							   instant_text(kind, cache->bounds[0]),
							   instant_text(kind, cache->bounds[n])),
					 errhint("Pass first_period_start, step and periods as constants.")));
	}
	if (customer_args(fcinfo, kind, &st, &en))
		series_count(s, st, en);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(cxkpi_churn_series_transfn_date);
PG_FUNCTION_INFO_V1(cxkpi_churn_series_transfn_ts);
PG_FUNCTION_INFO_V1(cxkpi_churn_series_transfn_tstz);

Datum
cxkpi_churn_series_transfn_date(PG_FUNCTION_ARGS)
{
	return series_transfn(fcinfo, CX_KIND_DATE);
}

Datum
cxkpi_churn_series_transfn_ts(PG_FUNCTION_ARGS)
{
	return series_transfn(fcinfo, CX_KIND_TS);
}

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

static bool
parse_count_list(const char **p, int64 *out, int n)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		if (i > 0 && !expect(p, ","))
			return false;
		if (!parse_count(p, &out[i]))
			return false;
	}
	return true;
}

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

	if (!expect(&p, "v1;bounds="))
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

		if ((i > 0 && !expect(&p, ",")) || !parse_instant(&p, &k, &S_BOUNDS(s)[i]))
			cx_syntax_error("churn_series", str,
						 "Bounds must be YYYY-MM-DD, YYYY-MM-DD HH:MM:SS[.ffffff] or YYYY-MM-DD HH:MM:SS[.ffffff]+00, separated by commas.");
		if (i == 0)
			kind = k;
		else if (k != kind)
			cx_syntax_error("churn_series", str, "Every bound must have the same form.");
	}
	s->kind = (uint8) kind;
	if (!expect(&p, ";at_start=") || !parse_count(&p, &s->at_start) ||
		!expect(&p, ";churned=") || !parse_count_list(&p, S_CHURNED(s), n) ||
		!expect(&p, ";acquired=") || !parse_count_list(&p, S_ACQUIRED(s), n) ||
		!expect(&p, ";acquired_ended=") || !parse_count_list(&p, S_ACQ_ENDED(s), n))
		cx_syntax_error("churn_series", str,
					 psprintf("Expected the form " SERIES_TEXT_FORMAT ", with %d counts per list, each from 0 to 4611686018427387903.", n));
	if (*p != '\0')
		cx_syntax_error("churn_series", str, "Unexpected text after the series.");
	if (!series_validate(s, &why))
		cx_syntax_error("churn_series", str, why);
	PG_RETURN_POINTER(s);
}

static void
append_count_list(StringInfo buf, const int64 *v, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		appendStringInfo(buf, "%s" INT64_FORMAT, i ? "," : "", v[i]);
}

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
		append_instant(&buf, s->kind, S_BOUNDS(s)[i]);
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

Datum
cxkpi_churn_series_add(PG_FUNCTION_ARGS)
{
	CxSeries   *a = series_state(fcinfo, 0);
	CxSeries   *b = series_arg(fcinfo, 1);

	series_merge(a, b);
	PG_RETURN_POINTER(a);
}

static bool
series_equal(const CxSeries *a, const CxSeries *b)
{
	return VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0;
}

Datum
cxkpi_churn_series_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(series_equal(series_arg(fcinfo, 0), series_arg(fcinfo, 1)));
}

Datum
cxkpi_churn_series_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!series_equal(series_arg(fcinfo, 0), series_arg(fcinfo, 1)));
}

Datum
cxkpi_churn_series_hash(PG_FUNCTION_ARGS)
{
	CxSeries   *s = series_arg(fcinfo, 0);

	PG_RETURN_INT32((int32) hash_bytes((const unsigned char *) s + VARHDRSZ,
									   VARSIZE(s) - VARHDRSZ));
}

Datum
cxkpi_churn_series_periods(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(series_arg(fcinfo, 0)->nperiods);
}

static int64 *
series_starts_checked(const CxSeries *s)
{
	int64	   *starts = palloc(sizeof(int64) * (s->nperiods + 1));

	if (!series_starts(s, starts))
		count_overflow();
	return starts;
}

/* Period i (0-based) of s as a single-period summary. */
static CxChurn *
series_period(const CxSeries *s, const int64 *starts, int i)
{
	CxChurn    *c = churn_new_in(CurrentMemoryContext, s->kind,
								 S_BOUNDS(s)[i], S_BOUNDS(s)[i + 1]);

	c->at_start = starts[i];
	c->churned = S_CHURNED(s)[i];
	c->acquired = S_ACQUIRED(s)[i];
	c->acquired_ended = S_ACQ_ENDED(s)[i];
	return c;
}

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
		ChurnRates	r;
		double		lower = 0.0;
		double		upper = 0.0;

		churn_rates(c, &r);
		memset(nulls, 0, sizeof(nulls));
		values[0] = Int32GetDatum(i + 1);
		values[1] = TimestampTzGetDatum(bound_tstz(c->kind, c->lo));
		values[2] = TimestampTzGetDatum(bound_tstz(c->kind, c->hi));
		values[3] = Int64GetDatum(c->at_start);
		values[4] = Int64GetDatum(c->at_start - c->churned);
		values[5] = Int64GetDatum(c->churned);
		values[6] = Int64GetDatum(c->acquired);
		values[7] = Int64GetDatum(c->acquired_ended);
		values[8] = Int64GetDatum(churn_at_end(c));
		values[9] = Float8GetDatum(r.churn);
		values[10] = Float8GetDatum(r.retention);
		values[11] = Float8GetDatum(r.customer_retention);
		values[12] = Float8GetDatum(r.std_error);
		churn_wilson(c, 0.95, &lower, &upper);
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
