"""Facts on paper: label and value rows under their group's title, fitted to a box."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from storykit.printing.colour import Palette
from storykit.printing.content import FactGroup, PrintedFact
from storykit.printing.document import PrintPdf, use_font
from storykit.printing.draw import line_counter, write_lines
from storykit.printing.fit import Fitted, TextStyle, sizes
from storykit.printing.layout import Box

FACTS = TextStyle(7.5, 10.5, leading=1.25)
LABEL_MOST = 0.5  # of a column's width: the labels' column is as wide as its longest label
LABEL_GAP = 6.0  # points between a label and its value
TITLE_GAP = 0.5  # lines of space before a group's title (not the first)
ONE_COLUMN = 9.0  # facts in one column when they fit at this size or larger


@dataclass(frozen=True)
class FactRow:
    """One row as set: its group's title (a heading row) or a fact, and its lines."""

    title: str
    fact: PrintedFact | None
    lines: int


def label_width(pdf: PrintPdf, groups: Sequence[FactGroup], width: float, size: float) -> float:
    """The labels' column: as wide as the widest label and the gap after it, at most half
    of *width* (a longer label wraps)."""
    use_font(pdf, "regular", size, (0, 0, 0))
    widest = max((pdf.get_string_width(f.label) for g in groups for f in g.facts), default=0.0)
    return min(width * LABEL_MOST, widest + LABEL_GAP)


def _measured_rows(
    pdf: PrintPdf, groups: Sequence[FactGroup], width: float, size: float
) -> list[FactRow]:
    label_w = label_width(pdf, groups, width, size)
    label_lines = line_counter(pdf, label_w - LABEL_GAP, "regular")
    value_lines = line_counter(pdf, width - label_w, "bold")
    title_lines = line_counter(pdf, width, "bold")
    rows: list[FactRow] = []
    for group in groups:
        if group.title:
            rows.append(FactRow(group.title, None, title_lines(group.title, size)))
        for fact in group.facts:
            n = max(label_lines(fact.label, size), value_lines(fact.value, size), 1)
            rows.append(FactRow("", fact, n))
    return rows


def _height(rows: Sequence[FactRow], size: float) -> float:
    lh = size * FACTS.leading
    gaps = sum(1 for i, r in enumerate(rows) if r.title and i > 0)
    return (sum(r.lines for r in rows) + gaps * TITLE_GAP) * lh


def _columns(rows: list[FactRow], count: int) -> list[list[FactRow]]:
    """*rows* in *count* columns of about equal height; a title never ends a column."""
    if count == 1:
        return [rows]
    target = sum(r.lines for r in rows) / count
    out: list[list[FactRow]] = [[]]
    for row in rows:
        filled = sum(r.lines for r in out[-1])
        if len(out) < count and filled and filled + row.lines / 2 > target:
            out.append([])
        out[-1].append(row)
    for above, below in itertools.pairwise(out):
        if above and above[-1].title:
            below.insert(0, above.pop())
    return out


def _fits(
    pdf: PrintPdf, box: Box, groups: Sequence[FactGroup], columns: int, gutter: float, size: float
) -> list[list[FactRow]] | None:
    width = (box.w - gutter * (columns - 1)) / columns
    cols = _columns(_measured_rows(pdf, groups, width, size), columns)
    return cols if max(_height(c, size) for c in cols) <= box.h else None


def fit_rows(
    pdf: PrintPdf, box: Box, groups: Sequence[FactGroup], columns: int, gutter: float
) -> tuple[list[list[FactRow]], float, int]:
    """The rows in columns at the largest size that fits *box*: in one column if it fits at
    ONE_COLUMN or larger (each value on a line of its own), else in *columns*; at the
    smallest size, the last rows that do not fit are left out (a title never without a
    fact under it). Also the size and the number of columns."""
    for size in sizes(FACTS):
        if size >= ONE_COLUMN and (cols := _fits(pdf, box, groups, 1, gutter, size)):
            return cols, size, 1
    for size in sizes(FACTS):
        if cols := _fits(pdf, box, groups, columns, gutter, size):
            return cols, size, columns
    size = FACTS.smallest
    width = (box.w - gutter * (columns - 1)) / columns
    rows = _measured_rows(pdf, groups, width, size)
    while rows:
        cols = _columns(rows, columns)
        if max(_height(c, size) for c in cols) <= box.h:
            return cols, size, columns
        rows.pop()
        while rows and rows[-1].title:
            rows.pop()
    return [[]], size, columns


def facts_table(
    pdf: PrintPdf,
    box: Box,
    groups: Sequence[FactGroup],
    colours: Palette,
    columns: int = 1,
    gutter: float = 14.0,
) -> float:
    """The facts in *box*, in *columns*: titles in the names' colour, labels in grey,
    values in bold ink; the y where the longest column ends."""
    cols, size, columns = fit_rows(pdf, box, groups, columns, gutter)
    width = (box.w - gutter * (columns - 1)) / columns
    label_w = label_width(pdf, groups, width, size)
    lh = size * FACTS.leading
    style = TextStyle(size, size, FACTS.leading)
    end = box.y
    for c, col in enumerate(cols):
        x = box.x + c * (width + gutter)
        y = box.y
        for i, row in enumerate(col):
            if row.fact is None:
                y += lh * TITLE_GAP if i else 0.0
                cell = Box(x, y, width, row.lines * lh)
                write_lines(
                    pdf, cell, Fitted(row.title, size, row.lines), style, "bold", colours.names
                )
                y += row.lines * lh
                continue
            label = Box(x, y, label_w - LABEL_GAP, row.lines * lh)
            value = Box(x + label_w, y, width - label_w, row.lines * lh)
            write_lines(
                pdf, label, Fitted(row.fact.label, size, row.lines), style, "regular", colours.label
            )
            write_lines(
                pdf, value, Fitted(row.fact.value, size, row.lines), style, "bold", colours.ink
            )
            y += row.lines * lh
        end = max(end, y)
    return end
