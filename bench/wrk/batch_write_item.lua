request = function()
  local puts = {}
  local pk = fresh_key()
  for j = 0, 24 do
    puts[#puts + 1] = '{"PutRequest":{"Item":' .. message_item(pk, message_sk(j)) .. '}}'
  end
  return ddb_request("BatchWriteItem", string.format('{"RequestItems":{"%s":[%s]}}', TABLE,
    table.concat(puts, ",")))
end
