/*
 * test_survival_math.c
 *	  Standalone unit test of src/survival_math.c (no PostgreSQL needed).
 *
 *	  cc -O2 -Wall -Wextra -Isrc -Itests/unit tests/unit/test_survival_math.c \
 *		  src/survival_math.c src/stats.c -lm
 *
 * Expected values, all independent of the code under test:
 *	 - survival_math_vectors.h, written by gen_survival_math_vectors.R with
 *	   R's survival package: survfit + summary.survfit (S, n at risk,
 *	   Greenwood SE, R's std.err, log-log / log / plain intervals at 95% and
 *	   80%), quantile.survfit (quantiles 0 .. 1 and their intervals, 95% and
 *	   90%) and print.survfit's median columns, the restricted mean and its
 *	   SE as print(fit, rmean = h) shows them, survdiff (chi-square, df,
 *	   p, observed, expected) and pchisq; on 14 hand-made and 8 random
 *	   cases (see the script for the list);
 *	 - hand-worked values in this file, each derived in its comment with
 *	   exact fractions;
 *	 - for merging, adding, the dense working form and encoding: the
 *	   defining properties (a merge of any split equals the whole, removal
 *	   undoes addition, dense slots give back the list, every truncation
 *	   or corruption of an encoding is rejected or decodes to a canonical
 *	   re-encoding).
 *
 * Stress runs against R (not committed, not run by make test):
 *	 Rscript tests/unit/gen_survival_math_vectors.R /tmp/s/survival_math_vectors.h 600
 *	 cp tests/unit/test_survival_math.c /tmp/s/ && cc -O1 -I/tmp/s -Isrc \
 *		 /tmp/s/test_survival_math.c src/survival_math.c src/stats.c -lm
 *
 * Prints failures one line each, the largest errors met, and a final
 * "N passed, M failed"; the exit status is non-zero if any check failed.
 */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "survival_math.h"
#include "survival_math_vectors.h"

#define NELEM(a) ((int) (sizeof(a) / sizeof((a)[0])))
#define TOL 1e-9				/* relative, against R */

static int	n_passed = 0;
static int	n_failed = 0;
static double max_rel_surv = 0.0;
static double max_rel_ci = 0.0;
static double max_rel_q = 0.0;
static double max_rel_rmean = 0.0;
static double max_rel_lr = 0.0;
static double max_rel_chisq = 0.0;

/* Records a check; prints it only when it fails. */
static void
report(int ok, const char *what, double got, double want)
{
	if (ok)
		n_passed++;
	else
	{
		n_failed++;
		printf("FAIL %-60s got %.17g want %.17g\n", what, got, want);
	}
}

/*
 * got equals want to tol relative (both NaN, both the same infinity, or
 * exactly equal also pass); tracks the largest error in *max.
 */
static void
check_rel(const char *what, double got, double want, double tol, double *max)
{
	int			ok;
	double		err = 0.0;

	if (isnan(want))
		ok = isnan(got);
	else if (isinf(want) || want == 0.0)
		ok = (got == want);
	else
	{
		err = fabs(got - want) / fabs(want);
		ok = (err <= tol);
		if (max && err > *max)
			*max = err;
	}
	report(ok, what, got, want);
}

static void
check_true(const char *what, int cond)
{
	report(cond, what, cond, 1);
}

static void
check_i64(const char *what, int64_t got, int64_t want)
{
	report(got == want, what, (double) got, (double) want);
}

/* ---- against R ---- */

/* S, n at risk, SEs and the three intervals at every query time. */
static void
test_pointwise(void)
{
	int			i;
	char		buf[160];
	static const char *const tname[3] = {"log-log", "log", "plain"};

	for (i = 0; i < NELEM(sv_at); i++)
	{
		const SvAt *v = &sv_at[i];
		const SvCase *cs = &sv_cases[v->c];
		CxSurvRow row;
		int			k;

		cx_surv_at(cs->pts, cs->m, v->t, &row);
		snprintf(buf, sizeof(buf), "%s t=%g n_risk", cs->name, v->t);
		check_i64(buf, row.at_risk, (int64_t) v->n_risk);
		snprintf(buf, sizeof(buf), "%s t=%g surv", cs->name, v->t);
		check_rel(buf, row.surv, v->surv, TOL, &max_rel_surv);
		snprintf(buf, sizeof(buf), "%s t=%g std_error", cs->name, v->t);
		check_rel(buf, cx_surv_std_error(row.surv, row.log_se), v->se, TOL,
				  &max_rel_surv);
		snprintf(buf, sizeof(buf), "%s t=%g log_se", cs->name, v->t);
		check_rel(buf, row.log_se, v->log_se, TOL, &max_rel_surv);
		for (k = 0; k < 3; k++)
		{
			double		lo;
			double		hi;
			CxSurvCiStatus st = cx_surv_ci(row.surv, row.log_se, v->conf,
										   (CxSurvCiType) k, &lo, &hi);

			snprintf(buf, sizeof(buf), "%s t=%g %s %.2f", cs->name, v->t,
					 tname[k], v->conf);
			if (isnan(v->lo[k]) || isnan(v->hi[k]))
			{
				/* R's NA: S = 0, or S = 1 on the log-log scale */
				check_true(buf, (st == CX_SURV_CI_UNDEFINED && isnan(lo) &&
								 isnan(hi)) ||
						   (st == CX_SURV_CI_AT_ONE && k == CX_SURV_CI_LOGLOG &&
							lo == 1.0 && hi == 1.0));
				continue;
			}
			check_rel(buf, lo, v->lo[k], TOL, &max_rel_ci);
			check_rel(buf, hi, v->hi[k], TOL, &max_rel_ci);
			check_true(buf, 0.0 <= lo && lo <= hi && hi <= 1.0);
		}
	}
}

/* Whether two quantile results agree (NaN = R's NA). */
static int
same_q(double got, double want)
{
	return (isnan(got) && isnan(want)) || got == want;
}

/*
 * Quantiles and their intervals: quantile.survfit for every p, and
 * print.survfit's median columns for p = 0.5 (both rules reproduced).
 */
