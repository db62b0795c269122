"""The README documents every data table with its current row count, and every notebook."""

import re

from helpers import load, paths

README = (paths.ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_lists_every_table_with_its_row_count():
    documented = {
        name: int(count) for name, count in re.findall(r"^\| `(\w+)` \| (\d+) \|", README, re.M)
    }
    actual = {name: len(frame) for name, frame in load.tables().items()}
    assert documented == actual


def test_readme_links_every_notebook():
    notebooks = sorted(p.stem for p in paths.NOTEBOOKS_DIR.glob("*.ipynb"))
    assert notebooks
    for stem in notebooks:
        assert f"(notebooks/{stem}.ipynb)" in README, stem


def test_readme_gives_the_two_setup_commands():
    assert "make notebooks" in README and "make test" in README
