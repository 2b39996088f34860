#!/usr/bin/env bash
# Builds the Kubernetes test binaries that kube-api-test expects (etcd, kube-apiserver, kubectl) plus
# kube-controller-manager, and kubelet, kube-scheduler and kube-proxy for the local one-node cluster (see
# scripts/setup-local-node.sh), from Kubernetes' own Go modules, and caches them in
#   ~/.kubeapitest/k8s/<version>-linux-amd64/
# Nothing is built when the binaries are already there. Without a Go toolchain the script does nothing and
# kube-api-test downloads the official binaries itself (which needs internet access).
set -euo pipefail

KUBE_VERSION="${KEYWARD_KUBE_VERSION:-1.34.4}"
ETCD_VERSION="${KEYWARD_ETCD_VERSION:-3.6.5}"
ARCH="$(go env GOARCH 2>/dev/null || echo amd64)"
TARGET="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/${KUBE_VERSION}-linux-${ARCH}"
BINARIES=(etcd kube-apiserver kubectl kube-controller-manager kube-scheduler kubelet kube-proxy)

missing=()
for b in "${BINARIES[@]}"; do [[ -x "$TARGET/$b" ]] || missing+=("$b"); done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "kube binaries ${KUBE_VERSION} present in $TARGET"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "Go toolchain not found: kube-api-test will download Kubernetes ${KUBE_VERSION} itself" >&2
  exit 0
fi

echo "building ${missing[*]} for Kubernetes ${KUBE_VERSION} (etcd ${ETCD_VERSION}) into $TARGET"
start=$(date +%s)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$TARGET"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0

build_kubernetes() {
  local dir="$work/kubernetes"
  mkdir -p "$dir" && cd "$dir"
  go mod init keyward.dev/kubebuild >/dev/null 2>&1
  # k8s.io/kubernetes refers to its staging modules as ./staging/src/...; pin each to its published release.
  local gomod
  gomod="$(go mod download -json "k8s.io/kubernetes@v${KUBE_VERSION}" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')"
  {
    echo "require k8s.io/kubernetes v${KUBE_VERSION}"
    echo "replace ("
    sed -n 's#^\s*\(k8s.io/[a-z0-9._/-]*\) => ./staging/src/.*#\t\1 => \1 v0.'"${KUBE_VERSION#1.}"'#p' "$gomod"
    echo ")"
  } >>go.mod
  cat >tools.go <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
	_ "k8s.io/kubernetes/cmd/kubelet"
	_ "k8s.io/kubernetes/cmd/kube-proxy"
)
GO
  go mod tidy -e >/dev/null 2>&1 || true
  for b in kube-apiserver kube-controller-manager kubectl kube-scheduler kubelet kube-proxy; do
    if [[ ! -x "$TARGET/$b" ]]; then
      go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v${KUBE_VERSION} -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${KUBE_VERSION#1.}" \
        -o "$TARGET/$b.tmp" "k8s.io/kubernetes/cmd/$b"
      mv "$TARGET/$b.tmp" "$TARGET/$b"
      echo "built $b"
    fi
  done
}

build_etcd() {
  local dir="$work/etcd"
  mkdir -p "$dir" && cd "$dir"
  go mod init keyward.dev/etcdbuild >/dev/null 2>&1
  cat >main.go <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  go get "go.etcd.io/etcd/server/v3@v${ETCD_VERSION}" >/dev/null
  go mod tidy >/dev/null
  go build -trimpath -ldflags "-s -w" -o "$TARGET/etcd.tmp" .
  mv "$TARGET/etcd.tmp" "$TARGET/etcd"
  echo "built etcd"
}

[[ -x "$TARGET/etcd" ]] || (build_etcd)
(build_kubernetes)
echo "kube binaries built in $(( $(date +%s) - start ))s"