static void
test_quantiles(void)
{
	int			i;
	int			print_same = 0;
	int			print_diff = 0;
	char		buf[160];

	for (i = 0; i < NELEM(sv_quant); i++)
	{
		const SvQuant *v = &sv_quant[i];
		const SvCase *cs = &sv_cases[v->c];
		double		lo;
		double		hi;
		double		q = cx_surv_quantile(cs->pts, cs->m, v->p, CX_SURV_RULE_QUANTILE,
										 v->conf, (CxSurvCiType) v->type, &lo, &hi);

		snprintf(buf, sizeof(buf), "%s quantile p=%g type %d conf %.2f",
				 cs->name, v->p, v->type, v->conf);
		check_rel(buf, q, v->q, TOL, &max_rel_q);
		check_rel(buf, lo, v->lo, TOL, &max_rel_q);
		check_rel(buf, hi, v->hi, TOL, &max_rel_q);
		if (v->p == 0.5)
		{
			double		plo;
			double		phi;
			double		pq = cx_surv_quantile(cs->pts, cs->m, 0.5, CX_SURV_RULE_PRINT,
											  v->conf, (CxSurvCiType) v->type,
											  &plo, &phi);
			double		tlast = cs->m ? (double) cs->pts[cs->m - 1].t : 0.0;

			snprintf(buf, sizeof(buf), "%s print median type %d conf %.2f",
					 cs->name, v->type, v->conf);
			check_rel(buf, pq, v->print_q, TOL, &max_rel_q);
			check_rel(buf, plo, v->print_lo, TOL, &max_rel_q);
			check_rel(buf, phi, v->print_hi, TOL, &max_rel_q);
			/*
			 * On S itself (monotone) the rules differ only at a flat end;
			 * on an interval curve, which need not be monotone (the log
			 * upper curve can dip under 0.5 and come back), findq's
			 * value-sorted look-up and minmin's first crossing may also
			 * pick different times: counted, not asserted.
			 */
			snprintf(buf, sizeof(buf), "%s rules differ only at a flat end",
					 cs->name);
			check_true(buf, same_q(q, pq) || q == (pq + tlast) / 2);
			if (same_q(q, pq) && same_q(lo, plo) && same_q(hi, phi))
				print_same++;
			else
				print_diff++;
		}
	}
	printf("median: print rule = quantile rule in %d rows, differs in %d\n",
		   print_same, print_diff);
}

/* Restricted means and their standard errors. */
static void
test_rmean(void)
{
	int			i;
	char		buf[160];

	for (i = 0; i < NELEM(sv_rmean); i++)
	{
		const SvRmean *v = &sv_rmean[i];
		const SvCase *cs = &sv_cases[v->c];
		double		se;
		double		mean = cx_surv_rmean(cs->pts, cs->m, v->h, &se);

		snprintf(buf, sizeof(buf), "%s rmean h=%g", cs->name, v->h);
		check_rel(buf, mean, v->mean, TOL, &max_rel_rmean);
		snprintf(buf, sizeof(buf), "%s rmean se h=%g", cs->name, v->h);
		check_rel(buf, se, v->se, TOL, &max_rel_rmean);
	}
}

/* Log-rank tests, k-group and two-sample. */
static void
test_logrank(void)
{
	int			i;
	char		buf[160];

	for (i = 0; i < NELEM(sv_logrank); i++)
	{
		const SvLogrank *v = &sv_logrank[i];
		const CxSurvPoint *groups[6];
		size_t		sizes[6];
		double		obs[6];
		double		expd[6];
		void	   *work = malloc(cx_surv_logrank_work_size(v->k));
		CxSurvLogrank res;
		double		p;
		int			g;

		for (g = 0; g < v->k; g++)
		{
			groups[g] = sv_cases[v->g[g]].pts;
			sizes[g] = sv_cases[v->g[g]].m;
		}
		p = cx_surv_logrank(groups, sizes, v->k, work, obs, expd, &res);
		free(work);
		snprintf(buf, sizeof(buf), "logrank set %d df", i);
		check_i64(buf, res.df, v->df);
		snprintf(buf, sizeof(buf), "logrank set %d p", i);
		if (v->p == 0.0)
			check_true(buf, p >= 0.0 && p < 1e-300);
		else
			check_rel(buf, p, v->p, TOL, &max_rel_lr);
		check_rel(buf, res.p_value, p, 0.0, NULL);
		snprintf(buf, sizeof(buf), "logrank set %d chisq", i);
		if (isnan(v->p))
			check_true(buf, isnan(res.chisq));
		else if (v->chisq == 0.0)
			check_true(buf, fabs(res.chisq) < 1e-12);
		else
			check_rel(buf, res.chisq, v->chisq, TOL, &max_rel_lr);
		for (g = 0; g < v->k; g++)
		{
			snprintf(buf, sizeof(buf), "logrank set %d observed %d", i, g);
			check_rel(buf, obs[g], v->obs[g], TOL, &max_rel_lr);
			snprintf(buf, sizeof(buf), "logrank set %d expected %d", i, g);
			check_rel(buf, expd[g], v->exp[g], TOL, &max_rel_lr);
		}
		if (v->k == 2)
		{
			CxSurvLogrank r2;
			double		p2 = cx_surv_logrank2(groups[0], sizes[0],
											  groups[1], sizes[1], &r2);

			snprintf(buf, sizeof(buf), "logrank2 set %d = k-group", i);
			check_true(buf, (isnan(p2) && isnan(p)) || p2 == p);
		}
	}
}

/* Chi-square upper tails against pchisq. */
static void
test_chisq(void)
{
	int			i;
	char		buf[160];

	for (i = 0; i < NELEM(sv_chisq); i++)
	{
		const SvChisq *v = &sv_chisq[i];

		snprintf(buf, sizeof(buf), "chisq_upper(%g, %g)", v->x, v->df);
		check_rel(buf, cx_chisq_upper(v->x, v->df), v->p, 1e-12, &max_rel_chisq);
	}
	/* closed forms: Q(1, x) = e^-x; df = 2 at x = 2000 is e^-1000 (~5e-435
	 * underflows: 0); x <= 0 gives 1; bad df gives NaN */
	check_rel("chisq df=2 x=100", cx_chisq_upper(100.0, 2.0), exp(-50.0), 1e-15, NULL);
	check_true("chisq x=0", cx_chisq_upper(0.0, 3.0) == 1.0);
	check_true("chisq x<0", cx_chisq_upper(-1.0, 3.0) == 1.0);
	check_true("chisq df=0", isnan(cx_chisq_upper(1.0, 0.0)));
	check_true("chisq x=NaN", isnan(cx_chisq_upper(NAN, 1.0)));
	check_true("chisq huge x", cx_chisq_upper(1e6, 5.0) == 0.0);
	check_true("chisq inf x", cx_chisq_upper(INFINITY, 5.0) == 0.0);
	/* Q(a, x) in [0, 1] over a grid, and monotone in x */
	{
		int			ok = 1;
		double		a;

		for (a = 0.5; a < 600; a *= 1.7)
		{
			double		prev = 1.0;
			double		x;

			for (x = 0.0; x < 3000; x = x * 1.3 + 0.01)
			{
				double		q = cx_gamma_q(a, x);

				if (!(q >= 0.0 && q <= 1.0 && q <= prev * (1 + 1e-12)))
					ok = 0;
				prev = q;
			}
		}
		check_true("gamma_q in [0,1], monotone", ok);
	}
}

/* ---- hand-worked ---- */

