/*
 * clv_math.c
 *	  BG/NBD and Gamma-Gamma customer lifetime value models: the point set
 *	  the aggregate collects, log-likelihoods with analytic gradients, a
 *	  deterministic maximum-likelihood optimiser, scoring and CLV.
 *
 * Likelihoods.  The BG/NBD likelihood of one customer is the paper's
 * eq. (6), a product of gamma-function ratios times a sum of two powers; it
 * is evaluated entirely in logarithms (lgamma, log1p) and the sum by
 * log-sum-exp, so no term overflows for any count.  Terms that do not depend
 * on the customer are computed once per evaluation, those that depend on x
 * alone once per run of equal x (sorted points).  The gradient is taken
 * with respect to the logarithms of the parameters, which is what the
 * optimiser moves: positivity comes for free and the scales of r, alpha, a
 * and b (which differ by orders of magnitude with the time unit) become
 * comparable.  The digamma function is not in C's libm; it is computed by
 * upward recurrence to x >= 10 and the asymptotic series (error < 1e-14).
 *
 * Optimiser.  BFGS on the log-parameters, the mean negative log-likelihood
 * per customer as objective (so tolerances do not depend on the sample
 * size), inverse-Hessian updates skipped when the curvature condition
 * fails, and a weak-Wolfe bisection line search.  When BFGS stalls away
 * from a stationary point, Nelder-Mead runs from the best point and BFGS
 * restarts from its result.  Parameters outside e^-30 .. e^30 make the
 * objective infinite: a likelihood whose maximum lies at infinity (no
 * dropout at all, say) ends as CX_CLV_NOT_CONVERGED, never as a wrong fit
 * that claims convergence.  Everything is deterministic.
 *
 * Expected purchases.  Eq. (7) of the paper contains 2F1(r, b; a+b-1; z)
 * with z = t/(alpha+t), which converges slowly as z -> 1, has a removable
 * singularity at a = 1 and a 0 x infinity at a + b = 1 (c = a+b-1 = 0).  By Pfaff's transformation
 * (1-z)^r 2F1(r, b; c; z) = 2F1(r, a-1; c; -t/alpha), and the factor (a-1)
 * of that series' terms cancels the prefactor, leaving
 *	  E[X(t)] = (r t/alpha) sum_k (r+1)_k (a)_k / ((a+b)_k (k+1)!) (-t/alpha)^k,
 * free of both singularities, used for t < 0.75 alpha.  Above that, the 2F1
 * series in z is used while it is well conditioned (z <= 0.95, no
 * cancellation near a = 1), and otherwise the defining integral
 *	  E[X(t)] = E_p[(1 - (alpha/(alpha + p t))^r) / p],  p ~ Beta(a, b),
 * by tanh-sinh quadrature in log space.  The conditional expectation (eq.
 * 10) is P(alive) times the same function at the posterior parameters
 * (r+x, alpha+T, a, b+x).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clv_math.h"

#define CX_PI		3.14159265358979323846
#define THETA_MAX	30.0		/* |log parameter| bound */
#define GTOL_STOP	1e-9		/* BFGS stops below this gradient */
#define GTOL_CONV	1e-6		/* ... and reports convergence below this */
#define MAX_ITER	500
#define MAX_EVALS	10000		/* objective evaluations per fit */
#define EDGE_LOG	7.0			/* |log parameter| from which a maximum may be at the edge */
#define EDGE_STEP	3.0			/* ... and how far the edge test moves it */
#define EDGE_FTOL	1e-7		/* mean log-likelihood no lower than this after the move */

/* Status names for messages. */
const char *
cx_clv_status_name(int status)
{
	switch (status)
	{
		case CX_CLV_OK:
			return "ok";
		case CX_CLV_FULL:
			return "set full";
		case CX_CLV_OVERFLOW:
			return "customer count overflow";
		case CX_CLV_BAD_COUNT:
			return "count must be positive";
		case CX_CLV_BAD_X:
			return "invalid number of repeat purchases";
		case CX_CLV_BAD_TX:
			return "invalid recency t_x";
		case CX_CLV_BAD_T:
			return "invalid customer age T";
		case CX_CLV_TX_AFTER_T:
			return "recency t_x exceeds customer age T";
		case CX_CLV_X0_TX:
			return "recency t_x must be 0 when there are no repeat purchases";
		case CX_CLV_BAD_M:
			return "mean spend must be positive and finite";
		case CX_CLV_TOO_FEW:
			return "too few customers";
		case CX_CLV_NO_REPEAT:
			return "no repeat buyers";
		case CX_CLV_NOT_CONVERGED:
			return "optimiser did not converge";
		case CX_CLV_BAD_SET:
			return "damaged point set";
	}
	return "unknown status";
}

/* ---------------------------------------------------------------------
 * The point set
 * --------------------------------------------------------------------- */

/* Bytes of a set with the given number of slots. */
size_t
cx_clv_set_size(uint32_t capacity)
{
	return offsetof(cx_clv_set, slots) + (size_t) capacity * sizeof(cx_clv_point);
}

/* Smallest power of two >= 8 with n <= 3/4 of it; 0 beyond 2^31 slots. */
uint32_t
cx_clv_set_capacity_for(uint64_t n)
{
	uint64_t	cap = 8;

	while (n > cap / 4 * 3)
	{
		cap <<= 1;
		if (cap > (UINT64_C(1) << 31))
			return 0;
	}
	return (uint32_t) cap;
}

/* An empty set of `capacity` slots. */
void
cx_clv_set_init(cx_clv_set *set, uint32_t capacity)
{
	set->capacity = capacity;
	set->used = 0;
	set->total = 0;
	memset(set->slots, 0, (size_t) capacity * sizeof(cx_clv_point));
}

/* Bits of a double, with -0 folded into +0. */
static uint64_t
dbits(double d)
{
	uint64_t	b;

	if (d == 0.0)
		d = 0.0;
	memcpy(&b, &d, sizeof b);
	return b;
}

/* splitmix64 finaliser. */
static uint64_t
mix64(uint64_t h)
{
	h ^= h >> 30;
	h *= UINT64_C(0xbf58476d1ce4e5b9);
	h ^= h >> 27;
	h *= UINT64_C(0x94d049bb133111eb);
	h ^= h >> 31;
	return h;
}

/* Hash of a point's key. */
static uint64_t
point_hash(int64_t x, double u, double v)
{
	return mix64((uint64_t) x ^ mix64(dbits(u) ^ mix64(dbits(v) + 0x9e3779b97f4a7c15)));
}

/*
 * The layout is canonical: Robin Hood linear probing with ties broken by
 * the point order (x, then u, then v).  Along every run of occupied slots
 * the points are sorted by home slot (their hash), equal homes by the point
 * order, so one set of points has exactly one layout however it was built
 * (rows in any order, merges in any order, a rebuild from the sorted
 * text): equal sets have equal bytes.  The capacity is canonical too (the
 * smallest for the points, see cx_clv_set_capacity_for).
 */

/* Point order of (x, u, v) against slot s: <0, 0, >0. */
static int
key_cmp(int64_t x, double u, double v, const cx_clv_point *s)
{
	if (x != s->x)
		return (x < s->x) ? -1 : 1;
	if (u != s->u)
		return (u < s->u) ? -1 : 1;
	if (v != s->v)
		return (v < s->v) ? -1 : 1;
	return 0;
}

