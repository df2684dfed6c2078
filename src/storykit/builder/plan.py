"""The plan's records: one output to make, and what planning a story's outputs reads (pure
data: no Jinja, no Pillow; tests/test_layers.py checks it). Each kind plans its own outputs
(builder/kinds/); `kinds.plan_story` asks every kind in the registry's order."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from storykit.load.model import Config, Story
from storykit.load.platforms import PlatformPlan
from storykit.outputs.kits import kit_size
from storykit.outputs.paths import card_path, pair_photos, photo_stems
from storykit.text.platforms import CARD_EXTENSIONS, CARD_SIZES


@dataclass(frozen=True)
class Output:
    """One file to make for a story, relative to output/<slug>/; each kind of output has
    its own subclass, carrying what that kind needs to know (builder/kinds/)."""

    path: str


@dataclass(frozen=True)
class StoryPlan:
    """What planning reads: the story, the settings and the platforms, with the names and
    sizes that several kinds derive from them worked out once."""

    story: Story
    config: Config
    platforms: tuple[PlatformPlan, ...]

    @property
    def names(self) -> list[str]:
        """The platforms built for, by name."""
        return [p.platform.name for p in self.platforms]

    @functools.cached_property
    def stems(self) -> list[str]:
        """Each photo's name in the cards and web copies made of it."""
        return photo_stems(self.story.photos)

    @functools.cached_property
    def pair(self) -> tuple[int, int] | None:
        return pair_photos(self.story)

    @property
    def ext(self) -> str:
        """The cards' file extension."""
        return CARD_EXTENSIONS[self.config.cards.format]

    @functools.cached_property
    def size_users(self) -> dict[str, tuple[str, ...]]:
        """Each card size made, in CARD_SIZES' order, with the platforms that get it."""
        used = {
            s: tuple(p.platform.name for p in self.platforms if s in p.sizes) for s in CARD_SIZES
        }
        return {s: names for s, names in used.items() if names}

    @functools.cached_property
    def kit_sizes(self) -> dict[str, str | None]:
        """The card size each platform's kit posts (None: it gets no cards)."""
        return {p.platform.name: kit_size(p.platform.name, p.sizes) for p in self.platforms}

    def card(self, name: str, size: str) -> str:
        """The path of the card called *name* (a photo's stem, pair, quote, closing)."""
        return card_path(name, size, self.ext)
