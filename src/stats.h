/*
 * stats.h
 *	  Pure statistical helpers for cxkpi: normal quantiles, two-sided
 *	  p-values.  No PostgreSQL headers, so the math can be unit-tested on
 *	  its own.
 */
#ifndef CXKPI_STATS_H
#define CXKPI_STATS_H

/* Standard normal quantile: x with Phi(x) = p, for 0 < p < 1. */
extern double cx_norm_quantile(double p);

/* Two-sided critical value z for a confidence level in (0, 1). */
extern double cx_z_for_confidence(double confidence);

/* Two-sided p-value of a standard normal statistic: erfc(|z| / sqrt 2). */
extern double cx_norm_two_sided_p(double z);

#endif							/* CXKPI_STATS_H */
