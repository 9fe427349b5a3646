"""TransactWriteItems and TransactGetItems: atomicity, cancellation, idempotency, isolation."""
import concurrent.futures
import http.client
import json
import random
import threading
import time

import re

import pytest
from botocore.exceptions import ClientError

from conftest import Server, error_of, make_client, raw_request


def code_of(error):
    return error.response["Error"]["Code"]


def k(pk, sk="0"):
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def put_new(table, pk, **attrs):
    item = {**k(pk), **{n: {"S": v} for n, v in attrs.items()}}
    return {"Put": {"TableName": table, "Item": item,
                    "ConditionExpression": "attribute_not_exists(pk)"}}


def get(ddb, table, pk):
    return ddb.get_item(TableName=table, Key=k(pk), ConsistentRead=True).get("Item")


def test_a_new_conversation_is_written_atomically(ddb, chat_table):
    r = ddb.transact_write_items(TransactItems=[
        put_new(chat_table, "MSG#g", message="hi"),
        put_new(chat_table, "GRP#a", message_group_uuid="g"),
        put_new(chat_table, "GRP#b", message_group_uuid="g"),
    ], ReturnConsumedCapacity="TOTAL")
    # Twice (3 item writes + 2 index entries), as a transaction counts.
    assert r["ConsumedCapacity"] == [{"TableName": chat_table, "CapacityUnits": 10.0}]
    assert all(get(ddb, chat_table, pk) for pk in ["MSG#g", "GRP#a", "GRP#b"])


