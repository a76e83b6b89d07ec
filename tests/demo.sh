#!/bin/bash
# make demo: install what is missing, build and install cxkpi, then in a
# throwaway cluster load a deterministic sample of 300000 survey responses
# with NPS, CSAT and CES answers (tests/data/surveys.sql) and print a KPI
# report (tests/demo/report.sql).  Exits non-zero on any error.
source "$(dirname "$0")/lib.sh"
build_and_install
in_cluster bash tests/demo/run.sh
