/*
 * scale.h
 *	  The shared core of the survey families (NPS, CSAT, CES): a summary of
 *	  answers on a bounded integer scale.
 *
 * A summary holds, for every point of its scale, the number of answers and,
 * once any weight has been seen, the sum of weights and of squared weights.
 * That is enough to compute every KPI, share, mean, standard error and
 * test the families offer, and it merges by addition, so summaries roll up
 * exactly.
 *
 * In memory and on disk the summary is one fixed-layout varlena (280 bytes)
 * that is valid as an aggregate transition state: aggregates update it in
 * place, with no allocation per row.  Every byte is defined: slots beyond
 * the scale, the reserved word and the sums of unweighted summaries are
 * zero, so equal summaries have equal bytes and "=" is a memcmp.
 *
 * The binary (send/recv) form is independent of this layout: fields in
 * network byte order, only the scale's slots, sums only when weighted.
 * Both input paths check every field with cx_scale_validate().
 */
#ifndef CXKPI_SCALE_H
#define CXKPI_SCALE_H

#include "postgres.h"

#include <float.h>

#include "common/int.h"
#include "fmgr.h"

#include "cxkpi.h"

#define CX_MAX_POINTS		11
#define CX_FORMAT_VERSION	1

/* flags */
#define CX_FLAG_WEIGHTED	0x01
#define CX_FLAGS_KNOWN		(CX_FLAG_WEIGHTED)

/* family identifiers, stored in every summary */
#define CX_FAMILY_NPS		1
#define CX_FAMILY_CSAT		2
#define CX_FAMILY_CES		3
#define CX_FAMILY_RATE		4
/* the highest family id this build knows (ids run from 1 to it) */
#define CX_FAMILY_LAST		CX_FAMILY_RATE

/*
 * Limits that keep every derived total representable: a point holds at most
 * CX_MAX_COUNT answers (11 of them add up within int64) and weight sums of
 * at most CX_MAX_WEIGHT_SUM (11 of them stay finite).  A positive weight
 * lies in [CX_MIN_WEIGHT, CX_MAX_WEIGHT], so its square neither underflows
 * nor overflows.
 */
#define CX_MAX_COUNT		(PG_INT64_MAX / CX_MAX_POINTS)
#define CX_MAX_WEIGHT_SUM	(DBL_MAX / CX_MAX_POINTS)
#define CX_MIN_WEIGHT		1e-150
#define CX_MAX_WEIGHT		1e150

/* scale bounds accepted for configurable families */
#define CX_SCALE_MIN_BOUND	(-1000)
#define CX_SCALE_MAX_BOUND	1000

typedef struct CxScaleSummary
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* CX_FORMAT_VERSION */
	uint8		family;			/* CX_FAMILY_* */
	uint8		flags;			/* CX_FLAG_* */
	uint8		npoints;		/* points on the scale, 2..CX_MAX_POINTS */
	int16		scale_min;		/* lowest score */
	int16		cutoff;			/* lowest "good" score (satisfied/agree) */
	uint32		reserved;		/* always zero */
	int64		counts[CX_MAX_POINTS];	/* answers per scale point */
	float8		sumw[CX_MAX_POINTS];	/* sum of weights per point */
	float8		sumw2[CX_MAX_POINTS];	/* sum of squared weights per point */
} CxScaleSummary;

#define CX_SCALE_SIZE		((Size) sizeof(CxScaleSummary))

/* A point estimate with its (unadjusted) standard error. */
typedef struct CxEstimate
{
	double		value;
	double		se;
} CxEstimate;

/* A confidence interval. */
typedef struct CxInterval
{
	double		lower;
	double		upper;
	double		half;			/* margin of error */
} CxInterval;

/*
 * What a family adds to the core: its name, default scale and the rules of
 * its inference.  Functions return false where the value is NULL.
 */
typedef struct CxScaleFamily
{
	uint8		id;
	const char *typname;		/* SQL type name, for messages */
	const char *label;			/* "NPS", "CSAT", ... */
	bool		fixed_scale;	/* NPS: scale and cutoff are fixed */
	int16		scale_min;		/* default scale */
	int16		npoints;
	int16		cutoff;
	const char *cutoff_name;	/* "satisfied_min", "agree_min"; NULL if fixed */
	/*
	 * Default cutoff for a scale named without one (configurable families):
	 * a top-3 box on scales of at least top3_min_points points, a top-2 box
	 * on shorter ones, the top box on a 2-point scale (cx_scale_top_box).
	 */
	int16		top3_min_points;
	/* KPI estimate and its standard error (KPI units) */
	bool		(*estimate) (const CxScaleSummary *s, CxEstimate *e);
	/* confidence interval at a confidence level in (0, 1) */
	bool		(*interval) (const CxScaleSummary *s, double confidence,
							 CxInterval *ci);
	/* the KPI's domain, where every estimate and interval bound lies */
	void		(*domain) (const CxScaleSummary *s, double *lo, double *hi);
	/* two-sided p-value for a difference between a and b */
	bool		(*p_value) (const CxScaleSummary *a, const CxScaleSummary *b,
							double *p);
} CxScaleFamily;

