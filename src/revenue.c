/*
 * revenue.c
 *	  Revenue retention: the revenue_summary type, revenue_agg(), rollup,
 *	  the operators and the GRR/NRR accessors.
 *
 * One input row is one account with its MRR at the period start and at its
 * end (NULL counts as 0).  Each row falls into exactly one class:
 *
 *	  start = 0, end = 0		  nothing (the row counts nowhere)
 *	  start = 0, end > 0		  new:		   new += end
 *	  start > 0, end > start	  expanded:	   expansion += end - start
 *	  start > 0, end = start	  unchanged
 *	  start > 0, 0 < end < start  contracted:  contraction += start - end
 *	  start > 0, end = 0		  churned:	   churned += start
 *
 * and every row with start > 0 adds start to the starting MRR.  Then
 *	  ending = start + new + expansion - contraction - churned
 *	  GRR = (start - contraction - churned) / start
 *	  NRR = (start + expansion - contraction - churned) / start
 *
 * Money is exact.  Every amount is an unsigned integer number of units of
 * 10^-scale held in 128 bits (at most 2^127 - 1 units, the range of a signed
 * int128), where scale, the number of decimal places, grows to the largest
 * any input needs (trailing zeros do not count: 100.5000 needs 1), at most
 * 20.  A summary of a larger scale absorbs an input of a smaller one by
 * multiplying the input by a power of ten, and the other way round: so sums,
 * merges and the moving-window inverse are exact integer arithmetic, and
 * any overflow is an error (22003), never a rounding.
 *
 * The 128-bit arithmetic (decimal128.c, unit-tested on its own) works on
 * two uint64 halves rather than the compiler's __int128: the halves sit in
 * the on-disk struct without any alignment requirement beyond 8 bytes, and
 * the same code runs on every platform PostgreSQL supports.
 *
 * Reading a numeric.  The aggregate reads the base-10000 digits of each
 * numeric straight from its varlena (decimal128.c's cx_numeric_decode):
 * sign, weight and digits in the format numeric.c stores on disk.  That is
 * part of PostgreSQL's on-disk compatibility (pg_upgrade copies data files
 * as they are, so every release reads it unchanged; the short header of
 * 9.1 and the NaN/Infinity header of 14 used bit patterns no earlier value
 * had), so it is as stable as any exported function, and
 * decoding it is exact and allocation-free: no numeric_out() text per row.
 * Values still compressed or out of line are detoasted first; packed
 * (1-byte header) values are read in place.  sql/revenue.sql checks the
 * decoding against numeric's own arithmetic on thousands of values.
 *
 * Scale and equality.  The scale stored in a summary is a representation
 * detail: during aggregation it only grows (so an in-place update never has
 * to divide), and 0.5 + 0.5 may be held as 10 units of 0.1.  Everything a
 * user can see -- text, binary, accessors, jsonb, "=" and the hash --
 * works on the canonical form, the smallest scale that represents all five
 * amounts exactly (1 unit of 1 in the example).  So summaries equal in
 * value are "=", print the same text, hash alike and have the same
 * accessor values, whatever scale they were built at.
 *
 * Memory: revenue_agg's transition state is a RevenueSummary allocated once
 * per group in the aggregate context and updated in place for every row
 * (like scale.c's summaries); outside aggregates every function returns a
 * fresh, canonical copy and never modifies its arguments.
 *
 * Text form (canonical):
 *	  v1;scale=S;accounts_at_start=A;new_accounts=N;expanded_accounts=X;
 *	  contracted_accounts=C;churned_accounts=L;starting=M;new=M;expansion=M;
 *	  contraction=M;churned=M
 * (one line) with every amount M written with exactly S decimal places.
 */
#include "postgres.h"

#include <ctype.h>
#include <math.h>

#include "common/hashfn.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "nodes/execnodes.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"

#include "cxkpi.h"
#include "textparse.h"

#define REV_FORMAT_VERSION	1
#define REV_MAX_SCALE		20

/* ----------------------------------------------------------------
 * Amounts: non-negative 128-bit integers (decimal128.h)
 *
 * An amount is a Cx128 within REV_MAX (2^127 - 1), the non-negative range
 * of a signed int128, where decimal128.h's unsigned and signed readings
 * agree; so the sum of two amounts never wraps, and the bound itself is
 * checked with u128_fits().  The names below are this file's words for
 * decimal128.h's functions.
 * ----------------------------------------------------------------
 */
#include "decimal128.h"

typedef Cx128 RevU128;

static const RevU128 u128_zero = {0, 0};
static const RevU128 REV_MAX = {UINT64CONST(0x7FFFFFFFFFFFFFFF), PG_UINT64_MAX};

#define u128_is_zero(a)				cx128_is_zero(a)
#define u128_fits(a)				(!cx_i128_is_negative(a))	/* a <= REV_MAX */
#define u128_cmp(a, b)				cx_u128_cmp((a), (b))
#define u128_from_u64(v)			cx_u128_from_u64(v)
#define u128_add(a, b)				cx_u128_add((a), (b))
#define u128_sub(a, b)				cx_u128_sub((a), (b))	/* for a >= b */
/* *r = a * m or a * 10^k for a within REV_MAX; false beyond REV_MAX */
#define u128_mul_u32(a, m, r)		cx_i128_mul_u32((a), (m), (r))
#define u128_mul_pow10(a, k, r)		cx_i128_mul_pow10((a), (k), (r))
#define u128_divmod_u32(a, d, q)	cx_u128_divmod_u32((a), (d), (q))

/*
 * A double within one unit in the last place of a (hi and lo round apart):
 * the conversion retention ratios have always used, kept so that they do
 * not change in the last bit.  cx_u128_to_double() rounds correctly.
 */
