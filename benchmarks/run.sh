#!/usr/bin/env bash
# Runs every benchmark of the starter and writes benchmarks/results.md, then puts that table into
# README.md between the benchmark-results markers. About 10 minutes on 2 cores.
#   benchmarks/run.sh            # everything
#   QUICK=1 benchmarks/run.sh    # shorter JMH runs, for a smoke test of the harness
#   benchmarks/run.sh --report   # only rebuild the table from benchmarks/target/results
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=benchmarks/target/results
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

if [[ "${1:-}" != "--report" ]]; then
rm -rf "$out" && mkdir -p "$out"
./mvnw -B -q -pl benchmarks -am -DskipTests package
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
harness() { java -Dbenchmarks.dir="$root/benchmarks" -cp "$classpath" "$@"; }

jmh_options=(-prof gc -rf json -rff "$out/jmh.json")
if [[ -n "${QUICK:-}" ]]; then jmh_options+=(-f 1 -wi 2 -i 3); fi
# JMH runs one instance per machine at a time (its lock): wait for another one to finish.
for attempt in $(seq 1 60); do
  java -jar benchmarks/target/benchmarks.jar 'dev\.logspring\.logfire\.benchmarks\.(traced|logging)\.' "${jmh_options[@]}" \
    > "$out/jmh.log" 2>&1 || true
  grep -q 'Unable to acquire the JMH lock' "$out/jmh.log" || break
  echo "Another JMH run holds the lock; waiting ($attempt)"; sleep 30
done
grep -E '^(Benchmark|[a-zA-Z.]+Benchmark\.[a-zA-Z]+ )' "$out/jmh.log" || true
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
} > benchmarks/results.md

# Replace the table in the README.
python3 - <<'PY'
import re
readme = open("README.md").read()
table = open("benchmarks/results.md").read().strip()
start, end = "<!-- benchmark-results:start -->", "<!-- benchmark-results:end -->"
if start in readme:
    readme = re.sub(re.escape(start) + ".*?" + re.escape(end), start + "\n" + table.replace("\\", "\\\\") + "\n" + end, readme, flags=re.S)
    open("README.md", "w").write(readme)
PY
cat benchmarks/results.md
