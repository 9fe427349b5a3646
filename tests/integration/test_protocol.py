"""The wire protocol: targets, headers, checksums, error bodies, body limit, keep-alive."""
import http.client
import json
import socket
import zlib

import pytest


def post(server, target, body, headers=None, connection=None):
    conn = connection or http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    all_headers = {"Content-Type": "application/x-amz-json-1.0"}
    if target is not None:
        all_headers["X-Amz-Target"] = target
    all_headers.update(headers or {})
    conn.request("POST", "/", body=body, headers=all_headers)
    response = conn.getresponse()
    data = response.read()
    return response, data


def test_health_check_answers_get_of_the_root_with_its_host(server):
    # DynamoDB answers "healthy: dynamodb.us-east-1.amazonaws.com " there: the Host it was asked.
    conn = http.client.HTTPConnection("127.0.0.1", server.port)
    conn.request("GET", "/", headers={"Host": "dynamodb.us-east-1.amazonaws.com"})
    response = conn.getresponse()
    assert response.status == 200
    assert response.read() == b"healthy: dynamodb.us-east-1.amazonaws.com "
    conn.request("GET", "/")
    response = conn.getresponse()
    assert response.read() == f"healthy: 127.0.0.1:{server.port} ".encode()
    for path in ["/abc", "/-", "/index.htm", "/health"]:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        assert 400 <= response.status < 405, path


def test_head_gets_the_head_alone_and_the_connection_stays_in_step(server):
    body = b"healthy: x "
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
        received = b""
        while not received.endswith(body):
            chunk = s.recv(65536)
            assert chunk, received
            received += chunk
    head, rest = received.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 200 OK") and f"Content-Length: {len(body)}".encode() in head
    # The GET's answer follows the HEAD's head at once: no body in between.
    assert rest.startswith(b"HTTP/1.1 200 OK") and rest.endswith(b"\r\n\r\n" + body)


def test_every_response_has_request_id_and_correct_crc32(server):
    for target, body in [("DynamoDB_20120810.ListTables", "{}"),
                         ("DynamoDB_20120810.DescribeTable", '{"TableName": "missing-table"}'),
                         ("DynamoDB_20120810.Nope", "{}")]:
        response, data = post(server, target, body)
        assert len(response.getheader("x-amzn-RequestId")) == 52
        assert int(response.getheader("x-amz-crc32")) == zlib.crc32(data)
        assert response.getheader("Content-Type") == "application/x-amz-json-1.0"


def test_malformed_json_is_a_serialization_exception(server):
    response, data = post(server, "DynamoDB_20120810.ListTables", "{not json")
    assert response.status == 400
    assert json.loads(data)["__type"] == "com.amazon.coral.service#SerializationException"


def test_unknown_target_is_unknown_operation(server):
    for target in ["DynamoDB_20120810.DropEverything", "Nope.ListTables", None]:
        response, data = post(server, target, "{}")
        assert response.status == 400
        assert json.loads(data)["__type"] == "com.amazon.coral.service#UnknownOperationException"


def test_body_over_16_mb_is_refused_and_server_keeps_serving(server, ddb):
    body = b'{"TableName": "' + b"x" * (17 * 1024 * 1024) + b'"}'
    try:
        response, data = post(server, "DynamoDB_20120810.DescribeTable", body)
        assert response.status == 413
        assert "RequestEntityTooLarge" in json.loads(data)["__type"]
    except (ConnectionResetError, BrokenPipeError):
        pass  # the server may close before the whole body is sent; it must still serve
    assert "TableNames" in ddb.list_tables()


def test_keep_alive_serves_many_requests_on_one_connection(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port)
    for _ in range(20):
        response, data = post(server, "DynamoDB_20120810.ListTables", "{}", connection=conn)
        assert response.status == 200
    assert conn.sock is not None


def test_server_survives_bad_requests(server, ddb):
    for body in ["", "[]", "null", '{"TableName": 5}', '{"Item": []}', "\x00\xff"]:
        response, _ = post(server, "DynamoDB_20120810.PutItem", body)
        assert response.status == 400
    assert server.alive()
    assert "TableNames" in ddb.list_tables()