static inline double
u128_to_double(RevU128 a)
{
	return ldexp((double) a.hi, 64) + (double) a.lo;
}

/* Append a (any 128-bit value) as a decimal with scale decimal places. */
static void
append_u128(StringInfo buf, RevU128 a, int scale)
{
	char		text[CX_DEC128_TEXT_SIZE];

	appendBinaryStringInfo(buf, text, cx_u128_to_text(text, a, scale));
}

/* ----------------------------------------------------------------
 * The summary
 * ----------------------------------------------------------------
 */

#define REV_NAMOUNTS	5

/*
 * 128 bytes, no padding: every byte is defined (the reserved word is zero),
 * so canonical summaries can be compared with memcmp and hashed as bytes.
 */
typedef struct RevenueSummary
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* REV_FORMAT_VERSION */
	uint8		scale;			/* decimal places of the amounts, 0..20 */
	uint16		reserved;		/* always zero */
	int64		accounts_at_start;	/* start > 0 */
	int64		new_accounts;	/* start = 0, end > 0 */
	int64		expanded_accounts;	/* start > 0, end > start */
	int64		contracted_accounts;	/* start > 0, 0 < end < start */
	int64		churned_accounts;	/* start > 0, end = 0 */
	/* amounts, in units of 10^-scale */
	RevU128		amount[REV_NAMOUNTS];
} RevenueSummary;

/* indexes into amount[] */
#define REV_STARTING	0
#define REV_NEW			1
#define REV_EXPANSION	2
#define REV_CONTRACTION 3
#define REV_CHURNED		4

#define REV_SIZE		((Size) sizeof(RevenueSummary))

StaticAssertDecl(sizeof(RevenueSummary) == 128,
				 "RevenueSummary must have no padding");

/* names of the amounts in the text form */
static const char *const amount_key[REV_NAMOUNTS] = {
	"starting", "new", "expansion", "contraction", "churned"
};

/* names of the counts in the text form, in struct order */
static const char *const count_key[5] = {
	"accounts_at_start", "new_accounts", "expanded_accounts",
	"contracted_accounts", "churned_accounts"
};

static inline int64 *
count_field(RevenueSummary *s, int i)
{
	return &s->accounts_at_start + i;
}

static inline int64
count_at(const RevenueSummary *s, int i)
{
	return (&s->accounts_at_start)[i];
}

/* A new, empty summary in memory context cxt. */
static RevenueSummary *
rev_new_in(MemoryContext cxt)
{
	RevenueSummary *s = (RevenueSummary *) MemoryContextAllocZero(cxt, REV_SIZE);

	SET_VARSIZE(s, REV_SIZE);
	s->version = REV_FORMAT_VERSION;
	return s;
}

static bool rev_validate(const RevenueSummary *s, char **why);

/* What in-place updates and reads of a revenue summary rely on. */
static inline bool
rev_header_ok(const struct varlena *v)
{
	const RevenueSummary *s = (const RevenueSummary *) v;

	return VARSIZE(v) == REV_SIZE && s->version == REV_FORMAT_VERSION &&
		s->scale <= REV_MAX_SCALE;
}

static bool
rev_validate_varlena(struct varlena *v, const char **why)
{
	char	   *w = NULL;

	if (rev_validate((const RevenueSummary *) v, &w))
		return true;
	*why = w;
	return false;
}

static const CxVarType rev_type = {"revenue_summary", rev_header_ok, rev_validate_varlena};

/* A read-only summary argument. */
static inline const RevenueSummary *
rev_arg(FunctionCallInfo fcinfo, int argno)
{
	return (const RevenueSummary *) cx_summary_arg(fcinfo, argno, rev_header_ok, &rev_type);
}

/*
 * The summary in argument argno, ready for an in-place update: in place
 * inside an aggregate when it passes cx_state_arg's checks, otherwise a
 * validated private copy.
 */
static inline RevenueSummary *
rev_state(FunctionCallInfo fcinfo, int argno)
{
	return (RevenueSummary *) cx_state_arg(fcinfo, argno, rev_header_ok, &rev_type);
}

/* ----------------------------------------------------------------
 * Errors
 * ----------------------------------------------------------------
 */

/* The largest amount a summary of the given scale holds, as text. */
static char *
max_amount_text(int scale)
{
	StringInfoData buf;

	initStringInfo(&buf);
	append_u128(&buf, REV_MAX, scale);
	return buf.data;
}

/* Report an amount beyond REV_MAX at the given scale (22003). */
cx_noreturn static void
amount_overflow(int scale)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("revenue summary amount out of range"),
			 errdetail("With %d decimal places a revenue summary holds amounts (and sums of amounts) up to %s.",
					   scale, max_amount_text(scale)),
			 errhint("Amounts are summed exactly in 128 bits; rounding inputs to fewer decimal places leaves more room.")));
}

/* Report a count beyond int64 (22003). */
cx_noreturn static void
count_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("revenue summary account count out of range"),
			 errdetail("A revenue summary counts at most " INT64_FORMAT " accounts at the start and new accounts together.",
					   PG_INT64_MAX)));
}

/* Report an invalid MRR input (22023 or 22003). */
cx_noreturn static void
bad_amount(Datum num, int why, int places)
{
	char	   *txt = DatumGetCString(DirectFunctionCall1(numeric_out, num));

	if (why == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid MRR amount: %s", txt),
				 errdetail("MRR amounts must be finite and >= 0; a NULL amount counts as 0.")));
	if (why == 1)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("MRR amount %s has too many decimal places", txt),
				 errdetail("Amounts may have at most %d decimal places (trailing zeros do not count); this one has %d.",
						   REV_MAX_SCALE, places),
				 errhint("Round the amounts, for example round(mrr, 2).")));
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("MRR amount %s is out of range", txt),
			 errdetail("A revenue summary holds amounts up to %s (with no decimal places; each decimal place divides the limit by 10).",
					   max_amount_text(0))));
}

