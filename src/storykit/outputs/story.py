"""Render stage: each planned output's bytes, its story.json entry and the problems found."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from storykit.cards import CardRequest, CardResult, CardStyle, PhotoCopy, PhotoSource, decode_scales
from storykit.cards import framing as FR
from storykit.cards.batch import CardNote
from storykit.cards.photo import open_photo_size
from storykit.cards.subjects import Subject
from storykit.digests import Recorder
from storykit.errors import Location, Problem
from storykit.load.project import LoadedStory, Project
from storykit.outputs import kits, listing, site
from storykit.outputs.alt import card_alt, photo_alt
from storykit.outputs.captions import Caption, render_caption
from storykit.outputs.context import hashtag_list, platform_context, story_context
from storykit.outputs.jinja import Templates
from storykit.outputs.plan import REEL_COVER, Output, PlatformPlan, reel_path, web_photo_paths
from storykit.outputs.reels import reel_lines
from storykit.reels.clips import probe_clip
from storykit.reels.job import JobPhoto, ReelJob, ReelMade
from storykit.reels.safezone import safe_rect
from storykit.reels.settings import music_path, reel_settings
from storykit.reels.timeline import ReelClip, ReelTexts
from storykit.text.hashtags import dedupe_and_cap, normalise
from storykit.text.platforms import CARD_SIZES, KIT_RULES
from storykit.text.threads import split_thread


@dataclass
class Rendered:
    """One output made: its bytes, its story.json entry, and any problems found on the way."""

    data: bytes
    entry: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    caption: Caption | None = None
    # what the site index needs from this output: a page's summary, a listing's records
    summary: Any = None
    # files written beside it (a kit's caption, media, thread and zip), by their paths in
    # output/<slug>/: staged, written and removed with it (its entry's "written" sizes)
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class StoryRender:
    """Renders one valid story's outputs with what the run shares."""

    project: Project
    templates: Templates
    layouts: dict[str, Any]
    platforms: list[PlatformPlan]
    today: Any
    loaded: LoadedStory

    def __post_init__(self) -> None:
        story = self.loaded.story
        assert story is not None
        self.story = story
        config = self.project.config
        self.base = story_context(story, config, self.today, self.loaded.slug)
        self.tags, self.tag_problems = hashtag_list(
            story, self.loaded.doc, config, self.project.config_doc
        )
        self.by_name = {p.platform.name: p.platform for p in self.platforms}

    # -- text outputs -----------------------------------------------------------------------

    def text(self, out: Output) -> Rendered:
        entry: dict[str, Any] = {"path": out.path, "kind": out.kind}
        if out.kind == "blurb":
            data = self.templates.render(out.template or "", self.base).encode()
            return Rendered(data, entry)
        platform = self.by_name[out.platform or ""]
        caption = render_caption(
            self.templates, platform, platform_context(self.base, platform, self.tags)
        )
        entry.update(
            platform=caption.platform,
            length=caption.length,
            limit=caption.limit,
            hashtags=caption.hashtags,
            dropped=list(caption.dropped),
        )
        return Rendered(
            (caption.text + "\n").encode(), entry, self._caption_problems(caption), caption
        )

    def _caption_problems(self, caption: Caption) -> list[Problem]:
        platform = self.by_name[caption.platform]
        loaded = self.loaded
        problems = []
        own = {normalise(h).lower() for h in self.story.hashtags}
        # the tags the cap allows (those left out to fit are in the caption's notes)
        used = {u.lower() for u in dedupe_and_cap(self.tags, platform.hashtag_cap)}
        own_cut = [h for h in dedupe_and_cap(self.tags, None) if h.lower() in own - used]
        if own_cut and (platform.hashtag_cap or 0) > 1:
            problems.append(
                Problem(
                    loaded.doc.locate(("hashtags",)) if loaded.doc else Location.of(loaded.path),
                    "the story has more hashtags of its own than some platforms take, so their "
                    "captions leave out the last ones",
                    "put the most important hashtags first in the story's list",
                    "warning",
                    (f"{platform.label}: {platform.hashtag_cap}",),
                    "platform",
                )
            )
        if not caption.ok:
            over = f"{caption.length} of {caption.limit}"
            if caption.max_bytes and caption.bytes and caption.bytes > caption.max_bytes:
                over += f" ({caption.bytes} of {caption.max_bytes} bytes)"
            problems.append(
                Problem(
                    Location.of(loaded.path),
                    f"the {platform.label} caption of '{loaded.slug}' cannot be made to fit: "
                    f"{over} even with every optional part left out",
                    "shorten the headline, summary or call to action, or raise the limit "
                    f"for {platform.name} in storykit.yaml",
                )
            )
        return problems

    # -- the preview page, listing, zip and web photos ----------------------------------------

    def batch_scales(self, requests: list[CardRequest], copies: list[PhotoCopy]) -> list[Any]:
        """The scale each photo of the story is decoded at for its cards and copies (all
        made from that one decode, so each one's bytes depend on it): photo names as the
        case file gives them (reads each photo's header)."""
        scales = decode_scales(requests, copies)
        folder = self.loaded.path.parent
        return sorted((_relative(p, folder), d) for p, d in scales.items())

    def photo_copy(self, out: Output) -> PhotoCopy:
        return PhotoCopy(out.path, self.photo_path(out))

    def photo_path(self, out: Output) -> Path:
        return self.loaded.path.parent / self.story.photos[out.photos[0]].file

    def photo_entry(self, out: Output, width: int, height: int) -> dict[str, Any]:
        photo = self.story.photos[out.photos[0]]
        return {
            "path": out.path,
            "kind": "photo",
            "width": width,
            "height": height,
            "source": photo.file,
            "alt": self.web_alt(out),
        }

    def web_alt(self, out: Output) -> str:
        """A web-size photo's alt text."""
        return photo_alt(self.templates, self.base, self.story.photos[out.photos[0]])

    @functools.cached_property
    def listed(self) -> list[dict[str, Any]]:
        """The story's adoption-site records (one per animal)."""
        web = web_photo_paths(self.story.photos)
        config = self.project.config
        url = (lambda path: site.published_url(config, path)) if config.site.url else None
        return listing.story_listing(self.loaded.slug, self.story, self.today, web, url)

    def site(self, out: Output, shown: Shown) -> Rendered:
        """listing.json, cards.zip, a kit or index.html, from the story's outputs made."""
        if out.kind == "kit":
            return self.kit(out, shown)
        listed = self.listed
        if out.kind == "listing":
            return Rendered(
                listing.listing_json(listed),
                {"path": out.path, "kind": "listing", "animals": [r["id"] for r in listed]},
                summary=listed,
            )
        if out.kind == "zip":
            cards = sorted(e["path"] for e in shown.entries("card"))
            names = [c.rsplit("/", 1)[-1] for c in cards]
            data = site.cards_zip([(n, shown.read(c)) for n, c in zip(names, cards, strict=True)])
            return Rendered(data, {"path": out.path, "kind": "zip", "files": sorted(names)})
        entries = shown.entries()
        item = site.SiteStory(self.loaded.slug, self.story, self.loaded.path, entries)
        photos = [e for e in entries if e.get("kind") == "photo"]
        page, summary = site.story_page(
            item, shown.read, self.project.config, self.today, self.templates, listed, photos
        )
        return Rendered(page, {"path": out.path, "kind": "page"}, summary=summary)

    # -- post kits ---------------------------------------------------------------------------

    def kit(self, out: Output, shown: Shown) -> Rendered:
        """One platform's post kit (posts/<platform>/): post.json, with its caption, media
        (copies of the story's cards, in posting order), thread and zip beside it."""
        plan = out.kit
        assert plan is not None
        platform = self.by_name[plan.platform]
        caption = shown.read(f"captions/{plan.platform}.txt").decode().rstrip("\n")
        cards = {e["path"]: e for e in shown.entries("card")}
        files: dict[str, bytes] = {plan.caption: (caption + "\n").encode()}
        media = []
        for item in plan.media:
            card = cards[item.card]
            files[plan.media_path(item)] = shown.read(item.card)
            media.append(
                {
                    "path": item.name,
                    "type": item.type,
                    "alt": kits.fit_alt(card["alt"], platform),
                    "width": card["width"],
                    "height": card["height"],
                }
            )
        thread = self.thread(plan.platform) if KIT_RULES[plan.platform].threads else []
        if thread:
            files[plan.thread] = ("\n\n---\n\n".join(thread) + "\n").encode()
        folded = kits.fold(caption, platform)
        post: dict[str, Any] = {
            "platform": plan.platform,
            "caption": caption,
            "media": media,
            "thread": thread,
            "fold": {"at": folded.at, "unit": folded.unit, "hook_fits": folded.hook_fits},
        }
        folder = plan.folder + "/"
        reels = [e for e in shown.entries("reel") if e["platform"] == plan.platform]
        zipped: list[tuple[str, bytes]] = []
        for reel in reels:  # the reel is a post of its own, with the same caption
            post["reel"] = {
                "path": reel["path"].removeprefix(folder),
                "cover": reel["cover"].removeprefix(folder),
                "type": "video",
                "width": reel["width"],
                "height": reel["height"],
                "seconds": reel["seconds"],
                "sound": reel["audio"],
            }
            zipped += [
                (reel["path"].removeprefix(folder), shown.read(reel["path"])),
                (reel["cover"].removeprefix(folder), shown.data(reel["cover"])),
            ]
        data = (json.dumps(post, ensure_ascii=False, indent=2) + "\n").encode()
        members = [(p.removeprefix(folder), d) for p, d in files.items()]
        files[plan.zip] = site.cards_zip([*members, *zipped, (kits.MANIFEST, data)])
        entry = {
            "path": out.path,
            "kind": "kit",
            "platform": plan.platform,
            "caption": plan.caption,
            "media": [plan.media_path(item) for item in plan.media],
            "cards": [item.card for item in plan.media],  # the card each item is a copy of
            "thread": plan.thread if thread else None,
            "zip": plan.zip,
            "written": {p: len(d) for p, d in sorted(files.items())},
        }
        if plan.left_out:
            entry["left_out"] = list(plan.left_out)
        return Rendered(data, entry, self.fold_problems(caption, platform.name), files=files)

    def thread(self, name: str) -> list[str]:
        """The story as a thread for one platform (posts/thread.txt, its call to action
        posts/thread_end.txt kept for the last post, the hashtags once): [] when it fits
        in one post."""
        platform = self.by_name[name]
        context = {
            **platform_context(self.base, platform, self.tags),
            "drop": frozenset(),
            "keep": None,
            "short": False,
        }
        story = self.templates.render("posts/thread.txt", context)
        closing = self.templates.render("posts/thread_end.txt", context)
        tags = " ".join("#" + t for t in context["hashtags"])
        posts = split_thread(story, platform, closing=closing, tags=tags)
        return posts if len(posts) > 1 else []

    def fold_problems(self, caption: str, name: str) -> list[Problem]:
        """A warning when the caption's opening line does not fit above the platform's fold,
        at the headline in the case file (it opens every caption)."""
        platform = self.by_name[name]
        folded = kits.fold(caption, platform)
        if folded.hook_fits:
            return []
        doc = self.loaded.doc
        where = Location.of(self.loaded.path)
        if doc is not None and self.loaded_headline:
            where = doc.locate(("headline",))
        return [
            Problem(
                where,
                "the captions' opening line (the headline) is cut before '...more' in the "
                "feed, so people scrolling past do not see all of it",
                "shorten the headline so that its point comes first; the rest of the story "
                "can follow in the summary",
                "warning",
                (f"{platform.label}: {folded.hook_length} of {folded.at}",),
                "platform",
            )
        ]

    @functools.cached_property
    def loaded_headline(self) -> bool:
        """Whether the case file has a headline of its own (else one was written for it)."""
        doc = self.loaded.doc
        return doc is not None and ("headline",) in doc.value_marks

    # -- reels ------------------------------------------------------------------------------

    def reel_job(
        self,
        outs: Sequence[Output],
        requests: Sequence[CardRequest],
        style: CardStyle,
        scratch: Path,
        subjects: Callable[[Path], tuple[Subject, ...] | None],
    ) -> ReelJob:
        """The story's reel, for the platforms of *outs* (one encode, its text kept inside
        all of their safe zones): its photos framed as their cards are (*subjects*, the
        build's cache of the animals found), its texts the cards' own (*requests*: the
        headline and names of the first card, the call to action of the closing card),
        a sentence of the story over each photo after the first where it has no caption."""
        story, config, folder = self.story, self.project.config, self.loaded.path.parent
        names = [o.platform or "" for o in outs]
        settings = replace(reel_settings(config, story, names[0], style), safe=safe_rect(names))
        searched = config.cards.find_animals
        lines = reel_lines(story, len(story.photos))
        photos = []
        for photo, line in zip(story.photos, lines, strict=True):
            path = folder / photo.file
            box = FR.subject_from_box(photo.subject) if photo.subject is not None else None
            photos.append(
                JobPhoto(
                    path,
                    open_photo_size(path),
                    photo.focus,
                    box,
                    subjects(path) if searched else (),
                    searched,
                    line,
                )
            )
        clips = []
        for clip in story.clips:
            info = probe_clip(folder / clip.file)
            clips.append(
                ReelClip(
                    info.path,
                    info.size,
                    info.duration,
                    clip.start,
                    clip.end,
                    focus=clip.focus,
                    line=clip.caption or "",
                )
            )
        first = next((r.texts for r in requests if r.layout.name != "closing"), {})
        closing = next((r.texts for r in requests if r.layout.name == "closing"), {})
        texts = ReelTexts(
            first.get("headline", "") or closing.get("headline", ""),
            first.get("names", ""),
            closing.get("headline", ""),
            closing.get("caption", ""),
        )
        music = music_path(config, story, self.project.root, self.loaded.path)
        return ReelJob(
            tuple(o.path for o in outs),
            tuple(photos),
            texts,
            settings,
            tuple(clips),
            music,
            scratch,
        )

    @staticmethod
    def reel_entry(out: Output, made: ReelMade) -> dict[str, Any]:
        """A reel's story.json entry: its platform, cover, and how it was made."""
        cover = reel_path(out.platform or "", REEL_COVER)
        return {
            "path": out.path,
            "kind": "reel",
            "platform": out.platform,
            "cover": cover,
            **made.entry,
            "written": {cover: len(made.cover)},
        }

    # -- cards ------------------------------------------------------------------------------

    def card_request(
        self,
        out: Output,
        style: CardStyle,
        subjects: Callable[[Path], tuple[Subject, ...] | None] | None = None,
    ) -> tuple[CardRequest, dict[str, Any]]:
        """A card's request (texts rendered from its layout) and its entry. *subjects* gives
        the animals already found in a photo (the build's cache), None if not known. With
        cards.find_animals off, no photo is searched: it is framed as its focus: or subject:
        says, else around its centre."""
        layout = self.layouts[out.layout or "photo"]
        searched = self.project.config.cards.find_animals

        def found(path: Path) -> tuple[Subject, ...] | None:
            if not searched:
                return ()
            return subjects(path) if subjects else None

        photos = [self.story.photos[i] for i in out.photos]
        credits = list(dict.fromkeys(p.credit for p in photos if p.credit))
        credit = ""
        if credits:
            credit = ("Photo: " if len(credits) == 1 else "Photos: ") + ", ".join(credits)
        ctx = {
            **self.base,
            "photo": photos[0] if photos else None,
            "photos": photos,
            "size": out.size,
            "credit": credit,
        }
        origin = Location.of(layout.source or f"cards/{layout.name}.yaml")
        texts = {
            name: self.templates.render_string(template, ctx, origin).strip()
            for name, template in layout.templates.items()
        }
        paths = [self.loaded.path.parent / p.file for p in photos]
        request = CardRequest(
            key=out.path,
            layout=layout,
            size=CARD_SIZES[out.size or "square"],
            photos=tuple(
                PhotoSource(path, p.focus, p.subject, found(path), searched)
                for path, p in zip(paths, photos, strict=True)
            ),
            texts=texts,
            style=style,
        )
        described = [photo_alt(self.templates, self.base, p) for p in photos]
        alt = card_alt(self.templates, self.base, described, texts, self.platforms)
        entry = {
            "path": out.path,
            "kind": "card",
            "alt": alt,
            "size": out.size,
            "layout": out.layout,
            "platforms": list(out.platforms),
        }
        return request, entry

    @staticmethod
    def card_entry(entry: dict[str, Any], card: CardResult) -> dict[str, Any]:
        """A drawn card's story.json entry: *entry* with its size and how it was framed, so
        anyone can check it against its photos: per photo, the crop shown (fractions of the
        upright photo), the photo's area on the card (px), whether the photo was fitted
        rather than cut, and the animals framing used (fractions); each text's box (px)."""
        return {
            **entry,
            "width": card.width,
            "height": card.height,
            "crop": [rounded(f.crop) for f in card.framing],
            "photo_area": [list(f.area) for f in card.framing],
            "fitted": [f.fitted for f in card.framing],
            "subjects": [[rounded(s.to_plain()) for s in f.subjects] for f in card.framing],
            "text_boxes": {name: list(box) for name, box in sorted(card.text_boxes.items())},
        }

    def card_problems(self, card: CardResult) -> list[Problem]:
        return self.note_problems(card.warnings)

    def note_problems(self, notes: Iterable[CardNote]) -> list[Problem]:
        """The card engine's warnings, at the photo's line in the case file when about a
        photo (else at the case file), photo paths as the user wrote them, naming the card
        each was found on (by its file name: "chelsea-square")."""
        folder = str(self.loaded.path.parent.resolve()) + os.sep
        return [
            Problem(
                self.photo_location(w.photo),
                w.replace(folder, ""),
                w.hint,
                "warning",
                (PurePosixPath(w.card).stem,) if w.card else (),
            )
            for w in notes
        ]

    def at_photo_lines(self, problems: Iterable[Problem]) -> list[Problem]:
        """Problems found in a photo file (damaged, not a photo...) at the photo's line in
        the case file, naming the photo as the case file does; others as they are."""
        moved = []
        for p in problems:
            i = self.photo_index(p.location.path) if p.location.line is None else None
            if i is not None and self.loaded.doc is not None:
                where = self.loaded.doc.locate(("photos", i, "file"))
                p = replace(p, location=where, message=f"{self.story.photos[i].file}: {p.message}")
            moved.append(p)
        return moved

    def photo_index(self, photo: str) -> int | None:
        """Which of the story's photos *photo* (a path as the card engine had it) is."""
        wanted = Path(photo).resolve()
        for i, p in enumerate(self.story.photos):
            if (self.loaded.path.parent / p.file).resolve() == wanted:
                return i
        return None

    def photo_location(self, photo: str | None) -> Location:
        """Where the case file names *photo* (a path as the card engine had it)."""
        i = self.photo_index(photo) if photo is not None else None
        return self.photo_line(i) if i is not None else Location.of(self.loaded.path)

    def photo_line(self, i: int) -> Location:
        """Where the case file names its photo number *i* (counting from 0)."""
        doc = self.loaded.doc
        return doc.locate(("photos", i, "file")) if doc else Location.of(self.loaded.path)


