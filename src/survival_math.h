/*
 * survival_math.h
 *	  Pure computation for the survival family (issue 11): Kaplan-Meier
 *	  estimates from per-duration counts of events and censorings, their
 *	  Greenwood standard errors and pointwise intervals, lifetime quantiles,
 *	  restricted mean lifetimes, the k-group log-rank test, the chi-square
 *	  upper tail, and the compact on-disk encoding of a summary.  No
 *	  PostgreSQL headers and no allocation: callers own every buffer.
 *
 * Sufficient statistics.  A summary is a list of points (t, d, c), sorted
 * by strictly increasing duration t >= 0 (whole units since start), with
 * d events and c censorings at t and d + c > 0 (a duration with no
 * customer is not stored, so every summary has one canonical list).  Two
 * summaries merge by adding the counts of equal durations exactly
 * (cx_surv_merge).  The number at risk at t is the number of customers
 * with duration >= t: customers censored at t count as at risk at t.
 *
 * Conventions are those of R's survival package (survfit, quantile.survfit,
 * print.survfit's restricted mean, survdiff with rho = 0); each function
 * says where it follows R to the bit and where it deliberately does not.
 *
 * On-disk layout, version 1 (all multi-byte integers are unsigned LEB128
 * varints, 7 bits per byte, least significant group first, high bit =
 * "more follows"; an encoding is rejected unless it is the shortest one):
 *
 *	 byte 0		format version, CX_SURV_FORMAT_VERSION (1)
 *	 byte 1		flags, reserved, must be 0
 *	 byte 2		unit kind: 1 = months, 2 = days, 3 = microseconds (the three
 *				fields of a PostgreSQL interval; weeks are 7 days)
 *	 varint		unit amount, 1 .. CX_SURV_MAX_UNIT_AMOUNT
 *	 varint		m, the number of points, 0 .. CX_SURV_MAX_POINTS
 *	 m times:	varint gap, varint d, varint c
 *				gap = t_0 for the first point, t_i - t_(i-1) - 1 after it
 *				(durations strictly increasing by construction);
 *				t <= CX_SURV_MAX_DURATION, d + c >= 1, and the running
 *				total of d + c stays <= CX_SURV_MAX_COUNT.
 *	 nothing after the last point.
 *
 * A 3-year daily curve has at most 1096 points; with gaps of 0 and counts
 * below 2^14 each point costs 3 to 5 bytes, so about 5 kB whatever the size
 * of the customer base (counts grow by one byte per factor 128).  The
 * decoder checks that the byte length can hold m points (3 bytes each)
 * before the caller allocates anything.
 */
#ifndef CXKPI_SURVIVAL_MATH_H
#define CXKPI_SURVIVAL_MATH_H

#include <stddef.h>
#include <stdint.h>

#define CX_SURV_FORMAT_VERSION	1
#define CX_SURV_MAX_POINTS		100000	/* distinct durations in a summary */
#define CX_SURV_MAX_DURATION	INT64_C(2147483647)	/* t in units */
#define CX_SURV_MAX_COUNT		(INT64_C(1) << 62)	/* customers in a summary */
#define CX_SURV_MAX_UNIT_AMOUNT	(INT64_C(1) << 62)

/* Header bytes before the points: 3 fixed + two varints of <= 9 bytes. */
#define CX_SURV_MAX_HEADER_BYTES	21
/* A point: three varints of at most 9 bytes (values < 2^63). */
#define CX_SURV_MAX_POINT_BYTES		27

/* One duration of a summary. */
typedef struct CxSurvPoint
{
	int64_t		t;				/* duration in units, 0 .. MAX_DURATION */
	int64_t		events;			/* d: churn events at t */
	int64_t		censored;		/* c: censorings at t */
} CxSurvPoint;

/* Result codes of the functions that can fail on their input. */
typedef enum CxSurvStatus
{
	CX_SURV_OK = 0,
	CX_SURV_ERR_UNSORTED,		/* durations not strictly increasing */
	CX_SURV_ERR_DURATION,		/* t < 0 or t > CX_SURV_MAX_DURATION */
	CX_SURV_ERR_COUNT,			/* negative count, or d + c == 0 */
	CX_SURV_ERR_OVERFLOW,		/* total customers > CX_SURV_MAX_COUNT */
	CX_SURV_ERR_TOO_MANY,		/* more than CX_SURV_MAX_POINTS (or cap) */
	CX_SURV_ERR_FORMAT			/* malformed bytes (version, varint, ...) */
} CxSurvStatus;

/* Short English description of a status, for error details. */
extern const char *cx_surv_status_text(CxSurvStatus status);

