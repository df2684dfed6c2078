"""Jinja edge: the packaged templates, overridden by the project's templates/, and their errors."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta
from markupsafe import Markup

from storykit.errors import Location, Problem, StorykitError
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
    """A Jinja environment that parses a template once when storykit has read its
    dependencies off the tree just before compiling it (parsing is half of compiling)."""

    def __init__(self, **options: Any):
        super().__init__(**options)
        self._trees: dict[tuple[str, str | None, str | None], Any] = {}

    def references(self, name: str) -> list[str]:
        """The names *name* includes, imports or extends; its tree is kept for compiling."""
        source, filename, _ = self.loader.get_source(self, name)  # type: ignore[union-attr]
        tree = super()._parse(source, name, filename)
        self._trees[(source, name, filename)] = tree
        return [n for n in meta.find_referenced_templates(tree) if n]

    def _parse(self, source: str, name: str | None, filename: str | None) -> Any:
        tree = self._trees.pop((source, name, filename), None)
        return tree if tree is not None else super()._parse(source, name, filename)


class Templates:
    """Renders named templates: the project's templates/ first, then the package's own."""

    def __init__(
        self,
        project_templates: Path | None,
        filters: Mapping[str, Callable[..., Any]] | None = None,
        globals_: Mapping[str, Any] | None = None,
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
        )
        self._dependencies: dict[str, list[Path]] = {}
        self._strings: dict[str, jinja2.Template] = {}  # render_string's sources, compiled
        self.env.filters["sentences"] = sentences
        self.env.filters.update(filters or {})
        self.env.globals.update(globals_ or {})

    def source_file(self, name: str) -> Path:
        """The file a template name resolves to (the project's override, or the package's)."""
        _, filename, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
        return Path(filename)

    def dependencies(self, name: str) -> list[Path]:
        """Every template file *name* uses, itself first: includes, imports and extends."""
        if name not in self._dependencies:
            self._dependencies[name] = self._find_dependencies(name)
        return self._dependencies[name]

    def _find_dependencies(self, name: str) -> list[Path]:
        seen: list[str] = []
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.append(current)
            todo.extend(self.env.references(current))
        return [self.source_file(n) for n in seen]

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
