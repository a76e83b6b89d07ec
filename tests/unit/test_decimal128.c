/*
 * test_decimal128.c
 *	  Standalone unit test of src/decimal128.c (no PostgreSQL needed).
 *
 *	  cc -O2 -Wall -Wextra -Isrc -Itests/unit tests/unit/test_decimal128.c \
 *		  src/decimal128.c -lm
 *
 * Every expected value comes from decimal128_vectors.h, which
 * gen_decimal128_vectors.py computes with Python's exact integers,
 * fractions and decimals (see its docstring): values near 2^127, 2^64 and
 * 0, negative numbers, carries between the halves, scales 0 .. 20 and some
 * up to 38, halfway cases of the rounding to double, and the stored bytes
 * of PostgreSQL numerics in short, long and zero-padded form.  Inputs are
 * given to the C side as raw halves, never through the code under test.
 *
 * Prints the failures, one line each, and a final "N passed, M failed";
 * the exit status is non-zero if any check failed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal128.h"
#include "decimal128_vectors.h"

#define NELEM(a) ((int) (sizeof(a) / sizeof((a)[0])))

static int	n_passed = 0;
static int	n_failed = 0;

/* Record one check; print it when it failed. */
static void
check(int ok, const char *what, int row, const char *detail)
{
	if (ok)
	{
		n_passed++;
		return;
	}
	n_failed++;
	printf("FAIL %s row %d: %s\n", what, row, detail);
}

static int
same128(Cx128 a, uint64_t hi, uint64_t lo)
{
	return a.hi == hi && a.lo == lo;
}

/* The exact double written in C99 hex notation by the generator. */
static double
hexdbl(const char *s)
{
	return strtod(s, NULL);
}

static void
test_text(void)
{
	char		buf[CX_DEC128_TEXT_SIZE];
	char		msg[256];
	int			i;

	for (i = 0; i < NELEM(text_vectors); i++)
	{
		CxDec128	d = {{0, 0}, -1};
		const char *end = NULL;
		CxDecStatus st = cx_dec128_from_text(text_vectors[i].text, &end, &d);

		snprintf(msg, sizeof(msg), "\"%s\": status %d consumed %d", text_vectors[i].text,
				 (int) st, (int) (end - text_vectors[i].text));
		check(st == text_vectors[i].status &&
			  end - text_vectors[i].text == text_vectors[i].consumed, "from_text", i, msg);
		if (st != CX_DEC_OK || text_vectors[i].status != CX_DEC_OK)
			continue;
		check(same128(d.units, text_vectors[i].hi, text_vectors[i].lo) &&
			  d.scale == text_vectors[i].scale, "from_text value", i, text_vectors[i].text);
		cx_dec128_to_text(buf, d);
		snprintf(msg, sizeof(msg), "got %s want %s", buf, text_vectors[i].canon);
		check(strcmp(buf, text_vectors[i].canon) == 0, "to_text", i, msg);
	}
}

static void
test_u128(void)
{
	char		buf[CX_DEC128_TEXT_SIZE];
	char		msg[256];
	int			i;

	for (i = 0; i < NELEM(u128_vectors); i++)
	{
		Cx128		a = cx128_make(u128_vectors[i].hi, u128_vectors[i].lo);
		Cx128		q;
		uint32_t	rem;
		int			len = cx_u128_to_text(buf, a, u128_vectors[i].scale);

		snprintf(msg, sizeof(msg), "got %s want %s", buf, u128_vectors[i].text);
		check(strcmp(buf, u128_vectors[i].text) == 0 && len == (int) strlen(buf),
			  "u128_to_text", i, msg);
		rem = cx_u128_divmod_u32(a, u128_vectors[i].d, &q);
		check(same128(q, u128_vectors[i].qhi, u128_vectors[i].qlo) && rem == u128_vectors[i].rem,
			  "u128_divmod_u32", i, u128_vectors[i].text);
	}
}

