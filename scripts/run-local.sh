#!/usr/bin/env bash
# Command A: build the suite and run all of it locally (PostgreSQL, Kafka, token issuer, four services)
# until Ctrl-C. Needs only a JDK 17: Maven comes with ./mvnw, PostgreSQL and Kafka from Maven Central.
# --infrastructure-only: PostgreSQL, Kafka and the token issuer alone, for one service run in dev mode
# (./mvnw -pl <service> quarkus:dev; each service's README says how).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests install
exec ./mvnw -B -q -pl platform/local-stack exec:java \
  -Dexec.mainClass=jp.onplanetz.privacy.localstack.LocalStackMain -Dexec.cleanupDaemonThreads=false \
  -Dexec.args="$*"
