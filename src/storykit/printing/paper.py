"""Paper: the page sizes of flyers and kennel cards, in points, and the units they are set in."""

from __future__ import annotations

import typing

from storykit.load.model import Paper as Paper  # the project's paper (print: {paper:})

PAPERS: tuple[str, ...] = typing.get_args(Paper)

POINTS_PER_INCH = 72.0
MM = POINTS_PER_INCH / 25.4  # points per millimetre
CM = 10 * MM

PRINT_DPI = 300  # a photo is asked for at this many pixels per inch of its printed size
MIN_MARGIN = 0.25 * POINTS_PER_INCH  # what home printers leave unprinted at the edges

# (width, height) in points, portrait
FLYER_PAGES: dict[str, tuple[float, float]] = {
    "letter": (612.0, 792.0),  # 8.5 x 11 in
    "a4": (210 * MM, 297 * MM),
}
KENNEL_PAGES: dict[str, tuple[float, float]] = {
    "letter": (396.0, 612.0),  # half-letter, 5.5 x 8.5 in: two to a Letter sheet
    "a4": (148 * MM, 210 * MM),  # A5: two to an A4 sheet
}
# what each page is called where people buy paper
FLYER_PAGE_NAMES = {"letter": "Letter", "a4": "A4"}
KENNEL_PAGE_NAMES = {"letter": "half-letter", "a4": "A5"}
if any(
    set(sized) != set(PAPERS)
    for sized in (FLYER_PAGES, KENNEL_PAGES, FLYER_PAGE_NAMES, KENNEL_PAGE_NAMES)
):
    raise AssertionError("FLYER_PAGES, KENNEL_PAGES and their names must cover every Paper")


def pixels(points: float, dpi: int = PRINT_DPI) -> int:
    """How many pixels *points* of paper take at *dpi*."""
    return max(1, round(points / POINTS_PER_INCH * dpi))


def dpi_of(pixel_count: int, points: float) -> float:
    """The resolution of *pixel_count* pixels printed across *points*."""
    return pixel_count / (points / POINTS_PER_INCH)