/* ----------------------------------------------------------------
 * Reading a numeric exactly
 *
 * cx_numeric_decode() (decimal128.c, which describes the stored format)
 * reads the digits of the numeric in place; here only the detoasting and
 * the errors.
 * ----------------------------------------------------------------
 */

typedef struct RevAmount
{
	RevU128		v;				/* units of 10^-scale */
	int			scale;			/* decimal places needed, 0..20 */
} RevAmount;

/* Read the numeric in argument argno (NULL = 0) into *out. */
static void
read_amount(FunctionCallInfo fcinfo, int argno, RevAmount *out)
{
	Datum		d;
	struct varlena *num;
	CxDec128	dec;
	CxDecStatus st;

	out->v = u128_zero;
	out->scale = 0;
	if (PG_ARGISNULL(argno))
		return;
	d = PG_GETARG_DATUM(argno);
	num = PG_DETOAST_DATUM_PACKED(d);
	st = cx_numeric_decode(VARDATA_ANY(num), VARSIZE_ANY_EXHDR(num), REV_MAX_SCALE, &dec);
	if (likely(st == CX_DEC_OK && !cx_i128_is_negative(dec.units)))
	{
		out->v = dec.units;
		out->scale = dec.scale;
		return;
	}
	/* a negative amount is invalid whatever else is wrong with it */
	if (st == CX_DEC_SPECIAL || cx_i128_is_negative(dec.units))
		bad_amount(d, 0, 0);
	if (st == CX_DEC_SYNTAX)
		elog(ERROR, "cxkpi: malformed numeric of %d bytes", (int) VARSIZE_ANY_EXHDR(num));
	if (st == CX_DEC_SCALE)
		bad_amount(d, 1, dec.scale);
	bad_amount(d, 2, 0);		/* CX_DEC_RANGE */
}

/* ----------------------------------------------------------------
 * Scale, merge and validation
 * ----------------------------------------------------------------
 */

/* Multiply every amount of s by 10^(scale - s->scale) (scale >= s->scale). */
static void
rescale(RevenueSummary *s, int scale)
{
	RevU128		v[REV_NAMOUNTS];
	int			k = scale - s->scale;
	int			i;

	if (k <= 0)
		return;
	for (i = 0; i < REV_NAMOUNTS; i++)
		if (!u128_mul_pow10(s->amount[i], k, &v[i]))
			amount_overflow(scale);
	memcpy(s->amount, v, sizeof(v));
	s->scale = (uint8) scale;
}

/* An amount at from_scale, in units of 10^-to_scale (to_scale >= from_scale). */
static RevU128
amount_at(RevU128 v, int from_scale, int to_scale)
{
	RevU128		r;

	if (!u128_mul_pow10(v, to_scale - from_scale, &r))
		amount_overflow(to_scale);
	return r;
}

/* *dst += v, checking the bound. */
static inline void
add_amount(RevU128 *dst, RevU128 v, int scale)
{
	RevU128		r = u128_add(*dst, v);

	if (unlikely(!u128_fits(r)))
		amount_overflow(scale);
	*dst = r;
}

/* The canonical form of s: the smallest scale that holds every amount. */
static void
canonical(const RevenueSummary *s, RevenueSummary *out)
{
	if (out != s)
		memcpy(out, s, REV_SIZE);
	while (out->scale > 0)
	{
		RevU128		q[REV_NAMOUNTS];
		int			i;

		for (i = 0; i < REV_NAMOUNTS; i++)
			if (u128_divmod_u32(out->amount[i], 10, &q[i]) != 0)
				return;
		memcpy(out->amount, q, sizeof(q));
		out->scale--;
	}
}

/*
 * Does an amount of v units of 10^-scale cover n accounts, each holding at
 * least the smallest amount an input can carry (10^-20)?
 */
static bool
covers(RevU128 v, int scale, int64 n)
{
	RevU128		q;

	if (!u128_mul_pow10(v, REV_MAX_SCALE - scale, &q))
		return true;			/* more than 2^127 quanta */
	return u128_cmp(q, u128_from_u64((uint64) n)) >= 0;
}

/*
 * Is s a summary some set of accounts could produce?  If not, *why says
 * why.  Every count is non-negative, at_start + new fits in int64, every
 * amount is zero exactly when its count is and large enough for its count,
 * and the accounts that did not churn keep a positive part of the start.
 */
