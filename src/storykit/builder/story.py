"""One story's build, phase by phase: draw, text, take back, shown, commit.

1. **send**: the drawn kinds (cards, web photos, reels, flyers, kennel cards) are keyed;
   what is not current goes to the workers as one batch.
2. **text**: blurbs and captions not current are rendered here, while the workers draw.
3. **take**: the drawing comes back (the project's build takes each story's in turn).
4. **shown**: the listing, zip, kits and page, which show the story's other outputs.
5. **commit**: story.json, then every output made is written, each atomically, and the
   story's record is kept. A story that fails writes nothing: its last outputs stay whole.

Failure is checked once per phase: a phase runs only while the story has no error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from storykit.builder.artifact import Artifact
from storykit.builder.heap import give_back_memory
from storykit.builder.job import StoryJob
from storykit.builder.kinds import plan_story
from storykit.builder.kinds.base import Made, Phase, Shown, StoryKind
from storykit.builder.kinds.drawn import Drawing, DrawnKind
from storykit.builder.report import StoryResult
from storykit.builder.session import Session
from storykit.builder.workers import Batch, Drawn, Ticket, Workers
from storykit.builder.writer import Writer
from storykit.cards.batch import decode_scales
from storykit.digests import Recorder, engine
from storykit.errors import StorykitError
from storykit.load.project import LoadedStory


@dataclass
class StoryBuild:
    """One valid story being built: its job, and an artifact per planned output."""

    session: Session
    job: StoryJob
    result: StoryResult
    artifacts: dict[str, Artifact]  # in the plan's order
    ticket: Ticket | None = None
    drawn: Drawn = field(default_factory=Drawn)

    @classmethod
    def prepare(
        cls, session: Session, loaded: LoadedStory, result: StoryResult
    ) -> StoryBuild | None:
        """The story's job and artifacts, each keyed by the values it is made with; None
        (with the problems in *result*) if the story's templates fail."""
        index = session.last_build()
        base = Recorder(index.hashes)  # what every text output reads: the case file,
        base.file(loaded.path)  # storykit.yaml, and the templates the headline used
        base.file(session.project.config_path)
        for path in loaded.awaited:  # a photo not downloaded yet: its arrival is a change
            base.file(path)
        try:
            with session.templates.recording(base.file):
                job = StoryJob.prepare(session, loaded)
        except StorykitError as err:
            result.problems.extend(err.problems)
            return None
        result.problems.extend(job.problems)
        old = index.full(loaded.slug)
        artifacts = {}
        for kind, out in plan_story(job.story, session.project.config, session.platforms):
            recorder = Recorder(index.hashes)
            if kind.story_files:
                recorder.extend(base)
            recorder.value("engine", engine())
            recorder.value("path", out.path)
            if kind.dated:
                recorder.value("date", session.today.isoformat())
            kind.key(job, out, recorder)
            record = old.output(out.path) if old is not None else None
            artifacts[out.path] = Artifact(out, kind, recorder, record)
        return cls(session, job, result, artifacts)

    @property
    def failed(self) -> bool:
        return self.result.failed

    def start(self, workers: Workers, writer: Writer) -> None:
        """The phases before the drawing is needed: send it, render the text."""
        self._phase(lambda: self.send(workers, writer))
        self._phase(lambda: self.render(Phase.TEXT, writer))

    def finish(self, workers: Workers, writer: Writer) -> None:
        """Take the drawing back (always: what the workers found in the photos is kept even
        for a story that fails), then the outputs that show the others, then commit."""
        heavy = self.ticket is not None and self.ticket.batch.heavy
        if self.ticket is not None:
            self._phase(lambda: self.take(workers), always=True)
        self._phase(self.receive)
        self._phase(lambda: self.render(Phase.SHOWN, writer))
        self._phase(lambda: self.render(Phase.MANIFEST, writer))
        self._phase(lambda: self.commit(writer))
        if heavy:
            give_back_memory()

    def _phase(self, step: Callable[[], None], always: bool = False) -> None:
        if self.failed and not always:
            return
        try:
            step()
        except StorykitError as err:
            self.result.problems.extend(self.job.at_photo_lines(err.problems))

    def of_phase(self, phase: Phase) -> list[Artifact]:
        return [a for a in self.artifacts.values() if a.kind.phase is phase]

    def reuse(self, artifact: Artifact, writer: Writer, stamps: dict[str, str]) -> bool:
        """Keep *artifact*'s last output if it is current (its warnings are said again)."""
        if not artifact.current(writer.folder(self.job.slug), stamps):
            return False
        artifact.keep()
        writer.unchanged()
        assert artifact.old is not None
        self.result.problems.extend(artifact.old.warnings(self.session.project.root))
        return True

    # -- the phases ------------------------------------------------------------------------

    def send(self, workers: Workers, writer: Writer) -> None:
        """Key the drawn outputs; send those not current to the workers as one batch."""
        drawing = Drawing(self.session.style)
        drawn = self.of_phase(Phase.DRAW)
        for kind, artifacts in _by_kind(drawn):
            assert isinstance(kind, DrawnKind)
            kind.add(self.job, artifacts, drawing)
        # every card and copy is made from the same decodes (one per photo, at the scale all
        # of them need), so each one's bytes depend on the whole batch too
        scales = decode_scales(drawing.cards, drawing.copies)  # reads the photos' headers
        folder = self.job.folder
        batch_value = sorted((_relative(path, folder), d) for path, d in scales.items())
        for artifact in drawn:
            if artifact.kind.shares_decodes:
                artifact.recorder.value("batch", batch_value)
        make = {a.path for a in drawn if not self.reuse(a, writer, {})}
        reels = [
            replace(job, keys=tuple(k for k in job.keys if k in make)) for job in drawing.reels
        ]
        batch = Batch(
            tuple(drawing.cards),
            tuple(drawing.copies),
            frozenset(make),
            tuple(job for job in reels if job.keys),
            tuple(group for path, group in drawing.apart.items() if path in make and group),
        )
        if not batch.empty:
            self.ticket = workers.send(batch)

    def render(self, phase: Phase, writer: Writer) -> None:
        """Render the outputs of *phase* not current; each records what it reads."""
        templates = self.session.templates
        for artifact in self.of_phase(phase):
            shown = self.shown(artifact.recorder)
            if self.reuse(artifact, writer, shown.stamps):
                continue
            with templates.recording(artifact.recorder.file):
                made = artifact.kind.render(self.job, artifact.output, shown)
            self._stage(artifact, made)

    def take(self, workers: Workers) -> None:
        """The drawing back; what the workers found in photos not seen before is kept."""
        assert self.ticket is not None
        self.drawn = workers.take(self.ticket)
        self.ticket = None
        index = self.session.last_build()
        found = [r.detected for r in self.drawn.made.values()]
        found += [r.detected for r in self.drawn.reels]
        for detected in found:
            for photo, subjects in detected.items():
                index.detections.found[index.hashes.of(Path(photo))] = subjects
        self.result.detected += len({photo for detected in found for photo in detected})

    def receive(self) -> None:
        """Stage each drawn output the workers made, from what came back."""
        for artifact in self.of_phase(Phase.DRAW):
            if artifact.record is None:
                kind = artifact.kind
                assert isinstance(kind, DrawnKind)
                self._stage(artifact, kind.receive(self.job, artifact, self.drawn))

    def commit(self, writer: Writer) -> None:
        """Write every staged output, each atomically, and keep the story's record."""
        writer.commit(self.job.loaded, self.artifacts.values(), self.session.today)
        self.result.files = [a.record.entry for a in self.artifacts.values() if a.record]
        self.result.built = True

    # -- helpers ---------------------------------------------------------------------------

    def _stage(self, artifact: Artifact, made: Made) -> None:
        self.result.problems.extend(made.problems)
        artifact.stage(made, self.session.project.root)

    def shown(self, recorder: Recorder) -> Shown:
        """The outputs made or kept so far, as an output that shows them sees them."""
        records = {a.path: a.record for a in self.artifacts.values() if a.record is not None}
        stamps = {path: r.stamp() for path, r in records.items()}
        entries = {path: r.entry for path, r in records.items()}
        return Shown(entries, self.read, stamps, recorder)

    def read(self, path: str) -> bytes:
        """One of the story's outputs (or a file beside one, as a reel's cover) as this
        build has it: staged, else on disk."""
        for artifact in self.artifacts.values():
            made = artifact.made
            if made is not None and (path == artifact.path or path in made.files):
                return made.data if path == artifact.path else made.files[path]
        return (self.session.project.output_dir / self.job.slug / path).read_bytes()


def _by_kind(artifacts: list[Artifact]) -> list[tuple[StoryKind[Any], list[Artifact]]]:
    """*artifacts* grouped by kind, in the registry's order."""
    groups: dict[int, tuple[StoryKind[Any], list[Artifact]]] = {}
    for artifact in artifacts:
        groups.setdefault(id(artifact.kind), (artifact.kind, []))[1].append(artifact)
    return list(groups.values())


def _relative(path: Path, folder: Path) -> str:
    """A photo's path as the case file names it (relative to its folder), where it can be."""
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return str(path)
