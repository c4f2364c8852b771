#!/usr/bin/env bash
# Benchmark (not a test): consent-service's decision API, throughput of check against an authenticated
# no-work baseline and check's latency at half that load, measured in the same run on the same machine.
# Writes benchmarks/results/consent-decisions.{json,md}.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests install
exec ./mvnw -B -q -pl platform/local-stack exec:java \
  -Dexec.mainClass=jp.onplanetz.privacy.localstack.bench.ConsentDecisionBenchmark -Dexec.cleanupDaemonThreads=false
