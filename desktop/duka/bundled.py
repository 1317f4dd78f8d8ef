"""Where the bundled catalogs and resources are, installed or in a checkout.

A wheel carries them inside the package (duka/locales, duka/resources); a checkout or an
editable install keeps them at the top of the repository, where the project layout puts them.
"""

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def bundled_dir(name: str) -> Path:
    """The folder of bundled files called `name` ("locales" or "resources")."""
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent.parent / name


def locales_dir() -> Path:
    return bundled_dir("locales")


def resources_dir() -> Path:
    return bundled_dir("resources")
