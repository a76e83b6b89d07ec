/*
 * stats.c
 *	  Normal and Student-t distribution helpers shared by every cxkpi family.
 *
 * The quantile starts from the Abramowitz & Stegun 26.2.23 rational
 * approximation (absolute error below 4.5e-4) and polishes it with Halley
 * steps on Phi(x) - p, where Phi is computed from the C library's erfc().
 * Halley's method converges cubically, so two or three steps reach full
 * double precision; the loop stops when a step no longer moves x.  Working
 * in the lower tail (p <= 0.5, x <= 0) keeps Phi(x) = erfc(-x/sqrt2)/2
 * accurate in relative terms even for p far below 1e-300.
 *
 * The Student-t functions further down have their own note on method.
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
	double		prev;
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

	/*
	 * Halley's iteration converges cubically from the start (error
	 * < 4.5e-4), and within three steps it reaches rounding level, where it
	 * either stops (a zero step) or cycles between neighbouring doubles.
	 * The result is defined as the 50th iterate, as it always has been; a
	 * cycle of length 1 or 2 is detected and its 50th point taken directly,
	 * so the usual levels cost a handful of iterations, not 50, with the
	 * very same bits.
	 */
	prev = NAN;
	for (i = 0; i < 50; i++)
	{
		double		pdf = exp(-0.5 * x * x) / CX_SQRT2PI;
		double		u;
		double		step;
		double		next;

		if (pdf == 0.0)
			break;
		u = (norm_cdf(x) - q) / pdf;
		step = u / (1.0 + 0.5 * x * u);
		next = x - step;
		if (fabs(step) <= 1e-17 * fabs(next) || next == x)
		{
			x = next;
			break;
		}
		if (next == prev)
		{
			/* x(i+1) = x(i-1): x(50) is next if 50 - (i - 1) is even */
			if ((51 - i) % 2 == 0)
				x = next;
			break;
		}
		prev = x;
		x = next;
	}

	/*
	 * For p > 0.5 we solved for 1 - p, which is exact only when 1 - p is
	 * representable; it is whenever p >= 0.5 (Sterbenz).
	 */
	return (p < 0.5) ? x : -x;
}

/*
 * z such that P(|Z| <= z) = confidence.  The last level asked for is
 * remembered: a query reads intervals at one level for every group.
 */
