/*
 * scale.c
 *	  The core shared by the survey families: construction, in-place
 *	  aggregation, merge, validation, text and binary I/O of a
 *	  CxScaleSummary, and the SQL-callable functions that every family
 *	  exposes under its own type (responses, histogram, mean_score,
 *	  std_error, intervals, p_value, +, =, rollup support).
 *
 * Memory: an aggregate's transition state is a CxScaleSummary made by the
 * first row of a group in the per-row context and copied once by the
 * executor into the aggregate context, then modified in place for every
 * further row, as int4_avg_accum does with its int8[] (cxkpi.h says what is
 * checked before an in-place update).
 * Outside an aggregate every function that returns a summary returns a
 * fresh copy and never scribbles on its arguments.
 *
 * Text form (canonical: one value, one text):
 *	  v1;counts=c0,c1,...						 NPS, unweighted
 *	  v1;scale=1..5;cutoff=4;counts=c1,...,c5	 configurable scales
 *	  ...;sumw=w0,...;sumw2=q0,...				 appended once weighted
 * Counts are decimal integers, sums are printed shortest-exact (Ryu), so
 * the text round-trips bit for bit.
 */
#include "postgres.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "common/int.h"
#include "common/shortest_dec.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/fmgrprotos.h"

#include "scale.h"
#include "stats.h"
#include "textparse.h"

/* Known families; NULL slots are families not built into this version. */
static const CxScaleFamily *const cx_families[] = {
	NULL,
	&cx_nps_family,
	&cx_csat_family,
	&cx_ces_family,
	&cx_rate_family,
};

StaticAssertDecl(lengthof(cx_families) == CX_FAMILY_LAST + 1,
				 "cx_families must have a slot for every family id");

/* The family descriptor for a stored family id, or NULL. */
const CxScaleFamily *
cx_family_by_id(int id)
{
	if (id <= 0 || id >= (int) lengthof(cx_families))
		return NULL;
	return cx_families[id];
}

/*
 * The default cutoff of a family for the scale scale_min..scale_max: the
 * lowest score of its top box (see CxScaleFamily.top3_min_points).  On a
 * 2-point scale (thumbs up/down) the top box alone, as a top-2 box would be
 * the whole scale.
 */
int
cx_scale_top_box(const CxScaleFamily *fam, int scale_min, int scale_max)
{
	int			npoints = scale_max - scale_min + 1;

	if (npoints == 2)
		return scale_max;
	return (npoints >= fam->top3_min_points) ? scale_max - 2 : scale_max - 1;
}

/* The family of a summary that has already been validated. */
static const CxScaleFamily *
family_of(const CxScaleSummary *s)
{
	const CxScaleFamily *fam = cx_family_by_id(s->family);

	if (fam == NULL)
		elog(ERROR, "cxkpi: unknown summary family %d", s->family);
	return fam;
}

/* Every field, as the input functions check it. */
static bool
scale_validate(struct varlena *v, const char **why)
{
	const CxScaleSummary *s = (const CxScaleSummary *) v;
	char	   *w = NULL;

	if (cx_scale_validate(s, family_of(s), &w))
		return true;
	*why = w;
	return false;
}

const CxVarType cx_scale_type = {"survey summary", cx_scale_header_ok, scale_validate};
const CxVarType cx_scale_read_type = {"survey summary", cx_scale_read_ok, scale_validate};

/* ----------------------------------------------------------------
 * Construction and argument access
 * ----------------------------------------------------------------
 */

/* A new, empty summary in memory context cxt. */
CxScaleSummary *
cx_scale_new_in(MemoryContext cxt, const CxScaleFamily *fam, int scale_min,
				int npoints, int cutoff)
{
	CxScaleSummary *s = (CxScaleSummary *) MemoryContextAllocZero(cxt, CX_SCALE_SIZE);

	SET_VARSIZE(s, CX_SCALE_SIZE);
	s->version = CX_FORMAT_VERSION;
	s->family = fam->id;
	s->npoints = (uint8) npoints;
	s->scale_min = (int16) scale_min;
	s->cutoff = (int16) cutoff;
	return s;
}

/* Raise 22023 for an invalid scale given to a family aggregate. */
cx_noreturn static void
bad_scale(const CxScaleFamily *fam, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid %s scale", fam->label),
			 errdetail("%s", detail),
			 errhint("A %s scale is scale_min..scale_max with 2 to %d points, for example 1..5, 1..7 or 0..10.",
					 fam->label, CX_MAX_POINTS)));
}

/* Raise 22004 for a NULL scale argument, as on the first row of a group. */
cx_noreturn static void
null_scale(const CxScaleFamily *fam)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("%s scale arguments must not be NULL", fam->label),
			 errdetail("scale_min, scale_max and %s must be integers.",
					   fam->cutoff_name)));
}

/*
 * The first row of a group: a new empty summary, in the aggregate's memory
 * context, on the scale given by the nscale arguments after the score
 * (scale_min, scale_max [, cutoff]) or the family's default scale.
 */
CxScaleSummary *
cx_scale_first_state(FunctionCallInfo fcinfo, const CxScaleFamily *fam,
					 int nscale)
{
	int64		lo = fam->scale_min;
	int64		hi = fam->scale_min + fam->npoints - 1;
	int64		cutoff = fam->cutoff;

	if (nscale > 0)
	{
		int			i;

		for (i = 2; i < 2 + nscale; i++)
			if (PG_ARGISNULL(i))
				null_scale(fam);
		lo = PG_GETARG_INT32(2);
		hi = PG_GETARG_INT32(3);
		if (lo < CX_SCALE_MIN_BOUND || hi > CX_SCALE_MAX_BOUND)
			bad_scale(fam, psprintf("Scale %lld..%lld is outside %d..%d.",
									(long long) lo, (long long) hi,
									CX_SCALE_MIN_BOUND, CX_SCALE_MAX_BOUND));
		if (hi <= lo)
			bad_scale(fam, psprintf("scale_max (%lld) must be greater than scale_min (%lld).",
									(long long) hi, (long long) lo));
		if (hi - lo + 1 > CX_MAX_POINTS)
			bad_scale(fam, psprintf("Scale %lld..%lld has %lld points; at most %d are supported.",
									(long long) lo, (long long) hi,
									(long long) (hi - lo + 1), CX_MAX_POINTS));
		cutoff = (nscale == 3) ? PG_GETARG_INT32(4)
			: cx_scale_top_box(fam, (int) lo, (int) hi);
		if (cutoff < lo || cutoff > hi)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s %s %lld is outside the scale %lld..%lld",
							fam->label, fam->cutoff_name, (long long) cutoff,
							(long long) lo, (long long) hi),
					 errdetail("%s must be a score on the scale.", fam->cutoff_name)));
	}
	/*
	 * In the current (per-row) memory context: inside an aggregate the
	 * executor copies a new state into its own context, so allocating it
	 * there as well would leave a second, dead copy per group.
	 */
	return cx_scale_new(fam, (int) lo, (int) (hi - lo + 1), (int) cutoff);
}

