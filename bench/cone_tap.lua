-- wrk script: the cones of cone.lua asked through TAP (/tap/sync, ADQL, VOTable): the same 100 nearest
-- rows with every column and the distance, as /cone returns them. Environment: CATALOG, RADIUS_DEG.
local catalog = os.getenv("CATALOG")
local radius = os.getenv("RADIUS_DEG")
local s1 = math.sin(math.rad(-25))
local s2 = math.sin(math.rad(80))

local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

init = function(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

request = function()
  local ra = 1 + math.random() * 358
  local dec = math.deg(math.asin(s1 + math.random() * (s2 - s1)))
  local adql = string.format("SELECT TOP 100 *, DISTANCE(POINT('ICRS', ra, dec), POINT('ICRS', %.6f, %.6f)) AS d"
    .. " FROM catalogs.%s WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', %.6f, %.6f, %s)) ORDER BY d",
    ra, dec, catalog, ra, dec, radius)
  return wrk.format("GET", "/tap/sync?LANG=ADQL&QUERY=" .. encode(adql))
end
