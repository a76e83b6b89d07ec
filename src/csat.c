/*
 * csat.c
 *	  Customer Satisfaction (CSAT): the csat_summary type, csat_agg() and the
 *	  CSAT accessors, on the shared scale core (scale.c).
 *
 * A CSAT summary counts answers on a scale of 2 to 11 points (default 1..5)
 * and remembers its "satisfied" cutoff (default top-2 box: 4..5).  The KPI
 * is the satisfied share p = x / n, a fraction 0..1; csat(s, cutoff) re-reads
 * the same summary with another cutoff.
 *
 * Inference on p (unweighted; z the two-sided normal quantile):
 *	  SE = sqrt(p (1 - p) / n)
 *	  Wilson score interval: centre = (p + z^2/2n) / (1 + z^2/n),
 *		half = z sqrt(p (1 - p)/n + z^2/4n^2) / (1 + z^2/n)
 *	  p_value(a, b): pooled two-proportion z test,
 *		z = (p_a - p_b) / sqrt(q (1 - q) (1/n_a + 1/n_b)), q = (x_a + x_b)/(n_a + n_b)
 * Weighted summaries use the weighted share for p and Kish's effective
 * sample size n_eff = (sum w)^2 / sum w^2 for n (x = p n_eff) in every
 * formula above.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"

#include "scale.h"
#include "stats.h"

static bool csat_estimate(const CxScaleSummary *s, CxEstimate *e);
static void csat_domain(const CxScaleSummary *s, double *lo, double *hi);
static bool csat_interval(const CxScaleSummary *s, double confidence,
						  CxInterval *ci);
static bool csat_p_value(const CxScaleSummary *a, const CxScaleSummary *b,
						 double *p);

const CxScaleFamily cx_csat_family = {
	.id = CX_FAMILY_CSAT,
	.typname = "csat_summary",
	.label = "CSAT",
	.fixed_scale = false,
	.scale_min = 1,
	.npoints = 5,
	.cutoff = 4,
	.cutoff_name = "satisfied_min",
	.top3_min_points = 8,		/* top-2 box up to 7 points, top-3 beyond */
	.estimate = csat_estimate,
	.domain = csat_domain,
	.interval = csat_interval,
	.p_value = csat_p_value,
};

/*
 * Satisfied share p and the sample size n it rests on (n_eff when
 * weighted); false when the summary holds no weight.
 */
static bool
csat_share(const CxScaleSummary *s, double *p, double *n)
{
	bool		isnull;

	*p = cx_scale_share_at(s, s->cutoff, &isnull);
	return !isnull && cx_scale_effective_n(s, n);
}

/* A satisfied share and its interval lie in 0..1. */
static void
csat_domain(const CxScaleSummary *s, double *lo, double *hi)
{
	(void) s;
	*lo = 0.0;
	*hi = 1.0;
}

/* Satisfied share and its standard error. */
static bool
csat_estimate(const CxScaleSummary *s, CxEstimate *e)
{
	double		p;
	double		n;

	if (!csat_share(s, &p, &n))
		return false;
	e->value = p;
	e->se = sqrt(p * (1.0 - p) / n);
	return true;
}

/* Wilson score interval. */
static bool
csat_interval(const CxScaleSummary *s, double confidence, CxInterval *ci)
{
	double		p;
	double		n;

	if (!csat_share(s, &p, &n))
		return false;
	cx_wilson_interval(p, n, cx_z_for_confidence(confidence),
					   &ci->lower, &ci->upper, &ci->half);
	return true;
}

/*
 * Pooled two-proportion z test; false when undefined.  On counts (exact)
 * when both sides are unweighted, else on weight shares and n_eff.
 */
static bool
csat_p_value(const CxScaleSummary *a, const CxScaleSummary *b, double *p)
{
	double		pa;
	double		na;
	double		pb;
	double		nb;

	if (!csat_share(a, &pa, &na) || !csat_share(b, &pb, &nb))
		return false;
	if (!cx_scale_is_weighted(a) && !cx_scale_is_weighted(b))
		*p = cx_two_proportion_p_counts(cx_scale_good_count(a), cx_scale_responses(a),
										cx_scale_good_count(b), cx_scale_responses(b));
	else
		*p = cx_two_proportion_p(pa, na, pb, nb);
	return *p >= 0.0;
}