/* The state of a family's aggregate is a summary of another family. */
void
cx_scale_wrong_family(const CxScaleSummary *s, const CxScaleFamily *fam)
{
	elog(ERROR, "cxkpi: %s aggregate called with a state of family %d",
		 fam->label, s->family);
}

/*
 * A later row of a group passed other scale arguments than the first:
 * 22004 when one is NULL, otherwise 22023.
 */
void
cx_scale_args_changed(FunctionCallInfo fcinfo, const CxScaleSummary *s,
					  int nscale)
{
	const CxScaleFamily *fam = family_of(s);
	StringInfoData row;
	int			i;

	for (i = 2; i < 2 + nscale; i++)
		if (PG_ARGISNULL(i))
			null_scale(fam);
	initStringInfo(&row);
	for (i = 2; i < 2 + nscale; i++)
	{
		if (i > 2)
			appendStringInfoString(&row, ", ");
		if (PG_ARGISNULL(i))
			appendStringInfoString(&row, "NULL");
		else
			appendStringInfo(&row, "%d", PG_GETARG_INT32(i));
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s scale arguments changed within a group", fam->label),
			 errdetail("The group started with scale %d..%d and %s %d; a later row passed (%s).",
					   s->scale_min, cx_scale_max(s), fam->cutoff_name,
					   s->cutoff, row.data),
			 errhint("Pass the scale as constants, or GROUP BY the scale columns.")));
}

/* ----------------------------------------------------------------
 * Row-level updates
 * ----------------------------------------------------------------
 */

/* Report a score outside s's scale (22003). */
void
cx_scale_score_error(const CxScaleSummary *s, int32 score)
{
	const CxScaleFamily *fam = family_of(s);

	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s score %d is out of range", fam->label, score),
			 errdetail("%s scores are integers from %d to %d.",
					   fam->label, s->scale_min, cx_scale_max(s))));
}

/* Report a count beyond CX_MAX_COUNT (22003). */
void
cx_scale_count_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("summary response count out of range"),
			 errdetail("A summary holds at most " INT64_FORMAT " answers per scale point.",
					   (int64) CX_MAX_COUNT)));
}

/* Switch an unweighted summary to weighted: every past answer weighed 1. */
static void
make_weighted(CxScaleSummary *s)
{
	int			i;

	if (cx_scale_is_weighted(s))
		return;
	for (i = 0; i < s->npoints; i++)
	{
		s->sumw[i] = (double) s->counts[i];
		s->sumw2[i] = (double) s->counts[i];
	}
	s->flags |= CX_FLAG_WEIGHTED;
}

/* A new, empty summary in the current memory context. */
CxScaleSummary *
cx_scale_new(const CxScaleFamily *fam, int scale_min, int npoints, int cutoff)
{
	return cx_scale_new_in(CurrentMemoryContext, fam, scale_min, npoints, cutoff);
}

/* Add one answer to a summary that has become weighted (weight 1). */
void
cx_scale_add_weighted_one(CxScaleSummary *s, int i)
{
	s->sumw[i] += 1.0;
	s->sumw2[i] += 1.0;
}

/* Weight sums must stay below CX_MAX_WEIGHT_SUM (22003). */
cx_noreturn static void
weight_overflow(const CxScaleSummary *s)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s weight sum out of range", family_of(s)->label),
			 errdetail("The weights, and their squares, of one scale point must add up to less than %g.",
					   CX_MAX_WEIGHT_SUM)));
}

/* Add one weighted answer; the weight must be 0 or in [1e-150, 1e150]. */
void
cx_scale_add_weighted(CxScaleSummary *s, int32 score, double w)
{
	int			i = cx_scale_index(s, score);

	if (unlikely(!(w == 0.0 || (w >= CX_MIN_WEIGHT && w <= CX_MAX_WEIGHT))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid %s weight: %s",
						family_of(s)->label, float8out_internal(w)),
				 errdetail("Weights must be 0 or between 1e-150 and 1e150; a NULL weight skips the row.")));
	make_weighted(s);			/* before counting: past answers weigh 1 */
	if (unlikely(s->counts[i] >= CX_MAX_COUNT))
		cx_scale_count_overflow();
	s->counts[i]++;
	s->sumw[i] += w + 0.0;		/* + 0.0 turns a -0 weight into +0 */
	s->sumw2[i] += w * w;
	if (unlikely(s->sumw[i] > CX_MAX_WEIGHT_SUM || s->sumw2[i] > CX_MAX_WEIGHT_SUM))
		weight_overflow(s);
}

/*
 * Remove one unweighted answer (moving-window inverse).  False when the
 * summary is weighted: float sums cannot be undone exactly, so the caller
 * returns NULL and the window restarts its frame.
 */
bool
cx_scale_remove(CxScaleSummary *s, int32 score)
{
	int			i = cx_scale_index(s, score);

	if (cx_scale_is_weighted(s))
		return false;
	if (s->counts[i] <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot remove a score of %d: the summary holds none", score),
				 errdetail("The inverse transition function only removes answers that were added.")));
	s->counts[i]--;
	return true;
}

