/*
 * clv.c
 *	  Customer lifetime value: rfm_agg (per-customer recency, frequency and
 *	  monetary value from orders), the BG/NBD and Gamma-Gamma models fitted
 *	  by aggregates (bgnbd_fit, gamma_gamma_fit), the model types with their
 *	  I/O and accessors, scoring (expected purchases, P(alive), conditional
 *	  expected value, discounted CLV) and the simple contractual CLV.  The
 *	  mathematics is layer 1 (clv_math.c); this file is the fmgr glue.
 *
 * The fits' transition state is a clv_points value: a varlena holding a
 * cx_clv_set, the open-addressing hash of distinct points (x, t_x, T) or
 * (x, m) with a count each (clv_math.h).  Rows update it in place; when it
 * is 3/4 full a set of twice the capacity replaces it (amortised O(1) per
 * row, one allocation per doubling), so its memory is bounded by the
 * number of distinct points, not customers.  The combine function merges
 * two sets.  The final function copies the points out sorted (canonical
 * order) and fits from that array, so the model is the same bit for bit
 * whatever the order of the rows and the shape of the plan.
 *
 * Models (bgnbd_model, spend_model) are fixed-size varlenas: a format
 * version, the parameters, the log-likelihood, the counts and the
 * optimiser's report.  bgnbd_model(r, alpha, a, b) and spend_model(p, q,
 * gamma) make a model from given parameters (customers 0, no likelihood),
 * to score with published or hand-picked values.
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/float.h"
#include "utils/fmgrprotos.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "clv_math.h"
#include "cxkpi.h"
#include "textparse.h"

/* ----------------------------------------------------------------
 * Shared error helpers
 * ----------------------------------------------------------------
 */

/* A float for a message: shortest exact text. */
static char *
fmt_double(double v)
{
	return float8out_internal(v);
}

/* Raise 22023 for an invalid customer (x, t_x, T), values in the detail. */
cx_noreturn static void
bad_customer(int status, int64 x, double t_x, double T)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid customer for the BG/NBD model: %s", cx_clv_status_name(status)),
			 errdetail("Got x = " INT64_FORMAT ", t_x = %s, T = %s; a customer needs x >= 0, 0 <= t_x <= T (finite), and t_x = 0 when x = 0.",
					   x, fmt_double(t_x), fmt_double(T))));
}

/* Raise 22023 for an invalid repeat buyer (x, m). */
cx_noreturn static void
bad_spender(int status, int64 x, double m)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid customer for the Gamma-Gamma model: %s", cx_clv_status_name(status)),
			 errdetail("Got x = " INT64_FORMAT ", m = %s; the model takes repeat buyers (x >= 1) with a mean repeat spend m > 0 (finite); rows with x = 0 are skipped.",
					   x, fmt_double(m))));
}

/* Check one BG/NBD customer (22023 when invalid). */
static inline void
check_customer(int64 x, double t_x, double T)
{
	int			st = cx_bgnbd_check(x, t_x, T);

	if (unlikely(st != CX_CLV_OK))
		bad_customer(st, x, t_x, T);
}

/* ----------------------------------------------------------------
 * clv_points: the fits' transition state
 * ----------------------------------------------------------------
 */

#define CLV_POINTS_VERSION	1
#define CLV_KIND_BGNBD		1
#define CLV_KIND_GG			2

typedef struct CxClvPoints
{
	int32		vl_len_;
	uint8		version;
	uint8		kind;			/* CLV_KIND_BGNBD or CLV_KIND_GG */
	uint16		reserved;		/* zero */
	uint32		reserved2;		/* zero */
	uint32		reserved3;		/* zero */
	cx_clv_set	set;			/* at offset 16: 8-byte aligned */
} CxClvPoints;

#define CLV_POINTS_HDR	offsetof(CxClvPoints, set)
#define CLV_POINTS_SIZE(cap)	(CLV_POINTS_HDR + cx_clv_set_size(cap))
/* the largest capacity whose value stays below MaxAllocSize */
#define CLV_POINTS_MAX_CAP	(UINT32_C(1) << 24)

StaticAssertDecl(offsetof(CxClvPoints, set) == 16, "clv_points header is 16 bytes");

/* What in-place updates and reads rely on: size matches the capacity. */
static inline bool
points_header_ok(const struct varlena *v)
{
	const CxClvPoints *p = (const CxClvPoints *) v;
	uint32		cap;

	if (VARSIZE(v) < CLV_POINTS_SIZE(8) || p->version != CLV_POINTS_VERSION ||
		(p->kind != CLV_KIND_BGNBD && p->kind != CLV_KIND_GG))
		return false;
	cap = p->set.capacity;
	return cap >= 8 && cap <= CLV_POINTS_MAX_CAP && (cap & (cap - 1)) == 0 &&
		VARSIZE(v) == CLV_POINTS_SIZE(cap) && p->set.used <= cap / 4 * 3;
}

/* Full validation (CxVarType.validate and both input functions). */
static bool
points_validate(struct varlena *v, const char **why)
{
	CxClvPoints *p = (CxClvPoints *) v;
	int			st;

	if (!points_header_ok(v))
	{
		*why = "The value's size, version, kind or capacity is invalid.";
		return false;
	}
	if (p->reserved != 0 || p->reserved2 != 0 || p->reserved3 != 0)
	{
		*why = "Reserved bytes are not zero.";
		return false;
	}
	st = cx_clv_set_validate(&p->set, VARSIZE(v) - CLV_POINTS_HDR,
							 p->kind == CLV_KIND_GG);
	if (st != CX_CLV_OK)
	{
		*why = psprintf("The point set is invalid: %s.", cx_clv_status_name(st));
		return false;
	}
	return true;
}

static const CxVarType points_type = {"clv_points", points_header_ok, points_validate};

/* A new empty set of the given kind and capacity in the current context. */
static CxClvPoints *
points_new(int kind, uint32 cap)
{
	CxClvPoints *p;

	if (cap == 0 || cap > CLV_POINTS_MAX_CAP)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many distinct customer points for one model fit"),
				 errdetail("A fit holds at most %u distinct points (x, t_x, T) or (x, m).",
						   (unsigned) (CLV_POINTS_MAX_CAP / 4 * 3)),
				 errhint("Round t_x and T to whole units (rfm_agg does), or fit per segment.")));
	p = palloc(CLV_POINTS_SIZE(cap));
	SET_VARSIZE(p, CLV_POINTS_SIZE(cap));
	p->version = CLV_POINTS_VERSION;
	p->kind = (uint8) kind;
	p->reserved = 0;
	p->reserved2 = 0;
	p->reserved3 = 0;
	cx_clv_set_init(&p->set, cap);
	return p;
}

/* A copy of p with room for `need` distinct points. */
static CxClvPoints *
points_grow(const CxClvPoints *p, uint64 need)
{
	CxClvPoints *q = points_new(p->kind, cx_clv_set_capacity_for(need));

	if (cx_clv_set_rehash(&q->set, &p->set) != CX_CLV_OK)
		elog(ERROR, "clv_points rehash failed");
	return q;
}

/* Raise 22003 when a total count would overflow. */
cx_noreturn static void
points_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("customer count out of range"),
			 errdetail("A fit counts at most 9223372036854775807 customers.")));
}

/*
 * Add count customers at (x, u, v) to *pp, growing it when full; returns
 * the (possibly new) set.
 */
static CxClvPoints *
points_add(CxClvPoints *p, int64 x, double u, double v, int64 count)
{
	int			st = cx_clv_set_add(&p->set, x, u, v, count);

	if (likely(st == CX_CLV_OK))
		return p;
	if (st == CX_CLV_FULL)
	{
		p = points_grow(p, (uint64) p->set.used + 1);
		st = cx_clv_set_add(&p->set, x, u, v, count);
	}
	if (st == CX_CLV_OVERFLOW)
		points_overflow();
	if (st != CX_CLV_OK)
		elog(ERROR, "clv_points add failed: %s", cx_clv_status_name(st));
	return p;
}

/* Raise 22023: a point set of the other model. */
cx_noreturn static void
wrong_kind(const char *fit, int kind)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("clv_points of a %s model passed to %s",
					kind == CLV_KIND_GG ? "Gamma-Gamma" : "BG/NBD", fit)));
}

/* The transition state in argument 0, or a new empty one of `kind`. */
static CxClvPoints *
points_state(FunctionCallInfo fcinfo, int kind)
{
	CxClvPoints *p;

	if (PG_ARGISNULL(0))
		return points_new(kind, 8);
	p = (CxClvPoints *) cx_state_arg(fcinfo, 0, points_header_ok, &points_type);
	if (p->kind != kind)
		wrong_kind(kind == CLV_KIND_GG ? "gamma_gamma_fit" : "bgnbd_fit", p->kind);
	return p;
}

