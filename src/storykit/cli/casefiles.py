"""The commands that write case files: init, new and import (never over one that is there)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any, cast

import click

from storykit.cli.program import (
    date_of,
    date_option,
    friendly,
    how_many,
    main,
    print_problems,
    project_option,
    root_of,
    shown,
    tally,
)


@main.command()
@click.argument("slug")
@project_option
@friendly
def new(slug: str, project: str | None) -> None:
    """Write a new, commented case file stories/SLUG.yaml (never overwrites one)."""
    from storykit.load.scaffold import new_story

    path = new_story(root_of(project), slug)
    click.echo(f"storykit: wrote {shown(path).rstrip('/')}: fill it in, then run 'storykit check'.")


@main.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@friendly
def init(folder: Path) -> None:
    """Set up stories/, templates/ and storykit.yaml in a folder (default: here)."""
    from storykit.load.scaffold import init_project

    written = init_project(folder)
    for path in written:
        click.echo(f"created {shown(path).rstrip('/')}")
    click.echo("storykit: ready. Next: 'storykit new my-first-story', then 'storykit build'.")


@main.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["rescuegroups", "asm3", "csv"]),
    default=None,
    help="What the file is (default: found from its content).",
)
@click.option("--dry-run", is_flag=True, help="Write nothing; say what would be written.")
@click.option(
    "--fetch-photos",
    is_flag=True,
    help="Download the photos the file gives as web addresses (the only command that "
    "uses the network).",
)
@project_option
@date_option
@friendly
def import_(
    file: Path,
    fmt: str | None,
    dry_run: bool,
    fetch_photos: bool,
    project: str | None,
    date: str | None,
) -> None:
    """Make a case file for each animal (or animals that go together) in FILE: a
    RescueGroups.org API v5 response, ASM3's json_adoptable_animals or CSV export, or a
    spreadsheet saved as CSV. Never changes a case file that is there."""
    from storykit.importing.detect import Format
    from storykit.importing.run import Options, import_file

    root = root_of(project)
    today = date_of(date) or dt.date.today()
    options = Options(cast("Format | None", fmt), dry_run, fetch_photos)
    report = import_file(root, file, options, today)
    source = report.source
    click.echo(
        f"storykit: read {how_many(len(source.animals), 'animal')} from {shown(file).rstrip('/')} "
        f"({source.label})"
    )
    print_problems(report.problems)
    for done in report.done:
        detail = f": {done.detail}" if done.action == "skipped" else ""
        click.echo(f"{done.action} {shown(done.path).rstrip('/')}{detail}")
    click.echo(_import_summary(report, dry_run, fetch_photos), err=report.failed)
    sys.exit(1 if report.failed else 0)


def _import_summary(report: Any, dry_run: bool, fetch_photos: bool) -> str:
    """The last line of an import: what it made, what it left, what to do next."""

    def count(*actions: str) -> int:
        return sum(1 for d in report.done if d.action in actions)

    files = count("would write") if dry_run else count("wrote")
    photos = count("would copy", "would fetch") if dry_run else count("copied", "fetched")
    parts = [
        f"{how_many(files, 'case file')} {'to write' if dry_run else 'written'}",
        f"{count('skipped')} skipped",
        f"{how_many(photos, 'photo')} "
        + ("to copy or download" if dry_run else "copied or downloaded"),
    ]
    if report.waiting:
        parts.append(
            f"{how_many(report.waiting, 'photo')} on the web not downloaded (run again with "
            "--fetch-photos to get them)"
        )
    head = "storykit: dry run, nothing written: " if dry_run else "storykit: "
    tail = "" if dry_run or report.failed else " Next: storykit check"
    return head + ", ".join(parts) + f"; {tally(report.problems)}." + tail
