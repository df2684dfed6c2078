"""What the detector found in a photo, as plain data: no OpenCV or numpy to load it."""

# The build's main process keeps the results in its index and hands them to the card
# workers; it loads this module, never the detector itself (cards/detect.py).

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from storykit.cards.geometry import Box

if TYPE_CHECKING:
    from PIL import Image

# what a cached result was made by: change it whenever a change in cards/detect.py changes
# the results
DETECTOR = "nanodet-m-416/2"  # 2: run by ONNX Runtime (1: by OpenCV dnn)


@dataclass(frozen=True)
class Subject:
    """One animal found in a photo; boxes are (x0, y0, x1, y1), fractions of the upright photo."""

    body: Box
    head: Box | None  # None when no head could be placed
    confidence: float  # the detector's score for the body, 0..1
    kind: str  # "animal" (any four-legged one) or "bird"

    def to_plain(self) -> SubjectData:
        return SubjectData(
            body=list(self.body),
            head=None if self.head is None else list(self.head),
            confidence=self.confidence,
            kind=self.kind,
        )

    @classmethod
    def from_plain(cls, data: SubjectData) -> Subject:
        head = data["head"]
        return cls(
            _box(data["body"]),
            None if head is None else _box(head),
            float(data["confidence"]),
            str(data["kind"]),
        )


class SubjectData(TypedDict):
    """A Subject as plain data (the index's detections, story.json's framing)."""

    body: list[float]
    head: list[float] | None
    confidence: float
    kind: str


class DetectionData(TypedDict):
    """The detections table as the index keeps it: by photo content digest."""

    detector: str
    photos: dict[str, list[SubjectData]]


def _box(values: Sequence[float]) -> Box:
    x0, y0, x1, y1 = (float(v) for v in values)
    return (x0, y0, x1, y1)


@dataclass
class DetectionCache:
    """What was found in each photo, by the sha256 of its content (given by the caller).

    ``to_plain``/``from_plain`` turn it into JSON-ready data and back, for the build index;
    data made by another detector version is dropped, so a new model runs afresh. *runs*
    counts the photos the detector was run on through this cache.
    """

    found: dict[str, tuple[Subject, ...]] = field(default_factory=dict)
    runs: int = 0

    def subjects(self, sha256: str, image: Image.Image) -> tuple[Subject, ...]:
        """The animals in the photo whose content hash is *sha256*, detected only once."""
        if sha256 not in self.found:
            from storykit.cards.detect import find_animals  # the network, only when needed

            self.found[sha256] = find_animals(image)
            self.runs += 1
        return self.found[sha256]

    def to_plain(self) -> DetectionData:
        return DetectionData(
            detector=DETECTOR,
            photos={k: [s.to_plain() for s in v] for k, v in sorted(self.found.items())},
        )

    @classmethod
    def from_plain(cls, data: DetectionData | None) -> DetectionCache:
        if not data or data.get("detector") != DETECTOR:
            return cls()
        try:
            return cls(
                {str(k): tuple(Subject.from_plain(s) for s in v) for k, v in data["photos"].items()}
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return cls()  # a damaged record: detect again
