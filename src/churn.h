/*
 * churn.h
 *	  What the two churn files share (churn.c: the churn_summary type;
 *	  churn_series.c: the churn_series type and churn_periods()): the
 *	  single-period summary's layout, the count limits and the rates of a
 *	  period.  Internal to those two files.
 *
 * Definitions, for a period [lo, hi) and one row per customer (started_at,
 * ended_at; a NULL ended_at means still a customer):
 *	  customers at start S:	started_at < lo and (ended_at IS NULL or ended_at >= lo)
 *	  churned C:			in S and ended_at < hi
 *	  acquired N:			lo <= started_at < hi
 *	  acquired_ended NE:	in N and ended_at < hi
 *	  customers at end E:	started_at < hi and (ended_at IS NULL or ended_at >= hi)
 *							= S - C + N - NE
 *	  churn rate C/S, retention rate 1 - C/S, customer retention rate (E - N)/S.
 */
#ifndef CXKPI_CHURN_H
#define CXKPI_CHURN_H

#include "postgres.h"

#include "common/int.h"

#include "cxkpi.h"
#include "period.h"
#include "textparse.h"

/* format version of both churn_summary and churn_series */
#define CX_CHURN_VERSION	1

/* Every count, and every derived count, stays below 2^62: sums never overflow. */
#define CX_CHURN_MAX_COUNT	((int64) ((UINT64CONST(1) << 62) - 1))

typedef struct CxChurn
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* CX_CHURN_VERSION */
	uint8		kind;			/* CX_KIND_* */
	uint8		flags;			/* always zero */
	uint8		pad;			/* always zero */
	int64		lo;				/* period [lo, hi), microseconds */
	int64		hi;
	int64		at_start;		/* S */
	int64		churned;		/* C */
	int64		acquired;		/* N */
	int64		acquired_ended; /* NE */
} CxChurn;

#define CX_CHURN_SIZE		((Size) sizeof(CxChurn))

/* Raise 22003: a count would pass CX_CHURN_MAX_COUNT. */
cx_noreturn extern void cx_churn_count_overflow(void);

/* Add one to a count, within CX_CHURN_MAX_COUNT. */
static inline void
cx_churn_count_inc(int64 *c)
{
	if (unlikely(*c >= CX_CHURN_MAX_COUNT))
		cx_churn_count_overflow();
	(*c)++;
}

/* Add v >= 0 to a count, within CX_CHURN_MAX_COUNT. */
static inline void
cx_churn_count_add(int64 *dst, int64 v)
{
	int64		r;

	if (unlikely(pg_add_s64_overflow(*dst, v, &r) || r > CX_CHURN_MAX_COUNT))
		cx_churn_count_overflow();
	*dst = r;
}

/* A count in text: decimal digits, no sign, at most CX_CHURN_MAX_COUNT. */
static inline bool
cx_churn_parse_count(const char **p, int64 *v)
{
	return cx_scan_int64(p, 0, CX_CHURN_MAX_COUNT, v) == CX_SCAN_OK;
}

/* Expect a literal in text input; false (and *p unchanged) when absent. */
static inline bool
cx_churn_expect(const char **p, const char *lit)
{
	size_t		n = strlen(lit);

	if (strncmp(*p, lit, n) != 0)
		return false;
	*p += n;
	return true;
}

/* Raise 22004 for a NULL period (or series) argument. */
cx_noreturn extern void cx_churn_null_argument(const char *what);

/* A zeroed summary of a period, in memory context cxt. */
extern CxChurn *cx_churn_new_in(MemoryContext cxt, int kind, int64 lo, int64 hi);

/* E = S - C + N - NE */
static inline int64
cx_churn_at_end(const CxChurn *s)
{
	return s->at_start - s->churned + s->acquired - s->acquired_ended;
}

/*
 * The rates of a summary, computed in one place for the accessors, the
 * jsonb cast and churn_periods(); has is false (every rate NULL) when S = 0.
 */
typedef struct CxChurnRates
{
	bool		has;
	double		churn;			/* C / S */
	double		retention;		/* (S - C) / S */
	double		customer_retention; /* (E - N) / S */
	double		std_error;		/* sqrt(p (1 - p) / S) */
} CxChurnRates;

extern void cx_churn_rates(const CxChurn *s, CxChurnRates *r);

/* Wilson score interval of the churn rate; false when S = 0. */
extern bool cx_churn_wilson(const CxChurn *s, double confidence,
							double *lower, double *upper);

#endif							/* CXKPI_CHURN_H */
