/*
 * decimal128.c
 *	  Exact 128-bit decimal arithmetic and the numeric decoder (see
 *	  decimal128.h for the types and the contract of each function).
 *
 * The arithmetic works on two uint64 halves rather than the compiler's
 * __int128: the halves sit in revenue_summary's on-disk struct with no
 * alignment requirement beyond 8 bytes, and the same code runs (and is
 * tested) on every platform PostgreSQL supports, with or without int128.
 * Products and quotients go through 32-bit limbs, so every intermediate
 * fits in a uint64.
 *
 * Signed values are handled as a sign and an unsigned magnitude: the
 * magnitude of -2^127 is 2^127, which a Cx128 read as unsigned holds.
 *
 * Correct rounding to double.  An integer u of up to 128 bits is reduced to
 * 64 bits, its top 64, with a "sticky" low bit set when any bit below was
 * set; converting those 64 bits (at least 11 more than a double keeps) to
 * double then rounds exactly as the whole of u would, and the scaling by a
 * power of two is exact.  A decimal u / 10^s is first turned into such an
 * integer: u is shifted left until the quotient by 10^s has at least 65
 * bits, the quotient q is computed by long division with a sticky bit for a
 * non-zero remainder, and 2q + sticky (odd whenever the division was not
 * exact, so never a halfway point) is rounded as above.  This assumes what
 * PostgreSQL assumes of floats: IEEE 754 binary64, rounding to nearest.
 */
#include <math.h>
#include <string.h>

#include "decimal128.h"

/* 10^0 .. 10^9, the powers of ten that fit in 32 bits */
static const uint32_t pow10_u32[10] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000
};

/* ----------------------------------------------------------------
 * 128-bit words
 * ----------------------------------------------------------------
 */

/* |a| of a signed a, as an unsigned word (2^127 for -2^127). */
static inline Cx128
magnitude(Cx128 a)
{
	return cx_i128_is_negative(a) ? cx_u128_sub(cx128_make(0, 0), a) : a;
}

/* *r = the signed value with magnitude mag and sign neg; false if it does not fit. */
static inline bool
from_magnitude(Cx128 mag, bool neg, Cx128 *r)
{
	if (neg)
	{
		/* -2^127 .. -1 have magnitudes 1 .. 2^127 */
		if (mag.hi > UINT64_C(0x8000000000000000) ||
			(mag.hi == UINT64_C(0x8000000000000000) && mag.lo != 0))
			return false;
		*r = cx_u128_sub(cx128_make(0, 0), mag);
		return true;
	}
	if (cx_i128_is_negative(mag))
		return false;
	*r = mag;
	return true;
}

/* *r = a * m, unsigned; false when the product reaches 2^128. */
static inline bool
mul_u32(Cx128 a, uint32_t m, Cx128 *r)
{
	uint64_t	t;
	uint32_t	r0,
				r1,
				r2,
				r3;

	t = (a.lo & 0xFFFFFFFF) * m;
	r0 = (uint32_t) t;
	t = (a.lo >> 32) * m + (t >> 32);
	r1 = (uint32_t) t;
	t = (a.hi & 0xFFFFFFFF) * m + (t >> 32);
	r2 = (uint32_t) t;
	t = (a.hi >> 32) * m + (t >> 32);
	r3 = (uint32_t) t;
	if ((t >> 32) != 0)
		return false;
	r->hi = ((uint64_t) r3 << 32) | r2;
	r->lo = ((uint64_t) r1 << 32) | r0;
	return true;
}

/* *r = a * m, unsigned (decimal128.h). */
bool
cx_u128_mul_u32(Cx128 a, uint32_t m, Cx128 *r)
{
	return mul_u32(a, m, r);
}

/* *r = a * m, signed. */
bool
cx_i128_mul_u32(Cx128 a, uint32_t m, Cx128 *r)
{
	Cx128		p;

	if (!cx_u128_mul_u32(magnitude(a), m, &p))
		return false;
	return from_magnitude(p, cx_i128_is_negative(a), r);
}

