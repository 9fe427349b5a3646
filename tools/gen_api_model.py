#!/usr/bin/env python3
"""Generates src/ddb/ops/api_model_tables.inc, the constraint tables of every operation's input
from DynamoDB's own API model (botocore's service-2.json for dynamodb and dynamodbstreams,
2012-08-10), for the validator in src/ddb/ops/api_model.cc.

    tools/gen_api_model.py [--models DIR] [--check] [OUTPUT]

DIR defaults to Debian's python3-botocore data directory. With
--check it writes nothing and exits 1 when OUTPUT differs from what the model generates; the
build runs that check, so the checked-in tables are always the model's, byte for byte.

The model is a client's view of the service; where DynamoDB itself answers differently, the
OVERLAY below says so, each entry with where the difference was observed. Nothing else is
hand-written: shapes, members, required members, lengths, ranges, patterns and enums all come
from the model.
"""
import argparse
import json
import os
import sys

MODELS = ["dynamodb", "dynamodbstreams"]

# Data-plane and most control-plane operations take a table name or, since 2024, its ARN
# (resource-based policies): DynamoDB's current model types those members as TableArn, 1 to 1024
# characters with no pattern, and checks the name rules (3 to 255 of [a-zA-Z0-9_.-]) only after
# the model stage. An empty TableName to PutItem is answered with the 1-character minimum alone
# (nubo-db/dynamodb-conformance, tests/tier3/error-messages/putItem.test.ts). CreateTable keeps
# the name rules in its model (same suite, createTable.test.ts: 'ab' is "greater than or equal to
# 3").
TABLE_NAME_AS_ARN = {"type": "string", "min": 1, "max": 1024}
KEEPS_TABLE_NAME_RULES = {"CreateTableInput"}

# A global index's KeySchema may list up to 4 HASH and 4 RANGE attributes since DynamoDB's
# multi-attribute keys (November 2025); a table's and a local index's keep the model's 2.
GSI_KEY_SCHEMA = {"max": 8}
GSI_KEY_SCHEMA_MEMBERS = {"GlobalSecondaryIndex", "CreateGlobalSecondaryIndexAction"}

OVERLAY = {
    # CreateTable without TableName is not the model's null message but "The parameter
    # 'TableName' is required but was not present in the request" (createTable.test.ts); the
    # operation says so itself.
    # Likewise BatchGetItem and BatchWriteItem without RequestItems, or with none: "The
    # requestItems parameter is required for BatchGetItem" (batchGetItem.test.ts,
    # batchWriteItem.test.ts), not the model's null or length message.
    "not_required": {("CreateTableInput", "TableName"), ("BatchGetItemInput", "RequestItems"),
                     ("BatchWriteItemInput", "RequestItems")},
    "unbounded": {"BatchGetRequestMap", "BatchWriteItemRequestMap"},
    # Members DynamoDB reports in its newer form: the path in the model's own case and no value
    # echoed ("Value at 'Limit' failed to satisfy constraint: ..."), as Query's Limit and
    # BatchGetItem's Keys are answered (conformance suite, query.test.ts, batchGetItem.test.ts).
    # Scan's Limit keeps the older "Value '0' at 'limit'" form (scan.test.ts).
    "newer_form": {("QueryInput", "Limit"), ("KeysAndAttributes", "Keys")},
    # Members DynamoDB checks ahead of the model's order: a TransactWriteItems ClientRequestToken
    # over 36 characters is reported before an unknown ReturnConsumedCapacity ("2 validation
    # errors detected: Value 'xxx…' at 'clientRequestToken' …; Value 'BOGUS' at
    # 'returnConsumedCapacity' …", us-east-1, 2026-10-09, paritysuite/dynamodb-conformance,
    # validation-ordering/transactions.test.ts).
    "checked_first": {"TransactWriteItemsInput": ["ClientRequestToken"]},
    # The order DynamoDB lists an enum's values in its message where it is not the model's
    # (DynamoDB's answers, e.g. "[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES,
    # ALL_PROJECTED_ATTRIBUTES]" for Select in query.test.ts, "[B, N, S]" in createTable.test.ts).
    "enum_order": {
        "Select": ["SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"],
        "ScalarAttributeType": ["B", "N", "S"],
        "ReturnValue": ["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"],
        "ReturnConsumedCapacity": ["INDEXES", "TOTAL", "NONE"],
        "ComparisonOperator": ["IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT",
                               "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE", "CONTAINS"],
        "AttributeAction": ["ADD", "PUT", "DELETE"],
        "ConditionalOperator": ["OR", "AND"],
        "ProjectionType": ["ALL", "INCLUDE", "KEYS_ONLY"],
        "ShardIteratorType": ["AFTER_SEQUENCE_NUMBER", "LATEST", "AT_SEQUENCE_NUMBER",
                              "TRIM_HORIZON"],
    },
}

