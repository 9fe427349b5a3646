// The AWS SDK for JavaScript v3 against ddb-server: tables, items, conditions, queries,
// transactions and streams. It checks x-amz-crc32 and parses every error shape itself, so this is
// a second, independent client of the wire protocol. Usage: node js_sdk_smoke.mjs ENDPOINT
import assert from "node:assert/strict";
import {
  DynamoDBClient, CreateTableCommand, PutItemCommand, GetItemCommand, QueryCommand,
  UpdateItemCommand, TransactWriteItemsCommand, DeleteTableCommand, ConditionalCheckFailedException,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import {
  DynamoDBStreamsClient, DescribeStreamCommand, GetShardIteratorCommand, GetRecordsCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { getCompressionPlugin, resolveCompressionConfig } from "@smithy/middleware-compression";

const endpoint = process.argv[2];
const config = { endpoint, region: "us-east-1",
                 credentials: { accessKeyId: "js", secretAccessKey: "js" }, maxAttempts: 1 };
const ddb = new DynamoDBClient(config);
const streams = new DynamoDBStreamsClient(config);
const TableName = `js-sdk-${Date.now()}`;

const created = await ddb.send(new CreateTableCommand({
  TableName,
  AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" },
                         { AttributeName: "sk", AttributeType: "S" }],
  KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
  BillingMode: "PAY_PER_REQUEST",
  StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
}));
assert.equal(created.TableDescription.TableStatus, "ACTIVE");

for (let i = 0; i < 5; i++) {
  await ddb.send(new PutItemCommand({ TableName, Item: {
    pk: { S: "MSG#g" }, sk: { S: `2023-03-0${i}` }, n: { N: String(i) }, b: { B: new Uint8Array([i, 255]) } } }));
}
const got = await ddb.send(new GetItemCommand({ TableName, Key: { pk: { S: "MSG#g" }, sk: { S: "2023-03-02" } } }));
assert.equal(got.Item.n.N, "2");
assert.deepEqual([...got.Item.b.B], [2, 255]);

const page = await ddb.send(new QueryCommand({
  TableName, KeyConditionExpression: "pk = :pk AND begins_with(sk, :y)", ScanIndexForward: false,
  Limit: 3, ExpressionAttributeValues: { ":pk": { S: "MSG#g" }, ":y": { S: "2023" } },
  ReturnConsumedCapacity: "TOTAL" }));
assert.deepEqual(page.Items.map((i) => i.n.N), ["4", "3", "2"]);
assert.equal(page.ConsumedCapacity.CapacityUnits, 0.5);
assert.ok(page.LastEvaluatedKey);

const updated = await ddb.send(new UpdateItemCommand({
  TableName, Key: { pk: { S: "MSG#g" }, sk: { S: "2023-03-00" } },
  UpdateExpression: "SET n = n + :one", ExpressionAttributeValues: { ":one": { N: "1" } },
  ReturnValues: "UPDATED_NEW" }));
assert.equal(updated.Attributes.n.N, "1");

await assert.rejects(
  ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: "MSG#g" }, sk: { S: "2023-03-00" } },
                                ConditionExpression: "attribute_not_exists(pk)" })),
  (e) => e instanceof ConditionalCheckFailedException && e.message === "The conditional request failed");

await assert.rejects(
  ddb.send(new TransactWriteItemsCommand({ TransactItems: [
    { Put: { TableName, Item: { pk: { S: "x" }, sk: { S: "1" } } } },
    { ConditionCheck: { TableName, Key: { pk: { S: "MSG#g" }, sk: { S: "2023-03-00" } },
                        ConditionExpression: "attribute_not_exists(pk)" } }] })),
  (e) => e instanceof TransactionCanceledException &&
         e.CancellationReasons.map((r) => r.Code).join() === "None,ConditionalCheckFailed");

const arn = created.TableDescription.LatestStreamArn;
const shard = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription.Shards[0];
const iterator = (await streams.send(new GetShardIteratorCommand({
  StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
const records = (await streams.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records;
assert.deepEqual(records.map((r) => r.eventName), ["INSERT", "INSERT", "INSERT", "INSERT", "INSERT", "MODIFY"]);
assert.ok(records[0].dynamodb.ApproximateCreationDateTime instanceof Date);

// Request compression, as the SDKs apply it where a service turns it on: the body gzipped, with
// Content-Encoding: gzip, and signed as sent.
const compression = resolveCompressionConfig({
  ...ddb.config, disableRequestCompression: false, requestMinCompressionSizeBytes: 0 });
const compressedPut = new PutItemCommand({ TableName, Item: {
  pk: { S: "MSG#gzip" }, sk: { S: "1" }, text: { S: "compressed ".repeat(100) } } });
compressedPut.middlewareStack.use(
  getCompressionPlugin({ ...ddb.config, ...compression }, { encodings: ["gzip"] }));
let sentEncoding = "";
compressedPut.middlewareStack.add((next) => async (args) => {
  sentEncoding = args.request.headers["content-encoding"] ?? "";
  return next(args);
}, { step: "finalizeRequest", name: "recordContentEncoding" });
await ddb.send(compressedPut);
assert.equal(sentEncoding, "gzip");
const compressedItem = await ddb.send(new GetItemCommand({
  TableName, Key: { pk: { S: "MSG#gzip" }, sk: { S: "1" } } }));
assert.equal(compressedItem.Item.text.S, "compressed ".repeat(100));

await ddb.send(new DeleteTableCommand({ TableName }));
console.log("js sdk: ok");
