"""The volunteers' preview pages, card zips, web-size photos and adoption-site listings."""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, TypedDict
from urllib.parse import quote

from markupsafe import Markup
from typing_extensions import NotRequired

from storykit.cards import color
from storykit.load.model import STATUSES, Brand, Config, Organisation, Story
from storykit.load.platforms import resolve_platforms
from storykit.outputs import adoptsites, kits, listing
from storykit.outputs.context import STATUS_LABELS, StoryContext
from storykit.outputs.entries import CardEntry, Entry, PhotoEntry
from storykit.outputs.listing import ListingRecord
from storykit.outputs.lobby import LOBBY, SlideData, lobby_page, slide_data, slide_stories
from storykit.text import counting
from storykit.text.platforms import CARD_SIZES, CAROUSELS, Platform

if TYPE_CHECKING:
    from storykit.outputs.jinja import Templates

# the web-size photos (for outputs/story.py: cards.batch.PhotoCopy's defaults are these)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so two builds give the same cards.zip bytes


class Thumb(TypedDict):
    path: str
    alt: str
    width: int
    height: int


class PageSummary(TypedDict):
    """A story as the project's index page shows it (kept in the build index)."""

    slug: str
    title: str
    headline: str | None
    summary: str
    status: str
    status_label: str
    names: str
    posts: int
    captions: int
    cards: int
    thumb: Thumb | None
    slide: NotRequired[SlideData]  # for the lobby slideshow
    tile: NotRequired[str]  # its tile on the index page (site/_tile.html), made with it


@dataclass
class SiteStory:
    """A built story, as its preview page needs it."""

    slug: str
    story: Story  # the validated model
    case_file: Path  # stories/<slug>.yaml (photos are relative to its folder)
    files: list[Entry]  # the story.json entries made so far


# --- Counting rules for the page's JavaScript ------------------------------------------------
def _js_pattern(pattern: str) -> str:
    """A Python `regex` pattern from counting.py as JavaScript (flags 'giu') source.

    Only escapes differ: JavaScript's u flag refuses escaped punctuation and letters that
    are not syntax characters, and writes the end of input as $.
    """
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt == "Z":
                out.append("$")
            elif nxt in "!'#%&,:;<=>@_~\"`" or ord(nxt) > 127:
                out.append(nxt)
            else:
                out.append(char + nxt)
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


class CountingRule(TypedDict):
    label: str
    limit: int
    counting: str
    max_bytes: int | None
    url_length: int | None


class CountingData(TypedDict):
    """What the page's counters read: each platform's rule, and the URL patterns."""

    platforms: dict[str, CountingRule]
    patterns: dict[str, str]


def counting_data(platforms: Sequence[Platform]) -> CountingData:
    """The platforms' rules and the URL patterns, as data the page's counters read."""
    return CountingData(
        platforms={
            p.name: CountingRule(
                label=p.label,
                limit=p.limit,
                counting=p.counting,
                max_bytes=p.max_bytes,
                url_length=p.url_length,
            )
            for p in platforms
        },
        patterns=_js_patterns(),
    )


@functools.cache
def _js_patterns() -> dict[str, str]:
    """counting.py's URL patterns in JavaScript (the same for every page: made once)."""
    return {
        "url": _js_pattern(counting._EXTRACT_URL.pattern),
        "ascii_domain": _js_pattern(counting._ASCII_DOMAIN.pattern),
        "tco": _js_pattern(counting._TCO_URL.pattern),
    }


# --- Colours -------------------------------------------------------------------------------
class Colours(TypedDict):
    primary: str
    on_primary: str
    link: str