# Attribute values are checked by the value codec, with DynamoDB's own messages for each type;
# the model walk does not descend into them (their members are kept, to echo them in a message).
OPAQUE = {"AttributeValue"}

# The patterns the validator can check; any other pattern in the model is left unchecked.
PATTERNS = {"[a-zA-Z0-9_.-]+": "kNameCharacters"}

KINDS = {"structure": "Structure", "list": "List", "map": "Map", "string": "String",
         "integer": "Integer", "long": "Integer", "boolean": "Boolean", "blob": "Blob",
         "double": "Double", "timestamp": "Timestamp"}


# Debian's python3-botocore, which scripts/setup installs.
DEFAULT_MODELS = "/usr/lib/python3/dist-packages/botocore/data"


def load(models_dir):
    """(operation name, input shape key) pairs and every shape, keyed '<model>:<name>'."""
    operations, shapes = [], {}
    for model in MODELS:
        path = os.path.join(models_dir, model, "2012-08-10", "service-2.json")
        with open(path) as f:
            data = json.load(f)
        for name, shape in data["shapes"].items():
            shapes[f"{model}:{name}"] = (model, name, shape)
        for name, op in sorted(data["operations"].items()):
            if "input" in op:
                operations.append((name, f"{model}:{op['input']['shape']}"))
    return operations, shapes