/*
 * Case "ties": durations 0,1,1,2,2,3,4,4,5, events at 0,1,2,4,4 (9
 * customers).  n = 9, 8, 6, 4, 3, 1 at t = 0..5; S(0) = 8/9, S(1) = 8/9 *
 * 7/8 = 7/9, S(2) = 7/9 * 5/6 = 35/54, S(3) = 35/54, S(4) = 35/54 * 1/3 =
 * 35/162, S(5) = 35/162.  Greenwood sum at 4: 1/72 + 1/56 + 1/30 + 2/3.
 * Restricted mean to 4: 1*0 + 8/9 + 7/9 + 35/54*2 = 80/27 (R: 2.9629630).
 * Median: S(2) = 35/54 > 1/2, S(4) < 1/2: 4.  Quantile 0.25: first t
 * with S <= 0.75: 1 - 7/9 = 0.222 < .25 so t = 2 (F(2) = 19/54 > .25).
 */
static void
test_hand_ties(void)
{
	const SvCase *cs = &sv_cases[0];
	CxSurvRow row;
	double		se;
	double		v = 1.0 / 72 + 1.0 / 56 + 1.0 / 30 + 2.0 / 3;
	int64_t		n;
	int64_t		ev;

	check_true("hand ties name", strcmp(cs->name, "ties") == 0);
	cx_surv_at(cs->pts, cs->m, 4.0, &row);
	check_rel("hand ties S(4)", row.surv, 35.0 / 162, 1e-15, NULL);
	check_rel("hand ties log_se(4)", row.log_se, sqrt(v), 1e-15, NULL);
	check_i64("hand ties at_risk(4)", row.at_risk, 3);
	check_i64("hand ties events(4)", row.events, 2);
	check_i64("hand ties censored(4)", row.censored, 0);
	cx_surv_at(cs->pts, cs->m, 3.5, &row);
	check_rel("hand ties S(3.5)", row.surv, 35.0 / 54, 1e-15, NULL);
	check_i64("hand ties at_risk(3.5)", row.at_risk, 3);
	check_i64("hand ties events(3.5)", row.events, 0);
	cx_surv_at(cs->pts, cs->m, -1.0, &row);
	check_rel("hand ties S(-1)", row.surv, 1.0, 0.0, NULL);
	check_i64("hand ties at_risk(-1)", row.at_risk, 9);
	cx_surv_at(cs->pts, cs->m, 99.0, &row);
	check_i64("hand ties at_risk(99)", row.at_risk, 0);
	check_rel("hand ties S(99)", row.surv, 35.0 / 162, 1e-15, NULL);
	cx_surv_at(cs->pts, cs->m, NAN, &row);
	check_true("hand ties S(NaN)", isnan(row.surv));
	check_rel("hand ties rmean(4)", cx_surv_rmean(cs->pts, cs->m, 4.0, &se),
			  80.0 / 27, 1e-15, NULL);
	check_rel("hand ties median",
			  cx_surv_quantile(cs->pts, cs->m, 0.5, CX_SURV_RULE_QUANTILE, 0.95, CX_SURV_CI_LOGLOG, NULL, NULL),
			  4.0, 0.0, NULL);
	check_rel("hand ties q25",
			  cx_surv_quantile(cs->pts, cs->m, 0.25, CX_SURV_RULE_QUANTILE, 0.95, CX_SURV_CI_LOGLOG, NULL, NULL),
			  2.0, 0.0, NULL);
	check_true("hand ties validate", cx_surv_validate(cs->pts, cs->m, &n, &ev) == CX_SURV_OK);
	check_i64("hand ties customers", n, 9);
	check_i64("hand ties events", ev, 5);
}

/*
 * Horizons below the first duration (R refuses them): S = 1 there, so the
 * restricted mean is the horizon and its SE 0.  Case "censored_first":
 * first duration 1.  Horizon 0 gives 0.  Negative or NaN: NaN.
 * Case "half_flat" (4 customers: 2 events at 1, 1 censored at 3, 1 event at
 * 5): S = 1/2 on [1, 5), 0 from 5; rmean(6) = 1 + 4/2 = 3; at 1 h = 2/(4*2)
 * = 1/4, A = 2 (the area from 1 to 6); at 5 n = d: no term; SE = sqrt(4/4)
 * = 1.  Median: S = 1/2 exactly from 1 to 5: (1 + 5)/2 = 3.
 */
static void
test_hand_rmean_median(void)
{
	const SvCase *cf = &sv_cases[2];
	const SvCase *hf = &sv_cases[8];
	double		se;

	check_true("hand names", strcmp(cf->name, "censored_first") == 0 &&
			   strcmp(hf->name, "half_flat") == 0);
	check_rel("rmean below first", cx_surv_rmean(cf->pts, cf->m, 0.75, &se),
			  0.75, 0.0, NULL);
	check_rel("rmean below first se", se, 0.0, 0.0, NULL);
	check_rel("rmean 0", cx_surv_rmean(cf->pts, cf->m, 0.0, &se), 0.0, 0.0, NULL);
	check_true("rmean negative", isnan(cx_surv_rmean(cf->pts, cf->m, -1.0, &se)) &&
			   isnan(se));
	check_true("rmean NaN", isnan(cx_surv_rmean(cf->pts, cf->m, NAN, NULL)));
	check_rel("rmean empty", cx_surv_rmean(NULL, 0, 5.0, &se), 5.0, 0.0, NULL);
	check_rel("hand half_flat rmean(6)", cx_surv_rmean(hf->pts, hf->m, 6.0, &se),
			  3.0, 1e-15, NULL);
	check_rel("hand half_flat rmean se", se, 1.0, 1e-15, NULL);
	check_rel("hand half_flat median",
			  cx_surv_quantile(hf->pts, hf->m, 0.5, CX_SURV_RULE_PRINT, 0.95, CX_SURV_CI_LOG, NULL, NULL),
			  3.0, 0.0, NULL);
	/* half_to_end: 2 of 4 leave at 1, 2 censored at 4: S = 1/2 from 1 to the
	 * end; quantile.survfit: (1 + 4) / 2; print.survfit: 1 */
	{
		const SvCase *he = &sv_cases[9];

		check_true("hand name half_to_end", strcmp(he->name, "half_to_end") == 0);
		check_rel("hand half_to_end quantile rule",
				  cx_surv_quantile(he->pts, he->m, 0.5, CX_SURV_RULE_QUANTILE, 0.95,
								   CX_SURV_CI_LOG, NULL, NULL), 2.5, 0.0, NULL);
		check_rel("hand half_to_end print rule",
				  cx_surv_quantile(he->pts, he->m, 0.5, CX_SURV_RULE_PRINT, 0.95,
								   CX_SURV_CI_LOG, NULL, NULL), 1.0, 0.0, NULL);
	}
	check_true("quantile bad rule",
			   isnan(cx_surv_quantile(hf->pts, hf->m, 0.5, (CxSurvQuantileRule) 7, 0.95,
									  CX_SURV_CI_LOG, NULL, NULL)));
	check_true("quantile p out of range",
			   isnan(cx_surv_quantile(hf->pts, hf->m, 1.5, CX_SURV_RULE_QUANTILE, 0.95, CX_SURV_CI_LOG,
									  NULL, NULL)));
	check_true("quantile empty",
			   isnan(cx_surv_quantile(NULL, 0, 0.5, CX_SURV_RULE_PRINT, 0.95, CX_SURV_CI_LOG, NULL, NULL)));
}

