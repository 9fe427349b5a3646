-- One whole 1 MB Scan page from the start of the table.
request = request_pool(1, function()
  return ddb_request("Scan", string.format('{"TableName":"%s"}', TABLE))
end)
