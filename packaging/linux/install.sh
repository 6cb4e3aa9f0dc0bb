#!/usr/bin/env bash
# Install Fragment from the unpacked tarball: a `fragment` command, a menu entry and the icon.
#   ./install.sh --user                 (into ~/.local, no root needed)
#   sudo ./install.sh                   (into /usr/local)
#   ./install.sh --user --prefix DIR    (into DIR: bin/, share/applications, share/icons)
# The application stays in this folder; move the folder first if you want it elsewhere.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=/usr/local
while [ $# -gt 0 ]; do
  case "$1" in
    --user) prefix="$HOME/.local" ;;
    --prefix) shift; prefix=${1:?--prefix needs a folder} ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$prefix/bin" "$prefix/share/applications" "$prefix/share/icons/hicolor/512x512/apps"
ln -sf "$here/Fragment" "$prefix/bin/fragment"
sed "s|^Exec=.*|Exec=$here/Fragment %f|" "$here/fragment.desktop" \
  > "$prefix/share/applications/fragment.desktop"
cp "$here/fragment.png" "$prefix/share/icons/hicolor/512x512/apps/fragment.png"
echo "Fragment installed: $prefix/bin/fragment, menu entry and icon (run 'fragment --selftest' to check)"
