#!/usr/bin/env bash
# Generates the Python message and stub modules the interop client imports, from the repository's
# proto/ tree, with Debian's protoc (package protobuf-compiler) and grpc_python_plugin (package
# protobuf-compiler-grpc). The output is not committed; it is rebuilt on every run.
#
#   tests/Interop/python/generate.sh [OUT_DIR]     (default: tests/Interop/python/gen)
#
# The health protocol is compiled from inside its own folder so that its module is the top-level
# `health_pb2`: compiled as grpc/health/v1/health.proto it would be imported as `grpc.health.v1`,
# a sub-package of the real `grpc` package that Python would never look for in OUT_DIR.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
out="${1:-$here/gen}"
proto="$repo/proto"

command -v protoc >/dev/null 2>&1 || {
  echo "generate.sh: protoc not found (install the Debian package protobuf-compiler)" >&2; exit 2; }
plugin="$(command -v grpc_python_plugin || true)"
[ -n "$plugin" ] || {
  echo "generate.sh: grpc_python_plugin not found (install the Debian package protobuf-compiler-grpc)" >&2; exit 2; }

rm -rf "$out"
mkdir -p "$out"

# The axis contract: modules axis.v1.*_pb2 and axis.v1.*_pb2_grpc.
(cd "$proto" && protoc -I . \
  --python_out="$out" --grpc_python_out="$out" \
  --plugin=protoc-gen-grpc_python="$plugin" \
  axis/v1/*.proto)

# The standard health protocol: modules health_pb2 and health_pb2_grpc.
protoc -I "$proto/grpc/health/v1" \
  --python_out="$out" --grpc_python_out="$out" \
  --plugin=protoc-gen-grpc_python="$plugin" \
  "$proto/grpc/health/v1/health.proto"