/* Raise 22023 unless a and b can be merged or compared. */
static void
check_compatible(const CxScaleSummary *a, const CxScaleSummary *b)
{
	if (a->family != b->family)
		elog(ERROR, "cxkpi: summaries of different families");
	if (a->scale_min != b->scale_min || a->npoints != b->npoints ||
		a->cutoff != b->cutoff)
	{
		const CxScaleFamily *fam = family_of(a);

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine %s summaries with different scales or cutoffs",
						fam->label),
				 errdetail("One summary has scale %d..%d with cutoff %d, the other scale %d..%d with cutoff %d.",
						   a->scale_min, cx_scale_max(a), a->cutoff,
						   b->scale_min, cx_scale_max(b), b->cutoff),
				 errhint("Only summaries built on the same scale and cutoff can be combined.")));
	}
}

/* dst += src (exact for counts; weight sums add as floats). */
void
cx_scale_merge(CxScaleSummary *dst, const CxScaleSummary *src)
{
	int			i;

	check_compatible(dst, src);
	for (i = 0; i < dst->npoints; i++)
		if (src->counts[i] > CX_MAX_COUNT - dst->counts[i])
			cx_scale_count_overflow();
	if (cx_scale_is_weighted(src) || cx_scale_is_weighted(dst))
	{
		make_weighted(dst);		/* before counting: dst's answers weigh 1 */
		for (i = 0; i < dst->npoints; i++)
		{
			dst->sumw[i] += cx_scale_weight(src, i);
			dst->sumw2[i] += cx_scale_weight2(src, i);
			if (dst->sumw[i] > CX_MAX_WEIGHT_SUM || dst->sumw2[i] > CX_MAX_WEIGHT_SUM)
				weight_overflow(dst);
		}
	}
	for (i = 0; i < dst->npoints; i++)
		dst->counts[i] += src->counts[i];
}

/*
 * dst -= src, the inverse of merge for unweighted summaries.  Returns false
 * when it cannot be undone exactly (weights), which makes a window
 * aggregate restart its frame.
 */
bool
cx_scale_unmerge(CxScaleSummary *dst, const CxScaleSummary *src)
{
	int			i;

	check_compatible(dst, src);
	if (cx_scale_is_weighted(dst) || cx_scale_is_weighted(src))
		return false;
	for (i = 0; i < dst->npoints; i++)
		if (src->counts[i] > dst->counts[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot remove answers that the summary does not hold"),
					 errdetail("Point %d has %lld answers; removing %lld would make it negative.",
							   dst->scale_min + i, (long long) dst->counts[i],
							   (long long) src->counts[i])));
	for (i = 0; i < dst->npoints; i++)
		dst->counts[i] -= src->counts[i];
	return true;
}

/* ----------------------------------------------------------------
 * Derived quantities
 * ----------------------------------------------------------------
 */

/* Number of answers (validated summaries cannot overflow this). */
int64
cx_scale_responses(const CxScaleSummary *s)
{
	int64		n = 0;
	int			i;

	for (i = 0; i < s->npoints; i++)
		n += s->counts[i];
	return n;
}

/* Answers at or above the stored cutoff. */
int64
cx_scale_good_count(const CxScaleSummary *s)
{
	int64		n = 0;
	int			i;

	for (i = s->cutoff - s->scale_min; i < s->npoints; i++)
		n += s->counts[i];
	return n;
}

/* Sum of weights at point i (the count when unweighted). */
double
cx_scale_weight(const CxScaleSummary *s, int i)
{
	return cx_scale_is_weighted(s) ? s->sumw[i] : (double) s->counts[i];
}

/* Sum of squared weights at point i (the count when unweighted). */
double
cx_scale_weight2(const CxScaleSummary *s, int i)
{
	return cx_scale_is_weighted(s) ? s->sumw2[i] : (double) s->counts[i];
}

/* Total weight (the number of answers when unweighted). */
double
cx_scale_total_weight(const CxScaleSummary *s)
{
	double		w = 0.0;
	int			i;

	for (i = 0; i < s->npoints; i++)
		w += cx_scale_weight(s, i);
	return w;
}

/*
 * (Weighted) mean score, on the scale whatever the rounding; false when
 * there is no weight.
 */
bool
cx_scale_mean(const CxScaleSummary *s, double *mean)
{
	double		w = 0.0;
	double		sw = 0.0;
	int			i;

	for (i = 0; i < s->npoints; i++)
	{
		double		wi = cx_scale_weight(s, i);

		w += wi;
		sw += wi * (s->scale_min + i);
	}
	if (!(w > 0.0))
		return false;
	*mean = sw / w;
	if (!isfinite(*mean))
	{
		/* weight sums near DBL_MAX overflow sw: weigh by w_i / w instead */
		*mean = 0.0;
		for (i = 0; i < s->npoints; i++)
			*mean += (cx_scale_weight(s, i) / w) * (s->scale_min + i);
	}
	(void) cx_in_domain(mean, s->scale_min, cx_scale_max(s));
	return true;
}

/*
 * Kish's effective sample size (sum w)^2 / sum w^2, in [1, responses] as
 * it is mathematically (rounding and the tolerance of validated text input
 * could otherwise put it outside); false when there is no weight.
 */
bool
cx_scale_effective_n(const CxScaleSummary *s, double *n)
{
	double		w = 0.0;
	double		w2 = 0.0;
	int			i;

	if (!cx_scale_is_weighted(s))
	{
		*n = (double) cx_scale_responses(s);
		return *n > 0.0;
	}
	for (i = 0; i < s->npoints; i++)
	{
		w += s->sumw[i];
		w2 += s->sumw2[i];
	}
	if (!(w2 > 0.0))
		return false;
	*n = w * w / w2;
	if (!isfinite(*n))
		*n = w * (w / w2);		/* w beyond 1e154: w * w overflows */
	(void) cx_in_domain(n, 1.0, (double) cx_scale_responses(s));
	return true;
}

/*
 * (Weighted) share of answers scoring at least cutoff; *isnull when the
 * summary holds no weight.
 */
