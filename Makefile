# cxkpi -- customer-experience KPIs for PostgreSQL (PGXS build)
#
# Packagers:   make && make install && make installcheck   (PG_CONFIG=... to pick a server)
# Developers:  make demo | make test | make bench            (Debian 12, as root: installs
#              what is missing with apt-get and runs everything in a throwaway cluster)

EXTENSION    = cxkpi
EXTVERSION   = 0.3.0
PGVER       ?= 15

MODULE_big   = cxkpi
OBJS         = src/cxkpi.o src/common.o src/textparse.o src/stats.o src/decimal128.o \
               src/period.o src/scale.o src/nps.o src/csat.o src/ces.o src/churn.o \
               src/churn_series.o src/revenue.o
# SQL: one declarations source per family (sql/src/), concatenated in this
# order -- a family after those it uses (churn_series needs churn_summary) --
# into the current version's install script, a build product like the .so.
# Released full and upgrade scripts are committed and frozen.  To release:
# make, commit the built script (git add -f), then raise EXTVERSION (with
# cxkpi.control, META.json, .gitignore) and start the next hand-written
# upgrade script.
SQL_SRC      = sql/src/core.sql sql/src/nps.sql sql/src/csat.sql sql/src/ces.sql \
               sql/src/churn.sql sql/src/customer_flow.sql sql/src/churn_series.sql \
               sql/src/revenue.sql
DATA_built   = sql/$(EXTENSION)--$(EXTVERSION).sql
DATA         = $(filter-out $(DATA_built),$(wildcard sql/$(EXTENSION)--*.sql))
DOCS         = README.md

# pg_regress suites, in order (sql/<name>.sql -> expected/<name>.out)
REGRESS      = nps_basics nps_inference nps_io nps_aggregate nps_fuzz csat ces scales_aggregate \
               churn churn_series revenue customer_flow kpi_fuzz hostile_aggregates domains
REGRESS_OPTS = --inputdir=.

# Strict warnings for everybody; -Werror only where CI asks for it (PG_CFLAGS=-Werror).
override PG_CFLAGS += -Wextra

EXTRA_CLEAN  = results regression.diffs regression.out tests/bench/results

PG_CONFIG   ?= pg_config
PGXS        := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)

ifneq ($(wildcard $(PGXS)),)
# The server headers are not -Wextra clean (unused parameters in inline
# functions): read them as system headers so -Wextra judges only our code.
PG_CPPFLAGS += -isystem $(shell $(PG_CONFIG) --includedir-server)
include $(PGXS)
else
all install installcheck:
	@echo "cxkpi: no PostgreSQL server development files found (PG_CONFIG=$(PG_CONFIG))." >&2
	@echo "       Install postgresql-server-dev-$(PGVER), pass PG_CONFIG=/path/to/pg_config," >&2
	@echo "       or run 'make deps' (Debian, as root) / 'make test' / 'make demo'." >&2
	@exit 1
endif

# The install script: a title, the guard against psql -f, then every source
# (each after a blank line).  Written to a temporary file first, so an
# interrupted make leaves no half script behind.
$(DATA_built): $(SQL_SRC) Makefile
	@mkdir -p $(@D)
	{ printf '%s\n\n' '/* $(EXTENSION) $(EXTVERSION) -- install script, built by make from sql/src/ (edit those, not this file) */'; \
	  printf '%s\n' '\echo Use "CREATE EXTENSION $(EXTENSION)" to load this file. \quit'; \
	  for f in $(filter %.sql,$^); do echo; cat "$$f" || exit 1; done; } >$@.tmp
	mv $@.tmp $@

# PGXS does not track header dependencies
$(OBJS): src/cxkpi.h src/textparse.h src/decimal128.h src/scale.h src/stats.h \
         src/period.h src/churn.h

.PHONY: deps demo test bench

# Install postgresql-$(PGVER) and its server headers with apt-get when missing.
deps:
	@PGVER=$(PGVER) sh tests/ensure-deps.sh

# Build, install, start a throwaway cluster, load sample data, print a KPI report.
demo:
	@PGVER=$(PGVER) bash tests/demo.sh

# Build, install, and run every test suite in a throwaway cluster.
test:
	@PGVER=$(PGVER) bash tests/run-tests.sh

# Benchmarks (not part of make test; prints ratios, never fails on timing).
bench:
	@PGVER=$(PGVER) bash tests/bench/run.sh
