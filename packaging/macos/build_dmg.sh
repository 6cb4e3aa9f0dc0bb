#!/usr/bin/env bash
# Build Fragment.app with PyInstaller and wrap it in a compressed disk image (macOS only).
# Signing and notarisation need the publisher's Apple Developer identity:
#   CODESIGN_IDENTITY="Developer ID Application: ..." packaging/macos/build_dmg.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(python3 -c "import desktop; print(desktop.__version__)")
python3 -m pip install -q pyinstaller
pyinstaller packaging/fragment.spec --noconfirm
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --deep --force --options runtime --sign "$CODESIGN_IDENTITY" dist/Fragment.app
fi
staging=$(mktemp -d)
cp -R dist/Fragment.app "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "Fragment $version" -srcfolder "$staging" -ov -format UDZO \
  "dist/Fragment-$version.dmg"
rm -rf "$staging"
echo "dist/Fragment-$version.dmg"
