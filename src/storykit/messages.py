"""How problems are put to the user: each once, a card warning naming its cards, what changed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from storykit.errors import HINT_MARK, Problem


def _merge_key(problem: Problem) -> tuple[object, ...]:
    """What makes two problems one: all but the cards they were found on."""
    return (problem.location, problem.severity, problem.message, problem.hint)


def merged(problems: Iterable[Problem]) -> list[Problem]:
    """Every problem once, in the order first found; the same problem found on several cards
    is one problem naming all of them (by name, whatever order they were made in)."""
    found: dict[tuple[object, ...], Problem] = {}
    for problem in problems:
        key = _merge_key(problem)
        first = found.get(key)
        if first is None:
            found[key] = problem
        elif problem.cards:
            found[key] = replace(first, cards=tuple(sorted({*first.cards, *problem.cards})))
    return list(found.values())


def same_advice(one: Problem, other: Problem) -> bool:
    """Two problems at the same place, of the same kind, with the same hint."""
    return (one.location, one.severity, one.hint) == (other.location, other.severity, other.hint)


def texts(problems: Iterable[Problem]) -> list[tuple[Problem, str]]:
    """Each problem (merged) with the text to print for it: a run of problems with the same
    advice at the same place gives its hint once, after the last of them."""
    items = merged(problems)
    out = []
    for i, problem in enumerate(items):
        text = str(problem)
        following = items[i + 1] if i + 1 < len(items) else None
        if following and problem.hint and same_advice(problem, following):
            text = text.split(HINT_MARK, 1)[0]
        out.append((problem, text))
    return out


def _key_across_builds(problem: Problem) -> tuple[object, ...]:
    """A problem as the same one in the next build, wherever its line moved to."""
    where = problem.location.path
    return (where, problem.severity, problem.message, problem.hint, problem.cards)


@dataclass(frozen=True)
class Changes:
    """Between two builds: the problems not reported before, and those now gone."""

    new: list[Problem]
    fixed: list[Problem]

    def fixed_line(self) -> str | None:
        """'fixed: 1 error and 2 warnings in stories/chelsea.yaml, ...'; None if none were."""
        if not self.fixed:
            return None
        counts: dict[str, Counter[str]] = {}
        for problem in self.fixed:
            counts.setdefault(problem.location.shown_path, Counter())[problem.severity] += 1
        parts = []
        for path, count in counts.items():
            kinds = [
                f"{n} {severity}{'s' if n > 1 else ''}"
                for severity in ("error", "warning")
                if (n := count[severity])
            ]
            parts.append(f"{' and '.join(kinds)} in {path}")
        return "fixed: " + ", ".join(parts)


def changes(old: Iterable[Problem], new: Iterable[Problem]) -> Changes:
    """What a rebuild has to say after the last build's problems were printed: the problems
    not among those (a problem whose line merely moved is the same one), and those fixed."""
    before, after = merged(old), merged(new)
    left = Counter(_key_across_builds(p) for p in before)
    fresh = []
    for problem in after:
        if left[_key_across_builds(problem)] > 0:
            left[_key_across_builds(problem)] -= 1
        else:
            fresh.append(problem)
    still = Counter(_key_across_builds(p) for p in after)
    fixed = []
    for problem in before:
        if still[_key_across_builds(problem)] > 0:
            still[_key_across_builds(problem)] -= 1
        else:
            fixed.append(problem)
    return Changes(fresh, fixed)