/* Home slot of a point. */
static inline uint32_t
home_of(const cx_clv_set *set, int64_t x, double u, double v)
{
	return (uint32_t) point_hash(x, u, v) & (set->capacity - 1);
}

/* How far slot i is from the home of the point it holds. */
static inline uint32_t
dist_of(const cx_clv_set *set, uint32_t i)
{
	const cx_clv_point *s = &set->slots[i];

	return (i - home_of(set, s->x, s->u, s->v)) & (set->capacity - 1);
}

/*
 * The slot holding (x, u, v), or NULL: the probe stops at an empty slot or
 * at the first point that the canonical order puts after this one.
 */
static cx_clv_point *
find_slot(cx_clv_set *set, int64_t x, double u, double v)
{
	uint32_t	mask = set->capacity - 1;
	uint32_t	i = home_of(set, x, u, v);
	uint32_t	d;
	uint64_t	bu = dbits(u),
				bv = dbits(v);

	for (d = 0; d <= mask; d++, i = (i + 1) & mask)
	{
		cx_clv_point *s = &set->slots[i];
		uint32_t	ds;

		if (s->count == 0)
			return NULL;
		if (s->x == x && dbits(s->u) == bu && dbits(s->v) == bv)
			return s;
		ds = dist_of(set, i);
		if (ds < d || (ds == d && key_cmp(x, u, v, s) < 0))
			return NULL;
	}
	return NULL;
}

/*
 * Put the new point p (not in the set, room checked) in its canonical
 * place: walking from its home, it takes the slot of the first point that
 * the order puts after it, which moves on the same way.
 */
static void
insert_new(cx_clv_set *set, cx_clv_point p)
{
	uint32_t	mask = set->capacity - 1;
	uint32_t	i = home_of(set, p.x, p.u, p.v);
	uint32_t	d = 0;

	for (;;)
	{
		cx_clv_point *s = &set->slots[i];
		uint32_t	ds;

		if (s->count == 0)
		{
			*s = p;
			set->used++;
			return;
		}
		ds = dist_of(set, i);
		if (ds < d || (ds == d && key_cmp(p.x, p.u, p.v, s) < 0))
		{
			cx_clv_point t = *s;

			*s = p;
			p = t;
			d = ds;
		}
		i = (i + 1) & mask;
		d++;
	}
}

/* Add count customers at (x, u, v). */
int
cx_clv_set_add(cx_clv_set *set, int64_t x, double u, double v, int64_t count)
{
	cx_clv_point *s;
	cx_clv_point p;

	if (count <= 0)
		return CX_CLV_BAD_COUNT;
	if (set->total > INT64_MAX - count)
		return CX_CLV_OVERFLOW;
	s = find_slot(set, x, u, v);
	if (s != NULL)
	{
		s->count += count;
		set->total += count;
		return CX_CLV_OK;
	}
	if ((uint64_t) set->used + 1 > (uint64_t) set->capacity / 4 * 3)
		return CX_CLV_FULL;
	p.x = x;
	p.u = (u == 0.0) ? 0.0 : u;
	p.v = (v == 0.0) ? 0.0 : v;
	p.count = count;
	insert_new(set, p);
	set->total += count;
	return CX_CLV_OK;
}

/* Add src's points to dst, whose capacity the caller has checked. */
static void
add_all(cx_clv_set *dst, const cx_clv_set *src)
{
	uint32_t	i;

	for (i = 0; i < src->capacity; i++)
	{
		const cx_clv_point *p = &src->slots[i];

		if (p->count > 0)
		{
			cx_clv_point *s = find_slot(dst, p->x, p->u, p->v);

			if (s == NULL)
				insert_new(dst, *p);
			else
				s->count += p->count;
			dst->total += p->count;
		}
	}
}

/* Distinct points of dst and src together. */
uint64_t
cx_clv_set_union_size(const cx_clv_set *dst, const cx_clv_set *src)
{
	uint64_t	n = dst->used;
	uint32_t	i;

	for (i = 0; i < src->capacity; i++)
	{
		const cx_clv_point *p = &src->slots[i];

		if (p->count > 0 && find_slot((cx_clv_set *) dst, p->x, p->u, p->v) == NULL)
			n++;
	}
	return n;
}

/* Copy src's points into the empty, larger dst. */
int
cx_clv_set_rehash(cx_clv_set *dst, const cx_clv_set *src)
{
	uint32_t	need = cx_clv_set_capacity_for(src->used);

	if (dst->used != 0 || need == 0 || dst->capacity < need)
		return CX_CLV_FULL;
	add_all(dst, src);
	return CX_CLV_OK;
}

/* Merge src into dst, all or nothing. */
int
cx_clv_set_merge(cx_clv_set *dst, const cx_clv_set *src)
{
	uint32_t	need = cx_clv_set_capacity_for(cx_clv_set_union_size(dst, src));

	if (need == 0 || dst->capacity < need)
		return CX_CLV_FULL;
	if (dst->total > INT64_MAX - src->total)
		return CX_CLV_OVERFLOW;
	add_all(dst, src);
	return CX_CLV_OK;
}

/* Every byte of an empty slot is zero. */
static int
slot_is_zero(const cx_clv_point *s)
{
	static const cx_clv_point zero;

	return memcmp(s, &zero, sizeof zero) == 0;
}

/* Full validation of a set of `bytes` bytes (see clv_math.h). */
int
cx_clv_set_validate(const cx_clv_set *set, size_t bytes, int gamma_gamma)
{
	uint32_t	i,
				used = 0;
	int64_t		total = 0;

	if (bytes < offsetof(cx_clv_set, slots) ||
		set->capacity < 8 || (set->capacity & (set->capacity - 1)) != 0 ||
		set->capacity > (UINT32_C(1) << 31) ||
		bytes != cx_clv_set_size(set->capacity) ||
		set->used > set->capacity / 4 * 3)
		return CX_CLV_BAD_SET;
	for (i = 0; i < set->capacity; i++)
	{
		const cx_clv_point *s = &set->slots[i];
		int			st;

		if (s->count == 0)
		{
			if (!slot_is_zero(s))
				return CX_CLV_BAD_SET;
			continue;
		}
		if (s->count < 0)
			return CX_CLV_BAD_COUNT;
		st = gamma_gamma ? cx_gg_check(s->x, s->u) : cx_bgnbd_check(s->x, s->u, s->v);
		if (st != CX_CLV_OK)
			return st;
		if (gamma_gamma && dbits(s->v) != 0)
			return CX_CLV_BAD_SET;
		if ((s->u == 0.0 && signbit(s->u)) || (s->v == 0.0 && signbit(s->v)))
			return CX_CLV_BAD_SET;	/* -0 is stored as 0 */
		if (++used > set->used || total > INT64_MAX - s->count)
			return CX_CLV_BAD_SET;
		total += s->count;
		/*
		 * canonical placement: a point away from its home follows a point
		 * that is at most one slot less far from its own (homes in order
		 * along a run), and one of the same home comes before it in the
		 * point order; then every probe finds every point, once
		 */
		{
			uint32_t	d = dist_of(set, i);

			if (d > 0)
			{
				uint32_t	j = (i - 1) & (set->capacity - 1);
				const cx_clv_point *pr = &set->slots[j];
				uint32_t	dp;

				if (pr->count <= 0)
					return CX_CLV_BAD_SET;
				dp = dist_of(set, j);
				if (dp + 1 < d ||
					(dp + 1 == d && key_cmp(s->x, s->u, s->v, pr) <= 0))
					return CX_CLV_BAD_SET;
			}
		}
	}
	if (used != set->used || total != set->total ||
		set->capacity != cx_clv_set_capacity_for(used))
		return CX_CLV_BAD_SET;
	return CX_CLV_OK;
}

