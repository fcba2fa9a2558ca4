#!/usr/bin/env bash
# The README's first command, as a new user runs it: `pip install . && comanda demo`, in a
# fresh virtual environment with a non-editable install. The demo page must answer within
# 10 s of the install finishing; then the demo is stopped by its PID and must exit cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=8080
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 -m venv "$WORK/venv"
# shellcheck disable=SC1091
source "$WORK/venv/bin/activate"
python -m pip install --quiet --upgrade pip
if python - "$PORT" <<'PY'
import socket, sys
s = socket.socket()
sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
PY
then
  echo "demo smoke: port $PORT is already in use" >&2
  exit 1
fi
LOG="$WORK/demo.log"
# The README's first command, exactly; `exec` makes the demo keep the shell's PID.
bash -c 'pip install . && exec comanda demo' >"$LOG" 2>&1 &
PID=$!
stop_demo() { kill -0 "$PID" 2>/dev/null && kill "$PID" 2>/dev/null || true; }
trap 'stop_demo; rm -rf "$WORK"' EXIT
# The install may take a while (it builds the wheel); the 10 s start from its end.
for _ in $(seq 600); do
  if grep -q "Successfully installed" "$LOG" || ! kill -0 "$PID" 2>/dev/null; then break; fi
  sleep 0.5
done
if ! kill -0 "$PID" 2>/dev/null; then
  echo "demo smoke: 'pip install . && comanda demo' ended early:" >&2
  cat "$LOG" >&2
  exit 1
fi
ok=""
for _ in $(seq 100); do
  if python - "$PORT" <<'PY'
import sys, urllib.request
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/", timeout=1) as r:
        body = r.read().decode()
except OSError:
    sys.exit(1)
sys.exit(0 if r.status == 200 and "<html" in body.lower() else 1)
PY
  then ok=1; break; fi
  sleep 0.1
done
if [ -z "$ok" ]; then
  echo "demo smoke: the demo page did not answer within 10 s:" >&2
  cat "$LOG" >&2
  exit 1
fi
kill "$PID"
code=0
wait "$PID" || code=$?
if [ "$code" != 0 ] || ! grep -q "demo stopped" "$LOG"; then
  echo "demo smoke: the demo did not stop cleanly (exit $code):" >&2
  cat "$LOG" >&2
  exit 1
fi
echo "demo smoke: pip install . && comanda demo answered on port $PORT and stopped cleanly"
sed -n '/open http/,/Ctrl-C/p' "$LOG"