/* Checks the summary invariants above; also sums the totals (may be NULL). */
extern CxSurvStatus cx_surv_validate(const CxSurvPoint *pts, size_t m,
									 int64_t *customers, int64_t *events);

/*
 * Merges two valid summaries into out (capacity out_cap; out must not
 * overlap a or b): counts of equal durations add exactly.  Fails with
 * CX_SURV_ERR_OVERFLOW or CX_SURV_ERR_TOO_MANY (out_cap or MAX_POINTS).
 */
extern CxSurvStatus cx_surv_merge(const CxSurvPoint *a, size_t na,
								  const CxSurvPoint *b, size_t nb,
								  CxSurvPoint *out, size_t out_cap,
								  size_t *n_out);

/*
 * Adds d events and c censorings at duration t to a valid summary held in
 * pts[0..*m) with room for cap points, in place: O(log m) when t is
 * already present or beyond the last duration, a memmove otherwise.
 * *total is the running number of customers (kept by the caller).
 */
extern CxSurvStatus cx_surv_add(CxSurvPoint *pts, size_t *m, size_t cap,
								int64_t *total, int64_t t,
								int64_t d, int64_t c);

/*
 * Removes d events and c censorings at t (the exact inverse of
 * cx_surv_add, for window frames); a point left empty is deleted.
 * CX_SURV_ERR_COUNT if the summary does not hold that many at t.
 */
extern CxSurvStatus cx_surv_remove(CxSurvPoint *pts, size_t *m,
								   int64_t *total, int64_t t,
								   int64_t d, int64_t c);

/*
 * The aggregate's working form.  A stored summary is the packed layout
 * above, which cannot change size in place; the transition state should be
 * the same type in a working form with fixed-size slots, packed by the
 * final function (and by +, rollup's final function, send and output).
 * Two working forms fit the per-row rule:
 *	 - dense slots, one per duration 0 .. span - 1: a row adds 1 to
 *	   slots[t].events or slots[t].censored, O(1) and no allocation; span
 *	   grows by doubling (an allocation per doubling, not per row) up to
 *	   CX_SURV_MAX_DENSE_SPAN (2 MB of slots), which holds 358 years of
 *	   days;
 *	 - the sorted point list with spare capacity and cx_surv_add, O(log m)
 *	   per row when the duration exists or is a new largest one, a memmove
 *	   of the tail when it is a new duration inside (at most m times in
 *	   all): for longer spans with few distinct durations.
 * cx_surv_from_dense gives the canonical list of dense slots, and
 * cx_surv_add_to_dense adds a list into slots (combine in dense form).
 */
#define CX_SURV_MAX_DENSE_SPAN	131072

typedef struct CxSurvDenseSlot
{
	int64_t		events;
	int64_t		censored;
} CxSurvDenseSlot;

/*
 * The canonical point list of slots[0..span): empty slots dropped, counts
 * and the total checked (CX_SURV_ERR_COUNT, _OVERFLOW, _TOO_MANY when
 * more than cap or CX_SURV_MAX_POINTS durations are used).
 */
extern CxSurvStatus cx_surv_from_dense(const CxSurvDenseSlot *slots,
									   size_t span, CxSurvPoint *out,
									   size_t cap, size_t *m);

/*
 * Adds a valid list into slots[0..span) (every t must be < span:
 * CX_SURV_ERR_DURATION otherwise, with nothing added).  *total is the
 * running number of customers of the slots, kept by the caller.
 */
extern CxSurvStatus cx_surv_add_to_dense(CxSurvDenseSlot *slots, size_t span,
										 int64_t *total,
										 const CxSurvPoint *pts, size_t m);

/*
 * Everything known at one time t (a real number; the curve is constant
 * between integer durations).  at_risk counts durations >= t; events and
 * censored are the counts at t exactly (0 unless t is a stored duration);
 * surv is S(t) = prod over event durations t_i <= t of (n_i - d_i) / n_i
 * (1 for t < 0), computed in R's operation order; log_se is R survfit's
 * std.err, sqrt(sum over those t_i of d_i / (n_i (n_i - d_i))), +Inf once
 * S has reached 0.
 */
typedef struct CxSurvRow
{
	int64_t		t;				/* the duration (iterator rows only) */
	int64_t		at_risk;
	int64_t		events;
	int64_t		censored;
	double		surv;
	double		log_se;
} CxSurvRow;

extern void cx_surv_at(const CxSurvPoint *pts, size_t m, double t,
					   CxSurvRow *row);

/*
 * Walks the stored durations in order, one CxSurvRow each (for the curve
 * set-returning function): init, then next until it returns 0.
 */
