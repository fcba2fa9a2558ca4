"""A newcomer starts ``python -m sandbox`` and drives it with the README's curl commands."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sandbox.runner import free_port

ROOT = Path(__file__).resolve().parents[1]


def readme_script() -> str:
    text = (ROOT / "sandbox" / "README.md").read_text("utf-8")
    section = text.split("## Drive it with curl", 1)[1]
    match = re.search(r"```bash\n(.*?)```", section, re.S)
    assert match is not None
    return match.group(1)


def get(url: str) -> object:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_readme_walkthrough() -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                get(f"{base}/sandbox/")
                break
            except OSError:
                time.sleep(0.1)
        script = readme_script().replace("SB=http://127.0.0.1:8081", f"SB={base}")
        proc = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        assert '"ok": false' not in proc.stdout.replace('"ok":false', '"ok": false')
        chat = get(f"{base}/sandbox/chats/100001/messages")
        assert isinstance(chat, dict)
        messages = chat["messages"]
        assert messages[0]["text"] == "/start"
        assert messages[0]["entities"][0]["type"] == "bot_command"
        hola = messages[1]
        assert hola["text"] == "Hola" and hola["html"] == "<b>Hola</b>"
        assert hola["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "ok:1"
        assert messages[2]["contact"]["phone_number"] == "+34600111222"
        assert messages[3]["document"]["file_name"] == "README.md"
        chats = get(f"{base}/sandbox/chats")
        assert isinstance(chats, list)
        forum = next(c for c in chats if c["id"] == -1000000000001)
        assert forum["is_forum"] and forum["topics"][0]["name"] == "Bistro 42"
        token = "123456789:SandboxTokenSandboxTokenSandboxToke"
        request = urllib.request.Request(
            f"{base}/bot{token}/sendMessage",
            method="POST",
            data=json.dumps({"chat_id": 100001, "text": "still there?"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(request, timeout=10)
        assert err.value.code == 403
        assert (
            json.loads(err.value.read())["description"] == "Forbidden: bot was blocked by the user"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert server.returncode in (0, -15)
