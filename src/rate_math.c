/*
 * rate_math.c
 *	  Beta distribution, binomial intervals, two-rate comparisons, Poisson
 *	  rate ratio and exact order-value statistics (see rate_math.h).
 *
 * The beta distribution.  Interval endpoints need qbeta(p, a, b) with a
 * and b up to 2^62 (k and n - k of a huge table) and p down to 1e-17.
 * Continued fractions need O(sqrt(max(a, b))) terms there and their
 * prefactor x^a (1 - x)^b / B(a, b) cancels catastrophically when a and b
 * are both large; so this file integrates the density instead, in a
 * variable where it is smooth, log-concave and free of cancellation:
 *
 *	  y = logit(x), the mode of x^a (1 - x)^b (in y) at s0 = a / (a + b);
 *	  t = y - log(a / b);  u = x / s0 - 1 = expm1(t) / (1 + rho e^t),
 *	  rho = a / b;  then  x^(a-1) (1-x)^(b-1) dx  is proportional to
 *	  g(t) dt = exp(a log1pmx(u) + b log1pmx(-rho u)) dt
 *
 * with log1pmx(u) = log(1 + u) - u <= 0.  The linear terms of the two
 * logarithms cancel analytically (a / s0 = b / (1 - s0)), so g is computed
 * to a few ulps relative to its peak g(0) = 1 for any a and b, and the
 * normalising constant B(a, b) is never needed: I_x = L(t) / (L(t) + U(t))
 * with L and U the integrals of g left and right of t, each a sum of
 * positive terms (relative accuracy in both tails).  The integrals use
 * 10-point Gauss-Legendre panels of half the standard deviation of t
 * (sqrt(1/a + 1/b)) near the mode, widening in the exponential tails, and
 * stop when a panel adds less than 1e-17 of the sum.  The quantile is a
 * Newton iteration on log L (or log U), which is concave (g is log-concave),
 * so the iteration converges monotonically after its first step.
 *
 * Order values keep exact integer sums; see rate_math.h.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "rate_math.h"
#include "stats.h"

/* ---- The beta distribution ---- */

/* Gauss-Legendre nodes and weights on [-1, 1], positive half (mpmath, 40 digits). */
static const double gl_node[5] = {
	0.148874338981631210885, 0.433395394129247190799, 0.679409568299024406234,
	0.865063366688984510732, 0.973906528517171720078
};
static const double gl_weight[5] = {
	0.295524224714752870174, 0.269266719309996355091, 0.219086362515982043996,
	0.149451349150580593146, 0.0666713443086881375936
};

/*
 * log(1 + u) - u for u > -1, given also l = log(1 + u) computed without
 * forming 1 + u (which would lose the digits of a tiny 1 + u): the
 * atanh series near 0, l - u elsewhere.
 */
static double
log1pmx(double u, double l)
{
	if (fabs(u) < 0.25)
	{
		/* log1p(u) = 2 atanh(r), r = u / (2 + u): -u r + 2 r^3 sum r^2k/(2k+3) */
		double		r = u / (2.0 + u);
		double		r2 = r * r;
		double		pw = 1.0;
		double		sum = 0.0;
		int			k;

		for (k = 0; k < 40; k++)
		{
			double		term = pw / (2 * k + 3);

			sum += term;
			if (term <= 1e-18 * sum)
				break;
			pw *= r2;
		}
		return -u * r + 2.0 * r * r2 * sum;
	}
	return l - u;
}

/* The beta in the mode-centred logit variable t (file header). */
typedef struct BetaT
{
	double		a;
	double		b;
	double		rho;			/* a / b */
	double		h;				/* panel width near the mode */
	double		left0;			/* integral of g over t < 0 */
	double		right0;			/* integral of g over t > 0 */
} BetaT;

/* g(t) relative to g(0) = 1; also the slope |d log g / dt| in *slope. */
static double
beta_g(const BetaT *bt, double t, double *slope)
{
	double		u;				/* x / s0 - 1 */
	double		l2;				/* log((1 - x) / (1 - s0)) */
	double		s;				/* x */
	double		lg;

	if (t <= 0.0)
	{
		double		e = exp(t);

		u = expm1(t) / (1.0 + bt->rho * e);
		s = bt->rho * e / (1.0 + bt->rho * e);
		l2 = log1p(bt->rho) - log1p(bt->rho * e);
	}
	else
	{
		double		e = exp(-t);

		u = -expm1(-t) / (e + bt->rho);
		s = 1.0 / (1.0 + e / bt->rho);
		l2 = log1p(bt->rho) - t - log(bt->rho + e);
	}
	/* log(x / s0) = t + l2;  (1 - x) / (1 - s0) - 1 = -rho u */
	lg = bt->a * log1pmx(u, t + l2) + bt->b * log1pmx(-bt->rho * u, l2);
	/* d log g / dt = a - (a + b) x */
	if (slope)
		*slope = fabs(bt->a - (bt->a + bt->b) * s);
	return exp(lg);
}

/*
 * Width of the quadrature panel starting at t: h near the mode; at most
 * two e-foldings of g where it is steep (far tails of large a or b, where
 * a 10-point rule on a wider panel loses digits); beyond 4 standard
 * deviations, where g is close to exponential with rate slope, at least
 * half an e-folding (which only widens the heavy tails of a or b below 1).
 */
static double
panel_width(const BetaT *bt, double t, double slope)
{
	if (slope * bt->h > 2.0)
		return 2.0 / slope;		/* steep: at most two e-foldings a panel */
	if (fabs(t) > 8.0 * bt->h && slope > 0.0 && 0.5 / slope > bt->h)
		return 0.5 / slope;
	return bt->h;
}

/*
 * Integral of g from t outwards (dir = -1: to -infinity, +1: to
 * +infinity), for t on the side of the mode that dir points away from,
 * or at it.
 */
static double
beta_tail(const BetaT *bt, double t, int dir)
{
	double		sum = 0.0;
	int			panel;

	if (isinf(t))
		return 0.0;				/* beyond the end: no mass */
	for (panel = 0; panel < 100000; panel++)
	{
		double		slope;
		double		g0 = beta_g(bt, t, &slope);
		double		w;
		double		mid;
		double		part = 0.0;
		int			i;

		w = panel_width(bt, t, slope);
		mid = t + dir * w / 2.0;
		for (i = 0; i < 5; i++)
		{
			double		d = w / 2.0 * gl_node[i];

			part += gl_weight[i] * (beta_g(bt, mid - d, NULL) +
									beta_g(bt, mid + d, NULL));
		}
		part *= w / 2.0;
		sum += part;
		t += dir * w;
		if (part <= 1e-17 * sum || (g0 == 0.0 && sum == 0.0))
			break;
	}
	return sum;
}

/* Set up bt for Beta(a, b): the two half-masses around the mode. */
static void
beta_setup(BetaT *bt, double a, double b)
{
	bt->a = a;
	bt->b = b;
	bt->rho = a / b;
	bt->h = 0.5 * sqrt(1.0 / a + 1.0 / b);
	bt->left0 = beta_tail(bt, 0.0, -1);
	bt->right0 = beta_tail(bt, 0.0, 1);
}

/*
 * t of a given x in (0, 1), with xc = 1 - x (passed, so that an x within
 * an ulp of 1 keeps the digits of 1 - x); accurate near the mode at any
 * a, b.
 */
static double
beta_t_of_x(const BetaT *bt, double x, double xc)
{
	double		ab = bt->a + bt->b;

	return log(x * (ab / bt->a)) - log(xc * (ab / bt->b));
}