/* ----------------------------------------------------------------
 * SQL-callable functions
 * ----------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(cxkpi_csat_summary_in);
PG_FUNCTION_INFO_V1(cxkpi_csat_summary_recv);
PG_FUNCTION_INFO_V1(cxkpi_csat_agg_transfn);
PG_FUNCTION_INFO_V1(cxkpi_csat_agg_scale_transfn);
PG_FUNCTION_INFO_V1(cxkpi_csat_agg_cutoff_transfn);
PG_FUNCTION_INFO_V1(cxkpi_csat_agg_weighted_transfn);
PG_FUNCTION_INFO_V1(cxkpi_csat_agg_scale_weighted_transfn);
PG_FUNCTION_INFO_V1(cxkpi_csat_agg_cutoff_weighted_transfn);
PG_FUNCTION_INFO_V1(cxkpi_csat_agg_invfn);
PG_FUNCTION_INFO_V1(cxkpi_csat_agg_scale_invfn);
PG_FUNCTION_INFO_V1(cxkpi_csat_agg_cutoff_invfn);

/* csat_summary text input */
Datum
cxkpi_csat_summary_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(cx_scale_from_text(PG_GETARG_CSTRING(0), &cx_csat_family));
}

/* csat_summary binary input */
Datum
cxkpi_csat_summary_recv(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(cx_scale_recv((StringInfo) PG_GETARG_POINTER(0),
									&cx_csat_family));
}

/* csat_agg(score): scale 1..5, satisfied 4..5 */
Datum
cxkpi_csat_agg_transfn(PG_FUNCTION_ARGS)
{
	return cx_scale_transfn(fcinfo, &cx_csat_family, 0, false);
}

/* csat_agg(score, scale_min, scale_max): default cutoff for the scale */
Datum
cxkpi_csat_agg_scale_transfn(PG_FUNCTION_ARGS)
{
	return cx_scale_transfn(fcinfo, &cx_csat_family, 2, false);
}

/* csat_agg(score, scale_min, scale_max, satisfied_min) */
Datum
cxkpi_csat_agg_cutoff_transfn(PG_FUNCTION_ARGS)
{
	return cx_scale_transfn(fcinfo, &cx_csat_family, 3, false);
}

/* csat_agg(score, weight) */
Datum
cxkpi_csat_agg_weighted_transfn(PG_FUNCTION_ARGS)
{
	return cx_scale_transfn(fcinfo, &cx_csat_family, 0, true);
}

/* csat_agg(score, scale_min, scale_max, weight) */
Datum
cxkpi_csat_agg_scale_weighted_transfn(PG_FUNCTION_ARGS)
{
	return cx_scale_transfn(fcinfo, &cx_csat_family, 2, true);
}

/* csat_agg(score, scale_min, scale_max, satisfied_min, weight) */
Datum
cxkpi_csat_agg_cutoff_weighted_transfn(PG_FUNCTION_ARGS)
{
	return cx_scale_transfn(fcinfo, &cx_csat_family, 3, true);
}

/* moving-window inverse of csat_agg(score) */
Datum
cxkpi_csat_agg_invfn(PG_FUNCTION_ARGS)
{
	return cx_scale_invfn(fcinfo, &cx_csat_family, 0);
}

/* moving-window inverse of csat_agg(score, scale_min, scale_max) */
Datum
cxkpi_csat_agg_scale_invfn(PG_FUNCTION_ARGS)
{
	return cx_scale_invfn(fcinfo, &cx_csat_family, 2);
}

/* moving-window inverse of csat_agg(score, scale_min, scale_max, satisfied_min) */
Datum
cxkpi_csat_agg_cutoff_invfn(PG_FUNCTION_ARGS)
{
	return cx_scale_invfn(fcinfo, &cx_csat_family, 3);
}

/* csat_summary::jsonb: every accessor's value by name (95% interval). */
PG_FUNCTION_INFO_V1(cxkpi_csat_summary_jsonb);
Datum
cxkpi_csat_summary_jsonb(PG_FUNCTION_ARGS)
{
	CxScaleSummary *s = cx_scale_arg(fcinfo, 0);
	StringInfoData buf;
	bool		isnull;
	double		share = cx_scale_share_at(s, s->cutoff, &isnull);
	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	cx_json_double(&buf, "csat", isnull, share);
	cx_json_int64(&buf, "satisfied", cx_scale_good_count(s));
	PG_RETURN_DATUM(cx_scale_jsonb_finish(&buf, s));
}

/* ---- typed report row (README "Dashboards") ---- */

#include "scale_report.h"

PG_FUNCTION_INFO_V1(cxkpi_csat_report);

static const CxReportColumn csat_report_columns[] = {
	{cxkpi_scale_share, false},	/* csat */
	{cxkpi_scale_good, false},	/* satisfied */
	CX_SCALE_REPORT_SAMPLE,
	CX_SCALE_REPORT_SCALE,		/* ..., satisfied_min */
	CX_SCALE_REPORT_INFERENCE
};

/* csat_report(s, confidence): every CSAT accessor as one typed row. */
Datum
cxkpi_csat_report(PG_FUNCTION_ARGS)
{
	return cx_report_columns(fcinfo, csat_report_columns,
							 lengthof(csat_report_columns));
}
