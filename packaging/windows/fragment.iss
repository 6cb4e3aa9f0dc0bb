; Inno Setup script: a normal Windows installer for the PyInstaller folder build.
; Build: pyinstaller packaging\fragment.spec --noconfirm
;        iscc /DAppVersion=0.1.0 packaging\windows\fragment.iss
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6C1E3A52-0F7B-4C1D-9B0E-8A2F5D7C4E11}
AppName=Fragment
AppVersion={#AppVersion}
AppPublisher=Fragment developers
DefaultDirName={autopf}\Fragment
DefaultGroupName=Fragment
OutputBaseFilename=Fragment-{#AppVersion}-setup
OutputDir=..\..\dist
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
LicenseFile=..\..\LICENSE
ChangesAssociations=yes

[Files]
Source: "..\..\dist\Fragment\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Fragment"; Filename: "{app}\Fragment.exe"
Name: "{autodesktop}\Fragment"; Filename: "{app}\Fragment.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Registry]
; Double-clicking a case folder's case.sqlite is not how cases open; the .fragment folder is
; opened from the app. This association lets "Open with" offer Fragment for .fragment items.
Root: HKA; Subkey: "Software\Classes\.fragment"; ValueType: string; ValueData: "Fragment.Case"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Fragment.Case\shell\open\command"; ValueType: string; ValueData: """{app}\Fragment.exe"" ""%1"""; Flags: uninsdeletekey

[Run]
Filename: "{app}\Fragment.exe"; Description: "Start Fragment"; Flags: nowait postinstall skipifsilent