/* *r = a * m, signed, m of either sign. */
bool
cx_i128_mul_i32(Cx128 a, int32_t m, Cx128 *r)
{
	Cx128		p;
	uint32_t	mm = m < 0 ? (uint32_t) 0 - (uint32_t) m : (uint32_t) m;

	if (!cx_u128_mul_u32(magnitude(a), mm, &p))
		return false;
	return from_magnitude(p, cx_i128_is_negative(a) != (m < 0), r);
}

/* *r = a * 10^k, signed (zero times anything is zero). */
bool
cx_i128_mul_pow10(Cx128 a, int k, Cx128 *r)
{
	Cx128		p = magnitude(a);

	if (cx128_is_zero(a))
	{
		*r = a;
		return true;
	}
	if (k > 38)
		return false;			/* 10^39 > 2^128 */
	while (k > 0)
	{
		int			step = k < 9 ? k : 9;

		if (!cx_u128_mul_u32(p, pow10_u32[step], &p))
			return false;
		k -= step;
	}
	return from_magnitude(p, cx_i128_is_negative(a), r);
}

/* *r = -a. */
bool
cx_i128_neg(Cx128 a, Cx128 *r)
{
	return from_magnitude(magnitude(a), !cx_i128_is_negative(a), r);
}

/* *q = a / d, returning a % d: long division on 32-bit limbs. */
uint32_t
cx_u128_divmod_u32(Cx128 a, uint32_t d, Cx128 *q)
{
	uint64_t	limbs[4] = {a.hi >> 32, a.hi & 0xFFFFFFFF, a.lo >> 32, a.lo & 0xFFFFFFFF};
	uint64_t	rem = 0;
	int			i;

	for (i = 0; i < 4; i++)
	{
		uint64_t	cur = (rem << 32) | limbs[i];

		limbs[i] = cur / d;
		rem = cur % d;
	}
	q->hi = (limbs[0] << 32) | limbs[1];
	q->lo = (limbs[2] << 32) | limbs[3];
	return (uint32_t) rem;
}

/* Number of leading zero bits of a non-zero v. */
static inline int
clz64(uint64_t v)
{
#if defined(__GNUC__) || defined(__clang__)
	return __builtin_clzll(v);
#else
	int			n = 0;

	while (!(v & UINT64_C(0x8000000000000000)))
	{
		v <<= 1;
		n++;
	}
	return n;
#endif
}

/* The nearest double: the top 64 bits with a sticky bit, then an exact scaling. */
double
cx_u128_to_double(Cx128 a)
{
	int			lz;
	uint64_t	top;
	uint64_t	rest;

	if (a.hi == 0)
		return (double) a.lo;
	lz = clz64(a.hi);
	top = lz == 0 ? a.hi : (a.hi << lz) | (a.lo >> (64 - lz));
	rest = a.lo << lz;			/* the bits below the top 64 */
	if (rest != 0)
		top |= 1;				/* sticky: rounds as the whole would */
	return ldexp((double) top, 64 - lz);
}

/* The nearest double of a signed value. */
double
cx_i128_to_double(Cx128 a)
{
	double		d = cx_u128_to_double(magnitude(a));

	return cx_i128_is_negative(a) ? -d : d;
}

/* a / 10^scale as decimal text, unsigned. */
int
cx_u128_to_text(char *buf, Cx128 a, int scale)
{
	char		digits[CX_DEC128_TEXT_SIZE];
	int			n = 0;
	int			len = 0;
	int			i;

	/* digits, least significant first; at least scale + 1 of them */
	do
	{
		Cx128		q;
		uint32_t	chunk = cx_u128_divmod_u32(a, pow10_u32[9], &q);

		for (i = 0; i < 9; i++)
		{
			digits[n++] = (char) ('0' + chunk % 10);
			chunk /= 10;
		}
		a = q;
	} while (!cx128_is_zero(a));
	while (n > scale + 1 && digits[n - 1] == '0')
		n--;
	while (n < scale + 1)
		digits[n++] = '0';
	for (i = n - 1; i >= 0; i--)
	{
		buf[len++] = digits[i];
		if (i == scale && scale > 0)
			buf[len++] = '.';
	}
	buf[len] = '\0';
	return len;
}

