/*
 * textparse.h
 *	  The one bounded number scanner behind every cxkpi text input function.
 *
 * Pure C (no PostgreSQL headers), so it is unit-tested and fuzzed on its
 * own (tests/unit/test_textparse.c).  The scanner never reads past the
 * terminating NUL, never overflows: it checks the bound before every
 * multiplication, and reports what went wrong so that each type's input
 * function can word its own 22P02 message.
 */
#ifndef CXKPI_TEXTPARSE_H
#define CXKPI_TEXTPARSE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef enum CxScan
{
	CX_SCAN_OK = 0,				/* a number within the bounds was read */
	CX_SCAN_SYNTAX,				/* no digit where the number should start */
	CX_SCAN_RANGE				/* digits, but the value is outside the bounds */
} CxScan;

/*
 * Read a decimal integer at *p into *v: an optional '-' (only when lo < 0),
 * then one or more ASCII digits.  On CX_SCAN_OK, *p is past the last digit
 * and lo <= *v <= hi.  On CX_SCAN_RANGE, *p is past every digit of the
 * number (so callers can go on and report where it ended); on
 * CX_SCAN_SYNTAX *p is unchanged.  Requires lo <= hi.
 */
extern CxScan cx_scan_int64(const char **p, int64_t lo, int64_t hi, int64_t *v);

/* True when c is an ASCII decimal digit (locale-independent). */
static inline bool
cx_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Consume the literal lit at *p; false (and *p unchanged) when absent. */
static inline bool
cx_scan_literal(const char **p, const char *lit)
{
	size_t		n = strlen(lit);

	if (strncmp(*p, lit, n) != 0)
		return false;
	*p += n;
	return true;
}

#endif							/* CXKPI_TEXTPARSE_H */