def page_colours(config: Config) -> Colours:
    """The brand colour for the page header, and a text colour on it of at least 4.5:1; where
    the brand colour cannot give that, storykit's own (Brand's default)."""
    white, ink, default = color.to_hex(color.WHITE), color.to_hex(color.INK), Brand().primary
    primary = config.brand.primary
    text = white if color.hex_contrast(primary, white) >= color.hex_contrast(primary, ink) else ink
    if color.hex_contrast(primary, text) < 4.5:
        primary, text = default, white
    link = primary if color.hex_contrast(primary, white) >= 4.5 else default
    return Colours(primary=primary, on_primary=text, link=link)


# --- Card zips -------------------------------------------------------------------------------
def cards_zip(files: Sequence[tuple[str, bytes]]) -> bytes:
    """A zip of (name, bytes), sorted by name, with fixed dates: the same input, same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


# --- Post kits, as the page shows them ---------------------------------------------------------
@dataclass(frozen=True)
class PostMedia:
    """One image (or video) of a kit, in posting order; *path* relative to the story's page."""

    number: int  # 1, 2, ...: its place in the post
    path: str
    name: str  # its file name in the kit: "01-cover.jpg"
    alt: str
    width: int
    height: int
    type: str  # image | video


@dataclass(frozen=True)
class ThreadPost:
    """One post of a kit's thread, measured by its platform's own count."""

    number: int
    text: str
    length: int
    limit: int
    ok: bool


@dataclass(frozen=True)
class PostView:
    """One platform's post as the story page shows it: its media (a carousel where the
    platform swipes through them), its caption cut at the feed's fold, its thread and its
    kit's zip; paths relative to the story's page (output/<slug>/index.html)."""

    platform: str
    label: str
    caption: str
    above: str  # what the feed shows before "...more" (all of it when the caption fits)
    below: str  # what shows only after "...more" ("" when the feed shows it whole)
    fold_at: int  # in the platform's own units (counting.count)
    hook_fits: bool  # the opening line is above the fold
    carousel: bool
    media: tuple[PostMedia, ...]
    thread: tuple[ThreadPost, ...]
    zip: str | None  # the kit as one download, if zips are made
    folder: str  # the kit's folder, e.g. posts/instagram
    # the caption box's record (story_page_context's captions), None if it has none
    caption_record: CaptionBox | None = None
    reel: kits.KitReel | None = None  # its reel, if the kit has one

    @property
    def folds(self) -> bool:
        return bool(self.below)


def fold_split(text: str, at: int, platform: Platform) -> tuple[str, str]:
    """*text* cut where the feed folds it: the longest start that counts at most *at* by the
    platform's own count, moved back to the start of a word it would cut; (text, "") when
    the whole text fits. The page's script cuts an edited caption the same way."""
    if counting.count(text, platform) <= at:
        return text, ""
    clusters = counting.graphemes(text)
    low, high = 0, len(clusters)  # the prefix of *low* clusters fits, of *high* does not
    while high - low > 1:
        mid = (low + high) // 2
        if counting.count("".join(clusters[:mid]), platform) <= at:
            low = mid
        else:
            high = mid
    cut = low
    if cut < len(clusters) and not clusters[cut].isspace():
        word = cut
        while word > 0 and not clusters[word - 1].isspace():
            word -= 1
        cut = word or cut
    return "".join(clusters[:cut]), "".join(clusters[cut:])


