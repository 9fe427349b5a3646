"""HTTP as DynamoDB speaks it beyond the JSON: CORS on by default, compressed request bodies,
oversized headers, empty answers."""
import gzip
import http.client
import json
import socket
import zlib

import pytest

from conftest import Server

CORS_HEADERS = ["Access-Control-Allow-Origin", "Access-Control-Expose-Headers",
                "Access-Control-Max-Age", "Access-Control-Allow-Methods",
                "Access-Control-Allow-Headers"]


def exchange(server, method, target=None, body=b"", headers=None):
    """(status, headers, body) of one request on a fresh connection."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    all_headers = {"Content-Type": "application/x-amz-json-1.0"}
    if target:
        all_headers["X-Amz-Target"] = "DynamoDB_20120810." + target
    all_headers.update(headers or {})
    conn.request(method, "/", body=body, headers=all_headers)
    response = conn.getresponse()
    return response.status, dict(response.getheaders()), response.read()


# As DynamoDB answers browsers (pinned against it by ScyllaDB Alternator's test_cors.py): an
# Origin gets Allow-Origin "*" and Expose-Headers on every answer, errors too; a preflight also
# echoes the requested method and headers with a Max-Age; no Origin, no CORS headers.
def test_cors_answers_any_origin_by_default(server):
    origin = {"Origin": "http://app.example"}
    status, headers, _ = exchange(server, "OPTIONS", headers={
        **origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "x-amz-target, authorization"})
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert headers["Access-Control-Allow-Methods"] == "POST"
    assert headers["Access-Control-Allow-Headers"] == "x-amz-target, authorization"
    assert headers["Access-Control-Max-Age"] == "172800"
    assert "x-amzn-RequestId" in headers["Access-Control-Expose-Headers"]
    for target in ["ListTables", "NoSuchOperation"]:
        status, headers, _ = exchange(server, "POST", target, b"{}", origin)
        assert headers["Access-Control-Allow-Origin"] == "*", target
        assert "Access-Control-Expose-Headers" in headers
        assert "Access-Control-Max-Age" not in headers and "Access-Control-Allow-Methods" not in headers
    for method in ["OPTIONS", "GET", "POST"]:
        _, headers, _ = exchange(server, method, "ListTables" if method == "POST" else None, b"{}")
        assert not set(CORS_HEADERS) & set(headers), method


@pytest.mark.parametrize("cors,allowed,refused", [
    ("http://a.example,http://b.example", "http://b.example", "http://c.example"),
    ("none", None, "http://a.example"),
])
def test_cors_can_be_restricted_or_turned_off(cors, allowed, refused):
    server = Server(extra_args=["--cors", cors]).start()
    try:
        if allowed:
            _, headers, _ = exchange(server, "POST", "ListTables", b"{}", {"Origin": allowed})
            assert headers["Access-Control-Allow-Origin"] == allowed
        _, headers, _ = exchange(server, "POST", "ListTables", b"{}", {"Origin": refused})
        assert "Access-Control-Allow-Origin" not in headers
        status, _, _ = exchange(server, "OPTIONS", headers={"Origin": refused})
        assert status == 404
    finally:
        server.stop()


def put_request(table, pk):
    return json.dumps({"TableName": table, "Item": {"pk": {"S": pk}, "sk": {"S": "1"}}}).encode()


def stored(ddb, table, pk):
    return "Item" in ddb.get_item(TableName=table, Key={"pk": {"S": pk}, "sk": {"S": "1"}},
                                  ConsistentRead=True)


@pytest.mark.parametrize("encoding,compress", [
    ("gzip", gzip.compress),
    ("GZIP", gzip.compress),
    ("deflate", zlib.compress),
    # Two gzip members are one body (RFC 1952), as DynamoDB reads them.
    ("gzip", lambda b: gzip.compress(b[:10]) + gzip.compress(b[10:])),
])
def test_a_compressed_body_is_decoded(server, ddb, chat_table, encoding, compress):
    pk = f"compressed-{encoding}-{id(compress)}"
    status, _, body = exchange(server, "POST", "PutItem", compress(put_request(chat_table, pk)),
                               {"Content-Encoding": encoding})
    assert status == 200, body
    assert stored(ddb, chat_table, pk)


# DynamoDB answers a body it cannot decode with a 500 and does nothing (pinned against it by
# ScyllaDB Alternator's test_compressed_request.py).
@pytest.mark.parametrize("encoding,make_body", [
    ("garbage", lambda b: b),
    ("gzip", lambda b: b),                        # not gzip at all
    ("gzip", lambda b: gzip.compress(b)[:-1]),    # truncated
    ("gzip", lambda b: b""),
])
def test_a_body_that_does_not_decode_is_a_server_error_and_changes_nothing(
        server, ddb, chat_table, encoding, make_body):
    pk = f"undecodable-{encoding}"
    status, _, body = exchange(server, "POST", "PutItem", make_body(put_request(chat_table, pk)),
                               {"Content-Encoding": encoding})
    assert status == 500
    assert json.loads(body)["__type"].endswith("#InternalServerError")
    assert not stored(ddb, chat_table, pk)


def test_a_compressed_body_over_16_mb_is_refused_without_inflating_it_all(server, ddb, chat_table):
    # 64 MB of spaces compress to about 64 KB: the limit applies to what the body decodes to.
    request = put_request(chat_table, "bomb")
    bomb = gzip.compress(request[:-1] + b" " * (64 * 1024 * 1024) + request[-1:])
    assert len(bomb) < 1024 * 1024
    status, _, body = exchange(server, "POST", "PutItem", bomb, {"Content-Encoding": "gzip"})
    assert status == 413
    assert "RequestEntityTooLargeException" in json.loads(body)["__type"]
    assert not stored(ddb, chat_table, "bomb")
    assert server.alive()


def test_headers_too_large_are_answered_not_dropped(server, ddb):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (100 * 1024) + b"\r\n\r\n")
        answer = s.recv(4096)
    assert answer.startswith(b"HTTP/1.1 431 ")
    assert "TableNames" in ddb.list_tables()


def test_tag_and_untag_answer_an_empty_body(server, ddb, chat_table):
    arn = ddb.describe_table(TableName=chat_table)["Table"]["TableArn"]
    status, headers, body = exchange(server, "POST", "TagResource", json.dumps({
        "ResourceArn": arn, "Tags": [{"Key": "k", "Value": "v"}]}).encode())
    assert (status, body, headers["Content-Length"]) == (200, b"", "0")
    status, _, body = exchange(server, "POST", "UntagResource", json.dumps({
        "ResourceArn": arn, "TagKeys": ["k"]}).encode())
    assert (status, body) == (200, b"")
    # boto3 and the aws CLI take the empty answer.
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "b"}])
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "a", "Value": "b"}]
    ddb.untag_resource(ResourceArn=arn, TagKeys=["a"])


@pytest.mark.parametrize("accept,coding,decompress", [
    ("gzip", "gzip", gzip.decompress),
    ("br, deflate;q=0.9, gzip;q=0.5", "deflate", zlib.decompress),
])
def test_answers_of_4_kb_and_more_are_compressed_when_asked(server, ddb, chat_table, accept,
                                                           coding, decompress):
    ddb.put_item(TableName=chat_table, Item={"pk": {"S": "big"}, "sk": {"S": "1"},
                                             "text": {"S": "x" * 5000}})
    request = json.dumps({"TableName": chat_table, "Key": {"pk": {"S": "big"}, "sk": {"S": "1"}}})
    status, headers, body = exchange(server, "POST", "GetItem", request.encode(),
                                     {"Accept-Encoding": accept})
    assert status == 200 and headers["Content-Encoding"] == coding
    assert len(body) < 1000 and int(headers["Content-Length"]) == len(body)
    # x-amz-crc32 is the checksum of the bytes sent, as DynamoDB's is.
    assert int(headers["x-amz-crc32"]) == zlib.crc32(body)
    assert json.loads(decompress(body))["Item"]["text"] == {"S": "x" * 5000}
    # Under 4 KB, or without Accept-Encoding, the answer is sent as it is.
    status, headers, body = exchange(server, "POST", "ListTables", b"{}", {"Accept-Encoding": accept})
    assert "Content-Encoding" not in headers and json.loads(body)["TableNames"]
    status, headers, body = exchange(server, "POST", "GetItem", request.encode())
    assert "Content-Encoding" not in headers and int(headers["x-amz-crc32"]) == zlib.crc32(body)