double
cx_scale_share_at(const CxScaleSummary *s, int cutoff, bool *isnull)
{
	double		good = 0.0;
	double		all = 0.0;
	int			i;

	for (i = 0; i < s->npoints; i++)
	{
		double		w = cx_scale_weight(s, i);

		all += w;
		if (s->scale_min + i >= cutoff)
			good += w;
	}
	*isnull = !(all > 0.0);
	return *isnull ? 0.0 : good / all;
}

/* ----------------------------------------------------------------
 * Validation (shared by text input, binary receive and nothing else:
 * everything built by aggregates is valid by construction)
 * ----------------------------------------------------------------
 */

/*
 * Could c weights, each 0 or in [CX_MIN_WEIGHT, CX_MAX_WEIGHT], add up to
 * sumw with squares adding up to sumw2?  For non-negative weights
 * sumw2 <= sumw^2 <= c sumw2, any positive weight puts sumw and sumw2
 * above the squares of the smallest weight, and no weight exceeds the
 * largest: sumw <= c max and sumw2 <= c max^2.  The inequalities are
 * checked with a relative tolerance of 1e-3, far above the rounding of
 * float sums of any realistic number of rows, so that every summary an
 * aggregate builds is accepted back.  (The largest-weight bound also keeps
 * sumw far below overflow: at most c * 1e150 < 1e168; sumw^2 may still
 * overflow, so it is never formed.)
 */
static bool
weight_sums_consistent(int64 c, double sumw, double sumw2)
{
	const double tol = 1.0 + 1e-3;

	if (sumw == 0.0 || sumw2 == 0.0)
		return sumw == 0.0 && sumw2 == 0.0;
	if (sumw < CX_MIN_WEIGHT || sumw2 < CX_MIN_WEIGHT * CX_MIN_WEIGHT)
		return false;
	if (sumw > (double) c * CX_MAX_WEIGHT * tol ||
		sumw2 > (double) c * (CX_MAX_WEIGHT * CX_MAX_WEIGHT) * tol)
		return false;
	/* sumw2 <= sumw^2 and sumw^2 <= c sumw2, in forms that cannot overflow */
	return sumw2 / sumw <= sumw * tol &&
		sumw * (sumw / (double) c) <= sumw2 * tol;
}

/* Is s a well-formed summary of family fam?  If not, *why says why. */
bool
cx_scale_validate(const CxScaleSummary *s, const CxScaleFamily *fam, char **why)
{
	int			max;
	int			i;

	if (s->version != CX_FORMAT_VERSION)
	{
		*why = psprintf("Format version %d is not supported; this build reads version %d.",
						s->version, CX_FORMAT_VERSION);
		return false;
	}
	if (s->family != fam->id)
	{
		*why = psprintf("The value is a summary of another family (%d), not %s.",
						s->family, fam->typname);
		return false;
	}
	if ((s->flags & ~CX_FLAGS_KNOWN) != 0)
	{
		*why = psprintf("Unknown flags 0x%02x.", s->flags & ~CX_FLAGS_KNOWN);
		return false;
	}
	if (s->reserved != 0)
	{
		*why = pstrdup("The reserved field must be zero.");
		return false;
	}
	if (s->npoints < 2 || s->npoints > CX_MAX_POINTS)
	{
		*why = psprintf("A scale has 2 to %d points, not %d.",
						CX_MAX_POINTS, s->npoints);
		return false;
	}
	max = cx_scale_max(s);
	if (s->scale_min < CX_SCALE_MIN_BOUND || max > CX_SCALE_MAX_BOUND)
	{
		*why = psprintf("Scale %d..%d is outside %d..%d.", s->scale_min, max,
						CX_SCALE_MIN_BOUND, CX_SCALE_MAX_BOUND);
		return false;
	}
	if (fam->fixed_scale &&
		(s->scale_min != fam->scale_min || s->npoints != fam->npoints ||
		 s->cutoff != fam->cutoff))
	{
		*why = psprintf("%s summaries have scale %d..%d.", fam->label,
						fam->scale_min, fam->scale_min + fam->npoints - 1);
		return false;
	}
	if (s->cutoff < s->scale_min || s->cutoff > max)
	{
		*why = psprintf("Cutoff %d is outside the scale %d..%d.",
						s->cutoff, s->scale_min, max);
		return false;
	}
	for (i = 0; i < CX_MAX_POINTS; i++)
	{
		bool		in_scale = i < s->npoints;

		if (s->counts[i] < 0 || (!in_scale && s->counts[i] != 0))
		{
			*why = pstrdup("Counts must be non-negative integers, one per scale point.");
			return false;
		}
		if (s->counts[i] > CX_MAX_COUNT)
		{
			*why = psprintf("A scale point holds at most " INT64_FORMAT " answers.",
							(int64) CX_MAX_COUNT);
			return false;
		}
		if (!cx_scale_is_weighted(s) || !in_scale)
		{
			if (s->sumw[i] != 0.0 || s->sumw2[i] != 0.0)
			{
				*why = pstrdup("Weight sums are set but the summary is not weighted.");
				return false;
			}
			continue;
		}
		if (!(s->sumw[i] >= 0.0 && s->sumw[i] <= CX_MAX_WEIGHT_SUM) ||
			!(s->sumw2[i] >= 0.0 && s->sumw2[i] <= CX_MAX_WEIGHT_SUM))
		{
			*why = psprintf("Weight sums must be non-negative and below %g.",
							CX_MAX_WEIGHT_SUM);
			return false;
		}
		if (s->counts[i] == 0 && (s->sumw[i] != 0.0 || s->sumw2[i] != 0.0))
		{
			*why = psprintf("Score %d has no responses but a non-zero weight sum.",
							s->scale_min + i);
			return false;
		}
		if (!weight_sums_consistent(s->counts[i], s->sumw[i], s->sumw2[i]))
		{
			*why = psprintf("The weight sums of score %d are impossible for %lld answers weighing 0 or 1e-150 to 1e150.",
							s->scale_min + i, (long long) s->counts[i]);
			return false;
		}
	}
	return true;
}

