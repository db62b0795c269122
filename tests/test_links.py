"""Every relative link of the README and of the notebooks points to a file of the repository.

Checked where a reader clicks: Markdown links and images (``[text](target)``, ``![alt](target)``)
and HTML ``href``/``src`` attributes, in the README, in the notebooks' Markdown cells and in their
Markdown outputs (source lists, conclusions). Web addresses and in-page anchors are left to the
reader's browser; a ``#section`` after a file name is checked against the file only.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest

from helpers.paths import NOTEBOOKS_DIR, ROOT
from helpers.tools.runner import discover

MARKDOWN_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(?:<([^>]+)>|([^)\s]+))(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""")


def relative_targets(text: str) -> list[str]:
    """The relative link targets in ``text`` (no scheme, not an in-page anchor), anchors cut off."""
    found = [a or b for a, b in MARKDOWN_LINK.findall(text)] + HTML_LINK.findall(text)
    out = []
    for target in found:
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("#", "//")):
            continue
        out.append(unquote(target.split("#", 1)[0]))
    return [t for t in out if t]


def github_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown file (lowercase, punctuation dropped,
    spaces to dashes; a repeated heading gets -1, -2, ...)."""
    seen: dict[str, int] = {}
    out = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*$", markdown, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def broken_anchors(text: str, base: Path) -> list[str]:
    """Links to a heading of a Markdown file (``README.md#set-up``) whose heading does not exist."""
    bad = []
    for target in MARKDOWN_LINK.findall(text):
        link = target[0] or target[1]
        path, _, anchor = link.partition("#")
        if anchor and path.endswith(".md") and not re.match(r"^[a-z]+:", path):
            file = (base / unquote(path)).resolve()
            if file.is_file() and anchor not in github_anchors(file.read_text(encoding="utf-8")):
                bad.append(link)
        elif anchor and not path and base == ROOT and anchor not in github_anchors(text):
            bad.append(link)
    return bad


def broken(text: str, base: Path, root: Path = ROOT) -> list[str]:
    """Targets of ``text`` that do not exist relative to ``base`` (or leave ``root``)."""
    bad = []
    for target in relative_targets(text):
        path = (base / target).resolve()
        if not path.exists() or root.resolve() not in (path, *path.parents):
            bad.append(target)
    return bad


def notebook_markdown(path: Path) -> str:
    """Markdown cells plus the Markdown and HTML outputs of a notebook, as one text."""
    nb = nbformat.read(path, as_version=4)
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            parts += [str(data.get(m, "")) for m in ("text/markdown", "text/html")]
    return "\n".join(parts)


def test_the_link_finder_reads_markdown_and_html() -> None:
    text = ('[a](../data/x.csv) ![f](../figures/y.png "t") [web](https://example.org) [in](#top) '
            '[anchor](02-b.ipynb#2.-Sea) <img src="docs/z.png"> [sp](<a b.md>) [esc](a%20b.md)')
    assert relative_targets(text) == [
        "../data/x.csv", "../figures/y.png", "02-b.ipynb", "a b.md", "a b.md", "docs/z.png",
    ]


def test_a_missing_target_is_reported(tmp_path: Path) -> None:
    (tmp_path / "there.csv").write_text("x\n", encoding="utf-8")
    assert broken("[ok](there.csv) [gone](missing.csv)", tmp_path, tmp_path) == ["missing.csv"]
    assert broken("[out](../../../etc/passwd)", ROOT / "notebooks") == ["../../../etc/passwd"]


def test_readme_links_resolve() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert relative_targets(text), "the README links to its notebooks, data and figures"
    assert broken(text, ROOT) == []
    assert broken_anchors(text, ROOT) == [], "README links to a heading that does not exist"


def test_heading_anchors_follow_github() -> None:
    text = "# Title\n## The notebooks\n### JupyterLab: `make lab`\n## Rerun as of a date, or in another naming\n## The notebooks\n"
    assert github_anchors(text) == {"title", "the-notebooks", "jupyterlab-make-lab",
                                     "rerun-as-of-a-date-or-in-another-naming", "the-notebooks-1"}


@pytest.mark.parametrize("path", discover(NOTEBOOKS_DIR), ids=lambda p: p.name)
def test_notebook_links_resolve(path: Path) -> None:
    text = notebook_markdown(path)
    targets = relative_targets(text)
    assert any(t.startswith("../data/") for t in targets), f"{path.name} links to the tables it reads"
    assert broken(text, path.parent) == [], path.name
    assert broken_anchors(text, path.parent) == [], f"{path.name} links to a README heading that does not exist"
