#!/usr/bin/env bash
# Debian packages the tests and exports need: Chromium (Playwright, kaleido), fonts with
# Vietnamese glyphs, nginx (`make serve`, the proxy test), and the PostgreSQL server that the DuckLake
# tests (marker `lake`) start on a temporary directory and port (tests/lake.py). Installed only when
# running as root; otherwise says what is missing.
set -euo pipefail
packages=(chromium fonts-noto-core fonts-dejavu-core nginx postgresql)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]} ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
    echo "Missing Debian packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2
    [ -x /usr/bin/chromium ] || echo "Browser tests will fail without /usr/bin/chromium." >&2
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null ||
        echo "DuckLake tests (marker lake) will skip without postgresql, and fail in CI." >&2
fi
