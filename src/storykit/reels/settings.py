"""Which platforms a story's reels are for and how they are made, from storykit.yaml's
`video:` and `platforms.<name>.video`, and the story's own `video:` (plain data)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from storykit.cards.layout import CardStyle
from storykit.load.model import Config, Story
from storykit.reels.inputs import ReelSettings
from storykit.reels.safezone import safe_rect
from storykit.text.platforms import DEFAULT_REEL_PLATFORMS, REEL_SAFE_MARGINS


def reel_platforms(config: Config, story: Story, built: Iterable[str]) -> tuple[str, ...]:
    """The platforms, of those being built (*built*, in their order), that get a reel of
    this story: none when the story says `video: false`, or storykit.yaml `video: {make:
    false}` and the story does not say `video: true`; else each whose
    `platforms.<name>.video` says so, and unset, TikTok and Instagram."""
    asked = story.video.make if story.video is not None else None
    if asked is False or (asked is None and config.video.make is False):
        return ()
    chosen = config.platforms or {}
    out = []
    for name in built:
        settings = chosen.get(name)  # type: ignore[call-overload]
        flag = settings.video if settings is not None else None
        wanted = flag if flag is not None else name in DEFAULT_REEL_PLATFORMS
        if wanted and name in REEL_SAFE_MARGINS:
            out.append(name)
    return tuple(out)


def music_path(config: Config, story: Story, project_root: Path, case_file: Path) -> Path | None:
    """The reel's music: the story's `video.music` (relative to its case file), else the
    project's (relative to storykit.yaml), else None."""
    if story.video is not None and story.video.music:
        return case_file.parent / story.video.music
    if config.video.music:
        return project_root / config.video.music
    return None


def reel_settings(
    config: Config, story: Story, platform: str, style: CardStyle | None = None
) -> ReelSettings:
    """How the story's reel for *platform* is made: the story's length settings over the
    project's over the defaults; its text kept inside that platform's safe zone."""
    base = ReelSettings(safe=safe_rect([platform]), style=style or CardStyle())
    values: dict[str, float] = {}
    for source in (config.video, story.video):
        if source is None:
            continue
        for key, field in (
            ("min_seconds", "min_seconds"),
            ("max_seconds", "max_seconds"),
            ("seconds_per_photo", "per_photo"),
        ):
            value = getattr(source, key)
            if value is not None:
                values[field] = float(value)
    settings = replace(base, **values)  # type: ignore[arg-type]
    if settings.min_seconds > settings.max_seconds:  # one bound from each file
        settings = replace(settings, min_seconds=settings.max_seconds)
    return settings
