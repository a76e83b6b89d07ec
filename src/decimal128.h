/*
 * decimal128.h
 *	  Exact 128-bit money arithmetic for cxkpi: 128-bit integers on two
 *	  64-bit halves, signed scaled decimals built on them, exact decimal text,
 *	  correctly rounded conversion to double, and a decoder of PostgreSQL
 *	  numeric's stored format.  No PostgreSQL headers and no allocation, so
 *	  it can be unit-tested with a plain C compiler (tests/unit/).
 *
 * Cx128 is one 128-bit word, most significant half first.  The cx_u128_*
 * functions read it as an unsigned integer (0 .. 2^128 - 1), the cx_i128_*
 * functions as a two's complement signed one (-2^127 .. 2^127 - 1); a value
 * in 0 .. 2^127 - 1 has the same bits in both readings.  revenue_summary
 * stores its amounts as Cx128 on disk, so the layout is fixed: two uint64,
 * hi then lo, each in the machine's byte order.
 *
 * CxDec128 is the decimal units * 10^-scale with units a signed Cx128 and
 * 0 <= scale <= CX_DEC128_MAX_SCALE.  Every operation is exact: a result
 * that does not fit is reported (false or CX_DEC_RANGE), never rounded.
 * Only the conversions to double round, and they round correctly (to
 * nearest, ties to even, as IEEE 754 arithmetic does).
 */
#ifndef CXKPI_DECIMAL128_H
#define CXKPI_DECIMAL128_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Cx128
{
	uint64_t	hi;
	uint64_t	lo;
} Cx128;

typedef struct CxDec128
{
	Cx128		units;			/* signed: the value is units * 10^-scale */
	int			scale;			/* 0 .. CX_DEC128_MAX_SCALE */
} CxDec128;

/* 10^38 < 2^127 - 1 < 10^39: every scale up to 38 holds the value 1. */
#define CX_DEC128_MAX_SCALE 38

/* Room for the text of any Cx128 or CxDec128, with its terminating NUL. */
#define CX_DEC128_TEXT_SIZE 48

/* Outcome of parsing decimal text or decoding a numeric. */
typedef enum CxDecStatus
{
	CX_DEC_OK = 0,
	CX_DEC_SYNTAX,				/* malformed text, or malformed numeric bytes */
	CX_DEC_SPECIAL,				/* numeric NaN, Infinity or -Infinity */
	CX_DEC_SCALE,				/* more decimal places than allowed */
	CX_DEC_RANGE				/* beyond -2^127 .. 2^127 - 1 units */
} CxDecStatus;

/* ---- 128-bit words (inline: the aggregates call these once per row) ---- */

static inline Cx128
cx128_make(uint64_t hi, uint64_t lo)
{
	Cx128		r;

	r.hi = hi;
	r.lo = lo;
	return r;
}

static inline bool
cx128_is_zero(Cx128 a)
{
	return (a.hi | a.lo) == 0;
}

/* Negative as a signed value (top bit set; as unsigned, a >= 2^127). */
static inline bool
cx_i128_is_negative(Cx128 a)
{
	return (a.hi >> 63) != 0;
}

static inline Cx128
cx_u128_from_u64(uint64_t v)
{
	return cx128_make(0, v);
}

static inline Cx128
cx_i128_from_i64(int64_t v)
{
	return cx128_make(v < 0 ? UINT64_MAX : 0, (uint64_t) v);
}

/* Unsigned comparison: -1, 0 or 1. */
static inline int
cx_u128_cmp(Cx128 a, Cx128 b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	if (a.lo != b.lo)
		return a.lo < b.lo ? -1 : 1;
	return 0;
}

/* Signed comparison: -1, 0 or 1. */
static inline int
cx_i128_cmp(Cx128 a, Cx128 b)
{
	if (a.hi != b.hi)
		return (int64_t) a.hi < (int64_t) b.hi ? -1 : 1;
	if (a.lo != b.lo)
		return a.lo < b.lo ? -1 : 1;
	return 0;
}

/* a + b modulo 2^128 (the same bits for both readings). */
static inline Cx128
cx_u128_add(Cx128 a, Cx128 b)
{
	Cx128		r;

	r.lo = a.lo + b.lo;
	r.hi = a.hi + b.hi + (r.lo < a.lo ? 1 : 0);
	return r;
}

/* a - b modulo 2^128. */
static inline Cx128
cx_u128_sub(Cx128 a, Cx128 b)
{
	Cx128		r;

	r.lo = a.lo - b.lo;
	r.hi = a.hi - b.hi - (a.lo < b.lo ? 1 : 0);
	return r;
}

/* *r = a + b, signed; false (and *r unchanged) when it overflows. */
static inline bool
cx_i128_add(Cx128 a, Cx128 b, Cx128 *r)
{
	Cx128		s = cx_u128_add(a, b);

	/* overflow: both operands have one sign and the sum the other */
	if (((~(a.hi ^ b.hi)) & (a.hi ^ s.hi)) >> 63)
		return false;
	*r = s;
	return true;
}

