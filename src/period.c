/*
 * period.c
 *	  Instants, periods and calendar steps (period.h): canonical text of
 *	  instants, range arguments as half-open periods with their per-call-site
 *	  cache, the bounds of stepped periods with theirs, and the errors they
 *	  raise.
 *
 * Nothing here knows a summary type: callers name what they read in the
 * messages about it (the "what" of cx_period_arg and cx_step_bounds_build,
 * "churn period", "churn series").
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "common/int.h"
#include "nodes/primnodes.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/rangetypes.h"

#include "period.h"

/* ----------------------------------------------------------------
 * Instants
 * ----------------------------------------------------------------
 */

/* See period.h. */
const char *
cx_kind_name(int kind)
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
void
cx_append_instant(StringInfo buf, int kind, int64 us)
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

/* An instant's canonical text, palloc'd. */
char *
cx_instant_text(int kind, int64 us)
{
	StringInfoData buf;

	initStringInfo(&buf);
	cx_append_instant(&buf, kind, us);
	return buf.data;
}

/* "[lo,hi)" of a period. */
char *
cx_period_text(int kind, int64 lo, int64 hi)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '[');
	cx_append_instant(&buf, kind, lo);
	appendStringInfoChar(&buf, ',');
	cx_append_instant(&buf, kind, hi);
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
bool
cx_parse_instant(const char **pp, int *kind, int64 *us)
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
	if (!IS_VALID_TIMESTAMP(v) || v > CX_BOUND_MAX)
		return false;
	*us = v;
	*pp = p;
	return true;
}

/* A bound as timestamptz: dates and timestamps read in the session zone. */
TimestampTz
cx_instant_tstz(int kind, int64 us)
{
	if (kind == CX_KIND_TSTZ)
		return (TimestampTz) us;
	return DatumGetTimestampTz(DirectFunctionCall1(timestamp_timestamptz,
												   TimestampGetDatum((Timestamp) us)));
}

/* ----------------------------------------------------------------
 * Customer rows
 * ----------------------------------------------------------------
 */

/* Raise 22023 for a customer who ended before starting. */
void
cx_ended_before_started(Oid typid, Datum started, Datum ended)
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
 * Periods
 * ----------------------------------------------------------------
 */

/* Raise 22023 for an unusable period. */
void
cx_bad_period(const char *msg, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s", msg),
			 errdetail("%s", detail),
			 errhint("A period is a non-empty range with finite bounds between 0001-01-01 and 294276-12-31, for example daterange('2026-01-01', '2026-02-01').")));
}

/* A range's text, for messages. */
static char *
range_text(RangeType *r)
{
	Oid			typoutput;
	bool		isvarlena;

	getTypeOutputInfo(RangeTypeGetOid(r), &typoutput, &isvarlena);
	return OidOutputFunctionCall(typoutput, PointerGetDatum(r));
}