static void
test_i128(void)
{
	char		msg[128];
	int			i;

	for (i = 0; i < NELEM(i128_pairs); i++)
	{
		Cx128		a = cx128_make(i128_pairs[i].ahi, i128_pairs[i].alo);
		Cx128		b = cx128_make(i128_pairs[i].bhi, i128_pairs[i].blo);
		Cx128		r = {0, 0};
		bool		ok;

		ok = cx_i128_add(a, b, &r);
		check(ok == i128_pairs[i].add_ok &&
			  (!ok || same128(r, i128_pairs[i].shi, i128_pairs[i].slo)), "i128_add", i, "");
		r = cx128_make(0, 0);
		ok = cx_i128_sub(a, b, &r);
		check(ok == i128_pairs[i].sub_ok &&
			  (!ok || same128(r, i128_pairs[i].dhi, i128_pairs[i].dlo)), "i128_sub", i, "");
		check(cx_i128_cmp(a, b) == i128_pairs[i].cmp, "i128_cmp", i, "");
		check(cx_i128_cmp(b, a) == -i128_pairs[i].cmp, "i128_cmp swapped", i, "");
	}
	for (i = 0; i < NELEM(i128_mul); i++)
	{
		Cx128		a = cx128_make(i128_mul[i].hi, i128_mul[i].lo);
		Cx128		r = {0, 0};
		bool		ok;

		ok = cx_i128_mul_i32(a, i128_mul[i].m, &r);
		snprintf(msg, sizeof(msg), "m = %" PRId32 " ok %d", i128_mul[i].m, (int) ok);
		check(ok == i128_mul[i].ok && (!ok || same128(r, i128_mul[i].rhi, i128_mul[i].rlo)),
			  "i128_mul_i32", i, msg);
		if (i128_mul[i].m >= 0)
		{
			r = cx128_make(0, 0);
			ok = cx_i128_mul_u32(a, (uint32_t) i128_mul[i].m, &r);
			check(ok == i128_mul[i].ok && (!ok || same128(r, i128_mul[i].rhi, i128_mul[i].rlo)),
				  "i128_mul_u32", i, msg);
		}
		r = cx128_make(0, 0);
		ok = cx_i128_mul_pow10(a, i128_mul[i].k, &r);
		snprintf(msg, sizeof(msg), "k = %d ok %d", i128_mul[i].k, (int) ok);
		check(ok == i128_mul[i].pok && (!ok || same128(r, i128_mul[i].phi, i128_mul[i].plo)),
			  "i128_mul_pow10", i, msg);
		r = cx128_make(0, 0);
		ok = cx_i128_neg(a, &r);
		check(ok == i128_mul[i].nok && (!ok || same128(r, i128_mul[i].nhi, i128_mul[i].nlo)),
			  "i128_neg", i, "");
	}
}

static void
test_double(void)
{
	char		msg[256];
	int			i;

	for (i = 0; i < NELEM(dbl_vectors); i++)
	{
		Cx128		a = cx128_make(dbl_vectors[i].hi, dbl_vectors[i].lo);
		CxDec128	d = {a, dbl_vectors[i].scale};
		double		got = cx_dec128_to_double(d);
		double		want = hexdbl(dbl_vectors[i].dbl);

		snprintf(msg, sizeof(msg), "scale %d got %a want %a", d.scale, got, want);
		check(got == want, "dec128_to_double", i, msg);
		if (d.scale == 0)
		{
			got = cx_i128_to_double(a);
			snprintf(msg, sizeof(msg), "got %a want %a", got, want);
			check(got == want, "i128_to_double", i, msg);
		}
		got = cx_u128_to_double(a);
		want = hexdbl(dbl_vectors[i].udbl);
		snprintf(msg, sizeof(msg), "got %a want %a", got, want);
		check(got == want, "u128_to_double", i, msg);
	}
}

