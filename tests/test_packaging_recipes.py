"""The Windows and macOS recipes, checked here where they cannot run: the macOS spec wraps
duka.spec's bundle (run with PyInstaller's build steps recorded), the installer script asks
for no administrator rights, the scripts and the workflow agree on the files' names, and the
icons are drawn from the SVG."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"


class Step:
    """One PyInstaller build step as a spec calls it: what it was given."""

    made: list[Step]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.scripts: list[Any] = []
        self.pure: list[Any] = []
        self.binaries: list[tuple[str, str, str]] = []
        self.datas: list[tuple[str, str, str]] = []
        type(self).made.append(self)


def _steps() -> dict[str, type[Step]]:
    return {
        name: type(name, (Step,), {"made": []})
        for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")
    }


def run_spec(spec: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, type[Step]]:
    """Run a spec as PyInstaller does (its names in the namespace), recording the steps."""
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = lambda package, **_: [(f"{package}/data.json", package)]  # type: ignore[attr-defined]
    hooks.collect_submodules = lambda package, **_: [f"{package}.module"]  # type: ignore[attr-defined]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    steps = _steps()
    namespace: dict[str, Any] = {"SPECPATH": str(spec.parent), "__name__": "__main__", **steps}
    exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), namespace)
    return steps


def test_the_macos_spec_wraps_the_bundle_of_duka_spec(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DUKA_VERSION", "1.2.3")
    monkeypatch.setenv("DUKA_ICNS", str(tmp_path / "duka.icns"))
    steps = run_spec(PACKAGING / "duka-macos.spec", monkeypatch)

    [analysis] = steps["Analysis"].made
    assert analysis.args[0] == [str(ROOT / "desktop" / "duka" / "__main__.py")]
    [collected] = steps["COLLECT"].made
    [app] = steps["BUNDLE"].made
    assert app.args == (collected,)
    assert app.kwargs["name"] == "Duka.app"
    assert app.kwargs["bundle_identifier"] == "org.duka.Duka"
    assert app.kwargs["icon"] == str(tmp_path / "duka.icns")
    assert app.kwargs["version"] == "1.2.3"
    assert app.kwargs["info_plist"]["CFBundleShortVersionString"] == "1.2.3"
    # The same bundle as on the other systems: duka.spec ran once, its executable is "duka".
    [exe] = steps["EXE"].made
    assert exe.kwargs["name"] == "duka" and collected.args[0] is exe


def setup_section(script: str) -> dict[str, str]:
    section = script.split("[Setup]", 1)[1].split("\n[", 1)[0]
    pairs = (line.split("=", 1) for line in section.splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs if not key.startswith(";")}


def test_the_windows_installer_is_per_user_with_a_start_menu_entry() -> None:
    script = (PACKAGING / "windows" / "duka.iss").read_text(encoding="utf-8")
    setup = setup_section(script)
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup  # never offers "for all users"
    # {autopf} is %LOCALAPPDATA%\Programs when the installer runs without elevation.
    assert setup["DefaultDirName"] == "{autopf}\\Duka"
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["AppVersion"] == "{#AppVersion}"
    assert "{app}" in setup["UninstallDisplayIcon"]
    icons = script.split("[Icons]", 1)[1].split("\n[", 1)[0]
    menu = next(line for line in icons.splitlines() if line.startswith('Name: "{autoprograms}'))
    assert 'Filename: "{app}\\duka.exe"' in menu and 'IconFilename: "{app}\\duka.ico"' in menu
    # Every file the bundle holds, and nothing removed on uninstall beyond what it installed
    # (the shop lives in %APPDATA%\Duka).
    assert 'Source: "{#SourceDir}\\*"' in script and "recursesubdirs" in script
    assert "[UninstallDelete]\n" not in script


def test_scripts_and_workflow_agree_on_the_installers_names() -> None:
    iss = setup_section((PACKAGING / "windows" / "duka.iss").read_text(encoding="utf-8"))
    assert iss["OutputBaseFilename"] == "duka-{#AppVersion}-windows-x64-setup"
    ps1 = (PACKAGING / "windows" / "build-windows.ps1").read_text(encoding="utf-8")
    assert '"duka-$version-windows-x64-setup.exe"' in ps1
    assert "packaging\\duka.spec" in ps1 and "packaging\\windows\\duka.iss" in ps1
    mac = (PACKAGING / "macos" / "build-macos.sh").read_text(encoding="utf-8")
    assert "image=dist/Duka-$version-macos-$arch.dmg" in mac
    assert "-volname Duka" in mac and "-format UDZO" in mac and "iconutil -c icns" in mac

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "packages.yml").read_text())
    jobs = workflow["jobs"]
    assert {name: job["runs-on"] for name, job in jobs.items()} == {
        "linux": "ubuntu-latest",
        "windows": "windows-latest",
        "macos": "macos-latest",
    }
    # The Debian package is built on Debian 12 (its Python is 3.11): a newer system's
    # C library would make the package refuse to install there.
    assert jobs["linux"]["container"] == "debian:12"
    for name in ("windows", "macos"):
        python = next(
            s for s in jobs[name]["steps"] if s.get("uses", "").startswith("actions/setup-python")
        )
        assert python["with"]["python-version"] == "3.11"
    uploaded = {
        name: [s["with"]["path"] for s in job["steps"] if "upload-artifact" in s.get("uses", "")]
        for name, job in jobs.items()
    }
    assert uploaded["windows"][0] == "dist/duka-*-windows-x64-setup.exe"
    assert uploaded["macos"][0] == "dist/Duka-*-macos-*.dmg"
    assert uploaded["linux"][0] == "dist/*.deb"
    runs = {name: " ".join(s.get("run", "") for s in job["steps"]) for name, job in jobs.items()}
    assert "bash packaging/build-linux.sh && bash packaging/test-linux.sh" in runs["linux"]
    assert "build-windows.ps1" in runs["windows"] and "test-windows.ps1" in runs["windows"]
    assert "build-macos.sh" in runs["macos"] and "test-macos.sh" in runs["macos"]


def test_the_icons_are_drawn_from_the_svg(qapp: object, tmp_path: Path) -> None:
    # qapp: the one QApplication of the test run, which make_icons draws with.
    sys.path.insert(0, str(PACKAGING))
    try:
        import make_icons
    finally:
        sys.path.remove(str(PACKAGING))
    assert make_icons.main([str(tmp_path), "--icns"]) == 0

    with Image.open(tmp_path / "duka.ico") as ico:
        assert {16, 32, 48, 256} <= {width for width, _height in ico.info["sizes"]}
        ico.size = (256, 256)
        ico.load()
        corner, middle = (
            ico.convert("RGBA").getpixel((1, 1)),
            ico.convert("RGBA").getpixel((128, 128)),
        )
        assert corner[3] == 0 and middle[3] == 255  # round corners see through; the shop does not
    names = sorted(p.name for p in (tmp_path / "duka.iconset").iterdir())
    expected = sorted(
        f"icon_{n}x{n}{scale}.png" for n in (16, 32, 128, 256, 512) for scale in ("", "@2x")
    )
    assert names == expected  # exactly what iconutil -c icns reads
    with Image.open(tmp_path / "duka.iconset" / "icon_512x512@2x.png") as largest:
        assert largest.size == (1024, 1024)
    with Image.open(tmp_path / "duka.icns") as icns:
        assert icns.format == "ICNS"


def test_every_package_of_the_code_is_installed() -> None:
    """`pip install .` (the newcomer's install) copies only the packages pyproject lists: a
    package left out installs without error and fails when first used."""
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    code = ROOT / "desktop"
    found = {".".join(init.parent.relative_to(code).parts) for init in code.rglob("__init__.py")}
    assert found <= listed
