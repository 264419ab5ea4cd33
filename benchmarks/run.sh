#!/usr/bin/env bash
# Runs every benchmark of the starter and writes benchmarks/results.md, then puts that table into
# docs/benchmarks.md between the benchmark-results markers. About 10 minutes on 2 cores.
#   benchmarks/run.sh            # everything
#   QUICK=1 benchmarks/run.sh    # shorter JMH runs, for a smoke test of the harness
#   benchmarks/run.sh --report   # only rebuild the table from benchmarks/target/results
#   benchmarks/run.sh --peers    # only the comparison with Spring Boot's OpenTelemetry support and the
#                                # OpenTelemetry starter (docs/benchmarks.md), about 45 minutes; QUICK=1: a smoke run
#   benchmarks/run.sh --profiling  # only what JDK Flight Recorder profiling costs ours, 3 rounds, about 15 minutes;
#                                # prints its rows (docs/profiling.md) and leaves the results table alone
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=benchmarks/target/results
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
mode="${1:-}"

# JMH runs one instance per machine at a time (its lock): wait for another one to finish.
#   run_jmh <log file> <java arguments...>
run_jmh() {
  local log=$1; shift
  for attempt in $(seq 1 60); do
    java "$@" > "$log" 2>&1 || true
    grep -q 'Unable to acquire the JMH lock' "$log" || break
    echo "Another JMH run holds the lock; waiting ($attempt)"; sleep 30
  done
  grep -q '^# Run complete' "$log" || { echo "JMH failed, see $log:"; tail -5 "$log"; }
  grep -E '^(Benchmark|[a-zA-Z.]+Benchmark\.[a-zA-Z:]+ )' "$log" || true
}

jmh_options=(-prof gc)
# JMH_OPTS (e.g. "-f 1 -wi 1 -i 1 -r 1s -w 1s") replaces QUICK's shorter runs: JMH takes each option once.
if [[ -n "${JMH_OPTS:-}" ]]; then read -r -a extra_jmh <<< "$JMH_OPTS"; jmh_options+=("${extra_jmh[@]}")
elif [[ -n "${QUICK:-}" ]]; then jmh_options+=(-f 1 -wi 2 -i 3); fi

if [[ "$mode" == "--profiling" ]]; then
mkdir -p "$out" && rm -f "$out"/7-profiling.md "$out"/profiling-table.md
./mvnw -B -q -pl benchmarks -am -DskipTests package
read -r -a extra_peers <<< "${PEERS_OPTS:-}"
# Same harness and pinning as --peers: ours with and without profiling, in alternating order.
taskset -c 1 java -Dbenchmarks.dir="$root/benchmarks" -Dbenchmarks.app-cpus=0 -Dbenchmarks.peers.variants=ours,ours-profiling \
  -Dbenchmarks.peers.rounds=3 "${extra_peers[@]}" -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  dev.logspring.logfire.benchmarks.http.PeerBenchmark "$out/7-profiling.md" "$out/profiling-table.md"
# Its own figures only (docs/profiling.md): the results table keeps the full run's.
cat "$out/7-profiling.md"
exit 0
elif [[ "$mode" == "--peers" ]]; then
mkdir -p "$out" && rm -f "$out"/6-peers.md "$out"/peers-*.md "$out"/peers-*.json
./mvnw -B -q -pl benchmarks -am -DskipTests package
./mvnw -B -q -f benchmarks/peers/pom.xml package
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
peer_options=()
if [[ -n "${QUICK:-}" ]]; then
  peer_options=(-Dbenchmarks.peers.rounds=1 -Dbenchmarks.peers.warmup-seconds=3 -Dbenchmarks.peers.measure-seconds=3)
fi
# PeerBenchmark's settings (its Javadoc), e.g. PEERS_OPTS="-Dbenchmarks.peers.variants=none,ours".
read -r -a extra_peers <<< "${PEERS_OPTS:-}"
peer_options+=("${extra_peers[@]}")
# The application on CPU 0, the load generator and the receiver (this JVM) on CPU 1.
taskset -c 1 java -Dbenchmarks.dir="$root/benchmarks" -Dbenchmarks.app-cpus=0 "${peer_options[@]}" -cp "$classpath" \
  dev.logspring.logfire.benchmarks.http.PeerBenchmark "$out/6-peers.md" "$out/peers-table.md"
# The annotations, each on its own stack's class path; then our export's CPU per span, gzip or not.
run_jmh "$out/peers-traced.log" -jar benchmarks/target/benchmarks.jar 'traced\.TracedBenchmark\.' \
  "${jmh_options[@]}" -rf json -rff "$out/peers-traced.json"
run_jmh "$out/peers-withspan.log" -cp "benchmarks/target/classes:$(cat benchmarks/peers/opentelemetry-starter/target/classpath-jmh.txt)" \
  org.openjdk.jmh.Main 'peers\.WithSpanBenchmark' "${jmh_options[@]}" -rf json -rff "$out/peers-withspan.json"
run_jmh "$out/peers-observed.log" -cp "benchmarks/target/classes:$(cat benchmarks/peers/boot-opentelemetry/target/classpath-jmh.txt)" \
  org.openjdk.jmh.Main 'peers\.ObservedBenchmark' "${jmh_options[@]}" -rf json -rff "$out/peers-observed.json"
run_jmh "$out/peers-compression.log" -jar benchmarks/target/benchmarks.jar 'export\.ExportCompressionBenchmark' \
  "${jmh_options[@]}" -rf json -rff "$out/peers-compression.json"
python3 benchmarks/peers/jmh-table.py "$out" > "$out/peers-jmh.md"
elif [[ "$mode" != "--report" ]]; then
rm -rf "$out" && mkdir -p "$out"
./mvnw -B -q -pl benchmarks -am -DskipTests package
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
harness() { java -Dbenchmarks.dir="$root/benchmarks" -cp "$classpath" "$@"; }

run_jmh "$out/jmh.log" -jar benchmarks/target/benchmarks.jar 'dev\.logspring\.logfire\.benchmarks\.(traced|logging)\.' \
  "${jmh_options[@]}" -rf json -rff "$out/jmh.json"
harness dev.logspring.logfire.benchmarks.JmhReport "$out/jmh.json" "$out/1-jmh.md"
harness dev.logspring.logfire.benchmarks.http.HttpBenchmark "$out/2-http.md"
harness dev.logspring.logfire.benchmarks.export.ExportBenchmark "$out/3-export.md"
harness dev.logspring.logfire.benchmarks.startup.StartupBenchmark "$out/4-startup.md"
fi

{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(java -version 2>&1 | head -1), load average before the run: $load_before."
  echo
  echo "| Group | Measure | Baseline | With the starter | Ratio | Target | |"
  echo "|---|---|---|---|---|---|---|"
  cat "$out"/[0-9]-*.md
  # The comparison with the peers, per endpoint and variant (run.sh --peers).
  for part in peers-table peers-jmh; do
    if [[ -f "$out/$part.md" ]]; then echo; cat "$out/$part.md"; fi
  done
} > benchmarks/results.md

# Replace the table in docs/benchmarks.md.
python3 - <<'PY'
import re
page = open("docs/benchmarks.md").read()
table = open("benchmarks/results.md").read().strip()
start, end = "<!-- benchmark-results:start -->", "<!-- benchmark-results:end -->"
if start in page:
    page = re.sub(re.escape(start) + ".*?" + re.escape(end), start + "\n" + table.replace("\\", "\\\\") + "\n" + end, page, flags=re.S)
    open("docs/benchmarks.md", "w").write(page)
PY
cat benchmarks/results.md
