"""The house plan of ``src/helpers`` holds: arrows only downward, sizes a reader can hold.

Imports are read with :mod:`ast` (nothing is imported). Topics (one package per notebook
question) use the shared base; the base never imports a topic; no topic imports another; only
``helpers.tools`` imports ``helpers.tools``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import helpers

SRC = Path(helpers.__file__).parent
TOPICS = ("interview", "geography", "military", "timeline", "assessment")
BASE = ("cartography", "maplabels", "style", "evidence", "names", "geodesy", "geodata", "schema",
        "load", "validate", "cells", "references", "citations", "paths", "offline", "asof", "page",
        "__main__", "__init__")
#: Modules that may exceed the size limits, with the reason.
LONG_MODULES: dict[str, int] = {}  # none today; add one only with its reason
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def part(path: Path) -> str:
    """The top-level part of ``helpers`` a module belongs to (``military``, ``style``, ``tools``)."""
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imported_parts(path: Path) -> set[str]:
    """The top-level parts of ``helpers`` that ``path`` imports (absolute imports only)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = node.module.split(".")
            if names[0] != "helpers":
                continue
            if len(names) > 1:
                found.add(names[1])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names = alias.name.split(".")
                if names[0] == "helpers" and len(names) > 1:
                    found.add(names[1])
    return found


def test_every_module_belongs_to_the_plan():
    strays = sorted({part(p) for p in modules()} - set(TOPICS) - set(BASE) - {"tools"})
    assert not strays, f"modules outside the house plan (add them to the package docstring): {strays}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_arrows_point_down(path):
    own = part(path)
    parts = imported_parts(path) - {own}
    if own in BASE:
        assert not parts & set(TOPICS), f"the base imports a topic: {sorted(parts & set(TOPICS))}"
    if own in TOPICS:
        assert not parts & set(TOPICS), f"a topic imports another topic: {sorted(parts & set(TOPICS))}"
    if own != "tools":
        assert "tools" not in parts, "only helpers.tools imports helpers.tools"


def test_the_import_checker_sees_violations(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from helpers.military import tables\nimport helpers.tools.runner\n"
                   "from helpers import geography, style\n", encoding="utf-8")
    assert imported_parts(bad) == {"military", "tools", "geography", "style"}


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_module_size_and_first_line(path):
    text = path.read_text(encoding="utf-8")
    rel = str(path.relative_to(SRC))
    limit = LONG_MODULES.get(rel, MAX_MODULE_LINES)
    assert len(text.splitlines()) <= limit, f"{rel} has {len(text.splitlines())} lines"
    doc = ast.get_docstring(ast.parse(text))
    assert doc and doc.splitlines()[0].strip(), f"{rel} has no first docstring line"


def function_lengths(path: Path) -> list[tuple[str, int]]:
    """(name, lines of body after the docstring) of every function of ``path``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0]
            has_doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            start = first.end_lineno + 1 if has_doc and len(node.body) > 1 else node.body[0].lineno
            out.append((node.name, node.end_lineno - start + 1))
    return out


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_functions_fit_on_a_screen(path):
    long = [(name, n) for name, n in function_lengths(path) if n > MAX_FUNCTION_LINES]
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines: {long}"


def test_package_docstring_lists_every_part():
    doc = ast.get_docstring(ast.parse((SRC / "__init__.py").read_text(encoding="utf-8")))
    missing = [name for name in {part(p) for p in modules()} - {"__init__", "__main__"}
               if f"``{name}``" not in doc and f"``{name}." not in doc]
    assert not missing, f"package docstring does not list: {missing}"
