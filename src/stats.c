/*
 * stats.c
 *	  Normal-distribution helpers shared by every cxkpi family.
 *
 * The quantile starts from the Abramowitz & Stegun 26.2.23 rational
 * approximation (absolute error below 4.5e-4) and polishes it with Halley
 * steps on Phi(x) - p, where Phi is computed from the C library's erfc().
 * Halley's method converges cubically, so two or three steps reach full
 * double precision; the loop stops when a step no longer moves x.  Working
 * in the lower tail (p <= 0.5, x <= 0) keeps Phi(x) = erfc(-x/sqrt2)/2
 * accurate in relative terms even for p far below 1e-300.
 */
#include <math.h>

#include "stats.h"

#define CX_SQRT2	1.41421356237309504880
#define CX_SQRT2PI	2.50662827463100050242

/* Lower-tail normal CDF, accurate in relative terms for x <= 0. */
static double
norm_cdf(double x)
{
	return 0.5 * erfc(-x / CX_SQRT2);
}

/* Quantile of the standard normal distribution for 0 < p < 1. */
double
cx_norm_quantile(double p)
{
	double		q;
	double		t;
	double		x;
	int			i;

	if (!(p > 0.0 && p < 1.0))
		return NAN;
	if (p == 0.5)
		return 0.0;

	/* Solve in the lower tail, mirror at the end. */
	q = (p < 0.5) ? p : 1.0 - p;

	t = sqrt(-2.0 * log(q));
	x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) /
		  (1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));

	for (i = 0; i < 50; i++)
	{
		double		pdf = exp(-0.5 * x * x) / CX_SQRT2PI;
		double		u;
		double		step;

		if (pdf == 0.0)
			break;
		u = (norm_cdf(x) - q) / pdf;
		step = u / (1.0 + 0.5 * x * u);
		x -= step;
		if (fabs(step) <= 1e-17 * fabs(x))
			break;
	}

	/*
	 * For p > 0.5 we solved for 1 - p, which is exact only when 1 - p is
	 * representable; it is whenever p >= 0.5 (Sterbenz).
	 */
	return (p < 0.5) ? x : -x;
}

/* z such that P(|Z| <= z) = confidence. */
double
cx_z_for_confidence(double confidence)
{
	return -cx_norm_quantile((1.0 - confidence) / 2.0);
}

/* Two-sided tail probability of a standard normal statistic. */
double
cx_norm_two_sided_p(double z)
{
	return erfc(fabs(z) / CX_SQRT2);
}
