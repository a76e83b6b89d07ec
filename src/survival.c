/*
 * survival.c
 *	  Kaplan-Meier survival summaries of customer lifetimes: the
 *	  survival_summary type, survival_agg(), its I/O, merge, accessors, the
 *	  curve set-returning function and the log-rank tests.  The math is in
 *	  survival_math.c (layer 1); durations in whole units come from period.c.
 *
 * A summary holds, per duration t (whole units since started_at), the
 * number of churn events d and of censorings c, and its unit.  Two
 * in-memory forms are values of the same type:
 *
 *	 - packed: the compact, canonical layout of survival_math.h (varints),
 *	   what input functions, +, and the final functions make and what is
 *	   stored; first data byte CX_SURV_FORMAT_VERSION (1);
 *	 - working: the aggregate's state (first data byte SURV_WORK_FORMAT),
 *	   fixed-size slots that a row updates in place, O(1) and with no
 *	   allocation: dense slots, one per duration 0 .. cap - 1, doubled when
 *	   a row needs a larger duration (the executor copies a grown state
 *	   once: a copy per doubling, not per row), or, for durations beyond
 *	   CX_SURV_MAX_DENSE_SPAN, a sorted point list with spare capacity.
 *
 * Every function reads both forms, so a partial aggregate's state (which
 * crosses parallel workers, Citus nodes or postgres_fdw as a value of the
 * type) is an ordinary survival_summary; output, send, = and hashing pack
 * first, so a value has one text and one binary form whatever its form.
 * The transition, inverse and combine functions return the working form
 * only to an aggregate: called directly they return the packed form.
 * Both input functions validate every field through one decoder.
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "catalog/pg_type_d.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "cxkpi.h"
#include "period.h"
#include "stats.h"
#include "survival_math.h"
#include "textparse.h"

StaticAssertDecl(CX_UNIT_MONTHS == CX_SURV_UNIT_MONTHS &&
				 CX_UNIT_DAYS == CX_SURV_UNIT_DAYS &&
				 CX_UNIT_US == CX_SURV_UNIT_MICROSECONDS,
				 "period.h and survival_math.h unit kinds agree");

#define SURV_TYPNAME		"survival_summary"
#define SURV_WORK_FORMAT	0x81	/* never a packed version byte */
#define SURV_MODE_DENSE		1
#define SURV_MODE_SPARSE	2
#define SURV_DENSE_MIN		32		/* slots of a new dense state */
#define SURV_SPARSE_MIN		256		/* points of a new sparse state */

/* The working form (the aggregate's state). */
typedef struct SurvWork
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		format;			/* SURV_WORK_FORMAT */
	uint8		mode;			/* SURV_MODE_* */
	uint8		unit_kind;		/* CX_UNIT_* */
	uint8		reserved;		/* always zero */
	int32		npoints;		/* distinct durations in use */
	int64		unit_amount;
	int64		total;			/* customers counted */
	int64		cap;			/* slots (dense) or points (sparse) */
	/* dense: CxSurvDenseSlot[cap]; sparse: CxSurvPoint[cap], npoints used */
	int64		data[FLEXIBLE_ARRAY_MEMBER];
} SurvWork;

#define WORK_SLOTS(w)	((CxSurvDenseSlot *) (w)->data)
#define WORK_POINTS(w)	((CxSurvPoint *) (w)->data)

/* Size of a working form of cap slots or points. */
static inline Size
work_size(int mode, int64 cap)
{
	return offsetof(SurvWork, data) +
		(Size) cap * (mode == SURV_MODE_DENSE ? sizeof(CxSurvDenseSlot) :
					  sizeof(CxSurvPoint));
}

/* A summary read for an accessor: its unit and its canonical points. */
typedef struct SurvView
{
	CxDurationUnit unit;
	CxSurvPoint *pts;
	size_t		m;
	int64		customers;
	int64		events;
} SurvView;

/* ----------------------------------------------------------------
 * Errors
 * ----------------------------------------------------------------
 */

/* Report a damaged survival summary (XX001). */
cx_noreturn static void
surv_damaged(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("invalid %s value", SURV_TYPNAME),
			 errdetail("%s", detail),
			 errhint("Values of %s are made by its aggregates and input functions; this one was damaged.",
					 SURV_TYPNAME)));
}

/* 22023 for a summary over the distinct-duration bound. */
cx_noreturn static void
surv_too_many(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("survival summary has more than %d distinct durations",
					CX_SURV_MAX_POINTS),
			 errdetail("A survival summary keeps the counts of at most %d distinct durations.",
					   CX_SURV_MAX_POINTS),
			 errhint("Use a coarser unit, for example '1 week' or '1 month' instead of '1 day'.")));
}

/* Raise for a status of the math layer met while counting or merging. */
cx_noreturn static void
surv_status_error(CxSurvStatus st)
{
	if (st == CX_SURV_ERR_TOO_MANY)
		surv_too_many();
	if (st == CX_SURV_ERR_OVERFLOW)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("survival summary count out of range"),
				 errdetail("A survival summary counts at most " INT64_FORMAT " customers.",
						   (int64) CX_SURV_MAX_COUNT)));
	surv_damaged(cx_surv_status_text(st));
}

/* "1 day", "3 mons", as interval_out prints a unit. */
static char *
unit_text(const CxDurationUnit *u)
{
	return DatumGetCString(DirectFunctionCall1(interval_out,
											   IntervalPGetDatum(cx_duration_unit_interval(u))));
}

/* 22023 unless two summaries have the same unit. */
static void
check_same_unit(const CxDurationUnit *a, const CxDurationUnit *b,
				const char *what)
{
	if (a->kind != b->kind || a->amount != b->amount)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot %s survival summaries with different units", what),
				 errdetail("One summary counts durations in units of '%s', the other in units of '%s'.",
						   unit_text(a), unit_text(b)),
				 errhint("Build the summaries with the same unit argument of survival_agg.")));
}

/* Whether a unit read from a value is one survival_agg can make. */
static bool
unit_storable(int kind, int64 amount)
{
	if (kind == CX_UNIT_MONTHS || kind == CX_UNIT_DAYS)
		return amount >= 1 && amount <= PG_INT32_MAX;
	return kind == CX_UNIT_US && amount >= 1 && amount <= CX_SURV_MAX_UNIT_AMOUNT;
}

/* ----------------------------------------------------------------
 * The two forms
 * ----------------------------------------------------------------
 */

/* Whether v is a working form whose slots may be indexed (cheap check). */
static inline bool
work_header_ok(const struct varlena *v)
{
	const SurvWork *w = (const SurvWork *) v;

	return VARSIZE(v) >= offsetof(SurvWork, data) &&
		w->format == SURV_WORK_FORMAT &&
		(w->mode == SURV_MODE_DENSE || w->mode == SURV_MODE_SPARSE) &&
		w->cap >= 1 &&
		w->cap <= (w->mode == SURV_MODE_DENSE ? CX_SURV_MAX_DENSE_SPAN : CX_SURV_MAX_POINTS) &&
		VARSIZE(v) == work_size(w->mode, w->cap) &&
		w->npoints >= 0 && w->npoints <= w->cap && w->npoints <= CX_SURV_MAX_POINTS;
}

