#!/usr/bin/env bash
# Benchmark (not a test): usage events per second through analytics-gateway (ingest, consent check, pseudonymisation,
# storage, outbox relay, counting by Kafka Streams) against a plain Kafka consumer reading the same events from the same
# topic in the same run. Writes benchmarks/results/analytics-throughput.{json,md}.
#
# JVM options after the script name go to the benchmark, e.g. a short smoke run:
#   scripts/bench-analytics-throughput.sh -Dbench.events=20000 -Dbench.subjects=1000
# (all settings: AnalyticsThroughputBenchmark's javadoc). Offline Maven: MAVEN_ARGS=-o scripts/bench-analytics-throughput.sh
# Profiling the services: -Dprivacyops.service.jvm-args='-Xms512m -Xmx512m -Xmn384m -XX:StartFlightRecording=filename=/tmp/{service}.jfr'
set -euo pipefail
cd "$(dirname "$0")/.."
# Package, not install: the local stack runs this checkout's service jars (<service>/target/quarkus-app), and the
# benchmark runs on this checkout's module jars (the reactor resolves them from target/, not from ~/.m2).
./mvnw -B -q -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/runtime.classpath -Dmdep.includeScope=runtime
classpath="platform/local-stack/target/classes:$(tr ':' '\n' < platform/local-stack/target/runtime.classpath | grep '\.jar$' | paste -sd: -)"
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Djava.util.logging.manager=org.jboss.logmanager.LogManager "$@" -cp "$classpath" jp.onplanetz.privacy.benchmarks.AnalyticsThroughputBenchmark