typedef struct CxSurvIter
{
	const CxSurvPoint *pts;
	size_t		m;
	size_t		i;
	int64_t		at_risk;
	double		surv;
	double		var;			/* Greenwood sum */
} CxSurvIter;

extern void cx_surv_iter_init(CxSurvIter *it, const CxSurvPoint *pts,
							  size_t m);
extern int	cx_surv_iter_next(CxSurvIter *it, CxSurvRow *row);

/*
 * Greenwood standard error of S: surv * log_se; 0 while S = 1; NaN once
 * S = 0 (undefined, R reports NaN there too).
 */
extern double cx_surv_std_error(double surv, double log_se);

/* Pointwise interval types, named as R's conf.type names them. */
typedef enum CxSurvCiType
{
	CX_SURV_CI_LOGLOG = 0,		/* "log-log": default of lifelines and SAS */
	CX_SURV_CI_LOG = 1,			/* "log": R survfit's default */
	CX_SURV_CI_PLAIN = 2		/* "plain", clamped to [0, 1] */
} CxSurvCiType;

/* Parses "log-log", "log" or "plain"; returns 0 if unknown. */
extern int	cx_surv_ci_type_parse(const char *name, CxSurvCiType *type);

/* What cx_surv_ci computed. */
typedef enum CxSurvCiStatus
{
	CX_SURV_CI_DEFINED = 0,		/* a proper interval */
	CX_SURV_CI_AT_ONE = 1,		/* S = 1: lower = upper = 1 (no variance);
								 * R's survfit reports NA for "log-log" at
								 * such durations (1 before the first) */
	CX_SURV_CI_UNDEFINED = 2	/* S = 0 or bad confidence: NaN, NaN (R: NA) */
} CxSurvCiStatus;

/*
 * Pointwise interval of S with level confidence in (0, 1), from S and
 * R's std.err (log_se), exactly as R's survfit_confint computes it:
 *	 log-log: S^exp(+-z log_se / log S), i.e. exp(-exp(log(-log S) -+ z se/log S))
 *	 log:	  S exp(-+z log_se), upper clamped to 1
 *	 plain:   S -+ z S log_se, clamped to [0, 1]
 * lower <= upper always; both in [0, 1] unless undefined (NaN).
 */
extern CxSurvCiStatus cx_surv_ci(double surv, double log_se,
								 double confidence, CxSurvCiType type,
								 double *lower, double *upper);

/*
 * The same from the two-sided critical value z = cx_z_for_confidence(
 * confidence) (stats.h), for callers that compute many intervals at one
 * level (the curve function): the normal quantile costs more than the
 * interval.  UNDEFINED unless z >= 0; z = 0 gives [S, S].
 */
extern CxSurvCiStatus cx_surv_ci_z(double surv, double log_se, double z,
								   CxSurvCiType type,
								   double *lower, double *upper);

/*
 * The two rules R's survival package has for a quantile when S sits at
 * exactly 1 - p (within sqrt(DBL_EPSILON)) over a flat stretch.  They
 * agree except when S stays at 1 - p up to the last stored duration, and
 * in tolerance corner cases (a drop smaller than 1.5e-8, or S above 1 - p
 * by less than that).
 */
typedef enum CxSurvQuantileRule
{
	/*
	 * quantile.survfit (findq): the midpoint between the time S reaches
	 * 1 - p and the next time it drops below 1 - p - tol; when it stays
	 * until the end, the midpoint with the last duration.  NaN if S never
	 * gets to 1 - p, and for 0 < p < tol (R's approx() gives NA there).
	 * For lifetime_quantile(s, p).
	 */
	CX_SURV_RULE_QUANTILE = 0,
	/*
	 * print.survfit / summary(fit)$table (survmean's minmin), R's rule for
	 * the median column and its LCL/UCL: the first time S < 1 - p + tol;
	 * if S is within tol of 1 - p there and later drops strictly below
	 * that value, the midpoint with that later time; otherwise the first
	 * time itself (so no midpoint when S stays at 0.5 to the end).  R has
	 * it for p = 0.5 only; here it is the same for any p.  For
	 * median_lifetime(s), which "survfit reports" through print().
	 */
	CX_SURV_RULE_PRINT = 1
} CxSurvQuantileRule;

/*
 * Lifetime quantile: the time at which the curve first reaches
 * S(t) <= 1 - p, under one of the two rules above.  The same rule on the
 * lower interval curve gives the lower limit (it reaches 1 - p first), on
 * the upper curve the upper limit, as R does; NaN where R gives NA (the
 * curve never gets there).  Interval points where S = 0, and "log-log"
 * points where S = 1, are skipped, as R skips its NAs.  p in [0, 1]; p =
 * 0.5 is the median.  lower/upper may be NULL.  One pass, no allocation.
 */
