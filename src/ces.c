/*
 * ces.c
 *	  Customer Effort Score (CES 2.0): the ces_summary type, ces_agg() and the
 *	  CES accessors, on the shared scale core (scale.c).
 *
 * CES 2.0 asks for agreement with "The company made it easy for me to
 * handle my issue" on 1..7 (strongly disagree .. strongly agree); the KPI
 * ces(s) is the mean score, and agree_share(s) the share at or above the
 * "agree" cutoff (default: top-3 box 5..7 on 7-point scales, top-2 box on
 * shorter scales, top-3 box on longer ones).
 *
 * Inference on the mean m (unweighted, n answers):
 *	  s^2 = sum (x - m)^2 / (n - 1),	SE = s / sqrt(n)
 *	  interval m -+ t(n - 1) SE, Student t, clamped to the scale;
 *	  NULL standard error and bounds when n < 2
 *	  p_value(a, b): Welch's t test, t = (m_a - m_b) / sqrt(SE_a^2 + SE_b^2),
 *	  Welch-Satterthwaite df = (SE_a^2 + SE_b^2)^2 /
 *		(SE_a^4 / (n_a - 1) + SE_b^4 / (n_b - 1))
 * Weighted summaries use the weighted mean, the unbiased weighted variance
 * with reliability weights s_w^2 = sum w (x - m)^2 / (V1 - V2 / V1)
 * (V1 = sum w, V2 = sum w^2), and Kish's n_eff = V1^2 / V2 in place of n;
 * with equal weights every formula reduces to the unweighted one.
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

static bool ces_estimate(const CxScaleSummary *s, CxEstimate *e);
static void ces_domain(const CxScaleSummary *s, double *lo, double *hi);
static bool ces_interval(const CxScaleSummary *s, double confidence,
						 CxInterval *ci);
static bool ces_p_value(const CxScaleSummary *a, const CxScaleSummary *b,
						double *p);

const CxScaleFamily cx_ces_family = {
	.id = CX_FAMILY_CES,
	.typname = "ces_summary",
	.label = "CES",
	.fixed_scale = false,
	.scale_min = 1,
	.npoints = 7,
	.cutoff = 5,
	.cutoff_name = "agree_min",
	.top3_min_points = 7,		/* top-3 box from 7 points, top-2 below */
	.estimate = ces_estimate,
	.domain = ces_domain,
	.interval = ces_interval,
	.p_value = ces_p_value,
};

/*
 * Mean, its standard error and the degrees of freedom behind it.  The SE
 * (and df) is NaN when the sample cannot estimate a variance (n < 2, or
 * n_eff <= 1 when weighted); false when the summary holds no weight.
 */
static bool
ces_moments(const CxScaleSummary *s, double *mean, double *se, double *df)
{
	double		v1 = 0.0;
	double		ss = 0.0;
	double		n;
	int			i;

	if (!cx_scale_mean(s, mean))
		return false;
	for (i = 0; i < s->npoints; i++)
	{
		double		d = s->scale_min + i - *mean;

		v1 += cx_scale_weight(s, i);
		ss += cx_scale_weight(s, i) * d * d;
	}
	if (!cx_scale_effective_n(s, &n))
		return false;
	*se = *df = NAN;
	if (n > 1.0 && isfinite(n))
	{
		/* s^2 / n = ss / (V1 - V2/V1) / n_eff = ss / (V1 (n_eff - 1)) */
		*se = sqrt(ss / (v1 * (n - 1.0)));
		if (!isfinite(*se))
		{
			/* weight sums near DBL_MAX: the same with ratios w_i / V1 */
			double		r = 0.0;
			int			j;

			for (j = 0; j < s->npoints; j++)
			{
				double		d = s->scale_min + j - *mean;

				r += (cx_scale_weight(s, j) / v1) * d * d;
			}
			*se = sqrt(r / (n - 1.0));
		}
		*df = n - 1.0;
	}
	return true;
}

/* A mean score and its interval lie on the scale. */
static void
ces_domain(const CxScaleSummary *s, double *lo, double *hi)
{
	*lo = s->scale_min;
	*hi = cx_scale_max(s);
}

/* Mean score and its standard error. */
static bool
ces_estimate(const CxScaleSummary *s, CxEstimate *e)
{
	double		df;

	return ces_moments(s, &e->value, &e->se, &df);
}

/* Student-t interval, clamped to the scale; NaN bounds when n < 2. */
static bool
ces_interval(const CxScaleSummary *s, double confidence, CxInterval *ci)
{
	double		mean;
	double		se;
	double		df;

	if (!ces_moments(s, &mean, &se, &df))
		return false;
	ci->half = isnan(se) ? NAN : cx_t_for_confidence(confidence, df) * se;
	ci->lower = fmax(s->scale_min, mean - ci->half);
	ci->upper = fmin(cx_scale_max(s), mean + ci->half);
	if (isnan(ci->half))
		ci->lower = ci->upper = NAN;
	return true;
}

/* Welch's two-sample t test; false when undefined. */
static bool
ces_p_value(const CxScaleSummary *a, const CxScaleSummary *b, double *p)
{
	double		ma,
				sa,
				da;
	double		mb,
				sb,
				db;
	double		va;
	double		vb;
	double		df;

	if (!ces_moments(a, &ma, &sa, &da) || !ces_moments(b, &mb, &sb, &db) ||
		isnan(sa) || isnan(sb))
		return false;
	va = sa * sa;
	vb = sb * sb;
	if (!(va + vb > 0.0))
		return false;
	df = (va + vb) * (va + vb) / (va * va / da + vb * vb / db);
	*p = cx_t_two_sided_p((ma - mb) / sqrt(va + vb), df);
	return true;
}