double
cx_z_for_confidence(double confidence)
{
	static double last_confidence = NAN;
	static double last_z = NAN;

	if (confidence != last_confidence)
	{
		last_z = 0.0 - cx_norm_quantile((1.0 - confidence) / 2.0);	/* never -0 */
		last_confidence = confidence;
	}
	return last_z;
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
 * where I_x(a, b) is the regularized incomplete beta function.  Every tail
 * probability is computed this way, directly: a small tail is never
 * obtained as 1 - (something close to 1), so it keeps its relative
 * accuracy down to the underflow threshold (to a few eps times |log p|,
 * which is also how much rounding t itself costs).  x, 1 - x and their
 * logarithms are all formed from t^2/nu or nu/t^2, whichever is at most
 * 1, so nothing cancels, and nothing breaks when t^2 or x would overflow
 * or underflow.
 *
 * I_x(a, b) is summed from the continued fraction (DLMF 8.17.22)
 *
 *		I_x(a, b) = x^a (1-x)^b / (a B(a, b)) / (1 + d1 / (1 + d2 / (1 + ...)))
 *
 *		d(2m+1) = -(a + m) (a + b + m) x / ((a + 2m) (a + 2m + 1))
 *		d(2m)   = m (b - m) x / ((a + 2m - 1) (a + 2m))
 *
 * with the modified Lentz algorithm.  It converges fast for
 * x < (a + 1) / (a + b + 2); above that point the symmetry
 * I_x(a, b) = 1 - I_{1-x}(b, a) is used, and there I_x(a, b) is not small,
 * so the subtraction costs no relative accuracy.
 *
 * The fraction is ill-conditioned when a is large and x is close to 1
 * (1 + d1 nearly cancels; for nu = 1e7 about 1e-10 is lost), which is the
 * usual case for large df.  So for a = nu/2 >= 15 and x >= 1/e the tail
 * comes from the expansion for large a and b <= 1 of DiDonato and Morris
 * (ACM TOMS 708, "BGRAT"), derived here for b = 1/2.  With x = exp(-T),
 * substituting u = exp(-s) in the beta integral gives
 *
 *		I_x(a, b) = 1/B(a, b) * Int_T^inf exp(-n s) s^(b-1) g(s) ds,
 *		n = a + (b - 1)/2,  g(s) = (sinh(s/2) / (s/2))^(b-1) = Sum c_k s^2k,
 *
 * and integrating term by term,
 *
 *		I_x(a, b) = 1/B(a, b) * Sum c_k Gamma(b + 2k, n T) / n^(b + 2k).
 *
 * For b = 1/2, Gamma(1/2, z) = sqrt(pi) erfc(sqrt z), and the recurrence
 * Gamma(s + 1, z) = s Gamma(s, z) + z^s exp(-z) climbs from there using
 * only positive terms.  c_k shrinks like (2 pi)^-2k (g is singular at
 * s = +-2 pi i), so with T <= 1 and n >= 14.75 thirteen terms reach double
 * precision.  As nu grows the leading term becomes the normal tail.
 *
 * The prefactors x^a (1-x)^b / B(a, b) and 1 / B(a, b) are computed as
 * exponentials of sums of logarithms.  For large nu, log B(nu/2, 1/2) from
 * three calls to lgamma() would lose about log10(nu) digits to
 * cancellation (lgamma(5e6) is 7e7), so log B is taken from Stirling's
 * formula with its error term delta(z) = lgamma(z) - ((z - 1/2) log z - z +
 * log sqrt(2 pi)) evaluated separately; the large terms cancel in closed
 * form.  Above nu = 1e25 the t distribution equals the normal one to
 * double precision (the relative difference in the tails is about
 * z^4 / (4 nu)), and the normal functions are used.
 *
 * The quantile solves P(T <= t) = q for q = min(p, 1 - p) in the lower
 * tail, in the variable s = log(-t): log P(T <= t) is close to linear in s
 * for heavy tails (in the Cauchy tail it is -s - log pi) and concave for
 * light ones, so Newton steps on g(s) = log P - log q converge quickly
 * from either kind of start, and t keeps its relative accuracy over its
 * whole range.  The root is bracketed by the normal quantile (t has
 * heavier tails, so |t_q| > |z_q|) and by the bound
 * P(T <= t) <= nu^(nu/2 - 1) |t|^-nu / B(nu/2, 1/2), from
 * 1 + t^2/nu >= t^2/nu in the density; a Newton step that leaves the
 * bracket is replaced by bisection.  The start is the Cornish-Fisher
 * expansion (Abramowitz & Stegun 26.7.5), very close for large nu and a
 * few steps away elsewhere.  If the root lies beyond DBL_MAX (nu well
 * below 1 and a tiny q), the result is -inf or +inf.
 */

#define CX_LN_SQRT_2PI	0.91893853320467274178	/* log(sqrt(2 pi)) */
#define CX_STIRLING_MIN	15.0	/* delta(z) from the series above this */
#define CX_T_NORMAL_DF	1e25	/* larger df: use the normal distribution */
#define CX_CF_MAX_ITER	1000	/* the fraction needs at most about 50 */
#define CX_T_LARGE_A	15.0	/* df/2 from which x near 1 uses the expansion */
#define CX_SQRTPI	1.77245385090551602730	/* sqrt(pi) */

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
	/* x or y may have underflowed to 0; lx and ly still carry the value */
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

/*
 * I_x(a, 1/2) for large a and x = exp(-T) near 1, by the expansion in
 * incomplete gamma functions described in the Student-t note above.
 */
static double
incbeta_half_large_a(double a, double T)
{
	/* Taylor coefficients of (sinh(s/2) / (s/2))^(-1/2) in powers of s^2 */
	static const double c[] = {
		1.0,
		-2.0833333333333333333e-02,		/* -1/48 */
		3.9062500000000000000e-04,		/* 1/2560 */
		-7.8796709656084656085e-06,		/* -61/7741440 */
		1.6967665791721781305e-07,
		-3.8050641917219065657e-09,
		8.7483775963154073041e-11,
		-2.0445233594119738176e-12,
		4.8333517979677044083e-14,
		-1.1524341017673859239e-15,
		2.7660520435993700423e-17,
		-6.6742819508916599512e-19,
		1.6174550771815798882e-20
	};
	const int	nc = (int) (sizeof(c) / sizeof(c[0]));
	double		n = a - 0.25;	/* a + (b - 1)/2 */
	double		z = n * T;
	double		h;				/* Gamma(1/2 + j, z) / n^j */
	double		w;				/* sqrt(z) exp(-z) T^j / n */
	double		sum;
	int			j;

	h = CX_SQRTPI * erfc(sqrt(z));
	w = sqrt(z) * exp(-z) / n;
	sum = h;
	for (j = 0; j < 2 * (nc - 1); j++)
	{
		/* Gamma(s + 1, z) = s Gamma(s, z) + z^s exp(-z), s = 1/2 + j */
		h = (j + 0.5) / n * h + w;
		w *= T;
		if (j % 2 == 1)
			sum += c[(j + 1) / 2] * h;
	}
	return sum * exp(-log_beta(a, 0.5) - 0.5 * log(n));
}

/* P(T <= -|t|) for df > 0: the lower tail, accurate in relative terms. */
static double
t_lower_tail(double t, double df)
{
	double		a = 0.5 * df;
	double		x;
	double		y;
	double		lx;
	double		ly;

	if (isinf(t))
		return 0.0;
	if (df > CX_T_NORMAL_DF)
		return norm_cdf(-fabs(t));
	t_beta_args(t, df, &x, &y, &lx, &ly);
	if (a >= CX_T_LARGE_A && -lx <= 1.0)
		return 0.5 * incbeta_half_large_a(a, -lx);
	return 0.5 * incbeta(a, 0.5, x, y, lx, ly);
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
	double		p;

	if (isnan(t) || isnan(df) || !(df > 0.0))
		return NAN;
	if (t == 0.0)
		return 1.0;				/* exactly: the series gives 1 +- 1 ulp */
	p = 2.0 * t_lower_tail(t, df);
	return isnan(p) ? p : fmin(1.0, p);	/* rounding can reach 1 + ulps */
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
	double		noise;
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
	lo = (z < 0.0) ? log(-z) - 1e-3 : log(DBL_MIN);
	hi = ((0.5 * df - 1.0) * log(df) - log_beta(0.5 * df, 0.5) - lq) / df
		+ 1e-3;

	/* The quantile may lie beyond DBL_MAX (df well below 1, tiny q). */
	if (hi >= log(DBL_MAX))
	{
		if (t_lower_tail(-DBL_MAX, df) > q)
			return (p < 0.5) ? -HUGE_VAL : HUGE_VAL;
		hi = log(DBL_MAX);
	}

	/* log q - log P(T <= t) is only known to within a few eps (1 + |log q|) */
	noise = 8.0 * DBL_EPSILON * (1.0 - lq);

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

		if (g > 0.0)
			lo = s;
		else if (g < 0.0)
			hi = s;
		else
			break;

		/* dg/ds = t f(t) / P(T <= t) */
		slope = t * exp(t_log_density(t, df) - log(tail));
		next = s - g / slope;

		/*
		 * Stop when the residual is down to rounding noise or the step is
		 * below 1e-14 in s (a relative change of 1e-14 in t).  Convergence
		 * is quadratic, so the last step, kept if it stays in the bracket,
		 * leaves t as accurate as P(T <= t) allows.  Near t = 0 the slope in
		 * s is tiny and a residual of pure noise asks for a large step in s,
		 * where Newton's linear model no longer holds; such a step is
		 * dropped (its linear part, t (next - s), is below the noise).
		 */
		if (fabs(g) <= noise || fabs(next - s) <= 1e-14)
		{
			if (next >= lo && next <= hi && fabs(next - s) <= 0.01)
				s = next;
			break;
		}
		if (!(next > lo && next < hi))
			next = 0.5 * (lo + hi);
		s = next;
		if (hi - lo <= 4.0 * DBL_EPSILON * fmax(1.0, fabs(s)))
			break;
	}

	return (p < 0.5) ? -exp(s) : exp(s);
}

