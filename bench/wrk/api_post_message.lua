-- cruddur serve: send to the seeded conversation as its member. CRUDDUR_TOKEN and CRUDDUR_GROUP
-- come from bench/api.
local headers = {
  ["Authorization"] = "Bearer " .. os.getenv("CRUDDUR_TOKEN"),
  ["Content-Type"] = "application/json",
}
local counter = 0

function request()
  counter = counter + 1
  local body = string.format('{"message":"bench message %d","message_group_uuid":"%s"}', counter,
                             os.getenv("CRUDDUR_GROUP"))
  return wrk.format("POST", "/api/messages", headers, body)
end
