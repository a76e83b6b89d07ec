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
#include <float.h>
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
	return 0.0 - cx_norm_quantile((1.0 - confidence) / 2.0);	/* never -0 */
}

/* Two-sided tail probability of a standard normal statistic. */
double
cx_norm_two_sided_p(double z)
{
	return erfc(fabs(z) / CX_SQRT2);
}

/*
 * Student's t distribution
 *
 * For T with df = nu > 0 degrees of freedom (real nu: Welch-Satterthwaite
 * degrees of freedom are not integers) and t <= 0,
 *
 *		P(T <= t) = I_x(nu/2, 1/2) / 2,		x = nu / (nu + t^2),
 *
 * where I_x(a, b) is the regularized incomplete beta function.  Every
 * tail probability is computed this way, directly: a small tail is never
 * obtained as 1 - (something close to 1), so it keeps its relative
 * accuracy down to the underflow threshold.  x and 1 - x are both formed
 * from t^2/nu or nu/t^2 (whichever is at most 1), together with their
 * logarithms, so neither loses digits by cancellation nor overflows when
 * t^2 would.
 *
 * I_x(a, b) is evaluated with the continued fraction (DLMF 8.17.22)
 *
 *		I_x(a, b) = x^a (1-x)^b / (a B(a, b)) * 1 / (1 + d1 / (1 + d2 / (1 + ...)))
 *
 *		d(2m+1) = -(a + m) (a + b + m) x / ((a + 2m) (a + 2m + 1))
 *		d(2m)   = m (b - m) x / ((a + 2m - 1) (a + 2m))
 *
 * summed with the modified Lentz algorithm.  The fraction converges fast
 * for x < (a + 1) / (a + b + 2); above that point the symmetry
 * I_x(a, b) = 1 - I_{1-x}(b, a) is used, and there I_x(a, b) is not small,
 * so the subtraction costs no relative accuracy.
 *
 * The prefactor x^a (1-x)^b / B(a, b) is computed as one exponential.  For
 * large nu, log B(nu/2, 1/2) from three calls to lgamma() would lose about
 * log(nu) digits to cancellation (lgamma(5e6) is 7e7), so log B is taken
 * from Stirling's series with its error term delta(z) = lgamma(z) -
 * ((z - 1/2) log z - z + log sqrt(2 pi)) evaluated separately; the large
 * terms then cancel analytically.
 *
 * The fraction needs O(sqrt(nu)) terms near its switching point, which is
 * fine for the df range of survey data (up to about 1e9).  Beyond
 * CX_T_NORMAL_DF the t distribution is the normal one to double precision
 * (the relative difference in the tails is about z^4 / (4 nu)), and the
 * normal functions are used.
 *
 * The quantile solves P(T <= t) = q for q = min(p, 1 - p) in the lower
 * tail, in the variable s = log(-t): there log P(T <= t) is close to
 * linear for heavy tails (it is exactly -s - log pi in the Cauchy tail)
 * and concave for light ones, so Newton steps on g(s) = log P - log q
 * converge quickly from either kind of start.  The root is bracketed
 * between the normal quantile (t has heavier tails, so |t_q| > |z_q|) and
 * the tail bound |t|^nu <= K nu^((nu-1)/2) / q that follows from
 * (1 + t^2/nu) >= t^2/nu in the density; a Newton step that leaves the
 * bracket is replaced by bisection.  The start is the Cornish-Fisher
 * expansion (Abramowitz & Stegun 26.7.5), which is already within 1e-7 for
 * nu in the thousands and needs at most a handful of steps elsewhere.
 */

#define CX_LN_SQRT_2PI	0.91893853320467274178	/* log(sqrt(2 pi)) */
#define CX_STIRLING_MIN	15.0	/* delta(z) from the series above this */
#define CX_T_NORMAL_DF	1e25	/* larger df: use the normal distribution */
#define CX_CF_MAX_ITER	1000000

