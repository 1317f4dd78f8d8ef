; Duka's Windows installer (Inno Setup 6). packaging/windows/build-windows.ps1 makes the
; PyInstaller one-folder bundle and the icon, then compiles this script:
;
;   ISCC /DAppVersion=0.1.0 /DSourceDir=<repo>\dist\duka /DIconFile=<repo>\build\icons\duka.ico
;        /DOutputDir=<repo>\dist packaging\windows\duka.iss
;
; The installer asks for no administrator rights: it installs for the user who runs it, in
; %LOCALAPPDATA%\Programs\Duka, with a Start menu entry and an uninstaller (Settings > Apps).
; The shop itself is not in the program's folder but in the data folder (%APPDATA%\Duka,
; see desktop/duka/paths.py): installing a new version or uninstalling never touches it.

#ifndef AppVersion
  #error Give the version: ISCC /DAppVersion=X.Y.Z (build-windows.ps1 reads it from the bundle's Duka)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\duka"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\duka.ico"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
; The AppId ties every version's installer to the same installed Duka (upgrades replace it,
; one entry in Settings > Apps). Never change it.
AppId={{D9566353-9B32-4924-BD61-E1C0A6518A03}
AppName=Duka
AppVersion={#AppVersion}
AppVerName=Duka {#AppVersion}
AppPublisher=Duka
AppComments=Offline business manager for small shops
; Per user, no elevation: {autopf} is then %LOCALAPPDATA%\Programs, {autoprograms} the
; user's own Start menu.
PrivilegesRequired=lowest
DefaultDirName={autopf}\Duka
DefaultGroupName=Duka
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
; Qt 6 runs on 64-bit Windows 10 and later only.
MinVersion=10.0
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=duka-{#AppVersion}-windows-x64-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\duka.ico
UninstallDisplayName=Duka
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; A running Duka is asked to close (Restart Manager) before its files are replaced.
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto

[Languages]
; The languages of Duka that Inno Setup ships a translation of; the others read English.
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "french"; MessagesFile: "compiler:Languages\French.isl"
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"
Name: "brazilianportuguese"; MessagesFile: "compiler:Languages\BrazilianPortuguese.isl"
Name: "german"; MessagesFile: "compiler:Languages\German.isl"
Name: "italian"; MessagesFile: "compiler:Languages\Italian.isl"
Name: "turkish"; MessagesFile: "compiler:Languages\Turkish.isl"
Name: "polish"; MessagesFile: "compiler:Languages\Polish.isl"
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; The previous version's bundle goes first: a library it had and this one has not must not
; stay beside the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#IconFile}"; DestDir: "{app}"; DestName: "duka.ico"; Flags: ignoreversion

[Icons]
; Started in the user's Documents, where the save dialogs then propose to put exports.
Name: "{autoprograms}\Duka"; Filename: "{app}\duka.exe"; WorkingDir: "{userdocs}"; IconFilename: "{app}\duka.ico"; Comment: "Offline business manager for small shops"
Name: "{autodesktop}\Duka"; Filename: "{app}\duka.exe"; WorkingDir: "{userdocs}"; IconFilename: "{app}\duka.ico"; Tasks: desktopicon

[Run]
Filename: "{app}\duka.exe"; WorkingDir: "{userdocs}"; Description: "{cm:LaunchProgram,Duka}"; Flags: nowait postinstall skipifsilent

; [UninstallDelete] is left out on purpose: the uninstaller removes what it installed and
; nothing else, so the shop, its backups and its log (%APPDATA%\Duka) stay.
