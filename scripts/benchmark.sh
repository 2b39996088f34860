#!/usr/bin/env bash
# Runs Keyward's benchmarks (separate from the test suite) on a local Kubernetes API server and
# writes the figures to docs/benchmarks/results.md:
#   1. reconcile throughput of the operator process against the write floor, sent from a Go
#      client-go program (bench/floor, which also creates the operator's tokens in every run) and
#      from fabric8; the Go floor and the operator each run three times, the ratio is of medians,
#   2. /auth throughput and latency under wrk against a constant-response server, and latency
#      at half the measured maximum,
#   3. operator live heap and RSS (with the chart's JVM settings), with and without unrelated Secrets,
#   4. access tokens per second over HTTP (/oauth/token) and the in-process JWT issue rate,
#   5. a restart with every token Active: time to ready, writes (none expected), and a verifier
#      replica answering throughout.
# Sizes and load shape come from the environment (defaults: the full benchmark):
#   KEYWARD_BENCH_TOKENS=1000           tokens in the reconcile and write-floor runs
#   KEYWARD_BENCH_WARMUP_TOKENS=500     untimed tokens before each of those runs (JIT warm-up)
#   KEYWARD_BENCH_INDEXED=10000         Active tokens indexed for the verify load and heap figures
#   KEYWARD_BENCH_UNRELATED_SECRETS=10000
#   KEYWARD_BENCH_WRITE_CONCURRENCY=50  client threads (the operator's reconcile threads)
#   KEYWARD_BENCH_WRK_THREADS=2  KEYWARD_BENCH_WRK_CONNECTIONS=64
#   KEYWARD_BENCH_WARMUP_SECONDS=10  KEYWARD_BENCH_LOAD_SECONDS=30  KEYWARD_BENCH_SETTLE_SECONDS=10
#   KEYWARD_BENCH_RESTART_SETTLE_SECONDS=30  how long writes are counted after the restarted
#                                       operator is ready
#   KEYWARD_BENCH_LARGE=100000          opt-in: then scale to this many tokens (not in the default run)
#   KEYWARD_BENCH_LARGE_MEMORY_MIB=2048 the operator's memory limit for the large run (it is
#                                       restarted with it first; the chart's limit fits ~10,000)
#   KEYWARD_BENCH_OPERATOR_JVM="..."   JVM options instead of the chart's jvmOptions (experiments)
#   KEYWARD_BENCH_PROFILE=DIR           profile the reconcile, /auth and exchange runs with JFR into DIR
#                                       (the recorder slows the operator: profile in a run of its own)
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
# The Go write floor, built with the Go toolchain that builds the Kubernetes binaries (skipped without).
if command -v go >/dev/null 2>&1; then
  (cd bench/floor && GOTOOLCHAIN=local go build -trimpath -o ../../operator/target/keyward-floor .) >&2
fi
KEYWARD_KUBE_VERSION="${KEYWARD_KUBE_VERSION:-1.34.4}" bash scripts/build-kube-binaries.sh >&2

exec java -Dkeyward.kube.version="${KEYWARD_KUBE_VERSION:-1.34.4}" \
  -cp "operator/target/test-classes:operator/target/classes:operator/target/lib/*" \
  dev.keyward.bench.Benchmark
