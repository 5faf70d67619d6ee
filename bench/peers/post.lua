-- wrk script of the serving benchmark: POSTs the JSON bodies of a file (one per line) in turn.
--   wrk -t2 -c64 -d20s --latency -s bench/peers/post.lua URL -- BODIES_FILE
-- The requests are formatted once per thread in init, so wrk's own cost per request stays small.
local requests = {}
local turn = 0

function init(args)
  local headers = { ["Content-Type"] = "application/json" }
  for body in io.lines(args[1]) do
    requests[#requests + 1] = wrk.format("POST", nil, headers, body)
  end
  if #requests == 0 then
    error("no request bodies in " .. tostring(args[1]))
  end
end

function request()
  turn = turn % #requests + 1
  return requests[turn]
end
