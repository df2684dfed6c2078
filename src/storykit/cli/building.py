"""The commands that build and check: build (and watch), check, serve, captions, count, schema."""

from __future__ import annotations

import datetime as dt
import gc
import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from storykit.cli.program import (
    PrintedProblems,
    as_program,
    date_of,
    date_option,
    friendly,
    how_many,
    main,
    platform_option,
    print_problems,
    project_option,
    root_of,
    show,
    shown,
    tally,
)
from storykit.errors import ArgumentError, StorykitError
from storykit.load.root import output_dir


@main.command("build")
@click.argument("slugs", nargs=-1)
@project_option
@date_option
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 256),
    default=None,
    metavar="N",
    help="Work in N processes: this one and N-1 that draw (default: all cores).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors (for scripts).")
@click.option(
    "-w",
    "--watch",
    is_flag=True,
    help="Keep running: rebuild what changed when stories, photos, templates or "
    "storykit.yaml change.",
)
@friendly
def build_command(
    slugs: tuple[str, ...],
    project: str | None,
    date: str | None,
    jobs: int | None,
    quiet: bool,
    watch: bool,
) -> None:
    """Build every story (or the ones named) into output/<slug>/."""
    if as_program():
        _collect_rarely()
    root = root_of(project)
    when = date_of(date)
    if not watch:
        sys.exit(_build_once(root, slugs, when, jobs, quiet))
    from storykit.dev.watch import watch_project

    click.echo(f"storykit: watching {shown(root)} (Ctrl-C to stop)")
    printed = PrintedProblems()
    for rebuild, _ in enumerate(watch_project(root)):
        try:
            _build_once(root, slugs, when, jobs, quiet, printed)
        except ArgumentError as err:
            if not rebuild:
                raise  # a story named that is not there: a usage error, as without --watch
            click.echo(f"storykit: {err}", err=True)  # one removed since: keep watching


def _collect_rarely() -> None:
    """Run Python's cycle collector rarely. A build of many stories holds a large index of
    small, acyclic records (freed by reference counting), and at the default thresholds
    the collector would walk it again and again: a fifth of a one-story rebuild's time.
    Only when storykit runs as the program: the collector is the process's, not a command's."""
    gc.freeze()  # what is loaded so far (modules, mostly) is never collected: skip it
    gc.set_threshold(50_000, 20, 20)


def _build_once(
    root: Path,
    slugs: tuple[str, ...],
    when: dt.date | None,
    jobs: int | None,
    quiet: bool,
    printed: PrintedProblems | None = None,
) -> int:
    """One build with its messages and summary; the exit code it deserves. Within a watch
    or serve (*printed*), only the problems that changed since its last build."""
    from storykit.builder.index import survey
    from storykit.messages import merged

    started = time.perf_counter()
    surveyed = survey(root, when, slugs)
    noop = surveyed.noop
    if noop is not None:
        if not quiet:
            show(noop.warnings, quiet, printed)
        if not quiet:
            click.echo(
                f"storykit: built {noop.stories} of {how_many(noop.stories, 'story')} into "
                f"{shown(output_dir(root))}: 0 files written, {noop.files} unchanged, "
                f"0 removed, {tally(merged(noop.warnings))} "
                f"({time.perf_counter() - started:.1f} s)"
            )
        return 0
    from storykit.builder.project import build as build_project

    bar = None
    if not quiet and sys.stderr.isatty():
        bar = click.progressbar(length=1, label="building", file=sys.stderr, width=30)

    def progress(done: int, total: int) -> None:
        if bar is not None and total > 1:
            bar.length = total
            bar.update(done - bar.pos)

    try:
        report = build_project(root, slugs, when, jobs=jobs, progress=progress, surveyed=surveyed)
        if report.halted and not report.stories:  # say what is wrong in the stories too
            from storykit.check import check as check_project

            report = check_project(root, slugs, when)
    except StorykitError as err:
        show(err.problems, quiet, printed)
        return 1
    finally:
        if bar is not None:
            bar.render_finish()
    show(report.all_problems, quiet, printed)
    if not quiet:
        built = sum(1 for s in report.stories if s.built)
        failed = [s.slug for s in report.stories if not s.built]
        click.echo(
            f"storykit: built {built} of {how_many(len(report.stories), 'story')} into "
            f"{shown(output_dir(root))}: {report.written} files written, "
            f"{report.unchanged} unchanged, {report.removed} removed, "
            f"{tally(report.all_problems)} ({time.perf_counter() - started:.1f} s)"
        )
        if failed:
            click.echo(f"not built: {', '.join(failed)} (see the errors above)", err=True)
    return 1 if report.failed else 0