static bool
rev_validate(const RevenueSummary *s, char **why)
{
	int			i;
	int64		moved;
	int64		kept;
	RevU128		lost;
	RevU128		retained;

	if (s->version != REV_FORMAT_VERSION)
	{
		*why = psprintf("Format version %d is not supported; this build reads version %d.",
						s->version, REV_FORMAT_VERSION);
		return false;
	}
	if (s->scale > REV_MAX_SCALE)
	{
		*why = psprintf("The scale must be 0 to %d decimal places, not %d.",
						REV_MAX_SCALE, s->scale);
		return false;
	}
	if (s->reserved != 0)
	{
		*why = pstrdup("The reserved field must be zero.");
		return false;
	}
	for (i = 0; i < 5; i++)
	{
		if (count_at(s, i) < 0)
		{
			*why = psprintf("%s must not be negative.", count_key[i]);
			return false;
		}
	}
	if (s->new_accounts > PG_INT64_MAX - s->accounts_at_start)
	{
		*why = psprintf("accounts_at_start + new_accounts must not exceed " INT64_FORMAT ".",
						PG_INT64_MAX);
		return false;
	}
	moved = s->expanded_accounts;
	if (s->contracted_accounts > s->accounts_at_start - moved ||
		s->churned_accounts > s->accounts_at_start - moved - s->contracted_accounts)
	{
		*why = pstrdup("expanded_accounts + contracted_accounts + churned_accounts must not exceed accounts_at_start.");
		return false;
	}
	for (i = 0; i < REV_NAMOUNTS; i++)
	{
		int64		n = count_at(s, i);	/* amount i goes with count i */

		if (!u128_fits(s->amount[i]))
		{
			*why = psprintf("The amount %s is out of range: at most %s with %d decimal places.",
							amount_key[i], max_amount_text(s->scale), s->scale);
			return false;
		}
		if ((n == 0) != u128_is_zero(s->amount[i]))
		{
			*why = psprintf("The amount %s must be zero exactly when %s is zero.",
							amount_key[i], count_key[i]);
			return false;
		}
		if (!covers(s->amount[i], s->scale, n))
		{
			*why = psprintf("The amount %s is too small for " INT64_FORMAT " %s: every account holds at least 1e-%d.",
							amount_key[i], n, count_key[i], REV_MAX_SCALE);
			return false;
		}
	}
	lost = u128_add(s->amount[REV_CONTRACTION], s->amount[REV_CHURNED]);
	if (u128_cmp(lost, s->amount[REV_STARTING]) > 0)
	{
		*why = pstrdup("contraction + churned must not exceed starting.");
		return false;
	}
	retained = u128_sub(s->amount[REV_STARTING], lost);
	kept = s->accounts_at_start - s->churned_accounts;
	if ((kept == 0) != u128_is_zero(retained) || !covers(retained, s->scale, kept))
	{
		*why = psprintf("starting - contraction - churned must be positive exactly when some accounts did not churn, and at least 1e-%d per such account.",
						REV_MAX_SCALE);
		return false;
	}
	return true;
}

/* dst += src (exact; errors on overflow). */
static void
rev_merge(RevenueSummary *dst, const RevenueSummary *src)
{
	int			scale = Max(dst->scale, src->scale);
	RevU128		v[REV_NAMOUNTS];
	int			i;

	/* at_start + new of each fits in int64; so must their total */
	if (src->accounts_at_start + src->new_accounts >
		PG_INT64_MAX - (dst->accounts_at_start + dst->new_accounts))
		count_overflow();
	rescale(dst, scale);
	for (i = 0; i < REV_NAMOUNTS; i++)
	{
		v[i] = u128_add(dst->amount[i], amount_at(src->amount[i], src->scale, scale));
		if (!u128_fits(v[i]))
			amount_overflow(scale);
	}
	memcpy(dst->amount, v, sizeof(v));
	for (i = 0; i < 5; i++)
		*count_field(dst, i) += count_at(src, i);
}

/* Report an inverse that removes what the summary does not hold (22023). */
cx_noreturn static void
cannot_remove(const char *what, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cannot remove %s that the revenue summary does not hold", what),
			 errdetail("%s", detail),
			 errhint("The inverse transition functions only remove what was added.")));
}

/* dst -= src, the inverse of rev_merge. */
static void
rev_unmerge(RevenueSummary *dst, const RevenueSummary *src)
{
	int			scale = Max(dst->scale, src->scale);
	RevU128		v[REV_NAMOUNTS];
	int			i;
	char	   *why;

	for (i = 0; i < 5; i++)
		if (count_at(src, i) > *count_field(dst, i))
			cannot_remove("a summary",
						  psprintf("%s would become negative.", count_key[i]));
	rescale(dst, scale);
	for (i = 0; i < REV_NAMOUNTS; i++)
	{
		RevU128		b = amount_at(src->amount[i], src->scale, scale);

		if (u128_cmp(b, dst->amount[i]) > 0)
			cannot_remove("a summary",
						  psprintf("The amount %s would become negative.", amount_key[i]));
		v[i] = u128_sub(dst->amount[i], b);
	}
	memcpy(dst->amount, v, sizeof(v));
	for (i = 0; i < 5; i++)
		*count_field(dst, i) -= count_at(src, i);
	if (!rev_validate(dst, &why))
		cannot_remove("a summary", why);
}

/* ----------------------------------------------------------------
 * Rows
 * ----------------------------------------------------------------
 */

/*
 * Read both amounts of a row and bring them and s to a common scale, so
 * that *start and *end are in units of 10^-s->scale.
 */
static void
read_row(FunctionCallInfo fcinfo, RevenueSummary *s, RevU128 *start, RevU128 *end)
{
	RevAmount	a;
	RevAmount	b;
	int			scale;

	read_amount(fcinfo, 1, &a);
	read_amount(fcinfo, 2, &b);
	scale = Max(s->scale, Max(a.scale, b.scale));
	if (unlikely(scale > s->scale))
		rescale(s, scale);
	*start = a.scale == scale ? a.v : amount_at(a.v, a.scale, scale);
	*end = b.scale == scale ? b.v : amount_at(b.v, b.scale, scale);
}

/* Count one account (its start and end in units of 10^-s->scale). */
static void
add_row(RevenueSummary *s, RevU128 start, RevU128 end)
{
	int			cmp;

	if (u128_is_zero(start) && u128_is_zero(end))
		return;
	if (unlikely(s->accounts_at_start + s->new_accounts >= PG_INT64_MAX))
		count_overflow();
	if (u128_is_zero(start))
	{
		add_amount(&s->amount[REV_NEW], end, s->scale);
		s->new_accounts++;
		return;
	}
	add_amount(&s->amount[REV_STARTING], start, s->scale);
	s->accounts_at_start++;
	cmp = u128_cmp(end, start);
	if (cmp > 0)
	{
		add_amount(&s->amount[REV_EXPANSION], u128_sub(end, start), s->scale);
		s->expanded_accounts++;
	}
	else if (cmp < 0 && u128_is_zero(end))
	{
		add_amount(&s->amount[REV_CHURNED], start, s->scale);
		s->churned_accounts++;
	}
	else if (cmp < 0)
	{
		add_amount(&s->amount[REV_CONTRACTION], u128_sub(start, end), s->scale);
		s->contracted_accounts++;
	}
}

