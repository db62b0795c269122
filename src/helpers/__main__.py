"""Command line: ``python -m helpers validate [DATA_DIR]``.

Exit status 0 and ``OK: 11 tables, N rows`` when every table of DATA_DIR (default ``data/``) meets
``datapackage.json``; exit status 1 and one line per problem
(``FILE:ROW: column 'COL' value 'VAL': RULE``) otherwise; exit status 2 on bad usage.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from helpers import paths
from helpers.validate import check_package

USAGE = "usage: python -m helpers validate [DATA_DIR]"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if not args or args[0] != "validate" or len(args) > 2 or any(a.startswith("-") for a in args[1:]):
        print(USAGE, file=sys.stderr)
        return 2
    return validate_command(Path(args[1]) if len(args) == 2 else paths.DATA_DIR)


def validate_command(data_dir: Path) -> int:
    """Print the verdict on ``data_dir``; 0 if valid, 1 if not."""
    result = check_package(data_dir)
    if result.problems:
        for problem in result.problems:
            print(problem)
        print(f"{len(result.problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"OK: {len(result.tables)} tables, {result.row_count} rows")
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised through subprocess in tests
    sys.exit(main())
