/*
 * stats.h
 *	  Pure statistical helpers for cxkpi: normal and Student-t quantiles,
 *	  CDFs and two-sided p-values.  No PostgreSQL headers, so the math can
 *	  be unit-tested on its own.
 */
#ifndef CXKPI_STATS_H
#define CXKPI_STATS_H

#include <stdint.h>

/* Standard normal quantile: x with Phi(x) = p, for 0 < p < 1. */
extern double cx_norm_quantile(double p);

/* Two-sided critical value z for a confidence level in (0, 1). */
extern double cx_z_for_confidence(double confidence);

/* Two-sided p-value of a standard normal statistic: erfc(|z| / sqrt 2). */
extern double cx_norm_two_sided_p(double z);

/* CDF P(T <= t) of Student's t with real df > 0; NaN for invalid df. */
extern double cx_t_cdf(double t, double df);

/* Two-sided p-value 2 P(T > |t|), accurate in relative terms when tiny. */
extern double cx_t_two_sided_p(double t, double df);

/* Student-t quantile: t with P(T <= t) = p, for 0 < p < 1 and df > 0. */
extern double cx_t_quantile(double p, double df);

/* Two-sided critical value t with P(|T| <= t) = confidence, for df > 0. */
extern double cx_t_for_confidence(double confidence, double df);

/*
 * Wilson score interval of a proportion p observed on n > 0 trials, with
 * two-sided critical value z: lower and upper clamped to [0, 1], and the
 * unclamped half-width.
 */
extern void cx_wilson_interval(double p, double n, double z,
							   double *lower, double *upper, double *half);

/*
 * Pooled two-proportion z test of pa (on na trials) against pb (on nb):
 * the two-sided p-value, or -1 when the test is undefined (no variance).
 * For shares of weights (n an effective sample size); counted successes
 * go to cx_two_proportion_p_counts, which is exact before the last step.
 */
extern double cx_two_proportion_p(double pa, double na, double pb, double nb);

/*
 * The same test for ka successes in na trials against kb in nb, with
 * 0 <= k <= n: the rate difference and the pooled variance are formed from
 * exact integer (128-bit) products, so rates near 0 or 1 keep their
 * precision at any n.  -1 when undefined (an empty side, no variance).
 */
extern double cx_two_proportion_p_counts(int64_t ka, int64_t na,
										 int64_t kb, int64_t nb);

#endif							/* CXKPI_STATS_H */
