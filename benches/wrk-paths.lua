-- Cycles through the request paths of target/wrk-paths.txt, one per line.
local paths = {}
for line in io.lines("target/wrk-paths.txt") do
  paths[#paths + 1] = line
end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
