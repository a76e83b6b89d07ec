/*
 * nps.c
 *	  Net Promoter Score: the nps_summary type, nps_agg() and the NPS
 *	  accessors.  Everything scale-generic (storage, merge, I/O, shared
 *	  accessors) lives in scale.c; this file adds NPS's fixed 0..10 scale,
 *	  its promoter/passive/detractor split and its inference rules.
 *
 * Definitions (R promoters 9-10, P passives 7-8, D detractors 0-6,
 * n = R + P + D, p = R/n, d = D/n):
 *	  NPS = 100 (p - d)
 *	  SE  = 100 sqrt((p + d - (p - d)^2) / n)
 * Interval, unweighted: adjusted Wald (Rocks 2016), adding 0.75, 1.5 and
 * 0.75 pseudo-answers to R, P and D (n~ = n + 3) before a Wald interval,
 * clamped to [-100, 100].
 * Weighted: p and d are weight shares, and the SE is the linearised
 * (with-replacement) estimator of survey::svymean for the design
 * svydesign(ids = ~1, weights = ~w),
 *	  SE = 100 sqrt(n / (n - 1) sum w_i^2 (y_i - m)^2) / sum w_i,
 * with y in {-1, 0, 1}, m = p_w - d_w and n the number of answers (rows,
 * zero weights included); undefined (NULL) for n = 1.  The interval is
 * Wald with that SE, clamped.
 * p_value(a, b): z = (NPS_a - NPS_b) / sqrt(SE_a^2 + SE_b^2), two-sided.
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

#define NPS_PASSIVE_MIN		7
#define NPS_PROMOTER_MIN	9

static bool nps_estimate(const CxScaleSummary *s, CxEstimate *e);
static void nps_domain(const CxScaleSummary *s, double *lo, double *hi);
static bool nps_interval(const CxScaleSummary *s, double confidence,
						 CxInterval *ci);
static bool nps_p_value(const CxScaleSummary *a, const CxScaleSummary *b,
						double *p);

const CxScaleFamily cx_nps_family = {
	.id = CX_FAMILY_NPS,
	.typname = "nps_summary",
	.label = "NPS",
	.fixed_scale = true,
	.scale_min = 0,
	.npoints = 11,
	.cutoff = NPS_PROMOTER_MIN,
	.cutoff_name = NULL,
	.top3_min_points = 0,		/* fixed scale: no default to choose */
	.estimate = nps_estimate,
	.domain = nps_domain,
	.interval = nps_interval,
	.p_value = nps_p_value,
};

/* NPS group of a score: -1 detractor, 0 passive, 1 promoter. */
static inline int
nps_group(int score)
{
	if (score >= NPS_PROMOTER_MIN)
		return 1;
	if (score >= NPS_PASSIVE_MIN)
		return 0;
	return -1;
}

/* Answers (or weights, with weighted) per group: [detractor, passive, promoter]. */
static void
nps_groups(const CxScaleSummary *s, bool weighted, double g[3])
{
	int			i;

	g[0] = g[1] = g[2] = 0.0;
	for (i = 0; i < CX_MAX_POINTS; i++)
		g[nps_group(i) + 1] += weighted ? cx_scale_weight(s, i)
			: (double) s->counts[i];
}

/* Count of answers whose score lies in [lo, hi]. */
static int64
nps_count(const CxScaleSummary *s, int lo, int hi)
{
	int64		n = 0;
	int			i;

	for (i = lo; i <= hi; i++)
		n += s->counts[i];
	return n;
}

/* An NPS and its interval lie in -100..100. */
static void
nps_domain(const CxScaleSummary *s, double *lo, double *hi)
{
	(void) s;
	*lo = -100.0;
	*hi = 100.0;
}

/* NPS and its standard error; false when there is nothing to estimate. */
static bool
nps_estimate(const CxScaleSummary *s, CxEstimate *e)
{
	double		g[3];
	double		n;				/* total weight (answers when unweighted) */
	double		p;
	double		d;

	nps_groups(s, true, g);
	n = g[0] + g[1] + g[2];
	if (!(n > 0.0))
		return false;
	p = g[2] / n;
	d = g[0] / n;
	e->value = 100.0 * (p - d);

	if (!cx_scale_is_weighted(s))
		e->se = 100.0 * sqrt(fmax(0.0, p + d - (p - d) * (p - d)) / n);
	else
	{
		double		m = p - d;
		double		ss = 0.0;
		double		rows = (double) cx_scale_responses(s);
		int			i;

		for (i = 0; i < CX_MAX_POINTS; i++)
		{
			double		r = nps_group(i) - m;

			ss += cx_scale_weight2(s, i) * r * r;
		}
		/* the with-replacement factor n / (n - 1); no variance from one row */
		e->se = (rows >= 2.0) ? 100.0 * sqrt(ss * (rows / (rows - 1.0))) / n
			: NAN;
	}
	return true;
}

/* Confidence interval at a confidence level (see the file header). */
static bool
nps_interval(const CxScaleSummary *s, double confidence, CxInterval *ci)
{
	double		z = cx_z_for_confidence(confidence);
	double		center;
	double		half;

	if (!cx_scale_is_weighted(s))
	{
		double		g[3];
		double		nt;
		double		pt;
		double		dt;

		nps_groups(s, false, g);
		if (g[0] + g[1] + g[2] <= 0.0)
			return false;
		nt = g[0] + g[1] + g[2] + 3.0;
		pt = (g[2] + 0.75) / nt;
		dt = (g[0] + 0.75) / nt;
		center = pt - dt;
		half = z * sqrt(fmax(0.0, pt + dt - center * center) / nt);
	}
	else
	{
		CxEstimate	e;

		if (!nps_estimate(s, &e))
			return false;
		if (isnan(e.se))
		{
			ci->lower = ci->upper = ci->half = NAN;
			return true;
		}
		center = e.value / 100.0;
		half = z * e.se / 100.0;
	}
	ci->lower = 100.0 * fmax(-1.0, center - half);
	ci->upper = 100.0 * fmin(1.0, center + half);
	ci->half = 100.0 * half;
	return true;
}

