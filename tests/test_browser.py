"""The notebooks open, render and run in JupyterLab, in a real (headless) Chromium.

Two JupyterLab servers on 127.0.0.1 (random free port, fixed token, news and update checks off,
autosave every second, their own settings/workspace/runtime directories):

* **Running** (a temporary copy of the checkout, so that Lab's saves and the notebooks' figures
  land in the copy): for each notebook the test checks that the committed outputs render (as many
  visible ``.jp-RenderedImage img`` as the file holds PNG outputs, an HTML ``table`` for each stored
  ``text/html`` table), runs ``Run > Run All Cells`` through the menus, and checks that no output is
  an error or stderr and that the figures render again.
* **Reading** (the working tree itself, started with the command line of ``make lab``): each
  committed notebook is opened, read past several autosave intervals and closed, as a user who
  only reads it. Its bytes must not change and no tab may show unsaved changes (the committed
  metadata is exactly what JupyterLab writes). The bytes are copied first and put back if Lab
  changed them, so the test never leaves a diff behind. A control shows that the same walk does
  catch a change (a notebook without ``language_info.version`` is rewritten by autosave). The
  widths of the rendered tables are measured against their output area.

The README's screenshot ``docs/jupyterlab.png`` is taken while notebook 01 is being read (no
unsaved-changes marker). Chromium comes from Debian (``.ci/run`` installs it); without it the test
is skipped locally and fails under ``CI=true``.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import platform
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from typing import Any
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from helpers.tools import checkouts, hygiene, runner
from helpers.paths import NOTEBOOKS_DIR, ROOT

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("KURIL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT = ROOT / "docs" / "jupyterlab.png"
#: The notebook the README's screenshot shows (its caption says so).
SCREENSHOT_OF = "01-"
#: Lab's autosave interval in these tests (default 120 s); a reader waits several of them.
AUTOSAVE_SECONDS = 1
READ_SECONDS = 3 * AUTOSAVE_SECONDS
TOKEN = "kuril-browser-test"
VIEWPORT = {"width": 1280, "height": 860}
#: Lab settings: no news/update toast over the page; every cell rendered (no windowing), so that
#: outputs far down the notebook are in the DOM and can be counted; a short autosave interval.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosaveInterval": AUTOSAVE_SECONDS},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


#: Longest wait for one notebook's Run All.
RUN_TIMEOUT_MS = 300_000
#: True when the visible notebook has finished running: kernel idle, no cell queued ("[*]:"),
#: and either every code cell numbered or an error/stderr output shown (Run All stops there).
_RUN_FINISHED = """(n) => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return false;
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(e => e.textContent.trim());
  const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const idle = status !== null && status.getAttribute('data-status') === 'idle';
  const failed = panel.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
  const done = prompts.length === n && prompts.every(p => /^\\[\\d+\\]:$/.test(p));
  return idle && !prompts.includes('[*]:') && (done || failed !== null);
}"""


@dataclass
class Expected:
    """What the committed file of a notebook shows."""

    code_cells: int
    images: int
    tables: int


#: The separator row under a Markdown table's header.
MARKDOWN_TABLE_RULE = re.compile(r"^\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-{3,}:?\s*\|?\s*$", re.M)


def expected_outputs(path: Path) -> Expected:
    """Count code cells, PNG outputs and tables stored in a notebook file: HTML tables, and
    Markdown tables (one per header separator row, ``|---|---:|``), which Lab renders as tables."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    outputs = [o for c in code for o in c.get("outputs", [])]
    images = sum("image/png" in o.get("data", {}) for o in outputs)
    html = sum("<table" in "".join(o.get("data", {}).get("text/html", "")) for o in outputs)
    markdown = sum(
        len(MARKDOWN_TABLE_RULE.findall("".join(o["data"]["text/markdown"])))
        for o in outputs if "text/markdown" in o.get("data", {}) and "text/html" not in o["data"]
    )
    return Expected(len(code), images, html + markdown)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def chromium_or_skip() -> None:
    """Skip (locally) or fail (CI=true) when Chromium or Playwright is missing."""
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:  # pragma: no cover - playwright is in the pinned set
        missing.append("the playwright package")
    if missing:
        message = "browser test needs " + " and ".join(missing)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