static void
test_decimal(void)
{
	char		buf[CX_DEC128_TEXT_SIZE];
	char		msg[256];
	int			i;

	for (i = 0; i < NELEM(dec_rescale); i++)
	{
		CxDec128	a = {cx128_make(dec_rescale[i].hi, dec_rescale[i].lo), dec_rescale[i].scale};
		CxDec128	r = {{0, 0}, -1};
		bool		ok = cx_dec128_rescale(a, dec_rescale[i].to, &r);

		snprintf(msg, sizeof(msg), "scale %d to %d: ok %d", a.scale, dec_rescale[i].to, (int) ok);
		check(ok == dec_rescale[i].ok &&
			  (!ok || (same128(r.units, dec_rescale[i].rhi, dec_rescale[i].rlo) &&
					   r.scale == dec_rescale[i].to)), "dec128_rescale", i, msg);
		r = cx_dec128_reduce(a);
		check(same128(r.units, dec_rescale[i].dhi, dec_rescale[i].dlo) &&
			  r.scale == dec_rescale[i].dscale, "dec128_reduce", i, "");
	}
	for (i = 0; i < NELEM(dec_pairs); i++)
	{
		CxDec128	a = {cx128_make(dec_pairs[i].ahi, dec_pairs[i].alo), dec_pairs[i].as};
		CxDec128	b = {cx128_make(dec_pairs[i].bhi, dec_pairs[i].blo), dec_pairs[i].bs};
		CxDec128	r = {{0, 0}, -1};
		bool		ok;

		ok = cx_dec128_add(a, b, &r);
		if (ok)
			cx_dec128_to_text(buf, r);
		snprintf(msg, sizeof(msg), "ok %d got %s want %s", (int) ok, ok ? buf : "-", dec_pairs[i].sum);
		check(ok == dec_pairs[i].add_ok && (!ok || strcmp(buf, dec_pairs[i].sum) == 0),
			  "dec128_add", i, msg);
		ok = cx_dec128_sub(a, b, &r);
		if (ok)
			cx_dec128_to_text(buf, r);
		snprintf(msg, sizeof(msg), "ok %d got %s want %s", (int) ok, ok ? buf : "-", dec_pairs[i].diff);
		check(ok == dec_pairs[i].sub_ok && (!ok || strcmp(buf, dec_pairs[i].diff) == 0),
			  "dec128_sub", i, msg);
		ok = cx_dec128_mul_i32(a, dec_pairs[i].m, &r);
		if (ok)
			cx_dec128_to_text(buf, r);
		snprintf(msg, sizeof(msg), "ok %d got %s want %s", (int) ok, ok ? buf : "-", dec_pairs[i].prod);
		check(ok == dec_pairs[i].mul_ok && (!ok || strcmp(buf, dec_pairs[i].prod) == 0),
			  "dec128_mul_i32", i, msg);
		check(cx_dec128_cmp(a, b) == dec_pairs[i].cmp, "dec128_cmp", i, "");
		check(cx_dec128_cmp(b, a) == -dec_pairs[i].cmp, "dec128_cmp swapped", i, "");
	}
}

static void
test_numeric(void)
{
	char		msg[256];
	int			i;

	for (i = 0; i < NELEM(num_vectors); i++)
	{
		/* at an odd address, as packed (1-byte header) varlenas leave it */
		char		storage[2 * 16 + 1];
		char	   *bytes = storage + 1;
		CxDec128	d = {{7, 7}, -1};
		CxDecStatus st;

		memcpy(bytes, num_vectors[i].words, (size_t) num_vectors[i].nbytes);
		st = cx_numeric_decode(bytes, (size_t) num_vectors[i].nbytes,
							   num_vectors[i].max_scale, &d);
		snprintf(msg, sizeof(msg), "%s: status %d (want %d) units %016" PRIx64 ":%016" PRIx64 " scale %d",
				 num_vectors[i].note, (int) st, (int) num_vectors[i].status, d.units.hi, d.units.lo,
				 d.scale);
		check(st == num_vectors[i].status &&
			  same128(d.units, num_vectors[i].hi, num_vectors[i].lo) &&
			  (st == CX_DEC_RANGE || st == CX_DEC_SYNTAX || d.scale == num_vectors[i].scale),
			  "numeric_decode", i, msg);
	}
}

int
main(void)
{
	test_text();
	test_u128();
	test_i128();
	test_double();
	test_decimal();
	test_numeric();
	printf("%d passed, %d failed\n", n_passed, n_failed);
	return n_failed == 0 ? 0 : 1;
}
