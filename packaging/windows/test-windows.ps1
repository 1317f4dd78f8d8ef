# Installs the Windows installer that build-windows.ps1 made (per user, silently), runs the
# installed Duka, not the source, and uninstalls it:
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\test-windows.ps1 [-Out FOLDER]
#
# Checks: the installer asks no administrator rights and puts duka.exe, the Start menu entry
# and the uninstaller in place; --version; demo; verify; an offscreen screenshot of the Sell
# screen in Arabic; a receipt as a PDF in Hindi and as ESC/POS bytes; the first start's shop
# in the Windows data folder (%APPDATA%\Duka); the uninstaller removes the program and keeps
# the data. What it made (screenshots, PDF) is left in -Out for a person to look at.
[CmdletBinding()]
param(
    [string]$Setup = "",
    [string]$Out = ""
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
if (-not $Setup) {
    $Setup = Get-ChildItem (Join-Path $root "dist") -Filter "duka-*-windows-x64-setup.exe" |
        Sort-Object LastWriteTime | Select-Object -Last 1 -ExpandProperty FullName
}
if (-not $Setup) { throw "no installer in dist\ (run build-windows.ps1 first)" }
if (-not $Out) { $Out = Join-Path $root "build\smoke-windows" }
New-Item -ItemType Directory -Force $Out | Out-Null
$work = Join-Path $Out "work"
New-Item -ItemType Directory -Force $work | Out-Null

function Check([bool]$Condition, [string]$What) {
    if (-not $Condition) { throw "test-windows: $What" }
    Write-Host "ok - $What"
}

# The installer, silently: it installs for this user and never asks to elevate.
$log = Join-Path $Out "setup.log"
$installing = Start-Process -FilePath $Setup -Wait -PassThru -ArgumentList @(
    "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/LOG=`"$log`""
)
Check ($installing.ExitCode -eq 0) "the installer finished (exit $($installing.ExitCode))"
$app = Join-Path $env:LOCALAPPDATA "Programs\Duka"
$exe = Join-Path $app "duka.exe"
Check (Test-Path $exe) "duka.exe is installed in $app"
$menu = Join-Path $env:APPDATA "Microsoft\Windows\Start Menu\Programs\Duka.lnk"
Check (Test-Path $menu) "the Start menu has Duka"
$shortcut = (New-Object -ComObject WScript.Shell).CreateShortcut($menu)
Check ($shortcut.TargetPath -eq $exe) "the Start menu entry starts the installed duka.exe"
Check ($shortcut.IconLocation -like "*duka.ico*") "the Start menu entry has Duka's icon"
$uninstaller = Get-ChildItem $app -Filter "unins*.exe" | Select-Object -First 1
Check ($null -ne $uninstaller) "an uninstaller is installed"

# duka.exe is a windowed program: it is waited for, and what it prints goes to files.
function Invoke-Duka {
    param([string[]]$Arguments)
    $stdout = Join-Path $Out "stdout.txt"
    $stderr = Join-Path $Out "stderr.txt"
    $quoted = $Arguments | ForEach-Object { if ($_ -match '\s') { "`"$_`"" } else { $_ } }
    $run = Start-Process -FilePath $exe -ArgumentList $quoted -Wait -PassThru -NoNewWindow `
        -RedirectStandardOutput $stdout -RedirectStandardError $stderr
    $text = Get-Content -Raw -ErrorAction SilentlyContinue $stdout
    $errors = Get-Content -Raw -ErrorAction SilentlyContinue $stderr
    if ($run.ExitCode -ne 0) {
        throw "duka $($Arguments -join ' ') exited with $($run.ExitCode): $text $errors"
    }
    return "$text"
}

$version = Invoke-Duka @("--version")
Write-Host "duka --version: $version"
Check ($true) "duka --version runs"

$shop = Join-Path $work "demo.sqlite3"
Invoke-Duka @("demo", "--db", $shop) | Out-Null
Check (Test-Path $shop) "duka demo made a shop"
Invoke-Duka @("verify", "--db", $shop) | Out-Null
Check ($true) "duka verify passes on it"

$env:QT_QPA_PLATFORM = "offscreen"
$sell = Join-Path $Out "sell-ar-windows.png"
Invoke-Duka @("--db", $shop, "--lang", "ar", "--screen", "sell", "--size", "1024x600",
    "--screenshot", $sell) | Out-Null
Check ((Test-Path $sell) -and (Get-Item $sell).Length -gt 10000) "the Sell screen in Arabic drew"

$receipt = Join-Path $Out "receipt-hi-windows.pdf"
Invoke-Duka @("--lang", "hi", "print", "receipt", "S-000001", "--db", $shop, "--out", $receipt) |
    Out-Null
$head = [System.Text.Encoding]::ASCII.GetString([System.IO.File]::ReadAllBytes($receipt), 0, 5)
Check ($head -eq "%PDF-") "a receipt in Hindi as a PDF"
$escpos = Join-Path $Out "receipt-windows.bin"
Invoke-Duka @("print", "receipt", "S-000001", "--db", $shop, "--escpos-out", $escpos) | Out-Null
Check ((Get-Item $escpos).Length -gt 100) "a receipt as ESC/POS bytes"

# The first start without --db makes the shop in the data folder Windows gives programs.
$data = Join-Path $env:APPDATA "Duka"
$first = Join-Path $Out "first-start-windows.png"
Invoke-Duka @("--screenshot", $first) | Out-Null
Check (Test-Path (Join-Path $data "duka.sqlite3")) "the first start's shop is in $data"

$removing = Start-Process -FilePath $uninstaller.FullName -Wait -PassThru -ArgumentList @(
    "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART"
)
Check ($removing.ExitCode -eq 0) "the uninstaller finished"
# The uninstaller runs on from a copy of itself in the temporary folder: wait for it.
for ($second = 0; $second -lt 120 -and (Test-Path $exe); $second++) { Start-Sleep -Seconds 1 }
Check (-not (Test-Path $exe)) "the program is gone"
Check (-not (Test-Path $menu)) "the Start menu entry is gone"
Check (Test-Path (Join-Path $data "duka.sqlite3")) "the shop stays after uninstalling"
Write-Host "test-windows: all checks passed"
