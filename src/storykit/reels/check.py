"""What `storykit check` says about a story's reels: a clip it cannot read, a clip too long
for a platform's reel, a music file it cannot use; each at its line in the file."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from storykit.errors import Location, Problem, StorykitError
from storykit.load.document import Document
from storykit.load.model import Config, Story
from storykit.load.root import CONFIG_NAME
from storykit.reels.clips import probe_clip
from storykit.reels.music import probe_music
from storykit.reels.settings import music_path, reel_platforms, reel_settings
from storykit.text.platforms import PLATFORMS, REEL_MAX_SECONDS


def _at(doc: Document | None, path: Path, where: tuple[str | int, ...]) -> Location:
    return doc.locate(where) if doc is not None else Location.of(path)


def _moved(err: StorykitError, where: Location, name: str) -> list[Problem]:
    return [Problem(where, f"{name}: {p.message}", p.hint, p.severity) for p in err.problems]


def check_video(
    config: Config,
    story: Story,
    case_file: Path,
    doc: Document | None,
    project_root: Path,
    config_doc: Document | None,
    built: Iterable[str],
) -> list[Problem]:
    """Every problem with the story's clips and music, for the platforms being *built*
    that get a reel (none: only the clips' files are checked)."""
    problems: list[Problem] = []
    platforms = reel_platforms(config, story, built)
    for i, clip in enumerate(story.clips):
        path = case_file.parent / clip.file
        where = _at(doc, case_file, ("clips", i, "file"))
        if not path.is_file():
            problems.append(
                Problem(
                    where,
                    f"the clip '{clip.file}' does not exist (looked for {path})",
                    "check the file name and folder; paths are relative to the case file",
                )
            )
            continue
        try:
            info = probe_clip(path)
        except StorykitError as err:
            problems.extend(_moved(err, where, clip.file))
            continue
        end = info.duration if clip.end is None else min(clip.end, info.duration)
        if clip.start >= info.duration:
            problems.append(
                Problem(
                    _at(doc, case_file, ("clips", i, "start")),
                    f"{clip.file}: the clip is {info.duration:.1f} s long, so start: "
                    f"{clip.start:g} is after its end",
                    "write start: as the second where the part to show begins",
                )
            )
            continue
        length = end - clip.start
        for name in platforms:
            most = min(reel_settings(config, story, name).max_seconds, REEL_MAX_SECONDS[name])
            if length > most:
                problems.append(
                    Problem(
                        where,
                        f"{clip.file}: {length:.1f} s of the clip is too long for the "
                        f"{PLATFORMS[name].label} reel, which lasts at most {most:g} s; only "
                        "its beginning is shown",
                        "set start: and end: to the few seconds to show",
                        "warning",
                    )
                )
    music = music_path(config, story, project_root, case_file)
    if music is not None and platforms:
        from_story = story.video is not None and bool(story.video.music)
        where = (
            _at(doc, case_file, ("video", "music"))
            if from_story
            else _at(config_doc, project_root / CONFIG_NAME, ("video", "music"))
        )
        shown = story.video.music if from_story and story.video else config.video.music
        if not music.is_file():
            problems.append(
                Problem(
                    where,
                    f"the music '{shown}' does not exist (looked for {music})",
                    "check the file name and folder; paths are relative to the file that names it",
                )
            )
        else:
            try:
                probe_music(music)
            except StorykitError as err:
                problems.extend(_moved(err, where, str(shown)))
    return problems
