#!/usr/bin/env bash
# The disclosure log's command-line verifier (disclosure-log-ledger, VerifyLedger): checks every log of the ledger
# straight from PostgreSQL against the signed checkpoints, from the database's table or, for an auditor who does
# not trust the database, from the Kafka topic (and then compares the table with the topic). For example:
#
#   PGPASSWORD=... scripts/verify-disclosure-log.sh \
#     --jdbc-url jdbc:postgresql://127.0.0.1:15432/disclosure_log --user disclosure_log_audit \
#     --key-url http://127.0.0.1:8082/api/v1/ledger/key \
#     --checkpoints kafka --bootstrap-servers 127.0.0.1:9092
#
# Against a cluster that wants TLS and SASL (Strimzi's SCRAM listener), the client settings go in a properties file
# given with --kafka-config (security.protocol, sasl.mechanism, ssl.truststore.*), and the sasl.jaas.config, which
# holds the password, in the environment variable KAFKA_SASL_JAAS_CONFIG, never on the command line (like PGPASSWORD).
#
# Every argument goes to the verifier unchanged; --help lists them. Exit status: 0 every log intact, 1 something
# broken (named in the output), 2 usage or connection error, or a failed build.
#
# Builds the ledger module and the modules it needs first (package, tests skipped; nothing is installed into the
# local Maven repository), then runs it in a JVM of its own. VERIFY_SKIP_BUILD=1 reuses the last build; Maven
# options such as -o (offline) go in MAVEN_ARGS, which Maven reads itself.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly module="$repo_root/disclosure-log-ledger"

if [[ "${VERIFY_SKIP_BUILD:-}" != 1 ]]; then
  # In a subshell: the verifier itself runs where it was called from, so relative paths (--password-file) work.
  if ! (cd "$repo_root" && ./mvnw -B -q -pl disclosure-log-ledger -am package -DskipTests) >&2; then
    echo "verify-disclosure-log: the build failed" >&2
    exit 2
  fi
fi

# The verifier's runnable jar, with its dependencies inside (see disclosure-log-ledger/pom.xml).
jar="$(find "$module/target" -maxdepth 1 -name 'disclosure-log-ledger-*-runner.jar' | head -n 1)"
if [[ -z "$jar" ]]; then
  echo "verify-disclosure-log: the verifier is not built; run without VERIFY_SKIP_BUILD=1" >&2
  exit 2
fi

java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java_cmd" -jar "$jar" "$@"
