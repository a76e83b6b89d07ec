/*
 * cxkpi_fuzz.c -- a libFuzzer driver hosted inside a real PostgreSQL backend.
 *
 * Built only by tests/fuzz/run.sh (make fuzz), linked with libFuzzer into
 * the fuzz build of cxkpi.so (-fsanitize=fuzzer-no-link,address,undefined)
 * that goes into the private server copy of tests/sanitize/lib.sh; never
 * by "make install".  So libFuzzer sees the coverage of cxkpi's code and
 * ASan/UBSan watch every input.  No PG_MODULE_MAGIC: src/cxkpi.c has it.
 *
 * SQL:  cxkpi_fuzz_run(types regtype[], funcs regprocedure[], args text[])
 * -- never returns:
 * libFuzzer's driver ends the process (exit(0) when done, a crash report and
 * a non-zero exit when it finds something).  Run it in a single-user backend.
 *
 * One fuzz input = a selector byte + a payload.  The selector picks the type
 * (types[(b >> 1) % ntypes]) and the path (b & 1: 0 text, 1 binary).  The
 * payload goes, in a malloc'ed buffer of exactly its size (+ the terminating
 * NUL of a C string), to the type's input or receive function, so ASan sees
 * any read past its end.  Then:
 *   - an ERROR must be a data exception (SQLSTATE class 22: 22P02, 22P03,
 *     22003, 22023, ...); anything else (XX000 from an elog, 53xxx, ...)
 *     is a finding;
 *   - an accepted binary payload must have been read to its last byte;
 *   - an accepted value must round-trip: input(output(v)) is v byte for byte
 *     and prints the same text (the output is canonical); recv(send(v)) is v
 *     byte for byte and sends the same bytes.  Any error on these second
 *     steps is a finding too (the type printed or sent something it rejects);
 *   - every function of funcs whose first argument has the value's type is
 *     called on it (fuzz_call): accessors, operators, jsonb casts.  A data
 *     exception is fine; a non-finite double precision result is a finding.
 * A finding prints what happened on stderr and abort()s, which libFuzzer
 * turns into a crash-<sha1> reproducer.
 *
 * Errors are caught with PG_TRY/FlushErrorState and no subtransaction, the
 * way a soft-error input call would: the type input functions only allocate
 * memory (in a context reset after every input) and take no locks.
 */
#include "postgres.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/regproc.h"

/* libFuzzer's entry point for a program with its own main (no_main runtime) */
extern int	LLVMFuzzerRunDriver(int *argc, char ***argv,
								int (*cb) (const uint8_t *data, size_t size));

/* A function called on every accepted value (see fuzz_call) */
typedef struct FuzzFunc
{
	Oid			oid;
	char	   *name;
	int			nargs;
	Oid			argtypes[2];
	Oid			rettype;
} FuzzFunc;

typedef struct FuzzType
{
	Oid			oid;
	char	   *name;
	Oid			input;
	Oid			output;
	Oid			recv;
	Oid			send;
	Oid			ioparam;
	FuzzFunc   *funcs;
	int			nfuncs;
} FuzzType;

static FuzzType *fuzz_types;
static int	fuzz_ntypes;
static MemoryContext fuzz_cxt;

/*
 * Exact-size buffers of the current input, malloc'ed (not palloc'ed, so
 * ASan sees their bounds) and freed after it, also when an ERROR jumped
 * past their users.
 */
#define FUZZ_MAX_BUFS 64			/* an input, and one per round trip */
static char *fuzz_bufs[FUZZ_MAX_BUFS];
static int	fuzz_nbufs;

/*
 * What the current input is doing, for the message of a finding, and
 * whether an ERROR is acceptable there (parsing the input, calling a
 * function on the value: yes, if a data exception; a round trip: never).
 */
static const char *fuzz_stage;
static bool fuzz_soft;
static const FuzzType *fuzz_type;
static const char *fuzz_func;	/* the function of fuzz_call, if any */

/* finding: print it with the current type and stage, then abort() */
static void fuzz_fail(const char *what, const char *detail) __attribute__((noreturn));

static void
fuzz_fail(const char *what, const char *detail)
{
	fprintf(stderr, "cxkpi_fuzz: FINDING in %s (%s%s%s): %s%s%s\n",
			fuzz_type ? fuzz_type->name : "?", fuzz_stage ? fuzz_stage : "?",
			fuzz_func ? " of the result of " : "", fuzz_func ? fuzz_func : "",
			what, detail ? ": " : "", detail ? detail : "");
	fflush(stderr);
	abort();
}