/* Turn negative zeros into positive ones so equal values have equal bytes. */
static void
normalize_zeros(CxScaleSummary *s)
{
	int			i;

	for (i = 0; i < CX_MAX_POINTS; i++)
	{
		if (s->sumw[i] == 0.0)
			s->sumw[i] = 0.0;
		if (s->sumw2[i] == 0.0)
			s->sumw2[i] = 0.0;
	}
}

/* ----------------------------------------------------------------
 * Text I/O
 * ----------------------------------------------------------------
 */

/* Append key, then n floats separated by commas. */
static void
append_double_list(StringInfo buf, const char *key, const double *v, int n)
{
	int			i;

	appendStringInfoString(buf, key);
	for (i = 0; i < n; i++)
	{
		if (i)
			appendStringInfoChar(buf, ',');
		cx_append_double(buf, v[i]);
	}
}

/* The canonical text form of a summary. */
char *
cx_scale_to_text(const CxScaleSummary *s)
{
	const CxScaleFamily *fam = family_of(s);
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d", s->version);
	if (!fam->fixed_scale)
		appendStringInfo(&buf, ";scale=%d..%d;cutoff=%d",
						 s->scale_min, cx_scale_max(s), s->cutoff);
	appendStringInfoString(&buf, ";counts=");
	for (i = 0; i < s->npoints; i++)
		appendStringInfo(&buf, "%s" INT64_FORMAT, i ? "," : "", s->counts[i]);
	if (cx_scale_is_weighted(s))
	{
		append_double_list(&buf, ";sumw=", s->sumw, s->npoints);
		append_double_list(&buf, ";sumw2=", s->sumw2, s->npoints);
	}
	return buf.data;
}

typedef struct TextParser
{
	const char *input;			/* whole input, for messages */
	const char *p;				/* cursor */
	const CxScaleFamily *fam;
} TextParser;

/* Report malformed text input (22P02) with a detail. */
cx_noreturn static void
text_error(TextParser *tp, const char *detail)
{
	cx_syntax_error(tp->fam->typname, tp->input, detail);
}

/* Consume the literal lit or fail. */
static void
expect(TextParser *tp, const char *lit)
{
	size_t		len = strlen(lit);

	if (strncmp(tp->p, lit, len) != 0)
		text_error(tp, psprintf("Expected \"%s\" at character %d.", lit,
								(int) (tp->p - tp->input) + 1));
	tp->p += len;
}

/* Parse a decimal integer in [lo, hi]; an optional minus sign if lo < 0. */
static int64
parse_int(TextParser *tp, int64 lo, int64 hi, const char *what)
{
	const char *start = tp->p;
	int64		v;

	switch (cx_scan_int64(&tp->p, lo < 0 ? -PG_INT64_MAX : 0, PG_INT64_MAX, &v))
	{
		case CX_SCAN_SYNTAX:
			text_error(tp, psprintf("Expected %s at character %d.", what,
									(int) (start - tp->input) + 1));
		case CX_SCAN_RANGE:
			text_error(tp, psprintf("The %s at character %d is out of range.",
									what, (int) (start - tp->input) + 1));
		case CX_SCAN_OK:
			break;
	}
	if (v < lo || v > hi)
		text_error(tp, psprintf("The %s at character %d is out of range (%lld to %lld).",
								what, (int) (start - tp->input) + 1,
								(long long) lo, (long long) hi));
	return v;
}

/* Parse a finite, non-negative float written in decimal. */
static double
parse_double(TextParser *tp)
{
	const char *start = tp->p;
	char		tmp[64];
	size_t		len;
	char	   *end;
	double		v;

	while (isdigit((unsigned char) *tp->p) || *tp->p == '.' ||
		   *tp->p == 'e' || *tp->p == 'E' || *tp->p == '+' || *tp->p == '-')
		tp->p++;
	len = tp->p - start;
	if (len == 0 || len >= sizeof(tmp))
		text_error(tp, psprintf("Expected a decimal weight sum at character %d.",
								(int) (start - tp->input) + 1));
	memcpy(tmp, start, len);
	tmp[len] = '\0';
	errno = 0;
	v = strtod(tmp, &end);
	if (*end != '\0')
		text_error(tp, psprintf("Invalid number \"%s\" at character %d.",
								tmp, (int) (start - tp->input) + 1));
	if ((errno == ERANGE && (v == 0.0 || isinf(v))) || !isfinite(v))
		text_error(tp, psprintf("The number \"%s\" at character %d is out of range.",
								tmp, (int) (start - tp->input) + 1));
	if (v < 0.0)
		text_error(tp, psprintf("Weight sums must be non-negative; got \"%s\".", tmp));
	return v + 0.0;
}

/*
 * Parse a comma-separated list of exactly n counts (into ints) or weight
 * sums (into dbls), saying how many were found when that is not n.
 */
static void
parse_list(TextParser *tp, const char *what, int n, int64 *ints, double *dbls)
{
	int			found = 0;

	for (;;)
	{
		if (found == n)
			text_error(tp, psprintf("The list %s has more than %d values; the scale has %d points.",
									what, n, n));
		if (ints)
			ints[found] = parse_int(tp, 0, PG_INT64_MAX, "count");
		else
			dbls[found] = parse_double(tp);
		found++;
		if (*tp->p != ',')
			break;
		tp->p++;
	}
	if (found != n)
		text_error(tp, psprintf("The list %s has %d values; the scale has %d points.",
								what, found, n));
}

