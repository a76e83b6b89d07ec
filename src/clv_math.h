/*
 * clv_math.h
 *	  Customer lifetime value models for cxkpi, pure computation (layer 1):
 *	  BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy
 *	  way: an alternative to the Pareto/NBD model", Marketing Science 24(2))
 *	  and Gamma-Gamma spend (Fader & Hardie 2013, "The Gamma-Gamma model of
 *	  monetary value"), their maximum-likelihood fits, scoring, the
 *	  discounted CLV the way Python's lifetimes computes it, and the simple
 *	  contractual CLV.  No PostgreSQL headers and no allocation: the caller
 *	  owns every buffer, so the functions can be unit-tested on their own.
 *
 * Data, in the convention of lifetimes/BTYD, in one time unit (days, weeks;
 * alpha is in that unit, so a model fitted in weeks scores times in weeks):
 *	  x    number of repeat purchases (purchase periods after the first one);
 *	  t_x  time from the first to the last purchase (0 when x = 0);
 *	  T    time from the first purchase to the end of observation;
 *	  m    mean value of the repeat purchases (Gamma-Gamma, x >= 1).
 *
 * The aggregate's state: a cx_clv_set, an open-addressing hash of distinct
 * points (x, u, v) with a multiplicity each, u = t_x and v = T for BG/NBD,
 * u = m and v = 0 for Gamma-Gamma.  Both likelihoods are sums over
 * customers of a function of the point, so a point with count c weighs c
 * times; memory is bounded by the number of distinct points, not customers
 * (rounding t_x and T to the unit, as lifetimes does, makes them few).
 *
 *	  Layout (one flat block, no pointers, so it can be the body of a
 *	  varlena and be copied with memcpy): a 16-byte header (capacity, used,
 *	  total) and `capacity` slots of 32 bytes (u, v, x, count), count 0
 *	  meaning an empty slot.  capacity is a power of two >= 8 and the table
 *	  is kept at most 3/4 full; cx_clv_set_add reports CX_CLV_FULL before it
 *	  would exceed that, and the caller then allocates
 *	  cx_clv_set_size(2 * capacity), calls cx_clv_set_rehash and retries
 *	  (amortised O(1) per row, no allocation in the common case).
 *	  Merge (COMBINEFUNC): cx_clv_set_merge adds every point of src, or
 *	  reports CX_CLV_FULL (dst unchanged) when dst needs the capacity
 *	  cx_clv_set_capacity_for(cx_clv_set_union_size(dst, src)): rehash into
 *	  that and merge again; it never fails half-way.  The layout is canonical (Robin Hood probing with ties in
 *	  the point order, and the smallest capacity), so a set has the same
 *	  bytes however its rows and merges came.
 *	  Serialize: cx_clv_set_sorted writes the points densely in canonical
 *	  order (x, then u, then v, as numbers), so equal sets have equal bytes
 *	  and text; write them with their counts; on input rebuild the set with
 *	  cx_clv_set_add after validating each point with cx_bgnbd_check /
 *	  cx_gg_check.  Fit from the sorted array too: the sums then run in one
 *	  order whatever the order of rows and merges, and the fit is the same
 *	  for a serial and a parallel plan.
 *
 * Every function taking points accepts either the hash slots (empty slots,
 * count 0, are skipped) or a dense sorted array.
 */
#ifndef CXKPI_CLV_MATH_H
#define CXKPI_CLV_MATH_H

#include <stddef.h>
#include <stdint.h>

/* Status codes (returned by add/merge, the checks and the fits). */
typedef enum cx_clv_status
{
	CX_CLV_OK = 0,
	CX_CLV_FULL,				/* set: grow (rehash) and retry */
	CX_CLV_OVERFLOW,			/* set: total count would exceed INT64_MAX */
	CX_CLV_BAD_COUNT,			/* set: count <= 0 */
	CX_CLV_BAD_X,				/* x < 0 (or x < 1 for Gamma-Gamma) */
	CX_CLV_BAD_TX,				/* t_x < 0 or not finite */
	CX_CLV_BAD_T,				/* T < 0 or not finite */
	CX_CLV_TX_AFTER_T,			/* t_x > T */
	CX_CLV_X0_TX,				/* x = 0 but t_x != 0 */
	CX_CLV_BAD_M,				/* spend m <= 0 or not finite */
	CX_CLV_TOO_FEW,				/* fit: fewer than CX_CLV_MIN_CUSTOMERS */
	CX_CLV_NO_REPEAT,			/* BG/NBD fit: no customer with x > 0 */
	CX_CLV_NOT_CONVERGED,		/* fit: best point returned, not optimal */
	CX_CLV_BAD_SET				/* set: layout, placement or totals damaged */
} cx_clv_status;