/*
 * x (and 1 - x in *xc) of a given t, each to a few ulps relative:
 * x = s0 (x / s0) and 1 - x = (1 - s0) ((1 - x) / (1 - s0)), the ratios
 * formed directly from e^t (not through log(a / b) + t, whose rounding
 * would shift t by ulps of log(a / b): visible when a + b is huge).
 */
static double
beta_x_of_t(const BetaT *bt, double t, double *xc)
{
	double		ab = bt->a + bt->b;
	double		r1;				/* x / s0 */
	double		r2;				/* (1 - x) / (1 - s0) */

	if (t <= 0.0)
	{
		double		e = exp(t);

		r2 = (1.0 + bt->rho) / (1.0 + bt->rho * e);
		r1 = e * r2;
	}
	else
	{
		double		e = exp(-t);

		r1 = (1.0 + bt->rho) / (e + bt->rho);
		r2 = e * r1;
	}
	*xc = fmin(1.0, bt->b / ab * r2);
	return fmin(1.0, bt->a / ab * r1);
}

/* Lower and upper tail masses (unnormalised) at t. */
static void
beta_masses(const BetaT *bt, double t, double *lo, double *up)
{
	double		tot = bt->left0 + bt->right0;

	if (t <= 0.0)
	{
		*lo = beta_tail(bt, t, -1);
		*up = tot - *lo;
	}
	else
	{
		*up = beta_tail(bt, t, 1);
		*lo = tot - *up;
	}
}

static bool
beta_args_ok(double a, double b)
{
	return a > 0.0 && b > 0.0 && isfinite(a) && isfinite(b);
}

double
cx_beta_cdf(double x, double a, double b, bool upper)
{
	BetaT		bt;
	double		lo;
	double		up;

	if (!beta_args_ok(a, b) || !(x >= 0.0 && x <= 1.0))
		return NAN;
	if (x == 0.0)
		return upper ? 1.0 : 0.0;
	if (x == 1.0)
		return upper ? 0.0 : 1.0;
	beta_setup(&bt, a, b);
	beta_masses(&bt, beta_t_of_x(&bt, x, 1.0 - x), &lo, &up);
	return (upper ? up : lo) / (lo + up);
}

/*
 * Quantile in t: the t whose tail on side dir (-1 lower, +1 upper) holds
 * the fraction p of the mass.
 */
static double
beta_quantile_t(const BetaT *bt, double p, int dir)
{
	double		tot = bt->left0 + bt->right0;
	double		target = p * tot;
	double		side0 = dir < 0 ? bt->left0 : bt->right0;
	double		t;
	int			iter;
	int			sdir;			/* side of the mode the root is on */
	double		prev = INFINITY;
	double		scale;

	/* the root is on dir's side when the target is below that half-mass */
	if (target <= side0)
	{
		sdir = dir;
	}
	else
	{
		/* the other tail holds (1 - p) of the mass */
		target = (1.0 - p) * tot;
		sdir = -dir;
	}

	/* start: the normal approximation, on the right side */
	t = cx_norm_quantile(fmin(fmax(target / tot, 1e-300), 0.5)) * 2.0 * bt->h;
	t = sdir < 0 ? t : -t;

	for (iter = 0; iter < 200; iter++)
	{
		double		m = beta_tail(bt, t, sdir);
		double		g = beta_g(bt, t, NULL);
		double		step;

		if (m <= 0.0 || g <= 0.0)
		{
			/* underflowed far in the tail: halve toward the mode */
			t /= 2.0;
			continue;
		}
		/* Newton on log m(t) = log target; d log m / dt = -sdir g / m */
		step = (log(m) - log(target)) * m / g * sdir;
		/* never cross the mode */
		if (sdir < 0 && t + step > 0.0)
			step = -t / 2.0;
		if (sdir > 0 && t + step < 0.0)
			step = -t / 2.0;
		t += step;
		scale = fmax(fabs(t), bt->h);
		/* converged, or at the noise floor of the quadrature */
		if (fabs(step) <= 1e-15 * scale ||
			(fabs(step) <= 1e-12 * scale && fabs(step) >= prev / 2.0))
			break;
		prev = fabs(step);
	}
	return t;
}

/* Quantile as x and 1 - x (accurate both ends). */
static double
beta_quantile2(double p, double a, double b, bool upper, double *xc)
{
	BetaT		bt;

	if (!beta_args_ok(a, b) || !(p >= 0.0 && p <= 1.0))
	{
		*xc = NAN;
		return NAN;
	}
	if (p == 0.0 || p == 1.0)
	{
		bool		zero = (p == 0.0) != upper;

		*xc = zero ? 1.0 : 0.0;
		return zero ? 0.0 : 1.0;
	}
	beta_setup(&bt, a, b);
	return beta_x_of_t(&bt, beta_quantile_t(&bt, p, upper ? 1 : -1), xc);
}

double
cx_beta_quantile(double p, double a, double b, bool upper)
{
	double		xc;

	return beta_quantile2(p, a, b, upper, &xc);
}

/* ---- One rate ---- */

bool
cx_binom_method_from_name(const char *name, CxBinomMethod *method)
{
	if (strcmp(name, "wilson") == 0)
		*method = CX_BINOM_WILSON;
	else if (strcmp(name, "bayes") == 0 || strcmp(name, "jeffreys") == 0)
		*method = CX_BINOM_BAYES;
	else if (strcmp(name, "exact") == 0 || strcmp(name, "clopper-pearson") == 0)
		*method = CX_BINOM_EXACT;
	else if (strcmp(name, "agresti-coull") == 0)
		*method = CX_BINOM_AGRESTI_COULL;
	else
		return false;
	return true;
}

static bool
counts_ok(int64_t k, int64_t n)
{
	return n > 0 && k >= 0 && k <= n;
}

static bool
confidence_ok(double c)
{
	return c > 0.0 && c < 1.0;
}

/* 0 <= k <= n, n > 0, on counts that may be effective (weighted) ones */
static bool
real_counts_ok(double k, double n)
{
	return n > 0.0 && isfinite(n) && k >= 0.0 && k <= n;
}

bool
cx_binom_interval(int64_t k, int64_t n, double confidence,
				  CxBinomMethod method, double *lower, double *upper)
{
	if (!counts_ok(k, n))
	{
		*lower = *upper = NAN;
		return false;
	}
	return cx_binom_interval_real((double) k, (double) n, confidence, method,
								  lower, upper);
}

bool
cx_binom_interval_real(double dk, double dn, double confidence,
					   CxBinomMethod method, double *lower, double *upper)
{
	double		alpha = 1.0 - confidence;
	double		dnk = dn - dk;
	bool		none;			/* k = 0 */
	bool		all;			/* k = n */

	*lower = *upper = NAN;
	if (!real_counts_ok(dk, dn) || !confidence_ok(confidence))
		return false;
	none = dk == 0.0;
	all = dnk == 0.0;

	switch (method)
	{
		case CX_BINOM_WILSON:
			{
				double		half;

				cx_wilson_interval(dk / dn, dn, cx_z_for_confidence(confidence),
								   lower, upper, &half);
				break;
			}
		case CX_BINOM_BAYES:
			{
				/* binom.bayes(type = "central"): the whole alpha at an end */
				double		sa = (none || all) ? alpha : alpha / 2.0;

				*lower = none ? 0.0 :
					cx_beta_quantile(sa, dk + 0.5, dnk + 0.5, false);
				*upper = all ? 1.0 :
					cx_beta_quantile(sa, dk + 0.5, dnk + 0.5, true);
				break;
			}
		case CX_BINOM_EXACT:
			*lower = none ? 0.0 :
				cx_beta_quantile(alpha / 2.0, dk, dnk + 1.0, false);
			*upper = all ? 1.0 :
				cx_beta_quantile(alpha / 2.0, dk + 1.0, dnk, true);
			break;
		case CX_BINOM_AGRESTI_COULL:
			{
				double		z = cx_z_for_confidence(confidence);
				double		z2 = z * z;
				double		nt = dn + z2;
				double		pt = (dk + z2 / 2.0) / nt;
				double		half = z * sqrt(pt * (1.0 - pt) / nt);

				*lower = fmax(0.0, pt - half);
				*upper = fmin(1.0, pt + half);
				break;
			}
		default:
			return false;
	}
	/* keep the order at the last ulp */
	if (*lower > *upper)
		*lower = *upper;
	return true;
}