/* Whether v is a packed summary with a header to read (cheap check). */
static inline bool
packed_header_ok(const struct varlena *v)
{
	const uint8 *b = (const uint8 *) VARDATA(v);

	return VARSIZE(v) >= VARHDRSZ + 5 && b[0] == CX_SURV_FORMAT_VERSION &&
		b[1] == 0;
}

/* Either form (what every reader relies on before decoding). */
static bool
surv_header_ok(const struct varlena *v)
{
	return VARSIZE(v) > VARHDRSZ &&
		(packed_header_ok(v) || work_header_ok(v));
}

/*
 * Decodes a summary of either form into its canonical points (palloc'd
 * unless the sparse working form's own list serves), validating every
 * field; false with a reason when invalid.
 */
static bool
surv_decode(const struct varlena *v, SurvView *out, const char **why)
{
	CxSurvStatus st;

	if (packed_header_ok(v))
	{
		const uint8 *b = (const uint8 *) VARDATA(v);
		size_t		len = VARSIZE(v) - VARHDRSZ;
		CxSurvHeader hdr;

		st = cx_surv_decode_header(b, len, &hdr);
		if (st == CX_SURV_OK)
		{
			out->pts = palloc(sizeof(CxSurvPoint) * Max(hdr.m, 1));
			st = cx_surv_decode(b, len, &hdr, out->pts, hdr.m);
		}
		if (st != CX_SURV_OK)
		{
			*why = psprintf("The packed form is invalid: %s.", cx_surv_status_text(st));
			return false;
		}
		out->m = hdr.m;
		out->unit.kind = hdr.unit_kind;
		out->unit.amount = hdr.unit_amount;
	}
	else if (work_header_ok(v))
	{
		const SurvWork *w = (const SurvWork *) v;

		if (w->reserved != 0)
		{
			*why = "Reserved bytes are not zero.";
			return false;
		}
		out->unit.kind = w->unit_kind;
		out->unit.amount = w->unit_amount;
		if (w->mode == SURV_MODE_DENSE)
		{
			out->pts = palloc(sizeof(CxSurvPoint) * Max(w->npoints, 1));
			st = cx_surv_from_dense(WORK_SLOTS(w), (size_t) w->cap, out->pts,
									(size_t) w->npoints, &out->m);
			if (st == CX_SURV_ERR_TOO_MANY)
				st = CX_SURV_ERR_COUNT;		/* more slots used than npoints */
		}
		else
		{
			out->pts = WORK_POINTS(w);
			out->m = (size_t) w->npoints;
			st = CX_SURV_OK;
		}
		if (st == CX_SURV_OK && out->m != (size_t) w->npoints)
			st = CX_SURV_ERR_COUNT;
		if (st != CX_SURV_OK)
		{
			*why = psprintf("The working form is invalid: %s.", cx_surv_status_text(st));
			return false;
		}
	}
	else
	{
		*why = "Unknown format version.";
		return false;
	}
	if (!unit_storable(out->unit.kind, out->unit.amount))
	{
		*why = "The unit is out of range.";
		return false;
	}
	st = cx_surv_validate(out->pts, out->m, &out->customers, &out->events);
	if (st != CX_SURV_OK)
	{
		*why = psprintf("The counts are invalid: %s.", cx_surv_status_text(st));
		return false;
	}
	if (work_header_ok(v) && ((const SurvWork *) v)->total != out->customers)
	{
		*why = "The working form's total does not match its counts.";
		return false;
	}
	return true;
}

/* CxVarType validate: full decode of a private copy. */
static bool
surv_validate(struct varlena *v, const char **why)
{
	SurvView	view;

	return surv_decode(v, &view, why);
}

static const CxVarType surv_type = {SURV_TYPNAME, surv_header_ok, surv_validate};

/* A summary datum (an array element, say), decoded (XX001 when damaged). */
static void
surv_view_datum(Datum d, SurvView *view)
{
	struct varlena *v = PG_DETOAST_DATUM(d);
	const char *why = NULL;

	if (!surv_header_ok(v))
		surv_damaged("The value's size or header does not match its format version.");
	if (!surv_decode(v, view, &why))
		surv_damaged(why);
}

/* The summary in argument argno, decoded (XX001 when damaged). */
static void
surv_view_arg(FunctionCallInfo fcinfo, int argno, SurvView *view)
{
	struct varlena *v = cx_summary_arg(fcinfo, argno, surv_header_ok, &surv_type);
	const char *why = NULL;

	if (!surv_decode(v, view, &why))
		surv_damaged(why);
}

/* The packed varlena of valid points and a unit, in the current context. */
static struct varlena *
surv_pack(const CxSurvPoint *pts, size_t m, const CxDurationUnit *unit)
{
	size_t		len = cx_surv_encode(pts, m, (CxSurvUnitKind) unit->kind,
									 unit->amount, NULL, 0);
	struct varlena *v;

	if (len == 0)
		elog(ERROR, "survival summary does not encode");
	v = palloc(VARHDRSZ + len);
	SET_VARSIZE(v, VARHDRSZ + len);
	if (cx_surv_encode(pts, m, (CxSurvUnitKind) unit->kind, unit->amount,
					   (uint8 *) VARDATA(v), len) != len)
		elog(ERROR, "survival summary encodes inconsistently");
	return v;
}

/* A new, empty working form (zeroed slots) in the current context. */
static SurvWork *
work_new(int mode, int64 cap, const CxDurationUnit *unit)
{
	Size		size = work_size(mode, cap);
	SurvWork   *w = palloc0(size);

	SET_VARSIZE(w, size);
	w->format = SURV_WORK_FORMAT;
	w->mode = (uint8) mode;
	w->unit_kind = (uint8) unit->kind;
	w->unit_amount = unit->amount;
	w->cap = cap;
	return w;
}

/* Smallest power of two >= n (n <= 2^40). */
static int64
pow2_at_least(int64 n)
{
	int64		c = 1;

	while (c < n)
		c <<= 1;
	return c;
}

/*
 * The working form w with room for duration t: w itself when it has room,
 * else a larger copy (dense slots doubled at least, or a switch to the
 * sparse list when t is beyond the dense span).  Out of line: rare.
 */
static pg_noinline SurvWork *
work_make_room(SurvWork *w, int64 t)
{
	CxDurationUnit unit;
	SurvWork   *n;

	unit.kind = w->unit_kind;
	unit.amount = w->unit_amount;
	if (w->mode == SURV_MODE_DENSE)
	{
		if (t < w->cap)
			return w;
		if (t < CX_SURV_MAX_DENSE_SPAN)
		{
			int64		cap = Max(pow2_at_least(t + 1), 2 * w->cap);

			cap = Min(cap, CX_SURV_MAX_DENSE_SPAN);
			n = work_new(SURV_MODE_DENSE, cap, &unit);
			memcpy(WORK_SLOTS(n), WORK_SLOTS(w), sizeof(CxSurvDenseSlot) * w->cap);
		}
		else
		{
			size_t		m;
			CxSurvStatus st;

			n = work_new(SURV_MODE_SPARSE,
						 Min(Max(2 * (int64) w->npoints + 1, SURV_SPARSE_MIN),
							 CX_SURV_MAX_POINTS), &unit);
			st = cx_surv_from_dense(WORK_SLOTS(w), (size_t) w->cap,
									WORK_POINTS(n), (size_t) n->cap, &m);
			if (st != CX_SURV_OK)
				surv_status_error(st);
			Assert(m == (size_t) w->npoints);
		}
	}
	else
	{
		/* a sparse list grows only when full */
		if (w->npoints < w->cap)
			return w;
		if (w->cap >= CX_SURV_MAX_POINTS)
			surv_too_many();
		n = work_new(SURV_MODE_SPARSE, Min(2 * w->cap, CX_SURV_MAX_POINTS), &unit);
		memcpy(WORK_POINTS(n), WORK_POINTS(w), sizeof(CxSurvPoint) * w->npoints);
	}
	n->npoints = w->npoints;
	n->total = w->total;
	return n;
}

