#!/usr/bin/env bash
# Interop tests of the gateway's gRPC contract with clients no one here wrote: Debian's python3-grpcio
# and npm's @grpc/grpc-js, each signing the document headers it sends (python3-cryptography, node-forge).
# It makes a throw-away development PKI with the real CLI (gateway pki: a root, the gateway's TLS
# certificate, the sending organisations' signing certificates, one of them revoked) and serves its CRL
# with `gateway pki serve-crl`; imports the sample organisations and registers three connected systems
# (gateway orgs import, gateway systems add) in a fresh data directory: the Python client's sender for
# 000.00.00.G22, the Node client's sender for 000.00.00.G14 and a recipient for 000.00.00.H41. It
# starts the built daemon on it on two free loopback ports (h2c and TLS), requiring signatures that
# chain to the PKI's root, checks here how signed, unsigned, altered, misattributed and revoked headers
# are judged, runs both clients' test suites against both endpoints with the systems' bearer tokens
# (documents go from the senders to the recipient), then stops the daemon and the CRL server with
# SIGTERM and checks that each exits 0.
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
#   INTEROP_START_TIMEOUT  seconds to wait for the daemon (and the CRL server) to answer (default 30)
#   INTEROP_STOP_TIMEOUT   seconds to wait for each of them to exit after SIGTERM (default 20)
#   GATEWAY_TIMEOUT        deadline of every client call in seconds (default 10)
#   INTEROP_ORGS_FILE      organisations to import (default tests/data/orgs-sample.csv; must hold
#                          000.00.00.G22, 000.00.00.G14 and 000.00.00.H41, and not 000.00.00.H99)
#   KEEP_INTEROP_TMP=1     keep the temporary folder (PKI, data, logs) and print where it is
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
PY=/usr/bin/python3 # Debian's python3-grpcio lives here; the first python3 on PATH may be another one
GATEWAY_BIN="${GATEWAY_BIN:-$repo/src/Gateway/bin/Release/net10.0/gateway}"
START_TIMEOUT="${INTEROP_START_TIMEOUT:-30}"
STOP_TIMEOUT="${INTEROP_STOP_TIMEOUT:-20}"
ORGS_FILE="${INTEROP_ORGS_FILE:-$repo/tests/data/orgs-sample.csv}"
SYSTEM_ORG=000.00.00.G22    # the organisation the Python client's sending system (GATEWAY_TOKEN) is registered for
NODE_ORG=000.00.00.G14      # the organisation the Node client's sending system is registered for
RECIPIENT_ORG=000.00.00.H41 # the organisation the receiving system (GATEWAY_RECIPIENT_TOKEN) is registered for
export GATEWAY_TIMEOUT="${GATEWAY_TIMEOUT:-10}"

passed=0
failed=0
skipped=0
daemon_pid=""
crl_pid=""
tmp=""
show_log=0

totals() {
  echo "interop: $passed passed, $failed failed, $skipped skipped"
}

finish() {
  if [ "$show_log" = 1 ] && [ -n "$tmp" ]; then
    for log in gateway.log serve-crl.log; do
      [ -f "$tmp/$log" ] || continue
      echo "---- last 60 lines of $tmp/$log ----"
      tail -n 60 "$tmp/$log"
      echo "---- end of $log ----"
    done
  fi
  if [ "${KEEP_INTEROP_TMP:-}" = 1 ] && [ -n "$tmp" ]; then
    echo "interop: kept $tmp (PKI in pki/, data in data/, signature cases in cases/, logs gateway.log and serve-crl.log)"
  fi
  totals
  if [ "$failed" -gt 0 ]; then exit 1; fi
  exit 0
}

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  for pid in "$daemon_pid" "$crl_pid"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null
      wait "$pid" 2>/dev/null
    fi
  done
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

