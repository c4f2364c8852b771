#!/usr/bin/env bash
# Fault injection (not a test): on the local stack with a durable PostgreSQL, 1,000 recorded uses per phase from a few
# concurrent clients while PostgreSQL is stopped and started again, then while consent-service and then
# disclosure-log-service are killed with SIGKILL and started again. Checks that every use answered PERMIT has exactly
# one event and one record of provision, that every service is ready again on its own, and that the ledger verifies.
# Writes benchmarks/results/fault-injection.{json,md}; exits 1 when a guarantee fails. Settings as -D options, e.g.
# -Dfaults.uses=N, -Dfaults.rate=N (uses/s), -Dfaults.postgres-stop=IMMEDIATE, -Dfaults.postgres-down-seconds=N,
# -Dfaults.phases=KILL_CONSENT (a subset of POSTGRES_RESTART,KILL_CONSENT,KILL_DISCLOSURE_LOG) with
# -Dfaults.results=NAME (writes benchmarks/results/NAME.{json,md} instead).
#
# FAULTS_SKIP_BUILD=1 (or BENCH_SKIP_BUILD=1) reuses the last build; Maven options such as -o go in MAVEN_ARGS.
BENCH_SKIP_BUILD="${BENCH_SKIP_BUILD:-${FAULTS_SKIP_BUILD:-}}" exec "$(dirname "$0")/benchmark.sh" faults.FaultInjection "$@"
