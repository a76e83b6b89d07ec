/*
 * rate_math.h
 *	  Pure computation behind rate_summary and order_value_summary (issue 12):
 *	  the beta distribution, binomial intervals, two-rate comparisons
 *	  (difference, lift, probability to beat, sample size), the Poisson rate
 *	  ratio, and exact order-value statistics.  No PostgreSQL headers and no
 *	  allocation, so it can be unit-tested with a plain C compiler
 *	  (tests/unit/test_rate_math.c).
 *
 * Conventions: probabilities stay in [0, 1] and lower <= upper for every
 * input in the documented domain (counts 0 <= k <= n < 2^63); NaN means
 * "undefined" and is named as such in each comment (an empty group, a rate
 * of zero in a denominator, a variance from fewer than two orders).  The
 * SQL layer turns NaN into NULL.
 */
#ifndef CXKPI_RATE_MATH_H
#define CXKPI_RATE_MATH_H

#include <stdbool.h>
#include <stdint.h>

#include "decimal128.h"

/* ---- The beta distribution ---- */

/*
 * Regularized incomplete beta I_x(a, b) (upper = false) or 1 - I_x(a, b)
 * (upper = true), for a, b > 0 and 0 <= x <= 1, in either tail down to the
 * underflow threshold, for any a, b up to 2^62.  Accurate to ~1e-13
 * relative plus what the rounding of x itself moves I (|d log I / d log x|
 * ulps: 1.4e4 of them at a = 1e8, b = 2e8).  NaN outside that domain.
 */
extern double cx_beta_cdf(double x, double a, double b, bool upper);

/*
 * Beta quantile: x with I_x(a, b) = p (upper = false) or 1 - I_x(a, b) = p
 * (upper = true), for 0 <= p <= 1; pass the small tail with the right side
 * rather than 1 - p.  Within 5e-15 relative of R's qbeta (polished) on the
 * test vectors; within 4 ulps of the exact quantile up to a, b = 2^62
 * (next to 1 only 1 - x's absolute ulps are left).
 */
extern double cx_beta_quantile(double p, double a, double b, bool upper);

/* ---- One rate: k successes in n trials ---- */

/* Interval methods, named as in R's binom package (binom.confint). */
typedef enum CxBinomMethod
{
	CX_BINOM_WILSON = 0,		/* "wilson": the score interval (default) */
	CX_BINOM_BAYES,				/* "bayes" or "jeffreys": Beta(1/2, 1/2) prior */
	CX_BINOM_EXACT,				/* "exact": Clopper-Pearson */
	CX_BINOM_AGRESTI_COULL		/* "agresti-coull" */
} CxBinomMethod;

/*
 * The method named by name ("wilson", "bayes", "jeffreys", "exact",
 * "clopper-pearson", "agresti-coull"; lower case, exact spelling).  false
 * when unknown.
 */
extern bool cx_binom_method_from_name(const char *name, CxBinomMethod *method);

/*
 * Two-sided interval for the rate of k successes in n trials at the given
 * confidence (0 < confidence < 1), into *lower <= *upper within [0, 1].
 * Rules at the ends follow binom.confint: Wilson and exact give lower = 0
 * at k = 0 and upper = 1 at k = n; "bayes" is the equal-tailed (central)
 * Jeffreys interval of binom.bayes(type = "central"), which at k = 0 gives
 * [0, qbeta(confidence, 1/2, n + 1/2)] and at k = n
 * [qbeta(1 - confidence, n + 1/2, 1/2), 1] (the whole 1 - confidence in the
 * one open tail); Agresti-Coull is clamped to [0, 1] (binom does not clamp).
 * false (and NaN bounds) when n <= 0, k outside 0..n or confidence outside
 * (0, 1).
 */
extern bool cx_binom_interval(int64_t k, int64_t n, double confidence,
							  CxBinomMethod method,
							  double *lower, double *upper);

/*
 * The same on real counts 0 <= k <= n, n > 0 (a weighted rate: k = p n_eff
 * successes of Kish's effective n_eff); integer k, n give the same bounds
 * as cx_binom_interval.  The same holds for every *_real function below.
 */
extern bool cx_binom_interval_real(double k, double n, double confidence,
								   CxBinomMethod method,
								   double *lower, double *upper);

