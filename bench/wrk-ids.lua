-- GET /api/v1/hosts/{id} over many ids: bench/api passes a file with one host id per line.
--   wrk ... -s bench/wrk-ids.lua http://HOST:PORT -- IDS_FILE
-- Requests are built once in init() (building them per request would load wrk, not the server);
-- each thread starts at a different offset and walks the list round-robin.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk-report.lua")

local threads = 0

function setup(thread)
   threads = threads + 1
   thread:set("thread_index", threads)
end

local requests, count, position

function init(args)
   local file = args[1] or error("usage: wrk ... -s wrk-ids.lua URL -- IDS_FILE")
   requests = {}
   for id in io.lines(file) do
      if id ~= "" then
         requests[#requests + 1] = wrk.format("GET", "/api/v1/hosts/" .. id)
      end
   end
   count = #requests
   if count == 0 then
      error("no ids in " .. file)
   end
   -- thread_index is set by setup() in the thread's environment before init() runs.
   position = ((thread_index or 1) - 1) * 7919 % count
end

function request()
   position = position % count + 1
   return requests[position]
end
