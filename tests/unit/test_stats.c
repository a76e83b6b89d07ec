/*
 * test_stats.c
 *	  Standalone unit test of src/stats.c (no PostgreSQL needed).
 *
 *	  cc -O2 -Wall -Wextra -Isrc tests/unit/test_stats.c src/stats.c -lm
 *
 * Every expected value is independent of the code under test:
 *   - closed forms of Student's t: df = 1 (Cauchy), df = 2 and df = 4, for
 *     the CDF, two-sided p-values (written so that small tails carry no
 *     cancellation) and the quantile;
 *   - published critical values, each re-derived to 20+ digits with mpmath
 *     by two independent methods (its betainc, and quadrature of the
 *     density).  Note: the value 4.032142983557536 sometimes quoted for
 *     t(0.995, 5) is wrong in the 12th digit; the correct one is
 *     4.0321429835552281 (P(T <= 4.032142983557536) - 0.995 = 1.1e-14);
 *   - the large-df (Cornish-Fisher) expansion of Abramowitz & Stegun
 *     26.7.5 around the normal distribution, for df = 1e7;
 *   - normal quantiles from mpmath (erfinv) and erfc() from libm;
 *   - pooled two-proportion tests on counts: z^2 = (ka nb - kb na)^2 N /
 *     (na nb K (N - K)) as an exact rational (Python's fractions), then z
 *     and erfc(|z| / sqrt 2) with mpmath at 60 digits; four of them
 *     cross-checked with R's Rmpfr at 256 bits (same 20 digits).
 * Round trips (quantile then CDF, CDF then quantile) check consistency
 * across real df, including the switch points of the methods.
 *
 * Prints one line per check and a final "N passed, M failed"; the exit
 * status is non-zero if any check failed.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "stats.h"

#define PI	3.14159265358979323846

static int	n_passed = 0;
static int	n_failed = 0;
static double max_p_rel = 0.0;	/* closed-form tail probabilities */
static double max_q_abs = 0.0;	/* quantiles with |t| <= 100 */
static double max_q_rel = 0.0;	/* all quantiles, relative */

/* Record one check and print its line. */
static void
report(int ok, const char *name, double got, double expected, double err)
{
	if (ok)
		n_passed++;
	else
		n_failed++;
	printf("%s %-52s got %-24.17g want %-24.17g err %.2e\n",
		   ok ? "ok  " : "FAIL", name, got, expected, err);
}

/* Relative comparison (probabilities). */
static void
check_rel(const char *name, double got, double expected, double tol)
{
	double		err = fabs(got - expected) / fabs(expected);

	if (err > max_p_rel)
		max_p_rel = err;
	report(err <= tol, name, got, expected, err);
}

/*
 * Quantile comparison: 1e-10 absolute, or 1e-12 relative when |t| > 100
 * (a double cannot hold 1e11 to 1e-10).
 */
static void
check_q(const char *name, double got, double expected)
{
	double		err = fabs(got - expected);
	double		tol = fmax(1e-10, 1e-12 * fabs(expected));

	if (fabs(expected) <= 100.0 && err > max_q_abs)
		max_q_abs = err;
	if (expected != 0.0 && err / fabs(expected) > max_q_rel)
		max_q_rel = err / fabs(expected);
	report(err <= tol, name, got, expected, err);
}

/* Absolute comparison with an explicit tolerance. */
static void
check_abs(const char *name, double got, double expected, double tol)
{
	double		err = fabs(got - expected);

	report(err <= tol, name, got, expected, err);
}

/* A value that must be NaN. */
static void
check_nan(const char *name, double got)
{
	report(isnan(got), name, got, NAN, 0.0);
}

/* Exact equality (e.g. the normal limit path). */
static void
check_exact(const char *name, double got, double expected)
{
	report(got == expected, name, got, expected, fabs(got - expected));
}

/* ---- closed forms ---- */