/* ---- Two rates: a (treatment, after) against b (control, before) ---- */

/* A point estimate with its interval; NaN where undefined. */
typedef struct CxRateEstimate
{
	double		estimate;
	double		lower;
	double		upper;
} CxRateEstimate;

/*
 * rate_a - rate_b with Newcombe's hybrid score interval (method 10 of
 * Newcombe 1998, from the two Wilson intervals, no continuity correction).
 * All NaN when na or nb is 0 (or the arguments are invalid).
 */
extern CxRateEstimate cx_rate_difference(int64_t ka, int64_t na,
										 int64_t kb, int64_t nb,
										 double confidence);
extern CxRateEstimate cx_rate_difference_real(double ka, double na,
											  double kb, double nb,
											  double confidence);

/*
 * rate_a / rate_b - 1 with the Katz log interval:
 * exp(log RR +- z sqrt(1/ka - 1/na + 1/kb - 1/nb)) - 1.  A 2x2 table with
 * a zero cell (ka, na - ka, kb or nb - kb is 0) gets 1/2 added to each of
 * its four cells for the interval, as metafor's escalc(measure = "RR")
 * does by default (add = 1/2, to = "only0"); epitools' riskratio.wald has
 * no correction (infinite bounds).  The estimate stays the plain ratio, so
 * with a zero cell it can fall outside the interval (0/30 vs 5/30: -1
 * against [-0.995, 0.575]).  estimate is NaN when kb = 0 (no finite
 * lift); all NaN when na or nb is 0.
 */
extern CxRateEstimate cx_rate_relative_lift(int64_t ka, int64_t na,
											int64_t kb, int64_t nb,
											double confidence);
extern CxRateEstimate cx_rate_relative_lift_real(double ka, double na,
												 double kb, double nb,
												 double confidence);

/*
 * P(p_a > p_b) for independent posteriors Beta(1 + ka, 1 + na - ka) and
 * Beta(1 + kb, 1 + nb - kb) (uniform priors).  Evan Miller's closed sum
 * when it is short (the smallest of the four parameters <= 20000) and its
 * lgamma terms are well conditioned (all parameters <= 1e7), otherwise
 * Gauss-Legendre integration of b's density against a's upper tail in
 * b's logit variable.  Measured: within 1e-9 of R's integrate() up to 1e9
 * trials and within 1e-10 of the exact normal limit at 2^53; near 2^62
 * doubles resolve the rates to ~1e-8, which bounds the accuracy there
 * (well inside the 1e-6 asked).  NaN for invalid counts (n = 0 is allowed:
 * the prior alone).
 */
extern double cx_probability_to_beat(int64_t ka, int64_t na,
									 int64_t kb, int64_t nb);

/*
 * The same from successes and failures (real, >= 0): posteriors
 * Beta(1 + ka, 1 + fa) and Beta(1 + kb, 1 + fb).  Non-integer parameters
 * always take the integration.
 */
extern double cx_probability_to_beat_real(double ka, double fa,
										  double kb, double fb);

/*
 * Trials per group for a two-sided test at the given confidence to detect
 * a rate base_rate * (1 + relative_lift) against base_rate with the given
 * power: the normal-approximation formula without continuity correction
 * (Fleiss, Levin & Paik 2003, ch. 4), which is what R's power.prop.test
 * (strict = FALSE) solves for:
 *		n = (z_{1-alpha/2} sqrt(2 pbar qbar) + z_power sqrt(p1 q1 + p2 q2))^2
 *			/ (p1 - p2)^2.
 * Not rounded up (the caller does).  NaN when a rate leaves (0, 1), the
 * lift is 0, or confidence or power leave (0, 1).
 */
extern double cx_rate_sample_size(double base_rate, double relative_lift,
								  double confidence, double power);

/*
 * Ratio of Poisson rates (xa events over exposure ta) / (xb over tb), with
 * the exact conditional interval of R's poisson.test: the Clopper-Pearson
 * interval of xa out of xa + xb, mapped by pi / (1 - pi) * tb / ta.
 * estimate is NaN when xb = 0 (upper is then +Infinity, lower finite);
 * lower is 0 when xa = 0; all NaN when xa + xb = 0 or an exposure is not
 * positive and finite.
 */
