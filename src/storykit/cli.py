"""Command line: the only place that prints, turns problems into messages and sets exit codes."""

from __future__ import annotations

import calendar
import datetime as dt
import gc
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from storykit import __version__
from storykit.errors import ArgumentError, Problem, StorykitError
from storykit.load.root import output_dir

F = TypeVar("F", bound=Callable[..., Any])


def _print_problems(problems: list[Problem], quiet: bool = False) -> None:
    """Errors go to stderr. Warnings too on a terminal; otherwise to stdout (or nowhere if quiet),
    so that a script's stderr holds nothing but errors. Each problem once (one found on
    several cards names them), a run of the same advice with its hint once."""
    from storykit.messages import texts

    tty = sys.stderr.isatty()
    if quiet:  # only errors are said: the warnings are not even worded
        problems = [p for p in problems if p.is_error]
    for problem, text in texts(problems):
        if problem.is_error:
            click.echo(text, err=True)
        elif not quiet:
            click.echo(text, err=tty)


@dataclass
class Printed:
    """What a watch or serve has printed: the last build's problems (None before the first).
    A rebuild prints only the problems not printed before and a line for those fixed."""

    problems: list[Problem] | None = None

    def show(self, problems: list[Problem], quiet: bool) -> None:
        from storykit.messages import changes, merged

        if self.problems is None:
            _print_problems(problems, quiet)
        else:
            changed = changes(self.problems, problems)
            _print_problems(changed.new, quiet)
            fixed = changed.fixed_line()
            if fixed and not quiet:
                click.echo(fixed, err=sys.stderr.isatty())
        self.problems = merged(problems)


def _show(problems: list[Problem], quiet: bool, printed: Printed | None) -> None:
    """A build's problems: all of them, or within a watch or serve what changed."""
    if printed is None:
        _print_problems(problems, quiet)
    else:
        printed.show(problems, quiet)


def _bad_parameter(err: ArgumentError) -> click.BadParameter:
    """A value the library found naming nothing there is, as click says a value is wrong:
    the usage, then 'Error: Invalid value for --platform: ...' (exit 2)."""
    ctx = click.get_current_context()
    param = next((p for p in ctx.command.params if p.name == err.param), None)
    if isinstance(param, click.Option):
        named = next((o for o in param.opts if o.startswith("--")), param.opts[0])
    else:
        named = param.human_readable_name if param is not None else err.param
    return click.BadParameter(str(err), ctx, param, param_hint=named)


