#!/usr/bin/env bash
# Runs a real Keycloak with the privacy-ops realm, for trying the suite against the real thing instead of the
# in-process LocalOidcIssuer. Optional: tests and the usual local run do not need it.
#
# The first run fetches the Keycloak distribution (about 172 MB) from Maven Central through the Maven wrapper, so
# no other download tool or registry is involved; later runs reuse .local/ (git-ignored).
#
#   scripts/keycloak.sh                    # http://127.0.0.1:8180/realms/privacy-ops
#   KEYCLOAK_PORT=9090 scripts/keycloak.sh
#
# Admin console: admin/admin. start-dev keeps its data under .local/keycloak-<version>/data; the realm is imported
# only if it does not exist yet there, so delete data/h2 to start from the JSON again after editing it.
set -euo pipefail

readonly KEYCLOAK_VERSION=26.7.3

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

readonly local_dir="$repo_root/.local"
readonly keycloak_home="$local_dir/keycloak-$KEYCLOAK_VERSION"
readonly distribution_zip="$local_dir/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
readonly realm_json="$repo_root/deploy/keycloak/privacy-ops-realm.json"

if [[ ! -f "$realm_json" ]]; then
  echo "keycloak.sh: realm file not found: $realm_json" >&2
  exit 1
fi

# Keycloak 26 is built for Java 21; older JVMs fail at start with a class version error, so say it plainly first.
java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
java_major="$("$java_cmd" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' || true)"
if [[ -n "$java_major" && "$java_major" =~ ^[0-9]+$ && "$java_major" -lt 21 ]]; then
  echo "keycloak.sh: warning: Java $java_major found; Keycloak $KEYCLOAK_VERSION expects Java 21 or newer" >&2
fi

mkdir -p "$local_dir"

if [[ ! -x "$keycloak_home/bin/kc.sh" ]]; then
  if [[ ! -f "$distribution_zip" ]]; then
    echo "keycloak.sh: fetching org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION (about 172 MB) ..." >&2
    # -N: run on the root pom only; in the reactor the goal would run once per module.
    ./mvnw -q -N dependency:copy \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
      -DoutputDirectory="$local_dir"
  fi
  # Unpack beside the target and move it in place at the end, so an interrupted unzip never leaves a directory
  # that a later run would take for a complete installation.
  staging="$(mktemp -d "$local_dir/.keycloak-unpack.XXXXXX")"
  trap 'rm -rf "$staging"' EXIT
  unzip -q "$distribution_zip" -d "$staging"
  if [[ ! -x "$staging/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" ]]; then
    echo "keycloak.sh: unexpected layout in $distribution_zip (no keycloak-$KEYCLOAK_VERSION/bin/kc.sh)" >&2
    exit 1
  fi
  rm -rf "$keycloak_home"
  mv "$staging/keycloak-$KEYCLOAK_VERSION" "$keycloak_home"
  rm -rf "$staging"
  trap - EXIT
fi

mkdir -p "$keycloak_home/data/import"
cp "$realm_json" "$keycloak_home/data/import/"

export KC_BOOTSTRAP_ADMIN_USERNAME=admin
export KC_BOOTSTRAP_ADMIN_PASSWORD=admin

exec "$keycloak_home/bin/kc.sh" start-dev --http-port="${KEYCLOAK_PORT:-8180}" --import-realm