extern CxRateEstimate cx_poisson_rate_ratio(int64_t xa, double ta,
											int64_t xb, double tb,
											double confidence);

/*
 * Two-sided p-value of R's binom.test(x, n, p): the total probability of
 * the outcomes no more likely than x (relative tolerance 1e-7, as R), with
 * the density of Loader's saddle-point algorithm (R's dbinom) and the
 * tails from cx_beta_cdf.  NaN when n <= 0, x outside 0..n or p outside
 * [0, 1].
 */
extern double cx_binom_test_p(int64_t x, int64_t n, double p);

/*
 * p-value of poisson.test(c(xa, xb), c(ta, tb)) (rate ratio 1, two-sided):
 * conditional on xa + xb events, xa is binomial with p = ta / (ta + tb),
 * tested by cx_binom_test_p.  NaN where cx_poisson_rate_ratio is all NaN.
 */
extern double cx_poisson_rate_ratio_p(int64_t xa, double ta,
									  int64_t xb, double tb);

/* ---- Order values (exact money) ---- */

/*
 * Sufficient statistics of a set of amounts, exact and order independent:
 * the count, the sum and the sum of squares as integers of units at one
 * common scale (the largest scale seen), min and max.  Merging is integer
 * addition, so any grouping of the same rows gives the same bits, and the
 * variance is formed once, at the end, from n*sumsq - total^2 (exact, 320
 * bits) -- no Welford or Chan update in floating point, no cancellation.
 *
 * sumsq is unsigned 256-bit, least significant limb first.  An update
 * fails (false, state unchanged) when the sum leaves the int128 range or
 * the sum of squares 2^256: e.g. amounts of 1e12 at scale 2 allow 2^62
 * rows.  Amounts are taken at their smallest scale (trailing zeros do not
 * count), so a state depends only on the multiset of values; the struct
 * has no padding, so equal states are equal bytes.
 */
typedef struct CxOrderStats
{
	int64_t		count;
	int32_t		scale;			/* 0 .. CX_DEC128_MAX_SCALE */
	int32_t		min_scale;		/* min = min_units * 10^-min_scale */
	int32_t		max_scale;
	int32_t		reserved;		/* 0 */
	Cx128		total;			/* signed units at scale */
	Cx128		min_units;		/* meaningful when count > 0 */
	Cx128		max_units;
	uint64_t	sumsq[4];		/* sum of units^2, at 2 * scale */
} CxOrderStats;

/* The empty set. */
extern void cx_order_init(CxOrderStats *s);

/* Add one amount; false (s unchanged) on overflow. */
extern bool cx_order_add(CxOrderStats *s, CxDec128 amount);

/* s += t; false (s unchanged) on overflow. */
extern bool cx_order_merge(CxOrderStats *s, const CxOrderStats *t);

/* Outcome of removing amounts (the moving-window inverse). */
typedef enum CxOrderRemove
{
	CX_ORDER_REMOVED = 0,		/* done, exactly */
	CX_ORDER_RESTART,			/* a removed amount may be the min or the max:
								 * not invertible, s unchanged */
	CX_ORDER_NOT_HELD			/* t is not part of s (counts or sums would
								 * go negative), s unchanged */
} CxOrderRemove;

/*
 * s -= t, the inverse of cx_order_merge for a t that was merged into s.
 * Counts and sums subtract exactly; min and max cannot be undone, so the
 * result is CX_ORDER_RESTART (s unchanged) unless t's amounts lie strictly
 * inside s's (min_s < min_t and max_t < max_s): then s's min and max are
 * still attained by what is left.  s may keep a larger scale than what is
 * left needs (see cx_order_canonical).
 */
extern CxOrderRemove cx_order_unmerge(CxOrderStats *s, const CxOrderStats *t);

/* s -= {amount}: cx_order_unmerge of one amount. */
extern CxOrderRemove cx_order_remove(CxOrderStats *s, CxDec128 amount);

/*
 * The canonical form of s, in place: the smallest scale at which the total
 * and the sum of squares are still integers, and min and max at their
 * smallest scale.  Two states of the same multiset of amounts (whatever
 * scale they were built or unmerged at) have equal canonical bytes.
 */
extern void cx_order_canonical(CxOrderStats *s);