@dataclass
class Lab:
    """A running JupyterLab serving ``root``."""

    url: str
    root: Path
    process: subprocess.Popen[bytes]

    def api(self, path: str, method: str = "GET") -> object:
        """Call the server's REST API with the token."""
        request = urllib.request.Request(f"{self.url}{path}?token={TOKEN}", method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Stop every session's kernel (one notebook at a time keeps memory low)."""
        for session in self.api("/api/sessions"):  # type: ignore[union-attr]
            self.api(f"/api/sessions/{session['id']}", method="DELETE")


def make_lab_command(options: list[str]) -> list[str]:
    """The command line ``make lab LAB_ARGS="OPTIONS"`` runs (from ``make -n``; the venv is not
    rebuilt). Without ``.venv`` (the conda route) ``python -m jupyterlab`` stands in for it."""
    out = subprocess.run(
        ["make", "-s", "-n", "-o", ".venv/.installed-stamp", "lab", "LAB_ARGS=" + shlex.join(options)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    argv = shlex.split(out.strip().splitlines()[-1])
    assert argv[1] == "lab", f"make lab does not run `jupyter lab`: {argv}"
    if not (ROOT / argv[0]).exists():
        argv[:2] = [sys.executable, "-m", "jupyterlab"]
    return argv


def start_lab(work: Path, checkout: Path, log: Path, via_make: bool = False) -> Lab:
    """Start JupyterLab on 127.0.0.1 serving ``checkout`` and wait until it answers.

    With ``via_make``, ``checkout`` must be this repository and Lab is started with the command
    line of ``make lab`` (from the repository root), the test's options passed in ``LAB_ARGS``."""
    settings = work / "settings"
    for rel, value in LAB_SETTINGS.items():
        (settings / rel).parent.mkdir(parents=True, exist_ok=True)
        (settings / rel).write_text(json.dumps(value), encoding="utf-8")
    port = _free_port()
    env = checkouts.kernel_env(checkout / "notebooks")  # kernels import the copy's helpers
    env.update(JUPYTER_CONFIG_DIR=str(work / "config"), JUPYTER_RUNTIME_DIR=str(work / "runtime"))
    options = [
        "--no-browser", f"--port={port}",
        "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0", f"--IdentityProvider.token={TOKEN}",
        "--LabApp.news_url=None", "--LabApp.check_for_updates_class="
        "jupyterlab.handlers.announcements.NeverCheckForUpdate", f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={work / 'workspaces'}",
    ]  # fmt: skip
    if via_make:
        cmd, cwd = make_lab_command(options), checkout
    else:
        cmd = [sys.executable, "-m", "jupyterlab", "--allow-root", f"--ServerApp.root_dir={checkout}", *options]
        cwd = work
    handle = log.open("wb")
    process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT)
    lab = Lab(f"http://127.0.0.1:{port}", checkout, process)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            lab.api("/api/status")
            return lab
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError(f"JupyterLab did not answer in 90 s:\n{log.read_text(errors='replace')[-3000:]}")


def _stop(server: Lab) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:  # pragma: no cover
        server.process.kill()


@contextlib.contextmanager
def _serving(tmp_path_factory: pytest.TempPathFactory, name: str, root: Path | None,
             via_make: bool = False) -> Iterator[Lab]:
    """JupyterLab on ``root`` (None: a fresh copy of the checkout), stopped afterwards."""
    chromium_or_skip()
    if not runner.discover(NOTEBOOKS_DIR):
        pytest.skip("no notebooks/NN-*.ipynb yet")
    work = tmp_path_factory.mktemp(name)
    served = root if root is not None else checkouts.copy_checkout(work / "checkout", ROOT)
    server = start_lab(work, served, work / "lab.log", via_make=via_make)
    try:
        yield server
    finally:
        _stop(server)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab serving a fresh copy of the checkout (module scope: started once)."""
    with _serving(tmp_path_factory, "lab", None) as server:
        yield server


@pytest.fixture(scope="module")
def lab_on_checkout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab on the working tree itself, started as ``make lab`` starts it. Only for reading."""
    with _serving(tmp_path_factory, "lab-checkout", ROOT, via_make=True) as server:
        yield server


@contextlib.contextmanager
def _chromium_page() -> Iterator[Any]:
    """A page of headless Chromium (Debian's) at the test viewport, 60 s per action; closed after."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.set_default_timeout(60_000)
            yield page
        finally:
            browser.close()


def exercise(lab: Lab, names: list[str]) -> dict[str, float]:
    """Open, check, Run All and re-check each notebook in Chromium; return seconds per notebook."""
    from playwright.sync_api import expect

    timings: dict[str, float] = {}
    with _chromium_page() as page:
        for name in names:
            start = time.perf_counter()
            want = expected_outputs(lab.root / "notebooks" / name)
            page.goto(f"{lab.url}/lab/tree/notebooks/{name}?token={TOKEN}&reset")
            panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
            notebook = panel.locator(".jp-Notebook")
            expect(notebook.locator(".jp-Cell").first).to_be_visible()
            expect(notebook.locator(".jp-CodeCell")).to_have_count(want.code_cells)
            _expect_outputs(notebook, want, name, expect, before_run=True)
            # the kernel must be up before Run All (Lab starts it on opening)
            expect(panel.locator(".jp-Notebook-ExecutionIndicator")).to_have_attribute(
                "data-status", "idle", timeout=120_000
            )
            # Clear every output (the prompts go back to "[ ]:") so that what follows can only
            # have been produced by this run, then Run > Run All Cells.
            _menu(page, "Edit", "Clear Outputs of All Cells")
            expect(notebook.locator(".jp-OutputArea-output")).to_have_count(0)
            _menu(page, "Run", "Run All Cells")
            page.wait_for_function(_RUN_FINISHED, arg=want.code_cells, timeout=RUN_TIMEOUT_MS, polling=200)
            stderr = notebook.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
            assert stderr.count() == 0, f"{name}: stderr/error output after Run All:\n{stderr.first.inner_text()}"
            prompts = [t.strip() for t in notebook.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()]
            assert prompts == [f"[{i}]:" for i in range(1, want.code_cells + 1)], f"{name}: {prompts}"
            # Save, and read what the UI run produced from disk: no error, no stderr output.
            saved = lab.root / "notebooks" / name
            before = saved.stat().st_mtime_ns
            page.keyboard.press("Control+s")
            _wait_for(lambda: saved.stat().st_mtime_ns != before, f"{name} was not saved")
            problems = hygiene.output_problems(nbformat.read(saved, as_version=4))
            assert not problems, f"{name}: after Run All in JupyterLab: {problems}"
            _expect_outputs(notebook, want, name, expect, before_run=False)
            lab.shutdown_kernels()
            timings[name] = time.perf_counter() - start
    return timings


def _screenshot(page: object, notebook: object, path: Path) -> None:
    """Screenshot with the file browser collapsed and the first figure in view."""
    page.keyboard.press("Control+b")  # type: ignore[attr-defined]  # hide the left sidebar
    page.locator("#jp-left-stack").wait_for(state="hidden")  # type: ignore[attr-defined]
    cell = notebook.locator(".jp-CodeCell:has(.jp-RenderedImage img)").first  # type: ignore[attr-defined]
    cell.evaluate("el => el.scrollIntoView({block: 'start'})")  # the code, then its figure
    png = page.screenshot(animations="disabled", caret="hide")  # type: ignore[attr-defined]
    page.keyboard.press("Control+b")  # type: ignore[attr-defined]
    _keep_if_same_pixels(png, path)


def _keep_if_same_pixels(png: bytes, path: Path) -> bool:
    """Write the screenshot to ``path`` unless the file there already shows the same pixels.

    Chromium's PNG bytes vary between runs even when every pixel is equal; leaving an
    equal image alone keeps ``git status`` clean after ``make test``. Returns True if written.
    """
    import io

    from PIL import Image, ImageChops

    new = Image.open(io.BytesIO(png)).convert("RGB")
    if path.exists():
        old = Image.open(path).convert("RGB")
        if old.size == new.size and ImageChops.difference(old, new).getbbox() is None:
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    new.save(path, format="PNG", optimize=True)
    return True


def test_screenshot_is_rewritten_only_when_pixels_change(tmp_path: Path) -> None:
    import io

    from PIL import Image

    def png(color: str) -> bytes:
        buffer = io.BytesIO()
        Image.new("RGB", (4, 3), color).save(buffer, format="PNG")
        return buffer.getvalue()

    target = tmp_path / "docs" / "shot.png"
    assert _keep_if_same_pixels(png("white"), target)
    first = target.stat().st_mtime_ns, target.read_bytes()
    assert not _keep_if_same_pixels(png("white"), target)
    assert (target.stat().st_mtime_ns, target.read_bytes()) == first
    assert _keep_if_same_pixels(png("black"), target)
    assert Image.open(target).getpixel((0, 0)) == (0, 0, 0)


def _menu(page: object, menu: str, item: str) -> None:
    """Click ``menu`` in the menu bar, then ``item`` in the opened menu."""
    page.locator(".lm-MenuBar-item", has_text=menu).first.click()  # type: ignore[attr-defined]
    page.locator(".lm-Menu-item:visible", has_text=item).first.click()  # type: ignore[attr-defined]


def _wait_for(condition: object, message: str, timeout: float = 30) -> None:
    """Poll ``condition()`` until true or fail with ``message``."""
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.1)


def _expect_outputs(notebook: object, want: Expected, name: str, expect: object, before_run: bool) -> None:
    """The figures and tables of ``want`` are in the page and visible."""
    images = notebook.locator(".jp-OutputArea .jp-RenderedImage img")  # type: ignore[attr-defined]
    tables = notebook.locator(".jp-OutputArea .jp-RenderedHTMLCommon table")  # type: ignore[attr-defined]
    when = "as opened" if before_run else "after Run All"
    expect(images).to_have_count(want.images)  # type: ignore[operator]
    expect(tables).to_have_count(want.tables)  # type: ignore[operator]
    for locator in (images, tables):
        if locator.count():
            locator.first.scroll_into_view_if_needed()
            expect(locator.first).to_be_visible()  # type: ignore[operator]
            box = locator.first.bounding_box()
            assert box and box["width"] > 10 and box["height"] > 10, f"{name}: output not visible {when}"
    for index in range(images.count()):
        loaded = images.nth(index).evaluate("img => img.complete && img.naturalWidth > 0")
        assert loaded, f"{name}: figure {index + 1} did not decode {when}"


def test_notebooks_open_render_and_run_in_jupyterlab(lab: Lab) -> None:
    """Every notebook renders its stored outputs, runs cleanly through the UI, renders again."""
    names = [p.name for p in runner.discover(lab.root / "notebooks")]
    timings = exercise(lab, names)
    print({k: round(v, 1) for k, v in timings.items()})
    assert set(timings) == set(names)


def test_chromium_skip_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Chromium: skipped locally, a failure under CI=true."""
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        chromium_or_skip()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        chromium_or_skip()


def test_expected_outputs_counts(tmp_path: Path) -> None:
    """The counting of stored figures and tables that the browser check relies on."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    nb = new_notebook(cells=[new_markdown_cell("| a |\n|---|\n| 1 |"), new_code_cell("a"), new_code_cell("b"),
                             new_code_cell("c")])
    nb.cells[1].outputs = [new_output("display_data", data={"image/png": "iVBOR", "text/plain": "<Figure>"})]
    nb.cells[2].outputs = [new_output("execute_result", data={"text/html": "<table></table>"}, execution_count=2)]
    two_tables = "| claim | n |\n| :--- | ---: |\n| c01 | 2 |\n\ntext\n\n| a | b |\n|---|---|\n| x | y |"
    nb.cells[3].outputs = [new_output("display_data", data={"text/markdown": two_tables, "text/plain": "<md>"})]
    nbformat.write(nb, tmp_path / "n.ipynb")
    # Markdown cells are not outputs; a Markdown output holds as many tables as header rules
    assert expected_outputs(tmp_path / "n.ipynb") == Expected(code_cells=3, images=1, tables=3)


# --------------------------------------------------------------------------------------------
# reading a notebook changes nothing; tables fit


#: Every rendered table of the visible notebook wider than the output area that holds it.
_WIDE_TABLES = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  return [...panel.querySelectorAll('.jp-OutputArea-output table')].map((t, i) => {
    const area = t.closest('.jp-OutputArea-output').getBoundingClientRect();
    const width = t.getBoundingClientRect().width;
    return width > area.width + 1 ? `table ${i + 1}: ${Math.round(width)} px in an output area of ${Math.round(area.width)} px` : null;
  }).filter(x => x !== null);
}"""


@dataclass
class Reading:
    """What a reader of one notebook saw: open, read past the autosave interval, close."""

    name: str
    before: bytes
    after: bytes
    #: seconds (after the notebook had loaded and its kernel was idle) at which a tab showed unsaved changes
    dirty: list[float]
    #: closing the tab asked whether to save
    asked_to_save: bool
    wide_tables: list[str]
    screenshot_dirty: bool | None = None

    def diff(self) -> str:
        """Unified diff of the file from before to after (empty if unchanged)."""
        a, b = (x.decode("utf-8", "replace").splitlines(keepends=True) for x in (self.before, self.after))
        return "".join(difflib.unified_diff(a, b, f"{self.name} (before)", f"{self.name} (after)", n=1))


def read_and_close(
    lab: Lab, folder: str, names: list[str], screenshot: Path | None = None, into: list[Reading] | None = None
) -> list[Reading]:
    """Open each notebook of ``folder`` in Lab as a reader would, wait ``READ_SECONDS`` (several
    autosave intervals, after the kernel is connected) watching for the unsaved-changes marker,
    measure the tables, close the tab (answering "Discard" if Lab asks to save) and stop its
    kernel. Files are read, never written. Each reading is appended to ``into`` as soon as done."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    readings: list[Reading] = [] if into is None else into
    with _chromium_page() as page:
        for name in names:
            path = lab.root / folder / name
            before = path.read_bytes()
            want = expected_outputs(path)
            page.goto(f"{lab.url}/lab/tree/{folder}/{name}?token={TOKEN}&reset")
            notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
            expect(notebook.locator(".jp-CodeCell")).to_have_count(want.code_cells)
            _expect_outputs(notebook, want, name, expect, before_run=True)
            # The kernel is connected (Lab has its language_info) once the status bar says Idle.
            kernel_idle = page.get_by_role("button", name=re.compile(r"^Python 3 \(ipykernel\) \| Idle$"))
            expect(kernel_idle).to_be_visible(timeout=120_000)
            dirty_tabs = page.locator(".lm-TabBar-tab.jp-mod-dirty")
            dirty: list[float] = []
            start = time.monotonic()
            while (elapsed := time.monotonic() - start) < READ_SECONDS:
                if dirty_tabs.count():
                    dirty.append(round(elapsed, 1))
                time.sleep(0.2)
            wide = page.evaluate(_WIDE_TABLES)
            reading = Reading(name, before, b"", dirty, False, wide)
            if screenshot is not None and name.startswith(SCREENSHOT_OF):
                reading.screenshot_dirty = dirty_tabs.count() > 0
                _screenshot(page, notebook, screenshot)
            _menu(page, "File", "Close Tab")
            try:
                page.locator(".jp-Dialog").wait_for(timeout=1500)
                reading.asked_to_save = True
                page.locator(".jp-Dialog button", has_text="Discard").click()
            except PlaywrightTimeout:
                pass
            expect(page.locator(".jp-NotebookPanel")).to_have_count(0)
            lab.shutdown_kernels()
            reading.after = path.read_bytes()
            readings.append(reading)
    return readings


@pytest.fixture(scope="module")
def readings(lab_on_checkout: Lab) -> Iterator[list[Reading]]:
    """Every committed notebook read and closed in ``make lab`` on the working tree; any file
    Lab changed is put back (the failure is reported by the tests, not left as a diff)."""
    names = [p.name for p in runner.discover(NOTEBOOKS_DIR)]
    checkpoints = NOTEBOOKS_DIR / ".ipynb_checkpoints"
    had_checkpoints = checkpoints.exists()
    done: list[Reading] = []
    try:
        yield read_and_close(lab_on_checkout, "notebooks", names, screenshot=SCREENSHOT, into=done)
    finally:
        for reading in done:  # undo Lab's save only (not a change made since by someone else)
            path = NOTEBOOKS_DIR / reading.name
            if reading.after != reading.before and path.read_bytes() == reading.after:
                path.write_bytes(reading.before)
        if not had_checkpoints:
            shutil.rmtree(checkpoints, ignore_errors=True)


def test_make_lab_opens_the_repository_at_the_notebooks_folder(lab_on_checkout: Lab) -> None:
    """`make lab`: the start page lists notebooks/, and the root (one click up) holds data/ and figures/."""
    from playwright.sync_api import expect

    with _chromium_page() as page:
        page.goto(f"{lab_on_checkout.url}/?token={TOKEN}")
        listing = page.locator(".jp-DirListing-item .jp-DirListing-itemName")
        expect(listing.first).to_be_visible(timeout=60_000)
        expect(page.locator(".jp-BreadCrumbs")).to_contain_text("notebooks")
        names = [p.name for p in runner.discover(NOTEBOOKS_DIR)]
        expect(listing).to_have_text(names)
        page.locator(".jp-BreadCrumbs-home").click()
        expect(listing.filter(has_text="figures")).to_have_count(1)
        shown = listing.all_inner_texts()
        assert {"data", "figures", "notebooks", "README.md"} <= set(shown), shown


def test_reading_a_notebook_in_jupyterlab_changes_nothing(readings: list[Reading]) -> None:
    """Open, read past the autosave interval, close: every committed notebook keeps its bytes, no
    tab shows unsaved changes and closing does not ask to save."""
    assert [r.name for r in readings] == [p.name for p in runner.discover(NOTEBOOKS_DIR)]
    changed = [r.diff() for r in readings if r.after != r.before]
    assert not changed, "JupyterLab rewrote notebooks that were only read:\n" + "\n".join(changed)
    assert not [(r.name, r.dirty) for r in readings if r.dirty], "unsaved-changes marker while reading"
    assert not [r.name for r in readings if r.asked_to_save], "closing the tab asked to save"


def test_the_readme_screenshot_shows_notebook_01_with_nothing_unsaved(readings: list[Reading]) -> None:
    """docs/jupyterlab.png was taken while notebook 01 was read, with no unsaved-changes marker."""
    shot = [r for r in readings if r.name.startswith(SCREENSHOT_OF)]
    assert len(shot) == 1 and shot[0].screenshot_dirty is False, shot
    assert SCREENSHOT.is_file()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"![Notebook {SCREENSHOT_OF.strip('-')} open in JupyterLab" in readme


class TableTooWide(AssertionError):
    """A rendered table is wider than the output area that holds it."""


def test_committed_tables_fit_the_notebook_area(readings: list[Reading]) -> None:
    """No rendered table of a committed notebook is wider than its output area (at 1280 px)."""
    wide = {r.name: r.wide_tables for r in readings if r.wide_tables}
    if wide:
        raise TableTooWide(f"tables wider than the notebook area: {wide}")


def test_the_reading_walk_catches_a_change_and_a_wide_table(lab: Lab) -> None:
    """Control (in the copy): a notebook committed the old way, without ``language_info.version``,
    is rewritten by autosave within the reading time (Lab adds the kernel's Python version and
    nothing else), the marker shows; a table wider than the page is reported, a narrow one not."""
    from nbformat.v4 import new_code_cell, new_output

    source = runner.discover(lab.root / "notebooks")[0]
    scratch = lab.root / "scratch"
    scratch.mkdir(exist_ok=True)
    nb = nbformat.read(source, as_version=4)
    del nb.metadata.language_info["version"]
    wide_html = "<table><tr><td style='white-space: nowrap'>" + "wide " * 400 + "</td></tr></table>"
    nb.cells += [
        new_code_cell("narrow", outputs=[new_output("display_data", data={"text/html": "<table><tr><td>a</td></tr></table>"})]),
        new_code_cell("wide", outputs=[new_output("display_data", data={"text/html": wide_html})]),
    ]
    (scratch / source.name).write_text(hygiene.dumps(nb), encoding="utf-8")
    (reading,) = read_and_close(lab, "scratch", [source.name])
    assert reading.after != reading.before, "autosave did not write within the reading time"
    saved = nbformat.reads(reading.after.decode("utf-8"), as_version=4)
    assert saved.metadata.language_info.pop("version") == platform.python_version()
    assert hygiene.dumps(saved) == reading.before.decode("utf-8"), "Lab changed more than language_info.version"
    assert reading.dirty, "the unsaved-changes marker was not seen"
    stored_tables = expected_outputs(scratch / source.name).tables
    reported = [w.split(":")[0] for w in reading.wide_tables]
    assert f"table {stored_tables}" in reported and f"table {stored_tables - 1}" not in reported, reported