/* A read-only clv_points argument. */
static inline CxClvPoints *
points_arg(FunctionCallInfo fcinfo, int argno)
{
	return (CxClvPoints *) cx_summary_arg(fcinfo, argno, points_header_ok, &points_type);
}

PG_FUNCTION_INFO_V1(cxkpi_bgnbd_fit_transfn);
PG_FUNCTION_INFO_V1(cxkpi_gamma_gamma_fit_transfn);
PG_FUNCTION_INFO_V1(cxkpi_clv_points_add);

/* bgnbd_fit(x, t_x, T) transition: rows with a NULL are skipped. */
Datum
cxkpi_bgnbd_fit_transfn(PG_FUNCTION_ARGS)
{
	CxClvPoints *p;
	int64		x;
	double		tx,
				T;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	x = PG_GETARG_INT64(1);
	tx = PG_GETARG_FLOAT8(2);
	T = PG_GETARG_FLOAT8(3);
	check_customer(x, tx, T);
	p = points_state(fcinfo, CLV_KIND_BGNBD);
	PG_RETURN_POINTER(points_add(p, x, tx, T, 1));
}

/*
 * gamma_gamma_fit(x, m) transition: repeat buyers only (x = 0 rows are
 * skipped, whatever their m), rows with a NULL skipped.
 */
Datum
cxkpi_gamma_gamma_fit_transfn(PG_FUNCTION_ARGS)
{
	CxClvPoints *p;
	int64		x;
	double		m;
	int			st;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_GETARG_INT64(1) == 0)
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	x = PG_GETARG_INT64(1);
	m = PG_GETARG_FLOAT8(2);
	st = cx_gg_check(x, m);
	if (st != CX_CLV_OK)
		bad_spender(st, x, m);
	p = points_state(fcinfo, CLV_KIND_GG);
	PG_RETURN_POINTER(points_add(p, x, m, 0.0, 1));
}

/* a + b: the combine function of both fits. */
Datum
cxkpi_clv_points_add(PG_FUNCTION_ARGS)
{
	CxClvPoints *a = (CxClvPoints *) cx_state_arg(fcinfo, 0, points_header_ok, &points_type);
	CxClvPoints *b = points_arg(fcinfo, 1);
	int			st;

	if (a->kind != b->kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine clv_points of different models"),
				 errdetail("One holds BG/NBD points (x, t_x, T), the other Gamma-Gamma points (x, m).")));
	st = cx_clv_set_merge(&a->set, &b->set);
	if (st == CX_CLV_FULL)
	{
		/* grow for the union, not the sum: the capacity stays canonical */
		a = points_grow(a, cx_clv_set_union_size(&a->set, &b->set));
		st = cx_clv_set_merge(&a->set, &b->set);
	}
	switch (st)
	{
		case CX_CLV_OK:
			break;
		case CX_CLV_OVERFLOW:
			points_overflow();
		default:
			elog(ERROR, "clv_points merge failed");
	}
	PG_RETURN_POINTER(a);
}

/* The points of a set, sorted (canonical order), in a palloc'd array. */
static cx_clv_point *
points_sorted(const CxClvPoints *p)
{
	cx_clv_point *out = palloc(sizeof(cx_clv_point) * Max(p->set.used, 1));

	cx_clv_set_sorted(&p->set, out);
	return out;
}

/* ---- clv_points text and binary forms ---- */

#define POINTS_TEXT_FORMAT "v1;bgnbd[;X,T_X,T*COUNT]... or v1;gamma_gamma[;X,M*COUNT]..., points in increasing order"

PG_FUNCTION_INFO_V1(cxkpi_clv_points_in);
PG_FUNCTION_INFO_V1(cxkpi_clv_points_out);
PG_FUNCTION_INFO_V1(cxkpi_clv_points_recv);
PG_FUNCTION_INFO_V1(cxkpi_clv_points_send);

/*
 * Read a finite decimal number at *p: [-]digits[.digits][(e|E)[+|-]digits]
 * (what cx_append_double writes), at most 40 characters.  False, *p
 * unchanged, on anything else.
 */
static bool
scan_double(const char **p, double *v)
{
	const char *s = *p;
	char		tmp[48];
	char	   *end;
	size_t		n;

	if (*s == '-')
		s++;
	if (!cx_is_digit(*s))
		return false;
	while (cx_is_digit(*s))
		s++;
	if (*s == '.')
	{
		s++;
		if (!cx_is_digit(*s))
			return false;
		while (cx_is_digit(*s))
			s++;
	}
	if (*s == 'e' || *s == 'E')
	{
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!cx_is_digit(*s))
			return false;
		while (cx_is_digit(*s))
			s++;
	}
	n = s - *p;
	if (n > 40)
		return false;
	memcpy(tmp, *p, n);
	tmp[n] = '\0';
	errno = 0;
	*v = strtod(tmp, &end);
	if (*end != '\0' || !isfinite(*v) || (errno == ERANGE && *v == 0.0))
		return false;
	*v += 0.0;					/* -0 -> 0 */
	*p = s;
	return true;
}

/* clv_points text input: canonical order enforced, every point validated. */
Datum
cxkpi_clv_points_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	const char *p = str;
	int			kind;
	CxClvPoints *s;
	cx_clv_point prev = {0, 0, -1, 0};

	if (cx_scan_literal(&p, "v1;bgnbd"))
		kind = CLV_KIND_BGNBD;
	else if (cx_scan_literal(&p, "v1;gamma_gamma"))
		kind = CLV_KIND_GG;
	else
		cx_syntax_error("clv_points", str, "Expected the form " POINTS_TEXT_FORMAT ".");
	s = points_new(kind, 8);
	while (*p == ';')
	{
		cx_clv_point pt = {0, 0, 0, 0};
		int			st;

		p++;
		if (cx_scan_int64(&p, 0, PG_INT64_MAX, &pt.x) != CX_SCAN_OK ||
			!cx_scan_literal(&p, ",") || !scan_double(&p, &pt.u) ||
			(kind == CLV_KIND_BGNBD && (!cx_scan_literal(&p, ",") || !scan_double(&p, &pt.v))) ||
			!cx_scan_literal(&p, "*") ||
			cx_scan_int64(&p, 1, PG_INT64_MAX, &pt.count) != CX_SCAN_OK)
			cx_syntax_error("clv_points", str,
							kind == CLV_KIND_BGNBD ?
							"Each point is X,T_X,T*COUNT: X and COUNT >= 1 integers (X >= 0), T_X and T decimal numbers." :
							"Each point is X,M*COUNT: integers X >= 1 and COUNT >= 1, M a decimal number.");
		st = (kind == CLV_KIND_BGNBD) ? cx_bgnbd_check(pt.x, pt.u, pt.v) : cx_gg_check(pt.x, pt.u);
		if (st != CX_CLV_OK)
			cx_syntax_error("clv_points", str,
							psprintf("Invalid point " INT64_FORMAT ",%s,%s: %s.", pt.x,
									 fmt_double(pt.u), fmt_double(pt.v), cx_clv_status_name(st)));
		if (prev.v >= 0 &&
			!(pt.x > prev.x || (pt.x == prev.x && (pt.u > prev.u ||
												   (pt.u == prev.u && pt.v > prev.v)))))
			cx_syntax_error("clv_points", str,
							"Points must be listed once each, in increasing order of x, then t_x (or m), then T.");
		prev = pt;
		s = points_add(s, pt.x, pt.u, pt.v, pt.count);
	}
	if (*p != '\0')
		cx_syntax_error("clv_points", str, "Unexpected text after the points.");
	PG_RETURN_POINTER(s);
}

/* clv_points text output: the points in canonical order. */
Datum
cxkpi_clv_points_out(PG_FUNCTION_ARGS)
{
	CxClvPoints *s = points_arg(fcinfo, 0);
	cx_clv_point *pts = points_sorted(s);
	StringInfoData buf;
	uint32		i;

	initStringInfo(&buf);
	appendStringInfoString(&buf, s->kind == CLV_KIND_GG ? "v1;gamma_gamma" : "v1;bgnbd");
	for (i = 0; i < s->set.used; i++)
	{
		appendStringInfo(&buf, ";" INT64_FORMAT ",", pts[i].x);
		cx_append_double(&buf, pts[i].u);
		if (s->kind == CLV_KIND_BGNBD)
		{
			appendStringInfoChar(&buf, ',');
			cx_append_double(&buf, pts[i].v);
		}
		appendStringInfo(&buf, "*" INT64_FORMAT, pts[i].count);
	}
	PG_RETURN_CSTRING(buf.data);
}

/*
 * Binary form: version, kind (one byte each), the number of points (int32),
 * then per point in canonical order x (int64), u, v (float8), count (int64).
 */
