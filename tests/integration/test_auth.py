"""ddb-server --auth: SigV4 verification with the same answers as DynamoDB."""
import http.client
import json
import random
import string

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.config
import botocore.credentials
import pytest
from botocore.exceptions import ClientError

from conftest import Server, error_of


@pytest.fixture(scope="module")
def auth_server(tmp_path_factory):
    keys = tmp_path_factory.mktemp("auth") / "keys"
    keys.write_text("# access key and secret\nAKIDGOOD secret-good\nAKIDOTHER secret-other\n")
    server = Server(extra_args=["--auth", str(keys)]).start()
    yield server
    server.stop()


def client(server, key, secret):
    return boto3.client("dynamodb", endpoint_url=server.endpoint, region_name="eu-west-1",
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        config=botocore.config.Config(retries={"max_attempts": 1}))


def test_known_keys_are_accepted(auth_server):
    for key, secret in [("AKIDGOOD", "secret-good"), ("AKIDOTHER", "secret-other")]:
        assert "TableNames" in client(auth_server, key, secret).list_tables()


def test_wrong_secret_unknown_key_and_no_signature(auth_server):
    with pytest.raises(ClientError) as e:
        client(auth_server, "AKIDGOOD", "wrong").list_tables()
    assert error_of(e) == ("InvalidSignatureException",
                           "The request signature we calculated does not match the signature you "
                           "provided. Check your AWS Secret Access Key and signing method. Consult "
                           "the service documentation for details.")
    with pytest.raises(ClientError) as e:
        client(auth_server, "AKIDNOBODY", "x").list_tables()
    assert error_of(e) == ("UnrecognizedClientException",
                           "The security token included in the request is invalid.")
    conn = http.client.HTTPConnection("127.0.0.1", auth_server.port)
    conn.request("POST", "/", body="{}", headers={"X-Amz-Target": "DynamoDB_20120810.ListTables",
                                                  "Content-Type": "application/x-amz-json-1.0"})
    response = conn.getresponse()
    body = json.loads(response.read())
    assert response.status == 400
    assert body["__type"] == "com.amazon.coral.service#MissingAuthenticationTokenException"
    assert body["message"] == "Request is missing Authentication Token"


def test_an_old_signature_has_expired(auth_server, monkeypatch):
    import datetime

    class Past(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return datetime.datetime(2020, 1, 1)

    monkeypatch.setattr(botocore.auth.datetime, "datetime", Past)  # sign as of 2020
    credentials = botocore.credentials.Credentials("AKIDGOOD", "secret-good")
    request = botocore.awsrequest.AWSRequest(
        method="POST", url=auth_server.endpoint + "/", data=b"{}",
        headers={"X-Amz-Target": "DynamoDB_20120810.ListTables",
                 "Content-Type": "application/x-amz-json-1.0"})
    botocore.auth.SigV4Auth(credentials, "dynamodb", "us-east-1").add_auth(request)
    monkeypatch.undo()
    assert request.headers["X-Amz-Date"] == "20200101T000000Z"
    conn = http.client.HTTPConnection("127.0.0.1", auth_server.port)
    conn.request("POST", "/", body=b"{}", headers=dict(request.headers.items()))
    body = json.loads(conn.getresponse().read())
    assert body["__type"] == "com.amazon.coral.service#InvalidSignatureException"
    assert body["message"].startswith("Signature expired: 20200101T000000Z is now earlier than ")


def test_botocore_signed_random_requests_verify(auth_server):
    """1,000 requests that botocore signs, with random paths, queries, headers and bodies."""
    rng = random.Random(11)
    credentials = botocore.credentials.Credentials("AKIDGOOD", "secret-good")
    conn = http.client.HTTPConnection("127.0.0.1", auth_server.port)
    alphabet = string.ascii_letters + string.digits + "-_.~ /%+=&!*'()"
    for i in range(1000):
        path = "/" + "".join(rng.choice(string.ascii_letters + "-_.~") for _ in range(rng.randint(0, 12)))
        query = "&".join(f"{rng.choice('abcXYZ')}{j}={''.join(rng.choice(string.ascii_letters) for _ in range(rng.randint(0, 5)))}"
                         for j in range(rng.randint(0, 3)))
        headers = {"X-Amz-Target": "DynamoDB_20120810.ListTables",
                   "Content-Type": "application/x-amz-json-1.0",
                   "X-Custom": "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))}
        body = json.dumps({"Limit": rng.randint(1, 100)}).encode()
        url = auth_server.endpoint + path + ("?" + query if query else "")
        request = botocore.awsrequest.AWSRequest(method="POST", url=url, data=body, headers=headers)
        botocore.auth.SigV4Auth(credentials, "dynamodb", rng.choice(["us-east-1", "eu-west-1"])).add_auth(request)
        prepared = request.prepare()
        target = prepared.url[len(auth_server.endpoint):]
        conn.request("POST", target, body=body, headers=dict(prepared.headers.items()))
        response = conn.getresponse()
        data = response.read()
        assert response.status == 200, (i, path, query, headers, data)