/* Stirling error delta(z) = lgamma(z) - ((z - 1/2) log z - z + log sqrt 2pi). */
static double
stirling_delta(double z)
{
	double		r;
	double		r2;

	if (z < CX_STIRLING_MIN)
		return lgamma(z) - (z - 0.5) * log(z) + z - CX_LN_SQRT_2PI;

	/* Bernoulli series; at z = 15 the first omitted term is below 1e-19. */
	r = 1.0 / z;
	r2 = r * r;
	return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 *
				(1.0 / 1680 - r2 * (1.0 / 1188 - r2 * (691.0 / 360360 -
														r2 / 156))))));
}

/* log B(a, b), without cancellation when one argument is large. */
static double
log_beta(double a, double b)
{
	double		big = (a > b) ? a : b;
	double		small = (a > b) ? b : a;

	if (big < CX_STIRLING_MIN)
		return lgamma(a) + lgamma(b) - lgamma(a + b);

	/*
	 * Stirling's formula for all three gamma functions; the terms of order
	 * big * log(big) cancel in closed form, leaving log1p(small / big).
	 */
	return CX_LN_SQRT_2PI + (small - 0.5) * log(small)
		- (big - 0.5) * log1p(small / big) - small * log(big + small)
		+ stirling_delta(big) + stirling_delta(small)
		- stirling_delta(big + small);
}

/*
 * Continued fraction of I_x(a, b) (without the prefactor), modified Lentz.
 * Returns 1 / (1 + d1 / (1 + d2 / (1 + ...))).
 */
static double
incbeta_cf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double		f = 1.0;		/* value of 1 + d1/(1 + d2/(...)) so far */
	double		c = 1.0;		/* Lentz's C_n */
	double		d = 0.0;		/* Lentz's D_n */
	int			n;

	for (n = 1; n <= CX_CF_MAX_ITER; n++)
	{
		double		m = (double) (n / 2);
		double		dn;
		double		delta;

		if (n % 2 == 1)
			dn = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
		else
			dn = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));

		d = 1.0 + dn * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1.0 + dn / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		delta = c * d;
		f *= delta;
		if (fabs(delta - 1.0) <= DBL_EPSILON)
			break;
	}
	return 1.0 / f;
}

/*
 * Regularized incomplete beta I_x(a, b), given x, y = 1 - x and their logs
 * (each computed accurately by the caller).  Accurate in relative terms
 * when x < (a + 1) / (a + b + 2); above that it is at least moderately
 * large.  Intended for min(a, b) modest (here b = 1/2 or a = 1/2).
 */
static double
incbeta(double a, double b, double x, double y, double lx, double ly)
{
	if (x <= 0.0)
		return 0.0;
	if (y <= 0.0)
		return 1.0;
	if (x < (a + 1.0) / (a + b + 2.0))
		return exp(a * lx + b * ly - log_beta(a, b)) / a *
			incbeta_cf(a, b, x);
	return 1.0 - exp(b * ly + a * lx - log_beta(b, a)) / b *
		incbeta_cf(b, a, y);
}

/*
 * For |t| and df, x = df / (df + t^2), y = 1 - x and their logarithms,
 * without overflow of t^2 and without cancellation in 1 - x.
 */
static void
t_beta_args(double t, double df, double *x, double *y, double *lx, double *ly)
{
	double		at = fabs(t);

	if (at * at < df)
	{
		double		u = (at / df) * at; /* t^2 / df < 1 */
		double		l1p = log1p(u);

		*x = 1.0 / (1.0 + u);
		*y = u / (1.0 + u);
		*lx = -l1p;
		*ly = (u > 0.0) ? log(u) - l1p : -HUGE_VAL;
	}
	else
	{
		double		r = (df / at) / at; /* df / t^2 <= 1, may underflow */
		double		l1p = log1p(r);

		*x = r / (1.0 + r);
		*y = 1.0 / (1.0 + r);
		*lx = log(df) - 2.0 * log(at) - l1p;
		*ly = -l1p;
	}
}

/* P(T <= -|t|) for df > 0: the lower tail, accurate in relative terms. */
static double
t_lower_tail(double t, double df)
{
	double		x;
	double		y;
	double		lx;
	double		ly;

	if (isinf(t))
		return 0.0;
	if (df > CX_T_NORMAL_DF)
		return norm_cdf(-fabs(t));
	t_beta_args(t, df, &x, &y, &lx, &ly);
	return 0.5 * incbeta(0.5 * df, 0.5, x, y, lx, ly);
}