/* Decode the range in argument argno into cache->lo, cache->hi, or raise 22023. */
static void
decode_period(FunctionCallInfo fcinfo, CxPeriodCache *cache, int argno,
			  int kind, const char *what)
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
		cx_bad_period(psprintf("%s is empty", what),
					  psprintf("A period must hold at least one instant; the range given is %s.", range_text(r)));
	if (lower.infinite || upper.infinite)
		cx_bad_period(psprintf("%s is unbounded", what),
					  psprintf("The period %s has no %s bound.", range_text(r),
							   lower.infinite ? "lower" : "upper"));
	if (kind == CX_KIND_DATE)
	{
		DateADT		l = DatumGetDateADT(lower.val);
		DateADT		u = DatumGetDateADT(upper.val);

		if (DATE_NOT_FINITE(l) || DATE_NOT_FINITE(u))
			cx_bad_period(psprintf("%s has an infinite bound", what),
						  psprintf("The period is %s.", range_text(r)));
		lo = cx_date_us(l);
		hi = cx_date_us(u);
		if (lo == PG_INT64_MAX || hi == PG_INT64_MAX)
			cx_bad_period(psprintf("%s is out of range", what),
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
			cx_bad_period(psprintf("%s has an infinite bound", what),
						  psprintf("The period is %s.", range_text(r)));
		lo = l + (lower.inclusive ? 0 : 1);
		hi = u + (upper.inclusive ? 1 : 0);
	}
	if (lo < CX_BOUND_MIN)
		cx_bad_period(psprintf("%s starts before 0001-01-01", what),
					  psprintf("The period is %s.", range_text(r)));
	if (hi > CX_BOUND_MAX)
		cx_bad_period(psprintf("%s is out of range", what),
					  psprintf("The period %s ends after 294276-12-31.", range_text(r)));
	if (lo >= hi)
		cx_bad_period(psprintf("%s is empty", what),
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

/* The period cache of a call site, made on its first row. */
CxPeriodCache *
cx_period_cache(FunctionCallInfo fcinfo)
{
	CxPeriodCache *cache;

	cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(CxPeriodCache));
	fcinfo->flinfo->fn_extra = cache;
	return cache;
}

/*
 * The slow path of cx_period_arg: the argument's raw bytes (raw, len)
 * differ from the cached ones, so decode it and remember its bytes (when
 * they fit) and whether it can change during the query.
 */
void
cx_period_refresh(FunctionCallInfo fcinfo, CxPeriodCache *cache, int argno,
				  int kind, const char *what, Pointer raw, Size len)
{
	cache->valid = false;
	decode_period(fcinfo, cache, argno, kind, what);
	if (len <= CX_PERIOD_RAW_MAX)
	{
		memcpy(cache->raw, raw, len);
		cache->rawlen = len;
		cache->valid = true;
		cache->stable = agg_arg_is_stable(fcinfo, argno);
	}
}

/* ----------------------------------------------------------------
 * Calendar steps
 * ----------------------------------------------------------------
 */

/* See period.h. */
int64
cx_step_instant(int kind, int64 start, const Interval *step, int32 i,
				const char *what)
{
	Interval	iv;

	if (pg_mul_s32_overflow(step->month, i, &iv.month) ||
		pg_mul_s32_overflow(step->day, i, &iv.day) ||
		pg_mul_s64_overflow(step->time, i, &iv.time))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s step times %d is out of range", what, i)));
	return DatumGetTimestamp(DirectFunctionCall2(kind == CX_KIND_TSTZ ?
												 timestamptz_pl_interval :
												 timestamp_pl_interval,
												 TimestampGetDatum(start),
												 IntervalPGetDatum(&iv)));
}

/* See period.h. */
uint64
cx_bounds_fingerprint(int kind, int n, const int64 *bounds)
{
	return hash_bytes_extended((const unsigned char *) bounds,
							   sizeof(int64) * (n + 1), (uint64) kind * 31 + n);
}

/* Check start and step, then fill b[0..n] with start + i * step. */
static void
step_bounds(int kind, int64 start, const Interval *step, int32 n,
			const char *what, int64 *b)
{
	int			i;

	if (kind == CX_KIND_DATE)
	{
		if (start == PG_INT64_MAX || start == PG_INT64_MIN)
			cx_bad_period(psprintf("%s start is not finite", what),
						  "first_period_start must be a finite date within the timestamp range.");
		if (step->time != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s step for dates must be whole days or months", what),
					 errdetail("The step has a time part; dates count as midnight, so periods would not start on a date."),
					 errhint("Use a step such as '1 day', '1 week' or '1 month', or timestamp columns.")));
	}
	else if (TIMESTAMP_NOT_FINITE(start))
		cx_bad_period(psprintf("%s start is not finite", what),
					  "first_period_start must be a finite timestamp.");

	for (i = 0; i <= n; i++)
	{
		int64		t = cx_step_instant(kind, start, step, i, what);

		if (TIMESTAMP_NOT_FINITE(t) || t > CX_BOUND_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("%s period %d is out of range", what, i + 1)));
		if (i == 0 && t < CX_BOUND_MIN)
			cx_bad_period(psprintf("%s starts before 0001-01-01", what),
						  "first_period_start must be 0001-01-01 or later.");
		if (i > 0 && t <= b[i - 1])
		{
			char	   *stepstr = DatumGetCString(DirectFunctionCall1(interval_out,
																	  IntervalPGetDatum(step)));

			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s step '%s' does not move forward", what, stepstr),
					 errdetail("Period %d would start at %s, not after period %d's start %s.",
							   i + 1, cx_instant_text(kind == CX_KIND_DATE ? CX_KIND_TS : kind, t),
							   i, cx_instant_text(kind == CX_KIND_DATE ? CX_KIND_TS : kind, b[i - 1])),
					 errhint("The step must be positive, for example '1 month', '1 week' or '1 day'.")));
		}
		b[i] = t;
	}
}

/* See period.h. */
CxStepBounds *
cx_step_bounds_build(FunctionCallInfo fcinfo, int kind, int64 start,
					 const Interval *step, int32 n, const char *what)
{
	CxStepCache *set = (CxStepCache *) fcinfo->flinfo->fn_extra;
	CxStepBounds *cache;

	if (set == NULL)
	{
		set = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(CxStepCache));
		fcinfo->flinfo->fn_extra = set;
	}
	set->last = set->victim;
	set->victim = (set->victim + 1) % CX_STEP_CACHE_SLOTS;
	cache = &set->slot[set->last];

	if (cache->bounds)
		pfree(cache->bounds);
	cache->bounds = NULL;
	cache->valid = false;
	cache->bounds = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(int64) * (n + 1));
	step_bounds(kind, start, step, n, what, cache->bounds);
	cache->start = start;
	cache->step = *step;
	cache->n = n;
	cache->fingerprint = cx_bounds_fingerprint(kind, n, cache->bounds);
	cx_bound_index_init(&cache->index, cache->bounds, n);
	cache->valid = true;
	return cache;
}