/* a malloc'ed copy of len bytes plus a NUL, freed by fuzz_free_bufs */
static char *
fuzz_copy(const char *bytes, size_t len)
{
	char	   *copy;

	if (fuzz_nbufs >= FUZZ_MAX_BUFS || (copy = malloc(len + 1)) == NULL)
		fuzz_fail("cannot allocate an input buffer", NULL);
	if (len > 0)
		memcpy(copy, bytes, len);
	copy[len] = '\0';
	fuzz_bufs[fuzz_nbufs++] = copy;
	return copy;
}

/* free the buffers of the current input */
static void
fuzz_free_bufs(void)
{
	while (fuzz_nbufs > 0)
		free(fuzz_bufs[--fuzz_nbufs]);
}

/* recv on an exact malloc'ed copy of bytes; insist every byte was read */
static Datum
fuzz_recv(const FuzzType *t, const char *bytes, int len)
{
	StringInfoData buf;
	Datum		d;

	buf.data = fuzz_copy(bytes, len);
	buf.len = len;
	buf.maxlen = len + 1;
	buf.cursor = 0;
	d = OidReceiveFunctionCall(t->recv, &buf, t->ioparam, -1);
	if (buf.cursor != buf.len)
	{
		char		msg[64];

		snprintf(msg, sizeof(msg), "read %d of %d bytes", buf.cursor, buf.len);
		fuzz_fail("receive accepted a message with trailing bytes", msg);
	}
	return d;
}

/* v must print, re-read, send and re-receive to exactly itself */
static void
fuzz_round_trip(const FuzzType *t, Datum v)
{
	char	   *out;
	char	   *out2;
	Datum		v2;
	bytea	   *bin;
	bytea	   *bin2;

	fuzz_soft = false;
	fuzz_stage = "output";
	out = OidOutputFunctionCall(t->output, v);
	fuzz_stage = "input of its own output";
	v2 = OidInputFunctionCall(t->input, out, t->ioparam, -1);
	if (!datumIsEqual(v, v2, false, -1))
		fuzz_fail("input(output(v)) differs from v", out);
	out2 = OidOutputFunctionCall(t->output, v2);
	if (strcmp(out, out2) != 0)
		fuzz_fail("output is not canonical", out2);

	fuzz_stage = "send";
	bin = OidSendFunctionCall(t->send, v);
	fuzz_stage = "receive of its own send";
	v2 = fuzz_recv(t, VARDATA_ANY(bin), VARSIZE_ANY_EXHDR(bin));
	if (!datumIsEqual(v, v2, false, -1))
		fuzz_fail("recv(send(v)) differs from v", out);
	bin2 = OidSendFunctionCall(t->send, v2);
	if (VARSIZE_ANY_EXHDR(bin) != VARSIZE_ANY_EXHDR(bin2) ||
		memcmp(VARDATA_ANY(bin), VARDATA_ANY(bin2), VARSIZE_ANY_EXHDR(bin)) != 0)
		fuzz_fail("send(recv(send(v))) differs from send(v)", out);
}

/* the current ERROR: acceptable (flushed) or a finding */
static void
fuzz_caught(void)
{
	ErrorData  *e;
	char		msg[1024];

	MemoryContextSwitchTo(fuzz_cxt);
	e = CopyErrorData();
	FlushErrorState();
	snprintf(msg, sizeof(msg), "SQLSTATE %s: %s",
			 unpack_sql_state(e->sqlerrcode), e->message);
	if (!fuzz_soft)
		fuzz_fail("an accepted value failed its round trip", msg);
	if (ERRCODE_TO_CATEGORY(e->sqlerrcode) != ERRCODE_DATA_EXCEPTION)
		fuzz_fail("error outside SQLSTATE class 22 (data exception)", msg);
}

/*
 * Call f on v (each argument of v's type is v, a double precision one 0.95,
 * an integer one 1).  A data exception is fine; a float8 result must be
 * finite (a documented domain never holds NaN or Infinity); a result of
 * v's type must round-trip like v; any other result must print.
 */
