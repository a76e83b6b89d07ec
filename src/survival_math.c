/*
 * survival_math.c
 *	  Kaplan-Meier, Greenwood, pointwise intervals, lifetime quantiles,
 *	  restricted means, log-rank tests and the on-disk encoding of survival
 *	  summaries (see survival_math.h for the API and the layout).
 *
 * Method notes.
 *	- The product-limit estimate and the Greenwood sum follow R survival's
 *	  survfitkm.c operation by operation (S *= (n - d) / n, v += d / (n (n -
 *	  d)) in doubles), so that values R prints as exactly 0.5 are exactly
 *	  0.5 here too, which the quantile rule depends on.  n - d is formed in
 *	  exact integers, so counts beyond 2^53 lose nothing before the division.
 *	- Quantiles reproduce quantile.survfit's findq(): the curve is turned
 *	  into F = 1 - S with the point (0, 0) in front, repeated values are
 *	  dropped, and two step-function look-ups with a tolerance of
 *	  sqrt(DBL_EPSILON) either side find the first time F reaches p; when
 *	  they disagree F sits at p over a stretch and the midpoint is taken.
 *	  Or, by choice, print.survfit's survmean() minmin() rule.  One pass,
 *	  O(1) state; see findq_feed() for the single place where the pass is
 *	  not exactly R's global de-duplication.
 *	- The restricted mean's variance sum over event times of A_i^2 h_i
 *	  (A_i the area from t_i to the horizon) is accumulated forwards as a
 *	  sum of non-negative terms (expanding A_i^2 over the rectangles), so
 *	  no area is ever found by subtracting two large ones.
 *	- The log-rank test walks the union of durations from the end, as R's
 *	  survdiff2.c does, so the numbers at risk accumulate exactly; the
 *	  quadratic form is solved by Gaussian elimination with partial
 *	  pivoting on the groups with a positive expected count, less the first.
 *	- The chi-square tail is the regularized upper incomplete gamma: the
 *	  series for P when x < a + 1 (Q is not small there), Lentz's continued
 *	  fraction for Q otherwise, which keeps tiny p-values accurate in
 *	  relative terms; df = 1 and 2 use erfc and exp directly, and for
 *	  a = df / 2 > 15 the prefactor x^a e^-x / Gamma(a) is formed from
 *	  log1p and Stirling's series rather than from three large logarithms.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "stats.h"
#include "survival_math.h"

/* R's tolerance in findq() and survmean(): sqrt(.Machine$double.eps). */
#define CX_SURV_TOL	1.4901161193847656e-08

/* Human-readable text of a status code. */
const char *
cx_surv_status_text(CxSurvStatus status)
{
	switch (status)
	{
		case CX_SURV_OK:
			return "valid";
		case CX_SURV_ERR_UNSORTED:
			return "durations are not strictly increasing";
		case CX_SURV_ERR_DURATION:
			return "duration out of range";
		case CX_SURV_ERR_COUNT:
			return "count out of range";
		case CX_SURV_ERR_OVERFLOW:
			return "too many customers";
		case CX_SURV_ERR_TOO_MANY:
			return "too many distinct durations";
		case CX_SURV_ERR_FORMAT:
			return "malformed encoding";
	}
	return "unknown status";
}

/* Whether one point's own fields are in range. */
static CxSurvStatus
check_point(const CxSurvPoint *p)
{
	if (p->t < 0 || p->t > CX_SURV_MAX_DURATION)
		return CX_SURV_ERR_DURATION;
	if (p->events < 0 || p->censored < 0 ||
		p->events > CX_SURV_MAX_COUNT || p->censored > CX_SURV_MAX_COUNT ||
		p->events + p->censored == 0)
		return CX_SURV_ERR_COUNT;
	if (p->events + p->censored > CX_SURV_MAX_COUNT)
		return CX_SURV_ERR_OVERFLOW;
	return CX_SURV_OK;
}

/* Checks every invariant of a summary and sums its totals. */
CxSurvStatus
cx_surv_validate(const CxSurvPoint *pts, size_t m,
				 int64_t *customers, int64_t *events)
{
	int64_t		total = 0;
	int64_t		ev = 0;
	size_t		i;

	if (m > CX_SURV_MAX_POINTS)
		return CX_SURV_ERR_TOO_MANY;
	for (i = 0; i < m; i++)
	{
		CxSurvStatus st = check_point(&pts[i]);

		if (st != CX_SURV_OK)
			return st;
		if (i > 0 && pts[i].t <= pts[i - 1].t)
			return CX_SURV_ERR_UNSORTED;
		/* both terms <= 2^62, so the sum cannot overflow int64 */
		total += pts[i].events + pts[i].censored;
		if (total > CX_SURV_MAX_COUNT)
			return CX_SURV_ERR_OVERFLOW;
		ev += pts[i].events;
	}
	if (customers)
		*customers = total;
	if (events)
		*events = ev;
	return CX_SURV_OK;
}

/* Merges two valid summaries, adding counts of equal durations. */
CxSurvStatus
cx_surv_merge(const CxSurvPoint *a, size_t na,
			  const CxSurvPoint *b, size_t nb,
			  CxSurvPoint *out, size_t out_cap, size_t *n_out)
{
	size_t		i = 0;
	size_t		j = 0;
	size_t		k = 0;
	int64_t		total = 0;

	while (i < na || j < nb)
	{
		CxSurvPoint p;

		if (j >= nb || (i < na && a[i].t < b[j].t))
			p = a[i++];
		else if (i >= na || b[j].t < a[i].t)
			p = b[j++];
		else
		{
			p.t = a[i].t;
			/* each count <= 2^62: the sums fit, the checks below bound them */
			p.events = a[i].events + b[j].events;
			p.censored = a[i].censored + b[j].censored;
			i++;
			j++;
			if (p.events > CX_SURV_MAX_COUNT || p.censored > CX_SURV_MAX_COUNT)
				return CX_SURV_ERR_OVERFLOW;
		}
		total += p.events + p.censored;
		if (total > CX_SURV_MAX_COUNT)
			return CX_SURV_ERR_OVERFLOW;
		if (k >= out_cap || k >= CX_SURV_MAX_POINTS)
			return CX_SURV_ERR_TOO_MANY;
		out[k++] = p;
	}
	*n_out = k;
	return CX_SURV_OK;
}