/*
 * Adds d events and c censorings at t (d + c >= 1) to the working form,
 * returning it or its grown copy.  O(1) in dense mode.
 */
static inline SurvWork *
work_add(SurvWork *w, int64 t, int64 d, int64 c)
{
	if (unlikely(w->mode != SURV_MODE_DENSE || t >= w->cap))
	{
		w = work_make_room(w, t);
		if (w->mode == SURV_MODE_SPARSE)
		{
			size_t		m = (size_t) w->npoints;
			CxSurvStatus st = cx_surv_add(WORK_POINTS(w), &m, (size_t) w->cap,
										  &w->total, t, d, c);

			if (st != CX_SURV_OK)
				surv_status_error(st);
			w->npoints = (int32) m;
			return w;
		}
	}
	if (unlikely(w->total > CX_SURV_MAX_COUNT - (d + c)))
		surv_status_error(CX_SURV_ERR_OVERFLOW);
	{
		CxSurvDenseSlot *s = &WORK_SLOTS(w)[t];

		if (s->events == 0 && s->censored == 0)
		{
			if (unlikely(w->npoints >= CX_SURV_MAX_POINTS))
				surv_too_many();
			w->npoints++;
		}
		s->events += d;
		s->censored += c;
	}
	w->total += d + c;
	return w;
}

/*
 * Removes d events and c censorings at t (the exact window inverse); false,
 * with nothing changed, when the state does not hold them.
 */
static bool
work_remove(SurvWork *w, int64 t, int64 d, int64 c)
{
	if (w->mode == SURV_MODE_DENSE)
	{
		CxSurvDenseSlot *s;

		if (t >= w->cap || WORK_SLOTS(w)[t].events < d ||
			WORK_SLOTS(w)[t].censored < c)
			return false;
		s = &WORK_SLOTS(w)[t];
		s->events -= d;
		s->censored -= c;
		if (s->events == 0 && s->censored == 0)
			w->npoints--;
		w->total -= d + c;
	}
	else
	{
		size_t		m = (size_t) w->npoints;

		if (cx_surv_remove(WORK_POINTS(w), &m, &w->total, t, d, c) != CX_SURV_OK)
			return false;
		w->npoints = (int32) m;
	}
	return true;
}

/* Adds a valid point list into the working form (returns it or its copy). */
static SurvWork *
work_add_points(SurvWork *w, const CxSurvPoint *pts, size_t m)
{
	size_t		i;

	if (m == 0)
		return w;
	if (w->mode == SURV_MODE_DENSE)
		w = work_make_room(w, pts[m - 1].t);
	for (i = 0; i < m; i++)
		w = work_add(w, pts[i].t, pts[i].events, pts[i].censored);
	return w;
}

/* A working copy of any summary in argument argno. */
static SurvWork *
work_from_arg(FunctionCallInfo fcinfo, int argno)
{
	SurvView	view;
	SurvWork   *w;

	surv_view_arg(fcinfo, argno, &view);
	w = work_new(SURV_MODE_DENSE, SURV_DENSE_MIN, &view.unit);
	return work_add_points(w, view.pts, view.m);
}

/*
 * The state in argument argno, ready for an in-place update: the working
 * form itself inside an aggregate (checked as cx_state_arg checks), else
 * a working copy of whatever it is (a packed value, say rollup's first).
 */
static inline SurvWork *
work_state(FunctionCallInfo fcinfo, int argno)
{
	Pointer		p = PG_GETARG_POINTER(argno);

	if (likely(cx_in_aggregate(fcinfo) && VARATT_IS_4B_U(p) &&
			   work_header_ok((const struct varlena *) p)))
		return (SurvWork *) p;
	return work_from_arg(fcinfo, argno);
}

/* The packed form of any summary in argument argno. */
static struct varlena *
packed_arg(FunctionCallInfo fcinfo, int argno)
{
	struct varlena *v = cx_summary_arg(fcinfo, argno, surv_header_ok, &surv_type);
	SurvView	view;
	const char *why = NULL;

	if (!surv_decode(v, &view, &why))
		surv_damaged(why);
	if (packed_header_ok(v))
		return v;
	return surv_pack(view.pts, view.m, &view.unit);
}

/*
 * Returns a state: the working form itself to an aggregate, the packed form
 * to any other caller (a direct call has no use for the slots, and a value
 * should have one form: input(output(v)) is v byte for byte).
 */
static Datum
work_return(FunctionCallInfo fcinfo, SurvWork *w)
{
	SurvView	view;
	const char *why = NULL;

	if (cx_in_aggregate(fcinfo))
		PG_RETURN_POINTER(w);
	if (!surv_decode((struct varlena *) w, &view, &why))
		elog(ERROR, "survival working form does not decode: %s", why);
	PG_RETURN_POINTER(surv_pack(view.pts, view.m, &view.unit));
}

/* ----------------------------------------------------------------
 * survival_agg
 * ----------------------------------------------------------------
 */

/*
 * The as_of and unit arguments of a call site, decoded once per distinct
 * value (usually constants).
 */
typedef struct SurvArgCache
{
	bool		valid;
	int64		as_of;
	Interval	unit_iv;
	CxDurationUnit unit;
	CxDurationEnd as_of_end;
} SurvArgCache;

static const Interval one_day = {0, 1, 0};

/* Decode as_of and unit into the call site's cache. */
static pg_noinline void
surv_args_refresh(FunctionCallInfo fcinfo, SurvArgCache *c, int kind,
				  int64 as_of, const Interval *iv)
{
	if (as_of < CX_BOUND_MIN || as_of > CX_BOUND_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("survival as_of must be finite"),
				 errdetail("as_of is the instant at which customers still there are censored; it must lie between 0001-01-01 and 294276-12-31.")));
	cx_duration_unit(iv, "survival unit", &c->unit);
	c->as_of = as_of;
	c->unit_iv = *iv;
	cx_duration_end(kind, as_of, c->unit.kind, &c->as_of_end);
	c->valid = true;
	(void) fcinfo;
}

/*
 * The duration and outcome of the customer in arguments 1..2 with as_of
 * in 3 and the unit in 4 (when given): false when the row is skipped.
 */
