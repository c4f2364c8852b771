#!/usr/bin/env bash
# Benchmark (not a test): a deletion filed by a data subject, to completed across all four services, in the local
# stack, against the same fan-out pattern on plain Kafka clients measured in the same run. Writes
# benchmarks/results/data-request-deletion.{json,md}. -Dbench.requests=N changes how many are measured (default 40).
exec "$(dirname "$0")/benchmark.sh" datarequest.DataRequestDeletionBenchmark "$@"