/* *dst -= v for the inverse; false when dst holds less than v. */
static inline bool
sub_amount(RevU128 *dst, RevU128 v)
{
	if (u128_cmp(v, *dst) > 0)
		return false;
	*dst = u128_sub(*dst, v);
	return true;
}

/* Remove one account added by add_row (moving-window inverse). */
static void
remove_row(RevenueSummary *s, RevU128 start, RevU128 end)
{
	int			cmp;
	bool		ok = true;
	char	   *why;

	if (u128_is_zero(start) && u128_is_zero(end))
		return;
	if (u128_is_zero(start))
	{
		ok = s->new_accounts > 0 && sub_amount(&s->amount[REV_NEW], end);
		s->new_accounts--;
	}
	else
	{
		ok = s->accounts_at_start > 0 && sub_amount(&s->amount[REV_STARTING], start);
		s->accounts_at_start--;
		cmp = u128_cmp(end, start);
		if (cmp > 0)
		{
			ok = ok && s->expanded_accounts > 0 &&
				sub_amount(&s->amount[REV_EXPANSION], u128_sub(end, start));
			s->expanded_accounts--;
		}
		else if (cmp < 0 && u128_is_zero(end))
		{
			ok = ok && s->churned_accounts > 0 &&
				sub_amount(&s->amount[REV_CHURNED], start);
			s->churned_accounts--;
		}
		else if (cmp < 0)
		{
			ok = ok && s->contracted_accounts > 0 &&
				sub_amount(&s->amount[REV_CONTRACTION], u128_sub(start, end));
			s->contracted_accounts--;
		}
	}
	if (!ok)
		cannot_remove("an account", "Its class (new, expanded, contracted or churned) or its amounts are not in the summary.");
	if (!rev_validate(s, &why))
		cannot_remove("an account", why);
}

/* ----------------------------------------------------------------
 * Text I/O
 * ----------------------------------------------------------------
 */

/* The canonical text form of s. */
static char *
rev_to_text(const RevenueSummary *in)
{
	RevenueSummary c;
	StringInfoData buf;
	int			i;

	canonical(in, &c);
	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d;scale=%d", c.version, c.scale);
	for (i = 0; i < 5; i++)
		appendStringInfo(&buf, ";%s=" INT64_FORMAT, count_key[i], count_at(&c, i));
	for (i = 0; i < REV_NAMOUNTS; i++)
	{
		appendStringInfo(&buf, ";%s=", amount_key[i]);
		append_u128(&buf, c.amount[i], c.scale);
	}
	return buf.data;
}

/* Parse an amount written with exactly scale decimal places. */
static RevU128
parse_amount(CxKvParser *tp, int scale, const char *what)
{
	const char *start = tp->p;
	RevU128		v = u128_zero;
	int			frac = -1;		/* fractional digits seen; -1 before '.' */

	if (!isdigit((unsigned char) *tp->p))
		cx_kv_error(tp, psprintf("Expected the amount %s at character %d.", what, cx_kv_pos(tp, start)));
	for (;;)
	{
		if (isdigit((unsigned char) *tp->p))
		{
			if (!u128_mul_u32(v, 10, &v) ||
				!u128_fits(v = u128_add(v, u128_from_u64((uint64) (*tp->p - '0')))))
				cx_kv_error(tp, psprintf("The amount %s at character %d is out of range (at most %s with %d decimal places).",
										   what, cx_kv_pos(tp, start), max_amount_text(scale), scale));
			if (frac >= 0)
				frac++;
		}
		else if (*tp->p == '.' && frac < 0 && isdigit((unsigned char) tp->p[1]))
			frac = 0;
		else
			break;
		tp->p++;
	}
	if (Max(frac, 0) != scale)
		cx_kv_error(tp, psprintf("The amount %s at character %d has %d decimal places; the scale says %d.",
								   what, cx_kv_pos(tp, start), Max(frac, 0), scale));
	return v;
}

/* Parse a summary from its text form; any defect is a 22P02 error. */
static RevenueSummary *
rev_from_text(const char *str)
{
	CxKvParser	tp;
	RevenueSummary *s;
	RevenueSummary *c;
	int64		version;
	char	   *why;
	int			i;

	cx_kv_init(&tp, "revenue_summary", str);
	if (*tp.p != 'v')
		cx_kv_error(&tp, psprintf("Expected \"v\" at character %d.", cx_kv_pos(&tp, tp.p)));
	tp.p++;
	version = cx_kv_count(&tp, 255, "format version");
	if (version != REV_FORMAT_VERSION)
		cx_kv_error(&tp, psprintf("Format version %lld is not supported; this build reads version %d.",
								   (long long) version, REV_FORMAT_VERSION));
	s = rev_new_in(CurrentMemoryContext);
	cx_kv_expect_key(&tp, "scale");
	s->scale = (uint8) cx_kv_count(&tp, REV_MAX_SCALE, "scale");
	for (i = 0; i < 5; i++)
	{
		cx_kv_expect_key(&tp, count_key[i]);
		*count_field(s, i) = cx_kv_count(&tp, PG_INT64_MAX, count_key[i]);
	}
	for (i = 0; i < REV_NAMOUNTS; i++)
	{
		cx_kv_expect_key(&tp, amount_key[i]);
		s->amount[i] = parse_amount(&tp, s->scale, amount_key[i]);
	}
	cx_kv_end(&tp);
	if (!rev_validate(s, &why))
		cx_kv_error(&tp, why);
	c = rev_new_in(CurrentMemoryContext);
	canonical(s, c);
	return c;
}

