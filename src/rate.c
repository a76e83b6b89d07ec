/*
 * rate.c
 *	  Rates and conversions: the rate_summary type, rate_agg() and the rate
 *	  accessors, comparisons and planning functions, on the shared scale
 *	  core (scale.c) and the pure rate math (rate_math.c).
 *
 * A rate is a two-point scale: outcome false is point 0, true is point 1,
 * and the "good" cutoff is 1.  So the core gives everything a survey
 * summary has -- the fixed-layout in-place state, merge (+, rollup,
 * combine), weights, text and binary I/O validated by one function, the
 * window inverse, =, hash -- and the KPI is the share at the cutoff:
 *	  rate = x / n,  x = successes (outcome true), n = trials.
 * Text form: v1;counts=<failures>,<successes> (weighted: ;sumw=..;sumw2=..).
 *
 * Inference on one rate (z the two-sided normal quantile):
 *	  std_error = sqrt(p (1 - p) / n); p_value(a, b) the pooled two-proportion
 *	  z test on exact integer counts -- both the CSAT rules (csat.c), which
 *	  this family reuses: a rate is a CSAT share on the scale 0..1;
 *	  intervals by method, as R's binom package names them (rate_math.h):
 *	  wilson (score), bayes/jeffreys (equal-tailed Jeffreys), exact/
 *	  clopper-pearson, agresti-coull.
 * Two rates (a treatment or after, b control or before): Newcombe's hybrid
 * score interval of the difference, the Katz log interval of the relative
 * lift, the probability that a's rate exceeds b's under Beta(1, 1) priors.
 * Weighted summaries use the weighted share p and Kish's effective sample
 * size n_eff in every formula (x = p n_eff successes of n_eff trials), as
 * the survey families do.
 *
 * Planning and counts of events: rate_sample_size (R's power.prop.test)
 * and poisson_rate_ratio (R's poisson.test, two samples).
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/fmgrprotos.h"

#include "rate_math.h"
#include "scale.h"
#include "stats.h"

static bool rate_estimate(const CxScaleSummary *s, CxEstimate *e);
static void rate_domain(const CxScaleSummary *s, double *lo, double *hi);
static bool rate_interval(const CxScaleSummary *s, double confidence,
						  CxInterval *ci);
static bool rate_p_value(const CxScaleSummary *a, const CxScaleSummary *b,
						 double *p);

const CxScaleFamily cx_rate_family = {
	.id = CX_FAMILY_RATE,
	.typname = "rate_summary",
	.label = "rate",
	.fixed_scale = true,
	.scale_min = 0,
	.npoints = 2,
	.cutoff = 1,
	.cutoff_name = NULL,
	.top3_min_points = 0,		/* fixed scale: no default to choose */
	.estimate = rate_estimate,
	.domain = rate_domain,
	.interval = rate_interval,
	.p_value = rate_p_value,
};

/*
 * The share rules are CSAT's (a rate is a CSAT share on 0..1 at cutoff 1):
 * standard error, Wilson interval (the core's default interval, used by
 * the jsonb cast) and the pooled two-proportion test on exact counts.
 */
static bool
rate_estimate(const CxScaleSummary *s, CxEstimate *e)
{
	return cx_csat_family.estimate(s, e);
}

/* A rate and its interval lie in 0..1. */
static void
rate_domain(const CxScaleSummary *s, double *lo, double *hi)
{
	cx_csat_family.domain(s, lo, hi);
}

/* Wilson score interval. */
static bool
rate_interval(const CxScaleSummary *s, double confidence, CxInterval *ci)
{
	return cx_csat_family.interval(s, confidence, ci);
}

/* Pooled two-proportion z test (exact integer numerator when unweighted). */
static bool
rate_p_value(const CxScaleSummary *a, const CxScaleSummary *b, double *p)
{
	return cx_csat_family.p_value(a, b, p);
}

/*
 * The counts inference rests on: x successes and f failures, exact when
 * unweighted, else x = p n_eff and f = n_eff - x; false when empty.
 */
