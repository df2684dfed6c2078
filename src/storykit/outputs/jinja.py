"""Jinja edge: the packaged templates, overridden by the project's templates/, and their errors."""

from __future__ import annotations

import contextlib
import io
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import Markup

from storykit.errors import Location, Problem, StorykitError
from storykit.fsutil import write_atomic
from storykit.package_data import TEMPLATES
from storykit.text.sanitize import escape_markdown
from storykit.text.sentences import sentences

PACKAGE_TEMPLATES = TEMPLATES


@jinja2.pass_context
def _finalize(context: jinja2.runtime.Context, value: Any) -> Any:
    """Every value a Markdown template (.md) writes is escaped for Markdown, as .html
    templates escape for HTML: no raw HTML, link or emphasis comes from a case file's text.
    Markup (e.g. |markdown_safe) is written as it is."""
    name = context.name or ""
    if not name.endswith(".md") or isinstance(value, Markup) or value is None:
        return value
    return escape_markdown(str(value))


def _tidy(text: str) -> str:
    """Trailing spaces off every line, at most one blank line in a row, no blank start or end."""
    lines = [line.rstrip() for line in text.splitlines()]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return out + "\n"


class _Environment(jinja2.Environment):
    """A Jinja environment that reports every template it loads, by whatever name (one
    computed while rendering too) and from its cache or not, to *on_load*: an output's
    inputs are recorded while it renders."""

    on_load: Callable[[str], None] | None = None

    def _load_template(self, name: str, globals: Any) -> Any:
        if self.on_load is not None:
            self.on_load(name)  # found or not: a project file of that name would be used
        return super()._load_template(name, globals)


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled by an earlier build, kept in *folder* (output/.storykit/jinja/), so
    a rebuild does not compile them again. Jinja checks each against its template's source;
    a file is written atomically, and one that cannot be read is compiled again."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.folder / f"{bucket.key}.cache"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            with open(self._path(bucket), "rb") as fh:
                bucket.load_bytecode(fh)
        except (OSError, EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        out = io.BytesIO()
        bucket.write_bytecode(out)
        write_atomic(self._path(bucket), out.getvalue())


class Templates:
    """Renders named templates: the project's templates/ first, then the package's own."""

    def __init__(
        self,
        project_templates: Path | None,
        filters: Mapping[str, Callable[..., Any]] | None = None,
        globals_: Mapping[str, Any] | None = None,
        compiled: Path | None = None,
    ):
        search = (
            [str(project_templates)] if project_templates and project_templates.is_dir() else []
        )
        self.project_templates = project_templates
        self.env = _Environment(
            loader=jinja2.FileSystemLoader([*search, str(PACKAGE_TEMPLATES)]),
            autoescape=jinja2.select_autoescape(
                enabled_extensions=("html", "htm", "xml"), default_for_string=False
            ),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_finalize,
            bytecode_cache=CompiledTemplates(compiled) if compiled is not None else None,
        )
        self._strings: dict[str, jinja2.Template] = {}  # render_string's sources, compiled
        self.env.filters["sentences"] = sentences
        self.env.filters.update(filters or {})
        self.env.globals.update(globals_ or {})

    def source_file(self, name: str) -> Path:
        """The file a template name resolves to (the project's override, or the package's)."""
        _, filename, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
        return Path(filename or name)  # FileSystemLoader always names the file

    @contextlib.contextmanager
    def recording(self, file: Callable[[Path], None]) -> Iterator[None]:
        """While inside, every template loaded is reported to *file* as the project's file
        of its name, which overrides the package's: it may not exist (then the package's
        template is used, whose content is in storykit's own digest), and an override
        created later is a change."""
        env = self.env
        previous = env.on_load
        folder = self.project_templates

        def loaded(name: str) -> None:
            if folder is not None:
                file(folder / name)

        env.on_load = loaded
        try:
            yield
        finally:
            env.on_load = previous

    def exists(self, name: str) -> bool:
        try:
            self.env.get_template(name)
        except jinja2.TemplateNotFound:
            return False
        except jinja2.TemplateError:
            return True
        return True

    def render(self, name: str, context: Mapping[str, Any], *, tidy: bool = True) -> str:
        """Render *name*; template mistakes become StorykitErrors at the template's line."""
        text = self._guard(name, lambda: self.env.get_template(name).render(context))
        return _tidy(text) if tidy else text

    def render_module(self, name: str, context: Mapping[str, Any]) -> tuple[str, Any]:
        """Render *name* and return its text (tidied) and its top-level `drop_order`, if set."""

        def work() -> Any:
            template = self.env.get_template(name)
            try:
                return template.make_module(dict(context))
            except Exception:
                # make_module skips Jinja's traceback rewriting; do it so lines are the template's
                self.env.handle_exception()

        module = self._guard(name, work)
        return _tidy(str(module)), getattr(module, "drop_order", None)

    def _guard(self, name: str, work: Callable[[], Any]) -> Any:
        try:
            return work()
        except jinja2.TemplateSyntaxError as err:
            raise self._error(err, err.filename or name, err.lineno, err.message or "") from None
        except jinja2.TemplateNotFound as err:
            raise StorykitError.at(
                self.project_templates or PACKAGE_TEMPLATES,
                f"the template '{err.name}' does not exist",
                "check the name in {% include %}, {% import %} or {% extends %}",
            ) from None
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError) as err:
            filename, line = _template_frame(name, self)
            raise self._error(err, filename, line, str(err)) from None

    def render_string(self, source: str, context: Mapping[str, Any], origin: Location) -> str:
        """Render a template written inside a data file (e.g. a card layout field)."""
        try:
            compiled = self._strings.get(source)
            if compiled is None:
                compiled = self._strings[source] = self.env.from_string(source)
            return compiled.render(context)
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError) as err:
            raise StorykitError(
                Problem(
                    origin,
                    f"in the template text {source!r}: {err}",
                    "check the names inside {{ }}",
                )
            ) from None

    def _error(
        self, err: Exception, filename: str, line: int | None, message: str
    ) -> StorykitError:
        hint = "fix the template, or delete your copy in templates/ to use the built-in one"
        if isinstance(err, jinja2.UndefinedError):
            hint = "check the spelling of the name; docs/templates.md lists what templates can use"
        return StorykitError(Problem(Location.of(filename, line), message, hint))


def _template_frame(name: str, templates: Templates) -> tuple[str, int | None]:
    """The deepest template file and line in the traceback being handled."""
    tb = sys.exc_info()[2]
    filename, line = None, None
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith((".txt", ".md", ".html", ".yaml", ".j2", ".xml")):
            filename, line = code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    if filename is None:
        try:
            filename = str(templates.source_file(name))
        except jinja2.TemplateNotFound:
            filename = name
    return filename, line