extern double cx_surv_quantile(const CxSurvPoint *pts, size_t m, double p,
							   CxSurvQuantileRule rule,
							   double confidence, CxSurvCiType type,
							   double *lower, double *upper);

/*
 * Restricted mean lifetime: integral from 0 to horizon of S(t) dt, and its
 * standard error as R's print(survfit, rmean = horizon) reports it:
 * sqrt(sum over event durations t_i <= horizon with n_i > d_i of
 * A_i^2 d_i / (n_i (n_i - d_i))), A_i = integral from t_i to horizon of S.
 * NaN for horizon < 0 or NaN (or an empty summary).  se may be NULL.
 */
extern double cx_surv_rmean(const CxSurvPoint *pts, size_t m, double horizon,
							double *se);

/*
 * k-group log-rank test (R's survdiff, rho = 0) over k >= 2 summaries.
 * Groups whose expected count is 0 are left out (as survdiff does); the
 * chi-square has (groups left) - 1 degrees of freedom.  work must hold
 * cx_surv_logrank_work_size(k) bytes, aligned for double and size_t; k is
 * at most CX_SURV_MAX_GROUPS.  observed/expected (k each) may be NULL.
 * Returns the p-value, or NaN when the test is undefined (fewer than two
 * groups with an expected event, or a singular variance: R returns p 0 or
 * stops with an error there).
 */
#define CX_SURV_MAX_GROUPS	1024

typedef struct CxSurvLogrank
{
	double		chisq;
	int			df;
	double		p_value;
} CxSurvLogrank;

extern size_t cx_surv_logrank_work_size(int k);
extern double cx_surv_logrank(const CxSurvPoint *const *groups,
							  const size_t *sizes, int k, void *work,
							  double *observed, double *expected,
							  CxSurvLogrank *result);

/* Two-sample log-rank p-value (no workspace needed). */
extern double cx_surv_logrank2(const CxSurvPoint *a, size_t na,
							   const CxSurvPoint *b, size_t nb,
							   CxSurvLogrank *result);

/*
 * Upper tail P(X > x) of a chi-square with df > 0 degrees of freedom (real
 * df), accurate in relative terms when tiny: the regularized upper
 * incomplete gamma Q(df/2, x/2).  1 for x <= 0; NaN for bad arguments.
 */
extern double cx_chisq_upper(double x, double df);

/* Regularized upper incomplete gamma Q(a, x) for a > 0, x >= 0. */
extern double cx_gamma_q(double a, double x);

/* Units of a summary (see the layout above). */
typedef enum CxSurvUnitKind
{
	CX_SURV_UNIT_MONTHS = 1,
	CX_SURV_UNIT_DAYS = 2,
	CX_SURV_UNIT_MICROSECONDS = 3
} CxSurvUnitKind;

typedef struct CxSurvHeader
{
	int			version;
	CxSurvUnitKind unit_kind;
	int64_t		unit_amount;
	size_t		m;				/* number of points */
	size_t		header_bytes;	/* where the points start */
} CxSurvHeader;

/*
 * Upper bound of the encoded size of m points (exact sizes come from
 * cx_surv_encode with buf NULL).
 */
extern size_t cx_surv_encoded_bound(size_t m);

/*
 * Encodes a valid summary; returns the number of bytes written (or that
 * would be written when buf is NULL), 0 if the summary or unit is invalid
 * or cap is too small.
 */
extern size_t cx_surv_encode(const CxSurvPoint *pts, size_t m,
							 CxSurvUnitKind unit_kind, int64_t unit_amount,
							 uint8_t *buf, size_t cap);

/*
 * Reads and validates the header of len bytes (so that the caller can size
 * the point array: hdr->m is bounded by MAX_POINTS and by len).
 */
extern CxSurvStatus cx_surv_decode_header(const uint8_t *buf, size_t len,
										  CxSurvHeader *hdr);

/*
 * Decodes len bytes into pts (capacity cap >= hdr.m), validating every
 * field: version, flags, unit, shortest varints, bounds, strictly
 * increasing durations, d + c > 0, total, no trailing bytes.
 */
extern CxSurvStatus cx_surv_decode(const uint8_t *buf, size_t len,
								   CxSurvHeader *hdr, CxSurvPoint *pts,
								   size_t cap);

#endif							/* CXKPI_SURVIVAL_MATH_H */
