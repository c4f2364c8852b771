#!/usr/bin/env bash
# Benchmark (not a test): usage events per second through analytics-gateway (ingest, consent check, pseudonymisation,
# storage, outbox relay, counting by Kafka Streams) against a plain Kafka consumer reading the same events from the same
# topic in the same run. Writes benchmarks/results/analytics-throughput.{json,md}.
#
# JVM options after the script name go to the benchmark, e.g. a short smoke run:
#   scripts/bench-analytics-throughput.sh -Dbench.events=20000 -Dbench.subjects=1000
# (all settings: AnalyticsThroughputBenchmark's javadoc).
# Profiling the services: -Dprivacyops.service.jvm-args='-Xms512m -Xmx512m -Xmn384m -XX:StartFlightRecording=filename=/tmp/{service}.jfr'
exec "$(dirname "$0")/benchmark.sh" analytics.AnalyticsThroughputBenchmark "$@"