static bool
rate_counts(const CxScaleSummary *s, double *x, double *f)
{
	double		p;
	double		n;
	bool		isnull;

	if (!cx_scale_is_weighted(s))
	{
		int64		good = cx_scale_good_count(s);
		int64		n = cx_scale_responses(s);

		*x = (double) good;
		*f = (double) (n - good);
		return n > 0;
	}
	p = cx_scale_share_at(s, 1, &isnull);
	if (isnull || !cx_scale_effective_n(s, &n))
		return false;
	*x = fmin(n, p * n);
	*f = n - *x;
	return true;
}

/* The interval method named by a text argument, or 22023. */
static CxBinomMethod
method_arg(FunctionCallInfo fcinfo, int argno)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	CxBinomMethod m;

	if (!cx_binom_method_from_name(name, &m))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown rate interval method \"%s\"", name),
				 errdetail("The methods are 'wilson' (the default), 'bayes' (also 'jeffreys'), 'exact' (also 'clopper-pearson') and 'agresti-coull'.")));
	return m;
}

/*
 * The interval of s at a confidence level by method, inside 0..1; false
 * when s is empty.  The margin of error is half its width.
 */
static bool
rate_method_interval(const CxScaleSummary *s, double confidence,
					 CxBinomMethod method, CxInterval *ci)
{
	double		x;
	double		f;

	cx_check_confidence(confidence);
	if (!rate_counts(s, &x, &f) ||
		!cx_binom_interval_real(x, x + f, confidence, method,
								&ci->lower, &ci->upper) ||
		!cx_interval_in_domain(&ci->lower, &ci->upper, 0.0, 1.0))
		return false;
	ci->half = (ci->upper - ci->lower) / 2.0;
	return true;
}

/* The interval of ci_lower(s, confidence, method) and its siblings. */
static bool
interval_args(FunctionCallInfo fcinfo, CxInterval *ci)
{
	CxScaleSummary *s = cx_scale_arg(fcinfo, 0);
	double		confidence = PG_GETARG_FLOAT8(1);

	return rate_method_interval(s, confidence, method_arg(fcinfo, 2), ci);
}

/* The rate of s (the weighted share when weighted); false when empty. */
static bool
rate_of(const CxScaleSummary *s, double *rate)
{
	bool		isnull;

	*rate = cx_scale_share_at(s, 1, &isnull);
	return !isnull;
}

/* ----------------------------------------------------------------
 * Comparisons of two rates
 * ----------------------------------------------------------------
 */

/* What rate_comparison() reports; NaN where undefined. */
typedef struct RateComparison
{
	double		rate_a;
	double		rate_b;
	CxRateEstimate difference;
	CxRateEstimate lift;
	double		p_value;
	double		beat;
} RateComparison;

/* Every comparison of a against b at a confidence level. */
static void
rate_compare(const CxScaleSummary *a, const CxScaleSummary *b,
			 double confidence, bool with_beat, RateComparison *c)
{
	double		xa = 0,
				fa = 0,
				xb = 0,
				fb = 0;
	bool		has_a = rate_counts(a, &xa, &fa);
	bool		has_b = rate_counts(b, &xb, &fb);
	double		p;

	cx_check_confidence(confidence);
	if (!rate_of(a, &c->rate_a))
		c->rate_a = NAN;
	if (!rate_of(b, &c->rate_b))
		c->rate_b = NAN;
	c->difference = cx_rate_difference_real(xa, xa + fa, xb, xb + fb, confidence);
	c->lift = cx_rate_relative_lift_real(xa, xa + fa, xb, xb + fb, confidence);
	/* the point estimates are the plain ones of the (weighted) rates */
	c->difference.estimate = c->rate_a - c->rate_b;
	c->lift.estimate = c->rate_b > 0.0 ? c->rate_a / c->rate_b - 1.0 : NAN;
	c->p_value = rate_p_value(a, b, &p) ? p : NAN;
	/* an empty side gives NULL, as every other comparison does */
	c->beat = with_beat && has_a && has_b ?
		cx_probability_to_beat_real(xa, fa, xb, fb) : NAN;
}

