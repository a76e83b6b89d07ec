/*
 * period.h
 *	  Instants, periods and calendar steps: what the customer-lifecycle
 *	  families (churn summary, churn series, and the survival summaries to
 *	  come) share.
 *
 * Instants.  Every instant is an int64 count of microseconds since
 * 2000-01-01 00:00, the representation of timestamp: a date counts as its
 * midnight, a timestamptz as its UTC instant.  So the three column types
 * share one code path, and comparisons never depend on the session
 * TimeZone.  A summary stores a "kind" byte (CX_KIND_*) only to know how to
 * print its instants and which SQL type they came from.
 *
 * Periods.  A period is half-open, [lo, hi), whatever the inclusivity of
 * the range it was given as (cx_period_arg normalises it), with finite
 * bounds in [CX_BOUND_MIN, CX_BOUND_MAX].  Period bounds are canonical in
 * text: cx_append_instant prints and cx_parse_instant reads exactly one
 * spelling per instant, so summaries that hold bounds print canonically.
 *
 * Calendar steps.  Bound i of a stepped series is first_period_start +
 * i * step: the step is multiplied, never added i times, so monthly steps
 * from 2026-01-31 give 02-28, 03-31, 04-30 (not 03-28, 04-28).  Adding
 * months and days to a timestamptz follows the session TimeZone, so a
 * transition function that builds timestamptz steps must be STABLE.
 *
 * Argument caches.  Aggregates take the period (or the series start, step
 * and length) as an argument on every row, usually a constant.  The caches
 * here live in fn_extra of the call site, so the argument is decoded once
 * and the per-row cost is a few comparisons, all inline.
 *
 * Durations.  The whole units (days, weeks, calendar months, or a time
 * unit such as hours) between two instants, for the survival summary
 * (cx_duration_*).  Whole months are the months of age(): 2026-01-31 ->
 * 2026-02-28 is 0 months, -> 2026-03-01 is 1 -- not "the largest k with
 * start + k months <= end", which gives 1 for 02-28 because PostgreSQL
 * clamps 01-31 + 1 month to 02-28.  For timestamptz the local calendar
 * and wall clock (session TimeZone) decide months and days, as for age();
 * time units count elapsed microseconds.
 */
#ifndef CXKPI_PERIOD_H
#define CXKPI_PERIOD_H

#include "postgres.h"

#include "catalog/pg_type_d.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/date.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "cxkpi.h"

/* How instants were given (the stored kind byte: these values are on disk). */
#define CX_KIND_DATE		1
#define CX_KIND_TS			2
#define CX_KIND_TSTZ		3

/* A stored kind byte that names one of the kinds above. */
static inline bool
cx_kind_valid(int kind)
{
	return kind >= CX_KIND_DATE && kind <= CX_KIND_TSTZ;
}

/*
 * Period bounds lie in [0001-01-01, 294276-12-31]: a day short of the end of
 * the timestamp range, so that every bound read as local time in any
 * TimeZone is still a valid timestamptz (cx_instant_tstz).
 */
#define CX_BOUND_MIN		((int64) (1721426 - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY)
#define CX_BOUND_MAX		(END_TIMESTAMP - USECS_PER_DAY)

/* ---- instants ---- */

/*
 * A date as microseconds since 2000-01-01, keeping the order of every date:
 * dates past the end of the timestamp range (and +infinity) become the
 * largest value, -infinity the smallest.  Period bounds are always finite
 * timestamps, so every comparison with them is unchanged.
 */
static inline int64
cx_date_us(DateADT d)
{
	if (unlikely(d >= (DateADT) (TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE)))
		return PG_INT64_MAX;
	if (unlikely(DATE_IS_NOBEGIN(d)))
		return PG_INT64_MIN;
	return (int64) d * USECS_PER_DAY;
}

/* The SQL type name of a kind: "date", "timestamp", "timestamptz". */
extern const char *cx_kind_name(int kind);

/*
 * Canonical text of an instant of a kind: YYYY-MM-DD (date),
 * YYYY-MM-DD HH:MM:SS[.f] (timestamp, trailing zeros of the fraction cut),
 * the same followed by "+00" (timestamptz, in UTC).
 */
extern void cx_append_instant(StringInfo buf, int kind, int64 us);
extern char *cx_instant_text(int kind, int64 us);

