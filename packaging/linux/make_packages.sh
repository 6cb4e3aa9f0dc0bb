#!/usr/bin/env bash
# Pack dist/Fragment (built by `pyinstaller packaging/fragment.spec`) as
# dist/Fragment-VERSION-linux-x86_64.tar.gz: the app folder with install.sh, the desktop
# entry and the icon. Usage: packaging/linux/make_packages.sh VERSION
set -euo pipefail
cd "$(dirname "$0")/../.."
version=${1:?usage: make_packages.sh VERSION}
[ -x dist/Fragment/Fragment ] || { echo "build dist/Fragment first (see packaging/README.md)"; exit 1; }
cp packaging/linux/fragment.desktop packaging/linux/fragment.png packaging/linux/install.sh \
  dist/Fragment/
chmod +x dist/Fragment/install.sh
tar -C dist -czf "dist/Fragment-$version-linux-x86_64.tar.gz" Fragment
echo "dist/Fragment-$version-linux-x86_64.tar.gz"
