#!/usr/bin/env bash
# Builds the cluster tools the local one-node cluster and the chart tests use, from their Go modules, into
#   ~/.kubeapitest/cluster-tools/   (or $KUBE_API_TEST_DIR/cluster-tools/)
#     coredns  CoreDNS, the local node's cluster DNS (github.com/coredns/coredns)
#     helm     the Helm CLI (helm.sh/helm/v3/cmd/helm)
#     kube-router  the local node's NetworkPolicy controller (github.com/cloudnativelabs/kube-router/v2; only its
#              firewall runs, in the node's network namespace; a test harness tool, never shipped)
# Each only when missing. Without a Go toolchain the script says what is missing and exits 0: the tests that need
# these tools are then skipped with that reason.
set -euo pipefail

COREDNS_VERSION="${KEYWARD_COREDNS_VERSION:-1.15.0}"
HELM_VERSION="${KEYWARD_HELM_VERSION:-3.21.4}"
KUBE_ROUTER_VERSION="${KEYWARD_KUBE_ROUTER_VERSION:-2.1.0}"
TARGET="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/cluster-tools"

missing=()
for b in coredns helm kube-router; do [[ -x "$TARGET/$b" ]] || missing+=("$b"); done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "cluster tools (coredns ${COREDNS_VERSION}, helm ${HELM_VERSION}, kube-router ${KUBE_ROUTER_VERSION}) present in $TARGET"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "Go toolchain not found: ${missing[*]} not built into $TARGET (the tests needing them are skipped)" >&2
  exit 0
fi

echo "building ${missing[*]} into $TARGET"
start=$(date +%s)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$TARGET"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0

# build <name> <module@version> <package> [ldflags]: `go install` into a scratch GOBIN, then moved into place.
build() {
  local name="$1" module="$2" package="$3" ldflags="${4:-}"
  GOBIN="$work/bin" go install -trimpath -ldflags "-s -w $ldflags" "$package@${module#*@}"
  mv "$work/bin/$(basename "$package")" "$TARGET/$name.tmp"
  mv "$TARGET/$name.tmp" "$TARGET/$name"
  echo "built $name (${module}) into $TARGET/$name"
}

[[ -x "$TARGET/coredns" ]] ||
  build coredns "github.com/coredns/coredns@v${COREDNS_VERSION}" github.com/coredns/coredns
[[ -x "$TARGET/helm" ]] ||
  build helm "helm.sh/helm/v3@v${HELM_VERSION}" helm.sh/helm/v3/cmd/helm \
    "-X helm.sh/helm/v3/internal/version.version=v${HELM_VERSION}"
[[ -x "$TARGET/kube-router" ]] ||
  build kube-router "github.com/cloudnativelabs/kube-router/v2@v${KUBE_ROUTER_VERSION}" \
    github.com/cloudnativelabs/kube-router/v2/cmd/kube-router ||
  echo "kube-router not built: NetworkPolicies are not enforced on the local node (that test is skipped)" >&2
echo "cluster tools built in $(( $(date +%s) - start ))s"