/* df = 1: P(T <= -a) = atan(1/a) / pi, for a >= 0. */
static double
cauchy_tail(double a)
{
	return atan(1.0 / a) / PI;
}

/* df = 1 quantile: -cot(pi p) for p < 1/2, cot(pi (1 - p)) above. */
static double
cauchy_quantile(double p)
{
	return (p < 0.5) ? -1.0 / tan(PI * p) : 1.0 / tan(PI * (1.0 - p));
}

/* df = 2: P(T <= -a) = 1/2 - a / (2 s) = 1 / (s (s + a)), s = sqrt(2 + a^2). */
static double
df2_tail(double a)
{
	double		s = sqrt(2.0 + a * a);

	return 1.0 / (s * (s + a));
}

/* df = 2 quantile: (2p - 1) / sqrt(2 p (1 - p)). */
static double
df2_quantile(double p)
{
	return (2.0 * p - 1.0) / sqrt(2.0 * p * (1.0 - p));
}

/*
 * df = 4: F(t) = 1/2 + (3w/4)(1 - w^2/3), w = t / sqrt(4 + t^2); for
 * t = -a this is (1 - w)^2 (2 + w) / 4 with 1 - w = 4 / (s (s + a)).
 */
static double
df4_tail(double a)
{
	double		s = sqrt(4.0 + a * a);
	double		omw = 4.0 / (s * (s + a));

	return omw * omw * (2.0 + a / s) / 4.0;
}

/*
 * df = 4 quantile (root of the cubic): with alpha = 4p(1-p),
 * q = cos(acos(sqrt alpha) / 3) / sqrt alpha, t = sign(p - 1/2) 2 sqrt(q - 1).
 * Well conditioned away from p = 1/2.
 */
static double
df4_quantile(double p)
{
	double		ra = sqrt(4.0 * p * (1.0 - p));
	double		q = cos(acos(ra) / 3.0) / ra;

	return ((p < 0.5) ? -2.0 : 2.0) * sqrt(q - 1.0);
}

/* Normal CDF from libm. */
static double
phi_cdf(double x)
{
	return 0.5 * erfc(-x / sqrt(2.0));
}

