#!/usr/bin/env bash
# Interop tests of the gateway's gRPC contract with clients no one here wrote: Debian's python3-grpcio
# and npm's @grpc/grpc-js. It makes a throw-away PKI, imports the sample organisations and registers two
# connected systems with the real CLI (gateway orgs import, gateway systems add) in a fresh data
# directory: a sender for 000.00.00.G22 and a recipient for 000.00.00.H41. It starts the built daemon on
# it on two free loopback ports (h2c and TLS), runs both clients' test suites against both endpoints
# with the two systems' bearer tokens (documents go from one to the other), then stops the daemon with
# SIGTERM and checks that it exits 0.
#
#   tests/Interop/install.sh     # once: Debian packages and npm ci (idempotent)
#   dotnet build -c Release Gateway.sln
#   tests/Interop/run.sh
#
# It installs nothing. The last line it prints is always the totals:
#   interop: N passed, N failed, N skipped
# and it exits non-zero when any case failed, a prerequisite is missing or the daemon did not start.
#
# Environment (all optional):
#   GATEWAY_BIN            the daemon executable (default src/Gateway/bin/Release/net10.0/gateway)
#   INTEROP_START_TIMEOUT  seconds to wait for the daemon to answer SERVING (default 30)
#   INTEROP_STOP_TIMEOUT   seconds to wait for the daemon to exit after SIGTERM (default 20)
#   GATEWAY_TIMEOUT        deadline of every client call in seconds (default 10)
#   INTEROP_ORGS_FILE      organisations to import (default tests/data/orgs-sample.csv; must hold
#                          000.00.00.G22 and 000.00.00.H41, and not 000.00.00.H99)
#   KEEP_INTEROP_TMP=1     keep the temporary folder (PKI, data, logs) and print where it is
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
PY=/usr/bin/python3 # Debian's python3-grpcio lives here; the first python3 on PATH may be another one
GATEWAY_BIN="${GATEWAY_BIN:-$repo/src/Gateway/bin/Release/net10.0/gateway}"
START_TIMEOUT="${INTEROP_START_TIMEOUT:-30}"
STOP_TIMEOUT="${INTEROP_STOP_TIMEOUT:-20}"
ORGS_FILE="${INTEROP_ORGS_FILE:-$repo/tests/data/orgs-sample.csv}"
SYSTEM_ORG=000.00.00.G22    # the organisation the sending system (GATEWAY_TOKEN) is registered for
RECIPIENT_ORG=000.00.00.H41 # the organisation the receiving system (GATEWAY_RECIPIENT_TOKEN) is registered for
export GATEWAY_TIMEOUT="${GATEWAY_TIMEOUT:-10}"

passed=0
failed=0
skipped=0
daemon_pid=""
tmp=""
show_log=0

totals() {
  echo "interop: $passed passed, $failed failed, $skipped skipped"
}

finish() {
  if [ "$show_log" = 1 ] && [ -n "$tmp" ] && [ -f "$tmp/gateway.log" ]; then
    echo "---- last 60 lines of the daemon log ($tmp/gateway.log) ----"
    tail -n 60 "$tmp/gateway.log"
    echo "---- end of the daemon log ----"
  fi
  if [ "${KEEP_INTEROP_TMP:-}" = 1 ] && [ -n "$tmp" ]; then
    echo "interop: kept $tmp (PKI in pki/, data in data/, daemon log gateway.log)"
  fi
  totals
  if [ "$failed" -gt 0 ]; then exit 1; fi
  exit 0
}

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
    kill -KILL "$daemon_pid" 2>/dev/null
    wait "$daemon_pid" 2>/dev/null
  fi
  if [ -n "$tmp" ] && [ -d "$tmp" ]; then
    [ "${KEEP_INTEROP_TMP:-}" = 1 ] || rm -rf "$tmp"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A case decided by this script itself.
case_result() { # name pass|fail [detail]
  if [ "$2" = pass ]; then
    passed=$((passed + 1))
    echo "ok   $1"
  else
    failed=$((failed + 1))
    echo "FAIL $1: ${3:-}"
  fi
}

