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
	gs <- sort(unique(d$grp))
	if (length(gs) >= 2) {
		sd <- survdiff(Surv(time, status) ~ grp, data = d)
		expect(name, 0L, "logrank_k", length(gs), NA,
			   pchisq(sd$chisq, length(gs) - 1, lower.tail = FALSE))
		for (a in gs) for (b in gs) if (a < b) {
			sd2 <- survdiff(Surv(time, status) ~ grp, data = d[d$grp %in% c(a, b), ])
			expect(name, a, "logrank_2", b, NA, pchisq(sd2$chisq, 1, lower.tail = FALSE))
		}
	}
}
lines <- c(lines, "INSERT INTO r_expect VALUES", paste0(paste(ex, collapse = ",\n"), ";"))
writeLines(lines, out)
