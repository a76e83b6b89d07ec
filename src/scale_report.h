/*
 * scale_report.h
 *	  The columns every survey family's report row (nps_report, csat_report,
 *	  ces_report) shares: the accessors of the scale core (src/scale.c),
 *	  called through cx_report_columns (cxkpi.h).
 */
#ifndef CXKPI_SCALE_REPORT_H
#define CXKPI_SCALE_REPORT_H

#include "cxkpi.h"

/* the core's accessors (declared by PG_FUNCTION_INFO_V1 in scale.c) */
extern Datum cxkpi_scale_share(PG_FUNCTION_ARGS);
extern Datum cxkpi_scale_good(PG_FUNCTION_ARGS);
extern Datum cxkpi_scale_scale_min(PG_FUNCTION_ARGS);
extern Datum cxkpi_scale_scale_max(PG_FUNCTION_ARGS);
extern Datum cxkpi_scale_cutoff(PG_FUNCTION_ARGS);
extern Datum cxkpi_scale_responses(PG_FUNCTION_ARGS);
extern Datum cxkpi_scale_total_weight(PG_FUNCTION_ARGS);
extern Datum cxkpi_scale_mean_score(PG_FUNCTION_ARGS);
extern Datum cxkpi_scale_effective_n(PG_FUNCTION_ARGS);
extern Datum cxkpi_scale_std_error(PG_FUNCTION_ARGS);
extern Datum cxkpi_scale_margin_of_error(PG_FUNCTION_ARGS);
extern Datum cxkpi_scale_ci_lower(PG_FUNCTION_ARGS);
extern Datum cxkpi_scale_ci_upper(PG_FUNCTION_ARGS);

/*
 * responses, total_weight, mean_score, effective_n: the columns after a
 * family's own counts, in the order of the OUT parameters.
 */
#define CX_SCALE_REPORT_SAMPLE \
	{cxkpi_scale_responses, false}, \
	{cxkpi_scale_total_weight, false}, \
	{cxkpi_scale_mean_score, false}, \
	{cxkpi_scale_effective_n, false}

/* scale_min, scale_max and the cutoff of a configurable scale */
#define CX_SCALE_REPORT_SCALE \
	{cxkpi_scale_scale_min, false}, \
	{cxkpi_scale_scale_max, false}, \
	{cxkpi_scale_cutoff, false}

/* std_error, margin_of_error, ci_lower, ci_upper: the last columns */
#define CX_SCALE_REPORT_INFERENCE \
	{cxkpi_scale_std_error, false}, \
	{cxkpi_scale_margin_of_error, true}, \
	{cxkpi_scale_ci_lower, true}, \
	{cxkpi_scale_ci_upper, true}

#endif							/* CXKPI_SCALE_REPORT_H */
