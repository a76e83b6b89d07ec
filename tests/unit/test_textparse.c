/*
 * test_textparse.c
 *	  Standalone unit test of src/textparse.c, the bounded number scanner
 *	  behind every text input function (no PostgreSQL needed).
 *
 *	  cc -O2 -Wall -Wextra -Isrc tests/unit/test_textparse.c src/textparse.c
 *
 * The oracle is independent of the scanner's arithmetic: it compares
 * decimal strings (leading zeros stripped: the shorter string is smaller,
 * equal lengths compare as text) with the bounds printed by printf, and an
 * accepted value must print back as the digits that were read.  Cases: hand
 * picked edges (the bounds, one past them, 2^64 + 5 and other values that
 * wrap in 64 bits, long runs of digits and zeros, signs where they are not
 * allowed) and a million pseudo-random strings around the bounds.
 *
 * Prints failures and a final "N passed, M failed"; the exit status is
 * non-zero if any check failed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textparse.h"

static long n_passed = 0;
static long n_failed = 0;

/* Compare two non-negative decimal strings without leading zeros. */
static int
cmp_dec(const char *a, const char *b)
{
	size_t		la = strlen(a);
	size_t		lb = strlen(b);

	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

/* The digits of s without leading zeros ("0" for all zeros). */
static void
strip_zeros(const char *s, size_t n, char *out)
{
	while (n > 1 && *s == '0')
	{
		s++;
		n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

/*
 * What the scanner must do with input s and bounds [lo, hi]: the status,
 * the value's text when OK, and how many characters it consumes.
 */
static CxScan
oracle(const char *s, int64_t lo, int64_t hi, char *value, size_t *used)
{
	const char *p = s;
	bool		neg = false;
	size_t		nd = 0;
	char		mag[512];
	char		bound[32];

	if (*p == '-' && lo < 0)
	{
		neg = true;
		p++;
	}
	while (p[nd] >= '0' && p[nd] <= '9')
		nd++;
	if (nd == 0)
	{
		*used = 0;
		return CX_SCAN_SYNTAX;
	}
	*used = (size_t) (p - s) + nd;
	strip_zeros(p, nd, mag);
	if (neg && strcmp(mag, "0") != 0)
	{
		/* -mag >= lo  <=>  mag <= -lo */
		snprintf(bound, sizeof(bound), "%" PRIu64, (uint64_t) 0 - (uint64_t) lo);
		if (cmp_dec(mag, bound) > 0)
			return CX_SCAN_RANGE;
		if (hi < 0)
		{
			snprintf(bound, sizeof(bound), "%" PRIu64, (uint64_t) 0 - (uint64_t) hi);
			if (cmp_dec(mag, bound) < 0)
				return CX_SCAN_RANGE;	/* -mag > hi */
		}
		else
		{
			/* negative, hi >= 0: always <= hi */
		}
		snprintf(value, 512, "-%s", mag);
		return CX_SCAN_OK;
	}
	/* non-negative value mag (also "-0") */
	if (hi < 0)
		return CX_SCAN_RANGE;
	snprintf(bound, sizeof(bound), "%" PRId64, hi);
	if (cmp_dec(mag, bound) > 0)
		return CX_SCAN_RANGE;
	if (lo > 0)
	{
		snprintf(bound, sizeof(bound), "%" PRId64, lo);
		if (cmp_dec(mag, bound) < 0)
			return CX_SCAN_RANGE;
	}
	snprintf(value, 512, "%s", mag);
	return CX_SCAN_OK;
}

/* Run the scanner on s and compare with the oracle. */
static void
check(const char *s, int64_t lo, int64_t hi)
{
	const char *p = s;
	int64_t		v = 12345;
	CxScan		got = cx_scan_int64(&p, lo, hi, &v);
	char		want_value[512] = "";
	size_t		want_used;
	CxScan		want = oracle(s, lo, hi, want_value, &want_used);
	char		got_value[32];
	bool		ok = got == want;

	if (ok && got == CX_SCAN_OK)
	{
		snprintf(got_value, sizeof(got_value), "%" PRId64, v);
		ok = strcmp(got_value, want_value) == 0 && (size_t) (p - s) == want_used;
	}
	else if (ok && got == CX_SCAN_RANGE)
		ok = (size_t) (p - s) == want_used;
	else if (ok)
		ok = p == s;
	if (ok)
		n_passed++;
	else
	{
		n_failed++;
		if (n_failed <= 20)
			printf("FAIL \"%.60s\" in [%" PRId64 ", %" PRId64 "]: got status %d value %" PRId64
				   " used %d, want status %d value %s used %d\n",
				   s, lo, hi, (int) got, v, (int) (p - s), (int) want, want_value,
				   (int) want_used);
	}
}

/* A small deterministic generator (xorshift64*). */
static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint64_t
next_rand(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

int
main(void)
{
	static const int64_t bounds[][2] = {
		{0, INT64_MAX}, {-INT64_MAX, INT64_MAX}, {INT64_MIN, INT64_MAX},
		{0, ((int64_t) 1 << 62) - 1}, {0, 255}, {0, 20}, {-1000, 1000},
		{0, 0}, {5, 10}, {-10, -5}, {INT64_MIN, -1}, {1, 1}
	};
	static const char *const edges[] = {
		"0", "00000", "-0", "1", "9", "10", "255", "256", "-1", "-", "", "x", "+1",
		"1000", "1001", "-1000", "-1001", "5", "4", "10", "11", "-5", "-4", "-10", "-11",
		"4611686018427387903", "4611686018427387904",
		"9223372036854775807", "9223372036854775808", "-9223372036854775807",
		"-9223372036854775808", "-9223372036854775809",
		"18446744073709551615", "18446744073709551616", "18446744073709551621",
		"36893488147419103237", "184467440737095516160",
		"0000000000000000000000000000009223372036854775807",
		"99999999999999999999999999999999999999999999999999999999999999999999",
		"12;34", "7abc", "--5", "-x", "1e5", " 1"
	};
	int			b;
	int			i;

	for (b = 0; b < (int) (sizeof(bounds) / sizeof(bounds[0])); b++)
		for (i = 0; i < (int) (sizeof(edges) / sizeof(edges[0])); i++)
			check(edges[i], bounds[b][0], bounds[b][1]);

	/* random strings: digits of every length up to 25, around the bounds */
	for (i = 0; i < 1000000; i++)
	{
		char		s[40];
		int			len = 1 + (int) (next_rand() % 25);
		int			k = 0;
		int			j;

		if (next_rand() % 3 == 0)
			s[k++] = '-';
		if (next_rand() % 2 == 0 && len >= 19)
		{
			/* a prefix of a bound, to land near it */
			const char *pre = (next_rand() % 2) ? "922337203685477580" : "461168601842738790";

			for (j = 0; pre[j] && k < 30; j++)
				s[k++] = pre[j];
			len -= 18;
		}
		for (j = 0; j < len && k < 38; j++)
			s[k++] = (char) ('0' + next_rand() % 10);
		if (next_rand() % 4 == 0)
			s[k++] = (char) ",;x."[next_rand() % 4];
		s[k] = '\0';
		b = (int) (next_rand() % (sizeof(bounds) / sizeof(bounds[0])));
		check(s, bounds[b][0], bounds[b][1]);
	}

	printf("%ld passed, %ld failed\n", n_passed, n_failed);
	return n_failed == 0 ? 0 : 1;
}
