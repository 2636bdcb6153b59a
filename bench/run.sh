#!/usr/bin/env bash
# Runs every benchmark and rewrites the generated section of docs/benchmarks.md and its charts.
#
#   bash bench/run.sh            the full run: at most 20 minutes on 2 cores
#   bash bench/run.sh --quick    a short development run: at most 5 minutes; its numbers are not for quoting
#
# Phases, each under `timeout` with its own budget (unused time carries over to the next phase, so the
# total never exceeds the run's budget): setup (rabbitmq-server), build (Release), micro-benchmarks
# (BenchmarkDotNet, JSON reports), load (bench/Load: the gateway and its same-run peers), report
# (bench/Report: docs/benchmarks.md and docs/bench/*.png). Everything a run produces is kept in
# bench/out/<UTC timestamp>/ (ignored by git), with one log per phase. See bench/README.md.
set -euo pipefail

# Micro-benchmark filters (BenchmarkDotNet --filter patterns): one or a few cases of every benchmark
# class the issue names (about 28 cases at ~13 s each, ~6 minutes); bench/README.md runs each class whole.
MICRO_FILTERS=(
  '*OrgCodeBenchmarks.ParseStrictString*' '*OrgCodeBenchmarks.Format*'
  '*RouteLookupBenchmarks.SnapshotResolve*' '*RouteLookupBenchmarks.RegistryResolve'
  '*ChannelHopBenchmarks.OneStage*' '*ChannelHopBenchmarks.ThreeStages*'
  '*GroupCommitBenchmarks*'
  '*CmsBenchmarks.VerifySignedCms*' '*CmsBenchmarks.VerifyBouncyCastle*' '*CmsBenchmarks.SignSignedCms*' '*CmsBenchmarks.SignBouncyCastle*'
  '*MerkleBenchmarks.BuildProveAndVerify*'
  '*HeaderDecodeBenchmarks.DecodeSignedAndHeader*' '*HeaderDecodeBenchmarks.Validate*'
)
MICRO_FILTERS_QUICK=('*ChannelHop*')
# Extra BenchmarkDotNet options for --quick. None yet: on BenchmarkDotNet's command line --job Dry and
# --inProcess add a second job next to MicroConfig's "Short" job instead of replacing it (twice the work).
MICRO_OPTIONS_QUICK=()

# Phase budgets in seconds: full run (sums to 20 minutes) and --quick (sums to 5 minutes).
declare -A BUDGET=([setup]=45 [build]=120 [micro]=450 [load]=540 [report]=45)
declare -A BUDGET_QUICK=([setup]=10 [build]=80 [micro]=45 [load]=150 [report]=15)
PHASES=(setup build micro load report)

usage() {
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
}

quick=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$arg' (expected --quick or --help)" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

command_line="bash bench/run.sh"
if ((quick)); then
  command_line+=" --quick"
  for phase in "${PHASES[@]}"; do BUDGET[$phase]=${BUDGET_QUICK[$phase]}; done
  MICRO_FILTERS=("${MICRO_FILTERS_QUICK[@]}")
fi
total_budget=0
for phase in "${PHASES[@]}"; do total_budget=$((total_budget + BUDGET[$phase])); done

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="bench/out/$stamp"
mkdir -p "$out"
run_started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
revision="$(git describe --always --dirty 2>/dev/null || echo unknown)"
start_seconds=$SECONDS
carry=0
phase_number=0
current_phase=""
current_pid=""

clock() {
  local s=$((SECONDS - start_seconds))
  printf '%d:%02d' $((s / 60)) $((s % 60))
}

# Ctrl+C or SIGTERM: stop the running phase (timeout passes the signal on to its whole process group).
on_signal() {
  echo
  echo "bench/run.sh: interrupted at $(clock) during phase '${current_phase:-none}'; partial output in $out" >&2
  if [[ -n "$current_pid" ]]; then kill -TERM "$current_pid" 2>/dev/null || true; fi
  exit 130
}
trap on_signal INT TERM

phase_header() {
  current_phase="$1"
  phase_number=$((phase_number + 1))
  limit=$((BUDGET[$1] + carry))
  printf '\n==> [%s] Phase %d/%d: %s (budget %ds)\n' "$(clock)" "$phase_number" "${#PHASES[@]}" "$2" "$limit"
  phase_started=$SECONDS
}