def post_views(
    found: Sequence[kits.Kit], captions: Sequence[CaptionBox], platforms: dict[str, Platform]
) -> list[PostView]:
    """The story's kits (kits.story_kits) as its page shows them; the caption each shows is
    the one the page edits (*captions*, from captions/<platform>.txt), else the kit's."""
    records = {c["platform"]: c for c in captions}
    views = []
    for kit in found:
        platform = platforms.get(kit.platform)
        record = records.get(kit.platform)
        caption = record["text"] if record else kit.caption
        at = kit.fold.at
        above, below = fold_split(caption, at, platform) if platform else (caption, "")
        thread = []
        for n, text in enumerate(kit.thread, 1):
            m = counting.measure(text, platform) if platform else None
            thread.append(
                ThreadPost(
                    n, text, m.length if m else len(text), m.limit if m else 0, not m or m.ok
                )
            )
        views.append(
            PostView(
                platform=kit.platform,
                label=platform.label if platform else kit.label,
                caption=caption,
                above=above,
                below=below,
                fold_at=at,
                hook_fits=kit.fold.hook_fits,
                carousel=kit.platform in CAROUSELS and len(kit.media) > 1,
                media=tuple(
                    PostMedia(
                        n, m.path, m.path.rsplit("/", 1)[-1], m.alt, m.width, m.height, m.type
                    )
                    for n, m in enumerate(kit.media, 1)
                ),
                thread=tuple(thread),
                zip=kit.zip,
                folder=kit.manifest.rsplit("/", 1)[0],
                caption_record=record,
                reel=kit.reel,
            )
        )
    return views


# --- Page context ------------------------------------------------------------------------------
def _strip_newline(text: str) -> str:
    return text[:-1] if text.endswith("\n") else text


class CardView(CardEntry):
    """A card as the page shows it: its entry, and its file name."""

    name: str


def _cards(entries: list[Entry]) -> list[CardView]:
    """The story's cards as the page shows them: their entries, with their file names."""
    return [
        CardView(**e, name=e["path"].rsplit("/", 1)[-1]) for e in entries if e["kind"] == "card"
    ]


def published_url(config: Config, path: str) -> str | None:
    """*path* (inside output/) on the web, if storykit.yaml says where output/ is published."""
    base = config.site.url
    if not base:
        return None
    return base.rstrip("/") + "/" + quote(path)


def _og_card(cards: list[CardView]) -> CardView | None:
    """The card a link preview shows: a landscape one where there is one."""
    for size in ("landscape", *CARD_SIZES):
        for card in cards:
            if card["size"] == size:
                return card
    return cards[0] if cards else None


class CaptionBox(TypedDict):
    """A caption as the page's editor shows it, measured by its platform's own count."""

    platform: str
    label: str
    path: str
    text: str
    length: int
    limit: int
    bytes: int | None
    max_bytes: int | None
    ok: bool


class StoryPage(StoryContext):
    """What site/story.html and the index's story sections see of one story: its template
    context and its outputs as the page shows them."""

    status: str
    captions: list[CaptionBox]
    cards: list[CardView]
    og_card: CardView | None
    og_image: str | None
    page_url: str | None
    zip: str | None
    posts: list[PostView]
    blurb_html: Markup
    blurb_source: str
    records: list[ListingRecord]
    photos: list[PhotoEntry]
    prints: list[Entry]  # the flyer and kennel cards


def story_page_context(
    item: SiteStory,
    read: Callable[[str], bytes],
    config: Config,
    context: StoryContext,
    platforms: dict[str, Platform],
    records: list[ListingRecord],
    photos: list[PhotoEntry],
) -> StoryPage:
    """What site/story.html and the index's story sections see for one story; *read* gives
    the bytes of one of the story's outputs (by its path in output/<slug>/), as this build
    made it."""
    story = item.story
    captions: list[CaptionBox] = []
    for entry in item.files:
        if entry["kind"] != "caption":
            continue
        name = entry["platform"]
        text = _strip_newline(read(entry["path"]).decode("utf-8"))
        platform = platforms.get(name)
        measured = counting.measure(text, platform) if platform else None
        captions.append(
            CaptionBox(
                platform=name,
                label=platform.label if platform else name,
                path=entry["path"],
                text=text,
                length=measured.length if measured else entry["length"],
                limit=measured.limit if measured else entry["limit"],
                bytes=measured.bytes if measured else None,
                max_bytes=measured.max_bytes if measured else None,
                ok=measured.ok if measured else True,
            )
        )
    blurb = next((e for e in item.files if e["path"] == "blurb.html"), None)
    blurb_html = read("blurb.html").decode("utf-8").strip() if blurb else ""
    cards = _cards(item.files)
    og = _og_card(cards)
    # link previews need absolute addresses: known only if storykit.yaml says where
    # output/ is published (site.url); else the page's own relative ones
    og_image = og and (published_url(config, f"{item.slug}/{og['path']}") or og["path"])
    return StoryPage(
        **context,
        status=story.status,
        captions=captions,
        cards=cards,
        og_card=og,
        og_image=og_image or None,
        page_url=published_url(config, f"{item.slug}/"),
        zip=next((e["path"] for e in item.files if e["kind"] == "zip"), None),
        posts=post_views(kits.story_kits(item.files, read), captions, platforms),
        blurb_html=Markup(blurb_html),  # blurb.html is a sanitised fragment already
        blurb_source=blurb_html,
        records=records,
        photos=photos,
        prints=[e for e in item.files if e["kind"] == "flyer" or e["kind"] == "kennel"],
    )


