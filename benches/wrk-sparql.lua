-- Cycles through the SPARQL request paths of target/wrk-sparql.txt (one
-- URL-encoded GET /query?query=... per line), asking for JSON results.
local paths = {}
for line in io.lines("target/wrk-sparql.txt") do
  paths[#paths + 1] = line
end
local headers = { ["Accept"] = "application/sparql-results+json" }
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], headers)
end
