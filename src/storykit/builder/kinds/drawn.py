"""What the drawn kinds share: the story's Drawing, and the kind the workers make.

A drawn kind (cards, web-size photos, reels, flyers and kennel cards) does not render here.
In a story's first phase each one records what its outputs are made with and adds what it
would draw to the story's Drawing (`add`); the story sends the workers what is not current,
as one batch; when the drawing comes back, each kind turns its part into its output
(`receive`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from storykit.builder.kinds.base import Made, Phase, Shown, StoryKind
from storykit.builder.plan import Output
from storykit.builder.workers import Drawn
from storykit.cards.batch import CardRequest, PhotoCopy
from storykit.cards.layout import CardStyle
from storykit.reels.job import ReelJob

if TYPE_CHECKING:
    from storykit.builder.artifact import Artifact
    from storykit.builder.job import StoryJob


@dataclass
class Drawing:
    """A story's drawing as its drawn kinds add to it: every card and web photo (current or
    not: they share the photos' decodes, so each one's bytes depend on the whole batch), the
    reel jobs (each naming every output it makes) and the print outputs' photos."""

    style: CardStyle
    cards: list[CardRequest] = field(default_factory=list)
    copies: list[PhotoCopy] = field(default_factory=list)
    reels: list[ReelJob] = field(default_factory=list)
    # photos drawn apart from the cards, from decodes of their own: each output's (its
    # path: its requests), sent only when that output is not current
    apart: dict[str, tuple[CardRequest, ...]] = field(default_factory=dict)


OutT = TypeVar("OutT", bound=Output)


class DrawnKind(StoryKind[OutT]):
    """A kind whose outputs the workers draw."""

    phase = Phase.DRAW
    dated = False  # what it shows is recorded as values (its texts), not the date
    story_files = False  # likewise: the case file is not read to draw it
    shares_decodes = True  # made from the batch's photo decodes (its bytes depend on them)

    def add(self, job: StoryJob, artifacts: Sequence[Artifact], drawing: Drawing) -> None:
        """Record what each of *artifacts* is made with; add what it draws to *drawing*."""
        raise NotImplementedError

    def receive(self, job: StoryJob, artifact: Artifact, drawn: Drawn) -> Made:
        """*artifact*'s output, from what the workers drew."""
        raise NotImplementedError

    def render(self, job: StoryJob, out: OutT, shown: Shown) -> Made:
        raise TypeError(f"{self.name} outputs are drawn by the workers, not rendered")