/* "[lo,hi)" of a period, bounds as cx_append_instant prints them. */
extern char *cx_period_text(int kind, int64 lo, int64 hi);

/*
 * Read one instant in the canonical form above at *pp (years of 4 to 6
 * digits), within the timestamp range and at most CX_BOUND_MAX: its kind
 * and value, *pp past it.  False (with *pp unchanged) on any deviation.
 */
extern bool cx_parse_instant(const char **pp, int *kind, int64 *us);

/* An instant as timestamptz: dates and timestamps read in the session zone. */
extern TimestampTz cx_instant_tstz(int kind, int64 us);

/* ---- customer rows ---- */

cx_noreturn extern void cx_ended_before_started(Oid typid, Datum started,
												Datum ended);

/*
 * The customer in arguments argno (started_at) and argno + 1 (ended_at) as
 * instants; false when started_at is NULL (row skipped).  A NULL ended_at
 * (still a customer) is the end of time, PG_INT64_MAX.  Raises 22023 when
 * ended_at is earlier than started_at.
 */
static inline bool
cx_customer_args(FunctionCallInfo fcinfo, int argno, int kind,
				 int64 *st, int64 *en)
{
	if (PG_ARGISNULL(argno))
		return false;
	if (kind == CX_KIND_DATE)
	{
		DateADT		s = PG_GETARG_DATEADT(argno);

		*st = cx_date_us(s);
		if (PG_ARGISNULL(argno + 1))
			*en = PG_INT64_MAX;
		else
		{
			DateADT		e = PG_GETARG_DATEADT(argno + 1);

			if (unlikely(e < s))
				cx_ended_before_started(DATEOID, DateADTGetDatum(s), DateADTGetDatum(e));
			*en = cx_date_us(e);
		}
	}
	else
	{
		Timestamp	s = PG_GETARG_TIMESTAMP(argno);

		*st = s;
		if (PG_ARGISNULL(argno + 1))
			*en = PG_INT64_MAX;
		else
		{
			Timestamp	e = PG_GETARG_TIMESTAMP(argno + 1);

			if (unlikely(e < s))
				cx_ended_before_started(kind == CX_KIND_TS ? TIMESTAMPOID : TIMESTAMPTZOID,
										TimestampGetDatum(s), TimestampGetDatum(e));
			*en = e;
		}
	}
	return true;
}

/* ---- periods ---- */

/* Raise 22023 for an unusable period, with a hint on what a period is. */
cx_noreturn extern void cx_bad_period(const char *msg, const char *detail);

/*
 * The period argument of a call site, cached by its raw bytes, so a
 * constant period is decoded once, not once per row.
 */
#define CX_PERIOD_RAW_MAX	64

typedef struct CxPeriodCache
{
	bool		valid;
	bool		stable;			/* the argument is a Const or an external Param */
	Size		rawlen;
	char		raw[CX_PERIOD_RAW_MAX];
	int64		lo;
	int64		hi;
	TypeCacheEntry *typcache;
} CxPeriodCache;

/* cx_period_arg's out-of-line parts: the first row, and a changed argument. */
extern CxPeriodCache *cx_period_cache(FunctionCallInfo fcinfo);
extern void cx_period_refresh(FunctionCallInfo fcinfo, CxPeriodCache *cache,
							  int argno, int kind, const char *what,
							  Pointer raw, Size len);

/*
 * The (non-NULL) range in argument argno as a half-open period [*lo, *hi)
 * of instants of a kind (the range's element type: date for CX_KIND_DATE,
 * else timestamp or timestamptz).  Raises 22023 (cx_bad_period) for an
 * empty, unbounded, infinite or out-of-range period, the message starting
 * with what ("churn period is empty").
 *
 * A period that cannot change during the query (a constant, or a parameter
 * of a prepared statement) is decoded once; any other is compared byte for
 * byte with the last one decoded.  Inline: this runs on every row.
 */
static inline void
cx_period_arg(FunctionCallInfo fcinfo, int argno, int kind, const char *what,
			  int64 *lo, int64 *hi)
{
	CxPeriodCache *cache = (CxPeriodCache *) fcinfo->flinfo->fn_extra;
	Pointer		raw;
	Size		len;

	if (unlikely(cache == NULL))
		cache = cx_period_cache(fcinfo);
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
		cx_period_refresh(fcinfo, cache, argno, kind, what, raw, len);
	*lo = cache->lo;
	*hi = cache->hi;
}

