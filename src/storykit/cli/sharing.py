"""The commands that post: post (to Bluesky and Mastodon, once) and posted (what went out)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from storykit.cli.program import (
    friendly,
    main,
    print_problems,
    project_option,
    root_of,
)
from storykit.errors import Problem, StorykitError
from storykit.posting import PLATFORMS as POSTING_PLATFORMS


@main.command()
@click.argument("slug", required=False)
@click.option(
    "--to",
    "platforms",
    multiple=True,
    type=click.Choice(POSTING_PLATFORMS),
    help="bluesky or mastodon (may be given twice).",
)
@click.option("--next", "next_due", is_flag=True, help="Post the story due next (no SLUG).")
@click.option("--dry-run", is_flag=True, help="Print exactly what would be sent; send nothing.")
@click.option("--again", is_flag=True, help="Post it anew, even if it went out before.")
@project_option
@friendly
def post(
    slug: str | None,
    platforms: tuple[str, ...],
    next_due: bool,
    dry_run: bool,
    again: bool,
    project: str | None,
) -> None:
    """Publish a story's kit to Bluesky and Mastodon, once (see posted.yaml)."""
    import os

    if not platforms:
        raise click.UsageError("--to is needed: say where to post, e.g. --to bluesky")
    if (slug is None) == (not next_due):
        raise click.UsageError("name one story to post, or give --next (not both)")
    root = root_of(project)
    platforms = tuple(dict.fromkeys(platforms))
    if dry_run:
        sys.exit(_dry_run(root, slug, platforms, again))
    from storykit.posting.post import post_next, post_story

    problems: list[Problem] = []
    if slug is not None:
        outcomes = [post_story(root, slug, platforms, again=again, env=os.environ, on_sent=_sent)]
    else:
        outcomes = []
        for platform in platforms:
            try:
                outcomes.append(
                    post_next(root, platform, env=os.environ, on_sent=_sent, on_chosen=_chosen)
                )
            except StorykitError as err:
                problems.extend(err.problems)
    from storykit.posting.wording import result_line

    for outcome in outcomes:
        for result in outcome.results:
            click.echo(result_line(result))
        problems.extend(outcome.problems)
    print_problems(problems)
    sys.exit(1 if problems else 0)


def _sent(kit: Any, number: int, sent: Any) -> None:
    """Each post's address as soon as the server has it."""
    from storykit.posting.wording import sent_line

    click.echo(sent_line(kit, number, sent))


def _chosen(choice: Any) -> None:
    """With --next: which story, and why (before its posts)."""
    from storykit.posting.wording import chosen_line

    click.echo(chosen_line(choice))


def _dry_run(root: Path, slug: str | None, platforms: tuple[str, ...], again: bool) -> int:
    """Print what `post` would send; 0, or 1 when nothing is due."""
    from storykit.posting.post import next_due
    from storykit.posting.preview import preview
    from storykit.posting.wording import chosen_line, preview_lines

    click.echo("storykit: dry run: nothing is sent.")
    found = 0
    for platform in platforms if slug is None else (None,):
        story, wanted, redo = slug, platforms, again
        if platform is not None:
            choice = next_due(root, platform)
            click.echo(chosen_line(choice))
            if choice.slug is None:
                continue
            story, wanted, redo = choice.slug, (platform,), True
        assert story is not None
        for kit in preview(root, story, wanted, redo):
            found += 1
            click.echo("\n".join(preview_lines(kit)))
    return 0 if found or slug is not None else 1


@main.command()
@click.option(
    "--to", "platform", type=click.Choice(POSTING_PLATFORMS), default=None, help="Only there."
)
@click.argument("slug", required=False)
@project_option
@friendly
def posted(platform: str | None, slug: str | None, project: str | None) -> None:
    """List what was posted, where, when, and its address (from posted.yaml)."""
    from storykit.posting.ledger import LEDGER_NAME, load_ledger
    from storykit.posting.wording import posting_lines

    ledger = load_ledger(root_of(project))
    shown = [
        p
        for p in ledger.postings
        if (platform is None or p.platform == platform) and (slug is None or p.story == slug)
    ]
    if not shown:
        click.echo(f"storykit: nothing posted yet ({LEDGER_NAME} lists what goes out)")
    for p in shown:
        click.echo("\n".join(posting_lines(p)))