/* Critical value t with P(|T| <= t) = confidence, for df > 0. */
double
cx_t_for_confidence(double confidence, double df)
{
	return -cx_t_quantile((1.0 - confidence) / 2.0, df);
}

void
cx_wilson_interval(double p, double n, double z,
				   double *lower, double *upper, double *half)
{
	double		z2n = z * z / n;
	double		centre = (p + z2n / 2.0) / (1.0 + z2n);

	*half = z * sqrt(p * (1.0 - p) / n + z2n / (4.0 * n)) / (1.0 + z2n);
	*lower = fmax(0.0, centre - *half);
	*upper = fmin(1.0, centre + *half);
	/* the closed forms at the ends, without rounding residue */
	if (p <= 0.0)
		*lower = 0.0;
	if (p >= 1.0)
		*upper = 1.0;
}

double
cx_two_proportion_p(double pa, double na, double pb, double nb)
{
	double		q = (pa * na + pb * nb) / (na + nb);
	double		se = sqrt(q * (1.0 - q) * (1.0 / na + 1.0 / nb));

	if (!(se > 0.0))
		return -1.0;
	return cx_norm_two_sided_p((pa - pb) / se);
}

/*
 * Pooled test on counts.  With K = ka + kb and N = na + nb,
 *
 *		pa - pb = (ka nb - kb na) / (na nb)
 *		SE^2 = q (1 - q) (1/na + 1/nb) = K (N - K) / (N na nb)
 *
 * In floating point, pa - pb and 1 - q cancel when both rates are close
 * to 1 (or the rates are close to each other) at large n: at n = 1e9 and
 * rates near 1 - 1e-8 the difference would keep only 7 or 8 digits.  Here
 * the cross-products are exact 128-bit integers and N - K is an exact
 * integer, so every factor reaches floating point with one rounding and z
 * is accurate to a few ulps.  Unsigned 64-bit halves, not __int128, so the
 * code is the same on every platform.
 */

