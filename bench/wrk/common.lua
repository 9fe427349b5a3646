-- Shared by every scenario: DynamoDB request framing and the chat-shaped keys of the preload.
-- dynalite wants a SigV4-shaped Authorization header (it does not verify it); ddb-server
-- accepts anything without --auth.
local headers = {
  ["Content-Type"] = "application/x-amz-json-1.0",
  ["X-Amz-Date"] = "20260101T000000Z",
  ["Authorization"] = "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, " ..
    "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000",
}

function ddb_request(operation, body)
  headers["X-Amz-Target"] = "DynamoDB_20120810." .. operation
  return wrk.format("POST", "/", headers, body)
end

-- bench/run --scale loads more conversations than the preload's 1,000 and says how many.
CONVERSATIONS = tonumber(os.getenv("BENCH_CONVERSATIONS") or "1000")
MESSAGES = 20
TABLE = "bench-messages"
COMPOSITE_TABLE = "bench-composite"

function conversation_pk(i) return string.format("MSG#conv-%04d", i) end
function message_sk(j) return string.format("2023-03-19T10:%02d:00.000000+00:00", j) end

local text = string.rep("The quick brown fox jumps over the lazy dog. ", 4)
function message_item(pk, sk)
  return string.format(
    '{"pk":{"S":"%s"},"sk":{"S":"%s"},"message_uuid":{"S":"%s"},"message":{"S":"%s"},' ..
    '"user_uuid":{"S":"9a7b1c2d-0000-4000-8000-000000000001"},"user_display_name":{"S":"Andrew Brown"},' ..
    '"user_handle":{"S":"andrewbrown"}}', pk, sk, sk, text)
end

local thread_tag = nil
local counter = 0
function fresh_key()
  if not thread_tag then
    math.randomseed(os.time() + math.floor(os.clock() * 1e6))
    thread_tag = string.format("%08x", math.random(0, 0x7fffffff))
  end
  counter = counter + 1
  return "MSG#new-" .. thread_tag .. "-" .. counter
end

-- Every request must succeed; wrk's own count of non-2xx answers is reported by the runner.

-- Builds `count` requests once per wrk thread, so that serving a request costs wrk only a
-- random pick: on a small machine the load generator's own CPU must not set the pace.
-- The pool is built on the first call: wrk sets the Host header only after the script loads.
function request_pool(count, build)
  local pool = nil
  return function()
    if not pool then
      pool = {}
      for i = 1, count do pool[i] = build() end
    end
    return pool[math.random(1, count)]
  end
end
