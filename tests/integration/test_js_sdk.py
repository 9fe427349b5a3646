"""A second AWS SDK, JavaScript v3 from npm, against ddb-server: see tests/sdk/js_sdk_smoke.mjs."""
import shutil
import subprocess
from pathlib import Path

import pytest

SDK_DIR = Path(__file__).resolve().parents[1] / "sdk"


@pytest.fixture(scope="module")
def js_sdk():
    if not shutil.which("node") or not shutil.which("npm"):
        pytest.fail("node and npm are required (scripts/setup installs nodejs)")
    modules = SDK_DIR / "node_modules"
    if not all((modules / package).exists() for package in (
            "@aws-sdk/client-dynamodb", "@aws-sdk/client-dynamodb-streams",
            "@smithy/middleware-compression")):
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--no-save"],
                       cwd=SDK_DIR, check=True, timeout=600)
    return SDK_DIR / "js_sdk_smoke.mjs"


def test_javascript_sdk_v3(server, js_sdk):
    result = subprocess.run(["node", str(js_sdk), server.endpoint], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "js sdk: ok" in result.stdout