/* ---- calendar steps ---- */

/*
 * start + i * step as an instant of a kind (timestamp arithmetic; months
 * and days of a timestamptz follow the session TimeZone), the step
 * multiplied by i exactly.  Raises 22008 "<what> step times i is out of
 * range" when i * step overflows an interval, and lets a sum outside the
 * timestamp range raise as timestamp arithmetic does.
 */
extern int64 cx_step_instant(int kind, int64 start, const Interval *step,
							 int32 i, const char *what);

/*
 * How many of the strictly increasing bounds b[0..nb) are <= x: an instant
 * x lies in period i - 1 = [b[i - 1], b[i]) of the result i (0: before
 * b[0]; nb: at or after the last bound).  Branch-free: the same
 * ceil(log2(nb)) halving steps whatever x, each a conditional add, so the
 * per-row lookup of the lifecycle aggregates has no data-dependent branch
 * to mispredict (a plain binary search mispredicts about half of its
 * log2(nb) steps on unordered rows).
 */
static inline int
cx_bound_count(const int64 *b, int nb, int64 x)
{
	const int64 *base = b;
	int			len = nb;

	while (len > 1)
	{
		int			half = len >> 1;

		base += half & -(int) (base[half] <= x);
		len -= half;
	}
	return (int) (base - b) + (*base <= x);
}

/*
 * A direct index into stepped bounds b[0..n]: calendar months, weeks, days
 * or any other step are close enough to evenly spaced that
 * g(x) = 1 + ((clamp(x, b0, bn) - b0) * mul) >> 64, with mul = 2^64 n /
 * (bn - b0), is within one of cx_bound_count(b, n + 1, x) for every x; one
 * comparison each way then corrects it.  A multiplication and two loads
 * per lookup, instead of log2(n) dependent steps.  cx_bound_index_init
 * proves that bound on the bounds themselves (g is monotone, so checking it
 * at each bound suffices) and otherwise leaves direct false: the search.
 */
typedef struct CxBoundIndex
{
	bool		direct;
	uint64		mul;
} CxBoundIndex;

extern void cx_bound_index_init(CxBoundIndex *ix, const int64 *b, int n);

/* The direct guess g(x) (see CxBoundIndex), in 1..n+1. */
static inline int
cx_bound_guess(const CxBoundIndex *ix, const int64 *b, int n, int64 x)
{
#ifdef HAVE_INT128
	int64		xc = Min(Max(x, b[0]), b[n]);
	uint64		d = (uint64) xc - (uint64) b[0];

	return 1 + (int) (((uint128) d * ix->mul) >> 64);
#else
	(void) ix;
	(void) b;
	(void) x;
	return n + 1;
#endif
}

/* cx_bound_count(b, n + 1, x) for stepped bounds b[0..n] with index ix. */
static inline int
cx_step_bound_count(const CxBoundIndex *ix, const int64 *b, int n, int64 x)
{
	int			c;

	if (!ix->direct)
		return cx_bound_count(b, n + 1, x);
	c = cx_bound_guess(ix, b, n, x);
	c += (c <= n) & (b[Min(c, n)] <= x);
	c -= (c >= 1) & (b[Max(c - 1, 0)] > x);
	return c;
}

/* Hash of a kind and bounds b[0..n], to compare bound sets quickly. */
extern uint64 cx_bounds_fingerprint(int kind, int n, const int64 *bounds);

/*
 * The bounds of n stepped periods, b[i] = start + i * step (i = 0..n), for
 * the start, step and n arguments of a call site.  Groups with different
 * arguments (say a start per segment) arrive interleaved under hash
 * aggregation, so a few argument sets are kept: a row only rebuilds bounds
 * when its arguments are new.
 */
#define CX_STEP_CACHE_SLOTS	8

typedef struct CxStepBounds
{
	bool		valid;
	int64		start;
	Interval	step;
	int32		n;
	uint64		fingerprint;	/* cx_bounds_fingerprint of kind and bounds */
	int64	   *bounds;			/* n + 1, in fn_mcxt */
	CxBoundIndex index;			/* finds an instant's period among bounds */
} CxStepBounds;