/* Index of the first point with duration >= t (m if none). */
static size_t
lower_bound(const CxSurvPoint *pts, size_t m, int64_t t)
{
	size_t		lo = 0;
	size_t		hi = m;

	if (m > 0 && pts[m - 1].t < t)
		return m;				/* the common append case, O(1) */
	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (pts[mid].t < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Checks the counts (t, d, c) of one change and finds where t is, or would
 * go, in pts[0..m): the shared start of cx_surv_add and cx_surv_remove.
 */
static CxSurvStatus
locate(const CxSurvPoint *pts, size_t m, int64_t t, int64_t d, int64_t c,
	   CxSurvPoint *p, size_t *at)
{
	CxSurvStatus st;

	p->t = t;
	p->events = d;
	p->censored = c;
	if ((st = check_point(p)) != CX_SURV_OK)
		return st;
	*at = lower_bound(pts, m, t);
	return CX_SURV_OK;
}

/* Adds counts at one duration, in place. */
CxSurvStatus
cx_surv_add(CxSurvPoint *pts, size_t *m, size_t cap, int64_t *total,
			int64_t t, int64_t d, int64_t c)
{
	CxSurvPoint p;
	CxSurvStatus st;
	size_t		i;

	if ((st = locate(pts, *m, t, d, c, &p, &i)) != CX_SURV_OK)
		return st;
	if (*total > CX_SURV_MAX_COUNT - (d + c))
		return CX_SURV_ERR_OVERFLOW;
	if (i < *m && pts[i].t == t)
	{
		pts[i].events += d;		/* <= total <= 2^62 */
		pts[i].censored += c;
	}
	else
	{
		if (*m >= cap || *m >= CX_SURV_MAX_POINTS)
			return CX_SURV_ERR_TOO_MANY;
		memmove(&pts[i + 1], &pts[i], (*m - i) * sizeof(CxSurvPoint));
		pts[i] = p;
		(*m)++;
	}
	*total += d + c;
	return CX_SURV_OK;
}

/* Removes counts at one duration, in place (the window inverse). */
CxSurvStatus
cx_surv_remove(CxSurvPoint *pts, size_t *m, int64_t *total,
			   int64_t t, int64_t d, int64_t c)
{
	CxSurvPoint p;
	CxSurvStatus st;
	size_t		i;

	if ((st = locate(pts, *m, t, d, c, &p, &i)) != CX_SURV_OK)
		return st;
	if (i >= *m || pts[i].t != t || pts[i].events < d || pts[i].censored < c)
		return CX_SURV_ERR_COUNT;
	pts[i].events -= d;
	pts[i].censored -= c;
	if (pts[i].events + pts[i].censored == 0)
	{
		memmove(&pts[i], &pts[i + 1], (*m - i - 1) * sizeof(CxSurvPoint));
		(*m)--;
	}
	*total -= d + c;
	return CX_SURV_OK;
}

/* Canonical point list of dense slots. */
CxSurvStatus
cx_surv_from_dense(const CxSurvDenseSlot *slots, size_t span,
				   CxSurvPoint *out, size_t cap, size_t *m)
{
	size_t		i;
	size_t		k = 0;
	int64_t		total = 0;

	if (span > CX_SURV_MAX_DENSE_SPAN)
		return CX_SURV_ERR_DURATION;
	for (i = 0; i < span; i++)
	{
		CxSurvPoint p;
		CxSurvStatus st;

		if (slots[i].events == 0 && slots[i].censored == 0)
			continue;
		p.t = (int64_t) i;
		p.events = slots[i].events;
		p.censored = slots[i].censored;
		if ((st = check_point(&p)) != CX_SURV_OK)
			return st;
		if (total > CX_SURV_MAX_COUNT - (p.events + p.censored))
			return CX_SURV_ERR_OVERFLOW;
		total += p.events + p.censored;
		if (k >= cap || k >= CX_SURV_MAX_POINTS)
			return CX_SURV_ERR_TOO_MANY;
		out[k++] = p;
	}
	*m = k;
	return CX_SURV_OK;
}

/* Adds a point list into dense slots. */
CxSurvStatus
cx_surv_add_to_dense(CxSurvDenseSlot *slots, size_t span, int64_t *total,
					 const CxSurvPoint *pts, size_t m)
{
	int64_t		add;
	size_t		i;
	CxSurvStatus st;

	if ((st = cx_surv_validate(pts, m, &add, NULL)) != CX_SURV_OK)
		return st;
	if (m > 0 && (uint64_t) pts[m - 1].t >= span)
		return CX_SURV_ERR_DURATION;
	if (*total > CX_SURV_MAX_COUNT - add)
		return CX_SURV_ERR_OVERFLOW;
	for (i = 0; i < m; i++)
	{
		slots[pts[i].t].events += pts[i].events;	/* <= total <= 2^62 */
		slots[pts[i].t].censored += pts[i].censored;
	}
	*total += add;
	return CX_SURV_OK;
}

/* Number of customers of a (valid) summary. */
static int64_t
total_customers(const CxSurvPoint *pts, size_t m)
{
	int64_t		n = 0;
	size_t		i;

	for (i = 0; i < m; i++)
		n += pts[i].events + pts[i].censored;
	return n;
}

/*
 * One product-limit step at a point with n at risk: R's survfitkm.c,
 * km *= (nrisk - d) / nrisk and v += d / (nrisk (nrisk - d)).
 */
static void
km_step(int64_t n, int64_t d, double *surv, double *var)
{
	double		dn = (double) n;
	double		dd = (double) d;
	double		left = (double) (n - d);

	if (d <= 0)
		return;
	*surv *= left / dn;
	*var += dd / (dn * left);	/* +Inf when everyone at risk left */
}

/* Starts a walk over the stored durations. */
void
cx_surv_iter_init(CxSurvIter *it, const CxSurvPoint *pts, size_t m)
{
	it->pts = pts;
	it->m = m;
	it->i = 0;
	it->at_risk = total_customers(pts, m);
	it->surv = 1.0;
	it->var = 0.0;
}

/* Produces the row of the next stored duration; 0 when done. */
int
cx_surv_iter_next(CxSurvIter *it, CxSurvRow *row)
{
	const CxSurvPoint *p;

	if (it->i >= it->m)
		return 0;
	p = &it->pts[it->i++];
	km_step(it->at_risk, p->events, &it->surv, &it->var);
	row->t = p->t;
	row->at_risk = it->at_risk;
	row->events = p->events;
	row->censored = p->censored;
	row->surv = it->surv;
	row->log_se = sqrt(it->var);
	it->at_risk -= p->events + p->censored;
	return 1;
}

/* Everything known at time t. */
void
cx_surv_at(const CxSurvPoint *pts, size_t m, double t, CxSurvRow *row)
{
	CxSurvIter	it;
	size_t		i;

	cx_surv_iter_init(&it, pts, m);
	row->t = 0;
	row->events = 0;
	row->censored = 0;
	if (isnan(t))
	{
		row->at_risk = 0;
		row->surv = NAN;
		row->log_se = NAN;
		return;
	}
	for (i = 0; i < m && (double) pts[i].t < t; i++)
	{
		km_step(it.at_risk, pts[i].events, &it.surv, &it.var);
		it.at_risk -= pts[i].events + pts[i].censored;
	}
	row->at_risk = it.at_risk;
	if (i < m && (double) pts[i].t == t)
	{
		row->t = pts[i].t;
		row->events = pts[i].events;
		row->censored = pts[i].censored;
		km_step(it.at_risk, pts[i].events, &it.surv, &it.var);
	}
	row->surv = it.surv;
	row->log_se = sqrt(it.var);
}

/* Greenwood standard error of S. */
double
cx_surv_std_error(double surv, double log_se)
{
	if (isnan(surv) || isnan(log_se) || surv <= 0.0)
		return NAN;
	if (log_se == 0.0)
		return 0.0;
	return surv * log_se;
}

/* Parses an R conf.type name. */
int
cx_surv_ci_type_parse(const char *name, CxSurvCiType *type)
{
	if (strcmp(name, "log-log") == 0)
		*type = CX_SURV_CI_LOGLOG;
	else if (strcmp(name, "log") == 0)
		*type = CX_SURV_CI_LOG;
	else if (strcmp(name, "plain") == 0)
		*type = CX_SURV_CI_PLAIN;
	else
		return 0;
	return 1;
}

/*
 * The interval for a two-sided critical value z >= 0.  z = 0 (any
 * confidence below about 1.1e-16: 1 - confidence rounds to 1, and R's
 * qnorm too gives 0) is the degenerate interval [S, S], as in R.
 */
CxSurvCiStatus
cx_surv_ci_z(double surv, double log_se, double z, CxSurvCiType type,
			 double *lower, double *upper)
{
	double		lo;
	double		hi;

	*lower = NAN;
	*upper = NAN;
	if (!(z >= 0.0) || isnan(surv) || isnan(log_se) || surv <= 0.0 ||
		isinf(log_se))
		return CX_SURV_CI_UNDEFINED;
	if (surv >= 1.0)
	{
		*lower = 1.0;
		*upper = 1.0;
		return CX_SURV_CI_AT_ONE;
	}
	switch (type)
	{
		case CX_SURV_CI_LOGLOG:
			{
				double		ls = log(surv);
				double		se2 = z * log_se / ls;	/* <= 0 */
				double		c = log(-ls);

				lo = exp(-exp(c - se2));
				hi = exp(-exp(c + se2));
				break;
			}
		case CX_SURV_CI_LOG:
			{
				double		se2 = z * log_se;

				lo = exp(log(surv) - se2);
				hi = fmin(exp(log(surv) + se2), 1.0);
				break;
			}
		case CX_SURV_CI_PLAIN:
			{
				double		se2 = log_se * surv * z;

				lo = fmax(surv - se2, 0.0);
				hi = fmin(surv + se2, 1.0);
				break;
			}
		default:
			return CX_SURV_CI_UNDEFINED;
	}
	/* in exact arithmetic already ordered and inside [0, 1]; keep it so */
	lo = fmin(fmax(lo, 0.0), 1.0);
	hi = fmin(fmax(hi, lo), 1.0);
	*lower = lo;
	*upper = hi;
	return CX_SURV_CI_DEFINED;
}

/* Pointwise interval of S, as R's survfit_confint with logse = TRUE. */
CxSurvCiStatus
cx_surv_ci(double surv, double log_se, double confidence, CxSurvCiType type,
		   double *lower, double *upper)
{
	double		z = NAN;

	if (confidence > 0.0 && confidence < 1.0)
		z = cx_z_for_confidence(confidence);
	return cx_surv_ci_z(surv, log_se, z, type, lower, upper);
}

/*
 * State of one pass over a curve, in time order: R's findq() on F = 1 -
 * curve after the leading point (0, 0), or survmean's minmin() on the
 * curve itself.  NaN stands for R's NA.
 */
typedef struct FindQ
{
	double		p;
	double		max_f;			/* max over non-NA values */
	double		best_a;			/* smallest F + tol >= p, and its time */
	double		x_a;
	double		best_b;			/* smallest F - tol >= p, and its time */
	double		x_b;
	double		last_new;		/* last value not seen before (R's y[n]) */
	double		prev;			/* previous non-NA value */
	int			seen_na;
	int			seen_one;		/* F = 1 seen (lower plain curve at 0) */
	double		xmax;			/* last time of all */
	/* print.survfit's minmin() on the curve itself (v = 1 - F) */
	int			rule;
	double		level;			/* 1 - p */
	double		x1;				/* first time with v < level + tol */
	double		y1;
	double		x2;				/* first later time with v < y1 */
} FindQ;

static void
findq_init(FindQ *q, double p, int rule)
{
	q->rule = rule;
	q->level = 1.0 - p;
	q->x1 = NAN;
	q->y1 = NAN;
	q->x2 = NAN;
	q->p = p;
	q->max_f = 0.0;
	q->best_a = INFINITY;
	q->x_a = NAN;
	q->best_b = INFINITY;
	q->x_b = NAN;
	q->last_new = 0.0;
	q->prev = 0.0;
	q->seen_na = 0;
	q->seen_one = 0;
	q->xmax = 0.0;
	/*
	 * The leading point (x = 0, F = 0).  It is also the smallest knot of
	 * F + tol, so R's approx() gives NA below it (rule = 1): no look-up
	 * succeeds for p < tol.
	 */
	if (0.0 + CX_SURV_TOL >= p && p >= CX_SURV_TOL)
	{
		q->best_a = 0.0 + CX_SURV_TOL;
		q->x_a = 0.0;
	}
	if (0.0 - CX_SURV_TOL >= p)
	{
		q->best_b = 0.0 - CX_SURV_TOL;
		q->x_b = 0.0;
	}
}

/*
 * Feeds one point.  Repeated values are recognised exactly when they are
 * NA, 0 (the leading point, or an upper curve clamped at 1), 1 (a lower
 * curve clamped at 0) or equal to the previous value; any other value is
 * taken as new.  A curve of S is monotone, so this is R's global
 * de-duplication there; on an interval curve a non-adjacent repeat of
 * another value needs two different (S, se) pairs to round to the same
 * double, and would only matter if that value were within tol of p.
 */
static void
findq_feed(FindQ *q, double x, double v)
{
	double		f = 1.0 - v;	/* R: y = 1 - surv; NaN stays NaN */
	double		a;
	double		b;
	int			is_new;

	q->xmax = x;
	if (q->rule == CX_SURV_RULE_PRINT)
	{
		if (isnan(v))
			return;
		if (isnan(q->x1))
		{
			if (v < q->level + CX_SURV_TOL)
			{
				q->x1 = x;
				q->y1 = v;
			}
		}
		else if (isnan(q->x2) && v < q->y1)
			q->x2 = x;
		return;
	}
	if (isnan(f))
	{
		if (!q->seen_na)
			q->last_new = NAN;
		q->seen_na = 1;
		return;
	}
	if (f == 0.0)
		is_new = 0;
	else if (f == 1.0)
		is_new = !q->seen_one;
	else
		is_new = (f != q->prev);
	if (f == 1.0)
		q->seen_one = 1;
	q->prev = f;
	if (!is_new)
		return;
	q->last_new = f;
	if (f > q->max_f)
		q->max_f = f;
	a = f + CX_SURV_TOL;
	b = f - CX_SURV_TOL;
	/* strict: on equal values the first occurrence is the one kept */
	if (a >= q->p && q->p >= CX_SURV_TOL && a < q->best_a)
	{
		q->best_a = a;
		q->x_a = x;
	}
	if (b >= q->p && b < q->best_b)
	{
		q->best_b = b;
		q->x_b = x;
	}
}

/* findq()'s answer for one probability. */
static double
findq_result(const FindQ *q)
{
	double		quant;

	if (q->rule == CX_SURV_RULE_PRINT)
	{
		if (!isnan(q->x2) && fabs(q->y1 - q->level) < CX_SURV_TOL)
			return (q->x1 + q->x2) / 2.0;
		return q->x1;			/* NaN if never reached */
	}
	if (q->max_f < q->p)
		return NAN;
	quant = (q->x_a + q->x_b) / 2.0;	/* NaN if either look-up failed */
	if (q->p == 0.0)
		quant = 0.0;
	/* R applies this last, so it also overrides p = 0 (with NA then) */
	if (!isnan(q->last_new) && fabs(q->p - q->last_new) < CX_SURV_TOL)
		quant = (q->x_a + q->xmax) / 2.0;
	return quant;
}

/* Interval values as R's survfit object holds them (NaN for NA). */
static void
curve_bounds(double surv, double log_se, double z, CxSurvCiType type,
			 double *lo, double *hi)
{
	CxSurvCiStatus st = cx_surv_ci_z(surv, log_se, z, type, lo, hi);

	if (st == CX_SURV_CI_UNDEFINED ||
		(st == CX_SURV_CI_AT_ONE && type == CX_SURV_CI_LOGLOG))
	{
		*lo = NAN;
		*hi = NAN;
	}
}

/* Lifetime quantile with its interval, by R's quantile or print rule. */
double
cx_surv_quantile(const CxSurvPoint *pts, size_t m, double p,
				 CxSurvQuantileRule rule, double confidence, CxSurvCiType type,
				 double *lower, double *upper)
{
	FindQ		qs;
	FindQ		ql;
	FindQ		qu;
	CxSurvIter	it;
	CxSurvRow	row;
	double		z = NAN;

	if (lower)
		*lower = NAN;
	if (upper)
		*upper = NAN;
	if (!(p >= 0.0 && p <= 1.0))
		return NAN;
	if (rule != CX_SURV_RULE_QUANTILE && rule != CX_SURV_RULE_PRINT)
		return NAN;
	findq_init(&qs, p, rule);
	findq_init(&ql, p, rule);
	findq_init(&qu, p, rule);
	if ((lower || upper) && confidence > 0.0 && confidence < 1.0)
		z = cx_z_for_confidence(confidence);
	cx_surv_iter_init(&it, pts, m);
	while (cx_surv_iter_next(&it, &row))
	{
		double		x = (double) row.t;

		findq_feed(&qs, x, row.surv);
		if (lower || upper)
		{
			double		lo;
			double		hi;

			curve_bounds(row.surv, row.log_se, z, type, &lo, &hi);
			findq_feed(&ql, x, lo);
			findq_feed(&qu, x, hi);
		}
	}
	if (lower)
		*lower = findq_result(&ql);
	if (upper)
		*upper = findq_result(&qu);
	return findq_result(&qs);
}

/*
 * Restricted mean and its standard error, as R's survmean().  With
 * rectangles r_1 .. r_k under S up to the horizon (r_1 from 0 to the first
 * kept duration, at height 1) and h_i = d_i / (n_i (n_i - d_i)) (0 when
 * n_i = d_i) at the i-th kept duration, R's variance is
 * sum_i h_i (r_(i+1) + ... + r_k)^2 = sum_l r_l (r_l H_(l-1) + 2 C_l), with
 * H_j = h_1 + ... + h_j and C_l = sum over 2 <= j < l of r_j H_(j-1).
 */
double
cx_surv_rmean(const CxSurvPoint *pts, size_t m, double horizon, double *se)
{
	int64_t		n;
	double		surv = 1.0;
	double		var_unused = 0.0;
	double		mean = 0.0;
	double		big_h = 0.0;
	double		big_c = 0.0;
	double		var = 0.0;
	double		prev_t = 0.0;
	size_t		i;

	if (se)
		*se = NAN;
	if (isnan(horizon) || horizon < 0.0 || isinf(horizon))
		return NAN;
	n = total_customers(pts, m);
	for (i = 0; i < m && (double) pts[i].t <= horizon; i++)
	{
		double		t = (double) pts[i].t;
		double		r = (t - prev_t) * surv;
		int64_t		d = pts[i].events;

		mean += r;
		if (i > 0)
		{
			var += r * (r * big_h + 2.0 * big_c);
			big_c += r * big_h;
		}
		km_step(n, d, &surv, &var_unused);
		if (d > 0 && n > d)
			big_h += (double) d / ((double) n * (double) (n - d));
		n -= d + pts[i].censored;
		prev_t = t;
	}
	/* the last rectangle, up to the horizon */
	{
		double		r = (horizon - prev_t) * surv;

		mean += r;
		if (i > 0)
			var += r * (r * big_h + 2.0 * big_c);
	}
	if (se)
		*se = sqrt(var);
	return mean;
}

/*
 * The log-rank accumulation shared by the 2- and k-group tests.  With
 * r_g(t) the number of group g at risk at duration t, n_t and d_t the
 * numbers at risk and of events over all groups, and w_t = d_t (n_t - d_t)
 * / (n_t^2 (n_t - 1)), survdiff's variance is, off the diagonal,
 * V_gh = -sum_t w_t r_g(t) r_h(t), and V_gg = -sum_{h != g} V_gh (rows sum
 * to 0).  Summed duration by duration that costs k^2 per duration: k
 * groups of a few interleaved durations each (a small input) took minutes.
 * Instead, as r_g(t) is the sum of the counts e_g(s) of g's points at
 * durations s >= t,
 *	 sum_t w_t r_g(t) r_h(t) = sum_{s1, s2} e_g(s1) e_h(s2) W(min(s1, s2)),
 * W(s) = sum_{t <= s} w_t, so a walk up the durations that keeps W adds,
 * for each point of g at s, e_g(s) W(s) r_h(s) (before s's points leave)
 * to every pair (g, h), and e_h(s) W(s) r_g(s+) (after) to every (g, h)
 * with h the point's group: O(k) per point.  The expected counts likewise:
 * expd_g = sum_s e_g(s) E(s), E(s) = sum_{t <= s} d_t / n_t.  Every sum
 * has non-negative terms (no cancellation, V_gg included).
 * cur[g]: points of g visited; risk[g]: at risk now; obs, expd: k each;
 * var: k * k, row-major; at: k ints of scratch.  All set here.
 */
static void
logrank_accumulate(const CxSurvPoint *const *groups, const size_t *sizes,
				   int k, size_t *cur, int64_t *risk,
				   double *obs, double *expd, double *var, int *at)
{
	int			g;
	int			h;
	double		wsum = 0.0;
	double		esum = 0.0;

	for (g = 0; g < k; g++)
	{
		size_t		i;

		cur[g] = 0;
		risk[g] = 0;
		for (i = 0; i < sizes[g]; i++)
			risk[g] += groups[g][i].events + groups[g][i].censored;
		obs[g] = 0.0;
		expd[g] = 0.0;
	}
	for (g = 0; g < k * k; g++)
		var[g] = 0.0;

	/*
	 * Totals over groups are doubles: k summaries of up to 2^62 customers
	 * each can pass INT64_MAX.  Up to 2^53 (all that R can represent
	 * either) every sum and difference below is exact.
	 */
	for (;;)
	{
		int64_t		t = INT64_MAX;
		double		dd = 0.0;
		double		dn = 0.0;
		int			na = 0;
		int			i;

		for (g = 0; g < k; g++)
		{
			if (cur[g] < sizes[g] && groups[g][cur[g]].t < t)
				t = groups[g][cur[g]].t;
			dn += (double) risk[g];
		}
		if (t == INT64_MAX)
			break;
		for (g = 0; g < k; g++)
			if (cur[g] < sizes[g] && groups[g][cur[g]].t == t)
			{
				at[na++] = g;
				dd += (double) groups[g][cur[g]].events;
			}
		if (dd > 0.0)
		{
			esum += dd / dn;
			if (dn > 1.0)
				wsum += dd * (dn - dd) / (dn * dn * (dn - 1.0));
		}
		/* pairs whose earlier point is at t: the other still at risk */
		for (i = 0; i < na; i++)
		{
			const CxSurvPoint *p = &groups[at[i]][cur[at[i]]];
			double		e = (double) (p->events + p->censored);

			g = at[i];
			obs[g] += (double) p->events;
			expd[g] += e * esum;
			if (wsum > 0.0)
				for (h = 0; h < k; h++)
					if (h != g)
						var[g * k + h] += e * wsum * (double) risk[h];
		}
		for (i = 0; i < na; i++)
		{
			const CxSurvPoint *p = &groups[at[i]][cur[at[i]]++];

			risk[at[i]] -= p->events + p->censored;
		}
		/* pairs whose other point is later than t */
		if (wsum > 0.0)
			for (i = 0; i < na; i++)
			{
				const CxSurvPoint *p = &groups[at[i]][cur[at[i]] - 1];
				double		e = (double) (p->events + p->censored);

				h = at[i];
				for (g = 0; g < k; g++)
					if (g != h)
						var[g * k + h] += e * wsum * (double) risk[g];
			}
	}
	/* var holds sum w r_g r_h off the diagonal: the covariance from it */
	for (g = 0; g < k; g++)
	{
		double		diag = 0.0;

		for (h = 0; h < k; h++)
			if (h != g)
			{
				diag += var[g * k + h];
				var[g * k + h] = -var[g * k + h];
			}
		var[g * k + g] = diag;
	}
}

/*
 * chi = u' V^-1 u for the groups in keep[0..nk) less the first, solved in
 * place by Gaussian elimination with partial pivoting (a: nk-1 squared
 * scratch, b: nk-1).  Returns NaN if V is singular.
 */
static double
logrank_chisq(const double *obs, const double *expd, const double *var,
			  int k, const int *keep, int nk, double *a, double *b)
{
	int			n = nk - 1;
	int			i;
	int			j;
	int			r;
	double		scale = 0.0;
	double		chi = 0.0;

	for (i = 0; i < n; i++)
	{
		b[i] = obs[keep[i + 1]] - expd[keep[i + 1]];
		for (j = 0; j < n; j++)
			a[i * n + j] = var[keep[i + 1] * k + keep[j + 1]];
		scale = fmax(scale, fabs(a[i * n + i]));
	}
	if (!(scale > 0.0))
		return NAN;
	/* forward elimination on [a | b] */
	for (i = 0; i < n; i++)
	{
		int			piv = i;
		double		tmp;

		for (r = i + 1; r < n; r++)
			if (fabs(a[r * n + i]) > fabs(a[piv * n + i]))
				piv = r;
		if (!(fabs(a[piv * n + i]) > 1e-13 * scale))
			return NAN;
		if (piv != i)
		{
			for (j = 0; j < n; j++)
			{
				tmp = a[i * n + j];
				a[i * n + j] = a[piv * n + j];
				a[piv * n + j] = tmp;
			}
			tmp = b[i];
			b[i] = b[piv];
			b[piv] = tmp;
		}
		for (r = i + 1; r < n; r++)
		{
			double		f = a[r * n + i] / a[i * n + i];

			if (f == 0.0)
				continue;
			for (j = i; j < n; j++)
				a[r * n + j] -= f * a[i * n + j];
			b[r] -= f * b[i];
		}
	}
	/* back substitution: b becomes x = V^-1 u */
	for (i = n - 1; i >= 0; i--)
	{
		double		s = b[i];

		for (j = i + 1; j < n; j++)
			s -= a[i * n + j] * b[j];
		b[i] = s / a[i * n + i];
	}
	for (i = 0; i < n; i++)
		chi += b[i] * (obs[keep[i + 1]] - expd[keep[i + 1]]);
	return chi;
}

/* Bytes of workspace for a k-group log-rank test. */
size_t
cx_surv_logrank_work_size(int k)
{
	size_t		kk = (k > 0) ? (size_t) k : 0;

	/* var k*k, a (k-1)^2 <= k*k, b, obs, expd k each; risk; cur; keep */
	return (2 * kk * kk + 3 * kk) * sizeof(double) + kk * sizeof(int64_t) +
		kk * sizeof(size_t) + kk * sizeof(int);
}

/* Finishes a test from its accumulated sums. */
static double
logrank_finish(const double *obs, const double *expd, const double *var,
			   int k, int *keep, double *a, double *b, CxSurvLogrank *res)
{
	int			nk = 0;
	int			g;
	double		chi;

	for (g = 0; g < k; g++)
		if (expd[g] > 0.0)
			keep[nk++] = g;
	res->chisq = NAN;
	res->df = nk - 1;
	res->p_value = NAN;
	if (nk < 2)
		return NAN;
	chi = logrank_chisq(obs, expd, var, k, keep, nk, a, b);
	if (isnan(chi))
		return NAN;
	if (chi < 0.0)
		chi = 0.0;				/* rounding on a zero statistic */
	res->chisq = chi;
	res->p_value = cx_chisq_upper(chi, (double) (nk - 1));
	return res->p_value;
}

/* k-group log-rank test. */
double
cx_surv_logrank(const CxSurvPoint *const *groups, const size_t *sizes,
				int k, void *work, double *observed, double *expected,
				CxSurvLogrank *result)
{
	double	   *var = (double *) work;
	double	   *a;
	double	   *b;
	double	   *obs;
	double	   *expd;
	int64_t    *risk;
	size_t	   *cur;
	int		   *keep;
	size_t		kk;

	result->chisq = NAN;
	result->df = 0;
	result->p_value = NAN;
	if (k < 2 || k > CX_SURV_MAX_GROUPS || work == NULL)
		return NAN;
	kk = (size_t) k;
	a = var + kk * kk;
	b = a + kk * kk;
	obs = b + kk;
	expd = obs + kk;
	risk = (int64_t *) (expd + kk);
	cur = (size_t *) (risk + kk);
	keep = (int *) (cur + kk);
	logrank_accumulate(groups, sizes, k, cur, risk, obs, expd, var, keep);
	if (observed)
		memcpy(observed, obs, kk * sizeof(double));
	if (expected)
		memcpy(expected, expd, kk * sizeof(double));
	return logrank_finish(obs, expd, var, k, keep, a, b, result);
}

/* Two-sample log-rank test, with its workspace on the stack. */
double
cx_surv_logrank2(const CxSurvPoint *a, size_t na,
				 const CxSurvPoint *b, size_t nb, CxSurvLogrank *result)
{
	const CxSurvPoint *groups[2];
	size_t		sizes[2];
	double		var[4];
	double		obs[2];
	double		expd[2];
	double		sa[4];
	double		sb[2];
	int64_t		risk[2];
	size_t		cur[2];
	int			keep[2];

	groups[0] = a;
	groups[1] = b;
	sizes[0] = na;
	sizes[1] = nb;
	logrank_accumulate(groups, sizes, 2, cur, risk, obs, expd, var, keep);
	return logrank_finish(obs, expd, var, 2, keep, sa, sb, result);
}

/*
 * log of x^a e^-x / Gamma(a).  For large a the three terms a log x, x and
 * lgamma(a) are large and nearly cancel; there it is written as
 * log sqrt(a / 2 pi) - a (l - 1 - log l) - stirlerr(a) with l = x / a and
 * stirlerr(a) = lgamma(a) - ((a - 1/2) log a - a + log sqrt(2 pi)) by its
 * asymptotic series (error below 1e-17 for a > 15), which keeps the
 * exponent accurate to a few ulps of a (l - 1 - log l).
 */
static double
gamma_log_prefactor(double a, double x)
{
	double		u;
	double		a2;
	double		stirlerr;

	if (a <= 15.0)
		return a * log(x) - x - lgamma(a);
	u = (x - a) / a;
	a2 = a * a;
	stirlerr = (1.0 / 12.0 - (1.0 / 360.0 - (1.0 / 1260.0 - (1.0 / 1680.0 -
													   1.0 / (1188.0 * a2)) / a2) / a2) / a2) / a;
	return 0.5 * log(a / (2.0 * 3.14159265358979323846)) -
		a * (u - log1p(u)) - stirlerr;
}

/* Regularized upper incomplete gamma Q(a, x). */
double
cx_gamma_q(double a, double x)
{
	int			i;

	if (isnan(a) || isnan(x) || !(a > 0.0) || x < 0.0 || isinf(a))
		return NAN;
	if (x == 0.0)
		return 1.0;
	if (isinf(x))
		return 0.0;
	if (a == 0.5)
		return erfc(sqrt(x));
	if (a == 1.0)
		return exp(-x);
	if (x < a + 1.0)
	{
		/* P by its series; Q = 1 - P is not small here */
		double		term = 1.0 / a;
		double		sum = term;

		for (i = 1; i < 100000; i++)
		{
			term *= x / (a + i);
			sum += term;
			if (term < sum * DBL_EPSILON * 0.25)
				break;
		}
		return 1.0 - sum * exp(gamma_log_prefactor(a, x));
	}
	else
	{
		/* Q by its continued fraction, modified Lentz */
		const double tiny = 1e-300;
		double		bb = x + 1.0 - a;
		double		c = 1.0 / tiny;
		double		d = 1.0 / bb;
		double		h = d;

		for (i = 1; i < 100000; i++)
		{
			double		an = -i * (i - a);
			double		del;

			bb += 2.0;
			d = an * d + bb;
			if (fabs(d) < tiny)
				d = tiny;
			c = bb + an / c;
			if (fabs(c) < tiny)
				c = tiny;
			d = 1.0 / d;
			del = d * c;
			h *= del;
			if (fabs(del - 1.0) < DBL_EPSILON * 0.25)
				break;
		}
		return exp(gamma_log_prefactor(a, x)) * h;
	}
}

/* Chi-square upper tail P(X > x), df > 0. */
double
cx_chisq_upper(double x, double df)
{
	if (isnan(x) || isnan(df) || !(df > 0.0))
		return NAN;
	if (x <= 0.0)
		return 1.0;
	return cx_gamma_q(df / 2.0, x / 2.0);
}

/* Bytes of an unsigned LEB128 varint. */
static size_t
varint_len(uint64_t v)
{
	size_t		n = 1;

	while (v >= 0x80)
	{
		v >>= 7;
		n++;
	}
	return n;
}

/* Writes a varint at buf[*pos] when buf is given; advances *pos. */
static void
varint_put(uint8_t *buf, size_t *pos, uint64_t v)
{
	while (v >= 0x80)
	{
		if (buf)
			buf[*pos] = (uint8_t) (v | 0x80);
		(*pos)++;
		v >>= 7;
	}
	if (buf)
		buf[*pos] = (uint8_t) v;
	(*pos)++;
}

/*
 * Reads the shortest varint encoding of a value <= max; 0 on malformed
 * bytes (truncated, overlong, too large).
 */
static int
varint_get(const uint8_t *buf, size_t len, size_t *pos, uint64_t max,
		   uint64_t *out)
{
	uint64_t	v = 0;
	int			shift = 0;
	size_t		start = *pos;

	for (;;)
	{
		uint8_t		byte;

		if (*pos >= len)
			return 0;
		byte = buf[(*pos)++];
		if (shift == 56 && (byte & 0x80))
			return 0;			/* values < 2^63: a 9th byte is the last */
		v |= (uint64_t) (byte & 0x7f) << shift;
		if (!(byte & 0x80))
		{
			if (byte == 0 && *pos - start > 1)
				return 0;		/* overlong: a zero final group */
			break;
		}
		shift += 7;
	}
	if (v > max)
		return 0;
	*out = v;
	return 1;
}

/* Upper bound of the encoded size of m points. */
size_t
cx_surv_encoded_bound(size_t m)
{
	return CX_SURV_MAX_HEADER_BYTES + m * CX_SURV_MAX_POINT_BYTES;
}

/* Whether a unit is one the layout admits. */
static int
unit_valid(int kind, int64_t amount)
{
	return (kind == CX_SURV_UNIT_MONTHS || kind == CX_SURV_UNIT_DAYS ||
			kind == CX_SURV_UNIT_MICROSECONDS) &&
		amount >= 1 && amount <= CX_SURV_MAX_UNIT_AMOUNT;
}

/* Encodes a summary in the version 1 layout. */
size_t
cx_surv_encode(const CxSurvPoint *pts, size_t m,
			   CxSurvUnitKind unit_kind, int64_t unit_amount,
			   uint8_t *buf, size_t cap)
{
	size_t		pos = 3;
	size_t		i;

	if (cx_surv_validate(pts, m, NULL, NULL) != CX_SURV_OK ||
		!unit_valid((int) unit_kind, unit_amount))
		return 0;
	/* size first, so that nothing is written past cap */
	varint_put(NULL, &pos, (uint64_t) unit_amount);
	varint_put(NULL, &pos, (uint64_t) m);
	for (i = 0; i < m; i++)
	{
		uint64_t	gap = (uint64_t) (i == 0 ? pts[0].t :
									  pts[i].t - pts[i - 1].t - 1);

		pos += varint_len(gap) + varint_len((uint64_t) pts[i].events) +
			varint_len((uint64_t) pts[i].censored);
	}
	if (buf == NULL)
		return pos;
	if (pos > cap)
		return 0;
	buf[0] = CX_SURV_FORMAT_VERSION;
	buf[1] = 0;
	buf[2] = (uint8_t) unit_kind;
	pos = 3;
	varint_put(buf, &pos, (uint64_t) unit_amount);
	varint_put(buf, &pos, (uint64_t) m);
	for (i = 0; i < m; i++)
	{
		uint64_t	gap = (uint64_t) (i == 0 ? pts[0].t :
									  pts[i].t - pts[i - 1].t - 1);

		varint_put(buf, &pos, gap);
		varint_put(buf, &pos, (uint64_t) pts[i].events);
		varint_put(buf, &pos, (uint64_t) pts[i].censored);
	}
	return pos;
}

/* Reads and checks the header. */
CxSurvStatus
cx_surv_decode_header(const uint8_t *buf, size_t len, CxSurvHeader *hdr)
{
	size_t		pos = 3;
	uint64_t	amount;
	uint64_t	m;

	if (buf == NULL || len < 5)
		return CX_SURV_ERR_FORMAT;
	if (buf[0] != CX_SURV_FORMAT_VERSION || buf[1] != 0)
		return CX_SURV_ERR_FORMAT;
	if (!varint_get(buf, len, &pos, (uint64_t) CX_SURV_MAX_UNIT_AMOUNT,
					&amount) ||
		!unit_valid(buf[2], (int64_t) amount))
		return CX_SURV_ERR_FORMAT;
	if (!varint_get(buf, len, &pos, UINT64_MAX, &m))
		return CX_SURV_ERR_FORMAT;
	if (m > CX_SURV_MAX_POINTS)
		return CX_SURV_ERR_TOO_MANY;
	if ((len - pos) / 3 < m)
		return CX_SURV_ERR_FORMAT;	/* cannot hold m points */
	hdr->version = buf[0];
	hdr->unit_kind = (CxSurvUnitKind) buf[2];
	hdr->unit_amount = (int64_t) amount;
	hdr->m = (size_t) m;
	hdr->header_bytes = pos;
	return CX_SURV_OK;
}

/* Decodes and validates a whole summary. */
CxSurvStatus
cx_surv_decode(const uint8_t *buf, size_t len, CxSurvHeader *hdr,
			   CxSurvPoint *pts, size_t cap)
{
	CxSurvStatus st;
	size_t		pos;
	size_t		i;
	int64_t		total = 0;
	int64_t		prev = -1;

	if ((st = cx_surv_decode_header(buf, len, hdr)) != CX_SURV_OK)
		return st;
	if (hdr->m > cap)
		return CX_SURV_ERR_TOO_MANY;
	pos = hdr->header_bytes;
	for (i = 0; i < hdr->m; i++)
	{
		uint64_t	gap;
		uint64_t	d;
		uint64_t	c;
		int64_t		t;

		if (!varint_get(buf, len, &pos, (uint64_t) CX_SURV_MAX_DURATION, &gap))
			return CX_SURV_ERR_FORMAT;
		if (!varint_get(buf, len, &pos, (uint64_t) CX_SURV_MAX_COUNT, &d) ||
			!varint_get(buf, len, &pos, (uint64_t) CX_SURV_MAX_COUNT, &c))
			return CX_SURV_ERR_FORMAT;
		t = prev + 1 + (int64_t) gap;	/* <= 2^31 + 2^31: no overflow */
		if (t > CX_SURV_MAX_DURATION)
			return CX_SURV_ERR_DURATION;
		if (d + c == 0)
			return CX_SURV_ERR_COUNT;
		/* d, c <= 2^62: d + c fits in uint64 */
		if (d + c > (uint64_t) (CX_SURV_MAX_COUNT - total))
			return CX_SURV_ERR_OVERFLOW;
		total += (int64_t) (d + c);
		pts[i].t = t;
		pts[i].events = (int64_t) d;
		pts[i].censored = (int64_t) c;
		prev = t;
	}
	if (pos != len)
		return CX_SURV_ERR_FORMAT;	/* trailing bytes */
	return CX_SURV_OK;
}