/* ----------------------------------------------------------------
 * Scaled decimals
 * ----------------------------------------------------------------
 */

/* Exactly a at another scale, or false. */
bool
cx_dec128_rescale(CxDec128 a, int scale, CxDec128 *r)
{
	Cx128		p;
	int			k;

	if (scale < 0 || scale > CX_DEC128_MAX_SCALE)
		return false;
	if (scale >= a.scale)
	{
		if (!cx_i128_mul_pow10(a.units, scale - a.scale, &p))
			return false;
	}
	else
	{
		p = magnitude(a.units);
		for (k = a.scale - scale; k > 0; k -= 9)
		{
			if (cx_u128_divmod_u32(p, pow10_u32[k < 9 ? k : 9], &p) != 0)
				return false;
		}
		/* a smaller magnitude of the same sign always fits */
		(void) from_magnitude(p, cx_i128_is_negative(a.units), &p);
	}
	r->units = p;
	r->scale = scale;
	return true;
}

/* a without trailing zeros. */
CxDec128
cx_dec128_reduce(CxDec128 a)
{
	Cx128		p = magnitude(a.units);
	Cx128		q;
	bool		neg = cx_i128_is_negative(a.units);

	if (cx128_is_zero(p))
		a.scale = 0;
	while (a.scale > 0 && cx_u128_divmod_u32(p, 10, &q) == 0)
	{
		p = q;
		a.scale--;
	}
	(void) from_magnitude(p, neg, &a.units);
	return a;
}

/* a and b at their common (larger) scale; false when one cannot get there. */
static bool
align(CxDec128 *a, CxDec128 *b)
{
	if (a->scale < b->scale)
		return cx_dec128_rescale(*a, b->scale, a);
	if (b->scale < a->scale)
		return cx_dec128_rescale(*b, a->scale, b);
	return true;
}

/* *r = a + b, exact. */
bool
cx_dec128_add(CxDec128 a, CxDec128 b, CxDec128 *r)
{
	if (!align(&a, &b) || !cx_i128_add(a.units, b.units, &a.units))
		return false;
	*r = a;
	return true;
}

/* *r = a - b, exact. */
bool
cx_dec128_sub(CxDec128 a, CxDec128 b, CxDec128 *r)
{
	if (!align(&a, &b) || !cx_i128_sub(a.units, b.units, &a.units))
		return false;
	*r = a;
	return true;
}

/* *r = a * m, exact. */
bool
cx_dec128_mul_i32(CxDec128 a, int32_t m, CxDec128 *r)
{
	if (!cx_i128_mul_i32(a.units, m, &a.units))
		return false;
	*r = a;
	return true;
}

/* Exact comparison of two decimals of any scales. */
int
cx_dec128_cmp(CxDec128 a, CxDec128 b)
{
	bool		an = cx_i128_is_negative(a.units);
	bool		bn = cx_i128_is_negative(b.units);

	if (an != bn)
		return an ? -1 : 1;

	/*
	 * Same sign.  When one side cannot be raised to the other's scale, its
	 * magnitude exceeds 2^127 units there, more than the other side holds.
	 */
	if (a.scale < b.scale && !cx_dec128_rescale(a, b.scale, &a))
		return an ? -1 : 1;
	if (b.scale < a.scale && !cx_dec128_rescale(b, a.scale, &b))
		return an ? 1 : -1;
	return cx_i128_cmp(a.units, b.units);
}

/* An upper bound of the bit length of 10^s, which is floor(s log2 10) + 1. */
#define POW10_BITS_BOUND(s) (((s) * 10 + 2) / 3 + 1)