/* ---- Two rates ---- */

static const CxRateEstimate nan_estimate = {NAN, NAN, NAN};

CxRateEstimate
cx_rate_difference(int64_t ka, int64_t na, int64_t kb, int64_t nb,
				   double confidence)
{
	if (!counts_ok(ka, na) || !counts_ok(kb, nb))
		return nan_estimate;
	return cx_rate_difference_real((double) ka, (double) na,
								   (double) kb, (double) nb, confidence);
}

CxRateEstimate
cx_rate_difference_real(double ka, double na, double kb, double nb,
						double confidence)
{
	CxRateEstimate	r;
	double		z;
	double		pa;
	double		pb;
	double		la,
				ua,
				lb,
				ub,
				half;

	if (!real_counts_ok(ka, na) || !real_counts_ok(kb, nb) ||
		!confidence_ok(confidence))
		return nan_estimate;
	z = cx_z_for_confidence(confidence);
	pa = ka / na;
	pb = kb / nb;
	cx_wilson_interval(pa, na, z, &la, &ua, &half);
	cx_wilson_interval(pb, nb, z, &lb, &ub, &half);
	r.estimate = pa - pb;
	r.lower = r.estimate - sqrt((pa - la) * (pa - la) + (ub - pb) * (ub - pb));
	r.upper = r.estimate + sqrt((ua - pa) * (ua - pa) + (pb - lb) * (pb - lb));
	r.lower = fmax(-1.0, r.lower);
	r.upper = fmin(1.0, r.upper);
	return r;
}

CxRateEstimate
cx_rate_relative_lift(int64_t ka, int64_t na, int64_t kb, int64_t nb,
					  double confidence)
{
	if (!counts_ok(ka, na) || !counts_ok(kb, nb))
		return nan_estimate;
	return cx_rate_relative_lift_real((double) ka, (double) na,
									  (double) kb, (double) nb, confidence);
}

CxRateEstimate
cx_rate_relative_lift_real(double ka, double na, double kb, double nb,
						   double confidence)
{
	CxRateEstimate	r;
	double		a,
				n1,
				b,
				n2;
	double		se;
	double		z;
	double		lrr;

	if (!real_counts_ok(ka, na) || !real_counts_ok(kb, nb) ||
		!confidence_ok(confidence))
		return nan_estimate;
	a = ka;
	n1 = na;
	b = kb;
	n2 = nb;
	r.estimate = kb == 0 ? NAN : (a / n1) / (b / n2) - 1.0;
	if (ka == 0 || ka == na || kb == 0 || kb == nb)
	{
		/* 1/2 in each cell: successes + 1/2, trials + 1 */
		a += 0.5;
		b += 0.5;
		n1 += 1.0;
		n2 += 1.0;
	}
	z = cx_z_for_confidence(confidence);
	/* 1/a - 1/n = (n - a) / (a n), without cancellation at a near n */
	se = sqrt((n1 - a) / (a * n1) + (n2 - b) / (b * n2));
	lrr = log(a / n1) - log(b / n2);
	r.lower = expm1(lrr - z * se);
	r.upper = expm1(lrr + z * se);
	return r;
}

/*
 * Evan Miller's closed form for P(X > Y), X ~ Beta(xa, xb), Y ~ Beta(ya, yb)
 * with integer xa:  sum_{i=0}^{xa-1} B(ya+i, yb+xb) / ((xb+i) B(1+i, xb) B(ya, yb)).
 * The first term is B(ya, yb + xb) / B(ya, yb); each next one is the last
 * times (ya + i)(xb + i) / ((ya + yb + xb + i)(1 + i)).
 */
/*
 * lgamma(x + d) - lgamma(x) for x > 0, d >= 0, to ~1e-16 of its own size:
 * differences of lgamma at large arguments lose the ulps of lgamma itself
 * (3.7e-9 at lgamma(2e6)).  From x >= 30 by Stirling's series, where the
 * first omitted term is below 1e-16; the large parts (x - 1/2) log(1 + d/x)
 * + d log(x + d) - d never cancel for d > 0.
 */
static double
lgamma_delta(double x, double d)
{
	double		y = x + d;

	if (d == 0.0)
		return 0.0;
	if (x < 30.0)
		return lgamma(y) - lgamma(x);
	return (x - 0.5) * log1p(d / x) + d * log(y) - d +
		(1.0 / 12.0) * (1.0 / y - 1.0 / x) -
		(1.0 / 360.0) * (1.0 / (y * y * y) - 1.0 / (x * x * x)) +
		(1.0 / 1260.0) * (1.0 / pow(y, 5.0) - 1.0 / pow(x, 5.0)) -
		(1.0 / 1680.0) * (1.0 / pow(y, 7.0) - 1.0 / pow(x, 7.0));
}

static double
miller_sum(double xa, double xb, double ya, double yb)
{
	/*
	 * In logarithms, scaled by the largest term so far: no underflow.  The
	 * first term, lgamma(yb + xb) - lgamma(ya + yb + xb) - lgamma(yb) +
	 * lgamma(ya + yb), as two differences over the smaller shift, so that
	 * trials in the millions keep the term to ~1e-15 rather than 1e-8.
	 */
	double		lt = (ya <= xb) ?
		lgamma_delta(yb, ya) - lgamma_delta(yb + xb, ya) :
		lgamma_delta(yb, xb) - lgamma_delta(ya + yb, xb);
	double		lmax = lt;
	double		sum = 0.0;
	double		i;

	for (i = 0.0; i < xa; i += 1.0)
	{
		if (lt > lmax)
		{
			sum *= exp(lmax - lt);
			lmax = lt;
		}
		sum += exp(lt - lmax);
		lt += log((ya + i) * (xb + i) / ((ya + yb + xb + i) * (1.0 + i)));
	}
	return exp(lmax) * sum;
}

/* P(X > Y) by integrating the density of Y against the upper tail of X. */
static double
beat_integral(double xa, double xb, double ya, double yb)
{
	BetaT		by;
	BetaT		bx;
	double		sum = 0.0;
	int			dir;

	beta_setup(&by, ya, yb);
	beta_setup(&bx, xa, xb);
	for (dir = -1; dir <= 1; dir += 2)
	{
		double		t = 0.0;
		int			panel;

		for (panel = 0; panel < 100000; panel++)
		{
			double		slope;
			double		w;
			double		mid;
			double		part = 0.0;
			int			i,
						j;

			(void) beta_g(&by, t, &slope);
			w = panel_width(&by, t, slope);
			mid = t + dir * w / 2.0;
			for (i = 0; i < 5; i++)
			{
				for (j = -1; j <= 1; j += 2)
				{
					double		tt = mid + j * w / 2.0 * gl_node[i];
					double		xc;
					double		x = beta_x_of_t(&by, tt, &xc);
					double		lo,
								up;
					double		fx;

					if (x <= 0.0)
						fx = 1.0;
					else if (xc <= 0.0)
						fx = 0.0;
					else
					{
						beta_masses(&bx, beta_t_of_x(&bx, x, xc), &lo, &up);
						fx = up / (lo + up);
					}
					part += gl_weight[i] * beta_g(&by, tt, NULL) * fx;
				}
			}
			part *= w / 2.0;
			sum += part;
			t += dir * w;
			/* the density of Y is below 1e-15 of its peak: done */
			if (beta_g(&by, t, NULL) < 1e-15)
				break;
		}
	}
	return sum / (by.left0 + by.right0);
}

