"""`cruddur stream-worker`: inbox rows follow new messages, idempotently, from a checkpoint."""
import json
import os
import signal
import subprocess

from conftest import CRUDDUR, DEMO_GROUP as GROUP, Server, StandIn, cruddur, wait_for


def inbox(client):
    rows = client.query(TableName="cruddur-messages", IndexName="message-group-sk-index",
                        KeyConditionExpression="message_group_uuid = :g",
                        ExpressionAttributeValues={":g": {"S": GROUP}})["Items"]
    return sorted((r["pk"]["S"], r["sk"]["S"], r["message"]["S"], r["user_handle"]["S"])
                  for r in rows)


def unread(client):
    """Each inbox row's unread count, by the other member it names."""
    rows = client.query(TableName="cruddur-messages", IndexName="message-group-sk-index",
                        KeyConditionExpression="message_group_uuid = :g",
                        ExpressionAttributeValues={":g": {"S": GROUP}})["Items"]
    return {r["user_handle"]["S"]: int(r.get("unread", {"N": "0"})["N"]) for r in rows}


def post(client, time, text):
    client.put_item(TableName="cruddur-messages", Item={
        "pk": {"S": f"MSG#{GROUP}"}, "sk": {"S": time}, "message_uuid": {"S": f"m-{time}"},
        "message": {"S": text}, "user_uuid": {"S": "u"}, "user_display_name": {"S": "Andrew Brown"},
        "user_handle": {"S": "andrewbrown"}})


def test_worker_moves_inboxes_forward_once_and_only_forward(tmp_path):
    server = Server().start()
    try:
        common = ["--ddb-endpoint", server.endpoint, "--data-dir", str(tmp_path)]
        for command in (["db", "setup"], ["ddb", "schema-load"], ["ddb", "seed"]):
            assert cruddur(*command, *common).returncode == 0
        client = server.client()
        r = cruddur("stream-worker", "--once", *common)
        assert r.returncode == 0, r.stderr
        seeded = inbox(client)
        assert len(seeded) == 2  # the seed's own rows were already current: nothing moved

        post(client, "2099-01-01T00:00:00.000001+00:00", "from the future")
        post(client, "2099-01-01T00:00:00.000002+00:00", "newest")
        r = cruddur("stream-worker", "--once", *common)
        assert r.returncode == 0, r.stderr
        # The two messages, then the worker's own moves (a REMOVE and an INSERT per inbox row).
        assert r.stdout == "handled 6 stream records\n"
        rows = inbox(client)
        assert [row[1:3] for row in rows] == [("2099-01-01T00:00:00.000002+00:00", "newest")] * 2
        # The other member is still who each row names.
        assert sorted(row[3] for row in rows) == ["andrewbrown", "bayko"]
        # Exactly one inbox row per member: the old ones are gone.
        for member_pk in {row[0] for row in rows}:
            r2 = client.query(TableName="cruddur-messages", KeyConditionExpression="pk = :p",
                              ExpressionAttributeValues={":p": {"S": member_pk}})
            assert r2["Count"] == 1

        # bayko's row (the other: andrewbrown) counts andrewbrown's two messages; andrew's none.
        assert unread(client) == {"andrewbrown": 2, "bayko": 0}

        # The checkpoint means a rerun handles nothing again.
        checkpoint = json.loads((tmp_path / "stream-checkpoint.json").read_text())
        assert checkpoint["stream"].endswith(checkpoint["stream"].split("/")[-1])
        assert cruddur("stream-worker", "--once", *common).stdout == "handled 0 stream records\n"

        # An older message arriving late never moves a row back in time.
        post(client, "2098-01-01T00:00:00.000000+00:00", "late")
        assert cruddur("stream-worker", "--once", *common).returncode == 0
        assert inbox(client) == rows
        # ... but it is one more message bayko has not read: counted where the row stands.
        assert unread(client) == {"andrewbrown": 3, "bayko": 0}

        # Handling everything again from the start (no checkpoint) changes nothing: idempotent.
        (tmp_path / "stream-checkpoint.json").unlink()
        r = cruddur("stream-worker", "--once", *common)
        assert r.returncode == 0 and inbox(client) == rows
        assert unread(client) == {"andrewbrown": 3, "bayko": 0}  # not counted twice
    finally:
        server.stop()


