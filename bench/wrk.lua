-- One page or form under load for bench/driver.py; everything comes from the environment:
--   BENCH_METHOD  GET (default) or POST
--   BENCH_PATHS   comma-separated paths, taken in turn (spreads writes over many posts)
--   BENCH_COOKIE  the Cookie header (session and CSRF cookie), empty for a visitor
--   BENCH_CSRF    the CSRF token sent with every form
--   BENCH_FORM    the form fields, url-encoded; "{n}" becomes a number unique to the request
-- At the end it prints one line "BENCH_JSON {...}" with counts and latency percentiles (in µs).

local method = os.getenv("BENCH_METHOD") or "GET"
local cookie = os.getenv("BENCH_COOKIE") or ""
local csrf = os.getenv("BENCH_CSRF") or ""
local form = os.getenv("BENCH_FORM") or ""
local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "/", "[^,]+") do
  table.insert(paths, path)
end

local thread_count = 0
local counter = 0
id = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("id", thread_count)
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
end

function request()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  local headers = {}
  if cookie ~= "" then
    headers["Cookie"] = cookie
  end
  if method == "GET" then
    return wrk.format("GET", path, headers)
  end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  local unique = string.format("%d%d%d", id, counter, math.random(100000, 999999))
  local fields = string.gsub(form, "{n}", unique)
  return wrk.format("POST", path, headers, "csrfmiddlewaretoken=" .. csrf .. "&" .. fields)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "errors_connect": %d, '
      .. '"errors_read": %d, "errors_write": %d, "errors_status": %d, "errors_timeout": %d, '
      .. '"p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.mean, latency.max
  ))
end