/* *r = a - b, signed; false (and *r unchanged) when it overflows. */
static inline bool
cx_i128_sub(Cx128 a, Cx128 b, Cx128 *r)
{
	Cx128		s = cx_u128_sub(a, b);

	/* overflow: the operands have different signs and s has b's */
	if (((a.hi ^ b.hi) & (a.hi ^ s.hi)) >> 63)
		return false;
	*r = s;
	return true;
}

/* ---- 128-bit words (out of line) ---- */

/* *r = a * m, unsigned; false when the product reaches 2^128. */
extern bool cx_u128_mul_u32(Cx128 a, uint32_t m, Cx128 *r);

/* *r = a * m, signed; false when the product leaves the int128 range. */
extern bool cx_i128_mul_u32(Cx128 a, uint32_t m, Cx128 *r);
extern bool cx_i128_mul_i32(Cx128 a, int32_t m, Cx128 *r);

/* *r = a * 10^k for k >= 0, signed; false when it leaves the int128 range. */
extern bool cx_i128_mul_pow10(Cx128 a, int k, Cx128 *r);

/* *r = -a; false for -2^127, whose negation does not fit. */
extern bool cx_i128_neg(Cx128 a, Cx128 *r);

/* *q = a / d, returning a % d (unsigned, d > 0). */
extern uint32_t cx_u128_divmod_u32(Cx128 a, uint32_t d, Cx128 *q);

/* The double nearest to a (ties to even). */
extern double cx_u128_to_double(Cx128 a);
extern double cx_i128_to_double(Cx128 a);

/*
 * Write a, unsigned, as decimal text into buf (CX_DEC128_TEXT_SIZE bytes)
 * as if divided by 10^scale (0 <= scale <= 38): at least one digit before
 * the point, exactly scale digits after it, no point when scale is 0.
 * Returns the length.
 */
extern int	cx_u128_to_text(char *buf, Cx128 a, int scale);

/* ---- Scaled decimals ---- */

/*
 * *r = exactly a at the given scale (0 .. 38); false when scaling up
 * overflows or scaling down would drop non-zero digits.
 */
extern bool cx_dec128_rescale(CxDec128 a, int scale, CxDec128 *r);

/* a at the smallest scale that holds it exactly (no trailing zeros). */
extern CxDec128 cx_dec128_reduce(CxDec128 a);

/* *r = a + b or a - b at the larger of the two scales; false on overflow. */
extern bool cx_dec128_add(CxDec128 a, CxDec128 b, CxDec128 *r);
extern bool cx_dec128_sub(CxDec128 a, CxDec128 b, CxDec128 *r);

/* *r = a * m at a's scale; false on overflow. */
extern bool cx_dec128_mul_i32(CxDec128 a, int32_t m, CxDec128 *r);

/* Compare the values exactly, whatever the scales: -1, 0 or 1. */
extern int	cx_dec128_cmp(CxDec128 a, CxDec128 b);

/* The double nearest to the value (ties to even). */
extern double cx_dec128_to_double(CxDec128 a);

/*
 * Write a as decimal text into buf (CX_DEC128_TEXT_SIZE bytes): "-" when
 * negative, then as cx_u128_to_text with a.scale places.  Returns the length.
 */
extern int	cx_dec128_to_text(char *buf, CxDec128 a);

/*
 * Parse "[-]digits[.digits]" at str (no blanks, no exponent, digits on both
 * sides of a point) into *r, with the scale the text has.  *end is set to
 * the first character not consumed (on CX_DEC_SYNTAX, to str).  Returns
 * CX_DEC_SYNTAX, CX_DEC_SCALE (more than CX_DEC128_MAX_SCALE places),
 * CX_DEC_RANGE or CX_DEC_OK.
 */
extern CxDecStatus cx_dec128_from_text(const char *str, const char **end,
									   CxDec128 *r);

/* ---- PostgreSQL numeric ---- */

/*
 * Decode a numeric from its stored bytes: data is what follows the varlena
 * header (VARDATA_ANY of a detoasted datum), len its length.  Reads the
 * format of PostgreSQL's numeric.c directly, without allocating.
 *
 * On CX_DEC_OK *out holds the value at the smallest scale >= 0 it needs
 * (trailing zeros do not count: 100.5000 gives 1005 at scale 1, 1e5 gives
 * 100000 at scale 0); zero of either sign gives 0 at scale 0.  Otherwise:
 *	  CX_DEC_SPECIAL  NaN or an infinity;
 *	  CX_DEC_SCALE	  the value needs more than max_scale (<= 38) places;
 *	  CX_DEC_RANGE	  it needs more than 128 bits;
 *	  CX_DEC_SYNTAX	  the bytes are not a numeric (too short, bad digit);
 * and for the last three out->units is the value's sign (-1, 0 when not
 * known, or 1) and, for CX_DEC_SCALE, out->scale the places it needs.
 */
extern CxDecStatus cx_numeric_decode(const void *data, size_t len,
									 int max_scale, CxDec128 *out);

#endif							/* CXKPI_DECIMAL128_H */