@main.command("check")
@click.argument("slugs", nargs=-1)
@project_option
@date_option
@friendly
def check_command(slugs: tuple[str, ...], project: str | None, date: str | None) -> None:
    """Check the case files and storykit.yaml without writing anything."""
    from storykit.check import NOT_CHECKED
    from storykit.check import check as check_project

    report = check_project(root_of(project), slugs, date_of(date))
    print_problems(report.all_problems)
    for story in report.stories:
        if not story.captions:
            continue
        click.echo(f"{story.slug}:")
        for c in story.captions:
            mark = "ok" if c.ok else "TOO LONG"
            click.echo(f"  {c.platform:<10} {c.length:>6} / {c.limit:<6} {mark}")
            for note in c.notes:
                click.echo(f"  {'':<10} {note}")
    click.echo(
        f"storykit: checked {how_many(len(report.stories), 'story')}"
        f": {tally(report.all_problems)} (not checked: {NOT_CHECKED}; run storykit build)",
        err=report.failed,
    )
    sys.exit(1 if report.failed else 0)


@main.command("serve")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port on 127.0.0.1.",
)
@project_option
@date_option
@friendly
def serve_command(port: int, project: str | None, date: str | None) -> None:
    """Serve output/ at http://127.0.0.1:PORT/, rebuilding and reloading on changes."""
    from storykit.dev.serve import serve as serve_output

    root = root_of(project)
    when = date_of(date)
    printed = PrintedProblems()

    def rebuild() -> None:
        _build_once(root, (), when, None, False, printed)

    rebuild()
    click.echo(
        f"storykit: serving {shown(output_dir(root))} at http://127.0.0.1:{port}/ (Ctrl-C stops)"
    )
    serve_output(root, port, rebuild)


@main.command()
@click.argument("slug")
@platform_option(False, "Only this platform's caption: exactly the text to paste.")
@click.option("--json", "as_json", is_flag=True, help="Objects with text, length, limit, ok.")
@project_option
@date_option
@friendly
def captions(
    slug: str, platform: str | None, as_json: bool, project: str | None, date: str | None
) -> None:
    """Print a story's captions (with --platform, only the text to paste)."""
    from storykit.check import story_captions

    found = story_captions(root_of(project), slug, date_of(date), platform)
    if as_json:
        data = [
            {
                "platform": c.platform,
                "text": c.text,
                "length": c.length,
                "limit": c.limit,
                "hashtags": c.hashtags,
                "ok": c.ok,
            }
            for c in found
        ]
        click.echo(json.dumps(data if platform is None else data[0], indent=2, ensure_ascii=False))
    elif platform is not None:
        click.echo(found[0].text, nl=False)
    else:
        for i, c in enumerate(found):
            click.echo(("\n" if i else "") + f"── {c.platform} ({c.length}/{c.limit}) ──")
            click.echo(c.text)


@main.command("count")
@click.argument("file", default="-", type=click.File("r", encoding="utf-8", lazy=True))
@platform_option(True, "instagram, tiktok, facebook, x, threads, bluesky or mastodon.")
@click.option("--json", "as_json", is_flag=True, help="platform, length, limit and ok as JSON.")
@project_option
@friendly
def count_command(file: Any, platform: str, as_json: bool, project: str | None) -> None:
    """Count a text (a file, or - for standard input) by a platform's own rule."""
    from storykit.load.platforms import measure_text

    text = file.read()
    if text.endswith("\n"):
        text = text[:-1]
    m = measure_text(text, platform, project)
    if as_json:
        data = {"platform": m.platform, "length": m.length, "limit": m.limit, "ok": m.ok}
        if m.max_bytes is not None:
            data.update(bytes=m.bytes, max_bytes=m.max_bytes)
        click.echo(json.dumps(data))
    else:
        extra = f", {m.bytes} / {m.max_bytes} bytes" if m.max_bytes is not None else ""
        click.echo(f"{m.platform}: {m.length} / {m.limit}{extra}: {'fits' if m.ok else 'TOO LONG'}")
    sys.exit(0 if m.ok else 1)


@main.command()
@click.option("--config", "config", is_flag=True, help="The schema of storykit.yaml instead.")
@click.option(
    "--listing",
    "listing",
    is_flag=True,
    help="The schema of the built listing.json and adoptable.json instead.",
)
def schema(config: bool, listing: bool) -> None:
    """Print the JSON Schema of case files (for editors' completion and checking)."""
    if listing:
        from storykit.outputs.listing import listing_schema

        click.echo(json.dumps(listing_schema(), indent=2, ensure_ascii=False))
        return
    from storykit.load.schema import json_schema

    click.echo(json.dumps(json_schema(config=config), indent=2, ensure_ascii=False))
