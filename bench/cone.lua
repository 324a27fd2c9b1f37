-- wrk script: cone searches at random centres (uniform on the sphere, Dec -25..80, RA 1..359: away
-- from the RA wrap and the poles, the same centres the pgbench scripts draw).
-- Environment: CATALOG, RADIUS_DEG.
local catalog = os.getenv("CATALOG")
local radius = os.getenv("RADIUS_DEG")
local s1 = math.sin(math.rad(-25))
local s2 = math.sin(math.rad(80))

init = function(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

request = function()
  local ra = 1 + math.random() * 358
  local dec = math.deg(math.asin(s1 + math.random() * (s2 - s1)))
  return wrk.format("GET", string.format("/api/v1/catalogs/%s/cone?ra=%.6f&dec=%.6f&radius=%s&limit=100",
    catalog, ra, dec, radius))
end