typedef struct CxStepCache
{
	int			last;			/* slot of the last hit */
	int			victim;			/* next slot to replace */
	CxStepBounds slot[CX_STEP_CACHE_SLOTS];
} CxStepCache;

/* Whether a slot holds the bounds of these arguments. */
static inline bool
cx_step_match(const CxStepBounds *c, int64 start, const Interval *step,
			  int32 n)
{
	return c->valid && c->start == start && c->n == n &&
		c->step.time == step->time && c->step.day == step->day &&
		c->step.month == step->month;
}

/*
 * The cached bounds of these arguments at this call site, or NULL when
 * they are new (then cx_step_bounds_build).  Inline: this runs on every row.
 */
static inline CxStepBounds *
cx_step_bounds_find(FunctionCallInfo fcinfo, int64 start, const Interval *step,
					int32 n)
{
	CxStepCache *set = (CxStepCache *) fcinfo->flinfo->fn_extra;
	int			i;

	if (unlikely(set == NULL))
		return NULL;
	if (likely(cx_step_match(&set->slot[set->last], start, step, n)))
		return &set->slot[set->last];
	for (i = 0; i < CX_STEP_CACHE_SLOTS; i++)
		if (cx_step_match(&set->slot[i], start, step, n))
		{
			set->last = i;
			return &set->slot[i];
		}
	return NULL;
}

/*
 * Build and cache the bounds of n >= 1 stepped periods (replacing the
 * oldest slot), checking that they are usable period bounds: a finite start
 * (a whole-day step for dates), every bound within [CX_BOUND_MIN,
 * CX_BOUND_MAX] and strictly after the one before.  Errors (22023, 22008)
 * start their message with what, e.g. "churn series".
 */
extern CxStepBounds *cx_step_bounds_build(FunctionCallInfo fcinfo, int kind,
										  int64 start, const Interval *step,
										  int32 n, const char *what);


/* ---- durations ---- */

/* Kinds of a duration unit (the values are on disk in survival summaries). */
#define CX_UNIT_MONTHS		1
#define CX_UNIT_DAYS		2
#define CX_UNIT_US			3

/*
 * A unit: an interval with exactly one positive field (months; days, of
 * which a week is 7; or microseconds).  cx_duration_unit raises 22023
 * otherwise, the message starting with what ("survival unit").
 */
typedef struct CxDurationUnit
{
	int			kind;			/* CX_UNIT_* */
	int64		amount;			/* >= 1, in months, days or microseconds */
} CxDurationUnit;

extern void cx_duration_unit(const Interval *iv, const char *what,
							 CxDurationUnit *unit);

/* The interval of a unit (amounts of months and days fit in int32). */
extern Interval *cx_duration_unit_interval(const CxDurationUnit *unit);

/*
 * An instant prepared for duration arithmetic: its wall-clock time (the
 * local time of a timestamptz in the session zone, else itself) and, for
 * months, its calendar fields.
 */
typedef struct CxDurationEnd
{
	int64		wall;			/* microseconds since 2000-01-01, wall clock */
	int32		months;			/* year * 12 + month - 1 (months units) */
	int64		in_month;		/* microseconds since the first of the month */
} CxDurationEnd;

/*
 * Prepares instant us (finite, of a kind) for units of a kind.  Reading a
 * timestamptz's calendar follows the session TimeZone (callers are STABLE).
 */
extern void cx_duration_end(int kind, int64 us, int unit_kind,
							CxDurationEnd *e);

/*
 * Whole units from start to end (end >= start), floor division: whole
 * months as age() counts them, whole days on the wall clock, elapsed
 * microseconds for time units.  Never negative.
 */
static inline int64
cx_duration_units(const CxDurationEnd *start, const CxDurationEnd *end,
				  const CxDurationUnit *unit, int64 st_us, int64 en_us)
{
	int64		n;

	switch (unit->kind)
	{
		case CX_UNIT_MONTHS:
			n = (int64) end->months - start->months;
			if (end->in_month < start->in_month)
				n--;
			break;
		case CX_UNIT_DAYS:
			n = (end->wall - start->wall) / USECS_PER_DAY;
			break;
		default:
			n = en_us - st_us;
			break;
	}
	if (n < 0)
		n = 0;					/* a wall clock that went back (DST) */
	return n / unit->amount;
}

#endif							/* CXKPI_PERIOD_H */
