-- cruddur serve: the signed-in user's inbox. CRUDDUR_TOKEN is a bearer token from the dev issuer.
local headers = {["Authorization"] = "Bearer " .. os.getenv("CRUDDUR_TOKEN")}

function request()
  return wrk.format("GET", "/api/message_groups", headers)
end