def test_worker_reports_a_table_without_stream(tmp_path):
    server = Server().start()
    try:
        server.client().create_table(
            TableName="cruddur-messages",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
        r = cruddur("stream-worker", "--once", "--ddb-endpoint", server.endpoint, "--data-dir",
                    str(tmp_path))
        assert r.returncode != 0
        assert r.stderr == "cruddur: table cruddur-messages has no stream\n"
    finally:
        server.stop()


def test_lambda_runtime_handles_a_batch_of_stream_events(tmp_path):
    """A small stand-in for the Lambda Runtime API hands `cruddur lambda` one DynamoDB event."""
    server = Server().start()
    try:
        common = ["--ddb-endpoint", server.endpoint, "--data-dir", str(tmp_path)]
        for command in (["db", "setup"], ["ddb", "schema-load"], ["ddb", "seed"]):
            assert cruddur(*command, *common).returncode == 0
        time_ = "2099-05-05T00:00:00.000000+00:00"
        event = {"Records": [
            {"eventID": "1", "eventName": "INSERT", "eventSource": "aws:dynamodb",
             "dynamodb": {"Keys": {"pk": {"S": f"MSG#{GROUP}"}, "sk": {"S": time_}},
                          "NewImage": {"pk": {"S": f"MSG#{GROUP}"}, "sk": {"S": time_},
                                       "message": {"S": "via lambda"},
                                       "user_handle": {"S": "bayko"}},
                          "SequenceNumber": "111", "StreamViewType": "NEW_IMAGE"}},
            {"eventID": "2", "eventName": "MODIFY", "eventSource": "aws:dynamodb",
             "dynamodb": {"NewImage": {"pk": {"S": "GRP#x"}, "sk": {"S": "y"}},
                          "SequenceNumber": "112"}},
        ]}
        answers = []

        def runtime_api(method, path, headers, body):
            if method == "GET":
                assert path == "/2018-06-01/runtime/invocation/next"
                return 200, {"Lambda-Runtime-Aws-Request-Id": "req-1"}, json.dumps(event).encode()
            answers.append((path, json.loads(body)))
            return 202, {}, b""

        runtime = StandIn(runtime_api)
        # As the Lambda bootstrap runs it: no data directory, and none created.
        workdir = tmp_path / "lambda"
        workdir.mkdir()
        r = cruddur("lambda", "--max-invocations", "1", "--ddb-endpoint", server.endpoint,
                    cwd=workdir,
                    extra_env={"AWS_LAMBDA_RUNTIME_API": runtime.address})
        runtime.close()
        assert r.returncode == 0, r.stderr
        assert list(workdir.iterdir()) == []
        assert answers == [("/2018-06-01/runtime/invocation/req-1/response",
                            {"batchItemFailures": []})]
        rows = inbox(server.client())
        assert [row[1:3] for row in rows] == [(time_, "via lambda")] * 2
    finally:
        server.stop()


def newest_inbox_text(client):
    rows = inbox(client)
    return {row[2] for row in rows} if len(rows) == 2 else None


def test_a_running_worker_follows_the_stream_when_it_is_switched_off_and_on(tmp_path):
    server = Server().start()
    worker = None
    try:
        common = ["--ddb-endpoint", server.endpoint, "--data-dir", str(tmp_path)]
        for command in (["db", "setup"], ["ddb", "schema-load"], ["ddb", "seed"]):
            assert cruddur(*command, *common).returncode == 0
        client = server.client()
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x",
                    "AWS_DEFAULT_REGION": "eu-west-1"})
        r = cruddur("stream-worker", "--poll-ms", "0", *common)
        assert r.returncode != 0 and "--poll-ms" in r.stderr
        worker = subprocess.Popen([str(CRUDDUR), "stream-worker",
                                   "--poll-ms", "20", *common],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        post(client, "2099-01-01T00:00:00.000001+00:00", "first stream")
        wait_for(lambda: newest_inbox_text(client) == {"first stream"}, what="the first stream's move")
        old_arn = client.describe_table(TableName="cruddur-messages")["Table"]["LatestStreamArn"]
        client.update_table(TableName="cruddur-messages",
                            StreamSpecification={"StreamEnabled": False})
        client.update_table(TableName="cruddur-messages", StreamSpecification={
            "StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        new_arn = client.describe_table(TableName="cruddur-messages")["Table"]["LatestStreamArn"]
        assert new_arn != old_arn
        # The old stream's shard is closed: the worker lists the stream again at once, well before
        # its 10 s periodic listing.
        post(client, "2099-01-01T00:00:00.000002+00:00", "second stream")
        wait_for(lambda: newest_inbox_text(client) == {"second stream"}, what="the second stream's move")
        assert worker.poll() is None
        checkpoint = json.loads((tmp_path / "stream-checkpoint.json").read_text())
        assert checkpoint["stream"] == new_arn
    finally:
        if worker:
            worker.send_signal(signal.SIGTERM)
            worker.wait(10)
        server.stop()