/* The nearest double of units / 10^scale (method at the top of the file). */
double
cx_dec128_to_double(CxDec128 a)
{
	/* 10^0 .. 10^22 are exact doubles */
	static const double pow10_dbl[23] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
	};
	bool		neg = cx_i128_is_negative(a.units);
	Cx128		u = magnitude(a.units);
	uint32_t	limbs[8];		/* u << shift, most significant first */
	int			bits;
	int			target;
	int			shift;
	int			i;
	int			k;
	uint32_t	sticky = 0;
	Cx128		q;
	double		d;

	if (a.scale == 0 || cx128_is_zero(u))
		d = cx_u128_to_double(u);
	else if (u.hi == 0 && u.lo < (UINT64_C(1) << 53) && a.scale <= 22)
		d = (double) u.lo / pow10_dbl[a.scale];	/* both exact: one rounding */
	else
	{
		/* N = u << shift with the quotient N / 10^scale of >= 65 bits */
		bits = u.hi != 0 ? 128 - clz64(u.hi) : 64 - clz64(u.lo);
		target = POW10_BITS_BOUND(a.scale) + 65;
		if (target < bits)
			target = bits;
		shift = target - bits;	/* N has target <= 193 bits */
		memset(limbs, 0, sizeof(limbs));
		for (i = 0; i < 4; i++)
		{
			/* limb i of u (3 - i from the bottom) moves up shift bits */
			uint32_t	limb = (uint32_t) ((i < 2 ? u.hi : u.lo) >> (i % 2 == 0 ? 32 : 0));
			uint64_t	v = (uint64_t) limb << (shift % 32);
			int			at = 7 - (3 - i + shift / 32);	/* index of its low part */

			/* N < 2^193: the non-zero parts land inside limbs[] */
			if ((uint32_t) v != 0)
				limbs[at] |= (uint32_t) v;
			if ((uint32_t) (v >> 32) != 0)
				limbs[at - 1] |= (uint32_t) (v >> 32);
		}
		/* q = N / 10^scale, in steps of at most 10^9; sticky = remainder != 0 */
		for (k = a.scale; k > 0; k -= 9)
		{
			uint32_t	dv = pow10_u32[k < 9 ? k : 9];
			uint64_t	rem = 0;

			for (i = 0; i < 8; i++)
			{
				uint64_t	cur = (rem << 32) | limbs[i];

				limbs[i] = (uint32_t) (cur / dv);
				rem = cur % dv;
			}
			sticky |= rem != 0;
		}
		/* q < 2^127 here (it has at most target - bits(10^scale) + 1 bits) */
		q.hi = ((uint64_t) limbs[4] << 32) | limbs[5];
		q.lo = ((uint64_t) limbs[6] << 32) | limbs[7];
		/* 2q + sticky: odd when inexact, so it rounds as N / 10^scale does */
		q = cx_u128_add(cx_u128_add(q, q), cx_u128_from_u64(sticky));
		d = ldexp(cx_u128_to_double(q), -shift - 1);
	}
	return neg ? -d : d;
}

/* a as decimal text with a.scale places. */
int
cx_dec128_to_text(char *buf, CxDec128 a)
{
	if (cx_i128_is_negative(a.units))
	{
		buf[0] = '-';
		return 1 + cx_u128_to_text(buf + 1, magnitude(a.units), a.scale);
	}
	return cx_u128_to_text(buf, a.units, a.scale);
}

/* Parse [-]digits[.digits] exactly. */
CxDecStatus
cx_dec128_from_text(const char *str, const char **end, CxDec128 *r)
{
	const char *p = str;
	bool		neg = false;
	bool		big = false;	/* the magnitude has reached 2^128 */
	int			frac = -1;		/* digits after the point; -1 before it */
	Cx128		mag = cx128_make(0, 0);

	*end = str;
	if (*p == '-')
	{
		neg = true;
		p++;
	}
	if (*p < '0' || *p > '9')
		return CX_DEC_SYNTAX;
	for (;; p++)
	{
		if (*p >= '0' && *p <= '9')
		{
			Cx128		d = cx_u128_from_u64((uint64_t) (*p - '0'));

			if (!big && (!cx_u128_mul_u32(mag, 10, &mag) ||
						 cx_u128_cmp(mag = cx_u128_add(mag, d), d) < 0))
				big = true;		/* the multiply or the add carried out */
			if (frac >= 0)
				frac++;
		}
		else if (*p == '.' && frac < 0 && p[1] >= '0' && p[1] <= '9')
			frac = 0;
		else
			break;
	}
	*end = p;
	if (frac > CX_DEC128_MAX_SCALE)
		return CX_DEC_SCALE;
	if (big || !from_magnitude(mag, neg, &r->units))
		return CX_DEC_RANGE;
	r->scale = frac < 0 ? 0 : frac;
	return CX_DEC_OK;
}