/* Variance of Beta(a, b). */
static double
beta_variance(double a, double b)
{
	return a / (a + b) * (b / (a + b)) / (a + b + 1.0);
}

double
cx_probability_to_beat(int64_t ka, int64_t na, int64_t kb, int64_t nb)
{
	if (na < 0 || nb < 0 || ka < 0 || kb < 0 || ka > na || kb > nb)
		return NAN;
	return cx_probability_to_beat_real((double) ka, (double) (na - ka),
									   (double) kb, (double) (nb - kb));
}

double
cx_probability_to_beat_real(double ka, double fa, double kb, double fb)
{
	double		aa,
				ab,
				ba,
				bb;
	double		m;
	double		p;

	if (!(ka >= 0.0 && fa >= 0.0 && kb >= 0.0 && fb >= 0.0 &&
		  isfinite(ka + fa + kb + fb)))
		return NAN;
	aa = 1.0 + ka;
	ab = 1.0 + fa;
	ba = 1.0 + kb;
	bb = 1.0 + fb;

	/*
	 * P(pa > pb) = miller(aa, ab, ba, bb), summed over aa terms; the same
	 * is 1 - P(pb > pa) (sum over ba terms), P(1 - pb > 1 - pa) (sum over
	 * bb terms) and 1 - P(1 - pa > 1 - pb) (over ab terms): sum the
	 * shortest.  lgamma keeps the first term to ~1e-9 relative while the
	 * parameters stay below 1e7; beyond that, or for long sums, integrate.
	 */
	m = fmin(fmin(aa, ab), fmin(ba, bb));
	/* the closed sum runs over an integer parameter: effective counts integrate */
	if (m <= 20000.0 && fmax(fmax(aa, ab), fmax(ba, bb)) <= 1e7 &&
		aa == floor(aa) && ab == floor(ab) && ba == floor(ba) && bb == floor(bb))
	{
		if (m == aa)
			p = miller_sum(aa, ab, ba, bb);
		else if (m == ba)
			p = 1.0 - miller_sum(ba, bb, aa, ab);
		else if (m == bb)
			p = miller_sum(bb, ba, ab, aa);
		else
			p = 1.0 - miller_sum(ab, aa, bb, ba);
	}
	else if (beta_variance(aa, ab) < beta_variance(ba, bb))
	{
		/*
		 * The quadrature resolves the density it integrates, not the tail
		 * it weighs it with: integrate the narrower posterior, here pa's,
		 * as P(1 - pb > 1 - pa).  (Weighing a wide density with the tail of
		 * a narrow one left that tail's step between the nodes: 0.20217
		 * for 0.20221 at Beta(1198, 18804) against Beta(1, 3.658).)
		 */
		p = beat_integral(bb, ba, ab, aa);
	}
	else
		p = beat_integral(aa, ab, ba, bb);
	return fmin(1.0, fmax(0.0, p));
}

double
cx_rate_sample_size(double base_rate, double relative_lift,
					double confidence, double power)
{
	double		p1 = base_rate;
	double		p2 = base_rate * (1.0 + relative_lift);
	double		za;
	double		zb;
	double		pbar;
	double		num;

	if (!(p1 > 0.0 && p1 < 1.0 && p2 > 0.0 && p2 < 1.0 && p1 != p2) ||
		!confidence_ok(confidence) || !(power > 0.0 && power < 1.0))
		return NAN;
	za = cx_z_for_confidence(confidence);
	zb = -cx_norm_quantile(1.0 - power);
	pbar = (p1 + p2) / 2.0;
	num = za * sqrt(2.0 * pbar * (1.0 - pbar)) +
		zb * sqrt(p1 * (1.0 - p1) + p2 * (1.0 - p2));
	return num * num / ((p1 - p2) * (p1 - p2));
}

CxRateEstimate
cx_poisson_rate_ratio(int64_t xa, double ta, int64_t xb, double tb,
					  double confidence)
{
	CxRateEstimate	r;
	double		alpha = 1.0 - confidence;
	double		scale = tb / ta;
	double		xc;
	double		x;

	if (xa < 0 || xb < 0 || xa > INT64_MAX - xb || xa + xb == 0 ||
		!(ta > 0.0 && isfinite(ta) && tb > 0.0 && isfinite(tb)) ||
		!confidence_ok(confidence))
		return nan_estimate;
	r.estimate = xb == 0 ? NAN : ((double) xa / ta) / ((double) xb / tb);
	/* Clopper-Pearson for pi = xa / (xa + xb), then pi / (1 - pi) */
	if (xa == 0)
		r.lower = 0.0;
	else
	{
		x = beta_quantile2(alpha / 2.0, (double) xa, (double) xb + 1.0,
						   false, &xc);
		r.lower = x / xc * scale;
	}
	if (xb == 0)
		r.upper = INFINITY;
	else
	{
		x = beta_quantile2(alpha / 2.0, (double) xa + 1.0, (double) xb,
						   true, &xc);
		r.upper = x / xc * scale;
	}
	return r;
}

/*
 * The binomial density, as R's dbinom (Loader 2000, "Fast and accurate
 * computation of binomial probabilities"): a saddle-point form built from
 * Stirling's error and the deviance bd0, accurate to ~1e-15 relative for
 * any n (lgamma differences would lose ~log10(n) digits).
 */

/* log(x!) - log(sqrt(2 pi x) (x / e)^x) for an integer x >= 1 */
static double
stirlerr(double x)
{
	const double s0 = 1.0 / 12.0,
				s1 = 1.0 / 360.0,
				s2 = 1.0 / 1260.0,
				s3 = 1.0 / 1680.0,
				s4 = 1.0 / 1188.0;
	double		xx = x * x;

	if (x <= 15.0)				/* small: the definition, lgamma exact enough */
		return lgamma(x + 1.0) - (x + 0.5) * log(x) + x - 0.5 * log(2.0 * M_PI);
	if (x > 500.0)
		return (s0 - s1 / xx) / x;
	if (x > 80.0)
		return (s0 - (s1 - s2 / xx) / xx) / x;
	if (x > 35.0)
		return (s0 - (s1 - (s2 - s3 / xx) / xx) / xx) / x;
	return (s0 - (s1 - (s2 - (s3 - s4 / xx) / xx) / xx) / xx) / x;
}

/* x log(x / np) + np - x, without cancellation when x is near np */
static double
bd0(double x, double np)
{
	if (fabs(x - np) < 0.1 * (x + np))
	{
		double		v = (x - np) / (x + np);
		double		sum = (x - np) * v;
		double		ej = 2.0 * x * v;
		int			j;

		v *= v;
		for (j = 1; j < 1000; j++)
		{
			double		next;

			ej *= v;
			next = sum + ej / (2 * j + 1);
			if (next == sum)
				break;
			sum = next;
		}
		return sum;
	}
	return x * log(x / np) + np - x;
}

