#!/usr/bin/env bash
# Benchmark (not a test): outbox commit-to-visible latency against a plain-producer baseline, measured in
# the same run on the same machine. Writes benchmarks/results/outbox-latency.{json,md}.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests install
exec ./mvnw -B -q -pl platform/local-stack exec:java \
  -Dexec.mainClass=jp.onplanetz.privacy.benchmarks.OutboxLatencyBenchmark -Dexec.cleanupDaemonThreads=false