Datum
cxkpi_clv_points_send(PG_FUNCTION_ARGS)
{
	CxClvPoints *s = points_arg(fcinfo, 0);
	cx_clv_point *pts = points_sorted(s);
	StringInfoData buf;
	uint32		i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, s->version);
	pq_sendbyte(&buf, s->kind);
	pq_sendint32(&buf, s->set.used);
	for (i = 0; i < s->set.used; i++)
	{
		pq_sendint64(&buf, pts[i].x);
		pq_sendfloat8(&buf, pts[i].u);
		pq_sendfloat8(&buf, pts[i].v);
		pq_sendint64(&buf, pts[i].count);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* clv_points binary input, as strict as the text input. */
Datum
cxkpi_clv_points_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version,
				kind;
	int32		n;
	int32		i;
	CxClvPoints *s;
	cx_clv_point prev = {0, 0, -1, 0};

	if (buf->len - buf->cursor < 6)
		cx_binary_error("clv_points", "Expected at least 6 bytes.");
	version = pq_getmsgbyte(buf);
	kind = pq_getmsgbyte(buf);
	n = pq_getmsgint(buf, 4);
	if (version != CLV_POINTS_VERSION)
		cx_binary_error("clv_points", "Unsupported format version.");
	if (kind != CLV_KIND_BGNBD && kind != CLV_KIND_GG)
		cx_binary_error("clv_points", "Unknown model kind.");
	if (n < 0 || (int64) n * 32 != buf->len - buf->cursor ||
		(uint64) n > CLV_POINTS_MAX_CAP / 4 * 3)
		cx_binary_error("clv_points",
						psprintf("Expected %d points of 32 bytes, got %d bytes.", n,
								 buf->len - buf->cursor));
	s = points_new(kind, cx_clv_set_capacity_for((uint64) n));
	for (i = 0; i < n; i++)
	{
		cx_clv_point pt;
		int			st;

		pt.x = pq_getmsgint64(buf);
		pt.u = pq_getmsgfloat8(buf);
		pt.v = pq_getmsgfloat8(buf);
		pt.count = pq_getmsgint64(buf);
		st = (kind == CLV_KIND_BGNBD) ? cx_bgnbd_check(pt.x, pt.u, pt.v) : cx_gg_check(pt.x, pt.u);
		if (st == CX_CLV_OK && kind == CLV_KIND_GG && pt.v != 0.0)
			st = CX_CLV_BAD_SET;
		if (st == CX_CLV_OK && pt.count < 1)
			st = CX_CLV_BAD_COUNT;
		if (st != CX_CLV_OK || (pt.u == 0.0 && signbit(pt.u)) || (pt.v == 0.0 && signbit(pt.v)))
			cx_binary_error("clv_points",
							psprintf("Point %d is invalid: %s.", i + 1,
									 st != CX_CLV_OK ? cx_clv_status_name(st) : "negative zero"));
		if (prev.v >= 0 &&
			!(pt.x > prev.x || (pt.x == prev.x && (pt.u > prev.u ||
												   (pt.u == prev.u && pt.v > prev.v)))))
			cx_binary_error("clv_points", "Points must be distinct and in increasing order.");
		prev = pt;
		if (cx_clv_set_add(&s->set, pt.x, pt.u, pt.v, pt.count) != CX_CLV_OK)
			cx_binary_error("clv_points", "The customer counts overflow.");
	}
	PG_RETURN_POINTER(s);
}

/* ----------------------------------------------------------------
 * Models
 * ----------------------------------------------------------------
 */

#define CLV_MODEL_VERSION	1

typedef struct CxClvModel
{
	int32		vl_len_;
	uint8		version;
	uint8		kind;			/* CLV_KIND_BGNBD or CLV_KIND_GG */
	uint8		converged;		/* 0 or 1 */
	uint8		reserved;		/* zero */
	int32		iterations;		/* >= 0 */
	int32		reserved2;		/* zero */
	double		par[4];			/* r, alpha, a, b / p, q, gamma, 0 */
	double		loglik;			/* at par; 0 for a given model */
	double		grad_norm;		/* >= 0 */
	double		correlation;	/* G-G: frequency-spend correlation, NaN if undefined; BG/NBD 0 */
	int64		customers;		/* 0 for a model made from given parameters */
	int64		repeat_buyers;	/* BG/NBD: customers with x > 0; G-G: customers */
	int64		reserved3;		/* zero */
} CxClvModel;

#define CLV_MODEL_SIZE	((int) sizeof(CxClvModel))

StaticAssertDecl(sizeof(CxClvModel) == 96, "model layout has no padding");

/* Name of a model type. */
static const char *
model_typname(int kind)
{
	return kind == CLV_KIND_GG ? "spend_model" : "bgnbd_model";
}

/* Number of parameters of a model kind. */
static int
model_npar(int kind)
{
	return kind == CLV_KIND_GG ? 3 : 4;
}

/* Parameter names, for text, jsonb and messages. */
static const char *const bgnbd_par_names[4] = {"r", "alpha", "a", "b"};
static const char *const gg_par_names[3] = {"p", "q", "gamma"};

static const char *const *
model_par_names(int kind)
{
	return kind == CLV_KIND_GG ? gg_par_names : bgnbd_par_names;
}

/* Header check of a model of either kind. */
static inline bool
model_header_ok_kind(const struct varlena *v, int kind)
{
	const CxClvModel *m = (const CxClvModel *) v;

	return VARSIZE(v) == CLV_MODEL_SIZE && m->version == CLV_MODEL_VERSION &&
		m->kind == kind;
}

static inline bool
bgnbd_header_ok(const struct varlena *v)
{
	return model_header_ok_kind(v, CLV_KIND_BGNBD);
}

static inline bool
spend_header_ok(const struct varlena *v)
{
	return model_header_ok_kind(v, CLV_KIND_GG);
}

/* Every field; false with a reason. */
static bool
model_validate(const CxClvModel *m, const char **why)
{
	int			j,
				np = model_npar(m->kind);

	if (m->version != CLV_MODEL_VERSION)
		*why = "Unsupported format version.";
	else if (m->kind != CLV_KIND_BGNBD && m->kind != CLV_KIND_GG)
		*why = "Unknown model kind.";
	else if (m->reserved != 0 || m->reserved2 != 0 || m->reserved3 != 0 ||
			 (m->kind == CLV_KIND_GG && m->par[3] != 0.0) ||
			 (m->kind == CLV_KIND_BGNBD && m->correlation != 0.0))
		*why = "Reserved fields are not zero.";
	else if (m->converged > 1 || m->iterations < 0)
		*why = "converged must be true or false and iterations >= 0.";
	else if (!isfinite(m->loglik) || !(m->grad_norm >= 0.0) || !isfinite(m->grad_norm))
		*why = "log_likelihood and grad_norm must be finite, grad_norm >= 0.";
	else if (m->customers < 0 || m->repeat_buyers < 0 || m->repeat_buyers > m->customers ||
			 (m->customers > 0 && m->customers < CX_CLV_MIN_CUSTOMERS) ||
			 (m->kind == CLV_KIND_BGNBD && m->customers > 0 && m->repeat_buyers == 0) ||
			 (m->kind == CLV_KIND_GG && m->repeat_buyers != m->customers))
		*why = "Counts must satisfy 4 <= customers (or 0 for a model of given parameters), 1 <= repeat_buyers <= customers (spend models: repeat_buyers = customers).";
	else if (m->customers == 0 &&
			 (m->loglik != 0.0 || m->grad_norm != 0.0 || m->iterations != 0 ||
			  m->converged != 0 || (m->kind == CLV_KIND_GG && !isnan(m->correlation))))
		*why = "A model of given parameters (customers = 0) has no fit: log_likelihood 0, no iterations, not converged.";
	else if (m->kind == CLV_KIND_GG && !isnan(m->correlation) &&
			 !(m->correlation >= -1.0 && m->correlation <= 1.0))
		*why = "The frequency-spend correlation must be between -1 and 1.";
	else
	{
		for (j = 0; j < np; j++)
			if (!(m->par[j] > 0.0 && isfinite(m->par[j])))
			{
				*why = "Every parameter must be positive and finite.";
				return false;
			}
		return true;
	}
	return false;
}

static bool
bgnbd_validate_varlena(struct varlena *v, const char **why)
{
	return model_validate((const CxClvModel *) v, why);
}

static const CxVarType bgnbd_type = {"bgnbd_model", bgnbd_header_ok, bgnbd_validate_varlena};
static const CxVarType spend_type = {"spend_model", spend_header_ok, bgnbd_validate_varlena};

static inline CxClvModel *
bgnbd_arg(FunctionCallInfo fcinfo, int argno)
{
	return (CxClvModel *) cx_summary_arg(fcinfo, argno, bgnbd_header_ok, &bgnbd_type);
}

static inline CxClvModel *
spend_arg(FunctionCallInfo fcinfo, int argno)
{
	return (CxClvModel *) cx_summary_arg(fcinfo, argno, spend_header_ok, &spend_type);
}

