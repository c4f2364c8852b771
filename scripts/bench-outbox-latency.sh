#!/usr/bin/env bash
# Benchmark (not a test): outbox commit-to-visible latency against a plain-producer baseline, measured in
# the same run on the same machine. Writes benchmarks/results/outbox-latency.{json,md}.
exec "$(dirname "$0")/benchmark.sh" outbox.OutboxLatencyBenchmark "$@"