phase_done() {
  local used=$((SECONDS - phase_started))
  carry=$((limit - used))
  ((carry < 0)) && carry=0
  printf '    [%s] %s done in %ds\n' "$(clock)" "$current_phase" "$used"
}

fail() {
  echo >&2
  echo "bench/run.sh: FAILED in phase '$current_phase' at $(clock): $*" >&2
  echo "bench/run.sh: logs and partial results are in $out; only the report phase rewrites docs/benchmarks.md." >&2
  exit 1
}

# run_limited LOG FILTER COMMAND...: runs COMMAND under the phase's time limit, logging everything to
# LOG and echoing the lines that match the extended regular expression FILTER ('' shows everything).
# A timeout or a failure ends the run, unless soft=1 is set for the call: then it returns 1 and leaves
# the reason in $soft_failure.
soft=0
soft_failure=""
run_limited() {
  local log="$1" filter="$2"
  shift 2
  local status=0 why=""
  if ((limit <= 0)); then
    why="no time left in the budget for this phase"
    if ((soft)); then soft_failure="$why"; return 1; fi
    fail "$why"
  fi
  if [[ -z "$filter" ]]; then
    timeout -k 15 "$limit" "$@" > >(tee -a "$log") 2>&1 &
  else
    timeout -k 15 "$limit" "$@" > >(tee -a "$log" | grep --line-buffered -E "$filter") 2>&1 &
  fi
  current_pid=$!
  wait "$current_pid" || status=$?
  current_pid=""
  sleep 0.2 # let the output filter drain
  if ((status == 124 || status == 137)); then
    why="timed out after ${limit}s, the budget for phase '$current_phase'"
  elif ((status != 0)); then
    why="'$*' exited with status $status"
  else
    return 0
  fi
  if ((soft)); then
    soft_failure="$why"
    echo "    phase '$current_phase' $why (see $log): going on without it" >&2
    return 1
  fi
  fail "$why (see $log)"
}

printf 'bench/run.sh%s: total budget %d min on %s cores; output in %s\n' \
  "$( ((quick)) && echo ' --quick')" $((total_budget / 60)) "$(nproc)" "$out"
if [[ ! -d bench/Load ]]; then
  echo "bench/run.sh: warning: bench/Load is not in this tree, so the load phase will fail (Ctrl+C now to stop)." >&2
fi

# --- 1. setup ----------------------------------------------------------------------------------
phase_header setup "setup (dotnet, rabbitmq-server)"
command -v dotnet >/dev/null || fail "dotnet is not on PATH"
if command -v rabbitmq-server >/dev/null || [[ -x /usr/sbin/rabbitmq-server ]]; then
  echo "    rabbitmq-server is installed"
elif command -v apt-get >/dev/null && [[ $(id -u) -eq 0 ]]; then
  echo "    installing rabbitmq-server (apt-get install -y rabbitmq-server) ..."
  if ! timeout "$limit" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q rabbitmq-server >"$out/setup.log" 2>&1; then
    echo "    rabbitmq-server could not be installed (see $out/setup.log); the load harness will record"
    echo "    RabbitMQ as not measured in this run, and the run goes on without it."
  fi
else
  echo "    rabbitmq-server is missing and cannot be installed here (needs apt-get as root); the load"
  echo "    harness will record RabbitMQ as not measured in this run, and the run goes on without it."
fi
phase_done

# --- 2. build ----------------------------------------------------------------------------------
phase_header build "build (Release)"
projects=(src/Gateway/Gateway.csproj bench/Micro/Gateway.Benchmarks.csproj bench/Report/Gateway.Bench.Report.csproj)
load_project=""
if [[ -d bench/Load ]]; then
  load_project="$(find bench/Load -maxdepth 1 -name '*.csproj' | sort | head -n 1)"
  if [[ -n "$load_project" ]]; then projects+=("$load_project"); fi
fi
# One build of a solution filter with just these projects: one restore, MSBuild's parallel nodes, and
# none of the test projects. It names paths relative to Gateway.sln, three levels up from $out.
{
  printf '{\n  "solution": {\n    "path": "../../../Gateway.sln",\n    "projects": [\n'
  for i in "${!projects[@]}"; do
    printf '      "%s"%s\n' "${projects[$i]}" "$( ((i + 1 < ${#projects[@]})) && echo ,)"
  done
  printf '    ]\n  }\n}\n'
} >"$out/bench.slnf"
echo "    dotnet build -c Release: ${projects[*]}"
run_limited "$out/build.log" '(error|warning) [A-Z]+[0-9]+' dotnet build -c Release --nologo -v q "$out/bench.slnf"
phase_done

