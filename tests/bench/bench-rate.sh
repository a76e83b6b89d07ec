# bench-rate.sh -- the rate section of make bench (issue 12), sourced by
# bench-cluster.sh (its helpers: time_queries, line, ratio, say, ...).
# Alone: BENCH_ONLY=rate make bench (loads only bench_conv and the timing
# helpers, then prints this section; report in tests/bench/results/rate.txt).
#
# rate_agg over 10M booleans against what an analyst types for the same
# numbers: count(*) FILTER (WHERE converted) with count(*); also the
# baseline scan count(converted) and avg(converted::int).
RATE_ROUNDS=${BENCH_RATE_ROUNDS:-$ROUNDS}
echo "== rate section: loading bench_conv (10M rows)" >&2
"${PSQL[@]}" -f setup_rate.sql >/dev/null
Q_VA='SELECT count(converted) FROM bench_conv'
Q_VB="SELECT concat_ws(';', successes(s), trials(s), rate(s)) FROM (SELECT rate_agg(converted) AS s FROM bench_conv) AS t"
Q_VC="SELECT concat_ws(';', count(*) FILTER (WHERE converted), count(*),
	(count(*) FILTER (WHERE converted))::float8 / count(*)) FROM bench_conv"
Q_VD='SELECT avg(converted::int) FROM bench_conv'
rv=$(time_queries "$RATE_ROUNDS" \
	VA "$SERIAL" "$Q_VA" \
	VB "$SERIAL" "$Q_VB" \
	VC "$SERIAL" "$Q_VC" \
	VD "$SERIAL" "$Q_VD")
say "bench_conv: 10000000 rows, $("${PSQL[@]}" -c "SELECT pg_size_pretty(pg_table_size('bench_conv'))"), serial, conversion rate (boolean)"
line "VA count(converted)" "$rv" VA
line "VB rate_agg(converted)" "$rv" VB
line "VC count(*) FILTER (...), count(*)" "$rv" VC
line "VD avg(converted::int)" "$rv" VD
per_row "rate_agg cost over count(converted)" "$rv" VB VA 10000000
rate_vb=$(field "$rv" VB 8)
rate_vc=$(field "$rv" VC 8)
if [ "$rate_vb" = "$rate_vc" ]; then
	say "  successes;trials;rate: VB = $rate_vb, VC = $rate_vc, identical: yes"
else
	say "  *** MISMATCH: successes;trials;rate: VB = $rate_vb, VC = $rate_vc"
fi
say "  avg(converted::int): $(field "$rv" VD 8)"
say "rate ratios"
ratio "FILTER SQL / rate_agg" "$rv" VC VB ">=" 1.00
ratio "avg(::int) / rate_agg" "$rv" VD VB note
ratio "rate_agg / count(converted)" "$rv" VB VA note
say ""
