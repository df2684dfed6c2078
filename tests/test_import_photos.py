"""storykit import's photos: downloads within their limits (time, size, http only), each
checked by decoding it, a photo in another format than its name converted, a photo given
inside the source written, and no file ever replaced. Uses ../shared/photos and a server on
127.0.0.1; skips without the photos."""

from __future__ import annotations

import base64
import io
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from import_server import SHARED, PhotoServer, photos, serve
from PIL import Image

from storykit.cli import main
from storykit.errors import StorykitError
from storykit.fsutil import write_new
from storykit.importing.photos import FetchError, Limits, checked, fetch

FAST = Limits(step_seconds=0.5, total_seconds=5, max_bytes=1024 * 1024)


@pytest.fixture
def server() -> Iterator[PhotoServer]:
    if not SHARED.is_dir():
        pytest.skip("needs the sample photos in ../shared/photos for the photo server")
    yield from serve()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/slow?s=3", "the server did not answer within 0.5 s"),
        ("/big", "it is 2 MB, more than 1 MB"),
        ("/missing.jpg", "the server answered 404 Not Found"),
        ("/redirect", "it redirects to file:///etc/passwd, which is not a web address"),
    ],
)
def test_a_download_stays_within_its_limits(server: PhotoServer, path: str, reason: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(server.base + path, FAST)
    assert str(caught.value) == reason


def test_only_web_addresses_are_fetched_and_a_dead_one_is_said() -> None:
    with pytest.raises(FetchError, match="not an http"):
        fetch("file:///etc/passwd", FAST)
    with pytest.raises(FetchError, match="could not be reached"):
        fetch(f"http://127.0.0.1:{_closed_port()}/a.jpg", FAST)


def test_a_download_is_the_photo_the_server_sent(server: PhotoServer) -> None:
    assert (
        fetch(server.base + "/rg/biscuit-close.jpg", FAST) == photos()["/rg/biscuit-close.jpg"][1]
    )


def test_a_photo_is_checked_by_decoding_it_and_converted_to_its_names_format(
    tmp_path: Path,
) -> None:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "PNG")
    as_jpeg = checked(out.getvalue(), ".jpg", tmp_path)
    with Image.open(io.BytesIO(as_jpeg)) as im:
        assert (im.format, im.size) == ("JPEG", (64, 48))
        assert (
            max(abs(a - b) for a, b in zip(im.getpixel((10, 10)), (200, 30, 30), strict=True)) < 8
        )
    with pytest.raises(StorykitError) as caught:
        checked(b"<html><body>Not found</body></html>", ".jpg", tmp_path)
    assert "this is not a photo: it is an HTML/XML text file" in caught.value.problems[0].message
    noisy = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(noisy, "JPEG")
    with pytest.raises(StorykitError, match="damaged"):
        checked(noisy.getvalue()[:3000], ".jpg", tmp_path)
    assert list(tmp_path.iterdir()) == []  # nothing left behind


def test_no_file_is_ever_replaced(tmp_path: Path) -> None:
    path = tmp_path / "photos" / "a.jpg"
    assert write_new(path, b"first")
    assert not write_new(path, b"second")
    assert path.read_bytes() == b"first"
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.jpg"]


def test_a_photo_given_inside_an_asm3_export_is_written(tmp_path: Path) -> None:
    with (
        Image.open(SHARED / "ibm-max_cat_tabby.jpg")
        if SHARED.is_dir()
        else Image.new("RGB", (80, 60)) as im
    ):
        out = io.BytesIO()
        im.convert("RGB").resize((80, 60)).save(out, "JPEG")
    uri = "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()
    source = tmp_path / "export.csv"
    source.write_text(
        f'ANIMALCODE,ANIMALNAME,ANIMALSEX,ANIMALSPECIES,ANIMALIMAGE\nC1,Tabby,Female,Cat,"{uri}"\n'
    )
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(tmp_path / "p")]).exit_code == 0
    result = runner.invoke(main, ["import", str(source), "-C", str(tmp_path / "p")])
    assert result.exit_code == 0, result.output
    written = tmp_path / "p" / "stories" / "photos" / "tabby-1.jpg"
    assert written.read_bytes() == out.getvalue()
