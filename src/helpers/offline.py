"""Make every cartopy download fail loudly, at once, naming the URL.

cartopy fetches Natural Earth and GSHHS shapefiles (``ax.coastlines()``, ``cartopy.feature.LAND``,
``GSHHSFeature`` ...) and map tiles on first use. This package must run offline, so call
:func:`forbid_downloads` in every notebook's set-up cell and in the tests; then draw the shipped
coastlines of :mod:`helpers.geodata` with ``ax.add_geometries``.

What it does (idempotent):

- turns :class:`cartopy.io.DownloadWarning` into an error (``warnings`` filter);
- replaces ``cartopy.io.Downloader.path`` and ``Downloader._urlopen`` (the paths every shapefile and
  SRTM download takes) and ``GoogleWTS.get_image`` (map tiles) with versions that raise
  :class:`DownloadForbiddenError` instead of touching the network;
- points cartopy's ``data_dir`` and ``pre_existing_data_dir`` at ``data/geo/cartopy`` (absent
  unless a file is deliberately vendored there), so that shapefiles a user downloaded earlier into
  ``~/.local/share/cartopy`` cannot make a figure differ from machine to machine.

The error surfaces when matplotlib draws the figure (``savefig`` or inline display), not when
``ax.coastlines()`` is called, because cartopy reads features lazily.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import cartopy
import cartopy.io
import cartopy.io.img_tiles

from helpers.paths import GEO_DIR

#: cartopy's data directory while downloads are forbidden (nothing is shipped there by default).
CARTOPY_DATA_DIR: Path = GEO_DIR / "cartopy"

_HINT = (
    "Downloads are forbidden in this package (helpers.offline.forbid_downloads). Draw the "
    "shipped GSHHG coastlines from data/geo/ instead: "
    "ax.add_geometries(helpers.geodata.coastlines('regional'), crs=ccrs.PlateCarree(), ...)."
)

_ORIGINALS: dict[str, Any] = {}


class DownloadForbiddenError(RuntimeError):
    """A cartopy download was attempted while downloads are forbidden."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(f"cartopy tried to download {url}. {_HINT}")


def _forbidden_urlopen(self: cartopy.io.Downloader, url: str) -> Any:
    raise DownloadForbiddenError(str(url))


def _forbidden_path(self: cartopy.io.Downloader, format_dict: dict[str, Any]) -> Path:
    """``Downloader.path`` that returns local files but never acquires a missing one."""
    pre = self.pre_downloaded_path(format_dict)
    if pre is not None and Path(pre).exists():
        return Path(pre)
    target = Path(self.target_path(format_dict))
    if target.exists():
        return target
    raise DownloadForbiddenError(self.url(format_dict))


def _forbidden_get_image(self: cartopy.io.img_tiles.GoogleWTS, tile: Any) -> Any:
    raise DownloadForbiddenError(self._image_url(tile))


def forbid_downloads(isolate: bool = True) -> None:
    """Make any cartopy download raise :class:`DownloadForbiddenError` immediately.

    With ``isolate`` (default) cartopy's data directories are pointed at
    :data:`CARTOPY_DATA_DIR`, so previously downloaded files elsewhere are ignored. Safe to call
    any number of times.
    """
    warnings.filterwarnings("error", category=cartopy.io.DownloadWarning)
    downloader = cartopy.io.Downloader
    tiles = cartopy.io.img_tiles.GoogleWTS
    if not _ORIGINALS:
        _ORIGINALS.update(
            urlopen=downloader._urlopen, path=downloader.path, get_image=tiles.get_image
        )
        _ORIGINALS["config"] = {
            k: cartopy.config.get(k) for k in ("data_dir", "pre_existing_data_dir")
        }
    downloader._urlopen = _forbidden_urlopen  # type: ignore[method-assign]
    downloader.path = _forbidden_path  # type: ignore[method-assign]
    tiles.get_image = _forbidden_get_image  # type: ignore[method-assign]
    if isolate:
        cartopy.config["data_dir"] = str(CARTOPY_DATA_DIR)
        cartopy.config["pre_existing_data_dir"] = str(CARTOPY_DATA_DIR)


def downloads_forbidden() -> bool:
    """Return True if :func:`forbid_downloads` is in force."""
    return cartopy.io.Downloader.path is _forbidden_path


def allow_downloads() -> None:
    """Undo :func:`forbid_downloads` (for tests of this module; notebooks never call it)."""
    if not _ORIGINALS:
        return
    cartopy.io.Downloader._urlopen = _ORIGINALS["urlopen"]  # type: ignore[method-assign]
    cartopy.io.Downloader.path = _ORIGINALS["path"]  # type: ignore[method-assign]
    cartopy.io.img_tiles.GoogleWTS.get_image = _ORIGINALS["get_image"]  # type: ignore[method-assign]
    cartopy.config.update(_ORIGINALS["config"])
    warnings.filterwarnings("default", category=cartopy.io.DownloadWarning)
    _ORIGINALS.clear()
