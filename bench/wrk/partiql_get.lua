-- A message by its key, as a PartiQL SELECT (ExecuteStatement compiles it to a GetItem).
-- ddb-server only: dynalite has no PartiQL.
request = request_pool(4096, function()
  local pk = conversation_pk(math.random(0, CONVERSATIONS - 1))
  local sk = message_sk(math.random(0, MESSAGES - 1))
  return ddb_request("ExecuteStatement", string.format(
    '{"Statement":"SELECT * FROM \\"%s\\" WHERE pk = ? AND sk = ?",' ..
    '"Parameters":[{"S":"%s"},{"S":"%s"}]}', TABLE, pk, sk))
end)
