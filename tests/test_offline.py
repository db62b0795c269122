"""cartopy must never download: every attempt fails at once, naming the URL and data/geo."""

from __future__ import annotations

import io
import socket
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cartopy
import cartopy.crs as ccrs
import cartopy.feature as cfeature
import cartopy.io
import cartopy.io.img_tiles
import pytest
from matplotlib.figure import Figure

from helpers import geodata, offline
from helpers.tools import coastlines


def _no_network(*args: Any, **kwargs: Any) -> None:
    raise AssertionError("a test of the offline module touched the network")


@pytest.fixture
def forbidden(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Forbid downloads for one test, with sockets blocked as a second line of defence."""
    was_forbidden = offline.downloads_forbidden()
    monkeypatch.setattr(socket.socket, "connect", _no_network)
    monkeypatch.setattr(socket, "create_connection", _no_network)
    offline.forbid_downloads()
    yield
    if not was_forbidden:
        offline.allow_downloads()


def _map(extent: tuple[float, float, float, float]) -> tuple[Figure, Any]:
    fig = Figure(figsize=(4, 3), dpi=50)
    ax = fig.add_subplot(projection=ccrs.PlateCarree())
    ax.set_extent(extent, crs=ccrs.PlateCarree())
    return fig, ax


@pytest.mark.usefixtures("forbidden")
def test_ax_coastlines_raises_on_draw_naming_the_url() -> None:
    fig, ax = _map(coastlines.NT_EXTENT)
    ax.coastlines()
    with pytest.raises(offline.DownloadForbiddenError) as info:
        fig.savefig(io.BytesIO(), format="png")
    message = str(info.value)
    assert "naturalearth" in message and "coastline" in message
    assert "data/geo" in message
    assert info.value.url.startswith("http")


@pytest.mark.usefixtures("forbidden")
def test_feature_land_raises_on_draw() -> None:
    fig, ax = _map(coastlines.REGIONAL_EXTENT)
    ax.add_feature(cfeature.LAND.with_scale("50m"))
    with pytest.raises(offline.DownloadForbiddenError, match="land"):
        fig.savefig(io.BytesIO(), format="png")


@pytest.mark.usefixtures("forbidden")
def test_gshhs_feature_raises_on_draw() -> None:
    fig, ax = _map(coastlines.NT_EXTENT)
    ax.add_feature(cfeature.GSHHSFeature(scale="f"))
    with pytest.raises(offline.DownloadForbiddenError, match="gshhg"):
        fig.savefig(io.BytesIO(), format="png")


@pytest.mark.usefixtures("forbidden")
def test_map_tiles_raise() -> None:
    with pytest.raises(offline.DownloadForbiddenError, match="openstreetmap"):
        cartopy.io.img_tiles.OSM().get_image((0, 0, 0))


@pytest.mark.usefixtures("forbidden")
def test_direct_downloader_calls_and_warning_raise() -> None:
    downloader = cartopy.io.Downloader("https://example.invalid/x.zip", "/nonexistent/x.zip")
    with pytest.raises(offline.DownloadForbiddenError, match="example.invalid"):
        downloader._urlopen("https://example.invalid/x.zip")
    with pytest.raises(offline.DownloadForbiddenError, match="example.invalid"):
        downloader.path({})
    with pytest.raises(cartopy.io.DownloadWarning):
        warnings.warn("Downloading: https://example.invalid", cartopy.io.DownloadWarning)


@pytest.mark.usefixtures("forbidden")
def test_local_files_are_still_used(tmp_path: Path) -> None:
    pre = tmp_path / "pre.shp"
    target = tmp_path / "target.shp"
    downloader = cartopy.io.Downloader(
        "https://example.invalid/x.zip", str(target), pre_downloaded_path_template=str(pre)
    )
    target.write_bytes(b"")
    assert downloader.path({}) == target
    pre.write_bytes(b"")
    assert downloader.path({}) == pre


@pytest.mark.usefixtures("forbidden")
def test_shipped_geometries_draw_without_network() -> None:
    fig, ax = _map(coastlines.NT_EXTENT)
    ax.add_geometries(geodata.coastlines("full"), crs=ccrs.PlateCarree(), facecolor="0.9")
    ax.add_geometries(
        list(geodata.island_polygons().values()), crs=ccrs.PlateCarree(), facecolor="red"
    )
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    assert buf.getvalue().startswith(b"\x89PNG")
    fig, ax = _map(coastlines.REGIONAL_EXTENT)
    ax.add_geometries(geodata.coastlines("regional"), crs=ccrs.PlateCarree())
    fig.savefig(io.BytesIO(), format="png")


@pytest.mark.usefixtures("forbidden")
def test_cartopy_data_dirs_are_isolated() -> None:
    assert cartopy.config["data_dir"] == str(offline.CARTOPY_DATA_DIR)
    assert cartopy.config["pre_existing_data_dir"] == str(offline.CARTOPY_DATA_DIR)
    assert offline.CARTOPY_DATA_DIR.parent == geodata.GEO_DIR


def test_forbid_is_idempotent_and_reversible() -> None:
    was_forbidden = offline.downloads_forbidden()
    original_path = cartopy.io.Downloader.path
    original_dir = cartopy.config["data_dir"]
    try:
        offline.allow_downloads()
        offline.allow_downloads()  # harmless when nothing is patched
        unpatched = cartopy.io.Downloader.path
        offline.forbid_downloads()
        offline.forbid_downloads()
        assert offline.downloads_forbidden()
        offline.allow_downloads()
        assert not offline.downloads_forbidden()
        assert cartopy.io.Downloader.path is unpatched
        offline.forbid_downloads(isolate=False)
        assert offline.downloads_forbidden()
    finally:
        offline.allow_downloads()
        if was_forbidden:
            offline.forbid_downloads()
    assert cartopy.io.Downloader.path is original_path
    assert cartopy.config["data_dir"] == original_dir
