#!/usr/bin/env bash
# Runs one program of the benchmarks module (benchmarks/README.md) on this checkout: packages the services and the
# module (tests skipped; nothing is installed into the local Maven repository, so the local stack runs this checkout's
# service jars and the program this checkout's classes), then runs the program with plain java from the checkout's root.
#
#   scripts/benchmark.sh <class under jp.onplanetz.privacy.benchmarks> [-Dname=value ...]
#
# The -D options go to the program (each program's javadoc lists its settings). BENCH_SKIP_BUILD=1 reuses the last
# build; Maven options such as -o (offline) go in MAVEN_ARGS. The scripts/bench-*.sh scripts name the class for you.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 1 ]]; then
  echo "usage: scripts/benchmark.sh <class, e.g. outbox.OutboxLatencyBenchmark> [-Dname=value ...]" >&2
  exit 2
fi
main="$1"
shift
if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  ./mvnw -B -q -pl benchmarks -am -DskipTests package dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/run.classpath
fi
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" "$@" \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/run.classpath)" "jp.onplanetz.privacy.benchmarks.$main"
