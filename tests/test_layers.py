"""The pipeline reads off the tree: each stage imports only the stages below it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "storykit"

# lowest first; a module may import its own layer and the layers before it
LAYERS = [
    {
        "__init__",
        "__version__",
        "errors",
        "fsutil",
        "messages",
        "package_data",
        "digests",
        "defaults",
    },
    {"text"},
    {"load"},
    {"cards", "reels", "printing"},
    {"outputs"},
    {"importing"},  # storykit import: reads sources, writes case files; never the build
    {"builder"},
    {"check", "posting"},
    {"dev"},
    {"cli", "__main__"},
]


def layer_of(module: str) -> int:
    top = module.split(".")[0]
    for i, names in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"storykit.{module} is in no layer: add it to LAYERS")


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, storykit module) for every import of storykit in the file, wherever it is."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "storykit":
                found.extend((node.lineno, a.name) for a in node.names)
            elif node.module.startswith("storykit."):
                found.append((node.lineno, node.module.removeprefix("storykit.")))
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.append((node.lineno, "(relative)"))
        elif isinstance(node, ast.Import):
            found.extend(
                (node.lineno, a.name.removeprefix("storykit."))
                for a in node.names
                if a.name.startswith("storykit.")
            )
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_imports_run_one_way(path: Path) -> None:
    module = path.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", ".")
    own = layer_of(module)
    wrong = []
    for line, imported in imports_of(path):
        assert imported != "(relative)", f"{path.name}:{line}: use absolute imports"
        if layer_of(imported) > own:
            wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports storykit.{imported}")
    assert not wrong, "imports that run upwards:\n" + "\n".join(wrong)


def test_every_module_says_what_it_is_in_one_line() -> None:
    missing = [
        str(p.relative_to(PACKAGE))
        for p in MODULES
        if not (ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) or "").strip()
    ]
    assert not missing, "modules without a docstring: " + ", ".join(missing)


@pytest.mark.parametrize(
    ("module", "absent"),
    [
        ("storykit.builder.kinds", "jinja2"),
        ("storykit.builder.kinds", "PIL"),
        ("storykit.load.project", "jinja2"),
        ("storykit.text.counting", "pydantic"),
        ("storykit.load.project", "PIL"),
        # the card workers load OpenCV only when a photo is searched for animals
        ("storykit.cards.engine", "cv2"),
        ("storykit.cards.engine", "onnxruntime"),
        ("storykit.builder.workers", "numpy"),
        # the import never loads the builder, nor Jinja
        ("storykit.importing.run", "storykit.builder.session"),
        ("storykit.importing.run", "jinja2"),
    ],
)
def test_a_stage_does_not_load_what_it_does_not_use(module: str, absent: str) -> None:
    code = f"import sys, {module}; print({absent!r} in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", f"importing {module} loads {absent}"


def _top_level_imports(path: Path) -> list[str]:
    """Every module *path* imports, anywhere in it (absolute names)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
    return names


def _inside(path: Path, *packages: str) -> bool:
    return path.relative_to(PACKAGE).parts[0] in packages


def test_the_index_layout_is_read_only_in_the_builder() -> None:
    """The records the index saves are read through builder/records.py and index.py: no
    module outside the builder imports the records or names the index's file."""
    wrong = []
    for path in MODULES:
        if _inside(path, "builder"):
            continue
        if "storykit.builder.records" in _top_level_imports(path):
            wrong.append(f"{path.relative_to(PACKAGE)} imports storykit.builder.records")
        if "index.json" in path.read_text(encoding="utf-8"):
            wrong.append(f"{path.relative_to(PACKAGE)} names index.json")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("library", ["cv2", "numpy", "onnxruntime"])
def test_image_analysis_is_in_cards_and_reels(library: str) -> None:
    """Looking into photos (finding animals, judging light and focus, frames of reels) is
    the cards' and the reels' work: no other stage loads the analysis libraries."""
    wrong = [
        str(path.relative_to(PACKAGE))
        for path in MODULES
        if not _inside(path, "cards", "reels")
        and any(name.split(".")[0] == library for name in _top_level_imports(path))
    ]
    assert not wrong, f"{library} imported outside cards/ and reels/: " + ", ".join(wrong)


# sibling modules that implement one interface, each for its own site: the same names are
# the point (outputs/adoptsites/petfinder.py and adoptapet.py); and the module protocol
SAME_NAMES_ALLOWED = {"__getattr__", "kind", "row", "listed", "write_csv", "allowed"}


def test_no_two_classes_or_functions_share_a_name() -> None:
    """A name says which one it is: no two classes or functions of src have the same name
    (the adoption sites' modules, which offer the same functions each, aside)."""
    found: dict[str, list[str]] = {}
    for path in MODULES:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                found.setdefault(node.name, []).append(str(path.relative_to(PACKAGE)))
    same = {
        name: places
        for name, places in found.items()
        if len(places) > 1 and name not in SAME_NAMES_ALLOWED
    }
    assert not same, "\n".join(f"{name}: {', '.join(p)}" for name, p in sorted(same.items()))


def test_modules_and_functions_are_short_enough_to_read() -> None:
    """No module over 700 lines, no function over 120; in the builder, no module over 400
    lines and no function over 60 (it is read top to bottom by a newcomer)."""
    long = []
    for path in MODULES:
        text = path.read_text(encoding="utf-8")
        builder = _inside(path, "builder")
        most_lines, most_function = (400, 60) if builder else (700, 120)
        if text.count("\n") > most_lines:
            long.append(f"{path.relative_to(PACKAGE)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > most_function:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}: {length}")
    assert not long, "\n".join(long)


def test_few_untyped_records_are_left() -> None:
    """Data is passed as typed records: at most 10 `dict[str, Any]` in src, each a named
    type for data that has no fixed shape (a JSON Schema, a source file's JSON), with why."""
    places = [
        (path, n)
        for path in MODULES
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "dict[str, Any]" in line
    ]
    assert len(places) <= 10, places
    for path, n in places:
        lines = path.read_text(encoding="utf-8").splitlines()
        said = lines[n - 2].lstrip().startswith("#") or '"""' in lines[n]
        assert said, f"{path.relative_to(PACKAGE)}:{n}: say why this is a dict[str, Any]"