/* The two summary arguments compared at a confidence level. */
static void
compare_args(FunctionCallInfo fcinfo, double confidence, bool with_beat,
			 RateComparison *c)
{
	rate_compare(cx_scale_arg(fcinfo, 0), cx_scale_arg(fcinfo, 1),
				 confidence, with_beat, c);
}

/* A difference of rates (or a bound of one) in -1..1; false: NULL. */
static bool
difference_ok(double *v)
{
	return cx_in_domain(v, -1.0, 1.0);
}

/* A relative lift (or a bound of one): at least -1 and finite; false: NULL. */
static bool
lift_ok(double *v)
{
	return cx_in_domain(v, -1.0, INFINITY);
}

/* A ratio, a size or a spread: finite and >= 0; false: NULL. */
static bool
nonnegative_ok(double *v)
{
	return cx_in_domain(v, 0.0, INFINITY);
}

/* Return v as a double precision, or NULL unless ok(&v). */
#define RETURN_IF_OK(ok, v) \
	do { \
		double		v_ = (v); \
		if (!ok(&v_)) \
			PG_RETURN_NULL(); \
		PG_RETURN_FLOAT8(v_); \
	} while (0)

/* Set values[i] and nulls[i] of a report row to v, NULL unless ok(&v). */
#define ROW_SET(i, ok, v) \
	do { \
		double		v_ = (v); \
		nulls[i] = !ok(&v_); \
		values[i] = Float8GetDatum(v_); \
	} while (0)

/* ----------------------------------------------------------------
 * SQL-callable functions
 * ----------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(cxkpi_rate_summary_in);
PG_FUNCTION_INFO_V1(cxkpi_rate_summary_recv);
PG_FUNCTION_INFO_V1(cxkpi_rate_agg_transfn);
PG_FUNCTION_INFO_V1(cxkpi_rate_agg_weighted_transfn);
PG_FUNCTION_INFO_V1(cxkpi_rate_agg_invfn);
PG_FUNCTION_INFO_V1(cxkpi_rate_ci_lower);
PG_FUNCTION_INFO_V1(cxkpi_rate_ci_upper);
PG_FUNCTION_INFO_V1(cxkpi_rate_margin_of_error);
PG_FUNCTION_INFO_V1(cxkpi_rate_difference);
PG_FUNCTION_INFO_V1(cxkpi_rate_difference_ci_lower);
PG_FUNCTION_INFO_V1(cxkpi_rate_difference_ci_upper);
PG_FUNCTION_INFO_V1(cxkpi_rate_relative_lift);
PG_FUNCTION_INFO_V1(cxkpi_rate_relative_lift_ci_lower);
PG_FUNCTION_INFO_V1(cxkpi_rate_relative_lift_ci_upper);
PG_FUNCTION_INFO_V1(cxkpi_rate_probability_to_beat);
PG_FUNCTION_INFO_V1(cxkpi_rate_comparison);
PG_FUNCTION_INFO_V1(cxkpi_rate_sample_size);
PG_FUNCTION_INFO_V1(cxkpi_poisson_rate_ratio);
PG_FUNCTION_INFO_V1(cxkpi_rate_report);
PG_FUNCTION_INFO_V1(cxkpi_rate_summary_jsonb);

/* rate_summary text input */
Datum
cxkpi_rate_summary_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(cx_scale_from_text(PG_GETARG_CSTRING(0), &cx_rate_family));
}

/* rate_summary binary input */
Datum
cxkpi_rate_summary_recv(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(cx_scale_recv((StringInfo) PG_GETARG_POINTER(0),
									&cx_rate_family));
}

/* rate_agg(outcome): count the outcome (NULL: row skipped). */
Datum
cxkpi_rate_agg_transfn(PG_FUNCTION_ARGS)
{
	CxScaleSummary *s = cx_scale_family_state(fcinfo, &cx_rate_family, 0);

	if (!PG_ARGISNULL(1))
		cx_scale_add(s, PG_GETARG_BOOL(1) ? 1 : 0);
	PG_RETURN_POINTER(s);
}