/* ----------------------------------------------------------------
 * Binary I/O
 *
 * byte version, byte scale, int16 reserved, int64 counts[5] (struct
 * order), then for each amount (starting, new, expansion, contraction,
 * churned) its high and low 64-bit halves: 124 bytes, network byte order,
 * always canonical when sent.
 * ----------------------------------------------------------------
 */

#define REV_WIRE_SIZE	(4 + 5 * 8 + REV_NAMOUNTS * 16)

/* Report a malformed binary value (22P03). */
cx_noreturn static void
binary_error(const char *detail)
{
	cx_binary_error("revenue_summary", detail);
}

/* ----------------------------------------------------------------
 * SQL-callable functions
 * ----------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(cxkpi_revenue_summary_in);
PG_FUNCTION_INFO_V1(cxkpi_revenue_summary_out);
PG_FUNCTION_INFO_V1(cxkpi_revenue_summary_recv);
PG_FUNCTION_INFO_V1(cxkpi_revenue_summary_send);
PG_FUNCTION_INFO_V1(cxkpi_revenue_agg_transfn);
PG_FUNCTION_INFO_V1(cxkpi_revenue_agg_invfn);
PG_FUNCTION_INFO_V1(cxkpi_revenue_summary_add);
PG_FUNCTION_INFO_V1(cxkpi_revenue_summary_rollup_inv);
PG_FUNCTION_INFO_V1(cxkpi_revenue_summary_eq);
PG_FUNCTION_INFO_V1(cxkpi_revenue_summary_ne);
PG_FUNCTION_INFO_V1(cxkpi_revenue_summary_hash);
PG_FUNCTION_INFO_V1(cxkpi_revenue_starting_mrr);
PG_FUNCTION_INFO_V1(cxkpi_revenue_ending_mrr);
PG_FUNCTION_INFO_V1(cxkpi_revenue_new_mrr);
PG_FUNCTION_INFO_V1(cxkpi_revenue_expansion_mrr);
PG_FUNCTION_INFO_V1(cxkpi_revenue_contraction_mrr);
PG_FUNCTION_INFO_V1(cxkpi_revenue_churned_mrr);
PG_FUNCTION_INFO_V1(cxkpi_revenue_gross_revenue_retention);
PG_FUNCTION_INFO_V1(cxkpi_revenue_net_revenue_retention);
PG_FUNCTION_INFO_V1(cxkpi_revenue_accounts_at_start);
PG_FUNCTION_INFO_V1(cxkpi_revenue_accounts_at_end);
PG_FUNCTION_INFO_V1(cxkpi_revenue_new_accounts);
PG_FUNCTION_INFO_V1(cxkpi_revenue_expanded_accounts);
PG_FUNCTION_INFO_V1(cxkpi_revenue_contracted_accounts);
PG_FUNCTION_INFO_V1(cxkpi_revenue_churned_accounts);
PG_FUNCTION_INFO_V1(cxkpi_revenue_summary_jsonb);

/* revenue_summary text input */
Datum
cxkpi_revenue_summary_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(rev_from_text(PG_GETARG_CSTRING(0)));
}

/* revenue_summary text output (canonical) */
Datum
cxkpi_revenue_summary_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(rev_to_text(rev_arg(fcinfo, 0)));
}

/* revenue_summary binary input: every field validated */
Datum
cxkpi_revenue_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			left = buf->len - buf->cursor;
	RevenueSummary *s;
	RevenueSummary *c;
	char	   *why;
	int			i;

	if (left != REV_WIRE_SIZE)
		binary_error(psprintf("The value has %d bytes; a revenue summary has %d.",
							  left, REV_WIRE_SIZE));
	s = rev_new_in(CurrentMemoryContext);
	s->version = (uint8) pq_getmsgbyte(buf);
	if (s->version != REV_FORMAT_VERSION)
		binary_error(psprintf("Format version %d is not supported; this build reads version %d.",
							  s->version, REV_FORMAT_VERSION));
	s->scale = (uint8) pq_getmsgbyte(buf);
	s->reserved = (uint16) pq_getmsgint(buf, 2);
	for (i = 0; i < 5; i++)
		*count_field(s, i) = (int64) pq_getmsgint64(buf);
	for (i = 0; i < REV_NAMOUNTS; i++)
	{
		s->amount[i].hi = (uint64) pq_getmsgint64(buf);
		s->amount[i].lo = (uint64) pq_getmsgint64(buf);
	}
	pq_getmsgend(buf);
	if (!rev_validate(s, &why))
		binary_error(why);
	c = rev_new_in(CurrentMemoryContext);
	canonical(s, c);
	PG_RETURN_POINTER(c);
}