/* ----------------------------------------------------------------
 * Durations
 * ----------------------------------------------------------------
 */

/* See period.h. */
void
cx_duration_unit(const Interval *iv, const char *what, CxDurationUnit *unit)
{
	int			fields = (iv->month != 0) + (iv->day != 0) + (iv->time != 0);

	if (fields != 1 || iv->month < 0 || iv->day < 0 || iv->time < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %s is not a positive interval of one kind", what,
						DatumGetCString(DirectFunctionCall1(interval_out,
															IntervalPGetDatum(iv)))),
				 errdetail("A unit is a positive number of months, of days (or weeks), or of hours, minutes or seconds, not a mix, for example '1 month', '7 days' or '1 day'.")));
	if (iv->month > 0)
	{
		unit->kind = CX_UNIT_MONTHS;
		unit->amount = iv->month;
	}
	else if (iv->day > 0)
	{
		unit->kind = CX_UNIT_DAYS;
		unit->amount = iv->day;
	}
	else
	{
		unit->kind = CX_UNIT_US;
		unit->amount = iv->time;
	}
}

/* See period.h. */
Interval *
cx_duration_unit_interval(const CxDurationUnit *unit)
{
	Interval   *iv = palloc0(sizeof(Interval));

	if (unit->kind == CX_UNIT_MONTHS)
		iv->month = (int32) unit->amount;
	else if (unit->kind == CX_UNIT_DAYS)
		iv->day = (int32) unit->amount;
	else
		iv->time = unit->amount;
	return iv;
}

/* See period.h. */
void
cx_duration_end(int kind, int64 us, int unit_kind, CxDurationEnd *e)
{
	e->wall = us;
	e->months = 0;
	e->in_month = 0;
	if (unit_kind == CX_UNIT_US)
		return;
	if (kind == CX_KIND_DATE && unit_kind == CX_UNIT_MONTHS)
	{
		/* a date is a whole day: the calendar of its Julian day */
		int			y;
		int			m;
		int			d;

		j2date((int) (us / USECS_PER_DAY) + POSTGRES_EPOCH_JDATE, &y, &m, &d);
		e->months = (int32) (y * 12 + m - 1);
		e->in_month = (int64) (d - 1) * USECS_PER_DAY;
		return;
	}
	if (kind == CX_KIND_TSTZ || unit_kind == CX_UNIT_MONTHS)
	{
		struct pg_tm tm;
		fsec_t		fsec;
		int			tz = 0;

		if (timestamp2tm((Timestamp) us, kind == CX_KIND_TSTZ ? &tz : NULL,
						 &tm, &fsec, NULL, NULL) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("timestamp out of range")));
		if (kind == CX_KIND_TSTZ)
			e->wall = us - (int64) tz * USECS_PER_SEC;	/* tz: seconds west */
		e->months = (int32) (tm.tm_year * 12 + tm.tm_mon - 1);
		e->in_month = (int64) (tm.tm_mday - 1) * USECS_PER_DAY +
			((int64) ((tm.tm_hour * 60 + tm.tm_min) * 60 + tm.tm_sec)) * USECS_PER_SEC +
			fsec;
	}
}

/*
 * See period.h: the multiplier of the direct index of bounds b[0..n], and
 * whether its guess is within one of the true count at every bound (then,
 * g being monotone, for every instant).  Periods shorter than two
 * microseconds on average, or bounds too uneven (a step of one month and
 * one hour across a DST change is fine, a series whose periods vary by more
 * than the average period is not), keep the search.
 */
void
cx_bound_index_init(CxBoundIndex *ix, const int64 *b, int n)
{
	ix->direct = false;
	ix->mul = 0;
#ifdef HAVE_INT128
	{
		uint64		len = (uint64) b[n] - (uint64) b[0];
		int			k;

		if (len < 2 * (uint64) n)
			return;				/* the multiplier would not fit in 64 bits */
		ix->mul = (uint64) (((uint128) n << 64) / len);
		for (k = 0; k < n; k++)
		{
			/* every instant of [b[k], b[k + 1]) has count k + 1 */
			if (cx_bound_guess(ix, b, n, b[k]) < k ||
				cx_bound_guess(ix, b, n, b[k + 1] - 1) > k + 2)
				return;
		}
		if (cx_bound_guess(ix, b, n, b[n]) < n)
			return;				/* instants from b[n] on have count n + 1 */
		ix->direct = true;
	}
#endif
}