/* Interval arguments: confidence out of (0, 1), names. */
static void
test_ci_args(void)
{
	double		lo;
	double		hi;
	CxSurvCiType t;

	check_true("ci conf 1", cx_surv_ci(0.5, 0.1, 1.0, CX_SURV_CI_LOG, &lo, &hi) ==
			   CX_SURV_CI_UNDEFINED && isnan(lo) && isnan(hi));
	check_true("ci conf 0", cx_surv_ci(0.5, 0.1, 0.0, CX_SURV_CI_LOG, &lo, &hi) ==
			   CX_SURV_CI_UNDEFINED);
	check_true("ci conf NaN", cx_surv_ci(0.5, 0.1, NAN, CX_SURV_CI_LOG, &lo, &hi) ==
			   CX_SURV_CI_UNDEFINED);
	check_true("ci S=0", cx_surv_ci(0.0, INFINITY, 0.95, CX_SURV_CI_PLAIN, &lo, &hi) ==
			   CX_SURV_CI_UNDEFINED);
	check_true("ci S=1", cx_surv_ci(1.0, 0.0, 0.95, CX_SURV_CI_LOGLOG, &lo, &hi) ==
			   CX_SURV_CI_AT_ONE && lo == 1.0 && hi == 1.0);
	/* z = 0 (a confidence below 2^-53): [S, S], as R's survfit gives */
	for (t = CX_SURV_CI_LOGLOG; t <= CX_SURV_CI_PLAIN; t++)
		check_true("ci_z z=0", cx_surv_ci_z(0.5, 0.1, 0.0, t, &lo, &hi) ==
				   CX_SURV_CI_DEFINED && lo == 0.5 && hi == 0.5);
	check_true("ci conf 1e-17", cx_surv_ci(0.5, 0.1, 1e-17, CX_SURV_CI_LOGLOG, &lo, &hi) ==
			   CX_SURV_CI_DEFINED && lo == 0.5 && hi == 0.5);
	check_true("ci_z z<0", cx_surv_ci_z(0.5, 0.1, -1.0, CX_SURV_CI_LOG, &lo, &hi) ==
			   CX_SURV_CI_UNDEFINED);
	{
		double		lo2;
		double		hi2;

		check_true("ci_z = ci", cx_surv_ci_z(0.3, 0.2, 1.959963984540054,
											 CX_SURV_CI_LOGLOG, &lo, &hi) ==
				   CX_SURV_CI_DEFINED &&
				   cx_surv_ci(0.3, 0.2, 0.95, CX_SURV_CI_LOGLOG, &lo2, &hi2) ==
				   CX_SURV_CI_DEFINED &&
				   fabs(lo - lo2) <= 1e-15 && fabs(hi - hi2) <= 1e-15);
	}
	check_true("parse log-log", cx_surv_ci_type_parse("log-log", &t) && t == CX_SURV_CI_LOGLOG);
	check_true("parse log", cx_surv_ci_type_parse("log", &t) && t == CX_SURV_CI_LOG);
	check_true("parse plain", cx_surv_ci_type_parse("plain", &t) && t == CX_SURV_CI_PLAIN);
	check_true("parse bad", !cx_surv_ci_type_parse("loglog", &t) &&
			   !cx_surv_ci_type_parse("", &t));
	check_true("std_error S=0", isnan(cx_surv_std_error(0.0, INFINITY)));
	check_true("std_error S=1", cx_surv_std_error(1.0, 0.0) == 0.0);
}

/* ---- merging, adding, validation ---- */