# One value of a JSON object in a file, as the CLI's --json writes them.
json_field() { # file field
  "$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"
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
  "$PY" -c 'from cryptography.hazmat.primitives.serialization import pkcs7' >/dev/null 2>&1 ||
    missing+=("python module cryptography (with pkcs7) for $PY (Debian package python3-cryptography)")
  "$PY" -c 'import prometheus_client.parser' >/dev/null 2>&1 ||
    missing+=("python module prometheus_client for $PY (Debian package python3-prometheus-client)")
fi
if ! command -v node >/dev/null 2>&1; then
  missing+=("node (Node.js 20 or later)")
fi
for module in @grpc/grpc-js @grpc/proto-loader protobufjs node-forge; do
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
mkdir -p "$tmp/data" "$tmp/cases"

# ---------------------------------------------------------------------------------------------------
# Python stubs, generated now from proto/ (not committed).
if ! "$here/python/generate.sh" "$here/python/gen" >"$tmp/generate.log" 2>&1; then
  cat "$tmp/generate.log"
  case_result generate_python_stubs fail "protoc failed (output above)"
  finish
fi

# ---------------------------------------------------------------------------------------------------
# Four free loopback ports: the daemon's h2c and TLS endpoints, the CRL server and the daemon's metrics
# listener (bound together so they differ; released just before their servers bind them). The CRL's
# is needed first: the PKI writes its URL into every certificate.
read -r H2C_PORT TLS_PORT CRL_PORT METRICS_PORT < <("$PY" -c '
import socket
socks = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(4)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
for s in socks:
    s.close()
')
H2C="127.0.0.1:$H2C_PORT"
TLS="127.0.0.1:$TLS_PORT"
CRL_URL="http://127.0.0.1:$CRL_PORT/root.crl"
METRICS_URL="http://127.0.0.1:$METRICS_PORT/metrics"

# ---------------------------------------------------------------------------------------------------
# The development PKI, made with the real CLI (gateway pki) in $tmp/pki:
#   - the root (ECDSA P-256), whose trust/ directory is the daemon's trust anchors, and whose
#     certificates all name $CRL_URL as their CRL distribution point;
#   - the gateway's TLS certificate for localhost (its SAN holds 127.0.0.1), trusted by the clients
#     through root.pem;
#   - a first certificate for $SYSTEM_ORG, revoked at once. The daemon caches a CRL per URL until its
#     nextUpdate (7 days) from the first certificate it checks, so a revocation it is to see must be
#     published before that: here, before it starts. Issuing again for the code then moves the revoked
#     certificate and its key to archive/SERIAL.pem and .key, where the revoked case signs with them;
#   - the certificate of $SYSTEM_ORG in force (ECDSA P-256): the Python client's and the openssl CLI's;
#   - $NODE_ORG's (RSA-2048): the Node client's. node-forge signs with RSA only, and a code has one
#     certificate in force at a time, so the Node client sends for an organisation of its own;
#   - $RECIPIENT_ORG's (ECDSA P-256): a real certificate, but of another organisation than the sender's.
pki="$tmp/pki"

# `gateway pki ARGS --dir $pki --json`, the JSON in $tmp/pki-STEP.json; a failure ends the run.
pki_step() { # step args...
  local step="$1"
  shift
  if ! "$GATEWAY_BIN" pki "$@" --dir "$pki" --json >"$tmp/pki-$step.json" 2>"$tmp/pki-$step.err"; then
    cat "$tmp/pki-$step.err" "$tmp/pki-$step.json"
    case_result cli_pki fail "gateway pki $* --dir $pki --json failed (output above)"
    finish
  fi
}
pki_step init init --crl-url "$CRL_URL"
pki_step gateway issue-gateway localhost
pki_step revoked issue-org "$SYSTEM_ORG"
REVOKED_SERIAL="$(json_field "$tmp/pki-revoked.json" serial)"
pki_step revoke revoke "$REVOKED_SERIAL"
pki_step sender issue-org "$SYSTEM_ORG"
pki_step node-sender issue-org "$NODE_ORG" --key-type rsa-2048
pki_step other-org issue-org "$RECIPIENT_ORG"
TLS_CERT="$(json_field "$tmp/pki-gateway.json" certificate)"
TLS_KEY="$(json_field "$tmp/pki-gateway.json" key)"
SENDER_CERT="$(json_field "$tmp/pki-sender.json" certificate)"
SENDER_KEY="$(json_field "$tmp/pki-sender.json" key)"
NODE_CERT="$(json_field "$tmp/pki-node-sender.json" certificate)"
NODE_KEY="$(json_field "$tmp/pki-node-sender.json" key)"
OTHER_ORG_CERT="$(json_field "$tmp/pki-other-org.json" certificate)"
OTHER_ORG_KEY="$(json_field "$tmp/pki-other-org.json" key)"
REVOKED_CERT="$pki/archive/$REVOKED_SERIAL.pem"
REVOKED_KEY="$pki/archive/$REVOKED_SERIAL.key"
if [ ! -f "$REVOKED_CERT" ] || [ ! -f "$REVOKED_KEY" ]; then
  case_result cli_pki fail "the revoked certificate $REVOKED_SERIAL is not in $pki/archive/ after a new one was issued for $SYSTEM_ORG"
  finish
fi
case_result cli_pki pass

# ---------------------------------------------------------------------------------------------------
# The CRL server: `gateway pki serve-crl` on $CRL_URL, until it answers with the CRL file's bytes.
echo "interop: starting $GATEWAY_BIN pki serve-crl ($CRL_URL)"
"$GATEWAY_BIN" pki serve-crl --dir "$pki" --listen "127.0.0.1:$CRL_PORT" >"$tmp/serve-crl.log" 2>&1 </dev/null &
crl_pid=$!

# Prints nothing and succeeds when GET $CRL_URL answers the bytes of crl/root.crl; else prints why.
crl_served() {
  "$PY" - "$CRL_URL" "$pki/crl/root.crl" 2>&1 <<'PYTHON'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=2) as answer:
        served = answer.read()
except OSError as error:
    sys.exit(str(error))
with open(sys.argv[2], "rb") as f:
    if served != f.read():
        sys.exit(f"the {len(served)} bytes served differ from {sys.argv[2]}")
PYTHON
}
serving=0
last=""
deadline=$((SECONDS + START_TIMEOUT))
while [ "$SECONDS" -lt "$deadline" ]; do
  if ! kill -0 "$crl_pid" 2>/dev/null; then
    wait "$crl_pid"
    last="it exited with code $? before it served the CRL"
    break
  fi
  if last="$(crl_served)"; then
    serving=1
    break
  fi
  sleep 0.2
done
if [ "$serving" != 1 ]; then
  show_log=1
  case_result crl_server_serving fail "GET $CRL_URL: expected the bytes of $pki/crl/root.crl within ${START_TIMEOUT}s; last: ${last:-no answer}"
  finish
fi
case_result crl_server_serving pass

# ---------------------------------------------------------------------------------------------------
# The connected systems the clients call as, made with the real CLI before the daemon starts: the
# organisations from the sample registry file, then a sending system for $SYSTEM_ORG (Python), one for
# $NODE_ORG (Node) and a receiving one for $RECIPIENT_ORG, whose tokens `--json` prints once.
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

# Registers a system NAME for ORG and sets the variable VAR to its token; a failure ends the run.
add_system() { # case name org var
  local case="$1" name="$2" org="$3" var="$4" token
  if ! "$GATEWAY_BIN" systems add --name "$name" --org "$org" --json --data "$tmp/data" \
    >"$tmp/system-$name.json" 2>"$tmp/system-$name.err"; then
    cat "$tmp/system-$name.err"
    case_result "$case" fail "gateway systems add --name $name --org $org failed (output above)"
    finish
  fi
  if ! token="$(json_field "$tmp/system-$name.json" token 2>&1)"; then
    case_result "$case" fail "no token in the --json output: $(cat "$tmp/system-$name.json") ($token)"
    finish
  fi
  printf -v "$var" '%s' "$token"
  case_result "$case" pass
}
add_system cli_systems_add interop "$SYSTEM_ORG" GATEWAY_TOKEN
add_system cli_systems_add_node_sender interop-node "$NODE_ORG" NODE_TOKEN
add_system cli_systems_add_recipient interop-recipient "$RECIPIENT_ORG" GATEWAY_RECIPIENT_TOKEN

# ---------------------------------------------------------------------------------------------------
# Start the daemon and wait until Health/Check "" answers SERVING on h2c. Signatures are required (the
# default), verified against the PKI's root, with revocation checked on its CRL (hard-fail, the default).
echo "interop: starting $GATEWAY_BIN (h2c $H2C, tls $TLS)"
(
  cd "$tmp" &&
    exec "$GATEWAY_BIN" run \
      "--Grpc:Endpoint=$H2C" \
      "--Grpc:Tls:Endpoint=$TLS" \
      "--Grpc:Tls:CertificateFile=$TLS_CERT" \
      "--Grpc:Tls:KeyFile=$TLS_KEY" \
      "--Store:DataDirectory=$tmp/data" \
      "--Metrics:Endpoint=127.0.0.1:$METRICS_PORT" \
      "--Signatures:TrustAnchors=$pki/trust"
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

# ---------------------------------------------------------------------------------------------------
# Signature cases decided here, each on a header file that header_tool.py serializes for the Python
# client's sender ($SYSTEM_ORG to $RECIPIENT_ORG, a client reference of its own) and sends over h2c
# with that system's token. The first line of the tool's answer, "OK" or "STATUS signature-failure",
# must be the one expected; "OK" means a receipt for exactly those header bytes.
echo
echo "==== signatures (openssl $(openssl version | cut -d' ' -f2), python3-cryptography $("$PY" -c 'import cryptography; print(cryptography.__version__)')) ===="
cases="$tmp/cases"
RUN_ID="$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
header_tool() { "$PY" "$here/python/header_tool.py" "$@"; }

# Runs one preparation step of the case STEM, its output appended to $cases/STEM.log.
prepare() { # stem command...
  local stem="$1"
  shift
  "$@" >>"$cases/$stem.log" 2>&1
}

# Writes $cases/STEM.header and STEM.payload: a fresh document from the sender.
# shellcheck disable=SC2317 # called through prepare
new_header() { # stem
  header_tool header --sender "$SYSTEM_ORG" --recipient "$RECIPIENT_ORG" --reference "interop-sh-$1-$RUN_ID" \
    --header-out "$cases/$1.header" --payload-out "$cases/$1.payload"
}

# Sends a header file with the payload of STEM and, when given, a signature file; prints the answer.
send_files() { # header stem [signature]
  local signature=()
  [ -z "${3:-}" ] || signature=(--signature "$3")
  header_tool send "$H2C" --token "$GATEWAY_TOKEN" --timeout "$GATEWAY_TIMEOUT" \
    --header "$1" --payload "$cases/$2.payload" "${signature[@]}" 2>&1
}

first_line() { printf '%s\n' "$1" | head -n 1; }

# Records CASE as passed when the first line of ANSWER is EXPECTED.
judge() { # case expected answer
  if [ "$(first_line "$3")" = "$2" ]; then
    case_result "$1" pass
  else
    case_result "$1" fail "expected '$2', got: $(printf '%s' "$3" | tr '\n' ' ')"
  fi
}

prepare_failed() { # case stem
  case_result "$1" fail "preparing the header failed: $(tr '\n' ' ' <"$cases/$2.log")"
}

# Signed by the openssl CLI with the sender's key: -binary signs the bytes as they are (no MIME
# canonicalisation), -nosmimecap leaves out the S/MIME capabilities a header signature has no use for;
# detached is openssl's default, DER and the signer's certificate included are what the gateway needs.
if prepare openssl new_header openssl &&
  prepare openssl openssl cms -sign -binary -outform DER -nosmimecap \
    -signer "$SENDER_CERT" -inkey "$SENDER_KEY" -in "$cases/openssl.header" -out "$cases/openssl.p7s"; then
  judge signature_openssl_cli_accepted OK "$(send_files "$cases/openssl.header" openssl "$cases/openssl.p7s")"
else
  prepare_failed signature_openssl_cli_accepted openssl
fi

if prepare unsigned new_header unsigned; then
  judge signature_unsigned_refused_missing "INVALID_ARGUMENT missing" "$(send_files "$cases/unsigned.header" unsigned)"
else
  prepare_failed signature_unsigned_refused_missing unsigned
fi

# The header is signed, then its subject changed: the signature no longer matches the bytes sent. The
# bytes as signed, sent next with the same signature and reference, must be accepted: that proves the
# refusal was for the change alone and stored nothing (the reference is still free).
if prepare tampered new_header tampered &&
  prepare tampered header_tool sign --cert "$SENDER_CERT" --key "$SENDER_KEY" \
    --header "$cases/tampered.header" --out "$cases/tampered.p7s" &&
  prepare tampered header_tool alter --header "$cases/tampered.header" --out "$cases/tampered.altered"; then
  answer="$(send_files "$cases/tampered.altered" tampered "$cases/tampered.p7s")"
  if [ "$(first_line "$answer")" = "INVALID_ARGUMENT tampered" ]; then
    answer="$(send_files "$cases/tampered.header" tampered "$cases/tampered.p7s")"
    judge signature_altered_header_refused_tampered OK "$answer"
  else
    judge signature_altered_header_refused_tampered "INVALID_ARGUMENT tampered" "$answer"
  fi
else
  prepare_failed signature_altered_header_refused_tampered tampered
fi

# A valid certificate of the PKI, but it carries $RECIPIENT_ORG, not the header's sender.
if prepare other-org new_header other-org &&
  prepare other-org header_tool sign --cert "$OTHER_ORG_CERT" --key "$OTHER_ORG_KEY" \
    --header "$cases/other-org.header" --out "$cases/other-org.p7s"; then
  judge signature_other_org_certificate_refused_wrong_organization "PERMISSION_DENIED wrong-organization" \
    "$(send_files "$cases/other-org.header" other-org "$cases/other-org.p7s")"
else
  prepare_failed signature_other_org_certificate_refused_wrong_organization other-org
fi

# The sender's own first certificate, revoked before the daemon started (see the PKI above).
if prepare revoked new_header revoked &&
  prepare revoked header_tool sign --cert "$REVOKED_CERT" --key "$REVOKED_KEY" \
    --header "$cases/revoked.header" --out "$cases/revoked.p7s"; then
  judge signature_revoked_certificate_refused_revoked "FAILED_PRECONDITION revoked" \
    "$(send_files "$cases/revoked.header" revoked "$cases/revoked.p7s")"
else
  prepare_failed signature_revoked_certificate_refused_revoked revoked
fi

export GATEWAY_H2C="$H2C" GATEWAY_TLS="$TLS" GATEWAY_CA="$pki/root.pem" GATEWAY_RECIPIENT_TOKEN GATEWAY_METRICS="$METRICS_URL"
export GATEWAY_RECIPIENT_ORG="$RECIPIENT_ORG"

# ---------------------------------------------------------------------------------------------------
# Python (unittest), sending for $SYSTEM_ORG and signing with its ECDSA key: read "Ran N tests" and
# "FAILED (failures=a, errors=b, skipped=c)" / "OK (skipped=c)".
echo
echo "==== python3-grpcio ($("$PY" -c 'import grpc; print(grpc.__version__)')) ===="
(cd "$here/python" && GATEWAY_PY_GEN="$here/python/gen" GATEWAY_TOKEN="$GATEWAY_TOKEN" \
  GATEWAY_SENDER_ORG="$SYSTEM_ORG" GATEWAY_SIGNER_CERT="$SENDER_CERT" GATEWAY_SIGNER_KEY="$SENDER_KEY" \
  timeout 300 "$PY" -m unittest -v test_interop) >"$tmp/python.out" 2>&1
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
# Node (node --test), sending for $NODE_ORG and signing with its RSA key: the spec reporter to the
# console, TAP to a file for "# pass N", "# fail N", ...
node_version() { node -p "require('$here/node/node_modules/$1/package.json').version" 2>/dev/null || echo '?'; }
echo
echo "==== @grpc/grpc-js ($(node_version @grpc/grpc-js), node-forge $(node_version node-forge), node $(node --version)) ===="
# DEP0123: grpc-js passes an IP target as the TLS server name, which node warns about; harmless here.
(cd "$here/node" && GATEWAY_TOKEN="$NODE_TOKEN" GATEWAY_SENDER_ORG="$NODE_ORG" \
  GATEWAY_SIGNER_CERT="$NODE_CERT" GATEWAY_SIGNER_KEY="$NODE_KEY" \
  timeout 300 node --disable-warning=DEP0123 --test \
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
# SIGTERM: the daemon, then the CRL server, must each stop by itself, with exit code 0, within the bound.
stop_with_sigterm() { # case what pid
  local case="$1" what="$2" pid="$3" rc
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid"
    case_result "$case" fail "$what was no longer running before SIGTERM (exit code $?)"
    return
  fi
  kill -TERM "$pid"
  local stop_deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$stop_deadline" ]; do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    case_result "$case" fail "$what still running ${STOP_TIMEOUT}s after SIGTERM (killed)"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return
  fi
  wait "$pid"
  rc=$?
  if [ "$rc" -eq 0 ]; then
    case_result "$case" pass
  else
    case_result "$case" fail "$what: expected exit code 0 after SIGTERM, got $rc"
  fi
}
echo
stop_with_sigterm daemon_exits_zero_on_sigterm "the daemon" "$daemon_pid"
daemon_pid=""
stop_with_sigterm crl_server_exits_zero_on_sigterm "the CRL server (gateway pki serve-crl)" "$crl_pid"
crl_pid=""

if [ "$failed" -gt 0 ]; then show_log=1; fi
finish
