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