def friendly(func: F) -> F:
    """Run a command; print StorykitErrors as located messages and exit 1; a value on the
    command line naming nothing there is, as a usage error (exit 2); never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except StorykitError as err:
            _print_problems(err.problems)
            sys.exit(1)
        except ArgumentError as err:
            raise _bad_parameter(err) from None
        except click.ClickException:
            raise  # a mistake on the command line: click says so, with the usage, and exits 2
        except KeyboardInterrupt:
            click.echo("storykit: stopped.", err=True)
            sys.exit(130)
        except Exception as err:  # a bug in storykit, not the user's mistake
            click.echo(
                f"storykit {__version__}: internal error: {type(err).__name__}: {err}\n"
                "This is a bug in storykit, not in your files. Please report it with the "
                "command you ran (run with STORYKIT_DEBUG=1 for details).",
                err=True,
            )
            import os

            if os.environ.get("STORYKIT_DEBUG"):
                raise
            sys.exit(3)

    return wrapper  # type: ignore[return-value]


def _root(project: str | None) -> Path:
    """The project: the one the user is in, or the one -C names (a usage error if it is not)."""
    from storykit.load.root import find_root

    if not project:
        return find_root(Path.cwd())
    try:
        return find_root(Path(project))
    except StorykitError:
        raise ArgumentError(
            "project",
            f"'{project}' is not in a storykit project (no storykit.yaml or stories/ there "
            "or above)",
            "name the folder that holds storykit.yaml, or run 'storykit init' there",
        ) from None


project_option = click.option(
    "-C",
    "--project",
    "project",
    metavar="DIR",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="The project folder (default: the one you are in, or above).",
)


def platform_option(required: bool, help: str) -> Callable[[F], F]:
    """-p/--platform NAME, shared by `captions` and `count` (where it must be given)."""

    def needed(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        if value is None and required:
            from storykit.text.platforms import PLATFORMS

            raise click.UsageError(
                "--platform is needed: say which platform's rule to count by, e.g. -p x; "
                "the platforms are " + ", ".join(PLATFORMS),
                ctx,
            )
        return value

    return click.option(
        "-p", "--platform", "platform", default=None, metavar="NAME", help=help, callback=needed
    )


date_option = click.option(
    "--date",
    "date",
    metavar="YYYY-MM-DD",
    default=None,
    help="Build as if today were this date (ages in words depend on it).",
)


def _date(value: str | None) -> dt.date | None:
    """--date's value as a date; a mistake in it is a usage error (exit 2) saying what to write."""
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise click.BadParameter(
            f"'{value}' is not written as a date: write it as YYYY-MM-DD, e.g. 2026-04-01",
            param_hint="--date",
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        year, month = int(value[:4]), int(value[5:7])
        why = (
            f"{dt.date(year, month, 1):%B %Y} has {calendar.monthrange(year, month)[1]} days"
            if 1 <= month <= 12 and year >= 1
            else "the month is 01 to 12"
        )
        raise click.BadParameter(
            f"'{value}' is not a real date: {why}", param_hint="--date"
        ) from None


class _Program(click.Group):
    """storykit's command group. Called (the `storykit` entry point, `python -m storykit`), it
    runs as the program, which owns its process; CliRunner and other callers of .main() run
    its commands inside a process of their own, whose settings a command leaves alone."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("obj", AS_PROGRAM)
        return super().__call__(*args, **kwargs)


AS_PROGRAM = "storykit, run as the program"  # ctx.obj of a run that owns its process


def _as_program() -> bool:
    """Whether this command runs as the program (see _Program), not inside someone's process."""
    return click.get_current_context().find_root().obj is AS_PROGRAM


@click.group(cls=_Program, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storykit")
def main() -> None:
    """storykit: adoption stories in, blurbs, captions and photo cards out.

    Write one case file per story in stories/, then run `storykit build`.
    """


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
    help="Render cards in N processes (default: all cores).",
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
    if _as_program():
        _collect_rarely()
    root = _root(project)
    when = _date(date)
    if not watch:
        sys.exit(_build_once(root, slugs, when, jobs, quiet))
    from storykit.dev.watch import watch_project

    click.echo(f"storykit: watching {_shown(root)} (Ctrl-C to stop)")
    printed = Printed()
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
    printed: Printed | None = None,
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
            _show(noop.warnings, quiet, printed)
        if not quiet:
            click.echo(
                f"storykit: built {noop.stories} of {counted(noop.stories, 'story')} into "
                f"{_shown(output_dir(root))}: 0 files written, {noop.files} unchanged, "
                f"0 removed, {_tally(merged(noop.warnings))} "
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
        _show(err.problems, quiet, printed)
        return 1
    finally:
        if bar is not None:
            bar.render_finish()
    _show(report.all_problems, quiet, printed)
    if not quiet:
        built = sum(1 for s in report.stories if s.built)
        failed = [s.slug for s in report.stories if not s.built]
        click.echo(
            f"storykit: built {built} of {counted(len(report.stories), 'story')} into "
            f"{_shown(output_dir(root))}: {report.written} files written, "
            f"{report.unchanged} unchanged, {report.removed} removed, "
            f"{_tally(report.all_problems)} ({time.perf_counter() - started:.1f} s)"
        )
        if failed:
            click.echo(f"not built: {', '.join(failed)} (see the errors above)", err=True)
    return 1 if report.failed else 0


def counted(n: int, word: str) -> str:
    from storykit.text.language import counted as words  # regexes: only when saying so

    return words(n, word)


def _tally(problems: list[Problem]) -> str:
    """'3 warnings, 1 error', and the notes (what storykit understood) when there are any."""
    errors = sum(1 for p in problems if p.is_error)
    notes = sum(1 for p in problems if p.severity == "note")
    text = f"{counted(len(problems) - errors - notes, 'warning')}, {counted(errors, 'error')}"
    return text + (f", {counted(notes, 'note')}" if notes else "")


def _shown(path: Path) -> str:
    from storykit.errors import display_path

    return display_path(path) + "/"


@main.command("check")
@click.argument("slugs", nargs=-1)
@project_option
@date_option
@friendly
def check_command(slugs: tuple[str, ...], project: str | None, date: str | None) -> None:
    """Check the case files and storykit.yaml without writing anything."""
    from storykit.check import NOT_CHECKED
    from storykit.check import check as check_project

    report = check_project(_root(project), slugs, _date(date))
    _print_problems(report.all_problems)
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
        f"storykit: checked {counted(len(report.stories), 'story')}"
        f": {_tally(report.all_problems)} (not checked: {NOT_CHECKED}; run storykit build)",
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

    root = _root(project)
    when = _date(date)
    printed = Printed()

    def rebuild() -> None:
        _build_once(root, (), when, None, False, printed)

    rebuild()
    click.echo(
        f"storykit: serving {_shown(output_dir(root))} at http://127.0.0.1:{port}/ (Ctrl-C stops)"
    )
    serve_output(root, port, rebuild)


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


@main.command()
@click.argument("slug")
@project_option
@friendly
def new(slug: str, project: str | None) -> None:
    """Write a new, commented case file stories/SLUG.yaml (never overwrites one)."""
    from storykit.load.scaffold import new_story

    path = new_story(_root(project), slug)
    click.echo(
        f"storykit: wrote {_shown(path).rstrip('/')}: fill it in, then run 'storykit check'."
    )


@main.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@friendly
def init(folder: Path) -> None:
    """Set up stories/, templates/ and storykit.yaml in a folder (default: here)."""
    from storykit.load.scaffold import init_project

    written = init_project(folder)
    for path in written:
        click.echo(f"created {_shown(path).rstrip('/')}")
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

    root = _root(project)
    today = _date(date) or dt.date.today()
    options = Options(cast("Format | None", fmt), dry_run, fetch_photos)
    report = import_file(root, file, options, today)
    source = report.source
    click.echo(
        f"storykit: read {counted(len(source.animals), 'animal')} from {_shown(file).rstrip('/')} "
        f"({source.label})"
    )
    _print_problems(report.problems)
    for done in report.done:
        detail = f": {done.detail}" if done.action == "skipped" else ""
        click.echo(f"{done.action} {_shown(done.path).rstrip('/')}{detail}")
    click.echo(_import_summary(report, dry_run, fetch_photos), err=report.failed)
    sys.exit(1 if report.failed else 0)


def _import_summary(report: Any, dry_run: bool, fetch_photos: bool) -> str:
    """The last line of an import: what it made, what it left, what to do next."""

    def count(*actions: str) -> int:
        return sum(1 for d in report.done if d.action in actions)

    files = count("would write") if dry_run else count("wrote")
    photos = count("would copy", "would fetch") if dry_run else count("copied", "fetched")
    parts = [
        f"{counted(files, 'case file')} {'to write' if dry_run else 'written'}",
        f"{count('skipped')} skipped",
        f"{counted(photos, 'photo')} "
        + ("to copy or download" if dry_run else "copied or downloaded"),
    ]
    if report.waiting:
        parts.append(
            f"{counted(report.waiting, 'photo')} on the web not downloaded (run again with "
            "--fetch-photos to get them)"
        )
    head = "storykit: dry run, nothing written: " if dry_run else "storykit: "
    tail = "" if dry_run or report.failed else " Next: storykit check"
    return head + ", ".join(parts) + f"; {_tally(report.problems)}." + tail


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

    found = story_captions(_root(project), slug, _date(date), platform)
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


POSTED_TO = ("bluesky", "mastodon")


@main.command()
@click.argument("slug", required=False)
@click.option(
    "--to",
    "platforms",
    multiple=True,
    type=click.Choice(POSTED_TO),
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
    root = _root(project)
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
    _print_problems(problems)
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
@click.option("--to", "platform", type=click.Choice(POSTED_TO), default=None, help="Only there.")
@click.argument("slug", required=False)
@project_option
@friendly
def posted(platform: str | None, slug: str | None, project: str | None) -> None:
    """List what was posted, where, when, and its address (from posted.yaml)."""
    from storykit.posting.ledger import LEDGER_NAME, load_ledger
    from storykit.posting.wording import posting_lines

    ledger = load_ledger(_root(project))
    shown = [
        p
        for p in ledger.postings
        if (platform is None or p.platform == platform) and (slug is None or p.story == slug)
    ]
    if not shown:
        click.echo(f"storykit: nothing posted yet ({LEDGER_NAME} lists what goes out)")
    for p in shown:
        click.echo("\n".join(posting_lines(p)))


if __name__ == "__main__":  # pragma: no cover
    main()