/* Two-sided z test of NPS_a = NPS_b; false when undefined. */
static bool
nps_p_value(const CxScaleSummary *a, const CxScaleSummary *b, double *p)
{
	CxEstimate	ea;
	CxEstimate	eb;
	double		se;

	if (!nps_estimate(a, &ea) || !nps_estimate(b, &eb) ||
		isnan(ea.se) || isnan(eb.se))
		return false;
	se = sqrt(ea.se * ea.se + eb.se * eb.se);
	if (!(se > 0.0))
		return false;
	*p = cx_norm_two_sided_p((ea.value - eb.value) / se);
	return true;
}

/* ----------------------------------------------------------------
 * SQL-callable functions
 * ----------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(cxkpi_nps_summary_in);
PG_FUNCTION_INFO_V1(cxkpi_nps_summary_recv);
PG_FUNCTION_INFO_V1(cxkpi_nps_agg_transfn);
PG_FUNCTION_INFO_V1(cxkpi_nps_agg_weighted_transfn);
PG_FUNCTION_INFO_V1(cxkpi_nps_agg_invfn);
PG_FUNCTION_INFO_V1(cxkpi_nps);
PG_FUNCTION_INFO_V1(cxkpi_nps_promoters);
PG_FUNCTION_INFO_V1(cxkpi_nps_passives);
PG_FUNCTION_INFO_V1(cxkpi_nps_detractors);
PG_FUNCTION_INFO_V1(cxkpi_nps_summary_jsonb);

/* nps_summary text input */
Datum
cxkpi_nps_summary_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(cx_scale_from_text(PG_GETARG_CSTRING(0), &cx_nps_family));
}

/* nps_summary binary input */
Datum
cxkpi_nps_summary_recv(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(cx_scale_recv((StringInfo) PG_GETARG_POINTER(0),
									&cx_nps_family));
}

/* nps_agg(score) transition: count the score; NULL scores are skipped. */
Datum
cxkpi_nps_agg_transfn(PG_FUNCTION_ARGS)
{
	return cx_scale_transfn(fcinfo, &cx_nps_family, 0, false);
}

/* nps_agg(score, weight) transition: rows with a NULL score or weight are skipped. */
Datum
cxkpi_nps_agg_weighted_transfn(PG_FUNCTION_ARGS)
{
	return cx_scale_transfn(fcinfo, &cx_nps_family, 0, true);
}

/* nps_agg(score) moving-window inverse: uncount the score. */
Datum
cxkpi_nps_agg_invfn(PG_FUNCTION_ARGS)
{
	return cx_scale_invfn(fcinfo, &cx_nps_family, 0);
}

/* nps(s): Net Promoter Score, -100..100; NULL when empty. */
Datum
cxkpi_nps(PG_FUNCTION_ARGS)
{
	CxEstimate	e;

	if (!nps_estimate(cx_scale_arg(fcinfo, 0), &e))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(e.value);
}

/* promoters(s): answers scoring 9 or 10. */
Datum
cxkpi_nps_promoters(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(nps_count(cx_scale_arg(fcinfo, 0), NPS_PROMOTER_MIN, 10));
}

/* passives(s): answers scoring 7 or 8. */
Datum
cxkpi_nps_passives(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(nps_count(cx_scale_arg(fcinfo, 0), NPS_PASSIVE_MIN,
							  NPS_PROMOTER_MIN - 1));
}

/* detractors(s): answers scoring 0 to 6. */
Datum
cxkpi_nps_detractors(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(nps_count(cx_scale_arg(fcinfo, 0), 0, NPS_PASSIVE_MIN - 1));
}

/* nps_summary::jsonb: every accessor's value by name (95% interval). */
Datum
cxkpi_nps_summary_jsonb(PG_FUNCTION_ARGS)
{
	CxScaleSummary *s = cx_scale_arg(fcinfo, 0);
	StringInfoData buf;
	CxEstimate	e;
	bool		has_e = nps_estimate(s, &e);

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	cx_json_double(&buf, "nps", !has_e, has_e ? e.value : 0);
	cx_json_int64(&buf, "promoters", nps_count(s, NPS_PROMOTER_MIN, 10));
	cx_json_int64(&buf, "passives", nps_count(s, NPS_PASSIVE_MIN, NPS_PROMOTER_MIN - 1));
	cx_json_int64(&buf, "detractors", nps_count(s, 0, NPS_PASSIVE_MIN - 1));
	PG_RETURN_DATUM(cx_scale_jsonb_finish(&buf, s));
}

/* ---- typed report row (README "Dashboards") ---- */

#include "scale_report.h"

PG_FUNCTION_INFO_V1(cxkpi_nps_report);

static const CxReportColumn nps_report_columns[] = {
	{cxkpi_nps, false},
	{cxkpi_nps_promoters, false},
	{cxkpi_nps_passives, false},
	{cxkpi_nps_detractors, false},
	CX_SCALE_REPORT_SAMPLE,
	CX_SCALE_REPORT_INFERENCE
};

/* nps_report(s, confidence): every NPS accessor as one typed row. */
Datum
cxkpi_nps_report(PG_FUNCTION_ARGS)
{
	return cx_report_columns(fcinfo, nps_report_columns,
							 lengthof(nps_report_columns));
}
