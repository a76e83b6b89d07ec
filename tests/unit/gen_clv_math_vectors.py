#!/usr/bin/env python3
"""Generate tests/unit/clv_math_vectors.h, the expected values of
tests/unit/test_clv_math.c, independently of src/clv_math.c.

Every value is computed here with mpmath at 50 significant digits from the
published closed forms, written directly from the papers (not from the C
code's rearrangements):
  - BG/NBD likelihood (Fader, Hardie & Lee 2005, eq. 3/6 in the Beta-function
    form): L = B(a, b+x)/B(a, b) * G(r+x) a^r / (G(r) (alpha+T)^(r+x))
             + [x > 0] B(a+1, b+x-1)/B(a, b) * G(r+x) alpha^r / (G(r) (alpha+t_x)^(r+x));
    its gradient with respect to (ln r, ln alpha, ln a, ln b) by mpmath.diff
    (numerical differentiation at 50 digits, not the analytic formulas);
  - E[X(t)] (eq. 7) with mpmath.hyp2f1, cross-checked here against
    mpmath.quad of E_p[(1 - (alpha/(alpha+p t))^r)/p], p ~ Beta(a, b) (the
    two must agree to 1e-20, else this script fails); for a = 1 exactly,
    where eq. 7 is 0/0, the quadrature alone;
  - P(alive) (eq. in section 5 / appendix of the paper) and E[Y(t) | x, t_x, T]
    (eq. 10) with mpmath.hyp2f1;
  - besides hand-picked cases (the CDNOW estimates, a = 1, a + b < 1, t from
    1e-6 to 1e4 alpha, x up to 500), random parameter sets drawn with a fixed
    seed over r in e^[-3,2], alpha in e^[-1,5], a in e^[-2,2], b in e^[-2,2.5]
    (their E[X] cross-checked by quadrature to 1e-15);
  - Gamma-Gamma (Fader & Hardie 2013, eq. 1-5): the log-density of the mean
    spend m of x purchases, G(px+q)/(G(px) G(q)) gamma^q m^(px-1) x^px /
    (gamma + m x)^(px+q), its gradient by mpmath.diff, and
    E[M | x, m] = (gamma + m x) p / (p x + q - 1);
  - CLV as lifetimes' _customer_lifetime_value loop (time months, factor
    time units per month, (1 + d)^i discount) over eq. 10 and E[M | x, m];
  - simple CLV arpu * margin * (1 + d)/(1 + d - (1 - churn)) and the
    Pearson correlation of a small data set, exactly with Fraction.
Run:  python3 tests/unit/gen_clv_math_vectors.py [out.h]
(writes the header next to this script by default; tests/sh/unit_clv_math.sh
checks that the committed header is what this script writes).
"""
import os
import random
import sys
from fractions import Fraction

import mpmath as mp

mp.mp.dps = 50
F = mp.mpf


def c(v):
    """A double literal for an mpf (correctly rounded)."""
    return repr(float(v))


def bg_ll(r, al, a, b, x, tx, T):
    r, al, a, b, x, tx, T = map(F, (r, al, a, b, x, tx, T))
    common = mp.gamma(r + x) * al ** r / mp.gamma(r)
    L = mp.beta(a, b + x) / mp.beta(a, b) * common / (al + T) ** (r + x)
    if x > 0:
        L += mp.beta(a + 1, b + x - 1) / mp.beta(a, b) * common / (al + tx) ** (r + x)
    return mp.log(L)


def bg_grad(par, x, tx, T):
    out = []
    for j in range(4):
        def f(lt, j=j):
            p = [F(v) for v in par]
            p[j] = mp.exp(lt)
            return bg_ll(*p, x, tx, T)
        out.append(mp.diff(f, mp.log(F(par[j]))))
    return out


def ex_eq7(r, al, a, b, t):
    r, al, a, b, t = map(F, (r, al, a, b, t))
    return (a + b - 1) / (a - 1) * (1 - (al / (al + t)) ** r *
                                    mp.hyp2f1(r, b, a + b - 1, t / (al + t)))


