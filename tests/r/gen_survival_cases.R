# gen_survival_cases.R -- writes sql/include/survival_r_cases.sql, the data
# and R's answers that the survival_r suite compares cxkpi with (to 1e-9):
# survfit (Kaplan-Meier, Greenwood std.err, log-log / log / plain
# intervals), print.survfit's median with its limits, quantile.survfit,
# the restricted mean and its se (print(fit, rmean = h)), survdiff's
# two- and k-group log-rank p-values.
#
#   Rscript tests/r/gen_survival_cases.R [out.sql]
#
# Data: R survival's own aml, lung and veteran sets (integer times), a
# random set with many ties (set.seed, R's default generator), and two
# constructed curves that sit at exactly S = 0.5 over a stretch (where
# print.survfit and quantile.survfit take different midpoints).
# tests/sh/survival_r.sh reruns this and checks the committed file is what
# it writes, when Rscript and survival are installed.
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "sql/include/survival_r_cases.sql"

num <- function(x) {
	ifelse(is.na(x) | !is.finite(x), "NULL", sprintf("%.17g", x))
}

sets <- list()
add <- function(name, time, status, group) {
	sets[[length(sets) + 1]] <<- data.frame(ds = name, time = as.integer(time),
											status = as.integer(status), grp = as.integer(group))
}
add("aml", aml$time, aml$status, as.integer(aml$x))
l <- lung[!is.na(lung$ph.ecog), ]
add("lung", l$time, l$status - 1, l$ph.ecog + 1)  # groups 1..4 (0: all)
add("veteran", veteran$time, veteran$status, as.integer(veteran$celltype))
set.seed(20261201)
n <- 600
g <- sample(1:3, n, replace = TRUE)
tt <- ceiling(rexp(n, rate = c(0.05, 0.08, 0.065)[g]))
cc <- sample(1:60, n, replace = TRUE)
add("random", pmin(tt, cc), as.integer(tt <= cc), g)
# S = 1/2 exactly from t = 2 to 5, then 1/4 (both rules: 3.5: the first
# hand-worked example of the survival suite), and a curve that stays at 1/2
# to its last duration 6 (print.survfit: 2, quantile.survfit: (2 + 6) / 2)
add("flat", c(0, 2, 2, 2, 5, 7), c(1, 1, 1, 0, 1, 0), c(1, 1, 1, 1, 1, 1))
add("flat_end", c(2, 2, 4, 6), c(1, 1, 0, 0), c(1, 1, 1, 1))
# Edge cases (rcheck): censorings before the first event (S = 1 at observed
# durations: R's log-log interval is NA there, cxkpi's [1, 1]); a curve
# that ends in an event (S = 0 from there: Greenwood and the intervals
# undefined) with events at duration 0; one customer; nobody lost; two
# small random sets with ties where a group leaves before another's events
# (a group with no expected events: survdiff drops it from the df).
add("lead_cens", c(0, 1, 1, 2, 3, 3, 3, 5, 8, 8), c(0, 0, 0, 1, 1, 0, 1, 0, 1, 0),
	c(1, 2, 1, 2, 1, 2, 1, 2, 1, 2))
add("to_zero", c(0, 0, 1, 2, 2, 4, 4, 6), c(1, 0, 1, 1, 0, 1, 1, 1), c(1, 2, 2, 1, 2, 1, 2, 1))
add("one", 5, 1, 1)
add("none_lost", c(1, 3, 3, 9), c(0, 0, 0, 0), c(1, 1, 2, 2))
add("df0", c(1, 2, 3, 4, 4), c(0, 0, 1, 1, 0), c(1, 1, 2, 2, 3))
set.seed(20261202)
for (k in 1:2) {
	n <- c(12, 40)[k]
	tt <- sample(0:(n %/% 4), n, replace = TRUE)
	st <- as.integer(runif(n) < 0.6)
	st[which.max(tt)] <- 1L
	add(paste0("small", k), tt, st, ifelse(tt <= n %/% 8, 3L, sample(1:2, n, replace = TRUE)))
}

data <- do.call(rbind, sets)
lines <- c(sprintf("-- written by tests/r/gen_survival_cases.R with %s and survival %s; do not edit",
				   R.version.string, packageVersion("survival")),
		   "CREATE TABLE r_data (ds text, grp int, t int, event boolean);",
		   "CREATE TABLE r_expect (ds text, grp int, what text, arg float8, method text, value float8);",
		   "INSERT INTO r_data VALUES")
