-- Counts the responses by status for the benchmark (bench/run.py). A response is "ok" when
-- its status is 2xx; for the application form (apply.lua) only the redirect to the
-- "application received" page is. Everything else, redirects included, is "bad".
-- At the end one line "BENCH {json}" sums every thread's counts and the latency percentiles.

local threads = {}

function setup(thread)
  thread:set("thread_number", #threads + 1)
  table.insert(threads, thread)
end

ok, bad, statuses = 0, 0, {}

function is_ok(status, headers)
  return status >= 200 and status < 300
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if is_ok(status, headers) then ok = ok + 1 else bad = bad + 1 end
end

function done(summary, latency, requests)
  local total_ok, total_bad, by_status = 0, 0, {}
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_bad = total_bad + thread:get("bad")
    for status, count in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(by_status) do
    table.insert(parts, string.format('"%d": %d', status, count))
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "ok": %d, "bad": %d, ' ..
    '"socket_errors": %d, "timeouts": %d, "p50_us": %d, "p99_us": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, total_ok, total_bad,
    errors.connect + errors.read + errors.write, errors.timeout,
    latency:percentile(50), latency:percentile(99), table.concat(parts, ", ")))
end