/* P(X = x) for X ~ Binomial(n, p), 0 < p < 1, 0 <= x <= n (integers). */
static double
dbinom(double x, double n, double p)
{
	double		q = 1.0 - p;
	double		lc;

	if (x == 0.0)
		return exp(p < 0.1 ? -bd0(n, n * q) - n * p : n * log(q));
	if (x == n)
		return exp(q < 0.1 ? -bd0(n, n * p) - n * q : n * log(p));
	lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) -
		bd0(x, n * p) - bd0(n - x, n * q);
	return exp(lc) / sqrt(2.0 * M_PI * x * (1.0 - x / n));
}

/* P(X >= k) for X ~ Binomial(n, p), as the beta tail I_p(k, n - k + 1). */
static double
binom_upper(int64_t k, int64_t n, double p)
{
	if (k <= 0)
		return 1.0;
	if (k > n)
		return 0.0;
	return cx_beta_cdf(p, (double) k, (double) (n - k) + 1.0, false);
}

double
cx_binom_test_p(int64_t x, int64_t n, double p)
{
	const double rel_err = 1.0 + 1e-7;	/* binom.test's tolerance for ties */
	double		d;
	double		m;
	int64_t		lo,
				hi;
	double		pv;

	if (n <= 0 || x < 0 || x > n || !(p >= 0.0 && p <= 1.0))
		return NAN;
	if (p == 0.0)
		return x == 0 ? 1.0 : 0.0;
	if (p == 1.0)
		return x == n ? 1.0 : 0.0;
	d = dbinom((double) x, (double) n, p) * rel_err;
	m = (double) n * p;
	if ((double) x == m)
		return 1.0;
	if ((double) x < m)
	{
		/*
		 * The density falls from ceil(m) (at or past the mode) to n: find
		 * the first i there with dbinom(i) <= d, p = P(X <= x) + P(X >= i).
		 */
		lo = (int64_t) ceil(m);
		hi = n + 1;				/* "none": P(X >= n + 1) = 0 */
		while (lo < hi)
		{
			int64_t		mid = lo + (hi - lo) / 2;

			if (dbinom((double) mid, (double) n, p) <= d)
				hi = mid;
			else
				lo = mid + 1;
		}
		/* P(X <= x) = 1 - I_p(x + 1, n - x), as the upper beta tail (x < n) */
		pv = cx_beta_cdf(p, (double) x + 1.0, (double) (n - x), true) +
			binom_upper(lo, n, p);
	}
	else
	{
		/*
		 * The density rises from 0 to floor(m) (at or before the mode): find
		 * the last i there with dbinom(i) <= d, p = P(X <= i) + P(X >= x).
		 */
		lo = -1;				/* "none": P(X <= -1) = 0 */
		hi = (int64_t) floor(m);
		while (lo < hi)
		{
			int64_t		mid = hi - (hi - lo) / 2;

			if (dbinom((double) mid, (double) n, p) <= d)
				lo = mid;
			else
				hi = mid - 1;
		}
		/* P(X <= lo) as above (lo <= floor(m) < x <= n) */
		pv = (lo < 0 ? 0.0 :
			  cx_beta_cdf(p, (double) lo + 1.0, (double) (n - lo), true)) +
			binom_upper(x, n, p);
	}
	return fmin(1.0, pv);
}

double
cx_poisson_rate_ratio_p(int64_t xa, double ta, int64_t xb, double tb)
{
	if (xa < 0 || xb < 0 || xa > INT64_MAX - xb || xa + xb == 0 ||
		!(ta > 0.0 && isfinite(ta) && tb > 0.0 && isfinite(tb)))
		return NAN;
	/* poisson.test(c(xa, xb), c(ta, tb)): binom.test(xa, xa + xb, ta / (ta + tb)) */
	return cx_binom_test_p(xa, xa + xb, ta / (ta + tb));
}

/* ---- Order values: multi-limb unsigned integers, least significant first ---- */

/* Exact 64 x 64 -> 128 product into *hi, returning the low half. */
static uint64_t
mul64(uint64_t a, uint64_t b, uint64_t *hi)
{
	const uint64_t m32 = UINT64_C(0xFFFFFFFF);
	uint64_t	p00 = (a & m32) * (b & m32);
	uint64_t	p01 = (a & m32) * (b >> 32);
	uint64_t	p10 = (a >> 32) * (b & m32);
	uint64_t	p11 = (a >> 32) * (b >> 32);
	uint64_t	mid = (p00 >> 32) + (p01 & m32) + (p10 & m32);

	*hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
	return (mid << 32) | (p00 & m32);
}

/* r[0..n) = x[0..n) * m; returns the carry out (0 when it fits). */
static uint64_t
limbs_mul_small(uint64_t *r, const uint64_t *x, int n, uint64_t m)
{
	uint64_t	carry = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		uint64_t	hi;
		uint64_t	lo = mul64(x[i], m, &hi);

		lo += carry;
		hi += (lo < carry);
		r[i] = lo;
		carry = hi;
	}
	return carry;
}

/* r[0..n) = x + y; returns the carry out. */
static uint64_t
limbs_add(uint64_t *r, const uint64_t *x, const uint64_t *y, int n)
{
	uint64_t	carry = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		uint64_t	s = x[i] + carry;
		uint64_t	c = (s < carry);

		s += y[i];
		c += (s < y[i]);
		r[i] = s;
		carry = c;
	}
	return carry;
}

/* r[0..n) = x - y for x >= y. */
static void
limbs_sub(uint64_t *r, const uint64_t *x, const uint64_t *y, int n)
{
	uint64_t	borrow = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		uint64_t	d = x[i] - y[i] - borrow;

		borrow = (x[i] < y[i]) || (x[i] - y[i] < borrow);
		r[i] = d;
	}
}

/* The value as a double (a few ulps). */
static double
limbs_to_double(const uint64_t *x, int n)
{
	double		d = 0.0;
	int			i;

	for (i = n - 1; i >= 0; i--)
		d = d * 18446744073709551616.0 + (double) x[i];
	return d;
}

/* x[0..4) *= 10^k; false (x garbled) when it reaches 2^256. */
static bool
sumsq_mul_pow10(uint64_t *x, int k)
{
	while (k > 0)
	{
		int			step = k > 19 ? 19 : k;
		uint64_t	m = 1;
		int			i;

		for (i = 0; i < step; i++)
			m *= 10;
		if (limbs_mul_small(x, x, 4, m) != 0)
			return false;
		k -= step;
	}
	return true;
}

/* |v|^2 of a signed 128-bit value into r[0..4). */
static void
square128(uint64_t *r, Cx128 v)
{
	uint64_t	a[2];
	uint64_t	t[4] = {0, 0, 0, 0};
	int			i,
				j;

	if (cx_i128_is_negative(v))
		v = cx_u128_sub(cx128_make(0, 0), v);	/* |-2^127| = 2^127 as unsigned */
	a[0] = v.lo;
	a[1] = v.hi;
	for (i = 0; i < 2; i++)
	{
		uint64_t	carry = 0;

		for (j = 0; j < 2; j++)
		{
			uint64_t	hi;
			uint64_t	lo = mul64(a[i], a[j], &hi);

			lo += carry;
			hi += (lo < carry);
			t[i + j] += lo;
			hi += (t[i + j] < lo);
			carry = hi;
		}
		t[i + 2] += carry;
	}
	memcpy(r, t, sizeof(t));
}

