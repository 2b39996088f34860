#!/usr/bin/env bash
# Prepares this machine to run the local one-node cluster (tests tagged "node", `./keyward --local-node`):
#   - installs containerd, runc, the CNI plugins and busybox-static from the distribution when missing (apt, root);
#   - builds two images locally, without a registry, as docker-archive tarballs:
#       keyward.local/busybox:1  a shell with an HTTP client (wget), for test and demo workloads
#       keyward.local/pause:1    the sandbox ("pause") image containerd starts for every pod
#     into ~/.kubeapitest/node-images/ (or $KUBE_API_TEST_DIR/node-images/), only when missing.
# The cluster imports the tarballs with `ctr -n k8s.io images import` each time it starts its containerd, and
# points containerd's sandbox_image at keyward.local/pause:1. kubelet and kube-scheduler come from
# scripts/build-kube-binaries.sh.
set -euo pipefail

IMAGES="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/node-images"
PACKAGES=(containerd runc containernetworking-plugins busybox-static iptables ipset)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "missing packages ${missing[*]}: install them as root with apt-get (Debian/Ubuntu)" >&2
    exit 1
  fi
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
fi

mkdir -p "$IMAGES"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# docker_archive <rootfs dir> <name:tag> <config JSON> <output tarball>
# shellcheck source=lib/images.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/images.sh"

if [[ ! -s "$IMAGES/busybox.tar" ]]; then
  rootfs="$work/busybox"
  mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp"
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [[ "$applet" == busybox ]] || ln -sf busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"$rootfs/etc/group"
  docker_archive "$rootfs" keyward.local/busybox:1 \
    '{"Env":["PATH=/bin"],"Cmd":["/bin/sh"],"WorkingDir":"/"}' "$IMAGES/busybox.tar"
fi

if [[ ! -s "$IMAGES/pause.tar" ]]; then
  rootfs="$work/pause"
  mkdir -p "$rootfs"
  if command -v go >/dev/null 2>&1; then
    # A pause process: sleeps until SIGINT/SIGTERM, reaps orphans (it is PID 1 of the pod's sandbox).
    mkdir -p "$work/pause-src" && cd "$work/pause-src"
    cat >main.go <<'GO'
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCHLD)
	for s := range signals {
		if s != syscall.SIGCHLD {
			os.Exit(0)
		}
		for {
			pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}
GO
    go mod init keyward.dev/pause >/dev/null 2>&1
    CGO_ENABLED=0 GOFLAGS= GOTOOLCHAIN=local go build -trimpath -ldflags "-s -w" -o "$rootfs/pause" .
    cd - >/dev/null
    cmd='["/pause"]'
  else
    # Without Go: busybox sleeping as PID 1 (killed, not stopped, when the pod goes).
    mkdir -p "$rootfs/bin" && cp /bin/busybox "$rootfs/bin/busybox"
    cmd='["/bin/busybox","sleep","2147483647"]'
  fi
  docker_archive "$rootfs" keyward.local/pause:1 "{\"Entrypoint\":$cmd}" "$IMAGES/pause.tar"
fi
echo "local node images in $IMAGES"
