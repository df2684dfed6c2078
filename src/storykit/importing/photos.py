"""An imported story's photos into stories/photos/: files beside the source copied, photos
given as web addresses downloaded only when asked (`--fetch-photos`: the one part of
storykit that uses the network), each checked by decoding it before it takes its name.

A download has a time limit for each step and for the whole, a size limit, http(s) only
(redirects too), and must decode as a photo; a photo in a format its name does not say is
converted (a PNG promised as .jpg becomes a JPEG). No file is ever replaced.
"""

from __future__ import annotations

import io
import os
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from storykit import __version__
from storykit.cards.photo import EXT_FORMATS, verify
from storykit.errors import StorykitError
from storykit.fsutil import write_new
from storykit.importing.records import ImportedStory, SourcePhoto


@dataclass(frozen=True)
class Limits:
    """How long a download may take and how large a photo may be."""

    step_seconds: float = 15.0  # to connect, and between two pieces of the answer
    total_seconds: float = 60.0
    max_bytes: int = 30 * 1024 * 1024


class FetchError(Exception):
    """A download that failed, with what to tell the user."""


def names(story: ImportedStory) -> list[str]:
    """Each photo's file, relative to the case file: photos/<slug>-1.jpg, -2..., in the
    order of the animals and their photos."""
    photos = [p for a in story.animals for p in a.photos]
    return [f"photos/{story.slug}-{n}{p.suffix}" for n, p in enumerate(photos, 1)]


class _HttpOnly(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) addresses only (never to file: or ftp:)."""

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        if not newurl.lower().startswith(("http://", "https://")):
            raise FetchError(f"it redirects to {newurl}, which is not a web address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, limits: Limits) -> bytes:
    """The bytes at *url*, within *limits*; FetchError saying why not."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError("it is not an http(s) address")
    request = urllib.request.Request(
        url, headers={"User-Agent": f"storykit/{__version__} (import)", "Accept": "image/*"}
    )
    opener = urllib.request.build_opener(_HttpOnly())
    deadline = time.monotonic() + limits.total_seconds
    try:
        with opener.open(request, timeout=limits.step_seconds) as answer:
            declared = answer.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                raise FetchError(f"it is {_mb(int(declared))}, more than {_mb(limits.max_bytes)}")
            chunks, size = [], 0
            while chunk := answer.read(64 * 1024):
                chunks.append(chunk)
                size += len(chunk)
                if size > limits.max_bytes:
                    raise FetchError(f"it is more than {_mb(limits.max_bytes)}")
                if time.monotonic() > deadline:
                    raise FetchError(f"it took more than {limits.total_seconds:g} s")
            return b"".join(chunks)
    except urllib.error.HTTPError as err:
        err.close()  # its answer's connection
        if 300 <= err.code < 400 and err.headers.get("Location"):
            where = err.headers["Location"]
            raise FetchError(f"it redirects to {where}, which is not a web address") from None
        raise FetchError(f"the server answered {err.code} {err.reason}") from None
    except urllib.error.URLError as err:
        raise FetchError(f"it could not be reached ({err.reason})") from None
    except TimeoutError:
        raise FetchError(f"the server did not answer within {limits.step_seconds:g} s") from None
    except OSError as err:
        raise FetchError(f"the connection failed ({err.strerror or err})") from None


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def checked(data: bytes, suffix: str, scratch: Path) -> bytes:
    """*data* as a photo storykit reads under a name ending with *suffix*: decoded (in a
    file in the *scratch* folder) to be sure it is one, converted if it is another format
    than the name says; a StorykitError saying what it is otherwise ("an HTML page")."""
    fd, name = tempfile.mkstemp(dir=scratch, suffix=suffix)
    probe_path = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        verify(probe_path)
        return data
    except StorykitError as err:
        if "but it is" not in err.problems[0].message:
            raise
        return _converted(data, EXT_FORMATS[suffix])
    finally:
        probe_path.unlink(missing_ok=True)


def _converted(data: bytes, fmt: str) -> bytes:
    """A photo in another format than its name says, re-encoded in that format (upright,
    without metadata)."""
    with Image.open(io.BytesIO(data)) as im:
        upright = ImageOps.exif_transpose(im)
        out = io.BytesIO()
        if fmt == "JPEG":
            upright.convert("RGB").save(out, "JPEG", quality=92)
        else:
            upright.save(out, fmt)
        return out.getvalue()


def store(path: Path, data: bytes, scratch: Path) -> bool:
    """Write a checked photo to *path* unless a file is there; True if written."""
    return write_new(path, checked(data, path.suffix.lower(), scratch))


def local_bytes(photo: SourcePhoto) -> bytes:
    """A photo's bytes from the source itself (a data: URI) or the file beside it."""
    if photo.data is not None:
        return photo.data
    assert photo.local is not None
    try:
        return photo.local.read_bytes()
    except OSError as err:
        raise FetchError(f"it cannot be read ({err.strerror or err})") from None