void
cx_order_init(CxOrderStats *s)
{
	memset(s, 0, sizeof(*s));
}

/* Bring s to scale (>= s->scale) in *r; false on overflow. */
static bool
order_rescale(const CxOrderStats *s, int scale, CxOrderStats *r)
{
	*r = *s;
	if (scale == s->scale)
		return true;
	if (!cx_i128_mul_pow10(s->total, scale - s->scale, &r->total))
		return false;
	if (!sumsq_mul_pow10(r->sumsq, 2 * (scale - s->scale)))
		return false;
	r->scale = scale;
	return true;
}

/* A decimal from its parts. */
static CxDec128
dec_make(Cx128 units, int scale)
{
	CxDec128	d;

	d.units = units;
	d.scale = scale;
	return d;
}

/* The state of the one amount. */
static void
order_one(CxOrderStats *one, CxDec128 amount)
{
	amount = cx_dec128_reduce(amount);
	memset(one, 0, sizeof(*one));
	one->count = 1;
	one->scale = one->min_scale = one->max_scale = amount.scale;
	one->total = one->min_units = one->max_units = amount.units;
	square128(one->sumsq, amount.units);
}

#if defined(__SIZEOF_INT128__) && !defined(CX_NO_INT128)
/*
 * The per-row path with the compiler's 128-bit integers (GCC and Clang on
 * 64-bit targets): the same arithmetic as the portable path below, with
 * native multiplications and overflow checks.  Handles the usual row -- an
 * amount at or below the state's scale, |units| < 2^64 at that scale, min
 * and max at or below it -- and returns false for anything else, which the
 * portable path then takes.
 */
typedef __int128 cx_i128n;
typedef unsigned __int128 cx_u128n;

static const int64_t pow10_i64[19] = {
	INT64_C(1), INT64_C(10), INT64_C(100), INT64_C(1000), INT64_C(10000),
	INT64_C(100000), INT64_C(1000000), INT64_C(10000000), INT64_C(100000000),
	INT64_C(1000000000), INT64_C(10000000000), INT64_C(100000000000),
	INT64_C(1000000000000), INT64_C(10000000000000), INT64_C(100000000000000),
	INT64_C(1000000000000000), INT64_C(10000000000000000),
	INT64_C(100000000000000000), INT64_C(1000000000000000000)
};

static inline cx_i128n
native(Cx128 a)
{
	return (cx_i128n) (((cx_u128n) a.hi << 64) | a.lo);
}

static inline Cx128
portable(cx_i128n v)
{
	return cx128_make((uint64_t) ((cx_u128n) v >> 64), (uint64_t) v);
}

/* v * 10^k for 0 <= k <= 18 into *r; false on overflow. */
static inline bool
native_scale(cx_i128n v, int k, cx_i128n *r)
{
	return !__builtin_mul_overflow(v, (cx_i128n) pow10_i64[k], r);
}

static bool
order_add_native(CxOrderStats *s, CxDec128 amount)
{
	cx_i128n	u,
				total,
				mn,
				mx;
	cx_u128n	mag,
				sq,
				lo;
	uint64_t	c;
	int			d = s->scale - amount.scale;

	if (d < 0 || d > 18 || s->min_scale > s->scale || s->max_scale > s->scale ||
		s->scale - s->min_scale > 18 || s->scale - s->max_scale > 18)
		return false;
	if (!native_scale(native(amount.units), d, &u) ||
		__builtin_add_overflow(native(s->total), u, &total) ||
		!native_scale(native(s->min_units), s->scale - s->min_scale, &mn) ||
		!native_scale(native(s->max_units), s->scale - s->max_scale, &mx))
		return false;
	mag = u < 0 ? -(cx_u128n) u : (cx_u128n) u;
	if ((mag >> 64) != 0)
		return false;
	sq = mag * mag;
	/* sumsq += sq, with the carry through the upper limbs */
	lo = ((cx_u128n) s->sumsq[1] << 64 | s->sumsq[0]) + sq;
	c = lo < sq;
	if (c && s->sumsq[2] == UINT64_MAX && s->sumsq[3] == UINT64_MAX)
		return false;
	s->sumsq[0] = (uint64_t) lo;
	s->sumsq[1] = (uint64_t) (lo >> 64);
	if (c && ++s->sumsq[2] == 0)
		s->sumsq[3]++;
	s->count++;
	s->total = portable(total);
	if (u < mn)
	{
		amount = cx_dec128_reduce(amount);
		s->min_units = amount.units;
		s->min_scale = amount.scale;
		return true;
	}
	if (u > mx)
	{
		amount = cx_dec128_reduce(amount);
		s->max_units = amount.units;
		s->max_scale = amount.scale;
	}
	return true;
}
#endif

bool
cx_order_add(CxOrderStats *s, CxDec128 amount)
{
	CxOrderStats one;

#if defined(__SIZEOF_INT128__) && !defined(CX_NO_INT128)
	if (s->count > 0 && s->count < INT64_MAX && order_add_native(s, amount))
		return true;
#endif
	if (s->count > 0 && s->count < INT64_MAX)
	{
		/*
		 * Fast path, the usual row: an amount at or below the state's
		 * scale is added in place (no copies, no rescaling of the state).
		 * Trailing zeros are dropped only when they would raise the scale
		 * or the amount becomes the new min or max.
		 */
		Cx128		u;
		Cx128		total;
		uint64_t	sq[4];
		uint64_t	sumsq[4];

		if (amount.scale > s->scale)
			amount = cx_dec128_reduce(amount);
		u = amount.units;
		if (amount.scale <= s->scale)
		{
			if (amount.scale < s->scale &&
				!cx_i128_mul_pow10(u, s->scale - amount.scale, &u))
				return false;
			if (!cx_i128_add(s->total, u, &total))
				return false;
			square128(sq, u);
			if (limbs_add(sumsq, s->sumsq, sq, 4) != 0)
				return false;
			s->count++;
			s->total = total;
			memcpy(s->sumsq, sumsq, sizeof(sumsq));
			if (cx_dec128_cmp(amount, cx_order_min(s)) < 0)
			{
				amount = cx_dec128_reduce(amount);
				s->min_units = amount.units;
				s->min_scale = amount.scale;
			}
			else if (cx_dec128_cmp(amount, cx_order_max(s)) > 0)
			{
				amount = cx_dec128_reduce(amount);
				s->max_units = amount.units;
				s->max_scale = amount.scale;
			}
			return true;
		}
	}

	/* the first row, or one that raises the scale: a merge of one row */
	order_one(&one, amount);
	return cx_order_merge(s, &one);
}

bool
cx_order_merge(CxOrderStats *s, const CxOrderStats *t)
{
	CxOrderStats x;
	CxOrderStats y;
	int			scale;

	if (t->count == 0)
		return true;
	if (s->count == 0)
	{
		*s = *t;
		return true;
	}
	if (s->count > INT64_MAX - t->count)
		return false;
	scale = s->scale > t->scale ? s->scale : t->scale;
	if (!order_rescale(s, scale, &x) || !order_rescale(t, scale, &y))
		return false;
	if (!cx_i128_add(x.total, y.total, &x.total))
		return false;
	if (limbs_add(x.sumsq, x.sumsq, y.sumsq, 4) != 0)
		return false;
	x.count += y.count;
	if (cx_dec128_cmp(cx_order_min(&y), cx_order_min(&x)) < 0)
	{
		x.min_units = y.min_units;
		x.min_scale = y.min_scale;
	}
	if (cx_dec128_cmp(cx_order_max(&y), cx_order_max(&x)) > 0)
	{
		x.max_units = y.max_units;
		x.max_scale = y.max_scale;
	}
	*s = x;
	return true;
}

