"""The project's own files: output/index.html, the feeds (adoptable.csv, adoptable.json) and
the upload folders for adoption sites, made together from every story's record.

One artifact for the whole project, made again only when what it was made from changed:
the stories' page summaries and listings, the templates it loaded, storykit.yaml, the logo
and the web photos the upload folders link to (never decoded again).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from storykit.builder.kinds.base import Kind, Made, Phase, Shown
from storykit.builder.plan import Output
from storykit.builder.records import OutputRecord, StoryRecord
from storykit.builder.session import Session
from storykit.digests import Recorder, digest, engine
from storykit.errors import Location, Problem
from storykit.outputs.entries import SiteEntry
from storykit.outputs.site import PARTS, SiteFiles, part_inputs, site_index

SITE_INDEX = Output("index.html")  # in output/, the files beside it in the artifact's entry


@dataclass(frozen=True)
class SiteJob:
    """What the project's own files are made from: every present story's page summary and
    listing records (from this build, or the index for stories taken as they were), known
    first by their stamps and read only when the files are made."""

    session: Session
    shown: Mapping[str, list[str]]  # slug -> the stamps of its page and listing
    read: Callable[[], list[StoryRecord]]  # every present story's whole record
    present: Mapping[str, Path]  # slug -> case file, for every story in stories/
    last: OutputRecord | None = None  # what the last build made


class SiteKind(Kind[SiteJob, Output]):
    """The kind of the project's own files (one artifact for the project)."""

    name = "site"
    phase = Phase.PROJECT
    story_files = False
    assembled = True  # put together from the stories' records

    def key(self, job: SiteJob, out: Output, recorder: Recorder) -> None:
        project = job.session.project
        recorder.value("stories", sorted(job.shown.items()))
        recorder.file(project.config_path)
        if project.config.organisation.logo:
            recorder.file(project.root / project.config.organisation.logo)

    def render(self, job: SiteJob, out: Output, shown: Shown) -> Made:
        session = job.session
        config = session.project.config
        records = job.read()
        summaries = [s for s in (r.page_summary() for r in records) if s is not None]
        listed = [animal for r in records for animal in r.listings()]
        recorder = shown.recorder
        output_dir = session.project.output_dir
        parts = {
            name: digest(engine(), session.today.isoformat(), inputs)
            for name, inputs in part_inputs(summaries, listed).items()
        }
        kept = _unchanged_parts(job.last, parts, recorder, output_dir)
        made = site_index(summaries, listed, config, session.today, session.templates, kept)
        data = made.files.pop(out.path)
        links = {}
        for name, source in made.uploads.photos.items():
            if (output_dir / source).exists():  # else its story failed this time: the next
                recorder.file(output_dir / source)  # good build links it
                links[name] = source
        written = {**{p: len(d) for p, d in made.files.items()}, **_sizes(output_dir, links)}
        entry = SiteEntry(
            path=out.path, kind="site", written=dict(sorted(written.items())), parts=parts
        )
        return Made(data, entry, site_problems(job, made), files=made.files, links=links)


def _unchanged_parts(
    last: OutputRecord | None, parts: Mapping[str, str], recorder: Recorder, folder: Path
) -> dict[str, bytes]:
    """The files of PARTS the last build made that would be made the same now, read back:
    every file it read (templates, storykit.yaml, the logo) is unchanged, the part's
    records and storykit's own code and the date too, and the file is whole on disk. What
    they were made from is recorded again, being what they are made from."""
    entry = last.entry if last is not None else None
    if last is None or entry is None or entry["kind"] != "site" or "parts" not in entry:
        return {}
    hashes = recorder.hashes
    if any(hashes.of(hashes.root / key) != h for key, h in last.inputs.files.items()):
        return {}
    before = entry["parts"]
    sizes = last.written()
    kept: dict[str, bytes] = {}
    for name, files in PARTS.items():
        if before.get(name) != parts[name]:
            continue
        try:
            read = {f: (folder / f).read_bytes() for f in files}
        except OSError:
            continue
        if all(len(data) == sizes.get(f) for f, data in read.items()):
            kept.update(read)
    if kept:
        recorder.files.update(last.inputs.files)
    return kept


def _sizes(folder: Path, links: Mapping[str, str]) -> dict[str, int]:
    return {name: (folder / source).stat().st_size for name, source in links.items()}


def site_problems(job: SiteJob, made: SiteFiles) -> list[Problem]:
    """An animal left out of the upload folders for an ID another story uses; Petfinder's
    data file named petfinder.csv for want of the shelter's ID."""
    project = job.session.project
    problems = [
        Problem(
            Location.of(job.present[slug]),
            f"the animal ID '{animal}' is already used in another story, so this one is "
            "left out of the upload folders",
            "give each animal its own id: (the shelter's ID for it)",
            "warning",
        )
        for slug, animal in made.uploads.clashes
    ]
    if made.uploads.petfinder_rows and not project.config.organisation.petfinder_id:
        problems.append(
            Problem(
                Location.of(project.config_path),
                "the Petfinder upload's data file is called petfinder.csv, because "
                "storykit.yaml has no organisation.petfinder_id",
                "add your Petfinder shelter ID: organisation: {petfinder_id: WI123}; "
                "Petfinder's import reads the file named by it",
                "warning",
            )
        )
    return problems
