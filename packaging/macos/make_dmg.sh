#!/usr/bin/env bash
# Wrap dist/Fragment.app in dist/Fragment-VERSION-TARGET.dmg (drag to Applications), and
# sign the image when MACOS_SIGN_IDENTITY is set. Notarise and staple it afterwards (see
# packaging/README.md). Usage: packaging/macos/make_dmg.sh VERSION macos-arm64
set -euo pipefail
cd "$(dirname "$0")/../.."
version=${1:?usage: make_dmg.sh VERSION TARGET}
target=${2:?usage: make_dmg.sh VERSION TARGET}
dmg="dist/Fragment-$version-$target.dmg"
staging=$(mktemp -d)
ditto dist/Fragment.app "$staging/Fragment.app"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "Fragment $version" -srcfolder "$staging" -ov -format UDZO "$dmg"
rm -rf "$staging"
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$dmg"
fi
echo "$dmg"