/* log of the t density at t, for df > 0 (finite t). */
static double
t_log_density(double t, double df)
{
	double		x;
	double		y;
	double		lx;
	double		ly;

	if (df > CX_T_NORMAL_DF)
		return -0.5 * t * t - CX_LN_SQRT_2PI;
	/* f(t) = (df / (df + t^2))^((df + 1)/2) / (sqrt(df) B(df/2, 1/2)) */
	t_beta_args(t, df, &x, &y, &lx, &ly);
	return 0.5 * (df + 1.0) * lx - 0.5 * log(df) - log_beta(0.5 * df, 0.5);
}

/* CDF of Student's t distribution with df > 0 (real) degrees of freedom. */
double
cx_t_cdf(double t, double df)
{
	double		tail;

	if (isnan(t) || isnan(df) || !(df > 0.0))
		return NAN;
	tail = t_lower_tail(t, df);
	return (t < 0.0) ? tail : 1.0 - tail;
}

/* Two-sided p-value 2 P(T > |t|) of a t statistic with df > 0. */
double
cx_t_two_sided_p(double t, double df)
{
	if (isnan(t) || isnan(df) || !(df > 0.0))
		return NAN;
	return 2.0 * t_lower_tail(t, df);
}

/* Cornish-Fisher start for the t quantile from the normal quantile z. */
static double
t_quantile_start(double z, double df)
{
	double		z2 = z * z;
	double		g1 = z * (z2 + 1.0) / 4.0;
	double		g2 = z * ((5.0 * z2 + 16.0) * z2 + 3.0) / 96.0;
	double		g3 = z * (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) / 384.0;
	double		g4 = z * ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) *
						  z2 - 945.0) / 92160.0;

	return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}

/* Quantile of Student's t: t with P(T <= t) = p, for 0 < p < 1, df > 0. */
double
cx_t_quantile(double p, double df)
{
	double		q;
	double		z;
	double		lq;
	double		lo;				/* s below the root: g(lo) >= 0 */
	double		hi;				/* s above the root: g(hi) <= 0 */
	double		s;
	double		t0;
	int			i;

	if (isnan(p) || isnan(df) || !(df > 0.0) || !(p > 0.0 && p < 1.0))
		return NAN;
	if (p == 0.5)
		return 0.0;
	if (df > CX_T_NORMAL_DF)
		return cx_norm_quantile(p);

	/* Lower tail; 1 - p is exact for p > 0.5 (Sterbenz). */
	q = (p < 0.5) ? p : 1.0 - p;
	lq = log(q);
	z = cx_norm_quantile(q);

	/* Bracket for s = log(-t), widened a little against rounding. */
	lo = log(-z) - 1e-3;
	hi = ((0.5 * df - 1.0) * log(df) - log_beta(0.5 * df, 0.5) - lq) / df
		+ 1e-3;

	t0 = t_quantile_start(z, df);
	s = (t0 < 0.0) ? log(-t0) : lo;
	if (!(s > lo && s < hi))
		s = 0.5 * (lo + hi);

	for (i = 0; i < 200; i++)
	{
		double		t = -exp(s);
		double		tail = t_lower_tail(t, df);
		double		g = log(tail) - lq;
		double		slope;
		double		next;

		if (g == 0.0)
			break;
		if (g > 0.0)
			lo = s;
		else
			hi = s;

		/* dg/ds = t f(t) / P(T <= t) */
		slope = t * exp(t_log_density(t, df) - log(tail));
		next = s - g / slope;
		if (!(next > lo && next < hi))
			next = 0.5 * (lo + hi);
		if (fabs(next - s) <= 2.0 * DBL_EPSILON * fmax(1.0, fabs(s)) ||
			hi - lo <= 2.0 * DBL_EPSILON * fmax(1.0, fabs(s)))
		{
			s = next;
			break;
		}
		s = next;
	}

	return (p < 0.5) ? -exp(s) : exp(s);
}

/* Critical value t with P(|T| <= t) = confidence, for df > 0. */
double
cx_t_for_confidence(double confidence, double df)
{
	return -cx_t_quantile((1.0 - confidence) / 2.0, df);
}
