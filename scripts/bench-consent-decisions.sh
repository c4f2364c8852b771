#!/usr/bin/env bash
# Benchmark (not a test): consent-service's decision API, throughput of check against an authenticated
# no-work baseline and check's latency at half that load, measured in the same run on the same machine.
# Writes benchmarks/results/consent-decisions.{json,md}.
#
# -D options after the script name go to the benchmark, e.g. the services' JVM options with a GC log:
#   scripts/bench-consent-decisions.sh "-Dprivacyops.service.jvm-args=-Xms512m -Xmx512m -Xmn384m -Xlog:gc:file=/tmp/gc-%p.log"
# or consent-service alone on core 1 and the generator, PostgreSQL, Kafka and the other services on the rest
# (the results file then says so; measured 2026-12-06 on 2 cores: worse, one core saturates at half load):
#   scripts/bench-consent-decisions.sh -Dbench.service-cpus=1
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests install
exec ./mvnw -B -q -pl platform/local-stack exec:java \
  -Dexec.mainClass=jp.onplanetz.privacy.benchmarks.ConsentDecisionBenchmark -Dexec.cleanupDaemonThreads=false "$@"
