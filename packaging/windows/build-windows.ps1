# Builds Duka's Windows installer, from the top of a checkout, in PowerShell:
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build-windows.ps1
#
# 1. a virtual environment (build\venv-windows) with Duka and PyInstaller installed;
# 2. Duka's icon drawn from resources\icons\duka.svg (build\icons\duka.ico);
# 3. the one-folder bundle dist\duka\ from packaging\duka.spec;
# 4. the installer dist\duka-<version>-windows-x64-setup.exe from packaging\windows\duka.iss
#    with Inno Setup 6's ISCC (on PATH, in its usual folder, or named by -Iscc).
# Needs Python 3.11 or later (python.org's, or -Python to name another) and Inno Setup 6.3
# or later (the x64compatible architecture).
[CmdletBinding()]
param(
    [string]$Python = "python",
    [string]$Iscc = ""
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $root

# PowerShell does not stop on a program's failure by itself: every call goes through this.
function Invoke-Checked {
    param([string]$Program, [string[]]$Arguments)
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "$Program $($Arguments -join ' ') failed with exit code $LASTEXITCODE"
    }
}

$venv = Join-Path $root "build\venv-windows"
if (-not (Test-Path (Join-Path $venv "Scripts\python.exe"))) {
    Invoke-Checked $Python @("-m", "venv", $venv)
}
$py = Join-Path $venv "Scripts\python.exe"
Invoke-Checked $py @("-m", "pip", "install", "--quiet", "--upgrade", "pip")
Invoke-Checked $py @("-m", "pip", "install", "--quiet", ".", "pyinstaller>=6.10")

$icons = Join-Path $root "build\icons"
Invoke-Checked $py @("packaging\make_icons.py", $icons)

$dist = Join-Path $root "dist"
if (Test-Path (Join-Path $dist "duka")) { Remove-Item -Recurse -Force (Join-Path $dist "duka") }
Invoke-Checked $py @(
    "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
    "--distpath", $dist, "--workpath", (Join-Path $root "build\pyinstaller"),
    "packaging\duka.spec"
)
$exe = Join-Path $dist "duka\duka.exe"
if (-not (Test-Path $exe)) { throw "PyInstaller made no $exe" }

# The version the bundle was made from: the installed package PyInstaller has just frozen.
$version = (& $py -c "import duka; print(duka.__version__)").Trim()
if ($LASTEXITCODE -ne 0 -or -not $version) { throw "could not read Duka's version" }

if (-not $Iscc) {
    $found = Get-Command "iscc" -ErrorAction SilentlyContinue
    if ($found) {
        $Iscc = $found.Source
    } else {
        $Iscc = @(
            (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
            (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"),
            (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe")
        ) | Where-Object { Test-Path $_ } | Select-Object -First 1
    }
}
if (-not $Iscc) {
    throw "Inno Setup 6 is not installed (https://jrsoftware.org/isinfo.php, or: choco install innosetup)"
}
Invoke-Checked $Iscc @(
    "/Qp",
    "/DAppVersion=$version",
    "/DSourceDir=$(Join-Path $dist 'duka')",
    "/DIconFile=$(Join-Path $icons 'duka.ico')",
    "/DOutputDir=$dist",
    "packaging\windows\duka.iss"
)
$setup = Join-Path $dist "duka-$version-windows-x64-setup.exe"
if (-not (Test-Path $setup)) { throw "Inno Setup made no $setup" }
$size = [math]::Round((Get-Item $setup).Length / 1MB, 1)
Write-Host "build-windows: $setup ($size MB)"