class Tables:
    def __init__(self, shapes):
        self.shapes = shapes
        self.index = {}        # shape key -> index in self.rows
        self.rows = []         # generated shape rows, filled in order of first reach
        self.members = []      # (name, shape index, required, newer form)
        self.enums = []        # flat list of enum values
        self.strings = {}

    def shape(self, key, variant=None):
        """The index of a shape's row, generating it (and what it reaches) on first use."""
        row_key = (key, variant)
        if row_key in self.index:
            return self.index[row_key]
        model, name, shape = self.shapes[key]
        row = {"name": name, "kind": "Opaque" if name in OPAQUE else KINDS[shape["type"]],
               "min": shape.get("min"), "max": shape.get("max"),
               "pattern": PATTERNS.get(shape.get("pattern")), "enum": None,
               "members": (0, 0), "element": -1, "key": -1}
        if name in OVERLAY["unbounded"]:
            row.update(min=None, max=None)
        if variant == "arn":
            row.update(min=TABLE_NAME_AS_ARN["min"], max=TABLE_NAME_AS_ARN["max"], pattern=None)
        if variant == "gsi_key":
            row.update(max=GSI_KEY_SCHEMA["max"])
        if "enum" in shape:
            values = OVERLAY["enum_order"].get(name, shape["enum"])
            assert sorted(values) == sorted(shape["enum"]), name
            row["enum"] = (len(self.enums), len(values))
            self.enums += values
        index = len(self.rows)
        self.index[row_key] = index
        self.rows.append(row)

        def ref(member_shape, parent):
            target = f"{model}:{member_shape}"
            if member_shape == "TableName" and parent not in KEEPS_TABLE_NAME_RULES:
                return self.shape(target, "arn")
            if member_shape == "KeySchema" and parent in GSI_KEY_SCHEMA_MEMBERS:
                return self.shape(target, "gsi_key")
            return self.shape(target)

        if shape["type"] == "structure":
            required = set(shape.get("required", []))
            children = []
            first = OVERLAY["checked_first"].get(name, [])
            members = [(m, shape["members"][m]) for m in first] + [
                (m, spec) for m, spec in shape["members"].items() if m not in first]
            for member, spec in members:
                children.append((member, ref(spec["shape"], name),
                                 member in required and (name, member) not in
                                 OVERLAY["not_required"],
                                 (name, member) in OVERLAY["newer_form"]))
            row["members"] = (len(self.members), len(children))
            self.members += children
        elif shape["type"] == "list":
            row["element"] = ref(shape["member"]["shape"], name)
        elif shape["type"] == "map":
            row["key"] = ref(shape["key"]["shape"], name)
            row["element"] = ref(shape["value"]["shape"], name)
        return index


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(models_dir):
    operations, shapes = load(models_dir)
    tables = Tables(shapes)
    inputs = [(name, tables.shape(key)) for name, key in operations]

    def bound(v):
        return "kNoBound" if v is None else str(int(v))

    # Whether a value of a shape can violate anything: the walker looks only at members that are
    # required or can, so a valid request costs a lookup per such member, not per member.
    checkable = {}

    def can_violate(index):
        if index in checkable:
            return checkable[index]
        checkable[index] = False  # no shape reaches itself but through an attribute value
        r = tables.rows[index]
        if r["kind"] == "Opaque":
            return False
        own = (r["min"] is not None or r["max"] is not None or r["pattern"] is not None or
               r["enum"] is not None)
        first, count = r["members"]
        children = any(required or can_violate(shape)
                       for _, shape, required, _ in tables.members[first:first + count])
        element = r["element"] >= 0 and can_violate(r["element"])
        checkable[index] = own or children or element
        return checkable[index]

    out = ["// Generated by tools/gen_api_model.py from DynamoDB's API model (botocore's",
           "// dynamodb and dynamodbstreams service-2.json, 2012-08-10); the build checks it is",
           "// current. Do not edit: change the generator or its OVERLAY.",
           "// clang-format off",
           "", "constexpr std::string_view kEnumValues[] = {"]
    out += [f"    {quote(v)}," for v in tables.enums] or ['    "",']
    out += ["};", "", "constexpr Member kMembers[] = {"]
    for name, shape, required, newer in tables.members:
        checked = required or can_violate(shape)
        out.append(f"    {{{quote(name)}, {shape}, {str(required).lower()}, "
                   f"{str(newer).lower()}, {str(checked).lower()}}},")
    out += ["};", "", "constexpr Shape kShapes[] = {"]
    for i, r in enumerate(tables.rows):
        enum_first, enum_count = r["enum"] or (0, 0)
        out.append(
            f"    /* {i} */ {{{quote(r['name'])}, Kind::{r['kind']}, {bound(r['min'])}, "
            f"{bound(r['max'])}, Pattern::{r['pattern'] or 'kNone'}, {enum_first}, {enum_count}, "
            f"{r['members'][0]}, {r['members'][1]}, {r['element']}, {r['key']}}},")
    out += ["};", "", "constexpr OperationInput kOperations[] = {"]
    out += [f"    {{{quote(name)}, {shape}}}," for name, shape in sorted(inputs)]
    out += ["};", "// clang-format on", ""]
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", help="botocore's data directory")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("output", nargs="?", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "src", "ddb", "ops",
        "api_model_tables.inc"))
    args = parser.parse_args()
    text = generate(args.models or DEFAULT_MODELS)
    if args.check:
        with open(args.output) as f:
            if f.read() != text:
                sys.stderr.write(f"{args.output} is not what the API model generates; run "
                                 "tools/gen_api_model.py\n")
                return 1
        return 0
    with open(args.output, "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
