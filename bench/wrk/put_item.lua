request = function()
  return ddb_request("PutItem", string.format('{"TableName":"%s","Item":%s}', TABLE,
    message_item(fresh_key(), message_sk(0))))
end
