/*
 * test_clv_math.c
 *	  Standalone unit test of src/clv_math.c (no PostgreSQL needed).
 *
 *	  cc -O2 -Wall -Wextra -Isrc -Itests/unit tests/unit/test_clv_math.c src/clv_math.c -lm
 *
 * Expected values are independent of the code under test:
 *   - clv_math_vectors.h, written by gen_clv_math_vectors.py with mpmath at
 *     50 digits from the papers' closed forms (BG/NBD likelihood in its
 *     Beta-function form, gradients by high-precision numerical
 *     differentiation, eq. 7 with hyp2f1 cross-checked by quadrature, P(alive),
 *     eq. 10, the Gamma-Gamma density and E[M | x, m], lifetimes' CLV loop,
 *     simple CLV and a Pearson correlation with exact fractions);
 *   - finite differences of the likelihood for the gradient on data sets;
 *   - parameter recovery: data drawn (deterministic splitmix64 PRNG) from
 *     the BG/NBD and Gamma-Gamma generative processes with known
 *     parameters, 20 000 customers each, including the published CDNOW
 *     estimates r = 0.243, alpha = 4.414, a = 0.793, b = 2.426 (Fader,
 *     Hardie & Lee 2005); the fit must land within 4 standard errors (from
 *     the observed information, finite differences of the analytic gradient)
 *     of the truth on the log scale, and within a stated relative bound;
 *   - optimality of every fit: gradient ~ 0 and no perturbation of the
 *     log-parameters by +-1e-3 (singly and in pairs) improves the likelihood.
 *
 * Prints one line per check and a final "N passed, M failed"; the exit
 * status is non-zero if any check failed.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clv_math.h"
#include "clv_math_vectors.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int	n_passed = 0;
static int	n_failed = 0;
static int	verbose = 0;

/* Record one check; print it when it fails or when verbose. */
static void
report(int ok, const char *name, double got, double expected, double err)
{
	if (ok)
		n_passed++;
	else
		n_failed++;
	if (!ok || verbose)
		printf("%s %-58s got %-24.17g want %-24.17g err %.2e\n",
			   ok ? "ok  " : "FAIL", name, got, expected, err);
}

/* Error relative to max(1, |expected|). */
static double
check_rel(const char *name, double got, double expected, double tol)
{
	double		err = fabs(got - expected) / fmax(1.0, fabs(expected));

	if (isnan(got) && isnan(expected))
		err = 0.0;
	else if (isnan(got) || isnan(expected))
		err = INFINITY;
	report(err <= tol, name, got, expected, err);
	return err;
}

/* Pure relative error (for small quantities). */
static double
check_relp(const char *name, double got, double expected, double tol)
{
	double		err = (expected == 0.0) ? fabs(got) : fabs(got - expected) / fabs(expected);

	if (isnan(got))
		err = INFINITY;
	report(err <= tol, name, got, expected, err);
	return err;
}

/* A boolean condition. */
static void
check_true(const char *name, int cond)
{
	report(cond, name, cond, 1, 0);
}

/* ---- deterministic PRNG and variates ---- */

static uint64_t rng_state;

