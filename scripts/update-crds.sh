#!/usr/bin/env bash
# Regenerates the CRDs from the Java model and copies them to crds/ and the Helm chart.
# process-classes runs the fabric8 generator, then dev.keyward.build.CrdRootDescriptions, which adds
# each kind's description (from @JsonClassDescription) that the generator drops.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl operator process-classes
for f in operator/target/classes/META-INF/fabric8/*.keyward.dev-v1.yml; do
  name="$(basename "$f" -v1.yml).yaml"
  cp "$f" "crds/$name"
  cp "$f" "helm/keyward/crds/$name"
done
echo "CRDs updated in crds/ and helm/keyward/crds/"