/* An unsigned 128-bit integer as two 64-bit halves. */
typedef struct CxU128
{
	uint64_t	hi;
	uint64_t	lo;
} CxU128;

/* Exact product of two unsigned 64-bit integers (schoolbook, 32-bit limbs). */
static CxU128
u128_mul64(uint64_t a, uint64_t b)
{
	const uint64_t mask = UINT64_C(0xFFFFFFFF);
	uint64_t	p00 = (a & mask) * (b & mask);
	uint64_t	p01 = (a & mask) * (b >> 32);
	uint64_t	p10 = (a >> 32) * (b & mask);
	uint64_t	p11 = (a >> 32) * (b >> 32);
	uint64_t	mid = (p00 >> 32) + (p01 & mask) + (p10 & mask);	/* < 3 * 2^32 */
	CxU128		r;

	r.lo = (mid << 32) | (p00 & mask);
	r.hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
	return r;
}

/* a - b for a >= b. */
static CxU128
u128_sub(CxU128 a, CxU128 b)
{
	CxU128		r;

	r.lo = a.lo - b.lo;
	r.hi = a.hi - b.hi - (a.lo < b.lo);
	return r;
}

/* The value as a double (relative error at most about 2^-52). */
static double
u128_to_double(CxU128 a)
{
	return ldexp((double) a.hi, 64) + (double) a.lo;
}

double
cx_two_proportion_p_counts(int64_t ka, int64_t na, int64_t kb, int64_t nb)
{
	uint64_t	n = (uint64_t) na + (uint64_t) nb;	/* < 2^64: no overflow */
	uint64_t	k;
	CxU128		xa;
	CxU128		xb;
	double		diff;			/* (ka nb - kb na), exact before rounding */
	double		var;			/* SE^2 times (na nb)^2 */

	if (na <= 0 || nb <= 0 || ka < 0 || kb < 0 || ka > na || kb > nb)
		return -1.0;
	k = (uint64_t) ka + (uint64_t) kb;
	if (k == 0 || k == n)
		return -1.0;			/* both unanimous alike: no variance */

	xa = u128_mul64((uint64_t) ka, (uint64_t) nb);
	xb = u128_mul64((uint64_t) kb, (uint64_t) na);
	if (xa.hi > xb.hi || (xa.hi == xb.hi && xa.lo >= xb.lo))
		diff = u128_to_double(u128_sub(xa, xb));
	else
		diff = -u128_to_double(u128_sub(xb, xa));

	/*
	 * z = (pa - pb) / SE = diff / sqrt(na nb K (N - K) / N); the product is
	 * below 2^190, far inside the range of a double.
	 */
	var = (double) na * (double) nb * ((double) k / (double) n) * (double) (n - k);
	return cx_norm_two_sided_p(diff / sqrt(var));
}