static inline bool
surv_row(FunctionCallInfo fcinfo, int kind, SurvArgCache **cachep,
		 int64 *t, bool *event)
{
	SurvArgCache *c = (SurvArgCache *) fcinfo->flinfo->fn_extra;
	const Interval *iv = &one_day;
	int64		as_of;
	int64		st;
	int64		en;
	CxDurationEnd se;
	CxDurationEnd ee;
	const CxDurationEnd *endp;
	int64		n;

	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("survival as_of must not be NULL"),
				 errhint("Pass the instant of the data (customers still there are censored at it) as a constant.")));
	if (PG_NARGS() > 4)
	{
		if (PG_ARGISNULL(4))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("survival unit must not be NULL"),
					 errhint("Pass the unit as a constant interval, for example '1 day' or '1 month'.")));
		iv = PG_GETARG_INTERVAL_P(4);
	}
	as_of = kind == CX_KIND_DATE ? cx_date_us(PG_GETARG_DATEADT(3)) : PG_GETARG_TIMESTAMP(3);
	if (unlikely(c == NULL))
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(SurvArgCache));
		fcinfo->flinfo->fn_extra = c;
	}
	if (unlikely(!c->valid || c->as_of != as_of || c->unit_iv.time != iv->time ||
				 c->unit_iv.day != iv->day || c->unit_iv.month != iv->month))
		surv_args_refresh(fcinfo, c, kind, as_of, iv);
	*cachep = c;

	if (!cx_customer_args(fcinfo, 1, kind, &st, &en))
		return false;			/* started_at NULL */
	if (st > as_of)
		return false;			/* not yet a customer at as_of */
	if (unlikely(st < CX_BOUND_MIN))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("survival started_at is out of range"),
				 errdetail("A customer row has started_at -infinity or before 0001-01-01.")));
	*event = en <= as_of;
	if (!*event)
		en = as_of;
	if (c->unit.kind == CX_UNIT_DAYS && kind != CX_KIND_TSTZ)
		n = (en - st) / USECS_PER_DAY / c->unit.amount;	/* the common case */
	else
	{
		cx_duration_end(kind, st, c->unit.kind, &se);
		if (*event)
		{
			cx_duration_end(kind, en, c->unit.kind, &ee);
			endp = &ee;
		}
		else
			endp = &c->as_of_end;
		n = cx_duration_units(&se, endp, &c->unit, st, en);
	}
	if (unlikely(n > CX_SURV_MAX_DURATION))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("survival duration of " INT64_FORMAT " units is out of range", n),
				 errdetail("A duration is at most %d units.", (int) CX_SURV_MAX_DURATION),
				 errhint("Use a coarser unit.")));
	*t = n;
	return true;
}

/* Transition (delta = +1) and window inverse (delta = -1). */
static inline Datum
surv_transfn(FunctionCallInfo fcinfo, int kind, int delta)
{
	SurvArgCache *c;
	SurvWork   *w;
	int64		t;
	bool		event;
	bool		counted = surv_row(fcinfo, kind, &c, &t, &event);

	if (PG_ARGISNULL(0))
	{
		if (delta < 0)
			PG_RETURN_NULL();	/* nothing to undo: restart the frame */
		/* per-row context: the executor keeps its own copy (see scale.c) */
		w = work_new(SURV_MODE_DENSE,
					 counted && t < CX_SURV_MAX_DENSE_SPAN ?
					 Max(pow2_at_least(t + 1), SURV_DENSE_MIN) : SURV_DENSE_MIN,
					 &c->unit);
	}
	else
	{
		w = work_state(fcinfo, 0);
		if (unlikely(w->unit_kind != c->unit.kind || w->unit_amount != c->unit.amount))
		{
			CxDurationUnit wu;

			wu.kind = w->unit_kind;
			wu.amount = w->unit_amount;
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("survival unit changed within a group"),
					 errdetail("The group's summary counts in units of '%s'; a later row asks for '%s'.",
							   unit_text(&wu), unit_text(&c->unit)),
					 errhint("Pass the unit as a constant.")));
		}
	}
	if (counted)
	{
		if (delta > 0)
			w = work_add(w, t, event ? 1 : 0, event ? 0 : 1);
		else if (!work_remove(w, t, event ? 1 : 0, event ? 0 : 1))
			PG_RETURN_NULL();	/* cannot undo: restart the frame */
	}
	return work_return(fcinfo, w);
}

PG_FUNCTION_INFO_V1(cxkpi_survival_transfn_date);
PG_FUNCTION_INFO_V1(cxkpi_survival_transfn_ts);
PG_FUNCTION_INFO_V1(cxkpi_survival_transfn_tstz);
PG_FUNCTION_INFO_V1(cxkpi_survival_invfn_date);
PG_FUNCTION_INFO_V1(cxkpi_survival_invfn_ts);
PG_FUNCTION_INFO_V1(cxkpi_survival_invfn_tstz);

/* survival_agg(date, date, date [, interval]) transition */
Datum
cxkpi_survival_transfn_date(PG_FUNCTION_ARGS)
{
	return surv_transfn(fcinfo, CX_KIND_DATE, 1);
}

/* survival_agg(timestamp, timestamp, timestamp [, interval]) transition */
Datum
cxkpi_survival_transfn_ts(PG_FUNCTION_ARGS)
{
	return surv_transfn(fcinfo, CX_KIND_TS, 1);
}

/* survival_agg(timestamptz, ...) transition (STABLE: local calendar) */
Datum
cxkpi_survival_transfn_tstz(PG_FUNCTION_ARGS)
{
	return surv_transfn(fcinfo, CX_KIND_TSTZ, 1);
}

/* survival_agg(date, ...) window inverse */
Datum
cxkpi_survival_invfn_date(PG_FUNCTION_ARGS)
{
	return surv_transfn(fcinfo, CX_KIND_DATE, -1);
}

/* survival_agg(timestamp, ...) window inverse */
Datum
cxkpi_survival_invfn_ts(PG_FUNCTION_ARGS)
{
	return surv_transfn(fcinfo, CX_KIND_TS, -1);
}

/* survival_agg(timestamptz, ...) window inverse (STABLE) */
Datum
cxkpi_survival_invfn_tstz(PG_FUNCTION_ARGS)
{
	return surv_transfn(fcinfo, CX_KIND_TSTZ, -1);
}

/* ----------------------------------------------------------------
 * Merge, final, equality
 * ----------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(cxkpi_survival_combine);
PG_FUNCTION_INFO_V1(cxkpi_survival_rollup_inv);
PG_FUNCTION_INFO_V1(cxkpi_survival_final);
PG_FUNCTION_INFO_V1(cxkpi_survival_add);
PG_FUNCTION_INFO_V1(cxkpi_survival_eq);
PG_FUNCTION_INFO_V1(cxkpi_survival_ne);
PG_FUNCTION_INFO_V1(cxkpi_survival_hash);

/*
 * The combine function and rollup()'s transition: the working form of
 * a + b (a updated in place inside an aggregate).
 */
Datum
cxkpi_survival_combine(PG_FUNCTION_ARGS)
{
	SurvWork   *a = work_state(fcinfo, 0);
	SurvView	b;
	CxDurationUnit ua;

	surv_view_arg(fcinfo, 1, &b);
	ua.kind = a->unit_kind;
	ua.amount = a->unit_amount;
	check_same_unit(&ua, &b.unit, "combine");
	return work_return(fcinfo, work_add_points(a, b.pts, b.m));
}