static void
fuzz_call(const FuzzType *t, const FuzzFunc *f, Datum v)
{
	LOCAL_FCINFO(fcinfo, 2);
	FmgrInfo	flinfo;
	Datum		r;

	fuzz_soft = true;
	fuzz_stage = f->name;
	fuzz_func = NULL;
	fmgr_info(f->oid, &flinfo);
	InitFunctionCallInfoData(*fcinfo, &flinfo, f->nargs, InvalidOid, NULL, NULL);
	for (int i = 0; i < f->nargs; i++)
	{
		fcinfo->args[i].isnull = false;
		if (f->argtypes[i] == t->oid)
			fcinfo->args[i].value = v;
		else if (f->argtypes[i] == FLOAT8OID)
			fcinfo->args[i].value = Float8GetDatum(0.95);
		else
			fcinfo->args[i].value = Int32GetDatum(1);
	}
	r = FunctionCallInvoke(fcinfo);
	if (fcinfo->isnull)
		return;
	if (f->rettype == FLOAT8OID)
	{
		double		d = DatumGetFloat8(r);

		if (isnan(d) || isinf(d))
		{
			char		msg[64];

			snprintf(msg, sizeof(msg), "%g", d);
			fuzz_fail("function returned a non-finite double precision", msg);
		}
	}
	else if (f->rettype == t->oid)
	{
		fuzz_func = f->name;
		fuzz_round_trip(t, r);
	}
	else
	{
		Oid			out;
		bool		isvarlena;

		getTypeOutputInfo(f->rettype, &out, &isvarlena);
		fuzz_func = f->name;
		fuzz_stage = "output";
		fuzz_soft = false;
		(void) OidOutputFunctionCall(out, r);
	}
}

/* libFuzzer callback: one input (selector byte + payload) */
static int
fuzz_one(const uint8_t *data, size_t size)
{
	const FuzzType *t;
	bool		binary;
	const char *payload = (const char *) data + 1;
	size_t		len;
	MemoryContext old;

	if (size < 1 || size > MaxAllocSize / 2)
		return -1;				/* not worth keeping in the corpus */
	t = &fuzz_types[(data[0] >> 1) % fuzz_ntypes];
	binary = (data[0] & 1) != 0;
	len = size - 1;
	/* a C string stops at its NUL: such text never reaches an input function */
	if (!binary && memchr(payload, '\0', len) != NULL)
		return -1;

	fuzz_type = t;
	old = MemoryContextSwitchTo(fuzz_cxt);
	PG_TRY();
	{
		Datum		v;

		fuzz_soft = true;
		if (binary)
		{
			fuzz_stage = "receive";
			v = fuzz_recv(t, payload, (int) len);
		}
		else
		{
			char	   *text = fuzz_copy(payload, len);

			fuzz_stage = "input";
			v = OidInputFunctionCall(t->input, text, t->ioparam, -1);
		}
		fuzz_round_trip(t, v);
		for (int i = 0; i < t->nfuncs; i++)
		{
			PG_TRY();
			{
				fuzz_call(t, &t->funcs[i], v);
			}
			PG_CATCH();
			{
				fuzz_caught();
			}
			PG_END_TRY();
		}
	}
	PG_CATCH();
	{
		fuzz_caught();
	}
	PG_END_TRY();
	MemoryContextSwitchTo(old);
	MemoryContextReset(fuzz_cxt);
	fuzz_free_bufs();
	fuzz_stage = NULL;
	fuzz_type = NULL;
	fuzz_func = NULL;
	return 0;
}

PG_FUNCTION_INFO_V1(cxkpi_fuzz_run);

/*
 * cxkpi_fuzz_run(types regtype[], funcs regprocedure[], args text[]): hand
 * the backend to libFuzzer
 */
