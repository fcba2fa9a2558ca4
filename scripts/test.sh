#!/usr/bin/env bash
# The whole test suite on a new machine, in one line: installs what the tests need that pip
# cannot (Debian's Chromium for the demo's browser test; Debian's PostgreSQL binaries when no
# server answers, for a throwaway cluster), the project with its test extra, then runs pytest
# (extra arguments go to pytest). Every store test runs on SQLite and on PostgreSQL: the
# server is COMANDA_TEST_POSTGRES if set, else 127.0.0.1:5432, else a throwaway cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v chromium >/dev/null 2>&1; then
  echo "scripts/test.sh: installing Debian's chromium for the demo's browser test" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null
fi
if [ -z "${COMANDA_TEST_POSTGRES:-}" ] && ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null \
   && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "scripts/test.sh: no PostgreSQL server answers; installing Debian's postgresql" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
"$PYTHON" -m pip install --quiet -e '.[test]'
exec "$PYTHON" -m pytest "$@"