/* rollup()'s window inverse: a - b, exact (NULL restarts the frame). */
Datum
cxkpi_survival_rollup_inv(PG_FUNCTION_ARGS)
{
	SurvWork   *a = work_state(fcinfo, 0);
	SurvView	b;
	CxDurationUnit ua;
	size_t		i;

	surv_view_arg(fcinfo, 1, &b);
	ua.kind = a->unit_kind;
	ua.amount = a->unit_amount;
	check_same_unit(&ua, &b.unit, "combine");
	/* a state that returns NULL is discarded: a partial removal is harmless */
	for (i = 0; i < b.m; i++)
		if (!work_remove(a, b.pts[i].t, b.pts[i].events, b.pts[i].censored))
			PG_RETURN_NULL();	/* cannot undo: restart the frame */
	return work_return(fcinfo, a);
}

/* Final function of survival_agg and rollup: the packed form. */
Datum
cxkpi_survival_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(packed_arg(fcinfo, 0));
}

/* a + b, packed (the operator). */
Datum
cxkpi_survival_add(PG_FUNCTION_ARGS)
{
	SurvView	a;
	SurvView	b;
	CxSurvPoint *out;
	size_t		n;
	CxSurvStatus st;

	surv_view_arg(fcinfo, 0, &a);
	surv_view_arg(fcinfo, 1, &b);
	check_same_unit(&a.unit, &b.unit, "add");
	out = palloc(sizeof(CxSurvPoint) * Max(a.m + b.m, 1));
	st = cx_surv_merge(a.pts, a.m, b.pts, b.m, out, a.m + b.m, &n);
	if (st != CX_SURV_OK)
		surv_status_error(st);
	PG_RETURN_POINTER(surv_pack(out, n, &a.unit));
}

/* Equality of the canonical packed forms. */
static bool
surv_equal(FunctionCallInfo fcinfo)
{
	struct varlena *a = packed_arg(fcinfo, 0);
	struct varlena *b = packed_arg(fcinfo, 1);

	return VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0;
}

/* a = b */
Datum
cxkpi_survival_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(surv_equal(fcinfo));
}

/* a <> b */
Datum
cxkpi_survival_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!surv_equal(fcinfo));
}

/* Hash consistent with "=": of the packed bytes. */
Datum
cxkpi_survival_hash(PG_FUNCTION_ARGS)
{
	struct varlena *v = packed_arg(fcinfo, 0);

	PG_RETURN_INT32((int32) hash_bytes((const unsigned char *) VARDATA(v),
									   VARSIZE(v) - VARHDRSZ));
}

/* ----------------------------------------------------------------
 * Text and binary I/O
 * ----------------------------------------------------------------
 */

#define SURV_TEXT_FORMAT "v1;<days|months|us>=AMOUNT;points=T:EVENTS:CENSORED,... (durations increasing)"

PG_FUNCTION_INFO_V1(cxkpi_survival_in);
PG_FUNCTION_INFO_V1(cxkpi_survival_out);
PG_FUNCTION_INFO_V1(cxkpi_survival_recv);
PG_FUNCTION_INFO_V1(cxkpi_survival_send);

static const char *const unit_keys[] = {NULL, "months=", "days=", "us="};

/* A number in canonical form (no sign, no leading zero) within [lo, hi]. */
static bool
scan_number(const char **p, int64 lo, int64 hi, int64 *v)
{
	if (**p == '0' && cx_is_digit((*p)[1]))
		return false;
	return cx_scan_int64(p, lo, hi, v) == CX_SCAN_OK;
}

/* survival_summary text input: the canonical form, validated. */
Datum
cxkpi_survival_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	const char *p = str;
	CxDurationUnit unit;
	int64		amount;
	CxSurvPoint *pts;
	size_t		m = 0;
	size_t		cap = 1;
	int			k;
	CxSurvStatus st;

	if (!cx_scan_literal(&p, "v1;"))
		cx_syntax_error(SURV_TYPNAME, str, "Expected the form " SURV_TEXT_FORMAT ".");
	for (k = CX_UNIT_MONTHS; k <= CX_UNIT_US; k++)
		if (cx_scan_literal(&p, unit_keys[k]))
			break;
	if (k > CX_UNIT_US)
		cx_syntax_error(SURV_TYPNAME, str, "Expected the unit as days=N, months=N or us=N after \"v1;\".");
	if (!scan_number(&p, 1, k == CX_UNIT_US ? CX_SURV_MAX_UNIT_AMOUNT : PG_INT32_MAX,
					 &amount))
		cx_syntax_error(SURV_TYPNAME, str,
						k == CX_UNIT_US ? "The unit amount must be an integer from 1 to 4611686018427387904, without leading zeros." :
						"The unit amount must be an integer from 1 to 2147483647, without leading zeros.");
	unit.kind = k;
	unit.amount = amount;
	if (!cx_scan_literal(&p, ";points="))
		cx_syntax_error(SURV_TYPNAME, str, "Expected \";points=\" after the unit.");
	for (const char *q = p; *q; q++)
		if (*q == ',')
			cap++;
	if (cap > CX_SURV_MAX_POINTS)
		cx_syntax_error(SURV_TYPNAME, str, "A survival summary has at most 100000 points.");
	pts = palloc(sizeof(CxSurvPoint) * cap);
	if (*p != '\0')
	{
		for (;;)
		{
			CxSurvPoint *pt = &pts[m];

			if (!scan_number(&p, 0, CX_SURV_MAX_DURATION, &pt->t) ||
				!cx_scan_literal(&p, ":") ||
				!scan_number(&p, 0, CX_SURV_MAX_COUNT, &pt->events) ||
				!cx_scan_literal(&p, ":") ||
				!scan_number(&p, 0, CX_SURV_MAX_COUNT, &pt->censored))
				cx_syntax_error(SURV_TYPNAME, str,
								"Each point is T:EVENTS:CENSORED, with T from 0 to 2147483647 and counts from 0 to 4611686018427387904, without leading zeros.");
			m++;
			if (*p == '\0')
				break;
			if (!cx_scan_literal(&p, ","))
				cx_syntax_error(SURV_TYPNAME, str, "Unexpected text after a point (points are separated by commas).");
		}
	}
	st = cx_surv_validate(pts, m, NULL, NULL);
	if (st != CX_SURV_OK)
		cx_syntax_error(SURV_TYPNAME, str,
						st == CX_SURV_ERR_UNSORTED ? "Durations must strictly increase." :
						st == CX_SURV_ERR_COUNT ? "Each point must count at least one event or censoring." :
						st == CX_SURV_ERR_OVERFLOW ? "The summary counts more than 4611686018427387904 customers." :
						cx_surv_status_text(st));
	PG_RETURN_POINTER(surv_pack(pts, m, &unit));
}

/* survival_summary text output (canonical) */
Datum
cxkpi_survival_out(PG_FUNCTION_ARGS)
{
	SurvView	v;
	StringInfoData buf;
	size_t		i;

	surv_view_arg(fcinfo, 0, &v);
	initStringInfo(&buf);
	appendStringInfo(&buf, "v1;%s" INT64_FORMAT ";points=", unit_keys[v.unit.kind],
					 v.unit.amount);
	for (i = 0; i < v.m; i++)
		appendStringInfo(&buf, "%s" INT64_FORMAT ":" INT64_FORMAT ":" INT64_FORMAT,
						 i ? "," : "", v.pts[i].t, v.pts[i].events, v.pts[i].censored);
	PG_RETURN_CSTRING(buf.data);
}