/* A zeroed model of a kind. */
static CxClvModel *
model_new(int kind)
{
	CxClvModel *m = palloc0(CLV_MODEL_SIZE);

	SET_VARSIZE(m, CLV_MODEL_SIZE);
	m->version = CLV_MODEL_VERSION;
	m->kind = (uint8) kind;
	if (kind == CLV_KIND_GG)
		m->correlation = NAN;
	return m;
}

/* Raise 22023: the data cannot be fitted (too few customers, no repeat). */
cx_noreturn static void
cannot_fit(const char *model, const cx_clv_fit *f, int64 repeat)
{
	if (f->status == CX_CLV_NO_REPEAT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot fit the %s model: no repeat buyers", model),
				 errdetail("All " INT64_FORMAT " customers have x = 0; the likelihood then grows without bound as r/alpha goes to 0.",
						   f->customers),
				 errhint("The model needs customers with repeat purchases (x > 0).")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cannot fit the %s model: too few customers", model),
			 errdetail("Got " INT64_FORMAT " customers (" INT64_FORMAT " with repeat purchases); a fit needs at least %d%s.",
					   f->customers, repeat, CX_CLV_MIN_CUSTOMERS,
					   f->customers >= CX_CLV_MIN_CUSTOMERS ? ", observed for some time (T > 0)" : "")));
}

/* Raise 22023: the optimiser found no point of finite likelihood. */
cx_noreturn static void
not_finite(const char *model)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cannot fit the %s model: no parameters with a finite likelihood", model),
			 errdetail("The data drive the parameters out of the range e^-30 .. e^30.")));
}

/* Between two likelihood evaluations of a fit: a fit can be cancelled. */
static void
fit_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

PG_FUNCTION_INFO_V1(cxkpi_bgnbd_fit_final);
PG_FUNCTION_INFO_V1(cxkpi_gamma_gamma_fit_final);

/* Number of customers with x > 0 in a sorted point array. */
static int64
count_repeat(const cx_clv_point *pts, uint32 n)
{
	int64		r = 0;
	uint32		i;

	for (i = 0; i < n; i++)
		if (pts[i].x > 0)
			r += pts[i].count;
	return r;
}

/* Fill a model from a fit. */
static void
model_from_fit(CxClvModel *m, const cx_clv_fit *f, int64 repeat)
{
	memcpy(m->par, f->par, sizeof(double) * model_npar(m->kind));
	m->loglik = f->loglik;
	m->grad_norm = isfinite(f->grad_norm) ? f->grad_norm : DBL_MAX;
	m->iterations = f->iterations;
	m->converged = f->converged ? 1 : 0;
	m->customers = f->customers;
	m->repeat_buyers = repeat;
}

/* bgnbd_fit final function: sort the points, fit, make the model. */
Datum
cxkpi_bgnbd_fit_final(PG_FUNCTION_ARGS)
{
	CxClvPoints *s;
	cx_clv_point *pts;
	cx_clv_fit	f;
	CxClvModel *m;
	int64		repeat;
	const char *why;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = points_arg(fcinfo, 0);
	if (s->kind != CLV_KIND_BGNBD)
		wrong_kind("bgnbd_fit", s->kind);
	pts = points_sorted(s);
	repeat = count_repeat(pts, s->set.used);
	cx_clv_interrupt_hook = fit_interrupts;
	cx_bgnbd_fit(pts, s->set.used, &f);
	if (f.status != CX_CLV_OK && f.status != CX_CLV_NOT_CONVERGED)
		cannot_fit("BG/NBD", &f, repeat);
	if (!isfinite(f.loglik))
		not_finite("BG/NBD");
	m = model_new(CLV_KIND_BGNBD);
	model_from_fit(m, &f, repeat);
	if (!model_validate(m, &why))
		elog(ERROR, "bgnbd_fit made an invalid model: %s", why);
	PG_RETURN_POINTER(m);
}

/* gamma_gamma_fit final function. */
Datum
cxkpi_gamma_gamma_fit_final(PG_FUNCTION_ARGS)
{
	CxClvPoints *s;
	cx_clv_point *pts;
	cx_clv_fit	f;
	CxClvModel *m;
	const char *why;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = points_arg(fcinfo, 0);
	if (s->kind != CLV_KIND_GG)
		wrong_kind("gamma_gamma_fit", s->kind);
	pts = points_sorted(s);
	cx_clv_interrupt_hook = fit_interrupts;
	cx_gg_fit(pts, s->set.used, &f);
	if (f.status != CX_CLV_OK && f.status != CX_CLV_NOT_CONVERGED)
		cannot_fit("Gamma-Gamma", &f, f.customers);
	if (!isfinite(f.loglik))
		not_finite("Gamma-Gamma");
	m = model_new(CLV_KIND_GG);
	model_from_fit(m, &f, f.customers);
	m->correlation = cx_gg_frequency_spend_correlation(pts, s->set.used);
	if (!model_validate(m, &why))
		elog(ERROR, "gamma_gamma_fit made an invalid model: %s", why);
	PG_RETURN_POINTER(m);
}

PG_FUNCTION_INFO_V1(cxkpi_bgnbd_model_make);
PG_FUNCTION_INFO_V1(cxkpi_spend_model_make);

/* A model of given parameters (22023 unless all positive and finite). */
static Datum
model_make(FunctionCallInfo fcinfo, int kind)
{
	CxClvModel *m = model_new(kind);
	int			j,
				np = model_npar(kind);
	const char *why;

	for (j = 0; j < np; j++)
	{
		m->par[j] = PG_GETARG_FLOAT8(j);
		if (!(m->par[j] > 0.0 && isfinite(m->par[j])))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s parameter %s = %s is out of range", model_typname(kind),
							model_par_names(kind)[j], fmt_double(m->par[j])),
					 errdetail("Every parameter must be positive and finite.")));
	}
	if (!model_validate(m, &why))
		elog(ERROR, "invalid model: %s", why);
	PG_RETURN_POINTER(m);
}

/* bgnbd_model(r, alpha, a, b) */
Datum
cxkpi_bgnbd_model_make(PG_FUNCTION_ARGS)
{
	return model_make(fcinfo, CLV_KIND_BGNBD);
}

/* spend_model(p, q, gamma) */
Datum
cxkpi_spend_model_make(PG_FUNCTION_ARGS)
{
	return model_make(fcinfo, CLV_KIND_GG);
}

/* ---- model text and binary forms ---- */

#define BGNBD_TEXT_FORMAT "v1;r=R;alpha=ALPHA;a=A;b=B;log_likelihood=LL;customers=N;repeat_buyers=N;iterations=N;converged=true|false;grad_norm=G"
#define SPEND_TEXT_FORMAT "v1;p=P;q=Q;gamma=GAMMA;log_likelihood=LL;customers=N;iterations=N;converged=true|false;grad_norm=G;correlation=RHO|null"

PG_FUNCTION_INFO_V1(cxkpi_bgnbd_model_in);
PG_FUNCTION_INFO_V1(cxkpi_bgnbd_model_out);
PG_FUNCTION_INFO_V1(cxkpi_bgnbd_model_recv);
PG_FUNCTION_INFO_V1(cxkpi_bgnbd_model_send);
PG_FUNCTION_INFO_V1(cxkpi_spend_model_in);
PG_FUNCTION_INFO_V1(cxkpi_spend_model_out);
PG_FUNCTION_INFO_V1(cxkpi_spend_model_recv);
PG_FUNCTION_INFO_V1(cxkpi_spend_model_send);

/* ";key=" then a number. */
static bool
parse_field(const char **p, const char *key, double *v)
{
	return cx_scan_literal(p, ";") && cx_scan_literal(p, key) && cx_scan_literal(p, "=") && scan_double(p, v);
}

/* ";key=" then a count. */
static bool
parse_count(const char **p, const char *key, int64 *v)
{
	return cx_scan_literal(p, ";") && cx_scan_literal(p, key) && cx_scan_literal(p, "=") &&
		cx_scan_int64(p, 0, PG_INT64_MAX, v) == CX_SCAN_OK;
}

