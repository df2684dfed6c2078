"""The command line's frame: the program, its shared options, and how problems are printed
(the cli package is the only place that prints, words problems and sets exit codes)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from storykit import __version__
from storykit.errors import ArgumentError, Problem, StorykitError

F = TypeVar("F", bound=Callable[..., Any])


def print_problems(problems: list[Problem], quiet: bool = False) -> None:
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
class PrintedProblems:
    """What a watch or serve has printed: the last build's problems (None before the first).
    A rebuild prints only the problems not printed before and a line for those fixed."""

    problems: list[Problem] | None = None

    def show(self, problems: list[Problem], quiet: bool) -> None:
        from storykit.messages import changes, merged

        if self.problems is None:
            print_problems(problems, quiet)
        else:
            changed = changes(self.problems, problems)
            print_problems(changed.new, quiet)
            fixed = changed.fixed_line()
            if fixed and not quiet:
                click.echo(fixed, err=sys.stderr.isatty())
        self.problems = merged(problems)


def show(problems: list[Problem], quiet: bool, printed: PrintedProblems | None) -> None:
    """A build's problems: all of them, or within a watch or serve what changed."""
    if printed is None:
        print_problems(problems, quiet)
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
            print_problems(err.problems)
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


def root_of(project: str | None) -> Path:
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


def date_of(value: str | None) -> dt.date | None:
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


def as_program() -> bool:
    """Whether this command runs as the program (see _Program), not inside someone's process."""
    return click.get_current_context().find_root().obj is AS_PROGRAM


@click.group(cls=_Program, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storykit")
def main() -> None:
    """storykit: adoption stories in, blurbs, captions and photo cards out.

    Write one case file per story in stories/, then run `storykit build`.
    """


def how_many(n: int, word: str) -> str:
    """'3 stories', '1 warning': text.language's counted, loaded only when a count is said."""
    from storykit.text.language import counted  # regexes: only when saying so

    return counted(n, word)


def tally(problems: list[Problem]) -> str:
    """'3 warnings, 1 error', and the notes (what storykit understood) when there are any."""
    errors = sum(1 for p in problems if p.is_error)
    notes = sum(1 for p in problems if p.severity == "note")
    text = f"{how_many(len(problems) - errors - notes, 'warning')}, {how_many(errors, 'error')}"
    return text + (f", {how_many(notes, 'note')}" if notes else "")


def shown(path: Path) -> str:
    from storykit.errors import display_path

    return display_path(path) + "/"