/* Binary form: the packed bytes of survival_math.h's layout, as stored. */
Datum
cxkpi_survival_send(PG_FUNCTION_ARGS)
{
	struct varlena *v = packed_arg(fcinfo, 0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, VARDATA(v), VARSIZE(v) - VARHDRSZ);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* survival_summary binary input, validated by the same decoder. */
Datum
cxkpi_survival_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = buf->len - buf->cursor;
	struct varlena *v;
	SurvView	view;
	const char *why = NULL;

	if (len < 5)
		cx_binary_error(SURV_TYPNAME, "The value is too short.");
	if ((uint8) buf->data[buf->cursor] != CX_SURV_FORMAT_VERSION)
		cx_binary_error(SURV_TYPNAME, "Unsupported format version.");
	v = palloc(VARHDRSZ + len);
	SET_VARSIZE(v, VARHDRSZ + len);
	pq_copymsgbytes(buf, VARDATA(v), len);
	if (!packed_header_ok(v) || !surv_decode(v, &view, &why))
		cx_binary_error(SURV_TYPNAME, why ? why : "Reserved bytes are not zero.");
	PG_RETURN_POINTER(v);
}

/* ----------------------------------------------------------------
 * Accessors
 * ----------------------------------------------------------------
 */

/* The interval type named by a text argument (22023 when unknown). */
static CxSurvCiType
ci_method_arg(FunctionCallInfo fcinfo, int argno)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	CxSurvCiType type;

	if (!cx_surv_ci_type_parse(name, &type))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown survival interval method \"%s\"", name),
				 errdetail("The methods are 'log-log' (the default), 'log' and 'plain', as R's survfit names them.")));
	return type;
}

/* The row of curve values at t of argument 1 (NULL result when unusable). */
static bool
surv_at_arg(FunctionCallInfo fcinfo, SurvView *v, CxSurvRow *row)
{
	double		t = PG_GETARG_FLOAT8(1);

	surv_view_arg(fcinfo, 0, v);
	if (isnan(t))
		return false;
	cx_surv_at(v->pts, v->m, t, row);
	return true;
}

PG_FUNCTION_INFO_V1(cxkpi_survival_at);
PG_FUNCTION_INFO_V1(cxkpi_survival_std_error);
PG_FUNCTION_INFO_V1(cxkpi_survival_ci_lower);
PG_FUNCTION_INFO_V1(cxkpi_survival_ci_upper);
PG_FUNCTION_INFO_V1(cxkpi_survival_at_risk);
PG_FUNCTION_INFO_V1(cxkpi_survival_events);
PG_FUNCTION_INFO_V1(cxkpi_survival_censored);
PG_FUNCTION_INFO_V1(cxkpi_survival_customers);
PG_FUNCTION_INFO_V1(cxkpi_survival_total_events);
PG_FUNCTION_INFO_V1(cxkpi_survival_total_censored);
PG_FUNCTION_INFO_V1(cxkpi_survival_unit);
PG_FUNCTION_INFO_V1(cxkpi_survival_median);
PG_FUNCTION_INFO_V1(cxkpi_survival_median_ci_lower);
PG_FUNCTION_INFO_V1(cxkpi_survival_median_ci_upper);
PG_FUNCTION_INFO_V1(cxkpi_survival_quantile);
PG_FUNCTION_INFO_V1(cxkpi_survival_rmean);
PG_FUNCTION_INFO_V1(cxkpi_survival_rmean_std_error);

/* survival(s, t): Kaplan-Meier S(t); NULL for an empty summary */
Datum
cxkpi_survival_at(PG_FUNCTION_ARGS)
{
	SurvView	v;
	CxSurvRow	row;
	double		s;

	if (!surv_at_arg(fcinfo, &v, &row) || v.customers == 0)
		PG_RETURN_NULL();
	s = row.surv;
	if (!cx_unit_interval(&s))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(s);
}

/* survival_std_error(s, t): Greenwood; NULL once S = 0 */
Datum
cxkpi_survival_std_error(PG_FUNCTION_ARGS)
{
	SurvView	v;
	CxSurvRow	row;
	double		se;

	if (!surv_at_arg(fcinfo, &v, &row) || v.customers == 0)
		PG_RETURN_NULL();
	se = cx_surv_std_error(row.surv, row.log_se);
	if (!cx_in_domain(&se, 0.0, DBL_MAX))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(se);
}

/* Pointwise interval at t of argument 1 (confidence 2, method 3). */
static bool
surv_ci_args(FunctionCallInfo fcinfo, double *lower, double *upper)
{
	double		confidence = PG_GETARG_FLOAT8(2);
	CxSurvCiType type = ci_method_arg(fcinfo, 3);
	SurvView	v;
	CxSurvRow	row;

	cx_check_confidence(confidence);
	if (!surv_at_arg(fcinfo, &v, &row) || v.customers == 0)
		return false;
	if (cx_surv_ci(row.surv, row.log_se, confidence, type, lower, upper) ==
		CX_SURV_CI_UNDEFINED)
		return false;
	return cx_interval_in_domain(lower, upper, 0.0, 1.0);
}

/* survival_ci_lower(s, t, confidence, method) */
Datum
cxkpi_survival_ci_lower(PG_FUNCTION_ARGS)
{
	double		lo;
	double		hi;

	if (!surv_ci_args(fcinfo, &lo, &hi))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(lo);
}

/* survival_ci_upper(s, t, confidence, method) */
Datum
cxkpi_survival_ci_upper(PG_FUNCTION_ARGS)
{
	double		lo;
	double		hi;

	if (!surv_ci_args(fcinfo, &lo, &hi))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(hi);
}

/* at_risk(s, t): customers with duration >= t */
Datum
cxkpi_survival_at_risk(PG_FUNCTION_ARGS)
{
	SurvView	v;
	CxSurvRow	row;

	if (!surv_at_arg(fcinfo, &v, &row))
		PG_RETURN_NULL();
	PG_RETURN_INT64(row.at_risk);
}

/* events(s, t): churn events at duration t */
Datum
cxkpi_survival_events(PG_FUNCTION_ARGS)
{
	SurvView	v;
	CxSurvRow	row;

	if (!surv_at_arg(fcinfo, &v, &row))
		PG_RETURN_NULL();
	PG_RETURN_INT64(row.events);
}

/* censored(s, t): censorings at duration t */
Datum
cxkpi_survival_censored(PG_FUNCTION_ARGS)
{
	SurvView	v;
	CxSurvRow	row;

	if (!surv_at_arg(fcinfo, &v, &row))
		PG_RETURN_NULL();
	PG_RETURN_INT64(row.censored);
}

/* customers(s) */
Datum
cxkpi_survival_customers(PG_FUNCTION_ARGS)
{
	SurvView	v;

	surv_view_arg(fcinfo, 0, &v);
	PG_RETURN_INT64(v.customers);
}

/* total_events(s) */
Datum
cxkpi_survival_total_events(PG_FUNCTION_ARGS)
{
	SurvView	v;

	surv_view_arg(fcinfo, 0, &v);
	PG_RETURN_INT64(v.events);
}

/* total_censored(s) */
Datum
cxkpi_survival_total_censored(PG_FUNCTION_ARGS)
{
	SurvView	v;

	surv_view_arg(fcinfo, 0, &v);
	PG_RETURN_INT64(v.customers - v.events);
}

