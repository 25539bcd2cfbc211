-- PUT requests for bench/simulator. With ARM_PUT_MODE=create every request names a new network security
-- group (one name sequence per wrk thread); with update every request re-sends the same body to one group.
-- The report line comes from wrk-report.lua's done().
local mode = os.getenv("ARM_PUT_MODE") or "create"
local base = os.getenv("ARM_PUT_BASE")
local body = '{"location":"eastus","properties":{"securityRules":[{"name":"docker-tls","properties":{'
   .. '"protocol":"Tcp","sourcePortRange":"*","destinationPortRange":"2376","sourceAddressPrefix":"10.0.0.0/8",'
   .. '"destinationAddressPrefix":"*","access":"Allow","priority":100,"direction":"Inbound"}}]}}'
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer bench" }
local threads = 0
local counter = 0

-- setup() runs in wrk's main Lua state and gives each thread's state a global thread_id.
function setup(thread)
   threads = threads + 1
   thread:set("thread_id", threads)
end

function request()
   counter = counter + 1
   local name
   if mode == "update" then
      name = "nsg-update"
   else
      name = string.format("nsg-%d-%d", thread_id, counter)
   end
   return wrk.format("PUT", base .. name .. "?api-version=2024-10-01", headers, body)
end

dofile(os.getenv("WRK_REPORT"))