def test_aws_cli_lists_tables(server, ddb, chat_table):
    import subprocess
    out = subprocess.run(["aws", "dynamodb", "list-tables", "--endpoint-url", server.endpoint,
                          "--output", "json"], capture_output=True, text=True, check=True)
    assert chat_table in json.loads(out.stdout)["TableNames"]


def test_wrong_parameter_type_is_serialization_exception(ddb):
    import botocore.exceptions
    with pytest.raises(botocore.exceptions.ParamValidationError):
        ddb.list_tables(Limit="x")  # botocore itself refuses; the server check is below


def test_server_type_errors(server):
    response, data = post(server, "DynamoDB_20120810.ListTables", '{"Limit": "ten"}')
    assert response.status == 400
    body = json.loads(data)
    assert body["__type"] == "com.amazon.coral.service#SerializationException"
    assert body["message"] == "class java.lang.String can not be converted to an Long"


def test_expect_100_continue_is_answered(server):
    import socket
    body = b'{}'
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
                  b"Content-Type: application/x-amz-json-1.0\r\nExpect: 100-continue\r\n"
                  b"Content-Length: 2\r\n\r\n")
        assert s.recv(100).startswith(b"HTTP/1.1 100 Continue")
        s.sendall(body)
        response = s.recv(4096)
        assert response.startswith(b"HTTP/1.1 200 OK") and b"TableNames" in response


def test_requests_are_read_however_their_bytes_arrive(server, ddb, chat_table):
    """A request split anywhere, pipelined requests in one packet, and a body far larger than one
    read, all on one connection: each is answered once, in order."""
    def request(target, body):
        return (f"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.{target}\r\n"
                f"Content-Type: application/x-amz-json-1.0\r\nContent-Length: {len(body)}\r\n"
                f"\r\n").encode() + body

    big = "x" * 300_000
    put = request("PutItem", json.dumps({"TableName": chat_table, "Item": {
        "pk": {"S": "drip"}, "sk": {"S": "1"}, "text": {"S": big}}}).encode())
    get = request("GetItem", json.dumps({"TableName": chat_table, "Key": {
        "pk": {"S": "drip"}, "sk": {"S": "1"}}}).encode())
    listing = request("ListTables", b"{}")

    def answers(s, count):
        received, bodies = b"", []
        while len(bodies) < count:
            head_end = received.find(b"\r\n\r\n")
            if head_end >= 0:
                head = received[:head_end].decode()
                length = int(head.lower().split("content-length: ")[1].split("\r\n")[0])
                if len(received) >= head_end + 4 + length:
                    assert head.startswith("HTTP/1.1 200 OK"), head
                    bodies.append(json.loads(received[head_end + 4:head_end + 4 + length]))
                    received = received[head_end + 4 + length:]
                    continue
            chunk = s.recv(1 << 20)
            assert chunk, bodies
            received += chunk
        assert received == b""
        return bodies

    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # A byte at a time through the head, then the body in uneven pieces.
        for i in range(0, 200):
            s.sendall(put[i:i + 1])
        for start in range(200, len(put), 70_001):
            s.sendall(put[start:start + 70_001])
        assert answers(s, 1) == [{}]
        # Three requests in one write, the large one between two small ones.
        s.sendall(listing + put + get)
        first, second, third = answers(s, 3)
        assert chat_table in first["TableNames"] and second == {}
        assert third["Item"]["text"]["S"] == big
        # A chunked body (no Content-Length), its chunks sent apart.
        body = json.dumps({"TableName": chat_table, "Item": {
            "pk": {"S": "drip"}, "sk": {"S": "2"}, "text": {"S": big}}}).encode()
        s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.PutItem\r\n"
                  b"Content-Type: application/x-amz-json-1.0\r\nTransfer-Encoding: chunked\r\n\r\n")
        for start in range(0, len(body), 100_000):
            chunk = body[start:start + 100_000]
            s.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        s.sendall(b"0\r\n\r\n")
        assert answers(s, 1) == [{}]
        s.sendall(get.replace(b'"1"}}}', b'"2"}}}'))
        assert answers(s, 1)[0]["Item"]["text"]["S"] == big