/* survival_unit(s): the unit of the durations */
Datum
cxkpi_survival_unit(PG_FUNCTION_ARGS)
{
	SurvView	v;

	surv_view_arg(fcinfo, 0, &v);
	PG_RETURN_INTERVAL_P(cx_duration_unit_interval(&v.unit));
}

/* A lifetime in units, or NULL (NaN: the curve never gets there). */
static Datum
lifetime_result(FunctionCallInfo fcinfo, double x)
{
	if (!cx_in_domain(&x, 0.0, (double) CX_SURV_MAX_DURATION))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(x);
}

/* The median and its interval by print.survfit's rule (args 1, 2). */
static double
median_args(FunctionCallInfo fcinfo, double *lower, double *upper)
{
	SurvView	v;
	double		confidence = PG_NARGS() > 1 ? PG_GETARG_FLOAT8(1) : 0.95;
	CxSurvCiType type = PG_NARGS() > 2 ? ci_method_arg(fcinfo, 2) : CX_SURV_CI_LOGLOG;

	cx_check_confidence(confidence);
	surv_view_arg(fcinfo, 0, &v);
	if (v.customers == 0)
	{
		*lower = *upper = NAN;
		return NAN;
	}
	return cx_surv_quantile(v.pts, v.m, 0.5, CX_SURV_RULE_PRINT, confidence,
							type, lower, upper);
}

/* median_lifetime(s) */
Datum
cxkpi_survival_median(PG_FUNCTION_ARGS)
{
	SurvView	v;

	surv_view_arg(fcinfo, 0, &v);
	if (v.customers == 0)
		PG_RETURN_NULL();
	return lifetime_result(fcinfo, cx_surv_quantile(v.pts, v.m, 0.5, CX_SURV_RULE_PRINT,
													0.95, CX_SURV_CI_LOGLOG, NULL, NULL));
}

/* median_lifetime_ci_lower(s, confidence, method) */
Datum
cxkpi_survival_median_ci_lower(PG_FUNCTION_ARGS)
{
	double		lo;
	double		hi;

	(void) median_args(fcinfo, &lo, &hi);
	return lifetime_result(fcinfo, lo);
}

/* median_lifetime_ci_upper(s, confidence, method) */
Datum
cxkpi_survival_median_ci_upper(PG_FUNCTION_ARGS)
{
	double		lo;
	double		hi;

	(void) median_args(fcinfo, &lo, &hi);
	return lifetime_result(fcinfo, hi);
}

/* lifetime_quantile(s, p): by quantile.survfit's rule */
Datum
cxkpi_survival_quantile(PG_FUNCTION_ARGS)
{
	SurvView	v;
	double		p = PG_GETARG_FLOAT8(1);

	if (!(p >= 0.0 && p <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lifetime quantile probability %s is out of range",
						float8out_internal(p)),
				 errdetail("The probability is the share of customers gone by the lifetime, from 0 to 1 (0.5: the median).")));
	surv_view_arg(fcinfo, 0, &v);
	if (v.customers == 0)
		PG_RETURN_NULL();
	return lifetime_result(fcinfo, cx_surv_quantile(v.pts, v.m, p, CX_SURV_RULE_QUANTILE,
													0.95, CX_SURV_CI_LOGLOG, NULL, NULL));
}

/* The restricted mean of argument 0 up to the horizon in argument 1. */
static double
rmean_args(FunctionCallInfo fcinfo, double *se)
{
	SurvView	v;
	double		horizon = PG_GETARG_FLOAT8(1);

	if (!(horizon >= 0.0 && horizon <= (double) CX_SURV_MAX_DURATION))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("restricted mean horizon %s is out of range",
						float8out_internal(horizon)),
				 errdetail("The horizon is a duration in the summary's units, from 0 to 2147483647.")));
	surv_view_arg(fcinfo, 0, &v);
	if (v.customers == 0)
	{
		*se = NAN;
		return NAN;
	}
	return cx_surv_rmean(v.pts, v.m, horizon, se);
}

/* restricted_mean_lifetime(s, horizon): integral of S from 0 to horizon */
Datum
cxkpi_survival_rmean(PG_FUNCTION_ARGS)
{
	double		se;
	double		mean = rmean_args(fcinfo, &se);

	if (!cx_in_domain(&mean, 0.0, PG_GETARG_FLOAT8(1)))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(mean);
}

/* restricted_mean_lifetime_std_error(s, horizon): as print(survfit, rmean=) */
Datum
cxkpi_survival_rmean_std_error(PG_FUNCTION_ARGS)
{
	double		se;

	(void) rmean_args(fcinfo, &se);
	if (!cx_in_domain(&se, 0.0, DBL_MAX))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(se);
}

