#!/usr/bin/env bash
# Runs Keyward's benchmarks (separate from the test suite) on a local Kubernetes API server and
# writes the figures to docs/benchmarks/results.md:
#   1. reconcile throughput of the operator process against the bare-client write floor,
#   2. /auth throughput and latency under wrk against a constant-response server,
#   3. operator heap after a full GC, with and without unrelated Secrets,
#   4. JWT issue rate.
# Sizes and load shape come from the environment (defaults: the full benchmark):
#   KEYWARD_BENCH_TOKENS=1000           tokens in the reconcile and write-floor runs
#   KEYWARD_BENCH_INDEXED=10000         Active tokens indexed for the verify load and heap figures
#   KEYWARD_BENCH_UNRELATED_SECRETS=10000
#   KEYWARD_BENCH_WRITE_CONCURRENCY=50  client threads (the operator's reconcile threads)
#   KEYWARD_BENCH_WRK_THREADS=2  KEYWARD_BENCH_WRK_CONNECTIONS=64
#   KEYWARD_BENCH_WARMUP_SECONDS=10  KEYWARD_BENCH_LOAD_SECONDS=30  KEYWARD_BENCH_SETTLE_SECONDS=10
#   KEYWARD_BENCH_OUTPUT=docs/benchmarks/results.md (results-reduced.md when any size is reduced)
# The machine should be otherwise idle: the API server, the operator and wrk share its cores.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk" >&2
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y wrk >&2
  else
    sudo apt-get install -y wrk >&2
  fi
fi

./mvnw -B -q package -DskipTests >&2
KEYWARD_KUBE_VERSION="${KEYWARD_KUBE_VERSION:-1.34.4}" bash scripts/build-kube-binaries.sh >&2

exec java -Dkeyward.kube.version="${KEYWARD_KUBE_VERSION:-1.34.4}" \
  -cp "operator/target/test-classes:operator/target/classes:operator/target/lib/*" \
  dev.keyward.bench.Benchmark
