#!/usr/bin/env bash
# Create .venv with Python 3.11+ and install pinned requirements with uv.
# Usage: scripts/bootstrap.sh requirements.txt|requirements-dev.txt
set -euo pipefail
requirements="$1"
venv=.venv
python=${PYTHON:-python3}

if [ ! -x "$venv/bin/python" ]; then
    if ! "$python" -m venv "$venv" 2>/dev/null; then
        # Debian ships venv support separately; as root we can add it.
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
            rm -rf "$venv"
            "$python" -m venv "$venv"
        else
            echo "Cannot create $venv: install python3-venv (sudo apt-get install python3-venv)." >&2
            exit 1
        fi
    fi
fi
if [ ! -x "$venv/bin/uv" ]; then
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "uv==0.13.9"
fi
"$venv/bin/uv" pip install -q --python "$venv/bin/python" -r "$requirements"