/* ----------------------------------------------------------------
 * Curve, tests, report, jsonb
 * ----------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(cxkpi_survival_curve);
PG_FUNCTION_INFO_V1(cxkpi_survival_p_value);
PG_FUNCTION_INFO_V1(cxkpi_survival_logrank_array);
PG_FUNCTION_INFO_V1(cxkpi_survival_report);
PG_FUNCTION_INFO_V1(cxkpi_survival_jsonb);

#define CURVE_NCOLS 8

/* survival_curve(s, confidence, method): one row per stored duration */
Datum
cxkpi_survival_curve(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	double		confidence = PG_GETARG_FLOAT8(1);
	CxSurvCiType type = ci_method_arg(fcinfo, 2);
	SurvView	v;
	CxSurvIter	it;
	CxSurvRow	row;
	double		z;

	cx_check_confidence(confidence);
	z = cx_z_for_confidence(confidence);
	surv_view_arg(fcinfo, 0, &v);
	InitMaterializedSRF(fcinfo, 0);
	cx_surv_iter_init(&it, v.pts, v.m);
	while (cx_surv_iter_next(&it, &row))
	{
		Datum		values[CURVE_NCOLS];
		bool		nulls[CURVE_NCOLS];
		double		s = row.surv;
		double		se = cx_surv_std_error(row.surv, row.log_se);
		double		lo;
		double		hi;

		memset(nulls, 0, sizeof(nulls));
		values[0] = Int32GetDatum((int32) row.t);
		values[1] = Int64GetDatum(row.at_risk);
		values[2] = Int64GetDatum(row.events);
		values[3] = Int64GetDatum(row.censored);
		nulls[4] = !cx_unit_interval(&s);
		values[4] = Float8GetDatum(s);
		nulls[5] = !cx_in_domain(&se, 0.0, DBL_MAX);
		values[5] = Float8GetDatum(se);
		if (cx_surv_ci_z(row.surv, row.log_se, z, type, &lo, &hi) == CX_SURV_CI_UNDEFINED ||
			!cx_interval_in_domain(&lo, &hi, 0.0, 1.0))
			nulls[6] = nulls[7] = true;
		values[6] = Float8GetDatum(lo);
		values[7] = Float8GetDatum(hi);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* p_value(a, b): two-sample log-rank test (survdiff, rho = 0) */
Datum
cxkpi_survival_p_value(PG_FUNCTION_ARGS)
{
	SurvView	a;
	SurvView	b;
	CxSurvLogrank res;
	double		p;

	surv_view_arg(fcinfo, 0, &a);
	surv_view_arg(fcinfo, 1, &b);
	check_same_unit(&a.unit, &b.unit, "compare");
	p = cx_surv_logrank2(a.pts, a.m, b.pts, b.m, &res);
	if (!cx_unit_interval(&p))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(p);
}

/* One group of a k-group test, for sorting. */
typedef struct LogrankGroup
{
	const CxSurvPoint *pts;
	size_t		m;
} LogrankGroup;

/* A total order of point lists (lexicographic), so the test is order-free. */
static int
logrank_group_cmp(const void *x, const void *y)
{
	const LogrankGroup *a = (const LogrankGroup *) x;
	const LogrankGroup *b = (const LogrankGroup *) y;
	size_t		i;

	for (i = 0; i < a->m && i < b->m; i++)
	{
		const CxSurvPoint *p = &a->pts[i];
		const CxSurvPoint *q = &b->pts[i];

		if (p->t != q->t)
			return p->t < q->t ? -1 : 1;
		if (p->events != q->events)
			return p->events < q->events ? -1 : 1;
		if (p->censored != q->censored)
			return p->censored < q->censored ? -1 : 1;
	}
	return a->m < b->m ? -1 : a->m > b->m ? 1 : 0;
}

/*
 * logrank_p_value(survival_summary[]): k-group log-rank test over the
 * non-NULL elements (also the final function of the aggregate of that
 * name, whose state is the array of the group summaries).
 */
Datum
cxkpi_survival_logrank_array(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	Datum	   *elems;
	bool	   *enulls;
	int			n;
	int			k = 0;
	int			i;
	const CxSurvPoint **groups;
	size_t	   *sizes;
	SurvView	first = {{0, 0}, NULL, 0, 0, 0};
	CxSurvLogrank res;
	double		p;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	get_typlenbyvalalign(ARR_ELEMTYPE(arr), &typlen, &typbyval, &typalign);
	deconstruct_array(arr, ARR_ELEMTYPE(arr), typlen, typbyval, typalign,
					  &elems, &enulls, &n);
	groups = palloc(sizeof(CxSurvPoint *) * Max(n, 1));
	sizes = palloc(sizeof(size_t) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		SurvView	v;

		if (enulls[i])
			continue;
		if (k >= CX_SURV_MAX_GROUPS)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("log-rank test over more than %d groups", CX_SURV_MAX_GROUPS),
					 errdetail("The k-group log-rank test compares at most %d summaries.",
							   CX_SURV_MAX_GROUPS)));
		surv_view_datum(elems[i], &v);
		if (k == 0)
			first = v;
		else
			check_same_unit(&first.unit, &v.unit, "compare");
		groups[k] = v.pts;
		sizes[k] = v.m;
		k++;
	}
	if (k < 2)
		PG_RETURN_NULL();

	/*
	 * The statistic does not depend on the order of the groups, but its
	 * rounding does: sort them, so that a parallel plan (which appends the
	 * groups in another order) gives the same bits.
	 */
	{
		LogrankGroup *lg = palloc(sizeof(LogrankGroup) * k);

		for (i = 0; i < k; i++)
		{
			lg[i].pts = groups[i];
			lg[i].m = sizes[i];
		}
		qsort(lg, k, sizeof(LogrankGroup), logrank_group_cmp);
		for (i = 0; i < k; i++)
		{
			groups[i] = lg[i].pts;
			sizes[i] = lg[i].m;
		}
	}
	p = cx_surv_logrank(groups, sizes, k, palloc(cx_surv_logrank_work_size(k)),
						NULL, NULL, &res);
	if (!cx_unit_interval(&p))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(p);
}

#define REPORT_NCOLS 7

/* survival_report(s, confidence, method): one typed row */
Datum
cxkpi_survival_report(PG_FUNCTION_ARGS)
{
	Datum		values[REPORT_NCOLS];
	bool		nulls[REPORT_NCOLS];
	double		lo;
	double		hi;
	double		med = median_args(fcinfo, &lo, &hi);
	SurvView	v;

	surv_view_arg(fcinfo, 0, &v);
	memset(nulls, 0, sizeof(nulls));
	values[0] = PointerGetDatum(cx_duration_unit_interval(&v.unit));
	values[1] = Int64GetDatum(v.customers);
	values[2] = Int64GetDatum(v.events);
	values[3] = Int64GetDatum(v.customers - v.events);
	nulls[4] = !cx_in_domain(&med, 0.0, (double) CX_SURV_MAX_DURATION);
	values[4] = Float8GetDatum(med);
	nulls[5] = !cx_in_domain(&lo, 0.0, (double) CX_SURV_MAX_DURATION);
	values[5] = Float8GetDatum(lo);
	nulls[6] = !cx_in_domain(&hi, 0.0, (double) CX_SURV_MAX_DURATION);
	values[6] = Float8GetDatum(hi);
	return cx_report_row(fcinfo, values, nulls, REPORT_NCOLS);
}

/*
 * survival_summary::jsonb: the unit, the totals, the median with its 95%
 * log-log interval and the curve (one object per stored duration).
 */
Datum
cxkpi_survival_jsonb(PG_FUNCTION_ARGS)
{
	SurvView	v;
	StringInfoData buf;
	double		lo = NAN;
	double		hi = NAN;
	double		med = NAN;
	CxSurvIter	it;
	CxSurvRow	row;
	bool		first = true;

	surv_view_arg(fcinfo, 0, &v);
	if (v.customers > 0)
		med = cx_surv_quantile(v.pts, v.m, 0.5, CX_SURV_RULE_PRINT, 0.95,
							   CX_SURV_CI_LOGLOG, &lo, &hi);
	initStringInfo(&buf);
	/* the unit spelled here, not by interval_out (IntervalStyle is a GUC) */
	appendStringInfo(&buf, "{\"unit\":\"" INT64_FORMAT " %s%s\"", v.unit.amount,
					 v.unit.kind == CX_UNIT_MONTHS ? "month" :
					 v.unit.kind == CX_UNIT_DAYS ? "day" : "microsecond",
					 v.unit.amount == 1 ? "" : "s");
	cx_json_int64(&buf, "customers", v.customers);
	cx_json_int64(&buf, "total_events", v.events);
	cx_json_int64(&buf, "total_censored", v.customers - v.events);
	cx_json_double(&buf, "median_lifetime", false, med);
	cx_json_double(&buf, "median_lifetime_ci_lower", false, lo);
	cx_json_double(&buf, "median_lifetime_ci_upper", false, hi);
	appendStringInfoString(&buf, ",\"curve\":[");
	cx_surv_iter_init(&it, v.pts, v.m);
	while (cx_surv_iter_next(&it, &row))
	{
		StringInfoData pt;

		initStringInfo(&pt);
		appendStringInfoChar(&pt, '{');
		cx_json_int64(&pt, "t", row.t);
		cx_json_int64(&pt, "at_risk", row.at_risk);
		cx_json_int64(&pt, "events", row.events);
		cx_json_int64(&pt, "censored", row.censored);
		cx_json_double(&pt, "survival", false, row.surv);
		cx_json_double(&pt, "std_error", false, cx_surv_std_error(row.surv, row.log_se));
		appendStringInfoChar(&pt, '}');
		appendStringInfo(&buf, "%s%s", first ? "" : ",", pt.data);
		pfree(pt.data);
		first = false;
	}
	appendStringInfoString(&buf, "]}");
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}
