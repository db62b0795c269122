"""``python -m helpers validate``: exit codes and one line per problem."""

from __future__ import annotations

import subprocess
import sys

from helpers import paths
from helpers.__main__ import USAGE, main


def test_valid_directory(corpus, capsys):
    assert main(["validate", str(corpus.path)]) == 0
    assert capsys.readouterr().out == "OK: 12 tables, 26 rows\n"


def test_one_line_per_problem(corpus, capsys):
    corpus.set_cell("islands", 2, "lat", "95")
    corpus.set_cell("places", 2, "island_id", "atlantis")
    assert main(["validate", str(corpus.path)]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        "data/islands.csv:2: column 'lat' value '95': lat must be between -90 and 90",
        "data/places.csv:2: column 'island_id' value 'atlantis': island_id 'atlantis' is not in islands.csv",
    ]
    assert out.err == "2 problem(s)\n"


def test_missing_directory(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nowhere")]) == 1
    assert "data directory does not exist" in capsys.readouterr().out


def test_default_directory(corpus, monkeypatch, capsys):
    monkeypatch.setattr(paths, "DATA_DIR", corpus.path)
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.startswith("OK: 12 tables")


def test_bad_usage(capsys):
    for argv in ([], ["check"], ["validate", "a", "b"], ["validate", "--strict"]):
        assert main(argv) == 2
        assert capsys.readouterr().err == USAGE + "\n"


def test_help(capsys):
    assert main(["--help"]) == 0
    assert capsys.readouterr().out == USAGE + "\n"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m helpers`` with ``args``."""
    command = [sys.executable, "-m", "helpers", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_module_entry_point_on_bad_and_unreadable_data(corpus):
    corpus.file("events").write_bytes(b"event_id,date\n\xff\xfe\n")
    corpus.file("places").unlink()
    corpus.file("places").mkdir()
    result = run("validate", str(corpus.path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert any(line.startswith("data/events.csv:2:") for line in result.stdout.splitlines())
    assert any(line.startswith("data/places.csv: file cannot be read") for line in result.stdout.splitlines())


def test_module_entry_point_usage():
    result = run()
    assert result.returncode == 2 and result.stderr.startswith("usage:")