/* ----------------------------------------------------------------
 * PostgreSQL numeric
 *
 * The stored format, as defined by struct NumericShort / NumericLong and
 * the NUMERIC_* macros of src/backend/utils/adt/numeric.c (not exported by
 * any header).  After the varlena header: a uint16 header word, for the
 * long form an int16 weight, then int16 base-10000 digits, most
 * significant first:
 *	  header & 0xC000 == 0xC000  NUMERIC_SPECIAL: NaN, +Infinity, -Infinity
 *	  header & 0xC000 == 0x8000  NUMERIC_SHORT: sign 0x2000, display scale
 *								 0x1F80, weight in the low 7 bits (two's
 *								 complement: sign 0x0040, value 0x003F)
 *	  otherwise					 long form: sign 0x4000 (NUMERIC_NEG),
 *								 display scale 0x3FFF, weight in the next
 *								 int16
 * The value is sum(digit[i] * 10000^(weight - i)).  The long form is older
 * than any release pg_upgrade upgrades from; the short form came with 9.1
 * and the special values with 14, each in a bit pattern no earlier value
 * had.  pg_upgrade copies data files as they are, so every release reads
 * all three unchanged.
 * ----------------------------------------------------------------
 */

#define NUM_NBASE			10000
#define NUM_SPECIAL_MASK	0xC000	/* NUMERIC_SIGN_MASK == NUMERIC_SPECIAL */
#define NUM_SHORT			0x8000	/* NUMERIC_SHORT */
#define NUM_SHORT_NEG		0x2000	/* NUMERIC_SHORT_SIGN_MASK */
#define NUM_SHORT_WSIGN		0x0040	/* NUMERIC_SHORT_WEIGHT_SIGN_MASK */
#define NUM_SHORT_WMASK		0x003F	/* NUMERIC_SHORT_WEIGHT_MASK */
#define NUM_LONG_NEG		0x4000	/* NUMERIC_NEG */

/* The int16 digit i of the digit array at p (read unaligned). */
static inline int16_t
digit_at(const char *p, int i)
{
	int16_t		dig;

	memcpy(&dig, p + i * sizeof(int16_t), sizeof(int16_t));
	return dig;
}

/* *acc = *acc * m + add, unsigned; false when that reaches 2^128. */
static inline bool
mul_add(Cx128 *acc, uint32_t m, uint32_t add)
{
	if (!mul_u32(*acc, m, acc))
		return false;
	acc->lo += add;
	return acc->lo >= add || ++acc->hi != 0;
}

/* The failure status st of a value of sign neg (out->units = -1 or 1). */
static inline CxDecStatus
fail(CxDec128 *out, bool neg, CxDecStatus st)
{
	out->units = cx_i128_from_i64(neg ? -1 : 1);
	return st;
}