/* Text input of either model kind. */
static Datum
model_in(FunctionCallInfo fcinfo, int kind)
{
	const char *str = PG_GETARG_CSTRING(0);
	const char *p = str;
	const char *tn = model_typname(kind);
	CxClvModel *m = model_new(kind);
	const char *const *names = model_par_names(kind);
	int			j,
				np = model_npar(kind);
	int64		it;
	bool		ok;
	const char *why;

	ok = cx_scan_literal(&p, "v1");
	for (j = 0; ok && j < np; j++)
		ok = parse_field(&p, names[j], &m->par[j]);
	ok = ok && parse_field(&p, "log_likelihood", &m->loglik) &&
		parse_count(&p, "customers", &m->customers);
	if (kind == CLV_KIND_BGNBD)
		ok = ok && parse_count(&p, "repeat_buyers", &m->repeat_buyers);
	else
		m->repeat_buyers = m->customers;
	ok = ok && parse_count(&p, "iterations", &it) && it <= PG_INT32_MAX &&
		cx_scan_literal(&p, ";converged=");
	if (ok)
	{
		if (cx_scan_literal(&p, "true"))
			m->converged = 1;
		else if (!cx_scan_literal(&p, "false"))
			ok = false;
	}
	ok = ok && parse_field(&p, "grad_norm", &m->grad_norm);
	if (ok && kind == CLV_KIND_GG)
	{
		ok = cx_scan_literal(&p, ";correlation=");
		if (ok && !cx_scan_literal(&p, "null"))
			ok = scan_double(&p, &m->correlation);
	}
	if (!ok)
		cx_syntax_error(tn, str,
						psprintf("Expected the form %s, numbers in decimal.",
								 kind == CLV_KIND_GG ? SPEND_TEXT_FORMAT : BGNBD_TEXT_FORMAT));
	m->iterations = (int32) it;
	if (*p != '\0')
		cx_syntax_error(tn, str, "Unexpected text after the model.");
	if (!model_validate(m, &why))
		cx_syntax_error(tn, str, why);
	PG_RETURN_POINTER(m);
}

/* The canonical text of a model. */
static char *
model_to_text(const CxClvModel *m)
{
	StringInfoData buf;
	const char *const *names = model_par_names(m->kind);
	int			j,
				np = model_npar(m->kind);

	initStringInfo(&buf);
	appendStringInfoString(&buf, "v1");
	for (j = 0; j < np; j++)
	{
		appendStringInfo(&buf, ";%s=", names[j]);
		cx_append_double(&buf, m->par[j]);
	}
	appendStringInfoString(&buf, ";log_likelihood=");
	cx_append_double(&buf, m->loglik);
	appendStringInfo(&buf, ";customers=" INT64_FORMAT, m->customers);
	if (m->kind == CLV_KIND_BGNBD)
		appendStringInfo(&buf, ";repeat_buyers=" INT64_FORMAT, m->repeat_buyers);
	appendStringInfo(&buf, ";iterations=%d;converged=%s;grad_norm=", m->iterations,
					 m->converged ? "true" : "false");
	cx_append_double(&buf, m->grad_norm);
	if (m->kind == CLV_KIND_GG)
	{
		appendStringInfoString(&buf, ";correlation=");
		if (isnan(m->correlation))
			appendStringInfoString(&buf, "null");
		else
			cx_append_double(&buf, m->correlation);
	}
	return buf.data;
}

/*
 * Binary form: version, kind, converged (one byte each), iterations
 * (int32), the four parameter slots, log-likelihood, grad_norm,
 * correlation (float8), customers, repeat_buyers (int64).
 */
static Datum
model_send(const CxClvModel *m)
{
	StringInfoData buf;
	int			j;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, m->version);
	pq_sendbyte(&buf, m->kind);
	pq_sendbyte(&buf, m->converged);
	pq_sendint32(&buf, m->iterations);
	for (j = 0; j < 4; j++)
		pq_sendfloat8(&buf, m->par[j]);
	pq_sendfloat8(&buf, m->loglik);
	pq_sendfloat8(&buf, m->grad_norm);
	pq_sendfloat8(&buf, m->correlation);
	pq_sendint64(&buf, m->customers);
	pq_sendint64(&buf, m->repeat_buyers);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

#define MODEL_BINARY_SIZE	(3 + 4 + 7 * 8 + 2 * 8)

/* Binary input of either kind, validated like the text. */
static Datum
model_recv(FunctionCallInfo fcinfo, int kind)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	const char *tn = model_typname(kind);
	CxClvModel *m = model_new(kind);
	const char *why;
	int			j;

	if (buf->len - buf->cursor != MODEL_BINARY_SIZE)
		cx_binary_error(tn, psprintf("Expected %d bytes, got %d.", MODEL_BINARY_SIZE,
									 buf->len - buf->cursor));
	m->version = (uint8) pq_getmsgbyte(buf);
	m->kind = (uint8) pq_getmsgbyte(buf);
	m->converged = (uint8) pq_getmsgbyte(buf);
	m->iterations = (int32) pq_getmsgint(buf, 4);
	for (j = 0; j < 4; j++)
		m->par[j] = pq_getmsgfloat8(buf);
	m->loglik = pq_getmsgfloat8(buf);
	m->grad_norm = pq_getmsgfloat8(buf);
	m->correlation = pq_getmsgfloat8(buf);
	m->customers = pq_getmsgint64(buf);
	m->repeat_buyers = pq_getmsgint64(buf);
	if (m->kind != kind)
		cx_binary_error(tn, "The value is of another model kind.");
	if (!model_validate(m, &why))
		cx_binary_error(tn, why);
	/* canonical bytes: -0 as 0, one NaN */
	for (j = 0; j < 4; j++)
		m->par[j] += 0.0;
	m->loglik += 0.0;
	m->grad_norm += 0.0;
	if (isnan(m->correlation))
		m->correlation = NAN;
	else
		m->correlation += 0.0;
	PG_RETURN_POINTER(m);
}

Datum
cxkpi_bgnbd_model_in(PG_FUNCTION_ARGS)
{
	return model_in(fcinfo, CLV_KIND_BGNBD);
}

Datum
cxkpi_spend_model_in(PG_FUNCTION_ARGS)
{
	return model_in(fcinfo, CLV_KIND_GG);
}

Datum
cxkpi_bgnbd_model_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(model_to_text(bgnbd_arg(fcinfo, 0)));
}

Datum
cxkpi_spend_model_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(model_to_text(spend_arg(fcinfo, 0)));
}

Datum
cxkpi_bgnbd_model_send(PG_FUNCTION_ARGS)
{
	return model_send(bgnbd_arg(fcinfo, 0));
}

Datum
cxkpi_spend_model_send(PG_FUNCTION_ARGS)
{
	return model_send(spend_arg(fcinfo, 0));
}

Datum
cxkpi_bgnbd_model_recv(PG_FUNCTION_ARGS)
{
	return model_recv(fcinfo, CLV_KIND_BGNBD);
}

Datum
cxkpi_spend_model_recv(PG_FUNCTION_ARGS)
{
	return model_recv(fcinfo, CLV_KIND_GG);
}

/* ---- accessors ---- */

PG_FUNCTION_INFO_V1(cxkpi_bgnbd_param);
PG_FUNCTION_INFO_V1(cxkpi_spend_param);
PG_FUNCTION_INFO_V1(cxkpi_bgnbd_log_likelihood);
PG_FUNCTION_INFO_V1(cxkpi_spend_log_likelihood);
PG_FUNCTION_INFO_V1(cxkpi_bgnbd_customers);
PG_FUNCTION_INFO_V1(cxkpi_spend_customers);
PG_FUNCTION_INFO_V1(cxkpi_bgnbd_repeat_buyers);
PG_FUNCTION_INFO_V1(cxkpi_bgnbd_converged);
PG_FUNCTION_INFO_V1(cxkpi_spend_converged);
PG_FUNCTION_INFO_V1(cxkpi_bgnbd_iterations);
PG_FUNCTION_INFO_V1(cxkpi_spend_iterations);
PG_FUNCTION_INFO_V1(cxkpi_spend_correlation);
PG_FUNCTION_INFO_V1(cxkpi_bgnbd_model_jsonb);
PG_FUNCTION_INFO_V1(cxkpi_spend_model_jsonb);
PG_FUNCTION_INFO_V1(cxkpi_bgnbd_report);
PG_FUNCTION_INFO_V1(cxkpi_spend_report);

/*
 * One parameter (index in argument 1, bound by the SQL wrappers
 * bgnbd_r/alpha/a/b and spend_p/q/gamma).
 */
Datum
cxkpi_bgnbd_param(PG_FUNCTION_ARGS)
{
	int32		j = PG_GETARG_INT32(1);

	if (j < 0 || j > 3)
		elog(ERROR, "bgnbd parameter index %d", j);
	PG_RETURN_FLOAT8(bgnbd_arg(fcinfo, 0)->par[j]);
}

Datum
cxkpi_spend_param(PG_FUNCTION_ARGS)
{
	int32		j = PG_GETARG_INT32(1);

	if (j < 0 || j > 2)
		elog(ERROR, "spend parameter index %d", j);
	PG_RETURN_FLOAT8(spend_arg(fcinfo, 0)->par[j]);
}

