#!/usr/bin/env bash
# Build the PyInstaller folder on Linux and pack it with the desktop entry as a tarball.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(python3 -c "import desktop; print(desktop.__version__)")
python3 -m pip install -q pyinstaller
pyinstaller packaging/fragment.spec --noconfirm
cp packaging/linux/fragment.desktop dist/Fragment/
tar -C dist -czf "dist/Fragment-$version-linux-x86_64.tar.gz" Fragment
echo "dist/Fragment-$version-linux-x86_64.tar.gz"
