-- wrk script for bench/soak.sh: a mix of what the lab's clients send. Per request, by weight:
-- 60% cone searches (1 arcmin, JSON), 20% Simple Cone Search (VOTable), 10% streamed exports
-- (CSV, 6 arcmin), 10% quenching statistics. Environment: CATALOG, VOIDS. Counts non-2xx answers.
local catalog = os.getenv("CATALOG")
local voids = os.getenv("VOIDS")
local fields = {{150.1, 2.2}, {185.0, 30.0}, {0.05, 5.0}, {240.5, 43.0}}
local bad = 0

init = function(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

local function centre()
  local f = fields[math.random(#fields)]
  local ra = (f[1] + (math.random() - 0.5) * 1.5) % 360
  return ra, f[2] + (math.random() - 0.5) * 1.5
end

request = function()
  local u = math.random()
  local ra, dec = centre()
  if u < 0.6 then
    return wrk.format("GET", string.format("/api/v1/catalogs/%s/cone?ra=%.5f&dec=%.5f&radius=0.0166667&limit=100",
      catalog, ra, dec))
  elseif u < 0.8 then
    return wrk.format("GET", string.format("/scs/%s?RA=%.5f&DEC=%.5f&SR=0.0166667", catalog, ra, dec))
  elseif u < 0.9 then
    return wrk.format("GET", string.format("/api/v1/catalogs/%s/export?ra=%.5f&dec=%.5f&radius=0.1&limit=2000",
      catalog, ra, dec))
  end
  return wrk.format("GET", string.format("/api/v1/statistics/quenching?galaxies=%s&voids=%s", catalog, voids))
end

response = function(status, headers, body)
  if status >= 300 then
    bad = bad + 1
  end
end

done = function(summary, latency, requests)
  io.write(string.format("SOAK requests=%d errors_socket=%d errors_status=%d p50_ms=%.2f p99_ms=%.2f rate=%.1f\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6)))
end
