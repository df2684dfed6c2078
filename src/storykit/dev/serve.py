"""`storykit serve`: output/ on 127.0.0.1, rebuilt when case files change, pages reloaded."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from storykit.dev.watch import snapshot
from storykit.load.root import output_dir

VERSION_PATH = "/__storykit/version"
POLL_SECONDS = 0.5


class Watcher:
    """Polls the project's inputs and calls rebuild() when any changed (in its own thread)."""

    def __init__(self, root: Path, rebuild: Callable[[], None], interval: float = POLL_SECONDS):
        self.root = root
        self.rebuild = rebuild
        self.interval = interval
        self.version = 0
        self.errors: list[BaseException] = []
        self._stop = threading.Event()
        self._last = snapshot(root)
        self._thread = threading.Thread(target=self._run, name="storykit-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def check(self) -> bool:
        """Rebuild once if anything changed since the last look; True if it did."""
        now = snapshot(self.root)
        if now == self._last:
            return False
        self._last = now
        try:
            self.rebuild()
        except Exception as err:  # keep serving: the next save may fix it
            self.errors.append(err)
        self.version += 1
        return True

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.check()


def make_handler(directory: Path, watcher: Watcher) -> type[SimpleHTTPRequestHandler]:
    """A static-file handler for *directory* that also answers the version endpoint."""

    class Handler(SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.split("?", 1)[0] == VERSION_PATH:
                body = str(watcher.version).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

        def end_headers(self) -> None:
            if self.path.split("?", 1)[0] != VERSION_PATH:
                self.send_header("Cache-Control", "no-cache")
            super().end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # quiet: no printing
            return

    return functools.partial(Handler, directory=str(directory))  # type: ignore[return-value]


def make_server(
    root: Path, port: int, rebuild: Callable[[], None]
) -> tuple[ThreadingHTTPServer, Watcher]:
    """The server (not yet serving) and its watcher (not yet started); port 0 picks one."""
    watcher = Watcher(root, rebuild)
    output = output_dir(root)
    output.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(output, watcher))
    server.daemon_threads = True
    return server, watcher


def serve(root: Path, port: int, rebuild: Callable[[], None]) -> None:
    """Serve root/output on 127.0.0.1:port until interrupted, rebuilding on changes."""
    server, watcher = make_server(root, port, rebuild)
    watcher.start()
    try:
        server.serve_forever(poll_interval=0.25)
    finally:
        watcher.stop()
        server.server_close()