def test_a_failed_condition_cancels_everything(ddb, chat_table):
    ddb.put_item(TableName=chat_table, Item={**k("GRP#b"), "v": {"S": "old"}})
    with pytest.raises(ClientError) as e:
        ddb.transact_write_items(TransactItems=[
            put_new(chat_table, "MSG#g"),
            {**put_new(chat_table, "GRP#b"),
             "Put": {**put_new(chat_table, "GRP#b")["Put"],
                     "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
            {"Delete": {"TableName": chat_table, "Key": k("GRP#b")}} and
            {"Update": {"TableName": chat_table, "Key": k("X"), "UpdateExpression": "SET n = :v",
                        "ExpressionAttributeValues": {":v": {"N": "1"}}}},
        ])
    code, message = error_of(e)
    assert code == "TransactionCanceledException"
    assert message == ("Transaction cancelled, please refer cancellation reasons for specific "
                       "reasons [None, ConditionalCheckFailed, None]")
    reasons = e.value.response["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["None", "ConditionalCheckFailed", "None"]
    assert reasons[1]["Item"] == {**k("GRP#b"), "v": {"S": "old"}}
    assert get(ddb, chat_table, "MSG#g") is None and get(ddb, chat_table, "X") is None


def test_update_delete_and_condition_check(ddb, chat_table):
    ddb.put_item(TableName=chat_table, Item={**k("acct"), "balance": {"N": "10"}})
    ddb.put_item(TableName=chat_table, Item={**k("gone")})
    ddb.transact_write_items(TransactItems=[
        {"Update": {"TableName": chat_table, "Key": k("acct"),
                    "UpdateExpression": "ADD balance :d",
                    "ConditionExpression": "balance >= :min",
                    "ExpressionAttributeValues": {":d": {"N": "-3"}, ":min": {"N": "3"}}}},
        {"Delete": {"TableName": chat_table, "Key": k("gone")}},
        {"ConditionCheck": {"TableName": chat_table, "Key": k("acct"),
                            "ConditionExpression": "attribute_exists(balance)"}} and
        {"ConditionCheck": {"TableName": chat_table, "Key": k("other"),
                            "ConditionExpression": "attribute_not_exists(pk)"}},
    ])
    assert get(ddb, chat_table, "acct")["balance"] == {"N": "7"}
    assert get(ddb, chat_table, "gone") is None


@pytest.mark.parametrize("items,message", [
    (lambda t: [put_new(t, "a"), {"Delete": {"TableName": t, "Key": k("a")}}],
     "Transaction request cannot include multiple operations on one item"),
    (lambda t: [{"ConditionCheck": {"TableName": t, "Key": k("a")}}],
     "1 validation error detected: Value null at "
     "'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy constraint: "
     "Member must not be null"),
    (lambda t: [{"Update": {"TableName": t, "Key": k("a"), "UpdateExpression": "SET pk = :v",
                            "ExpressionAttributeValues": {":v": {"S": "x"}}}}],
     "One or more parameter values were invalid: Cannot update attribute pk. This attribute is "
     "part of the key"),
])
def test_invalid_transactions_are_refused(unchecked_ddb, chat_table, items, message):
    with pytest.raises(ClientError) as e:
        unchecked_ddb.transact_write_items(TransactItems=items(chat_table))
    assert error_of(e) == ("ValidationException", message)
    assert unchecked_ddb.scan(TableName=chat_table)["Count"] == 0


@pytest.mark.parametrize("count,constraint", [
    (0, "Member must have length greater than or equal to 1"),
    (101, "Member must have length less than or equal to 100"),
])
def test_transaction_sizes_are_the_models(unchecked_ddb, chat_table, count, constraint):
    # DynamoDB echoes the list in Java's toString form (transactWriteItems.test.ts).
    with pytest.raises(ClientError) as e:
        unchecked_ddb.transact_write_items(
            TransactItems=[put_new(chat_table, str(i)) for i in range(count)])
    code, message = error_of(e)
    assert code == "ValidationException"
    assert re.fullmatch(r"1 validation error detected: Value '\[.*\]' at 'transactItems' failed "
                        r"to satisfy constraint: " + constraint, message, re.S)
    if count:
        assert message.startswith("1 validation error detected: Value '[TransactWriteItem("
                                  "conditionCheck=null, put=Put(item={")
    with pytest.raises(ClientError) as e:
        unchecked_ddb.transact_get_items(TransactItems=[])
    assert error_of(e) == ("ValidationException", "1 validation error detected: Value '[]' at "
                           "'transactItems' failed to satisfy constraint: Member must have length "
                           "greater than or equal to 1")


def test_a_payload_over_4_mb_is_refused_but_deleting_5_mb_is_not(ddb, chat_table):
    # DynamoDB: "The aggregate size of the items in the transaction cannot exceed 4 MB"; what
    # counts is what the request carries (DynamoDB Local's words and counting), so eleven puts of
    # 390 KB are refused, and thirteen deletes of such items, a request of a few hundred bytes,
    # are not.
    big = "x" * 390_000
    puts = [{"Put": {"TableName": chat_table, "Item": {**k(f"BIG#{i}"), "body": {"S": big}}}}
            for i in range(11)]
    with pytest.raises(ClientError) as e:
        ddb.transact_write_items(TransactItems=puts)
    code, message = error_of(e)
    assert code == "ValidationException"
    prefix = "Transaction payload size cannot exceed 4MB. Payload Size: "
    assert message.startswith(prefix)
    assert 4 * 1024 * 1024 < int(message[len(prefix):]) < 11 * 390_100
    assert get(ddb, chat_table, "BIG#0") is None

    for i in range(13):
        ddb.put_item(TableName=chat_table, Item={**k(f"BIG#{i}"), "body": {"S": big}})
    ddb.transact_write_items(TransactItems=[
        {"Delete": {"TableName": chat_table, "Key": k(f"BIG#{i}")}} for i in range(13)])
    assert all(get(ddb, chat_table, f"BIG#{i}") is None for i in range(13))


def test_client_request_token_makes_a_transaction_idempotent(ddb, chat_table):
    items = [{"Update": {"TableName": chat_table, "Key": k("counter"),
                         "UpdateExpression": "ADD n :one",
                         "ExpressionAttributeValues": {":one": {"N": "1"}}}}]
    for _ in range(3):
        ddb.transact_write_items(TransactItems=items, ClientRequestToken="token-1")
    assert get(ddb, chat_table, "counter")["n"] == {"N": "1"}
    with pytest.raises(ClientError) as e:
        ddb.transact_write_items(TransactItems=items + [put_new(chat_table, "x")],
                                 ClientRequestToken="token-1")
    assert error_of(e) == ("IdempotentParameterMismatchException",
                           "The request uses the same client token as a previous, but "
                           "non-identical request.")
    ddb.transact_write_items(TransactItems=items, ClientRequestToken="token-2")
    assert get(ddb, chat_table, "counter")["n"] == {"N": "2"}


def test_concurrent_retries_of_one_token_apply_the_transaction_once(server, ddb, chat_table):
    """Retries of one ClientRequestToken that race each other: each gets the first one's
    result or TransactionInProgressException; none applies the transaction again. The requests
    are prepared beforehand and sent at once on 8 connections, so that they overlap."""
    senders, rounds = 8, 20
    outcomes = []
    lock = threading.Lock()

    def attempt(body, barrier):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        barrier.wait()
        conn.request("POST", "/", body=body, headers={
            "X-Amz-Target": "DynamoDB_20120810.TransactWriteItems",
            "Content-Type": "application/x-amz-json-1.0"})
        response = conn.getresponse()
        answer = json.loads(response.read())
        with lock:
            outcomes.append((response.status, answer.get("__type", "").split("#")[-1],
                             answer.get("message")))

    with concurrent.futures.ThreadPoolExecutor(senders) as pool:
        for round_number in range(rounds):
            token = f"race-{round_number}"
            # 100 actions, so that the first one's work takes long enough to be overlapped.
            body = json.dumps({"ClientRequestToken": token, "TransactItems": [
                {"Update": {"TableName": chat_table, "Key": k(f"retried-{token}", str(i)),
                            "UpdateExpression": "ADD n :one SET padding = :pad",
                            "ExpressionAttributeValues": {":one": {"N": "1"},
                                                          ":pad": {"S": "x" * 2000}}}}
                for i in range(100)]})
            barrier = threading.Barrier(senders)
            list(pool.map(lambda _: attempt(body, barrier), range(senders)))
            counts = ddb.query(TableName=chat_table, KeyConditionExpression="pk = :pk",
                               ExpressionAttributeValues={":pk": {"S": f"retried-{token}"}},
                               ConsistentRead=True)["Items"]
            assert [item["n"] for item in counts] == [{"N": "1"}] * 100, token
    in_progress = (400, "TransactionInProgressException",
                   "The transaction with the given request token is already in progress.")
    assert all(o[0] == 200 or o == in_progress for o in outcomes), set(outcomes)
    assert len(outcomes) == senders * rounds
    assert sum(o[0] == 200 for o in outcomes) >= rounds
    assert in_progress in outcomes, "no retry overlapped another: the test proves nothing"


def test_transact_get_items(ddb, chat_table):
    ddb.put_item(TableName=chat_table, Item={**k("a"), "v": {"S": "1"}, "w": {"S": "2"}})
    r = ddb.transact_get_items(TransactItems=[
        {"Get": {"TableName": chat_table, "Key": k("a"), "ProjectionExpression": "v"}},
        {"Get": {"TableName": chat_table, "Key": k("missing")}},
    ], ReturnConsumedCapacity="TOTAL")
    assert r["Responses"] == [{"Item": {"v": {"S": "1"}}}, {}]
    assert r["ConsumedCapacity"] == [{"TableName": chat_table, "CapacityUnits": 4.0}]


def test_conditional_increments_lose_no_update(server, chat_table):
    ddb = server.client()
    ddb.put_item(TableName=chat_table, Item={**k("counter"), "n": {"N": "0"}})
    successes = []

    def worker(_):
        client = make_client(server.endpoint)
        won = 0
        for _ in range(60):
            n = client.get_item(TableName=chat_table, Key=k("counter"),
                                ConsistentRead=True)["Item"]["n"]["N"]
            try:
                client.update_item(TableName=chat_table, Key=k("counter"),
                                   UpdateExpression="SET n = n + :one",
                                   ConditionExpression="n = :seen",
                                   ExpressionAttributeValues={":one": {"N": "1"},
                                                              ":seen": {"N": n}})
                won += 1
            except ClientError as e:
                assert code_of(e) in ("ConditionalCheckFailedException",
                                      "TransactionConflictException")
        successes.append(won)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(worker, range(8)))
    final = int(ddb.get_item(TableName=chat_table, Key=k("counter"),
                             ConsistentRead=True)["Item"]["n"]["N"])
    assert final == sum(successes) > 0


def move_money(client, table, accounts, rounds, seed):
    rng = random.Random(seed)
    moved = 0
    for _ in range(rounds):
        a, b = rng.sample(accounts, 2)
        amount = str(rng.randint(1, 5))
        try:
            client.transact_write_items(TransactItems=[
                {"Update": {"TableName": table, "Key": k(a), "UpdateExpression": "ADD balance :neg",
                            "ConditionExpression": "balance >= :amount",
                            "ExpressionAttributeValues": {":neg": {"N": "-" + amount},
                                                          ":amount": {"N": amount}}}},
                {"Update": {"TableName": table, "Key": k(b), "UpdateExpression": "ADD balance :pos",
                            "ExpressionAttributeValues": {":pos": {"N": amount}}}},
            ])
            moved += 1
        except ClientError as e:
            assert code_of(e) in ("TransactionCanceledException", "TransactionConflictException")
    return moved


def total_balance(client, table, accounts):
    r = client.transact_get_items(TransactItems=[
        {"Get": {"TableName": table, "Key": k(a)}} for a in accounts])
    return sum(int(x["Item"]["balance"]["N"]) for x in r["Responses"])


def test_money_moves_keep_the_total_for_every_reader(server, chat_table):
    ddb = server.client()
    accounts = [f"acct{i}" for i in range(10)]
    for a in accounts:
        ddb.put_item(TableName=chat_table, Item={**k(a), "balance": {"N": "100"}})
    stop = threading.Event()
    totals = []

    def reader():
        client = make_client(server.endpoint)
        while not stop.is_set():
            try:
                totals.append(total_balance(client, chat_table, accounts))
            except ClientError as e:
                assert code_of(e) == "TransactionCanceledException"

    readers = [threading.Thread(target=reader) for _ in range(2)]
    for t in readers:
        t.start()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        moved = sum(pool.map(lambda s: move_money(make_client(server.endpoint), chat_table,
                                                  accounts, 40, s), range(8)))
    stop.set()
    for t in readers:
        t.join()
    assert moved > 0
    assert len(totals) > 0 and set(totals) == {1000}
    assert total_balance(ddb, chat_table, accounts) == 1000


def test_kill_9_leaves_each_transaction_whole_or_absent(tmp_path):
    server = Server(db_path=str(tmp_path)).start()
    client = server.client()
    client.create_table(
        TableName="txn-table", AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                              {"AttributeName": "sk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        BillingMode="PAY_PER_REQUEST")
    acknowledged = []
    stop = threading.Event()

    def writer(worker):
        c = make_client(server.endpoint)
        i = 0
        while not stop.is_set():
            tag = f"{worker}-{i}"
            try:
                c.transact_write_items(TransactItems=[
                    {"Put": {"TableName": "txn-table", "Item": {**k(f"a{tag}"), "t": {"S": tag}}}},
                    {"Put": {"TableName": "txn-table", "Item": {**k(f"b{tag}"), "t": {"S": tag}}}},
                    {"Put": {"TableName": "txn-table", "Item": {**k(f"c{tag}"), "t": {"S": tag}}}},
                ])
                acknowledged.append(tag)
            except Exception:
                return  # the server died under us
            i += 1

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    server.kill()
    stop.set()
    for t in threads:
        t.join()

    server = Server(db_path=str(tmp_path)).start()
    try:
        c = server.client()
        seen = {}
        for page in c.get_paginator("scan").paginate(TableName="txn-table"):
            for item in page["Items"]:
                seen.setdefault(item["t"]["S"], set()).add(item["pk"]["S"][0])
        assert acknowledged, "no transaction was acknowledged before the kill"
        assert all(parts == {"a", "b", "c"} for parts in seen.values())
        assert set(acknowledged) <= set(seen)
        assert c.describe_table(TableName="txn-table")["Table"]["ItemCount"] == 3 * len(seen)
    finally:
        server.stop()


def test_a_client_request_token_over_36_characters_is_reported_first(server, chat_table):
    # us-east-1, 2026-10-09 (paritysuite/dynamodb-conformance, validation-ordering/transactions):
    # the token's length, echoed, ahead of an unknown ReturnConsumedCapacity, and nothing written.
    token = "x" * 37
    too_long = (f"Value '{token}' at 'clientRequestToken' failed to satisfy constraint: Member "
                "must have length less than or equal to 36")
    unknown = ("Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: Member "
               "must satisfy enum value set: [INDEXES, TOTAL, NONE]")
    item = {"pk": {"S": "token"}, "sk": {"S": "1"}}
    put = [{"Put": {"TableName": chat_table, "Item": item}}]
    assert raw_request(server, "TransactWriteItems", {
        "TransactItems": put, "ClientRequestToken": token})[1]["message"] == (
        "1 validation error detected: " + too_long)
    assert raw_request(server, "TransactWriteItems", {
        "TransactItems": put, "ClientRequestToken": token, "ReturnConsumedCapacity": "BOGUS"
    })[1]["message"] == f"2 validation errors detected: {too_long}; {unknown}"
    assert "Item" not in raw_request(server, "GetItem", {"TableName": chat_table, "Key": item})[1]


def test_an_update_grown_past_400_kb_cancels_the_transaction_and_a_put_is_refused_before(
        ddb, chat_table):
    # eu-west-2, 2026-08-18 (paritysuite/dynamodb-conformance, limits/itemSizeBySurface): a Put's
    # size is known from the request, a ValidationException before the transaction opens; an
    # Update's depends on the stored item, a cancellation with the update's wording.
    def item(sk, size):
        return {"pk": {"S": "big"}, "sk": {"S": sk}, "p": {"S": "x" * (size - 2 - 3 - 2 - 1 - 1)}}
    at, over = item("a", 409600), item("b", 409601)
    ddb.transact_write_items(TransactItems=[{"Put": {"TableName": chat_table, "Item": at}}])
    with pytest.raises(ClientError) as e:
        ddb.transact_write_items(TransactItems=[{"Put": {"TableName": chat_table, "Item": over}}])
    assert error_of(e) == ("ValidationException",
                           "Item size has exceeded the maximum allowed size")
    with pytest.raises(ClientError) as e:
        ddb.transact_write_items(TransactItems=[{"Update": {
            "TableName": chat_table, "Key": {"pk": over["pk"], "sk": over["sk"]},
            "UpdateExpression": "SET p = :p", "ExpressionAttributeValues": {":p": over["p"]}}}])
    assert e.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert e.value.response["CancellationReasons"] == [{
        "Code": "ValidationError",
        "Message": "Item size to update has exceeded the maximum allowed size"}]
    assert "Item" not in ddb.get_item(TableName=chat_table,
                                      Key={"pk": over["pk"], "sk": over["sk"]})
