"""The reel: one vertical video of the story, encoded once for every platform that posts one
(posts/<platform>/reel.mp4, its cover beside it), in the workers, after the story's cards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from storykit.builder.artifact import Artifact
from storykit.builder.job import StoryJob
from storykit.builder.kinds.base import Made
from storykit.builder.kinds.drawn import Drawing, DrawnKind
from storykit.builder.plan import Output, StoryPlan
from storykit.builder.workers import Drawn
from storykit.cards import framing as FR
from storykit.cards.batch import CardNote, CardRequest
from storykit.cards.layout import CardStyle
from storykit.cards.subjects import DETECTOR
from storykit.load.root import WORK
from storykit.outputs.entries import ReelEntry
from storykit.outputs.paths import REEL_COVER, reel_path
from storykit.outputs.reels import reel_lines
from storykit.reels.inputs import ReelClip, ReelTexts
from storykit.reels.job import JobPhoto, ReelJob
from storykit.reels.safezone import safe_rect
from storykit.reels.settings import music_path, reel_platforms, reel_settings


@dataclass(frozen=True)
class ReelOutput(Output):
    platform: str


class Reels(DrawnKind[ReelOutput]):
    """A reel for each platform that posts one (TikTok and Instagram unless the settings
    say otherwise), all the same bytes: one encode, its text inside every one's safe zone."""

    name = "reel"
    shares_decodes = False  # the reel decodes its photos itself, at the size it needs

    def plan(self, plan: StoryPlan) -> Sequence[ReelOutput]:
        story = plan.story
        if not (story.photos or story.clips):  # a reel shows the story's photos and clips
            return []
        return [
            ReelOutput(reel_path(name), name)
            for name in reel_platforms(plan.config, story, plan.names)
        ]

    def add(self, job: StoryJob, artifacts: Sequence[Artifact], drawing: Drawing) -> None:
        """Key the story's reels by what they show: the photos, clips, music and fonts by
        content, the rest as values. The animals found are not a value: they follow from
        the photos and the detector, as for cards."""
        if not artifacts:
            return
        outs = [a.output for a in artifacts]
        scratch = job.session.project.output_dir / WORK
        reel = reel_job(job, outs, drawing.cards, drawing.style, scratch)  # type: ignore[arg-type]
        root = job.session.project.root

        def here(path: Path) -> Path:  # recorded by its place in the project: builds of
            return path.relative_to(root) if path.is_relative_to(root) else path  # copies agree

        shown = replace(
            reel,
            keys=(),
            scratch=Path(),
            photos=tuple(replace(p, path=here(p.path), subjects=None) for p in reel.photos),
            clips=tuple(replace(c, path=here(c.path)) for c in reel.clips),
            music=here(reel.music) if reel.music is not None else None,
        )
        style = drawing.style
        files = [p.path for p in reel.photos] + [c.path for c in reel.clips]
        files += [f for f in (reel.music, style.font_regular, style.font_bold) if f is not None]
        files += list(style.fallback_fonts)
        for artifact in artifacts:
            artifact.recorder.value("reel", repr(shown), DETECTOR)
            for path in files:
                artifact.recorder.file(path)
        drawing.reels.append(reel)

    def receive(self, job: StoryJob, artifact: Artifact, drawn: Drawn) -> Made:
        """A reel the workers made, for one platform that posts it, its cover beside it; its
        notes (photos left out, clips cut) as warnings."""
        out = artifact.output
        assert isinstance(out, ReelOutput)
        made = next(r for r in drawn.reels if out.path in r.keys)
        cover = reel_path(out.platform, REEL_COVER)
        facts = made.entry
        entry = ReelEntry(
            path=out.path,
            kind="reel",
            platform=out.platform,
            cover=cover,
            width=facts["width"],
            height=facts["height"],
            fps=facts["fps"],
            frames=facts["frames"],
            seconds=facts["seconds"],
            audio=facts["audio"],
            contrast=facts["contrast"],
            shots=facts["shots"],
            written={cover: len(made.cover)},
        )
        problems = job.note_problems(CardNote(n) for n in made.notes)
        return Made(made.data, entry, problems, files={cover: made.cover})


def reel_job(
    job: StoryJob,
    outs: Sequence[ReelOutput],
    requests: Sequence[CardRequest],
    style: CardStyle,
    scratch: Path,
) -> ReelJob:
    """The story's reel, for the platforms of *outs* (one encode, its text kept inside all
    of their safe zones): its photos framed as their cards are (the build's cache of the
    animals found), its texts the cards' own (*requests*: the headline and names of the
    first card, the call to action of the closing card), a sentence of the story over
    each photo after the first where it has no caption."""
    story, config = job.story, job.session.project.config
    names = [o.platform for o in outs]
    settings = replace(reel_settings(config, story, names[0], style), safe=safe_rect(names))
    searched = config.cards.find_animals
    lines = reel_lines(story, len(story.photos))
    from storykit.cards.photo import open_photo_size  # Pillow: reads the photos' headers

    photos = []
    for photo, line in zip(story.photos, lines, strict=True):
        path = job.folder / photo.file
        box = FR.subject_from_box(photo.subject) if photo.subject is not None else None
        subjects = job.found(path) if searched else ()
        size = open_photo_size(path)
        photos.append(JobPhoto(path, size, photo.focus, box, subjects, searched, line))
    clips = []
    for clip in story.clips:
        from storykit.reels.clips import probe_clip  # PyAV: only for a story with clips

        info = probe_clip(job.folder / clip.file)
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
    music = music_path(config, story, job.session.project.root, job.loaded.path)
    keys = tuple(o.path for o in outs)
    return ReelJob(keys, tuple(photos), texts, settings, tuple(clips), music, scratch)
