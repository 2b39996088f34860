#!/usr/bin/env bash
# Measures the kubelet's Secret-volume propagation on the local node and writes
# docs/benchmarks/secret-propagation.md. Needs root and what scripts/setup-local-node.sh installs.
# KEYWARD_BENCH_ROTATIONS (default 6) rotations, each 20-80 s apart: a run takes about 6-10 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-local-node.sh >&2
KEYWARD_KUBE_VERSION="${KEYWARD_KUBE_VERSION:-1.34.4}" bash scripts/build-kube-binaries.sh >&2
./mvnw -B -q -pl operator package -DskipTests >&2
exec java -Dkeyward.kube.version="${KEYWARD_KUBE_VERSION:-1.34.4}" -Dkeyward.repo.root=. \
  -cp "operator/target/test-classes:operator/target/classes:operator/target/lib/*" \
  dev.keyward.bench.SecretPropagation