# ---------------------------------------------------------------------------------------------------
# Prerequisites: report every missing one, by the package or step that provides it.
missing=()
command -v openssl >/dev/null 2>&1 || missing+=("openssl (Debian package openssl)")
command -v protoc >/dev/null 2>&1 || missing+=("protoc (Debian package protobuf-compiler)")
command -v grpc_python_plugin >/dev/null 2>&1 || missing+=("grpc_python_plugin (Debian package protobuf-compiler-grpc)")
if [ ! -x "$PY" ]; then
  missing+=("$PY (Debian package python3)")
else
  "$PY" -c 'import grpc' >/dev/null 2>&1 || missing+=("python module grpc for $PY (Debian package python3-grpcio)")
  "$PY" -c 'import google.protobuf' >/dev/null 2>&1 || missing+=("python module google.protobuf for $PY (Debian package python3-protobuf)")
fi
if ! command -v node >/dev/null 2>&1; then
  missing+=("node (Node.js 20 or later)")
fi
for module in @grpc/grpc-js @grpc/proto-loader protobufjs; do
  [ -f "$here/node/node_modules/$module/package.json" ] ||
    missing+=("$module in tests/Interop/node/node_modules (run: cd tests/Interop/node && npm ci)")
done
[ -x "$GATEWAY_BIN" ] ||
  missing+=("the daemon $GATEWAY_BIN (build it: dotnet build -c Release Gateway.sln)")
if [ "${#missing[@]}" -gt 0 ]; then
  echo "interop: missing prerequisites (tests/Interop/install.sh installs the packages):"
  printf '  - %s\n' "${missing[@]}"
  case_result prerequisites fail "${#missing[@]} missing"
  finish
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/gateway-interop.XXXXXX")"
mkdir -p "$tmp/pki" "$tmp/data"

# ---------------------------------------------------------------------------------------------------
# Python stubs, generated now from proto/ (not committed).
if ! "$here/python/generate.sh" "$here/python/gen" >"$tmp/generate.log" 2>&1; then
  cat "$tmp/generate.log"
  case_result generate_python_stubs fail "protoc failed (output above)"
  finish
fi

# ---------------------------------------------------------------------------------------------------
# A test PKI: a CA, and a server certificate for localhost and 127.0.0.1 signed by it (PEM files).
pki="$tmp/pki"
if ! {
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 \
    -subj "/CN=Gateway Interop Test CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$pki/ca.key" -out "$pki/ca.pem" &&
    openssl req -new -newkey rsa:2048 -nodes -sha256 \
      -subj "/CN=localhost" \
      -keyout "$pki/server.key" -out "$pki/server.csr" &&
    printf '%s\n' \
      "basicConstraints=critical,CA:FALSE" \
      "keyUsage=critical,digitalSignature,keyEncipherment" \
      "extendedKeyUsage=serverAuth" \
      "subjectAltName=DNS:localhost,IP:127.0.0.1" >"$pki/server.ext" &&
    openssl x509 -req -sha256 -days 2 -in "$pki/server.csr" \
      -CA "$pki/ca.pem" -CAkey "$pki/ca.key" -CAcreateserial \
      -extfile "$pki/server.ext" -out "$pki/server.pem"
} >"$tmp/openssl.log" 2>&1; then
  cat "$tmp/openssl.log"
  case_result make_test_pki fail "openssl failed (output above)"
  finish
fi