def ex_quad(r, al, a, b, t):
    """The defining integral, with p = u^(1/a) on [0, 1/2] and 1 - p = v^(1/b)
    on [1/2, 1] so that the Beta weight's endpoint singularities vanish."""
    with mp.workdps(40):
        r, al, a, b, t = map(F, (r, al, a, b, t))
        g = lambda p: -mp.expm1(-r * mp.log1p(p * t / al)) / p
        lo = lambda u: (1 - u ** (1 / a)) ** (b - 1) * g(u ** (1 / a)) / a
        hi = lambda v: (1 - v ** (1 / b)) ** (a - 1) * g(1 - v ** (1 / b)) / b
        u1, v1 = F(1) / 2 ** a, F(1) / 2 ** b
        brk = [0, u1]
        if al / t < F(1) / 200:
            brk = [0, (al / t / 100) ** a, (al / t) ** a, u1]
        res = (mp.quad(lo, brk, maxdegree=10) + mp.quad(hi, [0, v1], maxdegree=10)) / mp.beta(a, b)
    return +res


def ex(r, al, a, b, t, tol=F(10) ** -20):
    q = ex_quad(r, al, a, b, t)
    if F(a) != 1:
        e = ex_eq7(r, al, a, b, t)
        assert abs(e - q) <= tol * abs(e), (r, al, a, b, t, e, q)
        return e
    return q


def rnd(R, lo, hi):
    """exp(uniform(lo, hi)) rounded to 6 significant digits (exact in C)."""
    return float("%.6g" % mp.exp(R.uniform(lo, hi)))


def palive(r, al, a, b, x, tx, T):
    r, al, a, b, x, tx, T = map(F, (r, al, a, b, x, tx, T))
    if x == 0:
        return F(1)
    return 1 / (1 + a / (b + x - 1) * ((al + T) / (al + tx)) ** (r + x))


def cond_ey(r, al, a, b, t, x, tx, T):
    r, al, a, b, t, x, tx, T = map(F, (r, al, a, b, t, x, tx, T))
    num = (a + b + x - 1) / (a - 1) * (1 - ((al + T) / (al + T + t)) ** (r + x) *
                                       mp.hyp2f1(r + x, b + x, a + b + x - 1, t / (al + T + t)))
    den = 1 + (a / (b + x - 1) * ((al + T) / (al + tx)) ** (r + x) if x > 0 else 0)
    return num / den


def gg_ll(p, q, g, x, m):
    p, q, g, x, m = map(F, (p, q, g, x, m))
    return mp.log(mp.gamma(p * x + q) / (mp.gamma(p * x) * mp.gamma(q)) * g ** q *
                  m ** (p * x - 1) * x ** (p * x) / (g + m * x) ** (p * x + q))


def gg_grad(par, x, m):
    out = []
    for j in range(3):
        def f(lt, j=j):
            pp = [F(v) for v in par]
            pp[j] = mp.exp(lt)
            return gg_ll(*pp, x, m)
        out.append(mp.diff(f, mp.log(F(par[j]))))
    return out


def gg_em(p, q, g, x, m):
    p, q, g, x, m = map(F, (p, q, g, x, m))
    return (g + m * x) * p / (p * x + q - 1)


def clv(bg, gg, x, tx, T, m, time, factor, d):
    em = gg_em(*gg, x, m)
    total = F(0)
    for i in range(1, time + 1):
        ti = i * F(factor)
        inc = cond_ey(*bg, ti, x, tx, T) - (cond_ey(*bg, ti - F(factor), x, tx, T) if i > 1 else 0)
        total += em * inc / (1 + F(d)) ** i
    return total


