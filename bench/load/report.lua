-- wrk's summary as one machine-readable line for the load driver (bench/LoadDriver/Wrk.cs).
-- Latencies are in microseconds; wrk counts only statuses > 399 as status errors.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("LAYERS_WRK requests=%d duration_us=%d bytes=%d p50_us=%d p99_us=%d status_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