/* Short English name of a status ("ok", "too few customers", ...). */
extern const char *cx_clv_status_name(int status);

/* Fewest customers a fit accepts (BG/NBD has 4 parameters, G-G 3). */
#define CX_CLV_MIN_CUSTOMERS	4

/* ---- the point set (aggregate state) ---- */

typedef struct cx_clv_point
{
	double		u;				/* t_x (BG/NBD) or m (Gamma-Gamma) */
	double		v;				/* T (BG/NBD) or 0 (Gamma-Gamma) */
	int64_t		x;				/* repeat purchases */
	int64_t		count;			/* customers with this point; 0 = empty */
} cx_clv_point;

typedef struct cx_clv_set
{
	uint32_t	capacity;		/* slots, a power of two >= 8 */
	uint32_t	used;			/* distinct points stored */
	int64_t		total;			/* sum of the counts (customers) */
	cx_clv_point slots[];		/* capacity slots */
} cx_clv_set;

/* Bytes of a set with the given capacity (a power of two >= 8). */
extern size_t cx_clv_set_size(uint32_t capacity);

/*
 * Called before every evaluation of a fit's likelihood (NULL: nothing):
 * the extension sets it to CHECK_FOR_INTERRUPTS, so a long fit can be
 * cancelled.  A fit stops, not converged, after 10 000 evaluations
 * (converging fits take tens, hard ones hundreds).
 */
extern void (*cx_clv_interrupt_hook) (void);

/* Smallest capacity that holds n distinct points at <= 3/4 load; 0 if none. */
extern uint32_t cx_clv_set_capacity_for(uint64_t n);

/* Make an empty set in a buffer of cx_clv_set_size(capacity) bytes. */
extern void cx_clv_set_init(cx_clv_set *set, uint32_t capacity);

/*
 * Add count customers at point (x, u, v): O(1), no allocation.  -0 is
 * stored as 0.  CX_CLV_FULL when a new point would pass 3/4 load,
 * CX_CLV_OVERFLOW when the total would pass INT64_MAX, CX_CLV_BAD_COUNT
 * for count <= 0; the set is unchanged on any error.  Points must be
 * validated by the caller (cx_bgnbd_check, cx_gg_check).
 */
extern int	cx_clv_set_add(cx_clv_set *set, int64_t x, double u, double v,
						   int64_t count);

/*
 * Copy every point of src into the empty dst (to grow a full set);
 * CX_CLV_FULL, dst unchanged, when dst is not empty or its capacity is
 * below cx_clv_set_capacity_for(src->used).
 */
extern int	cx_clv_set_rehash(cx_clv_set *dst, const cx_clv_set *src);

/* Distinct points of dst and src together (what a merge leaves in dst). */
extern uint64_t cx_clv_set_union_size(const cx_clv_set *dst, const cx_clv_set *src);

/*
 * Add every point of src to dst.  CX_CLV_FULL (dst unchanged) when dst's
 * capacity is below cx_clv_set_capacity_for(cx_clv_set_union_size(dst, src)),
 * CX_CLV_OVERFLOW (unchanged) when the totals would overflow.
 */
extern int	cx_clv_set_merge(cx_clv_set *dst, const cx_clv_set *src);

/*
 * Full validation of a set that occupies `bytes` bytes (what a receive
 * function or a careful state path checks before trusting the layout):
 * capacity a power of two >= 8 with bytes == cx_clv_set_size(capacity),
 * used <= 3/4 capacity and equal to the occupied slots, every occupied slot
 * a valid point (cx_bgnbd_check, or cx_gg_check with v = 0 when
 * gamma_gamma) with count > 0, in its canonical place (homes in order
 * along every run of occupied slots, equal homes in strictly increasing
 * point order: every probe finds every point, and none is stored twice),
 * empty slots all zero, the capacity the smallest for the points
 * (cx_clv_set_capacity_for(used)), and total the sum of the counts.  CX_CLV_OK or CX_CLV_BAD_SET; the point checks' own status for an
 * invalid point.
 */
extern int	cx_clv_set_validate(const cx_clv_set *set, size_t bytes,
								int gamma_gamma);

/* Write the set's points to out[0 .. used) sorted by (x, u, v). */
extern void cx_clv_set_sorted(const cx_clv_set *set, cx_clv_point *out);

/* ---- validation of one customer (the aggregate's 22023 checks) ---- */