# --- The build edge ---------------------------------------------------------------------------
class PageCommon(TypedDict):
    """What every page sees: organisation, colours, statuses and the counting rules."""

    organisation: Organisation
    colours: Colours
    today: dt.date
    statuses: list[tuple[str, str]]
    page_data: CountingData


def common_context(config: Config, today: dt.date) -> PageCommon:
    """What every page sees: organisation, colours, statuses and the counting rules."""
    platforms = [p.platform for p in resolve_platforms(config)]
    return PageCommon(
        organisation=config.organisation,
        colours=page_colours(config),
        today=today,
        statuses=[(s, STATUS_LABELS[s]) for s in STATUSES],
        page_data=counting_data(platforms),
    )


def story_page(
    item: SiteStory,
    read: Callable[[str], bytes],
    config: Config,
    today: dt.date,
    templates: Templates,
    context: StoryContext,
    records: list[ListingRecord],
    photos: list[PhotoEntry],
) -> tuple[bytes, PageSummary]:
    """A story's preview page (output/<slug>/index.html) and its summary for the index page;
    *context* is the story's template context."""
    platforms = {p.platform.name: p.platform for p in resolve_platforms(config)}
    ctx = story_page_context(item, read, config, context, platforms, records, photos)
    common = common_context(config, today)
    page = templates.render(
        "site/story.html", {**common, "s": ctx, "prefix": "", "home": "../index.html"}
    )
    thumb = next((c for c in ctx["cards"] if c["size"] == "square"), ctx["og_card"])
    summary = PageSummary(
        slug=item.slug,
        title=item.story.title,
        headline=item.story.headline,
        summary=item.story.summary,
        status=item.story.status,
        status_label=STATUS_LABELS[item.story.status],
        names=ctx["names"],
        posts=len(ctx["posts"]),
        captions=len(ctx["captions"]),
        cards=len(ctx["cards"]),
        thumb=Thumb(
            path=thumb["path"], alt=thumb["alt"], width=thumb["width"], height=thumb["height"]
        )
        if thumb
        else None,
        slide=slide_data(item.story, item.slug, config, item.files),
    )
    summary["tile"] = templates.render("site/_tile.html", {"s": _Tile(summary)}, tidy=False)
    return page.encode(), summary


@dataclass
class SiteFiles:
    """The project's own files: made here (bytes), and the upload folders' photos, each a
    copy of a web-size photo already in output/ (never decoded again)."""

    files: dict[str, bytes]  # path inside output/ -> bytes (the upload folders' data too)
    uploads: adoptsites.Uploads  # the upload folders: their photos, clashes, Petfinder's rows


# each upload folder and the one line on how to use it, for the index page
UPLOAD_HELP = (
    (
        adoptsites.upload.PETFINDER,
        "Petfinder",
        "upload everything in this folder (the data file named by your shelter ID, and "
        "photos/) into the import folder of your Petfinder FTP account",
    ),
    (
        adoptsites.upload.ADOPTAPET,
        "Adopt-a-Pet",
        "upload everything in this folder (pets.csv, import.cfg and photos/) to your "
        "Adopt-a-Pet FTP account",
    ),
)


