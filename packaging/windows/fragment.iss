; Inno Setup 6 script: a normal Windows installer for the PyInstaller folder build.
; Build (from the repository root, after `pyinstaller packaging\fragment.spec --noconfirm`):
;   iscc /DAppVersion=0.1.0 packaging\windows\fragment.iss
; The release workflow passes the version from the tag and signs the EXEs and the setup.
; Silent install (what the workflow tests):
;   Fragment-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /CURRENTUSER
#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\fragment.iss
#endif

[Setup]
AppId={{6C1E3A52-0F7B-4C1D-9B0E-8A2F5D7C4E11}
AppName=Fragment
AppVersion={#AppVersion}
AppVerName=Fragment {#AppVersion}
VersionInfoVersion={#AppVersion}
AppPublisher=Fragment developers
DefaultDirName={autopf}\Fragment
DefaultGroupName=Fragment
DisableProgramGroupPage=yes
OutputBaseFilename=Fragment-{#AppVersion}-windows-x64-setup
OutputDir=..\..\dist
Compression=lzma2
SolidCompression=yes
; Qt 6 runs on 64-bit Windows 10 1809 (build 17763) and later only.
MinVersion=10.0.17763
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog commandline
LicenseFile=..\..\LICENSE
SetupIconFile=fragment.ico
UninstallDisplayIcon={app}\Fragment.exe
UninstallDisplayName=Fragment {#AppVersion}
ChangesAssociations=yes
CloseApplications=yes

[InstallDelete]
; An upgrade must not mix libraries of two versions: remove the old bundle first.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\Fragment\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Fragment"; Filename: "{app}\Fragment.exe"
Name: "{group}\Fragment user guide"; Filename: "{app}\_internal\docs\index.html"
Name: "{group}\Licences and third-party notices"; Filename: "{app}\_internal\licenses\THIRD-PARTY-NOTICES.txt"
Name: "{autodesktop}\Fragment"; Filename: "{app}\Fragment.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Registry]
; A case is a folder (Name.fragment); "Open with" can offer Fragment for it.
Root: HKA; Subkey: "Software\Classes\.fragment"; ValueType: string; ValueData: "Fragment.Case"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Fragment.Case"; ValueType: string; ValueData: "Fragment case"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Fragment.Case\DefaultIcon"; ValueType: string; ValueData: "{app}\Fragment.exe,0"
Root: HKA; Subkey: "Software\Classes\Fragment.Case\shell\open\command"; ValueType: string; ValueData: """{app}\Fragment.exe"" ""%1"""

[Run]
Filename: "{app}\Fragment.exe"; Description: "Start Fragment"; Flags: nowait postinstall skipifsilent