/* BG/NBD point: x >= 0, 0 <= t_x <= T finite, t_x = 0 when x = 0. */
extern int	cx_bgnbd_check(int64_t x, double t_x, double T);

/* Gamma-Gamma point: x >= 1 (repeat buyers only), m > 0 finite. */
extern int	cx_gg_check(int64_t x, double m);

/* ---- fits ---- */

typedef struct cx_clv_fit
{
	double		par[4];			/* BG/NBD: r, alpha, a, b; G-G: p, q, gamma */
	double		loglik;			/* total log-likelihood at par */
	double		grad_norm;		/* max |d mean loglik / d log par| at par */
	int64_t		customers;		/* sum of the counts */
	int			iterations;		/* optimiser iterations (BFGS + fallback) */
	int			converged;		/* 1 when grad_norm is small at the end */
	int			status;			/* CX_CLV_OK, TOO_FEW, NO_REPEAT, NOT_CONVERGED */
} cx_clv_fit;

/*
 * BG/NBD log-likelihood of one customer, paper's eq. (6) without 2F1:
 *	  ln L = ln A1 + ln A2 + ln(A3 + [x > 0] A4),
 *	  A1 = Gamma(r+x) alpha^r / Gamma(r),
 *	  A2 = Gamma(a+b) Gamma(b+x) / (Gamma(b) Gamma(a+b+x)),
 *	  A3 = (alpha+T)^-(r+x),  A4 = a / (b+x-1) (alpha+t_x)^-(r+x),
 * with the last logarithm a log-sum-exp.  par = {r, alpha, a, b}; NaN
 * unless all four are positive and finite.  The point is not checked
 * (cx_bgnbd_check does that).
 */
extern double cx_bgnbd_loglik1(const double par[4], double x, double t_x,
							   double T);

/*
 * Total log-likelihood over n points (count-weighted) at par; when grad is
 * not NULL, also its gradient with respect to (ln r, ln alpha, ln a, ln b).
 * NaN (gradient 0) for invalid parameters.  O(n), no allocation; the
 * gamma-function terms are computed once per run of equal x, so points
 * grouped by x (cx_clv_set_sorted) are fastest.
 */
extern double cx_bgnbd_loglik(const double par[4], const cx_clv_point *pts,
							  size_t n, double grad[4]);

/*
 * Maximum-likelihood fit of BG/NBD: BFGS on the log-parameters with the
 * analytic gradient and a Wolfe line search, from a deterministic
 * moment-based start (r = 1, alpha = r * sum(T) / sum(x), a = 1, b = 3);
 * Nelder-Mead restarts BFGS when it stalls.  BFGS stops when the largest
 * gradient component of the mean log-likelihood (per customer) w.r.t. the
 * log-parameters is below 1e-9 or no step decreases the objective; the
 * fit is converged when that component is below 1e-6 at the end and the
 * point is not a supremum at the edge (parameters beyond e^+-7 moved e^3
 * further out, alone and together, must lower the mean log-likelihood by
 * 1e-7), else the best point is returned with CX_CLV_NOT_CONVERGED (a
 * maximum at infinity, e.g. a, b -> 0 with a/b fixed, where the gradient
 * vanishes too: parameters are kept within e^-30 .. e^30).  The parameters of
 * too few customers (CX_CLV_TOO_FEW) or without any repeat buyer
 * (CX_CLV_NO_REPEAT, the likelihood then grows as r/alpha -> 0) are NaN.
 * Fills *fit and returns fit->status.
 */
extern int	cx_bgnbd_fit(const cx_clv_point *pts, size_t n, cx_clv_fit *fit);

/*
 * Gamma-Gamma log-likelihood of one repeat buyer (x >= 1, m > 0):
 *	  ln Gamma(px+q) - ln Gamma(px) - ln Gamma(q) + q ln gamma
 *	  + (px-1) ln m + px ln x - (px+q) ln(gamma + m x).
 */
extern double cx_gg_loglik1(const double par[3], double x, double m);

/* Total over points (u = m); gradient w.r.t. (ln p, ln q, ln gamma);
 * NaN for parameters that are not positive and finite. */
extern double cx_gg_loglik(const double par[3], const cx_clv_point *pts,
						   size_t n, double grad[3]);

/*
 * Maximum-likelihood fit of Gamma-Gamma over repeat buyers (every point
 * must pass cx_gg_check: the aggregate skips x = 0), same optimiser and
 * criteria, start p = 1, q = 2, gamma = mean m.  CX_CLV_TOO_FEW below
 * CX_CLV_MIN_CUSTOMERS; spends without any variation drive q to infinity
 * and end as CX_CLV_NOT_CONVERGED.  par[3] is 0.  A fitted q <= 1 means
 * an infinite population mean spend: cx_gg_conditional_expected_value is
 * then NaN.
 */
