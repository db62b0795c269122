"""Reruns with parameters (issue 12): papermill's convention, checked parameters, atomic writes.

* ``runner run --as-of D --naming N`` injects the parameters after the cell tagged ``parameters``
  and writes into ``build/as-of-D-N/`` with its own ``figures/``; the committed notebooks and
  figures are not touched.
* Bad parameters stop the run with one message before any kernel starts.
* A notebook that fails midway leaves its file and its figures as they were (atomic writes).
* The standard client works: ``papermill NB out.ipynb -p as_of ...`` on a committed notebook.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers import paths
from helpers.paths import NOTEBOOKS_DIR, ROOT
from helpers.tools import checkouts, runner
from small_notebooks import write_notebook


PUBLISH = (
    "import matplotlib.pyplot as plt\nfrom helpers import style\n"
    "fig, ax = plt.subplots(figsize=(2, 1))\n_ = ax.plot([1, 2])\nstyle.publish(fig, '01-new-figure')"
)


# ---------------------------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--as-of", "2019-02-30"], "as_of: '2019-02-30' is not a date"),
        (["--as-of", "1800-01-01"], "before the record starts"),
        (["--naming", "kanji"], "naming: 'kanji' is not one of both, en, ja, ru"),
        (["--out", "somewhere"], "--out needs --as-of or --naming"),
    ],
)
def test_bad_parameters_stop_before_any_kernel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    directory = tmp_path / "notebooks"
    path = write_notebook(directory, "01-say-hello.ipynb", "as_of = None", "print('hello')", tagged=0)
    before = path.read_bytes()
    status = runner.main(["run", "--dir", str(directory), *argv])
    err = capsys.readouterr().err
    assert status == 1
    assert says in err and err.count("\n") == 2, err  # the problem, then "No notebook was run."
    assert path.read_bytes() == before and not (tmp_path / "build").exists()


def test_rerun_folder_is_named_after_its_parameters(tmp_path: Path) -> None:
    nb = tmp_path / "notebooks" / "01-x-y.ipynb"
    parameters, folder = runner.rerun_parameters("2019-01-10", None, None, [nb])
    assert parameters == {"as_of": "2019-01-10", "naming": "both"}
    assert folder == (tmp_path / "build" / "as-of-2019-01-10-both").resolve()
    assert runner.rerun_parameters(None, "ru", None, [nb])[1].name == "as-of-latest-ru"
    assert runner.rerun_parameters(None, None, None, [nb]) == (None, None)
    assert paths.rerun_dir("2018-12-05", "ja") == ROOT / "build" / "as-of-2018-12-05-ja"


def test_rerun_injects_parameters_and_leaves_the_notebooks_alone(tmp_path: Path) -> None:
    directory = tmp_path / "notebooks"
    path = write_notebook(directory, "01-echo-parameters.ipynb", 'as_of = None\nnaming = "both"',
                     "print(as_of, naming)", PUBLISH, tagged=0)
    before = path.read_bytes()
    status = runner.main(["run", "--dir", str(directory), "--as-of", "2019-01-10", "--naming", "ja"])
    assert status == 0
    assert path.read_bytes() == before, "the source notebook is never rewritten by a rerun"
    out = tmp_path / "build" / "as-of-2019-01-10-ja"
    nb = nbformat.read(out / path.name, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and nb.cells.index(injected[0]) == 1, "right after the tagged cell"
    printed = [o["text"] for c in nb.cells for o in c.get("outputs", []) if o.get("name") == "stdout"]
    assert printed == ["2019-01-10 ja\n"]
    assert sorted(p.name for p in (out / "figures").iterdir()) == ["01-new-figure.png", "01-new-figure.svg"]
    assert not (tmp_path / "figures").exists(), "a rerun's figures stay in its own folder"
    assert [p.name for p in (tmp_path / "build").iterdir()] == [out.name], "no staging folder left"


# ---------------------------------------------------------------------------------- atomic writes


def test_a_notebook_that_fails_midway_changes_nothing(tmp_path: Path) -> None:
    """Its figure was saved before the failure: it must not reach figures/, nor the notebook be
    rewritten; a clean notebook of the same run is written with its figure."""
    directory = tmp_path / "notebooks"
    failing = write_notebook(directory, "01-fail-midway.ipynb", PUBLISH, "raise RuntimeError('midway')")
    clean = write_notebook(directory, "02-draw-once.ipynb", PUBLISH.replace("01-new-figure", "02-figure"))
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "01-new-figure.png").write_bytes(b"the committed figure")
    before = checkouts.digest_tree(tmp_path)
    results = runner.run([failing, clean], jobs=2)
    assert [r.ok for r in results] == [False, True]
    differences = checkouts.tree_differences(before, tmp_path)
    assert sorted(differences) == [
        "changed notebooks/02-draw-once.ipynb", "new file figures/02-figure.png", "new file figures/02-figure.svg",
    ], differences
    assert list((tmp_path / "build").iterdir()) == [], "the staging folders are removed"


def test_write_atomic_replaces_whole_files_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "nb.ipynb"
    target.write_text("old", encoding="utf-8")

    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(runner.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        runner.write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["nb.ipynb"]
    monkeypatch.undo()
    runner.write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"


# ---------------------------------------------------------------------------------- papermill


def _parameters_cell(path: Path) -> int:
    nb = json.loads(path.read_text(encoding="utf-8"))
    tagged = [i for i, c in enumerate(nb["cells"]) if "parameters" in c.get("metadata", {}).get("tags", [])]
    return tagged[0] if len(tagged) == 1 else -1


@pytest.mark.parametrize("path", runner.discover(NOTEBOOKS_DIR), ids=lambda p: p.name)
def test_every_notebook_has_one_parameters_cell_with_both_defaults(path: Path) -> None:
    index = _parameters_cell(path)
    assert index >= 0, f"{path.name}: exactly one code cell tagged 'parameters'"
    cell = json.loads(path.read_text(encoding="utf-8"))["cells"][index]
    source = "".join(cell["source"])
    assert cell["cell_type"] == "code" and "as_of = None" in source and 'naming = "both"' in source


@pytest.mark.slow
def test_papermill_reruns_a_committed_notebook_as_of_a_date(tmp_path: Path) -> None:
    """The standard client on notebook 05: parameters injected, the verdicts computed as of the
    date, the figures written to the rerun's folder, the checkout otherwise untouched."""
    checkout = checkouts.copy_checkout(tmp_path / "checkout", ROOT)
    notebook = checkout / "notebooks" / "05-assess-interview-claims.ipynb"
    before = checkouts.digest_tree(checkout)
    env = checkouts.kernel_env(checkout / "notebooks")
    env["KURIL_ROOT"] = str(checkout)
    papermill = Path(sys.executable).with_name("papermill")
    out = tmp_path / "05-as-of.ipynb"
    done = subprocess.run(
        [str(papermill), str(notebook), str(out), "-p", "as_of", "2019-01-10", "-p", "naming", "ru",
         "--cwd", str(notebook.parent), "--kernel", "python3", "--no-progress-bar"],
        env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    nb = nbformat.read(out, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and 'as_of = "2019-01-10"' in injected[0].source
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    rerun = checkout / "build" / "as-of-2019-01-10-ru" / "figures"
    assert any(p.suffix == ".png" for p in rerun.iterdir()), "figures go to the rerun's folder"
    changed = [d for d in checkouts.tree_differences(before, checkout) if not d.startswith("new file build/")]
    assert changed == [], changed
    shutil.rmtree(checkout)