/* log_likelihood(m): NULL for a model of given parameters. */
static Datum
model_loglik(FunctionCallInfo fcinfo, const CxClvModel *m)
{
	if (m->customers == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(m->loglik);
}

Datum
cxkpi_bgnbd_log_likelihood(PG_FUNCTION_ARGS)
{
	return model_loglik(fcinfo, bgnbd_arg(fcinfo, 0));
}

Datum
cxkpi_spend_log_likelihood(PG_FUNCTION_ARGS)
{
	return model_loglik(fcinfo, spend_arg(fcinfo, 0));
}

Datum
cxkpi_bgnbd_customers(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(bgnbd_arg(fcinfo, 0)->customers);
}

Datum
cxkpi_spend_customers(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(spend_arg(fcinfo, 0)->customers);
}

Datum
cxkpi_bgnbd_repeat_buyers(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(bgnbd_arg(fcinfo, 0)->repeat_buyers);
}

Datum
cxkpi_bgnbd_converged(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(bgnbd_arg(fcinfo, 0)->converged != 0);
}

Datum
cxkpi_spend_converged(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(spend_arg(fcinfo, 0)->converged != 0);
}

Datum
cxkpi_bgnbd_iterations(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(bgnbd_arg(fcinfo, 0)->iterations);
}

Datum
cxkpi_spend_iterations(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(spend_arg(fcinfo, 0)->iterations);
}

/* frequency_spend_correlation(spend_model): NULL when undefined. */
Datum
cxkpi_spend_correlation(PG_FUNCTION_ARGS)
{
	double		rho = spend_arg(fcinfo, 0)->correlation;

	if (!cx_in_domain(&rho, -1.0, 1.0))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(rho);
}

/* The population mean spend p gamma / (q - 1); false when q <= 1. */
static bool
spend_mean(const CxClvModel *m, double *v)
{
	*v = cx_gg_conditional_expected_value(m->par, 0.0, 0.0);
	return cx_in_domain(v, 0.0, DBL_MAX);
}

/* jsonb of a model: every accessor by name. */
static Datum
model_jsonb(const CxClvModel *m)
{
	StringInfoData buf;
	const char *const *names = model_par_names(m->kind);
	const char *prefix = m->kind == CLV_KIND_GG ? "spend_" : "bgnbd_";
	int			j,
				np = model_npar(m->kind);

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (j = 0; j < np; j++)
		cx_json_double(&buf, psprintf("%s%s", prefix, names[j]), false, m->par[j]);
	cx_json_double(&buf, "log_likelihood", m->customers == 0, m->loglik);
	cx_json_int64(&buf, "customers", m->customers);
	if (m->kind == CLV_KIND_BGNBD)
		cx_json_int64(&buf, "repeat_buyers", m->repeat_buyers);
	cx_json_int64(&buf, "iterations", m->iterations);
	appendStringInfo(&buf, ",\"converged\":%s", m->converged ? "true" : "false");
	if (m->kind == CLV_KIND_GG)
	{
		double		mean;
		bool		has = spend_mean(m, &mean);

		cx_json_double(&buf, "frequency_spend_correlation", isnan(m->correlation), m->correlation);
		cx_json_double(&buf, "mean_spend", !has, mean);
	}
	appendStringInfoChar(&buf, '}');
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data));
}

Datum
cxkpi_bgnbd_model_jsonb(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(model_jsonb(bgnbd_arg(fcinfo, 0)));
}

Datum
cxkpi_spend_model_jsonb(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(model_jsonb(spend_arg(fcinfo, 0)));
}

/*
 * bgnbd_report(m): bgnbd_r, bgnbd_alpha, bgnbd_a, bgnbd_b, log_likelihood,
 * customers, repeat_buyers, iterations, converged.
 */
Datum
cxkpi_bgnbd_report(PG_FUNCTION_ARGS)
{
	CxClvModel *m = bgnbd_arg(fcinfo, 0);
	Datum		values[9];
	bool		nulls[9] = {0};
	int			j;

	for (j = 0; j < 4; j++)
		values[j] = Float8GetDatum(m->par[j]);
	values[4] = Float8GetDatum(m->loglik);
	nulls[4] = (m->customers == 0);
	values[5] = Int64GetDatum(m->customers);
	values[6] = Int64GetDatum(m->repeat_buyers);
	values[7] = Int64GetDatum(m->iterations);
	values[8] = BoolGetDatum(m->converged != 0);
	return cx_report_row(fcinfo, values, nulls, 9);
}

/*
 * spend_model_report(m): spend_p, spend_q, spend_gamma, log_likelihood,
 * customers, iterations, converged, frequency_spend_correlation,
 * mean_spend.
 */
Datum
cxkpi_spend_report(PG_FUNCTION_ARGS)
{
	CxClvModel *m = spend_arg(fcinfo, 0);
	Datum		values[9];
	bool		nulls[9] = {0};
	double		rho = m->correlation;
	double		mean;
	int			j;

	for (j = 0; j < 3; j++)
		values[j] = Float8GetDatum(m->par[j]);
	values[3] = Float8GetDatum(m->loglik);
	nulls[3] = (m->customers == 0);
	values[4] = Int64GetDatum(m->customers);
	values[5] = Int64GetDatum(m->iterations);
	values[6] = BoolGetDatum(m->converged != 0);
	nulls[7] = !cx_in_domain(&rho, -1.0, 1.0);
	values[7] = Float8GetDatum(rho);
	nulls[8] = !spend_mean(m, &mean);
	values[8] = Float8GetDatum(mean);
	return cx_report_row(fcinfo, values, nulls, 9);
}

/* ----------------------------------------------------------------
 * Scoring
 * ----------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(cxkpi_bgnbd_customer_loglik);
PG_FUNCTION_INFO_V1(cxkpi_spend_customer_loglik);

/* log_likelihood(bgnbd_model, x, t_x, T): one customer's, eq. (6). */
Datum
cxkpi_bgnbd_customer_loglik(PG_FUNCTION_ARGS)
{
	CxClvModel *m = bgnbd_arg(fcinfo, 0);
	int64		x = PG_GETARG_INT64(1);
	double		tx = PG_GETARG_FLOAT8(2);
	double		T = PG_GETARG_FLOAT8(3);
	double		v;

	check_customer(x, tx, T);
	v = cx_bgnbd_loglik1(m->par, (double) x, tx, T);
	if (!isfinite(v))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}

/* log_likelihood(spend_model, x, m): one repeat buyer's log-density. */
Datum
cxkpi_spend_customer_loglik(PG_FUNCTION_ARGS)
{
	CxClvModel *s = spend_arg(fcinfo, 0);
	int64		x = PG_GETARG_INT64(1);
	double		m = PG_GETARG_FLOAT8(2);
	int			st = cx_gg_check(x, m);
	double		v;

	if (st != CX_CLV_OK)
		bad_spender(st, x, m);
	v = cx_gg_loglik1(s->par, (double) x, m);
	if (!isfinite(v))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}

PG_FUNCTION_INFO_V1(cxkpi_expected_purchases);
PG_FUNCTION_INFO_V1(cxkpi_conditional_expected_purchases);
PG_FUNCTION_INFO_V1(cxkpi_probability_alive);
PG_FUNCTION_INFO_V1(cxkpi_conditional_expected_value);
PG_FUNCTION_INFO_V1(cxkpi_customer_lifetime_value);
PG_FUNCTION_INFO_V1(cxkpi_simple_clv);

/* Raise 22023 unless the horizon t is >= 0 and finite. */
static void
check_horizon(double t)
{
	if (!(t >= 0.0) || !isfinite(t))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time t = %s is out of range", fmt_double(t)),
				 errdetail("t is a length of time in the model's unit: finite and >= 0.")));
}

/* A result that must be a finite number >= 0, else NULL. */
#define RETURN_NONNEG(v) \
	do { \
		double		v_ = (v); \
		if (!cx_in_domain(&v_, 0.0, DBL_MAX)) \
			PG_RETURN_NULL(); \
		PG_RETURN_FLOAT8(v_); \
	} while (0)

/* expected_purchases(m, t): E[X(t)] of a new customer. */
Datum
cxkpi_expected_purchases(PG_FUNCTION_ARGS)
{
	CxClvModel *m = bgnbd_arg(fcinfo, 0);
	double		t = PG_GETARG_FLOAT8(1);

	check_horizon(t);
	RETURN_NONNEG(cx_bgnbd_expected_purchases(m->par, t));
}

/* conditional_expected_purchases(m, t, x, t_x, T) */
Datum
cxkpi_conditional_expected_purchases(PG_FUNCTION_ARGS)
{
	CxClvModel *m = bgnbd_arg(fcinfo, 0);
	double		t = PG_GETARG_FLOAT8(1);
	int64		x = PG_GETARG_INT64(2);
	double		tx = PG_GETARG_FLOAT8(3);
	double		T = PG_GETARG_FLOAT8(4);

	check_horizon(t);
	check_customer(x, tx, T);
	RETURN_NONNEG(cx_bgnbd_conditional_expected_purchases(m->par, t, (double) x, tx, T));
}

