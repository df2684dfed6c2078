"""`storykit post`: a story (or the next one due) built if need be, its kits sent to each
platform asked for, every post on record; `storykit posted`: what the record holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from storykit.errors import Location, Problem, StorykitError
from storykit.load.project import load_project
from storykit.load.root import CONFIG_NAME
from storykit.posting import credentials
from storykit.posting.built import BuiltStory, current_stories
from storykit.posting.choose import Choice, choose_next
from storykit.posting.kit import PostKit, read_kit
from storykit.posting.ledger import Ledger, load_ledger, posting_lock
from storykit.posting.publish import OnSent, Poster, Result, SendPlan, plan, send, sign_in
from storykit.text.platforms import PLATFORMS


@dataclass(frozen=True)
class Language:
    """The language posts are tagged with, and where that comes from."""

    tag: str
    source: str


@dataclass(frozen=True)
class Outcome:
    """What one `storykit post` did: each kit's result, and the problems that stopped any."""

    results: list[Result]
    problems: list[Problem]
    choice: Choice | None = None  # with --next: which story, and why


@dataclass(frozen=True)
class Prepared:
    """A story's kits for the platforms asked for, with what the ledger says to send."""

    story: BuiltStory
    plans: list[SendPlan]
    language: Language
    ledger: Ledger


def language(root: Path) -> Language:
    """posting.language from storykit.yaml, or the default (storykit's templates are English)."""
    project, _ = load_project(root)
    posting = project.config.posting
    if "posting" in project.config.model_fields_set and "language" in posting.model_fields_set:
        return Language(posting.language, f"posting.language in {CONFIG_NAME}")
    return Language(posting.language, f"storykit's default; set posting.language in {CONFIG_NAME}")


def prepare(root: Path, slug: str, platforms: tuple[str, ...], again: bool) -> Prepared:
    """The story built if it is not current, its kits read, and what each would send."""
    built = current_stories(root, (slug,))
    story = built.stories.get(slug)
    if story is None:
        errors = [p for p in built.problems if p.is_error]
        raise StorykitError(errors or [_not_built(root, slug)])
    ledger = load_ledger(root)
    kits = [read_kit(story, p, root / CONFIG_NAME) for p in platforms]
    return Prepared(story, [plan(ledger, k, again) for k in kits], language(root), ledger)


def _not_built(root: Path, slug: str) -> Problem:
    return Problem(
        Location.of(root / "stories"),
        f"'{slug}' did not build, so there is nothing to post",
        f"run 'storykit build {slug}' and fix what it says",
    )


def post_story(
    root: Path,
    slug: str,
    platforms: tuple[str, ...],
    *,
    again: bool,
    env: Mapping[str, str],
    on_sent: OnSent,
) -> Outcome:
    """Post *slug*'s kit to each platform (in turn: one failing does not stop the others)."""
    with posting_lock(root):
        ready = prepare(root, slug, platforms, again)
        return _send_all(ready, env, on_sent)


def next_due(root: Path, platform: str) -> Choice:
    """The story due next on *platform* (choose.choose_next), every story built first if it
    is not current (a story that fails to build is not offered)."""
    built = current_stories(root)
    project, _ = load_project(root)
    return choose_next(
        {slug: s.status for slug, s in built.stories.items()},
        load_ledger(root),
        platform,
        PLATFORMS[platform].label,
        project.config.posting.min_days,
        dt.datetime.now(dt.timezone.utc),
    )


def post_next(
    root: Path,
    platform: str,
    *,
    env: Mapping[str, str],
    on_sent: OnSent,
    on_chosen: Callable[[Choice], None],
) -> Outcome:
    """Post the story due next on *platform*, if one is (*on_chosen* hears which, and why)."""
    with posting_lock(root):
        choice = next_due(root, platform)
        on_chosen(choice)
        if choice.slug is None:
            return Outcome([], [], choice)
        ready = prepare(root, choice.slug, (platform,), again=True)
        outcome = _send_all(ready, env, on_sent)
        return Outcome(outcome.results, outcome.problems, choice)


def _send_all(ready: Prepared, env: Mapping[str, str], on_sent: OnSent) -> Outcome:
    results = [Result(p.kit, p.posting, 0) for p in ready.plans if p.done_before and p.posting]
    due = [p for p in ready.plans if not p.done_before]
    posters = make_posters([p.kit for p in due], env, ready.language.tag)
    problems: list[Problem] = []
    try:
        for step, poster in zip(due, posters, strict=True):
            problem, result = _post_one(ready.ledger, step, poster, on_sent)
            problems.extend(problem)
            results.extend(result)
    finally:
        for poster in posters:
            poster.close()
    return Outcome(results, problems)


def _post_one(
    ledger: Ledger, step: SendPlan, poster: Poster, on_sent: OnSent
) -> tuple[list[Problem], list[Result]]:
    """One kit sent with a signed-in poster: its result, or the problems that stopped it."""
    account, problem = sign_in(poster, step.kit)
    if problem is not None or account is None:
        return [problem] if problem else [], []
    if step.resumes and step.posting is not None and step.posting.account != account:
        return [_other_account(step, account)], []
    try:
        return [], [send(ledger, step, poster, account, on_sent)]
    except StorykitError as err:
        return err.problems, []


def make_posters(kits: list[PostKit], env: Mapping[str, str], language: str) -> list[Poster]:
    """A poster per kit, each with its account from the environment; every variable missing
    for any of them in one error, before anything is sent."""
    accounts: list[credentials.BlueskyAccount | credentials.MastodonAccount] = []
    missing: list[Problem] = []
    for kit in kits:
        try:
            if kit.platform == "bluesky":
                accounts.append(credentials.bluesky_account(env))
            else:
                accounts.append(credentials.mastodon_account(env))
        except StorykitError as err:
            missing.extend(err.problems)
    if missing:
        raise StorykitError(missing)
    posters: list[Poster] = []
    for account in accounts:
        if isinstance(account, credentials.BlueskyAccount):
            from storykit.posting.bluesky import BlueskyPoster

            posters.append(BlueskyPoster(account, language))
        else:
            from storykit.posting.mastodon import MastodonPoster

            posters.append(MastodonPoster(account, language))
    return posters


def _other_account(step: SendPlan, account: str) -> Problem:
    assert step.posting is not None
    return Problem(
        Location.of(step.kit.manifest),
        f"the {step.kit.label} thread of '{step.kit.slug}' began going out as "
        f"{step.posting.account}, and this run is signed in as {account}",
        "sign in as the account that began it to finish the thread",
    )
