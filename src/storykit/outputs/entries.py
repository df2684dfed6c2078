"""story.json's entries: one typed record per kind of output, as story.json and the index hold it.

Each entry is a TypedDict (plain JSON once written): `path` (relative to output/<slug>/) and
`kind` first, then what that kind records. The preview page, the kits and the posting code
read entries back through these types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, TypedDict

from typing_extensions import NotRequired

if TYPE_CHECKING:
    from storykit.cards.subjects import SubjectData
    from storykit.reels.job import ShotFacts

Box = list[float]  # [left, top, right, bottom], fractions or pixels as the key says


class BlurbEntry(TypedDict):
    path: str
    kind: Literal["blurb"]


class CaptionEntry(TypedDict):
    path: str
    kind: Literal["caption"]
    platform: str
    length: int
    limit: int
    hashtags: list[str]
    dropped: list[str]


class CardEntry(TypedDict):
    path: str
    kind: Literal["card"]
    alt: str
    size: str | None
    layout: str | None
    platforms: list[str]
    width: int
    height: int
    crop: list[Box]
    photo_area: list[list[int]]
    fitted: list[bool]
    subjects: list[list[SubjectData]]
    text_boxes: dict[str, list[int]]


class PhotoEntry(TypedDict):
    path: str
    kind: Literal["photo"]
    width: int
    height: int
    source: str
    alt: str


class ListingEntry(TypedDict):
    path: str
    kind: Literal["listing"]
    animals: list[str]


class ZipEntry(TypedDict):
    path: str
    kind: Literal["zip"]
    files: list[str]


class KitEntry(TypedDict):
    path: str
    kind: Literal["kit"]
    platform: str
    caption: str
    media: list[str]
    cards: list[str]  # the card each item of media is
    thread: str | None
    zip: str | None  # the kit as one download, if zips are made (site.zips)
    written: dict[str, int]
    left_out: NotRequired[list[str]]


class ReelEntry(TypedDict):
    path: str
    kind: Literal["reel"]
    platform: str
    cover: str
    width: int
    height: int
    fps: int
    frames: int
    seconds: float
    audio: bool
    contrast: float
    shots: list[ShotFacts]
    written: dict[str, int]


class Preview(TypedDict):
    """A page of a PDF as a small image, for the story page: its path and size (px)."""

    path: str
    width: int
    height: int


class PrintedEntry(TypedDict):
    """What story.json says of a PDF made for print: its paper (the setting) and page (its
    name and size in points), the resolution each photo prints at (dots per inch, in page
    order; [] without a photo), where its QR codes go (None: no code), its size in bytes,
    and a preview image of each page (written beside it)."""

    paper: str
    page: str
    page_size: list[float]
    pages: int
    photo_dpi: list[float]
    link: str | None
    bytes: int
    previews: list[Preview]
    written: dict[str, int]


class FlyerEntry(PrintedEntry):
    path: str
    kind: Literal["flyer"]


class KennelEntry(PrintedEntry):
    """The kennel cards: a page per animal (*animals*, in order)."""

    path: str
    kind: Literal["kennel"]
    animals: list[str]


class PageEntry(TypedDict):
    path: str
    kind: Literal["page"]


class ManifestEntry(TypedDict):
    path: str
    kind: Literal["manifest"]


class SiteEntry(TypedDict):
    """The project's own files (output/index.html, the feeds, the upload folders): kept in
    the index only, not in any story.json."""

    path: str
    kind: Literal["site"]
    written: dict[str, int]
    parts: NotRequired[dict[str, str]]  # what each part's files were made of (site.PARTS)


def written(entry: Entry) -> dict[str, int]:
    """The files an output wrote beside its own (a kit's media, a reel's cover, a PDF's
    page previews, the upload folders beside the index page), with their sizes."""
    if (
        entry["kind"] == "kit"
        or entry["kind"] == "reel"
        or entry["kind"] == "site"
        or entry["kind"] == "flyer"
        or entry["kind"] == "kennel"
    ):
        return dict(entry["written"])
    return {}


Entry = (
    BlurbEntry
    | CaptionEntry
    | CardEntry
    | PhotoEntry
    | ListingEntry
    | ZipEntry
    | KitEntry
    | ReelEntry
    | FlyerEntry
    | KennelEntry
    | PageEntry
    | ManifestEntry
    | SiteEntry
)
