"""Where a card's animal is: the point a platform should keep when it crops a preview."""

from __future__ import annotations

from collections.abc import Sequence

from storykit.cards.subjects import Subject
from storykit.outputs.entries import CardEntry

Point = tuple[float, float]  # fractions of the card's width and height, y down


def card_focus(card: CardEntry) -> Point | None:
    """The point of the card (a story.json card entry) to keep in view: the head of the first
    animal framing found in its first photo, else that animal's body, else the middle of
    the photo as the card shows it; None for a card without a photo (a quote, the closing).

    Framing is read as story.json records it: per photo its crop (fractions of the upright
    photo), the area it fills on the card (px) and the animals (boxes, fractions of the photo).
    """
    areas, crops = card["photo_area"], card["crop"]
    if not areas or not crops:
        return None
    found = card["subjects"]
    subjects = [Subject.from_plain(s) for s in found[0]] if found else []
    if subjects:
        first = subjects[0]
        box = first.head if first.head is not None else first.body
        point = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    else:
        left, top, right, bottom = crops[0]
        point = ((left + right) / 2, (top + bottom) / 2)
    return on_card(point, crops[0], areas[0], (card["width"], card["height"]))


def on_card(
    point: Point, crop: Sequence[float], area: Sequence[float], size: tuple[int, int]
) -> Point:
    """A point of the photo (fractions of the upright photo) where the card shows it: through
    the crop into the photo's area on the card, as fractions of the card (kept on it)."""
    left, top, right, bottom = crop
    x0, y0, x1, y1 = area
    u = (point[0] - left) / ((right - left) or 1)
    v = (point[1] - top) / ((bottom - top) or 1)
    x = (x0 + u * (x1 - x0)) / size[0]
    y = (y0 + v * (y1 - y0)) / size[1]
    return (min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0))


def mastodon_focus(point: Point) -> tuple[float, float]:
    """A point (fractions, y down) as Mastodon's focus: -1..1 from the middle, y up."""
    return (round(point[0] * 2 - 1, 2), round(1 - point[1] * 2, 2))