extern int	cx_gg_fit(const cx_clv_point *pts, size_t n, cx_clv_fit *fit);

/*
 * Count-weighted Pearson correlation of x and m over Gamma-Gamma points:
 * the model assumes spend independent of frequency, and users check that
 * this is near 0 before trusting it.  NaN when undefined (fewer than two
 * customers or no variance in x or m).
 */
extern double cx_gg_frequency_spend_correlation(const cx_clv_point *pts,
												size_t n);

/* ---- scoring (par = fitted BG/NBD r, alpha, a, b) ---- */

/* Gauss hypergeometric 2F1(a, b; c; z) by its series, 0 <= z < 1; NaN if
 * the series does not converge within its term limit or overflows. */
extern double cx_hyp2f1(double a, double b, double c, double z);

/*
 * E[X(t)] for a newly acquired customer, paper's eq. (7):
 *	  (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))].
 * Evaluated as (r t/alpha) 3F2(r+1, a, 1; a+b, 2; -t/alpha) (Pfaff's
 * transformation; no singularity at a = 1 or a + b = 1) for t < alpha,
 * by the 2F1 series above where that is well conditioned, and otherwise
 * by double-exponential quadrature of E_p[(1 - (alpha/(alpha+pt))^r)/p]
 * over p ~ Beta(a, b).  >= 0; 0 at t = 0.
 */
extern double cx_bgnbd_expected_purchases(const double par[4], double t);

/* P(alive | x, t_x, T) = 1 / (1 + [x > 0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)). */
extern double cx_bgnbd_probability_alive(const double par[4], double x,
										 double t_x, double T);

/*
 * E[Y(t) | x, t_x, T], paper's eq. (10): expected purchases in (T, T+t]
 * = P(alive) times eq. (7) at (r+x, alpha+T, a, b+x).
 */
extern double cx_bgnbd_conditional_expected_purchases(const double par[4],
													  double t, double x,
													  double t_x, double T);

/*
 * Gamma-Gamma E[M | x, m] = (gamma + m x) p / (p x + q - 1), the mean spend
 * per future purchase; x = 0 gives the population mean p gamma / (q - 1).
 * NaN when q <= 1 (the population mean is infinite) or x < 0, m < 0.
 */
extern double cx_gg_conditional_expected_value(const double par[3], double x,
											   double m);

/*
 * Discounted expected value over the horizon, as lifetimes'
 * customer_lifetime_value: for months i = 1 .. horizon,
 *	  (E[Y(i f) | x, t_x, T] - E[Y((i-1) f) | x, t_x, T]) * E[M | x, m]
 *	  / (1 + discount_rate)^i,
 * summed, where f = units_per_period is the model's time units in one
 * period (lifetimes: 30 for days, 4.345 for weeks, 1 for months, 720 for
 * hours), horizon the number of periods (lifetimes' `time`, months) and
 * discount_rate the rate per period (lifetimes: monthly, default 0.01).
 * E[M | x, m] as cx_gg_conditional_expected_value (for x = 0 the population
 * mean).  Each period's expected purchases are clamped at >= 0.
 * NaN for horizon < 0, f <= 0, discount_rate <= -1 or an undefined E[M].
 */
extern double cx_customer_lifetime_value(const double bgnbd[4],
										 const double gg[3], double x,
										 double t_x, double T, double m,
										 int horizon, double units_per_period,
										 double discount_rate);

/*
 * Contractual CLV with constant retention (Gupta & Lehmann 2003,
 * "Customers as assets", J. Interactive Marketing 17(1); see also Fader &
 * Hardie 2012, "Reconciling and clarifying CLV formulas"): margin received
 * at the start of every period, churn the per-period churn rate:
 *	  undiscounted (discount_rate = 0): arpu * margin / churn,
 *	  discounted: arpu * margin * (1 + d) / (1 + d - (1 - churn)).
 * (the denominator is computed as d + churn, without the rounding of
 * 1 - churn).  NaN for churn
 * outside [0, 1], d < 0, or non-finite d, arpu or margin; for churn = 0
 * with d = 0 (customers never leave, no discounting) an infinity with the
 * sign of arpu * margin (0 when that is 0); arpu and margin may be negative.
 */
extern double cx_simple_clv(double arpu, double margin, double churn,
							double discount_rate);

#endif							/* CXKPI_CLV_MATH_H */
