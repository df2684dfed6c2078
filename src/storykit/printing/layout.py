"""Page layout: where everything goes on a flyer and a kennel card, as boxes in points."""

from __future__ import annotations

from dataclasses import dataclass, replace

from storykit.printing.paper import CM, FLYER_PAGES, KENNEL_PAGES, POINTS_PER_INCH, Paper

QR_QUIET = 4  # modules of white around a QR code, as the standard asks
QR_MIN = 2.5 * CM  # the smallest QR code printed: its modules, without the quiet zone
# the square a QR code and its quiet zone fill: a version 1 code (21 modules, the fewest)
# then still has 2.5 cm of modules; a longer link's code has more, smaller ones
QR_SQUARE = 1.4 * POINTS_PER_INCH
if QR_SQUARE * 21 / (21 + 2 * QR_QUIET) < QR_MIN:
    raise AssertionError("QR_SQUARE leaves a version 1 QR code under QR_MIN")


@dataclass(frozen=True)
class Box:
    """A rectangle on the page: its top-left corner and size, in points (y grows down)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def inset(self, by: float) -> Box:
        """This box with *by* points taken off each side."""
        return Box(self.x + by, self.y + by, max(0.0, self.w - 2 * by), max(0.0, self.h - 2 * by))

    def top(self, h: float, gap: float = 0.0) -> tuple[Box, Box]:
        """The top *h* points of this box, and what is left under it after *gap*."""
        h = min(h, self.h)
        rest = min(self.h, h + gap)
        return Box(self.x, self.y, self.w, h), Box(self.x, self.y + rest, self.w, self.h - rest)

    def bottom_part(self, h: float, gap: float = 0.0) -> tuple[Box, Box]:
        """What is left above the bottom *h* points after *gap*, and those points."""
        h = min(h, self.h)
        rest = max(0.0, self.h - h - gap)
        return Box(self.x, self.y, self.w, rest), Box(self.x, self.bottom - h, self.w, h)

    def left(self, w: float, gap: float = 0.0) -> tuple[Box, Box]:
        """The left *w* points of this box, and what is right of it after *gap*."""
        w = min(w, self.w)
        rest = min(self.w, w + gap)
        return Box(self.x, self.y, w, self.h), Box(self.x + rest, self.y, self.w - rest, self.h)


@dataclass(frozen=True)
class QrPlace:
    """A QR code's place: the white square that holds it with its quiet zone, and the box
    for the link printed under it."""

    square: Box
    caption: Box

    def code(self, modules: int) -> Box:
        """The square the modules of a code *modules* wide fill, inside its quiet zone."""
        module = self.square.w / (modules + 2 * QR_QUIET)
        return self.square.inset(QR_QUIET * module)


@dataclass(frozen=True)
class FlyerLayout:
    """A flyer's boxes. *feature* holds the photo (or, without one, the quote in large type);
    *qr* is None when the flyer has no link to print."""

    page: Box
    org: Box
    badge: Box
    headline: Box
    names: Box
    feature: Box
    facts: Box
    story: Box
    action: Box
    qr: QrPlace | None

    def lifted(self, by: float) -> FlyerLayout:
        """This layout with the photo *by* points higher (a short headline leaves room),
        and the facts and the story starting as much higher, so they have that much more
        room; the call to action stays at the foot."""
        by = max(0.0, by)

        def up(b: Box, grow: bool) -> Box:
            return Box(b.x, b.y - by, b.w, b.h + (by if grow else 0.0))

        return replace(
            self,
            feature=up(self.feature, False),
            facts=up(self.facts, True),
            story=up(self.story, True),
        )


@dataclass(frozen=True)
class KennelLayout:
    """A kennel card's boxes; *qr* is None when the card has no link to print. *details*
    holds the facts, then the notes in what the facts leave."""

    page: Box
    org: Box
    badge: Box
    name: Box
    photo: Box | None
    details: Box
    action: Box
    qr: QrPlace | None


FLYER_MARGIN = 0.5 * POINTS_PER_INCH
KENNEL_MARGIN = 0.375 * POINTS_PER_INCH
FLYER_PHOTO_SHAPE = 1.9  # width / height of the flyer's photo
KENNEL_PHOTO_SHAPE = 1.9


def qr_place(column: Box, caption_h: float) -> QrPlace:
    """A QR code's square at the top of *column*, centred, and its caption box under it."""
    x = column.x + (column.w - QR_SQUARE) / 2
    square = Box(x, column.y, QR_SQUARE, QR_SQUARE)
    return QrPlace(square, Box(column.x, square.bottom, column.w, caption_h))


def flyer_layout(paper: Paper, has_link: bool) -> FlyerLayout:
    """The flyer's boxes on *paper*: the organisation and the status badge at the top, the
    headline and the names, the photo across the page, then the facts in a column on the
    left and, right of it, the story over the call to action with the QR code."""
    w, h = FLYER_PAGES[paper]
    page = Box(0.0, 0.0, w, h)
    body = page.inset(FLYER_MARGIN)
    top, body = body.top(24.0, 10.0)
    org, badge = top.left(top.w * 0.62, 12.0)
    headline, body = body.top(84.0, 2.0)
    names, body = body.top(30.0, 10.0)
    feature, body = body.top(body.w / FLYER_PHOTO_SHAPE, 16.0)
    facts, right = body.left(body.w * 0.34, 18.0)
    caption_h = 24.0
    action_h = QR_SQUARE + caption_h + 16.0
    story, action = right.bottom_part(action_h, 12.0)
    qr = None
    if has_link:
        inner = action.inset(8.0)
        _, qr_col = inner.left(inner.w - (QR_SQUARE + 56.0))
        qr = qr_place(qr_col, caption_h)
    return FlyerLayout(page, org, badge, headline, names, feature, facts, story, action, qr)


def kennel_layout(paper: Paper, has_photo: bool, has_link: bool) -> KennelLayout:
    """A kennel card's boxes on half a sheet of *paper*: the organisation and the status at
    the top, the name, the photo, the cage-card facts in two columns and the notes, and at the
    foot the QR code with what it opens beside it."""
    w, h = KENNEL_PAGES[paper]
    page = Box(0.0, 0.0, w, h)
    body = page.inset(KENNEL_MARGIN)
    top, body = body.top(18.0, 6.0)
    org, badge = top.left(top.w * 0.58, 10.0)
    name, body = body.top(46.0, 6.0)
    photo = None
    if has_photo:
        photo, body = body.top(body.w / KENNEL_PHOTO_SHAPE, 12.0)
    caption_h = 22.0
    foot_h = QR_SQUARE + caption_h if has_link else 44.0
    details, foot = body.bottom_part(foot_h, 10.0)
    qr = None
    action = foot
    if has_link:
        qr_col, action = foot.left(QR_SQUARE + 40.0, 10.0)
        qr = qr_place(qr_col, caption_h)
    return KennelLayout(page, org, badge, name, photo, details, action, qr)
