#!/usr/bin/env bash
# Benchmark (not a test): consent-service's decision API, throughput of check against an authenticated
# no-work baseline and check's latency at half that load, measured in the same run on the same machine.
# Writes benchmarks/results/consent-decisions.{json,md}.
#
# The baseline endpoint exists only in a build of consent-service made with -Dprivacyops.benchmark.baseline=true:
# this script makes that build beside the production one (consent-service/target/benchmark-build), which the benchmark
# runs. -D options after the script name go to the benchmark, e.g. the services' JVM options with a GC log:
#   scripts/bench-consent-decisions.sh "-Dprivacyops.service.jvm-args=-Xms512m -Xmx512m -Xmn384m -Xlog:gc:file=/tmp/gc-%p.log"
# or consent-service alone on core 1 and the generator, PostgreSQL, Kafka and the other services on the rest:
#   scripts/bench-consent-decisions.sh -Dbench.service-cpus=1
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  ./mvnw -B -q -pl consent-service -am -DskipTests package \
    -Dprivacyops.benchmark.baseline=true -Dquarkus.package.output-directory=benchmark-build
fi
exec scripts/benchmark.sh consent.ConsentDecisionBenchmark "$@"