/* ----------------------------------------------------------------
 * SQL-callable functions
 * ----------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(cxkpi_ces_summary_in);
PG_FUNCTION_INFO_V1(cxkpi_ces_summary_recv);
PG_FUNCTION_INFO_V1(cxkpi_ces_agg_transfn);
PG_FUNCTION_INFO_V1(cxkpi_ces_agg_scale_transfn);
PG_FUNCTION_INFO_V1(cxkpi_ces_agg_cutoff_transfn);
PG_FUNCTION_INFO_V1(cxkpi_ces_agg_weighted_transfn);
PG_FUNCTION_INFO_V1(cxkpi_ces_agg_scale_weighted_transfn);
PG_FUNCTION_INFO_V1(cxkpi_ces_agg_cutoff_weighted_transfn);
PG_FUNCTION_INFO_V1(cxkpi_ces_agg_invfn);
PG_FUNCTION_INFO_V1(cxkpi_ces_agg_scale_invfn);
PG_FUNCTION_INFO_V1(cxkpi_ces_agg_cutoff_invfn);
PG_FUNCTION_INFO_V1(cxkpi_ces_summary_jsonb);

/* ces_summary text input */
Datum
cxkpi_ces_summary_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(cx_scale_from_text(PG_GETARG_CSTRING(0), &cx_ces_family));
}

/* ces_summary binary input */
Datum
cxkpi_ces_summary_recv(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(cx_scale_recv((StringInfo) PG_GETARG_POINTER(0),
									&cx_ces_family));
}

/* ces_agg(score): CES 2.0, scale 1..7, agree 5..7 */
Datum
cxkpi_ces_agg_transfn(PG_FUNCTION_ARGS)
{
	return cx_scale_transfn(fcinfo, &cx_ces_family, 0, false);
}

/* ces_agg(score, scale_min, scale_max): default agree cutoff for the scale */
Datum
cxkpi_ces_agg_scale_transfn(PG_FUNCTION_ARGS)
{
	return cx_scale_transfn(fcinfo, &cx_ces_family, 2, false);
}

/* ces_agg(score, scale_min, scale_max, agree_min) */
Datum
cxkpi_ces_agg_cutoff_transfn(PG_FUNCTION_ARGS)
{
	return cx_scale_transfn(fcinfo, &cx_ces_family, 3, false);
}

/* ces_agg(score, weight) */
Datum
cxkpi_ces_agg_weighted_transfn(PG_FUNCTION_ARGS)
{
	return cx_scale_transfn(fcinfo, &cx_ces_family, 0, true);
}

/* ces_agg(score, scale_min, scale_max, weight) */
Datum
cxkpi_ces_agg_scale_weighted_transfn(PG_FUNCTION_ARGS)
{
	return cx_scale_transfn(fcinfo, &cx_ces_family, 2, true);
}

/* ces_agg(score, scale_min, scale_max, agree_min, weight) */
Datum
cxkpi_ces_agg_cutoff_weighted_transfn(PG_FUNCTION_ARGS)
{
	return cx_scale_transfn(fcinfo, &cx_ces_family, 3, true);
}

/* moving-window inverse of ces_agg(score) */
Datum
cxkpi_ces_agg_invfn(PG_FUNCTION_ARGS)
{
	return cx_scale_invfn(fcinfo, &cx_ces_family, 0);
}

/* moving-window inverse of ces_agg(score, scale_min, scale_max) */
Datum
cxkpi_ces_agg_scale_invfn(PG_FUNCTION_ARGS)
{
	return cx_scale_invfn(fcinfo, &cx_ces_family, 2);
}

/* moving-window inverse of ces_agg(score, scale_min, scale_max, agree_min) */
Datum
cxkpi_ces_agg_cutoff_invfn(PG_FUNCTION_ARGS)
{
	return cx_scale_invfn(fcinfo, &cx_ces_family, 3);
}

/* ces_summary::jsonb: every accessor's value by name (95% interval). */
Datum
cxkpi_ces_summary_jsonb(PG_FUNCTION_ARGS)
{
	CxScaleSummary *s = cx_scale_arg(fcinfo, 0);
	StringInfoData buf;
	bool		isnull;
	double		share = cx_scale_share_at(s, s->cutoff, &isnull);
	double		mean = 0.0;
	bool		has_mean = cx_scale_mean(s, &mean);
	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	cx_json_double(&buf, "ces", !has_mean, mean);
	cx_json_double(&buf, "agree_share", isnull, share);
	cx_json_int64(&buf, "agreed", cx_scale_good_count(s));
	PG_RETURN_DATUM(cx_scale_jsonb_finish(&buf, s));
}

/* ---- typed report row (README "Dashboards") ---- */

#include "scale_report.h"

PG_FUNCTION_INFO_V1(cxkpi_ces_report);

static const CxReportColumn ces_report_columns[] = {
	{cxkpi_scale_mean_score, false},	/* ces */
	{cxkpi_scale_share, false},	/* agree_share */
	{cxkpi_scale_good, false},	/* agreed */
	CX_SCALE_REPORT_SAMPLE,
	CX_SCALE_REPORT_SCALE,		/* ..., agree_min */
	CX_SCALE_REPORT_INFERENCE
};

/* ces_report(s, confidence): every CES accessor as one typed row. */
Datum
cxkpi_ces_report(PG_FUNCTION_ARGS)
{
	return cx_report_columns(fcinfo, ces_report_columns,
							 lengthof(ces_report_columns));
}