/* splitmix64. */
static uint64_t
rng_next(void)
{
	uint64_t	z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform on (0, 1). */
static double
runif(void)
{
	return ((double) (rng_next() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

/* Standard normal (Box-Muller, one value per call). */
static double
rnorm(void)
{
	double		u1 = runif(),
				u2 = runif();

	return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* Gamma(shape k, scale 1), Marsaglia & Tsang (2000). */
static double
rgamma(double k)
{
	double		d,
				c;

	if (k < 1.0)
		return rgamma(k + 1.0) * pow(runif(), 1.0 / k);
	d = k - 1.0 / 3.0;
	c = 1.0 / sqrt(9.0 * d);
	for (;;)
	{
		double		x,
					v,
					u;

		do
		{
			x = rnorm();
			v = 1.0 + c * x;
		} while (v <= 0.0);
		v = v * v * v;
		u = runif();
		if (u < 1.0 - 0.0331 * x * x * x * x)
			return d * v;
		if (log(u) < 0.5 * x * x + d * (1.0 - v + log(v)))
			return d * v;
	}
}

/*
 * One BG/NBD customer observed for T: purchase rate lambda ~ Gamma(r,
 * rate alpha), dropout p ~ Beta(a, b); after each repeat purchase the
 * customer leaves with probability p (the paper's assumptions i-v).
 */
static void
sim_bgnbd(const double par[4], double T, int64_t *x, double *tx)
{
	double		lambda = rgamma(par[0]) / par[1];
	double		ga = rgamma(par[2]),
				gb = rgamma(par[3]);
	double		p = ga / (ga + gb);
	double		t = 0.0;

	*x = 0;
	*tx = 0.0;
	if (!(lambda > 0.0))
		return;
	for (;;)
	{
		t += -log(runif()) / lambda;
		if (t > T)
			break;
		(*x)++;
		*tx = t;
		if (runif() < p)
			break;
	}
}

/* ---- helpers ---- */

/* Observed information (negative Hessian of the total loglik in log
 * parameters) by central differences of the analytic gradient; SEs. */
static int
standard_errors(int dim, const double *par, const cx_clv_point *pts, size_t n,
				double *se)
{
	double		H[4][8];
	int			i,
				j,
				k;

	for (j = 0; j < dim; j++)
	{
		double		pp[4],
					pm[4],
					gp[4],
					gm[4];
		double		h = 1e-4;

		memcpy(pp, par, sizeof(double) * dim);
		memcpy(pm, par, sizeof(double) * dim);
		pp[j] = par[j] * exp(h);
		pm[j] = par[j] * exp(-h);
		if (dim == 4)
		{
			cx_bgnbd_loglik(pp, pts, n, gp);
			cx_bgnbd_loglik(pm, pts, n, gm);
		}
		else
		{
			cx_gg_loglik(pp, pts, n, gp);
			cx_gg_loglik(pm, pts, n, gm);
		}
		for (i = 0; i < dim; i++)
			H[i][j] = -(gp[i] - gm[i]) / (2 * h);
	}
	/* symmetrise, invert by Gauss-Jordan on [H | I] */
	for (i = 0; i < dim; i++)
		for (j = 0; j < dim; j++)
			H[i][dim + j] = (i == j);
	for (i = 0; i < dim; i++)
		for (j = i + 1; j < dim; j++)
			H[i][j] = H[j][i] = 0.5 * (H[i][j] + H[j][i]);
	for (k = 0; k < dim; k++)
	{
		double		piv = H[k][k];

		if (!(piv > 0.0))
			return 0;
		for (j = 0; j < 2 * dim; j++)
			H[k][j] /= piv;
		for (i = 0; i < dim; i++)
			if (i != k)
			{
				double		f = H[i][k];

				for (j = 0; j < 2 * dim; j++)
					H[i][j] -= f * H[k][j];
			}
	}
	for (j = 0; j < dim; j++)
	{
		if (!(H[j][dim + j] > 0.0))
			return 0;
		se[j] = sqrt(H[j][dim + j]);
	}
	return 1;
}

/* Total loglik of either model. */
static double
total_ll(int dim, const double *par, const cx_clv_point *pts, size_t n)
{
	return (dim == 4) ? cx_bgnbd_loglik(par, pts, n, NULL)
		: cx_gg_loglik(par, pts, n, NULL);
}

/* Optimality: small gradient; no +-h perturbation (single, pairs) helps. */
static void
check_optimal(const char *what, int dim, const cx_clv_fit *fit,
			  const cx_clv_point *pts, size_t n)
{
	double		best = total_ll(dim, fit->par, pts, n);
	double		worst_gain = -INFINITY;
	char		name[128];
	int			i,
				j,
				si,
				sj;
	const double h = 1e-3;

	for (i = 0; i < dim; i++)
		for (j = i; j < dim; j++)
			for (si = -1; si <= 1; si += 2)
				for (sj = -1; sj <= 1; sj += 2)
				{
					double		p[4];

					memcpy(p, fit->par, sizeof(double) * dim);
					p[i] *= exp(si * h);
					if (j != i)
						p[j] *= exp(sj * h);
					worst_gain = fmax(worst_gain, total_ll(dim, p, pts, n) - best);
				}
	snprintf(name, sizeof name, "%s: converged, grad max-norm <= 1e-6", what);
	report(fit->converged && fit->status == CX_CLV_OK && fit->grad_norm <= 1e-6,
		   name, fit->grad_norm, 0, fit->grad_norm);
	snprintf(name, sizeof name, "%s: no +-1e-3 perturbation improves loglik", what);
	report(worst_gain <= 0.0, name, worst_gain, 0, worst_gain);
}

/* Recovery within 4 SE (log scale) and a relative bound. */
static void
check_recovery(const char *what, int dim, const cx_clv_fit *fit,
			   const double *truth, const cx_clv_point *pts, size_t n,
			   const double *relbound)
{
	static const char *bgn[] = {"r", "alpha", "a", "b"};
	static const char *ggn[] = {"p", "q", "gamma"};
	double		se[4];
	char		name[160];
	int			j;

	check_true("standard errors from the observed information",
			   standard_errors(dim, fit->par, pts, n, se));
	for (j = 0; j < dim; j++)
	{
		double		z = (log(fit->par[j]) - log(truth[j])) / se[j];
		double		rel = fabs(fit->par[j] / truth[j] - 1.0);

		printf("     %s: %-5s true %-8g fitted %-12.6g se(log) %.4f  z %+.2f  rel %.3f\n",
			   what, dim == 4 ? bgn[j] : ggn[j], truth[j], fit->par[j], se[j], z, rel);
		snprintf(name, sizeof name, "%s: %s within 4 SE of the truth", what,
				 dim == 4 ? bgn[j] : ggn[j]);
		report(fabs(z) <= 4.0, name, fit->par[j], truth[j], fabs(z));
		snprintf(name, sizeof name, "%s: %s within %.0f%% of the truth", what,
				 dim == 4 ? bgn[j] : ggn[j], 100 * relbound[j]);
		report(rel <= relbound[j], name, fit->par[j], truth[j], rel);
	}
}

/* Simulate n BG/NBD customers with T in [27, 39] (CDNOW-like weeks). */
static void
simulate_bgnbd(const double par[4], uint64_t seed, size_t n, cx_clv_point *pts)
{
	size_t		i;

	rng_state = seed;
	for (i = 0; i < n; i++)
	{
		double		T = 27.0 + 12.0 * runif();

		sim_bgnbd(par, T, &pts[i].x, &pts[i].u);
		pts[i].v = T;
		pts[i].count = 1;
	}
}

#define NSIM 20000

/* ---- the tests ---- */

/* Vectors: likelihood, gradient, expected purchases, P(alive), E[Y]. */
static void
test_bgnbd_vectors(void)
{
	double		max_ll = 0,
				max_g = 0,
				max_ex = 0,
				max_pa = 0,
				max_ey = 0;
	size_t		i;
	char		name[160];

	for (i = 0; i < NELEM(bg_ll_vecs); i++)
	{
		const bg_ll_vec *v = &bg_ll_vecs[i];
		cx_clv_point pt = {v->tx, v->T, (int64_t) v->x, 1};
		double		g[4];
		double		ll1 = cx_bgnbd_loglik1(v->par, v->x, v->tx, v->T);
		double		ll = cx_bgnbd_loglik(v->par, &pt, 1, g);
		int			j;

		snprintf(name, sizeof name, "bgnbd loglik vec %zu (x=%g)", i, v->x);
		max_ll = fmax(max_ll, check_rel(name, ll1, v->ll, 1e-12));
		check_true("loglik1 == loglik of one point", ll1 == ll);
		for (j = 0; j < 4; j++)
		{
			snprintf(name, sizeof name, "bgnbd gradient vec %zu [%d]", i, j);
			max_g = fmax(max_g, check_rel(name, g[j], v->g[j], 1e-10));
		}
	}
	for (i = 0; i < NELEM(bg_ex_vecs); i++)
	{
		const bg_ex_vec *v = &bg_ex_vecs[i];

		snprintf(name, sizeof name, "E[X(t)] vec %zu (a=%g, t/alpha=%g)", i,
				 v->par[2], v->t / v->par[1]);
		max_ex = fmax(max_ex, check_relp(name, cx_bgnbd_expected_purchases(v->par, v->t),
										 v->ex, 1e-11));
	}
	for (i = 0; i < NELEM(bg_cond_vecs); i++)
	{
		const bg_cond_vec *v = &bg_cond_vecs[i];
		double		pa = cx_bgnbd_probability_alive(v->par, v->x, v->tx, v->T);
		double		ey = cx_bgnbd_conditional_expected_purchases(v->par, v->t, v->x, v->tx, v->T);

		snprintf(name, sizeof name, "P(alive) vec %zu (x=%g)", i, v->x);
		max_pa = fmax(max_pa, check_relp(name, pa, v->pa, 1e-12));
		snprintf(name, sizeof name, "E[Y(t)|x,t_x,T] vec %zu (x=%g t=%g)", i, v->x, v->t);
		max_ey = fmax(max_ey, check_relp(name, ey, v->ey, 1e-11));
		check_true("P(alive) in [0, 1]", pa >= 0.0 && pa <= 1.0);
	}
	printf("     max errors: loglik %.2e, gradient %.2e, E[X] %.2e, P(alive) %.2e, E[Y|.] %.2e\n",
		   max_ll, max_g, max_ex, max_pa, max_ey);
}

/* Gamma-Gamma, CLV, simple CLV, correlation vectors. */
static void
test_other_vectors(void)
{
	double		max_ll = 0,
				max_g = 0,
				max_em = 0,
				max_clv = 0;
	size_t		i;
	char		name[160];
	cx_clv_point cp[NELEM(corr_pts)];

	for (i = 0; i < NELEM(gg_vecs); i++)
	{
		const gg_vec *v = &gg_vecs[i];
		cx_clv_point pt = {v->m, 0.0, (int64_t) v->x, 1};
		double		g[3];
		double		ll = cx_gg_loglik(v->par, &pt, 1, g);
		int			j;

		snprintf(name, sizeof name, "gamma-gamma loglik vec %zu", i);
		max_ll = fmax(max_ll, check_rel(name, ll, v->ll, 1e-12));
		check_true("gg loglik1 == loglik of one point",
				   cx_gg_loglik1(v->par, v->x, v->m) == ll);
		for (j = 0; j < 3; j++)
		{
			snprintf(name, sizeof name, "gamma-gamma gradient vec %zu [%d]", i, j);
			max_g = fmax(max_g, check_rel(name, g[j], v->g[j], 1e-10));
		}
		snprintf(name, sizeof name, "E[M|x,m] vec %zu", i);
		max_em = fmax(max_em, check_relp(name, cx_gg_conditional_expected_value(v->par, v->x, v->m),
										 v->em, 1e-14));
	}
	for (i = 0; i < NELEM(clv_vecs); i++)
	{
		const clv_vec *v = &clv_vecs[i];

		snprintf(name, sizeof name, "customer_lifetime_value vec %zu", i);
		max_clv = fmax(max_clv, check_relp(name,
										   cx_customer_lifetime_value(v->bg, v->gg, v->x, v->tx, v->T, v->m,
																	  v->time, v->factor, v->d),
										   v->clv, 1e-11));
	}
	for (i = 0; i < NELEM(simple_vecs); i++)
	{
		const simple_vec *v = &simple_vecs[i];

		snprintf(name, sizeof name, "simple_clv(%g, %g, %g, %g)", v->arpu, v->margin, v->churn, v->d);
		check_relp(name, cx_simple_clv(v->arpu, v->margin, v->churn, v->d), v->clv, 4e-16);
	}
	for (i = 0; i < NELEM(corr_pts); i++)
	{
		cp[i].x = corr_pts[i].x;
		cp[i].u = corr_pts[i].m;
		cp[i].v = 0.0;
		cp[i].count = corr_pts[i].count;
	}
	check_relp("frequency-spend Pearson correlation",
			   cx_gg_frequency_spend_correlation(cp, NELEM(cp)), corr_expected, 1e-14);
	printf("     max errors: gg loglik %.2e, gg gradient %.2e, E[M] %.2e, CLV %.2e\n",
		   max_ll, max_g, max_em, max_clv);
}

/* Analytic gradient of the total of a model equals central differences. */
static void
check_gradient_fd(const char *what, int dim, const double *par,
				  const cx_clv_point *pts, size_t n)
{
	double		g[4];
	int			j;
	char		name[128];

	if (dim == 4)
		cx_bgnbd_loglik(par, pts, n, g);
	else
		cx_gg_loglik(par, pts, n, g);
	for (j = 0; j < dim; j++)
	{
		double		p1[4],
					p2[4],
					h = 1e-5,
					fd;

		memcpy(p1, par, sizeof(double) * dim);
		memcpy(p2, par, sizeof(double) * dim);
		p1[j] *= exp(h);
		p2[j] *= exp(-h);
		fd = (total_ll(dim, p1, pts, n) - total_ll(dim, p2, pts, n)) / (2 * h);
		snprintf(name, sizeof name, "%s total gradient [%d] = finite difference", what, j);
		report(fabs(fd - g[j]) <= 1e-6 * fmax(1.0, fabs(g[j])) + 1e-4, name, g[j], fd,
			   fabs(fd - g[j]));
	}
}

/* The point set: add, full, overflow, rehash, merge, canonical order. */
static void
test_set(const cx_clv_point *pts, size_t n)
{
	static unsigned char b1[1 << 22],
				b2[1 << 22],
				b3[1 << 22],
				b4[1 << 22];
	static cx_clv_point s1[NSIM],
				s2[NSIM];
	cx_clv_set *a = (cx_clv_set *) b1;
	cx_clv_set *b = (cx_clv_set *) b2;
	cx_clv_set *all = (cx_clv_set *) b3;
	cx_clv_set *tmp = (cx_clv_set *) b4;
	cx_clv_fit f1,
				f2;
	size_t		i;
	int			rc,
				ok;
	uint32_t	cap = cx_clv_set_capacity_for(n);

	check_true("capacity_for(0) = 8", cx_clv_set_capacity_for(0) == 8);
	check_true("capacity_for(6) = 8", cx_clv_set_capacity_for(6) == 8);
	check_true("capacity_for(7) = 16", cx_clv_set_capacity_for(7) == 16);
	check_true("capacity_for(2^40) = 0 (too large)",
			   cx_clv_set_capacity_for(UINT64_C(1) << 40) == 0);
	check_true("set buffer large enough", cx_clv_set_size(cap) <= sizeof b1);

	cx_clv_set_init(a, 8);
	ok = 1;
	for (i = 0; i < 6; i++)
		ok &= cx_clv_set_add(a, (int64_t) i, 1.0, 2.0, 1) == CX_CLV_OK;
	check_true("6 distinct points fit in 8 slots", ok && a->used == 6);
	rc = cx_clv_set_add(a, 99, 1.0, 2.0, 5);
	check_true("7th distinct point: CX_CLV_FULL, set unchanged",
			   rc == CX_CLV_FULL && a->used == 6 && a->total == 6);
	check_true("an existing point still adds when full",
			   cx_clv_set_add(a, 3, 1.0, 2.0, 4) == CX_CLV_OK && a->used == 6 && a->total == 10);
	check_true("count 0 rejected", cx_clv_set_add(a, 3, 1.0, 2.0, 0) == CX_CLV_BAD_COUNT);
	cx_clv_set_init(tmp, 8);
	cx_clv_set_add(tmp, 1000, 1.0, 2.0, 1);
	check_true("rehash into a non-empty set: CX_CLV_FULL", cx_clv_set_rehash(tmp, a) == CX_CLV_FULL);
	cx_clv_set_init(b, 16);
	check_true("rehash into 16 slots", cx_clv_set_rehash(b, a) == CX_CLV_OK);
	check_true("rehash keeps points and total", b->used == 6 && b->total == 10);
	check_true("after rehash the 7th point fits", cx_clv_set_add(b, 99, 1.0, 2.0, 5) == CX_CLV_OK);
	cx_clv_set_init(a, 8);
	cx_clv_set_add(a, 0, 0.0, 5.0, 1);
	cx_clv_set_add(a, 0, -0.0, 5.0, 1);
	check_true("-0 and 0 are one point", a->used == 1 && a->total == 2);
	cx_clv_set_init(a, 8);
	cx_clv_set_add(a, 1, 1.0, 2.0, INT64_MAX - 1);
	rc = cx_clv_set_add(a, 2, 1.0, 2.0, 2);
	check_true("total overflow: CX_CLV_OVERFLOW, set unchanged",
			   rc == CX_CLV_OVERFLOW && a->used == 1 && a->total == INT64_MAX - 1);
	check_true("counts up to INT64_MAX in total",
			   cx_clv_set_add(a, 1, 1.0, 2.0, 1) == CX_CLV_OK && a->total == INT64_MAX);

	/* whole data set vs two halves merged both ways (rounded to weeks, so
	 * many customers share a point) */
	cx_clv_set_init(all, cap);
	cx_clv_set_init(a, cap);
	cx_clv_set_init(b, cap);
	ok = 1;
	for (i = 0; i < n; i++)
	{
		double		tx = floor(pts[i].u),
					T = floor(pts[i].v);

		ok &= cx_bgnbd_check(pts[i].x, tx, T) == CX_CLV_OK;
		ok &= cx_clv_set_add(all, pts[i].x, tx, T, 1) == CX_CLV_OK;
		ok &= cx_clv_set_add((i % 3 == 0) ? a : b, pts[i].x, tx, T, 1) == CX_CLV_OK;
	}
	printf("     %zu customers rounded to weeks: %u distinct triples\n", n, all->used);
	check_true("all rounded customers valid and added", ok && all->total == (int64_t) n);
	check_true("identical triples merged", all->used < n / 4);
	/* the layout is canonical: rows in reverse order, and each half built
	 * at its own smallest capacity and merged into the other, give the
	 * whole set's bytes */
	{
		uint32_t	c = cx_clv_set_capacity_for(all->used);
		cx_clv_set *rev = (cx_clv_set *) b4;
		int			same;

		check_true("whole set at the canonical capacity for its points",
				   cx_clv_set_validate(all, cx_clv_set_size(all->capacity), 0) ==
				   (all->capacity == c ? CX_CLV_OK : CX_CLV_BAD_SET));
		cx_clv_set_init(rev, c);
		ok = 1;
		for (i = n; i-- > 0;)
			ok &= cx_clv_set_add(rev, pts[i].x, floor(pts[i].u), floor(pts[i].v), 1) == CX_CLV_OK;
		cx_clv_set_init(all, c);
		for (i = 0; i < n; i++)
			ok &= cx_clv_set_add(all, pts[i].x, floor(pts[i].u), floor(pts[i].v), 1) == CX_CLV_OK;
		same = memcmp(rev, all, cx_clv_set_size(c)) == 0;
		check_true("rows in reverse order: the same bytes", ok && same);
		check_true("canonical set validates",
				   cx_clv_set_validate(all, cx_clv_set_size(c), 0) == CX_CLV_OK);
		cx_clv_set_init(rev, c);
		for (i = n; i-- > 0;)
			if (i % 3 == 0)
				ok &= cx_clv_set_add(rev, pts[i].x, floor(pts[i].u), floor(pts[i].v), 1) == CX_CLV_OK;
		check_true("union size of the halves = the whole set's points",
				   cx_clv_set_union_size(rev, b) == all->used &&
				   cx_clv_set_union_size(b, rev) == all->used);
		check_true("half (reversed) + other half: the whole set's bytes",
				   ok && cx_clv_set_merge(rev, b) == CX_CLV_OK &&
				   memcmp(rev, all, cx_clv_set_size(c)) == 0);
	}
	memcpy(tmp, a, cx_clv_set_size(cap));
	check_true("merge a + b", cx_clv_set_merge(a, b) == CX_CLV_OK);
	check_true("merge b + a", cx_clv_set_merge(b, tmp) == CX_CLV_OK);
	cx_clv_set_sorted(all, s1);
	cx_clv_set_sorted(a, s2);
	check_true("sorted(a + b) == sorted(whole), bytewise",
			   a->used == all->used && a->total == all->total &&
			   memcmp(s1, s2, sizeof(cx_clv_point) * all->used) == 0);
	cx_clv_set_sorted(b, s2);
	check_true("sorted(b + a) == sorted(whole), bytewise",
			   memcmp(s1, s2, sizeof(cx_clv_point) * all->used) == 0);
	ok = 1;
	for (i = 1; i < all->used; i++)
		ok &= (s1[i - 1].x < s1[i].x) || (s1[i - 1].x == s1[i].x &&
										  (s1[i - 1].u < s1[i].u ||
										   (s1[i - 1].u == s1[i].u && s1[i - 1].v < s1[i].v)));
	check_true("sorted order is strictly (x, u, v)", ok);
	cx_clv_set_init(tmp, 8);
	cx_clv_set_add(tmp, 1, 1.0, 1.0, 1);
	rc = cx_clv_set_merge(tmp, all);
	check_true("merge into a too small set: CX_CLV_FULL, unchanged",
			   rc == CX_CLV_FULL && tmp->used == 1 && tmp->total == 1);

	/* the fit from the merged set equals the fit of one row per customer */
	{
		static cx_clv_point rows[NSIM];

		for (i = 0; i < n; i++)
		{
			rows[i] = pts[i];
			rows[i].u = floor(pts[i].u);
			rows[i].v = floor(pts[i].v);
		}
		cx_bgnbd_fit(s1, all->used, &f1);
		cx_bgnbd_fit(rows, n, &f2);
		ok = f1.status == CX_CLV_OK && f2.status == CX_CLV_OK;
		for (i = 0; i < 4; i++)
			ok &= fabs(f1.par[i] / f2.par[i] - 1.0) <= 1e-6;
		report(ok && fabs(f1.loglik - f2.loglik) <= 1e-9 * fabs(f2.loglik),
			   "fit on distinct triples = fit on one row per customer",
			   f1.loglik, f2.loglik, fabs(f1.loglik - f2.loglik));
		printf("     weekly-rounded fit: r %.6g alpha %.6g a %.6g b %.6g (%d iterations)\n",
			   f1.par[0], f1.par[1], f1.par[2], f1.par[3], f1.iterations);
		/* counts scaled by 2^40 (total near 2^54): the same optimum, bitwise */
		for (i = 0; i < all->used; i++)
			s2[i] = s1[i], s2[i].count = s1[i].count << 40;
		cx_bgnbd_fit(s2, all->used, &f2);
		check_true("counts x 2^40: same fit bitwise, customers scaled",
				   memcmp(f1.par, f2.par, sizeof f1.par) == 0 &&
				   f2.customers == (int64_t) n << 40);
		check_true("loglik with counts x 2^40 is 2^40 times",
				   f2.loglik == ldexp(f1.loglik, 40));
	}
}

/* Validation, fit statuses, and numbers staying in their domains. */
static void
test_edges(void)
{
	static cx_clv_point p[200];
	const double par[4] = {0.243, 4.414, 0.793, 2.426};
	const double gg[3] = {6.25, 3.74, 15.44};
	const double big = 4611686018427387904.0;	/* 2^62 */
	cx_clv_fit f;
	int			i,
				ok;
	double		v;

	check_true("check: x < 0", cx_bgnbd_check(-1, 0, 1) == CX_CLV_BAD_X);
	check_true("check: t_x < 0", cx_bgnbd_check(1, -1, 2) == CX_CLV_BAD_TX);
	check_true("check: t_x NaN", cx_bgnbd_check(1, NAN, 2) == CX_CLV_BAD_TX);
	check_true("check: T infinite", cx_bgnbd_check(1, 1, INFINITY) == CX_CLV_BAD_T);
	check_true("check: T < 0", cx_bgnbd_check(0, 0, -1) == CX_CLV_BAD_T);
	check_true("check: t_x > T", cx_bgnbd_check(1, 3, 2) == CX_CLV_TX_AFTER_T);
	check_true("check: x = 0, t_x != 0", cx_bgnbd_check(0, 1, 2) == CX_CLV_X0_TX);
	check_true("check: (0, 0, 0) ok", cx_bgnbd_check(0, 0, 0) == CX_CLV_OK);
	check_true("check: (0, -0, 1) ok", cx_bgnbd_check(0, -0.0, 1) == CX_CLV_OK);
	check_true("check: x = 2^62 ok", cx_bgnbd_check(INT64_C(1) << 62, 5, 5) == CX_CLV_OK);
	check_true("gg check: x = 0", cx_gg_check(0, 5) == CX_CLV_BAD_X);
	check_true("gg check: m = 0", cx_gg_check(1, 0) == CX_CLV_BAD_M);
	check_true("gg check: m NaN", cx_gg_check(1, NAN) == CX_CLV_BAD_M);
	check_true("gg check: m infinite", cx_gg_check(1, INFINITY) == CX_CLV_BAD_M);
	check_true("gg check: (3, 2.5) ok", cx_gg_check(3, 2.5) == CX_CLV_OK);
	ok = 1;
	for (i = CX_CLV_OK; i <= CX_CLV_NOT_CONVERGED; i++)
		ok &= strcmp(cx_clv_status_name(i), "unknown status") != 0;
	check_true("every status has a name", ok);

	/* statuses */
	for (i = 0; i < 200; i++)
	{
		p[i].x = 0;
		p[i].u = 0.0;
		p[i].v = 10.0 + i;
		p[i].count = 1;
	}
	check_true("fit of nothing: too few", cx_bgnbd_fit(p, 0, &f) == CX_CLV_TOO_FEW && isnan(f.par[0]));
	p[0].x = 2;
	p[0].u = 3.0;
	check_true("fit of 3 customers: too few", cx_bgnbd_fit(p, 3, &f) == CX_CLV_TOO_FEW);
	p[0].x = 0;
	p[0].u = 0.0;
	check_true("fit without repeat buyers: no repeat",
			   cx_bgnbd_fit(p, 200, &f) == CX_CLV_NO_REPEAT && isnan(f.loglik) && f.customers == 200);
	for (i = 0; i < 200; i++)
	{
		p[i].x = 1 + i % 5;
		p[i].u = 25.0;
	}
	i = cx_gg_fit(p, 200, &f);
	printf("     gamma-gamma on identical spends: status %s, grad %.2e\n",
		   cx_clv_status_name(i), f.grad_norm);
	check_true("gamma-gamma on identical spends (no variance): not converged",
			   i == CX_CLV_NOT_CONVERGED && !f.converged);
	check_true("gamma-gamma of 3 buyers: too few", cx_gg_fit(p, 3, &f) == CX_CLV_TOO_FEW);

	/* domains: extreme x, T, t */
	v = cx_bgnbd_probability_alive(par, big, 5.0, 5.0);
	check_true("P(alive) x = 2^62, t_x = T in [0, 1] and ~1", v >= 0.999999 && v <= 1.0);
	v = cx_bgnbd_probability_alive(par, big, 4.0, 5.0);
	check_true("P(alive) x = 2^62, t_x < T is 0", v == 0.0);
	check_true("P(alive) x = 0 is 1", cx_bgnbd_probability_alive(par, 0, 0, 1e300) == 1.0);
	v = cx_bgnbd_conditional_expected_purchases(par, 10.0, big, 5.0, 5.0);
	check_true("E[Y] at x = 2^62 finite, <= P(alive) (r+x) t/(alpha+T)",
			   isfinite(v) && v >= 0.0 && v <= (par[0] + big) * 10.0 / (par[1] + 5.0) * (1 + 1e-12));
	v = cx_bgnbd_loglik1(par, big, 5.0, 5.0);
	check_true("loglik at x = 2^62 finite", isfinite(v));
	check_true("E[X(0)] = 0", cx_bgnbd_expected_purchases(par, 0.0) == 0.0);
	check_true("E[X(t)] t < 0 NaN", isnan(cx_bgnbd_expected_purchases(par, -1.0)));
	check_true("E[X(1e300)] finite", isfinite(cx_bgnbd_expected_purchases(par, 1e300)));
	check_true("E[Y(0)] = 0", cx_bgnbd_conditional_expected_purchases(par, 0, 3, 2, 5) == 0.0);
	check_true("P(alive) t_x > T NaN", isnan(cx_bgnbd_probability_alive(par, 1, 6, 5)));
	check_true("loglik with r = 0 NaN", isnan(cx_bgnbd_loglik1((double[4]) {0, 1, 1, 1}, 1, 1, 2)));
	check_true("loglik with alpha infinite NaN",
			   isnan(cx_bgnbd_loglik((double[4]) {1, INFINITY, 1, 1}, p, 10, NULL)));
	check_true("gg loglik with q < 0 NaN", isnan(cx_gg_loglik1((double[3]) {1, -1, 1}, 2, 3)));
	check_true("E[X] with b NaN is NaN", isnan(cx_bgnbd_expected_purchases((double[4]) {1, 1, 1, NAN}, 1)));

	/* random sweep: 0 <= E[X(t)] <= r t/alpha, nondecreasing in t;
	 * 0 <= E[Y] <= P(alive) (r+x) t/(alpha+T) */
	rng_state = 77;
	ok = 1;
	for (i = 0; i < 3000 && ok; i++)
	{
		double		q[4],
					t1,
					t2,
					e1,
					e2,
					x,
					T,
					tx,
					pa,
					ey;
		int			j;

		for (j = 0; j < 4; j++)
			q[j] = exp(-4.0 + 8.0 * runif());
		t1 = q[1] * exp(-8.0 + 16.0 * runif());
		t2 = t1 * (1.0 + runif());
		e1 = cx_bgnbd_expected_purchases(q, t1);
		e2 = cx_bgnbd_expected_purchases(q, t2);
		ok &= e1 >= 0.0 && e1 <= q[0] * t1 / q[1] * (1 + 1e-12) && e2 >= e1 * (1 - 1e-12);
		x = floor(exp(7.0 * runif()) - 1.0);
		T = 100.0 * runif();
		tx = (x > 0) ? T * runif() : 0.0;
		pa = cx_bgnbd_probability_alive(q, x, tx, T);
		ey = cx_bgnbd_conditional_expected_purchases(q, t1, x, tx, T);
		ok &= pa >= 0.0 && pa <= 1.0 && ey >= 0.0 &&
			ey <= pa * (q[0] + x) * t1 / (q[1] + T) * (1 + 1e-12) + 1e-300;
		if (!ok)
			printf("     sweep failure at r %g alpha %g a %g b %g t %g t2 %g: %g %g; x %g tx %g T %g pa %g ey %g\n",
				   q[0], q[1], q[2], q[3], t1, t2, e1, e2, x, tx, T, pa, ey);
	}
	check_true("3000 random parameter sets: expectations within their bounds", ok);

	check_true("2F1(1,1;2;0.5) = 2 ln 2",
			   fabs(cx_hyp2f1(1, 1, 2, 0.5) - 2 * log(2.0)) <= 1e-15);
	check_true("2F1(1,1;2;0.99) = -ln(0.01)/0.99",
			   fabs(cx_hyp2f1(1, 1, 2, 0.99) / (-log(0.01) / 0.99) - 1) <= 1e-14);
	check_true("2F1 at z = 1 NaN", isnan(cx_hyp2f1(1, 1, 2, 1.0)));
	check_true("2F1 with c = -2 NaN", isnan(cx_hyp2f1(1, 1, -2, 0.5)));

	check_true("E[M] with q = 1 NaN", isnan(cx_gg_conditional_expected_value((double[3]) {1, 1, 1}, 2, 3)));
	check_true("E[M] at x = 0 is p gamma/(q-1)",
			   cx_gg_conditional_expected_value(gg, 0, 0) == gg[0] * gg[2] / (gg[1] - 1));
	check_true("CLV horizon 0 is 0", cx_customer_lifetime_value(par, gg, 2, 30, 38, 20, 0, 4.345, 0.01) == 0.0);
	check_true("CLV horizon < 0 NaN", isnan(cx_customer_lifetime_value(par, gg, 2, 30, 38, 20, -1, 4.345, 0.01)));
	check_true("CLV period length 0 NaN", isnan(cx_customer_lifetime_value(par, gg, 2, 30, 38, 20, 12, 0, 0.01)));
	check_true("CLV discount -1 NaN", isnan(cx_customer_lifetime_value(par, gg, 2, 30, 38, 20, 12, 30, -1)));
	check_true("CLV q <= 1 NaN",
			   isnan(cx_customer_lifetime_value(par, (double[3]) {1, 0.5, 1}, 2, 30, 38, 20, 12, 30, 0.01)));
	check_true("simple_clv churn < 0 NaN", isnan(cx_simple_clv(10, 0.5, -0.1, 0)));
	check_true("simple_clv churn > 1 NaN", isnan(cx_simple_clv(10, 0.5, 1.1, 0)));
	check_true("simple_clv churn NaN NaN", isnan(cx_simple_clv(10, 0.5, NAN, 0)));
	check_true("simple_clv d < 0 NaN", isnan(cx_simple_clv(10, 0.5, 0.1, -0.01)));
	check_true("simple_clv d infinite NaN", isnan(cx_simple_clv(10, 0.5, 0.1, INFINITY)));
	check_true("simple_clv churn 0, d 0: +inf", cx_simple_clv(10, 0.5, 0, 0) == INFINITY);
	check_true("simple_clv churn 0, d 0, arpu 0: 0", cx_simple_clv(0, 0.5, 0, 0) == 0.0);
	{
		cx_clv_point one = {5.0, 0.0, 2, 10};

		check_true("correlation of one point NaN", isnan(cx_gg_frequency_spend_correlation(&one, 1)));
	}
}

/* cx_clv_set_validate: a valid set passes, each kind of damage is caught. */
static void
test_validate(void)
{
	static unsigned char buf[1 << 12];
	cx_clv_set *s = (cx_clv_set *) buf;
	size_t		sz = cx_clv_set_size(8);
	cx_clv_point *p = NULL;
	uint32_t	i;

	cx_clv_set_init(s, 8);
	cx_clv_set_add(s, 0, 0.0, 5.0, 3);
	cx_clv_set_add(s, 2, 1.5, 5.0, 1);
	cx_clv_set_add(s, 7, 4.0, 4.0, 2);
	check_true("validate: a valid set", cx_clv_set_validate(s, sz, 0) == CX_CLV_OK);
	check_true("validate: an empty set", (cx_clv_set_init(s, 8),
										  cx_clv_set_validate(s, cx_clv_set_size(8), 0) == CX_CLV_OK));
#define RESET() do { cx_clv_set_init(s, 8); cx_clv_set_add(s, 0, 0.0, 5.0, 3); \
	cx_clv_set_add(s, 2, 1.5, 5.0, 1); cx_clv_set_add(s, 7, 4.0, 4.0, 2); \
	for (i = 0, p = NULL; i < 8; i++) if (s->slots[i].x == 2) p = &s->slots[i]; } while (0)
	RESET();
	check_true("validate: wrong byte size", cx_clv_set_validate(s, sz - 32, 0) == CX_CLV_BAD_SET);
	s->capacity = 12;
	check_true("validate: capacity not a power of two", cx_clv_set_validate(s, sz, 0) == CX_CLV_BAD_SET);
	RESET();
	s->used = 2;
	check_true("validate: used below the occupied slots", cx_clv_set_validate(s, sz, 0) == CX_CLV_BAD_SET);
	RESET();
	s->used = 4;
	check_true("validate: used above the occupied slots", cx_clv_set_validate(s, sz, 0) == CX_CLV_BAD_SET);
	RESET();
	s->total = 7;
	check_true("validate: wrong total", cx_clv_set_validate(s, sz, 0) == CX_CLV_BAD_SET);
	RESET();
	p->u = 9.0;					/* t_x > T */
	check_true("validate: invalid point", cx_clv_set_validate(s, sz, 0) == CX_CLV_TX_AFTER_T);
	RESET();
	p->count = -1;
	check_true("validate: negative count", cx_clv_set_validate(s, sz, 0) == CX_CLV_BAD_COUNT);
	cx_clv_set_init(s, 8);
	cx_clv_set_add(s, 2, 1.5, 5.0, 1);
	for (i = 0; i < 8; i++)
		if (s->slots[i].count > 0)
			break;
	{
		uint32_t	j = (i + 7) & 7;	/* the slot before its home: never probed */

		s->slots[j] = s->slots[i];
		memset(&s->slots[i], 0, sizeof s->slots[i]);
		check_true("validate: misplaced point", cx_clv_set_validate(s, sz, 0) == CX_CLV_BAD_SET);
	}
	RESET();
	{
		cx_clv_point *q = NULL;

		for (i = 0; i < 8; i++)
			if (s->slots[i].count == 0 && q == NULL)
				q = &s->slots[i];
		*q = *p;				/* the same point twice */
		s->used++;
		s->total += p->count;
		check_true("validate: duplicate point", cx_clv_set_validate(s, sz, 0) == CX_CLV_BAD_SET);
		RESET();
		for (i = 0, q = NULL; i < 8; i++)
			if (s->slots[i].count == 0 && q == NULL)
				q = &s->slots[i];
		q->u = 1.0;				/* junk in an empty slot */
		check_true("validate: non-zero empty slot", cx_clv_set_validate(s, sz, 0) == CX_CLV_BAD_SET);
	}
	RESET();
	p->u = -0.0;
	p->x = 0;
	check_true("validate: -0 stored", cx_clv_set_validate(s, sz, 0) != CX_CLV_OK);
	cx_clv_set_init(s, 8);
	cx_clv_set_add(s, 3, 12.5, 0.0, 2);
	check_true("validate: gamma-gamma set", cx_clv_set_validate(s, cx_clv_set_size(8), 1) == CX_CLV_OK);
	check_true("validate: as BG/NBD it has t_x > T", cx_clv_set_validate(s, cx_clv_set_size(8), 0) == CX_CLV_TX_AFTER_T);
	cx_clv_set_init(s, 8);
	cx_clv_set_add(s, 3, 12.5, 1.0, 2);
	check_true("validate: gamma-gamma with v != 0", cx_clv_set_validate(s, cx_clv_set_size(8), 1) == CX_CLV_BAD_SET);
	/* canonical capacity: 3 points belong in 8 slots, not 16 */
	{
		static unsigned char big[1 << 12];
		cx_clv_set *t = (cx_clv_set *) big;

		cx_clv_set_init(t, 16);
		cx_clv_set_add(t, 0, 0.0, 5.0, 3);
		check_true("validate: capacity above the smallest for the points",
				   cx_clv_set_validate(t, cx_clv_set_size(16), 0) == CX_CLV_BAD_SET);
	}
	/* two points of one home: stored in the point order whatever the order
	 * they came in; swapped, the set is invalid */
	{
		static unsigned char b2[1 << 12];
		cx_clv_set *t = (cx_clv_set *) b2;
		uint32_t	h = 0,
					k = 0;
		int64_t		other = -1;

		cx_clv_set_init(s, 8);
		cx_clv_set_add(s, 0, 0.0, 5.0, 1);
		while (s->slots[h].count == 0)
			h++;
		for (i = 1; i < 100000 && other < 0; i++)
		{
			cx_clv_set_init(t, 8);
			cx_clv_set_add(t, (int64_t) i, 0.0, 5.0, 1);
			for (k = 0; t->slots[k].count == 0; k++)
				;
			if (k == h)
				other = (int64_t) i;
		}
		check_true("a point with the home of (0, 0, 5) exists", other > 0);
		cx_clv_set_init(s, 8);
		cx_clv_set_add(s, 0, 0.0, 5.0, 1);
		cx_clv_set_add(s, other, 0.0, 5.0, 2);
		cx_clv_set_init(t, 8);
		cx_clv_set_add(t, other, 0.0, 5.0, 2);
		cx_clv_set_add(t, 0, 0.0, 5.0, 1);
		check_true("one home, either insertion order: the same bytes",
				   memcmp(s, t, sz) == 0 && s->slots[h].x == 0 &&
				   s->slots[(h + 1) & 7].x == other);
		t->slots[h] = s->slots[(h + 1) & 7];
		t->slots[(h + 1) & 7] = s->slots[h];
		check_true("validate: points of one home out of the point order",
				   cx_clv_set_validate(t, sz, 0) == CX_CLV_BAD_SET);
	}
#undef RESET
}

int
main(int argc, char **argv)
{
	static cx_clv_point pts[NSIM],
				gpts[NSIM];
	static const double truth1[4] = {0.7, 5.0, 1.3, 4.0};
	static const double cdnow[4] = {0.243, 4.414, 0.793, 2.426};
	static const double gtruth[3] = {6.25, 3.74, 15.44};
	static const double bg_rel[4] = {0.15, 0.2, 0.4, 0.4};
	static const double gg_rel[3] = {0.15, 0.15, 0.2};
	cx_clv_fit fit,
				fit2;
	size_t		i,
				gn = 0;

	verbose = (argc > 1 && strcmp(argv[1], "-v") == 0);

	test_bgnbd_vectors();
	test_other_vectors();

	/* synthetic BG/NBD data, parameters chosen away from CDNOW's */
	simulate_bgnbd(truth1, 20261201, NSIM, pts);
	cx_bgnbd_fit(pts, NSIM, &fit);
	printf("     synthetic fit: %d iterations, grad %.2e, loglik %.6f, %lld customers\n",
		   fit.iterations, fit.grad_norm, fit.loglik, (long long) fit.customers);
	check_optimal("bgnbd synthetic", 4, &fit, pts, NSIM);
	check_recovery("bgnbd synthetic", 4, &fit, truth1, pts, NSIM, bg_rel);
	cx_bgnbd_fit(pts, NSIM, &fit2);
	check_true("bgnbd fit is deterministic (bitwise)",
			   memcmp(fit.par, fit2.par, sizeof fit.par) == 0 && fit.loglik == fit2.loglik);

	/* spend from the Gamma-Gamma process for the repeat buyers above */
	for (i = 0; i < NSIM; i++)
		if (pts[i].x > 0)
		{
			double		nu = rgamma(gtruth[1]) / gtruth[2];
			double		s = 0.0;
			int64_t		k;

			for (k = 0; k < pts[i].x; k++)
				s += rgamma(gtruth[0]) / nu;
			gpts[gn].x = pts[i].x;
			gpts[gn].u = s / (double) pts[i].x;
			gpts[gn].v = 0.0;
			gpts[gn].count = 1;
			gn++;
		}
	check_gradient_fd("bgnbd", 4, (double[4]) {0.5, 6.0, 0.9, 2.7}, pts, NSIM);
	check_gradient_fd("gamma-gamma", 3, (double[3]) {3.0, 4.0, 12.0}, gpts, gn);

	cx_gg_fit(gpts, gn, &fit);
	printf("     gamma-gamma fit on %zu repeat buyers: %d iterations, grad %.2e\n",
		   gn, fit.iterations, fit.grad_norm);
	check_optimal("gamma-gamma synthetic", 3, &fit, gpts, gn);
	check_recovery("gamma-gamma synthetic", 3, &fit, gtruth, gpts, gn, gg_rel);
	{
		double		rho = cx_gg_frequency_spend_correlation(gpts, gn);

		printf("     frequency-spend correlation on independent data: %.4f\n", rho);
		check_true("correlation of independent x and m within 4/sqrt(n) of 0",
				   fabs(rho) <= 4.0 / sqrt((double) gn));
	}

	/* CDNOW's published estimates as the truth */
	simulate_bgnbd(cdnow, 19930101, NSIM, pts);
	cx_bgnbd_fit(pts, NSIM, &fit);
	printf("     CDNOW-parameter fit: %d iterations, grad %.2e\n", fit.iterations, fit.grad_norm);
	check_optimal("bgnbd CDNOW", 4, &fit, pts, NSIM);
	check_recovery("bgnbd CDNOW", 4, &fit, cdnow, pts, NSIM, bg_rel);

	test_set(pts, NSIM);
	test_validate();
	{
		/*
		 * Twelve customers whose likelihood is maximised only as a, b ->
		 * infinity with a/b fixed (no heterogeneity in dropout): the
		 * gradient vanishes along that ridge, so only the edge test tells
		 * a supremum from a maximum.  Found by the SQL suite's first data.
		 */
		static const double d[12][3] = {{0, 0, 30}, {0, 0, 12.5}, {1, 2, 30}, {1, 28, 30},
		{2, 10, 20}, {3, 25.5, 26}, {5, 7, 40}, {8, 36, 38}, {0, 0, 0}, {1, 3, 3},
		{12, 20, 39}, {2, 1, 39}};
		cx_clv_point e[12];

		for (i = 0; i < 12; i++)
		{
			e[i].x = (int64_t) d[i][0];
			e[i].u = d[i][1];
			e[i].v = d[i][2];
			e[i].count = 1;
		}
		cx_bgnbd_fit(e, 12, &fit);
		check_true("ridge to a, b = infinity: not converged",
				   fit.status == CX_CLV_NOT_CONVERGED && !fit.converged && fit.par[2] > 1e6);
		check_true("ridge: likelihood smooth along a, b -> infinity (no lgamma differences)",
				   fabs(cx_bgnbd_loglik((double[4]) {fit.par[0], fit.par[1], fit.par[2] * 10, fit.par[3] * 10}, e, 12, NULL)
						- fit.loglik) < 1e-6);
	}
	{
		/*
		 * make fuzz's slow unit: 64800, 2.6e6 and 4.4e12 repeat purchases
		 * with times up to 1e300.  The gamma ratios are O(1) or O(256) per
		 * distinct x whatever x (the 0.3.0 draft summed 64800 logarithms
		 * per evaluation: 10 s); the fit must end, with any status.
		 */
		cx_clv_point e[3] = {{0.0, 2.000488325953489, 64800, 3},
		{3.218656638637185e-05, 5.25, 2621441, 206158430209},
		{1.0663791400881426e+34, 1e+300, INT64_C(4398063396096), 2}};

		cx_bgnbd_fit(e, 3, &fit);
		check_true("huge x: the fit ends", fit.status == CX_CLV_TOO_FEW ||
				   fit.status == CX_CLV_OK || fit.status == CX_CLV_NOT_CONVERGED);
		e[0].count = 4;
		cx_bgnbd_fit(e, 3, &fit);
		check_true("huge x, enough customers: the fit ends",
				   fit.status == CX_CLV_OK || fit.status == CX_CLV_NOT_CONVERGED);
	}
	test_edges();

	printf("%d passed, %d failed\n", n_passed, n_failed);
	return n_failed ? 1 : 0;
}