rows <- sprintf("('%s', %d, %d, %s)", data$ds, data$grp, data$time,
				ifelse(data$status == 1, "true", "false"))
lines <- c(lines, paste0(paste(rows, collapse = ",\n"), ";"))

ex <- character(0)
expect <- function(ds, grp, what, arg, method, value) {
	ex <<- c(ex, sprintf("('%s', %d, '%s', %s, %s, %s)", ds, grp, what, num(arg),
						 ifelse(is.na(method), "NULL", paste0("'", method, "'")), num(value)))
}
for (name in unique(data$ds)) {
	d <- data[data$ds == name, ]
	groups <- c(0L, sort(unique(d$grp)))
	for (g in groups) {
		dg <- if (g == 0) d else d[d$grp == g, ]
		times <- sort(unique(c(0, dg$time, max(dg$time) + 3, quantile(dg$time, 0.3) + 0.5)))
		for (ct in c("log-log", "log", "plain")) {
			fit <- survfit(Surv(time, status) ~ 1, data = dg, conf.type = ct)
			s <- summary(fit, times = times, extend = TRUE)
			for (i in seq_along(s$time)) {
				if (ct == "log-log") {
					expect(name, g, "survival", s$time[i], NA, s$surv[i])
					expect(name, g, "std_error", s$time[i], NA, s$std.err[i])
					expect(name, g, "at_risk", s$time[i], NA, s$n.risk[i])
				}
				expect(name, g, "ci_lower", s$time[i], ct, s$lower[i])
				expect(name, g, "ci_upper", s$time[i], ct, s$upper[i])
			}
			tab <- summary(fit)$table
			expect(name, g, "median", NA, ct, tab[["median"]])
			expect(name, g, "median_lcl", NA, ct, tab[["0.95LCL"]])
			expect(name, g, "median_ucl", NA, ct, tab[["0.95UCL"]])
			# and at 80% confidence (the "_80" accessors of the suite)
			fit80 <- survfit(Surv(time, status) ~ 1, data = dg, conf.type = ct, conf.int = 0.8)
			s80 <- summary(fit80, times = times, extend = TRUE)
			for (i in seq_along(s80$time)) {
				expect(name, g, "ci_lower_80", s80$time[i], ct, s80$lower[i])
				expect(name, g, "ci_upper_80", s80$time[i], ct, s80$upper[i])
			}
			tab80 <- summary(fit80)$table
			expect(name, g, "median_lcl_80", NA, ct, tab80[["0.8LCL"]])
			expect(name, g, "median_ucl_80", NA, ct, tab80[["0.8UCL"]])
		}
		fit <- survfit(Surv(time, status) ~ 1, data = dg)
		for (p in c(0.1, 0.25, 0.5, 0.75, 0.9)) {
			expect(name, g, "quantile", p, NA, quantile(fit, probs = p, conf.int = FALSE)[[1]])
		}
		hs <- unique(c(1, 7.5, median(dg$time), max(dg$time), max(dg$time) + 10))
		for (h in hs[hs >= min(dg$time)]) {
			tab <- summary(fit, rmean = h)$table
			expect(name, g, "rmean", h, NA, tab[["rmean"]])
			expect(name, g, "rmean_se", h, NA, tab[["se(rmean)"]])
		}
	}
	# survdiff's own p-value: its df is the number of groups with expected
	# events > 0, less 1.  With df = 0 (fewer than two such groups) R prints
	# chisq 0 on 0 df, p = 1, where cxkpi's test is undefined (NULL): those
	# are written as logrank_k_df0 / logrank_2_df0, compared apart.
	lr <- function(x) {
		sd <- suppressWarnings(survdiff(Surv(time, status) ~ grp, data = x))
		list(p = sd$pvalue, df0 = sum(sd$exp > 0) < 2 && !is.na(sd$pvalue))
	}
	gs <- sort(unique(d$grp))
	if (length(gs) >= 2 && sum(d$status) > 0) {
		r <- lr(d)
		expect(name, 0L, if (r$df0) "logrank_k_df0" else "logrank_k", length(gs), NA, r$p)
		for (a in gs) for (b in gs) if (a < b) {
			r <- lr(d[d$grp %in% c(a, b), ])
			expect(name, a, if (r$df0) "logrank_2_df0" else "logrank_2", b, NA, r$p)
		}
	}
}
lines <- c(lines, "INSERT INTO r_expect VALUES", paste0(paste(ex, collapse = ",\n"), ";"))
writeLines(lines, out)
