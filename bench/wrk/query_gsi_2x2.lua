-- The members of a conversation through a 2+2-attribute GSI: partition (message_group_uuid,
-- kind), sort (sk, seq). ddb-server only: dynalite has no multi-attribute keys.
request = request_pool(4096, function()
  local group = string.format("group-%04d", math.random(0, CONVERSATIONS - 1))
  return ddb_request("Query", string.format(
    '{"TableName":"%s","IndexName":"group-kind-index",' ..
    '"KeyConditionExpression":"message_group_uuid = :g AND kind = :k",' ..
    '"ExpressionAttributeValues":{":g":{"S":"%s"},":k":{"S":"inbox"}}}', COMPOSITE_TABLE, group))
end)
