# order_value.sh -- the order-value section of make bench, sourced by
# bench-cluster.sh (it uses its helpers: PSQL, SERIAL, time_queries, line,
# ratio, per_row, say).  Loads its own table (setup_order_value.sql), then
# times order_value_agg against what an analyst writes on numeric:
# avg(amount), stddev_samp(amount) (and the full hand-written set with
# sum, min, max, count), serial, and checks that the numbers agree.
# Run only this section:  BENCH_ONLY=order_value make bench
echo "== loading order values (10M rows)" >&2
"${PSQL[@]}" -f setup_order_value.sql >/dev/null
OV_ROUNDS=${BENCH_OV_ROUNDS:-$CHURN_ROUNDS}
Q_OA='SELECT count(amount) FROM bench_orders'
Q_OB='SELECT order_value_agg(amount)::text FROM bench_orders'
Q_OC='SELECT avg(amount)::text || $$;$$ || stddev_samp(amount)::text FROM bench_orders'
Q_OD='SELECT concat_ws($$;$$, count(amount), sum(amount), avg(amount), stddev_samp(amount), min(amount), max(amount), count(*) FILTER (WHERE amount < 0)) FROM bench_orders'
Q_OE='SELECT avg(amount::float8)::text || $$;$$ || stddev_samp(amount::float8)::text FROM bench_orders'
r_ov=$(time_queries "$OV_ROUNDS" \
	OA "$SERIAL" "$Q_OA" \
	OB "$SERIAL" "$Q_OB" \
	OC "$SERIAL" "$Q_OC" \
	OD "$SERIAL" "$Q_OD" \
	OE "$SERIAL" "$Q_OE")
say "bench_orders: 10000000 rows, $("${PSQL[@]}" -c "SELECT pg_size_pretty(pg_table_size('bench_orders'))"), serial, order values (numeric(12,2), 2% refunds)"
line "OA count(amount)" "$r_ov" OA
line "OB order_value_agg(amount)" "$r_ov" OB
line "OC avg(amount), stddev_samp(amount)" "$r_ov" OC
line "OD count, sum, avg, stddev_samp, min, max" "$r_ov" OD
line "OE avg, stddev_samp of amount::float8" "$r_ov" OE
per_row "order_value_agg cost over count(amount)" "$r_ov" OB OA 10000000
ov_check=$("${PSQL[@]}" -v s="$(field "$r_ov" OB 8)" -v c="$(field "$r_ov" OC 8)" -v d="$(field "$r_ov" OD 8)" <<'SQL'
SELECT concat_ws('|', total(s), aov(s), std_dev(s),
	CASE WHEN abs(aov(s) - c[1]::numeric::float8) <= 1e-15 * abs(aov(s))
	      AND abs(std_dev(s) - c[2]::numeric::float8) <= 1e-14 * std_dev(s) THEN 'yes' ELSE 'MISMATCH' END,
	CASE WHEN orders(s) = d[1]::bigint AND total(s) = d[2]::numeric AND min_value(s) = d[5]::numeric
	      AND max_value(s) = d[6]::numeric AND refunds(s) = d[7]::bigint THEN 'yes' ELSE 'MISMATCH' END)
FROM (SELECT :'s'::order_value_summary AS s, string_to_array(:'c', ';') AS c, string_to_array(:'d', ';') AS d) t
SQL
)
IFS='|' read -r ov_total ov_aov ov_sd ov_same ov_exact <<<"$ov_check"
say "  total = $ov_total, aov = $ov_aov, std_dev = $ov_sd"
say "  aov and std_dev equal to avg and stddev_samp (1e-15, 1e-14 relative): $ov_same"
say "  orders, total, min, max, refunds equal to count, sum, min, max, count FILTER: $ov_exact"
say ""
say "ratios (order values)"
ratio "order_value_agg / avg+stddev_samp" "$r_ov" OB OC "<=" 1.00
ratio "order_value_agg / full numeric SQL" "$r_ov" OB OD note
ratio "order_value_agg / count(amount)" "$r_ov" OB OA note
ratio "order_value_agg / float8 avg+stddev" "$r_ov" OB OE note