/* Parse a summary from its text form; any defect is a 22P02 error. */
CxScaleSummary *
cx_scale_from_text(const char *str, const CxScaleFamily *fam)
{
	TextParser	tp;
	CxScaleSummary *s;
	int64		version;
	int64		lo = fam->scale_min;
	int64		hi = fam->scale_min + fam->npoints - 1;
	int64		cutoff = fam->cutoff;
	int			npoints;
	char	   *why;

	tp.input = str;
	tp.p = str;
	tp.fam = fam;

	while (isspace((unsigned char) *tp.p))
		tp.p++;
	expect(&tp, "v");
	version = parse_int(&tp, 0, 255, "format version");
	if (version != CX_FORMAT_VERSION)
		text_error(&tp, psprintf("Format version %lld is not supported; this build reads version %d.",
								 (long long) version, CX_FORMAT_VERSION));
	if (!fam->fixed_scale)
	{
		expect(&tp, ";scale=");
		lo = parse_int(&tp, CX_SCALE_MIN_BOUND, CX_SCALE_MAX_BOUND, "scale minimum");
		expect(&tp, "..");
		hi = parse_int(&tp, CX_SCALE_MIN_BOUND, CX_SCALE_MAX_BOUND, "scale maximum");
		if (hi <= lo || hi - lo + 1 > CX_MAX_POINTS)
			text_error(&tp, psprintf("A scale has 2 to %d points; %lld..%lld does not.",
									 CX_MAX_POINTS, (long long) lo, (long long) hi));
		expect(&tp, ";cutoff=");
		cutoff = parse_int(&tp, CX_SCALE_MIN_BOUND, CX_SCALE_MAX_BOUND, "cutoff");
	}
	npoints = (int) (hi - lo + 1);
	s = cx_scale_new(fam, (int) lo, npoints, (int) cutoff);

	expect(&tp, ";counts=");
	parse_list(&tp, "counts", npoints, s->counts, NULL);
	if (strncmp(tp.p, ";sumw=", 6) == 0)
	{
		expect(&tp, ";sumw=");
		parse_list(&tp, "sumw", npoints, NULL, s->sumw);
		expect(&tp, ";sumw2=");
		parse_list(&tp, "sumw2", npoints, NULL, s->sumw2);
		s->flags |= CX_FLAG_WEIGHTED;
	}
	while (isspace((unsigned char) *tp.p))
		tp.p++;
	if (*tp.p != '\0')
		text_error(&tp, psprintf("Unexpected characters at character %d.",
								 (int) (tp.p - tp.input) + 1));

	normalize_zeros(s);
	if (!cx_scale_validate(s, fam, &why))
		text_error(&tp, why);
	return s;
}

/* ----------------------------------------------------------------
 * Binary I/O
 *
 * byte version, byte family, byte flags, byte npoints, int16 scale_min,
 * int16 cutoff, int32 reserved, int64 counts[npoints], and when weighted
 * float8 sumw[npoints], float8 sumw2[npoints].
 * ----------------------------------------------------------------
 */

#define CX_WIRE_HEADER	12

/* The binary form of a summary. */
bytea *
cx_scale_send(const CxScaleSummary *s)
{
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, s->version);
	pq_sendbyte(&buf, s->family);
	pq_sendbyte(&buf, s->flags);
	pq_sendbyte(&buf, s->npoints);
	pq_sendint16(&buf, (uint16) s->scale_min);
	pq_sendint16(&buf, (uint16) s->cutoff);
	pq_sendint32(&buf, s->reserved);
	for (i = 0; i < s->npoints; i++)
		pq_sendint64(&buf, s->counts[i]);
	if (cx_scale_is_weighted(s))
	{
		for (i = 0; i < s->npoints; i++)
			pq_sendfloat8(&buf, s->sumw[i]);
		for (i = 0; i < s->npoints; i++)
			pq_sendfloat8(&buf, s->sumw2[i]);
	}
	return pq_endtypsend(&buf);
}

/* Report a malformed binary value (22P03). */
cx_noreturn static void
binary_error(const CxScaleFamily *fam, const char *detail)
{
	cx_binary_error(fam->typname, detail);
}

/* Read a summary from its binary form; lengths are checked before reads. */
CxScaleSummary *
cx_scale_recv(StringInfo buf, const CxScaleFamily *fam)
{
	CxScaleSummary *s;
	int			left = buf->len - buf->cursor;
	int			npoints;
	uint8		flags;
	int			expected;
	char	   *why;
	int			i;

	if (left < CX_WIRE_HEADER)
		binary_error(fam, psprintf("The value has %d bytes; the header alone has %d.",
								   left, CX_WIRE_HEADER));
	s = (CxScaleSummary *) palloc0(CX_SCALE_SIZE);
	SET_VARSIZE(s, CX_SCALE_SIZE);
	s->version = (uint8) pq_getmsgbyte(buf);
	s->family = (uint8) pq_getmsgbyte(buf);
	flags = (uint8) pq_getmsgbyte(buf);
	npoints = (uint8) pq_getmsgbyte(buf);
	s->flags = flags;
	s->npoints = (uint8) npoints;
	s->scale_min = (int16) pq_getmsgint(buf, 2);
	s->cutoff = (int16) pq_getmsgint(buf, 2);
	s->reserved = (uint32) pq_getmsgint(buf, 4);

	if (s->version != CX_FORMAT_VERSION)
		binary_error(fam, psprintf("Format version %d is not supported; this build reads version %d.",
								   s->version, CX_FORMAT_VERSION));
	if (npoints < 2 || npoints > CX_MAX_POINTS)
		binary_error(fam, psprintf("A scale has 2 to %d points, not %d.",
								   CX_MAX_POINTS, npoints));
	expected = CX_WIRE_HEADER + npoints * 8 +
		((flags & CX_FLAG_WEIGHTED) ? npoints * 16 : 0);
	if (left != expected)
		binary_error(fam, psprintf("The value has %d bytes; an %s summary with %d points has %d.",
								   left,
								   (flags & CX_FLAG_WEIGHTED) ? "weighted" : "unweighted",
								   npoints, expected));
	for (i = 0; i < npoints; i++)
		s->counts[i] = (int64) pq_getmsgint64(buf);
	if (flags & CX_FLAG_WEIGHTED)
	{
		for (i = 0; i < npoints; i++)
			s->sumw[i] = pq_getmsgfloat8(buf);
		for (i = 0; i < npoints; i++)
			s->sumw2[i] = pq_getmsgfloat8(buf);
	}
	pq_getmsgend(buf);

	normalize_zeros(s);
	if (!cx_scale_validate(s, fam, &why))
		binary_error(fam, why);
	return s;
}