/* qsort order of points: x, then u, then v. */
static int
point_cmp(const void *pa, const void *pb)
{
	const cx_clv_point *a = pa;
	const cx_clv_point *b = pb;

	if (a->x != b->x)
		return (a->x < b->x) ? -1 : 1;
	if (a->u != b->u)
		return (a->u < b->u) ? -1 : 1;
	if (a->v != b->v)
		return (a->v < b->v) ? -1 : 1;
	return 0;
}

/* Dense copy of the points in canonical order. */
void
cx_clv_set_sorted(const cx_clv_set *set, cx_clv_point *out)
{
	uint32_t	i,
				n = 0;

	for (i = 0; i < set->capacity; i++)
		if (set->slots[i].count > 0)
			out[n++] = set->slots[i];
	qsort(out, n, sizeof(cx_clv_point), point_cmp);
}

/* ---------------------------------------------------------------------
 * Validation
 * --------------------------------------------------------------------- */

/* One BG/NBD customer. */
int
cx_bgnbd_check(int64_t x, double t_x, double T)
{
	if (x < 0)
		return CX_CLV_BAD_X;
	if (!isfinite(t_x) || t_x < 0.0)
		return CX_CLV_BAD_TX;
	if (!isfinite(T) || T < 0.0)
		return CX_CLV_BAD_T;
	if (t_x > T)
		return CX_CLV_TX_AFTER_T;
	if (x == 0 && t_x != 0.0)
		return CX_CLV_X0_TX;
	return CX_CLV_OK;
}

/* One Gamma-Gamma repeat buyer. */
int
cx_gg_check(int64_t x, double m)
{
	if (x < 1)
		return CX_CLV_BAD_X;
	if (!isfinite(m) || !(m > 0.0))
		return CX_CLV_BAD_M;
	return CX_CLV_OK;
}

/* ---------------------------------------------------------------------
 * Special functions
 * --------------------------------------------------------------------- */

/* Digamma psi(x) for x > 0. */
static double
digamma(double x)
{
	double		r = 0.0;
	double		f;

	while (x < 10.0)
	{
		r -= 1.0 / x;
		x += 1.0;
	}
	f = 1.0 / (x * x);
	return r + log(x) - 0.5 / x -
		f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
}

/* ln(e^a + e^b) without overflow. */
static double
log_add(double a, double b)
{
	double		hi = fmax(a, b),
				lo = fmin(a, b);

	return hi + log1p(exp(lo - hi));
}

/* ---------------------------------------------------------------------
 * BG/NBD likelihood
 * --------------------------------------------------------------------- */

/* Per-evaluation constants of the BG/NBD likelihood. */
typedef struct bg_const
{
	double		r,
				alpha,
				a,
				b;
	double		ln_alpha,
				ln_a;
} bg_const;

/* Fill the constants. */
static void
bg_setup(bg_const *k, const double par[4])
{
	k->r = par[0];
	k->alpha = par[1];
	k->a = par[2];
	k->b = par[3];
	k->ln_alpha = log(k->alpha);
	k->ln_a = log(k->a);
}

/*
 * The terms of one customer's likelihood that depend on x alone: computed
 * once per distinct x (the points of a sorted set come grouped by x, so the
 * gamma and digamma functions run once per frequency, not per customer).
 */
typedef struct bg_xterms
{
	double		x;				/* NAN: not filled yet */
	double		lA12;			/* ln A1 + ln A2 */
	double		ln_a_bx1;		/* ln a - ln(b + x - 1), x > 0 */
	double		dpsi_r,			/* psi(r+x) - psi(r) */
				dpsi_a,			/* psi(a+b) - psi(a+b+x) */
				dpsi_b;			/* psi(a+b) + psi(b+x) - psi(b) - psi(a+b+x) */
} bg_xterms;

/*
 * ln Gamma(z + x) - ln Gamma(z) and psi(z + x) - psi(z), z > 0, x >= 0,
 * without the cancellation of a difference of lgamma (or digamma) values:
 * lgamma(b + x) - lgamma(b) keeps only a few digits when b is large (b =
 * 3e7 leaves about 1e-7 absolute), which makes the likelihood noisy where a
 * fit drifts towards a, b -> infinity.  For z >= 10 the difference of the
 * Stirling series, written so that its large terms cancel analytically:
 *	  (z - 1/2) log1p(x/z) + x ln(z + x) - x + S(z + x) - S(z),
 *	  S(w) = 1/(12w) - 1/(360w^3) + 1/(1260w^5) - 1/(1680w^7) + 1/(1188w^9)
 * (truncation below 3e-14 at z = 10), and the matching asymptotic series of
 * psi; below 10, sums over k < x when x is an integer up to 256, else the
 * plain differences (lgamma(z) < 13 there: no large cancellation).  O(1)
 * or O(256) per call, whatever x and z.
 */
#define CX_ASYMPTOTIC_Z 10.0

/* Stirling correction S(w). */
static double
stirling_s(double w)
{
	double		f = 1.0 / (w * w);

	return (1.0 / 12 - f * (1.0 / 360 - f * (1.0 / 1260 - f * (1.0 / 1680 - f * (1.0 / 1188))))) / w;
}

/* psi(w) - ln w + 1/(2w): the asymptotic tail of digamma. */
static double
digamma_tail(double w)
{
	double		f = 1.0 / (w * w);

	return -f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
}

/* ln Gamma(z + x) - ln Gamma(z). */
static double
lgamma_ratio(double z, double x)
{
	if (x == 0.0)
		return 0.0;
	if (z >= CX_ASYMPTOTIC_Z)
		return (z - 0.5) * log1p(x / z) + x * log(z + x) - x +
			(stirling_s(z + x) - stirling_s(z));
	if (x <= 256.0 && x == floor(x))
	{
		double		s = 0.0;
		int			k,
					n = (int) x;

		for (k = 0; k < n; k++)
			s += log(z + k);
		return s;
	}
	return lgamma(z + x) - lgamma(z);
}

/* psi(z + x) - psi(z). */
static double
digamma_diff(double z, double x)
{
	if (x == 0.0)
		return 0.0;
	if (z >= CX_ASYMPTOTIC_Z)
		return log1p(x / z) - 0.5 / (z + x) + 0.5 / z +
			(digamma_tail(z + x) - digamma_tail(z));
	if (x <= 256.0 && x == floor(x))
	{
		double		s = 0.0;
		int			k,
					n = (int) x;

		for (k = 0; k < n; k++)
			s += 1.0 / (z + k);
		return s;
	}
	return digamma(z + x) - digamma(z);
}

