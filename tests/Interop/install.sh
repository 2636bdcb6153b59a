#!/usr/bin/env bash
# Installs what tests/Interop/run.sh needs, only where it is missing (safe to run again):
#   Debian: python3-grpcio python3-protobuf python3-cryptography python3-prometheus-client protobuf-compiler
#           protobuf-compiler-grpc openssl
#   npm:    @grpc/grpc-js, @grpc/proto-loader, protobufjs and node-forge, exactly as pinned in
#           node/package-lock.json (npm ci)
# Node.js itself (20 or later) must already be installed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY=/usr/bin/python3 # Debian's python modules are installed for this interpreter

# ---- Debian packages -------------------------------------------------------------------------------
need=()
[ -x "$PY" ] || need+=(python3)
if [ ! -x "$PY" ] || ! "$PY" -c 'import grpc' >/dev/null 2>&1; then need+=(python3-grpcio); fi
if [ ! -x "$PY" ] || ! "$PY" -c 'import google.protobuf' >/dev/null 2>&1; then need+=(python3-protobuf); fi
# The clients sign headers with its PKCS#7 builder (cryptography.hazmat.primitives.serialization.pkcs7).
if [ ! -x "$PY" ] || ! "$PY" -c 'from cryptography.hazmat.primitives.serialization import pkcs7' >/dev/null 2>&1; then
  need+=(python3-cryptography)
fi
# The metrics cases read /metrics with its Prometheus text parser.
if [ ! -x "$PY" ] || ! "$PY" -c 'import prometheus_client.parser' >/dev/null 2>&1; then need+=(python3-prometheus-client); fi
command -v protoc >/dev/null 2>&1 || need+=(protobuf-compiler)
command -v grpc_python_plugin >/dev/null 2>&1 || need+=(protobuf-compiler-grpc)
command -v openssl >/dev/null 2>&1 || need+=(openssl)

if [ "${#need[@]}" -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "install.sh: need root (or sudo) to install: ${need[*]}" >&2
      exit 1
    fi
  fi
  echo "install.sh: installing Debian packages: ${need[*]}"
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
else
  echo "install.sh: Debian packages present"
fi

# ---- npm packages ----------------------------------------------------------------------------------
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "install.sh: node and npm (Node.js 20 or later) are required but not installed" >&2
  exit 1
fi
node_dir="$here/node"
# npm ci writes node_modules/.package-lock.json; it is older than the lock file when the lock changed.
if [ ! -f "$node_dir/node_modules/.package-lock.json" ] ||
  [ "$node_dir/package-lock.json" -nt "$node_dir/node_modules/.package-lock.json" ] ||
  [ ! -f "$node_dir/node_modules/@grpc/grpc-js/package.json" ] ||
  [ ! -f "$node_dir/node_modules/@grpc/proto-loader/package.json" ] ||
  [ ! -f "$node_dir/node_modules/protobufjs/package.json" ] ||
  [ ! -f "$node_dir/node_modules/node-forge/package.json" ]; then
  echo "install.sh: npm ci in tests/Interop/node"
  (cd "$node_dir" && npm ci --no-audit --no-fund)
else
  echo "install.sh: tests/Interop/node/node_modules up to date"
fi
