"""The drawing workers: heavy batches (photos decoded, reels encoded) drawn one at a time
across the workers, light ones beside them."""

from __future__ import annotations

from concurrent.futures import wait
from pathlib import Path

from PIL import Image

from storykit.builder.workers import Batch, Workers
from storykit.cards import CardRequest, CardStyle, PhotoCopy, PhotoSource
from storykit.outputs.layouts import load_layouts


def _photo_batch(tmp_path: Path, name: str) -> Batch:
    path = tmp_path / f"{name}.jpg"
    Image.new("RGB", (900, 600), (40, 90, 200)).save(path)
    layout = load_layouts(None)[0]["photo"]
    texts = {"headline": name}
    card = CardRequest(
        f"cards/{name}.jpg", layout, (320, 320), (PhotoSource(path),), texts, CardStyle()
    )
    copy = PhotoCopy(f"photos/{name}.jpg", path)
    return Batch((card,), (copy,), frozenset({card.key, copy.key}))


def _text_batch(name: str) -> Batch:
    layout = load_layouts(None)[0]["quote"]
    texts = {"quote": f"{name} likes windowsills", "headline": name}
    card = CardRequest(f"cards/{name}.jpg", layout, (320, 320), (), texts, CardStyle())
    return Batch((card,), (), frozenset({card.key}))


def test_a_batch_is_heavy_when_it_decodes_a_photo_it_makes(tmp_path: Path) -> None:
    photos = _photo_batch(tmp_path, "mochi")
    assert photos.heavy
    assert not Batch(photos.cards, photos.copies, frozenset()).heavy  # all of it current
    assert Batch((), photos.copies, frozenset({"photos/mochi.jpg"})).heavy  # a web photo only
    assert not _text_batch("mochi").heavy


def test_a_heavy_batch_waits_for_the_gate_and_a_light_one_does_not(tmp_path: Path) -> None:
    """While the workers' gate is held (here, as a worker drawing a heavy batch holds it),
    a heavy batch is not drawn and a light one is; released, the heavy one is drawn, by its
    worker (never by this process while it waits)."""
    with Workers(3) as workers:  # two workers
        light = [_text_batch(f"pet{i}") for i in range(2)]
        workers.send(light[0])  # the workers started, with the gate they share
        assert workers.gate is not None
        with workers.gate:
            heavy = workers.send(_photo_batch(tmp_path, "mochi"))
            done = workers.send(light[1])
            assert done.future is not None and heavy.future is not None
            wait([done.future], timeout=60)
            assert done.future.done() and sorted(workers.take(done).made) == ["cards/pet1.jpg"]
            assert not heavy.future.done()  # its worker waits for the gate
        drawn = workers.take(heavy)
    assert sorted(drawn.made) == ["cards/mochi.jpg", "photos/mochi.jpg"]