/* Fill the x terms (digammas only with a gradient). */
static void
bg_xsetup(const bg_const *k, double x, int with_grad, bg_xterms *xt)
{
	double		r = k->r,
				a = k->a,
				b = k->b;

	xt->x = x;
	xt->lA12 = r * k->ln_alpha;
	xt->ln_a_bx1 = 0.0;
	xt->dpsi_r = xt->dpsi_a = xt->dpsi_b = 0.0;
	if (x > 0)
	{
		xt->lA12 += lgamma_ratio(r, x) + lgamma_ratio(b, x) - lgamma_ratio(a + b, x);
		xt->ln_a_bx1 = k->ln_a - log(b + x - 1.0);
		if (with_grad)
		{
			double		dab = digamma_diff(a + b, x);

			xt->dpsi_r = digamma_diff(r, x);
			xt->dpsi_a = -dab;
			xt->dpsi_b = digamma_diff(b, x) - dab;
		}
	}
}

/* Log-likelihood of one customer; gradient w.r.t. log parameters if g. */
static double
bg_point(const bg_const *k, const bg_xterms *xt, double t_x, double T,
		 double g[4])
{
	double		r = k->r,
				alpha = k->alpha,
				a = k->a,
				b = k->b,
				x = xt->x;
	double		rx = r + x;
	double		lnaT = log(alpha + T);
	double		lA3 = -rx * lnaT,
				S,
				w3 = 1.0,
				w4 = 0.0;
	double		lnatx = 0.0;

	if (x > 0)
	{
		double		lA4;

		lnatx = log(alpha + t_x);
		lA4 = xt->ln_a_bx1 - rx * lnatx;
		S = log_add(lA3, lA4);
		w3 = exp(lA3 - S);
		w4 = exp(lA4 - S);
	}
	else
		S = lA3;

	if (g)
	{
		g[0] = r * (k->ln_alpha - w3 * lnaT - w4 * lnatx + xt->dpsi_r);
		g[1] = alpha * (r / alpha - rx * (w3 / (alpha + T) + w4 / (alpha + t_x)));
		g[2] = a * (w4 / a + xt->dpsi_a);
		g[3] = b * (xt->dpsi_b - w4 / (b + x - 1.0));
	}
	return xt->lA12 + S;
}

/* Parameters all positive and finite. */
static int
par_ok(const double *par, int dim)
{
	int			j;

	for (j = 0; j < dim; j++)
		if (!(par[j] > 0.0 && isfinite(par[j])))
			return 0;
	return 1;
}

/* One customer's log-likelihood (eq. 6). */
double
cx_bgnbd_loglik1(const double par[4], double x, double t_x, double T)
{
	bg_const	k;
	bg_xterms	xt;

	if (!par_ok(par, 4))
		return NAN;
	bg_setup(&k, par);
	bg_xsetup(&k, x, 0, &xt);
	return bg_point(&k, &xt, t_x, T, NULL);
}

/* Count-weighted total log-likelihood and gradient. */
double
cx_bgnbd_loglik(const double par[4], const cx_clv_point *pts, size_t n,
				double grad[4])
{
	bg_const	k;
	bg_xterms	xt;
	double		ll = 0.0;
	size_t		i;
	int			j;

	if (grad)
		for (j = 0; j < 4; j++)
			grad[j] = 0.0;
	if (!par_ok(par, 4))
		return NAN;
	bg_setup(&k, par);
	xt.x = NAN;
	for (i = 0; i < n; i++)
	{
		double		c = (double) pts[i].count;
		double		g[4];

		if (pts[i].count <= 0)
			continue;
		if (!((double) pts[i].x == xt.x))
			bg_xsetup(&k, (double) pts[i].x, grad != NULL, &xt);
		ll += c * bg_point(&k, &xt, pts[i].u, pts[i].v, grad ? g : NULL);
		if (grad)
			for (j = 0; j < 4; j++)
				grad[j] += c * g[j];
	}
	return ll;
}

/* ---------------------------------------------------------------------
 * Gamma-Gamma likelihood
 * --------------------------------------------------------------------- */

/*
 * One repeat buyer, rearranged so that every logarithm is of a ratio:
 * ln L = lnG(px+q) - lnG(px) - lnG(q) - px ln(1 + gamma/(mx))
 *		  - q ln(1 + mx/gamma) - ln m.
 */
static double
gg_point(const double par[3], double lg_q, double psi_q, double x, double m,
		 double g[3])
{
	double		p = par[0],
				q = par[1],
				gam = par[2];
	double		px = p * x,
				mx = m * x;
	double		l1 = log1p(gam / mx),
				l2 = log1p(mx / gam);

	if (g)
	{
		double		psi_pxq = digamma(px + q);

		g[0] = p * x * (psi_pxq - digamma(px) - l1);
		g[1] = q * (psi_pxq - psi_q - l2);
		g[2] = gam * (q / gam - (px + q) / (gam + mx));
	}
	return lgamma(px + q) - lgamma(px) - lg_q - px * l1 - q * l2 - log(m);
}

/* One repeat buyer's log-likelihood. */
double
cx_gg_loglik1(const double par[3], double x, double m)
{
	if (!par_ok(par, 3))
		return NAN;
	return gg_point(par, lgamma(par[1]), 0.0, x, m, NULL);
}

/* Count-weighted total and gradient w.r.t. log parameters. */
double
cx_gg_loglik(const double par[3], const cx_clv_point *pts, size_t n,
			 double grad[3])
{
	double		lg_q,
				psi_q;
	double		ll = 0.0;
	size_t		i;
	int			j;

	if (grad)
		for (j = 0; j < 3; j++)
			grad[j] = 0.0;
	if (!par_ok(par, 3))
		return NAN;
	lg_q = lgamma(par[1]);
	psi_q = grad ? digamma(par[1]) : 0.0;
	for (i = 0; i < n; i++)
	{
		double		c = (double) pts[i].count;
		double		g[3];

		if (pts[i].count <= 0)
			continue;
		ll += c * gg_point(par, lg_q, psi_q, (double) pts[i].x, pts[i].u,
						   grad ? g : NULL);
		if (grad)
			for (j = 0; j < 3; j++)
				grad[j] += c * g[j];
	}
	return ll;
}

/* ---------------------------------------------------------------------
 * Optimiser: minimise f(theta) with gradient, dim <= 4
 * --------------------------------------------------------------------- */

#define MAXDIM 4

typedef double (*objective_fn) (const double *theta, double *grad, void *ctx);

typedef struct objective
{
	objective_fn fn;
	void	   *ctx;
	int			dim;
	long	   *left;			/* evaluations left (MAX_EVALS per fit) */
} objective;

void		(*cx_clv_interrupt_hook) (void) = NULL;

/*
 * f and gradient; +inf outside the parameter box, when not finite, or when
 * the fit's evaluations are used up (every search then stops).
 */
static double
obj_eval(const objective *o, const double *th, double *g)
{
	double		f;
	int			j;

	for (j = 0; j < o->dim; j++)
		if (!(fabs(th[j]) <= THETA_MAX))
			return INFINITY;
	if (*o->left <= 0)
		return INFINITY;
	(*o->left)--;
	if (cx_clv_interrupt_hook)
		cx_clv_interrupt_hook();
	f = o->fn(th, g, o->ctx);
	if (!isfinite(f))
		return INFINITY;
	if (g)
		for (j = 0; j < o->dim; j++)
			if (!isfinite(g[j]))
				return INFINITY;
	return f;
}

