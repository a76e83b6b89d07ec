/*
 * scale_compare.c
 *	  approx_equal(a, b, rel_tol) for the survey summaries (NPS, CSAT, CES):
 *	  equality within a relative tolerance on the weight sums.
 *
 * "=" compares every byte of two summaries (scale.h: equal summaries have
 * equal bytes), which is what its hash opclass needs and what unweighted
 * summaries -- integer counts -- satisfy whatever the plan.  Weighted
 * summaries also hold float sums of weights and squared weights, and
 * floating-point addition is not associative: the same rows summed by a
 * serial plan, by two parallel workers or by three shards in another
 * order can differ in the last bits.  approx_equal is the comparison for
 * those: same family, scale, cutoff and weighting, the same count at every
 * point (exactly), and every weight sum within rel_tol of the other
 * (|x - y| <= rel_tol * max(|x|, |y|)).  It is not an operator on purpose:
 * a tolerance is not transitive, so it cannot back hashing or GROUP BY.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"

#include "cxkpi.h"
#include "scale.h"

PG_FUNCTION_INFO_V1(cxkpi_scale_approx_equal);

/* x and y within rel_tol of each other, relative to the larger magnitude */
static bool
close_enough(double x, double y, double rel_tol)
{
	return fabs(x - y) <= rel_tol * fmax(fabs(x), fabs(y));
}

/* approx_equal(a, b, rel_tol): see the file comment */
Datum
cxkpi_scale_approx_equal(PG_FUNCTION_ARGS)
{
	CxScaleSummary *a = cx_scale_arg(fcinfo, 0);
	CxScaleSummary *b = cx_scale_arg(fcinfo, 1);
	double		rel_tol = PG_GETARG_FLOAT8(2);
	int			i;

	if (!(rel_tol >= 0.0 && rel_tol < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("relative tolerance %g is out of range", rel_tol),
				 errdetail("rel_tol must be at least 0 and less than 1.")));
	if (a->family != b->family || a->scale_min != b->scale_min ||
		a->npoints != b->npoints || a->cutoff != b->cutoff ||
		cx_scale_is_weighted(a) != cx_scale_is_weighted(b))
		PG_RETURN_BOOL(false);
	for (i = 0; i < a->npoints; i++)
	{
		if (a->counts[i] != b->counts[i] ||
			!close_enough(cx_scale_weight(a, i), cx_scale_weight(b, i), rel_tol) ||
			!close_enough(cx_scale_weight2(a, i), cx_scale_weight2(b, i), rel_tol))
			PG_RETURN_BOOL(false);
	}
	PG_RETURN_BOOL(true);
}