/* probability_alive(m, x, t_x, T) */
Datum
cxkpi_probability_alive(PG_FUNCTION_ARGS)
{
	CxClvModel *m = bgnbd_arg(fcinfo, 0);
	int64		x = PG_GETARG_INT64(1);
	double		tx = PG_GETARG_FLOAT8(2);
	double		T = PG_GETARG_FLOAT8(3);
	double		v;

	check_customer(x, tx, T);
	v = cx_bgnbd_probability_alive(m->par, (double) x, tx, T);
	if (!cx_unit_interval(&v))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}

/* Raise 22023 for a spend argument (x, m) outside x >= 0, m >= 0. */
static void
check_spend_args(int64 x, double m)
{
	if (x < 0 || !(m >= 0.0) || !isfinite(m))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid customer for the Gamma-Gamma model"),
				 errdetail("Got x = " INT64_FORMAT ", m = %s; x >= 0 and a finite mean repeat spend m >= 0 are needed (m is ignored when x = 0).",
						   x, fmt_double(m))));
}

/*
 * conditional_expected_value(spend, x, m): E[M | x, m]; the population
 * mean when x = 0; NULL when q <= 1 (infinite mean).
 */
Datum
cxkpi_conditional_expected_value(PG_FUNCTION_ARGS)
{
	CxClvModel *s = spend_arg(fcinfo, 0);
	int64		x = PG_GETARG_INT64(1);
	double		m = PG_GETARG_FLOAT8(2);

	check_spend_args(x, m);
	RETURN_NONNEG(cx_gg_conditional_expected_value(s->par, (double) x, m));
}

/*
 * customer_lifetime_value(bgnbd, spend, x, t_x, T, m, horizon,
 * discount_rate, units_per_period)
 */
Datum
cxkpi_customer_lifetime_value(PG_FUNCTION_ARGS)
{
	CxClvModel *bg = bgnbd_arg(fcinfo, 0);
	CxClvModel *gg = spend_arg(fcinfo, 1);
	int64		x = PG_GETARG_INT64(2);
	double		tx = PG_GETARG_FLOAT8(3);
	double		T = PG_GETARG_FLOAT8(4);
	double		m = PG_GETARG_FLOAT8(5);
	int32		horizon = PG_GETARG_INT32(6);
	double		d = PG_GETARG_FLOAT8(7);
	double		f = PG_GETARG_FLOAT8(8);

	check_customer(x, tx, T);
	check_spend_args(x, m);
	if (horizon < 0 || horizon > 10000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("horizon %d is out of range", horizon),
				 errdetail("The horizon is a number of periods from 0 to 10000 (12 = a year of months).")));
	if (!(d > -1.0) || !isfinite(d))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("discount rate %s is out of range", fmt_double(d)),
				 errdetail("The discount rate is per period, finite and > -1 (0.01 = 1%% a month).")));
	if (!(f > 0.0) || !isfinite(f))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("units_per_period %s is out of range", fmt_double(f)),
				 errdetail("units_per_period is the number of the model's time units in one period, finite and > 0 (30 for days per month, 4.345 for weeks per month).")));
	RETURN_NONNEG(cx_customer_lifetime_value(bg->par, gg->par, (double) x, tx, T, m,
											 horizon, f, d));
}

/* simple_clv(arpu, gross_margin, churn_rate, discount_rate) */
Datum
cxkpi_simple_clv(PG_FUNCTION_ARGS)
{
	double		arpu = PG_GETARG_FLOAT8(0);
	double		margin = PG_GETARG_FLOAT8(1);
	double		churn = PG_GETARG_FLOAT8(2);
	double		d = PG_GETARG_FLOAT8(3);
	double		v;

	if (!isfinite(arpu) || !isfinite(margin))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ARPU and gross margin must be finite"),
				 errdetail("Got arpu = %s, gross_margin = %s.", fmt_double(arpu), fmt_double(margin))));
	if (!(churn >= 0.0 && churn <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("churn rate %s is out of range", fmt_double(churn)),
				 errdetail("The churn rate is a fraction per period from 0 to 1.")));
	if (!(d >= 0.0) || !isfinite(d))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("discount rate %s is out of range", fmt_double(d)),
				 errdetail("The discount rate is per period, finite and >= 0.")));
	v = cx_simple_clv(arpu, margin, churn, d);
	if (!isfinite(v))
		PG_RETURN_NULL();		/* no churn, no discounting: unbounded */
	PG_RETURN_FLOAT8(v);
}

/* ----------------------------------------------------------------
 * rfm_agg: per-customer (x, t_x, T, m) from orders
 * ----------------------------------------------------------------
 *
 * State: a float8[] (1-D, no NULLs, lower bound 1) of 4 + 2 * capacity
 * elements: [0] format tag 1, [1] as_of as a day number (days since
 * 2000-01-01), [2] the unit in days, [3] n, then n pairs (order day,
 * amount) and unused room.  The pairs are appended in place (capacity
 * doubles when full); the final function sorts them by day, sums amounts
 * per day, buckets days into units counted from the first order, and
 * computes the summary.  Memory: two doubles per order of the customer.
 */

#define RFM_TAG		1.0
#define RFM_HDR		4

PG_FUNCTION_INFO_V1(cxkpi_rfm_agg_transfn_date);
PG_FUNCTION_INFO_V1(cxkpi_rfm_agg_transfn_tstz);
PG_FUNCTION_INFO_V1(cxkpi_rfm_agg_combine);
PG_FUNCTION_INFO_V1(cxkpi_rfm_agg_final);

/* Elements of a plain float8[] a; -1 unless 1-D, no NULLs, lower bound 1. */
static inline int
rfm_len(ArrayType *a)
{
	if (ARR_NDIM(a) != 1 || ARR_HASNULL(a) || ARR_ELEMTYPE(a) != FLOAT8OID ||
		ARR_LBOUND(a)[0] != 1)
		return -1;
	return ARR_DIMS(a)[0];
}

/* Raise 22023 for a state array that is not an rfm_agg state. */
cx_noreturn static void
rfm_bad_state(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid rfm_agg state"),
			 errdetail("The state is a float8[] made by rfm_agg itself.")));
}

/* Check a state's header; returns its data pointer. */
static double *
rfm_check(ArrayType *a)
{
	int			len = rfm_len(a);
	double	   *d;

	if (len < RFM_HDR)
		rfm_bad_state();
	d = (double *) ARR_DATA_PTR(a);
	if (d[0] != RFM_TAG || !(d[3] >= 0.0) || d[3] != floor(d[3]) ||
		RFM_HDR + 2 * d[3] > len || !(d[2] >= 1.0) || d[2] != floor(d[2]) ||
		d[1] != floor(d[1]) || fabs(d[1]) > 1e8)
		rfm_bad_state();
	return d;
}

/* A new state of `cap` pairs, with header (as_of, unit) and n = 0. */
static ArrayType *
rfm_new(double as_of, double unit, int cap)
{
	int			n = RFM_HDR + 2 * cap;
	Size		sz = ARR_OVERHEAD_NONULLS(1) + sizeof(double) * n;
	ArrayType  *a = palloc0(sz);
	double	   *d;

	SET_VARSIZE(a, sz);
	a->ndim = 1;
	a->dataoffset = 0;
	a->elemtype = FLOAT8OID;
	ARR_DIMS(a)[0] = n;
	ARR_LBOUND(a)[0] = 1;
	d = (double *) ARR_DATA_PTR(a);
	d[0] = RFM_TAG;
	d[1] = as_of;
	d[2] = unit;
	return a;
}

/* Unit interval in whole days (22023 unless a positive number of days). */
static double
rfm_unit_days(Interval *u)
{
	if (u->month != 0 || u->time % USECS_PER_DAY != 0 ||
		(int64) u->day + u->time / USECS_PER_DAY < 1 ||
		(int64) u->day + u->time / USECS_PER_DAY > 36500)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid rfm_agg unit"),
				 errdetail("The unit is a whole number of days, for example '1 day' or '1 week' (no months, no parts of days).")));
	return (double) ((int64) u->day + u->time / USECS_PER_DAY);
}

/* Raise 22023 for an infinite date. */
cx_noreturn static void
rfm_infinite(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s must be finite", what),
			 errdetail("rfm_agg counts days between orders and as_of.")));
}

/*
 * The transition: day numbers of the order and of as_of, the amount (NULL
 * amount: skipped), the unit; orders after as_of are skipped.
 */