int
main(void)
{
	char		name[128];
	int			i;
	int			j;

	/* ---- normal distribution (existing helpers) ---- */
	printf("-- normal\n");
	check_q("norm_quantile(0.975)", cx_norm_quantile(0.975), 1.9599639845400542);
	check_q("norm_quantile(0.9)", cx_norm_quantile(0.9), 1.2815515655446005);
	check_q("norm_quantile(1e-10)", cx_norm_quantile(1e-10), -6.3613409024040562);
	check_exact("norm_quantile(0.5)", cx_norm_quantile(0.5), 0.0);
	check_q("z_for_confidence(0.95)", cx_z_for_confidence(0.95), 1.9599639845400542);
	check_rel("norm_two_sided_p(1.9599639845400542)",
			  cx_norm_two_sided_p(1.9599639845400542), 0.05, 1e-13);
	check_rel("norm cdf(quantile(1e-300)) round trip",
			  phi_cdf(cx_norm_quantile(1e-300)), 1e-300, 1e-12);
	check_nan("norm_quantile(0) is NaN", cx_norm_quantile(0.0));

	/* ---- p-values stay in [0, 1]; t = 0 gives exactly 1 at every df ---- */
	printf("-- two-sided p-values at t = 0 and their range\n");
	{
		int			bad = 0;
		double		df;

		for (df = 0.001; df < 1e7; df *= 1.07)
			if (cx_t_two_sided_p(0.0, df) != 1.0 ||
				!(cx_t_two_sided_p(1e-9, df) <= 1.0))
				bad++;
		check_exact("t_two_sided_p(0, df) = 1 for df in 0.001..1e7 (count of misses)",
					(double) bad, 0.0);
		check_exact("norm_two_sided_p(0) = 1", cx_norm_two_sided_p(0.0), 1.0);
	}

	/* ---- df = 1 (Cauchy) ---- */
	printf("-- df = 1 (Cauchy closed form)\n");
	{
		static const double ts[] = {0.001, 0.3, 1.0, 2.5, 40.0, 1e6, 1e100, 1e300};

		for (i = 0; i < (int) (sizeof(ts) / sizeof(ts[0])); i++)
		{
			snprintf(name, sizeof(name), "t_cdf(-%g, 1)", ts[i]);
			check_rel(name, cx_t_cdf(-ts[i], 1.0), cauchy_tail(ts[i]), 1e-12);
			snprintf(name, sizeof(name), "t_two_sided_p(%g, 1)", ts[i]);
			check_rel(name, cx_t_two_sided_p(ts[i], 1.0),
					  2.0 * cauchy_tail(ts[i]), 1e-12);
		}
		check_rel("t_cdf(2.5, 1) = 1/2 + atan(2.5)/pi", cx_t_cdf(2.5, 1.0),
				  0.5 + atan(2.5) / PI, 1e-14);
	}
	{
		static const double ps[] = {1e-12, 1e-6, 0.01, 0.05, 0.3, 0.45, 0.7,
		0.975, 0.999999};

		for (i = 0; i < (int) (sizeof(ps) / sizeof(ps[0])); i++)
		{
			snprintf(name, sizeof(name), "t_quantile(%g, 1)", ps[i]);
			check_q(name, cx_t_quantile(ps[i], 1.0), cauchy_quantile(ps[i]));
		}
	}

	/* ---- df = 2 ---- */
	printf("-- df = 2 (closed form)\n");
	{
		static const double ts[] = {0.001, 0.5, 1.0, 3.0, 30.0, 1e5, 1e10, 1e150};

		for (i = 0; i < (int) (sizeof(ts) / sizeof(ts[0])); i++)
		{
			snprintf(name, sizeof(name), "t_cdf(-%g, 2)", ts[i]);
			check_rel(name, cx_t_cdf(-ts[i], 2.0), df2_tail(ts[i]), 1e-12);
			snprintf(name, sizeof(name), "t_two_sided_p(%g, 2)", ts[i]);
			check_rel(name, cx_t_two_sided_p(ts[i], 2.0),
					  2.0 * df2_tail(ts[i]), 1e-12);
		}
		check_rel("t_cdf(3, 2) = 1/2 + t/(2 sqrt(2 + t^2))", cx_t_cdf(3.0, 2.0),
				  0.5 + 3.0 / (2.0 * sqrt(11.0)), 1e-14);
	}
	{
		static const double ps[] = {1e-12, 1e-6, 0.01, 0.025, 0.2, 0.49, 0.6,
		0.975, 0.999999};

		for (i = 0; i < (int) (sizeof(ps) / sizeof(ps[0])); i++)
		{
			snprintf(name, sizeof(name), "t_quantile(%g, 2)", ps[i]);
			check_q(name, cx_t_quantile(ps[i], 2.0), df2_quantile(ps[i]));
		}
	}

	/* ---- df = 4 ---- */
	printf("-- df = 4 (closed form)\n");
	{
		static const double ts[] = {0.01, 0.7, 2.0, 5.0, 100.0, 1e5, 1e60};

		for (i = 0; i < (int) (sizeof(ts) / sizeof(ts[0])); i++)
		{
			snprintf(name, sizeof(name), "t_cdf(-%g, 4)", ts[i]);
			check_rel(name, cx_t_cdf(-ts[i], 4.0), df4_tail(ts[i]), 1e-12);
			snprintf(name, sizeof(name), "t_two_sided_p(%g, 4)", ts[i]);
			check_rel(name, cx_t_two_sided_p(ts[i], 4.0),
					  2.0 * df4_tail(ts[i]), 1e-12);
		}
	}
	{
		static const double ps[] = {1e-12, 1e-4, 0.025, 0.2, 0.8, 0.975, 0.9999};

		for (i = 0; i < (int) (sizeof(ps) / sizeof(ps[0])); i++)
		{
			snprintf(name, sizeof(name), "t_quantile(%g, 4)", ps[i]);
			check_q(name, cx_t_quantile(ps[i], 4.0), df4_quantile(ps[i]));
		}
	}

	/* ---- published critical values (re-derived with mpmath) ---- */
	printf("-- critical values\n");
	check_q("t_quantile(0.975, 10)", cx_t_quantile(0.975, 10.0), 2.2281388519862747);
	check_q("t_quantile(0.975, 30)", cx_t_quantile(0.975, 30.0), 2.0422724563012383);
	check_q("t_quantile(0.995, 5)", cx_t_quantile(0.995, 5.0), 4.0321429835552281);
	check_q("t_quantile(0.995, 3)", cx_t_quantile(0.995, 3.0), 5.8409093097333573);
	check_q("t_quantile(0.975, 120)", cx_t_quantile(0.975, 120.0), 1.9799304050824408);
	check_q("t_quantile(0.9, 7.5)", cx_t_quantile(0.9, 7.5), 1.4052118464159529);
	check_q("t_quantile(0.025, 10)", cx_t_quantile(0.025, 10.0), -2.2281388519862747);
	check_q("t_for_confidence(0.95, 10)", cx_t_for_confidence(0.95, 10.0),
			2.2281388519862747);
	check_q("t_for_confidence(0.99, 5)", cx_t_for_confidence(0.99, 5.0),
			4.0321429835552281);
	check_q("t_for_confidence(0.95, 2)", cx_t_for_confidence(0.95, 2.0),
			4.3026527297494639);
	check_q("t_for_confidence(0.90, 1)", cx_t_for_confidence(0.90, 1.0),
			6.3137515146750431);

	/* ---- large df: the normal limit ---- */
	printf("-- large df (normal limit, A&S 26.7.5)\n");
	{
		static const double ps[] = {1e-10, 0.025, 0.3, 0.975};
		double		nu = 1e7;

		for (i = 0; i < (int) (sizeof(ps) / sizeof(ps[0])); i++)
		{
			double		z = cx_norm_quantile(ps[i]);
			double		z2 = z * z;
			double		cf = z + z * (z2 + 1.0) / (4.0 * nu) +
				z * ((5.0 * z2 + 16.0) * z2 + 3.0) / (96.0 * nu * nu);

			snprintf(name, sizeof(name), "t_quantile(%g, 1e7) vs Cornish-Fisher", ps[i]);
			check_q(name, cx_t_quantile(ps[i], nu), cf);
			snprintf(name, sizeof(name), "|t_quantile(%g, 1e7) - z| < 1e-5", ps[i]);
			check_abs(name, cx_t_quantile(ps[i], nu), z, 1e-5);
		}
		check_rel("t_cdf(-1.96, 1e7) vs Phi + 1/nu term", cx_t_cdf(-1.96, nu),
				  phi_cdf(-1.96) + exp(-0.5 * 1.96 * 1.96) / sqrt(2.0 * PI) *
				  1.96 * (1.96 * 1.96 + 1.0) / (4.0 * nu), 1e-12);
		for (i = 0; i < 3; i++)
		{
			static const double zs[] = {-1.96, -5.0, -12.0};
			double		z = zs[i];
			double		z2 = z * z;
			double		t = z + z * (z2 + 1.0) / (4.0 * nu) +
				z * ((5.0 * z2 + 16.0) * z2 + 3.0) / (96.0 * nu * nu) +
				z * (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) /
				(384.0 * nu * nu * nu);

			/* t = Cornish-Fisher t_p for p = Phi(z): then F(t) = Phi(z) */
			snprintf(name, sizeof(name), "t_cdf(Cornish-Fisher t for z = %g, 1e7)", z);
			check_rel(name, cx_t_cdf(t, nu), phi_cdf(z), 1e-12);
		}
		check_exact("t_quantile(0.025, 1e30) = norm_quantile",
					cx_t_quantile(0.025, 1e30), cx_norm_quantile(0.025));
		check_exact("t_quantile(0.025, inf) = norm_quantile",
					cx_t_quantile(0.025, INFINITY), cx_norm_quantile(0.025));
		check_rel("t_two_sided_p(3, inf) = norm_two_sided_p",
				  cx_t_two_sided_p(3.0, INFINITY), cx_norm_two_sided_p(3.0), 1e-15);
	}

	/* ---- round trips over real df ---- */
	printf("-- round trips (one line per df: worst over p / t)\n");
	{
		static const double dfs[] = {0.7, 1.0, 2.5, 3.0, 7.3, 15.0, 29.9, 30.0,
		30.1, 47.2, 100.0, 1234.5, 1e5, 1e7, 1e9};
		static const double ps[] = {1e-300, 1e-30, 1e-12, 1e-6, 0.001, 0.025,
		0.3, 0.4999999, 0.7, 0.975, 1.0 - 1e-9};
		static const double ts[] = {1e-6, 0.2, 1.0, 1.7, 2.2, 3.0, 6.0, 25.0};

		for (i = 0; i < (int) (sizeof(dfs) / sizeof(dfs[0])); i++)
		{
			double		df = dfs[i];
			double		worst = 0.0;
			double		worst_t = 0.0;

			for (j = 0; j < (int) (sizeof(ps) / sizeof(ps[0])); j++)
			{
				double		q = (ps[j] < 0.5) ? ps[j] : 1.0 - ps[j];
				double		t = cx_t_quantile(ps[j], df);
				double		back;

				if (isinf(t))
					continue;	/* beyond DBL_MAX: df < 1 and tiny p */
				back = 0.5 * cx_t_two_sided_p(t, df);
				if (fabs(back - q) / q > worst)
					worst = fabs(back - q) / q;
			}
			snprintf(name, sizeof(name), "P(T > |t_quantile(p, %g)|) = min(p, 1-p)", df);
			report(worst <= 1e-12, name, worst, 0.0, worst);

			for (j = 0; j < (int) (sizeof(ts) / sizeof(ts[0])); j++)
			{
				double		t = ts[j];
				double		p = cx_t_cdf(-t, df);
				double		e;

				if (p <= 0.0)
					continue;
				/* near p = 1/2 only absolute accuracy is possible */
				e = fabs(cx_t_quantile(p, df) + t) / fmax(1.0, t);
				if (e > worst_t)
					worst_t = e;
			}
			snprintf(name, sizeof(name), "t_quantile(t_cdf(-t, %g)) = -t (rel; abs |t|<1)", df);
			report(worst_t <= 1e-12, name, worst_t, 0.0, worst_t);
		}
	}

	/* ---- symmetry and limits ---- */
	printf("-- symmetry, limits, invalid arguments\n");
	check_exact("t_quantile(0.5, 3) = 0", cx_t_quantile(0.5, 3.0), 0.0);
	check_exact("t_cdf(0, 3) = 1/2", cx_t_cdf(0.0, 3.0), 0.5);
	check_exact("t_two_sided_p(0, 3) = 1", cx_t_two_sided_p(0.0, 3.0), 1.0);
	check_exact("t_quantile(1 - p) = -t_quantile(p) (df 6.2)",
				cx_t_quantile(0.875, 6.2), -cx_t_quantile(0.125, 6.2));
	check_abs("t_cdf(t) + t_cdf(-t) = 1 (df 6.2)",
			  cx_t_cdf(1.3, 6.2) + cx_t_cdf(-1.3, 6.2), 1.0, 2e-16);
	check_exact("t_two_sided_p(-t) = t_two_sided_p(t)",
				cx_t_two_sided_p(-2.0, 9.0), cx_t_two_sided_p(2.0, 9.0));
	check_exact("t_cdf(-inf, 3) = 0", cx_t_cdf(-INFINITY, 3.0), 0.0);
	check_exact("t_cdf(inf, 3) = 1", cx_t_cdf(INFINITY, 3.0), 1.0);
	check_exact("t_quantile(1e-30, 0.05) = -inf (beyond DBL_MAX)",
				cx_t_quantile(1e-30, 0.05), -INFINITY);
	check_nan("t_cdf(1, 0) is NaN", cx_t_cdf(1.0, 0.0));
	check_nan("t_cdf(1, -2) is NaN", cx_t_cdf(1.0, -2.0));
	check_nan("t_cdf(NaN, 3) is NaN", cx_t_cdf(NAN, 3.0));
	check_nan("t_two_sided_p(1, 0) is NaN", cx_t_two_sided_p(1.0, 0.0));
	check_nan("t_two_sided_p(1, NaN) is NaN", cx_t_two_sided_p(1.0, NAN));
	check_nan("t_quantile(0, 3) is NaN", cx_t_quantile(0.0, 3.0));
	check_nan("t_quantile(1, 3) is NaN", cx_t_quantile(1.0, 3.0));
	check_nan("t_quantile(1.5, 3) is NaN", cx_t_quantile(1.5, 3.0));
	check_nan("t_quantile(0.3, 0) is NaN", cx_t_quantile(0.3, 0.0));
	check_nan("t_quantile(0.3, -1) is NaN", cx_t_quantile(0.3, -1.0));
	check_nan("t_for_confidence(1, 3) is NaN", cx_t_for_confidence(1.0, 3.0));
	check_nan("t_for_confidence(0.95, 0) is NaN", cx_t_for_confidence(0.95, 0.0));

	/* Wilson score interval: closed forms at p = 0 and p = 1 (upper = z^2/(n + z^2), lower = n/(n + z^2)) */
	{
		double		z = 1.959963984540054;
		double		lo;
		double		hi;
		double		half;

		cx_wilson_interval(0.0, 10.0, z, &lo, &hi, &half);
		check_exact("wilson(0 of 10) lower = 0", lo, 0.0);
		check_abs("wilson(0 of 10) upper = z^2/(n+z^2)", hi, z * z / (10.0 + z * z), 1e-15);
		cx_wilson_interval(1.0, 10.0, z, &lo, &hi, &half);
		check_abs("wilson(10 of 10) lower = n/(n+z^2)", lo, 10.0 / (10.0 + z * z), 1e-15);
		check_exact("wilson(10 of 10) upper = 1", hi, 1.0);
		cx_wilson_interval(0.5, 4.0, z, &lo, &hi, &half);
		check_abs("wilson(2 of 4) symmetric about 1/2", lo + hi, 1.0, 1e-15);
	}
	/* pooled two-proportion test: 2/4 vs 1/3 gives z = sqrt(7)/6 exactly */
	check_abs("two_proportion_p(2/4, 1/3) = erfc(sqrt(7)/6/sqrt(2))",
			  cx_two_proportion_p(0.5, 4.0, 1.0 / 3.0, 3.0),
			  erfc(sqrt(7.0) / 6.0 / sqrt(2.0)), 1e-15);
	check_exact("two_proportion_p of equal rates = 1",
				cx_two_proportion_p(0.25, 8.0, 0.25, 20.0), 1.0);
	check_exact("two_proportion_p(0/4, 0/3) undefined (-1)",
				cx_two_proportion_p(0.0, 4.0, 0.0, 3.0), -1.0);

	/*
	 * The same test on counts.  References from exact rationals and mpmath
	 * (see the header).  The comment after each case is the relative error
	 * of cx_two_proportion_p(k/n, ...) in IEEE doubles (computed with
	 * Python floats), to say what the case guards.
	 */
	printf("-- pooled two-proportion test on counts\n");
	{
		/* the last column: relative error of the double formula */
		static const struct
		{
			const char *name;
			int64_t		ka, na, kb, nb;
			double		p;
		}			cases[] = {
			{"2/4 vs 1/3 = erfc(sqrt(7)/6/sqrt(2))", 2, 4, 1, 3,
			0.65924300369263062746},	/* 1e-16 */
			{"1e9-10 vs 1e9-30 of 1e9", 999999990, 1000000000, 999999970, 1000000000,
			0.0015654020879952235773},	/* 2.9e-9 */
			{"1e9-10 vs 1e9-12 of 1e9", 999999990, 1000000000, 999999988, 1000000000,
			0.66981535589081774761},	/* 1.4e-8 */
			{"1e9-25 of 1e9 vs 1.25e9-40 of 1.25e9", 999999975, 1000000000,
			1249999960, 1250000000, 0.33168506107264482896},	/* 6.3e-9 */
			{"1e9-25 of 1e9 vs 1.25e9-31 of 1.25e9 (z < 0)", 999999975, 1000000000,
			1249999969, 1250000000, 0.97616218569952046393},	/* 1.2e-8 */
			/* rates near 0: the mirror image of the second case */
			{"10 vs 30 of 1e9", 10, 1000000000, 30, 1000000000,
			0.0015654020879952235773},	/* 2.3e-15 */
			/* cross-products beyond 2^64 */
			{"9e18-1e9 of 9e18 vs 8e18-888948889 of 8e18",
				INT64_C(8999999999000000000), INT64_C(9000000000000000000),
				INT64_C(7999999999111051111), INT64_C(8000000000000000000),
			0.14312290929657805995},	/* 2.3e-2 */
			/* n = 2^63 - 1: in doubles 1 - q rounds to 0, no p-value */
			{"(2^63-2) vs (2^63-8) of 2^63-1", INT64_MAX - 1, INT64_MAX,
			INT64_MAX - 7, INT64_MAX, 0.033894853524689272894},
			{"0/4 vs 1/3", 0, 4, 1, 3, 0.2123171607729649413},	/* 1.6e-16 */
		};

		for (i = 0; i < (int) (sizeof(cases) / sizeof(cases[0])); i++)
		{
			snprintf(name, sizeof(name), "two_proportion_p_counts %s", cases[i].name);
			check_rel(name, cx_two_proportion_p_counts(cases[i].ka, cases[i].na,
													   cases[i].kb, cases[i].nb),
					  cases[i].p, 1e-13);
		}
	}
	check_exact("counts of equal rates 1/4 vs 5/20 = 1",
				cx_two_proportion_p_counts(1, 4, 5, 20), 1.0);
	check_exact("counts symmetric",
				cx_two_proportion_p_counts(999999990, 1000000000, 999999970, 1000000000),
				cx_two_proportion_p_counts(999999970, 1000000000, 999999990, 1000000000));
	check_exact("counts 0/4 vs 0/3 undefined (-1)", cx_two_proportion_p_counts(0, 4, 0, 3), -1.0);
	check_exact("counts 4/4 vs 3/3 undefined (-1)", cx_two_proportion_p_counts(4, 4, 3, 3), -1.0);
	check_exact("counts all of 2^63-1 on both sides undefined (-1)",
				cx_two_proportion_p_counts(INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX), -1.0);
	check_exact("counts empty side undefined (-1)", cx_two_proportion_p_counts(0, 0, 1, 3), -1.0);
	check_exact("counts k > n rejected (-1)", cx_two_proportion_p_counts(5, 4, 1, 3), -1.0);
	check_exact("counts k < 0 rejected (-1)", cx_two_proportion_p_counts(-1, 4, 1, 3), -1.0);

	printf("-- max error: closed-form tail probabilities %.2e (relative)\n", max_p_rel);
	printf("-- max error: quantiles with |t| <= 100 %.2e (absolute), all %.2e (relative)\n",
		   max_q_abs, max_q_rel);
	printf("%d passed, %d failed\n", n_passed, n_failed);
	return n_failed == 0 ? 0 : 1;
}