# ---------------------------------------------------------------------------------------------------
# Two free loopback ports (bound together so they differ; released just before the daemon binds them).
read -r H2C_PORT TLS_PORT < <("$PY" -c '
import socket
socks = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
for s in socks:
    s.close()
')
H2C="127.0.0.1:$H2C_PORT"
TLS="127.0.0.1:$TLS_PORT"

# ---------------------------------------------------------------------------------------------------
# The connected systems the clients call as, made with the real CLI before the daemon starts: the
# organisations from the sample registry file, then a sending system for $SYSTEM_ORG and a receiving
# one for $RECIPIENT_ORG, whose tokens `--json` prints once.
# A command's presence is read from `gateway --help` (an unknown word there would run the daemon).
has_command() {
  "$GATEWAY_BIN" --help 2>/dev/null | sed -n '/^Commands:/,/^$/p' | grep -qE "^  $1( |$)"
}
if ! has_command orgs; then
  case_result cli_orgs_import fail "$GATEWAY_BIN has no 'orgs' command (gateway --help), so the organisation $SYSTEM_ORG cannot be registered"
  finish
fi
if ! "$GATEWAY_BIN" orgs import "$ORGS_FILE" --data "$tmp/data" >"$tmp/orgs-import.log" 2>&1; then
  cat "$tmp/orgs-import.log"
  case_result cli_orgs_import fail "gateway orgs import $ORGS_FILE --data $tmp/data failed (output above)"
  finish
fi
case_result cli_orgs_import pass
if ! "$GATEWAY_BIN" systems add --name interop --org "$SYSTEM_ORG" --json --data "$tmp/data" \
  >"$tmp/system.json" 2>"$tmp/system.err"; then
  cat "$tmp/system.err"
  case_result cli_systems_add fail "gateway systems add --name interop --org $SYSTEM_ORG failed (output above)"
  finish
fi
if ! GATEWAY_TOKEN="$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["token"])' "$tmp/system.json" 2>&1)"; then
  case_result cli_systems_add fail "no token in the --json output: $(cat "$tmp/system.json") ($GATEWAY_TOKEN)"
  finish
fi
case_result cli_systems_add pass
if ! "$GATEWAY_BIN" systems add --name interop-recipient --org "$RECIPIENT_ORG" --json --data "$tmp/data" \
  >"$tmp/recipient.json" 2>"$tmp/recipient.err"; then
  cat "$tmp/recipient.err"
  case_result cli_systems_add_recipient fail "gateway systems add --name interop-recipient --org $RECIPIENT_ORG failed (output above)"
  finish
fi
if ! GATEWAY_RECIPIENT_TOKEN="$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["token"])' "$tmp/recipient.json" 2>&1)"; then
  case_result cli_systems_add_recipient fail "no token in the --json output: $(cat "$tmp/recipient.json") ($GATEWAY_RECIPIENT_TOKEN)"
  finish
fi
case_result cli_systems_add_recipient pass

# ---------------------------------------------------------------------------------------------------
# Start the daemon and wait until Health/Check "" answers SERVING on h2c.
echo "interop: starting $GATEWAY_BIN (h2c $H2C, tls $TLS)"
(
  cd "$tmp" &&
    exec "$GATEWAY_BIN" run \
      "--Grpc:Endpoint=$H2C" \
      "--Grpc:Tls:Endpoint=$TLS" \
      "--Grpc:Tls:CertificateFile=$pki/server.pem" \
      "--Grpc:Tls:KeyFile=$pki/server.key" \
      "--Store:DataDirectory=$tmp/data" \
      "--Signatures:Required=false"
) >"$tmp/gateway.log" 2>&1 </dev/null &
daemon_pid=$!

started=0
start_at=$SECONDS
last=""
deadline=$((SECONDS + START_TIMEOUT))
while [ "$SECONDS" -lt "$deadline" ]; do
  if ! kill -0 "$daemon_pid" 2>/dev/null; then
    wait "$daemon_pid"
    last="the daemon exited with code $? before it answered SERVING"
    break
  fi
  if last="$("$PY" "$here/python/gateway_client.py" check "$H2C" --timeout 2 2>&1)"; then
    started=1
    break
  fi
  sleep 0.5
done
if [ "$started" != 1 ]; then
  [ -n "$last" ] || last="no answer"
  show_log=1
  case_result daemon_starts_serving fail "Health/Check \"\" on $H2C: expected SERVING within ${START_TIMEOUT}s; last: $last"
  finish
fi
echo "interop: daemon SERVING after $((SECONDS - start_at))s ($last)"

export GATEWAY_H2C="$H2C" GATEWAY_TLS="$TLS" GATEWAY_CA="$pki/ca.pem" GATEWAY_TOKEN GATEWAY_RECIPIENT_TOKEN
export GATEWAY_SENDER_ORG="$SYSTEM_ORG" GATEWAY_RECIPIENT_ORG="$RECIPIENT_ORG"

# ---------------------------------------------------------------------------------------------------
# Python (unittest): read "Ran N tests" and "FAILED (failures=a, errors=b, skipped=c)" / "OK (skipped=c)".
echo
echo "==== python3-grpcio ($("$PY" -c 'import grpc; print(grpc.__version__)')) ===="
(cd "$here/python" && GATEWAY_PY_GEN="$here/python/gen" timeout 300 "$PY" -m unittest -v test_interop) \
  >"$tmp/python.out" 2>&1
python_rc=$?
cat "$tmp/python.out"
ran="$(sed -n 's/^Ran \([0-9][0-9]*\) tests\{0,1\} in .*/\1/p' "$tmp/python.out" | tail -n 1)"
if [ -z "$ran" ]; then
  case_result python_unittest fail "no unittest summary (exit code $python_rc)"
else
  closing="$(grep -E '^(OK|FAILED)( \(|$)' "$tmp/python.out" | tail -n 1)"
  count_of() { printf '%s' "$closing" | sed -nE "s/.*(\(|, )$1=([0-9]+).*/\2/p"; }
  py_fail=$(($(count_of failures || true) + 0))
  py_err=$(($(count_of errors || true) + 0))
  py_skip=$(($(count_of skipped || true) + 0))
  py_unexpected=$(($(count_of 'unexpected successes' || true) + 0))
  py_pass=$((ran - py_fail - py_err - py_skip - py_unexpected))
  passed=$((passed + py_pass))
  failed=$((failed + py_fail + py_err + py_unexpected))
  skipped=$((skipped + py_skip))
  if [ "$python_rc" -ne 0 ] && [ $((py_fail + py_err + py_unexpected)) -eq 0 ]; then
    case_result python_unittest fail "unittest exited with code $python_rc"
  fi
fi

# ---------------------------------------------------------------------------------------------------
# Node (node --test): the spec reporter to the console, TAP to a file for "# pass N", "# fail N", ...
echo
echo "==== @grpc/grpc-js ($(node -p "require('$here/node/node_modules/@grpc/grpc-js/package.json').version" 2>/dev/null || echo '?'), node $(node --version)) ===="
# DEP0123: grpc-js passes an IP target as the TLS server name, which node warns about; harmless here.
(cd "$here/node" && timeout 300 node --disable-warning=DEP0123 --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tmp/node.tap" \
  interop.test.js) >"$tmp/node.out" 2>&1
node_rc=$?
cat "$tmp/node.out"
tap_count() { sed -n "s/^# $1 \([0-9][0-9]*\)\$/\1/p" "$tmp/node.tap" 2>/dev/null | tail -n 1; }
node_pass="$(tap_count pass)"
if [ -z "$node_pass" ]; then
  case_result node_test fail "no node --test summary (exit code $node_rc)"
else
  node_fail=$(($(tap_count fail) + 0))
  node_cancelled=$(($(tap_count cancelled) + 0))
  node_skip=$(($(tap_count skipped) + 0))
  node_todo=$(($(tap_count todo) + 0))
  passed=$((passed + node_pass))
  failed=$((failed + node_fail + node_cancelled))
  skipped=$((skipped + node_skip + node_todo))
  if [ "$node_rc" -ne 0 ] && [ $((node_fail + node_cancelled)) -eq 0 ]; then
    case_result node_test fail "node --test exited with code $node_rc"
  fi
fi

# ---------------------------------------------------------------------------------------------------
# SIGTERM: the daemon must stop by itself, with exit code 0, within the bound.
echo
if ! kill -0 "$daemon_pid" 2>/dev/null; then
  wait "$daemon_pid"
  case_result daemon_exits_zero_on_sigterm fail "the daemon was no longer running before SIGTERM (exit code $?)"
else
  kill -TERM "$daemon_pid"
  stop_deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$daemon_pid" 2>/dev/null && [ "$SECONDS" -lt "$stop_deadline" ]; do
    sleep 0.2
  done
  if kill -0 "$daemon_pid" 2>/dev/null; then
    case_result daemon_exits_zero_on_sigterm fail "still running ${STOP_TIMEOUT}s after SIGTERM (killed)"
    kill -KILL "$daemon_pid" 2>/dev/null
    wait "$daemon_pid" 2>/dev/null
  else
    wait "$daemon_pid"
    rc=$?
    if [ "$rc" -eq 0 ]; then
      case_result daemon_exits_zero_on_sigterm pass
    else
      case_result daemon_exits_zero_on_sigterm fail "expected exit code 0 after SIGTERM, got $rc"
    fi
  fi
fi
daemon_pid=""

if [ "$failed" -gt 0 ]; then show_log=1; fi
finish
