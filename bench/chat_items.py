"""The chat-shaped items every bench loads: the messages of a conversation, ~300 bytes each, in
the shape bench/wrk/common.lua reads and writes."""

TEXT = "The quick brown fox jumps over the lazy dog. " * 4


def message_item(pk, j):
    """The j-th message of conversation `pk`, in DynamoDB JSON."""
    return {"pk": {"S": pk}, "sk": {"S": f"2023-03-19T10:{j:02d}:00.000000+00:00"},
            "message_uuid": {"S": f"{pk}-{j}"}, "message": {"S": TEXT},
            "user_uuid": {"S": "9a7b1c2d-0000-4000-8000-000000000001"},
            "user_display_name": {"S": "Andrew Brown"}, "user_handle": {"S": "andrewbrown"}}