extern const CxScaleFamily cx_nps_family;
extern const CxScaleFamily cx_csat_family;
extern const CxScaleFamily cx_ces_family;
extern const CxScaleFamily cx_rate_family;

extern const CxScaleFamily *cx_family_by_id(int id);
extern int	cx_scale_top_box(const CxScaleFamily *fam, int scale_min, int scale_max);

/* construction and row-level updates */
extern CxScaleSummary *cx_scale_new(const CxScaleFamily *fam, int scale_min,
									int npoints, int cutoff);
extern CxScaleSummary *cx_scale_new_in(MemoryContext cxt,
									   const CxScaleFamily *fam,
									   int scale_min, int npoints, int cutoff);
extern const CxVarType cx_scale_type;
extern const CxVarType cx_scale_read_type;
cx_noreturn extern void cx_scale_score_error(const CxScaleSummary *s, int32 score);
cx_noreturn extern void cx_scale_count_overflow(void);
extern void cx_scale_add_weighted_one(CxScaleSummary *s, int i);
extern void cx_scale_add_weighted(CxScaleSummary *s, int32 score, double w);
extern bool cx_scale_remove(CxScaleSummary *s, int32 score);
extern void cx_scale_merge(CxScaleSummary *dst, const CxScaleSummary *src);
extern bool cx_scale_unmerge(CxScaleSummary *dst, const CxScaleSummary *src);

/* derived quantities */
extern int64 cx_scale_responses(const CxScaleSummary *s);
extern int64 cx_scale_good_count(const CxScaleSummary *s);
extern double cx_scale_weight(const CxScaleSummary *s, int i);
extern double cx_scale_weight2(const CxScaleSummary *s, int i);
extern double cx_scale_total_weight(const CxScaleSummary *s);
extern bool cx_scale_effective_n(const CxScaleSummary *s, double *n);
extern bool cx_scale_mean(const CxScaleSummary *s, double *mean);
extern double cx_scale_share_at(const CxScaleSummary *s, int cutoff, bool *isnull);
extern bool cx_scale_interval(const CxScaleSummary *s, double confidence,
							  CxInterval *ci);

/* validation and I/O */
extern bool cx_scale_validate(const CxScaleSummary *s,
							  const CxScaleFamily *fam, char **why);
extern char *cx_scale_to_text(const CxScaleSummary *s);
extern CxScaleSummary *cx_scale_from_text(const char *str,
										  const CxScaleFamily *fam);
extern bytea *cx_scale_send(const CxScaleSummary *s);
extern CxScaleSummary *cx_scale_recv(StringInfo buf, const CxScaleFamily *fam);

/* the jsonb casts' shared keys */
extern Datum cx_scale_jsonb_finish(StringInfo buf, const CxScaleSummary *s);

static inline bool
cx_scale_is_weighted(const CxScaleSummary *s)
{
	return (s->flags & CX_FLAG_WEIGHTED) != 0;
}

static inline int
cx_scale_max(const CxScaleSummary *s)
{
	return s->scale_min + s->npoints - 1;
}

/*
 * Index of score on s's scale, or a 22003 error.  Inline: it is on the
 * per-row path of every aggregate.
 */
static inline int
cx_scale_index(const CxScaleSummary *s, int32 score)
{
	uint64		idx = (uint64) ((int64) score - s->scale_min);

	if (unlikely(idx >= s->npoints))
		cx_scale_score_error(s, score);
	return (int) idx;
}

/* Add one unweighted answer (the per-row path of every unweighted aggregate). */
static inline void
cx_scale_add(CxScaleSummary *s, int32 score)
{
	int			i = cx_scale_index(s, score);

	if (unlikely(s->counts[i] >= CX_MAX_COUNT))
		cx_scale_count_overflow();
	s->counts[i]++;
	if (unlikely(cx_scale_is_weighted(s)))
		cx_scale_add_weighted_one(s, i);
}

extern CxScaleSummary *cx_scale_first_state(FunctionCallInfo fcinfo,
											const CxScaleFamily *fam,
											int nscale);