def adoptable_csv(records: list[ListingRecord], config: Config) -> bytes:
    """Petfinder's columns for every available or held animal (blank where unknown), photos
    as web addresses when storykit.yaml says where output/ is published, else paths."""
    rows = []
    for record in listing.adoptable(records):
        paths = [f"{record['story']}/{p}" for p in record["photos"]]
        rows.append(
            adoptsites.petfinder.row(record, [published_url(config, p) or p for p in paths])
        )
    return adoptsites.petfinder.write_csv(rows)


# The project's files made apart from the index page, each from a part of the stories'
# records: made again only when that part (or anything else the site reads) changed.
FEEDS = ("adoptable.csv", "adoptable.json")
PARTS = {"lobby": (LOBBY,), "feeds": FEEDS}


def part_inputs(
    summaries: list[PageSummary], records: list[ListingRecord]
) -> dict[str, list[object]]:
    """What each of PARTS shows of the stories: the lobby, the waiting stories' slides; the
    feeds, the adoptable animals' listing records."""
    lobby: list[object] = [
        [s["slug"], s["names"], s["status"], s["status_label"], s.get("slide")]
        for s in slide_stories(summaries)
    ]
    feeds: list[object] = list(listing.adoptable(records))
    return {"lobby": lobby, "feeds": feeds}


def site_index(
    summaries: list[PageSummary],
    records: list[ListingRecord],
    config: Config,
    today: dt.date,
    templates: Templates,
    kept: Mapping[str, bytes] | None = None,
) -> SiteFiles:
    """The files for the whole project: index.html, the lobby slideshow, adoptable.csv,
    adoptable.json and the upload folders for Petfinder and Adopt-a-Pet. *kept*: files of
    PARTS as the last build made them, taken as they are (their part is unchanged)."""
    kept = kept or {}
    summaries = sorted(summaries, key=lambda s: s["slug"])
    tiles = [_Tile(s) for s in summaries]
    counts = {s: sum(1 for c in summaries if c["status"] == s) for s in STATUSES}
    listed = listing.adoptable(records)
    uploads = adoptsites.uploads(listed, config.organisation.petfinder_id)
    index = templates.render(
        "site/index.html",
        {
            **common_context(config, today),
            "stories": tiles,
            "counts": counts,
            "home": "index.html",
            "lobby": LOBBY,
            "uploads": [
                {"path": path, "label": label, "help": text, "files": _files_in(uploads, path)}
                for path, label, text in UPLOAD_HELP
            ],
        },
    )
    made: dict[str, Callable[[], bytes]] = {
        LOBBY: lambda: lobby_page(summaries, config, templates),
        "adoptable.csv": lambda: adoptable_csv(listed, config),
        "adoptable.json": lambda: listing.adoptable_feed(listed, today),
    }
    files = {
        "index.html": index.encode(),
        **{name: kept[name] if name in kept else make() for name, make in made.items()},
        **uploads.files,
    }
    return SiteFiles(files, uploads)


class _Tile(SimpleNamespace):
    """A story's summary as the index page's template reads it: attributes (`s.slug`), which
    Jinja finds at once where on a dict it first tries an attribute and fails (ten thousand
    stories: a second), and `s.get(key, default)` as on the dict it was."""

    def __init__(self, summary: PageSummary):
        thumb = summary["thumb"]
        super().__init__(**{**summary, "thumb": SimpleNamespace(**thumb) if thumb else None})

    def get(self, key: str, default: object = None) -> object:
        return getattr(self, key, default)


def _files_in(uploads: adoptsites.Uploads, folder: str) -> int:
    """How many files an upload folder holds (for the index page)."""
    return sum(1 for p in [*uploads.files, *uploads.photos] if p.startswith(folder + "/"))
