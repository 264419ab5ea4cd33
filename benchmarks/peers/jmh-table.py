#!/usr/bin/env python3
"""Markdown tables of the peers' JMH runs (run.sh --peers): the annotations against @Traced, and
our export's cost per span with and without gzip. Argument: the results folder."""
import json
import os
import sys

out = sys.argv[1]


def load(name):
    path = os.path.join(out, name)
    return json.load(open(path)) if os.path.exists(path) else []


def secondary(result, suffix):
    for key, metric in result.get("secondaryMetrics", {}).items():
        if key.endswith(suffix):
            return metric["score"]
    return None


def score(metric, pattern):
    """The score ± its 99.9 % error; the score alone where JMH had too few iterations for one."""
    error = metric["scoreError"]
    text = pattern.format(metric["score"])
    return text if isinstance(error, str) else text + " ± " + pattern.format(error)


calls = {}
for name in ("peers-traced.json", "peers-withspan.json", "peers-observed.json"):
    for result in load(name):
        calls[result["benchmark"].rsplit(".", 1)[1]] = result

labels = [("untraced", "no span"), ("handWrittenSpan", "hand-written SDK span, same attributes as `@Traced`"),
          ("tracedAnnotation", "`@Traced` (ours)"), ("withSpanAnnotation", "`@WithSpan` (OpenTelemetry starter)"),
          ("observedAnnotation", "`@Observed` (Spring Boot's OpenTelemetry support)")]
print("| Call (JMH, no exporter) | ns/call | bytes allocated/call |")
print("|---|---|---|")
for key, label in labels:
    if key in calls:
        primary = calls[key]["primaryMetric"]
        allocated = secondary(calls[key], "gc.alloc.rate.norm")
        print(f"| {label} | {score(primary, '{:.1f}')} | "
              + (f"{allocated:.0f}" if allocated is not None else "") + " |")


def ratio(a, b, target):
    if a in calls and b in calls:
        value = calls[a]["primaryMetric"]["score"] / calls[b]["primaryMetric"]["score"]
        print(f"\n`{a}` / `{b}`: {value:.3f} (target {target})")


ratio("tracedAnnotation", "withSpanAnnotation", "≤ 0.5")
ratio("tracedAnnotation", "handWrittenSpan", "≤ 1.2")

compression = load("peers-compression.json")
if compression:
    print("\n| `logfire.export.compression` (JMH, batches of 512 HTTP spans to a loopback receiver) "
          "| ns per span, exporting thread's wall time | ns per span, exporting thread's CPU |")
    print("|---|---|---|")
    for result in compression:
        cpu = secondary(result, "cpuNanosPerSpan")
        print(f"| {result['params']['compression']} | {result['primaryMetric']['score']:.0f} | "
              + (f"{cpu:.0f}" if cpu is not None else "") + " |")
