"""deploy/: the SAM template is well formed and grants the handler what it calls, no more."""
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


class CloudFormationLoader(yaml.SafeLoader):
    pass


def _tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return {suffix: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {suffix: loader.construct_sequence(node)}
    return {suffix: loader.construct_mapping(node)}


CloudFormationLoader.add_multi_constructor("!", _tag)


def test_template_grants_exactly_what_the_handler_does():
    template = yaml.load((ROOT / "deploy/template.yaml").read_text(), Loader=CloudFormationLoader)
    resources = template["Resources"]
    table = resources["MessagesTable"]["Properties"]
    assert table["StreamSpecification"]["StreamViewType"] == "NEW_IMAGE"
    assert table["GlobalSecondaryIndexes"][0]["IndexName"] == "message-group-sk-index"
    statements = resources["InboxUpdaterRole"]["Properties"]["Policies"][0]["PolicyDocument"][
        "Statement"]
    actions = {a for s in statements for a in (s["Action"] if isinstance(s["Action"], list)
                                                else [s["Action"]])}
    # The stream reader, the GSI query and the two halves of a move (TransactWriteItems).
    assert actions == {"dynamodb:DescribeStream", "dynamodb:GetRecords",
                       "dynamodb:GetShardIterator", "dynamodb:ListStreams", "dynamodb:Query",
                       "dynamodb:PutItem", "dynamodb:DeleteItem", "logs:CreateLogGroup",
                       "logs:CreateLogStream", "logs:PutLogEvents"}
    assert all(s["Effect"] == "Allow" and s["Resource"] != "*" for s in statements)
    events = resources["InboxUpdater"]["Properties"]["Events"]["Stream"]["Properties"]
    assert events["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


def test_package_builds_a_bootstrap():
    subprocess.run([str(ROOT / "deploy/package")], check=True, capture_output=True)
    bootstrap = ROOT / "build/lambda-package/bootstrap"
    assert "cruddur\" lambda --ddb-endpoint prod" in bootstrap.read_text()
    assert (ROOT / "build/lambda-package/cruddur").exists()
