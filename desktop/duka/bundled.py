"""Where the bundled catalogs and resources are, installed, frozen or in a checkout.

A wheel carries them inside the package (duka/locales, duka/resources); a checkout or an
editable install keeps them at the top of the repository, where the project layout puts them.
A PyInstaller bundle (sys.frozen) unpacks them under sys._MEIPASS, in duka/locales and
duka/resources as packaging/duka.spec places them: looked for there first, since a frozen
module's __file__ is whatever the freezing tool chose to say.
"""

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _frozen_package_dir() -> Path | None:
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "duka"
    return None


@cache
def bundled_dir(name: str) -> Path:
    """The folder of bundled files called `name` ("locales" or "resources")."""
    frozen = _frozen_package_dir()
    for package in (frozen, _PACKAGE_DIR):
        if package is not None and (package / name).is_dir():
            return package / name
    return _PACKAGE_DIR.parent.parent / name


def locales_dir() -> Path:
    return bundled_dir("locales")


def resources_dir() -> Path:
    return bundled_dir("resources")