/* Largest absolute component. */
static double
max_abs(const double *v, int dim)
{
	double		m = 0.0;
	int			j;

	for (j = 0; j < dim; j++)
		m = fmax(m, fabs(v[j]));
	return m;
}

/* Dot product. */
static double
dot(const double *a, const double *b, int dim)
{
	double		s = 0.0;
	int			j;

	for (j = 0; j < dim; j++)
		s += a[j] * b[j];
	return s;
}

/*
 * Weak-Wolfe bisection line search along d from (x, f, g): on success x, f,
 * g are replaced by the accepted point and 1 is returned; 0 when no step
 * decreased f (x unchanged).  A step satisfying only the sufficient
 * decrease is accepted when bisection runs out.
 */
static int
line_search(const objective *o, double *x, double *f, double *g,
			const double *d)
{
	const double c1 = 1e-4,
				c2 = 0.9;
	double		g0d = dot(g, d, o->dim);
	double		lo = 0.0,
				hi = INFINITY,
				t = 1.0;
	double		best_t = 0.0,
				best_f = *f;
	double		xt[MAXDIM],
				gt[MAXDIM],
				best_x[MAXDIM],
				best_g[MAXDIM];
	int			it,
				j;

	if (!(g0d < 0.0))
		return 0;
	for (it = 0; it < 80; it++)
	{
		double		ft;

		for (j = 0; j < o->dim; j++)
			xt[j] = x[j] + t * d[j];
		ft = obj_eval(o, xt, gt);
		if (ft < best_f)
		{
			best_f = ft;
			best_t = t;
			memcpy(best_x, xt, sizeof(double) * o->dim);
			memcpy(best_g, gt, sizeof(double) * o->dim);
		}
		if (!(ft <= *f + c1 * t * g0d))
			hi = t;
		else if (dot(gt, d, o->dim) < c2 * g0d)
			lo = t;
		else
			break;				/* Wolfe point: it is also best_t */
		t = isinf(hi) ? 2.0 * lo : 0.5 * (lo + hi);
		if (hi - lo < 1e-16 * hi)
			break;
	}
	if (best_t == 0.0)
		return 0;
	memcpy(x, best_x, sizeof(double) * o->dim);
	memcpy(g, best_g, sizeof(double) * o->dim);
	*f = best_f;
	return 1;
}

/*
 * BFGS from x (in place).  Returns the final gradient max-norm; adds the
 * iterations done to *iters.
 */
static double
bfgs(const objective *o, double *x, double *fx, int *iters)
{
	int			dim = o->dim;
	double		H[MAXDIM][MAXDIM];
	double		g[MAXDIM];
	double		f;
	int			it,
				i,
				j,
				scaled = 0;

	f = obj_eval(o, x, g);
	if (!isfinite(f))
	{
		*fx = f;
		return INFINITY;
	}
	for (i = 0; i < dim; i++)
		for (j = 0; j < dim; j++)
			H[i][j] = (i == j) ? 1.0 : 0.0;

	for (it = 0; it < MAX_ITER; it++)
	{
		double		d[MAXDIM],
					xo[MAXDIM],
					go[MAXDIM],
					s[MAXDIM],
					y[MAXDIM],
					Hy[MAXDIM];
		double		sy,
					yHy,
					gmax = max_abs(g, dim);

		if (gmax <= GTOL_STOP)
			break;
		for (i = 0; i < dim; i++)
		{
			d[i] = 0.0;
			for (j = 0; j < dim; j++)
				d[i] -= H[i][j] * g[j];
		}
		if (!(dot(d, g, dim) < 0.0))
		{
			/* lost descent: reset to steepest descent */
			for (i = 0; i < dim; i++)
				for (j = 0; j < dim; j++)
					H[i][j] = (i == j) ? 1.0 : 0.0;
			for (i = 0; i < dim; i++)
				d[i] = -g[i];
		}
		/* first step of at most 1 in the log-parameters */
		if (it == 0 && max_abs(d, dim) > 1.0)
		{
			double		sc = 1.0 / max_abs(d, dim);

			for (i = 0; i < dim; i++)
				d[i] *= sc;
		}
		memcpy(xo, x, sizeof(double) * dim);
		memcpy(go, g, sizeof(double) * dim);
		if (!line_search(o, x, &f, g, d))
			break;
		(*iters)++;
		for (i = 0; i < dim; i++)
		{
			s[i] = x[i] - xo[i];
			y[i] = g[i] - go[i];
		}
		sy = dot(s, y, dim);
		if (!(sy > 1e-300))
			continue;			/* no curvature information: keep H */
		if (!scaled)
		{
			double		sc = sy / dot(y, y, dim);

			for (i = 0; i < dim; i++)
				for (j = 0; j < dim; j++)
					H[i][j] = (i == j) ? sc : 0.0;
			scaled = 1;
		}
		for (i = 0; i < dim; i++)
		{
			Hy[i] = 0.0;
			for (j = 0; j < dim; j++)
				Hy[i] += H[i][j] * y[j];
		}
		yHy = dot(y, Hy, dim);
		/* H += ((sy + yHy) s s' ) / sy^2 - (Hy s' + s y'H) / sy */
		for (i = 0; i < dim; i++)
			for (j = 0; j < dim; j++)
				H[i][j] += (sy + yHy) * s[i] * s[j] / (sy * sy) -
					(Hy[i] * s[j] + s[i] * Hy[j]) / sy;
	}
	*fx = f;
	return max_abs(g, dim);
}

/*
 * Nelder-Mead (standard coefficients 1, 2, 1/2, 1/2) from x with initial
 * steps of 0.5; x receives the best vertex.
 */
static void
nelder_mead(const objective *o, double *x, int *iters)
{
	int			dim = o->dim,
				n1 = dim + 1;
	double		v[MAXDIM + 1][MAXDIM];
	double		fv[MAXDIM + 1];
	int			it,
				i,
				j;

	for (i = 0; i < n1; i++)
	{
		memcpy(v[i], x, sizeof(double) * dim);
		if (i > 0)
			v[i][i - 1] += 0.5;
		fv[i] = obj_eval(o, v[i], NULL);
	}
	for (it = 0; it < 4000 && *o->left > 0; it++)
	{
		int			lo = 0,
					hi = 0,
					nh = 0;
		double		c[MAXDIM],
					xr[MAXDIM],
					xe[MAXDIM],
					fr,
					fe;

		for (i = 1; i < n1; i++)
		{
			if (fv[i] < fv[lo])
				lo = i;
			if (fv[i] > fv[hi])
				hi = i;
		}
		nh = (hi == 0) ? 1 : 0;
		for (i = 0; i < n1; i++)
			if (i != hi && fv[i] > fv[nh])
				nh = i;
		if (isfinite(fv[hi]) &&
			fv[hi] - fv[lo] <= 1e-15 * (1.0 + fabs(fv[lo])))
			break;
		(*iters)++;
		for (j = 0; j < dim; j++)
		{
			c[j] = 0.0;
			for (i = 0; i < n1; i++)
				if (i != hi)
					c[j] += v[i][j];
			c[j] /= dim;
			xr[j] = c[j] + (c[j] - v[hi][j]);
		}
		fr = obj_eval(o, xr, NULL);
		if (fr < fv[lo])
		{
			for (j = 0; j < dim; j++)
				xe[j] = c[j] + 2.0 * (c[j] - v[hi][j]);
			fe = obj_eval(o, xe, NULL);
			if (fe < fr)
			{
				memcpy(v[hi], xe, sizeof(double) * dim);
				fv[hi] = fe;
			}
			else
			{
				memcpy(v[hi], xr, sizeof(double) * dim);
				fv[hi] = fr;
			}
		}
		else if (fr < fv[nh])
		{
			memcpy(v[hi], xr, sizeof(double) * dim);
			fv[hi] = fr;
		}
		else
		{
			double		xc[MAXDIM],
						fc;

			for (j = 0; j < dim; j++)
				xc[j] = c[j] + 0.5 * (v[hi][j] - c[j]);
			fc = obj_eval(o, xc, NULL);
			if (fc < fv[hi])
			{
				memcpy(v[hi], xc, sizeof(double) * dim);
				fv[hi] = fc;
			}
			else
			{
				for (i = 0; i < n1; i++)
					if (i != lo)
					{
						for (j = 0; j < dim; j++)
							v[i][j] = v[lo][j] + 0.5 * (v[i][j] - v[lo][j]);
						fv[i] = obj_eval(o, v[i], NULL);
					}
			}
		}
	}
	j = 0;
	for (i = 1; i < n1; i++)
		if (fv[i] < fv[j])
			j = i;
	memcpy(x, v[j], sizeof(double) * dim);
}