/* rate_agg(outcome, weight) (NULL outcome or weight: row skipped). */
Datum
cxkpi_rate_agg_weighted_transfn(PG_FUNCTION_ARGS)
{
	CxScaleSummary *s = cx_scale_family_state(fcinfo, &cx_rate_family, 0);

	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
		s = cx_scale_add_weighted_to(s, PG_GETARG_BOOL(1) ? 1 : 0, PG_GETARG_FLOAT8(2));
	PG_RETURN_POINTER(s);
}

/* Moving-window inverse of rate_agg(outcome). */
Datum
cxkpi_rate_agg_invfn(PG_FUNCTION_ARGS)
{
	CxScaleSummary *s;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();		/* nothing to undo: make the window restart */
	s = cx_scale_family_state(fcinfo, &cx_rate_family, 0);
	if (!PG_ARGISNULL(1) && !cx_scale_remove(s, PG_GETARG_BOOL(1) ? 1 : 0))
		PG_RETURN_NULL();		/* weighted: cannot undo exactly, restart */
	PG_RETURN_POINTER(s);
}

/* ci_lower(s, confidence, method) */
Datum
cxkpi_rate_ci_lower(PG_FUNCTION_ARGS)
{
	CxInterval	ci;

	if (!interval_args(fcinfo, &ci))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(ci.lower);
}

/* ci_upper(s, confidence, method) */
Datum
cxkpi_rate_ci_upper(PG_FUNCTION_ARGS)
{
	CxInterval	ci;

	if (!interval_args(fcinfo, &ci))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(ci.upper);
}

/* margin_of_error(s, confidence, method): half the interval's width. */
Datum
cxkpi_rate_margin_of_error(PG_FUNCTION_ARGS)
{
	CxInterval	ci;

	if (!interval_args(fcinfo, &ci))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(ci.half);
}

/* rate_difference(a, b): rate_a - rate_b. */
Datum
cxkpi_rate_difference(PG_FUNCTION_ARGS)
{
	RateComparison c;

	compare_args(fcinfo, 0.95, false, &c);
	RETURN_IF_OK(difference_ok, c.difference.estimate);
}

/* rate_difference_ci_lower(a, b, confidence): Newcombe hybrid score. */
Datum
cxkpi_rate_difference_ci_lower(PG_FUNCTION_ARGS)
{
	RateComparison c;

	compare_args(fcinfo, PG_GETARG_FLOAT8(2), false, &c);
	RETURN_IF_OK(difference_ok, c.difference.lower);
}

/* rate_difference_ci_upper(a, b, confidence) */
Datum
cxkpi_rate_difference_ci_upper(PG_FUNCTION_ARGS)
{
	RateComparison c;

	compare_args(fcinfo, PG_GETARG_FLOAT8(2), false, &c);
	RETURN_IF_OK(difference_ok, c.difference.upper);
}

/* relative_lift(a, b): rate_a / rate_b - 1; NULL when rate_b is 0. */
Datum
cxkpi_rate_relative_lift(PG_FUNCTION_ARGS)
{
	RateComparison c;

	compare_args(fcinfo, 0.95, false, &c);
	RETURN_IF_OK(lift_ok, c.lift.estimate);
}

/* relative_lift_ci_lower(a, b, confidence): Katz log interval. */
Datum
cxkpi_rate_relative_lift_ci_lower(PG_FUNCTION_ARGS)
{
	RateComparison c;

	compare_args(fcinfo, PG_GETARG_FLOAT8(2), false, &c);
	RETURN_IF_OK(lift_ok, c.lift.lower);
}

/* relative_lift_ci_upper(a, b, confidence) */
Datum
cxkpi_rate_relative_lift_ci_upper(PG_FUNCTION_ARGS)
{
	RateComparison c;

	compare_args(fcinfo, PG_GETARG_FLOAT8(2), false, &c);
	RETURN_IF_OK(lift_ok, c.lift.upper);
}

