"""Every kind of output a story gets, in one registry: the order they are planned in, which
is the order of story.json. Adding a kind of output is one class (see kinds/base.py) in
this list, and its templates."""

from __future__ import annotations

from typing import Any

from storykit.builder.kinds.base import Kind, Phase, StoryKind
from storykit.builder.kinds.cards import CardKind, WebPhotoKind
from storykit.builder.kinds.flyer import FlyerKind
from storykit.builder.kinds.kennel_cards import KennelCardsKind
from storykit.builder.kinds.kits import KitKind
from storykit.builder.kinds.manifest import ManifestKind
from storykit.builder.kinds.reels import ReelKind
from storykit.builder.kinds.shown import ListingKind, PageKind, ZipKind
from storykit.builder.kinds.text import BlurbKind, CaptionKind
from storykit.builder.plan import Output, StoryPlan
from storykit.load.model import Config, Story
from storykit.load.platforms import PlatformPlan

KINDS: tuple[StoryKind[Any], ...] = (
    BlurbKind(),
    CaptionKind(),
    CardKind(),
    WebPhotoKind(),
    ListingKind(),
    ZipKind(),
    ReelKind(),
    FlyerKind(),
    KennelCardsKind(),
    KitKind(),
    PageKind(),
    ManifestKind(),
)

__all__ = ["KINDS", "Kind", "Phase", "plan_story"]


def plan_story(
    story: Story, config: Config, platforms: list[PlatformPlan]
) -> list[tuple[StoryKind[Any], Output]]:
    """Every output of one story, with its kind, in a stable order: kind by kind."""
    plan = StoryPlan(story, config, tuple(platforms))
    return [(kind, out) for kind in KINDS for out in kind.plan(plan)]
