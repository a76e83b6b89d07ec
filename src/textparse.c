/*
 * textparse.c
 *	  Bounded decimal scanning for the text input functions (textparse.h).
 *
 * The value is accumulated as a magnitude in uint64 and compared with the
 * bound's magnitude before each step, so no intermediate value wraps, for
 * any number of digits: 18446744073709551621 is out of range, never 5.
 */
#include "textparse.h"

CxScan
cx_scan_int64(const char **p, int64_t lo, int64_t hi, int64_t *v)
{
	const char *s = *p;
	bool		neg = false;
	uint64_t	limit;
	uint64_t	mag = 0;
	bool		over = false;

	if (*s == '-' && lo < 0)
	{
		neg = true;
		s++;
	}
	if (!cx_is_digit(*s))
		return CX_SCAN_SYNTAX;

	/* the largest magnitude the bound on this side allows */
	if (neg)
		limit = (uint64_t) (-(lo + 1)) + 1;	/* |lo| without overflow */
	else
		limit = hi < 0 ? 0 : (uint64_t) hi;

	while (cx_is_digit(*s))
	{
		uint64_t	d = (uint64_t) (*s - '0');

		if (!over && mag > (limit - d) / 10)
			over = true;		/* (d > limit wraps limit - d: caught below) */
		else if (!over && d > limit)
			over = true;
		if (!over)
			mag = mag * 10 + d;
		s++;
	}
	*p = s;
	if (over)
		return CX_SCAN_RANGE;
	/* mag is within the magnitude limit of its sign, so this cannot wrap */
	*v = !neg ? (int64_t) mag : mag == 0 ? 0 : -(int64_t) (mag - 1) - 1;
	if (*v < lo || *v > hi)
		return CX_SCAN_RANGE;
	return CX_SCAN_OK;
}