/*
 * A stationary point that is really a supremum at the edge of the box.
 * When parameters run off to 0 or infinity together (a, b -> 0 with a/b
 * fixed; q, gamma -> infinity with gamma/q fixed) the likelihood tends to
 * a limit and its gradient in the log-parameters vanishes, so the gradient
 * test alone would call such a point converged.  Every parameter with
 * |log| > EDGE_LOG, and every subset of them, is moved EDGE_STEP further
 * out (the same step for all of a subset, less near the box, which itself
 * counts as the edge): if the mean log-likelihood does not drop by
 * EDGE_FTOL, the maximum is not attained (or the likelihood is too flat to
 * locate it).
 */
static int
at_edge(const objective *o, const double *theta, double f)
{
	int			out[MAXDIM],
				nout = 0,
				mask,
				j,
				k;

	for (j = 0; j < o->dim; j++)
		if (fabs(theta[j]) > EDGE_LOG)
			out[nout++] = j;
	for (mask = 1; mask < (1 << nout); mask++)
	{
		double		th[MAXDIM];
		double		step = EDGE_STEP;

		/* one step for the whole subset, so ratios along a ridge are kept */
		for (k = 0; k < nout; k++)
			if (mask & (1 << k))
				step = fmin(step, THETA_MAX - fabs(theta[out[k]]));
		if (step < 0.5)
			return 1;			/* against the box itself */
		memcpy(th, theta, sizeof(double) * o->dim);
		for (k = 0; k < nout; k++)
			if (mask & (1 << k))
			{
				j = out[k];
				th[j] += copysign(step, th[j]);
			}
		if (obj_eval(o, th, NULL) <= f + EDGE_FTOL)
			return 1;
	}
	return 0;
}

/*
 * Minimise from theta (in place): BFGS, then Nelder-Mead and BFGS again if
 * the gradient is not small.  Fills iterations, grad_norm and converged
 * (a small gradient at a maximum on the edge of the box is not
 * convergence: at_edge).
 */
static void
minimise(const objective *o, double *theta, cx_clv_fit *fit)
{
	double		f;
	double		gn;
	int			iters = 0;
	int			exhausted;

	gn = bfgs(o, theta, &f, &iters);
	if (!(gn <= GTOL_CONV))
	{
		double		th2[MAXDIM];
		double		f2,
					gn2;

		memcpy(th2, theta, sizeof(double) * o->dim);
		nelder_mead(o, th2, &iters);
		gn2 = bfgs(o, th2, &f2, &iters);
		if (f2 < f || (f2 == f && gn2 < gn) || !isfinite(f))
		{
			memcpy(theta, th2, sizeof(double) * o->dim);
			gn = gn2;
		}
	}
	fit->iterations = iters;
	fit->grad_norm = gn;
	/* out of evaluations: not converged, whatever the gradient says */
	exhausted = *o->left <= 0;
	*o->left = 1 + (1 << MAXDIM);	/* at_edge's evaluations */
	fit->converged = !exhausted && (gn <= GTOL_CONV) &&
		!at_edge(o, theta, obj_eval(o, theta, NULL));
}

/* ---------------------------------------------------------------------
 * Fits
 * --------------------------------------------------------------------- */

typedef double (*loglik_fn) (const double *par, const cx_clv_point *pts,
							size_t n, double *grad);

typedef struct fit_ctx
{
	loglik_fn	ll;				/* cx_bgnbd_loglik or cx_gg_loglik */
	int			dim;
	const cx_clv_point *pts;
	size_t		n;
	double		inv_n;			/* 1 / customers */
} fit_ctx;

/* Mean negative log-likelihood at exp(theta), gradient w.r.t. theta. */
static double
model_objective(const double *th, double *g, void *vctx)
{
	fit_ctx    *c = vctx;
	double		par[MAXDIM];
	double		gr[MAXDIM];
	double		ll;
	int			j;

	for (j = 0; j < c->dim; j++)
		par[j] = exp(th[j]);
	ll = c->ll(par, c->pts, c->n, g ? gr : NULL);
	if (g)
		for (j = 0; j < c->dim; j++)
			g[j] = -gr[j] * c->inv_n;
	return -ll * c->inv_n;
}

/* Sum of counts, saturating at INT64_MAX; also repeat buyers and sums. */
static int64_t
count_points(const cx_clv_point *pts, size_t n, int64_t *repeat,
			 double *sum_x, double *sum_T, double *sum_m)
{
	int64_t		total = 0;
	size_t		i;

	*repeat = 0;
	*sum_x = *sum_T = *sum_m = 0.0;
	for (i = 0; i < n; i++)
	{
		int64_t		c = pts[i].count;

		if (c <= 0)
			continue;
		total = (total > INT64_MAX - c) ? INT64_MAX : total + c;
		if (pts[i].x > 0)
			*repeat = (*repeat > INT64_MAX - c) ? INT64_MAX : *repeat + c;
		*sum_x += (double) c * (double) pts[i].x;
		*sum_T += (double) c * pts[i].v;
		*sum_m += (double) c * pts[i].u;
	}
	return total;
}

/*
 * Optimise a model from theta (log-parameters) and fill the rest of *fit
 * (customers already set); returns the status.
 */
static int
fit_model(loglik_fn ll, int dim, const cx_clv_point *pts, size_t n,
		  double *theta, cx_clv_fit *fit)
{
	fit_ctx		c;
	objective	o;
	long		left = MAX_EVALS;
	int			j;

	c.ll = ll;
	c.dim = dim;
	c.pts = pts;
	c.n = n;
	c.inv_n = 1.0 / (double) fit->customers;
	o.fn = model_objective;
	o.ctx = &c;
	o.dim = dim;
	o.left = &left;
	minimise(&o, theta, fit);
	for (j = 0; j < dim; j++)
		fit->par[j] = exp(theta[j]);
	fit->loglik = ll(fit->par, pts, n, NULL);
	fit->status = fit->converged ? CX_CLV_OK : CX_CLV_NOT_CONVERGED;
	return fit->status;
}

