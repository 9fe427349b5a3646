-- The members of a conversation: its two inbox rows, through the message-group GSI.
request = request_pool(4096, function()
  local group = string.format("group-%04d", math.random(0, CONVERSATIONS - 1))
  return ddb_request("Query", string.format(
    '{"TableName":"%s","IndexName":"message-group-sk-index",' ..
    '"KeyConditionExpression":"message_group_uuid = :g",' ..
    '"ExpressionAttributeValues":{":g":{"S":"%s"}}}', TABLE, group))
end)
