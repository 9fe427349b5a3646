request = request_pool(4096, function()
  local pk = conversation_pk(math.random(0, CONVERSATIONS - 1))
  return ddb_request("Query", string.format(
    '{"TableName":"%s","KeyConditionExpression":"pk = :pk AND begins_with(sk, :y)",' ..
    '"ExpressionAttributeValues":{":pk":{"S":"%s"},":y":{"S":"2023"}},' ..
    '"ScanIndexForward":false,"Limit":20}', TABLE, pk))
end)