/* An empty result: NaN parameters and likelihood, counts of the input. */
static void
fit_reset(cx_clv_fit *fit, int dim)
{
	int			j;

	memset(fit, 0, sizeof *fit);
	fit->loglik = NAN;
	fit->grad_norm = NAN;
	for (j = 0; j < dim; j++)
		fit->par[j] = NAN;
}

/* Maximum-likelihood BG/NBD. */
int
cx_bgnbd_fit(const cx_clv_point *pts, size_t n, cx_clv_fit *fit)
{
	int64_t		repeat;
	double		sx,
				sT,
				sm;
	double		theta[4];

	fit_reset(fit, 4);
	fit->customers = count_points(pts, n, &repeat, &sx, &sT, &sm);
	if (fit->customers < CX_CLV_MIN_CUSTOMERS)
		return fit->status = CX_CLV_TOO_FEW;
	if (repeat == 0)
		return fit->status = CX_CLV_NO_REPEAT;
	if (!(sT > 0.0))
		return fit->status = CX_CLV_TOO_FEW;	/* nobody observed for any time */

	/* r = 1, alpha = r / (purchase rate), a = 1, b = 3 */
	theta[0] = 0.0;
	theta[1] = fmin(fmax(log(sT / sx), -THETA_MAX + 1), THETA_MAX - 1);
	theta[2] = 0.0;
	theta[3] = log(3.0);
	return fit_model(cx_bgnbd_loglik, 4, pts, n, theta, fit);
}

/* Maximum-likelihood Gamma-Gamma. */
int
cx_gg_fit(const cx_clv_point *pts, size_t n, cx_clv_fit *fit)
{
	int64_t		repeat;
	double		sx,
				sT,
				sm;
	double		theta[3];

	fit_reset(fit, 3);
	fit->customers = count_points(pts, n, &repeat, &sx, &sT, &sm);
	if (fit->customers < CX_CLV_MIN_CUSTOMERS)
		return fit->status = CX_CLV_TOO_FEW;

	/* p = 1, q = 2, gamma = mean spend: the population mean p gamma/(q-1) */
	theta[0] = 0.0;
	theta[1] = log(2.0);
	theta[2] = fmin(fmax(log(sm / (double) fit->customers), -THETA_MAX + 1),
					THETA_MAX - 1);
	return fit_model(cx_gg_loglik, 3, pts, n, theta, fit);
}

/* Weighted Pearson correlation of x and m (two passes). */
double
cx_gg_frequency_spend_correlation(const cx_clv_point *pts, size_t n)
{
	double		w = 0.0,
				mx = 0.0,
				mm = 0.0,
				sxx = 0.0,
				smm = 0.0,
				sxm = 0.0;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		double		c = (double) pts[i].count;

		if (pts[i].count <= 0)
			continue;
		w += c;
		mx += c * (double) pts[i].x;
		mm += c * pts[i].u;
	}
	if (!(w >= 2.0))
		return NAN;
	mx /= w;
	mm /= w;
	for (i = 0; i < n; i++)
	{
		double		c = (double) pts[i].count;
		double		dx = (double) pts[i].x - mx,
					dm = pts[i].u - mm;

		if (pts[i].count <= 0)
			continue;
		sxx += c * dx * dx;
		smm += c * dm * dm;
		sxm += c * dx * dm;
	}
	if (!(sxx > 0.0 && smm > 0.0))
		return NAN;
	return fmax(-1.0, fmin(1.0, sxm / sqrt(sxx * smm)));
}

/* ---------------------------------------------------------------------
 * Scoring
 * --------------------------------------------------------------------- */