/* Compare x and y of n limbs: -1, 0 or 1. */
static int
limbs_cmp(const uint64_t *x, const uint64_t *y, int n)
{
	int			i;

	for (i = n - 1; i >= 0; i--)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

/* q[0..n) = x / d for 0 < d < 2^32, returning x % d (q may be x). */
static uint32_t
limbs_divmod_small(uint64_t *q, const uint64_t *x, int n, uint32_t d)
{
	uint64_t	rem = 0;
	int			i;

	for (i = n - 1; i >= 0; i--)
	{
		uint64_t	hi = (rem << 32) | (x[i] >> 32);
		uint64_t	qh = hi / d;
		uint64_t	lo;

		rem = hi % d;
		lo = (rem << 32) | (x[i] & UINT64_C(0xFFFFFFFF));
		rem = lo % d;
		q[i] = (qh << 32) | (lo / d);
	}
	return (uint32_t) rem;
}

/* |v| of a signed 128-bit value, as unsigned. */
static Cx128
abs128(Cx128 v)
{
	return cx_i128_is_negative(v) ? cx_u128_sub(cx128_make(0, 0), v) : v;
}

CxOrderRemove
cx_order_unmerge(CxOrderStats *s, const CxOrderStats *t)
{
	CxOrderStats x;
	CxOrderStats y;
	int			cmin,
				cmax,
				scale;

	if (t->count == 0)
		return CX_ORDER_REMOVED;
	if (s->count == 0 || t->count < 0)
		return CX_ORDER_NOT_HELD;
	cmin = cx_dec128_cmp(cx_order_min(t), cx_order_min(s));
	cmax = cx_dec128_cmp(cx_order_max(t), cx_order_max(s));
	if (cmin < 0 || cmax > 0)
		return CX_ORDER_NOT_HELD;
	if (cmin == 0 || cmax == 0)
		return CX_ORDER_RESTART;
	/* strictly inside: at least the min and the max of s stay */
	if (t->count > s->count - 2)
		return CX_ORDER_NOT_HELD;
	scale = s->scale > t->scale ? s->scale : t->scale;
	if (!order_rescale(s, scale, &x) || !order_rescale(t, scale, &y))
		return CX_ORDER_NOT_HELD;
	if (!cx_i128_sub(x.total, y.total, &x.total) ||
		limbs_cmp(y.sumsq, x.sumsq, 4) > 0)
		return CX_ORDER_NOT_HELD;
	limbs_sub(x.sumsq, x.sumsq, y.sumsq, 4);
	x.count -= y.count;
	*s = x;
	return CX_ORDER_REMOVED;
}

CxOrderRemove
cx_order_remove(CxOrderStats *s, CxDec128 amount)
{
	CxOrderStats one;

	order_one(&one, amount);
	return cx_order_unmerge(s, &one);
}

void
cx_order_canonical(CxOrderStats *s)
{
	CxDec128	m;

	if (s->count == 0)
	{
		cx_order_init(s);
		return;
	}
	while (s->scale > 0)
	{
		Cx128		a = abs128(s->total);
		Cx128		q;
		uint64_t	sq[4];

		if (cx_u128_divmod_u32(a, 10, &q) != 0 ||
			limbs_divmod_small(sq, s->sumsq, 4, 100) != 0)
			break;
		if (cx_i128_is_negative(s->total))
			q = cx_u128_sub(cx128_make(0, 0), q);
		s->total = q;
		memcpy(s->sumsq, sq, sizeof(sq));
		s->scale--;
	}
	m = cx_dec128_reduce(cx_order_min(s));
	s->min_units = m.units;
	s->min_scale = m.scale;
	m = cx_dec128_reduce(cx_order_max(s));
	s->max_units = m.units;
	s->max_scale = m.scale;
}

/* 10^k as a uint64, 0 <= k <= 19. */
static uint64_t
pow10_u64(int k)
{
	uint64_t	p = 1;

	while (k-- > 0)
		p *= 10;
	return p;
}

/*
 * An amount at scale max_scale, as a uint64 magnitude and a sign; false
 * when |units| >= 10^(int_digits + scale) (beyond the limits).
 */
static bool
amount_at_max_scale(Cx128 units, int scale, int max_scale, int int_digits,
					uint64_t *mag, bool *neg)
{
	Cx128		a = abs128(units);

	if (a.hi != 0 || a.lo >= pow10_u64(int_digits + scale))
		return false;
	*mag = a.lo * pow10_u64(max_scale - scale);
	*neg = cx_i128_is_negative(units);
	return true;
}

/* n * (mag, neg) as a signed 128-bit value (n < 2^63, mag < 10^19). */
static Cx128
times_count(int64_t n, uint64_t mag, bool neg)
{
	uint64_t	hi;
	uint64_t	lo = mul64(mag, (uint64_t) n, &hi);
	Cx128		r = cx128_make(hi, lo);

	return neg ? cx_u128_sub(cx128_make(0, 0), r) : r;
}

const char *
cx_order_invalid(const CxOrderStats *s, int max_scale, int int_digits)
{
	static const uint64_t zero4[4] = {0, 0, 0, 0};
	uint64_t	min_mag,
				max_mag,
				m;
	bool		min_neg,
				max_neg;
	Cx128		total;
	uint64_t	nq[5];
	uint64_t	t2[5];
	uint64_t	sq[4];
	uint64_t	bound[4];

	if (s->reserved != 0)
		return "The reserved field must be zero.";
	if (s->count < 0)
		return "The number of orders must not be negative.";
	if (s->scale < 0 || s->scale > max_scale ||
		s->min_scale < 0 || s->min_scale > max_scale ||
		s->max_scale < 0 || s->max_scale > max_scale)
		return "A scale is outside 0 .. the most decimal places an amount may have.";
	if (s->count == 0)
	{
		if (s->scale != 0 || s->min_scale != 0 || s->max_scale != 0 ||
			!cx128_is_zero(s->total) || !cx128_is_zero(s->min_units) ||
			!cx128_is_zero(s->max_units) || limbs_cmp(s->sumsq, zero4, 4) != 0)
			return "A summary of no orders has every other field zero.";
		return NULL;
	}
	if (!amount_at_max_scale(s->min_units, s->min_scale, max_scale, int_digits,
							 &min_mag, &min_neg) ||
		!amount_at_max_scale(s->max_units, s->max_scale, max_scale, int_digits,
							 &max_mag, &max_neg))
		return "The smallest or largest amount is beyond the limit of an amount.";
	if (cx_dec128_cmp(cx_order_min(s), cx_order_max(s)) > 0)
		return "The smallest amount must not exceed the largest.";
	if (s->count == 1 && cx_dec128_cmp(cx_order_min(s), cx_order_max(s)) != 0)
		return "With one order the smallest and the largest amount are that order's amount.";
	if (!cx_i128_mul_pow10(s->total, max_scale - s->scale, &total) ||
		cx_i128_cmp(total, times_count(s->count, min_mag, min_neg)) < 0 ||
		cx_i128_cmp(total, times_count(s->count, max_mag, max_neg)) > 0)
		return "The total must lie between orders times the smallest and orders times the largest amount.";
	/* total^2 <= n sumsq, at the state's scale */
	nq[4] = limbs_mul_small(nq, s->sumsq, 4, (uint64_t) s->count);
	square128(t2, s->total);
	t2[4] = 0;
	if (limbs_cmp(t2, nq, 5) > 0)
		return "The sum of squares must be at least total^2 / orders.";
	/* sumsq <= n max|amount|^2, at 2 max_scale */
	memcpy(sq, s->sumsq, sizeof(sq));
	m = min_mag > max_mag ? min_mag : max_mag;
	bound[1] = 0;
	bound[0] = mul64(m, m, &bound[1]);
	bound[2] = limbs_mul_small(bound, bound, 2, (uint64_t) s->count);
	bound[3] = 0;
	if (!sumsq_mul_pow10(sq, 2 * (max_scale - s->scale)) ||
		limbs_cmp(sq, bound, 4) > 0)
		return "The sum of squares must not exceed orders times the largest squared amount.";
	return NULL;
}

int
cx_order_sumsq_to_text(char *buf, const CxOrderStats *s)
{
	uint64_t	x[4];
	char		digits[CX_ORDER_SUMSQ_TEXT_SIZE];
	int			nd = 0;
	int			places = 2 * s->scale;
	int			len = 0;
	int			i;

	memcpy(x, s->sumsq, sizeof(x));
	while (limbs_cmp(x, (const uint64_t[4]) {0, 0, 0, 0}, 4) != 0 || nd <= places)
		digits[nd++] = (char) ('0' + limbs_divmod_small(x, x, 4, 10));
	for (i = nd - 1; i >= 0; i--)
	{
		if (i == places - 1)
			buf[len++] = '.';
		buf[len++] = digits[i];
	}
	buf[len] = '\0';
	return len;
}

bool
cx_order_sumsq_from_text(const char *str, const char **end, int places,
						 uint64_t sumsq[4])
{
	uint64_t	x[4] = {0, 0, 0, 0};
	const char *p = str;
	int			frac = -1;

	*end = str;
	if (*p < '0' || *p > '9')
		return false;
	for (;; p++)
	{
		if (*p >= '0' && *p <= '9')
		{
			uint64_t	d[4] = {(uint64_t) (*p - '0'), 0, 0, 0};

			if (limbs_mul_small(x, x, 4, 10) != 0 || limbs_add(x, x, d, 4) != 0)
				return false;
			if (frac >= 0)
				frac++;
		}
		else if (*p == '.' && frac < 0 && p[1] >= '0' && p[1] <= '9')
			frac = 0;
		else
			break;
	}
	if ((frac < 0 ? 0 : frac) != places)
		return false;
	memcpy(sumsq, x, sizeof(x));
	*end = p;
	return true;
}

CxDec128
cx_order_min(const CxOrderStats *s)
{
	return dec_make(s->min_units, s->min_scale);
}

CxDec128
cx_order_max(const CxOrderStats *s)
{
	return dec_make(s->max_units, s->max_scale);
}

CxDec128
cx_order_total(const CxOrderStats *s)
{
	return dec_make(s->total, s->scale);
}

double
cx_order_mean(const CxOrderStats *s)
{
	if (s->count <= 0)
		return NAN;
	return cx_dec128_to_double(cx_order_total(s)) / (double) s->count;
}

double
cx_order_variance(const CxOrderStats *s)
{
	uint64_t	nq[5];
	uint64_t	t2[5];
	double		num;
	double		n = (double) s->count;

	if (s->count < 2)
		return NAN;
	/* n * sumsq - total^2 >= 0 exactly, in 320 bits */
	nq[4] = limbs_mul_small(nq, s->sumsq, 4, (uint64_t) s->count);
	square128(t2, s->total);
	t2[4] = 0;
	if (limbs_cmp(t2, nq, 5) > 0)
		return NAN;				/* not the state of any set of amounts */
	limbs_sub(nq, nq, t2, 5);
	num = limbs_to_double(nq, 5);
	/* / (n (n - 1)), then units^2 to amount^2 */
	return num / n / (n - 1.0) / pow(10.0, 2 * s->scale);
}

double
cx_order_std_dev(const CxOrderStats *s)
{
	return sqrt(cx_order_variance(s));
}

double
cx_order_std_error(const CxOrderStats *s)
{
	return sqrt(cx_order_variance(s) / (double) s->count);
}

double
cx_order_mean_margin(const CxOrderStats *s, double confidence)
{
	if (s->count < 2 || !confidence_ok(confidence))
		return NAN;
	return cx_t_for_confidence(confidence, (double) (s->count - 1)) *
		cx_order_std_error(s);
}

bool
cx_order_mean_interval(const CxOrderStats *s, double confidence,
					   double *lower, double *upper)
{
	double		m = cx_order_mean(s);
	double		half;

	*lower = *upper = NAN;
	if (s->count < 2 || !confidence_ok(confidence))
		return false;
	half = cx_order_mean_margin(s, confidence);
	*lower = m - half;
	*upper = m + half;
	return true;
}

/*
 * Welch: the squared standard error of mean_a - mean_b and its
 * Welch-Satterthwaite degrees of freedom; false below 2 orders on a side
 * or when both variances are 0.
 */
static bool
welch(const CxOrderStats *a, const CxOrderStats *b, double *se2, double *df)
{
	double		va,
				vb;

	if (a->count < 2 || b->count < 2)
		return false;
	va = cx_order_variance(a) / (double) a->count;
	vb = cx_order_variance(b) / (double) b->count;
	*se2 = va + vb;
	if (!(*se2 > 0.0))
		return false;
	*df = *se2 * *se2 / (va * va / (double) (a->count - 1) +
						 vb * vb / (double) (b->count - 1));
	return true;
}

double
cx_order_welch_p(const CxOrderStats *a, const CxOrderStats *b)
{
	double		se2,
				df;

	if (!welch(a, b, &se2, &df))
		return NAN;
	return cx_t_two_sided_p((cx_order_mean(a) - cx_order_mean(b)) / sqrt(se2),
							df);
}

CxRateEstimate
cx_order_mean_difference(const CxOrderStats *a, const CxOrderStats *b,
						 double confidence)
{
	CxRateEstimate	r = nan_estimate;
	double		se2,
				df,
				half;

	if (a->count < 1 || b->count < 1 || !confidence_ok(confidence))
		return r;
	r.estimate = cx_order_mean(a) - cx_order_mean(b);
	if (!welch(a, b, &se2, &df))
		return r;
	half = cx_t_for_confidence(confidence, df) * sqrt(se2);
	r.lower = r.estimate - half;
	r.upper = r.estimate + half;
	return r;
}

CxRateEstimate
cx_order_relative_lift(const CxOrderStats *a, const CxOrderStats *b,
					   double confidence)
{
	CxRateEstimate	r = nan_estimate;
	double		ma,
				mb,
				ratio,
				sea,
				seb,
				half;

	if (a->count < 1 || b->count < 1 || !confidence_ok(confidence))
		return r;
	ma = cx_order_mean(a);
	mb = cx_order_mean(b);
	if (mb == 0.0)
		return r;
	ratio = ma / mb;
	r.estimate = ratio - 1.0;
	if (a->count < 2 || b->count < 2)
		return r;
	sea = cx_order_std_error(a);
	seb = cx_order_std_error(b);
	/* b's t interval holds 0: the ratio has no bounded interval (Fieller) */
	if (!(fabs(mb) > cx_t_for_confidence(confidence, (double) (b->count - 1)) * seb))
		return r;
	half = cx_z_for_confidence(confidence) *
		sqrt(sea * sea + ratio * ratio * seb * seb) / fabs(mb);
	r.lower = r.estimate - half;
	r.upper = r.estimate + half;
	return r;
}