CDNOW = (0.243, 4.414, 0.793, 2.426)       # paper's Table / lifetimes' CDNOW fit
PARS = [CDNOW, (1.5, 20.0, 2.5, 4.0), (0.3, 0.8, 0.3, 0.4), (4.0, 100.0, 1.2, 9.0)]
POINTS = [(0, 0.0, 38.86), (2, 30.43, 38.86), (1, 1.71, 38.86), (7, 29.43, 38.86),
          (0, 0.0, 0.5), (25, 30.0, 31.0), (500, 364.0, 365.0), (3, 3.0, 3.0)]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "clv_math_vectors.h")
    L = []
    L.append("/* Generated by tests/unit/gen_clv_math_vectors.py (mpmath, 50 digits): do not edit. */")
    L.append("typedef struct { double par[4]; double x, tx, T; double ll; double g[4]; } bg_ll_vec;")
    L.append("static const bg_ll_vec bg_ll_vecs[] = {")
    # the likelihood also where a fit drifts to a, b -> infinity (large b:
    # lgamma differences would cancel)
    for par in PARS + [(0.78, 2.7, 4.0e6, 2.4e7), (0.5, 3.0, 1.0e9, 3.0e9)]:
        for (x, tx, T) in POINTS:
            ll = bg_ll(*par, x, tx, T)
            g = bg_grad(par, x, tx, T)
            L.append("\t{{%s}, %s, %s, %s, %s, {%s}}," % (
                ", ".join(c(v) for v in par), c(x), c(tx), c(T), c(ll), ", ".join(c(v) for v in g)))
    L.append("};")

    # E[X(t)]: t from 1e-6 alpha to 1e4 alpha, a around and at 1, a + b < 1
    L.append("typedef struct { double par[4]; double t; double ex; } bg_ex_vec;")
    L.append("static const bg_ex_vec bg_ex_vecs[] = {")
    ex_pars = PARS + [(0.243, 4.414, 1.0, 2.426), (0.7, 3.0, 1.0 + 1e-9, 1.5), (0.5, 2.0, 0.995, 0.8)]
    for par in ex_pars:
        for tt in (1e-6, 0.3, 0.74, 0.76, 2.0, 10.0, 30.0, 1e3, 1e4):
            t = tt * par[1]
            L.append("\t{{%s}, %s, %s}," % (", ".join(c(v) for v in par), c(t), c(ex(*par, t))))
    # random parameter sets over a wide range (fixed seed)
    R = random.Random(13)
    for _ in range(40):
        par = (rnd(R, -3, 2), rnd(R, -1, 5), rnd(R, -2, 2), rnd(R, -2, 2.5))
        t = float("%.6g" % (par[1] * mp.exp(R.uniform(-5, 6))))
        L.append("\t{{%s}, %s, %s}," % (", ".join(c(v) for v in par), c(t),
                                         c(ex(*par, t, F(10) ** -15))))
    L.append("};")

    L.append("typedef struct { double par[4]; double t, x, tx, T; double pa, ey; } bg_cond_vec;")
    L.append("static const bg_cond_vec bg_cond_vecs[] = {")
    for par in PARS:
        for (x, tx, T) in POINTS:
            for t in (1.0, 39.0, 4.0 * T + 10.0):
                if x == 500 and par[2] == 0.3:
                    continue
                L.append("\t{{%s}, %s, %s, %s, %s, %s, %s}," % (
                    ", ".join(c(v) for v in par), c(t), c(x), c(tx), c(T),
                    c(palive(*par, x, tx, T)), c(cond_ey(*par, t, x, tx, T))))
    R = random.Random(14)
    for _ in range(60):
        par = (rnd(R, -3, 2), rnd(R, -1, 5), rnd(R, -2, 2), rnd(R, -2, 2.5))
        x = int(mp.floor(mp.exp(R.uniform(0, 6)))) - 1
        T = float("%.6g" % R.uniform(0.5, 400))
        tx = float("%.6g" % (T * R.uniform(0, 1))) if x > 0 else 0.0
        t = float("%.6g" % (T * mp.exp(R.uniform(-3, 3))))
        L.append("\t{{%s}, %s, %s, %s, %s, %s, %s}," % (
            ", ".join(c(v) for v in par), c(t), c(x), c(tx), c(T),
            c(palive(*par, x, tx, T)), c(cond_ey(*par, t, x, tx, T))))
    L.append("};")

    GG = [(6.25, 3.74, 15.44), (2.0, 5.0, 30.0), (0.5, 1.5, 3.0)]
    GPTS = [(1, 10.0), (2, 35.5), (7, 12.25), (30, 150.0), (1000, 2.5)]
    L.append("typedef struct { double par[3]; double x, m; double ll; double g[3]; double em; } gg_vec;")
    L.append("static const gg_vec gg_vecs[] = {")
    for par in GG:
        for (x, m) in GPTS:
            L.append("\t{{%s}, %s, %s, %s, {%s}, %s}," % (
                ", ".join(c(v) for v in par), c(x), c(m), c(gg_ll(*par, x, m)),
                ", ".join(c(v) for v in gg_grad(par, x, m)), c(gg_em(*par, x, m))))
    L.append("};")

    L.append("typedef struct { double bg[4]; double gg[3]; double x, tx, T, m; int time; double factor, d; double clv; } clv_vec;")
    L.append("static const clv_vec clv_vecs[] = {")
    for bg, gg, (x, tx, T, m), time, factor, d in [
            (CDNOW, GG[0], (2, 30.43, 38.86, 22.35), 12, 4.345, 0.01),
            (CDNOW, GG[0], (0, 0.0, 38.86, 0.0), 12, 4.345, 0.01),
            (CDNOW, GG[0], (7, 29.43, 38.86, 71.2), 36, 4.345, 0.0),
            ((0.55, 110.0, 0.6, 3.1), GG[1], (5, 300.0, 400.0, 40.0), 24, 30.0, 0.02),
            ((0.55, 110.0, 0.6, 3.1), GG[1], (1, 10.0, 20.0, 40.0), 6, 30.0, 0.5)]:
        L.append("\t{{%s}, {%s}, %s, %s, %s, %s, %d, %s, %s, %s}," % (
            ", ".join(c(v) for v in bg), ", ".join(c(v) for v in gg), c(x), c(tx), c(T), c(m),
            time, c(factor), c(d), c(clv(bg, gg, x, tx, T, m, time, factor, d))))
    L.append("};")

    L.append("typedef struct { double arpu, margin, churn, d, clv; } simple_vec;")
    L.append("static const simple_vec simple_vecs[] = {")
    for arpu, margin, churn, d in [("50", "0.7", "0.05", "0"), ("50", "0.7", "0.05", "0.01"),
                                   ("120.5", "0.35", "0.2", "0.1"), ("9.99", "1", "1", "0"),
                                   ("30", "0.5", "0", "0.01"), ("-10", "0.5", "0.25", "0.05")]:
        A, M, C, D = (Fraction(v) for v in (arpu, margin, churn, d))
        v = A * M * (1 + D) / (1 + D - (1 - C))
        L.append("\t{%s, %s, %s, %s, %s}," % (arpu, margin, churn, d, c(mp.mpf(v.numerator) / v.denominator)))
    L.append("};")

    # Pearson correlation of (x, m) with multiplicities, exact up to one sqrt
    data = [(1, "10.5", 3), (2, "12.25", 1), (3, "9.75", 2), (5, "30", 1), (8, "22.5", 4), (1, "7", 2)]
    W = sum(k for _, _, k in data)
    mx = Fraction(sum(x * k for x, _, k in data), W)
    mm = sum(Fraction(m) * k for _, m, k in data) / W
    sxx = sum(k * (x - mx) ** 2 for x, _, k in data)
    smm = sum(k * (Fraction(m) - mm) ** 2 for _, m, k in data)
    sxm = sum(k * (x - mx) * (Fraction(m) - mm) for x, m, k in data)
    rho = (mp.mpf(sxm.numerator) / sxm.denominator) / mp.sqrt(
        (mp.mpf(sxx.numerator) / sxx.denominator) * (mp.mpf(smm.numerator) / smm.denominator))
    L.append("typedef struct { long long x; double m; long long count; } corr_pt;")
    L.append("static const corr_pt corr_pts[] = {")
    for x, m, k in data:
        L.append("\t{%d, %s, %d}," % (x, m, k))
    L.append("};")
    L.append("static const double corr_expected = %s;" % c(rho))
    with open(out, "w") as fh:
        fh.write("\n".join(L) + "\n")


main()