/* 2F1(a, b; c; z) by its series for 0 <= z < 1. */
double
cx_hyp2f1(double a, double b, double c, double z)
{
	double		sum = 1.0,
				term = 1.0;
	int			n;

	if (!(z >= 0.0 && z < 1.0))
		return NAN;
	if (c <= 0.0 && c == floor(c))
		return NAN;				/* pole */
	for (n = 0; n < 200000; n++)
	{
		double		ratio = (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;

		term *= ratio;
		sum += term;
		if (!isfinite(sum) || fabs(sum) > 1e300)
			return NAN;
		if (fabs(term) <= 1e-17 * fabs(sum) && fabs(ratio) < 1.0)
			return sum;
		if (term == 0.0)
			return sum;
	}
	return NAN;
}

/*
 * E[X(t)] for t < alpha: (r rho) sum_k (r+1)_k (a)_k / ((a+b)_k (k+1)!)
 * (-rho)^k with rho = t/alpha.  0 (fail) when cancellation or the term
 * limit makes it unreliable.
 */
static int
ex_pfaff_series(double r, double a, double b, double rho, double *out)
{
	double		sum = 1.0,
				term = 1.0,
				big = 1.0;
	int			k;

	for (k = 0; k < 5000; k++)
	{
		double		ratio = (r + 1.0 + k) * (a + k) / ((a + b + k) * (k + 2.0)) * -rho;

		term *= ratio;
		sum += term;
		big = fmax(big, fabs(term));
		if (fabs(term) <= 1e-17 * fabs(sum) && fabs(ratio) < 1.0)
		{
			if (!(big <= 1e6 * fabs(sum)))
				return 0;
			*out = r * rho * sum;
			return 1;
		}
	}
	return 0;
}

/*
 * E[X(t)] from eq. (7) with c = a+b-1 kept off the denominator:
 * [c (1 - (1-z)^r) - (1-z)^r r b z F1] / (a-1), where F1 =
 * sum_k (r+1)_k (b+1)_k / ((a+b)_k (k+1)!) z^k (all terms positive).
 */
static int
ex_euler_series(double r, double a, double b, double rho, double *out)
{
	double		z = rho / (1.0 + rho);
	double		pw = exp(-r * log1p(rho));	/* (1-z)^r */
	double		c = a + b - 1.0;
	double		sum = 1.0,
				term = 1.0,
				t1,
				t2;
	int			k;

	if (z > 0.95 || fabs(a - 1.0) < 1e-12)
		return 0;
	for (k = 0; k < 5000; k++)
	{
		double		ratio = (r + 1.0 + k) * (b + 1.0 + k) / ((a + b + k) * (k + 2.0)) * z;

		term *= ratio;
		sum += term;
		if (!(sum < 1e290))
			return 0;
		if (term <= 1e-17 * sum && ratio < 1.0)
			break;
	}
	if (k == 5000)
		return 0;
	t1 = c * -expm1(-r * log1p(rho));
	t2 = pw * r * b * z * sum;
	if (!(fabs(t1 - t2) >= 1e-5 * (fabs(t1) + fabs(t2))))
		return 0;				/* cancellation (a near 1) */
	*out = (t1 - t2) / (a - 1.0);
	return 1;
}

/* Integrand of the quadrature at node s (log-space weights). */
static double
ex_node(double r, double a, double b, double rho, double lbeta, double s)
{
	double		u = 0.5 * CX_PI * sinh(s);
	double		lp,
				lq,
				p,
				g;

	if (u >= 0.0)
	{
		double		e = exp(-2.0 * u);

		lp = -log1p(e);
		lq = -2.0 * u - log1p(e);
	}
	else
	{
		double		e = exp(2.0 * u);

		lp = 2.0 * u - log1p(e);
		lq = -log1p(e);
	}
	p = exp(lp);
	if (p == 0.0)
		g = r * rho;
	else
		g = -expm1(-r * log1p(p * rho)) / p;
	return exp(a * lp + b * lq - lbeta + log(CX_PI * cosh(s))) * g;
}

/*
 * E[X(t)] = int_0^1 p^(a-1) (1-p)^(b-1) / B(a,b) (1 - (1 + p rho)^-r) / p dp
 * by tanh-sinh quadrature, halving the step until two levels agree.
 */
static double
ex_quadrature(double r, double a, double b, double rho)
{
	double		lbeta = lgamma(a) + lgamma(b) - lgamma(a + b);
	/* where p^a, (1-p)^b fall below e^-45 */
	double		smin = -fmin(asinh(45.0 / (CX_PI * a)) + 0.5, 12.0);
	double		smax = fmin(asinh(45.0 / (CX_PI * b)) + 0.5, 12.0);
	double		h = 0.5;
	double		sum = 0.0,
				prev = NAN,
				est = NAN;
	int			level,
				k;

	for (k = (int) ceil(smin / h); k * h <= smax; k++)
		sum += ex_node(r, a, b, rho, lbeta, k * h);
	est = sum * h;
	for (level = 1; level <= 9; level++)
	{
		h *= 0.5;
		for (k = (int) ceil(smin / h); k * h <= smax; k++)
			if (k % 2 != 0)
				sum += ex_node(r, a, b, rho, lbeta, k * h);
		prev = est;
		est = sum * h;
		if (level >= 3 && fabs(est - prev) <= 1e-13 * fabs(est))
			break;
	}

	/*
	 * When b (a) is so small that the nodes stop at s = 12 before p^a
	 * ((1-p)^b) falls below e^-45, the mass beyond them is not small: for
	 * b = 1e-10 nearly all of it lies where log(1-p) ~ -1/b, past the last
	 * node's -2.6e5, and E[X(t)] came out 2.6e-5 instead of about 1 (and
	 * fell as t grew).  Beyond the last node 1-p (p) is below e^-2.5e5, so
	 * the density there is (1-p)^(b-1) / B(a, b) (p^(a-1) / B(a, b)) and g
	 * is its value at p = 1 (p = 0): the tail adds g(1) eps^b / (b B(a, b))
	 * with eps = 1 - p at the cut (likewise r rho delta^a / (a B(a, b))).
	 */
	if (smax >= 12.0)
	{
		double		u = 0.5 * CX_PI * sinh(smax);
		double		lq = -2.0 * u - log1p(exp(-2.0 * u));

		est += -expm1(-r * log1p(rho)) * exp(b * lq - log(b) - lbeta);
	}
	if (smin <= -12.0)
	{
		double		u = 0.5 * CX_PI * sinh(smin);
		double		lp = 2.0 * u - log1p(exp(2.0 * u));

		est += r * rho * exp(a * lp - log(a) - lbeta);
	}
	return est;
}

/* E[X(t)] at (r, alpha, a, b), any t >= 0. */
static double
expected_x(double r, double alpha, double a, double b, double t)
{
	double		rho = t / alpha;
	double		v;

	if (t == 0.0)
		return 0.0;
	if (!(rho > 0.0) || !isfinite(rho))
		return isinf(rho) ? INFINITY : NAN;
	if (rho < 0.75 && ex_pfaff_series(r, a, b, rho, &v))
		return fmax(v, 0.0);
	if (ex_euler_series(r, a, b, rho, &v))
		return fmax(v, 0.0);
	return fmax(ex_quadrature(r, a, b, rho), 0.0);
}

/* Eq. (7). */
double
cx_bgnbd_expected_purchases(const double par[4], double t)
{
	if (!par_ok(par, 4) || !(t >= 0.0))
		return NAN;
	return expected_x(par[0], par[1], par[2], par[3], t);
}

/* P(alive | x, t_x, T). */
double
cx_bgnbd_probability_alive(const double par[4], double x, double t_x,
						   double T)
{
	double		L;

	if (!par_ok(par, 4) || !(x >= 0.0 && t_x >= 0.0 && T >= t_x) ||
		!isfinite(x) || !isfinite(T))
		return NAN;
	if (x == 0.0)
		return 1.0;
	L = log(par[2]) - log(par[3] + x - 1.0) +
		(par[0] + x) * log1p((T - t_x) / (par[1] + t_x));
	if (L > 0.0)
		return exp(-L) / (1.0 + exp(-L));
	return 1.0 / (1.0 + exp(L));
}

/* Eq. (10). */
double
cx_bgnbd_conditional_expected_purchases(const double par[4], double t,
										double x, double t_x, double T)
{
	double		palive = cx_bgnbd_probability_alive(par, x, t_x, T);

	if (isnan(palive) || !(t >= 0.0))
		return NAN;
	if (t == 0.0 || palive == 0.0)
		return 0.0;
	return palive * expected_x(par[0] + x, par[1] + T, par[2], par[3] + x, t);
}

/* E[M | x, m]. */
double
cx_gg_conditional_expected_value(const double par[3], double x, double m)
{
	double		p = par[0],
				q = par[1],
				gam = par[2];

	if (!(p > 0.0 && gam > 0.0 && q > 1.0) || !isfinite(p) ||
		!isfinite(q) || !isfinite(gam) || !(x >= 0.0) || !(m >= 0.0) ||
		!isfinite(x) || !isfinite(m))
		return NAN;
	return (gam + m * x) * p / (p * x + q - 1.0);
}

/* lifetimes' customer_lifetime_value for one customer. */
double
cx_customer_lifetime_value(const double bgnbd[4], const double gg[3],
						   double x, double t_x, double T, double m,
						   int horizon, double units_per_period,
						   double discount_rate)
{
	double		value = cx_gg_conditional_expected_value(gg, x, m);
	double		prev = 0.0,
				clv = 0.0;
	int			i;

	if (isnan(value) || horizon < 0 || !(units_per_period > 0.0) ||
		!isfinite(units_per_period) || !(discount_rate > -1.0) ||
		!isfinite(discount_rate))
		return NAN;
	for (i = 1; i <= horizon; i++)
	{
		double		cur = cx_bgnbd_conditional_expected_purchases(bgnbd,
																  i * units_per_period,
																  x, t_x, T);

		if (isnan(cur))
			return NAN;
		clv += fmax(cur - prev, 0.0) * value / pow(1.0 + discount_rate, i);
		prev = cur;
	}
	return clv;
}

/* Contractual CLV, margin at the start of each period. */
double
cx_simple_clv(double arpu, double margin, double churn, double discount_rate)
{
	double		unit = arpu * margin;
	double		den;

	if (!(churn >= 0.0 && churn <= 1.0) || !(discount_rate >= 0.0) ||
		!isfinite(discount_rate) || !isfinite(unit))
		return NAN;
	den = discount_rate + churn;	/* = 1 + d - (1 - churn), exactly */
	if (den == 0.0)
		return (unit == 0.0) ? 0.0 : copysign(INFINITY, unit);
	return unit * (1.0 + discount_rate) / den;
}