# --- 3. micro-benchmarks -----------------------------------------------------------------------
phase_header micro "micro-benchmarks (BenchmarkDotNet: ${MICRO_FILTERS[*]})"
# --buildTimeout: BenchmarkDotNet builds its own copy of bench/Micro first, which takes longer than its
# default limit (2 minutes) on 2 busy cores; the phase's own limit bounds it instead.
micro_args=(--filter "${MICRO_FILTERS[@]}" --exporters json --artifacts "$out/micro" --buildTimeout "$limit")
if ((quick)) && ((${#MICRO_OPTIONS_QUICK[@]})); then micro_args+=("${MICRO_OPTIONS_QUICK[@]}"); fi
micro_command="dotnet run -c Release --project bench/Micro -- --filter $(printf "'%s' " "${MICRO_FILTERS[@]}")--exporters json"
if ((quick)) && ((${#MICRO_OPTIONS_QUICK[@]})); then micro_command+=" ${MICRO_OPTIONS_QUICK[*]}"; fi
echo "    $micro_command"
# Not fatal: without micro-benchmarks the report says "not measured in this run" and why.
micro_report=(--micro "$out/micro/results")
if soft=1 run_limited "$out/micro.log" '^// (\*\* Remained|\*\*\*\*\* (Found|Building|Done|BenchmarkRunner: End)|Benchmark: |command took)|Global total time|error' \
  dotnet run --no-build -c Release --project bench/Micro -- "${micro_args[@]}"; then
  if ! compgen -G "$out/micro/results/*.json" >/dev/null; then
    echo "    BenchmarkDotNet wrote no JSON report into $out/micro/results: going on without it" >&2
    micro_report=(--micro-missing "BenchmarkDotNet wrote no JSON report")
  fi
else
  micro_report=(--micro-missing "the micro-benchmark phase $soft_failure")
fi
phase_done

# --- 4. load -----------------------------------------------------------------------------------
phase_header load "load (bench/Load: steady-4k with gRPC echo, RabbitMQ and SQLite; mixed priorities, fan-out, 1 GiB, restart)"
if [[ -z "$load_project" ]]; then
  fail "bench/Load (the load harness, gateway-load) is not in this tree; there is nothing to measure the gateway with. Merge it, then run again."
fi
# Absolute paths: dotnet run starts the harness in its project folder.
# Every scenario of the issue: the steady sweep with its peers, then the gateway's one-off scenarios.
SCENARIOS=steady-4k,mixed-priorities,fanout-10k,upload-1g,restart-1m
load_args=(run --gateway "$PWD/src/Gateway/bin/Release/net10.0/gateway" --scenario "$SCENARIOS" --out "$(cd "$out" && pwd)/load.json")
if ((quick)); then load_args+=(--quick); fi
echo "    dotnet run -c Release --project bench/Load -- ${load_args[*]}"
run_limited "$out/load.log" '' dotnet run --no-build -c Release --project bench/Load -- "${load_args[@]}"
[[ -s "$out/load.json" ]] || fail "the load harness exited without writing $out/load.json"
phase_done

# --- 5. report ---------------------------------------------------------------------------------
phase_header report "report (docs/benchmarks.md, docs/bench/*.png)"
run_limited "$out/report.log" '' dotnet bench/Report/bin/Release/net10.0/gateway-bench-report.dll \
  --load "$out/load.json" "${micro_report[@]}" --micro-command "$micro_command" \
  --command "$command_line" --run-started "$run_started" --revision "$revision" \
  --doc docs/benchmarks.md --charts docs/bench
phase_done

printf '\nbench/run.sh: done in %s (budget %d:00). Rewrote the generated section of docs/benchmarks.md;\n' "$(clock)" $((total_budget / 60))
printf 'charts in docs/bench/; this run'"'"'s logs, load results and BenchmarkDotNet reports in %s.\n' "$out"
if ((quick)); then echo "Quick run: do not commit these numbers; run bash bench/run.sh for numbers to keep."; fi
