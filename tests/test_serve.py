"""`ectui serve` (issue 25): the dashboard through textual-serve, as a browser gets it."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest

from tests.conftest import write_five_documents


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    write_five_documents(ws / "targets.toml")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("TEXTUAL_DRIVER", "NO_COLOR")}
    proc = subprocess.Popen([sys.executable, "-m", "ectui", "serve", "--port", str(port), "-w", str(ws)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    assert proc.poll() is None, proc.communicate()
    yield port, proc
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def test_the_dashboard_runs_in_a_browser_session_and_takes_keys(served):
    import aiohttp
    port, proc = served

    async def session() -> tuple[str, str]:
        seen = ""
        async with aiohttp.ClientSession() as http:
            async with http.ws_connect(f"http://127.0.0.1:{port}/ws?width=120&height=40") as ws:
                async def read_until(word: str, timeout: float = 60) -> str:
                    text = ""
                    async with asyncio.timeout(timeout):
                        async for message in ws:
                            if message.type == aiohttp.WSMsgType.BINARY:
                                text += message.data.decode("utf-8", "ignore")
                            elif message.type == aiohttp.WSMsgType.TEXT:
                                text += message.data
                            if word in text:
                                return text
                    return text
                seen = await read_until("全国")  # the overview's first region, not the report
                await ws.send_json(["stdin", "2"])  # the gap table
                after = await read_until("差距表")
        return seen, after
    overview, table = asyncio.run(session())
    assert "全国" in overview and "not a terminal" not in overview
    assert "差距表" in table
    assert proc.poll() is None


CHROMIUM = shutil.which("chromium")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium (Debian package chromium; .ci/run installs it)")
def test_a_browser_loads_the_page(served, tmp_path):
    port, _ = served
    shot = tmp_path / "page.png"
    r = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,800",
                        "--virtual-time-budget=8000", f"--screenshot={shot}", "--dump-dom",
                        f"http://127.0.0.1:{port}/"], capture_output=True, text=True, timeout=120)
    # textual-serve's page for this app, pointing its terminal at this server
    assert "<div>ectui</div>" in r.stdout and f"ws://localhost:{port}/ws" in r.stdout, r.stdout[:300]
    assert shot.exists() and shot.read_bytes()[:4] == b"\x89PNG"


def test_serve_says_there_is_no_login_and_refuses_a_taken_port(tmp_path, cli, monkeypatch):
    ws = tmp_path / "ws"
    ws.mkdir()
    write_five_documents(ws / "targets.toml")
    from textual_serve.server import Server
    started = []
    monkeypatch.setattr(Server, "serve", lambda self, debug=False: started.append((self.host, self.port, self.command)))
    port = _free_port()
    code, _, err = cli("serve", "--port", port, "-w", ws)
    assert code == 0 and started[0][:2] == ("127.0.0.1", port) and f"-m ectui -w {ws}" in started[0][2]
    assert "there is no login" in err and f"ssh -L {port}:localhost:{port}" in err and "beyond this machine" not in err
    code, _, err = cli("serve", "--host", "0.0.0.0", "--port", _free_port(), "-w", ws)
    assert code == 0 and started[1][0] == "0.0.0.0" and "beyond this machine" in err
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        code, _, err = cli("serve", "--port", port, "-w", ws)
    assert code == 1 and f"cannot listen on 127.0.0.1:{port}" in err and "choose another --port" in err
    code, _, err = cli("serve", "--port", 70000, "-w", ws)
    assert code == 2 and "between 1 and 65535" in err


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium (Debian package chromium; .ci/run installs it)")
def test_a_browser_runs_the_dashboard_and_takes_a_key(served, tmp_path):
    """Headless Chromium driven over its DevTools protocol: the page's own terminal connects, 全国
    arrives in what the browser receives, a key typed into the page opens the gap table, and a
    screenshot of the live session is taken."""
    import base64
    import json

    import aiohttp
    port, proc = served
    profile = tmp_path / "profile"
    browser = subprocess.Popen([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                                "--disable-sync", f"--user-data-dir={profile}", "--window-size=1200,800",
                                "--remote-debugging-port=0", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not (profile / "DevToolsActivePort").exists():
            assert time.monotonic() < deadline and browser.poll() is None, "Chromium gave no DevTools port"
            time.sleep(0.2)
        time.sleep(0.2)  # the file is written, then its lines
        devtools = int((profile / "DevToolsActivePort").read_text().split()[0])

        async def drive() -> tuple[str, str, bytes]:
            async with aiohttp.ClientSession() as http:
                async with http.get(f"http://127.0.0.1:{devtools}/json/list") as r:
                    page = next(t for t in await r.json() if t["type"] == "page")
                async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as cdp:
                    ids = iter(range(1, 10_000))
                    received: list[str] = []
                    replies: dict[int, dict] = {}

                    async def call(method: str, **params) -> dict:
                        n = next(ids)
                        await cdp.send_str(json.dumps({"id": n, "method": method, "params": params}))
                        while n not in replies:
                            await pump()
                        return replies.pop(n)

                    async def pump() -> None:
                        message = json.loads((await cdp.receive()).data)
                        if "id" in message:
                            replies[message["id"]] = message.get("result", {})
                        elif message.get("method") == "Network.webSocketFrameReceived":
                            frame = message["params"]["response"]
                            data = frame["payloadData"]
                            received.append(base64.b64decode(data).decode("utf-8", "ignore")
                                            if frame["opcode"] == 2 else data)

                    async def seen(word: str, timeout: float = 60) -> str:
                        async with asyncio.timeout(timeout):
                            while word not in "".join(received):
                                await pump()
                        return "".join(received)
                    await call("Network.enable")
                    await call("Page.enable")
                    await call("Page.navigate", url=f"http://127.0.0.1:{port}/")
                    overview = await seen("全国")
                    received.clear()
                    await call("Runtime.evaluate", expression="document.querySelector('textarea').focus()")
                    await call("Input.dispatchKeyEvent", type="keyDown", key="2", code="Digit2", text="2")
                    await call("Input.dispatchKeyEvent", type="keyUp", key="2", code="Digit2")
                    table = await seen("距目标")  # a header of the gap table, drawn after the key
                    await asyncio.sleep(1)  # let the page paint what it received
                    shot = await call("Page.captureScreenshot", format="png")
                    return overview, table, base64.b64decode(shot["data"])
        overview, table, png = asyncio.run(drive())
    finally:
        os.killpg(browser.pid, signal.SIGKILL)
        browser.wait(timeout=20)
    assert "全国" in overview and "距目标" in table
    (tmp_path / "live.png").write_bytes(png)
    assert png[:4] == b"\x89PNG" and len(png) > 10_000  # a page with a drawn terminal, not a blank one
    assert proc.poll() is None