/* ----------------------------------------------------------------
 * SQL-callable functions shared by every family's type
 * ----------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(cxkpi_scale_out);
PG_FUNCTION_INFO_V1(cxkpi_scale_send);
PG_FUNCTION_INFO_V1(cxkpi_scale_share);
PG_FUNCTION_INFO_V1(cxkpi_scale_share_at);
PG_FUNCTION_INFO_V1(cxkpi_scale_good);
PG_FUNCTION_INFO_V1(cxkpi_scale_scale_min);
PG_FUNCTION_INFO_V1(cxkpi_scale_scale_max);
PG_FUNCTION_INFO_V1(cxkpi_scale_cutoff);
PG_FUNCTION_INFO_V1(cxkpi_scale_jsonb);
PG_FUNCTION_INFO_V1(cxkpi_scale_add);
PG_FUNCTION_INFO_V1(cxkpi_scale_rollup_inv);
PG_FUNCTION_INFO_V1(cxkpi_scale_eq);
PG_FUNCTION_INFO_V1(cxkpi_scale_hash);
PG_FUNCTION_INFO_V1(cxkpi_scale_ne);
PG_FUNCTION_INFO_V1(cxkpi_scale_responses);
PG_FUNCTION_INFO_V1(cxkpi_scale_total_weight);
PG_FUNCTION_INFO_V1(cxkpi_scale_histogram);
PG_FUNCTION_INFO_V1(cxkpi_scale_mean_score);
PG_FUNCTION_INFO_V1(cxkpi_scale_effective_n);
PG_FUNCTION_INFO_V1(cxkpi_scale_std_error);
PG_FUNCTION_INFO_V1(cxkpi_scale_margin_of_error);
PG_FUNCTION_INFO_V1(cxkpi_scale_ci_lower);
PG_FUNCTION_INFO_V1(cxkpi_scale_ci_upper);
PG_FUNCTION_INFO_V1(cxkpi_scale_p_value);

/* Text output of every family's summary type. */
Datum
cxkpi_scale_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(cx_scale_to_text(cx_scale_arg(fcinfo, 0)));
}

/* Binary output of every family's summary type. */
Datum
cxkpi_scale_send(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(cx_scale_send(cx_scale_arg(fcinfo, 0)));
}

/* The cutoff in argument argno, checked against s's scale (22023). */
static int
cutoff_arg(FunctionCallInfo fcinfo, const CxScaleSummary *s, int argno)
{
	int32		cutoff = PG_GETARG_INT32(argno);

	if (cutoff < s->scale_min || cutoff > cx_scale_max(s))
	{
		const CxScaleFamily *fam = family_of(s);

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %s %d is outside the summary's scale %d..%d",
						fam->label, fam->cutoff_name, cutoff,
						s->scale_min, cx_scale_max(s)),
				 errdetail("%s must be a score on the scale.", fam->cutoff_name)));
	}
	return cutoff;
}

/* csat(s), agree_share(s): (weighted) share at or above the stored cutoff. */
Datum
cxkpi_scale_share(PG_FUNCTION_ARGS)
{
	CxScaleSummary *s = cx_scale_arg(fcinfo, 0);
	bool		isnull;
	double		share = cx_scale_share_at(s, s->cutoff, &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(share);
}

/* csat(s, cutoff), agree_share(s, cutoff): the share at another cutoff. */
Datum
cxkpi_scale_share_at(PG_FUNCTION_ARGS)
{
	CxScaleSummary *s = cx_scale_arg(fcinfo, 0);
	bool		isnull;
	double		share = cx_scale_share_at(s, cutoff_arg(fcinfo, s, 1), &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(share);
}

/* satisfied(s), agreed(s): answers at or above the stored cutoff. */
Datum
cxkpi_scale_good(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(cx_scale_good_count(cx_scale_arg(fcinfo, 0)));
}

/* scale_min(s): the lowest score of the summary's scale. */
Datum
cxkpi_scale_scale_min(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(cx_scale_arg(fcinfo, 0)->scale_min);
}

/* scale_max(s): the highest score of the summary's scale. */
Datum
cxkpi_scale_scale_max(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(cx_scale_max(cx_scale_arg(fcinfo, 0)));
}

/* satisfied_min(s), agree_min(s): the stored cutoff. */
Datum
cxkpi_scale_cutoff(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(cx_scale_arg(fcinfo, 0)->cutoff);
}

/*
 * Append the keys every survey family shares to an open JSON object in
 * buf, close it and return it as jsonb (95% interval).
 */
Datum
cx_scale_jsonb_finish(StringInfo buf, const CxScaleSummary *s)
{
	const CxScaleFamily *fam = family_of(s);
	CxEstimate	e;
	CxInterval	ci = {0};
	double		v = 0.0;
	bool		has;
	int			i;

	cx_json_int64(buf, "responses", cx_scale_responses(s));
	has = cx_scale_mean(s, &v);
	cx_json_double(buf, "mean_score", !has, v);
	has = fam->estimate(s, &e) && cx_in_domain(&e.se, 0.0, INFINITY);
	cx_json_double(buf, "std_error", !has, has ? e.se : 0);
	cx_json_double(buf, "confidence", false, 0.95);
	has = cx_scale_interval(s, 0.95, &ci);
	cx_json_double(buf, "margin_of_error", !has, ci.half);
	cx_json_double(buf, "ci_lower", !has, ci.lower);
	cx_json_double(buf, "ci_upper", !has, ci.upper);
	has = cx_scale_effective_n(s, &v);
	cx_json_double(buf, "effective_n", !has, v);
	cx_json_double(buf, "total_weight", false, cx_scale_total_weight(s));
	if (!fam->fixed_scale)
	{
		cx_json_int64(buf, "scale_min", s->scale_min);
		cx_json_int64(buf, "scale_max", cx_scale_max(s));
		cx_json_int64(buf, fam->cutoff_name, s->cutoff);
	}
	appendStringInfoString(buf, ",\"histogram\":[");
	for (i = 0; i < s->npoints; i++)
		appendStringInfo(buf, "%s" INT64_FORMAT, i ? "," : "", s->counts[i]);
	appendStringInfoString(buf, "]}");
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf->data));
}