cx_noreturn extern void cx_scale_wrong_family(const CxScaleSummary *s,
											 const CxScaleFamily *fam);
cx_noreturn extern void cx_scale_args_changed(FunctionCallInfo fcinfo,
								  const CxScaleSummary *s, int nscale);

/*
 * What in-place updates and reads rely on: the fixed size, a known format
 * version and family, and a point count that keeps every index inside the
 * arrays.  Inline: it runs on every row of every survey aggregate.
 */
static inline bool
cx_scale_header_ok(const struct varlena *v)
{
	const CxScaleSummary *s = (const CxScaleSummary *) v;

	return VARSIZE(v) == CX_SCALE_SIZE &&
		s->version == CX_FORMAT_VERSION &&
		s->family >= CX_FAMILY_NPS && s->family <= CX_FAMILY_LAST &&
		s->npoints >= 2 && s->npoints <= CX_MAX_POINTS;
}

/*
 * What reads rely on besides: the cutoff on the scale (shares and counts
 * of good answers index from it).  In-place updates never read the cutoff,
 * so the per-row path of the aggregates checks only cx_scale_header_ok.
 */
static inline bool
cx_scale_read_ok(const struct varlena *v)
{
	const CxScaleSummary *s = (const CxScaleSummary *) v;

	return cx_scale_header_ok(v) &&
		s->cutoff >= s->scale_min && s->cutoff <= cx_scale_max(s);
}

/*
 * A summary argument to read (cx_scale_arg) or to update in place inside
 * an aggregate (cx_scale_state); see cxkpi.h for the checks.
 */
static inline CxScaleSummary *
cx_scale_arg(FunctionCallInfo fcinfo, int argno)
{
	return (CxScaleSummary *) cx_summary_arg(fcinfo, argno, cx_scale_read_ok,
											 &cx_scale_read_type);
}

static inline CxScaleSummary *
cx_scale_state(FunctionCallInfo fcinfo, int argno)
{
	return (CxScaleSummary *) cx_state_arg(fcinfo, argno, cx_scale_header_ok,
												  &cx_scale_type);
}

/*
 * The state of a family aggregate called as agg(score [, scale_min,
 * scale_max [, cutoff]] [, weight]): nscale is the number of scale
 * arguments (0, 2 or 3) after the score.  The first row creates the summary
 * from the arguments (validated); later rows must pass the same scale.
 */
static inline CxScaleSummary *
cx_scale_family_state(FunctionCallInfo fcinfo, const CxScaleFamily *fam,
					  int nscale)
{
	CxScaleSummary *s;

	if (PG_ARGISNULL(0))
		return cx_scale_first_state(fcinfo, fam, nscale);
	s = cx_scale_state(fcinfo, 0);
	if (unlikely(s->family != fam->id))
		cx_scale_wrong_family(s, fam);
	if (nscale > 0 &&
		unlikely(PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
				 PG_GETARG_INT32(2) != s->scale_min ||
				 PG_GETARG_INT32(3) != cx_scale_max(s) ||
				 (nscale == 3 && (PG_ARGISNULL(4) ||
								  PG_GETARG_INT32(4) != s->cutoff))))
		cx_scale_args_changed(fcinfo, s, nscale);
	return s;
}

/* Transition: count the score (NULL score or weight: row skipped). */
static inline Datum
cx_scale_transfn(FunctionCallInfo fcinfo, const CxScaleFamily *fam,
				 int nscale, bool weighted)
{
	CxScaleSummary *s = cx_scale_family_state(fcinfo, fam, nscale);

	if (!PG_ARGISNULL(1))
	{
		if (!weighted)
			cx_scale_add(s, PG_GETARG_INT32(1));
		else if (!PG_ARGISNULL(2 + nscale))
			cx_scale_add_weighted(s, PG_GETARG_INT32(1),
								  PG_GETARG_FLOAT8(2 + nscale));
	}
	PG_RETURN_POINTER(s);
}

/* Moving-window inverse of the unweighted transition. */
static inline Datum
cx_scale_invfn(FunctionCallInfo fcinfo, const CxScaleFamily *fam, int nscale)
{
	CxScaleSummary *s;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();		/* nothing to undo: make the window restart */
	s = cx_scale_family_state(fcinfo, fam, nscale);
	if (!PG_ARGISNULL(1) && !cx_scale_remove(s, PG_GETARG_INT32(1)))
		PG_RETURN_NULL();		/* weighted: cannot undo exactly, restart */
	PG_RETURN_POINTER(s);
}

#endif							/* CXKPI_SCALE_H */
