request = request_pool(4096, function()
  local pk = conversation_pk(math.random(0, CONVERSATIONS - 1))
  local sk = message_sk(math.random(0, MESSAGES - 1))
  return ddb_request("GetItem", string.format(
    '{"TableName":"%s","Key":{"pk":{"S":"%s"},"sk":{"S":"%s"}}}', TABLE, pk, sk))
end)