/* revenue_summary binary output (canonical) */
Datum
cxkpi_revenue_summary_send(PG_FUNCTION_ARGS)
{
	RevenueSummary c;
	StringInfoData buf;
	int			i;

	canonical(rev_arg(fcinfo, 0), &c);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, c.version);
	pq_sendbyte(&buf, c.scale);
	pq_sendint16(&buf, c.reserved);
	for (i = 0; i < 5; i++)
		pq_sendint64(&buf, count_at(&c, i));
	for (i = 0; i < REV_NAMOUNTS; i++)
	{
		pq_sendint64(&buf, (int64) c.amount[i].hi);
		pq_sendint64(&buf, (int64) c.amount[i].lo);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * The transition state of revenue_agg: the summary in argument 0, or a new
 * one on the first row, in the per-row context (the executor keeps its own
 * copy; see scale.c).
 */
static RevenueSummary *
trans_state(FunctionCallInfo fcinfo)
{
	if (!PG_ARGISNULL(0))
		return rev_state(fcinfo, 0);
	return rev_new_in(CurrentMemoryContext);
}

/* revenue_agg(mrr_start, mrr_end) transition: count one account. */
Datum
cxkpi_revenue_agg_transfn(PG_FUNCTION_ARGS)
{
	RevenueSummary *s = trans_state(fcinfo);
	RevU128		start;
	RevU128		end;

	read_row(fcinfo, s, &start, &end);
	add_row(s, start, end);
	PG_RETURN_POINTER(s);
}

/* revenue_agg's moving-window inverse: exact subtraction of one account. */
Datum
cxkpi_revenue_agg_invfn(PG_FUNCTION_ARGS)
{
	RevenueSummary *s;
	RevU128		start;
	RevU128		end;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();		/* nothing to undo: make the window restart */
	s = rev_state(fcinfo, 0);
	read_row(fcinfo, s, &start, &end);
	remove_row(s, start, end);
	PG_RETURN_POINTER(s);
}

/*
 * a + b: the operator, revenue_agg's combine function and rollup's
 * transition.  Modifies a in place inside aggregates; otherwise returns a
 * new, canonical summary.
 */
Datum
cxkpi_revenue_summary_add(PG_FUNCTION_ARGS)
{
	RevenueSummary *a = rev_state(fcinfo, 0);

	rev_merge(a, rev_arg(fcinfo, 1));
	if (!cx_in_aggregate(fcinfo))
		canonical(a, a);
	PG_RETURN_POINTER(a);
}

/* rollup()'s moving-window inverse: a - b, exact. */
Datum
cxkpi_revenue_summary_rollup_inv(PG_FUNCTION_ARGS)
{
	RevenueSummary *a = rev_state(fcinfo, 0);

	rev_unmerge(a, rev_arg(fcinfo, 1));
	if (!cx_in_aggregate(fcinfo))
		canonical(a, a);
	PG_RETURN_POINTER(a);
}

/* Equal in value: the canonical forms have the same bytes. */
static bool
rev_equal(FunctionCallInfo fcinfo)
{
	RevenueSummary a;
	RevenueSummary b;

	canonical(rev_arg(fcinfo, 0), &a);
	canonical(rev_arg(fcinfo, 1), &b);
	return memcmp(&a, &b, REV_SIZE) == 0;
}

/* a = b */
Datum
cxkpi_revenue_summary_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(rev_equal(fcinfo));
}

/* a <> b */
Datum
cxkpi_revenue_summary_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!rev_equal(fcinfo));
}

/* Hash of the canonical form, consistent with "=". */
Datum
cxkpi_revenue_summary_hash(PG_FUNCTION_ARGS)
{
	RevenueSummary c;

	canonical(rev_arg(fcinfo, 0), &c);
	return hash_any((const unsigned char *) &c, REV_SIZE);
}

/* The canonical summary in argument 0, for the accessors. */
static void
canonical_arg(FunctionCallInfo fcinfo, RevenueSummary *c)
{
	canonical(rev_arg(fcinfo, 0), c);
}