/* probability_to_beat(a, b): P(rate_a > rate_b), Beta(1, 1) priors. */
Datum
cxkpi_rate_probability_to_beat(PG_FUNCTION_ARGS)
{
	RateComparison c;

	compare_args(fcinfo, 0.95, true, &c);
	RETURN_IF_OK(cx_unit_interval, c.beat);
}

/* rate_comparison(a, b, confidence): every comparison as one row. */
Datum
cxkpi_rate_comparison(PG_FUNCTION_ARGS)
{
	RateComparison c;
	Datum		values[10];
	bool		nulls[10];

	compare_args(fcinfo, PG_GETARG_FLOAT8(2), true, &c);
	ROW_SET(0, cx_unit_interval, c.rate_a);
	ROW_SET(1, cx_unit_interval, c.rate_b);
	ROW_SET(2, difference_ok, c.difference.estimate);
	ROW_SET(3, difference_ok, c.difference.lower);
	ROW_SET(4, difference_ok, c.difference.upper);
	ROW_SET(5, lift_ok, c.lift.estimate);
	ROW_SET(6, lift_ok, c.lift.lower);
	ROW_SET(7, lift_ok, c.lift.upper);
	ROW_SET(8, cx_unit_interval, c.p_value);
	ROW_SET(9, cx_unit_interval, c.beat);
	return cx_report_row(fcinfo, values, nulls, 10);
}

/* Raise 22023: the input what (v) is out of range. */
cx_noreturn static void
bad_input(const char *what, double v, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s %s is out of range", what, float8out_internal(v)),
			 errdetail("%s", detail)));
}

/*
 * rate_sample_size(baseline_rate, relative_lift, power, confidence): trials
 * per group, the ceiling of R's power.prop.test n (two-sided).
 */
Datum
cxkpi_rate_sample_size(PG_FUNCTION_ARGS)
{
	double		base = PG_GETARG_FLOAT8(0);
	double		lift = PG_GETARG_FLOAT8(1);
	double		power = PG_GETARG_FLOAT8(2);
	double		confidence = PG_GETARG_FLOAT8(3);
	double		n;

	if (!(base > 0.0 && base < 1.0))
		bad_input("baseline rate", base,
				 "The baseline rate must be strictly between 0 and 1.");
	if (!(isfinite(lift) && lift != 0.0 &&
		  base * (1.0 + lift) > 0.0 && base * (1.0 + lift) < 1.0))
		bad_input("relative lift", lift,
				 "The lift must not be 0 and baseline_rate * (1 + relative_lift) must be strictly between 0 and 1.");
	if (!(power > 0.0 && power < 1.0))
		bad_input("power", power,
				 "The power must be strictly between 0 and 1, for example 0.8.");
	cx_check_confidence(confidence);
	n = ceil(cx_rate_sample_size(base, lift, confidence, power));
	if (!(n >= 1.0 && n < 9.2e18))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("sample size out of range"),
				 errdetail("The lift is too small to detect with fewer than 9.2e18 trials per group.")));
	PG_RETURN_INT64((int64) n);
}

/*
 * poisson_rate_ratio(events_a, exposure_a, events_b, exposure_b,
 * confidence): (events_a / exposure_a) / (events_b / exposure_b) with the
 * exact conditional interval and p-value of R's poisson.test.
 */