Datum
cxkpi_fuzz_run(PG_FUNCTION_ARGS)
{
	ArrayType  *types = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *funcs = PG_GETARG_ARRAYTYPE_P(1);
	ArrayType  *args = PG_GETARG_ARRAYTYPE_P(2);
	int			nfuncs;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			argc;
	char	  **argv;

	deconstruct_array(types, REGTYPEOID, sizeof(Oid), true, TYPALIGN_INT,
					  &elems, &nulls, &n);
	if (n == 0)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("cxkpi_fuzz_run needs at least one type")));
	fuzz_types = MemoryContextAllocZero(TopMemoryContext, n * sizeof(FuzzType));
	for (int i = 0; i < n; i++)
	{
		FuzzType   *t = &fuzz_types[i];
		FmgrInfo	flinfo;
		bool		isvarlena;

		if (nulls[i])
			ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
							errmsg("cxkpi_fuzz_run: NULL type")));
		t->oid = DatumGetObjectId(elems[i]);
		t->name = MemoryContextStrdup(TopMemoryContext, format_type_be(t->oid));
		getTypeInputInfo(t->oid, &t->input, &t->ioparam);
		getTypeOutputInfo(t->oid, &t->output, &isvarlena);
		getTypeBinaryInputInfo(t->oid, &t->recv, &t->ioparam);
		getTypeBinaryOutputInfo(t->oid, &t->send, &isvarlena);
		if (get_typlen(t->oid) != -1)
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							errmsg("cxkpi_fuzz_run: type %s is not a varlena", t->name)));
		/* load the module now, so libFuzzer finds its counters at start-up */
		fmgr_info(t->input, &flinfo);
		fprintf(stderr, "cxkpi_fuzz: selector %d (text) / %d (binary) mod %d: %s\n",
				2 * i, 2 * i + 1, 2 * n, t->name);
	}
	fuzz_ntypes = n;

	/* the functions to call on accepted values, by the type of argument 1 */
	deconstruct_array(funcs, REGPROCEDUREOID, sizeof(Oid), true, TYPALIGN_INT,
					  &elems, &nulls, &nfuncs);
	for (int i = 0; i < n; i++)
		fuzz_types[i].funcs = MemoryContextAllocZero(TopMemoryContext,
													 Max(nfuncs, 1) * sizeof(FuzzFunc));
	for (int j = 0; j < nfuncs; j++)
	{
		Oid			fn = DatumGetObjectId(elems[j]);
		Oid		   *argtypes;
		int			nargs;
		Oid			rettype;
		FuzzType   *t = NULL;
		FuzzFunc   *f;
		bool		ok;

		if (nulls[j])
			continue;
		rettype = get_func_signature(fn, &argtypes, &nargs);
		for (int i = 0; i < n; i++)
			if (nargs >= 1 && argtypes[0] == fuzz_types[i].oid)
				t = &fuzz_types[i];
		ok = t != NULL && nargs <= 2 && get_func_retset(fn) == false;
		for (int a = 0; ok && a < nargs; a++)
			ok = argtypes[a] == t->oid || argtypes[a] == FLOAT8OID || argtypes[a] == INT4OID;
		if (!ok)
		{
			fprintf(stderr, "cxkpi_fuzz: not calling %s (arguments not supported)\n",
					format_procedure(fn));
			continue;
		}
		f = &t->funcs[t->nfuncs++];
		f->oid = fn;
		f->name = MemoryContextStrdup(TopMemoryContext, format_procedure(fn));
		f->nargs = nargs;
		for (int a = 0; a < nargs; a++)
			f->argtypes[a] = argtypes[a];
		f->rettype = rettype;
	}
	for (int i = 0; i < n; i++)
		fprintf(stderr, "cxkpi_fuzz: %s: %d functions called on every accepted value\n",
				fuzz_types[i].name, fuzz_types[i].nfuncs);

	deconstruct_array(args, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &argc);
	argv = MemoryContextAllocZero(TopMemoryContext, (argc + 2) * sizeof(char *));
	argv[0] = "cxkpi_fuzz";
	for (int i = 0; i < argc; i++)
		argv[i + 1] = nulls[i] ? "" :
			MemoryContextStrdup(TopMemoryContext, TextDatumGetCString(elems[i]));
	argc++;

	/*
	 * The smallest blocks aset.c allows: every chunk over 128 bytes (every
	 * summary) then gets a malloc'ed block of its own, ending where the
	 * chunk ends, so ASan also sees a read or write past the end of a
	 * summary the input functions palloc.  (Smaller chunks share blocks,
	 * where ASan cannot see an overflow.)
	 */
	fuzz_cxt = AllocSetContextCreate(TopMemoryContext, "cxkpi fuzz input",
									 0, 1024, 1024);
	fflush(stdout);
	fflush(stderr);
	LLVMFuzzerRunDriver(&argc, &argv, fuzz_one);
	/* not reached: the driver exits */
	PG_RETURN_VOID();
}
