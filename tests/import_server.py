"""A photo server on 127.0.0.1 for the import tests: the photos the hand-written sources in
tests/import_sources/ name (made from ../shared/photos), an error page where one source
expects a photo, a slow answer and an oversized one; every request it gets is logged."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from PIL import Image

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "photos"
SOURCES = Path(__file__).resolve().parent / "import_sources"
PLACEHOLDER = "127.0.0.1:8765"  # the host the sources are written with


def _jpeg(name: str, size: int = 640) -> bytes:
    with Image.open(SHARED / name) as im:
        im = im.convert("RGB")
        im.thumbnail((size, size))
        out = io.BytesIO()
        im.save(out, "JPEG", quality=85)
        return out.getvalue()


def _png(name: str) -> bytes:
    with Image.open(SHARED / name) as im:
        im = im.convert("RGB")
        im.thumbnail((400, 400))
        out = io.BytesIO()
        im.save(out, "PNG")
        return out.getvalue()


def photos() -> dict[str, tuple[str, bytes]]:
    """Path (with its query) -> (content type, bytes): what the server answers."""
    asm = "/asmservice?account=rr1234&method="
    media = f"{asm}media_image&mediaid="
    page = b"<!doctype html><html><body><h1>Photo not found</h1></body></html>"
    return {
        "/rg/biscuit-close.jpg": ("image/jpeg", _jpeg("dreambooth_dog7-02_retriever-beach.jpg")),
        "/rg/biscuit-beach.jpg": ("image/jpeg", _jpeg("dreambooth_dog8-04_border-collie.jpg")),
        "/rg/pip.png": ("image/png", _png("placecal_test_image_cat.jpg")),
        "/rg/shadow-error-page.jpg": ("text/html", page),
        f"{media}118&ts=1731000000": ("image/jpeg", _jpeg("ibm-max_cat_tabby.jpg")),
        f"{media}119&ts=1731000000": ("image/jpeg", _jpeg("dreambooth_cat2-03_grey-cat.jpg")),
        f"{media}131&ts=1731000000": ("image/jpeg", _jpeg("placecal_good-cat-picture.jpg")),
        f"{asm}animal_image&animalid=412": ("image/jpeg", _jpeg("ibm-max_dog_beagle-puppy.jpg")),
        f"{asm}media_file&mediaid=907": ("image/jpeg", _jpeg("dreambooth_dog6-00_corgi-puppy.jpg")),
        # a PNG at an address ending .jpg: stored as a JPEG, the name the case file gives
        "/sheet/mochi.jpg": ("image/jpeg", _png("dreambooth_cat-00_ginger-cat.jpg")),
    }  # fmt: skip


@dataclass
class PhotoServer:
    """The running server: its address, and the paths asked for."""

    host: str
    requests: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://{self.host}"

    def source(self, name: str, folder: Path) -> Path:
        """A copy of the source *name* in *folder*, its addresses pointing at this server."""
        text = (SOURCES / name).read_text(encoding="utf-8-sig")
        path = folder / name
        folder.mkdir(parents=True, exist_ok=True)
        bom = (SOURCES / name).read_bytes().startswith(b"\xef\xbb\xbf")
        path.write_text(
            text.replace(PLACEHOLDER, self.host), encoding="utf-8-sig" if bom else "utf-8"
        )
        return path


def serve() -> Iterator[PhotoServer]:
    """Run the server in a thread until the generator is closed."""
    answers = photos()
    server_state = PhotoServer("")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server_state.requests.append(self.path)
            if self.path.startswith("/slow"):
                time.sleep(float(parse_qs(urlsplit(self.path).query).get("s", ["3"])[0]))
            if self.path.startswith("/redirect"):
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.path.startswith("/big"):
                body = b"\xff\xd8" + b"\0" * (2 * 1024 * 1024)
                self._answer(200, "image/jpeg", body)
                return
            found = answers.get(self.path)
            if found is None:
                self._answer(404, "text/plain", b"not here")
                return
            self._answer(200, *found)

        def _answer(self, code: int, kind: str, body: bytes) -> None:
            try:
                self.send_response(code)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a test of its time limit)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server_state.host = f"127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server_state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
