"""environment.yml (conda), requirements.txt (pip) and pyproject.toml name the same pinned packages."""

from __future__ import annotations

import re
import tomllib

import yaml

from helpers import paths

EXEMPT = {"python", "pip", "-e ."}


def normalise(name: str) -> str:
    """PEP 503-style name: lowercase, runs of -, _ and . as one dash."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def conda_pins() -> dict[str, str]:
    """Package -> version for every conda and pip entry of environment.yml (exempt entries skipped)."""
    document = yaml.safe_load((paths.ROOT / "environment.yml").read_text(encoding="utf-8"))
    entries: list[str] = []
    for item in document["dependencies"]:
        entries += item["pip"] if isinstance(item, dict) else [item]
    pins = {}
    for entry in entries:
        if entry.strip() in EXEMPT or entry.split("=")[0].strip() in EXEMPT:
            continue
        name, _, version = re.split(r"(==|=)", entry, maxsplit=1)
        pins[normalise(name)] = version.strip()
    return pins


def pip_pins() -> dict[str, str]:
    """Package -> version from requirements.txt (pip freeze format)."""
    pins = {}
    for line in (paths.ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            name, _, version = line.partition("==")
            pins[normalise(name)] = version.strip()
    return pins


def pyproject_names() -> set[str]:
    """Every runtime and optional dependency of pyproject.toml, normalised, without versions."""
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    return {normalise(re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]) for requirement in requirements}


def test_every_conda_package_is_pinned_alike_for_pip():
    conda, pip = conda_pins(), pip_pins()
    assert conda, "environment.yml names no packages"
    missing = sorted(set(conda) - set(pip))
    assert not missing, f"in environment.yml but not in requirements.txt: {missing}"
    differ = {name: (conda[name], pip[name]) for name in conda if conda[name] != pip[name]}
    assert not differ, f"versions differ (environment.yml, requirements.txt): {differ}"


def test_every_pin_is_exact():
    assert all(re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", version) for version in conda_pins().values())
    assert all(re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", version) for version in pip_pins().values())


def test_every_pyproject_dependency_is_in_both():
    names = pyproject_names()
    assert not names - set(conda_pins()), f"missing from environment.yml: {sorted(names - set(conda_pins()))}"
    assert not names - set(pip_pins()), f"missing from requirements.txt: {sorted(names - set(pip_pins()))}"


def test_normalise():
    assert normalise("basemap_data_hires") == normalise("Basemap-Data-Hires") == "basemap-data-hires"
