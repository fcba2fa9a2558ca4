#!/usr/bin/env bash
# The whole test suite on a new machine, in one line: installs what the tests need that pip
# cannot (Debian's Chromium for the demo's browser test), the project with its test extra,
# then runs pytest (extra arguments go to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v chromium >/dev/null 2>&1; then
  echo "scripts/test.sh: installing Debian's chromium for the demo's browser test" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null
fi
"$PYTHON" -m pip install --quiet -e '.[test]'
exec "$PYTHON" -m pytest "$@"