/*
 * Is s a state some multiset of amounts could produce, each with at most
 * max_scale decimal places (<= 19) and of absolute value below
 * 10^int_digits, with max_scale + int_digits <= 19?  NULL if so, else a
 * sentence saying what is wrong.  Checked exactly: count >= 0 (0: every
 * field zero); scales in 0..max_scale; reserved 0; min <= max inside the
 * limits (equal for one amount); count min <= total <= count max;
 * total^2 <= count sumsq (Cauchy-Schwarz) and sumsq <= count max|amount|^2.
 */
extern const char *cx_order_invalid(const CxOrderStats *s, int max_scale,
									int int_digits);

/*
 * The sum of squares as decimal text at 2 * s->scale places (into buf, of
 * CX_ORDER_SUMSQ_TEXT_SIZE bytes; returns the length), and back: digits
 * with exactly `places` decimals, false when malformed or >= 2^256 (*end at
 * the first character not consumed).
 */
#define CX_ORDER_SUMSQ_TEXT_SIZE 82
extern int	cx_order_sumsq_to_text(char *buf, const CxOrderStats *s);
extern bool cx_order_sumsq_from_text(const char *str, const char **end,
									 int places, uint64_t sumsq[4]);

/* The exact total as a decimal at the state's scale. */
extern CxDec128 cx_order_total(const CxOrderStats *s);

/* The smallest and largest amount (count > 0). */
extern CxDec128 cx_order_min(const CxOrderStats *s);
extern CxDec128 cx_order_max(const CxOrderStats *s);

/* Mean (AOV); NaN when empty. */
extern double cx_order_mean(const CxOrderStats *s);

/*
 * Sample variance (n - 1 denominator) and its root; NaN below 2 orders (or
 * for a state that breaks Cauchy-Schwarz, which no set of amounts does).
 */
extern double cx_order_variance(const CxOrderStats *s);
extern double cx_order_std_dev(const CxOrderStats *s);

/* std_dev / sqrt(n); NaN below 2 orders. */
extern double cx_order_std_error(const CxOrderStats *s);

/*
 * Half width t se of the Student-t interval of the mean (n - 1 df), formed
 * directly: mean +- half rounds away a half width far below the ulp of a
 * large mean.  NaN below 2 orders or for a confidence outside (0, 1).
 */
extern double cx_order_mean_margin(const CxOrderStats *s, double confidence);

/* Student-t interval of the mean (n - 1 df); false and NaN below 2 orders. */
extern bool cx_order_mean_interval(const CxOrderStats *s, double confidence,
								   double *lower, double *upper);

/*
 * Welch's two-sided t test of mean_a = mean_b (R's t.test, var.equal =
 * FALSE).  NaN below 2 orders on a side or when both variances are 0.
 */
extern double cx_order_welch_p(const CxOrderStats *a, const CxOrderStats *b);

/*
 * mean_a - mean_b with Welch's interval (R's t.test(x, y)$conf.int,
 * var.equal = FALSE): +- t_df sqrt(var_a / n_a + var_b / n_b), df of
 * Welch-Satterthwaite.  estimate NaN when a side is empty; the interval
 * NaN below 2 orders on a side or when both variances are 0.
 */
extern CxRateEstimate cx_order_mean_difference(const CxOrderStats *a,
											   const CxOrderStats *b,
											   double confidence);

/*
 * mean_a / mean_b - 1 with the delta-method interval
 * R +- z sqrt(se_a^2 + R^2 se_b^2) / |mean_b|, R = mean_a / mean_b (the
 * usual R^2 (se_a^2 / mean_a^2 + se_b^2 / mean_b^2), written so that
 * mean_a = 0 is allowed; normal critical value z).  All NaN when mean_b is
 * 0 or a side is empty; the interval is NaN below 2 orders on a side, and
 * also when b's own Student-t interval of the mean at this confidence
 * (cx_order_mean_interval) holds 0, |mean_b| <= t se_b: the ratio is then
 * unbounded (Fieller's interval is the whole line or two rays) and a
 * symmetric delta interval would be misleading.
 */
extern CxRateEstimate cx_order_relative_lift(const CxOrderStats *a,
											 const CxOrderStats *b,
											 double confidence);

#endif							/* CXKPI_RATE_MATH_H */
