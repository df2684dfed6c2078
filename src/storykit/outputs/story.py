"""Render stage: each planned output's bytes, its story.json entry, problems and fingerprint."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from storykit.cards import CardRequest, CardResult, CardStyle, PhotoCopy, PhotoSource, decode_scales
from storykit.cards.batch import CardNote
from storykit.digests import Hashes, digest, engine
from storykit.errors import Location, Problem
from storykit.load.model import SIZES
from storykit.load.project import LoadedStory, Project
from storykit.outputs import listing, site
from storykit.outputs.alt import card_alt, photo_alt
from storykit.outputs.captions import Caption, render_caption
from storykit.outputs.context import hashtag_list, platform_context, story_context
from storykit.outputs.jinja import Templates
from storykit.outputs.plan import Output, PlatformPlan, web_photo_paths
from storykit.outputs.site import WEB_PHOTO_EDGE, WEB_PHOTO_QUALITY
from storykit.text.hashtags import dedupe_and_cap, normalise


@dataclass
class Rendered:
    """One output made: its bytes, its story.json entry, and any problems found on the way."""

    data: bytes
    entry: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    caption: Caption | None = None
    # what the site index needs from this output: a page's summary, a listing's records
    summary: Any = None


@dataclass
class StoryRender:
    """Renders one valid story's outputs with what the run shares."""

    project: Project
    templates: Templates
    layouts: dict[str, Any]
    platforms: list[PlatformPlan]
    today: Any
    loaded: LoadedStory
    hashes: Hashes

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
        self._deps: dict[str, list[str]] = {}

    # -- fingerprints: what an output is made from -------------------------------------------

    def _template_hashes(self, *names: str) -> list[str]:
        hashes = []
        for name in names:
            if name not in self._deps:
                self._deps[name] = [str(p) for p in self.templates.dependencies(name)]
            hashes.extend(self.hashes.of(Path(p)) for p in self._deps[name])
        return hashes

    def text_fingerprint(self, out: Output) -> str:
        """Blurbs and captions: storykit, the date, the case file, settings and templates used."""
        names = [out.template or ""]
        if out.kind == "caption":
            names.append(f"captions/status/{self.story.status}.txt")
        return self._story_fingerprint(out, self._template_hashes(*names))

    def _story_fingerprint(self, out: Output, *extra: Any) -> str:
        """storykit's code, the date, the output's path, the case file and storykit.yaml."""
        config = self.project.config_path
        return digest(
            engine(),
            self.today.isoformat(),
            out.path,
            self.hashes.of(self.loaded.path),
            self.hashes.of(config) if config.is_file() else "",
            *extra,
        )

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

    def site_fingerprint(self, out: Output, records: dict[str, dict[str, Any]]) -> str:
        """Page, listing, zip: the case file, settings and date, and the outputs they show."""
        shown = (
            []
            if out.kind == "listing"
            else [
                records[k]["fp"]
                for k in sorted(records)
                if out.kind != "zip" or records[k]["entry"].get("kind") == "card"
            ]
        )
        templates = self._template_hashes(out.template) if out.template else []
        return self._story_fingerprint(out, templates, shown)

    def photo_fingerprint(self, out: Output, batch: str) -> str:
        """A web-size photo: the photo, and the story's batch (which sets its decode)."""
        return digest(engine(), out.path, self.hashes.of(self.photo_path(out)), batch)

    def batch_digest(self, requests: list[CardRequest], copies: list[PhotoCopy]) -> str:
        """The scale each photo of the story is decoded at for its cards and copies (all
        made from that one decode): a card or copy is made again when it moves."""
        scales = decode_scales(requests, copies)
        return digest(sorted((self.hashes.key(p) or str(p), d) for p, d in scales.items()))

    def photo_copy(self, out: Output) -> PhotoCopy:
        return PhotoCopy(out.path, self.photo_path(out), WEB_PHOTO_EDGE, WEB_PHOTO_QUALITY)

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
            "alt": photo_alt(self.templates, self.base, photo),
        }

    @functools.cached_property
    def listed(self) -> list[dict[str, Any]]:
        """The story's adoption-site records (one per animal)."""
        web = web_photo_paths(self.story.photos)
        config = self.project.config
        url = (lambda path: site.published_url(config, path)) if config.site.url else None
        return listing.story_listing(self.loaded.slug, self.story, self.today, web, url)

    def site(
        self, out: Output, records: dict[str, dict[str, Any]], read: Callable[[str], bytes]
    ) -> Rendered:
        """listing.json, cards.zip or index.html, from the outputs already made (*read* gives
        one's bytes by its path in output/<slug>/)."""
        listed = self.listed
        if out.kind == "listing":
            return Rendered(
                listing.listing_json(listed),
                {"path": out.path, "kind": "listing", "animals": [r["id"] for r in listed]},
                summary=listed,
            )
        entries = [r["entry"] for r in records.values()]
        cards = sorted(e["path"] for e in entries if e.get("kind") == "card")
        if out.kind == "zip":
            names = [c.rsplit("/", 1)[-1] for c in cards]
            data = site.cards_zip(
                [(n, read(c)) for n, c in zip(names, cards, strict=True)]
            )
            return Rendered(data, {"path": out.path, "kind": "zip", "files": sorted(names)})
        order = {o: i for i, o in enumerate(records)}
        item = site.SiteStory(
            self.loaded.slug,
            self.story,
            self.loaded.path,
            sorted(entries, key=lambda e: order.get(e["path"], 0)),
        )
        photos = [e for e in entries if e.get("kind") == "photo"]
        page, summary = site.story_page(
            item, read, self.project.config, self.today, self.templates, listed, photos
        )
        return Rendered(page, {"path": out.path, "kind": "page"}, summary=summary)

    # -- cards ------------------------------------------------------------------------------

    def card_request(
        self, out: Output, style: CardStyle
    ) -> tuple[CardRequest, dict[str, Any], str]:
        """A card's request (texts rendered from its layout), its entry, and its fingerprint."""
        layout = self.layouts[out.layout or "photo"]
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
            size=SIZES[out.size or "square"],
            photos=tuple(
                PhotoSource(path, tuple(p.focus)) for path, p in zip(paths, photos, strict=True)
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
        fonts = [style.font_regular, style.font_bold, *style.fallback_fonts]
        fingerprint = digest(
            engine(),
            [self.hashes.of(p) for p in paths],
            self.hashes.of(Path(layout.source)) if layout.source else layout.name,
            texts,
            out.size,
            repr(style),
            [self.hashes.of(f) for f in fonts if f is not None],
        )
        return request, entry, fingerprint

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
        doc = self.loaded.doc
        i = self.photo_index(photo) if photo is not None else None
        if i is not None and doc is not None:
            return doc.locate(("photos", i, "file"))
        return Location.of(self.loaded.path)
