#!/usr/bin/env bash
# Benchmark (not a test): usage events per second through analytics-gateway's Kafka door (consent check,
# pseudonymisation and generalisation, storage, counting, outbox relay, Kafka Streams' sums) against an essential
# consumer run on the same events, broker and PostgreSQL server in the same run: a plain KafkaConsumer that parses
# lean, pseudonymises with the gateway's classes and binary-COPYs 5,000-row batches into a usage_event made by the
# gateway's own migrations, its offsets in the same transaction. Each side processes a cold batch (the first after
# its start) and a warm one; the target uses the warm figures. Reports CPU per event by process for every phase.
# Writes benchmarks/results/analytics-throughput.{json,md}.
#
# JVM options after the script name go to the benchmark, e.g. a short smoke run:
#   scripts/bench-analytics-throughput.sh -Dbench.events=20000 -Dbench.subjects=1000
# (all settings: AnalyticsThroughputBenchmark's javadoc).
# Profiling the services: -Dprivacyops.service.jvm-args='-Xms512m -Xmx512m -Xmn384m -XX:StartFlightRecording=filename=/tmp/{service}.jfr'
exec "$(dirname "$0")/benchmark.sh" analytics.AnalyticsThroughputBenchmark "$@"
