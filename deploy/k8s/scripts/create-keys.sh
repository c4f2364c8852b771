#!/usr/bin/env bash
# Makes the suite's signing and pseudonymisation keys, in the cluster, as the Secrets the services mount, and the
# ConfigMap that pins the checkpoint key for the ledger verifier:
#
#   Secret consent-receipt-signing-key   key receipt-signing-key.pem  EC P-256, PKCS#8 PRIVATE KEY + its PUBLIC KEY
#   Secret disclosure-log-checkpoint-key key checkpoint-key.pem       Ed25519, PKCS#8 PRIVATE KEY + its PUBLIC KEY
#   Secret analytics-pseudonym-keys      key pseudonym-keys           lines <version>:<base64 of 32 random bytes>
#   ConfigMap ledger-verifier-key        key verifier-key             the checkpoint key's C2SP verifier key
#
#   deploy/k8s/scripts/create-keys.sh [NAMESPACE]     (default privacy-ops; KUBECTL names the kubectl to use)
#
# An existing Secret is never replaced: a new key is a rotation, with consequences for what was signed or
# pseudonymised before (deploy/k8s/README.md, "Rotating keys"). The keys exist only in a temporary directory
# (owner-only, removed on exit) and in the cluster. Production may make them this way, or the same formats in its
# own secret manager. Needs openssl (1.1.1 or newer) and kubectl.
set -euo pipefail

namespace="${1:-privacy-ops}"
kubectl="${KUBECTL:-kubectl}"
# The key name the disclosure log signs checkpoints with (DisclosureLogConfig.Ledger.keyName's default).
readonly checkpoint_key_name="onplanetz.jp/privacy-ops/disclosure-log"

umask 077
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

exists() { "$kubectl" -n "$namespace" get "$1" "$2" >/dev/null 2>&1; }

# A key pair file as the services read it (KeyPairFile): the PKCS#8 private key, then its public key.
key_pair_file() {
  local out="$1"; shift
  openssl genpkey "$@" -out "$work/private.pem"
  openssl pkey -in "$work/private.pem" -pubout -out "$work/public.pem"
  cat "$work/private.pem" "$work/public.pem" > "$out"
  rm -f "$work/private.pem" "$work/public.pem"
}

if exists secret consent-receipt-signing-key; then
  echo "consent-receipt-signing-key exists: kept"
else
  key_pair_file "$work/receipt-signing-key.pem" -algorithm EC -pkeyopt ec_paramgen_curve:P-256
  "$kubectl" -n "$namespace" create secret generic consent-receipt-signing-key \
    --from-file=receipt-signing-key.pem="$work/receipt-signing-key.pem"
fi

if exists secret disclosure-log-checkpoint-key; then
  echo "disclosure-log-checkpoint-key exists: kept"
  "$kubectl" -n "$namespace" get secret disclosure-log-checkpoint-key \
    -o 'jsonpath={.data.checkpoint-key\.pem}' | base64 -d > "$work/checkpoint-key.pem"
else
  key_pair_file "$work/checkpoint-key.pem" -algorithm ed25519
  "$kubectl" -n "$namespace" create secret generic disclosure-log-checkpoint-key \
    --from-file=checkpoint-key.pem="$work/checkpoint-key.pem"
fi

if exists secret analytics-pseudonym-keys; then
  echo "analytics-pseudonym-keys exists: kept"
else
  { echo "# version:base64 secret; the highest version is current"
    echo "1:$(openssl rand -base64 32)"; } > "$work/pseudonym-keys"
  "$kubectl" -n "$namespace" create secret generic analytics-pseudonym-keys \
    --from-file=pseudonym-keys="$work/pseudonym-keys"
fi

# The verifier key (CheckpointVerifier.verifierKey): <name>+<key hash>+<base64(0x01 || 32-byte Ed25519 key)>, the key
# hash being the first 4 bytes of SHA-256(name || "\n" || 0x01 || key) in hex. Always recomputed from the key in the
# cluster, so the pin follows the key the service actually signs with.
openssl pkey -in "$work/checkpoint-key.pem" -pubout -outform DER | tail -c 32 > "$work/raw"
{ printf '%s\n\001' "$checkpoint_key_name"; cat "$work/raw"; } > "$work/hashed"
key_hash="$(openssl dgst -sha256 -binary "$work/hashed" | head -c 4 | od -An -tx1 | tr -d ' \n')"
typed_key="$({ printf '\001'; cat "$work/raw"; } | openssl base64 -A)"
verifier_key="$checkpoint_key_name+$key_hash+$typed_key"
"$kubectl" -n "$namespace" create configmap ledger-verifier-key --from-literal=verifier-key="$verifier_key" \
  --dry-run=client -o yaml | "$kubectl" -n "$namespace" apply -f -
echo "checkpoint verifier key: $verifier_key"
echo "(compare it with GET /api/v1/ledger/key once disclosure-log-service runs, and keep a copy outside the cluster)"
