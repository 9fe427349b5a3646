"""The seed document's own scripts, run unchanged but for the endpoint, against ddb-server."""
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import Server

SCRIPTS = Path(__file__).parent / "seed_scripts"
GROUP = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399"


@pytest.fixture
def seed_env(tmp_path):
    server = Server().start()
    for script in SCRIPTS.iterdir():
        if script.name.endswith(".md"):
            continue
        text = script.read_text().replace("http://localhost:8000", server.endpoint)
        (tmp_path / script.name).write_text(text)
    yield server, tmp_path
    server.stop()


def run(directory, name, *args):
    interpreter = ["/usr/bin/python3"] if name not in ("list-tables", "drop") else ["bash"]
    result = subprocess.run(interpreter + [str(directory / name), *args], capture_output=True,
                            text=True, env=os.environ.copy())
    assert result.returncode == 0, result.stderr
    return result.stdout


def seed_conversation(client):
    """A 2023 conversation of 30 messages between andrewbrown and bayko, with inbox rows."""
    users = [("andrewbrown", "Andrew Brown"), ("bayko", "Andrew Bayko")]
    for i in range(30):
        handle, name = users[i % 2]
        client.put_item(TableName="cruddur-messages", Item={
            "pk": {"S": f"MSG#{GROUP}"},
            "sk": {"S": f"2023-03-19T{10 + i // 60:02d}:{i % 60:02d}:00.000000+00:00"},
            "message_uuid": {"S": f"m-{i}"},
            "message": {"S": f"Message number {i} of our long chat about the Babylon 5 station"},
            "user_uuid": {"S": handle}, "user_display_name": {"S": name},
            "user_handle": {"S": handle}})


def test_seed_document_scripts(seed_env):
    server, directory = seed_env
    out = run(directory, "schema-load")
    assert "'TableName': 'cruddur-messages'" in out
    assert "'TableStatus': 'ACTIVE'" in out

    out = run(directory, "list-tables")
    assert re.search(r"\|\s+ListTables\s+\|", out)
    assert re.search(r"\|\s+cruddur-messages\s+\|", out)

    seed_conversation(server.client())
    out = run(directory, "scan")
    lines = [line for line in out.splitlines() if line.startswith("{")]
    assert len(lines) == 30
    assert "'pk': 'MSG#" + GROUP + "'" in lines[0]

    out = run(directory, "get-conversation")
    # The script prints the whole response, then the capacity, then the formatted lines.
    first_end = out.index("\n}\n") + 3
    response = json.loads(out[:first_end])
    assert response["Count"] == 20 and response["ScannedCount"] == 20
    assert response["ConsumedCapacity"] == {"CapacityUnits": 1.0, "TableName": "cruddur-messages"}
    assert response["LastEvaluatedKey"]["sk"]["S"].startswith("2023-03-19T10:10")
    rest = out[first_end:]
    capacity_end = rest.index("\n}\n") + 3
    assert json.loads(rest[:capacity_end]) == response["ConsumedCapacity"]
    lines = rest[capacity_end:].splitlines()
    assert len(lines) == 20
    # Oldest of the newest 20 first: message 10 (bayko, even/odd alternate) up to 29.
    assert lines[0].startswith("andrewbrown 2023-03-19 10:10 AM")
    assert lines[0].endswith("Message number 10 of our long chat about...")
    assert lines[-1].startswith("bayko       2023-03-19 10:29 AM")

    out = run(directory, "drop", "cruddur-messages")
    assert out.startswith("deleting table: cruddur-messages")
    assert '"TableStatus": "DELETING"' in out
    out = run(directory, "list-tables")
    assert "cruddur-messages" not in out

    out = run(directory, "schema-load-gsi")
    assert "'IndexName': 'message-group-sk-index'" in out
    description = server.client().describe_table(TableName="cruddur-messages")["Table"]
    assert description["GlobalSecondaryIndexes"][0]["KeySchema"][0]["AttributeName"] == \
        "message_group_uuid"


def test_drop_without_table_name_fails_like_the_original(seed_env):
    _, directory = seed_env
    result = subprocess.run(["bash", str(directory / "drop")], capture_output=True, text=True)
    assert result.returncode == 1
    assert "No TABLE_NAME argument supplied" in result.stdout