@dataclass
class Shown:
    """The story's outputs made so far, as an output that shows them (the page, the zip)
    sees them: each one it looks at is recorded as its input, at its stamp."""

    made: dict[str, dict[str, Any]]  # path -> story.json entry, in the plan's order
    data: Callable[[str], bytes]  # an output's bytes by its path in output/<slug>/
    stamps: dict[str, str]  # path -> the stamp of what it was made from
    recorder: Recorder  # the inputs of the output that shows them

    def entries(self, kind: str | None = None) -> list[dict[str, Any]]:
        """The entries of the outputs made (of one kind, if given), in the plan's order."""
        found = [e for e in self.made.values() if kind is None or e.get("kind") == kind]
        for entry in found:
            self.recorder.output(entry["path"], self.stamps[entry["path"]])
        return found

    def read(self, path: str) -> bytes:
        self.recorder.output(path, self.stamps[path])
        return self.data(path)


def rounded(value: Any) -> Any:
    """Plain data with its floats to 4 places (as fractions of a photo, under half a pixel
    of a 12 MP photo's width), so story.json reads as numbers, not as float noise."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, list | tuple):
        return [rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    return value


def request_files(request: CardRequest) -> list[Path]:
    """The files the card engine reads for a request: photos, layout, fonts and logo."""
    style = request.style
    files = [style.font_regular, style.font_bold, *style.fallback_fonts, style.logo]
    layout = [Path(request.layout.source)] if request.layout.source else []
    return [*(p.path for p in request.photos), *layout, *(f for f in files if f is not None)]


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return str(path)
