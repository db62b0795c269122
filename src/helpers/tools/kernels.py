"""Running a notebook's cells in a fresh kernel: the problems that stop it, and cell timings.

The runner (:mod:`helpers.tools.runner`) hands each notebook's nbclient client to
:func:`execute_cells`; a kernel that lost its port at start-up is started once more.
"""

from __future__ import annotations

import tempfile
from datetime import datetime

from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbformat import NotebookNode

#: A kernel start-up failure worth one more try: between choosing its ports and binding them, the
#: kernel lost one to another process (kernels of parallel jobs or of another run on the machine).
PORT_RACE = "Address already in use"


def execute_cells(client: NotebookClient, env: dict[str, str]) -> list[str]:
    """Run every cell of ``client``'s notebook; the problems that stop it from being written.

    A kernel that died at start-up over a port taken in the meantime is started once more (no
    cell has run then, so nothing is repeated); any other failure is reported at once.
    """
    problems, port_race = _execute_once(client, env)
    if port_race:
        problems, _ = _execute_once(client, env)
    return problems


def _execute_once(client: NotebookClient, env: dict[str, str]) -> tuple[list[str], bool]:
    """One kernel, every cell: the problems, and whether the kernel lost its port at start-up."""
    # The kernel process's own stderr (ipykernel's start-up warnings) goes to a scratch file and
    # is shown only when the kernel fails; what the notebook writes to stderr is in its outputs.
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as kernel_log:
        try:
            client.execute(env=env, stderr=kernel_log)
        except CellExecutionError as exc:
            cells = client.nb.cells
            if not any(o.get("output_type") == "error" for c in cells for o in c.get("outputs", [])):
                return [f"error: {exc.ename}: {exc.evalue}"], False
        except (CellTimeoutError, DeadKernelError, RuntimeError, OSError) as exc:
            kernel_log.seek(0)
            log = kernel_log.read()
            tail = " | ".join(log.strip().splitlines()[-5:])
            port_race = PORT_RACE in log and not _any_cell_ran(client.nb)
            return [f"{type(exc).__name__}: {_first_line(exc)} (kernel stderr: {tail})"], port_race
    return [], False


def _any_cell_ran(nb: NotebookNode) -> bool:
    """True once a code cell of ``nb`` has an execution count or an output."""
    return any(cell.get("execution_count") or cell.get("outputs")
               for cell in nb.cells if cell.cell_type == "code")


def cell_timings(nb: NotebookNode) -> list[tuple[int, float]]:
    """(1-based cell number, seconds) of each executed code cell, from nbclient's timing metadata."""
    out = []
    for number, cell in enumerate(nb.cells, start=1):
        stamps = cell.get("metadata", {}).get("execution", {})
        begin, end = stamps.get("iopub.execute_input"), stamps.get("shell.execute_reply")
        if cell.cell_type == "code" and begin and end:
            seconds = (datetime.fromisoformat(end.replace("Z", "+00:00")) - datetime.fromisoformat(begin.replace("Z", "+00:00")))
            out.append((number, seconds.total_seconds()))
    return out


def _first_line(exc: BaseException) -> str:
    """First non-empty line of an exception's message."""
    return next((line for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
