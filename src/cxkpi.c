/*
 * cxkpi.c
 *	  Module entry point of the cxkpi extension: customer-experience KPIs
 *	  (NPS, ...) as PostgreSQL aggregates, summaries and accessors.  The
 *	  families live in their own files; see scale.c for the shared core.
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;