static Datum
rfm_add(FunctionCallInfo fcinfo, double day, bool after, double as_of,
		double unit)
{
	ArrayType  *a;
	double	   *d;
	double		amount;
	int			len,
				n;

	if (!PG_ARGISNULL(0))
	{
		a = PG_GETARG_ARRAYTYPE_P(0);
		if (!(cx_in_aggregate(fcinfo) && (Pointer) a == PG_GETARG_POINTER(0)))
			a = PG_GETARG_ARRAYTYPE_P_COPY(0);
		d = rfm_check(a);
		if (d[1] != as_of || d[2] != unit)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("rfm_agg as_of or unit changed within a group"),
					 errhint("Pass as_of and unit as constants.")));
	}
	else
	{
		a = rfm_new(as_of, unit, 4);
		d = (double *) ARR_DATA_PTR(a);
	}
	if (after || PG_ARGISNULL(2))
		PG_RETURN_ARRAYTYPE_P(a);
	amount = DatumGetFloat8(DirectFunctionCall1(numeric_float8, PG_GETARG_DATUM(2)));
	if (!(amount >= 0.0) || !isfinite(amount))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("order amount %s is out of range", fmt_double(amount)),
				 errdetail("rfm_agg takes amounts >= 0; net refunds into their orders or filter them out.")));
	len = rfm_len(a);
	n = (int) d[3];
	if (RFM_HDR + 2 * (n + 1) > len)
	{
		int			cap = (len - RFM_HDR) / 2;
		ArrayType  *b;

		if (cap > (int) (MaxAllocSize / sizeof(double) / 4))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many orders for one customer in rfm_agg")));
		b = rfm_new(as_of, unit, 2 * cap);
		memcpy(ARR_DATA_PTR(b), d, sizeof(double) * (RFM_HDR + 2 * n));
		a = b;
		d = (double *) ARR_DATA_PTR(a);
	}
	d[RFM_HDR + 2 * n] = day;
	d[RFM_HDR + 2 * n + 1] = amount;
	d[3] = n + 1;
	PG_RETURN_ARRAYTYPE_P(a);
}

/*
 * A day number the state can hold (|day| <= 1e8, as rfm_check demands):
 * later dates (year 275760 on, which date and timestamptz reach) are a
 * 22008 here, not an "invalid rfm_agg state" at the next row.
 */
static double
rfm_day_in_range(double day, const char *what)
{
	if (fabs(day) > 1e8)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("rfm_agg %s is out of range", what),
				 errdetail("rfm_agg takes dates within 100000000 days of 2000-01-01 (up to 275790-09-13).")));
	return day;
}

/* Day number of a finite date. */
static double
rfm_day(DateADT d, const char *what)
{
	if (DATE_NOT_FINITE(d))
		rfm_infinite(what);
	return rfm_day_in_range((double) d, what);
}

/* Day number of a finite timestamptz: its date in the session TimeZone. */
static double
rfm_tstz_day(TimestampTz ts, const char *what)
{
	if (TIMESTAMP_NOT_FINITE(ts))
		rfm_infinite(what);
	return rfm_day_in_range((double) DatumGetDateADT(DirectFunctionCall1(timestamptz_date,
																		 TimestampTzGetDatum(ts))),
							what);
}

/* rfm_agg(date, numeric, date, interval) transition */
Datum
cxkpi_rfm_agg_transfn_date(PG_FUNCTION_ARGS)
{
	double		as_of,
				unit,
				day;

	if (PG_ARGISNULL(3) || PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("rfm_agg as_of and unit must not be NULL")));
	as_of = rfm_day(PG_GETARG_DATEADT(3), "as_of");
	unit = rfm_unit_days(PG_GETARG_INTERVAL_P(4));
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	day = rfm_day(PG_GETARG_DATEADT(1), "ordered_at");
	return rfm_add(fcinfo, day, day > as_of, as_of, unit);
}

/*
 * rfm_agg(timestamptz, numeric, timestamptz, interval) transition: orders
 * after the instant as_of are skipped; days are calendar dates in the
 * session TimeZone.
 */
Datum
cxkpi_rfm_agg_transfn_tstz(PG_FUNCTION_ARGS)
{
	TimestampTz ts,
				as_of_ts;
	double		as_of,
				unit,
				day;

	if (PG_ARGISNULL(3) || PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("rfm_agg as_of and unit must not be NULL")));
	as_of_ts = PG_GETARG_TIMESTAMPTZ(3);
	as_of = rfm_tstz_day(as_of_ts, "as_of");
	unit = rfm_unit_days(PG_GETARG_INTERVAL_P(4));
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	ts = PG_GETARG_TIMESTAMPTZ(1);
	day = rfm_tstz_day(ts, "ordered_at");
	return rfm_add(fcinfo, day, ts > as_of_ts, as_of, unit);
}

/* Combine: concatenate the pairs (same as_of and unit). */
Datum
cxkpi_rfm_agg_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *a,
			   *b,
			   *c;
	double	   *da,
			   *db,
			   *dc;
	int			na,
				nb;

	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	if (PG_ARGISNULL(0))
	{
		b = PG_GETARG_ARRAYTYPE_P_COPY(1);
		(void) rfm_check(b);
		PG_RETURN_ARRAYTYPE_P(b);
	}
	a = PG_GETARG_ARRAYTYPE_P(0);
	b = PG_GETARG_ARRAYTYPE_P(1);
	da = rfm_check(a);
	db = rfm_check(b);
	if (da[1] != db[1] || da[2] != db[2])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine rfm_agg states of different as_of or unit")));
	na = (int) da[3];
	nb = (int) db[3];
	if ((int64) na + nb > (int64) (MaxAllocSize / sizeof(double) / 4))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many orders for one customer in rfm_agg")));
	c = rfm_new(da[1], da[2], Max(na + nb, 4));
	dc = (double *) ARR_DATA_PTR(c);
	memcpy(dc + RFM_HDR, da + RFM_HDR, sizeof(double) * 2 * na);
	memcpy(dc + RFM_HDR + 2 * na, db + RFM_HDR, sizeof(double) * 2 * nb);
	dc[3] = na + nb;
	PG_RETURN_ARRAYTYPE_P(c);
}

/* qsort order of (day, amount) pairs: day, then amount. */
static int
pair_cmp(const void *pa, const void *pb)
{
	const double *a = pa;
	const double *b = pb;

	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	if (a[1] != b[1])
		return a[1] < b[1] ? -1 : 1;
	return 0;
}

/*
 * Final: (x, t_x, t_cal, m, orders, first_order, last_order), NULL when no
 * order is on or before as_of.
 */
Datum
cxkpi_rfm_agg_final(PG_FUNCTION_ARGS)
{
	ArrayType  *a;
	double	   *d,
			   *pairs;
	int			n,
				i;
	double		unit,
				first,
				last,
				bucket,
				mean,
				repeat_total = 0.0;
	int64		x = 0;
	Datum		values[7];
	bool		nulls[7] = {0};

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	a = PG_GETARG_ARRAYTYPE_P(0);
	d = rfm_check(a);
	n = (int) d[3];
	if (n == 0)
		PG_RETURN_NULL();
	unit = d[2];
	pairs = palloc(sizeof(double) * 2 * n);
	memcpy(pairs, d + RFM_HDR, sizeof(double) * 2 * n);
	for (i = 0; i < n; i++)
		if (pairs[2 * i] != floor(pairs[2 * i]) || fabs(pairs[2 * i]) > 1e8 ||
			!(pairs[2 * i + 1] >= 0.0) || !isfinite(pairs[2 * i + 1]) ||
			pairs[2 * i] > d[1])
			rfm_bad_state();
	qsort(pairs, n, 2 * sizeof(double), pair_cmp);
	first = pairs[0];
	last = pairs[2 * (n - 1)];
	/* units counted from the first order; each unit after the first with an order is one repeat */
	bucket = 0.0;
	for (i = 0; i < n; i++)
	{
		double		b = floor((pairs[2 * i] - first) / unit);

		if (b > 0.0)
		{
			if (b != bucket)
			{
				x++;
				bucket = b;
			}
			repeat_total += pairs[2 * i + 1];
		}
	}
	values[0] = Int64GetDatum(x);
	/* t_x: first to last order, T: first order to as_of, in units */
	values[1] = Float8GetDatum(x > 0 ? (last - first) / unit : 0.0);
	values[2] = Float8GetDatum((d[1] - first) / unit);
	mean = x > 0 ? repeat_total / (double) x : 0.0;
	if (!isfinite(mean))
	{
		/*
		 * The repeat amounts pass DBL_MAX (two orders of 1e308): their mean
		 * per unit may not, so sum them divided by x; NULL when even the
		 * mean is beyond a double, never Infinity.
		 */
		mean = 0.0;
		for (i = 0; i < n; i++)
			if (floor((pairs[2 * i] - first) / unit) > 0.0)
				mean += pairs[2 * i + 1] / (double) x;
		nulls[3] = !isfinite(mean);
	}
	values[3] = Float8GetDatum(mean);
	values[4] = Int64GetDatum(n);
	values[5] = DateADTGetDatum((DateADT) first);
	values[6] = DateADTGetDatum((DateADT) last);
	return cx_report_row(fcinfo, values, nulls, 7);
}
