"""Time from an acknowledged write to its stream record being readable.

A writer puts items one at a time; after each acknowledgement a reader polls GetRecords on its
shard iterator until the record arrives. Prints p50/p99/max over the run.
"""
import argparse
import http.client
import json
import subprocess
import tempfile
import time

from run import ROOT, percentile


def call(conn, target, body):
    conn.request("POST", "/", body=json.dumps(body), headers={
        "X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.0"})
    response = conn.getresponse()
    data = json.loads(response.read())
    if response.status != 200:
        raise RuntimeError(data)
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--writes", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="ddb-stream-bench-")
    server = subprocess.Popen([str(ROOT / "build/bin/ddb-server"), "--host", "127.0.0.1",
                               "--port", str(args.port), "--db-path", data],
                              stdout=subprocess.DEVNULL)
    try:
        time.sleep(0.3)
        conn = http.client.HTTPConnection("127.0.0.1", args.port)
        arn = call(conn, "DynamoDB_20120810.CreateTable", {
            "TableName": "latency",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST",
            "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        })["TableDescription"]["LatestStreamArn"]
        shard = call(conn, "DynamoDBStreams_20120810.DescribeStream",
                     {"StreamArn": arn})["StreamDescription"]["Shards"][0]["ShardId"]
        iterator = call(conn, "DynamoDBStreams_20120810.GetShardIterator", {
            "StreamArn": arn, "ShardId": shard, "ShardIteratorType": "LATEST"})["ShardIterator"]
        reader = http.client.HTTPConnection("127.0.0.1", args.port)
        latencies = []
        for i in range(args.writes):
            call(conn, "DynamoDB_20120810.PutItem",
                 {"TableName": "latency", "Item": {"pk": {"S": f"item-{i}"}}})
            acknowledged = time.perf_counter()
            while True:
                r = call(reader, "DynamoDBStreams_20120810.GetRecords", {"ShardIterator": iterator})
                iterator = r["NextShardIterator"]
                if r["Records"]:
                    latencies.append((time.perf_counter() - acknowledged) * 1000)
                    break
        latencies.sort()
        p = lambda q: percentile(latencies, q)
        print(f"stream latency over {len(latencies)} writes (acknowledged PutItem -> record read): "
              f"p50 {p(0.5):.3f} ms, p99 {p(0.99):.3f} ms, max {latencies[-1]:.3f} ms")
    finally:
        server.terminate()
        server.wait()
        subprocess.run(["rm", "-rf", data])


if __name__ == "__main__":
    main()
