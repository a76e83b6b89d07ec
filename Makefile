# cxkpi -- customer-experience KPIs for PostgreSQL (PGXS build)
#
# Packagers:   make && make install && make installcheck   (PG_CONFIG=... to pick a server)
# Developers:  make demo | make test | make bench | make sandbox   (Debian, as root: installs
#              what is missing with apt-get and runs everything in a throwaway cluster)
#              make sanitize | make fuzz [FUZZ_SECONDS=60]   (clang; ASan/UBSan, libFuzzer)
# PGVER:       the PostgreSQL major of make demo/test/bench/sandbox; default: the one the
#              distribution ships (tests/pgver.sh: 15 on Debian 12, 17 on 13, 18 on sid)

EXTENSION    = cxkpi
EXTVERSION   = 0.3.0
ifeq ($(origin PGVER),undefined)
PGVER       := $(shell sh tests/pgver.sh)
endif

MODULE_big   = cxkpi
OBJS         = src/cxkpi.o src/common.o src/textparse.o src/stats.o src/decimal128.o \
               src/period.o src/scale.o src/nps.o src/csat.o src/ces.o src/churn.o \
               src/churn_series.o src/revenue.o src/scale_compare.o \
               src/rate_math.o src/rate.o src/survival_math.o src/survival.o \
               src/order_value.o src/clv_math.o src/clv.o
# SQL: one declarations source per family (sql/src/), concatenated in this
# order -- a family after those it uses (churn_series needs churn_summary) --
# into the current version's install script, a build product like the .so.
# Released full and upgrade scripts are committed and frozen.  To release:
# make, commit the built script (git add -f), then raise EXTVERSION (with
# cxkpi.control, META.json, .gitignore) and start the next hand-written
# upgrade script.
SQL_SRC      = sql/src/core.sql sql/src/nps.sql sql/src/csat.sql sql/src/ces.sql \
               sql/src/churn.sql sql/src/customer_flow.sql sql/src/churn_series.sql \
               sql/src/revenue.sql sql/src/rate.sql sql/src/survival.sql sql/src/clv.sql \
               sql/src/order_value.sql
# The upgrade script from the last release: its hand-written part (changes
# to the families the last release had) and the whole source of every family
# new in this version, also a build product.
NEW_SQL_SRC  = sql/src/rate.sql sql/src/survival.sql sql/src/clv.sql sql/src/order_value.sql
UPGRADE_SRC  = sql/src/upgrade/0.2.0--$(EXTVERSION).sql $(NEW_SQL_SRC)
UPGRADE      = sql/$(EXTENSION)--0.2.0--$(EXTVERSION).sql
DATA_built   = sql/$(EXTENSION)--$(EXTVERSION).sql $(UPGRADE)
DATA         = $(filter-out $(DATA_built),$(wildcard sql/$(EXTENSION)--*.sql))
DOCS         = README.md

# pg_regress suites, in order (sql/<name>.sql -> expected/<name>.out)
REGRESS      = nps_basics nps_inference nps_io nps_aggregate nps_fuzz csat ces scales_aggregate \
               churn churn_series revenue customer_flow kpi_fuzz hostile_aggregates domains \
               hash_memory compact dashboards rate rate_aggregate survival survival_r \
               clv clv_cdnow order_value cs_recipes
REGRESS_OPTS = --inputdir=.

# Strict warnings for everybody; -Werror only where CI asks for it (PG_CFLAGS=-Werror).
override PG_CFLAGS += -Wextra

EXTRA_CLEAN  = results regression.diffs regression.out tests/bench/results

PG_CONFIG   ?= pg_config
PGXS        := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
PG_INCSRV   := $(shell $(PG_CONFIG) --includedir-server 2>/dev/null)
# the major of the pg_config found, for the message below (else PGVER)
PG_MAJOR    := $(or $(shell $(PG_CONFIG) --version 2>/dev/null | sed -n 's/^PostgreSQL \([0-9]*\).*/\1/p'),$(PGVER))

# postgresql-client-N ships pg_config and pgxs.mk but not the server
# headers: the build needs both.
ifneq ($(and $(wildcard $(PGXS)),$(wildcard $(PG_INCSRV)/postgres.h)),)
# The server headers are not -Wextra clean (unused parameters in inline
# functions): read them as system headers so -Wextra judges only our code.
PG_CPPFLAGS += -isystem $(PG_INCSRV)
include $(PGXS)
else
all install installcheck:
	@echo "cxkpi: no PostgreSQL server development files (postgres.h) found (PG_CONFIG=$(PG_CONFIG))." >&2
	@echo "       Install postgresql-server-dev-$(PG_MAJOR), pass PG_CONFIG=/path/to/pg_config," >&2
	@echo "       or run 'make deps' (Debian, as root) / 'make test' / 'make demo'." >&2
	@exit 1
endif

# The install script: a title, the guard against psql -f, then every source
# (each after a blank line).  Written to a temporary file first, so an
# interrupted make leaves no half script behind.
sql/$(EXTENSION)--$(EXTVERSION).sql: $(SQL_SRC) Makefile
	@mkdir -p $(@D)
	{ printf '%s\n\n' '/* $(EXTENSION) $(EXTVERSION) -- install script, built by make from sql/src/ (edit those, not this file) */'; \
	  printf '%s\n' '\echo Use "CREATE EXTENSION $(EXTENSION)" to load this file. \quit'; \
	  for f in $(filter %.sql,$^); do echo; cat "$$f" || exit 1; done; } >$@.tmp
	mv $@.tmp $@

$(UPGRADE): $(UPGRADE_SRC) Makefile
	@mkdir -p $(@D)
	{ printf '%s\n\n' '/* $(EXTENSION) 0.2.0 -> $(EXTVERSION) -- upgrade script, built by make from sql/src/ (edit those, not this file) */'; \
	  printf '%s\n' '\echo Use "ALTER EXTENSION $(EXTENSION) UPDATE TO '"'"'$(EXTVERSION)'"'"'" to load this file. \quit'; \
	  for f in $(filter %.sql,$^); do echo; cat "$$f" || exit 1; done; } >$@.tmp
	mv $@.tmp $@

# PGXS does not track header dependencies
$(OBJS): src/cxkpi.h src/textparse.h src/decimal128.h src/scale.h src/stats.h \
         src/period.h src/churn.h src/scale_report.h src/rate_math.h src/survival_math.h \
         src/clv_math.h

.PHONY: deps demo test bench sanitize fuzz sandbox sandbox-stop

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

# Every test suite against an ASan + UBSan build, in a private copy of the
# server (never installed into the system's): tests/sanitize.sh.
sanitize:
	@PGVER=$(PGVER) bash tests/sanitize.sh

# Coverage-guided fuzzing (libFuzzer) of every type's text and binary input,
# for FUZZ_SECONDS, in a private copy of the server: tests/fuzz/run.sh.
FUZZ_SECONDS ?= 60
fuzz:
	@PGVER=$(PGVER) FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh

# A persistent local cluster with the sample data, to try the README's
# queries; prints the psql command that connects to it.
sandbox:
	@PGVER=$(PGVER) bash tests/sandbox.sh start

# Stop the sandbox cluster and delete it.
sandbox-stop:
	@PGVER=$(PGVER) bash tests/sandbox.sh stop
