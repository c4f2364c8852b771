#!/usr/bin/env bash
# Benchmark (not a test): disclosure-log-service's appends per second over 64 logs against pgbench running the same
# chained append in SQL on the same PostgreSQL server in the same run, and the time to verify a ledger of 1,000,000
# records. Writes benchmarks/results/disclosure-appends.{json,md}. Takes about 20 minutes with the defaults.
#
# JVM options after the script name go to the benchmark, e.g. a short smoke run:
#   scripts/bench-disclosure-appends.sh -Dbench.seconds=10 -Dbench.warm-up-seconds=10 -Dbench.verify-records=100000
# (all settings: DisclosureAppendBenchmark's javadoc).
set -euo pipefail
pgbench=/usr/lib/postgresql/15/bin/pgbench
for arg in "$@"; do
  case "$arg" in -Dbench.pgbench=*) pgbench="${arg#-Dbench.pgbench=}" ;; esac
done
if [ ! -x "$pgbench" ]; then
  echo "pgbench not found at $pgbench: apt-get install postgresql-15 (or postgresql-client-15), or pass -Dbench.pgbench=/path/to/pgbench" >&2
  exit 1
fi
exec "$(dirname "$0")/benchmark.sh" disclosure.DisclosureAppendBenchmark "$@"