Datum
cxkpi_poisson_rate_ratio(PG_FUNCTION_ARGS)
{
	int64		xa = PG_GETARG_INT64(0);
	double		ta = PG_GETARG_FLOAT8(1);
	int64		xb = PG_GETARG_INT64(2);
	double		tb = PG_GETARG_FLOAT8(3);
	double		confidence = PG_GETARG_FLOAT8(4);
	CxRateEstimate r;
	Datum		values[4];
	bool		nulls[4];

	if (xa < 0 || xb < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("event count %lld is negative", (long long) (xa < 0 ? xa : xb)),
				 errdetail("Event counts must be non-negative integers.")));
	if (!(ta > 0.0 && isfinite(ta)) || !(tb > 0.0 && isfinite(tb)))
		bad_input("exposure", !(ta > 0.0 && isfinite(ta)) ? ta : tb,
				 "Exposures (days, customers, ...) must be positive and finite.");
	if (xa > PG_INT64_MAX - xb)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("event counts out of range"),
				 errdetail("events_a + events_b must fit in a bigint.")));
	cx_check_confidence(confidence);
	r = cx_poisson_rate_ratio(xa, ta, xb, tb, confidence);
	ROW_SET(0, nonnegative_ok, r.estimate);
	ROW_SET(1, nonnegative_ok, r.lower);
	ROW_SET(2, nonnegative_ok, r.upper);	/* NULL: unbounded (no events in b) */
	ROW_SET(3, cx_unit_interval, cx_poisson_rate_ratio_p(xa, ta, xb, tb));
	return cx_report_row(fcinfo, values, nulls, 4);
}

/* rate_report(s, confidence, method): every accessor of s as one row. */
Datum
cxkpi_rate_report(PG_FUNCTION_ARGS)
{
	CxScaleSummary *s = cx_scale_arg(fcinfo, 0);
	double		confidence = PG_GETARG_FLOAT8(1);
	CxBinomMethod method = method_arg(fcinfo, 2);
	CxEstimate	e;
	CxInterval	ci = {NAN, NAN, NAN};
	double		r = NAN;
	double		n_eff = NAN;
	Datum		values[9];
	bool		nulls[9] = {false};

	if (!rate_method_interval(s, confidence, method, &ci))
		ci.lower = ci.upper = ci.half = NAN;
	if (!rate_of(s, &r))
		r = NAN;
	if (!cx_scale_effective_n(s, &n_eff))
		n_eff = NAN;
	if (!rate_estimate(s, &e))
		e.se = NAN;
	ROW_SET(0, cx_unit_interval, r);
	values[1] = Int64GetDatum(cx_scale_good_count(s));
	values[2] = Int64GetDatum(cx_scale_responses(s));
	values[3] = Float8GetDatum(cx_scale_total_weight(s));
	ROW_SET(4, nonnegative_ok, n_eff);
	ROW_SET(5, nonnegative_ok, e.se);
	ROW_SET(6, nonnegative_ok, ci.half);
	ROW_SET(7, cx_unit_interval, ci.lower);
	ROW_SET(8, cx_unit_interval, ci.upper);
	return cx_report_row(fcinfo, values, nulls, 9);
}

/* rate_summary::jsonb: every accessor's value by name (95% Wilson interval). */
Datum
cxkpi_rate_summary_jsonb(PG_FUNCTION_ARGS)
{
	CxScaleSummary *s = cx_scale_arg(fcinfo, 0);
	StringInfoData buf;
	CxEstimate	e;
	CxInterval	ci = {0};
	double		v = 0.0;
	bool		has;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	has = rate_of(s, &v);
	cx_json_double(&buf, "rate", !has, v);
	cx_json_int64(&buf, "successes", cx_scale_good_count(s));
	cx_json_int64(&buf, "trials", cx_scale_responses(s));
	cx_json_double(&buf, "total_weight", false, cx_scale_total_weight(s));
	has = cx_scale_effective_n(s, &v);
	cx_json_double(&buf, "effective_n", !has, v);
	has = rate_estimate(s, &e) && cx_in_domain(&e.se, 0.0, INFINITY);
	cx_json_double(&buf, "std_error", !has, has ? e.se : 0);
	cx_json_double(&buf, "confidence", false, 0.95);
	appendStringInfoString(&buf, ",\"method\":\"wilson\"");
	has = rate_method_interval(s, 0.95, CX_BINOM_WILSON, &ci);
	cx_json_double(&buf, "margin_of_error", !has, ci.half);
	cx_json_double(&buf, "ci_lower", !has, ci.lower);
	cx_json_double(&buf, "ci_upper", !has, ci.upper);
	appendStringInfoChar(&buf, '}');
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}
