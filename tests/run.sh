#!/usr/bin/env bash
# Runs every test of the gateway on a fresh machine, from scratch:
#   1. installs what is missing (Debian packages, npm packages from the committed lock file);
#   2. builds the solution in Release, where any compiler or analyzer warning is an error;
#   3. runs every .NET test project (xUnit v3 on Microsoft.Testing.Platform);
#   4. runs the interop tests: Python (Debian python3-grpcio) and Node (@grpc/grpc-js) clients
#      against the real daemon over h2c and TLS.
# Also checks formatting against .editorconfig (dotnet format --verify-no-changes).
# The last line is the sum over every runner: "N passed, N failed, N skipped". The exit code is
# non-zero when anything failed, including the install or the build.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
out="$repo/.test-output"
mkdir -p "$out"

passed=0
failed=0
skipped=0
broken=() # runners that could not report counts

step() { printf '\n==> %s\n' "$*"; }

totals_and_exit() {
  printf '\n'
  if [ "${#broken[@]}" -gt 0 ]; then
    echo "did not complete: ${broken[*]}"
    failed=$((failed + ${#broken[@]}))
  fi
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ]
  exit $?
}

if ! command -v dotnet >/dev/null 2>&1; then
  echo "tests/run.sh: the .NET 10 SDK ('dotnet') is required and not on PATH" >&2
  broken+=("prerequisites")
  totals_and_exit
fi

step "Installing prerequisites (only what is missing)"
if ! bash tests/Interop/install.sh; then
  broken+=("install")
  totals_and_exit
fi

step "Building Gateway.sln (Release; warnings are errors)"
if ! dotnet build Gateway.sln -c Release -nologo -clp:NoSummary -v:minimal > "$out/build.log" 2>&1; then
  grep -E "error|warning" "$out/build.log" | sort -u | head -50
  echo "build failed; full log: $out/build.log"
  broken+=("build")
  totals_and_exit
fi
grep -E "warning" "$out/build.log" | grep -v "NU1603" | sort -u | head -20
echo "build succeeded"

step "Checking formatting (dotnet format --verify-no-changes)"
if dotnet format Gateway.sln --verify-no-changes --no-restore > "$out/format.log" 2>&1; then
  echo "formatting matches .editorconfig"
else
  head -30 "$out/format.log"
  broken+=("format")
fi

step ".NET tests"
# A global bound so a hung test cannot hold CI; every test also bounds its own awaits.
timeout 1500 dotnet test --solution Gateway.sln -c Release --no-build 2>&1 | tee "$out/dotnet-test.log"
summary="$(grep -E '^\s+(total|failed|succeeded|skipped):\s+[0-9]+' "$out/dotnet-test.log" | tail -4)"
count() { echo "$summary" | awk -v k="$1:" '$1 == k { print $2 }'; }
if [ -n "$(count total)" ]; then
  passed=$((passed + $(count succeeded)))
  failed=$((failed + $(count failed)))
  skipped=$((skipped + $(count skipped)))
else
  broken+=("dotnet test")
fi

step "Interop tests (Python grpcio and Node grpc-js against the daemon)"
bash tests/Interop/run.sh 2>&1 | tee "$out/interop.log"
line="$(grep -E '^interop: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$out/interop.log" | tail -1)"
if [ -n "$line" ]; then
  read -r p f s < <(echo "$line" | sed -E 's/^interop: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped$/\1 \2 \3/')
  passed=$((passed + p))
  failed=$((failed + f))
  skipped=$((skipped + s))
else
  broken+=("interop")
fi

totals_and_exit
