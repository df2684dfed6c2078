"""The platforms a project builds for: each one's rules with storykit.yaml's overrides, and
the card sizes it gets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storykit.errors import ArgumentError, StorykitError
from storykit.load.model import Config
from storykit.load.project import load_project
from storykit.load.root import find_root
from storykit.text.counting import Measure, measure
from storykit.text.platforms import (
    DEFAULT_CARD_SIZES,
    PLATFORMS,
    Platform,
    platform_with_overrides,
)


@dataclass(frozen=True)
class PlatformPlan:
    """A platform to build for: its rules (with the project's overrides) and its card sizes."""

    platform: Platform
    sizes: tuple[str, ...]


def resolve_platforms(config: Config) -> list[PlatformPlan]:
    """The platforms storykit.yaml asks for (all when unset), with their overrides applied."""
    chosen = config.platforms if config.platforms is not None else {n: None for n in PLATFORMS}
    plans = []
    for name, settings in chosen.items():
        overrides = {}
        sizes = DEFAULT_CARD_SIZES[name]
        if settings is not None:
            overrides = {
                k: v
                for k, v in settings.model_dump(exclude={"sizes", "video"}).items()
                if v is not None
            }
            if settings.sizes is not None:
                sizes = tuple(settings.sizes)
        plans.append(PlatformPlan(platform_with_overrides(name, overrides), sizes))
    return plans


def platform_named(name: str, plans: list[PlatformPlan]) -> PlatformPlan:
    """The plan of the platform called *name*; an ArgumentError (on the parameter
    "platform") if the project does not build for it."""
    found = next((p for p in plans if p.platform.name == name), None)
    if found is None:
        raise ArgumentError(
            "platform",
            f"there is no platform '{name}' in this project",
            "use one of: " + ", ".join(p.platform.name for p in plans),
        )
    return found


def measure_text(text: str, platform: str, project: str | None = None) -> Measure:
    """Count *text* by a platform's rule, with the project's overrides when in a project
    (the one in *project*, else the one the working folder is in, if any)."""
    plans = resolve_platforms(Config())
    try:
        root = find_root(Path(project) if project else Path.cwd())
    except StorykitError:
        if project:
            raise
    else:
        loaded, problems = load_project(root)
        if any(p.is_error for p in problems):
            raise StorykitError(problems)
        project_plans = {p.platform.name: p for p in resolve_platforms(loaded.config)}
        plans = [project_plans.get(p.platform.name, p) for p in plans]
    return measure(text, platform_named(platform, plans).platform)
