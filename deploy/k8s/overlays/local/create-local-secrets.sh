#!/usr/bin/env bash
# What the local overlay needs in the cluster besides its generated passwords, made once before
# `kubectl apply -k deploy/k8s/overlays/local` (and kept on later runs):
#   - the keys and the ledger verifier's pinned key (../../scripts/create-keys.sh);
#   - Keycloak's TLS certificate (Secret keycloak-tls), issued by a throw-away local CA whose certificate the
#     services trust (ConfigMap keycloak-ca, key ca.crt).
# Nothing is written outside a temporary directory: no key ever lands in the working tree.
#
#   deploy/k8s/overlays/local/create-local-secrets.sh      (KUBECTL names the kubectl to use)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly namespace=privacy-ops
kubectl="${KUBECTL:-kubectl}"

"$kubectl" get namespace "$namespace" >/dev/null 2>&1 || "$kubectl" apply -f "$here/../../base/namespace.yaml"
KUBECTL="$kubectl" "$here/../../scripts/create-keys.sh" "$namespace"

if "$kubectl" -n "$namespace" get secret keycloak-tls >/dev/null 2>&1; then
  echo "keycloak-tls exists: kept"
  exit 0
fi
umask 077
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 -subj "/CN=privacy-ops local CA" \
  -keyout "$work/ca.key" -out "$work/ca.crt"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=keycloak-service.$namespace.svc" \
  -keyout "$work/tls.key" -out "$work/tls.csr"
# The names the services and a port-forward use.
printf 'subjectAltName=DNS:keycloak-service,DNS:keycloak-service.%s,DNS:keycloak-service.%s.svc,DNS:keycloak-service.%s.svc.cluster.local,DNS:localhost\n' \
  "$namespace" "$namespace" "$namespace" > "$work/san.ext"
openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -days 825 \
  -extfile "$work/san.ext" -out "$work/tls.crt"
"$kubectl" -n "$namespace" create secret tls keycloak-tls --cert="$work/tls.crt" --key="$work/tls.key"
"$kubectl" -n "$namespace" create configmap keycloak-ca --from-file=ca.crt="$work/ca.crt" \
  --dry-run=client -o yaml | "$kubectl" -n "$namespace" apply -f -