/* An amount as a numeric of the given scale. */
static Datum
amount_numeric(RevU128 v, int scale)
{
	StringInfoData buf;

	initStringInfo(&buf);
	append_u128(&buf, v, scale);
	return DirectFunctionCall3(numeric_in, CStringGetDatum(buf.data),
							   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

/*
 * Ending MRR = (starting - contraction - churned) + new + expansion, as a
 * numeric: each term fits in 127 bits, their sum may need 129.
 */
static Datum
ending_numeric(const RevenueSummary *c)
{
	RevU128		retained = u128_sub(c->amount[REV_STARTING],
									u128_add(c->amount[REV_CONTRACTION],
											 c->amount[REV_CHURNED]));

	return DirectFunctionCall2(numeric_add,
							   amount_numeric(u128_add(retained, c->amount[REV_NEW]), c->scale),
							   amount_numeric(c->amount[REV_EXPANSION], c->scale));
}

/*
 * GRR (net = false) or NRR (net = true); false when the starting MRR is 0.
 * The numerators are exact 128-bit integers; only the division is rounded.
 */
static bool
retention(const RevenueSummary *c, bool net, double *r)
{
	RevU128		num;

	if (u128_is_zero(c->amount[REV_STARTING]))
		return false;
	num = u128_sub(c->amount[REV_STARTING],
				   u128_add(c->amount[REV_CONTRACTION], c->amount[REV_CHURNED]));
	if (net)
		num = u128_add(num, c->amount[REV_EXPANSION]);
	*r = u128_to_double(num) / u128_to_double(c->amount[REV_STARTING]);
	return true;
}

#define AMOUNT_ACCESSOR(fn, idx) \
Datum \
fn(PG_FUNCTION_ARGS) \
{ \
	RevenueSummary c; \
\
	canonical_arg(fcinfo, &c); \
	PG_RETURN_DATUM(amount_numeric(c.amount[idx], c.scale)); \
}

/* starting_mrr(s), new_mrr(s), expansion_mrr(s), contraction_mrr(s), churned_mrr(s) */
AMOUNT_ACCESSOR(cxkpi_revenue_starting_mrr, REV_STARTING)
AMOUNT_ACCESSOR(cxkpi_revenue_new_mrr, REV_NEW)
AMOUNT_ACCESSOR(cxkpi_revenue_expansion_mrr, REV_EXPANSION)
AMOUNT_ACCESSOR(cxkpi_revenue_contraction_mrr, REV_CONTRACTION)
AMOUNT_ACCESSOR(cxkpi_revenue_churned_mrr, REV_CHURNED)

/* ending_mrr(s) = start + new + expansion - contraction - churned */
Datum
cxkpi_revenue_ending_mrr(PG_FUNCTION_ARGS)
{
	RevenueSummary c;

	canonical_arg(fcinfo, &c);
	PG_RETURN_DATUM(ending_numeric(&c));
}

/* gross_revenue_retention(s) = (start - contraction - churned) / start */
Datum
cxkpi_revenue_gross_revenue_retention(PG_FUNCTION_ARGS)
{
	double		r;

	if (!retention(rev_arg(fcinfo, 0), false, &r))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(r);
}

/* net_revenue_retention(s) = (start + expansion - contraction - churned) / start */
Datum
cxkpi_revenue_net_revenue_retention(PG_FUNCTION_ARGS)
{
	double		r;

	if (!retention(rev_arg(fcinfo, 0), true, &r))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(r);
}

/* accounts_at_start(s) */
Datum
cxkpi_revenue_accounts_at_start(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(rev_arg(fcinfo, 0)->accounts_at_start);
}

/* accounts_at_end(s) = at_start - churned + new (cannot overflow: validated) */
Datum
cxkpi_revenue_accounts_at_end(PG_FUNCTION_ARGS)
{
	const RevenueSummary *s = rev_arg(fcinfo, 0);

	PG_RETURN_INT64(s->accounts_at_start - s->churned_accounts + s->new_accounts);
}

/* new_accounts(s) */
Datum
cxkpi_revenue_new_accounts(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(rev_arg(fcinfo, 0)->new_accounts);
}

/* expanded_accounts(s) */
Datum
cxkpi_revenue_expanded_accounts(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(rev_arg(fcinfo, 0)->expanded_accounts);
}

/* contracted_accounts(s) */
Datum
cxkpi_revenue_contracted_accounts(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(rev_arg(fcinfo, 0)->contracted_accounts);
}

/* churned_accounts(s) */
Datum
cxkpi_revenue_churned_accounts(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(rev_arg(fcinfo, 0)->churned_accounts);
}

/* Append "key": amount (a JSON number, exact). */
static void
json_amount(StringInfo buf, const char *key, RevU128 v, int scale)
{
	if (buf->len > 1)
		appendStringInfoChar(buf, ',');
	appendStringInfo(buf, "\"%s\":", key);
	append_u128(buf, v, scale);
}

/* revenue_summary::jsonb: every accessor's value by name. */
Datum
cxkpi_revenue_summary_jsonb(PG_FUNCTION_ARGS)
{
	RevenueSummary c;
	StringInfoData buf;
	double		r = 0.0;
	bool		has;

	canonical_arg(fcinfo, &c);
	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	json_amount(&buf, "starting_mrr", c.amount[REV_STARTING], c.scale);
	appendStringInfo(&buf, ",\"ending_mrr\":%s",
					 DatumGetCString(DirectFunctionCall1(numeric_out, ending_numeric(&c))));
	json_amount(&buf, "new_mrr", c.amount[REV_NEW], c.scale);
	json_amount(&buf, "expansion_mrr", c.amount[REV_EXPANSION], c.scale);
	json_amount(&buf, "contraction_mrr", c.amount[REV_CONTRACTION], c.scale);
	json_amount(&buf, "churned_mrr", c.amount[REV_CHURNED], c.scale);
	has = retention(&c, false, &r);
	cx_json_double(&buf, "gross_revenue_retention", !has, r);
	has = retention(&c, true, &r);
	cx_json_double(&buf, "net_revenue_retention", !has, r);
	cx_json_int64(&buf, "accounts_at_start", c.accounts_at_start);
	cx_json_int64(&buf, "accounts_at_end",
				  c.accounts_at_start - c.churned_accounts + c.new_accounts);
	cx_json_int64(&buf, "new_accounts", c.new_accounts);
	cx_json_int64(&buf, "expanded_accounts", c.expanded_accounts);
	cx_json_int64(&buf, "contracted_accounts", c.contracted_accounts);
	cx_json_int64(&buf, "churned_accounts", c.churned_accounts);
	appendStringInfoChar(&buf, '}');
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}

/* ---- typed report row (README "Dashboards") ---- */

PG_FUNCTION_INFO_V1(cxkpi_revenue_report);

/* MRR amounts stay exact numeric; counts bigint; retention double precision */
static const CxReportColumn revenue_report_columns[] = {
	{cxkpi_revenue_starting_mrr, false},
	{cxkpi_revenue_ending_mrr, false},
	{cxkpi_revenue_new_mrr, false},
	{cxkpi_revenue_expansion_mrr, false},
	{cxkpi_revenue_contraction_mrr, false},
	{cxkpi_revenue_churned_mrr, false},
	{cxkpi_revenue_gross_revenue_retention, false},
	{cxkpi_revenue_net_revenue_retention, false},
	{cxkpi_revenue_accounts_at_start, false},
	{cxkpi_revenue_accounts_at_end, false},
	{cxkpi_revenue_new_accounts, false},
	{cxkpi_revenue_expanded_accounts, false},
	{cxkpi_revenue_contracted_accounts, false},
	{cxkpi_revenue_churned_accounts, false}
};

/* revenue_report(s): every revenue accessor as one typed row. */
Datum
cxkpi_revenue_report(PG_FUNCTION_ARGS)
{
	return cx_report_columns(fcinfo, revenue_report_columns,
							 lengthof(revenue_report_columns));
}
