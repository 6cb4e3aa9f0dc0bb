#!/usr/bin/env bash
# Sign Fragment.app with the hardened runtime, a secure timestamp and the entitlements, inside
# out (every library and executable, then the bundle), as notarisation requires.
#   packaging/macos/sign_app.sh dist/Fragment.app "Developer ID Application: NAME (TEAMID)"
set -euo pipefail
app=${1:?usage: sign_app.sh APP IDENTITY}
identity=${2:?usage: sign_app.sh APP IDENTITY}
entitlements="$(cd "$(dirname "$0")" && pwd)/entitlements.plist"
sign() {
  codesign --force --timestamp --options runtime --entitlements "$entitlements" \
    --sign "$identity" "$@"
}
# Mach-O files first (deepest paths first), then the app itself.
find "$app/Contents" -type f \( -name "*.so" -o -name "*.dylib" -o -perm -u+x \) -print0 \
  | while IFS= read -r -d '' file; do
      if file -b "$file" | grep -q "Mach-O"; then sign "$file"; fi
    done
find "$app/Contents" -type d -name "*.framework" -print0 | sort -rz \
  | while IFS= read -r -d '' framework; do sign "$framework"; done
sign "$app"
codesign --verify --deep --strict --verbose=2 "$app"
