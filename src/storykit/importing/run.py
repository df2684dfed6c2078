"""One `storykit import`: read the source, make a case file for each story (never changing
one that is there), bring its photos, and report what it did (or, on a dry run, would do)."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from storykit.errors import Problem, StorykitError, display_path
from storykit.fsutil import write_new
from storykit.importing import casefile, photos
from storykit.importing.detect import Format, read_source
from storykit.importing.existing import Existing, awaited_photos
from storykit.importing.grouping import stories
from storykit.importing.records import ImportedStory, Source, SourcePhoto, suffix_of
from storykit.load.document import load_text
from storykit.load.model import Story
from storykit.load.photo_files import alike, meant
from storykit.load.project import load_project, read_document

Action = Literal[
    "wrote", "would write", "skipped", "copied", "would copy", "fetched", "would fetch"
]


@dataclass(frozen=True)
class Options:
    """What the command line asked for."""

    fmt: Format | None = None
    dry_run: bool = False
    fetch_photos: bool = False
    limits: photos.Limits = field(default_factory=photos.Limits)


@dataclass(frozen=True)
class Done:
    """One thing the import did or would do: a case file or a photo, and why (if skipped)."""

    action: Action
    path: Path
    detail: str = ""


@dataclass
class ImportReport:
    """What an import read, did and found."""

    source: Source
    stories: int = 0
    done: list[Done] = field(default_factory=list)
    waiting: int = 0  # photos given as web addresses and not downloaded
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)


def import_file(root: Path, path: Path, options: Options, today: dt.date) -> ImportReport:
    """Import *path* into the project at *root* (its stories/ and stories/photos/)."""
    source = read_source(path, options.fmt)
    report = ImportReport(source)
    found = stories(source)
    report.stories = len(found)
    folder = root / "stories"
    existing = Existing.of(folder)
    org_link = load_project(root)[0].config.organisation.animals_link
    header = (
        f"Imported by storykit import from {path.name} ({source.label}) on {today.isoformat()}. "
        "Check what it says and make the summary yours, then run `storykit check`. "
        "Lines starting with # are notes for you."
    )
    with tempfile.TemporaryDirectory(prefix="storykit-import-") as scratch:
        for story in found:
            target, skip = existing.place(story)
            if skip:
                report.done.append(Done("skipped", target, skip))
                if options.fetch_photos:
                    _fetch_awaited(target, report, options, Path(scratch))
                continue
            _keep_readable_photos(story, source)
            _say_if_no_way_to_adopt(story, target, org_link, source)
            names = photos.names(story)
            _bring_photos(story, names, target.parent, report, options, Path(scratch))
            text = casefile.render(story, names, header)
            _write_case_file(target, text, story, report, options)
    report.problems[:0] = source.problems
    return report


def _say_if_no_way_to_adopt(
    story: ImportedStory, target: Path, org_link: str, source: Source
) -> None:
    """An available story needs somewhere to send adopters: `storykit check` refuses one
    with none, so say it now, at the animal in the source."""
    if casefile.status(story) != "available" or org_link:
        return
    if any(a.url or a.contact for a in story.animals):
        return
    source.note(
        story.animals[0].where,
        f"{casefile.title(story)}: the source gives no adoption link or contact, which an "
        "available story needs",
        f"add adoption: url: (or contact:) in {display_path(target)}, or the page of your "
        "animals as organisation.animals_url in storykit.yaml",
        "warning",
    )


def _keep_readable_photos(story: ImportedStory, source: Source) -> None:
    """The photos named as files: one named but for case or spacing is taken (with a
    note); one that is not there is left out (with a warning)."""
    for animal in story.animals:
        kept = []
        for photo in animal.photos:
            if photo.local is None or photo.local.is_file():
                kept.append(photo)
                continue
            written = _as_written(photo.local, source)
            same = alike(photo.local)
            if same is not None:
                taken = _as_written(same, source)
                source.note(photo.where, f"{animal.name}: took the photo {taken} for {written}")
                kept.append(replace(photo, local=same, suffix=suffix_of(same.name)))
                continue
            close = meant(photo.local)
            source.note(
                photo.where,
                f"{animal.name}'s photo {written} is not beside the file, so it is left out",
                f"did you mean {_as_written(close, source)}?"
                if close
                else "put it there and add it to the case file's photos: (the case file is "
                "written without it)",
                "warning",
            )
        animal.photos = kept


def _as_written(path: Path, source: Source) -> str:
    """A photo file as the source names it: relative to the source's folder."""
    try:
        return path.relative_to(source.path.parent).as_posix()
    except ValueError:
        return display_path(path)


def _bring_photos(
    story: ImportedStory,
    names: list[str],
    folder: Path,
    report: ImportReport,
    options: Options,
    scratch: Path,
) -> None:
    pictures = [(a.name, p) for a in story.animals for p in a.photos]
    for (who, photo), name in zip(pictures, names, strict=True):
        path = folder / name
        if path.exists():
            continue
        if photo.url and not options.fetch_photos:
            report.waiting += 1
            continue
        verb: Action = "fetched" if photo.url else "copied"
        if options.dry_run:
            report.done.append(Done("would fetch" if photo.url else "would copy", path))
            continue
        if _bring(photo, path, who, report, options, scratch):
            report.done.append(Done(verb, path, photo.url or ""))


def _bring(
    photo: SourcePhoto, path: Path, who: str, report: ImportReport, options: Options, scratch: Path
) -> bool:
    """One photo into *path*: True if it was written."""
    shown = photo.url or (display_path(photo.local) if photo.local else "in the file")
    try:
        data = photos.fetch(photo.url, options.limits) if photo.url else photos.local_bytes(photo)
        return photos.store(path, data, scratch)
    except photos.FetchError as err:
        verb = "downloaded" if photo.url else "read"
        message = f"{who}'s photo {shown} could not be {verb}: {err}"
        hint = "check the address in a browser; run the import again later to fetch it"
    except StorykitError as err:
        why = err.problems[0].message
        message = f"{who}'s photo {shown} is not a photo storykit can use: {why}"
        hint = err.problems[0].hint
        if photo.url and "HTML" in why:
            hint = (
                "open the address in a browser: the server sent a web page, not the photo "
                "(it may need signing in, or the photo was taken down)"
            )
    report.problems.append(Problem(photo.where, message, hint))
    return False


def _fetch_awaited(case_file: Path, report: ImportReport, options: Options, scratch: Path) -> None:
    """For a case file already there: download the photos it lists with a url: whose file
    is not there yet (the case file itself is not changed)."""
    for file, url, where, title in awaited_photos(case_file):
        photo = SourcePhoto(where, url=url, suffix=file.suffix.lower())
        if options.dry_run:
            report.done.append(Done("would fetch", file))
        elif _bring(photo, file, title, report, options, scratch):
            report.done.append(Done("fetched", file, url))


def _write_case_file(
    target: Path, text: str, story: ImportedStory, report: ImportReport, options: Options
) -> None:
    """Write the case file (never over one), after checking it reads back as a story."""
    doc = load_text(target, text)
    model, problems = read_document(doc, Story, "storykit import")
    errors = [p for p in problems if p.is_error]
    if model is None or errors:  # a value storykit wrote wrongly: a bug, said as one
        raise AssertionError(f"storykit import wrote a case file it cannot read: {errors}")
    names = ", ".join(a.name for a in story.animals)
    if options.dry_run:
        report.done.append(Done("would write", target, names))
    elif write_new(target, text.encode("utf-8")):
        report.done.append(Done("wrote", target, names))
    else:
        report.done.append(Done("skipped", target, "it appeared while the import ran"))
