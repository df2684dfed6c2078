"""One story as every kind of output sees it while it builds: the story, its template
context (worked out once), its hashtags, the run's settings, and where in its case file a
problem about a photo belongs."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from storykit.cards.batch import CardNote
from storykit.cards.subjects import Subject
from storykit.errors import Location, Problem
from storykit.load.model import Story
from storykit.load.project import LoadedStory
from storykit.outputs import kits, site
from storykit.outputs.context import StoryContext, hashtag_list, story_context, with_headline
from storykit.outputs.listing import ListingRecord, story_listing
from storykit.outputs.paths import web_photo_paths
from storykit.text.platforms import Platform

if TYPE_CHECKING:
    from storykit.builder.session import Session


@dataclass
class StoryJob:
    """A valid story being built (or checked): what its outputs are made from."""

    session: Session
    loaded: LoadedStory
    story: Story  # with its headline: the case file's, else one written for it
    context: StoryContext  # what every template sees for it
    tags: list[str]  # its hashtags, then the project's
    problems: list[Problem]  # found while preparing it (hashtags that cannot be used)

    @classmethod
    def prepare(cls, session: Session, loaded: LoadedStory) -> StoryJob:
        """The job for *loaded* (valid): its context, and its headline written from
        headline.txt when the case file has none (templates recorded by the session's
        recorder, if it has one). Raises StorykitError if a template fails."""
        story = loaded.story
        assert story is not None
        project = session.project
        context = story_context(story, project.config, session.today, loaded.slug)
        story, context = with_headline(story, session.templates, context)
        loaded = replace(loaded, story=story)
        tags, problems = hashtag_list(story, loaded.doc, project.config, project.config_doc)
        return cls(session, loaded, story, context, tags, problems)

    @property
    def slug(self) -> str:
        return self.loaded.slug

    @property
    def folder(self) -> Path:
        """The case file's folder: photos are named relative to it."""
        return self.loaded.path.parent

    @functools.cached_property
    def platforms(self) -> dict[str, Platform]:
        return {p.platform.name: p.platform for p in self.session.platforms}

    def found(self, photo: Path) -> tuple[Subject, ...] | None:
        """The animals an earlier build found in *photo* (by its content), if any."""
        index = self.session.last_build()
        return index.detections.found.get(index.hashes.of(photo))

    @functools.cached_property
    def listed(self) -> list[ListingRecord]:
        """The story's adoption-site records (one per animal)."""
        web = web_photo_paths(self.story.photos)
        config = self.session.project.config
        url = (lambda path: site.published_url(config, path)) if config.site.url else None
        return story_listing(self.slug, self.story, self.session.today, web, url)

    @functools.cached_property
    def headline_given(self) -> bool:
        """Whether the case file has a headline of its own (else one was written for it)."""
        doc = self.loaded.doc
        return doc is not None and ("headline",) in doc.value_marks

    def fold_problems(self, caption: str, name: str) -> list[Problem]:
        """A warning when the caption's opening line does not fit above the platform's fold,
        at the headline in the case file (it opens every caption)."""
        platform = self.platforms[name]
        folded = kits.fold(caption, platform)
        if folded.hook_fits:
            return []
        doc = self.loaded.doc
        where = Location.of(self.loaded.path)
        if doc is not None and self.headline_given:
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

    # -- where a problem about a photo belongs ------------------------------------------------

    def note_problems(self, notes: Iterable[CardNote]) -> list[Problem]:
        """The card engine's warnings, at the photo's line in the case file when about a
        photo (else at the case file), photo paths as the user wrote them, naming the card
        each was found on (by its file name: "chelsea-square")."""
        folder = str(self.folder.resolve()) + os.sep
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
            if (self.folder / p.file).resolve() == wanted:
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