/*
 * a + b: the operator, the combine function of every aggregate and the
 * transition function of rollup().  Modifies a in place inside aggregates.
 */
Datum
cxkpi_scale_add(PG_FUNCTION_ARGS)
{
	CxScaleSummary *a = cx_scale_state(fcinfo, 0);
	CxScaleSummary *b = cx_scale_arg(fcinfo, 1);

	cx_scale_merge(a, b);
	PG_RETURN_POINTER(a);
}

/* rollup()'s moving-window inverse: NULL (restart) when weighted. */
Datum
cxkpi_scale_rollup_inv(PG_FUNCTION_ARGS)
{
	CxScaleSummary *a = cx_scale_state(fcinfo, 0);
	CxScaleSummary *b = cx_scale_arg(fcinfo, 1);

	if (!cx_scale_unmerge(a, b))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(a);
}

/* Summaries are equal when every field is; the layout makes that memcmp. */
static bool
scale_equal(FunctionCallInfo fcinfo)
{
	CxScaleSummary *a = cx_scale_arg(fcinfo, 0);
	CxScaleSummary *b = cx_scale_arg(fcinfo, 1);

	return memcmp(a, b, CX_SCALE_SIZE) == 0;
}

/* a = b */
Datum
cxkpi_scale_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(scale_equal(fcinfo));
}

/* a <> b */
Datum
cxkpi_scale_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!scale_equal(fcinfo));
}

/* Hash support for "=": equal summaries have equal bytes. */
Datum
cxkpi_scale_hash(PG_FUNCTION_ARGS)
{
	CxScaleSummary *s = cx_scale_arg(fcinfo, 0);

	return hash_any((const unsigned char *) s, CX_SCALE_SIZE);
}

/* responses(s): number of answers. */
Datum
cxkpi_scale_responses(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(cx_scale_responses(cx_scale_arg(fcinfo, 0)));
}

/* total_weight(s): sum of weights (number of answers when unweighted). */
Datum
cxkpi_scale_total_weight(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(cx_scale_total_weight(cx_scale_arg(fcinfo, 0)));
}

/* histogram(s): answers per scale point, lowest score first. */
Datum
cxkpi_scale_histogram(PG_FUNCTION_ARGS)
{
	CxScaleSummary *s = cx_scale_arg(fcinfo, 0);
	Datum		elems[CX_MAX_POINTS];
	int			i;

	for (i = 0; i < s->npoints; i++)
		elems[i] = Int64GetDatum(s->counts[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, s->npoints, INT8OID,
										  sizeof(int64), FLOAT8PASSBYVAL,
										  TYPALIGN_DOUBLE));
}

/* mean_score(s): (weighted) mean of the scores; NULL when empty. */
Datum
cxkpi_scale_mean_score(PG_FUNCTION_ARGS)
{
	double		mean;

	if (!cx_scale_mean(cx_scale_arg(fcinfo, 0), &mean))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(mean);
}

/* effective_n(s): Kish's (sum w)^2 / sum w^2; n when unweighted. */
Datum
cxkpi_scale_effective_n(PG_FUNCTION_ARGS)
{
	double		n;

	if (!cx_scale_effective_n(cx_scale_arg(fcinfo, 0), &n))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(n);
}

/* std_error(s): standard error of the family's KPI. */
Datum
cxkpi_scale_std_error(PG_FUNCTION_ARGS)
{
	CxScaleSummary *s = cx_scale_arg(fcinfo, 0);
	CxEstimate	e;

	if (!family_of(s)->estimate(s, &e) || !cx_in_domain(&e.se, 0.0, INFINITY))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(e.se);
}

/*
 * The family's interval at a confidence level, inside the KPI's domain
 * (cx_interval_in_domain); false when undefined.  NaN bounds (no variance
 * to estimate) and a margin that overflows make the interval undefined.
 */
bool
cx_scale_interval(const CxScaleSummary *s, double confidence, CxInterval *ci)
{
	const CxScaleFamily *fam = family_of(s);
	double		lo;
	double		hi;

	if (!fam->interval(s, confidence, ci) || !isfinite(ci->half))
		return false;
	fam->domain(s, &lo, &hi);
	if (!cx_interval_in_domain(&ci->lower, &ci->upper, lo, hi))
		return false;
	if (ci->half < 0.0)
		ci->half = 0.0;
	return true;
}

/* The family's interval at the confidence in argument 1, or false. */
static bool
interval_arg(FunctionCallInfo fcinfo, CxInterval *ci)
{
	CxScaleSummary *s = cx_scale_arg(fcinfo, 0);
	double		confidence = PG_GETARG_FLOAT8(1);

	cx_check_confidence(confidence);
	return cx_scale_interval(s, confidence, ci);
}

/* margin_of_error(s, confidence): half-width of the interval. */
Datum
cxkpi_scale_margin_of_error(PG_FUNCTION_ARGS)
{
	CxInterval	ci;

	if (!interval_arg(fcinfo, &ci) || isnan(ci.half))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(ci.half);
}

/* ci_lower(s, confidence) */
Datum
cxkpi_scale_ci_lower(PG_FUNCTION_ARGS)
{
	CxInterval	ci;

	if (!interval_arg(fcinfo, &ci) || isnan(ci.lower))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(ci.lower);
}

/* ci_upper(s, confidence) */
Datum
cxkpi_scale_ci_upper(PG_FUNCTION_ARGS)
{
	CxInterval	ci;

	if (!interval_arg(fcinfo, &ci) || isnan(ci.upper))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(ci.upper);
}

/* p_value(a, b): two-sided test that the KPI differs between a and b. */
Datum
cxkpi_scale_p_value(PG_FUNCTION_ARGS)
{
	CxScaleSummary *a = cx_scale_arg(fcinfo, 0);
	CxScaleSummary *b = cx_scale_arg(fcinfo, 1);
	double		p;

	check_compatible(a, b);
	if (!family_of(a)->p_value(a, b, &p) || !cx_unit_interval(&p))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(p);
}