/* Decode a stored numeric into a decimal, in place. */
CxDecStatus
cx_numeric_decode(const void *data, size_t len, int max_scale, CxDec128 *out)
{
	const char *p = (const char *) data;
	uint16_t	header;
	int			weight;
	size_t		hdr;
	int			ndigits;
	int			first;
	int			last;
	int			tz;
	int			lastdig;
	int			exp10;
	int			places;
	int			i;
	bool		neg;
	uint64_t	acc64 = 0;
	Cx128		acc;

	out->units = cx128_make(0, 0);
	out->scale = 0;
	if (len < sizeof(uint16_t))
		return CX_DEC_SYNTAX;
	memcpy(&header, p, sizeof(uint16_t));
	if ((header & NUM_SPECIAL_MASK) == NUM_SPECIAL_MASK)
		return CX_DEC_SPECIAL;
	if (header & NUM_SHORT)
	{
		weight = (header & NUM_SHORT_WSIGN ? ~NUM_SHORT_WMASK : 0) |
			(header & NUM_SHORT_WMASK);
		hdr = sizeof(uint16_t);
		neg = (header & NUM_SHORT_NEG) != 0;
	}
	else
	{
		int16_t		w;

		if (len < 2 * sizeof(uint16_t))
			return CX_DEC_SYNTAX;
		memcpy(&w, p + sizeof(uint16_t), sizeof(int16_t));
		weight = w;
		hdr = 2 * sizeof(uint16_t);
		neg = (header & NUM_LONG_NEG) != 0;
	}
	ndigits = (int) ((len - hdr) / sizeof(int16_t));
	p += hdr;

	/* skip leading and trailing zero digits (normally already stripped) */
	for (first = 0; first < ndigits && digit_at(p, first) == 0; first++)
		;
	if (first == ndigits)
		return CX_DEC_OK;		/* zero, of either sign */
	for (last = ndigits - 1; digit_at(p, last) == 0; last--)
		;

	/* the last digit without its tz decimal trailing zeros */
	lastdig = digit_at(p, last);
	if (lastdig < 0 || lastdig >= NUM_NBASE)
		return fail(out, neg, CX_DEC_SYNTAX);
	tz = lastdig % 10 != 0 ? 0 : lastdig % 100 != 0 ? 1 : lastdig % 1000 != 0 ? 2 : 3;
	switch (tz)					/* constant divisors: no division instruction */
	{
		case 1:
			lastdig /= 10;
			break;
		case 2:
			lastdig /= 100;
			break;
		case 3:
			lastdig /= 1000;
			break;
	}

	/*
	 * Digit i is worth 10000^(weight - i), so the last non-zero one is worth
	 * 10^(4 (weight - last)) and the value needs 4 (last - weight) - tz
	 * decimal places.
	 */
	exp10 = 4 * (weight - last);
	places = -exp10 - tz;
	if (places > max_scale)
	{
		out->scale = places;
		return fail(out, neg, CX_DEC_SCALE);
	}

	/*
	 * The magnitude, unsigned: the last digit enters without its trailing
	 * zeros, so acc never holds more than the value needs.  The steps only
	 * grow acc, so a carry out of 128 bits is a value out of range, and one
	 * range check at the end suffices.  Up to 15 decimal digits accumulate
	 * in a uint64 (the common case: one multiply per digit).
	 */
	for (i = first; i < last && acc64 < UINT64_C(100000000000); i++)
	{
		int			dig = digit_at(p, i);

		if (dig < 0 || dig >= NUM_NBASE)
			return fail(out, neg, CX_DEC_SYNTAX);
		acc64 = acc64 * NUM_NBASE + (uint64_t) dig;
	}
	acc = cx_u128_from_u64(acc64);
	for (; i < last; i++)
	{
		int			dig = digit_at(p, i);

		if (dig < 0 || dig >= NUM_NBASE)
			return fail(out, neg, CX_DEC_SYNTAX);
		if (!mul_add(&acc, NUM_NBASE, (uint32_t) dig))
			return fail(out, neg, CX_DEC_RANGE);
	}
	if (acc.hi == 0 && acc.lo < UINT64_C(100000000000000))
		acc.lo = acc.lo * pow10_u32[4 - tz] + (uint64_t) lastdig;
	else if (!mul_add(&acc, pow10_u32[4 - tz], (uint32_t) lastdig))
		return fail(out, neg, CX_DEC_RANGE);

	/*
	 * The value is acc * 10^(exp10 + tz); in units of 10^-scale, with scale
	 * = max(places, 0), that is acc * 10^(exp10 + tz + scale) and the
	 * exponent is max(exp10 + tz, 0).
	 */
	exp10 += tz + (places > 0 ? places : 0);
	for (; exp10 > 0; exp10 -= 9)
	{
		if (!mul_u32(acc, pow10_u32[exp10 < 9 ? exp10 : 9], &acc))
			return fail(out, neg, CX_DEC_RANGE);
	}
	if (!from_magnitude(acc, neg, &out->units))
		return fail(out, neg, CX_DEC_RANGE);
	out->scale = places > 0 ? places : 0;
	return CX_DEC_OK;
}