/* Deterministic generator (splitmix64). */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t
rng(void)
{
	uint64_t	z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
same_points(const CxSurvPoint *a, size_t na, const CxSurvPoint *b, size_t nb)
{
	size_t		i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (a[i].t != b[i].t || a[i].events != b[i].events ||
			a[i].censored != b[i].censored)
			return 0;
	return 1;
}

/*
 * Every small case split at random into three summaries (customer by
 * customer, through cx_surv_add); merging them back in any order gives the
 * original exactly, and so do the log-rank and survival values.  Removing
 * every customer again gives the empty summary.
 */
static void
test_merge_add(void)
{
	int			ci;
	char		buf[160];

	for (ci = 0; ci < NELEM(sv_cases); ci++)
	{
		const SvCase *cs = &sv_cases[ci];
		size_t		cap = cs->m;
		CxSurvPoint *part[3];
		size_t		np[3] = {0, 0, 0};
		int64_t		tot[3] = {0, 0, 0};
		CxSurvPoint *ab = malloc(sizeof(CxSurvPoint) * (2 * cap + 1));
		CxSurvPoint *abc = malloc(sizeof(CxSurvPoint) * (3 * cap + 1));
		size_t		nab;
		size_t		nabc;
		size_t		i;
		int			s;
		int			ok = 1;
		int64_t		total = 0;

		for (i = 0; i < cs->m; i++)
			total += cs->pts[i].events + cs->pts[i].censored;
		if (total > 100000)
		{
			free(ab);
			free(abc);
			continue;			/* big_counts: merged below in bulk */
		}
		for (s = 0; s < 3; s++)
			part[s] = malloc(sizeof(CxSurvPoint) * (cap + 1));
		for (i = 0; i < cs->m; i++)
		{
			int64_t		k;

			for (k = 0; k < cs->pts[i].events + cs->pts[i].censored; k++)
			{
				int			which = (int) (rng() % 3);
				int			is_event = k < cs->pts[i].events;

				if (cx_surv_add(part[which], &np[which], cap, &tot[which],
								cs->pts[i].t, is_event, !is_event) != CX_SURV_OK)
					ok = 0;
			}
		}
		snprintf(buf, sizeof(buf), "%s split by add", cs->name);
		check_true(buf, ok);
		check_true(buf, cx_surv_merge(part[2], np[2], part[0], np[0], ab, 2 * cap + 1,
									  &nab) == CX_SURV_OK);
		check_true(buf, cx_surv_merge(ab, nab, part[1], np[1], abc, 3 * cap + 1,
									  &nabc) == CX_SURV_OK);
		snprintf(buf, sizeof(buf), "%s merge of split = whole", cs->name);
		check_true(buf, same_points(abc, nabc, cs->pts, cs->m));
		check_true(buf, cx_surv_validate(abc, nabc, NULL, NULL) == CX_SURV_OK);
		/* window inverse: remove part 1's customers from the whole */
		{
			CxSurvPoint *w = malloc(sizeof(CxSurvPoint) * (cap + 1));
			size_t		nw = cs->m;
			int64_t		tw = total;
			int			ok2 = 1;

			memcpy(w, cs->pts, sizeof(CxSurvPoint) * cs->m);
			for (i = 0; i < np[1]; i++)
				if (cx_surv_remove(w, &nw, &tw, part[1][i].t, part[1][i].events,
								   part[1][i].censored) != CX_SURV_OK)
					ok2 = 0;
			check_true(buf, ok2 && tw == total - tot[1]);
			/* what is left is the merge of parts 0 and 2 */
			check_true(buf, same_points(w, nw, ab, nab));
			for (i = 0; i < nab; i++)
				if (cx_surv_remove(w, &nw, &tw, ab[i].t, ab[i].events,
								   ab[i].censored) != CX_SURV_OK)
					ok2 = 0;
			snprintf(buf, sizeof(buf), "%s remove all = empty", cs->name);
			check_true(buf, ok2 && nw == 0 && tw == 0);
			free(w);
		}
		for (s = 0; s < 3; s++)
			free(part[s]);
		free(ab);
		free(abc);
	}

	/* merge with empty; capacity; overflow of counts */
	{
		const SvCase *cs = &sv_cases[0];
		CxSurvPoint out[32];
		size_t		n;
		CxSurvPoint big1[1] = {{3, CX_SURV_MAX_COUNT / 2, 0}};
		CxSurvPoint big2[1] = {{3, CX_SURV_MAX_COUNT / 2, 1}};
		CxSurvPoint big3[1] = {{4, CX_SURV_MAX_COUNT / 2, 1}};
		CxSurvPoint max1[1] = {{0, CX_SURV_MAX_COUNT, 0}};
		int64_t		total;
		CxSurvPoint pts[4];
		size_t		m = 0;

		check_true("merge empty", cx_surv_merge(cs->pts, cs->m, NULL, 0, out, 32, &n) ==
				   CX_SURV_OK && same_points(out, n, cs->pts, cs->m));
		check_true("merge empty 2", cx_surv_merge(NULL, 0, cs->pts, cs->m, out, 32, &n) ==
				   CX_SURV_OK && same_points(out, n, cs->pts, cs->m));
		check_true("merge both empty", cx_surv_merge(NULL, 0, NULL, 0, out, 32, &n) ==
				   CX_SURV_OK && n == 0);
		check_true("merge cap", cx_surv_merge(cs->pts, cs->m, NULL, 0, out, 2, &n) ==
				   CX_SURV_ERR_TOO_MANY);
		check_true("merge overflow same t",
				   cx_surv_merge(big1, 1, big2, 1, out, 32, &n) == CX_SURV_ERR_OVERFLOW);
		check_true("merge overflow total",
				   cx_surv_merge(big1, 1, big3, 1, out, 32, &n) == CX_SURV_ERR_OVERFLOW);
		check_true("merge exactly max",
				   cx_surv_merge(big1, 1, big1, 1, out, 32, &n) == CX_SURV_OK &&
				   n == 1 && out[0].events == CX_SURV_MAX_COUNT);
		check_true("validate max", cx_surv_validate(max1, 1, &total, NULL) == CX_SURV_OK &&
				   total == CX_SURV_MAX_COUNT);
		total = 0;
		check_true("add", cx_surv_add(pts, &m, 4, &total, 5, 1, 0) == CX_SURV_OK);
		check_true("add before", cx_surv_add(pts, &m, 4, &total, 2, 0, 1) == CX_SURV_OK);
		check_true("add same", cx_surv_add(pts, &m, 4, &total, 5, 0, 3) == CX_SURV_OK);
		check_true("add result", m == 2 && pts[0].t == 2 && pts[1].t == 5 &&
				   pts[1].events == 1 && pts[1].censored == 3 && total == 5);
		check_true("add negative t", cx_surv_add(pts, &m, 4, &total, -1, 1, 0) ==
				   CX_SURV_ERR_DURATION);
		check_true("add huge t", cx_surv_add(pts, &m, 4, &total, CX_SURV_MAX_DURATION + 1,
											 1, 0) == CX_SURV_ERR_DURATION);
		check_true("add nothing", cx_surv_add(pts, &m, 4, &total, 1, 0, 0) ==
				   CX_SURV_ERR_COUNT);
		check_true("add negative", cx_surv_add(pts, &m, 4, &total, 1, -1, 2) ==
				   CX_SURV_ERR_COUNT);
		check_true("add overflow", cx_surv_add(pts, &m, 4, &total, 1, CX_SURV_MAX_COUNT,
											   0) == CX_SURV_ERR_OVERFLOW);
		check_true("add third", cx_surv_add(pts, &m, 3, &total, 7, 1, 0) == CX_SURV_OK);
		check_true("add cap", cx_surv_add(pts, &m, 3, &total, 9, 1, 0) ==
				   CX_SURV_ERR_TOO_MANY && m == 3);
		check_true("remove too many", cx_surv_remove(pts, &m, &total, 5, 2, 0) ==
				   CX_SURV_ERR_COUNT);
		check_true("remove absent", cx_surv_remove(pts, &m, &total, 6, 1, 0) ==
				   CX_SURV_ERR_COUNT);
	}

	/* validation */
	{
		CxSurvPoint bad[3];

		bad[0] = (CxSurvPoint) {1, 1, 0};
		bad[1] = (CxSurvPoint) {1, 0, 1};
		check_true("validate duplicate t", cx_surv_validate(bad, 2, NULL, NULL) ==
				   CX_SURV_ERR_UNSORTED);
		bad[1] = (CxSurvPoint) {0, 0, 1};
		check_true("validate decreasing", cx_surv_validate(bad, 2, NULL, NULL) ==
				   CX_SURV_ERR_UNSORTED);
		bad[1] = (CxSurvPoint) {2, 0, 0};
		check_true("validate empty point", cx_surv_validate(bad, 2, NULL, NULL) ==
				   CX_SURV_ERR_COUNT);
		bad[1] = (CxSurvPoint) {2, -1, 3};
		check_true("validate negative", cx_surv_validate(bad, 2, NULL, NULL) ==
				   CX_SURV_ERR_COUNT);
		bad[1] = (CxSurvPoint) {-2, 1, 0};
		check_true("validate negative t", cx_surv_validate(&bad[1], 1, NULL, NULL) ==
				   CX_SURV_ERR_DURATION);
		bad[1] = (CxSurvPoint) {2, CX_SURV_MAX_COUNT, 0};
		check_true("validate total", cx_surv_validate(bad, 2, NULL, NULL) ==
				   CX_SURV_ERR_OVERFLOW);
		bad[1] = (CxSurvPoint) {2, CX_SURV_MAX_COUNT, 1};
		check_true("validate count", cx_surv_validate(&bad[1], 1, NULL, NULL) ==
				   CX_SURV_ERR_OVERFLOW);
		bad[1] = (CxSurvPoint) {2, INT64_MAX, 0};
		check_true("validate int64 max", cx_surv_validate(&bad[1], 1, NULL, NULL) ==
				   CX_SURV_ERR_COUNT);
		check_true("validate too many", cx_surv_validate(bad, CX_SURV_MAX_POINTS + 1,
														 NULL, NULL) == CX_SURV_ERR_TOO_MANY);
		check_true("status text", strcmp(cx_surv_status_text(CX_SURV_ERR_FORMAT),
										 "malformed encoding") == 0);
	}
}

/*
 * Dense working form: every case spread over slots (through
 * cx_surv_add_to_dense, twice, so counts double) and back gives the case
 * with doubled counts, which is also the merge of the case with itself.
 */
static void
test_dense(void)
{
	int			ci;
	char		buf[160];

	for (ci = 0; ci < NELEM(sv_cases); ci++)
	{
		const SvCase *cs = &sv_cases[ci];
		size_t		span = (size_t) cs->pts[cs->m - 1].t + 1;
		CxSurvDenseSlot *slots = calloc(span, sizeof(CxSurvDenseSlot));
		CxSurvPoint *back = malloc(sizeof(CxSurvPoint) * cs->m);
		CxSurvPoint *twice = malloc(sizeof(CxSurvPoint) * 2 * cs->m);
		size_t		nb;
		size_t		nt;
		int64_t		total = 0;
		int64_t		whole;

		snprintf(buf, sizeof(buf), "%s dense round trip", cs->name);
		check_true(buf, cx_surv_add_to_dense(slots, span, &total, cs->pts, cs->m) ==
				   CX_SURV_OK);
		check_true(buf, cx_surv_add_to_dense(slots, span, &total, cs->pts, cs->m) ==
				   CX_SURV_OK);
		check_true(buf, cx_surv_from_dense(slots, span, back, cs->m, &nb) == CX_SURV_OK);
		check_true(buf, cx_surv_merge(cs->pts, cs->m, cs->pts, cs->m, twice, 2 * cs->m,
									  &nt) == CX_SURV_OK);
		check_true(buf, same_points(back, nb, twice, nt));
		check_true(buf, cx_surv_validate(cs->pts, cs->m, &whole, NULL) == CX_SURV_OK &&
				   total == 2 * whole);
		check_true(buf, cx_surv_add_to_dense(slots, span - 1, &total, cs->pts, cs->m) ==
				   CX_SURV_ERR_DURATION);
		free(slots);
		free(back);
		free(twice);
	}
	{
		CxSurvDenseSlot s[3] = {{0, 0}, {CX_SURV_MAX_COUNT, 0}, {0, 1}};
		CxSurvDenseSlot neg[2] = {{1, 0}, {-1, 2}};
		CxSurvPoint out[3];
		CxSurvPoint one[1] = {{0, 1, 0}};
		size_t		m;
		int64_t		total = CX_SURV_MAX_COUNT;

		check_true("dense total overflow", cx_surv_from_dense(s, 3, out, 3, &m) ==
				   CX_SURV_ERR_OVERFLOW);
		check_true("dense negative", cx_surv_from_dense(neg, 2, out, 3, &m) ==
				   CX_SURV_ERR_COUNT);
		check_true("dense cap", cx_surv_from_dense(s, 2, out, 0, &m) ==
				   CX_SURV_ERR_TOO_MANY);
		check_true("dense empty", cx_surv_from_dense(s, 1, out, 0, &m) == CX_SURV_OK &&
				   m == 0);
		check_true("dense span", cx_surv_from_dense(s, CX_SURV_MAX_DENSE_SPAN + 1, out, 3,
													&m) == CX_SURV_ERR_DURATION);
		check_true("add_to_dense overflow", cx_surv_add_to_dense(s, 3, &total, one, 1) ==
				   CX_SURV_ERR_OVERFLOW);
	}
}

/* ---- domain edges ---- */

/*
 * Counts up to 2^62: probabilities stay in [0, 1], intervals ordered, the
 * restricted mean in [0, horizon], p-values in [0, 1].  S = 1 - 2^-62
 * rounds to 1 in a double: the interval then degenerates to [1, 1].
 */
static void
test_extremes(void)
{
	CxSurvPoint a[3] = {{0, CX_SURV_MAX_COUNT - 1, 1}};
	CxSurvPoint b[3] = {{0, 1, 0}, {5, 0, CX_SURV_MAX_COUNT - 1}};
	CxSurvPoint c[3] = {{0, 1, 0}, {1, (INT64_C(1) << 61), 0},
	{2, 3, (INT64_C(1) << 61) - 5}};
	const CxSurvPoint *all[3] = {a, b, c};
	size_t		sizes[3] = {1, 2, 3};
	int			i;
	int			k;
	int			ok = 1;

	for (i = 0; i < 3; i++)
	{
		CxSurvIter it;
		CxSurvRow row;
		double		se;
		double		mean;

		check_true("extreme valid", cx_surv_validate(all[i], sizes[i], NULL, NULL) ==
				   CX_SURV_OK);
		cx_surv_iter_init(&it, all[i], sizes[i]);
		while (cx_surv_iter_next(&it, &row))
		{
			if (!(row.surv >= 0.0 && row.surv <= 1.0))
				ok = 0;
			for (k = 0; k < 3; k++)
			{
				double		lo;
				double		hi;
				CxSurvCiStatus st = cx_surv_ci(row.surv, row.log_se, 0.95,
											   (CxSurvCiType) k, &lo, &hi);

				if (st != CX_SURV_CI_UNDEFINED &&
					!(0.0 <= lo && lo <= row.surv && row.surv <= hi && hi <= 1.0))
					ok = 0;
			}
		}
		mean = cx_surv_rmean(all[i], sizes[i], 10.0, &se);
		if (!(mean >= 0.0 && mean <= 10.0 && se >= 0.0 && isfinite(se)))
			ok = 0;
		for (k = 0; k < 3; k++)
		{
			double		lo;
			double		hi;
			double		q = cx_surv_quantile(all[i], sizes[i], 0.5,
											 (CxSurvQuantileRule) (k % 2), 0.99,
											 (CxSurvCiType) k, &lo, &hi);

			if (!isnan(q) && !(q >= 0.0 && q <= 5.0))
				ok = 0;
			if (!isnan(lo) && !isnan(q) && lo > q)
				ok = 0;
			if (!isnan(hi) && !isnan(q) && hi < q)
				ok = 0;
		}
	}
	check_true("extremes in domain", ok);
	{
		void	   *work = malloc(cx_surv_logrank_work_size(3));
		CxSurvLogrank r;
		double		p = cx_surv_logrank(all, sizes, 3, work, NULL, NULL, &r);
		double		p2 = cx_surv_logrank2(b, 2, c, 3, &r);

		check_true("extreme logrank p in [0,1]", p >= 0.0 && p <= 1.0);
		check_true("extreme logrank2 p in [0,1]", p2 >= 0.0 && p2 <= 1.0);
		check_true("logrank k=1", isnan(cx_surv_logrank(all, sizes, 1, work, NULL, NULL, &r)));
		free(work);
	}
	/* a group with no events at all vs itself: no expected events, NaN */
	{
		CxSurvPoint cens[1] = {{3, 0, 10}};
		CxSurvLogrank r;

		check_true("logrank no events", isnan(cx_surv_logrank2(cens, 1, cens, 1, &r)) &&
				   r.df == -1);
	}
	/* everyone has an event at the same time in both groups: V = 0 */
	{
		CxSurvPoint x[1] = {{3, 4, 0}};
		CxSurvPoint y[1] = {{3, 2, 0}};
		CxSurvLogrank r;

		check_true("logrank singular", isnan(cx_surv_logrank2(x, 1, y, 1, &r)));
	}
}

/* ---- encoding ---- */

/* Encodes, checks size and a round trip; returns the byte length. */
static size_t
roundtrip(const char *name, const CxSurvPoint *pts, size_t m, CxSurvUnitKind kind,
		  int64_t amount, uint8_t *buf, size_t cap)
{
	size_t		len = cx_surv_encode(pts, m, kind, amount, NULL, 0);
	size_t		len2 = cx_surv_encode(pts, m, kind, amount, buf, cap);
	CxSurvHeader hdr;
	CxSurvPoint *back = malloc(sizeof(CxSurvPoint) * (m + 1));
	char		what[160];

	snprintf(what, sizeof(what), "%s encode", name);
	check_true(what, len > 0 && len == len2 && len <= cx_surv_encoded_bound(m));
	snprintf(what, sizeof(what), "%s decode", name);
	check_true(what, cx_surv_decode(buf, len, &hdr, back, m) == CX_SURV_OK &&
			   hdr.m == m && hdr.unit_kind == kind && hdr.unit_amount == amount &&
			   same_points(back, hdr.m, pts, m));
	free(back);
	return len;
}

/* Whether decoding these bytes fails (and never writes past cap). */
static int
decode_fails(const uint8_t *buf, size_t len)
{
	CxSurvHeader hdr;
	CxSurvPoint pts[8];

	return cx_surv_decode(buf, len, &hdr, pts, 8) != CX_SURV_OK;
}

static void
test_encoding(void)
{
	static uint8_t buf[1 << 22];
	int			ci;
	size_t		len;

	for (ci = 0; ci < NELEM(sv_cases); ci++)
		roundtrip(sv_cases[ci].name, sv_cases[ci].pts, sv_cases[ci].m,
				  (CxSurvUnitKind) (1 + ci % 3), 1 + ci * 1000, buf, sizeof(buf));
	len = roundtrip("empty", NULL, 0, CX_SURV_UNIT_DAYS, 1, buf, sizeof(buf));
	check_true("empty is 5 bytes", len == 5);

	/*
	 * Size: a 3-year daily curve (1096 durations) of about 7 million
	 * customers, 6500 a day, events and censorings each below 2^14: 2
	 * bytes per count, 1 per gap, 5 per point.
	 */
	{
		static CxSurvPoint day[1096];
		int			i;
		int64_t		customers = 0;

		for (i = 0; i < 1096; i++)
		{
			day[i].t = i;
			day[i].events = 2000 + (int64_t) (rng() % 4000);
			day[i].censored = 500 + (int64_t) (rng() % 4000);
			customers += day[i].events + day[i].censored;
		}
		len = roundtrip("3-year daily", day, 1096, CX_SURV_UNIT_DAYS, 1, buf, sizeof(buf));
		printf("3-year daily curve (1096 durations, %" PRId64 " customers): %zu bytes\n",
			   customers, len);
		check_true("3-year daily curve under 6 kB", len <= 3 + 1 + 2 + 1096 * 5);
		/* gaps beyond one byte, counts near 2^62, a maximal duration */
		day[0].t = 0;
		day[1].t = 200;
		day[2].t = CX_SURV_MAX_DURATION;
		day[0].events = CX_SURV_MAX_COUNT - 3;
		day[0].censored = 1;
		day[1].events = 0;
		day[1].censored = 1;
		day[2].events = 1;
		day[2].censored = 0;
		roundtrip("extremes", day, 3, CX_SURV_UNIT_MICROSECONDS, CX_SURV_MAX_UNIT_AMOUNT,
				  buf, sizeof(buf));
	}

	/* invalid inputs to the encoder */
	{
		CxSurvPoint bad[2] = {{2, 1, 0}, {1, 1, 0}};

		check_true("encode unsorted", cx_surv_encode(bad, 2, CX_SURV_UNIT_DAYS, 1, buf,
													 sizeof(buf)) == 0);
		check_true("encode unit kind", cx_surv_encode(bad, 1, (CxSurvUnitKind) 4, 1, buf,
													  sizeof(buf)) == 0);
		check_true("encode unit amount", cx_surv_encode(bad, 1, CX_SURV_UNIT_DAYS, 0, buf,
														sizeof(buf)) == 0);
		check_true("encode small cap", cx_surv_encode(bad, 1, CX_SURV_UNIT_DAYS, 1, buf,
													  5) == 0);
	}

	/* malformed bytes, by hand: {ver, flags, kind, amount, m, points...} */
	{
		/* valid: days x1, 2 points: t=3 (d=1,c=2), t=5 (d=0,c=1) */
		const uint8_t ok[] = {1, 0, 2, 1, 2, 3, 1, 2, 1, 0, 1};
		uint8_t		b[64];
		size_t		i;

		check_true("hand valid", !decode_fails(ok, sizeof(ok)));
		for (i = 0; i < sizeof(ok); i++)
			check_true("every truncation fails", decode_fails(ok, i));
		memcpy(b, ok, sizeof(ok));
		b[sizeof(ok)] = 0;
		check_true("trailing byte", decode_fails(b, sizeof(ok) + 1));
		memcpy(b, ok, sizeof(ok));
		b[0] = 2;
		check_true("version 2", decode_fails(b, sizeof(ok)));
		b[0] = 0;
		check_true("version 0", decode_fails(b, sizeof(ok)));
		memcpy(b, ok, sizeof(ok));
		b[1] = 1;
		check_true("flags", decode_fails(b, sizeof(ok)));
		memcpy(b, ok, sizeof(ok));
		b[2] = 0;
		check_true("unit kind 0", decode_fails(b, sizeof(ok)));
		b[2] = 4;
		check_true("unit kind 4", decode_fails(b, sizeof(ok)));
		memcpy(b, ok, sizeof(ok));
		b[3] = 0;
		check_true("unit amount 0", decode_fails(b, sizeof(ok)));
		memcpy(b, ok, sizeof(ok));
		b[4] = 3;
		check_true("m larger than the data", decode_fails(b, sizeof(ok)));
		b[4] = 1;
		check_true("m smaller than the data", decode_fails(b, sizeof(ok)));
		memcpy(b, ok, sizeof(ok));
		b[9] = 0;
		b[10] = 0;
		check_true("empty point", decode_fails(b, sizeof(ok)));
		/* overlong varint: t = 3 written as 0x83 0x00 */
		{
			const uint8_t ol[] = {1, 0, 2, 1, 1, 0x83, 0x00, 1, 0};
			const uint8_t ol2[] = {1, 0, 2, 0x81, 0x00, 1, 3, 1, 0};
			const uint8_t good[] = {1, 0, 2, 1, 1, 3, 1, 0};

			check_true("overlong t", decode_fails(ol, sizeof(ol)));
			check_true("overlong unit", decode_fails(ol2, sizeof(ol2)));
			check_true("short form ok", !decode_fails(good, sizeof(good)));
		}
		/* m = 100001 (0xA1 0x8D 0x06), with enough bytes */
		{
			static uint8_t many[8 + 3 * 100001];

			memset(many, 0, sizeof(many));
			many[0] = 1;
			many[2] = 2;
			many[3] = 1;
			many[4] = 0xA1;
			many[5] = 0x8D;
			many[6] = 0x06;
			check_true("m > MAX_POINTS", decode_fails(many, sizeof(many)));
		}
		/* t beyond the maximum: gap 2^31 = 0x80 0x80 0x80 0x80 0x08 */
		{
			const uint8_t big[] = {1, 0, 2, 1, 1, 0x80, 0x80, 0x80, 0x80, 0x08, 1, 0};
			const uint8_t big2[] = {1, 0, 2, 1, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 1, 0,
			0, 1, 0};
			const uint8_t maxt[] = {1, 0, 2, 1, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 1, 0};

			check_true("t > max", decode_fails(big, sizeof(big)));
			check_true("t > max after a point", decode_fails(big2, sizeof(big2)));
			check_true("t = max", !decode_fails(maxt, sizeof(maxt)));
		}
		/* counts: 2^62 ok, 2^62 + 1 not; two points summing above 2^62 */
		{
			uint8_t		cnt[32] = {1, 0, 2, 1, 1, 0};
			size_t		n = 6;
			CxSurvHeader hdr;
			CxSurvPoint p[2];
			uint8_t		over[40];
			size_t		k;

			/* 2^62: eight 0x80 then 0x40 */
			for (k = 0; k < 8; k++)
				cnt[n++] = 0x80;
			cnt[n++] = 0x40;
			cnt[n++] = 0;
			check_true("count 2^62", cx_surv_decode(cnt, n, &hdr, p, 2) == CX_SURV_OK &&
					   p[0].events == CX_SURV_MAX_COUNT);
			cnt[6] = 0x81;
			check_true("count 2^62+1", decode_fails(cnt, n));
			/* 10-byte varint */
			cnt[6] = 0x80;
			cnt[14] = 0xC0;
			cnt[15] = 0x00;
			check_true("10-byte varint", decode_fails(cnt, n));
			/* two points of 2^62 - 1 and 2 */
			memcpy(over, (const uint8_t[]) {1, 0, 2, 1, 2, 0}, 6);
			n = 6;
			for (k = 0; k < 8; k++)
				over[n++] = 0xFF;
			over[n++] = 0x3F;
			over[n++] = 0;
			over[n++] = 0;
			over[n++] = 2;
			over[n++] = 0;
			check_true("total > 2^62", decode_fails(over, n));
			over[n - 2] = 1;
			check_true("total = 2^62", !decode_fails(over, n));
		}
		check_true("NULL", decode_fails(NULL, 0));
		/* capacity below m */
		{
			CxSurvHeader hdr;
			CxSurvPoint p[1];

			check_true("cap < m", cx_surv_decode(ok, sizeof(ok), &hdr, p, 1) ==
					   CX_SURV_ERR_TOO_MANY);
		}
	}

	/*
	 * Random corruption of valid encodings: every result is either
	 * rejected or a valid summary whose re-encoding is the same bytes (so
	 * one value has one encoding).
	 */
	{
		int			iter;
		int			ok = 1;
		int			accepted = 0;
		static uint8_t enc[8192];
		static uint8_t re[8192];
		static CxSurvPoint pts[4096];

		for (iter = 0; iter < 20000; iter++)
		{
			const SvCase *cs = &sv_cases[iter % NELEM(sv_cases)];
			size_t		n;
			size_t		flips = 1 + rng() % 3;
			size_t		f;
			CxSurvHeader hdr;

			if (cs->m > 1000)
				continue;
			n = cx_surv_encode(cs->pts, cs->m, CX_SURV_UNIT_MONTHS, 1, enc, sizeof(enc));
			for (f = 0; f < flips; f++)
			{
				size_t		at = rng() % n;

				if (rng() % 4 == 0)
					enc[at] ^= (uint8_t) (1u << (rng() % 8));
				else
					enc[at] = (uint8_t) rng();
			}
			if (rng() % 8 == 0)
				n = rng() % (n + 1);
			if (cx_surv_decode(enc, n, &hdr, pts, 4096) == CX_SURV_OK)
			{
				size_t		n2 = cx_surv_encode(pts, hdr.m, hdr.unit_kind,
												hdr.unit_amount, re, sizeof(re));

				accepted++;
				if (n2 != n || memcmp(re, enc, n) != 0 ||
					cx_surv_validate(pts, hdr.m, NULL, NULL) != CX_SURV_OK)
					ok = 0;
			}
		}
		printf("corruption: %d of 20000 mutated encodings decoded (all canonical: %s)\n",
			   accepted, ok ? "yes" : "NO");
		check_true("corrupted encodings rejected or canonical", ok);
	}
}

int
main(void)
{
	test_pointwise();
	test_quantiles();
	test_rmean();
	test_logrank();
	test_chisq();
	test_hand_ties();
	test_hand_rmean_median();
	test_ci_args();
	test_merge_add();
	test_dense();
	test_extremes();
	test_encoding();

	printf("max relative error vs R: S/SE %.2e, intervals %.2e, quantiles %.2e, "
		   "rmean %.2e, log-rank %.2e, chisq %.2e\n",
		   max_rel_surv, max_rel_ci, max_rel_q, max_rel_rmean, max_rel_lr,
		   max_rel_chisq);
	printf("%d passed, %d failed\n", n_passed, n_failed);
	return n_failed == 0 ? 0 : 1;
}
